//! Bayeux `advice`: how the server wants the client to reconnect.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// `advice.reconnect` (Bayeux 1.0 §"reconnect advice field").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reconnect {
    /// Re-issue `/meta/connect` after `interval` with the same clientId.
    Retry,
    /// The session is gone: handshake again (and re-subscribe).
    Handshake,
    /// Hard failure: never retry, never handshake.
    None,
}

impl Reconnect {
    /// The wire name ("retry", "handshake", "none").
    pub fn as_str(self) -> &'static str {
        match self {
            Reconnect::Retry => "retry",
            Reconnect::Handshake => "handshake",
            Reconnect::None => "none",
        }
    }
}

/// The `advice` object. Transport-specific sub-objects, `maxInterval`,
/// `multiple-clients`, `hosts`… are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Advice {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_reconnect"
    )]
    pub reconnect: Option<Reconnect>,
    /// Minimum delay (ms) before the next `/meta/connect`; negative = do not retry.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_int"
    )]
    pub interval: Option<i64>,
    /// How long (ms) the server holds a `/meta/connect`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_int"
    )]
    pub timeout: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Advice {
    pub fn retry(interval: i64, timeout: i64) -> Self {
        Advice {
            reconnect: Some(Reconnect::Retry),
            interval: Some(interval),
            timeout: Some(timeout),
            extra: Map::new(),
        }
    }

    pub fn reconnect(reconnect: Reconnect) -> Self {
        Advice {
            reconnect: Some(reconnect),
            ..Advice::default()
        }
    }
}

impl Advice {
    /// The hand-written equivalent of the derived `Deserialize` (see `message::parse_batch`).
    pub(crate) fn from_json(value: &Value) -> Result<Advice, String> {
        let Value::Object(map) = value else {
            return Err("'advice' must be an object".into());
        };
        Ok(Advice {
            reconnect: match map.get("reconnect").and_then(Value::as_str) {
                Some("retry") => Some(Reconnect::Retry),
                Some("handshake") => Some(Reconnect::Handshake),
                Some("none") => Some(Reconnect::None),
                _ => None,
            },
            interval: map.get("interval").and_then(int),
            timeout: map.get("timeout").and_then(int),
            extra: map
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "reconnect" | "interval" | "timeout"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        })
    }
}

fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An unknown reconnect value must not make the whole batch unreadable;
/// it is treated as "no reconnect advice" (the client's default applies).
fn lenient_reconnect<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Reconnect>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v.as_ref().and_then(Value::as_str) {
        Some("retry") => Some(Reconnect::Retry),
        Some("handshake") => Some(Reconnect::Handshake),
        Some("none") => Some(Reconnect::None),
        _ => None,
    })
}

/// Some servers write numbers as floats (`30000.0`); accept them, ignore non-numbers.
pub(crate) fn lenient_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(v.as_ref().and_then(int))
}
