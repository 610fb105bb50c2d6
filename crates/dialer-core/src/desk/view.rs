//! What the widget shows, derived from the desk's state on demand (never stored, never read
//! back), and the words for it.

use crate::i18n::{Arg, Msg, Text};
use bayeux::{ConnectionState, TransportKind};
use gws_protocol::{Call, CallState};
use serde_json::Value;

use super::intent::CallSnapshot;
use crate::agent::{AgentAction, AgentStatus};
use crate::controls::Control;
use crate::store::CallView;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Phase {
    /// Probing for an existing GWS session.
    #[default]
    Starting,
    /// No session: the login form. `busy` while a login request runs.
    SignedOut { busy: bool },
    /// Signed in.
    Active,
}

impl Phase {
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Starting => "starting",
            Phase::SignedOut { .. } => "signed-out",
            Phase::Active => "active",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AgentRow {
    pub name: String,
    /// The agent's DN.
    pub number: String,
    /// "Ready", "Not Ready (Lunch)", …, or the state the contact center configured.
    pub state: Text,
    pub status: AgentStatus,
    /// State changes offered now (Ready / Not Ready); kept while one is being sent (then
    /// `busy`: shown disabled and marked busy).
    pub actions: Vec<AgentAction>,
    /// An agent-state or sign-out request is in flight.
    pub busy: bool,
    /// The server's agent states the agent may choose now (with reasons, custom states); none
    /// while a change is being sent.
    pub choices: Vec<AgentChoice>,
    /// The server's answer about its agent states is in (or its request failed) and offers
    /// nothing to choose: the status list says so instead of staying empty.
    pub no_choices: bool,
    /// Since when the agent is in this state (ms since epoch), for its running duration.
    pub since_ms: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AgentChoice {
    pub id: String,
    pub label: Text,
}

/// A number clicked on the page while a call is live: what the agent may do with it.
#[derive(Clone, Debug, PartialEq)]
pub struct OfferRow {
    /// Identifies the offer in the agent's choice ([`super::Intent::Offer`]).
    pub id: u64,
    /// The number as the widget shows it ("+12015550123 ext. 22").
    pub number: Text,
    /// The other party of the live call the offer is about, if the server named one.
    pub party: Option<String>,
    /// Dial it as a new call (not when it is already on a call).
    pub call: bool,
    /// The live call may be transferred to it, or it may be added to the call.
    pub transfer: bool,
    pub conference: bool,
}

/// An ended call in the recent-calls list.
#[derive(Clone, Debug, PartialEq)]
pub struct RecentRow {
    pub call_id: String,
    pub number: String,
    pub direction: super::Direction,
    pub connected: bool,
    pub started_ms: u64,
    pub ended_ms: u64,
    /// The chosen disposition's label.
    pub disposition: Option<String>,
    /// Waiting for a disposition.
    pub wrap_up: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Level {
    #[default]
    Off,
    Ok,
    Warn,
    Bad,
}

impl Level {
    pub fn name(&self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Ok => "ok",
            Level::Warn => "warn",
            Level::Bad => "bad",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConnectionRow {
    pub level: Level,
    pub text: Text,
}

impl Default for ConnectionRow {
    fn default() -> Self {
        ConnectionRow {
            level: Level::Off,
            text: Msg::ConnNotConnected.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CallRow {
    pub id: String,
    /// Wire state ("Dialing", "Established", …) for CSS classes.
    pub state: String,
    /// Words for people ("Dialing", "Connected", "On hold", "Ended", …).
    pub state_label: Text,
    /// The other party, if the server named one (see [`CallRow::party`]).
    pub other_party: Option<String>,
    /// When the call started (ms since epoch), for the running duration.
    pub started_ms: u64,
    /// When it ended; the duration stops there.
    pub ended_ms: Option<u64>,
    /// userData as key / text pairs (nested values as JSON text). Rendered as text only.
    pub user_data: Vec<(String, String)>,
    /// Buttons, exactly as the call's capabilities allow.
    pub controls: Vec<Control>,
    /// Operations of this call in flight (their buttons are disabled).
    pub pending: Vec<&'static str>,
    /// The keypad may send tones; the data editor may use these operations.
    pub can_dtmf: bool,
    pub can_attach: bool,
    pub can_update: bool,
    pub can_delete_pair: bool,
    pub can_delete_all: bool,
    pub released: bool,
    pub muted: bool,
    /// Everyone else on the call (a conference lists several), as numbers.
    pub parties: Vec<String>,
    /// A party may be removed (a conference).
    pub can_remove_party: bool,
    /// This is a consultation for the call with this party (the original call is on hold;
    /// the inner `None`: its party is unknown).
    pub consult_for: Option<Option<String>>,
    /// Transfer and conference forms the call allows: single step, consult first.
    pub can_transfer: bool,
    pub can_consult_transfer: bool,
    pub can_conference: bool,
    pub can_consult_conference: bool,
}

/// A party for a sentence: its number, or "unknown number".
pub fn party_arg(party: Option<&str>) -> Arg {
    party.map_or(Arg::from(Msg::UnknownNumberInSentence), Arg::from)
}

impl CallRow {
    /// The other party as a label: the number, or "Unknown number".
    pub fn party(&self) -> Text {
        self.other_party
            .as_deref()
            .map_or(Text::from(Msg::UnknownNumber), Text::raw)
    }

    /// The other party inside a sentence.
    pub fn party_arg(&self) -> Arg {
        party_arg(self.other_party.as_deref())
    }

    pub fn is_pending(&self, operation: &str) -> bool {
        self.pending.contains(&operation)
    }

    /// Single-step transfer (`transfer`) or conference allowed.
    pub fn can_single_step(&self, transfer: bool) -> bool {
        if transfer {
            self.can_transfer
        } else {
            self.can_conference
        }
    }

    /// Consult-first transfer (`transfer`) or conference allowed.
    pub fn can_consult(&self, transfer: bool) -> bool {
        if transfer {
            self.can_consult_transfer
        } else {
            self.can_consult_conference
        }
    }

    pub fn can_edit_data(&self) -> bool {
        self.can_attach || self.can_update || self.can_delete_pair || self.can_delete_all
    }
}

/// Whole seconds from `since_ms` to `until_ms` (an ended call's end), else to `now_ms`: what a
/// running duration shows. Only a running one (`until_ms` `None`) changes with the clock.
pub fn elapsed_s(since_ms: u64, until_ms: Option<u64>, now_ms: u64) -> u64 {
    until_ms.unwrap_or(now_ms).saturating_sub(since_ms) / 1000
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct View {
    pub heading: Text,
    pub phase: Phase,
    pub agent: Option<AgentRow>,
    pub connection: ConnectionRow,
    pub calls: Vec<CallRow>,
    /// A Dial request is in flight: the Dial button is disabled.
    pub dial_in_flight: bool,
    pub error: Option<Text>,
    /// Latest sentence for the aria-live region.
    pub announcement: Option<Text>,
    /// The last calls, newest first.
    pub recent: Vec<RecentRow>,
    /// Disposition codes and labels for wrap-up.
    pub dispositions: Vec<(String, String)>,
    /// A number clicked on the page while a call is live, waiting for the agent's choice.
    pub offer: Option<OfferRow>,
}

pub fn state_label(state: &CallState) -> Text {
    Text::from(match state {
        CallState::Dialing => Msg::StateDialing,
        CallState::Ringing => Msg::StateRinging,
        CallState::Established => Msg::StateConnected,
        CallState::Held => Msg::StateHeld,
        CallState::Released => Msg::StateEnded,
        CallState::Unknown(s) => return Text::raw(s.clone()),
    })
}

pub fn wire_state(state: &CallState) -> String {
    match state {
        CallState::Dialing => "Dialing".into(),
        CallState::Ringing => "Ringing".into(),
        CallState::Established => "Established".into(),
        CallState::Held => "Held".into(),
        CallState::Released => "Released".into(),
        CallState::Unknown(s) => s.clone(),
    }
}

/// Text for a userData value: strings as they are, everything else as compact JSON.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// "m:ss" (or "h:mm:ss") for a number of seconds.
pub fn format_duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, (seconds / 60) % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

fn is_muted(call: &Call) -> bool {
    call.mute
        .as_deref()
        .is_some_and(|m| m.eq_ignore_ascii_case("On"))
}

pub(crate) fn call_row(
    view: &CallView,
    pending: Vec<&'static str>,
    consult_for: Option<Option<String>>,
) -> CallRow {
    let call = &view.call;
    let can = |op: &str| call.state != CallState::Released && call.has_capability(op);
    CallRow {
        id: call.id.clone(),
        state: wire_state(&call.state),
        state_label: state_label(&call.state),
        other_party: view.other_party(),
        started_ms: view.started_ms,
        ended_ms: view.released_at_ms,
        user_data: call
            .user_data
            .as_ref()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), value_text(v))).collect())
            .unwrap_or_default(),
        controls: view.controls(),
        pending,
        can_dtmf: can("SendDtmf"),
        can_attach: can("AttachUserData"),
        can_update: can("UpdateUserData"),
        can_delete_pair: can("DeleteUserDataPair"),
        can_delete_all: can("DeleteUserData"),
        released: call.state == CallState::Released,
        muted: is_muted(call),
        parties: call
            .participants
            .iter()
            .map(|p| p.display_number().to_string())
            .filter(|n| !n.is_empty())
            .collect(),
        can_remove_party: can("RemoveParticipantFromConference"),
        consult_for,
        can_transfer: can("SingleStepTransfer"),
        can_consult_transfer: can("InitiateTransfer"),
        can_conference: can("SingleStepConference"),
        can_consult_conference: can("InitiateConference"),
    }
}

pub(crate) fn snapshot(call: &Call) -> CallSnapshot {
    CallSnapshot {
        id: call.id.clone(),
        state: wire_state(&call.state),
        call_uuid: call.call_uuid.clone(),
        call_type: call.call_type.clone(),
        other_party: call.other_party(),
        extension: None,
        participants: call
            .participants
            .iter()
            .map(|p| p.display_number().to_string())
            .filter(|n| !n.is_empty())
            .collect(),
        user_data: call.user_data.clone().unwrap_or_default(),
        capabilities: call.capabilities.clone(),
        muted: is_muted(call),
    }
}

fn transport_words(t: &TransportKind) -> Msg {
    match t {
        TransportKind::WebSocket => Msg::TransportWebSocket,
        TransportKind::LongPolling => Msg::TransportLongPolling,
    }
}

pub fn transport_name(t: &TransportKind) -> &'static str {
    match t {
        TransportKind::WebSocket => "websocket",
        TransportKind::LongPolling => "long-polling",
    }
}

pub(crate) fn connection_row(state: &ConnectionState) -> ConnectionRow {
    let (level, text) = match state {
        ConnectionState::Disconnected => (Level::Off, Msg::ConnNotConnected.into()),
        ConnectionState::Connecting { .. } => (Level::Warn, Msg::ConnConnecting.into()),
        ConnectionState::Connected { transport } => (
            Level::Ok,
            Text::new(Msg::ConnLive, vec![transport_words(transport).into()]),
        ),
        ConnectionState::Reconnecting { delay_ms, .. } => (
            Level::Warn,
            Text::new(Msg::ConnReconnecting, vec![delay_ms.div_ceil(1000).into()]),
        ),
        ConnectionState::Stopped { reason } => (
            Level::Bad,
            Text::new(Msg::ConnStopped, vec![reason.as_str().into()]),
        ),
    };
    ConnectionRow { level, text }
}

/// One sentence for the aria-live region.
pub(crate) fn announce_call(call: &Call) -> Text {
    let party = party_arg(call.other_party().as_deref());
    let msg = match call.state {
        CallState::Dialing => Msg::AnnDialing,
        CallState::Ringing => Msg::AnnRinging,
        CallState::Established => Msg::AnnConnected,
        CallState::Held => Msg::AnnHeld,
        CallState::Released => Msg::AnnEnded,
        CallState::Unknown(ref s) => {
            return Text::new(Msg::AnnOtherState, vec![party, s.as_str().into()]);
        }
    };
    Text::new(msg, vec![party])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_a_clock() {
        assert_eq!(format_duration(0), "0:00");
        assert_eq!(format_duration(65), "1:05");
        assert_eq!(format_duration(3725), "1:02:05");
    }

    #[test]
    fn only_a_running_duration_follows_the_clock() {
        // A call that ended shows the same seconds at every tick; a live one counts on.
        assert_eq!(elapsed_s(1_000, Some(6_500), 10_000), 5);
        assert_eq!(elapsed_s(1_000, Some(6_500), 99_000), 5);
        assert_eq!(elapsed_s(1_000, None, 10_999), 9);
        assert_eq!(elapsed_s(1_000, None, 11_000), 10);
        // A clock behind the start (another machine's time) shows 0:00, never wraps.
        assert_eq!(elapsed_s(5_000, None, 1_000), 0);
    }

    #[test]
    fn nested_user_data_is_json_text() {
        assert_eq!(value_text(&Value::String("<b>x</b>".into())), "<b>x</b>");
        assert_eq!(value_text(&serde_json::json!({"a": 1})), "{\"a\":1}");
    }
}
