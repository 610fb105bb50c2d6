//! `gws-loadgen`: drives N agents against the GWS simulator or the Faye baseline and prints one
//! JSON line of results (see `bench/` and `scripts/bench.sh`).

// One file for both binaries; the load generator does not depend on the server it measures.
#[path = "../../gws-sim/src/allocator.rs"]
mod allocator;
mod cli;
mod cometd;
mod http1;
mod rss;
mod run;
mod rxstamp;
mod sim_config;
mod stats;
mod target;

use clap::Parser;

// Thousands of sessions on one core: a faster allocator leaves more of it for the load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// One thread, one run queue in arrival order. The load generator runs pinned to one CPU, where
// tokio's multi-threaded runtime still kept a second thread (the main one, woken across
// threads) and a worker whose local queue overflows into a rarely read shared one when a burst
// of frames makes thousands of sockets ready at once: flat out at 10 000 WebSocket agents the
// frames of a burst then waited up to 100 ms to be read. Three runs each, alternating, minutes
// apart: p99 to receipt 28.4 / 28.8 / 34.3 ms multi-threaded, 18.5 / 11.0 / 13.3 ms here, at
// the same rate (BENCHMARKS.md, "Simulator under load").
#[tokio::main(flavor = "current_thread")]
async fn main() {
    allocator::keep_freed_memory();
    let args = cli::Cli::parse();
    let outcome = match args.command {
        cli::Command::SimConfig(c) => sim_config::write(&c),
        cli::Command::Run(r) => run::run(r).await,
    };
    if let Err(message) = outcome {
        eprintln!("gws-loadgen: {message}");
        std::process::exit(1);
    }
}
