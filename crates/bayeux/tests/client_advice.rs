//! Server advice, 402 re-handshake, backoff and request timeouts.

mod support;

use bayeux::{Advice, ConnectionState, Input, Reconnect};
use support::*;

fn reconnecting(h: &Harness) -> (u32, u64, String) {
    match h.client.state() {
        ConnectionState::Reconnecting {
            attempt,
            delay_ms,
            reason,
        } => (*attempt, *delay_ms, reason.clone()),
        other => panic!("expected Reconnecting, got {other:?}"),
    }
}

/// Jittered delay bounds for attempt n with the test config (1000 · 2^(n-1), cap 8000, 25 %).
fn bounds(attempt: u32) -> (u64, u64) {
    let base = (1_000u64 << (attempt - 1).min(10)).min(8_000);
    (base - base / 4, base)
}

#[test]
fn advice_none_stops_for_good() {
    let mut h = Harness::new(config());
    h.establish(BOTH);
    h.fire(h.timer_with_delay(1_000));
    let req = h.last_sent("/meta/connect");
    let actions = h.receive(vec![with_advice(connect_ok(&req), advice(Reconnect::None))]);
    assert!(matches!(h.client.state(), ConnectionState::Stopped { .. }));
    assert!(sends(&actions).is_empty());
    assert!(h.timers.is_empty(), "no timer left armed: {:?}", h.timers);
    assert_eq!(h.closed, vec![bayeux::TransportKind::WebSocket]);
}

#[test]
fn unsuccessful_connect_with_advice_none_stops() {
    let mut h = Harness::new(lp_config());
    h.establish(LP_ONLY);
    h.fire(h.timer_with_delay(1_000));
    let req = h.last_sent("/meta/connect");
    h.receive(vec![with_advice(
        failed(&req, "500::Server going away"),
        advice(Reconnect::None),
    )]);
    match h.client.state() {
        ConnectionState::Stopped { reason } => assert!(reason.contains("Server going away")),
        other => panic!("{other:?}"),
    }
    assert!(h.timers.is_empty());
}

#[test]
fn advice_handshake_rehandshakes_at_once() {
    let mut h = Harness::new(lp_config());
    h.establish(LP_ONLY);
    h.fire(h.timer_with_delay(1_000));
    let req = h.last_sent("/meta/connect");
    let actions = h.receive(vec![with_advice(
        failed(&req, "402::Unknown client"),
        advice(Reconnect::Handshake),
    )]);
    assert_eq!(sent_on(&actions, "/meta/handshake").len(), 1);
    assert!(h.client.client_id().is_none());
}

#[test]
fn unknown_client_402_rehandshakes_and_resubscribes() {
    let mut h = Harness::new(lp_config());
    h.input(Input::Subscribe("/v2/me/calls".into()));
    h.establish(LP_ONLY);
    let sub = h.last_sent("/meta/subscribe");
    h.receive(vec![subscribe_ok(&sub)]);

    h.fire(h.timer_with_delay(1_000));
    let req = h.last_sent("/meta/connect");
    // No advice at all: the error code alone must trigger the re-handshake, after the
    // current advice.interval (1000 here) and without backoff, as CometD does.
    h.receive(vec![failed(&req, "402::Unknown client")]);
    assert_eq!(reconnecting(&h).1, 1_000);
    let actions = h.fire(h.timer_with_delay(1_000));
    assert_eq!(sent_on(&actions, "/meta/handshake").len(), 1);
    let actions = h.accept_handshake(LP_ONLY);
    let subs = sent_on(&actions, "/meta/subscribe");
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].client_id.as_deref(), Some("client-2"));
    let connects = sent_on(&actions, "/meta/connect");
    assert_eq!(connects[0].client_id.as_deref(), Some("client-2"));

    // A second 402 before any successful connect backs off instead of looping.
    let req = h.last_sent("/meta/connect");
    let actions = h.receive(vec![failed(&req, "402::Unknown client")]);
    assert!(sent_on(&actions, "/meta/handshake").is_empty());
    let (attempt, delay, reason) = reconnecting(&h);
    assert_eq!(attempt, 2);
    let (lo, hi) = bounds(2);
    assert!((lo..=hi).contains(&delay), "{delay}");
    assert!(reason.contains("402"), "{reason}");
}

#[test]
fn unknown_client_on_subscribe_rehandshakes() {
    let mut h = Harness::new(lp_config());
    h.establish(LP_ONLY);
    let sub = sent_on(
        &h.input(Input::Subscribe("/v2/me/calls".into())),
        "/meta/subscribe",
    )
    .remove(0);
    let actions = h.receive(vec![with_advice(
        failed(&sub, "402::Unknown client"),
        Advice::retry(0, 30_000),
    )]);
    assert_eq!(sent_on(&actions, "/meta/handshake").len(), 1);
    let actions = h.accept_handshake(LP_ONLY);
    assert_eq!(
        sent_on(&actions, "/meta/subscribe").len(),
        1,
        "still wanted: replayed"
    );
    // The old outstanding connect's late reply is ignored (no second connect).
    assert_eq!(
        h.client
            .pending_requests()
            .iter()
            .filter(|(_, c)| *c == "/meta/connect")
            .count(),
        1
    );
}

#[test]
fn connect_failure_without_advice_backs_off_then_resets_after_success() {
    let mut h = Harness::new(lp_config());
    h.establish(LP_ONLY);
    h.fire(h.timer_with_delay(1_000));
    let req = h.last_sent("/meta/connect");
    // The reply carries empty advice: no interval, so the delay is pure backoff.
    let actions = h.receive(vec![with_advice(
        failed(&req, "500::boom"),
        Advice::default(),
    )]);
    assert!(sent_on(&actions, "/meta/connect").is_empty());
    let (attempt, delay, _) = reconnecting(&h);
    assert_eq!(attempt, 1);
    let (lo, hi) = bounds(1);
    assert!((lo..=hi).contains(&delay), "{delay}");

    let actions = h.fire(h.timer_with_delay(delay));
    let connects = sent_on(&actions, "/meta/connect");
    assert_eq!(connects.len(), 1);
    assert_eq!(
        connects[0].advice.as_ref().and_then(|a| a.timeout),
        Some(0),
        "after a failure the connect asks for an immediate answer"
    );
    assert_eq!(
        connects[0].client_id.as_deref(),
        Some("client-1"),
        "same session"
    );
    h.accept_connect(1_000);
    assert!(h.client.state().is_connected());

    h.fire(h.timer_with_delay(1_000));
    let req = h.last_sent("/meta/connect");
    h.receive(vec![with_advice(
        failed(&req, "500::boom"),
        Advice::default(),
    )]);
    assert_eq!(
        reconnecting(&h).0,
        1,
        "backoff was reset by the successful connect"
    );
}

#[test]
fn failure_delay_adds_advice_interval_to_backoff() {
    let mut h = Harness::new(lp_config());
    h.establish(LP_ONLY);
    h.fire(h.timer_with_delay(1_000));
    let req = h.last_sent("/meta/connect");
    h.receive(vec![with_advice(
        failed(&req, "500::boom"),
        Advice::retry(3_000, 30_000),
    )]);
    let (_, delay, _) = reconnecting(&h);
    let (lo, hi) = bounds(1);
    assert!((3_000 + lo..=3_000 + hi).contains(&delay), "{delay}");
}

#[test]
fn handshake_failures_back_off_exponentially_up_to_the_cap_with_bounded_jitter() {
    let run = |seed: u64| {
        let mut h = Harness::new(bayeux::ClientConfig {
            rng_seed: seed,
            ..lp_config()
        });
        h.start();
        let mut delays = Vec::new();
        for _ in 0..7 {
            let req = h.last_sent("/meta/handshake");
            h.receive(vec![handshake_failed(&req, "403::Forbidden")]);
            let (attempt, delay, reason) = reconnecting(&h);
            assert_eq!(attempt as usize, delays.len() + 1);
            assert!(reason.contains("403::Forbidden"), "{reason}");
            let (lo, hi) = bounds(attempt);
            assert!((lo..=hi).contains(&delay), "attempt {attempt}: {delay}");
            assert!(delay <= 8_000, "cap");
            delays.push(delay);
            let before = h.count_sent("/meta/handshake");
            h.fire(h.timer_with_delay(delay));
            assert_eq!(
                h.count_sent("/meta/handshake"),
                before + 1,
                "retried after the delay"
            );
        }
        delays
    };
    let a = run(1);
    assert_eq!(a, run(1), "same seed, same delays");
    assert_ne!(a, run(2), "jitter depends on the seed");
    // Growth: the lower bound of attempt 4+ (6000) exceeds attempt 1's maximum.
    assert!(a[3] > a[0] && a[6] >= 6_000);
}

#[test]
fn handshake_refused_with_advice_none_stops() {
    let mut h = Harness::new(lp_config());
    h.start();
    let req = h.last_sent("/meta/handshake");
    h.receive(vec![with_advice(
        handshake_failed(&req, "403::Not allowed"),
        advice(Reconnect::None),
    )]);
    assert!(matches!(h.client.state(), ConnectionState::Stopped { .. }));
    assert!(h.timers.is_empty());
}

#[test]
fn handshake_without_reply_times_out_and_is_retried() {
    let mut h = Harness::new(lp_config());
    h.start();
    let first = h.last_sent("/meta/handshake");
    h.fire(h.timer_with_delay(NET_DELAY));
    let (attempt, delay, reason) = reconnecting(&h);
    assert_eq!(attempt, 1);
    assert!(reason.contains("no reply"), "{reason}");
    h.fire(h.timer_with_delay(delay));
    let second = h.last_sent("/meta/handshake");
    assert_ne!(first.id, second.id, "a new message id");
    // The late reply to the first handshake is ignored.
    let actions = h.receive(vec![handshake_ok(&first, "late", LP_ONLY)]);
    assert!(sends(&actions).is_empty());
    assert!(h.client.client_id().is_none());
}

#[test]
fn held_connect_without_reply_times_out_and_reconnects() {
    let mut h = Harness::new(lp_config());
    h.establish(LP_ONLY);
    h.fire(h.timer_with_delay(1_000));
    let stuck = h.last_sent("/meta/connect");
    let actions = h.fire(h.timer_with_delay(NET_DELAY + SERVER_TIMEOUT as u64));
    assert!(sent_on(&actions, "/meta/connect").is_empty());
    let (_, delay, _) = reconnecting(&h);
    h.fire(h.timer_with_delay(delay));
    assert_ne!(h.last_sent("/meta/connect").id, stuck.id);
    // The stuck connect finally answers: ignored, still one outstanding connect.
    let actions = h.receive(vec![connect_ok(&stuck)]);
    assert!(sent_on(&actions, "/meta/connect").is_empty());
}

#[test]
fn long_polling_http_error_on_connect_backs_off() {
    let mut h = Harness::new(lp_config());
    h.establish(LP_ONLY);
    h.fire(h.timer_with_delay(1_000));
    let req = h.last_sent("/meta/connect");
    h.input(Input::RequestFailed {
        message_ids: vec![req.id.clone().unwrap()],
        reason: "HTTP 503".into(),
    });
    let (attempt, _, reason) = reconnecting(&h);
    assert_eq!(attempt, 1);
    assert!(reason.contains("HTTP 503"), "{reason}");
}

#[test]
fn stale_timer_after_stop_does_nothing() {
    let mut h = Harness::new(lp_config());
    h.establish(LP_ONLY);
    let old = h.timer_with_delay(1_000);
    h.input(Input::Disconnect);
    let actions = h.input(Input::TimerFired(old));
    assert!(actions.is_empty());
}
