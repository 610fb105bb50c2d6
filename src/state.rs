//! What the UI shows (a snapshot the session controller publishes) and what the UI can ask for.
//! Plain data: components render it, nothing here talks to the network.

use serde_json::{Map, Value};

#[derive(Clone, Debug, PartialEq, Default)]
pub enum Phase {
    /// Probing for an existing GWS session.
    #[default]
    Starting,
    /// No session: show the login form. `busy` while a login request runs.
    SignedOut { busy: bool },
    /// Signed in; the contact-center session is (being) started.
    Active,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AgentView {
    pub name: String,
    /// The agent's DN (device phone number).
    pub number: String,
    /// "Ready", "Not Ready", "Logged in", "Logged out", or what the server said.
    pub state: String,
    pub ready: bool,
    /// An agent-state request is in flight.
    pub busy: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Level {
    #[default]
    Off,
    Ok,
    Warn,
    Bad,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct ConnectionView {
    pub level: Level,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ControlView {
    /// GWS operationName, e.g. "Hangup".
    pub operation: String,
    /// Accessible name, e.g. "Hang up".
    pub label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CallRow {
    pub id: String,
    /// Wire state ("Dialing", "Established", …).
    pub state: String,
    /// Label for people ("Dialing", "Connected", "On hold", "Ended", …).
    pub state_label: String,
    pub other_party: String,
    /// When the call was first seen (ms since epoch), for the running duration.
    pub started_ms: Option<u64>,
    /// When it ended; the duration stops there.
    pub ended_ms: Option<u64>,
    /// userData as key / text pairs (nested values as JSON text). Rendered as text only.
    pub user_data: Vec<(String, String)>,
    /// Buttons, exactly as the call's capabilities allow.
    pub controls: Vec<ControlView>,
    /// All capabilities (the keypad and data editor check them).
    pub capabilities: Vec<String>,
    pub released: bool,
    pub muted: bool,
}

impl CallRow {
    pub fn can(&self, operation: &str) -> bool {
        self.capabilities.iter().any(|c| c == operation)
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct ViewState {
    pub heading: String,
    pub phase: Phase,
    pub agent: Option<AgentView>,
    pub connection: ConnectionView,
    pub calls: Vec<CallRow>,
    /// A Dial request is in flight: the dial button is disabled.
    pub dial_in_flight: bool,
    /// (call id, operationName) requests in flight: those buttons are disabled.
    pub pending: Vec<(String, String)>,
    pub error: Option<String>,
    pub notice: Option<String>,
    /// Latest sentence for the aria-live region (call state changes, dial results).
    pub announcement: String,
}

/// A call operation the UI (or the JS API) asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum CallCommand {
    /// Operations without parameters: Answer, Hangup, Hold, Retrieve, MuteCall, UnmuteCall,
    /// ClearCall, Reject, DeleteUserData.
    Simple(String),
    SendDtmf(String),
    AttachUserData(Map<String, Value>),
    UpdateUserData(Map<String, Value>),
    DeleteUserDataPair(String),
}

impl CallCommand {
    pub fn operation_name(&self) -> &str {
        match self {
            CallCommand::Simple(op) => op,
            CallCommand::SendDtmf(_) => "SendDtmf",
            CallCommand::AttachUserData(_) => "AttachUserData",
            CallCommand::UpdateUserData(_) => "UpdateUserData",
            CallCommand::DeleteUserDataPair(_) => "DeleteUserDataPair",
        }
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
    fn nested_user_data_is_json_text() {
        assert_eq!(value_text(&Value::String("<b>x</b>".into())), "<b>x</b>");
        assert_eq!(
            value_text(&serde_json::json!({"a": 1})),
            "{\"a\":1}".to_string()
        );
    }
}
