//! Which buttons a call shows. The server decides what is possible (`call.capabilities`); we only
//! choose which of those operations the widget offers, in a stable order, with accessible names.

use crate::i18n::{Arg, Msg, Text};
use gws_protocol::{Call, CallState};

/// A button on a call. Each maps to exactly one GWS `operationName`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Control {
    Answer,
    /// Send a queue-delivered ringing call back to the queue.
    Reject,
    Hangup,
    /// On a consultation call: hang it up and take the original call off hold again.
    CancelConsult,
    /// Release the call for every party. Offered only when neither Hang up nor Reject is, e.g. a
    /// ringing call on the real 8.5 server (`Answer` + `ClearCall`) — otherwise it would sit next to
    /// "Hang up" and confuse.
    ClearCall,
    Hold,
    Retrieve,
    /// Finish a consultation: the original caller and the consulted party are connected.
    CompleteTransfer,
    /// Finish a consultation: the consulted party joins the original call.
    CompleteConference,
    /// Talk to the other of two calls (the held one becomes active).
    SwapCalls,
    /// Opens the destination field: transfer now (single step) or consult first.
    Transfer,
    /// Opens the destination field: add a party now (single step) or consult first.
    Conference,
    Mute,
    Unmute,
    /// Opens the keypad; each key sends `SendDtmf`.
    SendDtmf,
    AttachUserData,
    UpdateUserData,
    DeleteUserData,
}

impl Control {
    /// Every control, in the order the widget shows them: answer/end first, then hold and mute,
    /// then keypad, then the data actions.
    pub const ALL: [Control; 18] = [
        Control::Answer,
        Control::Reject,
        Control::Hangup,
        Control::CancelConsult,
        Control::ClearCall,
        Control::Hold,
        Control::Retrieve,
        Control::CompleteTransfer,
        Control::CompleteConference,
        Control::SwapCalls,
        Control::Transfer,
        Control::Conference,
        Control::Mute,
        Control::Unmute,
        Control::SendDtmf,
        Control::AttachUserData,
        Control::UpdateUserData,
        Control::DeleteUserData,
    ];

    /// The button text and accessible name: says the action.
    pub fn label(&self) -> Msg {
        match self {
            Control::Answer => Msg::CtlAnswer,
            Control::Reject => Msg::CtlReject,
            Control::Hangup => Msg::CtlHangup,
            Control::CancelConsult => Msg::CtlCancelConsult,
            Control::ClearCall => Msg::CtlClearCall,
            Control::Hold => Msg::CtlHold,
            Control::Retrieve => Msg::CtlRetrieve,
            Control::CompleteTransfer => Msg::CtlCompleteTransfer,
            Control::CompleteConference => Msg::CtlCompleteConference,
            Control::SwapCalls => Msg::CtlSwapCalls,
            Control::Transfer => Msg::CtlTransfer,
            Control::Conference => Msg::CtlConference,
            Control::Mute => Msg::CtlMute,
            Control::Unmute => Msg::CtlUnmute,
            Control::SendDtmf => Msg::CtlKeypad,
            Control::AttachUserData => Msg::CtlAttachData,
            Control::UpdateUserData => Msg::CtlUpdateData,
            Control::DeleteUserData => Msg::CtlDeleteAllData,
        }
    }

    /// A fuller accessible name naming the call, for lists with several calls:
    /// "Hang up the call with 1003" (`party`: the other party, if the server named one).
    pub fn label_for(&self, party: Option<&str>) -> Text {
        let party = party.map_or(Arg::from(Msg::UnknownNumberInSentence), Arg::from);
        let form = match self {
            Control::SendDtmf
            | Control::AttachUserData
            | Control::UpdateUserData
            | Control::DeleteUserData => Msg::CtlOfCall,
            _ => Msg::CtlForCall,
        };
        Text::new(form, vec![self.label().into(), party])
    }

    /// The GWS `operationName` posted to `/api/v2/me/calls/{id}` (for Transfer and Conference,
    /// the single-step one; their consult form is `Initiate…`). Cancelling a consultation
    /// starts with its Hangup.
    pub fn operation(&self) -> &'static str {
        match self {
            Control::Answer => "Answer",
            Control::Reject => "Reject",
            Control::Hangup | Control::CancelConsult => "Hangup",
            Control::ClearCall => "ClearCall",
            Control::Hold => "Hold",
            Control::Retrieve => "Retrieve",
            Control::CompleteTransfer => "CompleteTransfer",
            Control::CompleteConference => "CompleteConference",
            Control::SwapCalls => "SwapCalls",
            Control::Transfer => "SingleStepTransfer",
            Control::Conference => "SingleStepConference",
            Control::Mute => "MuteCall",
            Control::Unmute => "UnmuteCall",
            Control::SendDtmf => "SendDtmf",
            Control::AttachUserData => "AttachUserData",
            Control::UpdateUserData => "UpdateUserData",
            Control::DeleteUserData => "DeleteUserData",
        }
    }

    /// The control for an `operationName`, if the widget offers one.
    pub fn from_operation(operation: &str) -> Option<Control> {
        Control::ALL
            .into_iter()
            .find(|control| control.operation() == operation)
    }

    /// A stable name for every control (the operation, except where two share one).
    pub fn name(&self) -> &'static str {
        match self {
            Control::CancelConsult => "CancelConsult",
            other => other.operation(),
        }
    }

    pub fn from_name(name: &str) -> Option<Control> {
        Control::ALL
            .into_iter()
            .find(|control| control.name() == name)
    }

    /// Whether `call`'s capabilities allow the control.
    pub fn offered_by(&self, call: &Call) -> bool {
        match self {
            Control::Transfer => {
                call.has_capability("SingleStepTransfer") || call.has_capability("InitiateTransfer")
            }
            Control::Conference => {
                call.has_capability("SingleStepConference")
                    || call.has_capability("InitiateConference")
            }
            // A consultation call (it has a parent) is cancelled rather than just hung up.
            Control::CancelConsult => {
                call.parent_call_uri.is_some() && call.has_capability("Hangup")
            }
            Control::Hangup => call.parent_call_uri.is_none() && call.has_capability("Hangup"),
            other => call.has_capability(other.operation()),
        }
    }

    /// Whether the control needs more input before a request can be sent (digits or user data).
    pub fn needs_input(&self) -> bool {
        matches!(
            self,
            Control::SendDtmf
                | Control::AttachUserData
                | Control::UpdateUserData
                | Control::Transfer
                | Control::Conference
        )
    }

    /// Whether the control ends or discards something, so the UI may style it as such.
    pub fn is_destructive(&self) -> bool {
        matches!(
            self,
            Control::Reject
                | Control::Hangup
                | Control::CancelConsult
                | Control::ClearCall
                | Control::DeleteUserData
        )
    }
}

/// The controls to show for `call`, in [`Control::ALL`] order, each present only when the call's
/// `capabilities` contain its operation. A Released call shows nothing, whatever it carries.
pub fn controls_for(call: &Call) -> Vec<Control> {
    if call.state == CallState::Released {
        return Vec::new();
    }
    let ends_otherwise = call.has_capability("Hangup") || call.has_capability("Reject");
    Control::ALL
        .into_iter()
        .filter(|control| control.offered_by(call))
        .filter(|control| *control != Control::ClearCall || !ends_otherwise)
        .collect()
}

/// Characters the DTMF keypad may send (`SendDtmf.digits`).
pub fn is_dtmf_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '*' | '#')
}
