//! Builds the running application from a [`Config`]: database, migrations, demo data, routes,
//! and a bound listener (port 0 picks a free port, which tests use).

use crate::config::Config;
use crate::db::Database;
use crate::demo;
use crate::routes::router;
use anyhow::Context;
use app::auth::SessionSettings;
use axum::serve::ListenerExt;
use leptos::prelude::LeptosOptions;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    db: Database,
    shutdown: watch::Sender<bool>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = Database::connect(config.database_url.as_deref(), &config.data_dir).await?;
        db.migrate().await?;
        if config.demo
            && demo::seed_if_empty(&db)
                .await
                .context("could not create the demo data")?
        {
            tracing::info!("created the Acme Pay demo organisation");
        }
        if config.demo {
            announce_demo_accounts(&db).await;
        }
        db.relay_changes().await?;
        let listener = TcpListener::bind(config.addr).await.with_context(|| {
            format!("could not listen on {} (is the port in use?)", config.addr)
        })?;
        let options = LeptosOptions::builder()
            .output_name("flotilla")
            .site_root(config.site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(listener.local_addr()?)
            .build();
        let settings = SessionSettings {
            secure_cookie: config.secure_cookies,
            ..SessionSettings::default()
        };
        let (shutdown, stopping) = watch::channel(false);
        let router = router(&db, options, settings, stopping);
        Ok(Self {
            listener,
            router,
            db,
            shutdown,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes in-flight requests and closes the pool.
    pub async fn run(self) -> anyhow::Result<()> {
        tracing::info!(
            "Flotilla is listening on http://{} ({} database)",
            self.listener.local_addr()?,
            self.db.dialect()
        );
        // Without TCP_NODELAY, responses of a few kB stall on the delayed-ACK timer.
        let listener = self.listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let stop = self.shutdown;
        // The peer's address goes with each request: sign-in attempts are limited per client.
        let app = self
            .router
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                shutdown_signal().await;
                // Live-update streams never end by themselves; end them so shutdown can finish.
                let _ = stop.send(true);
            })
            .await
            .context("the HTTP server failed")?;
        self.db.close().await;
        Ok(())
    }
}

/// In demo mode, says how to sign in (the accounts exist once the demo data was created).
async fn announce_demo_accounts(db: &Database) {
    let admin = demo::USERS[0].1;
    if let Ok(Some(_)) = db.accounts().credentials(admin).await {
        let emails: Vec<&str> = demo::USERS.iter().map(|u| u.1).collect();
        tracing::info!(
            "demo mode: sign in as {} with the password {:?}",
            emails.join(", "),
            demo::DEMO_PASSWORD
        );
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
