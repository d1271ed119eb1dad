//! GraphQL over HTTP, the requirements of the specification that graphql-http's audits
//! (web/e2e/conformance.mjs) leave out or file under "MAY": a mutation over GET, an Accept
//! header the server cannot serve, a body that is not JSON, and the status and `data`
//! entry of a request error under each of the two media types.

use lotse_tests::TestDb;
use lotse_tests::spawn::spawn_app;
use serde_json::Value;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_server_answers_methods_media_types_and_request_errors_as_the_graphql_over_http_spec_requires()
 {
    let app = spawn_app(TestDb::sqlite().await).await;
    let http = reqwest::Client::new();
    let url = format!("{}/graphql", app.base);

    // A mutation over GET is refused with 405, naming POST as the method to use; it runs
    // nothing (signing out would answer true).
    let get = http
        .get(&url)
        .query(&[("query", "mutation { signOut }")])
        .header("Accept", GRAPHQL_RESPONSE)
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), 405);
    assert!(
        get.headers()["allow"].to_str().unwrap().contains("POST"),
        "{:?}",
        get.headers()
    );
    // A query over GET works.
    let get = http
        .get(&url)
        .query(&[("query", "{ __typename }")])
        .header("Accept", GRAPHQL_RESPONSE)
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), 200);

    // An Accept header that names neither media type: 406.
    let html = http
        .post(&url)
        .header("Accept", "text/html")
        .header("Content-Type", "application/json")
        .body(r#"{"query":"{ __typename }"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(html.status(), 406);

    // A body that is not JSON: a 4xx, never a 2xx or a 5xx.
    let form = http
        .post(&url)
        .header("Accept", GRAPHQL_RESPONSE)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("query=%7B__typename%7D")
        .send()
        .await
        .unwrap();
    assert!(form.status().is_client_error(), "{}", form.status());

    // A document that does not parse. Under application/graphql-response+json: 400, the
    // errors, and no `data` entry at all.
    let broken = r#"{"query":"{ __typename"}"#;
    let answer = http
        .post(&url)
        .header("Accept", GRAPHQL_RESPONSE)
        .header("Content-Type", "application/json")
        .body(broken)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    assert!(
        answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with(GRAPHQL_RESPONSE)
    );
    let body: Value = answer.json().await.unwrap();
    assert!(body["errors"].is_array(), "{body}");
    assert!(body.get("data").is_none(), "no data entry: {body}");
    // Under application/json: 200, the media type asked for (never the other one), the
    // errors, and no `data` entry.
    let answer = http
        .post(&url)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .body(broken)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert!(
        answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body: Value = answer.json().await.unwrap();
    assert!(body["errors"].is_array(), "{body}");
    assert!(body.get("data").is_none(), "no data entry: {body}");
}
