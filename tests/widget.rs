#![cfg(target_arch = "wasm32")]
//! Widget tests in headless Chromium (wasm-bindgen-test). No server: the HTTP transport is a
//! scripted fake that records every request, CometD is off and notifications are pushed in.
//!
//! Run: CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test widget

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::channel::oneshot;
use gws_dialer::config::RawOptions;
use gws_dialer::embed::mount::{MountedWidget, mount_with, widget_root};
use gws_dialer::services::transport::{HttpReply, HttpRequest, Method, NetworkError, Transport};
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

const DEVICE: &str = "dev-5001";

// ------------------------------------------------------------------ fake GWS

struct FakeGws {
    requests: RefCell<Vec<HttpRequest>>,
    signed_in: Cell<bool>,
    /// Dial requests wait on this when set (a Dial "in flight" forever).
    hold_dials: Cell<bool>,
    parked: RefCell<Vec<oneshot::Sender<()>>>,
    /// The agent's first and last name in `/me` answers.
    names: RefCell<(String, String)>,
}

impl FakeGws {
    fn new(signed_in: bool) -> Rc<Self> {
        Rc::new(FakeGws {
            requests: RefCell::new(Vec::new()),
            signed_in: Cell::new(signed_in),
            hold_dials: Cell::new(false),
            parked: RefCell::new(Vec::new()),
            names: RefCell::new(("Alice".into(), "Agent".into())),
        })
    }

    fn transport(self: &Rc<Self>) -> Transport {
        let me = self.clone();
        Rc::new(move |req: HttpRequest, _signal| {
            let me = me.clone();
            Box::pin(async move { me.answer(req).await })
        })
    }

    async fn answer(&self, req: HttpRequest) -> Result<HttpReply, NetworkError> {
        self.requests.borrow_mut().push(req.clone());
        let path = req.url.split_once("/api/v2").map(|(_, p)| p).unwrap_or("");
        if req.method == Method::Get && path.starts_with("/me?") {
            if req.header("Authorization").is_some() {
                self.signed_in.set(true);
            }
            if !self.signed_in.get() {
                return Ok(HttpReply::json(
                    403,
                    r#"{"statusCode":20,"statusMessage":"Access denied"}"#,
                ));
            }
            let (first, last) = self.names.borrow().clone();
            let body = json!({"statusCode": 0, "user": {
                "id": "u1", "userName": "agent1", "firstName": first, "lastName": last,
                "roles": ["ROLE_AGENT"], "enabled": true,
                "devices": [device("Ready")], "calls": []
            }});
            let mut reply = HttpReply::json(200, &body.to_string());
            reply.headers = vec![
                ("x-csrf-header".into(), "X-CSRF-TOKEN".into()),
                ("x-csrf-token".into(), "tok-123".into()),
            ];
            return Ok(reply);
        }
        if req.method == Method::Get && path.starts_with("/me/calls") {
            return Ok(HttpReply::json(200, r#"{"statusCode":0,"calls":[]}"#));
        }
        if req.method == Method::Get && path.starts_with("/me/devices") {
            let body = json!({"statusCode": 0, "devices": [device("Ready")]});
            return Ok(HttpReply::json(200, &body.to_string()));
        }
        if req.method == Method::Post && path.ends_with("/calls") && self.hold_dials.get() {
            let (tx, rx) = oneshot::channel();
            self.parked.borrow_mut().push(tx);
            let _ = rx.await;
        }
        Ok(HttpReply::json(200, r#"{"statusCode":0}"#))
    }

    fn posts_to(&self, suffix: &str) -> Vec<Value> {
        self.requests
            .borrow()
            .iter()
            .filter(|r| r.method == Method::Post && r.url.ends_with(suffix))
            .map(|r| serde_json::from_str(r.body.as_deref().unwrap_or("null")).unwrap())
            .collect()
    }

    fn dials(&self) -> Vec<Value> {
        self.posts_to(&format!("/devices/{DEVICE}/calls"))
    }
}

fn device(state: &str) -> Value {
    json!({"id": DEVICE, "deviceState": "Active", "userState": {"state": state},
           "phoneNumber": "5001", "capabilities": []})
}

fn call(id: &str, state: &str, party: &str, caps: &[&str], user_data: Option<Value>) -> Value {
    let mut call = json!({
        "id": id, "state": state, "callType": "Internal",
        "participants": [{"phoneNumber": party, "digits": party, "formattedPhoneNumber": party, "e164Number": ""}],
        "capabilities": caps, "duration": "0", "mute": "Off",
        "uri": format!("http://gws/api/v2/me/calls/{id}"), "path": format!("/calls/{id}")
    });
    if let Some(ud) = user_data {
        call["userData"] = ud;
    }
    json!({"channel": "/v2/me/calls", "data": {
        "messageType": "CallStateChangeMessage", "notificationType": "StatusChange",
        "phoneNumber": "5001", "call": call
    }})
}

// ------------------------------------------------------------------ page helpers

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

thread_local! { static NEXT: Cell<u32> = const { Cell::new(0) }; }

struct Page {
    scope: Element,
    host: Element,
    widget: MountedWidget,
    fake: Rc<FakeGws>,
}

impl Drop for Page {
    fn drop(&mut self) {
        self.widget.destroy();
        self.scope.remove();
        self.host.remove();
    }
}

/// A scope with some host-page markup, plus a widget for it.
async fn page(signed_in: bool, markup: &str) -> Page {
    page_with(FakeGws::new(signed_in), markup).await
}

async fn page_with(fake: Rc<FakeGws>, markup: &str) -> Page {
    let n = NEXT.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let doc = document();
    let scope = doc.create_element("div").unwrap();
    scope.set_id(&format!("scope-{n}"));
    scope.set_inner_html(markup);
    doc.body().unwrap().append_child(&scope).unwrap();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let raw = RawOptions {
        scope: Some(format!("#scope-{n}")),
        base_url: Some("http://gws.test".into()),
        ..Default::default()
    };
    let widget = mount_with(host.clone(), raw, fake.transport(), false, None, Vec::new());
    settle().await;
    Page {
        scope,
        host,
        widget,
        fake,
    }
}

/// Let spawned futures (microtasks) and Yew renders run.
async fn settle() {
    for _ in 0..8 {
        let _ =
            wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL)).await;
        yew::scheduler::flush().await;
    }
}

impl Page {
    fn root(&self) -> Element {
        widget_root(&self.host).expect("widget root")
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root().query_selector(selector).unwrap()
    }

    fn text(&self) -> String {
        self.root().text_content().unwrap_or_default()
    }

    /// Buttons' accessible names (aria-label, else text).
    fn button_names(&self) -> Vec<String> {
        let list = self.root().query_selector_all("button").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| {
                let el: Element = n.unchecked_into();
                el.get_attribute("aria-label")
                    .unwrap_or_else(|| el.text_content().unwrap_or_default().trim().to_string())
            })
            .collect()
    }

    fn button(&self, name: &str) -> HtmlElement {
        let list = self.root().query_selector_all("button").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.unchecked_into::<HtmlElement>())
            .find(|b| {
                b.get_attribute("aria-label").as_deref() == Some(name)
                    || b.text_content().unwrap_or_default().trim() == name
            })
            .unwrap_or_else(|| panic!("no button named {name}: {:?}", self.button_names()))
    }

    async fn push(&self, notification: Value) {
        self.widget.shell.push_notification(
            notification["channel"].as_str().unwrap(),
            notification["data"].clone(),
        );
        settle().await;
    }

    fn in_scope(&self, selector: &str) -> HtmlElement {
        self.scope
            .query_selector(selector)
            .unwrap()
            .unwrap()
            .unchecked_into()
    }
}

/// Clicks an element and reports whether the widget prevented the default action; the default
/// is always prevented afterwards so a `tel:` link never navigates the test page.
fn click_and_check(el: &HtmlElement) -> bool {
    let prevented = Rc::new(Cell::new(false));
    let flag = prevented.clone();
    let guard = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        flag.set(e.default_prevented());
        e.prevent_default();
    });
    let window = web_sys::window().unwrap();
    window
        .add_event_listener_with_callback("click", guard.as_ref().unchecked_ref())
        .unwrap();
    el.click();
    window
        .remove_event_listener_with_callback("click", guard.as_ref().unchecked_ref())
        .unwrap();
    prevented.get()
}

// ------------------------------------------------------------------ tests

#[wasm_bindgen_test]
async fn without_session_the_login_form_sends_basic_once_and_keeps_nothing() {
    let p = page(false, r#"<a id="l" href="tel:5002">5002</a>"#).await;
    assert!(p.find("form.login").is_some(), "login form: {}", p.text());
    // Not signed in: a tel: link keeps its normal behaviour.
    assert!(!click_and_check(&p.in_scope("#l")));

    let user: HtmlInputElement = p.find("#gws-user").unwrap().unchecked_into();
    let pass: HtmlInputElement = p.find("#gws-password").unwrap().unchecked_into();
    user.set_value("agent1");
    pass.set_value("s3cret");
    p.button("Sign in").click();
    settle().await;

    assert_eq!(pass.value(), "", "the password field is cleared");
    let requests = p.fake.requests.borrow().clone();
    let with_auth: Vec<_> = requests
        .iter()
        .filter(|r| r.header("Authorization").is_some())
        .collect();
    assert_eq!(with_auth.len(), 1, "Basic only on the login request");
    assert_eq!(
        with_auth[0].header("Authorization"),
        Some("Basic YWdlbnQxOnMzY3JldA==")
    );
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let session = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    assert_eq!(storage.length().unwrap(), 0);
    assert_eq!(session.length().unwrap(), 0);
    assert!(p.text().contains("Ready"), "agent bar shown: {}", p.text());
}

#[wasm_bindgen_test]
async fn calls_render_per_state_with_controls_exactly_per_capabilities() {
    let p = page(true, "").await;
    p.push(call(
        "c1",
        "Ringing",
        "5002",
        &["Answer", "ClearCall", "AttachUserData"],
        None,
    ))
    .await;
    assert_eq!(
        p.find("[data-testid=call-state]")
            .unwrap()
            .text_content()
            .unwrap(),
        "Ringing"
    );
    let names = p.button_names();
    assert!(names.contains(&"Answer".to_string()), "{names:?}");
    assert!(!names.contains(&"Hang up".to_string()), "{names:?}");
    assert!(!names.contains(&"Hold".to_string()), "{names:?}");

    p.push(call(
        "c1",
        "Established",
        "5002",
        &["Hangup", "Hold", "SendDtmf"],
        None,
    ))
    .await;
    assert_eq!(
        p.find("[data-testid=call-state]")
            .unwrap()
            .text_content()
            .unwrap(),
        "Connected"
    );
    let names = p.button_names();
    assert!(names.contains(&"Hang up".to_string()) && names.contains(&"Hold".to_string()));
    assert!(!names.contains(&"Answer".to_string()) && !names.contains(&"Retrieve".to_string()));

    p.push(call("c1", "Held", "5002", &["Retrieve", "Hangup"], None))
        .await;
    assert_eq!(
        p.find("[data-testid=call-state]")
            .unwrap()
            .text_content()
            .unwrap(),
        "On hold"
    );
    let names = p.button_names();
    assert!(names.contains(&"Retrieve".to_string()) && !names.contains(&"Hold".to_string()));

    // A control posts exactly its operation to the call.
    p.button("Hang up").click();
    settle().await;
    assert_eq!(
        p.fake.posts_to("/me/calls/c1"),
        vec![json!({"operationName": "Hangup"})]
    );
    // Every POST carries the CSRF token captured from the GET.
    for r in p
        .fake
        .requests
        .borrow()
        .iter()
        .filter(|r| r.method == Method::Post)
    {
        assert_eq!(r.header("X-CSRF-TOKEN"), Some("tok-123"));
    }

    p.push(call("c1", "Released", "5002", &[], None)).await;
    assert_eq!(
        p.find("[data-testid=call-state]")
            .unwrap()
            .text_content()
            .unwrap(),
        "Ended"
    );
    assert!(!p.button_names().contains(&"Hang up".to_string()));
}

#[wasm_bindgen_test]
async fn one_click_is_one_dial_even_when_clicked_repeatedly() {
    let p = page(true, r#"<a id="l" href="tel:+1 (201) 555-0123">Dana</a>"#).await;
    p.fake.hold_dials.set(true);
    let link = p.in_scope("#l");
    assert!(click_and_check(&link), "the widget takes the click");
    settle().await;
    assert!(click_and_check(&link));
    assert!(click_and_check(&link));
    settle().await;
    assert_eq!(p.fake.dials().len(), 1, "{:?}", p.fake.dials());
    assert_eq!(
        p.fake.dials()[0]["destination"]["phoneNumber"],
        "+12015550123"
    );
    // The dial button is disabled while the Dial is in flight.
    let call_button = p.button("Calling…");
    assert!(call_button.has_attribute("disabled"));
    // Let the Dial answer; the call shows up; clicking again does not dial the live call.
    for tx in p.fake.parked.borrow_mut().drain(..) {
        let _ = tx.send(());
    }
    settle().await;
    p.push(call("c9", "Dialing", "+12015550123", &["Hangup"], None))
        .await;
    assert!(click_and_check(&link));
    settle().await;
    assert_eq!(p.fake.dials().len(), 1);
}

#[wasm_bindgen_test]
async fn user_data_is_shown_as_text_never_as_html() {
    let p = page(true, "").await;
    let payload = json!({
        "Note": "<img src=x onerror=\"window.__pwned=1\">",
        "Script": "<script>window.__pwned=2</script>",
        "Nested": {"a": [1, 2]}
    });
    p.push(call(
        "c2",
        "Established",
        "5002",
        &["Hangup"],
        Some(payload),
    ))
    .await;
    assert!(p.find("img").is_none() && p.find("dl script").is_none());
    let text = p.find("dl.userdata").unwrap().text_content().unwrap();
    assert!(
        text.contains("<img src=x onerror=\"window.__pwned=1\">"),
        "{text}"
    );
    assert!(text.contains("<script>window.__pwned=2</script>"), "{text}");
    assert!(text.contains(r#"{"a":[1,2]}"#), "{text}");
    assert!(
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into())
            .unwrap()
            .is_undefined()
    );
}

#[wasm_bindgen_test]
async fn an_invalid_number_gets_a_message_and_no_request() {
    let p = page(
        true,
        r#"<span id="bad" data-gws-dial="call me maybe">call me maybe</span>"#,
    )
    .await;
    let before = p.fake.requests.borrow().len();
    assert!(click_and_check(&p.in_scope("#bad")));
    settle().await;
    assert_eq!(p.fake.requests.borrow().len(), before, "no request at all");
    let banner = p.find("[role=alert]").expect("an error banner");
    assert!(!banner.text_content().unwrap().trim().is_empty());
}

#[wasm_bindgen_test]
async fn marked_numbers_dial_with_user_data_and_location_and_from_the_keyboard() {
    let p = page(
        true,
        r#"<span id="m" data-gws-dial="5003" data-gws-user-data='{"TicketId":"T-1"}' data-gws-location="SIP_Switch">Carol</span>"#,
    )
    .await;
    let marked = p.in_scope("#m");
    assert_eq!(marked.get_attribute("role").as_deref(), Some("button"));
    assert_eq!(marked.get_attribute("tabindex").as_deref(), Some("0"));
    marked.focus().unwrap();
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    marked.dispatch_event(&event).unwrap();
    settle().await;
    assert_eq!(
        p.fake.dials(),
        vec![
            json!({"operationName": "Dial", "destination": {"phoneNumber": "5003"},
                    "location": "SIP_Switch", "userData": {"TicketId": "T-1"}})
        ]
    );
}

#[wasm_bindgen_test]
async fn dial_preview_record_sends_device_path_and_outbound_record() {
    let p = page(
        true,
        r#"<button id="r" data-gws-outbound-record='{"recordHandle":431,"phoneNumber":"5001","outboundCallerId":"410004343","otherFields":{"AccountNumber":"12345678"}}'>Dial record</button>"#,
    )
    .await;
    assert!(click_and_check(&p.in_scope("#r")));
    settle().await;
    assert_eq!(
        p.fake.dials(),
        vec![
            json!({"operationName": "Dial", "devicePath": format!("/devices/{DEVICE}"),
            "outboundRecord": {"recordHandle": 431, "phoneNumber": "5001",
                "outboundCallerId": "410004343", "otherFields": {"AccountNumber": "12345678"}}})
        ]
    );
}

#[wasm_bindgen_test]
async fn dtmf_keypad_works_from_the_keyboard() {
    let p = page(true, "").await;
    p.push(call(
        "c3",
        "Established",
        "5002",
        &["Hangup", "SendDtmf"],
        None,
    ))
    .await;
    p.button("Keypad").click();
    settle().await;
    let keypad = p.find(".keypad").expect("keypad open");
    let seven: HtmlElement = keypad
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    seven.focus().unwrap();
    let init = KeyboardEventInit::new();
    init.set_key("5");
    init.set_bubbles(true);
    seven
        .dispatch_event(
            &KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
    settle().await;
    assert_eq!(
        p.fake.posts_to("/me/calls/c3"),
        vec![json!({"operationName": "SendDtmf", "digits": "5"})]
    );
}

#[wasm_bindgen_test]
async fn numbers_added_later_are_picked_up_without_rescans() {
    let p = page(true, "<div id=\"list\"></div>").await;
    let list = p.in_scope("#list");
    list.set_inner_html(r#"<span id="late" data-gws-dial="5002">Bob</span><a id="latelink" href="tel:5003">Carol</a>"#);
    settle().await; // MutationObserver callbacks are microtasks
    let late = p.in_scope("#late");
    assert_eq!(late.get_attribute("role").as_deref(), Some("button"));
    assert_eq!(
        late.get_attribute("aria-label").as_deref(),
        Some("Call 5002")
    );
    assert!(click_and_check(&p.in_scope("#latelink")));
    settle().await;
    assert_eq!(p.fake.dials()[0]["destination"]["phoneNumber"], "5003");
}

#[wasm_bindgen_test]
async fn links_outside_the_scope_are_left_alone() {
    let p = page(true, "").await;
    let outside = document().create_element("a").unwrap();
    outside.set_attribute("href", "tel:5002").unwrap();
    document().body().unwrap().append_child(&outside).unwrap();
    assert!(!click_and_check(outside.unchecked_ref()));
    settle().await;
    assert!(p.fake.dials().is_empty());
    outside.remove();
}

#[wasm_bindgen_test]
async fn promises_resolve_with_the_call_and_reject_with_a_stable_code() {
    use dialer_core::desk::{DialIntent, Intent};
    let p = page(true, "").await;
    let bad = p
        .widget
        .shell
        .promise(Intent::Dial(DialIntent::number("call me maybe")));
    let error = wasm_bindgen_futures::JsFuture::from(bad).await.unwrap_err();
    let code = js_sys::Reflect::get(&error, &"code".into()).unwrap();
    assert_eq!(code.as_string().as_deref(), Some("invalid-number"));
    let message = js_sys::Reflect::get(&error, &"message".into()).unwrap();
    assert!(!message.as_string().unwrap().is_empty());

    let dial = p
        .widget
        .shell
        .promise(Intent::Dial(DialIntent::number("5004")));
    settle().await;
    p.push(call("c7", "Dialing", "5004", &["Hangup"], None))
        .await;
    let call = wasm_bindgen_futures::JsFuture::from(dial).await.unwrap();
    let id = js_sys::Reflect::get(&call, &"id".into()).unwrap();
    let state = js_sys::Reflect::get(&call, &"state".into()).unwrap();
    assert_eq!(id.as_string().as_deref(), Some("c7"));
    assert_eq!(state.as_string().as_deref(), Some("Dialing"));
}

/// ≥ 50 script payloads in every field the widget shows from the server (userData keys and
/// values, party numbers, ANI/DNIS, the agent's names, server error messages): nothing runs,
/// no dialog opens, no element is made from them.
#[wasm_bindgen_test]
async fn an_xss_corpus_in_every_shown_field_never_runs() {
    const TEMPLATES: [&str; 25] = [
        "<img src=x onerror=\"window.__xss='{}'\">",
        "<script>window.__xss='{}'</script>",
        "<svg onload=\"window.__xss='{}'\">",
        "\"><img src=x onerror=window.__xss='{}'>",
        "javascript:window.__xss='{}'",
        "<iframe srcdoc=\"<script>parent.__xss='{}'</script>\"></iframe>",
        "<a href=\"javascript:window.__xss='{}'\">x</a>",
        "<details open ontoggle=\"window.__xss='{}'\">",
        "<body onload=window.__xss='{}'>",
        "{{constructor.constructor('window.__xss=\"{}\"')()}}",
        "<math><mi xlink:href=\"javascript:window.__xss='{}'\">x</mi></math>",
        "';window.__xss='{}';//",
        "<input autofocus onfocus=\"window.__xss='{}'\">",
        "<marquee onstart=\"window.__xss='{}'\">",
        "<video><source onerror=\"window.__xss='{}'\"></video>",
        "<style>@import 'javascript:window.__xss=\"{}\"'</style>",
        "<object data=\"javascript:window.__xss='{}'\"></object>",
        "<embed src=\"javascript:window.__xss='{}'\">",
        "<form><button formaction=\"javascript:window.__xss='{}'\">x</button></form>",
        "<img src=x onerror=alert('{}')>",
        "<svg><animate onbegin=alert('{}') attributeName=x dur=1s>",
        "<a onmouseover=confirm('{}')>hover</a>",
        "<img src=x onerror=prompt('{}')>",
        "%3Cscript%3Ewindow.__xss='{}'%3C/script%3E",
        "&lt;script&gt;window.__xss='{}'&lt;/script&gt;",
    ];
    // 50 distinct payloads: each template as written and with its tags upper-cased.
    let payloads: Vec<String> = TEMPLATES
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            [
                t.replace("{}", &format!("p{i}")),
                t.replace("{}", &format!("P{i}")).to_uppercase(),
            ]
        })
        .collect();
    assert!(payloads.len() >= 50);
    let window = web_sys::window().unwrap();
    js_sys::eval(
        "window.__dialogs = 0; window.alert = window.confirm = window.prompt = () => { window.__dialogs++; };",
    )
    .unwrap();

    let fake = FakeGws::new(true);
    *fake.names.borrow_mut() = (payloads[0].clone(), payloads[1].clone());
    let p = page_with(fake, "").await;
    assert!(
        p.text().contains(&payloads[0]),
        "the agent's name is shown as text"
    );
    for (i, chunk) in payloads.chunks(5).enumerate() {
        let user_data: serde_json::Map<String, Value> = chunk
            .iter()
            .map(|payload| (payload.clone(), Value::String(payload.clone())))
            .collect();
        let mut message = call(
            &format!("x{i}"),
            "Established",
            &chunk[0],
            &["Hangup"],
            Some(Value::Object(user_data)),
        );
        message["data"]["call"]["ani"] = json!(chunk[1]);
        message["data"]["call"]["dnis"] = json!(chunk[2]);
        p.push(message).await;
        p.push(json!({"channel": "/v2/me/calls", "data": {
            "messageType": "ErrorMessage", "errorCode": 71, "errorMessage": chunk[3],
            "callUri": format!("http://gws/api/v2/me/calls/x{i}")}}))
            .await;
    }
    // A party shown only by its ANI, and a server error shown in the banner.
    let mut ani_only = call("y", "Ringing", "", &["Answer"], None);
    ani_only["data"]["call"]["participants"] = json!([]);
    ani_only["data"]["call"]["ani"] = json!(payloads[49]);
    p.push(ani_only).await;
    let text = p.text();
    for payload in [&payloads[0], &payloads[5], &payloads[6], &payloads[49]] {
        assert!(text.contains(payload.as_str()), "shown as text: {payload}");
    }
    // Give any event handler a chance, then look for what a payload would have done.
    for _ in 0..5 {
        settle().await;
    }
    let marker = js_sys::Reflect::get(&window, &"__xss".into()).unwrap();
    let dialogs = js_sys::Reflect::get(&window, &"__dialogs".into()).unwrap();
    assert!(marker.is_undefined(), "a payload ran: {marker:?}");
    assert_eq!(dialogs.as_f64(), Some(0.0), "dialogs opened");
    let tags = "img script svg iframe object embed video style math input details marquee form a";
    let selector: Vec<String> = ["li[data-call-id]", ".agent", "[role=alert]"]
        .iter()
        .flat_map(|place| tags.split(' ').map(move |tag| format!("{place} {tag}")))
        .collect();
    let made = p
        .root()
        .query_selector_all(&selector.join(", "))
        .unwrap()
        .length();
    assert_eq!(made, 0, "elements made from payloads");
}

/// Waits `ms` of real time (the widget's clock ticks on a real interval).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    settle().await;
}

#[cfg(debug_assertions)]
#[wasm_bindgen_test]
async fn a_tick_renders_the_running_durations_and_no_call_row_or_agent_bar() {
    use gws_dialer::components::render_count::renders;
    let p = page(true, "").await;
    p.push(call("t1", "Established", "5002", &["Hangup", "Hold"], None))
        .await;
    p.push(call("t2", "Established", "5003", &["Hangup"], None))
        .await;
    p.push(call("t2", "Released", "5003", &[], None)).await;
    let duration = |id: &str| {
        p.find(&format!("[data-call-id={id}] .duration"))
            .and_then(|d| d.text_content())
            .unwrap_or_default()
    };
    let (live, ended) = (duration("t1"), duration("t2"));
    let (rows, bars) = (renders("CallRowView"), renders("AgentBar"));
    assert!(p.find("[data-testid=agent-state]").is_some() && bars > 0 && rows > 0);
    // Two ticks at least.
    sleep(2_300).await;
    assert_ne!(duration("t1"), live, "the live call's duration runs");
    assert_eq!(
        duration("t2"),
        ended,
        "the ended call's duration stands still"
    );
    assert_eq!(
        renders("CallRowView") - rows,
        0,
        "no call row renders on a tick"
    );
    assert_eq!(renders("AgentBar") - bars, 0, "nor the agent bar");
}
