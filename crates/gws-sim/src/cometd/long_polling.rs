//! Long-polling transport: each POST carries a JSON array; a /meta/connect is held until
//! messages arrive or the advised timeout passes, and its reply carries the queued messages.

use super::server::{TRANSPORT_LONG_POLLING, batch};
use crate::http::auth::AuthedAgent;
use crate::http::extract::GwsBytes;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

pub async fn handle(
    State(app): State<AppState>,
    agent: AuthedAgent,
    GwsBytes(body): GwsBytes,
) -> Response {
    let text = String::from_utf8_lossy(&body);
    let messages = match bayeux::parse_batch(&text) {
        Ok(m) if !m.is_empty() => m,
        Ok(_) => return bad_request("empty Bayeux batch: send a JSON array of messages"),
        Err(e) => return bad_request(&format!("not a Bayeux message batch: {e}")),
    };
    let hub = &app.hub;
    let processed = hub.process(agent.index, messages, TRANSPORT_LONG_POLLING);
    let mut replies = processed.replies;
    if let Some((at, request, client)) = processed.connect {
        let connect_parts = hub.hold_connect(&request, client).await;
        let tail = replies.split_off(at);
        replies.extend(connect_parts);
        replies.extend(tail);
    }
    crate::error::json_response(StatusCode::OK, batch(&replies))
}

fn bad_request(message: &str) -> Response {
    let body = serde_json::json!([{"channel": "/meta/unknown", "successful": false, "error": format!("400::{message}")}]);
    crate::error::json_response(StatusCode::BAD_REQUEST, body.to_string())
}
