//! A scripted "server" for driving the sans-IO client: it plays the driver
//! (records sends, tracks timers the way a real driver would) and crafts
//! replies that echo request ids.
#![allow(dead_code)] // each test file uses a different subset

use std::collections::BTreeMap;

use bayeux::{
    Action, Advice, Backoff, Client, ClientConfig, ConnectionState, Input, Message, Reconnect,
    TimerId, TransportKind,
};
use serde_json::{Value, json};

pub const NET_DELAY: u64 = 5_000;
pub const SERVER_TIMEOUT: i64 = 30_000;

pub fn config() -> ClientConfig {
    ClientConfig {
        transports: vec![TransportKind::WebSocket, TransportKind::LongPolling],
        backoff: Backoff {
            initial_ms: 1_000,
            max_ms: 8_000,
            multiplier: 2.0,
            jitter_ratio: 0.25,
        },
        ack_extension: false,
        max_network_delay_ms: NET_DELAY,
        handshake_ext: None,
        rng_seed: 7,
        websocket_max_failures: 3,
    }
}

pub fn lp_config() -> ClientConfig {
    ClientConfig {
        transports: vec![TransportKind::LongPolling],
        ..config()
    }
}

pub struct Harness {
    pub client: Client,
    pub now: u64,
    /// Armed timers: id → delay.
    pub timers: BTreeMap<TimerId, u64>,
    /// Every Send, in order.
    pub sent: Vec<(TransportKind, Vec<Message>)>,
    pub states: Vec<ConnectionState>,
    pub delivered: Vec<Message>,
    pub sub_events: Vec<(String, bool, Option<String>)>,
    pub opened: Vec<TransportKind>,
    pub closed: Vec<TransportKind>,
    next_client: u32,
}

impl Harness {
    pub fn new(config: ClientConfig) -> Self {
        Harness {
            client: Client::new(config),
            now: 0,
            timers: BTreeMap::new(),
            sent: Vec::new(),
            states: Vec::new(),
            delivered: Vec::new(),
            sub_events: Vec::new(),
            opened: Vec::new(),
            closed: Vec::new(),
            next_client: 0,
        }
    }

    /// Feed one input, record what the driver would do, check invariants.
    pub fn input(&mut self, input: Input) -> Vec<Action> {
        self.now += 1;
        let actions = self.client.handle(input, self.now);
        for a in &actions {
            match a {
                Action::SetTimer { id, delay_ms } => {
                    assert!(
                        self.timers.insert(*id, *delay_ms).is_none(),
                        "timer id reused"
                    );
                }
                Action::CancelTimer(id) => {
                    self.timers.remove(id);
                }
                Action::Send {
                    transport,
                    messages,
                } => {
                    assert!(!messages.is_empty(), "empty Send");
                    self.sent.push((*transport, messages.clone()));
                }
                Action::StateChanged(s) => self.states.push(s.clone()),
                Action::Deliver(m) => self.delivered.push(m.clone()),
                Action::SubscriptionChanged {
                    channel,
                    subscribed,
                    error,
                } => self
                    .sub_events
                    .push((channel.clone(), *subscribed, error.clone())),
                Action::OpenTransport(t) => self.opened.push(*t),
                Action::CloseTransport(t) => self.closed.push(*t),
            }
        }
        let connects = self
            .client
            .pending_requests()
            .iter()
            .filter(|(_, c)| *c == "/meta/connect")
            .count();
        assert!(connects <= 1, "more than one outstanding /meta/connect");
        actions
    }

    pub fn receive(&mut self, messages: Vec<Message>) -> Vec<Action> {
        self.input(Input::Received(messages))
    }

    pub fn fire(&mut self, id: TimerId) -> Vec<Action> {
        assert!(
            self.timers.remove(&id).is_some(),
            "firing a timer not armed"
        );
        self.input(Input::TimerFired(id))
    }

    /// The single armed timer with this delay.
    pub fn timer_with_delay(&self, delay: u64) -> TimerId {
        let ids: Vec<TimerId> = self
            .timers
            .iter()
            .filter(|(_, d)| **d == delay)
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(ids.len(), 1, "timers armed: {:?}", self.timers);
        ids[0]
    }

    /// Fire the armed timer that is not a request timeout (retry / next connect / open).
    pub fn fire_scheduled(&mut self) -> Vec<Action> {
        let id = self.scheduled_timer().expect("a scheduled timer");
        self.fire(id)
    }

    /// The most recently armed timer (the retry / next-connect / open timer is armed last).
    pub fn scheduled_timer(&self) -> Option<TimerId> {
        self.timers.keys().next_back().copied()
    }

    /// The last message sent on `channel`.
    pub fn last_sent(&self, channel: &str) -> Message {
        self.sent
            .iter()
            .flat_map(|(_, ms)| ms.iter())
            .rev()
            .find(|m| m.channel == channel)
            .cloned()
            .unwrap_or_else(|| panic!("nothing sent on {channel}; sent: {:?}", self.sent))
    }

    pub fn count_sent(&self, channel: &str) -> usize {
        self.sent
            .iter()
            .flat_map(|(_, ms)| ms.iter())
            .filter(|m| m.channel == channel)
            .count()
    }

    pub fn new_client_id(&mut self) -> String {
        self.next_client += 1;
        format!("client-{}", self.next_client)
    }

    /// Start and answer the transport open.
    pub fn start(&mut self) -> Vec<Action> {
        let mut actions = self.input(Input::Start);
        if let Some(t) = open_request(&actions) {
            actions.extend(self.input(Input::TransportOpened(t)));
        }
        actions
    }

    /// Answer the outstanding handshake successfully, offering `types`.
    pub fn accept_handshake(&mut self, types: &[&str]) -> Vec<Action> {
        let req = self.last_sent("/meta/handshake");
        let id = self.new_client_id();
        let reply = handshake_ok(&req, &id, types);
        self.receive(vec![reply])
    }

    /// Answer the last connect successfully with a retry advice.
    pub fn accept_connect(&mut self, interval: i64) -> Vec<Action> {
        let req = self.last_sent("/meta/connect");
        self.receive(vec![with_advice(
            connect_ok(&req),
            Advice::retry(interval, SERVER_TIMEOUT),
        )])
    }

    /// Start → handshake → first connect answered (interval 1000 so the loop waits on a timer).
    pub fn establish(&mut self, types: &[&str]) {
        self.start();
        self.accept_handshake(types);
        // A transport switch (server without websocket) needs an open first.
        if let Some(t) = self.pending_open() {
            self.input(Input::TransportOpened(t));
        }
        self.accept_connect(1_000);
        assert!(
            self.client.state().is_connected(),
            "not connected: {:?}",
            self.client.state()
        );
    }

    /// An OpenTransport not yet answered (the last one, if the client is opening).
    pub fn pending_open(&self) -> Option<TransportKind> {
        match self.client.state() {
            ConnectionState::Connecting { transport }
                if self.client.pending_requests().is_empty() =>
            {
                Some(*transport)
            }
            _ => None,
        }
    }
}

pub fn open_request(actions: &[Action]) -> Option<TransportKind> {
    actions.iter().find_map(|a| match a {
        Action::OpenTransport(t) => Some(*t),
        _ => None,
    })
}

pub fn sends(actions: &[Action]) -> Vec<(TransportKind, Vec<Message>)> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send {
                transport,
                messages,
            } => Some((*transport, messages.clone())),
            _ => None,
        })
        .collect()
}

pub fn sent_messages(actions: &[Action]) -> Vec<Message> {
    sends(actions).into_iter().flat_map(|(_, m)| m).collect()
}

pub fn sent_on(actions: &[Action], channel: &str) -> Vec<Message> {
    sent_messages(actions)
        .into_iter()
        .filter(|m| m.channel == channel)
        .collect()
}

pub fn state_changes(actions: &[Action]) -> Vec<ConnectionState> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::StateChanged(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

pub fn timers_set(actions: &[Action]) -> Vec<u64> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::SetTimer { delay_ms, .. } => Some(*delay_ms),
            _ => None,
        })
        .collect()
}

pub fn handshake_ok(req: &Message, client_id: &str, types: &[&str]) -> Message {
    let mut m = Message::reply_to(req, true);
    m.client_id = Some(client_id.to_string());
    m.version = Some("1.0".into());
    m.supported_connection_types = Some(types.iter().map(|s| s.to_string()).collect());
    m.advice = Some(Advice::retry(0, SERVER_TIMEOUT));
    m
}

pub fn handshake_failed(req: &Message, error: &str) -> Message {
    let mut m = Message::reply_to(req, false);
    m.error = Some(error.to_string());
    m
}

pub fn connect_ok(req: &Message) -> Message {
    Message::reply_to(req, true)
}

pub fn failed(req: &Message, error: &str) -> Message {
    let mut m = Message::reply_to(req, false);
    m.error = Some(error.to_string());
    m
}

pub fn with_advice(mut m: Message, advice: Advice) -> Message {
    m.advice = Some(advice);
    m
}

pub fn with_ext(mut m: Message, ext: Value) -> Message {
    m.ext = Some(ext);
    m
}

pub fn advice(reconnect: Reconnect) -> Advice {
    Advice::reconnect(reconnect)
}

pub fn subscribe_ok(req: &Message) -> Message {
    let mut m = Message::reply_to(req, true);
    m.subscription = req.subscription.clone();
    m
}

pub fn data(channel: &str, n: i64) -> Message {
    Message::data(channel, json!({ "n": n }))
}

pub const BOTH: &[&str] = &["websocket", "long-polling"];
pub const LP_ONLY: &[&str] = &["long-polling"];
