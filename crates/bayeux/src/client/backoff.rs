//! Reconnect backoff (capped exponential with jitter) and the tiny PRNG that
//! feeds the jitter, seeded from the config so tests are deterministic.

/// Backoff policy. Attempt `n` (1-based) waits `min(max_ms, initial_ms · multiplier^(n-1))`
/// reduced by a random share of up to `jitter_ratio` ("equal jitter"), so the delay lies in
/// `[base · (1 - jitter_ratio), base]` and never exceeds the cap.
#[derive(Debug, Clone, PartialEq)]
pub struct Backoff {
    pub initial_ms: u64,
    pub max_ms: u64,
    pub multiplier: f64,
    /// 0.0 = no jitter, 1.0 = anywhere between 0 and the base delay.
    pub jitter_ratio: f64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            initial_ms: 1_000,
            max_ms: 30_000,
            multiplier: 2.0,
            jitter_ratio: 0.2,
        }
    }
}

impl Backoff {
    /// The un-jittered delay of attempt `attempt` (1-based; 0 is treated as 1).
    pub fn base_delay_ms(&self, attempt: u32) -> u64 {
        let exp = attempt.saturating_sub(1).min(64) as i32;
        // Bad config (NaN, < 1) must not shrink or explode the delay.
        let mult = if self.multiplier.is_finite() && self.multiplier >= 1.0 {
            self.multiplier
        } else {
            1.0
        };
        let raw = self.initial_ms as f64 * mult.powi(exp);
        if !raw.is_finite() || raw >= self.max_ms as f64 {
            self.max_ms
        } else {
            raw as u64
        }
    }

    /// The jittered delay of attempt `attempt`, using `unit` ∈ [0, 1) as the random draw.
    pub fn delay_ms(&self, attempt: u32, unit: f64) -> u64 {
        let base = self.base_delay_ms(attempt);
        let ratio = if self.jitter_ratio.is_finite() {
            self.jitter_ratio.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let cut = (base as f64 * ratio * unit.clamp(0.0, 1.0)) as u64;
        base.saturating_sub(cut)
    }
}

/// SplitMix64: tiny, good enough for jitter, no dependency.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_delay_grows_then_caps() {
        let b = Backoff {
            initial_ms: 500,
            max_ms: 4_000,
            multiplier: 2.0,
            jitter_ratio: 0.0,
        };
        let delays: Vec<u64> = (1..=6).map(|n| b.base_delay_ms(n)).collect();
        assert_eq!(delays, vec![500, 1_000, 2_000, 4_000, 4_000, 4_000]);
        assert_eq!(b.base_delay_ms(u32::MAX), 4_000);
    }

    #[test]
    fn jitter_stays_within_bounds() {
        let b = Backoff {
            jitter_ratio: 0.5,
            ..Backoff::default()
        };
        let mut rng = Rng::new(7);
        for attempt in 1..20 {
            let base = b.base_delay_ms(attempt);
            let d = b.delay_ms(attempt, rng.next_unit());
            assert!(
                d <= base && d >= base / 2,
                "attempt {attempt}: {d} vs {base}"
            );
        }
    }

    #[test]
    fn rng_is_deterministic_and_in_unit_range() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        for _ in 0..100 {
            let x = a.next_unit();
            assert_eq!(x, b.next_unit());
            assert!((0.0..1.0).contains(&x));
        }
        assert_ne!(Rng::new(1).next_unit(), Rng::new(2).next_unit());
    }

    #[test]
    fn nonsense_config_does_not_panic_or_shrink() {
        let b = Backoff {
            initial_ms: 1_000,
            max_ms: 10_000,
            multiplier: f64::NAN,
            jitter_ratio: f64::INFINITY,
        };
        assert_eq!(b.delay_ms(5, 0.9), 1_000);
    }
}
