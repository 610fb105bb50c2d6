//! Yew components, one per file. They render the desk's `View` (its messages in the agent's
//! language, from the [`use_locale`] context) and report what the agent asked for through
//! typed callbacks; the shell does the talking to GWS.

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
mod styles;
pub mod transfer_panel;
pub mod user_data_editor;
pub mod widget;

/// The agent's language, which the widget provides to every component as a context.
#[yew::hook]
pub fn use_locale() -> crate::locale::Locale {
    yew::use_context::<crate::locale::Locale>()
        .unwrap_or_else(|| crate::locale::Locale::new(dialer_core::i18n::Lang::En))
}

pub use styles::STYLES;
