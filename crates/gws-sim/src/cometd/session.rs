//! One CometD client (a `clientId`): its subscriptions and its bounded message queue.

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
    pub dropped: u64,
    pub transport: String,
}

#[derive(Debug)]
pub struct ClientSession {
    pub id: String,
    pub agent: usize,
    inner: Mutex<ClientInner>,
    pub wake: Notify,
}

impl ClientSession {
    pub fn new(id: String, agent: usize, transport: &str) -> Arc<Self> {
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
                dropped: 0,
                transport: transport.to_string(),
            }),
            wake: Notify::new(),
        })
    }

    pub fn lock(&self) -> MutexGuard<'_, ClientInner> {
        // A poisoned lock only means another task panicked mid-update; the data is still usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a message, dropping the oldest beyond `limit` (a slow client must not grow memory).
    pub fn enqueue(&self, message: Arc<str>, limit: usize) {
        {
            let mut inner = self.lock();
            if inner.closed {
                return;
            }
            while inner.queue.len() >= limit.max(1) {
                inner.queue.pop_front();
                inner.dropped += 1;
            }
            inner.queue.push_back(message);
        }
        self.wake.notify_one();
    }

    pub fn drain(&self) -> Vec<Arc<str>> {
        self.lock().queue.drain(..).collect()
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
            .any(|p| bayeux::channel_matches(p, channel))
    }
}
