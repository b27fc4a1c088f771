//! Sessions recently looked up, kept in memory so that most requests need no database round
//! trip to know who is calling.
//!
//! An entry is used only while the account store's sessions version is the one it was read
//! under (sign-out, disabling an account and role changes on this instance bump it, so they
//! take effect at once) and for at most [`TTL`], which bounds how long a change made by another
//! instance of a PostgreSQL deployment can go unseen here.

use app::store::SessionRecord;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TTL: Duration = Duration::from_secs(2);

/// Entries kept at most; past it the cache starts over.
const MAX_ENTRIES: usize = 10_000;

struct Entry {
    record: SessionRecord,
    version: u64,
    read_at: Instant,
}

#[derive(Clone, Default)]
pub struct SessionCache {
    entries: Arc<Mutex<HashMap<String, Entry>>>,
}

impl SessionCache {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The session stored under `hash`, if it was read under `version` less than [`TTL`] ago.
    pub fn get(&self, hash: &str, version: u64, now: Instant) -> Option<SessionRecord> {
        self.entries()
            .get(hash)
            .filter(|e| e.version == version && now.duration_since(e.read_at) < TTL)
            .map(|e| e.record.clone())
    }

    /// Keeps a session read from the store under `version` (read before the lookup).
    pub fn keep(&self, hash: &str, record: SessionRecord, version: u64, now: Instant) {
        let mut entries = self.entries();
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        let entry = Entry {
            record,
            version,
            read_at: now,
        };
        entries.insert(hash.to_owned(), entry);
    }

    /// Records that the session's last-seen time was written.
    pub fn touched(&self, hash: &str, at: DateTime<Utc>) {
        if let Some(entry) = self.entries().get_mut(hash) {
            entry.record.last_seen_at = at;
        }
    }

    pub fn forget(&self, hash: &str) {
        self.entries().remove(hash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::UserId;

    fn record() -> SessionRecord {
        let now = Utc::now();
        SessionRecord {
            user: UserId(1),
            last_seen_at: now,
            expires_at: now + chrono::Duration::days(7),
            principal: None,
        }
    }

    #[test]
    fn an_entry_serves_only_its_version_and_only_for_a_while() {
        let cache = SessionCache::default();
        let start = Instant::now();
        cache.keep("h", record(), 3, start);
        assert!(cache.get("h", 3, start).is_some());
        assert!(cache.get("h", 4, start).is_none(), "a newer version");
        assert!(cache.get("h", 3, start + TTL).is_none(), "too old");
        assert!(cache.get("other", 3, start).is_none());
        cache.forget("h");
        assert!(cache.get("h", 3, start).is_none());
    }
}
