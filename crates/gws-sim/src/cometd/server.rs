//! The transport-independent part: client registry, meta-channel handling, publishing, expiry.

use super::registry::Registry;
use super::session::{ClientSession, Enqueued};
use bayeux::{
    Advice, META_CONNECT, META_DISCONNECT, META_HANDSHAKE, META_SUBSCRIBE, META_UNSUBSCRIBE,
    Message, Reconnect, Subscription,
};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub const TRANSPORT_WEBSOCKET: &str = "websocket";
pub const TRANSPORT_LONG_POLLING: &str = "long-polling";
/// A client's subscriptions are checked for every notification of its agent: bounded.
pub const MAX_SUBSCRIPTIONS: usize = 256;
/// Live CometD clients (handshaken, not yet disconnected or expired) per agent.
pub const MAX_CLIENTS_PER_AGENT: usize = 100;
/// Longest channel name or pattern accepted in a subscription.
pub const MAX_CHANNEL_CHARS: usize = 512;

#[derive(Debug)]
pub struct Hub {
    clients: Mutex<Registry>,
    /// [`Hub::connect_advice`] as JSON, written into every connect reply.
    connect_advice_json: String,
    pub timeout_ms: u64,
    pub max_interval_ms: u64,
    pub queue_limit: usize,
    pub websocket_enabled: AtomicBool,
    /// Clients disconnected because their queue overflowed (`session` module docs).
    slow_consumer_disconnects: AtomicU64,
}

/// The outcome of a batch's non-connect messages, plus the connect to answer (if any).
pub struct Processed {
    pub replies: Vec<String>,
    /// Index in `replies` where the connect reply goes, and the connect itself.
    pub connect: Option<(usize, Message, Option<Arc<ClientSession>>)>,
    /// The client a successful handshake of this batch created (a WebSocket binds to it).
    pub handshaken: Option<Arc<ClientSession>>,
}

fn to_json(m: &Message) -> String {
    serde_json::to_string(m).unwrap_or_else(|_| "{}".to_string())
}

fn unknown_client(request: &Message) -> Message {
    let mut reply = Message::reply_to(request, false);
    reply.error = Some("402::Unknown client".to_string());
    reply.advice = Some(Advice {
        reconnect: Some(Reconnect::Handshake),
        interval: Some(0),
        ..Advice::default()
    });
    reply
}

impl Hub {
    pub fn new(timeout_ms: u64, max_interval_ms: u64, queue_limit: usize, websocket: bool) -> Self {
        let advice = Advice::retry(0, timeout_ms as i64);
        Hub {
            clients: Mutex::new(Registry::default()),
            connect_advice_json: serde_json::to_string(&advice).unwrap_or_else(|_| "{}".into()),
            timeout_ms,
            max_interval_ms,
            queue_limit,
            websocket_enabled: AtomicBool::new(websocket),
            slow_consumer_disconnects: AtomicU64::new(0),
        }
    }

    fn clients(&self) -> MutexGuard<'_, Registry> {
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn client(&self, id: &str) -> Option<Arc<ClientSession>> {
        self.clients().get(id).cloned()
    }

    pub fn client_count(&self) -> usize {
        self.clients().len()
    }

    /// (clientId, agent, transport, subscriptions, queued) for the admin page.
    pub fn describe(&self) -> Vec<serde_json::Value> {
        self.clients()
            .values()
            .map(|c| {
                let inner = c.lock();
                serde_json::json!({
                    "clientId": c.id, "agent": c.agent, "transport": inner.transport,
                    "subscriptions": inner.subscriptions, "queued": inner.queue.len(),
                })
            })
            .collect()
    }

    /// Clients disconnected as slow consumers since the start.
    pub fn slow_consumer_disconnects(&self) -> u64 {
        self.slow_consumer_disconnects.load(Ordering::Relaxed)
    }

    pub fn connect_advice(&self) -> Advice {
        Advice::retry(0, self.timeout_ms as i64)
    }

    /// Delivers `{channel, data}` to every subscribed client of `agent`: encoded once, the
    /// same bytes queued for each. A client whose queue overflows is disconnected.
    pub fn publish(&self, agent: usize, channel: &str, data_json: &str) {
        let message: Arc<str> = encode_data_message(channel, data_json).into();
        let mut overflowed: Vec<String> = Vec::new();
        {
            let clients = self.clients();
            for c in clients.of_agent(agent) {
                if c.deliver(channel, &message, self.queue_limit) == Some(Enqueued::Overflowed) {
                    overflowed.push(c.id.clone());
                }
            }
        }
        if !overflowed.is_empty() {
            let mut clients = self.clients();
            for id in &overflowed {
                if let Some(c) = clients.remove(id) {
                    tracing::info!(client = %id, agent, "CometD client disconnected: its queue of {} messages overflowed (slow consumer)", self.queue_limit);
                    c.close();
                    self.slow_consumer_disconnects
                        .fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }

    /// Forgets every client and wakes their held connects / WebSockets so they close.
    pub fn drop_all(&self) -> usize {
        let all = self.clients().drain();
        for c in &all {
            c.close();
        }
        all.len()
    }

    /// How often [`Hub::expire_idle`] should run: a quarter of the idle limit, between 100 ms
    /// and 5 s (each run visits every client, so not every 500 ms with 25 000 of them).
    pub fn expiry_check_interval(&self) -> Duration {
        Duration::from_millis(((self.timeout_ms + self.max_interval_ms) / 4).clamp(100, 5_000))
    }

    /// Expires clients that stopped polling (no held connect, no WebSocket) for too long.
    pub fn expire_idle(&self) -> usize {
        let limit = Duration::from_millis(self.timeout_ms + self.max_interval_ms);
        let mut clients = self.clients();
        let expired: Vec<String> = clients
            .values()
            .filter(|c| {
                let i = c.lock();
                i.busy == 0 && i.last_seen.elapsed() > limit
            })
            .map(|c| c.id.clone())
            .collect();
        for id in &expired {
            if let Some(c) = clients.remove(id) {
                c.close();
            }
        }
        expired.len()
    }

    /// Handles every message of a batch except the connect, which the transport holds.
    pub fn process(&self, agent: usize, batch: Vec<Message>, transport: &'static str) -> Processed {
        let mut replies = Vec::new();
        let mut connect = None;
        let mut handshaken = None;
        for m in batch {
            match m.channel.as_str() {
                META_HANDSHAKE => {
                    let reply = self.handshake(agent, &m, transport);
                    handshaken = reply.client_id.as_deref().and_then(|id| self.client(id));
                    replies.push(to_json(&reply));
                }
                META_CONNECT => {
                    let client = m
                        .client_id
                        .as_deref()
                        .and_then(|id| self.client(id))
                        .filter(|c| c.agent == agent && !c.is_closed());
                    if let Some(c) = &client {
                        let mut i = c.lock();
                        i.connect_generation += 1;
                        i.last_seen = Instant::now();
                        i.transport = transport;
                    }
                    // Wake a connect still held from before: the new one supersedes it.
                    if let Some(c) = &client {
                        c.wake.notify_one();
                    }
                    connect = Some((replies.len(), m, client));
                }
                META_SUBSCRIBE | META_UNSUBSCRIBE => {
                    replies.push(to_json(&self.subscription(agent, &m)))
                }
                META_DISCONNECT => {
                    let reply = match m
                        .client_id
                        .as_deref()
                        .and_then(|id| self.client(id))
                        .filter(|c| c.agent == agent)
                    {
                        Some(c) => {
                            self.clients().remove(&c.id);
                            c.close();
                            Message::reply_to(&m, true)
                        }
                        None => unknown_client(&m),
                    };
                    replies.push(to_json(&reply));
                }
                channel if channel.starts_with("/meta/") => {
                    let mut r = Message::reply_to(&m, false);
                    r.error = Some(format!("400::Unknown meta channel {channel}"));
                    replies.push(to_json(&r));
                }
                _ => {
                    // Clients only listen; GWS notifications are server-originated.
                    let known = m
                        .client_id
                        .as_deref()
                        .and_then(|id| self.client(id))
                        .is_some_and(|c| c.agent == agent);
                    let reply = if known {
                        let mut r = Message::reply_to(&m, false);
                        r.error = Some(format!("403::Publish denied on {}", m.channel));
                        r
                    } else {
                        unknown_client(&m)
                    };
                    replies.push(to_json(&reply));
                }
            }
        }
        Processed {
            replies,
            connect,
            handshaken,
        }
    }

    fn handshake(&self, agent: usize, m: &Message, transport: &'static str) -> Message {
        let mut reply = Message::reply_to(m, true);
        if let Some(v) = &m.version
            && !v.starts_with('1')
        {
            reply.successful = Some(false);
            reply.error = Some(format!(
                "301::{v}::Unsupported Bayeux version; this server speaks 1.0"
            ));
            reply.advice = Some(Advice::reconnect(Reconnect::None));
            return reply;
        }
        let id = uuid::Uuid::new_v4().simple().to_string();
        {
            let mut clients = self.clients();
            if clients.of_agent(agent).len() >= MAX_CLIENTS_PER_AGENT {
                // Refusing hurts only the agent flooding handshakes; its live clients go on.
                reply.successful = Some(false);
                reply.error = Some(format!(
                    "403::too many CometD clients for this agent (at most {MAX_CLIENTS_PER_AGENT}); \
                     disconnect unused ones or let them expire"
                ));
                reply.advice = Some(Advice {
                    reconnect: Some(Reconnect::Handshake),
                    interval: Some(self.max_interval_ms as i64),
                    ..Advice::default()
                });
                return reply;
            }
            clients.insert(ClientSession::new(id.clone(), agent, transport));
        }
        reply.client_id = Some(id);
        reply.version = Some(bayeux::BAYEUX_VERSION.to_string());
        reply.minimum_version = Some(bayeux::BAYEUX_VERSION.to_string());
        let mut types = vec![TRANSPORT_LONG_POLLING.to_string()];
        if self.websocket_enabled.load(Ordering::Relaxed) {
            types.insert(0, TRANSPORT_WEBSOCKET.to_string());
        }
        reply.supported_connection_types = Some(types);
        reply.advice = Some(self.connect_advice());
        reply
    }

    fn subscription(&self, agent: usize, m: &Message) -> Message {
        let Some(client) = m
            .client_id
            .as_deref()
            .and_then(|id| self.client(id))
            .filter(|c| c.agent == agent)
        else {
            return unknown_client(m);
        };
        let mut reply = Message::reply_to(m, true);
        reply.subscription = m.subscription.clone();
        let channels: Vec<String> = m
            .subscription
            .as_ref()
            .map(|s| s.channels().into_iter().map(str::to_string).collect())
            .unwrap_or_default();
        if channels.is_empty() {
            reply.successful = Some(false);
            reply.error = Some("403::subscription_missing".to_string());
            return reply;
        }
        if let Some(bad) = channels
            .iter()
            .find(|c| !c.starts_with('/') || c.starts_with("/meta/") || c.len() > MAX_CHANNEL_CHARS)
        {
            let shown: String = bad.chars().take(MAX_CHANNEL_CHARS).collect();
            reply.successful = Some(false);
            reply.error = Some(format!("403::{shown}::subscription_invalid"));
            return reply;
        }
        let mut inner = client.lock();
        if m.channel == META_SUBSCRIBE {
            let new = channels
                .iter()
                .filter(|c| !inner.subscriptions.contains(c))
                .collect::<std::collections::HashSet<_>>()
                .len();
            if inner.subscriptions.len() + new > MAX_SUBSCRIPTIONS {
                reply.successful = Some(false);
                reply.error = Some(format!(
                    "403::too many subscriptions (at most {MAX_SUBSCRIPTIONS} per client)"
                ));
                return reply;
            }
        }
        for c in &channels {
            if m.channel == META_SUBSCRIBE {
                if !inner.subscriptions.contains(c) {
                    inner.subscriptions.push(c.clone());
                }
            } else {
                inner.subscriptions.retain(|s| s != c);
            }
        }
        if channels.len() == 1 {
            reply.subscription = Some(Subscription::One(channels[0].clone()));
        }
        reply
    }

    /// Waits (up to the advised timeout, or not at all when the client asked `timeout: 0`)
    /// for messages, then writes the delivered messages followed by the connect reply into
    /// `out` as JSON array elements (see [`JsonArray`]).
    pub async fn hold_connect(
        &self,
        request: &Message,
        client: Option<Arc<ClientSession>>,
        out: &mut JsonArray,
    ) {
        let Some(client) = client else {
            out.push(&to_json(&unknown_client(request)));
            return;
        };
        let requested = request.advice.as_ref().and_then(|a| a.timeout);
        let wait = Duration::from_millis(match requested {
            Some(t) if t >= 0 => (t as u64).min(self.timeout_ms),
            _ => self.timeout_ms,
        });
        let generation = {
            let mut i = client.lock();
            i.busy += 1;
            i.connect_generation
        };
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            {
                let i = client.lock();
                if !i.queue.is_empty() || i.closed || i.connect_generation != generation {
                    break;
                }
            }
            if tokio::time::timeout_at(deadline, client.wake.notified())
                .await
                .is_err()
            {
                break;
            }
        }
        let closed = {
            let mut i = client.lock();
            i.busy = i.busy.saturating_sub(1);
            i.last_seen = Instant::now();
            i.closed
        };
        if closed {
            out.push(&to_json(&unknown_client(request)));
            return;
        }
        out.drain_from(&client);
        out.push(&self.connect_reply(request));
    }

    /// `402::Unknown client` with advice `handshake`.
    pub fn unknown_client_reply(&self, request: &Message) -> String {
        to_json(&unknown_client(request))
    }

    /// A successful `/meta/connect` reply with the connect advice: what serialising
    /// `Message::reply_to(request, true)` with that advice writes (tested), written directly
    /// (one per delivery on long-polling).
    pub fn connect_reply(&self, request: &Message) -> String {
        crate::json::JsonObj::with_capacity(128 + self.connect_advice_json.len())
            .field("channel", &request.channel)
            .field_opt("id", request.id.as_ref())
            .field_opt("clientId", request.client_id.as_ref())
            .field("successful", &true)
            .raw_str("advice", &self.connect_advice_json)
            .finish()
    }
}

/// `bayeux::parse_batch`, with a shortcut for the batch long-polling clients send most: only
/// `/meta/connect`-shaped messages (`channel`, `id`, `clientId`, `connectionType`). Anything
/// else, including every malformed batch, goes to `bayeux::parse_batch` (the messages and the
/// errors are its own; the shortcut's are compared with it in the tests).
pub fn parse_batch(text: &str) -> Result<Vec<Message>, bayeux::BayeuxError> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Plain {
        channel: String,
        #[serde(default)]
        id: Option<serde_json::Value>,
        #[serde(rename = "clientId", default)]
        client_id: Option<String>,
        #[serde(rename = "connectionType", default)]
        connection_type: Option<String>,
    }
    if let Ok(batch) = serde_json::from_str::<Vec<Plain>>(text)
        && !batch.is_empty()
    {
        return Ok(batch
            .into_iter()
            .map(|p| {
                let mut m = Message::new(p.channel);
                m.id = match p.id {
                    Some(serde_json::Value::String(s)) => Some(s),
                    Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                };
                m.client_id = p.client_id;
                m.connection_type = p.connection_type;
                m
            })
            .collect());
    }
    bayeux::parse_batch(text)
}

/// `{"channel":..,"data":..}`: a delivered message, encoded once for every subscriber.
pub fn encode_data_message(channel: &str, data_json: &str) -> String {
    let mut s = String::with_capacity(channel.len() + data_json.len() + 24);
    s.push_str(r#"{"channel":"#);
    crate::json::write_str(&mut s, channel);
    s.push_str(r#","data":"#);
    s.push_str(data_json);
    s.push('}');
    s
}

/// A JSON array (a Bayeux batch) written element by element into one buffer: queued messages
/// are copied once, from the shared bytes into the frame or body.
#[derive(Debug)]
pub struct JsonArray {
    buf: String,
    len: usize,
}

impl Default for JsonArray {
    fn default() -> Self {
        JsonArray {
            buf: String::from("["),
            len: 0,
        }
    }
}

impl JsonArray {
    pub fn push(&mut self, element: &str) {
        if self.len > 0 {
            self.buf.push(',');
        }
        self.buf.push_str(element);
        self.len += 1;
    }

    pub fn extend<'a>(&mut self, elements: impl IntoIterator<Item = &'a String>) {
        for e in elements {
            self.push(e);
        }
    }

    /// Moves the client's queued messages in.
    pub fn drain_from(&mut self, client: &ClientSession) {
        self.len += client.drain_into(&mut self.buf);
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn finish(mut self) -> String {
        self.buf.push(']');
        self.buf
    }
}

/// `[a,b]` from serialised messages.
pub fn batch(parts: &[String]) -> String {
    let mut a = JsonArray::default();
    a.extend(parts);
    a.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handshake() -> Message {
        let mut m = Message::new(META_HANDSHAKE);
        m.version = Some("1.0".into());
        m
    }

    #[test]
    fn handshakes_beyond_the_per_agent_limit_are_refused_and_others_unaffected() {
        let hub = Hub::new(1000, 1000, 10, true);
        for _ in 0..MAX_CLIENTS_PER_AGENT {
            assert_eq!(
                hub.handshake(0, &handshake(), "long-polling").successful,
                Some(true)
            );
        }
        let refused = hub.handshake(0, &handshake(), "long-polling");
        assert_eq!(refused.successful, Some(false));
        assert!(
            refused.error.as_deref().unwrap().starts_with("403::"),
            "{refused:?}"
        );
        assert!(refused.client_id.is_none());
        assert_eq!(
            hub.handshake(1, &handshake(), "websocket").successful,
            Some(true)
        );
        assert_eq!(hub.client_count(), MAX_CLIENTS_PER_AGENT + 1);
    }

    #[test]
    fn the_batch_shortcut_reads_what_bayeux_reads() {
        for text in [
            r#"[{"channel":"/meta/connect","id":"12","clientId":"abc","connectionType":"long-polling"}]"#,
            r#"[{"channel":"/meta/connect","id":12,"clientId":"a\"b","connectionType":"long-polling"},{"channel":"/meta/disconnect","clientId":"x"}]"#,
            r#"[{"channel":"/meta/connect","id":1.5,"clientId":null}]"#,
            r#"[{"channel":"/meta/connect","id":true}]"#,
            r#"[{"channel":"/meta/connect","clientId":"c","advice":{"timeout":0}}]"#,
            r#"[{"channel":"/meta/connect","clientId":"c","clientId":"d"}]"#,
            r#"[{"channel":"/meta/subscribe","clientId":"c","subscription":"/v2/me/calls"}]"#,
            r#"[{"channel":"/x","data":{"a":1},"other":2}]"#,
            r#"{"channel":"/meta/connect","clientId":"c"}"#,
            r#"[{"channel":7}]"#,
            r#"[{"clientId":"c"}]"#,
            r#"[{"channel":"/meta/connect","clientId":5}]"#,
            r#"[]"#,
            r#"[1]"#,
            "not json",
        ] {
            let fast = parse_batch(text).map_err(|e| e.to_string());
            let slow = bayeux::parse_batch(text).map_err(|e| e.to_string());
            assert_eq!(fast, slow, "{text}");
        }
    }

    #[test]
    fn connect_replies_are_what_serde_writes() {
        let hub = Hub::new(30_000, 1000, 10, true);
        for (id, client) in [
            (Some("7"), Some("abc")),
            (None, Some("abc")),
            (Some("q\"uote"), None),
            (None, None),
        ] {
            let mut request = Message::new(META_CONNECT);
            request.id = id.map(str::to_string);
            request.client_id = client.map(str::to_string);
            request.connection_type = Some("long-polling".into());
            let mut reply = Message::reply_to(&request, true);
            reply.advice = Some(hub.connect_advice());
            assert_eq!(hub.connect_reply(&request), to_json(&reply));
        }
    }

    #[test]
    fn subscriptions_are_bounded() {
        let hub = Hub::new(1000, 1000, 10, true);
        let id = hub
            .handshake(0, &handshake(), "long-polling")
            .client_id
            .unwrap();
        let subscribe = |channels: Vec<String>| {
            let mut m = Message::new(META_SUBSCRIBE);
            m.client_id = Some(id.clone());
            m.subscription = Some(Subscription::Many(channels));
            hub.subscription(0, &m)
        };
        let many: Vec<String> = (0..MAX_SUBSCRIPTIONS).map(|i| format!("/c/{i}")).collect();
        assert_eq!(subscribe(many.clone()).successful, Some(true));
        // Already subscribed: no new ones, accepted.
        assert_eq!(subscribe(many[..3].to_vec()).successful, Some(true));
        let r = subscribe(vec!["/one/more".into()]);
        assert_eq!(r.successful, Some(false));
        assert!(r.error.unwrap().contains("too many subscriptions"));
        let r = subscribe(vec![format!("/{}", "x".repeat(MAX_CHANNEL_CHARS))]);
        assert!(r.error.unwrap().ends_with("::subscription_invalid"));
    }
}
