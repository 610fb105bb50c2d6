//! The short form of the fuzz run, in the plain test suite: every target, 0 panics allowed.
//! (`scripts/fuzz.sh` runs the full form, 10 million inputs on a release build.)

use std::time::{Duration, Instant};

use gws_fuzz::targets::TARGETS;
use gws_fuzz::{Config, default_fixtures, load_seeds, run};

/// Spread evenly over the targets. An input costs about 1.3 ms of CPU in a debug build (serde_json
/// unoptimised), so this is about 13 s on an idle 2-core machine.
const INPUTS: u64 = 20_000;

#[test]
fn every_parser_survives_twenty_thousand_mutated_inputs() {
    let seeds = load_seeds(Some(&default_fixtures()));
    let config = Config {
        inputs: INPUTS,
        // A bound in case the machine is very busy: the count then shrinks, the oracle does not.
        time_limit: Some(Duration::from_secs(30)),
        seed: 13,
        targets: TARGETS.iter().collect(),
        jobs: 2,
        // Unoptimised code is 10-30x slower: the 10 ms limit is the release run's (fuzz.sh).
        slow_limit: Duration::from_millis(if cfg!(debug_assertions) { 250 } else { 10 }),
        failures_dir: Some(std::env::temp_dir().join("gws-fuzz-failures")),
        progress: None,
    };
    let start = Instant::now();
    let report = run(&config, &seeds);
    println!("{}", report.render());
    println!(
        "short fuzz form took {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert_eq!(report.panics(), 0, "{}", report.render());
    assert_eq!(report.slow(), 0, "{}", report.render());
    for t in &report.targets {
        assert!(
            t.inputs >= 100,
            "target {} ran only {} inputs",
            t.name,
            t.inputs
        );
    }
}

#[test]
fn long_patterns_are_refused_quickly() {
    // Found by the fuzzer: a 250 KB expression took 50 ms to refuse. It is now refused by its
    // length before anything is parsed (what the reason says); how fast that is belongs to the
    // release fuzz run's 10 ms bound (scripts/fuzz.sh), not to a timed unit test.
    let expression = "^7716494427181960594427".repeat(10_000);
    let error = dialer_core::pattern::Pattern::new(&expression).unwrap_err();
    assert!(error.reason.contains("longer than"), "{}", error.reason);
    // Just under the limit still compiles.
    let expression = "[0-9]".repeat(1_999);
    assert!(dialer_core::pattern::Pattern::new(&expression).is_ok());
}

#[test]
fn the_seed_corpus_comes_from_the_fixtures() {
    let seeds = load_seeds(Some(&default_fixtures()));
    if default_fixtures().exists() {
        assert!(seeds.fixture_files >= 20, "{}", seeds.fixture_files);
        assert!(seeds.json.len() > 100);
    }
    assert!(!seeds.desk.is_empty());
}
