//! One phone per browser, scripted: several tabs on one simulated `BroadcastChannel`, the lock
//! granted by the test, HTTP answered by the test. What a leader publishes, what a follower
//! sends, takeover, events once, shared sign-out, and messages that must be ignored.

use dialer_core::agent::{AgentAction, AgentStatus};
use dialer_core::controls::Control;
use dialer_core::desk::view::{AgentChoice, OfferRow, RecentRow};
use dialer_core::desk::{
    AgentRow, CallAction, CallRow, CallSnapshot, ConnectionRow, DeskConfig, DeskError, DialIntent,
    DialSource, DialTarget, Direction, ErrorCode, HttpReply, HttpRequest, Input, Intent, IntentId,
    Level, Method, OfferChoice, Output, Phase, Settled, View,
};
use dialer_core::i18n::{Arg, Msg, Text};
use dialer_core::tabs::wire::{self, Envelope, Message, Published};
use dialer_core::tabs::{
    ClickClaim, EVENT_DONE_MS, EVENT_FRESH_MS, Leadership, Role, Tab, TabConfig, TabOutput,
};
use serde_json::{Value, json};
use std::collections::VecDeque;

const BASE: &str = "http://gws.test";

fn me(state: &str, calls: Value) -> String {
    json!({"statusCode": 0, "user": {
        "id": "u1", "userName": "agent1", "firstName": "Alice", "lastName": "Agent",
        "roles": ["ROLE_AGENT"], "enabled": true,
        "devices": [{"id": "dev-1", "deviceState": "Active", "userState": {"state": state},
                     "phoneNumber": "5001", "capabilities": []}],
        "calls": calls
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

fn with_csrf(mut reply: HttpReply) -> HttpReply {
    reply.headers = vec![
        ("X-CSRF-HEADER".into(), "X-CSRF-TOKEN".into()),
        ("X-CSRF-TOKEN".into(), "tok-1".into()),
    ];
    reply
}

/// Tabs of one browser profile: what each executed, and the channel between them.
struct Browser {
    tabs: Vec<Tab>,
    now: u64,
    /// Unanswered requests: (tab index, request).
    http: Vec<(usize, HttpRequest)>,
    sent_http: Vec<(usize, HttpRequest)>,
    /// Host-page events dispatched: (tab index, event name, detail).
    events: Vec<(usize, String, Value)>,
    settled: Vec<(usize, IntentId, Result<Settled, DeskError>)>,
    posted: Vec<(usize, String)>,
    bus: VecDeque<(usize, String)>,
    /// Tabs that left (their channel is closed).
    gone: Vec<usize>,
    next_intent: u64,
}

impl Browser {
    fn new(n: usize, shared: bool) -> Self {
        let tabs = (0..n)
            .map(|i| {
                let mut config = DeskConfig::new(BASE);
                config.notifications = false;
                Tab::new(
                    config,
                    TabConfig {
                        id: 100 + i as u64,
                        shared,
                    },
                )
            })
            .collect();
        Browser {
            tabs,
            now: 1_000_000,
            http: Vec::new(),
            sent_http: Vec::new(),
            events: Vec::new(),
            settled: Vec::new(),
            posted: Vec::new(),
            bus: VecDeque::new(),
            gone: Vec::new(),
            next_intent: 0,
        }
    }

    /// Every tab started, tab 0 granted the lock, the probe answered with a session.
    fn signed_in(n: usize) -> Self {
        let mut b = Browser::new(n, true);
        for i in 0..n {
            b.input(i, Input::Start);
        }
        assert_eq!(
            b.tabs[0].lead(b.now),
            Leadership::First,
            "the first leader: the page-load check is current"
        );
        b.drain();
        b.session_found(0);
        b
    }

    /// The session check of `tab` finds the agent signed in, Ready, with no calls.
    fn session_found(&mut self, tab: usize) {
        self.reply(
            tab,
            Method::Get,
            "/me?subresources",
            with_csrf(HttpReply::json(200, &me("Ready", json!([])))),
        );
    }

    fn drain(&mut self) {
        loop {
            let mut progress = false;
            for i in 0..self.tabs.len() {
                while let Some(out) = self.tabs[i].poll_output() {
                    progress = true;
                    match out {
                        TabOutput::Desk(Output::Http(r)) => {
                            self.sent_http.push((i, r.clone()));
                            self.http.push((i, r));
                        }
                        TabOutput::Desk(Output::Abort(id)) => {
                            self.http.retain(|(t, r)| !(*t == i && r.id == id))
                        }
                        TabOutput::Desk(Output::Event(e)) => self.events.push((
                            i,
                            e.name().to_string(),
                            serde_json::to_value(&e).unwrap(),
                        )),
                        TabOutput::Fire { name, detail } => self.events.push((i, name, detail)),
                        TabOutput::Desk(Output::Settle { intent, result }) => {
                            self.settled.push((i, intent, result))
                        }
                        TabOutput::Post(text) => {
                            self.posted.push((i, text.clone()));
                            self.bus.push_back((i, text));
                        }
                        TabOutput::Desk(_) => {}
                    }
                }
            }
            // A BroadcastChannel delivers to every other open channel, not to the sender.
            while let Some((from, text)) = self.bus.pop_front() {
                progress = true;
                for j in 0..self.tabs.len() {
                    if j != from && !self.gone.contains(&j) {
                        self.tabs[j].handle_channel(&text, self.now);
                    }
                }
            }
            if !progress {
                break;
            }
        }
    }

    fn input(&mut self, tab: usize, input: Input) {
        self.tabs[tab].handle(input, self.now);
        self.drain();
    }

    fn intent(&mut self, tab: usize, intent: Intent) -> IntentId {
        self.next_intent += 1;
        let id = IntentId(self.next_intent);
        self.input(
            tab,
            Input::Intent {
                id: Some(id),
                intent,
            },
        );
        id
    }

    fn take(&mut self, tab: usize, method: Method, part: &str) -> HttpRequest {
        let i = self
            .http
            .iter()
            .position(|(t, r)| *t == tab && r.method == method && r.url.contains(part))
            .unwrap_or_else(|| panic!("tab {tab} sent no {method:?} {part}: {:#?}", self.http));
        self.http.remove(i).1
    }

    fn reply(&mut self, tab: usize, method: Method, part: &str, reply: HttpReply) -> HttpRequest {
        let req = self.take(tab, method, part);
        self.input(
            tab,
            Input::Http {
                id: req.id,
                result: Ok(reply),
            },
        );
        req
    }

    fn push(&mut self, tab: usize, call: Value) {
        self.tabs[tab].push_notification("/v2/me/calls", call_message(call), self.now);
        self.drain();
    }

    fn dials(&self) -> Vec<(usize, &HttpRequest)> {
        self.sent_http
            .iter()
            .filter(|(_, r)| r.url.ends_with("/devices/dev-1/calls"))
            .map(|(t, r)| (*t, r))
            .collect()
    }

    fn settled(&self, tab: usize, id: IntentId) -> Option<&Result<Settled, DeskError>> {
        self.settled
            .iter()
            .find(|(t, i, _)| *t == tab && *i == id)
            .map(|(_, _, r)| r)
    }

    fn call_events(&self, state: &str) -> Vec<usize> {
        self.events
            .iter()
            .filter(|(_, name, d)| name == "gws-dialer:call" && d["state"] == state)
            .map(|(t, _, _)| *t)
            .collect()
    }

    /// The tab closes: pagehide → Shutdown, then its channel and lock are gone.
    fn close(&mut self, tab: usize) {
        self.input(tab, Input::Shutdown);
        self.gone.push(tab);
    }

    /// The tab's renderer died: no goodbye, nothing reaches it any more, it sends nothing.
    fn crash(&mut self, tab: usize) {
        self.gone.push(tab);
    }

    /// Time passes; every tab whose timer is due is told.
    fn advance(&mut self, ms: u64) {
        self.now += ms;
        for i in 0..self.tabs.len() {
            if !self.gone.contains(&i) && self.tabs[i].poll_timeout().is_some_and(|t| t <= self.now)
            {
                self.tabs[i].handle_timeout(self.now);
            }
        }
        self.drain();
    }
}

fn click(raw: &str) -> Intent {
    Intent::Dial(DialIntent {
        target: DialTarget::Number {
            raw: raw.into(),
            user_data: None,
            location: None,
        },
        source: DialSource::Click { detail: 1 },
    })
}

// ------------------------------------------------------------------ roles and publication

#[test]
fn one_leader_holds_the_session_and_every_follower_renders_what_it_publishes() {
    let b = Browser::signed_in(3);
    assert_eq!(b.tabs[0].role(), Role::Leader);
    assert_eq!(b.tabs[1].role(), Role::Follower);
    // Only the leader ever sent a request.
    assert!(b.sent_http.iter().all(|(t, _)| *t == 0));
    for tab in &b.tabs {
        let view = tab.view();
        assert_eq!(view.phase, Phase::Active);
        assert_eq!(view.agent.as_ref().unwrap().name, "Alice Agent");
        assert!(tab.accepts_clicks());
    }
    assert_eq!(b.tabs[1].view(), b.tabs[0].view());
}

#[test]
fn a_follower_waits_for_a_leader_before_sending_and_sends_what_it_queued_once() {
    let mut b = Browser::new(2, true);
    b.input(1, Input::Start);
    // No leader yet: the follower's intent is kept, nothing is posted for it.
    let dial = b.intent(1, click("5551234"));
    assert!(
        b.posted
            .iter()
            .all(|(_, text)| !text.contains("\"intent\""))
    );
    assert_eq!(b.tabs[1].view().phase, Phase::Starting);
    b.input(0, Input::Start);
    b.tabs[0].lead(b.now);
    b.drain();
    b.session_found(0);
    // Sent once a leader was heard of; the leader was not ready for it yet, so it was refused
    // with a reason, never dialled later behind the agent's back.
    assert_eq!(b.dials().len(), 0);
    assert_eq!(
        b.settled(1, dial).map(|r| r.as_ref().unwrap_err().code),
        Some(ErrorCode::NotSignedIn)
    );
    assert_eq!(b.tabs[1].view().phase, Phase::Active);
}

#[test]
fn a_dial_from_a_follower_is_one_dial_and_its_promise_resolves_with_the_call() {
    let mut b = Browser::signed_in(3);
    let dial = b.intent(2, click("5551234"));
    // A second click in another tab while the first is unanswered: refused, not dialled.
    let second = b.intent(1, click("5551234"));
    let dials = b.dials();
    assert_eq!(dials.len(), 1, "exactly one Dial");
    assert_eq!(dials[0].0, 0, "sent by the leader");
    assert!(matches!(b.settled(1, second), Some(Err(e)) if e.code == ErrorCode::Busy));
    assert!(
        b.tabs[2].view().dial_in_flight,
        "followers see the Dial in flight"
    );
    b.reply(
        0,
        Method::Post,
        "/devices/dev-1/calls",
        HttpReply::json(200, r#"{"statusCode":0}"#),
    );
    b.push(0, call("c1", "Dialing", "5551234", &["Hangup"]));
    match b.settled(2, dial) {
        Some(Ok(Settled::Call(call))) => assert_eq!(call.id, "c1"),
        other => panic!("dial() not resolved with the call: {other:?}"),
    }
    // The follower's JS API sees the call as the leader does.
    assert_eq!(b.tabs[2].calls(), b.tabs[0].calls());
    assert_eq!(b.tabs[2].calls()[0].state, "Dialing");
}

#[test]
fn call_controls_from_a_follower_reach_the_leaders_desk_typed() {
    let mut b = Browser::signed_in(2);
    b.push(
        0,
        call("c1", "Established", "5002", &["Hangup", "Hold", "SendDtmf"]),
    );
    let hold = b.intent(
        1,
        Intent::Call {
            call_id: Some("c1".into()),
            action: CallAction::Control(Control::Hold),
        },
    );
    let req = b.take(0, Method::Post, "/me/calls/c1");
    assert!(req.body.as_deref().unwrap().contains("\"Hold\""));
    assert_eq!(b.tabs[1].view().calls[0].pending, vec!["Hold"]);
    b.input(
        0,
        Input::Http {
            id: req.id,
            result: Ok(HttpReply::json(200, r#"{"statusCode":0}"#)),
        },
    );
    assert_eq!(b.settled(1, hold), Some(&Ok(Settled::Done)));
    // Input the desk refuses comes back with its code.
    let tones = b.intent(
        1,
        Intent::Call {
            call_id: Some("c1".into()),
            action: CallAction::SendDtmf("12x".into()),
        },
    );
    assert!(matches!(b.settled(1, tones), Some(Err(e)) if e.code == ErrorCode::InvalidInput));
}

// ------------------------------------------------------------------ events once

#[test]
fn a_ringing_call_fires_its_event_once_in_the_tab_the_agent_last_focused() {
    let mut b = Browser::signed_in(3);
    b.events.clear();
    // Nobody focused: the leader fires.
    b.push(0, call("c1", "Ringing", "5002", &["Answer"]));
    assert_eq!(b.call_events("Ringing"), vec![0]);

    // The agent looks at tab 2: tab 2 fires, nobody else.
    b.tabs[2].presence(true, true);
    b.drain();
    b.push(0, call("c1", "Established", "5002", &["Hangup"]));
    assert_eq!(b.call_events("Established"), vec![2]);

    // Then at tab 1.
    b.tabs[1].presence(true, true);
    b.drain();
    b.push(0, call("c1", "Held", "5002", &["Retrieve"]));
    assert_eq!(b.call_events("Held"), vec![1]);

    // Tab 1 hidden: the visible tab focused before it (tab 2) fires.
    b.tabs[1].presence(false, false);
    b.drain();
    b.push(0, call("c1", "Established", "5002", &["Hangup"]));
    assert_eq!(b.call_events("Established"), vec![2, 2]);

    // Tab 2 leaves: back to the leader.
    b.close(2);
    b.push(0, call("c1", "Released", "5002", &[]));
    assert_eq!(b.call_events("Released"), vec![0]);
}

#[test]
fn an_event_for_a_tab_that_crashed_fires_in_the_leader_a_second_later_and_only_there() {
    let mut b = Browser::signed_in(3);
    b.tabs[2].presence(true, true);
    b.drain();
    b.events.clear();
    // The agent's tab dies without a goodbye (renderer crash): the leader still routes to it.
    b.crash(2);
    b.push(0, call("c1", "Ringing", "5002", &["Answer"]));
    assert_eq!(
        b.call_events("Ringing"),
        Vec::<usize>::new(),
        "given to tab 2"
    );
    b.advance(EVENT_DONE_MS - 1);
    assert_eq!(b.call_events("Ringing"), Vec::<usize>::new());
    b.advance(1);
    assert_eq!(
        b.call_events("Ringing"),
        vec![0],
        "not lost: the leader fires it"
    );
    // Tab 2 is forgotten: the next event does not wait a second for it.
    b.push(0, call("c1", "Established", "5002", &["Hangup"]));
    assert_eq!(b.call_events("Established"), vec![0]);
    b.advance(10 * EVENT_DONE_MS);
    assert_eq!(b.call_events("Ringing"), vec![0], "fired once");
    assert_eq!(b.call_events("Established"), vec![0]);
}

#[test]
fn an_event_a_live_tab_fired_is_not_fired_again_and_its_tab_stays_the_target() {
    let mut b = Browser::signed_in(3);
    b.tabs[1].presence(true, true);
    b.drain();
    b.events.clear();
    b.push(0, call("c1", "Ringing", "5002", &["Answer"]));
    assert_eq!(b.call_events("Ringing"), vec![1]);
    assert_eq!(b.tabs[0].poll_timeout(), None, "nothing left to wait for");
    b.advance(10 * EVENT_DONE_MS);
    assert_eq!(b.call_events("Ringing"), vec![1]);
    b.push(0, call("c1", "Established", "5002", &["Hangup"]));
    assert_eq!(b.call_events("Established"), vec![1]);
}

#[test]
fn a_tab_that_closes_before_firing_its_event_leaves_it_to_the_next_one_at_once() {
    let mut b = Browser::signed_in(3);
    b.tabs[1].presence(true, true);
    b.drain();
    b.tabs[2].presence(true, true);
    b.drain();
    b.events.clear();
    // The event is on its way to tab 2 when tab 2 closes: it says goodbye, not "done".
    b.gone.push(2);
    b.push(0, call("c1", "Ringing", "5002", &["Answer"]));
    b.gone.pop();
    b.close(2);
    assert_eq!(
        b.call_events("Ringing"),
        vec![1],
        "tab 1, focused before tab 2, fires it"
    );
    b.advance(10 * EVENT_DONE_MS);
    assert_eq!(b.call_events("Ringing"), vec![1]);
}

#[test]
fn a_tab_that_gets_an_event_too_late_leaves_it_to_the_leader() {
    let mut b = Browser::signed_in(2);
    b.events.clear();
    let late = |sent: u64, id: u64| {
        wire::encode(
            BASE,
            100,
            &Message::Event {
                to: 101,
                id,
                sent,
                name: "gws-dialer:call".into(),
                detail: json!({"change": "added"}),
            },
        )
    };
    let now = b.now;
    b.tabs[1].handle_channel(&late(now - EVENT_FRESH_MS - 1, 1), now);
    assert_eq!(b.tabs[1].poll_output(), None, "neither fired nor answered");
    b.tabs[1].handle_channel(&late(now - EVENT_FRESH_MS, 2), now);
    assert!(matches!(
        b.tabs[1].poll_output(),
        Some(TabOutput::Fire { .. })
    ));
    assert!(
        matches!(b.tabs[1].poll_output(), Some(TabOutput::Post(text)) if text.contains("\"done\"")),
        "and says so"
    );
}

#[test]
fn a_click_on_a_page_number_is_the_widgets_only_once_signed_in_and_a_plain_link_is_left_alone() {
    let mut b = Browser::new(2, true);
    for i in 0..2 {
        b.input(i, Input::Start);
    }
    for tab in &b.tabs {
        assert_eq!(
            tab.claim_click(true),
            ClickClaim::Leave,
            "a tel: link works as before"
        );
        assert_eq!(
            tab.claim_click(false),
            ClickClaim::SignInFirst,
            "a marked number asks to sign in"
        );
    }
    let b = Browser::signed_in(2);
    for tab in &b.tabs {
        assert_eq!(
            tab.claim_click(true),
            ClickClaim::Take,
            "leader and follower take it"
        );
        assert_eq!(tab.claim_click(false), ClickClaim::Take);
    }
}

// ------------------------------------------------------------------ takeover

#[test]
fn when_the_leader_closes_mid_dial_another_tab_takes_over_resyncs_and_never_resends_the_dial() {
    let mut b = Browser::signed_in(3);
    let dial = b.intent(1, click("5551234"));
    assert_eq!(b.dials().len(), 1);
    b.close(0);
    // The follower's promise is answered: the leader that had it is gone.
    assert!(matches!(b.settled(1, dial), Some(Err(e)) if e.code == ErrorCode::Interrupted));
    // The browser grants the lock to the next tab: it took over from another, so the session
    // check made at page load is stale (the shell drops it).
    assert_eq!(b.tabs[1].lead(b.now), Leadership::TakenOver);
    assert_eq!(
        b.tabs[1].lead(b.now),
        Leadership::Unchanged,
        "it leads already"
    );
    b.drain();
    assert_eq!(b.tabs[1].role(), Role::Leader);
    // It reads the server's truth: the call the old leader placed is there.
    b.reply(
        1,
        Method::Get,
        "/me?subresources",
        with_csrf(HttpReply::json(
            200,
            &me(
                "Ready",
                json!([call("c1", "Established", "5551234", &["Hangup"])]),
            ),
        )),
    );
    assert_eq!(b.dials().len(), 1, "the Dial in flight was not sent again");
    for tab in [1, 2] {
        let view = b.tabs[tab].view();
        assert_eq!(view.phase, Phase::Active);
        assert_eq!(view.calls.len(), 1, "tab {tab} shows the call");
        assert_eq!(view.calls[0].controls, vec![Control::Hangup]);
    }
    // The remaining follower now talks to the new leader.
    let hangup = b.intent(
        2,
        Intent::Call {
            call_id: None,
            action: CallAction::Control(Control::Hangup),
        },
    );
    let req = b.take(1, Method::Post, "/me/calls/c1");
    b.input(
        1,
        Input::Http {
            id: req.id,
            result: Ok(HttpReply::json(200, r#"{"statusCode":0}"#)),
        },
    );
    assert_eq!(b.settled(2, hangup), Some(&Ok(Settled::Done)));
}

#[test]
fn the_recent_calls_survive_a_takeover_and_every_tab_keeps_them() {
    let mut b = Browser::signed_in(2);
    b.push(0, call("c1", "Dialing", "5551234", &["Hangup"]));
    b.push(0, call("c1", "Established", "5551234", &["Hangup"]));
    b.push(0, call("c1", "Released", "5551234", &[]));
    assert_eq!(b.tabs[1].view().recent.len(), 1);
    // The follower keeps them in its own sessionStorage too (a reload of it keeps them).
    let kept = b.tabs[1].take_stored().expect("written").expect("kept");
    assert!(kept.contains("\"id\":\"c1\""), "{kept}");
    assert_eq!(b.tabs[1].take_stored(), None, "written once");
    // The leader's tab closes; the follower takes over and starts its own session.
    b.close(0);
    assert_eq!(b.tabs[1].lead(b.now), Leadership::TakenOver);
    b.drain();
    b.session_found(1);
    let recent = b.tabs[1].view().recent;
    assert_eq!(recent.len(), 1, "the agent's recent calls are still there");
    assert_eq!(recent[0].call_id, "c1");
    assert!(recent[0].connected);
}

#[test]
fn a_follower_that_closes_answers_its_own_waiting_promises_and_says_goodbye() {
    let mut b = Browser::signed_in(2);
    let dial = b.intent(1, click("5551234"));
    b.close(1);
    assert!(matches!(b.settled(1, dial), Some(Err(e)) if e.code == ErrorCode::NotSignedIn));
    assert!(b.posted.last().unwrap().1.contains("\"bye\""));
    assert_eq!(b.tabs[0].role(), Role::Leader);
}

// ------------------------------------------------------------------ shared sign-in and sign-out

#[test]
fn signing_out_in_one_tab_signs_out_all_and_signing_in_in_another_signs_in_all() {
    let mut b = Browser::signed_in(3);
    let out = b.intent(2, Intent::SignOut);
    b.reply(
        0,
        Method::Post,
        "/api/v2/me",
        HttpReply::json(200, r#"{"statusCode":0}"#),
    );
    assert_eq!(b.settled(2, out), Some(&Ok(Settled::Done)));
    for tab in &b.tabs {
        assert_eq!(tab.view().phase, Phase::SignedOut { busy: false });
        assert!(!tab.accepts_clicks());
    }
    let login = b.intent(
        1,
        Intent::SignIn {
            user: "agent1".into(),
            password: "password".into(),
        },
    );
    assert_eq!(b.tabs[2].view().phase, Phase::SignedOut { busy: true });
    let probe = b.take(0, Method::Get, "/me?subresources");
    assert!(probe.header("Authorization").is_some());
    b.input(
        0,
        Input::Http {
            id: probe.id,
            result: Ok(with_csrf(HttpReply::json(200, &me("Ready", json!([]))))),
        },
    );
    assert_eq!(b.settled(1, login), Some(&Ok(Settled::Done)));
    for tab in &b.tabs {
        assert_eq!(tab.view().phase, Phase::Active);
    }
}

#[test]
fn an_intent_meant_for_another_agent_is_refused_not_carried_out() {
    let mut b = Browser::signed_in(2);
    let before = b.sent_http.len();
    let text = wire::encode(
        BASE,
        101,
        &Message::Intent {
            agent: Some("agent7".into()),
            id: Some(IntentId(9)),
            intent: Intent::SignOut,
        },
    );
    b.tabs[0].handle_channel(&text, b.now);
    b.drain();
    assert_eq!(b.sent_http.len(), before, "nothing was sent for agent7");
    let answer = b.posted.last().unwrap().1.clone();
    match wire::decode(BASE, &answer).unwrap().message {
        Message::Settle { to, id, result } => {
            assert_eq!((to, id), (101, IntentId(9)));
            assert_eq!(result.unwrap_err().code, ErrorCode::NotSignedIn);
        }
        other => panic!("{other:?}"),
    }
}

// ------------------------------------------------------------------ what is ignored

#[test]
fn malformed_foreign_or_future_messages_change_nothing() {
    let mut b = Browser::signed_in(2);
    let view = b.tabs[1].view();
    let good_state = b
        .posted
        .iter()
        .rev()
        .find(|(t, text)| *t == 0 && text.contains("\"state\""))
        .unwrap()
        .1
        .clone();
    let mut hostile: Vec<String> = vec![
        String::new(),
        "null".into(),
        "[]".into(),
        "{\"v\":1}".into(),
        good_state.replacen(
            &format!("\"v\":{}", wire::VERSION),
            &format!("\"v\":{}", wire::VERSION + 1),
            1,
        ),
        good_state.replace(BASE, "http://evil.test"),
        good_state.replacen("\"phase\":\"active\"", "\"phase\":\"owned\"", 1),
        good_state.replacen("\"clicks\":true", "\"clicks\":\"yes\"", 1),
        wire::encode(
            BASE,
            5,
            &Message::Event {
                to: 101,
                id: 1,
                sent: 0,
                name: "click".into(),
                detail: json!({}),
            },
        ),
        wire::encode(
            BASE,
            5,
            &Message::Settle {
                to: 101,
                id: IntentId(77),
                result: Ok(Settled::Done),
            },
        ),
    ];
    // Every truncation of a valid message.
    hostile.extend(
        (0..good_state.len())
            .step_by(7)
            .map(|n| good_state[..n].to_string()),
    );
    for text in &hostile {
        b.tabs[1].handle_channel(text, b.now);
        b.tabs[0].handle_channel(text, b.now);
    }
    b.drain();
    assert_eq!(b.tabs[1].view(), view);
    assert!(
        b.settled.is_empty(),
        "no promise answered by a forged message"
    );
    assert!(b.events.iter().all(|(_, name, _)| name != "click"));
}

#[test]
fn alone_a_tab_leads_at_once_and_never_posts() {
    let mut b = Browser::new(1, false);
    assert_eq!(b.tabs[0].role(), Role::Alone);
    b.input(0, Input::Start);
    b.session_found(0);
    let dial = b.intent(0, click("5551234"));
    b.reply(
        0,
        Method::Post,
        "/devices/dev-1/calls",
        HttpReply::json(200, r#"{"statusCode":0}"#),
    );
    b.push(0, call("c1", "Dialing", "5551234", &["Hangup"]));
    assert!(matches!(b.settled(0, dial), Some(Ok(Settled::Call(_)))));
    assert!(b.posted.is_empty());
    assert_eq!(b.call_events("Dialing"), vec![0]);
}

#[test]
fn a_leader_with_no_follower_encodes_nothing_and_a_tab_that_joins_gets_the_whole_state() {
    // One tab open (the usual case): it shares the channel but nobody listens yet.
    let mut b = Browser::new(2, true);
    b.gone.push(1); // the second tab is not open yet
    b.input(0, Input::Start);
    assert_eq!(b.tabs[0].lead(b.now), Leadership::First);
    b.drain();
    b.session_found(0);
    b.push(0, call("c1", "Ringing", "5003", &["Answer"]));
    let states = |b: &Browser| {
        b.posted
            .iter()
            .filter(|(t, text)| {
                *t == 0
                    && matches!(
                        wire::decode(BASE, text),
                        Some(Envelope {
                            message: Message::State(_),
                            ..
                        })
                    )
            })
            .count()
    };
    assert_eq!(states(&b), 0, "no follower: nothing published");
    // A second tab opens: its Hello is answered with the whole state, calls included.
    b.gone.clear();
    b.input(1, Input::Start);
    assert_eq!(states(&b), 1);
    assert_eq!(b.tabs[1].role(), Role::Follower);
    assert_eq!(b.tabs[1].view().calls.len(), 1);
    // From now on every change reaches it.
    b.push(0, call("c1", "Established", "5003", &["Hangup"]));
    assert!(states(&b) >= 2);
    assert_eq!(b.tabs[1].view().calls[0].state, "Established");
}

#[test]
fn a_problem_of_this_page_shows_in_this_tab_only_and_dismisses_locally() {
    let mut b = Browser::signed_in(2);
    b.input(
        1,
        Input::Problem(Text::raw("The scope \"#x\" matches nothing")),
    );
    assert!(b.tabs[1].view().error.is_some());
    assert_eq!(b.tabs[0].view().error, None);
    b.intent(1, Intent::Dismiss);
    assert_eq!(b.tabs[1].view().error, None);
    // A newer message from the desk replaces this page's own.
    b.input(1, Input::Problem(Msg::SignInToDial.into()));
    b.intent(1, click("call me maybe"));
    let shown = b.tabs[1].view().error.unwrap();
    assert!(shown.en().contains("call me maybe"), "{shown:?}");
    assert_eq!(b.tabs[0].view().error, Some(shown));
    // And in the leader too.
    b.input(0, Input::Problem(Text::raw("local to the leader")));
    assert_eq!(
        b.tabs[0].view().error,
        Some(Text::raw("local to the leader"))
    );
    b.intent(0, click("call me maybe"));
    assert!(
        b.tabs[0]
            .view()
            .error
            .unwrap()
            .en()
            .contains("call me maybe")
    );
}

// ------------------------------------------------------------------ the wire

#[test]
fn every_message_survives_the_wire_unchanged() {
    let view = View {
        heading: Msg::Heading.into(),
        phase: Phase::Active,
        agent: Some(AgentRow {
            name: "<b>Alice</b>".into(),
            number: "5001".into(),
            state: Text::new(
                Msg::AgentStateWithReason,
                vec![Msg::AgentNotReady.into(), "Lunch".into()],
            ),
            status: AgentStatus::Other("AuxWork".into()),
            actions: vec![AgentAction::Ready, AgentAction::NotReady],
            busy: false,
            choices: vec![AgentChoice {
                id: "s1".into(),
                label: Text::raw("Out to Lunch"),
            }],
            since_ms: 77,
            no_choices: true,
        }),
        connection: ConnectionRow {
            level: Level::Warn,
            text: Text::new(Msg::ConnReconnecting, vec![Arg::Num(3)]),
        },
        calls: vec![CallRow {
            id: "c1".into(),
            state: "Established".into(),
            state_label: Msg::StateConnected.into(),
            other_party: Some("+1 201 555 0123".into()),
            started_ms: 5,
            ended_ms: Some(9),
            user_data: vec![("k".into(), "{\"a\":1}".into())],
            controls: vec![
                Control::Hangup,
                Control::CancelConsult,
                Control::Hold,
                Control::Transfer,
                Control::SendDtmf,
            ],
            pending: vec!["Hold", "DeleteUserDataPair", "InitiateTransfer"],
            can_dtmf: true,
            can_attach: false,
            can_update: true,
            can_delete_pair: false,
            can_delete_all: true,
            released: false,
            muted: true,
            parties: vec!["5002".into(), "5003".into()],
            can_remove_party: true,
            consult_for: Some(Some("5004".into())),
            can_transfer: true,
            can_consult_transfer: false,
            can_conference: false,
            can_consult_conference: true,
        }],
        dial_in_flight: true,
        error: Some(Text::new(
            Msg::MaybePlaced,
            vec![Text::new(Msg::NetUnreachableDetail, vec!["x".into()]).into()],
        )),
        announcement: Some(Text::new(Msg::AnnConnected, vec!["5002".into()])),
        recent: vec![RecentRow {
            call_id: "c0".into(),
            number: "5557001".into(),
            direction: Direction::Inbound,
            connected: true,
            started_ms: 1,
            ended_ms: 2,
            disposition: Some("Sale".into()),
            wrap_up: false,
        }],
        dispositions: vec![("Sale".into(), "Sale made".into())],
        offer: Some(OfferRow {
            id: 3,
            number: Text::new(
                Msg::NumberWithExtension,
                vec!["+12015550123".into(), "22".into()],
            ),
            party: Some("5002".into()),
            call: false,
            transfer: true,
            conference: true,
        }),
    };
    let snapshot = CallSnapshot {
        id: "c1".into(),
        state: "Established".into(),
        call_uuid: Some("u".into()),
        call_type: None,
        other_party: Some("5002".into()),
        extension: Some("22".into()),
        participants: vec!["5002".into()],
        user_data: json!({"n": [1, {"b": null}]}).as_object().unwrap().clone(),
        capabilities: vec!["Hangup".into()],
        muted: false,
    };
    let mut data = serde_json::Map::new();
    data.insert("crm".into(), json!(42));
    let intents = vec![
        Intent::SignIn {
            user: "a".into(),
            password: "p\"w".into(),
        },
        Intent::Dial(DialIntent {
            target: DialTarget::Number {
                raw: "+1 201".into(),
                user_data: Some(data.clone()),
                location: Some("loc".into()),
            },
            source: DialSource::Click { detail: 2 },
        }),
        Intent::Dial(DialIntent {
            target: DialTarget::Number {
                raw: "5002".into(),
                user_data: None,
                location: None,
            },
            source: DialSource::Widget { detail: 1 },
        }),
        Intent::Offer {
            id: 3,
            choice: OfferChoice::Transfer,
        },
        Intent::Offer {
            id: 4,
            choice: OfferChoice::Cancel,
        },
        Intent::Dial(DialIntent {
            target: DialTarget::PreviewRecord {
                record: data.clone(),
            },
            source: DialSource::Api,
        }),
        Intent::Call {
            call_id: None,
            action: CallAction::Control(Control::Answer),
        },
        Intent::Call {
            call_id: Some("c".into()),
            action: CallAction::Control(Control::SendDtmf),
        },
        Intent::Call {
            call_id: Some("c".into()),
            action: CallAction::SendDtmf("1#".into()),
        },
        Intent::Call {
            call_id: Some("c".into()),
            action: CallAction::AttachUserData(data.clone()),
        },
        Intent::Call {
            call_id: Some("c".into()),
            action: CallAction::UpdateUserData(data.clone()),
        },
        Intent::Call {
            call_id: Some("c".into()),
            action: CallAction::DeleteUserDataPair("k".into()),
        },
        Intent::Call {
            call_id: Some("c".into()),
            action: CallAction::Control(Control::CancelConsult),
        },
        Intent::Call {
            call_id: Some("c".into()),
            action: CallAction::Control(Control::Transfer),
        },
        Intent::Call {
            call_id: Some("c".into()),
            action: CallAction::Transfer {
                destination: "5002".into(),
                consult: true,
            },
        },
        Intent::Call {
            call_id: None,
            action: CallAction::Conference {
                destination: "+1 201".into(),
                consult: false,
            },
        },
        Intent::Call {
            call_id: None,
            action: CallAction::RemoveParticipant("5003".into()),
        },
        Intent::AgentState(AgentAction::AfterCallWork),
        Intent::SetAgentState { id: "s1".into() },
        Intent::WrapUp {
            call_id: "c0".into(),
            code: Some("Sale".into()),
        },
        Intent::WrapUp {
            call_id: "c0".into(),
            code: None,
        },
        Intent::SignOut,
        Intent::Dismiss,
        Intent::Resync,
    ];
    let mut messages = vec![
        Message::Hello {
            visible: true,
            focused: false,
        },
        Message::Presence {
            visible: false,
            focused: true,
        },
        Message::Bye,
        Message::Lead,
        Message::State(Box::new(Published {
            seq: 3,
            agent: Some("agent1".into()),
            accepts_clicks: true,
            view: view.clone(),
            calls: vec![snapshot.clone()],
            stored: Some(r#"{"v":1,"user":"agent1","calls":[]}"#.into()),
        })),
        Message::State(Box::new(Published {
            seq: 4,
            agent: None,
            accepts_clicks: false,
            view: View::default(),
            calls: vec![],
            stored: None,
        })),
        Message::Settle {
            to: 7,
            id: IntentId(1),
            result: Ok(Settled::Done),
        },
        Message::Settle {
            to: 7,
            id: IntentId(2),
            result: Ok(Settled::Call(Box::new(snapshot))),
        },
        Message::Settle {
            to: 7,
            id: IntentId(3),
            result: Err(DeskError::new(ErrorCode::Interrupted, Msg::TabClosed)),
        },
        Message::Event {
            to: 7,
            id: 1,
            sent: 1_764_000_000_000,
            name: "gws-dialer:wrapup".into(),
            detail: json!({"callId": "c0", "code": "Sale"}),
        },
        Message::Event {
            to: 7,
            id: 2,
            sent: 0,
            name: "gws-dialer:call".into(),
            detail: json!({"change": "added"}),
        },
        Message::EventDone { to: 7, id: 2 },
    ];
    messages.extend(intents.into_iter().map(|intent| Message::Intent {
        agent: None,
        id: Some(IntentId(5)),
        intent,
    }));
    for message in messages {
        let text = wire::encode(BASE, 42, &message);
        assert_eq!(
            wire::decode(BASE, &text),
            Some(Envelope {
                from: 42,
                message: message.clone()
            }),
            "{text}"
        );
        assert_eq!(wire::decode("http://other.test", &text), None);
    }
}
