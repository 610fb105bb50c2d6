//! The one seam between the widget and the network for HTTP: a function from request to
//! reply. Production uses `fetch` (credentials: include); tests inject a fake that records
//! requests and answers from a script, so no server is needed to count Dials.

use std::rc::Rc;

use futures::future::LocalBoxFuture;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest {
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    /// Give up (abort the fetch) after this long. `None` for CometD long-polls, which the
    /// server holds on purpose and the bayeux client times itself.
    pub timeout_ms: Option<u32>,
}

impl HttpRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct HttpReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpReply {
    pub fn json(status: u16, body: &str) -> Self {
        HttpReply {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A network failure (no HTTP status at all): offline, DNS, CORS rejection, aborted.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkError(pub String);

pub type Transport =
    Rc<dyn Fn(HttpRequest) -> LocalBoxFuture<'static, Result<HttpReply, NetworkError>>>;

/// The browser transport: gloo-net over `fetch`, always with `credentials: include` so the
/// JSESSIONID cookie travels cross-origin too.
pub fn fetch_transport() -> Transport {
    Rc::new(|req: HttpRequest| Box::pin(fetch(req)))
}

async fn fetch(req: HttpRequest) -> Result<HttpReply, NetworkError> {
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
    // A request the server never answers must not leave the agent waiting forever: abort it.
    let controller = req
        .timeout_ms
        .and_then(|_| web_sys::AbortController::new().ok());
    if let Some(c) = &controller {
        builder = builder.abort_signal(Some(&c.signal()));
    }
    let _deadline = req
        .timeout_ms
        .zip(controller.clone())
        .map(|(ms, c)| gloo_timers::callback::Timeout::new(ms, move || c.abort()));
    let request = match req.body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|e| NetworkError(e.to_string()))?;
    let response = request.send().await.map_err(|e| {
        if controller.as_ref().is_some_and(|c| c.signal().aborted()) {
            NetworkError(format!(
                "no answer within {} s",
                req.timeout_ms.unwrap_or(0) / 1000
            ))
        } else {
            NetworkError(e.to_string())
        }
    })?;
    let headers = response.headers().entries().collect();
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    Ok(HttpReply {
        status,
        headers,
        body,
    })
}
