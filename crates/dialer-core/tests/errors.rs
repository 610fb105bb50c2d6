use dialer_core::errors::{
    Attempt, MessageKind, describe, describe_attempt, describe_network_error,
    describe_response_text,
};
use gws_protocol::{ApiResponse, CallState, ChannelResult, StatusCode};

fn body(json: &str) -> ApiResponse {
    serde_json::from_str(json).expect("valid ApiResponse")
}

#[test]
fn success() {
    let m = describe(200, Some(&ApiResponse::ok()));
    assert_eq!(m.kind, MessageKind::Success);
    assert_eq!(m.text.en(), "Done.");
}

#[test]
fn session_ended_on_status_20() {
    // The real capture: HTTP 403 with statusCode 20.
    let m = describe(
        403,
        Some(&body(
            r#"{"statusCode":20,"statusMessage":"Access denied"}"#,
        )),
    );
    assert_eq!(m.text.en(), "Your session has ended. Please sign in again.");
    assert_eq!(m.kind, MessageKind::SignInRequired);
    assert_eq!(describe(401, None).kind, MessageKind::SignInRequired);
}

#[test]
fn csrf_refusal_is_a_bare_403() {
    let m = describe(403, None);
    assert_eq!(m.kind, MessageKind::SignInRequired);
    assert!(m.text.en().contains("security token"), "{}", m.text.en());
    let m = describe_response_text(&Attempt::Dial, 403, "Missing or invalid Csrf token");
    assert_eq!(m.kind, MessageKind::SignInRequired);
    assert!(m.text.en().contains("security token"), "{}", m.text.en());
    // A JSON body is still read as JSON.
    let m = describe_response_text(
        &Attempt::Dial,
        403,
        r#"{"statusCode":20,"statusMessage":"Access denied"}"#,
    );
    assert_eq!(m.text.en(), "Your session has ended. Please sign in again.");
}

#[test]
fn phone_system_unavailable() {
    let m = describe_attempt(
        &Attempt::Dial,
        503,
        Some(&body(
            r#"{"statusCode":4,"statusMessage":"Voice service is not available at this time"}"#,
        )),
    );
    assert_eq!(
        m.text.en(),
        "The phone system is not available right now (Voice service is not available at this time). Nothing was dialled."
    );
    assert_eq!(m.kind, MessageKind::Unavailable);
    // The real 500 capture, for an agent-state change.
    let m = describe_attempt(
        &Attempt::AgentState,
        500,
        Some(&body(
            r#"{"statusCode":4,"statusMessage":"Device '5001' is not registered."}"#,
        )),
    );
    assert_eq!(
        m.text.en(),
        "The phone system is not available right now (Device '5001' is not registered.). Your status was not changed."
    );
}

#[test]
fn invalid_state_names_the_call_state() {
    let b = body(r#"{"statusCode":2,"statusMessage":"Operation 'Hold' is not allowed"}"#);
    let m = describe_attempt(&Attempt::CallControl(Some(CallState::Held)), 400, Some(&b));
    assert_eq!(
        m.text.en(),
        "That isn't possible while the call is on hold (Operation 'Hold' is not allowed). The call was not changed."
    );
    assert_eq!(m.kind, MessageKind::NotAllowed);
    let m = describe_attempt(
        &Attempt::CallControl(Some(CallState::Ringing)),
        400,
        Some(&ApiResponse::error(StatusCode::InvalidState, "")),
    );
    assert_eq!(
        m.text.en(),
        "That isn't possible while the call is ringing. The call was not changed."
    );
    let m = describe(
        400,
        Some(&ApiResponse::error(StatusCode::InvalidState, "bad state")),
    );
    assert_eq!(
        m.text.en(),
        "That isn't possible right now (bad state). Nothing was changed."
    );
}

#[test]
fn partial_success_names_the_failed_channel() {
    // Real capture: chat failed, voice fine.
    let b = body(
        r#"{"statusCode":7,"failed":[{"statusCode":4,"statusMessage":"Interaction server connection is not opened","channel":"multimedia"}],
            "succeeded":[{"statusCode":0,"channel":"voice"}]}"#,
    );
    let m = describe(200, Some(&b));
    assert_eq!(m.kind, MessageKind::PartialSuccess);
    assert_eq!(
        m.text.en(),
        "Phone is ready, but these channels failed: multimedia (Interaction server connection is not opened)."
    );
    // Real capture: voice failed.
    let b = ApiResponse::partial(
        vec![ChannelResult {
            status_code: StatusCode::Ok,
            status_message: None,
            channel: "multimedia".into(),
        }],
        vec![ChannelResult {
            status_code: StatusCode::InternalError,
            status_message: Some("Device '5001' is not registered.".into()),
            channel: "voice".into(),
        }],
    );
    let m = describe(200, Some(&b));
    assert_eq!(m.kind, MessageKind::Unavailable);
    assert_eq!(
        m.text.en(),
        "The phone channel could not be started: voice (Device '5001' is not registered.). Calls are not possible right now."
    );
}

#[test]
fn permission_not_found_and_validation() {
    let m = describe(
        200,
        Some(&ApiResponse::error(
            StatusCode::PermissionDenied,
            "no api-voice",
        )),
    );
    assert_eq!(
        m.text.en(),
        "You don't have permission to do that (no api-voice). Nothing was changed."
    );
    assert_eq!(m.kind, MessageKind::NotAllowed);
    let m = describe_attempt(
        &Attempt::CallControl(None),
        404,
        Some(&ApiResponse::error(StatusCode::NotFound, "Call not found")),
    );
    assert_eq!(
        m.text.en(),
        "The phone system could not find that call or device; it may have ended (Call not found). The call was not changed."
    );
    let m = describe_attempt(
        &Attempt::Dial,
        400,
        Some(&ApiResponse::error(
            StatusCode::InputValidation,
            "destination.phoneNumber is invalid",
        )),
    );
    assert_eq!(
        m.text.en(),
        "The phone system did not accept the number (destination.phoneNumber is invalid). Nothing was dialled."
    );
    assert_eq!(m.kind, MessageKind::InvalidRequest);
    let m = describe(
        400,
        Some(&ApiResponse::error(
            StatusCode::MissingParameter,
            "operationName is missing",
        )),
    );
    assert_eq!(
        m.text.en(),
        "The phone system did not accept the request (operationName is missing). Nothing was changed."
    );
}

#[test]
fn other_codes_fall_back_to_the_description() {
    let b = body(r#"{"statusCode":19}"#);
    let m = describe(400, Some(&b));
    assert_eq!(
        m.text.en(),
        "The phone system refused the request (Resource already in use). Nothing was changed."
    );
    let b = body(r#"{"statusCode":99,"statusMessage":"weird"}"#);
    let m = describe(500, Some(&b));
    assert_eq!(m.kind, MessageKind::Unavailable);
    assert_eq!(
        m.text.en(),
        "The phone system refused the request (weird). Nothing was changed."
    );
}

#[test]
fn network_failures() {
    let m = describe(0, None);
    assert_eq!(
        m.text.en(),
        "Can't reach the phone server. Please check your network connection."
    );
    assert_eq!(m.kind, MessageKind::Unavailable);
    let m = describe_network_error("TypeError: Failed to fetch");
    assert_eq!(
        m.text.en(),
        "Can't reach the phone server (TypeError: Failed to fetch). Please check your network connection."
    );
    let m = describe_network_error(&"x".repeat(1000));
    assert!(
        m.text.en().chars().count() < 260,
        "long browser text is shortened"
    );
}

#[test]
fn bare_http_statuses() {
    let m = describe_attempt(&Attempt::Dial, 502, None);
    assert_eq!(
        m.text.en(),
        "The phone server is not responding right now (HTTP 502). Nothing was dialled."
    );
    assert_eq!(m.kind, MessageKind::Unavailable);
    let m = describe(404, None);
    assert!(m.text.en().contains("HTTP 404"), "{}", m.text.en());
    let m = describe_response_text(&Attempt::Other, 500, "<html>Internal Server Error</html>");
    assert_eq!(
        m.text.en(),
        "The phone server had a problem (HTTP 500). Nothing was changed."
    );
    // statusCode 0 with a non-2xx HTTP status is not a success.
    assert_ne!(
        describe(500, Some(&ApiResponse::ok())).kind,
        MessageKind::Success
    );
}

#[test]
fn server_text_is_shortened() {
    let long = "y".repeat(1000);
    let m = describe(
        500,
        Some(&ApiResponse::error(StatusCode::InternalError, long)),
    );
    assert!(m.text.en().contains('…'));
    assert!(m.text.en().chars().count() < 260);
}
