use std::rc::Rc;

use dialer_core::desk::{DialIntent, DialSource, DialTarget, Intent, Phase, View};
use yew::prelude::*;

use super::agent_bar::AgentBar;
use super::call_list::CallList;
use super::connection_indicator::connection_indicator;
use super::dial_field::DialField;
use super::error_banner::error_banner;
use super::login_form::LoginForm;
use super::offer_panel::OfferPanel;
use super::recent_calls::RecentCalls;
use crate::locale::Locale;
use crate::services::shell::Shell;
use dialer_core::i18n::Msg;

#[derive(Properties, Clone)]
pub struct WidgetProps {
    pub shell: Rc<Shell>,
}

impl PartialEq for WidgetProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.shell, &other.shell)
    }
}

/// The whole widget: renders the desk's view and sends the agent's intents, typed.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    let shell = props.shell.clone();
    let view = use_state(|| shell.view());
    {
        let setter = view.setter();
        let rendered = (*view).clone();
        use_effect_with(props.clone(), move |p| {
            let s = p.shell.clone();
            let id = s.subscribe(Rc::new({
                let setter = setter.clone();
                move |v: Rc<View>| setter.set(v)
            }));
            // Anything published before we subscribed (not the view just rendered again).
            let now = s.view();
            if !Rc::ptr_eq(&now, &rendered) {
                setter.set(now);
            }
            move || s.unsubscribe(id)
        });
    }
    let v: &View = &view;
    // The language is the shell's (it may change at run time: the view is published again).
    let l = shell.locale();

    let send = {
        let shell = shell.clone();
        Callback::from(move |intent: Intent| shell.send(intent))
    };
    let on_login =
        send.reform(|(user, password): (String, String)| Intent::SignIn { user, password });
    // Made once per shell, so that the call rows and the recent calls, whose props hold them,
    // are not rendered again unless their data changed (a notification is about one call).
    let (on_dial, on_action, on_wrap_up) = (*use_memo(props.clone(), |p| {
        let send = {
            let shell = p.shell.clone();
            Callback::from(move |intent: Intent| shell.send(intent))
        };
        (
            send.reform(|(raw, detail): (String, u32)| {
                Intent::Dial(DialIntent {
                    target: DialTarget::Number {
                        raw,
                        user_data: None,
                        location: None,
                    },
                    source: DialSource::Widget { detail },
                })
            }),
            send.reform(|(id, action)| Intent::Call {
                call_id: Some(id),
                action,
            }),
            send.reform(|(call_id, code): (String, Option<String>)| Intent::WrapUp {
                call_id,
                code,
            }),
        )
    }))
    .clone();
    let on_state = send.reform(Intent::AgentState);
    let on_choice = send.reform(|id: String| Intent::SetAgentState { id });
    // "Call again" dials as the widget's own Call button does.
    let on_redial = on_dial.clone();
    let on_offer = send.reform(|(id, choice)| Intent::Offer { id, choice });
    let on_logout = send.reform(|_| Intent::SignOut);
    let on_dismiss = send.reform(|_| Intent::Dismiss);

    let body = match &v.phase {
        Phase::Starting => html! { <p class="muted">{ l.t(Msg::CheckingSession) }</p> },
        Phase::SignedOut { busy } => html! { <LoginForm busy={*busy} on_login={on_login} /> },
        // Running durations (calls, the agent's state) tick on their own (`clock::Running`): a
        // tick renders those durations only.
        Phase::Active => html! {
            <>
                if let Some(agent) = &v.agent {
                    <AgentBar agent={agent.clone()} on_state={on_state} on_choice={on_choice}
                        on_logout={on_logout} />
                }
                if let Some(offer) = &v.offer {
                    <OfferPanel offer={offer.clone()} on_choose={on_offer} />
                }
                <DialField busy={v.dial_in_flight} on_dial={on_dial} />
                <div class="calls-slot">
                    <CallList calls={v.calls.clone()} on_action={on_action} />
                </div>
                <RecentCalls recent={v.recent.clone()} dispositions={v.dispositions.clone()}
                    on_redial={on_redial} on_wrap_up={on_wrap_up} />
            </>
        },
    };
    let heading = l.t(v.heading.clone());
    html! {
        <ContextProvider<Locale> context={l.clone()}>
        <section class="gws" aria-label={heading.clone()} lang={l.lang.tag()}>
            <div class="row head">
                <h2 class="grow">{ heading }</h2>
                { connection_indicator(&l, &v.connection) }
            </div>
            if let Some(message) = &v.error {
                { error_banner(&l, message, on_dismiss) }
            }
            <div class="sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer">
                { v.announcement.clone().map(|a| l.t(a)) }
            </div>
            { body }
        </section>
        </ContextProvider<Locale>>
    }
}
