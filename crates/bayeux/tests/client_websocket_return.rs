//! After a fallback to long-polling: a WebSocket that worked is tried again at every
//! later handshake; one that never worked is not (like CometD's JavaScript client).

mod support;

use bayeux::{Action, ClientConfig, ConnectionState, Input, Message, Reconnect, TransportKind};
use support::*;

const WS: TransportKind = TransportKind::WebSocket;
const LP: TransportKind = TransportKind::LongPolling;
const CALLS: &str = "/v2/me/calls";

fn ws_failed(reason: &str) -> Input {
    Input::TransportFailed {
        transport: WS,
        reason: reason.into(),
    }
}

fn closes(actions: &[Action]) -> Vec<TransportKind> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::CloseTransport(t) => Some(*t),
            _ => None,
        })
        .collect()
}

fn offered(handshake: &Message) -> Vec<String> {
    handshake
        .supported_connection_types
        .clone()
        .expect("a handshake lists its transports")
}

/// Subscribed to `CALLS` on a session over a WebSocket that worked.
fn session_on_websocket() -> Harness {
    let mut h = Harness::new(config());
    h.input(Input::Subscribe(CALLS.into()));
    h.establish(BOTH);
    let sub = h.last_sent("/meta/subscribe");
    h.receive(vec![subscribe_ok(&sub)]);
    assert_eq!(
        h.client.state(),
        &ConnectionState::Connected { transport: WS }
    );
    assert!(h.client.websocket_worked());
    h
}

/// The server goes away: the WebSocket drops, then fails to reopen twice (three
/// failures in a row): the client falls back to long-polling. Returns the actions
/// of the third failure.
fn outage_until_fallback(h: &mut Harness) -> Vec<Action> {
    let actions = h.input(ws_failed("closed 1006"));
    assert!(open_request(&actions).is_none(), "backs off first");
    for n in 2..=3 {
        let actions = h.fire_scheduled();
        assert_eq!(open_request(&actions), Some(WS), "retry {n} on WebSocket");
        let actions = h.input(ws_failed("connection refused"));
        if n == 3 {
            assert_eq!(open_request(&actions), Some(LP), "falls back at once");
            return actions;
        }
        assert!(open_request(&actions).is_none());
    }
    unreachable!()
}

/// Long-polling opened after a fallback: the handshake goes out over it.
fn fallback_handshake(h: &mut Harness) -> Message {
    let actions = h.input(Input::TransportOpened(LP));
    let (transport, messages) = sends(&actions).remove(0);
    assert_eq!(transport, LP);
    assert_eq!(messages[0].channel, "/meta/handshake");
    messages[0].clone()
}

/// A session on long-polling after a fallback from a WebSocket that worked
/// (the server came back and offers both transports).
fn session_on_long_polling_after_fallback() -> Harness {
    let mut h = session_on_websocket();
    outage_until_fallback(&mut h);
    let hs = fallback_handshake(&mut h);
    assert_eq!(
        offered(&hs),
        vec!["long-polling"],
        "the fallback handshake does not offer the WebSocket"
    );
    let actions = h.accept_handshake(BOTH);
    assert!(
        open_request(&actions).is_none() && closes(&actions).is_empty(),
        "the fallback session stays on long-polling although the server offers both"
    );
    let connect = sent_on(&actions, "/meta/connect").remove(0);
    assert_eq!(connect.connection_type.as_deref(), Some("long-polling"));
    assert!(sends(&actions).iter().all(|(t, _)| *t == LP));
    h.accept_connect(1_000);
    let sub = h.last_sent("/meta/subscribe");
    h.receive(vec![subscribe_ok(&sub)]);
    assert_eq!(
        h.client.state(),
        &ConnectionState::Connected { transport: LP }
    );
    assert!(!h.client.websocket_disabled());
    assert!(h.client.websocket_worked());
    h
}

/// The re-handshake has just asked for the WebSocket: it opens, the handshake goes
/// over it, and the new session (with the subscription replayed) runs on it.
fn back_on_websocket(h: &mut Harness, reopen: &[Action]) {
    assert_eq!(open_request(reopen), Some(WS), "WebSocket first again");
    assert!(
        sends(reopen).is_empty(),
        "nothing sent before the WebSocket is open"
    );
    let actions = h.input(Input::TransportOpened(WS));
    let (transport, messages) = sends(&actions).remove(0);
    assert_eq!(transport, WS);
    assert_eq!(messages[0].channel, "/meta/handshake");
    assert_eq!(offered(&messages[0]), vec!["websocket", "long-polling"]);
    let actions = h.accept_handshake(BOTH);
    assert!(open_request(&actions).is_none());
    assert!(
        sends(&actions).iter().all(|(t, _)| *t == WS),
        "{:?}",
        sends(&actions)
    );
    let connect = sent_on(&actions, "/meta/connect").remove(0);
    assert_eq!(connect.connection_type.as_deref(), Some("websocket"));
    let client_id = connect.client_id.clone();
    let sub = sent_on(&actions, "/meta/subscribe").remove(0);
    assert_eq!(
        sub.client_id, client_id,
        "subscription replayed on the new session"
    );
    h.accept_connect(1_000);
    h.receive(vec![subscribe_ok(&sub)]);
    assert_eq!(
        h.client.state(),
        &ConnectionState::Connected { transport: WS }
    );
    assert!(h.client.is_subscribed(CALLS));
    // A data message over the WebSocket reaches the application.
    h.receive(vec![data(CALLS, 1)]);
    assert_eq!(h.delivered.last().map(|m| m.channel.as_str()), Some(CALLS));
}

#[test]
fn websocket_that_worked_is_tried_again_after_a_server_restart_on_long_polling() {
    let mut h = session_on_long_polling_after_fallback();
    let closed_before = h.closed.len();

    // The long-polling session keeps going...
    h.fire(h.timer_with_delay(1_000));
    h.accept_connect(1_000);
    // ...until the server restarts and no longer knows the client.
    h.fire(h.timer_with_delay(1_000));
    let req = h.last_sent("/meta/connect");
    let actions = h.receive(vec![failed(&req, "402::Unknown client")]);
    assert!(
        open_request(&actions).is_none(),
        "waits advice.interval first"
    );
    let actions = h.fire_scheduled();
    assert_eq!(
        h.closed[closed_before..],
        [LP],
        "long-polling is closed (outstanding POSTs aborted) before switching"
    );
    assert_eq!(closes(&actions), vec![LP]);
    back_on_websocket(&mut h, &actions);
    assert!(!h.client.websocket_disabled());

    // Back on a working WebSocket, its failure count starts over: one drop is retried
    // on the WebSocket with backoff, not a fallback.
    let actions = h.input(ws_failed("closed 1006"));
    assert!(open_request(&actions).is_none());
    let actions = h.fire_scheduled();
    assert_eq!(open_request(&actions), Some(WS));
}

#[test]
fn websocket_that_worked_is_tried_again_when_the_server_advises_a_handshake() {
    let mut h = session_on_long_polling_after_fallback();
    h.fire(h.timer_with_delay(1_000));
    let req = h.last_sent("/meta/connect");
    let actions = h.receive(vec![with_advice(
        connect_ok(&req),
        advice(Reconnect::Handshake),
    )]);
    assert_eq!(closes(&actions), vec![LP]);
    back_on_websocket(&mut h, &actions);
}

#[test]
fn websocket_that_fails_again_when_retried_falls_back_at_once() {
    let mut h = session_on_long_polling_after_fallback();
    h.fire(h.timer_with_delay(1_000));
    let req = h.last_sent("/meta/connect");
    let actions = h.receive(vec![with_advice(
        connect_ok(&req),
        advice(Reconnect::Handshake),
    )]);
    assert_eq!(open_request(&actions), Some(WS));
    // Still no WebSocket here (e.g. a proxy that now blocks it): straight back to
    // long-polling, without backoff and without offering the WebSocket.
    let actions = h.input(ws_failed("blocked"));
    assert_eq!(open_request(&actions), Some(LP));
    assert!(h.timers.len() == 1, "only the open timer: {:?}", h.timers);
    let hs = fallback_handshake(&mut h);
    assert_eq!(offered(&hs), vec!["long-polling"]);
    h.accept_handshake(BOTH);
    h.accept_connect(1_000);
    assert_eq!(
        h.client.state(),
        &ConnectionState::Connected { transport: LP }
    );
    assert!(!h.client.websocket_disabled());
}

#[test]
fn during_a_long_outage_each_handshake_retry_tries_websocket_then_long_polling() {
    let mut h = session_on_websocket();
    outage_until_fallback(&mut h);
    fallback_handshake(&mut h);
    // The server is still down: the long-polling handshake POST fails.
    let actions = h.input(Input::TransportFailed {
        transport: LP,
        reason: "TypeError: Failed to fetch".into(),
    });
    assert!(open_request(&actions).is_none(), "backs off");
    assert!(matches!(
        h.client.state(),
        ConnectionState::Reconnecting { .. }
    ));
    // The retried handshake tries the WebSocket first...
    let actions = h.fire_scheduled();
    assert_eq!(open_request(&actions), Some(WS));
    assert!(
        closes(&actions).is_empty(),
        "long-polling failed already: nothing left to abort"
    );
    // ...which still fails: long-polling again at once.
    let actions = h.input(ws_failed("connection refused"));
    assert_eq!(open_request(&actions), Some(LP));
    fallback_handshake(&mut h);
    // The long-polling handshake POST gets a 503: next retry, WebSocket first again,
    // and this time the server is back.
    let hs = h.last_sent("/meta/handshake");
    h.input(Input::RequestFailed {
        message_ids: vec![hs.id.clone().expect("id")],
        reason: "HTTP 503".into(),
    });
    let actions = h.fire_scheduled();
    assert_eq!(
        closes(&actions),
        vec![LP],
        "long-polling closed before switching"
    );
    back_on_websocket(&mut h, &actions);
}

#[test]
fn restart_after_a_fallback_tries_websocket_first() {
    let mut h = session_on_long_polling_after_fallback();
    h.input(Input::Disconnect);
    let d = h.last_sent("/meta/disconnect");
    h.receive(vec![connect_ok(&d)]);
    assert!(matches!(h.client.state(), ConnectionState::Stopped { .. }));
    let actions = h.input(Input::Start);
    back_on_websocket(&mut h, &actions);
}

/// Subscribed to `CALLS` on long-polling after a WebSocket that never opened.
fn session_on_long_polling_websocket_never_worked() -> Harness {
    let mut h = Harness::new(config());
    h.input(Input::Subscribe(CALLS.into()));
    h.input(Input::Start);
    let actions = h.input(ws_failed("blocked by the proxy"));
    assert_eq!(open_request(&actions), Some(LP));
    let hs = fallback_handshake(&mut h);
    assert_eq!(offered(&hs), vec!["long-polling"]);
    h.accept_handshake(BOTH);
    h.accept_connect(1_000);
    let sub = h.last_sent("/meta/subscribe");
    h.receive(vec![subscribe_ok(&sub)]);
    assert_eq!(
        h.client.state(),
        &ConnectionState::Connected { transport: LP }
    );
    assert!(h.client.websocket_disabled());
    assert!(!h.client.websocket_worked());
    h
}

/// No WebSocket was opened after the first one, everything went over long-polling.
fn assert_stays_on_long_polling(h: &Harness) {
    assert_eq!(h.opened.iter().filter(|t| **t == WS).count(), 1);
    assert!(
        h.sent.iter().skip(1).all(|(t, _)| *t == LP),
        "everything went over long-polling: {:?}",
        h.sent
    );
}

#[test]
fn websocket_that_never_worked_is_not_tried_again_at_rehandshakes() {
    let mut h = session_on_long_polling_websocket_never_worked();

    // Server advice "handshake": a new handshake, still over long-polling.
    h.fire(h.timer_with_delay(1_000));
    let req = h.last_sent("/meta/connect");
    let actions = h.receive(vec![with_advice(
        connect_ok(&req),
        advice(Reconnect::Handshake),
    )]);
    assert!(open_request(&actions).is_none());
    let hs = sent_on(&actions, "/meta/handshake").remove(0);
    assert_eq!(sends(&actions)[0].0, LP);
    assert_eq!(offered(&hs), vec!["long-polling"]);
    h.accept_handshake(BOTH);
    h.accept_connect(1_000);
    assert_eq!(
        h.client.state(),
        &ConnectionState::Connected { transport: LP }
    );

    // Server restart: the held POST fails, the handshake retried after 402 fails once
    // more, then succeeds: all over long-polling.
    h.fire(h.timer_with_delay(1_000));
    h.input(Input::TransportFailed {
        transport: LP,
        reason: "TypeError: Failed to fetch".into(),
    });
    let actions = h.fire_scheduled();
    assert_eq!(open_request(&actions), Some(LP));
    h.input(Input::TransportOpened(LP));
    let req = h.last_sent("/meta/connect");
    h.receive(vec![failed(&req, "402::Unknown client")]);
    h.fire_scheduled();
    let hs = h.last_sent("/meta/handshake");
    h.receive(vec![handshake_failed(&hs, "500::starting")]);
    let actions = h.fire_scheduled();
    assert!(open_request(&actions).is_none());
    h.accept_handshake(BOTH);
    h.accept_connect(1_000);
    assert_eq!(
        h.client.state(),
        &ConnectionState::Connected { transport: LP }
    );
    assert_eq!(h.count_sent("/meta/handshake"), 4);
    assert!(
        h.closed.is_empty(),
        "long-polling never closed for a switch: {:?}",
        h.closed
    );
    assert_stays_on_long_polling(&h);

    // And after a restart of the client.
    h.input(Input::Disconnect);
    let d = h.last_sent("/meta/disconnect");
    h.receive(vec![connect_ok(&d)]);
    let actions = h.input(Input::Start);
    assert_eq!(open_request(&actions), Some(LP));
    assert_stays_on_long_polling(&h);
}

#[test]
fn websocket_that_opens_but_breaks_before_any_successful_reply_never_worked() {
    let mut h = Harness::new(config());
    h.start();
    // The socket opened and the handshake went out, but it breaks before any reply
    // (e.g. a proxy that accepts the upgrade and then drops the frames).
    assert_eq!(h.count_sent("/meta/handshake"), 1);
    let actions = h.input(ws_failed("closed 1006"));
    assert_eq!(open_request(&actions), Some(LP));
    assert!(h.client.websocket_disabled());
    assert!(!h.client.websocket_worked());
    fallback_handshake(&mut h);
    h.accept_handshake(BOTH);
    h.accept_connect(1_000);
    h.fire(h.timer_with_delay(1_000));
    let req = h.last_sent("/meta/connect");
    let actions = h.receive(vec![failed(&req, "402::Unknown client")]);
    assert!(open_request(&actions).is_none());
    let actions = h.fire_scheduled();
    assert!(open_request(&actions).is_none(), "no WebSocket again");
    assert_eq!(sent_on(&actions, "/meta/handshake").len(), 1);
    assert_eq!(sends(&actions)[0].0, LP);
}

#[test]
fn websocket_refused_handshake_does_not_count_as_working() {
    let mut h = Harness::new(config());
    h.start();
    let hs = h.last_sent("/meta/handshake");
    h.receive(vec![handshake_failed(&hs, "403::denied")]);
    assert!(!h.client.websocket_worked());
    h.fire_scheduled();
    h.accept_handshake(BOTH);
    assert!(
        h.client.websocket_worked(),
        "a successful handshake over the WebSocket"
    );
}

#[test]
fn websocket_only_config_never_falls_back() {
    let mut h = Harness::new(ClientConfig {
        transports: vec![WS],
        ..config()
    });
    h.establish(&["websocket"]);
    for _ in 0..5 {
        h.input(ws_failed("closed 1006"));
        let actions = h.fire_scheduled();
        assert_eq!(open_request(&actions), Some(WS));
    }
    assert!(!h.opened.contains(&LP));
}
