//! When a release happens: a target day and, for staged roll-outs, the last day of its window.

use super::dates::in_range;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest roll-out window the calendar accepts.
pub const MAX_WINDOW_DAYS: i64 = 90;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    #[serde(deserialize_with = "super::dates::de::day")]
    target: NaiveDate,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::dates::de::day_opt"
    )]
    window_end: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("the window must end on or after the target date")]
    EndsBeforeTarget,
    #[error("a release window can last at most {MAX_WINDOW_DAYS} days")]
    TooLong,
    #[error("dates must lie between the years 1900 and 9999")]
    OutOfRange,
}

impl Schedule {
    pub fn new(target: NaiveDate, window_end: Option<NaiveDate>) -> Result<Self, ScheduleError> {
        if in_range(target).is_none() || window_end.is_some_and(|end| in_range(end).is_none()) {
            return Err(ScheduleError::OutOfRange);
        }
        let window_end = window_end.filter(|end| *end != target);
        if let Some(end) = window_end {
            if end < target {
                return Err(ScheduleError::EndsBeforeTarget);
            }
            if (end - target).num_days() > MAX_WINDOW_DAYS {
                return Err(ScheduleError::TooLong);
            }
        }
        Ok(Self { target, window_end })
    }

    pub fn target(&self) -> NaiveDate {
        self.target
    }

    pub fn window_end(&self) -> Option<NaiveDate> {
        self.window_end
    }

    /// The last day the release occupies on the calendar.
    pub fn last_day(&self) -> NaiveDate {
        self.window_end.unwrap_or(self.target)
    }

    /// The same schedule moved so that it starts on `target`, keeping the window's length;
    /// refused when either end would leave the years dates may have.
    pub fn moved_to(&self, target: NaiveDate) -> Result<Self, ScheduleError> {
        let window_end = self
            .window_end
            .map(|end| {
                target
                    .checked_add_signed(end - self.target)
                    .ok_or(ScheduleError::OutOfRange)
            })
            .transpose()?;
        Self::new(target, window_end)
    }

    pub fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.target <= to && self.last_day() >= from
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_window_cannot_end_before_it_starts() {
        assert_eq!(
            Schedule::new(d("2026-03-12"), Some(d("2026-03-11"))),
            Err(ScheduleError::EndsBeforeTarget)
        );
    }

    #[test]
    fn a_one_day_window_is_just_a_day() {
        let s = Schedule::new(d("2026-03-12"), Some(d("2026-03-12"))).unwrap();
        assert_eq!(s.window_end(), None);
    }

    #[test]
    fn windows_are_capped() {
        assert!(Schedule::new(d("2026-01-01"), Some(d("2026-04-01"))).is_ok());
        assert_eq!(
            Schedule::new(d("2026-01-01"), Some(d("2026-04-02"))),
            Err(ScheduleError::TooLong)
        );
    }

    #[test]
    fn moving_keeps_the_window_length() {
        let s = Schedule::new(d("2026-03-12"), Some(d("2026-03-14"))).unwrap();
        let moved = s.moved_to(d("2026-03-19")).unwrap();
        assert_eq!(moved.target(), d("2026-03-19"));
        assert_eq!(moved.window_end(), Some(d("2026-03-21")));
    }

    #[test]
    fn dates_stay_within_the_accepted_years() {
        assert_eq!(
            Schedule::new(d("0000-01-01"), None),
            Err(ScheduleError::OutOfRange)
        );
        assert_eq!(
            Schedule::new(d("9999-12-30"), Some(d("+10000-01-02"))),
            Err(ScheduleError::OutOfRange)
        );
        let s = Schedule::new(d("2026-03-12"), Some(d("2026-03-14"))).unwrap();
        assert_eq!(s.moved_to(d("9999-12-30")), Err(ScheduleError::OutOfRange));
        assert_eq!(
            s.moved_to(d("+262142-12-31")),
            Err(ScheduleError::OutOfRange)
        );
        assert_eq!(s.moved_to(d("-0001-01-01")), Err(ScheduleError::OutOfRange));
        assert!(s.moved_to(d("9999-12-29")).is_ok());
    }

    #[test]
    fn overlap_includes_both_ends() {
        let s = Schedule::new(d("2026-03-12"), Some(d("2026-03-14"))).unwrap();
        assert!(s.overlaps(d("2026-03-14"), d("2026-03-20")));
        assert!(s.overlaps(d("2026-03-01"), d("2026-03-12")));
        assert!(!s.overlaps(d("2026-03-15"), d("2026-03-20")));
    }
}
