use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorBannerProps {
    pub message: AttrValue,
    pub on_dismiss: Callback<()>,
}

/// A problem in plain words. role="alert" so screen readers say it at once.
#[component]
pub fn ErrorBanner(props: &ErrorBannerProps) -> Html {
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="banner row" role="alert">
            <span class="grow">{ props.message.clone() }</span>
            <button type="button" onclick={dismiss} aria-label="Dismiss message">{ "Dismiss" }</button>
        </div>
    }
}
