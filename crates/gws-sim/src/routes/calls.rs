//! `/api/v2/me/calls` (list/get/operations) and `/api/v2/me/devices/{id}/calls` (Dial).

use super::{Query, apply_ok, wants_full};
use crate::engine::views;
use crate::error::{GwsError, json_response};
use crate::http::auth::AuthedAgent;
use crate::http::body::json_body;
use crate::http::extract::{GwsBytes, GwsPath, GwsQuery};
use crate::json::{JsonObj, raw_array};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use gws_protocol::{CallOperation, DeviceCallRequest};

pub async fn list(
    State(app): State<AppState>,
    agent: AuthedAgent,
    GwsQuery(q): GwsQuery<Query>,
) -> Response {
    let world = app.world();
    let legs = world.legs_of(agent.index);
    let body = if wants_full(&q) {
        JsonObj::new().field("statusCode", &0).raw(
            "calls",
            raw_array(legs.iter().map(|l| views::call_json(&world, l))),
        )
    } else {
        let uris: Vec<String> = legs
            .iter()
            .map(|l| views::call_uri(&world, &l.id))
            .collect();
        JsonObj::new().field("statusCode", &0).field("uris", &uris)
    };
    json_response(StatusCode::OK, body.finish())
}

pub async fn get_one(
    State(app): State<AppState>,
    agent: AuthedAgent,
    GwsPath(id): GwsPath<String>,
) -> Result<Response, GwsError> {
    let world = app.world();
    let leg = world.leg_of(agent.index, &id)?;
    let body = JsonObj::new()
        .field("statusCode", &0)
        .raw("call", views::call_json(&world, leg))
        .finish();
    Ok(json_response(StatusCode::OK, body))
}

/// Dial, or Dial Preview Record whose `otherFields` become the call's attached data.
pub async fn dial(
    State(app): State<AppState>,
    agent: AuthedAgent,
    GwsPath(device): GwsPath<String>,
    GwsBytes(body): GwsBytes,
) -> Result<Response, GwsError> {
    let request = DeviceCallRequest::parse(&json_body(&body)?)?;
    let (number, user_data) = match &request {
        DeviceCallRequest::Dial(d) => (d.destination.phone_number.clone(), d.user_data.clone()),
        DeviceCallRequest::DialPreviewRecord(p) => {
            let number = p.outbound_record.phone_number.clone().ok_or_else(|| {
                GwsError::missing("Missing required parameter 'outboundRecord.phoneNumber' for Dial (preview record)")
            })?;
            (number, p.outbound_record.other_fields.clone())
        }
    };
    let (fx, _call) = app
        .world()
        .dial(agent.index, &device, &number, user_data.as_ref())?;
    Ok(apply_ok(&app, fx))
}

pub async fn operation(
    State(app): State<AppState>,
    agent: AuthedAgent,
    GwsPath(id): GwsPath<String>,
    GwsBytes(body): GwsBytes,
) -> Result<Response, GwsError> {
    let op = CallOperation::parse(&json_body(&body)?)?;
    let fx = app.world().call_operation(agent.index, &id, op)?;
    Ok(apply_ok(&app, fx))
}
