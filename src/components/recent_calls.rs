use dialer_core::desk::Direction;
use dialer_core::desk::view::RecentRow;
use dialer_core::i18n::{Msg, Text};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::use_locale;

#[derive(Properties, PartialEq)]
pub struct RecentCallsProps {
    pub recent: Vec<RecentRow>,
    pub dispositions: Vec<(String, String)>,
    /// Dial the number again.
    pub on_redial: Callback<(String, u32)>,
    /// (call id, disposition code, or None to skip)
    pub on_wrap_up: Callback<(String, Option<String>)>,
}

/// Ended calls, newest first: what happened, how long, the disposition, and call back. Calls
/// waiting for a disposition (wrap-up) offer the server's dispositions.
#[component]
pub fn RecentCalls(props: &RecentCallsProps) -> Html {
    let l = use_locale();
    if props.recent.is_empty() {
        return Html::default();
    }
    let rows = props.recent.iter().map(|r| {
        let direction = match r.direction {
            Direction::Inbound => Msg::DirIncoming,
            Direction::Outbound => Msg::DirOutgoing,
            Direction::Internal => Msg::DirInternal,
        };
        let outcome = match (r.connected, r.direction) {
            (true, _) => Msg::OutcomeAnswered,
            (false, Direction::Inbound) => Msg::OutcomeMissed,
            (false, _) => Msg::OutcomeNotAnswered,
        };
        let duration = l.clock(r.ended_ms.saturating_sub(r.started_ms) / 1000);
        let with = |msg: Msg| l.t(Text::new(msg, vec![r.number.as_str().into()]));
        let redial = {
            let (number, on) = (r.number.clone(), props.on_redial.clone());
            Callback::from(move |e: MouseEvent| on.emit((number.clone(), e.detail().max(0) as u32)))
        };
        let wrap_up = r.wrap_up.then(|| {
            let choose = {
                let (id, on) = (r.call_id.clone(), props.on_wrap_up.clone());
                Callback::from(move |e: Event| {
                    let code = e.target_unchecked_into::<HtmlSelectElement>().value();
                    if !code.is_empty() {
                        on.emit((id.clone(), Some(code)));
                    }
                })
            };
            let skip = {
                let (id, on) = (r.call_id.clone(), props.on_wrap_up.clone());
                Callback::from(move |_: MouseEvent| on.emit((id.clone(), None)))
            };
            html! {
                <div class="row wrapup">
                    <select aria-label={with(Msg::DispositionFor)} onchange={choose}>
                        <option value="" selected=true>{ l.t(Msg::ChooseDisposition) }</option>
                        { for props.dispositions.iter().map(|(code, label)| html! {
                            <option value={code.clone()}>{ label.clone() }</option>
                        }) }
                    </select>
                    <button type="button" aria-label={with(Msg::SkipDispositionFor)}
                        onclick={skip}>{ l.t(Msg::Skip) }</button>
                </div>
            }
        });
        html! {
            <li key={r.call_id.clone()} data-recent-id={r.call_id.clone()}>
                <div class="row">
                    <span class="grow">
                        <span class="party">{ r.number.clone() }</span>
                        <span class="muted">{ " · " }{ l.t(Text::new(
                            Msg::RecentSummary,
                            vec![direction.into(), outcome.into(), duration.as_str().into()],
                        )) }</span>
                        if let Some(d) = &r.disposition {
                            <span class="muted" data-testid="disposition">{ " · " }{ l.t(Text::new(Msg::DispositionChosen, vec![d.as_str().into()])) }</span>
                        }
                    </span>
                    if !r.number.is_empty() {
                        <button type="button" aria-label={with(Msg::CallAgainFor)}
                            onclick={redial}>{ l.t(Msg::CallAgain) }</button>
                    }
                </div>
                { for wrap_up }
            </li>
        }
    });
    html! {
        <section class="recent" aria-label={l.t(Msg::RecentCalls)}>
            <h3>{ l.t(Msg::RecentCalls) }</h3>
            <ul>{ for rows }</ul>
        </section>
    }
}
