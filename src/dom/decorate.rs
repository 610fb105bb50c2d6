//! Makes numbers marked with `data-gws-dial` / `data-gws-outbound-record` usable by keyboard and
//! screen reader (role=button, tabindex, an aria-label saying what happens). A MutationObserver
//! looks only at the subtrees that were added, never rescans the whole scope.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
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

/// Decorates `root` itself (if marked) and every marked element below it.
pub fn decorate_subtree(root: &Element) {
    if root.matches(MARKED).unwrap_or(false) {
        decorate(root);
    }
    if let Ok(list) = root.query_selector_all(MARKED) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                decorate(&el);
            }
        }
    }
}

fn decorate(el: &Element) {
    if el.has_attribute("data-gws-decorated") {
        return;
    }
    let _ = el.set_attribute("data-gws-decorated", "");
    let tag = el.tag_name().to_ascii_lowercase();
    let native = matches!(tag.as_str(), "button" | "input" | "select" | "textarea")
        || (tag == "a" && el.has_attribute("href"));
    if !native {
        if !el.has_attribute("role") {
            let _ = el.set_attribute("role", "button");
        }
        if !el.has_attribute("tabindex") {
            let _ = el.set_attribute("tabindex", "0");
        }
    }
    if !el.has_attribute("aria-label") {
        let label = if el.has_attribute("data-gws-outbound-record") {
            let text = el.text_content().unwrap_or_default();
            format!("Dial preview record {}", text.trim())
        } else {
            let number = el
                .get_attribute("data-gws-dial")
                .filter(|v| !v.trim().is_empty())
                .or_else(|| el.text_content())
                .unwrap_or_default();
            format!("Call {}", number.trim())
        };
        let _ = el.set_attribute("aria-label", label.trim());
    }
}
