//! One release on the calendar: a link that opens it, which can be dragged to another day or
//! moved with the arrow keys (Enter confirms, Escape cancels).
//!
//! A calendar page holds hundreds of chips, so a chip's text is worked out once per page
//! ([`ChipModel`]) and chips carry no event handlers of their own: the month grid and the
//! timeline listen once for all of them ([`ChipEvents`]).

use super::CalendarContext;
use super::moves::{MoveRequest, Rescheduler};
use crate::domain::dates::Show;
use crate::domain::{Action, CalendarItem, Conflict, ReleaseId, ReleaseStatus};
use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The id of the hidden text that explains keyboard moves to screen-reader users.
pub const MOVE_HINT_ID: &str = "move-hint";

/// The mime type carrying a dragged release's id.
pub const DRAG_TYPE: &str = "text/plain";

/// What one chip shows, prepared from a calendar item.
#[derive(Clone, Debug, PartialEq)]
pub struct ChipModel {
    pub id: ReleaseId,
    status: ReleaseStatus,
    title: String,
    /// Read after the title by screen readers: team, status and day.
    details: String,
    colour: String,
    window: Option<String>,
    conflicts: Option<String>,
    href: String,
    /// Whether the viewer may reschedule it (drag or arrow keys); the server checks again.
    movable: bool,
}

impl ChipModel {
    pub fn new(ctx: &CalendarContext, item: &CalendarItem) -> Self {
        let (team_name, colour) = ctx
            .team(item.team_id)
            .map(|t| (t.name.as_str(), t.colour.as_str()))
            .unwrap_or(("Unknown team", "#888888"));
        let target = item.schedule.target();
        Self {
            id: item.id,
            status: item.status,
            title: item.title.to_string(),
            details: format!(
                ", {team_name}, {}, {}",
                item.status.label(),
                target.show("%a %-d %b")
            ),
            colour: format!("--team: {colour}"),
            window: item
                .schedule
                .window_end()
                .map(|end| format!("until {}", end.show("%-d %b"))),
            conflicts: (!item.conflicts.is_empty()).then(|| {
                item.conflicts
                    .iter()
                    .map(Conflict::message)
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
            href: ctx.release_href(item.id),
            movable: ctx.may(Action::RescheduleRelease, item.team_id),
        }
    }
}

/// A chip; `placement` is extra inline style (the timeline's grid position).
pub fn release_chip(
    chip: ChipModel,
    placement: Option<String>,
    mover: Rescheduler,
) -> impl IntoView {
    let id = chip.id;
    let style = match placement {
        Some(grid) => format!("{grid}; {}", chip.colour),
        None => chip.colour,
    };
    let tooltip = chip.title.clone();
    let preview = move || {
        mover.pending_for(id).map(|day| {
            view! { <span class="chip-preview">{format!("→ {}", day.show("%a %-d %b"))}</span> }
        })
    };
    view! {
        <a
            class=format!("chip status-{}", chip.status.as_str())
            class:moving=move || mover.pending_for(id).is_some()
            href=chip.href
            draggable=if chip.movable { "true" } else { "false" }
            data-release-id=id.0
            style=style
            aria-describedby=chip.movable.then_some(MOVE_HINT_ID)
            title=tooltip
        >
            <span class="chip-status" aria-hidden="true">
                {chip.status.icon()}
            </span>
            <span class="chip-title">{chip.title}</span>
            <span class="visually-hidden">{chip.details}</span>
            {chip.window.map(|w| view! { <span class="chip-window">{w}</span> })}
            {chip.conflicts.map(|text| view! {
                <span class="conflict-badge" title=text.clone()>
                    <span aria-hidden="true">"⚠"</span>
                    <span class="visually-hidden">{format!("Conflict: {text}")}</span>
                </span>
            })}
            {preview}
        </a>
    }
}

/// The chips' keyboard and drag handlers, attached once to the element holding them.
#[derive(Clone, Copy)]
pub struct ChipEvents {
    mover: Rescheduler,
    context: StoredValue<CalendarContext>,
}

impl ChipEvents {
    pub fn new(context: StoredValue<CalendarContext>) -> Self {
        Self {
            mover: expect_context::<Rescheduler>(),
            context,
        }
    }

    /// Arrow keys choose a day (←/→ one day, ↑/↓ one week), Enter moves, Escape cancels.
    pub fn keydown(self, ev: leptos::ev::KeyboardEvent) {
        let Some(id) = movable_chip(ev.target()) else {
            return;
        };
        let mover = self.mover;
        let step = match ev.key().as_str() {
            "ArrowLeft" => -1,
            "ArrowRight" => 1,
            "ArrowUp" => -7,
            "ArrowDown" => 7,
            "Enter" => {
                if let Some(day) = mover.pending_for(id) {
                    ev.prevent_default();
                    mover.pending.set(None);
                    if let Some(item) = self.context.with_value(|c| c.item(id)) {
                        mover.submit(MoveRequest::of(&item, day));
                    }
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
        let Some(item) = self.context.with_value(|c| c.item(id)) else {
            return;
        };
        ev.prevent_default();
        let from = mover
            .pending_for(id)
            .unwrap_or_else(|| mover.effective(&item).schedule.target());
        mover.pending.set(Some((id, shifted(from, step))));
    }

    pub fn dragstart(self, ev: leptos::ev::DragEvent) {
        if let (Some(id), Some(dt)) = (movable_chip(ev.target()), ev.data_transfer()) {
            let _ = dt.set_data(DRAG_TYPE, &id.to_string());
            dt.set_effect_allowed("move");
        }
    }

    /// Leaving a chip abandons its keyboard move.
    pub fn focusout(self, ev: leptos::ev::FocusEvent) {
        if let Some(id) = movable_chip(ev.target())
            && self.mover.pending_for(id).is_some()
        {
            self.mover.pending.set(None);
        }
    }

    /// Moves the release dropped here (its id is in the drag data) to `day`.
    pub fn drop_on(self, ev: &leptos::ev::DragEvent, day: NaiveDate) {
        let Some(id) = ev
            .data_transfer()
            .and_then(|dt| dt.get_data(DRAG_TYPE).ok())
            .and_then(|raw| raw.parse::<i64>().ok())
        else {
            return;
        };
        if let Some(item) = self.context.with_value(|c| c.item(ReleaseId(id))) {
            let mover = self.mover;
            mover.submit(MoveRequest::of(&mover.effective(&item), day));
        }
    }
}

/// The release of the movable chip an event happened on.
fn movable_chip(target: Option<web_sys::EventTarget>) -> Option<ReleaseId> {
    let chip = target?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a.chip[draggable=true]")
        .ok()??;
    chip.get_attribute("data-release-id")?
        .parse()
        .ok()
        .map(ReleaseId)
}

fn shifted(day: NaiveDate, by: i64) -> NaiveDate {
    if by >= 0 {
        day + Days::new(by as u64)
    } else {
        day - Days::new(by.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyboard_steps_cross_month_ends() {
        let day: NaiveDate = "2026-03-01".parse().unwrap();
        assert_eq!(shifted(day, -1), "2026-02-28".parse::<NaiveDate>().unwrap());
        assert_eq!(shifted(day, 7), "2026-03-08".parse::<NaiveDate>().unwrap());
    }
}
