//! Outermost GWS middleware: bounds the body size, records the request for the admin counters,
//! then applies any injected failure (after counting, so tests can count refused Dials too).

use crate::http::extract::body_read_error;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Limited};

pub async fn observe(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    match observe_body(&app, &parts, body).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(answer) => answer,
    }
}

/// What [`observe`] does before the route runs: the body read within the limit, the request
/// counted, an injected failure applied. `Ok`: the body, to go on with; `Err`: the answer.
pub async fn observe_body<B>(app: &AppState, parts: &Parts, body: B) -> Result<Bytes, Response>
where
    B: axum::body::HttpBody<Data = Bytes>,
    B::Error: Into<axum::BoxError>,
{
    let limit = app.config.timing.max_body_bytes;
    // What `axum::body::to_bytes` does, for any body type.
    let bytes = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => return Err(body_read_error(&axum::Error::new(e), limit).into_response()),
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
        return Err(err.into_response());
    }
    Ok(bytes)
}
