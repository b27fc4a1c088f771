//! Calendar listings kept ready to send. Nothing in a listing depends on who asks, so one
//! written for a span, day and filter serves everyone until the data changes: an entry is
//! used only while the store's data version is the one it was read under.

use super::calendar::CalendarListing;
use crate::domain::ReleaseFilter;
use crate::domain::calendar::DateSpan;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Distinct listings kept at most; past it the cache starts over. Most requests ask for the
/// few months and quarters around today, unfiltered or with a handful of filters.
const MAX_ENTRIES: usize = 128;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ListingKey {
    pub span: DateSpan,
    /// Conflicts depend on the day ("past its date"), so a listing lasts a day at most.
    pub today: NaiveDate,
    pub filter: ReleaseFilter,
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

    fn key(text: &str) -> ListingKey {
        ListingKey {
            span: DateSpan {
                from: "2026-10-01".parse().unwrap(),
                to: "2026-12-31".parse().unwrap(),
            },
            today: "2026-11-28".parse().unwrap(),
            filter: ReleaseFilter {
                text: text.into(),
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
        let k = key("");
        cache.keep(k.clone(), 3, listing(&k));
        assert!(cache.get(&k, 3).is_some());
        assert!(cache.get(&k, 4).is_none(), "a write happened since");
        assert!(cache.get(&key("api"), 3).is_none(), "another filter");
    }

    #[test]
    fn the_cache_stays_bounded() {
        let cache = ListingCache::default();
        for i in 0..=MAX_ENTRIES {
            let k = key(&i.to_string());
            cache.keep(k.clone(), 1, listing(&k));
        }
        assert!(cache.entries().len() <= MAX_ENTRIES);
        assert!(cache.get(&key(&MAX_ENTRIES.to_string()), 1).is_some());
    }
}
