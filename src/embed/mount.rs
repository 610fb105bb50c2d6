//! Mounting one widget into a host element (`<gws-dialer>` or a `data-gws-dialer` mount point).
//! The UI lives in an open shadow root, so page CSS cannot reach in and ours cannot leak out;
//! theming goes through CSS custom properties, which do cross the boundary.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, ShadowRootInit, ShadowRootMode};
use yew::AppHandle;

use crate::components::STYLES;
use crate::components::widget::{Widget, WidgetProps};
use crate::config::{RawOptions, WidgetConfig};
use crate::dom::click_router::{self, DialHandler, Registration, RoutedDial};
use crate::dom::decorate::{self, Decorator};
use crate::services::session::Controller;
use crate::services::transport::{Transport, fetch_transport};

/// Everything one widget keeps alive; dropping it (via `destroy`) tears the widget down.
pub struct MountedWidget {
    pub controller: Rc<Controller>,
    app: Option<AppHandle<Widget>>,
    _registration: Option<Registration>,
    _decorator: Option<Decorator>,
}

impl MountedWidget {
    pub fn destroy(&mut self) {
        self.controller.shutdown();
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self._registration = None;
        self._decorator = None;
    }
}

fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Mount with the browser's fetch.
pub fn mount(host: Element, raw: RawOptions) -> MountedWidget {
    mount_with(host, raw, fetch_transport(), true)
}

/// Mount with an injected transport (tests). `notifications` false = no CometD connection.
pub fn mount_with(
    host: Element,
    raw: RawOptions,
    transport: Transport,
    notifications: bool,
) -> MountedWidget {
    let (mut config, mut problems) = WidgetConfig::from_raw(raw, &page_origin());
    config.notifications = notifications;

    let root = render_root(&host);
    let document = host.owner_document();
    let scope = match (&config.scope, &document) {
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

    let controller = Controller::new(config, transport);
    controller.set_event_target(Some(host.clone()));
    let app = yew::Renderer::<Widget>::with_root_and_props(
        root,
        WidgetProps {
            controller: controller.clone(),
        },
    )
    .render();

    let (registration, decorator) = match (&scope, controller.config().click_to_dial) {
        (Some(scope), true) => (
            Some(click_router::register(
                scope.clone(),
                dial_handler(&controller),
            )),
            Some(decorate::watch(scope)),
        ),
        _ => (None, None),
    };
    controller.start(problems);
    MountedWidget {
        controller,
        app: Some(app),
        _registration: registration,
        _decorator: decorator,
    }
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
            if let Ok(style) = document.create_element("style") {
                style.set_text_content(Some(STYLES));
                let _ = shadow.append_child(&style);
            }
            let _ = shadow.append_child(&container);
        }
        None => {
            let _ = host.append_child(&container);
        }
    }
    container
}

fn dial_handler(controller: &Rc<Controller>) -> DialHandler {
    let weak = Rc::downgrade(controller);
    Rc::new(move |routed: RoutedDial, target: &Element| -> bool {
        let Some(c) = weak.upgrade() else {
            return false;
        };
        let is_link = target.tag_name().eq_ignore_ascii_case("a")
            && !target.has_attribute("data-gws-dial")
            && !target.has_attribute("data-gws-outbound-record");
        if !c.can_take_clicks() {
            if is_link {
                return false; // not signed in: the tel: link does what it always did
            }
            c.report_error("Sign in to the phone first to dial this number.");
            return true;
        }
        match routed {
            RoutedDial::Invalid(e) => {
                c.report_error(&e.0);
                true
            }
            RoutedDial::Intent(intent) => {
                // Mark the page element busy while its Dial is in flight.
                let el = target.clone();
                let _ = el.set_attribute("aria-busy", "true");
                c.spawn(move |c| async move {
                    let result = c.dial(intent).await;
                    let _ = el.remove_attribute("aria-busy");
                    result
                });
                true
            }
        }
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
