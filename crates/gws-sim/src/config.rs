//! Simulator configuration: the contact centre (agents, external numbers, campaigns) and the
//! behaviour knobs (delays, CometD timeouts). Loaded from TOML; every field has a default so a
//! config file only needs what it changes. Errors name the offending field.

use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SimConfig {
    /// Base URL written into `uri` fields; defaults to `http://<listen address>`.
    pub public_url: Option<String>,
    pub csrf: bool,
    pub websocket: bool,
    /// Origins allowed by CORS (exact, or with a `*.` host wildcard like `http://*.example.com`).
    pub allowed_origins: Vec<String>,
    /// Token that opens the admin page and API to non-loopback clients (`--admin-token`).
    pub admin_token: Option<String>,
    /// Session cookies `SameSite=None; Secure` (browsers reach the simulator over TLS, e.g.
    /// through a TLS-terminating proxy) instead of `SameSite=Lax` (`--secure-cookies`; implied by
    /// an `https://` `public_url`).
    pub secure_cookies: bool,
    pub version: String,
    pub timing: Timing,
    pub capabilities: CapabilityOptions,
    pub agents: Vec<AgentConfig>,
    pub numbers: Vec<NumberRule>,
    pub campaigns: Vec<CampaignConfig>,
    /// The agent states served by `GET /api/v2/settings/agent-states` (reference §4.2): WWE's
    /// five (Not Ready, Offline, AfterCallWork, Ready, AuxWork) and Not Ready reasons by default.
    /// `Ready`, `NotReady` and `AfterCallWork` are accepted even when not listed.
    pub agent_states: Vec<AgentStateConfig>,
    /// The dispositions, served as the values of the `DispositionCode` business attribute by
    /// `GET /internal-api/business-attributes` (reference §8).
    pub dispositions: Vec<DispositionConfig>,
}

/// One entry of the agent-state list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentStateConfig {
    /// The state's id (shown in the device's `userState.id`); generated when absent.
    #[serde(default)]
    pub id: Option<String>,
    /// What a client posts to `/api/v2/me/channels/voice` to enter the state.
    pub operation_name: String,
    #[serde(default)]
    pub display_name: String,
    /// `Ready`, `NotReady` or `Logout` (the device then reports `LoggedOut`).
    pub state: String,
    #[serde(default)]
    pub work_mode: Option<String>,
    /// A Not Ready reason (with `operation_name = "NotReady"`).
    #[serde(default)]
    pub reason: Option<String>,
}

/// One disposition code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DispositionConfig {
    /// The value attached to the call (`userData.DispositionCode`).
    pub name: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Timing {
    /// Delay between the HTTP reply and its CometD notifications (the real server takes ~100 ms).
    pub notification_delay_ms: u64,
    /// Default time before an external number answers / is found busy / unreachable.
    pub answer_delay_ms: u64,
    /// How long an unanswered external call rings before it is released (outcome `no_answer`).
    pub no_answer_ms: u64,
    /// CometD `advice.timeout`: how long a /meta/connect is held.
    pub cometd_timeout_ms: u64,
    /// A client that has not polled for this long (after its last connect finished) is expired.
    pub cometd_max_interval_ms: u64,
    /// Bound of each CometD client's queue; a client whose queue overflows is disconnected
    /// (402, advice handshake: it must handshake again), never silently thinned.
    pub cometd_queue_limit: usize,
    /// Largest accepted request body (REST and CometD long-polling POSTs, admin API) and
    /// CometD WebSocket message: 64 KiB by default. Larger ones get HTTP 413, statusCode 10
    /// (a WebSocket is closed with 1009 "message too big").
    pub max_body_bytes: usize,
    /// How long a released call's attached data can still be changed (UpdateUserData &co on
    /// the released call: the wrap-up window for dispositions); 0 turns it off.
    pub after_call_data_ms: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CapabilityOptions {
    /// Offer MuteCall/UnmuteCall on established calls (switch-dependent on a real server).
    pub mute: bool,
    /// Offer StartCallRecording & co. (needs the `api-voice-recording` feature on a real server).
    pub recording: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentConfig {
    pub username: String,
    pub password: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    /// The device (DN) number, e.g. "5001".
    pub dn: String,
    /// Device id used in `/api/v2/me/devices/{id}`; generated when absent.
    #[serde(default)]
    pub device_id: Option<String>,
    /// User id; generated when absent.
    #[serde(default)]
    pub user_id: Option<String>,
    /// Place name (informational; StartContactCenterSession accepts any place).
    #[serde(default)]
    pub place: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The far end answers after the delay.
    Answer,
    /// Busy: released after the delay.
    Busy,
    /// Rings until `no_answer_ms`, then released.
    NoAnswer,
    /// Unknown/invalid number: released after the delay with an ErrorMessage.
    Invalid,
    /// Rings until someone ends it (admin "answer as far end" / "end from far side").
    Manual,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberRule {
    /// Exact number, or a prefix ending in `*` ("900*"); `*` alone matches everything.
    pub pattern: String,
    pub outcome: Outcome,
    /// Overrides `timing.answer_delay_ms` for this rule.
    #[serde(default)]
    pub delay_ms: Option<u64>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignConfig {
    pub name: String,
    #[serde(default = "default_application_id")]
    pub application_id: i64,
    #[serde(default)]
    pub group_name: Option<String>,
    #[serde(default = "default_calling_list")]
    pub calling_list: String,
    #[serde(default)]
    pub records: Vec<RecordConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordConfig {
    pub record_handle: i64,
    pub phone_number: String,
    /// Extra contact fields, delivered in the record's userData.
    #[serde(default)]
    pub fields: serde_json::Map<String, serde_json::Value>,
}

fn default_application_id() -> i64 {
    134
}
fn default_calling_list() -> String {
    "CallingList1".to_string()
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            notification_delay_ms: 20,
            answer_delay_ms: 1500,
            no_answer_ms: 15_000,
            cometd_timeout_ms: 30_000,
            cometd_max_interval_ms: 10_000,
            cometd_queue_limit: 1000,
            max_body_bytes: 64 * 1024,
            after_call_data_ms: 120_000,
        }
    }
}

impl Default for CapabilityOptions {
    fn default() -> Self {
        CapabilityOptions {
            mute: true,
            recording: false,
        }
    }
}

impl Default for SimConfig {
    /// The built-in demo contact centre.
    fn default() -> Self {
        let agent = |u: &str, first: &str, last: &str, dn: &str, dev: &str| AgentConfig {
            username: u.to_string(),
            password: "password".to_string(),
            first_name: first.to_string(),
            last_name: last.to_string(),
            dn: dn.to_string(),
            device_id: Some(dev.to_string()),
            user_id: None,
            place: Some(format!("Place_{dn}")),
        };
        let rule = |p: &str, o: Outcome, d: &str| NumberRule {
            pattern: p.to_string(),
            outcome: o,
            delay_ms: None,
            description: d.to_string(),
        };
        let record = |h: i64, phone: &str, name: &str| RecordConfig {
            record_handle: h,
            phone_number: phone.to_string(),
            fields: serde_json::json!({"FirstName": name, "AccountNumber": format!("ACC-{h}")})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        };
        SimConfig {
            public_url: None,
            csrf: true,
            websocket: true,
            allowed_origins: vec![],
            admin_token: None,
            secure_cookies: false,
            version: "8.5.202.96".to_string(),
            timing: Timing::default(),
            capabilities: CapabilityOptions::default(),
            agents: vec![
                agent(
                    "agent1",
                    "Alice",
                    "Agent",
                    "5001",
                    "d5001-0000-4000-8000-000000005001",
                ),
                agent(
                    "agent2",
                    "Bob",
                    "Agent",
                    "5002",
                    "d5002-0000-4000-8000-000000005002",
                ),
                agent(
                    "agent3",
                    "Carol",
                    "Agent",
                    "5003",
                    "d5003-0000-4000-8000-000000005003",
                ),
                agent(
                    "supervisor",
                    "Sam",
                    "Supervisor",
                    "5009",
                    "d5009-0000-4000-8000-000000005009",
                ),
            ],
            numbers: vec![
                rule("5550100", Outcome::Busy, "always busy"),
                rule("5550101", Outcome::NoAnswer, "rings, nobody answers"),
                rule("5550102", Outcome::Invalid, "invalid number"),
                rule(
                    "5550199",
                    Outcome::Manual,
                    "rings until answered from the admin page",
                ),
                rule("*", Outcome::Answer, "any other number answers"),
            ],
            campaigns: vec![CampaignConfig {
                name: "Campaign1".to_string(),
                application_id: 134,
                group_name: Some("Campaign1@AgentGroup1".to_string()),
                calling_list: "CallingList1".to_string(),
                records: vec![
                    record(431, "5550123", "Dana"),
                    record(432, "5550124", "Eli"),
                    record(433, "5550125", "Fran"),
                ],
            }],
            agent_states: default_agent_states(),
            dispositions: default_dispositions(),
        }
    }
}

/// WWE's agent states (reference §4.2, in the order of its settings) and Not Ready reasons
/// (DOC `HTCC/8.5.1/API/QueryAgentState`: reason "Lunch", "Out to Lunch", work mode AuxWork).
fn default_agent_states() -> Vec<AgentStateConfig> {
    let s =
        |id: &str, op: &str, name: &str, state: &str, wm: Option<&str>, reason: Option<&str>| {
            AgentStateConfig {
                id: Some(id.to_string()),
                operation_name: op.to_string(),
                display_name: name.to_string(),
                state: state.to_string(),
                work_mode: wm.map(str::to_string),
                reason: reason.map(str::to_string),
            }
        };
    vec![
        s(
            "900D55CC-2BB0-431F-8BF9-D3525B383BE6",
            "NotReady",
            "Not Ready",
            "NotReady",
            None,
            None,
        ),
        s(
            "0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB",
            "Offline",
            "Offline",
            "Logout",
            None,
            None,
        ),
        s(
            "D3663509-3D82-4DD3-A82E-2EA8EFA02AEF",
            "AfterCallWork",
            "AfterCallWork",
            "NotReady",
            Some("AfterCallWork"),
            None,
        ),
        s(
            "9430250E-0A1B-421F-B372-F29E69366DED",
            "Ready",
            "Ready",
            "Ready",
            None,
            None,
        ),
        s(
            "2B36138D-C564-4562-A8CB-3C32D564F296",
            "AuxWork",
            "AuxWork",
            "NotReady",
            Some("AuxWork"),
            None,
        ),
        s(
            "6A4C1E2B-7D3F-4B8A-9C5E-1F2A3B4C5D01",
            "NotReady",
            "Out to Lunch",
            "NotReady",
            Some("AuxWork"),
            Some("Lunch"),
        ),
        s(
            "6A4C1E2B-7D3F-4B8A-9C5E-1F2A3B4C5D02",
            "NotReady",
            "Break",
            "NotReady",
            Some("AuxWork"),
            Some("Break"),
        ),
        s(
            "6A4C1E2B-7D3F-4B8A-9C5E-1F2A3B4C5D03",
            "NotReady",
            "Training",
            "NotReady",
            Some("AuxWork"),
            Some("Training"),
        ),
    ]
}

fn default_dispositions() -> Vec<DispositionConfig> {
    let d = |name: &str, display: &str, description: &str| DispositionConfig {
        name: name.to_string(),
        display_name: Some(display.to_string()),
        description: description.to_string(),
    };
    vec![
        d("Resolved", "Resolved", "The caller's request was handled"),
        d(
            "CallbackRequested",
            "Callback requested",
            "Call the customer back",
        ),
        d("Sale", "Sale", "The customer bought something"),
        d("NoSale", "No sale", "The customer did not buy"),
        d("WrongNumber", "Wrong number", "Not the intended party"),
    ]
}

impl SimConfig {
    pub fn from_toml_str(text: &str) -> Result<SimConfig, String> {
        let config: SimConfig = toml::from_str(text).map_err(|e| format!("invalid config: {e}"))?;
        config.validate()?;
        Ok(config)
    }

    pub fn from_file(path: &Path) -> Result<SimConfig, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read config file {}: {e}", path.display()))?;
        Self::from_toml_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Semantic checks serde cannot express; each message names the field.
    pub fn validate(&self) -> Result<(), String> {
        if self.agents.is_empty() {
            return Err("agents: at least one agent is required".into());
        }
        let mut names = HashSet::new();
        let mut dns = HashSet::new();
        let mut devices = HashSet::new();
        for (i, a) in self.agents.iter().enumerate() {
            if a.username.trim().is_empty() {
                return Err(format!("agents[{i}].username: must not be empty"));
            }
            if !names.insert(a.username.as_str()) {
                return Err(format!(
                    "agents[{i}].username: duplicate user name '{}'",
                    a.username
                ));
            }
            if a.dn.is_empty() || !a.dn.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!("agents[{i}].dn: '{}' must be digits only", a.dn));
            }
            if !dns.insert(a.dn.as_str()) {
                return Err(format!("agents[{i}].dn: duplicate DN '{}'", a.dn));
            }
            if let Some(d) = &a.device_id {
                if d.is_empty() || d.contains('/') {
                    return Err(format!(
                        "agents[{i}].device_id: '{d}' must be non-empty, without '/'"
                    ));
                }
                if !devices.insert(d.as_str()) {
                    return Err(format!("agents[{i}].device_id: duplicate device id '{d}'"));
                }
            }
        }
        for (i, r) in self.numbers.iter().enumerate() {
            if r.pattern.is_empty() {
                return Err(format!("numbers[{i}].pattern: must not be empty"));
            }
            if r.pattern
                .strip_suffix('*')
                .unwrap_or(&r.pattern)
                .contains('*')
            {
                return Err(format!(
                    "numbers[{i}].pattern: '*' is only allowed at the end"
                ));
            }
        }
        for (i, c) in self.campaigns.iter().enumerate() {
            if c.name.is_empty() || c.name.contains('/') {
                return Err(format!(
                    "campaigns[{i}].name: must be non-empty, without '/'"
                ));
            }
        }
        let mut state_ids = HashSet::new();
        let mut state_keys = HashSet::new();
        for (i, s) in self.agent_states.iter().enumerate() {
            let op = s.operation_name.as_str();
            if op.is_empty() || !op.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!(
                    "agent_states[{i}].operation_name: '{op}' must be non-empty letters and digits"
                ));
            }
            if !["Ready", "NotReady", "Logout"].contains(&s.state.as_str()) {
                return Err(format!(
                    "agent_states[{i}].state: '{}' must be Ready, NotReady or Logout",
                    s.state
                ));
            }
            let expected = match op {
                "Ready" => Some("Ready"),
                "NotReady" | "AfterCallWork" => Some("NotReady"),
                _ => None,
            };
            if let Some(e) = expected.filter(|e| *e != s.state) {
                return Err(format!(
                    "agent_states[{i}].state: operation '{op}' enters state {e}, not '{}'",
                    s.state
                ));
            }
            if s.reason.is_some() && op != "NotReady" {
                return Err(format!(
                    "agent_states[{i}].reason: only NotReady states have a reason"
                ));
            }
            if let Some(id) = &s.id
                && (id.is_empty() || !state_ids.insert(id.as_str()))
            {
                return Err(format!(
                    "agent_states[{i}].id: '{id}' must be non-empty and unique"
                ));
            }
            if !state_keys.insert((op, s.reason.as_deref())) {
                return Err(format!(
                    "agent_states[{i}]: operation '{op}'{} is listed twice",
                    s.reason
                        .as_deref()
                        .map(|r| format!(" with reason '{r}'"))
                        .unwrap_or_default()
                ));
            }
        }
        let mut disposition_names = HashSet::new();
        for (i, d) in self.dispositions.iter().enumerate() {
            if d.name.trim().is_empty() || !disposition_names.insert(d.name.as_str()) {
                return Err(format!(
                    "dispositions[{i}].name: '{}' must be non-empty and unique",
                    d.name
                ));
            }
        }
        if let Some(url) = &self.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(format!(
                "public_url: '{url}' must start with http:// or https://"
            ));
        }
        for (i, o) in self.allowed_origins.iter().enumerate() {
            if o.trim() == "*" {
                return Err(format!(
                    "allowed_origins[{i}]: '*' by itself is not permitted (as on GWS); name the origin, or use a domain wildcard such as http://*.example.com"
                ));
            }
        }
        if let Some(t) = &self.admin_token
            && (t.is_empty() || !t.bytes().all(|b| b.is_ascii_graphic()))
        {
            return Err(
                "admin_token: must be non-empty printable ASCII without spaces (it is sent in an HTTP header)"
                    .into(),
            );
        }
        if self.timing.cometd_timeout_ms == 0 {
            return Err("timing.cometd_timeout_ms: must be greater than 0".into());
        }
        Ok(())
    }

    /// Session cookies for browsers on TLS (`SameSite=None; Secure`)?
    pub fn cookies_secure(&self) -> bool {
        self.secure_cookies
            || self
                .public_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://"))
    }

    /// The rule that decides what happens when `number` is dialled (first match wins).
    pub fn rule_for(&self, number: &str) -> Option<&NumberRule> {
        self.numbers
            .iter()
            .find(|r| match r.pattern.strip_suffix('*') {
                Some(prefix) => number.starts_with(prefix),
                None => r.pattern == number,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_is_valid() {
        SimConfig::default().validate().unwrap();
    }

    #[test]
    fn bad_field_is_named() {
        let err = SimConfig::from_toml_str("[[agents]]\nusername='a'\npassword='b'\ndn='12x'\n")
            .unwrap_err();
        assert!(err.contains("agents[0].dn"), "{err}");
        let err = SimConfig::from_toml_str("csrf = 3").unwrap_err();
        assert!(err.contains("csrf"), "{err}");
        let err = SimConfig::from_toml_str("[timing]\nbogus = 1").unwrap_err();
        assert!(err.contains("bogus"), "{err}");
    }

    #[test]
    fn origins_tokens_and_patterns_are_checked() {
        let err = SimConfig::from_toml_str("allowed_origins = ['*']").unwrap_err();
        assert!(err.contains("allowed_origins[0]"), "{err}");
        assert!(SimConfig::from_toml_str("allowed_origins = ['http://*.example.com']").is_ok());
        let err = SimConfig::from_toml_str("admin_token = 'has space'").unwrap_err();
        assert!(err.contains("admin_token"), "{err}");
        assert!(SimConfig::from_toml_str("admin_token = ''").is_err());
        // A multi-byte character at the end of a pattern must not panic the check.
        let err = SimConfig::from_toml_str("[[numbers]]\npattern = '*5é'\noutcome = 'busy'\n")
            .unwrap_err();
        assert!(err.contains("numbers[0].pattern"), "{err}");
        assert!(
            SimConfig::from_toml_str("[[numbers]]\npattern = '55é*'\noutcome = 'busy'\n").is_ok()
        );
        let mut c = SimConfig::default();
        assert!(!c.cookies_secure());
        c.public_url = Some("https://gws.example.com".into());
        assert!(c.cookies_secure());
    }

    #[test]
    fn agent_states_and_dispositions_are_configurable_and_checked() {
        let c = SimConfig::from_toml_str(
            "[[agent_states]]\noperation_name = 'Ready'\nstate = 'Ready'\n\
             [[agent_states]]\noperation_name = 'NotReady'\nstate = 'NotReady'\nreason = 'Meeting'\nwork_mode = 'AuxWork'\n\
             [[dispositions]]\nname = 'Done'\n",
        )
        .unwrap();
        assert_eq!(c.agent_states.len(), 2);
        assert_eq!(c.dispositions[0].name, "Done");
        // Defaults: WWE's five states, reasons, and some dispositions.
        let d = SimConfig::default();
        for op in ["NotReady", "Offline", "AfterCallWork", "Ready", "AuxWork"] {
            assert!(
                d.agent_states.iter().any(|s| s.operation_name == op),
                "{op}"
            );
        }
        assert!(d.agent_states.iter().any(|s| s.reason.is_some()));
        assert!(!d.dispositions.is_empty());
        for (bad, field) in [
            (
                "[[agent_states]]\noperation_name = ''\nstate = 'Ready'",
                "agent_states[0].operation_name",
            ),
            (
                "[[agent_states]]\noperation_name = 'X'\nstate = 'Busy'",
                "agent_states[0].state",
            ),
            (
                "[[agent_states]]\noperation_name = 'Ready'\nstate = 'NotReady'",
                "agent_states[0].state",
            ),
            (
                "[[agent_states]]\noperation_name = 'AuxWork'\nstate = 'NotReady'\nreason = 'x'",
                "agent_states[0].reason",
            ),
            (
                "[[agent_states]]\noperation_name = 'A'\nstate = 'Ready'\n[[agent_states]]\noperation_name = 'A'\nstate = 'Ready'",
                "agent_states[1]",
            ),
            ("[[dispositions]]\nname = ' '", "dispositions[0].name"),
            ("[[dispositions]]\nnam = 'x'", "nam"),
        ] {
            let err = SimConfig::from_toml_str(bad).unwrap_err();
            assert!(err.contains(field), "{bad}: {err}");
        }
    }

    #[test]
    fn rules_match_prefix_and_exact() {
        let c = SimConfig::default();
        assert_eq!(
            c.rule_for("5550100").map(|r| r.outcome),
            Some(Outcome::Busy)
        );
        assert_eq!(c.rule_for("123").map(|r| r.outcome), Some(Outcome::Answer));
    }
}
