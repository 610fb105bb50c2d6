//! Counters and the latency histogram shared by every agent task.

use hdrhistogram::Histogram;
use serde_json::{Value, json};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Wall clock in microseconds (the servers stamp `serverGenerationTimestamp` in ms, same clock).
pub fn now_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or(0)
}

pub struct Stats {
    measuring: AtomicBool,
    pub delivered: AtomicU64,
    pub delivered_bytes: AtomicU64,
    pub cycles: AtomicU64,
    pub errors: AtomicU64,
    latency_us: Mutex<Histogram<u64>>,
    first_errors: Mutex<Vec<String>>,
}

impl Stats {
    pub fn new() -> Self {
        Stats {
            measuring: AtomicBool::new(false),
            delivered: AtomicU64::new(0),
            delivered_bytes: AtomicU64::new(0),
            cycles: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            // 1 µs .. 10 min, 3 significant digits.
            latency_us: Mutex::new(
                Histogram::new_with_bounds(1, 600_000_000, 3)
                    .expect("static histogram bounds are valid"),
            ),
            first_errors: Mutex::new(Vec::new()),
        }
    }

    pub fn set_measuring(&self, on: bool) {
        self.measuring.store(on, Ordering::SeqCst);
    }

    pub fn measuring(&self) -> bool {
        self.measuring.load(Ordering::Relaxed)
    }

    /// One data message received; `generated_ms` is its `serverGenerationTimestamp`.
    pub fn delivered(&self, bytes: usize, generated_ms: Option<i64>, received_us: u64) {
        if !self.measuring() {
            return;
        }
        self.delivered.fetch_add(1, Ordering::Relaxed);
        self.delivered_bytes
            .fetch_add(bytes as u64, Ordering::Relaxed);
        if let Some(ms) = generated_ms {
            let latency = received_us.saturating_sub((ms.max(0) as u64) * 1000).max(1);
            if let Ok(mut h) = self.latency_us.lock() {
                h.saturating_record(latency);
            }
        }
    }

    /// Errors always count, in or out of the window; the first few are kept verbatim.
    pub fn error(&self, message: String) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut v) = self.first_errors.lock()
            && v.len() < 10
        {
            v.push(message);
        }
    }

    pub fn summary(&self, window_s: f64) -> Value {
        let h = self.latency_us.lock().map(|h| h.clone()).ok();
        let q = |p: f64| {
            h.as_ref()
                .map(|h| h.value_at_quantile(p) as f64 / 1000.0)
                .unwrap_or(f64::NAN)
        };
        let delivered = self.delivered.load(Ordering::Relaxed);
        json!({
            "delivered": delivered,
            "notificationsPerSec": delivered as f64 / window_s.max(1e-9),
            "avgPayloadBytes": self.delivered_bytes.load(Ordering::Relaxed) as f64 / delivered.max(1) as f64,
            "cycles": self.cycles.load(Ordering::Relaxed),
            "latencyMs": { "p50": q(0.50), "p99": q(0.99), "max": q(1.0),
                           "samples": h.as_ref().map(|h| h.len()).unwrap_or(0) },
            "errors": self.errors.load(Ordering::Relaxed),
            "firstErrors": self.first_errors.lock().map(|v| v.clone()).unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_window_counts_and_latency_is_receipt_minus_generation() {
        let s = Stats::new();
        s.delivered(100, Some(1_000), 1_500_000);
        assert_eq!(s.delivered.load(Ordering::Relaxed), 0);
        s.set_measuring(true);
        s.delivered(100, Some(1_000), 1_003_000);
        s.delivered(300, Some(1_000), 1_001_000);
        let v = s.summary(2.0);
        assert_eq!(v["delivered"], 2);
        assert_eq!(v["notificationsPerSec"], 1.0);
        assert_eq!(v["avgPayloadBytes"], 200.0);
        let p99 = v["latencyMs"]["p99"].as_f64().unwrap();
        assert!((p99 - 3.0).abs() < 0.01, "{p99}");
    }

    #[test]
    fn errors_are_counted_and_the_first_kept() {
        let s = Stats::new();
        for i in 0..12 {
            s.error(format!("e{i}"));
        }
        let v = s.summary(1.0);
        assert_eq!(v["errors"], 12);
        assert_eq!(v["firstErrors"].as_array().unwrap().len(), 10);
    }
}
