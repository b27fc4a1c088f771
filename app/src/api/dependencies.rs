//! Dependencies between releases: reading them with their conflicts, adding, changing and
//! removing them, and the what-if of a move. A dependency belongs to the release that depends:
//! editing it needs the right to edit dependencies in that release's team.

use crate::domain::ReleaseId;
use crate::domain::dependency::{Dependency, DependencyForm, DependencyId};
use crate::domain::{CurrentRelease, Version};
use crate::error::AppError;
use crate::read::{MovePreview, ReleaseLinks};
use crate::wire::Json;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod checks {
    use crate::api::support::{authorize, dependencies, fail, from_store, store};
    use crate::domain::dependency::{Dependency, DependencyDraft, DependencyForm, DependencyId};
    use crate::domain::{Action, Release, ReleaseId};
    use crate::error::AppError;
    use crate::store::{Actor, StoreError};

    pub async fn release(id: ReleaseId, field: &str) -> Result<Release, AppError> {
        match store()?.release(id).await {
            Err(StoreError::NotFound) if field != "release" => Err(fail(AppError::field(
                field,
                "that release no longer exists",
            ))),
            found => found.map_err(|e| from_store(e, &format!("Release #{id}"))),
        }
    }

    pub fn parse(form: &DependencyForm, new: bool) -> Result<DependencyDraft, AppError> {
        DependencyDraft::parse(form, new).map_err(|e| fail(e.into()))
    }

    /// The dependency, once the caller is known to may edit the dependencies of the release
    /// it belongs to.
    pub async fn editable(id: DependencyId) -> Result<(Dependency, Actor), AppError> {
        let found = dependencies()?
            .dependency(id)
            .await
            .map_err(|e| from_store(e, "This dependency"))?;
        let owner = release(found.edge.downstream, "release").await?;
        let (_, actor) = authorize(Action::EditDependencies, Some(owner.team_id))?;
        Ok((found, actor))
    }

    /// "It would close a cycle: “A” → “B” → “A”", naming the releases by title.
    pub async fn cycle_error(cycle: Vec<ReleaseId>) -> AppError {
        let mut names = Vec::with_capacity(cycle.len());
        for id in cycle {
            names.push(match release(id, "release").await {
                Ok(r) => format!("“{}”", r.title),
                Err(_) => format!("#{id}"),
            });
        }
        fail(AppError::field(
            "upstream",
            format!("it would close a cycle: {}", names.join(" → ")),
        ))
    }

    pub async fn stored(result: Result<Dependency, StoreError>) -> Result<Dependency, AppError> {
        match result {
            Err(StoreError::Cycle(cycle)) => Err(cycle_error(cycle).await),
            other => other.map_err(|e| from_store(e, "This dependency")),
        }
    }
}

/// What the release depends on and what depends on it, each with whether it holds.
#[server(endpoint = "load_links", output = Json)]
pub async fn load_links(id: ReleaseId) -> Result<ReleaseLinks, AppError> {
    use super::support::{dependency_reader, from_store, principal};

    principal()?;
    dependency_reader()?
        .links(id)
        .await
        .map_err(|e| from_store(e, &format!("Release #{id}")))
}

/// The dependency map of `query` (a span of at most 366 days).
#[server(endpoint = "load_map", output = Json)]
pub async fn load_map(query: crate::read::MapQuery) -> Result<crate::read::MapData, AppError> {
    use super::support::{dependency_reader, fail, from_store, principal};

    principal()?;
    let days = query.span.day_count();
    if !(1..=366).contains(&days) {
        return Err(fail(AppError::field(
            "to",
            "the map shows from 1 to 366 days; choose a shorter period",
        )));
    }
    dependency_reader()?
        .map(query)
        .await
        .map_err(|e| from_store(e, "The map"))
}

/// The releases `release` could depend on whose title contains `text`, nearest in date first.
#[server(endpoint = "find_releases", output = Json)]
pub async fn find_releases(
    release: ReleaseId,
    text: String,
) -> Result<Vec<crate::read::LinkedRelease>, AppError> {
    use super::support::{dependency_reader, from_store, principal};

    principal()?;
    let near = checks::release(release, "release").await?.schedule.target();
    let text: String = text.chars().take(200).collect();
    dependency_reader()?
        .candidates(&text, release, near, 20)
        .await
        .map_err(|e| from_store(e, "Releases"))
}

/// Records that `release` depends on the release the form names.
#[server(endpoint = "add_dependency", output = Json)]
pub async fn add_dependency(
    release: ReleaseId,
    form: DependencyForm,
) -> Result<Dependency, AppError> {
    use super::support::{authorize, principal};
    use crate::domain::Action;

    principal()?;
    let dependent = checks::release(release, "release").await?;
    let (_, actor) = authorize(Action::EditDependencies, Some(dependent.team_id))?;
    let draft = checks::parse(&form, true)?;
    checks::release(draft.upstream, "upstream").await?;
    checks::stored(
        super::support::dependencies()?
            .add_dependency(release, &draft, &actor, chrono::Utc::now())
            .await,
    )
    .await
}

/// Changes a dependency's kind, lead time and note, if it is still at `version`.
#[server(endpoint = "update_dependency", output = Json)]
pub async fn update_dependency(
    id: DependencyId,
    version: Version,
    form: DependencyForm,
) -> Result<Dependency, AppError> {
    super::support::principal()?;
    let (_, actor) = checks::editable(id).await?;
    let draft = checks::parse(&form, false)?;
    checks::stored(
        super::support::dependencies()?
            .update_dependency(id, version, &draft, &actor, chrono::Utc::now())
            .await,
    )
    .await
}

#[server(endpoint = "remove_dependency", output = Json)]
pub async fn remove_dependency(id: DependencyId, version: Version) -> Result<(), AppError> {
    use super::support::from_store;

    super::support::principal()?;
    let (_, actor) = checks::editable(id).await?;
    super::support::dependencies()?
        .remove_dependency(id, version, &actor, chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, "This dependency"))
}

/// What moving release `id` to `target_date` would do: conflicts that appear and clear, the
/// releases (teams, owners) concerned, and what "move dependents too" would move.
#[server(endpoint = "preview_move", output = Json)]
pub async fn preview_move(id: ReleaseId, target_date: String) -> Result<MovePreview, AppError> {
    use super::support::{dependency_reader, fail, from_store, principal};

    principal()?;
    let target = crate::domain::dates::read_day(&target_date)
        .map_err(|hint| fail(AppError::field("target_date", hint)))?;
    checks::release(id, "release").await?;
    dependency_reader()?
        .preview_move(id, target)
        .await
        .map_err(|e| from_store(e, &format!("Release #{id}")))
}

/// Moves release `id` (still at `version`) to `target_date` and every release downstream of it
/// just far enough to keep its lead times, in one transaction. Needs the right to reschedule
/// in the team of each release that moves.
#[server(endpoint = "move_with_dependents", output = Json)]
pub async fn move_with_dependents(
    id: ReleaseId,
    version: Version,
    target_date: String,
) -> Result<Vec<CurrentRelease>, AppError> {
    use super::support::{authorize, fail, principal};
    use crate::domain::Action;

    principal()?;
    let target = crate::domain::dates::read_day(&target_date)
        .map_err(|hint| fail(AppError::field("target_date", hint)))?;
    let moved = checks::release(id, "release").await?;
    let (me, actor) = authorize(Action::RescheduleRelease, Some(moved.team_id))?;
    moved.check_reschedule().map_err(|e| fail(e.into()))?;
    let draft = crate::domain::ReleaseDraft {
        schedule: moved
            .schedule
            .moved_to(target)
            .map_err(|e| fail(AppError::field("target_date", e.to_string())))?,
        ..moved.draft()
    };
    let saved = save_with_dependents(me, actor, &moved, version, &draft).await?;
    Ok(saved.iter().map(CurrentRelease::from).collect())
}

/// Saves `draft` over `current` (read at `version`) and moves its dependents along, once the
/// caller is known to may reschedule in every team whose releases would move.
#[cfg(feature = "ssr")]
pub async fn save_with_dependents(
    me: crate::domain::Principal,
    actor: crate::store::Actor,
    current: &crate::domain::Release,
    version: Version,
    draft: &crate::domain::ReleaseDraft,
) -> Result<Vec<crate::domain::Release>, AppError> {
    use super::support::{dependency_reader, fail, from_store};
    use crate::domain::Action;

    let id = current.id;
    if current.version != version {
        return Err(fail(AppError::Conflict(Box::new(current.into()))));
    }
    // Said by name here; the store checks again, release by release, as it moves them.
    let preview = dependency_reader()?
        .preview_move(id, draft.schedule.target())
        .await
        .map_err(|e| from_store(e, &format!("Release #{id}")))?;
    if let Some((other, _)) = preview
        .shifts
        .iter()
        .find(|(r, _)| !me.may(Action::RescheduleRelease, Some(r.team)))
    {
        return Err(fail(AppError::Forbidden(format!(
            "“{}” would have to move too, and you cannot reschedule its team's releases. \
             Move this release alone, or ask a PM of that team.",
            other.title
        ))));
    }
    let may_move = move |team| me.may(Action::RescheduleRelease, Some(team));
    super::support::dependencies()?
        .move_with_dependents(id, version, draft, &may_move, &actor, chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, &format!("Release #{id}")))
}
