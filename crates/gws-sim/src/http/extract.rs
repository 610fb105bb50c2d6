//! Extractors whose rejections are GWS answers (axum's `customize-extractor-error` pattern):
//! a request the simulator refuses gets `{"statusCode":N,"statusMessage":"..."}` with a 4xx
//! status and `Content-Type: application/json`, never axum's plain-text rejection.

use crate::error::GwsError;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// `axum::extract::Path` with a GWS rejection: a segment that is not UTF-8 once
/// percent-decoded (e.g. `/api/v2/devices/%ff%fe`) is HTTP 400, statusCode 10.
#[derive(Debug, Clone)]
pub struct GwsPath<T>(pub T);

impl<T, S> FromRequestParts<S> for GwsPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = GwsError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(GwsPath(v)),
            Err(e) => Err(path_error(&e)),
        }
    }
}

pub fn path_error(e: &PathRejection) -> GwsError {
    use axum::extract::path::ErrorKind;
    let message = match e {
        PathRejection::FailedToDeserializePathParams(d) => match d.kind() {
            ErrorKind::InvalidUtf8InPathParam { key } => format!(
                "Invalid URL: the '{key}' path segment is not valid UTF-8 once percent-decoded"
            ),
            kind => format!("Invalid URL: {kind}"),
        },
        other => format!("Invalid URL: {}", other.body_text()),
    };
    GwsError::validation(message)
}

/// `axum::extract::Query` with a GWS rejection (HTTP 400, statusCode 10).
#[derive(Debug, Clone)]
pub struct GwsQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for GwsQuery<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = GwsError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(GwsQuery(v)),
            Err(e) => Err(query_error(&e)),
        }
    }
}

pub fn query_error(e: &QueryRejection) -> GwsError {
    GwsError::validation(format!("Invalid query string: {}", e.body_text()))
}

/// The raw request body with a GWS rejection: over the limit is HTTP 413, a body that cannot
/// be read is HTTP 400, both statusCode 10.
#[derive(Debug, Clone)]
pub struct GwsBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for GwsBytes {
    type Rejection = GwsError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Bytes::from_request(req, state).await {
            Ok(b) => Ok(GwsBytes(b)),
            Err(e) => Err(bytes_error(&e)),
        }
    }
}

pub fn bytes_error(e: &BytesRejection) -> GwsError {
    match e {
        BytesRejection::FailedToBufferBody(
            axum::extract::rejection::FailedToBufferBody::LengthLimitError(_),
        ) => GwsError::validation(format!("Request body is too large: {}", e.body_text()))
            .with_http(axum::http::StatusCode::PAYLOAD_TOO_LARGE.as_u16()),
        other => GwsError::validation(format!(
            "The request body could not be read: {}",
            other.body_text()
        )),
    }
}

/// Maps an error from reading a body with a length limit (`axum::body::to_bytes`).
pub fn body_read_error(e: &axum::Error, limit: usize) -> GwsError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.is::<http_body_util::LengthLimitError>() {
            return GwsError::too_large(limit);
        }
        source = err.source();
    }
    GwsError::validation(format!("The request body could not be read: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    #[tokio::test]
    async fn a_body_over_the_limit_is_a_413_and_a_broken_one_a_400() {
        let err = axum::body::to_bytes(Body::from(vec![b'x'; 100]), 10)
            .await
            .unwrap_err();
        let e = body_read_error(&err, 10);
        assert_eq!((e.code, e.http), (10, Some(413)));
        assert!(e.message.contains("10-byte limit"), "{}", e.message);
        let e = body_read_error(&axum::Error::new(std::io::Error::other("reset")), 10);
        assert_eq!((e.code, e.http), (10, None));
    }
}
