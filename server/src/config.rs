//! Configuration from the environment. Reads: FLOTILLA_ADDR, DATABASE_URL, FLOTILLA_DATA_DIR,
//! FLOTILLA_SITE_ROOT, FLOTILLA_DEMO (and RUST_LOG, read by the log setup).

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
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let addr = var("FLOTILLA_ADDR")
            .or_else(|| var("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let demo = match var("FLOTILLA_DEMO").as_deref() {
            None | Some("1" | "true" | "yes" | "on") => true,
            Some("0" | "false" | "no" | "off") => false,
            Some(other) => anyhow::bail!("FLOTILLA_DEMO must be true or false, not {other:?}"),
        };
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
            demo,
        })
    }
}
