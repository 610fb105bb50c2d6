//! Durations on screen (a call's, the agent's state's). One that stopped is rendered with its
//! row; a running one is a [`Running`] component with its own once-a-second timer, so a tick
//! renders that duration and nothing else (no call row, no agent bar: their props hold no
//! time). What a duration shows is the desk's [`elapsed_s`].

use dialer_core::desk::view::elapsed_s;
use dialer_core::i18n::{Msg, Text};
use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::use_locale;
use crate::locale::Locale;

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A duration as text ("1:05", after `prefix`), named in words for screen readers by `label`.
pub fn duration(l: &Locale, class: &'static str, label: Msg, prefix: &str, seconds: u64) -> Html {
    let words = Text::new(label, vec![l.duration_words(seconds).into()]);
    html! {
        <span class={class} aria-label={l.t(words)}>{ format!("{prefix}{}", l.clock(seconds)) }</span>
    }
}

#[derive(Properties, PartialEq)]
pub struct RunningProps {
    pub since_ms: u64,
    pub class: &'static str,
    /// The accessible name, with the duration in words as its argument.
    pub label: Msg,
    /// Shown before the clock text (" · ").
    #[prop_or_default]
    pub prefix: &'static str,
}

/// A running duration: ticks once a second while it is on screen.
#[component]
pub fn Running(props: &RunningProps) -> Html {
    let l = use_locale();
    let now = use_state(now_ms);
    {
        let setter = now.setter();
        use_effect_with((), move |_| {
            let tick = Interval::new(1000, move || setter.set(now_ms()));
            move || drop(tick)
        });
    }
    let seconds = elapsed_s(props.since_ms, None, *now);
    duration(&l, props.class, props.label, props.prefix, seconds)
}
