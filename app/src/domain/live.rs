//! What the server tells every open screen when shared data changes.

use super::Release;
use super::calendar::DateSpan;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveChange {
    /// The kind of object: "release", "team" or "dependency".
    pub entity: String,
    /// The object's id; for a dependency, the id of the release whose dependencies changed.
    pub id: i64,
    /// Other releases the same write changed (a move that took its dependents along).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<i64>,
    /// "created", "updated", "deleted" or "imported".
    pub action: String,
    /// Which calendar days show something different after it.
    pub reach: Reach,
}

/// The calendar days a change can make look different. A screen showing other days has
/// nothing to reload, so a write does not redraw every open calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reach {
    /// Any day: a team (its name and colour are on every chip), an import.
    Everywhere,
    /// The days a release occupied before the change and occupies after it. Every rule the
    /// calendar shows on a chip today is judged from releases of the chip's own days.
    Days(Vec<DateSpan>),
}

impl Reach {
    /// The days of a release before and after a change (either may be absent: created, deleted).
    pub fn of_release(before: Option<&Release>, after: Option<&Release>) -> Self {
        Self::Days(
            [before, after]
                .into_iter()
                .flatten()
                .map(|r| DateSpan {
                    from: r.schedule.target(),
                    to: r.schedule.last_day(),
                })
                .collect(),
        )
    }

    /// Whether a screen showing `span` must reload.
    pub fn touches(&self, span: DateSpan) -> bool {
        match self {
            Self::Everywhere => true,
            Self::Days(days) => days.iter().any(|d| d.overlaps(span)),
        }
    }
}

impl LiveChange {
    pub fn new(entity: &str, id: i64, action: &str, reach: Reach) -> Self {
        Self {
            entity: entity.into(),
            id,
            also: Vec::new(),
            action: action.into(),
            reach,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::tests_support::release;

    fn span(from: &str, to: &str) -> DateSpan {
        DateSpan {
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
        }
    }

    #[test]
    fn a_move_reaches_the_days_it_left_and_the_days_it_went_to() {
        let before = release(1, 1, "2026-12-30", None);
        let after = release(1, 1, "2027-02-02", None);
        let reach = Reach::of_release(Some(&before), Some(&after));
        assert!(reach.touches(span("2026-10-01", "2026-12-31")), "left");
        assert!(reach.touches(span("2027-02-01", "2027-02-28")), "went to");
        assert!(
            !reach.touches(span("2027-01-01", "2027-01-31")),
            "nothing changed in between"
        );
    }

    #[test]
    fn a_window_reaches_every_day_it_covers() {
        let r = release(1, 1, "2026-11-25", Some("2026-12-03"));
        let reach = Reach::of_release(None, Some(&r));
        assert!(reach.touches(span("2026-12-01", "2026-12-31")));
        assert!(!reach.touches(span("2026-12-04", "2026-12-31")));
    }

    #[test]
    fn a_team_change_reaches_everywhere() {
        assert!(Reach::Everywhere.touches(span("1900-01-01", "1900-01-01")));
    }
}
