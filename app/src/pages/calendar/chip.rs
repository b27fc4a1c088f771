//! One release on the calendar: a link that opens it, which can be dragged to another day or
//! moved with the arrow keys (Enter confirms, Escape cancels).
//!
//! A calendar page holds hundreds of chips, so a chip's text is worked out once per page
//! ([`ChipModel`]) and chips carry no event handlers of their own: the month grid and the
//! timeline listen once for all of them ([`ChipEvents`]).

use super::CalendarContext;
use super::moves::{MoveRequest, Rescheduler};
use crate::domain::dates::{Show, push_day};
use crate::domain::{Action, CalendarItem, Conflict, ReleaseId, ReleaseStatus, Schedule};
use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// The id of the hidden text that explains keyboard moves to screen-reader users.
pub const MOVE_HINT_ID: &str = "move-hint";

/// The mime type carrying a dragged release's id.
pub const DRAG_TYPE: &str = "text/plain";

/// What one chip shows, prepared from a calendar item. Text is shared (`Arc<str>`), so the
/// views built from a model copy no strings.
#[derive(Clone, Debug, PartialEq)]
pub struct ChipModel {
    pub id: ReleaseId,
    status: ReleaseStatus,
    title: Arc<str>,
    /// The link's name for screen readers: title, team, status, day and broken rules.
    label: Arc<str>,
    window: Option<Arc<str>>,
    conflicts: Option<Arc<str>>,
    href: Arc<str>,
    /// Whether the viewer may reschedule it (drag or arrow keys); the server checks again.
    movable: bool,
}

impl ChipModel {
    /// The chip of `item`, shown with `schedule` (its own, or where a move in flight puts it).
    pub fn new(ctx: &CalendarContext, item: &CalendarItem, schedule: Schedule) -> Self {
        let team_name = ctx
            .team(item.team_id)
            .map_or("Unknown team", |t| t.name.as_str());
        let window = schedule
            .window_end()
            .map(|end| format!("until {}", end.show("%-d %b")));
        let conflicts = (!item.conflicts.is_empty()).then(|| {
            item.conflicts
                .iter()
                .map(Conflict::message)
                .collect::<Vec<_>>()
                .join("; ")
        });
        let mut label = String::with_capacity(96);
        for part in [item.title.as_str(), team_name, item.status.label()] {
            label.push_str(part);
            label.push_str(", ");
        }
        push_day(&mut label, schedule.target(), "%a %-d %b");
        if let Some(window) = &window {
            label.push(' ');
            label.push_str(window);
        }
        if let Some(conflicts) = &conflicts {
            label.push_str(". Conflict: ");
            label.push_str(conflicts);
        }
        Self {
            id: item.id,
            status: item.status,
            title: item.title.as_str().into(),
            label: label.into(),
            window: window.map(Into::into),
            conflicts: conflicts.map(Into::into),
            href: ctx.release_href(item.id).into(),
            movable: ctx.may(Action::RescheduleRelease, item.team_id),
        }
    }
}

/// A chip. `style` places it: the timeline's grid position, or the month's team colour.
pub fn release_chip(chip: ChipModel, style: String) -> impl IntoView {
    let id = chip.id;
    let tooltip = chip.title.clone();
    view! {
        <a
            class=chip_class(chip.status)
            href=chip.href
            draggable=if chip.movable { "true" } else { "false" }
            data-release-id=id.0
            style=style
            aria-label=chip.label
            aria-describedby=chip.movable.then_some(MOVE_HINT_ID)
            title=tooltip
        >
            <span class="chip-status" aria-hidden="true">
                {chip.status.icon()}
            </span>
            <span class="chip-title">{chip.title}</span>
            {chip.window.map(|w| view! { <span class="chip-window">{w}</span> })}
            {chip.conflicts.map(|text| view! {
                <span class="conflict-badge" aria-hidden="true" title=text>
                    "⚠"
                </span>
            })}
        </a>
    }
}

fn chip_class(status: ReleaseStatus) -> &'static str {
    match status {
        ReleaseStatus::Planned => "chip status-planned",
        ReleaseStatus::AtRisk => "chip status-at_risk",
        ReleaseStatus::Ready => "chip status-ready",
        ReleaseStatus::Shipping => "chip status-shipping",
        ReleaseStatus::Shipped => "chip status-shipped",
        ReleaseStatus::RolledBack => "chip status-rolled_back",
        ReleaseStatus::Cancelled => "chip status-cancelled",
    }
}

/// The chips' keyboard and drag handlers, attached once to the element holding them.
#[derive(Clone, Copy)]
pub struct ChipEvents {
    mover: Rescheduler,
    context: StoredValue<CalendarContext>,
}

impl ChipEvents {
    pub fn new(context: StoredValue<CalendarContext>, mover: Rescheduler) -> Self {
        Self { mover, context }
    }

    /// Arrow keys choose a day (←/→ one day, ↑/↓ one week), Enter moves, Escape cancels.
    pub fn keydown(self, ev: leptos::ev::KeyboardEvent) {
        let Some((chip, id)) = movable_chip(ev.target()) else {
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
                    show_preview(&chip, None);
                    if let Some(item) = self.context.with_value(|c| c.item(id)) {
                        mover.submit(MoveRequest::of(&mover.effective(&item), day));
                    }
                }
                return;
            }
            "Escape" => {
                if mover.pending_for(id).is_some() {
                    ev.prevent_default();
                    mover.pending.set(None);
                    show_preview(&chip, None);
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
        let day = shifted(from, step);
        mover.pending.set(Some((id, day)));
        show_preview(&chip, Some(day));
    }

    pub fn dragstart(self, ev: leptos::ev::DragEvent) {
        if let (Some((_, id)), Some(dt)) = (movable_chip(ev.target()), ev.data_transfer()) {
            let _ = dt.set_data(DRAG_TYPE, &id.to_string());
            dt.set_effect_allowed("move");
        }
    }

    /// Leaving a chip abandons its keyboard move.
    pub fn focusout(self, ev: leptos::ev::FocusEvent) {
        if let Some((chip, id)) = movable_chip(ev.target())
            && self.mover.pending_for(id).is_some()
        {
            self.mover.pending.set(None);
            show_preview(&chip, None);
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

/// The movable chip an event happened on, and its release.
fn movable_chip(target: Option<web_sys::EventTarget>) -> Option<(web_sys::Element, ReleaseId)> {
    let chip = target?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a.chip[draggable=true]")
        .ok()??;
    let id = chip.get_attribute("data-release-id")?.parse().ok()?;
    Some((chip, ReleaseId(id)))
}

/// Marks a chip as being moved and shows the day it would go to (`None` clears both). Chips
/// are static markup, re-rendered whenever the calendar's data changes, so this is done on the
/// element itself rather than through a signal in each of hundreds of chips.
fn show_preview(chip: &web_sys::Element, day: Option<NaiveDate>) {
    let preview = chip.query_selector(".chip-preview").ok().flatten();
    let _ = chip.class_list().toggle_with_force("moving", day.is_some());
    match (day, preview) {
        (Some(day), existing) => {
            let preview = existing.or_else(|| {
                let span = document().create_element("span").ok()?;
                span.set_class_name("chip-preview");
                chip.append_child(&span).ok()?;
                Some(span)
            });
            if let Some(preview) = preview {
                preview.set_text_content(Some(&format!("→ {}", day.show("%a %-d %b"))));
            }
        }
        (None, Some(preview)) => preview.remove(),
        (None, None) => {}
    }
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
    use crate::api::CalendarData;
    use crate::domain::calendar::{CalendarView, DateSpan};
    use crate::domain::{Colour, Team, TeamId, Title};
    use leptos_router::params::ParamsMap;

    #[test]
    fn a_chip_names_everything_a_screen_reader_needs_and_links_to_its_release() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let item = CalendarItem {
            id: ReleaseId(7),
            team_id: TeamId(1),
            title: Title::parse("Adyen launch").unwrap(),
            status: ReleaseStatus::AtRisk,
            schedule: Schedule::new(day("2026-12-05"), Some(day("2026-12-08"))).unwrap(),
            version: 3,
            conflicts: vec![Conflict::Weekend],
        };
        let data = CalendarData {
            span: DateSpan {
                from: day("2026-12-01"),
                to: day("2026-12-31"),
            },
            today: day("2026-12-01"),
            teams: vec![Team {
                id: TeamId(1),
                name: "Checkout".into(),
                colour: Colour::parse("#cf3030").unwrap(),
            }],
            releases: vec![item.clone()],
        };
        let mut params = ParamsMap::new();
        params.insert("view".to_owned(), "month".to_owned());
        let query = super::super::query::CalendarQuery::from_params(&params, day("2026-12-01"));
        assert_eq!(query.view, CalendarView::Month);
        let ctx = CalendarContext::new(data, query, None);
        let chip = ChipModel::new(&ctx, &item, item.schedule);
        assert_eq!(
            &*chip.label,
            "Adyen launch, Checkout, at risk, Sat 5 Dec until 8 Dec. Conflict: Ships on a weekend"
        );
        assert_eq!(&*chip.href, "/?view=month&date=2026-12-01&release=7");
        assert!(!chip.movable, "nobody is signed in");
    }

    #[test]
    fn every_status_has_its_chip_class() {
        for status in ReleaseStatus::ALL {
            assert_eq!(
                chip_class(status),
                format!("chip status-{}", status.as_str())
            );
        }
    }

    #[test]
    fn keyboard_steps_cross_month_ends() {
        let day: NaiveDate = "2026-03-01".parse().unwrap();
        assert_eq!(shifted(day, -1), "2026-02-28".parse::<NaiveDate>().unwrap());
        assert_eq!(shifted(day, 7), "2026-03-08".parse::<NaiveDate>().unwrap());
    }
}
