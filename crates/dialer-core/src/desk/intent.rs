//! What the agent (or the host page through the JS API) asks the desk to do, typed from the
//! button to the wire, and how the desk answers it.

use crate::i18n::{Msg, Text};
use gws_protocol::{CallOperation, Destination};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::agent::AgentAction;
use crate::controls::{Control, is_dtmf_digit};

/// Ties a JS promise to the intent it was made for; the desk answers with
/// [`super::Output::Settle`] carrying the same id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IntentId(pub u64);

/// What to dial. Numbers are raw text; the desk's number rules normalise them.
#[derive(Clone, Debug, PartialEq)]
pub enum DialTarget {
    Number {
        raw: String,
        user_data: Option<Map<String, Value>>,
        location: Option<String>,
    },
    /// Outbound *Dial Preview Record*: `outboundRecord` as the page gives it.
    PreviewRecord { record: Map<String, Value> },
}

/// Where a Dial came from: a click carries the click count (`MouseEvent.detail`), so the second
/// click of a double-click is recognised even when the page moved another number under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialSource {
    /// A click on the page or on the widget's Dial button, with `MouseEvent.detail` (0 for a
    /// keyboard activation).
    Click { detail: u32 },
    /// A click on the widget's own Dial or Call again button (with `MouseEvent.detail`): it
    /// dials even while a call is live, where a click on the page offers the number instead.
    Widget { detail: u32 },
    /// The JS API or the keyboard.
    Api,
}

impl DialSource {
    /// The click count of a click (`None` for the JS API).
    pub fn clicks(&self) -> Option<u32> {
        match self {
            DialSource::Click { detail } | DialSource::Widget { detail } => Some(*detail),
            DialSource::Api => None,
        }
    }
}

/// What to do with a number clicked on the page while a call is live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferChoice {
    /// Dial it as a new call.
    Call,
    /// Pass the live call on to it.
    Transfer,
    /// Add it to the live call.
    Conference,
    /// Do nothing.
    Cancel,
}

impl OfferChoice {
    pub const ALL: [OfferChoice; 4] = [
        OfferChoice::Call,
        OfferChoice::Transfer,
        OfferChoice::Conference,
        OfferChoice::Cancel,
    ];

    pub fn name(&self) -> &'static str {
        match self {
            OfferChoice::Call => "call",
            OfferChoice::Transfer => "transfer",
            OfferChoice::Conference => "conference",
            OfferChoice::Cancel => "cancel",
        }
    }

    pub fn from_name(name: &str) -> Option<OfferChoice> {
        OfferChoice::ALL.into_iter().find(|c| c.name() == name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DialIntent {
    pub target: DialTarget,
    pub source: DialSource,
}

impl DialIntent {
    pub fn number(raw: impl Into<String>) -> Self {
        DialIntent {
            target: DialTarget::Number {
                raw: raw.into(),
                user_data: None,
                location: None,
            },
            source: DialSource::Api,
        }
    }
}

/// A call operation. Controls without parameters are a [`Control`]; the rest carry their input.
#[derive(Clone, Debug, PartialEq)]
pub enum CallAction {
    Control(Control),
    SendDtmf(String),
    AttachUserData(Map<String, Value>),
    UpdateUserData(Map<String, Value>),
    DeleteUserDataPair(String),
    /// Pass the call on to a number: at once, or after consulting them first (`consult`: the
    /// call is held and a consultation call is made; Complete or Cancel follows).
    Transfer {
        destination: String,
        consult: bool,
    },
    /// Bring a number into the call: at once, or after consulting them first.
    Conference {
        destination: String,
        consult: bool,
    },
    /// Remove a party (their number) from a conference.
    RemoveParticipant(String),
}

impl CallAction {
    /// The GWS `operationName`, which is also the capability the call must list.
    pub fn operation(&self) -> &'static str {
        match self {
            CallAction::Control(c) => c.operation(),
            CallAction::SendDtmf(_) => Control::SendDtmf.operation(),
            CallAction::AttachUserData(_) => Control::AttachUserData.operation(),
            CallAction::UpdateUserData(_) => Control::UpdateUserData.operation(),
            CallAction::DeleteUserDataPair(_) => "DeleteUserDataPair",
            CallAction::Transfer { consult: false, .. } => "SingleStepTransfer",
            CallAction::Transfer { consult: true, .. } => "InitiateTransfer",
            CallAction::Conference { consult: false, .. } => "SingleStepConference",
            CallAction::Conference { consult: true, .. } => "InitiateConference",
            CallAction::RemoveParticipant(_) => "RemoveParticipantFromConference",
        }
    }

    /// A stable name for the action (its operation, except where two controls share one).
    pub fn name(&self) -> &'static str {
        match self {
            CallAction::Control(c) => c.name(),
            other => other.operation(),
        }
    }

    /// Words for messages: "Hold", "Hang up", …
    pub fn words(&self) -> Msg {
        match self {
            CallAction::Control(c) => c.label(),
            CallAction::SendDtmf(_) => Msg::ActSendingTones,
            CallAction::AttachUserData(_) => Control::AttachUserData.label(),
            CallAction::UpdateUserData(_) => Control::UpdateUserData.label(),
            CallAction::DeleteUserDataPair(_) => Msg::ActDeletingDataItem,
            CallAction::Transfer { .. } => Control::Transfer.label(),
            CallAction::Conference { .. } => Control::Conference.label(),
            CallAction::RemoveParticipant(_) => Msg::ActRemovingParty,
        }
    }

    pub(crate) fn to_operation(&self) -> Result<CallOperation, DeskError> {
        Ok(match self {
            CallAction::Control(control) => match control {
                Control::Answer => CallOperation::Answer,
                Control::Reject => CallOperation::Reject,
                Control::Hangup | Control::CancelConsult => CallOperation::Hangup,
                Control::CompleteTransfer => CallOperation::CompleteTransfer {
                    consult_call_uri: None,
                },
                Control::CompleteConference => CallOperation::CompleteConference {
                    consult_call_uri: None,
                },
                Control::ClearCall => CallOperation::ClearCall,
                Control::Hold => CallOperation::Hold,
                Control::Retrieve => CallOperation::Retrieve,
                Control::Mute => CallOperation::MuteCall,
                Control::Unmute => CallOperation::UnmuteCall,
                Control::DeleteUserData => CallOperation::DeleteUserData,
                Control::SendDtmf
                | Control::AttachUserData
                | Control::UpdateUserData
                | Control::Transfer
                | Control::Conference
                | Control::SwapCalls => {
                    return Err(DeskError::new(
                        ErrorCode::InvalidInput,
                        Text::new(Msg::NeedsInput, vec![control.label().into()]),
                    ));
                }
            },
            CallAction::SendDtmf(digits) => {
                if digits.is_empty() || !digits.chars().all(is_dtmf_digit) {
                    return Err(DeskError::new(ErrorCode::InvalidInput, Msg::BadTones));
                }
                CallOperation::SendDtmf {
                    digits: digits.clone(),
                }
            }
            CallAction::AttachUserData(data) => CallOperation::AttachUserData {
                user_data: data.clone(),
            },
            CallAction::UpdateUserData(data) => CallOperation::UpdateUserData {
                user_data: data.clone(),
            },
            CallAction::DeleteUserDataPair(key) => {
                if key.trim().is_empty() {
                    return Err(DeskError::new(ErrorCode::InvalidInput, Msg::SayWhichKey));
                }
                CallOperation::DeleteUserDataPair { key: key.clone() }
            }
            CallAction::Transfer {
                destination,
                consult,
            } => {
                let destination = Destination::new(destination.clone());
                if *consult {
                    CallOperation::InitiateTransfer {
                        destination,
                        location: None,
                        user_data: None,
                    }
                } else {
                    CallOperation::SingleStepTransfer {
                        destination,
                        location: None,
                        user_data: None,
                    }
                }
            }
            CallAction::Conference {
                destination,
                consult,
            } => {
                let destination = Destination::new(destination.clone());
                if *consult {
                    CallOperation::InitiateConference {
                        destination,
                        location: None,
                        user_data: None,
                    }
                } else {
                    CallOperation::SingleStepConference {
                        destination,
                        location: None,
                        user_data: None,
                    }
                }
            }
            CallAction::RemoveParticipant(party) => {
                if party.trim().is_empty() {
                    return Err(DeskError::new(ErrorCode::InvalidInput, Msg::SayWhichParty));
                }
                CallOperation::RemoveParticipantFromConference {
                    participant: party.clone(),
                }
            }
        })
    }
}

/// Everything the agent can ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    /// User name and password, sent once as Basic and never kept.
    SignIn {
        user: String,
        password: String,
    },
    Dial(DialIntent),
    /// A call operation; without a call id it applies to the first live call.
    Call {
        call_id: Option<String>,
        action: CallAction,
    },
    AgentState(AgentAction),
    /// Enter one of the agent states the server offers (its `id`), e.g. Not Ready with a reason.
    SetAgentState {
        id: String,
    },
    /// Choose a disposition for an ended call (`None`: skip its wrap-up).
    WrapUp {
        call_id: String,
        code: Option<String>,
    },
    /// Answer the offer of a number clicked on the page while a call was live (`id`: the
    /// offer's, so a choice never applies to a newer offer).
    Offer {
        id: u64,
        choice: OfferChoice,
    },
    SignOut,
    /// Close the message banner.
    Dismiss,
    /// Read the server's truth again (the page became visible, the network came back).
    Resync,
}

/// Stable error codes for the JS boundary: they never change with the wording or the language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The number cannot be dialled as written.
    InvalidNumber,
    /// Other input is wrong (tones, user data, options).
    InvalidInput,
    /// A Dial or the same operation is already under way, or the number is already on a call.
    Busy,
    /// Nobody is signed in (or the session ended).
    NotSignedIn,
    /// Signed in, but the phone session is not ready yet.
    NotReady,
    /// No such call (any more).
    NoCall,
    /// GWS refused the request: not possible now, not permitted, or not valid.
    Refused,
    /// GWS could not do it (server or telephony failure).
    Server,
    /// No HTTP answer at all.
    Network,
    /// No answer in time: the request may still have been carried out.
    Timeout,
    /// The tab that was carrying the request out closed before it answered (shared
    /// connection): the request may have been carried out; the call list shows the server's truth.
    Interrupted,
}

impl ErrorCode {
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::InvalidNumber => "invalid-number",
            ErrorCode::InvalidInput => "invalid-input",
            ErrorCode::Busy => "busy",
            ErrorCode::NotSignedIn => "not-signed-in",
            ErrorCode::NotReady => "not-ready",
            ErrorCode::NoCall => "no-call",
            ErrorCode::Refused => "refused",
            ErrorCode::Server => "server",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Interrupted => "interrupted",
        }
    }

    pub const ALL: [ErrorCode; 11] = [
        ErrorCode::InvalidNumber,
        ErrorCode::InvalidInput,
        ErrorCode::Busy,
        ErrorCode::NotSignedIn,
        ErrorCode::NotReady,
        ErrorCode::NoCall,
        ErrorCode::Refused,
        ErrorCode::Server,
        ErrorCode::Network,
        ErrorCode::Timeout,
        ErrorCode::Interrupted,
    ];

    /// The code for its stable name.
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// An error with its kind, kept up to the JS boundary (`{code, message}`; the shell renders
/// the message in the agent's language, the code stays the same in every language).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeskError {
    pub code: ErrorCode,
    pub message: Text,
}

impl DeskError {
    pub fn new(code: ErrorCode, message: impl Into<Text>) -> Self {
        DeskError {
            code,
            message: message.into(),
        }
    }
}

/// A call as the host page sees it (JS API results and `gws-dialer:call` events).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallSnapshot {
    pub id: String,
    /// Wire state: Dialing, Ringing, Established, Held, Released, or what the server said.
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_uuid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_type: Option<String>,
    /// The other party's number, when the server gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_party: Option<String>,
    /// The extension dialled after the number (sent as tones once the call is connected).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    pub participants: Vec<String>,
    pub user_data: Map<String, Value>,
    pub capabilities: Vec<String>,
    pub muted: bool,
}

/// What a settled intent resolves with.
#[derive(Clone, Debug, PartialEq)]
pub enum Settled {
    /// Accepted by GWS.
    Done,
    /// A Dial: the call the server reported for it.
    Call(Box<CallSnapshot>),
}
