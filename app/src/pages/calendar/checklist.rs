//! A release's hidden-dependency checklist, at the top of its Dependencies tab: what releases of
//! its kind usually need, each linked to a release, given a placeholder release for the team
//! that owns the work, or dismissed with a reason.

use crate::api::prompts::{AddPlaceholder, DismissPrompt};
use crate::components::session::{CurrentUser, may};
use crate::domain::dates::{FIELD_DAY, Show};
use crate::domain::dependency::DependencyKind;
use crate::domain::prompt::{Prompt, PromptState, unchecked_label};
use crate::domain::{Action, Team};
use crate::error::AppError;
use chrono::{Days, NaiveDate};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The checklist; "Link a release" sets `link_kind`, which the add form below takes up.
#[component]
pub fn Checklist(
    prompts: Vec<Prompt>,
    teams: Vec<Team>,
    target: NaiveDate,
    editable: bool,
    link_kind: RwSignal<Option<DependencyKind>>,
    dismiss: ServerAction<DismissPrompt>,
    placeholder: ServerAction<AddPlaceholder>,
) -> impl IntoView {
    if prompts.is_empty() {
        return None;
    }
    let summary = unchecked_label(&prompts).unwrap_or_else(|| "Every item is answered.".to_owned());
    let item = move |prompt: Prompt| {
        let teams = teams.clone();
        view! { <ChecklistItem prompt teams target editable link_kind dismiss placeholder /> }
    };
    Some(view! {
        <section class="checklist" aria-labelledby="checklist-title">
            <h3 id="checklist-title">"Usually needed for this kind of release"</h3>
            <p class="deps-summary">{summary}</p>
            <ul class="checklist-items">{prompts.into_iter().map(item).collect_view()}</ul>
        </section>
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Answering {
    Nothing,
    Placeholder,
    Dismissal,
}

#[component]
fn ChecklistItem(
    prompt: Prompt,
    teams: Vec<Team>,
    target: NaiveDate,
    editable: bool,
    link_kind: RwSignal<Option<DependencyKind>>,
    dismiss: ServerAction<DismissPrompt>,
    placeholder: ServerAction<AddPlaceholder>,
) -> impl IntoView {
    let answering = RwSignal::new(Answering::Nothing);
    let kind = prompt.dependency_kind;
    let (state, open) = match &prompt.state {
        PromptState::Open => ("Unchecked".to_owned(), true),
        PromptState::Linked(_) => ("✓ A dependency of this kind is recorded".to_owned(), false),
        PromptState::Dismissed(reason) => (format!("Dismissed: {reason}"), false),
    };
    let key = prompt.id.0;
    let error = move |field: &'static str| {
        move || {
            let input = |id| id == key;
            let from_dismiss = dismiss
                .input()
                .get_untracked()
                .is_none_or(|i| input(i.id.0))
                .then(|| dismiss.value().get().and_then(|r| r.err()))
                .flatten();
            let from_placeholder = placeholder
                .input()
                .get_untracked()
                .is_none_or(|i| input(i.id.0))
                .then(|| placeholder.value().get().and_then(|r| r.err()))
                .flatten();
            let failed = from_dismiss.or(from_placeholder)?;
            failed.field_message(field).or_else(|| {
                (field == "form" && !matches!(failed, AppError::Validation(_)))
                    .then(|| failed.to_string())
            })
        }
    };
    let actions = (open && editable).then(|| {
        view! {
            <div class="dep-actions">
                <button type="button" class="button ghost small" on:click=move |_| link_kind.set(Some(kind))>
                    "Link a release"
                </button>
                <button type="button" class="button ghost small" aria-expanded=move || (answering.get() == Answering::Placeholder).to_string() on:click=move |_| answering.set(Answering::Placeholder)>
                    "Create placeholder…"
                </button>
                <button type="button" class="button ghost small" aria-expanded=move || (answering.get() == Answering::Dismissal).to_string() on:click=move |_| answering.set(Answering::Dismissal)>
                    "Dismiss…"
                </button>
            </div>
        }
    });
    let text = prompt.text.to_string();
    let version = prompt.version.0;
    let forms = move || match answering.get() {
        Answering::Nothing => None,
        Answering::Dismissal => Some(
            view! {
                <ActionForm action=dismiss attr:class="dep-form" attr:novalidate=true>
                    <input type="hidden" name="id" value=key />
                    <input type="hidden" name="version" value=version />
                    <div class="field">
                        <label for=format!("dismiss-{key}")>"Why does it not apply?"</label>
                        <input id=format!("dismiss-{key}") name="reason" autocomplete="off" />
                        <p class="field-error">{error("reason")}</p>
                    </div>
                    <p class="field-error" role="alert">{error("form")}</p>
                    <button type="submit" class="button small">"Dismiss item"</button>
                </ActionForm>
            }
            .into_any(),
        ),
        Answering::Placeholder => {
            let teams = teams.clone();
            let text = text.clone();
            Some(view! { <PlaceholderForm key version text teams target action=placeholder error /> }.into_any())
        }
    };
    view! {
        <li class="dep checklist-item" class:dep-open=open>
            <div class="dep-main">
                <span class="dep-title-text">{prompt.text.to_string()}</span>
                <span class="dep-meta">{kind.label()}</span>
                <span class="dep-state" class:open-text=open>{state}</span>
            </div>
            {actions}
            {forms}
        </li>
    }
}

/// A placeholder release for the team that owns the work: its title, team and day, a week
/// before the release that needs it.
#[component]
fn PlaceholderForm<E, F>(
    key: i64,
    version: i64,
    text: String,
    teams: Vec<Team>,
    target: NaiveDate,
    action: ServerAction<AddPlaceholder>,
    error: E,
) -> impl IntoView
where
    E: Fn(&'static str) -> F + Copy + Send + Sync + 'static,
    F: Fn() -> Option<String> + Send + Sync + 'static,
{
    let day = target.checked_sub_days(Days::new(7)).unwrap_or(target);
    view! {
        <ActionForm action attr:class="dep-form" attr:novalidate=true>
            <input type="hidden" name="id" value=key />
            <input type="hidden" name="version" value=version />
            <input type="hidden" name="form[kind]" value="other" />
            <div class="field">
                <label for=format!("ph-title-{key}")>"Placeholder title"</label>
                <input id=format!("ph-title-{key}") name="form[title]" value=text autocomplete="off" />
                <p class="field-error">{error("title")}</p>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for=format!("ph-team-{key}")>"Team that owns it"</label>
                    <Suspense fallback=|| ()>
                        {
                            let teams = teams.clone();
                            move || {
                                let teams = teams.clone();
                                Suspend::new(async move {
                                    let me = CurrentUser::get().load().await;
                                    view! {
                                        <select id=format!("ph-team-{key}") name="form[team_id]">
                                            <option value="">"Choose a team"</option>
                                            {teams
                                                .into_iter()
                                                .filter(|t| may(&me, Action::CreateRelease, Some(t.id)))
                                                .map(|t| view! { <option value=t.id.to_string()>{t.name}</option> })
                                                .collect_view()}
                                        </select>
                                    }
                                })
                            }
                        }
                    </Suspense>
                    <p class="field-error">{error("team_id")}</p>
                </div>
                <div class="field">
                    <label for=format!("ph-date-{key}")>"Target date"</label>
                    <input id=format!("ph-date-{key}") name="form[target_date]" value=day.show(FIELD_DAY) autocomplete="off" />
                    <p class="field-error">{error("target_date")}</p>
                </div>
            </div>
            <p class="field-error" role="alert">{error("form")}</p>
            <button type="submit" class="button small">"Create placeholder"</button>
        </ActionForm>
    }
}
