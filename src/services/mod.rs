//! IO adapters: HTTP (fetch), CometD (WebSocket / long-polling), the session controller that
//! drives them, and the DOM events it emits.

pub mod cometd_driver;
pub mod events;
pub mod gws_http;
pub mod session;
pub mod transport;
pub mod view;
