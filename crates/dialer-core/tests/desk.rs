//! The desk's decisions, scripted: inputs in, outputs checked, no browser, no clock of its own.

use bayeux::TransportKind;
use dialer_core::agent::AgentAction;
use dialer_core::controls::Control;
use dialer_core::desk::{
    CallAction, CallChange, Desk, DeskConfig, DialIntent, DialSource, DialTarget, Direction,
    ErrorCode, HostEvent, HttpReply, HttpRequest, Input, Intent, IntentId, Method, NetworkError,
    OfferChoice, Output, Phase, RecentCall, Settled, SocketEvent, SocketId, decode_recent,
    encode_recent,
};
use dialer_core::i18n::Text;
use serde_json::{Value, json};

const BASE: &str = "http://gws.test";
const DEVICE: &str = "dev-1";

fn device(state: &str) -> Value {
    json!({"id": DEVICE, "deviceState": "Active", "userState": {"state": state},
           "phoneNumber": "5001", "capabilities": []})
}

fn me(state: &str, calls: Value) -> String {
    json!({"statusCode": 0, "user": {
        "id": "u1", "userName": "agent1", "firstName": "Alice", "lastName": "Agent",
        "roles": ["ROLE_AGENT"], "enabled": true,
        "devices": [device(state)], "calls": calls
    }})
    .to_string()
}

fn call(id: &str, state: &str, party: &str, caps: &[&str]) -> Value {
    json!({
        "id": id, "state": state, "callType": "External",
        "participants": [{"phoneNumber": party, "digits": party, "formattedPhoneNumber": party, "e164Number": ""}],
        "capabilities": caps, "duration": "0", "mute": "Off",
        "uri": format!("{BASE}/api/v2/me/calls/{id}"), "path": format!("/calls/{id}")
    })
}

fn call_message(call: Value) -> Value {
    json!({"messageType": "CallStateChangeMessage", "notificationType": "StatusChange",
           "phoneNumber": "5001", "call": call})
}

fn ok() -> HttpReply {
    HttpReply::json(200, r#"{"statusCode":0}"#)
}

fn with_csrf(mut reply: HttpReply) -> HttpReply {
    reply.headers = vec![
        ("X-CSRF-HEADER".into(), "X-CSRF-TOKEN".into()),
        ("X-CSRF-TOKEN".into(), "tok-1".into()),
    ];
    reply
}

/// A desk plus everything it asked for that has not been answered yet.
struct Script {
    desk: Desk,
    now: u64,
    http: Vec<HttpRequest>,
    sent_http: Vec<HttpRequest>,
    events: Vec<HostEvent>,
    settled: Vec<(IntentId, Result<Settled, dialer_core::desk::DeskError>)>,
    aborted: Vec<u64>,
    sockets: Vec<(SocketId, String)>,
    socket_sends: Vec<(SocketId, String)>,
    closed_sockets: Vec<SocketId>,
    next_intent: u64,
}

impl Script {
    fn new(notifications: bool) -> Self {
        let mut config = DeskConfig::new(BASE);
        config.notifications = notifications;
        Script::with_config(config)
    }

    fn with_config(config: DeskConfig) -> Self {
        Script {
            desk: Desk::new(config),
            now: 1_000_000,
            http: Vec::new(),
            sent_http: Vec::new(),
            events: Vec::new(),
            settled: Vec::new(),
            aborted: Vec::new(),
            sockets: Vec::new(),
            socket_sends: Vec::new(),
            closed_sockets: Vec::new(),
            next_intent: 0,
        }
    }

    fn input(&mut self, input: Input) {
        self.desk.handle(input, self.now);
        self.drain();
    }

    fn drain(&mut self) {
        while let Some(out) = self.desk.poll_output() {
            match out {
                Output::Http(r) => {
                    self.sent_http.push(r.clone());
                    self.http.push(r);
                }
                Output::Abort(id) => {
                    self.aborted.push(id.0);
                    self.http.retain(|r| r.id != id);
                }
                Output::OpenSocket { id, url } => self.sockets.push((id, url)),
                Output::SendSocket { id, text } => self.socket_sends.push((id, text)),
                Output::CloseSocket(id) => self.closed_sockets.push(id),
                Output::Event(e) => self.events.push(e),
                Output::Settle { intent, result } => self.settled.push((intent, result)),
                Output::Log(_) => {}
            }
        }
    }

    fn intent(&mut self, intent: Intent) -> IntentId {
        self.next_intent += 1;
        let id = IntentId(self.next_intent);
        self.input(Input::Intent {
            id: Some(id),
            intent,
        });
        id
    }

    fn advance(&mut self, ms: u64) {
        let target = self.now + ms;
        while let Some(at) = self.desk.poll_timeout() {
            if at > target {
                break;
            }
            self.now = self.now.max(at);
            self.desk.handle_timeout(self.now);
            self.drain();
        }
        self.now = target;
    }

    /// The unanswered request whose URL contains `part` (and method), removed from the list.
    fn take(&mut self, method: Method, part: &str) -> HttpRequest {
        let i = self
            .http
            .iter()
            .position(|r| r.method == method && r.url.contains(part))
            .unwrap_or_else(|| panic!("no {method:?} request to {part} in {:#?}", self.http));
        self.http.remove(i)
    }

    fn has(&self, method: Method, part: &str) -> bool {
        self.http
            .iter()
            .any(|r| r.method == method && r.url.contains(part))
    }

    fn answer(&mut self, req: &HttpRequest, result: Result<HttpReply, NetworkError>) {
        self.input(Input::Http { id: req.id, result });
    }

    fn reply(&mut self, method: Method, part: &str, reply: HttpReply) -> HttpRequest {
        let req = self.take(method, part);
        self.answer(&req, Ok(reply));
        req
    }

    fn dials(&self) -> Vec<&HttpRequest> {
        self.sent_http
            .iter()
            .filter(|r| r.url.ends_with(&format!("/devices/{DEVICE}/calls")))
            .collect()
    }

    fn settled(&self, id: IntentId) -> Option<&Result<Settled, dialer_core::desk::DeskError>> {
        self.settled.iter().find(|(i, _)| *i == id).map(|(_, r)| r)
    }

    fn error_code(&self, id: IntentId) -> ErrorCode {
        match self.settled(id) {
            Some(Err(e)) => e.code,
            other => panic!("intent {id:?} not rejected: {other:?}"),
        }
    }

    fn push(&mut self, call: Value) {
        self.desk
            .push_notification("/v2/me/calls", call_message(call), self.now);
        self.drain();
    }

    /// Signed in with an existing session (the probe finds it), notifications off.
    fn signed_in() -> Self {
        let mut config = DeskConfig::new(BASE);
        config.notifications = false;
        Script::signed_in_with(config)
    }

    /// Started; the probe finds a session whose agent is in `state` (`"Ready"`: signed in with
    /// no calls, the settings requests left unanswered; `"LoggedOut"`: StartContactCenterSession
    /// is sent and left unanswered).
    fn session_found(&mut self, state: &str) {
        self.input(Input::Start);
        self.reply(
            Method::Get,
            "/api/v2/me?subresources=*",
            with_csrf(HttpReply::json(200, &me(state, json!([])))),
        );
    }

    fn signed_in_with(config: DeskConfig) -> Self {
        let mut s = Script::with_config(config);
        s.session_found("Ready");
        assert!(s.desk.accepts_clicks());
        s.no_settings();
        s
    }

    /// The server offers no agent-state settings and no dispositions (answers 404).
    fn no_settings(&mut self) {
        let none = || HttpReply::json(404, r#"{"statusCode":6,"statusMessage":"Not found"}"#);
        self.reply(Method::Get, "/settings/agent-states", none());
        self.reply(Method::Get, "/internal-api/business-attributes", none());
    }

    fn click(&mut self, raw: &str, detail: u32) -> IntentId {
        self.intent(Intent::Dial(DialIntent {
            target: DialTarget::Number {
                raw: raw.into(),
                user_data: None,
                location: None,
            },
            source: DialSource::Click { detail },
        }))
    }
}

// ------------------------------------------------------------------ session

#[test]
fn the_probe_without_a_session_shows_the_login_form_without_an_error() {
    let mut s = Script::new(false);
    assert_eq!(s.desk.view().phase, Phase::Starting);
    s.input(Input::Start);
    s.reply(
        Method::Get,
        "/api/v2/me?subresources=*",
        HttpReply::json(403, r#"{"statusCode":20,"statusMessage":"Access denied"}"#),
    );
    let view = s.desk.view();
    assert_eq!(view.phase, Phase::SignedOut { busy: false });
    assert_eq!(view.error, None);
    assert!(!s.desk.accepts_clicks());
}

#[test]
fn sign_in_sends_basic_once_keeps_nothing_and_starts_the_contact_center_session() {
    let mut s = Script::new(true);
    s.input(Input::Start);
    s.reply(
        Method::Get,
        "/me?subresources",
        HttpReply::json(403, r#"{"statusCode":20}"#),
    );

    let wrong = s.intent(Intent::SignIn {
        user: "agent1".into(),
        password: "nope".into(),
    });
    assert_eq!(s.desk.view().phase, Phase::SignedOut { busy: true });
    s.reply(
        Method::Get,
        "/me?subresources",
        HttpReply::json(403, r#"{"statusCode":20}"#),
    );
    assert_eq!(s.error_code(wrong), ErrorCode::NotSignedIn);
    assert_eq!(
        s.desk.view().error.as_ref().map(Text::en).as_deref(),
        Some("The user name or password is not correct.")
    );

    let login = s.intent(Intent::SignIn {
        user: "agent1".into(),
        password: "password".into(),
    });
    let req = s.take(Method::Get, "/me?subresources");
    assert_eq!(
        req.header("Authorization"),
        Some("Basic YWdlbnQxOnBhc3N3b3Jk")
    );
    s.answer(
        &req,
        Ok(with_csrf(HttpReply::json(200, &me("LoggedOut", json!([]))))),
    );
    assert_eq!(s.settled(login), Some(&Ok(Settled::Done)));
    assert_eq!(s.desk.view().phase, Phase::Active);
    assert_eq!(s.desk.view().error, None);
    // The agent was logged out: StartContactCenterSession, with the CSRF token, before clicks
    // dial. A click meanwhile is the widget's (it waits for the session), not the link's.
    assert!(s.desk.accepts_clicks());
    let start = s.take(Method::Post, "/api/v2/me");
    assert_eq!(start.header("X-CSRF-TOKEN"), Some("tok-1"));
    assert!(
        start
            .body
            .as_deref()
            .unwrap()
            .contains("StartContactCenterSession")
    );
    // No request after the login carries the password.
    assert!(
        s.sent_http
            .iter()
            .filter(|r| r.id.0 > req.id.0)
            .all(|r| r.header("Authorization").is_none())
    );
    s.answer(&start, Ok(ok()));
    assert!(s.desk.accepts_clicks());
    assert!(
        matches!(s.events.iter().find(|e| matches!(e, HostEvent::Ready { .. })),
        Some(HostEvent::Ready { user_name, phone_number }) if user_name == "agent1" && phone_number == "5001")
    );
    // CometD started: a WebSocket to the notifications endpoint.
    assert_eq!(s.sockets.len(), 1);
    assert_eq!(s.sockets[0].1, "ws://gws.test/api/v2/notifications");
}

#[test]
fn a_lost_session_shows_the_login_form_once_and_nothing_retries() {
    let mut s = Script::signed_in();
    s.push(call("c1", "Established", "5002", &["Hangup", "Hold"]));
    let hang = s.intent(Intent::Call {
        call_id: Some("c1".into()),
        action: CallAction::Control(Control::Hangup),
    });
    s.reply(
        Method::Post,
        "/me/calls/c1",
        HttpReply::json(
            403,
            r#"{"statusCode":20,"statusMessage":"Not authenticated"}"#,
        ),
    );
    assert_eq!(s.error_code(hang), ErrorCode::NotSignedIn);
    assert_eq!(s.desk.view().phase, Phase::SignedOut { busy: false });
    assert!(
        s.events
            .iter()
            .any(|e| matches!(e, HostEvent::SignedOut {}))
    );
    assert!(s.http.is_empty(), "nothing retried: {:#?}", s.http);
}

#[test]
fn sign_out_stops_cometd_first_then_ends_the_session_and_clears_everything() {
    let mut s = Script::signed_in();
    s.push(call("c1", "Established", "5002", &["Hangup"]));
    let out = s.intent(Intent::SignOut);
    assert!(s.desk.view().agent.as_ref().unwrap().busy);
    let end = s.take(Method::Post, "/api/v2/me");
    assert!(
        end.body
            .as_deref()
            .unwrap()
            .contains("EndContactCenterSession")
    );
    assert_eq!(end.header("X-CSRF-TOKEN"), Some("tok-1"));
    s.answer(&end, Ok(ok()));
    assert_eq!(s.settled(out), Some(&Ok(Settled::Done)));
    let view = s.desk.view();
    assert_eq!(view.phase, Phase::SignedOut { busy: false });
    assert!(view.calls.is_empty() && view.agent.is_none());
    assert!(s.desk.calls().is_empty());
    // The CSRF token went with the session: a new login's requests do not carry it.
    s.intent(Intent::SignIn {
        user: "agent1".into(),
        password: "x".into(),
    });
    let login = s.take(Method::Get, "/me?subresources");
    s.answer(
        &login,
        Ok(HttpReply::json(200, &me("LoggedOut", json!([])))),
    );
    let start = s.take(Method::Post, "/api/v2/me");
    assert_eq!(start.header("X-CSRF-TOKEN"), None);
}

// ------------------------------------------------------------------ dialing

#[test]
fn sign_in_dial_notifications_hang_up_the_whole_path() {
    let mut s = Script::signed_in();
    let dial = s.click("tel:+1-201-555-0123", 1);
    let req = s.take(Method::Post, "/devices/dev-1/calls");
    assert_eq!(req.header("X-CSRF-TOKEN"), Some("tok-1"));
    let body: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["operationName"], "Dial");
    assert_eq!(body["destination"]["phoneNumber"], "+12015550123");
    assert!(s.desk.view().dial_in_flight);
    s.answer(&req, Ok(ok()));
    assert!(!s.desk.view().dial_in_flight);
    assert_eq!(s.settled(dial), None, "dial() waits for the call");

    s.push(call("c1", "Dialing", "+12015550123", &["Hangup"]));
    match s.settled(dial) {
        Some(Ok(Settled::Call(c))) => {
            assert_eq!(c.id, "c1");
            assert_eq!(c.state, "Dialing");
        }
        other => panic!("dial not resolved with the call: {other:?}"),
    }
    s.push(call(
        "c1",
        "Established",
        "+12015550123",
        &["Hangup", "Hold", "SendDtmf"],
    ));
    let view = s.desk.view();
    assert_eq!(view.calls.len(), 1);
    assert_eq!(view.calls[0].state_label.en(), "Connected");
    assert_eq!(
        view.calls[0].controls,
        vec![Control::Hangup, Control::Hold, Control::SendDtmf]
    );
    assert_eq!(
        view.announcement.as_ref().map(Text::en).as_deref(),
        Some("Connected to +12015550123.")
    );

    let hang = s.intent(Intent::Call {
        call_id: None,
        action: CallAction::Control(Control::Hangup),
    });
    assert_eq!(s.desk.view().calls[0].pending, vec!["Hangup"]);
    let req = s.take(Method::Post, "/me/calls/c1");
    assert_eq!(req.body.as_deref(), Some(r#"{"operationName":"Hangup"}"#));
    s.answer(&req, Ok(ok()));
    assert_eq!(s.settled(hang), Some(&Ok(Settled::Done)));
    s.push(call("c1", "Released", "+12015550123", &[]));
    let view = s.desk.view();
    assert!(view.calls[0].released && view.calls[0].controls.is_empty());
    let changes: Vec<CallChange> = s
        .events
        .iter()
        .filter_map(|e| match e {
            HostEvent::Call { change, .. } => Some(*change),
            _ => None,
        })
        .collect();
    assert_eq!(
        changes,
        vec![CallChange::Added, CallChange::Changed, CallChange::Released]
    );
    // The ended call lingers, then leaves with one timer.
    assert!(s.desk.poll_timeout().is_some());
    s.advance(5_000);
    assert!(s.desk.view().calls.is_empty());
    assert!(matches!(
        s.events.last(),
        Some(HostEvent::Call {
            change: CallChange::Removed,
            ..
        })
    ));
    assert_eq!(s.desk.poll_timeout(), None);
    assert_eq!(s.dials().len(), 1);
}

#[test]
fn a_second_click_while_a_dial_is_in_flight_sends_nothing() {
    let mut s = Script::signed_in();
    s.click("5002", 1);
    let again = s.click("5002", 1);
    assert_eq!(s.error_code(again), ErrorCode::Busy);
    assert_eq!(
        s.desk.view().error.as_ref().map(Text::en).as_deref(),
        Some("Already dialling 5002. Please wait.")
    );
    // Not to another number either, while the first is unanswered.
    let other = s.click("5003", 1);
    assert_eq!(s.error_code(other), ErrorCode::Busy);
    assert_eq!(s.dials().len(), 1);
    // Answered: the same number stays blocked until its call shows up; another may go.
    s.reply(Method::Post, "/devices/dev-1/calls", ok());
    let same = s.click("5002", 1);
    assert_eq!(s.error_code(same), ErrorCode::Busy);
    s.click("5003", 1);
    assert_eq!(s.dials().len(), 2);
}

#[test]
fn the_second_click_of_a_double_click_never_dials_even_another_number() {
    let mut s = Script::signed_in();
    s.click("5002", 1);
    s.reply(Method::Post, "/devices/dev-1/calls", ok());
    // The page moved: the second click of the double-click lands on another number.
    let second = s.click("5003", 2);
    let third = s.click("5004", 3);
    assert_eq!(s.error_code(second), ErrorCode::Busy);
    assert_eq!(s.error_code(third), ErrorCode::Busy);
    assert_eq!(s.dials().len(), 1);
    // A keyboard activation (detail 0) and the JS API still dial.
    s.click("5005", 0);
    s.reply(Method::Post, "/devices/dev-1/calls", ok());
    s.intent(Intent::Dial(DialIntent::number("5006")));
    assert_eq!(s.dials().len(), 3);
}

#[test]
fn an_invalid_number_is_refused_with_its_code_and_no_request() {
    let mut s = Script::signed_in();
    let bad = s.click("call me maybe", 1);
    assert_eq!(s.error_code(bad), ErrorCode::InvalidNumber);
    assert!(s.desk.view().error.is_some());
    assert!(s.dials().is_empty());
    assert!(matches!(
        s.events.last(),
        Some(HostEvent::Error {
            code: Some(ErrorCode::InvalidNumber),
            ..
        })
    ));
}

#[test]
fn a_click_before_sign_in_is_refused_and_one_while_the_session_starts_waits_for_it() {
    let mut s = Script::new(false);
    let early = s.click("5002", 1);
    assert_eq!(s.error_code(early), ErrorCode::NotSignedIn);
    s.session_found("LoggedOut");
    // Signed in a moment ago; StartContactCenterSession is on its way.
    let waiting = s.click("5002", 1);
    assert!(s.dials().is_empty(), "no Dial before the session is up");
    assert_eq!(s.settled(waiting), None, "the click waits");
    assert!(
        s.desk.view().dial_in_flight,
        "the dial field says a Dial is coming"
    );
    // One waits at most: a second click (any number) is refused, in plain words.
    let second = s.click("5003", 1);
    assert_eq!(s.error_code(second), ErrorCode::NotReady);
    assert!(s.desk.view().error.is_some());
    s.reply(Method::Post, "/api/v2/me", ok());
    assert_eq!(
        s.desk.view().error,
        None,
        "'still starting' is gone once it has started"
    );
    // The session is up: the waiting click is dialled, once.
    let dials = s.dials();
    assert_eq!(dials.len(), 1);
    assert_eq!(body(dials[0])["destination"]["phoneNumber"], "5002");
    assert_eq!(s.settled(waiting), None, "answered when the call shows up");
}

#[test]
fn a_click_that_waited_for_a_session_that_never_started_is_answered_with_why() {
    let mut s = Script::new(false);
    s.session_found("LoggedOut");
    let waiting = s.click("5002", 1);
    s.reply(
        Method::Post,
        "/api/v2/me",
        HttpReply::json(200, r#"{"statusCode":4,"statusMessage":"no place"}"#),
    );
    assert!(s.dials().is_empty());
    let Some(Err(error)) = s.settled(waiting) else {
        panic!("not rejected: {:?}", s.settled(waiting));
    };
    assert_ne!(error.code, ErrorCode::NotReady);
    assert!(
        error.message.en().contains("phone session"),
        "{}",
        error.message.en()
    );
    assert!(!s.desk.view().dial_in_flight);
}

#[test]
fn a_dial_without_an_answer_times_out_resyncs_and_is_never_retried() {
    let mut s = Script::signed_in();
    let dial = s.click("5002", 1);
    let req = s.take(Method::Post, "/devices/dev-1/calls");
    assert_eq!(req.timeout_ms, Some(15_000));
    s.answer(&req, Err(NetworkError::timeout(15_000)));
    assert_eq!(s.error_code(dial), ErrorCode::Timeout);
    let text = s.desk.view().error.unwrap().en();
    assert!(
        text.contains("The call may still have been placed"),
        "{text}"
    );
    // The truth is read back; the Dial is not sent again.
    s.reply(
        Method::Get,
        "/me/calls?fields=*",
        HttpReply::json(
            200,
            &json!({"statusCode":0,"calls":[call("c9","Dialing","5002",&["Hangup"])]}).to_string(),
        ),
    );
    s.reply(
        Method::Get,
        "/me/devices?fields=*",
        HttpReply::json(
            200,
            &json!({"statusCode":0,"devices":[device("Ready")]}).to_string(),
        ),
    );
    assert_eq!(s.desk.view().calls[0].id, "c9");
    s.advance(60_000);
    assert_eq!(s.dials().len(), 1);
}

#[test]
fn gws_errors_keep_their_kind() {
    let mut s = Script::signed_in();
    let dial = s.click("5002", 1);
    s.reply(
        Method::Post,
        "/devices/dev-1/calls",
        HttpReply::json(
            503,
            r#"{"statusCode":4,"statusMessage":"T-Server unavailable"}"#,
        ),
    );
    assert_eq!(s.error_code(dial), ErrorCode::Server);
    // A failed Dial frees the number at once.
    let again = s.click("5002", 1);
    let req = s.take(Method::Post, "/devices/dev-1/calls");
    s.answer(&req, Err(NetworkError::new("Failed to fetch")));
    assert_eq!(s.error_code(again), ErrorCode::Network);
}

#[test]
fn dial_rejects_with_timeout_when_no_call_shows_up() {
    let mut s = Script::signed_in();
    let dial = s.click("5002", 1);
    s.reply(Method::Post, "/devices/dev-1/calls", ok());
    s.advance(9_999);
    assert_eq!(s.settled(dial), None);
    s.advance(1);
    assert_eq!(s.error_code(dial), ErrorCode::Timeout);
}

#[test]
fn dial_preview_record_posts_device_path_and_the_record() {
    let mut s = Script::signed_in();
    let record = json!({"recordHandle": 431, "phoneNumber": "5550123", "campaignName": "C1"});
    s.intent(Intent::Dial(DialIntent {
        target: DialTarget::PreviewRecord {
            record: record.as_object().unwrap().clone(),
        },
        source: DialSource::Api,
    }));
    let req = s.take(Method::Post, "/devices/dev-1/calls");
    let body: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["operationName"], "Dial");
    assert_eq!(body["devicePath"], "/devices/dev-1");
    assert_eq!(body["outboundRecord"]["recordHandle"], 431);
}

// ------------------------------------------------------------------ call control

#[test]
fn controls_follow_capabilities_and_refuse_what_the_call_cannot_do() {
    let mut s = Script::signed_in();
    s.push(call("c1", "Ringing", "5002", &["Answer", "ClearCall"]));
    let view = s.desk.view();
    assert_eq!(
        view.calls[0].controls,
        vec![Control::Answer, Control::ClearCall]
    );
    let hold = s.intent(Intent::Call {
        call_id: Some("c1".into()),
        action: CallAction::Control(Control::Hold),
    });
    assert_eq!(s.error_code(hold), ErrorCode::Refused);
    let gone = s.intent(Intent::Call {
        call_id: Some("nope".into()),
        action: CallAction::Control(Control::Answer),
    });
    assert_eq!(s.error_code(gone), ErrorCode::NoCall);
    let answer = s.intent(Intent::Call {
        call_id: Some("c1".into()),
        action: CallAction::Control(Control::Answer),
    });
    let twice = s.intent(Intent::Call {
        call_id: Some("c1".into()),
        action: CallAction::Control(Control::Answer),
    });
    assert_eq!(s.error_code(twice), ErrorCode::Busy);
    s.reply(Method::Post, "/me/calls/c1", ok());
    assert_eq!(s.settled(answer), Some(&Ok(Settled::Done)));
    assert!(s.http.is_empty());
}

#[test]
fn tones_and_user_data_are_checked_and_typed_on_the_wire() {
    let mut s = Script::signed_in();
    s.push(call(
        "c1",
        "Established",
        "5002",
        &["SendDtmf", "UpdateUserData", "DeleteUserDataPair"],
    ));
    let bad = s.intent(Intent::Call {
        call_id: None,
        action: CallAction::SendDtmf("12a".into()),
    });
    assert_eq!(s.error_code(bad), ErrorCode::InvalidInput);
    s.intent(Intent::Call {
        call_id: None,
        action: CallAction::SendDtmf("12#".into()),
    });
    let req = s.take(Method::Post, "/me/calls/c1");
    assert_eq!(
        req.body.as_deref(),
        Some(r#"{"operationName":"SendDtmf","digits":"12#"}"#)
    );
    let mut data = serde_json::Map::new();
    data.insert("Case".into(), json!("42"));
    s.intent(Intent::Call {
        call_id: None,
        action: CallAction::UpdateUserData(data),
    });
    let req = s.take(Method::Post, "/me/calls/c1");
    assert_eq!(
        req.body.as_deref(),
        Some(r#"{"operationName":"UpdateUserData","userData":{"Case":"42"}}"#)
    );
}

// ------------------------------------------------------------------ agent state

#[test]
fn agent_state_changes_are_sent_and_shown_from_the_server() {
    let mut s = Script::signed_in();
    let agent = s.desk.view().agent.unwrap();
    assert_eq!(agent.state.en(), "Ready");
    assert_eq!(agent.actions, vec![AgentAction::NotReady]);
    let nr = s.intent(Intent::AgentState(AgentAction::NotReady));
    assert!(s.desk.view().agent.unwrap().busy);
    let req = s.take(Method::Post, "/me/channels/voice");
    assert_eq!(req.body.as_deref(), Some(r#"{"operationName":"NotReady"}"#));
    s.answer(&req, Ok(ok()));
    assert_eq!(s.settled(nr), Some(&Ok(Settled::Done)));
    // The view shows what the server says, not what was asked for.
    assert_eq!(s.desk.view().agent.unwrap().state.en(), "Ready");
    s.desk.push_notification(
        "/v2/me/devices",
        json!({"messageType": "DeviceStateChangeMessage", "devices": [device("NotReady")]}),
        s.now,
    );
    s.drain();
    let agent = s.desk.view().agent.unwrap();
    assert_eq!(agent.state.en(), "Not Ready");
    assert_eq!(agent.actions, vec![AgentAction::Ready]);
    assert!(
        matches!(s.events.last(), Some(HostEvent::Agent { state }) if state.en() == "Not Ready")
    );
}

// ------------------------------------------------------------------ CometD

fn signed_in_with_cometd() -> (Script, SocketId) {
    let mut s = Script::new(true);
    s.session_found("Ready");
    let (id, _) = s.sockets[0].clone();
    s.input(Input::Socket {
        id,
        event: SocketEvent::Opened,
    });
    let handshake = s.socket_sends.last().unwrap().1.clone();
    assert!(handshake.contains("/meta/handshake"), "{handshake}");
    s.input(Input::Socket {
        id,
        event: SocketEvent::Frame(
            json!([{"channel": "/meta/handshake", "successful": true, "clientId": "cl1",
                    "version": "1.0", "supportedConnectionTypes": ["websocket", "long-polling"],
                    "id": "1"}])
            .to_string(),
        ),
    });
    let sent: Vec<String> = s.socket_sends.iter().map(|(_, t)| t.clone()).collect();
    let connect_id = sent
        .iter()
        .rev()
        .find_map(|t| {
            let v: Value = serde_json::from_str(t).unwrap();
            v.as_array()?
                .iter()
                .find(|m| m["channel"] == "/meta/connect")
                .map(|m| m["id"].as_str().unwrap().to_string())
        })
        .expect("a connect after the handshake");
    s.input(Input::Socket {
        id,
        event: SocketEvent::Frame(
            json!([{"channel": "/meta/connect", "successful": true, "id": connect_id,
                    "advice": {"reconnect": "retry", "interval": 0, "timeout": 30000}}])
            .to_string(),
        ),
    });
    (s, id)
}

/// A CometD server on the socket: every meta message sent from `from` on gets a success reply
/// (connects with `interval: 0`, except that the last one is held open as a real server would).
fn serve(s: &mut Script, id: SocketId, mut from: usize) {
    for _ in 0..20 {
        let Some((_, text)) = s.socket_sends.get(from).cloned() else {
            return;
        };
        from += 1;
        let batch: Value = serde_json::from_str(&text).unwrap();
        let replies: Vec<Value> = batch
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                let mut r = json!({"channel": m["channel"], "id": m["id"], "successful": true});
                match m["channel"].as_str().unwrap() {
                    "/meta/handshake" => {
                        r["clientId"] = json!("cl2");
                        r["version"] = json!("1.0");
                        r["supportedConnectionTypes"] = json!(["websocket", "long-polling"]);
                    }
                    "/meta/connect" => r["advice"] = json!({"interval": 0, "timeout": 30000}),
                    "/meta/subscribe" => r["subscription"] = m["subscription"].clone(),
                    _ => {}
                }
                r
            })
            .collect();
        let held = replies.iter().all(|r| r["channel"] == "/meta/connect")
            && s.socket_sends.len() == from
            && s.desk.view().connection.text.en().starts_with("Live");
        if held {
            return;
        }
        s.input(Input::Socket {
            id,
            event: SocketEvent::Frame(Value::Array(replies).to_string()),
        });
    }
}

#[test]
fn notifications_over_the_websocket_reach_the_call_list_and_connect_resyncs() {
    let (mut s, id) = signed_in_with_cometd();
    assert_eq!(
        s.desk.view().connection.text.en(),
        "Live updates on (WebSocket)"
    );
    assert!(s.events.iter().any(|e| matches!(
        e,
        HostEvent::Connection {
            state: "connected",
            transport: Some("websocket"),
            ..
        }
    )));
    // Connected: the server's truth is read (missed notifications cannot leave a wrong view).
    assert!(s.has(Method::Get, "/me/calls?fields=*"));
    s.input(Input::Socket {
        id,
        event: SocketEvent::Frame(
            json!([{"channel": "/v2/me/calls", "data": call_message(call("c1", "Ringing", "5003", &["Answer"]))}])
                .to_string(),
        ),
    });
    assert_eq!(s.desk.view().calls[0].controls, vec![Control::Answer]);
    // A garbled frame is ignored; the widget keeps working.
    s.input(Input::Socket {
        id,
        event: SocketEvent::Frame("{not json".into()),
    });
    assert_eq!(s.desk.view().calls.len(), 1);
    // A broken notification of a known type is said in plain words.
    s.input(Input::Socket {
        id,
        event: SocketEvent::Frame(
            json!([{"channel": "/v2/me/calls", "data": {"messageType": "CallStateChangeMessage"}}])
                .to_string(),
        ),
    });
    assert!(
        s.desk
            .view()
            .error
            .unwrap()
            .en()
            .starts_with("A live update could not be read")
    );
}

#[test]
fn a_call_that_rings_while_the_connect_resync_is_on_its_way_stays_ringing() {
    // The e2e flake: connected, the resync GET goes out, a call rings over CometD, then the
    // answer (read before the call existed) arrives without it. The call must stay answerable.
    let (mut s, id) = signed_in_with_cometd();
    assert!(s.has(Method::Get, "/me/calls?fields=*"));
    s.input(Input::Socket {
        id,
        event: SocketEvent::Frame(
            json!([{"channel": "/v2/me/calls", "data": call_message(call("c1", "Ringing", "5003", &["Answer"]))}])
                .to_string(),
        ),
    });
    s.reply(
        Method::Get,
        "/me/calls?fields=*",
        HttpReply::json(200, r#"{"statusCode":0,"calls":[]}"#),
    );
    let view = s.desk.view();
    assert_eq!(view.calls.len(), 1);
    assert!(!view.calls[0].released);
    assert_eq!(view.calls[0].state, "Ringing");
    assert_eq!(view.calls[0].controls, vec![Control::Answer]);
    assert!(!s.events.iter().any(|e| matches!(
        e,
        HostEvent::Call {
            change: CallChange::Released,
            ..
        }
    )));
}

#[test]
fn a_dropped_connection_reconnects_and_resyncs_to_the_servers_truth() {
    let (mut s, id) = signed_in_with_cometd();
    s.reply(
        Method::Get,
        "/me/calls?fields=*",
        HttpReply::json(200, r#"{"statusCode":0,"calls":[]}"#),
    );
    s.reply(
        Method::Get,
        "/me/devices?fields=*",
        HttpReply::json(
            200,
            &json!({"statusCode":0,"devices":[device("Ready")]}).to_string(),
        ),
    );
    s.push(call("c1", "Established", "5002", &["Hangup"]));
    s.input(Input::Socket {
        id,
        event: SocketEvent::Closed("the WebSocket closed".into()),
    });
    assert!(
        s.desk
            .view()
            .connection
            .text
            .en()
            .starts_with("Connection lost")
    );
    // Events of the old socket are ignored from now on.
    s.input(Input::Socket {
        id,
        event: SocketEvent::Frame(json!([{"channel": "/v2/me/calls", "data": call_message(call("c1", "Held", "5002", &[]))}]).to_string()),
    });
    assert_eq!(s.desk.view().calls[0].state, "Established");
    // One timer drives the retry.
    let before = s.sockets.len();
    for _ in 0..300 {
        if s.sockets.len() > before {
            break;
        }
        s.advance(100);
    }
    assert!(s.sockets.len() > before, "a new socket after the backoff");
    let (new_id, _) = *s.sockets.last().unwrap();
    assert_ne!(new_id, id);
    let from = s.socket_sends.len();
    s.input(Input::Socket {
        id: new_id,
        event: SocketEvent::Opened,
    });
    serve(&mut s, new_id, from);
    assert_eq!(
        s.desk.view().connection.text.en(),
        "Live updates on (WebSocket)"
    );
    // The resync says the call ended while we were away.
    s.reply(
        Method::Get,
        "/me/calls?fields=*",
        HttpReply::json(200, r#"{"statusCode":0,"calls":[]}"#),
    );
    assert!(s.desk.view().calls[0].released);
}

#[test]
fn long_polling_refused_as_unauthenticated_checks_the_session_once() {
    let mut config = DeskConfig::new(BASE);
    config.transports = vec![TransportKind::LongPolling];
    let mut s = Script::new(true);
    s.desk = Desk::new(config);
    s.session_found("Ready");
    s.no_settings();
    let handshake = s.take(Method::Post, "/notifications/handshake");
    assert_eq!(handshake.header("X-CSRF-TOKEN"), Some("tok-1"));
    assert_eq!(handshake.timeout_ms, None, "CometD times its own requests");
    s.answer(&handshake, Ok(HttpReply::json(403, "")));
    // The widget asks whether the session still exists, once.
    let verify = s.take(Method::Get, "/api/v2/me");
    assert!(!verify.url.contains('?'));
    s.answer(&verify, Ok(HttpReply::json(403, r#"{"statusCode":20}"#)));
    assert_eq!(s.desk.view().phase, Phase::SignedOut { busy: false });
    assert_eq!(
        s.events
            .iter()
            .filter(|e| matches!(e, HostEvent::SignedOut {}))
            .count(),
        1
    );
    s.advance(120_000);
    assert!(s.http.is_empty(), "no loop: {:#?}", s.http);
}

#[test]
fn closing_long_polling_aborts_its_outstanding_posts() {
    let mut config = DeskConfig::new(BASE);
    config.transports = vec![TransportKind::LongPolling];
    let mut s = Script::new(true);
    s.desk = Desk::new(config);
    s.session_found("Ready");
    let handshake = s.take(Method::Post, "/notifications/handshake");
    assert!(s.aborted.is_empty());
    s.http.push(handshake.clone());
    // Signing out disconnects CometD: the held POST is aborted, not left hanging.
    s.intent(Intent::SignOut);
    s.reply(Method::Post, "/api/v2/me", ok());
    assert!(
        s.aborted.contains(&handshake.id.0),
        "aborted: {:?}",
        s.aborted
    );
}

#[test]
fn shutdown_answers_every_waiting_promise_and_stops() {
    let mut s = Script::signed_in();
    let dial = s.click("5002", 1);
    s.input(Input::Shutdown);
    assert!(s.settled(dial).is_some_and(|r| r.is_err()));
    assert_eq!(s.desk.poll_timeout(), None);
    s.click("5003", 1);
    assert_eq!(s.dials().len(), 1);
}

#[test]
fn a_resync_intent_reads_the_servers_truth_once_at_a_time() {
    let mut s = Script::signed_in();
    s.push(call("c1", "Established", "5002", &["Hangup"]));
    s.intent(Intent::Resync);
    s.intent(Intent::Resync); // while one is in flight: one more after it, not two at once
    assert_eq!(
        s.http
            .iter()
            .filter(|r| r.url.contains("/me/calls?fields=*"))
            .count(),
        1
    );
    s.reply(
        Method::Get,
        "/me/calls?fields=*",
        HttpReply::json(200, r#"{"statusCode":0,"calls":[]}"#),
    );
    s.reply(
        Method::Get,
        "/me/devices?fields=*",
        HttpReply::json(
            200,
            &json!({"statusCode":0,"devices":[device("Ready")]}).to_string(),
        ),
    );
    assert!(
        s.desk.view().calls[0].released,
        "the call ended while the page was hidden"
    );
    assert!(
        s.has(Method::Get, "/me/calls?fields=*"),
        "the second resync follows"
    );
}

// ------------------------------------------------------------------ transfer and conference

const CONSULT_CAPS: [&str; 6] = [
    "Hangup",
    "Hold",
    "InitiateTransfer",
    "SingleStepTransfer",
    "InitiateConference",
    "SingleStepConference",
];

fn consult_call(id: &str, state: &str, party: &str, parent: &str, caps: &[&str]) -> Value {
    let mut c = call(id, state, party, caps);
    c["callType"] = json!("Consult");
    c["parentCallUri"] = json!(format!("{BASE}/api/v2/me/calls/{parent}"));
    c["parentCallPath"] = json!(format!("/calls/{parent}"));
    c
}

fn body(req: &HttpRequest) -> Value {
    serde_json::from_str(req.body.as_deref().unwrap()).unwrap()
}

#[test]
fn a_consult_transfer_holds_the_call_consults_then_completes() {
    let mut s = Script::signed_in();
    s.push(call("c1", "Established", "5557001", &CONSULT_CAPS));
    assert!(s.desk.view().calls[0].controls.contains(&Control::Transfer));
    let consult = s.intent(Intent::Call {
        call_id: Some("c1".into()),
        action: CallAction::Transfer {
            destination: "tel:5002".into(),
            consult: true,
        },
    });
    let req = s.take(Method::Post, "/me/calls/c1");
    assert_eq!(
        body(&req),
        json!({"operationName": "InitiateTransfer", "destination": {"phoneNumber": "5002"}})
    );
    assert_eq!(s.desk.view().calls[0].pending, vec!["InitiateTransfer"]);
    s.answer(&req, Ok(ok()));
    assert_eq!(s.settled(consult), Some(&Ok(Settled::Done)));
    // The server holds the original and dials the consultation.
    s.push(call(
        "c1",
        "Held",
        "5557001",
        &["CompleteTransfer", "SwapCalls"],
    ));
    s.push(consult_call(
        "c2",
        "Established",
        "5002",
        "c1",
        &["Hangup", "CompleteTransfer", "SwapCalls"],
    ));
    let view = s.desk.view();
    let c2 = view.calls.iter().find(|c| c.id == "c2").unwrap();
    assert_eq!(c2.consult_for, Some(Some("5557001".to_string())));
    // A consultation is cancelled, not merely hung up.
    assert_eq!(
        c2.controls,
        vec![
            Control::CancelConsult,
            Control::CompleteTransfer,
            Control::SwapCalls
        ]
    );
    // Swap: the other call's URI from the store.
    s.intent(Intent::Call {
        call_id: Some("c2".into()),
        action: CallAction::Control(Control::SwapCalls),
    });
    let swap = s.take(Method::Post, "/me/calls/c2");
    assert_eq!(
        body(&swap),
        json!({"operationName": "SwapCalls", "otherCallUri": format!("{BASE}/api/v2/me/calls/c1")})
    );
    s.answer(&swap, Ok(ok()));
    let done = s.intent(Intent::Call {
        call_id: Some("c2".into()),
        action: CallAction::Control(Control::CompleteTransfer),
    });
    let complete = s.take(Method::Post, "/me/calls/c2");
    assert_eq!(
        body(&complete),
        json!({"operationName": "CompleteTransfer"})
    );
    s.answer(&complete, Ok(ok()));
    assert_eq!(s.settled(done), Some(&Ok(Settled::Done)));
}

#[test]
fn cancelling_a_consultation_hangs_it_up_and_retrieves_the_original_once_allowed() {
    let mut s = Script::signed_in();
    s.push(call(
        "c1",
        "Held",
        "5557001",
        &["CompleteTransfer", "SwapCalls"],
    ));
    s.push(consult_call(
        "c2",
        "Established",
        "5002",
        "c1",
        &["Hangup", "CompleteTransfer"],
    ));
    s.intent(Intent::Call {
        call_id: Some("c2".into()),
        action: CallAction::Control(Control::CancelConsult),
    });
    let hangup = s.take(Method::Post, "/me/calls/c2");
    assert_eq!(body(&hangup), json!({"operationName": "Hangup"}));
    s.answer(&hangup, Ok(ok()));
    // Not before the server allows it: the original still cannot be retrieved.
    assert!(!s.has(Method::Post, "/me/calls/c1"));
    s.push(consult_call("c2", "Released", "5002", "c1", &[]));
    assert!(!s.has(Method::Post, "/me/calls/c1"));
    s.push(call("c1", "Held", "5557001", &["Retrieve", "Hangup"]));
    let retrieve = s.take(Method::Post, "/me/calls/c1");
    assert_eq!(body(&retrieve), json!({"operationName": "Retrieve"}));
    s.answer(&retrieve, Ok(ok()));
    // Once only.
    s.push(call("c1", "Held", "5557001", &["Retrieve", "Hangup"]));
    assert!(!s.has(Method::Post, "/me/calls/c1"));
}

#[test]
fn single_step_transfer_and_conference_go_through_the_number_rules() {
    let mut s = Script::signed_in();
    s.push(call("c1", "Established", "5557001", &CONSULT_CAPS));
    let bad = s.intent(Intent::Call {
        call_id: None,
        action: CallAction::Transfer {
            destination: "call me maybe".into(),
            consult: false,
        },
    });
    assert_eq!(s.error_code(bad), ErrorCode::InvalidNumber);
    assert!(!s.has(Method::Post, "/me/calls/c1"));
    s.intent(Intent::Call {
        call_id: None,
        action: CallAction::Conference {
            destination: "+1 (201) 555-0123".into(),
            consult: false,
        },
    });
    let req = s.take(Method::Post, "/me/calls/c1");
    assert_eq!(
        body(&req),
        json!({"operationName": "SingleStepConference", "destination": {"phoneNumber": "+12015550123"}})
    );
    s.answer(&req, Ok(ok()));
    s.intent(Intent::Call {
        call_id: None,
        action: CallAction::Transfer {
            destination: "5002".into(),
            consult: false,
        },
    });
    let req = s.take(Method::Post, "/me/calls/c1");
    assert_eq!(body(&req)["operationName"], "SingleStepTransfer");
    // An operation the call does not offer is refused, not sent.
    s.answer(&req, Ok(ok()));
    let refused = s.intent(Intent::Call {
        call_id: None,
        action: CallAction::RemoveParticipant("5002".into()),
    });
    assert_eq!(s.error_code(refused), ErrorCode::Refused);
}

#[test]
fn a_conference_lists_its_parties_and_one_can_be_removed() {
    let mut s = Script::signed_in();
    let mut conf = call(
        "c1",
        "Established",
        "5557001",
        &["Hangup", "RemoveParticipantFromConference"],
    );
    conf["participants"] = json!([
        {"phoneNumber": "5557001", "digits": "5557001"},
        {"phoneNumber": "5002", "digits": "5002"}
    ]);
    s.push(conf);
    let row = &s.desk.view().calls[0];
    assert_eq!(row.parties, vec!["5557001", "5002"]);
    assert!(row.can_remove_party);
    s.intent(Intent::Call {
        call_id: Some("c1".into()),
        action: CallAction::RemoveParticipant("5002".into()),
    });
    let req = s.take(Method::Post, "/me/calls/c1");
    assert_eq!(
        body(&req),
        json!({"operationName": "RemoveParticipantFromConference", "participant": "5002"})
    );
}

// ------------------------------------------------------------------ agent states, wrap-up, recent calls

fn with_settings() -> Script {
    let mut s = Script::new(false);
    s.session_found("Ready");
    s.reply(
        Method::Get,
        "/settings/agent-states",
        HttpReply::json(
            200,
            &json!({"statusCode": 0, "settings": [
                {"id": "s-ready", "operationName": "Ready", "displayName": "Ready", "state": "Ready"},
                {"id": "s-lunch", "operationName": "NotReady", "displayName": "Out to Lunch",
                 "state": "NotReady", "workMode": "AuxWork", "reason": "Lunch"},
                {"id": "s-acw", "operationName": "AfterCallWork", "displayName": "After Call Work",
                 "state": "NotReady", "workMode": "AfterCallWork"}
            ]})
            .to_string(),
        ),
    );
    s.reply(
        Method::Get,
        "/internal-api/business-attributes",
        HttpReply::json(
            200,
            &json!({"statusCode": 0, "businessAttributes": [
                {"name": "Other", "values": [{"name": "x"}]},
                {"name": "DispositionCode", "displayName": "Disposition", "values": [
                    {"name": "Sale", "displayName": "Sale made"},
                    {"name": "NoSale", "displayName": "No sale"}
                ]}
            ]})
            .to_string(),
        ),
    );
    s
}

#[test]
fn the_servers_agent_states_are_offered_with_reasons_and_sent_as_it_defines_them() {
    let mut s = with_settings();
    let agent = s.desk.view().agent.unwrap();
    // Ready is current: the others are offered, by the server's names.
    let labels: Vec<String> = agent.choices.iter().map(|c| c.label.en()).collect();
    assert_eq!(labels, vec!["Out to Lunch", "After Call Work"]);
    assert!(!agent.no_choices);
    assert_eq!(agent.since_ms, 1_000_000);
    let lunch = s.intent(Intent::SetAgentState {
        id: "s-lunch".into(),
    });
    let req = s.take(Method::Post, "/me/channels/voice");
    assert_eq!(
        body(&req),
        json!({"operationName": "NotReady", "reason": "Lunch", "workMode": "AuxWork"})
    );
    let agent = s.desk.view().agent.unwrap();
    assert!(agent.choices.is_empty(), "none while one is sent");
    assert!(!agent.no_choices, "but the server has some");
    s.answer(&req, Ok(ok()));
    assert_eq!(s.settled(lunch), Some(&Ok(Settled::Done)));
    // The device reports it: shown with its reason, the duration restarts.
    s.now += 5_000;
    s.desk.push_notification(
        "/v2/me/devices",
        json!({"messageType": "DeviceStateChangeMessage", "devices": [{
            "id": DEVICE, "deviceState": "Active", "phoneNumber": "5001",
            "userState": {"id": "s-lunch", "state": "NotReady", "displayName": "Not Ready",
                          "workMode": "AuxWork", "reason": "Lunch"}}]}),
        s.now,
    );
    s.drain();
    let agent = s.desk.view().agent.unwrap();
    assert_eq!(agent.state.en(), "Not Ready (Lunch)");
    assert_eq!(agent.since_ms, 1_005_000);
    let labels: Vec<String> = agent.choices.iter().map(|c| c.label.en()).collect();
    assert_eq!(labels, vec!["Ready", "After Call Work"]);
    // An id the server did not offer is refused.
    let bad = s.intent(Intent::SetAgentState { id: "nope".into() });
    assert_eq!(s.error_code(bad), ErrorCode::InvalidInput);
}

#[test]
fn without_the_servers_agent_states_the_status_list_says_none_are_available() {
    let mut s = Script::new(false);
    s.session_found("Ready");
    let agent = s.desk.view().agent.unwrap();
    assert!(agent.choices.is_empty());
    assert!(!agent.no_choices, "not answered yet: they may still come");
    s.reply(
        Method::Get,
        "/settings/agent-states",
        HttpReply::json(200, r#"{"statusCode":0,"settings":[]}"#),
    );
    assert!(
        s.desk.view().agent.unwrap().no_choices,
        "the server lists none"
    );

    // A refused request (Script::signed_in's settings answer 404) and no answer at all say
    // the same.
    assert!(Script::signed_in().desk.view().agent.unwrap().no_choices);
    let mut s = Script::new(false);
    s.session_found("Ready");
    let req = s.take(Method::Get, "/settings/agent-states");
    s.answer(&req, Err(NetworkError::new("Failed to fetch")));
    assert!(
        s.desk.view().agent.unwrap().no_choices,
        "the request failed"
    );
}

#[test]
fn while_a_state_change_is_sent_ready_and_not_ready_keep_their_words_marked_busy() {
    let mut s = Script::signed_in();
    s.intent(Intent::AgentState(AgentAction::NotReady));
    let agent = s.desk.view().agent.unwrap();
    assert!(agent.busy, "shown busy (disabled, aria-busy)");
    assert_eq!(
        agent.actions,
        vec![AgentAction::NotReady],
        "the button keeps its words while the change is on its way"
    );
    let req = s.take(Method::Post, "/me/channels/voice");
    s.answer(&req, Ok(ok()));
    assert!(!s.desk.view().agent.unwrap().busy);
}

#[test]
fn after_call_work_is_the_references_own_operation() {
    let mut s = Script::signed_in();
    s.intent(Intent::AgentState(AgentAction::AfterCallWork));
    let req = s.take(Method::Post, "/me/channels/voice");
    assert_eq!(body(&req), json!({"operationName": "AfterCallWork"}));
}

#[test]
fn an_ended_call_waits_for_its_disposition_which_is_attached_as_user_data() {
    let mut s = with_settings();
    s.push(call("c1", "Ringing", "5557001", &["Answer"]));
    s.push(call("c1", "Established", "5557001", &["Hangup"]));
    s.now += 65_000;
    s.push(call("c1", "Released", "5557001", &[]));
    let view = s.desk.view();
    assert_eq!(
        view.dispositions[0],
        ("Sale".to_string(), "Sale made".to_string())
    );
    let recent = &view.recent[0];
    assert_eq!(
        (
            recent.number.as_str(),
            recent.direction,
            recent.connected,
            recent.wrap_up
        ),
        ("5557001", Direction::Inbound, true, true)
    );
    assert_eq!(recent.ended_ms - recent.started_ms, 65_000);
    // A code the server does not offer is refused; an offered one goes out as user data, on the
    // released call whatever its capabilities.
    let bad = s.intent(Intent::WrapUp {
        call_id: "c1".into(),
        code: Some("Bribe".into()),
    });
    assert_eq!(s.error_code(bad), ErrorCode::InvalidInput);
    let sale = s.intent(Intent::WrapUp {
        call_id: "c1".into(),
        code: Some("Sale".into()),
    });
    let req = s.take(Method::Post, "/me/calls/c1");
    assert_eq!(
        body(&req),
        json!({"operationName": "UpdateUserData", "userData": {"DispositionCode": "Sale"}})
    );
    s.answer(&req, Ok(ok()));
    assert_eq!(s.settled(sale), Some(&Ok(Settled::Done)));
    let recent = &s.desk.view().recent[0];
    assert_eq!(recent.disposition.as_deref(), Some("Sale made"));
    assert!(!recent.wrap_up);
    assert!(s.events.iter().any(|e| *e
        == HostEvent::WrapUp {
            call_id: "c1".into(),
            code: "Sale".into()
        }));
}

#[test]
fn recent_calls_keep_the_last_twenty_newest_first_with_direction_and_outcome() {
    let mut s = Script::signed_in();
    for i in 0..25 {
        let id = format!("c{i}");
        s.push(call(&id, "Dialing", "5551234", &["Hangup"]));
        if i % 2 == 0 {
            s.push(call(&id, "Established", "5551234", &["Hangup"]));
        }
        s.push(call(&id, "Released", "5551234", &[]));
    }
    let recent = s.desk.view().recent;
    assert_eq!(recent.len(), 20);
    assert_eq!(recent[0].call_id, "c24");
    assert_eq!(recent[19].call_id, "c5");
    assert!(recent.iter().all(|r| r.direction == Direction::Outbound));
    assert!(recent[0].connected && !recent[1].connected);
    // No dispositions offered: nothing waits for a wrap-up.
    assert!(recent.iter().all(|r| !r.wrap_up));
    // Skipping a wrap-up, and signing out forgets them all.
    s.intent(Intent::SignOut);
    s.reply(Method::Post, "/api/v2/me", ok());
    assert!(s.desk.view().recent.is_empty());
}

// ------------------------------------------------------------------ extensions

fn dtmf_posts(s: &Script, call_id: &str) -> Vec<Value> {
    s.sent_http
        .iter()
        .filter(|r| r.url.ends_with(&format!("/me/calls/{call_id}")))
        .map(body)
        .filter(|b| b["operationName"] == "SendDtmf")
        .collect()
}

#[test]
fn an_extension_is_dialled_after_the_number_as_tones_once_the_call_is_connected() {
    let mut s = Script::signed_in();
    let dial = s.click("+1 201 555 0123 x22", 1);
    let req = s.take(Method::Post, "/devices/dev-1/calls");
    assert_eq!(body(&req)["destination"]["phoneNumber"], "+12015550123");
    s.answer(&req, Ok(ok()));
    s.push(call("c1", "Dialing", "+12015550123", &["Hangup"]));
    // dial() and the call event carry both parts.
    match s.settled(dial) {
        Some(Ok(Settled::Call(c))) => {
            assert_eq!(c.other_party.as_deref(), Some("+12015550123"));
            assert_eq!(c.extension.as_deref(), Some("22"));
        }
        other => panic!("dial not resolved with the call: {other:?}"),
    }
    assert!(
        matches!(s.events.iter().rev().find(|e| matches!(e, HostEvent::Call { .. })),
        Some(HostEvent::Call { call: Some(c), .. }) if c.extension.as_deref() == Some("22"))
    );
    assert_eq!(s.desk.calls()[0].extension.as_deref(), Some("22"));
    // Not while it is dialling: the timer is for after Established.
    assert_eq!(s.desk.poll_timeout(), None);
    s.now += 3_000;
    s.push(call(
        "c1",
        "Established",
        "+12015550123",
        &["Hangup", "SendDtmf"],
    ));
    assert_eq!(
        s.desk.poll_timeout(),
        Some(s.now + 1_000),
        "the default delay"
    );
    s.advance(999);
    assert!(dtmf_posts(&s, "c1").is_empty());
    s.advance(1);
    assert_eq!(
        dtmf_posts(&s, "c1"),
        vec![json!({"operationName": "SendDtmf", "digits": "22"})]
    );
    let req = s.take(Method::Post, "/me/calls/c1");
    s.answer(&req, Ok(ok()));
    // Once: connected again after a hold sends nothing more.
    s.push(call("c1", "Held", "+12015550123", &["Retrieve"]));
    s.push(call(
        "c1",
        "Established",
        "+12015550123",
        &["Hangup", "SendDtmf"],
    ));
    s.advance(5_000);
    assert_eq!(dtmf_posts(&s, "c1").len(), 1);
    assert_eq!(s.dials().len(), 1);
}

#[test]
fn an_extension_waits_the_configured_delay_and_is_not_sent_when_the_call_ends_first() {
    let mut config = DeskConfig::new(BASE);
    config.notifications = false;
    config.extension_delay_ms = 3_000;
    let mut s = Script::signed_in_with(config);
    // tel: URIs carry it as ;ext=; the notification may come before the Dial's answer.
    s.click("tel:+1-201-555-0123;ext=7", 1);
    let req = s.take(Method::Post, "/devices/dev-1/calls");
    s.push(call(
        "c1",
        "Established",
        "+12015550123",
        &["Hangup", "SendDtmf"],
    ));
    s.answer(&req, Ok(ok()));
    assert_eq!(s.desk.poll_timeout(), Some(s.now + 3_000));
    s.advance(2_000);
    s.push(call("c1", "Released", "+12015550123", &[]));
    s.advance(10_000);
    assert!(dtmf_posts(&s, "c1").is_empty(), "the call ended first");
    assert_eq!(s.desk.poll_timeout(), None);
    // A number without an extension sends no tones.
    s.click("5551234", 1);
    s.reply(Method::Post, "/devices/dev-1/calls", ok());
    s.push(call(
        "c2",
        "Established",
        "5551234",
        &["Hangup", "SendDtmf"],
    ));
    s.advance(10_000);
    assert!(dtmf_posts(&s, "c2").is_empty());
    assert_eq!(s.desk.calls()[0].extension, None);
}

// ------------------------------------------------------------------ recent calls kept per tab

fn one_recent_call(s: &mut Script) {
    s.push(call("c1", "Dialing", "5551234", &["Hangup"]));
    s.push(call("c1", "Established", "5551234", &["Hangup"]));
    s.now += 4_000;
    s.push(call("c1", "Released", "5551234", &[]));
}

fn signed_in_restoring(stored: &str) -> Script {
    let mut config = DeskConfig::new(BASE);
    config.notifications = false;
    config.recent_calls = Some(stored.to_string());
    Script::signed_in_with(config)
}

#[test]
fn recent_calls_are_kept_for_the_tab_restored_for_the_same_agent_and_forgotten_on_sign_out() {
    let mut s = Script::signed_in();
    assert_eq!(s.desk.take_stored(), None, "nothing to write yet");
    one_recent_call(&mut s);
    let stored = s.desk.take_stored().expect("written").expect("kept");
    assert_eq!(s.desk.take_stored(), None, "written once");
    assert!(!stored.contains("password") && stored.contains("\"user\":\"agent1\""));
    let kept = decode_recent(&stored, "agent1").unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (
            kept[0].number.as_str(),
            kept[0].direction,
            kept[0].connected
        ),
        ("5551234", Direction::Outbound, true)
    );
    assert_eq!(kept[0].ended_ms - kept[0].started_ms, 4_000);

    // The page is reloaded: the same agent's session gets them back.
    let restored = signed_in_restoring(&stored);
    let recent = restored.desk.view().recent;
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].call_id, "c1");
    assert_eq!(recent[0].ended_ms - recent[0].started_ms, 4_000);
    // Another agent's are not shown, and anything malformed is ignored.
    let other = encode_recent("agent2", &kept);
    for text in [
        other.as_str(),
        "{",
        "null",
        r#"{"v":1,"user":"agent1","calls":[{"id":"c1"}]}"#,
        r#"{"v":2,"user":"agent1","calls":[]}"#,
        r#"{"v":1,"user":"agent1","calls":[{"id":"c1","number":"5","direction":"sideways","connected":true,"started":1,"ended":2,"disposition":null,"wrapUp":false}]}"#,
    ] {
        let s2 = signed_in_restoring(text);
        assert!(s2.desk.view().recent.is_empty(), "{text}");
    }
    // A disposition is kept too; more than twenty are never restored.
    let many: Vec<RecentCall> = (0..30)
        .map(|i| RecentCall {
            call_id: format!("c{i}"),
            disposition: Some("Sale".into()),
            ..kept[0].clone()
        })
        .collect();
    let back = decode_recent(&encode_recent("agent1", &many), "agent1").unwrap();
    assert_eq!(back.len(), 20);
    assert_eq!(back[0], many[0]);

    // Signing out forgets them, in storage too.
    s.intent(Intent::SignOut);
    s.reply(Method::Post, "/api/v2/me", ok());
    assert_eq!(s.desk.take_stored(), Some(None));
}

// ------------------------------------------------------------------ a page number during a call

fn offer_choice(s: &mut Script, choice: OfferChoice) -> IntentId {
    let id = s.desk.view().offer.expect("an offer").id;
    s.intent(Intent::Offer { id, choice })
}

#[test]
fn a_page_number_clicked_during_a_call_is_offered_and_each_choice_is_one_request() {
    let mut s = Script::signed_in();
    s.push(call("c1", "Established", "5557001", &CONSULT_CAPS));
    let click = s.click("tel:5002", 1);
    assert!(s.dials().is_empty(), "not dialled blindly");
    assert!(s.http.is_empty());
    assert_eq!(s.settled(click), Some(&Ok(Settled::Done)));
    let offer = s.desk.view().offer.unwrap();
    assert_eq!(
        (
            offer.number.en().as_str(),
            offer.party.as_deref().unwrap_or_default(),
            offer.call,
            offer.transfer,
            offer.conference
        ),
        ("5002", "5557001", true, true, true)
    );

    // Transfer: one SingleStepTransfer of the live call, and the offer is gone.
    let transfer = offer_choice(&mut s, OfferChoice::Transfer);
    assert_eq!(s.desk.view().offer, None);
    let req = s.take(Method::Post, "/me/calls/c1");
    assert_eq!(
        body(&req),
        json!({"operationName": "SingleStepTransfer", "destination": {"phoneNumber": "5002"}})
    );
    s.answer(&req, Ok(ok()));
    assert_eq!(s.settled(transfer), Some(&Ok(Settled::Done)));
    assert!(s.http.is_empty());

    // Conference.
    s.click("5003", 1);
    offer_choice(&mut s, OfferChoice::Conference);
    let req = s.take(Method::Post, "/me/calls/c1");
    assert_eq!(
        body(&req),
        json!({"operationName": "SingleStepConference", "destination": {"phoneNumber": "5003"}})
    );
    s.answer(&req, Ok(ok()));

    // Call: one Dial.
    s.click("5004", 1);
    let dial = offer_choice(&mut s, OfferChoice::Call);
    let req = s.take(Method::Post, "/devices/dev-1/calls");
    assert_eq!(body(&req)["destination"]["phoneNumber"], "5004");
    s.answer(&req, Ok(ok()));
    s.push(call("c2", "Dialing", "5004", &["Hangup"]));
    assert!(matches!(s.settled(dial), Some(Ok(Settled::Call(_)))));
    assert_eq!(s.dials().len(), 1);

    // Cancel: nothing at all.
    let sent = s.sent_http.len();
    s.click("5005", 1);
    let stale = s.desk.view().offer.unwrap().id;
    let cancel = offer_choice(&mut s, OfferChoice::Cancel);
    assert_eq!(s.settled(cancel), Some(&Ok(Settled::Done)));
    assert_eq!(s.desk.view().offer, None);
    assert_eq!(s.sent_http.len(), sent);
    // A choice for an offer that is gone (or was replaced) does nothing.
    let late = s.intent(Intent::Offer {
        id: stale,
        choice: OfferChoice::Transfer,
    });
    assert_eq!(s.error_code(late), ErrorCode::NoCall);
    assert_eq!(s.sent_http.len(), sent);

    // A newer click replaces the offer; an invalid number is refused at once; the second click
    // of a double-click offers nothing.
    s.click("5006", 1);
    let first = s.desk.view().offer.unwrap().id;
    s.click("5007", 1);
    let offer = s.desk.view().offer.unwrap();
    assert!(offer.id != first && offer.number.en() == "5007");
    let bad = s.click("call me maybe", 1);
    assert_eq!(s.error_code(bad), ErrorCode::InvalidNumber);
    let double = s.click("5008", 2);
    assert_eq!(s.error_code(double), ErrorCode::Busy);
    assert_eq!(s.desk.view().offer.unwrap().number.en(), "5007");
    assert_eq!(s.sent_http.len(), sent);
}

#[test]
fn the_widgets_own_buttons_and_the_js_api_still_dial_during_a_call() {
    let mut s = Script::signed_in();
    s.push(call("c1", "Established", "5557001", &CONSULT_CAPS));
    s.intent(Intent::Dial(DialIntent::number("5002")));
    s.reply(Method::Post, "/devices/dev-1/calls", ok());
    s.intent(Intent::Dial(DialIntent {
        target: DialTarget::Number {
            raw: "5003".into(),
            user_data: None,
            location: None,
        },
        source: DialSource::Widget { detail: 1 },
    }));
    s.reply(Method::Post, "/devices/dev-1/calls", ok());
    assert_eq!(s.dials().len(), 2);
    assert_eq!(s.desk.view().offer, None);
    // The widget's double-click dials once too.
    let double = s.intent(Intent::Dial(DialIntent {
        target: DialTarget::Number {
            raw: "5004".into(),
            user_data: None,
            location: None,
        },
        source: DialSource::Widget { detail: 2 },
    }));
    assert_eq!(s.error_code(double), ErrorCode::Busy);
}

#[test]
fn the_offer_follows_what_the_call_allows_and_goes_when_the_call_ends() {
    let mut s = Script::signed_in();
    // Only consult forms: the choice consults first.
    s.push(call(
        "c1",
        "Established",
        "5557001",
        &["Hangup", "InitiateTransfer"],
    ));
    s.click("5002", 1);
    let offer = s.desk.view().offer.unwrap();
    assert!(offer.call && offer.transfer && !offer.conference);
    offer_choice(&mut s, OfferChoice::Transfer);
    assert_eq!(
        body(&s.take(Method::Post, "/me/calls/c1")),
        json!({"operationName": "InitiateTransfer", "destination": {"phoneNumber": "5002"}})
    );
    // The number already on the call cannot be called again.
    s.click("5557001", 1);
    assert!(!s.desk.view().offer.unwrap().call);
    // The call ends: the offer goes, and a late choice sends nothing.
    let id = s.desk.view().offer.unwrap().id;
    s.push(call("c1", "Released", "5557001", &[]));
    assert_eq!(s.desk.view().offer, None);
    let sent = s.sent_http.len();
    let late = s.intent(Intent::Offer {
        id,
        choice: OfferChoice::Call,
    });
    assert_eq!(s.error_code(late), ErrorCode::NoCall);
    assert_eq!(s.sent_http.len(), sent);
    // No live call: a click dials at once again.
    s.click("5002", 1);
    assert_eq!(s.dials().len(), 1);
}

#[test]
fn a_calls_first_event_carries_its_extension_even_before_the_dial_is_answered() {
    let mut s = Script::signed_in();
    s.click("+1 201 555 0123 x22", 1);
    let req = s.take(Method::Post, "/devices/dev-1/calls");
    // The server's notification comes first, the Dial's answer after it.
    s.push(call("c1", "Dialing", "+12015550123", &["Hangup"]));
    let first = s
        .events
        .iter()
        .find_map(|e| match e {
            HostEvent::Call { call: Some(c), .. } => Some(c.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(first.extension.as_deref(), Some("22"));
    s.answer(&req, Ok(ok()));
    // A refused Dial leaves no extension waiting for a call to the same number.
    s.push(call("c1", "Released", "+12015550123", &[]));
    s.click("+1 201 555 0123 x9", 1);
    let req = s.take(Method::Post, "/devices/dev-1/calls");
    s.answer(
        &req,
        Ok(HttpReply::json(
            503,
            r#"{"statusCode":4,"statusMessage":"busy"}"#,
        )),
    );
    s.push(call("c2", "Dialing", "+12015550123", &["Hangup"]));
    assert_eq!(
        s.desk
            .calls()
            .iter()
            .find(|c| c.id == "c2")
            .unwrap()
            .extension,
        None
    );
}
