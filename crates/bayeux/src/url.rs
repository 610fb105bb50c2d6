//! URL rules a driver needs (pure string helpers, so they are testable natively).

use crate::message::{META_CONNECT, META_HANDSHAKE, Message};

/// The long-polling POST URL for a batch. Like the CometD JS client
/// (`appendMessageTypeToURL`), a batch whose first message is `/meta/handshake`
/// or `/meta/connect` goes to `<endpoint>/handshake` or `<endpoint>/connect`;
/// everything else goes to the bare endpoint. An endpoint with a query string
/// or fragment is left alone (CometD JS disables the suffix then, too).
pub fn long_polling_url(endpoint: &str, messages: &[Message]) -> String {
    match long_polling_suffix(messages) {
        Some(suffix) if !endpoint.contains(['?', '#']) => {
            format!("{}/{}", endpoint.trim_end_matches('/'), suffix)
        }
        _ => endpoint.to_string(),
    }
}

/// "handshake" / "connect" for the batches that get a URL suffix.
pub fn long_polling_suffix(messages: &[Message]) -> Option<&'static str> {
    match messages.first().map(|m| m.channel.as_str()) {
        Some(META_HANDSHAKE) => Some("handshake"),
        Some(META_CONNECT) => Some("connect"),
        _ => None,
    }
}

/// The WebSocket URL for an http(s) endpoint: same URL, `http`→`ws`,
/// `https`→`wss` (what CometD's WebSocketTransport does). A relative endpoint
/// ("/api/v2/notifications") is returned unchanged: the driver must resolve it
/// against the page origin first.
pub fn websocket_url(endpoint: &str) -> String {
    if let Some(rest) = endpoint.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = endpoint.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        endpoint.to_string()
    }
}
