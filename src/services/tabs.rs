//! The browser side of one phone per browser: a `BroadcastChannel` to the other tabs and the
//! Web Lock that makes one of them the leader. It only carries messages and reports the lock;
//! what they mean is decided by `dialer_core::tabs::Tab`.
//!
//! Both are same-origin by construction (a channel and a lock are visible only to pages of the
//! origin that made them), and the channel's messages are checked by the tab (version, GWS
//! base URL, shape) before anything is done with them.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use web_sys::{AbortController, BroadcastChannel, MessageEvent};

use super::shell::Shell;

pub struct TabLink {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    /// Resolving it releases the lock (held while the promise the lock callback returned is
    /// pending).
    release: Rc<RefCell<Option<js_sys::Function>>>,
    /// Withdraws a lock request not granted yet.
    cancel: AbortController,
}

impl TabLink {
    /// Whether this browser can share one connection between tabs.
    pub fn available() -> bool {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let locks = js_sys::Reflect::get(&window, &"navigator".into())
            .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()));
        let request = locks.and_then(|l| js_sys::Reflect::get(&l, &"request".into()));
        request.is_ok_and(|r| r.is_function())
            && js_sys::Reflect::has(&window, &"BroadcastChannel".into()).unwrap_or(false)
    }

    /// `None` where the browser lacks Web Locks or BroadcastChannel: the tab then works alone.
    pub fn connect(name: &str, shell: Weak<Shell>) -> Option<TabLink> {
        let window: JsValue = web_sys::window()?.into();
        let navigator = js_sys::Reflect::get(&window, &"navigator".into()).ok()?;
        let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
        let request: js_sys::Function = js_sys::Reflect::get(&locks, &"request".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let channel = BroadcastChannel::new(name).ok()?;
        let cancel = AbortController::new().ok()?;

        let listener = shell.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let (Some(shell), Some(text)) = (listener.upgrade(), e.data().as_string()) {
                shell.channel_message(text);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));

        let release: Rc<RefCell<Option<js_sys::Function>>> = Rc::new(RefCell::new(None));
        let slot = release.clone();
        // Called once, when the browser grants the lock; the promise it returns holds the lock
        // until it resolves (on shutdown) or the tab goes away.
        let granted = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
            let held = js_sys::Promise::new(&mut |resolve, _| {
                *slot.borrow_mut() = Some(resolve);
            });
            match shell.upgrade() {
                Some(shell) => shell.lead(),
                None => release_now(&slot),
            }
            held.into()
        });
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"signal".into(), &cancel.signal());
        let pending = request
            .call3(&locks, &name.into(), &options, &granted)
            .ok()?
            .dyn_into::<js_sys::Promise>()
            .ok()?;
        // The request settles when the lock is released, or rejects when withdrawn: either is
        // expected, neither is an error for the page's console.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(pending).await;
        });
        Some(TabLink {
            channel,
            _on_message: on_message,
            release,
            cancel,
        })
    }

    pub fn post(&self, text: &str) {
        let _ = self.channel.post_message(&JsValue::from_str(text));
    }
}

fn release_now(slot: &Rc<RefCell<Option<js_sys::Function>>>) {
    if let Some(resolve) = slot.borrow_mut().take() {
        let _ = resolve.call0(&JsValue::NULL);
    }
}

impl Drop for TabLink {
    /// Leaving: no more messages, the lock released (or the request withdrawn).
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
        self.cancel.abort();
        release_now(&self.release);
    }
}
