//! The HTTP surface: Leptos pages and server functions, live updates, the REST API, static
//! files and a health check, behind one stack of layers.

use crate::auth::{AuthState, same_origin, session_layer};
use crate::db::Database;
use crate::live::{LiveState, events};
use crate::readers::Readers;
use crate::rest::{self, RestState};
use app::auth::SessionSettings;
use app::read::{SharedCalendar, SharedDependencyReader};
use app::{App, shell};
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use leptos::prelude::{LeptosOptions, provide_context};
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::{Arc, OnceLock};
use tokio::sync::watch;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

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
    let auth = AuthState::new(accounts.clone(), db.versions(), settings.clone());
    let live = LiveState {
        changes: db.changes(),
        shutdown,
    };
    let dependencies = db.dependencies();
    let prompts = db.prompts();
    let readers = Arc::new(Readers::new(
        store.clone(),
        dependencies.clone(),
        db.versions(),
    ));
    let warming = readers.clone();
    tokio::spawn(async move {
        if let Err(e) = warming.warm().await {
            tracing::warn!(error = %e, "could not load the releases ahead of the first listing");
        }
    });
    let links: SharedDependencyReader = readers.clone();
    let calendar: SharedCalendar = readers;
    let rest = rest::routes(RestState {
        accounts: accounts.clone(),
        store: store.clone(),
        calendar: calendar.clone(),
        dependencies: links.clone(),
    });
    let state = PageState(Arc::new(options.clone()));
    let context = move || {
        provide_context(store.clone());
        provide_context(calendar.clone());
        provide_context(dependencies.clone());
        provide_context(links.clone());
        provide_context(prompts.clone());
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
    // Every request passes these layers, outermost first, once: they wrap the router as a
    // whole (`Router::layer` would wrap each route, and clone a route with all its layers on
    // every call).
    let request_id = HeaderName::from_static("x-request-id");
    let layered = ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(PropagateRequestIdLayer::new(request_id))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // Pages bring their own policy, with the nonce of their scripts; every other answer
        // gets one that lets nothing run.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(app::csp::FOR_OTHER_ANSWERS),
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // The default predicate leaves event streams uncompressed, so events are not held back.
        .layer(CompressionLayer::new())
        .layer(from_fn(same_origin))
        .layer(from_fn_with_state(auth, session_layer))
        .service(routes);
    Router::new().fallback_service(layered)
}

/// The span every request's log lines carry: method, path and request id (never the query,
/// which may hold what someone searched for).
fn request_span<B>(req: &Request<B>) -> tracing::Span {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!("request", method = %req.method(), path = req.uri().path(), id)
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
