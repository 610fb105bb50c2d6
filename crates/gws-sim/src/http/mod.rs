//! HTTP concerns shared by all GWS routes: authentication/session/CSRF, CORS, request
//! observation (counters + injected faults) and body parsing.

pub mod auth;
pub mod body;
pub mod cors;
pub mod observe;
