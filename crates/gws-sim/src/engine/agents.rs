//! Agents, their device, agent state (voice channel), DND and forwarding.

use super::{CHANNEL_DEVICES, Effects, Note, World, views};
use crate::config::AgentConfig;
use crate::error::GwsError;

pub const STATE_ID_READY: &str = "9430250E-0A1B-421F-B372-F29E69366DED";
pub const STATE_ID_NOT_READY: &str = "900D55CC-2BB0-431F-8BF9-D3525B383BE6";
pub const STATE_ID_ACW: &str = "D3663509-3D82-4DD3-A82E-2EA8EFA02AEF";
pub const STATE_ID_OFFLINE: &str = "0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentState {
    LoggedOut,
    /// Just after StartContactCenterSession (no id/displayName, as in the real LOG).
    LoggedIn,
    Ready {
        work_mode: Option<String>,
    },
    NotReady {
        reason: Option<String>,
        work_mode: Option<String>,
    },
    AfterCallWork,
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

/// Agent-state operations on `/api/v2/me/channels/voice` (and `/api/v2/me`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentStateOp {
    Ready {
        work_mode: Option<String>,
    },
    NotReady {
        reason: Option<String>,
        work_mode: Option<String>,
    },
    AfterCallWork,
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
        if a.state == AgentState::LoggedOut {
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

    pub fn set_agent_state(&mut self, agent: usize, op: AgentStateOp) -> Result<Effects, GwsError> {
        let a = &mut self.agents[agent];
        if !a.session_active {
            return Err(GwsError::invalid_state(format!(
                "Agent '{}' is logged out on voice; send StartContactCenterSession first",
                a.username
            )));
        }
        a.state = match op {
            AgentStateOp::Ready { work_mode } => AgentState::Ready { work_mode },
            AgentStateOp::NotReady { reason, work_mode } => {
                AgentState::NotReady { reason, work_mode }
            }
            AgentStateOp::AfterCallWork => AgentState::AfterCallWork,
        };
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
