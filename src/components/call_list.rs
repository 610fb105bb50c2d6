use yew::prelude::*;

use super::call_row::CallRowView;
use crate::state::{CallCommand, CallRow};

#[derive(Properties, PartialEq)]
pub struct CallListProps {
    pub calls: Vec<CallRow>,
    pub now_ms: u64,
    pub pending: Vec<(String, String)>,
    pub on_command: Callback<(String, CallCommand)>,
}

#[component]
pub fn CallList(props: &CallListProps) -> Html {
    if props.calls.is_empty() {
        return html! { <p class="muted" data-testid="no-calls">{ "No calls." }</p> };
    }
    html! {
        <ul class="calls" aria-label="Calls">
            { for props.calls.iter().map(|call| {
                let pending: Vec<String> = props.pending.iter()
                    .filter(|(id, _)| *id == call.id).map(|(_, op)| op.clone()).collect();
                html! {
                    <CallRowView key={call.id.clone()} call={call.clone()} now_ms={props.now_ms}
                        pending={pending} on_command={props.on_command.clone()} />
                }
            }) }
        </ul>
    }
}
