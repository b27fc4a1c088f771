//! The audit trail's rows. Records are written inside the transaction of the change they
//! describe, so a change and its record commit or fail together.

use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow)]
pub struct AuditRow {
    pub at: DateTime<Utc>,
    pub actor_label: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// Appends one audit record on `$executor` (a transaction):
/// `audit!(tx, actor, entity, entity_id, action, before_json, after_json, now)`.
macro_rules! audit {
    ($executor:expr, $actor:expr, $entity:expr, $id:expr, $action:expr, $before:expr, $after:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor_label, entity, entity_id, action, \
               before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind($now)
        .bind($actor.user.map(|u| u.0))
        .bind($actor.label.as_str())
        .bind($entity)
        .bind($id)
        .bind($action)
        .bind($before)
        .bind($after)
        .execute($executor)
        .await
        .map_err(db_error)?
    };
}

pub(crate) use audit;
