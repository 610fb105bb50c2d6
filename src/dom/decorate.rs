//! Makes numbers marked with `data-gws-dial` / `data-gws-outbound-record` usable by keyboard and
//! screen reader (role=button, tabindex, an aria-label saying what happens). A MutationObserver
//! looks only at the subtrees that were added, never rescans the whole scope.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use web_sys::{Element, MutationObserver, MutationObserverInit, MutationRecord};

const MARKED: &str = "[data-gws-dial], [data-gws-outbound-record]";

/// Watches one scope; dropping it stops watching.
pub struct Decorator {
    observer: Option<MutationObserver>,
    _callback: Closure<dyn FnMut(js_sys::Array, MutationObserver)>,
}

impl Drop for Decorator {
    fn drop(&mut self) {
        if let Some(o) = &self.observer {
            o.disconnect();
        }
    }
}

pub fn watch(scope: &Element) -> Decorator {
    decorate_subtree(scope);
    let callback = Closure::<dyn FnMut(js_sys::Array, MutationObserver)>::new(
        |records: js_sys::Array, _observer: MutationObserver| {
            for record in records.iter() {
                let Ok(record) = record.dyn_into::<MutationRecord>() else {
                    continue;
                };
                let added = record.added_nodes();
                for i in 0..added.length() {
                    if let Some(el) = added.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                        decorate_subtree(&el);
                    }
                }
            }
        },
    );
    let observer = MutationObserver::new(callback.as_ref().unchecked_ref()).ok();
    if let Some(o) = &observer {
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        let _ = o.observe_with_options(scope, &init);
    }
    Decorator {
        observer,
        _callback: callback,
    }
}

/// Decorates `root` itself (if marked) and every marked element below it: role=button and
/// tabindex=0 unless the element is natively focusable, and an aria-label saying what a click
/// does ("Call 5002", "Dial preview record …"), never overriding what the page set itself.
pub fn decorate_subtree(root: &Element) {
    decorate_subtree_js(root, MARKED);
}

#[wasm_bindgen(module = "/src/dom/decorate.js")]
extern "C" {
    #[wasm_bindgen(js_name = decorateSubtree)]
    fn decorate_subtree_js(root: &Element, selector: &str);
}
