//! Every operation name each parser advertises really parses, reports the same `name()`, and
//! survives serialise → parse; plus the exact wire shapes the widget sends.

use gws_protocol::{
    AgentStateOperation, CallOperation, Destination, DeviceOperation, MeOperation,
    OutboundCampaignOperation, OutboundRecordFields, OutboundRecordOperation, RequestError,
};
use serde::Serialize;
use serde_json::{Value, json};

/// Parses `{operationName: name, ..fields}`, checks the name, and re-parses its serialisation.
fn check_all<T, N, P, F>(names: N, parse: P, name_of: F, fields: Value)
where
    T: Serialize + PartialEq + std::fmt::Debug,
    N: Iterator<Item = &'static str>,
    P: Fn(&Value) -> Result<T, RequestError>,
    F: Fn(&T) -> &'static str,
{
    let mut count = 0;
    for name in names {
        let mut body = fields.clone();
        body["operationName"] = json!(name);
        let op = parse(&body).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(name_of(&op), name);
        let written = serde_json::to_value(&op).unwrap();
        assert_eq!(written["operationName"], name);
        assert_eq!(
            parse(&written).unwrap(),
            op,
            "{name} did not survive a round trip"
        );
        count += 1;
    }
    assert!(count > 0);
}

#[test]
fn every_call_operation_parses_and_round_trips() {
    let fields = json!({
        "digits": "5", "userData": {"k": "v"}, "key": "k", "destination": {"phoneNumber": "5001"},
        "participant": "5001", "otherCallUri": "http://h/api/v2/me/calls/2", "consultCallUri": "http://h/api/v2/me/calls/3"
    });
    check_all(
        CallOperation::names(),
        CallOperation::parse,
        CallOperation::name,
        fields,
    );
    let names: Vec<_> = CallOperation::names().collect();
    for expected in [
        "Answer",
        "Reject",
        "Hangup",
        "ClearCall",
        "Hold",
        "Retrieve",
        "SendDtmf",
        "AttachUserData",
        "UpdateUserData",
        "DeleteUserData",
        "DeleteUserDataPair",
        "MuteCall",
        "UnmuteCall",
        "InitiateTransfer",
        "CompleteTransfer",
        "SingleStepTransfer",
        "InitiateConference",
        "CompleteConference",
        "SingleStepConference",
        "RemoveParticipantFromConference",
        "SwapCalls",
        "StartCallRecording",
        "StopCallRecording",
        "PauseCallRecording",
        "ResumeCallRecording",
    ] {
        assert!(names.contains(&expected), "{expected} missing");
    }
}

#[test]
fn every_other_operation_parses_and_round_trips() {
    check_all(
        AgentStateOperation::names(),
        AgentStateOperation::parse,
        AgentStateOperation::name,
        json!({"workmode": "ManualIn", "reason": "Lunch", "workMode": "AuxWork", "wrapUpTime": "5"}),
    );
    check_all(
        MeOperation::names(),
        MeOperation::parse,
        MeOperation::name,
        json!({"channels": ["voice"], "place": "P1"}),
    );
    check_all(
        DeviceOperation::names(),
        DeviceOperation::parse,
        DeviceOperation::name,
        json!({"destination": "5001"}),
    );
    check_all(
        OutboundCampaignOperation::names(),
        OutboundCampaignOperation::parse,
        OutboundCampaignOperation::name,
        json!({"devicePath": "/devices/1", "applicationId": 134, "referenceId": "123456789"}),
    );
    check_all(
        OutboundRecordOperation::names(),
        OutboundRecordOperation::parse,
        OutboundRecordOperation::name,
        json!({"applicationId": 134, "campaignName": "Campaign1", "callingList": "CallingList1", "callResult": 28}),
    );
}

fn wire<T: Serialize>(op: &T) -> Value {
    serde_json::to_value(op).unwrap()
}

#[test]
fn call_operations_have_the_documented_wire_shapes() {
    assert_eq!(
        wire(&CallOperation::Hangup),
        json!({"operationName": "Hangup"})
    );
    assert_eq!(
        wire(&CallOperation::SendDtmf { digits: "5".into() }),
        json!({"operationName": "SendDtmf", "digits": "5"})
    );
    assert_eq!(
        wire(&CallOperation::SingleStepTransfer {
            destination: Destination::new("15002"),
            location: None,
            user_data: Some(
                json!({"TransferReason": "Escalation"})
                    .as_object()
                    .unwrap()
                    .clone()
            ),
        }),
        json!({"operationName": "SingleStepTransfer", "destination": {"phoneNumber": "15002"}, "userData": {"TransferReason": "Escalation"}})
    );
    assert_eq!(
        wire(&CallOperation::CompleteTransfer {
            consult_call_uri: None
        }),
        json!({"operationName": "CompleteTransfer"})
    );
    assert_eq!(
        wire(&CallOperation::SwapCalls {
            other_call_uri: "http://h/api/v2/me/calls/2".into()
        }),
        json!({"operationName": "SwapCalls", "otherCallUri": "http://h/api/v2/me/calls/2"})
    );
    assert_eq!(
        wire(&CallOperation::RemoveParticipantFromConference {
            participant: "15001".into()
        }),
        json!({"operationName": "RemoveParticipantFromConference", "participant": "15001"})
    );
    assert_eq!(
        wire(&CallOperation::DeleteUserDataPair {
            key: "CustomerSegment".into()
        }),
        json!({"operationName": "DeleteUserDataPair", "key": "CustomerSegment"})
    );
}

#[test]
fn session_agent_device_and_outbound_shapes() {
    assert_eq!(
        wire(&MeOperation::start_voice_session()),
        json!({"operationName": "StartContactCenterSession", "channels": ["voice"]})
    );
    assert_eq!(
        wire(&MeOperation::EndContactCenterSession),
        json!({"operationName": "EndContactCenterSession"})
    );
    assert_eq!(
        wire(&AgentStateOperation::Ready { workmode: None }),
        json!({"operationName": "Ready"})
    );
    assert_eq!(
        wire(&AgentStateOperation::AfterCallWork {
            wrap_up_time: Some("0".into())
        }),
        json!({"operationName": "AfterCallWork", "wrapUpTime": "0"})
    );
    assert_eq!(
        wire(&DeviceOperation::ForwardCallsOn {
            destination: "5001".into()
        }),
        json!({"operationName": "ForwardCallsOn", "destination": "5001"})
    );
    assert_eq!(
        wire(&OutboundCampaignOperation::StartPreviewSession {
            device_path: "/devices/5910".into(),
            application_id: Some(134),
            reference_id: Some("123456789".into()),
        }),
        json!({"operationName": "StartPreviewSession", "devicePath": "/devices/5910", "applicationId": 134, "referenceId": "123456789"})
    );
    let reschedule = json!({"operationName": "RescheduleRecord", "callbackType": "Personal", "timestamp": 1433917552, "chainId": 7});
    let parsed = OutboundRecordOperation::parse(&reschedule).unwrap();
    assert_eq!(parsed.fields().timestamp, Some(1433917552));
    assert_eq!(
        parsed.fields().extra["chainId"],
        7,
        "undocumented fields are kept"
    );
    assert_eq!(wire(&parsed), reschedule);
    assert_eq!(
        wire(&OutboundRecordOperation::CompleteRecord(
            OutboundRecordFields::default()
        )),
        json!({"operationName": "CompleteRecord"})
    );
}

#[test]
fn without_parameters_matches_parse_for_every_name() {
    let mut names: Vec<&str> = CallOperation::names().collect();
    names.extend(["Foo", "", "answer"]);
    let mut built = 0;
    for name in names {
        let direct = CallOperation::without_parameters(name);
        let parsed = CallOperation::parse(&json!({ "operationName": name }));
        assert_eq!(direct, parsed, "{name}");
        built += usize::from(direct.is_ok());
    }
    // Answer, Hangup, Hold, … and CompleteTransfer/CompleteConference (optional fields only).
    assert_eq!(built, 20);
}
