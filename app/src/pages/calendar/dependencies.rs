//! A release's Dependencies tab: what it depends on and what depends on it, each with its
//! team, date, status and whether it holds; adding, changing and removing what it depends on.
//! Its code is fetched when the tab is first opened.

use super::checklist::Checklist;
use super::query::{CalendarQuery, Panel};
use crate::api::dependencies::{
    AddDependency, RemoveDependency, UpdateDependency, find_releases, load_links,
};
use crate::api::prompts::{AddPlaceholder, DismissPrompt, load_prompts};
use crate::components::badges::StatusBadge;
use crate::components::live::Live;
use crate::domain::dates::Show;
use crate::domain::dependency::{Dependency, DependencyKind, MAX_LEAD_DAYS};
use crate::domain::{ReleaseId, Team, TeamId};
use crate::error::AppError;
use crate::read::Link;
use chrono::NaiveDate;
use leptos::form::ActionForm;
use leptos::lazy;
use leptos::prelude::*;

/// The tab's content. `editable`: the viewer may edit this release's dependencies.
#[lazy]
pub fn dependencies_tab(
    id: ReleaseId,
    target: NaiveDate,
    query: CalendarQuery,
    teams: Vec<Team>,
    editable: bool,
) -> AnyView {
    view! { <DependenciesTab id target query teams editable /> }.into_any()
}

#[derive(Clone)]
struct Names(Vec<Team>);

impl Names {
    fn team(&self, id: TeamId) -> String {
        self.0
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| "another team".to_owned(), |t| t.name.clone())
    }
}

#[component]
fn DependenciesTab(
    id: ReleaseId,
    target: NaiveDate,
    query: CalendarQuery,
    teams: Vec<Team>,
    editable: bool,
) -> impl IntoView {
    let add = ServerAction::<AddDependency>::new();
    let update = ServerAction::<UpdateDependency>::new();
    let remove = ServerAction::<RemoveDependency>::new();
    let dismiss = ServerAction::<DismissPrompt>::new();
    let placeholder = ServerAction::<AddPlaceholder>::new();
    let link_kind = RwSignal::new(None::<DependencyKind>);
    // The checklist reloads after an answer that was saved (a refused one keeps its form open
    // with the reason beside it); the lists reload after a placeholder, a new dependency.
    let answered = RwSignal::new(0u32);
    let placed = RwSignal::new(0u32);
    Effect::new(move |_| {
        if add.value().with(|v| matches!(v, Some(Ok(_))))
            || dismiss.value().with(|v| matches!(v, Some(Ok(_))))
        {
            answered.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if placeholder.value().with(|v| matches!(v, Some(Ok(_)))) {
            placed.update(|n| *n += 1);
            answered.update(|n| *n += 1);
        }
    });
    // Any change to releases or dependencies may change whether these hold.
    let live =
        Live::get().watch(|change| change.entity == "release" || change.entity == "dependency");
    let links = Resource::new(
        move || {
            (
                live.get(),
                add.version().get(),
                update.version().get(),
                remove.version().get(),
                placed.get(),
            )
        },
        move |_| load_links(id),
    );
    let prompts = Resource::new(
        move || (live.get(), answered.get()),
        move |_| load_prompts(id),
    );
    let checklist_teams = teams.clone();
    let names = Names(teams);
    // A refused change or removal that is not about one field (someone else changed it, no
    // right to): said once, above the lists.
    let failed = move || {
        let update = update.value().get().and_then(|r| r.err());
        let remove = remove.value().get().and_then(|r| r.err());
        update
            .filter(|e| !matches!(e, AppError::Validation(_)))
            .or(remove)
            .map(|e| view! { <p class="callout error" role="alert">{e.to_string()}</p> })
    };
    view! {
        {failed}
        <Transition fallback=|| ()>
            {move || {
                let teams = checklist_teams.clone();
                Suspend::new(async move {
                    let prompts = prompts.await.unwrap_or_default();
                    view! { <Checklist prompts teams target editable link_kind dismiss placeholder /> }
                })
            }}
        </Transition>
        <Transition fallback=|| view! { <div class="skeleton-block"></div> }>
            {move || {
                let names = names.clone();
                let query = query.clone();
                Suspend::new(async move {
                    match links.await {
                        Ok(links) => {
                            let row = {
                                let (names, query) = (names.clone(), query.clone());
                                move |link: Link, own: bool| {
                                    view! {
                                        <LinkRow link names=names.clone() query=query.clone() editable=own && editable update remove />
                                    }
                                }
                            };
                            let unmet = links
                                .upstream
                                .iter()
                                .chain(&links.downstream)
                                .filter(|l| l.conflict.is_some())
                                .count();
                            let row_up = row.clone();
                            view! {
                                <p class="deps-summary" role="status">
                                    {match unmet {
                                        0 => "Every dependency holds.".to_owned(),
                                        1 => "1 dependency does not hold.".to_owned(),
                                        n => format!("{n} dependencies do not hold."),
                                    }}
                                </p>
                                <section aria-labelledby="deps-up">
                                    <h3 id="deps-up">"Depends on"</h3>
                                    {if links.upstream.is_empty() {
                                        view! { <p class="empty-note">"Nothing recorded."</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="deps">
                                                {links.upstream.into_iter().map(|l| row_up(l, true)).collect_view()}
                                            </ul>
                                        }
                                            .into_any()
                                    }}
                                </section>
                                {editable.then(|| view! { <AddForm id action=add link_kind /> })}
                                <section aria-labelledby="deps-down">
                                    <h3 id="deps-down">"Needed by"</h3>
                                    {if links.downstream.is_empty() {
                                        view! { <p class="empty-note">"No release depends on this one."</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="deps">
                                                {links.downstream.into_iter().map(|l| row(l, false)).collect_view()}
                                            </ul>
                                        }
                                            .into_any()
                                    }}
                                </section>
                            }
                                .into_any()
                        }
                        Err(err) => view! { <p class="callout error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// One dependency: the release at its other end, and whether it holds. `editable` rows can be
/// changed (kind, lead time, note) and removed.
#[component]
fn LinkRow(
    link: Link,
    names: Names,
    query: CalendarQuery,
    editable: bool,
    update: ServerAction<UpdateDependency>,
    remove: ServerAction<RemoveDependency>,
) -> impl IntoView {
    let Link {
        dependency,
        other,
        conflict,
    } = link;
    let editing = RwSignal::new(false);
    let holds = conflict.is_none();
    let reason = conflict.map(|c| c.message(|t| names.team(t)));
    let lead = match dependency.edge.lead_days {
        0 => "no lead time".to_owned(),
        1 => "1 day lead".to_owned(),
        n => format!("{n} days lead"),
    };
    let note = dependency.note.to_string();
    view! {
        <li class="dep" class:dep-broken=!holds>
            <div class="dep-main">
                <a href=query.with_panel(Panel::Edit(other.id)).href() class="dep-title">{other.title.to_string()}</a>
                <span class="dep-meta">
                    {names.team(other.team)}
                    " · "
                    {other.target.show("%a %-d %b %Y")}
                    " · "
                    <StatusBadge status=other.status />
                </span>
                <span class="dep-meta">
                    {dependency.edge.kind.label()}
                    " · "
                    {lead}
                    {(!note.is_empty()).then(|| format!(" · {note}"))}
                </span>
                <span class="dep-state" class:overdue-text=!holds>
                    {match reason {
                        None => "✓ Holds".to_owned(),
                        Some(why) => format!("✕ {why}"),
                    }}
                </span>
            </div>
            {editable.then(|| {
                let dependency = dependency.clone();
                view! {
                    <div class="dep-actions">
                        <button type="button" class="button ghost small" aria-expanded=move || editing.get().to_string() on:click=move |_| editing.update(|e| *e = !*e)>
                            "Change"
                        </button>
                        <ActionForm action=remove>
                            <input type="hidden" name="id" value=dependency.id.0 />
                            <input type="hidden" name="version" value=dependency.version.0 />
                            <button type="submit" class="button danger-ghost small" aria-label=format!("Remove the dependency on “{}”", other.title)>
                                "Remove"
                            </button>
                        </ActionForm>
                    </div>
                    <Show when=move || editing.get()>
                        <EditForm dependency=dependency.clone() action=update />
                    </Show>
                }
            })}
        </li>
    }
}

fn kind_options(selected: Option<DependencyKind>) -> impl IntoView {
    DependencyKind::ALL.map(|k| {
        view! { <option value=k.as_str() selected=Some(k) == selected>{k.label()}</option> }
    })
}

#[component]
fn EditForm(dependency: Dependency, action: ServerAction<UpdateDependency>) -> impl IntoView {
    let key = dependency.id.0;
    let message = move |field: &'static str| {
        move || {
            action
                .value()
                .get()
                .and_then(|r| r.err())
                .and_then(|e| e.field_message(field))
        }
    };
    view! {
        <ActionForm action attr:class="dep-form" attr:novalidate=true>
            <input type="hidden" name="id" value=dependency.id.0 />
            <input type="hidden" name="version" value=dependency.version.0 />
            <div class="field-row">
                <div class="field">
                    <label for=format!("dep-kind-{key}")>"Kind"</label>
                    <select id=format!("dep-kind-{key}") name="form[kind]">{kind_options(Some(dependency.edge.kind))}</select>
                </div>
                <div class="field">
                    <label for=format!("dep-lead-{key}")>"Lead time (days)"</label>
                    <input id=format!("dep-lead-{key}") name="form[lead_days]" type="number" min="0" max=MAX_LEAD_DAYS value=dependency.edge.lead_days />
                    <p class="field-error">{message("lead_days")}</p>
                </div>
            </div>
            <div class="field">
                <label for=format!("dep-note-{key}")>"Note"</label>
                <input id=format!("dep-note-{key}") name="form[note]" value=dependency.note.to_string() autocomplete="off" />
                <p class="field-error">{message("note")}</p>
            </div>
            <button type="submit" class="button primary small">"Save dependency"</button>
        </ActionForm>
    }
}

/// "Add a dependency": find the release by title, then kind, lead time and note.
#[component]
fn AddForm(
    id: ReleaseId,
    action: ServerAction<AddDependency>,
    link_kind: RwSignal<Option<DependencyKind>>,
) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let found = Resource::new(move || search.get(), move |text| find_releases(id, text));
    let message = move |field: &'static str| {
        move || {
            action
                .value()
                .get()
                .and_then(|r| r.err())
                .and_then(|e| e.field_message(field))
        }
    };
    let invalid = move |field: &'static str| move || message(field)().is_some().to_string();
    let general = move || match action.value().get() {
        Some(Err(AppError::Validation(_))) | Some(Ok(_)) | None => None,
        Some(Err(e)) => Some(view! { <p class="callout error" role="alert">{e.to_string()}</p> }),
    };
    view! {
        <details
            class="dep-add"
            open=move || link_kind.get().is_some() || action.value().with(|v| matches!(v, Some(Err(_))))
        >
            <summary class="button small">"Add a dependency"</summary>
            <ActionForm action attr:class="dep-form" attr:novalidate=true>
                <input type="hidden" name="release" value=id.0 />
                {general}
                <div class="field">
                    <label for="dep-search">"Find the release this one needs"</label>
                    <input
                        id="dep-search"
                        type="search"
                        placeholder="Title contains…"
                        autocomplete="off"
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="dep-upstream">"Depends on"</label>
                    <select id="dep-upstream" name="form[upstream]" aria-invalid=invalid("upstream") aria-describedby="dep-upstream-error">
                        <Transition fallback=|| view! { <option value="">"Searching…"</option> }>
                            {move || Suspend::new(async move {
                                match found.await {
                                    Ok(list) if list.is_empty() => view! { <option value="">"No release matches"</option> }.into_any(),
                                    Ok(list) => list
                                        .into_iter()
                                        .map(|r| view! {
                                            <option value=r.id.0>{format!("{} · {}", r.title, r.target.show("%-d %b %Y"))}</option>
                                        })
                                        .collect_view()
                                        .into_any(),
                                    Err(e) => view! { <option value="">{e.to_string()}</option> }.into_any(),
                                }
                            })}
                        </Transition>
                    </select>
                    <p class="field-error" id="dep-upstream-error">{message("upstream")}</p>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="dep-kind">"Kind"</label>
                        <select id="dep-kind" name="form[kind]" aria-invalid=invalid("kind")>{move || kind_options(link_kind.get())}</select>
                        <p class="field-error">{message("kind")}</p>
                    </div>
                    <div class="field">
                        <label for="dep-lead">"Lead time (days)"</label>
                        <input id="dep-lead" name="form[lead_days]" type="number" min="0" max=MAX_LEAD_DAYS value="0" aria-invalid=invalid("lead_days") aria-describedby="dep-lead-error" />
                        <p class="field-error" id="dep-lead-error">{message("lead_days")}</p>
                    </div>
                </div>
                <div class="field">
                    <label for="dep-note">"Note"</label>
                    <input id="dep-note" name="form[note]" autocomplete="off" placeholder="Why it is needed (optional)" />
                    <p class="field-error">{message("note")}</p>
                </div>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Adding…" } else { "Add dependency" }}
                </button>
            </ActionForm>
        </details>
    }
}
