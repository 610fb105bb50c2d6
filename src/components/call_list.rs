use dialer_core::i18n::Msg;
use yew::prelude::*;

use super::use_locale;

use dialer_core::desk::{CallAction, CallRow};

use super::call_row::CallRowView;

#[derive(Properties, PartialEq)]
pub struct CallListProps {
    pub calls: Vec<CallRow>,
    pub on_action: Callback<(String, CallAction)>,
}

#[component]
pub fn CallList(props: &CallListProps) -> Html {
    let l = use_locale();
    if props.calls.is_empty() {
        return html! { <p class="muted" data-testid="no-calls">{ l.t(Msg::NoCalls) }</p> };
    }
    html! {
        <ul class="calls" aria-label={l.t(Msg::Calls)}>
            { for props.calls.iter().map(|call| html! {
                <CallRowView key={call.id.clone()} call={call.clone()}
                    on_action={props.on_action.clone()} />
            }) }
        </ul>
    }
}
