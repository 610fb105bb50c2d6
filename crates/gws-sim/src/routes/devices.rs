//! `/api/v2/me/devices` (list), `/api/v2/me/devices/{id}` (get, DND/forwarding operations).

use super::{Query, apply_ok, wants_full};
use crate::engine::agents::DeviceOp;
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
use gws_protocol::DeviceOperation;

pub async fn list(
    State(app): State<AppState>,
    agent: AuthedAgent,
    GwsQuery(q): GwsQuery<Query>,
) -> Response {
    let world = app.world();
    let body = if wants_full(&q) {
        JsonObj::new().field("statusCode", &0).raw(
            "devices",
            raw_array([views::device_json(&world, agent.index)]),
        )
    } else {
        JsonObj::new()
            .field("statusCode", &0)
            .field("uris", &[views::device_uri(&world, agent.index)])
    };
    json_response(StatusCode::OK, body.finish())
}

pub async fn get_one(
    State(app): State<AppState>,
    agent: AuthedAgent,
    GwsPath(id): GwsPath<String>,
) -> Result<Response, GwsError> {
    let world = app.world();
    if world.agents[agent.index].device_id != id {
        return Err(GwsError::not_found(format!(
            "Device '{id}' was not found for this user"
        )));
    }
    let body = JsonObj::new()
        .field("statusCode", &0)
        .raw("device", views::device_json(&world, agent.index))
        .finish();
    Ok(json_response(StatusCode::OK, body))
}

pub async fn operation(
    State(app): State<AppState>,
    agent: AuthedAgent,
    GwsPath(id): GwsPath<String>,
    GwsBytes(body): GwsBytes,
) -> Result<Response, GwsError> {
    let op = match DeviceOperation::parse(&json_body(&body)?)? {
        DeviceOperation::DoNotDisturbOn => DeviceOp::DoNotDisturbOn,
        DeviceOperation::DoNotDisturbOff => DeviceOp::DoNotDisturbOff,
        DeviceOperation::ForwardCallsOn { destination } => DeviceOp::ForwardCallsOn(destination),
        DeviceOperation::ForwardCallsOff => DeviceOp::ForwardCallsOff,
    };
    let fx = app.world().device_operation(agent.index, &id, op)?;
    Ok(apply_ok(&app, fx))
}
