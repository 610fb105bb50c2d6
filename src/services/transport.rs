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
    let request = match req.body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|e| NetworkError(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| NetworkError(e.to_string()))?;
    let headers = response.headers().entries().collect();
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    Ok(HttpReply {
        status,
        headers,
        body,
    })
}
