//! One phone per browser: the tabs of one agent share one GWS session and one CometD connection.
//!
//! A [`Tab`] wraps the desk for one widget instance. It is either the **leader** — it owns the
//! [`Desk`], which alone sends REST requests and holds the CometD connection — or a **follower**,
//! which renders the leader's published state and sends its agent's intents to the leader. The
//! browser elects the leader (the shell holds a Web Lock named after the GWS base URL; the lock
//! is released when the leader's tab closes, crashes or is discarded) and tells the tab with
//! [`Tab::lead`]; the tabs talk over a `BroadcastChannel` in the messages of [`wire`].
//!
//! ```text
//! follower click ─► Intent ─► channel ─► leader Desk ─► Dial ─► … ─► Settle ─► channel ─► promise
//! leader Desk view change ─► State ─► channel ─► every follower renders it
//! leader Desk HostEvent ─► the tab the agent last focused (visible), else the leader, fires it
//! ```
//!
//! A host-page event routed to another tab is not lost with that tab: the tab says when it
//! fired it ([`Message::EventDone`]); one that stays silent for [`EVENT_DONE_MS`] (crashed,
//! hung, closed without a goodbye) is forgotten as a peer, and the event goes to the next tab
//! that should fire it (in the end the leader). A tab that gets an event more than
//! [`EVENT_FRESH_MS`] after it was sent leaves it alone, so a late one is not fired twice.
//!
//! Like the desk, this is synchronous and sans-IO: inputs in ([`Tab::handle`],
//! [`Tab::handle_channel`], [`Tab::lead`], [`Tab::presence`]), outputs out ([`Tab::poll_output`]).
//! Without sharing (no Web Locks or BroadcastChannel, or `shared-connection="off"`) a tab leads
//! alone from the start and never posts anything.

pub mod wire;

use crate::i18n::{Msg, Text};
use std::collections::VecDeque;

use serde_json::Value;

use crate::desk::{
    CallSnapshot, Desk, DeskConfig, DeskError, ErrorCode, HostEvent, Input, Intent, IntentId,
    Output, Settled, VecMap, View,
};
pub use wire::{Envelope, Message, Published, TabId};

/// How long the leader waits for a tab to say it fired a host-page event before giving the
/// event to another tab.
pub const EVENT_DONE_MS: u64 = 1_000;
/// How late a tab may still fire an event it was given (the leader gives it to another after
/// [`EVENT_DONE_MS`]; the difference covers the answer's way back).
pub const EVENT_FRESH_MS: u64 = 500;

/// What a click on a number of the page becomes ([`Tab::claim_click`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClickClaim {
    /// The widget dials it (or offers it, during a call).
    Take,
    /// Left to the browser: the link does what it would without the widget.
    Leave,
    /// The widget keeps it and says to sign in first ([`crate::i18n::Msg::SignInToDial`]).
    SignInFirst,
}

/// How a tab came to lead ([`Tab::lead`]), for what the shell may reuse from page load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leadership {
    /// No other tab had led: the session check started at page load is current.
    First,
    /// Another tab led before: the page-load session check is stale (the session may have
    /// been signed out or in since); the desk asks the server again.
    TakenOver,
    /// It was leading already, or it stopped.
    Unchanged,
}

#[derive(Clone, Debug)]
pub struct TabConfig {
    /// This tab's identity on the channel (random per page load).
    pub id: TabId,
    /// Share one connection with the other tabs; `false` leads alone.
    pub shared: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TabOutput {
    /// Execute as the desk's outputs are executed (this tab's requests, sockets, events,
    /// promise answers).
    Desk(Output),
    /// Post this text on the channel.
    Post(String),
    /// Dispatch a host-page event the leader routed to this tab.
    Fire { name: String, detail: Value },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Leads without sharing.
    Alone,
    Leader,
    Follower,
}

impl Role {
    pub fn name(&self) -> &'static str {
        match self {
            Role::Alone => "alone",
            Role::Leader => "leader",
            Role::Follower => "follower",
        }
    }
}

/// Who waits for the answer to an intent the leader's desk carries out.
#[derive(Clone, Copy, Debug)]
enum Origin {
    Local(IntentId),
    Remote { tab: TabId, id: IntentId },
}

/// Another tab as the leader knows it (and the leader itself), for routing host-page events.
#[derive(Clone, Copy, Debug, Default)]
struct Peer {
    visible: bool,
    /// When the agent last focused it (the leader's clock of focus messages), 0 = never.
    focused_at: u64,
}

/// A host-page event given to another tab, until that tab says it fired it.
struct Routed {
    id: u64,
    to: TabId,
    /// When it goes to another tab if `to` has not answered.
    deadline: u64,
    event: HostEvent,
}

struct Leader {
    desk: Desk,
    next_id: u64,
    origins: VecMap<IntentId, Origin>,
    peers: VecMap<TabId, Peer>,
    focus_clock: u64,
    seq: u64,
    routed: Vec<Routed>,
    next_event: u64,
}

#[derive(Default)]
struct Follower {
    leader: Option<TabId>,
    state: Option<Box<Published>>,
    /// Intents sent to the leader whose promises wait for its answer.
    waiting: Vec<IntentId>,
    /// Intents made before any leader was heard of; sent when one is.
    queued: Vec<(Option<IntentId>, Intent)>,
    /// The leader's `sessionStorage` text as last published, and whether this tab must write
    /// it to its own.
    stored: Option<String>,
    stored_changed: bool,
}

enum State {
    Follower(Follower),
    Leader(Box<Leader>),
}

pub struct Tab {
    config: TabConfig,
    desk_config: DeskConfig,
    state: State,
    started: bool,
    stopped: bool,
    visible: bool,
    focused: bool,
    /// A problem of this page (its markup, its options, a click while signed out): shown in
    /// this tab only, over whatever the leader shows.
    local_error: Option<Text>,
    outputs: VecDeque<TabOutput>,
    view_changed: bool,
}

fn interrupted() -> DeskError {
    DeskError::new(ErrorCode::Interrupted, Msg::TabClosed)
}

fn removed() -> DeskError {
    DeskError::new(ErrorCode::NotSignedIn, Msg::WidgetRemoved)
}

impl Tab {
    pub fn new(desk_config: DeskConfig, config: TabConfig) -> Self {
        let state = if config.shared {
            State::Follower(Follower::default())
        } else {
            State::Leader(Box::new(Leader::new(desk_config.clone())))
        };
        Tab {
            config,
            desk_config,
            state,
            started: false,
            stopped: false,
            visible: true,
            focused: false,
            local_error: None,
            outputs: VecDeque::new(),
            view_changed: true,
        }
    }

    pub fn id(&self) -> TabId {
        self.config.id
    }

    pub fn role(&self) -> Role {
        match (&self.state, self.config.shared) {
            (State::Leader(_), false) => Role::Alone,
            (State::Leader(_), true) => Role::Leader,
            (State::Follower(_), _) => Role::Follower,
        }
    }

    /// The name of the Web Lock and the `BroadcastChannel` shared by the tabs of one GWS.
    pub fn channel_name(&self) -> String {
        format!("gws-dialer:{}", self.desk_config.base_url)
    }

    // ------------------------------------------------------------------ inputs

    pub fn handle(&mut self, input: Input, now: u64) {
        if self.stopped {
            return;
        }
        match input {
            Input::Start => {
                self.started = true;
                match &mut self.state {
                    State::Leader(leader) => leader.desk.handle(Input::Start, now),
                    State::Follower(_) => self.post(&Message::Hello {
                        visible: self.visible,
                        focused: self.focused,
                    }),
                }
            }
            Input::Intent { id, intent } => self.intent(id, intent, now),
            Input::Problem(text) => {
                self.outputs
                    .push_back(TabOutput::Desk(Output::Event(HostEvent::Error {
                        code: None,
                        message: text.clone(),
                    })));
                self.local_error = Some(text);
                self.view_changed = true;
            }
            Input::Shutdown => self.shutdown(now),
            other => {
                if let State::Leader(leader) = &mut self.state {
                    leader.desk.handle(other, now);
                }
            }
        }
        self.pump(now);
    }

    /// A message from another tab (the channel's `data`).
    pub fn handle_channel(&mut self, raw: &str, now: u64) {
        if self.stopped {
            return;
        }
        let Some(Envelope { from, message }) = wire::decode(&self.desk_config.base_url, raw) else {
            return; // malformed, another version or another GWS: not for us
        };
        if from == self.config.id {
            return;
        }
        match &mut self.state {
            State::Leader(leader) => match message {
                Message::Hello { visible, focused } => {
                    leader.seen(from, visible, focused);
                    let state = leader.publish();
                    self.post(&state);
                }
                Message::Presence { visible, focused } => leader.seen(from, visible, focused),
                Message::Bye => {
                    leader.peers.remove(&from);
                    // What it was given and did not fire goes to another tab now.
                    self.reroute(Some(from), now);
                }
                Message::EventDone { to, id } if to == self.config.id => {
                    leader.routed.retain(|r| !(r.id == id && r.to == from));
                }
                Message::Intent { agent, id, intent } => {
                    let signed_in = leader.desk.user_name();
                    if let (Some(wanted), Some(actual)) = (agent.as_deref(), signed_in)
                        && wanted != actual
                    {
                        if let Some(id) = id {
                            let result = Err(DeskError::new(
                                ErrorCode::NotSignedIn,
                                Text::new(Msg::OtherAgent, vec![actual.into(), wanted.into()]),
                            ));
                            self.post(&Message::Settle {
                                to: from,
                                id,
                                result,
                            });
                        }
                    } else {
                        let origin = id.map(|id| Origin::Remote { tab: from, id });
                        let State::Leader(leader) = &mut self.state else {
                            unreachable!()
                        };
                        leader.intent(origin, intent, now);
                    }
                }
                // Another tab cannot lead while this one holds the lock.
                Message::Lead
                | Message::State(_)
                | Message::Settle { .. }
                | Message::Event { .. }
                | Message::EventDone { .. } => {}
            },
            State::Follower(follower) => match message {
                Message::State(published) => {
                    if follower.leader != Some(from) {
                        let waiting = follower.follow(from);
                        self.reject_all(waiting, interrupted());
                    }
                    let State::Follower(follower) = &mut self.state else {
                        unreachable!()
                    };
                    if follower
                        .state
                        .as_ref()
                        .is_none_or(|s| published.seq > s.seq)
                    {
                        let before = follower.state.as_ref().and_then(|s| s.view.error.as_ref());
                        if published.view.error.is_some() && published.view.error.as_ref() != before
                        {
                            self.local_error = None; // the newer message is shown
                        }
                        if published.stored != follower.stored {
                            follower.stored = published.stored.clone();
                            follower.stored_changed = true;
                        }
                        follower.state = Some(published);
                        self.view_changed = true;
                    }
                    self.flush_queued();
                }
                Message::Lead => {
                    if follower.leader != Some(from) {
                        let waiting = follower.follow(from);
                        self.reject_all(waiting, interrupted());
                    }
                    // The new leader does not know this tab yet.
                    self.post(&Message::Hello {
                        visible: self.visible,
                        focused: self.focused,
                    });
                    self.flush_queued();
                }
                Message::Settle { to, id, result } if to == self.config.id => {
                    if let Some(i) = follower.waiting.iter().position(|w| *w == id) {
                        follower.waiting.remove(i);
                        self.outputs
                            .push_back(TabOutput::Desk(Output::Settle { intent: id, result }));
                    }
                }
                // A late event is left alone: the leader gives it to another tab (or fires it)
                // before an answer could reach it, so firing here would fire it twice.
                Message::Event {
                    to,
                    id,
                    sent,
                    name,
                    detail,
                } if to == self.config.id && now.saturating_sub(sent) <= EVENT_FRESH_MS => {
                    self.outputs.push_back(TabOutput::Fire { name, detail });
                    self.post(&Message::EventDone { to: from, id });
                }
                _ => {}
            },
        }
        self.pump(now);
    }

    /// The browser granted this tab the lock: it leads now. The previous leader is gone, so the
    /// intents it had not answered never will be; a Dial it had in flight is not sent again
    /// (the desk's start reads the server's calls instead). Says how it came to lead: after
    /// another tab led, what the page learnt at load (its session check) is stale.
    pub fn lead(&mut self, now: u64) -> Leadership {
        if self.stopped {
            return Leadership::Unchanged;
        }
        let State::Follower(follower) = &mut self.state else {
            return Leadership::Unchanged;
        };
        let leadership = match follower.leader {
            Some(_) => Leadership::TakenOver,
            None => Leadership::First,
        };
        let waiting = std::mem::take(&mut follower.waiting);
        let queued = std::mem::take(&mut follower.queued);
        // The recent calls the previous leader kept, rather than what this page loaded with.
        let mut config = self.desk_config.clone();
        if follower.stored.is_some() {
            config.recent_calls = follower.stored.take();
        }
        self.reject_all(waiting, interrupted());
        let mut leader = Leader::new(config);
        leader.seen(self.config.id, self.visible, self.focused);
        self.state = State::Leader(Box::new(leader));
        self.view_changed = true;
        self.post(&Message::Lead);
        if self.started
            && let State::Leader(leader) = &mut self.state
        {
            leader.desk.handle(Input::Start, now);
        }
        for (id, intent) in queued {
            self.intent(id, intent, now);
        }
        self.pump(now);
        leadership
    }

    /// This tab was shown, hidden or focused.
    pub fn presence(&mut self, visible: bool, focused: bool) {
        if self.stopped {
            return;
        }
        self.visible = visible;
        self.focused = focused;
        match &mut self.state {
            State::Leader(leader) => leader.seen(self.config.id, visible, focused),
            State::Follower(_) => {
                if self.started {
                    self.post(&Message::Presence { visible, focused });
                }
            }
        }
    }

    /// A CometD data message delivered by other means (tests).
    pub fn push_notification(&mut self, channel: &str, data: Value, now: u64) {
        if let State::Leader(leader) = &mut self.state {
            leader.desk.push_notification(channel, data, now);
        }
        self.pump(now);
    }

    pub fn poll_output(&mut self) -> Option<TabOutput> {
        self.outputs.pop_front()
    }

    pub fn poll_timeout(&self) -> Option<u64> {
        match &self.state {
            State::Leader(leader) => {
                let routed = leader.routed.iter().map(|r| r.deadline).min();
                match (leader.desk.poll_timeout(), routed) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            }
            State::Follower(_) => None,
        }
    }

    pub fn handle_timeout(&mut self, now: u64) {
        if let State::Leader(leader) = &mut self.state {
            leader.desk.handle_timeout(now);
            // A tab that did not say it fired its event in time is gone or hung.
            self.reroute(None, now);
        }
        self.pump(now);
    }

    /// What this tab's `sessionStorage` should hold now, when that changed: the leader's desk
    /// decides ([`Desk::take_stored`]); a follower keeps what its leader published, so any tab
    /// can take over with the agent's recent calls.
    pub fn take_stored(&mut self) -> Option<Option<String>> {
        match &mut self.state {
            State::Leader(leader) => leader.desk.take_stored(),
            State::Follower(follower) => {
                std::mem::take(&mut follower.stored_changed).then(|| follower.stored.clone())
            }
        }
    }

    // ------------------------------------------------------------------ what is shown

    pub fn take_view_changed(&mut self) -> bool {
        std::mem::take(&mut self.view_changed)
    }

    /// The leader's view (its own desk's, or the one it published), with this page's own
    /// problem over it.
    pub fn view(&self) -> View {
        let mut view = match &self.state {
            State::Leader(leader) => leader.desk.view(),
            State::Follower(f) => match &f.state {
                Some(published) => published.view.clone(),
                None => View {
                    heading: self.desk_config.heading(),
                    ..View::default()
                },
            },
        };
        if self.local_error.is_some() {
            view.error.clone_from(&self.local_error);
        }
        view
    }

    /// Whether a click on a number of the page is the widget's (`plain_link`: an ordinary
    /// `tel:` link, not one the page marked for the widget with `data-gws-dial` or an outbound
    /// record).
    pub fn claim_click(&self, plain_link: bool) -> ClickClaim {
        match (self.accepts_clicks(), plain_link) {
            (true, _) => ClickClaim::Take,
            // Not signed in: an ordinary link does what it always did (a softphone, say).
            (false, true) => ClickClaim::Leave,
            (false, false) => ClickClaim::SignInFirst,
        }
    }

    pub fn accepts_clicks(&self) -> bool {
        match &self.state {
            State::Leader(leader) => leader.desk.accepts_clicks(),
            State::Follower(f) => f.state.as_ref().is_some_and(|s| s.accepts_clicks),
        }
    }

    pub fn calls(&self) -> Vec<CallSnapshot> {
        match &self.state {
            State::Leader(leader) => leader.desk.calls(),
            State::Follower(f) => f
                .state
                .as_ref()
                .map(|s| s.calls.clone())
                .unwrap_or_default(),
        }
    }

    // ------------------------------------------------------------------ plumbing

    fn post(&mut self, message: &Message) {
        if self.config.shared {
            self.outputs.push_back(TabOutput::Post(wire::encode(
                &self.desk_config.base_url,
                self.config.id,
                message,
            )));
        }
    }

    fn intent(&mut self, id: Option<IntentId>, intent: Intent, now: u64) {
        if intent == Intent::Dismiss && self.local_error.take().is_some() {
            self.view_changed = true;
            if let Some(id) = id {
                self.outputs.push_back(TabOutput::Desk(Output::Settle {
                    intent: id,
                    result: Ok(Settled::Done),
                }));
            }
            return;
        }
        match &mut self.state {
            State::Leader(leader) => leader.intent(id.map(Origin::Local), intent, now),
            State::Follower(follower) => match follower.leader {
                None => follower.queued.push((id, intent)),
                Some(_) => {
                    let agent = follower.state.as_ref().and_then(|s| s.agent.clone());
                    follower.waiting.extend(id);
                    self.post(&Message::Intent { agent, id, intent });
                }
            },
        }
    }

    fn flush_queued(&mut self) {
        let State::Follower(follower) = &mut self.state else {
            return;
        };
        let queued = std::mem::take(&mut follower.queued);
        for (id, intent) in queued {
            self.intent(id, intent, 0);
        }
    }

    fn reject_all(&mut self, ids: Vec<IntentId>, error: DeskError) {
        for intent in ids {
            self.outputs.push_back(TabOutput::Desk(Output::Settle {
                intent,
                result: Err(error.clone()),
            }));
        }
    }

    /// Gives the routed events of tab `gone` (it said goodbye), or else those whose tab did not
    /// say it fired them in time (it is forgotten), to the tab that should fire them now.
    fn reroute(&mut self, gone: Option<TabId>, now: u64) {
        let State::Leader(leader) = &mut self.state else {
            return;
        };
        let mut posts = Vec::new();
        let mut i = 0;
        while i < leader.routed.len() {
            let r = &leader.routed[i];
            if gone.map_or(r.deadline > now, |tab| r.to != tab) {
                i += 1;
                continue;
            }
            let r = leader.routed.remove(i);
            leader.peers.remove(&r.to);
            if let Some(message) = leader.route(
                r.event,
                self.config.id,
                self.config.shared,
                now,
                &mut self.outputs,
            ) {
                posts.push(message);
            }
        }
        for message in &posts {
            self.post(message);
        }
    }

    /// Carry the desk's outputs out: this tab's own, or over the channel for the tab that asked
    /// (promise answers) or that the agent looks at (host-page events); publish a changed view.
    fn pump(&mut self, now: u64) {
        let State::Leader(leader) = &mut self.state else {
            return;
        };
        // What goes to other tabs, posted (in order) once the desk's outputs are sorted out.
        let mut posts = Vec::new();
        while let Some(output) = leader.desk.poll_output() {
            match output {
                Output::Settle { intent, result } => match leader.origins.remove(&intent) {
                    Some(Origin::Local(id)) => self
                        .outputs
                        .push_back(TabOutput::Desk(Output::Settle { intent: id, result })),
                    Some(Origin::Remote { tab, id }) => posts.push(Message::Settle {
                        to: tab,
                        id,
                        result,
                    }),
                    _ => {}
                },
                Output::Event(event) => {
                    if matches!(event, HostEvent::Error { .. }) {
                        self.local_error = None; // the newer message is shown
                    }
                    if let Some(message) = leader.route(
                        event,
                        self.config.id,
                        self.config.shared,
                        now,
                        &mut self.outputs,
                    ) {
                        posts.push(message);
                    }
                }
                other => self.outputs.push_back(TabOutput::Desk(other)),
            }
        }
        if leader.desk.take_view_changed() {
            self.view_changed = true;
            // Alone on the channel (the usual single tab), nothing is encoded: a tab that
            // joins says Hello and is answered with the whole state.
            if self.config.shared && leader.has_followers(self.config.id) {
                posts.push(leader.publish());
            }
        }
        for message in &posts {
            self.post(message);
        }
    }

    fn shutdown(&mut self, now: u64) {
        match &mut self.state {
            State::Leader(leader) => {
                // Followers' intents are answered as interrupted (another tab takes over), not
                // as "removed" as this tab's own are.
                let remote: Vec<(TabId, IntentId)> = leader
                    .origins
                    .iter()
                    .filter_map(|(_, o)| match o {
                        Origin::Remote { tab, id } => Some((*tab, *id)),
                        Origin::Local(_) => None,
                    })
                    .collect();
                leader.origins.retain(|_, o| matches!(o, Origin::Local(_)));
                leader.desk.handle(Input::Shutdown, now);
                for (tab, id) in remote {
                    self.post(&Message::Settle {
                        to: tab,
                        id,
                        result: Err(interrupted()),
                    });
                }
                self.pump(now);
            }
            State::Follower(follower) => {
                let mut ids = std::mem::take(&mut follower.waiting);
                ids.extend(
                    std::mem::take(&mut follower.queued)
                        .into_iter()
                        .filter_map(|(id, _)| id),
                );
                self.reject_all(ids, removed());
                self.post(&Message::Bye);
            }
        }
        self.stopped = true;
    }
}

impl Follower {
    /// Follow a new leader; returns the intents the previous one will never answer.
    fn follow(&mut self, leader: TabId) -> Vec<IntentId> {
        self.leader = Some(leader);
        self.state = None;
        std::mem::take(&mut self.waiting)
    }
}

impl Leader {
    fn new(config: DeskConfig) -> Self {
        Leader {
            desk: Desk::new(config),
            next_id: 0,
            origins: VecMap::new(),
            peers: VecMap::new(),
            focus_clock: 0,
            seq: 0,
            routed: Vec::new(),
            next_event: 0,
        }
    }

    /// Fires a host-page event here (into `outputs`), or returns the message that gives it to
    /// the tab the agent looks at, remembered until that tab says it fired it.
    fn route(
        &mut self,
        event: HostEvent,
        me: TabId,
        shared: bool,
        now: u64,
        outputs: &mut VecDeque<TabOutput>,
    ) -> Option<Message> {
        let to = self.event_target(me);
        if to == me || !shared {
            outputs.push_back(TabOutput::Desk(Output::Event(event)));
            return None;
        }
        self.next_event += 1;
        let id = self.next_event;
        let message = Message::Event {
            to,
            id,
            sent: now,
            name: event.name().to_string(),
            detail: serde_json::to_value(&event).unwrap_or(Value::Null),
        };
        self.routed.push(Routed {
            id,
            to,
            deadline: now + EVENT_DONE_MS,
            event,
        });
        Some(message)
    }

    fn intent(&mut self, origin: Option<Origin>, intent: Intent, now: u64) {
        let id = origin.map(|origin| {
            self.next_id += 1;
            let id = IntentId(self.next_id);
            self.origins.insert(id, origin);
            id
        });
        self.desk.handle(Input::Intent { id, intent }, now);
    }

    fn seen(&mut self, tab: TabId, visible: bool, focused: bool) {
        let focused_at = if focused {
            self.focus_clock += 1;
            Some(self.focus_clock)
        } else {
            None
        };
        let peer = self.peers.get(&tab).copied().unwrap_or_default();
        self.peers.insert(
            tab,
            Peer {
                visible,
                focused_at: focused_at.unwrap_or(peer.focused_at),
            },
        );
    }

    /// Whether another tab said Hello (and has not said goodbye); `peers` holds this tab too.
    fn has_followers(&self, me: TabId) -> bool {
        self.peers.iter().any(|(tab, _)| *tab != me)
    }

    /// The tab that fires host-page events: the one the agent focused last among the visible
    /// ones, else the leader.
    fn event_target(&self, me: TabId) -> TabId {
        self.peers
            .iter()
            .filter(|(_, p)| p.visible && p.focused_at > 0)
            .max_by_key(|(_, p)| p.focused_at)
            .map_or(me, |(tab, _)| *tab)
    }

    /// The state to post to the followers (the next in sequence).
    fn publish(&mut self) -> Message {
        self.seq += 1;
        let published = Published {
            seq: self.seq,
            agent: self.desk.user_name().map(str::to_string),
            accepts_clicks: self.desk.accepts_clicks(),
            view: self.desk.view(),
            calls: self.desk.calls(),
            stored: self.desk.stored().map(str::to_string),
        };
        Message::State(Box::new(published))
    }
}
