//! Client side of the CometD acknowledgement extension (`ext.ack`), as in
//! CometD's AckExtension.js: ask on handshake, enable only if the server agrees,
//! then echo the last batch id on every `/meta/connect`.

use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Default)]
pub(crate) struct AckState {
    /// The server's handshake reply said it supports acks.
    pub(crate) enabled: bool,
    /// Last batch id received on a successful `/meta/connect` reply.
    pub(crate) batch: i64,
}

impl AckState {
    /// A new handshake starts from scratch (server support unknown, batch 0).
    pub(crate) fn reset(&mut self) {
        *self = AckState::default();
    }

    /// Old format `ext.ack: true`, new format `ext.ack: {enabled: true, batch: N}`.
    pub(crate) fn on_handshake_reply(&mut self, ext: Option<&Value>) {
        self.reset();
        match ext.and_then(|e| e.get("ack")) {
            Some(Value::Bool(b)) => self.enabled = *b,
            Some(Value::Object(o)) => {
                self.enabled = o.get("enabled") == Some(&Value::Bool(true));
                if let Some(batch) = o.get("batch").and_then(Value::as_i64) {
                    self.batch = batch;
                }
            }
            _ => {}
        }
    }

    pub(crate) fn on_connect_reply(&mut self, ext: Option<&Value>) {
        if !self.enabled {
            return;
        }
        if let Some(batch) = ext.and_then(|e| e.get("ack")).and_then(Value::as_i64) {
            self.batch = batch;
        }
    }

    /// The `ext` for an outgoing `/meta/connect`, if acks are on.
    pub(crate) fn connect_ext(&self) -> Option<Value> {
        self.enabled.then(|| json!({ "ack": self.batch }))
    }
}

/// The handshake `ext`: the configured one plus `ack: true` when the extension is on.
/// A configured `ext` that is not a JSON object is sent unchanged (we cannot add a field to it).
pub(crate) fn handshake_ext(configured: Option<&Value>, ack: bool) -> Option<Value> {
    match (configured, ack) {
        (None, false) => None,
        (Some(v), false) => Some(v.clone()),
        (Some(Value::Object(o)), true) => {
            let mut o = o.clone();
            o.insert("ack".into(), Value::Bool(true));
            Some(Value::Object(o))
        }
        (Some(v), true) => Some(v.clone()),
        (None, true) => {
            let mut o = Map::new();
            o.insert("ack".into(), Value::Bool(true));
            Some(Value::Object(o))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_and_new_handshake_formats() {
        let mut a = AckState::default();
        a.on_handshake_reply(Some(&json!({"ack": true})));
        assert!(a.enabled);
        assert_eq!(a.batch, 0);
        a.on_handshake_reply(Some(&json!({"ack": {"enabled": true, "batch": 5}})));
        assert!(a.enabled);
        assert_eq!(a.batch, 5);
        a.on_handshake_reply(Some(&json!({"ack": {"enabled": false}})));
        assert!(!a.enabled);
        a.on_handshake_reply(None);
        assert!(!a.enabled);
        assert_eq!(a.connect_ext(), None);
    }

    #[test]
    fn connect_replies_move_the_batch_only_when_enabled() {
        let mut a = AckState::default();
        a.on_connect_reply(Some(&json!({"ack": 3})));
        assert_eq!(a.batch, 0);
        a.on_handshake_reply(Some(&json!({"ack": true})));
        a.on_connect_reply(Some(&json!({"ack": 3})));
        assert_eq!(a.connect_ext(), Some(json!({"ack": 3})));
        a.on_connect_reply(Some(&json!({"other": 1})));
        assert_eq!(a.connect_ext(), Some(json!({"ack": 3})));
    }

    #[test]
    fn handshake_ext_merges_ack_flag() {
        assert_eq!(handshake_ext(None, false), None);
        assert_eq!(handshake_ext(None, true), Some(json!({"ack": true})));
        assert_eq!(
            handshake_ext(Some(&json!({"auth": "x"})), true),
            Some(json!({"auth": "x", "ack": true}))
        );
        assert_eq!(handshake_ext(Some(&json!(1)), true), Some(json!(1)));
    }
}
