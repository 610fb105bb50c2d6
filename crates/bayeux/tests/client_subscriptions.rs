//! Subscribe / unsubscribe, queueing and replay.

mod support;

use bayeux::{Advice, Input, Reconnect, Subscription, TransportKind};
use support::*;

fn subscription_of(m: &bayeux::Message) -> String {
    match &m.subscription {
        Some(Subscription::One(c)) => c.clone(),
        other => panic!("unexpected subscription {other:?}"),
    }
}

#[test]
fn subscriptions_before_start_are_sent_after_the_handshake() {
    let mut h = Harness::new(config());
    let actions = h.input(Input::Subscribe("/v2/me/calls".into()));
    assert!(sends(&actions).is_empty(), "queued while not connected");
    h.input(Input::Subscribe("/v2/me/devices".into()));
    h.start();
    assert_eq!(h.count_sent("/meta/subscribe"), 0, "not with the handshake");

    let actions = h.accept_handshake(BOTH);
    let batches = sends(&actions);
    assert_eq!(batches.len(), 2, "subscribes and connect go separately");
    let subs: Vec<String> = batches[0].1.iter().map(subscription_of).collect();
    assert_eq!(subs, vec!["/v2/me/calls", "/v2/me/devices"]);
    assert!(
        batches[0]
            .1
            .iter()
            .all(|m| m.client_id.as_deref() == Some("client-1") && m.id.is_some())
    );
    assert_eq!(batches[1].1[0].channel, "/meta/connect");

    let req = batches[0].1[0].clone();
    h.receive(vec![subscribe_ok(&req)]);
    assert_eq!(h.sub_events, vec![("/v2/me/calls".to_string(), true, None)]);
    assert!(h.client.is_subscribed("/v2/me/calls"));
    assert!(!h.client.is_subscribed("/v2/me/devices"));
}

#[test]
fn subscribe_while_connected_is_immediate_and_wildcards_deliver() {
    let mut h = Harness::new(config());
    h.establish(BOTH);
    let actions = h.input(Input::Subscribe("/v2/me/*".into()));
    let subs = sent_on(&actions, "/meta/subscribe");
    assert_eq!(subs.len(), 1);
    assert_eq!(subscription_of(&subs[0]), "/v2/me/*");
    h.receive(vec![subscribe_ok(&subs[0])]);
    assert!(h.client.is_subscribed("/v2/me/*"));
    h.receive(vec![data("/v2/me/calls", 1)]);
    assert_eq!(h.delivered.len(), 1);
    assert_eq!(h.delivered[0].channel, "/v2/me/calls");
}

#[test]
fn unsubscribe_sends_and_reports() {
    let mut h = Harness::new(config());
    h.establish(BOTH);
    let sub = sent_on(
        &h.input(Input::Subscribe("/v2/me/calls".into())),
        "/meta/subscribe",
    )
    .remove(0);
    h.receive(vec![subscribe_ok(&sub)]);
    let actions = h.input(Input::Unsubscribe("/v2/me/calls".into()));
    let unsubs = sent_on(&actions, "/meta/unsubscribe");
    assert_eq!(unsubs.len(), 1);
    assert_eq!(subscription_of(&unsubs[0]), "/v2/me/calls");
    h.receive(vec![subscribe_ok(&unsubs[0])]);
    assert_eq!(
        h.sub_events.last(),
        Some(&("/v2/me/calls".to_string(), false, None))
    );
    assert!(!h.client.is_subscribed("/v2/me/calls"));
    assert!(h.client.subscriptions().is_empty());
}

#[test]
fn unsubscribe_during_subscribe_in_flight_unsubscribes_after_the_reply() {
    let mut h = Harness::new(config());
    h.establish(BOTH);
    let sub = sent_on(&h.input(Input::Subscribe("/a".into())), "/meta/subscribe").remove(0);
    let actions = h.input(Input::Unsubscribe("/a".into()));
    assert!(sends(&actions).is_empty(), "waits for the subscribe reply");
    let actions = h.receive(vec![subscribe_ok(&sub)]);
    assert_eq!(sent_on(&actions, "/meta/unsubscribe").len(), 1);
}

#[test]
fn refused_subscription_is_reported_and_not_retried() {
    let mut h = Harness::new(config());
    h.establish(BOTH);
    let sub = sent_on(
        &h.input(Input::Subscribe("/secret".into())),
        "/meta/subscribe",
    )
    .remove(0);
    h.receive(vec![failed(&sub, "403:/secret:Permission Denied")]);
    assert_eq!(
        h.sub_events,
        vec![(
            "/secret".to_string(),
            false,
            Some("403:/secret:Permission Denied".to_string())
        )]
    );
    // The next successful connect reconciles: nothing to resend.
    let wait = h.timer_with_delay(1_000);
    h.fire(wait);
    h.accept_connect(1_000);
    assert_eq!(h.count_sent("/meta/subscribe"), 1);
}

#[test]
fn subscriptions_are_replayed_after_a_server_requested_rehandshake() {
    let mut h = Harness::new(config());
    h.input(Input::Subscribe("/v2/me/calls".into()));
    h.input(Input::Subscribe("/v2/me/*".into()));
    h.establish(BOTH);
    for m in sent_on_all(&h, "/meta/subscribe") {
        h.receive(vec![subscribe_ok(&m)]);
    }
    assert_eq!(h.count_sent("/meta/subscribe"), 2);

    let wait = h.timer_with_delay(1_000);
    h.fire(wait);
    let req = h.last_sent("/meta/connect");
    let actions = h.receive(vec![with_advice(
        connect_ok(&req),
        Advice::reconnect(Reconnect::Handshake),
    )]);
    assert_eq!(sent_on(&actions, "/meta/handshake").len(), 1);
    assert!(
        !h.client.is_subscribed("/v2/me/calls"),
        "new session starts empty"
    );

    let actions = h.accept_handshake(BOTH);
    let subs: Vec<String> = sent_on(&actions, "/meta/subscribe")
        .iter()
        .map(subscription_of)
        .collect();
    assert_eq!(subs, vec!["/v2/me/calls", "/v2/me/*"]);
    assert!(
        sent_on(&actions, "/meta/subscribe")
            .iter()
            .all(|m| m.client_id.as_deref() == Some("client-2"))
    );
}

#[test]
fn subscribe_while_reconnecting_is_queued_until_the_connection_is_back() {
    let mut h = Harness::new(config());
    h.establish(BOTH);
    h.input(Input::TransportFailed {
        transport: TransportKind::WebSocket,
        reason: "closed 1006".into(),
    });
    let actions = h.input(Input::Subscribe("/v2/me/calls".into()));
    assert!(sends(&actions).is_empty());
    // Retry: reopen the WebSocket, connect on the same session, subscribe goes out too.
    h.fire_scheduled();
    let actions = h.input(Input::TransportOpened(TransportKind::WebSocket));
    assert_eq!(sent_on(&actions, "/meta/subscribe").len(), 1);
    assert_eq!(sent_on(&actions, "/meta/connect").len(), 1);
    assert_eq!(sent_on(&actions, "/meta/handshake").len(), 0);
}

fn sent_on_all(h: &Harness, channel: &str) -> Vec<bayeux::Message> {
    h.sent
        .iter()
        .flat_map(|(_, ms)| ms.iter())
        .filter(|m| m.channel == channel)
        .cloned()
        .collect()
}
