//! The public forms as a stranger meets them: the plain HTML interest form and the sign-in
//! link page never turn posted text into markup, the form's fill time is measured by the
//! server, and sign-in posts from other sites are refused.

use crate::api::{SUBMIT_INTEREST, interest, municipality_by_name, post_plain_interest};
use lotse_tests::TestDb;
use lotse_tests::spawn::{Client, PUBLIC_URL, spawn_app};
use serde_json::{Value, json};
use std::time::Duration;

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

/// The reason of the only field error of a refused `submitInterest`.
fn form_refusal(body: &Value) -> (String, String) {
    let fields = body["errors"][0]["extensions"]["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("refused with field errors: {body}"));
    assert_eq!(fields.len(), 1, "{body}");
    (
        fields[0]["field"].as_str().unwrap().to_string(),
        fields[0]["reason"].as_str().unwrap().to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_minimum_fill_time_counts_from_a_token_the_server_signed_not_from_the_client() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let staff = app.create_tenant("Token").await;
    let team = app.sign_in(&staff.team.email).await;
    let programme = staff.programme.to_string();
    let public = app.client();
    let token = |client: &Client| {
        let client = client.clone();
        async move {
            client.data("{ interestFormToken }", json!({})).await["interestFormToken"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let fresh = token(&public).await;
    let (_, signature) = fresh.split_once('.').expect("issue time and signature");
    let an_hour_ago = chrono::Utc::now().timestamp_millis() - 3_600_000;
    let without = interest(&programme, "Alsfeld", "antrag@alsfeld.example");
    let with = |token: &str| {
        let mut form = without.clone();
        form["formToken"] = json!(token);
        form
    };
    for (what, form) in [
        ("no token (an old client, a robot)", without.clone()),
        ("a token just fetched", with(&fresh)),
        (
            "a token with a made-up earlier time",
            with(&format!("{an_hour_ago}.{signature}")),
        ),
        ("a made-up token", with("0.00")),
    ] {
        let body = public.gql(SUBMIT_INTEREST, json!({ "input": form })).await;
        assert!(body["data"].is_null(), "{what}: refused: {body}");
        assert_eq!(
            form_refusal(&body),
            ("form".to_string(), "too_fast".to_string()),
            "{what}"
        );
    }
    assert_eq!(
        municipality_by_name(&team, "Alsfeld").await,
        None,
        "nothing was created"
    );

    // Three seconds later the fetched token is good, on every server of the installation.
    tokio::time::sleep(Duration::from_millis(3_100)).await;
    let other = app.another_server().await;
    let body = other
        .client()
        .gql(SUBMIT_INTEREST, json!({ "input": with(&fresh) }))
        .await;
    assert_eq!(body["data"]["submitInterest"]["received"], true, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_form_left_open_for_more_than_a_day_asks_to_be_reloaded() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let staff = app.create_tenant("Expired").await;
    let day_and_hour = 25 * 3_600_000;
    let old = app
        .services
        .form_key
        .issue(chrono::Utc::now().timestamp_millis() - day_and_hour);
    let mut form = interest(
        &staff.programme.to_string(),
        "Schotten",
        "antrag@schotten.example",
    );
    form["formToken"] = json!(old);
    let body = app
        .client()
        .gql(SUBMIT_INTEREST, json!({ "input": form }))
        .await;
    assert_eq!(
        form_refusal(&body),
        ("form".to_string(), "form_expired".to_string())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_plain_interest_form_carries_a_signed_token_and_refuses_a_post_without_one() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let staff = app.create_tenant("Plain").await;
    let page = reqwest::get(format!("{}/interesse", app.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "name=\"formToken\" value=\"";
    let start = page.find(marker).expect("a token field") + marker.len();
    let token = &page[start..start + page[start..].find('"').unwrap()];
    assert!(
        app.services.form_key.verify(token).is_some(),
        "signed by the server: {token}"
    );
    let mut fields = crate::api::plain_interest(
        &staff.programme.to_string(),
        "en",
        "Lauterbach",
        "erika@lauterbach.example",
    );
    let (status, html) = post_plain_interest(&app.base, &fields, None).await;
    assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("The form was sent unusually quickly."),
        "{html}"
    );
    fields.push(("formToken", app.form_token()));
    let (status, html) = post_plain_interest(&app.base, &fields, None).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{html}");
}

/// Posts the plain sign-in form with `token` and extra `headers`, as a browser without
/// redirects; the status and whether a session cookie was set.
async fn post_sign_in_form(
    base: &str,
    token: &str,
    headers: &[(&str, &str)],
) -> (reqwest::StatusCode, bool) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut request = client
        .post(format!("{base}/anmelden/link"))
        .form(&[("token", token)]);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the server answers");
    let cookie = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .any(|c| c.to_str().is_ok_and(|c| c.starts_with("lotse_session=")));
    (response.status(), cookie)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sign_in_form_posted_from_another_site_does_not_sign_the_browser_in() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let staff = app.create_tenant("Csrf").await;
    let email = staff.team.email.clone();
    let link = app.request_link(&app.client(), &email).await;
    let (_, token) = link.split_once('#').unwrap();

    for (what, headers) in [
        (
            "a form on another site",
            vec![("origin", "https://attacker.example")],
        ),
        ("a sandboxed page", vec![("origin", "null")]),
        (
            "a browser that says the post is cross-site",
            vec![("sec-fetch-site", "cross-site")],
        ),
        (
            "a sibling subdomain",
            vec![("sec-fetch-site", "same-site"), ("origin", PUBLIC_URL)],
        ),
    ] {
        let (status, cookie) = post_sign_in_form(&app.base, token, &headers).await;
        assert_eq!(status, reqwest::StatusCode::FORBIDDEN, "{what}");
        assert!(!cookie, "{what}: no session");
    }

    // The link was not used up: from the sign-in page itself it works.
    let (status, cookie) = post_sign_in_form(
        &app.base,
        token,
        &[("origin", PUBLIC_URL), ("sec-fetch-site", "same-origin")],
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::SEE_OTHER);
    assert!(cookie, "signed in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn guessing_sign_in_codes_on_the_plain_form_is_rate_limited_per_client() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let mut statuses = Vec::new();
    for attempt in 0..25 {
        let (status, _) = post_sign_in_form(&app.base, &format!("guess-{attempt}"), &[]).await;
        statuses.push(status);
    }
    assert!(
        statuses[..20]
            .iter()
            .all(|s| *s == reqwest::StatusCode::BAD_REQUEST),
        "{statuses:?}"
    );
    assert!(
        statuses[20..]
            .iter()
            .all(|s| *s == reqwest::StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_interest_form_posted_from_another_site_is_refused_and_records_nothing() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let staff = app.create_tenant("Crosspost").await;
    let team = app.sign_in(&staff.team.email).await;
    let mut fields = crate::api::plain_interest(
        &staff.programme.to_string(),
        "de",
        "Fremdhausen",
        "erika@fremdhausen.example",
    );
    fields.push(("formToken", app.form_token()));
    for headers in [
        [("origin", "https://evil.example"), ("sec-fetch-site", "")],
        [
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ],
    ] {
        let mut request = reqwest::Client::new()
            .post(format!("{}/interesse", app.base))
            .form(&fields);
        for (name, value) in headers.into_iter().filter(|(_, v)| !v.is_empty()) {
            request = request.header(name, value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(
            response.status(),
            reqwest::StatusCode::FORBIDDEN,
            "{headers:?}"
        );
    }
    assert!(
        municipality_by_name(&team, "Fremdhausen").await.is_none(),
        "nothing was recorded"
    );
    // From Lotse's own page it goes through.
    let (status, _) = post_plain_interest(&app.base, &fields, Some(&app.base)).await;
    assert_eq!(status, reqwest::StatusCode::OK);
}
