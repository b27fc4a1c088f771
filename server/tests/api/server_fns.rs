//! The server functions over HTTP, as the browser calls them, on both dialects.

use crate::dialect_tests;
use crate::helpers::{Dialect, TestApp, browser, form, form_fields};
use serde_json::Value;

async fn create(app: &TestApp, title: &str, date: &str) -> Value {
    let res = app
        .call("create_release", &form_fields(&form(app.team, title, date)))
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn reschedule(app: &TestApp, id: String, version: String, date: &str) -> reqwest::Response {
    app.call(
        "reschedule_release",
        &[
            ("id", id),
            ("version", version),
            ("target_date", date.into()),
        ],
    )
    .await
}

fn id_version(release: &Value) -> (String, String) {
    (release["id"].to_string(), release["version"].to_string())
}

async fn calendar_titles(app: &TestApp, anchor: &str, extra: &[(&str, String)]) -> Vec<String> {
    let mut fields = vec![("view", "Month".to_owned()), ("anchor", anchor.to_owned())];
    fields.extend_from_slice(extra);
    let res = app.call("load_calendar", &fields).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let body: Value = res.json().await.unwrap();
    column(&body, "title")
        .iter()
        .map(|title| title.as_str().unwrap().to_owned())
        .collect()
}

/// One field of every listed release (items travel as columns; see `app::domain::item`).
fn column<'a>(listing: &'a Value, field: &str) -> &'a [Value] {
    listing["releases"][field].as_array().unwrap()
}

async fn a_created_release_appears_on_the_calendar(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let created = create(&app, "Adyen integration", "2026-03-12").await;
    assert_eq!(created["version"], 1);
    assert_eq!(created["status"], "planned");
    assert_eq!(
        calendar_titles(&app, "2026-03-01", &[]).await,
        vec!["Adyen integration"]
    );
    assert!(calendar_titles(&app, "2026-05-01", &[]).await.is_empty());
}

async fn bad_input_gets_field_errors_and_saves_nothing(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let mut bad = form(app.team, &"x".repeat(201), "12/03/2026");
    bad.kind = "rumour".into();
    let res = app.call("create_release", &form_fields(&bad)).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let errors = &body["Validation"];
    assert_eq!(
        errors["title"],
        "Title must be at most 200 characters (it has 201)"
    );
    assert_eq!(
        errors["target_date"],
        "enter a date like 23 Dec 2026 (or 2026-12-23), between 1900 and 9999"
    );
    assert_eq!(errors["kind"], "unknown kind “rumour”");
    assert!(calendar_titles(&app, "2026-03-01", &[]).await.is_empty());
}

async fn an_unknown_team_is_a_field_error(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let mut orphan = form(app.team, "Orphan", "2026-03-12");
    orphan.team_id = "9999".into();
    // A PM is not a member of a team that does not exist; an administrator learns it is gone.
    let res = app.call("create_release", &form_fields(&orphan)).await;
    assert_eq!(res.status(), 403);
    app.db.user("alex@acme.test", true, &[]).await;
    let admin = app.signed_in("alex@acme.test").await;
    let res = app
        .call_as(&admin, "create_release", &form_fields(&orphan))
        .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["Validation"]["team_id"], "that team no longer exists");
}

async fn a_stale_edit_is_refused_with_the_current_values(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let created = create(&app, "Original", "2026-03-12").await;
    let (id, version) = id_version(&created);
    let edit = |title: &str| {
        let mut fields = form_fields(&form(app.team, title, "2026-03-12"));
        fields.push(("id", id.clone()));
        fields.push(("version", version.clone()));
        fields
    };
    let first = app.call("update_release", &edit("Dana's edit")).await;
    assert_eq!(first.status(), 200);
    let second = app.call("update_release", &edit("Sam's edit")).await;
    assert_eq!(second.status(), 409);
    let body: Value = second.json().await.unwrap();
    assert_eq!(body["Conflict"]["title"], "Dana's edit");
    assert_eq!(body["Conflict"]["version"], 2);
    assert_eq!(
        calendar_titles(&app, "2026-03-01", &[]).await,
        vec!["Dana's edit"]
    );
}

async fn an_illegal_status_move_is_refused_with_the_reason(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let created = create(&app, "Too fast", "2026-03-12").await;
    let (id, version) = id_version(&created);
    let mut shipped = form(app.team, "Too fast", "2026-03-12");
    shipped.status = "shipped".into();
    let mut fields = form_fields(&shipped);
    fields.push(("id", id));
    fields.push(("version", version));
    let res = app.call("update_release", &fields).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["Validation"]["status"],
        "a release that is planned cannot become shipped: it has not started shipping"
    );
}

async fn reschedule_moves_the_window_and_records_the_move(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let mut windowed = form(app.team, "Staged roll-out", "2026-03-12");
    windowed.window_end = "2026-03-14".into();
    let res = app.call("create_release", &form_fields(&windowed)).await;
    let created: Value = res.json().await.unwrap();
    let (id, version) = id_version(&created);
    let res = reschedule(&app, id.clone(), version, "2026-03-19").await;
    assert_eq!(res.status(), 200);
    let moved: Value = res.json().await.unwrap();
    assert_eq!(moved["schedule"]["target"], "2026-03-19");
    assert_eq!(moved["schedule"]["window_end"], "2026-03-21");
    assert_eq!(moved["version"], 2);
    let stored: Value = app
        .call("load_release", &[("id", id.clone())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stored["schedule"]["target"], "2026-03-19");
    assert!(
        stored["date_moved_at"].is_string(),
        "the move is recorded: {stored}"
    );
    // The old version can no longer move it.
    let stale = reschedule(&app, id, "1".into(), "2026-03-26").await;
    assert_eq!(stale.status(), 409);
}

async fn a_bad_reschedule_date_is_refused(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let created = create(&app, "Somewhere", "2026-03-12").await;
    let (id, version) = id_version(&created);
    let res = reschedule(&app, id, version, "next tuesday").await;
    assert_eq!(res.status(), 422);
}

async fn delete_removes_the_release(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let created = create(&app, "Short-lived", "2026-03-12").await;
    let (id, version) = id_version(&created);
    let res = app
        .call(
            "delete_release",
            &[("id", id.clone()), ("version", version)],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(calendar_titles(&app, "2026-03-01", &[]).await.is_empty());
    let res = app.call("load_release", &[("id", id)]).await;
    assert_eq!(res.status(), 404);
}

async fn a_plain_form_post_redirects_back(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let mut fields = form_fields(&form(app.team, "No JavaScript", "2026-03-12"));
    fields.push(("return_to", "/?view=month&date=2026-03-01".into()));
    let res = app
        .post_plain_form("create_release", "/?new=2026-03-12", &fields)
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/?view=month&date=2026-03-01");
    assert_eq!(
        calendar_titles(&app, "2026-03-01", &[]).await,
        vec!["No JavaScript"]
    );
}

async fn a_plain_form_post_with_bad_input_goes_back_with_the_error(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let mut fields = form_fields(&form(app.team, " ", "2026-03-12"));
    fields.push(("return_to", "/?view=month".into()));
    let res = app
        .post_plain_form("create_release", "/?new=2026-03-12", &fields)
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("new=2026-03-12"), "{location}");
    assert!(location.contains("__err="), "{location}");
    assert!(calendar_titles(&app, "2026-03-01", &[]).await.is_empty());
}

async fn a_foreign_return_address_is_ignored(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let mut fields = form_fields(&form(app.team, "Phishing bait", "2026-03-12"));
    fields.push(("return_to", "//evil.example/".into()));
    let res = app.post_plain_form("create_release", "/", &fields).await;
    let location = res.headers()["location"].to_str().unwrap();
    assert!(!location.contains("evil"), "{location}");
}

async fn the_calendar_filters_and_flags_conflicts(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let mut breaking = form(app.team, "Checkout API v2", "2026-03-11");
    breaking.kind = "breaking_change".into();
    let mut other = form(app.other_team, "Mobile API change", "2026-03-11");
    other.kind = "api_change".into();
    for f in [&breaking, &other] {
        assert_eq!(
            app.call("create_release", &form_fields(f)).await.status(),
            200
        );
    }
    create(&app, "Quiet feature", "2026-03-12").await;
    let only_mobile = calendar_titles(
        &app,
        "2026-03-01",
        &[("filter[teams][0]", app.other_team.to_string())],
    )
    .await;
    assert_eq!(only_mobile, vec!["Mobile API change"]);
    let searched = calendar_titles(&app, "2026-03-01", &[("filter[text]", "quiet".into())]).await;
    assert_eq!(searched, vec!["Quiet feature"]);

    let res = app
        .call(
            "load_calendar",
            &[("view", "Month".into()), ("anchor", "2026-03-01".into())],
        )
        .await;
    let body: Value = res.json().await.unwrap();
    let conflicted: Vec<&str> = column(&body, "title")
        .iter()
        .zip(column(&body, "conflicts"))
        .filter(|(_, found)| {
            found
                .as_array()
                .is_some_and(|found| found.iter().any(|c| c.get("SameDayBreaking").is_some()))
        })
        .map(|(title, _)| title.as_str().unwrap())
        .collect();
    assert_eq!(
        conflicted,
        vec!["Checkout API v2", "Mobile API change"],
        "{body}"
    );
}

/// Listings are cached between requests; every change must show in the next one.
async fn the_calendar_shows_each_change_at_once(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    assert!(calendar_titles(&app, "2026-03-01", &[]).await.is_empty());
    let created = create(&app, "Cached or not", "2026-03-12").await;
    assert_eq!(
        calendar_titles(&app, "2026-03-01", &[]).await,
        vec!["Cached or not"]
    );
    let searched = calendar_titles(&app, "2026-03-01", &[("filter[text]", "cached".into())]).await;
    assert_eq!(searched, vec!["Cached or not"]);

    let (id, version) = id_version(&created);
    let moved = reschedule(&app, id.clone(), version, "2026-04-20").await;
    assert_eq!(moved.status(), 200);
    assert!(
        calendar_titles(&app, "2026-03-01", &[]).await.is_empty(),
        "moved out of March"
    );
    assert_eq!(
        calendar_titles(&app, "2026-04-01", &[]).await,
        vec!["Cached or not"]
    );
    let searched = calendar_titles(&app, "2026-03-01", &[("filter[text]", "cached".into())]).await;
    assert!(searched.is_empty(), "the filtered listing is stale too");

    let moved: Value = moved.json().await.unwrap();
    let (id, version) = id_version(&moved);
    let res = app
        .call("delete_release", &[("id", id), ("version", version)])
        .await;
    assert_eq!(res.status(), 200);
    assert!(calendar_titles(&app, "2026-04-01", &[]).await.is_empty());
}

/// The second call is answered from the kept listing, ahead of the server-function dispatch.
async fn a_kept_listing_is_answered_as_the_server_function_answers(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    create(&app, "Kept", "2026-03-12").await;
    let fields = [
        ("view", "Month".to_owned()),
        ("anchor", "2026-03-01".to_owned()),
        ("filter[teams][0]", app.team.to_string()),
    ];
    let mut answers = vec![];
    for _ in 0..2 {
        let res = app.call("load_calendar", &fields).await;
        let headers: Vec<_> = ["content-type", "x-frame-options", "x-content-type-options"]
            .map(|name| res.headers()[name].clone())
            .into();
        answers.push((res.status(), headers, res.bytes().await.unwrap()));
    }
    assert_eq!(answers[0].0, 200);
    assert_eq!(answers[0], answers[1]);

    let forged = app
        .client
        .post(format!("{}/api/load_calendar", app.address))
        .header("Accept", "application/json")
        .header("Origin", "https://evil.example")
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(
        forged.status(),
        403,
        "a kept listing is still only for this site"
    );

    let stranger = app.call_as(&browser(), "load_calendar", &fields).await;
    assert_eq!(
        stranger.status(),
        401,
        "a kept listing is still only for the signed in"
    );
    let plain = app
        .post_plain_form("load_calendar", "/?view=month", &fields)
        .await;
    assert!(plain.status().is_redirection(), "{}", plain.status());
}

async fn a_listing_is_sent_compressed_to_browsers_that_take_it(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    create(&app, "Compressed", "2026-03-12").await;
    let fields = [
        ("view", "Month".to_owned()),
        ("anchor", "2026-03-01".to_owned()),
    ];
    let plain = app.call("load_calendar", &fields).await;
    assert_eq!(plain.status(), 200);
    let plain = plain.bytes().await.unwrap();
    // Twice each: the first may be compressed on the way out, the next from the kept listing
    // (brotli, when taken); on PostgreSQL the create's notice may still make the first stale.
    for (accept, codings) in [
        ("gzip, deflate, br, zstd", &["br", "zstd"][..]),
        ("gzip, br;q=0", &["gzip"][..]),
    ]
    .iter()
    .flat_map(|pair| [pair, pair])
    {
        let res = app
            .client
            .post(format!("{}/api/load_calendar", app.address))
            .header("Accept", "application/json")
            .header("Accept-Encoding", *accept)
            .header("Origin", &app.address)
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let coding = res.headers()["content-encoding"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(codings.contains(&coding.as_str()), "{coding} for {accept}");
        assert!(
            res.headers()["vary"]
                .to_str()
                .unwrap()
                .contains("accept-encoding")
        );
        let body = res.bytes().await.unwrap();
        let mut decoded = vec![];
        match coding.as_str() {
            "br" => brotli::BrotliDecompress(&mut &body[..], &mut decoded).unwrap(),
            "zstd" => decoded = zstd::decode_all(&body[..]).unwrap(),
            _ => {
                use std::io::Read;
                flate2::read::GzDecoder::new(&body[..])
                    .read_to_end(&mut decoded)
                    .unwrap();
            }
        }
        assert_eq!(decoded, plain, "the same listing, compressed ({coding})");
    }
}

dialect_tests!(
    a_listing_is_sent_compressed_to_browsers_that_take_it,
    a_kept_listing_is_answered_as_the_server_function_answers,
    the_calendar_shows_each_change_at_once,
    a_created_release_appears_on_the_calendar,
    bad_input_gets_field_errors_and_saves_nothing,
    an_unknown_team_is_a_field_error,
    a_stale_edit_is_refused_with_the_current_values,
    an_illegal_status_move_is_refused_with_the_reason,
    reschedule_moves_the_window_and_records_the_move,
    a_bad_reschedule_date_is_refused,
    delete_removes_the_release,
    a_plain_form_post_redirects_back,
    a_plain_form_post_with_bad_input_goes_back_with_the_error,
    a_foreign_return_address_is_ignored,
    the_calendar_filters_and_flags_conflicts,
);
