mod common;

use Control::*;
use common::call;
use dialer_core::controls::{Control, controls_for, is_dtmf_digit};
use dialer_core::i18n::{Builtin, Lang, Text};
use gws_protocol::CallState;

/// Each row of the reference's capability table (gws-v2-api.md §5.3) → the buttons shown.
#[test]
fn controls_per_capability_table_row() {
    let rows: Vec<(&str, CallState, Vec<&str>, Vec<Control>)> = vec![
        (
            "Dialing",
            CallState::Dialing,
            vec![
                "SendDtmf",
                "DeleteUserData",
                "AttachUserData",
                "DeleteUserDataPair",
                "Hangup",
                "UpdateUserData",
            ],
            vec![
                Hangup,
                SendDtmf,
                AttachUserData,
                UpdateUserData,
                DeleteUserData,
            ],
        ),
        (
            "Ringing (real)",
            CallState::Ringing,
            vec![
                "Answer",
                "UpdateUserData",
                "DeleteUserData",
                "DeleteUserDataPair",
                "AttachUserData",
                "ClearCall",
            ],
            vec![
                Answer,
                ClearCall,
                AttachUserData,
                UpdateUserData,
                DeleteUserData,
            ],
        ),
        (
            "Ringing (queue-delivered)",
            CallState::Ringing,
            vec!["Answer", "Reject", "ClearCall", "UpdateUserData"],
            vec![Answer, Reject, UpdateUserData],
        ),
        (
            "Established",
            CallState::Established,
            vec![
                "SingleStepTransfer",
                "InitiateConference",
                "Hold",
                "SingleStepConference",
                "InitiateTransfer",
                "SendDtmf",
                "DeleteUserData",
                "AttachUserData",
                "DeleteUserDataPair",
                "Hangup",
                "UpdateUserData",
                "ClearCall",
            ],
            vec![
                Hangup,
                Hold,
                Transfer,
                Conference,
                SendDtmf,
                AttachUserData,
                UpdateUserData,
                DeleteUserData,
            ],
        ),
        (
            "Established, recording",
            CallState::Established,
            vec![
                "Hangup",
                "Hold",
                "SendDtmf",
                "PauseCallRecording",
                "StopCallRecording",
            ],
            vec![Hangup, Hold, SendDtmf],
        ),
        (
            "Established, muted",
            CallState::Established,
            vec!["Hangup", "Hold", "UnmuteCall", "SendDtmf"],
            vec![Hangup, Hold, Unmute, SendDtmf],
        ),
        (
            "Established, mutable",
            CallState::Established,
            vec!["Hangup", "MuteCall"],
            vec![Hangup, Mute],
        ),
        (
            "Held",
            CallState::Held,
            vec![
                "SingleStepTransfer",
                "InitiateConference",
                "Retrieve",
                "SingleStepConference",
                "InitiateTransfer",
                "DeleteUserData",
                "AttachUserData",
                "DeleteUserDataPair",
                "Hangup",
                "UpdateUserData",
            ],
            vec![
                Hangup,
                Retrieve,
                Transfer,
                Conference,
                AttachUserData,
                UpdateUserData,
                DeleteUserData,
            ],
        ),
        (
            "Held (transfer parent)",
            CallState::Held,
            vec![
                "UpdateUserData",
                "SwapCalls",
                "InitiateConference",
                "SingleStepTransfer",
                "InitiateTransfer",
                "AttachUserData",
                "DeleteUserDataPair",
                "SingleStepConference",
                "DeleteUserData",
                "Hangup",
                "CompleteTransfer",
            ],
            vec![
                Hangup,
                CompleteTransfer,
                SwapCalls,
                Transfer,
                Conference,
                AttachUserData,
                UpdateUserData,
                DeleteUserData,
            ],
        ),
        (
            "Established with another call held",
            CallState::Established,
            vec![
                "UpdateUserData",
                "SendDtmf",
                "SwapCalls",
                "InitiateConference",
                "Hold",
                "SingleStepTransfer",
                "InitiateTransfer",
                "AttachUserData",
                "CompleteConference",
                "DeleteUserDataPair",
                "SingleStepConference",
                "DeleteUserData",
                "Hangup",
                "CompleteTransfer",
            ],
            vec![
                Hangup,
                Hold,
                CompleteTransfer,
                CompleteConference,
                SwapCalls,
                Transfer,
                Conference,
                SendDtmf,
                AttachUserData,
                UpdateUserData,
                DeleteUserData,
            ],
        ),
        ("Released", CallState::Released, vec![], vec![]),
    ];
    for (name, state, caps, want) in rows {
        let c = call("c1", state, "5001", &caps);
        assert_eq!(controls_for(&c), want, "{name}");
    }
}

#[test]
fn released_call_shows_nothing_even_with_capabilities() {
    let c = call("c1", CallState::Released, "5001", &["Hangup", "Answer"]);
    assert_eq!(controls_for(&c), vec![]);
}

#[test]
fn capability_names_are_case_sensitive() {
    // The 8.5.0 doc sample's "HangUp" is not a real capability name.
    let c = call("c1", CallState::Established, "5001", &["HangUp", "hold"]);
    assert_eq!(controls_for(&c), vec![]);
}

#[test]
fn unknown_state_still_follows_capabilities() {
    let c = call(
        "c1",
        CallState::Unknown("Alerting".into()),
        "5001",
        &["Answer"],
    );
    assert_eq!(controls_for(&c), vec![Answer]);
}

#[test]
fn labels_and_operations() {
    let table = [
        (Answer, "Answer", "Answer"),
        (Reject, "Reject", "Reject"),
        (Hangup, "Hang up", "Hangup"),
        (ClearCall, "End call for everyone", "ClearCall"),
        (Hold, "Hold", "Hold"),
        (Retrieve, "Retrieve", "Retrieve"),
        (Mute, "Mute", "MuteCall"),
        (Unmute, "Unmute", "UnmuteCall"),
        (SendDtmf, "Keypad", "SendDtmf"),
        (AttachUserData, "Attach data", "AttachUserData"),
        (UpdateUserData, "Update data", "UpdateUserData"),
        (DeleteUserData, "Delete all data", "DeleteUserData"),
        (CompleteTransfer, "Complete transfer", "CompleteTransfer"),
        (
            CompleteConference,
            "Complete conference",
            "CompleteConference",
        ),
        (SwapCalls, "Swap calls", "SwapCalls"),
        (Transfer, "Transfer", "SingleStepTransfer"),
        (Conference, "Conference", "SingleStepConference"),
        (CancelConsult, "Cancel consultation", "Hangup"),
    ];
    assert_eq!(table.len(), Control::ALL.len());
    for (control, label, op) in table {
        assert_eq!(Text::from(control.label()).en(), label);
        assert_eq!(control.operation(), op);
        // Every control has its own name, even where two share an operation.
        assert_eq!(Control::from_name(control.name()), Some(control));
    }
    assert_eq!(Control::from_operation("InitiateTransfer"), None);
    assert!(Transfer.needs_input() && Conference.needs_input() && !SwapCalls.needs_input());
    assert!(CancelConsult.is_destructive());
    assert!(SendDtmf.needs_input() && UpdateUserData.needs_input() && !Hangup.needs_input());
    assert!(Hangup.is_destructive() && !Hold.is_destructive());
}

#[test]
fn accessible_names_name_the_call() {
    let c = call("c1", CallState::Established, "1003", &["Hangup"]);
    let party = c.other_party();
    let party = party.as_deref();
    assert_eq!(Hangup.label_for(party).en(), "Hang up the call with 1003");
    assert_eq!(
        SendDtmf.label_for(party).en(),
        "Keypad for the call with 1003"
    );
    assert_eq!(
        UpdateUserData.label_for(party).en(),
        "Update data for the call with 1003"
    );
    assert_eq!(
        Hangup.label_for(party).render(Lang::De, &Builtin),
        "Auflegen – Anruf mit 1003"
    );
    assert_eq!(
        Answer.label_for(None).en(),
        "Answer the call with unknown number"
    );
}

#[test]
fn dtmf_digits() {
    for c in "0123456789*#".chars() {
        assert!(is_dtmf_digit(c));
    }
    for c in "aA +-".chars() {
        assert!(!is_dtmf_digit(c));
    }
}
