use clap::Parser;

// The simulator allocates small strings and buffers on every request and notification; glibc's
// malloc cost about a quarter of its CPU under load (BENCHMARKS.md, "Simulator under load").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use gws_sim::cli::Args;
use gws_sim::{Simulator, StartOptions};

// The multi-threaded runtime even on one CPU (a pinned benchmark): a task woken by the running
// one (a WebSocket with a notification just queued) runs next, from the worker's LIFO slot,
// instead of behind every other ready task, so under load the queue forms before a
// notification is made rather than between making and sending it (tokio's current-thread
// scheduler: 4 % fewer instructions, a median latency at 10 000 agents of 45-49 ms instead of
// 3-19 ms).
//
// Served in arrival order when saturated: a worker's local queue holds 256 ready tasks, and
// the oldest half of a full one moves to the shared queue, which tokio by default reads only
// about once every 61 tasks while the local queue keeps refilling. Flat out with 5 000
// long-polling agents, a re-connect that landed there waited up to 300 ms (the notifications
// queued for its agent with it: p99 250 ms, against 48-54 ms when the shared queue is read
// first; BENCHMARKS.md, "Simulator under load"), for about 10 % of the throughput.
fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .global_queue_interval(1)
        .build();
    match runtime {
        Ok(r) => r.block_on(run()),
        Err(e) => {
            eprintln!("gws-sim: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    }
}

async fn run() {
    gws_sim::allocator::keep_freed_memory();
    let args = Args::parse();
    let filter = tracing_subscriber::EnvFilter::try_new(&args.log_level).unwrap_or_else(|e| {
        eprintln!("--log-level '{}': {e}; using 'info'", args.log_level);
        tracing_subscriber::EnvFilter::new("info")
    });
    tracing_subscriber::fmt().with_env_filter(filter).init();
    let config = match args.load_config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("gws-sim: {e}");
            std::process::exit(2);
        }
    };
    let agents: Vec<String> = config
        .agents
        .iter()
        .map(|a| format!("  {} / {}  (DN {})", a.username, a.password, a.dn))
        .collect();
    let admin_access = if config.admin_token.is_some() {
        "loopback clients, or X-Admin-Token"
    } else {
        "loopback clients only"
    };
    let options = StartOptions {
        listen: args.listen,
        static_dir: args.static_dir.clone(),
    };
    let sim = match Simulator::start_with(config, options).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gws-sim: cannot listen on {}: {e}", args.listen);
            std::process::exit(1);
        }
    };
    println!("GWS simulator listening on {}", sim.base_url());
    if let Some(dir) = &args.static_dir {
        // The demo: the widget and the CRM pages built into the static directory.
        println!(
            "  Demo      {}/  (files from {})",
            sim.base_url(),
            dir.display()
        );
        if dir.join("crm.html").exists() {
            println!("  Contacts  {}/crm.html", sim.base_url());
        }
    }
    println!("  REST      {}/api/v2/me", sim.base_url());
    println!("  CometD    {}/api/v2/notifications", sim.base_url());
    println!("  Admin     {}/admin  ({admin_access})", sim.base_url());
    println!("Demo credentials (HTTP Basic):");
    for line in agents {
        println!("{line}");
    }
    let _ = tokio::signal::ctrl_c().await;
    sim.shutdown().await;
}
