//! Server-rendered pages: what a browser gets before any JavaScript runs.

use crate::dialect_tests;
use crate::helpers::{Dialect, TestApp, form, form_fields};

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
    assert!(html.contains(r#"value="2026-03-12""#));
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

dialect_tests!(
    the_month_view_renders_releases_without_javascript,
    the_quarter_view_has_a_lane_per_team,
    an_open_panel_renders_its_form,
    what_ships_when_lists_only_public_releases,
    unknown_pages_are_404,
);
