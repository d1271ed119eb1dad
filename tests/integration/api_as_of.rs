//! The funder's figures and the board as they stood at a past moment (`funderStats(asOf)`,
//! `board(asOf)`): only what had been recorded by then counts, while the answers without
//! `asOf` stay current.

use crate::api::{admit, count_of, interest, submit_interest};
use chrono::{DateTime, Utc};
use lotse_tests::TestDb;
use lotse_tests::spawn::{Client, spawn_app};
use serde_json::{Value, json};
use std::time::Duration;

const STATS: &str = "query($at: DateTime) { funderStats(asOf: $at) { capacity seatsTaken total stageCounts { stage count } funnel { stage count } window { admitted active } } }";

const BOARD: &str =
    "query($at: DateTime) { board(asOf: $at) { columns { stage cards { name stage } } } }";

/// The names on the board per stage (stages with cards only).
async fn board(client: &Client, at: Option<DateTime<Utc>>) -> Vec<(String, Vec<String>)> {
    let at = at.map(|a| a.to_rfc3339());
    let data = client.data(BOARD, json!({ "at": at })).await;
    data["board"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| {
            let cards: Vec<String> = c["cards"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["name"].as_str().unwrap().to_string())
                .collect();
            (!cards.is_empty()).then(|| (c["stage"].as_str().unwrap().to_string(), cards))
        })
        .collect()
}

async fn stats(funder: &Client, at: Option<DateTime<Utc>>) -> Value {
    let at = at.map(|a| a.to_rfc3339());
    funder.data(STATS, json!({ "at": at })).await["funderStats"].clone()
}

/// A moment between two writes, clear of both on any clock the store uses.
async fn moment() -> DateTime<Utc> {
    tokio::time::sleep(Duration::from_millis(50)).await;
    let at = Utc::now();
    tokio::time::sleep(Duration::from_millis(50)).await;
    at
}

async fn figures_as_they_stood(db: TestDb) {
    let app = spawn_app(db).await;
    let staff = app.create_tenant("Stichtag").await;
    let team = app.sign_in(&staff.team.email).await;
    let funder = app.sign_in(&staff.funder.email).await;
    let programme = staff.programme.to_string();
    let before_anything = moment().await;

    app.set_day(0);
    let first = submit_interest(
        &app,
        &team,
        interest(&programme, "Wolfhagen", "antrag@wolfhagen.example"),
    )
    .await;
    let second = submit_interest(
        &app,
        &team,
        interest(&programme, "Zierenberg", "antrag@zierenberg.example"),
    )
    .await;
    admit(&app, &team, &first, 5).await;
    let one_admitted = moment().await;
    admit(&app, &team, &second, 9).await;

    let now = stats(&funder, None).await;
    assert_eq!(now["total"], 2, "{now}");
    assert_eq!(now["window"]["admitted"], 2, "{now}");
    assert_eq!(now["seatsTaken"], 2, "{now}");
    assert_eq!(count_of(&now["stageCounts"], "ONBOARDING"), 2, "{now}");

    let then = stats(&funder, Some(one_admitted)).await;
    assert_eq!(then["total"], 2, "both had shown interest: {then}");
    assert_eq!(then["window"]["admitted"], 1, "{then}");
    assert_eq!(then["seatsTaken"], 1, "one place taken then: {then}");
    assert_eq!(then["capacity"], now["capacity"], "{then}");
    assert_eq!(count_of(&then["stageCounts"], "ONBOARDING"), 1, "{then}");
    assert_eq!(count_of(&then["stageCounts"], "INTERVIEW"), 0, "{then}");
    assert_eq!(
        count_of(&then["stageCounts"], "INTEREST"),
        1,
        "the second had not had its interview recorded: {then}"
    );

    // The team may ask too.
    let team_then = stats(&team, Some(one_admitted)).await;
    assert_eq!(team_then, then);

    // The board then and now.
    let names = |list: &[&str]| list.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        board(&team, Some(one_admitted)).await,
        vec![
            ("INTEREST".to_string(), names(&["Zierenberg"])),
            ("ONBOARDING".to_string(), names(&["Wolfhagen"])),
        ]
    );
    assert_eq!(
        board(&team, None).await,
        vec![(
            "ONBOARDING".to_string(),
            names(&["Wolfhagen", "Zierenberg"])
        )]
    );
    assert_eq!(board(&funder, Some(before_anything)).await, vec![]);

    // Before the first interest, the programme was there with nothing to count.
    let empty = stats(&funder, Some(before_anything)).await;
    assert_eq!(empty["total"], 0, "{empty}");
    assert_eq!(empty["window"]["admitted"], 0, "{empty}");
    assert_eq!(empty["seatsTaken"], 0, "{empty}");

    // Asking for the past changes nothing now.
    assert_eq!(stats(&funder, None).await, now);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_funder_figures_and_the_board_show_how_things_stood_at_a_past_moment_on_postgres() {
    figures_as_they_stood(TestDb::postgres().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_funder_figures_and_the_board_show_how_things_stood_at_a_past_moment_on_sqlite() {
    figures_as_they_stood(TestDb::sqlite().await).await;
}
