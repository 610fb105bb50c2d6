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
