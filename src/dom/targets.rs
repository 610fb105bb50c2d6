//! Reading a dial request out of host-page markup: `<a href="tel:…">`, `data-gws-dial`,
//! `data-gws-outbound-record` (Dial Preview Record), with optional `data-gws-user-data` (JSON)
//! and `data-gws-location`.

use dialer_core::i18n::{Msg, Text};
use serde_json::{Map, Value};
use web_sys::Element;

/// Selector for everything the widget reacts to; used with `closest()` for event delegation.
pub const DIAL_TARGET_SELECTOR: &str =
    "a[href^='tel:' i], [data-gws-dial], [data-gws-outbound-record]";

pub use dialer_core::desk::DialTarget;

/// Why a marked element could not be turned into a dial request (shown to the agent).
#[derive(Clone, Debug, PartialEq)]
pub struct TargetError(pub Text);

/// The dial target `el` stands for, if it is (inside) one. `Ok(None)` = not a dial target.
pub fn intent_for(el: &Element) -> Result<Option<(Element, DialTarget)>, TargetError> {
    let Ok(Some(target)) = el.closest(DIAL_TARGET_SELECTOR) else {
        return Ok(None);
    };
    let intent = read_intent(&target)?;
    Ok(Some((target, intent)))
}

pub fn read_intent(target: &Element) -> Result<DialTarget, TargetError> {
    if let Some(record) = target.get_attribute("data-gws-outbound-record") {
        let record = parse_object(&record, "data-gws-outbound-record")?;
        return Ok(DialTarget::PreviewRecord { record });
    }
    let raw = match target.get_attribute("data-gws-dial") {
        // `data-gws-dial` with an empty value means "the element's text is the number".
        Some(v) if !v.trim().is_empty() => v,
        Some(_) => target.text_content().unwrap_or_default(),
        // NumberRules unwraps `tel:` URIs (parameters, percent-encoding) itself.
        None => target.get_attribute("href").unwrap_or_default(),
    };
    let user_data = match target.get_attribute("data-gws-user-data") {
        Some(json) => Some(parse_object(&json, "data-gws-user-data")?),
        None => None,
    };
    let location = target
        .get_attribute("data-gws-location")
        .filter(|l| !l.trim().is_empty());
    Ok(DialTarget::Number {
        raw,
        user_data,
        location,
    })
}

fn parse_object(json: &str, attribute: &str) -> Result<Map<String, Value>, TargetError> {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(TargetError(Text::new(
            Msg::PageUserDataNotObject,
            vec![attribute.into()],
        ))),
        Err(e) => Err(TargetError(Text::new(
            Msg::PageUserDataInvalid,
            vec![attribute.into(), e.to_string().into()],
        ))),
    }
}
