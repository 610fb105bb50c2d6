//! The one seam between the widget and the network for HTTP: a function from request (plus an
//! abort signal) to reply. Production uses `fetch` (credentials: include); tests inject a fake
//! that records requests and answers from a script, so no server is needed to count Dials.

use std::rc::Rc;

use futures::future::LocalBoxFuture;
use web_sys::AbortSignal;

pub use dialer_core::desk::{HttpReply, HttpRequest, HttpResult, Method, NetworkError};

pub type Transport =
    Rc<dyn Fn(HttpRequest, Option<AbortSignal>) -> LocalBoxFuture<'static, HttpResult>>;

/// The browser transport: gloo-net over `fetch`, always with `credentials: include` so the
/// JSESSIONID cookie travels cross-origin too.
pub fn fetch_transport() -> Transport {
    Rc::new(|req: HttpRequest, signal: Option<AbortSignal>| Box::pin(fetch(req, signal)))
}

async fn fetch(req: HttpRequest, signal: Option<AbortSignal>) -> HttpResult {
    use gloo_net::http::RequestBuilder;
    use web_sys::RequestCredentials;

    // gloo-net appends a stray "&" to a URL that already has a query; hand it the pairs instead.
    let (path, query) = req.url.split_once('?').unwrap_or((&req.url, ""));
    let pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    let method = match req.method {
        Method::Get => gloo_net::http::Method::GET,
        Method::Post => gloo_net::http::Method::POST,
    };
    let mut builder = RequestBuilder::new(path)
        .method(method)
        .credentials(RequestCredentials::Include);
    if !pairs.is_empty() {
        builder = builder.query(pairs);
    }
    for (name, value) in &req.headers {
        builder = builder.header(name, value);
    }
    // The shell's abort signal: explicit aborts and the desk's timeout both come through it.
    builder = builder.abort_signal(signal.as_ref());
    let request = match req.body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|e| NetworkError::new(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| NetworkError::new(e.to_string()))?;
    Ok(reply_from(response).await)
}

/// An HTTP reply from a fetch `Response` (also for the session probe the loader started early).
pub async fn reply_from(response: gloo_net::http::Response) -> HttpReply {
    let headers = response.headers().entries().collect();
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    HttpReply {
        status,
        headers,
        body,
    }
}
