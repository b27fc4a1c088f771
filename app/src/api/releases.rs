//! Creating, editing, rescheduling and deleting releases, and a release's history. Each call
//! checks the caller's role in the release's team on the server.

use crate::domain::history::HistoryEntry;
use crate::domain::{Conflict, CurrentRelease, Release, ReleaseForm, ReleaseId, Version};
use crate::error::AppError;
use crate::wire::Json;
use leptos::prelude::*;

/// The release as stored, once the caller is known to be signed in.
#[cfg(feature = "ssr")]
async fn stored(store: &crate::store::SharedStore, id: ReleaseId) -> Result<Release, AppError> {
    use super::support::from_store;
    store
        .release(id)
        .await
        .map_err(|e| from_store(e, &format!("Release #{id}")))
}

/// Refuses an edit made on top of an older `version`, carrying the current values.
#[cfg(feature = "ssr")]
fn check_version(current: &Release, version: Version) -> Result<(), AppError> {
    if current.version != version {
        return Err(super::support::fail(AppError::Conflict(Box::new(
            current.into(),
        ))));
    }
    Ok(())
}

#[server(endpoint = "load_release", output = Json)]
pub async fn load_release(id: ReleaseId) -> Result<Release, AppError> {
    use super::support::{principal, store};
    principal()?;
    stored(&store()?, id).await
}

/// The scheduling rules a release breaks, judged with the other releases of its day, as the
/// calendar judges them.
#[server(endpoint = "release_conflicts", output = Json)]
pub async fn release_conflicts(id: ReleaseId) -> Result<Vec<Conflict>, AppError> {
    use super::support::{calendar, from_store, principal, store};
    use crate::read::ListingQuery;

    let me = principal()?;
    let release = stored(&store()?, id).await?;
    let query = ListingQuery::day(release.schedule.target(), chrono::Utc::now().date_naive());
    let listing = calendar()?
        .calendar(&me, query)
        .await
        .map_err(|e| from_store(e, "Releases"))?;
    Ok(listing.conflicts_of(id))
}

/// Creates a release. `return_to` is where a plain form post goes back to on success.
#[server(endpoint = "create_release", output = Json)]
pub async fn create_release(
    form: ReleaseForm,
    return_to: Option<String>,
) -> Result<Release, AppError> {
    use super::support::{authorize, fail, from_store, principal, redirect_to, store};
    use crate::domain::{Action, ReleaseDraft};

    principal()?;
    let draft = ReleaseDraft::parse(&form).map_err(|e| fail(e.into()))?;
    let (_, actor) = authorize(Action::CreateRelease, Some(draft.team_id))?;
    let created = store()?
        .create_release(&draft, &actor, chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, "The release"))?;
    redirect_to(return_to.as_deref());
    Ok(created)
}

/// Saves an edit made on top of `version`; a stale version is refused with the current values.
/// Moving a release to another team needs the right to edit in both.
#[server(endpoint = "update_release", output = Json)]
pub async fn update_release(
    id: ReleaseId,
    version: Version,
    form: ReleaseForm,
    return_to: Option<String>,
    move_dependents: Option<String>,
) -> Result<Release, AppError> {
    use super::support::{authorize, fail, from_store, principal, redirect_to, store};
    use crate::domain::{Action, ReleaseDraft};

    principal()?;
    let draft = ReleaseDraft::parse(&form).map_err(|e| fail(e.into()))?;
    let store = store()?;
    let current = stored(&store, id).await?;
    let (me, actor) = authorize(Action::EditRelease, Some(current.team_id))?;
    if draft.team_id != current.team_id {
        authorize(Action::EditRelease, Some(draft.team_id))?;
    }
    check_version(&current, version)?;
    current.check_edit(&draft).map_err(|e| fail(e.into()))?;
    let moves = draft.schedule.target() != current.schedule.target();
    if moves && move_dependents.is_some_and(|v| !v.is_empty() && v != "false") {
        let saved =
            super::dependencies::save_with_dependents(me, actor, &current, version, &draft).await?;
        redirect_to(return_to.as_deref());
        return saved
            .into_iter()
            .next()
            .ok_or_else(|| fail(AppError::NotFound(format!("Release #{id}"))));
    }
    let saved = store
        .update_release(id, version, &draft, &actor, chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, &format!("Release #{id}")))?;
    redirect_to(return_to.as_deref());
    Ok(saved)
}

/// Moves a release to another day, keeping the length of its window. Answers with the moved
/// release's new schedule and version (the next move or edit must name it).
#[server(endpoint = "reschedule_release", output = Json)]
pub async fn reschedule_release(
    id: ReleaseId,
    version: Version,
    target_date: String,
) -> Result<CurrentRelease, AppError> {
    use super::support::{authorize, fail, from_store, principal, store};
    use crate::domain::{Action, ReleaseDraft};

    principal()?;
    let target = crate::domain::dates::read_day(&target_date)
        .map_err(|hint| fail(AppError::field("target_date", hint)))?;
    let store = store()?;
    let current = stored(&store, id).await?;
    let (_, actor) = authorize(Action::RescheduleRelease, Some(current.team_id))?;
    check_version(&current, version)?;
    current.check_reschedule().map_err(|e| fail(e.into()))?;
    let schedule = current
        .schedule
        .moved_to(target)
        .map_err(|e| fail(AppError::field("target_date", e.to_string())))?;
    let draft = ReleaseDraft {
        schedule,
        ..current.draft()
    };
    store
        .update_release(id, version, &draft, &actor, chrono::Utc::now())
        .await
        .map(|moved| CurrentRelease::from(&moved))
        .map_err(|e| from_store(e, &format!("Release #{id}")))
}

#[server(endpoint = "delete_release", output = Json)]
pub async fn delete_release(
    id: ReleaseId,
    version: Version,
    return_to: Option<String>,
) -> Result<(), AppError> {
    use super::support::{authorize, from_store, principal, redirect_to, store};
    use crate::domain::Action;

    principal()?;
    let store = store()?;
    let current = stored(&store, id).await?;
    let (_, actor) = authorize(Action::DeleteRelease, Some(current.team_id))?;
    check_version(&current, version)?;
    store
        .delete_release(id, version, &actor, chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, &format!("Release #{id}")))?;
    redirect_to(return_to.as_deref());
    Ok(())
}

/// A release's audited changes in plain words, newest first.
#[server(endpoint = "load_history", output = Json)]
pub async fn load_history(id: ReleaseId) -> Result<Vec<HistoryEntry>, AppError> {
    use super::support::{from_store, principal, store};
    use crate::domain::history::{UNREADABLE_CHANGE, describe_release_change};

    principal()?;
    let store = store()?;
    let teams = store.teams().await.map_err(|e| from_store(e, "Teams"))?;
    let changes = store
        .release_history(id)
        .await
        .map_err(|e| from_store(e, &format!("Release #{id}")))?;
    Ok(changes
        .into_iter()
        .rev()
        .map(|c| HistoryEntry {
            at: c.at,
            changes: match c.values {
                Some(v) => describe_release_change(v.before.as_ref(), v.after.as_ref(), &teams),
                None => vec![UNREADABLE_CHANGE.to_owned()],
            },
            actor: c.actor_label,
        })
        .collect())
}
