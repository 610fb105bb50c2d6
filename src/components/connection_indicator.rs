use super::use_locale;
use yew::prelude::*;

use dialer_core::desk::{ConnectionRow, Level};

#[derive(Properties, PartialEq)]
pub struct ConnectionIndicatorProps {
    pub connection: ConnectionRow,
}

/// Small coloured dot plus words; in a polite live region so changes are announced.
#[component]
pub fn ConnectionIndicator(props: &ConnectionIndicatorProps) -> Html {
    let l = use_locale();
    let class = match props.connection.level {
        Level::Ok => "conn ok",
        Level::Warn => "conn warn",
        Level::Bad => "conn bad",
        Level::Off => "conn muted",
    };
    html! {
        <span class={class} role="status" aria-live="polite" data-testid="connection">
            { l.t(props.connection.text.clone()) }
        </span>
    }
}
