use dialer_core::i18n::Msg;
use serde_json::{Map, Value};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::use_locale;

use dialer_core::controls::Control;
use dialer_core::desk::CallAction;

#[derive(Properties, PartialEq)]
pub struct UserDataEditorProps {
    pub can_attach: bool,
    pub can_update: bool,
    pub can_delete_pair: bool,
    pub can_delete_all: bool,
    pub on_command: Callback<CallAction>,
    /// Suffix for element ids (one editor per call).
    pub id: AttrValue,
}

/// Attach / update a key-value pair, delete one key, or delete all data.
#[component]
pub fn UserDataEditor(props: &UserDataEditorProps) -> Html {
    let l = use_locale();
    let key = use_node_ref();
    let value = use_node_ref();
    let read = {
        let (key, value) = (key.clone(), value.clone());
        move || {
            let k = key
                .cast::<HtmlInputElement>()
                .map(|e| e.value())
                .unwrap_or_default();
            let v = value
                .cast::<HtmlInputElement>()
                .map(|e| e.value())
                .unwrap_or_default();
            (k.trim().to_string(), v)
        }
    };
    let pair_button = |label: String, make: fn(Map<String, Value>) -> CallAction| {
        let (read, on) = (read.clone(), props.on_command.clone());
        html! { <button type="button" onclick={Callback::from(move |_: MouseEvent| {
            let (k, v) = read();
            if k.is_empty() { return; }
            let mut map = Map::new();
            map.insert(k, Value::String(v));
            on.emit(make(map));
        })}>{ label }</button> }
    };
    let key_id = format!("gws-ud-key-{}", props.id);
    let value_id = format!("gws-ud-value-{}", props.id);
    html! {
        <fieldset class="ud-editor">
            <legend>{ l.t(Msg::CallData) }</legend>
            <div class="row">
                <label for={key_id.clone()} class="sr-only">{ l.t(Msg::Key) }</label>
                <input id={key_id} ref={key} placeholder={l.t(Msg::Key)} class="grow" />
                <label for={value_id.clone()} class="sr-only">{ l.t(Msg::Value) }</label>
                <input id={value_id} ref={value} placeholder={l.t(Msg::Value)} class="grow" />
            </div>
            <div class="controls">
                if props.can_attach { { pair_button(l.t(Control::AttachUserData.label()), CallAction::AttachUserData) } }
                if props.can_update { { pair_button(l.t(Control::UpdateUserData.label()), CallAction::UpdateUserData) } }
                if props.can_delete_pair {
                    <button type="button" onclick={{
                        let (read, on) = (read.clone(), props.on_command.clone());
                        Callback::from(move |_: MouseEvent| {
                            let (k, _) = read();
                            if !k.is_empty() { on.emit(CallAction::DeleteUserDataPair(k)); }
                        })
                    }}>{ l.t(Msg::DeleteKey) }</button>
                }
                if props.can_delete_all {
                    <button type="button" onclick={props.on_command.reform(|_: MouseEvent|
                        CallAction::Control(Control::DeleteUserData))}>{ l.t(Control::DeleteUserData.label()) }</button>
                }
            </div>
        </fieldset>
    }
}
