//! Fresh databases and running app instances for tests.

use app::domain::{Colour, ReleaseDraft, ReleaseForm, Role, TeamId, UserId};
use app::store::{Actor, NewUser};
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
            .create_team(
                name,
                &Colour::parse("#336699").unwrap(),
                0,
                &app::store::Actor::system("Tests"),
                chrono::Utc::now(),
            )
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

/// Runs one statement of raw SQL on either dialect, for tests that go around the stores.
pub async fn execute(db: &Database, sql: &str) -> Result<(), sqlx::Error> {
    match db {
        Database::Sqlite(s) => sqlx::query(sql).execute(&s.pool).await.map(|_| ()),
        Database::Postgres(s) => sqlx::query(sql).execute(&s.pool).await.map(|_| ()),
    }
}

/// Every test account's password.
pub const PASSWORD: &str = "correct horse battery";

/// The audit trail's name for changes the tests make directly on a store.
pub fn actor() -> Actor {
    Actor::system("Test")
}

impl TestDb {
    /// Creates an account with the test password and the given team roles.
    pub async fn user(&self, email: &str, admin: bool, roles: &[(TeamId, Role)]) -> UserId {
        static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let hash = HASH
            .get_or_init(|| app::auth::hash_password(PASSWORD).unwrap())
            .clone();
        let accounts = self.db.accounts();
        let name = email.split('@').next().unwrap_or(email).to_owned();
        let id = accounts
            .create_user(
                &NewUser {
                    email: email.into(),
                    name,
                    password_hash: Some(hash),
                    admin,
                    service: false,
                },
                &actor(),
                chrono::Utc::now(),
            )
            .await
            .expect("create user");
        for (team, role) in roles {
            accounts
                .set_membership(id, *team, Some(*role), &actor(), chrono::Utc::now())
                .await
                .expect("membership");
        }
        id
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

/// A client that keeps cookies and does not follow redirects (tests look at them).
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

/// A running Flotilla on a random port, with its own database.
pub struct TestApp {
    pub address: String,
    /// Signed in as a PM of both teams.
    pub client: reqwest::Client,
    pub db: TestDb,
    pub team: TeamId,
    pub other_team: TeamId,
}

pub fn config_for(db: &TestDb) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: Some(db.url.clone()),
        data_dir: db.dir.path().to_path_buf(),
        site_root: PathBuf::from(db.dir.path()).join("site"),
        demo: false,
        secure_cookies: false,
    }
}

/// Starts an instance on `db` and returns its address. The instance runs on its own
/// multi-threaded runtime, as it does in production, rather than on the test's single thread
/// shared with the test's own client.
pub async fn start(db: &TestDb) -> String {
    let config = config_for(db);
    let (port_tx, port_rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the app");
        runtime.block_on(async move {
            let app = Application::build(config).await.expect("build app");
            let _ = port_tx.send(app.port());
            app.run().await
        })
    });
    let port = port_rx.await.expect("the app started");
    format!("http://127.0.0.1:{port}")
}

impl TestApp {
    pub async fn spawn(dialect: Dialect) -> Self {
        let db = TestDb::new(dialect).await;
        let team = db.team("Checkout").await;
        let other_team = db.team("Mobile").await;
        db.user(
            "dana@acme.test",
            false,
            &[(team, Role::Pm), (other_team, Role::Pm)],
        )
        .await;
        let address = start(&db).await;
        let app = Self {
            address,
            client: browser(),
            db,
            team,
            other_team,
        };
        let client = app.signed_in("dana@acme.test").await;
        Self { client, ..app }
    }

    /// A new browser signed in as `email` (with the test password).
    pub async fn signed_in(&self, email: &str) -> reqwest::Client {
        let client = browser();
        let res = self
            .call_as(
                &client,
                "sign_in",
                &[
                    ("email", email.to_owned()),
                    ("password", PASSWORD.to_owned()),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            200,
            "sign in as {email}: {}",
            res.text().await.unwrap()
        );
        client
    }

    /// Calls a server function the way the hydrated app does (form-encoded in, JSON out).
    pub async fn call(&self, function: &str, fields: &[(&str, String)]) -> reqwest::Response {
        self.call_as(&self.client, function, fields).await
    }

    /// [`Self::call`] from another browser (another person, or signed out).
    pub async fn call_as(
        &self,
        client: &reqwest::Client,
        function: &str,
        fields: &[(&str, String)],
    ) -> reqwest::Response {
        client
            .post(format!("{}/api/{function}", self.address))
            .header("Accept", "application/json")
            .header("Origin", &self.address)
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
