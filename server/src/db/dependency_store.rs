//! The SQL behind [`DependencyStore`], for both dialects. A new dependency is checked against
//! the stored ones reachable from it while no other dependency can be added: the writer's turn
//! on SQLite, an advisory lock on PostgreSQL.

use super::commit::Change;
use super::release_store::{
    Lock, PgStore, RELEASE_COLUMNS, SqliteStore, bind_draft, update_statement,
};
use super::rows::{DependencyRow, ReleaseRow, db_error, field_error};
use app::domain::dependency::{
    Dated, Dependency, DependencyDraft, DependencyGraph, DependencyId, Edge, EdgeError,
};
use app::domain::{Release, ReleaseDraft, ReleaseId, TeamId, Version};
use app::store::{Actor, DependencyStore, StoreError};
use chrono::{DateTime, Utc};
use sqlx::Transaction;
use std::collections::HashMap;

const DEPENDENCY_COLUMNS: &str = "id, upstream_id, downstream_id, kind, lead_days, note, version";

/// The releases downstream of `$1`, itself included.
const DOWNSTREAM_OF: &str = "WITH RECURSIVE reach(id) AS ( \
       SELECT CAST($1 AS BIGINT) \
       UNION SELECT d.downstream_id FROM dependencies d JOIN reach ON d.upstream_id = reach.id)";

/// The graph of `edges`, as stored (checked when each was written).
fn graph_of(edges: &[Dependency]) -> DependencyGraph {
    let mut graph = DependencyGraph::default();
    let mut by_downstream: HashMap<ReleaseId, Vec<Edge>> = HashMap::new();
    for d in edges {
        by_downstream
            .entry(d.edge.downstream)
            .or_default()
            .push(d.edge);
    }
    for (downstream, upstream) in by_downstream {
        graph.put_upstream(downstream, upstream);
    }
    graph
}

macro_rules! sql_dependency_store {
    ($store:ident, $db:ty) => {
        impl $store {
            /// Adds many dependencies in one transaction (the data generator's path), each
            /// checked against every stored one and those before it; the first that would
            /// close a cycle refuses them all.
            pub async fn insert_dependencies(
                &self,
                edges: &[Edge],
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                let sql = format!(
                    "INSERT INTO dependencies (upstream_id, downstream_id, kind, lead_days, \
                       note, version, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, '', 1, $5, $5) RETURNING {DEPENDENCY_COLUMNS}"
                );
                let all = format!("SELECT {DEPENDENCY_COLUMNS} FROM dependencies");
                self.commit(actor, now, async |tx| {
                    self.serialise(tx, Lock::Dependencies).await?;
                    let stored = sqlx::query_as::<$db, DependencyRow>(&all)
                        .fetch_all(&mut **tx)
                        .await
                        .map_err(db_error)?
                        .into_iter()
                        .map(Dependency::try_from)
                        .collect::<Result<Vec<_>, _>>()?;
                    let mut graph = graph_of(&stored);
                    let mut added = Vec::with_capacity(edges.len());
                    for edge in edges {
                        graph.add(*edge).map_err(|e| match e {
                            EdgeError::Cycle(cycle) => StoreError::Cycle(cycle),
                            other => StoreError::Corrupt(other.to_string()),
                        })?;
                        let row = sqlx::query_as::<$db, DependencyRow>(&sql)
                            .bind(edge.upstream.0)
                            .bind(edge.downstream.0)
                            .bind(edge.kind.as_str())
                            .bind(edge.lead_days as i32)
                            .bind(now)
                            .fetch_one(&mut **tx)
                            .await
                            .map_err(field_error("upstream"))?;
                        added.push(Dependency::try_from(row)?);
                    }
                    Ok(((), Change::DependenciesImported(added)))
                })
                .await
            }

            async fn dependency_in(
                tx: &mut Transaction<'_, $db>,
                id: DependencyId,
            ) -> Result<Dependency, StoreError> {
                let sql = format!("SELECT {DEPENDENCY_COLUMNS} FROM dependencies WHERE id = $1");
                sqlx::query_as::<$db, DependencyRow>(&sql)
                    .bind(id.0)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(db_error)?
                    .ok_or(StoreError::NotFound)?
                    .try_into()
            }

            /// The stored dependencies whose dependent is `id` or downstream of it.
            async fn into_downstream_of(
                tx: &mut Transaction<'_, $db>,
                id: ReleaseId,
            ) -> Result<Vec<Dependency>, StoreError> {
                let sql = format!(
                    "{DOWNSTREAM_OF} SELECT {DEPENDENCY_COLUMNS} FROM dependencies \
                     WHERE downstream_id IN (SELECT id FROM reach)"
                );
                sqlx::query_as::<$db, DependencyRow>(&sql)
                    .bind(id.0)
                    .fetch_all(&mut **tx)
                    .await
                    .map_err(db_error)?
                    .into_iter()
                    .map(Dependency::try_from)
                    .collect()
            }
        }

        #[async_trait::async_trait]
        impl DependencyStore for $store {
            async fn all_dependencies(&self) -> Result<Vec<Dependency>, StoreError> {
                let sql = format!("SELECT {DEPENDENCY_COLUMNS} FROM dependencies ORDER BY id");
                sqlx::query_as::<$db, DependencyRow>(&sql)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .into_iter()
                    .map(Dependency::try_from)
                    .collect()
            }

            async fn upstream_of(
                &self,
                downstream: ReleaseId,
            ) -> Result<Vec<Dependency>, StoreError> {
                let sql = format!(
                    "SELECT {DEPENDENCY_COLUMNS} FROM dependencies WHERE downstream_id = $1 \
                     ORDER BY id"
                );
                sqlx::query_as::<$db, DependencyRow>(&sql)
                    .bind(downstream.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .into_iter()
                    .map(Dependency::try_from)
                    .collect()
            }

            async fn dependency(&self, id: DependencyId) -> Result<Dependency, StoreError> {
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                let found = Self::dependency_in(&mut tx, id).await;
                tx.rollback().await.map_err(db_error)?;
                found
            }

            async fn add_dependency(
                &self,
                downstream: ReleaseId,
                draft: &DependencyDraft,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<Dependency, StoreError> {
                let edge = Edge {
                    upstream: draft.upstream,
                    downstream,
                    kind: draft.kind,
                    lead_days: draft.lead_days,
                };
                self.commit(actor, now, async |tx| {
                    self.serialise(tx, Lock::Dependencies).await?;
                    // A path back from the new dependent to what it needs runs only through
                    // what is downstream of the dependent.
                    let reachable = Self::into_downstream_of(tx, downstream).await?;
                    match graph_of(&reachable).check(edge) {
                        Ok(()) => {}
                        Err(EdgeError::Cycle(cycle)) => return Err(StoreError::Cycle(cycle)),
                        Err(EdgeError::SelfDependency) => {
                            return Err(StoreError::Cycle(vec![downstream, downstream]));
                        }
                        Err(EdgeError::LeadTooLong) => {
                            return Err(StoreError::Corrupt("lead time out of range".into()));
                        }
                    }
                    let sql = format!(
                        "INSERT INTO dependencies (upstream_id, downstream_id, kind, lead_days, \
                           note, version, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING {DEPENDENCY_COLUMNS}"
                    );
                    let added: Dependency = sqlx::query_as::<$db, DependencyRow>(&sql)
                        .bind(draft.upstream.0)
                        .bind(downstream.0)
                        .bind(draft.kind.as_str())
                        .bind(draft.lead_days as i32)
                        .bind(draft.note.as_str())
                        .bind(now)
                        .fetch_one(&mut **tx)
                        .await
                        .map_err(field_error("upstream"))?
                        .try_into()?;
                    Self::check_off_prompts(tx, downstream).await?;
                    let change = Change::Dependency {
                        action: "created",
                        before: None,
                        after: Some(added.clone()),
                    };
                    Ok((added, change))
                })
                .await
            }

            async fn update_dependency(
                &self,
                id: DependencyId,
                expected_version: Version,
                draft: &DependencyDraft,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<Dependency, StoreError> {
                let sql = format!(
                    "UPDATE dependencies SET kind = $3, lead_days = $4, note = $5, \
                       version = version + 1, updated_at = $6 \
                     WHERE id = $1 AND version = $2 RETURNING {DEPENDENCY_COLUMNS}"
                );
                self.commit(actor, now, async |tx| {
                    let before = Self::dependency_in(tx, id).await?;
                    let updated = sqlx::query_as::<$db, DependencyRow>(&sql)
                        .bind(id.0)
                        .bind(expected_version.0)
                        .bind(draft.kind.as_str())
                        .bind(draft.lead_days as i32)
                        .bind(draft.note.as_str())
                        .bind(now)
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err(db_error)?;
                    let Some(row) = updated else {
                        return Err(StoreError::StaleDependency(Box::new(before)));
                    };
                    let after: Dependency = row.try_into()?;
                    let change = Change::Dependency {
                        action: "updated",
                        before: Some(before),
                        after: Some(after.clone()),
                    };
                    Ok((after, change))
                })
                .await
            }

            async fn remove_dependency(
                &self,
                id: DependencyId,
                expected_version: Version,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                self.commit(actor, now, async |tx| {
                    let before = Self::dependency_in(tx, id).await?;
                    let removed = sqlx::query::<$db>(
                        "DELETE FROM dependencies WHERE id = $1 AND version = $2",
                    )
                    .bind(id.0)
                    .bind(expected_version.0)
                    .execute(&mut **tx)
                    .await
                    .map_err(db_error)?;
                    if removed.rows_affected() == 0 {
                        return Err(StoreError::StaleDependency(Box::new(before)));
                    }
                    let change = Change::Dependency {
                        action: "deleted",
                        before: Some(before),
                        after: None,
                    };
                    Ok(((), change))
                })
                .await
            }

            async fn move_with_dependents(
                &self,
                id: ReleaseId,
                expected_version: Version,
                draft: &ReleaseDraft,
                may_move: &(dyn Fn(TeamId) -> bool + Send + Sync),
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<Vec<Release>, StoreError> {
                let involved = format!(
                    "{DOWNSTREAM_OF} SELECT {RELEASE_COLUMNS} FROM releases WHERE id IN \
                       (SELECT id FROM reach UNION SELECT upstream_id FROM dependencies \
                        WHERE downstream_id IN (SELECT id FROM reach))"
                );
                self.commit(actor, now, async |tx| {
                    // No dependency is added or removed while the dependents are worked out.
                    self.serialise(tx, Lock::Dependencies).await?;
                    let edges = Self::into_downstream_of(tx, id).await?;
                    let releases: HashMap<ReleaseId, Release> =
                        sqlx::query_as::<$db, ReleaseRow>(&involved)
                            .bind(id.0)
                            .fetch_all(&mut **tx)
                            .await
                            .map_err(db_error)?
                            .into_iter()
                            .map(|row| Release::try_from(row).map(|r| (r.id, r)))
                            .collect::<Result<_, _>>()?;
                    let moved = releases.get(&id).ok_or(StoreError::NotFound)?;
                    if moved.version != expected_version {
                        return Err(StoreError::Conflict(Box::new(moved.clone())));
                    }
                    let dated = |r: ReleaseId| {
                        releases.get(&r).map(|r| Dated {
                            target: r.schedule.target(),
                            status: r.status,
                        })
                    };
                    let shifts =
                        graph_of(&edges).shift_dependents(dated, id, draft.schedule.target());
                    let mut moves = Vec::with_capacity(shifts.len() + 1);
                    for (release, day) in std::iter::once((id, None)).chain(
                        shifts.into_iter().map(|(r, day)| (r, Some(day))),
                    ) {
                        let before = releases[&release].clone();
                        let draft = match day {
                            None => draft.clone(),
                            Some(_) if !may_move(before.team_id) => {
                                return Err(StoreError::NotPermitted(release));
                            }
                            Some(day) => ReleaseDraft {
                                schedule: before.schedule.moved_to(day).map_err(|e| {
                                    StoreError::Corrupt(format!("release {release}: {e}"))
                                })?,
                                ..before.draft()
                            },
                        };
                        let after: Release = bind_draft!(
                            sqlx::query_as::<$db, ReleaseRow>(&update_statement())
                                .bind(release.0)
                                .bind(before.version.0),
                            draft
                        )
                        .bind(now)
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err(field_error("team_id"))?
                        .ok_or_else(|| StoreError::Conflict(Box::new(before.clone())))?
                        .try_into()?;
                        moves.push((before, after));
                    }
                    let after = moves.iter().map(|(_, a)| a.clone()).collect();
                    Ok((after, Change::Moved(moves)))
                })
                .await
            }
        }
    };
}

sql_dependency_store!(SqliteStore, sqlx::Sqlite);
sql_dependency_store!(PgStore, sqlx::Postgres);
