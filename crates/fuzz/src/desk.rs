//! The desk as a whole, driven by a line-based script of what the network and the agent do.
//!
//! A script is text, one step a line (unknown or malformed lines are skipped, so byte-level
//! mutations keep most of a script meaningful):
//!
//! | line                        | input to the desk                                                |
//! |-----------------------------|------------------------------------------------------------------|
//! | `W`                         | (first line only) use the WWE North American number rules         |
//! | `L`                         | (first line only) CometD over long-polling only                   |
//! | `S`                         | `Input::Start`                                                    |
//! | `H <sel> <status> <body>`   | answer pending HTTP request `sel` (mod the number pending)        |
//! | `h <sel> <status> <body>`   | the same with the CSRF headers GWS sends                          |
//! | `E <sel> <detail>`          | that request fails without an answer (`t…`: a timeout)            |
//! | `O` / `F <text>` / `C <why>`| latest socket opened / a frame arrives / it closes                |
//! | `M`                         | a CometD server answers every meta message the desk sent last    |
//! | `N <channel> <json>`        | `Desk::push_notification`                                         |
//! | `T <ms>`                    | time passes; due timers fire                                      |
//! | `D <raw>` / `P <json>`      | the agent clicks a number / a page dials a preview record        |
//! | `K <n>` / `U <json>` / `G <digits>` | a call control (`Control::ALL[n]`) / update user data / DTMF |
//! | `A <n>`                     | agent state action `AgentAction::ALL[n]`                         |
//! | `I <user> <password>`, `R`, `X`, `Z`, `Q <text>` | sign in, resync, sign out, shutdown, problem |

use bayeux::TransportKind;
use dialer_core::agent::AgentAction;
use dialer_core::controls::Control;
use dialer_core::desk::{
    CallAction, Desk, DeskConfig, DialIntent, DialSource, DialTarget, HttpReply, HttpRequest,
    Input, Intent, IntentId, NetworkError, Output, SocketEvent, SocketId,
};
use dialer_core::numbers::NumberRules;
use serde_json::{Map, Value, json};

/// Most timer firings at one instant before the desk is considered stuck in a loop.
const MAX_TIMER_FIRINGS: usize = 1_000;

struct Driver {
    desk: Desk,
    now: u64,
    pending: Vec<HttpRequest>,
    sockets: Vec<SocketId>,
    last_sends: Vec<String>,
    intents: u64,
    outputs: usize,
}

impl Driver {
    fn drain(&mut self) {
        while let Some(out) = self.desk.poll_output() {
            self.outputs += 1;
            match out {
                Output::Http(r) => self.pending.push(r),
                Output::Abort(id) => self.pending.retain(|r| r.id != id),
                Output::OpenSocket { id, .. } => self.sockets.push(id),
                Output::SendSocket { text, .. } => {
                    if self.last_sends.len() >= 16 {
                        self.last_sends.remove(0);
                    }
                    self.last_sends.push(text);
                }
                Output::CloseSocket(id) => self.sockets.retain(|s| *s != id),
                Output::Event(_) | Output::Settle { .. } | Output::Log(_) => {}
            }
        }
    }

    fn input(&mut self, input: Input) {
        self.desk.handle(input, self.now);
        self.drain();
    }

    fn intent(&mut self, intent: Intent) {
        self.intents += 1;
        let id = Some(IntentId(self.intents));
        self.input(Input::Intent { id, intent });
    }

    fn advance(&mut self, ms: u64) {
        let target = self.now.saturating_add(ms);
        // Timers that fire again and again without the clock moving are a busy loop.
        let mut same_instant = 0;
        while let Some(at) = self.desk.poll_timeout() {
            if at > target {
                break;
            }
            if at <= self.now {
                same_instant += 1;
                assert!(
                    same_instant <= MAX_TIMER_FIRINGS,
                    "the desk's timers fired more than {MAX_TIMER_FIRINGS} times at the same instant"
                );
            } else {
                same_instant = 0;
            }
            self.now = self.now.max(at);
            self.desk.handle_timeout(self.now);
            self.drain();
        }
        self.now = target;
    }

    fn take_pending(&mut self, sel: &str) -> Option<HttpRequest> {
        if self.pending.is_empty() {
            return None;
        }
        let i = sel.parse::<usize>().unwrap_or(0) % self.pending.len();
        Some(self.pending.remove(i))
    }

    fn socket(&self) -> Option<SocketId> {
        self.sockets.last().copied()
    }

    /// Success replies to the meta messages of the desk's last CometD send (WebSocket or
    /// long-polling), the way `tests/desk.rs` plays the server.
    fn meta_replies(&self) -> Option<String> {
        let text = self.last_sends.last()?;
        let batch: Value = serde_json::from_str(text).ok()?;
        let replies: Vec<Value> = batch
            .as_array()?
            .iter()
            .map(|m| {
                let mut r = json!({"channel": m["channel"], "id": m["id"], "successful": true});
                match m["channel"].as_str() {
                    Some("/meta/handshake") => {
                        r["clientId"] = json!("fuzz-client");
                        r["version"] = json!("1.0");
                        r["supportedConnectionTypes"] = json!(["websocket", "long-polling"]);
                    }
                    Some("/meta/connect") => r["advice"] = json!({"interval": 0, "timeout": 30000}),
                    Some("/meta/subscribe") => r["subscription"] = m["subscription"].clone(),
                    _ => {}
                }
                r
            })
            .collect();
        Some(Value::Array(replies).to_string())
    }
}

fn split2(rest: &str) -> (&str, &str) {
    match rest.split_once(' ') {
        Some((a, b)) => (a, b),
        None => (rest, ""),
    }
}

fn reply(status: &str, body: &str, csrf: bool) -> HttpReply {
    let mut r = HttpReply::json(status.parse::<u16>().unwrap_or(200), body);
    if csrf {
        r.headers = vec![
            ("X-CSRF-HEADER".into(), "X-CSRF-TOKEN".into()),
            ("X-CSRF-TOKEN".into(), "tok-1".into()),
        ];
    }
    r
}

fn object(text: &str) -> Map<String, Value> {
    match serde_json::from_str(text) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// Run one script; panics (caught by the runner) are the findings. Returns a coarse outcome.
pub fn run_script(script: &str) -> String {
    let mut lines = script.lines().peekable();
    let mut config = DeskConfig::new("http://gws.test");
    config.rng_seed = 7;
    while let Some(flag) = lines.peek() {
        match flag.trim() {
            "W" => config.number_rules = NumberRules::wwe_north_america(),
            "L" => config.transports = vec![TransportKind::LongPolling],
            _ => break,
        }
        lines.next();
    }
    let mut d = Driver {
        desk: Desk::new(config),
        now: 1_000_000,
        pending: Vec::new(),
        sockets: Vec::new(),
        last_sends: Vec::new(),
        intents: 0,
        outputs: 0,
    };
    for line in lines.take(400) {
        let (op, rest) = match line.char_indices().nth(1) {
            Some((i, _)) => (
                &line[..i],
                line[i..].strip_prefix(' ').unwrap_or(&line[i..]),
            ),
            None => (line, ""),
        };
        match op {
            "S" => d.input(Input::Start),
            "H" | "h" => {
                let (sel, rest) = split2(rest);
                let (status, body) = split2(rest);
                if let Some(req) = d.take_pending(sel) {
                    let r = reply(status, body, op == "h");
                    d.input(Input::Http {
                        id: req.id,
                        result: Ok(r),
                    });
                }
            }
            "E" => {
                let (sel, detail) = split2(rest);
                if let Some(req) = d.take_pending(sel) {
                    let error = if detail.starts_with('t') {
                        NetworkError::timeout(detail.len() as u32 * 1000)
                    } else {
                        NetworkError::new(detail)
                    };
                    d.input(Input::Http {
                        id: req.id,
                        result: Err(error),
                    });
                }
            }
            "O" | "F" | "C" => {
                if let Some(id) = d.socket() {
                    let event = match op {
                        "O" => SocketEvent::Opened,
                        "F" => SocketEvent::Frame(rest.to_string()),
                        _ => SocketEvent::Closed(rest.to_string()),
                    };
                    d.input(Input::Socket { id, event });
                }
            }
            "M" => {
                if let Some(text) = d.meta_replies() {
                    // Over the socket if one is open, else as the answer to the oldest long-poll.
                    if let Some(id) = d.socket() {
                        d.input(Input::Socket {
                            id,
                            event: SocketEvent::Frame(text),
                        });
                    } else if let Some(i) = d.pending.iter().position(|r| r.timeout_ms.is_none()) {
                        let req = d.pending.remove(i);
                        d.input(Input::Http {
                            id: req.id,
                            result: Ok(HttpReply::json(200, &text)),
                        });
                    }
                }
            }
            "N" => {
                let (channel, body) = split2(rest);
                if let Ok(data) = serde_json::from_str::<Value>(body) {
                    d.desk.push_notification(channel, data, d.now);
                    d.drain();
                }
            }
            "T" => d.advance(rest.trim().parse::<u64>().unwrap_or(1_000).min(3_600_000)),
            "D" => d.intent(Intent::Dial(DialIntent {
                target: DialTarget::Number {
                    raw: rest.to_string(),
                    user_data: None,
                    location: None,
                },
                source: DialSource::Click {
                    detail: (rest.len() % 4) as u32,
                },
            })),
            "P" => d.intent(Intent::Dial(DialIntent {
                target: DialTarget::PreviewRecord {
                    record: object(rest),
                },
                source: DialSource::Api,
            })),
            "K" => {
                let n = rest.trim().parse::<usize>().unwrap_or(0);
                let control = Control::ALL[n % Control::ALL.len()];
                d.intent(Intent::Call {
                    call_id: None,
                    action: CallAction::Control(control),
                });
            }
            "U" => d.intent(Intent::Call {
                call_id: None,
                action: CallAction::UpdateUserData(object(rest)),
            }),
            "G" => d.intent(Intent::Call {
                call_id: None,
                action: CallAction::SendDtmf(rest.to_string()),
            }),
            "A" => {
                let n = rest.trim().parse::<usize>().unwrap_or(0);
                d.intent(Intent::AgentState(
                    AgentAction::ALL[n % AgentAction::ALL.len()],
                ));
            }
            "I" => {
                let (user, password) = split2(rest);
                d.intent(Intent::SignIn {
                    user: user.to_string(),
                    password: password.to_string(),
                });
            }
            "R" => d.intent(Intent::Resync),
            "X" => d.intent(Intent::SignOut),
            "Z" => d.input(Input::Shutdown),
            "Q" => d.input(Input::Problem(dialer_core::i18n::Text::raw(rest))),
            _ => {}
        }
    }
    // Render what the agent would see.
    let view = d.desk.view();
    let _ = d.desk.calls();
    let _ = d.desk.current_call_id();
    format!(
        "{:?} calls={} pending={} sockets={}",
        view.phase,
        d.desk.calls().len().min(3),
        d.pending.len().min(3),
        d.sockets.len().min(2)
    )
}

/// Seed scripts: sign-in flows, CometD sessions, calls coming and going, fed with the capture
/// bodies given (`me`: a `GET /me` answer body, `notes`: notification `data` objects).
pub fn seed_scripts(me_bodies: &[String], notes: &[String]) -> Vec<String> {
    let me = me_bodies.first().cloned().unwrap_or_else(|| {
        json!({"statusCode": 0, "user": {"id": "u1", "userName": "agent1",
            "devices": [{"id": "dev-1", "deviceState": "Active", "userState": {"state": "Ready"},
                         "phoneNumber": "5001", "capabilities": []}], "calls": []}})
        .to_string()
    });
    let frame = |data: &str| format!("F [{{\"channel\":\"/v2/me/calls\",\"data\":{data}}}]");
    let mut scripts = Vec::new();
    // WebSocket session, then each notification as a frame, with calls and controls between.
    let mut s = vec![
        "S".to_string(),
        format!("h 0 200 {me}"),
        "O".into(),
        "M".into(),
        "M".into(),
        "M".into(),
        "H 0 200 {\"statusCode\":0,\"calls\":[]}".into(),
        "D 5002".into(),
        "H 0 200 {\"statusCode\":0}".into(),
    ];
    for n in notes {
        s.push(frame(n));
        s.push("K 2".into());
        s.push("H 0 200 {\"statusCode\":0}".into());
    }
    s.extend(
        [
            "T 30000",
            "C server closed",
            "T 5000",
            "O",
            "M",
            "A 1",
            "H 0 500 {\"statusCode\":2,\"statusMessage\":\"nope\"}",
            "X",
            "H 0 200 {\"statusCode\":0}",
            "M",
        ]
        .map(String::from),
    );
    scripts.push(s.join("\n"));
    // Without a socket: long-polling only, notifications pushed directly.
    let mut s = vec![
        "L".to_string(),
        "S".into(),
        "H 0 403 {\"statusCode\":20}".into(),
        "I agent1 password".into(),
        format!("h 0 200 {me}"),
        "H 0 200 {\"statusCode\":0}".into(),
        "M".into(),
        "M".into(),
        "M".into(),
    ];
    for n in notes {
        s.push(format!("N /v2/me/calls {n}"));
        s.push("U {\"CaseId\":\"42\"}".into());
        s.push("H 0 200 {\"statusCode\":0}".into());
        s.push("G 12#".into());
        s.push("E 0 offline".into());
    }
    s.extend(
        [
            "P {\"recordHandle\":7,\"phoneNumber\":\"5551234\"}",
            "H 0 503 {\"statusCode\":4}",
            "R",
            format!("h 0 200 {me}").as_str(),
            "T 120000",
            "Z",
        ]
        .map(String::from),
    );
    scripts.push(s.join("\n"));
    // WWE rules, dialling edge numbers, errors everywhere.
    scripts.push(
        [
            "W",
            "S",
            &format!("h 0 200 {me}"),
            "O",
            "F [{\"channel\":\"/meta/handshake\",\"successful\":false,\"error\":\"403::denied\",\"advice\":{\"reconnect\":\"none\"}}]",
            "D tel:+1-201-555-0123;ext=12",
            "E 0 timeout",
            "D (201) 555-0123 ext. 12",
            "H 0 200 {\"statusCode\":0}",
            "T 1000",
            "C",
            "Q a problem",
            "T 60000",
        ]
        .join("\n"),
    );
    scripts
}
