//! What a driver exchanges with the [`Client`](super::Client): its configuration, the
//! [`Input`]s it feeds in and the [`Action`]s it must perform.

use serde_json::Value;

use super::backoff::Backoff;
use super::state::ConnectionState;
use crate::message::{Message, TransportKind};

/// Opaque timer handle; the driver maps it to its own timer and reports
/// `Input::TimerFired(id)` when it expires. Ids are never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimerId(pub u64);

#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    /// Transports in preference order (default: WebSocket, then long-polling).
    pub transports: Vec<TransportKind>,
    pub backoff: Backoff,
    /// Ask for the CometD ack extension (used only if the server's handshake agrees).
    pub ack_extension: bool,
    /// Extra time allowed for a reply on top of what the server may hold it (default 10 s).
    pub max_network_delay_ms: u64,
    /// `ext` of the handshake (e.g. auth data); should be a JSON object.
    pub handshake_ext: Option<Value>,
    /// Seed of the jitter PRNG (give each page load a different one in production).
    pub rng_seed: u64,
    /// After the WebSocket has worked, this many failures in a row without a
    /// successful connect over it switch to long-polling (default 3), until the next
    /// handshake, which tries the WebSocket first again. A WebSocket that fails before
    /// it ever worked is given up for good at its first failure.
    pub websocket_max_failures: u32,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            transports: vec![TransportKind::WebSocket, TransportKind::LongPolling],
            backoff: Backoff::default(),
            ack_extension: false,
            max_network_delay_ms: 10_000,
            handshake_ext: None,
            rng_seed: 0x5EED,
            websocket_max_failures: 3,
        }
    }
}

/// Events the driver reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Begin (or, after `Stopped`, begin again): open a transport and handshake.
    Start,
    /// Subscribe to a channel or trailing-wildcard pattern (sent now if a session is up,
    /// otherwise when it is; remembered across re-handshakes).
    Subscribe(String),
    Unsubscribe(String),
    /// Send `/meta/disconnect` (best effort) and stop for good.
    Disconnect,
    /// The transport asked for with `Action::OpenTransport` is ready.
    TransportOpened(TransportKind),
    /// The WebSocket failed to open, closed or dropped; or a long-polling request hit a
    /// network error. Every request in flight on it is considered lost.
    TransportFailed {
        transport: TransportKind,
        reason: String,
    },
    /// These requests failed without a Bayeux reply (e.g. a long-polling POST got a non-2xx).
    RequestFailed {
        message_ids: Vec<String>,
        reason: String,
    },
    /// A batch from the server (a WebSocket frame or a long-polling response body).
    Received(Vec<Message>),
    TimerFired(TimerId),
}

/// What the driver must do, in order.
// `Deliver(Message)` is the contract's shape; actions live only until the driver
// has performed them, so boxing the message would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Open this transport, then report `TransportOpened` or `TransportFailed`.
    /// Long-polling has nothing to open: reply `TransportOpened(LongPolling)` at once.
    OpenTransport(TransportKind),
    /// Close it (WebSocket) / abort outstanding requests (long-polling). Do not report a
    /// `TransportFailed` for a transport closed on request.
    CloseTransport(TransportKind),
    /// WebSocket: one text frame with the batch. Long-polling: one POST of the batch
    /// (see [`crate::url::long_polling_url`]); feed the response body back as `Received`,
    /// a non-2xx as `RequestFailed` with these messages' ids, a network error as
    /// `TransportFailed`.
    Send {
        transport: TransportKind,
        messages: Vec<Message>,
    },
    SetTimer {
        id: TimerId,
        delay_ms: u64,
    },
    CancelTimer(TimerId),
    /// A data message for the application.
    Deliver(Message),
    StateChanged(ConnectionState),
    /// A subscribe/unsubscribe reply (or its failure).
    SubscriptionChanged {
        channel: String,
        subscribed: bool,
        error: Option<String>,
    },
}
