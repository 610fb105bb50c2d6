//! Typed GWS (Genesys Web Services) 8.5 API v2 wire format, shared by the click-to-dial widget
//! (wasm) and the GWS simulator. serde + serde_json only, to keep the wasm small.
//!
//! Parsing is lenient where GWS varies (unknown fields kept in `extra`, unknown enum strings
//! kept as `Unknown`) and strict where a request is wrong (GWS status codes 1 / 10).

mod envelope;
pub mod lean;
pub mod notifications;
pub mod paths;
mod requests;
mod resources;
pub mod settings;
mod status;
mod wire_enum;

pub use envelope::{
    ApiResponse, CallsResponse, ChannelResult, DevicesResponse, MeResponse, VersionResponse,
};
pub use notifications::{
    CallNotificationType, CallStateChangeMessage, ChannelState, ChannelStateChangeMessageV2,
    DeviceStateChangeMessage, DeviceUserEventMessage, ErrorMessage, EventProcessing, Metrics,
    Notification, NotificationData, NotificationError, OutboundMessage,
};
pub use requests::{
    AgentStateOperation, CallOperation, Destination, DeviceCallRequest, DeviceOperation,
    DialPreviewRecordRequest, DialRequest, MeOperation, OutboundCampaignOperation, OutboundRecord,
    OutboundRecordFields, OutboundRecordOperation, RequestError,
};
pub use resources::{
    AgentState, Call, CallState, Device, Participant, ParticipantInfo, User, UserData, UserState,
};
pub use settings::{
    AgentStateChange, AgentStateSetting, AgentStatesResponse, BusinessAttribute,
    BusinessAttributeValue, BusinessAttributesResponse, DISPOSITION_ATTRIBUTE, DISPOSITION_KEY,
};
pub use status::StatusCode;
