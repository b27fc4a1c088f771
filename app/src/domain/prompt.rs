//! Hidden-dependency prompts: the dependencies releases of a kind usually have, as templates an
//! administrator edits, and each release's checklist made from them. An item is open until a
//! dependency of its kind is recorded for the release (linked) or someone says why it does not
//! apply (dismissed).

use super::dependency::DependencyKind;
use super::text::{DismissReason, PromptText};
use super::{FieldErrors, ReleaseId, ReleaseKind, Version};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TemplateId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PromptId(pub i64);

/// "Releases of this kind usually need that": one line of the organisation's checklists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptTemplate {
    pub id: TemplateId,
    pub release_kind: ReleaseKind,
    pub dependency_kind: DependencyKind,
    pub text: PromptText,
}

/// Where one checklist item of a release stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PromptState {
    Open,
    /// A dependency of its kind is recorded, on this release (None once it is deleted).
    Linked(Option<ReleaseId>),
    Dismissed(DismissReason),
}

/// One checklist item of a release.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    pub id: PromptId,
    pub release: ReleaseId,
    pub dependency_kind: DependencyKind,
    pub text: PromptText,
    pub state: PromptState,
    pub version: Version,
}

/// How many of `prompts` nobody has answered yet.
pub fn unchecked(prompts: &[Prompt]) -> usize {
    prompts
        .iter()
        .filter(|p| p.state == PromptState::Open)
        .count()
}

/// "3 unchecked dependencies", or None when every item is answered.
pub fn unchecked_label(prompts: &[Prompt]) -> Option<String> {
    match unchecked(prompts) {
        0 => None,
        1 => Some("1 unchecked dependency".to_owned()),
        n => Some(format!("{n} unchecked dependencies")),
    }
}

/// An administrator's new checklist line, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateForm {
    pub release_kind: String,
    pub dependency_kind: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateDraft {
    pub release_kind: ReleaseKind,
    pub dependency_kind: DependencyKind,
    pub text: PromptText,
}

impl TemplateDraft {
    pub fn parse(form: &TemplateForm) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let release_kind = errors.check("release_kind", ReleaseKind::parse(&form.release_kind));
        let dependency_kind = DependencyKind::parse(&form.dependency_kind);
        if dependency_kind.is_none() {
            errors.add("dependency_kind", "choose what kind of dependency it is");
        }
        let text = errors.check("text", PromptText::parse(&form.text));
        match (release_kind, dependency_kind, text) {
            (Some(release_kind), Some(dependency_kind), Some(text)) if errors.is_empty() => {
                Ok(Self {
                    release_kind,
                    dependency_kind,
                    text,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(state: PromptState) -> Prompt {
        Prompt {
            id: PromptId(1),
            release: ReleaseId(1),
            dependency_kind: DependencyKind::FraudRules,
            text: PromptText::parse("Fraud rules").unwrap(),
            state,
            version: Version(1),
        }
    }

    #[test]
    fn only_open_items_are_unchecked() {
        let reason = DismissReason::parse("Hosted checkout: nothing changes").unwrap();
        let list = [
            prompt(PromptState::Open),
            prompt(PromptState::Linked(Some(ReleaseId(2)))),
            prompt(PromptState::Dismissed(reason)),
            prompt(PromptState::Open),
        ];
        assert_eq!(unchecked(&list), 2);
        assert_eq!(
            unchecked_label(&list).as_deref(),
            Some("2 unchecked dependencies")
        );
        assert_eq!(unchecked_label(&list[1..3]), None);
    }

    #[test]
    fn a_template_needs_both_kinds_and_a_text() {
        let bad = TemplateForm {
            release_kind: "rumour".into(),
            dependency_kind: "".into(),
            text: " ".into(),
        };
        let errors = TemplateDraft::parse(&bad).unwrap_err();
        for field in ["release_kind", "dependency_kind", "text"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let good = TemplateForm {
            release_kind: "pricing".into(),
            dependency_kind: "onboarding_demo".into(),
            text: "Demo flows show the new prices".into(),
        };
        assert_eq!(
            TemplateDraft::parse(&good).unwrap().release_kind,
            ReleaseKind::Pricing
        );
    }
}
