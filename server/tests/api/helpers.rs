//! Fresh databases and running app instances for tests.

use app::domain::{Colour, ReleaseDraft, ReleaseForm, TeamId};
use server::db::Database;
use server::{Application, Config};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// Runs each listed `async fn name(dialect: Dialect)` once per dialect, as
/// `<module>::sqlite::name` and `<module>::postgres::name`.
#[macro_export]
macro_rules! dialect_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::helpers::Dialect::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::helpers::Dialect::Postgres).await
                }
            )*
        }
    };
}

/// A database that exists for one test: a SQLite file in a temporary folder, or a new
/// PostgreSQL database dropped when the test ends.
pub struct TestDb {
    pub db: Database,
    pub url: String,
    pub dir: tempfile::TempDir,
    pg_name: Option<(String, String)>,
}

fn postgres_admin_url() -> String {
    std::env::var("FLOTILLA_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "FLOTILLA_TEST_POSTGRES_URL is not set: point it at a PostgreSQL server \
             (e.g. postgres://postgres@127.0.0.1:5432/test), or skip these tests with `--skip postgres::`"
        )
    })
}

impl TestDb {
    pub async fn new(dialect: Dialect) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (url, pg_name) = match dialect {
            Dialect::Sqlite => (
                format!("sqlite:{}", dir.path().join("test.db").display()),
                None,
            ),
            Dialect::Postgres => {
                let admin = postgres_admin_url();
                let name = format!("flotilla_test_{}", uuid::Uuid::new_v4().simple());
                let pool = sqlx::PgPool::connect(&admin)
                    .await
                    .unwrap_or_else(|e| panic!("cannot connect to PostgreSQL at {admin}: {e}"));
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&pool)
                    .await
                    .expect("create test database");
                pool.close().await;
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
                (format!("{base}/{name}"), Some((admin, name)))
            }
        };
        let db = Database::connect(Some(&url), dir.path())
            .await
            .expect("connect");
        db.migrate().await.expect("migrate");
        Self {
            db,
            url,
            dir,
            pg_name,
        }
    }

    pub async fn team(&self, name: &str) -> TeamId {
        self.db
            .create_team(name, &Colour::parse("#336699").unwrap(), 0)
            .await
            .expect("create team")
            .id
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg_name.take() {
            // The test's runtime is blocked in this drop, so use a small runtime of our own;
            // FORCE ends the connections the test's pool still holds.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    if let Ok(pool) = sqlx::PgPool::connect(&admin).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(&pool)
                                .await;
                        pool.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// The form a person would fill in for a simple release.
pub fn form(team: TeamId, title: &str, date: &str) -> ReleaseForm {
    ReleaseForm {
        title: title.into(),
        team_id: team.to_string(),
        kind: "feature".into(),
        description: String::new(),
        target_date: date.into(),
        window_end: String::new(),
        status: "planned".into(),
        public: Some("on".into()),
        owner: "Dana".into(),
    }
}

pub fn draft(team: TeamId, title: &str, date: &str) -> ReleaseDraft {
    ReleaseDraft::parse(&form(team, title, date)).expect("valid draft")
}

/// A running Flotilla on a random port, with its own database.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// Kept so the database outlives the running app (dropping it deletes the database).
    _db: TestDb,
    pub team: TeamId,
    pub other_team: TeamId,
}

impl TestApp {
    pub async fn spawn(dialect: Dialect) -> Self {
        let db = TestDb::new(dialect).await;
        let team = db.team("Checkout").await;
        let other_team = db.team("Mobile").await;
        let config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            database_url: Some(db.url.clone()),
            data_dir: db.dir.path().to_path_buf(),
            site_root: PathBuf::from(db.dir.path()).join("site"),
            demo: false,
        };
        let app = Application::build(config).await.expect("build app");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self {
            address,
            client,
            _db: db,
            team,
            other_team,
        }
    }

    /// Calls a server function the way the hydrated app does (form-encoded in, JSON out).
    pub async fn call(&self, function: &str, fields: &[(&str, String)]) -> reqwest::Response {
        self.client
            .post(format!("{}/api/{function}", self.address))
            .header("Accept", "application/json")
            .form(fields)
            .send()
            .await
            .expect("request")
    }

    /// Posts a form the way a browser without JavaScript does, from the page at `referer`.
    pub async fn post_plain_form(
        &self,
        function: &str,
        referer: &str,
        fields: &[(&str, String)],
    ) -> reqwest::Response {
        self.client
            .post(format!("{}/api/{function}", self.address))
            .header("Accept", "text/html")
            .header("Referer", format!("{}{referer}", self.address))
            .form(fields)
            .send()
            .await
            .expect("request")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request")
    }
}

/// Form fields for a release form, as the side panel posts them.
pub fn form_fields(form: &ReleaseForm) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("form[title]", form.title.clone()),
        ("form[team_id]", form.team_id.clone()),
        ("form[kind]", form.kind.clone()),
        ("form[description]", form.description.clone()),
        ("form[target_date]", form.target_date.clone()),
        ("form[window_end]", form.window_end.clone()),
        ("form[status]", form.status.clone()),
        ("form[owner]", form.owner.clone()),
    ];
    if let Some(public) = &form.public {
        fields.push(("form[public]", public.clone()));
    }
    fields
}
