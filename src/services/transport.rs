//! The one seam between the widget and the network for HTTP: a function from request (plus an
//! abort signal) to reply. Production uses the browser's `fetch` (credentials: include); tests
//! inject a fake that records requests and answers from a script, so no server is needed to
//! count Dials. Plain web-sys, no HTTP wrapper crate: every KB of wasm counts.

use std::rc::Rc;

use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestCredentials, RequestInit, Response};

pub use dialer_core::desk::{HttpReply, HttpRequest, HttpResult, Method, NetworkError};

pub type Transport =
    Rc<dyn Fn(HttpRequest, Option<AbortSignal>) -> Pin<Box<dyn Future<Output = HttpResult>>>>;

/// The browser transport: `fetch`, always with `credentials: include` so the JSESSIONID cookie
/// travels cross-origin too.
pub fn fetch_transport() -> Transport {
    Rc::new(|req: HttpRequest, signal: Option<AbortSignal>| Box::pin(fetch(req, signal)))
}

fn failed(e: JsValue) -> NetworkError {
    let text = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the request failed".into());
    NetworkError::new(text)
}

async fn fetch(req: HttpRequest, signal: Option<AbortSignal>) -> HttpResult {
    let init = RequestInit::new();
    init.set_method(match req.method {
        Method::Get => "GET",
        Method::Post => "POST",
    });
    init.set_credentials(RequestCredentials::Include);
    let headers = Headers::new().map_err(failed)?;
    for (name, value) in &req.headers {
        headers.set(name, value).map_err(failed)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &req.body {
        init.set_body(&JsValue::from_str(body));
    }
    // The shell's abort signal: explicit aborts and the desk's timeout both come through it.
    init.set_signal(signal.as_ref());
    let window = web_sys::window().ok_or_else(|| NetworkError::new("no window"))?;
    let response = JsFuture::from(window.fetch_with_str_and_init(&req.url, &init))
        .await
        .map_err(failed)?;
    reply_from(response.unchecked_into()).await
}

/// An HTTP reply the loader read already (the session probe it started at page load):
/// `{response, body}`; `None` when it is not that.
pub fn reply_from_js(value: &JsValue) -> Option<HttpReply> {
    let get = |key: &str| js_sys::Reflect::get(value, &key.into()).ok();
    let response: Response = get("response")?.dyn_into().ok()?;
    Some(reply(&response, get("body")?.as_string()?))
}

/// An HTTP reply from a fetch `Response`.
async fn reply_from(response: Response) -> HttpResult {
    let text = response.text().map_err(failed)?;
    let body = JsFuture::from(text).await.map_err(failed)?;
    Ok(reply(&response, body.as_string().unwrap_or_default()))
}

fn reply(response: &Response, body: String) -> HttpReply {
    let headers = js_sys::Array::from(&response.headers())
        .iter()
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect();
    HttpReply {
        status: response.status(),
        headers,
        body,
    }
}
