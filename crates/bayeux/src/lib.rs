//! Bayeux 1.0 / CometD for the GWS click-to-dial widget and the GWS simulator:
//! message types (serde only) and a sans-IO client state machine (no timers,
//! sockets or clocks inside; the driver feeds [`client::Input`]s and performs
//! the returned [`client::Action`]s).

pub mod advice;
pub mod channel;
pub mod error;
pub mod message;
pub mod url;

pub use advice::{Advice, Reconnect};
pub use channel::{ChannelPattern, channel_matches};
pub use error::BayeuxError;
pub use message::{
    BAYEUX_VERSION, META_CONNECT, META_DISCONNECT, META_HANDSHAKE, META_SUBSCRIBE,
    META_UNSUBSCRIBE, Message, Subscription, TransportKind, parse_batch, parse_batch_value,
    to_batch_json,
};

pub mod client;

pub use client::{Action, Backoff, Client, ClientConfig, ConnectionState, Input, TimerId};
