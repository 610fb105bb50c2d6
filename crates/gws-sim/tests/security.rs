//! Security defaults: who may use the admin API, what the session cookie allows, and the CORS
//! and CSRF rules as a matrix (origin allowed / denied / allowed by a `*.` wildcard ×
//! credentials × preflight × method).

mod common;
use axum::extract::ConnectInfo;
use common::*;
use gws_sim::state::Shared;
use gws_sim::{SimConfig, Simulator, StartOptions};
use reqwest::Method;
use serde_json::{Value, json};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use tower::ServiceExt;

const TOKEN: &str = "s3cret-admin-token";

fn with_token() -> SimConfig {
    let mut c = fast_config();
    c.admin_token = Some(TOKEN.to_string());
    c
}

/// A refusal in GWS's shape: the status, JSON, an integer statusCode and a message.
async fn assert_gws_refusal(r: reqwest::Response, status: u16, code: i64, what: &str) -> Value {
    assert_eq!(r.status(), status, "{what}");
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(ct.starts_with("application/json"), "{what}: {ct}");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["statusCode"], code, "{what}: {v}");
    assert!(
        v["statusMessage"].as_str().is_some_and(|m| !m.is_empty()),
        "{what}: {v}"
    );
    v
}

// --- Admin API -------------------------------------------------------------------------------

#[tokio::test]
async fn admin_is_open_to_loopback_without_a_token() {
    let sim = start().await;
    let c = reqwest::Client::new();
    let r = c
        .get(format!("{}/admin/api/state", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .get(format!("{}/admin", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // The admin page's own fetches are same-origin: allowed.
    let r = c
        .post(format!("{}/admin/api/notifications/resume", sim.base_url()))
        .header("Origin", sim.base_url())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn admin_token_works_from_loopback_and_a_wrong_one_is_refused() {
    let sim = start_with(with_token()).await;
    let url = format!("{}/admin/api/state", sim.base_url());
    let c = reqwest::Client::new();
    assert_eq!(c.get(&url).send().await.unwrap().status(), 200);
    for (name, value) in [
        ("X-Admin-Token", TOKEN.to_string()),
        ("Authorization", format!("Bearer {TOKEN}")),
    ] {
        let r = c.get(&url).header(name, value).send().await.unwrap();
        assert_eq!(r.status(), 200, "{name}");
    }
    for (name, value) in [
        ("X-Admin-Token", "s3cret-admin-toke".to_string()),
        ("X-Admin-Token", format!("{TOKEN}x")),
        ("Authorization", "Bearer guess".to_string()),
    ] {
        let r = c.get(&url).header(name, &value).send().await.unwrap();
        let v = assert_gws_refusal(r, 403, 5, &format!("{name}: {value}")).await;
        assert_eq!(v["statusMessage"], "Invalid admin token");
    }
}

#[tokio::test]
async fn admin_refuses_loopback_requests_meant_for_another_site() {
    let sim = start().await;
    let c = reqwest::Client::new();
    let url = format!("{}/admin/api/faults/fail-next", sim.base_url());
    // A page of another site in the developer's browser POSTing to the loopback simulator.
    let r = c
        .post(&url)
        .header("Origin", "http://evil.example")
        .header("Content-Type", "text/plain")
        .body(r#"{"count":5}"#)
        .send()
        .await
        .unwrap();
    assert_gws_refusal(r, 403, 5, "cross-site Origin").await;
    // DNS rebinding: a host name of the attacker's that resolves to 127.0.0.1.
    let r = c
        .post(&url)
        .header("Host", "rebind.evil.example")
        .send()
        .await
        .unwrap();
    assert_gws_refusal(r, 403, 5, "rebinding Host").await;
    // Neither injected anything.
    let state: Value = c
        .get(format!("{}/admin/api/state", sim.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["pendingFailures"], 0);
}

/// The router as the server runs it, called with a chosen peer address.
async fn call_router(
    config: SimConfig,
    peer: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> axum::response::Response {
    let app = Shared::new(Arc::new(config), "http://sim.example".into());
    let router = gws_sim::routes::router(app, None);
    let mut req = axum::http::Request::builder().method(method).uri(path);
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req = req.header("Host", "sim.example:8090");
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut req = req.body(axum::body::Body::empty()).unwrap();
    let peer: SocketAddr = peer.parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    router.oneshot(req).await.unwrap()
}

async fn status_and_body(r: axum::response::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let bytes = axum::body::to_bytes(r.into_body(), usize::MAX)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn admin_refuses_remote_peers_without_the_token() {
    let remote = "203.0.113.7:40000";
    for path in [
        "/admin",
        "/admin/api/state",
        "/admin/api/nothing",
        "/admin/api/counters",
    ] {
        let (s, b) =
            status_and_body(call_router(fast_config(), remote, "GET", path, &[]).await).await;
        assert_eq!((s, b["statusCode"].as_i64()), (403, Some(5)), "{path}: {b}");
        assert!(
            b["statusMessage"]
                .as_str()
                .unwrap()
                .contains("--admin-token"),
            "{b}"
        );
    }
    // A remote client cannot pass for a loopback one by naming a loopback Host.
    for host in ["127.0.0.1:8090", "localhost"] {
        let (s, b) = status_and_body(
            call_router(
                fast_config(),
                remote,
                "GET",
                "/admin/api/state",
                &[("Host", host)],
            )
            .await,
        )
        .await;
        assert_eq!(
            (s, b["statusCode"].as_i64()),
            (403, Some(5)),
            "Host {host}: {b}"
        );
    }
    // A wrong method from a remote peer is refused before the 405.
    let (s, _) = status_and_body(
        call_router(fast_config(), remote, "DELETE", "/admin/api/state", &[]).await,
    )
    .await;
    assert_eq!(s, 403);
    // With --admin-token, the token opens it from anywhere; nothing else does.
    let (s, b) = status_and_body(
        call_router(
            with_token(),
            remote,
            "GET",
            "/admin/api/state",
            &[("X-Admin-Token", TOKEN)],
        )
        .await,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert!(b["agents"].is_array());
    let (s, _) = status_and_body(
        call_router(
            with_token(),
            remote,
            "GET",
            "/admin/api/state",
            &[("Authorization", &format!("Bearer {TOKEN}"))],
        )
        .await,
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = status_and_body(
        call_router(
            with_token(),
            remote,
            "GET",
            "/admin/api/state",
            &[("Authorization", "Basic YWdlbnQxOnBhc3N3b3Jk")],
        )
        .await,
    )
    .await;
    assert_eq!(s, 403, "agent credentials are not the admin token");
    // GWS itself is not affected by the peer address.
    let (s, _) = status_and_body(
        call_router(
            fast_config(),
            remote,
            "GET",
            "/api/v2/diagnostics/version",
            &[],
        )
        .await,
    )
    .await;
    assert_eq!(s, 200);
}

/// This machine's address on a non-loopback interface, if it has one (no packet is sent).
fn non_loopback_ip() -> Option<IpAddr> {
    let s = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    s.connect("192.0.2.1:9").ok()?;
    let ip = s.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// Over real TCP: the server sees the peer address (`ConnectInfo`), so a client reaching it on
/// a non-loopback interface is refused.
#[tokio::test]
async fn admin_over_a_non_loopback_interface_needs_the_token() {
    let Some(ip) = non_loopback_ip() else {
        println!("no non-loopback interface on this machine: covered by the router-level test");
        return;
    };
    let options = StartOptions {
        listen: SocketAddr::new(ip, 0),
        static_dir: None,
    };
    let sim = Simulator::start_with(with_token(), options).await.unwrap();
    let c = reqwest::Client::new();
    let url = format!("http://{}/admin/api/state", sim.addr());
    let r = c.get(&url).send().await.unwrap();
    assert_gws_refusal(r, 403, 5, "non-loopback peer without token").await;
    let r = c
        .get(&url)
        .header("Host", "127.0.0.1")
        .send()
        .await
        .unwrap();
    assert_gws_refusal(r, 403, 5, "non-loopback peer naming a loopback Host").await;
    let r = c
        .get(&url)
        .header("X-Admin-Token", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .get(format!("http://{}/api/v2/diagnostics/version", sim.addr()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[test]
fn command_line_options_reach_the_config() {
    use clap::Parser;
    let args =
        gws_sim::cli::Args::try_parse_from(["gws-sim", "--admin-token", TOKEN, "--secure-cookies"])
            .unwrap();
    let c = args.load_config().unwrap();
    assert_eq!(c.admin_token.as_deref(), Some(TOKEN));
    assert!(c.secure_cookies && c.cookies_secure());
    let args =
        gws_sim::cli::Args::try_parse_from(["gws-sim", "--admin-token", "two words"]).unwrap();
    assert!(args.load_config().unwrap_err().contains("admin_token"));
    let c = gws_sim::cli::Args::try_parse_from(["gws-sim"])
        .unwrap()
        .load_config()
        .unwrap();
    assert!(c.admin_token.is_none() && !c.cookies_secure());
}

// --- Session cookie ---------------------------------------------------------------------------

async fn login_cookie(config: SimConfig) -> String {
    let sim = start_with(config).await;
    let r = reqwest::Client::new()
        .get(format!("http://{}/api/v2/me", sim.addr()))
        .basic_auth("agent1", Some("password"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.headers()["set-cookie"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn session_cookie_is_httponly_and_samesite() {
    let cookie = login_cookie(fast_config()).await;
    let attrs: Vec<&str> = cookie.split("; ").skip(1).collect();
    assert!(cookie.starts_with("JSESSIONID="), "{cookie}");
    assert_eq!(attrs, ["Path=/", "HttpOnly", "SameSite=Lax"], "{cookie}");

    let mut secure = fast_config();
    secure.secure_cookies = true;
    let cookie = login_cookie(secure).await;
    let attrs: Vec<&str> = cookie.split("; ").skip(1).collect();
    assert_eq!(
        attrs,
        ["Path=/", "HttpOnly", "SameSite=None", "Secure"],
        "{cookie}"
    );

    let mut https = fast_config();
    https.public_url = Some("https://gws.example.com".into());
    let cookie = login_cookie(https).await;
    assert!(
        cookie.ends_with("; HttpOnly; SameSite=None; Secure"),
        "{cookie}"
    );
}

// --- CORS matrix ------------------------------------------------------------------------------

const ALLOW_METHODS: &str = "GET,POST,PUT,DELETE,OPTIONS";
const ALLOW_HEADERS: &str = "x-requested-with,content-type,accept,origin,cookie,authorization,ssid,surl,contactcenterid,x-csrf-token";
const EXPOSE_HEADERS: &str = "x-csrf-header,x-csrf-token";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Origin {
    /// Configured exactly: `http://crm.example.com`.
    Allowed,
    /// Matches the configured `http://*.allowed.test`.
    Wildcard,
    /// Not configured (also the wildcard's bare domain, another scheme, a look-alike, null).
    Denied(&'static str),
}

impl Origin {
    fn value(self) -> &'static str {
        match self {
            Origin::Allowed => "http://crm.example.com",
            Origin::Wildcard => "http://app.allowed.test",
            Origin::Denied(o) => o,
        }
    }
    fn allowed(self) -> bool {
        !matches!(self, Origin::Denied(_))
    }
}

fn header<'a>(r: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    r.headers().get(name).and_then(|v| v.to_str().ok())
}

fn access_control_headers(r: &reqwest::Response) -> Vec<String> {
    let mut v: Vec<String> = r
        .headers()
        .keys()
        .map(|k| k.as_str().to_string())
        .filter(|k| k.starts_with("access-control-"))
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn cors_matrix_origin_credentials_preflight_method() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    gws.start_session().await;
    let origins = [
        Origin::Allowed,
        Origin::Wildcard,
        Origin::Denied("http://evil.example"),
        Origin::Denied("http://allowed.test"),
        Origin::Denied("https://crm.example.com"),
        Origin::Denied("http://crm.example.com.evil.example"),
        Origin::Denied("null"),
    ];
    let mut checked = 0;
    for origin in origins {
        for method in [Method::GET, Method::POST] {
            // Preflight (browsers never send credentials on it).
            let r = reqwest::Client::new()
                .request(Method::OPTIONS, format!("{}/api/v2/me", sim.base_url()))
                .header("Origin", origin.value())
                .header("Access-Control-Request-Method", method.as_str())
                .header(
                    "Access-Control-Request-Headers",
                    "content-type,x-csrf-token",
                )
                .send()
                .await
                .unwrap();
            let what = format!("preflight {method} from {origin:?}");
            assert!(r.status().is_success(), "{what}: {}", r.status());
            if origin.allowed() {
                assert_eq!(
                    header(&r, "access-control-allow-origin"),
                    Some(origin.value()),
                    "{what}"
                );
                assert_eq!(
                    header(&r, "access-control-allow-credentials"),
                    Some("true"),
                    "{what}"
                );
                assert_eq!(
                    header(&r, "access-control-allow-methods"),
                    Some(ALLOW_METHODS),
                    "{what}"
                );
                assert_eq!(
                    header(&r, "access-control-allow-headers"),
                    Some(ALLOW_HEADERS),
                    "{what}"
                );
                assert_eq!(header(&r, "access-control-max-age"), Some("120"), "{what}");
                assert_eq!(
                    access_control_headers(&r),
                    [
                        "access-control-allow-credentials",
                        "access-control-allow-headers",
                        "access-control-allow-methods",
                        "access-control-allow-origin",
                        "access-control-max-age",
                    ],
                    "{what}"
                );
            } else {
                // Methods/headers/max-age may be listed, but without an allowed origin and
                // credentials a browser goes no further.
                assert_eq!(header(&r, "access-control-allow-origin"), None, "{what}");
                assert_eq!(
                    header(&r, "access-control-allow-credentials"),
                    None,
                    "{what}"
                );
            }
            let vary = header(&r, "vary").unwrap_or("");
            assert!(vary.contains("origin"), "{what}: Vary {vary:?}");
            checked += 1;

            // The actual request, with and without credentials.
            for credentials in [true, false] {
                let what = format!("{method} from {origin:?}, credentials {credentials}");
                let client = if credentials {
                    gws.http.clone()
                } else {
                    reqwest::Client::new()
                };
                let mut req = client
                    .request(method.clone(), format!("{}/api/v2/me", sim.base_url()))
                    .header("Origin", origin.value());
                if method == Method::POST {
                    req = req
                        .header("Content-Type", "application/json")
                        .header("X-CSRF-TOKEN", &gws.csrf)
                        .body(r#"{"operationName":"NotReady"}"#);
                }
                let r = req.send().await.unwrap();
                let expected_status = if credentials { 200 } else { 403 };
                assert_eq!(r.status(), expected_status, "{what}");
                if origin.allowed() {
                    // The exact origin, never "*": credentials are allowed.
                    assert_eq!(
                        header(&r, "access-control-allow-origin"),
                        Some(origin.value()),
                        "{what}"
                    );
                    assert_eq!(
                        header(&r, "access-control-allow-credentials"),
                        Some("true"),
                        "{what}"
                    );
                    assert_eq!(
                        header(&r, "access-control-expose-headers"),
                        Some(EXPOSE_HEADERS),
                        "{what}"
                    );
                    assert_eq!(
                        access_control_headers(&r),
                        [
                            "access-control-allow-credentials",
                            "access-control-allow-origin",
                            "access-control-expose-headers",
                        ],
                        "{what}"
                    );
                } else {
                    assert_eq!(header(&r, "access-control-allow-origin"), None, "{what}");
                    assert_eq!(
                        header(&r, "access-control-allow-credentials"),
                        None,
                        "{what}"
                    );
                    assert_eq!(header(&r, "access-control-expose-headers"), None, "{what}");
                }
                if !credentials {
                    // A refusal a cross-origin widget can read: GWS-shaped.
                    assert_gws_refusal(r, 403, 20, &what).await;
                } else if method == Method::GET {
                    assert!(header(&r, "x-csrf-token").is_some(), "{what}");
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 7 * 2 * 3);
}

// --- CSRF matrix ------------------------------------------------------------------------------

#[tokio::test]
async fn csrf_matrix_token_missing_wrong_foreign_right() {
    let sim = start().await;
    let a1 = Gws::login(&sim, "agent1").await;
    let a2 = Gws::login(&sim, "agent2").await;
    a1.start_session().await;
    let base = sim.base_url();
    let voice = format!("{base}/api/v2/me/channels/voice");
    let ready = r#"{"operationName":"NotReady"}"#;
    // GET needs no token, and hands it out.
    let r = a1
        .http
        .get(format!("{base}/api/v2/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "x-csrf-header"), Some("X-CSRF-TOKEN"));
    assert_eq!(header(&r, "x-csrf-token"), Some(a1.csrf.as_str()));
    // Modifying requests: missing, wrong, another session's token → refused in GWS shape.
    let refused = [
        ("missing", None),
        (
            "wrong",
            Some("00000000-0000-0000-0000-000000000000".to_string()),
        ),
        ("another session's", Some(a2.csrf.clone())),
        ("empty", Some(String::new())),
    ];
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        for (what, token) in &refused {
            let mut req = a1
                .http
                .request(method.clone(), &voice)
                .header("Content-Type", "application/json")
                .body(ready);
            if let Some(t) = token {
                req = req.header("X-CSRF-TOKEN", t);
            }
            let r = req.send().await.unwrap();
            let v = assert_gws_refusal(r, 403, 3, &format!("{method} {what} token")).await;
            assert_eq!(v["statusMessage"], "Missing or invalid Csrf token");
        }
    }
    // Basic credentials without the session cookie: no token can match (a new session).
    let r = reqwest::Client::new()
        .post(&voice)
        .basic_auth("agent1", Some("password"))
        .header("X-CSRF-TOKEN", &a1.csrf)
        .body(ready)
        .send()
        .await
        .unwrap();
    assert_gws_refusal(r, 403, 3, "Basic without the cookie").await;
    // The right token: accepted.
    let r = a1
        .http
        .post(&voice)
        .header("Content-Type", "application/json")
        .header("X-CSRF-TOKEN", &a1.csrf)
        .body(ready)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"statusCode":0}));
    // CometD needs none (WebSockets cannot carry it, CometD clients do not send it).
    let r = a1
        .http
        .post(format!("{base}/api/v2/notifications/handshake"))
        .header("Content-Type", "application/json")
        .body(
            json!([{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}])
                .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()[0]["successful"], true);
}

#[tokio::test]
async fn csrf_off_accepts_modifying_requests_without_a_token() {
    let mut config = fast_config();
    config.csrf = false;
    let sim = start_with(config).await;
    let gws = Gws::login(&sim, "agent1").await;
    assert!(gws.csrf.is_empty(), "no token handed out");
    gws.start_session().await;
    let r = gws
        .http
        .post(format!("{}/api/v2/me/channels/voice", sim.base_url()))
        .body(r#"{"operationName":"NotReady"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}
