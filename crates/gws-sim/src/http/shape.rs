//! The last lines of defence that keep every answer on the GWS paths in GWS's shape.
//!
//! * [`GwsShape`] rewrites any error the routing layer produced itself (405 for a wrong
//!   method, 413 from the body limit, a plain-text rejection an extractor did not map) into
//!   `{"statusCode":N,"statusMessage":"..."}` with `Content-Type: application/json`, keeping the
//!   status and headers.
//! * [`panic_response`] is what a handler that panics (none should) answers, through the same
//!   [`GwsShape`] service: HTTP 500 + statusCode 4 instead of dropping the connection.

use crate::error::{GwsError, code};
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::any::Any;
use std::convert::Infallible;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};
use tower::Service;

/// Paths answered in GWS's error shape: the GWS API (and its internal API) and the admin API.
pub fn is_gws_path(path: &str) -> bool {
    path == "/api"
        || path.starts_with("/api/")
        || path == "/internal-api"
        || path.starts_with("/internal-api/")
        || path == "/admin/api"
        || path.starts_with("/admin/api/")
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"))
}

/// The GWS error shape and the panic guard around the routes, as one service: a handler
/// that panics (in `call` or while its future is polled) answers [`panic_response`]; any
/// other non-JSON error answer on a GWS path is rewritten in GWS's shape.
#[derive(Clone)]
pub struct GwsShape<S> {
    inner: S,
    limit: usize,
}

impl<S> GwsShape<S> {
    /// `limit`: the body limit named in a 413's message.
    pub fn new(inner: S, limit: usize) -> Self {
        GwsShape { inner, limit }
    }
}

impl<S> Service<Request> for GwsShape<S>
where
    S: Service<Request, Error = Infallible>,
    S::Response: IntoResponse,
    S::Future: Unpin,
{
    type Response = Response;
    type Error = Infallible;
    type Future = ShapeFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        // What an error message names: kept only for GWS paths (cheap clones).
        let gws = is_gws_path(req.uri().path()).then(|| (req.method().clone(), req.uri().clone()));
        let limit = self.limit;
        match catch_unwind(AssertUnwindSafe(|| self.inner.call(req))) {
            Ok(future) => ShapeFuture::Running { future, gws, limit },
            Err(panic) => ShapeFuture::Panicked(Some(panic)),
        }
    }
}

pub enum ShapeFuture<F> {
    Running {
        future: F,
        gws: Option<(Method, Uri)>,
        limit: usize,
    },
    Panicked(Option<Box<dyn Any + Send + 'static>>),
}

impl<F, R> Future for ShapeFuture<F>
where
    F: Future<Output = Result<R, Infallible>> + Unpin,
    R: IntoResponse,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            ShapeFuture::Panicked(panic) => Poll::Ready(Ok(panic_response(
                panic
                    .take()
                    .unwrap_or_else(|| Box::new("polled after completion")),
            ))),
            ShapeFuture::Running { future, gws, limit } => {
                let response =
                    match catch_unwind(AssertUnwindSafe(|| Pin::new(&mut *future).poll(cx))) {
                        Ok(Poll::Pending) => return Poll::Pending,
                        Ok(Poll::Ready(Ok(r))) => r.into_response(),
                        Err(panic) => panic_response(panic),
                    };
                Poll::Ready(Ok(shaped(response, gws.take(), *limit)))
            }
        }
    }
}

/// Rewrites a non-JSON error answer on a GWS path (see the module doc).
fn shaped(response: Response, gws: Option<(Method, Uri)>, limit: usize) -> Response {
    let status = response.status();
    let Some((method, uri)) = gws else {
        return response;
    };
    if !(status.is_client_error() || status.is_server_error()) || is_json(&response) {
        return response;
    }
    let error = error_for(status, &method, uri.path(), limit);
    let (mut parts, _) = response.into_parts();
    let shaped = error.into_response();
    parts.headers.remove(CONTENT_LENGTH);
    for (name, value) in shaped.headers() {
        parts.headers.insert(name.clone(), value.clone());
    }
    let (_, body) = shaped.into_parts();
    Response::from_parts(parts, body)
}

fn error_for(status: StatusCode, method: &Method, path: &str, limit: usize) -> GwsError {
    let error = match status {
        StatusCode::NOT_FOUND => GwsError::not_found(format!("No GWS resource at {method} {path}")),
        // axum adds the `Allow` header after this layer: it still reaches the client.
        StatusCode::METHOD_NOT_ALLOWED => {
            GwsError::validation(format!("Method {method} is not allowed on {path}"))
        }
        StatusCode::PAYLOAD_TOO_LARGE => GwsError::too_large(limit),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            GwsError::validation("Send the request body as Content-Type: application/json")
        }
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => GwsError::access_denied(),
        s if s.is_server_error() => GwsError::new(code::INTERNAL_ERROR, "Internal error"),
        s => GwsError::validation(format!(
            "Bad request ({})",
            s.canonical_reason().unwrap_or("refused")
        )),
    };
    error.with_http(status.as_u16())
}

/// The answer for a panicking handler: HTTP 500, statusCode 4, and a log line. A panic is a
/// simulator bug (the hostile-request test fails on any 5xx); this keeps the connection and the
/// other clients alive meanwhile.
pub fn panic_response(payload: Box<dyn Any + Send + 'static>) -> Response {
    let detail = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(%detail, "request handler panicked");
    GwsError::new(
        code::INTERNAL_ERROR,
        "Internal error in the simulator (a handler panicked; see its log)",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gws_paths() {
        assert!(is_gws_path("/api"));
        assert!(is_gws_path("/api/v2/me"));
        assert!(is_gws_path("/admin/api/state"));
        assert!(is_gws_path("/admin/api"));
        assert!(!is_gws_path("/apiary"));
        assert!(!is_gws_path("/admin"));
        assert!(!is_gws_path("/crm.html"));
    }

    #[test]
    fn a_panic_is_a_gws_internal_error() {
        let r = panic_response(Box::new("boom"));
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(is_json(&r));
    }
}
