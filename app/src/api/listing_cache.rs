//! Calendar listings kept ready to send. Nothing in a listing depends on who asks, so one
//! written for a span, day and filter serves everyone until the data changes: an entry is
//! used only while the store's data version is the one it was read under.

use super::calendar::CalendarListing;
use crate::domain::ReleaseFilter;
use crate::domain::calendar::{CalendarView, DateSpan, visible_span};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Distinct listings kept at most; past it the cache starts over. Most requests ask for the
/// few months and quarters around today, unfiltered or with a handful of filters.
const MAX_ENTRIES: usize = 128;

/// More chosen teams, statuses and kinds than any real filter has.
const MAX_FILTER_VALUES: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ListingKey {
    pub span: DateSpan,
    /// Conflicts depend on the day ("past its date"), so a listing lasts a day at most.
    pub today: NaiveDate,
    pub filter: ReleaseFilter,
}

impl ListingKey {
    /// The listing `load_calendar` answers for these arguments today.
    pub fn today(view: CalendarView, anchor: NaiveDate, filter: ReleaseFilter) -> Self {
        Self {
            span: visible_span(view, anchor),
            today: chrono::Utc::now().date_naive(),
            filter,
        }
    }

    /// Searches are typed a letter at a time and seldom asked again, and an oversized filter
    /// would turn the cache into a way to fill the server's memory: neither is kept.
    fn worth_keeping(&self) -> bool {
        let f = &self.filter;
        f.text.is_empty() && f.teams.len() + f.statuses.len() + f.kinds.len() <= MAX_FILTER_VALUES
    }
}

/// Handed to server functions through context, one per running application.
#[derive(Clone, Default)]
pub struct ListingCache(Arc<Mutex<HashMap<ListingKey, (u64, CalendarListing)>>>);

impl ListingCache {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<ListingKey, (u64, CalendarListing)>> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The listing for `key`, if it was read under data version `version`.
    pub fn get(&self, key: &ListingKey, version: u64) -> Option<CalendarListing> {
        self.entries()
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, listing)| listing.clone())
    }

    pub fn keep(&self, key: ListingKey, version: u64, listing: CalendarListing) {
        if !key.worth_keeping() {
            return;
        }
        let mut entries = self.entries();
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (version, listing));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::CalendarData;
    use crate::domain::TeamId;

    fn key(teams: usize) -> ListingKey {
        ListingKey {
            span: DateSpan {
                from: "2026-10-01".parse().unwrap(),
                to: "2026-12-31".parse().unwrap(),
            },
            today: "2026-11-28".parse().unwrap(),
            filter: ReleaseFilter {
                teams: (1..=teams as i64).map(TeamId).collect(),
                ..ReleaseFilter::default()
            },
        }
    }

    fn listing(key: &ListingKey) -> CalendarListing {
        CalendarListing::new(CalendarData {
            span: key.span,
            today: key.today,
            teams: vec![],
            releases: vec![],
        })
        .unwrap()
    }

    #[test]
    fn a_listing_is_served_only_under_the_version_it_was_read_at() {
        let cache = ListingCache::default();
        let k = key(0);
        cache.keep(k.clone(), 3, listing(&k));
        assert!(cache.get(&k, 3).is_some());
        assert!(cache.get(&k, 4).is_none(), "a write happened since");
        assert!(cache.get(&key(1), 3).is_none(), "another filter");
    }

    #[test]
    fn the_cache_stays_bounded() {
        let cache = ListingCache::default();
        for version in 0..=MAX_ENTRIES as u64 {
            let k = ListingKey {
                today: key(0).today + chrono::Days::new(version),
                ..key(0)
            };
            cache.keep(k.clone(), version, listing(&k));
        }
        assert!(cache.entries().len() <= MAX_ENTRIES);
        let last = key(0).today + chrono::Days::new(MAX_ENTRIES as u64);
        let k = ListingKey {
            today: last,
            ..key(0)
        };
        assert!(cache.get(&k, MAX_ENTRIES as u64).is_some());
    }

    #[test]
    fn searches_and_oversized_filters_are_not_kept() {
        let cache = ListingCache::default();
        let mut search = key(2);
        search.filter.text = "api".into();
        let huge = key(MAX_FILTER_VALUES + 1);
        for k in [&search, &huge] {
            cache.keep(k.clone(), 1, listing(k));
            assert!(cache.get(k, 1).is_none());
        }
        let ordinary = key(MAX_FILTER_VALUES);
        cache.keep(ordinary.clone(), 1, listing(&ordinary));
        assert!(cache.get(&ordinary, 1).is_some());
    }
}
