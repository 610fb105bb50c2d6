//! What the widget reads to offer agent states and wrap-up codes, and the agent-state request
//! that enters any of them.
//!
//! * The agent-state list: `GET /api/v2/settings/agent-states` → `{"statusCode":0,"settings":[…]}`
//!   (reference §4.2: the public equivalent, used by Genesys' iOS sample, of WWE's
//!   `agentStates` settings; each entry `{id, operationName, displayName, state[, workMode]
//!   [, reason]}`; `state` is `Logout` for Offline while devices report `LoggedOut`).
//!   Not Ready reasons are `NotReady` entries with a `reason` (DOC `HTCC/8.5.1/API/QueryAgentState`
//!   shows the device's `userState` `{"state":"NotReady","reason":"Lunch","displayName":"Out to
//!   Lunch","workMode":"AuxWork"}`); custom states (`AuxWork`, `Offline`, …) are entered by posting
//!   their own `operationName` (reference §4.3).
//! * Dispositions: business attributes, `GET /internal-api/business-attributes` →
//!   `{"statusCode":0,"businessAttributes":[{name, displayName, description, values:[{name,
//!   displayName, description}]}]}` (reference §8, the Genesys iOS sample's
//!   `/internal-api/business-attributes`; shape from DOC `HTCC/8.5.0/API/InternalAPIBA`). The
//!   chosen value's `name` is attached to the call as user data under [`DISPOSITION_KEY`] with
//!   `UpdateUserData` (reference §5.4).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::requests::RequestError;
use crate::status::StatusCode;

/// The user-data key a disposition is attached under (WWE's default disposition key).
pub const DISPOSITION_KEY: &str = "DispositionCode";

/// The business attribute that lists the dispositions.
pub const DISPOSITION_ATTRIBUTE: &str = "DispositionCode";

/// One agent state the agent may choose (an entry of `settings` in
/// `GET /api/v2/settings/agent-states`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentStateSetting {
    pub id: String,
    /// What to post to `/api/v2/me/channels/voice` to enter the state.
    pub operation_name: String,
    #[serde(default)]
    pub display_name: String,
    /// `Ready` | `NotReady` | `Logout` (settings say `Logout`, devices then report `LoggedOut`).
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_mode: Option<String>,
    /// A Not Ready reason: posted with the operation, echoed in the device's `userState`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AgentStateSetting {
    /// The request that enters this state.
    pub fn operation(&self) -> AgentStateChange {
        AgentStateChange {
            operation_name: self.operation_name.clone(),
            reason: self.reason.clone(),
            work_mode: self
                .work_mode
                .clone()
                .filter(|_| self.operation_name == "NotReady"),
            wrap_up_time: None,
        }
    }
}

/// `GET /api/v2/settings/agent-states`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatesResponse {
    pub status_code: StatusCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Vec<AgentStateSetting>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Any agent-state request on `POST /api/v2/me/channels/voice`: `Ready`, `NotReady` (with an
/// optional `reason` and `workMode`), `AfterCallWork` (optional `wrapUpTime`), or a custom
/// state's own `operationName` from the settings list (`AuxWork`, `Offline`, …). Unlike
/// [`crate::AgentStateOperation`] it accepts any operation name; the server decides whether it
/// knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentStateChange {
    pub operation_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrap_up_time: Option<String>,
}

impl AgentStateChange {
    /// `{"operationName": name}`.
    pub fn named(name: impl Into<String>) -> Self {
        AgentStateChange {
            operation_name: name.into(),
            reason: None,
            work_mode: None,
            wrap_up_time: None,
        }
    }

    /// Validates a body with GWS status codes: `operationName` missing → 1; a parameter of the
    /// wrong type → 10. `reasonCode` is read as `reason` and `workmode` (Ready's spelling) as
    /// `workMode` when those are absent.
    pub fn parse(value: &Value) -> Result<Self, RequestError> {
        let (object, name) = crate::requests::operation_name(value)?;
        if name.is_empty() {
            return Err(RequestError::invalid(
                "Invalid 'operationName': it must not be empty.",
            ));
        }
        let text = |key: &str| -> Result<Option<String>, RequestError> {
            match object.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(Value::Number(n)) if key == "wrapUpTime" || key == "reasonCode" => {
                    Ok(Some(n.to_string()))
                }
                Some(other) => Err(RequestError::invalid(format!(
                    "Invalid '{key}' for {name}: expected a string, got {}.",
                    crate::requests::describe(other)
                ))),
            }
        };
        let reason = text("reason")?;
        let reason_code = text("reasonCode")?;
        let work_mode = text("workMode")?;
        let workmode = text("workmode")?;
        Ok(AgentStateChange {
            operation_name: name.to_owned(),
            reason: reason.or(reason_code),
            work_mode: work_mode.or(workmode),
            wrap_up_time: text("wrapUpTime")?,
        })
    }
}

/// A value of a business attribute (a disposition code, when the attribute is
/// [`DISPOSITION_ATTRIBUTE`]). `userProperties` and anything else stay in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessAttributeValue {
    /// What is attached to the call.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl BusinessAttributeValue {
    /// `displayName`, or `name` when there is none.
    pub fn label(&self) -> &str {
        self.display_name
            .as_deref()
            .filter(|d| !d.is_empty())
            .unwrap_or(&self.name)
    }
}

/// A business attribute: an enumeration configured in Configuration Server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessAttribute {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub values: Vec<BusinessAttributeValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /internal-api/business-attributes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessAttributesResponse {
    pub status_code: StatusCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_attributes: Option<Vec<BusinessAttribute>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl BusinessAttributesResponse {
    /// The dispositions: the values of [`DISPOSITION_ATTRIBUTE`] (none when it is absent).
    pub fn dispositions(&self) -> &[BusinessAttributeValue] {
        self.business_attributes
            .iter()
            .flatten()
            .find(|a| a.name == DISPOSITION_ATTRIBUTE)
            .map(|a| a.values.as_slice())
            .unwrap_or(&[])
    }
}

/// The `userData` that attaches disposition `code` to a call
/// (`{"operationName":"UpdateUserData","userData":{"DispositionCode":code}}`).
pub fn disposition_user_data(code: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(DISPOSITION_KEY.to_owned(), Value::String(code.to_owned()));
    m
}
