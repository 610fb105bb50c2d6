//! Control and fault-injection API (`/admin/api/...`, off the GWS paths) and the small
//! management page at `/admin`. Open to loopback clients, or to anyone with `--admin-token`
//! (see [`crate::http::admin_guard`]).

use crate::engine::calls::InboundCall;
use crate::engine::{Effects, views};
use crate::http::admin_guard;
use crate::http::extract::{GwsBytes, GwsPath};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::atomic::Ordering;

/// The admin page and API behind [`admin_guard::guard`] (every route, unknown `/admin/api/`
/// paths and wrong methods included).
pub fn router(app: AppState) -> Router<AppState> {
    Router::new()
        .route("/admin", get(page))
        .route("/admin/", get(page))
        .route("/admin/api/state", get(state))
        .route(
            "/admin/api/agents/{username}/inbound-call",
            post(inbound_call),
        )
        .route("/admin/api/calls/{id}/far-end-answer", post(far_end_answer))
        .route("/admin/api/calls/{id}/far-end-hangup", post(far_end_hangup))
        .route("/admin/api/cometd/drop", post(drop_cometd))
        .route("/admin/api/faults/fail-next", post(fail_next))
        .route("/admin/api/notifications/pause", post(pause))
        .route("/admin/api/notifications/resume", post(resume))
        .route("/admin/api/counters", get(counters))
        .route("/admin/api/counters/reset", post(reset_counters))
        .route("/admin/api/settings", post(settings))
        .route("/admin/api/reset", post(reset))
        .route("/admin/api", any(unknown))
        .route("/admin/api/", any(unknown))
        .route("/admin/api/{*rest}", any(unknown))
        .route_layer(from_fn_with_state(app, admin_guard::guard))
}

async fn unknown(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    admin_error(
        StatusCode::NOT_FOUND,
        format!("no admin API at {method} {}", uri.path()),
    )
}

/// An admin error: the GWS shape (`statusCode`, `statusMessage`) plus `error` for older callers.
fn admin_error(status: StatusCode, message: impl Into<String>) -> Response {
    let message = message.into();
    let code = match status {
        StatusCode::NOT_FOUND => crate::error::code::NOT_FOUND,
        StatusCode::CONFLICT => crate::error::code::INVALID_STATE,
        _ => crate::error::code::INPUT_VALIDATION,
    };
    (
        status,
        axum::Json(json!({"statusCode": code, "statusMessage": message, "error": message})),
    )
        .into_response()
}

/// Admin bodies are optional JSON objects; a bad one is a 400 naming the problem.
fn parse<T: for<'de> Deserialize<'de> + Default>(body: &[u8]) -> Result<T, Box<Response>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| {
        Box::new(admin_error(
            StatusCode::BAD_REQUEST,
            format!("invalid JSON body: {e}"),
        ))
    })
}

async fn page() -> Html<&'static str> {
    Html(include_str!("admin_page.html"))
}

async fn state(State(app): State<AppState>) -> axum::Json<Value> {
    let sessions = app.sessions.list();
    let clients = app.hub.describe();
    let world = app.world();
    let agents: Vec<Value> = world
        .agents
        .iter()
        .map(|a| {
            let calls: Vec<Value> = world
                .legs_of(a.index)
                .into_iter()
                .map(|l| serde_json::from_str(&views::call_json(&world, l)).unwrap_or(Value::Null))
                .collect();
            // Released calls still open to after-call data (dispositions), newest last.
            let released: Vec<Value> = world.released[a.index]
                .iter()
                .map(|r| {
                    serde_json::from_str(&views::released_call_json(&world, r))
                        .unwrap_or(Value::Null)
                })
                .collect();
            json!({
                "username": a.username, "password": a.password, "dn": a.dn, "deviceId": a.device_id,
                "userId": a.user_id, "sessionActive": a.session_active,
                "device": serde_json::from_str::<Value>(&views::device_json(&world, a.index)).unwrap_or(Value::Null),
                "httpSessions": sessions.iter().filter(|(_, i)| *i == a.index).count(),
                // One per browser with a shared connection, one per tab without.
                "cometdClients": clients.iter().filter(|c| c["agent"] == a.index).count(),
                "calls": calls,
                "releasedCalls": released,
            })
        })
        .collect();
    axum::Json(json!({
        "agents": agents,
        "cometdClients": clients,
        "slowConsumerDisconnects": app.hub.slow_consumer_disconnects(),
        "notificationsPaused": app.notifier.is_paused(),
        "pendingFailures": app.faults.pending_failures(),
        "csrf": app.csrf_enabled(),
        "websocket": app.hub.websocket_enabled.load(Ordering::SeqCst),
        "refuseWebsocketUpgrade": app.faults.refuse_websocket(),
    }))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct InboundBody {
    ani: Option<String>,
    dnis: Option<String>,
    user_data: Option<serde_json::Map<String, Value>>,
    #[serde(default)]
    via_queue: bool,
    call_type: Option<String>,
}

async fn inbound_call(
    State(app): State<AppState>,
    GwsPath(username): GwsPath<String>,
    GwsBytes(body): GwsBytes,
) -> Response {
    let b: InboundBody = match parse(&body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let result = {
        let mut world = app.world();
        let Some(agent) = world.agent_by_username(&username) else {
            return admin_error(StatusCode::NOT_FOUND, format!("no agent '{username}'"));
        };
        let call = InboundCall {
            ani: b.ani.unwrap_or_else(|| "5551234".to_string()),
            dnis: b.dnis,
            user_data: b.user_data,
            via_queue: b.via_queue,
            call_type: b.call_type,
        };
        world.inbound_call(agent, call)
    };
    match result {
        Ok((fx, id)) => {
            app.apply_now(fx);
            (StatusCode::OK, axum::Json(json!({"callId": id}))).into_response()
        }
        Err(e) => admin_error(StatusCode::BAD_REQUEST, e.message),
    }
}

fn call_action(app: &AppState, result: Result<Effects, crate::error::GwsError>) -> Response {
    match result {
        Ok(fx) => {
            app.apply_now(fx);
            axum::Json(json!({"ok": true})).into_response()
        }
        Err(e) if e.code == crate::error::code::NOT_FOUND => {
            admin_error(StatusCode::NOT_FOUND, e.message)
        }
        Err(e) => admin_error(StatusCode::CONFLICT, e.message),
    }
}

async fn far_end_answer(State(app): State<AppState>, GwsPath(id): GwsPath<String>) -> Response {
    let r = app.world().far_end_answer(&id);
    call_action(&app, r)
}

async fn far_end_hangup(State(app): State<AppState>, GwsPath(id): GwsPath<String>) -> Response {
    let r = app.world().far_end_hangup(&id);
    call_action(&app, r)
}

async fn drop_cometd(State(app): State<AppState>) -> axum::Json<Value> {
    axum::Json(json!({"dropped": app.hub.drop_all()}))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FailBody {
    count: Option<u32>,
    path_prefix: Option<String>,
    status: Option<u16>,
    message: Option<String>,
    /// Hold the failing reply this long (a hanging server), at most a minute.
    delay_ms: Option<u64>,
}

async fn fail_next(State(app): State<AppState>, GwsBytes(body): GwsBytes) -> Response {
    let b: FailBody = match parse(&body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    if let Some(s) = b.status.filter(|s| !(400..=599).contains(s)) {
        return admin_error(
            StatusCode::BAD_REQUEST,
            format!("status {s} must be an HTTP error status (400-599)"),
        );
    }
    if let Some(d) = b.delay_ms.filter(|d| *d > 60_000) {
        return admin_error(
            StatusCode::BAD_REQUEST,
            format!("delayMs {d} is over the 60000 ms limit"),
        );
    }
    let count = b.count.unwrap_or(1);
    app.faults.fail_next(
        count,
        b.path_prefix.clone(),
        b.status,
        b.message,
        b.delay_ms,
    );
    axum::Json(json!({"pendingFailures": count, "pathPrefix": b.path_prefix})).into_response()
}

async fn pause(State(app): State<AppState>) -> axum::Json<Value> {
    app.notifier.set_paused(true);
    axum::Json(json!({"notificationsPaused": true}))
}

async fn resume(State(app): State<AppState>) -> axum::Json<Value> {
    app.notifier.set_paused(false);
    axum::Json(json!({"notificationsPaused": false}))
}

async fn counters(State(app): State<AppState>) -> axum::Json<Value> {
    axum::Json(app.faults.counters_json())
}

async fn reset_counters(State(app): State<AppState>) -> axum::Json<Value> {
    app.faults.reset_counters();
    axum::Json(json!({"ok": true}))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SettingsBody {
    csrf: Option<bool>,
    /// Offer (and accept) the WebSocket transport at all.
    websocket: Option<bool>,
    /// Keep offering WebSocket in the handshake but refuse upgrades, like a proxy that blocks
    /// them: exercises a client's fallback to long-polling.
    refuse_websocket_upgrade: Option<bool>,
}

/// Runtime switches: CSRF on/off, refuse WebSocket upgrades (to exercise the LP fallback).
async fn settings(State(app): State<AppState>, GwsBytes(body): GwsBytes) -> Response {
    let b: SettingsBody = match parse(&body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    if let Some(c) = b.csrf {
        app.set_csrf(c);
    }
    if let Some(w) = b.websocket {
        app.hub.websocket_enabled.store(w, Ordering::SeqCst);
    }
    if let Some(r) = b.refuse_websocket_upgrade {
        app.faults.set_refuse_websocket(r);
    }
    axum::Json(json!({
        "csrf": app.csrf_enabled(),
        "websocket": app.hub.websocket_enabled.load(Ordering::SeqCst),
        "refuseWebsocketUpgrade": app.faults.refuse_websocket(),
    }))
    .into_response()
}

/// Back to a clean contact centre between e2e tests: calls released, agents logged out,
/// faults and counters cleared, notifications resumed. HTTP sessions are kept.
async fn reset(State(app): State<AppState>) -> axum::Json<Value> {
    let fx = app.world().reset();
    app.apply_now(fx);
    app.faults.fail_next(0, None, None, None, None);
    app.faults.reset_counters();
    app.faults.set_refuse_websocket(false);
    app.hub
        .websocket_enabled
        .store(app.config.websocket, Ordering::SeqCst);
    app.set_csrf(app.config.csrf);
    app.notifier.set_paused(false);
    axum::Json(json!({"ok": true}))
}
