//! Serialisation of resources and notification bodies in the real server's shapes
//! (see shared/fixtures/gws-8.5-captures): object-form participants, uri/path, metrics, …

use super::agents::{AgentState, STATE_ID_OFFLINE};
use super::{CallState, Leg, Party, ReleasedCall, World, capabilities};
use crate::json::{JsonObj, KvList, raw_array};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

const VOICE_ENVIRONMENT: &str = "c7762494-2bde-4dcc-8355-0c6cc79ad250";

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// `metrics.eventProcessing` as 8.5.2+ servers add to every message.
pub fn metrics(started: Instant) -> String {
    write_metrics(JsonObj::new(), started).finish()
}

/// The fields of [`metrics`] written into `o`.
fn write_metrics(o: JsonObj, started: Instant) -> JsonObj {
    let nanos = started.elapsed().as_nanos().max(1) as u64;
    o.object("eventProcessing", |o| {
        o.field("nodeProcessingTimeNanos", &nanos)
            .field("serverGenerationTimestamp", &now_ms())
            .field("serverProcessingTimeTotalMs", &(nanos / 1_000_000))
    })
}

pub fn user_state_json(state: &AgentState) -> String {
    match state {
        AgentState::LoggedOut => JsonObj::new()
            .field("id", STATE_ID_OFFLINE)
            .field("displayName", "Offline")
            .field("state", "LoggedOut")
            .finish(),
        AgentState::LoggedIn => JsonObj::new().field("state", "LoggedIn").finish(),
        AgentState::Set(v) => JsonObj::new()
            .field("id", &v.id)
            .field("displayName", &v.display_name)
            .field("state", v.state)
            .field_opt("workMode", v.work_mode.as_ref())
            .field_opt("reason", v.reason.as_ref())
            .finish(),
    }
}

/// `GET /api/v2/settings/agent-states` entries (reference §4.2).
pub fn agent_states_json(world: &World) -> String {
    raw_array(world.cfg.agent_states.iter().enumerate().map(|(i, s)| {
        JsonObj::new()
            .field("id", &world.agent_state_id(i))
            .field("operationName", &s.operation_name)
            .field("displayName", &s.display_name)
            .field("state", &s.state)
            .field_opt("workMode", s.work_mode.as_ref())
            .field_opt("reason", s.reason.as_ref())
            .finish()
    }))
}

/// `GET /internal-api/business-attributes` entries (DOC HTCC 8.5.0 InternalAPIBA): the
/// dispositions as the values of `DispositionCode`.
pub fn business_attributes_json(world: &World) -> String {
    let values = raw_array(world.cfg.dispositions.iter().map(|d| {
        JsonObj::new()
            .field("name", &d.name)
            .field("displayName", d.display_name.as_ref().unwrap_or(&d.name))
            .field("description", &d.description)
            .finish()
    }));
    raw_array([JsonObj::new()
        .field("name", gws_protocol::DISPOSITION_ATTRIBUTE)
        .field("displayName", "Disposition Code")
        .field(
            "description",
            "Call result codes chosen by the agent at wrap-up",
        )
        .raw("values", values)
        .finish()])
}

pub fn device_json(world: &World, agent: usize) -> String {
    let a = &world.agents[agent];
    JsonObj::new()
        .field("id", &a.device_id)
        .field("deviceState", "Active")
        .raw("userState", user_state_json(&a.state))
        .field("phoneNumber", &a.dn)
        .field("description", "")
        .field("e164Number", "")
        .field("telephonyNetwork", "Private")
        .field("doNotDisturb", if a.dnd { "On" } else { "Off" })
        .field_opt("forwardTo", a.forward_to.as_ref())
        .field(
            "voiceEnvironmentUri",
            &format!(
                "{}/api/v2/voice-environments/{VOICE_ENVIRONMENT}",
                world.base_url
            ),
        )
        .field("capabilities", &a.device_capabilities())
        .field("channels", &["voice"])
        .field("dynamicPhoneNumber", "")
        .finish()
}

pub fn device_uri(world: &World, agent: usize) -> String {
    format!(
        "{}/api/v2/devices/{}",
        world.base_url, world.agents[agent].device_id
    )
}

pub fn call_uri(world: &World, call_id: &str) -> String {
    format!("{}/api/v2/me/calls/{call_id}", world.base_url)
}

fn participant_fields(o: JsonObj, number: &str) -> JsonObj {
    o.field("e164Number", "")
        .field("formattedPhoneNumber", number)
        .field("phoneNumber", number)
        .field("digits", number)
}

/// The numbers of everybody else on the leg's connection.
pub fn participants(world: &World, leg: &Leg) -> Vec<String> {
    participant_numbers(world, leg)
        .map(str::to_string)
        .collect()
}

/// [`participants`] without copying the numbers.
fn participant_numbers<'a>(world: &'a World, leg: &'a Leg) -> impl Iterator<Item = &'a str> {
    world
        .conns
        .get(&leg.conn)
        .into_iter()
        .flat_map(|conn| conn.parties.iter())
        .filter_map(|p| match p {
            Party::Agent { leg: id, .. } if *id == leg.id => None,
            Party::Agent { agent, .. } => Some(world.agents[*agent].dn.as_str()),
            Party::External { number, .. } => Some(number.as_str()),
        })
}

pub fn call_json(world: &World, leg: &Leg) -> String {
    write_call(JsonObj::new(), world, leg).finish()
}

/// The fields of [`call_json`] written into `o`.
fn write_call(o: JsonObj, world: &World, leg: &Leg) -> JsonObj {
    let conn = world.conns.get(&leg.conn);
    call_fields(
        o,
        world,
        leg,
        participant_numbers(world, leg),
        conn.map(|c| &c.user_data),
    )
}

/// A released call kept for after-call data: `Released`, no capabilities, its last
/// participants and its attached data.
pub fn released_call_json(world: &World, call: &ReleasedCall) -> String {
    write_released_call(JsonObj::new(), world, call).finish()
}

fn write_released_call(o: JsonObj, world: &World, call: &ReleasedCall) -> JsonObj {
    call_fields(
        o,
        world,
        &call.leg,
        call.participants.iter().map(String::as_str),
        Some(&call.user_data),
    )
}

fn call_fields<'a>(
    o: JsonObj,
    world: &World,
    leg: &Leg,
    participants: impl Iterator<Item = &'a str>,
    user_data: Option<&KvList>,
) -> JsonObj {
    let caps = capabilities::for_leg(world, leg);
    let duration = leg
        .established_at
        .map(|t| t.elapsed().as_secs())
        .unwrap_or(0)
        .to_string();
    let device_id = &world.agents[leg.agent].device_id;
    let mut obj = o
        .field("id", &leg.id)
        .field("state", leg.state.as_str())
        .field("callUuid", &leg.id)
        .field("connId", &leg.conn)
        .field_concat(
            "deviceUri",
            &[&world.base_url, "/api/v2/devices/", device_id],
        )
        .objects("participants", participants, participant_fields)
        .field("dnis", &leg.dnis)
        .field_opt("ani", leg.ani.as_ref())
        .field("callType", leg.call_type)
        .field("capabilities", &caps);
    if let Some(d) = user_data.filter(|d| !d.is_empty()) {
        obj = obj.raw("userData", d.to_json());
    }
    obj = obj
        .field("duration", &duration)
        .field("mute", if leg.muted { "On" } else { "Off" })
        .field_opt("recordingState", leg.recording.as_ref())
        .field("supervisorListeningIn", &false)
        .field("monitoredUserMuted", &false)
        .field("monitoring", &false)
        .field_concat("uri", &[&world.base_url, "/api/v2/me/calls/", &leg.id])
        .field_concat("path", &["/calls/", &leg.id]);
    if let Some((parent, _)) = &leg.consult_of {
        obj = obj
            .field_concat(
                "parentCallUri",
                &[&world.base_url, "/api/v2/me/calls/", parent],
            )
            .field_concat("parentCallPath", &["/calls/", parent]);
    }
    if leg.established_at.is_some() && leg.state != CallState::Released {
        obj = obj.raw_str("case", "[]");
    }
    obj
}

/// `CallStateChangeMessage` data. `extensions` is sent on status changes, not on data changes.
pub fn call_state_message(
    world: &World,
    leg: &Leg,
    notification_type: &str,
    extra: Option<(&str, String)>,
) -> String {
    let started = Instant::now();
    let with_extensions = matches!(notification_type, "StatusChange" | "ParticipantsUpdated");
    // About 1.1 KB for a two-party call: one allocation.
    let mut obj = JsonObj::with_capacity(2048)
        .field("notificationType", notification_type)
        .object("call", |o| write_call(o, world, leg))
        .field("phoneNumber", &world.agents[leg.agent].dn);
    if let Some((k, v)) = extra {
        obj = obj.raw(k, v);
    }
    if with_extensions {
        let ext = world
            .conns
            .get(&leg.conn)
            .and_then(|c| c.extensions.as_deref())
            .unwrap_or(r#"{"BusinessCall":1,"WrapUpTime":0}"#);
        obj = obj.raw_str("extensions", ext);
    }
    obj.field("messageType", "CallStateChangeMessage")
        .object("metrics", |o| write_metrics(o, started))
        .finish()
}

/// `CallStateChangeMessage` data for a released call kept for after-call data.
pub fn released_call_message(
    world: &World,
    call: &ReleasedCall,
    notification_type: &str,
) -> String {
    let started = Instant::now();
    JsonObj::with_capacity(2048)
        .field("notificationType", notification_type)
        .object("call", |o| write_released_call(o, world, call))
        .field("phoneNumber", &world.agents[call.leg.agent].dn)
        .field("messageType", "CallStateChangeMessage")
        .object("metrics", |o| write_metrics(o, started))
        .finish()
}

pub fn device_state_message(world: &World, agent: usize) -> String {
    let started = Instant::now();
    JsonObj::new()
        .raw("devices", raw_array([device_json(world, agent)]))
        .field("messageType", "DeviceStateChangeMessage")
        .raw("metrics", metrics(started))
        .finish()
}

/// Asynchronous failure of an accepted request (reference §4.5; `errorCode` is a T-Lib code).
pub fn error_message(
    world: &World,
    agent: usize,
    error_code: i64,
    text: &str,
    call_id: Option<&str>,
) -> String {
    let started = Instant::now();
    let device_id = &world.agents[agent].device_id;
    JsonObj::new()
        .field("messageType", "ErrorMessage")
        .field("errorCode", &error_code)
        .field("errorMessage", text)
        .raw("metrics", metrics(started))
        .field("devicePath", &format!("/devices/{device_id}"))
        .field("deviceUri", &device_uri(world, agent))
        .field_opt("callUri", call_id.map(|c| call_uri(world, c)).as_ref())
        .finish()
}

pub fn user_json(world: &World, agent: usize) -> JsonObj {
    let a = &world.agents[agent];
    JsonObj::new()
        .field("id", &a.user_id)
        .field("userName", &a.username)
        .field("firstName", &a.first_name)
        .field("lastName", &a.last_name)
        .field("emailAddress", "")
        .field("roles", &["ROLE_AGENT"])
        .field("enabled", &true)
        .field("changePasswordOnFirstLogin", &false)
        .field("contactCenterId", "6d7466c8-6a21-4e64-b51e-0308e34995ec")
        .field(
            "uri",
            &format!("{}/api/v2/users/{}", world.base_url, a.user_id),
        )
        .field("path", &format!("/users/{}", a.user_id))
}

pub fn features_json(world: &World) -> String {
    let feature = |id: &str, name: &str, desc: &str| {
        JsonObj::new()
            .field("id", id)
            .field("displayName", name)
            .field("description", desc)
            .field("autoAssignOnContactCenterCreate", &true)
            .field("uri", &format!("{}/api/v2/features/{id}", world.base_url))
            .field("path", &format!("/features/{id}"))
            .finish()
    };
    raw_array([
        feature("api-voice", "Voice API", "API for Voice"),
        feature(
            "api-voice-outbound",
            "Voice API Outbound",
            "API for Outbound",
        ),
        feature(
            "api-voice-recording",
            "Voice API Recording",
            "API for call recording control",
        ),
    ])
}
