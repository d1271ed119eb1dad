//! A client whose answer got lost sends the command again with the same `commandId` (the web
//! app does so after no answer, a gateway error, BUSY or INTERNAL). The server must answer
//! the repeat like the first send and record the command once, even where running it again
//! would be refused (admitting twice) or would add a second item (planning an event twice).

use crate::api::{
    ADMIT, PLAN_EVENT, RECORD_INTERVIEW, SCHEDULE_INTERVIEW, at, day, interest, submit_interest,
};
use lotse_tests::TestDb;
use lotse_tests::spawn::{Client, spawn_app};
use serde_json::{Value, json};

/// `document` with a `$c: ID` variable passed on as the mutation's `commandId`.
fn with_command_id(document: &str, mutation: &str) -> String {
    let header = document.replacen("mutation(", "mutation($c: ID, ", 1);
    header.replacen(
        &format!("{mutation}(municipalityId: $m"),
        &format!("{mutation}(municipalityId: $m, commandId: $c"),
        1,
    )
}

async fn versions(client: &Client, id: &str) -> (i64, usize) {
    let data = client
        .data(
            "query($m: ID!) { municipality(id: $m) { version dialogueEvents { id } } }",
            json!({ "m": id }),
        )
        .await;
    let m = &data["municipality"];
    (
        m["version"].as_i64().unwrap(),
        m["dialogueEvents"].as_array().unwrap().len(),
    )
}

async fn sent_twice(client: &Client, document: &str, variables: Value) -> (Value, Value) {
    let first = client.gql(document, variables.clone()).await;
    let again = client.gql(document, variables).await;
    (first, again)
}

async fn a_repeated_command_counts_once(db: TestDb) {
    let app = spawn_app(db).await;
    let staff = app.create_tenant("Retry").await;
    let team = app.sign_in(&staff.team.email).await;
    app.set_day(0);
    let form = interest(
        &staff.programme.to_string(),
        "Neustadt am Rübenberge",
        "antrag@neustadt.example",
    );
    let id = submit_interest(&app, &team, form).await;
    let held = app.set_day(5);
    crate::api::run(
        &team,
        SCHEDULE_INTERVIEW,
        json!({ "m": id, "at": at(held, 10) }),
    )
    .await;
    crate::api::run(
        &team,
        RECORD_INTERVIEW,
        json!({ "m": id, "d": day(held), "notes": null }),
    )
    .await;

    // Admitting: run again it would be refused (already admitted); repeated it is answered.
    let admit = with_command_id(ADMIT, "admit");
    let command = "7b0c6c1e-8a51-4c3e-9d0a-2f4b1c9e5a01";
    let (before, _) = versions(&team, &id).await;
    let (first, again) = sent_twice(&team, &admit, json!({ "m": id, "c": command })).await;
    assert!(first["errors"].is_null(), "admitted: {first}");
    assert!(again["errors"].is_null(), "the repeat is answered: {again}");
    assert_eq!(first["data"]["admit"]["stage"], "ONBOARDING");
    assert_eq!(again["data"]["admit"]["stage"], "ONBOARDING");
    let (after, _) = versions(&team, &id).await;
    assert!(after > before, "the admission was recorded");
    // The admission's events once (admitted, window opened …), not twice.
    let timeline = team
        .data(
            "query($m: ID!) { municipality(id: $m) { timeline { eventType } } }",
            json!({ "m": id }),
        )
        .await;
    let admitted = timeline["municipality"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["eventType"] == "Admitted")
        .count();
    assert_eq!(admitted, 1, "one admission: {timeline}");

    // Without the id, the same admission is a new command and refused as such.
    let plain = team.gql(ADMIT, json!({ "m": id })).await;
    assert!(
        !plain["errors"].is_null(),
        "admitting twice is refused: {plain}"
    );

    // Planning a dialogue event: repeated, it is one event, not two.
    let plan = with_command_id(PLAN_EVENT, "planDialogueEvent");
    let on = app.set_day(10);
    let (before, events_before) = versions(&team, &id).await;
    let variables = json!({
        "m": id,
        "c": "1f7d3b2a-64c9-4e0b-8c55-0b9a7e3d2f10",
        "at": at(on + chrono::Days::new(7), 18),
        "topic": "Ankommen in Neustadt",
    });
    let (first, again) = sent_twice(&team, &plan, variables).await;
    assert!(first["errors"].is_null(), "planned: {first}");
    assert!(again["errors"].is_null(), "the repeat is answered: {again}");
    assert_eq!(
        first["data"]["planDialogueEvent"]["dialogueEvents"],
        again["data"]["planDialogueEvent"]["dialogueEvents"],
        "both answers show the same events"
    );
    let (after, events_after) = versions(&team, &id).await;
    assert_eq!(events_after, events_before + 1, "one event planned");
    assert_eq!(after, before + 1, "one event recorded in the log");

    // A malformed id is refused as invalid input, naming the argument.
    let bad = team
        .gql(
            &plan,
            json!({ "m": id, "c": "nochmal", "at": at(on, 18), "topic": "x" }),
        )
        .await;
    assert_eq!(
        bad["errors"][0]["extensions"]["code"], "INVALID_INPUT",
        "{bad}"
    );
    assert_eq!(
        bad["errors"][0]["extensions"]["field"], "commandId",
        "{bad}"
    );
    let (unchanged, _) = versions(&team, &id).await;
    assert_eq!(unchanged, after, "nothing recorded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_command_sent_again_with_its_command_id_is_answered_and_recorded_once_on_postgres() {
    a_repeated_command_counts_once(TestDb::postgres().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_command_sent_again_with_its_command_id_is_answered_and_recorded_once_on_sqlite() {
    a_repeated_command_counts_once(TestDb::sqlite().await).await;
}
