//! Dependencies between releases: what one is (kind, lead time, note) and how a person writes
//! one down. The rules over them (cycles, conflicts, impact, moving dependents) are in
//! [`graph`].

mod graph;

pub use graph::{Dated, DependencyConflict, DependencyGraph, EdgeError, Impact};

use super::text::DependencyNote;
use super::{FieldErrors, ReleaseId, Version};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a dependency is about; the hidden-dependency prompts and the map group by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DependencyKind {
    Api,
    SdkReview,
    DataEtl,
    FraudRules,
    Accounting,
    SupportDocs,
    OnboardingDemo,
    Infrastructure,
    Other,
}

impl DependencyKind {
    pub const ALL: [Self; 9] = [
        Self::Api,
        Self::SdkReview,
        Self::DataEtl,
        Self::FraudRules,
        Self::Accounting,
        Self::SupportDocs,
        Self::OnboardingDemo,
        Self::Infrastructure,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::SdkReview => "sdk_review",
            Self::DataEtl => "data_etl",
            Self::FraudRules => "fraud_rules",
            Self::Accounting => "accounting",
            Self::SupportDocs => "support_docs",
            Self::OnboardingDemo => "onboarding_demo",
            Self::Infrastructure => "infrastructure",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Api => "API",
            Self::SdkReview => "SDK / app-store review",
            Self::DataEtl => "Data / ETL",
            Self::FraudRules => "Fraud rules",
            Self::Accounting => "Accounting / reconciliation",
            Self::SupportDocs => "Support macros / docs",
            Self::OnboardingDemo => "Onboarding / demo flows",
            Self::Infrastructure => "Infrastructure",
            Self::Other => "Other",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw.trim())
    }
}

/// The longest lead time a dependency may ask for.
pub const MAX_LEAD_DAYS: u32 = 365;

/// `downstream` needs `upstream`: it may ship no earlier than `upstream`'s date plus `lead_days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    pub upstream: ReleaseId,
    pub downstream: ReleaseId,
    pub kind: DependencyKind,
    pub lead_days: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DependencyId(pub i64);

impl fmt::Display for DependencyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A stored dependency. It belongs to its downstream release: whoever may edit that release's
/// dependencies may change or remove it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependency {
    pub id: DependencyId,
    pub edge: Edge,
    pub note: DependencyNote,
    pub version: Version,
}

/// What a person typed into the dependency form, as text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DependencyForm {
    /// The release depended on (its id); ignored when an existing dependency is edited.
    #[serde(default)]
    pub upstream: String,
    pub kind: String,
    #[serde(default)]
    pub lead_days: String,
    #[serde(default)]
    pub note: String,
}

/// A validated dependency form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DependencyDraft {
    pub upstream: ReleaseId,
    pub kind: DependencyKind,
    pub lead_days: u32,
    pub note: DependencyNote,
}

impl DependencyDraft {
    /// Validates every field at once. `upstream` is required only for a new dependency.
    pub fn parse(form: &DependencyForm, new: bool) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let upstream = match form.upstream.trim().parse::<i64>() {
            Ok(id) if id > 0 => Some(ReleaseId(id)),
            _ if !new => Some(ReleaseId(0)),
            _ => {
                errors.add("upstream", "choose the release this one depends on");
                None
            }
        };
        let kind = DependencyKind::parse(&form.kind);
        if kind.is_none() {
            errors.add("kind", "choose what kind of dependency this is");
        }
        let lead = form.lead_days.trim();
        let lead_days = match lead.parse::<u32>() {
            _ if lead.is_empty() => Some(0),
            Ok(days) if days <= MAX_LEAD_DAYS => Some(days),
            _ => {
                errors.add(
                    "lead_days",
                    format!("the lead time is a whole number of days from 0 to {MAX_LEAD_DAYS}"),
                );
                None
            }
        };
        let note = errors.check("note", DependencyNote::parse(&form.note));
        match (upstream, kind, lead_days, note) {
            (Some(upstream), Some(kind), Some(lead_days), Some(note)) if errors.is_empty() => {
                Ok(Self {
                    upstream,
                    kind,
                    lead_days,
                    note,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> DependencyForm {
        DependencyForm {
            upstream: "7".into(),
            kind: "api".into(),
            lead_days: "2".into(),
            note: "Needs the v3 refund endpoint".into(),
        }
    }

    #[test]
    fn a_complete_form_parses() {
        let draft = DependencyDraft::parse(&form(), true).unwrap();
        assert_eq!(draft.upstream, ReleaseId(7));
        assert_eq!(draft.kind, DependencyKind::Api);
        assert_eq!(draft.lead_days, 2);
        let no_lead = DependencyForm {
            lead_days: " ".into(),
            ..form()
        };
        assert_eq!(DependencyDraft::parse(&no_lead, true).unwrap().lead_days, 0);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = DependencyForm {
            upstream: "".into(),
            kind: "gossip".into(),
            lead_days: "-1".into(),
            note: "x".repeat(DependencyNote::MAX_CHARS + 1),
        };
        let errors = DependencyDraft::parse(&bad, true).unwrap_err();
        for field in ["upstream", "kind", "lead_days", "note"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let too_long = DependencyForm {
            lead_days: "366".into(),
            ..form()
        };
        assert!(DependencyDraft::parse(&too_long, true).is_err());
        let edit = DependencyForm {
            upstream: "".into(),
            ..form()
        };
        assert!(
            DependencyDraft::parse(&edit, false).is_ok(),
            "an edit keeps its ends"
        );
    }
}
