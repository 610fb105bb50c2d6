//! Which channels the application wants versus what the server has confirmed on
//! the current session. Sending is a reconciliation of the two, so queued
//! subscribes, replays after a re-handshake and subscribe/unsubscribe races all
//! fall out of one rule.

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Op {
    Subscribe,
    Unsubscribe,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Subscriptions {
    /// What the application asked for, in request order (replayed in that order).
    desired: Vec<String>,
    /// Confirmed by the server on the current session.
    confirmed: BTreeSet<String>,
    /// Requests sent and not answered yet: channel → operation.
    in_flight: BTreeMap<String, Op>,
}

impl Subscriptions {
    pub(crate) fn want(&mut self, channel: &str) {
        if !self.desired.iter().any(|c| c == channel) {
            self.desired.push(channel.to_string());
        }
    }

    pub(crate) fn unwant(&mut self, channel: &str) {
        self.desired.retain(|c| c != channel);
    }

    pub(crate) fn desired(&self) -> &[String] {
        &self.desired
    }

    pub(crate) fn is_confirmed(&self, channel: &str) -> bool {
        self.confirmed.contains(channel)
    }

    pub(crate) fn is_pending(&self, channel: &str) -> bool {
        self.in_flight.contains_key(channel)
    }

    /// A new session has no subscriptions; nothing is in flight on it.
    pub(crate) fn new_session(&mut self) {
        self.confirmed.clear();
        self.in_flight.clear();
    }

    /// Requests lost with the transport: they will be re-sent by the next reconcile.
    pub(crate) fn forget_in_flight(&mut self) {
        self.in_flight.clear();
    }

    /// The operations to send now, marked in flight.
    pub(crate) fn plan(&mut self) -> Vec<(Op, String)> {
        let mut ops = Vec::new();
        for c in &self.desired {
            if !self.confirmed.contains(c) && !self.in_flight.contains_key(c) {
                ops.push((Op::Subscribe, c.clone()));
            }
        }
        for c in &self.confirmed {
            if !self.desired.contains(c) && !self.in_flight.contains_key(c) {
                ops.push((Op::Unsubscribe, c.clone()));
            }
        }
        for (op, c) in &ops {
            self.in_flight.insert(c.clone(), op.clone());
        }
        ops
    }

    /// A reply (or failure) for `channel` arrived; `on_server` is whether the server now has it.
    pub(crate) fn settle(&mut self, channel: &str, on_server: bool) {
        self.in_flight.remove(channel);
        if on_server {
            self.confirmed.insert(channel.to_string());
        } else {
            self.confirmed.remove(channel);
        }
    }

    /// A request failed without an answer; the server state is unchanged.
    pub(crate) fn abandon(&mut self, channel: &str) {
        self.in_flight.remove(channel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_subscribes_wanted_and_unsubscribes_unwanted_once() {
        let mut s = Subscriptions::default();
        s.want("/a");
        s.want("/b");
        s.want("/a");
        assert_eq!(
            s.plan(),
            vec![(Op::Subscribe, "/a".into()), (Op::Subscribe, "/b".into())]
        );
        assert!(s.plan().is_empty(), "in flight requests are not repeated");
        s.settle("/a", true);
        s.settle("/b", true);
        s.unwant("/a");
        assert_eq!(s.plan(), vec![(Op::Unsubscribe, "/a".into())]);
        s.settle("/a", false);
        s.new_session();
        assert_eq!(s.plan(), vec![(Op::Subscribe, "/b".into())]);
    }
}
