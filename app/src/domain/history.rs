//! A release's history in plain words, from the audit trail's before and after values.

use super::dates::Show;
use super::{Release, Schedule, Team, TeamId};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One audited change, ready to show: "Dana Whitfield (PM, Checkout)" + what they did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    #[serde(deserialize_with = "super::dates::de::instant")]
    pub at: DateTime<Utc>,
    pub actor: String,
    /// What changed, each phrase completing "{actor} …".
    pub changes: Vec<String>,
}

/// What the history says of a change whose audit record can no longer be read.
pub const UNREADABLE_CHANGE: &str =
    "changed the release (the details of this change can no longer be read)";

fn day(date: NaiveDate, other: NaiveDate) -> String {
    if date.year() == other.year() {
        date.show("%-d %b")
    } else {
        date.show("%-d %b %Y")
    }
}

fn window(schedule: &Schedule) -> Option<NaiveDate> {
    schedule.window_end()
}

/// What a change did to a release, in plain words. `before` is None for a creation and `after`
/// is None for a deletion. `teams` names teams by id.
pub fn describe_release_change(
    before: Option<&Release>,
    after: Option<&Release>,
    teams: &[Team],
) -> Vec<String> {
    let team_name = |id: TeamId| {
        teams
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| format!("team #{id}"), |t| t.name.clone())
    };
    let (before, after) = match (before, after) {
        (None, Some(new)) => {
            let target = new.schedule.target();
            return vec![format!(
                "created the release for {} ({})",
                target.show("%-d %b %Y"),
                team_name(new.team_id)
            )];
        }
        (Some(_), None) => return vec!["deleted the release".to_owned()],
        (Some(before), Some(after)) => (before, after),
        (None, None) => return Vec::new(),
    };
    let mut changes = Vec::new();
    let (old, new) = (before.schedule.target(), after.schedule.target());
    if old != new {
        changes.push(format!(
            "moved the target date from {} to {}",
            day(old, new),
            day(new, old)
        ));
    }
    match (window(&before.schedule), window(&after.schedule)) {
        (Some(old_end), Some(new_end)) if old_end != new_end && old_end - old != new_end - new => {
            changes.push(format!(
                "changed the window's end from {} to {}",
                day(old_end, new_end),
                day(new_end, old_end)
            ));
        }
        (None, Some(end)) => changes.push(format!("added a window until {}", day(end, new))),
        (Some(_), None) => changes.push("removed the roll-out window".to_owned()),
        _ => {}
    }
    if before.title != after.title {
        changes.push(format!(
            "renamed it from “{}” to “{}”",
            before.title, after.title
        ));
    }
    if before.team_id != after.team_id {
        changes.push(format!(
            "moved it from {} to {}",
            team_name(before.team_id),
            team_name(after.team_id)
        ));
    }
    if before.status != after.status {
        changes.push(format!(
            "changed the status from {} to {}",
            before.status.label(),
            after.status.label()
        ));
    }
    if before.kind != after.kind {
        changes.push(format!(
            "changed the kind from {} to {}",
            before.kind.label(),
            after.kind.label()
        ));
    }
    if before.public != after.public {
        changes.push(
            if after.public {
                "made it public"
            } else {
                "made it internal"
            }
            .to_owned(),
        );
    }
    if before.owner != after.owner {
        changes.push(format!("changed the owner to {}", after.owner));
    }
    if before.description != after.description {
        changes.push("edited the description".to_owned());
    }
    if changes.is_empty() {
        changes.push("saved without changes".to_owned());
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::tests_support::release;
    use crate::domain::{Colour, ReleaseStatus, Title};

    fn teams() -> Vec<Team> {
        ["Checkout", "Mobile"]
            .iter()
            .enumerate()
            .map(|(i, name)| Team {
                id: TeamId(i as i64 + 1),
                name: (*name).into(),
                colour: Colour::parse("#336699").unwrap(),
            })
            .collect()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_move_reads_as_a_sentence() {
        let before = release(1, 1, "2026-03-12", None);
        let after = Release {
            schedule: before.schedule.moved_to(d("2026-03-19")).unwrap(),
            ..before.clone()
        };
        assert_eq!(
            describe_release_change(Some(&before), Some(&after), &teams()),
            vec!["moved the target date from 12 Mar to 19 Mar"]
        );
    }

    #[test]
    fn moving_a_window_does_not_also_report_its_end() {
        let before = release(1, 1, "2026-12-28", Some("2027-01-04"));
        let after = Release {
            schedule: before.schedule.moved_to(d("2027-01-05")).unwrap(),
            ..before.clone()
        };
        assert_eq!(
            describe_release_change(Some(&before), Some(&after), &teams()),
            vec!["moved the target date from 28 Dec 2026 to 5 Jan 2027"]
        );
    }

    #[test]
    fn every_changed_field_is_named() {
        let before = release(1, 1, "2026-03-12", None);
        let after = Release {
            title: Title::parse("Adyen v2").unwrap(),
            team_id: TeamId(2),
            status: ReleaseStatus::AtRisk,
            public: !before.public,
            ..before.clone()
        };
        let changes = describe_release_change(Some(&before), Some(&after), &teams());
        assert_eq!(changes.len(), 4, "{changes:?}");
        assert!(changes[0].starts_with("renamed it from"));
        assert_eq!(changes[1], "moved it from Checkout to Mobile");
        assert_eq!(changes[2], "changed the status from planned to at risk");
    }

    #[test]
    fn creation_and_deletion_are_one_line() {
        let r = release(1, 1, "2026-03-12", None);
        assert_eq!(
            describe_release_change(None, Some(&r), &teams()),
            vec!["created the release for 12 Mar 2026 (Checkout)"]
        );
        assert_eq!(
            describe_release_change(Some(&r), None, &teams()),
            vec!["deleted the release"]
        );
    }
}
