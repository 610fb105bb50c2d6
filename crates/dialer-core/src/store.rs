//! The widget's view of the agent's calls and state, fed by CometD notifications and by the
//! `GET /api/v2/me/calls` resync. The call resource in each message is the truth: we replace, never
//! merge. Every mutation returns the [`StoreEvent`]s the UI should react to, and applying the same
//! information twice returns nothing, so a reconnect that replays messages is harmless.

use gws_protocol::{
    Call, CallState, CallStateChangeMessage, Device, DeviceStateChangeMessage, ErrorMessage,
    Metrics, Notification, NotificationData,
};

use crate::agent::AgentView;
use crate::controls::{Control, controls_for};
use crate::errors::describe_async_error;

/// How many removed call ids we remember to reject late messages about them.
const MAX_TOMBSTONES: usize = 128;

/// Tunables; all times in milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StoreConfig {
    /// How long a Released call stays visible before [`CallStore::expire`] removes it.
    pub linger_ms: u64,
}

impl Default for StoreConfig {
    fn default() -> Self {
        Self { linger_ms: 5_000 }
    }
}

/// One call as the widget shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallView {
    /// The latest call resource from the server (or Released by us when a resync no longer lists it).
    pub call: Call,
    /// When the widget first saw the call.
    pub first_seen_ms: u64,
    /// When the call's current state began (as observed by the widget).
    pub state_since_ms: u64,
    /// Estimated start of the call: first sight minus the server's `duration` at that moment. Only
    /// read once, so the running duration never jumps with the string `duration`.
    pub started_ms: u64,
    /// When the call became Released (drives the linger time).
    pub released_at_ms: Option<u64>,
    /// `metrics.eventProcessing.serverGenerationTimestamp` of the newest message applied.
    pub server_timestamp: Option<i64>,
    /// The store's count of notifications when one last told us about this call (0: only
    /// resyncs did), so an older snapshot never overrides it (see [`CallStore::resync`]).
    noticed: u64,
}

impl CallView {
    fn new(call: Call, now_ms: u64, server_timestamp: Option<i64>) -> Self {
        let already_ms = call
            .duration
            .as_deref()
            .and_then(|d| d.trim().parse::<u64>().ok())
            .map_or(0, |secs| secs.saturating_mul(1000));
        let released = call.state == CallState::Released;
        CallView {
            call,
            first_seen_ms: now_ms,
            state_since_ms: now_ms,
            started_ms: now_ms.saturating_sub(already_ms),
            released_at_ms: released.then_some(now_ms),
            server_timestamp,
            noticed: 0,
        }
    }

    pub fn id(&self) -> &str {
        &self.call.id
    }

    pub fn state(&self) -> &CallState {
        &self.call.state
    }

    pub fn is_live(&self) -> bool {
        self.call.state != CallState::Released
    }

    /// Running call duration for display; frozen at the release.
    pub fn duration_ms(&self, now_ms: u64) -> u64 {
        let end = self.released_at_ms.unwrap_or(now_ms);
        end.saturating_sub(self.started_ms)
    }

    /// How long the call has been in its current state.
    pub fn in_state_ms(&self, now_ms: u64) -> u64 {
        now_ms.saturating_sub(self.state_since_ms)
    }

    pub fn controls(&self) -> Vec<Control> {
        controls_for(&self.call)
    }

    pub fn other_party(&self) -> Option<String> {
        self.call.other_party()
    }
}

/// What changed; each carries a snapshot the UI can render or forward to the host page.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreEvent {
    CallAdded {
        call: Call,
    },
    /// Anything about a live call changed. `previous_state` lets the UI announce state changes only;
    /// `previous_id` is set when the call was re-keyed (previousConnId / same callUuid).
    CallChanged {
        call: Call,
        previous_state: CallState,
        previous_id: Option<String>,
    },
    CallReleased {
        call: Call,
    },
    /// A Released call's linger time is over; it is gone from the list.
    CallRemoved {
        id: String,
    },
    /// Anything about our device's agent view changed (state, label, DND, capabilities).
    AgentStateChanged {
        previous: Option<AgentView>,
        current: AgentView,
    },
    /// An `ErrorMessage` from the server, in plain words.
    ServerError {
        message: crate::i18n::Text,
        code: Option<i64>,
        call_id: Option<String>,
    },
    /// A message the store did not use: for logging (its `Display` says why in words).
    Ignored {
        reason: Ignored,
    },
}

/// Why a message changed nothing. Typed, so the widget, which only drops them, carries no
/// formatting for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    UnknownType {
        message_type: Option<String>,
        channel: String,
    },
    /// A known message type the call list does not use (e.g. channel states).
    NotForCalls { channel: String },
    /// Older than what the call already shows, or about a call already removed.
    Stale(String),
    /// The release of a call never seen live.
    ReleasedUnseen(String),
}

impl std::fmt::Display for Ignored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ignored::UnknownType {
                message_type,
                channel,
            } => write!(
                f,
                "unknown message type {} on {channel}",
                message_type.as_deref().unwrap_or("(none)")
            ),
            Ignored::NotForCalls { channel } => {
                write!(f, "message on {channel} is not used by the call list")
            }
            Ignored::Stale(id) => write!(f, "stale message for call {id} ignored"),
            Ignored::ReleasedUnseen(id) => {
                write!(f, "call {id} was released before it was seen")
            }
        }
    }
}

#[derive(Debug, Clone)]
struct Tombstone {
    id: String,
    server_timestamp: Option<i64>,
    /// [`CallView::noticed`] of the removed call.
    noticed: u64,
}

/// A point in the store's stream of notifications, taken when a resync asks the server: what the
/// server answers is older than every notification applied after the mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark(u64);

#[derive(Debug, Clone, Default)]
pub struct CallStore {
    config: StoreConfig,
    calls: Vec<CallView>,
    tombstones: Vec<Tombstone>,
    device_id: Option<String>,
    device: Option<Device>,
    agent: Option<AgentView>,
    last_error: Option<(i64, Option<i64>, Option<String>)>,
    /// Notifications applied so far (the clock of [`Mark`]).
    notices: u64,
    /// `notices` when a notification last told us about our device.
    device_noticed: u64,
}

impl CallStore {
    pub fn new(config: StoreConfig) -> Self {
        Self {
            config,
            ..Self::default()
        }
    }

    pub fn config(&self) -> &StoreConfig {
        &self.config
    }

    /// Calls in order of first appearance (Released ones included while they linger).
    pub fn calls(&self) -> impl Iterator<Item = &CallView> {
        self.calls.iter()
    }

    pub fn live_calls(&self) -> impl Iterator<Item = &CallView> {
        self.calls.iter().filter(|v| v.is_live())
    }

    pub fn get(&self, id: &str) -> Option<&CallView> {
        self.calls.iter().find(|v| v.call.id == id)
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// Every number a live call is connected to (for the dial guard).
    pub fn live_numbers(&self) -> Vec<String> {
        let mut numbers = Vec::new();
        for view in self.live_calls() {
            for p in &view.call.participants {
                let n = p.display_number();
                if !n.is_empty() {
                    numbers.push(n.to_string());
                }
            }
            if let Some(n) = view.call.other_party() {
                numbers.push(n);
            }
        }
        numbers.sort_unstable(); // equal strings are indistinguishable: no stable sort needed
        numbers.dedup();
        numbers
    }

    /// The agent's state on our device, once known.
    pub fn agent(&self) -> Option<&AgentView> {
        self.agent.as_ref()
    }

    pub fn device(&self) -> Option<&Device> {
        self.device.as_ref()
    }

    /// Which device is ours (from `GET /api/v2/me`). Until set, the first device reported is adopted.
    pub fn set_device_id(&mut self, id: impl Into<String>) {
        self.device_id = Some(id.into());
    }

    /// When the next Released call is due for removal, so the UI can arm one timer.
    pub fn next_expiry_ms(&self) -> Option<u64> {
        self.calls
            .iter()
            .filter_map(|v| v.released_at_ms)
            .map(|t| t.saturating_add(self.config.linger_ms))
            .min()
    }

    /// Apply one CometD notification.
    pub fn apply(&mut self, notification: &Notification, now_ms: u64) -> Vec<StoreEvent> {
        self.notices += 1;
        match &notification.data {
            NotificationData::CallStateChange(message) => self.apply_call_message(message, now_ms),
            NotificationData::DeviceStateChange(message) => self.apply_devices(message),
            NotificationData::Error(message) => self.apply_error(message),
            NotificationData::Unknown { message_type, .. } => vec![StoreEvent::Ignored {
                reason: Ignored::UnknownType {
                    message_type: message_type.clone(),
                    channel: notification.channel.clone(),
                },
            }],
            _ => vec![StoreEvent::Ignored {
                reason: Ignored::NotForCalls {
                    channel: notification.channel.clone(),
                },
            }],
        }
    }

    /// Where the stream of notifications stands: take it when asking the server for its truth,
    /// and hand it to [`CallStore::resync`] / [`CallStore::resync_devices`] with the answer.
    pub fn mark(&self) -> Mark {
        Mark(self.notices)
    }

    /// Make the view equal the server's list of calls (`GET /api/v2/me/calls?fields=*`), asked
    /// for at `asked`: unknown calls are added, changed ones replaced, live calls the server no
    /// longer has become Released. A call a notification told us about after `asked` is left as
    /// that newer notification says: the answer may have been read before the call rang, or
    /// before it ended.
    pub fn resync(&mut self, calls: Vec<Call>, asked: Mark, now_ms: u64) -> Vec<StoreEvent> {
        let newer = |noticed: u64| noticed > asked.0;
        let mut events = Vec::new();
        let listed: Vec<String> = calls.iter().map(|c| c.id.clone()).collect();
        for call in calls {
            if self
                .tombstones
                .iter()
                .any(|t| t.id == call.id && newer(t.noticed))
            {
                continue; // ended and removed since the server was asked
            }
            self.tombstones.retain(|t| t.id != call.id);
            match self.index_of(&call.id) {
                Some(i) if newer(self.calls[i].noticed) => {}
                Some(i) => events.extend(self.replace(i, call, None, now_ms)),
                None => events.extend(self.insert(call, None, now_ms)),
            }
        }
        for i in 0..self.calls.len() {
            let view = &self.calls[i];
            if view.is_live() && !listed.contains(&view.call.id) && !newer(view.noticed) {
                let mut released = view.call.clone();
                released.state = CallState::Released;
                released.capabilities.clear();
                let ts = view.server_timestamp;
                events.extend(self.replace(i, released, ts, now_ms));
            }
        }
        events
    }

    /// Replace our device's state from a GET (`/api/v2/me?subresources=*` or `/me/devices`)
    /// asked for at `asked`, unless a notification told us about the device since.
    pub fn resync_devices(&mut self, devices: &[Device], asked: Mark) -> Vec<StoreEvent> {
        if self.device_noticed > asked.0 {
            return Vec::new();
        }
        self.update_device(devices)
    }

    /// Remove Released calls whose linger time is over.
    pub fn expire(&mut self, now_ms: u64) -> Vec<StoreEvent> {
        let linger = self.config.linger_ms;
        let mut events = Vec::new();
        let mut kept = Vec::with_capacity(self.calls.len());
        for view in self.calls.drain(..) {
            match view.released_at_ms {
                Some(at) if now_ms >= at.saturating_add(linger) => {
                    events.push(StoreEvent::CallRemoved {
                        id: view.call.id.clone(),
                    });
                    self.tombstones.push(Tombstone {
                        id: view.call.id,
                        server_timestamp: view.server_timestamp,
                        noticed: view.noticed,
                    });
                }
                _ => kept.push(view),
            }
        }
        self.calls = kept;
        self.trim_tombstones();
        events
    }

    fn index_of(&self, id: &str) -> Option<usize> {
        self.calls.iter().position(|v| v.call.id == id)
    }

    fn trim_tombstones(&mut self) {
        if self.tombstones.len() > MAX_TOMBSTONES {
            let excess = self.tombstones.len() - MAX_TOMBSTONES;
            self.tombstones.drain(..excess);
        }
    }

    fn apply_call_message(
        &mut self,
        message: &CallStateChangeMessage,
        now_ms: u64,
    ) -> Vec<StoreEvent> {
        let call = message.call.clone();
        let ts = server_timestamp(message.metrics.as_ref());

        if let Some(tomb) = self.tombstones.iter().find(|t| t.id == call.id) {
            // A removed call comes back only if the server says so with a newer message.
            let newer = matches!((ts, tomb.server_timestamp), (Some(new), Some(old)) if new > old);
            if !newer {
                return vec![ignored_stale(&call.id)];
            }
            let id = call.id.clone();
            self.tombstones.retain(|t| t.id != id);
        }

        let index = match self.index_of(&call.id) {
            Some(i) => Some(i),
            None => self.rekey_candidate(&call),
        };
        let Some(i) = index else {
            if call.state == CallState::Released {
                // Never seen live: nothing to show, but remember it so late messages stay buried.
                self.tombstones.push(Tombstone {
                    id: call.id.clone(),
                    server_timestamp: ts,
                    noticed: self.notices,
                });
                self.trim_tombstones();
                return vec![StoreEvent::Ignored {
                    reason: Ignored::ReleasedUnseen(call.id.clone()),
                }];
            }
            let events = self.insert(call, ts, now_ms);
            if let Some(view) = self.calls.last_mut() {
                view.noticed = self.notices;
            }
            return events;
        };

        let view = &self.calls[i];
        if let (Some(new), Some(old)) = (ts, view.server_timestamp)
            && new < old
        {
            return vec![ignored_stale(&call.id)];
        }
        if !view.is_live() && call.state != CallState::Released {
            // Released is final for a call id; only a strictly newer message may say otherwise.
            let newer = matches!((ts, view.server_timestamp), (Some(new), Some(old)) if new > old);
            if !newer {
                return vec![ignored_stale(&call.id)];
            }
        }
        self.calls[i].noticed = self.notices;
        self.replace(i, call, ts, now_ms)
    }

    /// A call whose id changed (transfer/conference on old servers) is found by the
    /// `previousConnId` hint or by the same `callUuid`, so it keeps its place and timers.
    fn rekey_candidate(&self, call: &Call) -> Option<usize> {
        let previous = call
            .extra
            .get("previousConnId")
            .and_then(serde_json::Value::as_str)
            .filter(|p| !p.is_empty());
        if let Some(previous) = previous
            && let Some(i) = self
                .calls
                .iter()
                .position(|v| v.call.id == previous || v.call.conn_id.as_deref() == Some(previous))
        {
            return Some(i);
        }
        let uuid = call.call_uuid.as_deref().filter(|u| !u.is_empty())?;
        self.calls
            .iter()
            .position(|v| v.is_live() && v.call.call_uuid.as_deref() == Some(uuid))
    }

    fn insert(&mut self, call: Call, ts: Option<i64>, now_ms: u64) -> Vec<StoreEvent> {
        let view = CallView::new(call, now_ms, ts);
        let mut events = vec![StoreEvent::CallAdded {
            call: view.call.clone(),
        }];
        if !view.is_live() {
            events.push(StoreEvent::CallReleased {
                call: view.call.clone(),
            });
        }
        self.calls.push(view);
        events
    }

    /// Replace the call at `i` with the server's resource, returning what changed.
    fn replace(&mut self, i: usize, call: Call, ts: Option<i64>, now_ms: u64) -> Vec<StoreEvent> {
        let view = &mut self.calls[i];
        if ts.is_some() {
            view.server_timestamp = ts;
        }
        if view.call == call {
            return Vec::new(); // the same information again: nothing to report
        }
        let previous_state = view.call.state.clone();
        let previous_id = (view.call.id != call.id).then(|| view.call.id.clone());
        if previous_state != call.state {
            view.state_since_ms = now_ms;
        }
        let released_now =
            call.state == CallState::Released && previous_state != CallState::Released;
        view.released_at_ms = match call.state {
            CallState::Released => view.released_at_ms.or(Some(now_ms)),
            _ => None,
        };
        view.call = call;
        let snapshot = view.call.clone();
        if released_now {
            vec![StoreEvent::CallReleased { call: snapshot }]
        } else {
            vec![StoreEvent::CallChanged {
                call: snapshot,
                previous_state,
                previous_id,
            }]
        }
    }

    fn apply_devices(&mut self, message: &DeviceStateChangeMessage) -> Vec<StoreEvent> {
        self.device_noticed = self.notices;
        self.update_device(&message.devices)
    }

    fn update_device(&mut self, devices: &[Device]) -> Vec<StoreEvent> {
        let ours = match &self.device_id {
            Some(id) => devices.iter().find(|d| &d.id == id),
            None => devices.first(),
        };
        let Some(device) = ours else {
            return Vec::new();
        };
        if self.device_id.is_none() {
            self.device_id = Some(device.id.clone());
        }
        self.device = Some(device.clone());
        let current = AgentView::from_device(device);
        if self.agent.as_ref() == Some(&current) {
            return Vec::new();
        }
        let previous = self.agent.replace(current.clone());
        vec![StoreEvent::AgentStateChanged { previous, current }]
    }

    fn apply_error(&mut self, message: &ErrorMessage) -> Vec<StoreEvent> {
        let ts = server_timestamp(message.metrics.as_ref());
        let call_id = message
            .call_uri
            .as_deref()
            .and_then(|uri| uri.trim_end_matches('/').rsplit('/').next())
            .filter(|id| !id.is_empty())
            .map(str::to_string);
        // A replayed error (same server timestamp and content) is reported once.
        if let Some(ts) = ts {
            let key = (ts, message.error_code, message.error_message.clone());
            if self.last_error.as_ref() == Some(&key) {
                return Vec::new();
            }
            self.last_error = Some(key);
        }
        let about_device = message.device_path.is_some() || message.device_uri.is_some();
        vec![StoreEvent::ServerError {
            message: describe_async_error(
                message.error_code,
                message.error_message.as_deref(),
                call_id.is_some(),
                about_device,
            ),
            code: message.error_code,
            call_id,
        }]
    }
}

fn server_timestamp(metrics: Option<&Metrics>) -> Option<i64> {
    metrics?
        .event_processing
        .as_ref()?
        .server_generation_timestamp
}

fn ignored_stale(id: &str) -> StoreEvent {
    StoreEvent::Ignored {
        reason: Ignored::Stale(id.to_string()),
    }
}
