//! Widget options, from the JS options object or the element's attributes (the loader maps
//! `base-url` → `baseUrl` etc.). Everything is optional; bad values become a plain message.
//! Options arrive as a JS object through serde-wasm-bindgen; the free-form ones (rules, guard,
//! transports) as JSON values, checked here.

use bayeux::TransportKind;
use dialer_core::desk::DeskConfig;
use dialer_core::dial_guard::GuardConfig;
use dialer_core::numbers::NumberRules;
use serde_json::Value;

#[derive(Clone, Debug, Default)]
pub struct RawOptions {
    pub base_url: Option<String>,
    pub scope: Option<String>,
    pub number_rules: Option<Value>,
    pub location: Option<String>,
    pub transports: Option<Value>,
    pub click_to_dial: Option<bool>,
    pub dial_guard: Option<Value>,
    pub heading: Option<String>,
    /// The language to speak (a BCP 47 tag: `de`, `fr-CA`, …); else the page's, else the
    /// browser's.
    pub lang: Option<String>,
    /// Share one GWS session and CometD connection with the other tabs (default on).
    pub shared_connection: Option<bool>,
    /// How long after a call is connected its extension is sent as tones (ms); as given.
    pub extension_delay_ms: Option<Value>,
}

impl RawOptions {
    /// The options object (camelCase keys, every one optional). A wrong type is refused with
    /// the option's name; unknown keys are ignored.
    pub fn from_json(value: &Value) -> Result<Self, String> {
        let map = match value {
            Value::Null => return Ok(RawOptions::default()),
            Value::Object(map) => map,
            _ => return Err("the options must be an object".into()),
        };
        let text = |key: &str| -> Result<Option<String>, String> {
            match map.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(format!("{key} must be text")),
            }
        };
        let json = |key: &str| map.get(key).filter(|v| !v.is_null()).cloned();
        Ok(RawOptions {
            base_url: text("baseUrl")?,
            scope: text("scope")?,
            number_rules: json("numberRules"),
            location: text("location")?,
            transports: json("transports"),
            click_to_dial: match map.get("clickToDial") {
                None | Some(Value::Null) => None,
                Some(Value::Bool(b)) => Some(*b),
                Some(_) => return Err("clickToDial must be true or false".into()),
            },
            dial_guard: json("dialGuard"),
            extension_delay_ms: json("extensionDelayMs"),
            heading: text("heading")?,
            lang: text("lang")?,
            shared_connection: match map.get("sharedConnection") {
                None | Some(Value::Null) => None,
                Some(Value::Bool(b)) => Some(*b),
                Some(Value::String(s)) if s == "on" || s == "true" => Some(true),
                Some(Value::String(s)) if s == "off" || s == "false" => Some(false),
                Some(_) => return Err("sharedConnection must be \"on\" or \"off\"".into()),
            },
        })
    }
}

/// Build the desk's configuration from raw options. Problems do not stop the widget: it falls
/// back to the default for that option and returns a message per problem, which it shows.
pub fn desk_config(
    raw: RawOptions,
    page_origin: &str,
) -> (DeskConfig, Option<String>, Vec<String>) {
    let mut problems = Vec::new();
    let base = raw
        .base_url
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| page_origin.to_string());
    let mut config = DeskConfig::new(base.trim());
    let scope = raw.scope.filter(|s| !s.trim().is_empty());
    config.location = raw.location.filter(|s| !s.trim().is_empty());
    if let Some(click) = raw.click_to_dial {
        config.click_to_dial = click;
    }
    if let Some(heading) = raw.heading.filter(|h| !h.trim().is_empty()) {
        config.heading = Some(heading);
    }
    if let Some(rules) = raw.number_rules {
        match NumberRules::from_json(&rules) {
            Ok(rules) => config.number_rules = rules,
            Err(e) => problems.push(format!(
                "The number-rules option is not valid ({e}); numbers are dialled as written."
            )),
        }
    }
    if let Some(guard) = raw.dial_guard {
        match GuardConfig::from_json(&guard) {
            Ok(guard) => config.guard = guard,
            Err(e) => problems.push(format!("The dial-guard option is not valid ({e}).")),
        }
    }
    if let Some(delay) = raw.extension_delay_ms {
        // A number, or its text (an attribute): whole milliseconds, at most a minute.
        let ms = match &delay {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        match ms.filter(|ms| *ms <= 60_000) {
            Some(ms) => config.extension_delay_ms = ms,
            None => problems.push(format!(
                "The extension-delay-ms option must be a number of milliseconds from 0 to 60000; {} ms is used.",
                config.extension_delay_ms
            )),
        }
    }
    if let Some(transports) = raw.transports {
        match parse_transports(&transports) {
            Some(list) => config.transports = list,
            None => problems.push(
                "The transports option must list \"websocket\" and/or \"long-polling\"."
                    .to_string(),
            ),
        }
    }
    (config, scope, problems)
}

fn parse_transports(value: &Value) -> Option<Vec<TransportKind>> {
    let names: Vec<&str> = match value {
        Value::String(s) => s.split([',', ' ']).filter(|s| !s.is_empty()).collect(),
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    let mut out = Vec::new();
    for name in names {
        let choice = match name.trim().to_ascii_lowercase().as_str() {
            "websocket" => TransportKind::WebSocket,
            "long-polling" | "longpolling" => TransportKind::LongPolling,
            _ => return None,
        };
        if !out.contains(&choice) {
            out.push(choice);
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_page_origin_and_both_transports() {
        let (c, scope, problems) = desk_config(RawOptions::default(), "http://crm.local:8080");
        assert_eq!(c.base_url, "http://crm.local:8080");
        assert_eq!(
            c.transports,
            vec![TransportKind::WebSocket, TransportKind::LongPolling]
        );
        assert_eq!(scope, None);
        assert!(problems.is_empty());
    }

    #[test]
    fn transports_from_string_and_bad_values_reported() {
        let raw = RawOptions {
            transports: Some(Value::String("long-polling".into())),
            base_url: Some("http://gws:8090/".into()),
            ..Default::default()
        };
        let (c, _, problems) = desk_config(raw, "http://x");
        assert_eq!(c.transports, vec![TransportKind::LongPolling]);
        assert_eq!(c.base_url, "http://gws:8090");
        assert!(problems.is_empty());

        let raw = RawOptions {
            transports: Some(Value::String("carrier-pigeon".into())),
            ..Default::default()
        };
        let (c, _, problems) = desk_config(raw, "http://x");
        assert_eq!(c.transports.len(), 2);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn the_extension_delay_is_a_number_or_its_text() {
        let (c, _, _) = desk_config(RawOptions::default(), "http://x");
        assert_eq!(c.extension_delay_ms, 1000);
        for (given, ms, problems) in [
            (serde_json::json!(250), 250, 0),
            (serde_json::json!("2500"), 2500, 0),
            (serde_json::json!(-1), 1000, 1),
            (serde_json::json!("soon"), 1000, 1),
            (serde_json::json!(600_000), 1000, 1),
        ] {
            let raw =
                RawOptions::from_json(&serde_json::json!({ "extensionDelayMs": given })).unwrap();
            let (c, _, p) = desk_config(raw, "http://x");
            assert_eq!((c.extension_delay_ms, p.len()), (ms, problems), "{given}");
        }
    }
}
