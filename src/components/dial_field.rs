use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DialFieldProps {
    /// A Dial is in flight: the button is disabled so one click = one Dial.
    pub busy: bool,
    pub on_dial: Callback<String>,
}

/// Type a number and press Enter (or the Call button).
#[component]
pub fn DialField(props: &DialFieldProps) -> Html {
    let input = use_node_ref();
    let onsubmit = {
        let (input, on_dial, busy) = (input.clone(), props.on_dial.clone(), props.busy);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if busy {
                return;
            }
            if let Some(el) = input.cast::<HtmlInputElement>() {
                on_dial.emit(el.value());
            }
        })
    };
    html! {
        <form class="row dial" onsubmit={onsubmit} aria-label="Dial a number">
            <label for="gws-dial-number" class="sr-only">{ "Number to call" }</label>
            <input id="gws-dial-number" class="grow" ref={input} type="tel" inputmode="tel"
                placeholder="Number to call" autocomplete="off" />
            <button type="submit" class="primary" disabled={props.busy}>
                { if props.busy { "Calling…" } else { "Call" } }
            </button>
        </form>
    }
}
