//! Disconnect and restart.

mod support;

use bayeux::{ConnectionState, Input, TransportKind};
use support::*;

fn stopped_reason(h: &Harness) -> String {
    match h.client.state() {
        ConnectionState::Stopped { reason } => reason.clone(),
        other => panic!("expected Stopped, got {other:?}"),
    }
}

#[test]
fn disconnect_sends_meta_disconnect_then_stops_without_retrying() {
    let mut h = Harness::new(config());
    h.establish(BOTH);
    let actions = h.input(Input::Disconnect);
    let d = sent_on(&actions, "/meta/disconnect");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].client_id.as_deref(), Some("client-1"));
    assert_eq!(h.timers.len(), 1, "only the disconnect reply timer");
    h.receive(vec![connect_ok(&d[0])]);
    assert!(stopped_reason(&h).contains("disconnected"));
    assert_eq!(h.closed, vec![TransportKind::WebSocket]);
    assert!(h.timers.is_empty());
    let sent_before = h.sent.len();
    // Nothing revives it: data, failures, stale replies.
    h.receive(vec![data("/v2/me/calls", 1)]);
    h.input(Input::TransportFailed {
        transport: TransportKind::WebSocket,
        reason: "closed".into(),
    });
    assert_eq!(h.sent.len(), sent_before);
    assert!(h.delivered.is_empty());
}

#[test]
fn disconnect_without_reply_still_stops() {
    let mut h = Harness::new(lp_config());
    h.establish(LP_ONLY);
    h.input(Input::Disconnect);
    h.fire(h.timer_with_delay(NET_DELAY));
    stopped_reason(&h);
    assert!(h.timers.is_empty());
}

#[test]
fn disconnect_during_backoff_cancels_the_retry() {
    let mut h = Harness::new(lp_config());
    h.start();
    let req = h.last_sent("/meta/handshake");
    h.receive(vec![handshake_failed(&req, "500::busy")]);
    assert_eq!(h.timers.len(), 1);
    h.input(Input::Disconnect);
    stopped_reason(&h);
    assert!(h.timers.is_empty());
    assert_eq!(
        h.count_sent("/meta/disconnect"),
        0,
        "no session to disconnect"
    );
}

#[test]
fn restart_after_disconnect_replays_subscriptions() {
    let mut h = Harness::new(lp_config());
    h.input(Input::Subscribe("/v2/me/calls".into()));
    h.establish(LP_ONLY);
    h.input(Input::Disconnect);
    let d = h.last_sent("/meta/disconnect");
    h.receive(vec![connect_ok(&d)]);
    h.input(Input::Start);
    h.input(Input::TransportOpened(TransportKind::LongPolling));
    let actions = h.accept_handshake(LP_ONLY);
    assert_eq!(sent_on(&actions, "/meta/subscribe").len(), 1);
}

#[test]
fn disconnect_before_start_stops() {
    let mut h = Harness::new(config());
    let actions = h.input(Input::Disconnect);
    assert!(sends(&actions).is_empty());
    stopped_reason(&h);
}
