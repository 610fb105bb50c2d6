//! CORS as GWS's `crossOriginSettings`: only configured origins (a `*.` host wildcard allowed,
//! a bare `*` not), credentials allowed, the CSRF headers exposed, preflight answered.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::ORIGIN;
use axum::http::{HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Does `origin` match a configured pattern like `http://*.example.com` or `http://localhost:8080`?
pub fn origin_allowed(patterns: &[String], origin: &str) -> bool {
    patterns.iter().any(|p| {
        if p == origin {
            return true;
        }
        match p.split_once("://*.") {
            Some((scheme, domain)) => origin
                .strip_prefix(scheme)
                .and_then(|rest| rest.strip_prefix("://"))
                .is_some_and(|host| host.ends_with(&format!(".{domain}"))),
            None => false,
        }
    })
}

pub fn layer(origins: Vec<String>) -> CorsLayer {
    let header = |s: &'static str| HeaderName::from_static(s);
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            origin.to_str().is_ok_and(|o| origin_allowed(&origins, o))
        }))
        .allow_credentials(true)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header("x-requested-with"),
            header("content-type"),
            header("accept"),
            header("origin"),
            header("cookie"),
            header("authorization"),
            header("ssid"),
            header("surl"),
            header("contactcenterid"),
            header("x-csrf-token"),
        ])
        .expose_headers([header("x-csrf-header"), header("x-csrf-token")])
        .max_age(std::time::Duration::from_secs(120))
}

/// Outside [`layer`]: a request without an allowed `Origin` gets no `Access-Control-*` header at
/// all (tower-http sends `Allow-Credentials`, `Allow-Methods`... to any origin; harmless without
/// `Allow-Origin`, but GWS's filter says nothing to an origin it does not allow).
pub async fn only_for_allowed_origins(
    State(app): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let allowed = req
        .headers()
        .get(ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| origin_allowed(&app.config.allowed_origins, o));
    let mut response = next.run(req).await;
    if !allowed {
        let names: Vec<HeaderName> = response
            .headers()
            .keys()
            .filter(|k| k.as_str().starts_with("access-control-"))
            .cloned()
            .collect();
        for name in names {
            response.headers_mut().remove(name);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_and_exact_origins() {
        let p = vec![
            "http://*.example.com".to_string(),
            "http://localhost:8080".to_string(),
        ];
        assert!(origin_allowed(&p, "http://crm.example.com"));
        assert!(!origin_allowed(&p, "http://example.com.evil.org"));
        assert!(!origin_allowed(&p, "https://crm.example.com"));
        assert!(origin_allowed(&p, "http://localhost:8080"));
        assert!(!origin_allowed(&p, "http://localhost:9999"));
    }
}
