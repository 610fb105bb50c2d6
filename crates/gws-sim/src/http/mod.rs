//! HTTP concerns shared by all GWS routes: authentication/session/CSRF, CORS, request
//! observation (counters + injected faults), body parsing, extractors with GWS rejections,
//! the GWS error shape for everything else, and who may use the admin API.

pub mod admin_guard;
pub mod auth;
pub mod body;
pub mod cors;
pub mod extract;
pub mod observe;
pub mod shape;
