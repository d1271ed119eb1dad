//! `bench`: how close Lotse is to the machine's limits. Every case runs against a plain
//! baseline of the same shape in the same run, in alternating slices, and prints one line:
//! case, baseline, lotse, median ratio [min–max], goal, PASS/FAIL (see README, Benchmarks).

mod harness;
mod http;
mod jobs;
mod lag;
mod pg;
mod rebuild;
mod store;

use anyhow::bail;
use clap::Parser;
use harness::{Report, Settings};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Every case, in the order `all` runs them.
const CASES: [&str; 9] = [
    "append", "append10", "load", "rebuild", "lag", "board", "trivial", "jobs", "sqlite",
];

#[derive(Parser, Debug)]
#[command(
    name = "bench",
    about = "Benchmarks Lotse against plain baselines in the same run",
    after_help = "Cases: append, append10, load, rebuild, lag, board, trivial, jobs, sqlite, or all."
)]
struct Cli {
    /// Short slices and small sizes: finishes in under two minutes.
    #[arg(long)]
    quick: bool,
    /// Where each case's result is appended as a JSON line.
    #[arg(long, default_value = "target/bench-results.jsonl")]
    results: PathBuf,
    /// A PostgreSQL role that may create databases (the benchmark creates `lotse_bench_*`
    /// databases and drops them afterwards).
    #[arg(
        long,
        env = "LOTSE_BENCH_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    database_url: String,
    /// Seconds per slice (default 5, or 1 with --quick).
    #[arg(long)]
    slice: Option<f64>,
    /// Measured pairs after the warm-up (default 5, or 3 with --quick).
    #[arg(long)]
    pairs: Option<usize>,
    /// The cases to run.
    #[arg(default_value = "all")]
    cases: Vec<String>,
}

fn main() -> anyhow::Result<()> {
    // The rebuild case measures each fold in a child process of its own.
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("__child") {
        return runtime()?.block_on(rebuild::child(&args[2..]));
    }
    let cli = Cli::parse();
    runtime()?.block_on(run(cli))
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut cases: Vec<&str> = Vec::new();
    for c in &cli.cases {
        if c == "all" {
            cases.extend(CASES);
        } else if let Some(known) = CASES.iter().find(|k| **k == c.as_str()) {
            cases.push(known);
        } else {
            bail!(
                "unknown case {c}; the cases are {} or all",
                CASES.join(", ")
            );
        }
    }
    let slice = cli.slice.unwrap_or(if cli.quick { 1.0 } else { 5.0 });
    let settings = Settings {
        slice: Duration::from_secs_f64(slice),
        warmup: Duration::from_secs_f64(slice),
        pairs: cli.pairs.unwrap_or(if cli.quick { 3 } else { 5 }),
        quick: cli.quick,
    };
    let cluster = pg::Cluster::new(cli.database_url.clone());
    let started = Instant::now();
    let run_id = uuid::Uuid::now_v7().to_string();
    eprintln!(
        "bench {}: {} pairs of {:.0} s slices after a warm-up; PostgreSQL {}",
        if cli.quick { "--quick" } else { "(full)" },
        settings.pairs,
        slice,
        cluster.durability().await?
    );
    let mut reports: Vec<Report> = Vec::new();
    let mut failures = Vec::new();
    for case in cases {
        eprintln!("{case}:");
        let t = Instant::now();
        let result = run_case(case, &cluster, &settings).await;
        match result {
            Ok(mut r) => {
                r.extra["case_secs"] = serde_json::json!(t.elapsed().as_secs_f64());
                println!("{}\n{}", harness::header(), r.line());
                harness::append_result(&cli.results, &settings, &run_id, &r)?;
                reports.push(r);
            }
            Err(e) => {
                eprintln!("{case} failed to run: {e:#}");
                failures.push(case);
            }
        }
    }
    cluster.drop_all().await;
    println!(
        "\n=== {} run, {:.0} s, {} pairs × {:.0} s slices; results appended to {}",
        if cli.quick { "quick" } else { "full" },
        started.elapsed().as_secs_f64(),
        settings.pairs,
        slice,
        cli.results.display()
    );
    println!("{}", harness::header());
    for r in &reports {
        println!("{}", r.line());
    }
    if !failures.is_empty() {
        bail!("cases that could not run: {}", failures.join(", "));
    }
    Ok(())
}

async fn run_case(
    case: &str,
    cluster: &pg::Cluster,
    settings: &Settings,
) -> anyhow::Result<Report> {
    match case {
        "append" => store::append(cluster, settings, 1).await,
        "append10" => store::append(cluster, settings, 10).await,
        "load" => store::load(cluster, settings).await,
        "rebuild" => rebuild::rebuild(cluster, settings).await,
        "lag" => lag::lag(cluster, settings).await,
        "board" | "trivial" => http::http_case(cluster, settings, case).await,
        "jobs" => jobs::jobs(cluster, settings).await,
        "sqlite" => store::sqlite(settings).await,
        other => bail!("unknown case {other}"),
    }
}
