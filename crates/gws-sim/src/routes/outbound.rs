//! Outbound preview: `/api/v2/me/outbound-campaigns/{name}` and `/api/v2/me/outbound-records/{handle}`.

use super::apply_ok;
use crate::error::GwsError;
use crate::http::auth::AuthedAgent;
use crate::http::body::json_body;
use crate::http::extract::{GwsBytes, GwsPath};
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use gws_protocol::{OutboundCampaignOperation, OutboundRecordOperation};

pub async fn campaign(
    State(app): State<AppState>,
    agent: AuthedAgent,
    GwsPath(name): GwsPath<String>,
    GwsBytes(body): GwsBytes,
) -> Result<Response, GwsError> {
    let op = OutboundCampaignOperation::parse(&json_body(&body)?)?;
    let fx = app.world().campaign_operation(agent.index, &name, op)?;
    Ok(apply_ok(&app, fx))
}

pub async fn record(
    State(app): State<AppState>,
    agent: AuthedAgent,
    GwsPath(handle): GwsPath<String>,
    GwsBytes(body): GwsBytes,
) -> Result<Response, GwsError> {
    let op = OutboundRecordOperation::parse(&json_body(&body)?)?;
    let fx = app.world().record_operation(agent.index, &handle, op)?;
    Ok(apply_ok(&app, fx))
}
