//! Sans-IO CometD (Bayeux 1.0) client: inputs in, actions out.
//!
//! The driver owns the sockets, HTTP requests and timers. It feeds every event
//! to [`Client::handle`] and performs the returned [`Action`]s in order. The
//! client never reads a clock; `now_ms` is only used for bookkeeping.
//!
//! # Driving it
//! ```text
//! let mut client = Client::new(ClientConfig { rng_seed: <random per page load>, ..Default::default() });
//! client.handle(Input::Subscribe("/v2/me/calls".into()), now);   // may come before Start
//! for action in client.handle(Input::Start, now) { perform(action) }
//! ```
//! * `OpenTransport(WebSocket)`: open `url::websocket_url(endpoint)`; report
//!   `TransportOpened` on open, `TransportFailed` on error/close (gloo-net: from the
//!   stream, not from `open()`), every text frame → `parse_batch` → `Received`.
//! * `OpenTransport(LongPolling)`: nothing to open, answer `TransportOpened` at once.
//! * `Send{WebSocket, ..}`: one frame `to_batch_json(&messages)`.
//! * `Send{LongPolling, ..}`: POST `to_batch_json` to `url::long_polling_url(endpoint,
//!   &messages)` (adds `/handshake` or `/connect` for those batches). 2xx body →
//!   `Received`; non-2xx → `RequestFailed{ids of these messages}`; network error →
//!   `TransportFailed{LongPolling}`. Several POSTs may be in flight (the held connect
//!   plus a subscribe).
//! * `SetTimer/CancelTimer`: one browser timer per id; on expiry `TimerFired(id)`.
//!   A fired timer that was cancelled is harmless (ignored).
//! * `CloseTransport`: close the socket / abort outstanding POSTs, without reporting
//!   a failure for it.
//! * `Deliver`, `StateChanged`, `SubscriptionChanged`: for the application.
//!
//! Behaviour follows CometD's JS client (`CometD.js`): handshake, then exactly
//! one outstanding `/meta/connect` re-issued after `advice.interval`; the first
//! connect of a session (and the first after a failure) carries
//! `advice: {timeout: 0}` so the server answers at once; failures back off.
//!
//! # Choosing the transport
//! The first configured transport is tried first. A WebSocket that fails before it
//! ever worked (it does not open, or it breaks before a successful handshake or
//! connect over it, e.g. behind a proxy that blocks it) is given up for good: the
//! client starts over on long-polling and stays there ([`Client::websocket_disabled`]).
//! A WebSocket that worked once (`TransportOpened(WebSocket)`, then a successful
//! handshake or connect over it) is retried with backoff; after
//! `ClientConfig::websocket_max_failures` failures in a row the client falls back to
//! long-polling with a new handshake, but only until the next handshake: every
//! later handshake (server advice `handshake`, 402 after a server restart, a failed
//! handshake retried, a new `Start`) tries the WebSocket first again, as CometD's
//! JavaScript client does with a WebSocket that connected once. When such an
//! attempt fails again, the client falls back to long-polling at once. A server that
//! does not offer `websocket` in its handshake reply also disables it for good.

mod ack;
mod backoff;
mod interface;
mod state;
mod subscriptions;

use std::collections::BTreeMap;

use crate::advice::{Advice, Reconnect};
use crate::message::{
    BAYEUX_VERSION, META_CONNECT, META_DISCONNECT, META_HANDSHAKE, META_SUBSCRIBE,
    META_UNSUBSCRIBE, Message, Subscription, TransportKind,
};

pub use backoff::Backoff;
pub use interface::{Action, ClientConfig, Input, TimerId};
pub use state::ConnectionState;

use ack::AckState;
use backoff::Rng;
use subscriptions::{Op, Subscriptions};

/// Server hold time assumed until the server sends `advice.timeout` (CometD's default).
const DEFAULT_ADVICE_TIMEOUT_MS: u64 = 60_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Never started.
    Idle,
    /// `OpenTransport` sent; waiting for `TransportOpened`.
    Opening,
    /// Handshake in flight.
    Handshaking,
    /// Session up: a connect is outstanding or scheduled after `advice.interval`.
    Session,
    /// A retry timer is armed (reconnect or re-handshake).
    Waiting,
    /// `/meta/disconnect` in flight.
    Disconnecting,
    Stopped,
}

/// Where the client stands after falling back from a WebSocket that had worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fallback {
    /// Not fallen back: the handshake transport is chosen in preference order.
    None,
    /// Fell back: the next handshake goes over long-polling.
    HandshakeDue,
    /// The fallback's handshake was sent: this session stays on long-polling; the next
    /// handshake chooses afresh (WebSocket first again).
    Session,
}

#[derive(Debug, Clone, PartialEq)]
enum RequestKind {
    Handshake,
    Connect,
    Subscribe(String),
    Unsubscribe(String),
    Disconnect,
}

#[derive(Debug, Clone)]
struct Pending {
    kind: RequestKind,
    timer: TimerId,
}

#[derive(Debug, Clone, PartialEq)]
enum TimerPurpose {
    /// No reply to this message id in time.
    Request(String),
    /// The transport did not open in time.
    Open,
    /// `advice.interval` elapsed: send the next connect.
    NextConnect,
    /// Backoff elapsed: try again.
    Retry,
}

/// The CometD client state machine. See the module docs.
#[derive(Debug)]
pub struct Client {
    config: ClientConfig,
    phase: Phase,
    state: ConnectionState,
    transport: TransportKind,
    transport_open: bool,
    /// WebSocket given up for good: it failed before it ever worked, or the server
    /// does not offer it.
    websocket_disabled: bool,
    /// A handshake or connect succeeded over an opened WebSocket in this client's life.
    websocket_worked: bool,
    /// WebSocket failures since the last successful connect over it.
    websocket_failures: u32,
    /// Long-polling instead of a WebSocket that worked but kept failing.
    fallback: Fallback,
    client_id: Option<String>,
    /// The last `/meta/connect` succeeded (CometD's `_connected`).
    connected: bool,
    advice: Advice,
    /// Failures since the last successful connect (drives the backoff).
    attempt: u32,
    next_message_id: u64,
    next_timer_id: u64,
    pending: BTreeMap<String, Pending>,
    timers: BTreeMap<TimerId, TimerPurpose>,
    /// The one Open / NextConnect / Retry timer armed at a time.
    scheduled: Option<TimerId>,
    subs: Subscriptions,
    ack: AckState,
    rng: Rng,
}

impl Client {
    pub fn new(config: ClientConfig) -> Self {
        let rng = Rng::new(config.rng_seed);
        let transport = config
            .transports
            .first()
            .copied()
            .unwrap_or(TransportKind::LongPolling);
        Client {
            config,
            phase: Phase::Idle,
            state: ConnectionState::Disconnected,
            transport,
            transport_open: false,
            websocket_disabled: false,
            websocket_worked: false,
            websocket_failures: 0,
            fallback: Fallback::None,
            client_id: None,
            connected: false,
            advice: Advice::default(),
            attempt: 0,
            next_message_id: 0,
            next_timer_id: 0,
            pending: BTreeMap::new(),
            timers: BTreeMap::new(),
            scheduled: None,
            subs: Subscriptions::default(),
            ack: AckState::default(),
            rng,
        }
    }

    pub fn state(&self) -> &ConnectionState {
        &self.state
    }

    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// The transport in use (or about to be used).
    pub fn transport(&self) -> TransportKind {
        self.transport
    }

    /// True once the client gave up on WebSocket for good: it failed before it ever
    /// worked (never opened, or broke before a successful handshake or connect over
    /// it), or the server did not offer it. A WebSocket that worked and then kept
    /// failing is not disabled: the client is on long-polling only until the next
    /// handshake. A driver may persist this.
    pub fn websocket_disabled(&self) -> bool {
        self.websocket_disabled
    }

    /// True once a handshake or connect succeeded over an opened WebSocket in this
    /// client's life (such a WebSocket is tried again at every handshake).
    pub fn websocket_worked(&self) -> bool {
        self.websocket_worked
    }

    /// Channels the application asked for (replayed after every handshake).
    pub fn subscriptions(&self) -> &[String] {
        self.subs.desired()
    }

    /// The server confirmed this subscription on the current session.
    pub fn is_subscribed(&self, channel: &str) -> bool {
        self.subs.is_confirmed(channel)
    }

    /// The server agreed to the ack extension on this session.
    pub fn ack_enabled(&self) -> bool {
        self.ack.enabled
    }

    /// Requests awaiting a reply: (message id, channel).
    pub fn pending_requests(&self) -> Vec<(&str, &'static str)> {
        self.pending
            .iter()
            .map(|(id, p)| {
                let channel = match p.kind {
                    RequestKind::Handshake => META_HANDSHAKE,
                    RequestKind::Connect => META_CONNECT,
                    RequestKind::Subscribe(_) => META_SUBSCRIBE,
                    RequestKind::Unsubscribe(_) => META_UNSUBSCRIBE,
                    RequestKind::Disconnect => META_DISCONNECT,
                };
                (id.as_str(), channel)
            })
            .collect()
    }

    /// Feed one event; perform the returned actions in order.
    pub fn handle(&mut self, input: Input, _now_ms: u64) -> Vec<Action> {
        let mut out = Vec::new();
        match input {
            Input::Start => self.on_start(&mut out),
            Input::Subscribe(channel) => self.on_subscribe(channel, &mut out),
            Input::Unsubscribe(channel) => self.on_unsubscribe(channel, &mut out),
            Input::Disconnect => self.on_disconnect(&mut out),
            Input::TransportOpened(t) => self.on_transport_opened(t, &mut out),
            Input::TransportFailed { transport, reason } => {
                self.on_transport_failed(transport, reason, &mut out)
            }
            Input::RequestFailed {
                message_ids,
                reason,
            } => {
                for id in message_ids {
                    if let Some(p) = self.take_pending(&id, &mut out) {
                        self.on_request_failed(p.kind, &reason, &mut out);
                    }
                }
            }
            Input::Received(batch) => self.on_received(batch, &mut out),
            Input::TimerFired(id) => self.on_timer(id, &mut out),
        }
        out
    }

    // ----- inputs -------------------------------------------------------------------------

    fn on_start(&mut self, out: &mut Vec<Action>) {
        if !matches!(self.phase, Phase::Idle | Phase::Stopped) {
            return; // already running
        }
        self.client_id = None;
        self.connected = false;
        self.attempt = 0;
        self.websocket_failures = 0;
        self.fallback = Fallback::None;
        self.advice = Advice::default();
        self.subs.new_session();
        match self.preferred_transport(None) {
            Some(t) => {
                self.transport = t;
                self.transport_open = false;
                self.proceed(out);
            }
            None => self.stop("no usable transport is configured", out),
        }
    }

    fn on_subscribe(&mut self, channel: String, out: &mut Vec<Action>) {
        self.subs.want(&channel);
        self.reconcile(out);
    }

    fn on_unsubscribe(&mut self, channel: String, out: &mut Vec<Action>) {
        self.subs.unwant(&channel);
        if !self.subs.is_confirmed(&channel) && !self.subs.is_pending(&channel) {
            // Nothing on the server to undo: it is unsubscribed already.
            out.push(Action::SubscriptionChanged {
                channel,
                subscribed: false,
                error: None,
            });
            return;
        }
        self.reconcile(out);
    }

    fn on_disconnect(&mut self, out: &mut Vec<Action>) {
        if matches!(self.phase, Phase::Stopped | Phase::Disconnecting) {
            return;
        }
        self.cancel_scheduled(out);
        self.drop_all_pending(out);
        if self.client_id.is_some() && self.transport_open {
            let mut m = self.request(META_DISCONNECT);
            m.client_id = self.client_id.clone();
            self.phase = Phase::Disconnecting;
            self.send(vec![(m, RequestKind::Disconnect, 0)], out);
        } else {
            self.stop("disconnected", out);
        }
    }

    fn on_transport_opened(&mut self, t: TransportKind, out: &mut Vec<Action>) {
        if self.phase != Phase::Opening || t != self.transport {
            return; // late or duplicate notification
        }
        self.cancel_scheduled(out);
        self.transport_open = true;
        self.proceed(out);
    }

    fn on_transport_failed(&mut self, t: TransportKind, reason: String, out: &mut Vec<Action>) {
        if t != self.transport || matches!(self.phase, Phase::Idle | Phase::Stopped) {
            return;
        }
        if !self.transport_open && self.phase != Phase::Opening {
            return; // already handled (e.g. we closed it ourselves)
        }
        self.transport_open = false;
        self.cancel_scheduled(out);
        if self.phase == Phase::Disconnecting {
            self.drop_all_pending(out);
            self.stop("disconnected", out);
            return;
        }
        self.drop_all_pending(out);
        self.connected = false;
        self.after_transport_trouble(reason, out);
    }

    fn on_received(&mut self, batch: Vec<Message>, out: &mut Vec<Action>) {
        if matches!(self.phase, Phase::Idle | Phase::Stopped) {
            return;
        }
        for message in batch {
            if message.is_meta() {
                self.on_reply(message, out);
            } else if self.phase != Phase::Disconnecting {
                out.push(Action::Deliver(message));
            }
            if self.phase == Phase::Stopped {
                break;
            }
        }
    }

    fn on_timer(&mut self, id: TimerId, out: &mut Vec<Action>) {
        let Some(purpose) = self.timers.remove(&id) else {
            return; // cancelled or stale
        };
        if self.scheduled == Some(id) {
            self.scheduled = None;
        }
        match purpose {
            TimerPurpose::Request(msg_id) => {
                if let Some(p) = self.pending.remove(&msg_id) {
                    let reason = format!(
                        "no reply from the server within {} ms",
                        self.timeout_for(&p.kind)
                    );
                    self.on_request_timeout(p.kind, reason, out);
                }
            }
            TimerPurpose::Open => {
                let t = self.transport;
                out.push(Action::CloseTransport(t));
                let reason = format!(
                    "the {t} transport did not open within {} ms",
                    self.config.max_network_delay_ms
                );
                self.on_transport_failed(t, reason, out);
            }
            TimerPurpose::NextConnect => {
                if self.phase == Phase::Session {
                    self.send_connect(out);
                }
            }
            TimerPurpose::Retry => {
                if self.phase == Phase::Waiting {
                    self.proceed(out);
                }
            }
        }
    }

    // ----- replies ------------------------------------------------------------------------

    fn on_reply(&mut self, reply: Message, out: &mut Vec<Action>) {
        let Some(pending) = self.match_pending(&reply, out) else {
            return; // unsolicited, late (timed out) or from an old session: no say in advice
        };
        if let Some(advice) = &reply.advice {
            self.update_advice(advice);
        }
        match pending.kind {
            RequestKind::Handshake => self.on_handshake_reply(reply, out),
            RequestKind::Connect => self.on_connect_reply(reply, out),
            RequestKind::Subscribe(ch) => self.on_subscribe_reply(ch, reply, out),
            RequestKind::Unsubscribe(ch) => self.on_unsubscribe_reply(ch, reply, out),
            RequestKind::Disconnect => self.stop("disconnected", out),
        }
    }

    fn on_handshake_reply(&mut self, reply: Message, out: &mut Vec<Action>) {
        if !reply.is_successful() {
            let reason = failure_reason("handshake", &reply);
            // CometD: an unsuccessful handshake is retried unless advised "none".
            if self.advice.reconnect == Some(Reconnect::None) {
                self.stop(&reason, out);
            } else {
                self.retry_later(reason, false, out);
            }
            return;
        }
        let Some(client_id) = reply.client_id.clone() else {
            self.retry_later("the handshake reply has no clientId".into(), false, out);
            return;
        };
        let offered: Option<Vec<String>> = reply.supported_connection_types.clone();
        let Some(chosen) = self.preferred_transport(offered.as_deref()) else {
            let reason = format!(
                "no common transport: the client supports [{}], the server offers [{}]",
                self.usable_transports()
                    .iter()
                    .map(|t| t.wire_name())
                    .collect::<Vec<_>>()
                    .join(", "),
                offered.unwrap_or_default().join(", ")
            );
            self.stop(&reason, out);
            return;
        };
        if chosen != self.transport {
            // The server does not offer the transport we used to handshake.
            if self.transport == TransportKind::WebSocket {
                self.websocket_disabled = true;
            }
            out.push(Action::CloseTransport(self.transport));
            self.transport_open = false;
            self.transport = chosen;
        }
        if self.transport == TransportKind::WebSocket {
            // A successful handshake over the open WebSocket, which the session keeps.
            self.websocket_worked = true;
        }
        self.client_id = Some(client_id);
        self.connected = false;
        self.subs.new_session();
        self.ack.on_handshake_reply(reply.ext.as_ref());
        if self.advice.reconnect == Some(Reconnect::None) {
            self.stop("the server advised not to connect", out);
            return;
        }
        self.proceed(out);
    }

    fn on_connect_reply(&mut self, reply: Message, out: &mut Vec<Action>) {
        if reply.is_successful() {
            self.connected = true;
            self.attempt = 0;
            if self.transport == TransportKind::WebSocket {
                self.websocket_worked = true;
                self.websocket_failures = 0;
            }
            self.ack.on_connect_reply(reply.ext.as_ref());
            self.set_state(
                ConnectionState::Connected {
                    transport: self.transport,
                },
                out,
            );
            // Subscriptions queued while the connection was down go out now.
            self.reconcile(out);
            match self.advice.reconnect.unwrap_or(Reconnect::Retry) {
                Reconnect::Retry => {
                    let interval = self.advice.interval.unwrap_or(0);
                    if interval < 0 {
                        self.stop("the server advised not to reconnect", out);
                    } else if interval == 0 {
                        self.send_connect(out);
                    } else {
                        self.schedule(TimerPurpose::NextConnect, interval as u64, out);
                    }
                }
                Reconnect::Handshake => {
                    self.rehandshake("the server asked for a new handshake".into(), out)
                }
                Reconnect::None => self.stop("the server advised not to reconnect", out),
            }
            return;
        }
        self.connected = false;
        let reason = failure_reason("connect", &reply);
        if reply.error_code() == Some(402) {
            self.rehandshake(reason, out);
            return;
        }
        // `self.advice` already holds this reply's advice, if it carried one.
        match self.advice.reconnect.unwrap_or(Reconnect::Retry) {
            Reconnect::Retry => self.retry_later(reason, false, out),
            Reconnect::Handshake => self.rehandshake(reason, out),
            Reconnect::None => self.stop(&reason, out),
        }
    }

    fn on_subscribe_reply(&mut self, channel: String, reply: Message, out: &mut Vec<Action>) {
        if reply.is_successful() {
            self.subs.settle(&channel, true);
            out.push(Action::SubscriptionChanged {
                channel,
                subscribed: true,
                error: None,
            });
            // It may have been unsubscribed meanwhile.
            self.reconcile(out);
            return;
        }
        if reply.error_code() == Some(402) {
            self.rehandshake(failure_reason("subscribe", &reply), out);
            return;
        }
        // Refused (e.g. 403): stop wanting it, or every reconcile would ask again.
        self.subs.settle(&channel, false);
        self.subs.unwant(&channel);
        out.push(Action::SubscriptionChanged {
            channel,
            subscribed: false,
            error: Some(
                reply
                    .error
                    .unwrap_or_else(|| "refused by the server".into()),
            ),
        });
    }

    fn on_unsubscribe_reply(&mut self, channel: String, reply: Message, out: &mut Vec<Action>) {
        if !reply.is_successful() && reply.error_code() == Some(402) {
            self.rehandshake(failure_reason("unsubscribe", &reply), out);
            return;
        }
        // Even a refused unsubscribe is treated as done locally so it is not retried forever.
        self.subs.settle(&channel, false);
        out.push(Action::SubscriptionChanged {
            channel,
            subscribed: false,
            error: (!reply.is_successful()).then(|| {
                reply
                    .error
                    .unwrap_or_else(|| "refused by the server".into())
            }),
        });
        self.reconcile(out);
    }

    // ----- failures -----------------------------------------------------------------------

    fn on_request_timeout(&mut self, kind: RequestKind, reason: String, out: &mut Vec<Action>) {
        match kind {
            RequestKind::Handshake | RequestKind::Connect => {
                // A silent transport is treated as a broken one (CometD closes the WebSocket).
                let t = self.transport;
                if self.transport_open && t == TransportKind::WebSocket {
                    out.push(Action::CloseTransport(t));
                    self.on_transport_failed(t, reason, out);
                } else {
                    self.on_request_failed(kind, &reason, out);
                }
            }
            other => self.on_request_failed(other, &reason, out),
        }
    }

    fn on_request_failed(&mut self, kind: RequestKind, reason: &str, out: &mut Vec<Action>) {
        match kind {
            RequestKind::Handshake => {
                self.retry_later(format!("handshake failed: {reason}"), false, out)
            }
            RequestKind::Connect => {
                self.connected = false;
                self.retry_later(format!("connect failed: {reason}"), false, out);
            }
            RequestKind::Subscribe(channel) => {
                // Re-sent by the next reconcile (after the next successful connect).
                self.subs.abandon(&channel);
                out.push(Action::SubscriptionChanged {
                    channel,
                    subscribed: false,
                    error: Some(format!("subscribe failed: {reason}; will retry")),
                });
            }
            RequestKind::Unsubscribe(channel) => self.subs.abandon(&channel),
            RequestKind::Disconnect => {
                let t = self.transport;
                if self.transport_open {
                    out.push(Action::CloseTransport(t));
                    self.transport_open = false;
                }
                self.stop("disconnected", out);
            }
        }
    }

    /// The transport broke (failed to open, dropped, went silent).
    fn after_transport_trouble(&mut self, reason: String, out: &mut Vec<Action>) {
        let lp_available = self.config.transports.contains(&TransportKind::LongPolling);
        if self.transport == TransportKind::WebSocket && lp_available {
            if !self.websocket_worked {
                self.fall_back_to_long_polling(out);
                return;
            }
            self.websocket_failures += 1;
            if self.websocket_failures >= self.config.websocket_max_failures.max(1) {
                self.fall_back_to_long_polling(out);
                return;
            }
        }
        self.retry_later(reason, false, out);
    }

    /// Start over (new handshake) on long-polling, as CometD does when it changes
    /// transport. A WebSocket that never worked is given up for good; one that worked
    /// is tried again at the handshake after this one.
    fn fall_back_to_long_polling(&mut self, out: &mut Vec<Action>) {
        if !self.websocket_worked {
            self.websocket_disabled = true;
        }
        self.fallback = Fallback::HandshakeDue;
        self.transport = TransportKind::LongPolling;
        self.transport_open = false;
        self.client_id = None;
        self.connected = false;
        self.subs.new_session();
        self.ack.reset();
        self.proceed(out);
    }

    /// The session is gone (402, advice "handshake"): handshake again and re-subscribe.
    /// The first time is immediate (CometD); repeats without a successful connect back off.
    fn rehandshake(&mut self, reason: String, out: &mut Vec<Action>) {
        self.drop_all_pending(out);
        self.client_id = None;
        self.connected = false;
        self.subs.new_session();
        self.ack.reset();
        self.retry_later(reason, true, out);
    }

    /// Schedule the next attempt: `advice.interval` plus backoff (CometD's
    /// `_delayedSend`). `immediate_first`: the first attempt waits only the interval.
    fn retry_later(&mut self, reason: String, immediate_first: bool, out: &mut Vec<Action>) {
        self.cancel_scheduled(out);
        self.attempt = self.attempt.saturating_add(1);
        let interval = self.advice.interval.unwrap_or(0).max(0) as u64;
        let delay = if immediate_first && self.attempt == 1 {
            interval
        } else {
            let unit = self.rng.next_unit();
            interval.saturating_add(self.config.backoff.delay_ms(self.attempt, unit))
        };
        if delay == 0 {
            self.proceed(out);
            return;
        }
        self.phase = Phase::Waiting;
        self.set_state(
            ConnectionState::Reconnecting {
                attempt: self.attempt,
                delay_ms: delay,
                reason,
            },
            out,
        );
        self.schedule(TimerPurpose::Retry, delay, out);
    }

    // ----- sending ------------------------------------------------------------------------

    /// Do the next step: open the transport, handshake, or (session up) subscribe + connect.
    fn proceed(&mut self, out: &mut Vec<Action>) {
        self.cancel_scheduled(out);
        if self.client_id.is_none() {
            self.choose_handshake_transport(out);
        }
        if !self.transport_open {
            self.phase = Phase::Opening;
            self.set_state(
                ConnectionState::Connecting {
                    transport: self.transport,
                },
                out,
            );
            out.push(Action::OpenTransport(self.transport));
            self.schedule(TimerPurpose::Open, self.config.max_network_delay_ms, out);
            return;
        }
        if self.client_id.is_none() {
            self.send_handshake(out);
            return;
        }
        self.phase = Phase::Session;
        if !self.connected {
            self.set_state(
                ConnectionState::Connecting {
                    transport: self.transport,
                },
                out,
            );
        }
        self.reconcile(out);
        self.send_connect(out);
    }

    /// Before a handshake: go back to the preferred usable transport (a WebSocket that
    /// worked, after a fallback to long-polling), except for the fallback's own handshake.
    fn choose_handshake_transport(&mut self, out: &mut Vec<Action>) {
        match self.fallback {
            Fallback::HandshakeDue => return,
            Fallback::Session => self.fallback = Fallback::None,
            Fallback::None => {}
        }
        let Some(preferred) = self.preferred_transport(None) else {
            return;
        };
        if preferred == self.transport {
            return;
        }
        if self.transport_open {
            // Close it; for long-polling: abort whatever POST is still outstanding.
            out.push(Action::CloseTransport(self.transport));
            self.transport_open = false;
        }
        self.transport = preferred;
    }

    fn send_handshake(&mut self, out: &mut Vec<Action>) {
        if self.fallback == Fallback::HandshakeDue {
            self.fallback = Fallback::Session;
        }
        self.phase = Phase::Handshaking;
        self.ack.reset();
        // CometD resets the advice on every handshake, so an old "handshake" advice
        // cannot trigger another one after this handshake succeeds.
        self.advice = Advice::default();
        self.set_state(
            ConnectionState::Connecting {
                transport: self.transport,
            },
            out,
        );
        let mut m = self.request(META_HANDSHAKE);
        m.version = Some(BAYEUX_VERSION.into());
        m.minimum_version = Some(BAYEUX_VERSION.into());
        m.supported_connection_types = Some(
            self.usable_transports()
                .iter()
                .map(|t| t.wire_name().to_string())
                .collect(),
        );
        m.ext = ack::handshake_ext(
            self.config.handshake_ext.as_ref(),
            self.config.ack_extension,
        );
        self.send(vec![(m, RequestKind::Handshake, 0)], out);
    }

    fn send_connect(&mut self, out: &mut Vec<Action>) {
        if self
            .pending
            .values()
            .any(|p| p.kind == RequestKind::Connect)
        {
            return; // exactly one outstanding /meta/connect
        }
        self.phase = Phase::Session;
        let mut m = self.request(META_CONNECT);
        m.client_id = self.client_id.clone();
        m.connection_type = Some(self.transport.wire_name().into());
        let hold_ms = if self.connected {
            self.advice_timeout_ms()
        } else {
            // After a handshake or a failure, ask the server to answer at once (CometD).
            m.advice = Some(Advice {
                timeout: Some(0),
                ..Advice::default()
            });
            0
        };
        m.ext = self.ack.connect_ext();
        self.send(vec![(m, RequestKind::Connect, hold_ms)], out);
    }

    /// Send what the subscription bookkeeping says is missing, if a session is up.
    fn reconcile(&mut self, out: &mut Vec<Action>) {
        if self.phase != Phase::Session || !self.transport_open || self.client_id.is_none() {
            return; // queued: replayed when the session is (re-)established
        }
        let ops = self.subs.plan();
        if ops.is_empty() {
            return;
        }
        let batch = ops
            .into_iter()
            .map(|(op, channel)| {
                let (meta, kind) = match op {
                    Op::Subscribe => (META_SUBSCRIBE, RequestKind::Subscribe(channel.clone())),
                    Op::Unsubscribe => {
                        (META_UNSUBSCRIBE, RequestKind::Unsubscribe(channel.clone()))
                    }
                };
                let mut m = self.request(meta);
                m.client_id = self.client_id.clone();
                m.subscription = Some(Subscription::One(channel));
                (m, kind, 0)
            })
            .collect();
        self.send(batch, out);
    }

    /// One `Send` for the batch, each message with its own reply timer
    /// (`max_network_delay_ms` plus how long the server may hold it).
    fn send(&mut self, batch: Vec<(Message, RequestKind, u64)>, out: &mut Vec<Action>) {
        let mut messages = Vec::with_capacity(batch.len());
        let mut timers = Vec::new();
        for (m, kind, hold_ms) in batch {
            let id = m.id.clone().unwrap_or_default();
            let delay = self.config.max_network_delay_ms.saturating_add(hold_ms);
            let timer = self.new_timer(TimerPurpose::Request(id.clone()));
            timers.push(Action::SetTimer {
                id: timer,
                delay_ms: delay,
            });
            self.pending.insert(id, Pending { kind, timer });
            messages.push(m);
        }
        out.push(Action::Send {
            transport: self.transport,
            messages,
        });
        out.extend(timers);
    }

    fn request(&mut self, channel: &str) -> Message {
        self.next_message_id += 1;
        let mut m = Message::new(channel);
        m.id = Some(self.next_message_id.to_string());
        m
    }

    // ----- bookkeeping --------------------------------------------------------------------

    fn stop(&mut self, reason: &str, out: &mut Vec<Action>) {
        self.cancel_scheduled(out);
        self.drop_all_pending(out);
        if self.transport_open || self.phase == Phase::Opening {
            out.push(Action::CloseTransport(self.transport));
            self.transport_open = false;
        }
        self.phase = Phase::Stopped;
        self.client_id = None;
        self.connected = false;
        self.subs.new_session();
        self.ack.reset();
        self.set_state(
            ConnectionState::Stopped {
                reason: reason.to_string(),
            },
            out,
        );
    }

    fn set_state(&mut self, state: ConnectionState, out: &mut Vec<Action>) {
        if self.state != state {
            self.state = state.clone();
            out.push(Action::StateChanged(state));
        }
    }

    /// CometD: newer advice replaces the old one, absent fields fall back to defaults.
    fn update_advice(&mut self, advice: &Advice) {
        self.advice = advice.clone();
    }

    fn advice_timeout_ms(&self) -> u64 {
        self.advice
            .timeout
            .map_or(DEFAULT_ADVICE_TIMEOUT_MS, |t| t.max(0) as u64)
    }

    fn timeout_for(&self, kind: &RequestKind) -> u64 {
        let hold = if *kind == RequestKind::Connect && self.connected {
            self.advice_timeout_ms()
        } else {
            0
        };
        self.config.max_network_delay_ms.saturating_add(hold)
    }

    /// Configured transports minus a WebSocket given up on (for good, or for the
    /// session that replaced it after a fallback).
    fn usable_transports(&self) -> Vec<TransportKind> {
        let no_websocket = self.websocket_disabled || self.fallback != Fallback::None;
        self.config
            .transports
            .iter()
            .copied()
            .filter(|t| !(*t == TransportKind::WebSocket && no_websocket))
            .collect()
    }

    /// First usable transport in preference order that the server offers (`None` = any).
    fn preferred_transport(&self, offered: Option<&[String]>) -> Option<TransportKind> {
        self.usable_transports()
            .into_iter()
            .find(|t| offered.is_none_or(|names| names.iter().any(|n| n == t.wire_name())))
    }

    fn new_timer(&mut self, purpose: TimerPurpose) -> TimerId {
        self.next_timer_id += 1;
        let id = TimerId(self.next_timer_id);
        self.timers.insert(id, purpose);
        id
    }

    fn schedule(&mut self, purpose: TimerPurpose, delay_ms: u64, out: &mut Vec<Action>) {
        self.cancel_scheduled(out);
        let id = self.new_timer(purpose);
        self.scheduled = Some(id);
        out.push(Action::SetTimer { id, delay_ms });
    }

    fn cancel_scheduled(&mut self, out: &mut Vec<Action>) {
        if let Some(id) = self.scheduled.take() {
            self.timers.remove(&id);
            out.push(Action::CancelTimer(id));
        }
    }

    fn take_pending(&mut self, id: &str, out: &mut Vec<Action>) -> Option<Pending> {
        let p = self.pending.remove(id)?;
        self.timers.remove(&p.timer);
        out.push(Action::CancelTimer(p.timer));
        Some(p)
    }

    /// The pending request this reply answers: by id, or (for servers that omit the id)
    /// the only outstanding handshake/connect.
    fn match_pending(&mut self, reply: &Message, out: &mut Vec<Action>) -> Option<Pending> {
        if let Some(id) = &reply.id {
            return self.take_pending(id, out);
        }
        let wanted = match reply.channel.as_str() {
            META_HANDSHAKE => RequestKind::Handshake,
            META_CONNECT => RequestKind::Connect,
            META_DISCONNECT => RequestKind::Disconnect,
            _ => return None,
        };
        let id = self
            .pending
            .iter()
            .find(|(_, p)| p.kind == wanted)
            .map(|(id, _)| id.clone())?;
        self.take_pending(&id, out)
    }

    /// Forget every request in flight (their replies, if any, will be ignored).
    fn drop_all_pending(&mut self, out: &mut Vec<Action>) {
        for (_, p) in std::mem::take(&mut self.pending) {
            self.timers.remove(&p.timer);
            out.push(Action::CancelTimer(p.timer));
        }
        self.subs.forget_in_flight();
    }
}

/// "connect refused: 402::Unknown client" / "handshake refused by the server".
fn failure_reason(what: &str, reply: &Message) -> String {
    match &reply.error {
        Some(e) => format!("{what} refused: {e}"),
        None => format!("{what} refused by the server"),
    }
}
