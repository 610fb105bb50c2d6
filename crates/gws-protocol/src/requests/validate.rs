//! Table-driven checks run before serde, because serde's errors neither name the field nor
//! distinguish "missing" (GWS code 1) from "wrong type" (GWS code 10).

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::RequestError;

/// The JSON shape a parameter must have.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    /// A string; must not be empty when required.
    Text,
    Integer,
    /// Any JSON object (userData, otherFields).
    Object,
    /// A non-empty array of strings when required.
    TextList,
    /// `{"phoneNumber":"…"}`.
    Destination,
    /// The outbound record of Dial Preview Record.
    OutboundRecord,
    /// Docs show `"wrapUpTime":"0"`; clients also send numbers.
    TextOrInteger,
    /// Accepted as is (its type is not documented).
    Any,
}

/// One parameter of an operation.
pub(crate) struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

pub(crate) const fn required(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: true,
    }
}

pub(crate) const fn optional(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: false,
    }
}

/// An operation name and its parameters.
pub(crate) struct OpSpec {
    pub name: &'static str,
    pub fields: &'static [Field],
}

pub(crate) const fn op(name: &'static str, fields: &'static [Field]) -> OpSpec {
    OpSpec { name, fields }
}

const DESTINATION_FIELDS: &[Field] = &[required("phoneNumber", Kind::Text)];

const OUTBOUND_RECORD_FIELDS: &[Field] = &[
    optional("recordHandle", Kind::Integer),
    optional("phoneNumber", Kind::Text),
    optional("outboundCallerId", Kind::Text),
    optional("otherFields", Kind::Object),
];

/// The body as an object plus its `operationName` (missing → 1, not a string → 10).
pub(crate) fn operation_name(body: &Value) -> Result<(&Map<String, Value>, &str), RequestError> {
    let Some(object) = body.as_object() else {
        return Err(RequestError {
            status: crate::StatusCode::MissingParameter,
            message: format!(
                "The request body must be a JSON object with an 'operationName', not {}.",
                describe(body)
            ),
        });
    };
    match object.get("operationName") {
        None | Some(Value::Null) => Err(RequestError::missing("operationName", None)),
        Some(Value::String(name)) => Ok((object, name)),
        Some(other) => Err(RequestError::invalid(format!(
            "Invalid 'operationName': expected a string, got {}.",
            describe(other)
        ))),
    }
}

/// Finds the operation, or explains which names this endpoint accepts (→ 10).
pub(crate) fn find<'a>(name: &str, specs: &'a [OpSpec]) -> Result<&'a OpSpec, RequestError> {
    specs.iter().find(|spec| spec.name == name).ok_or_else(|| {
        let expected: Vec<&str> = specs.iter().map(|spec| spec.name).collect();
        RequestError::invalid(format!(
            "'{}' is not a valid operationName here; expected one of {}.",
            clip(name),
            expected.join(", ")
        ))
    })
}

/// Checks every declared parameter; `prefix` names nested objects (`destination.`).
pub(crate) fn check_fields(
    object: &Map<String, Value>,
    operation: &str,
    fields: &[Field],
    prefix: &str,
) -> Result<(), RequestError> {
    for field in fields {
        let path = format!("{prefix}{}", field.name);
        match object.get(field.name) {
            None | Some(Value::Null) if field.required => {
                return Err(RequestError::missing(&path, Some(operation)));
            }
            None | Some(Value::Null) => {}
            Some(value) => check_kind(value, field, &path, operation)?,
        }
    }
    Ok(())
}

fn check_kind(
    value: &Value,
    field: &Field,
    path: &str,
    operation: &str,
) -> Result<(), RequestError> {
    let wrong_type = |expected: &str| {
        RequestError::invalid(format!(
            "Invalid '{path}' for {operation}: expected {expected}, got {}.",
            describe(value)
        ))
    };
    let empty = || {
        RequestError::invalid(format!(
            "Invalid '{path}' for {operation}: it must not be empty."
        ))
    };
    match field.kind {
        Kind::Text => match value.as_str() {
            Some("") if field.required => Err(empty()),
            Some(_) => Ok(()),
            None => Err(wrong_type("a string")),
        },
        Kind::Integer => match value.as_i64() {
            Some(_) => Ok(()),
            None => Err(wrong_type("an integer")),
        },
        Kind::Object => match value.is_object() {
            true => Ok(()),
            false => Err(wrong_type("a JSON object")),
        },
        Kind::TextList => match value.as_array() {
            Some(items) if items.iter().all(Value::is_string) => {
                if items.is_empty() && field.required {
                    Err(empty())
                } else {
                    Ok(())
                }
            }
            _ => Err(wrong_type("an array of strings")),
        },
        Kind::TextOrInteger => match value.is_string() || value.as_i64().is_some() {
            true => Ok(()),
            false => Err(wrong_type("a string or an integer")),
        },
        Kind::Destination => match value.as_object() {
            Some(inner) => check_fields(inner, operation, DESTINATION_FIELDS, &format!("{path}.")),
            None => Err(wrong_type("an object like {\"phoneNumber\":\"5001\"}")),
        },
        Kind::OutboundRecord => match value.as_object() {
            Some(inner) => check_fields(
                inner,
                operation,
                OUTBOUND_RECORD_FIELDS,
                &format!("{path}."),
            ),
            None => Err(wrong_type("an outbound record object")),
        },
        Kind::Any => Ok(()),
    }
}

/// Validates against the table, then lets serde build the value.
pub(crate) fn parse_with<T: DeserializeOwned>(
    body: &Value,
    specs: &[OpSpec],
) -> Result<T, RequestError> {
    let (object, name) = operation_name(body)?;
    let spec = find(name, specs)?;
    check_fields(object, spec.name, spec.fields, "")?;
    decode(body, spec.name)
}

/// serde decoding after validation; a failure here is a value problem (→ 10).
pub(crate) fn decode<T: DeserializeOwned>(
    body: &Value,
    operation: &str,
) -> Result<T, RequestError> {
    serde_json::from_value(body.clone()).map_err(|err| {
        // serde quotes a mistyped string whole ("invalid type: string \"…\""): keep the
        // message a message.
        RequestError::invalid(format!(
            "Invalid {operation} request: {}.",
            clip(&err.to_string())
        ))
    })
}

/// What a message quotes of the client's text: its first 64 characters, then "…".
pub(crate) fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    const SHOWN: usize = 64;
    match text.char_indices().nth(SHOWN) {
        None => text.into(),
        Some((end, _)) => format!("{}…", &text[..end]).into(),
    }
}

/// "a number", "an array", … for messages.
pub(crate) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Accepts `"20"` or `20` and keeps it as the string GWS documents.
pub(crate) fn string_or_integer<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::Deserialize;
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(Value::Number(number)) => Ok(Some(number.to_string())),
        Some(other) => Err(serde::de::Error::custom(format!(
            "expected a string or an integer, got {}",
            describe(&other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn clip_keeps_short_text_and_cuts_long_text_on_a_character() {
        assert_eq!(clip("Hangup"), "Hangup");
        let exactly = "a".repeat(64);
        assert_eq!(clip(&exactly), exactly);
        let long = "é".repeat(100);
        assert_eq!(clip(&long), format!("{}…", "é".repeat(64)));
    }
}
