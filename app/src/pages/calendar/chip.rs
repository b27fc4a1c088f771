//! One release on the calendar: a link that opens it, which can be dragged to another day or
//! moved with the arrow keys (Enter confirms, Escape cancels).
//!
//! A calendar page holds hundreds of chips, so chips are plain markup written in one go
//! ([`ChipWriter`]), with no event handlers of their own: the month grid and the timeline listen
//! once for all of them (`ChipEvents`, in `chip_events.rs`).

use super::CalendarContext;
use crate::domain::dates::Show;
use crate::domain::{Action, CalendarItem, Conflict, ReleaseStatus, Schedule, Team, TeamId};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// The id of the hidden text that explains keyboard moves to screen-reader users.
pub const MOVE_HINT_ID: &str = "move-hint";

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::CalendarData;
    use crate::domain::calendar::{CalendarView, DateSpan};
    use crate::domain::{Colour, ReleaseId, Team, TeamId, Title};
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
}
