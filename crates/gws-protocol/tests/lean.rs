//! The widget's lean decoders give exactly what the serde derives give, on every capture of a
//! real GWS 8.5 server and every sample, and refuse what the derives refuse.

mod common;

use common::{Shape, all_fixtures, shape_of};
use gws_protocol::{
    ApiResponse, CallsResponse, DevicesResponse, MeResponse, Notification, NotificationData,
    OutboundRecord, lean,
};
use serde_json::{Value, json};

#[test]
fn notifications_decode_like_the_derives() {
    let mut compared = 0;
    for fixture in all_fixtures() {
        if !matches!(shape_of(&fixture), Shape::Notification) {
            continue;
        }
        let full = Notification::parse(&fixture.json).unwrap();
        let channel = fixture.json["channel"].as_str().unwrap();
        let lean = lean::notification(channel, &fixture.json["data"])
            .unwrap_or_else(|e| panic!("{}: {e}", fixture.name));
        match &full.data {
            NotificationData::CallStateChange(_)
            | NotificationData::DeviceStateChange(_)
            | NotificationData::Error(_) => {
                assert_eq!(lean, full, "{}", fixture.name);
                compared += 1;
            }
            _ => assert!(
                matches!(lean.data, NotificationData::Unknown { .. }),
                "{}: types the widget does not use stay raw",
                fixture.name
            ),
        }
    }
    assert!(compared >= 10, "compared {compared}");
}

#[test]
fn rest_answers_decode_like_the_derives() {
    let (mut users, mut call_lists) = (0, 0);
    for fixture in all_fixtures() {
        let body = match shape_of(&fixture) {
            Shape::Capture { response_body, .. } | Shape::DocsRequest { response_body, .. } => {
                response_body.clone()
            }
            Shape::Notification => continue,
        };
        if body.get("statusCode").is_some() {
            let full: ApiResponse = serde_json::from_value(body.clone()).unwrap();
            assert_eq!(lean::api_response(&body).unwrap(), full, "{}", fixture.name);
        }
        if body.get("user").is_some() {
            let full: MeResponse = serde_json::from_value(body.clone()).unwrap();
            let (status, user) = lean::me(&body).unwrap();
            assert_eq!(
                (status, user),
                (full.status_code, full.user),
                "{}",
                fixture.name
            );
            users += 1;
        }
        if body.get("calls").is_some() {
            let full: CallsResponse = serde_json::from_value(body.clone()).unwrap();
            let (status, calls) = lean::answer(&body, "calls", lean::call).unwrap();
            assert_eq!(
                (status, calls),
                (full.status_code, full.calls),
                "{}",
                fixture.name
            );
            call_lists += 1;
        }
        if body.get("devices").is_some() {
            let full: DevicesResponse = serde_json::from_value(body.clone()).unwrap();
            let (status, devices) = lean::answer(&body, "devices", lean::device).unwrap();
            assert_eq!(
                (status, devices),
                (full.status_code, full.devices),
                "{}",
                fixture.name
            );
        }
    }
    assert!(users >= 2, "users compared: {users}");
    let _ = call_lists;
}

fn call_message(call: Value) -> Value {
    json!({"messageType": "CallStateChangeMessage", "notificationType": "StatusChange", "call": call})
}

#[test]
fn both_paths_agree_on_shapes_and_on_what_they_refuse() {
    let cases = [
        // Both participant shapes, unknown fields, nulls for optional fields.
        call_message(
            json!({"id": "c1", "state": "Dialing", "participants": ["5001"],
            "participantsInfo": [{"digits": "5001"}], "capabilities": [], "x": {"y": 1}}),
        ),
        call_message(
            json!({"id": "c1", "state": "Shiny", "participants": [{"phoneNumber": "1", "e164Number": ""}],
            "userData": {"a": [1]}, "duration": null, "previousConnId": "c0"}),
        ),
        call_message(json!({"id": "c1", "state": "Held"})),
        // Refused by both: missing id, wrong types.
        call_message(json!({"state": "Held"})),
        call_message(json!({"id": 5, "state": "Held"})),
        call_message(json!({"id": "c1", "state": "Held", "capabilities": "Hangup"})),
        call_message(json!({"id": "c1", "state": "Held", "participants": [7]})),
        call_message(json!({"id": "c1", "state": "Held", "userData": []})),
        json!({"messageType": "CallStateChangeMessage", "call": {"id": "c1", "state": "Held"}}),
        // A new notificationType with another body stays raw on both paths.
        json!({"messageType": "CallStateChangeMessage", "notificationType": "Teleported", "call": 1}),
        json!({"messageType": "DeviceStateChangeMessage", "devices": [{"id": "d", "userState": {"state": "Ready", "q": 1}}],
               "metrics": {"eventProcessing": {"serverGenerationTimestamp": 5, "z": 1}, "w": 2}}),
        json!({"messageType": "DeviceStateChangeMessage", "devices": [{"userState": {"state": "Ready"}}]}),
        json!({"messageType": "DeviceStateChangeMessage"}),
        json!({"messageType": "ErrorMessage", "errorCode": 71, "errorMessage": "x", "callUri": "u"}),
        json!({"messageType": "ErrorMessage", "errorCode": "71"}),
        json!({"messageType": "Brand new", "anything": true}),
        json!({"no": "type"}),
        json!(["not", "an", "object"]),
    ];
    for data in cases {
        let full = Notification::parse(&json!({"channel": "/v2/me/calls", "data": data}));
        let lean = lean::notification("/v2/me/calls", &data);
        match (&full, &lean) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{data}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{data}: derive {full:?} but lean {lean:?}"),
        }
    }
}

#[test]
fn outbound_records_and_envelopes_agree_with_the_derives() {
    let records = [
        json!({"recordHandle": 431, "phoneNumber": "5550123", "outboundCallerId": "410004343",
               "otherFields": {"AccountNumber": "12345678"}, "campaignName": "C"}),
        json!({"phoneNumber": "5001"}),
        json!({"recordHandle": "431"}),
        json!({"phoneNumber": 5001}),
        json!({"otherFields": []}),
    ];
    for record in records {
        let full = serde_json::from_value::<OutboundRecord>(record.clone());
        let lean = lean::outbound_record(&record);
        match (&full, &lean) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{record}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{record}: derive {full:?} but lean {lean:?}"),
        }
    }
    let envelopes = [
        json!({"statusCode": 7, "failed": [{"statusCode": 4, "statusMessage": "down", "channel": "voice"}],
               "succeeded": [{"statusCode": 0, "channel": "im"}], "x": 1}),
        json!({"statusCode": 2, "statusMessage": "no"}),
        json!({"statusMessage": "no code"}),
        json!({"statusCode": 7, "failed": [{"statusCode": 4}]}),
    ];
    for body in envelopes {
        let full = serde_json::from_value::<ApiResponse>(body.clone());
        let lean = lean::api_response(&body);
        match (&full, &lean) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{body}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{body}: derive {full:?} but lean {lean:?}"),
        }
    }
}
