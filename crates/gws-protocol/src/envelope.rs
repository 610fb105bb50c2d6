//! REST response bodies. Every GWS method answers with `statusCode`; GET bodies add the resource.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::resources::{Call, Device, User};
use crate::status::StatusCode;

/// The generic answer to an operation (`POST`): `{"statusCode":0}` or an error with `statusMessage`,
/// or statusCode 7 with per-channel `failed` / `succeeded` lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiResponse {
    pub status_code: StatusCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<Vec<ChannelResult>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub succeeded: Option<Vec<ChannelResult>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ApiResponse {
    /// `{"statusCode":0}` — GWS sends no statusMessage on success.
    pub fn ok() -> Self {
        ApiResponse {
            status_code: StatusCode::Ok,
            status_message: None,
            failed: None,
            succeeded: None,
            extra: Map::new(),
        }
    }

    /// `{"statusCode":N,"statusMessage":"…"}`.
    pub fn error(status: StatusCode, message: impl Into<String>) -> Self {
        ApiResponse {
            status_message: Some(message.into()),
            status_code: status,
            ..ApiResponse::ok()
        }
    }

    /// statusCode 7: the session started on some channels only.
    pub fn partial(succeeded: Vec<ChannelResult>, failed: Vec<ChannelResult>) -> Self {
        ApiResponse {
            status_code: StatusCode::PartialSuccess,
            succeeded: Some(succeeded),
            failed: Some(failed),
            ..ApiResponse::ok()
        }
    }

    /// True for 0 and 7 (partial success still means the request was accepted).
    pub fn is_success(&self) -> bool {
        self.status_code.is_success()
    }
}

/// One channel's outcome inside a partial-success (statusCode 7) answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelResult {
    pub status_code: StatusCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    pub channel: String,
}

/// `GET /api/v2/me[?subresources=…]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeResponse {
    pub status_code: StatusCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl MeResponse {
    /// A successful answer carrying the user.
    pub fn with_user(user: User) -> Self {
        MeResponse {
            status_code: StatusCode::Ok,
            user: Some(user),
            extra: Map::new(),
        }
    }
}

/// `GET /api/v2/me/devices`: `uris` without `fields`, `devices` with `fields=*`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DevicesResponse {
    pub status_code: StatusCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub devices: Option<Vec<Device>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uris: Option<Vec<String>>,
}

impl DevicesResponse {
    /// A successful `fields=*` answer.
    pub fn with_devices(devices: Vec<Device>) -> Self {
        DevicesResponse {
            status_code: StatusCode::Ok,
            devices: Some(devices),
            uris: None,
        }
    }
}

/// `GET /api/v2/me/calls`: `uris` without `fields`, `calls` with `fields=*`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallsResponse {
    pub status_code: StatusCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<Vec<Call>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uris: Option<Vec<String>>,
}

impl CallsResponse {
    /// A successful `fields=*` answer.
    pub fn with_calls(calls: Vec<Call>) -> Self {
        CallsResponse {
            status_code: StatusCode::Ok,
            calls: Some(calls),
            uris: None,
        }
    }
}

/// `GET /api/v2/diagnostics/version` → `{"statusCode":0,"version":"8.5.202.96"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionResponse {
    pub status_code: StatusCode,
    #[serde(default)]
    pub version: String,
}

impl VersionResponse {
    /// A successful answer.
    pub fn new(version: impl Into<String>) -> Self {
        VersionResponse {
            status_code: StatusCode::Ok,
            version: version.into(),
        }
    }
}
