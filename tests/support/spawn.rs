//! The real server on a free port, for tests that speak only HTTP (and the WebSocket) to it.
//!
//! [`spawn_app`] starts `lotse::server::start` on `127.0.0.1:0` with a [`MemoryMailer`] (so a
//! test can read every mail, including sign-in links), the worker that delivers the mails
//! requests ask for (sign-in links go through the outbox, as with `lotse serve`) and a manual
//! [`Clock`] (so a test decides what "today" is). [`Client`] is one browser: a cookie store
//! and a GraphQL helper.

use crate::TestDb;
use chrono::NaiveDate;
use futures::{SinkExt, StreamExt};
use lotse::config::Config;
use lotse_app::mailer::{MailRequest, MemoryMailer};
use lotse_app::{Actor, App, Clock, CommandMeta, Outcome};
use lotse_domain::programme::ProgrammeSettings;
use lotse_domain::user::{Role, UserDetails};
use lotse_domain::values::{EmailAddress, Language, PersonName, ShortText};
use lotse_domain::{ProgrammeId, TenantId, UserId};
use lotse_graphql::Services;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The day the manual clock of a spawned server starts on (a Monday).
pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).expect("a valid date")
}

/// Where links in mails point (the brief's fixed public address; not the test port).
pub const PUBLIC_URL: &str = "http://127.0.0.1";

/// One running server process (as far as a test can tell: its own read model, schema,
/// rate limiter and listener).
pub struct TestServer {
    pub addr: SocketAddr,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// `http://127.0.0.1:<port>` of the metrics listener.
    pub metrics_base: String,
    pub mailer: Arc<MemoryMailer>,
    pub clock: Clock,
    pub services: Services,
    handle: tokio::task::JoinHandle<()>,
    mail_worker: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.handle.abort();
        self.mail_worker.abort();
    }
}

/// A server and the database it runs on. The server stops before the database is dropped.
pub struct TestApp {
    pub server: TestServer,
    pub db: TestDb,
}

impl std::ops::Deref for TestApp {
    type Target = TestServer;
    fn deref(&self) -> &TestServer {
        &self.server
    }
}

/// Starts the real server on a free port on `db` (which is migrated already).
pub async fn spawn_app(db: TestDb) -> TestApp {
    spawn_app_with(db, MemoryMailer::default(), |_| ()).await
}

/// [`spawn_app`] with settings changed by `configure` (e.g. an https public URL).
pub async fn spawn_app_configured(db: TestDb, configure: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_with(db, MemoryMailer::default(), configure).await
}

/// [`spawn_app`] with a mailer of the test's (e.g. a slow one).
pub async fn spawn_app_with_mailer(db: TestDb, mailer: MemoryMailer) -> TestApp {
    spawn_app_with(db, mailer, |_| ()).await
}

async fn spawn_app_with(
    db: TestDb,
    mailer: MemoryMailer,
    configure: impl FnOnce(&mut Config),
) -> TestApp {
    let server = start_server(
        &db.url,
        Clock::manual(first_day()),
        Arc::new(mailer),
        configure,
    )
    .await;
    TestApp { server, db }
}

/// How the test servers' mail worker runs: quick polls and retries.
pub fn mail_worker_config() -> lotse_jobs::JobsConfig {
    lotse_jobs::JobsConfig {
        poll: Duration::from_millis(50),
        retry_min: Duration::from_millis(100),
        retry_max: Duration::from_millis(400),
        ..lotse_jobs::JobsConfig::new(PUBLIC_URL)
    }
}

async fn start_server(
    url: &str,
    clock: Clock,
    mailer: Arc<MemoryMailer>,
    configure: impl FnOnce(&mut Config),
) -> TestServer {
    let database = lotse_eventstore::open(url, lotse_eventstore::Upcasters::default())
        .await
        .expect("open the test database");
    let mut config = Config {
        database_url: url.to_string(),
        listen: "127.0.0.1:0".into(),
        public_url: PUBLIC_URL.into(),
        introspection: false,
        mail_dir: std::env::temp_dir()
            .join(format!("lotse-test-mail-{}", uuid::Uuid::new_v4()))
            .display()
            .to_string(),
        web: lotse::webapp::WebApp::None,
        trusted_proxies: Vec::new(),
        metrics_listen: "127.0.0.1:0".into(),
        request_budget: lotse::config::DEFAULT_REQUEST_BUDGET,
    };
    configure(&mut config);
    let running = lotse::server::start(config, database, mailer.clone(), clock.clone())
        .await
        .expect("the server starts");
    let jobs = lotse_jobs::Jobs::connect(
        url,
        running.services.live.clone(),
        running.services.accounts.clone(),
        Arc::new(lotse::telemetry::CountedMailer(mailer.clone())),
        mail_worker_config(),
    )
    .await
    .expect("the mail worker connects");
    TestServer {
        addr: running.addr,
        base: format!("http://{}", running.addr),
        metrics_base: format!("http://{}", running.metrics_addr),
        mailer,
        clock,
        services: running.services,
        handle: running.handle,
        mail_worker: jobs.spawn_mail_worker(),
    }
}

impl TestApp {
    /// A second server process on the same database: its own connection pool, read model,
    /// mail worker and clock (standing on the same day as this one). Its mails land in the
    /// same mailbox, as both processes would send through one SMTP server: either worker
    /// may deliver a mail the other process asked for.
    pub async fn another_server(&self) -> TestServer {
        start_server(
            &self.db.url,
            Clock::manual(self.clock.today()),
            self.mailer.clone(),
            |_| (),
        )
        .await
    }
}

/// The staff of a tenant created for a test.
#[derive(Debug, Clone)]
pub struct Staff {
    pub tenant: TenantId,
    pub programme: ProgrammeId,
    pub team: Person,
    pub facilitator: Person,
    pub second_facilitator: Person,
    pub funder: Person,
}

/// A user account.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: UserId,
    pub name: String,
    pub email: String,
}

impl TestServer {
    /// The application of this server (its store and manual clock), for setting up data.
    pub fn app(&self) -> &App {
        &self.services.app
    }

    /// Today on the server's manual clock.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// Moves the server's manual clock.
    pub fn set_today(&self, day: NaiveDate) {
        self.clock.set(day);
    }

    /// Moves the server's manual clock to `days` after [`first_day`].
    pub fn set_day(&self, days: u64) -> NaiveDate {
        let day = first_day() + chrono::Days::new(days);
        self.clock.set(day);
        day
    }

    /// Every mail sent so far.
    pub fn mails(&self) -> Vec<MailRequest> {
        self.mailer.sent()
    }

    /// The link of the latest mail of `kind` to `to`.
    pub fn last_link(&self, kind: &str, to: &str) -> Option<String> {
        self.mails()
            .into_iter()
            .rev()
            .find(|m| m.kind == kind && m.to.eq_ignore_ascii_case(to))
            .and_then(|m| m.context["sign_in_url"].as_str().map(str::to_string))
    }

    /// The mails of `kind` to `to` so far.
    pub fn mails_to(&self, kind: &str, to: &str) -> Vec<MailRequest> {
        self.mails()
            .into_iter()
            .filter(|m| m.kind == kind && m.to.eq_ignore_ascii_case(to))
            .collect()
    }

    /// Waits (up to 30 s: a deadline for a busy test machine, not a pause) for a mail of
    /// `kind` to `to` (they go out through the outbox, soon after the request that asked
    /// for them); the latest one.
    pub async fn mail_to(&self, kind: &str, to: &str) -> MailRequest {
        let arrived = eventually(Duration::from_secs(30), || async {
            !self.mails_to(kind, to).is_empty()
        })
        .await;
        assert!(
            arrived.is_some(),
            "no {kind} mail to {to}: {:?}",
            self.mails()
        );
        self.mails_to(kind, to).pop().expect("a mail")
    }

    /// Asks for a sign-in link for `email` as `client` and waits (up to 30 s) for the mail
    /// it sends; the new link.
    pub async fn request_link(&self, client: &Client, email: &str) -> String {
        let before = self.mails_to("sign_in_link", email).len();
        client.request_sign_in(email).await;
        let arrived = eventually(Duration::from_secs(30), || async {
            self.mails_to("sign_in_link", email).len() > before
        })
        .await;
        assert!(arrived.is_some(), "no sign-in link was mailed to {email}");
        self.last_link("sign_in_link", email)
            .unwrap_or_else(|| panic!("no sign-in link was mailed to {email}"))
    }

    /// Waits until this server's read model has folded what `outcome` appended.
    pub async fn settle(&self, outcome: &Outcome) {
        if let Some(last) = outcome.events.last() {
            assert!(
                self.services
                    .live
                    .wait_for(last.position, Duration::from_secs(10))
                    .await,
                "the read model did not catch up"
            );
        }
    }

    /// `form` (the input of `submitInterest`) with a form token as if the form had been shown
    /// ten seconds ago.
    pub fn with_form_token(&self, mut form: Value) -> Value {
        form["formToken"] = json!(self.form_token());
        form
    }

    /// A token of the interest form as if it had been shown ten seconds ago.
    pub fn form_token(&self) -> String {
        self.services
            .form_key
            .issue(chrono::Utc::now().timestamp_millis() - 10_000)
    }

    /// A browser without a session.
    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    /// A browser without a session at the loopback address 127.0.`net`.`host`: the
    /// server's limits per client address count it apart from other browsers.
    pub fn client_at(&self, net: u8, host: u8) -> Client {
        Client::from_address(
            &self.base,
            std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, 0, net, host)),
        )
    }

    /// Signs in the way a person does: asks for a link, takes it from the mail, redeems it.
    pub async fn sign_in(&self, email: &str) -> Client {
        let client = self.client();
        let link = self.request_link(&client, email).await;
        client.sign_in_with_link(&link).await;
        client
    }

    /// Creates a tenant with a programme (Weltoffene Kommune) and its staff, through the
    /// application as the operator does. `label` makes names and addresses distinct.
    pub async fn create_tenant(&self, label: &str) -> Staff {
        let app = self.app();
        let tenant = TenantId::new();
        let operator = || CommandMeta::new(Actor::operator());
        let short = |s: &str| ShortText::parse("name", s).expect("a valid name");
        let o = app
            .create_tenant(tenant, short(&format!("Verbund {label}")), &operator())
            .await
            .expect("create the tenant");
        self.settle(&o).await;
        let programme = ProgrammeId::new();
        let o = app
            .create_programme(
                tenant,
                programme,
                ProgrammeSettings::weltoffene_kommune(short(&format!("Kohorte {label}"))),
                &operator(),
            )
            .await
            .expect("create the programme");
        self.settle(&o).await;
        let lower = label.to_lowercase();
        let person = async |role: Role, name: String, local: &str| {
            let p = Person {
                id: UserId::new(),
                name,
                email: format!("{local}@{lower}.example"),
            };
            let o = app
                .register_user(
                    tenant,
                    p.id,
                    role,
                    UserDetails {
                        name: PersonName::parse("name", &p.name).expect("a valid name"),
                        email: EmailAddress::parse("email", &p.email).expect("a valid address"),
                    },
                    Language::De,
                    None,
                    &operator(),
                )
                .await
                .expect("register a user");
            self.settle(&o).await;
            p
        };
        let team = person(Role::Team, format!("Tamara Team {label}"), "team").await;
        let facilitator = person(
            Role::Facilitator,
            format!("Fabian Begleiter {label}"),
            "begleitung",
        )
        .await;
        let second_facilitator = person(
            Role::Facilitator,
            format!("Frieda Begleiterin {label}"),
            "begleitung2",
        )
        .await;
        let funder = person(
            Role::Funder,
            format!("Fritz Foerderer {label}"),
            "foerderung",
        )
        .await;
        Staff {
            tenant,
            programme,
            team,
            facilitator,
            second_facilitator,
            funder,
        }
    }

    /// Opens a graphql-transport-ws connection with `client`'s session and subscribes.
    pub async fn subscribe(&self, client: &Client, query: &str, variables: Value) -> Subscription {
        let mut sub = self
            .open_socket(client, Some(&self.base))
            .await
            .expect("the WebSocket opens");
        sub.start("1", query, variables).await;
        sub
    }

    /// Opens a graphql-transport-ws connection with `client`'s session, sent from a page
    /// of `origin` (none: no `Origin` header), and waits for `connection_ack`; the refusal
    /// of the handshake otherwise.
    pub async fn open_socket(
        &self,
        client: &Client,
        origin: Option<&str>,
    ) -> Result<Subscription, tokio_tungstenite::tungstenite::Error> {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let url = format!("ws://{}/graphql/ws", self.addr);
        let mut request = url.into_client_request().expect("a WebSocket request");
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            "graphql-transport-ws".parse().expect("a header value"),
        );
        if let Some(cookie) = client.session_cookie() {
            request
                .headers_mut()
                .insert("Cookie", cookie.parse().expect("a header value"));
        }
        if let Some(origin) = origin {
            request
                .headers_mut()
                .insert("Origin", origin.parse().expect("a header value"));
        }
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
        socket
            .send(ws_text(json!({ "type": "connection_init", "payload": {} })))
            .await
            .expect("send connection_init");
        let mut sub = Subscription { socket };
        let ack = sub
            .message(Duration::from_secs(5))
            .await
            .expect("connection_ack");
        assert_eq!(ack["type"], "connection_ack", "{ack}");
        Ok(sub)
    }
}

fn ws_text(v: Value) -> tokio_tungstenite::tungstenite::Message {
    tokio_tungstenite::tungstenite::Message::Text(v.to_string().into())
}

/// A subscription over graphql-transport-ws.
pub struct Subscription {
    socket: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
}

impl Subscription {
    /// The next protocol message (pings answered and skipped), or `None` after `wait`.
    pub async fn message(&mut self, wait: Duration) -> Option<Value> {
        use tokio_tungstenite::tungstenite::Message;
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let next = tokio::time::timeout_at(deadline, self.socket.next())
                .await
                .ok()??;
            match next.ok()? {
                Message::Text(t) => {
                    let v: Value = serde_json::from_str(&t).expect("a JSON message");
                    if v["type"] == "ping" {
                        let _ = self.socket.send(ws_text(json!({ "type": "pong" }))).await;
                        continue;
                    }
                    return Some(v);
                }
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// Sends an operation (a subscription, query or mutation) under `id`.
    pub async fn start(&mut self, id: &str, query: &str, variables: Value) {
        assert!(self.try_start(id, query, variables).await, "send subscribe");
    }

    /// Sends an operation like [`Subscription::start`]; false when the socket is closed
    /// already (the server may close it at any moment, e.g. when its session ended).
    pub async fn try_start(&mut self, id: &str, query: &str, variables: Value) -> bool {
        self.socket
            .send(ws_text(json!({
                "id": id,
                "type": "subscribe",
                "payload": { "query": query, "variables": variables },
            })))
            .await
            .is_ok()
    }

    /// Every protocol message until the server closes the socket (within `wait`), and the
    /// close code (`None`: still open after `wait`).
    pub async fn until_closed(&mut self, wait: Duration) -> (Vec<Value>, Option<u16>) {
        use tokio_tungstenite::tungstenite::Message;
        let deadline = tokio::time::Instant::now() + wait;
        let mut seen = Vec::new();
        loop {
            match tokio::time::timeout_at(deadline, self.socket.next()).await {
                Err(_) => return (seen, None),
                Ok(None) | Ok(Some(Err(_))) => return (seen, Some(1006)),
                Ok(Some(Ok(Message::Close(frame)))) => {
                    return (seen, Some(frame.map_or(1005, |f| u16::from(f.code))));
                }
                Ok(Some(Ok(Message::Text(t)))) => {
                    seen.push(serde_json::from_str(&t).expect("a JSON message"));
                }
                Ok(Some(Ok(_))) => continue,
            }
        }
    }

    /// The payload of the next `next` message, or `None` after `wait` (panics on an error).
    pub async fn next(&mut self, wait: Duration) -> Option<Value> {
        let m = self.message(wait).await?;
        assert_eq!(m["type"], "next", "expected a result, got {m}");
        Some(m["payload"].clone())
    }
}

/// One browser: a cookie store, plus the session cookie it got at sign-in.
#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    session: Arc<std::sync::Mutex<Option<String>>>,
}

/// Asks for a sign-in link (variable `e`: the address).
pub const REQUEST_SIGN_IN: &str = "mutation($e: String!) { requestSignIn(email: $e) }";

/// The `lotse_session=…` pair of a `Set-Cookie` value.
pub fn session_pair(set_cookie: &str) -> Option<String> {
    set_cookie
        .split(';')
        .next()
        .map(str::trim)
        .filter(|p| p.starts_with("lotse_session=") && p.len() > "lotse_session=".len())
        .map(str::to_string)
}

impl Client {
    /// A browser talking to `base`.
    pub fn new(base: &str) -> Self {
        Self {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .timeout(Duration::from_secs(60))
                .build()
                .expect("an HTTP client"),
            base: base.to_string(),
            session: Arc::default(),
        }
    }

    /// A browser on another machine: its requests come from `ip` (a loopback address such
    /// as `127.0.0.7`), so the server's limits per client address count it apart.
    pub fn from_address(base: &str, ip: std::net::IpAddr) -> Self {
        Self {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .local_address(ip)
                .timeout(Duration::from_secs(60))
                .build()
                .expect("an HTTP client"),
            base: base.to_string(),
            session: Arc::default(),
        }
    }

    /// A client without a cookie store that sends `cookie` (e.g. `lotse_session=…`) itself.
    pub fn with_cookie(base: &str, cookie: &str) -> Self {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::COOKIE,
            cookie.parse().expect("a cookie header"),
        );
        Self {
            http: reqwest::Client::builder()
                .default_headers(headers)
                .timeout(Duration::from_secs(60))
                .build()
                .expect("an HTTP client"),
            base: base.to_string(),
            session: Arc::new(std::sync::Mutex::new(Some(cookie.to_string()))),
        }
    }

    /// The same session, against another server (e.g. a second process on the same database).
    pub fn on(&self, base: &str) -> Self {
        match self.session_cookie() {
            Some(cookie) => Self::with_cookie(base, &cookie),
            None => Self::new(base),
        }
    }

    /// The `lotse_session=…` pair this browser got at sign-in.
    pub fn session_cookie(&self) -> Option<String> {
        self.session.lock().unwrap().clone()
    }

    /// POSTs one GraphQL operation as JSON; the raw response.
    pub async fn post(&self, query: &str, variables: Value) -> reqwest::Response {
        self.http
            .post(format!("{}/graphql", self.base))
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("the server answers")
    }

    /// POSTs one GraphQL operation; the whole response body (`data` and `errors`).
    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        let response = self.post(query, variables).await;
        let status = response.status();
        let text = response.text().await.expect("a body");
        assert!(status.is_success(), "HTTP {status}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
    }

    /// Runs an operation that must succeed; its `data`.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let body = self.gql(query, variables).await;
        assert!(
            body.get("errors").is_none_or(Value::is_null),
            "unexpected errors for {query}: {body}"
        );
        body["data"].clone()
    }

    /// Runs an operation that must fail; the `code` of its first error (and the body).
    pub async fn refused(&self, query: &str, variables: Value) -> (String, Value) {
        let body = self.gql(query, variables).await;
        let code = first_code(&body)
            .unwrap_or_else(|| panic!("expected a refusal of {query}, got {body}"));
        (code, body)
    }

    /// Asks for a sign-in link for `email`; the answer must be `true` (as for every address).
    pub async fn request_sign_in(&self, email: &str) {
        let asked = self.data(REQUEST_SIGN_IN, json!({ "e": email })).await;
        assert_eq!(asked["requestSignIn"], true);
    }

    /// Redeems a sign-in link; the response body and the `Set-Cookie` values.
    pub async fn redeem_link(&self, link: &str) -> (Value, Vec<String>) {
        let token = link
            .split_once('#')
            .map(|(_, t)| t)
            .unwrap_or_else(|| panic!("a sign-in link carries its token after '#': {link}"));
        let response = self
            .post(
                "mutation($t: String!) { signIn(token: $t) { userId role municipalityId } }",
                json!({ "t": token }),
            )
            .await;
        let cookies: Vec<String> = response
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect();
        let body: Value = response.json().await.expect("a JSON body");
        if let Some(pair) = cookies.iter().find_map(|c| session_pair(c)) {
            *self.session.lock().unwrap() = Some(pair);
        }
        (body, cookies)
    }

    /// Redeems a sign-in link that must work.
    pub async fn sign_in_with_link(&self, link: &str) -> Value {
        let (body, cookies) = self.redeem_link(link).await;
        assert!(
            body.get("errors").is_none_or(Value::is_null),
            "signing in failed: {body}"
        );
        assert!(
            cookies.iter().any(|c| session_pair(c).is_some()),
            "signing in set no session cookie: {cookies:?}"
        );
        body["data"]["signIn"].clone()
    }
}

/// The `code` extension of a response's first error.
pub fn first_code(body: &Value) -> Option<String> {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .map(str::to_string)
}

/// Polls `check` until it holds (how long that took) or `within` has passed (`None`).
pub async fn eventually<F, Fut>(within: Duration, mut check: F) -> Option<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    loop {
        if check().await {
            return Some(start.elapsed());
        }
        if start.elapsed() > within {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
