use yew::prelude::*;

use dialer_core::desk::{CallAction, CallRow};

use super::call_row::CallRowView;

#[derive(Properties, PartialEq)]
pub struct CallListProps {
    pub calls: Vec<CallRow>,
    pub now_ms: u64,
    pub on_action: Callback<(String, CallAction)>,
}

#[component]
pub fn CallList(props: &CallListProps) -> Html {
    if props.calls.is_empty() {
        return html! { <p class="muted" data-testid="no-calls">{ "No calls." }</p> };
    }
    html! {
        <ul class="calls" aria-label="Calls">
            { for props.calls.iter().map(|call| html! {
                <CallRowView key={call.id.clone()} call={call.clone()} now_ms={props.now_ms}
                    on_action={props.on_action.clone()} />
            }) }
        </ul>
    }
}
