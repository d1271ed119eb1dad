//! `lag`: from a commit to the moment a GraphQL response shows it, at 100 events/s.
//!
//! Lotse: events are appended through `App::append` (expected versions) to the self-check
//! municipalities of the demo, round robin; a signed-in client holds one
//! `municipalityChanged(id) { version }` subscription per municipality over the real server's
//! WebSocket and notes when each version shows up. Baseline: INSERT + NOTIFY on one
//! connection, LISTEN on another, and on each notification a SELECT of the row on a third.

use crate::harness::{Report, Settings, Side, Slice, alternate};
use crate::http::start_server;
use crate::pg::Cluster;
use anyhow::Context as _;
use async_trait::async_trait;
use futures::{SinkExt, StreamExt};
use lotse_app::{Actor, App, CommandMeta};
use lotse_domain::framework::{Answer, Rating};
use lotse_domain::municipality::MunicipalityEvent;
use lotse_domain::{MunicipalityId, TenantId};
use serde_json::{Value, json};
use sqlx::postgres::PgListener;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

/// Events per second written by both sides.
pub const RATE: u64 = 100;

/// When each version was committed and when it was seen; a latency once both are known.
#[derive(Default)]
struct Book {
    committed: HashMap<(usize, i64), Instant>,
    seen: HashMap<(usize, i64), Instant>,
    latencies: Vec<u32>,
}

impl Book {
    fn commit(&mut self, key: (usize, i64), at: Instant) {
        if let Some(seen) = self.seen.remove(&key) {
            self.latencies.push(us(seen.saturating_duration_since(at)));
        } else {
            self.committed.insert(key, at);
        }
    }

    /// A response showed `version` of stream `i`: every earlier commit of it is visible too.
    fn seen_up_to(&mut self, i: usize, version: i64, at: Instant) {
        let done: Vec<(usize, i64)> = self
            .committed
            .keys()
            .filter(|(s, v)| *s == i && *v <= version)
            .copied()
            .collect();
        for k in done {
            if let Some(c) = self.committed.remove(&k) {
                self.latencies.push(us(at.saturating_duration_since(c)));
            }
        }
        self.seen.entry((i, version)).or_insert(at);
    }
}

fn us(d: Duration) -> u32 {
    d.as_micros().min(u128::from(u32::MAX)) as u32
}

/// Writes `RATE` events per second for `d` with `write(i)`; returns what the book says.
async fn paced<F, Fut>(d: Duration, book: &Arc<Mutex<Book>>, mut write: F) -> anyhow::Result<Slice>
where
    F: FnMut(u64) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    book.lock().unwrap().latencies.clear();
    let start = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / RATE));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut n = 0;
    while start.elapsed() < d {
        tick.tick().await;
        write(n).await?;
        n += 1;
    }
    // Give the last commits time to show up.
    let settle = Instant::now();
    while settle.elapsed() < Duration::from_secs(2) && !book.lock().unwrap().committed.is_empty() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut b = book.lock().unwrap();
    let missing = b.committed.len();
    b.committed.clear();
    b.seen.clear();
    let lat = std::mem::take(&mut b.latencies);
    anyhow::ensure!(missing == 0, "{missing} commits never showed up");
    Ok(Slice {
        ops: n,
        units: lat.len() as u64,
        secs: start.elapsed().as_secs_f64(),
        lat_us: lat,
        ..Slice::default()
    }
    .finish())
}

struct LotseLag {
    app: App,
    tenant: TenantId,
    ids: Vec<MunicipalityId>,
    versions: Vec<i64>,
    indicator: String,
    book: Arc<Mutex<Book>>,
}

#[async_trait]
impl Side for LotseLag {
    fn name(&self) -> String {
        "lotse".into()
    }

    async fn slice(&mut self, d: Duration) -> anyhow::Result<Slice> {
        let book = self.book.clone();
        let Self {
            app,
            tenant,
            ids,
            versions,
            indicator,
            ..
        } = self;
        paced(d, &book, |n| {
            let i = (n as usize) % ids.len();
            let expected = versions[i];
            let event = MunicipalityEvent::SelfCheckAnswerSaved {
                round: 1,
                indicator: indicator.clone(),
                answer: Answer {
                    rating: Rating::Level((n % 5) as u8),
                    comment: None,
                    evidence_url: None,
                },
            };
            let app = app.clone();
            let tenant = *tenant;
            let id = ids[i];
            let book = book.clone();
            versions[i] += 1;
            async move {
                app.append(
                    tenant,
                    id.stream(),
                    expected,
                    &[event],
                    &CommandMeta::new(Actor::system()),
                )
                .await?;
                book.lock()
                    .unwrap()
                    .commit((i, expected + 1), Instant::now());
                Ok(())
            }
        })
        .await
    }
}

struct BaselineLag {
    pool: sqlx::PgPool,
    version: i64,
    book: Arc<Mutex<Book>>,
}

#[async_trait]
impl Side for BaselineLag {
    fn name(&self) -> String {
        "baseline".into()
    }

    async fn slice(&mut self, d: Duration) -> anyhow::Result<Slice> {
        let book = self.book.clone();
        let pool = self.pool.clone();
        let version = &mut self.version;
        paced(d, &book, |_| {
            *version += 1;
            let v = *version;
            let pool = pool.clone();
            let book = book.clone();
            async move {
                sqlx::query(
                    "WITH i AS (INSERT INTO plain_events (tenant_id, stream_id, version, event_type, \
                     schema_version, payload, actor, command_id, correlation_id) \
                     VALUES (gen_random_uuid(), 'municipality-lag', $1, 'SelfCheckAnswerSaved', 1, \
                     '{\"round\": 1}', 'system', gen_random_uuid(), gen_random_uuid()) RETURNING version) \
                     SELECT pg_notify('bench_lag', version::text) FROM i",
                )
                .bind(v)
                .execute(&pool)
                .await?;
                book.lock().unwrap().commit((0, v), Instant::now());
                Ok(())
            }
        })
        .await
    }
}

pub async fn lag(cluster: &Cluster, settings: &Settings) -> anyhow::Result<Report> {
    let template = cluster.demo_template().await?;
    let url = cluster.create("lag", Some(&template)).await?;
    let server = start_server(&url).await?;
    let cookie = server.sign_in("team@lotse-demo.example").await?;
    let app = server.services.app.clone();
    let tenant = lotse_app::demo::tenant_id();
    // The self-check municipalities of the demo (16–22).
    let ids: Vec<MunicipalityId> = (16..23).map(lotse_app::demo::municipality_id).collect();
    let mut versions = Vec::new();
    for id in &ids {
        versions.push(app.municipality(tenant, *id).await?.1);
    }
    let (programme, _) = app
        .programme(tenant, lotse_app::demo::programme_id())
        .await?;
    let indicator = lotse_app::app::framework_of(&programme)
        .and_then(|f| {
            f.fields
                .first()
                .and_then(|f| f.indicators.first())
                .map(|i| i.id.clone())
        })
        .context("no indicator")?;

    // The subscriber: one WebSocket, one subscription per municipality.
    let book = Arc::new(Mutex::new(Book::default()));
    let ws_url = format!("{}/graphql/ws", server.base.replace("http://", "ws://"));
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(ws_url)?;
    request
        .headers_mut()
        .insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse()?);
    request.headers_mut().insert("Cookie", cookie.parse()?);
    // The server accepts sockets from its own pages only.
    request.headers_mut().insert("Origin", server.base.parse()?);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
    socket
        .send(Message::Text(
            json!({"type": "connection_init", "payload": {}})
                .to_string()
                .into(),
        ))
        .await?;
    for (i, id) in ids.iter().enumerate() {
        socket
            .send(Message::Text(
                json!({"id": i.to_string(), "type": "subscribe", "payload": {
                    "query": "subscription($id: ID!) { municipalityChanged(id: $id) { version } }",
                    "variables": {"id": id.to_string()}}})
                .to_string()
                .into(),
            ))
            .await?;
    }
    let (mut sink, mut stream) = socket.split();
    let lotse_book = book.clone();
    let reader = tokio::spawn(async move {
        while let Some(Ok(message)) = stream.next().await {
            let Message::Text(t) = message else { continue };
            let at = Instant::now();
            let Ok(v) = serde_json::from_str::<Value>(&t) else {
                continue;
            };
            match v["type"].as_str() {
                Some("next") => {
                    let i: usize = v["id"]
                        .as_str()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(usize::MAX);
                    if let Some(version) =
                        v["payload"]["data"]["municipalityChanged"]["version"].as_i64()
                    {
                        lotse_book.lock().unwrap().seen_up_to(i, version, at);
                    } else {
                        eprintln!("  lag: unexpected subscription message {v}");
                    }
                }
                Some("ping") => {
                    let _ = sink
                        .send(Message::Text(json!({"type": "pong"}).to_string().into()))
                        .await;
                }
                Some("error") => eprintln!("  lag: subscription error {v}"),
                _ => {}
            }
        }
    });
    // Let the subscriptions start.
    tokio::time::sleep(Duration::from_millis(300)).await;

    // The baseline: a plain table, a listener and a second connection for the SELECT.
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .connect(&url)
        .await?;
    sqlx::raw_sql("CREATE TABLE plain_events (LIKE events INCLUDING ALL)")
        .execute(&pool)
        .await?;
    let reader_pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await?;
    let mut listener = PgListener::connect(&url).await?;
    listener.listen("bench_lag").await?;
    let base_book = Arc::new(Mutex::new(Book::default()));
    let listener_book = base_book.clone();
    let listening = tokio::spawn(async move {
        while let Ok(n) = listener.recv().await {
            let Ok(v) = n.payload().parse::<i64>() else {
                continue;
            };
            let row: Result<Option<(i64,)>, _> = sqlx::query_as(
                "SELECT version FROM plain_events WHERE stream_id = 'municipality-lag' AND version = $1",
            )
            .bind(v)
            .fetch_optional(&reader_pool)
            .await;
            if let Ok(Some((version,))) = row {
                listener_book
                    .lock()
                    .unwrap()
                    .seen_up_to(0, version, Instant::now());
            }
        }
    });

    let mut base = BaselineLag {
        pool: pool.clone(),
        version: 0,
        book: base_book,
    };
    let mut lotse = LotseLag {
        app,
        tenant,
        ids,
        versions,
        indicator,
        book,
    };
    let slices = alternate(settings, "lag", &mut [&mut base, &mut lotse]).await;
    reader.abort();
    listening.abort();
    let slices = slices?;
    let mut it = slices.into_iter();
    let r = Report::latency(
        "lag",
        "INSERT + NOTIFY, LISTEN on a second connection, SELECT of the row on a third",
        it.next().unwrap_or_default(),
        it.next().unwrap_or_default(),
    );
    let pass = r.ratio_median <= 3.0 && r.lotse_p99_ms <= 50.0;
    let goal = format!("p99 ≤ 3× baseline, ≤ 50 ms ({:.1} ms)", r.lotse_p99_ms);
    let r = r.goal(&goal, pass).note(format!(
        "{RATE} events/s; lotse = App::append commit → municipalityChanged {{ version }} over the server's WebSocket (NOTIFY → Live fold → subscription)"
    ));
    pool.close().await;
    drop(server);
    cluster.drop_db(&url).await?;
    Ok(r)
}
