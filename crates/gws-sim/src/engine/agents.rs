//! Agents, their device, agent state (voice channel), DND and forwarding.

use super::{CHANNEL_DEVICES, Effects, Note, World, views};
use crate::config::{AgentConfig, AgentStateConfig};
use crate::error::GwsError;
use gws_protocol::AgentStateChange;

pub const STATE_ID_READY: &str = "9430250E-0A1B-421F-B372-F29E69366DED";
pub const STATE_ID_NOT_READY: &str = "900D55CC-2BB0-431F-8BF9-D3525B383BE6";
pub const STATE_ID_ACW: &str = "D3663509-3D82-4DD3-A82E-2EA8EFA02AEF";
pub const STATE_ID_OFFLINE: &str = "0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentState {
    LoggedOut,
    /// Just after StartContactCenterSession (no id/displayName, as in the real LOG).
    LoggedIn,
    /// A state entered with an agent-state operation: what the device's `userState` shows.
    Set(UserStateView),
}

/// A device's `userState` `{id, displayName, state[, workMode][, reason]}` (reference §4.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserStateView {
    pub id: String,
    pub display_name: String,
    /// `Ready` | `NotReady` | `LoggedOut`.
    pub state: &'static str,
    pub work_mode: Option<String>,
    pub reason: Option<String>,
}

impl AgentState {
    /// Logged out on voice (never logged in, or entered a `Logout` state such as Offline).
    pub fn is_logged_out(&self) -> bool {
        match self {
            AgentState::LoggedOut => true,
            AgentState::Set(v) => v.state == "LoggedOut",
            AgentState::LoggedIn => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Agent {
    pub index: usize,
    pub username: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    pub user_id: String,
    pub device_id: String,
    pub dn: String,
    pub place: Option<String>,
    pub state: AgentState,
    pub session_active: bool,
    pub dnd: bool,
    pub forward_to: Option<String>,
}

impl Agent {
    pub fn from_config(index: usize, a: &AgentConfig) -> Agent {
        // Stable generated ids so restarts keep URLs valid in a demo browser tab.
        let user_id = a
            .user_id
            .clone()
            .unwrap_or_else(|| format!("3f65ac876a48452f83ffb58cfc58{index:04x}"));
        let device_id = a.device_id.clone().unwrap_or_else(|| {
            format!(
                "27379f71-0f5a-42a1-b899-{:012x}",
                0xea44_56c6_b337_u64 + index as u64
            )
        });
        Agent {
            index,
            username: a.username.clone(),
            password: a.password.clone(),
            first_name: a.first_name.clone(),
            last_name: a.last_name.clone(),
            user_id,
            device_id,
            dn: a.dn.clone(),
            place: a.place.clone(),
            state: AgentState::LoggedOut,
            session_active: false,
            dnd: false,
            forward_to: None,
        }
    }

    pub fn device_capabilities(&self) -> Vec<&'static str> {
        vec![
            if self.dnd {
                "DoNotDisturbOff"
            } else {
                "DoNotDisturbOn"
            },
            if self.forward_to.is_some() {
                "ForwardCallsOff"
            } else {
                "ForwardCallsOn"
            },
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceOp {
    DoNotDisturbOn,
    DoNotDisturbOff,
    ForwardCallsOn(String),
    ForwardCallsOff,
}

impl DeviceOp {
    pub fn name(&self) -> &'static str {
        match self {
            DeviceOp::DoNotDisturbOn => "DoNotDisturbOn",
            DeviceOp::DoNotDisturbOff => "DoNotDisturbOff",
            DeviceOp::ForwardCallsOn(_) => "ForwardCallsOn",
            DeviceOp::ForwardCallsOff => "ForwardCallsOff",
        }
    }
}

impl World {
    pub fn device_note(&self, agent: usize) -> Note {
        Note {
            agent,
            channel: CHANNEL_DEVICES,
            data: views::device_state_message(self, agent),
        }
    }

    /// StartContactCenterSession: logs the voice channel in. Returns the channels that failed
    /// (the simulator serves voice only, like a GWS without Interaction Server).
    pub fn start_session(&mut self, agent: usize) -> Effects {
        let a = &mut self.agents[agent];
        a.session_active = true;
        if a.state.is_logged_out() {
            a.state = AgentState::LoggedIn;
        }
        Effects {
            notes: vec![self.device_note(agent)],
            timers: vec![],
        }
    }

    pub fn end_session(&mut self, agent: usize) -> Effects {
        let a = &mut self.agents[agent];
        a.session_active = false;
        a.state = AgentState::LoggedOut;
        Effects {
            notes: vec![self.device_note(agent)],
            timers: vec![],
        }
    }

    /// The configured agent state for `op` (and `reason`), if listed.
    fn agent_state_setting(&self, op: &str, reason: Option<&str>) -> Option<&AgentStateConfig> {
        self.cfg
            .agent_states
            .iter()
            .find(|s| s.operation_name == op && s.reason.as_deref() == reason)
    }

    /// The id of a configured state: its own, or one generated from its place in the list.
    pub fn agent_state_id(&self, index: usize) -> String {
        match &self.cfg.agent_states[index].id {
            Some(id) => id.clone(),
            None => format!("5E77A6E0-0000-4000-8000-{:012X}", index + 1),
        }
    }

    /// What an agent-state request enters (reference §4.2–4.3): Ready (optional work mode),
    /// NotReady (optional reason and work mode: a configured reason gives its id and display
    /// name, any other reason is passed through as a real server passes it to T-Server),
    /// AfterCallWork, or a configured custom state by its operationName (`Logout` states such
    /// as Offline log the voice channel out). Anything else is statusCode 10.
    pub fn resolve_agent_state(&self, change: &AgentStateChange) -> Result<AgentState, GwsError> {
        let op = change.operation_name.as_str();
        let view = |setting: Option<&AgentStateConfig>, id: &str, name: &str, state| {
            let index = setting.and_then(|s| {
                self.cfg
                    .agent_states
                    .iter()
                    .position(|x| std::ptr::eq(x, s))
            });
            UserStateView {
                id: index
                    .map(|i| self.agent_state_id(i))
                    .unwrap_or_else(|| id.to_string()),
                display_name: setting
                    .map(|s| s.display_name.clone())
                    .filter(|d| !d.is_empty())
                    .unwrap_or_else(|| name.to_string()),
                state,
                work_mode: None,
                reason: None,
            }
        };
        let state = match op {
            "Ready" => UserStateView {
                work_mode: change.work_mode.clone(),
                ..view(
                    self.agent_state_setting("Ready", None),
                    STATE_ID_READY,
                    "Ready",
                    "Ready",
                )
            },
            "NotReady" => {
                let reason = change.reason.as_deref().filter(|r| !r.is_empty());
                let setting = self.agent_state_setting("NotReady", reason);
                let configured = setting.is_some();
                let setting = setting.or_else(|| self.agent_state_setting("NotReady", None));
                UserStateView {
                    work_mode: change.work_mode.clone().or_else(|| {
                        setting
                            .and_then(|s| s.work_mode.clone())
                            .filter(|_| configured)
                    }),
                    reason: reason.map(str::to_string),
                    ..view(setting, STATE_ID_NOT_READY, "Not Ready", "NotReady")
                }
            }
            "AfterCallWork" => UserStateView {
                work_mode: Some("AfterCallWork".to_string()),
                ..view(
                    self.agent_state_setting("AfterCallWork", None),
                    STATE_ID_ACW,
                    "AfterCallWork",
                    "NotReady",
                )
            },
            custom => {
                let Some(setting) = self
                    .cfg
                    .agent_states
                    .iter()
                    .find(|s| s.operation_name == custom)
                else {
                    let mut names: Vec<&str> = vec!["Ready", "NotReady", "AfterCallWork"];
                    for s in &self.cfg.agent_states {
                        if !names.contains(&s.operation_name.as_str()) {
                            names.push(&s.operation_name);
                        }
                    }
                    let shown: String = custom.chars().take(64).collect();
                    return Err(GwsError::validation(format!(
                        "'{shown}' is not a valid operationName here; expected one of {} (GET /api/v2/settings/agent-states lists them).",
                        names.join(", ")
                    )));
                };
                let state = match setting.state.as_str() {
                    "Ready" => "Ready",
                    "Logout" => "LoggedOut",
                    _ => "NotReady",
                };
                UserStateView {
                    work_mode: setting.work_mode.clone(),
                    reason: setting.reason.clone(),
                    ..view(Some(setting), STATE_ID_NOT_READY, custom, state)
                }
            }
        };
        Ok(AgentState::Set(state))
    }

    pub fn set_agent_state(
        &mut self,
        agent: usize,
        change: &AgentStateChange,
    ) -> Result<Effects, GwsError> {
        if !self.agents[agent].session_active {
            return Err(GwsError::invalid_state(format!(
                "Agent '{}' is logged out on voice; send StartContactCenterSession first",
                self.agents[agent].username
            )));
        }
        let state = self.resolve_agent_state(change)?;
        self.agents[agent].state = state;
        Ok(Effects {
            notes: vec![self.device_note(agent)],
            timers: vec![],
        })
    }

    pub fn device_operation(
        &mut self,
        agent: usize,
        device_id: &str,
        op: DeviceOp,
    ) -> Result<Effects, GwsError> {
        let a = &mut self.agents[agent];
        if a.device_id != device_id {
            return Err(GwsError::not_found(format!(
                "Device '{device_id}' was not found for this user"
            )));
        }
        if !a.device_capabilities().contains(&op.name()) {
            return Err(GwsError::invalid_state(format!(
                "'{}' is not valid for the device's current state (capabilities: {})",
                op.name(),
                a.device_capabilities().join(", ")
            )));
        }
        match op {
            DeviceOp::DoNotDisturbOn => a.dnd = true,
            DeviceOp::DoNotDisturbOff => a.dnd = false,
            DeviceOp::ForwardCallsOn(dest) => {
                if dest.trim().is_empty() {
                    return Err(GwsError::validation(
                        "'destination' must be a non-empty phone number string",
                    ));
                }
                a.forward_to = Some(dest)
            }
            DeviceOp::ForwardCallsOff => a.forward_to = None,
        }
        Ok(Effects {
            notes: vec![self.device_note(agent)],
            timers: vec![],
        })
    }
}
