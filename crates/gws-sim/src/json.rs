//! A tiny ordered JSON object writer. The simulator writes resources with it (not through
//! `serde_json::Value`) for two reasons: field order follows the real server's payloads, and
//! attached data may hold duplicate keys, which GWS really emits after `AttachUserData`.

use serde::Serialize;

#[derive(Debug, Default, Clone)]
pub struct JsonObj {
    /// `"key":value` entries written back to back (no separators), escaped once, in one
    /// buffer: notifications are built field by field on the hot path, so no allocation per
    /// field.
    buf: Vec<u8>,
    /// (start of the key, end of the entry) in `buf`.
    spans: Vec<(usize, usize)>,
}

impl JsonObj {
    pub fn new() -> Self {
        JsonObj {
            buf: Vec::with_capacity(256),
            spans: Vec::new(),
        }
    }

    fn key(&mut self, key: &str) -> usize {
        let start = self.buf.len();
        // Writing a str into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut self.buf, key);
        self.buf.push(b':');
        start
    }

    /// Adds a field from any serialisable value.
    pub fn field<T: Serialize + ?Sized>(mut self, key: &str, value: &T) -> Self {
        let start = self.key(key);
        let value_at = self.buf.len();
        if serde_json::to_writer(&mut self.buf, value).is_err() {
            self.buf.truncate(value_at);
            self.buf.extend_from_slice(b"null");
        }
        self.spans.push((start, self.buf.len()));
        self
    }

    /// Adds a field whose value is already JSON text.
    pub fn raw(mut self, key: &str, raw_json: String) -> Self {
        let start = self.key(key);
        self.buf.extend_from_slice(raw_json.as_bytes());
        self.spans.push((start, self.buf.len()));
        self
    }

    pub fn field_opt<T: Serialize>(self, key: &str, value: Option<&T>) -> Self {
        match value {
            Some(v) => self.field(key, v),
            None => self,
        }
    }

    /// Keeps only the named fields (GWS `fields=a,b`).
    pub fn retain(self, keep: &dyn Fn(&str) -> bool) -> Self {
        let mut out = JsonObj::new();
        for &(start, end) in &self.spans {
            let entry = &self.buf[start..end];
            // The key is the JSON string before the first unescaped ':' (keys are written by
            // serde_json, so parsing it back is exact).
            let key_end = key_end(entry);
            let key: String = serde_json::from_slice(&entry[..key_end]).unwrap_or_default();
            if keep(&key) {
                let s = out.buf.len();
                out.buf.extend_from_slice(entry);
                out.spans.push((s, out.buf.len()));
            }
        }
        out
    }

    pub fn finish(&self) -> String {
        let mut out = Vec::with_capacity(self.buf.len() + self.spans.len() + 2);
        out.push(b'{');
        for (i, &(start, end)) in self.spans.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(&self.buf[start..end]);
        }
        out.push(b'}');
        // Only UTF-8 was written: serde_json output and `String`s.
        String::from_utf8(out).unwrap_or_default()
    }
}

/// Length of the JSON string key at the start of `entry` (`"k\"ey":...`).
fn key_end(entry: &[u8]) -> usize {
    let mut i = 1;
    while i < entry.len() {
        match entry[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    entry.len()
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
    fn keys_and_values_are_escaped_and_retain_reads_escaped_keys() {
        let o = JsonObj::new()
            .field("a\"b", "x\"y")
            .raw("r", "[1]".to_string())
            .field("c", &1);
        assert_eq!(o.finish(), r#"{"a\"b":"x\"y","r":[1],"c":1}"#);
        assert_eq!(
            o.clone().retain(&|k| k == "a\"b").finish(),
            r#"{"a\"b":"x\"y"}"#
        );
        assert_eq!(o.retain(&|k| k != "r").finish(), r#"{"a\"b":"x\"y","c":1}"#);
        assert_eq!(JsonObj::new().finish(), "{}");
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
