use dialer_core::i18n::{Msg, Text};
use yew::prelude::*;

use super::use_locale;

#[derive(Properties, PartialEq)]
pub struct ErrorBannerProps {
    pub message: Text,
    pub on_dismiss: Callback<()>,
}

/// A problem in plain words. role="alert" so screen readers say it at once.
#[component]
pub fn ErrorBanner(props: &ErrorBannerProps) -> Html {
    let l = use_locale();
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="banner row" role="alert">
            <span class="grow">{ l.t(props.message.clone()) }</span>
            <button type="button" onclick={dismiss} aria-label={l.t(Msg::DismissMessage)}>{ l.t(Msg::Dismiss) }</button>
        </div>
    }
}
