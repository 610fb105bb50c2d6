//! GWS REST client: base URL handling, Basic auth on the login request only, and the CSRF
//! token captured from GET responses and sent on every POST (REST and CometD long-polling).

use std::cell::RefCell;
use std::rc::Rc;

use base64::Engine as _;
use serde::Serialize;

use super::transport::{HttpReply, HttpRequest, Method, NetworkError, Transport};

/// How long a REST request may take before the widget gives up and says so. Never retried:
/// for a Dial the resync after it shows whether the call was placed after all.
pub const REST_TIMEOUT_MS: u32 = 15_000;

/// Header names GWS uses: `X-CSRF-HEADER` names the header to send, `X-CSRF-TOKEN` is the value.
const CSRF_HEADER_NAME_HEADER: &str = "X-CSRF-HEADER";
const CSRF_TOKEN_HEADER: &str = "X-CSRF-TOKEN";

/// Login credentials, held only for the duration of the one login request.
pub struct Credentials {
    pub user: String,
    pub password: String,
}

impl Credentials {
    fn basic_header(&self) -> String {
        let raw = format!("{}:{}", self.user, self.password);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw.as_bytes())
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Csrf {
    header: String,
    token: String,
}

#[derive(Clone)]
pub struct GwsHttp {
    base: String,
    transport: Transport,
    csrf: Rc<RefCell<Option<Csrf>>>,
}

impl GwsHttp {
    /// `base` is the GWS origin (plus optional path prefix), without a trailing slash.
    pub fn new(base: &str, transport: Transport) -> Self {
        GwsHttp {
            base: base.trim_end_matches('/').to_string(),
            transport,
            csrf: Rc::new(RefCell::new(None)),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// GET `path`. `credentials` only for the explicit login request; never remembered.
    pub async fn get(
        &self,
        path: &str,
        credentials: Option<&Credentials>,
    ) -> Result<HttpReply, NetworkError> {
        let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
        if let Some(c) = credentials {
            headers.push(("Authorization".to_string(), c.basic_header()));
        }
        let reply = (self.transport)(HttpRequest {
            method: Method::Get,
            url: self.url(path),
            headers,
            body: None,
            timeout_ms: Some(REST_TIMEOUT_MS),
        })
        .await?;
        self.capture_csrf(&reply);
        Ok(reply)
    }

    /// POST a JSON operation to `path`.
    pub async fn post_json<B: Serialize + ?Sized>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<HttpReply, NetworkError> {
        let text = serde_json::to_string(body).map_err(|e| NetworkError(e.to_string()))?;
        self.post(&self.url(path), text, Some(REST_TIMEOUT_MS))
            .await
    }

    /// POST an already serialised JSON body to an absolute URL (CometD long-polling uses this so
    /// its requests carry the same CSRF token as REST; the bayeux client times them itself).
    pub async fn post_text(&self, url: &str, body: String) -> Result<HttpReply, NetworkError> {
        self.post(url, body, None).await
    }

    async fn post(
        &self,
        url: &str,
        body: String,
        timeout_ms: Option<u32>,
    ) -> Result<HttpReply, NetworkError> {
        let mut headers = vec![
            ("Content-Type".to_string(), "application/json".to_string()),
            ("Accept".to_string(), "application/json".to_string()),
        ];
        if let Some(csrf) = self.csrf.borrow().as_ref() {
            headers.push((csrf.header.clone(), csrf.token.clone()));
        }
        (self.transport)(HttpRequest {
            method: Method::Post,
            url: url.to_string(),
            headers,
            body: Some(body),
            timeout_ms,
        })
        .await
    }

    /// Forget the CSRF token (it belongs to the HTTP session, which logout invalidates).
    pub fn clear_session(&self) {
        *self.csrf.borrow_mut() = None;
    }

    fn capture_csrf(&self, reply: &HttpReply) {
        let Some(token) = reply.header(CSRF_TOKEN_HEADER) else {
            return;
        };
        // X-CSRF-HEADER names the header to echo; it is X-CSRF-TOKEN in every known deployment.
        let header = reply
            .header(CSRF_HEADER_NAME_HEADER)
            .filter(|h| !h.trim().is_empty())
            .unwrap_or(CSRF_TOKEN_HEADER);
        let token = reply.header(header).unwrap_or(token);
        *self.csrf.borrow_mut() = Some(Csrf {
            header: header.trim().to_string(),
            token: token.to_string(),
        });
    }
}
