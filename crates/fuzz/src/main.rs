//! `gws-fuzz`: fuzz the parsers the widget and the simulator run on untrusted input.
//!
//! ```text
//! gws-fuzz [--inputs N] [--seconds S] [--seed N] [--target NAME|all] [--jobs N]
//!          [--slow-ms MS] [--fixtures DIR] [--failures-dir DIR] [--progress SECONDS]
//!          [--replay FILE] [--list]
//! ```
//! Exits 1 on any panic or any input slower than `--slow-ms` (default 10), with the input written
//! under `--failures-dir` (default `target/fuzz-failures`); 2 on bad arguments.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use gws_fuzz::targets::{TARGETS, Target, find};
use gws_fuzz::{Config, default_fixtures, load_seeds, measure, ms, run, with_quiet_panics};

const USAGE: &str = "usage: gws-fuzz [--inputs N] [--seconds S] [--seed N] [--target NAME|all] [--jobs N] \
[--slow-ms MS] [--fixtures DIR] [--failures-dir DIR] [--progress SECONDS] [--replay FILE] [--list]";

struct Args {
    inputs: u64,
    seconds: Option<f64>,
    seed: u64,
    targets: Vec<&'static Target>,
    jobs: usize,
    slow_ms: f64,
    fixtures: PathBuf,
    failures_dir: PathBuf,
    replay: Option<PathBuf>,
    progress: Option<f64>,
    list: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        inputs: 100_000,
        seconds: None,
        seed: 1,
        targets: TARGETS.iter().collect(),
        jobs: 1,
        slow_ms: 10.0,
        fixtures: default_fixtures(),
        failures_dir: PathBuf::from("target/fuzz-failures"),
        replay: None,
        progress: None,
        list: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--list" {
            args.list = true;
            continue;
        }
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = |v: &str| {
            v.replace('_', "")
                .parse::<f64>()
                .map_err(|_| format!("{flag}: not a number: {v}"))
        };
        match flag.as_str() {
            "--inputs" => args.inputs = number(&value)? as u64,
            "--seconds" => args.seconds = Some(number(&value)?),
            "--seed" => {
                args.seed = value
                    .parse()
                    .map_err(|_| format!("--seed: not an integer: {value}"))?
            }
            "--jobs" => args.jobs = (number(&value)? as usize).max(1),
            "--slow-ms" => args.slow_ms = number(&value)?,
            "--fixtures" => args.fixtures = PathBuf::from(value),
            "--failures-dir" => args.failures_dir = PathBuf::from(value),
            "--replay" => args.replay = Some(PathBuf::from(value)),
            "--progress" => args.progress = Some(number(&value)?),
            "--target" => {
                args.targets = if value == "all" {
                    TARGETS.iter().collect()
                } else {
                    value
                        .split(',')
                        .map(|n| find(n).ok_or_else(|| format!("no target named {n} (--list)")))
                        .collect::<Result<_, _>>()?
                }
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gws-fuzz: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.list {
        for t in TARGETS {
            println!("{:<14} {}", t.name, t.what);
        }
        return ExitCode::SUCCESS;
    }
    if let Some(file) = &args.replay {
        let input = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("gws-fuzz: {}: {e}", file.display());
                return ExitCode::from(2);
            }
        };
        let mut failed = false;
        for t in &args.targets {
            let start = Instant::now();
            let (took, result) = with_quiet_panics(|| measure(t, &input, 3));
            let wall = start.elapsed() / 3;
            match result {
                Ok(outcome) => println!(
                    "{}: ok in {:.3} ms CPU ({:.3} ms wall): {outcome}",
                    t.name,
                    ms(took),
                    ms(wall)
                ),
                Err(message) => {
                    failed = true;
                    println!("{}: PANIC in {:.3} ms: {message}", t.name, ms(took));
                }
            }
            failed |= took.as_secs_f64() * 1000.0 > args.slow_ms;
        }
        return if failed {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        };
    }
    let seeds = load_seeds(Some(&args.fixtures));
    if seeds.fixture_files == 0 {
        eprintln!(
            "gws-fuzz: no fixtures read from {} (built-in seeds only)",
            args.fixtures.display()
        );
    }
    let config = Config {
        inputs: args.inputs,
        time_limit: args.seconds.map(Duration::from_secs_f64),
        seed: args.seed,
        targets: args.targets,
        jobs: args.jobs,
        slow_limit: Duration::from_secs_f64(args.slow_ms / 1000.0),
        failures_dir: Some(args.failures_dir),
        progress: args.progress.map(Duration::from_secs_f64),
    };
    println!(
        "gws-fuzz: {} inputs over {} targets, seed {}, {} job(s){}",
        config.inputs,
        config.targets.len(),
        config.seed,
        config.jobs,
        config
            .time_limit
            .map(|l| format!(", at most {} s", l.as_secs_f64()))
            .unwrap_or_default()
    );
    let report = run(&config, &seeds);
    print!("{}", report.render());
    if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
