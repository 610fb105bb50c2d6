//! The browser shell around the desk: it executes what the desk asks for (fetch, WebSocket, one
//! timer, DOM events, promise answers), feeds every result back in, and hands the derived view
//! to Yew. It decides nothing and keeps no state of the widget's own: what is in flight here is
//! only the handles needed to carry out or abort the desk's requests.
//!
//! Re-entrancy: executing an output can produce an input synchronously (a socket that cannot
//! send). Inputs go through a queue pumped by one loop, so the desk is never borrowed twice and
//! no callback runs with a borrow held.

use crate::locale::Locale;
use dialer_core::i18n::Lang;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use dialer_core::desk::{
    DeskConfig, DeskError, ErrorCode, HostEvent, HttpRequest, Input, Intent, IntentId,
    NetworkError, Output, RequestId, Settled, SocketEvent, SocketId, VecMap, View,
    recent_calls_key, render_messages,
};
use dialer_core::tabs::{Leadership, Tab, TabConfig, TabOutput};
use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{AbortController, Element, MessageEvent, WebSocket};

use super::tabs::TabLink;
use super::transport::{Transport, reply_from_js};

pub type Listener = Rc<dyn Fn(Rc<View>)>;

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

enum Work {
    Input(Input),
    Timeout,
    /// A CometD data message delivered by other means (tests push notifications this way).
    Notification(String, serde_json::Value),
    /// A message from another tab.
    Channel(String),
    /// The browser made this tab the leader.
    Lead,
    /// This tab was shown, hidden or focused.
    Presence {
        visible: bool,
        focused: bool,
    },
}

/// A request in flight: how to abort it, and its deadline (dropping the timer cancels it).
struct InFlight {
    abort: Option<AbortController>,
    _deadline: Option<Timeout>,
}

type Resolvers = (js_sys::Function, js_sys::Function);

/// An open (or opening) WebSocket and the handlers that report its events to the desk.
struct Socket {
    ws: WebSocket,
    _handlers: [Closure<dyn FnMut(JsValue)>; 3],
}

impl Drop for Socket {
    /// The desk closed it: no more reports, then close.
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

pub struct Shell {
    tab: RefCell<Tab>,
    /// The channel to the other tabs and the leadership lock (shared connection only).
    link: RefCell<Option<TabLink>>,
    transport: Transport,
    queue: RefCell<VecDeque<Work>>,
    pumping: Cell<bool>,
    requests: RefCell<VecMap<RequestId, InFlight>>,
    sockets: RefCell<VecMap<SocketId, Socket>>,
    timer: RefCell<Option<(u64, Timeout)>>,
    promises: RefCell<VecMap<IntentId, Resolvers>>,
    next_intent: Cell<u64>,
    listeners: RefCell<Vec<(u64, Listener)>>,
    next_listener: Cell<u64>,
    /// The view last derived; `None` once the tab's changed (derived again when asked for).
    view: RefCell<Option<Rc<View>>>,
    /// The language this tab speaks (each tab its own; the view is language-neutral).
    locale: RefCell<Locale>,
    target: RefCell<Option<Element>>,
    /// The session probe the loader started while the wasm compiled: its URL and the loader's
    /// `{reply, read}` (`reply` once the answer is read, `read` a promise of it).
    prefetched: RefCell<Option<(String, JsValue)>>,
    /// Until `mount` has handed the widget to the page, the probe's answer waits for a
    /// microtask (a `gws-dialer:ready` listener must find the widget's methods).
    mounting: Cell<bool>,
    /// Where this tab keeps the recent calls in `sessionStorage`.
    storage_key: String,
    me: Weak<Shell>,
}

/// The tab's `sessionStorage`, when the browser allows it.
pub fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

impl Shell {
    pub fn new(config: DeskConfig, tab: TabConfig, transport: Transport) -> Rc<Self> {
        let storage_key = recent_calls_key(&config.base_url);
        let tab = Tab::new(config, tab);
        Rc::new_cyclic(|me| Shell {
            tab: RefCell::new(tab),
            link: RefCell::new(None),
            transport,
            queue: RefCell::new(VecDeque::new()),
            pumping: Cell::new(false),
            requests: RefCell::new(VecMap::new()),
            sockets: RefCell::new(VecMap::new()),
            timer: RefCell::new(None),
            promises: RefCell::new(VecMap::new()),
            next_intent: Cell::new(0),
            listeners: RefCell::new(Vec::new()),
            next_listener: Cell::new(0),
            view: RefCell::new(None),
            locale: RefCell::new(Locale::new(Lang::En)),
            target: RefCell::new(None),
            prefetched: RefCell::new(None),
            mounting: Cell::new(true),
            storage_key,
            me: me.clone(),
        })
    }

    /// DOM events (`gws-dialer:*`) are dispatched on this element.
    pub fn set_event_target(&self, el: Option<Element>) {
        *self.target.borrow_mut() = el;
    }

    /// Use the loader's session probe (`{reply, read}`) for the first request to `url`.
    pub fn set_prefetched(&self, url: String, probe: JsValue) {
        *self.prefetched.borrow_mut() = Some((url, probe));
    }

    /// The page has the widget now (see `mounting`).
    pub fn mounted(&self) {
        self.mounting.set(false);
    }

    pub fn view(&self) -> Rc<View> {
        self.view
            .borrow_mut()
            .get_or_insert_with(|| Rc::new(self.tab.borrow().view()))
            .clone()
    }

    pub fn locale(&self) -> Locale {
        self.locale.borrow().clone()
    }

    /// Speak another language from now on: the widget renders again.
    pub fn set_lang(&self, lang: Lang) {
        if self.locale.borrow().lang == lang {
            return;
        }
        *self.locale.borrow_mut() = Locale::new(lang);
        self.notify();
    }

    /// Read from the tab (for the JS API and the click router).
    pub fn with_tab<R>(&self, f: impl FnOnce(&Tab) -> R) -> R {
        f(&self.tab.borrow())
    }

    /// Join the other tabs of this GWS: take the leadership lock (the loader's `lock(name)`)
    /// and listen on the channel. Where the browser cannot, the tab stays alone (`false`).
    pub fn share(&self, lock: &js_sys::Function) -> bool {
        let name = self.tab.borrow().channel_name();
        let link = TabLink::connect(&name, self.me.clone(), lock);
        let shared = link.is_some();
        *self.link.borrow_mut() = link;
        shared
    }

    pub fn lead(&self) {
        self.work(Work::Lead);
    }

    pub fn channel_message(&self, text: String) {
        self.work(Work::Channel(text));
    }

    pub fn presence(&self, visible: bool, focused: bool) {
        self.work(Work::Presence { visible, focused });
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

    /// An intent whose answer nobody waits for (the widget's own buttons: errors are shown).
    pub fn send(&self, intent: Intent) {
        self.handle(Input::Intent { id: None, intent });
    }

    /// An intent answered through a Promise: resolves with the call for a Dial, `true`
    /// otherwise; rejects with an `Error` that carries a stable `code` and a plain `message`.
    pub fn promise(&self, intent: Intent) -> js_sys::Promise {
        let id = IntentId(self.next_intent.get() + 1);
        self.next_intent.set(id.0);
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            self.promises.borrow_mut().insert(id, (resolve, reject));
        });
        self.handle(Input::Intent {
            id: Some(id),
            intent,
        });
        promise
    }

    /// Deliver `{channel, data}` as if it came over CometD (the browser tests use this).
    pub fn push_notification(&self, channel: &str, data: serde_json::Value) {
        self.work(Work::Notification(channel.to_string(), data));
    }

    pub fn handle(&self, input: Input) {
        self.work(Work::Input(input));
    }

    fn work(&self, work: Work) {
        self.queue.borrow_mut().push_back(work);
        if self.pumping.replace(true) {
            return; // the running loop below picks it up
        }
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some(work) = next else { break };
            {
                let mut tab = self.tab.borrow_mut();
                let now = now_ms();
                match work {
                    Work::Input(input) => tab.handle(input, now),
                    Work::Timeout => tab.handle_timeout(now),
                    Work::Notification(channel, data) => tab.push_notification(&channel, data, now),
                    Work::Channel(text) => tab.handle_channel(&text, now),
                    Work::Lead => {
                        if tab.lead(now) == Leadership::TakenOver {
                            self.prefetched.borrow_mut().take();
                        }
                    }
                    Work::Presence { visible, focused } => tab.presence(visible, focused),
                }
            }
            loop {
                let output = self.tab.borrow_mut().poll_output();
                match output {
                    None => break,
                    Some(TabOutput::Desk(output)) => self.execute(output),
                    Some(TabOutput::Post(text)) => {
                        if let Some(link) = self.link.borrow().as_ref() {
                            link.post(&text);
                        }
                    }
                    Some(TabOutput::Fire { name, detail }) => self.fire_event(&name, detail),
                }
            }
            let stored = self.tab.borrow_mut().take_stored();
            if let (Some(stored), Some(storage)) = (stored, session_storage()) {
                let _ = match stored {
                    Some(text) => storage.set_item(&self.storage_key, &text),
                    None => storage.remove_item(&self.storage_key),
                };
            }
        }
        self.pumping.set(false);
        self.arm_timer();
        self.publish();
    }

    fn publish(&self) {
        if !self.tab.borrow_mut().take_view_changed() {
            return;
        }
        self.view.borrow_mut().take();
        self.notify();
    }

    /// The view to whoever renders it; derived only then (before the first render, nobody does).
    fn notify(&self) {
        let listeners: Vec<Listener> = self
            .listeners
            .borrow()
            .iter()
            .map(|(_, l)| l.clone())
            .collect();
        if listeners.is_empty() {
            return;
        }
        let view = self.view();
        for listener in listeners {
            listener(view.clone());
        }
    }

    /// One browser timer, for the desk's next deadline.
    fn arm_timer(&self) {
        let next = self.tab.borrow().poll_timeout();
        let mut timer = self.timer.borrow_mut();
        if timer.as_ref().map(|(at, _)| *at) == next {
            return;
        }
        *timer = next.map(|at| {
            let delay = at.saturating_sub(now_ms()).min(i32::MAX as u64) as u32;
            let weak = self.me.clone();
            let timeout = Timeout::new(delay, move || {
                if let Some(shell) = weak.upgrade() {
                    shell.timer.borrow_mut().take();
                    shell.work(Work::Timeout);
                }
            });
            (at, timeout)
        });
    }

    fn execute(&self, output: Output) {
        match output {
            Output::Http(request) => self.fetch(request),
            Output::Abort(id) => {
                if let Some(flight) = self.requests.borrow_mut().remove(&id)
                    && let Some(abort) = flight.abort
                {
                    abort.abort();
                }
            }
            Output::OpenSocket { id, url } => self.open_socket(id, url),
            Output::SendSocket { id, text } => {
                let sent = self
                    .sockets
                    .borrow()
                    .get(&id)
                    .is_some_and(|s| s.ws.send_with_str(&text).is_ok());
                if !sent {
                    self.handle(Input::Socket {
                        id,
                        event: SocketEvent::Closed("the WebSocket is not open".into()),
                    });
                }
            }
            Output::CloseSocket(id) => {
                let socket = self.sockets.borrow_mut().remove(&id);
                drop(socket);
            }
            Output::Event(event) => self.dispatch(&event),
            Output::Settle { intent, result } => self.settle(intent, result),
            Output::Log(text) => web_sys::console::debug_1(&format!("gws-dialer: {text}").into()),
        }
    }

    fn fetch(&self, request: HttpRequest) {
        let id = request.id;
        let prefetched = {
            let mut slot = self.prefetched.borrow_mut();
            match slot.as_ref() {
                Some((url, _))
                    if *url == request.url && request.header("Authorization").is_none() =>
                {
                    slot.take().map(|(_, p)| p)
                }
                _ => None,
            }
        };
        if let Some(reply) = prefetched
            .as_ref()
            .and_then(|p| js_sys::Reflect::get(p, &"reply".into()).ok())
            .and_then(|r| reply_from_js(&r))
        {
            // The loader has the answer already: the desk gets it now, not a task later (while
            // mounting, a microtask later: still before the first render).
            let input = Input::Http {
                id,
                result: Ok(reply),
            };
            if !self.mounting.get() {
                return self.handle(input);
            }
            let me = self.me.clone();
            return on_resolve(
                &js_sys::Promise::resolve(&JsValue::UNDEFINED),
                Box::new(move || {
                    if let Some(shell) = me.upgrade() {
                        shell.handle(input);
                    }
                }),
            );
        }
        let abort = AbortController::new().ok();
        let timed_out = Rc::new(Cell::new(None));
        let deadline = request.timeout_ms.zip(abort.clone()).map(|(ms, c)| {
            let flag = timed_out.clone();
            Timeout::new(ms, move || {
                flag.set(Some(ms));
                c.abort();
            })
        });
        let signal = abort.as_ref().map(|c| c.signal());
        self.requests.borrow_mut().insert(
            id,
            InFlight {
                abort,
                _deadline: deadline,
            },
        );
        let future = match prefetched {
            Some(probe) => Box::pin(async move {
                let early = || NetworkError::new("the early session check failed");
                let read = js_sys::Reflect::get(&probe, &"read".into())
                    .ok()
                    .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
                    .ok_or_else(early)?;
                let reply = wasm_bindgen_futures::JsFuture::from(read)
                    .await
                    .map_err(|_| early())?;
                reply_from_js(&reply).ok_or_else(early)
            }),
            None => (self.transport)(request, signal),
        };
        let weak = self.me.clone();
        spawn_local(async move {
            let mut result = future.await;
            let Some(shell) = weak.upgrade() else { return };
            if shell.requests.borrow_mut().remove(&id).is_none() {
                return; // aborted: the desk does not want the answer
            }
            if let (Err(_), Some(ms)) = (&result, timed_out.get()) {
                result = Err(NetworkError::timeout(ms));
            }
            shell.handle(Input::Http { id, result });
        });
    }

    fn open_socket(&self, id: SocketId, url: String) {
        let ws = match WebSocket::new(&url) {
            Ok(ws) => ws,
            Err(_) => {
                return self.handle(Input::Socket {
                    id,
                    event: SocketEvent::Closed("the WebSocket could not be opened".into()),
                });
            }
        };
        let report = |event: fn(JsValue) -> Option<SocketEvent>| {
            let weak = self.me.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                if let (Some(shell), Some(event)) = (weak.upgrade(), event(e)) {
                    shell.handle(Input::Socket { id, event });
                }
            })
        };
        let handlers = [
            report(|_| Some(SocketEvent::Opened)),
            report(|e| {
                e.unchecked_into::<MessageEvent>()
                    .data()
                    .as_string()
                    .map(SocketEvent::Frame)
            }),
            // An error is always followed by close; close says it once.
            report(|_| Some(SocketEvent::Closed("the WebSocket closed".into()))),
        ];
        ws.set_onopen(Some(handlers[0].as_ref().unchecked_ref()));
        ws.set_onmessage(Some(handlers[1].as_ref().unchecked_ref()));
        ws.set_onclose(Some(handlers[2].as_ref().unchecked_ref()));
        self.sockets.borrow_mut().insert(
            id,
            Socket {
                ws,
                _handlers: handlers,
            },
        );
    }

    fn dispatch(&self, event: &HostEvent) {
        let detail = serde_json::to_value(event).unwrap_or(serde_json::Value::Null);
        self.fire_event(event.name(), detail);
    }

    /// A host-page event (this tab's own, or one another tab routed here), its messages in this
    /// tab's language.
    fn fire_event(&self, name: &str, mut detail: serde_json::Value) {
        let locale = self.locale.borrow().clone();
        render_messages(&mut detail, |text| locale.t(text));
        self.fire(name, &to_js(&detail));
    }

    /// A `gws-dialer:*` CustomEvent on the widget's element, bubbling out of the shadow root.
    fn fire(&self, name: &str, detail: &JsValue) {
        let Some(target) = self.target.borrow().clone() else {
            return;
        };
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(detail);
        if let Ok(e) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = target.dispatch_event(&e);
        }
    }

    fn settle(&self, intent: IntentId, result: Result<Settled, DeskError>) {
        let Some((resolve, reject)) = self.promises.borrow_mut().remove(&intent) else {
            return;
        };
        match result {
            Ok(Settled::Done) => {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::TRUE);
            }
            Ok(Settled::Call(call)) => {
                let _ = resolve.call1(&JsValue::NULL, &to_js(&*call));
            }
            Err(error) => {
                let _ = reject.call1(&JsValue::NULL, &self.js_error(&error));
            }
        }
    }

    /// Stop everything (the widget was removed from the page).
    pub fn shutdown(&self) {
        self.handle(Input::Shutdown);
        // After the goodbye went out: close the channel and release the lock (another tab
        // takes over at once).
        self.link.borrow_mut().take();
        self.timer.borrow_mut().take();
        let sockets: Vec<(SocketId, Socket)> = self.sockets.borrow_mut().drain().collect();
        drop(sockets);
        self.listeners.borrow_mut().clear();
    }
}

/// Run `f` once `promise` resolves (a microtask; the closure is freed when it runs).
pub fn on_resolve(promise: &js_sys::Promise, f: Box<dyn FnOnce()>) {
    let callback: js_sys::Function = Closure::once_into_js(f).unchecked_into();
    if let Some(then) = js_sys::Reflect::get(promise, &"then".into())
        .ok()
        .and_then(|t| t.dyn_into::<js_sys::Function>().ok())
    {
        let _ = then.call1(promise, &callback);
    }
}

/// A plain JS object (maps become objects).
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

impl Shell {
    /// An `Error` with the desk's stable `code` and the plain `message` in this tab's language.
    pub fn js_error(&self, error: &DeskError) -> JsValue {
        js_error(error.code, &self.locale.borrow().t(error.message.clone()))
    }
}

/// An `Error` with a stable `code` and a plain `message`.
pub fn js_error(code: ErrorCode, message: &str) -> JsValue {
    let e = js_sys::Error::new(message);
    let _ = js_sys::Reflect::set(&e, &"code".into(), &code.as_str().into());
    e.into()
}
