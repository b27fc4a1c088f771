//! The read side: what the calendar asks for, and the readers that answer. Readers are
//! declared here and implemented in the server, which keeps what they built until a write
//! makes it stale. A query value is its own cache key, so the key cannot drift from what was
//! asked.

use crate::domain::calendar::{CalendarView, DateSpan, visible_span};
use crate::domain::conflict::find_conflicts;
use crate::domain::dependency::{Dependency, DependencyKind, Edge};
use crate::domain::{
    CalendarItem, Conflict, OwnerName, Release, ReleaseFilter, ReleaseId, ReleaseStatus, Team,
    TeamId, Title, dates,
};
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
    /// `dependencies` names the unmet dependencies of a release, whose other ends may lie
    /// outside the span.
    pub fn build(
        query: &ListingQuery,
        teams: Vec<Team>,
        in_span: &[Release],
        dependencies: impl Fn(ReleaseId) -> Vec<Conflict>,
    ) -> Self {
        let mut conflicts = find_conflicts(in_span, query.today);
        let releases = in_span
            .iter()
            .filter(|r| query.filter.matches(r))
            .map(|r| {
                let mut found = conflicts.remove(&r.id).unwrap_or_default();
                if r.status.is_active() {
                    found.extend(dependencies(r.id));
                }
                CalendarItem::of(r, found)
            })
            .collect();
        Self {
            span: query.span,
            today: query.today,
            teams,
            releases,
        }
    }
}

/// The other end of a dependency, as the Dependencies tab and the what-if show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedRelease {
    pub id: ReleaseId,
    pub title: Title,
    pub team: TeamId,
    #[serde(deserialize_with = "dates::de::day")]
    pub target: NaiveDate,
    pub status: ReleaseStatus,
    pub owner: OwnerName,
    /// What a move of it must name (optimistic concurrency).
    pub version: crate::domain::Version,
}

impl From<&Release> for LinkedRelease {
    fn from(r: &Release) -> Self {
        Self {
            id: r.id,
            title: r.title.clone(),
            team: r.team_id,
            target: r.schedule.target(),
            status: r.status,
            owner: r.owner.clone(),
            version: r.version,
        }
    }
}

/// One dependency of a release, with the release at its other end and, when it is not met,
/// why (as the release whose tab shows it sees it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub dependency: Dependency,
    pub other: LinkedRelease,
    pub conflict: Option<Conflict>,
}

/// What a release depends on and what depends on it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseLinks {
    pub upstream: Vec<Link>,
    pub downstream: Vec<Link>,
}

/// What moving a release to another day would do, before it is saved.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovePreview {
    /// Dependency conflicts the move would cause, each with the release it is on.
    pub appear: Vec<(LinkedRelease, Conflict)>,
    /// Dependency conflicts the move would clear.
    pub clear: Vec<(LinkedRelease, Conflict)>,
    /// The releases downstream of the moved one: their teams and owners are concerned.
    pub affected: Vec<LinkedRelease>,
    /// What "move dependents too" would move, and to which day.
    pub shifts: Vec<(LinkedRelease, NaiveDate)>,
}

impl MovePreview {
    /// Nothing downstream is concerned: the move can be saved without asking.
    pub fn is_quiet(&self) -> bool {
        self.appear.is_empty() && self.clear.is_empty() && self.affected.is_empty()
    }
}

/// What the dependency map is asked to show: the dependencies touching releases of `span`, of
/// the chosen kinds and teams (none chosen: all), optionally only those in conflict; `focus`
/// asks for a release's chains.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MapQuery {
    pub span: DateSpan,
    #[serde(default)]
    pub teams: Vec<TeamId>,
    #[serde(default)]
    pub kinds: Vec<DependencyKind>,
    #[serde(default)]
    pub only_conflicts: bool,
    #[serde(default)]
    pub focus: Option<ReleaseId>,
}

/// One dependency on the map, and why it does not hold (as its dependent sees it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapLink {
    pub edge: Edge,
    pub conflict: Option<Conflict>,
}

/// The chains of the release the map is focused on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapFocus {
    pub id: ReleaseId,
    /// Everything it depends on, directly or not.
    pub upstream: Vec<ReleaseId>,
    /// Everything that depends on it, directly or not.
    pub downstream: Vec<ReleaseId>,
    /// The longest chain of dependencies that ends at it, first release first.
    pub longest: Vec<ReleaseId>,
}

/// What the dependency map shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapData {
    pub query: MapQuery,
    pub teams: Vec<Team>,
    /// Both ends of every dependency shown (an end may lie outside the span).
    pub releases: Vec<LinkedRelease>,
    /// At most a screenful: those in conflict first, then the tightest.
    pub links: Vec<MapLink>,
    /// How many dependencies matched the query in all.
    pub matching: usize,
    pub focus: Option<MapFocus>,
}

#[cfg(feature = "ssr")]
pub use readers::*;

#[cfg(feature = "ssr")]
mod readers {
    use super::{
        CalendarData, LinkedRelease, ListingQuery, MapData, MapQuery, MovePreview, ReleaseLinks,
    };
    use crate::domain::{Principal, ReleaseId};
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

    /// Dependencies as pages read them, judged by the same rules as the calendar's badges.
    #[async_trait::async_trait]
    pub trait DependencyReader: Send + Sync + 'static {
        async fn links(&self, id: ReleaseId) -> Result<ReleaseLinks, StoreError>;

        /// Up to `limit` releases other than `except` whose title contains `text` (any case),
        /// nearest to `near` first: what a release may be said to depend on.
        async fn candidates(
            &self,
            text: &str,
            except: ReleaseId,
            near: chrono::NaiveDate,
            limit: usize,
        ) -> Result<Vec<LinkedRelease>, StoreError>;

        /// The dependency map of `query`.
        async fn map(&self, query: MapQuery) -> Result<MapData, StoreError>;

        /// What moving `id` to `to` would do (the release is known to exist).
        async fn preview_move(
            &self,
            id: ReleaseId,
            to: chrono::NaiveDate,
        ) -> Result<MovePreview, StoreError>;
    }

    pub type SharedDependencyReader = Arc<dyn DependencyReader>;
}
