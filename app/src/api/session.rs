//! Signing in and out, the signed-in person, and the one-time setup of the first administrator.

use crate::domain::Principal;
use crate::error::AppError;
use crate::wire::Json;
use leptos::prelude::*;

/// The same message whether the email is unknown, the password wrong or the account disabled,
/// so sign-in never reveals who has an account.
#[cfg(feature = "ssr")]
const NO_MATCH: &str = "That email and password do not match an active account.";

#[cfg(feature = "ssr")]
fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Starts a new session for `user` (a fresh id: the one the browser had is dropped, so a
/// planted session id is never promoted) and sets the cookie.
#[cfg(feature = "ssr")]
async fn start_session(
    accounts: &crate::store::SharedAccounts,
    user: crate::domain::UserId,
) -> Result<(), AppError> {
    use super::support::{from_store, session_settings, signed_in};
    use crate::auth::{new_session_id, secret_hash};
    use leptos_axum::ResponseOptions;

    let settings = session_settings();
    let now = chrono::Utc::now();
    if let Some(old) = signed_in() {
        let actor = crate::store::Actor::person(&old.principal, None);
        let _ = accounts
            .delete_session(&old.session_hash, &actor, now)
            .await;
    }
    let session = new_session_id();
    accounts
        .create_session(&secret_hash(&session), user, now, now + settings.absolute)
        .await
        .map_err(|e| from_store(e, "The session"))?;
    accounts
        .record_sign_in(user, now)
        .await
        .map_err(|e| from_store(e, "The session"))?;
    if let (Some(res), Ok(cookie)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(&settings.cookie(&session)),
    ) {
        res.append_header(http::header::SET_COOKIE, cookie);
    }
    Ok(())
}

/// Tells the client when to try again (RFC 9110, section 10.2.3).
#[cfg(feature = "ssr")]
fn retry_after(wait: chrono::TimeDelta) {
    use leptos_axum::ResponseOptions;
    let seconds = wait.num_seconds().max(1).to_string();
    if let (Some(res), Ok(value)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(&seconds),
    ) {
        res.insert_header(http::header::RETRY_AFTER, value);
    }
}

/// Signs in with email and password. A plain form post is sent on to `next` (a local path).
#[server(endpoint = "sign_in", output = Json)]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use super::support::{accounts, client_addr, fail, from_store, is_local_path, redirect_to};
    use crate::auth::verify_password;
    use crate::domain::throttle;

    let email = normalise_email(&email);
    let accounts = accounts()?;
    let now = chrono::Utc::now();
    // Counted as a failure before the password is checked, so parallel guesses cannot all
    // pass the limit; a success forgets the failures again.
    let wait = accounts
        .begin_sign_in_attempt(&email, &client_addr(), now)
        .await
        .map_err(|e| from_store(e, "Sign-in"))?;
    if let Some(wait) = wait {
        retry_after(wait);
        return Err(fail(AppError::Throttled(format!(
            "Too many failed attempts. Wait {} and try again.",
            throttle::in_words(wait)
        ))));
    }
    let credentials = accounts
        .credentials(&email)
        .await
        .map_err(|e| from_store(e, "Sign-in"))?;
    let hash = credentials
        .as_ref()
        .filter(|c| !c.disabled)
        .and_then(|c| c.password_hash.clone());
    // Argon2 takes tens of milliseconds of CPU; keep it off the request threads.
    let verified = tokio::task::spawn_blocking(move || verify_password(&password, hash.as_deref()))
        .await
        .unwrap_or(false);
    let Some(user) = credentials.filter(|_| verified).map(|c| c.user) else {
        return Err(fail(AppError::Unauthorized(NO_MATCH.into())));
    };
    accounts
        .clear_sign_in_failures(&email)
        .await
        .map_err(|e| from_store(e, "Sign-in"))?;
    start_session(&accounts, user).await?;
    let next = next.filter(|n| is_local_path(n) && !n.starts_with("/sign-in"));
    redirect_to(Some(next.as_deref().unwrap_or("/")));
    Ok(())
}

/// Ends the current session at once, here and on the server.
#[server(endpoint = "sign_out", output = Json)]
pub async fn sign_out() -> Result<(), AppError> {
    use super::support::{accounts, from_store, redirect_to, session_settings, signed_in};
    use leptos_axum::ResponseOptions;

    if let Some(session) = signed_in() {
        let actor = crate::store::Actor::person(&session.principal, None);
        accounts()?
            .delete_session(&session.session_hash, &actor, chrono::Utc::now())
            .await
            .map_err(|e| from_store(e, "The session"))?;
    }
    if let (Some(res), Ok(cookie)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(&session_settings().cleared_cookie()),
    ) {
        res.append_header(http::header::SET_COOKIE, cookie);
    }
    redirect_to(Some("/sign-in"));
    Ok(())
}

/// The signed-in person, or None.
#[server(endpoint = "current_user", output = Json)]
pub async fn current_user() -> Result<Option<Principal>, AppError> {
    Ok(super::support::signed_in().map(|s| s.principal))
}

/// Creates the first administrator on a database with no accounts, and signs them in.
#[server(endpoint = "set_up", output = Json)]
pub async fn set_up(name: String, email: String, password: String) -> Result<(), AppError> {
    use super::support::{accounts, fail, from_store, redirect_to};
    use super::users::new_person;
    use crate::store::Actor;

    let accounts = accounts()?;
    let count = accounts
        .user_count()
        .await
        .map_err(|e| from_store(e, "Accounts"))?;
    if count > 0 {
        return Err(fail(AppError::Forbidden(
            "Flotilla is already set up. Sign in, or ask an administrator for an account.".into(),
        )));
    }
    let user = new_person(&name, &email, &password, true).await?;
    let id = accounts
        .create_user(&user, &Actor::system("Setup"), chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, "The account"))?;
    start_session(&accounts, id).await?;
    redirect_to(Some("/"));
    Ok(())
}
