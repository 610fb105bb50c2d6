//! `POST /api/v2/me/devices/{id}`: do-not-disturb and call forwarding.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::RequestError;
use super::validate::{Kind, OpSpec, op, parse_with, required};

/// A device operation; the result arrives as a DeviceStateChangeMessage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "operationName", rename_all_fields = "camelCase")]
pub enum DeviceOperation {
    DoNotDisturbOn,
    DoNotDisturbOff,
    /// `destination` is a plain string here, unlike Dial's object.
    ForwardCallsOn {
        destination: String,
    },
    ForwardCallsOff,
}

const SPECS: &[OpSpec] = &[
    op("DoNotDisturbOn", &[]),
    op("DoNotDisturbOff", &[]),
    op("ForwardCallsOn", &[required("destination", Kind::Text)]),
    op("ForwardCallsOff", &[]),
];

impl DeviceOperation {
    /// Validates a request body with GWS status codes (1 missing, 10 invalid).
    pub fn parse(value: &Value) -> Result<Self, RequestError> {
        parse_with(value, SPECS)
    }

    /// Every operationName this endpoint accepts.
    pub fn names() -> impl Iterator<Item = &'static str> {
        SPECS.iter().map(|spec| spec.name)
    }

    /// The wire `operationName` (also the device capability name).
    pub fn name(&self) -> &'static str {
        match self {
            DeviceOperation::DoNotDisturbOn => "DoNotDisturbOn",
            DeviceOperation::DoNotDisturbOff => "DoNotDisturbOff",
            DeviceOperation::ForwardCallsOn { .. } => "ForwardCallsOn",
            DeviceOperation::ForwardCallsOff => "ForwardCallsOff",
        }
    }
}
