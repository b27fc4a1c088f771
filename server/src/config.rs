//! Configuration from the environment. Reads: FLOTILLA_ADDR, DATABASE_URL, FLOTILLA_DATA_DIR,
//! FLOTILLA_SITE_ROOT, FLOTILLA_DEMO, FLOTILLA_SECURE_COOKIES (and RUST_LOG, read by the log
//! setup).

use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    /// Where the HTTP server listens. Default 127.0.0.1:3000; port 0 picks a free port.
    pub addr: SocketAddr,
    /// `postgres://…` or `sqlite:…`; unset means the SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// Holds the SQLite database (and, later, uploaded evidence). Default `./data`.
    pub data_dir: PathBuf,
    /// The built site (wasm, JS, CSS, public assets). Default `target/site`.
    pub site_root: PathBuf,
    /// Seed the demo organisation when the database has no teams. Default on.
    pub demo: bool,
    /// Mark the session cookie `Secure`; turn on when served over https. Default off.
    pub secure_cookies: bool,
}

fn flag(name: &str, default: bool) -> anyhow::Result<bool> {
    match var(name).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => anyhow::bail!("{name} must be true or false, not {other:?}"),
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let addr = var("FLOTILLA_ADDR")
            .or_else(|| var("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        Ok(Self {
            addr: addr.parse().with_context(|| {
                format!("FLOTILLA_ADDR is not an address like 127.0.0.1:3000: {addr:?}")
            })?,
            database_url: var("DATABASE_URL"),
            data_dir: var("FLOTILLA_DATA_DIR")
                .unwrap_or_else(|| "data".into())
                .into(),
            site_root: var("FLOTILLA_SITE_ROOT")
                .or_else(|| var("LEPTOS_SITE_ROOT"))
                .unwrap_or_else(|| "target/site".into())
                .into(),
            demo: flag("FLOTILLA_DEMO", true)?,
            secure_cookies: flag("FLOTILLA_SECURE_COOKIES", false)?,
        })
    }
}
