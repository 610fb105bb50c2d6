//! The hub's client table: by clientId, plus an index by agent so publishing a notification
//! touches only that agent's clients (a full scan per message under the lock does not scale to
//! thousands of connected agents).

use super::session::ClientSession;
use crate::fasthash::FastMap;
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct Registry {
    by_id: FastMap<String, Arc<ClientSession>>,
    by_agent: FastMap<usize, Vec<Arc<ClientSession>>>,
}

impl Registry {
    pub fn insert(&mut self, client: Arc<ClientSession>) {
        self.by_agent
            .entry(client.agent)
            .or_default()
            .push(client.clone());
        if let Some(old) = self.by_id.insert(client.id.clone(), client) {
            self.unindex(&old);
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<Arc<ClientSession>> {
        let client = self.by_id.remove(id)?;
        self.unindex(&client);
        Some(client)
    }

    fn unindex(&mut self, client: &Arc<ClientSession>) {
        if let Some(list) = self.by_agent.get_mut(&client.agent) {
            list.retain(|c| !Arc::ptr_eq(c, client));
            if list.is_empty() {
                self.by_agent.remove(&client.agent);
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&Arc<ClientSession>> {
        self.by_id.get(id)
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn values(&self) -> impl Iterator<Item = &Arc<ClientSession>> {
        self.by_id.values()
    }

    pub fn of_agent(&self, agent: usize) -> &[Arc<ClientSession>] {
        self.by_agent.get(&agent).map_or(&[], Vec::as_slice)
    }

    /// Empties the table, returning every client.
    pub fn drain(&mut self) -> Vec<Arc<ClientSession>> {
        self.by_agent.clear();
        self.by_id.drain().map(|(_, c)| c).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_agent_index_follows_inserts_and_removals() {
        let mut r = Registry::default();
        r.insert(ClientSession::new("a".into(), 1, "websocket"));
        r.insert(ClientSession::new("b".into(), 1, "long-polling"));
        r.insert(ClientSession::new("c".into(), 2, "websocket"));
        assert_eq!(r.of_agent(1).len(), 2);
        assert_eq!(r.of_agent(2).len(), 1);
        assert!(r.of_agent(3).is_empty());
        assert_eq!(r.remove("a").map(|c| c.id.clone()), Some("a".to_string()));
        assert!(r.remove("a").is_none());
        let ids: Vec<&str> = r.of_agent(1).iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["b"]);
        // Re-registering an id replaces the old entry everywhere.
        r.insert(ClientSession::new("b".into(), 2, "websocket"));
        assert!(r.of_agent(1).is_empty());
        assert_eq!(r.of_agent(2).len(), 2);
        assert_eq!(r.len(), 2);
        assert_eq!(r.drain().len(), 2);
        assert!(r.of_agent(2).is_empty() && r.get("b").is_none());
    }
}
