//! Projections that keep up: a mutation answers with its own change (read your writes), and
//! with two server processes on one PostgreSQL, a change made through one is visible through
//! the other within a second.

use crate::api::*;
use lotse_tests::TestDb;
use lotse_tests::spawn::{eventually, spawn_app};
use serde_json::json;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_change_made_through_one_server_is_visible_through_another_within_a_second() {
    let app = spawn_app(TestDb::postgres().await).await;
    let other = app.another_server().await;
    let staff = app.create_tenant("Lambda").await;
    let team_here = app.sign_in(&staff.team.email).await;
    let team_there = team_here.on(&other.base);
    // Sessions live in the database: the same cookie works on the other process, once that
    // one has read the new account from the log.
    let known = eventually(Duration::from_secs(10), || async {
        team_there.gql("{ me { role } }", json!({})).await["data"]["me"]["role"] == "TEAM"
    })
    .await;
    assert!(known.is_some(), "the other server knows the session");

    // The public form on the first server; the second one shows the new municipality.
    let receipt = app
        .client()
        .data(
            SUBMIT_INTEREST,
            json!({ "input": app.with_form_token(interest(&staff.programme.to_string(), "Gießen", "anna@giessen.example")) }),
        )
        .await;
    assert_eq!(receipt["submitInterest"]["received"], true);
    let seen = eventually(Duration::from_secs(1), || async {
        municipality_by_name(&team_there, "Gießen").await.is_some()
    })
    .await;
    assert!(
        seen.is_some(),
        "the other server shows the new municipality within a second"
    );
    let id = municipality_by_name(&team_there, "Gießen").await.unwrap();

    // Interview and admission on the second server; the first one follows.
    let held = app.set_day(7);
    other.set_today(held);
    run(
        &team_there,
        SCHEDULE_INTERVIEW,
        json!({ "m": id, "at": at(held, 10) }),
    )
    .await;
    run(
        &team_there,
        RECORD_INTERVIEW,
        json!({ "m": id, "d": day(held), "notes": null }),
    )
    .await;
    let page = run(&team_there, ADMIT, json!({ "m": id })).await;
    assert_eq!(page["stage"], "ONBOARDING");
    let seen = eventually(Duration::from_secs(1), || async {
        column_of(&team_here, &id).await.as_deref() == Some("ONBOARDING")
    })
    .await;
    assert!(
        seen.is_some(),
        "the first server shows the admission within a second"
    );
    let here = team_here
        .data(
            "query($m: ID!) { municipality(id: $m) { version } }",
            json!({ "m": id }),
        )
        .await;
    assert_eq!(here["municipality"]["version"], page["version"]);

    // And back: a change through the first server reaches the second.
    let page = run(
        &team_here,
        ASSIGN_FACILITATOR,
        json!({ "m": id, "f": staff.facilitator.id.to_string() }),
    )
    .await;
    let version = page["version"].clone();
    let seen = eventually(Duration::from_secs(1), || async {
        team_there
            .data(
                "query($m: ID!) { municipality(id: $m) { version } }",
                json!({ "m": id }),
            )
            .await["municipality"]["version"]
            == version
    })
    .await;
    assert!(
        seen.is_some(),
        "the second server shows the facilitator within a second"
    );
}

async fn read_your_writes(db: TestDb) {
    let app = spawn_app(db).await;
    let staff = app.create_tenant("My").await;
    let team = app.sign_in(&staff.team.email).await;

    // The form's municipality is on the board as soon as the form is answered (no waiting).
    let id = submit_interest(
        &app,
        &team,
        interest(
            &staff.programme.to_string(),
            "Marburg",
            "anna@marburg.example",
        ),
    )
    .await;
    assert_eq!(column_of(&team, &id).await.as_deref(), Some("INTEREST"));

    let held = app.set_day(7);
    let page = run(
        &team,
        SCHEDULE_INTERVIEW,
        json!({ "m": id, "at": at(held, 10) }),
    )
    .await;
    assert_eq!(
        page["stage"], "INTERVIEW",
        "scheduling answers in its new stage"
    );
    assert_eq!(page["version"], 2);
    let page = run(
        &team,
        RECORD_INTERVIEW,
        json!({ "m": id, "d": day(held), "notes": null }),
    )
    .await;
    assert_eq!(page["version"], 3);
    let page = run(&team, ADMIT, json!({ "m": id })).await;
    assert_eq!(
        page["stage"], "ONBOARDING",
        "admit answers with the admission"
    );
    assert_eq!(page["version"], 4);
    assert_eq!(page["admittedOn"], day(held));
    assert!(
        page["timeline"].as_array().unwrap().last().unwrap()["text"]
            .as_str()
            .unwrap()
            .contains("aufgenommen"),
        "the answer's timeline ends with the admission: {page}"
    );
    // And the very next query, on the board, agrees.
    assert_eq!(column_of(&team, &id).await.as_deref(), Some("ONBOARDING"));
    let programmes = team.data("{ programmes { seatsTaken } }", json!({})).await;
    assert_eq!(
        programmes["programmes"][0]["seatsTaken"], 1,
        "the seat is taken"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_mutation_answers_with_its_own_change_on_postgres() {
    read_your_writes(TestDb::postgres().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_mutation_answers_with_its_own_change_on_sqlite() {
    read_your_writes(TestDb::sqlite().await).await;
}
