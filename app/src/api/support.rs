//! Server-side plumbing shared by the server functions.

use crate::error::AppError;
use crate::store::{SharedStore, StoreError};
use http::header::ACCEPT;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

pub fn store() -> Result<SharedStore, AppError> {
    use_context::<SharedStore>().ok_or_else(|| {
        tracing::error!("no store in the server function context");
        AppError::Internal("no-store".into())
    })
}

/// Whether the request is a plain HTML form post (JavaScript off), which expects a redirect.
fn is_plain_form() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// Sets the HTTP status for `err` and returns it. Plain form posts keep their redirect status
/// so the browser goes back to the form, where the error is shown.
pub fn fail(err: AppError) -> AppError {
    if let (false, Some(res), Ok(status)) = (
        is_plain_form(),
        use_context::<ResponseOptions>(),
        http::StatusCode::from_u16(err.status()),
    ) {
        res.set_status(status);
    }
    err
}

/// Maps a store failure to what the user should hear; `what` names the object ("Release #4").
pub fn from_store(err: StoreError, what: &str) -> AppError {
    fail(match err {
        StoreError::NotFound => AppError::NotFound(what.to_owned()),
        StoreError::Conflict(current) => AppError::Conflict(current),
        StoreError::UnknownTeam => AppError::field("team_id", "that team no longer exists"),
        StoreError::Database(_) | StoreError::Corrupt(_) => {
            let reference = format!(
                "{:x}",
                chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
            );
            tracing::error!(%reference, error = %err, "store failure");
            AppError::Internal(reference)
        }
    })
}

/// After a successful plain form post, sends the browser to `return_to` (a path on this site).
/// With JavaScript on, the page itself decides where to go next.
pub fn redirect_to(return_to: Option<&str>) {
    if !is_plain_form() {
        return;
    }
    if let Some(path) = return_to.filter(|p| is_local_path(p)) {
        leptos_axum::redirect(path);
    }
}

/// A path on this site: refuses `//host`, `/\host` and absolute URLs (no open redirect).
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert!(is_local_path("/?view=month&date=2026-03-01"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "",
            "/a\nb",
        ] {
            assert!(!is_local_path(bad), "{bad}");
        }
    }
}
