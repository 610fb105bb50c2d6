use dialer_core::agent::{AgentAction, AgentStatus, AgentView};
use dialer_core::i18n::{Lang, Msg, Text};
use gws_protocol::{AgentState, Device, UserState};

fn device(state: AgentState, display: Option<&str>, work_mode: Option<&str>) -> Device {
    let mut user_state = UserState::new(state);
    user_state.display_name = display.map(str::to_string);
    user_state.work_mode = work_mode.map(str::to_string);
    Device {
        user_state: Some(user_state),
        do_not_disturb: Some("On".into()),
        ..Device::new("d1", "5001")
    }
}

#[test]
fn statuses_and_labels() {
    let cases = [
        (
            device(AgentState::Ready, Some("Ready"), None),
            AgentStatus::Ready,
            "Ready",
        ),
        (
            device(AgentState::NotReady, Some("Not Ready"), None),
            AgentStatus::NotReady,
            "Not Ready",
        ),
        (
            device(
                AgentState::NotReady,
                Some("AfterCallWork"),
                Some("AfterCallWork"),
            ),
            // The server's displayName only repeats the standard name: said in the agent's
            // language instead.
            AgentStatus::AfterCallWork,
            "After Call Work",
        ),
        (
            device(AgentState::NotReady, None, Some("AfterCallWork")),
            AgentStatus::AfterCallWork,
            "After Call Work",
        ),
        (
            device(AgentState::LoggedIn, None, None),
            AgentStatus::LoggedIn,
            "Logged in",
        ),
        (
            device(AgentState::LoggedOut, None, None),
            AgentStatus::LoggedOut,
            "Logged out",
        ),
        (
            device(AgentState::Unknown("Logout".into()), None, None),
            AgentStatus::LoggedOut,
            "Logged out",
        ),
        (
            device(AgentState::Unknown("AuxWork".into()), None, None),
            AgentStatus::Other("AuxWork".into()),
            "AuxWork",
        ),
    ];
    for (d, status, label) in cases {
        let view = AgentView::from_device(&d);
        assert_eq!(view.status, status);
        assert_eq!(view.label().en(), label);
        assert_eq!(view.configured_name, None, "{label}");
        assert!(view.do_not_disturb);
        assert_eq!(view.phone_number, "5001");
    }
    let bare = Device::new("d2", "5002");
    assert_eq!(AgentView::from_device(&bare).status, AgentStatus::LoggedOut);
}

#[test]
fn allowed_actions() {
    use AgentAction::*;
    assert_eq!(
        AgentStatus::Ready.allowed_actions(),
        vec![NotReady, AfterCallWork]
    );
    assert_eq!(
        AgentStatus::NotReady.allowed_actions(),
        vec![Ready, AfterCallWork]
    );
    assert_eq!(
        AgentStatus::AfterCallWork.allowed_actions(),
        vec![Ready, NotReady]
    );
    assert_eq!(
        AgentStatus::LoggedIn.allowed_actions(),
        vec![Ready, NotReady, AfterCallWork]
    );
    assert_eq!(AgentStatus::LoggedOut.allowed_actions(), vec![]);
    assert_eq!(Ready.operation(), "Ready");
    assert_eq!(NotReady.operation(), "NotReady");
    assert_eq!(AfterCallWork.operation(), "AfterCallWork");
    assert_eq!(NotReady.label(), Msg::SetNotReady);
}

#[test]
fn configured_state_names_stay_and_standard_ones_are_translated() {
    let mut lunch = device(AgentState::NotReady, Some("Out to Lunch"), None);
    lunch.user_state.as_mut().unwrap().reason = Some("Lunch".into());
    let view = AgentView::from_device(&lunch);
    assert_eq!(view.configured_name.as_deref(), Some("Out to Lunch"));
    assert_eq!(
        view.label(),
        Text::raw("Out to Lunch"),
        "the name already says the reason"
    );

    let mut reason = device(AgentState::NotReady, Some("Not Ready"), None);
    reason.user_state.as_mut().unwrap().reason = Some("Break".into());
    let view = AgentView::from_device(&reason);
    assert_eq!(view.label().en(), "Not Ready (Break)");
    assert_eq!(
        view.label().render(Lang::De, &dialer_core::i18n::Builtin),
        "Nicht bereit (Break)",
        "the state in the agent's language, the configured reason as it is"
    );
    let ready = AgentView::from_device(&device(AgentState::Ready, Some("READY"), None));
    assert_eq!(
        ready.label().render(Lang::Fr, &dialer_core::i18n::Builtin),
        "Disponible"
    );
}
