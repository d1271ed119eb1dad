//! Starting the server: projections, schema, router, listener. Used by `lotse serve` and by
//! the integration tests (which start it on port 0).

use crate::config::Config;
use crate::http::{AppState, router};
use lotse_app::accounts::Accounts;
use lotse_app::mailer::{MailQueue, Mailer};
use lotse_app::{App, Clock};
use lotse_eventstore::Database;
use lotse_graphql::Services;
use lotse_graphql::form_token::FormKey;
use lotse_graphql::public::RateLimiter;
use lotse_jobs::ScanStatus;
use lotse_projections::Live;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Stops a task when dropped (the metrics listener ends with the server's task).
struct StopOnDrop(tokio::task::JoinHandle<()>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A running server.
pub struct Running {
    pub addr: SocketAddr,
    /// Where `/metrics` is served (stops with `handle`).
    pub metrics_addr: SocketAddr,
    pub services: Services,
    pub handle: tokio::task::JoinHandle<()>,
}

/// The outbox the API hands requested mails to (sign-in links); the workers of `lotse serve`
/// or `lotse worker` deliver them.
async fn mail_queue(
    config: &Config,
    live: Live,
    accounts: Accounts,
    mailer: Arc<dyn Mailer>,
) -> anyhow::Result<Arc<dyn MailQueue>> {
    let jobs_config =
        lotse_jobs::JobsConfig::from_lookup(&config.public_url, |n| crate::settings::var(n).ok())?;
    let jobs = lotse_jobs::Jobs::connect(&config.database_url, live, accounts, mailer, jobs_config)
        .await?;
    Ok(Arc::new(jobs))
}

/// Folds the log, builds the schema and serves on `config.listen` until the task ends.
pub async fn start(
    config: Config,
    db: Database,
    mailer: Arc<dyn Mailer>,
    clock: Clock,
) -> anyhow::Result<Running> {
    start_with(config, db, mailer, clock, None).await
}

/// [`start`], with `/ready` also reporting the scans of the background jobs this process
/// runs (`jobs`: the status their scanner reports to).
pub async fn start_with(
    config: Config,
    db: Database,
    mailer: Arc<dyn Mailer>,
    clock: Clock,
    jobs: Option<ScanStatus>,
) -> anyhow::Result<Running> {
    let (metrics_addr, metrics_handle) =
        crate::telemetry::serve_metrics(&config.metrics_listen).await?;
    let live = Live::start(db.events.clone()).await?;
    let app = App {
        store: db.events.clone(),
        clock,
    };
    let form_key = db
        .ops
        .server_secret(FormKey::SECRET_NAME, &lotse_app::accounts::random_secret())
        .await
        .map_err(|e| anyhow::anyhow!("cannot read the form token key: {e}"))?;
    let accounts = Accounts {
        app: app.clone(),
        ops: db.ops.clone(),
    };
    let mailer: Arc<dyn Mailer> = Arc::new(crate::telemetry::CountedMailer(mailer));
    let mail_queue = mail_queue(&config, live.clone(), accounts.clone(), mailer).await?;
    let services = Services {
        accounts,
        app,
        live,
        mail_queue,
        public_url: config.public_url.clone(),
        request_budget: config.request_budget,
        limiter: Arc::new(RateLimiter::new(
            db.ops.clone(),
            20,
            Duration::from_secs(600),
        )),
        form_key: FormKey::new(form_key.as_bytes()),
    };
    let schema = lotse_graphql::schema(services.clone(), config.introspection);
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {} (LOTSE_LISTEN): {e}", config.listen))?;
    let addr = listener.local_addr()?;
    let state = AppState {
        schema,
        services: services.clone(),
        config,
    };
    let mut app = router(state);
    if let Some(status) = jobs {
        app = app.layer(axum::Extension(status));
    }
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    let handle = tokio::spawn(async move {
        let _metrics = StopOnDrop(metrics_handle);
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "server stopped");
        }
    });
    Ok(Running {
        addr,
        metrics_addr,
        services,
        handle,
    })
}
