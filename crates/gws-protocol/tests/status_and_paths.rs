//! StatusCode integer mapping, response envelopes and path helpers.

use gws_protocol::{ApiResponse, ChannelResult, StatusCode, paths};
use serde_json::json;

#[test]
fn every_documented_code_round_trips_as_an_integer() {
    let mut descriptions = std::collections::HashSet::new();
    for code in 0..=20 {
        let status = StatusCode::from_code(code);
        assert!(
            !matches!(status, StatusCode::Other(_)),
            "{code} is documented"
        );
        assert_eq!(status.code(), code);
        assert_eq!(serde_json::to_value(status).unwrap(), json!(code));
        assert_eq!(
            serde_json::from_value::<StatusCode>(json!(code)).unwrap(),
            status
        );
        assert!(
            descriptions.insert(status.description()),
            "duplicate description for {code}"
        );
    }
}

#[test]
fn named_codes_match_the_table() {
    assert_eq!(StatusCode::from_code(0), StatusCode::Ok);
    assert_eq!(StatusCode::from_code(1), StatusCode::MissingParameter);
    assert_eq!(StatusCode::from_code(2), StatusCode::InvalidState);
    assert_eq!(StatusCode::from_code(4), StatusCode::InternalError);
    assert_eq!(StatusCode::from_code(6), StatusCode::NotFound);
    assert_eq!(StatusCode::from_code(7), StatusCode::PartialSuccess);
    assert_eq!(StatusCode::from_code(10), StatusCode::InputValidation);
    assert_eq!(StatusCode::from_code(20), StatusCode::NotAuthenticated);
    assert!(StatusCode::Ok.is_success() && StatusCode::PartialSuccess.is_success());
    assert!(!StatusCode::InternalError.is_success());
}

#[test]
fn undocumented_codes_are_kept() {
    let other: StatusCode = serde_json::from_value(json!(99)).unwrap();
    assert_eq!(other, StatusCode::Other(99));
    assert_eq!(other.code(), 99);
    assert_eq!(serde_json::to_value(other).unwrap(), json!(99));
    assert_eq!(StatusCode::from_code(-1), StatusCode::Other(-1));
    assert!(
        serde_json::from_value::<StatusCode>(json!("0")).is_err(),
        "a string is not a status code"
    );
}

#[test]
fn response_constructors_have_real_shapes() {
    assert_eq!(
        serde_json::to_value(ApiResponse::ok()).unwrap(),
        json!({"statusCode": 0})
    );
    assert_eq!(
        serde_json::to_value(ApiResponse::error(
            StatusCode::NotAuthenticated,
            "Access denied"
        ))
        .unwrap(),
        json!({"statusCode": 20, "statusMessage": "Access denied"})
    );
    let partial = ApiResponse::partial(
        vec![ChannelResult {
            status_code: StatusCode::Ok,
            status_message: None,
            channel: "voice".into(),
        }],
        vec![ChannelResult {
            status_code: StatusCode::InternalError,
            status_message: Some("Interaction server connection is not opened".into()),
            channel: "multimedia".into(),
        }],
    );
    assert_eq!(
        serde_json::to_value(&partial).unwrap(),
        json!({"statusCode": 7, "succeeded": [{"statusCode": 0, "channel": "voice"}],
               "failed": [{"statusCode": 4, "statusMessage": "Interaction server connection is not opened", "channel": "multimedia"}]})
    );
    assert!(partial.is_success());
    assert!(serde_json::from_value::<ApiResponse>(json!({"statusMessage": "no code"})).is_err());
}

#[test]
fn paths_and_channels_are_the_documented_ones() {
    assert_eq!(paths::device_calls("efe1"), "/api/v2/me/devices/efe1/calls");
    assert_eq!(paths::call("UIVB8J6J"), "/api/v2/me/calls/UIVB8J6J");
    assert_eq!(paths::device("d-1"), "/api/v2/me/devices/d-1");
    assert_eq!(paths::device_path("d-1"), "/devices/d-1");
    assert_eq!(paths::VOICE_CHANNEL, "/api/v2/me/channels/voice");
    assert_eq!(paths::NOTIFICATIONS, "/api/v2/notifications");
    assert_eq!(paths::VERSION, "/api/v2/diagnostics/version");
    assert_eq!(paths::CHANNEL_CALLS, "/v2/me/calls");
    assert_eq!(paths::CHANNEL_DEVICES, "/v2/me/devices");
    assert_eq!(paths::CSRF_HEADER_NAME_HEADER, "X-CSRF-HEADER");
    assert_eq!(paths::CSRF_TOKEN_HEADER, "X-CSRF-TOKEN");
    assert_eq!(
        paths::outbound_record(431),
        "/api/v2/me/outbound-records/431"
    );
}

#[test]
fn ids_cannot_escape_their_path_segment() {
    assert_eq!(
        paths::call("../devices/x?y"),
        "/api/v2/me/calls/..%2Fdevices%2Fx%3Fy"
    );
    assert_eq!(
        paths::outbound_campaign("Campaign 1"),
        "/api/v2/me/outbound-campaigns/Campaign%201"
    );
}

#[test]
fn call_ids_are_read_back_from_uris() {
    assert_eq!(
        paths::call_id_from_uri("http://127.0.0.1:8080/api/v2/me/calls/007102385535e008"),
        Some("007102385535e008")
    );
    assert_eq!(
        paths::call_id_from_uri("/calls/UIVB8J6JE91C53UIM3VI59VHQ4000015"),
        Some("UIVB8J6JE91C53UIM3VI59VHQ4000015")
    );
    assert_eq!(paths::call_id_from_uri("http://h/api/v2/devices/1"), None);
    assert_eq!(paths::call_id_from_uri("http://h/api/v2/me/calls/"), None);
}
