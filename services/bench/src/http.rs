//! The HTTP cases: `board` and `trivial` against the real server (sessions, tenancy, tracing,
//! started in-process as the integration tests do), and a bare server for the baselines.

use crate::harness::{Clients, Op, Report, Settings, alternate};
use crate::pg::Cluster;
use anyhow::{Context as _, bail};
use async_graphql::{
    EmptyMutation, EmptySubscription, ID, InputValueError, InputValueResult, Object, Scalar,
    ScalarType, Schema, SimpleObject,
};
use async_trait::async_trait;
use lotse::config::Config;
use lotse_app::Clock;
use lotse_app::mailer::MemoryMailer;
use serde::Deserialize;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Concurrent connections of the HTTP cases.
pub const CONNECTIONS: usize = 8;

/// The web app's board query (web/src/api/graphql.ts), variables all null.
pub const BOARD_QUERY: &str =
    "query Board($bundesland: Bundesland, $stage: Stage, $facilitatorId: ID) {
  board(bundesland: $bundesland, stage: $stage, facilitatorId: $facilitatorId) {
    columns { cards { id name bundesland stage daysInStage facilitator { id name } overdue } }
  }
  municipalities { facilitator { id name } }
}";

/// A trivial authenticated query.
pub const TRIVIAL_QUERY: &str = "query { me { userId } }";

/// The real server, running in this process.
pub struct Server {
    pub base: String,
    pub services: lotse_graphql::Services,
    pub mailer: Arc<MemoryMailer>,
    handle: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

/// Installs the product's log subscriber (readable lines on stderr, `info`), so requests
/// pay for their spans as they do in `lotse serve`.
pub fn tracing_like_the_server() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LOTSE_LOG")
        .unwrap_or_else(|_| "info,sqlx=error,tower_http=info".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Starts `lotse::server::start` on a free port over `url` (the system clock, mails in memory).
pub async fn start_server(url: &str) -> anyhow::Result<Server> {
    tracing_like_the_server();
    let database = lotse_eventstore::open(url, Default::default()).await?;
    let mailer = Arc::new(MemoryMailer::default());
    let config = Config {
        database_url: url.to_string(),
        listen: "127.0.0.1:0".into(),
        public_url: "http://127.0.0.1".into(),
        introspection: false,
        mail_dir: std::env::temp_dir()
            .join(format!("lotse-bench-mail-{}", uuid::Uuid::new_v4()))
            .display()
            .to_string(),
        web: lotse::webapp::WebApp::None,
        trusted_proxies: Vec::new(),
        metrics_listen: "127.0.0.1:0".into(),
        request_budget: lotse::config::DEFAULT_REQUEST_BUDGET,
    };
    let running = lotse::server::start(config, database, mailer.clone(), Clock::System).await?;
    Ok(Server {
        base: format!("http://{}", running.addr),
        services: running.services,
        mailer,
        handle: running.handle,
    })
}

impl Server {
    /// Signs in the way a person does (link by mail, then `signIn`); the session cookie.
    pub async fn sign_in(&self, email: &str) -> anyhow::Result<String> {
        let http = reqwest::Client::new();
        let url = format!("{}/graphql", self.base);
        let asked: Value = http
            .post(&url)
            .json(&json!({ "query": "mutation($e: String!) { requestSignIn(email: $e) }", "variables": { "e": email } }))
            .send()
            .await?
            .json()
            .await?;
        anyhow::ensure!(
            asked["data"]["requestSignIn"] == true,
            "requestSignIn: {asked}"
        );
        let link = self
            .mailer
            .sent()
            .into_iter()
            .rev()
            .find(|m| m.kind == "sign_in_link" && m.to.eq_ignore_ascii_case(email))
            .and_then(|m| m.context["sign_in_url"].as_str().map(str::to_string))
            .context("no sign-in link was mailed")?;
        let token = link.split_once('#').map(|(_, t)| t).context("a token")?;
        let response = http
            .post(&url)
            .json(&json!({ "query": "mutation($t: String!) { signIn(token: $t) { userId } }", "variables": { "t": token } }))
            .send()
            .await?;
        let cookie = response
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|c| c.split(';').next())
            .find(|p| p.starts_with("lotse_session=") && p.len() > "lotse_session=".len())
            .map(str::to_string)
            .context("signing in set no session cookie")?;
        Ok(cookie)
    }
}

/// A client sending one GraphQL request again and again, checking every response body.
pub struct GqlClient {
    pub http: reqwest::Client,
    pub url: String,
    pub body: String,
    /// A field that every answer's `data` must have.
    pub expect: &'static str,
}

impl GqlClient {
    pub fn clients(
        base: &str,
        cookie: Option<&str>,
        query: &str,
        expect: &'static str,
    ) -> anyhow::Result<Vec<Self>> {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(c) = cookie {
            headers.insert(reqwest::header::COOKIE, c.parse()?);
        }
        // One client, so one pool of keep-alive connections shared by the tasks.
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .pool_max_idle_per_host(CONNECTIONS)
            .timeout(Duration::from_secs(30))
            .build()?;
        let body = json!({ "query": query, "variables": {} }).to_string();
        Ok((0..CONNECTIONS)
            .map(|_| GqlClient {
                http: http.clone(),
                url: format!("{base}/graphql"),
                body: body.clone(),
                expect,
            })
            .collect())
    }
}

#[async_trait]
impl Op for GqlClient {
    async fn run(&mut self) -> anyhow::Result<u64> {
        let response = self
            .http
            .post(&self.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(self.body.clone())
            .send()
            .await?;
        let status = response.status();
        let bytes = response.bytes().await?;
        let v: Value = serde_json::from_slice(&bytes).with_context(|| {
            format!(
                "HTTP {status}: not JSON: {}",
                String::from_utf8_lossy(&bytes)
            )
        })?;
        if !status.is_success()
            || v.get("errors").is_some_and(|e| !e.is_null())
            || v["data"][self.expect].is_null()
        {
            bail!("HTTP {status}: {v}");
        }
        Ok(1)
    }
}

// ---- the bare baseline server ----------------------------------------------------------

/// An enum of the real schema, as a scalar that prints as an enum value.
macro_rules! enum_scalar {
    ($name:ident) => {
        #[derive(Clone, Debug, Deserialize)]
        pub struct $name(String);

        #[Scalar]
        impl ScalarType for $name {
            fn parse(value: async_graphql::Value) -> InputValueResult<Self> {
                match value {
                    async_graphql::Value::Enum(n) => Ok($name(n.to_string())),
                    async_graphql::Value::String(s) => Ok($name(s)),
                    other => Err(InputValueError::expected_type(other)),
                }
            }
            fn to_value(&self) -> async_graphql::Value {
                async_graphql::Value::Enum(async_graphql::Name::new(&self.0))
            }
        }
    };
}

enum_scalar!(Bundesland);
enum_scalar!(Stage);

#[derive(SimpleObject, Clone, Deserialize)]
pub struct PersonRef {
    id: ID,
    name: Option<String>,
}

#[derive(SimpleObject, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    id: ID,
    name: String,
    bundesland: Bundesland,
    stage: Stage,
    days_in_stage: i32,
    facilitator: Option<PersonRef>,
    overdue: bool,
}

#[derive(SimpleObject, Clone, Deserialize)]
pub struct Column {
    cards: Vec<Card>,
}

#[derive(SimpleObject, Clone, Deserialize)]
pub struct Board {
    columns: Vec<Column>,
}

#[derive(SimpleObject, Clone, Deserialize)]
pub struct Muni {
    facilitator: Option<PersonRef>,
}

/// The board as Lotse answered it once, kept in memory.
#[derive(Clone, Deserialize)]
pub struct Prebuilt {
    board: Board,
    municipalities: Vec<Muni>,
}

pub struct BareQuery(Arc<Prebuilt>);

#[Object]
impl BareQuery {
    async fn board(
        &self,
        bundesland: Option<Bundesland>,
        stage: Option<Stage>,
        facilitator_id: Option<ID>,
    ) -> Board {
        let _ = (bundesland, stage, facilitator_id);
        self.0.board.clone()
    }

    async fn municipalities(&self) -> Vec<Muni> {
        self.0.municipalities.clone()
    }
}

/// Bare axum: the bare schema at POST /graphql and a fixed answer at POST /trivial.
pub async fn start_bare(
    prebuilt: Prebuilt,
    user_id: String,
) -> anyhow::Result<(String, tokio::task::JoinHandle<()>)> {
    let schema = Schema::build(
        BareQuery(Arc::new(prebuilt)),
        EmptyMutation,
        EmptySubscription,
    )
    .finish();
    let trivial = json!({ "data": { "me": { "userId": user_id } } }).to_string();
    let app = axum::Router::new()
        .route(
            "/graphql",
            axum::routing::post_service(async_graphql_axum::GraphQL::new(schema)),
        )
        .route(
            "/trivial/graphql",
            axum::routing::post(move |_body: axum::body::Bytes| {
                let trivial = trivial.clone();
                async move {
                    (
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        trivial,
                    )
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr: SocketAddr = listener.local_addr()?;
    let handle = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((format!("http://{addr}"), handle))
}

/// `board` and `trivial`.
pub async fn http_case(
    cluster: &Cluster,
    settings: &Settings,
    case: &str,
) -> anyhow::Result<Report> {
    let template = cluster.demo_template().await?;
    let url = cluster.create(case, Some(&template)).await?;
    let server = start_server(&url).await?;
    let cookie = server.sign_in("team@lotse-demo.example").await?;
    // The board as Lotse answers it: the baseline serves this value.
    let client = &GqlClient::clients(&server.base, Some(&cookie), BOARD_QUERY, "board")?[0];
    let answer: Value = client
        .http
        .post(&client.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(client.body.clone())
        .send()
        .await?
        .json()
        .await?;
    let prebuilt: Prebuilt = serde_json::from_value(answer["data"].clone())
        .with_context(|| format!("the board's answer: {answer}"))?;
    let cards: usize = prebuilt.board.columns.iter().map(|c| c.cards.len()).sum();
    let user_id = lotse_app::demo::team_user().to_string();
    let (bare, bare_handle) = start_bare(prebuilt, user_id).await?;
    let (query, expect, bare_base) = match case {
        "board" => (BOARD_QUERY, "board", bare.clone()),
        _ => (TRIVIAL_QUERY, "me", format!("{bare}/trivial")),
    };
    let mut base = Clients::new("bare", GqlClient::clients(&bare_base, None, query, expect)?);
    let mut lotse = Clients::new(
        "lotse",
        GqlClient::clients(&server.base, Some(&cookie), query, expect)?,
    );
    let slices = alternate(settings, case, &mut [&mut base, &mut lotse]).await?;
    let mut it = slices.into_iter();
    let (b, l) = (it.next().unwrap_or_default(), it.next().unwrap_or_default());
    let r = if case == "board" {
        let r = Report::throughput(
            case,
            "req/s",
            &format!(
                "the same query on a bare async-graphql schema over a prebuilt value ({cards} cards), bare axum"
            ),
            b,
            l,
        );
        let pass = r.ratio_median >= 0.7;
        r.goal(&format!("≥ 0.7 at {CONNECTIONS} connections"), pass).note(format!(
            "{CONNECTIONS} keep-alive connections, every body checked for errors; lotse = the real server with session cookie, tenancy and request tracing"
        ))
    } else {
        let r = Report::throughput(
            case,
            "req/s",
            "a bare axum handler answering the same JSON",
            b,
            l,
        );
        let pass = r.ratio_median >= 0.4;
        r.goal("≥ 0.4", pass).note(format!(
            "`{TRIVIAL_QUERY}` with a session cookie, {CONNECTIONS} connections"
        ))
    };
    bare_handle.abort();
    drop(server);
    cluster.drop_db(&url).await?;
    Ok(r)
}
