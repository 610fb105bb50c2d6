//! The JS handle of one widget: `GwsDialer.dial(...)`, `element.hangup(...)`, … Every action
//! returns a Promise: it resolves when GWS accepted the request (`dial()` with the call, once
//! the server reports it) and rejects with an `Error` carrying a stable `code`
//! (`invalid-number`, `busy`, `not-signed-in`, `not-ready`, `no-call`, `refused`, `server`,
//! `network`, `timeout`, `invalid-input`) and the same plain sentence the widget shows.
//! Values cross the boundary as plain JS objects through serde-wasm-bindgen.

use std::rc::Rc;

use dialer_core::agent::AgentAction;
use dialer_core::controls::Control;
use dialer_core::desk::{CallAction, DialIntent, DialSource, DialTarget, ErrorCode, Intent};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use super::mount::{MountedWidget, mount};
use crate::config::RawOptions;
use crate::services::shell::{Shell, js_error, to_js};

/// A JS value as JSON data, walked by hand (no JSON text round trip, and no deserializer whose
/// error messages would pull float formatting into the wasm); `undefined` is null. The widget
/// then reads the fields it knows by hand.
fn from_js(value: JsValue) -> Result<Value, String> {
    value_from_js(&value, 0)
}

/// Deeper than any options object or user data; a cycle ends here too.
const MAX_DEPTH: u32 = 32;

fn value_from_js(v: &JsValue, depth: u32) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err("the value is nested too deeply".into());
    }
    if v.is_null() || v.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        // Whole numbers stay integers, as JSON.parse would give them to the widget.
        if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0 {
            return Ok(Value::from(n as i64));
        }
        return serde_json::Number::from_f64(n)
            .map(Value::Number)
            .ok_or_else(|| "numbers must be finite".into());
    }
    if let Some(s) = v.as_string() {
        return Ok(Value::String(s));
    }
    if js_sys::Array::is_array(v) {
        let array: &js_sys::Array = v.unchecked_ref();
        return array
            .iter()
            .map(|item| value_from_js(&item, depth + 1))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    if v.is_object() && !v.is_function() {
        let mut map = Map::new();
        for entry in js_sys::Object::entries(v.unchecked_ref()).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let key = pair.get(0).as_string().unwrap_or_default();
            map.insert(key, value_from_js(&pair.get(1), depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    Err("functions, symbols and big integers cannot be used here".into())
}

fn rejected(code: ErrorCode, message: &str) -> js_sys::Promise {
    // The JS API's own refusals are about how the page called it: for the integrator, in
    // English (the desk's refusals come in the agent's language).
    js_sys::Promise::reject(&js_error(code, message))
}

fn user_data(value: Value) -> Result<Map<String, Value>, String> {
    match value {
        Value::Object(map) => Ok(map),
        _ => Err("User data must be an object like {\"Key\": \"value\"}.".into()),
    }
}

/// The handle `mount()` returns to JS.
#[wasm_bindgen]
pub struct WidgetHandle {
    inner: MountedWidget,
}

/// Mount a widget into `host` with options `{baseUrl, scope, numberRules, location,
/// transports, clickToDial, dialGuard, heading, sharedConnection, extensionDelayMs}` (all
/// optional). From the loader: `probe`, the session check it started while the wasm was
/// compiling (`{url, reply, read}`, or null), and `lock`, its `lock(name)` for the leadership
/// lock (`{granted, release}`; null: the widget works alone).
#[wasm_bindgen(js_name = mount)]
pub fn mount_widget(
    host: Element,
    options: JsValue,
    probe: JsValue,
    lock: JsValue,
) -> WidgetHandle {
    let mut problems = Vec::new();
    let raw = from_js(options)
        .and_then(|v| RawOptions::from_json(&v))
        .unwrap_or_else(|e| {
            problems.push(format!(
                "The widget options could not be read ({e}); defaults are used."
            ));
            RawOptions::default()
        });
    let probe = js_sys::Reflect::get(&probe, &"url".into())
        .ok()
        .and_then(|url| url.as_string())
        .map(|url| (url, probe));
    let lock = lock.dyn_into::<js_sys::Function>().ok();
    WidgetHandle {
        inner: mount(host, raw, probe, lock, problems),
    }
}

impl WidgetHandle {
    fn shell(&self) -> &Rc<Shell> {
        &self.inner.shell
    }

    fn call(&self, call_id: Option<String>, action: CallAction) -> js_sys::Promise {
        self.shell().promise(Intent::Call { call_id, action })
    }

    fn control(&self, call_id: Option<String>, control: Control) -> js_sys::Promise {
        self.call(call_id, CallAction::Control(control))
    }

    fn user_data_op(
        &self,
        call_id: Option<String>,
        data: JsValue,
        make: fn(Map<String, Value>) -> CallAction,
    ) -> js_sys::Promise {
        match from_js(data).and_then(user_data) {
            Ok(map) => self.call(call_id, make(map)),
            Err(e) => rejected(ErrorCode::InvalidInput, &e),
        }
    }
}

#[wasm_bindgen]
impl WidgetHandle {
    /// dial("5001", {userData: {...}, location: "..."}) → the call `{id, state, …}`; a number
    /// with an extension ("+1 201 555 0123 x22") dials the number and resolves with
    /// `{otherParty, extension}`, the extension sent as tones once the call is connected.
    pub fn dial(&self, number: String, options: JsValue) -> js_sys::Promise {
        let options = match from_js(options) {
            Ok(o @ (Value::Null | Value::Object(_))) => o,
            Ok(_) => {
                return rejected(
                    ErrorCode::InvalidInput,
                    "The dial options must be an object.",
                );
            }
            Err(e) => {
                return rejected(
                    ErrorCode::InvalidInput,
                    &format!("The dial options could not be read ({e})."),
                );
            }
        };
        let user_data = match options.get("userData").filter(|v| !v.is_null()) {
            None => None,
            Some(v) => match user_data(v.clone()) {
                Ok(map) => Some(map),
                Err(e) => return rejected(ErrorCode::InvalidInput, &e),
            },
        };
        let location = match options.get("location") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return rejected(ErrorCode::InvalidInput, "The location must be text."),
        };
        self.shell().promise(Intent::Dial(DialIntent {
            target: DialTarget::Number {
                raw: number,
                user_data,
                location,
            },
            source: DialSource::Api,
        }))
    }

    /// dialPreviewRecord({recordHandle, phoneNumber, outboundCallerId, otherFields})
    #[wasm_bindgen(js_name = dialPreviewRecord)]
    pub fn dial_preview_record(&self, record: JsValue) -> js_sys::Promise {
        let record = match from_js(record).and_then(user_data) {
            Ok(r) => r,
            Err(_) => {
                return rejected(
                    ErrorCode::InvalidInput,
                    "The outbound record must be an object.",
                );
            }
        };
        self.shell().promise(Intent::Dial(DialIntent {
            target: DialTarget::PreviewRecord { record },
            source: DialSource::Api,
        }))
    }

    /// hangup(callId?) — without an id, the first live call.
    pub fn hangup(&self, call_id: Option<String>) -> js_sys::Promise {
        self.control(call_id, Control::Hangup)
    }

    pub fn answer(&self, call_id: Option<String>) -> js_sys::Promise {
        self.control(call_id, Control::Answer)
    }

    pub fn hold(&self, call_id: Option<String>) -> js_sys::Promise {
        self.control(call_id, Control::Hold)
    }

    pub fn retrieve(&self, call_id: Option<String>) -> js_sys::Promise {
        self.control(call_id, Control::Retrieve)
    }

    pub fn mute(&self, call_id: Option<String>) -> js_sys::Promise {
        self.control(call_id, Control::Mute)
    }

    pub fn unmute(&self, call_id: Option<String>) -> js_sys::Promise {
        self.control(call_id, Control::Unmute)
    }

    #[wasm_bindgen(js_name = sendDtmf)]
    pub fn send_dtmf(&self, call_id: Option<String>, digits: String) -> js_sys::Promise {
        self.call(call_id, CallAction::SendDtmf(digits))
    }

    #[wasm_bindgen(js_name = attachUserData)]
    pub fn attach_user_data(&self, call_id: Option<String>, data: JsValue) -> js_sys::Promise {
        self.user_data_op(call_id, data, CallAction::AttachUserData)
    }

    #[wasm_bindgen(js_name = updateUserData)]
    pub fn update_user_data(&self, call_id: Option<String>, data: JsValue) -> js_sys::Promise {
        self.user_data_op(call_id, data, CallAction::UpdateUserData)
    }

    /// deleteUserData(callId, key?) — with a key only that pair, otherwise all data.
    #[wasm_bindgen(js_name = deleteUserData)]
    pub fn delete_user_data(
        &self,
        call_id: Option<String>,
        key: Option<String>,
    ) -> js_sys::Promise {
        match key.filter(|k| !k.is_empty()) {
            Some(key) => self.call(call_id, CallAction::DeleteUserDataPair(key)),
            None => self.control(call_id, Control::DeleteUserData),
        }
    }

    #[wasm_bindgen(js_name = setReady)]
    pub fn set_ready(&self) -> js_sys::Promise {
        self.shell().promise(Intent::AgentState(AgentAction::Ready))
    }

    #[wasm_bindgen(js_name = setNotReady)]
    pub fn set_not_ready(&self) -> js_sys::Promise {
        self.shell()
            .promise(Intent::AgentState(AgentAction::NotReady))
    }

    /// transfer(number, {consult?, callId?}) — at once, or after consulting the number first.
    pub fn transfer(&self, number: String, options: JsValue) -> js_sys::Promise {
        self.pass(number, options, true)
    }

    /// conference(number, {consult?, callId?}) — add the number at once, or consult first.
    pub fn conference(&self, number: String, options: JsValue) -> js_sys::Promise {
        self.pass(number, options, false)
    }

    fn pass(&self, destination: String, options: JsValue, transfer: bool) -> js_sys::Promise {
        let options = match from_js(options) {
            Ok(v) => v,
            Err(e) => return rejected(ErrorCode::InvalidInput, &e),
        };
        let consult = options
            .get("consult")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let call_id = options
            .get("callId")
            .and_then(Value::as_str)
            .map(str::to_string);
        let action = if transfer {
            CallAction::Transfer {
                destination,
                consult,
            }
        } else {
            CallAction::Conference {
                destination,
                consult,
            }
        };
        self.call(call_id, action)
    }

    #[wasm_bindgen(js_name = completeTransfer)]
    pub fn complete_transfer(&self, call_id: Option<String>) -> js_sys::Promise {
        self.control(call_id, Control::CompleteTransfer)
    }

    #[wasm_bindgen(js_name = completeConference)]
    pub fn complete_conference(&self, call_id: Option<String>) -> js_sys::Promise {
        self.control(call_id, Control::CompleteConference)
    }

    /// swap(callId?) — talk to the other of two calls.
    pub fn swap(&self, call_id: Option<String>) -> js_sys::Promise {
        self.control(call_id, Control::SwapCalls)
    }

    /// cancelConsultation(callId) — hang up the consultation and retrieve the original call.
    #[wasm_bindgen(js_name = cancelConsultation)]
    pub fn cancel_consultation(&self, call_id: Option<String>) -> js_sys::Promise {
        self.control(call_id, Control::CancelConsult)
    }

    #[wasm_bindgen(js_name = removeParticipant)]
    pub fn remove_participant(&self, number: String, call_id: Option<String>) -> js_sys::Promise {
        self.call(call_id, CallAction::RemoveParticipant(number))
    }

    /// setAgentState(id) — one of the states `agentStates()` lists (Not Ready reasons, …).
    #[wasm_bindgen(js_name = setAgentState)]
    pub fn set_agent_state(&self, id: String) -> js_sys::Promise {
        self.shell().promise(Intent::SetAgentState { id })
    }

    /// The agent states offered now: `[{id, label}]`.
    #[wasm_bindgen(js_name = agentStates)]
    pub fn agent_states(&self) -> JsValue {
        let v = self.shell().with_tab(|t| t.view());
        let l = self.shell().locale();
        let list: Vec<Value> = v
            .agent
            .map(|a| a.choices)
            .unwrap_or_default()
            .into_iter()
            .map(|c| serde_json::json!({"id": c.id, "label": l.t(c.label)}))
            .collect();
        to_js(&list)
    }

    /// disposition(callId, code) — wrap up an ended call (`code` null skips it).
    pub fn disposition(&self, call_id: String, code: Option<String>) -> js_sys::Promise {
        self.shell().promise(Intent::WrapUp { call_id, code })
    }

    /// The last calls, newest first: `[{callId, number, direction, answered, durationMs,
    /// disposition, wrapUp}]`.
    #[wasm_bindgen(js_name = recentCalls)]
    pub fn recent_calls(&self) -> JsValue {
        let v = self.shell().with_tab(|t| t.view());
        let list: Vec<Value> = v
            .recent
            .into_iter()
            .map(|r| {
                serde_json::json!({
                    "callId": r.call_id, "number": r.number, "direction": r.direction.name(),
                    "answered": r.connected, "durationMs": r.ended_ms.saturating_sub(r.started_ms),
                    "endedAt": r.ended_ms, "disposition": r.disposition, "wrapUp": r.wrap_up,
                })
            })
            .collect();
        to_js(&list)
    }

    pub fn logout(&self) -> js_sys::Promise {
        self.shell().promise(Intent::SignOut)
    }

    /// The calls the widget shows: `[{id, state, otherParty, userData, capabilities, …}]`.
    pub fn calls(&self) -> JsValue {
        to_js(&self.shell().with_tab(|t| t.calls()))
    }

    /// Speak another language (`"de"`, `"fr-CA"`, …; empty: the nearest `lang` around the
    /// widget, else the page's, else the browser's).
    /// Returns the language now spoken (`en`, `de`, `fr` or `es`).
    #[wasm_bindgen(js_name = setLanguage)]
    pub fn set_language(&self, tag: Option<String>) -> String {
        let tag = tag.as_deref().filter(|t| !t.trim().is_empty());
        let lang = crate::locale::choose(tag, Some(&self.inner.host));
        self.shell().set_lang(lang);
        lang.tag().to_string()
    }

    /// `{phase, agentState, phoneNumber, connection, error}` as a plain object.
    pub fn state(&self) -> JsValue {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct State {
            phase: &'static str,
            agent_state: Option<String>,
            phone_number: Option<String>,
            connection: String,
            error: Option<String>,
            /// "leader", "follower" or "alone" (one connection per browser).
            role: &'static str,
        }
        let (v, role) = self.shell().with_tab(|t| (t.view(), t.role().name()));
        let l = self.shell().locale();
        to_js(&State {
            phase: v.phase.name(),
            agent_state: v.agent.as_ref().map(|a| l.t(a.state.clone())),
            phone_number: v.agent.as_ref().map(|a| a.number.clone()),
            connection: l.t(v.connection.text),
            error: v.error.map(|e| l.t(e)),
            role,
        })
    }

    /// Remove the widget and stop its connections.
    pub fn destroy(&mut self) {
        self.inner.destroy();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    fn parse(text: &str) -> JsValue {
        js_sys::JSON::parse(text).unwrap()
    }

    #[wasm_bindgen_test]
    fn js_values_become_the_json_they_are() {
        let v = parse(
            r#"{"a":1,"b":[true,null,"x",1.5,-0],"c":{"d":-3,"e":{}},"big":9007199254740993}"#,
        );
        assert_eq!(
            from_js(v).unwrap(),
            json!({"a": 1, "b": [true, null, "x", 1.5, 0], "c": {"d": -3, "e": {}}, "big": 9007199254740992.0_f64})
        );
        assert_eq!(from_js(JsValue::UNDEFINED).unwrap(), Value::Null);
        // An object with an undefined member: null, as JSON would drop or null it.
        let o = js_sys::Object::new();
        js_sys::Reflect::set(&o, &"k".into(), &JsValue::UNDEFINED).unwrap();
        assert_eq!(from_js(o.into()).unwrap(), json!({"k": null}));
    }

    #[wasm_bindgen_test]
    fn what_json_cannot_hold_is_refused_in_words() {
        let f = js_sys::Function::new_no_args("return 1");
        assert!(from_js(f.into()).is_err());
        assert!(from_js(JsValue::from_f64(f64::NAN)).is_err());
        // A cycle (or anything deeper than any option) ends with a message, not a hang.
        let o = js_sys::Object::new();
        js_sys::Reflect::set(&o, &"self".into(), &o).unwrap();
        assert_eq!(
            from_js(o.into()).unwrap_err(),
            "the value is nested too deeply"
        );
    }
}
