//! The widget builds these requests in code; serialising them must give exactly the documented
//! bodies (compared as JSON values, so key order does not matter).

mod common;

use common::{Shape, all_fixtures, shape_of};
use gws_protocol::{
    ApiResponse, DeviceCallRequest, DialPreviewRecordRequest, DialRequest, OutboundRecord,
    UserData, paths,
};
use serde_json::{Value, json};

/// (request path, body) of a docs sample, read from disk.
fn seed(name: &str) -> (String, Value, Value) {
    let fixture = all_fixtures()
        .into_iter()
        .find(|fixture| fixture.name == name)
        .unwrap_or_else(|| panic!("seed fixture {name} missing"));
    match shape_of(&fixture) {
        Shape::DocsRequest {
            path,
            request_body,
            response_body,
            ..
        } => (path.to_owned(), request_body.clone(), response_body.clone()),
        _ => panic!("{name} is not a docs request sample"),
    }
}

fn user_data(value: Value) -> UserData {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

const DEVICE: &str = "efe1ab32-53f9-43ce-b65e-5768c61f7d4a";

#[test]
fn dial_basic_serialises_to_the_seed_body() {
    let (path, body, response) = seed("dial-request-basic");
    let request = DeviceCallRequest::Dial(DialRequest::new("5001"));
    assert_eq!(serde_json::to_value(&request).unwrap(), body);
    // DialRequest alone is also a complete body.
    assert_eq!(
        serde_json::to_value(DialRequest::new("5001")).unwrap(),
        body
    );
    assert_eq!(paths::device_calls(DEVICE), path);
    assert_eq!(serde_json::to_value(ApiResponse::ok()).unwrap(), response);
}

#[test]
fn dial_with_user_data_serialises_to_the_seed_body() {
    let (path, body, _) = seed("dial-request-userdata");
    let request = DeviceCallRequest::Dial(DialRequest {
        user_data: Some(user_data(json!({"CustomerSegment": "Gold"}))),
        ..DialRequest::new("5001")
    });
    assert_eq!(serde_json::to_value(&request).unwrap(), body);
    assert_eq!(paths::device_calls(DEVICE), path);
}

#[test]
fn dial_preview_record_serialises_to_the_seed_body() {
    let (_, body, _) = seed("dial-preview-record-request");
    let request = DeviceCallRequest::DialPreviewRecord(DialPreviewRecordRequest {
        device_path: "/devices/1234567890".to_owned(),
        outbound_record: OutboundRecord {
            record_handle: Some(431),
            phone_number: Some("5001".to_owned()),
            outbound_caller_id: Some("410004343".to_owned()),
            other_fields: Some(user_data(json!({"AccountNumber": "12345678"}))),
            ..OutboundRecord::default()
        },
    });
    assert_eq!(serde_json::to_value(&request).unwrap(), body);
}

#[test]
fn seed_bodies_parse_back_into_the_same_requests() {
    let (_, basic, _) = seed("dial-request-basic");
    assert_eq!(
        DeviceCallRequest::parse(&basic).unwrap(),
        DeviceCallRequest::Dial(DialRequest::new("5001"))
    );
    let (_, preview, _) = seed("dial-preview-record-request");
    let DeviceCallRequest::DialPreviewRecord(parsed) = DeviceCallRequest::parse(&preview).unwrap()
    else {
        panic!("outboundRecord present: must be DialPreviewRecord");
    };
    assert_eq!(parsed.outbound_record.record_handle, Some(431));
    assert_eq!(parsed.device_path, "/devices/1234567890");
}

#[test]
fn dial_location_is_written_only_when_set() {
    let with_location = DialRequest {
        location: Some("SIP_Switch".to_owned()),
        ..DialRequest::new("5001")
    };
    assert_eq!(
        serde_json::to_value(&with_location).unwrap(),
        json!({"operationName": "Dial", "destination": {"phoneNumber": "5001"}, "location": "SIP_Switch"})
    );
}

#[test]
fn outbound_record_keeps_undocumented_fields() {
    let body = json!({
        "operationName": "Dial",
        "devicePath": "/devices/1",
        "outboundRecord": {"recordHandle": 9, "phoneNumber": "5001", "chainId": 4, "callingList": "L1"}
    });
    let parsed = DeviceCallRequest::parse(&body).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), body);
}
