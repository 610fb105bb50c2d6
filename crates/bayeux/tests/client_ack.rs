//! The CometD ack extension.

mod support;

use bayeux::{ClientConfig, Input, Reconnect};
use serde_json::json;
use support::*;

fn ack_config() -> ClientConfig {
    ClientConfig {
        ack_extension: true,
        ..lp_config()
    }
}

#[test]
fn handshake_asks_and_connects_carry_the_last_batch_id() {
    let mut h = Harness::new(ClientConfig {
        handshake_ext: Some(json!({"token": "t"})),
        ..ack_config()
    });
    h.start();
    let hs = h.last_sent("/meta/handshake");
    assert_eq!(hs.ext, Some(json!({"token": "t", "ack": true})));
    h.receive(vec![with_ext(
        handshake_ok(&hs, "c", LP_ONLY),
        json!({"ack": true}),
    )]);
    assert!(h.client.ack_enabled());
    assert_eq!(h.last_sent("/meta/connect").ext, Some(json!({"ack": 0})));

    let req = h.last_sent("/meta/connect");
    h.receive(vec![
        data("/v2/me/calls", 1),
        with_ext(connect_ok(&req), json!({"ack": 5})),
    ]);
    assert_eq!(h.last_sent("/meta/connect").ext, Some(json!({"ack": 5})));
    // A connect reply without ack keeps the last batch.
    let req = h.last_sent("/meta/connect");
    h.receive(vec![connect_ok(&req)]);
    assert_eq!(h.last_sent("/meta/connect").ext, Some(json!({"ack": 5})));
}

#[test]
fn new_format_handshake_reply_sets_the_starting_batch() {
    let mut h = Harness::new(ack_config());
    h.start();
    let hs = h.last_sent("/meta/handshake");
    h.receive(vec![with_ext(
        handshake_ok(&hs, "c", LP_ONLY),
        json!({"ack": {"enabled": true, "batch": 3}}),
    )]);
    assert_eq!(h.last_sent("/meta/connect").ext, Some(json!({"ack": 3})));
}

#[test]
fn server_without_ack_support_gets_no_ack_on_connect() {
    let mut h = Harness::new(ack_config());
    h.start();
    h.accept_handshake(LP_ONLY);
    assert!(!h.client.ack_enabled());
    assert_eq!(h.last_sent("/meta/connect").ext, None);
}

#[test]
fn ack_off_sends_no_ext() {
    let mut h = Harness::new(lp_config());
    h.start();
    assert_eq!(h.last_sent("/meta/handshake").ext, None);
}

#[test]
fn rehandshake_resets_the_batch() {
    let mut h = Harness::new(ack_config());
    h.start();
    let hs = h.last_sent("/meta/handshake");
    h.receive(vec![with_ext(
        handshake_ok(&hs, "c", LP_ONLY),
        json!({"ack": true}),
    )]);
    let req = h.last_sent("/meta/connect");
    h.receive(vec![with_advice(
        with_ext(connect_ok(&req), json!({"ack": 9})),
        advice(Reconnect::Handshake),
    )]);
    let hs = h.last_sent("/meta/handshake");
    assert_eq!(hs.ext, Some(json!({"ack": true})));
    h.receive(vec![with_ext(
        handshake_ok(&hs, "c2", LP_ONLY),
        json!({"ack": true}),
    )]);
    assert_eq!(h.last_sent("/meta/connect").ext, Some(json!({"ack": 0})));
    let _ = Input::Start;
}
