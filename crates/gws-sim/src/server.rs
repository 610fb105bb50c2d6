//! Starting the simulator in-process (tests, benchmarks) or from the binary.

use crate::config::SimConfig;
use crate::state::{AppState, Shared};
use axum::serve::ListenerExt;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

#[derive(Debug, Clone)]
pub struct StartOptions {
    pub listen: SocketAddr,
    pub static_dir: Option<PathBuf>,
}

impl Default for StartOptions {
    fn default() -> Self {
        StartOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            static_dir: None,
        }
    }
}

pub struct Simulator;

/// A running simulator; dropping it stops the server.
pub struct SimHandle {
    addr: SocketAddr,
    base_url: String,
    app: AppState,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Simulator {
    /// Starts on an ephemeral loopback port.
    pub async fn start(config: SimConfig) -> io::Result<SimHandle> {
        Self::start_with(config, StartOptions::default()).await
    }

    pub async fn start_with(config: SimConfig, options: StartOptions) -> io::Result<SimHandle> {
        config
            .validate()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let listener = tokio::net::TcpListener::bind(options.listen).await?;
        let addr = listener.local_addr()?;
        let base_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        let app = Shared::new(Arc::new(config), base_url.clone());
        let service = crate::routes::service(app.clone(), options.static_dir);
        let (tx, rx) = oneshot::channel::<()>();
        let reaper_app = app.clone();
        let reaper = tokio::spawn(async move {
            let mut tick = tokio::time::interval(reaper_app.hub.expiry_check_interval());
            loop {
                tick.tick().await;
                let n = reaper_app.hub.expire_idle();
                if n > 0 {
                    tracing::info!(expired = n, "expired idle CometD clients");
                }
            }
        });
        let task = tokio::spawn(async move {
            // The admin API needs the peer address (loopback clients only, unless a token).
            let service =
                axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
                    SocketAddr,
                >(service);
            // Notifications are small frames written as they happen: no Nagle delay on them.
            let listener = listener.tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
            let serve = axum::serve(listener, service).with_graceful_shutdown(async {
                let _ = rx.await;
            });
            if let Err(e) = serve.await {
                tracing::error!("server error: {e}");
            }
            reaper.abort();
        });
        Ok(SimHandle {
            addr,
            base_url,
            app,
            shutdown: Some(tx),
            task: Some(task),
        })
    }
}

impl SimHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>` (or the configured public URL).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Shared state, for in-process tests and benchmarks.
    pub fn state(&self) -> &AppState {
        &self.app
    }

    /// Stops accepting connections; held long-polls and WebSockets are dropped.
    pub async fn shutdown(mut self) {
        self.app.hub.drop_all();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.app.hub.drop_all();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
