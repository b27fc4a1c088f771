//! Status and confidence markers: colour always comes with an icon and a word.

use crate::domain::{Confidence, ReleaseStatus};
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
