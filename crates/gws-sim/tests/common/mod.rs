//! Shared helpers: a fast-timed simulator, a cookie-keeping GWS client, and a minimal
//! long-polling CometD client that collects notifications.
#![allow(dead_code)]

use gws_sim::{SimConfig, SimHandle, Simulator};
use serde_json::{Value, json};
use std::time::Duration;

pub const AGENT1_DEVICE: &str = "d5001-0000-4000-8000-000000005001";
pub const AGENT2_DEVICE: &str = "d5002-0000-4000-8000-000000005002";
/// Every wait in the tests is bounded by this.
pub const WAIT: Duration = Duration::from_secs(10);

pub fn fast_config() -> SimConfig {
    let mut c = SimConfig::default();
    c.timing.notification_delay_ms = 5;
    c.timing.answer_delay_ms = 100;
    c.timing.no_answer_ms = 300;
    c.timing.cometd_timeout_ms = 1500;
    c.timing.cometd_max_interval_ms = 1000;
    c.capabilities.recording = true;
    c.allowed_origins = vec![
        "http://crm.example.com".into(),
        "http://*.allowed.test".into(),
    ];
    c
}

pub async fn start() -> SimHandle {
    start_with(fast_config()).await
}

pub async fn start_with(config: SimConfig) -> SimHandle {
    Simulator::start(config).await.expect("simulator starts")
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(WAIT)
        .build()
        .expect("client")
}

/// A logged-in GWS client: Basic once, then the cookie and the CSRF token.
pub struct Gws {
    pub base: String,
    pub http: reqwest::Client,
    pub csrf: String,
}

impl Gws {
    pub async fn login(sim: &SimHandle, user: &str) -> Gws {
        let http = http();
        let base = sim.base_url().to_string();
        let r = http
            .get(format!("{base}/api/v2/me?subresources=*"))
            .basic_auth(user, Some("password"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let csrf = r
            .headers()
            .get("x-csrf-token")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        Gws { base, http, csrf }
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.post_raw(path, body.to_string()).await
    }

    pub async fn post_raw(&self, path: &str, body: String) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("X-CSRF-TOKEN", &self.csrf)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn start_session(&self) {
        let (s, b) = self
            .post(
                "/api/v2/me",
                json!({"operationName":"StartContactCenterSession","channels":["voice"]}),
            )
            .await;
        assert_eq!((s, b["statusCode"].as_i64()), (200, Some(0)), "{b}");
    }

    pub async fn dial(&self, device: &str, number: &str) -> (u16, Value) {
        self.post(
            &format!("/api/v2/me/devices/{device}/calls"),
            json!({"operationName":"Dial","destination":{"phoneNumber":number}}),
        )
        .await
    }

    pub async fn op(&self, call_id: &str, body: Value) -> (u16, Value) {
        self.post(&format!("/api/v2/me/calls/{call_id}"), body)
            .await
    }

    pub async fn calls(&self) -> Vec<Value> {
        let (_, b) = self.get("/api/v2/me/calls?fields=*").await;
        b["calls"].as_array().cloned().unwrap_or_default()
    }

    pub async fn admin(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

/// A minimal long-polling CometD client on the same cookie jar as a [`Gws`].
pub struct LongPoll {
    pub url: String,
    pub http: reqwest::Client,
    pub client_id: String,
    pub inbox: Vec<Value>,
}

impl LongPoll {
    pub async fn open(gws: &Gws, subscription: &str) -> LongPoll {
        let url = format!("{}/api/v2/notifications", gws.base);
        let reply = post_batch(&gws.http, &format!("{url}/handshake"), json!([{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"],"id":"1"}])).await;
        assert_eq!(reply[0]["successful"], true, "{reply}");
        let client_id = reply[0]["clientId"].as_str().unwrap().to_string();
        let mut lp = LongPoll {
            url,
            http: gws.http.clone(),
            client_id,
            inbox: vec![],
        };
        let r = lp.send(json!([{"channel":"/meta/subscribe","subscription":subscription,"clientId":lp.client_id,"id":"2"}])).await;
        assert_eq!(r[0]["successful"], true, "{r}");
        let r = lp.send(json!([{"channel":"/meta/connect","connectionType":"long-polling","clientId":lp.client_id,"advice":{"timeout":0},"id":"3"}])).await;
        assert!(
            r.as_array()
                .unwrap()
                .iter()
                .any(|m| m["channel"] == "/meta/connect" && m["successful"] == true),
            "{r}"
        );
        lp
    }

    pub async fn send(&mut self, batch: Value) -> Value {
        post_batch(&self.http, &self.url, batch).await
    }

    /// One held /meta/connect; data messages go to the inbox. Returns the connect reply.
    pub async fn poll(&mut self) -> Value {
        let r = self.send(json!([{"channel":"/meta/connect","connectionType":"long-polling","clientId":self.client_id,"id":"c"}])).await;
        let mut reply = Value::Null;
        for m in r.as_array().cloned().unwrap_or_default() {
            if m["channel"] == "/meta/connect" {
                reply = m;
            } else {
                // Everything the simulator publishes must be readable by the widget's wire model.
                if let Err(e) = gws_protocol::Notification::parse(&m) {
                    panic!("notification the widget cannot parse ({}): {m}", e.message);
                }
                // … and by the widget's lean decoders, which must agree with the derives.
                let channel = m["channel"].as_str().unwrap_or_default();
                match gws_protocol::lean::notification(channel, &m["data"]) {
                    Ok(lean) => {
                        if !matches!(lean.data, gws_protocol::NotificationData::Unknown { .. }) {
                            assert_eq!(
                                Some(lean),
                                gws_protocol::Notification::parse(&m).ok(),
                                "lean and derived decoders disagree on {m}"
                            );
                        }
                    }
                    Err(e) => panic!("lean decoder refuses ({}): {m}", e.message),
                }
                self.inbox.push(m);
            }
        }
        reply
    }

    /// Polls until a message satisfies `pred` (bounded by [`WAIT`]); returns and removes it.
    pub async fn expect(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Some(pos) = self.inbox.iter().position(&pred) {
                return self.inbox.remove(pos);
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {what}; got {:#?}",
                self.inbox
            );
            let reply = self.poll().await;
            assert_eq!(reply["successful"], true, "connect failed: {reply}");
        }
    }

    /// The next call notification with this state (any call).
    pub async fn call_state(&mut self, state: &str) -> Value {
        self.expect(&format!("call state {state}"), |m| {
            m["channel"] == "/v2/me/calls" && m["data"]["call"]["state"] == state
        })
        .await
    }
}

pub async fn post_batch(http: &reqwest::Client, url: &str, batch: Value) -> Value {
    let r = http
        .post(url)
        .header("Content-Type", "application/json")
        .body(batch.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "CometD POST {url}");
    r.json().await.unwrap()
}

/// The sorted key set of a JSON object.
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    k.sort();
    k
}

pub fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../../../shared/fixtures/gws-8.5-captures/notifications/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
        .unwrap()
}

/// An HTTP/1.1 answer read off a raw socket.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request with `Connection: close`, bytes exactly as given (so paths keep their `..`,
/// `%2e`, NUL or non-UTF-8 bytes: reqwest's URL parser would normalise them). `headers` are
/// raw bytes too; `Host`, `Content-Length` and `Connection` are added.
pub fn raw_request_bytes(
    method: &str,
    target: &[u8],
    headers: &[(&str, Vec<u8>)],
    body: &[u8],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 + target.len() + body.len());
    out.extend_from_slice(method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(target);
    out.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(v);
        out.extend_from_slice(b"\r\n");
    }
    if !body.is_empty() || method == "POST" || method == "PUT" {
        out.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

/// Sends `request` on a new connection and reads the answer until the server closes it.
pub async fn raw_exchange(
    addr: std::net::SocketAddr,
    request: &[u8],
) -> Result<RawResponse, String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let exchange = async {
        let mut s = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        // The server may answer (e.g. 413) and close before reading the whole body.
        let _ = s.write_all(request).await;
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf).await;
        parse_raw_response(&buf, request.starts_with(b"HEAD "))
    };
    tokio::time::timeout(WAIT, exchange)
        .await
        .map_err(|_| "no answer in time".to_string())?
}

/// Parses a whole answer; `head_request`: the request was HEAD (no body whatever the headers say).
pub fn parse_raw_response(buf: &[u8], head_request: bool) -> Result<RawResponse, String> {
    let end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no complete response head ({} bytes)", buf.len()))?;
    let head = String::from_utf8_lossy(&buf[..end]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &buf[end + 4..];
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if head_request {
        Vec::new()
    } else if chunked {
        let mut body = Vec::new();
        let mut at = 0;
        loop {
            let line_end = rest[at..]
                .windows(2)
                .position(|w| w == b"\r\n")
                .ok_or("truncated chunk size")?;
            let size_text = String::from_utf8_lossy(&rest[at..at + line_end]);
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|e| format!("bad chunk size {size_text:?}: {e}"))?;
            at += line_end + 2;
            if size == 0 {
                break;
            }
            body.extend_from_slice(rest.get(at..at + size).ok_or("truncated chunk")?);
            at += size + 2;
        }
        body
    } else {
        let len = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(rest.len());
        rest.get(..len).ok_or("truncated body")?.to_vec()
    };
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}
