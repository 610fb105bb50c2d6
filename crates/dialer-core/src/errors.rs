//! Plain words for everything that can go wrong between the widget and GWS: HTTP answers with a
//! `statusCode`, bare HTTP failures (CSRF 403), network failures, and asynchronous `ErrorMessage`s.

use gws_protocol::{ApiResponse, CallState, StatusCode};
use serde::Serialize;

use crate::i18n::{Arg, Msg, Text};

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

/// A sentence for the agent (a typed message, rendered in the agent's language by the shell)
/// plus its kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserMessage {
    pub text: Text,
    pub kind: MessageKind,
}

impl UserMessage {
    fn new(kind: MessageKind, text: impl Into<Text>) -> Self {
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
    fn nothing_happened(&self) -> Arg {
        Arg::from(match self {
            Attempt::Dial => Msg::NothingDialled,
            Attempt::CallControl(_) => Msg::CallNotChanged,
            Attempt::AgentState => Msg::StatusNotChanged,
            Attempt::SignIn => Msg::NotSignedInYet,
            Attempt::Other => Msg::NothingChanged,
        })
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
        Text::from(Msg::NetUnreachable)
    } else {
        Text::new(Msg::NetUnreachableDetail, vec![detail.into()])
    };
    UserMessage::new(MessageKind::Unavailable, text)
}

fn session_ended() -> UserMessage {
    UserMessage::new(MessageKind::SignInRequired, Msg::SessionEnded)
}

fn csrf_refused() -> UserMessage {
    UserMessage::new(MessageKind::SignInRequired, Msg::CsrfRefused)
}

fn describe_bare_http(attempt: &Attempt, http_status: u16) -> UserMessage {
    let nothing = attempt.nothing_happened();
    let status = Arg::Str(http_status.to_string());
    match http_status {
        200..=299 => UserMessage::new(MessageKind::Success, Msg::Done),
        401 => session_ended(),
        // GWS answers a missing/invalid CSRF token (or missing JSESSIONID) with a bare 403.
        403 => csrf_refused(),
        404 => UserMessage::new(MessageKind::Error, Text::new(Msg::Http404, vec![nothing])),
        502..=504 => UserMessage::new(
            MessageKind::Unavailable,
            Text::new(Msg::HttpNotResponding, vec![status, nothing]),
        ),
        500..=599 => UserMessage::new(
            MessageKind::Unavailable,
            Text::new(Msg::HttpProblem, vec![status, nothing]),
        ),
        _ => UserMessage::new(
            MessageKind::Error,
            Text::new(Msg::HttpRefused, vec![status, nothing]),
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
    // The server's own words when it gave some, else ours.
    let because = |fallback: Msg| server.clone().map_or(Arg::from(fallback), Arg::Str);
    let say =
        |kind, msg, why: Arg| UserMessage::new(kind, Text::new(msg, vec![why, nothing.clone()]));
    match body.status_code {
        StatusCode::Ok if (200..300).contains(&http_status) => {
            UserMessage::new(MessageKind::Success, Msg::Done)
        }
        StatusCode::Ok => describe_bare_http(attempt, http_status),
        StatusCode::NotAuthenticated => session_ended(),
        StatusCode::ChangePasswordRequired => {
            UserMessage::new(MessageKind::SignInRequired, Msg::ChangePassword)
        }
        StatusCode::PartialSuccess => describe_partial(body),
        StatusCode::InternalError => say(
            MessageKind::Unavailable,
            Msg::SystemUnavailable,
            because(Msg::WordInternalError),
        ),
        StatusCode::InvalidState => {
            let mut args = Vec::new();
            let (plain, with_reason) = match attempt {
                Attempt::CallControl(Some(state)) => {
                    args.push(Arg::Text(state_words(state)));
                    (Msg::NotPossibleWhile, Msg::NotPossibleWhileBecause)
                }
                Attempt::Dial => (Msg::NotPossibleDial, Msg::NotPossibleDialBecause),
                _ => (Msg::NotPossibleNow, Msg::NotPossibleNowBecause),
            };
            let msg = match &server {
                Some(words) => {
                    args.push(Arg::Str(words.clone()));
                    with_reason
                }
                None => plain,
            };
            args.push(nothing);
            UserMessage::new(MessageKind::NotAllowed, Text::new(msg, args))
        }
        StatusCode::Forbidden | StatusCode::PermissionDenied => say(
            MessageKind::NotAllowed,
            Msg::NoPermission,
            because(Msg::WordRefusedBySystem),
        ),
        StatusCode::NotFound => say(
            MessageKind::NotAllowed,
            Msg::NotFound,
            because(Msg::WordNotFound),
        ),
        StatusCode::MissingParameter | StatusCode::InputValidation => say(
            MessageKind::InvalidRequest,
            if *attempt == Attempt::Dial {
                Msg::NumberNotAccepted
            } else {
                Msg::RequestNotAccepted
            },
            because(Msg::WordInvalidRequest),
        ),
        other => say(
            if http_status >= 500 {
                MessageKind::Unavailable
            } else {
                MessageKind::Error
            },
            Msg::SystemRefused,
            Arg::Str(
                server
                    .clone()
                    .unwrap_or_else(|| other.description().trim_end_matches('.').to_string()),
            ),
        ),
    }
}

/// statusCode 7: say which channel failed. A failed voice channel is an error for a dialler.
fn describe_partial(body: &ApiResponse) -> UserMessage {
    let failed = body.failed.as_deref().unwrap_or_default();
    if failed.is_empty() {
        return UserMessage::new(MessageKind::PartialSuccess, Msg::PartlyDone);
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
    let (kind, msg) = if voice_failed {
        (MessageKind::Unavailable, Msg::VoiceChannelFailed)
    } else {
        (MessageKind::PartialSuccess, Msg::ChannelsFailed)
    };
    UserMessage::new(kind, Text::new(msg, vec![parts.join("; ").into()]))
}

/// How a call state reads in a sentence ("while the call is on hold").
pub fn state_words(state: &CallState) -> Text {
    Text::from(match state {
        CallState::Dialing => Msg::StateInSentenceDialing,
        CallState::Ringing => Msg::StateInSentenceRinging,
        CallState::Established => Msg::StateInSentenceConnected,
        CallState::Held => Msg::StateInSentenceHeld,
        CallState::Released => Msg::StateInSentenceEnded,
        CallState::Unknown(other) => {
            return Text::new(Msg::StateInSentenceOther, vec![clip(other).into()]);
        }
    })
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
) -> Text {
    let subject = Arg::from(if about_call {
        Msg::SubjectCall
    } else if about_device {
        Msg::SubjectPhone
    } else {
        Msg::SubjectSession
    });
    let message = message.map(clip).filter(|m| !m.is_empty());
    let code = code.map(|c| Arg::Str(c.to_string()));
    match (message, code) {
        (Some(msg), Some(code)) => {
            Text::new(Msg::ReportedWordsCode, vec![subject, msg.into(), code])
        }
        (Some(msg), None) => Text::new(Msg::ReportedWords, vec![subject, msg.into()]),
        (None, Some(code)) => Text::new(Msg::ReportedCode, vec![subject, code]),
        (None, None) => Text::new(Msg::Reported, vec![subject]),
    }
}
