//! The two servers under test, behind one interface: how an agent logs in, where its CometD
//! endpoint and channel are, and how it dials and hangs up.
//! - sim: GWS REST (Basic → JSESSIONID cookie + CSRF token; Dial on the device; Hangup on the call).
//! - faye: bench/faye-server.mjs, which publishes the same notification shapes on `/v2/agents/<i>/calls`.

use crate::cli::ServerKind;
use crate::http1;
use crate::sim_config::{PASSWORD, agent_name};
use gws_protocol::{CallOperation, DeviceCallRequest, DialRequest, MeResponse, paths};
use reqwest::header::SET_COOKIE;
use serde_json::json;

/// What an agent needs after logging in.
#[derive(Debug, Clone)]
pub struct AgentLogin {
    pub index: usize,
    /// `JSESSIONID=...` (sim only).
    pub cookie: Option<String>,
    pub csrf_token: Option<String>,
    pub device_id: String,
}

#[derive(Clone)]
pub struct Target {
    pub kind: ServerKind,
    base: String,
    /// The path part of `base` ("" for `http://127.0.0.1:8090`).
    prefix: String,
    /// Logins and the template upload.
    http: reqwest::Client,
    /// The hot requests: Dial, Hangup, long-polling POSTs (see [`http1`]).
    pool: http1::Pool,
}

/// An error with its causes ("error sending request: connection reset by peer").
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Only loopback targets: the load must never leave the machine.
pub fn check_loopback(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("--url '{url}' must start with http://"))?;
    let host = rest.split(['/', ':']).next().unwrap_or("");
    if host == "127.0.0.1" || host == "localhost" {
        Ok(())
    } else {
        Err(format!(
            "--url '{url}': only 127.0.0.1/localhost targets are allowed"
        ))
    }
}

impl Target {
    pub fn new(kind: ServerKind, url: &str) -> Result<Target, String> {
        check_loopback(url)?;
        let http = reqwest::Client::builder()
            .no_proxy()
            .pool_idle_timeout(std::time::Duration::from_secs(90))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        let base = url.trim_end_matches('/').to_string();
        let rest = base.strip_prefix("http://").unwrap_or(&base);
        let (authority, prefix) = match rest.find('/') {
            Some(i) => (&rest[..i], rest[i..].to_string()),
            None => (rest, String::new()),
        };
        let authority = if authority.contains(':') {
            authority.to_string()
        } else {
            format!("{authority}:80")
        };
        Ok(Target {
            kind,
            pool: http1::Pool::new(&authority),
            base,
            prefix,
            http,
        })
    }

    /// The lean client for the hot requests.
    pub fn pool(&self) -> &http1::Pool {
        &self.pool
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn cometd_url(&self) -> String {
        format!("{}{}", self.base, self.cometd_path_suffix())
    }

    /// The CometD endpoint's path on the server (long-polling POSTs go there).
    pub fn cometd_path(&self) -> String {
        format!("{}{}", self.prefix, self.cometd_path_suffix())
    }

    fn cometd_path_suffix(&self) -> &'static str {
        match self.kind {
            ServerKind::Sim => paths::NOTIFICATIONS,
            ServerKind::Faye => "/faye",
        }
    }

    pub fn cometd_ws_url(&self) -> String {
        bayeux::url::websocket_url(&self.cometd_url())
    }

    pub fn channel(&self, agent: usize) -> String {
        match self.kind {
            ServerKind::Sim => paths::CHANNEL_CALLS.to_string(),
            ServerKind::Faye => format!("/v2/agents/{agent}/calls"),
        }
    }

    pub async fn login(&self, agent: usize) -> Result<AgentLogin, String> {
        if self.kind == ServerKind::Faye {
            return Ok(AgentLogin {
                index: agent,
                cookie: None,
                csrf_token: None,
                device_id: String::new(),
            });
        }
        let name = agent_name(agent);
        let reply = self
            .http
            .get(format!("{}{}", self.base, paths::ME_ALL))
            .basic_auth(&name, Some(PASSWORD))
            .send()
            .await
            .map_err(|e| format!("{name}: GET /api/v2/me failed: {}", chain(&e)))?;
        let status = reply.status();
        let cookie = reply
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| {
                v.split(';')
                    .next()
                    .filter(|kv| kv.starts_with("JSESSIONID="))
                    .map(str::to_string)
            });
        let csrf_token = reply
            .headers()
            .get(paths::CSRF_TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = reply
            .text()
            .await
            .map_err(|e| format!("{name}: reading /api/v2/me: {e}"))?;
        if !status.is_success() {
            return Err(format!("{name}: GET /api/v2/me answered {status}: {body}"));
        }
        let me: MeResponse =
            serde_json::from_str(&body).map_err(|e| format!("{name}: /api/v2/me body: {e}"))?;
        let device_id = me
            .user
            .and_then(|u| u.devices)
            .and_then(|d| d.into_iter().next())
            .map(|d| d.id)
            .ok_or_else(|| format!("{name}: /api/v2/me lists no device"))?;
        let cookie = cookie.ok_or_else(|| format!("{name}: no JSESSIONID cookie in the reply"))?;
        Ok(AgentLogin {
            index: agent,
            cookie: Some(cookie),
            csrf_token,
            device_id,
        })
    }

    async fn post(&self, login: &AgentLogin, path: &str, body: String) -> Result<(), String> {
        let mut headers: Vec<(&str, &str)> = Vec::with_capacity(2);
        if let Some(c) = &login.cookie {
            headers.push(("Cookie", c));
        }
        if let Some(t) = &login.csrf_token {
            headers.push((paths::CSRF_TOKEN_HEADER, t));
        }
        let reply = self
            .pool
            .request("POST", &format!("{}{path}", self.prefix), &headers, &body)
            .await
            .map_err(|e| format!("agent {}: POST {path} failed: {e}", login.index))?;
        let code = serde_json::from_str::<serde_json::Value>(&reply.body)
            .ok()
            .and_then(|v| v.get("statusCode").and_then(|c| c.as_i64()));
        if (200..300).contains(&reply.status) && code == Some(0) {
            Ok(())
        } else {
            Err(format!(
                "agent {}: POST {path} answered {}: {}",
                login.index, reply.status, reply.body
            ))
        }
    }

    pub async fn dial(&self, login: &AgentLogin, number: &str) -> Result<(), String> {
        match self.kind {
            ServerKind::Sim => {
                let body =
                    serde_json::to_string(&DeviceCallRequest::Dial(DialRequest::new(number)))
                        .map_err(|e| e.to_string())?;
                self.post(login, &paths::device_calls(&login.device_id), body)
                    .await
            }
            ServerKind::Faye => {
                self.post(
                    login,
                    "/bench/dial",
                    json!({"agent": login.index, "number": number}).to_string(),
                )
                .await
            }
        }
    }

    pub async fn hangup(&self, login: &AgentLogin, call_id: &str) -> Result<(), String> {
        match self.kind {
            ServerKind::Sim => {
                let body =
                    serde_json::to_string(&CallOperation::Hangup).map_err(|e| e.to_string())?;
                self.post(login, &paths::call(call_id), body).await
            }
            ServerKind::Faye => {
                self.post(
                    login,
                    "/bench/hangup",
                    json!({"agent": login.index, "callId": call_id}).to_string(),
                )
                .await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_non_loopback_targets() {
        assert!(check_loopback("http://127.0.0.1:8090").is_ok());
        assert!(check_loopback("http://localhost/x").is_ok());
        assert!(check_loopback("http://10.0.0.1:80").is_err());
        assert!(check_loopback("http://127.0.0.1.example.com").is_err());
        assert!(check_loopback("https://127.0.0.1").is_err());
    }

    #[test]
    fn endpoints_per_server() {
        let sim = Target::new(ServerKind::Sim, "http://127.0.0.1:1/").unwrap();
        assert_eq!(sim.cometd_ws_url(), "ws://127.0.0.1:1/api/v2/notifications");
        assert_eq!(sim.channel(7), "/v2/me/calls");
        assert_eq!(sim.cometd_path(), "/api/v2/notifications");
        let faye = Target::new(ServerKind::Faye, "http://127.0.0.1:2").unwrap();
        assert_eq!(faye.cometd_ws_url(), "ws://127.0.0.1:2/faye");
        assert_eq!(faye.cometd_path(), "/faye");
        let prefixed = Target::new(ServerKind::Faye, "http://localhost:3/x/").unwrap();
        assert_eq!(prefixed.cometd_url(), "http://localhost:3/x/faye");
        assert_eq!(prefixed.cometd_path(), "/x/faye");
        assert_eq!(faye.channel(7), "/v2/agents/7/calls");
    }
}
