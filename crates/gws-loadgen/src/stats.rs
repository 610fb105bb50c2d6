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

/// 1 µs .. 10 min, 3 significant digits.
fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 600_000_000, 3).expect("static histogram bounds are valid")
}

const TIMELINE_BUCKET_US: u64 = 100_000;
/// Ten minutes of 100 ms buckets at most.
const TIMELINE_MAX_BUCKETS: usize = 6_000;

/// What every delivery in the window adds to (one lock for all three).
#[derive(Clone)]
struct Latencies {
    /// Receipt by this code minus generation.
    receipt_us: Histogram<u64>,
    /// Arrival at this machine (the kernel's receive timestamp) minus generation: the server's
    /// latency without the load generator's own backlog.
    arrival_us: Histogram<u64>,
    /// Per 100 ms of the window, by generation time: (notifications, worst latency in µs).
    /// It shows whether a p99 is a steady queue or a few stalls, and when they happened.
    timeline: Vec<(u64, u64)>,
}

pub struct Stats {
    measuring: AtomicBool,
    pub delivered: AtomicU64,
    pub delivered_bytes: AtomicU64,
    pub cycles: AtomicU64,
    pub errors: AtomicU64,
    /// Wall clock (µs) when the window opened.
    window_start_us: AtomicU64,
    latencies: Mutex<Latencies>,
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
            window_start_us: AtomicU64::new(0),
            latencies: Mutex::new(Latencies {
                receipt_us: histogram(),
                arrival_us: histogram(),
                timeline: Vec::new(),
            }),
            first_errors: Mutex::new(Vec::new()),
        }
    }

    pub fn set_measuring(&self, on: bool) {
        if on {
            self.window_start_us.store(now_us(), Ordering::SeqCst);
        }
        self.measuring.store(on, Ordering::SeqCst);
    }

    pub fn measuring(&self) -> bool {
        self.measuring.load(Ordering::Relaxed)
    }

    /// One data message received; `generated_ms` is its `serverGenerationTimestamp`,
    /// `received_us` when this code got it, `arrived_us` when its bytes reached the machine.
    pub fn delivered(
        &self,
        bytes: usize,
        generated_ms: Option<i64>,
        received_us: u64,
        arrived_us: Option<u64>,
    ) {
        if !self.measuring() {
            return;
        }
        self.delivered.fetch_add(1, Ordering::Relaxed);
        self.delivered_bytes
            .fetch_add(bytes as u64, Ordering::Relaxed);
        let (Some(ms), Ok(mut l)) = (generated_ms, self.latencies.lock()) else {
            return;
        };
        let generated_us = ms.max(0) as u64 * 1000;
        let latency = received_us.saturating_sub(generated_us).max(1);
        l.receipt_us.saturating_record(latency);
        if let Some(at) = arrived_us {
            l.arrival_us
                .saturating_record(at.saturating_sub(generated_us).max(1));
        }
        let start = self.window_start_us.load(Ordering::Relaxed);
        if let Some(since) = generated_us.checked_sub(start) {
            let bucket = (since / TIMELINE_BUCKET_US) as usize;
            if bucket < TIMELINE_MAX_BUCKETS {
                if l.timeline.len() <= bucket {
                    l.timeline.resize(bucket + 1, (0, 0));
                }
                l.timeline[bucket].0 += 1;
                l.timeline[bucket].1 = l.timeline[bucket].1.max(latency);
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
        let l = self.latencies.lock().map(|l| l.clone()).ok();
        let h = l.as_ref().map(|l| &l.receipt_us);
        let arrival = l.as_ref().map(|l| &l.arrival_us);
        let q = |p: f64| {
            h.map(|h| h.value_at_quantile(p) as f64 / 1000.0)
                .unwrap_or(f64::NAN)
        };
        let qa = |p: f64| {
            arrival
                .filter(|h| !h.is_empty())
                .map(|h| h.value_at_quantile(p) as f64 / 1000.0)
        };
        let delivered = self.delivered.load(Ordering::Relaxed);
        let timeline = l
            .as_ref()
            .map(|l| l.timeline.as_slice())
            .unwrap_or_default();
        json!({
            "delivered": delivered,
            "notificationsPerSec": delivered as f64 / window_s.max(1e-9),
            "avgPayloadBytes": self.delivered_bytes.load(Ordering::Relaxed) as f64 / delivered.max(1) as f64,
            "cycles": self.cycles.load(Ordering::Relaxed),
            "latencyMs": { "p50": q(0.50), "p99": q(0.99), "max": q(1.0),
                           "samples": h.map(|h| h.len()).unwrap_or(0) },
            // The same, to the kernel's receive timestamp (null where none was stamped).
            "arrivalLatencyMs": { "p50": qa(0.50), "p99": qa(0.99), "max": qa(1.0),
                                  "samples": arrival.map(|h| h.len()).unwrap_or(0) },
            // Per 100 ms of the window (by generation time): notifications, worst latency (ms).
            "timeline": {
                "bucketMs": TIMELINE_BUCKET_US / 1000,
                "count": timeline.iter().map(|b| b.0).collect::<Vec<_>>(),
                "worstMs": timeline.iter().map(|b| b.1 as f64 / 1000.0).collect::<Vec<_>>(),
            },
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
        s.delivered(100, Some(1_000), 1_500_000, None);
        assert_eq!(s.delivered.load(Ordering::Relaxed), 0);
        s.set_measuring(true);
        // Arrived 0.5 ms after generation, read by this code 3 ms after.
        s.delivered(100, Some(1_000), 1_003_000, Some(1_000_500));
        s.delivered(300, Some(1_000), 1_001_000, Some(1_000_500));
        let v = s.summary(2.0);
        assert_eq!(v["delivered"], 2);
        assert_eq!(v["notificationsPerSec"], 1.0);
        assert_eq!(v["avgPayloadBytes"], 200.0);
        let p99 = v["latencyMs"]["p99"].as_f64().unwrap();
        assert!((p99 - 3.0).abs() < 0.01, "{p99}");
        let arrival = v["arrivalLatencyMs"]["p99"].as_f64().unwrap();
        assert!((arrival - 0.5).abs() < 0.01, "{arrival}");
        assert_eq!(v["arrivalLatencyMs"]["samples"], 2);
    }

    #[test]
    fn without_kernel_stamps_there_is_no_arrival_latency() {
        let s = Stats::new();
        s.set_measuring(true);
        s.delivered(100, Some(1_000), 1_003_000, None);
        let v = s.summary(1.0);
        assert_eq!(v["arrivalLatencyMs"]["p99"], Value::Null);
        assert_eq!(v["arrivalLatencyMs"]["samples"], 0);
    }

    #[test]
    fn the_timeline_keeps_count_and_worst_latency_per_100_ms_of_generation_time() {
        let s = Stats::new();
        s.set_measuring(true);
        let start_ms = s.window_start_us.load(Ordering::Relaxed).div_ceil(1000) as i64;
        // Two in the first bucket, one 250 ms in; one generated before the window is left out.
        s.delivered(10, Some(start_ms + 10), (start_ms as u64 + 12) * 1000, None);
        s.delivered(10, Some(start_ms + 20), (start_ms as u64 + 60) * 1000, None);
        s.delivered(
            10,
            Some(start_ms + 250),
            (start_ms as u64 + 251) * 1000,
            None,
        );
        s.delivered(10, Some(start_ms - 500), (start_ms as u64) * 1000, None);
        let v = s.summary(1.0);
        assert_eq!(v["timeline"]["count"], json!([2, 0, 1]));
        assert_eq!(v["timeline"]["worstMs"], json!([40.0, 0.0, 1.0]));
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
