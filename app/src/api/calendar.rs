//! Reading the calendar and the marketing view.

use crate::domain::calendar::CalendarView;
use crate::domain::dates;
use crate::domain::{Release, ReleaseFilter, Team};
use crate::error::AppError;
use crate::read::CalendarData;
#[cfg(feature = "ssr")]
use crate::read::ListingQuery;
use crate::wire::Json;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The releases a view shows around `anchor`, filtered.
#[server(endpoint = "load_calendar", output = Json)]
pub async fn load_calendar(
    view: CalendarView,
    anchor: NaiveDate,
    // An empty filter posts no fields at all, so it must be allowed to be missing.
    #[server(default)] filter: ReleaseFilter,
) -> Result<Arc<CalendarData>, AppError> {
    use super::support::{calendar, fail, from_store, principal};

    let me = principal()?;
    let anchor = dates::in_range(anchor)
        .ok_or_else(|| fail(AppError::field("anchor", dates::DAY_FORMAT_HINT)))?;
    let today = chrono::Utc::now().date_naive();
    let query = ListingQuery::new(view, anchor, filter, today);
    calendar()?
        .calendar(&me, query)
        .await
        .map_err(|e| from_store(e, "Releases"))
}

/// Every team, in display order.
#[server(endpoint = "load_teams", output = Json)]
pub async fn load_teams() -> Result<Vec<Team>, AppError> {
    use super::support::{from_store, principal, store};
    principal()?;
    store()?.teams().await.map_err(|e| from_store(e, "Teams"))
}

/// The marketing view: public releases from this week on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShipsData {
    #[serde(deserialize_with = "dates::de::day")]
    pub today: NaiveDate,
    pub teams: Vec<Team>,
    pub releases: Vec<Release>,
}

/// How far ahead "What ships when" looks.
pub const SHIPS_HORIZON_WEEKS: u64 = 26;

#[server(endpoint = "load_ships", output = Json)]
pub async fn load_ships() -> Result<ShipsData, AppError> {
    use super::support::{from_store, principal, store};
    use crate::domain::calendar::{DateSpan, in_ship_order, monday_of};

    principal()?;
    let store = store()?;
    let today = chrono::Utc::now().date_naive();
    let from = monday_of(today);
    let span = DateSpan {
        from,
        to: from + chrono::Days::new(SHIPS_HORIZON_WEEKS * 7 - 1),
    };
    let teams = store.teams().await.map_err(|e| from_store(e, "Teams"))?;
    let mut releases: Vec<Release> = store
        .releases_between(span)
        .await
        .map_err(|e| from_store(e, "Releases"))?
        .into_iter()
        .filter(|r| {
            r.public && r.status.confidence().is_some() && span.contains(r.schedule.target())
        })
        .collect();
    in_ship_order(&mut releases);
    Ok(ShipsData {
        today,
        teams,
        releases,
    })
}
