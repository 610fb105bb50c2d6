//! One target per parser family. Each takes the raw input bytes (what arrives off the wire or out
//! of a page), runs every parser of its family on them, and returns a coarse outcome signature
//! (which variant, which error) that the runner uses as feedback. Panics are the findings.

use gws_protocol::{
    AgentStateOperation, ApiResponse, CallOperation, CallsResponse, DeviceCallRequest,
    DeviceOperation, DevicesResponse, MeOperation, MeResponse, Notification, NotificationData,
    OutboundCampaignOperation, OutboundRecordOperation, VersionResponse, lean,
};
use serde_json::Value;

use dialer_core::numbers::{NumberRules, Pattern, PrefixRule, number_key, same_number};

/// How inputs for a target are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// JSON text (structure-aware mutations of the JSON corpus, then byte-level ones).
    Json,
    /// Phone numbers as a page shows them, one per line.
    Numbers,
    /// A pattern on the first line, texts to match on the next lines.
    Pattern,
    /// A desk script (see [`crate::desk`]).
    Desk,
}

pub struct Target {
    pub name: &'static str,
    pub kind: Kind,
    pub what: &'static str,
    pub run: fn(&[u8]) -> String,
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "notification",
        kind: Kind::Json,
        what: "Notification::parse, NotificationData::parse, lean::notification",
        run: notification,
    },
    Target {
        name: "lean",
        kind: Kind::Json,
        what: "lean::{me, answer, api_response, outbound_record, call, device, user, participant, user_state}",
        run: lean_decoders,
    },
    Target {
        name: "serde",
        kind: Kind::Json,
        what: "serde derives of MeResponse, CallsResponse, DevicesResponse, ApiResponse, VersionResponse",
        run: serde_responses,
    },
    Target {
        name: "bayeux",
        kind: Kind::Json,
        what: "bayeux::parse_batch (text), parse_batch_value, to_batch_json round trip",
        run: bayeux_batch,
    },
    Target {
        name: "sim-requests",
        kind: Kind::Json,
        what: "CallOperation, DeviceCallRequest, AgentStateOperation, MeOperation, DeviceOperation, Outbound*Operation ::parse",
        run: sim_requests,
    },
    Target {
        name: "numbers",
        kind: Kind::Numbers,
        what: "NumberRules::normalize (default, WWE), number_key, same_number, DialNumber",
        run: numbers,
    },
    Target {
        name: "number-rules",
        kind: Kind::Json,
        what: "NumberRules::from_json and its serde derive, then normalize with the rules read",
        run: number_rules,
    },
    Target {
        name: "pattern",
        kind: Kind::Pattern,
        what: "Pattern::new / PrefixRule::new on arbitrary expressions, is_match on arbitrary texts",
        run: pattern,
    },
    Target {
        name: "tabs",
        kind: Kind::Json,
        what: "tabs::wire::decode of another tab's message, then a leader and a follower Tab fed it",
        run: tabs,
    },
    Target {
        name: "desk",
        kind: Kind::Desk,
        what: "dialer_core::desk::Desk fed scripted HTTP replies, WebSocket frames, timers, intents",
        run: desk,
    },
];

pub fn find(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// Letters and spaces of an error message, cut short: a stable "which error" for feedback.
fn sig(prefix: &str, message: &str) -> String {
    let mut s = String::from(prefix);
    s.push(':');
    s.extend(
        message
            .chars()
            .filter(|c| c.is_ascii_alphabetic() || *c == ' ')
            .take(48),
    );
    s
}

fn result_sig<T, E: std::fmt::Display>(name: &str, r: &Result<T, E>) -> String {
    match r {
        Ok(_) => format!("{name}:ok"),
        Err(e) => sig(name, &e.to_string()),
    }
}

fn json(bytes: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(bytes).map_err(|e| sig("json", &e.to_string()))
}

fn variant(data: &NotificationData) -> &'static str {
    match data {
        NotificationData::CallStateChange(_) => "call",
        NotificationData::DeviceStateChange(_) => "device",
        NotificationData::ChannelStateChange(_) => "channel",
        NotificationData::Error(_) => "error",
        NotificationData::OutboundCampaign(_) => "campaign",
        NotificationData::OutboundRecord(_) => "record",
        NotificationData::DeviceUserEvent(_) => "userevent",
        NotificationData::Unknown { .. } => "unknown",
    }
}

pub fn notification(bytes: &[u8]) -> String {
    let v = match json(bytes) {
        Ok(v) => v,
        Err(e) => return e,
    };
    let mut out = String::new();
    match Notification::parse(&v) {
        Ok(n) => out.push_str(variant(&n.data)),
        Err(e) => out.push_str(&sig("n", &e.message)),
    }
    let data = v.get("data").unwrap_or(&v);
    match NotificationData::parse(data) {
        Ok(d) => out.push_str(variant(&d)),
        Err(e) => out.push_str(&sig("d", &e.message)),
    }
    let channel = v
        .get("channel")
        .and_then(Value::as_str)
        .unwrap_or("/v2/me/calls");
    match lean::notification(channel, data) {
        Ok(n) => out.push_str(variant(&n.data)),
        Err(e) => out.push_str(&sig("l", &e.message)),
    }
    out
}

pub fn lean_decoders(bytes: &[u8]) -> String {
    let v = match json(bytes) {
        Ok(v) => v,
        Err(e) => return e,
    };
    let results = [
        result_sig("me", &lean::me(&v)),
        result_sig("api", &lean::api_response(&v)),
        result_sig("rec", &lean::outbound_record(&v)),
        result_sig("call", &lean::call(&v)),
        result_sig("dev", &lean::device(&v)),
        result_sig("user", &lean::user(&v)),
        result_sig("part", &lean::participant(&v)),
        result_sig("us", &lean::user_state(&v)),
        result_sig("calls", &lean::answer(&v, "calls", lean::call)),
        result_sig("devs", &lean::answer(&v, "devices", lean::device)),
        result_sig(
            "states",
            &lean::answer(&v, "settings", lean::agent_state_setting),
        ),
        result_sig(
            "attrs",
            &lean::answer(&v, "businessAttributes", lean::business_attribute),
        ),
    ];
    results.join("|")
}

fn derive<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str, bytes: &[u8]) -> String {
    // Straight from the text, as the simulator's tests and any serde user would...
    let mut out = result_sig(name, &serde_json::from_slice::<T>(bytes));
    // ...and from a parsed value (another deserializer), serialized again when it worked.
    if let Ok(v) = serde_json::from_slice::<Value>(bytes)
        && let Ok(decoded) = serde_json::from_value::<T>(v)
    {
        let _ = serde_json::to_string(&decoded);
        out.push_str("|value");
    }
    out
}

/// One response type per input (chosen by the input's length), so that an input's time is
/// that of one decode from text plus one from a value.
pub fn serde_responses(bytes: &[u8]) -> String {
    match bytes.len() % 5 {
        0 => derive::<MeResponse>("me", bytes),
        1 => derive::<CallsResponse>("calls", bytes),
        2 => derive::<DevicesResponse>("devs", bytes),
        3 => derive::<ApiResponse>("api", bytes),
        _ => derive::<VersionResponse>("ver", bytes),
    }
}

pub fn bayeux_batch(bytes: &[u8]) -> String {
    // A WebSocket text frame or an HTTP body decoded as text: always valid UTF-8 by then.
    let text = String::from_utf8_lossy(bytes);
    let mut out = match bayeux::parse_batch(&text) {
        Ok(messages) => {
            let mut s = format!("ok{}", messages.len().min(3));
            for m in &messages {
                let _ = m.is_meta();
                let _ = m.is_successful();
                if let Some(code) = m.error_code() {
                    s.push_str(&format!(" e{}", code / 100));
                }
            }
            // What we send must read back. (Only for a batch that was an array: one message
            // alone gains a level of nesting, and serde_json refuses more than 128 levels.)
            let again = bayeux::to_batch_json(&messages);
            if text.trim_start().starts_with('[')
                && let Err(e) = bayeux::parse_batch(&again)
            {
                panic!("to_batch_json output does not parse back: {e}: {again}");
            }
            s
        }
        Err(e) => sig("text", &e.to_string()),
    };
    if let Ok(v) = serde_json::from_str::<Value>(&text) {
        out.push('|');
        out.push_str(&result_sig("value", &bayeux::parse_batch_value(v)));
    }
    out
}

pub fn sim_requests(bytes: &[u8]) -> String {
    let v = match json(bytes) {
        Ok(v) => v,
        Err(e) => return e,
    };
    let msg = |r: Result<String, gws_protocol::RequestError>| match r {
        Ok(s) => s,
        Err(e) => sig("err", &e.message),
    };
    [
        msg(CallOperation::parse(&v).map(|o| format!("call:{o:?}").chars().take(24).collect())),
        msg(DeviceCallRequest::parse(&v).map(|o| format!("{o:?}").chars().take(24).collect())),
        msg(AgentStateOperation::parse(&v).map(|o| format!("{o:?}").chars().take(24).collect())),
        msg(MeOperation::parse(&v).map(|o| o.name().to_string())),
        msg(DeviceOperation::parse(&v).map(|o| format!("{o:?}").chars().take(24).collect())),
        msg(OutboundCampaignOperation::parse(&v)
            .map(|o| format!("{o:?}").chars().take(24).collect())),
        msg(OutboundRecordOperation::parse(&v)
            .map(|o| format!("{o:?}").chars().take(24).collect())),
        msg(gws_protocol::settings::AgentStateChange::parse(&v).map(|o| o.operation_name)),
    ]
    .join("|")
}

/// The base URL the tab seeds are written for (`crate::builtin_json`).
pub const TABS_BASE: &str = "http://gws.test";

/// Another tab's message: decoded, then given to a follower and to a leader. Whatever a page in
/// the same origin posts on the channel must not panic a tab.
pub fn tabs(bytes: &[u8]) -> String {
    use dialer_core::desk::{DeskConfig, Input};
    use dialer_core::tabs::{Message, Tab, TabConfig, wire};
    let Ok(text) = std::str::from_utf8(bytes) else {
        return "utf8".into();
    };
    let kind = match wire::decode(TABS_BASE, text).map(|e| e.message) {
        None => "none",
        Some(Message::Hello { .. }) => "hello",
        Some(Message::Presence { .. }) => "presence",
        Some(Message::Bye) => "bye",
        Some(Message::Lead) => "lead",
        Some(Message::State(_)) => "state",
        Some(Message::Intent { .. }) => "intent",
        Some(Message::Settle { .. }) => "settle",
        Some(Message::Event { .. }) => "event",
        Some(Message::EventDone { .. }) => "event-done",
    };
    let mut config = DeskConfig::new(TABS_BASE);
    config.notifications = false;
    let mut outputs = 0;
    for lead in [false, true] {
        let mut tab = Tab::new(
            config.clone(),
            TabConfig {
                id: 7,
                shared: true,
            },
        );
        tab.handle(Input::Start, 0);
        if lead {
            tab.lead(0);
        }
        tab.handle_channel(text, 1);
        while tab.poll_output().is_some() {
            outputs += 1;
        }
        render_all(&tab.view());
    }
    format!("{kind}|{}", outputs.min(8))
}

/// Every message of a view (a follower's comes from another tab) rendered in every language.
fn render_all(view: &dialer_core::desk::View) {
    use dialer_core::i18n::{Builtin, Lang, Text};
    let mut texts: Vec<&Text> = vec![&view.heading, &view.connection.text];
    texts.extend(view.error.iter().chain(view.announcement.iter()));
    texts.extend(view.calls.iter().map(|c| &c.state_label));
    if let Some(a) = &view.agent {
        texts.push(&a.state);
        texts.extend(a.choices.iter().map(|c| &c.label));
    }
    if let Some(o) = &view.offer {
        texts.push(&o.number);
    }
    for text in texts {
        for lang in Lang::ALL {
            let _ = text.render(lang, &Builtin);
        }
    }
}

fn normalize_sig(rules: &NumberRules, raw: &str) -> String {
    match rules.normalize(raw) {
        Ok(n) => {
            let _ = n.key();
            let _ = n.spoken();
            let _ = serde_json::to_string(&n);
            format!(
                "ok{}{}",
                n.number.len().min(12),
                if n.extension.is_some() { "x" } else { "" }
            )
        }
        Err(e) => sig("err", &e.message().en()),
    }
}

pub fn numbers(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or("");
    let second = lines.next().unwrap_or("5001");
    let default = NumberRules::default();
    let wwe = NumberRules::wwe_north_america();
    let mut out = normalize_sig(&default, first);
    out.push('|');
    out.push_str(&normalize_sig(&wwe, first));
    // The whole input as one raw text too (newlines and all).
    let _ = default.normalize(&text);
    let _ = number_key(&text);
    out.push_str(if same_number(first, second) {
        "|same"
    } else {
        "|diff"
    });
    let _ = same_number(&text, first);
    out
}

pub fn number_rules(bytes: &[u8]) -> String {
    let v = match json(bytes) {
        Ok(v) => v,
        Err(e) => return e,
    };
    let lean = NumberRules::from_json(&v);
    let derived = serde_json::from_value::<NumberRules>(v.clone());
    let mut out = format!(
        "{}|{}",
        result_sig("lean", &lean),
        result_sig("derive", &derived)
    );
    if let Ok(rules) = lean {
        for raw in [
            "5001",
            "2015550123",
            "+1 (201) 555-0123 ext. 12",
            "tel:+44-20-7946-0958",
            "01144207946",
        ] {
            out.push('|');
            out.push_str(&normalize_sig(&rules, raw));
        }
        if let Some(s) = v.get("sample").and_then(Value::as_str) {
            let _ = rules.normalize(s);
        }
    }
    out
}

pub fn pattern(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.split('\n');
    let expression = lines.next().unwrap_or("");
    let rule = PrefixRule::new(expression, "+", "fuzz");
    let compiled = Pattern::new(expression);
    let mut out = match &compiled {
        Ok(_) => "ok".to_string(),
        Err(e) => sig("err", &e.reason),
    };
    if let (Ok(p), Ok(rule)) = (&compiled, &rule) {
        let rules = NumberRules {
            rules: vec![rule.clone()],
            ..NumberRules::default()
        };
        // The widget matches rules only against a cleaned number (`normalize` refuses more than
        // 200 characters); the matcher's cost is text length x program size, so texts are cut
        // to 256 characters here.
        for line in lines.take(8) {
            let line: String = line.chars().take(256).collect();
            let line = line.as_str();
            out.push(if p.is_match(line) { 'm' } else { '-' });
            let _ = rule.matches(line);
            let _ = rules.normalize(line);
        }
    }
    out
}

pub fn desk(bytes: &[u8]) -> String {
    crate::desk::run_script(&String::from_utf8_lossy(bytes))
}
