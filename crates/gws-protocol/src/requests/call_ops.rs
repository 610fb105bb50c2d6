//! `POST /api/v2/me/calls/{id}`: every call operation of the reference's table.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::dial::Destination;
use super::error::RequestError;
use super::validate::{
    Field, Kind, OpSpec, check_fields, find, op, optional, parse_with, required,
};
use crate::resources::UserData;

/// A call-control request, tagged by `operationName`. Whether it is allowed *now* depends on the
/// call's `capabilities` (the simulator answers 2 otherwise).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "operationName", rename_all_fields = "camelCase")]
pub enum CallOperation {
    Answer,
    /// Only for calls delivered through a queue.
    Reject,
    Hangup,
    /// Releases every party (conference).
    ClearCall,
    Hold,
    Retrieve,
    SendDtmf {
        digits: String,
    },
    /// Duplicates keys that already exist; prefer UpdateUserData.
    AttachUserData {
        user_data: UserData,
    },
    UpdateUserData {
        user_data: UserData,
    },
    DeleteUserData,
    DeleteUserDataPair {
        key: String,
    },
    MuteCall,
    UnmuteCall,
    InitiateTransfer {
        destination: Destination,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        location: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user_data: Option<UserData>,
    },
    /// GWS finds the consult call itself when `consultCallUri` is omitted.
    CompleteTransfer {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        consult_call_uri: Option<String>,
    },
    SingleStepTransfer {
        destination: Destination,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        location: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user_data: Option<UserData>,
    },
    InitiateConference {
        destination: Destination,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        location: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user_data: Option<UserData>,
    },
    CompleteConference {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        consult_call_uri: Option<String>,
    },
    SingleStepConference {
        destination: Destination,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        location: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user_data: Option<UserData>,
    },
    RemoveParticipantFromConference {
        participant: String,
    },
    /// v2's "Alternate": `otherCallUri` is the full URI of the other call.
    SwapCalls {
        other_call_uri: String,
    },
    StartCallRecording,
    StopCallRecording,
    PauseCallRecording,
    ResumeCallRecording,
    /// Supervisor operations (feature api-supervisor-monitoring).
    SwitchToListenIn,
    SwitchToBargeIn,
    SwitchToCoach,
    MuteMonitoredUser,
    UnmuteMonitoredUser,
}

const TO_DESTINATION: &[Field] = &[
    required("destination", Kind::Destination),
    optional("location", Kind::Text),
    optional("userData", Kind::Object),
];
const CONSULT: &[Field] = &[optional("consultCallUri", Kind::Text)];
const USER_DATA: &[Field] = &[required("userData", Kind::Object)];

const SPECS: &[OpSpec] = &[
    op("Answer", &[]),
    op("Reject", &[]),
    op("Hangup", &[]),
    op("ClearCall", &[]),
    op("Hold", &[]),
    op("Retrieve", &[]),
    op("SendDtmf", &[required("digits", Kind::Text)]),
    op("AttachUserData", USER_DATA),
    op("UpdateUserData", USER_DATA),
    op("DeleteUserData", &[]),
    op("DeleteUserDataPair", &[required("key", Kind::Text)]),
    op("MuteCall", &[]),
    op("UnmuteCall", &[]),
    op("InitiateTransfer", TO_DESTINATION),
    op("CompleteTransfer", CONSULT),
    op("SingleStepTransfer", TO_DESTINATION),
    op("InitiateConference", TO_DESTINATION),
    op("CompleteConference", CONSULT),
    op("SingleStepConference", TO_DESTINATION),
    op(
        "RemoveParticipantFromConference",
        &[required("participant", Kind::Text)],
    ),
    op("SwapCalls", &[required("otherCallUri", Kind::Text)]),
    op("StartCallRecording", &[]),
    op("StopCallRecording", &[]),
    op("PauseCallRecording", &[]),
    op("ResumeCallRecording", &[]),
    op("SwitchToListenIn", &[]),
    op("SwitchToBargeIn", &[]),
    op("SwitchToCoach", &[]),
    op("MuteMonitoredUser", &[]),
    op("UnmuteMonitoredUser", &[]),
];

impl CallOperation {
    /// Validates a request body with GWS status codes (1 missing, 10 invalid).
    pub fn parse(value: &Value) -> Result<Self, RequestError> {
        parse_with(value, SPECS)
    }

    /// The operation `{"operationName": name}` alone, with exactly `parse`'s validation and
    /// errors, but built without serde: a widget sending a button's operation does not need
    /// the whole tagged-enum deserializer in its wasm.
    pub fn without_parameters(name: &str) -> Result<Self, RequestError> {
        use CallOperation::*;
        let spec = find(name, SPECS)?;
        // `{"operationName": name}` carries no parameter, so checking an empty object gives
        // the same "missing required field" error `parse` would.
        check_fields(&serde_json::Map::new(), spec.name, spec.fields, "")?;
        Ok(match spec.name {
            "Answer" => Answer,
            "Reject" => Reject,
            "Hangup" => Hangup,
            "ClearCall" => ClearCall,
            "Hold" => Hold,
            "Retrieve" => Retrieve,
            "DeleteUserData" => DeleteUserData,
            "MuteCall" => MuteCall,
            "UnmuteCall" => UnmuteCall,
            "CompleteTransfer" => CompleteTransfer {
                consult_call_uri: None,
            },
            "CompleteConference" => CompleteConference {
                consult_call_uri: None,
            },
            "StartCallRecording" => StartCallRecording,
            "StopCallRecording" => StopCallRecording,
            "PauseCallRecording" => PauseCallRecording,
            "ResumeCallRecording" => ResumeCallRecording,
            "SwitchToListenIn" => SwitchToListenIn,
            "SwitchToBargeIn" => SwitchToBargeIn,
            "SwitchToCoach" => SwitchToCoach,
            "MuteMonitoredUser" => MuteMonitoredUser,
            "UnmuteMonitoredUser" => UnmuteMonitoredUser,
            // Every other operation has a required parameter, so `check_fields` refused it
            // already (a test keeps this list and SPECS in step).
            other => {
                return Err(RequestError::invalid(format!(
                    "Invalid {other} request: it needs parameters."
                )));
            }
        })
    }

    /// Every operationName this endpoint accepts.
    pub fn names() -> impl Iterator<Item = &'static str> {
        SPECS.iter().map(|spec| spec.name)
    }

    /// The wire `operationName` (also the capability name).
    pub fn name(&self) -> &'static str {
        use CallOperation::*;
        match self {
            Answer => "Answer",
            Reject => "Reject",
            Hangup => "Hangup",
            ClearCall => "ClearCall",
            Hold => "Hold",
            Retrieve => "Retrieve",
            SendDtmf { .. } => "SendDtmf",
            AttachUserData { .. } => "AttachUserData",
            UpdateUserData { .. } => "UpdateUserData",
            DeleteUserData => "DeleteUserData",
            DeleteUserDataPair { .. } => "DeleteUserDataPair",
            MuteCall => "MuteCall",
            UnmuteCall => "UnmuteCall",
            InitiateTransfer { .. } => "InitiateTransfer",
            CompleteTransfer { .. } => "CompleteTransfer",
            SingleStepTransfer { .. } => "SingleStepTransfer",
            InitiateConference { .. } => "InitiateConference",
            CompleteConference { .. } => "CompleteConference",
            SingleStepConference { .. } => "SingleStepConference",
            RemoveParticipantFromConference { .. } => "RemoveParticipantFromConference",
            SwapCalls { .. } => "SwapCalls",
            StartCallRecording => "StartCallRecording",
            StopCallRecording => "StopCallRecording",
            PauseCallRecording => "PauseCallRecording",
            ResumeCallRecording => "ResumeCallRecording",
            SwitchToListenIn => "SwitchToListenIn",
            SwitchToBargeIn => "SwitchToBargeIn",
            SwitchToCoach => "SwitchToCoach",
            MuteMonitoredUser => "MuteMonitoredUser",
            UnmuteMonitoredUser => "UnmuteMonitoredUser",
        }
    }
}
