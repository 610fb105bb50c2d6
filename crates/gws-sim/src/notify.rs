//! Publishes engine notifications to CometD in order, after the HTTP reply (a small delay, as
//! the real server's T-Server round trip), and holds them while paused by the admin API.
//!
//! Dispatch is spread over one task per runtime worker thread (at most 8): an agent's
//! notifications always go through the same task, so each agent sees them in the order the
//! engine made them, while different agents' notifications are published in parallel.

use crate::cometd::Hub;
use crate::engine::Note;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

struct Batch {
    ready_at: tokio::time::Instant,
    notes: Vec<Note>,
}

pub struct Notifier {
    shards: Vec<mpsc::UnboundedSender<Batch>>,
    paused: watch::Sender<bool>,
}

/// Most dispatcher tasks.
const MAX_SHARDS: usize = 8;

impl Notifier {
    /// Starts the dispatcher tasks (one per worker thread the process may run on).
    pub fn start(hub: Arc<Hub>) -> Notifier {
        let n = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, MAX_SHARDS);
        Self::with_shards(hub, n)
    }

    pub fn with_shards(hub: Arc<Hub>, n: usize) -> Notifier {
        let (paused, _) = watch::channel(false);
        let shards = (0..n.max(1))
            .map(|_| {
                let (tx, rx) = mpsc::unbounded_channel::<Batch>();
                tokio::spawn(dispatch(hub.clone(), rx, paused.subscribe()));
                tx
            })
            .collect();
        Notifier { shards, paused }
    }

    pub fn send(&self, notes: Vec<Note>, delay: Duration) {
        if notes.is_empty() {
            return;
        }
        let ready_at = tokio::time::Instant::now() + delay;
        let n = self.shards.len();
        if n == 1 || notes.iter().all(|x| x.agent % n == notes[0].agent % n) {
            let shard = notes[0].agent % n;
            let _ = self.shards[shard].send(Batch { ready_at, notes });
            return;
        }
        let mut per_shard: Vec<Vec<Note>> = (0..n).map(|_| Vec::new()).collect();
        for note in notes {
            per_shard[note.agent % n].push(note);
        }
        for (shard, notes) in per_shard.into_iter().enumerate() {
            if !notes.is_empty() {
                let _ = self.shards[shard].send(Batch { ready_at, notes });
            }
        }
    }

    pub fn set_paused(&self, paused: bool) {
        self.paused.send_replace(paused);
    }

    pub fn is_paused(&self) -> bool {
        *self.paused.borrow()
    }
}

async fn dispatch(
    hub: Arc<Hub>,
    mut rx: mpsc::UnboundedReceiver<Batch>,
    mut paused: watch::Receiver<bool>,
) {
    while let Some(batch) = rx.recv().await {
        // Sleep only when the batch is not due yet: under load most batches are, and a timer
        // round trip per batch would serialise the dispatcher.
        if batch.ready_at > tokio::time::Instant::now() {
            tokio::time::sleep_until(batch.ready_at).await;
        }
        while *paused.borrow_and_update() {
            if paused.changed().await.is_err() {
                return;
            }
        }
        for n in batch.notes {
            tracing::debug!(agent = n.agent, channel = n.channel, "notify");
            hub.publish(n.agent, n.channel, &n.data);
        }
    }
}
