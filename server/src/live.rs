//! Live updates: every open screen subscribes to `/events` (server-sent events) and hears of
//! each committed change to releases, whichever instance made it.

use app::api::support::SignedIn;
use app::domain::live::LiveChange;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio_stream::wrappers::BroadcastStream;

#[derive(Clone)]
pub struct LiveState {
    pub changes: broadcast::Sender<LiveChange>,
    /// Turns true when the server shuts down, which ends every open stream.
    pub shutdown: watch::Receiver<bool>,
}

pub async fn events(
    State(live): State<LiveState>,
    signed_in: Option<Extension<SignedIn>>,
) -> Response {
    if signed_in.is_none() {
        return (StatusCode::UNAUTHORIZED, "Sign in to receive live updates.").into_response();
    }
    let mut shutdown = live.shutdown.clone();
    let stream = BroadcastStream::new(live.changes.subscribe())
        .map(|item| {
            Ok::<_, Infallible>(match item {
                Ok(change) => Event::default()
                    .event("change")
                    .json_data(&change)
                    .unwrap_or_else(|_| Event::default().event("reload")),
                // This screen fell behind; it reloads its data instead of replaying.
                Err(_) => Event::default().event("reload"),
            })
        })
        .take_until(async move {
            let _ = shutdown.wait_for(|stopping| *stopping).await;
        });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}
