//! Long-polling transport: each POST carries a JSON array; a /meta/connect is held until
//! messages arrive or the advised timeout passes, and its reply carries the queued messages.

use super::server::{JsonArray, TRANSPORT_LONG_POLLING};
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
    let messages = match super::server::parse_batch(&text) {
        Ok(m) if !m.is_empty() => m,
        Ok(_) => return bad_request("empty Bayeux batch: send a JSON array of messages"),
        Err(e) => return bad_request(&format!("not a Bayeux message batch: {e}")),
    };
    let hub = &app.hub;
    let processed = hub.process(agent.index, messages, TRANSPORT_LONG_POLLING);
    let replies = processed.replies;
    let mut body = JsonArray::default();
    match processed.connect {
        Some((at, request, client)) => {
            // Replies before the connect, the delivered messages and the connect reply, the rest.
            body.extend(&replies[..at]);
            hub.hold_connect(&request, client, &mut body).await;
            body.extend(&replies[at..]);
        }
        None => body.extend(&replies),
    }
    crate::error::json_response(StatusCode::OK, body.finish())
}

fn bad_request(message: &str) -> Response {
    let body = serde_json::json!([{"channel": "/meta/unknown", "successful": false, "error": format!("400::{message}")}]);
    crate::error::json_response(StatusCode::BAD_REQUEST, body.to_string())
}
