//! Outermost GWS middleware: bounds the body size, records the request for the admin counters,
//! then applies any injected failure (after counting, so tests can count refused Dials too).

use crate::http::extract::body_read_error;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn observe(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let limit = app.config.timing.max_body_bytes;
    let bytes = match axum::body::to_bytes(body, limit).await {
        Ok(b) => b,
        Err(e) => return body_read_error(&e, limit).into_response(),
    };
    let failure = app.faults.take_failure(parts.uri.path());
    // CometD batches are arrays; only operation objects feed the per-operation counters.
    app.faults
        .record_bytes(&parts.method, &parts.uri, &bytes, failure.is_some());
    if let Some((err, delay_ms)) = failure {
        tracing::info!(path = %parts.uri.path(), delay_ms, "injected failure");
        if delay_ms > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(delay_ms)).await;
        }
        return err.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
