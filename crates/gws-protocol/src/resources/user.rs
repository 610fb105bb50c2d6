//! The user resource (`GET /api/v2/me?subresources=*`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Call, Device};

/// The logged-in agent. Sub-collections appear only when requested via `subresources`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub user_name: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub devices: Option<Vec<Device>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<Vec<Call>>,
    /// `{"id":"api-voice","displayName":…}` objects; kept loose because only ids matter to us.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl User {
    /// A user with only the required fields; fill the rest with struct-update syntax.
    pub fn new(id: impl Into<String>, user_name: impl Into<String>) -> Self {
        User {
            id: id.into(),
            user_name: user_name.into(),
            first_name: String::new(),
            last_name: String::new(),
            email_address: None,
            roles: Vec::new(),
            enabled: true,
            devices: None,
            calls: None,
            features: None,
            channels: None,
            uri: None,
            path: None,
            extra: Map::new(),
        }
    }

    /// Whether `features` lists the given feature id (e.g. `api-voice`).
    pub fn has_feature(&self, feature_id: &str) -> bool {
        self.features.iter().flatten().any(|feature| {
            feature.get("id").and_then(Value::as_str) == Some(feature_id)
                || feature.as_str() == Some(feature_id)
        })
    }
}
