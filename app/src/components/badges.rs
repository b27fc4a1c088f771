//! Status, confidence and conflict markers: colour always comes with an icon and a word.

use crate::domain::{Confidence, Conflict, ReleaseStatus};
use leptos::prelude::*;

#[component]
pub fn StatusBadge(status: ReleaseStatus) -> impl IntoView {
    view! {
        <span class=format!("badge status-{}", status.as_str())>
            <span aria-hidden="true">{status.icon()}</span>
            {status.label()}
        </span>
    }
}

#[component]
pub fn ConfidenceBadge(confidence: Confidence) -> impl IntoView {
    view! {
        <span class=format!("badge status-{}", confidence.css())>
            <span class="visually-hidden">"Confidence: "</span>
            {confidence.label()}
        </span>
    }
}

/// A small warning sign listing the broken rules (as a tooltip and for screen readers).
#[component]
pub fn ConflictBadge(conflicts: Vec<Conflict>) -> impl IntoView {
    let text = conflicts
        .iter()
        .map(Conflict::message)
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <span class="conflict-badge" title=text.clone()>
            <span aria-hidden="true">"⚠"</span>
            <span class="visually-hidden">{format!("Conflict: {text}")}</span>
        </span>
    }
}
