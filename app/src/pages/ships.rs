//! "What ships when": the read-only view marketing relies on. Public releases only, week by
//! week, each with its confidence and, when its date moved, from when to when. Filters by team
//! and kind live in the URL, so a filtered plan can be shared.

use crate::api::{ShipsData, load_ships};
use crate::components::badges::ConfidenceBadge;
use crate::domain::calendar::{group_by_week, relative_day};
use crate::domain::dates::Show;
use crate::domain::{Confidence, Release, ReleaseKind, Team, TeamId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use std::collections::HashMap;

/// The filters of the page, from its URL (`team`, `kind`); unknown values filter nothing.
#[derive(Clone, Default, PartialEq)]
struct ShipsFilter {
    team: Option<TeamId>,
    kind: Option<ReleaseKind>,
}

impl ShipsFilter {
    fn matches(&self, r: &Release) -> bool {
        self.team.is_none_or(|t| r.team_id == t) && self.kind.is_none_or(|k| r.kind == k)
    }
}

#[component]
pub fn ShipsPage() -> impl IntoView {
    let ships = Resource::new(|| (), |_| load_ships());
    let params = use_query_map();
    let filter = Memo::new(move |_| {
        params.with(|p| ShipsFilter {
            team: p.get_str("team").and_then(|t| t.parse().ok()).map(TeamId),
            kind: p.get_str("kind").and_then(|k| ReleaseKind::parse(k).ok()),
        })
    });
    view! {
        <Title text="What ships when" />
        <section class="ships-page" aria-labelledby="ships-title">
            <header class="page-header">
                <h1 id="ships-title">"What ships when"</h1>
                <p class="page-lede">
                    "Public releases for the next six months, week by week, with how sure each team is of its date."
                </p>
            </header>
            <ConfidenceLegend />
            <Suspense fallback=|| view! { <div class="skeleton-block tall"></div> }>
                {move || Suspend::new(async move {
                    match ships.await {
                        Ok(data) => view! {
                            <ShipsFilters teams=data.teams.clone() filter=filter.get() />
                            <Weeks data filter=filter.get() />
                        }
                            .into_any(),
                        Err(err) => view! { <p class="callout error" role="alert">{format!("Could not load the plan. {err}")}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// What each confidence means, once, above the list.
#[component]
fn ConfidenceLegend() -> impl IntoView {
    view! {
        <dl class="confidence-legend" aria-label="What the confidence means">
            {Confidence::ALL
                .map(|c| view! {
                    <div>
                        <dt><ConfidenceBadge confidence=c /></dt>
                        <dd>{c.meaning()}</dd>
                    </div>
                })}
        </dl>
    }
}

/// Team and kind, as a GET form: it works without JavaScript, and with it the router navigates
/// without a reload as soon as a value is chosen.
#[component]
fn ShipsFilters(teams: Vec<Team>, filter: ShipsFilter) -> impl IntoView {
    let chosen_team = filter.team.map(|t| t.to_string()).unwrap_or_default();
    let chosen_kind = filter.kind.map(|k| k.as_str()).unwrap_or_default();
    let submit = |ev: leptos::ev::Event| crate::components::forms::submit_own_form(&ev);
    view! {
        <Form method="GET" action="/ships" attr:class="ships-filters" attr:role="search">
            <label class="filter">
                <span class="filter-label">"Team"</span>
                <select name="team" on:change=submit>
                    <option value="">"All teams"</option>
                    {teams
                        .into_iter()
                        .map(|t| {
                            let value = t.id.to_string();
                            let selected = value == chosen_team;
                            view! { <option value=value selected=selected>{t.name}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="filter">
                <span class="filter-label">"Kind"</span>
                <select name="kind" on:change=submit>
                    <option value="">"Any kind"</option>
                    {ReleaseKind::ALL
                        .map(|k| view! { <option value=k.as_str() selected=k.as_str() == chosen_kind>{k.label()}</option> })}
                </select>
            </label>
            <button type="submit" class="button apply">"Apply"</button>
            {(filter != ShipsFilter::default()).then(|| view! { <a class="link-button" href="/ships">"Clear filters"</a> })}
        </Form>
    }
}

#[component]
fn Weeks(data: ShipsData, filter: ShipsFilter) -> impl IntoView {
    let teams: HashMap<TeamId, Team> = data.teams.iter().map(|t| (t.id, t.clone())).collect();
    let today = data.today;
    let shown: Vec<Release> = data
        .releases
        .into_iter()
        .filter(|r| filter.matches(r))
        .collect();
    let weeks = group_by_week(&shown);
    if weeks.is_empty() {
        let text = if filter == ShipsFilter::default() {
            "No public release is planned yet. Teams mark a release public in its edit panel."
        } else {
            "No public release of this team or kind is planned in the next six months."
        };
        return view! { <p class="empty-note">{text}</p> }.into_any();
    }
    weeks
        .into_iter()
        .map(|(monday, releases)| {
            let heading = format!("Week of {}", monday.show("%-d %B %Y"));
            let relative = if monday <= today {
                "this week".to_owned()
            } else {
                relative_day(monday, today)
            };
            view! {
                <section class="week">
                    <h2>{heading} <span class="muted">{format!(" · {relative}")}</span></h2>
                    <ul class="ship-list">
                        {releases.into_iter().map(|r| ship(r, &teams, today)).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
        .into_any()
}

fn ship(r: &Release, teams: &HashMap<TeamId, Team>, today: chrono::NaiveDate) -> impl IntoView {
    let team = teams.get(&r.team_id);
    let colour = team
        .map(|t| t.colour.as_str().to_owned())
        .unwrap_or_default();
    let team_name = team.map(|t| t.name.clone()).unwrap_or_default();
    let target = r.schedule.target();
    let moved = match (r.date_moved_at, r.moved_from) {
        (Some(at), Some(from)) if from != target => format!(
            "moved from {} to {}, {}",
            from.show("%-d %b"),
            target.show("%-d %b"),
            relative_day(at.date_naive(), today)
        ),
        (Some(at), _) => format!("window changed {}", relative_day(at.date_naive(), today)),
        (None, _) => "date unchanged since planned".to_owned(),
    };
    view! {
        <li class="ship">
            <time class="ship-date" datetime=target.to_string() title=target.show("%A %-d %B %Y")>
                <span class="ship-day">{target.show("%a")}</span>
                <span class="ship-num">{target.show("%-d %b")}</span>
            </time>
            <div class="ship-main">
                <p class="ship-title">{r.title.to_string()}</p>
                <p class="ship-meta">
                    <span class="team-dot" style=format!("--team: {colour}")></span>
                    {team_name}
                    {format!(" · {} · ", r.kind.label())}
                    <span class:moved=r.moved_from.is_some()>{moved}</span>
                </p>
            </div>
            {r.status.confidence().map(|c| view! { <ConfidenceBadge confidence=c /> })}
        </li>
    }
}
