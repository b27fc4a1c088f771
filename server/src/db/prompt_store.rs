//! The SQL behind [`PromptStore`], for both dialects, and the two steps other writes take
//! inside their own transactions: giving a release the checklist of its kind, and checking off
//! the items a recorded dependency answers.

use super::commit::Change;
use super::release_store::{PgStore, RELEASE_COLUMNS, SqliteStore, bind_draft, insert_statement};
use super::rows::{DependencyRow, PromptRow, ReleaseRow, TemplateRow, db_error, field_error};
use app::domain::dependency::Dependency;
use app::domain::prompt::{Prompt, PromptId, PromptTemplate, TemplateDraft, TemplateId};
use app::domain::text::DismissReason;
use app::domain::{Release, ReleaseDraft, ReleaseId, ReleaseKind, Version};
use app::store::{Actor, PromptStore, StoreError};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Transaction;

const PROMPT_COLUMNS: &str =
    "id, release_id, dependency_kind, text, state, linked_release_id, reason, version";
const TEMPLATE_COLUMNS: &str = "id, release_kind, dependency_kind, text";

fn snapshot(prompt: &Prompt) -> Option<serde_json::Value> {
    serde_json::to_value(prompt).ok()
}

macro_rules! sql_prompt_store {
    ($store:ident, $db:ty) => {
        impl $store {
            /// Gives release `id` the checklist of `kind`: items it already has stay, open items
            /// of another kind go, and those a recorded dependency answers are checked off.
            pub(super) async fn ask_prompts(
                tx: &mut Transaction<'_, $db>,
                id: ReleaseId,
                kind: ReleaseKind,
            ) -> Result<(), StoreError> {
                sqlx::query::<$db>(
                    "DELETE FROM release_prompts WHERE release_id = $1 AND state = 'open' \
                       AND template_id NOT IN \
                         (SELECT id FROM prompt_templates WHERE release_kind = $2)",
                )
                .bind(id.0)
                .bind(kind.as_str())
                .execute(&mut **tx)
                .await
                .map_err(db_error)?;
                sqlx::query::<$db>(
                    "INSERT INTO release_prompts (release_id, template_id, dependency_kind, text) \
                     SELECT CAST($1 AS BIGINT), t.id, t.dependency_kind, t.text \
                     FROM prompt_templates t WHERE t.release_kind = $2 AND NOT EXISTS \
                       (SELECT 1 FROM release_prompts p \
                        WHERE p.release_id = $1 AND p.template_id = t.id) \
                     ORDER BY t.position, t.id",
                )
                .bind(id.0)
                .bind(kind.as_str())
                .execute(&mut **tx)
                .await
                .map_err(db_error)?;
                Self::check_off_prompts(tx, id).await
            }

            /// Checks off the open items of release `id` that a recorded dependency of their
            /// kind answers.
            pub(super) async fn check_off_prompts(
                tx: &mut Transaction<'_, $db>,
                id: ReleaseId,
            ) -> Result<(), StoreError> {
                sqlx::query::<$db>(
                    "UPDATE release_prompts SET state = 'linked', version = version + 1, \
                       linked_release_id = (SELECT d.upstream_id FROM dependencies d \
                         WHERE d.downstream_id = release_prompts.release_id \
                           AND d.kind = release_prompts.dependency_kind ORDER BY d.id LIMIT 1) \
                     WHERE release_id = $1 AND state = 'open' AND EXISTS \
                       (SELECT 1 FROM dependencies d WHERE d.downstream_id = $1 \
                          AND d.kind = release_prompts.dependency_kind)",
                )
                .bind(id.0)
                .execute(&mut **tx)
                .await
                .map_err(db_error)?;
                Ok(())
            }

            async fn prompt_in(
                tx: &mut Transaction<'_, $db>,
                id: PromptId,
            ) -> Result<Prompt, StoreError> {
                let sql = format!("SELECT {PROMPT_COLUMNS} FROM release_prompts WHERE id = $1");
                sqlx::query_as::<$db, PromptRow>(&sql)
                    .bind(id.0)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(db_error)?
                    .ok_or(StoreError::NotFound)?
                    .try_into()
            }
        }

        #[async_trait::async_trait]
        impl PromptStore for $store {
            async fn prompt_templates(&self) -> Result<Vec<PromptTemplate>, StoreError> {
                let sql = format!(
                    "SELECT {TEMPLATE_COLUMNS} FROM prompt_templates ORDER BY position, id"
                );
                sqlx::query_as::<$db, TemplateRow>(&sql)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .into_iter()
                    .map(PromptTemplate::try_from)
                    .collect()
            }

            async fn add_prompt_template(
                &self,
                draft: &TemplateDraft,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<PromptTemplate, StoreError> {
                let sql = format!(
                    "INSERT INTO prompt_templates (release_kind, dependency_kind, text, position) \
                     VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 \
                       FROM prompt_templates)) RETURNING {TEMPLATE_COLUMNS}"
                );
                self.commit(actor, now, async |tx| {
                    let added: PromptTemplate = sqlx::query_as::<$db, TemplateRow>(&sql)
                        .bind(draft.release_kind.as_str())
                        .bind(draft.dependency_kind.as_str())
                        .bind(draft.text.as_str())
                        .fetch_one(&mut **tx)
                        .await
                        .map_err(db_error)?
                        .try_into()?;
                    let change = Change::Checklist {
                        entity: "prompt_template",
                        id: added.id.0,
                        action: "created",
                        before: None,
                        after: serde_json::to_value(&added).ok(),
                    };
                    Ok((added, change))
                })
                .await
            }

            async fn remove_prompt_template(
                &self,
                id: TemplateId,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                let sql = format!(
                    "DELETE FROM prompt_templates WHERE id = $1 RETURNING {TEMPLATE_COLUMNS}"
                );
                self.commit(actor, now, async |tx| {
                    let removed: PromptTemplate = sqlx::query_as::<$db, TemplateRow>(&sql)
                        .bind(id.0)
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err(db_error)?
                        .ok_or(StoreError::NotFound)?
                        .try_into()?;
                    let change = Change::Checklist {
                        entity: "prompt_template",
                        id: id.0,
                        action: "deleted",
                        before: serde_json::to_value(&removed).ok(),
                        after: None,
                    };
                    Ok(((), change))
                })
                .await
            }

            async fn prompts(&self, release: ReleaseId) -> Result<Vec<Prompt>, StoreError> {
                let sql = format!(
                    "SELECT {PROMPT_COLUMNS} FROM release_prompts WHERE release_id = $1 \
                     ORDER BY id"
                );
                sqlx::query_as::<$db, PromptRow>(&sql)
                    .bind(release.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .into_iter()
                    .map(Prompt::try_from)
                    .collect()
            }

            async fn prompt(&self, id: PromptId) -> Result<Prompt, StoreError> {
                let mut tx = self.pool.begin().await.map_err(db_error)?;
                let found = Self::prompt_in(&mut tx, id).await;
                tx.rollback().await.map_err(db_error)?;
                found
            }

            async fn dismiss_prompt(
                &self,
                id: PromptId,
                expected_version: Version,
                reason: &DismissReason,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<Prompt, StoreError> {
                let sql = format!(
                    "UPDATE release_prompts SET state = 'dismissed', reason = $3, \
                       version = version + 1 \
                     WHERE id = $1 AND version = $2 AND state = 'open' \
                     RETURNING {PROMPT_COLUMNS}"
                );
                self.commit(actor, now, async |tx| {
                    let before = Self::prompt_in(tx, id).await?;
                    let after: Prompt = sqlx::query_as::<$db, PromptRow>(&sql)
                        .bind(id.0)
                        .bind(expected_version.0)
                        .bind(reason.as_str())
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err(db_error)?
                        .ok_or(StoreError::StalePrompt)?
                        .try_into()?;
                    let change = Change::Checklist {
                        entity: "prompt",
                        id: id.0,
                        action: "dismissed",
                        before: snapshot(&before),
                        after: snapshot(&after),
                    };
                    Ok((after, change))
                })
                .await
            }

            async fn add_placeholder(
                &self,
                id: PromptId,
                expected_version: Version,
                placeholder: &ReleaseDraft,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<Release, StoreError> {
                let insert = insert_statement(&format!("RETURNING {RELEASE_COLUMNS}"));
                let link = "INSERT INTO dependencies (upstream_id, downstream_id, kind, \
                       lead_days, note, version, created_at, updated_at) \
                     VALUES ($1, $2, $3, 0, $4, 1, $5, $5) \
                     RETURNING id, upstream_id, downstream_id, kind, lead_days, note, version";
                self.commit(actor, now, async |tx| {
                    let prompt = Self::prompt_in(tx, id).await?;
                    if prompt.version != expected_version
                        || prompt.state != app::domain::prompt::PromptState::Open
                    {
                        return Err(StoreError::StalePrompt);
                    }
                    let created: Release =
                        bind_draft!(sqlx::query_as::<$db, ReleaseRow>(&insert), placeholder)
                            .bind(now)
                            .fetch_one(&mut **tx)
                            .await
                            .map_err(field_error("team_id"))?
                            .try_into()?;
                    Self::ask_prompts(tx, created.id, created.kind).await?;
                    // A new release depends on nothing, so this closes no cycle.
                    let dependency: Dependency = sqlx::query_as::<$db, DependencyRow>(link)
                        .bind(created.id.0)
                        .bind(prompt.release.0)
                        .bind(prompt.dependency_kind.as_str())
                        .bind(format!("Placeholder for “{}”", prompt.text))
                        .bind(now)
                        .fetch_one(&mut **tx)
                        .await
                        .map_err(db_error)?
                        .try_into()?;
                    Self::check_off_prompts(tx, prompt.release).await?;
                    let change = Change::Placeholder {
                        release: created.clone(),
                        dependency,
                        prompt: json!({ "id": id.0, "text": prompt.text }),
                    };
                    Ok((created, change))
                })
                .await
            }
        }
    };
}

sql_prompt_store!(SqliteStore, sqlx::Sqlite);
sql_prompt_store!(PgStore, sqlx::Postgres);
