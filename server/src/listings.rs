//! Calendar listings already kept (see `app::api::listing_cache`) are answered here, before
//! Leptos' server-function dispatch. The hydrated calendar asks for its listing on every view
//! change, and once the listing is written, creating the reactive owner, copying the request's
//! headers and filling the contexts cost more than the answer itself. The answer is the same
//! bytes the server function would send; everything else (a listing not kept, a signed-out
//! caller, a plain form post, a malformed body) goes on to the server function.

use app::api::calendar::LoadCalendar;
use app::api::listing_cache::{ListingCache, ListingKey};
use app::api::support::SignedIn;
use app::error::AppError;
use app::store::SharedStore;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::{FromReq, PostUrl};
use serde_json::value::RawValue;
use std::sync::Arc;

/// A listing request is a few dozen bytes; one whose filter is small enough to be kept stays
/// far below this. Larger bodies go to the server function unread.
const MAX_BODY: usize = 16 * 1024;

#[derive(Clone)]
pub struct KeptListings {
    pub store: SharedStore,
    pub cache: ListingCache,
}

pub async fn answer_kept(State(kept): State<KeptListings>, req: Request, next: Next) -> Response {
    if !may_answer(&req) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return (
            StatusCode::BAD_REQUEST,
            "The request body could not be read in full.",
        )
            .into_response();
    };
    if let Some(json) = kept_json(&kept, bytes.clone()).await {
        return json_response(json);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// A signed-in caller's `load_calendar` from script, with a body of a known, small length.
fn may_answer(req: &Request) -> bool {
    let headers = req.headers();
    let small = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|length| length <= MAX_BODY);
    // Plain form posts expect a redirect, which the server function's handler makes.
    let html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    req.method() == Method::POST
        && req.uri().path() == <LoadCalendar as ServerFn>::PATH
        && req.extensions().get::<SignedIn>().is_some()
        && small
        && !html
}

/// The kept listing for the arguments in `body`, read with the server function's own decoder.
async fn kept_json(kept: &KeptListings, body: Bytes) -> Option<Arc<RawValue>> {
    let args = <LoadCalendar as FromReq<PostUrl, Request, AppError>>::from_req(Request::new(
        Body::from(body),
    ))
    .await
    .ok()?;
    let key = ListingKey::today(args.view, args.anchor, args.filter);
    let listing = kept.cache.get(&key, kept.store.data_version())?;
    Some(listing.json().clone())
}

fn json_response(json: Arc<RawValue>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        Body::from(Bytes::from_owner(Json(json))),
    )
        .into_response()
}

/// Lets the response body borrow the kept JSON instead of copying it.
struct Json(Arc<RawValue>);

impl AsRef<[u8]> for Json {
    fn as_ref(&self) -> &[u8] {
        self.0.get().as_bytes()
    }
}
