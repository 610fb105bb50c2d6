//! The GWS error envelope `{"statusCode":n,"statusMessage":"..."}` and its HTTP status.

use axum::http::StatusCode as Http;
use axum::response::{IntoResponse, Response};

/// GWS status codes the simulator emits (reference §1.2).
pub mod code {
    pub const MISSING_PARAMETER: i64 = 1;
    pub const INVALID_STATE: i64 = 2;
    pub const FORBIDDEN: i64 = 3;
    pub const INTERNAL_ERROR: i64 = 4;
    pub const PERMISSION_DENIED: i64 = 5;
    pub const NOT_FOUND: i64 = 6;
    pub const PARTIAL_SUCCESS: i64 = 7;
    pub const INPUT_VALIDATION: i64 = 10;
    pub const NOT_AUTHENTICATED: i64 = 20;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GwsError {
    pub code: i64,
    pub message: String,
    /// Overrides the HTTP status derived from the code (e.g. 503 for injected faults).
    pub http: Option<u16>,
}

impl GwsError {
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        GwsError {
            code,
            message: message.into(),
            http: None,
        }
    }
    pub fn invalid_state(message: impl Into<String>) -> Self {
        Self::new(code::INVALID_STATE, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(code::NOT_FOUND, message)
    }
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(code::INPUT_VALIDATION, message)
    }
    pub fn missing(message: impl Into<String>) -> Self {
        Self::new(code::MISSING_PARAMETER, message)
    }
    pub fn access_denied() -> Self {
        Self::new(code::NOT_AUTHENTICATED, "Access denied")
    }
    /// A body over [`crate::config::Timing::max_body_bytes`]: HTTP 413, statusCode 10.
    pub fn too_large(limit: usize) -> Self {
        Self::validation(format!(
            "Request body is larger than the {limit}-byte limit"
        ))
        .with_http(Http::PAYLOAD_TOO_LARGE.as_u16())
    }
    pub fn with_http(mut self, status: u16) -> Self {
        self.http = Some(status);
        self
    }

    /// HTTP status: GWS answers 403 for auth failures, 500/503 for internal errors; 400 for bad
    /// input and invalid state is our choice (the real one is undocumented).
    pub fn http_status(&self) -> Http {
        if let Some(s) = self.http.and_then(|s| Http::from_u16(s).ok()) {
            return s;
        }
        match self.code {
            code::NOT_AUTHENTICATED | code::FORBIDDEN | code::PERMISSION_DENIED => Http::FORBIDDEN,
            code::NOT_FOUND => Http::NOT_FOUND,
            code::INTERNAL_ERROR => Http::INTERNAL_SERVER_ERROR,
            _ => Http::BAD_REQUEST,
        }
    }

    pub fn body(&self) -> String {
        serde_json::json!({"statusCode": self.code, "statusMessage": self.message}).to_string()
    }
}

impl From<gws_protocol::RequestError> for GwsError {
    fn from(e: gws_protocol::RequestError) -> Self {
        GwsError::new(e.status.code(), e.message)
    }
}

impl IntoResponse for GwsError {
    fn into_response(self) -> Response {
        json_response(self.http_status(), self.body())
    }
}

/// A JSON response from already-serialised text.
pub fn json_response(status: Http, body: String) -> Response {
    (
        status,
        [(
            axum::http::header::CONTENT_TYPE,
            "application/json;charset=UTF-8",
        )],
        body,
    )
        .into_response()
}

pub fn ok_response() -> Response {
    json_response(Http::OK, r#"{"statusCode":0}"#.to_string())
}
