//! The SQL behind [`AccountStore`], written once for both dialects like the release store.

use super::commit::Change;
use super::release_store::{Lock, PgStore, SqliteStore};
use super::rows::{db_error, field_error};
use app::domain::access::{TokenSummary, UserSummary};
use app::domain::throttle::{self, RecentFailures};
use app::domain::{Membership, Principal, Role, Scope, TeamId, TokenId, UserId};
use app::store::{
    AccountStore, Actor, Credentials, NewUser, SessionRecord, SharedAccounts, StoreError,
};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::Arc;

/// A session's last-seen time is written at most this often, so reading pages does not turn
/// into a write per request.
const TOUCH_EVERY: Duration = Duration::minutes(5);

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    name: String,
    email: String,
    is_admin: bool,
    is_service: bool,
    disabled: bool,
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    user_id: i64,
    team_id: i64,
    team_name: String,
    role: String,
}

#[derive(sqlx::FromRow)]
struct CredentialsRow {
    id: i64,
    password_hash: Option<String>,
    disabled: bool,
}

/// A session joined with its person and their memberships: one row per membership (or one
/// row with no team).
#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: i64,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    name: String,
    email: String,
    is_admin: bool,
    disabled: bool,
    team_id: Option<i64>,
    team_name: Option<String>,
    role: Option<String>,
}

const SESSION_SELECT: &str = "SELECT s.user_id, s.last_seen_at, s.expires_at, u.name, u.email, \
     u.is_admin, u.disabled_at IS NOT NULL AS disabled, m.team_id, t.name AS team_name, m.role \
     FROM sessions s JOIN users u ON u.id = s.user_id \
     LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN teams t ON t.id = m.team_id \
     WHERE s.token_hash = $1 ORDER BY t.position, t.name";

fn session_record(rows: Vec<SessionRow>) -> Result<Option<SessionRecord>, StoreError> {
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let user = UserId(first.user_id);
    let (last_seen_at, expires_at, disabled) =
        (first.last_seen_at, first.expires_at, first.disabled);
    let person = Principal {
        id: user,
        name: first.name.clone(),
        email: first.email.clone(),
        admin: first.is_admin,
        memberships: Vec::new(),
    };
    let memberships = rows
        .into_iter()
        .filter_map(|row| match (row.team_id, row.team_name, row.role) {
            (Some(team_id), Some(team_name), Some(role)) => Some(membership(MembershipRow {
                user_id: row.user_id,
                team_id,
                team_name,
                role,
            })),
            _ => None,
        })
        .map(|m| m.map(|(_, m)| m))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(SessionRecord {
        user,
        last_seen_at,
        expires_at,
        principal: (!disabled).then_some(Principal {
            memberships,
            ..person
        }),
    }))
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    user_id: i64,
    owner_name: String,
    name: String,
    scopes: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
}

const USER_COLUMNS: &str =
    "id, name, email, is_admin, is_service, disabled_at IS NOT NULL AS disabled";
const MEMBERSHIP_SELECT: &str = "SELECT m.user_id, m.team_id, t.name AS team_name, m.role \
     FROM memberships m JOIN teams t ON t.id = m.team_id";
const TOKEN_SELECT: &str = "SELECT t.id, t.user_id, u.name AS owner_name, t.name, t.scopes, \
     t.created_at, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id";

fn membership(row: MembershipRow) -> Result<(UserId, Membership), StoreError> {
    let role =
        Role::parse(&row.role).map_err(|e| StoreError::Corrupt(format!("membership: {e}")))?;
    Ok((
        UserId(row.user_id),
        Membership {
            team_id: TeamId(row.team_id),
            team_name: row.team_name,
            role,
        },
    ))
}

fn principal(row: &UserRow, memberships: Vec<Membership>) -> Principal {
    Principal {
        id: UserId(row.id),
        name: row.name.clone(),
        email: row.email.clone(),
        admin: row.is_admin,
        memberships,
    }
}

fn token(row: TokenRow) -> TokenSummary {
    TokenSummary {
        id: TokenId(row.id),
        owner: UserId(row.user_id),
        owner_name: row.owner_name,
        name: row.name,
        scopes: row.scopes.split(',').filter_map(Scope::parse).collect(),
        created_at: row.created_at,
        last_used_at: row.last_used_at,
    }
}

fn scopes_text(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The actor of writes that are not audited.
fn bookkeeper() -> Actor {
    Actor::system("bookkeeping")
}

macro_rules! sql_account_store {
    ($store:ident, $db:ty) => {
        impl $store {
            async fn token_by_id(&self, id: TokenId) -> Result<TokenSummary, StoreError> {
                let sql = format!("{TOKEN_SELECT} WHERE t.id = $1");
                sqlx::query_as::<$db, TokenRow>(&sql)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .map(token)
                    .ok_or(StoreError::NotFound)
            }

            pub fn accounts(&self) -> SharedAccounts {
                Arc::new(self.clone())
            }
        }

        #[async_trait::async_trait]
        impl AccountStore for $store {
            async fn user_count(&self) -> Result<i64, StoreError> {
                sqlx::query_scalar::<$db, i64>("SELECT COUNT(*) FROM users")
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db_error)
            }

            async fn create_user(
                &self,
                user: &NewUser,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<UserId, StoreError> {
                self.commit(actor, now, async |tx| {
                    let id = UserId(sqlx::query_scalar::<$db, i64>(
                        "INSERT INTO users (email, name, password_hash, is_admin, is_service, \
                           created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(&user.email)
                    .bind(&user.name)
                    .bind(&user.password_hash)
                    .bind(user.admin)
                    .bind(user.service)
                    .bind(now)
                    .fetch_one(&mut **tx)
                    .await
                    .map_err(field_error("email"))?);
                    let after = serde_json::json!({
                        "email": user.email, "name": user.name,
                        "admin": user.admin, "service": user.service,
                    });
                    Ok((id, Change::Account { user: id, action: "created", after: Some(after) }))
                })
                .await
            }

            async fn credentials(&self, email: &str) -> Result<Option<Credentials>, StoreError> {
                Ok(sqlx::query_as::<$db, CredentialsRow>(
                    "SELECT id, password_hash, disabled_at IS NOT NULL AS disabled \
                     FROM users WHERE email = $1",
                )
                .bind(email)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?
                .map(|row| Credentials {
                    user: UserId(row.id),
                    password_hash: row.password_hash,
                    disabled: row.disabled,
                }))
            }

            async fn principal(&self, user: UserId) -> Result<Principal, StoreError> {
                let sql = format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE id = $1 AND disabled_at IS NULL"
                );
                let row = sqlx::query_as::<$db, UserRow>(&sql)
                    .bind(user.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .ok_or(StoreError::NotFound)?;
                let sql = format!("{MEMBERSHIP_SELECT} WHERE m.user_id = $1 ORDER BY t.position, t.name");
                let memberships = sqlx::query_as::<$db, MembershipRow>(&sql)
                    .bind(user.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .into_iter()
                    .map(|r| membership(r).map(|(_, m)| m))
                    .collect::<Result<_, _>>()?;
                Ok(principal(&row, memberships))
            }

            async fn users(&self) -> Result<Vec<UserSummary>, StoreError> {
                let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY name, id");
                let rows = sqlx::query_as::<$db, UserRow>(&sql)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?;
                let sql = format!("{MEMBERSHIP_SELECT} ORDER BY t.position, t.name");
                let mut by_user: HashMap<UserId, Vec<Membership>> = HashMap::new();
                for row in sqlx::query_as::<$db, MembershipRow>(&sql)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                {
                    let (user, m) = membership(row)?;
                    by_user.entry(user).or_default().push(m);
                }
                Ok(rows
                    .iter()
                    .map(|row| UserSummary {
                        principal: principal(
                            row,
                            by_user.remove(&UserId(row.id)).unwrap_or_default(),
                        ),
                        service: row.is_service,
                        disabled: row.disabled,
                    })
                    .collect())
            }

            async fn set_membership(
                &self,
                user: UserId,
                team: TeamId,
                role: Option<Role>,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                self.commit(actor, now, async |tx| {
                    let exists =
                        sqlx::query_scalar::<$db, i64>("SELECT id FROM users WHERE id = $1")
                            .bind(user.0)
                            .fetch_optional(&mut **tx)
                            .await
                            .map_err(db_error)?;
                    if exists.is_none() {
                        return Err(StoreError::NotFound);
                    }
                    let before = sqlx::query_scalar::<$db, String>(
                        "SELECT role FROM memberships WHERE user_id = $1 AND team_id = $2",
                    )
                    .bind(user.0)
                    .bind(team.0)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(db_error)?;
                    match role {
                        Some(role) => sqlx::query::<$db>(
                            "INSERT INTO memberships (user_id, team_id, role) \
                             VALUES ($1, $2, $3) \
                             ON CONFLICT (user_id, team_id) DO UPDATE SET role = excluded.role",
                        )
                        .bind(user.0)
                        .bind(team.0)
                        .bind(role.as_str()),
                        None => sqlx::query::<$db>(
                            "DELETE FROM memberships WHERE user_id = $1 AND team_id = $2",
                        )
                        .bind(user.0)
                        .bind(team.0),
                    }
                    .execute(&mut **tx)
                    .await
                    .map_err(field_error("team_id"))?;
                    let state = |role: Option<&str>| {
                        Some(serde_json::json!({ "team_id": team.0, "role": role }))
                    };
                    let change = Change::Access {
                        user,
                        action: "membership",
                        before: state(before.as_deref()),
                        after: state(role.map(Role::as_str)),
                    };
                    Ok(((), change))
                })
                .await
            }

            async fn set_disabled(
                &self,
                user: UserId,
                disabled: bool,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                self.commit(actor, now, async |tx| {
                    let changed = sqlx::query::<$db>(
                        "UPDATE users SET disabled_at = CASE WHEN $2 THEN $3 ELSE NULL END \
                         WHERE id = $1",
                    )
                    .bind(user.0)
                    .bind(disabled)
                    .bind(now)
                    .execute(&mut **tx)
                    .await
                    .map_err(db_error)?
                    .rows_affected();
                    if changed == 0 {
                        return Err(StoreError::NotFound);
                    }
                    if disabled {
                        sqlx::query::<$db>("DELETE FROM sessions WHERE user_id = $1")
                            .bind(user.0)
                            .execute(&mut **tx)
                            .await
                            .map_err(db_error)?;
                    }
                    let action = if disabled { "disabled" } else { "enabled" };
                    Ok(((), Change::Access { user, action, before: None, after: None }))
                })
                .await
            }

            async fn create_session(
                &self,
                token_hash: &str,
                user: UserId,
                now: DateTime<Utc>,
                expires_at: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                self.commit(&bookkeeper(), now, async |tx| {
                    sqlx::query::<$db>(
                        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, \
                           expires_at) VALUES ($1, $2, $3, $3, $4)",
                    )
                    .bind(token_hash)
                    .bind(user.0)
                    .bind(now)
                    .bind(expires_at)
                    .execute(&mut **tx)
                    .await
                    .map_err(db_error)?;
                    Ok(((), Change::Bookkeeping))
                })
                .await
            }

            async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
                session_record(
                    sqlx::query_as::<$db, SessionRow>(SESSION_SELECT)
                        .bind(token_hash)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db_error)?,
                )
            }

            async fn touch_session(
                &self,
                token_hash: &str,
                now: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                self.commit(&bookkeeper(), now, async |tx| {
                    sqlx::query::<$db>(
                        "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1",
                    )
                    .bind(token_hash)
                    .bind(now)
                    .execute(&mut **tx)
                    .await
                    .map_err(db_error)?;
                    Ok(((), Change::Bookkeeping))
                })
                .await
            }

            async fn delete_session(
                &self,
                token_hash: &str,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                self.commit(actor, now, async |tx| {
                    let ended = sqlx::query_scalar::<$db, i64>(
                        "DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id",
                    )
                    .bind(token_hash)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(db_error)?;
                    let change = match ended {
                        Some(user) => Change::Access {
                            user: UserId(user),
                            action: "session_ended",
                            before: None,
                            after: None,
                        },
                        None => Change::Bookkeeping,
                    };
                    Ok(((), change))
                })
                .await
            }

            async fn record_sign_in(&self, user: UserId, now: DateTime<Utc>) -> Result<(), StoreError> {
                let name = sqlx::query_scalar::<$db, String>("SELECT name FROM users WHERE id = $1")
                    .bind(user.0)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db_error)?;
                let actor = Actor { user: Some(user), label: name };
                self.commit(&actor, now, async |_| {
                    Ok(((), Change::Account { user, action: "signed_in", after: None }))
                })
                .await
            }

            async fn begin_sign_in_attempt(
                &self,
                email: &str,
                client: &str,
                now: DateTime<Utc>,
            ) -> Result<Option<chrono::TimeDelta>, StoreError> {
                self.commit(&bookkeeper(), now, async |tx| {
                    self.serialise(tx, Lock::SignIns).await?;
                    let since = now - throttle::WINDOW;
                    let rows = sqlx::query_as::<$db, (String, String, DateTime<Utc>)>(
                        "SELECT email, client, at FROM sign_in_failures \
                         WHERE (email = $1 OR client = $2) AND at >= $3",
                    )
                    .bind(email)
                    .bind(client)
                    .bind(since)
                    .fetch_all(&mut **tx)
                    .await
                    .map_err(db_error)?;
                    let failures = RecentFailures {
                        for_email: rows.iter().filter(|r| r.0 == email).map(|r| r.2).collect(),
                        from_client: rows.iter().filter(|r| r.1 == client).map(|r| r.2).collect(),
                    };
                    if let Some(wait) = throttle::wait_before_attempt(&failures, now) {
                        return Ok((Some(wait), Change::Bookkeeping));
                    }
                    // Failures that no longer count are dropped as new ones arrive.
                    sqlx::query::<$db>("DELETE FROM sign_in_failures WHERE at < $1")
                        .bind(since)
                        .execute(&mut **tx)
                        .await
                        .map_err(db_error)?;
                    sqlx::query::<$db>(
                        "INSERT INTO sign_in_failures (email, client, at) VALUES ($1, $2, $3)",
                    )
                    .bind(email)
                    .bind(client)
                    .bind(now)
                    .execute(&mut **tx)
                    .await
                    .map_err(db_error)?;
                    Ok((None, Change::Bookkeeping))
                })
                .await
            }

            async fn clear_sign_in_failures(&self, email: &str) -> Result<(), StoreError> {
                self.commit(&bookkeeper(), Utc::now(), async |tx| {
                    sqlx::query::<$db>("DELETE FROM sign_in_failures WHERE email = $1")
                        .bind(email)
                        .execute(&mut **tx)
                        .await
                        .map_err(db_error)?;
                    Ok(((), Change::Bookkeeping))
                })
                .await
            }

            async fn create_token(
                &self,
                owner: UserId,
                name: &str,
                scopes: &[Scope],
                token_hash: &str,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<TokenSummary, StoreError> {
                let id = self.commit(actor, now, async |tx| {
                    let id = sqlx::query_scalar::<$db, i64>(
                        "INSERT INTO api_tokens (user_id, name, scopes, token_hash, created_by, \
                           created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(owner.0)
                    .bind(name)
                    .bind(scopes_text(scopes))
                    .bind(token_hash)
                    .bind(actor.user.map(|u| u.0))
                    .bind(now)
                    .fetch_one(&mut **tx)
                    .await
                    .map_err(db_error)?;
                    let after = serde_json::json!({
                        "owner": owner.0, "name": name, "scopes": scopes_text(scopes),
                    });
                    let change =
                        Change::Token { id, action: "created", before: None, after: Some(after) };
                    Ok((id, change))
                })
                .await?;
                self.token_by_id(TokenId(id)).await
            }

            async fn tokens(&self, owner: Option<UserId>) -> Result<Vec<TokenSummary>, StoreError> {
                let rows = match owner {
                    Some(owner) => {
                        let sql = format!(
                            "{TOKEN_SELECT} WHERE t.revoked_at IS NULL AND t.user_id = $1 \
                             ORDER BY t.created_at DESC, t.id DESC"
                        );
                        sqlx::query_as::<$db, TokenRow>(&sql)
                            .bind(owner.0)
                            .fetch_all(&self.pool)
                            .await
                    }
                    None => {
                        let sql = format!(
                            "{TOKEN_SELECT} WHERE t.revoked_at IS NULL \
                             ORDER BY t.created_at DESC, t.id DESC"
                        );
                        sqlx::query_as::<$db, TokenRow>(&sql).fetch_all(&self.pool).await
                    }
                }
                .map_err(db_error)?;
                Ok(rows.into_iter().map(token).collect())
            }

            async fn revoke_token(
                &self,
                id: TokenId,
                actor: &Actor,
                now: DateTime<Utc>,
            ) -> Result<TokenSummary, StoreError> {
                let summary = self.token_by_id(id).await?;
                self.commit(actor, now, async |tx| {
                    let revoked = sqlx::query::<$db>(
                        "UPDATE api_tokens SET revoked_at = $2 \
                         WHERE id = $1 AND revoked_at IS NULL",
                    )
                    .bind(id.0)
                    .bind(now)
                    .execute(&mut **tx)
                    .await
                    .map_err(db_error)?
                    .rows_affected();
                    if revoked == 0 {
                        return Err(StoreError::NotFound);
                    }
                    let before =
                        serde_json::json!({ "owner": summary.owner.0, "name": summary.name });
                    let change = Change::Token {
                        id: id.0,
                        action: "revoked",
                        before: Some(before),
                        after: None,
                    };
                    Ok(((), change))
                })
                .await?;
                Ok(summary)
            }

            async fn use_token(
                &self,
                token_hash: &str,
                now: DateTime<Utc>,
            ) -> Result<Option<TokenSummary>, StoreError> {
                let sql = format!("{TOKEN_SELECT} WHERE t.token_hash = $1 AND t.revoked_at IS NULL");
                let Some(found) = sqlx::query_as::<$db, TokenRow>(&sql)
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?
                    .map(token)
                else {
                    return Ok(None);
                };
                if found.last_used_at.is_none_or(|at| now - at > Duration::minutes(1)) {
                    self.commit(&bookkeeper(), now, async |tx| {
                        sqlx::query::<$db>(
                            "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1",
                        )
                        .bind(found.id.0)
                        .bind(now)
                        .execute(&mut **tx)
                        .await
                        .map_err(db_error)?;
                        Ok(((), Change::Bookkeeping))
                    })
                    .await?;
                }
                Ok(Some(found))
            }
        }
    };
}

sql_account_store!(SqliteStore, sqlx::Sqlite);
sql_account_store!(PgStore, sqlx::Postgres);

/// Whether a stored session is still valid at `now`, and whether its last-seen time is due to
/// be written.
pub fn session_state(session: &SessionRecord, idle: Duration, now: DateTime<Utc>) -> (bool, bool) {
    let valid = now < session.expires_at && now - session.last_seen_at < idle;
    (valid, valid && now - session.last_seen_at > TOUCH_EVERY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn sessions_lapse_when_idle_or_old_and_are_touched_sparingly() {
        let signed_in = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let session = SessionRecord {
            user: UserId(1),
            last_seen_at: signed_in,
            expires_at: signed_in + Duration::days(7),
            principal: None,
        };
        let idle = Duration::hours(12);
        assert_eq!(
            session_state(&session, idle, signed_in + Duration::minutes(1)),
            (true, false)
        );
        assert_eq!(
            session_state(&session, idle, signed_in + Duration::minutes(6)),
            (true, true)
        );
        assert_eq!(
            session_state(&session, idle, signed_in + Duration::hours(13)),
            (false, false)
        );
        let busy = SessionRecord {
            last_seen_at: signed_in + Duration::days(7) - Duration::minutes(1),
            ..session.clone()
        };
        assert_eq!(
            session_state(&busy, idle, signed_in + Duration::days(7)),
            (false, false)
        );
    }
}
