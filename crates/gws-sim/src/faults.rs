//! Fault injection and request accounting for tests: fail the next N requests with 503/4,
//! refuse WebSocket upgrades, count requests per operation and keep the last bodies.

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

#[derive(Debug, Default)]
pub struct Faults {
    failure: Mutex<Failure>,
    refuse_ws: AtomicBool,
    counters: Mutex<Counters>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// "/api/v2/me/calls/ABC" → "/api/v2/me/calls/{id}" so counters group by endpoint.
pub fn route_key(path: &str) -> String {
    let segs: Vec<&str> = path.split('/').collect();
    let mut out = Vec::with_capacity(segs.len());
    for (i, s) in segs.iter().enumerate() {
        let prev = if i > 0 { segs[i - 1] } else { "" };
        let is_id = matches!(
            prev,
            "calls" | "devices" | "outbound-campaigns" | "outbound-records" | "users"
        ) && !s.is_empty()
            && i >= 4;
        out.push(if is_id { "{id}" } else { s });
    }
    out.join("/")
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

    pub fn record(&self, method: &str, path: &str, body: Option<Value>, injected_failure: bool) {
        let operation_name = body
            .as_ref()
            .and_then(|b| b.get("operationName"))
            .and_then(Value::as_str)
            .map(|op| counted_operation(op).unwrap_or("(invalid)").to_string());
        let mut c = lock(&self.counters);
        bump(&mut c.requests, &format!("{method} {}", route_key(path)));
        if let Some(op) = &operation_name {
            bump(&mut c.operations, op);
            if let Some(b) = &body
                && (c.last_bodies.contains_key(op) || c.last_bodies.len() < MAX_KEYS)
            {
                c.last_bodies.insert(op.clone(), b.clone());
            }
        }
        if c.recent.len() >= RECENT_LIMIT {
            c.recent.pop_front();
        }
        c.recent.push_back(RecordedRequest {
            method: method.to_string(),
            path: path.to_string(),
            operation_name,
            body,
            injected_failure,
        });
    }

    pub fn counters_json(&self) -> Value {
        serde_json::to_value(&*lock(&self.counters)).unwrap_or_default()
    }

    pub fn reset_counters(&self) {
        *lock(&self.counters) = Counters::default();
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
