//! Outbound preview requests (feature api-voice-outbound). Replies arrive on `/v2/me/outbound`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::RequestError;
use super::validate::{Field, Kind, OpSpec, op, optional, parse_with, required};
use crate::resources::UserData;

/// `POST /api/v2/me/outbound-campaigns/{campaignName}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "operationName", rename_all_fields = "camelCase")]
pub enum OutboundCampaignOperation {
    StartPreviewSession {
        device_path: String,
        /// OCS application DBID.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        application_id: Option<i64>,
        /// Echoed in the CometD reply so the client can correlate it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference_id: Option<String>,
    },
    GetPreviewRecord {
        device_path: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        application_id: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference_id: Option<String>,
    },
    EndPreviewSession {
        device_path: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        application_id: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference_id: Option<String>,
    },
}

const SESSION: &[Field] = &[
    required("devicePath", Kind::Text),
    optional("applicationId", Kind::Integer),
    optional("referenceId", Kind::Text),
];

const CAMPAIGN: &[OpSpec] = &[
    op("StartPreviewSession", SESSION),
    op("GetPreviewRecord", SESSION),
    op("EndPreviewSession", SESSION),
];

impl OutboundCampaignOperation {
    /// Validates a request body with GWS status codes (1 missing, 10 invalid).
    pub fn parse(value: &Value) -> Result<Self, RequestError> {
        parse_with(value, CAMPAIGN)
    }

    /// Every operationName this endpoint accepts.
    pub fn names() -> impl Iterator<Item = &'static str> {
        CAMPAIGN.iter().map(|spec| spec.name)
    }

    /// The wire `operationName`.
    pub fn name(&self) -> &'static str {
        match self {
            OutboundCampaignOperation::StartPreviewSession { .. } => "StartPreviewSession",
            OutboundCampaignOperation::GetPreviewRecord { .. } => "GetPreviewRecord",
            OutboundCampaignOperation::EndPreviewSession { .. } => "EndPreviewSession",
        }
    }
}

/// The (all optional, partly undocumented) parameters of the record operations.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboundRecordFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calling_list: Option<String>,
    /// Type undocumented (OCS call result); kept as raw JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_result: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    /// RescheduleRecord: `Personal` | `Campaign`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_type: Option<String>,
    /// RescheduleRecord: Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_fields: Option<UserData>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /api/v2/me/outbound-records/{recordHandle}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "operationName")]
pub enum OutboundRecordOperation {
    CompleteRecord(OutboundRecordFields),
    RejectRecord(OutboundRecordFields),
    RescheduleRecord(OutboundRecordFields),
    UpdateRecord(OutboundRecordFields),
    GetChainedRecord(OutboundRecordFields),
}

const RECORD_FIELDS: &[Field] = &[
    optional("applicationId", Kind::Integer),
    optional("campaignName", Kind::Text),
    optional("callingList", Kind::Text),
    optional("callResult", Kind::Any),
    optional("phoneNumber", Kind::Text),
    optional("devicePath", Kind::Text),
    optional("referenceId", Kind::Text),
    optional("callbackType", Kind::Text),
    optional("timestamp", Kind::Integer),
    optional("otherFields", Kind::Object),
];

const RECORD: &[OpSpec] = &[
    op("CompleteRecord", RECORD_FIELDS),
    op("RejectRecord", RECORD_FIELDS),
    op("RescheduleRecord", RECORD_FIELDS),
    op("UpdateRecord", RECORD_FIELDS),
    op("GetChainedRecord", RECORD_FIELDS),
];

impl OutboundRecordOperation {
    /// Validates a request body with GWS status codes (1 missing, 10 invalid).
    pub fn parse(value: &Value) -> Result<Self, RequestError> {
        parse_with(value, RECORD)
    }

    /// Every operationName this endpoint accepts.
    pub fn names() -> impl Iterator<Item = &'static str> {
        RECORD.iter().map(|spec| spec.name)
    }

    /// The wire `operationName`.
    pub fn name(&self) -> &'static str {
        match self {
            OutboundRecordOperation::CompleteRecord(_) => "CompleteRecord",
            OutboundRecordOperation::RejectRecord(_) => "RejectRecord",
            OutboundRecordOperation::RescheduleRecord(_) => "RescheduleRecord",
            OutboundRecordOperation::UpdateRecord(_) => "UpdateRecord",
            OutboundRecordOperation::GetChainedRecord(_) => "GetChainedRecord",
        }
    }

    /// The parameters, whichever the operation.
    pub fn fields(&self) -> &OutboundRecordFields {
        match self {
            OutboundRecordOperation::CompleteRecord(fields)
            | OutboundRecordOperation::RejectRecord(fields)
            | OutboundRecordOperation::RescheduleRecord(fields)
            | OutboundRecordOperation::UpdateRecord(fields)
            | OutboundRecordOperation::GetChainedRecord(fields) => fields,
        }
    }
}
