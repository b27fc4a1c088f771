//! The database: chosen from `DATABASE_URL` at start-up (SQLite file by default, PostgreSQL for
//! `postgres://` URLs), migrated, and handed out as a [`SharedStore`].

mod account_store;
mod commit;
mod dependency_store;
mod prompt_store;
mod release_store;
mod rows;
mod versions;

pub use account_store::session_state;
pub use release_store::{CHANGES_CHANNEL, PgStore, SESSIONS_CHANNEL, SqliteStore};
pub use versions::{Touched, Versions};

use anyhow::Context;
use app::domain::live::LiveChange;
use app::domain::{Colour, ReleaseDraft, Team};
use app::store::{
    Actor, SharedAccounts, SharedDependencies, SharedPrompts, SharedStore, StoreError,
};
use chrono::{DateTime, Utc};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// Rows a SQLite query may read ahead of the task that consumes them.
const ROW_BUFFER: usize = 4096;

/// How many changes a slow screen may fall behind before it is told to reload everything.
const CHANGE_BACKLOG: usize = 256;

#[derive(Clone)]
pub enum Database {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

impl Database {
    /// Opens `url` when given (a `postgres://` or `sqlite:` URL), otherwise the SQLite file
    /// `flotilla.db` in `data_dir` (created if missing).
    pub async fn connect(url: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        match url {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await
                    .context("could not connect to PostgreSQL (check DATABASE_URL)")?;
                Ok(Self::Postgres(PgStore::new(
                    pool,
                    broadcast::channel(CHANGE_BACKLOG).0,
                )))
            }
            Some(url) if url.starts_with("sqlite:") => {
                let options: SqliteConnectOptions = url
                    .parse()
                    .with_context(|| format!("invalid SQLite URL {url}"))?;
                Self::open_sqlite(options).await
            }
            Some(other) => anyhow::bail!(
                "DATABASE_URL must start with postgres://, postgresql:// or sqlite: (got {})",
                other.split(':').next().unwrap_or_default()
            ),
            None => {
                std::fs::create_dir_all(data_dir).with_context(|| {
                    format!("could not create the data directory {}", data_dir.display())
                })?;
                Self::open_sqlite(
                    SqliteConnectOptions::new().filename(data_dir.join("flotilla.db")),
                )
                .await
            }
        }
    }

    async fn open_sqlite(options: SqliteConnectOptions) -> anyhow::Result<Self> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // sqlx reads SQLite on a worker thread that hands rows over a channel of this many;
            // a small one makes the threads take turns for every few rows of a listing.
            .row_buffer_size(ROW_BUFFER);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .context("could not open the SQLite database")?;
        Ok(Self::Sqlite(SqliteStore::new(
            pool,
            broadcast::channel(CHANGE_BACKLOG).0,
        )))
    }

    /// Applies the embedded migrations of this dialect.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Self::Sqlite(s) => sqlx::migrate!("./migrations/sqlite").run(&s.pool).await,
            Self::Postgres(s) => sqlx::migrate!("./migrations/postgres").run(&s.pool).await,
        }
        .context("could not apply database migrations")
    }

    pub fn dialect(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }

    pub fn store(&self) -> SharedStore {
        match self {
            Self::Sqlite(s) => Arc::new(s.clone()),
            Self::Postgres(s) => Arc::new(s.clone()),
        }
    }

    pub fn dependencies(&self) -> SharedDependencies {
        match self {
            Self::Sqlite(s) => Arc::new(s.clone()),
            Self::Postgres(s) => Arc::new(s.clone()),
        }
    }

    pub fn prompts(&self) -> SharedPrompts {
        match self {
            Self::Sqlite(s) => Arc::new(s.clone()),
            Self::Postgres(s) => Arc::new(s.clone()),
        }
    }

    pub fn accounts(&self) -> SharedAccounts {
        match self {
            Self::Sqlite(s) => s.accounts(),
            Self::Postgres(s) => s.accounts(),
        }
    }

    /// The versions every write bumps (see `commit`): what read models and cached sessions
    /// are tagged with.
    pub fn versions(&self) -> Versions {
        match self {
            Self::Sqlite(s) => s.versions.clone(),
            Self::Postgres(s) => s.versions.clone(),
        }
    }

    /// Every committed change to shared data, as this instance learns of it.
    pub fn changes(&self) -> broadcast::Sender<LiveChange> {
        match self {
            Self::Sqlite(s) => s.changes.clone(),
            Self::Postgres(s) => s.changes.clone(),
        }
    }

    /// On PostgreSQL, relays changes committed by any instance (this one included) into
    /// [`Self::changes`]; reconnects if the connection drops. SQLite announces in-process.
    pub async fn relay_changes(&self) -> anyhow::Result<()> {
        let Self::Postgres(store) = self else {
            return Ok(());
        };
        let mut listener = sqlx::postgres::PgListener::connect_with(&store.pool)
            .await
            .context("could not listen for changes on PostgreSQL")?;
        listener
            .listen_all([CHANGES_CHANNEL, SESSIONS_CHANNEL])
            .await?;
        let changes = store.changes.clone();
        let versions = store.versions.clone();
        let pool = store.pool.clone();
        tokio::spawn(async move {
            loop {
                let note = listener.recv().await;
                if let Ok(note) = &note
                    && note.channel() == SESSIONS_CHANNEL
                {
                    versions.sessions_changed();
                    continue;
                }
                // An instance changed the data (or notes may have been missed): what was read
                // before is stale either way, and so may be cached sessions.
                match note {
                    Ok(note) => match serde_json::from_str::<LiveChange>(note.payload()) {
                        Ok(change) => {
                            versions.data_changed(Touched::by(&change));
                            let _ = changes.send(change);
                        }
                        Err(e) => {
                            versions.data_changed(Touched::Everything);
                            tracing::warn!(error = %e, "ignored a malformed change note");
                        }
                    },
                    // Shutting down: the pool is closed and nothing is listening any more.
                    Err(_) if pool.is_closed() => break,
                    Err(e) => {
                        versions.data_changed(Touched::Everything);
                        versions.sessions_changed();
                        // PgListener reconnects on the next recv; wait a moment first.
                        tracing::warn!(error = %e, "lost the change listener; reconnecting");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(())
    }

    pub async fn create_team(
        &self,
        name: &str,
        colour: &Colour,
        position: i32,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Team, StoreError> {
        match self {
            Self::Sqlite(s) => s.create_team(name, colour, position, actor, now).await,
            Self::Postgres(s) => s.create_team(name, colour, position, actor, now).await,
        }
    }

    pub async fn insert_releases(
        &self,
        drafts: &[ReleaseDraft],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.insert_releases(drafts, actor, now).await,
            Self::Postgres(s) => s.insert_releases(drafts, actor, now).await,
        }
    }

    pub async fn insert_dependencies(
        &self,
        edges: &[app::domain::dependency::Edge],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.insert_dependencies(edges, actor, now).await,
            Self::Postgres(s) => s.insert_dependencies(edges, actor, now).await,
        }
    }

    pub async fn close(&self) {
        match self {
            Self::Sqlite(s) => s.pool.close().await,
            Self::Postgres(s) => s.pool.close().await,
        }
    }
}
