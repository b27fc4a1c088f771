//! Recent listings kept in memory until the data changes (and the version that tells cached
//! sessions they are stale). Every committed write to releases
//! or teams bumps the version (synchronously on this instance, before the write returns; through
//! the change listener for other PostgreSQL instances), and an entry is used only while its
//! version is current, so a person always reads their own writes.

use app::domain::calendar::DateSpan;
use app::domain::{Release, Team};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Distinct spans kept at most; past it the cache starts over (spans are few in practice:
/// the months and quarters people look at).
const MAX_SPANS: usize = 64;

#[derive(Default)]
struct Entries {
    spans: HashMap<DateSpan, (u64, Arc<[Release]>)>,
    teams: Option<(u64, Arc<Vec<Team>>)>,
}

#[derive(Clone, Default)]
pub struct ReadCache {
    version: Arc<AtomicU64>,
    entries: Arc<Mutex<Entries>>,
    /// Bumped when a session ends or someone's access changes (see `AccountStore`).
    sessions: Arc<AtomicU64>,
}

impl ReadCache {
    /// The data version to tag a result with; read it *before* querying, so a write that
    /// lands during the query leaves the result already stale.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    /// Called after every committed change (and when changes may have been missed).
    pub fn invalidate(&self) {
        self.version.fetch_add(1, Ordering::AcqRel);
    }

    pub fn sessions_version(&self) -> u64 {
        self.sessions.load(Ordering::Acquire)
    }

    pub fn invalidate_sessions(&self) {
        self.sessions.fetch_add(1, Ordering::AcqRel);
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn releases(&self, span: DateSpan) -> Option<Arc<[Release]>> {
        let current = self.version();
        self.entries()
            .spans
            .get(&span)
            .filter(|(v, _)| *v == current)
            .map(|(_, r)| r.clone())
    }

    pub fn keep_releases(&self, span: DateSpan, version: u64, releases: Arc<[Release]>) {
        let mut entries = self.entries();
        if entries.spans.len() >= MAX_SPANS {
            entries.spans.clear();
        }
        entries.spans.insert(span, (version, releases));
    }

    pub fn teams(&self) -> Option<Arc<Vec<Team>>> {
        let current = self.version();
        self.entries()
            .teams
            .as_ref()
            .filter(|(v, _)| *v == current)
            .map(|(_, t)| t.clone())
    }

    pub fn keep_teams(&self, version: u64, teams: Arc<Vec<Team>>) {
        self.entries().teams = Some((version, teams));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_read_before_a_write_is_never_served_after_it() {
        let cache = ReadCache::default();
        let span = DateSpan {
            from: "2026-01-01".parse().unwrap(),
            to: "2026-03-31".parse().unwrap(),
        };
        let tagged = cache.version();
        cache.keep_releases(span, tagged, Arc::from([]));
        assert!(cache.releases(span).is_some());
        cache.invalidate();
        assert!(cache.releases(span).is_none());
        // A result whose query started before the write is stale on arrival.
        cache.keep_releases(span, tagged, Arc::from([]));
        assert!(cache.releases(span).is_none());
    }
}
