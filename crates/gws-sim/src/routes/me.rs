//! `/api/v2/me` (user, session start/end, all-channel Ready/NotReady), `/api/v2/me/channels/voice`
//! and `/api/v2/diagnostics/version`.

use super::{Query, apply_ok};
use crate::engine::views;
use crate::error::{GwsError, json_response};
use crate::http::auth::AuthedAgent;
use crate::http::body::json_body;
use crate::http::extract::{GwsBytes, GwsQuery};
use crate::json::{JsonObj, raw_array};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use gws_protocol::{AgentStateChange, AgentStateOperation, MeOperation};

pub async fn version(State(app): State<AppState>) -> Response {
    let body = JsonObj::new()
        .field("statusCode", &0)
        .field("version", &app.config.version)
        .finish();
    json_response(StatusCode::OK, body)
}

fn list_param(q: &Query, name: &str) -> Option<Vec<String>> {
    q.get(name).map(|v| {
        v.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    })
}

/// `GET /api/v2/me?subresources=devices,calls,features|*&fields=a,b|*`.
pub async fn get_me(
    State(app): State<AppState>,
    agent: AuthedAgent,
    GwsQuery(q): GwsQuery<Query>,
) -> Response {
    let world = app.world();
    let subs = list_param(&q, "subresources").unwrap_or_default();
    let wants = |name: &str| subs.iter().any(|s| s == "*" || s == name);
    let mut user = views::user_json(&world, agent.index);
    if wants("devices") {
        user = user.raw(
            "devices",
            raw_array([views::device_json(&world, agent.index)]),
        );
    }
    if wants("calls") {
        user = user.raw(
            "calls",
            raw_array(
                world
                    .legs_of(agent.index)
                    .into_iter()
                    .map(|l| views::call_json(&world, l)),
            ),
        );
    }
    if wants("features") {
        user = user.raw("features", views::features_json(&world));
    }
    if let Some(fields) = list_param(&q, "fields").filter(|f| !f.iter().any(|x| x == "*")) {
        let keep = |k: &str| {
            fields.iter().any(|f| f == k) || ["devices", "calls", "features"].contains(&k)
        };
        user = user.retain(&keep);
    }
    let body = JsonObj::new()
        .field("statusCode", &0)
        .raw("user", user.finish())
        .finish();
    json_response(StatusCode::OK, body)
}

pub async fn post_me(
    State(app): State<AppState>,
    agent: AuthedAgent,
    GwsBytes(body): GwsBytes,
) -> Result<Response, GwsError> {
    let op = MeOperation::parse(&json_body(&body)?)?;
    match op {
        MeOperation::StartContactCenterSession { channels, .. } => {
            start_session(&app, agent.index, &channels)
        }
        MeOperation::EndContactCenterSession => {
            let fx = app.world().end_session(agent.index);
            app.sessions.remove(&agent.session_id);
            Ok(apply_ok(&app, fx))
        }
        MeOperation::Ready => set_state(&app, agent.index, &AgentStateChange::named("Ready")),
        MeOperation::NotReady => set_state(&app, agent.index, &AgentStateChange::named("NotReady")),
    }
}

/// The multimedia channels GWS knows (reference §2.4: "email, chat, workitem, IM session").
const MULTIMEDIA_CHANNELS: [&str; 4] = ["chat", "email", "workitem", "im"];

/// Voice is served; every multimedia channel fails as on a GWS without Interaction Server,
/// which gives statusCode 7 (partial success) when voice was asked too.
fn start_session(app: &AppState, agent: usize, channels: &[String]) -> Result<Response, GwsError> {
    if channels.is_empty() {
        return Err(GwsError::validation(
            "'channels' must list at least one channel, e.g. [\"voice\"]",
        ));
    }
    if let Some(unknown) = channels
        .iter()
        .find(|c| c.as_str() != "voice" && !MULTIMEDIA_CHANNELS.contains(&c.as_str()))
    {
        let shown: String = unknown.chars().take(64).collect();
        return Err(GwsError::validation(format!(
            "Unknown channel '{shown}' in 'channels' (known: voice, {})",
            MULTIMEDIA_CHANNELS.join(", ")
        )));
    }
    let voice = channels.iter().any(|c| c == "voice");
    let multimedia = channels.iter().any(|c| c != "voice");
    let failed = serde_json::json!([{"statusCode": 4, "statusMessage": "Interaction server connection is not opened", "channel": "multimedia"}]);
    if !voice {
        let body = serde_json::json!({"statusCode": 4, "statusMessage": "Interaction server connection is not opened", "failed": failed});
        return Ok(json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            body.to_string(),
        ));
    }
    let fx = app.world().start_session(agent);
    app.apply(fx);
    if multimedia {
        let body = serde_json::json!({"statusCode": 7, "failed": failed, "succeeded": [{"statusCode": 0, "channel": "voice"}]});
        return Ok(json_response(StatusCode::OK, body.to_string()));
    }
    Ok(crate::error::ok_response())
}

fn set_state(
    app: &AppState,
    agent: usize,
    change: &AgentStateChange,
) -> Result<Response, GwsError> {
    let fx = app.world().set_agent_state(agent, change)?;
    Ok(apply_ok(app, fx))
}

/// `POST /api/v2/me/channels/voice`: Ready / NotReady (optional `reason`, `workMode`) /
/// AfterCallWork, or a custom state's `operationName` from the agent-state settings
/// (reference §4.3). The three documented operations keep their exact validation.
pub async fn voice_channel(
    State(app): State<AppState>,
    agent: AuthedAgent,
    GwsBytes(body): GwsBytes,
) -> Result<Response, GwsError> {
    let body = json_body(&body)?;
    let change = AgentStateChange::parse(&body)?;
    if AgentStateOperation::names().any(|n| n == change.operation_name) {
        AgentStateOperation::parse(&body)?;
    }
    set_state(&app, agent.index, &change)
}

/// `GET /api/v2/settings/agent-states` → `{"statusCode":0,"settings":[…]}` (reference §4.2).
pub async fn agent_states(State(app): State<AppState>) -> Response {
    let world = app.world();
    let body = JsonObj::new()
        .field("statusCode", &0)
        .raw("settings", views::agent_states_json(&world))
        .finish();
    json_response(StatusCode::OK, body)
}

/// `GET /internal-api/business-attributes` → `{"statusCode":0,"businessAttributes":[…]}`
/// (reference §8; shape of DOC `HTCC/8.5.0/API/InternalAPIBA`): the dispositions.
pub async fn business_attributes(State(app): State<AppState>) -> Response {
    let world = app.world();
    let body = JsonObj::new()
        .field("statusCode", &0)
        .raw(
            "businessAttributes",
            views::business_attributes_json(&world),
        )
        .finish();
    json_response(StatusCode::OK, body)
}
