use dialer_core::agent::AgentAction;
use dialer_core::desk::AgentRow;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AgentBarProps {
    pub agent: AgentRow,
    pub on_state: Callback<AgentAction>,
    pub on_logout: Callback<()>,
}

/// Who is signed in, their agent state, the state changes GWS allows now, and Sign out.
#[component]
pub fn AgentBar(props: &AgentBarProps) -> Html {
    let a = &props.agent;
    let toggles = a.actions.iter().map(|action| {
        let (class, text) = match action {
            AgentAction::Ready => ("primary", "Ready"),
            AgentAction::NotReady => ("", "Not Ready"),
            AgentAction::AfterCallWork => ("", "After Call Work"),
        };
        let action = *action;
        html! { <button type="button" class={class} disabled={a.busy}
        onclick={props.on_state.reform(move |_: MouseEvent| action)}>{ text }</button> }
    });
    // The actions are a plain row in the panel layout; in the bar layout (styles.css) they are
    // a popover opened by the "More" button, which the panel layout hides.
    html! {
        <div class="agent">
            <div class="who">
                <div class="who-name">{ a.name.clone() }<span class="muted">{ format!(" · {}", a.number) }</span></div>
                <div><span class="who-label">{ "Status: " }</span><span class="state" data-testid="agent-state">{ a.state.clone() }</span></div>
            </div>
            <button type="button" class="more" popovertarget="gws-agent-actions">{ "More" }</button>
            <div class="row agent-actions" id="gws-agent-actions" popover="auto">
                { for toggles }
                <button type="button" disabled={a.busy}
                    onclick={props.on_logout.reform(|_: MouseEvent| ())}>{ "Sign out" }</button>
            </div>
        </div>
    }
}
