//! GWS resources as returned by GET and embedded in notifications (same format in both places).

mod call;
mod device;
mod user;

pub use call::{Call, CallState, Participant, ParticipantInfo};
pub use device::{AgentState, Device, UserState};
pub use user::User;

/// Attached data: arbitrary JSON values, including nested objects (WWE puts `WWE_PARTY_*` objects here).
pub type UserData = serde_json::Map<String, serde_json::Value>;
