//! The session flow: probe → sign in → StartContactCenterSession → ready; sign out; a lost
//! session back to the login form, once; resync.

use super::*;
use crate::i18n::{Msg, Text};

impl Desk {
    pub(super) fn start(&mut self) {
        if matches!(self.session, Session::Starting)
            && !self.requests.values().any(|p| matches!(p, Purpose::Probe))
        {
            // Probe for an existing session (as WWE does): the login form only when there is none.
            self.get(paths::ME_ALL, Purpose::Probe);
        }
    }

    pub(super) fn intent(&mut self, id: Option<IntentId>, intent: Intent, now: u64) {
        match intent {
            Intent::SignIn { user, password } => self.sign_in(id, user, password),
            Intent::Dial(dial) => self.dial(id, dial, now),
            Intent::Call { call_id, action } => self.call_action(id, call_id, action),
            Intent::AgentState(action) => self.agent_state(id, action),
            Intent::SetAgentState { id: state } => self.set_agent_state(id, &state),
            Intent::WrapUp { call_id, code } => self.wrap_up(id, &call_id, code),
            Intent::Offer { id: offer, choice } => self.choose_offer(id, offer, choice, now),
            Intent::SignOut => self.sign_out(id, now),
            Intent::Dismiss => {
                self.error = None;
                self.changed();
                self.settle(id, Ok(Settled::Done));
            }
            Intent::Resync => {
                self.resync();
                self.settle(id, Ok(Settled::Done));
            }
        }
    }

    pub(super) fn sign_in(&mut self, intent: Option<IntentId>, user: String, password: String) {
        if self.is_signed_in() {
            return self.settle(intent, Ok(Settled::Done));
        }
        if user.trim().is_empty() {
            return self.refuse(
                intent,
                DeskError::new(ErrorCode::InvalidInput, Msg::EnterUserName),
            );
        }
        if self
            .requests
            .values()
            .any(|p| matches!(p, Purpose::Login { .. }))
        {
            return self.settle(
                intent,
                Err(DeskError::new(ErrorCode::Busy, Msg::AlreadySigningIn)),
            );
        }
        self.error = None;
        self.session = Session::SignedOut;
        let url = format!("{}{}", self.config.base_url, paths::ME_ALL);
        let auth = basic_auth(&user, &password);
        // The password exists only in this request; nothing keeps it.
        self.request(
            Method::Get,
            url,
            None,
            Some(REST_TIMEOUT_MS),
            Some(("Authorization".into(), auth)),
            Purpose::Login { intent },
        );
    }

    /// The answer to the probe (`explicit` false) or to a login.
    pub(super) fn me_answer(
        &mut self,
        intent: Option<IntentId>,
        result: HttpResult,
        explicit: bool,
        now: u64,
    ) {
        let reply = match result {
            Ok(reply) => reply,
            Err(e) => {
                self.session = Session::SignedOut;
                let code = if e.timed_out {
                    ErrorCode::Timeout
                } else {
                    ErrorCode::Network
                };
                return self.refuse(
                    intent,
                    DeskError::new(code, describe_network_error(&e.detail).text),
                );
            }
        };
        let parsed = json(&reply.body).and_then(|b| lean::me(&b).ok());
        let user = parsed
            .as_ref()
            .filter(|(status, _)| reply.status == 200 && *status == StatusCode::Ok)
            .and_then(|(_, user)| user.clone());
        match user {
            Some(user) => self.signed_in(intent, user, now),
            None => {
                self.session = Session::SignedOut;
                self.changed();
                let not_authenticated = matches!(reply.status, 401 | 403)
                    || parsed
                        .as_ref()
                        .is_some_and(|(status, _)| *status == StatusCode::NotAuthenticated);
                if not_authenticated && !explicit {
                    return; // no session yet: the login form is the answer
                }
                let error = if not_authenticated {
                    DeskError::new(ErrorCode::NotSignedIn, Msg::WrongPassword)
                } else {
                    let text =
                        describe_response_text(&Attempt::SignIn, reply.status, &reply.body).text;
                    DeskError::new(ErrorCode::Server, text)
                };
                self.refuse(intent, error);
            }
        }
    }

    pub(super) fn signed_in(&mut self, intent: Option<IntentId>, user: User, now: u64) {
        let Some(device) = user.devices.as_ref().and_then(|d| d.first()).cloned() else {
            self.session = Session::SignedOut;
            return self.refuse(intent, DeskError::new(ErrorCode::Refused, Msg::NoDevice));
        };
        let needs_session = device
            .user_state
            .as_ref()
            .map(AgentStatus::from_user_state)
            .is_none_or(|s| s == AgentStatus::LoggedOut);
        let mut store = CallStore::new(self.config.store.clone());
        store.set_device_id(device.id.clone());
        let asked = store.mark();
        store.resync_devices(std::slice::from_ref(&device), asked);
        store.resync(user.calls.clone().unwrap_or_default(), asked, now);
        let mut guard = DialGuard::new(self.config.guard.clone());
        guard.observe(&store);
        let display_name = {
            let full = format!("{} {}", user.first_name, user.last_name);
            let full = full.trim();
            if full.is_empty() {
                user.user_name.clone()
            } else {
                full.to_string()
            }
        };
        self.session = Session::Active(Box::new(Active {
            user_name: user.user_name.clone(),
            display_name,
            phone_number: device.phone_number.clone(),
            device_id: device.id.clone(),
            store,
            guard,
            cometd: None,
            ready: false,
            queued_dial: None,
            awaited: Vec::new(),
            resync_again: false,
            retrieve_after: Vec::new(),
            agent_states: Vec::new(),
            agent_states_answered: false,
            agent_since_ms: now,
            dispositions: Vec::new(),
            recent: Vec::new(),
            connected: Vec::new(),
            dialled: Vec::new(),
            extensions: Vec::new(),
            offer: None,
        }));
        self.restore_recent();
        self.error = None;
        self.changed();
        if !needs_session {
            // Ready first (the page may dial now); the notifications and settings follow.
            self.session_ready(now);
        }
        self.start_cometd(now);
        self.load_settings();
        if needs_session {
            self.post(
                paths::ME,
                &MeOperation::start_voice_session(),
                Purpose::StartSession,
            );
        }
        self.settle(intent, Ok(Settled::Done));
    }

    pub(super) fn session_ready(&mut self, now: u64) {
        let Session::Active(active) = &mut self.session else {
            return;
        };
        active.ready = true;
        let queued = active.queued_dial.take();
        let ready = HostEvent::Ready {
            user_name: active.user_name.clone(),
            phone_number: active.phone_number.clone(),
        };
        // "Still starting" said to a second click is no longer true.
        if self
            .error
            .as_ref()
            .is_some_and(|e| e.msg == Msg::SessionStarting)
        {
            self.error = None;
        }
        if let Some((intent, dial)) = queued {
            self.dial(intent, dial, now);
        }
        self.emit(ready);
        self.changed();
    }

    /// The HTTP session is gone (GWS said so): back to the login form, once. Nothing retries.
    pub(super) fn session_lost(&mut self, now: u64) {
        self.end_session(now);
        self.emit(HostEvent::SignedOut {});
    }

    /// Leave the active session: CometD stops, requests of the session are dropped and their
    /// promises answered, the CSRF token is forgotten.
    pub(super) fn end_session(&mut self, now: u64) {
        self.stop_cometd(now);
        if let Session::Active(active) = &mut self.session {
            if let Some((Some(intent), _)) = active.queued_dial.take() {
                self.outputs.push_back(Output::Settle {
                    intent,
                    result: Err(not_signed_in()),
                });
            }
            for a in std::mem::take(&mut active.awaited) {
                self.outputs.push_back(Output::Settle {
                    intent: a.intent,
                    result: Err(not_signed_in()),
                });
            }
        }
        let dropped: Vec<(RequestId, Purpose)> = self.requests.drain().collect();
        for (id, purpose) in dropped {
            if matches!(purpose, Purpose::SignOut { .. }) {
                self.requests.insert(id, purpose);
                continue;
            }
            if matches!(purpose, Purpose::Cometd { .. }) {
                self.outputs.push_back(Output::Abort(id));
            }
            self.settle(purpose.intent(), Err(not_signed_in()));
        }
        self.csrf.clear();
        self.session = Session::SignedOut;
        self.changed();
    }

    /// Disconnect CometD (a `/meta/disconnect` on the open transport) and close its transport.
    pub(super) fn stop_cometd(&mut self, now: u64) {
        if let Session::Active(active) = &mut self.session
            && let Some(mut cometd) = active.cometd.take()
        {
            let actions = cometd.client.handle(CometdInput::Disconnect, now);
            // Only the /meta/disconnect send and the transport close matter now.
            for action in actions {
                match action {
                    CometdAction::Send {
                        transport: TransportKind::WebSocket,
                        messages,
                    } => {
                        if let Some(id) = cometd.socket {
                            self.outputs.push_back(Output::SendSocket {
                                id,
                                text: bayeux::to_batch_json(&messages),
                            });
                        }
                    }
                    CometdAction::Send {
                        transport: TransportKind::LongPolling,
                        messages,
                    } => {
                        let url = bayeux::url::long_polling_url(&self.endpoint(), &messages);
                        let body = bayeux::to_batch_json(&messages);
                        // Fire and forget: the answer is not wanted (no purpose is kept).
                        self.next_id += 1;
                        let mut headers = vec![
                            ("Accept".to_string(), "application/json".to_string()),
                            ("Content-Type".into(), "application/json".into()),
                        ];
                        headers.extend(self.csrf.header());
                        self.outputs.push_back(Output::Http(HttpRequest {
                            id: RequestId(self.next_id),
                            method: Method::Post,
                            url,
                            headers,
                            body: Some(body),
                            timeout_ms: Some(REST_TIMEOUT_MS),
                        }));
                    }
                    _ => {}
                }
            }
            if let Some(id) = cometd.socket {
                self.outputs.push_back(Output::CloseSocket(id));
            }
        }
    }

    pub(super) fn sign_out(&mut self, intent: Option<IntentId>, now: u64) {
        if !self.is_signed_in() {
            return self.settle(intent, Ok(Settled::Done));
        }
        if self
            .requests
            .values()
            .any(|p| matches!(p, Purpose::SignOut { .. }))
        {
            return self.settle(
                intent,
                Err(DeskError::new(ErrorCode::Busy, Msg::AlreadySigningOut)),
            );
        }
        // Like Genesys' own sample: stop CometD first, then end the session (it ends the cookie).
        self.stop_cometd(now);
        self.post(
            paths::ME,
            &MeOperation::EndContactCenterSession,
            Purpose::SignOut { intent },
        );
    }

    pub(super) fn signed_out(&mut self, intent: Option<IntentId>, result: HttpResult, now: u64) {
        let failure = request_error(&result, &Attempt::Other).map(|(e, _)| e);
        self.end_session(now);
        // Signed out: the recent calls are forgotten, here and in the browser's storage.
        self.store_recent(None);
        self.emit(HostEvent::SignedOut {});
        match failure {
            Some(error) => {
                let text = Text::new(Msg::SignOutIncomplete, vec![error.message.into()]);
                self.refuse(intent, DeskError::new(error.code, text));
            }
            None => self.settle(intent, Ok(Settled::Done)),
        }
    }

    pub(super) fn verify_session(&mut self) {
        if self.is_signed_in() && !self.requests.values().any(|p| matches!(p, Purpose::Verify)) {
            self.get(paths::ME, Purpose::Verify);
        }
    }

    /// Server truth replaces the view: calls and device state.
    pub(super) fn resync(&mut self) {
        let Session::Active(active) = &mut self.session else {
            return;
        };
        let in_flight = self
            .requests
            .values()
            .any(|p| matches!(p, Purpose::ResyncCalls(_) | Purpose::ResyncDevices(_)));
        if in_flight {
            active.resync_again = true;
            return;
        }
        active.resync_again = false;
        let asked = active.store.mark();
        self.get(
            &format!("{}?fields=*", paths::ME_CALLS),
            Purpose::ResyncCalls(asked),
        );
        self.get(
            &format!("{}?fields=*", paths::ME_DEVICES),
            Purpose::ResyncDevices(asked),
        );
    }
}
