//! API tokens: shown once, stored hashed, scoped, revocable, and accepted by the REST API.

use crate::dialect_tests;
use crate::helpers::{Dialect, TestApp, form, form_fields};
use app::domain::Role;
use serde_json::Value;

async fn create_token(
    app: &TestApp,
    client: &reqwest::Client,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let fields: Vec<(&str, String)> = fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
    app.call_as(client, "create_token", &fields).await
}

async fn api(app: &TestApp, token: Option<&str>, path: &str) -> reqwest::Response {
    let mut req = reqwest::Client::new().get(format!("{}{path}", app.address));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req.send().await.unwrap()
}

async fn a_token_reads_the_api_until_it_is_revoked(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let res = app
        .call(
            "create_release",
            &form_fields(&form(app.team, "Visible to CI", "2026-03-12")),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = create_token(
        &app,
        &app.client,
        &[("form[name]", "Deploy pipeline"), ("form[read]", "on")],
    )
    .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let created: Value = res.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("flt_"));
    assert_eq!(created["token"]["scopes"], serde_json::json!(["read"]));

    let res = api(
        &app,
        Some(&secret),
        "/api/v1/releases?from=2026-03-01&to=2026-03-31",
    )
    .await;
    assert_eq!(res.status(), 200);
    let releases: Value = res.json().await.unwrap();
    assert_eq!(releases[0]["title"], "Visible to CI");
    let me: Value = api(&app, Some(&secret), "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["name"], "dana");
    let lowercase = reqwest::Client::new()
        .get(format!("{}/api/v1/me", app.address))
        .header("Authorization", format!("bearer {secret}"))
        .send()
        .await
        .unwrap();
    assert_eq!(lowercase.status(), 200, "the scheme is case-insensitive");
    let far = api(
        &app,
        Some(&secret),
        "/api/v1/releases?from=%2B262142-01-01&to=%2B262142-02-01",
    )
    .await;
    assert_eq!(far.status(), 422, "years past 9999 are refused");

    assert_eq!(api(&app, None, "/api/v1/me").await.status(), 401);
    assert_eq!(
        api(&app, Some("flt_forged"), "/api/v1/me").await.status(),
        401
    );
    let bad = api(
        &app,
        Some(&secret),
        "/api/v1/releases?from=2026-03-31&to=2026-03-01",
    )
    .await;
    assert_eq!(bad.status(), 422);

    let listed: Value = app.call("list_tokens", &[]).await.json().await.unwrap();
    assert_eq!(listed[0]["name"], "Deploy pipeline");
    assert!(!listed[0]["last_used_at"].is_null(), "last use is shown");
    assert!(
        listed.to_string().find(&secret).is_none(),
        "the secret is never listed"
    );

    let id = created["token"]["id"].to_string();
    assert_eq!(app.call("revoke_token", &[("id", id)]).await.status(), 200);
    assert_eq!(api(&app, Some(&secret), "/api/v1/me").await.status(), 401);
}

async fn scopes_and_owners_are_enforced(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let res = create_token(
        &app,
        &app.client,
        &[
            ("form[name]", "Evidence only"),
            ("form[write_evidence]", "on"),
        ],
    )
    .await;
    let created: Value = res.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap();
    assert_eq!(api(&app, Some(secret), "/api/v1/me").await.status(), 403);

    let res = create_token(&app, &app.client, &[("form[name]", "No scope")]).await;
    assert_eq!(res.status(), 422);

    // Only administrators make tokens for service accounts, and only for service accounts.
    app.db.user("alex@acme.test", true, &[]).await;
    let admin = app.signed_in("alex@acme.test").await;
    let res = app
        .call_as(
            &admin,
            "create_user",
            &[
                ("form[name]", "CI bot".into()),
                ("form[email]", "ci@acme.test".into()),
                ("form[service]", "on".into()),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let bot: Value = res.json().await.unwrap();
    let bot_id = bot["principal"]["id"].to_string();
    let res = create_token(
        &app,
        &app.client,
        &[
            ("form[name]", "Not mine"),
            ("form[read]", "on"),
            ("form[owner]", &bot_id),
        ],
    )
    .await;
    assert_eq!(res.status(), 403);
    let res = create_token(
        &app,
        &admin,
        &[
            ("form[name]", "CI"),
            ("form[read]", "on"),
            ("form[owner]", &bot_id),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["token"]["owner_name"], "CI bot");
    let me: Value = api(&app, created["secret"].as_str(), "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["name"], "CI bot");

    // Someone else's token cannot be revoked by a non-administrator.
    app.db
        .user("sam@acme.test", false, &[(app.team, Role::Support)])
        .await;
    let sam = app.signed_in("sam@acme.test").await;
    let id = created["token"]["id"].to_string();
    assert_eq!(
        app.call_as(&sam, "revoke_token", &[("id", id)])
            .await
            .status(),
        403
    );
}

dialect_tests!(
    a_token_reads_the_api_until_it_is_revoked,
    scopes_and_owners_are_enforced
);
