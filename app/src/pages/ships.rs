//! "What ships when": the read-only view marketing relies on. Public releases only, week by
//! week, each with its confidence and the date it last moved.

use crate::api::load_ships;
use crate::components::badges::ConfidenceBadge;
use crate::domain::calendar::{group_by_week, relative_day};
use crate::domain::dates::Show;
use crate::domain::{Team, TeamId};
use leptos::prelude::*;
use leptos_meta::Title;
use std::collections::HashMap;

#[component]
pub fn ShipsPage() -> impl IntoView {
    let ships = Resource::new(|| (), |_| load_ships());
    view! {
        <Title text="What ships when" />
        <section class="ships-page" aria-labelledby="ships-title">
            <header class="page-header">
                <h1 id="ships-title">"What ships when"</h1>
                <p class="page-lede">
                    "Public releases for the next six months, week by week. Confidence says how sure the team is; “moved” says when the date last changed."
                </p>
            </header>
            <Suspense fallback=|| view! { <div class="skeleton-block tall"></div> }>
                {move || Suspend::new(async move {
                    match ships.await {
                        Ok(data) => {
                            let teams: HashMap<TeamId, Team> = data.teams.iter().map(|t| (t.id, t.clone())).collect();
                            let today = data.today;
                            let weeks = group_by_week(&data.releases);
                            if weeks.is_empty() {
                                return view! {
                                    <p class="empty-note">"No public release is planned yet. Teams mark a release public in its edit panel."</p>
                                }
                                    .into_any();
                            }
                            weeks
                                .into_iter()
                                .map(|(monday, releases)| {
                                    let heading = format!("Week of {}", monday.show("%-d %B %Y"));
                                    let relative = if monday <= today { "this week".to_owned() } else { relative_day(monday, today) };
                                    view! {
                                        <section class="week">
                                            <h2>{heading} <span class="muted">{format!(" · {relative}")}</span></h2>
                                            <ul class="ship-list">
                                                {releases
                                                    .into_iter()
                                                    .map(|r| {
                                                        let team = teams.get(&r.team_id);
                                                        let colour = team.map(|t| t.colour.as_str().to_owned()).unwrap_or_default();
                                                        let team_name = team.map(|t| t.name.clone()).unwrap_or_default();
                                                        let target = r.schedule.target();
                                                        let moved = match r.date_moved_at {
                                                            Some(at) => format!("moved {}", relative_day(at.date_naive(), today)),
                                                            None => "date unchanged since planned".to_owned(),
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
                                                                        {format!(" · {} · {}", r.kind.label(), moved)}
                                                                    </p>
                                                                </div>
                                                                {r.status.confidence().map(|c| view! { <ConfidenceBadge confidence=c /> })}
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        </section>
                                    }
                                })
                                .collect_view()
                                .into_any()
                        }
                        Err(err) => view! { <p class="callout error" role="alert">{format!("Could not load the plan. {err}")}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
