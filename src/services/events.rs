//! DOM CustomEvents for the host page (`gws-dialer:call`, `:connection`, `:error`, `:ready`,
//! `:agent`, `:signed-out`). They bubble and cross the shadow boundary (composed), and carry
//! plain JS objects (JSON-compatible: maps become objects).

use bayeux::ConnectionState;
use gws_protocol::Call;
use serde::Serialize;
use serde_json::{Value, json};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

#[derive(Default)]
pub struct HostEvents {
    pub target: Option<Element>,
}

/// A plain JS object (maps become objects) via JSON text: serde_json already serialises every
/// request body, so no second serializer (serde-wasm-bindgen) is needed in the wasm.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

impl HostEvents {
    fn emit(&self, name: &str, detail: &Value) {
        let Some(target) = &self.target else { return };
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&to_js(detail));
        if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = target.dispatch_event(&event);
        }
    }

    /// `change` is "added", "changed" or "released"; `detail.call` is the GWS call resource.
    pub fn call(&self, change: &str, call: &Call) {
        let call = serde_json::to_value(call).unwrap_or(Value::Null);
        self.emit(
            "gws-dialer:call",
            &json!({ "change": change, "callId": call.get("id"), "state": call.get("state"), "call": call }),
        );
    }

    pub fn call_removed(&self, id: &str) {
        self.emit(
            "gws-dialer:call",
            &json!({ "change": "removed", "callId": id, "call": null }),
        );
    }

    pub fn connection(&self, state: &ConnectionState, text: &str) {
        let (name, transport) = match state {
            ConnectionState::Disconnected => ("disconnected", None),
            ConnectionState::Connecting { transport } => ("connecting", Some(transport)),
            ConnectionState::Connected { transport } => ("connected", Some(transport)),
            ConnectionState::Reconnecting { .. } => ("reconnecting", None),
            ConnectionState::Stopped { .. } => ("stopped", None),
        };
        self.emit(
            "gws-dialer:connection",
            &json!({ "state": name, "transport": transport, "message": text }),
        );
    }

    pub fn error(&self, message: &str) {
        self.emit("gws-dialer:error", &json!({ "message": message }));
    }

    pub fn ready(&self, user_name: &str, phone_number: &str) {
        self.emit(
            "gws-dialer:ready",
            &json!({ "userName": user_name, "phoneNumber": phone_number }),
        );
    }

    pub fn agent(&self, state: &str) {
        self.emit("gws-dialer:agent", &json!({ "state": state }));
    }

    pub fn signed_out(&self) {
        self.emit("gws-dialer:signed-out", &json!({}));
    }
}
