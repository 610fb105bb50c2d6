//! Hostile requests. A seeded, deterministic storm of malformed and hostile REST requests and
//! Bayeux messages (long-polling POSTs and WebSocket frames) against a real simulator on
//! loopback: bad and truncated JSON, deep nesting, wrong types, huge values and bodies over the
//! limit, forged or missing CSRF tokens and cookies, bad Basic headers, unknown operations and
//! routes, wrong methods, path tricks (`..`, `%2e%2e`, `%00`, non-UTF-8, very long paths).
//!
//! The simulator must answer every one in GWS's shape: no status >= 500; under `/api` a JSON
//! body (`{"statusCode":int,"statusMessage":string}` for refusals, a GWS resource with an
//! integer `statusCode` for successes, Bayeux arrays on the CometD endpoint); it must stay up,
//! and afterwards a normal client signs in, connects CometD and dials.
//!
//! REST requests go over raw sockets (so paths keep the bytes the URL parser of an HTTP client
//! would normalise away); each gets its own connection with `Connection: close`.

mod common;
use common::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio_tungstenite::tungstenite::{Message as Ws, client::IntoClientRequest};

const SEED: u64 = 0x6773_2d73_696d_2d68;
/// Raw HTTP requests at REST resources (and a few at the admin API).
const REST_REQUESTS: usize = 3_200;
/// Bayeux batches POSTed to the long-polling endpoint.
const LONG_POLL_REQUESTS: usize = 1_300;
/// Bayeux frames sent over WebSockets.
const WEBSOCKET_FRAMES: usize = 1_100;
const TOTAL: usize = REST_REQUESTS + LONG_POLL_REQUESTS + WEBSOCKET_FRAMES;
const _: () = assert!(TOTAL >= 5_000);
/// Requests in flight at once (raw sockets), and WebSockets in parallel.
const CONCURRENCY: usize = 16;
const SOCKETS: usize = 4;
/// The simulator's default body limit (`timing.max_body_bytes`).
const LIMIT: usize = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// A small deterministic PRNG (SplitMix64): case `i` of stream `s` is the same on every run,
// whatever order the concurrent workers take the cases in.

struct Rng(u64);

impl Rng {
    fn for_case(stream: u64, i: usize) -> Rng {
        let mut r = Rng(SEED
            ^ stream.wrapping_mul(0xA076_1D64_78BD_642F)
            ^ (i as u64).wrapping_mul(0xE703_7ED1_A0B4_28DB));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// What the storm knows about the contact centre before it starts.

struct Agent {
    user: &'static str,
    device: &'static str,
    cookie: String,
    csrf: String,
}

struct Ctx {
    addr: SocketAddr,
    agents: Vec<Agent>,
    call_id: String,
    client_ids: Vec<String>,
}

/// Basic sign-in over a raw socket: the JSESSIONID and the CSRF token.
async fn raw_login(addr: SocketAddr, user: &str) -> (String, String) {
    let basic = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("{user}:password"),
    );
    let req = raw_request_bytes(
        "GET",
        b"/api/v2/me",
        &[("Authorization", format!("Basic {basic}").into_bytes())],
        b"",
    );
    let r = raw_exchange(addr, &req).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    let cookie = r
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_string();
    let csrf = r.header("x-csrf-token").unwrap().to_string();
    (cookie, csrf)
}

// ---------------------------------------------------------------------------------------------
// Generators.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Rest,
    Admin,
    LongPoll,
}

struct Case {
    kind: Kind,
    method: String,
    target: Vec<u8>,
    headers: Vec<(&'static str, Vec<u8>)>,
    body: Vec<u8>,
    /// Bytes the HTTP/1 parser itself refuses (control characters, raw non-ASCII in the
    /// request target, an over-long URI): answered by hyper before any simulator code runs.
    parser_may_refuse: bool,
}

const OPERATIONS: &[&str] = &[
    "Dial",
    "Answer",
    "Hangup",
    "Hold",
    "Retrieve",
    "SendDtmf",
    "AttachUserData",
    "UpdateUserData",
    "DeleteUserData",
    "DeleteUserDataPair",
    "InitiateTransfer",
    "CompleteTransfer",
    "SingleStepTransfer",
    "InitiateConference",
    "CompleteConference",
    "SingleStepConference",
    "RemoveParticipantFromConference",
    "Alternate",
    "SwapCalls",
    "Reject",
    "ClearCall",
    "MuteCall",
    "UnmuteCall",
    "StartCallRecording",
    "StopCallRecording",
    "PauseCallRecording",
    "ResumeCallRecording",
    "StartContactCenterSession",
    "EndContactCenterSession",
    "Ready",
    "NotReady",
    "AfterCallWork",
    "DoNotDisturbOn",
    "DoNotDisturbOff",
    "ForwardCallsOn",
    "ForwardCallsOff",
    "StartPreviewSession",
    "EndPreviewSession",
    "GetPreviewRecord",
    "GetChainedRecord",
    "CompleteRecord",
    "RejectRecord",
    "RescheduleRecord",
    "UpdateRecord",
    "Teleport",
    "",
    "dial",
    "__proto__",
];

const FIELDS: &[&str] = &[
    "destination",
    "phoneNumber",
    "userData",
    "channels",
    "key",
    "keys",
    "digits",
    "dtmfDigits",
    "location",
    "outboundRecord",
    "devicePath",
    "reason",
    "workMode",
    "workmode",
    "participant",
    "place",
    "recordHandle",
    "callId",
    "dateTime",
    "parentCallUri",
    "otherFields",
    "campaignName",
    "extensions",
    "operationName",
];

/// A JSON string full of trouble (never a bare multimedia channel name: see `channels`).
fn hostile_string(r: &mut Rng) -> String {
    match r.below(14) {
        0 => String::new(),
        1 => {
            let n = 1 + r.below(12);
            r.digits(n)
        }
        2 => "a".repeat(1 + r.below(4_000)),
        3 => "../../admin/api/state".into(),
        4 => "<script>alert(1)</script>".into(),
        5 => "\u{0}\u{1}\u{7f}\u{202e}\u{feff}".into(),
        6 => "ünïcödé 电话 📞".repeat(1 + r.below(50)),
        7 => "%ff%fe%00".into(),
        8 => "5550199".into(),
        9 => format!("+1 (555) {}", r.digits(7)),
        10 => "\\\"'`${}".into(),
        11 => "9".repeat(400),
        12 => "Voice".into(),
        _ => format!("{:x}", r.next()),
    }
}

fn hostile_value(r: &mut Rng, depth: usize) -> Value {
    let leaf = depth >= 3;
    match r.below(if leaf { 9 } else { 13 }) {
        0 => Value::Null,
        1 => json!(r.chance(50)),
        2 => json!(i64::MAX),
        3 => json!(u64::MAX),
        4 => json!(-1),
        5 => json!(1.5e308),
        6 => json!(-0.0),
        7 | 8 => json!(hostile_string(r)),
        9 => Value::Array(
            (0..r.below(6))
                .map(|_| hostile_value(r, depth + 1))
                .collect(),
        ),
        10 => json!({"phoneNumber": hostile_value(r, depth + 1)}),
        11 => {
            let mut m = serde_json::Map::new();
            for _ in 0..r.below(6) {
                m.insert(hostile_string(r), hostile_value(r, depth + 1));
            }
            Value::Object(m)
        }
        _ => json!({"key": hostile_value(r, depth + 1), "value": hostile_value(r, depth + 1)}),
    }
}

fn channels_value(r: &mut Rng) -> Value {
    // Never a list of multimedia channels alone: that asks the simulator to emulate a GWS
    // whose Interaction Server is down (HTTP 500, statusCode 4), which is a GWS answer on
    // purpose, not a defect.
    r.pick(&[
        json!(["voice"]),
        json!(["voice", "chat"]),
        json!([]),
        json!("voice"),
        json!([1, 2]),
        json!([null]),
        json!(["bogus"]),
        json!(["Voice"]),
        json!([["voice"]]),
        json!({"voice": true}),
        json!(["voice", "x".repeat(3000)]),
        json!(["chat", "nonsense"]),
    ])
    .clone()
}

/// A JSON operation body: plausible, wrong-typed, unknown, or plain valid.
fn operation_body(r: &mut Rng, ctx: &Ctx) -> Value {
    let mut m = serde_json::Map::new();
    match r.below(10) {
        0 => {
            m.insert("operationName".into(), hostile_value(r, 1));
        }
        1 => {}
        _ => {
            m.insert("operationName".into(), json!(r.pick(OPERATIONS)));
        }
    }
    let op = m
        .get("operationName")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    // Plausible fields for the operation, often right, often not.
    match op.as_str() {
        "Dial"
        | "InitiateTransfer"
        | "InitiateConference"
        | "SingleStepTransfer"
        | "SingleStepConference" => {
            let number = match r.below(6) {
                0 => json!(r.pick(&["5550000", "5550100", "5550101", "5550102", "5002"])),
                1 => {
                    let n = 1 + r.below(15);
                    json!(r.digits(n))
                }
                _ => hostile_value(r, 2),
            };
            let destination = if r.chance(70) {
                json!({"phoneNumber": number})
            } else {
                number
            };
            m.insert("destination".into(), destination);
            if r.chance(40) {
                m.insert("userData".into(), hostile_value(r, 1));
            }
        }
        "StartContactCenterSession" if r.chance(85) => {
            m.insert("channels".into(), channels_value(r));
        }
        "SendDtmf" => {
            m.insert("dtmfDigits".into(), hostile_value(r, 2));
        }
        "ForwardCallsOn" => {
            m.insert("destination".into(), hostile_value(r, 2));
        }
        "AttachUserData" | "UpdateUserData" | "DeleteUserDataPair" => {
            m.insert("userData".into(), hostile_value(r, 0));
            m.insert("key".into(), hostile_value(r, 2));
        }
        _ => {}
    }
    for _ in 0..r.below(4) {
        let field = *r.pick(FIELDS);
        let value = if field == "channels" {
            channels_value(r)
        } else {
            hostile_value(r, 1)
        };
        if field == "operationName" && op == "StartContactCenterSession" {
            continue;
        }
        m.insert(field.into(), value);
    }
    if r.chance(5) {
        m.insert("callId".into(), json!(ctx.call_id));
    }
    Value::Object(m)
}

fn deep(r: &mut Rng, open: &str, close: &str) -> Vec<u8> {
    // Far deeper than serde_json's 128-level recursion limit; sometimes near the body limit.
    let depth = if r.chance(10) {
        LIMIT / open.len() / 2 - 64
    } else {
        200 + r.below(2000)
    };
    let mut s = open.repeat(depth);
    if r.chance(70) {
        s.push_str(&close.repeat(depth));
    }
    s.into_bytes()
}

/// A request body at an operation resource.
fn rest_body(r: &mut Rng, ctx: &Ctx) -> Vec<u8> {
    match r.below(20) {
        0 => Vec::new(),
        1 => b"  \r\n\t ".to_vec(),
        2 => {
            let n = 1 + r.below(300);
            r.bytes(n)
        }
        3 => {
            let full = operation_body(r, ctx).to_string();
            let cut = r.below(full.len());
            full.as_bytes()[..cut].to_vec()
        }
        4 => deep(r, "[", "]"),
        5 => deep(r, "{\"a\":", "}"),
        6 => r
            .pick(&[
                "null",
                "1e400",
                "-1e400",
                "\"Dial\"",
                "true",
                "123456789012345678901234567890",
                "[]",
                "{}",
                "[{\"operationName\":\"Dial\"}]",
            ])
            .as_bytes()
            .to_vec(),
        7 => {
            // A string field near the limit.
            let n = if r.chance(30) {
                LIMIT - 200 - r.below(2000)
            } else {
                1000 + r.below(8000)
            };
            json!({"operationName": "Dial", "destination": {"phoneNumber": "1".repeat(n)}})
                .to_string()
                .into_bytes()
        }
        8 => {
            // Over the limit.
            let n = LIMIT + 1 + r.below(4096);
            let mut b = b"{\"operationName\":\"Dial\",\"x\":\"".to_vec();
            b.resize(n, b'x');
            b
        }
        9 => br#"{"operationName":"Ready","operationName":"Dial","operationName":"Hold"}"#.to_vec(),
        10 => {
            let mut b = br#"{"operationName":"Dial"#.to_vec();
            b.extend_from_slice(&[0xff, 0xfe, 0xc0, 0xaf]);
            b.extend_from_slice(br#"","destination":{"phoneNumber":"5550000"}}"#);
            b
        }
        11 => br#"{"operationName":"Dial\u0000","destination":{"phoneNumber":"555\u00000000"}}"#
            .to_vec(),
        12 => {
            let mut m = serde_json::Map::new();
            m.insert("operationName".into(), json!("AttachUserData"));
            let mut ud = serde_json::Map::new();
            for i in 0..(300 + r.below(1000)) {
                ud.insert(format!("k{i}"), json!(i));
            }
            m.insert("userData".into(), Value::Object(ud));
            Value::Object(m).to_string().into_bytes()
        }
        13 => {
            let mut b = vec![0xef, 0xbb, 0xbf];
            b.extend_from_slice(operation_body(r, ctx).to_string().as_bytes());
            b
        }
        14 => format!("operationName=Dial&destination={}", r.digits(7)).into_bytes(),
        _ => operation_body(r, ctx).to_string().into_bytes(),
    }
}

const IDS: &[&[u8]] = &[
    b"",
    b"%ff%fe",
    b"%00",
    b"NUL%00byte",
    b"..",
    b"%2e%2e",
    b"%2e%2e%2f%2e%2e%2fadmin%2fapi%2fstate",
    b"..%2f..%2f..%2fetc%2fpasswd",
    b"%c0%af",
    b"%",
    b"%zz",
    b"%e2%80%ae",
    b"%20",
    b"*",
    b"{id}",
    b"a;b=c",
    b"-1",
    b"99999999999999999999999999",
    b"%u0041",
    b"%25ff",
];

/// A path segment standing for an id (device, call, campaign, record).
fn hostile_id(r: &mut Rng, valid: &str) -> (Vec<u8>, bool) {
    match r.below(12) {
        0..=2 => (valid.as_bytes().to_vec(), false),
        3 => ("a".repeat(1 + r.below(8_000)).into_bytes(), false),
        4 => ("%ff".repeat(1 + r.below(1000)).into_bytes(), false),
        5 => ("ünï".as_bytes().to_vec(), true),
        6 => {
            let mut b = b"x".to_vec();
            b.push(0x80 + r.below(0x7f) as u8);
            (b, true)
        }
        7 => (b"a\x00b".to_vec(), true),
        _ => (r.pick(IDS).to_vec(), false),
    }
}

const SUFFIXES: &[&[u8]] = &[
    b"/",
    b"//",
    b"/..",
    b"/../..",
    b"/./",
    b"/%2e",
    b"/.%2e/.%2e/admin/api/state",
    b"/..;/admin/api/state",
    b";jsessionid=forged",
    b"?fields=*",
    b"?subresources=*",
    b"?fields=%ff%fe",
    b"?%=%",
    b"?a=1&a=2&&=&",
    b"?fields",
    b"?subresources=devices,calls,features&fields=id,%00",
    b"?%ff=%fe",
    b"?fields[]=1&fields[x]=2",
];

/// (target, parser_may_refuse)
fn rest_target(r: &mut Rng, ctx: &Ctx, agent: &Agent) -> (Vec<u8>, bool) {
    let templates: &[&str] = &[
        "/api/v2/me",
        "/api/v2/me/",
        "/api/v2/me/channels/voice",
        "/api/v2/me/devices",
        "/api/v2/me/devices/{dev}",
        "/api/v2/devices/{dev}",
        "/api/v2/me/devices/{dev}/calls",
        "/api/v2/me/calls",
        "/api/v2/me/calls/{call}",
        "/api/v2/me/outbound-campaigns/{campaign}",
        "/api/v2/me/outbound-records/{record}",
        "/api/v2/diagnostics/version",
        "/api/v2/users/{dev}",
        "/api/v2/me/channels/{dev}",
    ];
    if r.chance(12) {
        let long_path = format!("/api/v2/{}", "a".repeat(1000 + r.below(20_000)));
        let many_segments = format!("/api/v2/me/{}", "a/".repeat(1 + r.below(5000)));
        let specials: Vec<(Vec<u8>, bool)> = vec![
            (b"/api".to_vec(), false),
            (b"/api/".to_vec(), false),
            (b"/api/v2".to_vec(), false),
            (b"/api/v2/".to_vec(), false),
            (b"/api/v3/me".to_vec(), false),
            (b"/api/v1/me".to_vec(), false),
            (b"/api/v2/me/../../admin/api/state".to_vec(), false),
            (b"/api/v2/%2e%2e/%2e%2e/admin/api/state".to_vec(), false),
            (b"/api/v2/me%00".to_vec(), false),
            (b"/api/v2/me%2f..%2f..%2fadmin".to_vec(), false),
            (long_path.into_bytes(), false),
            (many_segments.into_bytes(), false),
            (b"http://127.0.0.1/api/v2/me".to_vec(), false),
            (b"/api/v2/me#fragment".to_vec(), true),
            (b"/api/v2/me\xff\xfe".to_vec(), true),
            (b"/api/v2/me/\x01".to_vec(), true),
            (format!("/api/v2/{}", "b".repeat(70_000)).into_bytes(), true),
        ];
        return r.pick(&specials).clone();
    }
    let template = *r.pick(templates);
    let valid = match template {
        t if t.contains("{call}") => ctx.call_id.as_str(),
        t if t.contains("{campaign}") => "Campaign1",
        t if t.contains("{record}") => "431",
        _ => agent.device,
    };
    let (id, refuse) = hostile_id(r, valid);
    let mut target = Vec::new();
    let mut rest = template.as_bytes();
    while let Some(start) = rest.iter().position(|b| *b == b'{') {
        target.extend_from_slice(&rest[..start]);
        let end = rest[start..].iter().position(|b| *b == b'}').unwrap() + start;
        target.extend_from_slice(&id);
        rest = &rest[end + 1..];
    }
    target.extend_from_slice(rest);
    if r.chance(30) {
        let suffix = *r.pick(SUFFIXES);
        target.extend_from_slice(suffix);
    }
    if r.chance(5) {
        target.extend_from_slice(format!("?fields={}", "x".repeat(r.below(8_000))).as_bytes());
    }
    (target, refuse)
}

fn basic(user: &str, password: &str) -> Vec<u8> {
    let b = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("{user}:{password}"),
    );
    format!("Basic {b}").into_bytes()
}

/// Authentication, CSRF, content type and odd extra headers. Returns `parser_may_refuse`.
fn hostile_headers(
    r: &mut Rng,
    ctx: &Ctx,
    agent: &Agent,
    modifying: bool,
    headers: &mut Vec<(&'static str, Vec<u8>)>,
) -> bool {
    let mut refuse = false;
    let mut has_cookie = false;
    match r.below(10) {
        0 => {}
        1..=4 => {
            headers.push(("Cookie", agent.cookie.clone().into_bytes()));
            has_cookie = true;
        }
        5 => headers.push(("Authorization", basic(agent.user, "password"))),
        6 => headers.push(("Authorization", basic(agent.user, "wrong"))),
        7 => {
            let bad: Vec<Vec<u8>> = vec![
                b"Basic".to_vec(),
                b"Basic !!!!".to_vec(),
                b"Basic bm9jb2xvbg==".to_vec(),
                b"Basic /w==".to_vec(),
                b"Bearer abc".to_vec(),
                b"Digest username=\"agent1\"".to_vec(),
                b"basic YWdlbnQxOnBhc3N3b3Jk".to_vec(),
                format!("Basic {}", "A".repeat(6000)).into_bytes(),
                b"Basic \xff\xfe".to_vec(),
                b"Basic Og==".to_vec(),
            ];
            headers.push(("Authorization", r.pick(&bad).clone()));
            if r.chance(50) {
                headers.push(("Cookie", agent.cookie.clone().into_bytes()));
            }
        }
        8 => headers.push((
            "Cookie",
            format!("JSESSIONID={:032x}", r.next() as u128 * r.next() as u128).into_bytes(),
        )),
        _ => {
            let bad: Vec<Vec<u8>> = vec![
                b";;;".to_vec(),
                b"JSESSIONID".to_vec(),
                b"JSESSIONID=".to_vec(),
                b"JSESSIONID=\xff\xfe".to_vec(),
                format!("JSESSIONID={}", "x".repeat(5000)).into_bytes(),
                format!("a=b; {}; c=d", agent.cookie).into_bytes(),
                format!("JSESSIONID=forged; {}", agent.cookie).into_bytes(),
            ];
            headers.push(("Cookie", r.pick(&bad).clone()));
        }
    }
    if modifying || r.chance(10) {
        let other = r.pick(&ctx.agents);
        match r.below(8) {
            0 => {}
            1..=3 if has_cookie => headers.push(("X-CSRF-TOKEN", agent.csrf.clone().into_bytes())),
            1..=3 => headers.push(("X-CSRF-TOKEN", other.csrf.clone().into_bytes())),
            4 => headers.push((
                "X-CSRF-TOKEN",
                b"00000000-0000-0000-0000-000000000000".to_vec(),
            )),
            5 => headers.push(("X-CSRF-TOKEN", other.csrf.clone().into_bytes())),
            6 => headers.push(("X-CSRF-TOKEN", "t".repeat(4000).into_bytes())),
            _ => headers.push(("X-CSRF-TOKEN", b"\xff\xfe\x80".to_vec())),
        }
    }
    let content_types: &[&[u8]] = &[
        b"application/json",
        b"application/json;charset=UTF-8",
        b"text/plain",
        b"application/x-www-form-urlencoded",
        b"multipart/form-data; boundary=x",
        b"application/xml",
        b"\xff\xfe",
        b"",
    ];
    if r.chance(85) {
        headers.push(("Content-Type", r.pick(content_types).to_vec()));
    }
    if r.chance(30) {
        let extra: Vec<(&'static str, Vec<u8>)> = vec![
            ("Origin", b"http://evil.example".to_vec()),
            ("Origin", b"http://crm.example.com".to_vec()),
            ("Origin", b"null".to_vec()),
            ("X-Forwarded-For", b"203.0.113.9".to_vec()),
            ("Accept", b"text/html".to_vec()),
            ("Content-Encoding", b"gzip".to_vec()),
            ("X-Admin-Token", b"guess".to_vec()),
            ("Cookie", b"JSESSIONID=second-cookie-header".to_vec()),
            ("Referer", "r".repeat(8000).into_bytes()),
            ("X-Bad", b"ctl\x01char".to_vec()),
        ];
        let (k, v) = r.pick(&extra).clone();
        refuse |= v.iter().any(|b| *b < 0x20 && *b != b'\t');
        headers.push((k, v));
    }
    refuse
}

fn rest_case(ctx: &Ctx, i: usize) -> Case {
    let mut r = Rng::for_case(1, i);
    let agent = r.pick(&ctx.agents);
    if r.chance(4) {
        return admin_case(&mut r);
    }
    let method = match r.below(100) {
        0..=34 => "GET",
        35..=79 => "POST",
        80..=84 => "PUT",
        85..=88 => "DELETE",
        89..=91 => "PATCH",
        92..=94 => "HEAD",
        95..=96 => "OPTIONS",
        97 => "TRACE",
        _ => "FROB",
    }
    .to_string();
    let (target, mut refuse) = rest_target(&mut r, ctx, agent);
    let modifying = matches!(method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE");
    let mut headers = Vec::new();
    refuse |= hostile_headers(&mut r, ctx, agent, modifying, &mut headers);
    let body = if modifying || r.chance(10) {
        rest_body(&mut r, ctx)
    } else {
        Vec::new()
    };
    Case {
        kind: Kind::Rest,
        method,
        target,
        headers,
        body,
        parser_may_refuse: refuse,
    }
}

/// Malformed input for the admin API only: never a well-formed fault injection (those answer
/// 503s on purpose) nor a reset.
fn admin_case(r: &mut Rng) -> Case {
    let targets: &[&[u8]] = &[
        b"/admin/api/agents/%ff%fe/inbound-call",
        b"/admin/api/agents/nobody/inbound-call",
        b"/admin/api/calls/%00/far-end-answer",
        b"/admin/api/calls/nope/far-end-hangup",
        b"/admin/api/faults/fail-next",
        b"/admin/api/settings",
        b"/admin/api/nothing-here",
        b"/admin/api/state/..",
        b"/admin/api",
    ];
    let target = r.pick(targets).to_vec();
    let method = r.pick(&["POST", "PUT", "DELETE", "PATCH"]).to_string();
    let body = match r.below(5) {
        0 => b"{nope".to_vec(),
        1 => br#"{"count":"many","status":"x"}"#.to_vec(),
        2 => br#"{"unknownField":1}"#.to_vec(),
        3 => vec![b'x'; LIMIT + 1 + r.below(4096)],
        _ => deep(r, "[", "]"),
    };
    Case {
        kind: Kind::Admin,
        method,
        target,
        headers: vec![("Content-Type", b"application/json".to_vec())],
        body,
        parser_may_refuse: false,
    }
}

const CHANNELS: &[&str] = &[
    "/meta/handshake",
    "/meta/connect",
    "/meta/subscribe",
    "/meta/unsubscribe",
    "/meta/disconnect",
    "/meta/unknown",
    "/meta/",
    "/meta",
    "",
    "/",
    "/v2/me/calls",
    "/v2/me/**",
    "/**",
    "no-slash",
    "/service/echo",
];

fn bayeux_message(r: &mut Rng, ctx: &Ctx) -> Value {
    let mut m = serde_json::Map::new();
    match r.below(20) {
        0 => {}
        1 => {
            m.insert("channel".into(), hostile_value(r, 2));
        }
        2 => {
            m.insert("channel".into(), json!(hostile_string(r)));
        }
        _ => {
            m.insert("channel".into(), json!(r.pick(CHANNELS)));
        }
    }
    match r.below(10) {
        0..=3 => {
            m.insert("clientId".into(), json!(r.pick(&ctx.client_ids)));
        }
        4 => {
            m.insert("clientId".into(), json!(format!("{:x}", r.next())));
        }
        5 => {
            m.insert("clientId".into(), hostile_value(r, 2));
        }
        _ => {}
    }
    if r.chance(70) {
        let id = if r.chance(80) {
            json!(format!("{}", r.below(1000)))
        } else {
            hostile_value(r, 2)
        };
        m.insert("id".into(), id);
    }
    if r.chance(20) {
        m.insert(
            "version".into(),
            r.pick(&[json!("1.0"), json!("2.0"), json!(1), json!(""), json!(null)])
                .clone(),
        );
    }
    if r.chance(20) {
        m.insert(
            "supportedConnectionTypes".into(),
            r.pick(&[
                json!(["long-polling"]),
                json!(["websocket", "long-polling"]),
                json!([]),
                json!("long-polling"),
                json!([1]),
            ])
            .clone(),
        );
    }
    if r.chance(20) {
        m.insert(
            "connectionType".into(),
            r.pick(&[
                json!("long-polling"),
                json!("websocket"),
                json!("callback-polling"),
                json!(5),
            ])
            .clone(),
        );
    }
    if r.chance(50) {
        let advice = r
            .pick(&[
                json!({"timeout": 0}),
                json!({"timeout": 0}),
                json!({"timeout": -1}),
                json!({"timeout": i64::MAX}),
                json!({"timeout": i64::MIN}),
                json!({"timeout": "soon"}),
                json!({"timeout": 1.5}),
                json!({"interval": -5, "reconnect": "bogus"}),
                json!("advice"),
                json!([]),
            ])
            .clone();
        m.insert("advice".into(), advice);
    }
    if r.chance(40) {
        let many: Vec<String> = (0..1 + r.below(1000)).map(|i| format!("/c/{i}")).collect();
        let sub = match r.below(12) {
            0 => json!("/v2/me/calls"),
            1 => json!("/v2/me/*"),
            2 => json!("/v2/me/**"),
            3 => json!(["/v2/me/calls", "/v2/me/devices"]),
            4 => json!([]),
            5 => json!("/meta/**"),
            6 => json!(""),
            7 => json!("nope"),
            8 => json!(many),
            9 => json!(format!("/{}", "l".repeat(2000))),
            _ => hostile_value(r, 2),
        };
        m.insert("subscription".into(), sub);
    }
    if r.chance(15) {
        m.insert("data".into(), hostile_value(r, 0));
    }
    if r.chance(10) {
        m.insert("ext".into(), hostile_value(r, 0));
    }
    Value::Object(m)
}

/// A long-polling body or a WebSocket frame's text.
fn bayeux_body(r: &mut Rng, ctx: &Ctx) -> Vec<u8> {
    match r.below(16) {
        0 => b"{nope".to_vec(),
        1 => Vec::new(),
        2 => r
            .pick(&[
                "null", "1", "\"x\"", "[]", "[1,2]", "[null]", "{}", "[[]]", "1e400",
            ])
            .as_bytes()
            .to_vec(),
        3 => {
            let n = 1 + r.below(200);
            r.bytes(n)
        }
        4 => deep(r, "[", "]"),
        5 => {
            let mut b = br#"[{"channel":"/meta/connect","data":"#.to_vec();
            b.extend_from_slice(&deep(r, "{\"a\":", "}"));
            b.extend_from_slice(b"}]");
            b
        }
        6 => {
            let mut b = br#"[{"channel":"/meta/handshake","ext":""#.to_vec();
            b.resize(LIMIT + 1 + r.below(4096), b'x');
            b.extend_from_slice(b"\"}]");
            b
        }
        7 => {
            let one = bayeux_message(r, ctx);
            if r.chance(50) {
                one.to_string().into_bytes()
            } else {
                json!([one]).to_string().into_bytes()
            }
        }
        _ => {
            let n = 1 + r.below(12);
            Value::Array((0..n).map(|_| bayeux_message(r, ctx)).collect())
                .to_string()
                .into_bytes()
        }
    }
}

fn long_poll_case(ctx: &Ctx, i: usize) -> Case {
    let mut r = Rng::for_case(2, i);
    let agent = r.pick(&ctx.agents);
    let suffixes: &[&[u8]] = &[
        b"",
        b"",
        b"/",
        b"/handshake",
        b"/connect",
        b"/subscribe",
        b"/unsubscribe",
        b"/disconnect",
        b"/x/y/z",
        b"/%ff%fe",
        b"/..",
        b"/%2e%2e/me",
        b"?jsonp=x",
    ];
    let mut target = b"/api/v2/notifications".to_vec();
    let suffix = *r.pick(suffixes);
    target.extend_from_slice(suffix);
    let mut headers: Vec<(&'static str, Vec<u8>)> = Vec::new();
    match r.below(10) {
        0 => {}
        1 => headers.push(("Cookie", format!("JSESSIONID={:x}", r.next()).into_bytes())),
        2 => headers.push(("Authorization", basic(agent.user, "password"))),
        3 => headers.push(("Authorization", b"Basic !!".to_vec())),
        _ => headers.push(("Cookie", agent.cookie.clone().into_bytes())),
    }
    if r.chance(90) {
        headers.push(("Content-Type", b"application/json;charset=UTF-8".to_vec()));
    }
    let method = match r.below(20) {
        0 => "GET",
        1 => "PUT",
        2 => "DELETE",
        _ => "POST",
    };
    if method == "GET" {
        // A WebSocket upgrade that is always broken somewhere (a complete one would switch
        // protocols, which a raw request/response exchange cannot follow).
        headers.push(("Connection", b"Upgrade".to_vec()));
        headers.push(("Upgrade", b"websocket".to_vec()));
        match r.below(3) {
            0 => headers.push(("Sec-WebSocket-Version", b"13".to_vec())),
            1 => {
                headers.push(("Sec-WebSocket-Version", b"12".to_vec()));
                headers.push(("Sec-WebSocket-Key", b"dGhlIHNhbXBsZSBub25jZQ==".to_vec()));
            }
            _ => {}
        }
    }
    Case {
        kind: Kind::LongPoll,
        method: method.to_string(),
        target,
        headers,
        body: if method == "GET" {
            Vec::new()
        } else {
            bayeux_body(&mut r, ctx)
        },
        parser_may_refuse: false,
    }
}

// ---------------------------------------------------------------------------------------------
// Checks.

#[derive(Default)]
struct Tally {
    sent: BTreeMap<String, usize>,
    statuses: BTreeMap<u16, usize>,
    server_errors: usize,
    /// By status: answered by hyper's HTTP/1 parser before any simulator code.
    parser_refusals: BTreeMap<u16, usize>,
    parser_samples: Vec<String>,
    preflights: usize,
    websocket_closes_expected: usize,
    websocket_reconnects: usize,
    violations: Vec<String>,
}

impl Tally {
    fn violation(&mut self, what: String) {
        self.violations.push(what);
    }
}

fn preview(bytes: &[u8], n: usize) -> String {
    let s = String::from_utf8_lossy(&bytes[..bytes.len().min(n)]).into_owned();
    if bytes.len() > n {
        format!("{s}…({} bytes)", bytes.len())
    } else {
        s
    }
}

fn is_gws_target(target: &[u8]) -> bool {
    let path = target
        .strip_prefix(b"http://127.0.0.1".as_slice())
        .unwrap_or(target);
    path == b"/api" || path.starts_with(b"/api/") || path.starts_with(b"/api?")
}

fn is_cometd_target(target: &[u8]) -> bool {
    target.starts_with(b"/api/v2/notifications")
}

/// A Bayeux reply batch: an array of objects with a string `channel`; failures say why.
fn bayeux_problem(v: &Value) -> Option<String> {
    let Some(items) = v.as_array() else {
        return Some("not a JSON array".into());
    };
    for m in items {
        if !m["channel"].is_string() {
            return Some(format!("message without a string channel: {m}"));
        }
        if m["successful"] == false && !m["error"].as_str().is_some_and(|e| e.contains("::")) {
            return Some(format!("failed reply without a Bayeux error: {m}"));
        }
    }
    None
}

fn gws_error_problem(v: &Value) -> Option<String> {
    if !v["statusCode"].is_i64() || !v["statusMessage"].is_string() {
        return Some("not {statusCode:int, statusMessage:string}".into());
    }
    None
}

fn check(case: &Case, answer: Result<RawResponse, String>, tally: &mut Tally) {
    let what = || {
        format!(
            "{:?} {} {} body {}",
            case.kind,
            case.method,
            preview(&case.target, 120),
            preview(&case.body, 80)
        )
    };
    let res = match answer {
        Ok(r) => r,
        Err(e) => return tally.violation(format!("{}: no answer: {e}", what())),
    };
    *tally.statuses.entry(res.status).or_default() += 1;
    if res.status >= 500 {
        tally.server_errors += 1;
        return tally.violation(format!("{}: HTTP {} {}", what(), res.status, res.text()));
    }
    if !(200..500).contains(&res.status) {
        return tally.violation(format!("{}: HTTP {}", what(), res.status));
    }
    let no_body = res.body.is_empty() && res.header("content-type").is_none();
    if case.parser_may_refuse && no_body && matches!(res.status, 400 | 414 | 431) {
        *tally.parser_refusals.entry(res.status).or_default() += 1;
        if tally.parser_samples.len() < 6 {
            tally.parser_samples.push(what());
        }
        return;
    }
    let gws = is_gws_target(&case.target) || case.kind == Kind::Admin;
    if !gws {
        return;
    }
    if case.method == "OPTIONS" && res.status < 300 {
        // CORS preflight, answered by the CORS layer with headers only.
        tally.preflights += 1;
        return;
    }
    let ct = res.header("content-type").unwrap_or("");
    if !ct.starts_with("application/json") {
        return tally.violation(format!(
            "{}: HTTP {} with Content-Type {ct:?}: {}",
            what(),
            res.status,
            preview(&res.body, 200)
        ));
    }
    if case.method == "HEAD" {
        return;
    }
    let Ok(v) = serde_json::from_slice::<Value>(&res.body) else {
        return tally.violation(format!(
            "{}: HTTP {} body is not JSON: {}",
            what(),
            res.status,
            preview(&res.body, 200)
        ));
    };
    let cometd = is_cometd_target(&case.target);
    let problem = if cometd && ((case.method == "POST" && res.status < 300) || v.is_array()) {
        bayeux_problem(&v)
    } else if res.status < 300 {
        (!v["statusCode"].is_i64()).then(|| "2xx without an integer statusCode".to_string())
    } else {
        gws_error_problem(&v)
    };
    if let Some(p) = problem {
        tally.violation(format!(
            "{}: HTTP {} {p}: {}",
            what(),
            res.status,
            preview(&res.body, 200)
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// WebSocket frames.

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn ws_open(addr: SocketAddr, user: &str) -> Socket {
    let mut req = format!("ws://{addr}/api/v2/notifications")
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("Authorization", basic(user, "password").try_into().unwrap());
    let config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
        .max_message_size(Some(16 << 20))
        .max_frame_size(Some(16 << 20));
    tokio_tungstenite::connect_async_with_config(req, Some(config), false)
        .await
        .expect("WebSocket upgrade")
        .0
}

enum Frame {
    Text(Vec<u8>),
    Binary(Vec<u8>),
    Ping,
}

fn ws_frame(ctx: &Ctx, i: usize) -> Frame {
    let mut r = Rng::for_case(3, i);
    match r.below(20) {
        0 => Frame::Binary(bayeux_body(&mut r, ctx)),
        1 => {
            let n = 1 + r.below(100);
            Frame::Binary(r.bytes(n))
        }
        2 => Frame::Ping,
        _ => Frame::Text(bayeux_body(&mut r, ctx)),
    }
}

async fn ws_worker(ctx: Arc<Ctx>, worker: usize, tally: Arc<Mutex<Tally>>) {
    let user = ctx.agents[worker % ctx.agents.len()].user;
    let mut socket = ws_open(ctx.addr, user).await;
    // A /meta/connect with one of the shared long-polling clientIds binds this socket to that
    // client; a /meta/disconnect for it from another worker then closes the socket (as it
    // should). Reset on every new socket.
    let mut bound_to_shared = false;
    let frames = (worker..WEBSOCKET_FRAMES).step_by(SOCKETS);
    for i in frames {
        let frame = ws_frame(&ctx, i);
        let (message, sent_bytes, label) = match frame {
            Frame::Text(b) => {
                // Text frames must be UTF-8: invalid bytes go as binary.
                match String::from_utf8(b) {
                    Ok(s) => {
                        let len = s.len();
                        let bytes = s.clone().into_bytes();
                        (Ws::Text(s.into()), (len, bytes), "ws-text")
                    }
                    Err(e) => {
                        let b = e.into_bytes();
                        (Ws::Binary(b.clone().into()), (b.len(), b), "ws-binary")
                    }
                }
            }
            Frame::Binary(b) => (Ws::Binary(b.clone().into()), (b.len(), b), "ws-binary"),
            Frame::Ping => (Ws::Ping(vec![1, 2, 3].into()), (3, vec![]), "ws-ping"),
        };
        *tally.lock().unwrap().sent.entry(label.into()).or_default() += 1;
        let (len, bytes) = sent_bytes;
        let text = String::from_utf8_lossy(&bytes);
        bound_to_shared |= text.contains("/meta/connect")
            && ctx.client_ids.iter().any(|id| text.contains(id.as_str()));
        let may_close = len > LIMIT || text.contains("/meta/disconnect") || bound_to_shared;
        let sentinel = format!("s-{i}");
        let outcome = async {
            // A send fails only when the server has closed the socket.
            socket.send(message).await.map_err(|e| format!("closed ({e})"))?;
            socket
                .send(Ws::Text(
                    json!([{"channel":"/meta/unsubscribe","clientId":"sentinel","subscription":"/x","id":sentinel}])
                        .to_string()
                        .into(),
                ))
                .await
                .map_err(|e| format!("closed ({e})"))?;
            loop {
                let next = tokio::time::timeout(WAIT, socket.next())
                    .await
                    .map_err(|_| "no sentinel reply in time".to_string())?;
                match next {
                    Some(Ok(Ws::Text(t))) => {
                        let v: Value = serde_json::from_str(&t)
                            .map_err(|e| format!("reply frame is not JSON ({e}): {t}"))?;
                        if let Some(p) = bayeux_problem(&v) {
                            return Err(format!("bad reply frame ({p}): {t}"));
                        }
                        if v.as_array()
                            .is_some_and(|a| a.iter().any(|m| m["id"] == sentinel.as_str()))
                        {
                            return Ok(());
                        }
                    }
                    Some(Ok(Ws::Close(_))) | None | Some(Err(_)) => {
                        return Err("closed".to_string());
                    }
                    Some(Ok(_)) => {}
                }
            }
        }
        .await;
        match outcome {
            Ok(()) => {}
            Err(e) if e.starts_with("closed") && may_close => {
                {
                    let mut t = tally.lock().unwrap();
                    t.websocket_closes_expected += 1;
                    t.websocket_reconnects += 1;
                }
                socket = ws_open(ctx.addr, user).await;
                bound_to_shared = false;
            }
            Err(e) => {
                {
                    let mut t = tally.lock().unwrap();
                    t.violation(format!(
                        "WebSocket frame {i} ({}): {e}",
                        preview(&bytes, 120)
                    ));
                    t.websocket_reconnects += 1;
                }
                socket = ws_open(ctx.addr, user).await;
                bound_to_shared = false;
            }
        }
    }
    let _ = socket.close(None).await;
}

// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_hostile_requests_get_gws_shaped_answers_and_the_server_keeps_serving() {
    let mut config = fast_config();
    // Held /meta/connects (valid clientId, no `timeout: 0`) return quickly.
    config.timing.cometd_timeout_ms = 30;
    config.timing.cometd_max_interval_ms = 60_000;
    let sim = start_with(config).await;
    let addr = sim.addr();
    let started = std::time::Instant::now();

    // Signed-in sessions, a live call and CometD clients for the storm to aim at.
    let users = [
        ("agent1", AGENT1_DEVICE),
        ("agent2", AGENT2_DEVICE),
        ("agent3", "d5003-0000-4000-8000-000000005003"),
    ];
    let mut agents = Vec::new();
    for (user, device) in users {
        let (cookie, csrf) = raw_login(addr, user).await;
        agents.push(Agent {
            user,
            device,
            cookie,
            csrf,
        });
    }
    let a2 = Gws::login(&sim, "agent2").await;
    a2.start_session().await;
    let (s, b) = a2.dial(AGENT2_DEVICE, "5550199").await;
    assert_eq!(s, 200, "{b}");
    let call_id = a2.calls().await[0]["id"].as_str().unwrap().to_string();
    let mut client_ids = Vec::new();
    for _ in 0..3 {
        client_ids.push(LongPoll::open(&a2, "/v2/me/*").await.client_id);
    }
    let ctx = Arc::new(Ctx {
        addr,
        agents,
        call_id,
        client_ids,
    });

    let tally = Arc::new(Mutex::new(Tally::default()));
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (ctx, tally, next) = (ctx.clone(), tally.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let case = if i < REST_REQUESTS {
                    rest_case(&ctx, i)
                } else if i < REST_REQUESTS + LONG_POLL_REQUESTS {
                    long_poll_case(&ctx, i - REST_REQUESTS)
                } else {
                    break;
                };
                let request =
                    raw_request_bytes(&case.method, &case.target, &case.headers, &case.body);
                let answer = raw_exchange(ctx.addr, &request).await;
                let mut t = tally.lock().unwrap();
                let label = match case.kind {
                    Kind::Rest => format!("rest-{}", case.method),
                    Kind::Admin => "admin".to_string(),
                    Kind::LongPoll => format!("long-polling-{}", case.method),
                };
                *t.sent.entry(label).or_default() += 1;
                check(&case, answer, &mut t);
            }
        }));
    }
    for w in 0..SOCKETS {
        let (ctx, tally) = (ctx.clone(), tally.clone());
        workers.push(tokio::spawn(ws_worker(ctx, w, tally)));
    }
    for w in workers {
        w.await.expect("worker");
    }
    let storm = started.elapsed();

    let clients_left = sim.state().hub.client_count();
    // The server is alive and a normal client works end to end.
    let version = reqwest::get(format!("{}/api/v2/diagnostics/version", sim.base_url()))
        .await
        .expect("simulator still answers");
    assert_eq!(version.status(), 200);
    let gws = Gws::login(&sim, "agent1").await;
    gws.start_session().await;
    let mut lp = LongPoll::open(&gws, "/v2/me/calls").await;
    let (s, b) = gws.dial(AGENT1_DEVICE, "5550000").await;
    assert_eq!((s, b["statusCode"].as_i64()), (200, Some(0)), "{b}");
    lp.call_state("Dialing").await;
    lp.call_state("Established").await;

    let t = tally.lock().unwrap();
    let sent: usize = t.sent.values().sum();
    println!("hostile requests: {sent} in {storm:?} (seed {SEED:#x})");
    for (label, n) in &t.sent {
        println!("  {label:<22} {n}");
    }
    println!("HTTP statuses: {:?}", t.statuses);
    println!(
        "5xx: {}; refused by the HTTP/1 parser before the simulator (by status): {:?}; CORS preflights: {}; \
         WebSockets closed as expected (frame over the limit, /meta/disconnect, bound client disconnected by another worker): {}; reconnects: {}",
        t.server_errors,
        t.parser_refusals,
        t.preflights,
        t.websocket_closes_expected,
        t.websocket_reconnects
    );
    for s in &t.parser_samples {
        println!("  e.g. {s}");
    }
    println!(
        "CometD clients left by the storm: {clients_left} (at most {} per agent)",
        gws_sim::cometd::server::MAX_CLIENTS_PER_AGENT
    );
    println!("shape violations: {}", t.violations.len());
    for v in t.violations.iter().take(25) {
        println!("  {v}");
    }
    assert_eq!(sent, TOTAL, "every generated request was sent");
    assert_eq!(t.server_errors, 0, "no 5xx");
    assert!(t.violations.is_empty(), "{} violations", t.violations.len());
}

type Refusal = (&'static str, &'static str, Vec<u8>, Vec<u8>, u16, i64);

/// The refusals the storm relies on, one by one, with their exact GWS status codes.
#[tokio::test]
async fn refusals_have_exact_gws_codes() {
    let sim = start().await;
    let addr = sim.addr();
    let (cookie, csrf) = raw_login(addr, "agent1").await;
    let authed = |extra: &[(&'static str, Vec<u8>)]| {
        let mut h = vec![
            ("Cookie", cookie.clone().into_bytes()),
            ("X-CSRF-TOKEN", csrf.clone().into_bytes()),
            ("Content-Type", b"application/json".to_vec()),
        ];
        h.extend_from_slice(extra);
        h
    };
    // (what, method, target, body, HTTP status, statusCode)
    let cases: Vec<Refusal> = vec![
        (
            "non-UTF-8 id",
            "GET",
            b"/api/v2/devices/%ff%fe".to_vec(),
            vec![],
            400,
            10,
        ),
        (
            "NUL id",
            "GET",
            b"/api/v2/me/calls/%00".to_vec(),
            vec![],
            404,
            6,
        ),
        (
            "unknown route",
            "GET",
            b"/api/v2/nothing".to_vec(),
            vec![],
            404,
            6,
        ),
        ("bare /api", "GET", b"/api".to_vec(), vec![], 404, 6),
        (
            "dot segments",
            "GET",
            b"/api/v2/me/../../admin/api/state".to_vec(),
            vec![],
            404,
            6,
        ),
        (
            "wrong method",
            "DELETE",
            b"/api/v2/me/calls".to_vec(),
            vec![],
            405,
            10,
        ),
        (
            "wrong method, no auth route",
            "PUT",
            b"/api/v2/diagnostics/version".to_vec(),
            vec![],
            405,
            10,
        ),
        (
            "over the limit",
            "POST",
            b"/api/v2/me".to_vec(),
            vec![b'x'; LIMIT + 1],
            413,
            10,
        ),
        (
            "deep nesting",
            "POST",
            b"/api/v2/me".to_vec(),
            "[".repeat(5000).into_bytes(),
            400,
            10,
        ),
        (
            "wrong type",
            "POST",
            b"/api/v2/me".to_vec(),
            br#"{"operationName":"StartContactCenterSession","channels":"voice"}"#.to_vec(),
            400,
            10,
        ),
        (
            "unknown channel",
            "POST",
            b"/api/v2/me".to_vec(),
            br#"{"operationName":"StartContactCenterSession","channels":["bogus"]}"#.to_vec(),
            400,
            10,
        ),
        (
            "plain GET on the CometD endpoint",
            "GET",
            b"/api/v2/notifications".to_vec(),
            vec![],
            400,
            10,
        ),
        (
            "admin: non-UTF-8 agent",
            "POST",
            b"/admin/api/agents/%ff/inbound-call".to_vec(),
            vec![],
            400,
            10,
        ),
        (
            "admin: unknown",
            "GET",
            b"/admin/api/nothing".to_vec(),
            vec![],
            404,
            6,
        ),
        (
            "admin: wrong method",
            "DELETE",
            b"/admin/api/state".to_vec(),
            vec![],
            405,
            10,
        ),
        (
            "admin: bad JSON",
            "POST",
            b"/admin/api/settings".to_vec(),
            b"{".to_vec(),
            400,
            10,
        ),
        (
            "admin: over the limit",
            "POST",
            b"/admin/api/settings".to_vec(),
            vec![b' '; LIMIT + 1],
            413,
            10,
        ),
    ];
    for (what, method, target, body, status, code) in cases {
        let req = raw_request_bytes(method, &target, &authed(&[]), &body);
        let r = raw_exchange(addr, &req).await.unwrap();
        let v = r.json().unwrap_or(Value::Null);
        assert_eq!(
            (r.status, v["statusCode"].as_i64()),
            (status, Some(code)),
            "{what}: {}",
            r.text()
        );
        assert!(
            r.header("content-type")
                .is_some_and(|c| c.starts_with("application/json")),
            "{what}: {:?}",
            r.headers
        );
        assert!(
            v["statusMessage"].as_str().is_some_and(|m| !m.is_empty()),
            "{what}"
        );
        if status == 405 {
            assert!(r.header("allow").is_some(), "{what}: Allow header");
        }
    }
    // A body over the limit without Content-Length (chunked) is refused the same way.
    let mut req = b"POST /api/v2/me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".to_vec();
    for (k, v) in authed(&[("Transfer-Encoding", b"chunked".to_vec())]) {
        req.extend_from_slice(k.as_bytes());
        req.extend_from_slice(b": ");
        req.extend_from_slice(&v);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"\r\n");
    for _ in 0..20 {
        req.extend_from_slice(format!("{:x}\r\n", 8192).as_bytes());
        req.extend_from_slice(&[b'x'; 8192]);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    let r = raw_exchange(addr, &req).await.unwrap();
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.json().unwrap()["statusCode"], 10);
    // Malformed Bayeux over long-polling: HTTP 400 and a Bayeux failure.
    let req = raw_request_bytes("POST", b"/api/v2/notifications", &authed(&[]), b"{nope");
    let r = raw_exchange(addr, &req).await.unwrap();
    assert_eq!(r.status, 400);
    let v = r.json().unwrap();
    assert_eq!(v[0]["successful"], false, "{v}");
    assert!(v[0]["error"].as_str().unwrap().starts_with("400::"), "{v}");
    // Over WebSocket: a Bayeux failure for bad JSON, then a 1009 close for a message over
    // the limit; other clients are not affected.
    let mut ws = ws_open(addr, "agent1").await;
    ws.send(Ws::Text("{nope".into())).await.unwrap();
    let reply = tokio::time::timeout(WAIT, ws.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let v: Value = serde_json::from_str(reply.to_text().unwrap()).unwrap();
    assert_eq!(v[0]["successful"], false, "{v}");
    assert!(v[0]["error"].as_str().unwrap().starts_with("400::"), "{v}");
    ws.send(Ws::Text("x".repeat(LIMIT + 1).into()))
        .await
        .unwrap();
    let close = tokio::time::timeout(WAIT, ws.next()).await.unwrap();
    match close {
        Some(Ok(Ws::Close(Some(frame)))) => {
            assert_eq!(u16::from(frame.code), 1009, "{frame:?}");
            assert!(frame.reason.contains("65536-byte limit"), "{frame:?}");
        }
        other => panic!("expected a 1009 close, got {other:?}"),
    }
    let gws = Gws::login(&sim, "agent2").await;
    let (s, _) = gws.get("/api/v2/me").await;
    assert_eq!(s, 200);
}
