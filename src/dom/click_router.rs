//! One page-level router for click-to-dial, shared by every widget on the page: a single
//! capture-phase listener on the document (event delegation, so links added later work with
//! no per-link listeners). Each click goes to exactly one widget: the one whose scope is the
//! nearest ancestor of the clicked element (first registered wins a tie). A `tel:` link whose
//! widget is absent or not signed in keeps its normal browser behaviour.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, Event, KeyboardEvent, MouseEvent, Node};

use dialer_core::desk::{DialIntent, DialSource};

use super::targets::{TargetError, intent_for};

/// What a widget receives from the page.
#[derive(Clone, Debug, PartialEq)]
pub enum RoutedDial {
    Intent(DialIntent),
    Invalid(TargetError),
}

/// Returns true when the widget took the dial (then the default action is prevented).
pub type DialHandler = Rc<dyn Fn(RoutedDial, &Element) -> bool>;

type EventClosure = Closure<dyn FnMut(Event)>;

struct Entry {
    id: u64,
    scope: Element,
    handler: DialHandler,
}

#[derive(Default)]
struct Router {
    entries: Vec<Entry>,
    next_id: u64,
    /// (click, keydown), installed once per page and kept for its lifetime.
    listeners: Option<(EventClosure, EventClosure)>,
}

thread_local! {
    static ROUTER: RefCell<Router> = RefCell::new(Router::default());
}

/// Keeps a widget registered; dropping it unregisters (the listeners stay for the page).
pub struct Registration {
    id: u64,
}

impl Drop for Registration {
    fn drop(&mut self) {
        let id = self.id;
        ROUTER.with(|r| r.borrow_mut().entries.retain(|e| e.id != id));
    }
}

pub fn register(scope: Element, handler: DialHandler) -> Registration {
    ensure_listeners();
    ROUTER.with(|r| {
        let mut router = r.borrow_mut();
        router.next_id += 1;
        let id = router.next_id;
        router.entries.push(Entry { id, scope, handler });
        Registration { id }
    })
}

fn ensure_listeners() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    ROUTER.with(|r| {
        let mut router = r.borrow_mut();
        if router.listeners.is_some() {
            return;
        }
        let click = Closure::<dyn FnMut(Event)>::new(on_click);
        let key = Closure::<dyn FnMut(Event)>::new(on_keydown);
        // Capture phase: we see the click before host-page handlers and SPA routers.
        let _ = document.add_event_listener_with_callback_and_bool(
            "click",
            click.as_ref().unchecked_ref(),
            true,
        );
        let _ = document.add_event_listener_with_callback_and_bool(
            "keydown",
            key.as_ref().unchecked_ref(),
            true,
        );
        router.listeners = Some((click, key));
    });
}

fn on_click(event: Event) {
    if event.default_prevented() {
        return;
    }
    if let Some(mouse) = event.dyn_ref::<MouseEvent>() {
        // Leave modified and non-primary clicks (open in new tab, …) to the browser.
        if mouse.button() != 0
            || mouse.ctrl_key()
            || mouse.meta_key()
            || mouse.shift_key()
            || mouse.alt_key()
        {
            return;
        }
    }
    route(&event);
}

fn on_keydown(event: Event) {
    let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
        return;
    };
    if event.default_prevented() || !(key.key() == "Enter" || key.key() == " ") {
        return;
    }
    let Some(el) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    // Links and buttons already turn Enter into a click; only decorated plain elements need us.
    let tag = el.tag_name().to_ascii_lowercase();
    if matches!(
        tag.as_str(),
        "a" | "button" | "input" | "select" | "textarea"
    ) {
        return;
    }
    if el.has_attribute("data-gws-dial") || el.has_attribute("data-gws-outbound-record") {
        route(&event);
    }
}

fn route(event: &Event) {
    let Some(el) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    // The click count travels with the intent: the desk never dials on a second click, even
    // when the page moved another number under the pointer. A keyboard activation counts 0.
    let detail = event
        .dyn_ref::<MouseEvent>()
        .map_or(0, |m| m.detail().max(0) as u32);
    let (target, routed) = match intent_for(&el) {
        Ok(Some((target, dial))) => (
            target,
            RoutedDial::Intent(DialIntent {
                target: dial,
                source: DialSource::Click { detail },
            }),
        ),
        Ok(None) => return,
        Err(e) => match el.closest(super::targets::DIAL_TARGET_SELECTOR) {
            Ok(Some(target)) => (target, RoutedDial::Invalid(e)),
            _ => return,
        },
    };
    let Some(handler) = owner_of(&target) else {
        return; // no widget here: the link behaves as a normal link
    };
    if handler(routed, &target) {
        event.prevent_default();
    }
}

/// The handler of the widget whose scope is the nearest ancestor of `target`.
fn owner_of(target: &Element) -> Option<DialHandler> {
    ROUTER.with(|r| {
        let router = r.borrow();
        let mut best: Option<(usize, &Entry)> = None;
        for entry in &router.entries {
            let scope: &Node = entry.scope.as_ref();
            if !scope.contains(Some(target.as_ref())) {
                continue;
            }
            let depth = depth_of(scope);
            if best.is_none_or(|(d, _)| depth > d) {
                best = Some((depth, entry));
            }
        }
        best.map(|(_, e)| e.handler.clone())
    })
}

fn depth_of(node: &Node) -> usize {
    let mut depth = 0;
    let mut current = node.parent_node();
    while let Some(n) = current {
        depth += 1;
        current = n.parent_node();
    }
    depth
}
