use dialer_core::desk::{OfferChoice, OfferRow};
use yew::prelude::*;

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
    let o = &props.offer;
    let choose = |choice: OfferChoice| {
        let (on, id) = (props.on_choose.clone(), o.id);
        Callback::from(move |e: MouseEvent| {
            if e.detail() <= 1 {
                on.emit((id, choice));
            }
        })
    };
    let n = &o.number;
    html! {
        <div class="notice offer" role="group" aria-label={format!("{n}, clicked during the call with {}", o.party)}>
            <p>{ format!("{n}: during the call with {}", o.party) }</p>
            <div class="row">
                if o.transfer {
                    <button type="button" class="primary" onclick={choose(OfferChoice::Transfer)}>
                        { format!("Transfer to {n}") }</button>
                }
                if o.conference {
                    <button type="button" onclick={choose(OfferChoice::Conference)}>
                        { format!("Add {n} to the call") }</button>
                }
                if o.call {
                    <button type="button" onclick={choose(OfferChoice::Call)}>{ format!("Call {n}") }</button>
                }
                <button type="button" onclick={choose(OfferChoice::Cancel)}>{ "Cancel" }</button>
            </div>
        </div>
    }
}
