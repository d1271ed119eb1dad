//! `jobs`: reminder delivery through apalis (the product's `Jobs`: outbox claim, enqueue,
//! worker, `deliver`, SMTP, `ReminderSent` record) to an SMTP sink in this process, against a
//! claim+ack of a queue row with `FOR UPDATE SKIP LOCKED` in pgbench. Then 10,000 reminders
//! (500 with --quick) are enqueued at once and timed until the last one is recorded.

use crate::harness::{Report, Settings, Side, Slice, alternate};
use crate::pg::{Cluster, Pgbench, open_store};
use anyhow::Context as _;
use async_trait::async_trait;
use lotse_app::App;
use lotse_domain::reminders::Step;
use lotse_domain::tasks::TaskState;
use lotse_jobs::{Delivery, Jobs, JobsConfig};
use lotse_projections::Live;
use serde_json::json;
use sqlx::{Connection, Executor, PgConnection};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// Deliveries one worker runs at once (the product's default) and workers started.
pub const CONCURRENCY: usize = 4;
pub const WORKERS: usize = 1;

/// An SMTP server that accepts every mail and counts it (220/250/354/250/221).
pub async fn smtp_sink() -> anyhow::Result<(u16, Arc<AtomicU64>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let count = Arc::new(AtomicU64::new(0));
    let counter = count.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                if write.write_all(b"220 sink ESMTP\r\n").await.is_err() {
                    return;
                }
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    let reply: &[u8] = if in_data {
                        if line == "." {
                            in_data = false;
                            counter.fetch_add(1, Ordering::Relaxed);
                            b"250 queued\r\n"
                        } else {
                            continue;
                        }
                    } else {
                        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                        match verb.as_str() {
                            "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
                            "DATA" => {
                                in_data = true;
                                b"354 go ahead\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                return;
                            }
                            _ => b"250 ok\r\n",
                        }
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    Ok((port, count))
}

/// The reminders of every open task of every municipality (one per reminder step), ordered so
/// that consecutive deliveries touch different municipalities.
async fn reminders(live: &Live) -> Vec<Delivery> {
    let p = live.read().await;
    let mut per_step: Vec<Vec<Delivery>> = Vec::new();
    for (tenant, t) in &p.tenants {
        for (id, view) in &t.municipalities {
            let Some(settings) = t.settings_of(view) else {
                continue;
            };
            if view.state.stage().is_final() {
                continue;
            }
            let steps = Step::all(&settings.reminders);
            for task in view.tasks(settings) {
                if task.state != TaskState::Open {
                    continue;
                }
                for (k, step) in steps.iter().enumerate() {
                    if per_step.len() <= k {
                        per_step.resize_with(k + 1, Vec::new);
                    }
                    per_step[k].push(Delivery {
                        tenant: tenant.0,
                        municipality: id.0,
                        task: task.key.clone(),
                        step: step.to_string(),
                        due: task.due,
                    });
                }
            }
        }
    }
    per_step.into_iter().flatten().collect()
}

/// Finished deliveries so far (recorded, or failed for good).
async fn finished(c: &mut PgConnection) -> anyhow::Result<i64> {
    let far = chrono::Utc::now().timestamp() + 300 * 86_400;
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM mail_outbox WHERE lease_until > $1 OR failed_at IS NOT NULL",
    )
    .bind(far as i32)
    .fetch_one(&mut *c)
    .await?)
}

/// Enqueues `batch` (the scan's path: outbox claim, then the apalis job) and waits until every
/// one is finished. Returns (seconds to enqueue, seconds until the last was finished).
async fn deliver_batch(
    jobs: &Jobs,
    c: &mut PgConnection,
    batch: &[Delivery],
    limit: Duration,
) -> anyhow::Result<(f64, f64)> {
    let before = finished(c).await?;
    let start = Instant::now();
    let now = chrono::Utc::now().timestamp();
    for d in batch {
        anyhow::ensure!(
            jobs.outbox.claim(&d.key(), now, 600).await?,
            "reminder claimed twice"
        );
        jobs.enqueue(d).await?;
    }
    let enqueued = start.elapsed().as_secs_f64();
    let target = before + batch.len() as i64;
    loop {
        let done = finished(c).await?;
        if done >= target {
            return Ok((enqueued, start.elapsed().as_secs_f64()));
        }
        if start.elapsed() > limit {
            anyhow::bail!(
                "only {} of {} reminders finished within {} s",
                done - before,
                batch.len(),
                limit.as_secs()
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

struct LotseJobs {
    jobs: Jobs,
    conn: PgConnection,
    pending: Vec<Delivery>,
    rate: f64,
    sink: Arc<AtomicU64>,
}

#[async_trait]
impl Side for LotseJobs {
    fn name(&self) -> String {
        "lotse".into()
    }

    async fn slice(&mut self, d: Duration) -> anyhow::Result<Slice> {
        // A batch that takes about one slice at the rate seen so far.
        let n = ((self.rate * d.as_secs_f64()) as usize).clamp(20, self.pending.len());
        let batch: Vec<Delivery> = self.pending.drain(..n).collect();
        let mails = self.sink.load(Ordering::Relaxed);
        let (_, secs) =
            deliver_batch(&self.jobs, &mut self.conn, &batch, Duration::from_secs(120)).await?;
        let sent = self.sink.load(Ordering::Relaxed) - mails;
        anyhow::ensure!(
            sent >= n as u64,
            "{n} reminders finished but the sink got {sent} mails"
        );
        self.rate = n as f64 / secs;
        Ok(Slice {
            ops: n as u64,
            units: n as u64,
            secs,
            ..Slice::default()
        })
    }
}

pub async fn jobs(cluster: &Cluster, settings: &Settings) -> anyhow::Result<Report> {
    let big: usize = if settings.quick { 500 } else { 10_000 };
    let template = cluster.demo_template().await?;
    let url = cluster.create("jobs", Some(&template)).await?;
    let store = open_store(&url).await?;

    // Enough municipalities with open tasks: copies of the demo's municipality streams.
    let live = Live::load(store.clone()).await?;
    let per_copy = reminders(&live).await.len().max(1);
    drop(live);
    let needed =
        big + 300 * (settings.pairs + 1) * (settings.slice.as_secs() as usize).max(1) + 2_000;
    let copies = needed.div_ceil(per_copy);
    let mut c = PgConnection::connect(&url).await?;
    c.execute(
        "CREATE TABLE bench_src AS SELECT * FROM events WHERE stream_id LIKE 'municipality-%'",
    )
    .await?;
    let mut left = copies as i32;
    while left > 0 {
        let k = left.min(20);
        sqlx::query(
            "INSERT INTO events (tenant_id, stream_id, version, event_type, schema_version, payload, \
                                 actor, command_id, correlation_id, recorded_at) \
             SELECT s.tenant_id, 'municipality-' || m.new_id, s.version, s.event_type, s.schema_version, \
                    s.payload, s.actor, s.command_id, s.correlation_id, s.recorded_at \
             FROM (SELECT d.stream_id, gen_random_uuid() AS new_id \
                   FROM (SELECT DISTINCT stream_id FROM bench_src) d, generate_series(1, $1)) m \
             JOIN bench_src s ON s.stream_id = m.stream_id ORDER BY m.new_id, s.version",
        )
        .bind(k)
        .execute(&mut c)
        .await?;
        left -= k;
    }
    c.execute("VACUUM (ANALYZE) events").await?;

    let (port, sink) = smtp_sink().await?;
    let mut smtp = lotse_mail::SmtpConfig::new("127.0.0.1", port);
    smtp.security = lotse_mail::Security::None;
    smtp.pool_size = (CONCURRENCY * WORKERS) as u32;
    let mailer = lotse::mail::TemplateMailer::new(lotse::mail::MailConfig {
        transport: lotse_mail::TransportConfig::Smtp(smtp),
        from: "Weltoffene Kommune <lotse@127.0.0.1>".into(),
        domain: "127.0.0.1".into(),
        programme: "Weltoffene Kommune".into(),
    })?;
    let live = Live::start(store.clone()).await?;
    let mut config = JobsConfig::new("http://127.0.0.1");
    config.concurrency = CONCURRENCY;
    let jobs = Jobs::connect(
        &url,
        live.clone(),
        lotse_app::accounts::Accounts {
            app: App::new(store.clone()),
            ops: lotse_eventstore::open(&url, lotse_eventstore::Upcasters::default())
                .await?
                .ops,
        },
        Arc::new(lotse::telemetry::CountedMailer(Arc::new(mailer))),
        config,
    )
    .await?;
    let all = reminders(&live).await;
    anyhow::ensure!(
        all.len() >= needed,
        "only {} reminders for {needed}",
        all.len()
    );
    let workers: Vec<_> = (0..WORKERS).map(|_| jobs.spawn_worker()).collect();

    // The baseline: a queue of rows with the payload of a delivery, claimed and acknowledged.
    let payload = serde_json::to_string(&all[0])?.replace('\'', "''");
    sqlx::raw_sql(sqlx::AssertSqlSafe(
        "CREATE TABLE bench_queue (id BIGSERIAL PRIMARY KEY, payload JSONB NOT NULL, locked_at TIMESTAMPTZ)".to_string(),
    ))
    .execute(&mut c)
    .await?;
    let rows = 80_000 * (settings.slice.as_secs() as usize).max(1);
    let clients = CONCURRENCY * WORKERS;
    let mut pgbench = Pgbench::new(
        "pgbench",
        &url,
        "UPDATE bench_queue SET locked_at = now() WHERE id = (SELECT id FROM bench_queue \
         WHERE locked_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id \\gset\n\
         DELETE FROM bench_queue WHERE id = :id;\n",
        clients,
        1,
    )?;
    pgbench.before = Some(format!(
        "TRUNCATE bench_queue; INSERT INTO bench_queue (payload) SELECT '{payload}'::jsonb FROM generate_series(1, {rows}); ANALYZE bench_queue"
    ));

    let mut it = all.into_iter();
    let mut lotse = LotseJobs {
        jobs: jobs.clone(),
        conn: PgConnection::connect(&url).await?,
        pending: it.by_ref().take(needed - big).collect(),
        rate: 100.0,
        sink: sink.clone(),
    };
    let slices = alternate(settings, "jobs", &mut [&mut pgbench, &mut lotse]).await?;
    let mut s = slices.into_iter();
    let r = Report::throughput(
        "jobs",
        "jobs/s",
        &format!(
            "pgbench: claim (UPDATE … FOR UPDATE SKIP LOCKED) + ack (DELETE) of a queue row, {clients} clients"
        ),
        s.next().unwrap_or_default(),
        s.next().unwrap_or_default(),
    );

    // The big batch, as a scan would enqueue it.
    let batch: Vec<Delivery> = it.take(big).collect();
    let mails = sink.load(Ordering::Relaxed);
    let (enqueue_secs, total_secs) = deliver_batch(&jobs, &mut c, &batch, Duration::from_secs(300))
        .await
        .context("the big batch")?;
    let sent = sink.load(Ordering::Relaxed) - mails;
    // 10,000 in 60 s; the same rate for --quick's 500.
    let limit = 60.0 * big as f64 / 10_000.0;
    let pass = r.ratio_median >= 0.25 && total_secs <= limit && sent >= big as u64;
    let goal = format!("≥ 0.25; {big} in ≤ {limit:.0} s ({total_secs:.1} s)");
    let mut r = r
        .goal(&goal, pass)
        .note(format!(
            "{big} reminders: enqueued (outbox claim + apalis push) in {enqueue_secs:.1} s, all sent and recorded after {total_secs:.1} s ({:.0}/s); the sink got {sent} mails",
            big as f64 / total_secs
        ))
        .note(format!(
            "{WORKERS} apalis worker(s) × concurrency {CONCURRENCY} (the product's default), lettre SMTP pool of {} to an in-process sink; per lotse slice a batch sized to last about one slice, timed from the first enqueue to the last record",
            CONCURRENCY * WORKERS
        ));
    r.extra =
        json!({ "big": big, "enqueue_secs": enqueue_secs, "total_secs": total_secs, "sent": sent });
    for w in workers {
        w.abort();
    }
    drop(lotse);
    drop(jobs);
    drop(live);
    drop(store);
    c.close().await?;
    cluster.drop_db(&url).await?;
    Ok(r)
}
