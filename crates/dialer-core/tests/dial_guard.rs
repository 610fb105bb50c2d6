mod common;

use common::{call, status_change};
use dialer_core::dial_guard::{DialGuard, DialRefusal, GuardConfig};
use dialer_core::i18n::Text;
use dialer_core::numbers::{DialNumber, NumberRules};
use dialer_core::store::{CallStore, StoreConfig};
use gws_protocol::CallState;

fn number(raw: &str) -> DialNumber {
    NumberRules::default().normalize(raw).expect("valid number")
}

#[test]
fn double_click_sends_one_dial() {
    let mut guard = DialGuard::default();
    let n = number("5001");
    let ticket = guard.begin(&n, 0).expect("first click dials");
    assert_eq!(ticket.number(), "5001");
    let refusal = guard.begin(&n, 50).unwrap_err();
    assert_eq!(
        refusal,
        DialRefusal::AlreadyDialing {
            number: Text::raw("5001")
        }
    );
    assert_eq!(
        refusal.message().en(),
        "Already dialling 5001. Please wait."
    );
    // The same number written differently is the same number.
    assert!(guard.begin(&number("50-01"), 60).is_err());
    guard.finish(ticket, false);
}

#[test]
fn failed_dial_frees_the_number_at_once() {
    let mut guard = DialGuard::default();
    let n = number("5001");
    let ticket = guard.begin(&n, 0).unwrap();
    guard.finish(ticket, false);
    assert!(!guard.is_busy(1));
    assert!(guard.begin(&n, 1).is_ok());
}

#[test]
fn no_other_number_dials_while_a_dial_is_unanswered() {
    let mut guard = DialGuard::default();
    let a = guard.begin(&number("5001"), 0).unwrap();
    let refusal = guard.begin(&number("5002"), 1).unwrap_err();
    assert_eq!(
        refusal.message().en(),
        "Can't dial 5002 yet: still dialling 5001. Please wait."
    );
    // Once the first is answered, another number may go (the first keeps settling).
    guard.finish(a, true);
    assert!(guard.begin(&number("5002"), 20).is_ok());
    // An unanswered Dial stops blocking after the in-flight timeout.
    let mut guard = DialGuard::default();
    let _a = guard.begin(&number("5001"), 0).unwrap();
    assert!(guard.begin(&number("5002"), 14_999).is_err());
    assert!(guard.begin(&number("5002"), 15_000).is_ok());
}

#[test]
fn success_blocks_until_the_call_appears_then_the_live_call_blocks() {
    let mut guard = DialGuard::default();
    let mut store = CallStore::new(StoreConfig::default());
    let n = number("+1 (201) 555-0123");
    let ticket = guard.begin(&n, 0).unwrap();
    guard.finish(ticket, true);

    // HTTP 200 arrived, the Dialing notification not yet.
    let refusal = guard.begin(&n, 100).unwrap_err();
    assert_eq!(
        refusal,
        DialRefusal::AwaitingCall {
            number: Text::raw("+12015550123")
        }
    );

    // The call shows up; the switch reports the participant without the country code.
    let dialing = call("c1", CallState::Dialing, "2015550123", &["Hangup"]);
    store.apply(&status_change(&dialing, None), 200);
    guard.observe(&store);
    let refusal = guard.begin(&n, 300).unwrap_err();
    assert_eq!(
        refusal,
        DialRefusal::CallInProgress {
            number: Text::raw("+12015550123")
        }
    );
    assert_eq!(
        refusal.message().en(),
        "You already have a call with +12015550123."
    );

    // Released (still lingering in the list): dialling again is allowed.
    let released = call("c1", CallState::Released, "2015550123", &[]);
    store.apply(&status_change(&released, None), 400);
    guard.observe(&store);
    assert!(store.get("c1").is_some());
    assert!(guard.begin(&n, 500).is_ok());
}

#[test]
fn quick_release_before_settle_time_allows_redial() {
    let mut guard = DialGuard::default();
    let n = number("5001");
    let ticket = guard.begin(&n, 0).unwrap();
    guard.finish(ticket, true);
    guard.set_live_numbers(["5001"]); // Dialing arrives
    guard.set_live_numbers(Vec::<String>::new()); // busy: Released at once
    assert!(guard.begin(&n, 300).is_ok());
}

#[test]
fn settle_time_ends_the_wait_if_no_call_appears() {
    let config = GuardConfig::default();
    let mut guard = DialGuard::new(config.clone());
    let n = number("5001");
    let ticket = guard.begin(&n, 1_000).unwrap();
    guard.finish(ticket, true);
    assert!(guard.begin(&n, 1_000 + config.settle_ms - 1).is_err());
    assert!(guard.is_busy(1_000 + config.settle_ms - 1));
    assert!(!guard.is_busy(1_000 + config.settle_ms));
    assert!(guard.begin(&n, 1_000 + config.settle_ms).is_ok());
}

#[test]
fn a_request_that_never_answers_stops_blocking_after_the_timeout() {
    let config = GuardConfig::default();
    let mut guard = DialGuard::new(config.clone());
    let n = number("5001");
    let stale = guard.begin(&n, 0).unwrap();
    assert!(guard.begin(&n, config.in_flight_timeout_ms - 1).is_err());
    let fresh = guard.begin(&n, config.in_flight_timeout_ms).unwrap();
    // The late answer of the first request must not release the second one.
    guard.finish(stale, false);
    assert!(guard.begin(&n, config.in_flight_timeout_ms + 1).is_err());
    guard.finish(fresh, false);
    assert!(guard.begin(&n, config.in_flight_timeout_ms + 2).is_ok());
}

#[test]
fn live_call_from_the_store_blocks_a_new_dial() {
    let mut guard = DialGuard::default();
    let mut store = CallStore::new(StoreConfig::default());
    let inbound = call("c2", CallState::Established, "1003", &["Hangup"]);
    store.apply(&status_change(&inbound, None), 0);
    guard.observe(&store);
    assert!(matches!(
        guard.begin(&number("1003"), 10),
        Err(DialRefusal::CallInProgress { .. })
    ));
    // A different short DN is not confused with it.
    assert!(guard.begin(&number("11003"), 10).is_ok());
}

#[test]
fn guard_config_deserialises_from_options() {
    let config: GuardConfig = serde_json::from_str(r#"{"settleMs": 2000}"#).unwrap();
    assert_eq!(config.settle_ms, 2_000);
    assert_eq!(
        config.in_flight_timeout_ms,
        GuardConfig::default().in_flight_timeout_ms
    );
}
