//! Call control: Dial, inbound calls, every `POST /api/v2/me/calls/{id}` operation, and the far
//! end's reactions (timers). Each connection lists its parties; an agent's call resource (leg)
//! shows the others as participants.

use super::views::{call_state_message, error_message, released_call_message};
use super::{
    CHANNEL_CALLS, CHANNEL_DEVICES, CallState, Conn, ConsultKind, Effects, Leg, Note, Party,
    ReleasedCall, TimerEvent, World, capabilities,
};
use crate::config::Outcome;
use crate::error::GwsError;
use crate::json::KvList;
use gws_protocol::{CallOperation, UserData};
use std::time::{Duration, Instant};

pub type CallOp = CallOperation;

/// T-Lib error "Invalid Called Dn", reported asynchronously for invalid destinations.
const TERR_INVALID_CALLED_DN: i64 = 56;

/// Options of a call pushed to an agent from the admin API.
#[derive(Debug, Clone, Default)]
pub struct InboundCall {
    pub ani: String,
    pub dnis: Option<String>,
    pub user_data: Option<UserData>,
    pub via_queue: bool,
    pub call_type: Option<String>,
}

fn check_number(field: &str, number: &str) -> Result<String, GwsError> {
    let n = number.trim();
    if n.is_empty() {
        return Err(GwsError::validation(format!("'{field}' must not be empty")));
    }
    if !n
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '*' | '#'))
    {
        return Err(GwsError::validation(format!(
            "'{field}' value '{n}' is not a dialable number (digits, '+', '*', '#' only)"
        )));
    }
    Ok(n.to_string())
}

impl World {
    fn note(&self, leg_id: &str, notification_type: &str) -> Option<Note> {
        let leg = self.legs.get(leg_id)?;
        Some(Note {
            agent: leg.agent,
            channel: CHANNEL_CALLS,
            data: call_state_message(self, leg, notification_type, None),
        })
    }

    fn push_note(&self, fx: &mut Effects, leg_id: &str, notification_type: &str) {
        if let Some(n) = self.note(leg_id, notification_type) {
            fx.notes.push(n);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add_leg(
        &mut self,
        agent: usize,
        conn: &str,
        state: CallState,
        call_type: &'static str,
        dnis: String,
        ani: Option<String>,
        consult_of: Option<(String, ConsultKind)>,
    ) -> String {
        let id = self.new_call_id();
        let seq = self.next_seq();
        self.live_consults += usize::from(consult_of.is_some());
        let established_at = (state == CallState::Established).then(Instant::now);
        let leg = Leg {
            id: id.clone(),
            conn: conn.to_string(),
            agent,
            state,
            call_type,
            dnis,
            ani,
            muted: false,
            recording: self.cfg.capabilities.recording.then_some("Stopped"),
            consult_of,
            via_queue: false,
            established_at,
            seq,
        };
        self.legs.insert(id.clone(), leg);
        self.agent_legs[agent].push(id.clone());
        if let Some(c) = self.conns.get_mut(conn) {
            c.parties.push(Party::Agent {
                agent,
                leg: id.clone(),
            });
        }
        id
    }

    fn new_conn(&mut self, user_data: Option<&UserData>) -> String {
        let id = self.new_conn_id();
        let mut kv = KvList::default();
        if let Some(d) = user_data {
            kv.update(d);
        }
        self.conns.insert(
            id.clone(),
            Conn {
                id: id.clone(),
                user_data: kv,
                parties: vec![],
                extensions: None,
            },
        );
        id
    }

    fn set_state(&mut self, leg_id: &str, state: CallState) {
        if let Some(l) = self.legs.get_mut(leg_id) {
            l.state = state;
            if state == CallState::Established && l.established_at.is_none() {
                l.established_at = Some(Instant::now());
            }
        }
    }

    /// Publishes Released for the leg and forgets it; a consult call or its parent that is
    /// still live gets a StatusChange (its capabilities lose CompleteTransfer & co: after a
    /// cancelled consult the parent offers Retrieve again).
    fn release_leg(&mut self, fx: &mut Effects, leg_id: &str) {
        self.release_leg_with(fx, leg_id, true);
    }

    fn release_leg_with(&mut self, fx: &mut Effects, leg_id: &str, notify_linked: bool) {
        self.set_state(leg_id, CallState::Released);
        self.push_note(fx, leg_id, "StatusChange");
        let participants = self
            .legs
            .get(leg_id)
            .map(|l| super::views::participants(self, l))
            .unwrap_or_default();
        let Some(leg) = self.legs.remove(leg_id) else {
            return;
        };
        self.agent_legs[leg.agent].retain(|id| *id != leg.id);
        if leg.consult_of.is_some() {
            self.live_consults = self.live_consults.saturating_sub(1);
        }
        let mut user_data = KvList::default();
        if let Some(c) = self.conns.get_mut(&leg.conn) {
            c.parties
                .retain(|p| !matches!(p, Party::Agent { leg: l, .. } if *l == leg.id));
            user_data = c.user_data.clone();
        }
        if notify_linked {
            let mut linked: Vec<String> = if self.live_consults == 0 {
                vec![]
            } else {
                self.legs
                    .values()
                    .filter(|l| l.consult_of.as_ref().is_some_and(|(p, _)| *p == leg.id))
                    .map(|l| l.id.clone())
                    .collect()
            };
            if let Some((parent, _)) = &leg.consult_of
                && self.legs.contains_key(parent)
            {
                linked.push(parent.clone());
            }
            for l in linked {
                self.push_note(fx, &l, "StatusChange");
            }
        }
        self.keep_released(leg, user_data, participants);
    }

    /// Keeps a released call for after-call data (bounded per agent).
    fn keep_released(&mut self, leg: Leg, user_data: KvList, participants: Vec<String>) {
        if self.cfg.timing.after_call_data_ms == 0 {
            return;
        }
        let Some(kept) = self.released.get_mut(leg.agent) else {
            return;
        };
        if kept.len() >= super::RELEASED_KEPT {
            kept.pop_front();
        }
        kept.push_back(Box::new(ReleasedCall {
            leg,
            user_data,
            participants,
            released_at: Instant::now(),
        }));
    }

    /// The agent's released call `call_id`, if still inside the after-call data window.
    fn released_call(&self, agent: usize, call_id: &str) -> Option<usize> {
        let window = Duration::from_millis(self.cfg.timing.after_call_data_ms);
        self.released
            .get(agent)?
            .iter()
            .rposition(|r| r.leg.id == call_id && r.released_at.elapsed() <= window)
    }

    /// An operation on a released call: only its attached data may still change (a
    /// disposition at wrap-up); the agent gets AttachedDataChanged with the call Released and
    /// `capabilities: []` (reference §5.3: Released offers nothing, the data operations are
    /// accepted anyway during `timing.after_call_data_ms`).
    fn after_call_data(
        &mut self,
        agent: usize,
        index: usize,
        op: CallOp,
    ) -> Result<Effects, GwsError> {
        let call = &mut self.released[agent][index];
        let id = call.leg.id.clone();
        match op {
            CallOp::AttachUserData { user_data } => call.user_data.attach(&user_data),
            CallOp::UpdateUserData { user_data } => call.user_data.update(&user_data),
            CallOp::DeleteUserData => call.user_data.0.clear(),
            CallOp::DeleteUserDataPair { key } => {
                if !call.user_data.0.iter().any(|(k, _)| *k == key) {
                    return Err(GwsError::not_found(format!(
                        "Call '{id}' has no attached data key '{key}'"
                    )));
                }
                call.user_data.delete_key(&key);
            }
            other => {
                return Err(GwsError::invalid_state(format!(
                    "Operation '{}' is not valid for call '{id}' in state Released (capabilities: []); only its attached data can still be changed, for {} s after release",
                    other.name(),
                    self.cfg.timing.after_call_data_ms / 1000
                )));
            }
        }
        let data = released_call_message(self, &self.released[agent][index], "AttachedDataChanged");
        Ok(Effects {
            notes: vec![Note {
                agent,
                channel: CHANNEL_CALLS,
                data,
            }],
            timers: vec![],
        })
    }

    fn agent_legs_of(&self, conn: &str) -> Vec<String> {
        self.conns
            .get(conn)
            .map(|c| {
                c.parties
                    .iter()
                    .filter_map(|p| match p {
                        Party::Agent { leg, .. } => Some(leg.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// After a party left: a lone party is released; otherwise the others see new participants.
    fn after_party_left(&mut self, fx: &mut Effects, conn: &str) {
        let Some(c) = self.conns.get(conn) else {
            return;
        };
        let legs = self.agent_legs_of(conn);
        if c.parties.len() < 2 || legs.is_empty() {
            for l in legs {
                self.release_leg(fx, &l);
            }
            self.conns.remove(conn);
        } else {
            for l in legs {
                self.push_note(fx, &l, "ParticipantsUpdated");
            }
        }
    }

    fn release_conn(&mut self, fx: &mut Effects, conn: &str) {
        for l in self.agent_legs_of(conn) {
            self.release_leg(fx, &l);
        }
        self.conns.remove(conn);
    }

    /// Adds `number` to `conn` as the called party: an agent's DN rings that agent, anything
    /// else follows the configured number rules. Returns the call type seen by the caller.
    fn place_call(
        &mut self,
        fx: &mut Effects,
        conn: &str,
        number: &str,
        caller: usize,
        consult: bool,
    ) -> &'static str {
        let mut target = number.to_string();
        if let Some(b) = self.agent_by_dn(&target)
            && let Some(fwd) = self.agents[b].forward_to.clone()
        {
            target = fwd;
        }
        match self.agent_by_dn(&target) {
            Some(b) if b != caller && !self.agents[b].dnd => {
                let caller_dn = self.agents[caller].dn.clone();
                // A consultation rings its target as a Consult call (T-Server's CallType).
                let leg = self.add_leg(
                    b,
                    conn,
                    CallState::Ringing,
                    if consult { "Consult" } else { "Internal" },
                    self.agents[b].dn.clone(),
                    None,
                    None,
                );
                if let Some(c) = self.conns.get_mut(conn) {
                    c.extensions = Some(format!(
                        r#"{{"NO_ANSWER_ACTION":"notready","BusinessCall":1,"OriginationDN":"{caller_dn}","OriginationDN_location":"SIP_Switch","NO_ANSWER_TIMEOUT":15,"NO_ANSWER_OVERFLOW":"recall"}}"#
                    ));
                }
                self.push_note(fx, &leg, "StatusChange");
                "Internal"
            }
            Some(_) => {
                // Own DN or DND: the switch answers busy.
                self.add_external(
                    fx,
                    conn,
                    &target,
                    Outcome::Busy,
                    self.cfg.timing.answer_delay_ms,
                );
                "Internal"
            }
            None => {
                let (outcome, delay) = match self.cfg.rule_for(&target) {
                    Some(r) => (
                        r.outcome,
                        r.delay_ms.unwrap_or(self.cfg.timing.answer_delay_ms),
                    ),
                    None => (Outcome::Answer, self.cfg.timing.answer_delay_ms),
                };
                self.add_external(fx, conn, &target, outcome, delay);
                "Outbound"
            }
        }
    }

    fn add_external(
        &mut self,
        fx: &mut Effects,
        conn: &str,
        number: &str,
        outcome: Outcome,
        delay_ms: u64,
    ) {
        if let Some(c) = self.conns.get_mut(conn) {
            c.parties.push(Party::External {
                number: number.to_string(),
                answered: false,
            });
        }
        let event = |outcome| TimerEvent::FarEnd {
            conn: conn.to_string(),
            number: number.to_string(),
            outcome,
        };
        match outcome {
            Outcome::Manual => {}
            Outcome::NoAnswer => fx.timers.push((
                Duration::from_millis(self.cfg.timing.no_answer_ms),
                TimerEvent::NoAnswer {
                    conn: conn.to_string(),
                    number: number.to_string(),
                },
            )),
            other => fx
                .timers
                .push((Duration::from_millis(delay_ms), event(other))),
        }
    }

    /// `POST /api/v2/me/devices/{id}/calls` Dial (and Dial Preview Record).
    pub fn dial(
        &mut self,
        agent: usize,
        device_id: &str,
        destination: &str,
        user_data: Option<&UserData>,
    ) -> Result<(Effects, String), GwsError> {
        if self.agents[agent].device_id != device_id {
            return Err(GwsError::not_found(format!(
                "Device '{device_id}' was not found for this user"
            )));
        }
        let number = check_number("destination.phoneNumber", destination)?;
        let mut fx = Effects::default();
        let conn = self.new_conn(user_data);
        let call_type = if self.agent_by_dn(&number).is_some() {
            "Internal"
        } else {
            "Outbound"
        };
        let leg = self.add_leg(
            agent,
            &conn,
            CallState::Dialing,
            call_type,
            number.clone(),
            None,
            None,
        );
        // The caller's Dialing must precede the callee's Ringing, and show the participant.
        if let Some(c) = self.conns.get_mut(&conn) {
            c.parties.push(Party::External {
                number: number.clone(),
                answered: false,
            });
        }
        self.push_note(&mut fx, &leg, "StatusChange");
        if let Some(c) = self.conns.get_mut(&conn) {
            c.parties.retain(
                |p| !matches!(p, Party::External { number: n, answered: false } if *n == number),
            );
        }
        self.place_call(&mut fx, &conn, &number, agent, false);
        Ok((fx, leg))
    }

    /// A call from outside to `agent` (admin API): rings with `Answer`.
    pub fn inbound_call(
        &mut self,
        agent: usize,
        call: InboundCall,
    ) -> Result<(Effects, String), GwsError> {
        let ani = check_number("ani", &call.ani)?;
        let mut fx = Effects::default();
        let conn = self.new_conn(call.user_data.as_ref());
        if let Some(c) = self.conns.get_mut(&conn) {
            c.parties.push(Party::External {
                number: ani.clone(),
                answered: true,
            });
        }
        let call_type: &'static str = match call.call_type.as_deref() {
            Some("Internal") => "Internal",
            Some("Outbound") => "Outbound",
            Some("Consult") => "Consult",
            _ => "Inbound",
        };
        let dnis = call.dnis.unwrap_or_else(|| self.agents[agent].dn.clone());
        let leg = self.add_leg(
            agent,
            &conn,
            CallState::Ringing,
            call_type,
            dnis,
            Some(ani),
            None,
        );
        if let Some(l) = self.legs.get_mut(&leg) {
            l.via_queue = call.via_queue;
        }
        self.push_note(&mut fx, &leg, "StatusChange");
        Ok((fx, leg))
    }

    /// The external party of the call answers (admin "answer as far end").
    pub fn far_end_answer(&mut self, call_id: &str) -> Result<Effects, GwsError> {
        let leg = self
            .legs
            .get(call_id)
            .ok_or_else(|| GwsError::not_found(format!("Call '{call_id}' not found")))?;
        let conn = leg.conn.clone();
        let number = self.conns.get(&conn).and_then(|c| {
            c.parties.iter().find_map(|p| match p {
                Party::External {
                    number,
                    answered: false,
                } => Some(number.clone()),
                _ => None,
            })
        });
        let Some(number) = number else {
            return Err(GwsError::invalid_state(format!(
                "Call '{call_id}' has no unanswered external party"
            )));
        };
        Ok(self.on_timer(TimerEvent::FarEnd {
            conn,
            number,
            outcome: Outcome::Answer,
        }))
    }

    /// Every external party hangs up (admin "end from far side").
    pub fn far_end_hangup(&mut self, call_id: &str) -> Result<Effects, GwsError> {
        let leg = self
            .legs
            .get(call_id)
            .ok_or_else(|| GwsError::not_found(format!("Call '{call_id}' not found")))?;
        let conn = leg.conn.clone();
        let mut fx = Effects::default();
        let has_external = self.conns.get(&conn).is_some_and(|c| {
            c.parties
                .iter()
                .any(|p| matches!(p, Party::External { .. }))
        });
        if has_external {
            if let Some(c) = self.conns.get_mut(&conn) {
                c.parties.retain(|p| !matches!(p, Party::External { .. }));
            }
            self.after_party_left(&mut fx, &conn);
        } else {
            // Internal call: the far end is another agent's leg; it hangs up.
            let other = self.agent_legs_of(&conn).into_iter().find(|l| l != call_id);
            match other {
                Some(o) => {
                    self.release_leg(&mut fx, &o);
                    self.after_party_left(&mut fx, &conn);
                }
                None => self.release_conn(&mut fx, &conn),
            }
        }
        Ok(fx)
    }

    /// Releases every call and logs every agent out (admin reset).
    pub fn reset(&mut self) -> Effects {
        let mut fx = Effects::default();
        let conns: Vec<String> = self.conns.keys().cloned().collect();
        for c in conns {
            self.release_conn(&mut fx, &c);
        }
        for i in 0..self.agents.len() {
            let a = &mut self.agents[i];
            if a.session_active || a.dnd || a.forward_to.is_some() {
                a.dnd = false;
                a.forward_to = None;
                fx.extend(self.end_session(i));
            }
        }
        self.outbound = super::outbound::OutboundState::new(&self.cfg);
        for kept in &mut self.released {
            kept.clear();
        }
        fx
    }

    pub fn on_timer(&mut self, event: TimerEvent) -> Effects {
        let mut fx = Effects::default();
        let (conn, number, outcome) = match event {
            TimerEvent::FarEnd {
                conn,
                number,
                outcome,
            } => (conn, number, outcome),
            TimerEvent::NoAnswer { conn, number } => (conn, number, Outcome::NoAnswer),
        };
        // The party may have moved to another connection (CompleteTransfer/Conference).
        let waiting = |c: &Conn| {
            c.parties.iter().any(
                |p| matches!(p, Party::External { number: n, answered: false } if *n == number),
            )
        };
        let conn = match self.conns.get(&conn) {
            Some(c) if waiting(c) => conn,
            _ => match self.conns.values().find(|c| waiting(c)) {
                Some(c) => c.id.clone(),
                None => return fx,
            },
        };
        let Some(c) = self.conns.get_mut(&conn) else {
            return fx;
        };
        let Some(pos) = c.parties.iter().position(
            |p| matches!(p, Party::External { number: n, answered: false } if *n == number),
        ) else {
            return fx;
        };
        match outcome {
            Outcome::Answer => {
                c.parties[pos] = Party::External {
                    number,
                    answered: true,
                };
                for l in self.agent_legs_of(&conn) {
                    if self
                        .legs
                        .get(&l)
                        .is_some_and(|x| x.state == CallState::Dialing)
                    {
                        self.set_state(&l, CallState::Established);
                        self.push_note(&mut fx, &l, "StatusChange");
                    }
                }
            }
            Outcome::Invalid | Outcome::Busy | Outcome::NoAnswer | Outcome::Manual => {
                c.parties.remove(pos);
                if outcome == Outcome::Invalid {
                    for l in self.agent_legs_of(&conn) {
                        if let Some(leg) = self.legs.get(&l) {
                            let data = error_message(
                                self,
                                leg.agent,
                                TERR_INVALID_CALLED_DN,
                                &format!("Invalid called DN '{number}'"),
                                Some(&leg.id),
                            );
                            fx.notes.push(Note {
                                agent: leg.agent,
                                channel: CHANNEL_DEVICES,
                                data,
                            });
                        }
                    }
                }
                self.after_party_left(&mut fx, &conn);
            }
        }
        fx
    }

    /// `POST /api/v2/me/calls/{id}`: checks capabilities (statusCode 2) then applies.
    pub fn call_operation(
        &mut self,
        agent: usize,
        call_id: &str,
        op: CallOp,
    ) -> Result<Effects, GwsError> {
        if self.legs.get(call_id).is_none_or(|l| l.agent != agent)
            && let Some(index) = self.released_call(agent, call_id)
        {
            return self.after_call_data(agent, index, op);
        }
        let leg = self.leg_of(agent, call_id)?.clone();
        let caps = capabilities::for_leg(self, &leg);
        if !caps.contains(&op.name()) {
            return Err(GwsError::invalid_state(format!(
                "Operation '{}' is not valid for call '{}' in state {} (capabilities: [{}])",
                op.name(),
                call_id,
                leg.state.as_str(),
                caps.join(", ")
            )));
        }
        let mut fx = Effects::default();
        let id = leg.id.clone();
        let is_transfer = matches!(
            op,
            CallOp::InitiateTransfer { .. } | CallOp::CompleteTransfer { .. }
        );
        match op {
            CallOp::Answer => {
                self.set_state(&id, CallState::Established);
                self.push_note(&mut fx, &id, "StatusChange");
                for l in self.agent_legs_of(&leg.conn) {
                    if l != id
                        && self
                            .legs
                            .get(&l)
                            .is_some_and(|x| x.state == CallState::Dialing)
                    {
                        self.set_state(&l, CallState::Established);
                        self.push_note(&mut fx, &l, "StatusChange");
                    }
                }
            }
            CallOp::Reject | CallOp::Hangup => {
                self.release_leg(&mut fx, &id);
                self.after_party_left(&mut fx, &leg.conn);
            }
            CallOp::ClearCall => self.release_conn(&mut fx, &leg.conn),
            CallOp::Hold => {
                self.set_state(&id, CallState::Held);
                self.push_note(&mut fx, &id, "StatusChange");
            }
            CallOp::Retrieve => {
                let active: Vec<String> = self
                    .legs_of(agent)
                    .iter()
                    .filter(|l| l.id != id && l.state == CallState::Established)
                    .map(|l| l.id.clone())
                    .collect();
                for a in active {
                    self.set_state(&a, CallState::Held);
                    self.push_note(&mut fx, &a, "StatusChange");
                }
                self.set_state(&id, CallState::Established);
                self.push_note(&mut fx, &id, "StatusChange");
            }
            CallOp::SendDtmf { digits } => {
                if digits.is_empty()
                    || !digits
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '*' || c == '#')
                {
                    return Err(GwsError::validation(format!(
                        "'digits' must be one or more of 0-9, * and # (got '{digits}')"
                    )));
                }
                let data = call_state_message(
                    self,
                    &leg,
                    "DtmfSent",
                    Some((
                        "dtmfDigits",
                        serde_json::to_string(&digits).unwrap_or_default(),
                    )),
                );
                fx.notes.push(Note {
                    agent,
                    channel: CHANNEL_CALLS,
                    data,
                });
            }
            CallOp::AttachUserData { user_data } => {
                self.change_data(&mut fx, &leg.conn, |kv| kv.attach(&user_data))
            }
            CallOp::UpdateUserData { user_data } => {
                self.change_data(&mut fx, &leg.conn, |kv| kv.update(&user_data))
            }
            CallOp::DeleteUserData => self.change_data(&mut fx, &leg.conn, |kv| kv.0.clear()),
            CallOp::DeleteUserDataPair { key } => {
                let exists = self
                    .conns
                    .get(&leg.conn)
                    .is_some_and(|c| c.user_data.0.iter().any(|(k, _)| *k == key));
                if !exists {
                    return Err(GwsError::not_found(format!(
                        "Call '{call_id}' has no attached data key '{key}'"
                    )));
                }
                self.change_data(&mut fx, &leg.conn, |kv| {
                    kv.delete_key(&key);
                })
            }
            CallOp::MuteCall | CallOp::UnmuteCall => {
                if let Some(l) = self.legs.get_mut(&id) {
                    l.muted = matches!(op, CallOp::MuteCall);
                }
                self.push_note(&mut fx, &id, "StatusChange");
            }
            CallOp::StartCallRecording
            | CallOp::StopCallRecording
            | CallOp::PauseCallRecording
            | CallOp::ResumeCallRecording => {
                let state = match op {
                    CallOp::StartCallRecording | CallOp::ResumeCallRecording => "Recording",
                    CallOp::PauseCallRecording => "Paused",
                    _ => "Stopped",
                };
                if let Some(l) = self.legs.get_mut(&id) {
                    l.recording = Some(state);
                }
                self.push_note(&mut fx, &id, "CallRecordingStateChange");
            }
            CallOp::InitiateTransfer {
                destination,
                user_data,
                ..
            }
            | CallOp::InitiateConference {
                destination,
                user_data,
                ..
            } => {
                let kind = if is_transfer {
                    ConsultKind::Transfer
                } else {
                    ConsultKind::Conference
                };
                let number = check_number("destination.phoneNumber", &destination.phone_number)?;
                self.set_state(&id, CallState::Held);
                let consult_conn = self.new_conn(None);
                if let Some(parent_data) = self.conns.get(&leg.conn).map(|c| c.user_data.clone())
                    && let Some(c) = self.conns.get_mut(&consult_conn)
                {
                    c.user_data = parent_data;
                    if let Some(d) = &user_data {
                        c.user_data.update(d);
                    }
                }
                let consult = self.add_leg(
                    agent,
                    &consult_conn,
                    CallState::Dialing,
                    "Consult",
                    number.clone(),
                    None,
                    Some((id.clone(), kind)),
                );
                // The parent's capabilities depend on the consult call, so notify after creating it.
                self.push_note(&mut fx, &id, "StatusChange");
                if let Some(c) = self.conns.get_mut(&consult_conn) {
                    c.parties.push(Party::External {
                        number: number.clone(),
                        answered: false,
                    });
                }
                self.push_note(&mut fx, &consult, "StatusChange");
                if let Some(c) = self.conns.get_mut(&consult_conn) {
                    c.parties.retain(|p| !matches!(p, Party::External { number: n, answered: false } if *n == number));
                }
                self.place_call(&mut fx, &consult_conn, &number, agent, true);
            }
            CallOp::CompleteTransfer { consult_call_uri }
            | CallOp::CompleteConference { consult_call_uri } => {
                let (parent, consult) = self.consult_pair(&leg, consult_call_uri.as_deref())?;
                self.complete_consult(&mut fx, &parent, &consult, is_transfer);
            }
            CallOp::SingleStepTransfer {
                destination,
                user_data,
                ..
            } => {
                let number = check_number("destination.phoneNumber", &destination.phone_number)?;
                if let Some(d) = user_data {
                    self.change_data(&mut Effects::default(), &leg.conn, |kv| kv.update(&d));
                }
                self.place_call(&mut fx, &leg.conn, &number, agent, false);
                self.release_leg(&mut fx, &id);
                self.after_party_left(&mut fx, &leg.conn);
            }
            CallOp::SingleStepConference {
                destination,
                user_data,
                ..
            } => {
                let number = check_number("destination.phoneNumber", &destination.phone_number)?;
                if let Some(d) = user_data {
                    self.change_data(&mut Effects::default(), &leg.conn, |kv| kv.update(&d));
                }
                self.place_call(&mut fx, &leg.conn, &number, agent, false);
                for l in self.agent_legs_of(&leg.conn) {
                    if self
                        .legs
                        .get(&l)
                        .is_some_and(|x| x.state != CallState::Ringing)
                    {
                        self.push_note(&mut fx, &l, "ParticipantsUpdated");
                    }
                }
            }
            CallOp::RemoveParticipantFromConference { participant } => {
                let own_dn = self.agents[agent].dn.clone();
                let found = self.conns.get(&leg.conn).and_then(|c| {
                    c.parties.iter().position(|p| match p {
                        Party::External { number, .. } => *number == participant,
                        Party::Agent { agent: a, .. } => {
                            self.agents[*a].dn == participant && participant != own_dn
                        }
                    })
                });
                let Some(pos) = found else {
                    return Err(GwsError::not_found(format!(
                        "'{participant}' is not a participant of call '{call_id}'"
                    )));
                };
                let removed = self.conns.get_mut(&leg.conn).map(|c| c.parties.remove(pos));
                if let Some(Party::Agent { leg: other, .. }) = removed {
                    // Put it back so release_leg finds and removes it consistently.
                    if let Some(c) = self.conns.get_mut(&leg.conn) {
                        c.parties.push(Party::Agent {
                            agent: self.legs.get(&other).map(|l| l.agent).unwrap_or(0),
                            leg: other.clone(),
                        });
                    }
                    self.release_leg(&mut fx, &other);
                }
                self.after_party_left(&mut fx, &leg.conn);
            }
            CallOp::SwapCalls { other_call_uri } => {
                let other_id = other_call_uri
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let other = self.leg_of(agent, &other_id)?.clone();
                let (to_hold, to_talk) = match (leg.state, other.state) {
                    (CallState::Established, CallState::Held) => (id.clone(), other.id.clone()),
                    (CallState::Held, CallState::Established) => (other.id.clone(), id.clone()),
                    _ => {
                        return Err(GwsError::invalid_state(format!(
                            "SwapCalls needs one established and one held call; '{}' is {} and '{}' is {}",
                            id,
                            leg.state.as_str(),
                            other.id,
                            other.state.as_str()
                        )));
                    }
                };
                self.set_state(&to_hold, CallState::Held);
                self.set_state(&to_talk, CallState::Established);
                self.push_note(&mut fx, &to_hold, "StatusChange");
                self.push_note(&mut fx, &to_talk, "StatusChange");
            }
            other => {
                return Err(GwsError::new(
                    crate::error::code::FORBIDDEN,
                    format!(
                        "'{}' needs supervisor monitoring, which the simulator does not provide",
                        other.name()
                    ),
                ));
            }
        }
        Ok(fx)
    }

    fn change_data(&mut self, fx: &mut Effects, conn: &str, f: impl FnOnce(&mut KvList)) {
        if let Some(c) = self.conns.get_mut(conn) {
            f(&mut c.user_data);
        }
        for l in self.agent_legs_of(conn) {
            self.push_note(fx, &l, "AttachedDataChanged");
        }
    }

    /// (parent, consult) for a Complete* posted on either call.
    fn consult_pair(
        &self,
        leg: &Leg,
        consult_uri: Option<&str>,
    ) -> Result<(String, String), GwsError> {
        if let Some((parent, _)) = &leg.consult_of {
            return Ok((parent.clone(), leg.id.clone()));
        }
        let consult = match consult_uri {
            Some(uri) => uri
                .rsplit('/')
                .next()
                .map(str::to_string)
                .filter(|c| self.legs.get(c).is_some_and(|l| l.agent == leg.agent)),
            None => capabilities::consult_child(self, leg).map(|l| l.id.clone()),
        };
        consult.map(|c| (leg.id.clone(), c)).ok_or_else(|| {
            GwsError::invalid_state(format!(
                "Call '{}' has no consultation call to complete",
                leg.id
            ))
        })
    }

    fn complete_consult(&mut self, fx: &mut Effects, parent: &str, consult: &str, transfer: bool) {
        let (Some(p), Some(c)) = (
            self.legs.get(parent).cloned(),
            self.legs.get(consult).cloned(),
        ) else {
            return;
        };
        // Move everybody but our agent from the consult connection into the parent connection.
        let moved: Vec<Party> = self
            .conns
            .get(&c.conn)
            .map(|conn| {
                conn.parties
                    .iter()
                    .filter(|x| !matches!(x, Party::Agent { leg, .. } if *leg == c.id))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        // Reference §5.4: CompleteTransfer releases the original then the consult call;
        // CompleteConference releases the consult call, then the parent gets its participants.
        if transfer {
            self.release_leg_with(fx, &p.id, false);
        }
        self.release_leg_with(fx, &c.id, false);
        self.conns.remove(&c.conn);
        for party in &moved {
            if let Party::Agent { leg, .. } = party
                && let Some(l) = self.legs.get_mut(leg)
            {
                l.conn = p.conn.clone();
            }
        }
        if let Some(conn) = self.conns.get_mut(&p.conn) {
            conn.parties.extend(moved);
        }
        if !transfer {
            self.set_state(&p.id, CallState::Established);
        }
        self.after_party_left(fx, &p.conn);
    }
}
