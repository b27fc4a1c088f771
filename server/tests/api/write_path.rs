//! Every mutating store method, one after another, each followed by the cached reads that
//! depend on it (the calendar listing, sessions) on the instance that wrote and, on
//! PostgreSQL, on a second instance on the same database: a write is seen at once where it
//! was made and as soon as the notice arrives elsewhere. Every audited write adds exactly one
//! record to the trail.

use crate::dialect_tests;
use crate::helpers::{Dialect, PASSWORD, TestDb, actor, draft};
use app::auth::{SESSION_COOKIE, secret_hash};
use app::domain::calendar::CalendarView;
use app::domain::dependency::{DependencyDraft, DependencyForm};
use app::domain::prompt::{TemplateDraft, TemplateForm};
use app::domain::{Conflict, Principal, ReleaseDraft, ReleaseFilter, Role, Scope};
use app::read::{CalendarData, CalendarReader, DependencyReader, ListingQuery};
use app::store::{Actor, NewUser};
use axum::http::{HeaderMap, HeaderValue, header};
use chrono::{Duration, NaiveDate, Utc};
use server::auth::AuthState;
use server::db::Database;
use server::readers::Readers;
use std::sync::Arc;

/// One running instance's cached read side.
struct Instance {
    db: Database,
    calendar: Readers,
    auth: AuthState,
}

impl Instance {
    fn of(db: Database) -> Self {
        Self {
            calendar: Readers::new(db.store(), db.dependencies(), db.versions()),
            auth: AuthState::new(db.accounts(), db.versions(), Default::default()),
            db,
        }
    }

    async fn listing(&self) -> Arc<CalendarData> {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let query = ListingQuery::new(
            CalendarView::Month,
            day("2026-03-01"),
            ReleaseFilter::default(),
            day("2026-02-01"),
        );
        self.calendar.calendar(&nobody(), query).await.unwrap()
    }

    async fn titles(&self) -> Vec<String> {
        let listing = self.listing().await;
        let mut titles: Vec<String> = listing
            .releases
            .iter()
            .map(|r| r.title.as_str().to_owned())
            .collect();
        titles.sort();
        titles
    }

    /// The releases with an unmet dependency.
    async fn conflicted(&self) -> Vec<String> {
        let listing = self.listing().await;
        listing
            .releases
            .iter()
            .filter(|r| {
                r.conflicts
                    .iter()
                    .any(|c| matches!(c, Conflict::Dependency { .. }))
            })
            .map(|r| r.title.as_str().to_owned())
            .collect()
    }

    async fn teams(&self) -> Vec<String> {
        let listing = self.listing().await;
        listing.teams.iter().map(|t| t.name.clone()).collect()
    }

    /// The person behind `session`, as the session layer would find them.
    async fn session(&self, session: &str) -> Option<Principal> {
        let mut headers = HeaderMap::new();
        let cookie = HeaderValue::from_str(&format!("{SESSION_COOKIE}={session}")).unwrap();
        headers.insert(header::COOKIE, cookie);
        let signed_in = self.auth.signed_in(&headers).await.unwrap();
        signed_in.map(|s| s.principal)
    }
}

fn nobody() -> Principal {
    Principal {
        id: app::domain::UserId(0),
        name: "Reader".into(),
        email: "reader@acme.test".into(),
        admin: false,
        memberships: vec![],
    }
}

/// Checks `seen` on the writing instance at once and on every other one within 5 seconds.
async fn seen_everywhere<T: std::fmt::Debug + PartialEq>(
    instances: &[&Instance],
    what: &str,
    read: impl AsyncFn(&Instance) -> T,
    expected: T,
) {
    let (writer, others) = instances.split_first().unwrap();
    assert_eq!(
        read(writer).await,
        expected,
        "{what}: not seen on the instance that wrote it"
    );
    for other in others {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let now = read(other).await;
            if now == expected {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{what}: another instance still reads {now:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

async fn audit_records(db: &Database) -> i64 {
    let sql = "SELECT COUNT(*) FROM audit_log";
    match db {
        Database::Sqlite(s) => sqlx::query_scalar(sql).fetch_one(&s.pool).await.unwrap(),
        Database::Postgres(s) => sqlx::query_scalar(sql).fetch_one(&s.pool).await.unwrap(),
    }
}

async fn every_write_is_seen_by_the_cached_reads_after_it(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let one = Instance::of(t.db.clone());
    let second;
    let mut instances = vec![&one];
    if matches!(dialect, Dialect::Postgres) {
        one.db.relay_changes().await.unwrap();
        let db = Database::connect(Some(&t.url), t.dir.path()).await.unwrap();
        db.relay_changes().await.unwrap();
        second = Instance::of(db);
        instances.push(&second);
    }
    let (store, accounts) = (one.db.store(), one.db.accounts());
    let now = Utc::now();
    let mut audited = audit_records(&one.db).await;
    let mut records = async |n: i64| {
        audited += n;
        assert_eq!(audit_records(&one.db).await, audited, "{n} audit record(s)");
    };
    // Warm every instance's caches: each later read would be served from them if stale.
    for i in &instances {
        assert!(i.teams().await.is_empty());
    }

    // Teams and releases: the calendar listing.
    let team = one
        .db
        .create_team(
            "Risk",
            &app::domain::Colour::parse("#336699").unwrap(),
            0,
            &actor(),
            now,
        )
        .await
        .unwrap()
        .id;
    seen_everywhere(
        &instances,
        "create_team",
        Instance::teams,
        vec!["Risk".into()],
    )
    .await;
    records(1).await;

    let created = store
        .create_release(&draft(team, "Fraud rules", "2026-03-10"), &actor(), now)
        .await
        .unwrap();
    seen_everywhere(
        &instances,
        "create_release",
        Instance::titles,
        vec!["Fraud rules".into()],
    )
    .await;
    records(1).await;

    let updated = store
        .update_release(
            created.id,
            created.version,
            &draft(team, "Fraud rules v2", "2026-03-11"),
            &actor(),
            now,
        )
        .await
        .unwrap();
    seen_everywhere(
        &instances,
        "update_release",
        Instance::titles,
        vec!["Fraud rules v2".into()],
    )
    .await;
    records(1).await;

    one.db
        .insert_releases(&[draft(team, "Imported", "2026-03-20")], &actor(), now)
        .await
        .unwrap();
    let both = vec!["Fraud rules v2".to_owned(), "Imported".to_owned()];
    seen_everywhere(&instances, "insert_releases", Instance::titles, both).await;
    records(1).await;

    // Dependencies: the conflicts the listing shows, and the links of a release.
    let imported = store
        .all_releases()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.title.as_str() == "Imported")
        .unwrap();
    let deps = one.db.dependencies();
    let needs = |lead: &str| {
        DependencyDraft::parse(
            &DependencyForm {
                upstream: imported.id.to_string(),
                kind: "data_etl".into(),
                lead_days: lead.into(),
                note: String::new(),
            },
            true,
        )
        .unwrap()
    };
    let added = deps
        .add_dependency(updated.id, &needs("0"), &actor(), now)
        .await
        .unwrap();
    // Both ends show it: the dependent is too early, and it holds up the dependent.
    let waiting = vec!["Fraud rules v2".to_owned(), "Imported".to_owned()];
    seen_everywhere(&instances, "add_dependency", Instance::conflicted, waiting).await;
    records(1).await;

    let lead = async |i: &Instance| {
        let links = i.calendar.links(updated.id).await.unwrap();
        links
            .upstream
            .iter()
            .map(|l| l.dependency.edge.lead_days)
            .collect::<Vec<_>>()
    };
    let changed = deps
        .update_dependency(added.id, added.version, &needs("3"), &actor(), now)
        .await
        .unwrap();
    seen_everywhere(&instances, "update_dependency", lead, vec![3]).await;
    records(1).await;

    let earlier = ReleaseDraft {
        schedule: imported
            .schedule
            .moved_to("2026-03-01".parse().unwrap())
            .unwrap(),
        ..imported.draft()
    };
    let anyone = |_: app::domain::TeamId| true;
    deps.move_with_dependents(
        imported.id,
        imported.version,
        &earlier,
        &anyone,
        &actor(),
        now,
    )
    .await
    .unwrap();
    seen_everywhere(
        &instances,
        "move_with_dependents",
        Instance::conflicted,
        vec![],
    )
    .await;
    records(1).await;

    deps.remove_dependency(changed.id, changed.version, &actor(), now)
        .await
        .unwrap();
    seen_everywhere(&instances, "remove_dependency", lead, vec![]).await;
    records(1).await;

    // Checklists: audited; a placeholder is a release and a dependency, seen on the calendar.
    let prompts = one.db.prompts();
    let template = prompts
        .add_prompt_template(
            &TemplateDraft::parse(&TemplateForm {
                release_kind: "feature".into(),
                dependency_kind: "support_docs".into(),
                text: "Help article".into(),
            })
            .unwrap(),
            &actor(),
            now,
        )
        .await
        .unwrap();
    records(1).await;
    let asked = store
        .create_release(&draft(team, "Asks", "2026-06-05"), &actor(), now)
        .await
        .unwrap();
    records(1).await;
    let items = prompts.prompts(asked.id).await.unwrap();
    let placeholder = prompts
        .add_placeholder(
            items[0].id,
            items[0].version,
            &draft(team, "Help article", "2026-06-04"),
            &actor(),
            now,
        )
        .await
        .unwrap();
    let needs = async |i: &Instance| {
        let links = i.calendar.links(asked.id).await.unwrap();
        links
            .upstream
            .iter()
            .map(|l| l.other.id)
            .collect::<Vec<_>>()
    };
    seen_everywhere(&instances, "add_placeholder", needs, vec![placeholder.id]).await;
    records(2).await;
    let second = store
        .create_release(&draft(team, "Asks again", "2026-06-06"), &actor(), now)
        .await
        .unwrap();
    records(1).await;
    let items = prompts.prompts(second.id).await.unwrap();
    prompts
        .dismiss_prompt(
            items[0].id,
            items[0].version,
            &app::domain::text::DismissReason::parse("No help needed").unwrap(),
            &actor(),
            now,
        )
        .await
        .unwrap();
    records(1).await;
    prompts
        .remove_prompt_template(template.id, &actor(), now)
        .await
        .unwrap();
    records(1).await;

    store
        .delete_release(updated.id, updated.version, &actor(), now)
        .await
        .unwrap();
    seen_everywhere(
        &instances,
        "delete_release",
        Instance::titles,
        vec!["Imported".into()],
    )
    .await;
    records(1).await;

    // People and sessions: the session cache.
    let user = accounts
        .create_user(
            &NewUser {
                email: "fran@acme.test".into(),
                name: "Fran".into(),
                password_hash: Some(app::auth::hash_password(PASSWORD).unwrap()),
                admin: false,
                service: false,
            },
            &actor(),
            now,
        )
        .await
        .unwrap();
    records(1).await;
    let in_list = accounts
        .users()
        .await
        .unwrap()
        .iter()
        .any(|u| u.principal.id == user);
    assert!(in_list, "create_user");

    let session = "session-of-fran";
    accounts
        .create_session(&secret_hash(session), user, now, now + Duration::days(1))
        .await
        .unwrap();
    let role = async |i: &Instance| i.session(session).await.map(|p| p.role_in(team));
    seen_everywhere(&instances, "create_session", role, Some(None)).await;

    accounts
        .set_membership(user, team, Some(Role::Pm), &actor(), now)
        .await
        .unwrap();
    seen_everywhere(&instances, "set_membership", role, Some(Some(Role::Pm))).await;
    records(1).await;

    accounts
        .touch_session(&secret_hash(session), now + Duration::minutes(10))
        .await
        .unwrap();
    seen_everywhere(&instances, "touch_session", role, Some(Some(Role::Pm))).await;

    accounts.record_sign_in(user, now).await.unwrap();
    records(1).await;

    for _ in 0..2 {
        let wait = accounts
            .begin_sign_in_attempt("fran@acme.test", "198.51.100.7", now)
            .await
            .unwrap();
        assert_eq!(wait, None, "the first attempts go ahead");
    }
    accounts
        .clear_sign_in_failures("fran@acme.test")
        .await
        .unwrap();

    let fran = Actor {
        user: Some(user),
        label: "Fran".into(),
    };
    let token = accounts
        .create_token(
            user,
            "CI",
            &[Scope::Read],
            &secret_hash("flt_t"),
            &fran,
            now,
        )
        .await
        .unwrap();
    records(1).await;
    let found = accounts
        .use_token(&secret_hash("flt_t"), now)
        .await
        .unwrap();
    assert_eq!(found.map(|t| t.id), Some(token.id), "create_token");
    accounts.revoke_token(token.id, &fran, now).await.unwrap();
    records(1).await;
    let found = accounts
        .use_token(&secret_hash("flt_t"), now)
        .await
        .unwrap();
    assert!(found.is_none(), "revoke_token");

    let other = "another-session-of-fran";
    accounts
        .create_session(&secret_hash(other), user, now, now + Duration::days(1))
        .await
        .unwrap();
    let signed_in = async |i: &Instance| i.session(other).await.is_some();
    seen_everywhere(&instances, "a second session", signed_in, true).await;
    accounts
        .delete_session(&secret_hash(other), &fran, now)
        .await
        .unwrap();
    seen_everywhere(&instances, "delete_session", signed_in, false).await;
    records(1).await;

    accounts
        .set_disabled(user, true, &actor(), now)
        .await
        .unwrap();
    let signed_in = async |i: &Instance| i.session(session).await.is_some();
    seen_everywhere(&instances, "set_disabled", signed_in, false).await;
    records(1).await;
}

dialect_tests!(every_write_is_seen_by_the_cached_reads_after_it);
