//! Turning what a CRM page shows ("(201) 555-0123 ext. 12", "tel:+1-201-555-0123;ext=12") into the
//! string we put in a Dial request, with a plain-language error for anything that is not a number.
//!
//! The pipeline is: `tel:` URI unwrapping → extension split → separator stripping → validation →
//! WWE-style preprocessing rules (first matching pattern adds its prefix; [`crate::pattern`] has
//! the syntax). The defaults are neutral: no rules, so internal DNs such as "5001" are dialled
//! exactly as written.

use crate::i18n::{Arg, Msg, Text};
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use crate::pattern::{Pattern, PatternError};

/// Longest raw text we even look at: a phone number never needs more, and DOM text can be huge.
const MAX_INPUT_CHARS: usize = 200;
/// How much of the user's text we quote back in an error message.
const QUOTE_CHARS: usize = 40;

/// A number ready to dial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DialNumber {
    /// What goes into `destination.phoneNumber`: digits, optionally a leading `+` (and `*`/`#` when
    /// allowed), after the preprocessing rules.
    pub number: String,
    /// Digits of an extension found in the text; never part of `number` (sent later as DTMF or
    /// shown to the agent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
}

impl DialNumber {
    /// Comparison key used to decide whether two numbers are "the same line": digits only.
    pub fn key(&self) -> String {
        number_key(&self.number)
    }

    /// What the widget shows before and while dialling, e.g. "+12015550123 ext. 12".
    pub fn shown(&self) -> Text {
        match &self.extension {
            Some(ext) => Text::new(
                Msg::NumberWithExtension,
                vec![self.number.as_str().into(), ext.as_str().into()],
            ),
            None => Text::raw(self.number.clone()),
        }
    }

    /// The number as a screen reader should say it: one digit at a time ("+ 1 2 0 1 …"),
    /// so "5001" is not read as "five thousand and one"; the screen reader names the symbols in
    /// its own language.
    pub fn spoken(&self) -> Text {
        let spaced = |s: &str| {
            let chars: Vec<String> = s.chars().map(String::from).collect();
            chars.join(" ")
        };
        match &self.extension {
            Some(ext) => Text::new(
                Msg::SpokenWithExtension,
                vec![spaced(&self.number).into(), spaced(ext).into()],
            ),
            None => Text::raw(spaced(&self.number)),
        }
    }
}

/// Digits of a phone number, everything else dropped; the basis of "same number" comparisons.
pub fn number_key(number: &str) -> String {
    number.chars().filter(char::is_ascii_digit).collect()
}

/// Whether two numbers denote the same line. Equal digit strings always do; otherwise, when the
/// shorter one still has at least 7 digits and the longer one ends with it, they do too — so a Dial
/// to "+1 201 555 0123" matches a call whose participant the switch reports as "2015550123".
pub fn same_number(a: &str, b: &str) -> bool {
    let (a, b) = (number_key(a), number_key(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    short.len() >= 7 && long.ends_with(short.as_str())
}

/// One WWE-style preprocessing rule (`click-to-dial.preprocessing-rules.<name>`): when `expression`
/// matches the cleaned number, `prefix` is put in front of it. Rules are tried in order; the first
/// match wins. The expression is compiled when the rule is built or deserialised, so a bad pattern
/// is reported at configuration time, not at the agent's click.
#[derive(Debug, Clone)]
pub struct PrefixRule {
    pub expression: Pattern,
    pub prefix: String,
    pub description: String,
}

impl PrefixRule {
    pub fn new(expression: &str, prefix: &str, description: &str) -> Result<Self, RuleError> {
        let pattern = Pattern::new(expression).map_err(|e| RuleError {
            expression: expression.to_string(),
            reason: e.reason,
        })?;
        Ok(Self {
            expression: pattern,
            prefix: prefix.to_string(),
            description: description.to_string(),
        })
    }

    pub fn matches(&self, number: &str) -> bool {
        self.expression.is_match(number)
    }
}

impl PartialEq for PrefixRule {
    fn eq(&self, other: &Self) -> bool {
        self.expression.as_str() == other.expression.as_str()
            && self.prefix == other.prefix
            && self.description == other.description
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PrefixRuleWire {
    expression: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    description: String,
}

impl Serialize for PrefixRule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        PrefixRuleWire {
            expression: self.expression.as_str().to_string(),
            prefix: self.prefix.clone(),
            description: self.description.clone(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for PrefixRule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = PrefixRuleWire::deserialize(deserializer)?;
        PrefixRule::new(&wire.expression, &wire.prefix, &wire.description)
            .map_err(serde::de::Error::custom)
    }
}

/// A preprocessing rule whose expression is not a pattern we support (see [`crate::pattern`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub expression: String,
    pub reason: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "The dialling rule “{}” is not a valid pattern: {}",
            self.expression, self.reason
        )
    }
}

impl std::error::Error for RuleError {}

/// How raw text becomes a [`DialNumber`]. Deserialisable from the widget's JS options
/// (camelCase keys, every field optional).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NumberRules {
    /// Visual separators removed from the number. Whitespace (any Unicode space) is always removed.
    pub strip_chars: String,
    /// Text that starts an extension, matched case-insensitively. Longer markers win over shorter
    /// ones at the same position ("extension" before "ext" before "x").
    pub extension_markers: Vec<String>,
    /// Whether `*` and `#` may appear in the number itself (feature codes such as "*67").
    pub allow_star_and_hash: bool,
    /// Fewest digits a number may have (default 3: internal DNs are short).
    pub min_digits: usize,
    /// Most digits a number may have, not counting the extension (E.164 allows 15; prefixes add some).
    pub max_digits: usize,
    /// Preprocessing rules, first match wins. Empty by default: numbers are dialled as written.
    pub rules: Vec<PrefixRule>,
}

impl Default for NumberRules {
    fn default() -> Self {
        Self {
            // ASCII separators, then the Unicode dashes and brackets that word processors produce.
            strip_chars: "-.()/[],\u{2010}\u{2011}\u{2012}\u{2013}\u{2014}\u{2212}\u{FF08}\u{FF09}"
                .to_string(),
            extension_markers: vec![
                ";ext=".to_string(),
                "extension".to_string(),
                "ext".to_string(),
                "x".to_string(),
            ],
            allow_star_and_hash: true,
            min_digits: 3,
            max_digits: 20,
            rules: Vec::new(),
        }
    }
}

/// Reading options from JSON by hand (the widget's wasm carries no derived deserializer):
/// the field named, of the right type, or a plain-words error naming it.
fn field<'a>(
    map: &'a serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Option<&'a serde_json::Value> {
    map.get(key).filter(|v| !v.is_null())
}

pub(crate) fn opt_u64(
    map: &serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Result<Option<u64>, String> {
    match field(map, key) {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("{key} must be a whole number")),
    }
}

fn opt_string(
    map: &serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Result<Option<String>, String> {
    match field(map, key) {
        None => Ok(None),
        Some(v) => v
            .as_str()
            .map(|s| Some(s.to_string()))
            .ok_or_else(|| format!("{key} must be text")),
    }
}

impl NumberRules {
    /// The rules from the widget's `numberRules` option (camelCase keys, every field optional),
    /// exactly as the derived `Deserialize` reads them.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, String> {
        let map = value.as_object().ok_or("it must be an object")?;
        let mut rules = NumberRules::default();
        if let Some(s) = opt_string(map, "stripChars")? {
            rules.strip_chars = s;
        }
        if let Some(v) = field(map, "extensionMarkers") {
            rules.extension_markers = v
                .as_array()
                .and_then(|a| a.iter().map(|m| m.as_str().map(str::to_string)).collect())
                .ok_or("extensionMarkers must be a list of texts")?;
        }
        if let Some(v) = field(map, "allowStarAndHash") {
            rules.allow_star_and_hash = v
                .as_bool()
                .ok_or("allowStarAndHash must be true or false")?;
        }
        if let Some(n) = opt_u64(map, "minDigits")? {
            rules.min_digits = n as usize;
        }
        if let Some(n) = opt_u64(map, "maxDigits")? {
            rules.max_digits = n as usize;
        }
        if let Some(v) = field(map, "rules") {
            let list = v.as_array().ok_or("rules must be a list")?;
            rules.rules = list
                .iter()
                .map(|rule| {
                    let r = rule.as_object().ok_or("each rule must be an object")?;
                    let expression =
                        opt_string(r, "expression")?.ok_or("missing field `expression`")?;
                    PrefixRule::new(
                        &expression,
                        &opt_string(r, "prefix")?.unwrap_or_default(),
                        &opt_string(r, "description")?.unwrap_or_default(),
                    )
                    .map_err(|e| e.to_string())
                })
                .collect::<Result<_, String>>()?;
        }
        Ok(rules)
    }

    /// Workspace Web Edition's documented default preprocessing rules (North American dialling):
    /// 10 digits → "+1", 11 digits → "+", 8 or more digits not starting with 011 → "011".
    /// An example for deployments that want them; NOT our default.
    pub fn wwe_north_america() -> Self {
        // Look-ahead is not supported (nor was it by regex-lite before), so "not starting with 011"
        // is spelled out.
        let rules = [
            (r"^\d{10}$", "+1", "10 digits: North American number"),
            (r"^\d{11}$", "+", "11 digits: country code included"),
            (
                r"^(?:[1-9]\d{7,}|0[02-9]\d{6,}|01[02-9]\d{5,})$",
                "011",
                "8 or more digits not starting with 011: international",
            ),
        ];
        let rules = rules
            .iter()
            .filter_map(|(e, p, d)| PrefixRule::new(e, p, d).ok())
            .collect();
        Self {
            rules,
            ..Self::default()
        }
    }

    /// Parse raw text (a typed number, a `data-gws-dial` value, or a `tel:` URI) into a number to dial.
    pub fn normalize(&self, raw: &str) -> Result<DialNumber, NumberError> {
        let input = raw.trim();
        if input.is_empty() {
            return Err(NumberError::Empty);
        }
        if input.chars().count() > MAX_INPUT_CHARS {
            return Err(NumberError::InputTooLong);
        }
        let (number_part, extension_part) = match strip_tel_scheme(input) {
            Some(uri) => split_tel_uri(input, uri)?,
            None => self.split_extension(input),
        };
        let extension = match extension_part {
            Some(ext) => Some(self.clean_extension(input, &ext)?),
            None => None,
        };
        let cleaned = self.clean_number(input, &number_part)?;
        let number = match self.rules.iter().find(|rule| rule.matches(&cleaned)) {
            Some(rule) => format!("{}{}", rule.prefix, cleaned),
            None => cleaned,
        };
        Ok(DialNumber { number, extension })
    }

    fn is_separator(&self, c: char) -> bool {
        c.is_whitespace() || self.strip_chars.contains(c)
    }

    /// Split "555 1234 ext. 12" into ("555 1234 ", Some(". 12")). A marker only counts when a digit
    /// precedes it, so a leading "*67" stays a feature code.
    fn split_extension(&self, input: &str) -> (String, Option<String>) {
        let lower = input.to_ascii_lowercase(); // ASCII-only: byte offsets stay valid for `input`
        let markers = self
            .extension_markers
            .iter()
            .map(String::as_str)
            .filter(|m| !m.is_empty());
        // The earliest marker wins; at one position, the longest (no sort: smaller wasm).
        let mut best: Option<(usize, usize)> = None; // (start, marker length)
        for marker in markers {
            let marker_lower = marker.to_ascii_lowercase();
            for (pos, _) in lower.match_indices(&marker_lower) {
                if !input[..pos].chars().any(|c| c.is_ascii_digit()) {
                    continue;
                }
                if best
                    .is_none_or(|(start, len)| pos < start || (pos == start && marker.len() > len))
                {
                    best = Some((pos, marker.len()));
                }
                break;
            }
        }
        match best {
            Some((start, len)) => (
                input[..start].to_string(),
                Some(input[start + len..].to_string()),
            ),
            None => (input.to_string(), None),
        }
    }

    fn clean_extension(&self, input: &str, ext: &str) -> Result<String, NumberError> {
        let digits: String = ext
            .trim_start_matches(|c: char| self.is_separator(c) || matches!(c, '.' | ':' | '='))
            .chars()
            .filter(|c| !self.is_separator(*c))
            .collect();
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(NumberError::InvalidExtension {
                input: quote(input),
            });
        }
        Ok(digits)
    }

    fn clean_number(&self, input: &str, number: &str) -> Result<String, NumberError> {
        let compact: String = number.chars().filter(|c| !self.is_separator(*c)).collect();
        if !compact.chars().any(|c| c.is_ascii_digit()) {
            return Err(NumberError::NotANumber {
                input: quote(input),
            });
        }
        for (i, c) in compact.chars().enumerate() {
            let allowed = c.is_ascii_digit()
                || (c == '+' && i == 0)
                || (self.allow_star_and_hash && matches!(c, '*' | '#'));
            if allowed {
                continue;
            }
            return Err(if c == '+' {
                NumberError::MisplacedPlus {
                    input: quote(input),
                }
            } else {
                NumberError::InvalidCharacter {
                    input: quote(input),
                    character: c,
                }
            });
        }
        let digits = compact.chars().filter(char::is_ascii_digit).count();
        if digits < self.min_digits {
            return Err(NumberError::TooShort {
                digits,
                min: self.min_digits,
            });
        }
        if digits > self.max_digits {
            return Err(NumberError::TooLong {
                digits,
                max: self.max_digits,
            });
        }
        Ok(compact)
    }
}

/// `Some(rest)` when `input` is a `tel:` URI (scheme is case-insensitive; a stray "//" is tolerated).
fn strip_tel_scheme(input: &str) -> Option<&str> {
    let scheme = input.get(..4)?;
    if !scheme.eq_ignore_ascii_case("tel:") {
        return None;
    }
    let rest = &input[4..];
    Some(rest.strip_prefix("//").unwrap_or(rest))
}

/// RFC 3966: `tel:+1-201-555-0123;ext=1234;phone-context=…`. Returns the (percent-decoded) number and
/// the `ext` parameter. Other parameters (`phone-context`, `isub`, …) do not change what we dial.
fn split_tel_uri(input: &str, uri: &str) -> Result<(String, Option<String>), NumberError> {
    let invalid = |reason: &str| NumberError::InvalidTelUri {
        input: quote(input),
        reason: reason.to_string(),
    };
    let mut parts = uri.split(';');
    let number = percent_decode(parts.next().unwrap_or_default())
        .ok_or_else(|| invalid("it has a broken %-escape"))?;
    let mut extension = None;
    for param in parts {
        let (name, value) = param.split_once('=').unwrap_or((param, ""));
        if name.trim().eq_ignore_ascii_case("ext") {
            let value = percent_decode(value).ok_or_else(|| invalid("it has a broken %-escape"))?;
            extension = Some(value);
        }
    }
    if number.trim().is_empty() {
        return Err(invalid("it has no number"));
    }
    Ok((number, extension))
}

/// Decode `%XX` escapes; `None` when an escape is malformed or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The user's text as we quote it back: trimmed, shortened, in curly quotes by the caller.
fn quote(input: &str) -> String {
    let mut chars = input.chars();
    let head: String = chars.by_ref().take(QUOTE_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Why some text cannot be dialled. `Display` gives the sentence the widget shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    Empty,
    InputTooLong,
    NotANumber { input: String },
    InvalidCharacter { input: String, character: char },
    MisplacedPlus { input: String },
    InvalidExtension { input: String },
    InvalidTelUri { input: String, reason: String },
    TooShort { digits: usize, min: usize },
    TooLong { digits: usize, max: usize },
}

impl NumberError {
    /// The plain-language sentence for the agent.
    pub fn message(&self) -> Text {
        let count = |n: usize| Arg::Num(n as u64);
        match self {
            NumberError::Empty => Msg::NumEmpty.into(),
            NumberError::InputTooLong => Msg::NumTooLong.into(),
            NumberError::NotANumber { input } => {
                Text::new(Msg::NumNotANumber, vec![input.as_str().into()])
            }
            NumberError::InvalidCharacter { input, character } => Text::new(
                Msg::NumInvalidCharacter,
                vec![input.as_str().into(), character.to_string().into()],
            ),
            NumberError::MisplacedPlus { input } => {
                Text::new(Msg::NumMisplacedPlus, vec![input.as_str().into()])
            }
            NumberError::InvalidExtension { input } => {
                Text::new(Msg::NumInvalidExtension, vec![input.as_str().into()])
            }
            NumberError::InvalidTelUri { input, reason } => Text::new(
                Msg::NumInvalidTelUri,
                vec![input.as_str().into(), reason.as_str().into()],
            ),
            NumberError::TooShort { digits, min } => {
                Text::new(Msg::NumTooShort, vec![count(*digits), count(*min)])
            }
            NumberError::TooLong { digits, max } => {
                Text::new(Msg::NumTooLongDigits, vec![count(*digits), count(*max)])
            }
        }
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().en())
    }
}

impl std::error::Error for NumberError {}
