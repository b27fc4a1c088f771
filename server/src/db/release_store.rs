//! The SQL behind [`ReleaseStore`], written once for both dialects: the statements use `$n`
//! placeholders and types that SQLite and PostgreSQL both accept, and a macro stamps out one
//! implementation per pool type.

use super::commit::Change;
use super::rows::{AuditRow, ReleaseRow, TeamRow, db_error, field_error};
use super::versions::Versions;
use app::domain::calendar::DateSpan;
use app::domain::live::LiveChange;
use app::domain::schedule::MAX_WINDOW_DAYS;
use app::domain::{Colour, Release, ReleaseDraft, ReleaseId, Team, Version};
use app::store::{Actor, ChangeValues, ReleaseChange, ReleaseStore, StoreError};
use chrono::{DateTime, Days, Utc};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use std::sync::Arc;
use tokio::sync::{Mutex, MutexGuard, broadcast};

/// The PostgreSQL channel that carries [`LiveChange`]s between instances.
pub const CHANGES_CHANNEL: &str = "flotilla_changes";

/// The PostgreSQL channel that tells other instances to look sessions up again (a session
/// ended, or someone's access changed).
pub const SESSIONS_CHANNEL: &str = "flotilla_sessions";

pub(super) const RELEASE_COLUMNS: &str = "id, team_id, title, kind, description, target_date, window_end, \
     status, is_public, owner, version, created_at, updated_at, date_moved_at, moved_from";

/// The most releases one listing returns; a quarter at enterprise scale stays well below it.
const MAX_LISTED: i64 = 20_000;

fn select_between() -> String {
    // The lower bound on target_date lets the index serve the query: no window is longer than
    // MAX_WINDOW_DAYS, so nothing starting earlier can reach into the span.
    format!(
        "SELECT {RELEASE_COLUMNS} FROM releases \
         WHERE target_date <= $2 AND target_date >= $3 \
           AND COALESCE(window_end, target_date) >= $1 \
         ORDER BY target_date, id LIMIT $4"
    )
}

pub(super) fn insert_statement(returning: &str) -> String {
    format!(
        "INSERT INTO releases (team_id, title, kind, description, target_date, window_end, \
           status, is_public, owner, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10) {returning}"
    )
}

pub(super) fn update_statement() -> String {
    format!(
        "UPDATE releases SET team_id = $3, title = $4, kind = $5, description = $6, \
           date_moved_at = CASE WHEN target_date <> $7 OR window_end IS DISTINCT FROM $8 \
             THEN $12 ELSE date_moved_at END, \
           moved_from = CASE WHEN target_date <> $7 THEN target_date ELSE moved_from END, \
           target_date = $7, window_end = $8, status = $9, is_public = $10, owner = $11, \
           version = version + 1, updated_at = $12 \
         WHERE id = $1 AND version = $2 \
         RETURNING {RELEASE_COLUMNS}"
    )
}

/// A release store on a SQLite pool. SQLite allows one writer at a time; writers wait their
/// turn on `writer` (a fair queue) rather than in SQLite's busy handler, whose sleeps grow to
/// 100 ms and make write latency spiky under contention.
/// SQLite serves one process, so changes are announced in-process after commit.
#[derive(Clone)]
pub struct SqliteStore {
    pub pool: SqlitePool,
    writer: Arc<Mutex<()>>,
    pub changes: broadcast::Sender<LiveChange>,
    pub versions: Versions,
}

impl SqliteStore {
    pub fn new(pool: SqlitePool, changes: broadcast::Sender<LiveChange>) -> Self {
        Self {
            pool,
            writer: Arc::new(Mutex::new(())),
            changes,
            versions: Versions::default(),
        }
    }

    pub(super) async fn write_turn(&self) -> Option<MutexGuard<'_, ()>> {
        Some(self.writer.lock().await)
    }

    /// One process: nobody else to tell.
    pub(super) async fn notify_in(
        &self,
        _tx: &mut Transaction<'_, Sqlite>,
        _channel: &str,
        _payload: &str,
    ) -> Result<(), StoreError> {
        Ok(())
    }

    pub(super) fn announce_committed(&self, change: LiveChange) {
        // No subscriber (no open screen) is not an error.
        let _ = self.changes.send(change);
    }

    /// The writer's turn, which the caller holds, already puts every write in one order.
    pub(super) async fn serialise(
        &self,
        _tx: &mut Transaction<'_, Sqlite>,
        _lock: Lock,
    ) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Writes that must not interleave with others of their kind, on any instance: a check of
/// what is stored and the write it admits are one step.
#[derive(Clone, Copy)]
pub enum Lock {
    /// Sign-in bookkeeping: a count of recent failures and the attempt it admits.
    SignIns,
    /// Dependencies: the cycle check and the edge it admits.
    Dependencies,
}

impl Lock {
    /// The PostgreSQL advisory lock key ("FlotSI", "FlotDE" in ASCII).
    fn key(self) -> i64 {
        match self {
            Self::SignIns => 0x466c_6f74_5349,
            Self::Dependencies => 0x466c_6f74_4445,
        }
    }
}

/// A release store on a PostgreSQL pool. Changes are announced with NOTIFY inside the
/// transaction, so every instance (this one too, through its listener) hears of a change
/// exactly when it commits.
#[derive(Clone)]
pub struct PgStore {
    pub pool: PgPool,
    pub changes: broadcast::Sender<LiveChange>,
    pub versions: Versions,
}

impl PgStore {
    pub fn new(pool: PgPool, changes: broadcast::Sender<LiveChange>) -> Self {
        Self {
            pool,
            changes,
            versions: Versions::default(),
        }
    }

    /// PostgreSQL handles concurrent writers itself.
    pub(super) async fn write_turn(&self) -> Option<MutexGuard<'_, ()>> {
        None
    }

    /// Writes of one kind, on every instance, take turns on one advisory lock, held until the
    /// transaction ends.
    pub(super) async fn serialise(
        &self,
        tx: &mut Transaction<'_, Postgres>,
        lock: Lock,
    ) -> Result<(), StoreError> {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(lock.key())
            .execute(&mut **tx)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    /// Delivered to every instance's listener (this one's too) when the transaction commits.
    pub(super) async fn notify_in(
        &self,
        tx: &mut Transaction<'_, Postgres>,
        channel: &str,
        payload: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(channel)
            .bind(payload)
            .execute(&mut **tx)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    /// Open screens here hear of it through this instance's listener, like everyone else's.
    pub(super) fn announce_committed(&self, _change: LiveChange) {}
}

fn from_snapshot(json: Option<&str>) -> Result<Option<Release>, serde_json::Error> {
    json.map(serde_json::from_str).transpose()
}

/// An audit row's values, or None (logged) when either cannot be read: one old or damaged
/// record must not make the whole history unreadable.
fn change_values(row: &AuditRow) -> Option<ChangeValues> {
    let read = from_snapshot(row.before_json.as_deref())
        .and_then(|before| Ok((before, from_snapshot(row.after_json.as_deref())?)));
    match read {
        Ok((before, after)) => Some(ChangeValues { before, after }),
        Err(e) => {
            tracing::warn!(error = %e, at = %row.at, "an audit record's values cannot be read");
            None
        }
    }
}

/// Binds a draft's columns in the order of `insert_statement` ($1..$9) and, after the id and
/// version, of `update_statement` ($3..$11).
macro_rules! bind_draft {
    ($query:expr, $draft:expr) => {
        $query
            .bind($draft.team_id.0)
            .bind($draft.title.as_str())
            .bind($draft.kind.as_str())
            .bind($draft.description.as_str())
            .bind($draft.schedule.target())
            .bind($draft.schedule.window_end())
            .bind($draft.status.as_str())
            .bind($draft.public)
            .bind($draft.owner.as_str())
    };
}

pub(super) use bind_draft;

macro_rules! sql_release_store {
    ($store:ident, $db:ty) => {
        impl $store {
            /// Adds a team (used by the demo data and the data generator).
            pub async fn create_team(
                &self,
                name: &str,
                colour: &Colour,
                position: i32,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<Team, StoreError> {
                self.commit(actor, now, async |tx| {
                    let team: Team = sqlx::query_as::<$db, TeamRow>(
                        "INSERT INTO teams (name, colour, position) VALUES ($1, $2, $3) \
                         RETURNING id, name, colour",
                    )
                    .bind(name)
                    .bind(colour.as_str())
                    .bind(position)
                    .fetch_one(&mut **tx)
                    .await
                    .map_err(field_error("name"))?
                    .try_into()?;
                    Ok((
                        team.clone(),
                        Change::Team {
                            team,
                            action: "created",
                        },
                    ))
                })
                .await
            }

            /// Inserts many releases in one transaction (the data generator's fast path).
            pub async fn insert_releases(
                &self,
                drafts: &[ReleaseDraft],
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                let sql = insert_statement(&format!("RETURNING {RELEASE_COLUMNS}"));
                self.commit(actor, now, async |tx| {
                    let mut created = Vec::with_capacity(drafts.len());
                    for draft in drafts {
                        let row = bind_draft!(sqlx::query_as::<$db, ReleaseRow>(&sql), draft)
                            .bind(now)
                            .fetch_one(&mut **tx)
                            .await
                            .map_err(field_error("team_id"))?;
                        created.push(Release::try_from(row)?);
                    }
                    Ok(((), Change::Imported(created)))
                })
                .await
            }

            /// The release as it now is, inside `tx`: what a caller holding a stale version is
            /// shown.
            async fn stale(tx: &mut Transaction<'_, $db>, id: ReleaseId) -> StoreError {
                let sql = format!("SELECT {RELEASE_COLUMNS} FROM releases WHERE id = $1");
                let current = sqlx::query_as::<$db, ReleaseRow>(&sql)
                    .bind(id.0)
                    .fetch_optional(&mut **tx)
                    .await;
                match current {
                    Ok(Some(row)) => match Release::try_from(row) {
                        Ok(release) => StoreError::Conflict(Box::new(release)),
                        Err(e) => e,
                    },
                    Ok(None) => StoreError::NotFound,
                    Err(e) => db_error(e),
                }
            }

            /// Whether the release has dependencies either way.
            async fn linked(
                tx: &mut Transaction<'_, $db>,
                id: ReleaseId,
            ) -> Result<bool, StoreError> {
                sqlx::query_scalar::<$db, bool>(
                    "SELECT EXISTS (SELECT 1 FROM dependencies \
                       WHERE upstream_id = $1 OR downstream_id = $1)",
                )
                .bind(id.0)
                .fetch_one(&mut **tx)
                .await
                .map_err(db_error)
            }

            async fn current(&self, id: ReleaseId) -> Result<Release, StoreError> {
                let sql = format!("SELECT {RELEASE_COLUMNS} FROM releases WHERE id = $1");
                sqlx::query_as::<$db, ReleaseRow>(&sql)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .ok_or(StoreError::NotFound)?
                    .try_into()
            }
        }

        #[async_trait::async_trait]
        impl ReleaseStore for $store {
            async fn teams(&self) -> Result<Vec<Team>, StoreError> {
                sqlx::query_as::<$db, TeamRow>(
                    "SELECT id, name, colour FROM teams ORDER BY position, name",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?
                .into_iter()
                .map(Team::try_from)
                .collect()
            }

            async fn releases_between(&self, span: DateSpan) -> Result<Vec<Release>, StoreError> {
                let earliest = span.from - Days::new(MAX_WINDOW_DAYS as u64);
                sqlx::query_as::<$db, ReleaseRow>(&select_between())
                    .bind(span.from)
                    .bind(span.to)
                    .bind(earliest)
                    .bind(MAX_LISTED)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .into_iter()
                    .map(Release::try_from)
                    .collect()
            }

            async fn release(&self, id: ReleaseId) -> Result<Release, StoreError> {
                self.current(id).await
            }

            async fn all_releases(&self) -> Result<Vec<Release>, StoreError> {
                let sql =
                    format!("SELECT {RELEASE_COLUMNS} FROM releases ORDER BY target_date, id");
                sqlx::query_as::<$db, ReleaseRow>(&sql)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .into_iter()
                    .map(Release::try_from)
                    .collect()
            }

            async fn create_release(
                &self,
                draft: &ReleaseDraft,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<Release, StoreError> {
                let sql = insert_statement(&format!("RETURNING {RELEASE_COLUMNS}"));
                self.commit(actor, now, async |tx| {
                    let created: Release =
                        bind_draft!(sqlx::query_as::<$db, ReleaseRow>(&sql), draft)
                            .bind(now)
                            .fetch_one(&mut **tx)
                            .await
                            .map_err(field_error("team_id"))?
                            .try_into()?;
                    Self::ask_prompts(tx, created.id, created.kind).await?;
                    let change = Change::Release {
                        id: created.id,
                        action: "created",
                        before: None,
                        after: Some(created.clone()),
                        linked: false,
                    };
                    Ok((created, change))
                })
                .await
            }

            async fn update_release(
                &self,
                id: ReleaseId,
                expected_version: Version,
                draft: &ReleaseDraft,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<Release, StoreError> {
                let select = format!("SELECT {RELEASE_COLUMNS} FROM releases WHERE id = $1");
                self.commit(actor, now, async |tx| {
                    let before: Release = sqlx::query_as::<$db, ReleaseRow>(&select)
                        .bind(id.0)
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err(db_error)?
                        .ok_or(StoreError::NotFound)?
                        .try_into()?;
                    // Conditional on the version: a concurrent writer that got in first makes
                    // this match nothing, on both dialects, and the caller gets the conflict.
                    let updated = bind_draft!(
                        sqlx::query_as::<$db, ReleaseRow>(&update_statement())
                            .bind(id.0)
                            .bind(expected_version.0),
                        draft
                    )
                    .bind(now)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(field_error("team_id"))?;
                    let Some(row) = updated else {
                        return Err(Self::stale(tx, id).await);
                    };
                    let after: Release = row.try_into()?;
                    if after.kind != before.kind {
                        Self::ask_prompts(tx, id, after.kind).await?;
                    }
                    let change = Change::Release {
                        id,
                        action: "updated",
                        before: Some(before),
                        after: Some(after.clone()),
                        linked: Self::linked(tx, id).await?,
                    };
                    Ok((after, change))
                })
                .await
            }

            async fn delete_release(
                &self,
                id: ReleaseId,
                expected_version: Version,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                let sql = format!(
                    "DELETE FROM releases WHERE id = $1 AND version = $2 \
                     RETURNING {RELEASE_COLUMNS}"
                );
                self.commit(actor, now, async |tx| {
                    // Asked first: deleting the release deletes its dependencies.
                    let linked = Self::linked(tx, id).await?;
                    let deleted = sqlx::query_as::<$db, ReleaseRow>(&sql)
                        .bind(id.0)
                        .bind(expected_version.0)
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err(db_error)?;
                    let Some(row) = deleted else {
                        return Err(Self::stale(tx, id).await);
                    };
                    let change = Change::Release {
                        id,
                        action: "deleted",
                        before: Some(row.try_into()?),
                        after: None,
                        linked,
                    };
                    Ok(((), change))
                })
                .await
            }

            async fn release_history(
                &self,
                id: ReleaseId,
            ) -> Result<Vec<ReleaseChange>, StoreError> {
                let rows = sqlx::query_as::<$db, AuditRow>(
                    "SELECT at, actor_label, before_json, after_json FROM audit_log \
                     WHERE entity = 'release' AND entity_id = $1 ORDER BY id",
                )
                .bind(id.0)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
                if rows.is_empty() {
                    // Never audited means never existed (or predates the trail): say so.
                    self.current(id).await?;
                }
                Ok(rows
                    .into_iter()
                    .map(|row| ReleaseChange {
                        values: change_values(&row),
                        at: row.at,
                        actor_label: row.actor_label,
                    })
                    .collect())
            }
        }
    };
}

sql_release_store!(SqliteStore, sqlx::Sqlite);
sql_release_store!(PgStore, sqlx::Postgres);
