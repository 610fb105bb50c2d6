//! Command line.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "gws-loadgen",
    version,
    about = "Load generator: N agents with CometD sessions while calls are dialled and progress"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a gws-sim TOML config with N bench agents (bench1..benchN, password "pw").
    SimConfig(SimConfigArgs),
    /// Connect the agents, run the call load, print one JSON line of results.
    Run(RunArgs),
}

#[derive(Debug, Args)]
pub struct SimConfigArgs {
    #[arg(long)]
    pub agents: usize,
    /// Delay before the far end answers (and before Faye publishes Established).
    #[arg(long, default_value_t = 100)]
    pub answer_delay_ms: u64,
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ServerKind {
    /// The GWS simulator (REST Dial/Hangup, CometD at /api/v2/notifications).
    Sim,
    /// bench/faye-server.mjs (POST /bench/dial, /bench/hangup; Bayeux at /faye).
    Faye,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TransportKind {
    Websocket,
    LongPolling,
}

#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    #[arg(long, value_enum)]
    pub server: ServerKind,
    /// Base URL, loopback only, e.g. http://127.0.0.1:8090.
    #[arg(long)]
    pub url: String,
    #[arg(long)]
    pub agents: usize,
    #[arg(long, value_enum, default_value = "websocket")]
    pub transport: TransportKind,
    /// Length of the measured load window.
    #[arg(long, default_value_t = 10)]
    pub duration_s: u64,
    /// Call cycles (Dial, wait Established, Hangup, wait Released) in flight at once.
    #[arg(long, default_value_t = 400)]
    pub concurrency: usize,
    /// Call cycles started per second in total (0 = as fast as the call cycles allow). Paced
    /// runs offer the simulator and Faye the same rate, for a like-for-like latency comparison.
    #[arg(long, default_value_t = 0)]
    pub rate: u32,
    /// Logins and CometD handshakes in flight at once while connecting.
    #[arg(long, default_value_t = 200)]
    pub connect_parallelism: usize,
    /// The server's pid, for VmRSS before/after connecting.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// Free-text label copied into the result.
    #[arg(long, default_value = "")]
    pub label: String,
    /// Sim: write the data messages of the first call cycle here (Faye replays their shapes).
    #[arg(long)]
    pub capture_templates: Option<PathBuf>,
    /// Faye: send these captured templates to the server before the load.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Hard limit for the whole run (connect + load + drain).
    #[arg(long, default_value_t = 180)]
    pub timeout_s: u64,
}
