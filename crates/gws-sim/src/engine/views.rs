//! Serialisation of resources and notification bodies in the real server's shapes
//! (see shared/fixtures/gws-8.5-captures): object-form participants, uri/path, metrics, …

use super::agents::{
    AgentState, STATE_ID_ACW, STATE_ID_NOT_READY, STATE_ID_OFFLINE, STATE_ID_READY,
};
use super::{CallState, Leg, Party, World, capabilities};
use crate::json::{JsonObj, raw_array};
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
    let nanos = started.elapsed().as_nanos().max(1) as u64;
    JsonObj::new()
        .raw(
            "eventProcessing",
            JsonObj::new()
                .field("nodeProcessingTimeNanos", &nanos)
                .field("serverGenerationTimestamp", &now_ms())
                .field("serverProcessingTimeTotalMs", &(nanos / 1_000_000))
                .finish(),
        )
        .finish()
}

pub fn user_state_json(state: &AgentState) -> String {
    let s = |id: &str, name: &str, st: &str| {
        JsonObj::new()
            .field("id", id)
            .field("displayName", name)
            .field("state", st)
    };
    match state {
        AgentState::LoggedOut => s(STATE_ID_OFFLINE, "Offline", "LoggedOut").finish(),
        AgentState::LoggedIn => JsonObj::new().field("state", "LoggedIn").finish(),
        AgentState::Ready { work_mode } => s(STATE_ID_READY, "Ready", "Ready")
            .field_opt("workMode", work_mode.as_ref())
            .finish(),
        AgentState::NotReady { reason, work_mode } => {
            s(STATE_ID_NOT_READY, "Not Ready", "NotReady")
                .field_opt("workMode", work_mode.as_ref())
                .field_opt("reason", reason.as_ref())
                .finish()
        }
        AgentState::AfterCallWork => s(STATE_ID_ACW, "AfterCallWork", "NotReady")
            .field("workMode", "AfterCallWork")
            .finish(),
    }
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

fn participant_json(number: &str) -> String {
    JsonObj::new()
        .field("e164Number", "")
        .field("formattedPhoneNumber", number)
        .field("phoneNumber", number)
        .field("digits", number)
        .finish()
}

/// The numbers of everybody else on the leg's connection.
pub fn participants(world: &World, leg: &Leg) -> Vec<String> {
    let Some(conn) = world.conns.get(&leg.conn) else {
        return vec![];
    };
    conn.parties
        .iter()
        .filter_map(|p| match p {
            Party::Agent { leg: id, .. } if *id == leg.id => None,
            Party::Agent { agent, .. } => Some(world.agents[*agent].dn.clone()),
            Party::External { number, .. } => Some(number.clone()),
        })
        .collect()
}

pub fn call_json(world: &World, leg: &Leg) -> String {
    let conn = world.conns.get(&leg.conn);
    let caps = capabilities::for_leg(world, leg);
    let duration = leg
        .established_at
        .map(|t| t.elapsed().as_secs())
        .unwrap_or(0)
        .to_string();
    let mut obj = JsonObj::new()
        .field("id", &leg.id)
        .field("state", leg.state.as_str())
        .field("callUuid", &leg.id)
        .field("connId", &leg.conn)
        .field("deviceUri", &device_uri(world, leg.agent))
        .raw(
            "participants",
            raw_array(participants(world, leg).iter().map(|n| participant_json(n))),
        )
        .field("dnis", &leg.dnis)
        .field_opt("ani", leg.ani.as_ref())
        .field("callType", leg.call_type)
        .field("capabilities", &caps);
    if let Some(c) = conn.filter(|c| !c.user_data.is_empty()) {
        obj = obj.raw("userData", c.user_data.to_json());
    }
    obj = obj
        .field("duration", &duration)
        .field("mute", if leg.muted { "On" } else { "Off" })
        .field_opt("recordingState", leg.recording.as_ref())
        .field("supervisorListeningIn", &false)
        .field("monitoredUserMuted", &false)
        .field("monitoring", &false)
        .field("uri", &call_uri(world, &leg.id))
        .field("path", &format!("/calls/{}", leg.id));
    if let Some((parent, _)) = &leg.consult_of {
        obj = obj
            .field("parentCallUri", &call_uri(world, parent))
            .field("parentCallPath", &format!("/calls/{parent}"));
    }
    if leg.established_at.is_some() && leg.state != CallState::Released {
        obj = obj.raw("case", "[]".to_string());
    }
    obj.finish()
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
    let mut obj = JsonObj::new()
        .field("notificationType", notification_type)
        .raw("call", call_json(world, leg))
        .field("phoneNumber", &world.agents[leg.agent].dn);
    if let Some((k, v)) = extra {
        obj = obj.raw(k, v);
    }
    if with_extensions {
        let ext = world
            .conns
            .get(&leg.conn)
            .and_then(|c| c.extensions.clone())
            .unwrap_or_else(|| r#"{"BusinessCall":1,"WrapUpTime":0}"#.to_string());
        obj = obj.raw("extensions", ext);
    }
    obj.field("messageType", "CallStateChangeMessage")
        .raw("metrics", metrics(started))
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
