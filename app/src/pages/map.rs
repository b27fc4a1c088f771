//! The dependency map (`/map`): releases on a timeline, one lane per team, with their
//! dependencies drawn between them, coloured by kind, conflicts in red. Choosing a release
//! highlights what it depends on and what depends on it, and marks the longest chain that ends
//! at it. Filters, period, zoom and the chosen release live in the URL. The same data as a
//! table is the alternative for keyboards and screen readers.

mod drag;
mod layout;
mod table;

use crate::api::dependencies::load_map;
use crate::components::session::{CurrentUser, may};
use crate::domain::Action;
use crate::domain::calendar::{DateSpan, monday_of};
use crate::domain::dates::{FIELD_DAY, Show, parse_day};
use crate::domain::dependency::DependencyKind;
use crate::domain::{ReleaseId, Team, TeamId};
use crate::pages::calendar::query::encode_into;
use crate::read::{LinkedRelease, MapData, MapQuery};
use chrono::{Datelike, Days, NaiveDate};
use drag::MapMover;
use layout::{Layout, NODE_HEIGHT};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use std::collections::{HashMap, HashSet};

/// Day widths in pixels, by zoom level.
const ZOOMS: [f64; 4] = [6.0, 10.0, 16.0, 26.0];
const DEFAULT_ZOOM: usize = 1;

/// What the page shows, as its URL says.
#[derive(Clone, Debug, PartialEq)]
struct MapView {
    query: MapQuery,
    zoom: usize,
    table: bool,
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

impl MapView {
    fn from_params(params: &ParamsMap, today: NaiveDate) -> Self {
        let values = |key: &str| -> Vec<String> {
            params
                .get_all(key)
                .unwrap_or_default()
                .iter()
                .flat_map(|v| v.split(',').map(str::to_owned).collect::<Vec<_>>())
                .filter(|v| !v.is_empty())
                .collect()
        };
        let day = |key: &str| params.get_str(key).and_then(parse_day);
        let from = day("from").unwrap_or(today - Days::new(14));
        let to = day("to")
            .filter(|to| *to >= from && (*to - from).num_days() < 366)
            .unwrap_or(from + Days::new(90));
        Self {
            query: MapQuery {
                span: DateSpan { from, to },
                teams: values("team")
                    .iter()
                    .filter_map(|t| t.parse().ok().map(TeamId))
                    .collect(),
                kinds: values("kind")
                    .iter()
                    .filter_map(|k| DependencyKind::parse(k))
                    .collect(),
                only_conflicts: params.get_str("conflicts").is_some_and(|v| !v.is_empty()),
                focus: params
                    .get_str("focus")
                    .and_then(|f| f.parse().ok())
                    .map(ReleaseId),
            },
            zoom: params
                .get_str("zoom")
                .and_then(|z| z.parse().ok())
                .filter(|z| *z < ZOOMS.len())
                .unwrap_or(DEFAULT_ZOOM),
            table: params.get_str("view") == Some("table"),
        }
    }

    fn href(&self) -> String {
        let q = &self.query;
        let join = |parts: Vec<String>| parts.join(",");
        let mut pairs = vec![
            ("from", q.span.from.to_string()),
            ("to", q.span.to.to_string()),
        ];
        if !q.teams.is_empty() {
            pairs.push((
                "team",
                join(q.teams.iter().map(|t| t.to_string()).collect()),
            ));
        }
        if !q.kinds.is_empty() {
            pairs.push((
                "kind",
                join(q.kinds.iter().map(|k| k.as_str().to_owned()).collect()),
            ));
        }
        if q.only_conflicts {
            pairs.push(("conflicts", "1".to_owned()));
        }
        if let Some(focus) = q.focus {
            pairs.push(("focus", focus.to_string()));
        }
        if self.zoom != DEFAULT_ZOOM {
            pairs.push(("zoom", self.zoom.to_string()));
        }
        if self.table {
            pairs.push(("view", "table".to_owned()));
        }
        let mut href = String::from("/map?");
        for (i, (key, value)) in pairs.iter().enumerate() {
            if i > 0 {
                href.push('&');
            }
            href.push_str(key);
            href.push('=');
            encode_into(&mut href, value);
        }
        href
    }

    fn focused(&self, focus: Option<ReleaseId>) -> String {
        let mut next = self.clone();
        next.query.focus = focus;
        next.href()
    }

    fn shifted(&self, days: i64) -> String {
        let mut next = self.clone();
        let span = next.query.span;
        let by = |d: NaiveDate| {
            d.checked_add_signed(chrono::TimeDelta::days(days))
                .unwrap_or(d)
        };
        next.query.span = DateSpan {
            from: by(span.from),
            to: by(span.to),
        };
        next.href()
    }

    fn zoomed(&self, zoom: usize) -> String {
        Self {
            zoom,
            ..self.clone()
        }
        .href()
    }

    fn as_table(&self, table: bool) -> String {
        Self {
            table,
            ..self.clone()
        }
        .href()
    }
}

/// The calendar with the release's panel open, around its date.
fn open_href(release: &LinkedRelease) -> String {
    format!(
        "/?view=timeline&date={}&release={}",
        release.target, release.id
    )
}

#[component]
pub fn MapPage() -> impl IntoView {
    let params = use_query_map();
    let view_of = Memo::new(move |_| MapView::from_params(&params.read(), today()));
    let query = Memo::new(move |_| view_of.get().query);
    let mover = MapMover::new();
    let data = Resource::new(
        move || (query.get(), mover.saved.get()),
        |(q, _)| load_map(q),
    );
    view! {
        <Title text="Dependency map" />
        <section class="map-page" aria-labelledby="map-title">
            <header class="page-header">
                <h1 id="map-title">"Dependency map"</h1>
                <p class="page-lede">
                    "Which releases wait on which, across teams. Choose a release to see what it needs and what needs it."
                </p>
            </header>
            {move || view! { <MapToolbar view=view_of.get() /> }}
            <Transition fallback=|| view! { <div class="skeleton-block tall"></div> }>
                {move || {
                    let view = view_of.get();
                    Suspend::new(async move {
                    let me = CurrentUser::get().load().await;
                    match data.await {
                        Ok(data) => view! {
                            <MapFilters view=view.clone() teams=data.teams.clone() />
                            {(data.matching > data.links.len()).then(|| view! {
                                <p class="callout" role="status">
                                    {format!(
                                        "Showing {} of {} dependencies: those that do not hold first, then the tightest. Narrow the period or choose teams or kinds to see the rest.",
                                        data.links.len(),
                                        data.matching
                                    )}
                                </p>
                            })}
                            {if view.table {
                                view! { <table::MapTable data view_href=view.href() /> }.into_any()
                            } else {
                                view! { <MapCanvas data view mover me /> }.into_any()
                            }}
                        }
                            .into_any(),
                        Err(err) => view! {
                            <p class="callout error" role="alert">{format!("The map could not be loaded. {err}")}</p>
                        }
                            .into_any(),
                    }
                })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn MapToolbar(view: MapView) -> impl IntoView {
    let span = view.query.span;
    let step = (span.day_count() / 2).max(7);
    let title = format!(
        "{} – {}",
        span.from.show(FIELD_DAY),
        span.to.show(FIELD_DAY)
    );
    let current = |table: bool| (view.table == table).then_some("page");
    view! {
        <div class="toolbar map-toolbar">
            <div class="toolbar-start">
                <h2 class="map-period">{title}</h2>
                <nav class="stepper" aria-label="Map period">
                    <a class="icon-button" href=view.shifted(-step) aria-label="Earlier" title="Earlier">"‹"</a>
                    <a class="icon-button" href=view.shifted(step) aria-label="Later" title="Later">"›"</a>
                </nav>
                {(!view.table).then(|| view! {
                    <nav class="stepper" aria-label="Zoom">
                        <a class="icon-button" href=view.zoomed(view.zoom.saturating_sub(1)) aria-label="Zoom out" title="Zoom out" aria-disabled=(view.zoom == 0).to_string()>"−"</a>
                        <a class="icon-button" href=view.zoomed((view.zoom + 1).min(ZOOMS.len() - 1)) aria-label="Zoom in" title="Zoom in" aria-disabled=(view.zoom + 1 == ZOOMS.len()).to_string()>"+"</a>
                    </nav>
                })}
            </div>
            <nav class="segmented" aria-label="Show as">
                <a href=view.as_table(false) aria-current=current(false)>"Map"</a>
                <a href=view.as_table(true) aria-current=current(true)>"Table"</a>
            </nav>
        </div>
    }
}

/// Period, teams, kinds and "only conflicts", as a GET form (it works without JavaScript).
#[component]
fn MapFilters(view: MapView, teams: Vec<Team>) -> impl IntoView {
    let q = view.query.clone();
    let chosen_teams: HashSet<TeamId> = q.teams.iter().copied().collect();
    let chosen_kinds: HashSet<DependencyKind> = q.kinds.iter().copied().collect();
    let filtered = !q.teams.is_empty() || !q.kinds.is_empty() || q.only_conflicts;
    let cleared = MapView {
        query: MapQuery {
            teams: Vec::new(),
            kinds: Vec::new(),
            only_conflicts: false,
            ..q.clone()
        },
        ..view.clone()
    }
    .href();
    view! {
        <Form method="GET" action="/map" attr:class="map-filters" attr:role="search">
            <label class="filter">
                <span class="filter-label">"From"</span>
                <input type="date" name="from" value=q.span.from.to_string() />
            </label>
            <label class="filter">
                <span class="filter-label">"To"</span>
                <input type="date" name="to" value=q.span.to.to_string() />
            </label>
            <details class="filter-menu">
                <summary class="button">{format!("Teams{}", count(chosen_teams.len()))}</summary>
                <fieldset>
                    <legend class="visually-hidden">"Teams"</legend>
                    {teams.into_iter().map(|t| view! {
                        <label class="check">
                            <input type="checkbox" name="team" value=t.id.to_string() checked=chosen_teams.contains(&t.id) />
                            " " {t.name}
                        </label>
                    }).collect_view()}
                </fieldset>
            </details>
            <details class="filter-menu">
                <summary class="button">{format!("Kinds{}", count(chosen_kinds.len()))}</summary>
                <fieldset>
                    <legend class="visually-hidden">"Kinds"</legend>
                    {DependencyKind::ALL.map(|k| view! {
                        <label class="check">
                            <input type="checkbox" name="kind" value=k.as_str() checked=chosen_kinds.contains(&k) />
                            " " <span class=format!("kind-swatch k-{}", k.as_str()) aria-hidden="true"></span> {k.label()}
                        </label>
                    })}
                </fieldset>
            </details>
            <label class="check">
                <input type="checkbox" name="conflicts" value="1" checked=q.only_conflicts />
                " Only conflicts"
            </label>
            {(view.zoom != DEFAULT_ZOOM).then(|| view! { <input type="hidden" name="zoom" value=view.zoom.to_string() /> })}
            {view.table.then(|| view! { <input type="hidden" name="view" value="table" /> })}
            <button type="submit" class="button apply">"Apply"</button>
            {filtered.then(|| view! { <a class="link-button" href=cleared>"Clear filters"</a> })}
        </Form>
    }
}

fn count(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" ({n})")
    }
}

/// The drawn map: lanes, dependencies, releases, and the chosen release's card.
#[component]
fn MapCanvas(
    data: MapData,
    view: MapView,
    mover: MapMover,
    me: Option<crate::domain::Principal>,
) -> impl IntoView {
    let day_width = ZOOMS[view.zoom];
    let span = data.query.span;
    let layout = Layout::new(&data, day_width);
    let names: HashMap<TeamId, Team> = data.teams.iter().map(|t| (t.id, t.clone())).collect();
    let team_name = |id: TeamId| {
        names
            .get(&id)
            .map_or_else(|| "another team".to_owned(), |t| t.name.clone())
    };
    let by_id: HashMap<ReleaseId, &LinkedRelease> =
        data.releases.iter().map(|r| (r.id, r)).collect();
    let focus = data.focus.clone();
    let in_chain: HashSet<ReleaseId> = focus
        .iter()
        .flat_map(|f| {
            f.upstream
                .iter()
                .chain(&f.downstream)
                .copied()
                .chain([f.id])
        })
        .collect();
    let longest: Vec<ReleaseId> = focus
        .as_ref()
        .map(|f| f.longest.clone())
        .unwrap_or_default();
    let on_longest =
        |up: ReleaseId, down: ReleaseId| longest.windows(2).any(|w| w[0] == up && w[1] == down);
    let dim = |id: ReleaseId| focus.is_some() && !in_chain.contains(&id);
    let movable = |r: &LinkedRelease| {
        r.status.can_reschedule() && may(&me, Action::RescheduleRelease, Some(r.team))
    };
    let dropped = data.releases.clone();

    if data.releases.is_empty() {
        return view! {
            <p class="empty-note map-empty">
                "No dependencies in this period match. Widen the period or clear the filters."
            </p>
        }
        .into_any();
    }

    // Scale: a tick each Monday, labelled when there is room.
    let label_every = if day_width >= 10.0 { 1 } else { 2 };
    let ticks = span
        .days()
        .filter(|d| *d == monday_of(*d))
        .enumerate()
        .map(|(i, d)| {
            let x = layout.x(d);
            let label =
                (i % label_every == 0).then(|| d.show(if d.day() <= 7 { "%-d %b" } else { "%-d" }));
            view! {
                <span class="map-tick" style=format!("left:{x}px")>{label}</span>
            }
        })
        .collect_view();
    let today_line = span.contains(today()).then(|| {
        view! { <span class="map-today" style=format!("left:{}px;height:{}px", layout.x(today()), layout.height) aria-hidden="true"></span> }
    });

    let lanes = layout
        .lanes
        .iter()
        .map(|lane| {
            view! {
                <div class="map-lane" style=format!("top:{}px;height:{}px", lane.top, lane.height)>
                    <span class="map-lane-name">{team_name(lane.team)}</span>
                </div>
            }
        })
        .collect_view();

    let paths = data
        .links
        .iter()
        .filter_map(|link| {
            let (from, to) = (
                layout.nodes.get(&link.edge.upstream)?,
                layout.nodes.get(&link.edge.downstream)?,
            );
            // From under (or over) the needed release's date into the dependent's start, so a
            // line leaves each box where its date is and runs beneath the boxes, never on them.
            let (x2, y2) = (to.x, to.y + NODE_HEIGHT / 2.0);
            let below = to.y >= from.y;
            let x1 = from.x + 8.0;
            let y1 = if below { from.y + NODE_HEIGHT } else { from.y };
            let drop = ((y2 - y1) / 2.0).abs().max(18.0) * if below { 1.0 } else { -1.0 };
            let d = format!(
                "M{x1:.0},{y1:.0} C{x1:.0},{:.0} {:.0},{y2:.0} {x2:.0},{y2:.0}",
                y1 + drop,
                x2 - 28.0
            );
            let mut class = format!("map-edge k-{}", link.edge.kind.as_str());
            if link.conflict.is_some() {
                class.push_str(" broken");
            }
            if focus.is_some() && (dim(link.edge.upstream) || dim(link.edge.downstream)) {
                class.push_str(" dim");
            }
            if on_longest(link.edge.upstream, link.edge.downstream) {
                class.push_str(" longest");
            }
            // Why it does not hold is said by its flag and the table, not by the line.
            Some(view! { <path class=class d=d></path> })
        })
        .collect_view();

    // A flag on each conflict, halfway along its dependency, says why when hovered or focused.
    let flags = data
        .links
        .iter()
        .filter_map(|link| {
            let conflict = link.conflict.as_ref()?;
            let (from, to) = (layout.nodes.get(&link.edge.upstream)?, layout.nodes.get(&link.edge.downstream)?);
            let x = (from.x + 8.0 + to.x) / 2.0 - 12.0;
            let y = (from.y + to.y) / 2.0 + NODE_HEIGHT / 2.0 - 12.0;
            let dependent = by_id.get(&link.edge.downstream)?;
            let reason = format!("{}: {}", dependent.title, conflict.message(team_name));
            Some(view! {
                <a class="edge-flag" href=view.focused(Some(link.edge.downstream)) style=format!("left:{x:.0}px;top:{y:.0}px") title=reason.clone() aria-label=reason>
                    "!"
                </a>
            })
        })
        .collect_view();

    let conflicted: HashSet<ReleaseId> = data
        .links
        .iter()
        .filter(|l| l.conflict.is_some())
        .flat_map(|l| [l.edge.upstream, l.edge.downstream])
        .collect();
    let nodes = data
        .releases
        .iter()
        .filter_map(|r| {
            let node = layout.nodes.get(&r.id)?;
            let colour = names.get(&r.team).map(|t| t.colour.as_str().to_owned()).unwrap_or_default();
            let outside = if r.target < span.from {
                "◀ "
            } else if r.target > span.to {
                "▶ "
            } else {
                ""
            };
            let label = format!(
                "{}, {}, {}, {}{}",
                r.title,
                team_name(r.team),
                r.target.show(FIELD_DAY),
                r.status.label(),
                if conflicted.contains(&r.id) { ", has a conflict" } else { "" }
            );
            let chosen = focus.as_ref().is_some_and(|f| f.id == r.id);
            let href = if chosen { view.focused(None) } else { view.focused(Some(r.id)) };
            let movable = movable(r);
            let id = r.id;
            Some(view! {
                <a
                    class="map-node"
                    draggable=if movable { "true" } else { "false" }
                    on:dragstart=move |ev| mover.start(id, &ev)
                    class:dim=dim(r.id)
                    class:chosen=chosen
                    class:on-longest=longest.contains(&r.id)
                    class:broken=conflicted.contains(&r.id)
                    href=href
                    title=r.title.to_string()
                    aria-label=label
                    aria-current=chosen.then_some("true")
                    data-release-id=r.id.0
                    style=format!("left:{:.0}px;top:{:.0}px;width:{:.0}px;--team:{colour}", node.x, node.y, node.width)
                >
                    {format!("{outside}{}", r.title)}
                </a>
            })
        })
        .collect_view();

    let card = focus.as_ref().and_then(|f| {
        let release = by_id.get(&f.id)?;
        let chain = f
            .longest
            .iter()
            .filter_map(|id| by_id.get(id).map(|r| r.title.to_string()))
            .collect::<Vec<_>>();
        let chain_text = if f.longest.len() > 1 {
            let links = f.longest.len() - 1;
            format!(
                "Longest chain ({links} link{}): {}",
                if links == 1 { "" } else { "s" },
                chain.join(" → ")
            )
        } else {
            "It depends on nothing.".to_owned()
        };
        Some(view! {
            <aside class="map-card" aria-labelledby="map-card-title">
                <h2 id="map-card-title">{release.title.to_string()}</h2>
                <p class="panel-sub">{format!("{} · {}", team_name(release.team), release.target.show(FIELD_DAY))}</p>
                <p>{format!("Depends on {} release{}; {} depend{} on it.",
                    f.upstream.len(), if f.upstream.len() == 1 { "" } else { "s" },
                    f.downstream.len(), if f.downstream.len() == 1 { "s" } else { "" })}</p>
                <p class="map-chain">{chain_text}</p>
                <div class="form-actions">
                    <a class="button primary" href=open_href(release)>"Open release"</a>
                    <a class="button ghost" href=view.focused(None)>"Clear selection"</a>
                </div>
            </aside>
        })
    });

    view! {
        {card}
        <div class="map-scroll" tabindex="0" role="region" aria-label="Dependency map; scroll to pan">
            <div class="map-canvas" style=format!("width:{:.0}px;height:{:.0}px", layout.width, layout.height + layout::SCALE_HEIGHT)>
                <div class="map-scale">{ticks}</div>
                <div
                    class="map-body"
                    style=format!("height:{:.0}px", layout.height)
                    on:dragover=|ev| ev.prevent_default()
                    on:drop=move |ev| mover.drop(&ev, day_width, &dropped)
                >
                    {lanes}
                    {today_line}
                    <svg class="map-edges" width=format!("{:.0}", layout.width) height=format!("{:.0}", layout.height) aria-hidden="true">
                        {paths}
                    </svg>
                    {nodes}
                    {flags}
                </div>
            </div>
        </div>
        <MapLegend />
        {mover.dialog(data.teams.clone())}
    }
    .into_any()
}

#[component]
fn MapLegend() -> impl IntoView {
    view! {
        <ul class="map-legend" aria-label="Kinds of dependency">
            {DependencyKind::ALL.map(|k| view! {
                <li><span class=format!("kind-swatch k-{}", k.as_str()) aria-hidden="true"></span>{k.label()}</li>
            })}
            <li><span class="kind-swatch broken" aria-hidden="true"></span>"Does not hold"</li>
        </ul>
    }
}
