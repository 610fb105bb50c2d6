use dialer_core::i18n::{Msg, Text};
use yew::prelude::*;

use crate::locale::Locale;

/// A problem in plain words. role="alert" so screen readers say it at once. A view function
/// rendered with the widget, like [`super::connection_indicator::connection_indicator`].
pub fn error_banner(l: &Locale, message: &Text, on_dismiss: Callback<()>) -> Html {
    let dismiss = on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="banner row" role="alert">
            <span class="grow">{ l.t(message.clone()) }</span>
            <button type="button" onclick={dismiss} aria-label={l.t(Msg::DismissMessage)}>{ l.t(Msg::Dismiss) }</button>
        </div>
    }
}
