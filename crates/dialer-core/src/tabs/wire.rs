//! The messages tabs exchange over the `BroadcastChannel` (JSON text), versioned and typed.
//!
//! Every message carries the protocol version, the GWS base URL it is about and the sending tab.
//! [`decode`] returns `None` for anything malformed, of another version or about another base
//! URL, so a tab never acts on a message it does not fully understand.
//!
//! ```text
//! {"v":1,"base":"https://gws.example","from":4711,"type":"intent","agent":"agent1","id":3,
//!  "intent":{"t":"dial","number":"+1 555 0100","source":{"click":1}}}
//! ```

use serde_json::{Map, Value};

use crate::agent::{AgentAction, AgentStatus};
use crate::controls::Control;
use crate::desk::view::{AgentChoice, RecentRow};
use crate::desk::{
    AgentRow, CallAction, CallRow, CallSnapshot, ConnectionRow, DeskError, DialIntent, DialSource,
    DialTarget, Direction, ErrorCode, Intent, IntentId, Level, OfferChoice, OfferRow, Phase,
    Settled, View,
};
use crate::i18n::Text;

/// The channel protocol's version; a message of another version is ignored.
pub const VERSION: u64 = 3;

/// A tab's identity on the channel (random per page load).
pub type TabId = u64;

/// What the leader publishes after every change: enough for a follower to render and to answer
/// the JS API (`calls()`, `state()`) and the click router exactly as the leader would.
#[derive(Clone, Debug, PartialEq)]
pub struct Published {
    /// Increases with every publication of one leader; older ones are ignored.
    pub seq: u64,
    /// The signed-in agent's user name.
    pub agent: Option<String>,
    pub accepts_clicks: bool,
    pub view: View,
    pub calls: Vec<CallSnapshot>,
    /// What the leader keeps in `sessionStorage` (the recent calls, [`crate::desk::encode_recent`]):
    /// every tab keeps it too, and a tab that takes over starts from it.
    pub stored: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    /// A tab joined (it asks the leader for the current state).
    Hello { visible: bool, focused: bool },
    /// The tab was shown, hidden or focused.
    Presence { visible: bool, focused: bool },
    /// The tab leaves the page.
    Bye,
    /// The sender leads now (a takeover): followers re-announce themselves.
    Lead,
    /// The leader's state.
    State(Box<Published>),
    /// A follower asks the leader to carry out an intent. `agent` is who the follower believes
    /// is signed in: the leader refuses intents meant for another agent.
    Intent {
        agent: Option<String>,
        id: Option<IntentId>,
        intent: Intent,
    },
    /// The answer to a follower's intent.
    Settle {
        to: TabId,
        id: IntentId,
        result: Result<Settled, DeskError>,
    },
    /// A host-page event for one tab to dispatch, numbered by the leader, with when it was
    /// sent (the shared wall clock, ms): a tab that gets it late leaves it to the leader.
    Event {
        to: TabId,
        id: u64,
        sent: u64,
        name: String,
        detail: Value,
    },
    /// The tab dispatched event `id`; unanswered, the leader gives it to another tab.
    EventDone { to: TabId, id: u64 },
}

/// A decoded message and who sent it.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    pub from: TabId,
    pub message: Message,
}

/// The host-page events a follower may be asked to dispatch.
pub const EVENT_NAMES: [&str; 7] = [
    "gws-dialer:wrapup",
    "gws-dialer:ready",
    "gws-dialer:call",
    "gws-dialer:connection",
    "gws-dialer:agent",
    "gws-dialer:error",
    "gws-dialer:signed-out",
];

// ------------------------------------------------------------------ encoding

pub fn encode(base: &str, from: TabId, message: &Message) -> String {
    let (kind, mut fields) = match message {
        Message::Hello { visible, focused } => (
            "hello",
            vec![
                ("visible", (*visible).into()),
                ("focused", (*focused).into()),
            ],
        ),
        Message::Presence { visible, focused } => (
            "presence",
            vec![
                ("visible", (*visible).into()),
                ("focused", (*focused).into()),
            ],
        ),
        Message::Bye => ("bye", vec![]),
        Message::Lead => ("lead", vec![]),
        Message::State(p) => (
            "state",
            vec![
                ("seq", p.seq.into()),
                ("agent", p.agent.clone().into()),
                ("clicks", p.accepts_clicks.into()),
                ("view", view_json(&p.view)),
                (
                    "calls",
                    serde_json::to_value(&p.calls).unwrap_or(Value::Null),
                ),
                ("stored", p.stored.clone().into()),
            ],
        ),
        Message::Intent { agent, id, intent } => (
            "intent",
            vec![
                ("agent", agent.clone().into()),
                ("id", id.map(|i| i.0).into()),
                ("intent", intent_json(intent)),
            ],
        ),
        Message::Settle { to, id, result } => {
            let result = match result {
                Ok(Settled::Done) => obj(vec![("ok", true.into())]),
                Ok(Settled::Call(call)) => obj(vec![(
                    "call",
                    serde_json::to_value(call).unwrap_or(Value::Null),
                )]),
                Err(e) => obj(vec![(
                    "error",
                    obj(vec![
                        ("code", e.code.as_str().into()),
                        ("message", e.message.clone().into()),
                    ]),
                )]),
            };
            (
                "settle",
                vec![
                    ("to", (*to).into()),
                    ("id", id.0.into()),
                    ("result", result),
                ],
            )
        }
        Message::Event {
            to,
            id,
            sent,
            name,
            detail,
        } => (
            "event",
            vec![
                ("to", (*to).into()),
                ("id", (*id).into()),
                ("sent", (*sent).into()),
                ("name", name.clone().into()),
                ("detail", detail.clone()),
            ],
        ),
        Message::EventDone { to, id } => ("done", vec![("to", (*to).into()), ("id", (*id).into())]),
    };
    fields.extend([
        ("v", VERSION.into()),
        ("base", base.into()),
        ("from", from.into()),
        ("type", kind.into()),
    ]);
    obj(fields).to_string()
}

/// A JSON object from its fields (one small function instead of a `json!` expansion each).
fn obj(fields: Vec<(&str, Value)>) -> Value {
    Value::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn strs(items: impl Iterator<Item = &'static str>) -> Value {
    Value::Array(items.map(Value::from).collect())
}

fn view_json(view: &View) -> Value {
    let (phase, busy) = match view.phase {
        Phase::Starting => ("starting", false),
        Phase::SignedOut { busy } => ("signed-out", busy),
        Phase::Active => ("active", false),
    };
    let agent = view.agent.as_ref().map_or(Value::Null, |a| {
        let (status, other) = status_name(&a.status);
        obj(vec![
            ("name", a.name.clone().into()),
            ("number", a.number.clone().into()),
            ("state", a.state.clone().into()),
            ("status", status.into()),
            ("statusText", other.into()),
            ("actions", strs(a.actions.iter().map(|x| x.operation()))),
            ("busy", a.busy.into()),
            (
                "choices",
                Value::Array(
                    a.choices
                        .iter()
                        .map(|c| Value::Array(vec![c.id.clone().into(), c.label.to_value()]))
                        .collect(),
                ),
            ),
            ("since", a.since_ms.into()),
            ("noChoices", a.no_choices.into()),
        ])
    });
    obj(vec![
        ("heading", view.heading.clone().into()),
        ("phase", phase.into()),
        ("busy", busy.into()),
        ("agent", agent),
        (
            "connection",
            obj(vec![
                ("level", view.connection.level.name().into()),
                ("text", view.connection.text.clone().into()),
            ]),
        ),
        (
            "calls",
            Value::Array(view.calls.iter().map(call_row_json).collect()),
        ),
        ("dialing", view.dial_in_flight.into()),
        ("error", view.error.clone().into()),
        ("announcement", view.announcement.clone().into()),
        (
            "recent",
            Value::Array(view.recent.iter().map(recent_json).collect()),
        ),
        (
            "dispositions",
            Value::Array(view.dispositions.iter().map(|(c, l)| pair(c, l)).collect()),
        ),
        ("offer", view.offer.as_ref().map_or(Value::Null, offer_json)),
    ])
}

fn offer_json(o: &OfferRow) -> Value {
    obj(vec![
        ("id", o.id.into()),
        ("number", o.number.clone().into()),
        ("party", o.party.clone().into()),
        (
            "choices",
            Value::Array(vec![o.call.into(), o.transfer.into(), o.conference.into()]),
        ),
    ])
}

fn offer_from(value: &Value) -> Option<Option<OfferRow>> {
    let map = match value {
        Value::Null => return Some(None),
        v => v.as_object()?,
    };
    let choices = list(map, "choices")?;
    let choice = |i: usize| choices.get(i)?.as_bool();
    if choices.len() != 3 {
        return None;
    }
    Some(Some(OfferRow {
        id: num(map, "id")?,
        number: message(map, "number")?,
        party: opt_text(map, "party")?,
        call: choice(0)?,
        transfer: choice(1)?,
        conference: choice(2)?,
    }))
}

fn pair(a: &str, b: &str) -> Value {
    Value::Array(vec![a.into(), b.into()])
}

fn recent_json(r: &RecentRow) -> Value {
    obj(vec![
        ("call", r.call_id.clone().into()),
        ("number", r.number.clone().into()),
        ("direction", r.direction.name().into()),
        ("connected", r.connected.into()),
        ("started", r.started_ms.into()),
        ("ended", r.ended_ms.into()),
        ("disposition", r.disposition.clone().into()),
        ("wrapUp", r.wrap_up.into()),
    ])
}

fn call_row_json(row: &CallRow) -> Value {
    let data = row
        .user_data
        .iter()
        .map(|(k, v)| Value::Array(vec![k.clone().into(), v.clone().into()]))
        .collect();
    obj(vec![
        ("id", row.id.clone().into()),
        ("state", row.state.clone().into()),
        ("label", row.state_label.clone().into()),
        ("party", row.other_party.clone().into()),
        ("started", row.started_ms.into()),
        ("ended", row.ended_ms.into()),
        ("data", Value::Array(data)),
        ("controls", strs(row.controls.iter().map(|c| c.name()))),
        ("pending", strs(row.pending.iter().copied())),
        ("dtmf", row.can_dtmf.into()),
        ("attach", row.can_attach.into()),
        ("update", row.can_update.into()),
        ("deletePair", row.can_delete_pair.into()),
        ("deleteAll", row.can_delete_all.into()),
        ("released", row.released.into()),
        ("muted", row.muted.into()),
        (
            "parties",
            Value::Array(row.parties.iter().cloned().map(Value::from).collect()),
        ),
        ("removeParty", row.can_remove_party.into()),
        (
            "pass",
            Value::Array(
                [
                    row.can_transfer,
                    row.can_consult_transfer,
                    row.can_conference,
                    row.can_consult_conference,
                ]
                .map(Value::Bool)
                .into(),
            ),
        ),
        // null: not a consultation; [] its party unknown; [party].
        (
            "consultFor",
            row.consult_for.as_ref().map_or(Value::Null, |party| {
                Value::Array(party.iter().cloned().map(Value::from).collect())
            }),
        ),
    ])
}

fn status_name(status: &AgentStatus) -> (&'static str, Option<String>) {
    match status {
        AgentStatus::LoggedOut => ("logged-out", None),
        AgentStatus::LoggedIn => ("logged-in", None),
        AgentStatus::Ready => ("ready", None),
        AgentStatus::NotReady => ("not-ready", None),
        AgentStatus::AfterCallWork => ("after-call-work", None),
        AgentStatus::Other(s) => ("other", Some(s.clone())),
    }
}

fn intent_json(intent: &Intent) -> Value {
    let fields = match intent {
        Intent::SignIn { user, password } => vec![
            ("t", "sign-in".into()),
            ("user", user.clone().into()),
            ("password", password.clone().into()),
        ],
        Intent::Dial(dial) => {
            let source = match dial.source {
                DialSource::Click { detail } => obj(vec![("click", detail.into())]),
                DialSource::Widget { detail } => obj(vec![("widget", detail.into())]),
                DialSource::Api => "api".into(),
            };
            let mut fields = vec![("t", "dial".into()), ("source", source)];
            match &dial.target {
                DialTarget::Number {
                    raw,
                    user_data,
                    location,
                } => fields.extend([
                    ("number", raw.clone().into()),
                    (
                        "userData",
                        user_data.clone().map_or(Value::Null, Value::Object),
                    ),
                    ("location", location.clone().into()),
                ]),
                DialTarget::PreviewRecord { record } => {
                    fields.push(("record", Value::Object(record.clone())))
                }
            }
            fields
        }
        Intent::Call { call_id, action } => {
            let mut fields = vec![
                ("t", "call".into()),
                ("call", call_id.clone().into()),
                ("op", action.name().into()),
            ];
            match action {
                CallAction::Control(_) => {}
                CallAction::Transfer { destination, .. }
                | CallAction::Conference { destination, .. } => {
                    fields.push(("destination", destination.clone().into()))
                }
                CallAction::RemoveParticipant(p) => fields.push(("party", p.clone().into())),
                CallAction::SendDtmf(d) => fields.push(("digits", d.clone().into())),
                CallAction::AttachUserData(m) | CallAction::UpdateUserData(m) => {
                    fields.push(("data", Value::Object(m.clone())))
                }
                CallAction::DeleteUserDataPair(k) => fields.push(("key", k.clone().into())),
            }
            fields
        }
        Intent::AgentState(action) => {
            vec![("t", "agent".into()), ("op", action.operation().into())]
        }
        Intent::SetAgentState { id } => {
            vec![("t", "agent-state".into()), ("id", id.clone().into())]
        }
        Intent::WrapUp { call_id, code } => vec![
            ("t", "wrap-up".into()),
            ("call", call_id.clone().into()),
            ("code", code.clone().into()),
        ],
        Intent::Offer { id, choice } => vec![
            ("t", "offer".into()),
            ("id", (*id).into()),
            ("choice", choice.name().into()),
        ],
        Intent::SignOut => vec![("t", "sign-out".into())],
        Intent::Dismiss => vec![("t", "dismiss".into())],
        Intent::Resync => vec![("t", "resync".into())],
    };
    obj(fields)
}

// ------------------------------------------------------------------ decoding

fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key)?.as_str().map(str::to_string)
}

/// An optional text: absent or null is `Some(None)`, anything else but text is malformed.
fn opt_text(map: &Map<String, Value>, key: &str) -> Option<Option<String>> {
    match map.get(key) {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(_) => None,
    }
}

/// A message ([`Text::to_value`]): each tab renders it in its own language.
fn message(map: &Map<String, Value>, key: &str) -> Option<Text> {
    Text::from_value(map.get(key)?)
}

/// An optional message: absent or null is `Some(None)`.
fn opt_message(map: &Map<String, Value>, key: &str) -> Option<Option<Text>> {
    match map.get(key) {
        None | Some(Value::Null) => Some(None),
        Some(v) => Text::from_value(v).map(Some),
    }
}

fn flag(map: &Map<String, Value>, key: &str) -> Option<bool> {
    map.get(key)?.as_bool()
}

fn num(map: &Map<String, Value>, key: &str) -> Option<u64> {
    map.get(key)?.as_u64()
}

fn object<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Map<String, Value>> {
    map.get(key)?.as_object()
}

fn list<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Vec<Value>> {
    map.get(key)?.as_array()
}

fn texts(map: &Map<String, Value>, key: &str) -> Option<Vec<String>> {
    list(map, key)?
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// A message for this base URL in this protocol version, or `None`.
pub fn decode(base: &str, raw: &str) -> Option<Envelope> {
    let value: Value = serde_json::from_str(raw).ok()?;
    let map = value.as_object()?;
    if num(map, "v")? != VERSION || map.get("base")?.as_str()? != base {
        return None;
    }
    let from = num(map, "from")?;
    let message = match map.get("type")?.as_str()? {
        "hello" => Message::Hello {
            visible: flag(map, "visible")?,
            focused: flag(map, "focused")?,
        },
        "presence" => Message::Presence {
            visible: flag(map, "visible")?,
            focused: flag(map, "focused")?,
        },
        "bye" => Message::Bye,
        "lead" => Message::Lead,
        "state" => Message::State(Box::new(Published {
            seq: num(map, "seq")?,
            agent: opt_text(map, "agent")?,
            accepts_clicks: flag(map, "clicks")?,
            view: view_from(object(map, "view")?)?,
            calls: list(map, "calls")?
                .iter()
                .map(snapshot_from)
                .collect::<Option<_>>()?,
            stored: opt_text(map, "stored")?,
        })),
        "intent" => Message::Intent {
            agent: opt_text(map, "agent")?,
            id: match map.get("id") {
                None | Some(Value::Null) => None,
                Some(v) => Some(IntentId(v.as_u64()?)),
            },
            intent: intent_from(object(map, "intent")?)?,
        },
        "settle" => {
            let result = object(map, "result")?;
            let result = if let Some(error) = object(result, "error") {
                Err(DeskError::new(
                    ErrorCode::from_name(error.get("code")?.as_str()?)?,
                    message(error, "message")?,
                ))
            } else if let Some(call) = result.get("call") {
                Ok(Settled::Call(Box::new(snapshot_from(call)?)))
            } else if flag(result, "ok")? {
                Ok(Settled::Done)
            } else {
                return None;
            };
            Message::Settle {
                to: num(map, "to")?,
                id: IntentId(num(map, "id")?),
                result,
            }
        }
        "event" => {
            let name = text(map, "name")?;
            if !EVENT_NAMES.contains(&name.as_str()) {
                return None;
            }
            Message::Event {
                to: num(map, "to")?,
                id: num(map, "id")?,
                sent: num(map, "sent")?,
                name,
                detail: map.get("detail")?.clone(),
            }
        }
        "done" => Message::EventDone {
            to: num(map, "to")?,
            id: num(map, "id")?,
        },
        _ => return None,
    };
    Some(Envelope { from, message })
}

fn view_from(map: &Map<String, Value>) -> Option<View> {
    let busy = flag(map, "busy")?;
    let phase = match map.get("phase")?.as_str()? {
        "starting" => Phase::Starting,
        "signed-out" => Phase::SignedOut { busy },
        "active" => Phase::Active,
        _ => return None,
    };
    let agent = match map.get("agent")? {
        Value::Null => None,
        Value::Object(a) => Some(AgentRow {
            name: text(a, "name")?,
            number: text(a, "number")?,
            state: message(a, "state")?,
            status: match a.get("status")?.as_str()? {
                "logged-out" => AgentStatus::LoggedOut,
                "logged-in" => AgentStatus::LoggedIn,
                "ready" => AgentStatus::Ready,
                "not-ready" => AgentStatus::NotReady,
                "after-call-work" => AgentStatus::AfterCallWork,
                "other" => AgentStatus::Other(text(a, "statusText")?),
                _ => return None,
            },
            actions: list(a, "actions")?
                .iter()
                .map(|v| {
                    let op = v.as_str()?;
                    AgentAction::ALL.into_iter().find(|x| x.operation() == op)
                })
                .collect::<Option<_>>()?,
            busy: flag(a, "busy")?,
            choices: list(a, "choices")?
                .iter()
                .map(|v| match v.as_array()?.as_slice() {
                    [Value::String(id), label] => Some(AgentChoice {
                        id: id.clone(),
                        label: Text::from_value(label)?,
                    }),
                    _ => None,
                })
                .collect::<Option<_>>()?,
            since_ms: num(a, "since")?,
            // A leader built before this field (same wire version) does not send it.
            no_choices: flag(a, "noChoices").unwrap_or(false),
        }),
        _ => return None,
    };
    let connection = object(map, "connection")?;
    let level = match connection.get("level")?.as_str()? {
        "off" => Level::Off,
        "ok" => Level::Ok,
        "warn" => Level::Warn,
        "bad" => Level::Bad,
        _ => return None,
    };
    Some(View {
        heading: message(map, "heading")?,
        phase,
        agent,
        connection: ConnectionRow {
            level,
            text: message(connection, "text")?,
        },
        calls: list(map, "calls")?
            .iter()
            .map(|v| call_row_from(v.as_object()?))
            .collect::<Option<_>>()?,
        dial_in_flight: flag(map, "dialing")?,
        error: opt_message(map, "error")?,
        announcement: opt_message(map, "announcement")?,
        recent: list(map, "recent")?
            .iter()
            .map(|v| recent_from(v.as_object()?))
            .collect::<Option<_>>()?,
        dispositions: list(map, "dispositions")?
            .iter()
            .map(pair_from)
            .collect::<Option<_>>()?,
        offer: offer_from(map.get("offer")?)?,
    })
}

fn pair_from(value: &Value) -> Option<(String, String)> {
    match value.as_array()?.as_slice() {
        [Value::String(a), Value::String(b)] => Some((a.clone(), b.clone())),
        _ => None,
    }
}

fn recent_from(map: &Map<String, Value>) -> Option<RecentRow> {
    Some(RecentRow {
        call_id: text(map, "call")?,
        number: text(map, "number")?,
        direction: Direction::from_name(map.get("direction")?.as_str()?)?,
        connected: flag(map, "connected")?,
        started_ms: num(map, "started")?,
        ended_ms: num(map, "ended")?,
        disposition: opt_text(map, "disposition")?,
        wrap_up: flag(map, "wrapUp")?,
    })
}

/// Every `operationName` a call row may list as pending, as the desk spells it.
fn pending_operation(name: &str) -> Option<&'static str> {
    const OTHERS: [&str; 4] = [
        "DeleteUserDataPair",
        "InitiateTransfer",
        "InitiateConference",
        "RemoveParticipantFromConference",
    ];
    Control::from_operation(name)
        .map(|c| c.operation())
        .or_else(|| OTHERS.into_iter().find(|o| *o == name))
}

fn call_row_from(map: &Map<String, Value>) -> Option<CallRow> {
    let pass = list(map, "pass")?;
    if pass.len() != 4 {
        return None;
    }
    Some(CallRow {
        id: text(map, "id")?,
        state: text(map, "state")?,
        state_label: message(map, "label")?,
        other_party: opt_text(map, "party")?,
        started_ms: num(map, "started")?,
        ended_ms: match map.get("ended")? {
            Value::Null => None,
            v => Some(v.as_u64()?),
        },
        user_data: list(map, "data")?
            .iter()
            .map(pair_from)
            .collect::<Option<_>>()?,
        controls: list(map, "controls")?
            .iter()
            .map(|v| Control::from_name(v.as_str()?))
            .collect::<Option<_>>()?,
        pending: list(map, "pending")?
            .iter()
            .map(|v| pending_operation(v.as_str()?))
            .collect::<Option<_>>()?,
        can_dtmf: flag(map, "dtmf")?,
        can_attach: flag(map, "attach")?,
        can_update: flag(map, "update")?,
        can_delete_pair: flag(map, "deletePair")?,
        can_delete_all: flag(map, "deleteAll")?,
        released: flag(map, "released")?,
        muted: flag(map, "muted")?,
        parties: texts(map, "parties")?,
        can_remove_party: flag(map, "removeParty")?,
        can_transfer: pass.first()?.as_bool()?,
        can_consult_transfer: pass.get(1)?.as_bool()?,
        can_conference: pass.get(2)?.as_bool()?,
        can_consult_conference: pass.get(3)?.as_bool()?,
        consult_for: match map.get("consultFor") {
            None | Some(Value::Null) => None,
            Some(v) => Some(match v.as_array()?.as_slice() {
                [] => None,
                [Value::String(party)] => Some(party.clone()),
                _ => return None,
            }),
        },
    })
}

/// A call snapshot as `CallSnapshot`'s `Serialize` writes it.
pub fn snapshot_from(value: &Value) -> Option<CallSnapshot> {
    let map = value.as_object()?;
    Some(CallSnapshot {
        id: text(map, "id")?,
        state: text(map, "state")?,
        call_uuid: opt_text(map, "callUuid")?,
        call_type: opt_text(map, "callType")?,
        other_party: opt_text(map, "otherParty")?,
        extension: opt_text(map, "extension")?,
        participants: texts(map, "participants")?,
        user_data: object(map, "userData")?.clone(),
        capabilities: texts(map, "capabilities")?,
        muted: flag(map, "muted")?,
    })
}

fn intent_from(map: &Map<String, Value>) -> Option<Intent> {
    Some(match map.get("t")?.as_str()? {
        "sign-in" => Intent::SignIn {
            user: text(map, "user")?,
            password: text(map, "password")?,
        },
        "dial" => {
            let source = match map.get("source")? {
                Value::String(s) if s == "api" => DialSource::Api,
                Value::Object(o) => match (num(o, "click"), num(o, "widget")) {
                    (Some(n), None) => DialSource::Click {
                        detail: u32::try_from(n).ok()?,
                    },
                    (None, Some(n)) => DialSource::Widget {
                        detail: u32::try_from(n).ok()?,
                    },
                    _ => return None,
                },
                _ => return None,
            };
            let target = if let Some(record) = object(map, "record") {
                DialTarget::PreviewRecord {
                    record: record.clone(),
                }
            } else {
                DialTarget::Number {
                    raw: text(map, "number")?,
                    user_data: match map.get("userData") {
                        None | Some(Value::Null) => None,
                        Some(Value::Object(m)) => Some(m.clone()),
                        Some(_) => return None,
                    },
                    location: opt_text(map, "location")?,
                }
            };
            Intent::Dial(DialIntent { target, source })
        }
        "call" => {
            let op = map.get("op")?.as_str()?;
            let action = match op {
                "SendDtmf" if map.contains_key("digits") => {
                    CallAction::SendDtmf(text(map, "digits")?)
                }
                "AttachUserData" if map.contains_key("data") => {
                    CallAction::AttachUserData(object(map, "data")?.clone())
                }
                "UpdateUserData" if map.contains_key("data") => {
                    CallAction::UpdateUserData(object(map, "data")?.clone())
                }
                "DeleteUserDataPair" => CallAction::DeleteUserDataPair(text(map, "key")?),
                "SingleStepTransfer" | "InitiateTransfer" if map.contains_key("destination") => {
                    CallAction::Transfer {
                        destination: text(map, "destination")?,
                        consult: op == "InitiateTransfer",
                    }
                }
                "SingleStepConference" | "InitiateConference"
                    if map.contains_key("destination") =>
                {
                    CallAction::Conference {
                        destination: text(map, "destination")?,
                        consult: op == "InitiateConference",
                    }
                }
                "RemoveParticipantFromConference" => {
                    CallAction::RemoveParticipant(text(map, "party")?)
                }
                other => CallAction::Control(Control::from_name(other)?),
            };
            Intent::Call {
                call_id: opt_text(map, "call")?,
                action,
            }
        }
        "agent" => {
            let op = map.get("op")?.as_str()?;
            Intent::AgentState(AgentAction::ALL.into_iter().find(|a| a.operation() == op)?)
        }
        "agent-state" => Intent::SetAgentState {
            id: text(map, "id")?,
        },
        "wrap-up" => Intent::WrapUp {
            call_id: text(map, "call")?,
            code: opt_text(map, "code")?,
        },
        "offer" => Intent::Offer {
            id: num(map, "id")?,
            choice: OfferChoice::from_name(map.get("choice")?.as_str()?)?,
        },
        "sign-out" => Intent::SignOut,
        "dismiss" => Intent::Dismiss,
        "resync" => Intent::Resync,
        _ => return None,
    })
}
