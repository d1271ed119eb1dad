//! `/metrics` exposes the series operators watch, on its own listener: the application's
//! port does not serve it, so whatever routes the application does not publish it.

use lotse_tests::TestDb;
use lotse_tests::spawn::{PUBLIC_URL, spawn_app, spawn_app_configured};

/// The text of `/metrics` on the metrics listener at `base`.
async fn metrics_text(base: &str) -> String {
    reqwest::get(format!("{base}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

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
    let body = metrics_text(&app.metrics_base).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_application_port_serves_no_metrics() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let response = reqwest::get(format!("{}/metrics", app.base)).await.unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::NOT_FOUND);
    let body = metrics_text(&app.metrics_base).await;
    assert!(body.contains("lotse_http_requests_total"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_https_installation_tells_browsers_to_stay_on_https_and_a_plain_http_one_does_not() {
    let hsts = |response: &reqwest::Response| {
        response
            .headers()
            .get(reqwest::header::STRICT_TRANSPORT_SECURITY)
            .map(|v| v.to_str().unwrap().to_string())
    };
    let secure = spawn_app_configured(TestDb::sqlite().await, |config| {
        config.public_url = "https://lotse.example.org".into();
    })
    .await;
    for path in ["/health", "/interesse", "/graphql?query=%7B__typename%7D"] {
        let response = reqwest::get(format!("{}{path}", secure.base))
            .await
            .unwrap();
        assert_eq!(
            hsts(&response).as_deref(),
            Some("max-age=31536000; includeSubDomains"),
            "{path}"
        );
    }
    let plain = spawn_app(TestDb::sqlite().await).await;
    assert!(PUBLIC_URL.starts_with("http://"));
    let response = reqwest::get(format!("{}/health", plain.base))
        .await
        .unwrap();
    assert_eq!(
        hsts(&response),
        None,
        "no HSTS over plain http (development)"
    );
}
