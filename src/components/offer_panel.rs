use dialer_core::desk::view::party_arg;
use dialer_core::desk::{OfferChoice, OfferRow};
use dialer_core::i18n::{Msg, Text};
use yew::prelude::*;

use super::use_locale;

#[derive(Properties, PartialEq)]
pub struct OfferPanelProps {
    pub offer: OfferRow,
    /// (offer id, what the agent chose)
    pub on_choose: Callback<(u64, OfferChoice)>,
}

/// A number clicked on the page while a call is live: call it, transfer the call to it, add it
/// to the call, or cancel. The second click of a double-click chooses nothing.
#[component]
pub fn OfferPanel(props: &OfferPanelProps) -> Html {
    let l = use_locale();
    let o = &props.offer;
    let choose = |choice: OfferChoice| {
        let (on, id) = (props.on_choose.clone(), o.id);
        Callback::from(move |e: MouseEvent| {
            if e.detail() <= 1 {
                on.emit((id, choice));
            }
        })
    };
    let n = l.t(o.number.clone());
    let question = l.t(Text::new(
        Msg::OfferQuestion,
        vec![n.as_str().into(), party_arg(o.party.as_deref())],
    ));
    let with = |msg: Msg| l.t(Text::new(msg, vec![n.as_str().into()]));
    html! {
        <div class="notice offer" role="group" aria-label={question.clone()}>
            <p>{ question }</p>
            <div class="row">
                if o.transfer {
                    <button type="button" class="primary" onclick={choose(OfferChoice::Transfer)}>
                        { with(Msg::OfferTransferTo) }</button>
                }
                if o.conference {
                    <button type="button" onclick={choose(OfferChoice::Conference)}>
                        { with(Msg::OfferAddTo) }</button>
                }
                if o.call {
                    <button type="button" onclick={choose(OfferChoice::Call)}>{ with(Msg::OfferCall) }</button>
                }
                <button type="button" onclick={choose(OfferChoice::Cancel)}>{ l.t(Msg::Cancel) }</button>
            </div>
        </div>
    }
}
