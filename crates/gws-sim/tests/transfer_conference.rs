//! Issue 11's call operations over REST + CometD, checked against the reference (§5.3
//! capabilities per state, §5.4 notification sequences) and the captures' shapes: consult
//! transfer completed and cancelled, SwapCalls, conference with external and agent parties,
//! removing a party, single-step transfer and conference, refused and ringing targets.
//! Every notification is parsed by `gws_protocol` (derives and lean decoders) in `LongPoll::poll`.

mod common;
use common::*;
use serde_json::{Value, json};

fn call_id(m: &Value) -> String {
    m["data"]["call"]["id"].as_str().unwrap().to_string()
}

fn caps(m: &Value) -> Vec<String> {
    m["data"]["call"]["capabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

fn has(m: &Value, cap: &str) -> bool {
    caps(m).iter().any(|c| c == cap)
}

fn numbers(m: &Value) -> Vec<String> {
    m["data"]["call"]["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["phoneNumber"].as_str().unwrap().to_string())
        .collect()
}

/// The reference's §5.3 lists (as sets).
fn sorted(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn sorted_caps(m: &Value) -> Vec<String> {
    let mut c = caps(m);
    c.sort();
    c
}

const OK: (u16, Value) = (200, Value::Null);

fn ok(r: (u16, Value)) {
    assert_eq!(r.0, OK.0, "{}", r.1);
    assert_eq!(r.1, json!({"statusCode":0}));
}

/// The next notification about call `id` (removed from the inbox).
async fn next_for(lp: &mut LongPoll, id: &str, what: &str) -> Value {
    let id = id.to_string();
    lp.expect(what, move |m| m["data"]["call"]["id"] == id.as_str())
        .await
}

async fn established_call(gws: &Gws, lp: &mut LongPoll, number: &str) -> String {
    let (s, _) = gws.dial(AGENT1_DEVICE, number).await;
    assert_eq!(s, 200);
    let id = call_id(&lp.call_state("Established").await);
    lp.inbox.clear();
    id
}

fn no_polluting_caps(m: &Value) {
    // Capabilities only offer what is valid in the call's state.
    let c = caps(m);
    let state = m["data"]["call"]["state"].as_str().unwrap();
    match state {
        "Held" => assert!(!c.contains(&"Hold".to_string()), "{state}: {c:?}"),
        "Established" => assert!(!c.contains(&"Retrieve".to_string()), "{state}: {c:?}"),
        "Dialing" => assert!(
            !c.iter()
                .any(|x| ["Hold", "Retrieve", "InitiateTransfer", "Answer"].contains(&x.as_str())),
            "{state}: {c:?}"
        ),
        "Released" => assert!(c.is_empty(), "{c:?}"),
        _ => {}
    }
}

#[tokio::test]
async fn consult_transfer_held_dialing_established_then_complete_releases_both() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/calls").await;
    let id = established_call(&gws, &mut lp, "5550000").await;
    lp.inbox.clear();

    ok(gws
        .op(
            &id,
            json!({"operationName":"InitiateTransfer","destination":{"phoneNumber":"5550001"},"userData":{"TransferReason":"Escalation"}}),
        )
        .await);
    // §5.4: first the original call Held, then the consult call Dialing.
    let dialing = lp.call_state("Dialing").await;
    let held_pos = lp
        .inbox
        .iter()
        .position(|m| m["data"]["call"]["id"] == id.as_str());
    let held = match held_pos {
        Some(p) => lp.inbox.remove(p),
        None => panic!("the parent's Held must precede the consult's Dialing"),
    };
    assert_eq!(held["data"]["call"]["state"], "Held");
    assert_eq!(held["data"]["notificationType"], "StatusChange");
    // DOC InitiateTransfer's list for the held parent.
    assert_eq!(
        sorted_caps(&held),
        sorted(&[
            "UpdateUserData",
            "SwapCalls",
            "InitiateConference",
            "SingleStepTransfer",
            "InitiateTransfer",
            "AttachUserData",
            "DeleteUserDataPair",
            "SingleStepConference",
            "DeleteUserData",
            "Hangup",
            "CompleteTransfer",
        ])
    );
    let consult = &dialing["data"]["call"];
    let cid = call_id(&dialing);
    assert_eq!(consult["callType"], "Consult");
    assert_eq!(
        consult["parentCallUri"],
        format!("{}/api/v2/me/calls/{id}", gws.base)
    );
    assert_eq!(consult["parentCallPath"], format!("/calls/{id}"));
    assert_eq!(numbers(&dialing), vec!["5550001"]);
    assert_eq!(
        consult["userData"]["TransferReason"], "Escalation",
        "the consult call carries the parent's data plus the request's"
    );
    no_polluting_caps(&dialing);

    let est = next_for(&mut lp, &cid, "consult Established").await;
    assert_eq!(est["data"]["call"]["state"], "Established");
    // §5.3 "Established (with another call held)".
    for c in [
        "SwapCalls",
        "CompleteTransfer",
        "CompleteConference",
        "Hold",
        "SendDtmf",
    ] {
        assert!(has(&est, c), "{c} in {:?}", caps(&est));
    }
    assert!(!has(&est, "RemoveParticipantFromConference"));
    no_polluting_caps(&est);
    // Same fields as a real Established call, plus the consult's parent links.
    let mut expected =
        keys(&fixture("05-CallStateChangeMessage-StatusChange-Established.json")["data"]["call"]);
    expected.extend(["parentCallPath".to_string(), "parentCallUri".to_string()]);
    expected.sort();
    let mut got = keys(&est["data"]["call"]);
    got.retain(|k| k != "recordingState" && k != "ani");
    assert_eq!(got, expected);

    // The parent may not be retrieved during a transfer consult (not in its capabilities).
    let (s, b) = gws.op(&id, json!({"operationName":"Retrieve"})).await;
    assert_eq!((s, b["statusCode"].as_i64()), (400, Some(2)), "{b}");

    ok(gws
        .op(&cid, json!({"operationName":"CompleteTransfer"}))
        .await);
    // §5.4: original Released, consult Released.
    let first = lp.call_state("Released").await;
    let second = lp.call_state("Released").await;
    assert_eq!(call_id(&first), id);
    assert_eq!(call_id(&second), cid);
    assert_eq!(first["data"]["call"]["capabilities"], json!([]));
    assert_eq!(second["data"]["call"]["callType"], "Consult");
    assert!(gws.calls().await.is_empty());
}

#[tokio::test]
async fn cancelled_consult_gives_the_parent_retrieve_back() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/calls").await;
    let id = established_call(&gws, &mut lp, "5550000").await;
    ok(gws
        .op(
            &id,
            json!({"operationName":"InitiateTransfer","destination":{"phoneNumber":"5550001"}}),
        )
        .await);
    let consult = lp
        .expect("consult up", |m| {
            m["data"]["call"]["callType"] == "Consult"
                && m["data"]["call"]["state"] == "Established"
        })
        .await;
    let cid = call_id(&consult);
    lp.inbox.clear();
    // Cancel: Hangup the consult, then Retrieve the original (reference §5.4, inference).
    ok(gws.op(&cid, json!({"operationName":"Hangup"})).await);
    let rel = next_for(&mut lp, &cid, "consult released").await;
    assert_eq!(rel["data"]["call"]["state"], "Released");
    let parent = next_for(&mut lp, &id, "parent update").await;
    assert_eq!(parent["data"]["call"]["state"], "Held");
    assert_eq!(
        sorted_caps(&parent),
        sorted(&[
            "SingleStepTransfer",
            "InitiateConference",
            "Retrieve",
            "SingleStepConference",
            "InitiateTransfer",
            "DeleteUserData",
            "AttachUserData",
            "DeleteUserDataPair",
            "Hangup",
            "UpdateUserData",
        ]),
        "plain Held (DOC CallsHold) once the consult is gone"
    );
    ok(gws.op(&id, json!({"operationName":"Retrieve"})).await);
    let back = next_for(&mut lp, &id, "retrieved").await;
    assert_eq!(back["data"]["call"]["state"], "Established");
    assert!(!has(&back, "CompleteTransfer") && !has(&back, "SwapCalls"));
}

#[tokio::test]
async fn refused_and_ringing_transfer_targets() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/*").await;
    let id = established_call(&gws, &mut lp, "5550000").await;

    // Busy target: the consult is released and the parent offers Retrieve again.
    ok(gws
        .op(
            &id,
            json!({"operationName":"InitiateTransfer","destination":{"phoneNumber":"5550100"}}),
        )
        .await);
    let consult = lp.call_state("Dialing").await;
    let cid = call_id(&consult);
    next_for(&mut lp, &cid, "busy consult released").await;
    let parent = lp
        .expect("parent can retrieve", |m| {
            m["data"]["call"]["id"] == id.as_str()
                && m["data"]["call"]["capabilities"]
                    .as_array()
                    .is_some_and(|c| c.contains(&json!("Retrieve")))
        })
        .await;
    assert!(!has(&parent, "CompleteTransfer"));
    ok(gws.op(&id, json!({"operationName":"Retrieve"})).await);
    next_for(&mut lp, &id, "retrieved").await;

    // A target that rings until the admin API answers for it.
    ok(gws
        .op(
            &id,
            json!({"operationName":"InitiateConference","destination":{"phoneNumber":"5550199"}}),
        )
        .await);
    let consult = lp.call_state("Dialing").await;
    let cid = call_id(&consult);
    let (s, _) = gws
        .admin(&format!("/admin/api/calls/{cid}/far-end-answer"), json!({}))
        .await;
    assert_eq!(s, 200);
    let est = next_for(&mut lp, &cid, "consult answered").await;
    assert_eq!(est["data"]["call"]["state"], "Established");
    ok(gws.op(&cid, json!({"operationName":"Hangup"})).await);
    lp.expect("parent back to plain Held", |m| {
        m["data"]["call"]["id"] == id.as_str()
            && m["data"]["call"]["state"] == "Held"
            && !m["data"]["call"]["capabilities"]
                .as_array()
                .unwrap()
                .contains(&json!("CompleteConference"))
    })
    .await;
    ok(gws.op(&id, json!({"operationName":"Retrieve"})).await);

    // A ringing target refused from the far side (admin far-end hangup).
    ok(gws
        .op(
            &id,
            json!({"operationName":"InitiateTransfer","destination":{"phoneNumber":"5550199"}}),
        )
        .await);
    let cid = loop {
        let d = lp.call_state("Dialing").await;
        if d["data"]["call"]["callType"] == "Consult" && call_id(&d) != cid {
            break call_id(&d);
        }
    };
    let (s, _) = gws
        .admin(&format!("/admin/api/calls/{cid}/far-end-hangup"), json!({}))
        .await;
    assert_eq!(s, 200);
    let rel = next_for(&mut lp, &cid, "refused consult").await;
    assert_eq!(rel["data"]["call"]["state"], "Released");

    // An invalid target: ErrorMessage on /v2/me/devices, consult released.
    lp.inbox.clear();
    ok(gws
        .op(
            &id,
            json!({"operationName":"InitiateTransfer","destination":{"phoneNumber":"5550102"}}),
        )
        .await);
    let err = lp
        .expect("ErrorMessage", |m| {
            m["data"]["messageType"] == "ErrorMessage"
        })
        .await;
    assert_eq!(err["channel"], "/v2/me/devices");
    assert_eq!(err["data"]["errorCode"], 56);
}

#[tokio::test]
async fn consult_transfer_to_an_agent_with_swapcalls() {
    let sim = start().await;
    let a1 = Gws::login(&sim, "agent1").await;
    let a2 = Gws::login(&sim, "agent2").await;
    let mut l1 = LongPoll::open(&a1, "/v2/me/calls").await;
    let mut l2 = LongPoll::open(&a2, "/v2/me/calls").await;
    let id = established_call(&a1, &mut l1, "5550000").await;
    ok(a1
        .op(
            &id,
            json!({"operationName":"InitiateTransfer","destination":{"phoneNumber":"5002"}}),
        )
        .await);
    let ringing = l2.call_state("Ringing").await;
    assert_eq!(
        ringing["data"]["call"]["callType"], "Consult",
        "a consultation rings as Consult"
    );
    assert!(ringing["data"]["call"].get("parentCallUri").is_none());
    assert_eq!(numbers(&ringing), vec!["5001"]);
    let id2 = call_id(&ringing);
    ok(a2.op(&id2, json!({"operationName":"Answer"})).await);
    let consult = l1
        .expect("consult established", |m| {
            m["data"]["call"]["callType"] == "Consult"
                && m["data"]["call"]["state"] == "Established"
        })
        .await;
    let cid = call_id(&consult);
    l1.inbox.clear();

    // SwapCalls: two StatusChange, one Held, one Established (§5.4).
    ok(a1
        .op(
            &cid,
            json!({"operationName":"SwapCalls","otherCallUri":format!("{}/api/v2/me/calls/{id}", a1.base)}),
        )
        .await);
    let c = next_for(&mut l1, &cid, "consult held").await;
    let p = next_for(&mut l1, &id, "parent talking").await;
    assert_eq!(c["data"]["call"]["state"], "Held");
    assert_eq!(p["data"]["call"]["state"], "Established");
    assert!(
        has(&c, "SwapCalls") && has(&c, "CompleteTransfer"),
        "{:?}",
        caps(&c)
    );
    assert!(
        has(&p, "SwapCalls") && has(&p, "CompleteTransfer"),
        "{:?}",
        caps(&p)
    );
    no_polluting_caps(&c);
    no_polluting_caps(&p);
    // Swapping with a call that does not exist.
    let (s, b) = a1
        .op(
            &id,
            json!({"operationName":"SwapCalls","otherCallUri":format!("{}/api/v2/me/calls/NOPE", a1.base)}),
        )
        .await;
    assert_eq!((s, b["statusCode"].as_i64()), (404, Some(6)), "{b}");

    // Complete from the parent (GWS finds the consult call).
    ok(a1
        .op(&id, json!({"operationName":"CompleteTransfer"}))
        .await);
    assert_eq!(call_id(&l1.call_state("Released").await), id);
    assert_eq!(call_id(&l1.call_state("Released").await), cid);
    let upd = l2
        .expect("agent2 now talks to the customer", |m| {
            m["data"]["notificationType"] == "ParticipantsUpdated"
        })
        .await;
    assert_eq!(numbers(&upd), vec!["5550000"]);
    assert_eq!(upd["data"]["call"]["state"], "Established");
    assert!(a1.calls().await.is_empty());
    assert_eq!(a2.calls().await.len(), 1);
}

#[tokio::test]
async fn three_party_conference_then_remove_a_party() {
    let sim = start().await;
    let a1 = Gws::login(&sim, "agent1").await;
    let a2 = Gws::login(&sim, "agent2").await;
    let mut l1 = LongPoll::open(&a1, "/v2/me/calls").await;
    let mut l2 = LongPoll::open(&a2, "/v2/me/calls").await;
    let id = established_call(&a1, &mut l1, "5550000").await;
    l1.inbox.clear();
    ok(a1
        .op(
            &id,
            json!({"operationName":"InitiateConference","destination":{"phoneNumber":"5002"}}),
        )
        .await);
    let held = next_for(&mut l1, &id, "parent held").await;
    assert_eq!(held["data"]["call"]["state"], "Held");
    for c in ["CompleteConference", "Retrieve", "SwapCalls"] {
        assert!(has(&held, c), "{c} in {:?}", caps(&held));
    }
    assert!(!has(&held, "CompleteTransfer"));
    let id2 = call_id(&l2.call_state("Ringing").await);
    ok(a2.op(&id2, json!({"operationName":"Answer"})).await);
    let consult = l1
        .expect("consult up", |m| {
            m["data"]["call"]["callType"] == "Consult"
                && m["data"]["call"]["state"] == "Established"
        })
        .await;
    let cid = call_id(&consult);
    l1.inbox.clear();
    // Posted on the parent with consultCallUri.
    ok(a1
        .op(
            &id,
            json!({"operationName":"CompleteConference","consultCallUri":format!("{}/api/v2/me/calls/{cid}", a1.base)}),
        )
        .await);
    // §5.4: consult Released (callType Consult), then the parent gets its participants.
    let rel = l1.call_state("Released").await;
    assert_eq!(call_id(&rel), cid);
    assert_eq!(rel["data"]["call"]["callType"], "Consult");
    let conf = next_for(&mut l1, &id, "conference").await;
    assert_eq!(conf["data"]["notificationType"], "ParticipantsUpdated");
    assert_eq!(conf["data"]["call"]["state"], "Established");
    let mut parties = numbers(&conf);
    parties.sort();
    assert_eq!(parties, vec!["5002", "5550000"]);
    assert!(has(&conf, "RemoveParticipantFromConference"));
    assert!(!has(&conf, "CompleteConference") && !has(&conf, "SwapCalls"));
    let a2_conf = l2
        .expect("agent2 sees the conference", |m| {
            m["data"]["notificationType"] == "ParticipantsUpdated"
        })
        .await;
    let mut parties = numbers(&a2_conf);
    parties.sort();
    assert_eq!(parties, vec!["5001", "5550000"]);

    // A party that is not on the call.
    let (s, b) = a1
        .op(
            &id,
            json!({"operationName":"RemoveParticipantFromConference","participant":"5559999"}),
        )
        .await;
    assert_eq!((s, b["statusCode"].as_i64()), (404, Some(6)), "{b}");
    ok(a1
        .op(
            &id,
            json!({"operationName":"RemoveParticipantFromConference","participant":"5002"}),
        )
        .await);
    let gone = l2.call_state("Released").await;
    assert_eq!(call_id(&gone), call_id(&a2_conf));
    let two = l1
        .expect("two parties again", |m| {
            m["data"]["notificationType"] == "ParticipantsUpdated"
        })
        .await;
    assert_eq!(numbers(&two), vec!["5550000"]);
    assert!(!has(&two, "RemoveParticipantFromConference"));
}

#[tokio::test]
async fn single_step_transfer_and_conference() {
    let sim = start().await;
    let a1 = Gws::login(&sim, "agent1").await;
    let a2 = Gws::login(&sim, "agent2").await;
    let mut l1 = LongPoll::open(&a1, "/v2/me/calls").await;
    let mut l2 = LongPoll::open(&a2, "/v2/me/calls").await;

    let id = established_call(&a1, &mut l1, "5550000").await;
    ok(a1
        .op(
            &id,
            json!({"operationName":"SingleStepConference","destination":{"phoneNumber":"5550002"}}),
        )
        .await);
    let upd = l1
        .expect("ssc", |m| {
            m["data"]["notificationType"] == "ParticipantsUpdated"
        })
        .await;
    let mut parties = numbers(&upd);
    parties.sort();
    assert_eq!(parties, vec!["5550000", "5550002"]);
    assert!(has(&upd, "RemoveParticipantFromConference"));
    ok(a1.op(&id, json!({"operationName":"ClearCall"})).await);
    next_for(&mut l1, &id, "cleared").await;
    l1.inbox.clear();

    let id = established_call(&a1, &mut l1, "5550000").await;
    ok(a1
        .op(
            &id,
            json!({"operationName":"SingleStepTransfer","destination":{"phoneNumber":"5002"},"userData":{"TransferReason":"Escalation"}}),
        )
        .await);
    let rel = next_for(&mut l1, &id, "our side released").await;
    assert_eq!(rel["data"]["call"]["state"], "Released");
    assert_eq!(rel["data"]["call"]["capabilities"], json!([]));
    let ring = l2.call_state("Ringing").await;
    assert_eq!(
        ring["data"]["call"]["userData"]["TransferReason"],
        "Escalation"
    );
    assert_eq!(ring["data"]["call"]["callType"], "Internal");
    assert!(has(&ring, "Answer"));
    no_polluting_caps(&ring);
    // Missing and wrong destinations are refused with GWS codes, nothing happens.
    let id = established_call(&a1, &mut l1, "5550000").await;
    let (s, b) = a1
        .op(&id, json!({"operationName":"SingleStepTransfer"}))
        .await;
    assert_eq!((s, b["statusCode"].as_i64()), (400, Some(1)), "{b}");
    let (s, b) = a1
        .op(
            &id,
            json!({"operationName":"InitiateTransfer","destination":{"phoneNumber":"12ab"}}),
        )
        .await;
    assert_eq!((s, b["statusCode"].as_i64()), (400, Some(10)), "{b}");
    assert_eq!(a1.calls().await[0]["state"], "Established");
}

#[tokio::test]
async fn dtmf_on_an_established_call_for_extensions() {
    let sim = start().await;
    let gws = Gws::login(&sim, "agent1").await;
    let mut lp = LongPoll::open(&gws, "/v2/me/calls").await;
    let id = established_call(&gws, &mut lp, "12015550123").await;
    ok(gws
        .op(&id, json!({"operationName":"SendDtmf","digits":"22"}))
        .await);
    let m = lp
        .expect("DtmfSent", |m| m["data"]["notificationType"] == "DtmfSent")
        .await;
    assert_eq!(m["data"]["dtmfDigits"], "22");
    assert_eq!(m["data"]["call"]["state"], "Established");
}
