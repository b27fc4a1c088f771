//! Calendar filters, kept in the URL query so a filtered view can be shared as a link.

use super::{Release, ReleaseKind, ReleaseStatus, TeamId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ReleaseFilter {
    pub teams: Vec<TeamId>,
    pub statuses: Vec<ReleaseStatus>,
    pub kinds: Vec<ReleaseKind>,
    /// Case-insensitive text matched against title, description and owner.
    pub text: String,
}

fn split(raw: Option<&str>) -> impl Iterator<Item = &str> {
    raw.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

impl ReleaseFilter {
    /// Reads the filter from URL query values (`team=1,2&status=at_risk&kind=feature&q=api`).
    /// Unknown values are ignored: a shared link with a stale value still opens.
    pub fn from_query(
        team: Option<&str>,
        status: Option<&str>,
        kind: Option<&str>,
        q: Option<&str>,
    ) -> Self {
        Self {
            teams: split(team)
                .filter_map(|t| t.parse().ok().map(TeamId))
                .collect(),
            statuses: split(status)
                .filter_map(|s| ReleaseStatus::parse(s).ok())
                .collect(),
            kinds: split(kind)
                .filter_map(|k| ReleaseKind::parse(k).ok())
                .collect(),
            text: q.unwrap_or_default().trim().to_owned(),
        }
    }

    /// The query pairs that reproduce this filter; empty parts are left out.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let join = |parts: Vec<String>| parts.join(",");
        let mut pairs = Vec::new();
        if !self.teams.is_empty() {
            pairs.push((
                "team",
                join(self.teams.iter().map(|t| t.to_string()).collect()),
            ));
        }
        if !self.statuses.is_empty() {
            pairs.push((
                "status",
                join(self.statuses.iter().map(|s| s.as_str().into()).collect()),
            ));
        }
        if !self.kinds.is_empty() {
            pairs.push((
                "kind",
                join(self.kinds.iter().map(|k| k.as_str().into()).collect()),
            ));
        }
        if !self.text.is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        pairs
    }

    pub fn is_empty(&self) -> bool {
        self.teams.is_empty()
            && self.statuses.is_empty()
            && self.kinds.is_empty()
            && self.text.is_empty()
    }

    pub fn matches(&self, release: &Release) -> bool {
        let text = self.text.to_lowercase();
        (self.teams.is_empty() || self.teams.contains(&release.team_id))
            && (self.statuses.is_empty() || self.statuses.contains(&release.status))
            && (self.kinds.is_empty() || self.kinds.contains(&release.kind))
            && (text.is_empty()
                || [
                    release.title.as_str(),
                    release.description.as_str(),
                    release.owner.as_str(),
                ]
                .iter()
                .any(|field| field.to_lowercase().contains(&text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::tests_support::release;

    #[test]
    fn query_round_trips_and_ignores_unknown_values() {
        let f =
            ReleaseFilter::from_query(Some("1, 2,x"), Some("at_risk,bogus"), None, Some(" API "));
        assert_eq!(f.teams, vec![TeamId(1), TeamId(2)]);
        assert_eq!(f.statuses, vec![ReleaseStatus::AtRisk]);
        assert_eq!(
            f.to_query(),
            vec![
                ("team", "1,2".into()),
                ("status", "at_risk".into()),
                ("q", "API".into())
            ]
        );
    }

    #[test]
    fn all_parts_must_match() {
        let r = release(1, 2, "2026-03-12", None);
        assert!(ReleaseFilter::default().matches(&r));
        assert!(ReleaseFilter::from_query(Some("2"), None, None, Some("release 1")).matches(&r));
        assert!(!ReleaseFilter::from_query(Some("3"), None, None, None).matches(&r));
        assert!(!ReleaseFilter::from_query(None, Some("shipped"), None, None).matches(&r));
        assert!(!ReleaseFilter::from_query(None, None, None, Some("webinar")).matches(&r));
    }
}
