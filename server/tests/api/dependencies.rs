//! Dependencies: the store on both dialects (cycles refused, also when two people add halves
//! of one at once; moving dependents too), what the calendar and the what-if read from them,
//! and the server functions' checks.

use crate::dialect_tests;
use crate::helpers::{Dialect, TestApp, TestDb, actor, draft, form, form_fields};
use app::domain::calendar::CalendarView;
use app::domain::dependency::{DependencyDraft, DependencyForm, DependencyKind};
use app::domain::{
    Conflict, Principal, ReleaseDraft, ReleaseFilter, ReleaseId, ReleaseStatus, Role, TeamId,
};
use app::read::{CalendarReader, DependencyReader, ListingQuery};
use app::store::StoreError;
use chrono::{NaiveDate, Utc};
use serde_json::Value;
use server::readers::Readers;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn needs(upstream: ReleaseId, lead_days: &str) -> DependencyDraft {
    DependencyDraft::parse(
        &DependencyForm {
            upstream: upstream.to_string(),
            kind: "api".into(),
            lead_days: lead_days.into(),
            note: "refund endpoint".into(),
        },
        true,
    )
    .unwrap()
}

async fn release(t: &TestDb, team: TeamId, title: &str, date: &str) -> ReleaseId {
    t.db.store()
        .create_release(&draft(team, title, date), &actor(), Utc::now())
        .await
        .unwrap()
        .id
}

async fn adds_changes_and_removes_with_versions(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let team = t.team("Payments").await;
    let api = release(&t, team, "Payments API v3", "2026-03-10").await;
    let app = release(&t, team, "Mobile payment flow", "2026-03-20").await;
    let deps = t.db.dependencies();
    let added = deps
        .add_dependency(app, &needs(api, "2"), &actor(), Utc::now())
        .await
        .unwrap();
    assert_eq!((added.edge.upstream, added.edge.downstream), (api, app));
    assert_eq!(added.edge.kind, DependencyKind::Api);
    assert_eq!(added.edge.lead_days, 2);
    assert_eq!(added.note.as_str(), "refund endpoint");
    assert_eq!(deps.upstream_of(app).await.unwrap(), vec![added.clone()]);
    assert!(deps.upstream_of(api).await.unwrap().is_empty());
    assert!(matches!(
        deps.add_dependency(app, &needs(api, "0"), &actor(), Utc::now())
            .await,
        Err(StoreError::Taken { field: "upstream" })
    ));
    assert!(matches!(
        deps.add_dependency(app, &needs(ReleaseId(9999), "0"), &actor(), Utc::now())
            .await,
        Err(StoreError::Missing { field: "upstream" })
    ));

    let changed = deps
        .update_dependency(
            added.id,
            added.version,
            &needs(api, "5"),
            &actor(),
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(changed.edge.lead_days, 5);
    assert_eq!(changed.version, added.version.next());
    match deps
        .update_dependency(
            added.id,
            added.version,
            &needs(api, "1"),
            &actor(),
            Utc::now(),
        )
        .await
    {
        Err(StoreError::StaleDependency(current)) => assert_eq!(*current, changed),
        other => panic!("a stale edit must be refused, got {other:?}"),
    }
    assert!(matches!(
        deps.remove_dependency(added.id, added.version, &actor(), Utc::now())
            .await,
        Err(StoreError::StaleDependency(_))
    ));
    deps.remove_dependency(changed.id, changed.version, &actor(), Utc::now())
        .await
        .unwrap();
    assert!(deps.all_dependencies().await.unwrap().is_empty());
}

async fn a_cycle_is_refused_and_named(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let team = t.team("Checkout").await;
    let a = release(&t, team, "Checkout", "2026-03-10").await;
    let b = release(&t, team, "Fraud", "2026-03-11").await;
    let c = release(&t, team, "Ledger", "2026-03-12").await;
    let deps = t.db.dependencies();
    deps.add_dependency(b, &needs(a, "0"), &actor(), Utc::now())
        .await
        .unwrap();
    deps.add_dependency(c, &needs(b, "0"), &actor(), Utc::now())
        .await
        .unwrap();
    match deps
        .add_dependency(a, &needs(c, "0"), &actor(), Utc::now())
        .await
    {
        Err(StoreError::Cycle(cycle)) => assert_eq!(cycle, vec![c, a, b, c]),
        other => panic!("a cycle must be refused, got {other:?}"),
    }
    assert_eq!(deps.all_dependencies().await.unwrap().len(), 2);
}

async fn two_people_adding_halves_of_a_cycle_at_once_cannot_both_succeed(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let team = t.team("Checkout").await;
    for round in 0..8 {
        let a = release(&t, team, &format!("A{round}"), "2026-03-10").await;
        let b = release(&t, team, &format!("B{round}"), "2026-03-11").await;
        let (one, two) = (t.db.dependencies(), t.db.dependencies());
        let (first, second) = tokio::join!(
            tokio::spawn(async move {
                one.add_dependency(b, &needs(a, "0"), &actor(), Utc::now())
                    .await
            }),
            tokio::spawn(async move {
                two.add_dependency(a, &needs(b, "0"), &actor(), Utc::now())
                    .await
            }),
        );
        let results = [first.unwrap(), second.unwrap()];
        let won = results.iter().filter(|r| r.is_ok()).count();
        let cycles = results
            .iter()
            .filter(|r| matches!(r, Err(StoreError::Cycle(_))))
            .count();
        assert_eq!((won, cycles), (1, 1), "round {round}: {results:?}");
    }
}

async fn moving_dependents_too_keeps_lead_times_in_one_audited_step(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let payments = t.team("Payments").await;
    let mobile = t.team("Mobile").await;
    let api = release(&t, payments, "Payments API v3", "2026-03-10").await;
    let flow = release(&t, mobile, "Mobile payment flow", "2026-03-13").await;
    let later = release(&t, mobile, "Mobile promo", "2026-04-20").await;
    let deps = t.db.dependencies();
    deps.add_dependency(flow, &needs(api, "2"), &actor(), Utc::now())
        .await
        .unwrap();
    deps.add_dependency(later, &needs(flow, "1"), &actor(), Utc::now())
        .await
        .unwrap();
    let store = t.db.store();
    let current = store.release(api).await.unwrap();
    let version = current.version;
    let moved_to = |day: &str| ReleaseDraft {
        schedule: current.schedule.moved_to(d(day)).unwrap(),
        ..current.draft()
    };

    let only_payments = move |team: TeamId| team == payments;
    assert!(matches!(
        deps.move_with_dependents(api, version, &moved_to("2026-03-20"), &only_payments, &actor(), Utc::now())
            .await,
        Err(StoreError::NotPermitted(id)) if id == flow
    ));
    assert_eq!(
        store.release(api).await.unwrap().schedule.target(),
        d("2026-03-10"),
        "nothing moved"
    );

    let anyone = |_: TeamId| true;
    let moved = deps
        .move_with_dependents(
            api,
            version,
            &moved_to("2026-03-20"),
            &anyone,
            &actor(),
            Utc::now(),
        )
        .await
        .unwrap();
    let days: Vec<_> = moved.iter().map(|r| (r.id, r.schedule.target())).collect();
    assert_eq!(days, vec![(api, d("2026-03-20")), (flow, d("2026-03-22"))]);
    assert_eq!(
        store.release(later).await.unwrap().schedule.target(),
        d("2026-04-20"),
        "far enough already: stays"
    );
    assert_eq!(
        store.release_history(flow).await.unwrap().len(),
        2,
        "the move is audited"
    );
    assert!(matches!(
        deps.move_with_dependents(
            api,
            version,
            &moved_to("2026-03-25"),
            &anyone,
            &actor(),
            Utc::now()
        )
        .await,
        Err(StoreError::Conflict(_))
    ));
}

async fn deleting_a_release_removes_its_dependencies(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let team = t.team("Payments").await;
    let api = release(&t, team, "Payments API v3", "2026-03-10").await;
    let flow = release(&t, team, "Mobile payment flow", "2026-03-13").await;
    let deps = t.db.dependencies();
    deps.add_dependency(flow, &needs(api, "0"), &actor(), Utc::now())
        .await
        .unwrap();
    let store = t.db.store();
    let version = store.release(api).await.unwrap().version;
    store
        .delete_release(api, version, &actor(), Utc::now())
        .await
        .unwrap();
    assert!(deps.upstream_of(flow).await.unwrap().is_empty());
}

fn nobody() -> Principal {
    Principal {
        id: app::domain::UserId(0),
        name: "Reader".into(),
        email: "reader@acme.test".into(),
        admin: false,
        memberships: Vec::new(),
    }
}

async fn the_calendar_and_the_what_if_judge_dependencies_alike(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let payments = t.team("Payments").await;
    let mobile = t.team("Mobile").await;
    // The dependency lies in February, outside the March listing.
    let api = release(&t, payments, "Payments API v3", "2026-02-27").await;
    let flow = release(&t, mobile, "Mobile payment flow", "2026-03-02").await;
    let deps = t.db.dependencies();
    deps.add_dependency(flow, &needs(api, "5"), &actor(), Utc::now())
        .await
        .unwrap();
    let readers = Readers::new(t.db.store(), t.db.dependencies(), t.db.versions());
    let march = ListingQuery::new(
        CalendarView::Month,
        d("2026-03-01"),
        ReleaseFilter::default(),
        d("2026-01-01"),
    );
    let listing = readers.calendar(&nobody(), march.clone()).await.unwrap();
    let conflicts = listing.conflicts_of(flow);
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let Conflict::Dependency { other, .. } = &conflicts[0] else {
        panic!("a dependency conflict, got {conflicts:?}");
    };
    assert_eq!(*other, api);
    assert_eq!(
        conflicts[0].message(|_| "Payments".into()),
        "Needs “Payments API v3” (Payments, API) first: ships no earlier than 4 Mar 2026"
    );

    let links = readers.links(api).await.unwrap();
    assert!(links.upstream.is_empty());
    assert_eq!(links.downstream.len(), 1);
    assert_eq!(links.downstream[0].other.id, flow);
    assert!(links.downstream[0].conflict.is_some(), "does not hold");

    let preview = readers.preview_move(api, d("2026-02-20")).await.unwrap();
    assert_eq!(
        preview.clear.len(),
        1,
        "moving it earlier clears the conflict"
    );
    assert!(preview.appear.is_empty());
    assert_eq!(
        preview.affected.iter().map(|r| r.id).collect::<Vec<_>>(),
        [flow]
    );
    let preview = readers.preview_move(api, d("2026-03-10")).await.unwrap();
    assert_eq!(
        preview.shifts,
        vec![(preview.affected[0].clone(), d("2026-03-15"))]
    );

    // Cancelling the dependency is a conflict of another kind; the listing follows the write.
    let store = t.db.store();
    let current = store.release(api).await.unwrap();
    let mut cancelled = current.draft();
    cancelled.status = ReleaseStatus::Cancelled;
    store
        .update_release(api, current.version, &cancelled, &actor(), Utc::now())
        .await
        .unwrap();
    let listing = readers.calendar(&nobody(), march).await.unwrap();
    assert_eq!(
        listing.conflicts_of(flow)[0].message(|_| "Payments".into()),
        "Needs “Payments API v3” (Payments, API), which is cancelled"
    );
}

dialect_tests!(
    adds_changes_and_removes_with_versions,
    a_cycle_is_refused_and_named,
    two_people_adding_halves_of_a_cycle_at_once_cannot_both_succeed,
    moving_dependents_too_keeps_lead_times_in_one_audited_step,
    deleting_a_release_removes_its_dependencies,
    the_calendar_and_the_what_if_judge_dependencies_alike,
);

mod over_http {
    use super::*;

    async fn create(app: &TestApp, team: TeamId, title: &str, date: &str) -> String {
        let res = app
            .call("create_release", &form_fields(&form(team, title, date)))
            .await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        res.json::<Value>().await.unwrap()["id"].to_string()
    }

    fn fields(release: &str, upstream: &str) -> Vec<(&'static str, String)> {
        vec![
            ("release", release.to_owned()),
            ("form[upstream]", upstream.to_owned()),
            ("form[kind]", "api".into()),
            ("form[lead_days]", "2".into()),
            ("form[note]", String::new()),
        ]
    }

    async fn only_the_dependents_team_edits_and_a_cycle_is_named(dialect: Dialect) {
        let app = TestApp::spawn(dialect).await;
        let api = create(&app, app.team, "Payments API v3", "2026-03-10").await;
        let flow = create(&app, app.other_team, "Mobile payment flow", "2026-03-11").await;
        // An engineer of the dependent's team, and a PM of the other team only.
        app.db
            .user(
                "eng@acme.test",
                false,
                &[(app.other_team, Role::Engineering)],
            )
            .await;
        app.db
            .user("pm@acme.test", false, &[(app.team, Role::Pm)])
            .await;
        for who in ["eng@acme.test", "pm@acme.test"] {
            let client = app.signed_in(who).await;
            let res = app
                .call_as(&client, "add_dependency", &fields(&flow, &api))
                .await;
            assert_eq!(res.status(), 403, "{who}");
        }
        let res = app.call("add_dependency", &fields(&flow, &api)).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        let dependency: Value = res.json().await.unwrap();

        let res = app.call("add_dependency", &fields(&api, &flow)).await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("it would close a cycle: “Mobile payment flow” → “Payments API v3” → “Mobile payment flow”"),
            "{body}"
        );
        let res = app.call("add_dependency", &fields(&flow, "x")).await;
        assert_eq!(res.status(), 422);

        let res = app.call("load_links", &[("id", flow.clone())]).await;
        let links: Value = res.json().await.unwrap();
        assert_eq!(links["upstream"][0]["other"]["title"], "Payments API v3");
        assert!(links["upstream"][0]["conflict"].is_object(), "{links}");

        let res = app
            .call(
                "preview_move",
                &[("id", api.clone()), ("target_date", "2026-03-01".into())],
            )
            .await;
        let preview: Value = res.json().await.unwrap();
        assert_eq!(preview["clear"].as_array().unwrap().len(), 1, "{preview}");

        // Scripts read the same, with a token.
        let res = app
            .call(
                "create_token",
                &[
                    ("form[name]", "CI".to_owned()),
                    ("form[read]", "on".to_owned()),
                ],
            )
            .await;
        let token: Value = res.json().await.unwrap();
        let secret = token["secret"].as_str().unwrap();
        let get = async |path: &str| {
            let res = reqwest::Client::new()
                .get(format!("{}{path}", app.address))
                .bearer_auth(secret)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{path}");
            res.json::<Value>().await.unwrap()
        };
        let rest = get(&format!("/api/v1/releases/{flow}/dependencies")).await;
        assert_eq!(rest["upstream"][0]["release"]["title"], "Payments API v3");
        assert_eq!(rest["upstream"][0]["kind"], "api");
        assert_eq!(rest["upstream"][0]["holds"], false);
        let reason =
            "Needs “Payments API v3” (Checkout, API) first: ships no earlier than 12 Mar 2026";
        assert_eq!(rest["upstream"][0]["conflict"], reason);
        let found = get("/api/v1/conflicts?from=2026-03-01&to=2026-03-31").await;
        let on_dependencies: Vec<&Value> = found
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["rule"] == "dependency")
            .collect();
        assert_eq!(on_dependencies.len(), 2, "both ends: {found}");
        assert!(
            on_dependencies
                .iter()
                .any(|c| c["title"] == "Mobile payment flow" && c["message"] == reason)
        );
        let missing = reqwest::Client::new()
            .get(format!(
                "{}/api/v1/releases/999999/dependencies",
                app.address
            ))
            .bearer_auth(secret)
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);

        // The edit form's "move dependents too": one save moves the dependent along.
        let mut edit = form_fields(&form(app.team, "Payments API v3", "2026-03-12"));
        edit.extend([
            ("id", api.clone()),
            ("version", "1".to_owned()),
            ("move_dependents", "on".to_owned()),
        ]);
        let res = app.call("update_release", &edit).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        let res = app.call("load_release", &[("id", flow.clone())]).await;
        let moved: Value = res.json().await.unwrap();
        assert_eq!(moved["schedule"]["target"], "2026-03-14", "{moved}");

        let remove = [
            ("id", dependency["id"].to_string()),
            ("version", dependency["version"].to_string()),
        ];
        let eng = app.signed_in("eng@acme.test").await;
        assert_eq!(
            app.call_as(&eng, "remove_dependency", &remove)
                .await
                .status(),
            403
        );
        assert_eq!(app.call("remove_dependency", &remove).await.status(), 200);
        assert_eq!(app.call("remove_dependency", &remove).await.status(), 404);
    }

    dialect_tests!(only_the_dependents_team_edits_and_a_cycle_is_named);
}
