//! The REST API for scripts and CI, authenticated with `Authorization: Bearer <token>`.
//! Each route names the scope it needs; the token's owner must also be allowed by role.

use app::auth::{TOKEN_PREFIX, secret_hash};
use app::domain::calendar::DateSpan;
use app::domain::dates::read_day;
use app::domain::{Principal, Release, Scope};
use app::store::{SharedAccounts, SharedStore, StoreError};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

#[derive(Clone)]
pub struct RestState {
    pub accounts: SharedAccounts,
    pub store: SharedStore,
}

pub fn routes(state: RestState) -> Router {
    Router::new()
        .route("/api/v1/me", get(me))
        .route("/api/v1/releases", get(releases))
        .with_state(state)
}

#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            error: String,
        }
        (self.0, Json(Body { error: self.1 })).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        tracing::error!(error = %err, "REST API store failure");
        Self(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side; nothing was changed.".into(),
        )
    }
}

/// The credentials of an `Authorization: Bearer …` value; the scheme's name is
/// case-insensitive (RFC 9110, section 11.1).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The token's owner, if the token is live and carries `scope`.
async fn authenticate(
    state: &RestState,
    headers: &HeaderMap,
    scope: Scope,
) -> Result<Principal, ApiError> {
    let unauthorized = |msg: &str| ApiError(StatusCode::UNAUTHORIZED, msg.to_owned());
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token)
        .filter(|t| t.starts_with(TOKEN_PREFIX))
        .ok_or_else(|| unauthorized("Send an API token as `Authorization: Bearer flt_…`."))?;
    let found = state
        .accounts
        .use_token(&secret_hash(token), chrono::Utc::now())
        .await?
        .ok_or_else(|| unauthorized("This token is unknown or was revoked."))?;
    if !found.scopes.contains(&scope) {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            format!("This token lacks the “{}” scope.", scope.as_str()),
        ));
    }
    match state.accounts.principal(found.owner).await {
        Ok(p) => Ok(p),
        Err(StoreError::NotFound) => Err(unauthorized("The token's account is disabled.")),
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
struct Me {
    id: i64,
    name: String,
    admin: bool,
}

async fn me(State(state): State<RestState>, headers: HeaderMap) -> Result<Json<Me>, ApiError> {
    let person = authenticate(&state, &headers, Scope::Read).await?;
    Ok(Json(Me {
        id: person.id.0,
        name: person.name,
        admin: person.admin,
    }))
}

#[derive(Deserialize)]
struct Period {
    from: String,
    to: String,
}

/// Releases whose day or window overlaps `from..=to` (at most 366 days).
async fn releases(
    State(state): State<RestState>,
    headers: HeaderMap,
    Query(period): Query<Period>,
) -> Result<Json<Vec<Release>>, ApiError> {
    authenticate(&state, &headers, Scope::Read).await?;
    let day = |raw: &str, name: &str| {
        read_day(raw).map_err(|hint| {
            ApiError(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("`{name}`: {hint}"),
            )
        })
    };
    let span = DateSpan {
        from: day(&period.from, "from")?,
        to: day(&period.to, "to")?,
    };
    if span.to < span.from || (span.to - span.from).num_days() > 366 {
        return Err(ApiError(
            StatusCode::UNPROCESSABLE_ENTITY,
            "`to` must be on or after `from`, at most 366 days later".into(),
        ));
    }
    Ok(Json(state.store.releases_between(span).await?))
}

#[cfg(test)]
mod tests {
    use super::bearer_token;

    #[test]
    fn the_bearer_scheme_is_read_in_any_case() {
        for value in [
            "Bearer flt_x",
            "bearer flt_x",
            "BEARER  flt_x ",
            " Bearer flt_x",
        ] {
            assert_eq!(bearer_token(value), Some("flt_x"), "{value}");
        }
        for value in ["Basic flt_x", "Bearerflt_x", "flt_x", ""] {
            assert_eq!(bearer_token(value), None, "{value}");
        }
    }
}
