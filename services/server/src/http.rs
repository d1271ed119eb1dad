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
use axum::extract::{ConnectInfo, Form, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use lotse_domain::user::Role;
use lotse_domain::values::Language;
use lotse_graphql::auth::RequestInfo;
use lotse_graphql::public::{SESSION_COOKIE, SessionSecret};
use lotse_graphql::{LotseSchema, Services, Viewer};
use std::net::SocketAddr;
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
                .route(
                    "/interesse",
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
/// language and the client address.
pub async fn request_info(
    state: &AppState,
    headers: &HeaderMap,
    client: Option<SocketAddr>,
) -> (RequestInfo, Option<SessionSecret>) {
    let mut lang = header_language(headers);
    let secret = cookie(headers, SESSION_COOKIE);
    let mut viewer = None;
    if let Some(secret) = &secret
        && let Ok(Some(who)) = state.services.accounts.session(secret).await
    {
        let p = state.services.live.read().await;
        if let Some(u) = p.tenant(who.tenant).and_then(|t| t.users.get(&who.user))
            && u.active
        {
            if cookie(headers, "lotse_lang").is_none() {
                lang = u.language;
            }
            viewer = Some(Viewer {
                tenant: who.tenant,
                user: who.user,
                role: u.role,
                municipality: if u.role == Role::Contact {
                    u.municipality
                } else {
                    None
                },
            });
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
        },
        secret.map(SessionSecret),
    )
}

fn too_many(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, message.to_string()).into_response()
}

async fn execute(
    state: &AppState,
    headers: &HeaderMap,
    client: Option<SocketAddr>,
    batch: BatchRequest,
) -> Response {
    let (info, secret) = request_info(state, headers, client).await;
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
    let response = state.schema.execute_batch(batch).await;
    let errors: Vec<String> = match &response {
        async_graphql::BatchResponse::Single(r) => vec![r],
        async_graphql::BatchResponse::Batch(list) => list.iter().collect(),
    }
    .into_iter()
    .flat_map(|r| r.errors.iter())
    .map(|e| {
        e.extensions
            .as_ref()
            .and_then(|x| x.get("code"))
            .map_or_else(
                || "GRAPHQL".to_string(),
                |c| c.to_string().trim_matches('"').to_string(),
            )
    })
    .collect();
    for code in errors {
        metrics::counter!("lotse_graphql_errors_total", "code" => code).increment(1);
    }
    // A request refused before any resolver ran (parse errors, depth, complexity, unknown
    // fields) is the client's fault: 400, with a code like every other error.
    let refused = match &response {
        async_graphql::BatchResponse::Single(r) => rejected_before_execution(r),
        async_graphql::BatchResponse::Batch(list) => list.iter().any(rejected_before_execution),
    };
    let response = match response {
        async_graphql::BatchResponse::Single(r) => {
            async_graphql::BatchResponse::Single(with_codes(r))
        }
        async_graphql::BatchResponse::Batch(list) => {
            async_graphql::BatchResponse::Batch(list.into_iter().map(with_codes).collect())
        }
    };
    let mut out = async_graphql_axum::GraphQLResponse::from(response).into_response();
    if refused {
        *out.status_mut() = StatusCode::BAD_REQUEST;
    }
    out.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    out
}

fn rejected_before_execution(r: &async_graphql::Response) -> bool {
    r.data == async_graphql::Value::Null
        && !r.errors.is_empty()
        && r.errors.iter().all(|e| {
            e.path.is_empty() && e.extensions.as_ref().and_then(|x| x.get("code")).is_none()
        })
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

/// GET /graphql/ws: subscriptions over graphql-transport-ws, with the session of the upgrade.
async fn graphql_ws(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let (info, _) = request_info(&state, &headers, Some(client)).await;
    let schema = state.schema.clone();
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            let mut data = Data::default();
            data.insert(info);
            GraphQLWebSocket::new(socket, schema, protocol)
                .with_data(data)
                .serve()
        })
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

/// The routes of `lotse worker`: /health and /ready (database answers, read model caught
/// up). Its /metrics is on the metrics listener, as the server's.
pub fn worker_router(live: lotse_projections::Live) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/ready",
            get(move || {
                let live = live.clone();
                async move {
                    match live.store().read_all(live.position(), 1).await {
                        Ok(rest) if rest.is_empty() => (StatusCode::OK, "ready").into_response(),
                        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "catching up with the log")
                            .into_response(),
                        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database not reachable")
                            .into_response(),
                    }
                }
            }),
        )
}

/// Ready when the database answers and the read model has caught up with the log.
async fn ready(State(state): State<AppState>) -> Response {
    let store = state.services.live.store();
    match store.read_all(state.services.live.position(), 1).await {
        Ok(rest) if rest.is_empty() => (StatusCode::OK, "ready").into_response(),
        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "catching up with the log").into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database not reachable").into_response(),
    }
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
/// a request the user made directly); otherwise an `Origin` must be the public URL's.
/// Without either header the client is no browser that another site could drive.
fn posted_from_here(headers: &HeaderMap, public_url: &str) -> bool {
    let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap_or(""));
    if let Some(site) = header("sec-fetch-site") {
        return site == "same-origin" || site == "none";
    }
    header("origin").is_none_or(|origin| origin == origin_of(public_url))
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
    if !state.services.limiter.allow(info.client, "redeem") {
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
