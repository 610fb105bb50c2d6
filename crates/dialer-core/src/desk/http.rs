//! HTTP as the desk sees it: requests it asks the shell to send, replies the shell feeds back.
//! No IO here: the shell (fetch in the browser, a script in tests) executes them.

/// Identifies one request the desk asked for; the reply must come back with the same id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestId(pub u64);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest {
    pub id: RequestId,
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// JSON text.
    pub body: Option<String>,
    /// Give up (abort) after this long and report [`NetworkError::timed_out`]. `None` for CometD
    /// long-polls, which the server holds on purpose and the bayeux client times itself.
    pub timeout_ms: Option<u32>,
}

impl HttpRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    pub fn is_post(&self) -> bool {
        self.method == Method::Post
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
        header(&self.headers, name)
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A request that got no HTTP answer at all: offline, DNS, CORS refusal, or aborted on timeout.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkError {
    pub detail: String,
    /// Aborted because `timeout_ms` passed (the server may still have acted on it).
    pub timed_out: bool,
}

impl NetworkError {
    pub fn new(detail: impl Into<String>) -> Self {
        NetworkError {
            detail: detail.into(),
            timed_out: false,
        }
    }

    pub fn timeout(after_ms: u32) -> Self {
        NetworkError {
            detail: format!("no answer within {} s", after_ms / 1000),
            timed_out: true,
        }
    }
}

pub type HttpResult = Result<HttpReply, NetworkError>;

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `Authorization: Basic …` for the one login request. The password lives only in the request.
pub fn basic_auth(user: &str, password: &str) -> String {
    let mut out = String::from("Basic ");
    base64_into(format!("{user}:{password}").as_bytes(), &mut out);
    out
}

fn base64_into(bytes: &[u8], out: &mut String) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
}

/// The CSRF pair GWS hands out on GET answers: `X-CSRF-HEADER` names the header to echo (it is
/// `X-CSRF-TOKEN` in every known deployment), `X-CSRF-TOKEN` is the value.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Csrf {
    pair: Option<(String, String)>,
}

impl Csrf {
    pub fn capture(&mut self, reply: &HttpReply) {
        let Some(token) = reply.header(gws_protocol::paths::CSRF_TOKEN_HEADER) else {
            return;
        };
        let name = reply
            .header(gws_protocol::paths::CSRF_HEADER_NAME_HEADER)
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .unwrap_or(gws_protocol::paths::CSRF_TOKEN_HEADER);
        let token = reply.header(name).unwrap_or(token);
        self.pair = Some((name.to_string(), token.to_string()));
    }

    pub fn clear(&mut self) {
        self.pair = None;
    }

    pub fn header(&self) -> Option<(String, String)> {
        self.pair.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_is_rfc4648_base64() {
        assert_eq!(
            basic_auth("agent1", "password"),
            "Basic YWdlbnQxOnBhc3N3b3Jk"
        );
        assert_eq!(basic_auth("a", ""), "Basic YTo=");
        assert_eq!(basic_auth("ab", ""), "Basic YWI6");
        assert_eq!(basic_auth("", ""), "Basic Og==");
    }

    #[test]
    fn csrf_echoes_the_named_header() {
        let mut csrf = Csrf::default();
        let mut reply = HttpReply::json(200, "{}");
        reply.headers = vec![
            ("x-csrf-header".into(), "X-CSRF-TOKEN".into()),
            ("x-csrf-token".into(), "t1".into()),
        ];
        csrf.capture(&reply);
        assert_eq!(csrf.header(), Some(("X-CSRF-TOKEN".into(), "t1".into())));
        csrf.capture(&HttpReply::json(200, "{}"));
        assert_eq!(
            csrf.header(),
            Some(("X-CSRF-TOKEN".into(), "t1".into())),
            "kept"
        );
        csrf.clear();
        assert_eq!(csrf.header(), None);
    }
}
