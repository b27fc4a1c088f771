//! The audit trail: every change recorded with who and before/after, shown as plain words,
//! and never editable.

use crate::dialect_tests;
use crate::helpers::{Dialect, TestApp, actor, draft, execute, form, form_fields};
use app::domain::Version;
use app::store::StoreError;
use serde_json::Value;
use server::db::Database;

async fn audit_rows(db: &Database) -> i64 {
    let sql = "SELECT COUNT(*) FROM audit_log WHERE entity = 'release'";
    match db {
        Database::Sqlite(s) => sqlx::query_scalar(sql).fetch_one(&s.pool).await.unwrap(),
        Database::Postgres(s) => sqlx::query_scalar(sql).fetch_one(&s.pool).await.unwrap(),
    }
}

async fn the_history_tells_who_changed_what_in_plain_words(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let res = app
        .call(
            "create_release",
            &form_fields(&form(app.team, "Adyen", "2026-03-12")),
        )
        .await;
    let created: Value = res.json().await.unwrap();
    let id = created["id"].to_string();
    let res = app
        .call(
            "reschedule_release",
            &[
                ("id", id.clone()),
                ("version", "1".into()),
                ("target_date", "2026-03-19".into()),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app.call("load_history", &[("id", id.clone())]).await;
    assert_eq!(res.status(), 200);
    let history: Value = res.json().await.unwrap();
    let entries = history.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["actor"], "dana (PM, Checkout)");
    assert_eq!(
        entries[0]["changes"][0],
        "moved the target date from 12 Mar to 19 Mar"
    );
    assert_eq!(
        entries[1]["changes"][0],
        "created the release for 12 Mar 2026 (Checkout)"
    );
    // A deleted release keeps its trail in the database.
    let res = app
        .call("delete_release", &[("id", id), ("version", "2".into())])
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(audit_rows(&app.db.db).await, 3);
}

async fn a_refused_change_leaves_no_record(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    let store = app.db.db.store();
    let created = store
        .create_release(
            &draft(app.team, "Contended", "2026-03-12"),
            &actor(),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let stale = store
        .update_release(
            created.id,
            Version(7),
            &draft(app.team, "Stale", "2026-03-13"),
            &actor(),
            chrono::Utc::now(),
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))));
    assert_eq!(audit_rows(&app.db.db).await, 1, "only the creation");
}

async fn audit_records_cannot_be_changed_or_removed(dialect: Dialect) {
    let app = TestApp::spawn(dialect).await;
    app.db
        .db
        .store()
        .create_release(
            &draft(app.team, "Kept", "2026-03-12"),
            &actor(),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    for sql in [
        "UPDATE audit_log SET actor_label = 'someone else'",
        "DELETE FROM audit_log",
    ] {
        assert!(execute(&app.db.db, sql).await.is_err(), "{sql} must fail");
    }
    assert_eq!(audit_rows(&app.db.db).await, 1);
}

dialect_tests!(
    the_history_tells_who_changed_what_in_plain_words,
    a_refused_change_leaves_no_record,
    audit_records_cannot_be_changed_or_removed,
);
