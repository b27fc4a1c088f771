//! The chips' handlers, attached once to the element holding them (the month grid, the
//! timeline): keyboard moves (arrow keys choose a day, Enter moves, Escape cancels), drags,
//! focus kept across redraws, the hover and focus card, and the mark on the open release.

use super::CalendarContext;
use super::card::chip_card;
use super::chip::team_name;
use super::moves::{MoveRequest, Rescheduler};
use super::query::Panel;
use crate::domain::ReleaseId;
use crate::domain::dates::Show;
use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The mime type carrying a dragged release's id.
pub const DRAG_TYPE: &str = "text/plain";

/// The chips' keyboard, drag and hover handlers, attached once to the element holding them.
#[derive(Clone, Copy)]
pub struct ChipEvents {
    mover: Rescheduler,
    context: StoredValue<CalendarContext>,
    /// What the side panel shows: the chip of the release open in it is marked.
    panel: Memo<Panel>,
    /// The chip whose card shows (hovered or focused).
    card: RwSignal<Option<ReleaseId>>,
}

impl ChipEvents {
    pub fn new(
        context: StoredValue<CalendarContext>,
        mover: Rescheduler,
        panel: Memo<Panel>,
    ) -> Self {
        Self {
            mover,
            context,
            panel,
            card: RwSignal::new(None),
        }
    }

    /// Marks the chip of the open release (and unmarks the one before) under `root`. Call it
    /// from an effect that also runs when the chips are drawn anew.
    pub fn mark_open(self, root: &web_sys::Element) {
        let open = match self.panel.get() {
            Panel::Edit(id) | Panel::ConfirmDelete(id) => Some(id),
            Panel::New(_) | Panel::Closed => None,
        };
        while let Ok(Some(chip)) = root.query_selector("a.chip[aria-current]") {
            let _ = chip.remove_attribute("aria-current");
        }
        if let Some(id) = open {
            let selector = format!("a.chip[data-release-id=\"{id}\"]");
            if let Ok(Some(chip)) = root.query_selector(&selector) {
                let _ = chip.set_attribute("aria-current", "true");
            }
        }
    }

    /// Shows the card of the chip under the pointer, or hides it off chips.
    pub fn mouseover(self, ev: leptos::ev::MouseEvent) {
        self.show_card(any_chip(ev.target()));
    }

    /// The card of the chip under the pointer or focused, if any, as its lazily loaded view.
    pub fn card(self) -> impl IntoView {
        let (card, context, mover) = (self.card, self.context, self.mover);
        move || {
            card.get()
                .and_then(|id| context.with_value(|c| c.item(id)))
                .map(|item| {
                    let item = mover.effective(&item);
                    let (team, conflicts, today) = context.with_value(|c| {
                        let name = |id| team_name(&c.teams, id);
                        let conflicts = item.conflicts.iter().map(|k| k.message(name)).collect();
                        (name(item.team_id), conflicts, c.data.today)
                    });
                    Suspend::new(chip_card(item, team, conflicts, today))
                })
        }
    }

    pub fn hide_card(self) {
        self.show_card(None);
    }

    fn show_card(self, id: Option<ReleaseId>) {
        if self.card.get_untracked() != id {
            self.card.set(id);
        }
    }

    /// Arrow keys choose a day (←/→ one day, ↑/↓ one week), Enter moves, Escape cancels (and
    /// hides the card).
    pub fn keydown(self, ev: leptos::ev::KeyboardEvent) {
        if ev.key() == "Escape" {
            self.hide_card();
        }
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
        self.hide_card();
        if let (Some((_, id)), Some(dt)) = (movable_chip(ev.target()), ev.data_transfer()) {
            let _ = dt.set_data(DRAG_TYPE, &id.to_string());
            dt.set_effect_allowed("move");
        }
    }

    pub fn focusin(self, ev: leptos::ev::FocusEvent) {
        let chip = any_chip(ev.target());
        self.mover.focused.set_value(chip);
        self.show_card(chip);
    }

    /// Leaving a chip abandons its keyboard move. A chip that lost the focus because it was
    /// redrawn (someone's change arrived) has not been left: see [`Self::refocus`]. Chromium
    /// reports both the same way, while the chip is still in the document, so this is decided
    /// on the next frame, when a redrawn chip is gone.
    pub fn focusout(self, ev: leptos::ev::FocusEvent) {
        self.hide_card();
        let Some((chip, id)) = movable_chip(ev.target()) else {
            self.mover.focused.set_value(None);
            return;
        };
        let mover = self.mover;
        request_animation_frame(move || {
            if !chip.is_connected() {
                return;
            }
            if mover.focused.get_value() == Some(id) {
                mover.focused.set_value(None);
            }
            if mover.pending_for(id).is_some() {
                mover.pending.set(None);
                show_preview(&chip, None);
            }
        });
    }

    /// After the chips were drawn anew: if the focused chip was among the old ones (the focus
    /// fell back to the page), its successor takes the focus and the keyboard move in
    /// progress, so typing goes on where it was. At once when the new chips are in the
    /// document, so no key press in between is lost; else on the next frame (a view is built
    /// before it is mounted).
    pub fn refocus(self) {
        let mover = self.mover;
        if !restore_focus(mover) {
            request_animation_frame(move || {
                restore_focus(mover);
            });
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

/// Gives the focus back to the chip of the release that had it, if the focus fell back to the
/// page; false when that chip is not in the document (yet).
fn restore_focus(mover: Rescheduler) -> bool {
    let Some(id) = mover.focused.get_value() else {
        return true;
    };
    let body: Option<web_sys::Element> = document().body().map(Into::into);
    if document().active_element().is_some_and(|a| Some(a) != body) {
        return true;
    }
    let selector = format!("a.chip[data-release-id=\"{id}\"]");
    let Some(chip) = document().query_selector(&selector).ok().flatten() else {
        return false;
    };
    if let Some(chip) = chip.dyn_ref::<web_sys::HtmlElement>() {
        let _ = chip.focus();
    }
    if let Some(day) = mover.pending_for(id) {
        show_preview(&chip, Some(day));
    }
    true
}

/// The release of the chip (movable or not) an event happened on.
fn any_chip(target: Option<web_sys::EventTarget>) -> Option<ReleaseId> {
    let chip = target?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a.chip")
        .ok()??;
    Some(ReleaseId(
        chip.get_attribute("data-release-id")?.parse().ok()?,
    ))
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

    #[test]
    fn keyboard_steps_cross_month_ends() {
        let day: NaiveDate = "2026-03-01".parse().unwrap();
        assert_eq!(shifted(day, -1), "2026-02-28".parse::<NaiveDate>().unwrap());
        assert_eq!(shifted(day, 7), "2026-03-08".parse::<NaiveDate>().unwrap());
    }
}
