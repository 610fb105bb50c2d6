use yew::prelude::*;

use crate::locale::Locale;
use dialer_core::desk::{ConnectionRow, Level};

/// Small coloured dot plus words; in a polite live region so changes are announced. A view
/// function rendered with the widget (which renders when the view changes), not a component
/// of its own: each Yew component type costs about 0.7 KB gzip of generic code.
pub fn connection_indicator(l: &Locale, connection: &ConnectionRow) -> Html {
    let class = match connection.level {
        Level::Ok => "conn ok",
        Level::Warn => "conn warn",
        Level::Bad => "conn bad",
        Level::Off => "conn muted",
    };
    html! {
        <span class={class} role="status" aria-live="polite" data-testid="connection">
            { l.t(connection.text.clone()) }
        </span>
    }
}
