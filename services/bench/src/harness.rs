//! Slices, pairs, ratios and the report: the parts every case shares.
//!
//! A case has two or more sides (a baseline, sometimes a second baseline, and Lotse). After a
//! warm-up pair, the sides run one after another in slices of the same length, `pairs` times;
//! the ratio of each pair is Lotse's figure over the baseline's, and the case reports the
//! median ratio with its range.

use async_trait::async_trait;
use serde::Serialize;
use serde_json::{Value, json};
use std::io::Write;
use std::time::{Duration, Instant};

/// How long and how often.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub slice: Duration,
    pub warmup: Duration,
    pub pairs: usize,
    pub quick: bool,
}

/// What one side did in one slice.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Slice {
    /// Operations (transactions, requests, commands).
    pub ops: u64,
    /// Units counted by the case (events, rows, requests), usually `ops` times a constant.
    pub units: u64,
    pub secs: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Latency of every operation in microseconds (not written to the results).
    #[serde(skip)]
    pub lat_us: Vec<u32>,
}

impl Slice {
    /// Units per second.
    pub fn rate(&self) -> f64 {
        if self.secs > 0.0 {
            self.units as f64 / self.secs
        } else {
            0.0
        }
    }

    /// Computes the percentiles from the latencies.
    pub fn finish(mut self) -> Self {
        self.lat_us.sort_unstable();
        self.p50_ms = percentile_ms(&self.lat_us, 0.50);
        self.p99_ms = percentile_ms(&self.lat_us, 0.99);
        self
    }
}

/// A percentile of sorted microsecond latencies, in milliseconds.
pub fn percentile_ms(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i.min(sorted.len() - 1)]) / 1000.0
}

/// The median of some numbers (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut v: Vec<f64> = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Percentiles over every latency of several slices.
pub fn pooled(slices: &[Slice]) -> (f64, f64) {
    let mut all: Vec<u32> = slices
        .iter()
        .flat_map(|s| s.lat_us.iter().copied())
        .collect();
    all.sort_unstable();
    (percentile_ms(&all, 0.50), percentile_ms(&all, 0.99))
}

/// One side of a case: runs for about `d` and says what it did.
#[async_trait]
pub trait Side: Send {
    /// A short name for the report (`pgbench`, `sqlx`, `lotse`).
    fn name(&self) -> String;
    async fn slice(&mut self, d: Duration) -> anyhow::Result<Slice>;
}

/// Runs a warm-up pair, then `pairs` rounds of every side in turn. Returns the slices of each
/// side (warm-up excluded), in the order of `sides`.
pub async fn alternate(
    settings: &Settings,
    case: &str,
    sides: &mut [&mut dyn Side],
) -> anyhow::Result<Vec<Vec<Slice>>> {
    let mut out = vec![Vec::new(); sides.len()];
    for round in 0..=settings.pairs {
        for (i, side) in sides.iter_mut().enumerate() {
            let d = if round == 0 {
                settings.warmup
            } else {
                settings.slice
            };
            let s = side.slice(d).await?;
            eprintln!(
                "  {case} {} {:<8} {:>12.1}/s  p50 {:>7.2} ms  p99 {:>7.2} ms",
                if round == 0 {
                    "warm-up".to_string()
                } else {
                    format!("pair {round}")
                },
                side.name(),
                s.rate(),
                s.p50_ms,
                s.p99_ms
            );
            if round > 0 {
                out[i].push(s);
            }
        }
    }
    Ok(out)
}

/// Work done by one concurrent client, one operation per call.
#[async_trait]
pub trait Op: Send + 'static {
    /// Runs one operation; returns the units it did (e.g. events appended).
    async fn run(&mut self) -> anyhow::Result<u64>;
}

/// Concurrent clients, each running operations back to back until the slice ends.
pub struct Clients<W: Op> {
    pub name: String,
    pub workers: Vec<W>,
}

impl<W: Op> Clients<W> {
    pub fn new(name: &str, workers: Vec<W>) -> Self {
        Self {
            name: name.into(),
            workers,
        }
    }
}

#[async_trait]
impl<W: Op> Side for Clients<W> {
    fn name(&self) -> String {
        self.name.clone()
    }

    async fn slice(&mut self, d: Duration) -> anyhow::Result<Slice> {
        let start = Instant::now();
        let deadline = start + d;
        let tasks: Vec<_> = std::mem::take(&mut self.workers)
            .into_iter()
            .map(|mut w| {
                tokio::spawn(async move {
                    let mut lat = Vec::with_capacity(4096);
                    let mut units = 0u64;
                    let mut result = Ok(());
                    while Instant::now() < deadline {
                        let t = Instant::now();
                        match w.run().await {
                            Ok(n) => units += n,
                            Err(e) => {
                                result = Err(e);
                                break;
                            }
                        }
                        lat.push(t.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
                    }
                    (w, lat, units, result)
                })
            })
            .collect();
        let mut slice = Slice::default();
        let mut first_error = None;
        for t in tasks {
            let (w, lat, units, result) = t.await?;
            self.workers.push(w);
            slice.ops += lat.len() as u64;
            slice.units += units;
            slice.lat_us.extend(lat);
            if let Err(e) = result {
                first_error.get_or_insert(e);
            }
        }
        slice.secs = start.elapsed().as_secs_f64();
        if let Some(e) = first_error {
            return Err(e.context(format!("{} failed", self.name)));
        }
        Ok(slice.finish())
    }
}

/// What a case found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub case: String,
    /// What the baseline is, e.g. `pgbench INSERT, 16 clients`.
    pub baseline_label: String,
    /// The figure shown for each side, e.g. `5123 ev/s`.
    pub baseline_shown: String,
    pub lotse_shown: String,
    pub ratios: Vec<f64>,
    pub ratio_median: f64,
    pub ratio_min: f64,
    pub ratio_max: f64,
    /// `lotse/baseline throughput` or `lotse/baseline p99` (where lower is better).
    pub ratio_kind: String,
    pub goal: String,
    pub pass: bool,
    pub baseline_p50_ms: f64,
    pub baseline_p99_ms: f64,
    pub lotse_p50_ms: f64,
    pub lotse_p99_ms: f64,
    /// Sentences printed under the line (other baselines, sizes, memory).
    pub notes: Vec<String>,
    pub baseline_slices: Vec<Slice>,
    pub lotse_slices: Vec<Slice>,
    pub extra: Value,
}

impl Report {
    /// A throughput report: ratio per pair = Lotse's rate over the baseline's.
    pub fn throughput(
        case: &str,
        unit: &str,
        baseline_label: &str,
        baseline: Vec<Slice>,
        lotse: Vec<Slice>,
    ) -> Self {
        let ratios: Vec<f64> = baseline
            .iter()
            .zip(&lotse)
            .map(|(b, l)| l.rate() / b.rate().max(f64::MIN_POSITIVE))
            .collect();
        let b_rate = median(&baseline.iter().map(Slice::rate).collect::<Vec<_>>());
        let l_rate = median(&lotse.iter().map(Slice::rate).collect::<Vec<_>>());
        let mut r = Self::new(case, baseline_label, baseline, lotse, ratios);
        r.baseline_shown = format!("{} {unit}", rate_text(b_rate));
        r.lotse_shown = format!("{} {unit}", rate_text(l_rate));
        r.ratio_kind = "lotse/baseline throughput".into();
        r
    }

    /// A latency report: ratio per pair = Lotse's p99 over the baseline's.
    pub fn latency(
        case: &str,
        baseline_label: &str,
        baseline: Vec<Slice>,
        lotse: Vec<Slice>,
    ) -> Self {
        let ratios: Vec<f64> = baseline
            .iter()
            .zip(&lotse)
            .map(|(b, l)| l.p99_ms / b.p99_ms.max(0.001))
            .collect();
        let mut r = Self::new(case, baseline_label, baseline, lotse, ratios);
        r.baseline_shown = format!("p99 {:.2} ms", r.baseline_p99_ms);
        r.lotse_shown = format!("p99 {:.2} ms", r.lotse_p99_ms);
        r.ratio_kind = "lotse/baseline p99 latency".into();
        r
    }

    fn new(
        case: &str,
        baseline_label: &str,
        baseline: Vec<Slice>,
        lotse: Vec<Slice>,
        ratios: Vec<f64>,
    ) -> Self {
        let (bp50, bp99) = pooled(&baseline);
        let (lp50, lp99) = pooled(&lotse);
        Self {
            case: case.into(),
            baseline_label: baseline_label.into(),
            baseline_shown: String::new(),
            lotse_shown: String::new(),
            ratio_median: median(&ratios),
            ratio_min: ratios.iter().copied().fold(f64::INFINITY, f64::min),
            ratio_max: ratios.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            ratios,
            ratio_kind: String::new(),
            goal: String::new(),
            pass: false,
            baseline_p50_ms: bp50,
            baseline_p99_ms: bp99,
            lotse_p50_ms: lp50,
            lotse_p99_ms: lp99,
            notes: Vec::new(),
            baseline_slices: baseline,
            lotse_slices: lotse,
            extra: json!({}),
        }
    }

    /// Sets the goal text and whether it was met.
    pub fn goal(mut self, goal: &str, pass: bool) -> Self {
        self.goal = goal.into();
        self.pass = pass;
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The one line of the table (and the notes under it).
    pub fn line(&self) -> String {
        let mut out = format!(
            "{:<8} {:<20} {:<20} {:>5.2} [{:.2}–{:.2}]  {:<34} {}",
            self.case,
            self.baseline_shown,
            self.lotse_shown,
            self.ratio_median,
            self.ratio_min,
            self.ratio_max,
            self.goal,
            if self.pass { "PASS" } else { "FAIL" }
        );
        out.push_str(&format!(
            "\n         p50/p99 baseline {:.2}/{:.2} ms, lotse {:.2}/{:.2} ms; baseline: {}",
            self.baseline_p50_ms,
            self.baseline_p99_ms,
            self.lotse_p50_ms,
            self.lotse_p99_ms,
            self.baseline_label
        ));
        for n in &self.notes {
            out.push_str("\n         ");
            out.push_str(n);
        }
        out
    }
}

/// The table's header.
pub fn header() -> String {
    format!(
        "{:<8} {:<20} {:<20} {:<18} {:<34} {}",
        "case", "baseline", "lotse", "ratio med [min–max]", "goal", "result"
    )
}

/// A rate for people: 1234, 12.3k.
pub fn rate_text(r: f64) -> String {
    if r >= 10_000.0 {
        format!("{:.1}k", r / 1000.0)
    } else if r >= 100.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// Appends a report as one JSON line.
pub fn append_result(
    path: &std::path::Path,
    settings: &Settings,
    run_id: &str,
    report: &Report,
) -> anyhow::Result<()> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let line = json!({
        "run": run_id,
        "at": chrono::Utc::now().to_rfc3339(),
        "quick": settings.quick,
        "slice_secs": settings.slice.as_secs_f64(),
        "pairs": settings.pairs,
        "git": git_head(),
        "report": report,
    });
    writeln!(f, "{line}")?;
    Ok(())
}

fn git_head() -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}
