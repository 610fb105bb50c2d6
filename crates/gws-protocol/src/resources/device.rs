//! The device resource (identical in GET answers and in DeviceStateChangeMessage).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::wire_enum::wire_string_enum;

wire_string_enum! {
    /// `userState.state`. The settings list says `Logout` but devices report `LoggedOut`;
    /// anything else (custom states) stays `Unknown`.
    AgentState {
        Ready => "Ready",
        NotReady => "NotReady",
        LoggedIn => "LoggedIn",
        LoggedOut => "LoggedOut",
    }
}

/// The agent's state on a device. Right after StartContactCenterSession only `state` may be present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub state: AgentState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UserState {
    /// A state with no id or display name (as reported right after login).
    pub fn new(state: AgentState) -> Self {
        UserState {
            id: None,
            display_name: None,
            state,
            work_mode: None,
            reason: None,
            extra: Map::new(),
        }
    }
}

/// A phone device (DN) the agent is logged in on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub id: String,
    /// `Active` | `Inactive`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_state: Option<UserState>,
    #[serde(default)]
    pub phone_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e164_number: Option<String>,
    /// `Private` | `Public` (public devices never get `Answer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephony_network: Option<String>,
    /// `On` | `Off`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub do_not_disturb: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forward_to: Option<String>,
    #[serde(default)]
    pub capabilities: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Device {
    /// A device with only id and number; fill the rest with struct-update syntax.
    pub fn new(id: impl Into<String>, phone_number: impl Into<String>) -> Self {
        Device {
            id: id.into(),
            device_state: None,
            user_state: None,
            phone_number: phone_number.into(),
            e164_number: None,
            telephony_network: None,
            do_not_disturb: None,
            forward_to: None,
            capabilities: Vec::new(),
            channels: None,
            uri: None,
            path: None,
            extra: Map::new(),
        }
    }

    /// Capability names are case-sensitive on the wire.
    pub fn has_capability(&self, op: &str) -> bool {
        self.capabilities.iter().any(|cap| cap == op)
    }

    /// The agent state, if the device reports one.
    pub fn agent_state(&self) -> Option<&AgentState> {
        self.user_state.as_ref().map(|user_state| &user_state.state)
    }
}
