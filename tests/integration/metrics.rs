//! `/metrics` exposes the series operators watch.

use lotse_tests::TestDb;
use lotse_tests::spawn::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_name_requests_errors_events_projection_lag_jobs_and_mails() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let staff = app.create_tenant("Metrik").await;
    let _ = staff;
    // One failing GraphQL request, so the error series has a code.
    let anonymous = app.client();
    anonymous
        .gql("{ me { name } }", serde_json::json!({}))
        .await;
    let body = reqwest::get(format!("{}/metrics", app.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for series in [
        "lotse_http_requests_total",
        "lotse_http_request_duration_seconds",
        "lotse_graphql_errors_total{code=\"UNAUTHENTICATED\"}",
        "lotse_events_appended_total",
        "lotse_projection_events_folded_total",
        "lotse_projection_lag_seconds",
        "lotse_jobs_queued_total",
        "lotse_jobs_failed_total",
        "lotse_mails_sent_total",
        "lotse_mails_failed_total",
    ] {
        assert!(body.contains(series), "/metrics lacks {series}:\n{body}");
    }
    assert!(
        !body.contains('@'),
        "no e-mail address (or any personal data) in metrics"
    );
}
