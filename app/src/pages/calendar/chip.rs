//! One release on the calendar: a link that opens it, which can be dragged to another day or
//! moved with the arrow keys (Enter confirms, Escape cancels).
//!
//! A calendar page holds hundreds of chips, so chips are plain markup written in one go
//! ([`ChipWriter`]), with no event handlers of their own: the month grid and the timeline listen
//! once for all of them ([`ChipEvents`]).

use super::CalendarContext;
use super::card::chip_card;
use super::moves::{MoveRequest, Rescheduler};
use super::query::Panel;
use crate::domain::dates::Show;
use crate::domain::{
    Action, CalendarItem, Conflict, ReleaseId, ReleaseStatus, Schedule, Team, TeamId,
};
use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// The id of the hidden text that explains keyboard moves to screen-reader users.
pub const MOVE_HINT_ID: &str = "move-hint";

/// The mime type carrying a dragged release's id.
pub const DRAG_TYPE: &str = "text/plain";

/// Writes chips' markup. What every chip of a page shares (the link prefix, team names, the
/// viewer's rights per team) is prepared once, and each chip's title is escaped once.
pub struct ChipWriter {
    href_prefix: String,
    /// Per team: its name, escaped, and whether the viewer may reschedule its releases (drag
    /// or arrow keys; the server checks again).
    teams: HashMap<TeamId, (String, bool)>,
    /// Team names as typed, for the conflicts' words (escaped with them).
    names: Arc<HashMap<TeamId, Team>>,
    /// Days as chips show them ("Sat 5 Dec", "5 Dec"), each formatted once.
    days: HashMap<NaiveDate, (String, String)>,
    title: String,
}

impl ChipWriter {
    pub fn new(ctx: &CalendarContext) -> Self {
        let escaped = |text: &str| {
            let mut out = String::with_capacity(text.len());
            push_escaped(&mut out, text);
            out
        };
        let teams = ctx
            .data
            .teams
            .iter()
            .map(|t| {
                let movable = ctx.may(Action::RescheduleRelease, t.id);
                (t.id, (escaped(&t.name), movable))
            })
            .collect();
        Self {
            href_prefix: escaped(ctx.release_link_prefix()),
            teams,
            names: ctx.teams.clone(),
            days: HashMap::new(),
            title: String::new(),
        }
    }

    /// Appends the chip of `item`, shown at `schedule` (its own, or where a move in flight puts
    /// it). `style` places it: the timeline's grid position, or the month's team colour. Its
    /// full details show in a card on hover or focus (see `chip_card`), not in a `title`.
    pub fn write(
        &mut self,
        out: &mut String,
        item: &CalendarItem,
        schedule: Schedule,
        style: &str,
    ) {
        const UNKNOWN_TEAM: (&str, bool) = ("Unknown team", false);
        let (team, may_move) = self
            .teams
            .get(&item.team_id)
            .map_or(UNKNOWN_TEAM, |(name, movable)| (name.as_str(), *movable));
        let movable = may_move && item.status.can_reschedule();
        self.title.clear();
        push_escaped(&mut self.title, item.title.as_str());
        let title = self.title.as_str();
        let mut number = itoa::Buffer::new();
        let id = number.format(item.id.0);

        out.push_str("<a class=\"");
        out.push_str(chip_class(item.status));
        if item.conflicts.contains(&Conflict::Overdue) {
            out.push_str(" overdue");
        }
        out.push_str("\" href=\"");
        out.push_str(&self.href_prefix);
        out.push_str(id);
        out.push_str(if movable {
            "\" draggable=\"true\" aria-describedby=\""
        } else {
            "\" draggable=\"false"
        });
        if movable {
            out.push_str(MOVE_HINT_ID);
        }
        out.push_str("\" data-release-id=\"");
        out.push_str(id);
        out.push_str("\" style=\"");
        push_escaped(out, style);
        // The link's name for screen readers: title, team, status, day and broken rules.
        out.push_str("\" aria-label=\"");
        for part in [title, team, item.status.label()] {
            out.push_str(part);
            out.push_str(", ");
        }
        out.push_str(&day_labels(&mut self.days, schedule.target()).0);
        if let Some(end) = schedule.window_end() {
            out.push_str(" until ");
            out.push_str(&day_labels(&mut self.days, end).1);
        }
        if !item.conflicts.is_empty() {
            out.push_str(". Conflict: ");
            push_conflicts(out, &item.conflicts, &self.names);
        }
        out.push_str("\"><span class=\"chip-status\" aria-hidden=\"true\">");
        out.push_str(item.status.icon());
        // The title on up to two lines, then the team in words as well as by colour.
        out.push_str("</span><span class=\"chip-text\"><span class=\"chip-title\">");
        out.push_str(title);
        // The space keeps the words apart in the chip's text, which its name must contain.
        out.push_str("</span> <span class=\"chip-team\" aria-hidden=\"true\">");
        out.push_str(team);
        out.push_str("</span></span>");
        if let Some(end) = schedule.window_end() {
            out.push_str("<span class=\"chip-window\">until ");
            out.push_str(&day_labels(&mut self.days, end).1);
            out.push_str("</span>");
        }
        if !item.conflicts.is_empty() {
            out.push_str("<span class=\"conflict-badge\" aria-hidden=\"true\">⚠</span>");
        }
        out.push_str("</a>");
    }
}

fn day_labels(
    days: &mut HashMap<NaiveDate, (String, String)>,
    day: NaiveDate,
) -> &(String, String) {
    days.entry(day)
        .or_insert_with(|| (day.show("%a %-d %b"), day.show("%-d %b")))
}

fn push_conflicts(out: &mut String, conflicts: &[Conflict], teams: &HashMap<TeamId, Team>) {
    for (i, conflict) in conflicts.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        push_escaped(out, &conflict.message(|id| team_name(teams, id)));
    }
}

/// The name of a team, as conflicts and cards show it.
pub fn team_name(teams: &HashMap<TeamId, Team>, id: TeamId) -> String {
    teams
        .get(&id)
        .map_or_else(|| "another team".to_owned(), |t| t.name.clone())
}

/// Escapes text for use in markup, in element content and in quoted attribute values alike.
pub fn push_escaped(out: &mut String, text: &str) {
    html_escape::encode_quoted_attribute_to_string(text, out);
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
            owner: crate::domain::OwnerName::parse("Mia").unwrap(),
            status: ReleaseStatus::AtRisk,
            schedule: Schedule::new(day("2026-12-05"), Some(day("2026-12-08"))).unwrap(),
            version: crate::domain::Version(3),
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
        let ctx = CalendarContext::new(std::sync::Arc::new(data), query, None);
        let mut html = String::new();
        ChipWriter::new(&ctx).write(&mut html, &item, item.schedule, "--team: #cf3030");
        assert_eq!(
            html,
            "<a class=\"chip status-at_risk\" href=\"/?view=month&amp;date=2026-12-01&amp;release=7\" \
             draggable=\"false\" data-release-id=\"7\" style=\"--team: #cf3030\" \
             aria-label=\"Adyen launch, Checkout, at risk, Sat 5 Dec until 8 Dec. Conflict: Ships on a weekend\">\
             <span class=\"chip-status\" aria-hidden=\"true\">▲</span>\
             <span class=\"chip-text\"><span class=\"chip-title\">Adyen launch</span> \
             <span class=\"chip-team\" aria-hidden=\"true\">Checkout</span></span><span class=\"chip-window\">until 8 Dec</span>\
             <span class=\"conflict-badge\" aria-hidden=\"true\">⚠</span></a>",
            "nobody is signed in, so the chip cannot be moved"
        );
    }

    #[test]
    fn chip_markup_escapes_what_people_typed() {
        let mut out = String::new();
        push_escaped(&mut out, r#"<img src=x onerror="a('b')"> & co"#);
        assert_eq!(
            out,
            "&lt;img src=x onerror=&quot;a(&#x27;b&#x27;)&quot;&gt; &amp; co"
        );
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
