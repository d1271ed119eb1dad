//! The findings of the security review of a demo server, one test each: documents whose
//! work explodes before any limit fires, alias floods of expensive fields, WebSockets that
//! outlive their session or open from another site, schema hints with introspection off,
//! and a session that a failing database must not turn into "signed out".

use crate::api::{interest, submit_interest};
use lotse_app::{Actor, CommandMeta};
use lotse_tests::TestDb;
use lotse_tests::spawn::{Client, TestApp, spawn_app};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// A document under a kilobyte whose fragments each spread the previous one twice.
pub(crate) fn doubling_fragments(depth: usize) -> String {
    let mut doc = format!("query {{ ...F{depth} }}\nfragment F0 on Query {{ __typename }}\n");
    for i in 1..=depth {
        doc.push_str(&format!(
            "fragment F{i} on Query {{ ...F{p} ...F{p} }}\n",
            p = i - 1
        ));
    }
    doc
}

/// The whole answer to a request, whatever its status.
async fn answer(client: &Client, query: &str, variables: Value) -> Value {
    client.post(query, variables).await.json().await.unwrap()
}

fn first_error(body: &Value) -> &Value {
    &body["errors"][0]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_tiny_document_of_doubling_fragments_is_refused_at_once_in_the_callers_language() {
    let app = spawn_app(TestDb::postgres().await).await;
    let anonymous = app.client();
    let doc = doubling_fragments(29);
    assert!(
        doc.len() < 1_500,
        "the attack is small: {} bytes",
        doc.len()
    );
    for (lang, words) in [("de", "zu umfangreich"), ("en", "too large")] {
        let started = Instant::now();
        let response = anonymous
            .http
            .post(format!("{}/graphql", app.base))
            .header("accept-language", lang)
            .json(&json!({ "query": doc }))
            .send()
            .await
            .unwrap();
        let body: Value = response.json().await.unwrap();
        let took = started.elapsed();
        assert!(
            took < Duration::from_secs(1),
            "refused at once, took {took:?}"
        );
        assert!(body.get("data").is_none_or(Value::is_null), "{body}");
        let error = first_error(&body);
        assert_eq!(error["extensions"]["code"], "QUERY_TOO_LARGE", "{body}");
        assert_eq!(error["extensions"]["reason"], "too_many_fields", "{body}");
        assert!(
            error["message"].as_str().unwrap().contains(words),
            "{lang}: {body}"
        );
    }
    // Built on a fragment the document does not define, tripling each level: refused too
    // (counted as nothing, async-graphql's own recursion check would walk 3^31 spreads).
    let mut on_nothing = String::from("query { ...F31 }\nfragment F0 on Query { ...Missing }\n");
    for i in 1..=31 {
        on_nothing.push_str(&format!(
            "fragment F{i} on Query {{ ...F{p} ...F{p} ...F{p} }}\n",
            p = i - 1
        ));
    }
    let started = Instant::now();
    let body = answer(&anonymous, &on_nothing, json!({})).await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "refused at once"
    );
    assert_eq!(
        first_error(&body)["extensions"]["code"],
        "QUERY_TOO_LARGE",
        "{body}"
    );
    assert_eq!(
        first_error(&body)["extensions"]["reason"],
        "unknown_fragment",
        "{body}"
    );

    // /health answers while such documents keep coming.
    let health = format!("{}/health", app.base);
    let senders: Vec<_> = (0..4)
        .map(|_| {
            let c = anonymous.clone();
            let url = format!("{}/graphql", app.base);
            let doc = doc.clone();
            tokio::spawn(async move {
                for _ in 0..20 {
                    let _ = c
                        .http
                        .post(&url)
                        .json(&json!({ "query": doc }))
                        .send()
                        .await;
                }
            })
        })
        .collect();
    let started = Instant::now();
    let ok = reqwest::get(&health).await.unwrap().status().is_success();
    assert!(ok && started.elapsed() < Duration::from_millis(500));
    for s in senders {
        s.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_aliases_of_a_page_are_refused_as_too_costly_and_a_few_still_work() {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("Hardening").await;
    let team = app.sign_in(&staff.team.email).await;
    let id = submit_interest(
        &app,
        &team,
        interest(
            &staff.programme.to_string(),
            "Aliasstadt",
            "info@aliasstadt.example",
        ),
    )
    .await;
    let aliases = |n: usize| {
        format!(
            "query($m: ID!) {{ {} }}",
            (0..n)
                .map(|i| format!("p{i}: municipality(id: $m) {{ timeline {{ text }} }}"))
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    let started = Instant::now();
    let body = answer(&team, &aliases(200), json!({ "m": id })).await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "refused before it ran"
    );
    assert!(body["data"].is_null(), "{body}");
    assert_eq!(
        first_error(&body)["extensions"]["code"],
        "QUERY_TOO_COSTLY",
        "{body}"
    );
    assert!(
        first_error(&body)["message"]
            .as_str()
            .unwrap()
            .contains("zu aufwendig"),
        "{body}"
    );
    let few = team.data(&aliases(3), json!({ "m": id })).await;
    assert!(few["p2"]["timeline"].is_array(), "{few}");

    // The same for overviews: the board twenty times over.
    let boards = format!(
        "{{ {} }}",
        (0..20)
            .map(|i| format!("b{i}: board {{ columns {{ count }} }}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let body = answer(&team, &boards, json!({})).await;
    assert_eq!(
        first_error(&body)["extensions"]["code"],
        "QUERY_TOO_COSTLY",
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_websocket_opens_only_from_lottes_own_pages() {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("Origin").await;
    let team = app.sign_in(&staff.team.email).await;
    for origin in [
        Some("https://evil.example"),
        Some("http://127.0.0.1.evil.example"),
        None,
    ] {
        match app.open_socket(&team, origin).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(r)) => {
                assert_eq!(r.status(), 403, "{origin:?}")
            }
            Err(other) => panic!("{origin:?}: refused with HTTP 403, got {other}"),
            Ok(_) => panic!("{origin:?}: the socket must not open"),
        }
    }
    let mut own = app
        .open_socket(&team, Some(&app.base))
        .await
        .expect("Lotse's own page opens a socket");
    own.start("1", "{ me { role } }", json!({})).await;
    let me = own.next(Duration::from_secs(5)).await.expect("an answer");
    assert_eq!(me["data"]["me"]["role"], "TEAM");
    // The public URL's origin is Lotse's own too.
    assert!(
        app.open_socket(&team, Some(lotse_tests::spawn::PUBLIC_URL))
            .await
            .is_ok()
    );
}

/// A board change by another team member, for the subscriptions to hear.
pub(crate) async fn change_the_board(app: &TestApp, team: &Client, programme: &str, name: &str) {
    submit_interest(
        app,
        team,
        interest(
            programme,
            name,
            &format!("info@{}.example", name.to_lowercase()),
        ),
    )
    .await;
}

/// What a socket whose session ended must show: nothing but refusals (never data) until
/// the server closes it with 4401, at the latest one periodic check later.
pub(crate) async fn socket_is_shut(sub: &mut lotse_tests::spawn::Subscription, what: &str) {
    let (seen, code) = sub
        .until_closed(lotse_graphql_recheck() + Duration::from_secs(5))
        .await;
    for m in &seen {
        assert!(m["payload"]["data"].is_null(), "{what}: no data: {m}");
        if m["type"] == "next" {
            assert_eq!(
                m["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
                "{what}: {m}"
            );
        }
    }
    assert_eq!(code, Some(4401), "{what}: the server closes the socket");
}

fn lotse_graphql_recheck() -> Duration {
    lotse::http::SESSION_RECHECK
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn after_sign_out_an_open_websocket_streams_nothing_runs_nothing_and_is_closed() {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("SignOut").await;
    let leaving = app.sign_in(&staff.team.email).await;
    let staying = app.sign_in(&staff.team.email).await;
    let programme = staff.programme.to_string();
    let mut sub = app
        .subscribe(
            &leaving,
            "subscription { boardChanged { municipalityId stage } }",
            json!({}),
        )
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    change_the_board(&app, &staying, &programme, "Vorher").await;
    assert!(
        sub.next(Duration::from_secs(5)).await.is_some(),
        "streams while signed in"
    );

    let out = leaving.data("mutation { signOut }", json!({})).await;
    assert_eq!(out["signOut"], true);
    change_the_board(&app, &staying, &programme, "Nachher").await;
    socket_is_shut(&mut sub, "after sign-out").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_deactivated_account_loses_its_open_websocket_on_another_server_process() {
    let app = spawn_app(TestDb::postgres().await).await;
    let other = app.another_server().await;
    let staff = app.create_tenant("Deactivated").await;
    let funder = app.sign_in(&staff.funder.email).await;
    let team = app.sign_in(&staff.team.email).await;
    let on_other = funder.on(&other.base);
    let mut sub = other
        .subscribe(
            &on_other,
            "subscription { boardChanged { municipalityId stage } }",
            json!({}),
        )
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    app.services
        .accounts
        .deactivate(
            staff.tenant,
            staff.funder.id,
            &CommandMeta::new(Actor::operator()),
        )
        .await
        .expect("deactivated");
    change_the_board(&app, &team, &staff.programme.to_string(), "Danach").await;
    socket_is_shut(&mut sub, "after deactivation, on the other process").await;
    let refused = on_other.gql("{ me { role } }", json!({})).await;
    assert_eq!(
        first_error(&refused)["extensions"]["code"],
        "UNAUTHENTICATED",
        "{refused}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_introspection_off_a_misspelt_field_gets_no_hint_of_the_schema() {
    let app = spawn_app(TestDb::postgres().await).await;
    let body = answer(
        &app.client(),
        "{ municipalitie { id } programme { id } }",
        json!({}),
    )
    .await;
    let text = body.to_string();
    assert!(body["errors"].is_array(), "{body}");
    assert!(!text.contains("Did you mean"), "{text}");
    assert!(!text.contains("\"municipalities\""), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_session_the_database_cannot_check_reads_as_try_again_never_as_signed_out() {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("Outage").await;
    let team = app.sign_in(&staff.team.email).await;
    let pg = app.db.pg.as_ref().expect("on PostgreSQL");
    sqlx::query("ALTER TABLE sessions RENAME TO sessions_away")
        .execute(pg)
        .await
        .unwrap();
    let during = team.gql("{ me { role } }", json!({})).await;
    sqlx::query("ALTER TABLE sessions_away RENAME TO sessions")
        .execute(pg)
        .await
        .unwrap();
    assert_eq!(
        first_error(&during)["extensions"]["code"],
        "SERVICE_UNAVAILABLE",
        "{during}"
    );
    assert!(
        first_error(&during)["message"]
            .as_str()
            .unwrap()
            .contains("erneut"),
        "{during}"
    );
    let after = team.data("{ me { role } }", json!({})).await;
    assert_eq!(after["me"]["role"], "TEAM", "still signed in afterwards");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_value_outside_an_enumeration_is_refused_in_the_callers_language_naming_the_field() {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("Enums").await;
    let team = app.sign_in(&staff.team.email).await;
    let mut form = interest(
        &staff.programme.to_string(),
        "Enumstadt",
        "info@enumstadt.example",
    );
    form["bundesland"] = json!("ATLANTIS");
    let submit = "mutation($input: InterestInput!) { submitInterest(input: $input) { received } }";
    // Anonymous: a signed-in person's own language would win over the browser's.
    let anonymous = app.client();
    for (lang, words) in [("de", "Bitte wählen Sie"), ("en", "Please choose")] {
        let answers = [
            anonymous
                .http
                .post(format!("{}/graphql", app.base))
                .header("accept-language", lang)
                .json(&json!({ "query": submit, "variables": { "input": form } })),
            anonymous
                .http
                .post(format!("{}/graphql", app.base))
                .header("accept-language", lang)
                .json(&json!({ "query": "{ board(stage: NOPE) { programmeId } }" })),
        ];
        for (request, field) in answers.into_iter().zip(["bundesland", "stage"]) {
            let body: Value = request.send().await.unwrap().json().await.unwrap();
            let error = first_error(&body);
            assert_eq!(error["extensions"]["code"], "INVALID_INPUT", "{body}");
            assert_eq!(error["extensions"]["field"], field, "{body}");
            assert_eq!(error["extensions"]["reason"], "invalid_choice", "{body}");
            assert!(
                error["message"].as_str().unwrap().starts_with(words),
                "{lang}: {body}"
            );
        }
    }
    assert!(
        crate::api::municipality_by_name(&team, "Enumstadt")
            .await
            .is_none(),
        "nothing was received"
    );
}

/// A query and a mutation sent over a socket that is still open after its session ended
/// (signed out over HTTP) get no data and change nothing, and the socket is closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_query_and_a_mutation_sent_over_an_open_websocket_after_sign_out_get_nothing_and_change_nothing()
 {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("SocketOps").await;
    let leaving = app.sign_in(&staff.team.email).await;
    let staying = app.sign_in(&staff.team.email).await;
    let mut socket = app
        .open_socket(&leaving, Some(&app.base))
        .await
        .expect("the socket opens");
    socket.start("1", "{ me { role } }", json!({})).await;
    let me = socket
        .next(Duration::from_secs(5))
        .await
        .expect("an answer");
    assert_eq!(me["data"]["me"]["role"], "TEAM", "answers while signed in");

    let out = leaving.data("mutation { signOut }", json!({})).await;
    assert_eq!(out["signOut"], true);
    let programmes = "{ programmes { name } }";
    let before = staying.data(programmes, json!({})).await;
    // The socket may be closed already; whatever it still takes must do nothing.
    let _ = socket
        .try_start("2", "{ me { role name } }", json!({}))
        .await;
    let _ = socket
        .try_start(
            "3",
            "mutation($p: ProgrammeInput!) { createProgramme(input: $p) { id } }",
            json!({ "p": { "name": "Nach dem Abmelden", "frameworkId": "weltoffene-kommune", "capacity": 5, "participationMonths": 6, "minDialogueEvents": 1 } }),
        )
        .await;
    socket_is_shut(&mut socket, "a query and a mutation after sign-out").await;
    let after = staying.data(programmes, json!({})).await;
    assert_eq!(
        before, after,
        "the mutation sent after sign-out changed nothing"
    );
}

/// A session that expires while its socket is open (its idle time ran out) ends the socket
/// like a sign-out does.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_open_websocket_whose_session_expires_streams_nothing_more_and_is_closed() {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("Expiry").await;
    let expiring = app.sign_in(&staff.funder.email).await;
    let team = app.sign_in(&staff.team.email).await;
    let mut sub = app
        .subscribe(
            &expiring,
            "subscription { boardChanged { municipalityId stage } }",
            json!({}),
        )
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The funder's session runs out: as if they had been idle for longer than allowed.
    let pg = app.db.pg.as_ref().expect("on PostgreSQL");
    let expired = sqlx::query("UPDATE sessions SET idle_expires_at = 1 WHERE user_id = $1")
        .bind(staff.funder.id.to_string())
        .execute(pg)
        .await
        .expect("age the session");
    assert_eq!(expired.rows_affected(), 1);
    change_the_board(&app, &team, &staff.programme.to_string(), "Abgelaufen").await;
    socket_is_shut(&mut sub, "after the session expired").await;
}

/// Lists of the tenant (people, programmes, the list of changes) and views as of a past
/// moment, which read the whole log again, cost what they cost: floods of their aliases
/// are refused before anything runs, and one of each still works.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn alias_floods_of_lists_and_past_views_are_refused_as_too_costly_and_one_of_each_still_works()
 {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("Listen").await;
    let team = app.sign_in(&staff.team.email).await;
    let flood = |n: usize, field: &str| {
        format!(
            "{{ {} }}",
            (0..n)
                .map(|i| format!("a{i}: {field}"))
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    let now = chrono::Utc::now().to_rfc3339();
    let board = format!("board(asOf: \"{now}\") {{ columns {{ count }} }}");
    let stats = format!("funderStats(asOf: \"{now}\") {{ total }}");
    for (field, n) in [
        ("people { id name }", 60),
        ("programmes { id name }", 60),
        ("changes(last: 500) { at }", 10),
        (board.as_str(), 3),
        (stats.as_str(), 3),
    ] {
        let started = Instant::now();
        let body = answer(&team, &flood(n, field), json!({})).await;
        assert_eq!(
            first_error(&body)["extensions"]["code"],
            "QUERY_TOO_COSTLY",
            "{n} × {field}: {body}"
        );
        assert!(body["data"].is_null(), "{body}");
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "refused before it ran"
        );
        let one = team.gql(&flood(1, field), json!({})).await;
        assert!(
            one.get("errors").is_none_or(Value::is_null),
            "one {field} still works: {one}"
        );
    }
}

/// `n` municipalities in the staff's programme, each with its own stream: a view as of a
/// past moment reads every one of them from the database again.
async fn many_municipalities(app: &TestApp, staff: &lotse_tests::spawn::Staff, n: usize) {
    for i in 0..n {
        let (name, email) = (
            format!("Vielstadt {i}"),
            format!("info{i}@vielstadt.example"),
        );
        let command = crate::job_setup::interest(
            staff.programme,
            &crate::job_setup::Admission {
                name: &name,
                kind: lotse_domain::values::MunicipalityKind::Stadt,
                population: 10_000,
                submitter_email: &email,
                contact_email: &email,
                contact_language: lotse_domain::values::Language::De,
            },
        );
        let id = lotse_domain::MunicipalityId::new();
        crate::job_setup::run(app.app(), staff.tenant, id, command).await;
    }
}

/// A query that runs past the installation's time budget (`request_seconds`) is stopped
/// and answered TIMEOUT in the caller's language, over HTTP (504) and over a WebSocket
/// alike; a mutation under the same budget runs to its end.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_query_past_its_time_budget_is_stopped_over_http_and_websocket_and_a_mutation_runs_to_its_end()
 {
    // No time at all: every query that waits for the database once runs out.
    let app = lotse_tests::spawn::spawn_app_configured(TestDb::postgres().await, |c| {
        c.request_budget = Duration::ZERO
    })
    .await;
    let staff = app.create_tenant("Budget").await;
    many_municipalities(&app, &staff, 30).await;
    let team = app.sign_in(&staff.team.email).await;
    let now = chrono::Utc::now().to_rfc3339();
    let past_board = format!("{{ board(asOf: \"{now}\") {{ columns {{ count }} }} }}");

    let response = team.post(&past_board, json!({})).await;
    assert_eq!(response.status(), 504);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        first_error(&body)["extensions"]["code"],
        "TIMEOUT",
        "{body}"
    );
    assert!(
        first_error(&body)["message"]
            .as_str()
            .unwrap()
            .contains("zu lange gedauert"),
        "{body}"
    );

    let mut socket = app
        .open_socket(&team, Some(&app.base))
        .await
        .expect("the socket opens");
    socket.start("1", &past_board, json!({})).await;
    let answer = socket
        .next(Duration::from_secs(5))
        .await
        .expect("an answer");
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "TIMEOUT",
        "{answer}"
    );
    assert!(answer["data"].is_null(), "{answer}");

    let created = team
        .data(
            "mutation($p: ProgrammeInput!) { createProgramme(input: $p) { id name } }",
            json!({ "p": { "name": "Trotz Zeitbudget", "frameworkId": "weltoffene-kommune", "capacity": 5, "participationMonths": 6, "minDialogueEvents": 1 } }),
        )
        .await;
    assert_eq!(created["createProgramme"]["name"], "Trotz Zeitbudget");
}

/// A query whose client goes away is stopped rather than run for nobody.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_query_whose_client_goes_away_is_stopped() {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("Weg").await;
    let team = app.sign_in(&staff.team.email).await;
    many_municipalities(&app, &staff, 40).await;
    let metrics = app.metrics_base.trim_start_matches("http://").to_string();
    let abandoned = "lotse_graphql_abandoned_total";
    let before = crate::job_scan_health::metric(&metrics, abandoned).await;
    // Ten operations of two past boards each: twenty times the tenant's whole log read
    // again, seconds of work; the client gives up after a moment.
    let now = chrono::Utc::now().to_rfc3339();
    let past = format!("board(asOf: \"{now}\") {{ columns {{ count }} }}");
    let batch: Vec<Value> = (0..10)
        .map(|_| json!({ "query": format!("{{ a: {past} b: {past} }}") }))
        .collect();
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let cookie = team.session_cookie().expect("signed in");
    let sent = impatient
        .post(format!("{}/graphql", app.base))
        .header("Cookie", cookie)
        .json(&batch)
        .send()
        .await;
    assert!(sent.is_err(), "the client went away before the answer");
    let stopped = lotse_tests::spawn::eventually(Duration::from_secs(10), || async {
        crate::job_scan_health::metric(&metrics, abandoned).await > before
    })
    .await;
    assert!(stopped.is_some(), "the server stopped the query");
}
