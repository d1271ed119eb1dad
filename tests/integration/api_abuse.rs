//! Abuse over HTTP: oversized and disguised requests are refused quickly and do nothing, and
//! every bad input of the public interest form gets its own message and creates nothing.

use crate::api::{SUBMIT_INTEREST, interest};
use lotse_tests::TestDb;
use lotse_tests::spawn::{Client, TestApp, spawn_app};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Generous: these requests must be refused before any real work.
const QUICKLY: Duration = Duration::from_secs(2);

/// A refusal: a 4xx status, or (GraphQL over HTTP with `application/json`, which answers
/// every well-formed request with 200) an answer with errors and without data.
fn refused(status: reqwest::StatusCode, body: &str) -> bool {
    let graphql_refusal = serde_json::from_str::<Value>(body).is_ok_and(|b| {
        b["data"].is_null() && b["errors"].as_array().is_some_and(|e| !e.is_empty())
    });
    status.is_client_error() || (status == reqwest::StatusCode::OK && graphql_refusal)
}

async fn still_signed_in(team: &Client) {
    let me = team.data("{ me { role } }", json!({})).await;
    assert_eq!(me["me"]["role"], "TEAM", "the session survived");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deep_wide_batched_and_disguised_requests_are_refused_quickly_without_doing_anything() {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("Delta").await;
    let team = app.sign_in(&staff.team.email).await;
    let graphql = format!("{}/graphql", app.base);
    assert!(team.session_cookie().is_some(), "signed in");
    let mails = app.mails().len();

    // Each would, if executed, end the team's session (signOut) or cost real work.
    let deep = format!(
        "{{ board {{ columns {{ cards {{ {} id {} }} }} }} }}",
        "facilitator { ".repeat(47),
        "} ".repeat(47)
    );
    let aliases_mutation = format!(
        "mutation {{ {} }}",
        (0..10_000)
            .map(|i| format!("a{i}: signOut"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let aliases_query = format!(
        "{{ {} }}",
        (0..10_000)
            .map(|i| format!("p{i}: programmes {{ id }}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let batch: Vec<Value> = (0..1_000)
        .map(|_| json!({ "query": "mutation { signOut }" }))
        .collect();

    let requests: Vec<(&str, reqwest::RequestBuilder)> = vec![
        (
            "a 50-deep query",
            team.http.post(&graphql).json(&json!({ "query": deep })),
        ),
        (
            "10,000 aliases of a mutation",
            team.http
                .post(&graphql)
                .json(&json!({ "query": aliases_mutation })),
        ),
        (
            "10,000 aliases of a query",
            team.http
                .post(&graphql)
                .json(&json!({ "query": aliases_query })),
        ),
        (
            "a batch of 1,000 operations",
            team.http.post(&graphql).json(&batch),
        ),
        (
            "a mutation by GET",
            team.http
                .get(&graphql)
                .query(&[("query", "mutation { signOut }")]),
        ),
        (
            "a form post (a cross-site form could send it)",
            team.http
                .post(&graphql)
                .header("content-type", "application/x-www-form-urlencoded")
                .body("query=mutation%20%7B%20signOut%20%7D"),
        ),
        (
            "JSON sent as text/plain (a cross-site simple request)",
            team.http
                .post(&graphql)
                .header("content-type", "text/plain")
                .body(json!({ "query": "mutation { signOut }" }).to_string()),
        ),
    ];
    for (what, request) in requests {
        let started = Instant::now();
        let response = request.send().await.expect("the server answers");
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        let took = started.elapsed();
        assert!(
            refused(status, &body),
            "{what} is refused, got HTTP {status}: {}",
            body.chars().take(300).collect::<String>()
        );
        assert!(took < QUICKLY, "{what} is refused quickly, took {took:?}");
        assert!(
            !body.contains("\"signOut\":true"),
            "{what} did not run: {}",
            body.chars().take(300).collect::<String>()
        );
        still_signed_in(&team).await;
    }
    assert_eq!(app.mails().len(), mails, "nothing was sent");
}

/// The number of municipalities the team sees.
async fn municipality_count(team: &Client) -> usize {
    team.data("{ municipalities { id } }", json!({})).await["municipalities"]
        .as_array()
        .unwrap()
        .len()
}

async fn log_len(app: &TestApp, at_least: usize) -> usize {
    lotse_tests::whole_log(&app.db.store, at_least).await.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_bad_input_of_the_interest_form_gets_its_own_message_and_creates_nothing() {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("Epsilon").await;
    let team = app.sign_in(&staff.team.email).await;
    let programme = staff.programme.to_string();
    let public = app.client();
    let good = || {
        app.with_form_token(interest(
            &programme,
            "Offenbach am Main",
            "anna@offenbach.example",
        ))
    };
    let log_before = log_len(&app, 0).await;
    let mails_before = app.mails().len();

    type Change = fn(&mut Value);
    let cases: [(&str, Change, &str, &str); 7] = [
        (
            "an empty municipality name",
            |f| f["municipalityName"] = json!("   "),
            "municipalityName",
            "required",
        ),
        (
            "a bad e-mail address",
            |f| f["email"] = json!("anna at offenbach"),
            "email",
            "invalid_email",
        ),
        (
            "a population of 0",
            |f| f["population"] = json!(0),
            "population",
            "too_small",
        ),
        (
            "no consent",
            |f| f["consentToContact"] = json!(false),
            "consentToContact",
            "required",
        ),
        (
            "no Bundesland",
            |f| f["bundesland"] = Value::Null,
            "bundesland",
            "required",
        ),
        (
            "a filled honeypot",
            |f| f["website"] = json!("https://spam.example"),
            "form",
            "too_fast",
        ),
        (
            "no form token",
            |f| {
                f.as_object_mut().unwrap().remove("formToken");
            },
            "form",
            "too_fast",
        ),
    ];
    for (what, change, field, reason) in cases {
        let mut form = good();
        change(&mut form);
        let started = Instant::now();
        let body = public.gql(SUBMIT_INTEREST, json!({ "input": form })).await;
        assert!(started.elapsed() < QUICKLY, "{what}: answered quickly");
        assert!(body["data"].is_null(), "{what}: nothing received: {body}");
        let error = &body["errors"][0];
        assert_eq!(
            error["extensions"]["code"], "INVALID_INPUT",
            "{what}: {body}"
        );
        let fields = error["extensions"]["fields"]
            .as_array()
            .unwrap_or_else(|| panic!("{what}: field errors: {body}"));
        assert_eq!(
            fields
                .iter()
                .map(|f| (f["field"].as_str().unwrap(), f["reason"].as_str().unwrap()))
                .collect::<Vec<_>>(),
            vec![(field, reason)],
            "{what}: exactly its own field error: {body}"
        );
        let message = fields[0]["message"].as_str().unwrap();
        assert!(
            !message.trim().is_empty() && !message.contains(reason),
            "{what}: a message for people, not the code: {message:?}"
        );
        assert_eq!(
            municipality_count(&team).await,
            0,
            "{what}: created nothing"
        );
    }
    assert_eq!(
        log_len(&app, log_before).await,
        log_before,
        "no event was appended"
    );
    assert_eq!(app.mails().len(), mails_before, "no confirmation was sent");

    // The same form without the fault goes through, so the refusals above were about the faults.
    let body = public
        .gql(SUBMIT_INTEREST, json!({ "input": good() }))
        .await;
    assert_eq!(body["data"]["submitInterest"]["received"], true, "{body}");
    assert_eq!(municipality_count(&team).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_plain_html_form_answers_a_bad_address_with_422_and_the_field_message() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let staff = app.create_tenant("Zeta").await;
    let team = app.sign_in(&staff.team.email).await;

    // The message the API gives for this fault, in German (the form's language).
    let form = app.with_form_token(interest(
        &staff.programme.to_string(),
        "Rüsselsheim",
        "keine-adresse",
    ));
    let body = app
        .client()
        .gql(SUBMIT_INTEREST, json!({ "input": form }))
        .await;
    let message = body["errors"][0]["extensions"]["fields"][0]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("a field message: {body}"))
        .to_string();

    let mut fields = crate::api::plain_interest(
        &staff.programme.to_string(),
        "de",
        "Rüsselsheim",
        "keine-adresse",
    );
    fields.push(("formToken", app.form_token()));
    let (status, html) = crate::api::post_plain_interest(&app.base, &fields, None).await;
    assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let escaped = message
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    assert!(
        html.contains(&escaped),
        "the page shows {message:?} next to the field: {html}"
    );
    assert!(
        html.contains("id=\"email-error\""),
        "tied to the e-mail field"
    );
    assert!(
        html.contains("value=\"Rüsselsheim\""),
        "what was typed stays in the form"
    );
    assert_eq!(municipality_count(&team).await, 0, "nothing was created");

    // The same form with a good address goes through.
    let fields: Vec<(&str, String)> = fields
        .into_iter()
        .map(|(k, v)| {
            if k == "email" {
                (k, "erika@ruesselsheim.example".into())
            } else {
                (k, v)
            }
        })
        .collect();
    let (status, _) = crate::api::post_plain_interest(&app.base, &fields, None).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert_eq!(municipality_count(&team).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_interest_form_confirms_once_a_day_per_address_and_throttles_one_client() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let staff = app.create_tenant("Omikron").await;
    let team = app.sign_in(&staff.team.email).await;
    let programme = staff.programme.to_string();
    let public = app.client();
    let confirmations = || {
        app.mails()
            .iter()
            .filter(|m| m.kind == "interest_confirmation")
            .count()
    };

    // Two municipalities from the same address on one day: both received, one confirmation.
    for name in ["Fulda", "Hünfeld"] {
        let body = public
            .gql(
                SUBMIT_INTEREST,
                json!({ "input": app.with_form_token(interest(&programme, name, "Anna@Osthessen.example")) }),
            )
            .await;
        assert_eq!(body["data"]["submitInterest"]["received"], true, "{body}");
    }
    assert_eq!(municipality_count(&team).await, 2);
    app.mail_to("interest_confirmation", "anna@osthessen.example")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        confirmations(),
        1,
        "at most one confirmation per address and day"
    );

    // One client address may try 20 times in ten minutes; then it has to wait.
    let mut attempts = 2;
    while attempts < 20 {
        let form = app.with_form_token(interest(&programme, "", "anna@osthessen.example"));
        let body = public.gql(SUBMIT_INTEREST, json!({ "input": form })).await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "INVALID_INPUT",
            "attempt {attempts}: {body}"
        );
        attempts += 1;
    }
    let body = public
        .gql(
            SUBMIT_INTEREST,
            json!({ "input": app.with_form_token(interest(&programme, "Schlitz", "bert@osthessen.example")) }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "RATE_LIMITED",
        "{body}"
    );
    assert!(body["data"].is_null());
    assert_eq!(
        municipality_count(&team).await,
        2,
        "nothing more was created"
    );
    assert_eq!(confirmations(), 1);
}
