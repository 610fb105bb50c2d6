//! Request-body decoding with GWS status codes and messages a developer can act on.

use crate::error::GwsError;
use serde_json::Value;

/// The JSON object of an operation request. Empty → 1, not JSON → 10 (the operation parsers
/// of gws-protocol then check `operationName` and the fields).
pub fn json_body(bytes: &[u8]) -> Result<Value, GwsError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(GwsError::missing(
            "Request body is empty; send a JSON object such as {\"operationName\":\"...\"} with Content-Type: application/json",
        ));
    }
    serde_json::from_slice(bytes)
        .map_err(|e| GwsError::validation(format!("Request body is not valid JSON ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_malformed_bodies_have_gws_codes() {
        assert_eq!(json_body(b"  ").unwrap_err().code, 1);
        assert_eq!(json_body(b"{nope").unwrap_err().code, 10);
        assert!(json_body(br#"{"operationName":"Hold"}"#).is_ok());
    }
}
