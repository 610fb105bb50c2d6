//! Turning protocol/store data into the words and rows the UI shows.

use bayeux::{ConnectionState, TransportKind};
use dialer_core::store::CallStore;
use gws_protocol::{Call, CallState, User};

use crate::state::{AgentView, CallRow, ConnectionView, ControlView, Level, value_text};

pub fn state_label(state: &CallState) -> String {
    match state {
        CallState::Dialing => "Dialing".into(),
        CallState::Ringing => "Ringing".into(),
        CallState::Established => "Connected".into(),
        CallState::Held => "On hold".into(),
        CallState::Released => "Ended".into(),
        CallState::Unknown(s) => s.clone(),
    }
}

fn wire_state(state: &CallState) -> String {
    serde_json::to_value(state)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| state_label(state))
}

pub fn call_rows(store: &CallStore) -> Vec<CallRow> {
    store
        .calls()
        .map(|view| {
            let call = &view.call;
            let user_data = call
                .user_data
                .as_ref()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), value_text(v))).collect())
                .unwrap_or_default();
            let controls = view
                .controls()
                .into_iter()
                .map(|c| ControlView {
                    operation: c.operation().to_string(),
                    label: c.label().to_string(),
                })
                .collect();
            CallRow {
                id: call.id.clone(),
                state: wire_state(&call.state),
                state_label: state_label(&call.state),
                other_party: view
                    .other_party()
                    .unwrap_or_else(|| "Unknown number".into()),
                started_ms: Some(view.started_ms),
                ended_ms: view.released_at_ms,
                user_data,
                controls,
                capabilities: call.capabilities.clone(),
                released: call.state == CallState::Released,
                muted: call
                    .mute
                    .as_deref()
                    .is_some_and(|m| m.eq_ignore_ascii_case("On")),
            }
        })
        .collect()
}

pub fn user_name(user: &User) -> String {
    let full = format!("{} {}", user.first_name, user.last_name);
    let full = full.trim();
    if full.is_empty() {
        user.user_name.clone()
    } else {
        full.to_string()
    }
}

pub fn agent_view(agent: &dialer_core::agent::AgentView, name: String, busy: bool) -> AgentView {
    AgentView {
        name,
        number: agent.phone_number.clone(),
        state: agent.label.clone(),
        ready: agent.status == dialer_core::agent::AgentStatus::Ready,
        busy,
    }
}

fn transport_words(t: &TransportKind) -> &'static str {
    match t {
        TransportKind::WebSocket => "WebSocket",
        TransportKind::LongPolling => "long-polling",
    }
}

pub fn connection_view(state: &ConnectionState) -> ConnectionView {
    let (level, text) = match state {
        ConnectionState::Disconnected => (Level::Off, "Not connected".to_string()),
        ConnectionState::Connecting { .. } => (Level::Warn, "Connecting…".to_string()),
        ConnectionState::Connected { transport } => (
            Level::Ok,
            format!("Live updates on ({})", transport_words(transport)),
        ),
        ConnectionState::Reconnecting { delay_ms, .. } => (
            Level::Warn,
            format!(
                "Connection lost. Reconnecting in {} s…",
                delay_ms.div_ceil(1000)
            ),
        ),
        ConnectionState::Stopped { reason } => (
            Level::Bad,
            format!("Live updates stopped: {reason}. Reload the page to try again."),
        ),
    };
    ConnectionView { level, text }
}

/// One sentence for the aria-live region.
pub fn announce_call(call: &Call) -> String {
    let party = call
        .other_party()
        .unwrap_or_else(|| "unknown number".into());
    match call.state {
        CallState::Dialing => format!("Dialing {party}."),
        CallState::Ringing => format!("Call from {party} is ringing."),
        CallState::Established => format!("Connected to {party}."),
        CallState::Held => format!("Call with {party} is on hold."),
        CallState::Released => format!("Call with {party} ended."),
        CallState::Unknown(ref s) => format!("Call with {party}: {s}."),
    }
}

/// "Hold", "Hang up", … for an operationName, for messages.
pub fn operation_words(op: &str) -> String {
    dialer_core::controls::Control::from_operation(op)
        .map(|c| c.label().to_string())
        .unwrap_or_else(|| op.to_string())
}
