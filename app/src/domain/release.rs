//! A release: one team's planned change on a date, and the validated input that creates or
//! edits one.

use super::{
    Description, FieldErrors, OwnerName, ReleaseKind, ReleaseStatus, Schedule, TeamId, Title,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReleaseId(pub i64);

impl fmt::Display for ReleaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A release's version: every change makes the next one, and an edit or move based on an
/// older one is refused (optimistic concurrency).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Version(pub i64);

impl Version {
    /// The version the release has once the change based on this one is saved.
    pub fn next(self) -> Self {
        Self(self.0 + 1)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    pub id: ReleaseId,
    pub team_id: TeamId,
    pub title: Title,
    pub kind: ReleaseKind,
    pub description: Description,
    pub schedule: Schedule,
    pub status: ReleaseStatus,
    pub public: bool,
    pub owner: OwnerName,
    pub version: Version,
    #[serde(deserialize_with = "super::dates::de::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "super::dates::de::instant")]
    pub updated_at: DateTime<Utc>,
    /// When the target date or window last changed (None: never moved since creation).
    #[serde(default, deserialize_with = "super::dates::de::instant_opt")]
    pub date_moved_at: Option<DateTime<Utc>>,
    /// The target date before the last move of the target date (None: never moved).
    #[serde(default, deserialize_with = "super::dates::de::day_opt")]
    pub moved_from: Option<NaiveDate>,
}

/// A release as it now is, in the answers that need only its schedule and current version,
/// or what a stale edit must show: moves, and edits refused because someone saved first.
/// Its timestamps, description and kind stay out, which keeps the full release's reader out
/// of the calendar's browser bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentRelease {
    pub id: ReleaseId,
    pub version: Version,
    pub title: Title,
    pub schedule: Schedule,
    pub status: ReleaseStatus,
    pub owner: OwnerName,
}

impl From<&Release> for CurrentRelease {
    fn from(release: &Release) -> Self {
        Self {
            id: release.id,
            version: release.version,
            title: release.title.clone(),
            schedule: release.schedule,
            status: release.status,
            owner: release.owner.clone(),
        }
    }
}

impl Release {
    /// The form values that reproduce this release, to prefill an edit form.
    pub fn to_form(&self) -> ReleaseForm {
        ReleaseForm {
            title: self.title.to_string(),
            team_id: self.team_id.to_string(),
            kind: self.kind.as_str().to_owned(),
            description: self.description.to_string(),
            target_date: self.schedule.target().to_string(),
            window_end: self
                .schedule
                .window_end()
                .map(|d| d.to_string())
                .unwrap_or_default(),
            status: self.status.as_str().to_owned(),
            public: self.public.then(|| "on".to_owned()),
            owner: self.owner.to_string(),
        }
    }

    /// The release's current content as a draft, the starting point of a partial change.
    pub fn draft(&self) -> ReleaseDraft {
        ReleaseDraft {
            team_id: self.team_id,
            title: self.title.clone(),
            kind: self.kind,
            description: self.description.clone(),
            schedule: self.schedule,
            status: self.status,
            public: self.public,
            owner: self.owner.clone(),
        }
    }

    /// Checks that `draft` is a legal edit of this release (the status move in particular).
    pub fn check_edit(&self, draft: &ReleaseDraft) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.check("status", self.status.check_move(draft.status));
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Checks that the release may still be moved to another day.
    pub fn check_reschedule(&self) -> Result<(), FieldErrors> {
        if !self.status.can_reschedule() {
            let mut errors = FieldErrors::new();
            errors.add(
                "target_date",
                format!(
                    "a release that is {} cannot be moved to another day",
                    self.status.label()
                ),
            );
            return Err(errors);
        }
        Ok(())
    }
}

/// What a person typed into the release form, before validation. Every field is text, the way
/// an HTML form posts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseForm {
    pub title: String,
    pub team_id: String,
    pub kind: String,
    #[serde(default)]
    pub description: String,
    pub target_date: String,
    #[serde(default)]
    pub window_end: String,
    #[serde(default)]
    pub status: String,
    /// A checkbox: present ("on") when ticked, absent otherwise.
    #[serde(default)]
    pub public: Option<String>,
    #[serde(default)]
    pub owner: String,
}

/// Validated content of a release, ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseDraft {
    pub team_id: TeamId,
    pub title: Title,
    pub kind: ReleaseKind,
    pub description: Description,
    pub schedule: Schedule,
    pub status: ReleaseStatus,
    pub public: bool,
    pub owner: OwnerName,
}

fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    super::dates::read_day(raw).map_err(str::to_owned)
}

impl ReleaseDraft {
    /// Validates every field at once, so the form can show all problems together.
    pub fn parse(form: &ReleaseForm) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", Title::parse(&form.title));
        let team_id = match form.team_id.trim().parse::<i64>() {
            Ok(id) if id > 0 => Some(TeamId(id)),
            _ => {
                errors.add("team_id", "choose a team");
                None
            }
        };
        let kind = errors.check("kind", ReleaseKind::parse(&form.kind));
        let description = errors.check("description", Description::parse(&form.description));
        let owner = errors.check("owner", OwnerName::parse(&form.owner));
        let status = if form.status.trim().is_empty() {
            Some(ReleaseStatus::Planned)
        } else {
            errors.check("status", ReleaseStatus::parse(&form.status))
        };
        let target = errors.check("target_date", parse_date(&form.target_date));
        let window_end = if form.window_end.trim().is_empty() {
            Some(None)
        } else {
            errors
                .check("window_end", parse_date(&form.window_end))
                .map(Some)
        };
        let schedule = match (target, window_end) {
            (Some(target), Some(end)) => errors.check("window_end", Schedule::new(target, end)),
            _ => None,
        };
        match (title, team_id, kind, description, owner, status, schedule) {
            (
                Some(title),
                Some(team_id),
                Some(kind),
                Some(description),
                Some(owner),
                Some(status),
                Some(schedule),
            ) if errors.is_empty() => Ok(Self {
                team_id,
                title,
                kind,
                description,
                schedule,
                status,
                public: form
                    .public
                    .as_deref()
                    .is_some_and(|v| !v.is_empty() && v != "false"),
                owner,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ReleaseForm {
        ReleaseForm {
            title: "New payment provider".into(),
            team_id: "3".into(),
            kind: "feature".into(),
            description: String::new(),
            target_date: "2026-03-12".into(),
            window_end: String::new(),
            status: String::new(),
            public: Some("on".into()),
            owner: "Dana".into(),
        }
    }

    #[test]
    fn a_complete_form_parses_with_planned_as_default_status() {
        let draft = ReleaseDraft::parse(&form()).unwrap();
        assert_eq!(draft.status, ReleaseStatus::Planned);
        assert_eq!(draft.team_id, TeamId(3));
        assert!(draft.public);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = ReleaseForm {
            title: " ".into(),
            team_id: "x".into(),
            kind: "rumour".into(),
            target_date: "12/03/2026".into(),
            ..form()
        };
        let errors = ReleaseDraft::parse(&bad).unwrap_err();
        assert_eq!(errors.get("title"), Some("Title is required"));
        assert_eq!(errors.get("team_id"), Some("choose a team"));
        assert_eq!(errors.get("kind"), Some("unknown kind “rumour”"));
        assert_eq!(
            errors.get("target_date"),
            Some(crate::domain::dates::DAY_FORMAT_HINT)
        );
    }

    #[test]
    fn window_before_target_is_a_field_error() {
        let bad = ReleaseForm {
            window_end: "2026-03-01".into(),
            ..form()
        };
        let errors = ReleaseDraft::parse(&bad).unwrap_err();
        assert_eq!(
            errors.get("window_end"),
            Some("the window must end on or after the target date")
        );
    }

    #[test]
    fn an_unticked_checkbox_is_not_public() {
        let draft = ReleaseDraft::parse(&ReleaseForm {
            public: None,
            ..form()
        })
        .unwrap();
        assert!(!draft.public);
    }
}
