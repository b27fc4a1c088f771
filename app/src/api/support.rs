//! Server-side plumbing shared by the server functions.

use crate::auth::SessionSettings;
use crate::domain::{Action, Principal, TeamId};
use crate::error::AppError;
use crate::read::{SharedCalendar, SharedDependencyReader};
use crate::store::{Actor, SharedAccounts, SharedDependencies, SharedStore, StoreError};
use http::header::ACCEPT;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

pub fn store() -> Result<SharedStore, AppError> {
    use_context::<SharedStore>().ok_or_else(|| {
        tracing::error!("no store in the server function context");
        AppError::Internal("no-store".into())
    })
}

pub fn accounts() -> Result<SharedAccounts, AppError> {
    use_context::<SharedAccounts>().ok_or_else(|| {
        tracing::error!("no account store in the server function context");
        AppError::Internal("no-accounts".into())
    })
}

pub fn calendar() -> Result<SharedCalendar, AppError> {
    use_context::<SharedCalendar>().ok_or_else(|| {
        tracing::error!("no calendar reader in the server function context");
        AppError::Internal("no-calendar".into())
    })
}

pub fn dependencies() -> Result<SharedDependencies, AppError> {
    use_context::<SharedDependencies>().ok_or_else(|| {
        tracing::error!("no dependency store in the server function context");
        AppError::Internal("no-dependencies".into())
    })
}

pub fn dependency_reader() -> Result<SharedDependencyReader, AppError> {
    use_context::<SharedDependencyReader>().ok_or_else(|| {
        tracing::error!("no dependency reader in the server function context");
        AppError::Internal("no-dependency-reader".into())
    })
}

pub fn session_settings() -> SessionSettings {
    use_context::<SessionSettings>().unwrap_or_default()
}

/// Who is calling, as the server's session layer established it; the layer puts it in the
/// request's extensions, so it cannot be forged by the caller.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub principal: Principal,
    /// The hash of the session id the request carried.
    pub session_hash: String,
}

/// The address a request came from, as the server saw the connection; the session layer puts
/// it into the request's extensions.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub std::net::IpAddr);

/// The calling client's address, as text ("" when unknown).
pub fn client_addr() -> String {
    with_context::<http::request::Parts, _>(|parts| {
        parts
            .extensions
            .get::<ClientAddr>()
            .map(|c| c.0.to_string())
    })
    .flatten()
    .unwrap_or_default()
}

// `with_context` reads the request's parts in place; `use_context` would copy all its headers.
pub fn signed_in() -> Option<SignedIn> {
    with_context::<http::request::Parts, _>(|parts| parts.extensions.get::<SignedIn>().cloned())
        .flatten()
}

/// The signed-in person, or a 401-class error.
pub fn principal() -> Result<Principal, AppError> {
    signed_in()
        .map(|s| s.principal)
        .ok_or_else(|| fail(AppError::signed_out()))
}

/// The signed-in person, if they may do `action` on an object of `team`; otherwise a
/// 403-class error saying why. Returns how the audit trail names them for it.
pub fn authorize(action: Action, team: Option<TeamId>) -> Result<(Principal, Actor), AppError> {
    let person = principal()?;
    person
        .check(action, team)
        .map_err(|denied| fail(denied.into()))?;
    let actor = Actor::person(&person, team);
    Ok((person, actor))
}

/// Whether a request with these headers is a plain HTML form post (JavaScript off), which
/// expects a redirect.
pub fn is_plain_form_post(headers: &http::HeaderMap) -> bool {
    headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

fn is_plain_form() -> bool {
    with_context::<http::request::Parts, _>(|parts| is_plain_form_post(&parts.headers))
        .unwrap_or(false)
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
        StoreError::Conflict(current) => AppError::Conflict(Box::new((&*current).into())),
        StoreError::Missing { field } => AppError::field(field, missing(field)),
        StoreError::Taken { field } => AppError::field(field, taken(field)),
        StoreError::StaleDependency(_) => AppError::Changed("This dependency".into()),
        StoreError::StalePrompt => AppError::Changed("This checklist item".into()),
        StoreError::NotPermitted(id) => AppError::Forbidden(format!(
            "Release #{id} would have to move too, and you cannot reschedule its team's releases."
        )),
        StoreError::Cycle(_) => AppError::field("upstream", "it would close a cycle"),
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

/// What a person is told when the value of `field` refers to something gone.
fn missing(field: &str) -> &'static str {
    match field {
        "team_id" => "that team no longer exists",
        "upstream" => "that release no longer exists",
        _ => "this refers to something that no longer exists",
    }
}

/// What a person is told when the value of `field` must be unique and is taken.
fn taken(field: &str) -> &'static str {
    match field {
        "email" => "an account with this email already exists",
        "name" => "this name is already taken",
        "upstream" => "this release already depends on that one",
        _ => "this value is already taken",
    }
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
