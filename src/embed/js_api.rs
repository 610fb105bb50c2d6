//! The JS handle of one widget: `GwsDialer.dial(...)`, `element.hangup(...)`, … Every method
//! returns a Promise that resolves when GWS accepted the request and rejects with an `Error`
//! whose message is the same plain sentence the widget shows.

use std::rc::Rc;

use serde::Deserialize;
use serde_json::{Map, Value, json};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use super::mount::{MountedWidget, mount};
use crate::config::RawOptions;
use crate::dom::targets::DialIntent;
use crate::services::events::to_js;
use crate::services::session::{ActionResult, Controller, user_data_from};
use crate::state::{CallCommand, Phase};

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct DialOptions {
    user_data: Option<Value>,
    location: Option<String>,
}

fn promise<F, Fut>(controller: &Rc<Controller>, f: F) -> js_sys::Promise
where
    F: FnOnce(Rc<Controller>) -> Fut + 'static,
    Fut: std::future::Future<Output = ActionResult> + 'static,
{
    let c = controller.clone();
    wasm_bindgen_futures::future_to_promise(async move {
        match f(c).await {
            Ok(()) => Ok(JsValue::TRUE),
            Err(message) => Err(js_sys::Error::new(&message).into()),
        }
    })
}

fn rejected(message: &str) -> js_sys::Promise {
    js_sys::Promise::reject(&js_sys::Error::new(message).into())
}

fn from_js<T: for<'de> Deserialize<'de>>(value: JsValue) -> Result<T, String> {
    if value.is_undefined() || value.is_null() {
        return serde_json::from_value(Value::Null)
            .or_else(|_| serde_json::from_value(json!({})))
            .map_err(|e| e.to_string());
    }
    // JS -> JSON text -> Value -> typed: the same serde_json path as every server body, so the
    // wasm carries no second (serde-wasm-bindgen) deserializer. `undefined` members are left
    // out, exactly like a missing option.
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| "it is not plain JSON data".to_string())?;
    let json: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    serde_json::from_value(json).map_err(|e| e.to_string())
}

/// The handle `mount()` returns to JS.
#[wasm_bindgen]
pub struct WidgetHandle {
    inner: MountedWidget,
}

/// Mount a widget into `host` with options `{baseUrl, scope, numberRules, location,
/// transports, clickToDial, dialGuard, heading}` (all optional).
#[wasm_bindgen(js_name = mount)]
pub fn mount_widget(host: Element, options: JsValue) -> WidgetHandle {
    let (raw, problem) = match from_js::<RawOptions>(options) {
        Ok(raw) => (raw, None),
        Err(e) => (
            RawOptions::default(),
            Some(format!(
                "The widget options could not be read ({e}); defaults are used."
            )),
        ),
    };
    let inner = mount(host, raw);
    if let Some(problem) = problem {
        inner.controller.report_error(&problem);
    }
    WidgetHandle { inner }
}

impl WidgetHandle {
    fn controller(&self) -> &Rc<Controller> {
        &self.inner.controller
    }

    fn call_op(&self, call_id: Option<String>, command: CallCommand) -> js_sys::Promise {
        let id = match call_id.filter(|s| !s.is_empty()) {
            Some(id) => id,
            None => match self.controller().current_call_id() {
                Some(id) => id,
                None => return rejected("There is no call."),
            },
        };
        promise(self.controller(), move |c| async move {
            c.call_command(id, command).await
        })
    }

    fn user_data_op(
        &self,
        call_id: Option<String>,
        data: JsValue,
        make: fn(Map<String, Value>) -> CallCommand,
    ) -> js_sys::Promise {
        let map = match from_js::<Value>(data).and_then(user_data_from) {
            Ok(map) => map,
            Err(e) => return rejected(&e),
        };
        self.call_op(call_id, make(map))
    }
}

#[wasm_bindgen]
impl WidgetHandle {
    /// dial("5001", {userData: {...}, location: "..."})
    pub fn dial(&self, number: String, options: JsValue) -> js_sys::Promise {
        let options = match from_js::<DialOptions>(options) {
            Ok(o) => o,
            Err(e) => return rejected(&format!("The dial options could not be read ({e}).")),
        };
        let user_data = match options.user_data.map(user_data_from).transpose() {
            Ok(u) => u,
            Err(e) => return rejected(&e),
        };
        promise(self.controller(), move |c| async move {
            c.dial(DialIntent::Number {
                raw: number,
                user_data,
                location: options.location,
            })
            .await
        })
    }

    /// dialPreviewRecord({recordHandle, phoneNumber, outboundCallerId, otherFields})
    #[wasm_bindgen(js_name = dialPreviewRecord)]
    pub fn dial_preview_record(&self, record: JsValue) -> js_sys::Promise {
        let record = match from_js::<Value>(record).and_then(user_data_from) {
            Ok(r) => r,
            Err(_) => return rejected("The outbound record must be an object."),
        };
        promise(self.controller(), move |c| async move {
            c.dial(DialIntent::PreviewRecord { record }).await
        })
    }

    /// hangup(callId?) — without an id, the first live call.
    pub fn hangup(&self, call_id: Option<String>) -> js_sys::Promise {
        self.call_op(call_id, CallCommand::Simple("Hangup".into()))
    }

    pub fn answer(&self, call_id: Option<String>) -> js_sys::Promise {
        self.call_op(call_id, CallCommand::Simple("Answer".into()))
    }

    pub fn hold(&self, call_id: Option<String>) -> js_sys::Promise {
        self.call_op(call_id, CallCommand::Simple("Hold".into()))
    }

    pub fn retrieve(&self, call_id: Option<String>) -> js_sys::Promise {
        self.call_op(call_id, CallCommand::Simple("Retrieve".into()))
    }

    pub fn mute(&self, call_id: Option<String>) -> js_sys::Promise {
        self.call_op(call_id, CallCommand::Simple("MuteCall".into()))
    }

    pub fn unmute(&self, call_id: Option<String>) -> js_sys::Promise {
        self.call_op(call_id, CallCommand::Simple("UnmuteCall".into()))
    }

    #[wasm_bindgen(js_name = sendDtmf)]
    pub fn send_dtmf(&self, call_id: Option<String>, digits: String) -> js_sys::Promise {
        self.call_op(call_id, CallCommand::SendDtmf(digits))
    }

    #[wasm_bindgen(js_name = attachUserData)]
    pub fn attach_user_data(&self, call_id: Option<String>, data: JsValue) -> js_sys::Promise {
        self.user_data_op(call_id, data, CallCommand::AttachUserData)
    }

    #[wasm_bindgen(js_name = updateUserData)]
    pub fn update_user_data(&self, call_id: Option<String>, data: JsValue) -> js_sys::Promise {
        self.user_data_op(call_id, data, CallCommand::UpdateUserData)
    }

    /// deleteUserData(callId, key?) — with a key only that pair, otherwise all data.
    #[wasm_bindgen(js_name = deleteUserData)]
    pub fn delete_user_data(
        &self,
        call_id: Option<String>,
        key: Option<String>,
    ) -> js_sys::Promise {
        let command = match key.filter(|k| !k.is_empty()) {
            Some(key) => CallCommand::DeleteUserDataPair(key),
            None => CallCommand::Simple("DeleteUserData".into()),
        };
        self.call_op(call_id, command)
    }

    #[wasm_bindgen(js_name = setReady)]
    pub fn set_ready(&self) -> js_sys::Promise {
        promise(
            self.controller(),
            |c| async move { c.set_ready(true).await },
        )
    }

    #[wasm_bindgen(js_name = setNotReady)]
    pub fn set_not_ready(&self) -> js_sys::Promise {
        promise(
            self.controller(),
            |c| async move { c.set_ready(false).await },
        )
    }

    pub fn logout(&self) -> js_sys::Promise {
        promise(self.controller(), |c| async move { c.logout().await })
    }

    /// The calls the widget shows, as GWS call resources (plain objects).
    pub fn calls(&self) -> JsValue {
        to_js(&self.controller().calls_json())
    }

    /// `{phase, agentState, connection, error}` as a plain object.
    pub fn state(&self) -> JsValue {
        let v = self.controller().view();
        let phase = match v.phase {
            Phase::Starting => "starting",
            Phase::SignedOut { .. } => "signed-out",
            Phase::Active => "active",
        };
        to_js(&json!({
            "phase": phase,
            "agentState": v.agent.as_ref().map(|a| a.state.clone()),
            "phoneNumber": v.agent.as_ref().map(|a| a.number.clone()),
            "connection": v.connection.text,
            "error": v.error,
        }))
    }

    /// Remove the widget and stop its connections.
    pub fn destroy(&mut self) {
        self.inner.destroy();
    }
}
