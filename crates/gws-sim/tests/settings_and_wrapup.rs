//! Agent states and Not Ready reasons from the settings (reference §4.2–4.3), custom states,
//! After Call Work, dispositions (business attributes) and a disposition attached to a
//! released call as user data, over REST + CometD; every answer read with `gws_protocol`.

mod common;
use common::*;
use gws_protocol::{
    AgentStateChange, AgentStatesResponse, BusinessAttributesResponse, DISPOSITION_KEY, lean,
    settings::disposition_user_data,
};
use serde_json::{Value, json};

async fn agent_states(gws: &Gws) -> AgentStatesResponse {
    let (s, body) = gws.get("/api/v2/settings/agent-states").await;
    assert_eq!(s, 200, "{body}");
    let full: AgentStatesResponse = serde_json::from_value(body.clone()).unwrap();
    let (status, settings) = lean::answer(&body, "settings", lean::agent_state_setting).unwrap();
    assert_eq!(
        (status, settings.as_ref()),
        (full.status_code, full.settings.as_ref())
    );
    full
}

fn user_state(m: &Value) -> &Value {
    &m["data"]["devices"][0]["userState"]
}

#[tokio::test]
async fn agent_states_are_served_and_each_is_entered_with_its_operation() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let response = agent_states(&gws).await;
    assert!(response.status_code.is_success());
    let settings = response.settings.unwrap();
    // The reference's five WWE states with their well-known ids (§4.2).
    for (op, id, state) in [
        (
            "NotReady",
            "900D55CC-2BB0-431F-8BF9-D3525B383BE6",
            "NotReady",
        ),
        ("Offline", "0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB", "Logout"),
        (
            "AfterCallWork",
            "D3663509-3D82-4DD3-A82E-2EA8EFA02AEF",
            "NotReady",
        ),
        ("Ready", "9430250E-0A1B-421F-B372-F29E69366DED", "Ready"),
        (
            "AuxWork",
            "2B36138D-C564-4562-A8CB-3C32D564F296",
            "NotReady",
        ),
    ] {
        let s = settings
            .iter()
            .find(|s| s.operation_name == op && s.reason.is_none())
            .unwrap_or_else(|| panic!("{op} listed"));
        assert_eq!((s.id.as_str(), s.state.as_str()), (id, state));
    }
    let acw = settings
        .iter()
        .find(|s| s.operation_name == "AfterCallWork")
        .unwrap();
    assert_eq!(acw.work_mode.as_deref(), Some("AfterCallWork"));
    assert!(
        settings
            .iter()
            .any(|s| s.reason.as_deref() == Some("Lunch"))
    );
    // The raw entries have the reference's keys.
    let (_, body) = gws.get("/api/v2/settings/agent-states").await;
    assert_eq!(
        keys(&body["settings"][0]),
        ["displayName", "id", "operationName", "state"]
    );

    let mut lp = LongPoll::open(&gws, "/v2/me/devices").await;
    gws.start_session().await;
    lp.expect("logged in", |m| user_state(m)["state"] == "LoggedIn")
        .await;
    let captured = fixture("01-DeviceStateChangeMessage-device-NotReady.json");
    for setting in &settings {
        let body = serde_json::to_value(setting.operation()).unwrap();
        let (s, b) = gws.post("/api/v2/me/channels/voice", body.clone()).await;
        assert_eq!((s, b), (200, json!({"statusCode":0})), "{body}");
        let m = lp
            .expect(&setting.display_name, |m| {
                m["data"]["messageType"] == "DeviceStateChangeMessage"
            })
            .await;
        let us = user_state(&m);
        assert_eq!(us["id"], setting.id.as_str(), "{body} -> {us}");
        assert_eq!(us["displayName"], setting.display_name.as_str());
        let device_state = if setting.state == "Logout" {
            "LoggedOut"
        } else {
            setting.state.as_str()
        };
        assert_eq!(us["state"], device_state, "{us}");
        assert_eq!(
            us["workMode"].as_str(),
            setting.work_mode.as_deref(),
            "{us}"
        );
        assert_eq!(us["reason"].as_str(), setting.reason.as_deref(), "{us}");
        assert_eq!(keys(&m["data"]), keys(&captured["data"]));
        assert_eq!(
            keys(&m["data"]["devices"][0]),
            keys(&captured["data"]["devices"][0])
        );
        let parsed = gws_protocol::Notification::parse(&m).unwrap();
        let gws_protocol::NotificationData::DeviceStateChange(d) = parsed.data else {
            panic!("{m}")
        };
        let parsed_state = d.devices[0].user_state.as_ref().unwrap();
        assert_eq!(parsed_state.id.as_deref(), Some(setting.id.as_str()));
        assert_eq!(parsed_state.reason, setting.reason);
    }
}

#[tokio::test]
async fn not_ready_reasons_after_call_work_and_refusals() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/devices").await;
    gws.start_session().await;
    let voice = "/api/v2/me/channels/voice";
    let mut post_and_see = async |body: Value| {
        let (s, b) = gws.post(voice, body.clone()).await;
        assert_eq!((s, b), (200, json!({"statusCode":0})), "{body}");
        let m = lp
            .expect("device state", |m| {
                m["data"]["messageType"] == "DeviceStateChangeMessage"
                    && m["data"]["devices"][0]["userState"]["state"] != "LoggedIn"
            })
            .await;
        m["data"]["devices"][0]["userState"].clone()
    };
    // A configured reason: its id and display name (DOC QueryAgentState 8.5.1).
    let us = post_and_see(json!({"operationName":"NotReady","reason":"Lunch"})).await;
    assert_eq!(
        (
            us["state"].as_str(),
            us["displayName"].as_str(),
            us["reason"].as_str(),
            us["workMode"].as_str()
        ),
        (
            Some("NotReady"),
            Some("Out to Lunch"),
            Some("Lunch"),
            Some("AuxWork")
        )
    );
    assert_ne!(us["id"], "900D55CC-2BB0-431F-8BF9-D3525B383BE6");
    // `reasonCode` is read as the reason.
    let us = post_and_see(json!({"operationName":"NotReady","reasonCode":"Break"})).await;
    assert_eq!(us["displayName"], "Break");
    // An unlisted reason is passed through with plain Not Ready.
    let us = post_and_see(json!({"operationName":"NotReady","reason":"Dentist"})).await;
    assert_eq!(us["id"], "900D55CC-2BB0-431F-8BF9-D3525B383BE6");
    assert_eq!(us["reason"], "Dentist");
    assert!(us.get("workMode").is_none());
    // After Call Work (DOC AgentStateAfterCallWork).
    let us = post_and_see(json!({"operationName":"AfterCallWork","wrapUpTime":"0"})).await;
    assert_eq!(
        us,
        json!({"id":"D3663509-3D82-4DD3-A82E-2EA8EFA02AEF","displayName":"AfterCallWork","state":"NotReady","workMode":"AfterCallWork"})
    );
    // Offline logs the voice channel out; Ready logs it back in.
    let us = post_and_see(json!({"operationName":"Offline"})).await;
    assert_eq!(us["state"], "LoggedOut");
    let us = post_and_see(serde_json::to_value(AgentStateChange::named("Ready")).unwrap()).await;
    assert_eq!(us["state"], "Ready");
    // Custom state AuxWork.
    let us = post_and_see(json!({"operationName":"AuxWork"})).await;
    assert_eq!(
        (us["state"].as_str(), us["workMode"].as_str()),
        (Some("NotReady"), Some("AuxWork"))
    );

    // Refusals in GWS's shape.
    for (body, http, code) in [
        (json!({"operationName":"Lunch"}), 400, 10),
        (json!({"operationName":""}), 400, 10),
        (json!({"reason":"Lunch"}), 400, 1),
        (json!({"operationName":"NotReady","reason":5}), 400, 10),
        (
            json!({"operationName":"AfterCallWork","wrapUpTime":true}),
            400,
            10,
        ),
    ] {
        let (s, b) = gws.post(voice, body.clone()).await;
        assert_eq!(
            (s, b["statusCode"].as_i64()),
            (http, Some(code)),
            "{body} -> {b}"
        );
        assert!(b["statusMessage"].is_string());
    }
    let (_, b) = gws.post(voice, json!({"operationName":"Lunch"})).await;
    assert!(
        b["statusMessage"].as_str().unwrap().contains("AuxWork"),
        "{b}"
    );
}

#[tokio::test]
async fn configured_states_replace_the_defaults() {
    let mut config = fast_config();
    config.agent_states = gws_sim::SimConfig::from_toml_str(
        "[[agent_states]]\noperation_name = 'Ready'\nstate = 'Ready'\ndisplay_name = 'Available'\n\
         [[agent_states]]\noperation_name = 'Coaching'\nstate = 'NotReady'\nwork_mode = 'AuxWork'\ndisplay_name = 'In coaching'\n",
    )
    .unwrap()
    .agent_states;
    let sim = start_with(config).await;
    let gws = Gws::login(&sim, "agent1").await;
    let settings = agent_states(&gws).await.settings.unwrap();
    assert_eq!(settings.len(), 2);
    assert!(!settings[0].id.is_empty() && settings[0].id != settings[1].id);
    let mut lp = LongPoll::open(&gws, "/v2/me/devices").await;
    gws.start_session().await;
    let (s, _) = gws
        .post(
            "/api/v2/me/channels/voice",
            json!({"operationName":"Coaching"}),
        )
        .await;
    assert_eq!(s, 200);
    let m = lp
        .expect("coaching", |m| {
            user_state(m)["displayName"] == "In coaching"
        })
        .await;
    assert_eq!(user_state(&m)["id"], settings[1].id.as_str());
    // AuxWork is not configured here any more.
    let (s, b) = gws
        .post(
            "/api/v2/me/channels/voice",
            json!({"operationName":"AuxWork"}),
        )
        .await;
    assert_eq!((s, b["statusCode"].as_i64()), (400, Some(10)));
}

#[tokio::test]
async fn dispositions_are_business_attribute_values_and_need_a_session() {
    let sim = start().await;
    let anonymous = http();
    let r = anonymous
        .get(format!(
            "{}/internal-api/business-attributes",
            sim.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["statusCode"], 20);
    let gws = Gws::login(&sim, "agent1").await;
    let (s, body) = gws.get("/internal-api/business-attributes").await;
    assert_eq!(s, 200);
    let full: BusinessAttributesResponse = serde_json::from_value(body.clone()).unwrap();
    let (status, attributes) =
        lean::answer(&body, "businessAttributes", lean::business_attribute).unwrap();
    assert_eq!(
        (status, attributes.as_ref()),
        (full.status_code, full.business_attributes.as_ref())
    );
    let dispositions = full.dispositions();
    assert!(dispositions.iter().any(|d| d.name == "Resolved"));
    assert!(dispositions.iter().all(|d| !d.label().is_empty()));
    // DOC InternalAPIBA's keys.
    assert_eq!(
        keys(&body["businessAttributes"][0]),
        ["description", "displayName", "name", "values"]
    );
    assert_eq!(
        keys(&body["businessAttributes"][0]["values"][0]),
        ["description", "displayName", "name"]
    );
    // Unknown internal paths are GWS-shaped too.
    let (s, b) = gws.get("/internal-api/nothing").await;
    assert_eq!((s, b["statusCode"].as_i64()), (404, Some(6)));
}

#[tokio::test]
async fn a_disposition_attached_to_a_released_call_reaches_the_server() {
    let mut config = fast_config();
    config.timing.after_call_data_ms = 1500;
    let sim = start_with(config).await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/calls").await;
    let (_, _) = gws
        .post(
            &format!("/api/v2/me/devices/{AGENT1_DEVICE}/calls"),
            json!({"operationName":"Dial","destination":{"phoneNumber":"5550000"},"userData":{"CaseId":"42"}}),
        )
        .await;
    let est = lp.call_state("Established").await;
    let id = est["data"]["call"]["id"].as_str().unwrap().to_string();
    gws.op(&id, json!({"operationName":"Hangup"})).await;
    let rel = lp.call_state("Released").await;
    assert_eq!(rel["data"]["call"]["capabilities"], json!([]));
    lp.inbox.clear();

    let body = json!({"operationName":"UpdateUserData","userData": Value::Object(disposition_user_data("Resolved"))});
    let (s, b) = gws.op(&id, body).await;
    assert_eq!((s, b), (200, json!({"statusCode":0})));
    let m = lp
        .expect("AttachedDataChanged", |m| {
            m["data"]["notificationType"] == "AttachedDataChanged"
        })
        .await;
    let call = &m["data"]["call"];
    assert_eq!(call["id"], id.as_str());
    assert_eq!(call["state"], "Released");
    assert_eq!(call["capabilities"], json!([]));
    assert_eq!(
        call["userData"],
        json!({"CaseId":"42", DISPOSITION_KEY: "Resolved"})
    );
    assert_eq!(call["participants"][0]["phoneNumber"], "5550000");
    let captured = fixture("04-CallStateChangeMessage-AttachedDataChanged-Ringing.json");
    assert_eq!(keys(&m["data"]), keys(&captured["data"]));
    // Visible in the admin state.
    let (_, state) = gws.get("/admin/api/state").await;
    let released = &state["agents"][0]["releasedCalls"];
    let last = released.as_array().unwrap().last().unwrap();
    assert_eq!(last["id"], id.as_str());
    assert_eq!(last["userData"][DISPOSITION_KEY], "Resolved");
    // Nothing but data operations on a released call; it is not an active call.
    let (s, b) = gws.op(&id, json!({"operationName":"Hold"})).await;
    assert_eq!((s, b["statusCode"].as_i64()), (400, Some(2)), "{b}");
    let (s, b) = gws
        .op(
            &id,
            json!({"operationName":"DeleteUserDataPair","key":"nope"}),
        )
        .await;
    assert_eq!((s, b["statusCode"].as_i64()), (404, Some(6)), "{b}");
    assert!(gws.calls().await.is_empty());
    // Another agent cannot touch it.
    let other = Gws::login(&sim, "agent2").await;
    let (s, b) = other
        .op(
            &id,
            json!({"operationName":"UpdateUserData","userData":{"x":"1"}}),
        )
        .await;
    assert_eq!((s, b["statusCode"].as_i64()), (404, Some(6)), "{b}");
    // After the window the call is gone.
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    let (s, b) = gws
        .op(
            &id,
            json!({"operationName":"UpdateUserData","userData":{"x":"1"}}),
        )
        .await;
    assert_eq!((s, b["statusCode"].as_i64()), (404, Some(6)), "{b}");
}
