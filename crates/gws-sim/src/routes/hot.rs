//! The requests a contact centre sends most, served without the router: Dial, call operations
//! (Hangup, Hold, ...) and long-polling CometD POSTs. Each is answered by the same code the
//! router would run for it, in the same order: [`observe_body`], [`auth::check`], the route's
//! handler, [`Authed::finish`]. Only plain URLs take this path (an id of letters, digits and
//! `-._~`, so it needs no percent-decoding); anything else goes to the router.
//!
//! Why: per request, the router, its two per-route middlewares (`from_fn`: a boxed future, a
//! boxed `Next` and a clone of the route's boxed service each) and the extractors cost about
//! as much as the handler itself under load.

use super::calls;
use crate::cometd::long_polling;
use crate::http::auth::{self, Authed};
use crate::http::extract::{GwsBytes, GwsPath};
use crate::http::observe::observe_body;
use crate::state::AppState;
use axum::body::{Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::http::{HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tower::Service;

/// A request the fast path serves.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Hot {
    /// `POST /api/v2/me/devices/{id}/calls`
    Dial(String),
    /// `POST /api/v2/me/calls/{id}`
    CallOperation(String),
    /// `POST /api/v2/notifications[/connect|/handshake]`
    LongPolling,
}

/// A path segment that reads the same percent-decoded (unreserved characters only).
fn plain_segment(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

fn hot_route(method: &Method, path: &str) -> Option<Hot> {
    if method != Method::POST {
        return None;
    }
    if let Some(rest) = path.strip_prefix("/api/v2/me/") {
        if let Some(id) = rest.strip_prefix("calls/") {
            return plain_segment(id).then(|| Hot::CallOperation(id.to_string()));
        }
        if let Some(id) = rest
            .strip_prefix("devices/")
            .and_then(|r| r.strip_suffix("/calls"))
        {
            return plain_segment(id).then(|| Hot::Dial(id.to_string()));
        }
        return None;
    }
    matches!(
        path,
        "/api/v2/notifications"
            | "/api/v2/notifications/connect"
            | "/api/v2/notifications/handshake"
    )
    .then_some(Hot::LongPolling)
}

/// The router, with the fast path in front of it.
#[derive(Clone)]
pub struct HotPath<S> {
    inner: S,
    app: AppState,
}

impl<S> HotPath<S> {
    pub fn new(inner: S, app: AppState) -> Self {
        HotPath { inner, app }
    }
}

impl<S, B> Service<Request<B>> for HotPath<S>
where
    S: Service<Request<B>, Response = Response, Error = Infallible>,
    S::Future: Unpin,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = HotFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        match hot_route(req.method(), req.uri().path()) {
            Some(hot) => HotFuture::Hot(Box::pin(serve(self.app.clone(), hot, req))),
            None => HotFuture::Router(self.inner.call(req)),
        }
    }
}

pub enum HotFuture<F> {
    Hot(Pin<Box<dyn Future<Output = Response> + Send>>),
    Router(F),
}

impl<F> Future for HotFuture<F>
where
    F: Future<Output = Result<Response, Infallible>> + Unpin,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            HotFuture::Hot(f) => f.as_mut().poll(cx).map(Ok),
            HotFuture::Router(f) => Pin::new(f).poll(cx),
        }
    }
}

/// `observe` → `authenticate` → the handler, as the router runs them for these routes.
async fn serve<B>(app: AppState, hot: Hot, req: Request<B>) -> Response
where
    B: HttpBody<Data = Bytes>,
    B::Error: Into<axum::BoxError>,
{
    let mut response = answer(app, hot, req).await;
    // What the router's route adds to every answer with a body of known size.
    if !response.headers().contains_key(CONTENT_LENGTH)
        && let Some(n) = response.body().size_hint().exact()
    {
        response
            .headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(n));
    }
    response
}

async fn answer<B>(app: AppState, hot: Hot, req: Request<B>) -> Response
where
    B: HttpBody<Data = Bytes>,
    B::Error: Into<axum::BoxError>,
{
    let (parts, body) = req.into_parts();
    let bytes = match observe_body(&app, &parts, body).await {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    let authed: Authed = match auth::check(&app, &parts.method, &parts.uri, &parts.headers) {
        Ok(a) => a,
        Err(refused) => return refused.into_response(),
    };
    let agent = authed.agent.clone();
    let mut response = match hot {
        Hot::Dial(device) => {
            calls::dial(State(app.clone()), agent, GwsPath(device), GwsBytes(bytes))
                .await
                .into_response()
        }
        Hot::CallOperation(id) => {
            calls::operation(State(app.clone()), agent, GwsPath(id), GwsBytes(bytes))
                .await
                .into_response()
        }
        Hot::LongPolling => long_polling::handle(State(app.clone()), agent, GwsBytes(bytes)).await,
    };
    authed.finish(&app, &mut response);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_posts_to_the_hot_routes() {
        let post = Method::POST;
        assert_eq!(
            hot_route(&post, "/api/v2/me/calls/ABC-1_2.x~"),
            Some(Hot::CallOperation("ABC-1_2.x~".into()))
        );
        assert_eq!(
            hot_route(&post, "/api/v2/me/devices/d1/calls"),
            Some(Hot::Dial("d1".into()))
        );
        for path in [
            "/api/v2/notifications",
            "/api/v2/notifications/connect",
            "/api/v2/notifications/handshake",
        ] {
            assert_eq!(hot_route(&post, path), Some(Hot::LongPolling), "{path}");
        }
        for path in [
            "/api/v2/me/calls",
            "/api/v2/me/calls/",
            "/api/v2/me/calls/a%20b",
            "/api/v2/me/calls/a/b",
            "/api/v2/me/calls/ABC/",
            "/api/v2/me/devices//calls",
            "/api/v2/me/devices/d1/calls/",
            "/api/v2/me/devices/d%31/calls",
            "/api/v2/me/devices/d1",
            "/api/v2/notifications/",
            "/api/v2/notifications/other",
            "/api/v2/me",
        ] {
            assert_eq!(hot_route(&post, path), None, "{path}");
        }
        assert_eq!(hot_route(&Method::GET, "/api/v2/me/calls/ABC"), None);
        assert_eq!(hot_route(&Method::GET, "/api/v2/notifications"), None);
    }
}
