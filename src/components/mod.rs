//! Yew components, one per file. They render the desk's `View` (its messages in the agent's
//! language, from the [`use_locale`] context) and report what the agent asked for through
//! typed callbacks; the shell does the talking to GWS.

pub mod agent_bar;
pub mod call_list;
pub mod call_row;
pub mod clock;
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

/// How often components rendered, for the widget's tests (debug builds only: nothing of it
/// ships). `count` is called at the top of a component; the tests read `renders`.
#[cfg(debug_assertions)]
pub mod render_count {
    use std::cell::RefCell;

    thread_local! {
        static COUNTS: RefCell<Vec<(&'static str, u32)>> = const { RefCell::new(Vec::new()) };
    }

    pub fn count(component: &'static str) {
        COUNTS.with(|c| {
            let mut c = c.borrow_mut();
            match c.iter_mut().find(|(name, _)| *name == component) {
                Some((_, n)) => *n += 1,
                None => c.push((component, 1)),
            }
        })
    }

    /// Renders of `component` so far in this page.
    pub fn renders(component: &str) -> u32 {
        COUNTS.with(|c| {
            c.borrow()
                .iter()
                .find(|(name, _)| *name == component)
                .map_or(0, |(_, n)| *n)
        })
    }
}
