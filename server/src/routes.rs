//! The HTTP surface: Leptos pages and server functions, live updates, the REST API, static
//! files and a health check, behind the session and same-origin layers and the front door.

use crate::auth::{AuthState, same_origin, session_layer};
use crate::db::Database;
use crate::front_door::FrontDoorLayer;
use crate::listings::{Densifier, KeptListings};
use crate::live::{LiveState, events};
use crate::rest::{self, RestState};
use app::api::listing_cache::ListingCache;
use app::auth::SessionSettings;
use app::{App, shell};
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use leptos::prelude::{LeptosOptions, provide_context};
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::{Arc, OnceLock};
use tokio::sync::watch;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;

/// The largest request body a server function reads; a larger one is answered 413. Forms are
/// a few kilobytes (a description is at most 5,000 characters).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub fn router(
    db: &Database,
    options: LeptosOptions,
    settings: SessionSettings,
    shutdown: watch::Receiver<bool>,
) -> Router {
    let routes = route_list().to_vec();
    let (store, accounts) = (db.store(), db.accounts());
    let auth = AuthState::new(accounts.clone(), settings.clone());
    let live = LiveState {
        changes: db.changes(),
        shutdown,
    };
    let rest = rest::routes(RestState {
        accounts: accounts.clone(),
        store: store.clone(),
    });
    let listings = ListingCache::default();
    let kept = KeptListings {
        store: store.clone(),
        cache: listings.clone(),
        auth: auth.clone(),
        densifier: Densifier::default(),
    };
    let state = PageState(Arc::new(options.clone()));
    let context = move || {
        provide_context(store.clone());
        provide_context(listings.clone());
        provide_context(accounts.clone());
        provide_context(settings.clone());
    };
    let routes = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(LeptosOptions::clone(&options))
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            PageState,
            _,
        >(context, shell))
        .with_state(state)
        .merge(Router::new().route("/events", get(events)).with_state(live))
        .merge(rest);
    // The layers wrap the router once. `Router::layer` would wrap each route in them, and
    // every call clones the route with all its layers: a tenth of a cached listing's cost.
    let layered = ServiceBuilder::new()
        .layer(FrontDoorLayer(kept))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // The default predicate leaves event streams uncompressed, so events are not held back.
        .layer(CompressionLayer::new())
        .layer(from_fn(same_origin))
        .layer(from_fn_with_state(auth, session_layer))
        .service(routes);
    Router::new().fallback_service(layered)
}

/// The state of the Leptos routes. Every server-function call clones it, so it is shared
/// rather than a `LeptosOptions`, whose clone copies a dozen fields.
#[derive(Clone)]
struct PageState(Arc<LeptosOptions>);

impl FromRef<PageState> for LeptosOptions {
    fn from_ref(state: &PageState) -> Self {
        LeptosOptions::clone(&state.0)
    }
}

/// The app's routes, generated once per process. Generating them sets a process-wide flag in
/// leptos_server that makes every resource first polled meanwhile wait forever, so a second
/// generation (another instance in the same process, as in the integration tests) could hang a
/// page being rendered elsewhere.
fn route_list() -> &'static [AxumRouteListing] {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App))
}
