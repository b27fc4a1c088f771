//! The release calendar, Flotilla's home: month grid, or team lanes over a rolling window or a
//! quarter; filters in the URL,
//! a side panel to create and edit, and rescheduling by drag or keyboard.

mod card;
mod checklist;
mod chip;
mod chip_events;
mod dependencies;
mod fields;
mod filters;
mod history;
mod keys;
mod laid_out;
mod month;
mod moves;
mod panel;
pub mod query;
mod timeline;
mod unsaved;
pub(crate) mod what_if;

use crate::api::{CalendarData, load_calendar, load_teams};
use crate::components::live::Live;
use crate::components::session::{CurrentUser, may};
use crate::domain::calendar::{CalendarView, step, view_title, visible_span};
use crate::domain::dates::Show;
use crate::domain::{
    Action, CalendarItem, Principal, ReleaseFilter, ReleaseId, ReleaseStatus, Team, TeamId,
};
use chip::MOVE_HINT_ID;
use chrono::NaiveDate;
use filters::FilterBar;
use keys::{ShortcutSheet, keyboard_shortcuts, open_shortcuts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use month::{MonthChips, MonthGrid};
use moves::Rescheduler;
use panel::release_panel;
use query::{CalendarQuery, Panel, ReleaseLinks};
use std::collections::HashMap;
use std::sync::Arc;
use timeline::{Timeline, TimelineLanes};

/// What the calendar views render from: the loaded data and the URL state.
#[derive(Clone)]
pub struct CalendarContext {
    pub data: Arc<CalendarData>,
    pub query: CalendarQuery,
    teams: Arc<HashMap<TeamId, Team>>,
    links: ReleaseLinks,
    me: Arc<Option<Principal>>,
}

impl CalendarContext {
    fn new(data: Arc<CalendarData>, query: CalendarQuery, me: Option<Principal>) -> Self {
        let teams = data.teams.iter().map(|t| (t.id, t.clone())).collect();
        Self {
            data,
            links: ReleaseLinks::new(&query),
            query,
            teams: Arc::new(teams),
            me: Arc::new(me),
        }
    }

    /// Whether the viewer may do `action` on a release of `team`.
    pub fn may(&self, action: Action, team: TeamId) -> bool {
        may(&self.me, action, Some(team))
    }

    /// Whether the viewer may plan releases for any team: only then are days offered for it.
    pub fn may_plan(&self) -> bool {
        may_plan(self.me.as_ref().as_ref())
    }

    pub fn team(&self, id: TeamId) -> Option<&Team> {
        self.teams.get(&id)
    }

    pub fn item(&self, id: ReleaseId) -> Option<CalendarItem> {
        self.data.releases.iter().find(|r| r.id == id).cloned()
    }

    /// A release's id appended to this links to it: the side panel opens on it, and the
    /// rest of the view stays as it is.
    pub fn release_link_prefix(&self) -> &str {
        self.links.prefix()
    }
}

/// What the calendar data depends on: the view page and filter, plus counters bumped by saves
/// here (moves, the panel's forms) and by anyone's changes to the days shown (live updates).
type CalendarSource = ((CalendarView, NaiveDate, ReleaseFilter), u32, u32, u32);

/// A page served with the side panel open must have the panel's code before it hydrates: a
/// panel still loading would hydrate as an empty place where the server put the panel.
#[cfg(feature = "hydrate")]
pub async fn preload_open_panel() {
    let location = window().location();
    // Not percent-decoded: the fields that open the panel hold only ids and ISO dates.
    let params: leptos_router::params::ParamsMap = location
        .search()
        .unwrap_or_default()
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect();
    let on_calendar = location.pathname().is_ok_and(|p| p == "/");
    if on_calendar && CalendarQuery::from_params(&params, today()).panel != Panel::Closed {
        panel::preload().await;
    }
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

fn may_plan(person: Option<&Principal>) -> bool {
    person.is_some_and(|p| p.may_somewhere(Action::CreateRelease))
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    crate::mark_hydrated();
    let params = use_query_map();
    let query = Memo::new(move |_| CalendarQuery::from_params(&params.read(), today()));
    // Only what changes the data reloads it; opening the panel does not.
    let source = Memo::new(move |_| {
        let q = query.get();
        (q.view, q.anchor, q.filter)
    });
    let mover = Rescheduler::new();
    let panel_saves = RwSignal::new(0);
    // Only changes to the days on screen reload it.
    let live = Live::get().watch(move |change| {
        query.with_untracked(|q| change.reach.touches(visible_span(q.view, q.anchor)))
    });
    let user = CurrentUser::get();
    let data = Resource::new(
        move || {
            (
                source.get(),
                mover.saved.get(),
                panel_saves.get(),
                live.get(),
            )
        },
        |((view, anchor, filter), ..): CalendarSource| load_calendar(view, anchor, filter),
    );
    let teams = Resource::new(|| (), |_| load_teams());
    let (month_chips, timeline_lanes) = (MonthChips::new(), TimelineLanes::new());

    keyboard_shortcuts(query, user);

    let panel_open = Memo::new(move |_| query.get().panel != Panel::Closed);
    let panel = Memo::new(move |_| query.get().panel);

    let announcement = move || {
        mover.pending.get().map(|(_, day)| {
            format!(
                "Move to {}. Press Enter to confirm or Escape to cancel.",
                day.show("%A %-d %B")
            )
        })
    };

    view! {
        // The document title is read once more when the response is finished; by then a request the
        // client dropped may have disposed the page, so read without assuming it is still there.
        <Title text=move || {
            query.try_get().map(|q| view_title(q.view, q.anchor)).unwrap_or_default()
        } />
        <div class="calendar-page" class:with-panel=panel_open>
            <section class="calendar-main" aria-labelledby="calendar-title">
                {move || view! { <Toolbar query=query.get() /> }}
                <Transition fallback=|| view! { <CalendarSkeleton /> }>
                    {move || Suspend::new(async move {
                        let q = query.get_untracked();
                        let me = user.load().await;
                        match (data.await, teams.await) {
                            (Ok(listing), Ok(teams)) => {
                                let ctx = CalendarContext::new(listing, q.clone(), me);
                                let empty = ctx.data.releases.is_empty();
                                let body = match q.view {
                                    CalendarView::Month => view! { <MonthGrid context=ctx mover chips=month_chips panel /> }.into_any(),
                                    CalendarView::Timeline | CalendarView::Quarter => view! { <Timeline context=ctx mover lanes=timeline_lanes panel /> }.into_any(),
                                };
                                view! {
                                    <FilterBar query=q.clone() teams />
                                    {empty.then(|| view! { <EmptyNotice filtered=!q.filter.is_empty() /> })}
                                    {body}
                                    <Legend />
                                }
                                    .into_any()
                            }
                            (Err(err), _) | (_, Err(err)) => view! {
                                <p class="callout error" role="alert">{format!("The calendar could not be loaded. {err}")}</p>
                            }
                                .into_any(),
                        }
                    })}
                </Transition>
            </section>
            // A new lazy view only when the panel opens: while open, the panel follows the URL.
            {move || panel_open.get().then(|| Suspend::new(release_panel(query, teams, panel_saves)))}
            <ShortcutSheet />
            {move || {
                mover.asking.get().map(|(request, preview)| {
                    Suspend::new(async move {
                        let teams = teams.await.unwrap_or_default();
                        what_if::move_dialog(mover, request, preview, teams).await
                    })
                })
            }}
            <p id=MOVE_HINT_ID class="visually-hidden">
                "Arrow keys choose another day; Enter moves the release there; Escape cancels."
            </p>
            <p class="visually-hidden" aria-live="assertive">
                {announcement}
            </p>
        </div>
    }
}

#[component]
fn Toolbar(query: CalendarQuery) -> impl IntoView {
    let view = query.view;
    let title = view_title(view, query.anchor);
    let unit = view.unit();
    let prev = query.with_view(view, step(view, query.anchor, -1)).href();
    let next = query.with_view(view, step(view, query.anchor, 1)).href();
    let this = query.with_view(view, today()).href();
    let month_href = query.with_view(CalendarView::Month, query.anchor).href();
    let timeline_href = query.with_view(CalendarView::Timeline, query.anchor).href();
    let quarter_href = query.with_view(CalendarView::Quarter, query.anchor).href();
    let new_day = if view == CalendarView::Month && query.anchor != today() {
        query.anchor
    } else {
        today()
    };
    let new_href = query.with_panel(Panel::New(new_day)).href();
    let current = |v: CalendarView| (v == view).then_some("page");
    view! {
        <div class="toolbar">
            <div class="toolbar-start">
                <h1 id="calendar-title">{title}</h1>
                <nav class="stepper" aria-label="Calendar pages">
                    <a class="icon-button" href=prev aria-label=format!("Previous {unit}") title=format!("Previous {unit}")>
                        "‹"
                    </a>
                    <a class="button ghost" href=this>
                        "Today"
                    </a>
                    <a class="icon-button" href=next aria-label=format!("Next {unit}") title=format!("Next {unit}")>
                        "›"
                    </a>
                </nav>
            </div>
            <div class="toolbar-end">
                <nav class="segmented" aria-label="Calendar view">
                    <a href=month_href aria-current=current(CalendarView::Month) aria-keyshortcuts="m">
                        "Month"
                    </a>
                    <a href=timeline_href aria-current=current(CalendarView::Timeline) aria-keyshortcuts="w" title="Weeks around the date, on team lanes">
                        "Timeline"
                    </a>
                    <a href=quarter_href aria-current=current(CalendarView::Quarter) aria-keyshortcuts="q">
                        "Quarter"
                    </a>
                </nav>
                <button
                    type="button"
                    class="icon-button"
                    aria-label="Keyboard shortcuts"
                    title="Keyboard shortcuts (?)"
                    aria-keyshortcuts="?"
                    on:click=|_| open_shortcuts()
                >
                    "?"
                </button>
                <Suspense fallback=|| ()>
                    {move || {
                        let new_href = new_href.clone();
                        Suspend::new(async move {
                            let me = CurrentUser::get().load().await;
                            may_plan(me.as_ref()).then(|| view! {
                                <a class="button primary" href=new_href title="New release (n)" aria-keyshortcuts="n">
                                    "+ New release"
                                </a>
                            })
                        })
                    }}
                </Suspense>
            </div>
        </div>
    }
}

#[component]
fn EmptyNotice(filtered: bool) -> impl IntoView {
    let text = if filtered {
        "No release matches these filters in this period. Clear the filters or look at another period."
    } else {
        "Nothing is planned in this period yet. Click a day (or press n) to plan a release."
    };
    view! { <p class="empty-note">{text}</p> }
}

/// The statuses' icons and names, and the conflict mark. Plain markup: it never changes.
#[component]
fn Legend() -> impl IntoView {
    let mut items = String::new();
    for s in ReleaseStatus::ALL {
        for part in [
            "<li class=\"badge status-",
            s.as_str(),
            "\"><span aria-hidden=\"true\">",
            s.icon(),
            "</span>",
            s.label(),
            "</li>",
        ] {
            items.push_str(part);
        }
    }
    items.push_str(
        "<li class=\"legend-conflict\"><span aria-hidden=\"true\">⚠</span> conflict</li>",
    );
    view! { <ul class="legend" aria-label="Status legend" inner_html=items></ul> }
}

#[component]
fn CalendarSkeleton() -> impl IntoView {
    let rows = "<div class=\"skeleton-row\"></div>".repeat(6);
    view! { <div class="skeleton" aria-busy="true" aria-label="Loading the calendar" inner_html=rows></div> }
}
