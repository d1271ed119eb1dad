//! Tenant isolation over HTTP: with a session of tenant B, in every role, every query and
//! mutation that takes an id is tried with tenant A's ids. Nothing of A comes back, nothing
//! of A changes.

use crate::api::{Seeded, seed_implementation};
use lotse_tests::TestDb;
use lotse_tests::spawn::{Client, Staff, TestServer, first_code, spawn_app};
use serde_json::{Value, json};
use std::time::Duration;

/// Every operation that takes an id, aimed at tenant A: (label, document, variables).
fn aimed_at(
    a: &Seeded,
    a_staff: &Staff,
    b_staff: &Staff,
) -> Vec<(&'static str, &'static str, Value)> {
    let m = json!(a.id);
    let day = "2026-03-25";
    let at = "2026-04-01T10:00:00";
    vec![
        (
            "municipality",
            "query($m: ID!) { municipality(id: $m) { id name stage contact { person { name email } } timeline { text by } } }",
            json!({ "m": m }),
        ),
        (
            "municipality as of",
            "query($m: ID!, $t: DateTime!) { municipality(id: $m, asOf: $t) { id name stage } }",
            json!({ "m": m, "t": chrono::Utc::now().to_rfc3339() }),
        ),
        (
            "board of A's programme",
            "query($p: ID!) { board(programmeId: $p) { programmeId columns { stage cards { id name facilitator { id name } } } } }",
            json!({ "p": a_staff.programme.to_string() }),
        ),
        (
            "funder stats of A's programme",
            "query($p: ID!) { funderStats(programmeId: $p) { programmeId total stageCounts { stage count } } }",
            json!({ "p": a_staff.programme.to_string() }),
        ),
        (
            "registerUser into A's municipality",
            "mutation($m: ID!) { registerUser(role: CONTACT, name: \"Mallory Eindringling\", email: \"mallory@eindringling.example\", municipalityId: $m) { id name } }",
            json!({ "m": m }),
        ),
        (
            "scheduleInterview",
            "mutation($m: ID!, $at: LocalDateTime!) { scheduleInterview(municipalityId: $m, at: $at) { id name stage } }",
            json!({ "m": m, "at": at }),
        ),
        (
            "recordInterview",
            "mutation($m: ID!, $d: Date!) { recordInterview(municipalityId: $m, heldOn: $d, eligibility: { decisionMakersSupport: true, contactPersonNamed: true, sharesLearning: true }) { id name } }",
            json!({ "m": m, "d": day }),
        ),
        (
            "admit",
            "mutation($m: ID!) { admit(municipalityId: $m) { id name stage } }",
            json!({ "m": m }),
        ),
        (
            "putOnHold",
            "mutation($m: ID!) { putOnHold(municipalityId: $m, reason: \"Sabotage\") { id name } }",
            json!({ "m": m }),
        ),
        (
            "decline",
            "mutation($m: ID!) { decline(municipalityId: $m, reason: \"Sabotage\") { id name } }",
            json!({ "m": m }),
        ),
        (
            "assignContactPerson",
            "mutation($m: ID!) { assignContactPerson(municipalityId: $m, contact: { name: \"Mallory Eindringling\", role: \"Spionin\", email: \"mallory@eindringling.example\" }) { id name contact { person { name } } } }",
            json!({ "m": m }),
        ),
        (
            "assignFacilitator (B's facilitator to A's municipality)",
            "mutation($m: ID!, $f: ID!) { assignFacilitator(municipalityId: $m, facilitatorId: $f) { id name } }",
            json!({ "m": m, "f": b_staff.facilitator.id.to_string() }),
        ),
        (
            "startSelfCheck",
            "mutation($m: ID!) { startSelfCheck(municipalityId: $m) { id name } }",
            json!({ "m": m }),
        ),
        (
            "saveSelfCheckAnswer",
            "mutation($m: ID!) { saveSelfCheckAnswer(municipalityId: $m, answer: { indicatorId: \"governance-1\", level: 0 }) { id name selfChecks { answers { indicatorId level } } } }",
            json!({ "m": m }),
        ),
        (
            "submitSelfCheck",
            "mutation($m: ID!) { submitSelfCheck(municipalityId: $m) { id name } }",
            json!({ "m": m }),
        ),
        (
            "scheduleWorkshop",
            "mutation($m: ID!, $at: LocalDateTime!) { scheduleWorkshop(municipalityId: $m, at: $at, place: \"Keller\") { id name workshop { notes } } }",
            json!({ "m": m, "at": at }),
        ),
        (
            "recordWorkshop",
            "mutation($m: ID!, $d: Date!) { recordWorkshop(municipalityId: $m, heldOn: $d, participants: 3, priorities: [\"governance\"]) { id name } }",
            json!({ "m": m, "d": day }),
        ),
        (
            "completeNextStep",
            "mutation($m: ID!, $s: ID!) { completeNextStep(municipalityId: $m, stepId: $s) { id name nextSteps { what } } }",
            json!({ "m": m, "s": a.step }),
        ),
        (
            "planSupport",
            "mutation($m: ID!, $d: Date!) { planSupport(municipalityId: $m, format: COACHING, audience: MAYOR, on: $d, topic: \"Sabotage\") { id name } }",
            json!({ "m": m, "d": day }),
        ),
        (
            "recordSupport",
            "mutation($m: ID!, $s: ID!, $d: Date!) { recordSupport(municipalityId: $m, supportId: $s, heldOn: $d, participants: 2) { id name support { notes } } }",
            json!({ "m": m, "s": a.support, "d": day }),
        ),
        (
            "planDialogueEvent",
            "mutation($m: ID!, $at: LocalDateTime!) { planDialogueEvent(municipalityId: $m, format: ONLINE, at: $at, place: \"Netz\", topic: \"Sabotage\") { id name } }",
            json!({ "m": m, "at": at }),
        ),
        (
            "recordDialogueEvent",
            "mutation($m: ID!, $e: ID!, $d: Date!) { recordDialogueEvent(municipalityId: $m, eventId: $e, heldOn: $d, attendance: { residents: 1, administration: 0, politics: 0, business: 0, civilSociety: 0 }) { id name dialogueEvents { outcomes } } }",
            json!({ "m": m, "e": a.event, "d": day }),
        ),
        (
            "complete",
            "mutation($m: ID!) { complete(municipalityId: $m, learning: \"Sabotage\") { id name learning } }",
            json!({ "m": m }),
        ),
        (
            "withdraw",
            "mutation($m: ID!) { withdraw(municipalityId: $m, reason: \"Sabotage\") { id name } }",
            json!({ "m": m }),
        ),
    ]
}

/// A's ids of items used on B's own municipality: B's operations may run, but must neither
/// touch nor reveal A's items. (label, document, variables, codes that may come back).
fn b_with_a_items(
    a: &Seeded,
    a_staff: &Staff,
    b: &Seeded,
) -> Vec<(&'static str, &'static str, Value, &'static [&'static str])> {
    let m = json!(b.id);
    vec![
        (
            "A's next step on B's municipality",
            "mutation($m: ID!, $s: ID!) { completeNextStep(municipalityId: $m, stepId: $s) { id nextSteps { id what } } }",
            json!({ "m": m, "s": a.step }),
            &["UNKNOWN_ITEM", "FORBIDDEN"],
        ),
        (
            "A's format on B's municipality",
            "mutation($m: ID!, $s: ID!) { recordSupport(municipalityId: $m, supportId: $s, heldOn: \"2026-03-22\", participants: 2) { id support { id topic } } }",
            json!({ "m": m, "s": a.support }),
            &["UNKNOWN_ITEM", "FORBIDDEN"],
        ),
        (
            "A's dialogue event on B's municipality",
            "mutation($m: ID!, $e: ID!) { recordDialogueEvent(municipalityId: $m, eventId: $e, heldOn: \"2026-03-22\", attendance: { residents: 1, administration: 0, politics: 0, business: 0, civilSociety: 0 }) { id dialogueEvents { id topic } } }",
            json!({ "m": m, "e": a.event }),
            &["UNKNOWN_ITEM", "FORBIDDEN"],
        ),
        (
            "A's facilitator assigned to B's municipality",
            "mutation($m: ID!, $f: ID!) { assignFacilitator(municipalityId: $m, facilitatorId: $f) { id facilitator { id name } } }",
            json!({ "m": m, "f": a_staff.facilitator.id.to_string() }),
            &["INVALID_INPUT"],
        ),
        (
            "A's facilitator leading B's workshop",
            "mutation($m: ID!, $f: ID!) { scheduleWorkshop(municipalityId: $m, at: \"2026-04-01T10:00:00\", place: \"Rathaus\", facilitatorId: $f) { id workshop { facilitator { id name } } } }",
            json!({ "m": m, "f": a_staff.facilitator.id.to_string() }),
            &["INVALID_INPUT", "FORBIDDEN"],
        ),
        (
            "A's team member interviewing for B",
            "mutation($m: ID!, $i: ID!) { scheduleInterview(municipalityId: $m, at: \"2026-04-01T10:00:00\", interviewerId: $i) { id interview { interviewer { id name } } } }",
            json!({ "m": m, "i": a_staff.team.id.to_string() }),
            &["INVALID_INPUT", "FORBIDDEN"],
        ),
        (
            "the board filtered by A's facilitator",
            "query($f: ID!) { board(facilitatorId: $f) { columns { cards { id name } } } }",
            json!({ "f": a_staff.facilitator.id.to_string() }),
            &[],
        ),
    ]
}

/// Everything A's team sees of A, to compare before and after.
async fn a_as_seen_by_its_team(a_team: &Client, a: &Seeded) -> Value {
    a_team
        .data(
            "query($m: ID!) { municipality(id: $m) { id version stage contact { userId person { name email } } facilitator { id } interview { heldOn notes } selfChecks { answered submittedOn answers { indicatorId level } } workshop { at heldOn notes facilitator { id } } nextSteps { id doneOn } support { id heldOn } dialogueEvents { id heldOn attendance { total } } completedOn withdrawnOn decisionReason timeline { version text } } board { columns { stage cards { id facilitator { id } } } } funderStats { total stageCounts { stage count } } municipalities { id } }",
            json!({ "m": a.id }),
        )
        .await
}

struct World {
    a_staff: Staff,
    b_staff: Staff,
    a: Seeded,
    b: Seeded,
    a_team: Client,
    b_roles: Vec<(&'static str, Client)>,
}

async fn two_tenants(app: &TestServer) -> World {
    let a_staff = app.create_tenant("Alpha").await;
    let b_staff = app.create_tenant("Beta").await;
    let a_team = app.sign_in(&a_staff.team.email).await;
    let a_facilitator = app.sign_in(&a_staff.facilitator.email).await;
    let a = seed_implementation(
        app,
        &a_staff,
        &a_team,
        &a_facilitator,
        "Alphastadt",
        "Adelheid Alphakontakt",
        "GEHEIMNIS-ALPHA",
    )
    .await;
    let b_team = app.sign_in(&b_staff.team.email).await;
    let b_facilitator = app.sign_in(&b_staff.facilitator.email).await;
    let b = seed_implementation(
        app,
        &b_staff,
        &b_team,
        &b_facilitator,
        "Betadorf",
        "Bernhard Betakontakt",
        "GEHEIMNIS-BETA",
    )
    .await;
    let b_funder = app.sign_in(&b_staff.funder.email).await;
    let b_roles = vec![
        ("B's team", b_team),
        ("B's facilitator", b_facilitator),
        ("B's contact person", b.contact.clone()),
        ("B's funder", b_funder),
        ("nobody (no session)", app.client()),
    ];
    World {
        a_staff,
        b_staff,
        a,
        b,
        a_team,
        b_roles,
    }
}

/// Strings that belong to A and must never appear in an answer to B.
fn a_marks(w: &World) -> Vec<String> {
    vec![
        w.a.id.clone(),
        w.a.step.clone(),
        w.a.support.clone(),
        w.a.event.clone(),
        w.a_staff.programme.to_string(),
        w.a_staff.facilitator.id.to_string(),
        w.a_staff.team.id.to_string(),
        "Alphastadt".into(),
        "Alphakontakt".into(),
        "alphastadt.example".into(),
        "GEHEIMNIS-ALPHA".into(),
        w.a_staff.facilitator.name.clone(),
        w.a_staff.team.name.clone(),
        "Kohorte Alpha".into(),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_role_of_tenant_b_can_read_or_change_anything_of_tenant_a_by_its_ids() {
    let app = spawn_app(TestDb::postgres().await).await;
    let w = two_tenants(&app).await;
    let before = a_as_seen_by_its_team(&w.a_team, &w.a).await;
    let log_before = lotse_tests::whole_log(&app.db.store, 0).await.len();
    let marks = a_marks(&w);
    let no_trace = |who: &str, what: &str, body: &Value| {
        let raw = body.to_string();
        for mark in &marks {
            assert!(
                !raw.contains(mark.as_str()),
                "{who} / {what}: the answer shows A's {mark:?}: {raw}"
            );
        }
    };

    for (who, client) in &w.b_roles {
        let allowed: &[&str] = if client.session_cookie().is_some() {
            &["NOT_FOUND", "FORBIDDEN"]
        } else {
            &["UNAUTHENTICATED"]
        };
        for (what, document, variables) in aimed_at(&w.a, &w.a_staff, &w.b_staff) {
            let body = client.gql(document, variables).await;
            let code = first_code(&body);
            assert!(
                code.as_deref().is_some_and(|c| allowed.contains(&c)),
                "{who} / {what}: expected one of {allowed:?}, got {body}"
            );
            assert!(body["data"].is_null(), "{who} / {what}: no data: {body}");
            no_trace(who, what, &body);
        }
        for (what, document, variables, codes) in b_with_a_items(&w.a, &w.a_staff, &w.b) {
            let body = client.gql(document, variables).await;
            if client.session_cookie().is_none() {
                assert_eq!(
                    first_code(&body).as_deref(),
                    Some("UNAUTHENTICATED"),
                    "{who} / {what}: {body}"
                );
            } else if codes.is_empty() {
                // A query B may run: it answers about B only.
                if body.get("errors").is_none() {
                    let cards: usize = body["data"]["board"]["columns"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c["cards"].as_array().unwrap().len())
                        .sum();
                    assert_eq!(cards, 0, "{who} / {what}: {body}");
                }
            } else {
                let code = first_code(&body);
                assert!(
                    code.as_deref().is_some_and(|c| {
                        codes.contains(&c) || c == "FORBIDDEN" || c == "NOT_FOUND"
                    }),
                    "{who} / {what}: expected one of {codes:?}, got {body}"
                );
            }
            no_trace(who, what, &body);
        }
    }

    // Nothing of A changed: its page, board and numbers as its team sees them, and the log.
    let after = a_as_seen_by_its_team(&w.a_team, &w.a).await;
    assert_eq!(
        before["municipality"]["version"], after["municipality"]["version"],
        "A's municipality has no new events"
    );
    assert_eq!(before, after, "A looks exactly as before");
    let log_after = lotse_tests::whole_log(&app.db.store, log_before)
        .await
        .len();
    assert_eq!(log_before, log_after, "no event was appended anywhere");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn subscriptions_of_tenant_b_hear_nothing_of_tenant_a() {
    let app = spawn_app(TestDb::postgres().await).await;
    let a_staff = app.create_tenant("Alpha").await;
    let b_staff = app.create_tenant("Beta").await;
    let a_team = app.sign_in(&a_staff.team.email).await;
    let b_team = app.sign_in(&b_staff.team.email).await;
    let b_funder = app.sign_in(&b_staff.funder.email).await;
    let id = crate::api::submit_interest(
        &app,
        &a_team,
        crate::api::interest(
            &a_staff.programme.to_string(),
            "Alphastadt",
            "antrag@alphastadt.example",
        ),
    )
    .await;

    // B cannot follow A's municipality, in any role.
    for (who, client) in [
        ("B's team", &b_team),
        ("B's funder", &b_funder),
        ("nobody", &app.client()),
    ] {
        let mut sub = app
            .subscribe(
                client,
                "subscription($m: ID!) { municipalityChanged(id: $m) { id name stage } }",
                json!({ "m": id }),
            )
            .await;
        let m = sub
            .message(Duration::from_secs(5))
            .await
            .expect("an answer to the subscription");
        // graphql-transport-ws: an `error` message, or a result carrying the errors.
        let errors = match m["type"].as_str() {
            Some("error") => &m["payload"],
            Some("next") => &m["payload"]["errors"],
            _ => panic!("{who}: expected a refusal, got {m}"),
        };
        assert!(m["payload"]["data"].is_null(), "{who}: no data of A: {m}");
        let code = errors[0]["extensions"]["code"].as_str();
        assert!(
            matches!(code, Some("NOT_FOUND" | "FORBIDDEN" | "UNAUTHENTICATED")),
            "{who}: {m}"
        );
        assert!(!m.to_string().contains("Alphastadt"), "{who}: {m}");
    }

    // A's board changes reach A's team, and not B's.
    let query = "subscription { boardChanged { municipalityId stage } }";
    let mut a_board = app.subscribe(&a_team, query, json!({})).await;
    let mut b_board = app.subscribe(&b_team, query, json!({})).await;
    let mut b_funder_board = app.subscribe(&b_funder, query, json!({})).await;
    // Give the server a moment to register the subscriptions before the change.
    tokio::time::sleep(Duration::from_millis(200)).await;
    crate::api::run(
        &a_team,
        crate::api::SCHEDULE_INTERVIEW,
        json!({ "m": id, "at": "2026-03-09T10:00:00" }),
    )
    .await;
    let change = a_board
        .next(Duration::from_secs(5))
        .await
        .expect("A's team hears of A's change");
    assert_eq!(
        change["data"]["boardChanged"]["municipalityId"],
        id.as_str()
    );
    assert_eq!(change["data"]["boardChanged"]["stage"], "INTERVIEW");
    assert_eq!(
        b_board.message(Duration::from_secs(1)).await,
        None,
        "B's team hears nothing"
    );
    assert_eq!(
        b_funder_board.message(Duration::from_millis(200)).await,
        None,
        "B's funder hears nothing"
    );
}
