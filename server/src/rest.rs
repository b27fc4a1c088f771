//! The REST API for scripts and CI, authenticated with `Authorization: Bearer <token>`.
//! Each route names the scope it needs; the token's owner must also be allowed by role.

use app::auth::{TOKEN_PREFIX, secret_hash};
use app::domain::calendar::DateSpan;
use app::domain::dates::read_day;
use app::domain::{Conflict, Principal, Release, ReleaseFilter, ReleaseId, Scope, Team, TeamId};
use app::read::{Link, LinkedRelease, ListingQuery, SharedCalendar, SharedDependencyReader};
use app::store::{SharedAccounts, SharedStore, StoreError};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

#[derive(Clone)]
pub struct RestState {
    pub accounts: SharedAccounts,
    pub store: SharedStore,
    pub calendar: SharedCalendar,
    pub dependencies: SharedDependencyReader,
}

pub fn routes(state: RestState) -> Router {
    Router::new()
        .route("/api/v1/me", get(me))
        .route("/api/v1/releases", get(releases))
        .route("/api/v1/releases/{id}/dependencies", get(dependencies))
        .route("/api/v1/conflicts", get(conflicts))
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
        if matches!(err, StoreError::NotFound) {
            return Self(StatusCode::NOT_FOUND, "No such release.".into());
        }
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
    Ok(Json(state.store.releases_between(period.span()?).await?))
}

fn team_name(teams: &[Team], id: TeamId) -> String {
    teams
        .iter()
        .find(|t| t.id == id)
        .map_or_else(|| format!("team #{id}"), |t| t.name.clone())
}

/// One dependency, for scripts: the release at its other end, and why it does not hold.
#[derive(Serialize)]
struct RestLink {
    id: i64,
    release: LinkedRelease,
    kind: &'static str,
    lead_days: u32,
    note: String,
    holds: bool,
    conflict: Option<String>,
}

#[derive(Serialize)]
struct RestLinks {
    upstream: Vec<RestLink>,
    downstream: Vec<RestLink>,
}

/// What release `id` depends on and what depends on it, each saying whether it holds.
async fn dependencies(
    State(state): State<RestState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Json<RestLinks>, ApiError> {
    authenticate(&state, &headers, Scope::Read).await?;
    let links = state.dependencies.links(ReleaseId(id)).await?;
    let teams = state.store.teams().await?;
    let rest = |link: Link| RestLink {
        id: link.dependency.id.0,
        kind: link.dependency.edge.kind.as_str(),
        lead_days: link.dependency.edge.lead_days,
        note: link.dependency.note.to_string(),
        holds: link.conflict.is_none(),
        conflict: link.conflict.map(|c| c.message(|t| team_name(&teams, t))),
        release: link.other,
    };
    Ok(Json(RestLinks {
        upstream: links.upstream.into_iter().map(rest).collect(),
        downstream: links.downstream.into_iter().map(rest).collect(),
    }))
}

#[derive(Serialize)]
struct RestConflict {
    release: i64,
    title: String,
    team: String,
    target: chrono::NaiveDate,
    /// "dependency", "same_day", "weekend" or "overdue".
    rule: &'static str,
    message: String,
}

/// Every broken rule of the releases of `from..=to`, dependencies included, as the calendar
/// judges them today.
async fn conflicts(
    State(state): State<RestState>,
    headers: HeaderMap,
    Query(period): Query<Period>,
) -> Result<Json<Vec<RestConflict>>, ApiError> {
    let person = authenticate(&state, &headers, Scope::Read).await?;
    let query = ListingQuery {
        span: period.span()?,
        today: chrono::Utc::now().date_naive(),
        filter: ReleaseFilter::default(),
    };
    let listing = state.calendar.calendar(&person, query).await?;
    let teams = &listing.teams;
    let found = listing
        .releases
        .iter()
        .flat_map(|item| {
            item.conflicts.iter().map(move |c| RestConflict {
                release: item.id.0,
                title: item.title.to_string(),
                team: team_name(teams, item.team_id),
                target: item.schedule.target(),
                rule: match c {
                    Conflict::Dependency { .. } => "dependency",
                    Conflict::SameDayBreaking { .. } => "same_day",
                    Conflict::Weekend => "weekend",
                    Conflict::Overdue => "overdue",
                },
                message: c.message(|t| team_name(teams, t)),
            })
        })
        .collect();
    Ok(Json(found))
}

impl Period {
    /// The days asked for: both ends given, in order, at most 366 days apart.
    fn span(&self) -> Result<DateSpan, ApiError> {
        let day = |raw: &str, name: &str| {
            read_day(raw).map_err(|hint| {
                ApiError(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("`{name}`: {hint}"),
                )
            })
        };
        let span = DateSpan {
            from: day(&self.from, "from")?,
            to: day(&self.to, "to")?,
        };
        if span.to < span.from || (span.to - span.from).num_days() > 366 {
            return Err(ApiError(
                StatusCode::UNPROCESSABLE_ENTITY,
                "`to` must be on or after `from`, at most 366 days later".into(),
            ));
        }
        Ok(span)
    }
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
