//! The `flotilla` command: serve the app (default), apply migrations, or create demo data.

#![recursion_limit = "256"]

use clap::{Parser, Subcommand};
use server::{Application, Config, db::Database, demo};
use tracing_subscriber::EnvFilter;

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
    }
}
