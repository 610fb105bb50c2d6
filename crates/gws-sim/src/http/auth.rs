//! GWS authentication: HTTP Basic on any request creates a `JSESSIONID` session (HttpOnly,
//! SameSite cookie); later requests may use the cookie alone. Failures are 403 + statusCode 20, as on
//! the real server (not 401). CSRF (when on): GET responses carry the token, modifying requests
//! must echo it in `X-CSRF-TOKEN`.

use crate::error::{GwsError, code};
use crate::fasthash::FastMap;
use crate::state::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

pub const SESSION_COOKIE: &str = "JSESSIONID";
const CSRF_HEADER_NAME_HEADER: &str = "X-CSRF-HEADER";
const CSRF_TOKEN_HEADER: &str = "X-CSRF-TOKEN";

#[derive(Debug, Clone)]
pub struct HttpSession {
    pub agent: usize,
    /// Shared, so that looking a session up on every request copies no string.
    pub csrf_token: Arc<str>,
}

/// Sessions never time out in the simulator, and every Basic request without the cookie
/// creates one: an agent keeps at most this many, the oldest ending first.
pub const MAX_SESSIONS_PER_AGENT: usize = 100;

#[derive(Debug, Default)]
struct SessionTable {
    by_id: FastMap<Arc<str>, HttpSession>,
    /// Each agent's session ids, oldest first.
    by_agent: HashMap<usize, VecDeque<String>>,
}

impl SessionTable {
    fn remove(&mut self, id: &str) {
        if let Some(s) = self.by_id.remove(id)
            && let Some(ids) = self.by_agent.get_mut(&s.agent)
        {
            ids.retain(|i| i != id);
            if ids.is_empty() {
                self.by_agent.remove(&s.agent);
            }
        }
    }
}

#[derive(Debug, Default)]
pub struct Sessions {
    table: Mutex<SessionTable>,
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, SessionTable> {
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub fn get(&self, id: &str) -> Option<HttpSession> {
        self.lock().by_id.get(id).cloned()
    }
    /// The session and its id as the table holds them (no copy of either).
    fn find(&self, id: &str) -> Option<(Arc<str>, HttpSession)> {
        self.lock()
            .by_id
            .get_key_value(id)
            .map(|(k, s)| (k.clone(), s.clone()))
    }
    pub fn create(&self, agent: usize) -> String {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let token = uuid::Uuid::new_v4().to_string();
        let mut t = self.lock();
        let ids = t.by_agent.entry(agent).or_default();
        let mut ended = Vec::new();
        while ids.len() >= MAX_SESSIONS_PER_AGENT {
            ended.extend(ids.pop_front());
        }
        ids.push_back(id.clone());
        for old in ended {
            t.by_id.remove(old.as_str());
        }
        t.by_id.insert(
            id.as_str().into(),
            HttpSession {
                agent,
                csrf_token: token.into(),
            },
        );
        id
    }
    pub fn remove(&self, id: &str) {
        self.lock().remove(id);
    }
    /// Ends every session of an agent (admin "log out").
    pub fn remove_agent(&self, agent: usize) {
        let mut t = self.lock();
        for id in t.by_agent.remove(&agent).unwrap_or_default() {
            t.by_id.remove(id.as_str());
        }
    }
    pub fn list(&self) -> Vec<(String, usize)> {
        self.lock()
            .by_id
            .iter()
            .map(|(k, s)| (k.to_string(), s.agent))
            .collect()
    }
}

/// The authenticated agent of this request (inserted by [`authenticate`]).
#[derive(Debug, Clone)]
pub struct AuthedAgent {
    pub index: usize,
    pub session_id: Arc<str>,
}

impl<S: Send + Sync> FromRequestParts<S> for AuthedAgent {
    type Rejection = GwsError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<AuthedAgent>()
            .cloned()
            .ok_or_else(GwsError::access_denied)
    }
}

pub fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == SESSION_COOKIE).then_some(v)
        })
}

/// `Set-Cookie` for a new session: never readable by scripts (`HttpOnly`); `SameSite=Lax` (sent
/// to the simulator by its own and same-site pages only), or `SameSite=None; Secure` when the
/// browsers reach the simulator over TLS and the widget may be embedded on another site.
pub fn session_set_cookie(app: &AppState, session_id: &str) -> String {
    let same_site = if app.config.cookies_secure() {
        "SameSite=None; Secure"
    } else {
        "SameSite=Lax"
    };
    format!("{SESSION_COOKIE}={session_id}; Path=/; HttpOnly; {same_site}")
}

/// Some((user, password)) when a well-formed Basic header is present; Err when malformed.
fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, ()> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| ())?;
    let (scheme, payload) = text.split_once(' ').ok_or(())?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(());
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(payload.trim())
        .map_err(|_| ())?;
    let decoded = String::from_utf8(decoded).map_err(|_| ())?;
    let (u, p) = decoded.split_once(':').ok_or(())?;
    Ok(Some((u.to_string(), p.to_string())))
}

/// Resolves the caller from Basic or the session cookie; enforces CSRF on modifying requests.
pub async fn authenticate(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let authed = match check(&app, req.method(), req.uri(), req.headers()) {
        Ok(a) => a,
        Err(refused) => return refused.into_response(),
    };
    req.extensions_mut().insert(authed.agent.clone());
    let mut response = next.run(req).await;
    authed.finish(&app, &mut response);
    response
}

/// A request [`check`] let through, and what its answer gets from [`Authed::finish`].
#[derive(Debug, Clone)]
pub struct Authed {
    pub agent: AuthedAgent,
    /// The session was created by this request (Basic without a matching cookie).
    created: bool,
    is_get: bool,
    csrf_token: Arc<str>,
}

/// What [`authenticate`] does before the route runs: the caller from Basic or the session
/// cookie, CSRF on modifying requests. `Err`: the refusal to answer instead.
pub fn check(
    app: &AppState,
    method: &Method,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
) -> Result<Authed, GwsError> {
    let cookie_session = session_cookie(headers).and_then(|id| app.sessions.find(id));
    let (session_id, session, created) = match basic_credentials(headers) {
        Err(()) => return Err(GwsError::access_denied()),
        Ok(Some((user, pass))) => {
            let agent = {
                let world = app.world();
                world
                    .agent_by_username(&user)
                    .filter(|i| world.agents[*i].password == pass)
            };
            let Some(agent) = agent else {
                return Err(GwsError::access_denied());
            };
            match cookie_session {
                Some((id, s)) if s.agent == agent => (id, s, false),
                _ => {
                    let id = app.sessions.create(agent);
                    let s = app.sessions.get(&id).unwrap_or(HttpSession {
                        agent,
                        csrf_token: "".into(),
                    });
                    (id.into(), s, true)
                }
            }
        }
        Ok(None) => match cookie_session {
            Some((id, s)) => (id, s, false),
            None => return Err(GwsError::access_denied()),
        },
    };
    let modifying = matches!(
        *method,
        Method::POST | Method::PUT | Method::DELETE | Method::PATCH
    );
    // CometD traffic is exempt: WebSockets cannot carry custom headers and CometD clients
    // do not send the token by default.
    let is_cometd = uri.path().starts_with("/api/v2/notifications");
    if app.csrf_enabled() && modifying && !is_cometd {
        let sent = headers.get(CSRF_TOKEN_HEADER).and_then(|v| v.to_str().ok());
        if created || sent != Some(&*session.csrf_token) {
            return Err(GwsError::new(
                code::FORBIDDEN,
                "Missing or invalid Csrf token",
            ));
        }
    }
    Ok(Authed {
        agent: AuthedAgent {
            index: session.agent,
            session_id,
        },
        created,
        is_get: method == Method::GET,
        csrf_token: session.csrf_token,
    })
}

impl Authed {
    /// What [`authenticate`] adds to the answer: the new session's cookie, the CSRF token on
    /// GETs.
    pub fn finish(&self, app: &AppState, response: &mut Response) {
        let h = response.headers_mut();
        if self.created
            && let Ok(v) = HeaderValue::from_str(&session_set_cookie(app, &self.agent.session_id))
        {
            h.append(SET_COOKIE, v);
        }
        if self.is_get && app.csrf_enabled() {
            h.insert(
                CSRF_HEADER_NAME_HEADER,
                HeaderValue::from_static(CSRF_TOKEN_HEADER),
            );
            if let Ok(v) = HeaderValue::from_str(&self.csrf_token) {
                h.insert(CSRF_TOKEN_HEADER, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agent_keeps_a_bounded_number_of_sessions_the_oldest_ending_first() {
        let s = Sessions::default();
        let first = s.create(0);
        let other_agent = s.create(1);
        let ids: Vec<String> = (0..MAX_SESSIONS_PER_AGENT + 10)
            .map(|_| s.create(0))
            .collect();
        let of = |agent| s.list().iter().filter(|(_, a)| *a == agent).count();
        assert_eq!(of(0), MAX_SESSIONS_PER_AGENT);
        assert!(s.get(&first).is_none() && s.get(&ids[9]).is_none());
        assert!(s.get(&ids[10]).is_some() && s.get(ids.last().unwrap()).is_some());
        assert!(s.get(&other_agent).is_some(), "other agents keep theirs");
        s.remove(&ids[50]);
        assert_eq!(of(0), MAX_SESSIONS_PER_AGENT - 1);
        s.create(0);
        assert!(
            s.get(&ids[10]).is_some(),
            "a free slot is used before evicting"
        );
        s.remove_agent(0);
        assert_eq!((of(0), of(1)), (0, 1));
    }
}
