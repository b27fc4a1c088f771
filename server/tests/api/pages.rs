//! Server-rendered pages: what a browser gets before any JavaScript runs.

use crate::dialect_tests;
use crate::helpers::{Dialect, TestApp, form, form_fields};
use app::domain::Role;

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.get(path).await;
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn add(app: &TestApp, title: &str, date: &str, public: bool) {
    let mut f = form(app.team, title, date);
    if !public {
        f.public = None;
    }
    assert_eq!(
        app.call("create_release", &form_fields(&f)).await.status(),
        200
    );
}

async fn the_month_view_renders_releases_without_javascript(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    add(&app, "Server-rendered launch", "2026-03-12", true).await;
    let (status, html) = page(&app, "/?view=month&date=2026-03-01").await;
    assert_eq!(status, 200);
    assert!(html.contains("March 2026"));
    assert!(html.contains("Server-rendered launch"));
    assert!(html.contains(r#"data-date="2026-03-12""#));
}

async fn the_quarter_view_has_a_lane_per_team(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    add(&app, "Quarter item", "2026-02-10", true).await;
    let (status, html) = page(&app, "/?view=quarter&date=2026-02-01").await;
    assert_eq!(status, 200);
    assert!(html.contains("Q1 2026"));
    assert_eq!(
        html.matches("data-team-id=").count(),
        2,
        "one lane per team"
    );
    assert!(html.contains("Quarter item"));
}

async fn an_open_panel_renders_its_form(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let (_, html) = page(&app, "/?date=2026-03-01&new=2026-03-12").await;
    assert!(html.contains("New release"));
    assert!(html.contains(r#"name="form[title]""#));
    assert!(html.contains(r#"value="12 Mar 2026""#));
}

async fn what_ships_when_lists_only_public_releases(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let soon = (chrono::Utc::now().date_naive() + chrono::Days::new(10)).to_string();
    add(&app, "Public webinar launch", &soon, true).await;
    add(&app, "Internal migration", &soon, false).await;
    let (status, html) = page(&app, "/ships").await;
    assert_eq!(status, 200);
    assert!(html.contains("Public webinar launch"));
    assert!(!html.contains("Internal migration"));
    assert!(html.contains("date unchanged since planned"));
}

async fn unknown_pages_are_404(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let (status, html) = page(&app, "/no-such-page").await;
    assert_eq!(status, 404);
    assert!(html.contains("Nothing here"));
    let (status, body) = page(&app, "/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
}

/// The name in the page header's person menu.
fn signed_in_name(html: &str) -> &str {
    let (_, rest) = html
        .split_once(r#"class="user-name">"#)
        .expect("a person menu");
    rest.split('<').next().unwrap_or_default().trim()
}

/// A page asked for again is never stale and never someone else's.
async fn a_repeated_page_shows_every_change_made_since(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let path = "/?view=quarter&date=2026-02-01";
    add(&app, "First launch", "2026-02-10", true).await;
    let (_, first) = page(&app, path).await;
    assert!(first.contains("First launch"));
    add(&app, "Second launch", "2026-02-11", true).await;
    let (_, after) = page(&app, path).await;
    assert!(after.contains("First launch") && after.contains("Second launch"));

    let listing = || async {
        app.call(
            "load_calendar",
            &[("view", "Quarter".into()), ("anchor", "2026-02-01".into())],
        )
        .await
        .text()
        .await
        .unwrap()
    };
    let before = listing().await;
    add(&app, "Third launch", "2026-02-12", true).await;
    let after = listing().await;
    assert!(!before.contains("Third launch"));
    assert!(after.contains("Third launch"));
}

async fn people_never_get_each_others_pages(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    add(&app, "Shared launch", "2026-02-10", true).await;
    let path = "/?view=quarter&date=2026-02-01";
    let (_, dana) = page(&app, path).await;
    assert!(dana.contains("+ New release"));

    let lena_id = app
        .db
        .user("lena@acme.test", false, &[(app.team, Role::Viewer)])
        .await;
    let lena = app.signed_in("lena@acme.test").await;
    let as_lena = || async {
        lena.get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let viewer = as_lena().await;
    assert!(viewer.contains("Shared launch"));
    assert_eq!(signed_in_name(&viewer), "lena");
    assert_eq!(signed_in_name(&dana), "dana");
    assert!(!viewer.contains("+ New release"), "a viewer may not create");

    // New rights show at once, though no release changed.
    app.db.user("alex@acme.test", true, &[]).await;
    let admin = app.signed_in("alex@acme.test").await;
    let granted = app
        .call_as(
            &admin,
            "set_membership",
            &[
                ("user_id", lena_id.0.to_string()),
                ("team_id", app.team.to_string()),
                ("role", "pm".into()),
            ],
        )
        .await;
    assert_eq!(granted.status(), 200, "{}", granted.text().await.unwrap());
    assert!(as_lena().await.contains("+ New release"));
}

/// zstd is the fastest of the codings browsers take, and pages are compressed on every request.
async fn pages_are_sent_in_zstd_to_browsers_that_take_it(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    add(&app, "Compressed page", "2026-03-12", true).await;
    let path = "/?view=month&date=2026-03-01";
    let res = app
        .client
        .get(format!("{}{path}", app.address))
        .header("Accept-Encoding", "gzip, deflate, br, zstd")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "zstd");
    let html = zstd::decode_all(&res.bytes().await.unwrap()[..]).unwrap();
    let html = String::from_utf8(html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("</html>"));
    assert!(html.contains("Compressed page"));
}

dialect_tests!(
    pages_are_sent_in_zstd_to_browsers_that_take_it,
    a_repeated_page_shows_every_change_made_since,
    people_never_get_each_others_pages,
    the_month_view_renders_releases_without_javascript,
    the_quarter_view_has_a_lane_per_team,
    an_open_panel_renders_its_form,
    what_ships_when_lists_only_public_releases,
    unknown_pages_are_404,
);
