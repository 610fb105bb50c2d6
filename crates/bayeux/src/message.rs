//! Bayeux 1.0 messages and batches (what travels in a WebSocket frame or a
//! long-polling HTTP body).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::advice::Advice;
use crate::error::BayeuxError;

pub const META_HANDSHAKE: &str = "/meta/handshake";
pub const META_CONNECT: &str = "/meta/connect";
pub const META_SUBSCRIBE: &str = "/meta/subscribe";
pub const META_UNSUBSCRIBE: &str = "/meta/unsubscribe";
pub const META_DISCONNECT: &str = "/meta/disconnect";

/// The Bayeux protocol version this crate speaks.
pub const BAYEUX_VERSION: &str = "1.0";

/// One Bayeux message. Every field except `channel` is optional; anything the
/// server adds that we do not model (`timestamp`, `authSuccessful`, …) is kept
/// in `extra` so a round trip loses nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub channel: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_id"
    )]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successful: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<Advice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supported_connection_types: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription: Option<Subscription>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `subscription` is a single channel name/pattern or an array of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Subscription {
    One(String),
    Many(Vec<String>),
}

impl Subscription {
    /// The channel names/patterns, whatever the wire shape.
    pub fn channels(&self) -> Vec<&str> {
        match self {
            Subscription::One(c) => vec![c.as_str()],
            Subscription::Many(cs) => cs.iter().map(String::as_str).collect(),
        }
    }
}

impl From<&str> for Subscription {
    fn from(c: &str) -> Self {
        Subscription::One(c.to_string())
    }
}

impl Message {
    /// An otherwise empty message on `channel`.
    pub fn new(channel: impl Into<String>) -> Self {
        Message {
            channel: channel.into(),
            ..Message::default()
        }
    }

    /// A data (publish/delivery) message `{channel, data}`.
    pub fn data(channel: impl Into<String>, data: Value) -> Self {
        Message {
            channel: channel.into(),
            data: Some(data),
            ..Message::default()
        }
    }

    /// A meta reply skeleton echoing `request`'s channel and id.
    pub fn reply_to(request: &Message, successful: bool) -> Self {
        Message {
            channel: request.channel.clone(),
            id: request.id.clone(),
            client_id: request.client_id.clone(),
            successful: Some(successful),
            ..Message::default()
        }
    }

    /// `/meta/**` messages are protocol messages, never application data.
    pub fn is_meta(&self) -> bool {
        crate::channel::is_meta(&self.channel)
    }

    /// `successful == Some(true)`.
    pub fn is_successful(&self) -> bool {
        self.successful == Some(true)
    }

    /// The numeric code of `error` (e.g. 402 for "402::Unknown client").
    pub fn error_code(&self) -> Option<u16> {
        self.error
            .as_deref()
            .and_then(BayeuxError::parse_code)
            .map(|(code, _, _)| code)
    }
}

/// Ids are strings in Bayeux, but a sloppy peer may send a number; keep it as text.
fn lenient_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// Parse a batch: a JSON array of messages, or (leniently) one message object.
pub fn parse_batch(text: &str) -> Result<Vec<Message>, BayeuxError> {
    let value: Value = serde_json::from_str(text).map_err(|e| BayeuxError::Json(e.to_string()))?;
    parse_batch_value(value)
}

/// Like [`parse_batch`] for an already-parsed JSON value.
pub fn parse_batch_value(value: Value) -> Result<Vec<Message>, BayeuxError> {
    match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| parse_one(item, Some(i)))
            .collect(),
        obj @ Value::Object(_) => Ok(vec![parse_one(obj, None)?]),
        other => Err(BayeuxError::NotAMessage(format!(
            "expected a JSON array of messages or one message object, got {}",
            json_kind(&other)
        ))),
    }
}

fn parse_one(value: Value, index: Option<usize>) -> Result<Message, BayeuxError> {
    let where_ = index.map_or_else(String::new, |i| format!("message {i}: "));
    let Value::Object(map) = &value else {
        return Err(BayeuxError::NotAMessage(format!(
            "{where_}expected an object, got {}",
            json_kind(&value)
        )));
    };
    match map.get("channel") {
        Some(Value::String(_)) => {}
        Some(other) => {
            return Err(BayeuxError::NotAMessage(format!(
                "{where_}'channel' must be a string, got {}",
                json_kind(other)
            )));
        }
        None => {
            return Err(BayeuxError::NotAMessage(format!(
                "{where_}the 'channel' field is missing"
            )));
        }
    }
    message_from_map(map).map_err(|e| BayeuxError::NotAMessage(format!("{where_}{e}")))
}

/// The hand-written equivalent of `Message`'s derived `Deserialize` (the tests compare the two):
/// the browser widget's wasm carries no derived deserializer, which saves it several KB.
fn message_from_map(map: &Map<String, Value>) -> Result<Message, String> {
    const KNOWN: [&str; 13] = [
        "channel",
        "id",
        "clientId",
        "successful",
        "error",
        "advice",
        "version",
        "minimumVersion",
        "supportedConnectionTypes",
        "connectionType",
        "subscription",
        "data",
        "ext",
    ];
    let get = |key: &str| map.get(key).filter(|v| !v.is_null());
    let string = |key: &'static str| -> Result<Option<String>, String> {
        match get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!(
                "'{key}' must be a string, got {}",
                json_kind(other)
            )),
        }
    };
    let strings = |v: &Value, key: &str| -> Result<Vec<String>, String> {
        match v {
            Value::Array(items) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| format!("'{key}' must list strings"))
                })
                .collect(),
            other => Err(format!("'{key}' must be a list, got {}", json_kind(other))),
        }
    };
    Ok(Message {
        channel: string("channel")?.unwrap_or_default(),
        id: match get("id") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        },
        client_id: string("clientId")?,
        successful: match get("successful") {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                return Err(format!(
                    "'successful' must be true or false, got {}",
                    json_kind(other)
                ));
            }
        },
        error: string("error")?,
        advice: get("advice").map(Advice::from_json).transpose()?,
        version: string("version")?,
        minimum_version: string("minimumVersion")?,
        supported_connection_types: get("supportedConnectionTypes")
            .map(|v| strings(v, "supportedConnectionTypes"))
            .transpose()?,
        connection_type: string("connectionType")?,
        subscription: match get("subscription") {
            None => None,
            Some(Value::String(s)) => Some(Subscription::One(s.clone())),
            Some(v @ Value::Array(_)) => Some(Subscription::Many(strings(v, "subscription")?)),
            Some(other) => {
                return Err(format!(
                    "'subscription' must be a channel or a list of channels, got {}",
                    json_kind(other)
                ));
            }
        },
        data: get("data").cloned(),
        ext: get("ext").cloned(),
        extra: map
            .iter()
            .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    })
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Serialise messages as a JSON array (Bayeux batches are always arrays).
pub fn to_batch_json(messages: &[Message]) -> String {
    // Serialising plain data (strings, maps, serde_json values) cannot fail.
    serde_json::to_string(messages).unwrap_or_else(|_| "[]".to_string())
}

/// The transports this crate knows, with their Bayeux wire names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TransportKind {
    #[serde(rename = "websocket")]
    WebSocket,
    #[serde(rename = "long-polling")]
    LongPolling,
}

impl TransportKind {
    /// "websocket" / "long-polling" (as in `supportedConnectionTypes` and `connectionType`).
    pub fn wire_name(self) -> &'static str {
        match self {
            TransportKind::WebSocket => "websocket",
            TransportKind::LongPolling => "long-polling",
        }
    }

    /// The transport for a wire name; `None` for ones we do not implement
    /// (e.g. "callback-polling").
    pub fn from_wire(name: &str) -> Option<Self> {
        match name {
            "websocket" => Some(TransportKind::WebSocket),
            "long-polling" => Some(TransportKind::LongPolling),
            _ => None,
        }
    }
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.wire_name())
    }
}
