//! The official CometD JavaScript client (npm cometd + cometd-nodejs-client) against the
//! simulator, over WebSocket and long-polling.
//!
//! `scripts/setup.sh` always installs Node and the npm packages, so a missing `node` or a
//! missing package FAILS this test (naming what is missing and how to install it): a
//! conformance check that silently skips would pass without checking anything.

mod common;
use std::path::Path;
use std::time::Duration;

/// The npm packages `tests/js/cometd_conformance.mjs` imports (all in `package.json`).
const PACKAGES: [&str; 3] = ["cometd", "cometd-nodejs-client", "ws"];

/// Panics, saying what is missing and how to install it, unless `node` runs and the packages
/// are installed in the workspace's `node_modules`.
fn require_node_and_packages() {
    const HOW: &str = "run `scripts/setup.sh` (it runs `npm ci` in the workspace root), \
                       or `npm ci --no-audit --no-fund` there";
    match std::process::Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "`node --version` failed ({}): the official CometD client conformance test needs a \
             working Node.js; {HOW}",
            out.status
        ),
        Err(e) => panic!(
            "`node` is not on PATH ({e}): the official CometD client conformance test needs \
             Node.js and the npm packages {PACKAGES:?}; install Node.js (Debian: `apt-get \
             install nodejs npm`), then {HOW}"
        ),
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the workspace root above crates/gws-sim");
    let missing: Vec<&str> = PACKAGES
        .into_iter()
        .filter(|p| {
            !root
                .join("node_modules")
                .join(p)
                .join("package.json")
                .is_file()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "npm packages {missing:?} are not installed in {}: the official CometD client \
         conformance test imports them; {HOW}",
        root.join("node_modules").display()
    );
}

async fn run_node(transport: &str) {
    require_node_and_packages();
    let sim = common::start().await;
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/js/cometd_conformance.mjs"
    );
    let mut child = tokio::process::Command::new("node");
    child
        .arg(script)
        .arg(sim.base_url())
        .arg(transport)
        .kill_on_drop(true);
    let out = tokio::time::timeout(Duration::from_secs(40), child.output())
        .await
        .expect("node finished in time")
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "node failed ({transport}):\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(&format!(r#""transport":"{transport}""#)),
        "{stdout}"
    );
}

#[tokio::test]
async fn official_cometd_client_over_websocket() {
    run_node("websocket").await;
}

#[tokio::test]
async fn official_cometd_client_over_long_polling() {
    run_node("long-polling").await;
}
