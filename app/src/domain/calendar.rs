//! Calendar arithmetic and layout: which days a view shows, and where each release sits.

use super::dates::{self, Show};
use super::{Release, Schedule, TeamId};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CalendarView {
    #[default]
    Month,
    /// A rolling window around its anchor (today, unless stepped): four weeks back, twelve
    /// ahead, on one timeline that scrolls sideways.
    Timeline,
    Quarter,
}

/// Whole weeks the rolling timeline shows before and after its anchor's week.
const TIMELINE_WEEKS_BEFORE: u64 = 4;
const TIMELINE_WEEKS_AFTER: u64 = 12;
/// How far the rolling timeline steps.
const TIMELINE_STEP_WEEKS: u64 = 4;

impl CalendarView {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Month => "month",
            Self::Timeline => "timeline",
            Self::Quarter => "quarter",
        }
    }

    pub fn parse(raw: &str) -> Self {
        match raw {
            "quarter" => Self::Quarter,
            "timeline" => Self::Timeline,
            _ => Self::Month,
        }
    }

    /// Whether releases show as bars on team lanes (rather than in a month grid).
    pub fn is_timeline(self) -> bool {
        matches!(self, Self::Timeline | Self::Quarter)
    }

    /// What one step of the view is called ("Next month").
    pub fn unit(self) -> &'static str {
        match self {
            Self::Month => "month",
            Self::Timeline => "4 weeks",
            Self::Quarter => "quarter",
        }
    }
}

/// An inclusive range of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateSpan {
    #[serde(deserialize_with = "super::dates::de::day")]
    pub from: NaiveDate,
    #[serde(deserialize_with = "super::dates::de::day")]
    pub to: NaiveDate,
}

impl DateSpan {
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let to = self.to;
        self.from.iter_days().take_while(move |d| *d <= to)
    }

    pub fn day_count(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// Whether the two spans share a day.
    pub fn overlaps(&self, other: DateSpan) -> bool {
        self.from <= other.to && other.from <= self.to
    }
}

pub fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).expect("every month has a first day")
}

pub fn first_of_quarter(day: NaiveDate) -> NaiveDate {
    let month = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), month, 1).expect("quarters start on valid days")
}

pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

pub fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The days a view shows around `anchor`: whole weeks covering the month, or the quarter;
/// never days outside the years dates may have (the first and last month's weeks stop there).
pub fn visible_span(view: CalendarView, anchor: NaiveDate) -> DateSpan {
    let span = match view {
        CalendarView::Month => {
            let first = first_of_month(anchor);
            let last = first + Months::new(1) - Days::new(1);
            DateSpan {
                from: monday_of(first),
                to: monday_of(last) + Days::new(6),
            }
        }
        CalendarView::Timeline => {
            let week = monday_of(anchor);
            DateSpan {
                from: week
                    .checked_sub_days(Days::new(7 * TIMELINE_WEEKS_BEFORE))
                    .unwrap_or(dates::FIRST_DAY),
                to: week
                    .checked_add_days(Days::new(7 * (TIMELINE_WEEKS_AFTER + 1) - 1))
                    .unwrap_or(dates::LAST_DAY),
            }
        }
        CalendarView::Quarter => {
            let first = first_of_quarter(anchor);
            DateSpan {
                from: first,
                to: first + Months::new(3) - Days::new(1),
            }
        }
    };
    DateSpan {
        from: span.from.max(dates::FIRST_DAY),
        to: span.to.min(dates::LAST_DAY),
    }
}

/// The anchor of the previous (`step` = -1) or next (`step` = 1) page of a view.
pub fn step(view: CalendarView, anchor: NaiveDate, step: i32) -> NaiveDate {
    let (months, base) = match view {
        CalendarView::Month => (1, first_of_month(anchor)),
        CalendarView::Quarter => (3, first_of_quarter(anchor)),
        CalendarView::Timeline => {
            let weeks = Days::new(7 * TIMELINE_STEP_WEEKS * u64::from(step.unsigned_abs()));
            let week = monday_of(anchor);
            let moved = if step >= 0 {
                week.checked_add_days(weeks)
            } else {
                week.checked_sub_days(weeks)
            };
            return moved.unwrap_or(week);
        }
    };
    let delta = Months::new(months * step.unsigned_abs());
    if step >= 0 {
        base + delta
    } else {
        base - delta
    }
}

/// A human title for the page a view shows: "March 2026" or "Q1 2026 (Jan – Mar)".
pub fn view_title(view: CalendarView, anchor: NaiveDate) -> String {
    match view {
        CalendarView::Month => anchor.show("%B %Y"),
        CalendarView::Timeline => {
            let span = visible_span(view, anchor);
            let from = if span.from.year() == span.to.year() {
                "%-d %b"
            } else {
                "%-d %b %Y"
            };
            format!("{} – {}", span.from.show(from), span.to.show("%-d %b %Y"))
        }
        CalendarView::Quarter => {
            let first = first_of_quarter(anchor);
            let last = first + Months::new(2);
            format!(
                "Q{} {} ({} – {})",
                first.month0() / 3 + 1,
                first.year(),
                first.show("%b"),
                last.show("%b")
            )
        }
    }
}

/// The month grid: weeks of seven days, Monday first.
pub fn month_weeks(anchor: NaiveDate) -> Vec<Vec<NaiveDate>> {
    let span = visible_span(CalendarView::Month, anchor);
    let days: Vec<NaiveDate> = span.days().collect();
    days.chunks(7).map(<[NaiveDate]>::to_vec).collect()
}

/// A release placed on the quarter timeline: its column range in days from the span start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub index: usize,
    pub start: usize,
    /// Days the release occupies inside the span.
    pub span: usize,
    /// Columns kept free for it, at least `min_columns`, so its label has room.
    pub reserve: usize,
}

/// One team's swimlane: rows of releases that do not overlap each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    pub team_id: TeamId,
    pub rows: Vec<Vec<Placement>>,
}

/// Packs each team's releases (given as team and schedule) into as few rows as possible inside
/// `span`, giving each at least `min_columns` columns (a label's room, which may run past the
/// span's last day: the timeline keeps that many columns after it, so nothing is cut).
/// Releases are referred to by their position in `releases`; those outside the span or of
/// unknown teams are left out.
pub fn lay_out_lanes(
    teams: &[TeamId],
    releases: impl IntoIterator<Item = (TeamId, Schedule)>,
    span: DateSpan,
    min_columns: usize,
) -> Vec<Lane> {
    let mut by_team: Vec<Vec<Placement>> = vec![Vec::new(); teams.len()];
    let team_pos = |id: TeamId| teams.iter().position(|t| *t == id);
    for (index, (team_id, s)) in releases.into_iter().enumerate() {
        if !s.overlaps(span.from, span.to) {
            continue;
        }
        let Some(pos) = team_pos(team_id) else {
            continue;
        };
        let start = s.target().max(span.from);
        let end = s.last_day().min(span.to);
        let start_col = (start - span.from).num_days() as usize;
        let days = ((end - start).num_days() + 1) as usize;
        by_team[pos].push(Placement {
            index,
            start: start_col,
            span: days,
            reserve: days.max(min_columns),
        });
    }
    teams
        .iter()
        .zip(by_team)
        .map(|(team_id, mut placed)| {
            placed.sort_by_key(|p| (p.start, std::cmp::Reverse(p.span), p.index));
            let mut rows: Vec<Vec<Placement>> = Vec::new();
            for p in placed {
                let free = rows.iter_mut().find(|row| {
                    row.last()
                        .is_none_or(|last: &Placement| last.start + last.reserve <= p.start)
                });
                match free {
                    Some(row) => row.push(p),
                    None => rows.push(vec![p]),
                }
            }
            Lane {
                team_id: *team_id,
                rows,
            }
        })
        .collect()
}

/// Puts releases in the order "What ships when" lists them: by target day, then by title
/// regardless of case. The server does this, so the browser needs no Unicode case tables.
pub fn in_ship_order(releases: &mut [Release]) {
    releases.sort_by_cached_key(|r| (r.schedule.target(), r.title.as_str().to_lowercase()));
}

/// Groups releases, given in ship order ([`in_ship_order`]), by the Monday of their target
/// week.
pub fn group_by_week(releases: &[Release]) -> Vec<(NaiveDate, Vec<&Release>)> {
    let mut weeks: Vec<(NaiveDate, Vec<&Release>)> = Vec::new();
    for release in releases {
        let monday = monday_of(release.schedule.target());
        match weeks.last_mut() {
            Some((week, list)) if *week == monday => list.push(release),
            _ => weeks.push((monday, vec![release])),
        }
    }
    weeks
}

/// "today", "tomorrow", "in 3 days", "yesterday", "5 days ago".
pub fn relative_day(day: NaiveDate, today: NaiveDate) -> String {
    match (day - today).num_days() {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        -1 => "yesterday".to_owned(),
        n if n > 1 => format!("in {n} days"),
        n => format!("{} days ago", -n),
    }
}

#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;
    use crate::domain::release::ReleaseId;
    use crate::domain::{Description, OwnerName, ReleaseKind, ReleaseStatus, Schedule, Title};
    use chrono::Utc;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    pub(crate) fn release(id: i64, team: i64, from: &str, to: Option<&str>) -> Release {
        Release {
            id: ReleaseId(id),
            team_id: TeamId(team),
            title: Title::parse(&format!("Release {id}")).unwrap(),
            kind: ReleaseKind::Feature,
            description: Description::parse("").unwrap(),
            schedule: Schedule::new(d(from), to.map(d)).unwrap(),
            status: ReleaseStatus::Planned,
            public: true,
            owner: OwnerName::parse("").unwrap(),
            version: crate::domain::Version(1),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            date_moved_at: None,
            moved_from: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::release;
    use super::*;

    fn placed(releases: &[Release]) -> Vec<(TeamId, Schedule)> {
        releases.iter().map(|r| (r.team_id, r.schedule)).collect()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn month_view_covers_whole_weeks() {
        let span = visible_span(CalendarView::Month, d("2026-03-18"));
        assert_eq!(span.from, d("2026-02-23"));
        assert_eq!(span.to, d("2026-04-05"));
        assert_eq!(span.from.weekday(), Weekday::Mon);
        assert_eq!(month_weeks(d("2026-03-18")).len(), 6);
    }

    #[test]
    fn quarter_view_is_the_calendar_quarter() {
        let span = visible_span(CalendarView::Quarter, d("2026-11-27"));
        assert_eq!((span.from, span.to), (d("2026-10-01"), d("2026-12-31")));
        assert_eq!(span.day_count(), 92);
    }

    #[test]
    fn stepping_crosses_year_boundaries() {
        assert_eq!(
            step(CalendarView::Month, d("2026-12-31"), 1),
            d("2027-01-01")
        );
        assert_eq!(
            step(CalendarView::Quarter, d("2026-02-10"), -1),
            d("2025-10-01")
        );
    }

    #[test]
    fn titles_name_the_page() {
        assert_eq!(
            view_title(CalendarView::Month, d("2026-03-18")),
            "March 2026"
        );
        assert_eq!(
            view_title(CalendarView::Quarter, d("2026-11-27")),
            "Q4 2026 (Oct – Dec)"
        );
    }

    #[test]
    fn overlapping_releases_of_a_team_stack_in_rows() {
        let span = visible_span(CalendarView::Quarter, d("2026-01-01"));
        let releases = vec![
            release(1, 1, "2026-01-05", Some("2026-01-09")),
            release(2, 1, "2026-01-07", None),
            release(3, 1, "2026-01-10", None),
            release(4, 2, "2026-01-07", None),
            release(5, 1, "2026-05-01", None),
        ];
        let lanes = lay_out_lanes(&[TeamId(1), TeamId(2)], placed(&releases), span, 1);
        let rows: Vec<Vec<usize>> = lanes[0]
            .rows
            .iter()
            .map(|r| r.iter().map(|p| p.index).collect())
            .collect();
        assert_eq!(rows, vec![vec![0, 2], vec![1]]);
        assert_eq!(
            lanes[0].rows[0][0],
            Placement {
                index: 0,
                start: 4,
                span: 5,
                reserve: 5
            }
        );
        assert_eq!(lanes[1].rows.len(), 1);
    }

    #[test]
    fn label_room_pushes_close_releases_to_another_row() {
        let span = visible_span(CalendarView::Quarter, d("2026-01-01"));
        let releases = vec![
            release(1, 1, "2026-01-05", None),
            release(2, 1, "2026-01-08", None),
            release(3, 1, "2026-01-12", None),
        ];
        let lanes = lay_out_lanes(&[TeamId(1)], placed(&releases), span, 7);
        let rows: Vec<Vec<usize>> = lanes[0]
            .rows
            .iter()
            .map(|r| r.iter().map(|p| p.index).collect())
            .collect();
        assert_eq!(rows, vec![vec![0, 2], vec![1]]);
        let last_day = lay_out_lanes(
            &[TeamId(1)],
            placed(&[release(4, 1, "2026-03-31", None)]),
            span,
            7,
        );
        assert_eq!(
            last_day[0].rows[0][0].reserve, 7,
            "the label runs past the last day"
        );
    }

    #[test]
    fn releases_crossing_the_span_edge_are_clipped() {
        let span = visible_span(CalendarView::Quarter, d("2026-04-01"));
        let releases = vec![release(1, 1, "2026-03-30", Some("2026-04-02"))];
        let lanes = lay_out_lanes(&[TeamId(1)], placed(&releases), span, 1);
        assert_eq!(
            lanes[0].rows[0][0],
            Placement {
                index: 0,
                start: 0,
                span: 2,
                reserve: 2
            }
        );
    }

    #[test]
    fn weeks_group_by_monday_in_order() {
        let mut releases = vec![
            release(1, 1, "2026-03-20", None),
            release(2, 1, "2026-03-16", None),
            release(3, 1, "2026-03-23", None),
        ];
        in_ship_order(&mut releases);
        let weeks = group_by_week(&releases);
        assert_eq!(weeks.len(), 2);
        assert_eq!(weeks[0].0, d("2026-03-16"));
        assert_eq!(
            weeks[0].1.iter().map(|r| r.id.0).collect::<Vec<_>>(),
            vec![2, 1]
        );
    }

    #[test]
    fn ships_are_listed_by_day_then_title_regardless_of_case() {
        let mut releases = vec![
            release(1, 1, "2026-03-17", None),
            release(2, 1, "2026-03-16", None),
            release(3, 1, "2026-03-16", None),
        ];
        releases[1].title = crate::domain::Title::parse("beta").unwrap();
        releases[2].title = crate::domain::Title::parse("Alpha").unwrap();
        in_ship_order(&mut releases);
        assert_eq!(
            releases.iter().map(|r| r.id.0).collect::<Vec<_>>(),
            vec![3, 2, 1]
        );
    }

    #[test]
    fn relative_days_read_naturally() {
        let today = d("2026-03-12");
        assert_eq!(relative_day(d("2026-03-15"), today), "in 3 days");
        assert_eq!(relative_day(d("2026-03-13"), today), "tomorrow");
        assert_eq!(relative_day(d("2026-03-10"), today), "2 days ago");
    }

    #[test]
    fn the_rolling_timeline_shows_whole_weeks_around_its_anchor_and_steps_by_four_weeks() {
        let anchor = d("2026-12-07");
        let span = visible_span(CalendarView::Timeline, anchor);
        assert_eq!(span.from, d("2026-11-09"));
        assert_eq!(span.to, d("2027-03-07"));
        assert_eq!(span.day_count(), 7 * 17);
        assert_eq!(
            step(CalendarView::Timeline, d("2026-12-09"), 1),
            d("2027-01-04")
        );
        assert_eq!(step(CalendarView::Timeline, anchor, -1), d("2026-11-09"));
        assert_eq!(
            view_title(CalendarView::Timeline, anchor),
            "9 Nov 2026 – 7 Mar 2027"
        );
        assert_eq!(
            view_title(CalendarView::Timeline, d("2027-05-05")),
            "5 Apr – 1 Aug 2027"
        );
        assert_eq!(CalendarView::parse("timeline"), CalendarView::Timeline);
        let last = visible_span(CalendarView::Timeline, dates::LAST_DAY);
        assert_eq!(last.to, dates::LAST_DAY);
    }
}
