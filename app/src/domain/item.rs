//! A release as the calendar shows it: only what a chip, the lane layout and a move need.
//! Calendar pages carry hundreds of these (in the page's hydration data and in every listing),
//! so descriptions, owners and timestamps stay out; the side panel loads the full release.
//! (How a list of them travels: `crate::wire::columns`.)

use super::{
    Conflict, OwnerName, Release, ReleaseId, ReleaseStatus, Schedule, TeamId, Title, Version,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarItem {
    pub id: ReleaseId,
    pub team_id: TeamId,
    pub title: Title,
    pub owner: OwnerName,
    pub status: ReleaseStatus,
    pub schedule: Schedule,
    /// The version a move must be based on (optimistic concurrency).
    pub version: Version,
    /// The scheduling rules it breaks, judged against every release around it.
    pub conflicts: Vec<Conflict>,
}

impl CalendarItem {
    pub fn of(release: &Release, conflicts: Vec<Conflict>) -> Self {
        Self {
            id: release.id,
            team_id: release.team_id,
            title: release.title.clone(),
            owner: release.owner.clone(),
            status: release.status,
            schedule: release.schedule,
            version: release.version,
            conflicts,
        }
    }
}
