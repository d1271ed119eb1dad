//! The public forms as a stranger meets them: the plain HTML interest form and the sign-in
//! link page never turn posted text into markup, the form's fill time is measured by the
//! server, and sign-in posts from other sites are refused.

use lotse_tests::TestDb;
use lotse_tests::spawn::spawn_app;

/// What an attacker posts into every field of the plain form.
const PAYLOAD: &str = "\"><script>alert(1)</script>";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_plain_interest_form_shows_posted_markup_as_text_when_it_shows_errors() {
    let app = spawn_app(TestDb::sqlite().await).await;
    app.create_tenant("Escape").await;
    let fields: Vec<(&str, String)> = [
        "municipalityName",
        "population",
        "name",
        "role",
        "email",
        "phone",
        "motivation",
        "bundesland",
        "kind",
        "programmeId",
        "formStartedAt",
        "formToken",
    ]
    .into_iter()
    .map(|k| (k, PAYLOAD.to_string()))
    .chain([("language", "de".to_string())])
    .collect();
    let response = reqwest::Client::new()
        .post(format!("{}/interesse", app.base))
        .form(&fields)
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(
        !html.contains("<script>alert(1)</script>"),
        "a posted script never becomes markup: {html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;"),
        "what was typed is shown back as text: {html}"
    );
}
