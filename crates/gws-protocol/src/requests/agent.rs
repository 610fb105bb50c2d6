//! Agent-state and session requests: `/api/v2/me/channels/voice` and `/api/v2/me`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::RequestError;
use super::validate::{Kind, OpSpec, op, optional, parse_with, required, string_or_integer};

/// `POST /api/v2/me/channels/voice`; the result arrives as a DeviceStateChangeMessage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "operationName", rename_all_fields = "camelCase")]
pub enum AgentStateOperation {
    Ready {
        /// `ManualIn` | `AutoIn`; GWS spells the parameter all lower-case.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        workmode: Option<String>,
    },
    NotReady {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        work_mode: Option<String>,
    },
    AfterCallWork {
        /// Seconds; documented as a string (`"0"`), numbers are accepted too.
        #[serde(
            default,
            deserialize_with = "string_or_integer",
            skip_serializing_if = "Option::is_none"
        )]
        wrap_up_time: Option<String>,
    },
}

const AGENT_STATE: &[OpSpec] = &[
    op("Ready", &[optional("workmode", Kind::Text)]),
    op(
        "NotReady",
        &[
            optional("reason", Kind::Text),
            optional("workMode", Kind::Text),
        ],
    ),
    op(
        "AfterCallWork",
        &[optional("wrapUpTime", Kind::TextOrInteger)],
    ),
];

impl AgentStateOperation {
    /// Validates a request body with GWS status codes (1 missing, 10 invalid).
    pub fn parse(value: &Value) -> Result<Self, RequestError> {
        parse_with(value, AGENT_STATE)
    }

    /// Every operationName this endpoint accepts.
    pub fn names() -> impl Iterator<Item = &'static str> {
        AGENT_STATE.iter().map(|spec| spec.name)
    }

    /// The wire `operationName`.
    pub fn name(&self) -> &'static str {
        match self {
            AgentStateOperation::Ready { .. } => "Ready",
            AgentStateOperation::NotReady { .. } => "NotReady",
            AgentStateOperation::AfterCallWork { .. } => "AfterCallWork",
        }
    }
}

/// `POST /api/v2/me`: session start/end, and the older all-channel Ready/NotReady.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "operationName", rename_all_fields = "camelCase")]
pub enum MeOperation {
    StartContactCenterSession {
        /// `voice` plus any multimedia channels; a per-channel failure gives statusCode 7.
        channels: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        login_code: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        queue: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        device_path: Option<String>,
    },
    /// Also invalidates the HTTP session, so it must be the last request.
    EndContactCenterSession,
    Ready,
    NotReady,
}

const ME: &[OpSpec] = &[
    op(
        "StartContactCenterSession",
        &[
            required("channels", Kind::TextList),
            optional("place", Kind::Text),
            optional("loginCode", Kind::Text),
            optional("queue", Kind::Text),
            optional("devicePath", Kind::Text),
        ],
    ),
    op("EndContactCenterSession", &[]),
    op("Ready", &[]),
    op("NotReady", &[]),
];

impl MeOperation {
    /// `{"operationName":"StartContactCenterSession","channels":["voice"]}`.
    pub fn start_voice_session() -> Self {
        MeOperation::StartContactCenterSession {
            channels: vec!["voice".to_owned()],
            place: None,
            login_code: None,
            queue: None,
            device_path: None,
        }
    }

    /// Validates a request body with GWS status codes (1 missing, 10 invalid).
    pub fn parse(value: &Value) -> Result<Self, RequestError> {
        parse_with(value, ME)
    }

    /// Every operationName this endpoint accepts.
    pub fn names() -> impl Iterator<Item = &'static str> {
        ME.iter().map(|spec| spec.name)
    }

    /// The wire `operationName`.
    pub fn name(&self) -> &'static str {
        match self {
            MeOperation::StartContactCenterSession { .. } => "StartContactCenterSession",
            MeOperation::EndContactCenterSession => "EndContactCenterSession",
            MeOperation::Ready => "Ready",
            MeOperation::NotReady => "NotReady",
        }
    }
}
