//! Hidden-dependency checklists: a release's items, dismissing one with a reason, creating a
//! placeholder release for one, and the templates administrators edit. Answering an item
//! belongs to whoever may edit the release's dependencies; a placeholder also needs the right
//! to create releases in the team it is for.

use crate::domain::prompt::{Prompt, PromptId, PromptTemplate, TemplateForm, TemplateId};
use crate::domain::{Release, ReleaseForm, ReleaseId, Version};
use crate::error::AppError;
use crate::wire::Json;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod checks {
    use crate::api::support::{authorize, from_store, principal, store};
    use crate::domain::prompt::{Prompt, PromptId};
    use crate::domain::{Action, Principal};
    use crate::error::AppError;
    use crate::store::{Actor, SharedPrompts};
    use leptos::prelude::use_context;

    pub fn prompts() -> Result<SharedPrompts, AppError> {
        use_context::<SharedPrompts>().ok_or_else(|| {
            tracing::error!("no checklist store in the server function context");
            AppError::Internal("no-prompts".into())
        })
    }

    /// The item, once the caller is known to may edit its release's dependencies.
    pub async fn answerable(id: PromptId) -> Result<(Prompt, Principal, Actor), AppError> {
        principal()?;
        let prompt = prompts()?
            .prompt(id)
            .await
            .map_err(|e| from_store(e, "This checklist item"))?;
        let release = store()?
            .release(prompt.release)
            .await
            .map_err(|e| from_store(e, &format!("Release #{}", prompt.release)))?;
        let (me, actor) = authorize(Action::EditDependencies, Some(release.team_id))?;
        Ok((prompt, me, actor))
    }

    /// Only administrators edit the organisation's checklists.
    pub fn administrator() -> Result<Actor, AppError> {
        authorize(Action::EditChecklists, None).map(|(_, actor)| actor)
    }
}

#[server(endpoint = "load_prompts", output = Json)]
pub async fn load_prompts(release: ReleaseId) -> Result<Vec<Prompt>, AppError> {
    use super::support::{from_store, principal};

    principal()?;
    checks::prompts()?
        .prompts(release)
        .await
        .map_err(|e| from_store(e, &format!("Release #{release}")))
}

/// Says why a checklist item does not apply to its release.
#[server(endpoint = "dismiss_prompt", output = Json)]
pub async fn dismiss_prompt(
    id: PromptId,
    version: Version,
    reason: String,
) -> Result<Prompt, AppError> {
    use super::support::{fail, from_store};
    use crate::domain::text::DismissReason;

    let (_, _, actor) = checks::answerable(id).await?;
    let reason = DismissReason::parse(&reason)
        .map_err(|e| fail(AppError::field("reason", e.to_string())))?;
    checks::prompts()?
        .dismiss_prompt(id, version, &reason, &actor, chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, "This checklist item"))
}

/// Creates a placeholder release for the team that owns a checklist item's work, and records
/// that the item's release depends on it. Its kind and status are chosen here: "other",
/// planned.
#[server(endpoint = "add_placeholder", output = Json)]
pub async fn add_placeholder(
    id: PromptId,
    version: Version,
    form: ReleaseForm,
) -> Result<Release, AppError> {
    use super::support::{fail, from_store};
    use crate::domain::{Action, ReleaseDraft, ReleaseKind, ReleaseStatus};

    let (_, me, actor) = checks::answerable(id).await?;
    let form = ReleaseForm {
        kind: ReleaseKind::Other.as_str().to_owned(),
        status: ReleaseStatus::Planned.as_str().to_owned(),
        ..form
    };
    let draft = ReleaseDraft::parse(&form).map_err(|e| fail(e.into()))?;
    me.check(Action::CreateRelease, Some(draft.team_id))
        .map_err(|denied| fail(AppError::field("team_id", denied.0)))?;
    checks::prompts()?
        .add_placeholder(id, version, &draft, &actor, chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, "This checklist item"))
}

#[server(endpoint = "load_prompt_templates", output = Json)]
pub async fn load_prompt_templates() -> Result<Vec<PromptTemplate>, AppError> {
    use super::support::{from_store, principal};

    principal()?;
    checks::prompts()?
        .prompt_templates()
        .await
        .map_err(|e| from_store(e, "Checklists"))
}

#[server(endpoint = "add_prompt_template", output = Json)]
pub async fn add_prompt_template(form: TemplateForm) -> Result<PromptTemplate, AppError> {
    use super::support::{fail, from_store};
    use crate::domain::prompt::TemplateDraft;

    let actor = checks::administrator()?;
    let draft = TemplateDraft::parse(&form).map_err(|e| fail(e.into()))?;
    checks::prompts()?
        .add_prompt_template(&draft, &actor, chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, "The checklist item"))
}

#[server(endpoint = "remove_prompt_template", output = Json)]
pub async fn remove_prompt_template(id: TemplateId) -> Result<(), AppError> {
    use super::support::from_store;

    let actor = checks::administrator()?;
    checks::prompts()?
        .remove_prompt_template(id, &actor, chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, "This checklist item"))
}
