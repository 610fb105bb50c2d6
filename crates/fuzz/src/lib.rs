//! A small mutational fuzzer, on stable Rust and with no dependency beyond `serde_json` and the
//! workspace crates, for every parser the widget and the simulator run on untrusted input.
//!
//! - **Targets** ([`targets::TARGETS`]): one per parser family; each gets raw bytes.
//! - **Corpus**: seeded from the GWS captures and documentation samples in `../shared/fixtures`
//!   (every file and every object or array inside it), plus built-in seeds, so it also runs where
//!   the fixtures are missing.
//! - **Mutations** ([`mutate`]): structure-aware on JSON (replace, insert, delete and rename keys
//!   and values, change types, deep nesting, huge strings, numbers and containers, unicode,
//!   splicing subtrees of other seeds) and on texts (numbers, patterns, desk scripts), then
//!   byte-level (truncation, bit flips, random and invalid UTF-8 bytes, structural characters).
//! - **Feedback**: an input whose outcome (variant, or error message reduced to its words) was
//!   not seen before for its target joins that target's corpus.
//! - **Oracle**: every input runs under `catch_unwind`; a panic, or an input taking longer than
//!   the limit (measured again, best of three, to rule out preemption), is a failure whose input
//!   is written to the failures folder.
//!
//! Deterministic: the same seed, job count and input count give the same inputs.

pub mod desk;
pub mod mutate;
pub mod targets;

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use mutate::{Dictionary, Rng, TEXT_ALPHABET, mutate_bytes, mutate_json, mutate_text};
use targets::{Kind, Target};

/// `GWS_FIXTURES_DIR`, else `/work/shared/fixtures` reached from this crate.
pub fn default_fixtures() -> PathBuf {
    match std::env::var_os("GWS_FIXTURES_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"),
    }
}

/// The seeds every worker starts from.
#[derive(Clone, Debug, Default)]
pub struct Seeds {
    pub json: Vec<Value>,
    pub numbers: Vec<String>,
    pub patterns: Vec<String>,
    pub desk: Vec<String>,
    /// How many fixture files were read.
    pub fixture_files: usize,
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn sub_values(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push(v.clone());
            m.values().for_each(|c| sub_values(c, out));
        }
        Value::Array(a) if !a.is_empty() => {
            out.push(v.clone());
            a.iter().for_each(|c| sub_values(c, out));
        }
        _ => {}
    }
}

/// One valid message of each kind another tab may post (`dialer_core::tabs::wire`).
fn tab_seeds() -> Vec<Value> {
    use dialer_core::controls::Control;
    use dialer_core::desk::{
        CallAction, DeskError, DialIntent, ErrorCode, Intent, IntentId, Settled, View,
    };
    use dialer_core::tabs::{Message, Published, wire};
    let messages = [
        Message::Hello {
            visible: true,
            focused: true,
        },
        Message::Presence {
            visible: false,
            focused: false,
        },
        Message::Bye,
        Message::Lead,
        Message::State(Box::new(Published {
            seq: 1,
            agent: Some("agent1".into()),
            accepts_clicks: true,
            view: View::default(),
            calls: vec![],
            stored: Some(r#"{"v":1,"user":"agent1","calls":[]}"#.into()),
        })),
        Message::Intent {
            agent: Some("agent1".into()),
            id: Some(IntentId(1)),
            intent: Intent::Dial(DialIntent::number("5551234")),
        },
        Message::Intent {
            agent: None,
            id: None,
            intent: Intent::Call {
                call_id: Some("c1".into()),
                action: CallAction::Transfer {
                    destination: "5002".into(),
                    consult: true,
                },
            },
        },
        Message::Intent {
            agent: None,
            id: Some(IntentId(2)),
            intent: Intent::Call {
                call_id: None,
                action: CallAction::Control(Control::Hangup),
            },
        },
        Message::Settle {
            to: 7,
            id: IntentId(1),
            result: Ok(Settled::Done),
        },
        Message::Settle {
            to: 7,
            id: IntentId(1),
            result: Err(DeskError::new(
                ErrorCode::Busy,
                dialer_core::i18n::Msg::StatusBusy,
            )),
        },
        Message::Event {
            to: 7,
            id: 1,
            sent: 1,
            name: "gws-dialer:call".into(),
            detail: json!({"change": "added", "callId": "c1"}),
        },
        Message::EventDone { to: 7, id: 1 },
    ];
    messages
        .iter()
        .filter_map(|m| serde_json::from_str(&wire::encode(targets::TABS_BASE, 3, m)).ok())
        .collect()
}

fn builtin_json() -> Vec<Value> {
    let mut seeds = tab_seeds();
    seeds.extend(builtin_seeds());
    seeds
}

fn builtin_seeds() -> Vec<Value> {
    vec![
        json!([{"channel": "/meta/handshake", "successful": true, "clientId": "cl1", "version": "1.0",
                "supportedConnectionTypes": ["websocket", "long-polling"], "id": "1",
                "advice": {"reconnect": "retry", "interval": 0, "timeout": 30000}}]),
        json!([{"channel": "/meta/connect", "successful": true, "id": "2",
                "advice": {"reconnect": "retry", "interval": 0, "timeout": 30000}},
               {"channel": "/v2/me/calls", "data": {"messageType": "CallStateChangeMessage"}}]),
        json!({"channel": "/meta/connect", "successful": false, "error": "402::Unknown client", "id": 3,
               "advice": {"reconnect": "handshake", "interval": 500}}),
        json!([{"channel": "/meta/subscribe", "successful": true, "subscription": "/v2/me/*", "id": "4"}]),
        json!({"statusCode": 0, "calls": []}),
        json!({"statusCode": 0, "devices": [{"id": "dev-1", "deviceState": "Active",
               "userState": {"state": "Ready"}, "phoneNumber": "5001", "capabilities": []}]}),
        json!({"statusCode": 2, "statusMessage": "Not possible", "failed": [{"statusCode": 2, "channel": "voice"}],
               "succeeded": []}),
        json!({"statusCode": 0, "version": "8.5.201.00"}),
        json!({"operationName": "Dial", "destination": {"phoneNumber": "5001"}, "location": "x",
               "userData": {"CaseId": "42"}}),
        json!({"operationName": "DialPreviewRecord", "outboundRecord": {"recordHandle": 7,
               "phoneNumber": "5551234", "otherFields": {"a": 1}}}),
        json!({"operationName": "SendDtmf", "dtmfDigits": "12#"}),
        json!({"operationName": "UpdateUserData", "userData": {"k": "v"}}),
        json!({"operationName": "DeleteUserDataPair", "key": "k"}),
        json!({"operationName": "StartContactCenterSession", "channels": ["voice"], "place": "p"}),
        json!({"operationName": "NotReady", "reasonCode": "Lunch"}),
        json!({"operationName": "Hangup"}),
        json!({"stripChars": " -", "extensionMarkers": ["x", ";ext="], "allowStarAndHash": true,
               "minDigits": 3, "maxDigits": 15,
               "rules": [{"expression": "^\\d{10}$", "prefix": "+1", "description": "NA"}],
               "sample": "2015550123"}),
        json!({"messageType": "DeviceStateChangeMessage", "devices": [{"id": "d", "deviceState": "Active",
               "userState": {"state": "NotReady", "reason": "Lunch"}}]}),
        json!({"messageType": "ErrorMessage", "errorMessage": "boom", "errorCode": 7}),
    ]
}

const BUILTIN_NUMBERS: &[&str] = &[
    "5001",
    "(201) 555-0123 ext. 12",
    "tel:+1-201-555-0123;ext=12",
    "tel:+1-201-555-0123;phone-context=example.com;ext=9",
    "tel:5001;phone-context=+1",
    "+44 20 7946 0958",
    "+1 (555) 010-2000",
    "555-0100 x12\n5550100",
    "2015550123\n+1 201 555 0123",
    "*67 555 0100",
    "#31#5550100",
    "001 800 FLOWERS",
    "tel:%2B12015550123",
    "０１２３４５６７８９",
    "+1\u{2011}201\u{2013}555\u{2212}0123",
    "extension 12",
];

const BUILTIN_PATTERNS: &[&str] = &[
    "^\\d{10}$\n2015550123\n201555012",
    "^\\d{11}$\n12015550123",
    "^(?:[1-9]\\d{7,}|0[02-9]\\d{6,}|01[02-9]\\d{5,})$\n442079460958\n01144207946",
    "^9?1?(\\d{3})[-. ]?(\\d{4})$\n5550123\n915550123",
    "[+*#]\n*67\n5001",
    "^[^0]\\D*$\nx",
    "(\\d*)*$\n1111111111111111111111111111111x",
    "^(a|b|c){2,5}?\\.$\nabc.",
    "^\\+?[\\d*#]{3,15}$\n+1234",
    "((((\\d{1,1000}){1,10}){1,1}))\n123",
];

/// Read the fixtures (when present) and add the built-in seeds.
pub fn load_seeds(fixtures: Option<&Path>) -> Seeds {
    let mut files = Vec::new();
    if let Some(dir) = fixtures {
        json_files(dir, &mut files);
    }
    let mut all = Vec::new();
    let mut fixture_files = 0;
    for f in &files {
        if let Ok(text) = std::fs::read_to_string(f)
            && let Ok(v) = serde_json::from_str::<Value>(&text)
        {
            fixture_files += 1;
            sub_values(&v, &mut all);
        }
    }
    all.extend(builtin_json());
    let mut seen = HashSet::new();
    let json: Vec<Value> = all
        .into_iter()
        .filter(|v| seen.insert(v.to_string()))
        .collect();

    let mut numbers: Vec<String> = BUILTIN_NUMBERS.iter().map(|s| s.to_string()).collect();
    let mut number_seen: HashSet<String> = numbers.iter().cloned().collect();
    let mut me_bodies = Vec::new();
    let mut notes = Vec::new();
    for v in &json {
        if let Value::Object(m) = v {
            for (k, c) in m {
                if let Value::String(s) = c
                    && (k.to_lowercase().contains("number") || k == "digits" || k == "dnis")
                    && !s.is_empty()
                    && number_seen.insert(s.clone())
                {
                    numbers.push(s.clone());
                }
            }
            if m.contains_key("user") && m.contains_key("statusCode") {
                me_bodies.push(v.to_string());
            }
            if m.contains_key("messageType") && m.contains_key("notificationType") {
                notes.push(v.to_string());
            }
        }
    }
    let desk = desk::seed_scripts(&me_bodies, &notes);
    Seeds {
        json,
        numbers,
        patterns: BUILTIN_PATTERNS.iter().map(|s| s.to_string()).collect(),
        desk,
        fixture_files,
    }
}

/// What a run is asked to do.
#[derive(Clone)]
pub struct Config {
    /// Inputs in total, spread evenly over the targets.
    pub inputs: u64,
    /// Hard bound on the wall-clock time.
    pub time_limit: Option<Duration>,
    pub seed: u64,
    pub targets: Vec<&'static Target>,
    /// Worker threads (each with its own generator; deterministic for a given count).
    pub jobs: usize,
    /// An input slower than this (best of three) is a failure.
    pub slow_limit: Duration,
    /// Where failing inputs are written (`None`: nowhere).
    pub failures_dir: Option<PathBuf>,
    /// Print the inputs done so far to stderr this often (`None`: never).
    pub progress: Option<Duration>,
}

#[derive(Clone, Debug, Default)]
pub struct TargetReport {
    pub name: &'static str,
    pub inputs: u64,
    pub panics: u64,
    pub slow: u64,
    pub slowest: Duration,
    /// The slowest input, to look at.
    pub slowest_input: Vec<u8>,
    /// Inputs that joined the corpus for a new outcome.
    pub corpus_added: u64,
    /// Distinct outcomes seen (variants and error messages).
    pub outcomes: u64,
    /// First panic messages (up to 5).
    pub panic_messages: Vec<String>,
    /// Files written for failures.
    pub failure_files: Vec<PathBuf>,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub targets: Vec<TargetReport>,
    pub elapsed: Duration,
    pub timed_out: bool,
    pub fixture_files: usize,
    pub seeds: usize,
}

impl Report {
    pub fn inputs(&self) -> u64 {
        self.targets.iter().map(|t| t.inputs).sum()
    }
    pub fn panics(&self) -> u64 {
        self.targets.iter().map(|t| t.panics).sum()
    }
    pub fn slow(&self) -> u64 {
        self.targets.iter().map(|t| t.slow).sum()
    }
    pub fn slowest(&self) -> Duration {
        self.targets
            .iter()
            .map(|t| t.slowest)
            .max()
            .unwrap_or_default()
    }
    pub fn ok(&self) -> bool {
        self.panics() == 0 && self.slow() == 0
    }

    /// The per-target table and the final line.
    pub fn render(&self) -> String {
        let mut s = format!(
            "{:<14} {:>11} {:>7} {:>5} {:>11} {:>8} {:>7}\n",
            "target", "inputs", "panics", "slow", "slowest ms", "outcomes", "corpus+"
        );
        for t in &self.targets {
            s.push_str(&format!(
                "{:<14} {:>11} {:>7} {:>5} {:>11.3} {:>8} {:>7}\n",
                t.name,
                t.inputs,
                t.panics,
                t.slow,
                ms(t.slowest),
                t.outcomes,
                t.corpus_added
            ));
            for m in &t.panic_messages {
                s.push_str(&format!("  panic: {m}\n"));
            }
            for f in &t.failure_files {
                s.push_str(&format!("  input written to {}\n", f.display()));
            }
        }
        let rate = self.inputs() as f64 / self.elapsed.as_secs_f64().max(1e-9);
        s.push_str(&format!(
            "elapsed {:.1} s ({:.0} inputs/s){}; seeds: {} ({} fixture files)\n",
            self.elapsed.as_secs_f64(),
            rate,
            if self.timed_out {
                ", stopped by the time limit"
            } else {
                ""
            },
            self.seeds,
            self.fixture_files
        ));
        s.push_str(&format!(
            "fuzz: {} inputs, {} panics, slowest {:.3} ms\n",
            self.inputs(),
            self.panics(),
            ms(self.slowest())
        ));
        s
    }
}

/// CPU time of the calling thread: what an input costs, whatever else the machine is doing.
#[cfg(target_os = "linux")]
pub fn thread_cpu_time() -> Duration {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut ts = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `clock_gettime` (libc, which std links) only writes the struct we pass, whose
    // layout is the 64-bit Linux `struct timespec`.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Elsewhere: wall-clock time since the first call.
#[cfg(not(target_os = "linux"))]
pub fn thread_cpu_time() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// Run `target` on `input` `times` times; the least CPU time one run took, and its result.
pub fn measure(target: &Target, input: &[u8], times: usize) -> (Duration, Result<String, String>) {
    let mut best = Duration::MAX;
    let mut result = Err(String::new());
    for _ in 0..times.max(1) {
        let t = thread_cpu_time();
        result = run_one(target, input);
        best = best.min(thread_cpu_time().saturating_sub(t));
    }
    (best, result)
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Run `f` on `input`, catching a panic: `Err(message)` if it panicked.
pub fn run_one(target: &Target, input: &[u8]) -> Result<String, String> {
    LAST_PANIC.with(|p| p.borrow_mut().take());
    std::panic::catch_unwind(|| (target.run)(input)).map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into())
    })
}

/// Quiet panics (they are counted, not printed) while `f` runs; the previous hook comes back after.
pub fn with_quiet_panics<T>(f: impl FnOnce() -> T) -> T {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{location}")));
    }));
    let out = f();
    std::panic::set_hook(previous);
    out
}

struct Entry {
    bytes: Vec<u8>,
    value: Option<Value>,
}

struct TargetState {
    target: &'static Target,
    corpus: Vec<Entry>,
    outcomes: HashSet<String>,
    report: TargetReport,
}

/// Most entries a target's corpus grows to (seeds included); most bytes an entry may have.
const MAX_CORPUS: usize = 4_000;
const MAX_ENTRY_BYTES: usize = 16 * 1024;
const MAX_FAILURE_FILES: usize = 10;
/// Largest input: the simulator's limit on request bodies and CometD messages (64 KiB,
/// `timing.max_body_bytes`), far above any real GWS answer or notification (a few KB).
pub const MAX_INPUT_BYTES: usize = 64 * 1024;

fn seed_entries(kind: Kind, seeds: &Seeds) -> Vec<Entry> {
    let text = |s: &String| Entry {
        bytes: s.as_bytes().to_vec(),
        value: None,
    };
    match kind {
        Kind::Json => seeds
            .json
            .iter()
            .map(|v| Entry {
                bytes: v.to_string().into_bytes(),
                value: Some(v.clone()),
            })
            .collect(),
        Kind::Numbers => seeds.numbers.iter().map(text).collect(),
        Kind::Pattern => seeds.patterns.iter().map(text).collect(),
        Kind::Desk => seeds.desk.iter().map(text).collect(),
    }
}

const PATTERN_ALPHABET: &str = "^$\\d\\D.[]()?:*+{},|-0123456789#/ ";

struct Generator<'a> {
    rng: Rng,
    dict: &'a Dictionary,
    donors: &'a [&'a Value],
    tokens: &'a [String],
}

impl Generator<'_> {
    fn json(&mut self, entry: &Entry) -> Vec<u8> {
        let rng = &mut self.rng;
        let mut bytes = match &entry.value {
            Some(v) if !rng.one_in(8) => {
                let mut v = v.clone();
                for _ in 0..1 + rng.below(4) {
                    mutate_json(rng, &mut v, self.dict, self.donors);
                }
                v.to_string().into_bytes()
            }
            _ => entry.bytes.clone(),
        };
        if entry.value.is_none() || rng.one_in(4) {
            for _ in 0..1 + rng.below(3) {
                mutate_bytes(rng, &mut bytes, self.tokens);
            }
        }
        if rng.one_in(200) {
            let n = rng.len(512);
            bytes = (0..n).map(|_| rng.next_u64() as u8).collect();
        }
        bytes
    }

    fn text(&mut self, entry: &Entry, alphabet: &str) -> Vec<u8> {
        let rng = &mut self.rng;
        let mut s = String::from_utf8_lossy(&entry.bytes).into_owned();
        for _ in 0..1 + rng.below(4) {
            mutate_text(rng, &mut s, alphabet);
        }
        let mut bytes = s.into_bytes();
        if rng.one_in(8) {
            mutate_bytes(rng, &mut bytes, self.tokens);
        }
        bytes
    }

    fn desk(&mut self, entry: &Entry, pool: &[String]) -> Vec<u8> {
        let text = String::from_utf8_lossy(&entry.bytes).into_owned();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for _ in 0..1 + self.rng.below(3) {
            let n = lines.len();
            let i = self.rng.below(n.max(1));
            match self.rng.below(8) {
                // Mutate the JSON carried by a line (body, frame, notification, record).
                0..=2 if n > 0 => {
                    let line = &lines[i];
                    if let Some(at) = line.find(['{', '[']) {
                        let (head, body) = line.split_at(at);
                        if let Ok(mut v) = serde_json::from_str::<Value>(body) {
                            for _ in 0..1 + self.rng.below(3) {
                                mutate_json(&mut self.rng, &mut v, self.dict, self.donors);
                            }
                            lines[i] = format!("{head}{v}");
                        }
                    } else {
                        let mut l = line.clone();
                        mutate_text(&mut self.rng, &mut l, TEXT_ALPHABET);
                        lines[i] = l;
                    }
                }
                // A status, a selector, a time.
                3 if n > 0 => {
                    let mut parts: Vec<String> =
                        lines[i].splitn(4, ' ').map(str::to_string).collect();
                    if parts.len() >= 2 {
                        let k = 1 + self.rng.below((parts.len() - 1).min(2));
                        parts[k] = self
                            .rng
                            .pick(&[
                                "0", "1", "2", "3", "200", "204", "302", "400", "401", "403",
                                "404", "409", "500", "502", "503", "0", "99999", "-1", "x",
                            ])
                            .to_string();
                        lines[i] = parts.join(" ");
                    }
                }
                4 => {
                    let line = self.rng.pick(pool).clone();
                    lines.insert(i.min(n), line);
                }
                5 if n > 0 => {
                    lines.remove(i);
                }
                6 if n > 0 => {
                    let line = lines[i].clone();
                    lines.insert(i, line);
                }
                _ if n > 1 => {
                    let j = self.rng.below(n);
                    lines.swap(i, j);
                }
                _ => {}
            }
        }
        let mut bytes = lines.join("\n").into_bytes();
        if self.rng.one_in(12) {
            mutate_bytes(&mut self.rng, &mut bytes, self.tokens);
        }
        bytes
    }
}

fn write_failure(
    config: &Config,
    state: &mut TargetState,
    worker: usize,
    index: u64,
    input: &[u8],
    why: &str,
) {
    let Some(dir) = &config.failures_dir else {
        return;
    };
    if state.report.failure_files.len() >= MAX_FAILURE_FILES {
        return;
    }
    let _ = std::fs::create_dir_all(dir);
    let base = format!(
        "{}-seed{}-w{}-{}",
        state.target.name, config.seed, worker, index
    );
    let path = dir.join(format!("{base}.input"));
    if std::fs::write(&path, input).is_ok() {
        let _ = std::fs::write(
            dir.join(format!("{base}.txt")),
            format!(
                "target: {}\n{why}\nreplay: cargo run --release -p gws-fuzz -- --target {} --replay {}\n",
                state.target.name,
                state.target.name,
                path.display()
            ),
        );
        state.report.failure_files.push(path);
    }
}

fn worker(
    config: &Config,
    seeds: &Seeds,
    worker: usize,
    quota: u64,
    start: Instant,
    done: &AtomicU64,
) -> Report {
    let dict = Dictionary::from_values(seeds.json.iter());
    let donors: Vec<&Value> = seeds.json.iter().collect();
    let mut tokens = dict.strings.clone();
    tokens.extend(dict.keys.iter().map(|k| format!("\"{k}\":")));
    let desk_pool: Vec<String> = seeds
        .desk
        .iter()
        .flat_map(|s| s.lines().map(str::to_string))
        .collect();
    let mut generator = Generator {
        rng: Rng::new(
            config
                .seed
                .wrapping_add((worker as u64).wrapping_mul(0xD1B5_4A32_D192_ED03)),
        ),
        dict: &dict,
        donors: &donors,
        tokens: &tokens,
    };
    let mut states: Vec<TargetState> = config
        .targets
        .iter()
        .map(|t| TargetState {
            target: t,
            corpus: seed_entries(t.kind, seeds),
            outcomes: HashSet::new(),
            report: TargetReport {
                name: t.name,
                ..TargetReport::default()
            },
        })
        .collect();
    let mut timed_out = false;
    let n = states.len() as u64;
    for i in 0..quota {
        if i % 32 == 0 {
            done.fetch_add(if i == 0 { 0 } else { 32 }, Ordering::Relaxed);
            if let Some(limit) = config.time_limit
                && start.elapsed() >= limit
            {
                timed_out = true;
                break;
            }
        }
        let state = &mut states[(i % n) as usize];
        // The smaller of two random entries: small inputs are cheaper and mutate better.
        let (a, b) = (
            generator.rng.below(state.corpus.len()),
            generator.rng.below(state.corpus.len()),
        );
        let entry_index = if state.corpus[a].bytes.len() <= state.corpus[b].bytes.len() {
            a
        } else {
            b
        };
        let entry = &state.corpus[entry_index];
        let mut input = match state.target.kind {
            Kind::Json => generator.json(entry),
            Kind::Numbers => generator.text(entry, TEXT_ALPHABET),
            Kind::Pattern => generator.text(entry, PATTERN_ALPHABET),
            Kind::Desk => generator.desk(entry, &desk_pool),
        };
        if input.len() > MAX_INPUT_BYTES {
            // Stacked growth: cut it back (a truncation is a mutation too).
            input.truncate(MAX_INPUT_BYTES - generator.rng.below(MAX_INPUT_BYTES / 2));
        }
        let t0 = Instant::now();
        let result = run_one(state.target, &input);
        let mut took = t0.elapsed();
        state.report.inputs += 1;
        match result {
            Err(message) => {
                state.report.panics += 1;
                if state.report.panic_messages.len() < 5 {
                    state.report.panic_messages.push(message.clone());
                }
                write_failure(
                    config,
                    state,
                    worker,
                    i,
                    &input,
                    &format!("panic: {message}"),
                );
            }
            Ok(outcome) => {
                if took > Duration::from_millis(1) {
                    // Wall-clock time includes preemption on a busy machine: measure again in
                    // the thread's CPU time, best of three, for the input's own cost.
                    took = measure(state.target, &input, 3).0;
                    if took > config.slow_limit {
                        state.report.slow += 1;
                        write_failure(
                            config,
                            state,
                            worker,
                            i,
                            &input,
                            &format!("slow: {:.3} ms (best of three)", ms(took)),
                        );
                    }
                }
                if state.outcomes.insert(outcome) {
                    state.report.outcomes += 1;
                    if state.corpus.len() < MAX_CORPUS && input.len() <= MAX_ENTRY_BYTES {
                        let value = if state.target.kind == Kind::Json {
                            serde_json::from_slice(&input).ok()
                        } else {
                            None
                        };
                        state.corpus.push(Entry {
                            bytes: input.clone(),
                            value,
                        });
                        state.report.corpus_added += 1;
                    }
                }
            }
        }
        if took > state.report.slowest {
            state.report.slowest = took;
            state.report.slowest_input = input;
        }
    }
    Report {
        targets: states.into_iter().map(|s| s.report).collect(),
        elapsed: start.elapsed(),
        timed_out,
        fixture_files: seeds.fixture_files,
        seeds: seeds.json.len() + seeds.numbers.len() + seeds.patterns.len() + seeds.desk.len(),
    }
}

/// Run the fuzzer: `config.inputs` inputs over `config.jobs` threads, within the time limit.
pub fn run(config: &Config, seeds: &Seeds) -> Report {
    let start = Instant::now();
    let jobs = config.jobs.max(1) as u64;
    let done = AtomicU64::new(0);
    let finished = AtomicBool::new(false);
    let reports: Vec<Report> = with_quiet_panics(|| {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..jobs)
                .map(|w| {
                    let quota = config.inputs / jobs + u64::from(w < config.inputs % jobs);
                    let done = &done;
                    scope.spawn(move || worker(config, seeds, w as usize, quota, start, done))
                })
                .collect();
            if let Some(every) = config.progress {
                let (done, finished) = (&done, &finished);
                scope.spawn(move || {
                    let mut next = every;
                    while !finished.load(Ordering::Relaxed) {
                        std::thread::sleep(Duration::from_millis(200));
                        if start.elapsed() >= next {
                            next += every;
                            eprintln!(
                                "gws-fuzz: {:.0} s: about {} inputs",
                                start.elapsed().as_secs_f64(),
                                done.load(Ordering::Relaxed)
                            );
                        }
                    }
                });
            }
            let reports = handles
                .into_iter()
                .map(|h| h.join().expect("a fuzz worker died outside a target"))
                .collect();
            finished.store(true, Ordering::Relaxed);
            reports
        })
    });
    let mut total = Report {
        elapsed: start.elapsed(),
        fixture_files: seeds.fixture_files,
        seeds: reports.first().map(|r| r.seeds).unwrap_or_default(),
        ..Report::default()
    };
    for r in reports {
        total.timed_out |= r.timed_out;
        if total.targets.is_empty() {
            total.targets = r.targets;
            continue;
        }
        for (t, o) in total.targets.iter_mut().zip(r.targets) {
            t.inputs += o.inputs;
            t.panics += o.panics;
            t.slow += o.slow;
            t.corpus_added += o.corpus_added;
            t.outcomes = t.outcomes.max(o.outcomes);
            if o.slowest > t.slowest {
                t.slowest = o.slowest;
                t.slowest_input = o.slowest_input;
            }
            t.panic_messages.extend(o.panic_messages);
            t.panic_messages.truncate(5);
            t.failure_files.extend(o.failure_files);
        }
    }
    total
}
