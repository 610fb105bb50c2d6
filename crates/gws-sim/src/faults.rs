//! Fault injection and request accounting for tests: fail the next N requests with 503/4,
//! refuse WebSocket upgrades, count requests per operation and keep the last bodies.

use axum::body::Bytes;
use axum::http::{Method, Uri};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

const RECENT_LIMIT: usize = 100;
/// Distinct keys kept per counter map: request paths and operation names come from clients, so
/// hostile ones must not grow the maps without bound. Later keys are counted under `(other)`.
const MAX_KEYS: usize = 256;
const MAX_KEY_CHARS: usize = 200;

/// Counts under `key`, or under `(other)` once the map holds [`MAX_KEYS`] keys.
fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    // Every request is counted: no allocation for a key counted before.
    if key.len() <= MAX_KEY_CHARS
        && let Some(n) = map.get_mut(key)
    {
        *n += 1;
        return;
    }
    let key: String = key.chars().take(MAX_KEY_CHARS).collect();
    let key = if map.contains_key(&key) || map.len() < MAX_KEYS {
        key
    } else {
        "(other)".to_string()
    };
    *map.entry(key).or_default() += 1;
}

/// An `operationName` worth its own counter: a plausible GWS operation name.
fn counted_operation(name: &str) -> Option<&str> {
    (!name.is_empty() && name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then_some(name)
}

#[derive(Debug, Default)]
struct Failure {
    remaining: u32,
    path_prefix: Option<String>,
    status: u16,
    message: String,
    /// Hold the injected reply this long: a server that hangs, for clients' own timeouts.
    delay_ms: u64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub operation_name: Option<String>,
    pub body: Option<Value>,
    pub injected_failure: bool,
}

/// What [`Faults::counters_json`] shows.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counters {
    /// By `operationName` (e.g. "Dial"), for POST bodies that carry one.
    pub operations: BTreeMap<String, u64>,
    /// By "METHOD /path/with/{id}".
    pub requests: BTreeMap<String, u64>,
    /// The last body seen for each operationName.
    pub last_bodies: BTreeMap<String, Value>,
    pub recent: VecDeque<RecordedRequest>,
}

/// A recorded request as kept: the body as its bytes (a JSON object; parsed when the counters
/// are read, not for every request).
#[derive(Debug)]
struct Recorded {
    method: Method,
    uri: Uri,
    operation_name: Option<String>,
    body: Option<Bytes>,
    injected_failure: bool,
}

#[derive(Debug, Default)]
struct Kept {
    operations: BTreeMap<String, u64>,
    requests: BTreeMap<String, u64>,
    last_bodies: BTreeMap<String, Bytes>,
    recent: VecDeque<Recorded>,
    /// Reused for each request's counter key.
    key: String,
}

/// What the counters read of a body: whether it is a JSON object, and its `operationName`
/// when that is a string. Equal to parsing it into a `Value` (tested), without building one
/// for every request.
fn probe(body: &[u8]) -> (bool, Option<String>) {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(rename = "operationName", default)]
        operation_name: Option<Value>,
    }
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        return (false, None);
    }
    match serde_json::from_slice::<Probe>(body) {
        Ok(p) => (
            true,
            p.operation_name
                .and_then(|v| v.as_str().map(str::to_string)),
        ),
        // A duplicate `operationName` (the derive refuses it; `Value` keeps the last one).
        Err(_) => match serde_json::from_slice::<Value>(body) {
            Ok(v) if v.is_object() => (
                true,
                v.get("operationName")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            ),
            _ => (false, None),
        },
    }
}

#[derive(Debug, Default)]
pub struct Faults {
    failure: Mutex<Failure>,
    refuse_ws: AtomicBool,
    counters: Mutex<Kept>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// "/api/v2/me/calls/ABC" → "/api/v2/me/calls/{id}" so counters group by endpoint.
pub fn route_key(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    write_route_key(&mut out, path);
    out
}

/// [`route_key`] appended to `out`.
fn write_route_key(out: &mut String, path: &str) {
    let mut prev = "";
    let mut start = 0;
    // Segment by segment ('/' is ASCII, so every slice is a str boundary).
    let ends = path
        .bytes()
        .enumerate()
        .filter_map(|(j, b)| (b == b'/').then_some(j))
        .chain([path.len()]);
    for (i, end) in ends.enumerate() {
        let s = &path[start..end];
        let is_id = matches!(
            prev,
            "calls" | "devices" | "outbound-campaigns" | "outbound-records" | "users"
        ) && !s.is_empty()
            && i >= 4;
        if i > 0 {
            out.push('/');
        }
        out.push_str(if is_id { "{id}" } else { s });
        prev = s;
        start = end + 1;
    }
}

impl Faults {
    pub fn fail_next(
        &self,
        count: u32,
        path_prefix: Option<String>,
        status: Option<u16>,
        message: Option<String>,
        delay_ms: Option<u64>,
    ) {
        *lock(&self.failure) = Failure {
            remaining: count,
            path_prefix,
            status: status.unwrap_or(503),
            message: message
                .unwrap_or_else(|| "Voice service is not available at this time".to_string()),
            delay_ms: delay_ms.unwrap_or(0),
        };
    }

    /// Consumes one injected failure if this path is targeted: the error to answer with, and
    /// how long to hold it first.
    pub fn take_failure(&self, path: &str) -> Option<(crate::error::GwsError, u64)> {
        let mut f = lock(&self.failure);
        if f.remaining == 0
            || f.path_prefix
                .as_deref()
                .is_some_and(|p| !path.starts_with(p))
        {
            return None;
        }
        f.remaining -= 1;
        Some((
            crate::error::GwsError::new(crate::error::code::INTERNAL_ERROR, f.message.clone())
                .with_http(f.status),
            f.delay_ms,
        ))
    }

    pub fn pending_failures(&self) -> u32 {
        lock(&self.failure).remaining
    }

    pub fn set_refuse_websocket(&self, refuse: bool) {
        self.refuse_ws.store(refuse, Ordering::SeqCst);
    }

    pub fn refuse_websocket(&self) -> bool {
        self.refuse_ws.load(Ordering::SeqCst)
    }

    /// Records a request (`body` as parsed JSON; see [`Faults::record_bytes`]).
    pub fn record(&self, method: &str, path: &str, body: Option<Value>, injected_failure: bool) {
        let body = body
            .filter(Value::is_object)
            .map(|b| Bytes::from(b.to_string()))
            .unwrap_or_default();
        let uri: Uri = path.parse().unwrap_or_default();
        let method = Method::from_bytes(method.as_bytes()).unwrap_or_default();
        self.record_bytes(&method, &uri, &body, injected_failure);
    }

    /// Records a request: counted by method and route, by `operationName` when its body is a
    /// JSON object carrying one, and kept among the recent ones (bodies other than JSON
    /// objects, e.g. CometD batches, are not kept).
    pub fn record_bytes(&self, method: &Method, uri: &Uri, body: &Bytes, injected_failure: bool) {
        let (object, operation_name) = probe(body);
        let operation_name =
            operation_name.map(|op| counted_operation(&op).unwrap_or("(invalid)").to_string());
        let body = object.then(|| body.clone());
        let mut guard = lock(&self.counters);
        let c = &mut *guard;
        c.key.clear();
        c.key.push_str(method.as_str());
        c.key.push(' ');
        write_route_key(&mut c.key, uri.path());
        bump(&mut c.requests, &c.key);
        if let Some(op) = &operation_name {
            bump(&mut c.operations, op);
            if let Some(b) = &body {
                if let Some(last) = c.last_bodies.get_mut(op) {
                    *last = b.clone();
                } else if c.last_bodies.len() < MAX_KEYS {
                    c.last_bodies.insert(op.clone(), b.clone());
                }
            }
        }
        if c.recent.len() >= RECENT_LIMIT {
            c.recent.pop_front();
        }
        c.recent.push_back(Recorded {
            method: method.clone(),
            uri: uri.clone(),
            operation_name,
            body,
            injected_failure,
        });
    }

    pub fn counters_json(&self) -> Value {
        let parse = |b: &Bytes| serde_json::from_slice::<Value>(b).unwrap_or_default();
        let counters = {
            let c = lock(&self.counters);
            Counters {
                operations: c.operations.clone(),
                requests: c.requests.clone(),
                last_bodies: c
                    .last_bodies
                    .iter()
                    .map(|(op, b)| (op.clone(), parse(b)))
                    .collect(),
                recent: c
                    .recent
                    .iter()
                    .map(|r| RecordedRequest {
                        method: r.method.to_string(),
                        path: r.uri.path().to_string(),
                        operation_name: r.operation_name.clone(),
                        body: r.body.as_ref().map(parse),
                        injected_failure: r.injected_failure,
                    })
                    .collect(),
            }
        };
        serde_json::to_value(&counters).unwrap_or_default()
    }

    pub fn reset_counters(&self) {
        *lock(&self.counters) = Kept::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_keys_hide_ids() {
        assert_eq!(route_key("/api/v2/me/calls/ABC"), "/api/v2/me/calls/{id}");
        assert_eq!(
            route_key("/api/v2/me/devices/d1/calls"),
            "/api/v2/me/devices/{id}/calls"
        );
        assert_eq!(route_key("/api/v2/me/calls"), "/api/v2/me/calls");
        for path in [
            "",
            "/",
            "//",
            "/api//v2/",
            "/api/v2/users/u1/x",
            "a/b/c/calls/x",
        ] {
            let old: Vec<&str> = {
                let segs: Vec<&str> = path.split('/').collect();
                segs.iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let prev = if i > 0 { segs[i - 1] } else { "" };
                        let id = matches!(prev, "calls" | "users") && !s.is_empty() && i >= 4;
                        if id { "{id}" } else { s }
                    })
                    .collect()
            };
            assert_eq!(route_key(path), old.join("/"), "{path:?}");
        }
    }

    #[test]
    fn hostile_paths_and_operation_names_cannot_grow_the_counters() {
        let f = Faults::default();
        for i in 0..2 * MAX_KEYS {
            let body = serde_json::json!({"operationName": format!("Op{i}")});
            f.record(
                "POST",
                &format!("/api/v2/notifications/x{i}"),
                Some(body),
                false,
            );
        }
        let long = "x".repeat(10_000);
        f.record(
            "POST",
            "/api/v2/me",
            Some(serde_json::json!({"operationName": long})),
            false,
        );
        f.record(
            "POST",
            "/api/v2/me",
            Some(serde_json::json!({"operationName": "Dial"})),
            false,
        );
        let c = f.counters_json();
        let ops = c["operations"].as_object().unwrap();
        assert_eq!(
            ops.len(),
            MAX_KEYS + 1,
            "the first {MAX_KEYS} names and (other)"
        );
        assert_eq!(ops["(other)"], 2 * MAX_KEYS as u64 - MAX_KEYS as u64 + 2);
        assert!(c["requests"].as_object().unwrap().len() <= MAX_KEYS + 1);
        assert!(c["lastBodies"].as_object().unwrap().len() <= MAX_KEYS);
        assert!(counted_operation("Dial").is_some());
        assert!(counted_operation("Di al").is_none() && counted_operation("").is_none());
    }

    #[test]
    fn the_probe_reads_what_a_parsed_value_would() {
        for body in [
            r#"{"operationName":"Dial","destination":{"phoneNumber":"5551234"}}"#,
            r#"  {"x":[1,2,{"operationName":"Nested"}]}"#,
            r#"{"operationName":7}"#,
            r#"{"operationName":"First","operationName":"Last"}"#,
            r#"[{"channel":"/meta/connect"}]"#,
            r#"{"operationName":"Dial"} trailing"#,
            r#"{"operationName":"Dial""#,
            "",
            "   ",
            "null",
            r#""text""#,
        ] {
            let v = serde_json::from_str::<Value>(body)
                .ok()
                .filter(Value::is_object);
            let expected = (
                v.is_some(),
                v.as_ref()
                    .and_then(|v| v.get("operationName"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
            );
            assert_eq!(probe(body.as_bytes()), expected, "{body}");
        }
    }

    #[test]
    fn recorded_requests_read_back_as_json() {
        let f = Faults::default();
        let body = Bytes::from_static(br#"{"operationName":"Dial","n":1}"#);
        let uri: Uri = "/api/v2/me/devices/d1/calls?x=1".parse().unwrap();
        f.record_bytes(&Method::POST, &uri, &body, false);
        f.record_bytes(&Method::POST, &uri, &body, true);
        let batch = Bytes::from_static(br#"[{"channel":"/meta/connect"}]"#);
        f.record_bytes(
            &Method::POST,
            &"/api/v2/notifications".parse().unwrap(),
            &batch,
            false,
        );
        let c = f.counters_json();
        assert_eq!(c["operations"]["Dial"], 2);
        assert_eq!(c["requests"]["POST /api/v2/me/devices/{id}/calls"], 2);
        assert_eq!(c["requests"]["POST /api/v2/notifications"], 1);
        assert_eq!(
            c["lastBodies"]["Dial"],
            serde_json::json!({"operationName":"Dial","n":1})
        );
        let recent = c["recent"].as_array().unwrap();
        assert_eq!(recent.len(), 3);
        assert_eq!(
            recent[1],
            serde_json::json!({"method":"POST","path":"/api/v2/me/devices/d1/calls",
                "operationName":"Dial","body":{"operationName":"Dial","n":1},"injectedFailure":true})
        );
        assert_eq!(recent[2]["body"], Value::Null);
        assert_eq!(recent[2]["operationName"], Value::Null);
        f.reset_counters();
        assert_eq!(f.counters_json()["recent"], serde_json::json!([]));
    }

    #[test]
    fn failures_are_consumed_and_path_scoped() {
        let f = Faults::default();
        f.fail_next(1, Some("/api/v2/me/devices".into()), None, None, Some(250));
        assert!(f.take_failure("/api/v2/me").is_none());
        let (e, delay_ms) = f.take_failure("/api/v2/me/devices/x/calls").unwrap();
        assert_eq!(delay_ms, 250);
        assert_eq!((e.code, e.http), (4, Some(503)));
        assert!(f.take_failure("/api/v2/me/devices/x/calls").is_none());
    }
}
