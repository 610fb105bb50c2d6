//! Admin API: inbound calls, far-end actions, injected failures, paused notifications, counters.

mod common;
use common::*;
use serde_json::json;

#[tokio::test]
async fn inbound_call_rings_with_ani_and_user_data_and_far_end_can_end_it() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/calls").await;
    let (s, b) = gws
        .admin(
            "/admin/api/agents/agent1/inbound-call",
            json!({"ani":"5551234","userData":{"Segment":"Gold","Nested":{"a":1}}}),
        )
        .await;
    assert_eq!(s, 200);
    let id = b["callId"].as_str().unwrap().to_string();
    let ring = lp.call_state("Ringing").await;
    let call = &ring["data"]["call"];
    assert_eq!(call["id"], id.as_str());
    assert_eq!(call["ani"], "5551234");
    assert_eq!(call["callType"], "Inbound");
    assert_eq!(call["participants"][0]["phoneNumber"], "5551234");
    assert_eq!(call["userData"]["Nested"]["a"], 1);
    assert!(
        !call["capabilities"]
            .as_array()
            .unwrap()
            .contains(&json!("Reject")),
        "Reject only via a queue"
    );
    assert_eq!(
        gws.op(&id, json!({"operationName":"Reject"})).await.1["statusCode"],
        2
    );
    gws.op(&id, json!({"operationName":"Answer"})).await;
    lp.call_state("Established").await;
    let (s, _) = gws
        .admin(&format!("/admin/api/calls/{id}/far-end-hangup"), json!({}))
        .await;
    assert_eq!(s, 200);
    lp.call_state("Released").await;
    let (s, _) = gws
        .admin(&format!("/admin/api/calls/{id}/far-end-hangup"), json!({}))
        .await;
    assert_eq!(s, 404);
    let (s, _) = gws
        .admin("/admin/api/agents/nobody/inbound-call", json!({}))
        .await;
    assert_eq!(s, 404);
    let (s, _) = gws
        .admin("/admin/api/agents/agent1/inbound-call", json!({"bogus": 1}))
        .await;
    assert_eq!(s, 400);

    // Queue-delivered calls can be rejected.
    let (_, b) = gws
        .admin(
            "/admin/api/agents/agent1/inbound-call",
            json!({"ani":"5550042","viaQueue":true}),
        )
        .await;
    let id = b["callId"].as_str().unwrap().to_string();
    lp.call_state("Ringing").await;
    assert_eq!(
        gws.op(&id, json!({"operationName":"Reject"})).await.1["statusCode"],
        0
    );
    lp.call_state("Released").await;
}

#[tokio::test]
async fn manual_number_is_answered_from_the_admin_api() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/calls").await;
    gws.dial(AGENT1_DEVICE, "5550199").await;
    let d = lp.call_state("Dialing").await;
    let id = d["data"]["call"]["id"].as_str().unwrap().to_string();
    let (_, state) = gws.get("/admin/api/state").await;
    assert_eq!(
        state["agents"][0]["calls"][0]["state"], "Dialing",
        "still ringing: {state}"
    );
    gws.admin(&format!("/admin/api/calls/{id}/far-end-answer"), json!({}))
        .await;
    lp.call_state("Established").await;
    let (s, _) = gws
        .admin(&format!("/admin/api/calls/{id}/far-end-answer"), json!({}))
        .await;
    assert_eq!(s, 409, "already answered");
}

#[tokio::test]
async fn fail_next_dial_only_and_count_dials() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let (s, _) = gws
        .admin(
            "/admin/api/faults/fail-next",
            json!({"count":1,"pathPrefix":"/api/v2/me/devices/"}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(gws.get("/api/v2/me").await.0, 200, "other paths unaffected");
    let (s, b) = gws.dial(AGENT1_DEVICE, "5550000").await;
    assert_eq!((s, b["statusCode"].as_i64()), (503, Some(4)));
    assert!(
        gws.calls().await.is_empty(),
        "the failed Dial created nothing"
    );
    let (s, _) = gws.dial(AGENT1_DEVICE, "5550000").await;
    assert_eq!(s, 200);
    let (_, c) = gws.get("/admin/api/counters").await;
    assert_eq!(c["operations"]["Dial"], 2, "both Dials counted: {c}");
    assert_eq!(c["requests"]["POST /api/v2/me/devices/{id}/calls"], 2);
    assert_eq!(
        c["lastBodies"]["Dial"]["destination"]["phoneNumber"],
        "5550000"
    );
    gws.admin("/admin/api/counters/reset", json!({})).await;
    let (_, c) = gws.get("/admin/api/counters").await;
    assert!(c["operations"].as_object().unwrap().is_empty());
    // Without a prefix, any GWS request fails.
    gws.admin("/admin/api/faults/fail-next", json!({"count":2}))
        .await;
    assert_eq!(gws.get("/api/v2/me").await.0, 503);
    assert_eq!(gws.get("/api/v2/me/calls").await.0, 503);
    assert_eq!(gws.get("/api/v2/me").await.0, 200);
}

#[tokio::test]
async fn paused_notifications_are_held_and_delivered_in_order_on_resume() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/**").await;
    gws.admin("/admin/api/notifications/pause", json!({})).await;
    gws.start_session().await;
    gws.post(
        "/api/v2/me/channels/voice",
        json!({"operationName":"Ready"}),
    )
    .await;
    let reply = lp.poll().await;
    assert_eq!(reply["successful"], true);
    assert!(lp.inbox.is_empty(), "nothing while paused: {:?}", lp.inbox);
    // The state is already true on GET.
    let (_, d) = gws.get("/api/v2/me/devices?fields=*").await;
    assert_eq!(d["devices"][0]["userState"]["state"], "Ready");
    gws.admin("/admin/api/notifications/resume", json!({}))
        .await;
    let first = lp
        .expect("LoggedIn", |m| m["channel"] == "/v2/me/devices")
        .await;
    assert_eq!(
        first["data"]["devices"][0]["userState"]["state"],
        "LoggedIn"
    );
    let second = lp
        .expect("Ready", |m| m["channel"] == "/v2/me/devices")
        .await;
    assert_eq!(second["data"]["devices"][0]["userState"]["state"], "Ready");
}

#[tokio::test]
async fn reset_and_management_page() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    gws.start_session().await;
    gws.dial(AGENT1_DEVICE, "5550199").await;
    gws.admin("/admin/api/reset", json!({})).await;
    assert!(gws.calls().await.is_empty());
    let (_, d) = gws.get("/api/v2/me/devices?fields=*").await;
    assert_eq!(d["devices"][0]["userState"]["state"], "LoggedOut");
    let page = gws
        .http
        .get(format!("{}/admin", gws.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("GWS 8.5 simulator") && page.contains("/admin/api/state"));
}
