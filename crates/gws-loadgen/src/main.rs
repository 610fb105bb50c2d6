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

#[tokio::main]
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
