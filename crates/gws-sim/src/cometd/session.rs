//! One CometD client (a `clientId`): its subscriptions and its bounded message queue.
//!
//! Each notification is encoded once (`{"channel":..,"data":..}`, an `Arc<str>`) and the same
//! bytes are queued for every subscriber; a transport copies them only into the frame or body
//! it writes.
//!
//! **Slow consumers.** The queue holds at most `timing.cometd_queue_limit` messages. A client
//! whose queue is full when one more message arrives (its WebSocket does not drain, or it
//! stopped long-polling while staying registered) is disconnected, the CometD way: it is closed
//! and forgotten, its held `/meta/connect` (or its next one) is answered `402::Unknown client`
//! with advice `handshake`, its WebSocket is closed, and the admin state counts it
//! (`slowConsumerDisconnects`). Nothing is dropped silently: the client knows it lost its
//! session and must handshake again (and a GWS client resyncs its calls then).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;
use tokio::sync::Notify;

#[derive(Debug)]
pub struct ClientInner {
    pub subscriptions: Vec<String>,
    pub queue: VecDeque<Arc<str>>,
    pub last_seen: Instant,
    /// Bumped by every /meta/connect so an older held connect returns at once.
    pub connect_generation: u64,
    /// A /meta/connect is being held or a WebSocket is attached: the client is alive.
    pub busy: u32,
    pub closed: bool,
    /// Closed because its queue overflowed (see the module docs).
    pub overflowed: bool,
    pub transport: &'static str,
}

#[derive(Debug)]
pub struct ClientSession {
    pub id: String,
    pub agent: usize,
    inner: Mutex<ClientInner>,
    pub wake: Notify,
}

/// What `enqueue` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    Queued,
    /// The client is closed (nothing queued).
    Closed,
    /// The queue was full: the client is now closed as a slow consumer.
    Overflowed,
}

impl ClientSession {
    pub fn new(id: String, agent: usize, transport: &'static str) -> Arc<Self> {
        Arc::new(ClientSession {
            id,
            agent,
            inner: Mutex::new(ClientInner {
                subscriptions: vec![],
                queue: VecDeque::new(),
                last_seen: Instant::now(),
                connect_generation: 0,
                busy: 0,
                closed: false,
                overflowed: false,
                transport,
            }),
            wake: Notify::new(),
        })
    }

    pub fn lock(&self) -> MutexGuard<'_, ClientInner> {
        // A poisoned lock only means another task panicked mid-update; the data is still usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues `message` if the client subscribes to `channel` (one lock for both). A full
    /// queue closes the client as a slow consumer (module docs); the caller unregisters it.
    pub fn deliver(&self, channel: &str, message: &Arc<str>, limit: usize) -> Option<Enqueued> {
        let outcome = {
            let mut inner = self.lock();
            if !inner.subscriptions.iter().any(|p| matches(p, channel)) {
                return None;
            }
            Self::push(&mut inner, message, limit)
        };
        if outcome != Enqueued::Closed {
            self.wake.notify_one();
        }
        Some(outcome)
    }

    /// Queues a message regardless of subscriptions (see [`ClientSession::deliver`]).
    pub fn enqueue(&self, message: Arc<str>, limit: usize) -> Enqueued {
        let outcome = Self::push(&mut self.lock(), &message, limit);
        if outcome != Enqueued::Closed {
            self.wake.notify_one();
        }
        outcome
    }

    fn push(inner: &mut ClientInner, message: &Arc<str>, limit: usize) -> Enqueued {
        if inner.closed {
            return Enqueued::Closed;
        }
        if inner.queue.len() >= limit.max(1) {
            inner.closed = true;
            inner.overflowed = true;
            // The session is over; the client re-handshakes and resyncs.
            inner.queue = VecDeque::new();
            return Enqueued::Overflowed;
        }
        inner.queue.push_back(message.clone());
        Enqueued::Queued
    }

    pub fn drain(&self) -> Vec<Arc<str>> {
        self.lock().queue.drain(..).collect()
    }

    /// Appends the queued messages to `out` as JSON array elements (`,` separated, after
    /// whatever `out` holds); returns how many.
    pub fn drain_into(&self, out: &mut String) -> usize {
        let mut inner = self.lock();
        let n = inner.queue.len();
        out.reserve(inner.queue.iter().map(|m| m.len() + 1).sum::<usize>() + 1);
        for m in inner.queue.drain(..) {
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str(&m);
        }
        n
    }

    pub fn close(&self) {
        self.lock().closed = true;
        self.wake.notify_one();
    }

    pub fn is_closed(&self) -> bool {
        self.lock().closed
    }

    pub fn subscribed_to(&self, channel: &str) -> bool {
        self.lock()
            .subscriptions
            .iter()
            .any(|p| matches(p, channel))
    }
}

/// `bayeux::channel_matches`, which parses the pattern (allocating) each time, after the
/// usual case: the client subscribed to this very channel (a pattern always matches its own
/// text; tested).
fn matches(pattern: &str, channel: &str) -> bool {
    pattern == channel || bayeux::channel_matches(pattern, channel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_queue_closes_the_client_instead_of_dropping_messages() {
        let c = ClientSession::new("a".into(), 1, "websocket");
        c.lock().subscriptions.push("/v2/me/*".into());
        let m: Arc<str> = r#"{"channel":"/v2/me/calls","data":{}}"#.into();
        assert_eq!(c.deliver("/v2/other", &m, 2), None);
        assert_eq!(c.deliver("/v2/me/calls", &m, 2), Some(Enqueued::Queued));
        assert_eq!(c.deliver("/v2/me/calls", &m, 2), Some(Enqueued::Queued));
        assert_eq!(c.deliver("/v2/me/calls", &m, 2), Some(Enqueued::Overflowed));
        assert!(c.is_closed() && c.lock().overflowed);
        assert!(c.drain().is_empty());
        assert_eq!(c.enqueue(m.clone(), 2), Enqueued::Closed);
    }

    #[test]
    fn a_pattern_matches_its_own_text_as_bayeux_says() {
        for p in [
            "/v2/me/calls",
            "/v2/me/*",
            "/v2/**",
            "/**",
            "*",
            "",
            "/",
            "x/*",
            "//a",
        ] {
            assert_eq!(matches(p, p), bayeux::channel_matches(p, p), "{p}");
            assert!(bayeux::channel_matches(p, p), "{p}");
        }
        assert!(matches("/v2/me/*", "/v2/me/calls") && !matches("/v2/me/*", "/v2/x/calls"));
    }

    #[test]
    fn drain_into_writes_array_elements() {
        let c = ClientSession::new("a".into(), 1, "websocket");
        c.enqueue("1".into(), 10);
        c.enqueue("2".into(), 10);
        let mut out = String::from("[");
        assert_eq!(c.drain_into(&mut out), 2);
        out.push(']');
        assert_eq!(out, "[1,2]");
        assert_eq!(c.drain_into(&mut out), 0);
    }
}
