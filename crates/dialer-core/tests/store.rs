mod common;

use common::{call, capture, docs_sample, notification_of_type, status_change};
use dialer_core::agent::AgentStatus;
use dialer_core::controls::Control;
use dialer_core::store::{CallStore, StoreConfig, StoreEvent};
use gws_protocol::{Call, CallState, Notification};
use serde_json::json;

const RINGING: &str = "03-CallStateChangeMessage-StatusChange-Ringing";
const ATTACHED: &str = "04-CallStateChangeMessage-AttachedDataChanged-Ringing";
const ESTABLISHED: &str = "05-CallStateChangeMessage-StatusChange-Established";
const CAPTURED_ID: &str = "UIVB8J6JE91C53UIM3VI59VHQ4000015";

fn store() -> CallStore {
    CallStore::new(StoreConfig { linger_ms: 3_000 })
}

fn ids(store: &CallStore) -> Vec<String> {
    store.calls().map(|v| v.call.id.clone()).collect()
}

fn captured_call(name: &str) -> Call {
    capture(name).call().expect("a call notification").clone()
}

/// The captured call, released by a Hangup one second after the Established capture.
fn captured_release() -> Notification {
    let mut released = captured_call(ESTABLISHED);
    released.state = CallState::Released;
    released.capabilities.clear();
    status_change(&released, Some(1_769_554_692_087))
}

#[test]
fn real_ringing_attached_established_sequence() {
    let mut store = store();

    let events = store.apply(&capture(RINGING), 1_000);
    assert_eq!(events.len(), 1, "{events:?}");
    let StoreEvent::CallAdded { call } = &events[0] else {
        panic!("expected CallAdded, got {events:?}")
    };
    assert_eq!(call.id, CAPTURED_ID);
    assert_eq!(call.state, CallState::Ringing);
    let view = store.get(CAPTURED_ID).unwrap();
    assert_eq!(
        view.controls(),
        vec![
            Control::Answer,
            Control::ClearCall,
            Control::AttachUserData,
            Control::UpdateUserData,
            Control::DeleteUserData
        ]
    );
    assert_eq!(view.other_party().as_deref(), Some("1003"));
    assert!(
        !view
            .call
            .user_data
            .as_ref()
            .unwrap()
            .contains_key("WWE_PARTY_1002")
    );

    let events = store.apply(&capture(ATTACHED), 1_200);
    assert_eq!(events.len(), 1, "{events:?}");
    let StoreEvent::CallChanged {
        call,
        previous_state,
        previous_id,
    } = &events[0]
    else {
        panic!("expected CallChanged, got {events:?}")
    };
    assert_eq!(*previous_state, CallState::Ringing);
    assert_eq!(call.state, CallState::Ringing);
    assert_eq!(*previous_id, None);
    let view = store.get(CAPTURED_ID).unwrap();
    // The message's call replaced ours: the data WWE attached is now there.
    assert!(
        view.call
            .user_data
            .as_ref()
            .unwrap()
            .contains_key("WWE_PARTY_1002")
    );
    assert_eq!(
        view.state_since_ms, 1_000,
        "same state: the state timer keeps running"
    );

    let events = store.apply(&capture(ESTABLISHED), 4_000);
    assert_eq!(events.len(), 1, "{events:?}");
    let StoreEvent::CallChanged {
        call,
        previous_state,
        ..
    } = &events[0]
    else {
        panic!("expected CallChanged, got {events:?}")
    };
    assert_eq!(*previous_state, CallState::Ringing);
    assert_eq!(call.state, CallState::Established);
    let view = store.get(CAPTURED_ID).unwrap();
    assert_eq!(view.state_since_ms, 4_000);
    assert_eq!(view.first_seen_ms, 1_000);
    assert_eq!(
        view.controls(),
        vec![
            Control::Hangup,
            Control::Hold,
            Control::Transfer,
            Control::Conference,
            Control::SendDtmf,
            Control::AttachUserData,
            Control::UpdateUserData,
            Control::DeleteUserData
        ]
    );
    // Running duration comes from our clock, not from the string "duration": "2".
    assert_eq!(view.duration_ms(10_000), 9_000);
    assert_eq!(store.live_numbers(), vec!["1003".to_string()]);
}

#[test]
fn applying_the_same_notification_twice_reports_once() {
    let mut store = store();
    for name in [RINGING, ATTACHED, ESTABLISHED] {
        assert_eq!(
            store.apply(&capture(name), 1_000).len(),
            1,
            "{name} first time"
        );
        assert_eq!(
            store.apply(&capture(name), 1_100),
            vec![],
            "{name} replayed"
        );
    }
    assert_eq!(store.len(), 1);
    assert_eq!(store.apply(&captured_release(), 2_000).len(), 1);
    assert_eq!(store.apply(&captured_release(), 2_100), vec![]);
}

#[test]
fn older_message_does_not_undo_a_newer_one() {
    let mut store = store();
    store.apply(&capture(RINGING), 1_000);
    store.apply(&capture(ESTABLISHED), 2_000);
    // The AttachedDataChanged capture (Ringing) is older than the Established one.
    let events = store.apply(&capture(ATTACHED), 3_000);
    assert!(
        matches!(events.as_slice(), [StoreEvent::Ignored { .. }]),
        "{events:?}"
    );
    assert_eq!(
        store.get(CAPTURED_ID).unwrap().call.state,
        CallState::Established
    );
}

#[test]
fn released_calls_linger_then_expire() {
    let mut store = store();
    store.apply(&capture(RINGING), 1_000);
    store.apply(&capture(ESTABLISHED), 2_000);

    let events = store.apply(&captured_release(), 5_000);
    let [StoreEvent::CallReleased { call }] = events.as_slice() else {
        panic!("expected CallReleased, got {events:?}")
    };
    assert_eq!(call.state, CallState::Released);
    let view = store.get(CAPTURED_ID).unwrap();
    assert_eq!(view.released_at_ms, Some(5_000));
    assert_eq!(view.controls(), vec![]);
    assert_eq!(
        view.duration_ms(60_000),
        4_000,
        "duration frozen at the release"
    );
    assert!(store.live_numbers().is_empty());
    assert_eq!(store.next_expiry_ms(), Some(8_000));

    assert_eq!(store.expire(7_999), vec![]);
    assert_eq!(store.len(), 1);
    assert_eq!(
        store.expire(8_000),
        vec![StoreEvent::CallRemoved {
            id: CAPTURED_ID.to_string()
        }]
    );
    assert!(store.is_empty());
    assert_eq!(store.next_expiry_ms(), None);
    assert_eq!(store.expire(9_000), vec![]);
}

#[test]
fn stale_message_does_not_resurrect_a_removed_call() {
    let mut store = store();
    store.apply(&capture(RINGING), 1_000);
    store.apply(&capture(ESTABLISHED), 2_000);
    store.apply(&captured_release(), 3_000);
    store.expire(10_000);
    assert!(store.is_empty());

    for name in [RINGING, ATTACHED, ESTABLISHED] {
        let events = store.apply(&capture(name), 11_000);
        assert!(
            matches!(events.as_slice(), [StoreEvent::Ignored { .. }]),
            "{name}: {events:?}"
        );
    }
    assert!(store.is_empty());
    // The release itself replayed: still nothing.
    assert!(matches!(
        store.apply(&captured_release(), 11_000).as_slice(),
        [StoreEvent::Ignored { .. }]
    ));
    assert!(store.is_empty());
}

#[test]
fn newer_message_for_a_removed_id_is_server_truth() {
    let mut store = store();
    store.apply(&capture(RINGING), 1_000);
    store.apply(&captured_release(), 2_000);
    store.expire(10_000);
    let mut again = captured_call(ESTABLISHED);
    again.state = CallState::Held;
    let events = store.apply(&status_change(&again, Some(1_769_554_999_999)), 11_000);
    assert!(
        matches!(events.as_slice(), [StoreEvent::CallAdded { .. }]),
        "{events:?}"
    );
}

#[test]
fn without_timestamps_released_is_final() {
    let mut store = store();
    let live = call("c1", CallState::Established, "5001", &["Hangup"]);
    let released = call("c1", CallState::Released, "5001", &[]);
    store.apply(&status_change(&live, None), 1_000);
    store.apply(&status_change(&released, None), 2_000);
    // A late Established (no metrics) while the Released call lingers: ignored.
    let events = store.apply(&status_change(&live, None), 2_500);
    assert!(
        matches!(events.as_slice(), [StoreEvent::Ignored { .. }]),
        "{events:?}"
    );
    assert_eq!(store.get("c1").unwrap().call.state, CallState::Released);
    // And after removal.
    store.expire(100_000);
    let events = store.apply(&status_change(&live, None), 100_001);
    assert!(
        matches!(events.as_slice(), [StoreEvent::Ignored { .. }]),
        "{events:?}"
    );
    assert!(store.is_empty());
}

#[test]
fn release_of_an_unseen_call_shows_nothing_and_stays_buried() {
    let mut store = store();
    let released = call("ghost", CallState::Released, "5001", &[]);
    let events = store.apply(&status_change(&released, Some(10)), 1_000);
    assert!(
        matches!(events.as_slice(), [StoreEvent::Ignored { .. }]),
        "{events:?}"
    );
    assert!(store.is_empty());
    let late = call("ghost", CallState::Dialing, "5001", &["Hangup"]);
    store.apply(&status_change(&late, Some(5)), 1_001);
    assert!(store.is_empty());
}

#[test]
fn calls_keep_their_first_appearance_order() {
    let mut store = store();
    store.apply(
        &status_change(&call("a", CallState::Dialing, "5001", &["Hangup"]), None),
        1,
    );
    store.apply(
        &status_change(&call("b", CallState::Ringing, "5002", &["Answer"]), None),
        2,
    );
    store.apply(
        &status_change(
            &call("a", CallState::Established, "5001", &["Hangup", "Hold"]),
            None,
        ),
        3,
    );
    store.apply(
        &status_change(&call("c", CallState::Ringing, "5003", &["Answer"]), None),
        4,
    );
    assert_eq!(ids(&store), ["a", "b", "c"]);
    assert_eq!(store.live_calls().count(), 3);
}

#[test]
fn every_call_notification_type_replaces_the_call() {
    for kind in [
        "ParticipantsUpdated",
        "DtmfSent",
        "CallRecordingStateChange",
        "AttachedDataChanged",
        "SomethingNew",
    ] {
        let mut store = store();
        let first = call("c1", CallState::Established, "5001", &["Hangup"]);
        store.apply(&status_change(&first, Some(1)), 1_000);
        let mut next = first.clone();
        next.participants.push("5009".into());
        next.recording_state = Some("Recording".into());
        let events = store.apply(&notification_of_type(kind, &next, Some(2)), 2_000);
        assert!(
            matches!(events.as_slice(), [StoreEvent::CallChanged { .. }]),
            "{kind}: {events:?}"
        );
        let view = store.get("c1").unwrap();
        assert_eq!(view.call, next, "{kind}");
    }
}

#[test]
fn resync_makes_the_view_equal_the_server_list() {
    let mut store = store();
    store.apply(
        &status_change(
            &call("a", CallState::Established, "5001", &["Hangup", "Hold"]),
            None,
        ),
        1,
    );
    store.apply(
        &status_change(&call("b", CallState::Ringing, "5002", &["Answer"]), None),
        2,
    );

    let server = vec![
        call("a", CallState::Held, "5001", &["Retrieve", "Hangup"]),
        call("c", CallState::Dialing, "5003", &["Hangup"]),
    ];
    let events = store.resync(server.clone(), store.mark(), 10);
    assert_eq!(events.len(), 3, "{events:?}");
    assert!(
        matches!(&events[0], StoreEvent::CallChanged { call, previous_state: CallState::Established, .. } if call.id == "a" && call.state == CallState::Held)
    );
    assert!(matches!(&events[1], StoreEvent::CallAdded { call } if call.id == "c"));
    assert!(
        matches!(&events[2], StoreEvent::CallReleased { call } if call.id == "b" && call.capabilities.is_empty())
    );
    assert_eq!(ids(&store), ["a", "b", "c"]);
    assert_eq!(store.get("b").unwrap().controls(), vec![]);
    let live: Vec<_> = store.live_calls().map(|v| v.call.clone()).collect();
    assert_eq!(live, server);

    // Idempotent.
    assert_eq!(store.resync(server.clone(), store.mark(), 11), vec![]);
    assert_eq!(store.resync(server, store.mark(), 12), vec![]);

    // An empty server list releases everything still live, once.
    let events = store.resync(Vec::new(), store.mark(), 20);
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(
        events
            .iter()
            .all(|e| matches!(e, StoreEvent::CallReleased { .. }))
    );
    assert_eq!(store.resync(Vec::new(), store.mark(), 21), vec![]);
    assert_eq!(store.live_calls().count(), 0);
}

#[test]
fn resync_revives_a_call_we_wrongly_thought_released() {
    let mut store = store();
    let live = call("a", CallState::Established, "5001", &["Hangup"]);
    store.apply(&status_change(&live, None), 1);
    store.resync(Vec::new(), store.mark(), 2); // e.g. the server's list missed the call
    assert!(!store.get("a").unwrap().is_live());
    let events = store.resync(vec![live.clone()], store.mark(), 3);
    assert!(
        matches!(events.as_slice(), [StoreEvent::CallChanged { .. }]),
        "{events:?}"
    );
    let view = store.get("a").unwrap();
    assert!(view.is_live());
    assert_eq!(view.released_at_ms, None);
    assert_eq!(store.expire(1_000_000), vec![], "a live call never expires");
}

#[test]
fn a_resync_answer_never_undoes_a_notification_that_came_after_the_question() {
    let mut store = store();
    let established = call("a", CallState::Established, "5001", &["Hangup", "Hold"]);
    store.apply(&status_change(&established, None), 1);
    let asked = store.mark();
    // While the GET is on its way: a call rings, and "a" goes on hold.
    store.apply(
        &status_change(&call("b", CallState::Ringing, "5002", &["Answer"]), None),
        2,
    );
    let held = call("a", CallState::Held, "5001", &["Retrieve", "Hangup"]);
    store.apply(&status_change(&held, None), 3);
    // The answer was read before either: it lists "a" established and no "b".
    assert_eq!(store.resync(vec![established.clone()], asked, 4), vec![]);
    assert_eq!(store.get("a").unwrap().call, held);
    assert_eq!(store.get("b").unwrap().controls(), vec![Control::Answer]);
    // A later question is the truth again: "b" is gone on the server.
    let events = store.resync(vec![held.clone()], store.mark(), 5);
    assert!(
        matches!(events.as_slice(), [StoreEvent::CallReleased { call }] if call.id == "b"),
        "{events:?}"
    );
}

#[test]
fn a_resync_answer_never_brings_back_a_call_that_ended_after_the_question() {
    let mut store = store();
    let live = call("a", CallState::Established, "5001", &["Hangup"]);
    store.apply(&status_change(&live, None), 1);
    let asked = store.mark();
    let mut ended = live.clone();
    ended.state = CallState::Released;
    ended.capabilities.clear();
    store.apply(&status_change(&ended, None), 2);
    assert_eq!(store.resync(vec![live.clone()], asked, 3), vec![]);
    assert!(!store.get("a").unwrap().is_live());
    // Even after it is removed from the list.
    store.expire(1_000_000);
    assert_eq!(store.resync(vec![live], asked, 1_000_001), vec![]);
    assert!(store.get("a").is_none());
}

#[test]
fn a_device_resync_answer_never_undoes_a_newer_device_notification() {
    let mut store = store();
    store.apply(&capture("02-DeviceStateChangeMessage-device-Ready"), 1);
    let ready = store.device().unwrap().clone();
    let asked = store.mark();
    store.apply(&capture("01-DeviceStateChangeMessage-device-NotReady"), 2);
    assert_eq!(
        store.resync_devices(std::slice::from_ref(&ready), asked),
        vec![]
    );
    assert_eq!(store.agent().unwrap().status, AgentStatus::NotReady);
    let events = store.resync_devices(std::slice::from_ref(&ready), store.mark());
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(store.agent().unwrap().status, AgentStatus::Ready);
}

#[test]
fn resync_after_reload_seeds_the_running_duration_once() {
    let mut store = store();
    let mut ongoing = call("a", CallState::Established, "5001", &["Hangup"]);
    ongoing.duration = Some("120".into());
    store.resync(vec![ongoing.clone()], store.mark(), 1_000_000);
    assert_eq!(store.get("a").unwrap().duration_ms(1_000_000), 120_000);
    // A later message with a different duration string does not move the clock.
    ongoing.duration = Some("5".into());
    store.apply(&status_change(&ongoing, None), 1_010_000);
    assert_eq!(store.get("a").unwrap().duration_ms(1_010_000), 130_000);
}

#[test]
fn call_id_change_is_followed_by_previous_conn_id() {
    let mut store = store();
    store.apply(
        &status_change(
            &call("old", CallState::Established, "5001", &["Hangup"]),
            None,
        ),
        1,
    );
    store.apply(
        &status_change(
            &call("other", CallState::Ringing, "5002", &["Answer"]),
            None,
        ),
        2,
    );
    let mut moved = call("new", CallState::Established, "5001", &["Hangup", "Hold"]);
    moved.extra.insert("previousConnId".into(), json!("old"));
    let events = store.apply(&status_change(&moved, None), 3);
    let [
        StoreEvent::CallChanged {
            call, previous_id, ..
        },
    ] = events.as_slice()
    else {
        panic!("expected CallChanged, got {events:?}")
    };
    assert_eq!(call.id, "new");
    assert_eq!(previous_id.as_deref(), Some("old"));
    assert_eq!(
        ids(&store),
        ["new", "other"],
        "re-keyed in place, not added"
    );
    assert_eq!(store.get("new").unwrap().first_seen_ms, 1);
}

#[test]
fn device_state_changes_drive_the_agent_view() {
    let mut store = store();
    let events = store.apply(&capture("01-DeviceStateChangeMessage-device-NotReady"), 1);
    let [
        StoreEvent::AgentStateChanged {
            previous: None,
            current,
        },
    ] = events.as_slice()
    else {
        panic!("expected AgentStateChanged, got {events:?}")
    };
    assert_eq!(current.status, AgentStatus::NotReady);
    assert_eq!(current.label().en(), "Not Ready");
    assert_eq!(current.phone_number, "1002");
    assert_eq!(
        current.device_capabilities,
        ["DoNotDisturbOn", "ForwardCallsOn"]
    );

    let events = store.apply(&capture("02-DeviceStateChangeMessage-device-Ready"), 2);
    let [
        StoreEvent::AgentStateChanged {
            previous: Some(prev),
            current,
        },
    ] = events.as_slice()
    else {
        panic!("expected AgentStateChanged, got {events:?}")
    };
    assert_eq!(prev.status, AgentStatus::NotReady);
    assert_eq!(current.status, AgentStatus::Ready);
    assert_eq!(store.agent().unwrap().status, AgentStatus::Ready);
    assert_eq!(
        store.device().unwrap().id,
        "27379f71-0f5a-42a1-b899-ea4456c6b337"
    );

    // Replay: nothing new.
    assert_eq!(
        store.apply(&capture("02-DeviceStateChangeMessage-device-Ready"), 3),
        vec![]
    );
}

#[test]
fn devices_that_are_not_ours_are_ignored() {
    let mut store = store();
    store.set_device_id("someone-else");
    assert_eq!(
        store.apply(&capture("01-DeviceStateChangeMessage-device-NotReady"), 1),
        vec![]
    );
    assert!(store.agent().is_none());
}

#[test]
fn error_message_becomes_a_plain_server_error_once() {
    let mut store = store();
    let n = capture("06-ErrorMessage-device");
    let (message, code, call_id) = one_server_error(store.apply(&n, 1));
    assert_eq!(
        message,
        "The phone system reported a problem with your phone. If calls fail, check that your phone is connected."
    );
    assert_eq!(code, None);
    assert_eq!(call_id, None);
    assert_eq!(store.apply(&n, 2), vec![], "replayed error reported once");

    let with_text = Notification::parse(&json!({
        "channel": "/v2/me/calls",
        "data": {"messageType": "ErrorMessage", "errorCode": 56, "errorMessage": "Invalid called DN",
                 "callUri": "http://h/api/v2/me/calls/c9"}
    }))
    .unwrap();
    let (message, code, call_id) = one_server_error(store.apply(&with_text, 3));
    assert_eq!(
        message,
        "The phone system reported a problem with a call: Invalid called DN (code 56)."
    );
    assert_eq!((code, call_id.as_deref()), (Some(56), Some("c9")));
}

/// The one `ServerError` of these events: its message (in English), code and call.
fn one_server_error(events: Vec<StoreEvent>) -> (String, Option<i64>, Option<String>) {
    match events.as_slice() {
        [
            StoreEvent::ServerError {
                message,
                code,
                call_id,
            },
        ] => (message.en(), *code, call_id.clone()),
        _ => panic!("expected one ServerError, got {events:?}"),
    }
}

#[test]
fn unknown_and_unused_messages_are_reported_as_ignored() {
    let mut store = store();
    let unknown = Notification::parse(&json!({
        "channel": "/v2/me/calls", "data": {"messageType": "BrandNewMessage", "x": 1}
    }))
    .unwrap();
    let events = store.apply(&unknown, 1);
    let [StoreEvent::Ignored { reason }] = events.as_slice() else {
        panic!("expected Ignored, got {events:?}")
    };
    assert!(reason.to_string().contains("BrandNewMessage"), "{reason}");

    let channels = Notification::parse(&json!({
        "channel": "/v2/me/channels",
        "data": {"messageType": "ChannelStateChangeMessageV2",
                 "channels": [{"channel": "email", "dndState": "Off",
                               "userState": {"state": "NotReady"}}]}
    }))
    .unwrap();
    assert!(matches!(
        store.apply(&channels, 2).as_slice(),
        [StoreEvent::Ignored { .. }]
    ));
    assert!(store.is_empty());
    assert!(store.agent().is_none());
}

#[test]
fn docs_dial_sample_with_string_participants() {
    let mut store = store();
    let events = store.apply(&docs_sample("dial-notification-basic"), 1);
    assert!(
        matches!(events.as_slice(), [StoreEvent::CallAdded { call }] if call.state == CallState::Dialing)
    );
    assert_eq!(store.live_numbers(), vec!["5001".to_string()]);
    let view = store.calls().next().unwrap();
    assert!(view.controls().contains(&Control::Hangup));
}
