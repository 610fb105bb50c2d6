//! Command line: every flag overrides the config file, which overrides the built-in defaults.

use crate::config::SimConfig;
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "gws-sim",
    version,
    about = "Genesys Web Services 8.5 (API v2) simulator: REST + CometD (WebSocket and long-polling) with scripted calls"
)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8090")]
    pub listen: SocketAddr,
    /// TOML file describing agents, numbers, campaigns and timings (defaults: built-in demo).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Directory served at / (e.g. the built widget and demo pages).
    #[arg(long)]
    pub static_dir: Option<PathBuf>,
    /// Origin allowed by CORS (repeatable; `http://*.example.com` wildcards allowed).
    #[arg(long = "allow-origin")]
    pub allow_origins: Vec<String>,
    /// Disable CSRF protection (no X-CSRF-TOKEN needed on POST).
    #[arg(long)]
    pub no_csrf: bool,
    /// Token that opens the admin page and API (/admin, /admin/api/...) to non-loopback
    /// clients: send it as `X-Admin-Token: <TOKEN>` or `Authorization: Bearer <TOKEN>`.
    /// Without it only loopback clients reach them.
    #[arg(long, value_name = "TOKEN")]
    pub admin_token: Option<String>,
    /// Session cookies `SameSite=None; Secure` for browsers that reach the simulator over TLS
    /// (e.g. behind a TLS-terminating proxy, widget embedded cross-site); default `SameSite=Lax`.
    #[arg(long)]
    pub secure_cookies: bool,
    /// Do not offer the WebSocket transport (CometD clients use long-polling).
    #[arg(long)]
    pub no_websocket: bool,
    /// Log filter, e.g. "info" or "gws_sim=debug".
    #[arg(long, default_value = "info")]
    pub log_level: String,
}

impl Args {
    /// The effective configuration.
    pub fn load_config(&self) -> Result<SimConfig, String> {
        let mut config = match &self.config {
            Some(path) => SimConfig::from_file(path)?,
            None => SimConfig::default(),
        };
        if self.no_csrf {
            config.csrf = false;
        }
        if self.no_websocket {
            config.websocket = false;
        }
        if let Some(t) = &self.admin_token {
            config.admin_token = Some(t.clone());
        }
        if self.secure_cookies {
            config.secure_cookies = true;
        }
        config
            .allowed_origins
            .extend(self.allow_origins.iter().cloned());
        if let Some(dir) = &self.static_dir
            && !dir.is_dir()
        {
            return Err(format!("--static-dir {}: not a directory", dir.display()));
        }
        config.validate()?;
        Ok(config)
    }
}
