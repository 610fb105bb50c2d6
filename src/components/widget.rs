use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::agent_bar::AgentBar;
use super::call_list::CallList;
use super::connection_indicator::ConnectionIndicator;
use super::dial_field::DialField;
use super::error_banner::ErrorBanner;
use super::login_form::LoginForm;
use crate::dom::targets::DialIntent;
use crate::services::session::Controller;
use crate::state::{CallCommand, Phase, ViewState};

#[derive(Properties, Clone)]
pub struct WidgetProps {
    pub controller: Rc<Controller>,
}

impl PartialEq for WidgetProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.controller, &other.controller)
    }
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The whole widget: renders the controller's snapshots and forwards the agent's actions.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    let controller = props.controller.clone();
    let view = use_state(|| controller.view());
    {
        let setter = view.setter();
        use_effect_with(props.clone(), move |p| {
            let c = p.controller.clone();
            let id = c.subscribe(Rc::new({
                let setter = setter.clone();
                move |v: ViewState| setter.set(v)
            }));
            setter.set(c.view()); // anything published before we subscribed
            move || c.unsubscribe(id)
        });
    }
    // Running call durations tick once a second.
    let now = use_state(now_ms);
    {
        let setter = now.setter();
        use_effect_with((), move |_| {
            let tick = Interval::new(1000, move || setter.set(now_ms()));
            move || drop(tick)
        });
    }

    let c = controller.clone();
    let on_login = Callback::from(move |(user, password): (String, String)| {
        c.spawn(move |c| async move { c.login(user, password).await });
    });
    let c = controller.clone();
    let on_dial = Callback::from(move |raw: String| {
        c.spawn(move |c| async move {
            c.dial(DialIntent::Number {
                raw,
                user_data: None,
                location: None,
            })
            .await
        });
    });
    let c = controller.clone();
    let on_command = Callback::from(move |(id, cmd): (String, CallCommand)| {
        c.spawn(move |c| async move { c.call_command(id, cmd).await });
    });
    let c = controller.clone();
    let on_ready = Callback::from(move |_| c.spawn(|c| async move { c.set_ready(true).await }));
    let c = controller.clone();
    let on_not_ready =
        Callback::from(move |_| c.spawn(|c| async move { c.set_ready(false).await }));
    let c = controller.clone();
    let on_logout = Callback::from(move |_| c.spawn(|c| async move { c.logout().await }));
    let c = controller.clone();
    let on_dismiss = Callback::from(move |_| c.dismiss_error());

    let v = &*view;
    let body = match &v.phase {
        Phase::Starting => html! { <p class="muted">{ "Checking your phone session…" }</p> },
        Phase::SignedOut { busy } => html! { <LoginForm busy={*busy} on_login={on_login} /> },
        Phase::Active => html! {
            <>
                if let Some(agent) = &v.agent {
                    <AgentBar agent={agent.clone()} on_ready={on_ready}
                        on_not_ready={on_not_ready} on_logout={on_logout} />
                }
                <DialField busy={v.dial_in_flight} on_dial={on_dial} />
                <CallList calls={v.calls.clone()} now_ms={*now} pending={v.pending.clone()}
                    on_command={on_command} />
            </>
        },
    };
    html! {
        <section class="gws" aria-label={v.heading.clone()}>
            <div class="row">
                <h2 class="grow">{ v.heading.clone() }</h2>
                <ConnectionIndicator connection={v.connection.clone()} />
            </div>
            if let Some(message) = &v.error {
                <ErrorBanner message={AttrValue::from(message.clone())} on_dismiss={on_dismiss} />
            }
            if let Some(notice) = &v.notice {
                <div class="notice" role="status">{ notice.clone() }</div>
            }
            <div class="sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer">
                { v.announcement.clone() }
            </div>
            { body }
        </section>
    }
}
