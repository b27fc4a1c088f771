//! Hidden-dependency checklists on both dialects: a release gets the items of its kind, a
//! recorded dependency of an item's kind checks it off, a changed kind changes the open items,
//! dismissals and placeholders are answers; and who may give them, over HTTP.

use crate::dialect_tests;
use crate::helpers::{Dialect, TestApp, TestDb, actor, draft, form, form_fields};
use app::domain::dependency::{DependencyDraft, DependencyForm, DependencyKind};
use app::domain::prompt::{PromptState, TemplateDraft, TemplateForm, unchecked};
use app::domain::text::DismissReason;
use app::domain::{ReleaseKind, Role};
use app::store::StoreError;
use chrono::Utc;
use serde_json::Value;

async fn a_release_gets_its_kinds_checklist_and_dependencies_check_it_off(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let team = t.team("Billing").await;
    let store = t.db.store();
    let prompts = t.db.prompts();
    let mut pricing = draft(team, "Growth becomes Scale", "2027-03-10");
    pricing.kind = ReleaseKind::Pricing;
    let release = store
        .create_release(&pricing, &actor(), Utc::now())
        .await
        .unwrap();
    let list = prompts.prompts(release.id).await.unwrap();
    let kinds: Vec<DependencyKind> = list.iter().map(|p| p.dependency_kind).collect();
    assert_eq!(
        kinds,
        [
            DependencyKind::OnboardingDemo,
            DependencyKind::Accounting,
            DependencyKind::SupportDocs
        ]
    );
    assert_eq!(unchecked(&list), 3);

    // A dependency of an item's kind checks it off.
    let demo = store
        .create_release(
            &draft(team, "Demo flow refresh", "2027-03-01"),
            &actor(),
            Utc::now(),
        )
        .await
        .unwrap();
    let needs = DependencyDraft::parse(
        &DependencyForm {
            upstream: demo.id.to_string(),
            kind: "onboarding_demo".into(),
            lead_days: "0".into(),
            note: String::new(),
        },
        true,
    )
    .unwrap();
    t.db.dependencies()
        .add_dependency(release.id, &needs, &actor(), Utc::now())
        .await
        .unwrap();
    let list = prompts.prompts(release.id).await.unwrap();
    assert_eq!(list[0].state, PromptState::Linked(Some(demo.id)));
    assert_eq!(unchecked(&list), 2);

    // Dismissed with a reason, once: a second answer on the old version is refused.
    let reason = DismissReason::parse("Invoices are not affected").unwrap();
    let item = &list[1];
    let dismissed = prompts
        .dismiss_prompt(item.id, item.version, &reason, &actor(), Utc::now())
        .await
        .unwrap();
    assert_eq!(dismissed.state, PromptState::Dismissed(reason.clone()));
    assert!(matches!(
        prompts
            .dismiss_prompt(item.id, item.version, &reason, &actor(), Utc::now())
            .await,
        Err(StoreError::StalePrompt)
    ));

    // A placeholder for the last item: a new release the item's release depends on.
    let item = &list[2];
    let placeholder = prompts
        .add_placeholder(
            item.id,
            item.version,
            &draft(team, "Support macros for the new tiers", "2027-03-03"),
            &actor(),
            Utc::now(),
        )
        .await
        .unwrap();
    let list = prompts.prompts(release.id).await.unwrap();
    assert_eq!(list[2].state, PromptState::Linked(Some(placeholder.id)));
    assert_eq!(unchecked(&list), 0);
    let upstream = t.db.dependencies().upstream_of(release.id).await.unwrap();
    assert!(
        upstream.iter().any(
            |d| d.edge.upstream == placeholder.id && d.edge.kind == DependencyKind::SupportDocs
        )
    );

    // Another kind: answered items stay, open ones of the old kind go, the new kind's come.
    let mut other = release.clone();
    let current = store.release(release.id).await.unwrap();
    other.kind = ReleaseKind::MobileApp;
    store
        .update_release(
            release.id,
            current.version,
            &other.draft(),
            &actor(),
            Utc::now(),
        )
        .await
        .unwrap();
    let list = prompts.prompts(release.id).await.unwrap();
    assert_eq!(list.len(), 5, "{list:?}");
    // The new support item is answered at once by the placeholder dependency of its kind.
    assert_eq!(unchecked(&list), 1);
    assert_eq!(list[4].dependency_kind, DependencyKind::SupportDocs);
    assert_eq!(list[4].state, PromptState::Linked(Some(placeholder.id)));
}

async fn administrators_edit_the_templates(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let prompts = t.db.prompts();
    let before = prompts.prompt_templates().await.unwrap().len();
    let added = prompts
        .add_prompt_template(
            &TemplateDraft::parse(&TemplateForm {
                release_kind: "infrastructure".into(),
                dependency_kind: "infrastructure".into(),
                text: "Capacity plan reviewed".into(),
            })
            .unwrap(),
            &actor(),
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(prompts.prompt_templates().await.unwrap().len(), before + 1);
    let team = t.team("Platform").await;
    let mut infra = draft(team, "Cluster upgrade", "2027-04-01");
    infra.kind = ReleaseKind::Infrastructure;
    let release =
        t.db.store()
            .create_release(&infra, &actor(), Utc::now())
            .await
            .unwrap();
    assert_eq!(prompts.prompts(release.id).await.unwrap().len(), 1);
    prompts
        .remove_prompt_template(added.id, &actor(), Utc::now())
        .await
        .unwrap();
    assert_eq!(prompts.prompt_templates().await.unwrap().len(), before);
    assert_eq!(
        prompts.prompts(release.id).await.unwrap().len(),
        1,
        "releases keep theirs"
    );
}

async fn answers_need_the_dependents_team_and_placeholders_the_owners(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let mut pricing = form(app.team, "Growth becomes Scale", "2027-03-10");
    pricing.kind = "pricing".into();
    let res = app.call("create_release", &form_fields(&pricing)).await;
    let release: Value = res.json().await.unwrap();
    let res = app
        .call("load_prompts", &[("release", release["id"].to_string())])
        .await;
    let list: Value = res.json().await.unwrap();
    let item = &list[0];
    let answer = |reason: &str| {
        vec![
            ("id", item["id"].to_string()),
            ("version", item["version"].to_string()),
            ("reason", reason.to_owned()),
        ]
    };
    let outsider = app.db.team("Fraud").await;
    app.db
        .user("fraud@acme.test", false, &[(outsider, Role::Pm)])
        .await;
    let fraud = app.signed_in("fraud@acme.test").await;
    assert_eq!(
        app.call_as(&fraud, "dismiss_prompt", &answer("no"))
            .await
            .status(),
        403
    );
    assert_eq!(app.call("dismiss_prompt", &answer(" ")).await.status(), 422);

    // A placeholder in a team the PM has no rights in is refused, naming the field.
    let mut placeholder = vec![
        ("id", list[1]["id"].to_string()),
        ("version", list[1]["version"].to_string()),
    ];
    placeholder.extend(form_fields(&form(
        outsider,
        "Fraud check of the tiers",
        "2027-03-03",
    )));
    let res = app.call("add_placeholder", &placeholder).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("team_id"));

    let res = app
        .call("dismiss_prompt", &answer("The demo shows no prices"))
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(
        app.call("dismiss_prompt", &answer("again")).await.status(),
        409
    );

    let template = [
        ("form[release_kind]", "pricing".to_owned()),
        ("form[dependency_kind]", "other".to_owned()),
        ("form[text]", "Sales deck updated".to_owned()),
    ];
    assert_eq!(
        app.call("add_prompt_template", &template).await.status(),
        403,
        "PMs do not"
    );
}

dialect_tests!(
    a_release_gets_its_kinds_checklist_and_dependencies_check_it_off,
    administrators_edit_the_templates,
    answers_need_the_dependents_team_and_placeholders_the_owners,
);
