//! Message types, batches, channel patterns, error strings, URL rules.

use bayeux::url::{long_polling_url, websocket_url};
use bayeux::{
    Advice, BayeuxError, Message, Reconnect, Subscription, TransportKind, channel_matches,
    parse_batch, to_batch_json,
};
use serde_json::{Value, json};

#[test]
fn parses_a_batch_array_with_meta_reply_and_data() {
    let text = r#"[
      {"channel":"/meta/connect","successful":true,"id":"7","clientId":"abc",
       "advice":{"reconnect":"retry","interval":0,"timeout":30000,"maxInterval":10000}},
      {"channel":"/v2/me/calls","data":{"messageType":"CallStateChangeMessage"}}
    ]"#;
    let batch = parse_batch(text).expect("valid batch");
    assert_eq!(batch.len(), 2);
    assert_eq!(batch[0].channel, "/meta/connect");
    assert_eq!(batch[0].id.as_deref(), Some("7"));
    assert_eq!(batch[0].client_id.as_deref(), Some("abc"));
    assert!(batch[0].is_successful());
    let advice = batch[0].advice.as_ref().expect("advice");
    assert_eq!(advice.reconnect, Some(Reconnect::Retry));
    assert_eq!(advice.interval, Some(0));
    assert_eq!(advice.timeout, Some(30000));
    assert_eq!(advice.extra.get("maxInterval"), Some(&json!(10000)));
    assert!(batch[0].is_meta());
    assert!(!batch[1].is_meta());
    assert_eq!(
        batch[1].data.as_ref().and_then(|d| d.get("messageType")),
        Some(&json!("CallStateChangeMessage"))
    );
}

#[test]
fn parses_a_single_object_as_a_batch_of_one() {
    let batch = parse_batch(r#"{"channel":"/v2/me/devices","data":{}}"#).expect("object");
    assert_eq!(batch.len(), 1);
    assert_eq!(batch[0].channel, "/v2/me/devices");
}

#[test]
fn rejects_non_messages_with_plain_errors() {
    assert!(matches!(parse_batch("not json"), Err(BayeuxError::Json(_))));
    let err = parse_batch("42").unwrap_err();
    assert!(err.to_string().contains("array"), "{err}");
    let err = parse_batch(r#"[{"data":1}]"#).unwrap_err();
    assert!(err.to_string().contains("'channel'"), "{err}");
    let err = parse_batch(r#"[{"channel":"/a"}, 5]"#).unwrap_err();
    assert!(err.to_string().contains("message 1"), "{err}");
    let err = parse_batch(r#"[{"channel":7}]"#).unwrap_err();
    assert!(err.to_string().contains("must be a string"), "{err}");
}

#[test]
fn lenient_about_numeric_ids_float_advice_and_unknown_reconnect() {
    let batch = parse_batch(
        r#"[{"channel":"/meta/connect","id":12,"advice":{"reconnect":"later","interval":1500.0}}]"#,
    )
    .expect("lenient");
    assert_eq!(batch[0].id.as_deref(), Some("12"));
    let advice = batch[0].advice.as_ref().expect("advice");
    assert_eq!(advice.reconnect, None);
    assert_eq!(advice.interval, Some(1500));
}

#[test]
fn round_trip_keeps_unknown_fields_and_omits_absent_ones() {
    let text = r#"[{"channel":"/meta/handshake","successful":true,"clientId":"c1","version":"1.0",
        "supportedConnectionTypes":["long-polling"],"advice":{"reconnect":"retry","interval":0,"timeout":30000},
        "authSuccessful":true,"ext":{"ack":true}}]"#;
    let batch = parse_batch(text).expect("valid");
    assert_eq!(batch[0].extra.get("authSuccessful"), Some(&json!(true)));
    let again: Value = serde_json::from_str(&to_batch_json(&batch)).expect("json");
    let original: Value = serde_json::from_str(text).expect("json");
    assert_eq!(again, original);
}

#[test]
fn serialises_camel_case_and_skips_none() {
    let mut m = Message::new("/meta/handshake");
    m.id = Some("1".into());
    m.version = Some("1.0".into());
    m.minimum_version = Some("1.0".into());
    m.supported_connection_types = Some(vec!["websocket".into(), "long-polling".into()]);
    let v: Value = serde_json::from_str(&to_batch_json(&[m])).expect("json");
    assert_eq!(
        v,
        json!([{"channel":"/meta/handshake","id":"1","version":"1.0","minimumVersion":"1.0",
                "supportedConnectionTypes":["websocket","long-polling"]}])
    );
}

#[test]
fn subscription_is_a_string_or_an_array() {
    let one =
        parse_batch(r#"{"channel":"/meta/subscribe","subscription":"/v2/me/*"}"#).expect("one");
    assert_eq!(
        one[0].subscription,
        Some(Subscription::One("/v2/me/*".into()))
    );
    let many =
        parse_batch(r#"{"channel":"/meta/subscribe","subscription":["/a","/b"]}"#).expect("many");
    let sub = many[0].subscription.as_ref().expect("subscription");
    assert_eq!(sub.channels(), vec!["/a", "/b"]);
    let v = serde_json::to_value(Subscription::One("/x".into())).expect("json");
    assert_eq!(v, json!("/x"));
}

#[test]
fn advice_reconnect_wire_names() {
    for (r, s) in [
        (Reconnect::Retry, "retry"),
        (Reconnect::Handshake, "handshake"),
        (Reconnect::None, "none"),
    ] {
        assert_eq!(serde_json::to_value(r).expect("json"), json!(s));
        assert_eq!(r.as_str(), s);
        let a: Advice = serde_json::from_value(json!({ "reconnect": s })).expect("advice");
        assert_eq!(a.reconnect, Some(r));
    }
}

#[test]
fn channel_matches_table() {
    let cases = [
        ("/v2/me/calls", "/v2/me/calls", true),
        ("/v2/me/calls", "/v2/me/devices", false),
        ("/v2/me/*", "/v2/me/calls", true),
        ("/v2/me/*", "/v2/me", false),
        ("/v2/me/*", "/v2/me/calls/x", false),
        ("/v2/me/*", "/v2/mex/calls", false),
        ("/v2/**", "/v2/me", true),
        ("/v2/**", "/v2/me/calls", true),
        ("/v2/**", "/v2", false),
        ("/v2/**", "/v3/me", false),
        ("/**", "/v2/me/calls", true),
        ("/**", "/x", true),
        ("/*", "/x", true),
        ("/*", "/x/y", false),
        ("/v2/*/calls", "/v2/me/calls", false), // wildcards are trailing only
        ("/meta/*", "/meta/connect", true),
    ];
    for (pattern, channel, expected) in cases {
        assert_eq!(
            channel_matches(pattern, channel),
            expected,
            "{pattern} vs {channel}"
        );
    }
}

#[test]
fn error_strings_split_into_code_args_message() {
    assert_eq!(
        BayeuxError::parse_code("402::Unknown client"),
        Some((402, vec![], "Unknown client".to_string()))
    );
    assert_eq!(
        BayeuxError::parse_code("403:/bar/baz:Permission Denied"),
        Some((
            403,
            vec!["/bar/baz".to_string()],
            "Permission Denied".to_string()
        ))
    );
    assert_eq!(
        BayeuxError::parse_code("405:a,b:time: out"),
        Some((
            405,
            vec!["a".to_string(), "b".to_string()],
            "time: out".to_string()
        ))
    );
    assert_eq!(BayeuxError::parse_code("Unknown client"), None);
    let mut m = Message::new("/meta/connect");
    m.error = Some("402::Unknown client".into());
    assert_eq!(m.error_code(), Some(402));
}

#[test]
fn transport_wire_names() {
    assert_eq!(TransportKind::WebSocket.wire_name(), "websocket");
    assert_eq!(TransportKind::LongPolling.wire_name(), "long-polling");
    assert_eq!(
        TransportKind::from_wire("long-polling"),
        Some(TransportKind::LongPolling)
    );
    assert_eq!(TransportKind::from_wire("callback-polling"), None);
    assert_eq!(
        serde_json::to_value(TransportKind::WebSocket).expect("json"),
        json!("websocket")
    );
}

#[test]
fn long_polling_url_suffix_rule() {
    let ep = "http://h/api/v2/notifications";
    let hs = [Message::new("/meta/handshake")];
    let connect = [Message::new("/meta/connect")];
    let sub = [Message::new("/meta/subscribe")];
    assert_eq!(long_polling_url(ep, &hs), format!("{ep}/handshake"));
    assert_eq!(
        long_polling_url(&format!("{ep}/"), &connect),
        format!("{ep}/connect")
    );
    assert_eq!(long_polling_url(ep, &sub), ep);
    assert_eq!(long_polling_url("http://h/n?x=1", &hs), "http://h/n?x=1");
    assert_eq!(websocket_url("https://h/n"), "wss://h/n");
    assert_eq!(websocket_url("http://h/n"), "ws://h/n");
}

/// `parse_batch` reads messages by hand (no derived deserializer in the widget's wasm); it must
/// give exactly what the derive gives, and refuse what the derive refuses.
#[test]
fn hand_decoder_agrees_with_the_derive() {
    use bayeux::Message;
    use serde_json::{Value, json};
    let cases = [
        json!({"channel": "/meta/handshake", "id": "1", "successful": true, "clientId": "c",
               "version": "1.0", "supportedConnectionTypes": ["websocket", "long-polling"],
               "advice": {"reconnect": "retry", "interval": 0, "timeout": 30000.0, "hosts": ["a"]},
               "ext": {"ack": true}, "authSuccessful": true}),
        json!({"channel": "/meta/connect", "id": 7, "successful": false, "error": "402::Unknown",
               "advice": {"reconnect": "teleport", "interval": "250"}}),
        json!({"channel": "/meta/subscribe", "subscription": ["/a", "/b"], "successful": true}),
        json!({"channel": "/meta/subscribe", "subscription": "/a", "id": null, "data": null}),
        json!({"channel": "/v2/me/calls", "data": {"x": [1, 2.5, null]}, "timestamp": "t"}),
        json!({"channel": "/x", "clientId": 5}),
        json!({"channel": "/x", "successful": "yes"}),
        json!({"channel": "/x", "subscription": 3}),
        json!({"channel": "/x", "subscription": [1]}),
        json!({"channel": "/x", "supportedConnectionTypes": "websocket"}),
        json!({"channel": "/x", "advice": 5}),
        json!({"channel": "/x", "connectionType": ["websocket"]}),
    ];
    for case in cases {
        let derived = serde_json::from_value::<Message>(case.clone());
        let hand = bayeux::parse_batch_value(Value::Array(vec![case.clone()]));
        match (derived, hand) {
            (Ok(d), Ok(h)) => assert_eq!(vec![d], h, "{case}"),
            (Err(_), Err(_)) => {}
            (d, h) => panic!("{case}: derive {d:?}, hand {h:?}"),
        }
    }
}
