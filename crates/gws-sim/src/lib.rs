//! GWS 8.5 (API v2) simulator: REST with GWS auth/CSRF/CORS, CometD over WebSocket and
//! long-polling, a scripted call engine, outbound preview, and an admin API for tests.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sim = gws_sim::Simulator::start(gws_sim::SimConfig::default()).await?;
//! println!("GWS at {}", sim.base_url());
//! # Ok(()) }
//! ```

pub mod allocator;
pub mod cli;
pub mod cometd;
pub mod config;
pub mod engine;
pub mod error;
pub mod fasthash;
pub mod faults;
pub mod http;
pub mod json;
pub mod notify;
pub mod routes;
pub mod server;
pub mod state;

pub use config::SimConfig;
pub use server::{SimHandle, Simulator, StartOptions};
