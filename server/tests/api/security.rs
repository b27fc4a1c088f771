//! What an attacker tries from outside (docs/security.md): hostile markup in every field, the
//! Content-Security-Policy, extreme and out-of-range dates, raced sign-in guesses, a Bearer
//! header beside a session cookie, and malformed or oversized calls. On both dialects.

use crate::dialect_tests;
use crate::helpers::{Dialect, PASSWORD, TestApp, actor, browser, execute, form, form_fields};
use app::domain::{Colour, Role};
use app::store::NewUser;
use serde_json::Value;

/// Markup that would run if any page put it into the document unescaped: it closes the raw-text
/// elements that carry user text and then tries both a script and an event handler.
const HOSTILE: &str =
    r#"</textarea></title></script><script>window.__xss=1</script><img src=x onerror="__xss=2">"#;

/// Fails if `html` carries the hostile markup as markup anywhere: escaped, it reads
/// `&lt;script&gt;` in text and `\u003cscript` in the hydration data.
fn assert_inert(html: &str, what: &str) {
    for live in ["<script>window.__xss", "<img src=x", "</textarea></title>"] {
        assert!(!html.contains(live), "{what} carries live markup: {live}");
    }
}

async fn page_as(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let res = client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

async fn create(app: &TestApp, fields: &[(&str, String)]) -> Value {
    let res = app.call("create_release", fields).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn hostile_text_in_every_field_renders_inert_on_every_page(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let team = app
        .db
        .db
        .create_team(
            HOSTILE,
            &Colour::parse("#aa3366").unwrap(),
            5,
            &app::store::Actor::system("Tests"),
            chrono::Utc::now(),
        )
        .await
        .unwrap()
        .id;
    app.db
        .db
        .accounts()
        .create_user(
            &NewUser {
                email: "mallory@acme.test".into(),
                name: HOSTILE.into(),
                password_hash: None,
                admin: false,
                service: true,
            },
            &actor(),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let soon = chrono::Utc::now().date_naive() + chrono::Days::new(3);
    let mut release = form(app.team, HOSTILE, &soon.to_string());
    release.description = format!("{HOSTILE}\nsecond line & more");
    release.owner = HOSTILE.chars().take(100).collect();
    let created = create(&app, &form_fields(&release)).await;
    let id = created["id"].as_i64().unwrap();
    let anchor = soon.to_string();

    app.db.user("alex@acme.test", true, &[]).await;
    app.db
        .user("lena@acme.test", false, &[(app.team, Role::Viewer)])
        .await;
    let admin = app.signed_in("alex@acme.test").await;
    let other = form(team, "In the hostile team", &soon.to_string());
    let res = app
        .call_as(&admin, "create_release", &form_fields(&other))
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let viewer = app.signed_in("lena@acme.test").await;
    let token = app
        .call_as(
            &admin,
            "create_token",
            &[
                ("form[name]", HOSTILE.to_owned()),
                ("form[read]", "on".into()),
            ],
        )
        .await;
    assert_eq!(token.status(), 200, "{}", token.text().await.unwrap());
    let pages = [
        (&app.client, format!("/?view=month&date={anchor}"), "month"),
        (
            &app.client,
            format!("/?view=quarter&date={anchor}"),
            "quarter",
        ),
        (
            &app.client,
            format!("/?view=month&date={anchor}&release={id}"),
            "editable panel",
        ),
        (
            &viewer,
            format!("/?view=month&date={anchor}&release={id}"),
            "read-only panel",
        ),
        (&app.client, "/ships".to_owned(), "what ships when"),
        (&admin, "/admin/users".to_owned(), "people"),
        (&admin, "/settings/tokens".to_owned(), "tokens"),
    ];
    for (client, path, what) in pages {
        let html = page_as(&app, client, &path).await;
        assert_inert(&html, what);
        assert!(
            html.contains("&lt;script&gt;window.__xss=1&lt;/script&gt;"),
            "{what} shows the text as text"
        );
    }
    // The edit form keeps the description exactly, as the textarea's escaped content.
    let panel = page_as(
        &app,
        &app.client,
        &format!("/?view=month&date={anchor}&release={id}"),
    )
    .await;
    assert!(panel.contains(
        "&lt;/textarea&gt;&lt;/title&gt;&lt;/script&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;"
    ));
    let history = app.call("load_history", &[("id", id.to_string())]).await;
    assert_eq!(history.status(), 200);
    assert_inert(&history.text().await.unwrap(), "history");
}

/// The `nonce="…"` values of the page's script elements.
fn script_nonces(html: &str) -> Vec<Option<String>> {
    html.split("<script")
        .skip(1)
        .map(|tag| {
            let tag = tag.split('>').next().unwrap_or_default();
            tag.split_once("nonce=\"")
                .map(|(_, rest)| rest.split('"').next().unwrap_or_default().to_owned())
        })
        .collect()
}

async fn pages_send_a_strict_policy_whose_nonce_every_script_carries(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let res = app.get("/?view=month&date=2026-03-01").await;
    assert_eq!(res.status(), 200);
    let policy = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(res.headers()["cache-control"], "no-store");
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    let html = res.text().await.unwrap();
    let nonces = script_nonces(&html);
    assert!(nonces.len() >= 2, "the theme and hydration scripts");
    for nonce in &nonces {
        let nonce = nonce.as_deref().expect("every script has a nonce");
        assert!(policy.contains(&format!("'nonce-{nonce}'")), "{policy}");
    }
    let again = app.get("/?view=month&date=2026-03-01").await;
    let second = again.headers()["content-security-policy"].to_str().unwrap();
    assert_ne!(second, policy, "a new nonce for every page");

    let signed_out = browser()
        .get(format!("{}/sign-in", app.address))
        .send()
        .await
        .unwrap();
    assert!(signed_out.headers().contains_key("content-security-policy"));
    assert!(!signed_out.headers().contains_key("cache-control"));
    let call = app
        .call(
            "load_calendar",
            &[("view", "Month".into()), ("anchor", "2026-03-01".into())],
        )
        .await;
    assert_eq!(
        call.headers()["content-security-policy"],
        app::csp::FOR_OTHER_ANSWERS
    );
}

async fn reschedule(app: &TestApp, release: &Value, date: &str) -> reqwest::Response {
    app.call(
        "reschedule_release",
        &[
            ("id", release["id"].to_string()),
            ("version", release["version"].to_string()),
            ("target_date", date.into()),
        ],
    )
    .await
}

async fn extreme_and_out_of_range_dates_are_refused_and_history_stays_readable(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    for anchor in ["+262142-12-01", "-0001-01-01", "0000-01-01"] {
        for view in ["Month", "Quarter"] {
            let res = app
                .call(
                    "load_calendar",
                    &[("view", view.into()), ("anchor", anchor.into())],
                )
                .await;
            assert_eq!(res.status(), 422, "{view} at {anchor}");
        }
    }
    let mut windowed = form(app.team, "Long roll-out", "2026-03-12");
    windowed.window_end = "2026-03-20".into();
    let release = create(&app, &form_fields(&windowed)).await;
    for date in [
        "+262142-12-31",
        "0000-01-01",
        "-0001-01-01",
        "+10000-01-01",
        "9999-12-30",
        "1899-12-31",
    ] {
        let res = reschedule(&app, &release, date).await;
        assert_eq!(res.status(), 422, "{date}");
        let body: Value = res.json().await.unwrap();
        assert!(
            body["Validation"]["target_date"].is_string(),
            "{date}: {body}"
        );
    }
    for date in ["0000-01-01", "+10000-01-01"] {
        let mut bad = form(app.team, "Out of range", date);
        bad.window_end = String::new();
        let res = app.call("create_release", &form_fields(&bad)).await;
        assert_eq!(res.status(), 422, "{date}");
    }
    let moved = reschedule(&app, &release, "9999-12-01").await;
    assert_eq!(moved.status(), 200, "the last accepted years still work");
    let history = app
        .call("load_history", &[("id", release["id"].to_string())])
        .await;
    assert_eq!(history.status(), 200);
    let listing = app
        .call(
            "load_calendar",
            &[("view", "Month".into()), ("anchor", "9999-12-01".into())],
        )
        .await;
    assert!(listing.text().await.unwrap().contains("Long roll-out"));
}

async fn an_unreadable_audit_record_is_shown_as_such(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let release = create(&app, &form_fields(&form(app.team, "Old", "2026-03-12"))).await;
    let id = release["id"].as_i64().unwrap();
    let broken = r#"{"schedule":{"target":"-0001-01-01"}}"#;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let insert = format!(
        "INSERT INTO audit_log (at, actor_id, actor_label, entity, entity_id, action, \
         before_json, after_json) VALUES ('{now}', NULL, 'An old version', 'release', {id}, \
         'updated', '{broken}', '{broken}')"
    );
    execute(&app.db.db, &insert).await.unwrap();
    let res = app.call("load_history", &[("id", id.to_string())]).await;
    assert_eq!(res.status(), 200);
    let entries: Value = res.json().await.unwrap();
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert_eq!(entries[0]["actor"], "An old version");
    assert_eq!(
        entries[0]["changes"][0],
        app::domain::history::UNREADABLE_CHANGE
    );
    assert!(
        entries[1]["changes"][0]
            .as_str()
            .unwrap()
            .starts_with("created")
    );
}

fn sign_in_fields(email: &str, password: &str) -> Vec<(&'static str, String)> {
    vec![("email", email.into()), ("password", password.into())]
}

async fn parallel_guesses_get_at_most_five_tries_before_429(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let guesses = (0..20).map(|i| {
        let app = &app;
        async move {
            let client = browser();
            app.call_as(
                &client,
                "sign_in",
                &sign_in_fields("dana@acme.test", &format!("guess {i}")),
            )
            .await
        }
    });
    let answers = futures_util::future::join_all(guesses).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    let tried = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(tried + refused, 20, "{statuses:?}");
    assert!(tried <= 5, "{tried} guesses were checked: {statuses:?}");
    let refusal = answers.iter().find(|r| r.status() == 429).unwrap();
    let wait: u64 = refusal.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    // Progressive, not a lock-out: the right password is refused only until the wait is over.
    let res = app
        .call_as(
            &browser(),
            "sign_in",
            &sign_in_fields("dana@acme.test", PASSWORD),
        )
        .await;
    assert_eq!(res.status(), 429);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["Throttled"].as_str().unwrap().contains("seconds"),
        "{body}"
    );
}

async fn one_client_cannot_spray_guesses_over_many_accounts(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let limit = app::domain::throttle::CLIENT_FAILURES;
    for i in 0..limit {
        let res = app
            .call_as(
                &browser(),
                "sign_in",
                &sign_in_fields(&format!("person{i}@acme.test"), "wrong"),
            )
            .await;
        assert_eq!(res.status(), 401, "attempt {i}");
    }
    let res = app
        .call_as(
            &browser(),
            "sign_in",
            &sign_in_fields("dana@acme.test", PASSWORD),
        )
        .await;
    assert_eq!(
        res.status(),
        429,
        "this client must wait, whatever the email"
    );
}

async fn a_bearer_header_never_lends_a_session_its_way_past_the_origin_check(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let release = create(&app, &form_fields(&form(app.team, "Target", "2026-03-12"))).await;
    let forged = |origin: &str| {
        app.client
            .post(format!("{}/api/reschedule_release", app.address))
            .header("Origin", origin)
            .header("Authorization", "Bearer x")
            .header("Accept", "application/json")
            .form(&[
                ("id", release["id"].to_string()),
                ("version", release["version"].to_string()),
                ("target_date", "2026-03-19".to_owned()),
            ])
            .send()
    };
    let cross_site = forged("https://evil.example").await.unwrap();
    assert_eq!(cross_site.status(), 403);
    let same_site = forged(&app.address).await.unwrap();
    assert_eq!(
        same_site.status(),
        401,
        "with a Bearer header the session cookie is ignored"
    );
    let current = app
        .call("load_release", &[("id", release["id"].to_string())])
        .await;
    let current: Value = current.json().await.unwrap();
    assert_eq!(current["schedule"]["target"], "2026-03-12", "nothing moved");
}

async fn post_raw(app: &TestApp, function: &str, body: Vec<u8>) -> reqwest::Response {
    app.client
        .post(format!("{}/api/{function}", app.address))
        .header("Origin", &app.address)
        .header("Accept", "application/json")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The status of a POST whose body is larger than the server reads. The server answers as soon
/// as the limit is passed and closes the connection, so the client may still be writing: read
/// the answer while writing, as a browser does, rather than after.
async fn post_oversized(app: &TestApp, function: &str, body: Vec<u8>) -> u16 {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let host = app.address.trim_start_matches("http://").to_owned();
    let stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let (reader, mut writer) = stream.into_split();
    let head = format!(
        "POST /api/{function} HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\n\
         Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n",
        app.address,
        body.len()
    );
    let writing = tokio::spawn(async move {
        // The server may stop reading, and reset the connection, before the body is sent.
        let _ = writer.write_all(head.as_bytes()).await;
        let _ = writer.write_all(&body).await;
    });
    let mut status_line = String::new();
    BufReader::new(reader)
        .read_line(&mut status_line)
        .await
        .unwrap();
    writing.abort();
    status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status in {status_line:?}"))
}

async fn malformed_and_oversized_calls_are_the_callers_error(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let cases: [(&str, Vec<u8>, u16); 6] = [
        ("create_release", b"form[title]=Only+a+title".to_vec(), 422),
        ("load_release", b"id=abc".to_vec(), 422),
        ("load_release", Vec::new(), 422),
        (
            "load_calendar",
            b"view=Month&anchor=2026-03-01&filter[statuses][0]=bogus".to_vec(),
            422,
        ),
        (
            "load_calendar",
            b"view=Sideways&anchor=2026-03-01".to_vec(),
            422,
        ),
        ("create_release", vec![0xFF, 0xFE, 0x00], 400),
    ];
    for (function, body, status) in cases {
        let shown = String::from_utf8_lossy(&body[..body.len().min(60)]).into_owned();
        let res = post_raw(&app, function, body).await;
        assert_eq!(res.status(), status, "{function} {shown}");
        let text = res.text().await.unwrap();
        assert!(!text.is_empty(), "{function}: a message");
    }
    let body = vec![b'a'; 10 * 1024 * 1024];
    assert_eq!(post_oversized(&app, "create_release", body).await, 413);
    let title = format!("form[title]={}", "x".repeat(2 * 1024 * 1024));
    assert_eq!(
        post_oversized(&app, "create_release", title.into_bytes()).await,
        413
    );
    let mut long = form(app.team, "", "2026-03-12");
    long.title = "x".repeat(900 * 1024);
    let res = app.call("create_release", &form_fields(&long)).await;
    assert_eq!(
        res.status(),
        422,
        "under the body limit: the title's own limit"
    );
    let mut fields = form_fields(&form(app.team, "Placeholder", "2026-03-12"));
    fields.retain(|(name, _)| *name != "form[title]");
    let mut body = b"form[title]=Caf%FF".to_vec();
    for (name, value) in fields {
        body.extend(format!("&{name}={value}").bytes());
    }
    let res = post_raw(&app, "create_release", body).await;
    assert_eq!(res.status(), 422, "invalid UTF-8 is refused, not replaced");
    let body: Value = res.json().await.unwrap();
    assert!(
        body["Validation"]["title"]
            .as_str()
            .unwrap()
            .contains("could not be read"),
        "{body}"
    );
}

async fn signed_out_odd_page_paths_go_to_sign_in(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    for path in ["/ships/.", "/admin/users/."] {
        let res = browser()
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{path}: {}", res.status());
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/sign-in"),
            "{path}"
        );
    }
}

dialect_tests!(
    hostile_text_in_every_field_renders_inert_on_every_page,
    pages_send_a_strict_policy_whose_nonce_every_script_carries,
    extreme_and_out_of_range_dates_are_refused_and_history_stays_readable,
    an_unreadable_audit_record_is_shown_as_such,
    parallel_guesses_get_at_most_five_tries_before_429,
    one_client_cannot_spray_guesses_over_many_accounts,
    a_bearer_header_never_lends_a_session_its_way_past_the_origin_check,
    malformed_and_oversized_calls_are_the_callers_error,
    signed_out_odd_page_paths_go_to_sign_in,
);
