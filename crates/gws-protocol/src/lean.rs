//! Hand-written decoders from a parsed `serde_json::Value` for the resources and notifications
//! the widget reads. They give the same values as the serde derives (tests compare the two on
//! every capture and sample), but compile to a fraction of the code: the widget's wasm has a
//! 130 KB budget, and each derived `Deserialize` (with `flatten` for the unknown fields) costs
//! several KB there. The simulator and the tests keep using the derives.
//!
//! Strictness matches the derives: a required field missing or a known field of the wrong type
//! is an error; unknown fields are kept in `extra`; `null` counts as absent for optional fields.

use serde_json::{Map, Value};

use crate::envelope::{ApiResponse, ChannelResult};
use crate::notifications::{
    CallNotificationType, CallStateChangeMessage, DeviceStateChangeMessage, ErrorMessage,
    EventProcessing, Metrics, Notification, NotificationData, NotificationError, message_types,
};
use crate::requests::OutboundRecord;
use crate::resources::{
    AgentState, Call, CallState, Device, Participant, ParticipantInfo, User, UserState,
};
use crate::settings::{AgentStateSetting, BusinessAttribute, BusinessAttributeValue};
use crate::status::StatusCode;

type Result<T> = core::result::Result<T, String>;

/// A JSON object's fields, read one by one; whatever is not read ends up in `extra`.
struct Fields<'a> {
    map: &'a Map<String, Value>,
    read: Vec<&'static str>,
}

fn object<'a>(value: &'a Value, what: &str) -> Result<Fields<'a>> {
    match value {
        Value::Object(map) => Ok(Fields {
            map,
            read: Vec::new(),
        }),
        _ => Err(format!("{what} is not an object")),
    }
}

impl<'a> Fields<'a> {
    fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.read.push(key);
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn opt_str(&mut self, key: &'static str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("{key} is not a string")),
        }
    }

    fn str_or_default(&mut self, key: &'static str) -> Result<String> {
        Ok(self.opt_str(key)?.unwrap_or_default())
    }

    fn req_str(&mut self, key: &'static str) -> Result<String> {
        self.opt_str(key)?
            .ok_or_else(|| format!("missing field `{key}`"))
    }

    fn opt_i64(&mut self, key: &'static str) -> Result<Option<i64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| format!("{key} is not an integer")),
        }
    }

    fn opt_map(&mut self, key: &'static str) -> Result<Option<Map<String, Value>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m.clone())),
            Some(_) => Err(format!("{key} is not an object")),
        }
    }

    fn opt_list<T>(
        &mut self,
        key: &'static str,
        item: impl Fn(&Value) -> Result<T>,
    ) -> Result<Option<Vec<T>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => items.iter().map(item).collect::<Result<_>>().map(Some),
            Some(_) => Err(format!("{key} is not a list")),
        }
    }

    fn strings(&mut self, key: &'static str) -> Result<Vec<String>> {
        Ok(self.opt_list(key, string)?.unwrap_or_default())
    }

    fn extra(self) -> Map<String, Value> {
        self.map
            .iter()
            .filter(|(k, _)| !self.read.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

fn string(value: &Value) -> Result<String> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "a list item is not a string".to_string())
}

pub fn participant(value: &Value) -> Result<Participant> {
    if let Value::String(number) = value {
        return Ok(Participant::Number(number.clone()));
    }
    let mut f = object(
        value,
        "a participant (a phone number string or an object with phoneNumber)",
    )?;
    Ok(Participant::Info(ParticipantInfo {
        phone_number: f.opt_str("phoneNumber")?,
        digits: f.opt_str("digits")?,
        formatted_phone_number: f.opt_str("formattedPhoneNumber")?,
        e164_number: f.opt_str("e164Number")?,
        extra: f.extra(),
    }))
}

pub fn call(value: &Value) -> Result<Call> {
    let mut f = object(value, "the call")?;
    Ok(Call {
        id: f.req_str("id")?,
        state: CallState::from_wire(&f.req_str("state")?),
        call_uuid: f.opt_str("callUuid")?,
        conn_id: f.opt_str("connId")?,
        device_uri: f.opt_str("deviceUri")?,
        participants: f.opt_list("participants", participant)?.unwrap_or_default(),
        participants_info: f.opt_list("participantsInfo", |v| Ok(v.clone()))?,
        dnis: f.opt_str("dnis")?,
        ani: f.opt_str("ani")?,
        call_type: f.opt_str("callType")?,
        capabilities: f.strings("capabilities")?,
        user_data: f.opt_map("userData")?,
        duration: f.opt_str("duration")?,
        mute: f.opt_str("mute")?,
        recording_state: f.opt_str("recordingState")?,
        parent_call_uri: f.opt_str("parentCallUri")?,
        parent_call_path: f.opt_str("parentCallPath")?,
        uri: f.opt_str("uri")?,
        path: f.opt_str("path")?,
        extra: f.extra(),
    })
}

pub fn user_state(value: &Value) -> Result<UserState> {
    let mut f = object(value, "the userState")?;
    Ok(UserState {
        id: f.opt_str("id")?,
        display_name: f.opt_str("displayName")?,
        state: AgentState::from_wire(&f.req_str("state")?),
        work_mode: f.opt_str("workMode")?,
        reason: f.opt_str("reason")?,
        extra: f.extra(),
    })
}

pub fn device(value: &Value) -> Result<Device> {
    let mut f = object(value, "the device")?;
    Ok(Device {
        id: f.req_str("id")?,
        device_state: f.opt_str("deviceState")?,
        user_state: f.get("userState").map(user_state).transpose()?,
        phone_number: f.str_or_default("phoneNumber")?,
        e164_number: f.opt_str("e164Number")?,
        telephony_network: f.opt_str("telephonyNetwork")?,
        do_not_disturb: f.opt_str("doNotDisturb")?,
        forward_to: f.opt_str("forwardTo")?,
        capabilities: f.strings("capabilities")?,
        channels: f.opt_list("channels", string)?,
        uri: f.opt_str("uri")?,
        path: f.opt_str("path")?,
        extra: f.extra(),
    })
}

pub fn user(value: &Value) -> Result<User> {
    let mut f = object(value, "the user")?;
    Ok(User {
        id: f.req_str("id")?,
        user_name: f.str_or_default("userName")?,
        first_name: f.str_or_default("firstName")?,
        last_name: f.str_or_default("lastName")?,
        email_address: f.opt_str("emailAddress")?,
        roles: f.strings("roles")?,
        enabled: match f.get("enabled") {
            None => false,
            Some(v) => v.as_bool().ok_or("enabled is not true or false")?,
        },
        devices: f.opt_list("devices", device)?,
        calls: f.opt_list("calls", call)?,
        features: f.opt_list("features", |v| Ok(v.clone()))?,
        channels: f.opt_list("channels", |v| Ok(v.clone()))?,
        uri: f.opt_str("uri")?,
        path: f.opt_str("path")?,
        extra: f.extra(),
    })
}

fn metrics(value: &Value) -> Result<Metrics> {
    let mut f = object(value, "metrics")?;
    let event_processing = match f.get("eventProcessing") {
        None => None,
        Some(v) => {
            let mut e = object(v, "metrics.eventProcessing")?;
            Some(EventProcessing {
                node_processing_time_nanos: e.opt_i64("nodeProcessingTimeNanos")?,
                server_generation_timestamp: e.opt_i64("serverGenerationTimestamp")?,
                server_processing_time_total_ms: e.opt_i64("serverProcessingTimeTotalMs")?,
                extra: e.extra(),
            })
        }
    };
    Ok(Metrics {
        event_processing,
        extra: f.extra(),
    })
}

fn status(f: &mut Fields) -> Result<StatusCode> {
    f.opt_i64("statusCode")?
        .map(StatusCode::from_code)
        .ok_or_else(|| "missing field `statusCode`".to_string())
}

/// A REST answer's `statusCode` and the list under `key`, decoded with `item`.
pub fn answer<T>(
    body: &Value,
    key: &'static str,
    item: impl Fn(&Value) -> Result<T>,
) -> Result<(StatusCode, Option<Vec<T>>)> {
    let mut f = object(body, "the answer")?;
    let status = status(&mut f)?;
    Ok((status, f.opt_list(key, item)?))
}

fn channel_result(value: &Value) -> Result<ChannelResult> {
    let mut f = object(value, "a channel result")?;
    Ok(ChannelResult {
        status_code: status(&mut f)?,
        status_message: f.opt_str("statusMessage")?,
        channel: f.req_str("channel")?,
    })
}

/// Any REST answer's envelope: `statusCode`, `statusMessage`, and per-channel results.
pub fn api_response(body: &Value) -> Result<ApiResponse> {
    let mut f = object(body, "the answer")?;
    Ok(ApiResponse {
        status_code: status(&mut f)?,
        status_message: f.opt_str("statusMessage")?,
        failed: f.opt_list("failed", channel_result)?,
        succeeded: f.opt_list("succeeded", channel_result)?,
        extra: f.extra(),
    })
}

/// An outbound record as a page gives it (Dial Preview Record).
pub fn outbound_record(value: &Value) -> Result<OutboundRecord> {
    let mut f = object(value, "the outbound record")?;
    Ok(OutboundRecord {
        record_handle: f.opt_i64("recordHandle")?,
        phone_number: f.opt_str("phoneNumber")?,
        outbound_caller_id: f.opt_str("outboundCallerId")?,
        other_fields: f.opt_map("otherFields")?,
        extra: f.extra(),
    })
}

/// `GET /api/v2/me?subresources=*`: the status and the user.
pub fn me(body: &Value) -> Result<(StatusCode, Option<User>)> {
    let mut f = object(body, "the answer")?;
    let status = status(&mut f)?;
    Ok((status, f.get("user").map(user).transpose()?))
}

/// The notification types the widget uses, read leanly: CallStateChangeMessage,
/// DeviceStateChangeMessage and ErrorMessage. Every other type (known to
/// [`NotificationData::parse`] or not) is `Unknown` with its raw JSON: the widget ignores them.
pub fn notification(
    channel: &str,
    data: &Value,
) -> core::result::Result<Notification, NotificationError> {
    let Some(object) = data.as_object() else {
        return Err(NotificationError {
            message: "The server sent a notification whose data is not a JSON object.".into(),
        });
    };
    let message_type = object.get("messageType").and_then(Value::as_str);
    let unknown = || NotificationData::Unknown {
        message_type: message_type.map(str::to_owned),
        raw: data.clone(),
    };
    let fail = |kind: &str, e: String| NotificationError {
        message: format!("The server sent a {kind} that could not be read: {e}."),
    };
    // `messageType` is the discriminator, not an unknown field.
    let body = || Fields {
        map: object,
        read: vec!["messageType"],
    };
    let data = match message_type {
        Some(kind @ message_types::CALL_STATE_CHANGE) => {
            let notification_type = object.get("notificationType").and_then(Value::as_str);
            let decoded = (|| -> Result<CallStateChangeMessage> {
                let mut f = body();
                Ok(CallStateChangeMessage {
                    notification_type: CallNotificationType::from_wire(
                        &f.req_str("notificationType")?,
                    ),
                    call: call(f.get("call").ok_or("missing field `call`")?)?,
                    phone_number: f.opt_str("phoneNumber")?,
                    extensions: f.opt_map("extensions")?,
                    metrics: f.get("metrics").map(metrics).transpose()?,
                    extra: f.extra(),
                })
            })();
            match decoded {
                Ok(message) => NotificationData::CallStateChange(message),
                // A new notificationType may come with a different body: keep it raw.
                Err(_)
                    if notification_type.is_some_and(|t| {
                        matches!(
                            CallNotificationType::from_wire(t),
                            CallNotificationType::Unknown(_)
                        )
                    }) =>
                {
                    unknown()
                }
                Err(e) => return Err(fail(kind, e)),
            }
        }
        Some(kind @ message_types::DEVICE_STATE_CHANGE) => {
            let decoded = (|| -> Result<DeviceStateChangeMessage> {
                let mut f = body();
                Ok(DeviceStateChangeMessage {
                    devices: f
                        .opt_list("devices", device)?
                        .ok_or("missing field `devices`")?,
                    metrics: f.get("metrics").map(metrics).transpose()?,
                    extra: f.extra(),
                })
            })();
            NotificationData::DeviceStateChange(decoded.map_err(|e| fail(kind, e))?)
        }
        Some(kind @ message_types::ERROR) => {
            let decoded = (|| -> Result<ErrorMessage> {
                let mut f = body();
                Ok(ErrorMessage {
                    error_code: f.opt_i64("errorCode")?,
                    error_message: f.opt_str("errorMessage")?,
                    device_path: f.opt_str("devicePath")?,
                    device_uri: f.opt_str("deviceUri")?,
                    call_uri: f.opt_str("callUri")?,
                    metrics: f.get("metrics").map(metrics).transpose()?,
                    extra: f.extra(),
                })
            })();
            NotificationData::Error(decoded.map_err(|e| fail(kind, e))?)
        }
        _ => unknown(),
    };
    Ok(Notification {
        channel: channel.to_owned(),
        data,
    })
}

/// An entry of `GET /api/v2/settings/agent-states` (use with [`answer`] and key `settings`).
pub fn agent_state_setting(value: &Value) -> Result<AgentStateSetting> {
    let mut f = object(value, "an agent state")?;
    Ok(AgentStateSetting {
        id: f.req_str("id")?,
        operation_name: f.req_str("operationName")?,
        display_name: f.str_or_default("displayName")?,
        state: f.req_str("state")?,
        work_mode: f.opt_str("workMode")?,
        reason: f.opt_str("reason")?,
        extra: f.extra(),
    })
}

fn opt_bool(f: &mut Fields, key: &'static str) -> Result<Option<bool>> {
    match f.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_bool()
            .map(Some)
            .ok_or_else(|| format!("{key} is not true or false")),
    }
}

fn business_attribute_value(value: &Value) -> Result<BusinessAttributeValue> {
    let mut f = object(value, "a business attribute value")?;
    Ok(BusinessAttributeValue {
        name: f.req_str("name")?,
        display_name: f.opt_str("displayName")?,
        description: f.opt_str("description")?,
        default: opt_bool(&mut f, "default")?,
        extra: f.extra(),
    })
}

/// A business attribute of `GET /internal-api/business-attributes` (use with [`answer`] and
/// key `businessAttributes`); the dispositions are the values of
/// [`crate::DISPOSITION_ATTRIBUTE`].
pub fn business_attribute(value: &Value) -> Result<BusinessAttribute> {
    let mut f = object(value, "a business attribute")?;
    Ok(BusinessAttribute {
        name: f.req_str("name")?,
        display_name: f.opt_str("displayName")?,
        description: f.opt_str("description")?,
        values: f
            .opt_list("values", business_attribute_value)?
            .unwrap_or_default(),
        default: opt_bool(&mut f, "default")?,
        extra: f.extra(),
    })
}
