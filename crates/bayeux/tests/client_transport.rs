//! Transport negotiation: WebSocket preferred, long-polling fallback.

mod support;

use bayeux::{ClientConfig, ConnectionState, Input, TransportKind};
use support::*;

const WS: TransportKind = TransportKind::WebSocket;
const LP: TransportKind = TransportKind::LongPolling;

#[test]
fn websocket_that_cannot_open_falls_back_to_long_polling_and_is_remembered() {
    let mut h = Harness::new(config());
    h.input(Input::Start);
    let actions = h.input(Input::TransportFailed {
        transport: WS,
        reason: "WebSocket error before open".into(),
    });
    assert_eq!(
        open_request(&actions),
        Some(LP),
        "immediate fallback, no backoff"
    );
    assert_eq!(
        state_changes(&actions),
        vec![ConnectionState::Connecting { transport: LP }]
    );
    assert!(h.client.websocket_disabled());

    let actions = h.input(Input::TransportOpened(LP));
    let hs = sent_on(&actions, "/meta/handshake").remove(0);
    assert_eq!(sends(&actions)[0].0, LP);
    assert_eq!(
        hs.supported_connection_types,
        Some(vec!["long-polling".to_string()]),
        "a failed WebSocket is no longer offered"
    );
    h.accept_handshake(LP_ONLY);
    let connect = h.last_sent("/meta/connect");
    assert_eq!(connect.connection_type.as_deref(), Some("long-polling"));

    // Remembered across a restart.
    h.input(Input::Disconnect);
    let d = h.last_sent("/meta/disconnect");
    h.receive(vec![connect_ok(&d)]);
    let actions = h.input(Input::Start);
    assert_eq!(open_request(&actions), Some(LP));
}

#[test]
fn websocket_that_never_opens_times_out_and_falls_back() {
    let mut h = Harness::new(config());
    h.input(Input::Start);
    let actions = h.fire(h.timer_with_delay(NET_DELAY));
    assert_eq!(h.closed, vec![WS], "the half-open socket is closed");
    assert_eq!(open_request(&actions), Some(LP));
}

#[test]
fn websocket_silent_on_handshake_falls_back() {
    let mut h = Harness::new(config());
    h.start();
    let actions = h.fire(h.timer_with_delay(NET_DELAY));
    assert_eq!(h.closed, vec![WS]);
    assert_eq!(open_request(&actions), Some(LP));
}

#[test]
fn server_without_websocket_switches_to_long_polling_keeping_the_session() {
    let mut h = Harness::new(config());
    h.start();
    let actions = h.accept_handshake(LP_ONLY);
    assert_eq!(h.closed, vec![WS]);
    assert_eq!(open_request(&actions), Some(LP));
    assert!(
        sends(&actions).is_empty(),
        "nothing sent until long-polling is ready"
    );
    assert!(h.client.websocket_disabled());
    let actions = h.input(Input::TransportOpened(LP));
    let (transport, messages) = sends(&actions).remove(0);
    assert_eq!(transport, LP);
    assert_eq!(messages[0].channel, "/meta/connect");
    assert_eq!(messages[0].client_id.as_deref(), Some("client-1"));
    assert_eq!(messages[0].connection_type.as_deref(), Some("long-polling"));
    assert_eq!(h.count_sent("/meta/handshake"), 1, "no second handshake");
}

#[test]
fn websocket_drop_after_working_reconnects_over_websocket() {
    let mut h = Harness::new(config());
    h.establish(BOTH);
    let actions = h.input(Input::TransportFailed {
        transport: WS,
        reason: "closed 1006".into(),
    });
    assert!(open_request(&actions).is_none(), "backs off first");
    let delay = match h.client.state() {
        ConnectionState::Reconnecting {
            attempt,
            delay_ms,
            reason,
        } => {
            assert_eq!(*attempt, 1);
            assert!(reason.contains("1006"));
            *delay_ms
        }
        other => panic!("{other:?}"),
    };
    assert!(h.timers.len() == 1, "only the retry timer: {:?}", h.timers);
    let actions = h.fire(h.timer_with_delay(delay));
    assert_eq!(open_request(&actions), Some(WS));
    let actions = h.input(Input::TransportOpened(WS));
    let connects = sent_on(&actions, "/meta/connect");
    assert_eq!(connects.len(), 1);
    assert_eq!(
        connects[0].client_id.as_deref(),
        Some("client-1"),
        "same session"
    );
    assert!(!h.client.websocket_disabled());
    h.accept_connect(1_000);
    assert_eq!(
        h.client.state(),
        &ConnectionState::Connected { transport: WS }
    );
}

#[test]
fn websocket_that_keeps_failing_after_working_falls_back_to_long_polling() {
    let mut h = Harness::new(config());
    h.establish(BOTH);
    for n in 1..=3 {
        let actions = h.input(Input::TransportFailed {
            transport: WS,
            reason: format!("drop {n}"),
        });
        if n < 3 {
            assert!(!h.client.websocket_disabled());
            let delay = match h.client.state() {
                ConnectionState::Reconnecting { delay_ms, .. } => *delay_ms,
                other => panic!("{other:?}"),
            };
            let actions = h.fire(h.timer_with_delay(delay));
            assert_eq!(open_request(&actions), Some(WS));
        } else {
            assert!(
                !h.client.websocket_disabled(),
                "a WebSocket that worked is not given up for good"
            );
            assert_eq!(open_request(&actions), Some(LP));
            let actions = h.input(Input::TransportOpened(LP));
            assert_eq!(
                sent_on(&actions, "/meta/handshake").len(),
                1,
                "fresh session"
            );
        }
    }
}

#[test]
fn websocket_only_config_keeps_retrying_websocket() {
    let mut h = Harness::new(ClientConfig {
        transports: vec![WS],
        ..config()
    });
    h.input(Input::Start);
    h.input(Input::TransportFailed {
        transport: WS,
        reason: "refused".into(),
    });
    assert!(matches!(
        h.client.state(),
        ConnectionState::Reconnecting { attempt: 1, .. }
    ));
    let actions = h.fire_scheduled();
    assert_eq!(open_request(&actions), Some(WS));
}

#[test]
fn no_common_transport_stops() {
    let mut h = Harness::new(config());
    h.start();
    h.accept_handshake(&["callback-polling"]);
    match h.client.state() {
        ConnectionState::Stopped { reason } => {
            assert!(reason.contains("callback-polling"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn long_polling_network_error_keeps_the_session_and_retries() {
    let mut h = Harness::new(lp_config());
    h.establish(LP_ONLY);
    h.fire(h.timer_with_delay(1_000));
    h.input(Input::TransportFailed {
        transport: LP,
        reason: "TypeError: Failed to fetch".into(),
    });
    h.fire_scheduled();
    let actions = h.input(Input::TransportOpened(LP));
    let connects = sent_on(&actions, "/meta/connect");
    assert_eq!(connects.len(), 1);
    assert_eq!(connects[0].client_id.as_deref(), Some("client-1"));
}

#[test]
fn failure_of_a_transport_not_in_use_is_ignored() {
    let mut h = Harness::new(config());
    h.start();
    h.accept_handshake(LP_ONLY);
    h.input(Input::TransportOpened(LP));
    // The old WebSocket's close event arrives late.
    let actions = h.input(Input::TransportFailed {
        transport: WS,
        reason: "closed".into(),
    });
    assert!(actions.is_empty());
}
