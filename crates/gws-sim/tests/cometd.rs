//! CometD: both transports, meta channels, 402, wildcards, isolation, bounded queues, expiry.

mod common;
use common::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::{Message as Ws, client::IntoClientRequest};

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn ws_connect(sim: &gws_sim::SimHandle, user: &str) -> Result<Socket, String> {
    let url = format!("ws://{}/api/v2/notifications", sim.addr());
    let mut req = url.into_client_request().unwrap();
    let basic = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("{user}:password"),
    );
    req.headers_mut()
        .insert("Authorization", format!("Basic {basic}").parse().unwrap());
    tokio_tungstenite::connect_async(req)
        .await
        .map(|(s, _)| s)
        .map_err(|e| e.to_string())
}

async fn ws_send(s: &mut Socket, batch: Value) {
    s.send(Ws::Text(batch.to_string().into())).await.unwrap();
}

/// Next frame's messages (bounded wait).
async fn ws_recv(s: &mut Socket) -> Vec<Value> {
    loop {
        let frame = tokio::time::timeout(WAIT, s.next())
            .await
            .expect("frame in time")
            .expect("socket open")
            .unwrap();
        if let Ws::Text(t) = frame {
            return serde_json::from_str::<Vec<Value>>(&t).unwrap();
        }
    }
}

async fn ws_until(s: &mut Socket, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        if let Some(m) = ws_recv(s).await.into_iter().find(&pred) {
            return m;
        }
    }
}

#[tokio::test]
async fn websocket_transport_delivers_notifications() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut s = ws_connect(&sim, "agent1").await.unwrap();
    ws_send(&mut s, json!([{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["websocket","long-polling"],"id":"1"}])).await;
    let hs = ws_recv(&mut s).await;
    assert_eq!(hs[0]["successful"], true);
    assert_eq!(
        hs[0]["supportedConnectionTypes"],
        json!(["websocket", "long-polling"])
    );
    assert_eq!(hs[0]["advice"]["reconnect"], "retry");
    let cid = hs[0]["clientId"].as_str().unwrap().to_string();
    ws_send(&mut s, json!([{"channel":"/meta/subscribe","subscription":"/v2/me/**","clientId":cid,"id":"2"},{"channel":"/meta/connect","connectionType":"websocket","clientId":cid,"advice":{"timeout":0},"id":"3"}])).await;
    ws_until(&mut s, "subscribe reply", |m| {
        m["channel"] == "/meta/subscribe" && m["successful"] == true
    })
    .await;
    ws_send(
        &mut s,
        json!([{"channel":"/meta/connect","connectionType":"websocket","clientId":cid,"id":"4"}]),
    )
    .await;
    gws.dial(AGENT1_DEVICE, "5550000").await;
    let d = ws_until(&mut s, "Dialing", |m| {
        m["data"]["call"]["state"] == "Dialing"
    })
    .await;
    assert_eq!(d["channel"], "/v2/me/calls");
    ws_until(&mut s, "Established", |m| {
        m["data"]["call"]["state"] == "Established"
    })
    .await;
    // A held connect is answered at the advised timeout.
    ws_until(&mut s, "connect reply", |m| {
        m["channel"] == "/meta/connect" && m["id"] == "4"
    })
    .await;
    // Admin drop while a connect is held: it is answered 402 + handshake, then the socket closes.
    ws_send(
        &mut s,
        json!([{"channel":"/meta/connect","connectionType":"websocket","clientId":cid,"id":"5"}]),
    )
    .await;
    gws.admin("/admin/api/cometd/drop", json!({})).await;
    let r = ws_until(&mut s, "402", |m| m["channel"] == "/meta/connect").await;
    assert_eq!(r["error"], "402::Unknown client");
    assert_eq!(r["advice"]["reconnect"], "handshake");
    let end = tokio::time::timeout(WAIT, async {
        loop {
            match s.next().await {
                None | Some(Err(_)) | Some(Ok(Ws::Close(_))) => break,
                _ => {}
            }
        }
    })
    .await;
    assert!(end.is_ok(), "socket closed after the drop");
}

#[tokio::test]
async fn websocket_requires_auth_and_can_be_refused() {
    let sim = start().await;
    let url = format!("ws://{}/api/v2/notifications", sim.addr());
    assert!(
        tokio_tungstenite::connect_async(url).await.is_err(),
        "no credentials → 403"
    );
    let gws = Gws::login(&sim, "agent1").await;
    gws.admin("/admin/api/settings", json!({"websocket": false}))
        .await;
    assert!(ws_connect(&sim, "agent1").await.is_err());
    let hs = post_batch(&gws.http, &format!("{}/api/v2/notifications/handshake", gws.base), json!([{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["websocket","long-polling"]}])).await;
    assert_eq!(
        hs[0]["supportedConnectionTypes"],
        json!(["long-polling"]),
        "no WebSocket offered"
    );
    gws.admin(
        "/admin/api/settings",
        json!({"websocket": true, "refuseWebsocketUpgrade": true}),
    )
    .await;
    let hs = post_batch(&gws.http, &format!("{}/api/v2/notifications/handshake", gws.base), json!([{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["websocket","long-polling"]}])).await;
    assert_eq!(
        hs[0]["supportedConnectionTypes"],
        json!(["websocket", "long-polling"]),
        "still offered"
    );
    assert!(
        ws_connect(&sim, "agent1").await.is_err(),
        "but upgrades refused"
    );
    gws.admin(
        "/admin/api/settings",
        json!({"refuseWebsocketUpgrade": false}),
    )
    .await;
    assert!(ws_connect(&sim, "agent1").await.is_ok());
}

#[tokio::test]
async fn long_polling_meta_channels_and_unknown_client() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let url = format!("{}/api/v2/notifications", gws.base);
    let r = post_batch(&gws.http, &format!("{url}/connect"), json!([{"channel":"/meta/connect","clientId":"bogus","connectionType":"long-polling","id":"9"}])).await;
    assert_eq!(r[0]["successful"], false);
    assert_eq!(r[0]["error"], "402::Unknown client");
    assert_eq!(r[0]["advice"]["reconnect"], "handshake");
    assert_eq!(r[0]["id"], "9");
    // Without credentials or cookie: GWS 403/20.
    let anon = reqwest::Client::new()
        .post(&url)
        .body("[]")
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), 403);
    // Malformed batch.
    let bad = gws.http.post(&url).body("{nope").send().await.unwrap();
    assert_eq!(bad.status(), 400);

    let mut lp = LongPoll::open(&gws, "/v2/me/devices").await;
    let r = lp.send(json!([{"channel":"/meta/subscribe","subscription":"/meta/connect","clientId":lp.client_id}])).await;
    assert_eq!(r[0]["successful"], false);
    let r = lp
        .send(json!([{"channel":"/v2/me/calls","data":{},"clientId":lp.client_id}]))
        .await;
    assert_eq!(r[0]["successful"], false, "clients may not publish");
    // Subscribed to devices only: call notifications are not delivered.
    gws.dial(AGENT1_DEVICE, "5550000").await;
    gws.start_session().await;
    let m = lp
        .expect("device", |m| m["channel"] == "/v2/me/devices")
        .await;
    assert_eq!(m["data"]["messageType"], "DeviceStateChangeMessage");
    assert!(lp.inbox.iter().all(|m| m["channel"] != "/v2/me/calls"));
    let r = lp.send(json!([{"channel":"/meta/unsubscribe","subscription":"/v2/me/devices","clientId":lp.client_id}])).await;
    assert_eq!(r[0]["successful"], true);
    let r = lp
        .send(json!([{"channel":"/meta/disconnect","clientId":lp.client_id}]))
        .await;
    assert_eq!(r[0]["successful"], true);
    let r = lp.poll().await;
    assert_eq!(r["error"], "402::Unknown client");
}

#[tokio::test]
async fn notifications_are_isolated_per_agent() {
    let sim = start().await;
    let a = Gws::login(&sim, "agent1").await;
    let b = Gws::login(&sim, "agent3").await;
    let mut la = LongPoll::open(&a, "/v2/me/**").await;
    let mut lb = LongPoll::open(&b, "/v2/me/**").await;
    // agent3 cannot use agent1's clientId.
    let r = lb.send(json!([{"channel":"/meta/connect","clientId":la.client_id,"connectionType":"long-polling"}])).await;
    assert_eq!(r[0]["error"], "402::Unknown client");
    a.dial(AGENT1_DEVICE, "5550000").await;
    la.call_state("Established").await;
    b.start_session().await;
    lb.expect("own device", |m| m["channel"] == "/v2/me/devices")
        .await;
    assert!(
        lb.inbox.iter().all(|m| m["channel"] != "/v2/me/calls"),
        "{:?}",
        lb.inbox
    );
}

#[tokio::test]
async fn a_slow_consumer_is_disconnected_and_idle_clients_expire() {
    let mut config = fast_config();
    config.timing.cometd_queue_limit = 3;
    config.timing.cometd_timeout_ms = 300;
    config.timing.cometd_max_interval_ms = 200;
    let sim = start_with(config).await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/calls").await;
    gws.dial(AGENT1_DEVICE, "5550000").await;
    let id = lp.call_state("Established").await["data"]["call"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Six notifications while the client does not poll: the fourth overflows its queue of 3.
    for i in 0..6 {
        gws.op(
            &id,
            json!({"operationName":"UpdateUserData","userData":{"n":i}}),
        )
        .await;
    }
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let (_, s) = gws.get("/admin/api/state").await;
        if s["slowConsumerDisconnects"].as_u64() == Some(1) {
            assert!(s["cometdClients"].as_array().unwrap().is_empty(), "{s}");
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the slow consumer was never disconnected: {s}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Nothing is dropped silently: the client is told its session is gone and to handshake.
    let r = lp.poll().await;
    assert_eq!(r["error"], "402::Unknown client", "{r}");
    assert_eq!(r["advice"]["reconnect"], "handshake", "{r}");
    // A new session works; once it stops polling it is expired after timeout + maxInterval.
    let mut lp = LongPoll::open(&gws, "/v2/me/calls").await;
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let (_, s) = gws.get("/admin/api/state").await;
        if s["cometdClients"].as_array().unwrap().is_empty() {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "client never expired"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(lp.poll().await["error"], "402::Unknown client");
}

#[tokio::test]
async fn the_admin_state_counts_cometd_clients_per_agent() {
    let sim = start().await;
    let agent1 = Gws::login(&sim, "agent1").await;
    let agent2 = Gws::login(&sim, "agent2").await;
    let count = |s: &Value, user: &str| {
        s["agents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["username"] == user)
            .unwrap()["cometdClients"]
            .as_u64()
            .unwrap()
    };
    let (_, s) = agent1.get("/admin/api/state").await;
    assert_eq!((count(&s, "agent1"), count(&s, "agent2")), (0, 0), "{s}");
    let _a = LongPoll::open(&agent1, "/v2/me/calls").await;
    let _b = LongPoll::open(&agent1, "/v2/me/calls").await;
    let _c = LongPoll::open(&agent2, "/v2/me/calls").await;
    let (_, s) = agent1.get("/admin/api/state").await;
    assert_eq!((count(&s, "agent1"), count(&s, "agent2")), (2, 1), "{s}");
    assert_eq!(s["cometdClients"].as_array().unwrap().len(), 3);
}
