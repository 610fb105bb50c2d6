//! Yew components, one per file. They render a `ViewState` snapshot and report what the agent
//! asked for through callbacks; the session controller does the talking to GWS.

pub mod agent_bar;
pub mod call_list;
pub mod call_row;
pub mod connection_indicator;
pub mod dial_field;
pub mod dtmf_keypad;
pub mod error_banner;
pub mod login_form;
pub mod offer_panel;
pub mod recent_calls;
pub mod transfer_panel;
pub mod user_data_editor;
pub mod widget;

/// The widget's stylesheet, injected into its shadow root.
pub const STYLES: &str = include_str!("styles.css");
