//! API tokens: created with scopes, shown once, revocable. Only their hash is stored.

use crate::domain::TokenId;
use crate::domain::access::TokenSummary;
use crate::domain::account::TokenForm;
use crate::error::AppError;
use crate::wire::Json;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A token just created: the secret is in here and nowhere else, ever again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedToken {
    pub token: TokenSummary,
    pub secret: String,
}

/// The caller's tokens; administrators see every token.
#[server(endpoint = "list_tokens", output = Json)]
pub async fn list_tokens() -> Result<Vec<TokenSummary>, AppError> {
    use super::support::{accounts, from_store, principal};
    let me = principal()?;
    accounts()?
        .tokens((!me.admin).then_some(me.id))
        .await
        .map_err(|e| from_store(e, "Tokens"))
}

/// Creates a token for the caller, or (administrators only) for a service account.
#[server(endpoint = "create_token", output = Json)]
pub async fn create_token(form: TokenForm) -> Result<CreatedToken, AppError> {
    use super::support::{accounts, fail, from_store, principal};
    use crate::auth::{new_api_token, secret_hash};
    use crate::domain::{Action, UserId};
    use crate::store::Actor;

    let me = principal()?;
    let (name, scopes, owner) = form.parse().map_err(|e| fail(e.into()))?;
    let accounts = accounts()?;
    let owner = match owner.map(UserId) {
        None => me.id,
        Some(id) if id == me.id => id,
        Some(id) => {
            me.check(Action::ManageUsers, None)
                .map_err(|d| fail(d.into()))?;
            let users = accounts
                .users()
                .await
                .map_err(|e| from_store(e, "Accounts"))?;
            if !users.iter().any(|u| u.principal.id == id && u.service) {
                return Err(fail(AppError::field(
                    "owner",
                    "tokens can be made for yourself or a service account",
                )));
            }
            id
        }
    };
    let secret = new_api_token();
    let token = accounts
        .create_token(
            owner,
            name.as_str(),
            &scopes,
            &secret_hash(&secret),
            &Actor::person(&me, None),
            chrono::Utc::now(),
        )
        .await
        .map_err(|e| from_store(e, "The token"))?;
    Ok(CreatedToken { token, secret })
}

/// Revokes a token at once. People revoke their own; administrators any.
#[server(endpoint = "revoke_token", output = Json)]
pub async fn revoke_token(id: TokenId) -> Result<(), AppError> {
    use super::support::{accounts, fail, from_store, principal};
    use crate::store::Actor;

    let me = principal()?;
    let accounts = accounts()?;
    let mine = accounts
        .tokens(Some(me.id))
        .await
        .map_err(|e| from_store(e, "Tokens"))?
        .iter()
        .any(|t| t.id == id);
    if !mine && !me.admin {
        return Err(fail(AppError::Forbidden(
            "You can only revoke your own tokens.".into(),
        )));
    }
    accounts
        .revoke_token(id, &Actor::person(&me, None), chrono::Utc::now())
        .await
        .map_err(|e| from_store(e, &format!("Token #{id}")))?;
    Ok(())
}
