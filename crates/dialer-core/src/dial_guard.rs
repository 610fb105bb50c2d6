//! One click = at most one Dial.
//!
//! Before the widget POSTs a Dial it asks the guard for a ticket. The guard refuses while any Dial is
//! still unanswered (to any number: a double-click whose second click lands on another number, because
//! the page moved under the pointer, must not dial twice), and while the number already has a live call. After a successful POST there is a gap before the server's "Dialing"
//! notification arrives; the guard keeps the number blocked for a short settle time so a click in that
//! gap cannot slip through. Nothing here retries a Dial.

use crate::i18n::{Msg, Text};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::numbers::{DialNumber, same_number};
use crate::store::CallStore;

/// Tunables; deserialisable from the widget's options (camelCase, all optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GuardConfig {
    /// A Dial request that never reports back stops blocking after this long (the click handler may
    /// have been torn down). The user can then try again deliberately.
    pub in_flight_timeout_ms: u64,
    /// After a successful Dial the number stays blocked until its call shows up, but at most this long
    /// after the click (measured from `begin`, so `finish` needs no clock).
    pub settle_ms: u64,
}

impl Default for GuardConfig {
    fn default() -> Self {
        Self {
            in_flight_timeout_ms: 15_000,
            settle_ms: 10_000,
        }
    }
}

impl GuardConfig {
    /// The widget's `dialGuard` option (camelCase keys, every field optional), exactly as the
    /// derived `Deserialize` reads it.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, String> {
        let map = value.as_object().ok_or("it must be an object")?;
        let mut config = GuardConfig::default();
        if let Some(ms) = crate::numbers::opt_u64(map, "inFlightTimeoutMs")? {
            config.in_flight_timeout_ms = ms;
        }
        if let Some(ms) = crate::numbers::opt_u64(map, "settleMs")? {
            config.settle_ms = ms;
        }
        Ok(config)
    }
}

/// Proof that a Dial may be sent; give it back with [`DialGuard::finish`]. Deliberately not `Clone`:
/// one ticket, one request.
#[derive(Debug, PartialEq, Eq)]
#[must_use = "a ticket must be returned with DialGuard::finish once the Dial request completes"]
pub struct DialTicket {
    id: u64,
    number: String,
}

impl DialTicket {
    pub fn number(&self) -> &str {
        &self.number
    }
}

/// Why a click did not produce a Dial. `Display` gives the sentence the widget shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialRefusal {
    /// A Dial to this number was sent and has not answered yet.
    AlreadyDialing { number: Text },
    /// The Dial succeeded; the call has not appeared yet.
    AwaitingCall { number: Text },
    /// This number already has a call that is not released.
    CallInProgress { number: Text },
    /// Another number is being dialled and has not been answered yet.
    OtherDialInFlight { number: Text, other: String },
}

impl DialRefusal {
    /// The plain-language sentence for the agent.
    pub fn message(&self) -> Text {
        match self {
            DialRefusal::AlreadyDialing { number } => {
                Text::new(Msg::GuardAlreadyDialing, vec![number.clone().into()])
            }
            DialRefusal::AwaitingCall { number } => {
                Text::new(Msg::GuardAwaitingCall, vec![number.clone().into()])
            }
            DialRefusal::CallInProgress { number } => {
                Text::new(Msg::GuardCallInProgress, vec![number.clone().into()])
            }
            DialRefusal::OtherDialInFlight { number, other } => Text::new(
                Msg::GuardOtherDial,
                vec![number.clone().into(), other.as_str().into()],
            ),
        }
    }
}

impl fmt::Display for DialRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().en())
    }
}

#[derive(Debug, Clone)]
struct Pending {
    id: u64,
    number: String,
    started_ms: u64,
    /// The request succeeded: now waiting for the call notification.
    succeeded: bool,
}

#[derive(Debug, Clone, Default)]
pub struct DialGuard {
    config: GuardConfig,
    next_id: u64,
    pending: Vec<Pending>,
    /// Numbers (participants) of calls that are not Released, as last reported by the store.
    live: Vec<String>,
}

impl DialGuard {
    pub fn new(config: GuardConfig) -> Self {
        Self {
            config,
            ..Self::default()
        }
    }

    pub fn config(&self) -> &GuardConfig {
        &self.config
    }

    /// Ask to dial `number`. On success the caller sends exactly one Dial and later calls `finish`.
    pub fn begin(&mut self, number: &DialNumber, now_ms: u64) -> Result<DialTicket, DialRefusal> {
        self.forget_stale(now_ms);
        let display = number.shown();
        if self.live.iter().any(|n| same_number(n, &number.number)) {
            return Err(DialRefusal::CallInProgress { number: display });
        }
        if let Some(p) = self
            .pending
            .iter()
            .find(|p| same_number(&p.number, &number.number))
        {
            return Err(if p.succeeded {
                DialRefusal::AwaitingCall { number: display }
            } else {
                DialRefusal::AlreadyDialing { number: display }
            });
        }
        // `forget_stale` dropped Dials unanswered past the timeout, so what is left is in flight.
        if let Some(other) = self.pending.iter().find(|p| !p.succeeded) {
            return Err(DialRefusal::OtherDialInFlight {
                number: display,
                other: other.number.clone(),
            });
        }
        self.next_id += 1;
        let ticket = DialTicket {
            id: self.next_id,
            number: number.number.clone(),
        };
        self.pending.push(Pending {
            id: ticket.id,
            number: ticket.number.clone(),
            started_ms: now_ms,
            succeeded: false,
        });
        Ok(ticket)
    }

    /// The Dial request completed. A failure frees the number at once (the user may click again); a
    /// success keeps it blocked until its call shows up or `settle_ms` passes.
    pub fn finish(&mut self, ticket: DialTicket, success: bool) {
        let Some(index) = self.pending.iter().position(|p| p.id == ticket.id) else {
            return;
        };
        if success && self.live.iter().all(|n| !same_number(n, &ticket.number)) {
            self.pending[index].succeeded = true;
        } else {
            self.pending.remove(index);
        }
    }

    /// Replace the set of live (not Released) call numbers. Once a dialled number shows up as a live
    /// call, the live-call check takes over from the settle wait, so a quick Released frees it.
    pub fn set_live_numbers<I, S>(&mut self, numbers: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.live = numbers.into_iter().map(Into::into).collect();
        let live = &self.live;
        self.pending
            .retain(|p| !p.succeeded || !live.iter().any(|n| same_number(n, &p.number)));
    }

    /// Convenience: feed the live numbers straight from the call store.
    pub fn observe(&mut self, store: &CallStore) {
        self.set_live_numbers(store.live_numbers());
    }

    /// Whether any Dial is in flight or settling (e.g. to show a spinner).
    pub fn is_busy(&self, now_ms: u64) -> bool {
        self.pending
            .iter()
            .any(|p| !p.expired(&self.config, now_ms))
    }

    fn forget_stale(&mut self, now_ms: u64) {
        let config = &self.config;
        self.pending.retain(|p| !p.expired(config, now_ms));
    }
}

impl Pending {
    /// In flight past the timeout, or succeeded and past the settle time.
    fn expired(&self, config: &GuardConfig, now_ms: u64) -> bool {
        let limit = if self.succeeded {
            config.settle_ms
        } else {
            config.in_flight_timeout_ms
        };
        now_ms.saturating_sub(self.started_ms) >= limit
    }
}
