//! `lotse`: migrate the database, manage tenants and users, load the demo, serve.

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use lotse::config::Config;
use lotse::mail::{MailConfig, TemplateMailer};
use lotse_app::accounts::Accounts;
use lotse_app::demo::{self, DemoLoad};
use lotse_app::{Actor, App, Clock, CommandMeta};
use lotse_domain::programme::ProgrammeSettings;
use lotse_domain::user::{Role, UserDetails};
use lotse_domain::values::{EmailAddress, Language, PersonName, ShortText};
use lotse_domain::{ProgrammeId, TenantId, UserId};
use lotse_eventstore::{Database, DatabaseOptions, Upcasters};
use lotse_projections::Live;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "lotse",
    version,
    about = "Lotse: municipal pilot programmes on an event log"
)]
struct Cli {
    /// Database: `sqlite:PATH`, `sqlite://PATH?mode=rwc` (default: a file in ./data) or
    /// `postgres://USER@HOST:PORT/DATABASE`.
    #[arg(
        long,
        env = "LOTSE_DATABASE_URL",
        default_value = lotse::settings::default_for("LOTSE_DATABASE_URL", "sqlite:data/lotse.sqlite")
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
    /// Creates a tenant (an organisation running programmes) and prints its id.
    CreateTenant {
        #[arg(long)]
        name: String,
    },
    /// Creates a programme of a tenant (its team can change the settings in the web app
    /// later) and prints its id and the address of its interest form.
    CreateProgramme {
        #[arg(long)]
        tenant: TenantId,
        #[arg(long)]
        name: String,
        /// The self-check framework: weltoffene-kommune or whole-comm.
        #[arg(long, default_value = "weltoffene-kommune")]
        framework: String,
        /// How many municipalities can take part at once.
        #[arg(long, default_value_t = 40)]
        capacity: u32,
        /// How many months a municipality takes part from its admission.
        #[arg(long, default_value_t = 6)]
        months: u32,
        /// How many dialogue events a municipality holds before it can complete.
        #[arg(long, default_value_t = 1)]
        min_dialogue_events: u32,
    },
    /// Creates a user of a tenant and prints a sign-in link.
    CreateUser {
        #[arg(long)]
        tenant: TenantId,
        /// team, facilitator or funder (contact persons are named on a municipality).
        #[arg(long)]
        role: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "de")]
        language: String,
    },
    /// Writes the log (all tenants, or one) as NDJSON with a checksum.
    Export {
        /// File to write; `-` for standard output.
        #[arg(long, default_value = "-")]
        out: String,
        #[arg(long)]
        tenant: Option<TenantId>,
    },
    /// Restores an export into an empty database.
    Import {
        /// File to read; `-` for standard input.
        #[arg(long, default_value = "-")]
        from: String,
    },
    /// Folds the whole log into the read model and reports how long it took.
    Rebuild,
    /// Runs the server (migrates first).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "LOTSE_LISTEN", default_value = lotse::settings::default_for("LOTSE_LISTEN", "127.0.0.1:8080"))]
        listen: String,
        /// Load the demo programme first, if it is not there yet, and print sign-in links.
        #[arg(long)]
        demo: bool,
        /// Serve the API only, without the background jobs (run `lotse worker` instead).
        #[arg(long)]
        no_workers: bool,
    },
    /// Runs the background jobs only (reminder scan and mail delivery), with /health,
    /// /ready and /metrics on LOTSE_LISTEN.
    Worker {
        #[arg(long, env = "LOTSE_LISTEN", default_value = lotse::settings::default_for("LOTSE_LISTEN", "127.0.0.1:8081"))]
        listen: String,
    },
    /// Lists reminder mails that failed for good (keys and errors, no addresses).
    MailFailures,
}

/// Starts the reminder scan (every minute, or `LOTSE_JOBS_SCAN_SECONDS`), reporting to
/// `status`, and the delivery workers (see [`lotse_jobs::JobsConfig::from_env`] for the
/// other settings), on the database every other pool of the process uses.
async fn start_jobs(
    database: &DatabaseOptions,
    live: Live,
    accounts: Accounts,
    mailer: Arc<dyn lotse_app::mailer::Mailer>,
    config: &Config,
    status: lotse_jobs::ScanStatus,
) -> anyhow::Result<lotse_jobs::Jobs> {
    let jobs_config =
        lotse_jobs::JobsConfig::from_lookup(&config.public_url, |n| lotse::settings::var(n).ok())?;
    let scan_every = jobs_config.scan_every;
    let mut jobs = lotse_jobs::Jobs::connect_with(
        database,
        live,
        accounts,
        Arc::new(lotse::telemetry::CountedMailer(mailer)),
        jobs_config,
    )
    .await?;
    jobs.status = status;
    jobs.spawn_worker();
    jobs.spawn_scanner(scan_every);
    Ok(jobs)
}

/// Waits until the database answers: while PostgreSQL is not reachable (not started yet,
/// restarting), tries again with back-off (1 s, doubling up to 30 s) and says so in the
/// log, instead of ending at once (a crash loop without explanation under a supervisor).
async fn wait_for_database(database: &DatabaseOptions) -> anyhow::Result<()> {
    let mut wait = std::time::Duration::from_secs(1);
    loop {
        match database.try_connect().await {
            Ok(()) => return Ok(()),
            Err(e) if lotse_eventstore::is_unreachable(&e) => {
                tracing::warn!(
                    error = %e,
                    "database not reachable at {}, retrying in {}s",
                    database.location(),
                    wait.as_secs()
                );
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(std::time::Duration::from_secs(30));
            }
            Err(e) => {
                return Err(e).with_context(|| {
                    format!(
                        "cannot connect to the database at {} (LOTSE_DATABASE_URL)",
                        database.location()
                    )
                });
            }
        }
    }
}

/// Opens and migrates the database (creating the folder of an SQLite file), once it is
/// reachable ([`wait_for_database`]).
async fn open(database: &DatabaseOptions) -> anyhow::Result<Database> {
    wait_for_database(database).await?;
    if let Some(dir) = database.sqlite_file().and_then(|f| f.parent())
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
    }
    let db = lotse_eventstore::open_with(database, Upcasters::default())
        .await
        .context("cannot open the database named by LOTSE_DATABASE_URL")?;
    db.events
        .migrate()
        .await
        .context("cannot migrate the database")?;
    Ok(db)
}

async fn print_stages(db: &Database) -> anyhow::Result<()> {
    let live = Live::load(db.events.clone()).await?;
    let p = live.read().await;
    let mut tenants: Vec<_> = p.tenants.values().collect();
    tenants.sort_by_key(|t| t.tenant.name.as_ref().map(|n| n.to_string()));
    for t in tenants {
        let name = t.tenant.name.as_ref().map_or("?", |n| n.as_str());
        println!("{name}");
        for (stage, count) in t.stage_counts(None) {
            println!(
                "  {:<16} {count:>3}",
                lotse_graphql::types::stage_label(stage, Language::De)
            );
        }
    }
    Ok(())
}

fn accounts(db: &Database) -> Accounts {
    Accounts {
        app: App::new(db.events.clone()),
        ops: db.ops.clone(),
    }
}

async fn load_demo(db: &Database) -> anyhow::Result<()> {
    let today = Clock::System.today();
    let result = demo::load(db.events.clone(), today, |i, n| {
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

async fn print_demo_links(db: &Database, config: &Config) -> anyhow::Result<()> {
    let accounts = accounts(db);
    eprintln!("Anmeldelinks für die Demo (je 15 Minuten gültig):");
    for (label, user) in demo::sign_in_users() {
        let token = accounts
            .issue_sign_in_token(demo::tenant_id(), user)
            .await?;
        eprintln!("  {label:<22} {}/anmelden/link#{token}", config.public_url);
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Defaults, then the settings file, then the environment (see lotse::settings).
    let settings_file = lotse::settings::load()?;
    let filter = lotse::settings::var("LOTSE_LOG")
        .ok()
        .and_then(|f| tracing_subscriber::EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| "info,sqlx=warn,tower_http=info".into());
    // JSON lines for log collectors (LOTSE_LOG_FORMAT=json), readable lines otherwise.
    match lotse::settings::var("LOTSE_LOG_FORMAT").ok().as_deref() {
        Some("json") => tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init(),
        Some("text") | None => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init(),
        Some(other) => bail!("LOTSE_LOG_FORMAT must be json or text (got {other})"),
    }
    if let Some(path) = settings_file {
        tracing::info!(file = %path.display(), "settings file read");
    }
    let cli = Cli::parse();
    let database = lotse::config::database_options(&cli.database_url)?;
    let db = open(&database).await?;
    match cli.command {
        Cmd::Migrate => eprintln!("Datenbank ist auf dem neuesten Stand."),
        Cmd::Demo => {
            load_demo(&db).await?;
            print_stages(&db).await?;
        }
        Cmd::Stages => print_stages(&db).await?,
        Cmd::Export { out, tenant } => {
            let n = if out == "-" {
                let stdout = std::io::stdout();
                let mut lock = std::io::BufWriter::new(stdout.lock());
                lotse::backup::export(&db.events, tenant.map(|t| t.0), &mut lock).await?
            } else {
                let mut file = std::io::BufWriter::new(
                    std::fs::File::create(&out).with_context(|| format!("cannot create {out}"))?,
                );
                lotse::backup::export(&db.events, tenant.map(|t| t.0), &mut file).await?
            };
            eprintln!("{n} Ereignisse exportiert.");
        }
        Cmd::Import { from } => {
            let progress = |n| eprintln!("{n} Ereignisse gelesen …");
            let n = if from == "-" {
                lotse::backup::import(&db.events, std::io::stdin().lock(), progress).await?
            } else {
                let file =
                    std::fs::File::open(&from).with_context(|| format!("cannot open {from}"))?;
                lotse::backup::import(&db.events, std::io::BufReader::new(file), progress).await?
            };
            eprintln!("{n} Ereignisse importiert.");
        }
        Cmd::Rebuild => {
            let started = std::time::Instant::now();
            let live = Live::load(db.events.clone()).await?;
            let events = live.read().await.events;
            let took = started.elapsed();
            eprintln!(
                "Lesemodell neu aufgebaut: {events} Ereignisse in {:.2} s ({:.0} Ereignisse/s).",
                took.as_secs_f64(),
                events as f64 / took.as_secs_f64().max(1e-9)
            );
        }
        Cmd::CreateTenant { name } => {
            let name =
                ShortText::parse("name", &name).map_err(|e| anyhow::anyhow!("--name: {e}"))?;
            let id = TenantId::new();
            App::new(db.events.clone())
                .create_tenant(id, name, &CommandMeta::new(Actor::operator()))
                .await?;
            println!("{id}");
        }
        Cmd::CreateProgramme {
            tenant,
            name,
            framework,
            capacity,
            months,
            min_dialogue_events,
        } => {
            let name =
                ShortText::parse("name", &name).map_err(|e| anyhow::anyhow!("--name: {e}"))?;
            let Some(found) = lotse_domain::framework::Framework::latest(&framework) else {
                bail!("--framework must be weltoffene-kommune or whole-comm");
            };
            let app = App::new(db.events.clone());
            let (t, _) = app.tenant(tenant).await?;
            if t.name.is_none() {
                bail!("--tenant: no tenant with this id");
            }
            let mut settings = ProgrammeSettings::weltoffene_kommune(name);
            settings.framework_id = found.id.clone();
            settings.framework_version = found.version;
            settings.capacity = capacity;
            settings.participation_months = months;
            settings.completion.min_dialogue_events = min_dialogue_events;
            let id = ProgrammeId::new();
            app.create_programme(tenant, id, settings, &CommandMeta::new(Actor::operator()))
                .await
                .map_err(|e| match e {
                    lotse_app::AppError::Domain(lotse_domain::DomainError::Invalid(v)) => {
                        anyhow::anyhow!(
                            "{}",
                            lotse_graphql::messages::validation_message(&v, Language::De)
                        )
                    }
                    other => other.into(),
                })?;
            let public =
                Config::from_env(cli.database_url.clone(), "127.0.0.1:8080".into())?.public_url;
            println!("{id}");
            eprintln!("Interessenformular: {public}/interesse/{id}");
        }
        Cmd::CreateUser {
            tenant,
            role,
            name,
            email,
            language,
        } => {
            let Some(role) = Role::parse(&role).filter(|r| *r != Role::Contact) else {
                bail!("--role must be team, facilitator or funder");
            };
            let details = UserDetails {
                name: PersonName::parse("name", &name)
                    .map_err(|e| anyhow::anyhow!("--name: {e}"))?,
                email: EmailAddress::parse("email", &email)
                    .map_err(|e| anyhow::anyhow!("--email: {e}"))?,
            };
            let language =
                Language::parse(&language).map_err(|e| anyhow::anyhow!("--language: {e}"))?;
            let accounts = accounts(&db);
            let (t, _) = accounts.app.tenant(tenant).await?;
            if t.name.is_none() {
                bail!("--tenant: no tenant with this id");
            }
            let id = UserId::new();
            accounts
                .register(
                    tenant,
                    id,
                    role,
                    details,
                    language,
                    None,
                    &CommandMeta::new(Actor::operator()),
                )
                .await?;
            let token = accounts.issue_sign_in_token(tenant, id).await?;
            let public =
                Config::from_env(cli.database_url.clone(), "127.0.0.1:8080".into())?.public_url;
            println!("{id}");
            eprintln!("Anmeldelink (15 Minuten gültig): {public}/anmelden/link#{token}");
        }
        Cmd::MailFailures => {
            let outbox = lotse_jobs::Outbox::connect_with(&database).await?;
            let failures = outbox.failures().await?;
            if failures.is_empty() {
                eprintln!("Keine gescheiterten Mails.");
            }
            for f in failures {
                let at = chrono::DateTime::from_timestamp(f.failed_at, 0)
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_default();
                println!("{}\t{at}\t{} Versuche\t{}", f.key, f.attempts, f.last_error);
            }
        }
        Cmd::Worker { listen } => {
            let config = Config::from_env(cli.database_url.clone(), listen.clone())?;
            let mailer = Arc::new(TemplateMailer::new(MailConfig::from_env(
                &config.mail_dir,
                &config.public_url,
            )?)?);
            let (_, _metrics) = lotse::telemetry::serve_metrics(&config.metrics_listen).await?;
            let live = Live::start(db.events.clone()).await?;
            let jobs = start_jobs(
                &database,
                live.clone(),
                accounts(&db),
                mailer,
                &config,
                lotse_jobs::ScanStatus::default(),
            )
            .await?;
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .map_err(|e| anyhow::anyhow!("cannot listen on {listen} (LOTSE_LISTEN): {e}"))?;
            eprintln!(
                "Lotse-Worker läuft: http://{}/health",
                listener.local_addr()?
            );
            axum::serve(
                listener,
                lotse::http::worker_router(live, jobs.status.clone()),
            )
            .await?;
        }
        Cmd::Serve {
            listen,
            demo,
            no_workers,
        } => {
            let config = Config::from_env(cli.database_url.clone(), listen)?;
            if demo {
                load_demo(&db).await?;
            }
            let mailer = Arc::new(TemplateMailer::new(MailConfig::from_env(
                &config.mail_dir,
                &config.public_url,
            )?)?);
            let jobs_status = (!no_workers).then(lotse_jobs::ScanStatus::default);
            let running = lotse::server::start_with(
                config.clone(),
                db.clone(),
                mailer.clone(),
                Clock::System,
                jobs_status.clone(),
            )
            .await?;
            eprintln!("Lotse läuft: http://{}/", running.addr);
            let _jobs = match jobs_status {
                None => None,
                Some(status) => Some(
                    start_jobs(
                        &database,
                        running.services.live.clone(),
                        running.services.accounts.clone(),
                        mailer,
                        &config,
                        status,
                    )
                    .await?,
                ),
            };
            if demo {
                print_demo_links(&db, &config).await?;
            }
            running.handle.await?;
        }
    }
    Ok(())
}
