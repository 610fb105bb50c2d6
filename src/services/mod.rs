//! The browser shell around `dialer_core::desk`: `shell` executes the desk's outputs (fetch,
//! WebSocket, one timer, DOM events, promise answers) and feeds results back; `transport` is
//! the one HTTP seam (fetch, or a fake in tests); `tabs` is the channel to the other tabs and
//! the leadership lock (one connection per browser).

pub mod shell;
pub mod tabs;
pub mod transport;
