//! After the call and around it: the agent states GWS offers (with Not Ready reasons and custom
//! states), dispositions for released calls (wrap-up), and the agent's recent calls.
//!
//! The lists come from the server when a session starts (`GET /api/v2/settings/agent-states`,
//! `GET /internal-api/business-attributes`); when a server does not offer them, the widget keeps
//! its built-in Ready / Not Ready / After Call Work and offers no wrap-up.

use crate::i18n::{Msg, Text};
use gws_protocol::settings::{AgentStateSetting, DISPOSITION_ATTRIBUTE, DISPOSITION_KEY};

use super::*;

/// The agent states GWS offers (reference §4.2).
pub const AGENT_STATE_SETTINGS: &str = "/api/v2/settings/agent-states";
/// Business attributes, of which `DispositionCode` lists the dispositions (reference §8).
pub const BUSINESS_ATTRIBUTES: &str = "/internal-api/business-attributes";

/// How many recent calls the widget keeps.
pub const RECENT_CALLS: usize = 20;

/// A call that ended, as the recent-calls list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct RecentCall {
    pub call_id: String,
    pub number: String,
    pub direction: Direction,
    /// It was answered (was Established at some point).
    pub connected: bool,
    pub started_ms: u64,
    pub ended_ms: u64,
    /// The disposition code chosen for it.
    pub disposition: Option<String>,
    /// Still waiting for a disposition (dispositions exist and none was chosen or skipped).
    pub wrap_up: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Inbound,
    Outbound,
    Internal,
}

impl Direction {
    pub fn name(&self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
            Direction::Internal => "internal",
        }
    }

    pub fn from_name(name: &str) -> Option<Direction> {
        [Direction::Inbound, Direction::Outbound, Direction::Internal]
            .into_iter()
            .find(|d| d.name() == name)
    }
}

impl Desk {
    /// Read the server's agent states and dispositions (once per session).
    pub(super) fn load_settings(&mut self) {
        self.get(AGENT_STATE_SETTINGS, Purpose::AgentSettings);
        self.get(BUSINESS_ATTRIBUTES, Purpose::Dispositions);
    }

    pub(super) fn agent_settings_done(&mut self, result: HttpResult) {
        let settings = result
            .ok()
            .filter(|r| r.status == 200)
            .and_then(|r| json(&r.body))
            .and_then(|b| lean::answer(&b, "settings", lean::agent_state_setting).ok())
            .and_then(|(_, s)| s);
        if let Session::Active(active) = &mut self.session {
            active.agent_states_answered = true;
        }
        match settings {
            Some(settings) => {
                if let Session::Active(active) = &mut self.session {
                    active.agent_states = settings;
                }
            }
            None => self.outputs.push_back(Output::Log(
                "no agent-state settings from the server: the built-in states are offered".into(),
            )),
        }
    }

    pub(super) fn dispositions_done(&mut self, result: HttpResult) {
        let attributes = result
            .ok()
            .filter(|r| r.status == 200)
            .and_then(|r| json(&r.body))
            .and_then(|b| lean::answer(&b, "businessAttributes", lean::business_attribute).ok())
            .and_then(|(_, a)| a)
            .unwrap_or_default();
        let codes: Vec<(String, String)> = attributes
            .into_iter()
            .find(|a| a.name == DISPOSITION_ATTRIBUTE)
            .map(|a| {
                a.values
                    .iter()
                    .map(|v| (v.name.clone(), v.label().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        if let Session::Active(active) = &mut self.session {
            active.dispositions = codes;
        }
    }

    /// Enter one of the server's agent states (by its `id`).
    pub(super) fn set_agent_state(&mut self, intent: Option<IntentId>, id: &str) {
        let Session::Active(active) = &self.session else {
            return self.refuse(intent, not_signed_in());
        };
        let Some(setting) = active.agent_states.iter().find(|s| s.id == id).cloned() else {
            return self.refuse(
                intent,
                DeskError::new(ErrorCode::InvalidInput, Msg::StatusNotOffered),
            );
        };
        if self
            .requests
            .values()
            .any(|p| matches!(p, Purpose::AgentState { .. }))
        {
            return self.refuse(intent, DeskError::new(ErrorCode::Busy, Msg::StatusBusy));
        }
        self.post(
            paths::VOICE_CHANNEL,
            &setting.operation(),
            Purpose::AgentState { intent },
        );
    }

    /// The agent states offered now: the server's, except the one the agent is in.
    pub(super) fn agent_choices(active: &Active) -> Vec<view::AgentChoice> {
        let current = active.store.agent();
        active
            .agent_states
            .iter()
            .filter(|s| !is_current(s, current))
            .map(|s| view::AgentChoice {
                id: s.id.clone(),
                label: setting_label(s),
            })
            .collect()
    }

    /// A call ended: it joins the recent calls (newest first), waiting for a disposition when
    /// the server offers them.
    pub(super) fn record_recent(&mut self, call: &gws_protocol::Call, now: u64) {
        let Session::Active(active) = &mut self.session else {
            return;
        };
        // What the list needed to know about the live call is read once and forgotten, also
        // when the call is listed already (nothing about an ended call stays behind).
        let dialled = take(&mut active.dialled, &call.id);
        let connected = take(&mut active.connected, &call.id);
        if active.recent.iter().any(|r| r.call_id == call.id) {
            return;
        }
        let started_ms = active.store.get(&call.id).map_or(now, |v| v.started_ms);
        // The agent dialled it (it was seen Dialing), or it came in; colleagues' and
        // consultation calls are internal.
        let direction = match call.call_type.as_deref() {
            _ if dialled => Direction::Outbound,
            Some("Outbound") => Direction::Outbound,
            Some("Internal" | "Consult") => Direction::Internal,
            _ => Direction::Inbound,
        };
        active.recent.insert(
            0,
            RecentCall {
                call_id: call.id.clone(),
                number: call.other_party().unwrap_or_default(),
                direction,
                connected,
                started_ms,
                ended_ms: now,
                disposition: None,
                wrap_up: !active.dispositions.is_empty(),
            },
        );
        active.recent.truncate(RECENT_CALLS);
        self.remember_recent();
    }

    /// Remember facts about live calls the recent list needs once they end.
    pub(super) fn observe_call(&mut self, call: &gws_protocol::Call) {
        let Session::Active(active) = &mut self.session else {
            return;
        };
        let remember = |list: &mut Vec<String>| {
            if !list.contains(&call.id) {
                list.push(call.id.clone());
            }
        };
        if call.state == CallState::Established {
            remember(&mut active.connected);
        }
        if call.state == CallState::Dialing {
            remember(&mut active.dialled);
        }
    }

    /// Choose a disposition for an ended call (`None`: skip the wrap-up). It is attached to the
    /// call as user data (`DispositionCode`), whatever the released call's capabilities say:
    /// GWS keeps a released call open to after-call data for a while.
    pub(super) fn wrap_up(
        &mut self,
        intent: Option<IntentId>,
        call_id: &str,
        code: Option<String>,
    ) {
        let Session::Active(active) = &mut self.session else {
            return self.refuse(intent, not_signed_in());
        };
        let Some(i) = active.recent.iter().position(|r| r.call_id == call_id) else {
            return self.refuse(
                intent,
                DeskError::new(ErrorCode::NoCall, Msg::CallNotInList),
            );
        };
        let Some(code) = code else {
            active.recent[i].wrap_up = false;
            self.remember_recent();
            self.changed();
            return self.settle(intent, Ok(Settled::Done));
        };
        if !active.dispositions.iter().any(|(c, _)| *c == code) {
            return self.refuse(
                intent,
                DeskError::new(ErrorCode::InvalidInput, Msg::DispositionNotOffered),
            );
        }
        if self
            .requests
            .values()
            .any(|p| matches!(p, Purpose::Disposition { call_id: c, .. } if c == call_id))
        {
            return self.refuse(
                intent,
                DeskError::new(ErrorCode::Busy, Msg::DispositionBusy),
            );
        }
        let mut data = serde_json::Map::new();
        data.insert(DISPOSITION_KEY.into(), Value::String(code.clone()));
        let body = gws_protocol::CallOperation::UpdateUserData { user_data: data };
        self.post(
            &paths::call(call_id),
            &body,
            Purpose::Disposition {
                call_id: call_id.to_string(),
                code,
                intent,
            },
        );
    }

    pub(super) fn disposition_done(
        &mut self,
        call_id: String,
        code: String,
        intent: Option<IntentId>,
        result: HttpResult,
        now: u64,
    ) {
        if let Some((error, lost)) = request_error(&result, &Attempt::CallControl(None)) {
            self.refuse(intent, error);
            if lost {
                self.session_lost(now);
            }
            return;
        }
        if let Session::Active(active) = &mut self.session
            && let Some(recent) = active.recent.iter_mut().find(|r| r.call_id == call_id)
        {
            recent.disposition = Some(code.clone());
            recent.wrap_up = false;
        }
        self.remember_recent();
        self.emit(HostEvent::WrapUp { call_id, code });
        self.settle(intent, Ok(Settled::Done));
        self.changed();
    }

    pub(super) fn recent_rows(active: &Active) -> Vec<view::RecentRow> {
        let label = |code: &str| {
            active
                .dispositions
                .iter()
                .find(|(c, _)| c == code)
                .map_or_else(|| code.to_string(), |(_, l)| l.clone())
        };
        active
            .recent
            .iter()
            .map(|r| view::RecentRow {
                call_id: r.call_id.clone(),
                number: r.number.clone(),
                direction: r.direction,
                connected: r.connected,
                started_ms: r.started_ms,
                ended_ms: r.ended_ms,
                disposition: r.disposition.as_deref().map(label),
                wrap_up: r.wrap_up,
            })
            .collect()
    }
}

/// The server's name for the state (its display name, else its reason, else its operation).
/// The contact center's name for a state when it configured one ("Out to Lunch"), else the
/// state in the agent's language with its reason ("Not Ready (Lunch)").
fn setting_label(s: &AgentStateSetting) -> Text {
    let name = s.display_name.trim();
    if !name.is_empty() && !crate::agent::is_standard_name(name) {
        return Text::raw(name);
    }
    let state = match setting_status(s) {
        AgentStatus::Other(_) => Text::raw(s.operation_name.clone()),
        status => status.label(),
    };
    crate::agent::with_reason(state, s.reason.as_deref())
}

/// Whether the agent is in this state now (same state, work mode and reason).
fn is_current(s: &AgentStateSetting, current: Option<&crate::agent::AgentView>) -> bool {
    let Some(current) = current else {
        return false;
    };
    setting_status(s) == current.status && s.reason.as_deref() == current.reason.as_deref()
}

fn setting_status(s: &AgentStateSetting) -> AgentStatus {
    match (s.state.as_str(), s.work_mode.as_deref()) {
        ("Ready", _) => AgentStatus::Ready,
        ("NotReady", Some(m)) if m.eq_ignore_ascii_case("AfterCallWork") => {
            AgentStatus::AfterCallWork
        }
        ("NotReady", _) => AgentStatus::NotReady,
        ("Logout" | "LoggedOut", _) => AgentStatus::LoggedOut,
        (other, _) => AgentStatus::Other(other.to_string()),
    }
}

// ------------------------------------------------------------------ kept in sessionStorage

/// The `sessionStorage` key of the recent calls of the widget for this GWS.
pub fn recent_calls_key(base_url: &str) -> String {
    format!("gws-dialer:recent:{}", base_url.trim_end_matches('/'))
}

/// The recent calls as the widget keeps them in `sessionStorage`: the agent's user name and
/// the calls, nothing else (never a password or a token). Written by hand: no serde derives in
/// the widget.
pub fn encode_recent(user_name: &str, recent: &[RecentCall]) -> String {
    let calls = recent
        .iter()
        .map(|r| {
            let mut m = serde_json::Map::new();
            m.insert("id".into(), r.call_id.clone().into());
            m.insert("number".into(), r.number.clone().into());
            m.insert("direction".into(), r.direction.name().into());
            m.insert("connected".into(), r.connected.into());
            m.insert("started".into(), r.started_ms.into());
            m.insert("ended".into(), r.ended_ms.into());
            m.insert("disposition".into(), r.disposition.clone().into());
            m.insert("wrapUp".into(), r.wrap_up.into());
            Value::Object(m)
        })
        .collect();
    let mut m = serde_json::Map::new();
    m.insert("v".into(), 1.into());
    m.insert("user".into(), user_name.into());
    m.insert("calls".into(), Value::Array(calls));
    Value::Object(m).to_string()
}

/// The recent calls kept for `user_name`; `None` when the text is someone else's or not
/// exactly what [`encode_recent`] writes.
pub fn decode_recent(text: &str, user_name: &str) -> Option<Vec<RecentCall>> {
    let value: Value = serde_json::from_str(text).ok()?;
    let map = value.as_object()?;
    if map.get("v")?.as_u64()? != 1 || map.get("user")?.as_str()? != user_name {
        return None;
    }
    let calls = map.get("calls")?.as_array()?;
    let mut out = calls
        .iter()
        .map(|c| {
            let c = c.as_object()?;
            let text = |k: &str| c.get(k)?.as_str().map(str::to_string);
            let num = |k: &str| c.get(k)?.as_u64();
            let flag = |k: &str| c.get(k)?.as_bool();
            Some(RecentCall {
                call_id: text("id")?,
                number: text("number")?,
                direction: Direction::from_name(c.get("direction")?.as_str()?)?,
                connected: flag("connected")?,
                started_ms: num("started")?,
                ended_ms: num("ended")?,
                disposition: match c.get("disposition")? {
                    Value::Null => None,
                    v => Some(v.as_str()?.to_string()),
                },
                wrap_up: flag("wrapUp")?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    out.truncate(RECENT_CALLS);
    Some(out)
}

impl Desk {
    /// What `sessionStorage` should hold now changed: the shell writes it
    /// ([`Desk::take_stored`]).
    pub(super) fn store_recent(&mut self, text: Option<String>) {
        if self.stored != text {
            self.stored = text;
            self.stored_changed = true;
        }
    }

    /// Keep the recent calls of the active session.
    pub(super) fn remember_recent(&mut self) {
        if let Session::Active(active) = &self.session {
            let text = encode_recent(&active.user_name, &active.recent);
            self.store_recent(Some(text));
        }
    }

    /// The recent calls kept for this agent, when the session starts.
    pub(super) fn restore_recent(&mut self) {
        if let Session::Active(active) = &mut self.session
            && let Some(recent) = self
                .stored
                .as_deref()
                .and_then(|t| decode_recent(t, &active.user_name))
        {
            active.recent = recent;
        }
    }
}

/// Remove `id` from a list of call ids; whether it was there.
fn take(ids: &mut Vec<String>, id: &str) -> bool {
    let before = ids.len();
    ids.retain(|i| i != id);
    ids.len() != before
}
