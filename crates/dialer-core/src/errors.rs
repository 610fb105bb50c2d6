//! Plain words for everything that can go wrong between the widget and GWS: HTTP answers with a
//! `statusCode`, bare HTTP failures (CSRF 403), network failures, and asynchronous `ErrorMessage`s.

use gws_protocol::{ApiResponse, CallState, StatusCode};
use serde::Serialize;

/// Longest server message we repeat to the user.
const MAX_SERVER_TEXT: usize = 160;

/// What the widget should do with a message, beyond showing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MessageKind {
    /// The request was accepted.
    Success,
    /// Accepted, but part of it failed (statusCode 7 without a voice failure).
    PartialSuccess,
    /// The session is gone: show the sign-in form.
    SignInRequired,
    /// The phone system or the network is down; trying again later may work.
    Unavailable,
    /// Not possible now or not permitted; trying again as-is will not help.
    NotAllowed,
    /// The widget sent something GWS did not accept (a bug or a misconfiguration).
    InvalidRequest,
    /// Anything else.
    Error,
}

/// A sentence for the agent plus its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserMessage {
    pub text: String,
    pub kind: MessageKind,
}

impl UserMessage {
    fn new(kind: MessageKind, text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            kind,
        }
    }
}

/// What the failed request was trying to do, so the message can say what did NOT happen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Attempt {
    Dial,
    /// A call operation; the call's state (if known) makes statusCode 2 understandable.
    CallControl(Option<CallState>),
    AgentState,
    SignIn,
    #[default]
    Other,
}

impl Attempt {
    fn nothing_happened(&self) -> &'static str {
        match self {
            Attempt::Dial => "Nothing was dialled.",
            Attempt::CallControl(_) => "The call was not changed.",
            Attempt::AgentState => "Your status was not changed.",
            Attempt::SignIn => "You are not signed in.",
            Attempt::Other => "Nothing was changed.",
        }
    }
}

/// Describe an HTTP answer from GWS. `http_status` 0 means the request never got an answer
/// (network failure, CORS refusal, aborted fetch).
pub fn describe(http_status: u16, body: Option<&ApiResponse>) -> UserMessage {
    describe_attempt(&Attempt::Other, http_status, body)
}

/// [`describe`], worded for what was attempted.
pub fn describe_attempt(
    attempt: &Attempt,
    http_status: u16,
    body: Option<&ApiResponse>,
) -> UserMessage {
    if http_status == 0 {
        return describe_network_error("");
    }
    match body {
        Some(body) => describe_body(attempt, http_status, body),
        None => describe_bare_http(attempt, http_status),
    }
}

/// Describe a raw response body: JSON with `statusCode` when GWS sent one; otherwise the text is
/// checked for the CSRF refusal ("Missing or invalid Csrf token"), which GWS sends as plain text.
pub fn describe_response_text(attempt: &Attempt, http_status: u16, text: &str) -> UserMessage {
    if http_status == 0 {
        return describe_network_error(text);
    }
    // Text -> Value -> the lean envelope reader, as the widget reads every body (no derived
    // deserializer in the wasm).
    let parsed = serde_json::from_str::<serde_json::Value>(text)
        .map_err(|e| e.to_string())
        .and_then(|v| gws_protocol::lean::api_response(&v));
    if let Ok(body) = parsed {
        return describe_body(attempt, http_status, &body);
    }
    if text.to_ascii_lowercase().contains("csrf") {
        return csrf_refused();
    }
    describe_bare_http(attempt, http_status)
}

/// A fetch that failed before any HTTP answer. `detail` is the browser's error text (may be empty).
pub fn describe_network_error(detail: &str) -> UserMessage {
    let detail = clip(detail);
    let text = if detail.is_empty() {
        "Can't reach the phone server. Please check your network connection.".to_string()
    } else {
        format!("Can't reach the phone server ({detail}). Please check your network connection.")
    };
    UserMessage::new(MessageKind::Unavailable, text)
}

fn session_ended() -> UserMessage {
    UserMessage::new(
        MessageKind::SignInRequired,
        "Your session has ended. Please sign in again.",
    )
}

fn csrf_refused() -> UserMessage {
    UserMessage::new(
        MessageKind::SignInRequired,
        "The phone server did not accept this page's security token (the session cookie may be \
         blocked or expired). Please sign in again.",
    )
}

fn describe_bare_http(attempt: &Attempt, http_status: u16) -> UserMessage {
    let nothing = attempt.nothing_happened();
    match http_status {
        200..=299 => UserMessage::new(MessageKind::Success, "Done."),
        401 => session_ended(),
        // GWS answers a missing/invalid CSRF token (or missing JSESSIONID) with a bare 403.
        403 => csrf_refused(),
        404 => UserMessage::new(
            MessageKind::Error,
            format!(
                "The phone server does not know this address (HTTP 404). Please check the widget's server URL. {nothing}"
            ),
        ),
        502..=504 => UserMessage::new(
            MessageKind::Unavailable,
            format!("The phone server is not responding right now (HTTP {http_status}). {nothing}"),
        ),
        500..=599 => UserMessage::new(
            MessageKind::Unavailable,
            format!("The phone server had a problem (HTTP {http_status}). {nothing}"),
        ),
        _ => UserMessage::new(
            MessageKind::Error,
            format!("The phone server refused the request (HTTP {http_status}). {nothing}"),
        ),
    }
}

fn describe_body(attempt: &Attempt, http_status: u16, body: &ApiResponse) -> UserMessage {
    let nothing = attempt.nothing_happened();
    let server = body
        .status_message
        .as_deref()
        .map(clip)
        .filter(|m| !m.is_empty());
    let because = |fallback: &str| server.clone().unwrap_or_else(|| fallback.to_string());
    match body.status_code {
        StatusCode::Ok if (200..300).contains(&http_status) => {
            UserMessage::new(MessageKind::Success, "Done.")
        }
        StatusCode::Ok => describe_bare_http(attempt, http_status),
        StatusCode::NotAuthenticated => session_ended(),
        StatusCode::ChangePasswordRequired => UserMessage::new(
            MessageKind::SignInRequired,
            "Your password must be changed before you can sign in. Please change it, then sign in again.",
        ),
        StatusCode::PartialSuccess => describe_partial(body),
        StatusCode::InternalError => UserMessage::new(
            MessageKind::Unavailable,
            format!(
                "The phone system is not available right now ({}). {nothing}",
                because("internal error")
            ),
        ),
        StatusCode::InvalidState => {
            let when = match attempt {
                Attempt::CallControl(Some(state)) => {
                    format!("while the call is {}", state_words(state))
                }
                Attempt::Dial => "right now (are you signed in and is your phone ready?)".into(),
                _ => "right now".to_string(),
            };
            let text = match &server {
                Some(msg) => format!("That isn't possible {when} ({msg}). {nothing}"),
                None => format!("That isn't possible {when}. {nothing}"),
            };
            UserMessage::new(MessageKind::NotAllowed, text)
        }
        StatusCode::Forbidden | StatusCode::PermissionDenied => UserMessage::new(
            MessageKind::NotAllowed,
            format!(
                "You don't have permission to do that ({}). {nothing}",
                because("refused by the phone system")
            ),
        ),
        StatusCode::NotFound => UserMessage::new(
            MessageKind::NotAllowed,
            format!(
                "The phone system could not find that call or device; it may have ended ({}). {nothing}",
                because("not found")
            ),
        ),
        StatusCode::MissingParameter | StatusCode::InputValidation => {
            let text = match attempt {
                Attempt::Dial => format!(
                    "The phone system did not accept the number ({}). {nothing}",
                    because("invalid request")
                ),
                _ => format!(
                    "The phone system did not accept the request ({}). {nothing}",
                    because("invalid request")
                ),
            };
            UserMessage::new(MessageKind::InvalidRequest, text)
        }
        other => UserMessage::new(
            if http_status >= 500 {
                MessageKind::Unavailable
            } else {
                MessageKind::Error
            },
            format!(
                "The phone system refused the request ({}). {nothing}",
                server.unwrap_or_else(|| other.description().trim_end_matches('.').to_string())
            ),
        ),
    }
}

/// statusCode 7: say which channel failed. A failed voice channel is an error for a dialler.
fn describe_partial(body: &ApiResponse) -> UserMessage {
    let failed = body.failed.as_deref().unwrap_or_default();
    if failed.is_empty() {
        return UserMessage::new(
            MessageKind::PartialSuccess,
            "Done, but part of the request failed.",
        );
    }
    let parts: Vec<String> = failed
        .iter()
        .map(|f| match f.status_message.as_deref().map(clip) {
            Some(msg) if !msg.is_empty() => format!("{} ({msg})", f.channel),
            _ => f.channel.clone(),
        })
        .collect();
    let voice_failed = failed
        .iter()
        .any(|f| f.channel.eq_ignore_ascii_case("voice"));
    if voice_failed {
        UserMessage::new(
            MessageKind::Unavailable,
            format!(
                "The phone channel could not be started: {}. Calls are not possible right now.",
                parts.join("; ")
            ),
        )
    } else {
        UserMessage::new(
            MessageKind::PartialSuccess,
            format!(
                "Phone is ready, but these channels failed: {}.",
                parts.join("; ")
            ),
        )
    }
}

/// How a call state reads in a sentence ("while the call is on hold").
pub fn state_words(state: &CallState) -> String {
    match state {
        CallState::Dialing => "dialling".to_string(),
        CallState::Ringing => "ringing".to_string(),
        CallState::Established => "connected".to_string(),
        CallState::Held => "on hold".to_string(),
        CallState::Released => "ended".to_string(),
        CallState::Unknown(other) => format!("in state “{}”", clip(other)),
    }
}

/// Trim and shorten text from the server or the browser before we repeat it.
fn clip(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(MAX_SERVER_TEXT).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Sentence for an asynchronous `ErrorMessage` (real 8.5 servers may send it with no text at all).
pub(crate) fn describe_async_error(
    code: Option<i64>,
    message: Option<&str>,
    about_call: bool,
    about_device: bool,
) -> String {
    let subject = if about_call {
        "a call"
    } else if about_device {
        "your phone"
    } else {
        "your session"
    };
    let message = message.map(clip).filter(|m| !m.is_empty());
    match (message, code) {
        (Some(msg), Some(code)) => {
            format!("The phone system reported a problem with {subject}: {msg} (code {code}).")
        }
        (Some(msg), None) => format!("The phone system reported a problem with {subject}: {msg}."),
        (None, Some(code)) => {
            format!("The phone system reported a problem with {subject} (code {code}).")
        }
        (None, None) => format!(
            "The phone system reported a problem with {subject}. If calls fail, check that your phone is connected."
        ),
    }
}
