//! Runs the sans-IO `bayeux::Client` in the browser: executes its Actions with gloo-net
//! (WebSocket first, long-polling POSTs through `GwsHttp` so they carry the CSRF token) and
//! gloo-timers, and feeds everything that happens back in as Inputs.
//!
//! Re-entrancy: executing an Action can produce an Input synchronously (e.g. long-polling
//! "opens" at once). Inputs go through a queue pumped by one loop, so the client is never
//! borrowed twice and the application callback never runs with a borrow held.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use bayeux::{
    Action, Client, ClientConfig, ConnectionState, Input, Message, TimerId, TransportKind,
};
use futures::channel::mpsc;
use futures::future::{Either, select};
use futures::{SinkExt, StreamExt};
use gloo_net::websocket::{Message as WsMessage, State as WsState, futures::WebSocket};
use gloo_timers::callback::Timeout;
use wasm_bindgen_futures::spawn_local;

use super::gws_http::GwsHttp;

/// What the driver tells the application.
#[derive(Clone, Debug)]
pub enum DriverEvent {
    /// A data message (e.g. on /v2/me/calls).
    Message(Box<Message>),
    Connection(ConnectionState),
    Subscription {
        channel: String,
        subscribed: bool,
        error: Option<String>,
    },
    /// The server refused a CometD request as unauthenticated (HTTP 401/403): the HTTP session
    /// is probably gone (server restart, expiry), and retrying would only loop.
    AuthRejected,
}

pub type EventSink = Rc<dyn Fn(DriverEvent)>;

pub struct CometdDriver {
    client: RefCell<Client>,
    http: GwsHttp,
    /// `<base>/api/v2/notifications`
    endpoint: String,
    queue: RefCell<VecDeque<Input>>,
    pumping: Cell<bool>,
    ws: RefCell<Option<mpsc::UnboundedSender<String>>>,
    /// Bumped whenever a socket is opened or closed, so events from an old socket are ignored.
    ws_generation: Cell<u64>,
    timers: RefCell<Vec<(TimerId, Timeout)>>,
    on_event: EventSink,
}

impl CometdDriver {
    pub fn new(http: GwsHttp, config: ClientConfig, on_event: EventSink) -> Rc<Self> {
        let endpoint = http.url("/api/v2/notifications");
        Rc::new(CometdDriver {
            client: RefCell::new(Client::new(config)),
            http,
            endpoint,
            queue: RefCell::new(VecDeque::new()),
            pumping: Cell::new(false),
            ws: RefCell::new(None),
            ws_generation: Cell::new(0),
            timers: RefCell::new(Vec::new()),
            on_event,
        })
    }

    /// Default client settings: WebSocket preferred, long-polling fallback, capped backoff.
    pub fn default_config() -> ClientConfig {
        ClientConfig {
            transports: vec![TransportKind::WebSocket, TransportKind::LongPolling],
            rng_seed: (js_sys::Math::random() * u32::MAX as f64) as u64,
            ..ClientConfig::default()
        }
    }

    pub fn start(self: &Rc<Self>, channels: &[&str]) {
        for channel in channels {
            self.input(Input::Subscribe((*channel).to_string()));
        }
        self.input(Input::Start);
    }

    pub fn disconnect(self: &Rc<Self>) {
        self.input(Input::Disconnect);
    }

    pub fn input(self: &Rc<Self>, input: Input) {
        self.queue.borrow_mut().push_back(input);
        if self.pumping.replace(true) {
            return; // the running loop below will pick it up
        }
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some(input) = next else { break };
            let actions = self.client.borrow_mut().handle(input, now_ms());
            for action in actions {
                self.execute(action);
            }
        }
        self.pumping.set(false);
    }

    fn execute(self: &Rc<Self>, action: Action) {
        match action {
            Action::OpenTransport(TransportKind::WebSocket) => self.open_websocket(),
            Action::OpenTransport(TransportKind::LongPolling) => {
                // Nothing to open for HTTP; each Send is its own POST.
                self.input(Input::TransportOpened(TransportKind::LongPolling));
            }
            Action::CloseTransport(TransportKind::WebSocket) => self.close_websocket(),
            Action::CloseTransport(TransportKind::LongPolling) => {}
            Action::Send {
                transport: TransportKind::WebSocket,
                messages,
            } => self.send_websocket(&messages),
            Action::Send {
                transport: TransportKind::LongPolling,
                messages,
            } => self.send_long_polling(messages),
            Action::SetTimer { id, delay_ms } => self.set_timer(id, delay_ms),
            Action::CancelTimer(id) => self.timers.borrow_mut().retain(|(t, _)| *t != id),
            Action::Deliver(message) => (self.on_event)(DriverEvent::Message(Box::new(message))),
            Action::StateChanged(state) => (self.on_event)(DriverEvent::Connection(state)),
            Action::SubscriptionChanged {
                channel,
                subscribed,
                error,
            } => (self.on_event)(DriverEvent::Subscription {
                channel,
                subscribed,
                error,
            }),
        }
    }

    fn set_timer(self: &Rc<Self>, id: TimerId, delay_ms: u64) {
        let weak = Rc::downgrade(self);
        let fired = id;
        let timeout = Timeout::new(delay_ms.min(u32::MAX as u64) as u32, move || {
            if let Some(driver) = weak.upgrade() {
                driver.timers.borrow_mut().retain(|(t, _)| *t != fired);
                driver.input(Input::TimerFired(fired));
            }
        });
        let mut timers = self.timers.borrow_mut();
        timers.retain(|(t, _)| *t != id); // dropping a gloo Timeout cancels it
        timers.push((id, timeout));
    }

    fn open_websocket(self: &Rc<Self>) {
        let generation = self.ws_generation.get() + 1;
        self.ws_generation.set(generation);
        let (tx, rx) = mpsc::unbounded();
        *self.ws.borrow_mut() = Some(tx);
        spawn_local(run_websocket(
            Rc::downgrade(self),
            generation,
            bayeux::url::websocket_url(&self.endpoint),
            rx,
        ));
    }

    fn close_websocket(&self) {
        self.ws_generation.set(self.ws_generation.get() + 1);
        // Dropping the sender ends the socket task, which drops (and so closes) the socket.
        self.ws.borrow_mut().take();
    }

    fn send_websocket(self: &Rc<Self>, messages: &[Message]) {
        let sent = self
            .ws
            .borrow()
            .as_ref()
            .map(|tx| tx.unbounded_send(bayeux::to_batch_json(messages)).is_ok())
            .unwrap_or(false);
        if !sent {
            self.input(Input::TransportFailed {
                transport: TransportKind::WebSocket,
                reason: "the WebSocket is not open".into(),
            });
        }
    }

    fn send_long_polling(self: &Rc<Self>, messages: Vec<Message>) {
        // Like CometD JS, /handshake and /connect batches go to <endpoint>/handshake, /connect.
        let url = bayeux::url::long_polling_url(&self.endpoint, &messages);
        let ids: Vec<String> = messages.iter().filter_map(|m| m.id.clone()).collect();
        let body = bayeux::to_batch_json(&messages);
        let http = self.http.clone();
        let weak = Rc::downgrade(self);
        spawn_local(async move {
            let result = http.post_text(&url, body).await;
            let Some(driver) = weak.upgrade() else { return };
            let input = match result {
                Ok(reply) if (200..300).contains(&reply.status) => {
                    match bayeux::parse_batch(&reply.body) {
                        Ok(batch) => Input::Received(batch),
                        Err(e) => Input::RequestFailed {
                            message_ids: ids,
                            reason: format!("unreadable notification response: {e}"),
                        },
                    }
                }
                Ok(reply) => {
                    if matches!(reply.status, 401 | 403) {
                        (driver.on_event)(DriverEvent::AuthRejected);
                    }
                    Input::RequestFailed {
                        message_ids: ids,
                        reason: format!("HTTP {}", reply.status),
                    }
                }
                Err(e) => Input::TransportFailed {
                    transport: TransportKind::LongPolling,
                    reason: e.0,
                },
            };
            driver.input(input);
        });
    }

    fn report_websocket(weak: &Weak<Self>, generation: u64, input: Input) {
        if let Some(driver) = weak.upgrade()
            && driver.ws_generation.get() == generation
        {
            driver.input(input);
        }
    }
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn ws_failed(reason: &str) -> Input {
    Input::TransportFailed {
        transport: TransportKind::WebSocket,
        reason: reason.to_string(),
    }
}

/// One socket's life: open, report, then shuttle frames both ways until either side ends.
async fn run_websocket(
    driver: Weak<CometdDriver>,
    generation: u64,
    url: String,
    mut outgoing: mpsc::UnboundedReceiver<String>,
) {
    let mut ws = match WebSocket::open(&url) {
        Ok(ws) => ws,
        Err(e) => {
            CometdDriver::report_websocket(&driver, generation, ws_failed(&e.to_string()));
            return;
        }
    };
    // poll_ready resolves once the socket leaves CONNECTING (open, or failed with an error).
    let _ =
        futures::future::poll_fn(|cx| futures::Sink::poll_ready(std::pin::Pin::new(&mut ws), cx))
            .await;
    if !matches!(ws.state(), WsState::Open) {
        CometdDriver::report_websocket(
            &driver,
            generation,
            ws_failed("the WebSocket could not be opened"),
        );
        return;
    }
    CometdDriver::report_websocket(
        &driver,
        generation,
        Input::TransportOpened(TransportKind::WebSocket),
    );
    let (mut sink, mut stream) = ws.split();
    loop {
        match select(outgoing.next(), stream.next()).await {
            Either::Left((Some(text), _)) => {
                if sink.send(WsMessage::Text(text)).await.is_err() {
                    CometdDriver::report_websocket(
                        &driver,
                        generation,
                        ws_failed("sending failed"),
                    );
                    return;
                }
            }
            // The driver closed this transport: dropping both halves closes the socket.
            Either::Left((None, _)) => return,
            Either::Right((Some(Ok(WsMessage::Text(text))), _)) => {
                match bayeux::parse_batch(&text) {
                    Ok(batch) => {
                        CometdDriver::report_websocket(&driver, generation, Input::Received(batch))
                    }
                    Err(e) => web_sys::console::warn_1(
                        &format!("gws-dialer: ignored an unreadable CometD frame: {e}").into(),
                    ),
                }
            }
            Either::Right((Some(Ok(WsMessage::Bytes(_))), _)) => {}
            Either::Right((Some(Err(e)), _)) => {
                CometdDriver::report_websocket(&driver, generation, ws_failed(&e.to_string()));
                return;
            }
            Either::Right((None, _)) => {
                CometdDriver::report_websocket(
                    &driver,
                    generation,
                    ws_failed("the WebSocket closed"),
                );
                return;
            }
        }
    }
}
