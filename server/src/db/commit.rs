//! The one way anything is written. A store method hands [`commit`](SqliteStore::commit) a
//! closure that makes its change in a transaction and says what it changed (a [`Change`]);
//! the commit path does everything every write needs, in this order: the writer's turn
//! (SQLite), the change, its audit record, the notice to other instances (PostgreSQL, delivered
//! on commit), the commit, then the new data versions (so a person always reads their own
//! writes) and the live change for open screens. No store method does any of that by hand.

use super::release_store::{CHANGES_CHANNEL, PgStore, SESSIONS_CHANNEL, SqliteStore};
use super::rows::db_error;
use super::versions::{Touched, Versions};
use app::domain::dependency::Dependency;
use app::domain::live::{LiveChange, Reach};
use app::domain::{Release, ReleaseId, Team, UserId};
use app::store::{Actor, StoreError};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sqlx::Transaction;

/// What a write changed: what the audit trail records, and which read models and caches it
/// makes stale.
#[derive(Debug)]
pub enum Change {
    /// A release created, edited, moved or deleted (no `before` for a creation, no `after`
    /// for a deletion). `linked`: it has dependencies, whose rules judge releases on other
    /// days, so every day may look different.
    Release {
        id: ReleaseId,
        action: &'static str,
        before: Option<Release>,
        after: Option<Release>,
        linked: bool,
    },
    /// Releases moved together ("move dependents too"), each as (before, after), the one the
    /// person moved first.
    Moved(Vec<(Release, Release)>),
    /// A checklist item answered, or a checklist template changed: audited, and shown by no
    /// read model.
    Checklist {
        entity: &'static str,
        id: i64,
        action: &'static str,
        before: Option<Value>,
        after: Option<Value>,
    },
    /// A placeholder release created for a checklist item, and the dependency on it.
    Placeholder {
        release: Release,
        dependency: Dependency,
        prompt: Value,
    },
    /// Dependencies added in one go (the data generator): each is recorded as created.
    DependenciesImported(Vec<Dependency>),
    /// A dependency added, changed or removed (no `before` for an addition, no `after` for a
    /// removal).
    Dependency {
        action: &'static str,
        before: Option<Dependency>,
        after: Option<Dependency>,
    },
    /// Releases added in one go (the data generator): each is recorded as created.
    Imported(Vec<Release>),
    Team {
        team: Team,
        action: &'static str,
    },
    /// An account created or signed in to: nothing anyone sees depends on it.
    Account {
        user: UserId,
        action: &'static str,
        after: Option<Value>,
    },
    /// Someone's access changed (a role, disabling, a session ended): every session looked up
    /// before it must be looked up again.
    Access {
        user: UserId,
        action: &'static str,
        before: Option<Value>,
        after: Option<Value>,
    },
    Token {
        id: i64,
        action: &'static str,
        before: Option<Value>,
        after: Option<Value>,
    },
    /// Bookkeeping that is neither audited nor shown: a session opened or seen, sign-in
    /// attempts counted, a token's last use.
    Bookkeeping,
}

/// One row of the audit trail.
struct Record {
    entity: &'static str,
    id: i64,
    action: &'static str,
    before: Option<String>,
    after: Option<String>,
}

fn snapshot(release: &Release) -> Option<String> {
    serde_json::to_string(release).ok()
}

impl Change {
    fn records(&self) -> Vec<Record> {
        let json = |v: &Option<Value>| v.as_ref().map(Value::to_string);
        match self {
            Self::Release {
                id,
                action,
                before,
                after,
                ..
            } => vec![Record {
                entity: "release",
                id: id.0,
                action,
                before: before.as_ref().and_then(snapshot),
                after: after.as_ref().and_then(snapshot),
            }],
            Self::Moved(moves) => moves
                .iter()
                .map(|(before, after)| Record {
                    entity: "release",
                    id: after.id.0,
                    action: "updated",
                    before: snapshot(before),
                    after: snapshot(after),
                })
                .collect(),
            Self::Checklist {
                entity,
                id,
                action,
                before,
                after,
            } => vec![Record {
                entity,
                id: *id,
                action,
                before: json(before),
                after: json(after),
            }],
            Self::Placeholder {
                release,
                dependency,
                prompt,
            } => vec![
                Record {
                    entity: "release",
                    id: release.id.0,
                    action: "created",
                    before: None,
                    after: snapshot(release),
                },
                Record {
                    entity: "dependency",
                    id: dependency.id.0,
                    action: "created",
                    before: None,
                    after: serde_json::to_string(&json!({
                        "dependency": dependency,
                        "answers": prompt,
                    }))
                    .ok(),
                },
            ],
            Self::DependenciesImported(added) => added
                .iter()
                .map(|d| Record {
                    entity: "dependency",
                    id: d.id.0,
                    action: "created",
                    before: None,
                    after: serde_json::to_string(d).ok(),
                })
                .collect(),
            Self::Dependency {
                action,
                before,
                after,
            } => {
                let dependency =
                    |d: &Option<Dependency>| d.as_ref().and_then(|d| serde_json::to_string(d).ok());
                vec![Record {
                    entity: "dependency",
                    id: after.as_ref().or(before.as_ref()).map_or(0, |d| d.id.0),
                    action,
                    before: dependency(before),
                    after: dependency(after),
                }]
            }
            Self::Imported(releases) => releases
                .iter()
                .map(|r| Record {
                    entity: "release",
                    id: r.id.0,
                    action: "created",
                    before: None,
                    after: snapshot(r),
                })
                .collect(),
            Self::Team { team, action } => vec![Record {
                entity: "team",
                id: team.id.0,
                action,
                before: None,
                after: serde_json::to_string(team).ok(),
            }],
            Self::Account {
                user,
                action,
                after,
            } => vec![Record {
                entity: "user",
                id: user.0,
                action,
                before: None,
                after: json(after),
            }],
            Self::Access {
                user,
                action,
                before,
                after,
            } => vec![Record {
                entity: "user",
                id: user.0,
                action,
                before: json(before),
                after: json(after),
            }],
            Self::Token {
                id,
                action,
                before,
                after,
            } => vec![Record {
                entity: "token",
                id: *id,
                action,
                before: json(before),
                after: json(after),
            }],
            Self::Bookkeeping => Vec::new(),
        }
    }

    /// What open screens are told, for changes to what they show (releases and teams).
    fn live(&self) -> Option<LiveChange> {
        match self {
            Self::Release {
                id,
                action,
                before,
                after,
                linked,
            } => Some(LiveChange::new(
                "release",
                id.0,
                action,
                if *linked {
                    Reach::Everywhere
                } else {
                    Reach::of_release(before.as_ref(), after.as_ref())
                },
            )),
            Self::Moved(moves) => {
                let mut ids = moves.iter().map(|(_, after)| after.id.0);
                let first = ids.next()?;
                let mut live = LiveChange::new("release", first, "updated", Reach::Everywhere);
                live.also = ids.collect();
                Some(live)
            }
            Self::Placeholder {
                release,
                dependency,
                ..
            } => {
                let mut live = LiveChange::new(
                    "dependency",
                    dependency.edge.downstream.0,
                    "created",
                    Reach::Everywhere,
                );
                live.also = vec![release.id.0];
                Some(live)
            }
            Self::DependenciesImported(_) => Some(LiveChange::new(
                "dependency",
                0,
                "imported",
                Reach::Everywhere,
            )),
            Self::Dependency {
                action,
                before,
                after,
            } => {
                let dependency = after.as_ref().or(before.as_ref())?;
                Some(LiveChange::new(
                    "dependency",
                    dependency.edge.downstream.0,
                    action,
                    Reach::Everywhere,
                ))
            }
            Self::Imported(_) => Some(LiveChange::new("release", 0, "imported", Reach::Everywhere)),
            Self::Team { team, action } => Some(LiveChange::new(
                "team",
                team.id.0,
                action,
                Reach::Everywhere,
            )),
            _ => None,
        }
    }

    fn ends_sessions(&self) -> bool {
        matches!(self, Self::Access { .. })
    }

    /// Bumps the versions of what it made stale: data (releases, teams, with the releases it
    /// touched), sessions.
    pub(super) fn bump(&self, versions: &Versions) {
        if let Some(live) = self.live() {
            versions.data_changed(Touched::by(&live));
        }
        if self.ends_sessions() {
            versions.sessions_changed();
        }
    }
}

/// The commit path of one store type; `$notify` sends a notice inside the transaction
/// (PostgreSQL) or does nothing (SQLite, one process).
macro_rules! commit_path {
    ($store:ident, $db:ty) => {
        impl $store {
            /// Runs `write` in a transaction and commits it with its audit records, notices,
            /// new versions and live change. An error from `write` rolls everything back.
            pub(super) async fn commit<R>(
                &self,
                actor: &Actor,
                now: DateTime<Utc>,
                write: impl AsyncFnOnce(
                    &mut Transaction<'_, $db>,
                ) -> Result<(R, Change), StoreError>,
            ) -> Result<R, StoreError> {
                let turn = self.write_turn().await;
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                let (value, change) = match write(&mut tx).await {
                    Ok(done) => done,
                    Err(e) => {
                        // Roll back before the next writer's turn: a dropped transaction is
                        // rolled back only when its connection is next used, and until then it
                        // holds SQLite's write lock, which the next writer would wait on.
                        tx.rollback().await.map_err(db_error)?;
                        return Err(e);
                    }
                };
                for record in change.records() {
                    sqlx::query::<$db>(
                        "INSERT INTO audit_log (at, actor_id, actor_label, entity, entity_id, \
                           action, before_json, after_json) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(now)
                    .bind(actor.user.map(|u| u.0))
                    .bind(actor.label.as_str())
                    .bind(record.entity)
                    .bind(record.id)
                    .bind(record.action)
                    .bind(record.before)
                    .bind(record.after)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                }
                let live = change.live();
                if let Some(live) = &live {
                    let payload = serde_json::to_string(live)
                        .map_err(|e| StoreError::Database(e.to_string()))?;
                    self.notify_in(&mut tx, CHANGES_CHANNEL, &payload).await?;
                }
                if change.ends_sessions() {
                    self.notify_in(&mut tx, SESSIONS_CHANNEL, "").await?;
                }
                tx.commit().await.map_err(db_error)?;
                drop(turn);
                change.bump(&self.versions);
                if let Some(live) = live {
                    self.announce_committed(live);
                }
                Ok(value)
            }
        }
    };
}

commit_path!(SqliteStore, sqlx::Sqlite);
commit_path!(PgStore, sqlx::Postgres);
