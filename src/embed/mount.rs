//! Mounting one widget into a host element (`<gws-dialer>` or a `data-gws-dialer` mount point).
//! The UI lives in an open shadow root, so page CSS cannot reach in and ours cannot leak out;
//! theming goes through CSS custom properties, which do cross the boundary.

use dialer_core::i18n::{Msg, Text};
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, ShadowRootInit, ShadowRootMode};
use yew::AppHandle;

use crate::components::STYLES;
use crate::components::widget::{Widget, WidgetProps};
use dialer_core::desk::{Input, Intent, recent_calls_key};

use crate::config::{RawOptions, desk_config};
use crate::dom::click_router::{self, DialHandler, Registration, RoutedDial};
use crate::dom::decorate::{self, Decorator};
use crate::dom::lifecycle::{self, Lifecycle};
use crate::services::shell::Shell;
use crate::services::transport::{Transport, fetch_transport};
use dialer_core::tabs::{ClickClaim, TabConfig};

/// Everything one widget keeps alive; dropping it (via `destroy`) tears the widget down.
pub struct MountedWidget {
    pub shell: Rc<Shell>,
    /// The element holding the widget (its `lang`, or its ancestors', says the language).
    pub host: Element,
    app: Option<AppHandle<Widget>>,
    _registration: Option<Registration>,
    _decorator: Option<Decorator>,
    _lifecycle: Option<Lifecycle>,
}

impl MountedWidget {
    pub fn destroy(&mut self) {
        self.shell.shutdown();
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self._registration = None;
        self._decorator = None;
        self._lifecycle = None;
    }
}

fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Mount with the browser's fetch. `probe` is the session check the loader already started
/// (its URL, and its `{reply, read}`), used for the desk's first request to that URL; `lock` the
/// loader's `lock(name)` for the leadership lock (none: this tab works alone).
pub fn mount(
    host: Element,
    raw: RawOptions,
    probe: Option<(String, JsValue)>,
    lock: Option<js_sys::Function>,
    problems: Vec<String>,
) -> MountedWidget {
    mount_inner(host, raw, fetch_transport(), true, probe, lock, problems)
}

/// Mount with an injected transport (tests). `notifications` false = no CometD connection.
pub fn mount_with(
    host: Element,
    raw: RawOptions,
    transport: Transport,
    notifications: bool,
    probe: Option<(String, JsValue)>,
    problems: Vec<String>,
) -> MountedWidget {
    mount_inner(host, raw, transport, notifications, probe, None, problems)
}

fn mount_inner(
    host: Element,
    raw: RawOptions,
    transport: Transport,
    notifications: bool,
    probe: Option<(String, JsValue)>,
    lock: Option<js_sys::Function>,
    mut problems: Vec<String>,
) -> MountedWidget {
    // One connection per browser unless the page says otherwise (tests with an injected
    // transport and no notifications always work alone).
    let lock = lock.filter(|_| notifications && raw.shared_connection != Some(false));
    let share = lock.is_some();
    let lang = crate::locale::choose(raw.lang.as_deref(), Some(&host));
    let (mut config, scope, more) = desk_config(raw, &page_origin());
    problems.extend(more);
    config.notifications = notifications;
    config.rng_seed = (js_sys::Math::random() * u32::MAX as f64) as u64;
    // The recent calls this tab kept (the desk restores them for the same agent only).
    config.recent_calls = crate::services::shell::session_storage().and_then(|s| {
        s.get_item(&recent_calls_key(&config.base_url))
            .ok()
            .flatten()
    });

    let root = render_root(&host);
    let document = host.owner_document();
    let scope = match (&scope, &document) {
        (Some(selector), Some(doc)) => match doc.query_selector(selector) {
            Ok(Some(el)) => Some(el),
            _ => {
                problems.push(format!(
                    "The scope \"{selector}\" matches nothing on this page; numbers anywhere on the page are used."
                ));
                doc.document_element()
            }
        },
        (None, Some(doc)) => doc.document_element(),
        _ => None,
    };

    let click_to_dial = config.click_to_dial;
    let tab = TabConfig {
        id: (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64,
        shared: share,
    };
    let shell = Shell::new(config, tab, transport);
    shell.set_lang(lang);
    shell.set_event_target(Some(host.clone()));
    if let Some((url, response)) = probe {
        shell.set_prefetched(url, response);
    }
    let (registration, decorator) = match (&scope, click_to_dial) {
        (Some(scope), true) => (
            Some(click_router::register(scope.clone(), dial_handler(&shell))),
            Some(decorate::watch(scope)),
        ),
        _ => (None, None),
    };
    if let Some(first) = problems.into_iter().next() {
        // Configuration problems are for the integrator: shown as written (English).
        shell.handle(Input::Problem(Text::raw(first)));
    }
    if notifications {
        let (visible, focused) = lifecycle::presence();
        shell.presence(visible, focused);
    }
    // The lock before the first render: when the loader holds it already, this tab leads (and
    // the desk takes the loader's session check) in a microtask that runs first, so the first
    // render is the session's, not "checking session".
    if let Some(lock) = &lock
        && !shell.share(lock)
    {
        shell.lead(); // the browser cannot share after all: this tab works alone
    }
    shell.handle(Input::Start);
    let app = yew::Renderer::<Widget>::with_root_and_props(
        root,
        WidgetProps {
            shell: shell.clone(),
        },
    )
    .render();
    let lifecycle = notifications.then(|| lifecycle::watch(&shell));
    shell.mounted();
    MountedWidget {
        _lifecycle: lifecycle,
        shell,
        host,
        app: Some(app),
        _registration: registration,
        _decorator: decorator,
    }
}

thread_local! {
    static SHEET: Option<web_sys::CssStyleSheet> = web_sys::CssStyleSheet::new()
        .ok()
        .filter(|sheet| sheet.replace_sync(STYLES).is_ok());
}

/// The widget's stylesheet as one constructable `CSSStyleSheet` per page, where the browser
/// has them (every current one does).
fn page_stylesheet() -> Option<web_sys::CssStyleSheet> {
    SHEET.with(Clone::clone)
}

/// A div inside the host's (open) shadow root, with the stylesheet next to it. Falls back to
/// a plain child div where shadow DOM is not allowed (e.g. on a `<span>`).
fn render_root(host: &Element) -> Element {
    let document = host
        .owner_document()
        .expect("an element always has a document");
    let shadow = host.shadow_root().or_else(|| {
        host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .ok()
    });
    let container = document
        .create_element("div")
        .expect("creating a div cannot fail");
    let _ = container.set_attribute("class", "gws-root");
    match shadow {
        Some(shadow) => {
            shadow.set_inner_html("");
            // A constructable stylesheet, shared by every widget of the page: a strict CSP
            // (no 'unsafe-inline' in style-src) blocks a <style> element, not this.
            match page_stylesheet() {
                Some(sheet) => shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet)),
                None => {
                    if let Ok(style) = document.create_element("style") {
                        style.set_text_content(Some(STYLES));
                        let _ = shadow.append_child(&style);
                    }
                }
            }
            let _ = shadow.append_child(&container);
        }
        None => {
            let _ = host.append_child(&container);
        }
    }
    container
}

fn dial_handler(shell: &Rc<Shell>) -> DialHandler {
    let weak = Rc::downgrade(shell);
    Rc::new(move |routed: RoutedDial, target: &Element| -> bool {
        let Some(shell) = weak.upgrade() else {
            return false;
        };
        let plain_link = target.tag_name().eq_ignore_ascii_case("a")
            && !target.has_attribute("data-gws-dial")
            && !target.has_attribute("data-gws-outbound-record");
        match shell.with_tab(|t| t.claim_click(plain_link)) {
            ClickClaim::Take => {}
            ClickClaim::Leave => return false,
            ClickClaim::SignInFirst => {
                shell.handle(Input::Problem(Msg::SignInToDial.into()));
                return true;
            }
        }
        match routed {
            RoutedDial::Invalid(e) => shell.handle(Input::Problem(e.0)),
            RoutedDial::Intent(intent) => {
                // Mark the page element busy until its Dial is answered by a call (or refused).
                let el = target.clone();
                let _ = el.set_attribute("aria-busy", "true");
                let promise = shell.promise(Intent::Dial(intent));
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                    let _ = el.remove_attribute("aria-busy");
                });
            }
        }
        true
    })
}

/// Host element for tests and the JS API: the widget root inside the shadow root.
pub fn widget_root(host: &Element) -> Option<Element> {
    match host.shadow_root() {
        Some(shadow) => shadow.query_selector(".gws-root").ok().flatten(),
        None => host.query_selector(".gws-root").ok().flatten(),
    }
    .and_then(|e| e.dyn_into::<Element>().ok())
}
