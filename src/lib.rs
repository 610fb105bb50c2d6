//! gws-dialer: a click-to-dial widget for Genesys Web Services (GWS) v2, in Rust/WebAssembly.
//!
//! - `services/`: the browser shell that executes `dialer_core::desk` (fetch, WebSocket, timer)
//! - `components/`: Yew components, one per file
//! - `dom/`: click-to-dial on the host page (`tel:` links, `data-gws-dial`, preview records)
//! - `embed/`: mounting into `<gws-dialer>` / `data-gws-dialer`, shadow DOM, the JS API
//!
//! The JS entry points are `mount(element, options)` (see `embed::js_api`), used by the
//! loader `www/gws-dialer.js`.

pub mod components;
pub mod config;
pub mod dom;
pub mod embed;
pub mod locale;
pub mod services;

use wasm_bindgen::prelude::*;

/// Runs once when the module is initialised: a panic (which, with panic=abort, stops every
/// widget on the page) is at least reported to the page and the console in plain words.
#[wasm_bindgen(start)]
pub fn start() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = format!("The phone widget stopped working: {info}");
        web_sys::console::error_1(&message.clone().into());
        if let Some(window) = web_sys::window() {
            let init = web_sys::CustomEventInit::new();
            let detail = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&detail, &"message".into(), &message.as_str().into());
            let _ = js_sys::Reflect::set(&detail, &"fatal".into(), &true.into());
            init.set_detail(&detail);
            if let Ok(event) =
                web_sys::CustomEvent::new_with_event_init_dict("gws-dialer:error", &init)
            {
                let _ = window.dispatch_event(&event);
            }
        }
    }));
}
