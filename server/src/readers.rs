//! The read models behind app's reader traits: built from the stores and kept in memory until
//! a write changes the data version (see `db::commit`). What a reader keeps is keyed by the
//! query value itself.

use crate::db::Versions;
use app::domain::Principal;
use app::read::{CalendarData, CalendarReader, ListingQuery};
use app::store::{SharedStore, StoreError};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

/// Distinct listings kept at most; past it the cache starts over. Most requests ask for the
/// few months and quarters around today, unfiltered or with a handful of filters.
const MAX_LISTINGS: usize = 128;

/// More chosen teams, statuses and kinds than any real filter has.
const MAX_FILTER_VALUES: usize = 64;

/// Results kept under the data version they were read at.
struct Kept<Q, V> {
    entries: Mutex<HashMap<Q, (u64, V)>>,
    limit: usize,
}

impl<Q: Hash + Eq, V: Clone> Kept<Q, V> {
    fn new(limit: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            limit,
        }
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<Q, (u64, V)>> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get(&self, query: &Q, version: u64) -> Option<V> {
        self.entries()
            .get(query)
            .filter(|(v, _)| *v == version)
            .map(|(_, value)| value.clone())
    }

    fn keep(&self, query: Q, version: u64, value: V) {
        let mut entries = self.entries();
        if entries.len() >= self.limit && !entries.contains_key(&query) {
            entries.clear();
        }
        entries.insert(query, (version, value));
    }
}

pub struct Readers {
    store: SharedStore,
    versions: Versions,
    listings: Kept<ListingQuery, Arc<CalendarData>>,
    /// Kept listings are built one at a time: after a write, every open calendar asks again at
    /// once, and one build then serves them all instead of each building its own.
    building: tokio::sync::Mutex<()>,
}

impl Readers {
    pub fn new(store: SharedStore, versions: Versions) -> Self {
        Self {
            store,
            versions,
            listings: Kept::new(MAX_LISTINGS),
            building: tokio::sync::Mutex::new(()),
        }
    }
}

/// Searches are typed a letter at a time and seldom asked again, and an oversized filter would
/// turn the cache into a way to fill the server's memory: neither is kept.
fn worth_keeping(query: &ListingQuery) -> bool {
    let f = &query.filter;
    f.text.is_empty() && f.teams.len() + f.statuses.len() + f.kinds.len() <= MAX_FILTER_VALUES
}

#[async_trait::async_trait]
impl CalendarReader for Readers {
    /// A listing is the same for everyone who may see the calendar (what each person may do
    /// with a chip is decided beside it), so one serves all.
    async fn calendar(
        &self,
        _viewer: &Principal,
        query: ListingQuery,
    ) -> Result<Arc<CalendarData>, StoreError> {
        if let Some(kept) = self.listings.get(&query, self.versions.data()) {
            return Ok(kept);
        }
        let keep = worth_keeping(&query);
        let _turn = if keep {
            Some(self.building.lock().await)
        } else {
            None
        };
        // Read before the store, so a write landing meanwhile leaves this listing stale at once;
        // and another caller may have built it while this one waited.
        let version = self.versions.data();
        if let Some(kept) = self.listings.get(&query, version) {
            return Ok(kept);
        }
        let teams = self.store.teams().await?;
        let in_span = self.store.releases_between(query.span).await?;
        let data = Arc::new(CalendarData::build(&query, teams, &in_span));
        if keep {
            self.listings.keep(query, version, data.clone());
        }
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_served_only_under_the_version_it_was_read_at() {
        let kept = Kept::new(4);
        kept.keep("q1", 3, 1);
        assert_eq!(kept.get(&"q1", 3), Some(1));
        assert_eq!(kept.get(&"q1", 4), None, "a write happened since");
        assert_eq!(kept.get(&"q2", 3), None, "another query");
    }

    #[test]
    fn kept_results_stay_bounded() {
        let kept = Kept::new(4);
        for n in 0..=4 {
            kept.keep(n, 1, n);
        }
        assert!(kept.entries().len() <= 4);
        assert_eq!(kept.get(&4, 1), Some(4), "the newest is kept");
    }

    #[test]
    fn searches_and_oversized_filters_are_not_kept() {
        let query = |text: &str, teams: i64| ListingQuery {
            span: app::domain::calendar::DateSpan {
                from: "2026-10-01".parse().unwrap(),
                to: "2026-12-31".parse().unwrap(),
            },
            today: "2026-11-28".parse().unwrap(),
            filter: app::domain::ReleaseFilter {
                text: text.into(),
                teams: (1..=teams).map(app::domain::TeamId).collect(),
                ..Default::default()
            },
        };
        assert!(worth_keeping(&query("", MAX_FILTER_VALUES as i64)));
        assert!(!worth_keeping(&query("api", 0)));
        assert!(!worth_keeping(&query("", MAX_FILTER_VALUES as i64 + 1)));
    }
}
