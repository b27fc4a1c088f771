//! Creating, editing, rescheduling and deleting releases.

use crate::domain::{Release, ReleaseForm};
use crate::error::AppError;
use leptos::prelude::*;

/// The release as stored, if it is still at the `version` the person edited; otherwise the
/// conflict, carrying the current values.
#[cfg(feature = "ssr")]
async fn current_version(
    store: &crate::store::SharedStore,
    id: i64,
    version: i64,
) -> Result<Release, AppError> {
    use super::support::{fail, from_store};
    let current = store
        .release(crate::domain::ReleaseId(id))
        .await
        .map_err(|e| from_store(e, &format!("Release #{id}")))?;
    if current.version != version {
        return Err(fail(AppError::Conflict(Box::new(current))));
    }
    Ok(current)
}

#[server(endpoint = "load_release")]
pub async fn load_release(id: i64) -> Result<Release, AppError> {
    use super::support::{from_store, store};
    use crate::domain::ReleaseId;

    store()?
        .release(ReleaseId(id))
        .await
        .map_err(|e| from_store(e, &format!("Release #{id}")))
}

/// Creates a release. `return_to` is where a plain form post goes back to on success.
#[server(endpoint = "create_release")]
pub async fn create_release(
    form: ReleaseForm,
    return_to: Option<String>,
) -> Result<Release, AppError> {
    use super::support::{fail, from_store, redirect_to, store};
    use crate::domain::ReleaseDraft;

    let draft = ReleaseDraft::parse(&form).map_err(|e| fail(e.into()))?;
    let created = store()?
        .create_release(&draft, chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, "The release"))?;
    redirect_to(return_to.as_deref());
    Ok(created)
}

/// Saves an edit made on top of `version`; a stale version is refused with the current values.
#[server(endpoint = "update_release")]
pub async fn update_release(
    id: i64,
    version: i64,
    form: ReleaseForm,
    return_to: Option<String>,
) -> Result<Release, AppError> {
    use super::support::{fail, from_store, redirect_to, store};
    use crate::domain::{ReleaseDraft, ReleaseId};

    let what = format!("Release #{id}");
    let draft = ReleaseDraft::parse(&form).map_err(|e| fail(e.into()))?;
    let store = store()?;
    let current = current_version(&store, id, version).await?;
    current.check_edit(&draft).map_err(|e| fail(e.into()))?;
    let saved = store
        .update_release(ReleaseId(id), version, &draft, chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, &what))?;
    redirect_to(return_to.as_deref());
    Ok(saved)
}

/// Moves a release to another day, keeping the length of its window.
#[server(endpoint = "reschedule_release")]
pub async fn reschedule_release(
    id: i64,
    version: i64,
    target_date: String,
) -> Result<Release, AppError> {
    use super::support::{fail, from_store, store};
    use crate::domain::{ReleaseDraft, ReleaseId};

    let what = format!("Release #{id}");
    let target = chrono::NaiveDate::parse_from_str(target_date.trim(), "%Y-%m-%d")
        .map_err(|_| fail(AppError::field("target_date", "enter a date as YYYY-MM-DD")))?;
    let store = store()?;
    let current = current_version(&store, id, version).await?;
    current.check_reschedule().map_err(|e| fail(e.into()))?;
    let draft = ReleaseDraft {
        schedule: current.schedule.moved_to(target),
        ..current.draft()
    };
    store
        .update_release(ReleaseId(id), version, &draft, chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, &what))
}

#[server(endpoint = "delete_release")]
pub async fn delete_release(
    id: i64,
    version: i64,
    return_to: Option<String>,
) -> Result<(), AppError> {
    use super::support::{from_store, redirect_to, store};
    use crate::domain::ReleaseId;

    store()?
        .delete_release(ReleaseId(id), version)
        .await
        .map_err(|e| from_store(e, &format!("Release #{id}")))?;
    redirect_to(return_to.as_deref());
    Ok(())
}
