//! Agent-state settings, the generic agent-state request and dispositions (business
//! attributes): parsing, round trips, the lean decoders agreeing with the derives, and the
//! transfer/conference request bodies of the reference's §5.4.

use gws_protocol::settings::disposition_user_data;
use gws_protocol::{
    AgentStateChange, AgentStatesResponse, BusinessAttributesResponse, CallOperation, Destination,
    StatusCode, lean,
};
use serde_json::{Value, json};

/// The reference's §4.2 list (WWE settings), as `GET /api/v2/settings/agent-states` serves it.
fn agent_states_body() -> Value {
    json!({"statusCode":0,"settings":[
        {"id":"900D55CC-2BB0-431F-8BF9-D3525B383BE6","operationName":"NotReady","displayName":"Not Ready","state":"NotReady"},
        {"id":"0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB","operationName":"Offline","displayName":"Offline","state":"Logout"},
        {"id":"D3663509-3D82-4DD3-A82E-2EA8EFA02AEF","operationName":"AfterCallWork","displayName":"AfterCallWork","state":"NotReady","workMode":"AfterCallWork"},
        {"id":"9430250E-0A1B-421F-B372-F29E69366DED","operationName":"Ready","displayName":"Ready","state":"Ready"},
        {"id":"2B36138D-C564-4562-A8CB-3C32D564F296","operationName":"AuxWork","displayName":"AuxWork","state":"NotReady","workMode":"AuxWork"},
        {"id":"X1","operationName":"NotReady","displayName":"Out to Lunch","state":"NotReady","workMode":"AuxWork","reason":"Lunch","custom":1}
    ]})
}

#[test]
fn agent_states_parse_round_trip_and_decode_leanly() {
    let body = agent_states_body();
    let full: AgentStatesResponse = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(full.status_code, StatusCode::Ok);
    let settings = full.settings.clone().unwrap();
    assert_eq!(settings.len(), 6);
    assert_eq!(settings[1].state, "Logout");
    assert_eq!(settings[5].extra["custom"], 1, "unknown fields are kept");
    assert_eq!(serde_json::to_value(&full).unwrap(), body);
    let (status, lean_settings) =
        lean::answer(&body, "settings", lean::agent_state_setting).unwrap();
    assert_eq!((status, lean_settings), (full.status_code, full.settings));
    // Both refuse an entry without an operationName.
    let bad = json!({"statusCode":0,"settings":[{"id":"1","state":"Ready"}]});
    assert!(serde_json::from_value::<AgentStatesResponse>(bad.clone()).is_err());
    assert!(lean::answer(&bad, "settings", lean::agent_state_setting).is_err());
}

#[test]
fn each_setting_gives_the_request_that_enters_it() {
    let full: AgentStatesResponse = serde_json::from_value(agent_states_body()).unwrap();
    let bodies: Vec<Value> = full
        .settings
        .unwrap()
        .iter()
        .map(|s| serde_json::to_value(s.operation()).unwrap())
        .collect();
    assert_eq!(
        bodies,
        vec![
            json!({"operationName":"NotReady"}),
            json!({"operationName":"Offline"}),
            json!({"operationName":"AfterCallWork"}),
            json!({"operationName":"Ready"}),
            json!({"operationName":"AuxWork"}),
            json!({"operationName":"NotReady","reason":"Lunch","workMode":"AuxWork"}),
        ]
    );
    // What the server reads back is what was sent.
    for b in &bodies {
        assert_eq!(
            serde_json::to_value(AgentStateChange::parse(b).unwrap()).unwrap(),
            *b
        );
    }
}

#[test]
fn agent_state_change_parses_with_gws_codes_and_aliases() {
    let p = |v: Value| AgentStateChange::parse(&v);
    assert_eq!(
        p(json!({"operationName":"NotReady","reasonCode":"Break","workmode":"AuxWork"})).unwrap(),
        AgentStateChange {
            operation_name: "NotReady".into(),
            reason: Some("Break".into()),
            work_mode: Some("AuxWork".into()),
            wrap_up_time: None,
        }
    );
    assert_eq!(
        p(json!({"operationName":"AfterCallWork","wrapUpTime":20}))
            .unwrap()
            .wrap_up_time
            .as_deref(),
        Some("20")
    );
    for (bad, code) in [
        (json!({}), StatusCode::MissingParameter),
        (json!([1]), StatusCode::MissingParameter),
        (json!({"operationName":7}), StatusCode::InputValidation),
        (json!({"operationName":""}), StatusCode::InputValidation),
        (
            json!({"operationName":"NotReady","reason":{}}),
            StatusCode::InputValidation,
        ),
        (
            json!({"operationName":"NotReady","workMode":1}),
            StatusCode::InputValidation,
        ),
    ] {
        assert_eq!(p(bad.clone()).unwrap_err().status, code, "{bad}");
    }
}

#[test]
fn dispositions_are_the_disposition_code_business_attribute() {
    // DOC HTCC 8.5.0 InternalAPIBA's shape (plus the statusCode every GWS answer has).
    let body = json!({"statusCode":0,"businessAttributes":[
        {"name":"Other","displayName":"Other","description":"","values":[{"name":"x"}]},
        {"name":"DispositionCode","displayName":"Disposition Code","description":"d",
         "userProperties":[{"name":"section","value":[{"name":"n","value":"v"}]}],
         "values":[
            {"name":"Resolved","displayName":"Resolved","description":"ok","default":true},
            {"name":"NoSale","displayName":"","description":"","userProperties":[]}
         ]}
    ]});
    let full: BusinessAttributesResponse = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(serde_json::to_value(&full).unwrap(), body);
    let d = full.dispositions();
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].default, Some(true));
    assert_eq!(
        d[1].label(),
        "NoSale",
        "an empty displayName falls back to the name"
    );
    let (status, lean_attributes) =
        lean::answer(&body, "businessAttributes", lean::business_attribute).unwrap();
    assert_eq!(
        (status, lean_attributes),
        (full.status_code, full.business_attributes.clone())
    );
    let none: BusinessAttributesResponse =
        serde_json::from_value(json!({"statusCode":0,"businessAttributes":[]})).unwrap();
    assert!(none.dispositions().is_empty());
    let bad = json!({"statusCode":0,"businessAttributes":[{"name":"D","values":[{"displayName":"no name"}]}]});
    assert!(serde_json::from_value::<BusinessAttributesResponse>(bad.clone()).is_err());
    assert!(lean::answer(&bad, "businessAttributes", lean::business_attribute).is_err());
    // Attached with UpdateUserData.
    let op = CallOperation::UpdateUserData {
        user_data: disposition_user_data("Resolved"),
    };
    assert_eq!(
        serde_json::to_value(&op).unwrap(),
        json!({"operationName":"UpdateUserData","userData":{"DispositionCode":"Resolved"}})
    );
}

#[test]
fn transfer_and_conference_bodies_match_the_reference() {
    let wire = |op: &CallOperation| serde_json::to_value(op).unwrap();
    let cases = [
        (
            CallOperation::InitiateTransfer {
                destination: Destination::new("15002"),
                location: Some("SIP_Switch".into()),
                user_data: Some(json!({"k":"v"}).as_object().unwrap().clone()),
            },
            json!({"operationName":"InitiateTransfer","destination":{"phoneNumber":"15002"},"location":"SIP_Switch","userData":{"k":"v"}}),
        ),
        (
            CallOperation::InitiateConference {
                destination: Destination::new("15002"),
                location: None,
                user_data: None,
            },
            json!({"operationName":"InitiateConference","destination":{"phoneNumber":"15002"}}),
        ),
        (
            CallOperation::SingleStepConference {
                destination: Destination::new("15003"),
                location: None,
                user_data: None,
            },
            json!({"operationName":"SingleStepConference","destination":{"phoneNumber":"15003"}}),
        ),
        (
            CallOperation::CompleteConference {
                consult_call_uri: Some("http://h/api/v2/me/calls/C".into()),
            },
            json!({"operationName":"CompleteConference","consultCallUri":"http://h/api/v2/me/calls/C"}),
        ),
        (
            CallOperation::CompleteTransfer {
                consult_call_uri: Some("http://h/api/v2/me/calls/C".into()),
            },
            json!({"operationName":"CompleteTransfer","consultCallUri":"http://h/api/v2/me/calls/C"}),
        ),
    ];
    for (op, body) in cases {
        assert_eq!(wire(&op), body);
        assert_eq!(CallOperation::parse(&body).unwrap(), op);
    }
}
