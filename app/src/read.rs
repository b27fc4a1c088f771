//! The read side: what the calendar asks for, and the readers that answer. Readers are
//! declared here and implemented in the server, which keeps what they built until a write
//! makes it stale. A query value is its own cache key, so the key cannot drift from what was
//! asked.

use crate::domain::calendar::{CalendarView, DateSpan, visible_span};
use crate::domain::conflict::find_conflicts;
use crate::domain::{CalendarItem, Conflict, Release, ReleaseFilter, ReleaseId, Team, dates};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One calendar listing: the releases of a view's days that match a filter, judged on a day
/// (conflicts such as "past its date" depend on it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ListingQuery {
    pub span: DateSpan,
    pub today: NaiveDate,
    pub filter: ReleaseFilter,
}

impl ListingQuery {
    pub fn new(
        view: CalendarView,
        anchor: NaiveDate,
        filter: ReleaseFilter,
        today: NaiveDate,
    ) -> Self {
        Self {
            span: visible_span(view, anchor),
            today,
            filter,
        }
    }

    /// Every release of one day, as judged on `today`.
    pub fn day(day: NaiveDate, today: NaiveDate) -> Self {
        Self {
            span: DateSpan { from: day, to: day },
            today,
            filter: ReleaseFilter::default(),
        }
    }
}

/// Everything one calendar page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarData {
    pub span: DateSpan,
    #[serde(deserialize_with = "dates::de::day")]
    pub today: NaiveDate,
    pub teams: Vec<Team>,
    /// Releases in the span that match the filter, by target date, each with the rules it
    /// breaks (judged against every release in the span, filtered out or not).
    #[serde(with = "crate::wire::columns")]
    pub releases: Vec<CalendarItem>,
}

impl CalendarData {
    /// The rules release `id` breaks (none if it is not in this listing).
    pub fn conflicts_of(&self, id: ReleaseId) -> Vec<Conflict> {
        self.releases
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.conflicts.clone())
            .unwrap_or_default()
    }

    /// The listing `query` asks for, from every release in its span (by target date).
    pub fn build(query: &ListingQuery, teams: Vec<Team>, in_span: &[Release]) -> Self {
        let mut conflicts = find_conflicts(in_span, query.today);
        let releases = in_span
            .iter()
            .filter(|r| query.filter.matches(r))
            .map(|r| CalendarItem::of(r, conflicts.remove(&r.id).unwrap_or_default()))
            .collect();
        Self {
            span: query.span,
            today: query.today,
            teams,
            releases,
        }
    }
}

#[cfg(feature = "ssr")]
pub use readers::*;

#[cfg(feature = "ssr")]
mod readers {
    use super::{CalendarData, ListingQuery};
    use crate::domain::Principal;
    use crate::store::StoreError;
    use std::sync::Arc;

    #[async_trait::async_trait]
    pub trait CalendarReader: Send + Sync + 'static {
        /// What `viewer` sees of the calendar for `query`. Shared, not copied: the same
        /// listing serves many requests until the data changes.
        async fn calendar(
            &self,
            viewer: &Principal,
            query: ListingQuery,
        ) -> Result<Arc<CalendarData>, StoreError>;
    }

    pub type SharedCalendar = Arc<dyn CalendarReader>;
}
