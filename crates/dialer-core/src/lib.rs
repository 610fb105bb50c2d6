//! Pure logic of the GWS click-to-dial widget, free of any browser API so it runs in `cargo test`:
//! number rules, the one-click-one-Dial guard, the call store fed by CometD notifications,
//! capability → control mapping, and plain-language error wording.

pub mod agent;
pub mod controls;
pub mod desk;
pub mod dial_guard;
pub mod errors;
pub mod i18n;
pub mod numbers;
pub mod pattern;
pub mod store;
pub mod tabs;
