//! The release store's behaviour, identical on SQLite and PostgreSQL.

use crate::dialect_tests;
use crate::helpers::{Dialect, TestDb, actor, draft};
use app::domain::Version;
use app::domain::calendar::DateSpan;
use app::domain::{ReleaseId, ReleaseStatus, Schedule, TeamId};
use app::store::StoreError;
use chrono::{NaiveDate, TimeZone, Utc};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn span(from: &str, to: &str) -> DateSpan {
    DateSpan {
        from: d(from),
        to: d(to),
    }
}

async fn creates_and_reads_back_every_field(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let team = t.team("Checkout").await;
    let store = t.db.store();
    let mut new = draft(team, "Adyen integration", "2026-03-12");
    new.schedule = Schedule::new(d("2026-03-12"), Some(d("2026-03-14"))).unwrap();
    new.status = ReleaseStatus::AtRisk;
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 30, 0).unwrap();
    let created = store.create_release(&new, &actor(), now).await.unwrap();
    assert_eq!(created.version, Version(1));
    assert_eq!(created.created_at, now);
    assert_eq!(created.date_moved_at, None);
    let read = store.release(created.id).await.unwrap();
    assert_eq!(read, created);
    assert_eq!(read.title.as_str(), "Adyen integration");
    assert_eq!(read.schedule.window_end(), Some(d("2026-03-14")));
    assert_eq!(read.status, ReleaseStatus::AtRisk);
    assert!(read.public);
    assert_eq!(read.owner.as_str(), "Dana");
}

async fn lists_releases_overlapping_a_span_by_date(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let team = t.team("Checkout").await;
    let store = t.db.store();
    let now = Utc::now();
    let mut long = draft(team, "Starts before, ends inside", "2026-02-20");
    long.schedule = Schedule::new(d("2026-02-20"), Some(d("2026-03-02"))).unwrap();
    store.create_release(&long, &actor(), now).await.unwrap();
    store
        .create_release(&draft(team, "Inside late", "2026-03-30"), &actor(), now)
        .await
        .unwrap();
    store
        .create_release(&draft(team, "Inside early", "2026-03-05"), &actor(), now)
        .await
        .unwrap();
    store
        .create_release(&draft(team, "Before", "2026-02-27"), &actor(), now)
        .await
        .unwrap();
    store
        .create_release(&draft(team, "After", "2026-04-01"), &actor(), now)
        .await
        .unwrap();
    let titles: Vec<String> = store
        .releases_between(span("2026-03-01", "2026-03-31"))
        .await
        .unwrap()
        .iter()
        .map(|r| r.title.to_string())
        .collect();
    assert_eq!(
        titles,
        vec!["Starts before, ends inside", "Inside early", "Inside late"]
    );
}

async fn an_edit_on_the_current_version_saves_and_records_date_moves(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let team = t.team("Checkout").await;
    let store = t.db.store();
    let created = store
        .create_release(&draft(team, "Pricing", "2026-03-12"), &actor(), Utc::now())
        .await
        .unwrap();
    let mut renamed = draft(team, "Pricing tiers", "2026-03-12");
    renamed.status = ReleaseStatus::Ready;
    let later = Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap();
    let saved = store
        .update_release(created.id, Version(1), &renamed, &actor(), later)
        .await
        .unwrap();
    assert_eq!(saved.version, Version(2));
    assert_eq!(saved.title.as_str(), "Pricing tiers");
    assert_eq!(saved.updated_at, later);
    assert_eq!(saved.date_moved_at, None, "the date did not move");

    let moved = draft(team, "Pricing tiers", "2026-03-19");
    let even_later = Utc.with_ymd_and_hms(2026, 3, 3, 8, 0, 0).unwrap();
    let saved = store
        .update_release(created.id, Version(2), &moved, &actor(), even_later)
        .await
        .unwrap();
    assert_eq!(saved.version, Version(3));
    assert_eq!(saved.schedule.target(), d("2026-03-19"));
    assert_eq!(saved.date_moved_at, Some(even_later));
}

async fn a_stale_edit_is_refused_with_the_current_values(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let team = t.team("Checkout").await;
    let store = t.db.store();
    let created = store
        .create_release(&draft(team, "Original", "2026-03-12"), &actor(), Utc::now())
        .await
        .unwrap();
    store
        .update_release(
            created.id,
            Version(1),
            &draft(team, "Theirs", "2026-03-12"),
            &actor(),
            Utc::now(),
        )
        .await
        .unwrap();
    let err = store
        .update_release(
            created.id,
            Version(1),
            &draft(team, "Mine", "2026-03-12"),
            &actor(),
            Utc::now(),
        )
        .await
        .unwrap_err();
    match err {
        StoreError::Conflict(current) => {
            assert_eq!(current.title.as_str(), "Theirs");
            assert_eq!(current.version, Version(2));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        store.release(created.id).await.unwrap().title.as_str(),
        "Theirs"
    );
}

async fn concurrent_edits_of_one_version_let_exactly_one_win(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let team = t.team("Checkout").await;
    let store = t.db.store();
    let created = store
        .create_release(
            &draft(team, "Contended", "2026-03-12"),
            &actor(),
            Utc::now(),
        )
        .await
        .unwrap();
    let edits = (0..8).map(|i| {
        let store = store.clone();
        let draft = draft(team, &format!("Edit {i}"), "2026-03-12");
        tokio::spawn(async move {
            store
                .update_release(created.id, Version(1), &draft, &actor(), Utc::now())
                .await
        })
    });
    let results = futures_join(edits).await;
    let wins = results.iter().filter(|r| r.is_ok()).count();
    let conflicts = results
        .iter()
        .filter(|r| matches!(r, Err(StoreError::Conflict(_))))
        .count();
    let others: Vec<_> = results
        .iter()
        .filter(|r| !matches!(r, Ok(_) | Err(StoreError::Conflict(_))))
        .collect();
    assert_eq!((wins, conflicts), (1, 7), "other outcomes: {others:?}");
    assert_eq!(store.release(created.id).await.unwrap().version, Version(2));
}

async fn futures_join<T>(handles: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

async fn delete_needs_the_current_version(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let team = t.team("Checkout").await;
    let store = t.db.store();
    let created = store
        .create_release(&draft(team, "Doomed", "2026-03-12"), &actor(), Utc::now())
        .await
        .unwrap();
    store
        .update_release(
            created.id,
            Version(1),
            &draft(team, "Doomed v2", "2026-03-12"),
            &actor(),
            Utc::now(),
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .delete_release(created.id, Version(1), &actor(), Utc::now())
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(
        store.release(created.id).await.is_ok(),
        "a stale delete removes nothing"
    );
    store
        .delete_release(created.id, Version(2), &actor(), Utc::now())
        .await
        .unwrap();
    assert!(matches!(
        store.release(created.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .delete_release(created.id, Version(2), &actor(), Utc::now())
            .await,
        Err(StoreError::NotFound)
    ));
}

async fn an_unknown_team_is_refused(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let store = t.db.store();
    let err = store
        .create_release(
            &draft(TeamId(999), "Orphan", "2026-03-12"),
            &actor(),
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Missing { field: "team_id" }),
        "{err:?}"
    );
    assert!(
        store
            .releases_between(span("2026-01-01", "2026-12-31"))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn missing_releases_are_not_found(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let team = t.team("Checkout").await;
    let store = t.db.store();
    assert!(matches!(
        store.release(ReleaseId(42)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .update_release(
                ReleaseId(42),
                Version(1),
                &draft(team, "x", "2026-03-12"),
                &actor(),
                Utc::now(),
            )
            .await,
        Err(StoreError::NotFound)
    ));
}

async fn teams_come_in_display_order(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    let colour = app::domain::Colour::parse("#112233").unwrap();
    t.db.create_team(
        "Web",
        &colour,
        2,
        &app::store::Actor::system("Tests"),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    t.db.create_team(
        "Checkout",
        &colour,
        0,
        &app::store::Actor::system("Tests"),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    t.db.create_team(
        "Mobile",
        &colour,
        1,
        &app::store::Actor::system("Tests"),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let names: Vec<String> =
        t.db.store()
            .teams()
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
    assert_eq!(names, vec!["Checkout", "Mobile", "Web"]);
    assert!(
        t.db.create_team(
            "Web",
            &colour,
            3,
            &app::store::Actor::system("Tests"),
            chrono::Utc::now()
        )
        .await
        .is_err(),
        "team names are unique"
    );
}

async fn demo_data_is_created_once(dialect: Dialect) {
    let t = TestDb::new(dialect).await;
    assert!(server::demo::seed_if_empty(&t.db).await.unwrap());
    assert!(!server::demo::seed_if_empty(&t.db).await.unwrap());
    let store = t.db.store();
    assert_eq!(store.teams().await.unwrap().len(), 10);
    let today = Utc::now().date_naive();
    let all = store
        .releases_between(DateSpan {
            from: today - chrono::Days::new(60),
            to: today + chrono::Days::new(120),
        })
        .await
        .unwrap();
    assert!(all.len() >= 25, "demo has {} releases", all.len());
    assert!(
        all.iter().any(|r| r.date_moved_at.is_some()),
        "one release has slipped"
    );
}

dialect_tests!(
    creates_and_reads_back_every_field,
    lists_releases_overlapping_a_span_by_date,
    an_edit_on_the_current_version_saves_and_records_date_moves,
    a_stale_edit_is_refused_with_the_current_values,
    concurrent_edits_of_one_version_let_exactly_one_win,
    delete_needs_the_current_version,
    an_unknown_team_is_refused,
    missing_releases_are_not_found,
    teams_come_in_display_order,
    demo_data_is_created_once,
);

mod generated {
    use crate::dialect_tests;
    use crate::helpers::{Dialect, TestDb};
    use app::domain::calendar::DateSpan;
    use server::generate::{Scale, generate};

    fn scale(seed: u64) -> Scale {
        Scale {
            teams: 7,
            releases: 300,
            seed,
            start: "2026-01-01".parse().unwrap(),
            months: 18,
        }
    }

    async fn all_titles(t: &TestDb) -> Vec<(String, String)> {
        let span = DateSpan {
            from: "2025-12-01".parse().unwrap(),
            to: "2027-12-31".parse().unwrap(),
        };
        t.db.store()
            .releases_between(span)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.title.to_string(), r.schedule.target().to_string()))
            .collect()
    }

    async fn generation_is_deterministic_for_a_seed(dialect: Dialect) {
        let (a, b, c) = (
            TestDb::new(dialect).await,
            TestDb::new(dialect).await,
            TestDb::new(dialect).await,
        );
        generate(&a.db, &scale(11)).await.unwrap();
        generate(&b.db, &scale(11)).await.unwrap();
        generate(&c.db, &scale(12)).await.unwrap();
        let titles = all_titles(&a).await;
        assert_eq!(titles.len(), 300);
        assert_eq!(a.db.store().teams().await.unwrap().len(), 7);
        assert_eq!(titles, all_titles(&b).await);
        assert_ne!(titles, all_titles(&c).await);
        let first = titles.iter().map(|(_, d)| d.as_str()).min().unwrap();
        let last = titles.iter().map(|(_, d)| d.as_str()).max().unwrap();
        assert!(
            first < "2026-02-01" && last > "2027-05-01",
            "spread {first}..{last}"
        );
    }

    async fn generation_adds_dependencies_with_a_long_chain_and_a_hub(dialect: Dialect) {
        use app::domain::dependency::DependencyGraph;
        let t = TestDb::new(dialect).await;
        // From today on: the 300 that need the hub are releases still to come.
        let scale = Scale {
            releases: 3010,
            start: chrono::Utc::now().date_naive(),
            ..scale(5)
        };
        generate(&t.db, &scale).await.unwrap();
        let stored = t.db.dependencies().all_dependencies().await.unwrap();
        let per_release = stored.len() as f64 / 3010.0;
        assert!(
            (2.5..=3.5).contains(&per_release),
            "{per_release} per release"
        );
        let graph = DependencyGraph::new(stored.iter().map(|d| d.edge)).expect("no cycle");
        let releases = t.db.store().all_releases().await.unwrap();
        let hub = releases
            .iter()
            .find(|r| r.title.as_str() == server::generate::HUB_TITLE)
            .unwrap();
        assert_eq!(graph.dependents(hub.id).len(), 300);
        // Links on the longest path ending at each release, earliest first, each from its
        // dependencies' (all earlier in date).
        let mut by_date: Vec<_> = releases.iter().collect();
        by_date.sort_by_key(|r| (r.schedule.target(), r.id));
        let mut depth = std::collections::HashMap::new();
        for r in &by_date {
            let d = graph
                .upstream_of(r.id)
                .map(|e| depth[&e.upstream] + 1)
                .max()
                .unwrap_or(0);
            depth.insert(r.id, d);
        }
        let (deepest, links) = depth.iter().max_by_key(|(_, d)| **d).unwrap();
        assert!(*links >= 49, "the longest chain has {links} links");
        assert_eq!(graph.longest_chain_to(*deepest).len(), links + 1);
    }

    async fn generation_refuses_a_database_with_data(dialect: Dialect) {
        let t = TestDb::new(dialect).await;
        t.team("Existing").await;
        let err = generate(&t.db, &scale(1)).await.unwrap_err();
        assert!(err.to_string().contains("already has teams"), "{err}");
        assert!(all_titles(&t).await.is_empty());
    }

    dialect_tests!(
        generation_is_deterministic_for_a_seed,
        generation_adds_dependencies_with_a_long_chain_and_a_hub,
        generation_refuses_a_database_with_data,
    );
}
