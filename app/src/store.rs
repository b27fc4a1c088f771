//! What the server functions need from storage. Declared here, implemented per SQL dialect in
//! the server crate, and handed to server functions through Leptos context.

use crate::domain::access::{TokenSummary, UserSummary};
use crate::domain::calendar::DateSpan;
use crate::domain::dependency::{Dependency, DependencyDraft, DependencyId};
use crate::domain::prompt::{Prompt, PromptId, PromptTemplate, TemplateDraft, TemplateId};
use crate::domain::text::DismissReason;
use crate::domain::{
    Principal, Release, ReleaseDraft, ReleaseId, Role, Scope, Team, TeamId, TokenId, UserId,
    Version,
};
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Who a change is recorded against in the audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// None for the system itself (demo data, command-line setup).
    pub user: Option<UserId>,
    /// How the trail names them at the time: "Dana Whitfield (PM, Checkout)".
    pub label: String,
}

impl Actor {
    pub fn system(label: &str) -> Self {
        Self {
            user: None,
            label: label.to_owned(),
        }
    }

    /// `person`, named with their role in `team`.
    pub fn person(person: &Principal, team: Option<TeamId>) -> Self {
        Self {
            user: Some(person.id),
            label: person.label_for(team),
        }
    }
}

/// One audited change of a release, with the values before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseChange {
    pub at: DateTime<Utc>,
    pub actor_label: String,
    /// None when the record's values can no longer be read (written by an older version, or
    /// damaged): the change is still shown, as one that cannot be described.
    pub values: Option<ChangeValues>,
}

/// A release as an audit record has it before and after a change: no `before` for a creation,
/// no `after` for a deletion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeValues {
    pub before: Option<Release>,
    pub after: Option<Release>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The row's version differs from the one the caller read; carries the current row.
    #[error("stale version")]
    Conflict(Box<Release>),
    /// `field` refers to something that does not exist (a team id that is gone).
    #[error("{field} refers to nothing")]
    Missing { field: &'static str },
    /// `field` must be unique and its value is taken (an email address, a team name).
    #[error("{field} is taken")]
    Taken { field: &'static str },
    /// A dependency would close a cycle: the releases around it, starting and ending with
    /// the release depended on.
    #[error("it would close a cycle")]
    Cycle(Vec<ReleaseId>),
    /// A dependency's version differs from the one the caller read; carries the current one.
    #[error("stale dependency version")]
    StaleDependency(Box<Dependency>),
    /// A checklist item was answered by someone else since the caller read it.
    #[error("stale checklist item")]
    StalePrompt,
    /// A release that would have to change belongs to a team the caller may not change.
    #[error("not permitted to change release {0}")]
    NotPermitted(ReleaseId),
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

    /// Every release, ordered by target date (what a read model starts from).
    async fn all_releases(&self) -> Result<Vec<Release>, StoreError>;

    /// Each mutation below writes its audit record in the same transaction (the server's
    /// commit path).
    async fn create_release(
        &self,
        draft: &ReleaseDraft,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Release, StoreError>;

    /// Replaces the release's content if its version is still `expected_version`.
    async fn update_release(
        &self,
        id: ReleaseId,
        expected_version: Version,
        draft: &ReleaseDraft,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Release, StoreError>;

    /// Deletes the release if its version is still `expected_version`.
    async fn delete_release(
        &self,
        id: ReleaseId,
        expected_version: Version,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// The release's audited changes, oldest first.
    async fn release_history(&self, id: ReleaseId) -> Result<Vec<ReleaseChange>, StoreError>;
}

pub type SharedStore = Arc<dyn ReleaseStore>;

/// Dependencies between releases. A new dependency is checked for cycles against every stored
/// one while no other dependency can be added (one writer at a time on SQLite, a lock on
/// PostgreSQL), so two people adding halves of a cycle at once cannot both succeed.
#[async_trait::async_trait]
pub trait DependencyStore: Send + Sync + 'static {
    async fn all_dependencies(&self) -> Result<Vec<Dependency>, StoreError>;

    /// What `downstream` depends on.
    async fn upstream_of(&self, downstream: ReleaseId) -> Result<Vec<Dependency>, StoreError>;

    async fn dependency(&self, id: DependencyId) -> Result<Dependency, StoreError>;

    /// Records that `downstream` depends on `draft.upstream`; `Cycle` if it would close one,
    /// `Taken { field: "upstream" }` if it already does, `Missing` if either release is gone.
    async fn add_dependency(
        &self,
        downstream: ReleaseId,
        draft: &DependencyDraft,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Dependency, StoreError>;

    /// Changes the kind, lead time and note if the version is still `expected_version`.
    async fn update_dependency(
        &self,
        id: DependencyId,
        expected_version: Version,
        draft: &DependencyDraft,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Dependency, StoreError>;

    async fn remove_dependency(
        &self,
        id: DependencyId,
        expected_version: Version,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Saves `draft` over release `id` (still at `expected_version`) and moves every release
    /// downstream of it just far enough to keep its lead times from the draft's date (never
    /// earlier), in one transaction, each change audited. Refuses (`NotPermitted`) when a
    /// dependent that must move belongs to a team `may_move` refuses. Answers every release it
    /// changed, `id` first.
    async fn move_with_dependents(
        &self,
        id: ReleaseId,
        expected_version: Version,
        draft: &ReleaseDraft,
        may_move: &(dyn Fn(TeamId) -> bool + Send + Sync),
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<Release>, StoreError>;
}

pub type SharedDependencies = Arc<dyn DependencyStore>;

/// Hidden-dependency checklists. A release gets its checklist from the templates of its kind
/// when it is created or its kind changes (inside that write), and an item is checked off when
/// a dependency of its kind is recorded for the release (inside that write too).
#[async_trait::async_trait]
pub trait PromptStore: Send + Sync + 'static {
    async fn prompt_templates(&self) -> Result<Vec<PromptTemplate>, StoreError>;

    async fn add_prompt_template(
        &self,
        draft: &TemplateDraft,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<PromptTemplate, StoreError>;

    /// Releases that already have the item keep it.
    async fn remove_prompt_template(
        &self,
        id: TemplateId,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    async fn prompts(&self, release: ReleaseId) -> Result<Vec<Prompt>, StoreError>;

    async fn prompt(&self, id: PromptId) -> Result<Prompt, StoreError>;

    /// Says why the item does not apply, if it is still at `expected_version`.
    async fn dismiss_prompt(
        &self,
        id: PromptId,
        expected_version: Version,
        reason: &DismissReason,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Prompt, StoreError>;

    /// Creates `placeholder` (a release for the team that owns the work) and records that the
    /// item's release depends on it, which checks the item off: one transaction.
    async fn add_placeholder(
        &self,
        id: PromptId,
        expected_version: Version,
        placeholder: &ReleaseDraft,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Release, StoreError>;
}

pub type SharedPrompts = Arc<dyn PromptStore>;

/// What sign-in needs to know about an email address.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub user: UserId,
    /// None for service accounts, which cannot sign in.
    pub password_hash: Option<String>,
    pub disabled: bool,
}

#[derive(Clone, Debug)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub admin: bool,
    pub service: bool,
}

/// A stored session: who it belongs to and when it lapses.
#[derive(Clone, Debug)]
pub struct SessionRecord {
    pub user: UserId,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The person with their memberships; None when the account is disabled.
    pub principal: Option<Principal>,
}

/// People, sessions and tokens. Secrets arrive already hashed: the store never sees a
/// password, session id or token in clear.
#[async_trait::async_trait]
pub trait AccountStore: Send + Sync + 'static {
    async fn user_count(&self) -> Result<i64, StoreError>;

    async fn create_user(
        &self,
        user: &NewUser,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<UserId, StoreError>;

    async fn credentials(&self, email: &str) -> Result<Option<Credentials>, StoreError>;

    /// The person with their team memberships; NotFound when the account is gone or disabled.
    async fn principal(&self, user: UserId) -> Result<Principal, StoreError>;

    async fn users(&self) -> Result<Vec<UserSummary>, StoreError>;

    /// Gives `user` the `role` in `team`, or removes them from it (None).
    async fn set_membership(
        &self,
        user: UserId,
        team: TeamId,
        role: Option<Role>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Disabling also ends every session of the account.
    async fn set_disabled(
        &self,
        user: UserId,
        disabled: bool,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// The session and its person, in one round trip (it runs on every request).
    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError>;

    async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<(), StoreError>;

    /// Ends the session (sign-out, or it lapsed), recorded against `actor`.
    async fn delete_session(
        &self,
        token_hash: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    async fn record_sign_in(&self, user: UserId, now: DateTime<Utc>) -> Result<(), StoreError>;

    /// Decides whether a sign-in attempt for `email` from `client` may go ahead `now`
    /// ([`crate::domain::throttle`]) and, if so, records it as a failure before the password
    /// is checked, in one step that no other attempt (on any instance) can interleave with: of
    /// many attempts at once, only as many as the limits allow get through. Answers the wait
    /// when refused.
    async fn begin_sign_in_attempt(
        &self,
        email: &str,
        client: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<chrono::TimeDelta>, StoreError>;

    /// Forgets the failures of `email`, once someone proved they know its password.
    async fn clear_sign_in_failures(&self, email: &str) -> Result<(), StoreError>;

    async fn create_token(
        &self,
        owner: UserId,
        name: &str,
        scopes: &[Scope],
        token_hash: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<TokenSummary, StoreError>;

    /// Live tokens of `owner`, or of everyone when None.
    async fn tokens(&self, owner: Option<UserId>) -> Result<Vec<TokenSummary>, StoreError>;

    async fn revoke_token(
        &self,
        id: TokenId,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<TokenSummary, StoreError>;

    /// The live token with this hash, marking it used.
    async fn use_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<TokenSummary>, StoreError>;
}

pub type SharedAccounts = Arc<dyn AccountStore>;
