//! One release on the calendar: a link that opens it, which can be dragged to another day or
//! moved with the arrow keys (Enter confirms, Escape cancels).

use super::moves::{MoveRequest, Rescheduler};
use crate::components::badges::ConflictBadge;
use crate::domain::{Conflict, Release, Team};
use chrono::{Days, NaiveDate};
use leptos::prelude::*;

/// The id of the hidden text that explains keyboard moves to screen-reader users.
pub const MOVE_HINT_ID: &str = "move-hint";

/// The mime type carrying a dragged release's id.
pub const DRAG_TYPE: &str = "text/plain";

fn shifted(day: NaiveDate, by: i64) -> NaiveDate {
    if by >= 0 {
        day + Days::new(by as u64)
    } else {
        day - Days::new(by.unsigned_abs())
    }
}

#[component]
pub fn ReleaseChip(
    release: Release,
    team: Option<Team>,
    conflicts: Vec<Conflict>,
    href: String,
    /// Whether the viewer may reschedule it (drag or arrow keys); the server checks again.
    movable: bool,
) -> impl IntoView {
    let mover = expect_context::<Rescheduler>();
    let id = release.id;
    let target = release.schedule.target();
    let (team_name, colour) = team
        .map(|t| (t.name, t.colour.as_str().to_owned()))
        .unwrap_or_else(|| ("Unknown team".into(), "#888888".into()));
    let status = release.status;
    // Read after the title by screen readers; the link's name stays its visible text plus this.
    let details = format!(
        ", {team_name}, {}, {}",
        status.label(),
        target.format("%a %-d %b")
    );
    let window = release
        .schedule
        .window_end()
        .map(|end| format!("until {}", end.format("%-d %b")));
    let request = StoredValue::new(release.clone());

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if !movable {
            return;
        }
        let step = match ev.key().as_str() {
            "ArrowLeft" => -1,
            "ArrowRight" => 1,
            "ArrowUp" => -7,
            "ArrowDown" => 7,
            "Enter" => {
                if let Some(day) = mover.pending_for(id) {
                    ev.prevent_default();
                    mover.pending.set(None);
                    mover.submit(MoveRequest::of(&request.get_value(), day));
                }
                return;
            }
            "Escape" => {
                if mover.pending_for(id).is_some() {
                    ev.prevent_default();
                    mover.pending.set(None);
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        let from = mover.pending_for(id).unwrap_or(target);
        mover.pending.set(Some((id, shifted(from, step))));
    };
    let on_dragstart = move |ev: leptos::ev::DragEvent| {
        if let Some(dt) = ev.data_transfer() {
            let _ = dt.set_data(DRAG_TYPE, &id.to_string());
            dt.set_effect_allowed("move");
        }
    };
    let on_blur = move |_| {
        if mover.pending_for(id).is_some() {
            mover.pending.set(None);
        }
    };
    let preview = move || {
        mover.pending_for(id).map(|day| {
            view! { <span class="chip-preview">{format!("→ {}", day.format("%a %-d %b"))}</span> }
        })
    };

    view! {
        <a
            class=format!("chip status-{}", status.as_str())
            class:moving=move || mover.pending_for(id).is_some()
            href=href
            draggable=if movable { "true" } else { "false" }
            data-release-id=id.to_string()
            style=format!("--team: {colour}")
            aria-describedby=movable.then_some(MOVE_HINT_ID)
            title=format!("{} · {} · {}", release.title, team_name, status.label())
            on:keydown=on_keydown
            on:dragstart=on_dragstart
            on:blur=on_blur
        >
            <span class="chip-status" aria-hidden="true">
                {status.icon()}
            </span>
            <span class="chip-title">{release.title.to_string()}</span>
            <span class="visually-hidden">{details}</span>
            {window.map(|w| view! { <span class="chip-window">{w}</span> })}
            {(!conflicts.is_empty()).then(|| view! { <ConflictBadge conflicts /> })}
            {preview}
        </a>
    }
}
