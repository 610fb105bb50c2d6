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

mod events;
mod http;
mod intent;
pub mod view;

use std::collections::{BTreeMap, VecDeque};

use bayeux::{
    Action as CometdAction, Client as CometdClient, ClientConfig, ConnectionState,
    Input as CometdInput, Message, TimerId, TransportKind,
};
use gws_protocol::{
    AgentStateOperation, CallState, CallsResponse, DevicesResponse, DialPreviewRecordRequest,
    DialRequest, MeOperation, MeResponse, Notification, OutboundRecord, StatusCode, User, paths,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use events::{CallChange, HostEvent};
pub use http::{
    Csrf, HttpReply, HttpRequest, HttpResult, Method, NetworkError, RequestId, basic_auth,
};
pub use intent::{
    CallAction, CallSnapshot, DeskError, DialIntent, DialSource, DialTarget, ErrorCode, Intent,
    IntentId, Settled,
};
pub use view::{AgentRow, CallRow, ConnectionRow, Level, Phase, View};

use crate::agent::{AgentAction, AgentStatus};
use crate::dial_guard::{DialGuard, DialTicket, GuardConfig};
use crate::errors::{
    Attempt, MessageKind, UserMessage, describe_network_error, describe_response_text,
};
use crate::numbers::{DialNumber, NumberRules, same_number};
use crate::store::{CallStore, StoreConfig, StoreEvent};

/// How long a REST request may take before the widget gives up and says so. Never retried:
/// for a Dial, the resync after it shows whether the call was placed after all.
pub const REST_TIMEOUT_MS: u32 = 15_000;

/// After GWS accepted a Dial, how long `dial()` waits for the call to show up.
pub const DIAL_CONFIRM_MS: u64 = 10_000;

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
    pub heading: String,
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
}

impl DeskConfig {
    pub fn new(base_url: &str) -> Self {
        DeskConfig {
            base_url: base_url.trim_end_matches('/').to_string(),
            heading: "Phone".into(),
            number_rules: NumberRules::default(),
            location: None,
            transports: vec![TransportKind::WebSocket, TransportKind::LongPolling],
            click_to_dial: true,
            guard: GuardConfig::default(),
            notifications: true,
            rng_seed: 0x5EED,
            store: StoreConfig::default(),
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
    Problem(String),
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
    ResyncCalls,
    ResyncDevices,
    Verify,
    SignOut {
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
            | Purpose::SignOut { intent } => *intent,
            _ => None,
        }
    }
}

/// The CometD side of an active session: the sans-IO client and what it asked the shell for.
struct Cometd {
    client: CometdClient,
    /// The client's timers, as absolute deadlines; the shell arms one timer for the earliest.
    timers: BTreeMap<TimerId, u64>,
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
    awaited: Vec<AwaitedCall>,
    /// Another resync was asked for while one was in flight.
    resync_again: bool,
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
    requests: BTreeMap<RequestId, Purpose>,
    next_id: u64,
    outputs: VecDeque<Output>,
    error: Option<String>,
    announcement: String,
    view_changed: bool,
    stopped: bool,
}

fn typed<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::from_str::<Value>(text).ok()?).ok()
}

fn not_signed_in() -> DeskError {
    DeskError::new(ErrorCode::NotSignedIn, "Please sign in to the phone first.")
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
            config,
            session: Session::Starting,
            csrf: Csrf::default(),
            requests: BTreeMap::new(),
            next_id: 0,
            outputs: VecDeque::new(),
            error: None,
            announcement: String::new(),
            view_changed: true,
            stopped: false,
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
        [cometd, awaited, active.store.next_expiry_ms()]
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
                let mut due: Vec<(u64, TimerId)> = c
                    .timers
                    .iter()
                    .filter(|(_, at)| **at <= now)
                    .map(|(id, at)| (*at, *id))
                    .collect();
                due.sort_unstable();
                due.into_iter()
                    .map(|(_, id)| {
                        c.timers.remove(&id);
                        id
                    })
                    .collect()
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
                    format!(
                        "The server accepted the Dial to {}, but no call showed up.",
                        a.number
                    ),
                )),
            );
        }
        self.store_events(events, now);
    }

    /// The view changed since the last call (the shell renders then).
    pub fn take_view_changed(&mut self) -> bool {
        std::mem::take(&mut self.view_changed)
    }

    /// What the widget shows, derived from the state.
    pub fn view(&self) -> View {
        let mut view = View {
            heading: self.config.heading.clone(),
            error: self.error.clone(),
            announcement: self.announcement.clone(),
            dial_in_flight: self
                .requests
                .values()
                .any(|p| matches!(p, Purpose::Dial { .. })),
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
                view.connection.text = "Not connected".into();
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
                view.agent = active.store.agent().map(|agent| AgentRow {
                    name: active.display_name.clone(),
                    number: agent.phone_number.clone(),
                    state: agent.label.clone(),
                    status: agent.status.clone(),
                    actions: if busy {
                        Vec::new()
                    } else {
                        agent
                            .allowed_actions()
                            .into_iter()
                            .filter(|a| *a != AgentAction::AfterCallWork)
                            .collect()
                    },
                    busy,
                });
                view.connection = match &active.cometd {
                    Some(c) => view::connection_row(c.client.state()),
                    None => ConnectionRow {
                        level: Level::Off,
                        text: "Not connected".into(),
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
                        view::call_row(call, pending)
                    })
                    .collect();
            }
        }
        view
    }

    /// Whether a click on a page number should be taken (otherwise `tel:` links keep working).
    pub fn accepts_clicks(&self) -> bool {
        self.config.click_to_dial && matches!(&self.session, Session::Active(a) if a.ready)
    }

    pub fn is_signed_in(&self) -> bool {
        matches!(self.session, Session::Active(_))
    }

    /// The calls the widget shows, for the JS API.
    pub fn calls(&self) -> Vec<CallSnapshot> {
        match &self.session {
            Session::Active(a) => a.store.calls().map(|c| view::snapshot(&c.call)).collect(),
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
    fn show_error(&mut self, code: Option<ErrorCode>, text: String) {
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
        let url = format!("{}{}", self.config.base_url, path);
        let body = serde_json::to_string(body).unwrap_or_default();
        self.request(
            Method::Post,
            url,
            Some(body),
            Some(REST_TIMEOUT_MS),
            None,
            purpose,
        )
    }

    // ------------------------------------------------------------------ session flow

    fn start(&mut self) {
        if matches!(self.session, Session::Starting)
            && !self.requests.values().any(|p| matches!(p, Purpose::Probe))
        {
            // Probe for an existing session (as WWE does): the login form only when there is none.
            self.get(paths::ME_ALL, Purpose::Probe);
        }
    }

    fn intent(&mut self, id: Option<IntentId>, intent: Intent, now: u64) {
        match intent {
            Intent::SignIn { user, password } => self.sign_in(id, user, password),
            Intent::Dial(dial) => self.dial(id, dial, now),
            Intent::Call { call_id, action } => self.call_action(id, call_id, action),
            Intent::AgentState(action) => self.agent_state(id, action),
            Intent::SignOut => self.sign_out(id, now),
            Intent::Dismiss => {
                self.error = None;
                self.changed();
                self.settle(id, Ok(Settled::Done));
            }
            Intent::Resync => {
                self.resync();
                self.settle(id, Ok(Settled::Done));
            }
        }
    }

    fn sign_in(&mut self, intent: Option<IntentId>, user: String, password: String) {
        if self.is_signed_in() {
            return self.settle(intent, Ok(Settled::Done));
        }
        if user.trim().is_empty() {
            return self.refuse(
                intent,
                DeskError::new(ErrorCode::InvalidInput, "Please enter your user name."),
            );
        }
        if self
            .requests
            .values()
            .any(|p| matches!(p, Purpose::Login { .. }))
        {
            return self.settle(
                intent,
                Err(DeskError::new(ErrorCode::Busy, "Already signing in.")),
            );
        }
        self.error = None;
        self.session = Session::SignedOut;
        let url = format!("{}{}", self.config.base_url, paths::ME_ALL);
        let auth = basic_auth(&user, &password);
        // The password exists only in this request; nothing keeps it.
        self.request(
            Method::Get,
            url,
            None,
            Some(REST_TIMEOUT_MS),
            Some(("Authorization".into(), auth)),
            Purpose::Login { intent },
        );
    }

    /// The answer to the probe (`explicit` false) or to a login.
    fn me_answer(
        &mut self,
        intent: Option<IntentId>,
        result: HttpResult,
        explicit: bool,
        now: u64,
    ) {
        let reply = match result {
            Ok(reply) => reply,
            Err(e) => {
                self.session = Session::SignedOut;
                let code = if e.timed_out {
                    ErrorCode::Timeout
                } else {
                    ErrorCode::Network
                };
                return self.refuse(
                    intent,
                    DeskError::new(code, describe_network_error(&e.detail).text),
                );
            }
        };
        let parsed: Option<MeResponse> = typed(&reply.body);
        let user = parsed
            .as_ref()
            .filter(|r| reply.status == 200 && r.status_code == StatusCode::Ok)
            .and_then(|r| r.user.clone());
        match user {
            Some(user) => self.signed_in(intent, user, now),
            None => {
                self.session = Session::SignedOut;
                self.changed();
                let not_authenticated = matches!(reply.status, 401 | 403)
                    || parsed
                        .as_ref()
                        .is_some_and(|r| r.status_code == StatusCode::NotAuthenticated);
                if not_authenticated && !explicit {
                    return; // no session yet: the login form is the answer
                }
                let error = if not_authenticated {
                    DeskError::new(
                        ErrorCode::NotSignedIn,
                        "The user name or password is not correct.",
                    )
                } else {
                    let text =
                        describe_response_text(&Attempt::SignIn, reply.status, &reply.body).text;
                    DeskError::new(ErrorCode::Server, text)
                };
                self.refuse(intent, error);
            }
        }
    }

    fn signed_in(&mut self, intent: Option<IntentId>, user: User, now: u64) {
        let Some(device) = user.devices.as_ref().and_then(|d| d.first()).cloned() else {
            self.session = Session::SignedOut;
            return self.refuse(
                intent,
                DeskError::new(
                    ErrorCode::Refused,
                    "Your user has no phone device assigned, so calls cannot be made. \
                     Please ask your administrator.",
                ),
            );
        };
        let needs_session = device
            .user_state
            .as_ref()
            .map(AgentStatus::from_user_state)
            .is_none_or(|s| s == AgentStatus::LoggedOut);
        let mut store = CallStore::new(self.config.store.clone());
        store.set_device_id(device.id.clone());
        store.resync_devices(std::slice::from_ref(&device));
        store.resync(user.calls.clone().unwrap_or_default(), now);
        let mut guard = DialGuard::new(self.config.guard.clone());
        guard.observe(&store);
        let display_name = {
            let full = format!("{} {}", user.first_name, user.last_name);
            let full = full.trim();
            if full.is_empty() {
                user.user_name.clone()
            } else {
                full.to_string()
            }
        };
        self.session = Session::Active(Box::new(Active {
            user_name: user.user_name.clone(),
            display_name,
            phone_number: device.phone_number.clone(),
            device_id: device.id.clone(),
            store,
            guard,
            cometd: None,
            ready: false,
            awaited: Vec::new(),
            resync_again: false,
        }));
        self.error = None;
        self.changed();
        self.start_cometd(now);
        if needs_session {
            self.post(
                paths::ME,
                &MeOperation::start_voice_session(),
                Purpose::StartSession,
            );
        } else {
            self.session_ready();
        }
        self.settle(intent, Ok(Settled::Done));
    }

    fn session_ready(&mut self) {
        let Session::Active(active) = &mut self.session else {
            return;
        };
        active.ready = true;
        let event = HostEvent::Ready {
            user_name: active.user_name.clone(),
            phone_number: active.phone_number.clone(),
        };
        self.emit(event);
        self.changed();
    }

    /// The HTTP session is gone (GWS said so): back to the login form, once. Nothing retries.
    fn session_lost(&mut self, now: u64) {
        self.end_session(now);
        self.emit(HostEvent::SignedOut {});
    }

    /// Leave the active session: CometD stops, requests of the session are dropped and their
    /// promises answered, the CSRF token is forgotten.
    fn end_session(&mut self, now: u64) {
        self.stop_cometd(now);
        if let Session::Active(active) = &mut self.session {
            for a in std::mem::take(&mut active.awaited) {
                self.outputs.push_back(Output::Settle {
                    intent: a.intent,
                    result: Err(not_signed_in()),
                });
            }
        }
        let dropped: Vec<(RequestId, Purpose)> =
            std::mem::take(&mut self.requests).into_iter().collect();
        for (id, purpose) in dropped {
            if matches!(purpose, Purpose::SignOut { .. }) {
                self.requests.insert(id, purpose);
                continue;
            }
            if matches!(purpose, Purpose::Cometd { .. }) {
                self.outputs.push_back(Output::Abort(id));
            }
            self.settle(purpose.intent(), Err(not_signed_in()));
        }
        self.csrf.clear();
        self.session = Session::SignedOut;
        self.changed();
    }

    /// Disconnect CometD (a `/meta/disconnect` on the open transport) and close its transport.
    fn stop_cometd(&mut self, now: u64) {
        if let Session::Active(active) = &mut self.session
            && let Some(mut cometd) = active.cometd.take()
        {
            let actions = cometd.client.handle(CometdInput::Disconnect, now);
            // Only the /meta/disconnect send and the transport close matter now.
            for action in actions {
                match action {
                    CometdAction::Send {
                        transport: TransportKind::WebSocket,
                        messages,
                    } => {
                        if let Some(id) = cometd.socket {
                            self.outputs.push_back(Output::SendSocket {
                                id,
                                text: bayeux::to_batch_json(&messages),
                            });
                        }
                    }
                    CometdAction::Send {
                        transport: TransportKind::LongPolling,
                        messages,
                    } => {
                        let url = bayeux::url::long_polling_url(&self.endpoint(), &messages);
                        let body = bayeux::to_batch_json(&messages);
                        // Fire and forget: the answer is not wanted (no purpose is kept).
                        self.next_id += 1;
                        let mut headers = vec![
                            ("Accept".to_string(), "application/json".to_string()),
                            ("Content-Type".into(), "application/json".into()),
                        ];
                        headers.extend(self.csrf.header());
                        self.outputs.push_back(Output::Http(HttpRequest {
                            id: RequestId(self.next_id),
                            method: Method::Post,
                            url,
                            headers,
                            body: Some(body),
                            timeout_ms: Some(REST_TIMEOUT_MS),
                        }));
                    }
                    _ => {}
                }
            }
            if let Some(id) = cometd.socket {
                self.outputs.push_back(Output::CloseSocket(id));
            }
        }
    }

    fn sign_out(&mut self, intent: Option<IntentId>, now: u64) {
        if !self.is_signed_in() {
            return self.settle(intent, Ok(Settled::Done));
        }
        if self
            .requests
            .values()
            .any(|p| matches!(p, Purpose::SignOut { .. }))
        {
            return self.settle(
                intent,
                Err(DeskError::new(ErrorCode::Busy, "Already signing out.")),
            );
        }
        // Like Genesys' own sample: stop CometD first, then end the session (it ends the cookie).
        self.stop_cometd(now);
        self.post(
            paths::ME,
            &MeOperation::EndContactCenterSession,
            Purpose::SignOut { intent },
        );
    }

    fn signed_out(&mut self, intent: Option<IntentId>, result: HttpResult, now: u64) {
        let failure = request_error(&result, &Attempt::Other).map(|(e, _)| e);
        self.end_session(now);
        self.emit(HostEvent::SignedOut {});
        match failure {
            Some(error) => {
                let text = format!("Signing out did not complete: {}", error.message);
                self.refuse(intent, DeskError::new(error.code, text));
            }
            None => self.settle(intent, Ok(Settled::Done)),
        }
    }

    fn verify_session(&mut self) {
        if self.is_signed_in() && !self.requests.values().any(|p| matches!(p, Purpose::Verify)) {
            self.get(paths::ME, Purpose::Verify);
        }
    }

    /// Server truth replaces the view: calls and device state.
    fn resync(&mut self) {
        let Session::Active(active) = &mut self.session else {
            return;
        };
        let in_flight = self
            .requests
            .values()
            .any(|p| matches!(p, Purpose::ResyncCalls | Purpose::ResyncDevices));
        if in_flight {
            active.resync_again = true;
            return;
        }
        active.resync_again = false;
        self.get(
            &format!("{}?fields=*", paths::ME_CALLS),
            Purpose::ResyncCalls,
        );
        self.get(
            &format!("{}?fields=*", paths::ME_DEVICES),
            Purpose::ResyncDevices,
        );
    }

    // ------------------------------------------------------------------ dialing

    fn dial(&mut self, intent: Option<IntentId>, dial: DialIntent, now: u64) {
        // The second (third…) click of a multi-click never dials: the page may have moved
        // another number under the pointer since the first.
        if let DialSource::Click { detail } = dial.source
            && detail > 1
        {
            return self.settle(
                intent,
                Err(DeskError::new(
                    ErrorCode::Busy,
                    "A double-click dials once; this click was ignored.",
                )),
            );
        }
        let device_id = match &self.session {
            Session::Active(a) if a.ready => a.device_id.clone(),
            Session::Active(_) => {
                return self.refuse(
                    intent,
                    DeskError::new(
                        ErrorCode::NotReady,
                        "The phone session is still starting. Please try again in a moment.",
                    ),
                );
            }
            _ => return self.refuse(intent, not_signed_in()),
        };
        let rules = &self.config.number_rules;
        let (number, body) = match dial.target {
            DialTarget::Number {
                raw,
                user_data,
                location,
            } => {
                let number = match rules.normalize(&raw) {
                    Ok(n) => n,
                    Err(e) => {
                        return self.refuse(
                            intent,
                            DeskError::new(ErrorCode::InvalidNumber, e.message()),
                        );
                    }
                };
                let mut request = DialRequest::new(number.number.clone());
                request.location = location.or_else(|| self.config.location.clone());
                request.user_data = user_data;
                (number, serde_json::to_string(&request))
            }
            DialTarget::PreviewRecord { record } => {
                let record: OutboundRecord = match serde_json::from_value(Value::Object(record)) {
                    Ok(r) => r,
                    Err(e) => {
                        return self.refuse(
                            intent,
                            DeskError::new(
                                ErrorCode::InvalidInput,
                                format!(
                                    "The outbound record is not valid ({e}); nothing was dialled."
                                ),
                            ),
                        );
                    }
                };
                let raw = record.phone_number.clone().unwrap_or_default();
                let number = match rules.normalize(&raw) {
                    Ok(n) => n,
                    Err(e) => {
                        return self.refuse(
                            intent,
                            DeskError::new(ErrorCode::InvalidNumber, e.message()),
                        );
                    }
                };
                let request = DialPreviewRecordRequest {
                    device_path: paths::device_path(&device_id),
                    outbound_record: record,
                };
                (number, serde_json::to_string(&request))
            }
        };
        let Ok(body) = body else {
            return self.refuse(
                intent,
                DeskError::new(ErrorCode::InvalidInput, "The Dial could not be written."),
            );
        };
        let Session::Active(active) = &mut self.session else {
            return;
        };
        active.guard.observe(&active.store);
        let ticket = match active.guard.begin(&number, now) {
            Ok(t) => t,
            Err(refusal) => {
                return self.refuse(intent, DeskError::new(ErrorCode::Busy, refusal.message()));
            }
        };
        self.error = None;
        self.announcement = format!("Calling {}.", number.spoken());
        let url = format!(
            "{}{}",
            self.config.base_url,
            paths::device_calls(&device_id)
        );
        self.request(
            Method::Post,
            url,
            Some(body),
            Some(REST_TIMEOUT_MS),
            None,
            Purpose::Dial {
                ticket,
                number,
                intent,
            },
        );
    }

    fn dial_done(
        &mut self,
        ticket: DialTicket,
        number: DialNumber,
        intent: Option<IntentId>,
        result: HttpResult,
        now: u64,
    ) {
        let unanswered = result.is_err();
        let failure = request_error(&result, &Attempt::Dial);
        if let Session::Active(active) = &mut self.session {
            active.guard.finish(ticket, failure.is_none());
        }
        match failure {
            None => {
                if let (Some(intent), Session::Active(active)) = (intent, &mut self.session) {
                    // The call may already be there (its notification came before the answer).
                    let existing = active.store.live_calls().find(|c| {
                        c.call
                            .other_party()
                            .is_some_and(|p| same_number(&p, &number.number))
                    });
                    match existing {
                        Some(call) => {
                            let snapshot = view::snapshot(&call.call);
                            self.settle(Some(intent), Ok(Settled::Call(Box::new(snapshot))));
                        }
                        None => active.awaited.push(AwaitedCall {
                            intent,
                            number: number.number.clone(),
                            deadline_ms: now + DIAL_CONFIRM_MS,
                        }),
                    }
                }
            }
            Some((mut error, lost)) => {
                if unanswered {
                    // No HTTP answer: the server may still have placed the call. Never retried;
                    // the resync shows the truth.
                    error.message.push_str(
                        " The call may still have been placed: check the call list before dialling again.",
                    );
                }
                self.refuse(intent, error);
                if lost {
                    self.session_lost(now);
                } else if unanswered {
                    self.resync();
                }
            }
        }
        self.changed();
    }

    // ------------------------------------------------------------------ call control

    fn call_action(
        &mut self,
        intent: Option<IntentId>,
        call_id: Option<String>,
        action: CallAction,
    ) {
        let operation = action.operation();
        let checked = match &self.session {
            Session::Active(active) => {
                let call = match call_id.filter(|id| !id.is_empty()) {
                    Some(id) => active.store.get(&id).ok_or_else(|| {
                        DeskError::new(ErrorCode::NoCall, "That call is no longer there.")
                    }),
                    None => active
                        .store
                        .live_calls()
                        .next()
                        .ok_or_else(|| DeskError::new(ErrorCode::NoCall, "There is no call.")),
                };
                call.and_then(|call| {
                    if call.call.state == CallState::Released
                        || !call.call.has_capability(operation)
                    {
                        Err(DeskError::new(
                            ErrorCode::Refused,
                            format!("{} is not possible on this call right now.", action.words()),
                        ))
                    } else {
                        Ok((call.call.id.clone(), call.call.state.clone()))
                    }
                })
            }
            _ => Err(not_signed_in()),
        };
        let (call_id, state) = match checked {
            Ok(found) => found,
            Err(e) => return self.refuse(intent, e),
        };
        let busy = self.requests.values().any(|p| {
            matches!(p, Purpose::Call { call_id: c, operation: o, .. } if *c == call_id && *o == operation)
        });
        if busy {
            return self.refuse(
                intent,
                DeskError::new(
                    ErrorCode::Busy,
                    format!("{} is already being sent.", action.words()),
                ),
            );
        }
        let body = match action.to_operation() {
            Ok(op) => op,
            Err(e) => return self.refuse(intent, e),
        };
        self.post(
            &paths::call(&call_id),
            &body,
            Purpose::Call {
                call_id,
                operation,
                state,
                intent,
            },
        );
    }

    fn agent_state(&mut self, intent: Option<IntentId>, action: AgentAction) {
        if !self.is_signed_in() {
            return self.refuse(intent, not_signed_in());
        }
        if self
            .requests
            .values()
            .any(|p| matches!(p, Purpose::AgentState { .. }))
        {
            return self.refuse(
                intent,
                DeskError::new(ErrorCode::Busy, "Your status is already being changed."),
            );
        }
        let op = match action {
            AgentAction::Ready => AgentStateOperation::Ready { workmode: None },
            AgentAction::NotReady => AgentStateOperation::NotReady {
                reason: None,
                work_mode: None,
            },
            AgentAction::AfterCallWork => AgentStateOperation::NotReady {
                reason: None,
                work_mode: Some("AfterCallWork".into()),
            },
        };
        self.post(paths::VOICE_CHANNEL, &op, Purpose::AgentState { intent });
    }

    // ------------------------------------------------------------------ answers

    fn http_done(&mut self, id: RequestId, result: HttpResult, now: u64) {
        if let Ok(reply) = &result
            && reply.status == 200
        {
            self.csrf.capture(reply);
        }
        let Some(purpose) = self.requests.remove(&id) else {
            return; // aborted, or of a session that is over
        };
        self.changed();
        match purpose {
            Purpose::Probe => self.me_answer(None, result, false, now),
            Purpose::Login { intent } => self.me_answer(intent, result, true, now),
            Purpose::StartSession => match request_error(&result, &Attempt::Other) {
                None => {
                    self.session_ready();
                    // Starting the session changed the agent state on the server: read it back
                    // in case CometD is not connected yet.
                    self.resync();
                }
                Some((error, lost)) => {
                    let text = format!("The phone session could not be started: {}", error.message);
                    self.show_error(Some(error.code), text);
                    if lost {
                        self.session_lost(now);
                    }
                }
            },
            Purpose::Dial {
                ticket,
                number,
                intent,
            } => self.dial_done(ticket, number, intent, result, now),
            Purpose::Call { state, intent, .. } => {
                self.simple_done(intent, &result, &Attempt::CallControl(Some(state)), now)
            }
            Purpose::AgentState { intent } => {
                self.simple_done(intent, &result, &Attempt::AgentState, now)
            }
            Purpose::ResyncCalls => self.resync_calls_done(result, now),
            Purpose::ResyncDevices => {
                if let Ok(reply) = &result
                    && reply.status == 200
                    && let Some(body) = typed::<DevicesResponse>(&reply.body)
                    && let Session::Active(active) = &mut self.session
                {
                    let events = active
                        .store
                        .resync_devices(&body.devices.unwrap_or_default());
                    self.store_events(events, now);
                }
                self.resync_finished();
            }
            Purpose::Verify => {
                if let Ok(reply) = &result
                    && reply.status != 200
                    && let Some((error, lost)) = request_error(&result, &Attempt::Other)
                {
                    self.show_error(Some(error.code), error.message);
                    if lost {
                        self.session_lost(now);
                    }
                }
            }
            Purpose::SignOut { intent } => self.signed_out(intent, result, now),
            Purpose::Cometd { message_ids } => {
                let input = match result {
                    Ok(reply) if reply.is_success() => match bayeux::parse_batch(&reply.body) {
                        Ok(batch) => CometdInput::Received(batch),
                        Err(e) => CometdInput::RequestFailed {
                            message_ids,
                            reason: format!("unreadable notification response: {e}"),
                        },
                    },
                    Ok(reply) => {
                        if matches!(reply.status, 401 | 403) {
                            // The HTTP session is probably gone (server restart, expiry):
                            // ask once instead of retrying forever.
                            self.verify_session();
                        }
                        CometdInput::RequestFailed {
                            message_ids,
                            reason: format!("HTTP {}", reply.status),
                        }
                    }
                    Err(e) => CometdInput::TransportFailed {
                        transport: TransportKind::LongPolling,
                        reason: e.detail,
                    },
                };
                self.cometd_input(input, now);
            }
        }
    }

    fn simple_done(
        &mut self,
        intent: Option<IntentId>,
        result: &HttpResult,
        attempt: &Attempt,
        now: u64,
    ) {
        match request_error(result, attempt) {
            None => self.settle(intent, Ok(Settled::Done)),
            Some((error, lost)) => {
                self.refuse(intent, error);
                if lost {
                    self.session_lost(now);
                }
            }
        }
    }

    fn resync_calls_done(&mut self, result: HttpResult, now: u64) {
        match &result {
            Ok(reply) if reply.status == 200 => {
                if let Some(body) = typed::<CallsResponse>(&reply.body)
                    && let Session::Active(active) = &mut self.session
                {
                    let events = active.store.resync(body.calls.unwrap_or_default(), now);
                    self.store_events(events, now);
                }
            }
            Ok(_) => {
                if let Some((error, lost)) = request_error(&result, &Attempt::Other) {
                    self.show_error(Some(error.code), error.message);
                    if lost {
                        return self.session_lost(now);
                    }
                }
            }
            Err(_) => {} // the connection indicator already tells the story
        }
        self.resync_finished();
    }

    fn resync_finished(&mut self) {
        let in_flight = self
            .requests
            .values()
            .any(|p| matches!(p, Purpose::ResyncCalls | Purpose::ResyncDevices));
        if !in_flight && matches!(&self.session, Session::Active(a) if a.resync_again) {
            self.resync();
        }
    }

    // ------------------------------------------------------------------ notifications

    /// A CometD data message: typed, applied to the store.
    fn deliver(&mut self, message: Message, now: u64) {
        let data = message.data.unwrap_or(Value::Null);
        let notification = match Notification::from_parts(&message.channel, &data) {
            Ok(n) => n,
            Err(e) => {
                return self.show_error(None, format!("A live update could not be read: {e}"));
            }
        };
        let Session::Active(active) = &mut self.session else {
            return;
        };
        let events = active.store.apply(&notification, now);
        self.store_events(events, now);
    }

    /// Test hook and the shell's entry for a `{channel, data}` pushed by other means.
    pub fn push_notification(&mut self, channel: &str, data: Value, now: u64) {
        let mut message = Message::new(channel);
        message.data = Some(data);
        self.deliver(message, now);
    }

    fn store_events(&mut self, events: Vec<StoreEvent>, now: u64) {
        if events.is_empty() {
            return;
        }
        let _ = now;
        if let Session::Active(active) = &mut self.session {
            active.guard.observe(&active.store);
        }
        for event in events {
            match event {
                StoreEvent::CallAdded { call } => {
                    self.announcement = view::announce_call(&call);
                    self.call_event(CallChange::Added, &call);
                    self.confirm_dial(&call);
                }
                StoreEvent::CallChanged {
                    call,
                    previous_state,
                    ..
                } => {
                    if previous_state != call.state {
                        self.announcement = view::announce_call(&call);
                    }
                    self.call_event(CallChange::Changed, &call);
                    self.confirm_dial(&call);
                }
                StoreEvent::CallReleased { call } => {
                    self.announcement = view::announce_call(&call);
                    self.call_event(CallChange::Released, &call);
                }
                StoreEvent::CallRemoved { id } => self.emit(HostEvent::Call {
                    change: CallChange::Removed,
                    call_id: id,
                    state: None,
                    call: None,
                }),
                StoreEvent::AgentStateChanged { current, .. } => {
                    self.announcement = format!("Your status is {}.", current.label);
                    self.emit(HostEvent::Agent {
                        state: current.label,
                    });
                }
                StoreEvent::ServerError { message, .. } => self.show_error(None, message),
                StoreEvent::Ignored { reason } => self.outputs.push_back(Output::Log(reason)),
            }
        }
        self.changed();
    }

    fn call_event(&mut self, change: CallChange, call: &gws_protocol::Call) {
        let snapshot = view::snapshot(call);
        self.emit(HostEvent::Call {
            change,
            call_id: snapshot.id.clone(),
            state: Some(snapshot.state.clone()),
            call: Some(snapshot),
        });
    }

    /// A live call to a number a `dial()` promise waits for answers that promise.
    fn confirm_dial(&mut self, call: &gws_protocol::Call) {
        let Session::Active(active) = &mut self.session else {
            return;
        };
        if call.state == CallState::Released {
            return;
        }
        let Some(party) = call.other_party() else {
            return;
        };
        let Some(i) = active
            .awaited
            .iter()
            .position(|a| same_number(&a.number, &party))
        else {
            return;
        };
        let awaited = active.awaited.remove(i);
        self.settle(
            Some(awaited.intent),
            Ok(Settled::Call(Box::new(view::snapshot(call)))),
        );
    }

    // ------------------------------------------------------------------ CometD

    fn endpoint(&self) -> String {
        format!("{}{}", self.config.base_url, paths::NOTIFICATIONS)
    }

    fn start_cometd(&mut self, now: u64) {
        if !self.config.notifications {
            return;
        }
        let Session::Active(active) = &mut self.session else {
            return;
        };
        let config = ClientConfig {
            transports: self.config.transports.clone(),
            rng_seed: self.config.rng_seed,
            ..ClientConfig::default()
        };
        active.cometd = Some(Cometd {
            client: CometdClient::new(config),
            timers: BTreeMap::new(),
            socket: None,
        });
        for channel in CHANNELS {
            self.cometd_input(CometdInput::Subscribe(channel.to_string()), now);
        }
        self.cometd_input(CometdInput::Start, now);
    }

    fn socket_event(&mut self, id: SocketId, event: SocketEvent, now: u64) {
        let current = match &self.session {
            Session::Active(a) => a.cometd.as_ref().and_then(|c| c.socket),
            _ => None,
        };
        if current != Some(id) {
            return; // an old socket's last words
        }
        let input = match event {
            SocketEvent::Opened => CometdInput::TransportOpened(TransportKind::WebSocket),
            SocketEvent::Frame(text) => match bayeux::parse_batch(&text) {
                Ok(batch) => CometdInput::Received(batch),
                Err(e) => {
                    return self.outputs.push_back(Output::Log(format!(
                        "ignored an unreadable CometD frame: {e}"
                    )));
                }
            },
            SocketEvent::Closed(reason) => {
                if let Session::Active(a) = &mut self.session
                    && let Some(c) = &mut a.cometd
                {
                    c.socket = None;
                }
                CometdInput::TransportFailed {
                    transport: TransportKind::WebSocket,
                    reason,
                }
            }
        };
        self.cometd_input(input, now);
    }

    /// Feed the CometD client and carry out what it asks for; inputs it causes synchronously
    /// (long-polling "opens" at once, a send on a closed socket fails) are queued, never nested.
    fn cometd_input(&mut self, input: CometdInput, now: u64) {
        let mut queue = VecDeque::from([input]);
        while let Some(input) = queue.pop_front() {
            let actions = match &mut self.session {
                Session::Active(a) => match &mut a.cometd {
                    Some(c) => c.client.handle(input, now),
                    None => return,
                },
                _ => return,
            };
            for action in actions {
                self.cometd_action(action, now, &mut queue);
            }
        }
        self.changed();
    }

    fn cometd_action(&mut self, action: CometdAction, now: u64, queue: &mut VecDeque<CometdInput>) {
        match action {
            CometdAction::OpenTransport(TransportKind::WebSocket) => {
                self.next_id += 1;
                let id = SocketId(self.next_id);
                let url = bayeux::url::websocket_url(&self.endpoint());
                if let Some(c) = self.cometd_mut() {
                    if let Some(old) = c.socket.replace(id) {
                        self.outputs.push_back(Output::CloseSocket(old));
                    }
                    self.outputs.push_back(Output::OpenSocket { id, url });
                }
            }
            CometdAction::OpenTransport(TransportKind::LongPolling) => {
                // Nothing to open for HTTP: each Send is its own POST.
                queue.push_back(CometdInput::TransportOpened(TransportKind::LongPolling));
            }
            CometdAction::CloseTransport(TransportKind::WebSocket) => {
                if let Some(id) = self.cometd_mut().and_then(|c| c.socket.take()) {
                    self.outputs.push_back(Output::CloseSocket(id));
                }
            }
            CometdAction::CloseTransport(TransportKind::LongPolling) => {
                // Abort the outstanding POSTs, and forget them: no failure is reported for them.
                let ids: Vec<RequestId> = self
                    .requests
                    .iter()
                    .filter(|(_, p)| matches!(p, Purpose::Cometd { .. }))
                    .map(|(id, _)| *id)
                    .collect();
                for id in ids {
                    self.requests.remove(&id);
                    self.outputs.push_back(Output::Abort(id));
                }
            }
            CometdAction::Send {
                transport: TransportKind::WebSocket,
                messages,
            } => match self.cometd_mut().and_then(|c| c.socket) {
                Some(id) => self.outputs.push_back(Output::SendSocket {
                    id,
                    text: bayeux::to_batch_json(&messages),
                }),
                None => queue.push_back(CometdInput::TransportFailed {
                    transport: TransportKind::WebSocket,
                    reason: "the WebSocket is not open".into(),
                }),
            },
            CometdAction::Send {
                transport: TransportKind::LongPolling,
                messages,
            } => {
                // Like CometD JS, /handshake and /connect batches go to <endpoint>/handshake, ….
                let url = bayeux::url::long_polling_url(&self.endpoint(), &messages);
                let message_ids = messages.iter().filter_map(|m| m.id.clone()).collect();
                let body = bayeux::to_batch_json(&messages);
                self.request(
                    Method::Post,
                    url,
                    Some(body),
                    None,
                    None,
                    Purpose::Cometd { message_ids },
                );
            }
            CometdAction::SetTimer { id, delay_ms } => {
                if let Some(c) = self.cometd_mut() {
                    c.timers.insert(id, now.saturating_add(delay_ms));
                }
            }
            CometdAction::CancelTimer(id) => {
                if let Some(c) = self.cometd_mut() {
                    c.timers.remove(&id);
                }
            }
            CometdAction::Deliver(message) => self.deliver(message, now),
            CometdAction::StateChanged(state) => {
                let row = view::connection_row(&state);
                let (name, transport) = match &state {
                    ConnectionState::Disconnected => ("disconnected", None),
                    ConnectionState::Connecting { transport } => ("connecting", Some(transport)),
                    ConnectionState::Connected { transport } => ("connected", Some(transport)),
                    ConnectionState::Reconnecting { .. } => ("reconnecting", None),
                    ConnectionState::Stopped { .. } => ("stopped", None),
                };
                self.emit(HostEvent::Connection {
                    state: name,
                    transport: transport.map(view::transport_name),
                    message: row.text,
                });
                if state.is_connected() {
                    // Notifications may have been missed while disconnected: ask the server.
                    self.resync();
                }
            }
            CometdAction::SubscriptionChanged {
                channel,
                subscribed: false,
                error: Some(error),
            } if channel != paths::CHANNEL_OUTBOUND => {
                self.show_error(
                    None,
                    format!("Live updates for {channel} are not available ({error})."),
                );
            }
            CometdAction::SubscriptionChanged { .. } => {}
        }
    }

    fn cometd_mut(&mut self) -> Option<&mut Cometd> {
        match &mut self.session {
            Session::Active(a) => a.cometd.as_mut(),
            _ => None,
        }
    }

    fn shutdown(&mut self, now: u64) {
        // Leave without ending the contact-center session: other pages may use it.
        if self.is_signed_in() {
            self.end_session(now);
        }
        for (id, purpose) in std::mem::take(&mut self.requests) {
            self.outputs.push_back(Output::Abort(id));
            self.settle(
                purpose.intent(),
                Err(DeskError::new(
                    ErrorCode::NotSignedIn,
                    "The widget was removed.",
                )),
            );
        }
        self.stopped = true;
    }
}
