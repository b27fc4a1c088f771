//! The filter bar. A GET form: without JavaScript it reloads the page with the filter in the
//! URL; with it, the router navigates to the same filters' link without a reload.

use super::chip::push_escaped;
use super::query::CalendarQuery;
use crate::domain::{ReleaseKind, ReleaseStatus, Team};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::params::ParamsMap;

/// The id of the search box, focused by the `/` shortcut.
pub const SEARCH_ID: &str = "calendar-search";

#[component]
pub fn FilterBar(query: CalendarQuery, teams: Vec<Team>) -> impl IntoView {
    // Choosing a value applies it at once; the Apply button is for typed searches and for
    // browsers without JavaScript.
    let submit = |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let form = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("form").ok().flatten())
            .and_then(|el| el.dyn_into::<web_sys::HtmlFormElement>().ok());
        if let Some(form) = form {
            let _ = form.request_submit();
        }
    };
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
    let clear_href = CalendarQuery {
        filter: Default::default(),
        ..query.clone()
    }
    .href();

    view! {
        <form method="get" action="/" class="filters" role="search" on:submit=apply>
            <input type="hidden" name="view" value=query.view.as_str() />
            <input type="hidden" name="date" value=query.anchor.to_string() />
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
            <label class="filter filter-search">
                <span class="filter-label">"Search"</span>
                <input
                    id=SEARCH_ID
                    type="search"
                    name="q"
                    value=filter.text.clone()
                    placeholder="Title, owner, description"
                    title="Search (/)"
                    aria-keyshortcuts="/"
                />
            </label>
            <button type="submit" class="button">
                "Apply"
            </button>
            {(!filter.is_empty())
                .then(|| {
                    view! {
                        <a class="button ghost" href=clear_href>
                            "Clear filters"
                        </a>
                    }
                })}
        </form>
    }
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
}
