//! `POST /api/v2/me/devices/{id}/calls`: a plain Dial, or Dial Preview Record (outbound).
//! Both use `"operationName":"Dial"`; the presence of `outboundRecord` tells them apart.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::error::RequestError;
use super::validate::{Kind, OpSpec, op, optional, parse_with, required};
use crate::resources::UserData;

/// Where to dial / transfer / conference: an object, unlike ForwardCallsOn's plain string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Destination {
    pub phone_number: String,
}

impl Destination {
    pub fn new(phone_number: impl Into<String>) -> Self {
        Destination {
            phone_number: phone_number.into(),
        }
    }
}

/// A Dial. Serialises with `"operationName":"Dial"` so it is a complete request body on its own.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DialRequest {
    pub destination: Destination,
    /// T-Server location, only for multi-site setups.
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub user_data: Option<UserData>,
}

impl DialRequest {
    /// A Dial to `phone_number` with no location and no attached data.
    pub fn new(phone_number: impl Into<String>) -> Self {
        DialRequest {
            destination: Destination::new(phone_number),
            location: None,
            user_data: None,
        }
    }
}

impl Serialize for DialRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire<'a> {
            operation_name: &'static str,
            destination: &'a Destination,
            #[serde(skip_serializing_if = "Option::is_none")]
            location: Option<&'a String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            user_data: Option<&'a UserData>,
        }
        Wire {
            operation_name: "Dial",
            destination: &self.destination,
            location: self.location.as_ref(),
            user_data: self.user_data.as_ref(),
        }
        .serialize(serializer)
    }
}

/// An outbound record to dial; fields beyond the documented ones are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboundRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_handle: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbound_caller_id: Option<String>,
    /// Set as the call's user data by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_fields: Option<UserData>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Dial Preview Record: `{"operationName":"Dial","devicePath":…,"outboundRecord":{…}}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DialPreviewRecordRequest {
    /// `/devices/<id>`: the device used for the T-Lib request.
    pub device_path: String,
    pub outbound_record: OutboundRecord,
}

impl Serialize for DialPreviewRecordRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire<'a> {
            operation_name: &'static str,
            device_path: &'a str,
            outbound_record: &'a OutboundRecord,
        }
        Wire {
            operation_name: "Dial",
            device_path: &self.device_path,
            outbound_record: &self.outbound_record,
        }
        .serialize(serializer)
    }
}

/// Any body accepted by `POST /api/v2/me/devices/{id}/calls`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum DeviceCallRequest {
    Dial(DialRequest),
    DialPreviewRecord(DialPreviewRecordRequest),
}

const DIAL: &[OpSpec] = &[op(
    "Dial",
    &[
        required("destination", Kind::Destination),
        optional("location", Kind::Text),
        optional("userData", Kind::Object),
    ],
)];

const DIAL_PREVIEW_RECORD: &[OpSpec] = &[op(
    "Dial",
    &[
        required("devicePath", Kind::Text),
        required("outboundRecord", Kind::OutboundRecord),
    ],
)];

impl DeviceCallRequest {
    /// Validates a request body with GWS status codes (1 missing, 10 invalid).
    pub fn parse(value: &Value) -> Result<Self, RequestError> {
        let has_record = value
            .get("outboundRecord")
            .is_some_and(|record| !record.is_null());
        if has_record {
            parse_with(value, DIAL_PREVIEW_RECORD).map(DeviceCallRequest::DialPreviewRecord)
        } else {
            parse_with(value, DIAL).map(DeviceCallRequest::Dial)
        }
    }

    /// Always `Dial` on the wire.
    pub fn name(&self) -> &'static str {
        "Dial"
    }

    /// The number to dial: the destination, or the outbound record's phone number.
    pub fn phone_number(&self) -> Option<&str> {
        match self {
            DeviceCallRequest::Dial(dial) => Some(&dial.destination.phone_number),
            DeviceCallRequest::DialPreviewRecord(preview) => {
                preview.outbound_record.phone_number.as_deref()
            }
        }
    }
}

impl From<DialRequest> for DeviceCallRequest {
    fn from(dial: DialRequest) -> Self {
        DeviceCallRequest::Dial(dial)
    }
}

impl<'de> Deserialize<'de> for DeviceCallRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        DeviceCallRequest::parse(&value).map_err(serde::de::Error::custom)
    }
}
