//! The last lines of defence that keep every answer on the GWS paths in GWS's shape.
//!
//! * [`gws_shape`] rewrites any error the routing layer produced itself (405 for a wrong
//!   method, 413 from the body limit, a plain-text rejection an extractor did not map) into
//!   `{"statusCode":N,"statusMessage":"..."}` with `Content-Type: application/json`, keeping the
//!   status and headers.
//! * [`panic_response`] is the `CatchPanic` handler: a handler that panics (none should) answers
//!   HTTP 500 + statusCode 4 instead of dropping the connection.

use crate::error::{GwsError, code};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::any::Any;

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

/// Rewrites non-JSON error answers on GWS paths (see the module doc).
pub async fn gws_shape(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let gws = is_gws_path(req.uri().path());
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let response = next.run(req).await;
    let status = response.status();
    if !gws || !(status.is_client_error() || status.is_server_error()) || is_json(&response) {
        return response;
    }
    let limit = app.config.timing.max_body_bytes;
    let error = error_for(status, &method, &path, limit);
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

/// `CatchPanicLayer::custom` handler: HTTP 500, statusCode 4, and a log line. A panic is a
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
