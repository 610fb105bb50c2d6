//! A fast hasher for the maps looked up on every request and notification, keyed by ids the
//! simulator generates itself (call, connection, session and CometD client ids): SipHash,
//! std's default, cost about 6 % of the simulator's instructions under load. These maps'
//! keys are never chosen by clients (they are random or sequential server ids; a client
//! only looks them up), so there is no collision flooding to defend against.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A multiply-and-fold per eight bytes (the mixing step of wyhash/foldhash): the 128-bit
/// product's halves xored, so every input bit reaches the low bits hashbrown indexes by.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher {
    hash: u64,
}

const K: u64 = 0xf135_7aea_2e62_a9c5;
const SEED: u64 = 0x243f_6a88_85a3_08d3;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        let product = u128::from(self.hash ^ word ^ SEED) * u128::from(K);
        self.hash = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash + ?Sized>(t: &T) -> u64 {
        BuildHasherDefault::<FastHasher>::default().hash_one(t)
    }

    #[test]
    fn distinct_ids_spread() {
        let ids: Vec<String> = (0..10_000u64)
            .map(|n| format!("{:016x}", 0x006c_03a7_194a_a000_u64 + n))
            .collect();
        let mut buckets = std::collections::HashSet::new();
        let mut tags = std::collections::HashSet::new();
        for id in &ids {
            buckets.insert(hash(id.as_str()) & 0xffff);
            tags.insert(hash(id.as_str()) >> 57);
        }
        // Sequential connection ids fill most of 65 536 buckets and every tag value.
        assert!(buckets.len() > 9_000, "{}", buckets.len());
        assert_eq!(tags.len(), 128);
        assert_ne!(hash("abc"), hash("abd"));
        assert_ne!(hash(""), hash("\0"));
        let mut m: FastMap<String, usize> = FastMap::default();
        for (i, id) in ids.iter().enumerate() {
            m.insert(id.clone(), i);
        }
        assert_eq!(m.get(ids[1234].as_str()), Some(&1234));
    }
}
