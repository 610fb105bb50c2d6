//! mimalloc (the binaries' global allocator) told to keep the memory it frees. Compiled into
//! the simulator and, by path, into the load generator (whose CPU per notification counts for
//! the flat-out latencies it measures).
//!
//! By default mimalloc v3 returns pages that stay free for a second to the kernel, and the
//! next burst of notifications faults them in again (zeroed): under load that was about a
//! tenth of the simulator's CPU per notification and a source of stalls (BENCHMARKS.md,
//! "Simulator under load"). A simulator's memory follows its number of connected agents, so
//! holding on to freed pages costs little. The `mimalloc` crate exposes the option setter only
//! behind a feature that needs another crate; the function is in the linked library anyway.

use std::ffi::{c_int, c_long};

// The crate that links the mimalloc library these functions come from.
use mimalloc as _;

unsafe extern "C" {
    fn mi_option_get(option: c_int) -> c_long;
    fn mi_option_set(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in the mimalloc v3 header libmimalloc-sys 0.1.49 builds.
const MI_OPTION_PURGE_DELAY: c_int = 15;
/// Its default there: a setting at that index still at this value is the purge delay.
const PURGE_DELAY_DEFAULT_MS: c_long = 1000;

/// Never purge freed pages, unless `MIMALLOC_PURGE_DELAY` chose otherwise. Returns whether the
/// option was set.
pub fn keep_freed_memory() -> bool {
    // SAFETY: both functions only read or write mimalloc's option table; they take and return
    // plain integers.
    unsafe {
        if mi_option_get(MI_OPTION_PURGE_DELAY) != PURGE_DELAY_DEFAULT_MS {
            return false;
        }
        mi_option_set(MI_OPTION_PURGE_DELAY, -1);
        mi_option_get(MI_OPTION_PURGE_DELAY) == -1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_where_the_header_says() {
        // mimalloc reads `MIMALLOC_PURGE_DELAY` itself (and keeps its default for a value it
        // cannot read): a delay chosen there must be left alone, the default must be replaced.
        let chosen = std::env::var("MIMALLOC_PURGE_DELAY").ok();
        let at_default = chosen
            .as_deref()
            .and_then(|v| v.trim().parse::<c_long>().ok())
            .is_none_or(|ms| ms == PURGE_DELAY_DEFAULT_MS);
        assert_eq!(
            keep_freed_memory(),
            at_default,
            "MIMALLOC_PURGE_DELAY={chosen:?}"
        );
        // Set already: not its default any more, so left alone.
        assert!(!keep_freed_memory());
    }
}
