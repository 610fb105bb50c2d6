//! CometD (Bayeux 1.0) server at `/api/v2/notifications`: long-polling and WebSocket share one
//! hub of clients; each agent's notifications reach only that agent's clients.

pub mod long_polling;
mod registry;
pub mod server;
pub mod session;
pub mod websocket;

pub use server::Hub;
