//! The HTTP surface: GWS routes under /api, the admin API and page under /admin, static files.

pub mod admin;
pub mod calls;
pub mod devices;
pub mod me;
pub mod outbound;

use crate::cometd::{long_polling, websocket};
use crate::engine::Effects;
use crate::error::GwsError;
use crate::http::{auth, cors, observe, shape};
use crate::state::AppState;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::collections::HashMap;
use std::path::PathBuf;
use tower::Layer;
use tower::ServiceExt;
use tower_http::limit::{RequestBodyLimit, RequestBodyLimitLayer};

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

/// The whole HTTP surface as a [`Router`] (for tests; the server runs [`service`]).
pub fn router(app: AppState, static_dir: Option<PathBuf>) -> Router {
    Router::new().fallback_service(service(app, static_dir))
}

/// The whole HTTP surface. Layers, outermost first: CORS ([`cors::Origins`]: no
/// `Access-Control-*` header for an origin that is not allowed); [`shape::GwsShape`] (any
/// error on a GWS or admin API path in GWS's JSON shape, and a panicking handler answers a GWS
/// statusCode 4 instead of dropping the connection); the body limit
/// ([`crate::config::Timing::max_body_bytes`], 64 KiB by default: over it is a GWS-shaped 413).
///
/// These layers wrap the router as one service rather than each route (`Router::layer`): a
/// route's service is cloned on every call, and with eight layers boxed around every route
/// that was about fifty allocations per request (a quarter of the simulator's allocations
/// under load).
pub fn service(
    app: AppState,
    static_dir: Option<PathBuf>,
) -> impl tower::Service<
    Request,
    Response = Response,
    Error = std::convert::Infallible,
    Future: Send + 'static,
> + Clone
+ Send
+ Sync
+ 'static {
    let origins = app.config.allowed_origins.clone();
    let routes = routes(app.clone(), static_dir).with_state(app.clone());
    cors::Origins::new(with_defences(routes, &app), origins)
}

fn routes(app: AppState, static_dir: Option<PathBuf>) -> Router<AppState> {
    let authed = Router::new()
        .route("/api/v2/me", get(me::get_me).post(me::post_me))
        .route("/api/v2/me/", get(me::get_me).post(me::post_me))
        .route("/api/v2/me/channels/voice", post(me::voice_channel))
        .route("/api/v2/settings/agent-states", get(me::agent_states))
        .route(
            "/internal-api/business-attributes",
            get(me::business_attributes),
        )
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
    api.merge(admin::router(app.clone()))
        .fallback(move |req: Request| fallback(req, static_service.clone()))
}

/// The body limit, the panic guard and the GWS error shape around `routes` (see [`service`]).
pub fn with_defences(
    routes: Router,
    app: &AppState,
) -> shape::GwsShape<RequestBodyLimit<<DefaultBodyLimit as Layer<Router>>::Service>> {
    let limit = app.config.timing.max_body_bytes;
    let limited =
        RequestBodyLimitLayer::new(limit).layer(DefaultBodyLimit::max(limit).layer(routes));
    shape::GwsShape::new(limited, limit)
}

async fn fallback(
    req: Request,
    static_service: Option<tower_http::services::ServeDir>,
) -> Response {
    let path = req.uri().path().to_string();
    if shape::is_gws_path(&path) {
        return GwsError::not_found(format!("No GWS resource at {} {path}", req.method()))
            .into_response();
    }
    match static_service {
        Some(svc) => match svc.oneshot(req).await {
            Ok(r) => r.into_response(),
            Err(never) => match never {},
        },
        None if path == "/" => axum::response::Redirect::temporary("/admin").into_response(),
        None => (
            axum::http::StatusCode::NOT_FOUND,
            "Not found (no --static-dir given)",
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SimConfig;
    use crate::state::Shared;
    use axum::body::Body;
    use axum::http::StatusCode;
    use std::sync::Arc;

    async fn answer(
        router: Router,
        method: &str,
        uri: &str,
        body: Body,
    ) -> (StatusCode, String, String) {
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .body(body)
            .unwrap();
        let r = router.oneshot(req).await.unwrap();
        let ct = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let status = r.status();
        let bytes = axum::body::to_bytes(r.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, ct, String::from_utf8_lossy(&bytes).into_owned())
    }

    async fn boom() -> &'static str {
        panic!("boom")
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_in_gws_shape_and_the_router_keeps_serving() {
        let app = Shared::new(Arc::new(SimConfig::default()), "http://sim".into());
        let routes = Router::new()
            .route("/api/v2/boom", get(boom))
            .route("/api/v2/fine", get(|| async { "fine" }))
            .route(
                "/api/v2/echo",
                post(|b: axum::body::Bytes| async move { b.len().to_string() }),
            );
        let router =
            Router::new().fallback_service(with_defences(routes.with_state(app.clone()), &app));
        let (status, ct, body) = answer(router.clone(), "GET", "/api/v2/boom", Body::empty()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(ct.starts_with("application/json"), "{ct}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["statusCode"], 4, "{body}");
        assert!(v["statusMessage"].is_string());
        let (status, _, body) = answer(router.clone(), "GET", "/api/v2/fine", Body::empty()).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "fine"));
        // axum's own rejections and routing answers are GWS-shaped too.
        let (status, ct, body) =
            answer(router.clone(), "DELETE", "/api/v2/fine", Body::empty()).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert!(ct.starts_with("application/json"), "{ct}");
        assert!(body.contains("\"statusCode\":10"), "{body}");
        let big = Body::from(vec![b'x'; 64 * 1024 + 1]);
        let (status, ct, body) = answer(router, "POST", "/api/v2/echo", big).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(ct.starts_with("application/json"), "{ct}");
        assert!(body.contains("65536-byte limit"), "{body}");
    }
}
