//! Scheduling rules a release can break. The calendar shows a badge for each broken rule.

use super::dependency::{DependencyConflict, DependencyKind};
use super::{Release, ReleaseId, ReleaseKind, ReleaseStatus, TeamId, Title};
use crate::domain::calendar::is_weekend;
use crate::domain::dates::{FIELD_DAY, Show};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    /// The target date has passed and the release has not shipped.
    Overdue,
    /// Ships on a Saturday or Sunday, when few people are around to react.
    Weekend,
    /// Another team's breaking or API change lands the same day: customers and support get
    /// two changes at once. Named by title, team and kind, as people know it, not by id.
    SameDayBreaking {
        other: ReleaseId,
        title: Title,
        team: TeamId,
        kind: ReleaseKind,
    },
    /// A dependency between this release and `other` is not met.
    Dependency {
        other: ReleaseId,
        title: Title,
        team: TeamId,
        kind: DependencyKind,
        problem: DependencyProblem,
    },
}

/// How a dependency is not met, seen from one of its two releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DependencyProblem {
    /// This release is dated before what it needs, plus the lead time, allows.
    TooEarly {
        #[serde(deserialize_with = "crate::domain::dates::de::day")]
        earliest: NaiveDate,
    },
    /// What this release needs was cancelled or rolled back.
    Gone(ReleaseStatus),
    /// A release that needs this one is dated too early for it.
    DependentTooEarly {
        #[serde(deserialize_with = "crate::domain::dates::de::day")]
        earliest: NaiveDate,
    },
}

impl Conflict {
    /// `conflict`, as `me` sees it, `other` being the release at the dependency's other end.
    pub fn of_dependency(conflict: &DependencyConflict, me: ReleaseId, other: &Release) -> Self {
        let edge = conflict.edge();
        let problem = match *conflict {
            DependencyConflict::UpstreamGone { status, .. } => DependencyProblem::Gone(status),
            DependencyConflict::TooEarly { earliest, .. } if edge.downstream == me => {
                DependencyProblem::TooEarly { earliest }
            }
            DependencyConflict::TooEarly { earliest, .. } => {
                DependencyProblem::DependentTooEarly { earliest }
            }
        };
        Self::Dependency {
            other: other.id,
            title: other.title.clone(),
            team: other.team_id,
            kind: edge.kind,
            problem,
        }
    }
}

impl Conflict {
    /// The rule broken, in words; `team_name` names the other release's team.
    pub fn message(&self, team_name: impl Fn(TeamId) -> String) -> String {
        match self {
            Self::Overdue => "Overdue: the target date has passed and it has not shipped".into(),
            Self::Weekend => "Ships on a weekend".into(),
            Self::SameDayBreaking {
                title, team, kind, ..
            } => format!(
                "Lands the same day as “{title}” ({}, {}): customers and support get two changes at once",
                team_name(*team),
                kind.label()
            ),
            Self::Dependency {
                title,
                team,
                kind,
                problem,
                ..
            } => {
                let (team, kind) = (team_name(*team), kind.label());
                match problem {
                    DependencyProblem::TooEarly { earliest } => format!(
                        "Needs “{title}” ({team}, {kind}) first: ships no earlier than {}",
                        earliest.show(FIELD_DAY)
                    ),
                    DependencyProblem::Gone(status) => format!(
                        "Needs “{title}” ({team}, {kind}), which is {}",
                        status.label()
                    ),
                    DependencyProblem::DependentTooEarly { earliest } => format!(
                        "“{title}” ({team}) needs this first ({kind}) but is dated before {}",
                        earliest.show(FIELD_DAY)
                    ),
                }
            }
        }
    }

    /// The release this conflict is with, if it is with another release.
    pub fn other_release(&self) -> Option<ReleaseId> {
        match self {
            Self::SameDayBreaking { other, .. } | Self::Dependency { other, .. } => Some(*other),
            Self::Overdue | Self::Weekend => None,
        }
    }
}

fn is_breaking(kind: ReleaseKind) -> bool {
    matches!(kind, ReleaseKind::BreakingChange | ReleaseKind::ApiChange)
}

/// The broken rules of every release in `releases` (releases breaking none are absent).
pub fn find_conflicts(releases: &[Release], today: NaiveDate) -> HashMap<ReleaseId, Vec<Conflict>> {
    let mut found: HashMap<ReleaseId, Vec<Conflict>> = HashMap::new();
    let mut breaking_by_day: HashMap<NaiveDate, Vec<&Release>> = HashMap::new();
    for r in releases.iter().filter(|r| r.status.is_active()) {
        let target = r.schedule.target();
        if target < today {
            found.entry(r.id).or_default().push(Conflict::Overdue);
        }
        if is_weekend(target) {
            found.entry(r.id).or_default().push(Conflict::Weekend);
        }
        if is_breaking(r.kind) {
            breaking_by_day.entry(target).or_default().push(r);
        }
    }
    for same_day in breaking_by_day.values() {
        for r in same_day {
            if let Some(other) = same_day.iter().find(|o| o.team_id != r.team_id) {
                found
                    .entry(r.id)
                    .or_default()
                    .push(Conflict::SameDayBreaking {
                        other: other.id,
                        title: other.title.clone(),
                        team: other.team_id,
                        kind: other.kind,
                    });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ReleaseStatus;
    use crate::domain::calendar::tests_support::release;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn past_active_releases_are_overdue_but_shipped_ones_are_not() {
        let mut shipped = release(2, 1, "2026-03-02", None);
        shipped.status = ReleaseStatus::Shipped;
        let found = find_conflicts(
            &[release(1, 1, "2026-03-02", None), shipped],
            d("2026-03-10"),
        );
        assert_eq!(found.get(&ReleaseId(1)), Some(&vec![Conflict::Overdue]));
        assert!(!found.contains_key(&ReleaseId(2)));
    }

    #[test]
    fn weekend_releases_are_flagged() {
        let found = find_conflicts(&[release(1, 1, "2026-03-14", None)], d("2026-03-01"));
        assert_eq!(found.get(&ReleaseId(1)), Some(&vec![Conflict::Weekend]));
    }

    #[test]
    fn breaking_changes_of_two_teams_on_one_day_conflict() {
        let mut a = release(1, 1, "2026-03-11", None);
        let mut b = release(2, 2, "2026-03-11", None);
        let mut c = release(3, 1, "2026-03-11", None);
        a.kind = ReleaseKind::BreakingChange;
        b.kind = ReleaseKind::ApiChange;
        c.kind = ReleaseKind::Feature;
        let found = find_conflicts(&[a.clone(), b.clone(), c], d("2026-03-01"));
        let with = |r: &Release| Conflict::SameDayBreaking {
            other: r.id,
            title: r.title.clone(),
            team: r.team_id,
            kind: r.kind,
        };
        assert_eq!(found.get(&ReleaseId(1)), Some(&vec![with(&b)]));
        assert_eq!(found.get(&ReleaseId(2)), Some(&vec![with(&a)]));
        assert_eq!(
            with(&b).message(|t| format!("Team {t}")),
            format!(
                "Lands the same day as “{}” (Team 2, API change): customers and support get two changes at once",
                b.title
            )
        );
        assert!(!found.contains_key(&ReleaseId(3)));
    }

    #[test]
    fn one_teams_breaking_changes_on_one_day_do_not_conflict() {
        let mut a = release(1, 1, "2026-03-11", None);
        let mut b = release(2, 1, "2026-03-11", None);
        a.kind = ReleaseKind::BreakingChange;
        b.kind = ReleaseKind::BreakingChange;
        assert!(find_conflicts(&[a, b], d("2026-03-01")).is_empty());
    }
}
