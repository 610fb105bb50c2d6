//! A tiny ordered JSON object writer. The simulator writes resources with it (not through
//! `serde_json::Value`) for two reasons: field order follows the real server's payloads, and
//! attached data may hold duplicate keys, which GWS really emits after `AttachUserData`.

use serde::Serialize;

#[derive(Debug, Default, Clone)]
pub struct JsonObj {
    fields: Vec<(String, String)>,
}

impl JsonObj {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a field from any serialisable value.
    pub fn field<T: Serialize + ?Sized>(mut self, key: &str, value: &T) -> Self {
        let raw = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
        self.fields.push((key.to_string(), raw));
        self
    }

    /// Adds a field whose value is already JSON text.
    pub fn raw(mut self, key: &str, raw_json: String) -> Self {
        self.fields.push((key.to_string(), raw_json));
        self
    }

    pub fn field_opt<T: Serialize>(self, key: &str, value: Option<&T>) -> Self {
        match value {
            Some(v) => self.field(key, v),
            None => self,
        }
    }

    /// Keeps only the named fields (GWS `fields=a,b`).
    pub fn retain(mut self, keep: &dyn Fn(&str) -> bool) -> Self {
        self.fields.retain(|(k, _)| keep(k));
        self
    }

    pub fn finish(&self) -> String {
        let mut out = String::with_capacity(
            64 + self
                .fields
                .iter()
                .map(|(k, v)| k.len() + v.len() + 4)
                .sum::<usize>(),
        );
        out.push('{');
        for (i, (k, v)) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(k).unwrap_or_default());
            out.push(':');
            out.push_str(v);
        }
        out.push('}');
        out
    }
}

/// `[a,b,c]` from already-serialised elements.
pub fn raw_array<I: IntoIterator<Item = String>>(items: I) -> String {
    let mut out = String::from("[");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item);
    }
    out.push(']');
    out
}

/// Attached data as T-Server keeps it: an ordered key/value list where keys may repeat.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct KvList(pub Vec<(String, serde_json::Value)>);

impl KvList {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// UpdateUserData: replace existing keys (all occurrences collapse into one), add new ones.
    pub fn update(&mut self, data: &serde_json::Map<String, serde_json::Value>) {
        for (k, v) in data {
            if let Some(pos) = self.0.iter().position(|(key, _)| key == k) {
                self.0[pos].1 = v.clone();
                let mut idx = 0;
                self.0.retain(|(key, _)| {
                    idx += 1;
                    key != k || idx - 1 == pos
                });
            } else {
                self.0.push((k.clone(), v.clone()));
            }
        }
    }

    /// AttachUserData: append every pair, even when the key exists (the real server duplicates).
    pub fn attach(&mut self, data: &serde_json::Map<String, serde_json::Value>) {
        for (k, v) in data {
            self.0.push((k.clone(), v.clone()));
        }
    }

    /// Removes every pair with this key; false when none existed.
    pub fn delete_key(&mut self, key: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|(k, _)| k != key);
        before != self.0.len()
    }

    pub fn to_json(&self) -> String {
        let mut obj = JsonObj::new();
        for (k, v) in &self.0 {
            obj = obj.field(k, v);
        }
        obj.finish()
    }

    /// Last-wins view, for the admin listing.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.to_json()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn attach_duplicates_update_replaces() {
        let mut kv = KvList::default();
        let m = |v: serde_json::Value| v.as_object().cloned().unwrap();
        kv.attach(&m(json!({"a": 1})));
        kv.attach(&m(json!({"a": 2})));
        assert_eq!(kv.to_json(), r#"{"a":1,"a":2}"#);
        kv.update(&m(json!({"a": 3, "b": "x"})));
        assert_eq!(kv.to_json(), r#"{"a":3,"b":"x"}"#);
        assert!(kv.delete_key("a"));
        assert!(!kv.delete_key("a"));
        assert_eq!(kv.to_json(), r#"{"b":"x"}"#);
    }

    #[test]
    fn retain_filters_fields() {
        let o = JsonObj::new()
            .field("id", "1")
            .field("x", &2)
            .retain(&|k| k == "id");
        assert_eq!(o.finish(), r#"{"id":"1"}"#);
    }
}
