//! Why a request body was refused, with the statusCode GWS would answer.

use core::fmt;

use crate::envelope::ApiResponse;
use crate::status::StatusCode;

/// A refused request: `status` is 1 (missing parameter) or 10 (input validation) so the
/// simulator can answer exactly what GWS would.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    pub status: StatusCode,
    pub message: String,
}

impl RequestError {
    /// statusCode 1: a required parameter is absent (or null).
    pub fn missing(field: &str, operation: Option<&str>) -> Self {
        let message = match operation {
            Some(op) => format!("Missing required parameter '{field}' for {op}."),
            None => format!("Missing required parameter '{field}'."),
        };
        RequestError {
            status: StatusCode::MissingParameter,
            message,
        }
    }

    /// statusCode 10: a parameter is present but has the wrong type or value.
    pub fn invalid(message: impl Into<String>) -> Self {
        RequestError {
            status: StatusCode::InputValidation,
            message: message.into(),
        }
    }

    /// The body the server sends back: `{"statusCode":N,"statusMessage":"…"}`.
    pub fn to_response(&self) -> ApiResponse {
        ApiResponse::error(self.status, self.message.clone())
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RequestError {}
