//! The side panel: create a release, edit one, or confirm its deletion. Plain HTML forms
//! (ActionForm), so they also work before the page has hydrated or with JavaScript off.

use super::dependencies::dependencies_tab;
use super::fields::{FormAlert, ReleaseFields};
use super::history::history_list;
use super::query::{CalendarQuery, Panel};
use super::unsaved::Unsaved;
use super::what_if::FormWhatIf;
use crate::api::prompts::load_prompts;
use crate::api::{CreateRelease, DeleteRelease, UpdateRelease, load_release, release_conflicts};
use crate::components::badges::StatusBadge;
use crate::components::feedback::error_of;
use crate::components::session::{CurrentUser, may};
use crate::components::toast::Toasts;
use crate::domain::dates::{Show, time_ago};
use crate::domain::prompt::unchecked_label;
use crate::domain::{
    Action, Conflict, CurrentRelease, Release, ReleaseForm, ReleaseId, ReleaseKind, ReleaseStatus,
    Team, TeamId,
};
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::lazy;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The panel's server actions. They live as long as the panel is open, so a form's result
/// (an error to show, or the save that closes the panel) survives the panel following the URL.
#[derive(Clone, Copy)]
struct PanelActions {
    pub create: ServerAction<CreateRelease>,
    pub update: ServerAction<UpdateRelease>,
    pub delete: ServerAction<DeleteRelease>,
}

impl PanelActions {
    fn new() -> Self {
        Self {
            create: ServerAction::new(),
            update: ServerAction::new(),
            delete: ServerAction::new(),
        }
    }

    /// Forgets earlier results, so a newly opened panel starts without old messages.
    fn reset(&self) {
        self.create.clear();
        self.update.clear();
        self.delete.clear();
    }
}

/// The side panel, following `query` while it stays open; each save bumps `saves`, which the
/// calendar reloads on. Its code (forms, their server calls) is fetched when a panel is first
/// opened, which keeps it out of the calendar's first load; a page whose URL opens a panel
/// renders it on the server (see `preload_open_panel` for hydration).
#[lazy]
pub fn release_panel(
    query: Memo<CalendarQuery>,
    teams: Resource<Result<Vec<Team>, AppError>>,
    saves: RwSignal<u32>,
) -> AnyView {
    let actions = PanelActions::new();
    let unsaved = Unsaved::guard();
    after_save_effects(query, actions, saves, unsaved);
    (move || view! { <ReleasePanel query=query.get() teams actions unsaved /> }).into_any()
}

/// After a save: the calendar reloads, a toast says what happened, and the panel closes, or
/// after a create shows the new release.
fn after_save_effects(
    query: Memo<CalendarQuery>,
    actions: PanelActions,
    saves: RwSignal<u32>,
    unsaved: Unsaved,
) {
    let toasts = Toasts::get();
    let navigate = use_navigate();
    let done = move |message: String, next: Panel| {
        unsaved.forget();
        saves.update(|n| *n += 1);
        toasts.success(message);
        let href = query.get_untracked().with_panel(next).href();
        navigate(&href, Default::default());
    };
    {
        let done = done.clone();
        Effect::new(move |_| {
            if let Some(Ok(created)) = actions.create.value().get() {
                done(
                    format!("Created “{}”", created.title),
                    Panel::Edit(created.id),
                );
            }
        });
    }
    {
        let done = done.clone();
        Effect::new(move |_| {
            if let Some(Ok(saved)) = actions.update.value().get() {
                done(format!("Saved “{}”", saved.title), Panel::Closed);
            }
        });
    }
    Effect::new(move |_| {
        if let Some(Ok(())) = actions.delete.value().get() {
            done("Release deleted".to_owned(), Panel::Closed);
        }
    });
    // Another panel (a different release, or a new one) starts clean.
    let panel = Memo::new(move |_| query.get().panel);
    Effect::new(move |previous: Option<Panel>| {
        let current = panel.get();
        if previous.is_some_and(|p| p != current) {
            actions.reset();
            unsaved.forget();
        }
        current
    });
}

/// Fetches the panel's code now.
#[cfg(feature = "hydrate")]
pub async fn preload() {
    __preload_release_panel().await;
}

#[component]
fn ReleasePanel(
    query: CalendarQuery,
    teams: Resource<Result<Vec<Team>, AppError>>,
    actions: PanelActions,
    unsaved: Unsaved,
) -> impl IntoView {
    let close_href = query.with_panel(Panel::Closed).href();
    let navigate = use_navigate();
    let close = close_href.clone();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && unsaved.may_leave() {
            navigate(&close, Default::default());
        }
    };
    let body = match query.panel {
        Panel::Closed => return None,
        Panel::New(day) => view! { <NewRelease day teams close_href=close_href.clone() action=actions.create /> }.into_any(),
        Panel::Edit(id) => view! { <EditRelease id query=query.clone() teams close_href=close_href.clone() action=actions.update /> }.into_any(),
        Panel::ConfirmDelete(id) => view! { <ConfirmDelete id query=query.clone() close_href=close_href.clone() action=actions.delete /> }.into_any(),
    };
    Some(view! {
        <aside
            class="panel"
            aria-labelledby="panel-title"
            on:keydown=on_keydown
            on:input=move |_| unsaved.changed()
        >
            <a class="icon-button panel-close" href=close_href aria-label="Close panel" title="Close (Esc)">
                "×"
            </a>
            {body}
        </aside>
    })
}

#[component]
fn NewRelease(
    day: NaiveDate,
    teams: Resource<Result<Vec<Team>, AppError>>,
    close_href: String,
    action: ServerAction<CreateRelease>,
) -> impl IntoView {
    let error = error_of(action);
    let values = ReleaseForm {
        target_date: day.to_string(),
        kind: ReleaseKind::Feature.as_str().to_owned(),
        ..Default::default()
    };
    let statuses = vec![
        ReleaseStatus::Planned,
        ReleaseStatus::AtRisk,
        ReleaseStatus::Ready,
    ];
    view! {
        <h2 id="panel-title">"New release"</h2>
        <p class="panel-sub">{format!("Planned for {}", day.show("%A %-d %B %Y"))}</p>
        <ActionForm action attr:class="release-form" attr:novalidate=true>
            <input type="hidden" name="return_to" value=close_href.clone() />
            <FormAlert error />
            <Suspense fallback=|| view! { <div class="skeleton-block"></div> }>
                {
                    let values = values.clone();
                    let statuses = statuses.clone();
                    move || {
                        let values = values.clone();
                        let statuses = statuses.clone();
                        Suspend::new(async move {
                            let me = CurrentUser::get().load().await;
                            // Only the teams this person may plan for are offered.
                            let teams: Vec<Team> = teams
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .filter(|t| may(&me, Action::CreateRelease, Some(t.id)))
                                .collect();
                            if teams.is_empty() {
                                return view! {
                                    <p class="callout" role="status">
                                        "Planning releases needs the PM role in a team. Ask an administrator if you should have it."
                                    </p>
                                }
                                    .into_any();
                            }
                            // Someone who plans for one team plans for that team.
                            let values = match teams.as_slice() {
                                [only] => ReleaseForm { team_id: only.id.to_string(), ..values },
                                _ => values,
                            };
                            view! { <ReleaseFields values teams statuses error /> }.into_any()
                        })
                    }
                }
            </Suspense>
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Creating…" } else { "Create release" }}
                </button>
                <a class="button ghost" href=close_href>
                    "Cancel"
                </a>
            </div>
        </ActionForm>
    }
}

#[component]
fn EditRelease(
    id: ReleaseId,
    query: CalendarQuery,
    teams: Resource<Result<Vec<Team>, AppError>>,
    close_href: String,
    action: ServerAction<UpdateRelease>,
) -> impl IntoView {
    let release = Resource::new(move || id, load_release);
    let error = error_of(action);
    let delete_href = query.with_panel(Panel::ConfirmDelete(id)).href();
    let reload_href = query.href();
    let reload = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        action.clear();
        release.refetch();
    };
    let stale = move || match error.get() {
        Some(AppError::Conflict(current)) => Some(
            view! { <StaleNotice current=*current reload_href=reload_href.clone() on_reload=reload /> },
        ),
        _ => None,
    };

    view! {
        <Suspense fallback=|| view! { <div class="skeleton-block tall"></div> }>
            {move || {
                let close_href = close_href.clone();
                let delete_href = delete_href.clone();
                let query = query.clone();
                Suspend::new(async move {
                    let release = match release.await {
                        Ok(r) => r,
                        Err(err) => {
                            return view! {
                                <h2 id="panel-title">"Release unavailable"</h2>
                                <p class="callout error" role="alert">{err.to_string()}</p>
                            }
                                .into_any();
                        }
                    };
                    let teams = teams.await.unwrap_or_default();
                    let me = CurrentUser::get().load().await;
                    let editable = may(&me, Action::EditRelease, Some(release.team_id));
                    let deletable = may(&me, Action::DeleteRelease, Some(release.team_id));
                    let edits_dependencies = may(&me, Action::EditDependencies, Some(release.team_id));
                    let teams_for_tabs = teams.clone();
                    let (date, set_date) = signal(release.schedule.target().to_string());
                    let team_name = teams
                        .iter()
                        .find(|t| t.id == release.team_id)
                        .map(|t| t.name.clone())
                        .unwrap_or_default();
                    let statuses = release.status.next_allowed();
                    let values = release.to_form();
                    let header = view! {
                        <h2 id="panel-title">{release.title.to_string()}</h2>
                        <p class="panel-sub">
                            <StatusBadge status=release.status />
                            {release.date_moved_at.map(|at| view! {
                                " · date last moved "
                                <time datetime=at.to_rfc3339() title=at.show("%-d %b %Y %H:%M UTC")>
                                    {time_ago(at, chrono::Utc::now())}
                                </time>
                            })}
                        </p>
                        <ConflictBanner id query=query.clone() teams=teams.clone() />
                    };
                    let details = if editable {
                        view! {
                        <ActionForm action attr:class="release-form" attr:novalidate=true>
                            <input type="hidden" name="id" value=release.id.0 />
                            <input type="hidden" name="version" value=release.version.0 />
                            <input type="hidden" name="return_to" value=close_href.clone() />
                            <FormAlert error />
                            <div class="contents" on:change=move |ev| {
                                let field = event_target::<web_sys::Element>(&ev);
                                if field.get_attribute("name").as_deref() == Some("form[target_date]") {
                                    set_date.set(event_target_value(&ev));
                                }
                            }>
                                <ReleaseFields values teams=teams.clone() statuses error />
                            </div>
                            <FormWhatIf id original=release.schedule.target() date teams=teams.clone() />
                            <div class="form-actions">
                                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                                    {move || if action.pending().get() { "Saving…" } else { "Save changes" }}
                                </button>
                                <a class="button ghost" href=close_href>
                                    "Cancel"
                                </a>
                                {deletable.then(|| view! {
                                    <a class="button danger-ghost push-end" href=delete_href>
                                        "Delete…"
                                    </a>
                                })}
                            </div>
                        </ActionForm>
                        }
                            .into_any()
                    } else {
                        view! { <ReadOnlyRelease release=release.clone() team_name /> }.into_any()
                    };
                    view! {
                        {header}
                        <PanelTabs id target=release.schedule.target() details query teams=teams_for_tabs edits_dependencies />
                    }
                        .into_any()
                })
            }}
        </Suspense>
        {stale}
    }
}

/// The rules the release breaks, in words, each naming the other release (by title and team)
/// and linking to it.
#[component]
fn ConflictBanner(id: ReleaseId, query: CalendarQuery, teams: Vec<Team>) -> impl IntoView {
    let conflicts = Resource::new(move || id, release_conflicts);
    let name = move |team: TeamId| {
        teams
            .iter()
            .find(|t| t.id == team)
            .map_or_else(|| "another team".to_owned(), |t| t.name.clone())
    };
    let item = move |conflict: Conflict| {
        let overdue = conflict == Conflict::Overdue;
        let link = match &conflict {
            Conflict::SameDayBreaking { other, title, .. }
            | Conflict::Dependency { other, title, .. } => Some(view! {
                " "
                <a href=query.with_panel(Panel::Edit(*other)).href()>{format!("Open “{title}”")}</a>
            }),
            Conflict::Overdue | Conflict::Weekend => None,
        };
        view! { <li class:overdue-text=overdue>{conflict.message(name.clone())} {link}</li> }
    };
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let item = item.clone();
                Suspend::new(async move {
                    let conflicts = conflicts.await.unwrap_or_default();
                    let heading = match conflicts.len() {
                        0 => return None,
                        1 => "Conflict".to_owned(),
                        n => format!("{n} conflicts"),
                    };
                    Some(view! {
                        <div class="callout warning conflict-banner" role="note">
                            <strong>"⚠ " {heading}</strong>
                            <ul>{conflicts.into_iter().map(item.clone()).collect_view()}</ul>
                        </div>
                    })
                })
            }}
        </Suspense>
    }
}

/// Which of the release's tabs is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Details,
    Dependencies,
    History,
}

impl Tab {
    const ALL: [Self; 3] = [Self::Details, Self::Dependencies, Self::History];

    fn key(self) -> &'static str {
        match self {
            Self::Details => "details",
            Self::Dependencies => "dependencies",
            Self::History => "history",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Details => "Details",
            Self::Dependencies => "Dependencies",
            Self::History => "History",
        }
    }
}

/// Details, Dependencies and History, as tabs (arrow keys move between them). The other tabs
/// load their content when first opened.
#[component]
fn PanelTabs(
    id: ReleaseId,
    target: NaiveDate,
    details: AnyView,
    query: CalendarQuery,
    teams: Vec<Team>,
    edits_dependencies: bool,
) -> impl IntoView {
    let shown = RwSignal::new(Tab::Details);
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let at = Tab::ALL
            .iter()
            .position(|t| *t == shown.get_untracked())
            .unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (at + 1) % Tab::ALL.len(),
            "ArrowLeft" => (at + Tab::ALL.len() - 1) % Tab::ALL.len(),
            _ => return,
        };
        ev.prevent_default();
        shown.set(Tab::ALL[next]);
        if let Some(button) = document().get_element_by_id(&format!("tab-{}", Tab::ALL[next].key()))
        {
            let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(button).focus();
        }
    };
    let tab = move |tab: Tab| {
        view! {
            <button
                type="button"
                role="tab"
                id=format!("tab-{}", tab.key())
                aria-controls=format!("tabpanel-{}", tab.key())
                aria-selected=move || (shown.get() == tab).to_string()
                tabindex=move || if shown.get() == tab { "0" } else { "-1" }
                on:click=move |_| shown.set(tab)
            >
                {tab.label()}
            </button>
        }
    };
    let prompts = Resource::new(move || id, load_prompts);
    let unchecked = move || {
        Suspend::new(async move {
            let label = unchecked_label(&prompts.await.unwrap_or_default())?;
            Some(view! {
                <button type="button" class="unchecked-note" on:click=move |_| shown.set(Tab::Dependencies)>
                    "☐ " {label}
                </button>
            })
        })
    };
    view! {
        <Suspense fallback=|| ()>{unchecked}</Suspense>
        <div class="tabs" role="tablist" aria-label="Release" on:keydown=on_keydown>
            {Tab::ALL.map(tab)}
        </div>
        <div id="tabpanel-details" role="tabpanel" aria-labelledby="tab-details" hidden=move || shown.get() != Tab::Details>
            {details}
        </div>
        <div id="tabpanel-dependencies" role="tabpanel" aria-labelledby="tab-dependencies" hidden=move || shown.get() != Tab::Dependencies>
            <Show when=move || shown.get() == Tab::Dependencies>
                {
                    let (query, teams) = (query.clone(), teams.clone());
                    move || Suspend::new(dependencies_tab(id, target, query.clone(), teams.clone(), edits_dependencies))
                }
            </Show>
        </div>
        <div id="tabpanel-history" role="tabpanel" aria-labelledby="tab-history" hidden=move || shown.get() != Tab::History>
            <Show when=move || shown.get() == Tab::History>
                {move || Suspend::new(history_list(id))}
            </Show>
        </div>
    }
}

/// What a person without edit rights sees: the release, and why they cannot change it.
#[component]
fn ReadOnlyRelease(release: Release, team_name: String) -> impl IntoView {
    let window = release
        .schedule
        .window_end()
        .map(|end| format!(" – {}", end.show("%-d %b %Y")))
        .unwrap_or_default();
    view! {
        <p class="callout" role="note">
            {format!("You can view this release. Changing it needs the PM or Engineering role in {team_name}.")}
        </p>
        <dl class="compact read-only">
            <dt>"Team"</dt>
            <dd>{team_name.clone()}</dd>
            <dt>"Target date"</dt>
            <dd>{format!("{}{window}", release.schedule.target().show("%A %-d %b %Y"))}</dd>
            <dt>"Kind"</dt>
            <dd>{release.kind.label()}</dd>
            <dt>"Owner"</dt>
            <dd>{if release.owner.as_str().is_empty() { "—".to_owned() } else { release.owner.to_string() }}</dd>
            <dt>"Visibility"</dt>
            <dd>{if release.public { "Public" } else { "Internal" }}</dd>
        </dl>
        {(!release.description.as_str().is_empty()).then(|| view! { <p class="description">{release.description.to_string()}</p> })}
    }
}

/// Shown when a save was refused because someone else saved first.
#[component]
fn StaleNotice(
    current: CurrentRelease,
    reload_href: String,
    on_reload: impl FnMut(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let window = current
        .schedule
        .window_end()
        .map(|end| format!(" – {}", end.show("%-d %b %Y")))
        .unwrap_or_default();
    view! {
        <div class="callout warning stale" role="alert">
            <p>
                <strong>"Changed by someone else since you opened it."</strong>
                " Your changes were not saved. The release now reads:"
            </p>
            <dl class="compact">
                <dt>"Title"</dt>
                <dd>{current.title.to_string()}</dd>
                <dt>"Target date"</dt>
                <dd>{format!("{}{window}", current.schedule.target().show("%-d %b %Y"))}</dd>
                <dt>"Status"</dt>
                <dd>{current.status.label()}</dd>
                <dt>"Owner"</dt>
                <dd>{if current.owner.as_str().is_empty() { "—".to_owned() } else { current.owner.to_string() }}</dd>
            </dl>
            <a class="button" href=reload_href on:click=on_reload data-discards="">
                "Load the current version"
            </a>
        </div>
    }
}

#[component]
fn ConfirmDelete(
    id: ReleaseId,
    query: CalendarQuery,
    close_href: String,
    action: ServerAction<DeleteRelease>,
) -> impl IntoView {
    let release = Resource::new(move || id, load_release);
    let error = error_of(action);
    let cancel_href = query.with_panel(Panel::Edit(id)).href();
    view! {
        <Suspense fallback=|| view! { <div class="skeleton-block"></div> }>
            {move || {
                let close_href = close_href.clone();
                let cancel_href = cancel_href.clone();
                Suspend::new(async move {
                    match release.await {
                        Ok(release) => view! {
                            <h2 id="panel-title">"Delete this release?"</h2>
                            <p>
                                <strong>{release.title.to_string()}</strong>
                                {format!(" on {} will be removed from the calendar for everyone. This cannot be undone.", release.schedule.target().show("%-d %b %Y"))}
                            </p>
                            <FormAlert error />
                            <ActionForm action attr:class="release-form">
                                <input type="hidden" name="id" value=release.id.0 />
                                <input type="hidden" name="version" value=release.version.0 />
                                <input type="hidden" name="return_to" value=close_href />
                                <div class="form-actions">
                                    <button type="submit" class="button danger">
                                        "Delete release"
                                    </button>
                                    <a class="button ghost" href=cancel_href>
                                        "Keep it"
                                    </a>
                                </div>
                            </ActionForm>
                        }
                            .into_any(),
                        Err(err) => view! {
                            <h2 id="panel-title">"Release unavailable"</h2>
                            <p class="callout error" role="alert">{err.to_string()}</p>
                        }
                            .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
