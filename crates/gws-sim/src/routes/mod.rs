//! The HTTP surface: GWS routes under /api, the admin API and page under /admin, static files.

pub mod admin;
pub mod calls;
pub mod devices;
pub mod hot;
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
    let routes = hot::HotPath::new(
        routes(app.clone(), static_dir).with_state(app.clone()),
        app.clone(),
    );
    cors::Origins::new(with_defences(routes, &app), origins)
}

/// [`service`] without [`hot::HotPath`]: every request through the router (tests compare).
#[cfg(test)]
fn service_via_router(app: AppState) -> Router {
    let origins = app.config.allowed_origins.clone();
    let routes = routes(app.clone(), None).with_state(app.clone());
    Router::new().fallback_service(cors::Origins::new(with_defences(routes, &app), origins))
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
pub fn with_defences<S: Clone>(
    routes: S,
    app: &AppState,
) -> shape::GwsShape<RequestBodyLimit<<DefaultBodyLimit as Layer<S>>::Service>> {
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

    /// The same requests through the fast path and through the router alone: the same
    /// answers (status, headers but the date, body with the session's and calls' ids
    /// replaced) and the same request counters.
    #[tokio::test]
    async fn the_hot_path_answers_as_the_router_does() {
        /// The answer without its body, and the body as text.
        async fn read(r: Response) -> (Response, String) {
            let (parts, b) = r.into_parts();
            let bytes = axum::body::to_bytes(b, usize::MAX).await.unwrap();
            let body = String::from_utf8_lossy(&bytes).into_owned();
            (Response::from_parts(parts, Body::empty()), body)
        }
        async fn scenario(router: Router, app: &AppState) -> Vec<String> {
            let send = |method: &str, uri: &str, headers: Vec<(String, String)>, body: String| {
                let mut req = Request::builder().method(method).uri(uri);
                for (k, v) in headers {
                    req = req.header(k, v);
                }
                router.clone().oneshot(req.body(Body::from(body)).unwrap())
            };
            let mut log = Vec::new();
            let mut ids: Vec<String> = Vec::new();
            let mut record = |r: Response, body: String, ids: &Vec<String>| {
                let mut headers: Vec<String> = r
                    .headers()
                    .iter()
                    .filter(|(k, _)| *k != "date")
                    .map(|(k, v)| format!("{k}: {}", v.to_str().unwrap_or("?")))
                    .collect();
                headers.sort();
                let mut line = format!("{} {headers:?} {body}", r.status());
                for (i, id) in ids.iter().enumerate() {
                    line = line.replace(id.as_str(), &format!("<id{i}>"));
                }
                log.push(line);
            };
            // Sign in (through the router either way) for a cookie and a CSRF token.
            let basic = (
                "authorization".to_string(),
                "Basic YWdlbnQxOnBhc3N3b3Jk".to_string(),
            );
            let r = send("GET", "/api/v2/me", vec![basic.clone()], String::new())
                .await
                .unwrap();
            let cookie = r.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_string();
            let csrf = r.headers()["x-csrf-token"].to_str().unwrap().to_string();
            ids.push(cookie.trim_start_matches("JSESSIONID=").to_string());
            ids.push(csrf.clone());
            let authed = vec![
                ("cookie".to_string(), cookie.clone()),
                ("x-csrf-token".to_string(), csrf.clone()),
                ("content-type".to_string(), "application/json".to_string()),
            ];
            let device = "/api/v2/me/devices/d5001-0000-4000-8000-000000005001/calls";
            let dial = r#"{"operationName":"Dial","destination":{"phoneNumber":"5551234"}}"#;
            type Case<'a> = (&'a str, String, Vec<(String, String)>, String);
            let cases: Vec<Case> = vec![
                ("POST", device.into(), authed.clone(), dial.into()),
                ("POST", device.into(), vec![], dial.into()),
                ("POST", device.into(), vec![basic.clone()], dial.into()),
                ("POST", device.into(), authed[..1].to_vec(), dial.into()),
                ("POST", device.into(), authed.clone(), "{nope".into()),
                ("POST", device.into(), authed.clone(), "".into()),
                ("POST", device.into(), authed.clone(), "x".repeat(70_000)),
                ("POST", "/api/v2/me/devices/nope/calls".into(), authed.clone(), dial.into()),
                ("POST", "/api/v2/me/calls/NOSUCHCALL".into(), authed.clone(), r#"{"operationName":"Hangup"}"#.into()),
                ("POST", "/api/v2/me/calls/NOSUCHCALL".into(), authed.clone(), r#"{"operationName":"Fly"}"#.into()),
                ("POST", "/api/v2/notifications".into(), authed[..1].to_vec(), r#"[{"channel":"/meta/connect","clientId":"nobody","connectionType":"long-polling","id":"3"}]"#.into()),
                ("POST", "/api/v2/notifications/connect".into(), authed[..1].to_vec(), "[]".into()),
                ("POST", "/api/v2/notifications/handshake".into(), authed[..1].to_vec(), "not json".into()),
                ("POST", "/api/v2/notifications".into(), vec![], "[]".into()),
            ];
            for (method, uri, headers, body) in cases {
                let r = send(method, &uri, headers, body).await.unwrap();
                let (r, body) = read(r).await;
                record(r, body, &ids);
            }
            // An injected failure, counted first.
            app.faults
                .fail_next(1, Some("/api/v2/me/calls".into()), None, None, None);
            let r = send(
                "POST",
                "/api/v2/me/calls/X",
                authed.clone(),
                r#"{"operationName":"Hold"}"#.into(),
            )
            .await
            .unwrap();
            let (r, body) = read(r).await;
            record(r, body, &ids);
            let mut counters = app.faults.counters_json();
            if let Some(recent) = counters["recent"].as_array_mut() {
                for r in recent {
                    // The call id of the Dial differs between the two runs.
                    r["body"] = serde_json::Value::Null;
                }
            }
            log.push(counters.to_string());
            log
        }
        let config = || {
            let mut c = SimConfig::default();
            c.timing.notification_delay_ms = 0;
            Arc::new(c)
        };
        let hot_app = Shared::new(config(), "http://sim".into());
        let hot = scenario(router(hot_app.clone(), None), &hot_app).await;
        let plain_app = Shared::new(config(), "http://sim".into());
        let plain = scenario(service_via_router(plain_app.clone()), &plain_app).await;
        assert_eq!(hot.len(), plain.len());
        for (h, p) in hot.iter().zip(&plain) {
            assert_eq!(h, p);
        }
        assert!(hot[0].starts_with("200 OK"), "{}", hot[0]);
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
