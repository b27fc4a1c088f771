//! An empty axum handler on the same runtime settings as Flotilla (multi-threaded tokio,
//! TCP_NODELAY). The benchmark measures it before each server and reports that server's figures
//! as ratios to it.
//! Usage: `flotilla-ceiling 127.0.0.1:3999`.

use axum::Router;
use axum::routing::get;
use axum::serve::ListenerExt;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3999".into());
    let listener = tokio::net::TcpListener::bind(&addr).await?.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let app = Router::new().route("/", get(|| async {}).post(|| async {}));
    axum::serve(listener, app).await
}
