//! A tiny ordered JSON object writer. The simulator writes resources with it (not through
//! `serde_json::Value`) for two reasons: field order follows the real server's payloads, and
//! attached data may hold duplicate keys, which GWS really emits after `AttachUserData`.

use serde::Serialize;
use serde::ser::{self, Impossible, SerializeSeq, SerializeTuple, SerializeTupleStruct};
use std::fmt;

/// An object written field by field into one buffer: `{` and the `"key":value` entries with
/// their separators, so [`JsonObj::finish`] only closes it. Notifications are built this way on
/// the hot path: no allocation per field, nested objects ([`JsonObj::object`]) written into the
/// same buffer, and strings that need no escaping (nearly all) copied whole.
#[derive(Debug, Clone)]
pub struct JsonObj {
    buf: String,
    /// (start of the key, end of the entry) in `buf`, for [`JsonObj::retain`]; not kept for
    /// an object nested in another one's buffer.
    spans: Vec<(usize, usize)>,
    entries: usize,
    nested: bool,
}

impl Default for JsonObj {
    fn default() -> Self {
        JsonObj::new()
    }
}

impl JsonObj {
    pub fn new() -> Self {
        Self::with_capacity(256)
    }

    /// An object whose text is expected to be about `bytes` long (one allocation).
    pub fn with_capacity(bytes: usize) -> Self {
        let mut buf = String::with_capacity(bytes);
        buf.push('{');
        JsonObj {
            buf,
            spans: Vec::new(),
            entries: 0,
            nested: false,
        }
    }

    #[inline]
    fn key(&mut self, key: &str) -> usize {
        if self.entries > 0 {
            self.buf.push(',');
        }
        let start = self.buf.len();
        write_str(&mut self.buf, key);
        self.buf.push(':');
        start
    }

    #[inline]
    fn end_entry(&mut self, start: usize) {
        if !self.nested {
            if self.spans.is_empty() {
                self.spans.reserve(24);
            }
            self.spans.push((start, self.buf.len()));
        }
        self.entries += 1;
    }

    /// Adds a field from any serialisable value.
    #[inline]
    pub fn field<T: Serialize + ?Sized>(mut self, key: &str, value: &T) -> Self {
        let start = self.key(key);
        write_value(&mut self.buf, value);
        self.end_entry(start);
        self
    }

    /// Adds a string field made of `parts` (a URI from its pieces, without a `format!`).
    #[inline]
    pub fn field_concat(mut self, key: &str, parts: &[&str]) -> Self {
        let start = self.key(key);
        self.buf.push('"');
        for p in parts {
            write_str_contents(&mut self.buf, p);
        }
        self.buf.push('"');
        self.end_entry(start);
        self
    }

    /// Adds a field whose value is already JSON text.
    pub fn raw(self, key: &str, raw_json: String) -> Self {
        self.raw_str(key, &raw_json)
    }

    /// Adds a field whose value is already JSON text.
    #[inline]
    pub fn raw_str(mut self, key: &str, raw_json: &str) -> Self {
        let start = self.key(key);
        self.buf.push_str(raw_json);
        self.end_entry(start);
        self
    }

    /// Adds an object field, written by `f` into this object's buffer.
    #[inline]
    pub fn object(mut self, key: &str, f: impl FnOnce(JsonObj) -> JsonObj) -> Self {
        let start = self.key(key);
        let child = f(self.child());
        self.buf = child.buf;
        self.buf.push('}');
        self.end_entry(start);
        self
    }

    /// Adds an array field of objects, one per item, each written by `f`.
    pub fn objects<I>(
        mut self,
        key: &str,
        items: impl IntoIterator<Item = I>,
        mut f: impl FnMut(JsonObj, I) -> JsonObj,
    ) -> Self {
        let start = self.key(key);
        self.buf.push('[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.buf.push(',');
            }
            let child = f(self.child(), item);
            self.buf = child.buf;
            self.buf.push('}');
        }
        self.buf.push(']');
        self.end_entry(start);
        self
    }

    /// An object opened at the end of this one's buffer (which it takes over until it is
    /// given back).
    #[inline]
    fn child(&mut self) -> JsonObj {
        let mut buf = std::mem::take(&mut self.buf);
        buf.push('{');
        JsonObj {
            buf,
            spans: Vec::new(),
            entries: 0,
            nested: true,
        }
    }

    #[inline]
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
            // The key is the JSON string before the first unescaped ':' (keys are written
            // escaped, so parsing it back is exact).
            let key_end = key_end(entry.as_bytes());
            let key: String = serde_json::from_str(&entry[..key_end]).unwrap_or_default();
            if keep(&key) {
                let s = out.key_raw();
                out.buf.push_str(entry);
                out.end_entry(s);
            }
        }
        out
    }

    fn key_raw(&mut self) -> usize {
        if self.entries > 0 {
            self.buf.push(',');
        }
        self.buf.len()
    }

    pub fn finish(mut self) -> String {
        self.buf.push('}');
        self.buf
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

/// Writes `value` as JSON, exactly as `serde_json` would: strings, numbers, booleans, options
/// and sequences of them directly, anything else (maps, structs, floats) through `serde_json`.
#[inline]
pub fn write_value<T: Serialize + ?Sized>(buf: &mut String, value: &T) {
    let at = buf.len();
    if value.serialize(Fast(buf)).is_err() {
        buf.truncate(at);
        match serde_json::to_string(value) {
            Ok(s) => buf.push_str(&s),
            Err(_) => buf.push_str("null"),
        }
    }
}

/// `s` as a JSON string, byte for byte what `serde_json` writes.
#[inline]
pub fn write_str(buf: &mut String, s: &str) {
    buf.push('"');
    write_str_contents(buf, s);
    buf.push('"');
}

/// `s` escaped as the inside of a JSON string.
#[inline]
fn write_str_contents(buf: &mut String, s: &str) {
    if needs_escape(s.as_bytes()) {
        write_escaped_contents(buf, s);
    } else {
        buf.push_str(s);
    }
}

/// The rare string with a quote, a backslash or a control character: serde_json's escaping,
/// without its quotes.
#[cold]
fn write_escaped_contents(buf: &mut String, s: &str) {
    let quoted = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    buf.push_str(&quoted[1..quoted.len() - 1]);
}

/// Whether any byte is `"`, `\` or below 0x20 (what JSON escapes), eight bytes at a time.
#[inline]
fn needs_escape(b: &[u8]) -> bool {
    #[inline(always)]
    fn load8(b: &[u8], i: usize) -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        u64::from_le_bytes(w)
    }
    #[inline(always)]
    fn load4(b: &[u8], i: usize) -> u64 {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[i..i + 4]);
        u64::from(u32::from_le_bytes(w))
    }
    #[inline(always)]
    fn load2(b: &[u8], i: usize) -> u64 {
        let mut w = [0u8; 2];
        w.copy_from_slice(&b[i..i + 2]);
        u64::from(u16::from_le_bytes(w))
    }
    // Bytes that need no escaping, to pad short strings to a word.
    const PAD: u64 = 0x6161_6161_6161_6161;
    let n = b.len();
    let found = if n >= 8 {
        let mut found = 0u64;
        let mut i = 0;
        while i + 8 <= n {
            found |= escapes_in(load8(b, i));
            i += 8;
        }
        // The last bytes: the last eight, overlapping what was checked.
        if i < n {
            found |= escapes_in(load8(b, n - 8));
        }
        found
    } else if n >= 4 {
        escapes_in(load4(b, 0) | (load4(b, n - 4) << 32))
    } else if n >= 2 {
        escapes_in((PAD << 32) | load2(b, 0) | (load2(b, n - 2) << 16))
    } else if n == 1 {
        escapes_in((PAD << 8) | u64::from(b[0]))
    } else {
        0
    };
    found != 0
}

/// Nonzero when a byte of `w` is `"`, `\` or below 0x20 (exact: the classic zero-byte and
/// less-than tricks; a byte >= 0x80 never matches, its high bit being set in `w`).
#[inline]
fn escapes_in(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v;
    let control = w.wrapping_sub(ONES * 0x20) & !w;
    let quote = zero_byte(w ^ (ONES * b'"' as u64));
    let backslash = zero_byte(w ^ (ONES * b'\\' as u64));
    (control | quote | backslash) & HIGHS
}

/// The serde serializer behind [`write_value`]: primitives, options and sequences; anything
/// else is refused so that `serde_json` writes it.
struct Fast<'a>(&'a mut String);

#[derive(Debug)]
struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to serde_json")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

fn write_u64(buf: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        buf.push(char::from(d));
    }
}

fn write_i64(buf: &mut String, n: i64) {
    if n < 0 {
        buf.push('-');
    }
    write_u64(buf, n.unsigned_abs());
}

impl<'a> ser::Serializer for Fast<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Impossible<(), Unsupported>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        write_i64(self.0, v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        write_u64(self.0, v);
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_f64(self, _: f64) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.serialize_str(v.encode_utf8(&mut [0u8; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        write_str(self.0, v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.0.push_str("null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a>, Unsupported> {
        self.0.push('[');
        Ok(Seq {
            buf: self.0,
            first: true,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

struct Seq<'a> {
    buf: &'a mut String,
    first: bool,
}

impl SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        if !self.first {
            self.buf.push(',');
        }
        self.first = false;
        value.serialize(Fast(self.buf))
    }
    fn end(self) -> Result<(), Unsupported> {
        self.buf.push(']');
        Ok(())
    }
}

impl SerializeTuple for Seq<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        SerializeSeq::end(self)
    }
}

impl SerializeTupleStruct for Seq<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        SerializeSeq::end(self)
    }
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
        assert_eq!(o.clone().finish(), r#"{"a\"b":"x\"y","r":[1],"c":1}"#);
        assert_eq!(
            o.clone().retain(&|k| k == "a\"b").finish(),
            r#"{"a\"b":"x\"y"}"#
        );
        assert_eq!(o.retain(&|k| k != "r").finish(), r#"{"a\"b":"x\"y","c":1}"#);
        assert_eq!(JsonObj::new().finish(), "{}");
    }

    #[test]
    fn values_are_written_exactly_as_serde_json_writes_them() {
        fn same<T: Serialize + ?Sized>(v: &T) {
            let mut buf = String::new();
            write_value(&mut buf, v);
            assert_eq!(buf, serde_json::to_string(v).unwrap());
        }
        for s in [
            "",
            "plain ascii, longer than eight bytes",
            "quote \" inside",
            "back\\slash",
            "tab\there",
            "\u{1}\u{1f}\u{7f}",
            "unicode é ü 漢字 😀 and a \n newline",
            "exactly8",
            "/slashes/are/not/escaped",
        ] {
            same(s);
            same(&s.to_string());
        }
        // Every ASCII byte at every position of strings of every length up to two words
        // and a bit (the short, whole-word and overlapping-tail paths).
        for len in 0..20 {
            same(&"x".repeat(len));
            for pos in 0..len {
                for b in 0u8..=0x7f {
                    let mut t = "y".repeat(len).into_bytes();
                    t[pos] = b;
                    same(&String::from_utf8(t).unwrap());
                }
            }
        }
        same(&0u64);
        same(&u64::MAX);
        same(&i64::MIN);
        same(&-42i32);
        same(&true);
        same(&Some("x"));
        same(&None::<&str>);
        same(&vec!["Hold", "Retrieve"]);
        same(&Vec::<String>::new());
        same(&[["a", "b"], ["c", "d"]]);
        same(&1.5f64);
        same(&serde_json::json!({"a": [1, {"b": null}], "c": "d\"e"}));
        same(&serde_json::json!("only a string"));
        same(&'q');
    }

    #[test]
    fn nested_objects_and_arrays_and_concatenated_strings() {
        let o = JsonObj::new()
            .field("id", "1")
            .object("inner", |o| o.field("a", &1).object("deeper", |o| o))
            .objects("list", ["x", "y\""], |o, n| o.field("n", n))
            .objects("empty", Vec::<u8>::new(), |o, _| o)
            .field_concat("uri", &["http://h", "/calls/", "C\"1"])
            .raw_str("r", "[]");
        let text = o.clone().finish();
        assert_eq!(
            text,
            r#"{"id":"1","inner":{"a":1,"deeper":{}},"list":[{"n":"x"},{"n":"y\""}],"empty":[],"uri":"http://h/calls/C\"1","r":[]}"#
        );
        serde_json::from_str::<serde_json::Value>(&text).unwrap();
        assert_eq!(
            o.retain(&|k| k == "inner" || k == "uri").finish(),
            r#"{"inner":{"a":1,"deeper":{}},"uri":"http://h/calls/C\"1"}"#
        );
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
