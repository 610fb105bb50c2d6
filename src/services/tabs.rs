//! The browser side of one phone per browser: a `BroadcastChannel` to the other tabs and the
//! Web Lock that makes one of them the leader. It only carries messages and reports the lock;
//! what they mean is decided by `dialer_core::tabs::Tab`.
//!
//! Both are same-origin by construction (a channel and a lock are visible only to pages of the
//! origin that made them), and the channel's messages are checked by the tab (version, GWS
//! base URL, shape) before anything is done with them. The lock itself is asked for by the
//! loader (`www/gws-dialer.js`, whose `lock(name)` returns `{granted, release}`): it asks for the
//! first widget's at page load, so that the browser has answered by the time the widget starts.

use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

use super::shell::{Shell, on_resolve};

pub struct TabLink {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    /// Gives the lock back (or withdraws the request not granted yet).
    release: js_sys::Function,
    /// Dropped with the link: a grant that comes after is not this widget's any more.
    _alive: Rc<()>,
}

impl TabLink {
    /// Join the tabs on `name` with the loader's `lock` function; `None` when the browser
    /// cannot (the tab then works alone).
    pub fn connect(name: &str, shell: Weak<Shell>, lock: &js_sys::Function) -> Option<TabLink> {
        let lock = lock.call1(&JsValue::NULL, &name.into()).ok()?;
        let get = |key: &str| js_sys::Reflect::get(&lock, &key.into()).ok();
        let granted: js_sys::Promise = get("granted")?.dyn_into().ok()?;
        let release: js_sys::Function = get("release")?.dyn_into().ok()?;
        let channel = BroadcastChannel::new(name).ok()?;

        let listener = shell.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let (Some(shell), Some(text)) = (listener.upgrade(), e.data().as_string()) {
                shell.channel_message(text);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));

        // A microtask after the grant (at once when the loader holds it already): this tab leads.
        let alive = Rc::new(());
        let link = Rc::downgrade(&alive);
        on_resolve(
            &granted,
            Box::new(move || {
                if let (Some(_), Some(shell)) = (link.upgrade(), shell.upgrade()) {
                    shell.lead();
                }
            }),
        );
        Some(TabLink {
            channel,
            _on_message: on_message,
            release,
            _alive: alive,
        })
    }

    pub fn post(&self, text: &str) {
        let _ = self.channel.post_message(&JsValue::from_str(text));
    }
}

impl Drop for TabLink {
    /// Leaving: no more messages, the lock released (or the request withdrawn).
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
        let _ = self.release.call0(&JsValue::NULL);
    }
}
