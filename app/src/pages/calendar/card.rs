//! The card a chip shows on hover or focus: the full title, team, status, dates, owner and
//! conflicts, which a chip has no room for. Its code is fetched with the first card shown.

use crate::components::badges::StatusBadge;
use crate::domain::calendar::relative_day;
use crate::domain::dates::Show;
use crate::domain::{CalendarItem, Conflict};
use chrono::NaiveDate;
use leptos::lazy;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Card width as the stylesheet sets it, to keep the card on screen.
const CARD_WIDTH: f64 = 320.0;
/// About a card's height, to decide whether it fits below its chip.
const CARD_HEIGHT: f64 = 200.0;

/// The card of `item`, placed by its chip. `team` names the team, and the other releases'
/// teams in the conflicts' words are already named in `conflicts`.
#[lazy]
pub fn chip_card(
    item: CalendarItem,
    team: String,
    conflicts: Vec<String>,
    today: NaiveDate,
) -> AnyView {
    let place = placement(&item);
    let target = item.schedule.target();
    let overdue = item.conflicts.contains(&Conflict::Overdue);
    let when = match item.schedule.window_end() {
        Some(end) => format!(
            "{} – {}",
            target.show("%a %-d %b %Y"),
            end.show("%a %-d %b")
        ),
        None => target.show("%a %-d %b %Y"),
    };
    let relative = if overdue {
        format!("overdue since {}", relative_day(target, today))
    } else {
        relative_day(target, today)
    };
    let owner = if item.owner.as_str().is_empty() {
        "No owner named".to_owned()
    } else {
        format!("Owner: {}", item.owner)
    };
    view! {
        <div class="chip-card" aria-hidden="true" style=place>
            <p class="card-title">{item.title.to_string()}</p>
            <p class="card-meta">
                <StatusBadge status=item.status />
                <span>{team}</span>
            </p>
            <p class="card-when">
                {when}
                " · "
                <span class:overdue-text=overdue>{relative}</span>
            </p>
            <p class="card-owner">{owner}</p>
            {(!conflicts.is_empty()).then(|| view! {
                <ul class="card-conflicts">
                    {conflicts.into_iter().map(|c| view! { <li>"⚠ " {c}</li> }).collect_view()}
                </ul>
            })}
        </div>
    }
    .into_any()
}

/// Where the card goes: below its chip, or above it when the window has no room below, and
/// never past the window's right edge.
fn placement(item: &CalendarItem) -> String {
    let selector = format!("a.chip[data-release-id=\"{}\"]", item.id);
    let Some(chip) = document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return "display: none".into();
    };
    let rect = chip.get_bounding_client_rect();
    let w = window();
    let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64());
    let width = size(w.inner_width()).unwrap_or(1280.0);
    let height = size(w.inner_height()).unwrap_or(800.0);
    // Whole pixels, written as integers.
    let left = rect.left().min(width - CARD_WIDTH - 8.0).max(8.0) as i32;
    if rect.bottom() + CARD_HEIGHT < height {
        format!("left: {left}px; top: {}px", (rect.bottom() + 6.0) as i32)
    } else {
        format!(
            "left: {left}px; bottom: {}px",
            (height - rect.top() + 6.0) as i32
        )
    }
}
