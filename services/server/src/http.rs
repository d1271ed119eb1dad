//! HTTP: GraphQL (POST for everything, GET for queries only, WebSocket for subscriptions),
//! the plain HTML fallbacks for the interest form and the sign-in link, health and readiness.

use crate::config::Config;
use crate::webapp::WebApp;
use async_graphql::http::{ALL_WEBSOCKET_PROTOCOLS, GraphiQLSource};
use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, Data};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::Router;
use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message};
use axum::extract::{ConnectInfo, Form, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use futures::{SinkExt, StreamExt};
use lotse_domain::values::Language;
use lotse_graphql::auth::RequestInfo;
use lotse_graphql::public::{SESSION_COOKIE, SessionSecret};
use lotse_graphql::session::LiveSession;
use lotse_graphql::{LotseSchema, Services};
use std::net::SocketAddr;
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The largest request body accepted.
pub const MAX_BODY: usize = 256 * 1024;
/// The most operations in one batch.
pub const MAX_BATCH: usize = 10;

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    pub schema: LotseSchema,
    pub services: Services,
    pub config: Config,
}

/// The router with every route and layer.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/graphql/ws", get(graphql_ws))
        .route("/graphiql", get(graphiql))
        .route("/health", get(|| async { "ok" }))
        .route("/ready", get(ready))
        .route("/anmelden/link.js", get(crate::pages::sign_in_link_script));
    let hsts = state.config.hsts();
    let pages = match state.config.web.clone() {
        WebApp::None => api
            .route(
                "/interesse",
                get(crate::pages::interest_page).post(crate::pages::interest_post),
            )
            .route(
                "/interesse/{programme}",
                get(crate::pages::programme_interest_page).post(crate::pages::interest_post),
            )
            .route(
                "/anmelden/link",
                get(crate::pages::sign_in_link_page).post(redeem_form),
            )
            .route("/", get(crate::pages::home)),
        // The web app: its routes answer index.html (the app routes in the browser), its
        // files come from the build folder or the binary, and unknown paths get
        // index.html (the app shows its "not found" page). The form posts of the
        // no-JavaScript fallbacks keep working.
        web => {
            let app = api
                .route("/", get(app_index))
                .route("/anmelden", get(app_index))
                .route("/anmelden/link", get(app_index).post(redeem_form))
                .route("/kommunen/{id}", get(app_index))
                .route("/aufgaben", get(app_index))
                .route("/selbstcheck", get(app_index))
                .route("/foerderer", get(app_index))
                .route("/programm", get(app_index))
                .route("/personen", get(app_index))
                .route(
                    "/interesse",
                    get(app_index).post(crate::pages::interest_post),
                )
                .route(
                    "/interesse/{programme}",
                    get(app_index).post(crate::pages::interest_post),
                );
            match web {
                WebApp::Dir(dir) => app.fallback_service(
                    ServeDir::new(&dir).not_found_service(ServeFile::new(dir.join("index.html"))),
                ),
                _ => app.fallback(|uri: axum::http::Uri| async move {
                    crate::webapp::embedded_file(uri.path())
                        .unwrap_or_else(|| crate::webapp::embedded_index(StatusCode::NOT_FOUND))
                }),
            }
        }
    };
    pages
        .route_layer(axum::middleware::from_fn(crate::telemetry::track))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(
            tower_http::trace::TraceLayer::new_for_http().make_span_with(|r: &axum::http::Request<_>| {
                let id = r
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-")
                    .to_string();
                let route = r
                    .extensions()
                    .get::<axum::extract::MatchedPath>()
                    .map_or("unmatched", |p| p.as_str())
                    .to_string();
                tracing::info_span!("request", request_id = %id, method = %r.method(), route = %route)
            }),
        )
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(
            tower_http::request_id::MakeRequestUuid,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(axum::middleware::map_response(
            move |mut response: Response| async move {
                if hsts {
                    response.headers_mut().insert(
                        header::STRICT_TRANSPORT_SECURITY,
                        HeaderValue::from_static("max-age=31536000; includeSubDomains"),
                    );
                }
                response
            },
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
                 connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
            ),
        ))
        .with_state(state)
}

/// GET on a route of the web app: its `index.html` (never cached, so a new build is
/// picked up at once; the hashed files under `/assets/` can be cached).
async fn app_index(State(state): State<AppState>) -> Response {
    let dir = match &state.config.web {
        WebApp::Dir(dir) => dir,
        WebApp::Embedded => return crate::webapp::embedded_index(StatusCode::OK),
        WebApp::None => return StatusCode::NOT_FOUND.into_response(),
    };
    match tokio::fs::read(dir.join("index.html")).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, dir = %dir.display(), "cannot read the web app's index.html");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

fn header_language(headers: &HeaderMap) -> Language {
    if let Some(l) = cookie(headers, "lotse_lang") {
        return Language::parse(&l).unwrap_or_default();
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let first = accept
        .split(',')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if first.starts_with("en") {
        Language::En
    } else {
        Language::De
    }
}

/// Who is asking: the session's user (if the session and the account are live), the
/// language and the client address. A session the database could not check is marked so,
/// and read as "try again", never as "signed out".
pub async fn request_info(
    state: &AppState,
    headers: &HeaderMap,
    client: Option<SocketAddr>,
) -> (RequestInfo, Option<SessionSecret>) {
    let mut lang = header_language(headers);
    let secret = cookie(headers, SESSION_COOKIE);
    let mut viewer = None;
    let mut session_unchecked = false;
    if let Some(secret) = &secret {
        match lotse_graphql::session::viewer_of(&state.services, secret).await {
            Ok(Some((v, language))) => {
                if cookie(headers, "lotse_lang").is_none() {
                    lang = language;
                }
                viewer = Some(v);
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %e, "the session could not be checked");
                session_unchecked = true;
            }
        }
    }
    (
        RequestInfo {
            viewer,
            lang,
            client: client.map(|c| {
                crate::config::client_ip(
                    c.ip(),
                    headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()),
                    &state.config.trusted_proxies,
                )
            }),
            secure_cookies: state.config.secure_cookies(),
            session_unchecked,
        },
        secret.map(SessionSecret),
    )
}

fn too_many(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, message.to_string()).into_response()
}

/// The media types of a GraphQL answer (GraphQL over HTTP).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    /// `application/json`: every well-formed request is answered with 200.
    Json,
    /// `application/graphql-response+json`: a request refused before execution is
    /// answered with 400 and without a `data` entry.
    GraphqlResponse,
}

impl MediaType {
    fn content_type(self) -> &'static str {
        match self {
            MediaType::Json => "application/json; charset=utf-8",
            MediaType::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
        }
    }
}

/// The answer's media type by the request's `Accept`: the acceptable one of highest
/// weight, `application/graphql-response+json` at equal weight; `application/json` without
/// an `Accept` header or for `*/*`; `None` when neither is acceptable.
pub fn negotiate(headers: &HeaderMap) -> Option<MediaType> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(MediaType::Json);
    };
    let mut best: Option<(f32, MediaType)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let kind = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let weight = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let media = match kind.as_str() {
            "application/graphql-response+json" => MediaType::GraphqlResponse,
            "application/json" | "application/*" | "*/*" => MediaType::Json,
            _ => continue,
        };
        if weight <= 0.0 {
            continue;
        }
        let better = best.is_none_or(|(w, m)| {
            weight > w
                || (weight == w && media == MediaType::GraphqlResponse && m == MediaType::Json)
        });
        if better {
            best = Some((weight, media));
        }
    }
    best.map(|(_, m)| m)
}

/// How many GraphQL requests over HTTP run at once; more wait their turn.
fn executions() -> &'static tokio::sync::Semaphore {
    static EXECUTIONS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    EXECUTIONS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new((4 * cores).max(16))
    })
}

/// Runs a request on a thread of the blocking pool (a query within its time budget, see
/// `lotse_graphql::limits::TimeBudget`, answered 504 past it): parsing,
/// validating and resolving a large document costs CPU time, and on the runtime's own
/// threads it would hold up everything else, `/health` included. When the client goes away
/// or the budget runs out, a query stops at its next await (the document limits keep the
/// stretches between them short); a mutation runs to its end.
/// The refusal to answer when the budget ran out or the request failed unexpectedly.
async fn run_graphql(
    schema: LotseSchema,
    batch: BatchRequest,
    lang: Language,
) -> async_graphql::BatchResponse {
    let refused = |e: async_graphql::Error| {
        async_graphql::BatchResponse::Single(async_graphql::Response::from_errors(vec![
            e.into_server_error(Default::default()),
        ]))
    };
    let Ok(_turn) = executions().acquire().await else {
        return refused(lotse_graphql::error::unavailable(lang));
    };
    let runtime = tokio::runtime::Handle::current();
    // Dropped with this future when the client goes away: a query stops at its next await.
    let (_client_waits, client_gone) = tokio::sync::oneshot::channel::<()>();
    let run = tokio::task::spawn_blocking(move || {
        let mut batch = batch;
        // A mutation runs to its end, whatever the client does: stopped between two of its
        // steps it could leave half a change behind.
        let changes = match &mut batch {
            BatchRequest::Single(r) => changes_something(r),
            BatchRequest::Batch(list) => list.iter_mut().any(changes_something),
        };
        runtime.block_on(async move {
            if changes {
                return schema.execute_batch(batch).await;
            }
            tokio::select! {
                done = schema.execute_batch(batch) => done,
                _ = client_gone => {
                    metrics::counter!("lotse_graphql_abandoned_total").increment(1);
                    async_graphql::BatchResponse::Single(Default::default())
                }
            }
        })
    });
    match run.await {
        Ok(response) => response,
        Err(e) => refused(lotse_graphql::error::internal(&e, lang)),
    }
}

/// Whether a request may change something (any of its operations is a mutation). Parses
/// the document (async-graphql keeps the result) unless it is over the length limit, which
/// the document limits refuse before anything runs.
fn changes_something(request: &mut async_graphql::Request) -> bool {
    if request.query.len() > lotse_graphql::limits::MAX_QUERY_BYTES {
        return false;
    }
    request.parsed_query().is_ok_and(|doc| {
        doc.operations
            .iter()
            .any(|(_, op)| op.node.ty == OperationType::Mutation)
    })
}

fn not_acceptable() -> Response {
    (
        StatusCode::NOT_ACCEPTABLE,
        "GraphQL answers are application/graphql-response+json or application/json",
    )
        .into_response()
}

async fn execute(
    state: &AppState,
    headers: &HeaderMap,
    client: Option<SocketAddr>,
    batch: BatchRequest,
) -> Response {
    let Some(media) = negotiate(headers) else {
        return not_acceptable();
    };
    let (info, secret) = request_info(state, headers, client).await;
    let lang = info.lang;
    let batch = match batch {
        BatchRequest::Single(r) => {
            let mut r = r.data(info.clone());
            if let Some(s) = &secret {
                r = r.data(s.clone());
            }
            BatchRequest::Single(r)
        }
        BatchRequest::Batch(list) => BatchRequest::Batch(
            list.into_iter()
                .map(|r| {
                    let mut r = r.data(info.clone());
                    if let Some(s) = &secret {
                        r = r.data(s.clone());
                    }
                    r
                })
                .collect(),
        ),
    };
    let response = run_graphql(state.schema.clone(), batch, lang).await;
    let errors: Vec<String> = match &response {
        async_graphql::BatchResponse::Single(r) => vec![r],
        async_graphql::BatchResponse::Batch(list) => list.iter().collect(),
    }
    .into_iter()
    .flat_map(|r| r.errors.iter())
    .map(|e| error_code(e).unwrap_or_else(|| "GRAPHQL".to_string()))
    .collect();
    for code in errors {
        metrics::counter!("lotse_graphql_errors_total", "code" => code).increment(1);
    }
    respond(media, response)
}

/// The HTTP answer to an executed request, as GraphQL over HTTP says for its media type:
/// with `application/json`, 200 and the whole result; with
/// `application/graphql-response+json`, a request refused before execution (unparsable,
/// invalid, over a limit) is a 400 without a `data` entry. Headers the resolvers set (a
/// session cookie) are kept; nothing is cached.
fn respond(media: MediaType, response: async_graphql::BatchResponse) -> Response {
    let headers = response.http_headers();
    let failure = match &response {
        async_graphql::BatchResponse::Single(r) => server_failure(r),
        async_graphql::BatchResponse::Batch(_) => None,
    };
    let body = |r: async_graphql::Response| -> serde_json::Value {
        let r = with_codes(r);
        // A request refused before it ran has no `data` entry under either media type
        // (GraphQL spec, "Response Format"; GraphQL over HTTP for graphql-response+json).
        if rejected_before_execution(&r) {
            serde_json::json!({ "errors": r.errors })
        } else {
            serde_json::to_value(&r).unwrap_or_default()
        }
    };
    let (refused, body) = match response {
        async_graphql::BatchResponse::Single(r) => (rejected_before_execution(&r), body(r)),
        async_graphql::BatchResponse::Batch(list) => {
            let refused = !list.is_empty() && list.iter().all(rejected_before_execution);
            (
                refused,
                serde_json::Value::Array(list.into_iter().map(body).collect()),
            )
        }
    };
    let status = match failure {
        Some(status) => status,
        None if refused && media == MediaType::GraphqlResponse => StatusCode::BAD_REQUEST,
        None => StatusCode::OK,
    };
    let mut out = (
        status,
        [
            (header::CONTENT_TYPE, media.content_type()),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response();
    out.headers_mut().extend(headers);
    out
}

/// The codes of a request that did not run for the server's sake, not the client's.
const SERVER_FAILURES: [(&str, StatusCode); 3] = [
    ("TIMEOUT", StatusCode::GATEWAY_TIMEOUT),
    ("SERVICE_UNAVAILABLE", StatusCode::SERVICE_UNAVAILABLE),
    ("INTERNAL", StatusCode::INTERNAL_SERVER_ERROR),
];

fn error_code(e: &async_graphql::ServerError) -> Option<String> {
    e.extensions
        .as_ref()
        .and_then(|x| x.get("code"))
        .map(|c| c.to_string().trim_matches('"').to_string())
}

/// The status of a request that failed as a whole for the server's sake (its budget ran
/// out, the database was away, an unexpected failure), rather than by the client's
/// document: a 5xx, whatever the media type.
fn server_failure(r: &async_graphql::Response) -> Option<StatusCode> {
    if r.data != async_graphql::Value::Null || r.errors.iter().any(|e| !e.path.is_empty()) {
        return None;
    }
    let code = error_code(r.errors.first()?)?;
    SERVER_FAILURES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, status)| *status)
}

/// A request refused before execution (unparsable, invalid, over a limit): no data and
/// no error raised by a field, and no failure of the server's.
fn rejected_before_execution(r: &async_graphql::Response) -> bool {
    r.data == async_graphql::Value::Null
        && !r.errors.is_empty()
        && r.errors.iter().all(|e| e.path.is_empty())
        && server_failure(r).is_none()
}

fn with_codes(mut r: async_graphql::Response) -> async_graphql::Response {
    for e in &mut r.errors {
        let has_code = e.extensions.as_ref().and_then(|x| x.get("code")).is_some();
        if !has_code {
            e.extensions
                .get_or_insert_with(Default::default)
                .set("code", "BAD_REQUEST");
        }
    }
    r
}

/// POST /graphql: JSON bodies only (a form post from another site cannot send one without
/// a preflight), at most [`MAX_BATCH`] operations.
async fn graphql_post(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "GraphQL requests must be sent as application/json",
        )
            .into_response();
    }
    let batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(_) => return too_many("the body is not a GraphQL request"),
    };
    if let BatchRequest::Batch(list) = &batch
        && list.len() > MAX_BATCH
    {
        return too_many("too many operations in one batch");
    }
    execute(&state, &headers, Some(client), batch).await
}

/// GET /graphql: queries only, never mutations.
async fn graphql_get(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    method: Method,
    headers: HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    let request: async_graphql::Request =
        match async_graphql::http::parse_query_string(query.as_deref().unwrap_or("")) {
            Ok(r) => r,
            Err(_) => return too_many("the query string is not a GraphQL request"),
        };
    let only_queries = async_graphql::parser::parse_query(&request.query)
        .map(|doc| {
            doc.operations
                .iter()
                .all(|(_, op)| op.node.ty == OperationType::Query)
        })
        .unwrap_or(true);
    if !only_queries || method != Method::GET {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "POST")],
            "mutations and subscriptions need POST (or the WebSocket)",
        )
            .into_response();
    }
    execute(
        &state,
        &headers,
        Some(client),
        BatchRequest::Single(request),
    )
    .await
}

/// How often an open WebSocket checks that its session still stands (besides the check
/// before every operation and every message).
pub const SESSION_RECHECK: Duration = Duration::from_secs(5);

/// Whether a request comes from a page of Lotse itself: its `Origin` is the public URL's
/// origin, or the origin of the host the request was sent to (a same-origin request). A
/// missing `Origin` is not accepted: browsers always send it where it matters here.
pub fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    if origin_of(public_url).eq_ignore_ascii_case(origin) {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!((host, origin_host), (Some(h), Some(o)) if h.eq_ignore_ascii_case(o))
}

/// GET /graphql/ws: subscriptions (and queries and mutations) over graphql-transport-ws.
/// Only Lotse's own pages may open one (the socket is not covered by the JSON-only CSRF
/// defence of `POST /graphql`). Its session is checked again before every operation and
/// message (`lotse_graphql::session`), and the socket is closed with 4401 when a periodic
/// check finds the session ended.
async fn graphql_ws(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !same_origin(&headers, &state.config.public_url) {
        return (
            StatusCode::FORBIDDEN,
            "WebSocket connections are accepted from Lotse's own pages only",
        )
            .into_response();
    }
    let (info, secret) = request_info(&state, &headers, Some(client)).await;
    if info.session_unchecked {
        // Opened now, the socket would stay anonymous after the database is back.
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the session cannot be checked right now; please try again",
        )
            .into_response();
    }
    let session = match (secret, info.viewer) {
        (Some(secret), Some(viewer)) => Some(LiveSession {
            secret: secret.0,
            viewer,
            lang: info.lang,
            ended: Default::default(),
        }),
        _ => None,
    };
    let schema = state.schema.clone();
    let services = state.services.clone();
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        // A message is at most what a POST body may be.
        .max_message_size(MAX_BODY)
        .max_frame_size(MAX_BODY)
        .on_upgrade(move |socket| async move {
            let mut data = Data::default();
            data.insert(info);
            if let Some(s) = &session {
                data.insert(s.clone());
            }
            let (mut to_client, from_client) = socket.split();
            let (outgoing, mut messages) = futures::channel::mpsc::channel::<Message>(16);
            let serve = GraphQLWebSocket::new_with_pair(outgoing, from_client, schema, protocol)
                .with_data(data)
                .serve();
            let ended = session_ended(services, session);
            tokio::pin!(serve, ended);
            let mut served = false;
            loop {
                tokio::select! {
                    message = messages.next() => match message {
                        Some(m) => if to_client.send(m).await.is_err() { break },
                        None => break,
                    },
                    () = &mut serve, if !served => served = true,
                    () = &mut ended => {
                        let close = CloseFrame { code: 4401, reason: "session ended".into() };
                        let _ = to_client.send(Message::Close(Some(close))).await;
                        break;
                    }
                }
            }
        })
}

/// Resolves when a WebSocket's session has ended: found by the periodic check or by the
/// check before an operation or a message (never for a socket without a session, which
/// can run nothing that needs one).
async fn session_ended(services: Services, session: Option<LiveSession>) {
    let Some(session) = session else {
        return std::future::pending().await;
    };
    let ended = session.ended.clone();
    let periodic = async {
        loop {
            tokio::time::sleep(SESSION_RECHECK).await;
            if let Ok(false) = session.still_valid(&services, false).await {
                return;
            }
        }
    };
    // A check before an operation or a message may find it first.
    tokio::select! {
        () = periodic => {}
        () = ended.notified() => {}
    }
}

async fn graphiql(State(state): State<AppState>) -> Response {
    if !state.config.introspection {
        return StatusCode::NOT_FOUND.into_response();
    }
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .subscription_endpoint("/graphql/ws")
            .finish(),
    )
    .into_response()
}

/// The routes of `lotse worker`: /health and /ready (see [`readiness`]). Its /metrics is
/// on the metrics listener, as the server's.
pub fn worker_router(live: lotse_projections::Live, jobs: lotse_jobs::ScanStatus) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/ready",
            get(move || {
                let live = live.clone();
                let jobs = jobs.clone();
                async move { readiness(&live, Some(&jobs)).await }
            }),
        )
}

/// How far behind the log the read model may be and still be ready: under a steady stream
/// of writes there is nearly always an event it has not folded yet, which is no reason to
/// take the process out of service.
pub const READY_LAG: Duration = Duration::from_secs(5);

/// Ready when the database answers, the read model has folded every event recorded more
/// than [`READY_LAG`] ago, and the background jobs of this process, if it runs them, are
/// not failing (503 with the reason otherwise, e.g. "background jobs failing: 3 scans in a
/// row, the last: …").
pub async fn readiness(
    live: &lotse_projections::Live,
    jobs: Option<&lotse_jobs::ScanStatus>,
) -> Response {
    let lag = chrono::Duration::from_std(READY_LAG).unwrap_or_default();
    match live.store().read_all(live.position(), 1).await {
        Ok(rest)
            if rest
                .first()
                .is_some_and(|e| chrono::Utc::now() - e.recorded_at > lag) =>
        {
            (StatusCode::SERVICE_UNAVAILABLE, "catching up with the log").into_response()
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database not reachable").into_response(),
        Ok(_) => match jobs.and_then(lotse_jobs::ScanStatus::problem) {
            Some(problem) => (StatusCode::SERVICE_UNAVAILABLE, problem).into_response(),
            None => (StatusCode::OK, "ready").into_response(),
        },
    }
}

/// `/ready` of `lotse serve` (see [`readiness`]); the scan status is there when the
/// process runs the background jobs (`crate::server::start_with`).
async fn ready(
    State(state): State<AppState>,
    jobs: Option<axum::Extension<lotse_jobs::ScanStatus>>,
) -> Response {
    readiness(&state.services.live, jobs.as_ref().map(|j| &j.0)).await
}

/// The token of a sign-in link, posted by the sign-in page.
#[derive(serde::Deserialize)]
pub struct RedeemForm {
    token: String,
}

/// The origin (`scheme://host[:port]`) of a URL like the public URL.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// Whether a form post comes from a page of this server, not from another site (login
/// CSRF). A browser's `Sec-Fetch-Site` decides when present (`same-origin`, or `none` for
/// a request the user made directly); otherwise an `Origin` must be Lotse's own
/// ([`same_origin`]). Without either header the client is no browser that another site
/// could drive.
pub(crate) fn posted_from_here(headers: &HeaderMap, public_url: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    !headers.contains_key(header::ORIGIN) || same_origin(headers, public_url)
}

/// POST /anmelden/link: redeems a token from the plain sign-in page, sets the cookie. Only
/// from the sign-in page itself, and at most as often per client address as `signIn`.
async fn redeem_form(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<RedeemForm>,
) -> Response {
    let (info, _) = request_info(&state, &headers, Some(client)).await;
    let lang = info.lang;
    let title = match lang {
        Language::De => "Anmeldung nicht möglich",
        Language::En => "Cannot sign in",
    };
    if !posted_from_here(&headers, &state.config.public_url) {
        return crate::pages::message(
            StatusCode::FORBIDDEN,
            lang,
            title,
            match lang {
                Language::De => {
                    "Diese Anmeldung wurde nicht von der Anmeldeseite von Lotse abgeschickt. Bitte öffnen Sie den Link aus Ihrer E-Mail."
                }
                Language::En => {
                    "This sign-in was not sent from the Lotse sign-in page. Please open the link from your e-mail."
                }
            },
            None,
            false,
        );
    }
    if !state.services.limiter.allow(info.client, "redeem").await {
        return crate::pages::too_many_requests(lang, title);
    }
    match state.services.accounts.redeem(form.token.trim()).await {
        Ok(Some((_, secret))) => {
            if let Some(old) = cookie(&headers, SESSION_COOKIE) {
                let _ = state.services.accounts.sign_out(&old).await;
            }
            let mut r = Redirect::to("/").into_response();
            if let Ok(v) = HeaderValue::from_str(&lotse_graphql::public::session_cookie(
                &secret,
                state.config.secure_cookies(),
            )) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        Ok(None) => crate::pages::message(
            StatusCode::BAD_REQUEST,
            lang,
            title,
            match lang {
                Language::De => {
                    "Dieser Anmeldelink ist abgelaufen oder wurde schon benutzt. Bitte fordern Sie einen neuen an."
                }
                Language::En => {
                    "This sign-in link has expired or was used already. Please request a new one."
                }
            },
            None,
            false,
        ),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
