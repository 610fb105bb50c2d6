//! The desk: every decision of the widget in one synchronous, sans-IO state machine.
//!
//! Shaped like `bayeux::Client` (which it drives) and like quinn-proto / str0m: the shell feeds
//! [`Input`]s with the current time, executes every [`Output`] that [`Desk::poll_output`] hands
//! out (HTTP requests, WebSocket commands, host-page events, promise settlements), arms one timer
//! for [`Desk::poll_timeout`] and calls [`Desk::handle_timeout`] when it fires, and renders
//! [`Desk::view`] whenever [`Desk::take_view_changed`] says so. Nothing here is async, reads a
//! clock or touches the browser.
//!
//! One owner per fact: the session state owns the user, device, call store, dial guard and
//! CometD client; requests in flight (and what each is for) live only in `requests`; the view
//! is derived from them.
//!
//! ```text
//! click ─► Intent::Dial ─► rules + guard ─► Output::Http(POST …/calls Dial)
//! socket frame ─► bayeux::Client ─► Deliver ─► CallStore ─► HostEvent::Call + view
//! ```

mod answers;
mod calls;
mod cometd;
mod events;
mod http;
mod intent;
mod offer;
mod session;
mod vec_map;
pub mod view;
mod wrapup;

pub use wrapup::{
    Direction, RECENT_CALLS, RecentCall, decode_recent, encode_recent, recent_calls_key,
};

pub use vec_map::VecMap;

use crate::i18n::{Msg, Text};
use std::collections::VecDeque;

use bayeux::{
    Action as CometdAction, Client as CometdClient, ClientConfig, ConnectionState,
    Input as CometdInput, Message, TimerId, TransportKind,
};
use gws_protocol::{
    AgentStateOperation, CallState, DialPreviewRecordRequest, DialRequest, MeOperation, StatusCode,
    User, lean, paths,
};
use serde_json::Value;

pub use events::{CallChange, HostEvent, render_messages};
pub use http::{
    Csrf, HttpReply, HttpRequest, HttpResult, Method, NetworkError, RequestId, basic_auth,
};
pub use intent::{
    CallAction, CallSnapshot, DeskError, DialIntent, DialSource, DialTarget, ErrorCode, Intent,
    IntentId, OfferChoice, Settled,
};
pub use view::{AgentRow, CallRow, ConnectionRow, Level, OfferRow, Phase, View};

use crate::agent::{AgentAction, AgentStatus};
use crate::dial_guard::{DialGuard, DialTicket, GuardConfig};
use crate::errors::{
    Attempt, MessageKind, UserMessage, describe_network_error, describe_response_text,
};
use crate::numbers::{DialNumber, NumberRules, same_number};
use crate::store::{CallStore, Mark, StoreConfig, StoreEvent};

/// How long a REST request may take before the widget gives up and says so. Never retried:
/// for a Dial, the resync after it shows whether the call was placed after all.
pub const REST_TIMEOUT_MS: u32 = 15_000;

/// After GWS accepted a Dial, how long `dial()` waits for the call to show up.
pub const DIAL_CONFIRM_MS: u64 = 10_000;

/// How long after a call is connected its extension is sent as tones, by default.
pub const EXTENSION_DELAY_MS: u64 = 1_000;

/// The channels the widget follows.
pub const CHANNELS: [&str; 3] = [
    paths::CHANNEL_CALLS,
    paths::CHANNEL_DEVICES,
    paths::CHANNEL_OUTBOUND,
];

#[derive(Clone, Debug)]
pub struct DeskConfig {
    /// GWS origin (plus optional prefix), without a trailing slash.
    pub base_url: String,
    /// The integrator's heading; the default is "Phone" in the agent's language.
    pub heading: Option<String>,
    pub number_rules: NumberRules,
    /// Default `location` for Dial requests.
    pub location: Option<String>,
    /// CometD transports, in order of preference.
    pub transports: Vec<TransportKind>,
    /// Take clicks on the host page's numbers.
    pub click_to_dial: bool,
    pub guard: GuardConfig,
    /// Open a CometD connection (tests switch it off and push notifications directly).
    pub notifications: bool,
    /// Seed for the CometD backoff jitter (random per page load in the browser).
    pub rng_seed: u64,
    pub store: StoreConfig,
    /// How long after a call is connected the extension dialled with it is sent as tones.
    pub extension_delay_ms: u64,
    /// The recent calls kept in `sessionStorage` ([`encode_recent`]), restored when the same
    /// agent's session starts.
    pub recent_calls: Option<String>,
}

impl DeskConfig {
    /// The heading: the integrator's, else "Phone" in the agent's language.
    pub fn heading(&self) -> Text {
        self.heading
            .clone()
            .map_or(Text::from(Msg::Heading), Text::raw)
    }

    pub fn new(base_url: &str) -> Self {
        DeskConfig {
            base_url: base_url.trim_end_matches('/').to_string(),
            heading: None,
            number_rules: NumberRules::default(),
            location: None,
            transports: vec![TransportKind::WebSocket, TransportKind::LongPolling],
            click_to_dial: true,
            guard: GuardConfig::default(),
            notifications: true,
            rng_seed: 0x5EED,
            store: StoreConfig::default(),
            extension_delay_ms: EXTENSION_DELAY_MS,
            recent_calls: None,
        }
    }
}

/// Identifies one WebSocket the desk asked the shell to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SocketId(pub u64);

#[derive(Clone, Debug, PartialEq)]
pub enum SocketEvent {
    Opened,
    Frame(String),
    /// Failed to open, errored or closed by the server.
    Closed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// The widget is on the page: probe for an existing session.
    Start,
    /// The agent or the host page asks for something; `id` when a promise waits for the answer.
    Intent {
        id: Option<IntentId>,
        intent: Intent,
    },
    /// A problem found outside the desk (page markup, options) to show in plain words.
    Problem(Text),
    /// The answer to an [`Output::Http`].
    Http { id: RequestId, result: HttpResult },
    /// Something happened on a socket opened by [`Output::OpenSocket`].
    Socket { id: SocketId, event: SocketEvent },
    /// The widget leaves the page: disconnect CometD, answer every waiting promise.
    Shutdown,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    Http(HttpRequest),
    /// Abort a request still in flight; its answer, if any, is not wanted any more.
    Abort(RequestId),
    OpenSocket {
        id: SocketId,
        url: String,
    },
    SendSocket {
        id: SocketId,
        text: String,
    },
    CloseSocket(SocketId),
    /// Dispatch on the widget's element.
    Event(HostEvent),
    /// Answer the promise of an intent.
    Settle {
        intent: IntentId,
        result: Result<Settled, DeskError>,
    },
    /// For the console: something was ignored that a developer may want to know about.
    Log(String),
}

/// What a request in flight is for. The one owner of "is X in flight".
#[derive(Debug)]
enum Purpose {
    Probe,
    Login {
        intent: Option<IntentId>,
    },
    StartSession,
    Dial {
        ticket: DialTicket,
        number: DialNumber,
        intent: Option<IntentId>,
    },
    Call {
        call_id: String,
        operation: &'static str,
        state: CallState,
        intent: Option<IntentId>,
    },
    AgentState {
        intent: Option<IntentId>,
    },
    /// The answer is as old as this mark of the store's notifications.
    ResyncCalls(Mark),
    ResyncDevices(Mark),
    Verify,
    SignOut {
        intent: Option<IntentId>,
    },
    AgentSettings,
    Dispositions,
    Disposition {
        call_id: String,
        code: String,
        intent: Option<IntentId>,
    },
    Cometd {
        message_ids: Vec<String>,
    },
}

impl Purpose {
    fn intent(&self) -> Option<IntentId> {
        match self {
            Purpose::Dial { intent, .. }
            | Purpose::Login { intent }
            | Purpose::Call { intent, .. }
            | Purpose::AgentState { intent }
            | Purpose::Disposition { intent, .. }
            | Purpose::SignOut { intent } => *intent,
            _ => None,
        }
    }
}

/// The CometD side of an active session: the sans-IO client and what it asked the shell for.
struct Cometd {
    client: CometdClient,
    /// The client's timers, as absolute deadlines; the shell arms one timer for the earliest.
    timers: VecMap<TimerId, u64>,
    socket: Option<SocketId>,
}

/// A Dial GWS accepted whose promise waits for the call to show up.
#[derive(Debug)]
struct AwaitedCall {
    intent: IntentId,
    number: String,
    deadline_ms: u64,
}

/// Signed in: everything that exists only while a session does.
struct Active {
    user_name: String,
    display_name: String,
    phone_number: String,
    device_id: String,
    store: CallStore,
    guard: DialGuard,
    cometd: Option<Cometd>,
    /// The contact-center session is up: clicks may dial.
    ready: bool,
    /// A Dial asked for while the session was starting: made once it is ready (one at most).
    queued_dial: Option<(Option<IntentId>, DialIntent)>,
    awaited: Vec<AwaitedCall>,
    /// Another resync was asked for while one was in flight.
    resync_again: bool,
    /// Original calls of cancelled consultations, retrieved once the server allows it.
    retrieve_after: Vec<String>,
    /// The server's agent states (empty: the built-in Ready / Not Ready / After Call Work).
    agent_states: Vec<gws_protocol::settings::AgentStateSetting>,
    /// The server has answered for its agent states (or the request failed): an empty list is
    /// then "none", not "not yet".
    agent_states_answered: bool,
    /// When the agent's state last changed.
    agent_since_ms: u64,
    /// Disposition codes and their labels (empty: no wrap-up).
    dispositions: Vec<(String, String)>,
    /// Ended calls, newest first.
    recent: Vec<RecentCall>,
    /// Live calls that were answered, and calls the agent dialled (for the recent list).
    connected: Vec<String>,
    dialled: Vec<String>,
    /// Extensions dialled with a number, sent as tones once their call is connected.
    extensions: Vec<calls::Extension>,
    /// A number clicked on the page while a call is live, waiting for the agent's choice.
    offer: Option<offer::Offer>,
}

enum Session {
    Starting,
    SignedOut,
    Active(Box<Active>),
}

pub struct Desk {
    config: DeskConfig,
    session: Session,
    csrf: Csrf,
    requests: VecMap<RequestId, Purpose>,
    next_id: u64,
    outputs: VecDeque<Output>,
    error: Option<Text>,
    announcement: Option<Text>,
    view_changed: bool,
    stopped: bool,
    /// What `sessionStorage` holds (the recent calls), and whether the shell must write it.
    stored: Option<String>,
    stored_changed: bool,
    next_offer: u64,
}

/// A REST body as JSON; the widget's lean decoders (`gws_protocol::lean`) read it from there.
fn json(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

fn not_signed_in() -> DeskError {
    DeskError::new(ErrorCode::NotSignedIn, Msg::SignInFirst)
}

/// The error for a failed request: the sentence from `dialer_core::errors` with a stable code.
fn request_error(result: &HttpResult, attempt: &Attempt) -> Option<(DeskError, bool)> {
    let reply = match result {
        Ok(reply) => reply,
        Err(e) => {
            let code = if e.timed_out {
                ErrorCode::Timeout
            } else {
                ErrorCode::Network
            };
            return Some((
                DeskError::new(code, describe_network_error(&e.detail).text),
                false,
            ));
        }
    };
    let message: UserMessage = describe_response_text(attempt, reply.status, &reply.body);
    let code = match message.kind {
        MessageKind::Success | MessageKind::PartialSuccess if reply.status < 300 => return None,
        MessageKind::SignInRequired => ErrorCode::NotSignedIn,
        MessageKind::NotAllowed | MessageKind::InvalidRequest => ErrorCode::Refused,
        _ => ErrorCode::Server,
    };
    Some((
        DeskError::new(code, message.text),
        message.kind == MessageKind::SignInRequired,
    ))
}

impl Desk {
    pub fn new(config: DeskConfig) -> Self {
        Desk {
            session: Session::Starting,
            csrf: Csrf::default(),
            requests: VecMap::new(),
            next_id: 0,
            outputs: VecDeque::new(),
            error: None,
            announcement: None,
            view_changed: true,
            stopped: false,
            stored: config.recent_calls.clone(),
            stored_changed: false,
            next_offer: 0,
            config,
        }
    }

    pub fn config(&self) -> &DeskConfig {
        &self.config
    }

    // ------------------------------------------------------------------ the interface

    pub fn handle(&mut self, input: Input, now: u64) {
        if self.stopped {
            return;
        }
        match input {
            Input::Start => self.start(),
            Input::Intent { id, intent } => self.intent(id, intent, now),
            Input::Problem(text) => self.show_error(None, text),
            Input::Http { id, result } => self.http_done(id, result, now),
            Input::Socket { id, event } => self.socket_event(id, event, now),
            Input::Shutdown => self.shutdown(now),
        }
    }

    /// The next thing for the shell to do.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    /// When [`Desk::handle_timeout`] wants to run next (absolute ms), if ever.
    pub fn poll_timeout(&self) -> Option<u64> {
        let Session::Active(active) = &self.session else {
            return None;
        };
        let cometd = active
            .cometd
            .as_ref()
            .and_then(|c| c.timers.values().min().copied());
        let awaited = active.awaited.iter().map(|a| a.deadline_ms).min();
        let extension = Desk::next_extension_ms(active);
        [cometd, awaited, extension, active.store.next_expiry_ms()]
            .into_iter()
            .flatten()
            .min()
    }

    pub fn handle_timeout(&mut self, now: u64) {
        if self.stopped {
            return;
        }
        let Session::Active(active) = &mut self.session else {
            return;
        };
        // CometD timers that are due, in deadline order.
        let due: Vec<TimerId> = match &mut active.cometd {
            Some(c) => {
                // A handful of timers: the earliest due one, again and again (no sort).
                let mut due = Vec::new();
                while let Some(id) = c
                    .timers
                    .iter()
                    .filter(|(_, at)| **at <= now)
                    .min_by_key(|(id, at)| (**at, **id))
                    .map(|(id, _)| *id)
                {
                    c.timers.remove(&id);
                    due.push(id);
                }
                due
            }
            None => Vec::new(),
        };
        // Dials whose call never showed up.
        let (late, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut active.awaited)
            .into_iter()
            .partition(|a| a.deadline_ms <= now);
        active.awaited = waiting;
        let events = active.store.expire(now);
        for timer in due {
            self.cometd_input(CometdInput::TimerFired(timer), now);
        }
        for a in late {
            self.settle(
                Some(a.intent),
                Err(DeskError::new(
                    ErrorCode::Timeout,
                    Text::new(Msg::DialNoCall, vec![a.number.as_str().into()]),
                )),
            );
        }
        self.store_events(events, now);
        self.send_extensions(now);
    }

    /// What `sessionStorage` should hold, when that changed since the last call: the recent
    /// calls' text, or `None` to remove it (signed out). The shell writes it under
    /// [`recent_calls_key`].
    pub fn take_stored(&mut self) -> Option<Option<String>> {
        std::mem::take(&mut self.stored_changed).then(|| self.stored.clone())
    }

    /// What `sessionStorage` holds now (see [`Desk::take_stored`]).
    pub fn stored(&self) -> Option<&str> {
        self.stored.as_deref()
    }

    /// The view changed since the last call (the shell renders then).
    pub fn take_view_changed(&mut self) -> bool {
        std::mem::take(&mut self.view_changed)
    }

    /// What the widget shows, derived from the state.
    pub fn view(&self) -> View {
        let mut view = View {
            heading: self.config.heading(),
            error: self.error.clone(),
            announcement: self.announcement.clone(),
            dial_in_flight: self
                .requests
                .values()
                .any(|p| matches!(p, Purpose::Dial { .. }))
                || matches!(&self.session, Session::Active(a) if a.queued_dial.is_some()),
            ..View::default()
        };
        match &self.session {
            Session::Starting => view.phase = Phase::Starting,
            Session::SignedOut => {
                view.phase = Phase::SignedOut {
                    busy: self
                        .requests
                        .values()
                        .any(|p| matches!(p, Purpose::Login { .. })),
                };
                view.connection.text = Msg::ConnNotConnected.into();
            }
            Session::Active(active) => {
                view.phase = Phase::Active;
                let busy = self.requests.values().any(|p| {
                    matches!(
                        p,
                        Purpose::AgentState { .. }
                            | Purpose::SignOut { .. }
                            | Purpose::StartSession
                    )
                });
                view.dispositions = active.dispositions.clone();
                view.recent = Desk::recent_rows(active);
                view.offer = Desk::offer_row(active);
                view.agent = active.store.agent().map(|agent| {
                    let choices = Desk::agent_choices(active);
                    AgentRow {
                        name: active.display_name.clone(),
                        number: agent.phone_number.clone(),
                        state: agent.label(),
                        since_ms: active.agent_since_ms,
                        no_choices: active.agent_states_answered && choices.is_empty(),
                        choices: if busy { Vec::new() } else { choices },
                        status: agent.status.clone(),
                        // Kept while a change is sent (disabled, marked busy): the buttons keep
                        // their words and their place.
                        actions: agent
                            .allowed_actions()
                            .into_iter()
                            .filter(|a| *a != AgentAction::AfterCallWork)
                            .collect(),
                        busy,
                    }
                });
                view.connection = match &active.cometd {
                    Some(c) => view::connection_row(c.client.state()),
                    None => ConnectionRow {
                        level: Level::Off,
                        text: Msg::ConnNotConnected.into(),
                    },
                };
                view.calls = active
                    .store
                    .calls()
                    .map(|call| {
                        let pending = self
                            .requests
                            .values()
                            .filter_map(|p| match p {
                                Purpose::Call {
                                    call_id, operation, ..
                                } if *call_id == call.call.id => Some(*operation),
                                _ => None,
                            })
                            .collect();
                        // A consultation names the party of the call it was made for.
                        let consult_for = calls::parent_id(&call.call)
                            .map(|parent| active.store.get(&parent).and_then(|p| p.other_party()));
                        view::call_row(call, pending, consult_for)
                    })
                    .collect();
            }
        }
        view
    }

    /// Whether a click on a page number should be taken (otherwise `tel:` links keep working).
    /// Signed in: a click on a number is the widget's (while the phone session is still
    /// starting, its Dial waits for it rather than the link going to the operating system).
    pub fn accepts_clicks(&self) -> bool {
        self.config.click_to_dial && self.is_signed_in()
    }

    pub fn is_signed_in(&self) -> bool {
        matches!(self.session, Session::Active(_))
    }

    /// The signed-in agent's user name.
    pub fn user_name(&self) -> Option<&str> {
        match &self.session {
            Session::Active(a) => Some(&a.user_name),
            _ => None,
        }
    }

    /// The calls the widget shows, for the JS API.
    pub fn calls(&self) -> Vec<CallSnapshot> {
        match &self.session {
            Session::Active(a) => a
                .store
                .calls()
                .map(|c| Desk::snapshot(a, &c.call))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The call shortcuts act on when no id is given: the first live call.
    pub fn current_call_id(&self) -> Option<String> {
        match &self.session {
            Session::Active(a) => a.store.live_calls().next().map(|c| c.call.id.clone()),
            _ => None,
        }
    }

    // ------------------------------------------------------------------ plumbing

    fn changed(&mut self) {
        self.view_changed = true;
    }

    fn emit(&mut self, event: HostEvent) {
        self.outputs.push_back(Output::Event(event));
    }

    fn settle(&mut self, intent: Option<IntentId>, result: Result<Settled, DeskError>) {
        if let Some(intent) = intent {
            self.outputs.push_back(Output::Settle { intent, result });
        }
    }

    /// Show a message in the banner and tell the host page.
    fn show_error(&mut self, code: Option<ErrorCode>, text: Text) {
        self.emit(HostEvent::Error {
            code,
            message: text.clone(),
        });
        self.error = Some(text);
        self.changed();
    }

    /// Refuse an intent: the message is shown and the promise rejected with its code.
    fn refuse(&mut self, intent: Option<IntentId>, error: DeskError) {
        self.show_error(Some(error.code), error.message.clone());
        self.settle(intent, Err(error));
    }

    fn request(
        &mut self,
        method: Method,
        url: String,
        body: Option<String>,
        timeout_ms: Option<u32>,
        extra_header: Option<(String, String)>,
        purpose: Purpose,
    ) -> RequestId {
        self.next_id += 1;
        let id = RequestId(self.next_id);
        let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
        if method == Method::Post {
            headers.push(("Content-Type".into(), "application/json".into()));
            if let Some(pair) = self.csrf.header() {
                headers.push(pair);
            }
        }
        headers.extend(extra_header);
        self.requests.insert(id, purpose);
        self.outputs.push_back(Output::Http(HttpRequest {
            id,
            method,
            url,
            headers,
            body,
            timeout_ms,
        }));
        self.changed();
        id
    }

    fn get(&mut self, path: &str, purpose: Purpose) -> RequestId {
        let url = format!("{}{}", self.config.base_url, path);
        self.request(Method::Get, url, None, Some(REST_TIMEOUT_MS), None, purpose)
    }

    fn post<B: serde::Serialize>(&mut self, path: &str, body: &B, purpose: Purpose) -> RequestId {
        let body = serde_json::to_string(body).unwrap_or_default();
        self.post_text(path, body, purpose)
    }

    fn post_text(&mut self, path: &str, body: String, purpose: Purpose) -> RequestId {
        let url = format!("{}{}", self.config.base_url, path);
        self.request(
            Method::Post,
            url,
            Some(body),
            Some(REST_TIMEOUT_MS),
            None,
            purpose,
        )
    }

    fn shutdown(&mut self, now: u64) {
        // Leave without ending the contact-center session: other pages may use it.
        if self.is_signed_in() {
            self.end_session(now);
        }
        let requests: Vec<(RequestId, Purpose)> = self.requests.drain().collect();
        for (id, purpose) in requests {
            self.outputs.push_back(Output::Abort(id));
            self.settle(
                purpose.intent(),
                Err(DeskError::new(ErrorCode::NotSignedIn, Msg::WidgetRemoved)),
            );
        }
        self.stopped = true;
    }
}
