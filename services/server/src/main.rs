//! `lotse`: migrate the database, load the demo programme, serve.

use anyhow::Context;
use clap::{Parser, Subcommand};
use lotse::board::Board;
use lotse::demo::{self, DemoLoad};
use lotse::http;
use lotse_eventstore::{Store, Upcasters};
use std::sync::Arc;
use tokio::sync::RwLock;

#[derive(Parser)]
#[command(
    name = "lotse",
    version,
    about = "Lotse: municipal pilot programmes on an event log"
)]
struct Cli {
    /// Database: `sqlite:PATH` (default: a file in ./data) or `postgres://…`.
    #[arg(
        long,
        env = "LOTSE_DATABASE_URL",
        default_value = "sqlite:data/lotse.sqlite"
    )]
    database_url: String,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Creates or updates the database schema.
    Migrate,
    /// Loads the demo programme (once) and prints the stage counts.
    Demo,
    /// Prints how many municipalities stand in each stage, per tenant.
    Stages,
    /// Runs the server (migrates first).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "LOTSE_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Load the demo programme first, if it is not there yet.
        #[arg(long)]
        demo: bool,
    },
}

async fn open(url: &str) -> anyhow::Result<Store> {
    if let Some(path) = url.strip_prefix("sqlite:") {
        let path = path.trim_start_matches("//");
        if let Some(dir) = std::path::Path::new(path).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
        }
    }
    let store = lotse_eventstore::connect(url, Upcasters::default())
        .await
        .context("cannot open the database named by LOTSE_DATABASE_URL")?;
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    Ok(store)
}

async fn print_stages(store: &Store) -> anyhow::Result<()> {
    let board = Board::load(store).await?;
    let mut tenants: Vec<_> = board.tenants.values().collect();
    tenants.sort_by_key(|t| t.tenant.name.as_ref().map(|n| n.to_string()));
    for t in tenants {
        let name = t.tenant.name.as_ref().map_or("?", |n| n.as_str());
        println!("{name}");
        for (stage, count) in t.stage_counts() {
            println!("  {:<16} {count:>3}", http::stage_de(stage));
        }
    }
    Ok(())
}

async fn load_demo(store: &Store) -> anyhow::Result<()> {
    let today = lotse::clock::Clock::System.today();
    let result = demo::load(store.clone(), today, |i, n| {
        if i % 10 == 0 || i == n {
            eprintln!("Demo wird geladen: {i} von {n} Kommunen …");
        }
    })
    .await?;
    match result {
        DemoLoad::Created { municipalities } => {
            eprintln!("Demo geladen: {municipalities} Kommunen.")
        }
        DemoLoad::AlreadyThere => eprintln!("Das Demo-Programm ist bereits geladen."),
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LOTSE_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let store = open(&cli.database_url).await?;
    match cli.command {
        Cmd::Migrate => eprintln!("Datenbank ist auf dem neuesten Stand."),
        Cmd::Demo => {
            load_demo(&store).await?;
            print_stages(&store).await?;
        }
        Cmd::Stages => print_stages(&store).await?,
        Cmd::Serve { listen, demo } => {
            if demo {
                load_demo(&store).await?;
            }
            let board = Arc::new(RwLock::new(Board::load(&store).await?));
            http::spawn_tail(store.clone(), board.clone());
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .with_context(|| format!("cannot listen on {listen} (LOTSE_LISTEN)"))?;
            eprintln!("Lotse läuft: http://{}/", listener.local_addr()?);
            axum::serve(listener, http::router(board)).await?;
        }
    }
    Ok(())
}
