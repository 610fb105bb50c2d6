//! Call engine over HTTP + CometD: outcomes, internal calls, every call operation, shapes.

mod common;
use common::*;
use serde_json::{Value, json};

fn call_id(m: &Value) -> String {
    m["data"]["call"]["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn dial_answers_then_hangup_and_shapes_match_captures() {
    // Without the recording feature, like the captured server.
    let mut config = fast_config();
    config.capabilities.recording = false;
    let sim = start_with(config).await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/*").await;
    gws.start_session().await;
    let dev = lp
        .expect("device state", |m| m["channel"] == "/v2/me/devices")
        .await;
    let fixture_device = fixture("02-DeviceStateChangeMessage-device-Ready.json");
    assert_eq!(keys(&dev["data"]), keys(&fixture_device["data"]));
    assert_eq!(
        keys(&dev["data"]["devices"][0]),
        keys(&fixture_device["data"]["devices"][0])
    );
    assert_eq!(
        keys(&dev["data"]["metrics"]["eventProcessing"]),
        keys(&fixture_device["data"]["metrics"]["eventProcessing"])
    );
    assert!(gws_protocol::Notification::parse(&dev).is_ok());

    let (s, b) = gws.post(&format!("/api/v2/me/devices/{AGENT1_DEVICE}/calls"), json!({"operationName":"Dial","destination":{"phoneNumber":"5550000"},"userData":{"CustomerSegment":"Gold"}})).await;
    assert_eq!((s, b), (200, json!({"statusCode":0})));
    let dialing = lp.call_state("Dialing").await;
    let call = &dialing["data"]["call"];
    assert_eq!(call["participants"][0]["phoneNumber"], "5550000");
    assert_eq!(call["userData"]["CustomerSegment"], "Gold");
    assert_eq!(call["duration"], "0");
    assert_eq!(
        call["capabilities"],
        json!([
            "DeleteUserDataPair",
            "AttachUserData",
            "Hangup",
            "DeleteUserData",
            "SendDtmf",
            "UpdateUserData"
        ])
    );
    let fixture_ringing = fixture("03-CallStateChangeMessage-StatusChange-Ringing.json");
    assert_eq!(keys(&dialing["data"]), keys(&fixture_ringing["data"]));
    assert_eq!(keys(call), keys(&fixture_ringing["data"]["call"]));
    assert_eq!(
        keys(&call["participants"][0]),
        keys(&fixture_ringing["data"]["call"]["participants"][0])
    );
    assert!(gws_protocol::Notification::parse(&dialing).is_ok());

    let est = lp.call_state("Established").await;
    let fixture_est = fixture("05-CallStateChangeMessage-StatusChange-Established.json");
    assert_eq!(
        keys(&est["data"]["call"]),
        keys(&fixture_est["data"]["call"])
    );
    assert!(
        est["data"]["call"]["capabilities"]
            .as_array()
            .unwrap()
            .contains(&json!("Hold"))
    );
    let id = call_id(&est);
    assert_eq!(
        gws.calls().await[0]["state"],
        "Established",
        "GET tells the truth"
    );

    let (_, b) = gws.op(&id, json!({"operationName":"Answer"})).await;
    assert_eq!(
        b["statusCode"], 2,
        "Answer is not a capability of an established call"
    );
    assert!(b["statusMessage"].as_str().unwrap().contains("Established"));
    gws.op(&id, json!({"operationName":"Hangup"})).await;
    let rel = lp.call_state("Released").await;
    assert_eq!(rel["data"]["call"]["capabilities"], json!([]));
    assert!(gws.calls().await.is_empty());
}

#[tokio::test]
async fn scripted_outcomes_busy_no_answer_invalid() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/**").await;
    for number in ["5550100", "5550101", "5550102"] {
        gws.dial(AGENT1_DEVICE, number).await;
        let d = lp.call_state("Dialing").await;
        let r = lp.call_state("Released").await;
        assert_eq!(call_id(&d), call_id(&r), "{number}");
        assert!(
            lp.inbox
                .iter()
                .all(|m| m["data"]["call"]["state"] != "Established"),
            "{number} must not be answered"
        );
    }
    lp.expect("ErrorMessage for the invalid number", |m| {
        m["data"]["messageType"] == "ErrorMessage" && m["data"]["errorCode"] == 56
    })
    .await;
    assert!(gws.calls().await.is_empty());
}

#[tokio::test]
async fn internal_call_rings_other_agent_who_answers() {
    let sim = start().await;
    let a = Gws::login(&sim, "agent1").await;
    let b = Gws::login(&sim, "agent2").await;
    let mut la = LongPoll::open(&a, "/v2/me/calls").await;
    let mut lb = LongPoll::open(&b, "/v2/me/calls").await;
    a.dial(AGENT1_DEVICE, "5002").await;
    let ring = lb.call_state("Ringing").await;
    assert_eq!(ring["data"]["call"]["capabilities"][0], "Answer");
    assert_eq!(
        ring["data"]["call"]["participants"][0]["phoneNumber"],
        "5001"
    );
    assert_eq!(ring["data"]["extensions"]["OriginationDN"], "5001");
    la.call_state("Dialing").await;
    b.op(&call_id(&ring), json!({"operationName":"Answer"}))
        .await;
    lb.call_state("Established").await;
    let est = la.call_state("Established").await;
    // The far end hangs up: both released.
    b.op(&call_id(&ring), json!({"operationName":"Hangup"}))
        .await;
    let rel = la.call_state("Released").await;
    assert_eq!(call_id(&rel), call_id(&est));
    // Agents never see each other's notifications.
    assert!(la.inbox.iter().all(|m| m["data"]["phoneNumber"] == "5001"));
}

#[tokio::test]
async fn every_call_operation_succeeds_in_the_right_state() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/calls").await;
    gws.dial(AGENT1_DEVICE, "5550000").await;
    let id = call_id(&lp.call_state("Established").await);
    let ok = |r: (u16, Value)| assert_eq!(r, (200, json!({"statusCode":0})));

    ok(gws
        .op(&id, json!({"operationName":"SendDtmf","digits":"12#"}))
        .await);
    let m = lp
        .expect("DtmfSent", |m| m["data"]["notificationType"] == "DtmfSent")
        .await;
    assert_eq!(m["data"]["dtmfDigits"], "12#");

    ok(gws
        .op(
            &id,
            json!({"operationName":"AttachUserData","userData":{"k":"1"}}),
        )
        .await);
    ok(gws
        .op(
            &id,
            json!({"operationName":"AttachUserData","userData":{"k":"2"}}),
        )
        .await);
    let calls = gws
        .http
        .get(format!("{}/api/v2/me/calls?fields=*", gws.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        calls.contains(r#""userData":{"k":"1","k":"2"}"#),
        "AttachUserData duplicates keys: {calls}"
    );
    ok(gws
        .op(
            &id,
            json!({"operationName":"UpdateUserData","userData":{"k":"3","j":true}}),
        )
        .await);
    ok(gws
        .op(&id, json!({"operationName":"DeleteUserDataPair","key":"j"}))
        .await);
    let (s, b) = gws
        .op(&id, json!({"operationName":"DeleteUserDataPair","key":"j"}))
        .await;
    assert_eq!((s, b["statusCode"].as_i64()), (404, Some(6)));
    ok(gws.op(&id, json!({"operationName":"DeleteUserData"})).await);
    let last = loop {
        let m = lp
            .expect("AttachedDataChanged", |m| {
                m["data"]["notificationType"] == "AttachedDataChanged"
            })
            .await;
        if m["data"]["call"].get("userData").is_none() {
            break m;
        }
    };
    assert!(
        last["data"].get("extensions").is_none(),
        "no extensions on data changes"
    );

    ok(gws.op(&id, json!({"operationName":"MuteCall"})).await);
    let m = lp
        .expect("muted", |m| m["data"]["call"]["mute"] == "On")
        .await;
    assert!(
        m["data"]["call"]["capabilities"]
            .as_array()
            .unwrap()
            .contains(&json!("UnmuteCall"))
    );
    ok(gws.op(&id, json!({"operationName":"UnmuteCall"})).await);
    ok(gws
        .op(&id, json!({"operationName":"StartCallRecording"}))
        .await);
    lp.expect("recording", |m| {
        m["data"]["notificationType"] == "CallRecordingStateChange"
            && m["data"]["call"]["recordingState"] == "Recording"
    })
    .await;
    ok(gws
        .op(&id, json!({"operationName":"PauseCallRecording"}))
        .await);
    ok(gws
        .op(&id, json!({"operationName":"ResumeCallRecording"}))
        .await);
    ok(gws
        .op(&id, json!({"operationName":"StopCallRecording"}))
        .await);

    ok(gws.op(&id, json!({"operationName":"Hold"})).await);
    lp.call_state("Held").await;
    let (_, b) = gws.op(&id, json!({"operationName":"Hold"})).await;
    assert_eq!(b["statusCode"], 2);
    ok(gws.op(&id, json!({"operationName":"Retrieve"})).await);
    lp.call_state("Established").await;

    // Consult + swap + complete transfer.
    ok(gws
        .op(
            &id,
            json!({"operationName":"InitiateTransfer","destination":{"phoneNumber":"5550001"}}),
        )
        .await);
    let held = lp.call_state("Held").await;
    assert!(
        held["data"]["call"]["capabilities"]
            .as_array()
            .unwrap()
            .contains(&json!("CompleteTransfer"))
    );
    let consult = lp
        .expect("consult", |m| {
            m["data"]["call"]["callType"] == "Consult"
                && m["data"]["call"]["state"] == "Established"
        })
        .await;
    let cid = call_id(&consult);
    assert!(
        consult["data"]["call"]["parentCallUri"]
            .as_str()
            .unwrap()
            .ends_with(&id)
    );
    ok(gws.op(&cid, json!({"operationName":"SwapCalls","otherCallUri":format!("{}/api/v2/me/calls/{id}", gws.base)})).await);
    ok(gws.op(&id, json!({"operationName":"SwapCalls","otherCallUri":format!("{}/api/v2/me/calls/{cid}", gws.base)})).await);
    ok(gws
        .op(&cid, json!({"operationName":"CompleteTransfer"}))
        .await);
    let deadline = tokio::time::Instant::now() + WAIT;
    while !gws.calls().await.is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "both calls released after CompleteTransfer"
        );
        tokio::task::yield_now().await;
        lp.poll().await;
    }
}

#[tokio::test]
async fn conference_single_step_and_remove_participant() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/calls").await;
    gws.dial(AGENT1_DEVICE, "5550000").await;
    let id = call_id(&lp.call_state("Established").await);
    gws.op(
        &id,
        json!({"operationName":"InitiateConference","destination":{"phoneNumber":"5550001"}}),
    )
    .await;
    let consult = lp
        .expect("consult up", |m| {
            m["data"]["call"]["callType"] == "Consult"
                && m["data"]["call"]["state"] == "Established"
        })
        .await;
    let (_, b) = gws
        .op(
            &call_id(&consult),
            json!({"operationName":"CompleteConference"}),
        )
        .await;
    assert_eq!(b["statusCode"], 0);
    let conf = lp
        .expect("3-party", |m| {
            m["data"]["call"]["id"] == id.as_str()
                && m["data"]["call"]["participants"]
                    .as_array()
                    .is_some_and(|p| p.len() == 2)
        })
        .await;
    assert_eq!(conf["data"]["call"]["state"], "Established");
    assert!(
        conf["data"]["call"]["capabilities"]
            .as_array()
            .unwrap()
            .contains(&json!("RemoveParticipantFromConference"))
    );
    let (_, b) = gws
        .op(
            &id,
            json!({"operationName":"RemoveParticipantFromConference","participant":"5550001"}),
        )
        .await;
    assert_eq!(b["statusCode"], 0);
    lp.expect("back to 2 parties", |m| {
        m["data"]["notificationType"] == "ParticipantsUpdated"
            && m["data"]["call"]["participants"]
                .as_array()
                .is_some_and(|p| p.len() == 1)
    })
    .await;
    gws.op(
        &id,
        json!({"operationName":"SingleStepConference","destination":{"phoneNumber":"5550002"}}),
    )
    .await;
    lp.expect("ssc", |m| {
        m["data"]["call"]["participants"]
            .as_array()
            .is_some_and(|p| p.len() == 2)
    })
    .await;
    let (_, b) = gws.op(&id, json!({"operationName":"ClearCall"})).await;
    assert_eq!(b["statusCode"], 0);
    lp.expect("cleared", |m| {
        m["data"]["call"]["id"] == id.as_str() && m["data"]["call"]["state"] == "Released"
    })
    .await;
    lp.inbox.clear();
    // SingleStepTransfer releases our side.
    gws.dial(AGENT1_DEVICE, "5550000").await;
    let id = call_id(&lp.call_state("Established").await);
    gws.op(
        &id,
        json!({"operationName":"SingleStepTransfer","destination":{"phoneNumber":"5002"}}),
    )
    .await;
    let rel = lp.call_state("Released").await;
    assert_eq!(call_id(&rel), id);
}

#[tokio::test]
async fn dial_preview_record_sets_user_data_from_other_fields() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/calls").await;
    let body = json!({"operationName":"Dial","devicePath":format!("/devices/{AGENT1_DEVICE}"),"outboundRecord":{"recordHandle":431,"phoneNumber":"5550123","outboundCallerId":"410004343","otherFields":{"AccountNumber":"12345678"}}});
    let (s, _) = gws
        .post(
            &format!("/api/v2/me/devices/{AGENT1_DEVICE}/calls"),
            body.clone(),
        )
        .await;
    assert_eq!(s, 200);
    let d = lp.call_state("Dialing").await;
    assert_eq!(
        d["data"]["call"]["userData"],
        json!({"AccountNumber":"12345678"})
    );
    assert_eq!(
        d["data"]["call"]["participants"][0]["phoneNumber"],
        "5550123"
    );
    let (_, counters) = gws.get("/admin/api/counters").await;
    assert_eq!(counters["lastBodies"]["Dial"], body);
}
