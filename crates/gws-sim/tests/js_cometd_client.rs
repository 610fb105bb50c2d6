//! The official CometD JavaScript client (npm cometd + cometd-nodejs-client) against the
//! simulator, over WebSocket and long-polling.

mod common;
use std::time::Duration;

async fn run_node(transport: &str) {
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!(
            "SKIPPED: `node` is not installed; the official CometD client conformance test needs it"
        );
        return;
    }
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
