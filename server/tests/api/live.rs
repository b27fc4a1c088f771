//! Live updates: a change reaches every open screen's event stream, across instances on
//! PostgreSQL.

use crate::dialect_tests;
use crate::helpers::{Dialect, PASSWORD, TestApp, TestDb, browser, form, form_fields, start};
use app::domain::Role;
use futures_util::StreamExt;
use serde_json::Value;
use std::time::Duration;

/// Opens `/events` at `address` as `client` and waits (at most 2 s) for a change naming `id`.
async fn next_change_about(stream: reqwest::Response, id: i64) -> Value {
    let mut chunks = stream.bytes_stream();
    let mut seen = String::new();
    let found = tokio::time::timeout(Duration::from_secs(2), async {
        while let Some(chunk) = chunks.next().await {
            seen.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
            for line in seen.lines() {
                if let Some(data) = line.strip_prefix("data: ") {
                    let change: Value = serde_json::from_str(data).unwrap();
                    if change["id"] == id {
                        return change;
                    }
                }
            }
        }
        panic!("the stream ended");
    })
    .await;
    found.expect("the change arrived within 2 seconds")
}

async fn open_stream(client: &reqwest::Client, address: &str) -> reqwest::Response {
    let res = client
        .get(format!("{address}/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    res
}

async fn an_open_screen_hears_of_every_change(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let signed_out = browser()
        .get(format!("{}/events", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 401);
    app.db
        .user("lena@acme.test", false, &[(app.team, Role::Viewer)])
        .await;
    let viewer = app.signed_in("lena@acme.test").await;
    let stream = open_stream(&viewer, &app.address).await;
    let res = app
        .call(
            "create_release",
            &form_fields(&form(app.team, "Live", "2026-03-12")),
        )
        .await;
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    let change = next_change_about(stream, id).await;
    assert_eq!(change["action"], "created");
    assert_eq!(change["entity"], "release");
    assert_eq!(
        change["reach"],
        serde_json::json!({"Days": [{"from": "2026-03-12", "to": "2026-03-12"}]}),
        "a screen showing other days need not reload"
    );

    // A move reaches the day it left and the day it went to.
    let stream = open_stream(&viewer, &app.address).await;
    let fields = [
        ("id", id.to_string()),
        ("version", created["version"].to_string()),
        ("target_date", "2026-05-04".to_owned()),
    ];
    assert_eq!(app.call("reschedule_release", &fields).await.status(), 200);
    let change = next_change_about(stream, id).await;
    assert_eq!(
        change["reach"],
        serde_json::json!({"Days": [
            {"from": "2026-03-12", "to": "2026-03-12"},
            {"from": "2026-05-04", "to": "2026-05-04"},
        ]})
    );
}

dialect_tests!(an_open_screen_hears_of_every_change);

/// Only PostgreSQL serves several instances; named under `postgres::` like the other tests
/// that need the server.
mod instances {
    mod postgres {
        use super::super::*;

        #[tokio::test]
        async fn a_change_on_one_instance_reaches_a_screen_on_another() {
            let db = TestDb::new(Dialect::Postgres).await;
            let team = db.team("Checkout").await;
            db.user("dana@acme.test", false, &[(team, Role::Pm)]).await;
            let (one, two) = (start(&db).await, start(&db).await);
            let sign_in = |address: String| async move {
                let client = browser();
                let res = client
                    .post(format!("{address}/api/sign_in"))
                    .header("Origin", &address)
                    .form(&[("email", "dana@acme.test"), ("password", PASSWORD)])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
                client
            };
            let watcher = sign_in(two.clone()).await;
            let stream = open_stream(&watcher, &two).await;
            let editor = sign_in(one.clone()).await;
            let res = editor
                .post(format!("{one}/api/create_release"))
                .header("Origin", &one)
                .header("Accept", "application/json")
                .form(&form_fields(&form(team, "Made on one", "2026-03-12")))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            let created: Value = res.json().await.unwrap();
            let change = next_change_about(stream, created["id"].as_i64().unwrap()).await;
            assert_eq!(change["action"], "created");
        }
        /// Each instance keeps recent listings in memory; a change made on another instance must
        /// reach them too (through the change listener), not only the event streams.
        #[tokio::test]
        async fn a_listing_on_one_instance_shows_a_change_made_on_another() {
            let db = TestDb::new(Dialect::Postgres).await;
            let team = db.team("Checkout").await;
            db.user("dana@acme.test", false, &[(team, Role::Pm)]).await;
            let (one, two) = (start(&db).await, start(&db).await);
            let client = browser();
            let post = |address: &str, function: &str, fields: Vec<(&str, String)>| {
                client
                    .post(format!("{address}/api/{function}"))
                    .header("Origin", address)
                    .header("Accept", "application/json")
                    .form(&fields)
                    .send()
            };
            let sign_in = vec![
                ("email", "dana@acme.test".to_owned()),
                ("password", PASSWORD.to_owned()),
            ];
            assert_eq!(post(&one, "sign_in", sign_in).await.unwrap().status(), 200);
            let titles = |address: String| {
                let post = &post;
                async move {
                    let fields = vec![
                        ("view", "Month".to_owned()),
                        ("anchor", "2026-03-01".to_owned()),
                    ];
                    let body: Value = post(&address, "load_calendar", fields)
                        .await
                        .unwrap()
                        .json()
                        .await
                        .unwrap();
                    body["releases"]["id"].as_array().unwrap().len()
                }
            };
            assert_eq!(
                titles(two.clone()).await,
                0,
                "the empty month is now cached on two"
            );
            let res = post(
                &one,
                "create_release",
                form_fields(&form(team, "Made on one", "2026-03-12")),
            )
            .await
            .unwrap();
            assert_eq!(res.status(), 200);
            let deadline = std::time::Instant::now() + Duration::from_secs(2);
            while titles(two.clone()).await == 0 {
                assert!(
                    std::time::Instant::now() < deadline,
                    "instance two still lists the old month"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}
