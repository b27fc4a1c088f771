//! How forms report a server action's failure: one message beside each field it names, and one
//! alert for the rest.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The error of an action's last result, if it failed.
pub fn error_of<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + 'static,
{
    Signal::derive(move || {
        action
            .value()
            .with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned()))
    })
}

/// The message for `field`, shown below it, when the last error names it.
#[component]
pub fn FieldMessage(error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    move || {
        error
            .get()
            .and_then(|e| e.field_message(field))
            .map(|m| view! { <p class="field-error">{m}</p> })
    }
}

/// An alert for an error that no single field shows. Field errors stay beside their fields;
/// with `list_fields`, a form without per-field slots lists their messages here instead.
#[component]
pub fn ActionAlert(
    error: Signal<Option<AppError>>,
    #[prop(optional)] list_fields: bool,
) -> impl IntoView {
    move || {
        let text = match error.get()? {
            AppError::Validation(errors) if list_fields => errors
                .iter()
                .map(|(_, m)| m.to_owned())
                .collect::<Vec<_>>()
                .join("; "),
            AppError::Validation(_) | AppError::Conflict(_) => return None,
            other => other.to_string(),
        };
        Some(view! { <p class="callout error" role="alert">{text}</p> })
    }
}
