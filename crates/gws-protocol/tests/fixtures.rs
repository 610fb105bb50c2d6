//! Every file of the shared fixture directories parses into the expected typed value, and
//! serialising it gives back the same JSON (nothing lost, extras kept, absent stays absent).

mod common;

use common::{Fixture, Shape, all_fixtures, shape_of};
use gws_protocol::{
    AgentStateOperation, ApiResponse, CallOperation, CallState, DeviceCallRequest, DeviceOperation,
    MeOperation, MeResponse, Notification, NotificationData, OutboundCampaignOperation,
    OutboundRecordOperation, StatusCode, VersionResponse,
};
use serde_json::Value;

fn notifications(fixtures: &[Fixture]) -> impl Iterator<Item = &Fixture> {
    fixtures
        .iter()
        .filter(|fixture| matches!(shape_of(fixture), Shape::Notification))
}

#[test]
fn fixture_directories_are_found_and_non_empty() {
    let fixtures = all_fixtures();
    assert!(
        fixtures.len() >= 29,
        "expected at least the 29 seed fixtures, found {}",
        fixtures.len()
    );
    assert!(notifications(&fixtures).count() >= 13);
}

#[test]
fn every_notification_parses_into_the_variant_its_content_names() {
    for fixture in notifications(&all_fixtures()) {
        let parsed = Notification::parse(&fixture.json)
            .unwrap_or_else(|err| panic!("{}: {err}", fixture.name));
        let data = &fixture.json["data"];
        assert_eq!(
            parsed.channel,
            fixture.json["channel"].as_str().unwrap(),
            "{}",
            fixture.name
        );
        assert_eq!(
            parsed.data.message_type(),
            data["messageType"].as_str(),
            "{}",
            fixture.name
        );
        assert!(
            !matches!(parsed.data, NotificationData::Unknown { .. }),
            "{}: fixture types are all known, got Unknown",
            fixture.name
        );
        match &parsed.data {
            NotificationData::CallStateChange(message) => {
                let raw_call = &data["call"];
                assert_eq!(message.notification_type.as_str(), data["notificationType"]);
                assert_eq!(message.call.id, raw_call["id"].as_str().unwrap());
                assert_eq!(
                    message.call.state.as_str(),
                    raw_call["state"].as_str().unwrap()
                );
                assert_eq!(
                    message.call.participants.len(),
                    raw_call["participants"].as_array().unwrap().len()
                );
                assert_eq!(
                    message.call.user_data.is_some(),
                    raw_call.get("userData").is_some()
                );
                assert_eq!(
                    message.call.capabilities.len(),
                    raw_call["capabilities"].as_array().unwrap().len()
                );
                assert!(message.call.other_party().is_some(), "{}", fixture.name);
                assert_eq!(
                    message.phone_number.as_deref(),
                    data["phoneNumber"].as_str()
                );
            }
            NotificationData::DeviceStateChange(message) => {
                let raw_devices = data["devices"].as_array().unwrap();
                assert_eq!(message.devices.len(), raw_devices.len());
                for (device, raw) in message.devices.iter().zip(raw_devices) {
                    assert_eq!(device.id, raw["id"].as_str().unwrap());
                    assert_eq!(device.phone_number, raw["phoneNumber"].as_str().unwrap());
                    assert_eq!(
                        device.agent_state().map(|s| s.as_str()),
                        raw["userState"]["state"].as_str()
                    );
                }
            }
            NotificationData::Error(message) => {
                assert_eq!(message.device_path.as_deref(), data["devicePath"].as_str());
                assert_eq!(message.device_uri.as_deref(), data["deviceUri"].as_str());
            }
            _ => {}
        }
    }
}

/// `NN-<messageType>-<detail…>`: the capture file names state what they hold.
#[test]
fn capture_notifications_match_what_their_file_names_say() {
    let mut checked = 0;
    for fixture in notifications(&all_fixtures()) {
        let parts: Vec<&str> = fixture.name.split('-').collect();
        if parts.len() < 3 || !parts[0].chars().all(|c| c.is_ascii_digit()) {
            continue; // docs samples are checked by name below
        }
        let parsed = Notification::parse(&fixture.json).unwrap();
        assert_eq!(
            parsed.data.message_type(),
            Some(parts[1]),
            "{}",
            fixture.name
        );
        match (&parsed.data, &parts[2..]) {
            (NotificationData::CallStateChange(message), [notification_type, state, ..]) => {
                assert_eq!(
                    message.notification_type.as_str(),
                    *notification_type,
                    "{}",
                    fixture.name
                );
                assert_eq!(message.call.state.as_str(), *state, "{}", fixture.name);
                assert!(!matches!(message.call.state, CallState::Unknown(_)));
            }
            (NotificationData::DeviceStateChange(message), ["device", agent_state, ..]) => {
                assert_eq!(
                    message.devices[0].agent_state().map(|s| s.as_str()),
                    Some(*agent_state),
                    "{}",
                    fixture.name
                );
            }
            (NotificationData::Error(message), ["device", ..]) => {
                assert!(message.device_path.is_some() && message.device_uri.is_some());
                let timing = message
                    .metrics
                    .as_ref()
                    .and_then(|m| m.event_processing.as_ref());
                assert_eq!(
                    timing.and_then(|t| t.server_processing_time_total_ms),
                    Some(-1)
                );
            }
            (other, detail) => panic!("{}: unexpected {other:?} for {detail:?}", fixture.name),
        }
        checked += 1;
    }
    assert!(
        checked >= 10,
        "only {checked} capture notifications checked"
    );
}

#[test]
fn docs_dial_notifications_are_dialing_status_changes() {
    let mut checked = 0;
    for fixture in notifications(&all_fixtures()) {
        if !(fixture.name.starts_with("dial-") && fixture.name.contains("notification")) {
            continue;
        }
        let parsed = Notification::parse(&fixture.json).unwrap();
        let NotificationData::CallStateChange(message) = &parsed.data else {
            panic!("{}: not a CallStateChange", fixture.name);
        };
        assert_eq!(message.notification_type.as_str(), "StatusChange");
        assert_eq!(message.call.state, CallState::Dialing);
        assert_eq!(message.call.other_party().as_deref(), Some("5001"));
        assert!(message.call.has_capability("Hangup"));
        if fixture.name.contains("userdata") {
            let user_data = message.call.user_data.as_ref().expect("userData");
            assert_eq!(user_data["CustomerSegment"], "Gold");
        }
        if fixture.name.contains("basic") {
            assert!(message.call.user_data.is_none());
        }
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} docs notifications checked");
}

#[test]
fn every_notification_round_trips_to_identical_json() {
    for fixture in notifications(&all_fixtures()) {
        let parsed = Notification::parse(&fixture.json).unwrap();
        let written = serde_json::to_value(&parsed).unwrap();
        assert_eq!(
            written, fixture.json,
            "{} changed on re-serialisation",
            fixture.name
        );
        // And via the Deserialize impl used by serde_json::from_str callers.
        let again: Notification = serde_json::from_value(written).unwrap();
        assert_eq!(again, parsed, "{}", fixture.name);
    }
}

/// Parses a request body with the parser for its endpoint; returns (operationName, re-serialised).
fn parse_request(path: &str, body: &Value) -> (&'static str, Value) {
    let path = path.split('?').next().unwrap().trim_end_matches('/');
    let segments: Vec<&str> = path.split('/').collect();
    fn done<T: serde::Serialize>(name: &'static str, op: &T) -> (&'static str, Value) {
        (name, serde_json::to_value(op).unwrap())
    }
    fn accepted<T>(path: &str, parsed: Result<T, gws_protocol::RequestError>) -> T {
        parsed.unwrap_or_else(|err| panic!("{path}: {err}"))
    }
    match segments.as_slice() {
        ["", "api", "v2", "me"] => {
            let op = accepted(path, MeOperation::parse(body));
            done(op.name(), &op)
        }
        ["", "api", "v2", "me", "channels", "voice"] => {
            let op = accepted(path, AgentStateOperation::parse(body));
            done(op.name(), &op)
        }
        ["", "api", "v2", "me", "calls", _] => {
            let op = accepted(path, CallOperation::parse(body));
            done(op.name(), &op)
        }
        ["", "api", "v2", "me", "devices", _, "calls"] => {
            let op = accepted(path, DeviceCallRequest::parse(body));
            let is_preview = matches!(op, DeviceCallRequest::DialPreviewRecord(_));
            assert_eq!(is_preview, body.get("outboundRecord").is_some(), "{path}");
            done(op.name(), &op)
        }
        ["", "api", "v2", "me", "devices", _] => {
            let op = accepted(path, DeviceOperation::parse(body));
            done(op.name(), &op)
        }
        ["", "api", "v2", "me", "outbound-campaigns", _] => {
            let op = accepted(path, OutboundCampaignOperation::parse(body));
            done(op.name(), &op)
        }
        ["", "api", "v2", "me", "outbound-records", _] => {
            let op = accepted(path, OutboundRecordOperation::parse(body));
            done(op.name(), &op)
        }
        _ => panic!("no request parser for {path}; add one to the test"),
    }
}

fn check_request(fixture: &Fixture, method: &str, path: &str, body: &Value) {
    if method != "POST" {
        assert!(body.is_null(), "{}: GET with a body", fixture.name);
        return;
    }
    let (name, written) = parse_request(path, body);
    assert_eq!(
        Some(name),
        body["operationName"].as_str(),
        "{}",
        fixture.name
    );
    assert_eq!(
        &written, body,
        "{}: request changed on re-serialisation",
        fixture.name
    );
}

fn check_response(fixture: &Fixture, path: &str, http_status: Option<u64>, body: &Value) {
    let response: ApiResponse = serde_json::from_value(body.clone())
        .unwrap_or_else(|err| panic!("{}: {err}", fixture.name));
    let raw_code = body["statusCode"].as_i64().expect("statusCode");
    assert_eq!(response.status_code.code(), raw_code, "{}", fixture.name);
    assert!(
        !matches!(response.status_code, StatusCode::Other(_)),
        "{}",
        fixture.name
    );
    assert_eq!(
        response.status_message.as_deref(),
        body["statusMessage"].as_str()
    );
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        *body,
        "{}",
        fixture.name
    );

    match http_status {
        Some(200) => assert!(response.is_success(), "{}", fixture.name),
        Some(403) => assert_eq!(response.status_code, StatusCode::NotAuthenticated),
        Some(500) => assert_eq!(response.status_code, StatusCode::InternalError),
        _ => {}
    }
    if response.status_code == StatusCode::PartialSuccess {
        let failed = response.failed.as_ref().expect("failed list");
        let succeeded = response.succeeded.as_ref().expect("succeeded list");
        assert!(!failed.is_empty() && !succeeded.is_empty());
        assert!(
            failed
                .iter()
                .all(|r| !r.status_code.is_success() && r.status_message.is_some())
        );
        assert!(succeeded.iter().all(|r| r.status_code == StatusCode::Ok));
        let raw_failed = body["failed"].as_array().unwrap();
        for (result, raw) in failed.iter().zip(raw_failed) {
            assert_eq!(result.channel, raw["channel"].as_str().unwrap());
        }
    }

    let bare_path = path.split('?').next().unwrap().trim_end_matches('/');
    if bare_path == gws_protocol::paths::ME {
        let me: MeResponse = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(
            me.user.is_some(),
            body.get("user").is_some(),
            "{}",
            fixture.name
        );
        if let Some(user) = &me.user {
            let raw = &body["user"];
            assert_eq!(user.user_name, raw["userName"].as_str().unwrap());
            assert_eq!(user.roles, ["ROLE_AGENT"]);
            assert!(user.has_feature("api-voice"));
            let devices = user.devices.as_ref().expect("devices subresource");
            assert_eq!(devices.len(), raw["devices"].as_array().unwrap().len());
            assert!(devices.iter().all(|d| !d.phone_number.is_empty()));
        }
        assert_eq!(
            serde_json::to_value(&me).unwrap(),
            *body,
            "{}",
            fixture.name
        );
    }
    if bare_path == gws_protocol::paths::VERSION {
        let version: VersionResponse = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(version.version, body["version"].as_str().unwrap());
        assert!(version.version.starts_with("8.5"));
    }
}

#[test]
fn every_rest_capture_parses_requests_and_responses() {
    let mut checked = 0;
    for fixture in all_fixtures() {
        let Shape::Capture {
            method,
            path,
            request_body,
            http_status,
            response_body,
        } = shape_of(&fixture)
        else {
            continue;
        };
        // File names: NN-METHOD-path_with_underscores[-Operation]-HTTPSTATUS.
        let parts: Vec<&str> = fixture.name.split('-').collect();
        assert_eq!(parts[1], method, "{}", fixture.name);
        assert_eq!(
            parts.last().and_then(|s| s.parse().ok()),
            http_status,
            "{}",
            fixture.name
        );
        let expected_path = format!("/api/v2/{}", parts[2].replace('_', "/"));
        let actual_path = path.split('?').next().unwrap();
        let same_shape = expected_path.split('/').count() == actual_path.split('/').count()
            && expected_path
                .split('/')
                .zip(actual_path.split('/'))
                .all(|(want, got)| want == "ID" || want == got);
        assert!(
            same_shape,
            "{}: path {actual_path} vs name {expected_path}",
            fixture.name
        );
        if method == "POST" {
            assert_eq!(
                request_body["operationName"].as_str(),
                Some(parts[3]),
                "{}",
                fixture.name
            );
        }
        check_request(&fixture, method, path, request_body);
        check_response(&fixture, path, http_status, response_body);
        checked += 1;
    }
    assert!(checked >= 13, "only {checked} REST captures checked");
}

#[test]
fn every_docs_request_sample_parses() {
    let mut checked = 0;
    for fixture in all_fixtures() {
        let Shape::DocsRequest {
            method,
            path,
            request_body,
            response_body,
        } = shape_of(&fixture)
        else {
            continue;
        };
        check_request(&fixture, method, path, request_body);
        check_response(&fixture, path, None, response_body);
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} docs requests checked");
}
