//! Handshake and the /meta/connect loop.

mod support;

use bayeux::{Action, ConnectionState, Input, TransportKind};
use serde_json::json;
use support::*;

#[test]
fn start_opens_the_preferred_transport_then_handshakes_alone() {
    let mut h = Harness::new(config());
    let actions = h.input(Input::Start);
    assert_eq!(
        state_changes(&actions),
        vec![ConnectionState::Connecting {
            transport: TransportKind::WebSocket
        }]
    );
    assert_eq!(open_request(&actions), Some(TransportKind::WebSocket));
    assert!(
        sends(&actions).is_empty(),
        "nothing is sent before the transport opens"
    );
    assert_eq!(timers_set(&actions), vec![NET_DELAY], "open timeout armed");

    let actions = h.input(Input::TransportOpened(TransportKind::WebSocket));
    let batches = sends(&actions);
    assert_eq!(batches.len(), 1);
    let (transport, messages) = &batches[0];
    assert_eq!(*transport, TransportKind::WebSocket);
    assert_eq!(messages.len(), 1, "a handshake travels alone");
    let hs = &messages[0];
    assert_eq!(hs.channel, "/meta/handshake");
    assert_eq!(hs.version.as_deref(), Some("1.0"));
    assert_eq!(hs.minimum_version.as_deref(), Some("1.0"));
    assert_eq!(
        hs.supported_connection_types,
        Some(vec!["websocket".to_string(), "long-polling".to_string()])
    );
    assert!(hs.id.is_some());
    assert_eq!(hs.client_id, None);
    assert_eq!(hs.ext, None);
    assert_eq!(
        timers_set(&actions),
        vec![NET_DELAY],
        "handshake reply timeout"
    );
    assert!(
        h.timers.len() == 1,
        "open timer was cancelled: {:?}",
        h.timers
    );
}

#[test]
fn handshake_ext_is_sent() {
    let mut h = Harness::new(bayeux::ClientConfig {
        handshake_ext: Some(json!({"auth": {"token": "t"}})),
        ..config()
    });
    h.start();
    assert_eq!(
        h.last_sent("/meta/handshake").ext,
        Some(json!({"auth": {"token": "t"}}))
    );
}

#[test]
fn connect_loop_keeps_exactly_one_connect_and_honours_interval() {
    let mut h = Harness::new(config());
    h.start();
    let actions = h.accept_handshake(BOTH);
    let connects = sent_on(&actions, "/meta/connect");
    assert_eq!(connects.len(), 1);
    let first = &connects[0];
    assert_eq!(first.client_id.as_deref(), Some("client-1"));
    assert_eq!(first.connection_type.as_deref(), Some("websocket"));
    assert_eq!(
        first.advice.as_ref().and_then(|a| a.timeout),
        Some(0),
        "first connect asks for an immediate answer"
    );
    assert!(timers_set(&actions).contains(&NET_DELAY));
    assert!(
        !h.client.state().is_connected(),
        "connected only after the connect reply"
    );

    // Reply with interval 2000: the next connect waits for a timer.
    let actions = h.accept_connect(2_000);
    assert_eq!(
        state_changes(&actions),
        vec![ConnectionState::Connected {
            transport: TransportKind::WebSocket
        }]
    );
    assert!(sent_on(&actions, "/meta/connect").is_empty());
    let wait = h.timer_with_delay(2_000);

    let actions = h.fire(wait);
    let connects = sent_on(&actions, "/meta/connect");
    assert_eq!(connects.len(), 1);
    assert_eq!(connects[0].advice, None, "held connect carries no advice");
    assert!(
        timers_set(&actions).contains(&(NET_DELAY + SERVER_TIMEOUT as u64)),
        "a held connect may take advice.timeout + max network delay"
    );
    assert!(
        state_changes(&actions).is_empty(),
        "no state change while connected"
    );

    // Interval 0: re-issued at once, still only one outstanding.
    let actions = h.accept_connect(0);
    assert_eq!(sent_on(&actions, "/meta/connect").len(), 1);
    assert!(state_changes(&actions).is_empty());
    assert_eq!(h.count_sent("/meta/connect"), 3);
    assert_eq!(h.count_sent("/meta/handshake"), 1);
}

#[test]
fn mixed_batches_deliver_data_and_process_replies() {
    let mut h = Harness::new(config());
    h.establish(BOTH);
    let wait = h.timer_with_delay(1_000);
    h.fire(wait);
    let req = h.last_sent("/meta/connect");
    let actions = h.receive(vec![
        data("/v2/me/calls", 1),
        connect_ok(&req),
        data("/v2/me/devices", 2),
    ]);
    let delivered: Vec<_> = actions
        .iter()
        .filter_map(|a| match a {
            Action::Deliver(m) => Some((m.channel.clone(), m.data.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        delivered,
        vec![
            ("/v2/me/calls".to_string(), Some(json!({"n": 1}))),
            ("/v2/me/devices".to_string(), Some(json!({"n": 2}))),
        ]
    );
    // The connect reply was consumed (advice from before: interval 1000 → timer).
    assert!(h.client.pending_requests().is_empty());
    h.timer_with_delay(1_000);
}

#[test]
fn replies_to_unknown_ids_are_ignored() {
    let mut h = Harness::new(config());
    h.establish(BOTH);
    let mut stray = connect_ok(&h.last_sent("/meta/connect"));
    stray.id = Some("999".into());
    let actions = h.receive(vec![stray]);
    assert!(sends(&actions).is_empty());
    assert!(state_changes(&actions).is_empty());
}

#[test]
fn connect_reply_without_id_still_matches_the_outstanding_connect() {
    let mut h = Harness::new(lp_config());
    h.start();
    h.accept_handshake(LP_ONLY);
    let mut reply = connect_ok(&h.last_sent("/meta/connect"));
    reply.id = None;
    h.receive(vec![reply]);
    assert!(h.client.state().is_connected());
}

#[test]
fn transport_opened_twice_does_not_handshake_twice() {
    let mut h = Harness::new(config());
    h.start();
    let actions = h.input(Input::TransportOpened(TransportKind::WebSocket));
    assert!(sends(&actions).is_empty());
    assert_eq!(h.count_sent("/meta/handshake"), 1);
}
