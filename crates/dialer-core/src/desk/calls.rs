//! Dialling (number rules, the guard, one Dial per intent, never retried), call control
//! (transfer and conference included) and agent state.

use super::*;
use crate::controls::Control;
use crate::i18n::{Msg, Text};

/// The id of a consultation call's original call (`parentCallPath` is `/calls/{id}`).
pub(super) fn parent_id(call: &gws_protocol::Call) -> Option<String> {
    let path = call
        .parent_call_path
        .as_deref()
        .or(call.parent_call_uri.as_deref())?;
    path.rsplit('/')
        .next()
        .filter(|id| !id.is_empty())
        .map(str::to_string)
}

impl Desk {
    pub(super) fn dial(&mut self, intent: Option<IntentId>, dial: DialIntent, now: u64) {
        // The second (third…) click of a multi-click never dials: the page may have moved
        // another number under the pointer since the first.
        if dial.source.clicks().is_some_and(|detail| detail > 1) {
            return self.settle(
                intent,
                Err(DeskError::new(ErrorCode::Busy, Msg::DoubleClickIgnored)),
            );
        }
        let device_id = match &mut self.session {
            Session::Active(a) if a.ready => a.device_id.clone(),
            // The phone session is starting (signed in a moment ago): the Dial is made once it
            // is up; one waits at most, and a second is refused.
            Session::Active(a) if a.queued_dial.is_none() => {
                a.queued_dial = Some((intent, dial));
                return self.changed();
            }
            Session::Active(_) => {
                return self.refuse(
                    intent,
                    DeskError::new(ErrorCode::NotReady, Msg::SessionStarting),
                );
            }
            _ => return self.refuse(intent, not_signed_in()),
        };
        // A number clicked on the page while a call is live is offered (call, transfer,
        // conference), not dialled blindly.
        if let (DialSource::Click { .. }, DialTarget::Number { raw, .. }) =
            (&dial.source, &dial.target)
            && let Some(call_id) = self.offer_call()
        {
            return match self.normalize(raw) {
                Ok(number) => self.make_offer(intent, dial.target, number, call_id),
                Err(error) => self.refuse(intent, error),
            };
        }
        let (number, body) = match self.dial_request(dial.target, &device_id) {
            Ok(built) => built,
            Err(error) => return self.refuse(intent, error),
        };
        let Session::Active(active) = &mut self.session else {
            return;
        };
        active.guard.observe(&active.store);
        let ticket = match active.guard.begin(&number, now) {
            Ok(t) => t,
            Err(refusal) => {
                return self.refuse(intent, DeskError::new(ErrorCode::Busy, refusal.message()));
            }
        };
        self.error = None;
        self.announcement = Some(Text::new(Msg::AnnCalling, vec![number.spoken().into()]));
        // Known from the start, so the call's first event already carries it (its notification
        // may come before the Dial's answer).
        if let Some(digits) = number.extension.clone() {
            self.expect_extension(&number.number, digits, now);
        }
        self.post_text(
            &paths::device_calls(&device_id),
            body,
            Purpose::Dial {
                ticket,
                number,
                intent,
            },
        );
    }

    /// A number as the page or the agent wrote it, through the number rules.
    fn normalize(&self, raw: &str) -> Result<DialNumber, DeskError> {
        self.config
            .number_rules
            .normalize(raw)
            .map_err(|e| DeskError::new(ErrorCode::InvalidNumber, e.message()))
    }

    /// The number to dial and the body of its Dial (or Dial Preview Record) request.
    fn dial_request(
        &self,
        target: DialTarget,
        device_id: &str,
    ) -> Result<(DialNumber, String), DeskError> {
        let (number, body) = match target {
            DialTarget::Number {
                raw,
                user_data,
                location,
            } => {
                let number = self.normalize(&raw)?;
                let mut request = DialRequest::new(number.number.clone());
                request.location = location.or_else(|| self.config.location.clone());
                request.user_data = user_data;
                (number, serde_json::to_string(&request))
            }
            DialTarget::PreviewRecord { record } => {
                let record = lean::outbound_record(&Value::Object(record)).map_err(|e| {
                    DeskError::new(
                        ErrorCode::InvalidInput,
                        Text::new(Msg::OutboundRecordInvalid, vec![e.into()]),
                    )
                })?;
                let number = self.normalize(record.phone_number.as_deref().unwrap_or_default())?;
                let request = DialPreviewRecordRequest {
                    device_path: paths::device_path(device_id),
                    outbound_record: record,
                };
                (number, serde_json::to_string(&request))
            }
        };
        let body =
            body.map_err(|_| DeskError::new(ErrorCode::InvalidInput, Msg::DialUnwritable))?;
        Ok((number, body))
    }

    pub(super) fn dial_done(
        &mut self,
        ticket: DialTicket,
        number: DialNumber,
        intent: Option<IntentId>,
        result: HttpResult,
        now: u64,
    ) {
        let unanswered = result.is_err();
        let failure = request_error(&result, &Attempt::Dial);
        if let Session::Active(active) = &mut self.session {
            active.guard.finish(ticket, failure.is_none());
        }
        match failure {
            None => {
                if let (Some(intent), Session::Active(active)) = (intent, &mut self.session) {
                    // The call may already be there (its notification came before the answer).
                    let existing = active.store.live_calls().find(|c| {
                        c.call
                            .other_party()
                            .is_some_and(|p| same_number(&p, &number.number))
                    });
                    match existing {
                        Some(call) => {
                            let snapshot = Desk::snapshot(active, &call.call);
                            self.settle(Some(intent), Ok(Settled::Call(Box::new(snapshot))));
                        }
                        None => active.awaited.push(AwaitedCall {
                            intent,
                            number: number.number.clone(),
                            deadline_ms: now + DIAL_CONFIRM_MS,
                        }),
                    }
                }
            }
            Some((mut error, lost)) => {
                // Refused: no call will come for its extension. (Unanswered, it may: the
                // extension waits for the call until it expires.)
                if !unanswered && let Session::Active(active) = &mut self.session {
                    active
                        .extensions
                        .retain(|e| e.call_id.is_some() || !same_number(&e.number, &number.number));
                }
                if unanswered {
                    // No HTTP answer: the server may still have placed the call. Never retried;
                    // the resync shows the truth.
                    error.message = Text::new(Msg::MaybePlaced, vec![error.message.into()]);
                }
                self.refuse(intent, error);
                if lost {
                    self.session_lost(now);
                } else if unanswered {
                    self.resync();
                }
            }
        }
        self.changed();
    }

    // ------------------------------------------------------------------ call control

    pub(super) fn call_action(
        &mut self,
        intent: Option<IntentId>,
        call_id: Option<String>,
        action: CallAction,
    ) {
        let operation = action.operation();
        let checked = match &self.session {
            Session::Active(active) => {
                let call = match call_id.filter(|id| !id.is_empty()) {
                    Some(id) => active
                        .store
                        .get(&id)
                        .ok_or_else(|| DeskError::new(ErrorCode::NoCall, Msg::CallGone)),
                    None => active
                        .store
                        .live_calls()
                        .next()
                        .ok_or_else(|| DeskError::new(ErrorCode::NoCall, Msg::NoCall)),
                };
                call.and_then(|call| {
                    if call.call.state == CallState::Released
                        || !call.call.has_capability(operation)
                    {
                        Err(DeskError::new(
                            ErrorCode::Refused,
                            Text::new(Msg::NotPossibleOnCall, vec![action.words().into()]),
                        ))
                    } else {
                        Ok((call.call.id.clone(), call.call.state.clone()))
                    }
                })
            }
            _ => Err(not_signed_in()),
        };
        let (call_id, state) = match checked {
            Ok(found) => found,
            Err(e) => return self.refuse(intent, e),
        };
        let busy = self.requests.values().any(|p| {
            matches!(p, Purpose::Call { call_id: c, operation: o, .. } if *c == call_id && *o == operation)
        });
        if busy {
            return self.refuse(
                intent,
                DeskError::new(
                    ErrorCode::Busy,
                    Text::new(Msg::AlreadySending, vec![action.words().into()]),
                ),
            );
        }
        let body = match self.call_operation(&call_id, &action) {
            Ok(op) => op,
            Err(e) => return self.refuse(intent, e),
        };
        if action == CallAction::Control(Control::CancelConsult)
            && let Session::Active(active) = &mut self.session
            && let Some(parent) = active.store.get(&call_id).and_then(|c| parent_id(&c.call))
        {
            // Once the consultation is gone and the original call can be retrieved, it is.
            active.retrieve_after.push(parent);
        }
        self.post(
            &paths::call(&call_id),
            &body,
            Purpose::Call {
                call_id,
                operation,
                state,
                intent,
            },
        );
    }

    /// The request body for `action` on `call_id`: destinations through the number rules, the
    /// other call of a swap found in the store.
    fn call_operation(
        &self,
        call_id: &str,
        action: &CallAction,
    ) -> Result<gws_protocol::CallOperation, DeskError> {
        let normalize = |raw: &str| self.normalize(raw).map(|n| n.number);
        match action {
            CallAction::Transfer {
                destination,
                consult,
            } => CallAction::Transfer {
                destination: normalize(destination)?,
                consult: *consult,
            }
            .to_operation(),
            CallAction::Conference {
                destination,
                consult,
            } => CallAction::Conference {
                destination: normalize(destination)?,
                consult: *consult,
            }
            .to_operation(),
            CallAction::Control(Control::SwapCalls) => {
                let Session::Active(active) = &self.session else {
                    return Err(not_signed_in());
                };
                let other = active
                    .store
                    .live_calls()
                    .find(|c| c.call.id != call_id)
                    .and_then(|c| c.call.uri.clone())
                    .ok_or_else(|| DeskError::new(ErrorCode::NoCall, Msg::NoOtherCall))?;
                Ok(gws_protocol::CallOperation::SwapCalls {
                    other_call_uri: other,
                })
            }
            other => other.to_operation(),
        }
    }

    /// Retrieve the original calls of cancelled consultations once the server allows it.
    pub(super) fn retrieve_cancelled(&mut self) {
        let Session::Active(active) = &mut self.session else {
            return;
        };
        if active.retrieve_after.is_empty() {
            return;
        }
        let mut ready = Vec::new();
        active
            .retrieve_after
            .retain(|parent| match active.store.get(parent) {
                Some(call) if call.call.state != CallState::Released => {
                    if call.call.has_capability("Retrieve") {
                        ready.push(parent.clone());
                        false
                    } else {
                        true // not yet: the consultation is still being released
                    }
                }
                _ => false, // gone: nothing to retrieve
            });
        for parent in ready {
            self.call_action(None, Some(parent), CallAction::Control(Control::Retrieve));
        }
    }

    pub(super) fn agent_state(&mut self, intent: Option<IntentId>, action: AgentAction) {
        if !self.is_signed_in() {
            return self.refuse(intent, not_signed_in());
        }
        if self
            .requests
            .values()
            .any(|p| matches!(p, Purpose::AgentState { .. }))
        {
            return self.refuse(intent, DeskError::new(ErrorCode::Busy, Msg::StatusBusy));
        }
        let op = match action {
            AgentAction::Ready => AgentStateOperation::Ready { workmode: None },
            AgentAction::NotReady => AgentStateOperation::NotReady {
                reason: None,
                work_mode: None,
            },
            // The reference's own operation (`{"operationName":"AfterCallWork"}`, §4.2).
            AgentAction::AfterCallWork => {
                let op = gws_protocol::settings::AgentStateChange::named("AfterCallWork");
                self.post(paths::VOICE_CHANNEL, &op, Purpose::AgentState { intent });
                return;
            }
        };
        self.post(paths::VOICE_CHANNEL, &op, Purpose::AgentState { intent });
    }
}

/// An extension to send as tones once its call is connected.
#[derive(Debug)]
pub(super) struct Extension {
    /// The number dialled (to find its call when it shows up).
    number: String,
    digits: String,
    call_id: Option<String>,
    /// When to send the tones (armed when the call is Established).
    due_ms: Option<u64>,
    sent: bool,
    /// A call that never shows up is forgotten then.
    expires_ms: u64,
}

impl Desk {
    /// A Dial with an extension was accepted: its tones follow once the call is connected.
    fn expect_extension(&mut self, number: &str, digits: String, now: u64) {
        let Session::Active(active) = &mut self.session else {
            return;
        };
        active.extensions.push(Extension {
            number: number.to_string(),
            digits,
            call_id: None,
            due_ms: None,
            sent: false,
            expires_ms: now + u64::from(REST_TIMEOUT_MS) + DIAL_CONFIRM_MS,
        });
        // The call may already be there (its notification came before the answer).
        let existing = active
            .store
            .live_calls()
            .find(|c| {
                c.call
                    .other_party()
                    .is_some_and(|p| same_number(&p, number))
            })
            .map(|c| c.call.clone());
        if let Some(call) = existing {
            self.track_extension(&call, now);
        }
    }

    /// A call changed: tie it to the extension dialled for it; once it is connected the tones
    /// are due after the configured delay. A call that ends first sends nothing.
    pub(super) fn track_extension(&mut self, call: &gws_protocol::Call, now: u64) {
        let delay = self.config.extension_delay_ms;
        let Session::Active(active) = &mut self.session else {
            return;
        };
        let mine = |e: &Extension| e.call_id.as_deref() == Some(call.id.as_str());
        let i = active.extensions.iter().position(mine).or_else(|| {
            let party = call.other_party()?;
            active
                .extensions
                .iter()
                .position(|e| e.call_id.is_none() && same_number(&party, &e.number))
        });
        let Some(ext) = i.map(|i| &mut active.extensions[i]) else {
            return;
        };
        ext.call_id = Some(call.id.clone());
        if call.state == CallState::Established && !ext.sent && ext.due_ms.is_none() {
            ext.due_ms = Some(now + delay);
        }
    }

    /// The call ended or left: its extension is forgotten.
    pub(super) fn forget_extension(&mut self, call_id: &str) {
        if let Session::Active(active) = &mut self.session {
            active
                .extensions
                .retain(|e| e.call_id.as_deref() != Some(call_id));
        }
    }

    pub(super) fn next_extension_ms(active: &Active) -> Option<u64> {
        active.extensions.iter().filter_map(|e| e.due_ms).min()
    }

    /// Send the extensions that are due, once each, on calls still connected (one on hold
    /// waits until it is connected again).
    pub(super) fn send_extensions(&mut self, now: u64) {
        let Session::Active(active) = &mut self.session else {
            return;
        };
        active
            .extensions
            .retain(|e| e.call_id.is_some() || e.expires_ms > now);
        let mut due = Vec::new();
        for ext in &mut active.extensions {
            if ext.due_ms.is_none_or(|at| at > now) {
                continue;
            }
            ext.due_ms = None;
            let Some(id) = ext.call_id.clone() else {
                continue;
            };
            if active
                .store
                .get(&id)
                .is_some_and(|c| c.call.state == CallState::Established)
            {
                ext.sent = true;
                due.push((id, ext.digits.clone()));
            }
        }
        for (id, digits) in due {
            self.announcement = Some(Text::new(Msg::AnnExtension, vec![digits.as_str().into()]));
            self.call_action(None, Some(id), CallAction::SendDtmf(digits));
        }
    }

    /// A call as the host page sees it, with the extension dialled for it.
    pub(super) fn snapshot(active: &Active, call: &gws_protocol::Call) -> CallSnapshot {
        let mut snapshot = view::snapshot(call);
        snapshot.extension = active
            .extensions
            .iter()
            .find(|e| e.call_id.as_deref() == Some(call.id.as_str()))
            .map(|e| e.digits.clone());
        snapshot
    }
}
