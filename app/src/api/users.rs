//! Administration of people and service accounts: create, assign to teams, disable.

use crate::domain::access::UserSummary;
use crate::domain::account::AccountForm;
use crate::error::AppError;
use crate::wire::Json;
use leptos::prelude::*;

/// Validates a new person and hashes their password (off the request threads).
#[cfg(feature = "ssr")]
pub(super) async fn new_person(
    name: &str,
    email: &str,
    password: &str,
    admin: bool,
) -> Result<crate::store::NewUser, AppError> {
    let form = AccountForm {
        name: name.into(),
        email: email.into(),
        password: password.into(),
        admin: admin.then(|| "on".into()),
        ..AccountForm::default()
    };
    Ok(to_new_user(
        &crate::domain::account::AccountDraft::parse(&form)
            .map_err(|e| super::support::fail(e.into()))?,
    )
    .await)
}

#[cfg(feature = "ssr")]
async fn to_new_user(draft: &crate::domain::account::AccountDraft) -> crate::store::NewUser {
    let password = draft.password.clone();
    let password_hash = match password {
        Some(p) => tokio::task::spawn_blocking(move || crate::auth::hash_password(&p).ok())
            .await
            .ok()
            .flatten(),
        None => None,
    };
    crate::store::NewUser {
        email: draft.email.clone(),
        name: draft.name.to_string(),
        password_hash,
        admin: draft.admin,
        service: draft.service,
    }
}

#[server(endpoint = "list_users", output = Json)]
pub async fn list_users() -> Result<Vec<UserSummary>, AppError> {
    use super::support::{accounts, authorize, from_store};
    use crate::domain::Action;
    authorize(Action::ManageUsers, None)?;
    accounts()?
        .users()
        .await
        .map_err(|e| from_store(e, "Accounts"))
}

/// Creates a person (with a first password they change later) or a service account.
#[server(endpoint = "create_user", output = Json)]
pub async fn create_user(form: AccountForm) -> Result<UserSummary, AppError> {
    use super::support::{accounts, authorize, fail, from_store};
    use crate::domain::Action;
    use crate::domain::account::AccountDraft;

    let (_, actor) = authorize(Action::ManageUsers, None)?;
    let draft = AccountDraft::parse(&form).map_err(|e| fail(e.into()))?;
    let new = to_new_user(&draft).await;
    if new.password_hash.is_none() && !new.service {
        return Err(fail(AppError::Internal("password-hash".into())));
    }
    // Check the team first, so a bad team never leaves an account without its role.
    if let Some((team, _)) = draft.membership {
        let teams = super::support::store()?
            .teams()
            .await
            .map_err(|e| from_store(e, "Teams"))?;
        if !teams.iter().any(|t| t.id == team) {
            return Err(fail(AppError::field(
                "team_id",
                "that team no longer exists",
            )));
        }
    }
    let accounts = accounts()?;
    let now = chrono::Utc::now();
    let id = accounts
        .create_user(&new, &actor, now)
        .await
        .map_err(|e| from_store(e, "The account"))?;
    if let Some((team, role)) = draft.membership {
        accounts
            .set_membership(id, team, Some(role), &actor, now)
            .await
            .map_err(|e| from_store(e, "The membership"))?;
    }
    summary(&accounts, id).await
}

#[cfg(feature = "ssr")]
async fn summary(
    accounts: &crate::store::SharedAccounts,
    id: crate::domain::UserId,
) -> Result<UserSummary, AppError> {
    use super::support::from_store;
    accounts
        .users()
        .await
        .map_err(|e| from_store(e, "Accounts"))?
        .into_iter()
        .find(|u| u.principal.id == id)
        .ok_or_else(|| AppError::NotFound(format!("Account #{id}")))
}

/// Gives a person a role in a team; an empty role removes them from it.
#[server(endpoint = "set_membership", output = Json)]
pub async fn set_membership(
    user_id: i64,
    team_id: i64,
    role: String,
) -> Result<UserSummary, AppError> {
    use super::support::{accounts, authorize, fail, from_store};
    use crate::domain::{Action, Role, TeamId, UserId};

    let (_, actor) = authorize(Action::ManageUsers, None)?;
    let role = match role.trim() {
        "" => None,
        raw => Some(Role::parse(raw).map_err(|e| fail(AppError::field("role", e.to_string())))?),
    };
    let accounts = accounts()?;
    accounts
        .set_membership(
            UserId(user_id),
            TeamId(team_id),
            role,
            &actor,
            chrono::Utc::now(),
        )
        .await
        .map_err(|e| from_store(e, &format!("Account #{user_id}")))?;
    summary(&accounts, UserId(user_id)).await
}

/// Disables an account (ending its sessions at once) or enables it again.
#[server(endpoint = "set_user_disabled", output = Json)]
pub async fn set_user_disabled(user_id: i64, disabled: bool) -> Result<UserSummary, AppError> {
    use super::support::{accounts, authorize, fail, from_store};
    use crate::domain::{Action, UserId};

    let (me, actor) = authorize(Action::ManageUsers, None)?;
    if disabled && me.id == UserId(user_id) {
        return Err(fail(AppError::Forbidden(
            "You cannot disable your own account; ask another administrator.".into(),
        )));
    }
    let accounts = accounts()?;
    accounts
        .set_disabled(UserId(user_id), disabled, &actor, chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, &format!("Account #{user_id}")))?;
    summary(&accounts, UserId(user_id)).await
}
