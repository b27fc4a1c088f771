//! The `flotilla` command: serve the app (default), apply migrations, or create demo data.

#![recursion_limit = "256"]

use clap::{Parser, Subcommand};
use server::generate::{Scale, generate};
use server::{Application, Config, accounts, db::Database, demo};
use tracing_subscriber::EnvFilter;

// Rendering a page allocates many small strings from several threads; mimalloc handles that
// pattern with far less time in the allocator than the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "flotilla", about = "Cross-team release coordination", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Create the Acme Pay demo organisation if the database has no teams yet.
    SeedDemo,
    /// Create an account: the first administrator, or anyone later. Prints a generated
    /// password unless one is given on standard input.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        admin: bool,
        /// Team name and role for a first membership, e.g. --team Checkout --role pm.
        #[arg(long, requires = "role")]
        team: Option<String>,
        #[arg(long, requires = "team")]
        role: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Fill an empty database with a generated organisation (for benchmarks).
    Generate {
        #[arg(long, default_value_t = 50)]
        teams: usize,
        #[arg(long, default_value_t = 2000)]
        releases: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// First day of the period (YYYY-MM-DD); default: six months before this month.
        #[arg(long)]
        start: Option<chrono::NaiveDate>,
        #[arg(long, default_value_t = 18)]
        months: u32,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("flotilla: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => Application::build(config).await?.run().await,
        Command::Migrate => {
            let db = Database::connect(config.database_url.as_deref(), &config.data_dir).await?;
            db.migrate().await?;
            println!("migrations applied ({})", db.dialect());
            Ok(())
        }
        Command::SeedDemo => {
            let db = Database::connect(config.database_url.as_deref(), &config.data_dir).await?;
            db.migrate().await?;
            if demo::seed_if_empty(&db).await? {
                println!("demo organisation created");
            } else {
                println!("the database already has teams; nothing was added");
            }
            Ok(())
        }
        Command::CreateUser {
            email,
            name,
            admin,
            team,
            role,
            password_stdin,
        } => {
            let db = Database::connect(config.database_url.as_deref(), &config.data_dir).await?;
            db.migrate().await?;
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                line.trim_end_matches(['\r', '\n']).to_owned()
            } else {
                app::auth::new_session_id()
            };
            let created = accounts::create_user(
                &db,
                accounts::NewAccount {
                    email: &email,
                    name: &name,
                    password: &password,
                    admin,
                    team: team.as_deref().zip(role.as_deref()),
                },
            )
            .await?;
            println!("created {created}");
            if !password_stdin {
                println!("password (shown once): {password}");
            }
            Ok(())
        }
        Command::Generate {
            teams,
            releases,
            seed,
            start,
            months,
        } => {
            let db = Database::connect(config.database_url.as_deref(), &config.data_dir).await?;
            db.migrate().await?;
            let scale = Scale {
                teams,
                releases,
                seed,
                start: start.unwrap_or_else(Scale::default_start),
                months,
            };
            generate(&db, &scale).await?;
            println!(
                "generated {teams} teams and {releases} releases from {} over {months} months ({})",
                scale.start,
                db.dialect()
            );
            Ok(())
        }
    }
}
