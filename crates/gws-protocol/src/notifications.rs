//! CometD notifications (`{channel, data}`), discriminated by `data.messageType`.
//! Unknown message or notification types are kept as raw JSON: GWS adds types across versions
//! and the widget must keep running. A *known* type with a broken body is an error to show.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::resources::{Call, Device, UserData, UserState};
use crate::wire_enum::wire_string_enum;

wire_string_enum! {
    /// `notificationType` of a CallStateChangeMessage.
    CallNotificationType {
        StatusChange => "StatusChange",
        AttachedDataChanged => "AttachedDataChanged",
        ParticipantsUpdated => "ParticipantsUpdated",
        DtmfSent => "DtmfSent",
        CallRecordingStateChange => "CallRecordingStateChange",
        MonitoredUserMutedStateChange => "MonitoredUserMutedStateChange",
        Error => "Error",
        PropertiesUpdated => "PropertiesUpdated",
    }
}

/// Server timing added by GWS 8.5.2+ (`serverProcessingTimeTotalMs` can be -1).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_processing: Option<EventProcessing>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `metrics.eventProcessing`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventProcessing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_processing_time_nanos: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_generation_timestamp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_processing_time_total_ms: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `/v2/me/calls`: a call changed. `phoneNumber` is the agent's own DN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallStateChangeMessage {
    pub notification_type: CallNotificationType,
    pub call: Call,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// T-Server extensions (`BusinessCall`, `WrapUpTime`, …); absent on AttachedDataChanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `/v2/me/devices`: agent state, DND or forwarding changed (same device format as GET).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceStateChangeMessage {
    pub devices: Vec<Device>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `/v2/me/channels`: per-media agent state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelStateChangeMessageV2 {
    pub channels: Vec<ChannelState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One media channel's state inside ChannelStateChangeMessageV2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelState {
    pub channel: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dnd_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_state: Option<UserState>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An error detected after the request was accepted. Real servers may send only the device
/// path/uri, with no code or message at all.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorMessage {
    /// T-Lib error code when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `/v2/me/outbound`: OutboundCampaignMessage or OutboundRecordMessage (same envelope).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboundMessage {
    /// e.g. `PreviewSessionStarted`, `PreviewRecord`, `RecordRejectAcknowledge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_type: Option<String>,
    /// Echo of the request's `referenceId` (type not guaranteed, so raw).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Outbound user event (`GSW_*` keys in `userData`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceUserEventMessage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<UserData>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `data` of a notification, by `messageType`.
// Not boxed: the contract's variant shapes are binding, and notifications are handled one at a
// time, so the size difference costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum NotificationData {
    CallStateChange(CallStateChangeMessage),
    DeviceStateChange(DeviceStateChangeMessage),
    ChannelStateChange(ChannelStateChangeMessageV2),
    Error(ErrorMessage),
    OutboundCampaign(OutboundMessage),
    OutboundRecord(OutboundMessage),
    DeviceUserEvent(DeviceUserEventMessage),
    /// A message type (or call notificationType) this crate does not model; `raw` is `data` as sent.
    Unknown {
        message_type: Option<String>,
        raw: Value,
    },
}

/// Wire names of `messageType`.
pub mod message_types {
    pub const CALL_STATE_CHANGE: &str = "CallStateChangeMessage";
    pub const DEVICE_STATE_CHANGE: &str = "DeviceStateChangeMessage";
    pub const CHANNEL_STATE_CHANGE: &str = "ChannelStateChangeMessageV2";
    pub const ERROR: &str = "ErrorMessage";
    pub const OUTBOUND_CAMPAIGN: &str = "OutboundCampaignMessage";
    pub const OUTBOUND_RECORD: &str = "OutboundRecordMessage";
    pub const DEVICE_USER_EVENT: &str = "DeviceUserEventMessage";
}

/// A known notification whose body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationError {
    pub message: String,
}

impl fmt::Display for NotificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NotificationError {}

fn error(message: impl Into<String>) -> NotificationError {
    NotificationError {
        message: message.into(),
    }
}

/// Decodes a body with `messageType` removed (it is the discriminator, not an extra field).
fn decode<T: serde::de::DeserializeOwned>(
    object: &Map<String, Value>,
    message_type: &str,
) -> Result<T, NotificationError> {
    let mut body = object.clone();
    body.remove("messageType");
    serde_json::from_value(Value::Object(body)).map_err(|err| {
        error(format!(
            "The server sent a {message_type} that could not be read: {err}."
        ))
    })
}

impl NotificationData {
    /// Reads a notification's `data`. Unknown types are `Ok(Unknown)`; a known type with a
    /// malformed body is `Err` with a plain message.
    pub fn parse(data: &Value) -> Result<Self, NotificationError> {
        use message_types::*;
        let Some(object) = data.as_object() else {
            return Err(error(
                "The server sent a notification whose data is not a JSON object.",
            ));
        };
        let message_type = object.get("messageType").and_then(Value::as_str);
        let unknown = || NotificationData::Unknown {
            message_type: message_type.map(str::to_owned),
            raw: data.clone(),
        };
        let Some(kind) = message_type else {
            return Ok(unknown());
        };
        let parsed = match kind {
            CALL_STATE_CHANGE => {
                let notification_type = object.get("notificationType").and_then(Value::as_str);
                let is_known = notification_type.is_some_and(|t| {
                    !matches!(
                        CallNotificationType::from_wire(t),
                        CallNotificationType::Unknown(_)
                    )
                });
                match decode(object, kind) {
                    Ok(message) => NotificationData::CallStateChange(message),
                    // A new notificationType may come with a different body: keep it raw.
                    Err(_) if notification_type.is_some() && !is_known => unknown(),
                    Err(err) => return Err(err),
                }
            }
            DEVICE_STATE_CHANGE => NotificationData::DeviceStateChange(decode(object, kind)?),
            CHANNEL_STATE_CHANGE => NotificationData::ChannelStateChange(decode(object, kind)?),
            ERROR => NotificationData::Error(decode(object, kind)?),
            OUTBOUND_CAMPAIGN => NotificationData::OutboundCampaign(decode(object, kind)?),
            OUTBOUND_RECORD => NotificationData::OutboundRecord(decode(object, kind)?),
            DEVICE_USER_EVENT => NotificationData::DeviceUserEvent(decode(object, kind)?),
            _ => unknown(),
        };
        Ok(parsed)
    }

    /// The wire `messageType`, if any.
    pub fn message_type(&self) -> Option<&str> {
        use message_types::*;
        match self {
            NotificationData::CallStateChange(_) => Some(CALL_STATE_CHANGE),
            NotificationData::DeviceStateChange(_) => Some(DEVICE_STATE_CHANGE),
            NotificationData::ChannelStateChange(_) => Some(CHANNEL_STATE_CHANGE),
            NotificationData::Error(_) => Some(ERROR),
            NotificationData::OutboundCampaign(_) => Some(OUTBOUND_CAMPAIGN),
            NotificationData::OutboundRecord(_) => Some(OUTBOUND_RECORD),
            NotificationData::DeviceUserEvent(_) => Some(DEVICE_USER_EVENT),
            NotificationData::Unknown { message_type, .. } => message_type.as_deref(),
        }
    }
}

impl Serialize for NotificationData {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Typed<'a, T: Serialize> {
            #[serde(rename = "messageType")]
            message_type: &'a str,
            #[serde(flatten)]
            body: &'a T,
        }
        fn typed<S: Serializer, T: Serialize>(
            serializer: S,
            message_type: &str,
            body: &T,
        ) -> Result<S::Ok, S::Error> {
            Typed { message_type, body }.serialize(serializer)
        }
        let kind = self.message_type().unwrap_or_default();
        match self {
            NotificationData::CallStateChange(body) => typed(serializer, kind, body),
            NotificationData::DeviceStateChange(body) => typed(serializer, kind, body),
            NotificationData::ChannelStateChange(body) => typed(serializer, kind, body),
            NotificationData::Error(body) => typed(serializer, kind, body),
            NotificationData::OutboundCampaign(body) | NotificationData::OutboundRecord(body) => {
                typed(serializer, kind, body)
            }
            NotificationData::DeviceUserEvent(body) => typed(serializer, kind, body),
            NotificationData::Unknown { raw, .. } => raw.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for NotificationData {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        NotificationData::parse(&value).map_err(serde::de::Error::custom)
    }
}

/// A CometD data message as GWS publishes it: `{"channel":"/v2/me/calls","data":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notification {
    pub channel: String,
    pub data: NotificationData,
}

impl Notification {
    /// Reads a whole CometD message (`channel` + `data`).
    pub fn parse(value: &Value) -> Result<Self, NotificationError> {
        let channel = value
            .get("channel")
            .and_then(Value::as_str)
            .ok_or_else(|| error("The server sent a notification without a channel."))?;
        let data = value.get("data").ok_or_else(|| {
            error(format!(
                "The server sent a notification on {channel} without data."
            ))
        })?;
        Notification::from_parts(channel, data)
    }

    /// For callers that already split the Bayeux message (channel + data).
    pub fn from_parts(channel: &str, data: &Value) -> Result<Self, NotificationError> {
        Ok(Notification {
            channel: channel.to_owned(),
            data: NotificationData::parse(data)?,
        })
    }

    /// The call, for CallStateChangeMessage.
    pub fn call(&self) -> Option<&Call> {
        match &self.data {
            NotificationData::CallStateChange(message) => Some(&message.call),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Notification {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Notification::parse(&value).map_err(serde::de::Error::custom)
    }
}
