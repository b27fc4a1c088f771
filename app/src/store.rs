//! What the server functions need from storage. Declared here, implemented per SQL dialect in
//! the server crate, and handed to server functions through Leptos context.

use crate::domain::calendar::DateSpan;
use crate::domain::{Release, ReleaseDraft, ReleaseId, Team};
use chrono::{DateTime, Utc};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The row's version differs from the one the caller read; carries the current row.
    #[error("stale version")]
    Conflict(Box<Release>),
    #[error("unknown team")]
    UnknownTeam,
    #[error("database error: {0}")]
    Database(String),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

#[async_trait::async_trait]
pub trait ReleaseStore: Send + Sync + 'static {
    async fn teams(&self) -> Result<Vec<Team>, StoreError>;

    /// Releases whose target day or window overlaps `span`, ordered by target date.
    async fn releases_between(&self, span: DateSpan) -> Result<Vec<Release>, StoreError>;

    async fn release(&self, id: ReleaseId) -> Result<Release, StoreError>;

    async fn create_release(
        &self,
        draft: &ReleaseDraft,
        now: DateTime<Utc>,
    ) -> Result<Release, StoreError>;

    /// Replaces the release's content if its version is still `expected_version`.
    async fn update_release(
        &self,
        id: ReleaseId,
        expected_version: i64,
        draft: &ReleaseDraft,
        now: DateTime<Utc>,
    ) -> Result<Release, StoreError>;

    /// Deletes the release if its version is still `expected_version`.
    async fn delete_release(&self, id: ReleaseId, expected_version: i64) -> Result<(), StoreError>;
}

pub type SharedStore = Arc<dyn ReleaseStore>;
