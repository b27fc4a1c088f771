//! A release as the calendar shows it: only what a chip, the lane layout and a move need.
//! Calendar pages carry hundreds of these (in the page's hydration data and in every listing),
//! so descriptions, owners and timestamps stay out; the side panel loads the full release.
//!
//! For the same reason an item travels as an array rather than an object with named fields:
//! `[id, team_id, title, status, target, window_end or null, version, conflicts]`.

use super::dates::IsoDay;
use super::{Conflict, Release, ReleaseId, ReleaseStatus, Schedule, TeamId, Title};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "WireItem")]
pub struct CalendarItem {
    pub id: ReleaseId,
    pub team_id: TeamId,
    pub title: Title,
    pub status: ReleaseStatus,
    pub schedule: Schedule,
    /// The version a move must be based on (optimistic concurrency).
    pub version: i64,
    /// The scheduling rules it breaks, judged against every release around it.
    pub conflicts: Vec<Conflict>,
}

impl CalendarItem {
    pub fn of(release: &Release, conflicts: Vec<Conflict>) -> Self {
        Self {
            id: release.id,
            team_id: release.team_id,
            title: release.title.clone(),
            status: release.status,
            schedule: release.schedule,
            version: release.version,
            conflicts,
        }
    }
}

/// An item as it travels (see the module's documentation).
#[derive(Deserialize)]
struct WireItem(
    ReleaseId,
    TeamId,
    Title,
    ReleaseStatus,
    #[serde(deserialize_with = "super::dates::de::day")] NaiveDate,
    #[serde(deserialize_with = "super::dates::de::day_opt")] Option<NaiveDate>,
    i64,
    Vec<Conflict>,
);

#[derive(Serialize)]
struct WireItemRef<'a>(
    ReleaseId,
    TeamId,
    &'a Title,
    ReleaseStatus,
    IsoDay,
    Option<IsoDay>,
    i64,
    &'a [Conflict],
);

impl Serialize for CalendarItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        WireItemRef(
            self.id,
            self.team_id,
            &self.title,
            self.status,
            IsoDay(self.schedule.target()),
            self.schedule.window_end().map(IsoDay),
            self.version,
            &self.conflicts,
        )
        .serialize(serializer)
    }
}

impl TryFrom<WireItem> for CalendarItem {
    type Error = super::schedule::ScheduleError;

    fn try_from(w: WireItem) -> Result<Self, Self::Error> {
        Ok(Self {
            id: w.0,
            team_id: w.1,
            title: w.2,
            status: w.3,
            schedule: Schedule::new(w.4, w.5)?,
            version: w.6,
            conflicts: w.7,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_travels_as_a_compact_array_and_comes_back_whole() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let item = CalendarItem {
            id: ReleaseId(7),
            team_id: TeamId(2),
            title: Title::parse("Adyen \"launch\"").unwrap(),
            status: ReleaseStatus::AtRisk,
            schedule: Schedule::new(day("2026-12-05"), Some(day("2026-12-08"))).unwrap(),
            version: 3,
            conflicts: vec![Conflict::Weekend],
        };
        let json = serde_json::to_string(&item).unwrap();
        assert_eq!(
            json,
            r#"[7,2,"Adyen \"launch\"","at_risk","2026-12-05","2026-12-08",3,["Weekend"]]"#
        );
        assert_eq!(serde_json::from_str::<CalendarItem>(&json).unwrap(), item);
    }

    #[test]
    fn an_item_with_an_impossible_schedule_is_refused() {
        let json = r#"[7,2,"Launch","planned","2026-12-05","2026-12-01",3,[]]"#;
        assert!(serde_json::from_str::<CalendarItem>(json).is_err());
    }
}
