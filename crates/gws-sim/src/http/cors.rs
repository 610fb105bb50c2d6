//! CORS as GWS's `crossOriginSettings`: only configured origins (a `*.` host wildcard allowed,
//! a bare `*` not), credentials allowed, the CSRF headers exposed, preflight answered.

use axum::extract::Request;
use axum::http::header::{ORIGIN, VARY};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::response::Response;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use tower::{Layer, Service};
use tower_http::cors::{AllowOrigin, Cors, CorsLayer};

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

/// CORS for the whole surface: a request from an allowed origin, and any `OPTIONS` (a
/// preflight is answered by [`layer`] without reaching the routes), goes through [`layer`];
/// a response to an origin that is not allowed gets no `Access-Control-*` header at all
/// (tower-http sends `Allow-Credentials`, `Allow-Methods`... to any origin; harmless without
/// `Allow-Origin`, but GWS's filter says nothing to an origin it does not allow). The other
/// requests (no `Origin`, or one not allowed: every agent desktop behind a proxy, every load
/// test) skip tower-http's per-request header work and get what it would have left: the
/// response with its `Vary` header.
///
/// Cheap to clone (hyper's service adapter clones the whole stack for every request): the
/// tower-http service, with its header lists, is made only for the requests that need it.
#[derive(Clone)]
pub struct Origins<S> {
    inner: S,
    cors: Arc<CorsLayer>,
    allowed: Arc<[String]>,
}

impl<S: Clone> Origins<S> {
    pub fn new(inner: S, allowed: Vec<String>) -> Self {
        Origins {
            cors: Arc::new(layer(allowed.clone())),
            inner,
            allowed: allowed.into(),
        }
    }
}

/// The `Vary` tower-http's [`layer`] adds to every response (its default list).
const VARY_VALUE: &str = "origin, access-control-request-method, access-control-request-headers";

impl<S> Service<Request> for Origins<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone,
    S::Future: Unpin,
{
    type Response = Response;
    type Error = Infallible;
    type Future = OriginsFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let allowed = req
            .headers()
            .get(ORIGIN)
            .and_then(|o| o.to_str().ok())
            .is_some_and(|o| origin_allowed(&self.allowed, o));
        if allowed || req.method() == Method::OPTIONS {
            // A ready clone of the inner service for tower-http's (this one was made ready).
            let ready = self.inner.clone();
            let inner = std::mem::replace(&mut self.inner, ready);
            let mut cors: Cors<S> = (*self.cors).clone().layer(inner);
            OriginsFuture::Cors {
                future: cors.call(req),
                allowed,
            }
        } else {
            OriginsFuture::Plain(self.inner.call(req))
        }
    }
}

pub enum OriginsFuture<F> {
    Cors {
        future: tower_http::cors::ResponseFuture<F>,
        allowed: bool,
    },
    Plain(F),
}

impl<F> Future for OriginsFuture<F>
where
    F: Future<Output = Result<Response, Infallible>> + Unpin,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            OriginsFuture::Cors { future, allowed } => {
                let Ok(mut response) = ready!(Pin::new(future).poll(cx));
                if !*allowed {
                    strip_access_control(&mut response);
                }
                Poll::Ready(Ok(response))
            }
            OriginsFuture::Plain(future) => {
                let Ok(mut response) = ready!(Pin::new(future).poll(cx));
                strip_access_control(&mut response);
                response
                    .headers_mut()
                    .append(VARY, HeaderValue::from_static(VARY_VALUE));
                Poll::Ready(Ok(response))
            }
        }
    }
}

fn strip_access_control(response: &mut Response) {
    let headers = response.headers_mut();
    if !headers
        .keys()
        .any(|k| k.as_str().starts_with("access-control-"))
    {
        return;
    }
    let names: Vec<HeaderName> = headers
        .keys()
        .filter(|k| k.as_str().starts_with("access-control-"))
        .cloned()
        .collect();
    for name in names {
        headers.remove(name);
    }
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

    async fn answer(origins: &[&str], method: Method, origin: Option<&str>) -> Response {
        let inner = tower::service_fn(|_req: Request| {
            std::future::ready(Ok::<_, Infallible>(Response::new(axum::body::Body::from(
                "routed",
            ))))
        });
        let allowed = origins.iter().map(|o| o.to_string()).collect();
        let svc = Origins::new(inner, allowed);
        let mut req = Request::builder().method(method).uri("/api/v2/me");
        if let Some(o) = origin {
            req = req.header(ORIGIN, o);
        }
        let req = req.body(axum::body::Body::empty()).unwrap();
        tower::ServiceExt::oneshot(svc, req).await.unwrap()
    }

    fn names(r: &Response) -> Vec<String> {
        let mut v: Vec<String> = r.headers().keys().map(|k| k.to_string()).collect();
        v.sort();
        v
    }

    #[tokio::test]
    async fn other_origins_get_only_what_tower_http_would_have_left() {
        let ok = "http://crm.example.com";
        // Through tower-http, then stripped: the reference for the fast path.
        let allowed = answer(&[ok], Method::GET, Some(ok)).await;
        assert_eq!(
            allowed.headers()["access-control-allow-origin"]
                .to_str()
                .unwrap(),
            ok
        );
        assert_eq!(allowed.headers()[VARY].to_str().unwrap(), VARY_VALUE);
        for origin in [None, Some("http://evil.example.org")] {
            let r = answer(&[ok], Method::GET, origin).await;
            assert_eq!(names(&r), ["vary"], "{origin:?}");
            assert_eq!(r.headers()[VARY].to_str().unwrap(), VARY_VALUE);
            // A preflight from anywhere is answered by tower-http (not routed), stripped.
            let r = answer(&[ok], Method::OPTIONS, origin).await;
            assert_eq!(names(&r), ["vary"], "{origin:?}");
            let body = axum::body::to_bytes(r.into_body(), 100).await.unwrap();
            assert!(body.is_empty());
        }
        let r = answer(&[ok], Method::OPTIONS, Some(ok)).await;
        assert!(r.headers().contains_key("access-control-allow-methods"));
    }
}
