//! The agent's state as the widget shows it, derived from the device's `userState`.
//! GWS reports After Call Work as `NotReady` + `workMode: AfterCallWork`, and just after login may
//! report a bare `LoggedIn`; both are mapped to something an agent recognises.

use crate::i18n::{Msg, Text};
use gws_protocol::{AgentState, Device, UserState};

/// The agent's status in the widget's vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentStatus {
    LoggedOut,
    /// Logged in on the switch, neither Ready nor NotReady yet.
    LoggedIn,
    Ready,
    NotReady,
    AfterCallWork,
    /// A custom state, kept verbatim.
    Other(String),
}

impl AgentStatus {
    pub fn from_user_state(user_state: &UserState) -> Self {
        let work_mode = user_state.work_mode.as_deref().unwrap_or_default();
        match &user_state.state {
            AgentState::Ready => AgentStatus::Ready,
            AgentState::NotReady if work_mode.eq_ignore_ascii_case("AfterCallWork") => {
                AgentStatus::AfterCallWork
            }
            AgentState::NotReady => AgentStatus::NotReady,
            AgentState::LoggedIn => AgentStatus::LoggedIn,
            AgentState::LoggedOut => AgentStatus::LoggedOut,
            // The settings list spells it "Logout".
            AgentState::Unknown(s) if s.eq_ignore_ascii_case("Logout") => AgentStatus::LoggedOut,
            AgentState::Unknown(s) => AgentStatus::Other(s.clone()),
        }
    }

    /// Our own label (the server's displayName, when present, is preferred by [`AgentView`]).
    pub fn label(&self) -> Text {
        Text::from(match self {
            AgentStatus::LoggedOut => Msg::AgentLoggedOut,
            AgentStatus::LoggedIn => Msg::AgentLoggedIn,
            AgentStatus::Ready => Msg::AgentReady,
            AgentStatus::NotReady => Msg::AgentNotReady,
            AgentStatus::AfterCallWork => Msg::AgentAfterCallWork,
            AgentStatus::Other(s) => return Text::raw(s.clone()),
        })
    }

    /// State changes the agent may ask for from here. Logged out needs a new session first.
    pub fn allowed_actions(&self) -> Vec<AgentAction> {
        match self {
            AgentStatus::LoggedOut => Vec::new(),
            current => AgentAction::ALL
                .into_iter()
                .filter(|action| action.target() != *current)
                .collect(),
        }
    }
}

/// A state change the agent can request (`POST /api/v2/me/channels/voice`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgentAction {
    Ready,
    NotReady,
    AfterCallWork,
}

impl AgentAction {
    pub const ALL: [AgentAction; 3] = [
        AgentAction::Ready,
        AgentAction::NotReady,
        AgentAction::AfterCallWork,
    ];

    /// The `operationName` for `/api/v2/me/channels/voice`.
    pub fn operation(&self) -> &'static str {
        match self {
            AgentAction::Ready => "Ready",
            AgentAction::NotReady => "NotReady",
            AgentAction::AfterCallWork => "AfterCallWork",
        }
    }

    /// Button text / accessible name.
    pub fn label(&self) -> Msg {
        match self {
            AgentAction::Ready => Msg::SetReady,
            AgentAction::NotReady => Msg::SetNotReady,
            AgentAction::AfterCallWork => Msg::SetAfterCallWork,
        }
    }

    pub fn target(&self) -> AgentStatus {
        match self {
            AgentAction::Ready => AgentStatus::Ready,
            AgentAction::NotReady => AgentStatus::NotReady,
            AgentAction::AfterCallWork => AgentStatus::AfterCallWork,
        }
    }
}

/// What the widget shows about the agent and their phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentView {
    pub status: AgentStatus,
    /// The name the contact center configured for this state ("Out to Lunch"), when the
    /// server's displayName says more than the state's standard name (which is shown in the
    /// agent's language instead).
    pub configured_name: Option<String>,
    pub reason: Option<String>,
    pub device_id: String,
    /// The agent's own number (DN).
    pub phone_number: String,
    pub do_not_disturb: bool,
    /// Device-level operations GWS allows now (DoNotDisturbOn, ForwardCallsOn, …).
    pub device_capabilities: Vec<String>,
}

impl AgentView {
    /// A device without `userState` counts as logged out.
    pub fn from_device(device: &Device) -> Self {
        let status = device
            .user_state
            .as_ref()
            .map_or(AgentStatus::LoggedOut, AgentStatus::from_user_state);
        let configured_name = device
            .user_state
            .as_ref()
            .and_then(|u| u.display_name.clone())
            .filter(|name| !name.trim().is_empty() && !is_standard_name(name));
        AgentView {
            configured_name,
            reason: device.user_state.as_ref().and_then(|u| u.reason.clone()),
            device_id: device.id.clone(),
            phone_number: device.phone_number.clone(),
            do_not_disturb: device
                .do_not_disturb
                .as_deref()
                .is_some_and(|d| d.eq_ignore_ascii_case("On")),
            device_capabilities: device.capabilities.clone(),
            status,
        }
    }

    pub fn allowed_actions(&self) -> Vec<AgentAction> {
        self.status.allowed_actions()
    }

    /// The state as the agent reads it: "Not Ready (Lunch)"; a configured name that already
    /// says the reason ("Out to Lunch") stays as it is.
    pub fn label(&self) -> Text {
        let reason = self.reason.as_deref().filter(|r| !r.trim().is_empty());
        match &self.configured_name {
            // A configured name that already says the reason ("Out to Lunch") stays as it is.
            Some(name)
                if reason.is_some_and(|r| {
                    name.to_ascii_lowercase().contains(&r.to_ascii_lowercase())
                }) =>
            {
                Text::raw(name.clone())
            }
            Some(name) => with_reason(Text::raw(name.clone()), reason),
            None => with_reason(self.status.label(), reason),
        }
    }
}

/// A state with its reason, if it has one: "Not Ready (Lunch)".
pub fn with_reason(state: Text, reason: Option<&str>) -> Text {
    match reason.filter(|r| !r.trim().is_empty()) {
        Some(reason) => Text::new(Msg::AgentStateWithReason, vec![state.into(), reason.into()]),
        None => state,
    }
}

/// A displayName that only repeats a state's standard name ("Ready", "NotReady", "After Call
/// Work"): the widget says it in the agent's language instead.
pub fn is_standard_name(name: &str) -> bool {
    let key: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    matches!(
        key.as_str(),
        "ready"
            | "notready"
            | "aftercallwork"
            | "acw"
            | "loggedin"
            | "login"
            | "loggedout"
            | "logout"
            | "offline"
    )
}
