//! Notification parsing beyond the fixtures: both participant shapes, user data, unknown types
//! kept raw, malformed known messages refused with a plain message.

use gws_protocol::{
    AgentState, Call, CallNotificationType, CallState, Notification, NotificationData, Participant,
    ParticipantInfo,
};
use serde_json::{Value, json};

fn call_message(call: Value) -> Value {
    json!({
        "channel": "/v2/me/calls",
        "data": {"messageType": "CallStateChangeMessage", "notificationType": "StatusChange", "call": call, "phoneNumber": "5005"}
    })
}

fn parsed_call(call: Value) -> Call {
    let notification = Notification::parse(&call_message(call)).expect("valid call message");
    notification.call().expect("a call").clone()
}

#[test]
fn string_participants_with_participants_info_parse() {
    let call = parsed_call(json!({
        "id": "c1", "state": "Dialing", "participants": ["5001"],
        "participantsInfo": [{"digits": "5001", "e164Number": "5001", "formattedPhoneNumber": "5001"}]
    }));
    assert_eq!(call.participants, vec![Participant::Number("5001".into())]);
    assert_eq!(call.participants[0].display_number(), "5001");
    assert_eq!(call.participants_info.as_ref().map(Vec::len), Some(1));
    assert_eq!(call.other_party().as_deref(), Some("5001"));
}

#[test]
fn object_participants_parse_and_show_the_first_non_empty_number() {
    let call = parsed_call(json!({
        "id": "c1", "state": "Ringing",
        "participants": [{"e164Number": "", "formattedPhoneNumber": "1003", "phoneNumber": "1003", "digits": "1003", "x": 1}]
    }));
    let Participant::Info(info) = &call.participants[0] else {
        panic!("object shape expected")
    };
    assert_eq!(info.phone_number.as_deref(), Some("1003"));
    assert_eq!(info.extra["x"], 1);
    assert_eq!(call.other_party().as_deref(), Some("1003"));

    let sparse = Participant::Info(ParticipantInfo {
        phone_number: Some(String::new()),
        formatted_phone_number: Some("+1 555".into()),
        ..ParticipantInfo::default()
    });
    assert_eq!(sparse.display_number(), "+1 555");
    assert_eq!(
        Participant::Info(ParticipantInfo::default()).display_number(),
        ""
    );
}

#[test]
fn other_party_falls_back_to_participants_info_then_dnis_then_ani() {
    let mut call = Call::new("c1", CallState::Ringing);
    assert_eq!(call.other_party(), None);
    call.ani = Some("6000".into());
    assert_eq!(call.other_party().as_deref(), Some("6000"));
    call.dnis = Some("5001".into());
    assert_eq!(call.other_party().as_deref(), Some("5001"));
    call.participants_info = Some(vec![
        json!({"E164digits": "", "formattedPhoneNumber": "5000"}),
    ]);
    assert_eq!(call.other_party().as_deref(), Some("5000"));
    call.participants = vec![
        Participant::Number(String::new()),
        Participant::from("7000"),
    ];
    assert_eq!(call.other_party().as_deref(), Some("7000"));
}

#[test]
fn has_capability_is_exact_and_case_sensitive() {
    let call = Call {
        capabilities: vec!["Hangup".into(), "Hold".into()],
        ..Call::new("c1", CallState::Established)
    };
    assert!(call.has_capability("Hangup"));
    assert!(!call.has_capability("HangUp"));
    assert!(!call.has_capability("Answer"));
}

#[test]
fn nested_user_data_is_kept_as_json() {
    let call = parsed_call(json!({
        "id": "c1", "state": "Ringing", "participants": [],
        "userData": {"WWE_PARTY_1003": {"path": "/users/1e55", "firstname": "test1"}, "BusinessCall": 1, "list": [1, "a"]}
    }));
    let user_data = call.user_data.expect("userData");
    assert_eq!(user_data["WWE_PARTY_1003"]["path"], "/users/1e55");
    assert_eq!(user_data["BusinessCall"], 1);
    assert_eq!(user_data["list"], json!([1, "a"]));
}

#[test]
fn absent_user_data_stays_absent_and_released_capabilities_stay_empty_list() {
    let raw = call_message(
        json!({"id": "c1", "state": "Released", "participants": [], "capabilities": []}),
    );
    let parsed = Notification::parse(&raw).unwrap();
    let call = parsed.call().unwrap();
    assert!(call.user_data.is_none());
    assert!(call.is_released());
    let written = serde_json::to_value(&parsed).unwrap();
    assert!(written["data"]["call"].get("userData").is_none());
    assert_eq!(written["data"]["call"]["capabilities"], json!([]));
    assert_eq!(written, raw);
}

#[test]
fn unknown_message_type_is_kept_raw() {
    let raw = json!({"channel": "/v2/me/chats", "data": {"messageType": "ChatStateChangeMessage", "chat": {"id": 1}}});
    let parsed = Notification::parse(&raw).unwrap();
    assert_eq!(
        parsed.data,
        NotificationData::Unknown {
            message_type: Some("ChatStateChangeMessage".into()),
            raw: raw["data"].clone()
        }
    );
    assert_eq!(serde_json::to_value(&parsed).unwrap(), raw);

    let untyped = json!({"channel": "/v2/me", "data": {"something": true}});
    let parsed = Notification::parse(&untyped).unwrap();
    assert!(matches!(
        parsed.data,
        NotificationData::Unknown {
            message_type: None,
            ..
        }
    ));
}

#[test]
fn unknown_notification_type_is_typed_unknown_not_an_error() {
    let mut raw = call_message(
        json!({"id": "c1", "state": "Established", "participants": ["5001"], "capabilities": ["Hangup"]}),
    );
    raw["data"]["notificationType"] = json!("SomethingNew");
    let parsed = Notification::parse(&raw).unwrap();
    let NotificationData::CallStateChange(message) = &parsed.data else {
        panic!("still a call message")
    };
    assert_eq!(
        message.notification_type,
        CallNotificationType::Unknown("SomethingNew".into())
    );
    assert_eq!(serde_json::to_value(&parsed).unwrap(), raw);

    // A new notificationType with a body we cannot read is kept raw rather than refused.
    let odd = json!({"channel": "/v2/me/calls", "data": {"messageType": "CallStateChangeMessage", "notificationType": "Future", "calls": []}});
    let parsed = Notification::parse(&odd).unwrap();
    assert_eq!(
        parsed.data,
        NotificationData::Unknown {
            message_type: Some("CallStateChangeMessage".into()),
            raw: odd["data"].clone()
        }
    );
}

#[test]
fn unknown_call_and_agent_states_are_kept_verbatim() {
    let call = parsed_call(json!({"id": "c1", "state": "Completed", "participants": []}));
    assert_eq!(call.state, CallState::Unknown("Completed".into()));
    assert_eq!(serde_json::to_value(&call.state).unwrap(), "Completed");
    let agent: AgentState = serde_json::from_value(json!("Logout")).unwrap();
    assert_eq!(agent, AgentState::Unknown("Logout".into()));
    assert_eq!(
        serde_json::from_value::<AgentState>(json!("LoggedIn")).unwrap(),
        AgentState::LoggedIn
    );
}

fn malformed(data: Value) -> String {
    let raw = json!({"channel": "/v2/me/calls", "data": data});
    Notification::parse(&raw)
        .expect_err("must be refused")
        .message
}

#[test]
fn malformed_known_messages_are_errors_with_plain_messages() {
    let message = malformed(
        json!({"messageType": "CallStateChangeMessage", "notificationType": "StatusChange"}),
    );
    assert!(
        message.contains("CallStateChangeMessage") && message.contains("call"),
        "{message}"
    );
    let message = malformed(
        json!({"messageType": "CallStateChangeMessage", "notificationType": "StatusChange", "call": "c1"}),
    );
    assert!(message.contains("CallStateChangeMessage"), "{message}");
    let message = malformed(
        json!({"messageType": "CallStateChangeMessage", "notificationType": "StatusChange", "call": {"id": "c1", "state": 3}}),
    );
    assert!(message.contains("could not be read"), "{message}");
    let message = malformed(
        json!({"messageType": "CallStateChangeMessage", "notificationType": "StatusChange", "call": {"id": "c1", "state": "Ringing", "participants": [5]}}),
    );
    assert!(message.contains("participant"), "{message}");
    let message = malformed(
        json!({"messageType": "CallStateChangeMessage", "call": {"id": "c1", "state": "Ringing"}}),
    );
    assert!(message.contains("notificationType"), "{message}");
    let message =
        malformed(json!({"messageType": "DeviceStateChangeMessage", "devices": {"id": "d"}}));
    assert!(message.contains("DeviceStateChangeMessage"), "{message}");
    let message = malformed(json!({"messageType": "ErrorMessage", "errorCode": "forty"}));
    assert!(message.contains("ErrorMessage"), "{message}");
}

#[test]
fn envelope_problems_are_errors() {
    assert!(Notification::parse(&json!({"data": {}})).is_err());
    assert!(Notification::parse(&json!({"channel": "/v2/me/calls"})).is_err());
    assert!(Notification::parse(&json!({"channel": "/v2/me/calls", "data": "text"})).is_err());
    assert!(Notification::parse(&json!("not an object")).is_err());
    assert!(serde_json::from_str::<Notification>(r#"{"channel":"/v2/me/calls"}"#).is_err());
}

#[test]
fn error_channel_and_outbound_messages_parse() {
    let error = Notification::parse(&json!({"channel": "/v2/me/devices", "data": {
        "messageType": "ErrorMessage", "errorCode": 56, "errorMessage": "Invalid Called Dn", "callUri": "http://h/api/v2/me/calls/1"
    }}))
    .unwrap();
    let NotificationData::Error(message) = &error.data else {
        panic!("ErrorMessage")
    };
    assert_eq!(message.error_code, Some(56));
    assert_eq!(message.error_message.as_deref(), Some("Invalid Called Dn"));

    let channels = Notification::parse(&json!({"channel": "/v2/me/channels", "data": {"channels": [{
        "channel": "email", "dndState": "Off",
        "userState": {"displayName": "Not Ready", "id": "900D55CC-2BB0-431F-8BF9-D3525B383BE6", "state": "NotReady"}
    }], "messageType": "ChannelStateChangeMessageV2"}}))
    .unwrap();
    let NotificationData::ChannelStateChange(message) = &channels.data else {
        panic!("V2")
    };
    assert_eq!(
        message.channels[0].user_state.as_ref().unwrap().state,
        AgentState::NotReady
    );

    let ack = json!({"data": {"record": {"devicePath": "/devices/1", "callingList": "CallingList1", "applicationId": 134, "recordHandle": 9, "campaignName": "Campaign1"},
        "notificationType": "RecordRejectAcknowledge", "messageType": "OutboundRecordMessage", "referenceId": "123456789"}, "channel": "/v2/me/outbound"});
    let parsed = Notification::parse(&ack).unwrap();
    let NotificationData::OutboundRecord(message) = &parsed.data else {
        panic!("OutboundRecord")
    };
    assert_eq!(
        message.notification_type.as_deref(),
        Some("RecordRejectAcknowledge")
    );
    assert_eq!(message.record.as_ref().unwrap()["recordHandle"], 9);
    assert_eq!(serde_json::to_value(&parsed).unwrap(), ack);

    let campaign = json!({"channel": "/v2/me/outbound", "data": {"messageType": "OutboundCampaignMessage", "notificationType": "PreviewSessionStarted",
        "campaign": {"name": "Campaign1", "dialingMode": "Preview", "applicationId": 134}, "referenceId": "123456789"}});
    assert!(matches!(
        Notification::parse(&campaign).unwrap().data,
        NotificationData::OutboundCampaign(_)
    ));

    let user_event = json!({"channel": "/v2/me/outbound", "data": {"messageType": "DeviceUserEventMessage", "deviceId": "d1",
        "userData": {"GSW_USER_EVENT": "PreviewRecord", "GSW_APPLICATION_ID": 134}}});
    let parsed = Notification::parse(&user_event).unwrap();
    let NotificationData::DeviceUserEvent(message) = &parsed.data else {
        panic!("DeviceUserEvent")
    };
    assert_eq!(
        message.user_data.as_ref().unwrap()["GSW_APPLICATION_ID"],
        134
    );
    assert_eq!(serde_json::to_value(&parsed).unwrap(), user_event);
}

#[test]
fn built_notifications_serialise_with_message_type() {
    use gws_protocol::CallStateChangeMessage;
    let notification = Notification {
        channel: gws_protocol::paths::CHANNEL_CALLS.into(),
        data: NotificationData::CallStateChange(CallStateChangeMessage {
            notification_type: CallNotificationType::StatusChange,
            call: Call {
                participants: vec!["5001".into()],
                ..Call::new("c1", CallState::Dialing)
            },
            phone_number: Some("5005".into()),
            extensions: None,
            metrics: None,
            extra: Default::default(),
        }),
    };
    let written = serde_json::to_value(&notification).unwrap();
    assert_eq!(
        written,
        json!({"channel": "/v2/me/calls", "data": {"messageType": "CallStateChangeMessage", "notificationType": "StatusChange",
            "phoneNumber": "5005", "call": {"id": "c1", "state": "Dialing", "participants": ["5001"], "capabilities": []}}})
    );
    assert_eq!(
        Notification::from_parts("/v2/me/calls", &written["data"]).unwrap(),
        notification
    );
}
