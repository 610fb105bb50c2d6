//! The call resource (GET `/api/v2/me/calls` and every CallStateChangeMessage).

use core::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::UserData;
use crate::wire_enum::wire_string_enum;

wire_string_enum! {
    /// `call.state`. Only these five appear in GWS v2 samples; anything else is kept verbatim.
    CallState {
        Dialing => "Dialing",
        Ringing => "Ringing",
        Established => "Established",
        Held => "Held",
        Released => "Released",
    }
}

/// One party of the call. Older servers send plain strings (details in `participantsInfo`),
/// newer ones (and the real 8.5.202 server) send objects — both must parse.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Participant {
    Number(String),
    Info(ParticipantInfo),
}

/// The object form of a participant.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digits: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formatted_phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e164_number: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ParticipantInfo {
    /// The first non-empty of phoneNumber, formattedPhoneNumber, digits, e164Number
    /// (e164Number is often `""` on private networks).
    pub fn display_number(&self) -> &str {
        [
            &self.phone_number,
            &self.formatted_phone_number,
            &self.digits,
            &self.e164_number,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .find(|number| !number.is_empty())
        .unwrap_or("")
    }
}

impl Participant {
    /// The number to show for this party; `""` when the server gave none.
    pub fn display_number(&self) -> &str {
        match self {
            Participant::Number(number) => number,
            Participant::Info(info) => info.display_number(),
        }
    }
}

impl From<&str> for Participant {
    fn from(number: &str) -> Self {
        Participant::Number(number.to_owned())
    }
}

// Hand-written instead of `untagged` so a wrong shape gets a clear message, not
// "data did not match any variant".
impl<'de> Deserialize<'de> for Participant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ParticipantVisitor;

        impl<'de> Visitor<'de> for ParticipantVisitor {
            type Value = Participant;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a participant: a phone number string or an object with phoneNumber")
            }

            fn visit_str<E: de::Error>(self, number: &str) -> Result<Participant, E> {
                Ok(Participant::Number(number.to_owned()))
            }

            fn visit_string<E: de::Error>(self, number: String) -> Result<Participant, E> {
                Ok(Participant::Number(number))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Participant, A::Error> {
                ParticipantInfo::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Participant::Info)
            }
        }

        deserializer.deserialize_any(ParticipantVisitor)
    }
}

/// A call as GWS reports it. `id` is opaque (callUuid on current servers, connId on old ones).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Call {
    pub id: String,
    pub state: CallState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_uuid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conn_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_uri: Option<String>,
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// Only with the old string-participant shape; its entries vary by version, so kept loose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants_info: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dnis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ani: Option<String>,
    /// `Internal` | `Inbound` | `Outbound` | `Consult`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_type: Option<String>,
    /// Always written, even empty: a Released call carries `"capabilities":[]`.
    #[serde(default)]
    pub capabilities: Vec<String>,
    /// Absent (not `{}`) when the call has no attached data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<UserData>,
    /// Seconds, as a string on the wire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// `On` | `Off`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_call_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_call_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Call {
    /// A call with only id and state; fill the rest with struct-update syntax.
    pub fn new(id: impl Into<String>, state: CallState) -> Self {
        Call {
            id: id.into(),
            state,
            call_uuid: None,
            conn_id: None,
            device_uri: None,
            participants: Vec::new(),
            participants_info: None,
            dnis: None,
            ani: None,
            call_type: None,
            capabilities: Vec::new(),
            user_data: None,
            duration: None,
            mute: None,
            recording_state: None,
            parent_call_uri: None,
            parent_call_path: None,
            uri: None,
            path: None,
            extra: Map::new(),
        }
    }

    /// Capability names are case-sensitive (`Hangup`, not `HangUp`).
    pub fn has_capability(&self, op: &str) -> bool {
        self.capabilities.iter().any(|cap| cap == op)
    }

    /// The number of the other party: the first participant with a number, else the first
    /// `participantsInfo` entry, else `dnis`, else `ani`. None when nothing non-empty exists.
    pub fn other_party(&self) -> Option<String> {
        let from_participants = self
            .participants
            .iter()
            .map(Participant::display_number)
            .find(|number| !number.is_empty());
        let from_info = || {
            self.participants_info.iter().flatten().find_map(|info| {
                [
                    "phoneNumber",
                    "formattedPhoneNumber",
                    "digits",
                    "e164Number",
                    "E164digits",
                ]
                .iter()
                .filter_map(|key| info.get(*key).and_then(Value::as_str))
                .find(|number| !number.is_empty())
            })
        };
        from_participants
            .or_else(from_info)
            .or_else(|| non_empty(&self.dnis))
            .or_else(|| non_empty(&self.ani))
            .map(str::to_owned)
    }

    /// True once the call has ended.
    pub fn is_released(&self) -> bool {
        self.state == CallState::Released
    }
}

fn non_empty(field: &Option<String>) -> Option<&str> {
    field.as_deref().filter(|s| !s.is_empty())
}
