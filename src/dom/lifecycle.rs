//! The page's lifecycle, fed to the desk: when the page becomes visible again or the network
//! comes back, the desk reads the server's truth (notifications may have been missed while the
//! tab was frozen or offline); when the page goes away, the desk disconnects CometD so the server
//! drops the client at once instead of waiting for it to time out. Visibility and focus are also
//! the tab's presence: the tab the agent last focused fires the host-page events.

use std::rc::{Rc, Weak};

use dialer_core::desk::{Input, Intent};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::EventTarget;

use crate::services::shell::Shell;

type Listener = (
    EventTarget,
    &'static str,
    Closure<dyn FnMut(web_sys::Event)>,
);

/// Keeps the listeners; dropping it removes them.
pub struct Lifecycle {
    listeners: Vec<Listener>,
}

impl Drop for Lifecycle {
    fn drop(&mut self) {
        for (target, name, closure) in &self.listeners {
            let _ =
                target.remove_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        }
    }
}

fn resync(shell: &Shell) {
    shell.handle(Input::Intent {
        id: None,
        intent: Intent::Resync,
    });
}

/// Whether this page is visible and has the focus now.
pub fn presence() -> (bool, bool) {
    let document = web_sys::window().and_then(|w| w.document());
    document.map_or((true, false), |d| {
        (
            d.visibility_state() == web_sys::VisibilityState::Visible,
            d.has_focus().unwrap_or(false),
        )
    })
}

pub fn watch(shell: &Rc<Shell>) -> Lifecycle {
    let mut listeners = Vec::new();
    let (Some(window), Some(document)) = (
        web_sys::window(),
        web_sys::window().and_then(|w| w.document()),
    ) else {
        return Lifecycle { listeners };
    };
    let on = |target: &EventTarget, name: &'static str, f: fn(&Shell, &web_sys::Event)| {
        let weak: Weak<Shell> = Rc::downgrade(shell);
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            if let Some(shell) = weak.upgrade() {
                f(&shell, &e);
            }
        });
        let _ = target.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        (target.clone(), name, closure)
    };
    listeners.push(on(document.as_ref(), "visibilitychange", |shell, _| {
        let (visible, focused) = presence();
        shell.presence(visible, focused);
        if visible {
            resync(shell);
        }
    }));
    // The tab the agent looks at fires the host-page events (one connection per browser).
    listeners.push(on(window.as_ref(), "focus", |shell, _| {
        shell.presence(true, true)
    }));
    listeners.push(on(window.as_ref(), "online", |shell, _| resync(shell)));
    // A page kept in the back/forward cache (`persisted`) is frozen, not gone: its socket
    // closes and the desk reconnects when it is shown again.
    listeners.push(on(window.as_ref(), "pagehide", |shell, e| {
        let persisted = js_sys::Reflect::get(e, &"persisted".into()).is_ok_and(|p| p.is_truthy());
        if !persisted {
            shell.shutdown();
        }
    }));
    Lifecycle { listeners }
}
