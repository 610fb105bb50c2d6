use dialer_core::agent::AgentAction;
use dialer_core::desk::AgentRow;
use dialer_core::desk::view::format_duration;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AgentBarProps {
    pub agent: AgentRow,
    pub on_state: Callback<AgentAction>,
    /// One of the server's agent states, by id.
    pub on_choice: Callback<String>,
    pub on_logout: Callback<()>,
    pub now_ms: u64,
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
    // The server's states (Not Ready reasons, After Call Work, custom states) in one list.
    let choose = props
        .on_choice
        .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    let choices = (!a.choices.is_empty()).then(|| html! {
        <select aria-label="Change status" disabled={a.busy} onchange={choose}>
            <option value="" selected=true>{ "Change status…" }</option>
            { for a.choices.iter().map(|c| html! { <option value={c.id.clone()}>{ c.label.clone() }</option> }) }
        </select>
    });
    let since = format_duration(props.now_ms.saturating_sub(a.since_ms) / 1000);
    // The actions are a plain row in the panel layout; in the bar layout (styles.css) they are
    // a popover opened by the "More" button, which the panel layout hides.
    html! {
        <div class="agent">
            <div class="who">
                <div class="who-name">{ a.name.clone() }<span class="muted">{ format!(" · {}", a.number) }</span></div>
                <div><span class="who-label">{ "Status: " }</span><span class="state" data-testid="agent-state">{ a.state.clone() }</span>
                    <span class="muted" aria-label={format!("for {since}")}>{ format!(" · {since}") }</span></div>
            </div>
            <button type="button" class="more" popovertarget="gws-agent-actions">{ "More" }</button>
            <div class="row agent-actions" id="gws-agent-actions" popover="auto">
                { for toggles }
                { for choices }
                <button type="button" disabled={a.busy}
                    onclick={props.on_logout.reform(|_: MouseEvent| ())}>{ "Sign out" }</button>
            </div>
        </div>
    }
}
