//! A run: connect N agents (bounded parallelism), measure the server's memory, drive call
//! cycles for a fixed window, disconnect, print one JSON line.

use crate::cli::{RunArgs, ServerKind, TransportKind};
use crate::cometd::{CallEvent, Session, templates_json};
use crate::rss::{TICKS_PER_SECOND, cpu_ticks, vm_rss_kib};
use crate::stats::Stats;
use crate::target::{AgentLogin, Target};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, mpsc, oneshot, watch};

/// How long one awaited notification may take before it counts as an error.
const NOTIFICATION_TIMEOUT: Duration = Duration::from_secs(10);

struct Agent {
    login: AgentLogin,
    events: mpsc::UnboundedReceiver<CallEvent>,
}

pub async fn run(args: RunArgs) -> Result<(), String> {
    if args.agents == 0 {
        return Err("--agents must be at least 1".into());
    }
    let hard_limit = Duration::from_secs(args.timeout_s);
    match tokio::time::timeout(hard_limit, run_inner(args)).await {
        Ok(r) => r,
        Err(_) => Err(format!(
            "the run exceeded its hard limit of {} s",
            hard_limit.as_secs()
        )),
    }
}

async fn run_inner(args: RunArgs) -> Result<(), String> {
    let target = Target::new(args.server, &args.url)?;
    if args.server == ServerKind::Faye {
        send_templates(&target, &args).await?;
    }
    let stats = Arc::new(Stats::new());
    let rss_before = args.server_pid.and_then(vm_rss_kib);
    let (stop_tx, stop_rx) = watch::channel(false);

    let connect_started = Instant::now();
    let (agents, sessions) = connect_all(&target, &args, &stats, stop_rx).await;
    let connect_s = connect_started.elapsed().as_secs_f64();
    let connected = agents.len();
    // Let the server settle (allocator, queues) before reading its memory.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_connected = args.server_pid.and_then(vm_rss_kib);

    let window = Duration::from_secs(args.duration_s);
    let rss_peak = Arc::new(AtomicU64::new(rss_connected.unwrap_or(0)));
    let sampler = args.server_pid.map(|pid| {
        let peak = rss_peak.clone();
        tokio::spawn(async move {
            loop {
                if let Some(kib) = vm_rss_kib(pid) {
                    peak.fetch_max(kib, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        })
    });
    let server_pid = args.server_pid.map(|p| p.to_string());
    let cpu_at = || (server_pid.as_deref().and_then(cpu_ticks), cpu_ticks("self"));
    let cpu_start = cpu_at();
    let (captured, cpu_end) = drive_calls(&target, &args, &stats, agents, window, cpu_at).await;
    if let Some(s) = sampler {
        s.abort();
    }
    if let (Some(path), Some(events)) = (&args.capture_templates, captured) {
        std::fs::write(path, templates_json(&events).to_string())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }

    let _ = stop_tx.send(true);
    let _ = tokio::time::timeout(
        Duration::from_secs(10),
        futures_util::future::join_all(sessions),
    )
    .await;

    let per_client = match (rss_before, rss_connected) {
        (Some(b), Some(a)) if connected > 0 => Some(a.saturating_sub(b) as f64 / connected as f64),
        _ => None,
    };
    // CPU seconds spent during the measured window: the server's, and the load generator's own.
    let cpu_s = |a: Option<u64>, b: Option<u64>| match (a, b) {
        (Some(a), Some(b)) => Some(b.saturating_sub(a) as f64 / TICKS_PER_SECOND),
        _ => None,
    };
    let server_cpu_s = cpu_s(cpu_start.0, cpu_end.0);
    let loadgen_cpu_s = cpu_s(cpu_start.1, cpu_end.1);
    let delivered = stats.delivered.load(Ordering::Relaxed);
    let per_cpu_s = server_cpu_s
        .filter(|s| *s > 0.0)
        .map(|s| delivered as f64 / s);
    let mut result = json!({
        "serverCpuSeconds": server_cpu_s,
        "loadgenCpuSeconds": loadgen_cpu_s,
        "notificationsPerServerCpuSecond": per_cpu_s,
        "label": args.label,
        "server": format!("{:?}", args.server).to_lowercase(),
        "transport": match args.transport { TransportKind::Websocket => "websocket", TransportKind::LongPolling => "long-polling" },
        "agents": args.agents,
        "connected": connected,
        "connectSeconds": connect_s,
        "concurrency": args.concurrency.min(args.agents),
        "windowSeconds": window.as_secs_f64(),
        "rssKib": { "before": rss_before, "connected": rss_connected, "peak": rss_peak.load(Ordering::Relaxed) },
        "rssPerClientKib": per_client,
    });
    if let (Value::Object(r), Value::Object(s)) = (&mut result, stats.summary(window.as_secs_f64()))
    {
        r.extend(s);
    }
    println!("{result}");
    Ok(())
}

async fn send_templates(target: &Target, args: &RunArgs) -> Result<(), String> {
    let Some(path) = &args.templates else {
        return Ok(());
    };
    let body = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // The server has just started: a refused connection is tried again a few times.
    let mut attempt = 0;
    let reply = loop {
        attempt += 1;
        match target
            .http()
            .post(format!("{}/bench/templates", target.base()))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.clone())
            .send()
            .await
        {
            Ok(reply) => break reply,
            Err(e) if attempt < 5 => {
                eprintln!(
                    "gws-loadgen: POST /bench/templates (attempt {attempt}): {}",
                    crate::target::chain(&e)
                );
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => {
                return Err(format!(
                    "POST /bench/templates: {}",
                    crate::target::chain(&e)
                ));
            }
        }
    };
    if reply.status().is_success() {
        Ok(())
    } else {
        Err(format!("POST /bench/templates answered {}", reply.status()))
    }
}

/// Logs every agent in and opens its CometD session; failures are counted as errors.
async fn connect_all(
    target: &Target,
    args: &RunArgs,
    stats: &Arc<Stats>,
    stop: watch::Receiver<bool>,
) -> (Vec<Agent>, Vec<tokio::task::JoinHandle<()>>) {
    let gate = Arc::new(Semaphore::new(args.connect_parallelism.max(1)));
    let mut pending = Vec::with_capacity(args.agents);
    for i in 1..=args.agents {
        let (target, stats, stop, gate) =
            (target.clone(), stats.clone(), stop.clone(), gate.clone());
        let transport = args.transport;
        let capture = args.capture_templates.is_some();
        pending.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await.ok()?;
            let login = match target.login(i).await {
                Ok(l) => l,
                Err(e) => {
                    stats.error(e);
                    return None;
                }
            };
            let (tx, rx) = mpsc::unbounded_channel();
            let (ready_tx, ready_rx) = oneshot::channel();
            let session = Session {
                target,
                login: login.clone(),
                stats: stats.clone(),
                events: tx,
                ready: Some(ready_tx),
                stop,
                full_data: capture && i == 1,
            };
            let task = tokio::spawn(async move {
                match transport {
                    TransportKind::Websocket => session.run_websocket().await,
                    TransportKind::LongPolling => session.run_long_polling().await,
                }
            });
            match tokio::time::timeout(Duration::from_secs(30), ready_rx).await {
                Ok(Ok(Ok(()))) => Some((Agent { login, events: rx }, task)),
                Ok(Ok(Err(e))) => {
                    stats.error(e);
                    None
                }
                _ => {
                    stats.error(format!("agent {i}: CometD session not ready within 30 s"));
                    task.abort();
                    None
                }
            }
        }));
    }
    let mut agents = Vec::new();
    let mut tasks = Vec::new();
    for p in pending {
        if let Ok(Some((a, t))) = p.await {
            agents.push(a);
            tasks.push(t);
        }
    }
    (agents, tasks)
}

/// Waits for `call_id` (or, when None, any call) to reach `state`; returns the event.
async fn wait_for(
    agent: &mut Agent,
    call_id: Option<&str>,
    state: &str,
    mut seen: Option<&mut Vec<CallEvent>>,
) -> Result<CallEvent, String> {
    let deadline = tokio::time::Instant::now() + NOTIFICATION_TIMEOUT;
    loop {
        let event = tokio::time::timeout_at(deadline, agent.events.recv())
            .await
            .map_err(|_| {
                format!(
                    "agent {}: no {state} notification within {} s",
                    agent.login.index,
                    NOTIFICATION_TIMEOUT.as_secs()
                )
            })?
            .ok_or_else(|| format!("agent {}: CometD session ended", agent.login.index))?;
        if let Some(seen) = seen.as_deref_mut() {
            seen.push(event.clone());
        }
        if call_id.is_none_or(|id| id == event.call_id) && event.state == state {
            return Ok(event);
        }
    }
}

/// One call: Dial, Dialing, Established, Hangup, Released.
async fn cycle(
    target: &Target,
    agent: &mut Agent,
    number: &str,
    mut seen: Option<&mut Vec<CallEvent>>,
) -> Result<(), String> {
    target.dial(&agent.login, number).await?;
    let dialing = wait_for(agent, None, "Dialing", seen.as_deref_mut()).await?;
    wait_for(
        agent,
        Some(&dialing.call_id),
        "Established",
        seen.as_deref_mut(),
    )
    .await?;
    target.hangup(&agent.login, &dialing.call_id).await?;
    wait_for(agent, Some(&dialing.call_id), "Released", seen).await?;
    Ok(())
}

/// Runs call cycles on `concurrency` workers (each owning a slice of the agents) for `window`.
/// Returns the events of agent 1's first cycle when templates are to be captured, and the CPU
/// readings (`cpu_at`) taken when the window closes.
async fn drive_calls(
    target: &Target,
    args: &RunArgs,
    stats: &Arc<Stats>,
    agents: Vec<Agent>,
    window: Duration,
    cpu_at: impl Fn() -> (Option<u64>, Option<u64>),
) -> (Option<Vec<CallEvent>>, (Option<u64>, Option<u64>)) {
    if agents.is_empty() {
        return (None, cpu_at());
    }
    let workers = args.concurrency.clamp(1, agents.len());
    let mut slices: Vec<Vec<Agent>> = (0..workers).map(|_| Vec::new()).collect();
    for (i, a) in agents.into_iter().enumerate() {
        slices[i % workers].push(a);
    }
    let counter = Arc::new(AtomicU64::new(0));
    let deadline = tokio::time::Instant::now() + window;
    stats.set_measuring(true);
    let capture = args.capture_templates.is_some();
    let pacer = (args.rate > 0).then(|| pace(args.rate));
    let mut handles = Vec::new();
    for (w, mut slice) in slices.into_iter().enumerate() {
        let (target, stats, counter) = (target.clone(), stats.clone(), counter.clone());
        let permits = pacer.as_ref().map(|(p, _)| p.clone());
        handles.push(tokio::spawn(async move {
            let mut captured = None;
            let mut next = 0usize;
            while tokio::time::Instant::now() < deadline {
                if let Some(p) = &permits {
                    match tokio::time::timeout_at(deadline, p.acquire()).await {
                        Ok(Ok(permit)) => permit.forget(),
                        _ => break,
                    }
                }
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let number = format!("555{:07}", n % 10_000_000);
                let len = slice.len();
                let agent = &mut slice[next % len];
                next += 1;
                // Only the capturing worker keeps (and clones) the events of its first cycle.
                let keep = capture && w == 0 && captured.is_none();
                let mut seen = Vec::new();
                match cycle(&target, agent, &number, keep.then_some(&mut seen)).await {
                    Ok(()) => {
                        stats.cycles.fetch_add(1, Ordering::Relaxed);
                        if capture && w == 0 && captured.is_none() {
                            captured = Some(seen);
                        }
                    }
                    Err(e) => {
                        stats.error(e);
                        // Do not hammer a failing agent: wait a little before the next cycle.
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
            captured
        }));
    }
    tokio::time::sleep_until(deadline).await;
    stats.set_measuring(false);
    let cpu = cpu_at();
    if let Some((_, ticker)) = pacer {
        ticker.abort();
    }
    let mut captured = None;
    for h in handles {
        if let Ok(Some(c)) = h.await {
            captured.get_or_insert(c);
        }
    }
    (captured, cpu)
}

/// Open-loop pacing: `rate` call cycles per second, as permits added every 10 ms (at most one
/// second's worth banked, so a stall is not followed by an unbounded burst).
fn pace(rate: u32) -> (Arc<Semaphore>, tokio::task::JoinHandle<()>) {
    let permits = Arc::new(Semaphore::new(0));
    let p = permits.clone();
    let ticker = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        let mut owed = 0.0f64;
        loop {
            tick.tick().await;
            owed += rate as f64 / 100.0;
            let whole = owed.floor();
            owed -= whole;
            if p.available_permits() < rate as usize {
                p.add_permits(whole as usize);
            }
        }
    });
    (permits, ticker)
}
