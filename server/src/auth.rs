//! Who is calling: the session layer that turns a session cookie into a [`SignedIn`] request
//! extension, sends signed-out people to the sign-in page, and refuses cross-site writes.

mod session_cache;

use crate::db::{Versions, session_state};
use app::api::support::{ClientAddr, SignedIn};
use app::auth::{SessionSettings, secret_hash, session_from_cookies};
use app::store::{SharedAccounts, StoreError};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use session_cache::SessionCache;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Clone)]
pub struct AuthState {
    pub accounts: SharedAccounts,
    pub settings: SessionSettings,
    versions: Versions,
    /// Set once an account exists; until then every page leads to the setup page.
    has_users: Arc<AtomicBool>,
    sessions: SessionCache,
}

impl AuthState {
    pub fn new(accounts: SharedAccounts, versions: Versions, settings: SessionSettings) -> Self {
        Self {
            accounts,
            settings,
            versions,
            has_users: Arc::new(AtomicBool::new(false)),
            sessions: SessionCache::default(),
        }
    }

    async fn has_users(&self) -> Result<bool, StoreError> {
        if self.has_users.load(Ordering::Relaxed) {
            return Ok(true);
        }
        let any = self.accounts.user_count().await? > 0;
        self.has_users.store(any, Ordering::Relaxed);
        Ok(any)
    }

    /// The person behind the session cookie in `headers`, if the session is live. A request
    /// that carries an `Authorization` header is judged by that alone (the REST API's tokens),
    /// never by a cookie the browser added: a cross-site page can add both.
    pub async fn signed_in(&self, headers: &HeaderMap) -> Result<Option<SignedIn>, StoreError> {
        if headers.contains_key(header::AUTHORIZATION) {
            return Ok(None);
        }
        let Some(session) = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(session_from_cookies)
        else {
            return Ok(None);
        };
        let hash = secret_hash(session);
        let version = self.versions.sessions();
        let clock = std::time::Instant::now();
        let record = match self.sessions.get(&hash, version, clock) {
            Some(record) => record,
            None => {
                let Some(record) = self.accounts.session(&hash).await? else {
                    return Ok(None);
                };
                self.sessions.keep(&hash, record.clone(), version, clock);
                record
            }
        };
        let now = chrono::Utc::now();
        let (valid, touch) = session_state(&record, self.settings.idle, now);
        if !valid {
            self.sessions.forget(&hash);
            let lapsed = app::store::Actor::system("session expiry");
            self.accounts.delete_session(&hash, &lapsed, now).await?;
            return Ok(None);
        }
        let Some(principal) = record.principal else {
            return Ok(None);
        };
        if touch {
            self.accounts.touch_session(&hash, now).await?;
            self.sessions.touched(&hash, now);
        }
        Ok(Some(SignedIn {
            principal,
            session_hash: hash,
        }))
    }
}

/// Paths that are not pages: assets, server functions, the REST API, live updates, health,
/// and files (a last segment such as `favicon.ico`; `.` and `..` are not file names).
fn is_page(path: &str) -> bool {
    let is_file_name = |last: &str| {
        last.rsplit_once('.')
            .is_some_and(|(stem, ext)| !stem.trim_matches('.').is_empty() && !ext.is_empty())
    };
    !(path.starts_with("/pkg/")
        || path.starts_with("/api/")
        || path == "/events"
        || path == "/healthz"
        || path.rsplit('/').next().is_some_and(is_file_name))
}

fn unavailable(err: StoreError) -> Response {
    tracing::error!(error = %err, "session lookup failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "Flotilla cannot reach its database right now. Try again in a moment.",
    )
        .into_response()
}

pub async fn session_layer(
    State(auth): State<AuthState>,
    mut req: Request,
    next: Next,
) -> Response {
    let signed_in = match auth.signed_in(req.headers()).await {
        Ok(s) => s,
        Err(e) => return unavailable(e),
    };
    let path = req.uri().path().to_owned();
    if req.method() == Method::GET && is_page(&path) {
        let has_users = match auth.has_users().await {
            Ok(h) => h,
            Err(e) => return unavailable(e),
        };
        let target = match (has_users, signed_in.is_some(), path.as_str()) {
            (false, _, "/setup") => None,
            (false, _, _) => Some("/setup".to_owned()),
            (true, _, "/setup") => Some("/sign-in".to_owned()),
            (true, true, "/sign-in") => Some("/".to_owned()),
            (true, false, "/sign-in") => None,
            (true, false, _) => {
                let wanted = req
                    .uri()
                    .path_and_query()
                    .map_or("/", |p| p.as_str())
                    .to_owned();
                Some(format!("/sign-in?next={}", encode_component(&wanted)))
            }
            (true, true, _) => None,
        };
        if let Some(target) = target {
            return Redirect::to(&target).into_response();
        }
    }
    let private_page = signed_in.is_some() && is_page(&path);
    if let Some(signed_in) = signed_in {
        req.extensions_mut().insert(signed_in);
    }
    if let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        req.extensions_mut().insert(ClientAddr(peer.ip()));
    }
    let mut res = next.run(req).await;
    if private_page {
        // What a signed-in person sees must not outlive their session in any cache.
        res.headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(header::HeaderValue::from_static("no-store"));
    }
    res
}

fn encode_component(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The host:port part of an `Origin` or `Referer` value.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Refuses state-changing requests that a browser sent from another site (see
/// [`is_cross_site`]).
pub async fn same_origin(req: Request, next: Next) -> Response {
    if is_cross_site(req.method(), req.uri().path(), req.headers()) {
        return (
            StatusCode::FORBIDDEN,
            "This request did not come from a Flotilla page, so it was refused.",
        )
            .into_response();
    }
    next.run(req).await
}

/// Where the REST API lives: it authenticates by token only, never by cookie, so a page on
/// another site cannot act through it with a person's session.
pub const REST_PREFIX: &str = "/api/v1/";

/// A state-changing request, outside the REST API, whose Origin (or, without one, Referer)
/// does not name this host.
pub fn is_cross_site(method: &Method, path: &str, headers: &HeaderMap) -> bool {
    let safe = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || path.starts_with(REST_PREFIX) {
        return false;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let from = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok())
        .and_then(authority);
    !matches!((host, from), (Some(host), Some(from)) if host.eq_ignore_ascii_case(from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_told_apart_from_assets_and_calls() {
        assert!(is_page("/"));
        assert!(is_page("/admin/users"));
        for other in [
            "/pkg/flotilla.wasm",
            "/api/sign_in",
            "/events",
            "/favicon.ico",
            "/.well-known/security.txt",
        ] {
            assert!(!is_page(other), "{other}");
        }
        for page in ["/ships/.", "/admin/users/..", "/ships/", "/a./"] {
            assert!(is_page(page), "{page}");
        }
    }

    #[test]
    fn the_origin_authority_is_compared_without_scheme_or_path() {
        assert_eq!(authority("http://127.0.0.1:3000"), Some("127.0.0.1:3000"));
        assert_eq!(
            authority("https://flotilla.acme.test/x?y"),
            Some("flotilla.acme.test")
        );
        assert_eq!(authority("null"), None);
        assert_eq!(
            encode_component("/?view=month&date=x"),
            "/%3Fview%3Dmonth%26date%3Dx"
        );
    }
}
