use clap::Parser;

// The simulator allocates small strings and buffers on every request and notification; glibc's
// malloc cost about a quarter of its CPU under load (BENCHMARKS.md, "Simulator under load").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use gws_sim::cli::Args;
use gws_sim::{Simulator, StartOptions};

fn main() {
    // One CPU to run on (a pinned benchmark, a small container): tokio's single-threaded
    // scheduler does the same work without the work-stealing machinery a one-worker
    // multi-threaded runtime still pays for on every task wake-up.
    let one_cpu = std::thread::available_parallelism().is_ok_and(|n| n.get() == 1);
    let runtime = if one_cpu {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    }
    .enable_all()
    .build();
    match runtime {
        Ok(rt) => rt.block_on(run()),
        Err(e) => {
            eprintln!("gws-sim: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    }
}

async fn run() {
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
