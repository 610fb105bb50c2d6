//! Everything the request handlers share.

use crate::cometd::Hub;
use crate::config::SimConfig;
use crate::engine::{Effects, World};
use crate::faults::Faults;
use crate::http::auth::Sessions;
use crate::notify::Notifier;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub type AppState = Arc<Shared>;

pub struct Shared {
    pub config: Arc<SimConfig>,
    world: Mutex<World>,
    pub hub: Arc<Hub>,
    pub sessions: Sessions,
    pub faults: Faults,
    pub notifier: Notifier,
    csrf: AtomicBool,
}

impl Shared {
    pub fn new(config: Arc<SimConfig>, base_url: String) -> AppState {
        let t = &config.timing;
        let hub = Arc::new(Hub::new(
            t.cometd_timeout_ms,
            t.cometd_max_interval_ms,
            t.cometd_queue_limit,
            config.websocket,
        ));
        Arc::new(Shared {
            world: Mutex::new(World::new(config.clone(), base_url)),
            notifier: Notifier::start(hub.clone()),
            hub,
            sessions: Sessions::default(),
            faults: Faults::default(),
            csrf: AtomicBool::new(config.csrf),
            config,
        })
    }

    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn csrf_enabled(&self) -> bool {
        self.csrf.load(Ordering::SeqCst)
    }

    pub fn set_csrf(&self, on: bool) {
        self.csrf.store(on, Ordering::SeqCst);
    }

    /// Publishes the notifications after the configured delay and arms the timers.
    pub fn apply(self: &Arc<Self>, fx: Effects) {
        self.apply_with_delay(
            fx,
            Duration::from_millis(self.config.timing.notification_delay_ms),
        );
    }

    /// Publishes at once (admin-driven and switch-originated events).
    pub fn apply_now(self: &Arc<Self>, fx: Effects) {
        self.apply_with_delay(fx, Duration::ZERO);
    }

    fn apply_with_delay(self: &Arc<Self>, fx: Effects, delay: Duration) {
        // Timers first: a task spawned or woken last runs next on this worker (tokio's LIFO
        // slot), and that should be the connection a notification was just queued for, not a
        // timer that sleeps anyway.
        for (after, event) in fx.timers {
            let app = self.clone();
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                let fx = app.world().on_timer(event);
                // Switch-originated events have no HTTP reply to wait for.
                app.apply_with_delay(fx, Duration::ZERO);
            });
        }
        self.notifier.send(fx.notes, delay);
    }
}
