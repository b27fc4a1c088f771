//! The map as a table: each dependency with both ends, its kind, lead time, slack in days and
//! why it does not hold, tightest first. Plain links and cells, so the keyboard and screen
//! readers get everything the drawing shows.

use super::open_href;
use crate::domain::dates::{FIELD_DAY, Show};
use crate::domain::{ReleaseId, TeamId};
use crate::read::{LinkedRelease, MapData};
use chrono::Days;
use leptos::prelude::*;
use std::collections::HashMap;

#[component]
pub fn MapTable(data: MapData, view_href: String) -> impl IntoView {
    let names: HashMap<TeamId, String> =
        data.teams.iter().map(|t| (t.id, t.name.clone())).collect();
    let team = move |id: TeamId| {
        names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "another team".to_owned())
    };
    let by_id: HashMap<ReleaseId, &LinkedRelease> =
        data.releases.iter().map(|r| (r.id, r)).collect();
    let mut rows: Vec<_> = data
        .links
        .iter()
        .filter_map(|link| {
            let up = *by_id.get(&link.edge.upstream)?;
            let down = *by_id.get(&link.edge.downstream)?;
            let earliest = up
                .target
                .checked_add_days(Days::new(u64::from(link.edge.lead_days)))?;
            let slack = (down.target - earliest).num_days();
            Some((slack, up, down, link))
        })
        .collect();
    rows.sort_by_key(|(slack, up, down, _)| (*slack, up.id, down.id));
    if rows.is_empty() {
        return view! { <p class="empty-note">"No dependencies in this period match."</p> }
            .into_any();
    }
    let end = |r: &LinkedRelease, team: &dyn Fn(TeamId) -> String| {
        view! {
            <a href=open_href(r)>{r.title.to_string()}</a>
            <span class="cell-sub">{format!("{} · {}", team(r.team), r.target.show(FIELD_DAY))}</span>
        }
    };
    view! {
        <div class="table-scroll" role="region" aria-label="Dependencies as a table" tabindex="0">
            <table class="map-table">
                <caption class="visually-hidden">
                    {format!("{} dependencies, tightest first. ", rows.len())}
                    <a href=view_href>"Back to the drawn map"</a>
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Needed release"</th>
                        <th scope="col">"Needed by"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col" class="num">"Lead"</th>
                        <th scope="col" class="num">"Slack"</th>
                        <th scope="col">"Holds?"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(slack, up, down, link)| {
                            let reason = link.conflict.as_ref().map(|c| c.message(&team));
                            let broken = reason.is_some();
                            view! {
                                <tr class:broken=broken>
                                    <td>{end(up, &team)}</td>
                                    <td>{end(down, &team)}</td>
                                    <td>{link.edge.kind.label()}</td>
                                    <td class="num">{format!("{} d", link.edge.lead_days)}</td>
                                    <td class="num">{format!("{slack} d")}</td>
                                    <td>
                                        {match reason {
                                            None => "✓ Holds".to_owned(),
                                            Some(why) => format!("✕ {why}"),
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
