//! Who may use the admin page and API (`/admin`, `/admin/api/...`): they read every demo
//! password and inject faults, so they are refused (HTTP 403, statusCode 5) unless
//!
//! * the request carries the token given with `--admin-token` (`X-Admin-Token: <token>` or
//!   `Authorization: Bearer <token>`, compared in constant time), or
//! * it comes from a loopback peer address (the demo and the e2e suite run on 127.0.0.1) *and*
//!   looks like it was meant for this loopback server: its `Host` is a loopback name (a DNS
//!   rebinding page has its own host name there) and any `Origin` is this same server (a page
//!   of another site open in the developer's browser sends its own origin).
//!
//! A wrong token is refused even from loopback, so a typo is not silently ignored.

use crate::error::{GwsError, code};
use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{AUTHORIZATION, HOST, ORIGIN};
use axum::http::{HeaderMap, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};

pub const ADMIN_TOKEN_HEADER: &str = "x-admin-token";

/// Middleware for the admin router.
pub async fn guard(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    match check(
        app.config.admin_token.as_deref(),
        peer,
        req.headers(),
        req.uri(),
    ) {
        Ok(()) => next.run(req).await,
        Err(message) => {
            tracing::warn!(?peer, path = %req.uri().path(), %message, "admin request refused");
            GwsError::new(code::PERMISSION_DENIED, message).into_response()
        }
    }
}

/// The access decision (see the module doc); `Err` carries the statusMessage.
pub fn check(
    token: Option<&str>,
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
    uri: &Uri,
) -> Result<(), String> {
    if let Some(sent) = presented_token(headers) {
        return match token {
            Some(expected) if constant_time_eq(sent, expected.as_bytes()) => Ok(()),
            Some(_) => Err("Invalid admin token".to_string()),
            None => Err(
                "An admin token was sent but this simulator was started without --admin-token"
                    .to_string(),
            ),
        };
    }
    let remote_hint = if token.is_some() {
        "send the --admin-token value as X-Admin-Token or Authorization: Bearer"
    } else {
        "start the simulator with --admin-token <TOKEN> and send it as X-Admin-Token or Authorization: Bearer"
    };
    if !peer.is_some_and(|p| p.ip().to_canonical().is_loopback()) {
        return Err(format!(
            "The admin API is only open to loopback clients; from elsewhere {remote_hint}"
        ));
    }
    let host = request_host(headers, uri);
    if let Some(h) = host
        && !is_loopback_host(h)
    {
        return Err(format!(
            "The admin API answers loopback requests only for a loopback Host (got '{h}'); {remote_hint}"
        ));
    }
    if let Some(origin) = headers.get(ORIGIN) {
        let same = origin
            .to_str()
            .ok()
            .zip(host)
            .is_some_and(|(o, h)| same_origin(o, h));
        if !same {
            return Err(format!(
                "The admin API refuses requests from another site's page (Origin {}); {remote_hint}",
                String::from_utf8_lossy(origin.as_bytes())
            ));
        }
    }
    Ok(())
}

/// The token of `X-Admin-Token` or `Authorization: Bearer` (raw bytes: no UTF-8 needed).
fn presented_token(headers: &HeaderMap) -> Option<&[u8]> {
    if let Some(v) = headers.get(ADMIN_TOKEN_HEADER) {
        return Some(v.as_bytes());
    }
    let auth = headers.get(AUTHORIZATION)?.as_bytes();
    let (scheme, rest) = auth.split_at(auth.iter().position(|b| *b == b' ')?);
    scheme
        .eq_ignore_ascii_case(b"bearer")
        .then(|| rest.trim_ascii())
}

/// Equality whose time depends only on the lengths, not on where the bytes differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

fn request_host<'a>(headers: &'a HeaderMap, uri: &'a Uri) -> Option<&'a str> {
    uri.authority()
        .map(|a| a.as_str())
        .or_else(|| headers.get(HOST).and_then(|h| h.to_str().ok()))
}

/// `127.0.0.1:8090`, `localhost`, `[::1]:8090`, `app.localhost`.
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Is `origin` (`http://127.0.0.1:8090`) the server reached as `host` (`127.0.0.1:8090`)?
fn same_origin(origin: &str, host: &str) -> bool {
    ["http://", "https://"]
        .iter()
        .filter_map(|scheme| origin.strip_prefix(scheme))
        .any(|authority| authority.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    fn addr(s: &str) -> Option<SocketAddr> {
        Some(s.parse().unwrap())
    }

    const URI: &str = "/admin/api/state";

    #[test]
    fn loopback_is_open_without_a_token() {
        let uri: Uri = URI.parse().unwrap();
        let h = headers(&[("host", "127.0.0.1:8090")]);
        assert!(check(None, addr("127.0.0.1:5000"), &h, &uri).is_ok());
        assert!(check(Some("s3cret"), addr("[::1]:5000"), &h, &uri).is_ok());
        // An IPv4-mapped loopback address on a dual-stack socket.
        assert!(check(None, addr("[::ffff:127.0.0.1]:5000"), &h, &uri).is_ok());
        // Same-origin page (the admin page itself).
        let h = headers(&[
            ("host", "localhost:8090"),
            ("origin", "http://localhost:8090"),
        ]);
        assert!(check(None, addr("127.0.0.1:5000"), &h, &uri).is_ok());
    }

    #[test]
    fn remote_needs_the_token() {
        let uri: Uri = URI.parse().unwrap();
        let h = headers(&[("host", "sim.example.com")]);
        let remote = addr("203.0.113.7:40000");
        let e = check(None, remote, &h, &uri).unwrap_err();
        assert!(e.contains("--admin-token"), "{e}");
        assert!(check(Some("s3cret"), remote, &h, &uri).is_err());
        assert!(check(Some("s3cret"), None, &h, &uri).is_err());
        for good in [
            ("x-admin-token", "s3cret"),
            ("authorization", "Bearer s3cret"),
            ("authorization", "bearer  s3cret "),
        ] {
            let h = headers(&[good]);
            assert!(check(Some("s3cret"), remote, &h, &uri).is_ok(), "{good:?}");
        }
        for bad in [
            ("x-admin-token", "s3cre"),
            ("x-admin-token", "s3cret!"),
            ("x-admin-token", ""),
            ("authorization", "Bearer nope"),
        ] {
            let h = headers(&[bad]);
            assert_eq!(
                check(Some("s3cret"), remote, &h, &uri),
                Err("Invalid admin token".to_string()),
                "{bad:?}"
            );
            // A wrong token is refused from loopback too.
            assert!(check(Some("s3cret"), addr("127.0.0.1:1"), &h, &uri).is_err());
        }
        // Basic credentials are not an admin token.
        let h = headers(&[("authorization", "Basic czNjcmV0Og==")]);
        assert!(check(Some("s3cret"), remote, &h, &uri).is_err());
    }

    #[test]
    fn loopback_requests_meant_for_another_site_are_refused() {
        let uri: Uri = URI.parse().unwrap();
        let local = addr("127.0.0.1:5000");
        // DNS rebinding: evil.example resolves to 127.0.0.1, the Host header says so.
        let h = headers(&[("host", "evil.example:8090")]);
        assert!(check(None, local, &h, &uri).is_err());
        // A page of another site POSTing to the loopback simulator.
        let h = headers(&[
            ("host", "127.0.0.1:8090"),
            ("origin", "http://evil.example"),
        ]);
        assert!(check(None, local, &h, &uri).is_err());
        let h = headers(&[("host", "127.0.0.1:8090"), ("origin", "null")]);
        assert!(check(None, local, &h, &uri).is_err());
        let h = headers(&[
            ("host", "127.0.0.1:8090"),
            ("origin", "http://127.0.0.1:8091"),
        ]);
        assert!(check(None, local, &h, &uri).is_err());
    }

    #[test]
    fn loopback_host_names() {
        for h in [
            "127.0.0.1",
            "127.0.0.1:80",
            "localhost",
            "LOCALHOST:1",
            "[::1]:8090",
            "a.localhost",
            "127.1.2.3:9",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in [
            "example.com",
            "10.0.0.1:80",
            "localhost.evil.com",
            "[::2]:1",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }

    #[test]
    fn constant_time_equality() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
