//! The versions read models and cached sessions are tagged with, and which releases each new
//! data version touched, so a read model can re-read just those.

use app::domain::ReleaseId;
use app::domain::live::LiveChange;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// Data versions whose touched releases are remembered; a read model further behind than this
/// reads everything again.
const REMEMBERED: usize = 1024;

/// The releases a write changed (created, edited, moved, deleted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Touched {
    /// These releases, and no others (none: only teams changed).
    Releases(Vec<ReleaseId>),
    /// Unknown or too many to list: an import, or notices that may have been missed.
    Everything,
}

impl Touched {
    /// The releases a change touched, as its live change names them: the same for a write of
    /// this instance and for the notice of another's.
    pub fn by(change: &LiveChange) -> Self {
        match (change.entity.as_str(), change.action.as_str()) {
            ("release" | "dependency", "imported") => Self::Everything,
            ("release" | "dependency", _) => Self::Releases(
                std::iter::once(change.id)
                    .chain(change.also.iter().copied())
                    .map(ReleaseId)
                    .collect(),
            ),
            _ => Self::Releases(Vec::new()),
        }
    }
}

/// Whatever was read under an older version is stale. Bumped by the commit path on this
/// instance before a write returns, and by the PostgreSQL listener for writes of other
/// instances.
#[derive(Clone, Default)]
pub struct Versions {
    data: Arc<AtomicU64>,
    sessions: Arc<AtomicU64>,
    /// (data version, what the write that made it touched), oldest first.
    touched: Arc<Mutex<VecDeque<(u64, Touched)>>>,
}

impl Versions {
    /// The version of releases and teams; read it *before* querying, so a write that lands
    /// during the query leaves the result already stale.
    pub fn data(&self) -> u64 {
        self.data.load(Ordering::Acquire)
    }

    pub fn sessions(&self) -> u64 {
        self.sessions.load(Ordering::Acquire)
    }

    fn log(&self) -> MutexGuard<'_, VecDeque<(u64, Touched)>> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.touched.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn data_changed(&self, touched: Touched) {
        let mut log = self.log();
        // Bumped while the log is held, so a version is never seen without its entry.
        let version = self.data.fetch_add(1, Ordering::AcqRel) + 1;
        if log.len() == REMEMBERED {
            log.pop_front();
        }
        log.push_back((version, touched));
    }

    pub fn sessions_changed(&self) {
        self.sessions.fetch_add(1, Ordering::AcqRel);
    }

    /// The current data version, and the releases touched since version `since` (which of
    /// them changed must be read again); `Everything` when `since` is unknown or too old.
    pub fn touched_since(&self, since: Option<u64>) -> (u64, Touched) {
        let log = self.log();
        let now = self.data();
        let Some(since) = since else {
            return (now, Touched::Everything);
        };
        let mut ids = Vec::new();
        let mut next = since + 1;
        for (version, touched) in log.iter().filter(|(v, _)| *v > since) {
            match touched {
                // A gap means entries were dropped: what they touched is unknown.
                _ if *version != next => return (now, Touched::Everything),
                Touched::Everything => return (now, Touched::Everything),
                Touched::Releases(some) => ids.extend_from_slice(some),
            }
            next += 1;
        }
        if next != now + 1 {
            return (now, Touched::Everything);
        }
        ids.sort_unstable();
        ids.dedup();
        (now, Touched::Releases(ids))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_learns_what_changed_since_it_read() {
        let versions = Versions::default();
        assert_eq!(versions.touched_since(None), (0, Touched::Everything));
        assert_eq!(
            versions.touched_since(Some(0)),
            (0, Touched::Releases(vec![]))
        );
        versions.data_changed(Touched::Releases(vec![ReleaseId(7)]));
        versions.data_changed(Touched::Releases(vec![ReleaseId(3), ReleaseId(7)]));
        assert_eq!(
            versions.touched_since(Some(0)),
            (2, Touched::Releases(vec![ReleaseId(3), ReleaseId(7)]))
        );
        assert_eq!(
            versions.touched_since(Some(1)),
            (2, Touched::Releases(vec![ReleaseId(3), ReleaseId(7)]))
        );
        versions.data_changed(Touched::Everything);
        assert_eq!(versions.touched_since(Some(1)), (3, Touched::Everything));
        assert_eq!(
            versions.touched_since(Some(3)),
            (3, Touched::Releases(vec![]))
        );
    }

    #[test]
    fn a_change_touches_the_release_it_names() {
        use app::domain::live::Reach;
        let change = |entity, id, action| LiveChange::new(entity, id, action, Reach::Everywhere);
        assert_eq!(
            Touched::by(&change("release", 7, "updated")),
            Touched::Releases(vec![ReleaseId(7)])
        );
        assert_eq!(
            Touched::by(&change("release", 0, "imported")),
            Touched::Everything
        );
        assert_eq!(
            Touched::by(&change("team", 3, "created")),
            Touched::Releases(vec![])
        );
    }

    #[test]
    fn a_model_too_far_behind_reads_everything() {
        let versions = Versions::default();
        for n in 0..=REMEMBERED as i64 {
            versions.data_changed(Touched::Releases(vec![ReleaseId(n)]));
        }
        assert_eq!(versions.touched_since(Some(0)).1, Touched::Everything);
        assert!(matches!(
            versions.touched_since(Some(2)).1,
            Touched::Releases(ids) if ids.len() == REMEMBERED - 1
        ));
    }
}
