//! WebSocket transport on the same endpoint: frames are JSON arrays. Messages are pushed as
//! soon as they are queued; a /meta/connect reply is held until the advised timeout.

use super::server::{JsonArray, TRANSPORT_WEBSOCKET, batch};
use super::session::ClientSession;
use crate::error::GwsError;
use crate::http::auth::AuthedAgent;
use crate::state::AppState;
use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{
    CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade, close_code,
};
use axum::response::{IntoResponse, Response};
use bayeux::Message;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

pub async fn upgrade(
    State(app): State<AppState>,
    agent: AuthedAgent,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    if !app.hub.websocket_enabled.load(Ordering::Relaxed) || app.faults.refuse_websocket() {
        // What a GWS without WebSocket support answers; CometD clients fall back to long-polling.
        return GwsError::validation("WebSocket transport is disabled on this server")
            .into_response();
    }
    let ws = match ws {
        Ok(ws) => ws,
        // A plain GET (or a broken upgrade) on the CometD endpoint: HTTP 4xx, JSON body.
        Err(rejection) => {
            return GwsError::validation(format!(
                "{}: the CometD endpoint takes a WebSocket upgrade (GET) or Bayeux messages \
                 (long-polling POST)",
                rejection.body_text()
            ))
            .with_http(rejection.status().as_u16())
            .into_response();
        }
    };
    // CometD frames are small; tungstenite's 128 KiB default buffers each way would make every
    // connected agent cost ~150 KiB (measured by scripts/bench.sh at 10 000 agents). The read
    // buffer is zeroed before every read attempt, and the socket is polled for a frame each
    // time a delivery wakes its task: 512 bytes (a /meta/connect fits; a larger frame grows
    // it) instead of 4 KiB took that memset from 6 % of the simulator's instructions to noise.
    ws.max_message_size(app.config.timing.max_body_bytes)
        .read_buffer_size(512)
        .write_buffer_size(4 * 1024)
        .on_upgrade(move |socket| run(app, agent.index, socket))
}

struct Held {
    request: Message,
    deadline: tokio::time::Instant,
}

async fn run(app: AppState, agent: usize, mut socket: WebSocket) {
    let hub = app.hub.clone();
    let max_message = app.config.timing.max_body_bytes;
    let mut bound: Option<Arc<ClientSession>> = None;
    let mut held: Option<Held> = None;
    // The held connect's timer, kept across turns and moved only when the connect changes (a
    // timer made each turn was registered and removed again for every delivery).
    let timer = tokio::time::sleep(std::time::Duration::ZERO);
    tokio::pin!(timer);
    let mut timer_at: Option<tokio::time::Instant> = None;
    loop {
        let due = held.as_ref().map(|h| h.deadline);
        if due != timer_at {
            if let Some(at) = due {
                timer.as_mut().reset(at);
            }
            timer_at = due;
        }
        let wake = async {
            match &bound {
                Some(c) => c.wake.notified().await,
                None => std::future::pending().await,
            }
        };
        let mut out: Vec<String> = Vec::new();
        tokio::select! {
            frame = socket.recv() => {
                let frame = match frame {
                    Some(Ok(WsMessage::Text(t))) => t,
                    Some(Ok(WsMessage::Binary(b))) => String::from_utf8_lossy(&b).into_owned().into(),
                    Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_))) => continue,
                    Some(Err(e)) => {
                        // Say why before closing: 1009 for a message over the limit (the
                        // tungstenite capacity error), else 1002.
                        tracing::debug!(error = %e, "WebSocket receive failed; closing");
                        let text = e.to_string();
                        let frame = if text.contains("too long") || text.contains("Space limit") {
                            CloseFrame {
                                code: close_code::SIZE,
                                reason: format!("message over the {max_message}-byte limit").into(),
                            }
                        } else {
                            CloseFrame {
                                code: close_code::PROTOCOL,
                                reason: "unreadable WebSocket message".into(),
                            }
                        };
                        let _ = socket.send(WsMessage::Close(Some(frame))).await;
                        break;
                    }
                    _ => break,
                };
                let messages = match super::server::parse_batch(frame.as_str()) {
                    Ok(m) => m,
                    Err(e) => {
                        let err = serde_json::json!([{"channel": "/meta/unknown", "successful": false, "error": format!("400::not a Bayeux message batch: {e}")}]);
                        if socket.send(WsMessage::Text(err.to_string().into())).await.is_err() { break; }
                        continue;
                    }
                };
                let processed = hub.process(agent, messages, TRANSPORT_WEBSOCKET);
                out = processed.replies;
                // Bind the socket to the client it handshook / connects with.
                if let Some(c) = processed.handshaken {
                    rebind(&mut bound, Some(c));
                }
                if let Some((_, request, client)) = processed.connect {
                    match client {
                        None => out.push(hub.unknown_client_reply(&request)),
                        Some(c) => {
                            if bound.as_ref().is_none_or(|b| b.id != c.id) {
                                rebind(&mut bound, Some(c.clone()));
                            }
                            if let Some(old) = held.take() {
                                out.push(hub.connect_reply(&old.request));
                            }
                            let requested = request.advice.as_ref().and_then(|a| a.timeout).filter(|t| *t >= 0);
                            let wait = requested.map(|t| t as u64).unwrap_or(hub.timeout_ms).min(hub.timeout_ms);
                            held = Some(Held { request, deadline: tokio::time::Instant::now() + std::time::Duration::from_millis(wait) });
                        }
                    }
                }
            }
            _ = wake => {}
            _ = &mut timer, if timer_at.is_some() => {
                if let Some(h) = held.take() {
                    out.push(hub.connect_reply(&h.request));
                }
            }
        }
        if let Some(c) = &bound
            && c.is_closed()
        {
            // Dropped by the admin API, expired, or disconnected as a slow consumer (its queue
            // overflowed): tell a held connect to handshake again, then close.
            if let Some(h) = held.take() {
                out.push(hub.unknown_client_reply(&h.request));
            }
            if !out.is_empty() {
                let _ = socket.send(WsMessage::Text(batch(&out).into())).await;
            }
            let _ = socket.send(WsMessage::Close(None)).await;
            return;
        }
        // One frame: the deliveries (copied once from the shared bytes), then this turn's
        // meta replies.
        let mut frame = JsonArray::default();
        if let Some(c) = &bound {
            frame.drain_from(c);
        }
        frame.extend(&out);
        if !frame.is_empty()
            && socket
                .send(WsMessage::Text(frame.finish().into()))
                .await
                .is_err()
        {
            break;
        }
    }
    rebind(&mut bound, None);
}

/// Attaches the socket to a client (it stays alive while attached) and detaches the old one.
fn rebind(bound: &mut Option<Arc<ClientSession>>, new: Option<Arc<ClientSession>>) {
    if let Some(old) = bound.take() {
        let mut i = old.lock();
        i.busy = i.busy.saturating_sub(1);
        i.last_seen = Instant::now();
    }
    if let Some(c) = &new {
        let mut i = c.lock();
        i.busy += 1;
        i.transport = TRANSPORT_WEBSOCKET;
    }
    *bound = new;
}
