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

/// The fields of a [`HostEvent`]'s detail that hold a message ([`Text`]).
const MESSAGE_FIELDS: [&str; 2] = ["message", "state"];

/// An event's detail as JSON (also what the leader posts to another tab), its messages still
/// typed ([`Text::to_value`]): `render` puts them into words, in the language of the tab that
/// fires the event.
pub fn render_messages(detail: &mut serde_json::Value, render: impl Fn(Text) -> String) {
    if let serde_json::Value::Object(map) = detail {
        for key in MESSAGE_FIELDS {
            if let Some(slot) = map.get_mut(key)
                && let Some(text) = Text::from_value(slot)
            {
                *slot = serde_json::Value::String(render(text));
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;

    /// Every message of every event that carries one is put into words; nothing else changes.
    #[test]
    fn every_message_of_an_event_is_rendered() {
        let events = [
            HostEvent::Connection {
                state: "connected",
                transport: Some("websocket"),
                message: Msg::ConnConnecting.into(),
            },
            HostEvent::Agent {
                state: Msg::AgentReady.into(),
            },
            HostEvent::Error {
                code: Some(ErrorCode::Busy),
                message: Msg::StatusBusy.into(),
            },
        ];
        for event in events {
            let mut detail = serde_json::to_value(&event).unwrap();
            render_messages(&mut detail, |t| t.en());
            let text = detail.to_string();
            assert!(!text.contains("\"m\""), "a message left typed: {text}");
            assert!(
                [
                    "Connecting…",
                    "Ready",
                    "Your status is already being changed."
                ]
                .iter()
                .any(|words| text.contains(words)),
                "{text}"
            );
        }
        let mut ready = serde_json::to_value(HostEvent::Ready {
            user_name: "a".into(),
            phone_number: "5001".into(),
        })
        .unwrap();
        let before = ready.clone();
        render_messages(&mut ready, |t| t.en());
        assert_eq!(ready, before);
    }
}
