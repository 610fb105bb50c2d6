//! The HTTP surface: GWS routes under /api, the admin API and page under /admin, static files.

pub mod admin;
pub mod calls;
pub mod devices;
pub mod me;
pub mod outbound;

use crate::cometd::{long_polling, websocket};
use crate::engine::Effects;
use crate::error::GwsError;
use crate::http::{auth, cors, observe};
use crate::state::AppState;
use axum::Router;
use axum::extract::Request;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::collections::HashMap;
use std::path::PathBuf;
use tower::ServiceExt;

pub type Query = HashMap<String, String>;

/// `fields=*` (or any fields list) asks for full resources instead of URIs.
pub fn wants_full(q: &Query) -> bool {
    q.get("fields").is_some_and(|f| !f.is_empty())
}

/// Publish after replying `{"statusCode":0}`.
pub fn apply_ok(app: &AppState, fx: Effects) -> Response {
    app.apply(fx);
    crate::error::ok_response()
}

pub fn router(app: AppState, static_dir: Option<PathBuf>) -> Router {
    let authed = Router::new()
        .route("/api/v2/me", get(me::get_me).post(me::post_me))
        .route("/api/v2/me/", get(me::get_me).post(me::post_me))
        .route("/api/v2/me/channels/voice", post(me::voice_channel))
        .route("/api/v2/me/devices", get(devices::list))
        .route(
            "/api/v2/me/devices/{id}",
            get(devices::get_one).post(devices::operation),
        )
        .route("/api/v2/devices/{id}", get(devices::get_one))
        .route(
            "/api/v2/me/devices/{id}/calls",
            post(calls::dial).get(calls::list),
        )
        .route("/api/v2/me/calls", get(calls::list))
        .route(
            "/api/v2/me/calls/{id}",
            get(calls::get_one).post(calls::operation),
        )
        .route(
            "/api/v2/me/outbound-campaigns/{name}",
            post(outbound::campaign),
        )
        .route(
            "/api/v2/me/outbound-records/{handle}",
            post(outbound::record),
        )
        .route(
            "/api/v2/notifications",
            get(websocket::upgrade).post(long_polling::handle),
        )
        .route(
            "/api/v2/notifications/",
            get(websocket::upgrade).post(long_polling::handle),
        )
        .route(
            "/api/v2/notifications/{*suffix}",
            get(websocket::upgrade).post(long_polling::handle),
        )
        .route_layer(from_fn_with_state(app.clone(), auth::authenticate));
    let api = authed
        .route("/api/v2/diagnostics/version", get(me::version))
        .layer(from_fn_with_state(app.clone(), observe::observe));
    let static_service = static_dir
        .map(|d| tower_http::services::ServeDir::new(d).append_index_html_on_directories(true));
    api.merge(admin::router())
        .fallback(move |req: Request| fallback(req, static_service.clone()))
        .layer(cors::layer(app.config.allowed_origins.clone()))
        .with_state(app)
}

async fn fallback(
    req: Request,
    static_service: Option<tower_http::services::ServeDir>,
) -> Response {
    let path = req.uri().path().to_string();
    if path.starts_with("/api/") {
        return GwsError::not_found(format!("No GWS resource at {} {path}", req.method()))
            .into_response();
    }
    match static_service {
        Some(svc) => match svc.oneshot(req).await {
            Ok(r) => r.into_response(),
            Err(e) => {
                (axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()
            }
        },
        None if path == "/" => axum::response::Redirect::temporary("/admin").into_response(),
        None => (
            axum::http::StatusCode::NOT_FOUND,
            "Not found (no --static-dir given)",
        )
            .into_response(),
    }
}
