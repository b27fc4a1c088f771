//! Rows as both dialects return them, and their conversion into domain values.

use app::domain::dependency::{Dependency, DependencyId, DependencyKind, Edge};
use app::domain::prompt::{Prompt, PromptId, PromptState, PromptTemplate, TemplateId};
use app::domain::text::{DependencyNote, DismissReason, PromptText};
use app::domain::{
    Colour, Description, OwnerName, Release, ReleaseId, ReleaseKind, ReleaseStatus, Schedule, Team,
    TeamId, Title, Version,
};
use app::store::StoreError;
use chrono::{DateTime, NaiveDate, Utc};

/// An audit record as the History tab reads it.
#[derive(sqlx::FromRow)]
pub struct AuditRow {
    pub at: DateTime<Utc>,
    pub actor_label: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct TeamRow {
    pub id: i64,
    pub name: String,
    pub colour: String,
}

impl TryFrom<TeamRow> for Team {
    type Error = StoreError;
    fn try_from(row: TeamRow) -> Result<Self, StoreError> {
        Ok(Team {
            id: TeamId(row.id),
            name: row.name,
            colour: Colour::parse(&row.colour).map_err(corrupt("team colour"))?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ReleaseRow {
    pub id: i64,
    pub team_id: i64,
    pub title: String,
    pub kind: String,
    pub description: String,
    pub target_date: NaiveDate,
    pub window_end: Option<NaiveDate>,
    pub status: String,
    pub is_public: bool,
    pub owner: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub date_moved_at: Option<DateTime<Utc>>,
    pub moved_from: Option<NaiveDate>,
}

fn corrupt<E: std::fmt::Display>(what: &'static str) -> impl Fn(E) -> StoreError {
    move |e| StoreError::Corrupt(format!("{what}: {e}"))
}

impl TryFrom<ReleaseRow> for Release {
    type Error = StoreError;
    fn try_from(row: ReleaseRow) -> Result<Self, StoreError> {
        Ok(Release {
            id: ReleaseId(row.id),
            team_id: TeamId(row.team_id),
            title: Title::parse(&row.title).map_err(corrupt("title"))?,
            kind: ReleaseKind::parse(&row.kind).map_err(corrupt("kind"))?,
            description: Description::parse(&row.description).map_err(corrupt("description"))?,
            schedule: Schedule::new(row.target_date, row.window_end)
                .map_err(corrupt("schedule"))?,
            status: ReleaseStatus::parse(&row.status).map_err(corrupt("status"))?,
            public: row.is_public,
            owner: OwnerName::parse(&row.owner).map_err(corrupt("owner"))?,
            version: Version(row.version),
            created_at: row.created_at,
            updated_at: row.updated_at,
            date_moved_at: row.date_moved_at,
            moved_from: row.moved_from,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct DependencyRow {
    pub id: i64,
    pub upstream_id: i64,
    pub downstream_id: i64,
    pub kind: String,
    pub lead_days: i32,
    pub note: String,
    pub version: i64,
}

impl TryFrom<DependencyRow> for Dependency {
    type Error = StoreError;
    fn try_from(row: DependencyRow) -> Result<Self, StoreError> {
        Ok(Dependency {
            id: DependencyId(row.id),
            edge: Edge {
                upstream: ReleaseId(row.upstream_id),
                downstream: ReleaseId(row.downstream_id),
                kind: dependency_kind(&row.kind)?,
                lead_days: u32::try_from(row.lead_days).map_err(corrupt("lead days"))?,
            },
            note: DependencyNote::parse(&row.note).map_err(corrupt("note"))?,
            version: Version(row.version),
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct TemplateRow {
    pub id: i64,
    pub release_kind: String,
    pub dependency_kind: String,
    pub text: String,
}

impl TryFrom<TemplateRow> for PromptTemplate {
    type Error = StoreError;
    fn try_from(row: TemplateRow) -> Result<Self, StoreError> {
        Ok(PromptTemplate {
            id: TemplateId(row.id),
            release_kind: ReleaseKind::parse(&row.release_kind).map_err(corrupt("release kind"))?,
            dependency_kind: dependency_kind(&row.dependency_kind)?,
            text: PromptText::parse(&row.text).map_err(corrupt("checklist text"))?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct PromptRow {
    pub id: i64,
    pub release_id: i64,
    pub dependency_kind: String,
    pub text: String,
    pub state: String,
    pub linked_release_id: Option<i64>,
    pub reason: String,
    pub version: i64,
}

impl TryFrom<PromptRow> for Prompt {
    type Error = StoreError;
    fn try_from(row: PromptRow) -> Result<Self, StoreError> {
        let state = match row.state.as_str() {
            "open" => PromptState::Open,
            "linked" => PromptState::Linked(row.linked_release_id.map(ReleaseId)),
            "dismissed" => PromptState::Dismissed(
                DismissReason::parse(&row.reason).map_err(corrupt("dismissal reason"))?,
            ),
            other => return Err(StoreError::Corrupt(format!("checklist state {other}"))),
        };
        Ok(Prompt {
            id: PromptId(row.id),
            release: ReleaseId(row.release_id),
            dependency_kind: dependency_kind(&row.dependency_kind)?,
            text: PromptText::parse(&row.text).map_err(corrupt("checklist text"))?,
            state,
            version: Version(row.version),
        })
    }
}

fn dependency_kind(raw: &str) -> Result<DependencyKind, StoreError> {
    DependencyKind::parse(raw).ok_or_else(|| StoreError::Corrupt(format!("dependency kind {raw}")))
}

/// A driver error the statement does not expect (lost connection, broken SQL, a damaged file).
pub fn db_error(err: sqlx::Error) -> StoreError {
    StoreError::Database(err.to_string())
}

/// For a statement that writes `field`: a broken reference or a taken unique value is that
/// field's error (neither dialect names the column of a foreign key it checked), anything
/// else a database error.
pub fn field_error(field: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |err| match &err {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::Missing { field },
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Taken { field },
        _ => db_error(err),
    }
}
