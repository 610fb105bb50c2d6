//! The simulated switch + GWS state: agents, their devices, live calls. All mutation happens
//! under one lock; operations return [`Effects`] (notifications to publish, timers to arm) so
//! that the HTTP layer can reply first and publish right after.

pub mod agents;
pub mod calls;
pub mod capabilities;
pub mod outbound;
pub mod views;

use crate::config::{Outcome, SimConfig};
use crate::fasthash::FastMap;
use crate::json::KvList;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use agents::{Agent, AgentState};
pub use calls::CallOp;

pub const CHANNEL_CALLS: &str = "/v2/me/calls";
pub const CHANNEL_DEVICES: &str = "/v2/me/devices";
pub const CHANNEL_OUTBOUND: &str = "/v2/me/outbound";

/// One CometD data message for one agent: `{"channel":…,"data":<data>}`.
#[derive(Debug, Clone)]
pub struct Note {
    pub agent: usize,
    pub channel: &'static str,
    pub data: String,
}

#[derive(Debug, Clone)]
pub enum TimerEvent {
    /// The external party `number` of connection `conn` reacts (answers / busy / …).
    FarEnd {
        conn: String,
        number: String,
        outcome: Outcome,
    },
    /// An unanswered external destination gives up.
    NoAnswer { conn: String, number: String },
}

#[derive(Debug, Default)]
pub struct Effects {
    pub notes: Vec<Note>,
    pub timers: Vec<(Duration, TimerEvent)>,
}

impl Effects {
    pub fn extend(&mut self, other: Effects) {
        self.notes.extend(other.notes);
        self.timers.extend(other.timers);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallState {
    Dialing,
    Ringing,
    Established,
    Held,
    Released,
}

impl CallState {
    pub fn as_str(self) -> &'static str {
        match self {
            CallState::Dialing => "Dialing",
            CallState::Ringing => "Ringing",
            CallState::Established => "Established",
            CallState::Held => "Held",
            CallState::Released => "Released",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsultKind {
    Transfer,
    Conference,
}

/// One agent's view of a call (a GWS call resource).
#[derive(Debug, Clone)]
pub struct Leg {
    pub id: String,
    pub conn: String,
    pub agent: usize,
    pub state: CallState,
    pub call_type: &'static str,
    pub dnis: String,
    pub ani: Option<String>,
    pub muted: bool,
    pub recording: Option<&'static str>,
    /// Set on a consult call: (parent leg id, kind).
    pub consult_of: Option<(String, ConsultKind)>,
    /// Delivered through a queue: may be rejected.
    pub via_queue: bool,
    pub established_at: Option<Instant>,
    pub seq: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    Agent { agent: usize, leg: String },
    External { number: String, answered: bool },
}

/// The switch-level call (T-Server connection): parties and attached data, shared by all legs.
#[derive(Debug, Clone)]
pub struct Conn {
    pub id: String,
    pub user_data: KvList,
    pub parties: Vec<Party>,
    pub extensions: Option<String>,
}

/// How many released calls per agent are kept for after-call data (dispositions).
pub const RELEASED_KEPT: usize = 20;

/// A released call as its agent saw it last, kept for `timing.after_call_data_ms` so that
/// its attached data can still be changed (a disposition chosen at wrap-up).
#[derive(Debug, Clone)]
pub struct ReleasedCall {
    pub leg: Leg,
    pub user_data: KvList,
    pub participants: Vec<String>,
    pub released_at: Instant,
}

pub struct World {
    pub cfg: Arc<SimConfig>,
    pub base_url: String,
    pub agents: Vec<Agent>,
    pub legs: FastMap<String, Leg>,
    pub conns: FastMap<String, Conn>,
    pub outbound: outbound::OutboundState,
    /// Live consult calls: a released leg looks for its consult calls only when there are
    /// some (the load benchmarks release thousands of plain calls).
    pub live_consults: usize,
    /// Per agent, the last [`RELEASED_KEPT`] released calls, oldest first (boxed: each agent's
    /// queue grows as its first calls end, and moving whole calls on every growth showed in
    /// the profile with thousands of agents).
    pub released: Vec<VecDeque<Box<ReleasedCall>>>,
    /// Per agent, the ids of its live legs, oldest first: capabilities look at an agent's
    /// other calls for every notification, and a scan of every live call costs too much with
    /// thousands of them.
    agent_legs: Vec<Vec<String>>,
    /// Indexes into `agents` (fixed by the config): every Basic login and every Dial looks an
    /// agent up, and a linear scan costs too much with thousands of agents.
    by_username: FastMap<String, usize>,
    by_dn: FastMap<String, usize>,
    seq: u64,
    call_id_rng: u64,
}

impl World {
    pub fn new(cfg: Arc<SimConfig>, base_url: String) -> World {
        let agents = cfg
            .agents
            .iter()
            .enumerate()
            .map(|(i, a)| Agent::from_config(i, a))
            .collect::<Vec<Agent>>();
        let by_username = agents
            .iter()
            .enumerate()
            .map(|(i, a)| (a.username.clone(), i))
            .collect();
        let by_dn = agents
            .iter()
            .enumerate()
            .map(|(i, a)| (a.dn.clone(), i))
            .collect();
        let outbound = outbound::OutboundState::new(&cfg);
        let released = vec![VecDeque::new(); agents.len()];
        let agent_legs = vec![Vec::new(); agents.len()];
        World {
            cfg,
            base_url,
            agents,
            legs: FastMap::default(),
            conns: FastMap::default(),
            outbound,
            live_consults: 0,
            released,
            agent_legs,
            by_username,
            by_dn,
            seq: 0,
            call_id_rng: uuid::Uuid::new_v4().as_u64_pair().0,
        }
    }

    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// A fresh call id shaped like the real ones (32 upper-case alphanumerics): a version-4
    /// UUID from a generator seeded once from the OS (not a system call per Dial; call ids are
    /// not secrets, only unique).
    pub fn new_call_id(&mut self) -> String {
        let _ = self.next_seq();
        let mut next = || {
            // SplitMix64.
            self.call_id_rng = self.call_id_rng.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.call_id_rng;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let bits = (u128::from(next()) << 64) | u128::from(next());
        let id = uuid::Builder::from_random_bytes(bits.to_be_bytes()).into_uuid();
        let mut text = id.simple().to_string();
        text.make_ascii_uppercase();
        text
    }

    /// A fresh connection id shaped like T-Server's (16 hex digits).
    pub fn new_conn_id(&mut self) -> String {
        let n = self.next_seq();
        format!("{:016x}", 0x006c_03a7_194a_a000_u64 + n)
    }

    pub fn agent_by_username(&self, name: &str) -> Option<usize> {
        self.by_username.get(name).copied()
    }

    pub fn agent_by_dn(&self, dn: &str) -> Option<usize> {
        self.by_dn.get(dn).copied()
    }

    /// Live legs of one agent, oldest first.
    pub fn legs_of(&self, agent: usize) -> Vec<&Leg> {
        let mut v: Vec<&Leg> = self.agent_legs_iter(agent).collect();
        v.sort_by_key(|l| l.seq);
        v
    }

    /// Live legs of one agent, in no particular order.
    pub fn agent_legs_iter(&self, agent: usize) -> impl Iterator<Item = &Leg> {
        self.agent_legs
            .get(agent)
            .into_iter()
            .flatten()
            .filter_map(|id| self.legs.get(id))
    }

    pub fn leg_of(&self, agent: usize, call_id: &str) -> Result<&Leg, crate::error::GwsError> {
        match self.legs.get(call_id) {
            Some(l) if l.agent == agent => Ok(l),
            _ => Err(crate::error::GwsError::not_found(format!(
                "Call '{call_id}' was not found for this user (it may have been released)"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_ids_look_like_the_real_ones_and_do_not_repeat() {
        let mut world = World::new(Arc::new(SimConfig::default()), "http://sim".into());
        let ids: std::collections::HashSet<String> =
            (0..100_000).map(|_| world.new_call_id()).collect();
        assert_eq!(ids.len(), 100_000);
        for id in ids.iter().take(100) {
            assert_eq!(id.len(), 32, "{id}");
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()),
                "{id}"
            );
            assert_eq!(&id[12..13], "4", "a version-4 UUID: {id}");
        }
    }
}
