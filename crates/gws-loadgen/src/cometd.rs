//! One agent's CometD session (handshake, subscribe to its calls channel, connect loop) over
//! WebSocket or long-polling. Every data message is counted in [`Stats`] and its call id/state
//! handed to the agent's call driver.

use crate::stats::{Stats, now_us};
use crate::target::{AgentLogin, Target};
use bayeux::{
    META_CONNECT, META_DISCONNECT, META_HANDSHAKE, META_SUBSCRIBE, Message, Subscription,
};
use futures_util::{SinkExt, StreamExt};
use reqwest::header::{CONTENT_TYPE, COOKIE};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// A call notification as the driver needs it.
#[derive(Debug, Clone)]
pub struct CallEvent {
    pub call_id: String,
    pub state: String,
    pub data: Value,
}

pub struct Session {
    pub target: Target,
    pub login: AgentLogin,
    pub stats: Arc<Stats>,
    pub events: mpsc::UnboundedSender<CallEvent>,
    /// Fired once: Ok when subscribed and the first connect is answered.
    pub ready: Option<oneshot::Sender<Result<(), String>>>,
    pub stop: watch::Receiver<bool>,
    /// Keep whole `data` objects (for template capture; costs CPU).
    pub full_data: bool,
}

fn handshake(transport: &str) -> Message {
    let mut m = Message::new(META_HANDSHAKE);
    m.version = Some(bayeux::BAYEUX_VERSION.to_string());
    m.supported_connection_types = Some(vec![transport.to_string()]);
    m
}

fn connect(client_id: &str, transport: &str, first: bool) -> Message {
    let mut m = Message::new(META_CONNECT);
    m.client_id = Some(client_id.to_string());
    m.connection_type = Some(transport.to_string());
    if first {
        // CometD's convention: the first connect returns at once.
        m.advice = Some(bayeux::Advice {
            timeout: Some(0),
            ..bayeux::Advice::default()
        });
    }
    m
}

fn subscribe(client_id: &str, channel: &str) -> Message {
    let mut m = Message::new(META_SUBSCRIBE);
    m.client_id = Some(client_id.to_string());
    m.subscription = Some(Subscription::One(channel.to_string()));
    m
}

fn disconnect(client_id: &str) -> Message {
    let mut m = Message::new(META_DISCONNECT);
    m.client_id = Some(client_id.to_string());
    m
}

/// Fields of a GWS CallStateChangeMessage the load generator reads.
fn call_fields(data: &Value) -> (Option<&str>, Option<&str>, Option<i64>) {
    let call = data.get("call");
    let id = call.and_then(|c| c.get("id")).and_then(Value::as_str);
    let state = call.and_then(|c| c.get("state")).and_then(Value::as_str);
    let ts = data
        .pointer("/metrics/eventProcessing/serverGenerationTimestamp")
        .and_then(Value::as_i64);
    (id, state, ts)
}

/// The few fields the load generator reads from an incoming message. Parsing into these
/// instead of full messages keeps the load generator's CPU low (it shares the machine with the
/// server under test); the full parse is only used to capture templates.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lite {
    channel: String,
    client_id: Option<String>,
    successful: Option<bool>,
    error: Option<String>,
    data: Option<LiteData>,
}

#[derive(Deserialize)]
struct LiteData {
    call: Option<LiteCall>,
    metrics: Option<LiteMetrics>,
}

#[derive(Deserialize)]
struct LiteCall {
    id: Option<String>,
    state: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LiteMetrics {
    event_processing: Option<LiteEventProcessing>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LiteEventProcessing {
    server_generation_timestamp: Option<i64>,
}

/// A frame or LP body as messages; `full` keeps every field of `data` (template capture).
fn parse_frame(text: &str, full: bool) -> Result<Vec<Message>, String> {
    if full {
        return bayeux::parse_batch(text).map_err(|e| e.to_string());
    }
    let lites: Vec<Lite> = if text.trim_start().starts_with('[') {
        serde_json::from_str(text).map_err(|e| e.to_string())?
    } else {
        vec![serde_json::from_str(text).map_err(|e| e.to_string())?]
    };
    Ok(lites
        .into_iter()
        .map(|l| {
            let mut m = Message::new(l.channel);
            m.client_id = l.client_id;
            m.successful = l.successful;
            m.error = l.error;
            m.data = l.data.map(|d| {
                let (id, state) = d.call.map(|c| (c.id, c.state)).unwrap_or((None, None));
                let ts = d.metrics.and_then(|m| m.event_processing).and_then(|e| e.server_generation_timestamp);
                json!({"call": {"id": id, "state": state}, "metrics": {"eventProcessing": {"serverGenerationTimestamp": ts}}})
            });
            m
        })
        .collect())
}

/// What the session should do after a batch.
enum Next {
    Continue,
    /// The connect was answered: send the next one.
    Reconnect,
    Fail(String),
}

impl Session {
    fn signal_ready(&mut self, result: Result<(), String>) {
        if let Some(tx) = self.ready.take() {
            let _ = tx.send(result);
        }
    }

    /// `bytes` is the frame/body length; each data message is credited its share of it
    /// (re-serialising every message to measure it would cost the load generator CPU).
    fn on_batch(
        &mut self,
        batch: Vec<Message>,
        bytes: usize,
        received_us: u64,
        subscribed: &mut bool,
        connected: &mut bool,
    ) -> Next {
        let mut next = Next::Continue;
        let share = bytes / batch.len().max(1);
        for m in batch {
            match m.channel.as_str() {
                META_SUBSCRIBE => {
                    if m.successful != Some(true) {
                        return Next::Fail(format!(
                            "agent {}: subscribe refused: {:?}",
                            self.login.index, m.error
                        ));
                    }
                    *subscribed = true;
                }
                META_CONNECT => {
                    if m.successful != Some(true) {
                        return Next::Fail(format!(
                            "agent {}: connect refused: {:?}",
                            self.login.index, m.error
                        ));
                    }
                    *connected = true;
                    next = Next::Reconnect;
                }
                META_DISCONNECT | META_HANDSHAKE => {}
                c if c.starts_with("/meta/") => {
                    if m.successful == Some(false) {
                        return Next::Fail(format!(
                            "agent {}: {c} failed: {:?}",
                            self.login.index, m.error
                        ));
                    }
                }
                _ => {
                    let Some(data) = m.data else { continue };
                    let (id, state, ts) = call_fields(&data);
                    self.stats.delivered(share, ts, received_us);
                    if let (Some(id), Some(state)) = (id, state) {
                        let (call_id, state) = (id.to_string(), state.to_string());
                        let _ = self.events.send(CallEvent {
                            call_id,
                            state,
                            data,
                        });
                    }
                }
            }
        }
        if *subscribed && *connected {
            self.signal_ready(Ok(()));
        }
        next
    }

    fn fail(&mut self, message: String) {
        if self.ready.is_some() {
            self.signal_ready(Err(message));
        } else if !*self.stop.borrow() {
            self.stats.error(message);
        }
    }

    // ------------------------------------------------------------------ WebSocket

    pub async fn run_websocket(mut self) {
        if let Err(e) = self.websocket().await {
            self.fail(e);
        }
    }

    async fn websocket(&mut self) -> Result<(), String> {
        let agent = self.login.index;
        let mut request = self
            .target
            .cometd_ws_url()
            .into_client_request()
            .map_err(|e| e.to_string())?;
        if let Some(c) = &self.login.cookie {
            request
                .headers_mut()
                .insert("Cookie", c.parse().map_err(|_| "bad cookie".to_string())?);
        }
        let (mut ws, _) = tokio_tungstenite::connect_async(request)
            .await
            .map_err(|e| {
                format!(
                    "agent {agent}: WebSocket connect failed: {}",
                    crate::target::chain(&e)
                )
            })?;
        let send = |msgs: &[Message]| WsMessage::Text(bayeux::to_batch_json(msgs).into());
        ws.send(send(&[handshake("websocket")]))
            .await
            .map_err(|e| format!("agent {agent}: send: {e}"))?;
        let mut client_id: Option<String> = None;
        let (mut subscribed, mut connected) = (false, false);
        let mut stop = self.stop.clone();
        loop {
            let frame = tokio::select! {
                f = ws.next() => f,
                _ = stop.changed() => {
                    if let Some(id) = &client_id {
                        let _ = ws.send(send(&[disconnect(id)])).await;
                    }
                    let _ = ws.close(None).await;
                    return Ok(());
                }
            };
            let received_us = now_us();
            let text = match frame {
                Some(Ok(WsMessage::Text(t))) => t.to_string(),
                Some(Ok(WsMessage::Binary(b))) => String::from_utf8_lossy(&b).into_owned(),
                Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_) | WsMessage::Frame(_))) => continue,
                Some(Ok(WsMessage::Close(_))) | None => {
                    return Err(format!("agent {agent}: server closed the WebSocket"));
                }
                Some(Err(e)) => return Err(format!("agent {agent}: WebSocket error: {e}")),
            };
            let bytes = text.len();
            let batch = parse_frame(&text, self.full_data)
                .map_err(|e| format!("agent {agent}: bad frame: {e}"))?;
            if client_id.is_none() {
                let hs = batch.iter().find(|m| m.channel == META_HANDSHAKE);
                if let Some(hs) = hs {
                    let id = hs
                        .client_id
                        .clone()
                        .filter(|_| hs.successful == Some(true))
                        .ok_or_else(|| {
                            format!("agent {agent}: handshake refused: {:?}", hs.error)
                        })?;
                    let channel = self.target.channel(agent);
                    ws.send(send(&[
                        subscribe(&id, &channel),
                        connect(&id, "websocket", true),
                    ]))
                    .await
                    .map_err(|e| format!("agent {agent}: send: {e}"))?;
                    client_id = Some(id);
                }
            }
            match self.on_batch(batch, bytes, received_us, &mut subscribed, &mut connected) {
                Next::Continue => {}
                Next::Fail(e) => return Err(e),
                Next::Reconnect => {
                    if let Some(id) = &client_id {
                        ws.send(send(&[connect(id, "websocket", false)]))
                            .await
                            .map_err(|e| format!("agent {agent}: send: {e}"))?;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ long-polling

    pub async fn run_long_polling(mut self) {
        if let Err(e) = self.long_polling().await {
            self.fail(e);
        }
    }

    async fn post(
        &self,
        suffix: &str,
        messages: &[Message],
    ) -> Result<(Vec<Message>, usize, u64), String> {
        let agent = self.login.index;
        let mut req = self
            .target
            .http()
            .post(format!("{}{suffix}", self.target.cometd_url()))
            .header(CONTENT_TYPE, "application/json;charset=UTF-8")
            .body(bayeux::to_batch_json(messages));
        if let Some(c) = &self.login.cookie {
            req = req.header(COOKIE, c);
        }
        let reply = req
            .send()
            .await
            .map_err(|e| format!("agent {agent}: POST {suffix}: {}", crate::target::chain(&e)))?;
        let status = reply.status();
        let text = reply
            .text()
            .await
            .map_err(|e| format!("agent {agent}: POST {suffix} body: {e}"))?;
        let received_us = now_us();
        if !status.is_success() {
            return Err(format!(
                "agent {agent}: POST {suffix} answered {status}: {text}"
            ));
        }
        let batch = parse_frame(&text, self.full_data)
            .map_err(|e| format!("agent {agent}: bad LP body: {e}"))?;
        Ok((batch, text.len(), received_us))
    }

    async fn long_polling(&mut self) -> Result<(), String> {
        let agent = self.login.index;
        const LP: &str = "long-polling";
        let (batch, _, _) = self.post("/handshake", &[handshake(LP)]).await?;
        let hs = batch
            .iter()
            .find(|m| m.channel == META_HANDSHAKE)
            .ok_or_else(|| format!("agent {agent}: no handshake reply"))?;
        let id = hs
            .client_id
            .clone()
            .filter(|_| hs.successful == Some(true))
            .ok_or_else(|| format!("agent {agent}: handshake refused: {:?}", hs.error))?;
        let (mut subscribed, mut connected) = (false, false);
        let channel = self.target.channel(agent);
        let (batch, bytes, t) = self.post("", &[subscribe(&id, &channel)]).await?;
        if let Next::Fail(e) = self.on_batch(batch, bytes, t, &mut subscribed, &mut connected) {
            return Err(e);
        }
        let mut first = true;
        let mut stop = self.stop.clone();
        loop {
            let msg = [connect(&id, LP, first)];
            first = false;
            let result = tokio::select! {
                r = self.post("/connect", &msg) => r,
                _ = stop.changed() => {
                    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), self.post("/disconnect", &[disconnect(&id)])).await;
                    return Ok(());
                }
            };
            let (batch, bytes, t) = result?;
            if let Next::Fail(e) = self.on_batch(batch, bytes, t, &mut subscribed, &mut connected) {
                return Err(e);
            }
        }
    }
}

/// The captured data messages of one call cycle, for Faye to replay the same shapes.
pub fn templates_json(events: &[CallEvent]) -> Value {
    Value::Array(
        events
            .iter()
            .map(|e| json!({"state": e.state, "data": e.data}))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_call_id_state_and_generation_time() {
        let data = json!({"messageType": "CallStateChangeMessage", "call": {"id": "c1", "state": "Dialing"},
                          "metrics": {"eventProcessing": {"serverGenerationTimestamp": 1700000000123i64}}});
        assert_eq!(
            call_fields(&data),
            (Some("c1"), Some("Dialing"), Some(1_700_000_000_123))
        );
        assert_eq!(call_fields(&json!({"x": 1})), (None, None, None));
    }

    #[test]
    fn light_parse_keeps_what_the_driver_reads() {
        let frame = r#"[{"channel":"/meta/connect","successful":true,"clientId":"c","advice":{"timeout":0}},
            {"channel":"/v2/me/calls","data":{"messageType":"CallStateChangeMessage","call":{"id":"k1","state":"Held","participants":[]},
             "metrics":{"eventProcessing":{"serverGenerationTimestamp":42,"nodeProcessingTimeNanos":1}}}}]"#;
        let lite = parse_frame(frame, false).unwrap();
        assert_eq!(lite.len(), 2);
        assert_eq!(lite[0].successful, Some(true));
        assert_eq!(lite[0].client_id.as_deref(), Some("c"));
        assert_eq!(
            call_fields(lite[1].data.as_ref().unwrap()),
            (Some("k1"), Some("Held"), Some(42))
        );
        let full = parse_frame(frame, true).unwrap();
        assert_eq!(
            full[1].data.as_ref().unwrap()["messageType"],
            "CallStateChangeMessage"
        );
        assert!(parse_frame("not json", false).is_err());
    }

    #[test]
    fn first_connect_asks_for_an_immediate_reply() {
        let v = serde_json::to_value(connect("abc", "websocket", true)).unwrap();
        assert_eq!(v["advice"]["timeout"], 0);
        assert_eq!(v["connectionType"], "websocket");
        let v = serde_json::to_value(connect("abc", "websocket", false)).unwrap();
        assert!(v.get("advice").is_none());
    }
}
