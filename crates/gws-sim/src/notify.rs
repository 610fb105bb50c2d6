//! Publishes engine notifications to CometD in order, after the HTTP reply (a small delay, as
//! the real server's T-Server round trip), and holds them while paused by the admin API.

use crate::cometd::Hub;
use crate::engine::Note;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::{Notify, mpsc};

struct Batch {
    ready_at: tokio::time::Instant,
    notes: Vec<Note>,
}

pub struct Notifier {
    tx: mpsc::UnboundedSender<Batch>,
    paused: Arc<AtomicBool>,
    resumed: Arc<Notify>,
}

impl Notifier {
    /// Starts the single dispatcher task; one task keeps the publication order FIFO.
    pub fn start(hub: Arc<Hub>) -> Notifier {
        let (tx, mut rx) = mpsc::unbounded_channel::<Batch>();
        let paused = Arc::new(AtomicBool::new(false));
        let resumed = Arc::new(Notify::new());
        let (p, r) = (paused.clone(), resumed.clone());
        tokio::spawn(async move {
            while let Some(batch) = rx.recv().await {
                // Sleep only when the batch is not due yet: under load most batches are, and a
                // timer round trip per batch would serialise this single dispatcher task.
                if batch.ready_at > tokio::time::Instant::now() {
                    tokio::time::sleep_until(batch.ready_at).await;
                }
                while p.load(Ordering::SeqCst) {
                    r.notified().await;
                }
                for n in batch.notes {
                    tracing::debug!(agent = n.agent, channel = n.channel, "notify");
                    hub.publish(n.agent, n.channel, &n.data);
                }
            }
        });
        Notifier {
            tx,
            paused,
            resumed,
        }
    }

    pub fn send(&self, notes: Vec<Note>, delay: Duration) {
        if notes.is_empty() {
            return;
        }
        let _ = self.tx.send(Batch {
            ready_at: tokio::time::Instant::now() + delay,
            notes,
        });
    }

    pub fn set_paused(&self, paused: bool) {
        self.paused.store(paused, Ordering::SeqCst);
        if !paused {
            self.resumed.notify_one();
        }
    }

    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::SeqCst)
    }
}
