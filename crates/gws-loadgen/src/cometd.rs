//! One agent's CometD session, driven by `bayeux::Client`: the same sans-IO client the widget
//! runs, so every load run also exercises it at scale (and Faye is driven by the same code).
//! This module is only its driver: it opens the WebSocket or posts the long-polling batches,
//! runs the timers, and feeds every event back as an `Input`. Every delivered data message is
//! counted in [`Stats`] and its call id/state handed to the agent's call driver.

use crate::rxstamp::Stamped;
use crate::stats::{Stats, now_us};
use crate::target::{AgentLogin, Target};
use bayeux::{Action, Advice, Client, ClientConfig, ConnectionState, Input, Message, Subscription};
use bayeux::{TimerId, TransportKind};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

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

/// How long the `/meta/disconnect` at the end may take.
const DISCONNECT_GRACE: Duration = Duration::from_secs(2);

/// Milliseconds on a process-wide monotonic clock (the client only uses it for bookkeeping).
fn now_ms() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_millis() as u64
}

/// Fields of a GWS CallStateChangeMessage the load generator reads (from a full `data`, or the
/// `[id, state, timestamp]` the light parse leaves).
fn call_fields(data: &Value) -> (Option<&str>, Option<&str>, Option<i64>) {
    if let Value::Array(lite) = data {
        let at = |i: usize| lite.get(i);
        return (
            at(0).and_then(Value::as_str),
            at(1).and_then(Value::as_str),
            at(2).and_then(Value::as_i64),
        );
    }
    let call = data.get("call");
    let id = call.and_then(|c| c.get("id")).and_then(Value::as_str);
    let state = call.and_then(|c| c.get("state")).and_then(Value::as_str);
    let ts = data
        .pointer("/metrics/eventProcessing/serverGenerationTimestamp")
        .and_then(Value::as_i64);
    (id, state, ts)
}

/// Every field `bayeux::Client` reads from a message, but only the few of `data` the load
/// generator reads. Parsing into this instead of full messages keeps the load generator's CPU
/// low (it shares the machine with the server under test); the full parse
/// (`bayeux::parse_batch`) is only used to capture templates.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lite {
    channel: String,
    #[serde(default)]
    id: Option<Value>,
    client_id: Option<String>,
    successful: Option<bool>,
    error: Option<String>,
    advice: Option<Advice>,
    supported_connection_types: Option<Vec<String>>,
    subscription: Option<Subscription>,
    ext: Option<Value>,
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
            m.id = match l.id {
                Some(Value::String(s)) => Some(s),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            m.client_id = l.client_id;
            m.successful = l.successful;
            m.error = l.error;
            m.advice = l.advice;
            m.supported_connection_types = l.supported_connection_types;
            m.subscription = l.subscription;
            m.ext = l.ext;
            // Only what the driver reads: [call id, call state, serverGenerationTimestamp].
            m.data = l.data.map(|d| {
                let (id, state) = d.call.map(|c| (c.id, c.state)).unwrap_or((None, None));
                let ts = d
                    .metrics
                    .and_then(|m| m.event_processing)
                    .and_then(|e| e.server_generation_timestamp);
                Value::Array(vec![id.into(), state.into(), ts.into()])
            });
            m
        })
        .collect())
}

type Ws = WebSocketStream<Stamped>;

/// The outcome of one long-polling POST, tagged with the transport generation it belongs to.
struct LpReply {
    generation: u64,
    ids: Vec<String>,
    /// Status, body, when this code got it, when its bytes arrived (kernel timestamp).
    outcome: Result<(u16, String, u64, Option<u64>), String>,
}

/// The driver's I/O: the WebSocket, long-polling requests in flight, timers.
struct Io {
    ws: Option<Ws>,
    /// When the bytes of the WebSocket's last read arrived (kernel timestamp, µs).
    ws_arrived_us: Arc<AtomicU64>,
    lp_tx: mpsc::UnboundedSender<LpReply>,
    lp_rx: mpsc::UnboundedReceiver<LpReply>,
    lp_tasks: Vec<tokio::task::JoinHandle<()>>,
    /// Bumped by CloseTransport(LongPolling): replies of aborted requests are ignored.
    lp_generation: u64,
    timers: Vec<(TimerId, tokio::time::Instant)>,
}

impl Session {
    fn signal_ready(&mut self, result: Result<(), String>) {
        if let Some(tx) = self.ready.take() {
            let _ = tx.send(result);
        }
    }

    /// Before the session is ready the failure goes to the connect phase; after, it counts as
    /// an error of the run (unless the run is being stopped).
    fn fail(&mut self, message: String) {
        if self.ready.is_some() {
            self.signal_ready(Err(message));
        } else if !*self.stop.borrow() {
            self.stats.error(message);
        }
    }

    pub async fn run_websocket(self) {
        self.run(TransportKind::WebSocket).await
    }

    pub async fn run_long_polling(self) {
        self.run(TransportKind::LongPolling).await
    }

    async fn run(mut self, transport: TransportKind) {
        let agent = self.login.index;
        let mut client = Client::new(ClientConfig {
            // Only the transport under test: a fallback would hide a failing one.
            transports: vec![transport],
            rng_seed: 0x5EED ^ agent as u64,
            ..ClientConfig::default()
        });
        let (lp_tx, lp_rx) = mpsc::unbounded_channel();
        let mut io = Io {
            ws: None,
            ws_arrived_us: Arc::new(AtomicU64::new(0)),
            lp_tx,
            lp_rx,
            lp_tasks: Vec::new(),
            lp_generation: 0,
            timers: Vec::new(),
        };
        let mut actions: VecDeque<Action> = VecDeque::new();
        let mut inputs: VecDeque<(Input, u64)> = VecDeque::new();
        inputs.push_back((Input::Subscribe(self.target.channel(agent)), 0));
        inputs.push_back((Input::Start, 0));
        let (mut subscribed, mut connected) = (false, false);
        let mut stop = self.stop.clone();
        let mut stopping: Option<tokio::time::Instant> = None;
        // Receipt time of the batch being processed, for the latency of its deliveries.
        let mut received_us = 0u64;
        let mut share = 0usize;
        // When the batch being processed reached this machine (kernel timestamp), if known.
        let mut arrived_us: Option<u64> = None;
        // Each received batch's bytes per message and arrival, in the order of their
        // `Received` inputs.
        let mut shares: VecDeque<(usize, Option<u64>)> = VecDeque::new();
        loop {
            // Perform every action, then feed the inputs they produced, until both are empty.
            while let Some(action) = actions.pop_front() {
                match action {
                    Action::OpenTransport(TransportKind::WebSocket) => {
                        let input = match self.open_websocket().await {
                            Ok((ws, arrived_us)) => {
                                io.ws = Some(ws);
                                io.ws_arrived_us = arrived_us;
                                Input::TransportOpened(TransportKind::WebSocket)
                            }
                            Err(reason) => Input::TransportFailed {
                                transport: TransportKind::WebSocket,
                                reason,
                            },
                        };
                        inputs.push_back((input, 0));
                    }
                    Action::OpenTransport(TransportKind::LongPolling) => {
                        inputs.push_back((Input::TransportOpened(TransportKind::LongPolling), 0));
                    }
                    Action::CloseTransport(TransportKind::WebSocket) => {
                        if let Some(mut ws) = io.ws.take() {
                            let _ =
                                tokio::time::timeout(Duration::from_millis(200), ws.close(None))
                                    .await;
                        }
                    }
                    Action::CloseTransport(TransportKind::LongPolling) => {
                        io.lp_generation += 1;
                        for t in io.lp_tasks.drain(..) {
                            t.abort();
                        }
                    }
                    Action::Send {
                        transport: TransportKind::WebSocket,
                        messages,
                    } => {
                        let text = bayeux::to_batch_json(&messages);
                        let sent = match io.ws.as_mut() {
                            Some(ws) => ws
                                .send(WsMessage::Text(text.into()))
                                .await
                                .map_err(|e| format!("agent {agent}: WebSocket send: {e}")),
                            None => Err(format!("agent {agent}: WebSocket not open")),
                        };
                        if let Err(reason) = sent {
                            io.ws = None;
                            inputs.push_back((
                                Input::TransportFailed {
                                    transport: TransportKind::WebSocket,
                                    reason,
                                },
                                0,
                            ));
                        }
                    }
                    Action::Send {
                        transport: TransportKind::LongPolling,
                        messages,
                    } => {
                        io.lp_tasks.retain(|t| !t.is_finished());
                        io.lp_tasks.push(self.spawn_post(&io, messages));
                    }
                    Action::SetTimer { id, delay_ms } => {
                        let at = tokio::time::Instant::now() + Duration::from_millis(delay_ms);
                        io.timers.push((id, at));
                    }
                    Action::CancelTimer(id) => io.timers.retain(|(t, _)| *t != id),
                    Action::Deliver(message) => {
                        self.deliver(message, share, received_us, arrived_us)
                    }
                    Action::StateChanged(state) => match state {
                        ConnectionState::Connected { .. } => connected = true,
                        ConnectionState::Reconnecting { reason, .. } => {
                            connected = false;
                            // The client recovers by itself; the run still counts the failure
                            // (nothing may be lost silently).
                            self.fail(format!("agent {agent}: CometD reconnecting: {reason}"));
                        }
                        ConnectionState::Stopped { reason } => {
                            if stopping.is_none() {
                                self.fail(format!("agent {agent}: CometD stopped: {reason}"));
                            }
                            return;
                        }
                        ConnectionState::Disconnected | ConnectionState::Connecting { .. } => {}
                    },
                    Action::SubscriptionChanged {
                        subscribed: ok,
                        error,
                        channel,
                    } => {
                        subscribed = ok;
                        if let Some(e) = error {
                            self.fail(format!("agent {agent}: subscribe {channel}: {e}"));
                        }
                    }
                }
                if subscribed && connected && self.ready.is_some() {
                    self.signal_ready(Ok(()));
                }
            }
            if let Some((input, batch_received_us)) = inputs.pop_front() {
                if let Input::Received(_) = &input {
                    received_us = batch_received_us;
                    (share, arrived_us) = shares.pop_front().unwrap_or((0, None));
                }
                actions.extend(client.handle(input, now_ms()));
                continue;
            }
            // Wait for the next event.
            let next_timer = io.timers.iter().min_by_key(|(_, at)| *at).copied();
            let ws_frame = async {
                match io.ws.as_mut() {
                    Some(ws) => ws.next().await,
                    None => std::future::pending().await,
                }
            };
            let timer = async {
                match next_timer {
                    Some((_, at)) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            let give_up = async {
                match stopping {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            // Biased: what the server already sent is handled before a timer may decide that
            // its reply is late (on a starved machine both are often ready at once).
            tokio::select! {
                biased;
                frame = ws_frame => {
                    let now = now_us();
                    let arrived = Some(io.ws_arrived_us.load(Ordering::Relaxed)).filter(|us| *us > 0);
                    let input = match frame {
                        Some(Ok(WsMessage::Text(t))) => self.received(t.as_str(), now),
                        Some(Ok(WsMessage::Binary(b))) => self.received(&String::from_utf8_lossy(&b), now),
                        Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_) | WsMessage::Frame(_))) => continue,
                        Some(Ok(WsMessage::Close(_))) | None => {
                            io.ws = None;
                            Err(format!("agent {agent}: server closed the WebSocket"))
                        }
                        Some(Err(e)) => {
                            io.ws = None;
                            Err(format!("agent {agent}: WebSocket error: {e}"))
                        }
                    };
                    match input {
                        Ok((batch, bytes)) => {
                            shares.push_back((bytes, arrived));
                            inputs.push_back((Input::Received(batch), now));
                        }
                        Err(reason) => inputs.push_back((Input::TransportFailed { transport: TransportKind::WebSocket, reason }, 0)),
                    }
                }
                Some(reply) = io.lp_rx.recv() => {
                    if reply.generation != io.lp_generation {
                        continue;
                    }
                    let input = match reply.outcome {
                        Ok((status, body, at, arrived)) if (200..300).contains(&status) => match self.received(&body, at) {
                            Ok((batch, bytes)) => {
                                shares.push_back((bytes, arrived));
                                (Input::Received(batch), at)
                            }
                            Err(reason) => (Input::TransportFailed { transport: TransportKind::LongPolling, reason }, 0),
                        },
                        Ok((status, body, _, _)) => (Input::RequestFailed {
                            message_ids: reply.ids,
                            reason: format!("agent {agent}: HTTP {status}: {body}"),
                        }, 0),
                        Err(reason) => (Input::TransportFailed { transport: TransportKind::LongPolling, reason }, 0),
                    };
                    inputs.push_back(input);
                }
                _ = timer => {
                    if let Some((id, _)) = next_timer {
                        io.timers.retain(|(t, _)| *t != id);
                        inputs.push_back((Input::TimerFired(id), 0));
                    }
                }
                changed = stop.changed(), if stopping.is_none() => {
                    if changed.is_err() || *stop.borrow() {
                        stopping = Some(tokio::time::Instant::now() + DISCONNECT_GRACE);
                        inputs.push_back((Input::Disconnect, 0));
                    }
                }
                _ = give_up => break,
            }
        }
        for t in io.lp_tasks.drain(..) {
            t.abort();
        }
        if let Some(mut ws) = io.ws.take() {
            let _ = tokio::time::timeout(Duration::from_millis(200), ws.close(None)).await;
        }
    }

    /// Parses a frame / body; returns the messages and each one's share of the bytes.
    fn received(&self, text: &str, _at: u64) -> Result<(Vec<Message>, usize), String> {
        let batch = parse_frame(text, self.full_data)
            .map_err(|e| format!("agent {}: bad batch: {e}", self.login.index))?;
        let share = text.len() / batch.len().max(1);
        Ok((batch, share))
    }

    fn deliver(&self, message: Message, bytes: usize, received_us: u64, arrived_us: Option<u64>) {
        let Some(data) = message.data else { return };
        let (id, state, ts) = call_fields(&data);
        self.stats.delivered(bytes, ts, received_us, arrived_us);
        if let (Some(id), Some(state)) = (id, state) {
            let (call_id, state) = (id.to_string(), state.to_string());
            // The whole `data` only when capturing templates.
            let data = if self.full_data { data } else { Value::Null };
            let _ = self.events.send(CallEvent {
                call_id,
                state,
                data,
            });
        }
    }

    async fn open_websocket(&self) -> Result<(Ws, Arc<AtomicU64>), String> {
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
        // tungstenite zeroes its whole read buffer before every read (128 KiB by default: that
        // memset was a sixth of the load generator's CPU); frames here are about 1 KB.
        let config = WebSocketConfig::default()
            .read_buffer_size(8 * 1024)
            .write_buffer_size(4 * 1024);
        let authority = request
            .uri()
            .authority()
            .map(|a| a.to_string())
            .ok_or_else(|| format!("agent {agent}: no host in the CometD URL"))?;
        let tcp = TcpStream::connect(&authority)
            .await
            .map_err(|e| format!("agent {agent}: WebSocket connect {authority}: {e}"))?;
        // No Nagle delay on the small frames (what browsers and Faye do too).
        let _ = tcp.set_nodelay(true);
        let (tcp, arrived_us) =
            Stamped::new(tcp).map_err(|e| format!("agent {agent}: receive timestamps: {e}"))?;
        let (ws, _) = tokio_tungstenite::client_async_with_config(request, tcp, Some(config))
            .await
            .map_err(|e| {
                format!(
                    "agent {agent}: WebSocket connect failed: {}",
                    crate::target::chain(&e)
                )
            })?;
        Ok((ws, arrived_us))
    }

    /// One long-polling POST of a batch, in its own task (the held connect and a subscribe
    /// may be in flight at once); the outcome comes back on `io.lp_rx`.
    fn spawn_post(&self, io: &Io, messages: Vec<Message>) -> tokio::task::JoinHandle<()> {
        let agent = self.login.index;
        let path = bayeux::url::long_polling_url(&self.target.cometd_path(), &messages);
        let ids: Vec<String> = messages.iter().filter_map(|m| m.id.clone()).collect();
        let body = bayeux::to_batch_json(&messages);
        let cookie = self.login.cookie.clone();
        let pool = self.target.pool().clone();
        let (tx, generation) = (io.lp_tx.clone(), io.lp_generation);
        tokio::spawn(async move {
            let headers: Vec<(&str, &str)> =
                cookie.iter().map(|c| ("Cookie", c.as_str())).collect();
            let outcome = pool
                .request("POST", &path, &headers, &body)
                .await
                .map(|reply| (reply.status, reply.body, now_us(), reply.arrived_us))
                .map_err(|e| format!("agent {agent}: long-polling POST: {e}"));
            let _ = tx.send(LpReply {
                generation,
                ids,
                outcome,
            });
        })
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
    fn light_parse_keeps_what_the_client_and_the_driver_read() {
        let frame = r#"[{"channel":"/meta/connect","id":"7","successful":true,"clientId":"c","advice":{"timeout":0,"interval":0,"reconnect":"retry"}},
            {"channel":"/meta/subscribe","id":8,"successful":true,"subscription":"/v2/me/calls"},
            {"channel":"/meta/handshake","id":"1","successful":true,"clientId":"c","supportedConnectionTypes":["websocket"],"ext":{"ack":true}},
            {"channel":"/v2/me/calls","data":{"messageType":"CallStateChangeMessage","call":{"id":"k1","state":"Held","participants":[]},
             "metrics":{"eventProcessing":{"serverGenerationTimestamp":42,"nodeProcessingTimeNanos":1}}}}]"#;
        let lite = parse_frame(frame, false).unwrap();
        let full = parse_frame(frame, true).unwrap();
        assert_eq!(lite.len(), 4);
        // What the client reads of meta messages is the full parse's.
        for i in 0..3 {
            assert_eq!(lite[i], full[i], "message {i}");
        }
        assert_eq!(lite[1].id.as_deref(), Some("8"));
        assert_eq!(
            call_fields(lite[3].data.as_ref().unwrap()),
            (Some("k1"), Some("Held"), Some(42))
        );
        assert_eq!(
            full[3].data.as_ref().unwrap()["messageType"],
            "CallStateChangeMessage"
        );
        assert!(parse_frame("not json", false).is_err());
    }
}
