//! HTTP answers matched to the request that asked for them, and CometD deliveries applied to
//! the call store.

use super::*;
use crate::i18n::{Msg, Text};

impl Desk {
    pub(super) fn http_done(&mut self, id: RequestId, result: HttpResult, now: u64) {
        if let Ok(reply) = &result
            && reply.status == 200
        {
            self.csrf.capture(reply);
        }
        let Some(purpose) = self.requests.remove(&id) else {
            return; // aborted, or of a session that is over
        };
        self.changed();
        match purpose {
            Purpose::Probe => self.me_answer(None, result, false, now),
            Purpose::Login { intent } => self.me_answer(intent, result, true, now),
            Purpose::StartSession => match request_error(&result, &Attempt::Other) {
                None => {
                    self.session_ready(now);
                    // Starting the session changed the agent state on the server: read it back
                    // in case CometD is not connected yet.
                    self.resync();
                }
                Some((error, lost)) => {
                    let text = Text::new(Msg::SessionNotStarted, vec![error.message.into()]);
                    // A Dial that waited for the session is answered with why it never started.
                    if let Session::Active(active) = &mut self.session
                        && let Some((intent, _)) = active.queued_dial.take()
                    {
                        self.settle(intent, Err(DeskError::new(error.code, text.clone())));
                    }
                    self.show_error(Some(error.code), text);
                    if lost {
                        self.session_lost(now);
                    }
                }
            },
            Purpose::Dial {
                ticket,
                number,
                intent,
            } => self.dial_done(ticket, number, intent, result, now),
            Purpose::Call { state, intent, .. } => {
                self.simple_done(intent, &result, &Attempt::CallControl(Some(state)), now)
            }
            Purpose::AgentState { intent } => {
                self.simple_done(intent, &result, &Attempt::AgentState, now)
            }
            Purpose::ResyncCalls(asked) => self.resync_calls_done(result, asked, now),
            Purpose::ResyncDevices(asked) => {
                if let Ok(reply) = &result
                    && reply.status == 200
                    && let Some((_, devices)) = json(&reply.body)
                        .and_then(|b| lean::answer(&b, "devices", lean::device).ok())
                    && let Session::Active(active) = &mut self.session
                {
                    let events = active
                        .store
                        .resync_devices(&devices.unwrap_or_default(), asked);
                    self.store_events(events, now);
                }
                self.resync_finished();
            }
            Purpose::Verify => {
                if let Ok(reply) = &result
                    && reply.status != 200
                    && let Some((error, lost)) = request_error(&result, &Attempt::Other)
                {
                    self.show_error(Some(error.code), error.message);
                    if lost {
                        self.session_lost(now);
                    }
                }
            }
            Purpose::SignOut { intent } => self.signed_out(intent, result, now),
            Purpose::AgentSettings => self.agent_settings_done(result),
            Purpose::Dispositions => self.dispositions_done(result),
            Purpose::Disposition {
                call_id,
                code,
                intent,
            } => self.disposition_done(call_id, code, intent, result, now),
            Purpose::Cometd { message_ids } => {
                let input = match result {
                    Ok(reply) if reply.is_success() => match bayeux::parse_batch(&reply.body) {
                        Ok(batch) => CometdInput::Received(batch),
                        Err(e) => CometdInput::RequestFailed {
                            message_ids,
                            reason: format!("unreadable notification response: {e}"),
                        },
                    },
                    Ok(reply) => {
                        if matches!(reply.status, 401 | 403) {
                            // The HTTP session is probably gone (server restart, expiry):
                            // ask once instead of retrying forever.
                            self.verify_session();
                        }
                        CometdInput::RequestFailed {
                            message_ids,
                            reason: format!("HTTP {}", reply.status),
                        }
                    }
                    Err(e) => CometdInput::TransportFailed {
                        transport: TransportKind::LongPolling,
                        reason: e.detail,
                    },
                };
                self.cometd_input(input, now);
            }
        }
    }

    pub(super) fn simple_done(
        &mut self,
        intent: Option<IntentId>,
        result: &HttpResult,
        attempt: &Attempt,
        now: u64,
    ) {
        match request_error(result, attempt) {
            None => self.settle(intent, Ok(Settled::Done)),
            Some((error, lost)) => {
                self.refuse(intent, error);
                if lost {
                    self.session_lost(now);
                }
            }
        }
    }

    pub(super) fn resync_calls_done(&mut self, result: HttpResult, asked: Mark, now: u64) {
        match &result {
            Ok(reply) if reply.status == 200 => {
                if let Some((_, calls)) =
                    json(&reply.body).and_then(|b| lean::answer(&b, "calls", lean::call).ok())
                    && let Session::Active(active) = &mut self.session
                {
                    let events = active.store.resync(calls.unwrap_or_default(), asked, now);
                    self.store_events(events, now);
                }
            }
            Ok(_) => {
                if let Some((error, lost)) = request_error(&result, &Attempt::Other) {
                    self.show_error(Some(error.code), error.message);
                    if lost {
                        return self.session_lost(now);
                    }
                }
            }
            Err(_) => {} // the connection indicator already tells the story
        }
        self.resync_finished();
    }

    pub(super) fn resync_finished(&mut self) {
        let in_flight = self
            .requests
            .values()
            .any(|p| matches!(p, Purpose::ResyncCalls(_) | Purpose::ResyncDevices(_)));
        if !in_flight && matches!(&self.session, Session::Active(a) if a.resync_again) {
            self.resync();
        }
    }

    /// A CometD data message: typed, applied to the store.
    pub(super) fn deliver(&mut self, message: Message, now: u64) {
        let data = message.data.unwrap_or(Value::Null);
        let notification = match lean::notification(&message.channel, &data) {
            Ok(n) => n,
            Err(e) => {
                return self.show_error(
                    None,
                    Text::new(Msg::LiveUpdateUnreadable, vec![e.to_string().into()]),
                );
            }
        };
        let Session::Active(active) = &mut self.session else {
            return;
        };
        let events = active.store.apply(&notification, now);
        self.store_events(events, now);
    }

    /// Test hook and the shell's entry for a `{channel, data}` pushed by other means.
    pub fn push_notification(&mut self, channel: &str, data: Value, now: u64) {
        let mut message = Message::new(channel);
        message.data = Some(data);
        self.deliver(message, now);
    }

    pub(super) fn store_events(&mut self, events: Vec<StoreEvent>, now: u64) {
        if events.is_empty() {
            return;
        }
        if let Session::Active(active) = &mut self.session {
            active.guard.observe(&active.store);
        }
        for event in events {
            match event {
                StoreEvent::CallAdded { call } => {
                    self.observe_call(&call);
                    self.track_extension(&call, now);
                    self.announcement = Some(view::announce_call(&call));
                    self.call_event(CallChange::Added, &call);
                    self.confirm_dial(&call);
                }
                StoreEvent::CallChanged {
                    call,
                    previous_state,
                    ..
                } => {
                    self.observe_call(&call);
                    self.track_extension(&call, now);
                    if previous_state != call.state {
                        self.announcement = Some(view::announce_call(&call));
                    }
                    self.call_event(CallChange::Changed, &call);
                    self.confirm_dial(&call);
                }
                StoreEvent::CallReleased { call } => {
                    self.record_recent(&call, now);
                    self.announcement = Some(view::announce_call(&call));
                    self.call_event(CallChange::Released, &call);
                    self.forget_extension(&call.id);
                }
                StoreEvent::CallRemoved { id } => {
                    self.forget_extension(&id);
                    self.emit(HostEvent::Call {
                        change: CallChange::Removed,
                        call_id: id,
                        state: None,
                        call: None,
                    })
                }
                StoreEvent::AgentStateChanged { current, .. } => {
                    if let Session::Active(active) = &mut self.session {
                        active.agent_since_ms = now;
                    }
                    let label = current.label();
                    self.announcement = Some(Text::new(Msg::AnnStatus, vec![label.clone().into()]));
                    self.emit(HostEvent::Agent { state: label });
                }
                StoreEvent::ServerError { message, .. } => self.show_error(None, message),
                // Stale or unused messages are routine (a replay after a reconnect, the device
                // channel's other types): nothing to say, not even to the console.
                StoreEvent::Ignored { .. } => {}
            }
        }
        self.retrieve_cancelled();
        self.drop_stale_offer();
        self.changed();
    }

    pub(super) fn call_event(&mut self, change: CallChange, call: &gws_protocol::Call) {
        let Session::Active(active) = &self.session else {
            return;
        };
        let snapshot = Desk::snapshot(active, call);
        self.emit(HostEvent::Call {
            change,
            call_id: snapshot.id.clone(),
            state: Some(snapshot.state.clone()),
            call: Some(Box::new(snapshot)),
        });
    }

    /// A live call to a number a `dial()` promise waits for answers that promise.
    pub(super) fn confirm_dial(&mut self, call: &gws_protocol::Call) {
        let Session::Active(active) = &mut self.session else {
            return;
        };
        if call.state == CallState::Released {
            return;
        }
        let Some(party) = call.other_party() else {
            return;
        };
        let Some(i) = active
            .awaited
            .iter()
            .position(|a| same_number(&a.number, &party))
        else {
            return;
        };
        let awaited = active.awaited.remove(i);
        let snapshot = Desk::snapshot(active, call);
        self.settle(Some(awaited.intent), Ok(Settled::Call(Box::new(snapshot))));
    }
}
