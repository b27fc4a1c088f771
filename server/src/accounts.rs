//! Accounts made from the command line (the first administrator, or scripted set-up).

use crate::db::Database;
use anyhow::Context;
use app::domain::Role;
use app::domain::account::{AccountDraft, AccountForm};
use app::store::{Actor, NewUser, StoreError};

pub struct NewAccount<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password: &'a str,
    pub admin: bool,
    /// Team name and role.
    pub team: Option<(&'a str, &'a str)>,
}

/// Validates and creates the account; returns how to refer to it ("Dana <dana@…>").
pub async fn create_user(db: &Database, new: NewAccount<'_>) -> anyhow::Result<String> {
    let store = db.store();
    let team = match new.team {
        Some((team, role)) => {
            let teams = store.teams().await?;
            let found = teams
                .iter()
                .find(|t| t.name.eq_ignore_ascii_case(team))
                .with_context(|| {
                    let names: Vec<&str> = teams.iter().map(|t| t.name.as_str()).collect();
                    format!("no team named {team:?}; teams: {}", names.join(", "))
                })?;
            Some((found.id, Role::parse(role)?))
        }
        None => None,
    };
    let form = AccountForm {
        name: new.name.into(),
        email: new.email.into(),
        password: new.password.into(),
        admin: new.admin.then(|| "on".into()),
        ..AccountForm::default()
    };
    let draft = AccountDraft::parse(&form).map_err(|errors| {
        let text: Vec<String> = errors.iter().map(|(f, m)| format!("{f}: {m}")).collect();
        anyhow::anyhow!("{}", text.join("; "))
    })?;
    let password = new.password.to_owned();
    let hash = tokio::task::spawn_blocking(move || app::auth::hash_password(&password))
        .await?
        .map_err(|e| anyhow::anyhow!("could not hash the password: {e}"))?;
    let actor = Actor::system("Command line");
    let now = chrono::Utc::now();
    let accounts = db.accounts();
    let id = accounts
        .create_user(
            &NewUser {
                email: draft.email.clone(),
                name: draft.name.to_string(),
                password_hash: Some(hash),
                admin: draft.admin,
                service: false,
            },
            &actor,
            now,
        )
        .await
        .map_err(|e| match e {
            StoreError::Taken { field: "email" } => {
                anyhow::anyhow!("an account with {} exists", draft.email)
            }
            other => other.into(),
        })?;
    if let Some((team, role)) = team {
        accounts
            .set_membership(id, team, Some(role), &actor, now)
            .await?;
    }
    Ok(format!("{} <{}>", draft.name, draft.email))
}
