use dialer_core::i18n::Msg;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::use_locale;

#[derive(Properties, PartialEq)]
pub struct DialFieldProps {
    /// A Dial is in flight: the button is disabled so one click = one Dial.
    pub busy: bool,
    /// The number typed, and the click count of the button press (0 for Enter).
    pub on_dial: Callback<(String, u32)>,
}

/// Type a number and press Enter (or the Call button).
#[component]
pub fn DialField(props: &DialFieldProps) -> Html {
    let l = use_locale();
    let input = use_node_ref();
    // The click count of the last press of the Call button (a submit event has none).
    let clicks = use_mut_ref(|| 0u32);
    let onclick = {
        let clicks = clicks.clone();
        Callback::from(move |e: MouseEvent| *clicks.borrow_mut() = e.detail().max(0) as u32)
    };
    let onsubmit = {
        let (input, on_dial, busy) = (input.clone(), props.on_dial.clone(), props.busy);
        let clicks = clicks.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if busy {
                return;
            }
            // A submit from the second click of a double-click on the button is that click's.
            let detail = std::mem::take(&mut *clicks.borrow_mut());
            if let Some(el) = input.cast::<HtmlInputElement>() {
                on_dial.emit((el.value(), detail));
            }
        })
    };
    html! {
        <form class="row dial" onsubmit={onsubmit} aria-label={l.t(Msg::DialForm)}>
            <label for="gws-dial-number" class="sr-only">{ l.t(Msg::NumberToCall) }</label>
            <input id="gws-dial-number" class="grow" ref={input} type="tel" inputmode="tel"
                placeholder={l.t(Msg::NumberToCall)} autocomplete="off" />
            <button type="submit" class="primary" disabled={props.busy} onclick={onclick}>
                { l.t(if props.busy { Msg::Calling } else { Msg::Call }) }
            </button>
        </form>
    }
}
