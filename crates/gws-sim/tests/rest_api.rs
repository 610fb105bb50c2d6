//! REST over real HTTP: auth, CSRF, CORS, every endpoint, bad input.

mod common;
use common::*;
use serde_json::json;

#[tokio::test]
async fn unauthenticated_is_403_status_20_and_basic_creates_cookie_session() {
    let sim = start().await;
    let base = sim.base_url();
    let plain = reqwest::Client::new();
    let r = plain.get(format!("{base}/api/v2/me")).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap(),
        json!({"statusCode":20,"statusMessage":"Access denied"})
    );
    let r = plain
        .get(format!("{base}/api/v2/me"))
        .basic_auth("agent1", Some("wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    let c = http();
    let r = c
        .get(format!("{base}/api/v2/me"))
        .basic_auth("agent1", Some("password"))
        .send()
        .await
        .unwrap();
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.starts_with("JSESSIONID=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    assert_eq!(r.headers()["x-csrf-header"], "X-CSRF-TOKEN");
    assert!(r.headers().contains_key("x-csrf-token"));
    // Cookie only afterwards.
    let r = c.get(format!("{base}/api/v2/me")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["user"]["userName"], "agent1");
    // The version needs no auth.
    let v: serde_json::Value = plain
        .get(format!("{base}/api/v2/diagnostics/version"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v, json!({"statusCode":0,"version":"8.5.202.96"}));
}

#[tokio::test]
async fn csrf_token_is_required_on_modifying_requests_and_can_be_disabled() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let url = format!("{}/api/v2/me/channels/voice", gws.base);
    for token in [None, Some("not-the-token")] {
        let mut req = gws.http.post(&url).body(r#"{"operationName":"Ready"}"#);
        if let Some(t) = token {
            req = req.header("X-CSRF-TOKEN", t);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 403);
        let b: serde_json::Value = r.json().await.unwrap();
        assert_eq!(b["statusMessage"], "Missing or invalid Csrf token");
    }
    // Basic without the session cookie: no token can match.
    let r = reqwest::Client::new()
        .post(&url)
        .basic_auth("agent1", Some("password"))
        .header("X-CSRF-TOKEN", &gws.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    gws.admin("/admin/api/settings", json!({"csrf": false}))
        .await;
    let r = gws
        .http
        .post(format!("{}/api/v2/me", gws.base))
        .body(r#"{"operationName":"StartContactCenterSession","channels":["voice"]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = gws
        .http
        .get(format!("{}/api/v2/me", gws.base))
        .send()
        .await
        .unwrap();
    assert!(!r.headers().contains_key("x-csrf-token"));
}

#[tokio::test]
async fn cors_allows_only_configured_origins_with_credentials() {
    let sim = start().await;
    let c = reqwest::Client::new();
    let url = format!("{}/api/v2/me", sim.base_url());
    let pre = c
        .request(reqwest::Method::OPTIONS, &url)
        .header("Origin", "http://crm.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "content-type,x-csrf-token",
        )
        .send()
        .await
        .unwrap();
    assert!(pre.status().is_success());
    assert_eq!(
        pre.headers()["access-control-allow-origin"],
        "http://crm.example.com"
    );
    assert_eq!(pre.headers()["access-control-allow-credentials"], "true");
    assert!(
        pre.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("x-csrf-token")
    );
    let r = c
        .get(&url)
        .header("Origin", "http://crm.example.com")
        .basic_auth("agent1", Some("password"))
        .send()
        .await
        .unwrap();
    let exposed = r.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(exposed.contains("x-csrf-header") && exposed.contains("x-csrf-token"));
    let r = c
        .get(&url)
        .header("Origin", "http://a.allowed.test")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://a.allowed.test"
    );
    let r = c
        .get(&url)
        .header("Origin", "http://evil.test")
        .send()
        .await
        .unwrap();
    assert!(!r.headers().contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn me_devices_and_calls_listings() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let (_, me) = gws.get("/api/v2/me?subresources=devices,features").await;
    assert_eq!(me["user"]["devices"][0]["id"], AGENT1_DEVICE);
    assert_eq!(me["user"]["devices"][0]["userState"]["state"], "LoggedOut");
    assert!(
        me["user"]["features"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "api-voice")
    );
    assert!(me["user"].get("calls").is_none());
    let (_, me) = gws.get("/api/v2/me?fields=id,userName").await;
    assert_eq!(keys(&me["user"]), vec!["id", "userName"]);
    let (_, d) = gws.get("/api/v2/me/devices").await;
    assert!(
        d["uris"][0]
            .as_str()
            .unwrap()
            .ends_with(&format!("/api/v2/devices/{AGENT1_DEVICE}"))
    );
    let (_, d) = gws.get("/api/v2/me/devices?fields=*").await;
    assert_eq!(d["devices"][0]["phoneNumber"], "5001");
    let (s, _) = gws.get("/api/v2/me/devices/nope").await;
    assert_eq!(s, 404);
    gws.dial(AGENT1_DEVICE, "5550000").await;
    let (_, c) = gws.get("/api/v2/me/calls").await;
    let uri = c["uris"][0].as_str().unwrap().to_string();
    let id = uri.rsplit('/').next().unwrap();
    let (_, one) = gws.get(&format!("/api/v2/me/calls/{id}")).await;
    assert_eq!(one["call"]["id"], id);
    let (s, b) = gws.get("/api/v2/me/nothing-here").await;
    assert_eq!((s, b["statusCode"].as_i64()), (404, Some(6)));
}

#[tokio::test]
async fn session_agent_state_and_device_operations() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let (s, b) = gws
        .post(
            "/api/v2/me/channels/voice",
            json!({"operationName":"Ready"}),
        )
        .await;
    assert_eq!(
        (s, b["statusCode"].as_i64()),
        (400, Some(2)),
        "Ready before the session: {b}"
    );
    let (_, b) = gws
        .post(
            "/api/v2/me",
            json!({"operationName":"StartContactCenterSession","channels":["voice","chat"]}),
        )
        .await;
    assert_eq!(b["statusCode"], 7);
    assert_eq!(b["succeeded"][0]["channel"], "voice");
    assert_eq!(b["failed"][0]["statusCode"], 4);
    for (op, state) in [
        ("Ready", "Ready"),
        ("NotReady", "NotReady"),
        ("AfterCallWork", "NotReady"),
    ] {
        let (s, _) = gws
            .post("/api/v2/me/channels/voice", json!({"operationName": op}))
            .await;
        assert_eq!(s, 200);
        let (_, d) = gws.get("/api/v2/me/devices?fields=*").await;
        assert_eq!(d["devices"][0]["userState"]["state"], state, "{op}");
    }
    let (_, d) = gws.get("/api/v2/me/devices?fields=*").await;
    assert_eq!(d["devices"][0]["userState"]["workMode"], "AfterCallWork");
    let dev = format!("/api/v2/me/devices/{AGENT1_DEVICE}");
    assert_eq!(
        gws.post(&dev, json!({"operationName":"DoNotDisturbOn"}))
            .await
            .0,
        200
    );
    let (s, b) = gws
        .post(&dev, json!({"operationName":"DoNotDisturbOn"}))
        .await;
    assert_eq!((s, b["statusCode"].as_i64()), (400, Some(2)));
    assert_eq!(
        gws.post(
            &dev,
            json!({"operationName":"ForwardCallsOn","destination":"5003"})
        )
        .await
        .0,
        200
    );
    let (_, d) = gws.get("/api/v2/me/devices?fields=*").await;
    assert_eq!(d["devices"][0]["forwardTo"], "5003");
    assert_eq!(
        d["devices"][0]["capabilities"],
        json!(["DoNotDisturbOff", "ForwardCallsOff"])
    );
    let (s, b) = gws
        .post(
            "/api/v2/me/devices/other",
            json!({"operationName":"DoNotDisturbOff"}),
        )
        .await;
    assert_eq!((s, b["statusCode"].as_i64()), (404, Some(6)));
    // EndContactCenterSession ends the HTTP session too.
    assert_eq!(
        gws.post(
            "/api/v2/me",
            json!({"operationName":"EndContactCenterSession"})
        )
        .await
        .0,
        200
    );
    assert_eq!(gws.get("/api/v2/me").await.0, 403);
}

#[tokio::test]
async fn bad_input_gets_gws_codes_never_5xx() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let calls = format!("/api/v2/me/devices/{AGENT1_DEVICE}/calls");
    let cases: Vec<(&str, String, u16, i64)> = vec![
        ("malformed JSON", "{nope".into(), 400, 10),
        ("empty body", "".into(), 400, 1),
        ("not an object", "[1]".into(), 400, 1),
        (
            "missing operationName",
            r#"{"destination":{"phoneNumber":"1"}}"#.into(),
            400,
            1,
        ),
        (
            "unknown operation",
            r#"{"operationName":"Teleport"}"#.into(),
            400,
            10,
        ),
        (
            "missing destination",
            r#"{"operationName":"Dial"}"#.into(),
            400,
            1,
        ),
        (
            "wrong type",
            r#"{"operationName":"Dial","destination":"5001"}"#.into(),
            400,
            10,
        ),
        (
            "undialable",
            r#"{"operationName":"Dial","destination":{"phoneNumber":"abc"}}"#.into(),
            400,
            10,
        ),
        (
            "oversized",
            format!(r#"{{"operationName":"Dial","x":"{}"}}"#, "a".repeat(70_000)),
            413,
            10,
        ),
    ];
    for (what, body, status, code) in cases {
        let (s, b) = gws.post_raw(&calls, body).await;
        assert_eq!(
            (s, b["statusCode"].as_i64()),
            (status, Some(code)),
            "{what}: {b}"
        );
        assert!(
            b["statusMessage"].as_str().is_some_and(|m| !m.is_empty()),
            "{what}"
        );
    }
    let (s, b) = gws.dial("unknown-device", "5550000").await;
    assert_eq!((s, b["statusCode"].as_i64()), (404, Some(6)));
    let (s, b) = gws.op("NOPE", json!({"operationName":"Hangup"})).await;
    assert_eq!((s, b["statusCode"].as_i64()), (404, Some(6)));
    let (s, b) = gws
        .op("NOPE", json!({"operationName":"SendDtmf","digits":5}))
        .await;
    assert_eq!((s, b["statusCode"].as_i64()), (400, Some(10)), "{b}");
}

#[tokio::test]
async fn outbound_preview_flow_replies_on_outbound_channel() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/outbound").await;
    let camp = "/api/v2/me/outbound-campaigns/Campaign1";
    let dp = format!("/devices/{AGENT1_DEVICE}");
    let (s, b) = gws
        .post(
            camp,
            json!({"operationName":"GetPreviewRecord","devicePath":dp}),
        )
        .await;
    assert_eq!(
        (s, b["statusCode"].as_i64()),
        (400, Some(2)),
        "no session yet"
    );
    gws.post(camp, json!({"operationName":"StartPreviewSession","devicePath":dp,"applicationId":134,"referenceId":"r1"})).await;
    let m = lp
        .expect("PreviewSessionStarted", |m| {
            m["data"]["notificationType"] == "PreviewSessionStarted"
        })
        .await;
    assert_eq!(m["data"]["referenceId"], "r1");
    assert_eq!(m["data"]["messageType"], "OutboundCampaignMessage");
    gws.post(
        camp,
        json!({"operationName":"GetPreviewRecord","devicePath":dp,"referenceId":"r2"}),
    )
    .await;
    let rec = lp
        .expect("PreviewRecord", |m| {
            m["data"]["notificationType"] == "PreviewRecord"
        })
        .await;
    assert_eq!(rec["data"]["referenceId"], "r2");
    let handle = rec["data"]["record"]["recordHandle"].as_i64().unwrap();
    assert_eq!(
        rec["data"]["record"]["userData"]["GSW_CAMPAIGN_NAME"],
        "Campaign1"
    );
    for (op, ack) in [
        ("UpdateRecord", "UpdateCallCompletionStatsAcknowledge"),
        ("RescheduleRecord", "ScheduledRecordRescheduleAcknowledge"),
        ("CompleteRecord", "RecordProcessedAcknowledge"),
    ] {
        let (s, _) = gws
            .post(
                &format!("/api/v2/me/outbound-records/{handle}"),
                json!({"operationName":op,"referenceId":op,"callbackType":"Personal","timestamp":1433917552}),
            )
            .await;
        assert_eq!(s, 200);
        let m = lp
            .expect(ack, |m| m["data"]["notificationType"] == ack)
            .await;
        assert_eq!(m["data"]["referenceId"], op);
        assert_eq!(m["data"]["record"]["recordHandle"], handle);
    }
    let (s, b) = gws
        .post(
            &format!("/api/v2/me/outbound-records/{handle}"),
            json!({"operationName":"RejectRecord"}),
        )
        .await;
    assert_eq!(
        (s, b["statusCode"].as_i64()),
        (404, Some(6)),
        "completed records are gone"
    );
    gws.post(
        camp,
        json!({"operationName":"GetPreviewRecord","devicePath":dp}),
    )
    .await;
    let next = lp
        .expect("a second PreviewRecord", |m| {
            m["data"]["notificationType"] == "PreviewRecord"
        })
        .await;
    let next_handle = next["data"]["record"]["recordHandle"].as_i64().unwrap();
    assert_ne!(
        next_handle, handle,
        "a completed record is not offered again"
    );
    let (s, _) = gws
        .post(
            &format!("/api/v2/me/outbound-records/{next_handle}"),
            json!({"operationName":"RejectRecord","referenceId":"rej"}),
        )
        .await;
    assert_eq!(s, 200);
    let m = lp
        .expect("RecordRejectAcknowledge", |m| {
            m["data"]["notificationType"] == "RecordRejectAcknowledge"
        })
        .await;
    assert_eq!(m["data"]["referenceId"], "rej");
    let (s, _) = gws
        .post(
            "/api/v2/me/outbound-campaigns/Nope",
            json!({"operationName":"StartPreviewSession","devicePath":dp}),
        )
        .await;
    assert_eq!(s, 404);
    gws.post(
        camp,
        json!({"operationName":"EndPreviewSession","devicePath":dp}),
    )
    .await;
    lp.expect("PreviewSessionEnded", |m| {
        m["data"]["notificationType"] == "PreviewSessionEnded"
    })
    .await;
}
