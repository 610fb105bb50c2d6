use dialer_core::i18n::{Msg, Text};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::use_locale;

/// What the panel passes a call on to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    Transfer,
    Conference,
}

#[derive(Properties, PartialEq)]
pub struct TransferPanelProps {
    pub pass: Pass,
    /// The other party of the call, for accessible names.
    pub party: AttrValue,
    /// Single-step and consult forms the call allows.
    pub single_step: bool,
    pub consult: bool,
    pub disabled: bool,
    /// (destination, consult first)
    pub on_send: Callback<(String, bool)>,
}

/// Choose where to pass a call: type a number, then pass it at once or consult first.
#[component]
pub fn TransferPanel(props: &TransferPanelProps) -> Html {
    let l = use_locale();
    let input = use_node_ref();
    let (field, now, first) = match props.pass {
        Pass::Transfer => (Msg::TransferTo, Msg::TransferNow, Msg::ConsultThenTransfer),
        Pass::Conference => (Msg::AddToCall, Msg::AddNow, Msg::ConsultThenAdd),
    };
    let send = |consult: bool| {
        let (input, on_send) = (input.clone(), props.on_send.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let number = el.value();
                if !number.trim().is_empty() {
                    on_send.emit((number, consult));
                }
            }
        })
    };
    let label = l.t(Text::new(
        Msg::PassFor,
        vec![field.into(), props.party.as_str().into()],
    ));
    let (now_click, first_click) = (send(false), send(true));
    html! {
        <div class="row transfer" role="group" aria-label={label.clone()}>
            <input class="grow" ref={input.clone()} type="tel" inputmode="tel" aria-label={label}
                placeholder={l.t(Msg::Number)} autocomplete="off" />
            if props.single_step {
                <button type="button" class="primary" disabled={props.disabled}
                    onclick={now_click}>{ l.t(now) }</button>
            }
            if props.consult {
                <button type="button" disabled={props.disabled} onclick={first_click}>{ l.t(first) }</button>
            }
        </div>
    }
}
