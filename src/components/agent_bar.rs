use yew::prelude::*;

use crate::state::AgentView;

#[derive(Properties, PartialEq)]
pub struct AgentBarProps {
    pub agent: AgentView,
    pub on_ready: Callback<()>,
    pub on_not_ready: Callback<()>,
    pub on_logout: Callback<()>,
}

/// Who is signed in, their agent state, and the Ready / Not Ready / Sign out buttons.
#[component]
pub fn AgentBar(props: &AgentBarProps) -> Html {
    let a = &props.agent;
    let toggle = if a.ready {
        html! { <button type="button" disabled={a.busy}
        onclick={props.on_not_ready.reform(|_: MouseEvent| ())}>{ "Not Ready" }</button> }
    } else {
        html! { <button type="button" class="primary" disabled={a.busy}
        onclick={props.on_ready.reform(|_: MouseEvent| ())}>{ "Ready" }</button> }
    };
    html! {
        <div class="agent">
            <div>
                <div>{ a.name.clone() }<span class="muted">{ format!(" · {}", a.number) }</span></div>
                <div>{ "Status: " }<span class="state" data-testid="agent-state">{ a.state.clone() }</span></div>
            </div>
            <div class="row">
                { toggle }
                <button type="button" disabled={a.busy}
                    onclick={props.on_logout.reform(|_: MouseEvent| ())}>{ "Sign out" }</button>
            </div>
        </div>
    }
}
