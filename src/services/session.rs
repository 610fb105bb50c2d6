//! The session controller: one per widget. Owns the GWS session flow (probe → sign in →
//! StartContactCenterSession → CometD → resync), the call store, the dial guard, and turns
//! every change into a `ViewState` snapshot for the UI plus DOM events for the host page.
//!
//! UI components and the JS API call the same methods here, so both behave identically.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use bayeux::client::ConnectionState;
use dialer_core::dial_guard::DialGuard;
use dialer_core::errors::{
    Attempt, MessageKind, UserMessage, describe_network_error, describe_response_text,
};
use dialer_core::store::{CallStore, StoreConfig, StoreEvent};
use gws_protocol::{
    AgentStateOperation, CallOperation, CallsResponse, DevicesResponse, DialPreviewRecordRequest,
    DialRequest, MeOperation, MeResponse, Notification, OutboundRecord, StatusCode, User, paths,
};
use serde_json::{Map, Value, json};
use web_sys::Element;

use super::cometd_driver::{CometdDriver, DriverEvent};
use super::events::HostEvents;
use super::gws_http::{Credentials, GwsHttp};
use super::transport::{HttpReply, Transport};
use super::view;
use crate::config::{TransportChoice, WidgetConfig};
use crate::dom::targets::DialIntent;
use crate::state::{CallCommand, ConnectionView, Level, Phase, ViewState};

pub type Listener = Rc<dyn Fn(ViewState)>;

/// Result of a user action, for the JS API's promises: Err carries the plain-words message.
pub type ActionResult = Result<(), String>;

struct Inner {
    view: ViewState,
    store: CallStore,
    guard: DialGuard,
    user: Option<User>,
    device_id: Option<String>,
    /// The contact-center session is up: clicks on the page may dial.
    session_ready: bool,
}

pub struct Controller {
    config: WidgetConfig,
    http: GwsHttp,
    inner: RefCell<Inner>,
    listeners: RefCell<Vec<(u64, Listener)>>,
    next_listener: Cell<u64>,
    driver: RefCell<Option<Rc<CometdDriver>>>,
    events: RefCell<HostEvents>,
    expiry: RefCell<Option<gloo_timers::callback::Interval>>,
    me: Weak<Controller>,
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl Controller {
    pub fn new(config: WidgetConfig, transport: Transport) -> Rc<Self> {
        let http = GwsHttp::new(&config.base_url, transport);
        let guard = DialGuard::new(config.guard.clone());
        let view = ViewState {
            heading: config.heading.clone(),
            connection: ConnectionView {
                level: Level::Off,
                text: "Not connected".into(),
            },
            ..ViewState::default()
        };
        Rc::new_cyclic(|me| Controller {
            config,
            http,
            inner: RefCell::new(Inner {
                view,
                store: CallStore::new(StoreConfig::default()),
                guard,
                user: None,
                device_id: None,
                session_ready: false,
            }),
            listeners: RefCell::new(Vec::new()),
            next_listener: Cell::new(0),
            driver: RefCell::new(None),
            events: RefCell::new(HostEvents::default()),
            expiry: RefCell::new(None),
            me: me.clone(),
        })
    }

    pub fn config(&self) -> &WidgetConfig {
        &self.config
    }

    /// DOM events (`gws-dialer:*`) are dispatched on this element.
    pub fn set_event_target(&self, el: Option<Element>) {
        self.events.borrow_mut().target = el;
    }

    pub fn view(&self) -> ViewState {
        self.inner.borrow().view.clone()
    }

    /// Calls as plain JSON (server shapes), for the JS API.
    pub fn calls_json(&self) -> Vec<Value> {
        self.inner
            .borrow()
            .store
            .calls()
            .filter_map(|c| serde_json::to_value(&c.call).ok())
            .collect()
    }

    pub fn subscribe(&self, listener: Listener) -> u64 {
        let id = self.next_listener.get() + 1;
        self.next_listener.set(id);
        self.listeners.borrow_mut().push((id, listener));
        id
    }

    pub fn unsubscribe(&self, id: u64) {
        self.listeners.borrow_mut().retain(|(i, _)| *i != id);
    }

    /// Whether a click on the page should be taken (otherwise `tel:` links keep working).
    pub fn can_take_clicks(&self) -> bool {
        self.config.click_to_dial && self.inner.borrow().session_ready
    }

    pub fn is_signed_in(&self) -> bool {
        matches!(self.inner.borrow().view.phase, Phase::Active)
    }

    // ---------------------------------------------------------------- publishing

    fn update(&self, f: impl FnOnce(&mut Inner)) {
        f(&mut self.inner.borrow_mut());
        self.publish();
    }

    fn publish(&self) {
        let snapshot = {
            let mut inner = self.inner.borrow_mut();
            let calls = view::call_rows(&inner.store);
            inner.view.calls = calls;
            inner.view.agent = inner.store.agent().map(|a| {
                let name = inner.user.as_ref().map(view::user_name).unwrap_or_default();
                let busy = inner.view.agent.as_ref().is_some_and(|v| v.busy);
                view::agent_view(a, name, busy)
            });
            inner.view.clone()
        };
        let listeners: Vec<Listener> = self
            .listeners
            .borrow()
            .iter()
            .map(|(_, l)| l.clone())
            .collect();
        for listener in listeners {
            listener(snapshot.clone());
        }
    }

    fn show_error(&self, text: impl Into<String>) {
        let text = text.into();
        self.events.borrow().error(&text);
        self.update(|i| i.view.error = Some(text));
    }

    /// Show a message from outside the session flow (page markup, JS API, options).
    pub fn report_error(&self, text: &str) {
        self.show_error(text);
    }

    /// The call JS API shortcuts act on when no id is given: the first live call.
    pub fn current_call_id(&self) -> Option<String> {
        self.inner
            .borrow()
            .store
            .live_calls()
            .next()
            .map(|c| c.call.id.clone())
    }

    pub fn dismiss_error(&self) {
        self.update(|i| i.view.error = None);
    }

    fn announce(&self, text: String) {
        self.inner.borrow_mut().view.announcement = text;
    }

    // ---------------------------------------------------------------- session flow

    /// Probe for an existing session (as WWE does); the login form only when there is none.
    pub fn start(&self, startup_problems: Vec<String>) {
        if let Some(first) = startup_problems.into_iter().next() {
            self.show_error(first);
        }
        let Some(me) = self.me.upgrade() else { return };
        me.start_expiry_timer();
        wasm_bindgen_futures::spawn_local(async move {
            match me.http.get(paths::ME_ALL, None).await {
                Ok(reply) => {
                    let _ = me.after_me_reply(reply, false).await;
                }
                Err(e) => {
                    me.update(|i| i.view.phase = Phase::SignedOut { busy: false });
                    me.show_error(describe_network_error(&e.0).text);
                }
            }
        });
    }

    /// Sign in with user name and password: sent once as Basic, never stored.
    pub async fn login(&self, user: String, password: String) -> ActionResult {
        if user.is_empty() {
            let text = "Please enter your user name.".to_string();
            self.show_error(text.clone());
            return Err(text);
        }
        self.update(|i| {
            i.view.phase = Phase::SignedOut { busy: true };
            i.view.error = None;
        });
        let credentials = Credentials { user, password };
        let result = self.http.get(paths::ME_ALL, Some(&credentials)).await;
        drop(credentials);
        match result {
            Ok(reply) => self.after_me_reply(reply, true).await,
            Err(e) => {
                let text = describe_network_error(&e.0).text;
                self.update(|i| i.view.phase = Phase::SignedOut { busy: false });
                self.show_error(text.clone());
                Err(text)
            }
        }
    }

    async fn after_me_reply(&self, reply: HttpReply, explicit_login: bool) -> ActionResult {
        let parsed: Option<MeResponse> = typed_body(&reply.body);
        let user = parsed
            .as_ref()
            .filter(|r| reply.status == 200 && r.status_code == StatusCode::Ok)
            .and_then(|r| r.user.clone());
        match user {
            Some(user) => self.on_signed_in(user).await,
            None => {
                self.update(|i| i.view.phase = Phase::SignedOut { busy: false });
                let not_authenticated = reply.status == 403
                    || reply.status == 401
                    || parsed
                        .as_ref()
                        .is_some_and(|r| r.status_code == StatusCode::NotAuthenticated);
                if not_authenticated && !explicit_login {
                    return Ok(()); // no session yet: the login form is the answer
                }
                let text = if not_authenticated {
                    "The user name or password is not correct.".to_string()
                } else {
                    describe_response_text(&Attempt::SignIn, reply.status, &reply.body).text
                };
                self.show_error(text.clone());
                Err(text)
            }
        }
    }

    async fn on_signed_in(&self, user: User) -> ActionResult {
        let device = user.devices.as_ref().and_then(|d| d.first()).cloned();
        let Some(device) = device else {
            let text = "Your user has no phone device assigned, so calls cannot be made. \
                        Please ask your administrator."
                .to_string();
            self.update(|i| i.view.phase = Phase::SignedOut { busy: false });
            self.show_error(text.clone());
            return Err(text);
        };
        let initial_calls = user.calls.clone().unwrap_or_default();
        let user_name = user.user_name.clone();
        let phone_number = device.phone_number.clone();
        let needs_session = device
            .user_state
            .as_ref()
            .map(dialer_core::agent::AgentStatus::from_user_state)
            .is_none_or(|s| s == dialer_core::agent::AgentStatus::LoggedOut);
        self.update(|i| {
            i.store.set_device_id(device.id.clone());
            i.store.resync_devices(std::slice::from_ref(&device));
            i.store.resync(initial_calls, now_ms());
            i.device_id = Some(device.id.clone());
            i.user = Some(user);
            i.view.phase = Phase::Active;
            i.view.error = None;
        });
        self.start_notifications();
        if needs_session {
            let reply = self
                .http
                .post_json(paths::ME, &MeOperation::start_voice_session())
                .await;
            if let Err(text) = self.check_reply(reply, Attempt::Other) {
                self.show_error(format!("The phone session could not be started: {text}"));
                return Err(text);
            }
        }
        self.inner.borrow_mut().session_ready = true;
        // Interactive now: /me?subresources=* already gave the device and the live calls.
        self.events.borrow().ready(&user_name, &phone_number);
        self.publish();
        if needs_session {
            // Starting the session changed the agent state on the server; read it back in case
            // CometD is not connected yet (every CometD (re)connect resyncs as well).
            self.resync().await;
        }
        Ok(())
    }

    fn start_notifications(&self) {
        if !self.config.notifications {
            return;
        }
        let weak = self.me.clone();
        let on_event = Rc::new(move |event: DriverEvent| {
            if let Some(me) = weak.upgrade() {
                me.on_driver_event(event);
            }
        });
        let mut config = CometdDriver::default_config();
        config.transports = self
            .config
            .transports
            .iter()
            .map(|t| match t {
                TransportChoice::WebSocket => bayeux::TransportKind::WebSocket,
                TransportChoice::LongPolling => bayeux::TransportKind::LongPolling,
            })
            .collect();
        let driver = CometdDriver::new(self.http.clone(), config, on_event);
        if let Some(old) = self.driver.borrow_mut().replace(driver.clone()) {
            old.disconnect();
        }
        driver.start(&[
            paths::CHANNEL_CALLS,
            paths::CHANNEL_DEVICES,
            paths::CHANNEL_OUTBOUND,
        ]);
    }

    fn on_driver_event(&self, event: DriverEvent) {
        match event {
            DriverEvent::Message(message) => {
                let message = *message;
                let value = json!({
                    "channel": message.channel,
                    "data": message.data.unwrap_or(Value::Null),
                });
                self.handle_notification(&value);
            }
            DriverEvent::Connection(state) => {
                let connected = matches!(state, ConnectionState::Connected { .. });
                let view = view::connection_view(&state);
                self.events.borrow().connection(&state, &view.text);
                self.update(|i| i.view.connection = view);
                if connected && let Some(me) = self.me.upgrade() {
                    // Notifications may have been missed while disconnected: ask the server.
                    wasm_bindgen_futures::spawn_local(async move { me.resync().await });
                }
            }
            DriverEvent::Subscription {
                channel,
                subscribed: false,
                error: Some(error),
            } if channel != paths::CHANNEL_OUTBOUND => {
                self.show_error(format!(
                    "Live updates for {channel} are not available ({error})."
                ));
            }
            DriverEvent::Subscription { .. } => {}
            DriverEvent::AuthRejected => {
                if let Some(me) = self.me.upgrade() {
                    wasm_bindgen_futures::spawn_local(async move { me.verify_session().await });
                }
            }
        }
    }

    /// Asks the server whether our HTTP session still exists; a 403/statusCode 20 shows the
    /// login form once (no automatic re-login, so no loop).
    async fn verify_session(&self) {
        if !self.is_signed_in() {
            return;
        }
        if let Ok(reply) = self.http.get(paths::ME, None).await
            && reply.status != 200
            && let Err(text) = self.check_reply(Ok(reply), Attempt::Other)
        {
            self.show_error(text);
        }
    }

    /// A CometD message `{channel, data}` (also the test hook for pushed notifications).
    pub fn handle_notification(&self, value: &Value) {
        let notification = match Notification::parse(value) {
            Ok(n) => n,
            Err(e) => {
                self.show_error(format!("A live update could not be read: {e}"));
                return;
            }
        };
        let events = {
            let mut inner = self.inner.borrow_mut();
            let events = inner.store.apply(&notification, now_ms());
            let Inner { guard, store, .. } = &mut *inner;
            guard.observe(store);
            events
        };
        self.after_store_events(events);
    }

    fn after_store_events(&self, events: Vec<StoreEvent>) {
        if events.is_empty() {
            return;
        }
        for event in &events {
            match event {
                StoreEvent::CallAdded { call } => {
                    self.events.borrow().call("added", call);
                    self.announce(view::announce_call(call));
                }
                StoreEvent::CallChanged {
                    call,
                    previous_state,
                    ..
                } => {
                    self.events.borrow().call("changed", call);
                    if *previous_state != call.state {
                        self.announce(view::announce_call(call));
                    }
                }
                StoreEvent::CallReleased { call } => {
                    self.events.borrow().call("released", call);
                    self.announce(view::announce_call(call));
                }
                StoreEvent::CallRemoved { id } => self.events.borrow().call_removed(id),
                StoreEvent::AgentStateChanged { current, .. } => {
                    self.events.borrow().agent(&current.label);
                    self.announce(format!("Your status is {}.", current.label));
                }
                StoreEvent::ServerError { message, .. } => {
                    self.events.borrow().error(message);
                    self.inner.borrow_mut().view.error = Some(message.clone());
                }
                StoreEvent::Ignored { .. } => {}
            }
        }
        self.publish();
    }

    /// Server truth replaces the view: calls and device state.
    pub async fn resync(&self) {
        if !self.is_signed_in() {
            return;
        }
        let calls = self
            .http
            .get(&format!("{}?fields=*", paths::ME_CALLS), None)
            .await;
        match calls {
            Ok(reply) if reply.status == 200 => {
                if let Some(body) = typed_body::<CallsResponse>(&reply.body) {
                    let events = {
                        let mut inner = self.inner.borrow_mut();
                        let events = inner.store.resync(body.calls.unwrap_or_default(), now_ms());
                        let Inner { guard, store, .. } = &mut *inner;
                        guard.observe(store);
                        events
                    };
                    self.after_store_events(events);
                }
            }
            Ok(reply) => {
                let _ = self.check_reply(Ok(reply), Attempt::Other);
            }
            Err(_) => {} // the connection indicator already tells the story
        }
        let devices = self
            .http
            .get(&format!("{}?fields=*", paths::ME_DEVICES), None)
            .await;
        if let Ok(reply) = devices
            && reply.status == 200
            && let Some(body) = typed_body::<DevicesResponse>(&reply.body)
        {
            let events = self
                .inner
                .borrow_mut()
                .store
                .resync_devices(&body.devices.unwrap_or_default());
            self.after_store_events(events);
        }
    }

    /// Ends the contact-center session (which also ends the HTTP session).
    pub async fn logout(&self) -> ActionResult {
        if !self.is_signed_in() {
            return Ok(());
        }
        self.set_agent_busy(true);
        // Like Genesys' own sample: stop CometD first, then end the session (it kills the cookie).
        if let Some(driver) = self.driver.borrow_mut().take() {
            driver.disconnect();
        }
        let reply = self
            .http
            .post_json(paths::ME, &MeOperation::EndContactCenterSession)
            .await;
        let result = self.check_reply(reply, Attempt::Other);
        self.http.clear_session();
        self.update(|i| {
            i.session_ready = false;
            i.user = None;
            i.device_id = None;
            i.store = CallStore::new(StoreConfig::default());
            i.view.phase = Phase::SignedOut { busy: false };
            i.view.agent = None;
            i.view.pending.clear();
            i.view.dial_in_flight = false;
            i.view.connection = ConnectionView {
                level: Level::Off,
                text: "Signed out".into(),
            };
        });
        self.events.borrow().signed_out();
        if let Err(text) = &result {
            self.show_error(format!("Signing out did not complete: {text}"));
        }
        result
    }

    fn set_agent_busy(&self, busy: bool) {
        self.update(|i| {
            if let Some(a) = i.view.agent.as_mut() {
                a.busy = busy;
            }
        });
    }

    pub async fn set_ready(&self, ready: bool) -> ActionResult {
        self.require_session()?;
        self.set_agent_busy(true);
        let op = if ready {
            AgentStateOperation::Ready { workmode: None }
        } else {
            AgentStateOperation::NotReady {
                reason: None,
                work_mode: None,
            }
        };
        let reply = self.http.post_json(paths::VOICE_CHANNEL, &op).await;
        let result = self.check_reply(reply, Attempt::AgentState);
        self.set_agent_busy(false);
        if let Err(text) = &result {
            self.show_error(text.clone());
        }
        result
    }

    fn require_session(&self) -> Result<String, String> {
        let inner = self.inner.borrow();
        match (&inner.view.phase, &inner.device_id) {
            (Phase::Active, Some(id)) => Ok(id.clone()),
            _ => Err("Please sign in to the phone first.".to_string()),
        }
    }

    // ---------------------------------------------------------------- dialing

    /// One Dial, at most: number rules first (bad number → message, no request), then the
    /// guard (in flight / live call → message, no request). Never retried.
    pub async fn dial(&self, intent: DialIntent) -> ActionResult {
        let result = self.dial_inner(intent).await;
        if let Err(text) = &result {
            self.show_error(text.clone());
        }
        result
    }

    async fn dial_inner(&self, intent: DialIntent) -> ActionResult {
        let device_id = self.require_session()?;
        let (raw_number, body) = match intent {
            DialIntent::Number {
                raw,
                user_data,
                location,
            } => {
                let number = self
                    .config
                    .number_rules
                    .normalize(&raw)
                    .map_err(|e| e.message())?;
                let mut request = DialRequest::new(number.number.clone());
                request.location = location.or_else(|| self.config.location.clone());
                request.user_data = user_data;
                let body = serde_json::to_value(&request).map_err(|e| e.to_string())?;
                (number, body)
            }
            DialIntent::PreviewRecord { record } => {
                let record: OutboundRecord = serde_json::from_value(Value::Object(record))
                    .map_err(|e| {
                        format!("The outbound record is not valid ({e}); nothing was dialled.")
                    })?;
                let raw = record.phone_number.clone().unwrap_or_default();
                let number = self
                    .config
                    .number_rules
                    .normalize(&raw)
                    .map_err(|e| e.message())?;
                let request = DialPreviewRecordRequest {
                    device_path: paths::device_path(&device_id),
                    outbound_record: record,
                };
                let body = serde_json::to_value(&request).map_err(|e| e.to_string())?;
                (number, body)
            }
        };
        let ticket = {
            let mut inner = self.inner.borrow_mut();
            let Inner { guard, store, .. } = &mut *inner;
            guard.observe(store);
            guard
                .begin(&raw_number, now_ms())
                .map_err(|refusal| refusal.message())?
        };
        self.update(|i| {
            i.view.dial_in_flight = true;
            i.view.error = None;
            i.view.announcement = format!("Calling {}.", raw_number.spoken());
        });
        let reply = self
            .http
            .post_json(&paths::device_calls(&device_id), &body)
            .await;
        // No HTTP answer at all (timeout, network): the server may still have placed the call.
        let unanswered = reply.is_err();
        let result = self.check_reply(reply, Attempt::Dial).map_err(|text| {
            if unanswered {
                format!("{text} The call may still have been placed: check the call list before dialling again.")
            } else {
                text
            }
        });
        self.update(|i| {
            i.guard.finish(ticket, result.is_ok());
            i.view.dial_in_flight = false;
        });
        if unanswered {
            // Show the server's truth as soon as it can be read (never a second Dial).
            self.resync().await;
        }
        result
    }

    // ---------------------------------------------------------------- call control

    pub async fn call_command(&self, call_id: String, command: CallCommand) -> ActionResult {
        let result = self.call_command_inner(&call_id, command).await;
        if let Err(text) = &result {
            self.show_error(text.clone());
        }
        result
    }

    async fn call_command_inner(&self, call_id: &str, command: CallCommand) -> ActionResult {
        self.require_session()?;
        let name = command.operation_name().to_string();
        let state = {
            let inner = self.inner.borrow();
            let call = inner
                .store
                .get(call_id)
                .ok_or_else(|| "That call is no longer there.".to_string())?;
            if !call.call.has_capability(&name) {
                return Err(format!(
                    "{} is not possible on this call right now.",
                    view::operation_words(&name)
                ));
            }
            call.call.state.clone()
        };
        let operation = to_operation(command)?;
        let key = (call_id.to_string(), name.clone());
        if self.inner.borrow().view.pending.contains(&key) {
            return Err(format!(
                "{} is already being sent.",
                view::operation_words(&name)
            ));
        }
        self.update(|i| i.view.pending.push(key.clone()));
        let reply = self.http.post_json(&paths::call(call_id), &operation).await;
        let result = self.check_reply(reply, Attempt::CallControl(Some(state)));
        self.update(|i| i.view.pending.retain(|k| *k != key));
        result
    }

    // ---------------------------------------------------------------- helpers

    /// Ok for statusCode 0 (or 7 with voice succeeded); otherwise plain words. A lost session
    /// shows the login form (once; no automatic retry, so no login loop).
    fn check_reply(
        &self,
        reply: Result<HttpReply, super::transport::NetworkError>,
        attempt: Attempt,
    ) -> ActionResult {
        let reply = match reply {
            Ok(r) => r,
            Err(e) => return Err(describe_network_error(&e.0).text),
        };
        let message: UserMessage = describe_response_text(&attempt, reply.status, &reply.body);
        match message.kind {
            MessageKind::Success | MessageKind::PartialSuccess if reply.status < 300 => Ok(()),
            MessageKind::SignInRequired => {
                self.session_lost();
                Err(message.text)
            }
            _ => Err(message.text),
        }
    }

    fn session_lost(&self) {
        if let Some(driver) = self.driver.borrow_mut().take() {
            driver.disconnect();
        }
        self.http.clear_session();
        self.update(|i| {
            i.session_ready = false;
            i.view.phase = Phase::SignedOut { busy: false };
            i.view.connection = ConnectionView {
                level: Level::Off,
                text: "Signed out".into(),
            };
        });
        self.events.borrow().signed_out();
    }

    fn start_expiry_timer(&self) {
        let weak = self.me.clone();
        let interval = gloo_timers::callback::Interval::new(1000, move || {
            if let Some(me) = weak.upgrade() {
                let events = me.inner.borrow_mut().store.expire(now_ms());
                me.after_store_events(events);
            }
        });
        *self.expiry.borrow_mut() = Some(interval);
    }

    /// Stop everything (the widget was removed from the page).
    pub fn shutdown(&self) {
        if let Some(driver) = self.driver.borrow_mut().take() {
            driver.disconnect();
        }
        self.expiry.borrow_mut().take();
        self.listeners.borrow_mut().clear();
    }

    /// Convenience for UI callbacks: run an action and ignore its result (errors are shown).
    pub fn spawn<F, Fut>(self: &Rc<Self>, f: F)
    where
        F: FnOnce(Rc<Controller>) -> Fut + 'static,
        Fut: std::future::Future<Output = ActionResult> + 'static,
    {
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = f(me).await;
        });
    }
}

fn to_operation(command: CallCommand) -> Result<CallOperation, String> {
    Ok(match command {
        CallCommand::Simple(name) => CallOperation::without_parameters(&name)
            .map_err(|e| format!("'{name}' cannot be sent this way ({}).", e.message))?,
        CallCommand::SendDtmf(digits) => {
            if digits.is_empty() || !digits.chars().all(dialer_core::controls::is_dtmf_digit) {
                return Err("Tones can only be the digits 0-9, * and #.".into());
            }
            CallOperation::SendDtmf { digits }
        }
        CallCommand::AttachUserData(user_data) => CallOperation::AttachUserData { user_data },
        CallCommand::UpdateUserData(user_data) => CallOperation::UpdateUserData { user_data },
        CallCommand::DeleteUserDataPair(key) => CallOperation::DeleteUserDataPair { key },
    })
}

/// A REST body as a typed response. Text -> `Value` -> typed, like every notification, so the
/// wasm carries one typed-deserializer family (from `Value`) instead of two (from text too).
fn typed_body<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::from_str::<Value>(text).ok()?).ok()
}

/// userData from a JS/JSON value: must be an object.
pub fn user_data_from(value: Value) -> Result<Map<String, Value>, String> {
    match value {
        Value::Object(map) => Ok(map),
        _ => Err("User data must be an object like {\"Key\": \"value\"}.".into()),
    }
}
