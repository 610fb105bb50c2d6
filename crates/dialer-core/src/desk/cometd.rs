//! CometD: the sans-IO `bayeux::Client` driven from the desk; its transports and timers
//! become the desk's outputs and deadlines.

use super::*;
use crate::i18n::{Msg, Text};

impl Desk {
    pub(super) fn endpoint(&self) -> String {
        format!("{}{}", self.config.base_url, paths::NOTIFICATIONS)
    }

    pub(super) fn start_cometd(&mut self, now: u64) {
        if !self.config.notifications {
            return;
        }
        let Session::Active(active) = &mut self.session else {
            return;
        };
        let config = ClientConfig {
            transports: self.config.transports.clone(),
            rng_seed: self.config.rng_seed,
            ..ClientConfig::default()
        };
        active.cometd = Some(Cometd {
            client: CometdClient::new(config),
            timers: VecMap::new(),
            socket: None,
        });
        for channel in CHANNELS {
            self.cometd_input(CometdInput::Subscribe(channel.to_string()), now);
        }
        self.cometd_input(CometdInput::Start, now);
    }

    pub(super) fn socket_event(&mut self, id: SocketId, event: SocketEvent, now: u64) {
        let current = match &self.session {
            Session::Active(a) => a.cometd.as_ref().and_then(|c| c.socket),
            _ => None,
        };
        if current != Some(id) {
            return; // an old socket's last words
        }
        let input = match event {
            SocketEvent::Opened => CometdInput::TransportOpened(TransportKind::WebSocket),
            SocketEvent::Frame(text) => match bayeux::parse_batch(&text) {
                Ok(batch) => CometdInput::Received(batch),
                Err(e) => {
                    return self.outputs.push_back(Output::Log(format!(
                        "ignored an unreadable CometD frame: {e}"
                    )));
                }
            },
            SocketEvent::Closed(reason) => {
                if let Session::Active(a) = &mut self.session
                    && let Some(c) = &mut a.cometd
                {
                    c.socket = None;
                }
                CometdInput::TransportFailed {
                    transport: TransportKind::WebSocket,
                    reason,
                }
            }
        };
        self.cometd_input(input, now);
    }

    /// Feed the CometD client and carry out what it asks for; inputs it causes synchronously
    /// (long-polling "opens" at once, a send on a closed socket fails) are queued, never nested.
    pub(super) fn cometd_input(&mut self, input: CometdInput, now: u64) {
        let mut queue = VecDeque::from([input]);
        while let Some(input) = queue.pop_front() {
            let actions = match &mut self.session {
                Session::Active(a) => match &mut a.cometd {
                    Some(c) => c.client.handle(input, now),
                    None => return,
                },
                _ => return,
            };
            for action in actions {
                self.cometd_action(action, now, &mut queue);
            }
        }
        self.changed();
    }

    pub(super) fn cometd_action(
        &mut self,
        action: CometdAction,
        now: u64,
        queue: &mut VecDeque<CometdInput>,
    ) {
        match action {
            CometdAction::OpenTransport(TransportKind::WebSocket) => {
                self.next_id += 1;
                let id = SocketId(self.next_id);
                let url = bayeux::url::websocket_url(&self.endpoint());
                if let Some(c) = self.cometd_mut() {
                    if let Some(old) = c.socket.replace(id) {
                        self.outputs.push_back(Output::CloseSocket(old));
                    }
                    self.outputs.push_back(Output::OpenSocket { id, url });
                }
            }
            CometdAction::OpenTransport(TransportKind::LongPolling) => {
                // Nothing to open for HTTP: each Send is its own POST.
                queue.push_back(CometdInput::TransportOpened(TransportKind::LongPolling));
            }
            CometdAction::CloseTransport(TransportKind::WebSocket) => {
                if let Some(id) = self.cometd_mut().and_then(|c| c.socket.take()) {
                    self.outputs.push_back(Output::CloseSocket(id));
                }
            }
            CometdAction::CloseTransport(TransportKind::LongPolling) => {
                // Abort the outstanding POSTs, and forget them: no failure is reported for them.
                let ids: Vec<RequestId> = self
                    .requests
                    .iter()
                    .filter(|(_, p)| matches!(p, Purpose::Cometd { .. }))
                    .map(|(id, _)| *id)
                    .collect();
                for id in ids {
                    self.requests.remove(&id);
                    self.outputs.push_back(Output::Abort(id));
                }
            }
            CometdAction::Send {
                transport: TransportKind::WebSocket,
                messages,
            } => match self.cometd_mut().and_then(|c| c.socket) {
                Some(id) => self.outputs.push_back(Output::SendSocket {
                    id,
                    text: bayeux::to_batch_json(&messages),
                }),
                None => queue.push_back(CometdInput::TransportFailed {
                    transport: TransportKind::WebSocket,
                    reason: "the WebSocket is not open".into(),
                }),
            },
            CometdAction::Send {
                transport: TransportKind::LongPolling,
                messages,
            } => {
                // Like CometD JS, /handshake and /connect batches go to <endpoint>/handshake, ….
                let url = bayeux::url::long_polling_url(&self.endpoint(), &messages);
                let message_ids = messages.iter().filter_map(|m| m.id.clone()).collect();
                let body = bayeux::to_batch_json(&messages);
                self.request(
                    Method::Post,
                    url,
                    Some(body),
                    None,
                    None,
                    Purpose::Cometd { message_ids },
                );
            }
            CometdAction::SetTimer { id, delay_ms } => {
                if let Some(c) = self.cometd_mut() {
                    c.timers.insert(id, now.saturating_add(delay_ms));
                }
            }
            CometdAction::CancelTimer(id) => {
                if let Some(c) = self.cometd_mut() {
                    c.timers.remove(&id);
                }
            }
            CometdAction::Deliver(message) => self.deliver(message, now),
            CometdAction::StateChanged(state) => {
                let row = view::connection_row(&state);
                let (name, transport) = match &state {
                    ConnectionState::Disconnected => ("disconnected", None),
                    ConnectionState::Connecting { transport } => ("connecting", Some(transport)),
                    ConnectionState::Connected { transport } => ("connected", Some(transport)),
                    ConnectionState::Reconnecting { .. } => ("reconnecting", None),
                    ConnectionState::Stopped { .. } => ("stopped", None),
                };
                self.emit(HostEvent::Connection {
                    state: name,
                    transport: transport.map(view::transport_name),
                    message: row.text,
                });
                if state.is_connected() {
                    // Notifications may have been missed while disconnected: ask the server.
                    self.resync();
                }
            }
            CometdAction::SubscriptionChanged {
                channel,
                subscribed: false,
                error: Some(error),
            } if channel != paths::CHANNEL_OUTBOUND => {
                self.show_error(
                    None,
                    Text::new(
                        Msg::ChannelUnavailable,
                        vec![channel.as_str().into(), error.as_str().into()],
                    ),
                );
            }
            CometdAction::SubscriptionChanged { .. } => {}
        }
    }

    pub(super) fn cometd_mut(&mut self) -> Option<&mut Cometd> {
        match &mut self.session {
            Session::Active(a) => a.cometd.as_mut(),
            _ => None,
        }
    }
}
