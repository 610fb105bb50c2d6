//! DOM events for the host page (`gws-dialer:*`), as typed values; the shell dispatches them as
//! CustomEvents whose `detail` is this value serialised to a plain JS object.

use crate::i18n::Text;
use serde::Serialize;

use super::intent::{CallSnapshot, ErrorCode};

/// How a call changed, for `gws-dialer:call`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CallChange {
    Added,
    Changed,
    Released,
    Removed,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged, rename_all_fields = "camelCase")]
pub enum HostEvent {
    /// `gws-dialer:ready`: signed in and able to dial.
    Ready {
        user_name: String,
        phone_number: String,
    },
    /// `gws-dialer:call`; `call` is absent for `removed`.
    Call {
        change: CallChange,
        call_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        state: Option<String>,
        call: Option<Box<CallSnapshot>>,
    },
    /// `gws-dialer:connection`.
    Connection {
        state: &'static str,
        transport: Option<&'static str>,
        /// Rendered in the agent's language by the shell.
        message: Text,
    },
    /// `gws-dialer:agent`.
    Agent { state: Text },
    /// `gws-dialer:error`; `code` is stable (see [`ErrorCode`]), absent for messages that
    /// answer no request (a broken live update, a server-pushed error).
    Error {
        #[serde(skip_serializing_if = "Option::is_none")]
        code: Option<ErrorCode>,
        message: Text,
    },
    /// `gws-dialer:signed-out`.
    SignedOut {},
    /// `gws-dialer:wrapup`: a disposition was attached to an ended call.
    WrapUp { call_id: String, code: String },
}

impl HostEvent {
    /// The DOM event name.
    pub fn name(&self) -> &'static str {
        match self {
            HostEvent::Ready { .. } => "gws-dialer:ready",
            HostEvent::Call { .. } => "gws-dialer:call",
            HostEvent::Connection { .. } => "gws-dialer:connection",
            HostEvent::Agent { .. } => "gws-dialer:agent",
            HostEvent::Error { .. } => "gws-dialer:error",
            HostEvent::SignedOut {} => "gws-dialer:signed-out",
            HostEvent::WrapUp { .. } => "gws-dialer:wrapup",
        }
    }
}
