//! The filter bar. A GET form: without JavaScript it reloads the page with the filter in the
//! URL; with it, the router navigates to the same filters' link without a reload.

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
                <select name="team" on:change=submit>
                    <option value="" selected=selected_team.is_empty()>
                        "All teams"
                    </option>
                    {teams
                        .into_iter()
                        .map(|t| {
                            let value = t.id.to_string();
                            let selected = value == selected_team;
                            view! {
                                <option value=value selected=selected>
                                    {t.name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="filter">
                <span class="filter-label">"Status"</span>
                <select name="status" on:change=submit>
                    <option value="" selected=selected_status.is_empty()>
                        "Any status"
                    </option>
                    {ReleaseStatus::ALL
                        .map(|s| {
                            view! {
                                <option value=s.as_str() selected=s.as_str() == selected_status>
                                    {s.label()}
                                </option>
                            }
                        })}
                </select>
            </label>
            <label class="filter">
                <span class="filter-label">"Kind"</span>
                <select name="kind" on:change=submit>
                    <option value="" selected=selected_kind.is_empty()>
                        "Any kind"
                    </option>
                    {ReleaseKind::ALL
                        .map(|k| {
                            view! {
                                <option value=k.as_str() selected=k.as_str() == selected_kind>
                                    {k.label()}
                                </option>
                            }
                        })}
                </select>
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
