//! The filter bar. A GET form: without JavaScript it reloads the page with the filter in the
//! URL; with it, the router navigates to the same filters' link without a reload.

use super::chip::push_escaped;
use super::query::CalendarQuery;
use crate::components::forms::submit_own_form;
use crate::domain::{ReleaseFilter, ReleaseKind, ReleaseStatus, Team};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::params::ParamsMap;

/// The id of the search box, focused by the `/` shortcut.
pub const SEARCH_ID: &str = "calendar-search";

#[component]
pub fn FilterBar(query: CalendarQuery, teams: Vec<Team>) -> impl IntoView {
    // Choosing a value applies it at once; the Apply button is for browsers without
    // JavaScript (the stylesheet hides it once the page has hydrated).
    let submit = |ev: leptos::ev::Event| submit_own_form(&ev);
    let filter = query.filter.clone();
    let selected_team = filter
        .teams
        .first()
        .map(|t| t.to_string())
        .unwrap_or_default();
    let selected_status = filter
        .statuses
        .first()
        .map(|s| s.as_str())
        .unwrap_or_default();
    let selected_kind = filter.kinds.first().map(|k| k.as_str()).unwrap_or_default();
    // The choices are plain markup, written again with the bar whenever the filter changes.
    let team_ids: Vec<String> = teams.iter().map(|t| t.id.to_string()).collect();
    let team_options = options_html(
        "All teams",
        team_ids
            .iter()
            .zip(&teams)
            .map(|(id, t)| (id.as_str(), t.name.as_str())),
        &selected_team,
    );
    let status_options = options_html(
        "Any status",
        ReleaseStatus::ALL.map(|s| (s.as_str(), s.label())),
        selected_status,
    );
    let kind_options = options_html(
        "Any kind",
        ReleaseKind::ALL.map(|k| (k.as_str(), k.label())),
        selected_kind,
    );
    let navigate = use_navigate();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        use wasm_bindgen::JsCast;
        let fields = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            .and_then(|form| web_sys::FormData::new_with_form(&form).ok());
        if let Some(fields) = fields {
            ev.prevent_default();
            navigate(&submitted(&fields).href(), Default::default());
        }
    };
    let chips = chips_html(&query, &teams);
    let active = filter.teams.len() + filter.statuses.len() + filter.kinds.len();

    view! {
        <form method="get" action="/" class="filters" role="search" on:submit=apply>
            <input type="hidden" name="view" value=query.view.as_str() />
            <input type="hidden" name="date" value=query.anchor.to_string() />
            <label class="filter-search">
                <span class="visually-hidden">"Search releases"</span>
                <input
                    id=SEARCH_ID
                    type="search"
                    name="q"
                    value=filter.text.clone()
                    placeholder="Search releases  /"
                    aria-keyshortcuts="/"
                />
            </label>
            <details class="filter-menu">
                <summary class="button">
                    "Filter"
                    {(active > 0).then(|| view! { <span class="count">{active}</span> })}
                </summary>
                <div class="filter-popover">
                    <label class="filter">
                        <span class="filter-label">"Team"</span>
                        <select name="team" on:change=submit inner_html=team_options></select>
                    </label>
                    <label class="filter">
                        <span class="filter-label">"Status"</span>
                        <select name="status" on:change=submit inner_html=status_options></select>
                    </label>
                    <label class="filter">
                        <span class="filter-label">"Kind"</span>
                        <select name="kind" on:change=submit inner_html=kind_options></select>
                    </label>
                    <button type="submit" class="button apply">
                        "Apply"
                    </button>
                </div>
            </details>
            <ul class="filter-chips" aria-label="Active filters" inner_html=chips></ul>
        </form>
    }
}

/// The active filters as chips, each a link to the same calendar without it, then "Clear all"
/// when there is more than one; empty without filters.
fn chips_html(query: &CalendarQuery, teams: &[Team]) -> String {
    let f = &query.filter;
    let mut chips: Vec<(String, CalendarQuery)> = Vec::new();
    let without = |change: &dyn Fn(&mut ReleaseFilter)| {
        let mut q = query.clone();
        change(&mut q.filter);
        q
    };
    for id in &f.teams {
        let name = teams
            .iter()
            .find(|t| t.id == *id)
            .map_or("Unknown team", |t| t.name.as_str());
        chips.push((
            format!("Team: {name}"),
            without(&|f| f.teams.retain(|t| t != id)),
        ));
    }
    for s in &f.statuses {
        chips.push((
            format!("Status: {}", s.label()),
            without(&|f| f.statuses.retain(|x| x != s)),
        ));
    }
    for k in &f.kinds {
        chips.push((
            format!("Kind: {}", k.label()),
            without(&|f| f.kinds.retain(|x| x != k)),
        ));
    }
    if !f.text.is_empty() {
        chips.push((
            format!("Search: “{}”", f.text),
            without(&|f| f.text.clear()),
        ));
    }
    let mut html = String::new();
    for (label, href) in &chips {
        html.push_str("<li><a class=\"filter-chip\" href=\"");
        push_escaped(&mut html, &href.href());
        html.push_str("\" aria-label=\"Remove filter ");
        push_escaped(&mut html, label);
        html.push_str("\">");
        push_escaped(&mut html, label);
        html.push_str("<span aria-hidden=\"true\">×</span></a></li>");
    }
    if chips.len() > 1 {
        html.push_str("<li><a class=\"link-button\" href=\"");
        push_escaped(
            &mut html,
            &without(&|f| *f = ReleaseFilter::default()).href(),
        );
        html.push_str("\">Clear all</a></li>");
    }
    html
}

/// A filter's `<option>`s: "any" (no filter), then each `(value, label)`, `selected` marked.
fn options_html<'a>(
    any: &'a str,
    choices: impl IntoIterator<Item = (&'a str, &'a str)>,
    selected: &str,
) -> String {
    let mut html = String::new();
    for (value, label) in std::iter::once(("", any)).chain(choices) {
        html.push_str("<option value=\"");
        push_escaped(&mut html, value);
        html.push_str(if value == selected {
            "\" selected>"
        } else {
            "\">"
        });
        push_escaped(&mut html, label);
        html.push_str("</option>");
    }
    html
}

/// The calendar the filter form asks for. Read through [`CalendarQuery`], so the link is the
/// same one every other control builds (no empty fields, the same order).
fn submitted(fields: &web_sys::FormData) -> CalendarQuery {
    let mut params = ParamsMap::new();
    for key in ["view", "date", "team", "status", "kind", "q"] {
        if let Some(value) = fields.get(key).as_string() {
            params.insert(key, value);
        }
    }
    CalendarQuery::from_params(&params, super::today())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_offer_any_then_each_choice_with_the_current_one_selected() {
        assert_eq!(
            options_html("All teams", [("1", "Checkout"), ("2", "R&D")], "2"),
            "<option value=\"\">All teams</option><option value=\"1\">Checkout</option>\
             <option value=\"2\" selected>R&amp;D</option>"
        );
        assert!(
            options_html("Any kind", [("feature", "Feature")], "")
                .starts_with("<option value=\"\" selected>")
        );
    }

    #[test]
    fn each_active_filter_is_a_chip_linking_to_the_calendar_without_it() {
        use crate::domain::{Colour, TeamId};
        let mut params = ParamsMap::new();
        for (k, v) in [
            ("view", "month"),
            ("date", "2027-09-01"),
            ("team", "2"),
            ("q", "<b>"),
        ] {
            params.insert(k, v.to_owned());
        }
        let query = CalendarQuery::from_params(&params, "2027-09-01".parse().unwrap());
        let teams = [Team {
            id: TeamId(2),
            name: "R&D".into(),
            colour: Colour::parse("#cf3030").unwrap(),
        }];
        let html = chips_html(&query, &teams);
        assert!(html.starts_with(
            "<li><a class=\"filter-chip\" href=\"/?view=month&amp;date=2027-09-01&amp;q=%3Cb%3E\" \
             aria-label=\"Remove filter Team: R&amp;D\">Team: R&amp;D<span aria-hidden=\"true\">×</span></a></li>"
        ), "{html}");
        assert!(html.contains(">Search: “&lt;b&gt;”<"), "{html}");
        assert!(html.ends_with(
            "<li><a class=\"link-button\" href=\"/?view=month&amp;date=2027-09-01\">Clear all</a></li>"
        ), "{html}");
        let none = CalendarQuery {
            filter: ReleaseFilter::default(),
            ..query
        };
        assert_eq!(chips_html(&none, &teams), "");
    }
}
