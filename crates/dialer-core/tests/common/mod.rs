//! Shared test helpers: the real GWS 8.5 captures and small call/notification builders.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use gws_protocol::{Call, CallState, Notification};
use serde_json::{Value, json};

/// `GWS_FIXTURES_DIR` (the folder holding `gws-8.5-captures/`), else `/work/shared/fixtures`
/// reached from this crate (same convention as gws-protocol's tests).
pub fn fixtures_root() -> PathBuf {
    match std::env::var_os("GWS_FIXTURES_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"),
    }
}

/// A captured notification, e.g. `capture("03-CallStateChangeMessage-StatusChange-Ringing")`.
/// Fails the test when the file is missing, so a wrong path can't pass vacuously.
pub fn capture(name: &str) -> Notification {
    let path = fixtures_root()
        .join("gws-8.5-captures/notifications")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    let value: Value = serde_json::from_str(&text).expect("fixture is JSON");
    Notification::parse(&value).expect("fixture parses")
}

/// A docs sample notification (`gws-docs-samples/<name>.json`).
pub fn docs_sample(name: &str) -> Notification {
    let path = fixtures_root()
        .join("gws-docs-samples")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    let value: Value = serde_json::from_str(&text).expect("fixture is JSON");
    Notification::parse(&value).expect("fixture parses")
}

/// A call with the given id, state, other party and capabilities.
pub fn call(id: &str, state: CallState, party: &str, caps: &[&str]) -> Call {
    let mut call = Call::new(id, state);
    call.participants = vec![party.into()];
    call.capabilities = caps.iter().map(|c| c.to_string()).collect();
    call
}

/// A `/v2/me/calls` StatusChange notification for `call`, with an optional server timestamp.
pub fn status_change(call: &Call, server_ts: Option<i64>) -> Notification {
    notification_of_type("StatusChange", call, server_ts)
}

pub fn notification_of_type(kind: &str, call: &Call, server_ts: Option<i64>) -> Notification {
    let mut data = json!({
        "messageType": "CallStateChangeMessage",
        "notificationType": kind,
        "call": call,
        "phoneNumber": "1002",
    });
    if let Some(ts) = server_ts {
        data["metrics"] = json!({"eventProcessing": {"serverGenerationTimestamp": ts}});
    }
    Notification::parse(&json!({"channel": "/v2/me/calls", "data": data})).expect("parses")
}
