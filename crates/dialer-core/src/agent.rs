//! The agent's state as the widget shows it, derived from the device's `userState`.
//! GWS reports After Call Work as `NotReady` + `workMode: AfterCallWork`, and just after login may
//! report a bare `LoggedIn`; both are mapped to something an agent recognises.

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
    pub fn label(&self) -> String {
        match self {
            AgentStatus::LoggedOut => "Logged out".into(),
            AgentStatus::LoggedIn => "Logged in".into(),
            AgentStatus::Ready => "Ready".into(),
            AgentStatus::NotReady => "Not Ready".into(),
            AgentStatus::AfterCallWork => "After Call Work".into(),
            AgentStatus::Other(s) => s.clone(),
        }
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
    pub fn label(&self) -> &'static str {
        match self {
            AgentAction::Ready => "Set Ready",
            AgentAction::NotReady => "Set Not Ready",
            AgentAction::AfterCallWork => "Set After Call Work",
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
    /// The server's displayName when it sent one ("Not Ready"), else ours.
    pub label: String,
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
        let label = device
            .user_state
            .as_ref()
            .and_then(|u| u.display_name.clone())
            .filter(|name| !name.trim().is_empty())
            .unwrap_or_else(|| status.label());
        AgentView {
            label,
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
}
