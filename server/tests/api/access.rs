//! Accounts, sessions and the permission matrix over HTTP, on both dialects.

use crate::dialect_tests;
use crate::helpers::{
    Dialect, PASSWORD, TestApp, TestDb, actor, browser, draft, form, form_fields, start,
};
use app::domain::{Role, TeamId};
use serde_json::Value;

fn sign_in_fields(email: &str, password: &str) -> Vec<(&'static str, String)> {
    vec![
        ("email", email.to_owned()),
        ("password", password.to_owned()),
    ]
}

async fn signed_out_people_are_sent_to_sign_in_and_calls_refused(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let stranger = browser();
    let res = stranger
        .get(format!("{}/?view=month&date=2026-03-01", app.address))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    assert_eq!(
        res.headers()["location"],
        "/sign-in?next=/%3Fview%3Dmonth%26date%3D2026-03-01"
    );
    let res = app
        .call_as(
            &stranger,
            "load_calendar",
            &[("view", "Month".into()), ("anchor", "2026-03-01".into())],
        )
        .await;
    assert_eq!(res.status(), 401);
    let res = app
        .call_as(
            &stranger,
            "create_release",
            &form_fields(&form(app.team, "Sneaky", "2026-03-12")),
        )
        .await;
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.unwrap();
    assert!(body["Unauthorized"].as_str().unwrap().contains("Sign in"));
}

async fn sign_in_failures_do_not_reveal_accounts_and_are_throttled(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let client = browser();
    let wrong = app
        .call_as(
            &client,
            "sign_in",
            &sign_in_fields("dana@acme.test", "nope nope nope"),
        )
        .await;
    assert_eq!(wrong.status(), 401);
    let wrong: Value = wrong.json().await.unwrap();
    let unknown = app
        .call_as(
            &client,
            "sign_in",
            &sign_in_fields("nobody@acme.test", "nope nope nope"),
        )
        .await;
    assert_eq!(unknown.status(), 401);
    let unknown: Value = unknown.json().await.unwrap();
    assert_eq!(
        wrong, unknown,
        "the same answer whether or not the account exists"
    );
    for _ in 0..4 {
        app.call_as(
            &client,
            "sign_in",
            &sign_in_fields("dana@acme.test", "still wrong!!"),
        )
        .await;
    }
    // Five failures: even the right password is refused until the window passes.
    let res = app
        .call_as(
            &client,
            "sign_in",
            &sign_in_fields("DANA@acme.test ", PASSWORD),
        )
        .await;
    assert_eq!(res.status(), 429);
    let other = app
        .call_as(
            &client,
            "sign_in",
            &sign_in_fields("nobody@acme.test", PASSWORD),
        )
        .await;
    assert_eq!(other.status(), 401, "other emails are not throttled");
}

async fn sessions_rotate_at_sign_in_and_end_at_sign_out(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    // A client without a cookie store, so the test handles the cookie itself.
    let raw = reqwest::Client::new();
    let post = |function: &str, cookie: Option<&str>, fields: Vec<(&'static str, String)>| {
        let mut req = raw
            .post(format!("{}/api/{function}", app.address))
            .header("Origin", &app.address)
            .form(&fields);
        if let Some(cookie) = cookie {
            req = req.header("Cookie", cookie.to_owned());
        }
        req.send()
    };
    let session_of = |res: &reqwest::Response| {
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
        for part in ["flotilla_session=", "HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(part), "{cookie}");
        }
        cookie.split(';').next().unwrap().to_owned()
    };
    let who = |cookie: String| async move {
        post("current_user", Some(&cookie), vec![])
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    let first = session_of(
        &post("sign_in", None, sign_in_fields("dana@acme.test", PASSWORD))
            .await
            .unwrap(),
    );
    assert!(first.len() > "flotilla_session=".len() + 32);
    assert_eq!(who(first.clone()).await["email"], "dana@acme.test");
    // Signing in again from the same browser replaces its session.
    let second = session_of(
        &post(
            "sign_in",
            Some(&first),
            sign_in_fields("dana@acme.test", PASSWORD),
        )
        .await
        .unwrap(),
    );
    assert_ne!(first, second);
    assert_eq!(
        who(first).await,
        Value::Null,
        "the old session no longer works"
    );
    assert_eq!(who(second.clone()).await["email"], "dana@acme.test");
    let out = post("sign_out", Some(&second), vec![]).await.unwrap();
    assert_eq!(out.status(), 200);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        who(second).await,
        Value::Null,
        "a signed-out session is gone on the server"
    );
}

async fn disabling_an_account_ends_its_sessions_at_once(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let admin = app.db.user("alex@acme.test", true, &[]).await;
    let sam = app
        .db
        .user("sam@acme.test", false, &[(app.team, Role::Viewer)])
        .await;
    let sam_browser = app.signed_in("sam@acme.test").await;
    let admin_browser = app.signed_in("alex@acme.test").await;
    let res = app
        .call_as(
            &admin_browser,
            "set_user_disabled",
            &[("user_id", sam.to_string()), ("disabled", "true".into())],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = app.call_as(&sam_browser, "load_teams", &[]).await;
    assert_eq!(res.status(), 401);
    let res = app
        .call_as(
            &browser(),
            "sign_in",
            &sign_in_fields("sam@acme.test", PASSWORD),
        )
        .await;
    assert_eq!(res.status(), 401);
    // Nobody can lock themselves out.
    let res = app
        .call_as(
            &admin_browser,
            "set_user_disabled",
            &[("user_id", admin.to_string()), ("disabled", "true".into())],
        )
        .await;
    assert_eq!(res.status(), 403);
}

async fn cross_site_posts_are_refused(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let fields = form_fields(&form(app.team, "Forged", "2026-03-12"));
    let forged = app
        .client
        .post(format!("{}/api/create_release", app.address))
        .header("Origin", "https://evil.example")
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let bare = app
        .client
        .post(format!("{}/api/create_release", app.address))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), 403, "no Origin or Referer at all");
    let res = app
        .call(
            "load_calendar",
            &[("view", "Month".into()), ("anchor", "2026-03-01".into())],
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert!(
        body["releases"]["id"].as_array().unwrap().is_empty(),
        "nothing was created"
    );
}

async fn the_first_administrator_comes_from_the_setup_page(dialect: Dialect) {
    let db = TestDb::new(dialect).await;
    let address = start(&db).await;
    let client = browser();
    let res = client.get(format!("{address}/")).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/setup");
    let setup = |password: &str| {
        client
            .post(format!("{address}/api/set_up"))
            .header("Origin", &address)
            .form(&[
                ("name", "Alex Morgan"),
                ("email", "alex@acme.test"),
                ("password", password),
            ])
            .send()
    };
    let short = setup("short").await.unwrap();
    assert_eq!(short.status(), 422);
    let res = setup(PASSWORD).await.unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = client.get(format!("{address}/")).send().await.unwrap();
    assert_eq!(res.status(), 200, "signed in as the new administrator");
    let again = setup(PASSWORD).await.unwrap();
    assert_eq!(again.status(), 403, "setup happens once");
    let res = client.get(format!("{address}/setup")).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/sign-in");
}

/// Who may call what. Written out by hand from the permission table in docs/permissions.md,
/// so a change to the rules in code must be matched here.
/// (role, create, edit, reschedule, delete, manage users) for the role's own team; no role
/// may do anything to another team's releases.
const MATRIX: [(Option<Role>, [bool; 5]); 6] = [
    (Some(Role::Pm), [true, true, true, true, false]),
    (Some(Role::Engineering), [false, true, true, false, false]),
    (Some(Role::Marketing), [false, false, false, false, false]),
    (Some(Role::Support), [false, false, false, false, false]),
    (Some(Role::Viewer), [false, false, false, false, false]),
    (None, [true, true, true, true, true]),
];

async fn expect(res: reqwest::Response, allowed: bool, what: &str) {
    let status = res.status().as_u16();
    let body = res.text().await.unwrap();
    if allowed {
        assert_eq!(status, 200, "{what} should be allowed: {body}");
    } else {
        assert_eq!(status, 403, "{what} should be refused: {body}");
        let error: Value = serde_json::from_str(&body).unwrap();
        let message = error["Forbidden"].as_str().unwrap();
        assert!(message.starts_with("You cannot"), "{message}");
    }
}

async fn every_role_may_do_exactly_what_the_table_says(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let store = app.db.db.store();
    let fresh = |team: TeamId, title: &'static str| {
        let store = store.clone();
        async move {
            store
                .create_release(
                    &draft(team, title, "2026-03-12"),
                    &actor(),
                    chrono::Utc::now(),
                )
                .await
                .unwrap()
        }
    };
    for (n, (role, [create, edit, reschedule, delete, manage])) in MATRIX.into_iter().enumerate() {
        let email = format!("person{n}@acme.test");
        let roles: Vec<(TeamId, Role)> = role.map(|r| (app.team, r)).into_iter().collect();
        app.db.user(&email, role.is_none(), &roles).await;
        let person = app.signed_in(&email).await;
        let who = role.map_or("admin", Role::as_str);
        for (team, own) in [(app.team, true), (app.other_team, false)] {
            let may = |rule: bool| rule && (own || role.is_none());
            let place = if own { "own team" } else { "other team" };
            let res = app
                .call_as(
                    &person,
                    "create_release",
                    &form_fields(&form(team, "Matrix", "2026-03-12")),
                )
                .await;
            expect(res, may(create), &format!("{who} create in {place}")).await;

            let r = fresh(team, "Edit me").await;
            let mut fields = form_fields(&form(team, "Edited", "2026-03-13"));
            fields.push(("id", r.id.to_string()));
            fields.push(("version", "1".into()));
            let res = app.call_as(&person, "update_release", &fields).await;
            expect(res, may(edit), &format!("{who} edit in {place}")).await;

            let r = fresh(team, "Move me").await;
            let fields = [
                ("id", r.id.to_string()),
                ("version", "1".into()),
                ("target_date", "2026-03-20".into()),
            ];
            let res = app.call_as(&person, "reschedule_release", &fields).await;
            expect(
                res,
                may(reschedule),
                &format!("{who} reschedule in {place}"),
            )
            .await;

            let r = fresh(team, "Delete me").await;
            let fields = [("id", r.id.to_string()), ("version", "1".into())];
            let res = app.call_as(&person, "delete_release", &fields).await;
            expect(res, may(delete), &format!("{who} delete in {place}")).await;
        }
        let res = app.call_as(&person, "list_users", &[]).await;
        expect(res, manage, &format!("{who} list users")).await;
        let res = app
            .call_as(
                &person,
                "create_user",
                &[
                    ("form[name]", "New".into()),
                    ("form[email]", format!("new{n}@acme.test")),
                    ("form[password]", PASSWORD.into()),
                ],
            )
            .await;
        expect(res, manage, &format!("{who} create a user")).await;
        let res = app
            .call_as(
                &person,
                "set_membership",
                &[
                    ("user_id", "1".into()),
                    ("team_id", app.team.to_string()),
                    ("role", "viewer".into()),
                ],
            )
            .await;
        expect(res, manage, &format!("{who} set a membership")).await;
    }
}

async fn a_pm_cannot_move_a_release_into_a_team_they_do_not_plan_for(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    app.db
        .user(
            "pia@acme.test",
            false,
            &[(app.team, Role::Pm), (app.other_team, Role::Viewer)],
        )
        .await;
    let pia = app.signed_in("pia@acme.test").await;
    let created = app
        .db
        .db
        .store()
        .create_release(
            &draft(app.team, "Stay home", "2026-03-12"),
            &actor(),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let mut fields = form_fields(&form(app.other_team, "Stay home", "2026-03-12"));
    fields.push(("id", created.id.to_string()));
    fields.push(("version", "1".into()));
    let res = app.call_as(&pia, "update_release", &fields).await;
    assert_eq!(res.status(), 403);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["Forbidden"],
        "You cannot edit releases as Viewer of this team. Ask a PM of the team or an administrator."
    );
}

dialect_tests!(
    signed_out_people_are_sent_to_sign_in_and_calls_refused,
    sign_in_failures_do_not_reveal_accounts_and_are_throttled,
    sessions_rotate_at_sign_in_and_end_at_sign_out,
    disabling_an_account_ends_its_sessions_at_once,
    cross_site_posts_are_refused,
    the_first_administrator_comes_from_the_setup_page,
    every_role_may_do_exactly_what_the_table_says,
    a_pm_cannot_move_a_release_into_a_team_they_do_not_plan_for,
);
