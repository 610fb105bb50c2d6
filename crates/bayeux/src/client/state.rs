//! What the UI shows about the CometD connection.

use crate::message::TransportKind;

/// Connection state reported through `Action::StateChanged` (only on real changes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionState {
    /// Not started yet.
    Disconnected,
    /// Opening the transport, handshaking or waiting for the first `/meta/connect` reply.
    Connecting { transport: TransportKind },
    /// A `/meta/connect` succeeded: notifications flow.
    Connected { transport: TransportKind },
    /// Something failed; the next attempt (number `attempt`) starts in `delay_ms`.
    Reconnecting {
        attempt: u32,
        delay_ms: u64,
        reason: String,
    },
    /// Final: the server advised `reconnect: none`, the application disconnected, or no
    /// transport can work. Only a new `Input::Start` leaves this state.
    Stopped { reason: String },
}

impl ConnectionState {
    pub fn is_connected(&self) -> bool {
        matches!(self, ConnectionState::Connected { .. })
    }
}
