//! Publishes engine notifications to CometD in order, after the HTTP reply (a small delay, as
//! the real server's T-Server round trip), and holds them while paused by the admin API.
//!
//! Dispatch is spread over one task per runtime worker thread (at most 8): an agent's
//! notifications always go through the same task, so each agent sees them in the order the
//! engine made them, while different agents' notifications are published in parallel.
//!
//! Notifications due at once (no configured delay: a switch event, or
//! `notification_delay_ms = 0`) are published by the caller when nothing is paused or waiting
//! in their task: the same order, one task hop less for each of them (under load every hop
//! waits behind the other ready tasks).

use crate::cometd::Hub;
use crate::engine::Note;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

struct Batch {
    ready_at: tokio::time::Instant,
    notes: Vec<Note>,
}

pub struct Notifier {
    shards: Vec<Shard>,
    paused: watch::Sender<bool>,
    hub: Arc<Hub>,
}

struct Shard {
    tx: mpsc::UnboundedSender<Batch>,
    /// Batches sent to this shard's task and not yet published.
    pending: Arc<AtomicUsize>,
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
                let pending = Arc::new(AtomicUsize::new(0));
                tokio::spawn(dispatch(
                    hub.clone(),
                    rx,
                    paused.subscribe(),
                    pending.clone(),
                ));
                Shard { tx, pending }
            })
            .collect();
        Notifier {
            shards,
            paused,
            hub,
        }
    }

    pub fn send(&self, notes: Vec<Note>, delay: Duration) {
        if notes.is_empty() {
            return;
        }
        let n = self.shards.len();
        if n == 1 || notes.iter().all(|x| x.agent % n == notes[0].agent % n) {
            let shard = notes[0].agent % n;
            self.send_to(shard, notes, delay);
            return;
        }
        let mut per_shard: Vec<Vec<Note>> = (0..n).map(|_| Vec::new()).collect();
        for note in notes {
            per_shard[note.agent % n].push(note);
        }
        for (shard, notes) in per_shard.into_iter().enumerate() {
            if !notes.is_empty() {
                self.send_to(shard, notes, delay);
            }
        }
    }

    fn send_to(&self, shard: usize, notes: Vec<Note>, delay: Duration) {
        let shard = &self.shards[shard];
        // Due now, nothing paused, nothing of this shard's still waiting: publish here (the
        // order is the same as through the task, which would publish them next).
        if delay.is_zero() && !self.is_paused() && shard.pending.load(Ordering::Acquire) == 0 {
            publish(&self.hub, notes);
            return;
        }
        let ready_at = tokio::time::Instant::now() + delay;
        shard.pending.fetch_add(1, Ordering::AcqRel);
        if shard.tx.send(Batch { ready_at, notes }).is_err() {
            shard.pending.fetch_sub(1, Ordering::AcqRel);
        }
    }

    pub fn set_paused(&self, paused: bool) {
        self.paused.send_replace(paused);
    }

    pub fn is_paused(&self) -> bool {
        *self.paused.borrow()
    }
}

fn publish(hub: &Hub, notes: Vec<Note>) {
    for n in notes {
        tracing::debug!(agent = n.agent, channel = n.channel, "notify");
        hub.publish(n.agent, n.channel, &n.data);
    }
}

async fn dispatch(
    hub: Arc<Hub>,
    mut rx: mpsc::UnboundedReceiver<Batch>,
    mut paused: watch::Receiver<bool>,
    pending: Arc<AtomicUsize>,
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
        publish(&hub, batch.notes);
        pending.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bayeux::{META_HANDSHAKE, META_SUBSCRIBE, Message, Subscription};

    fn note(n: u32) -> Note {
        Note {
            agent: 0,
            channel: crate::engine::CHANNEL_CALLS,
            data: n.to_string(),
        }
    }

    /// The data of the messages queued for the client, in order.
    fn queued(hub: &Hub, client: &str) -> Vec<String> {
        hub.client(client)
            .unwrap()
            .drain()
            .iter()
            .map(|m| {
                let v: serde_json::Value = serde_json::from_str(m).unwrap();
                v["data"].to_string()
            })
            .collect()
    }

    #[tokio::test]
    async fn due_notifications_keep_their_order_behind_delayed_and_paused_ones() {
        let hub = Arc::new(Hub::new(1000, 1000, 100, true));
        let mut hs = Message::new(META_HANDSHAKE);
        hs.version = Some("1.0".into());
        let processed = hub.process(0, vec![hs], "websocket");
        let id = processed.handshaken.unwrap().id.clone();
        let mut sub = Message::new(META_SUBSCRIBE);
        sub.client_id = Some(id.clone());
        sub.subscription = Some(Subscription::One(crate::engine::CHANNEL_CALLS.into()));
        hub.process(0, vec![sub], "websocket");
        let notifier = Notifier::with_shards(hub.clone(), 1);

        // Due at once, nothing waiting: published before `send` returns.
        notifier.send(vec![note(1)], Duration::ZERO);
        assert_eq!(queued(&hub, &id), ["1"]);
        // A delayed one waits; one due at once waits behind it.
        notifier.send(vec![note(2)], Duration::from_millis(50));
        notifier.send(vec![note(3)], Duration::ZERO);
        assert!(queued(&hub, &id).is_empty());
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(queued(&hub, &id), ["2", "3"]);
        // Paused: held until resumed.
        notifier.set_paused(true);
        notifier.send(vec![note(4)], Duration::ZERO);
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(queued(&hub, &id).is_empty());
        notifier.set_paused(false);
        notifier.send(vec![note(5)], Duration::ZERO);
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(queued(&hub, &id), ["4", "5"]);
        notifier.send(vec![note(6), note(7)], Duration::ZERO);
        assert_eq!(queued(&hub, &id), ["6", "7"]);
    }
}
