//! Reading the calendar and the marketing view.

use crate::domain::calendar::{CalendarView, DateSpan};
use crate::domain::{CalendarItem, Release, ReleaseFilter, Team};
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything one calendar page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarData {
    pub span: DateSpan,
    pub today: NaiveDate,
    pub teams: Vec<Team>,
    /// Releases in the span that match the filter, by target date, each with the rules it
    /// breaks (judged against every release in the span, filtered out or not).
    pub releases: Vec<CalendarItem>,
}

/// The releases a view shows around `anchor`, filtered.
#[server(endpoint = "load_calendar")]
pub async fn load_calendar(
    view: CalendarView,
    anchor: NaiveDate,
    // An empty filter posts no fields at all, so it must be allowed to be missing.
    #[server(default)] filter: ReleaseFilter,
) -> Result<CalendarData, AppError> {
    use super::support::{from_store, principal, store};
    use crate::domain::calendar::visible_span;
    use crate::domain::conflict::find_conflicts;

    principal()?;
    let store = store()?;
    let span = visible_span(view, anchor);
    let today = chrono::Utc::now().date_naive();
    let teams = store.teams().await.map_err(|e| from_store(e, "Teams"))?;
    let all = store
        .releases_between(span)
        .await
        .map_err(|e| from_store(e, "Releases"))?;
    let mut conflicts = find_conflicts(&all, today);
    let releases = all
        .iter()
        .filter(|r| filter.matches(r))
        .map(|r| CalendarItem::of(r, conflicts.remove(&r.id).unwrap_or_default()))
        .collect();
    Ok(CalendarData {
        span,
        today,
        teams,
        releases,
    })
}

/// Every team, in display order.
#[server(endpoint = "load_teams")]
pub async fn load_teams() -> Result<Vec<Team>, AppError> {
    use super::support::{from_store, principal, store};
    principal()?;
    store()?.teams().await.map_err(|e| from_store(e, "Teams"))
}

/// The marketing view: public releases from this week on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShipsData {
    pub today: NaiveDate,
    pub teams: Vec<Team>,
    pub releases: Vec<Release>,
}

/// How far ahead "What ships when" looks.
pub const SHIPS_HORIZON_WEEKS: u64 = 26;

#[server(endpoint = "load_ships")]
pub async fn load_ships() -> Result<ShipsData, AppError> {
    use super::support::{from_store, principal, store};
    use crate::domain::calendar::monday_of;

    principal()?;
    let store = store()?;
    let today = chrono::Utc::now().date_naive();
    let from = monday_of(today);
    let span = DateSpan {
        from,
        to: from + chrono::Days::new(SHIPS_HORIZON_WEEKS * 7 - 1),
    };
    let teams = store.teams().await.map_err(|e| from_store(e, "Teams"))?;
    let releases = store
        .releases_between(span)
        .await
        .map_err(|e| from_store(e, "Releases"))?
        .iter()
        .filter(|r| {
            r.public && r.status.confidence().is_some() && span.contains(r.schedule.target())
        })
        .cloned()
        .collect();
    Ok(ShipsData {
        today,
        teams,
        releases,
    })
}
