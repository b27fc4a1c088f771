//! Repeat views served from memory. The calendar and "What ships when" are opened again and
//! again between changes (marketing checks the dates, teams refresh before stand-up), and
//! rendering a quarter of a large company takes milliseconds of CPU each time. A finished
//! response is kept for the exact request that produced it and the person who asked, and is
//! used only while the releases and teams it was built from are unchanged (the data version of
//! [`ReadCache`]) and on the same day (pages say "today", "moved 3 days ago").

use crate::db::ReadCache;
use app::api::support::SignedIn;
use app::domain::access::Principal;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Pages and read-only server functions whose output depends only on the request, the
/// signed-in person, the day and the release data. Everything else is never cached.
const CACHEABLE: &[(Method, &str)] = &[
    (Method::GET, "/"),
    (Method::GET, "/ships"),
    (Method::POST, "/api/load_calendar"),
    (Method::POST, "/api/load_ships"),
    (Method::POST, "/api/load_teams"),
];

/// The read-only calls post a few form fields; anything larger is not one of them.
const MAX_REQUEST_BODY: usize = 16 * 1024;
/// Bytes kept in all; past it the cache starts over.
const MAX_BYTES: usize = 24 * 1024 * 1024;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    method: Method,
    path_and_query: String,
    body: Bytes,
    /// Server functions answer a browser form post differently from a fetch.
    accept: Option<HeaderValue>,
    who: Principal,
    day: NaiveDate,
}

#[derive(Clone)]
struct Kept {
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Default)]
struct Entries {
    version: u64,
    bytes: usize,
    responses: HashMap<Key, Kept>,
}

#[derive(Clone)]
pub struct ResponseCache {
    data: ReadCache,
    entries: Arc<Mutex<Entries>>,
}

impl ResponseCache {
    pub fn new(data: ReadCache) -> Self {
        Self {
            data,
            entries: Arc::default(),
        }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get(&self, key: &Key) -> Option<Kept> {
        let entries = self.entries();
        if entries.version != self.data.version() {
            return None;
        }
        entries.responses.get(key).cloned()
    }

    /// Keeps a response built from data at `version` (read before building it), unless the
    /// data has moved on since.
    fn keep(&self, key: Key, version: u64, kept: Kept) {
        let mut entries = self.entries();
        if version != self.data.version() || version < entries.version {
            return;
        }
        if version != entries.version || entries.bytes + kept.body.len() > MAX_BYTES {
            *entries = Entries {
                version,
                ..Entries::default()
            };
        }
        entries.bytes += kept.body.len();
        if let Some(old) = entries.responses.insert(key, kept) {
            entries.bytes -= old.body.len();
        }
    }
}

fn is_cacheable(method: &Method, path: &str) -> bool {
    CACHEABLE.iter().any(|(m, p)| m == method && *p == path)
}

/// Answers a repeat request from memory, or passes it on and keeps a successful answer.
/// Runs inside the session layer: only signed-in requests are cached, each per person.
pub async fn serve_cached(
    State(cache): State<ResponseCache>,
    req: Request,
    next: Next,
) -> Response {
    if !is_cacheable(req.method(), req.uri().path()) {
        return next.run(req).await;
    }
    let Some(who) = req
        .extensions()
        .get::<SignedIn>()
        .map(|s| s.principal.clone())
    else {
        return next.run(req).await;
    };
    // Read before building the response, so a write that lands meanwhile makes it stale.
    let version = cache.data.version();
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_REQUEST_BODY).await else {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request is larger than this call accepts.",
        )
            .into_response();
    };
    let key = Key {
        method: parts.method.clone(),
        path_and_query: parts
            .uri
            .path_and_query()
            .map_or_else(String::new, |p| p.as_str().to_owned()),
        body: body.clone(),
        accept: parts.headers.get(header::ACCEPT).cloned(),
        who,
        day: chrono::Utc::now().date_naive(),
    };
    if let Some(kept) = cache.get(&key) {
        let mut res = Response::new(Body::from(kept.body));
        *res.headers_mut() = kept.headers;
        return res;
    }
    let res = next.run(Request::from_parts(parts, Body::from(body))).await;
    if res.status() != StatusCode::OK || res.headers().contains_key(header::SET_COOKIE) {
        return res;
    }
    let (parts, body) = res.into_parts();
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => {
            cache.keep(
                key,
                version,
                Kept {
                    headers: parts.headers.clone(),
                    body: bytes.clone(),
                },
            );
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(e) => {
            tracing::error!(error = %e, "could not finish a page");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Flotilla could not finish this page. Try again in a moment.",
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::access::UserId;

    fn key(path: &str, who: i64) -> Key {
        Key {
            method: Method::GET,
            path_and_query: path.to_owned(),
            body: Bytes::new(),
            accept: None,
            who: Principal {
                id: UserId(who),
                name: format!("Person {who}"),
                email: format!("p{who}@acme.test"),
                admin: false,
                memberships: Vec::new(),
            },
            day: "2026-11-27".parse().unwrap(),
        }
    }

    fn kept(text: &'static str) -> Kept {
        Kept {
            headers: HeaderMap::new(),
            body: Bytes::from_static(text.as_bytes()),
        }
    }

    #[test]
    fn a_response_is_kept_per_request_and_person_until_the_data_changes() {
        let data = ReadCache::default();
        let cache = ResponseCache::new(data.clone());
        cache.keep(key("/", 1), data.version(), kept("one"));
        assert_eq!(cache.get(&key("/", 1)).unwrap().body, "one");
        assert!(cache.get(&key("/", 2)).is_none());
        assert!(cache.get(&key("/?view=month", 1)).is_none());
        data.invalidate();
        assert!(cache.get(&key("/", 1)).is_none());
    }

    #[test]
    fn a_response_built_before_a_write_is_never_kept() {
        let data = ReadCache::default();
        let cache = ResponseCache::new(data.clone());
        let before = data.version();
        data.invalidate();
        cache.keep(key("/", 1), before, kept("stale"));
        assert!(cache.get(&key("/", 1)).is_none());
    }

    #[test]
    fn only_reads_of_release_data_are_cacheable() {
        assert!(is_cacheable(&Method::GET, "/"));
        assert!(is_cacheable(&Method::POST, "/api/load_calendar"));
        assert!(!is_cacheable(&Method::POST, "/api/reschedule_release"));
        assert!(!is_cacheable(&Method::GET, "/admin/users"));
        assert!(!is_cacheable(&Method::GET, "/settings/tokens"));
    }
}
