//! `rebuild`: fold the whole log into all projections (`Live::load`, as `lotse serve` does at
//! start and `lotse rebuild` does), against a sequential read of the same log. Each fold and
//! each read runs in a child process of its own (`bench __child fold|read URL`), so each has
//! its own peak memory (VmHWM).

use crate::harness::{Report, Settings, Side, Slice, alternate, median};
use crate::pg::{Cluster, open_store};
use anyhow::{Context as _, bail};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{Connection, Executor, PgConnection, Row};
use std::time::{Duration, Instant};

/// What a child measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChildReport {
    pub events: u64,
    pub secs: f64,
    pub rss_before_kb: u64,
    pub rss_after_kb: u64,
    pub hwm_kb: u64,
}

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// `bench __child fold URL` or `bench __child read URL`: one JSON line on stdout.
pub async fn child(args: &[String]) -> anyhow::Result<()> {
    let (Some(what), Some(url)) = (args.first(), args.get(1)) else {
        bail!("usage: bench __child fold|read URL");
    };
    let report = match what.as_str() {
        "fold" => {
            let store = open_store(url).await?;
            store.count().await?;
            let rss_before_kb = status_kb("VmRSS:");
            let t = Instant::now();
            let live = lotse_projections::Live::load(store).await?;
            let secs = t.elapsed().as_secs_f64();
            let events = live.read().await.events;
            ChildReport {
                events,
                secs,
                rss_before_kb,
                rss_after_kb: status_kb("VmRSS:"),
                hwm_kb: status_kb("VmHWM:"),
            }
        }
        "read" => {
            let mut c = PgConnection::connect(url).await?;
            c.execute("SELECT 1").await?;
            let rss_before_kb = status_kb("VmRSS:");
            let t = Instant::now();
            let events = read_log(&mut c).await?;
            ChildReport {
                events,
                secs: t.elapsed().as_secs_f64(),
                rss_before_kb,
                rss_after_kb: status_kb("VmRSS:"),
                hwm_kb: status_kb("VmHWM:"),
            }
        }
        other => bail!("unknown child {other}"),
    };
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}

/// The store's whole-log query, page by page, each column's bytes touched but not decoded.
async fn read_log(c: &mut PgConnection) -> anyhow::Result<u64> {
    let mut after = (0i64, 0i64);
    let mut n = 0u64;
    let mut bytes = 0usize;
    loop {
        let rows = sqlx::query(
            "SELECT seq, tx_id::text::bigint AS tx, tenant_id, stream_id, version, event_type, \
             schema_version, payload, actor, command_id, correlation_id, recorded_at FROM events \
             WHERE (tx_id, seq) > ($1::text::xid8, $2) \
               AND tx_id < pg_snapshot_xmin(pg_current_snapshot()) \
             ORDER BY tx_id, seq LIMIT 2000",
        )
        .bind(after.0.to_string())
        .bind(after.1)
        .fetch_all(&mut *c)
        .await?;
        let Some(last) = rows.last() else { break };
        after = (last.try_get("tx")?, last.try_get("seq")?);
        for row in &rows {
            for i in 0..row.len() {
                if let Ok(v) = row.try_get_raw(i) {
                    bytes += sqlx::ValueRef::is_null(&v) as usize;
                }
            }
        }
        n += rows.len() as u64;
    }
    std::hint::black_box(bytes);
    Ok(n)
}

/// A child process per slice.
struct ChildSide {
    what: &'static str,
    url: String,
    reports: Vec<ChildReport>,
}

#[async_trait]
impl Side for ChildSide {
    fn name(&self) -> String {
        if self.what == "fold" {
            "lotse".into()
        } else {
            "read".into()
        }
    }

    async fn slice(&mut self, _d: Duration) -> anyhow::Result<Slice> {
        let exe = std::env::current_exe()?;
        let out = tokio::process::Command::new(exe)
            .args(["__child", self.what, &self.url])
            .output()
            .await?;
        if !out.status.success() {
            bail!(
                "the {} child failed: {}",
                self.what,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let report: ChildReport =
            serde_json::from_str(text.lines().last().context("the child printed nothing")?)?;
        let slice = Slice {
            ops: 1,
            units: report.events,
            secs: report.secs,
            lat_us: vec![(report.secs * 1e6).min(f64::from(u32::MAX)) as u32],
            ..Slice::default()
        };
        self.reports.push(report);
        Ok(slice.finish())
    }
}

/// Copies the demo's municipality streams under new ids until the log holds `target` events.
async fn grow_log(c: &mut PgConnection, target: i64) -> anyhow::Result<i64> {
    let mut count: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&mut *c)
        .await?;
    let per_copy: i64 = sqlx::query_scalar("SELECT count(*) FROM bench_src")
        .fetch_one(&mut *c)
        .await?;
    while count < target {
        let copies = ((target - count) as f64 / per_copy as f64)
            .ceil()
            .clamp(1.0, (20_000 / per_copy).max(1) as f64) as i64;
        sqlx::query(
            "INSERT INTO events (tenant_id, stream_id, version, event_type, schema_version, payload, \
                                 actor, command_id, correlation_id, recorded_at) \
             SELECT s.tenant_id, 'municipality-' || m.new_id, s.version, s.event_type, s.schema_version, \
                    s.payload, s.actor, s.command_id, s.correlation_id, s.recorded_at \
             FROM (SELECT d.stream_id, gen_random_uuid() AS new_id \
                   FROM (SELECT DISTINCT stream_id FROM bench_src) d, generate_series(1, $1)) m \
             JOIN bench_src s ON s.stream_id = m.stream_id \
             ORDER BY m.new_id, s.version",
        )
        .bind(copies as i32)
        .execute(&mut *c)
        .await?;
        count += copies * per_copy;
    }
    c.execute("VACUUM (ANALYZE) events").await?;
    Ok(sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&mut *c)
        .await?)
}

struct SizeResult {
    events: i64,
    read: Vec<Slice>,
    fold: Vec<Slice>,
    folds: Vec<ChildReport>,
    ratios: Vec<f64>,
}

pub async fn rebuild(cluster: &Cluster, settings: &Settings) -> anyhow::Result<Report> {
    let sizes: [i64; 2] = if settings.quick {
        [10_000, 100_000]
    } else {
        [100_000, 1_000_000]
    };
    // --quick: two pairs per size, to stay under two minutes.
    let rounds = Settings {
        pairs: if settings.quick { 2 } else { settings.pairs },
        ..*settings
    };
    let template = cluster.demo_template().await?;
    let url = cluster.create("rebuild", Some(&template)).await?;
    let mut c = PgConnection::connect(&url).await?;
    c.execute(
        "CREATE TABLE bench_src AS SELECT * FROM events WHERE stream_id LIKE 'municipality-%'",
    )
    .await?;
    let mut results = Vec::new();
    for size in sizes {
        let t = Instant::now();
        let events = grow_log(&mut c, size).await?;
        eprintln!(
            "  rebuild: log grown to {events} events in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        let mut read = ChildSide {
            what: "read",
            url: url.clone(),
            reports: Vec::new(),
        };
        let mut fold = ChildSide {
            what: "fold",
            url: url.clone(),
            reports: Vec::new(),
        };
        let slices = alternate(
            &rounds,
            &format!("rebuild {events}"),
            &mut [&mut read, &mut fold],
        )
        .await?;
        let mut it = slices.into_iter();
        let (r, f) = (it.next().unwrap_or_default(), it.next().unwrap_or_default());
        for s in &f {
            anyhow::ensure!(
                s.units as i64 == events,
                "a fold saw {} of {events} events (a long transaction elsewhere in the cluster holds readers back)",
                s.units
            );
        }
        let ratios = r
            .iter()
            .zip(&f)
            .map(|(a, b)| b.rate() / a.rate().max(f64::MIN_POSITIVE))
            .collect();
        // The warm-up fold is the first report; keep the measured ones.
        let folds = fold.reports.split_off(1);
        results.push(SizeResult {
            events,
            read: r,
            fold: f,
            folds,
            ratios,
        });
    }
    c.close().await?;
    let small = &results[0];
    let big = &results[1];
    let rate = |s: &[Slice]| median(&s.iter().map(Slice::rate).collect::<Vec<_>>());
    let mb = |kb: f64| kb / 1024.0;
    let hwm = |r: &[ChildReport]| median(&r.iter().map(|x| x.hwm_kb as f64).collect::<Vec<_>>());
    let own = |r: &[ChildReport]| {
        median(
            &r.iter()
                .map(|x| x.rss_after_kb.saturating_sub(x.rss_before_kb) as f64)
                .collect::<Vec<_>>(),
        )
    };
    let (small_rate, big_rate) = (rate(&small.fold), rate(&big.fold));
    let flat = (big_rate - small_rate).abs() / small_rate.max(f64::MIN_POSITIVE);
    let (small_hwm, big_hwm) = (hwm(&small.folds), hwm(&big.folds));
    let (small_own, big_own) = (own(&small.folds), own(&big.folds));
    let allowed = 1.2 * small_hwm + (big_own - small_own).max(0.0);
    let memory_ok = big_hwm <= allowed;
    let small_ratio = median(&small.ratios);
    let label = |n: i64| {
        if n >= 1_000_000 {
            format!("{:.1}M", n as f64 / 1e6)
        } else {
            format!("{}k", n / 1000)
        }
    };
    let r = Report::throughput(
        "rebuild",
        "ev/s",
        &format!(
            "sequential read of the same log ({} events) with the store's query, pages of 2000, columns not decoded",
            big.events
        ),
        big.read.clone(),
        big.fold.clone(),
    );
    let big_ratio = r.ratio_median;
    let pass = r.ratio_median >= 0.3 && small_ratio >= 0.3 && flat <= 0.10 && memory_ok;
    let goal = format!(
        "≥ 0.3, flat ±10 % ({:+.0} %), memory",
        (big_rate / small_rate.max(f64::MIN_POSITIVE) - 1.0) * 100.0
    );
    let mut r = r.goal(&goal, pass)
        .note(format!(
            "at {}: read {:.0} ev/s, fold {:.0} ev/s, ratio {:.2}; at {}: read {:.0} ev/s, fold {:.0} ev/s, ratio {:.2}",
            label(small.events), rate(&small.read), small_rate, small_ratio,
            label(big.events), rate(&big.read), big_rate, big_ratio
        ))
        .note(format!(
            "peak memory (VmHWM) {}: {:.0} MB, {}: {:.0} MB; projections' own size (RSS after − before the fold) {:.0} MB and {:.0} MB; allowed at {}: 1.2 × {:.0} + {:.0} = {:.0} MB → {}",
            label(small.events), mb(small_hwm), label(big.events), mb(big_hwm),
            mb(small_own), mb(big_own), label(big.events), mb(small_hwm), mb((big_own - small_own).max(0.0)), mb(allowed),
            if memory_ok { "ok" } else { "over" }
        ));
    r.extra = json!({
        "sizes": results.iter().map(|s| json!({
            "events": s.events,
            "read_rate": rate(&s.read),
            "fold_rate": rate(&s.fold),
            "ratios": s.ratios,
            "folds": s.folds,
        })).collect::<Vec<_>>(),
        "flat": flat,
        "memory_ok": memory_ok,
    });
    cluster.drop_db(&url).await?;
    Ok(r)
}
