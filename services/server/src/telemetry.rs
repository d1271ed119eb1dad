//! Metrics at `/metrics` (Prometheus text format) on a listener of their own
//! (`LOTSE_METRICS_LISTEN`), never on the application's port, and per-request measurements.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's metrics recorder (installed on first use).
pub fn metrics() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        // A second server in the same process (tests) shares the first one's recorder.
        let _ = metrics::set_global_recorder(recorder);
        for name in [
            "lotse_http_requests_total",
            "lotse_graphql_errors_total",
            "lotse_events_appended_total",
            "lotse_projection_events_folded_total",
            "lotse_mails_sent_total",
            "lotse_mails_failed_total",
            "lotse_jobs_queued_total",
            "lotse_jobs_failed_total",
        ] {
            metrics::counter!(name).increment(0);
        }
        handle
    })
}

/// Where `/metrics` is served by default: this machine only.
pub const DEFAULT_METRICS_LISTEN: &str = "127.0.0.1:9464";

/// Serves `/metrics` on `listen` until the task ends; the address it listens on.
pub async fn serve_metrics(
    listen: &str,
) -> anyhow::Result<(std::net::SocketAddr, tokio::task::JoinHandle<()>)> {
    metrics();
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {listen} (LOTSE_METRICS_LISTEN): {e}"))?;
    let addr = listener.local_addr()?;
    let router = axum::Router::new().route(
        "/metrics",
        axum::routing::get(|| async { metrics().render() }),
    );
    let handle = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    });
    Ok((addr, handle))
}

/// Counts and times every request by route (never by raw path: ids stay out).
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("lotse_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("lotse_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// A mailer that counts what it sends and what fails, by kind of mail.
pub struct CountedMailer(pub std::sync::Arc<dyn lotse_app::mailer::Mailer>);

#[async_trait::async_trait]
impl lotse_app::mailer::Mailer for CountedMailer {
    async fn send(&self, mail: lotse_app::mailer::MailRequest) -> Result<(), String> {
        let kind = mail.kind;
        let result = self.0.send(mail).await;
        match &result {
            Ok(()) => metrics::counter!("lotse_mails_sent_total", "kind" => kind).increment(1),
            Err(_) => metrics::counter!("lotse_mails_failed_total", "kind" => kind).increment(1),
        }
        result
    }
}
