//! Request parsers answer with the statusCode a real GWS would: 1 for a missing parameter,
//! 10 for a wrong type or value, with messages that name the field.

use gws_protocol::{
    AgentStateOperation, CallOperation, DeviceCallRequest, DeviceOperation, MeOperation,
    OutboundCampaignOperation, OutboundRecordOperation, RequestError, StatusCode,
};
use serde_json::{Value, json};

fn call_err(body: Value) -> RequestError {
    CallOperation::parse(&body).expect_err("must be refused")
}

fn assert_error(err: &RequestError, status: StatusCode, mentions: &[&str]) {
    assert_eq!(err.status, status, "{err}");
    for text in mentions {
        assert!(
            err.message.contains(text),
            "message {:?} should mention {text:?}",
            err.message
        );
    }
}

#[test]
fn missing_operation_name_is_code_1() {
    assert_error(
        &call_err(json!({})),
        StatusCode::MissingParameter,
        &["operationName"],
    );
    assert_error(
        &call_err(json!({"operationName": null})),
        StatusCode::MissingParameter,
        &["operationName"],
    );
    let dial =
        DeviceCallRequest::parse(&json!({"destination": {"phoneNumber": "5001"}})).unwrap_err();
    assert_error(&dial, StatusCode::MissingParameter, &["operationName"]);
}

#[test]
fn body_that_is_not_an_object_is_code_1() {
    for body in [
        json!("Hangup"),
        json!(null),
        json!([{"operationName": "Hangup"}]),
        json!(3),
    ] {
        assert_error(
            &call_err(body),
            StatusCode::MissingParameter,
            &["operationName"],
        );
    }
}

#[test]
fn operation_name_of_wrong_type_is_code_10() {
    assert_error(
        &call_err(json!({"operationName": 5})),
        StatusCode::InputValidation,
        &["operationName", "string"],
    );
}

#[test]
fn unknown_operation_is_code_10_and_lists_the_valid_ones() {
    let err = call_err(json!({"operationName": "Foo"}));
    assert_error(
        &err,
        StatusCode::InputValidation,
        &[
            "'Foo' is not a valid operationName here",
            "Hangup",
            "SwapCalls",
        ],
    );
    // Case matters, as on the wire.
    assert_eq!(
        call_err(json!({"operationName": "HangUp"})).status,
        StatusCode::InputValidation
    );
    // A valid name for another endpoint is still unknown here.
    let err = AgentStateOperation::parse(&json!({"operationName": "Hangup"})).unwrap_err();
    assert_error(
        &err,
        StatusCode::InputValidation,
        &["Ready", "AfterCallWork"],
    );
    let err = DeviceCallRequest::parse(&json!({"operationName": "Hangup"})).unwrap_err();
    assert_error(&err, StatusCode::InputValidation, &["Dial"]);
}

#[test]
fn a_huge_unknown_operation_name_is_not_echoed_whole() {
    // A megabyte-long name must not come back as a megabyte-long message (every refusal the
    // simulator sends, and every log line of it, would carry it).
    let name = format!("Dial{}", "x".repeat(1_000_000));
    let err = call_err(json!({ "operationName": name }));
    assert_error(
        &err,
        StatusCode::InputValidation,
        &[
            "'Dialxxxx",
            "…' is not a valid operationName here",
            "Hangup",
        ],
    );
    assert!(err.message.len() < 1_000, "{} bytes", err.message.len());
}

#[test]
fn missing_required_field_is_code_1_naming_it() {
    assert_error(
        &call_err(json!({"operationName": "SendDtmf"})),
        StatusCode::MissingParameter,
        &["'digits'", "SendDtmf"],
    );
    assert_error(
        &call_err(json!({"operationName": "UpdateUserData"})),
        StatusCode::MissingParameter,
        &["'userData'"],
    );
    assert_error(
        &call_err(json!({"operationName": "DeleteUserDataPair"})),
        StatusCode::MissingParameter,
        &["'key'"],
    );
    assert_error(
        &call_err(json!({"operationName": "SwapCalls"})),
        StatusCode::MissingParameter,
        &["'otherCallUri'"],
    );
    assert_error(
        &call_err(json!({"operationName": "SingleStepTransfer", "destination": {}})),
        StatusCode::MissingParameter,
        &["'destination.phoneNumber'"],
    );
    assert_error(
        &call_err(json!({"operationName": "SendDtmf", "digits": null})),
        StatusCode::MissingParameter,
        &["'digits'"],
    );
    let dial = DeviceCallRequest::parse(&json!({"operationName": "Dial"})).unwrap_err();
    assert_error(&dial, StatusCode::MissingParameter, &["'destination'"]);
    let preview = DeviceCallRequest::parse(&json!({"operationName": "Dial", "outboundRecord": {}}))
        .unwrap_err();
    assert_error(&preview, StatusCode::MissingParameter, &["'devicePath'"]);
    let session =
        MeOperation::parse(&json!({"operationName": "StartContactCenterSession"})).unwrap_err();
    assert_error(&session, StatusCode::MissingParameter, &["'channels'"]);
    let forward = DeviceOperation::parse(&json!({"operationName": "ForwardCallsOn"})).unwrap_err();
    assert_error(&forward, StatusCode::MissingParameter, &["'destination'"]);
    let preview_session =
        OutboundCampaignOperation::parse(&json!({"operationName": "StartPreviewSession"}))
            .unwrap_err();
    assert_error(
        &preview_session,
        StatusCode::MissingParameter,
        &["'devicePath'"],
    );
}

#[test]
fn wrong_type_is_code_10_naming_field_and_expected_type() {
    assert_error(
        &call_err(json!({"operationName": "SendDtmf", "digits": 5})),
        StatusCode::InputValidation,
        &["'digits'", "a string", "a number"],
    );
    assert_error(
        &call_err(json!({"operationName": "InitiateTransfer", "destination": "5001"})),
        StatusCode::InputValidation,
        &["'destination'", "phoneNumber"],
    );
    assert_error(
        &call_err(
            json!({"operationName": "InitiateTransfer", "destination": {"phoneNumber": 5001}}),
        ),
        StatusCode::InputValidation,
        &["'destination.phoneNumber'", "a string"],
    );
    assert_error(
        &call_err(json!({"operationName": "AttachUserData", "userData": ["a"]})),
        StatusCode::InputValidation,
        &["'userData'", "JSON object"],
    );
    assert_error(
        &call_err(
            json!({"operationName": "SingleStepConference", "destination": {"phoneNumber": "1"}, "location": 1}),
        ),
        StatusCode::InputValidation,
        &["'location'"],
    );
    // ForwardCallsOn takes a plain string, not Dial's object.
    let forward = DeviceOperation::parse(
        &json!({"operationName": "ForwardCallsOn", "destination": {"phoneNumber": "5001"}}),
    )
    .unwrap_err();
    assert_error(
        &forward,
        StatusCode::InputValidation,
        &["'destination'", "a string"],
    );
    let preview = DeviceCallRequest::parse(&json!({
        "operationName": "Dial", "devicePath": "/devices/1", "outboundRecord": {"recordHandle": "431"}
    }))
    .unwrap_err();
    assert_error(
        &preview,
        StatusCode::InputValidation,
        &["'outboundRecord.recordHandle'", "an integer"],
    );
    let channels = MeOperation::parse(
        &json!({"operationName": "StartContactCenterSession", "channels": "voice"}),
    )
    .unwrap_err();
    assert_error(
        &channels,
        StatusCode::InputValidation,
        &["'channels'", "array of strings"],
    );
    let record = OutboundRecordOperation::parse(
        &json!({"operationName": "RescheduleRecord", "timestamp": "soon"}),
    )
    .unwrap_err();
    assert_error(
        &record,
        StatusCode::InputValidation,
        &["'timestamp'", "an integer"],
    );
}

#[test]
fn empty_required_values_are_code_10() {
    assert_error(
        &call_err(json!({"operationName": "SendDtmf", "digits": ""})),
        StatusCode::InputValidation,
        &["'digits'", "empty"],
    );
    let dial = DeviceCallRequest::parse(
        &json!({"operationName": "Dial", "destination": {"phoneNumber": ""}}),
    )
    .unwrap_err();
    assert_error(
        &dial,
        StatusCode::InputValidation,
        &["'destination.phoneNumber'"],
    );
    let session =
        MeOperation::parse(&json!({"operationName": "StartContactCenterSession", "channels": []}))
            .unwrap_err();
    assert_error(&session, StatusCode::InputValidation, &["'channels'"]);
}

#[test]
fn error_becomes_the_gws_response_body() {
    let err = call_err(json!({"operationName": "SendDtmf"}));
    let body = serde_json::to_value(err.to_response()).unwrap();
    assert_eq!(body["statusCode"], 1);
    assert_eq!(body["statusMessage"].as_str(), Some(err.message.as_str()));
    assert_eq!(err.to_string(), err.message);
}

#[test]
fn unknown_extra_fields_are_tolerated() {
    let op = CallOperation::parse(&json!({"operationName": "Hangup", "reason": "done"})).unwrap();
    assert_eq!(op, CallOperation::Hangup);
    let session = MeOperation::parse(&json!({
        "operationName": "StartContactCenterSession", "channels": ["voice"],
        "mobileSession": {"mobileDeviceId": "x", "mobilePushType": "IOS"}
    }))
    .unwrap();
    assert_eq!(session, MeOperation::start_voice_session());
}

#[test]
fn wrap_up_time_accepts_documented_string_and_numbers() {
    for (body, expected) in [
        (
            json!({"operationName": "AfterCallWork", "wrapUpTime": "0"}),
            Some("0"),
        ),
        (
            json!({"operationName": "AfterCallWork", "wrapUpTime": 20}),
            Some("20"),
        ),
        (json!({"operationName": "AfterCallWork"}), None),
    ] {
        let AgentStateOperation::AfterCallWork { wrap_up_time } =
            AgentStateOperation::parse(&body).unwrap()
        else {
            panic!("AfterCallWork expected");
        };
        assert_eq!(wrap_up_time.as_deref(), expected);
    }
    let err =
        AgentStateOperation::parse(&json!({"operationName": "AfterCallWork", "wrapUpTime": true}))
            .unwrap_err();
    assert_error(&err, StatusCode::InputValidation, &["'wrapUpTime'"]);
}
