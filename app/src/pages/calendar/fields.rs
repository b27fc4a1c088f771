//! The release form's fields and its message area, shared by the create and edit panels. Each
//! field shows its own validation message and is marked invalid for assistive technology.

use crate::domain::dates::{FIELD_DAY, Show, parse_day, read_day};
use crate::domain::{ReleaseForm, ReleaseKind, ReleaseStatus, Team};
use crate::error::AppError;
use leptos::html;
use leptos::prelude::*;

/// Focuses the first field once the panel is on screen (also after client-side navigation).
fn focus_on_mount(node: NodeRef<html::Input>) {
    Effect::new(move |_| {
        if let Some(input) = node.get() {
            let _ = input.focus();
        }
    });
}

/// A message for errors that are not about one field (server trouble, conflicts are separate).
#[component]
pub fn FormAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    move || match error.get() {
        Some(AppError::Conflict(_)) | None => None,
        Some(err) => Some(view! { <p class="callout error" role="alert">{err.to_string()}</p> }),
    }
}

/// The release's fields; `values` prefill them, `error` puts messages next to them.
#[component]
pub fn ReleaseFields(
    values: ReleaseForm,
    teams: Vec<Team>,
    statuses: Vec<ReleaseStatus>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let title_ref = NodeRef::<html::Input>::new();
    focus_on_mount(title_ref);
    let message =
        move |field: &'static str| move || error.get().and_then(|e| e.field_message(field));
    let invalid = move |field: &'static str| move || message(field)().is_some().to_string();
    let error_text = move |field: &'static str| {
        view! { <p class="field-error" id=format!("release-{field}-error")>{message(field)}</p> }
    };
    let public = values.public.is_some();
    view! {
        <div class="field">
            <label for="release-title">"Title"</label>
            <input
                id="release-title"
                node_ref=title_ref
                name="form[title]"
                value=values.title.clone()
                aria-required="true"
                aria-invalid=invalid("title")
                aria-describedby="release-title-error"
                autocomplete="off"
            />
            {error_text("title")}
        </div>
        <div class="field-row">
            <div class="field">
                <label for="release-team_id">"Team"</label>
                <select id="release-team_id" name="form[team_id]" aria-invalid=invalid("team_id") aria-describedby="release-team_id-error">
                    <option value="" selected=values.team_id.is_empty()>"Choose a team"</option>
                    {teams
                        .into_iter()
                        .map(|t| {
                            let value = t.id.to_string();
                            let selected = value == values.team_id;
                            view! { <option value=value selected=selected>{t.name}</option> }
                        })
                        .collect_view()}
                </select>
                {error_text("team_id")}
            </div>
            <div class="field">
                <label for="release-kind">"Kind"</label>
                <select id="release-kind" name="form[kind]" aria-invalid=invalid("kind") aria-describedby="release-kind-error">
                    {ReleaseKind::ALL
                        .map(|k| view! { <option value=k.as_str() selected=k.as_str() == values.kind>{k.label()}</option> })}
                </select>
                {error_text("kind")}
            </div>
        </div>
        <div class="field-row">
            <div class="field">
                <label for="release-target_date">"Target date"</label>
                <DateInput field="target_date" what="the target date" value=values.target_date.clone() invalid=invalid("target_date") />
                {error_text("target_date")}
            </div>
            <div class="field">
                <label for="release-window_end">"Window ends " <span class="optional">"(optional)"</span></label>
                <DateInput field="window_end" what="the window's end" value=values.window_end.clone() invalid=invalid("window_end") />
                {error_text("window_end")}
            </div>
        </div>
        <div class="field-row">
            <div class="field">
                <label for="release-status">"Status"</label>
                <select id="release-status" name="form[status]" aria-invalid=invalid("status") aria-describedby="release-status-error">
                    {statuses
                        .into_iter()
                        .map(|s| view! { <option value=s.as_str() selected=s.as_str() == values.status>{s.label()}</option> })
                        .collect_view()}
                </select>
                {error_text("status")}
            </div>
            <div class="field">
                <label for="release-owner">"Owner " <span class="optional">"(optional)"</span></label>
                <input id="release-owner" name="form[owner]" value=values.owner.clone() aria-invalid=invalid("owner") aria-describedby="release-owner-error" autocomplete="off" />
                {error_text("owner")}
            </div>
        </div>
        <div class="field">
            <label for="release-description">"Description " <span class="optional">"(optional)"</span></label>
            // A textarea's content is raw text that Leptos writes unescaped, so the text is
            // escaped here; the browser decodes the entities back into the same value.
            <textarea
                id="release-description"
                name="form[description]"
                rows="4"
                aria-invalid=invalid("description")
                aria-describedby="release-description-error"
                inner_html=html_escape::encode_text(&values.description).into_owned()
            ></textarea>
            {error_text("description")}
        </div>
        <label class="checkbox">
            <input type="checkbox" name="form[public]" checked=public />
            <span>
                "Public — show on “What ships when” for marketing"
            </span>
        </label>
    }
}

/// A date typed as the rest of the app writes dates ("23 Dec 2026"; ISO is read too), with a
/// button that opens the browser's own date picker: a native date input would show the
/// browser's locale format ("12/23/2026") instead.
#[component]
fn DateInput(
    field: &'static str,
    what: &'static str,
    value: String,
    invalid: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    let shown = parse_day(&value).map_or(value, |day| day.show(FIELD_DAY));
    let text = NodeRef::<html::Input>::new();
    let picker = NodeRef::<html::Input>::new();
    let open_picker = move |_| {
        if let (Some(text), Some(picker)) = (text.get(), picker.get()) {
            picker.set_value(
                &read_day(&text.value())
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            );
            let _ = picker.show_picker();
        }
    };
    let picked = move |_| {
        if let (Some(text), Some(picker)) = (text.get(), picker.get())
            && let Some(day) = parse_day(&picker.value())
        {
            // The picker's own input event tells the panel of the change.
            text.set_value(&day.show(FIELD_DAY));
        }
    };
    view! {
        <div class="date-input">
            <input
                id=format!("release-{field}")
                node_ref=text
                name=format!("form[{field}]")
                value=shown
                placeholder="23 Dec 2026"
                autocomplete="off"
                aria-invalid=invalid
                aria-describedby=format!("release-{field}-error")
            />
            <button type="button" class="icon-button" aria-label=format!("Pick {what} on a calendar") title="Pick on a calendar" on:click=open_picker>
                <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" class="icon">
                    <rect x="2" y="3" width="12" height="11" rx="2" fill="none" stroke="currentColor" stroke-width="1.5" />
                    <path d="M2 6.5h12M5.5 1.5v3M10.5 1.5v3" stroke="currentColor" stroke-width="1.5" />
                </svg>
            </button>
            <input type="date" class="date-native" node_ref=picker tabindex="-1" aria-hidden="true" on:change=picked />
        </div>
    }
}
