use dialer_core::agent::AgentAction;
use dialer_core::desk::AgentRow;
use dialer_core::i18n::Msg;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::clock::Running;
use super::use_locale;

#[derive(Properties, PartialEq)]
pub struct AgentBarProps {
    pub agent: AgentRow,
    pub on_state: Callback<AgentAction>,
    /// One of the server's agent states, by id.
    pub on_choice: Callback<String>,
    pub on_logout: Callback<()>,
}

/// Who is signed in, their agent state, the state changes GWS allows now, and Sign out.
#[component]
pub fn AgentBar(props: &AgentBarProps) -> Html {
    #[cfg(debug_assertions)]
    super::render_count::count("AgentBar");
    let l = use_locale();
    let a = &props.agent;
    let toggles = a.actions.iter().map(|action| {
        let (class, text) = match action {
            AgentAction::Ready => ("primary", l.t(action.label())),
            _ => ("", l.t(action.label())),
        };
        let action = *action;
        // While a change is sent the buttons keep their words, disabled and marked busy.
        html! { <button type="button" class={class} disabled={a.busy} aria-busy={a.busy.then_some("true")}
        onclick={props.on_state.reform(move |_: MouseEvent| action)}>{ text }</button> }
    });
    // The server's states (Not Ready reasons, After Call Work, custom states) in one list. It
    // is there from sign-in on, disabled until the server's states arrive (their request
    // answers after sign-in) and while a state change is sent: the row keeps its place, so
    // nothing moves under the agent's pointer when they come.
    let choose = props
        .on_choice
        .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    let choices = html! {
        <select class="agent-choice" aria-label={l.t(Msg::ChangeStatus)}
            disabled={a.busy || a.choices.is_empty()} onchange={choose}>
            // With none from the server (none listed, or the request failed) it says so.
            <option value="" selected=true disabled={a.no_choices}>
                { l.t(if a.no_choices { Msg::NoStatuses } else { Msg::ChooseStatus }) }
            </option>
            { for a.choices.iter().map(|c| html! { <option value={c.id.clone()}>{ l.t(c.label.clone()) }</option> }) }
        </select>
    };
    // The actions are two lines in the panel layout, whatever has arrived: Ready / Not Ready
    // (the line kept when there are none), then the server's states and Sign out (styles.css:
    // .agent-toggles, .agent-choice). In the bar layout they are one column of a popover opened
    // by the "More" button, which the panel layout hides.
    html! {
        <div class="agent">
            <div class="who">
                <div class="who-name">{ a.name.clone() }<span class="muted">{ format!(" · {}", a.number) }</span></div>
                <div><span class="who-label">{ l.t(Msg::StatusLabel) }</span><span class="state" data-testid="agent-state">{ l.t(a.state.clone()) }</span>
                    <Running since_ms={a.since_ms} class="muted" label={Msg::ForDuration} prefix=" · " /></div>
            </div>
            <button type="button" class="more" popovertarget="gws-agent-actions">{ l.t(Msg::More) }</button>
            <div class="row agent-actions" id="gws-agent-actions" popover="auto">
                <div class="row agent-toggles">{ for toggles }</div>
                { choices }
                <button type="button" disabled={a.busy}
                    onclick={props.on_logout.reform(|_: MouseEvent| ())}>{ l.t(Msg::SignOut) }</button>
            </div>
        </div>
    }
}
