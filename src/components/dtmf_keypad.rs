use dialer_core::i18n::{Msg, Text};
use yew::prelude::*;

use super::use_locale;

const KEYS: [&str; 12] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

#[derive(Properties, PartialEq)]
pub struct DtmfKeypadProps {
    pub on_digits: Callback<String>,
    #[prop_or_default]
    pub disabled: bool,
}

/// DTMF keypad: real buttons (Tab + Enter/Space work), and typing 0-9, * or # while focus is
/// anywhere in the keypad sends that digit.
#[component]
pub fn DtmfKeypad(props: &DtmfKeypadProps) -> Html {
    let l = use_locale();
    let onkeydown = {
        let (on_digits, disabled) = (props.on_digits.clone(), props.disabled);
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if !disabled && KEYS.contains(&key.as_str()) {
                e.prevent_default();
                on_digits.emit(key);
            }
        })
    };
    html! {
        <div class="keypad" role="group" aria-label={l.t(Msg::KeypadSendTones)} onkeydown={onkeydown}>
            { for KEYS.iter().map(|k| {
                let on_digits = props.on_digits.clone();
                let digit = k.to_string();
                let label = match *k {
                    "*" => l.t(Msg::ToneStar),
                    "#" => l.t(Msg::TonePound),
                    d => l.t(Text::new(Msg::Tone, vec![d.into()])),
                };
                html! {
                    <button type="button" aria-label={label} disabled={props.disabled}
                        onclick={Callback::from(move |_: MouseEvent| on_digits.emit(digit.clone()))}>
                        { *k }
                    </button>
                }
            }) }
        </div>
    }
}
