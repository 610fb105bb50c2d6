//! Request bodies the widget POSTs and the simulator parses. Every body carries `operationName`;
//! each operation enum has a `parse` that answers with the GWS status code a real server would use.

mod agent;
mod call_ops;
mod device;
mod dial;
mod error;
mod outbound;
mod validate;

pub use agent::{AgentStateOperation, MeOperation};
pub use call_ops::CallOperation;
pub use device::DeviceOperation;
pub use dial::{
    Destination, DeviceCallRequest, DialPreviewRecordRequest, DialRequest, OutboundRecord,
};
pub use error::RequestError;
pub use outbound::{OutboundCampaignOperation, OutboundRecordFields, OutboundRecordOperation};
pub(crate) use validate::{describe, operation_name};
