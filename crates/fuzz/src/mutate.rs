//! The deterministic PRNG and the mutators: JSON-level (on a `serde_json::Value` tree), text-level
//! (on strings such as phone numbers and patterns) and byte-level (on the serialized input).

use serde_json::{Map, Number, Value};

/// SplitMix64: tiny, fast, good enough for choosing mutations, and reproducible from a seed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x6A09_E667_F3BC_C908)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability `1/n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A length skewed towards small values but sometimes large: 0..=max.
    pub fn len(&mut self, max: usize) -> usize {
        match self.below(4) {
            0 => self.below(4),
            1 => self.below(32.min(max + 1)),
            2 => self.below(256.min(max + 1)),
            _ => self.below(max + 1),
        }
    }
}

/// Strings and keys worth trying, gathered from the corpus plus protocol words.
#[derive(Clone, Debug, Default)]
pub struct Dictionary {
    pub keys: Vec<String>,
    pub strings: Vec<String>,
}

const PROTOCOL_WORDS: &[&str] = &[
    "",
    "0",
    "-1",
    "null",
    "true",
    "operationName",
    "statusCode",
    "statusMessage",
    "messageType",
    "notificationType",
    "CallStateChangeMessage",
    "DeviceStateChangeMessage",
    "ChannelStateChangeMessageV2",
    "ErrorMessage",
    "OutboundCampaignStateChangeMessage",
    "StatusChange",
    "AttachedDataChanged",
    "ParticipantsUpdated",
    "CallRecovered",
    "Dialing",
    "Ringing",
    "Established",
    "Held",
    "Released",
    "Ready",
    "NotReady",
    "LoggedOut",
    "AfterCallWork",
    "Dial",
    "DialPreviewRecord",
    "Hangup",
    "Hold",
    "Retrieve",
    "Answer",
    "SendDtmf",
    "UpdateUserData",
    "AttachUserData",
    "DeleteUserDataPair",
    "StartContactCenterSession",
    "EndContactCenterSession",
    "/meta/handshake",
    "/meta/connect",
    "/meta/subscribe",
    "/meta/unsubscribe",
    "/meta/disconnect",
    "/v2/me/calls",
    "/v2/me/devices",
    "/v2/me/channels",
    "/v2/me/outbound",
    "/v2/me/*",
    "/**",
    "websocket",
    "long-polling",
    "retry",
    "handshake",
    "none",
    "402::Unknown client",
    "403::Handshake denied",
    "tel:+1-201-555-0123;ext=12",
    "+12015550123",
    "5001",
    "\u{0}",
    "\u{7f}",
    "\u{feff}",
    "\u{202e}",
    "\u{fffd}",
    "\u{1F4DE}",
    "é",
    "\\",
    "\"",
    "%ff%fe",
];

impl Dictionary {
    /// Every key and every short string of the seeds, plus [`PROTOCOL_WORDS`].
    pub fn from_values<'a>(values: impl IntoIterator<Item = &'a Value>) -> Self {
        let mut keys = std::collections::BTreeSet::new();
        let mut strings = std::collections::BTreeSet::new();
        fn walk(
            v: &Value,
            keys: &mut std::collections::BTreeSet<String>,
            strings: &mut std::collections::BTreeSet<String>,
        ) {
            match v {
                Value::String(s) if s.len() <= 64 => {
                    strings.insert(s.clone());
                }
                Value::Array(a) => a.iter().for_each(|c| walk(c, keys, strings)),
                Value::Object(m) => {
                    for (k, c) in m {
                        keys.insert(k.clone());
                        walk(c, keys, strings);
                    }
                }
                _ => {}
            }
        }
        for v in values {
            walk(v, &mut keys, &mut strings);
        }
        for w in PROTOCOL_WORDS {
            strings.insert((*w).to_string());
            if !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric()) {
                keys.insert((*w).to_string());
            }
        }
        Dictionary {
            keys: keys.into_iter().collect(),
            strings: strings.into_iter().collect(),
        }
    }
}

/// Keep mutated trees small enough that one input stays cheap to build.
const MAX_NODES: usize = 4_000;

pub fn node_count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(node_count).sum(),
        Value::Object(m) => m.values().map(node_count).sum(),
        _ => 0,
    }
}

/// Which child holds node `*n` (pre-order, 0 = `v` itself, already consumed by the caller).
fn child_index(v: &Value, n: &mut usize) -> Option<usize> {
    let children: Box<dyn Iterator<Item = &Value>> = match v {
        Value::Array(a) => Box::new(a.iter()),
        Value::Object(m) => Box::new(m.values()),
        _ => return None,
    };
    for (i, c) in children.enumerate() {
        let k = node_count(c);
        if *n < k {
            return Some(i);
        }
        *n -= k;
    }
    None
}

/// The `n`-th node in pre-order (the root when out of range).
pub fn nth_mut(v: &mut Value, mut n: usize) -> &mut Value {
    if n == 0 {
        return v;
    }
    n -= 1;
    let idx = child_index(v, &mut n);
    match (v, idx) {
        (Value::Array(a), Some(i)) => nth_mut(&mut a[i], n),
        (Value::Object(m), Some(i)) => nth_mut(m.values_mut().nth(i).expect("index in range"), n),
        (v, _) => v,
    }
}

pub fn nth(v: &Value, mut n: usize) -> &Value {
    if n == 0 {
        return v;
    }
    n -= 1;
    match (v, child_index(v, &mut n)) {
        (Value::Array(a), Some(i)) => nth(&a[i], n),
        (Value::Object(m), Some(i)) => nth(m.values().nth(i).expect("index in range"), n),
        (v, _) => v,
    }
}

pub fn random_string(rng: &mut Rng, dict: &Dictionary) -> String {
    match rng.below(10) {
        0..=4 if !dict.strings.is_empty() => rng.pick(&dict.strings).clone(),
        5 => {
            // Huge: up to 100 000 characters.
            let unit = if dict.strings.is_empty() {
                "x".to_string()
            } else {
                rng.pick(&dict.strings).clone()
            };
            let unit = if unit.is_empty() { "9".into() } else { unit };
            let times = 1 + rng.below(100_000 / unit.len().max(1));
            unit.repeat(times.min(100_000 / unit.len().max(1)).max(1))
        }
        6 => {
            let n = rng.len(64);
            random_unicode(rng, n)
        }
        7 => {
            let n = rng.len(40);
            (0..n)
                .map(|_| (b'0' + rng.below(10) as u8) as char)
                .collect()
        }
        _ => {
            let mut s = if dict.strings.is_empty() {
                String::new()
            } else {
                rng.pick(&dict.strings).clone()
            };
            mutate_text(rng, &mut s, TEXT_ALPHABET);
            s
        }
    }
}

pub fn random_unicode(rng: &mut Rng, n: usize) -> String {
    const SPECIAL: &[char] = &[
        '\0',
        '\u{1}',
        '\t',
        '\n',
        '\r',
        '"',
        '\\',
        '/',
        '\u{7f}',
        '\u{80}',
        '\u{a0}',
        'é',
        'ß',
        '\u{300}',
        '\u{200b}',
        '\u{200d}',
        '\u{202e}',
        '\u{2028}',
        '\u{feff}',
        '\u{fffd}',
        '\u{ffff}',
        '\u{10000}',
        '\u{1F4DE}',
        '\u{10FFFF}',
        '٣',
        '０',
        '𝟗',
        '+',
        '#',
        '*',
    ];
    (0..n)
        .map(|_| match rng.below(3) {
            0 => *rng.pick(SPECIAL),
            1 => (0x20 + rng.below(0x5f) as u8) as char,
            _ => char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}'),
        })
        .collect()
}

fn random_number(rng: &mut Rng) -> Value {
    const INTS: &[i64] = &[
        0,
        1,
        -1,
        2,
        4,
        10,
        20,
        255,
        256,
        402,
        403,
        500,
        503,
        65_535,
        65_536,
        i32::MAX as i64,
        i32::MIN as i64,
        u32::MAX as i64,
        i64::MAX,
        i64::MIN,
    ];
    match rng.below(6) {
        0 => Value::from(*rng.pick(INTS)),
        1 => Value::from(u64::MAX - rng.below(3) as u64),
        2 => Number::from_f64(*rng.pick(&[
            0.5,
            -0.0,
            1e308,
            -1e308,
            1e-300,
            3.000_000_1,
            1e19,
            -9.3e18,
        ]))
        .map(Value::Number)
        .unwrap_or(Value::Null),
        3 => Value::from(rng.next_u64() as i64),
        4 => Value::from(rng.below(100) as i64 - 50),
        _ => Value::from(rng.below(100_000)),
    }
}

/// Any value: scalar or a small container, sometimes spliced from the corpus.
pub fn random_value(rng: &mut Rng, dict: &Dictionary, donors: &[&Value]) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => Value::Bool(rng.one_in(2)),
        2 | 3 => random_number(rng),
        4..=6 => Value::String(random_string(rng, dict)),
        7 => Value::Array(Vec::new()),
        8 => Value::Object(Map::new()),
        9 => {
            let n = rng.len(8);
            Value::Array(
                (0..n)
                    .map(|_| Value::String(random_string(rng, dict)))
                    .collect(),
            )
        }
        _ if !donors.is_empty() => {
            let donor = *rng.pick(donors);
            nth(donor, rng.below(node_count(donor))).clone()
        }
        _ => Value::Null,
    }
}

fn random_key(rng: &mut Rng, dict: &Dictionary) -> String {
    if !dict.keys.is_empty() && !rng.one_in(5) {
        rng.pick(&dict.keys).clone()
    } else {
        random_string(rng, dict).chars().take(200).collect()
    }
}

/// One JSON-level mutation at a random node of `root`.
pub fn mutate_json(rng: &mut Rng, root: &mut Value, dict: &Dictionary, donors: &[&Value]) {
    let count = node_count(root);
    let node = nth_mut(root, rng.below(count));
    match rng.below(14) {
        // Replace with anything.
        0 | 1 => *node = random_value(rng, dict, donors),
        // Change the type, keeping the content where it can be.
        2 => {
            *node = match node.take() {
                Value::String(s) => match rng.below(4) {
                    0 => s
                        .parse::<i64>()
                        .map(Value::from)
                        .unwrap_or_else(|_| Value::from(s.len())),
                    1 => Value::Array(vec![Value::String(s)]),
                    2 => Value::Bool(!s.is_empty()),
                    _ => Value::Null,
                },
                Value::Number(n) => match rng.below(3) {
                    0 => Value::String(n.to_string()),
                    1 => Value::Array(vec![Value::Number(n)]),
                    _ => Value::Bool(true),
                },
                Value::Bool(b) => Value::String(b.to_string()),
                Value::Null => Value::String("null".into()),
                Value::Array(a) => match rng.below(3) {
                    0 => a.into_iter().next().unwrap_or(Value::Null),
                    1 => Value::Object(
                        a.into_iter()
                            .enumerate()
                            .map(|(i, v)| (i.to_string(), v))
                            .collect(),
                    ),
                    _ => Value::String(String::new()),
                },
                Value::Object(m) => match rng.below(3) {
                    0 => Value::Array(m.into_iter().map(|(_, v)| v).collect()),
                    1 => m.into_iter().next().map(|(_, v)| v).unwrap_or(Value::Null),
                    _ => Value::String("[object Object]".into()),
                },
            }
        }
        // Object: delete, insert, rename, or null a key.
        3..=6 => match node {
            Value::Object(m) if !m.is_empty() && rng.one_in(2) => {
                let key = m
                    .keys()
                    .nth(rng.below(m.len()))
                    .cloned()
                    .unwrap_or_default();
                match rng.below(3) {
                    0 => {
                        m.remove(&key);
                    }
                    1 => {
                        if let Some(v) = m.remove(&key) {
                            m.insert(random_key(rng, dict), v);
                        }
                    }
                    _ => {
                        m.insert(key, Value::Null);
                    }
                }
            }
            Value::Object(m) => {
                let v = random_value(rng, dict, donors);
                m.insert(random_key(rng, dict), v);
            }
            Value::Array(a) if !a.is_empty() => {
                let i = rng.below(a.len());
                match rng.below(4) {
                    0 => {
                        a.remove(i);
                    }
                    1 => {
                        let v = a[i].clone();
                        a.insert(i, v);
                    }
                    2 => a.truncate(i),
                    _ => {
                        let j = rng.below(a.len());
                        a.swap(i, j)
                    }
                }
            }
            Value::Array(a) => a.push(random_value(rng, dict, donors)),
            other => *other = random_value(rng, dict, donors),
        },
        // Deep nesting, sometimes beyond serde_json's recursion limit (128).
        7 => {
            let depth = match rng.below(3) {
                0 => 1 + rng.below(8),
                1 => 120 + rng.below(16),
                _ => 1 + rng.below(200),
            };
            let mut v = node.take();
            for _ in 0..depth {
                v = if rng.one_in(2) {
                    Value::Array(vec![v])
                } else {
                    let mut m = Map::new();
                    m.insert(random_key(rng, dict), v);
                    Value::Object(m)
                };
            }
            *node = v;
        }
        // Huge containers.
        8 => {
            let n = 1 + rng.below(5_000);
            let item = match rng.below(4) {
                0 => Value::Null,
                1 => random_number(rng),
                2 => Value::String(rng.pick(&dict.strings).clone()),
                _ => Value::Object(Map::new()),
            };
            *node = if rng.one_in(2) {
                Value::Array(vec![item; n])
            } else {
                Value::Object((0..n).map(|i| (format!("k{i}"), item.clone())).collect())
            };
        }
        // Strings: mutate the text in place.
        9 | 10 => match node {
            Value::String(s) => mutate_text(rng, s, TEXT_ALPHABET),
            other => *other = Value::String(random_string(rng, dict)),
        },
        // Numbers: edge values.
        11 => *node = random_number(rng),
        // Splice a subtree of another seed.
        _ => {
            if !donors.is_empty() {
                let donor = *rng.pick(donors);
                *node = nth(donor, rng.below(node_count(donor))).clone();
            }
        }
    }
    if node_count(root) > MAX_NODES {
        // Too big to keep cheap: cut it back to one of its own parts.
        let cut = nth(root, rng.below(MAX_NODES)).clone();
        *root = cut;
    }
}

/// Characters worth inserting in text fields.
pub const TEXT_ALPHABET: &str = "0123456789+-() .,;=#*/:xXextEXT\\\"{}[]%\t\n";

/// One text-level mutation (keeps the string valid UTF-8).
pub fn mutate_text(rng: &mut Rng, s: &mut String, alphabet: &str) {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut chars: Vec<char> = s.chars().collect();
    let at = |rng: &mut Rng, n: usize| rng.below(n + 1);
    match rng.below(10) {
        0 | 1 => {
            let n = 1 + rng.len(8);
            let i = at(rng, chars.len());
            for _ in 0..n {
                chars.insert(i.min(chars.len()), *rng.pick(&alphabet));
            }
        }
        2 if !chars.is_empty() => {
            let i = rng.below(chars.len());
            let n = 1 + rng.below((chars.len() - i).min(8));
            chars.drain(i..i + n);
        }
        3 if !chars.is_empty() => {
            let i = rng.below(chars.len());
            chars[i] = *rng.pick(&alphabet);
        }
        4 => {
            let i = at(rng, chars.len());
            chars.truncate(i);
        }
        5 if !chars.is_empty() => {
            // Repeat a slice, sometimes a lot.
            let i = rng.below(chars.len());
            let j = i + 1 + rng.below((chars.len() - i).min(16));
            let times = if rng.one_in(4) {
                rng.below(20_000)
            } else {
                rng.below(8)
            };
            let piece: Vec<char> = chars[i..j].to_vec();
            let mut out = chars[..j].to_vec();
            for _ in 0..times {
                out.extend_from_slice(&piece);
            }
            out.extend_from_slice(&chars[j..]);
            chars = out;
        }
        6 => {
            let i = at(rng, chars.len());
            let n = 1 + rng.below(6);
            let extra: Vec<char> = random_unicode(rng, n).chars().collect();
            chars.splice(i..i, extra);
        }
        7 if !chars.is_empty() => {
            let i = rng.below(chars.len());
            let j = rng.below(chars.len());
            chars.swap(i, j);
        }
        _ => {
            let i = at(rng, chars.len());
            let digits = rng.len(30);
            let extra: Vec<char> = (0..digits)
                .map(|_| (b'0' + rng.below(10) as u8) as char)
                .collect();
            chars.splice(i..i, extra);
        }
    }
    *s = chars.into_iter().collect();
}

/// One byte-level mutation of serialized input (may make it invalid UTF-8 or invalid JSON).
pub fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>, tokens: &[String]) {
    const STRUCTURAL: &[u8] = b"{}[]\",:0-.eE\\ \n";
    let len = bytes.len();
    match rng.below(9) {
        0 => bytes.truncate(rng.below(len + 1)),
        1 if len > 0 => {
            let i = rng.below(len);
            bytes[i] ^= 1 << rng.below(8);
        }
        2 => {
            let i = rng.below(len + 1);
            let n = 1 + rng.len(16);
            let junk: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
            bytes.splice(i..i, junk);
        }
        3 if len > 0 => {
            let i = rng.below(len);
            let n = 1 + rng.below((len - i).min(32));
            bytes.drain(i..i + n);
        }
        4 if len > 0 => {
            let i = rng.below(len);
            bytes[i] = *rng.pick(STRUCTURAL);
        }
        5 if len > 0 => {
            let i = rng.below(len);
            let j = i + 1 + rng.below((len - i).min(64));
            let piece = bytes[i..j].to_vec();
            let at = rng.below(len + 1);
            bytes.splice(at..at, piece);
        }
        6 if !tokens.is_empty() => {
            let i = rng.below(len + 1);
            let t = rng.pick(tokens).as_bytes().to_vec();
            bytes.splice(i..i, t);
        }
        7 if len > 0 => {
            let i = rng.below(len);
            bytes[i] = rng.next_u64() as u8;
        }
        _ => {
            // Invalid or overlong UTF-8 sequences.
            const BAD: &[&[u8]] = &[
                b"\xff",
                b"\xc0\x80",
                b"\xed\xa0\x80",
                b"\xf4\x90\x80\x80",
                b"\xe2\x82",
                b"\\ud800",
                b"\\u0000",
                b"\\uDFFF\\uD800",
            ];
            let i = rng.below(len + 1);
            bytes.splice(i..i, rng.pick(BAD).iter().copied());
        }
    }
}
