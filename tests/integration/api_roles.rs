//! Roles over HTTP: each role gets what the brief gives it. Funders see aggregates and stage
//! lists without a person or a note; contact persons see and work on their own municipality;
//! facilitators see and work on the municipalities assigned to them.

use crate::api::*;
use lotse_tests::TestDb;
use lotse_tests::spawn::{Client, spawn_app};
use serde_json::{Value, json};

const MOTIVATION: &str = "INTERN-MOTIVATION-Quokka";
const INTERVIEW_NOTES: &str = "INTERN-GESPRAECH-Axolotl";
const WORKSHOP_NOTES: &str = "INTERN-WORKSHOP-Narwal";
const SUBMITTER: &str = "Walburga Einreicherin";
const CONTACT_ONE: &str = "Konstanze Kontaktfrau";
const CONTACT_TWO: &str = "Korbinian Kontaktmann";

/// The ids of every card on `client`'s board.
async fn board_cards(client: &Client) -> Vec<Value> {
    let data = client
        .data(
            "{ board { columns { stage cards { id name facilitator { id name } } } } }",
            json!({}),
        )
        .await;
    data["board"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["cards"].as_array().unwrap().clone())
        .collect()
}

fn ids(cards: &[Value]) -> Vec<String> {
    let mut ids: Vec<String> = cards
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_role_gets_exactly_what_the_brief_gives_it() {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("Gamma").await;
    let programme = staff.programme.to_string();
    let team = app.sign_in(&staff.team.email).await;
    let facilitator = app.sign_in(&staff.facilitator.email).await;
    let funder = app.sign_in(&staff.funder.email).await;

    // Three municipalities: one of the facilitator's, one of the second facilitator's, and
    // one that has only sent the form.
    app.set_day(0);
    let mut form = interest(&programme, "Erststadt", "antrag@erststadt.example");
    form["motivation"] = json!(format!("Wir wollen mitmachen. {MOTIVATION}"));
    let one = submit_interest(&app, &team, form).await;
    let two = submit_interest(
        &app,
        &team,
        interest(&programme, "Zweitdorf", "antrag@zweitdorf.example"),
    )
    .await;
    let mut form = interest(&programme, "Drittheim", "walburga@drittheim.example");
    form["name"] = json!(SUBMITTER);
    let three = submit_interest(&app, &team, form).await;

    let held = app.set_day(7);
    run(
        &team,
        SCHEDULE_INTERVIEW,
        json!({ "m": one, "at": at(held, 10) }),
    )
    .await;
    run(
        &team,
        RECORD_INTERVIEW,
        json!({ "m": one, "d": day(held), "notes": INTERVIEW_NOTES }),
    )
    .await;
    run(&team, ADMIT, json!({ "m": one })).await;
    admit(&app, &team, &two, 7).await;
    for (m, f) in [
        (&one, &staff.facilitator),
        (&two, &staff.second_facilitator),
    ] {
        run(
            &team,
            ASSIGN_FACILITATOR,
            json!({ "m": m, "f": f.id.to_string() }),
        )
        .await;
    }
    let contact = contact_signed_in(
        &app,
        &team,
        &one,
        CONTACT_ONE,
        "konstanze@erststadt.example",
    )
    .await;
    let _other_contact = contact_signed_in(
        &app,
        &team,
        &two,
        CONTACT_TWO,
        "korbinian@zweitdorf.example",
    )
    .await;

    // The contact person: their municipality only; the self-check yes, decisions no.
    let mine = contact.data("{ municipalities { id } }", json!({})).await;
    assert_eq!(
        mine["municipalities"],
        json!([{ "id": one }]),
        "a contact person sees exactly their own municipality"
    );
    for other in [&two, &three] {
        let (code, _) = contact
            .refused(
                "query($m: ID!) { municipality(id: $m) { id name } }",
                json!({ "m": other }),
            )
            .await;
        assert_eq!(code, "NOT_FOUND");
    }
    for (what, document) in [
        (
            "admit",
            "mutation($m: ID!) { admit(municipalityId: $m) { id stage } }",
        ),
        (
            "decline",
            "mutation($m: ID!) { decline(municipalityId: $m, reason: \"Keine Lust\") { id stage } }",
        ),
        (
            "putOnHold",
            "mutation($m: ID!) { putOnHold(municipalityId: $m, reason: \"Später\") { id stage } }",
        ),
        (
            "assignContactPerson",
            "mutation($m: ID!) { assignContactPerson(municipalityId: $m, contact: { name: \"Neue Person\", role: \"Amt\", email: \"neu@erststadt.example\" }) { id } }",
        ),
    ] {
        let (code, _) = contact.refused(document, json!({ "m": one })).await;
        assert_eq!(code, "FORBIDDEN", "a contact person may not {what}");
    }
    for document in [
        "{ board { columns { stage } } }",
        "{ funderStats { total } }",
    ] {
        let (code, _) = contact.refused(document, json!({})).await;
        assert_eq!(code, "FORBIDDEN", "{document}");
    }
    app.set_day(10);
    let page = run(&contact, START_SELF_CHECK, json!({ "m": one })).await;
    assert_eq!(page["stage"], "SELF_CHECK");
    let indicator_ids = indicators(&contact).await;
    for (n, i) in indicator_ids.iter().enumerate() {
        let page = run(
            &contact,
            SAVE_ANSWER,
            json!({ "m": one, "i": i, "l": ((n + 2) % 5) as i32 }),
        )
        .await;
        assert_eq!(page["selfChecks"][0]["answered"], (n + 1) as i64);
    }
    let (code, _) = contact
        .refused(
            SAVE_ANSWER,
            json!({ "m": two, "i": indicator_ids[0], "l": 1 }),
        )
        .await;
    assert_eq!(
        code, "NOT_FOUND",
        "not in another municipality's self-check"
    );
    let page = run(&contact, SUBMIT_SELF_CHECK, json!({ "m": one })).await;
    assert_eq!(page["stage"], "WORKSHOP");
    let own = contact
        .gql(
            "query($m: ID!) { municipality(id: $m) { name submitter { name email } motivation interview { heldOn notes } workshop { notes } contact { person { name } } } }",
            json!({ "m": one }),
        )
        .await;
    assert_eq!(own["data"]["municipality"]["name"], "Erststadt");
    assert_eq!(
        own["data"]["municipality"]["contact"]["person"]["name"],
        CONTACT_ONE
    );
    assert!(own["data"]["municipality"]["submitter"].is_null(), "{own}");
    assert!(own["data"]["municipality"]["motivation"].is_null(), "{own}");
    assert!(
        own["data"]["municipality"]["interview"]["notes"].is_null(),
        "{own}"
    );
    assert!(!own.to_string().contains("INTERN-"), "{own}");

    // The facilitator: their municipality only, where they run the workshop, but no decisions.
    assert_eq!(ids(&board_cards(&facilitator).await), vec![one.clone()]);
    let theirs = facilitator
        .data("{ municipalities { id } }", json!({}))
        .await;
    assert_eq!(theirs["municipalities"], json!([{ "id": one }]));
    let (code, _) = facilitator
        .refused(
            "query($m: ID!) { municipality(id: $m) { id } }",
            json!({ "m": two }),
        )
        .await;
    assert_eq!(code, "NOT_FOUND");
    let workshop = app.set_day(20);
    let (code, _) = facilitator
        .refused(
            SCHEDULE_WORKSHOP,
            json!({ "m": two, "at": at(workshop, 9) }),
        )
        .await;
    assert_eq!(
        code, "NOT_FOUND",
        "no workshop in someone else's municipality"
    );
    run(
        &facilitator,
        SCHEDULE_WORKSHOP,
        json!({ "m": one, "at": at(workshop, 9) }),
    )
    .await;
    let page = run(
        &facilitator,
        RECORD_WORKSHOP,
        json!({ "m": one, "d": day(workshop), "due": day(workshop + chrono::Days::new(30)), "notes": WORKSHOP_NOTES, "priorities": priorities(&facilitator).await }),
    )
    .await;
    assert_eq!(page["stage"], "IMPLEMENTATION");
    for (what, document, m) in [
        (
            "admit their municipality",
            "mutation($m: ID!) { admit(municipalityId: $m) { id } }",
            &one,
        ),
        (
            "decline their municipality",
            "mutation($m: ID!) { decline(municipalityId: $m, reason: \"Nein\") { id } }",
            &one,
        ),
        (
            "name a contact person",
            "mutation($m: ID!) { assignContactPerson(municipalityId: $m, contact: { name: \"Neue Person\", role: \"Amt\", email: \"neu@erststadt.example\" }) { id } }",
            &one,
        ),
        (
            "complete the participation",
            "mutation($m: ID!) { complete(municipalityId: $m, learning: \"Viel\") { id } }",
            &one,
        ),
    ] {
        let (code, _) = facilitator.refused(document, json!({ "m": m })).await;
        assert_eq!(code, "FORBIDDEN", "a facilitator may not {what}");
    }
    let (code, _) = facilitator
        .refused(
            "mutation($m: ID!) { admit(municipalityId: $m) { id } }",
            json!({ "m": three }),
        )
        .await;
    assert_eq!(code, "NOT_FOUND", "nor admit one they cannot see");
    let (code, _) = facilitator
        .refused("{ funderStats { total } }", json!({}))
        .await;
    assert_eq!(code, "FORBIDDEN");
    let staff_view = facilitator
        .data(
            "query($m: ID!) { municipality(id: $m) { motivation interview { notes } workshop { notes } } }",
            json!({ "m": one }),
        )
        .await;
    assert!(
        staff_view.to_string().contains(MOTIVATION)
            && staff_view.to_string().contains(INTERVIEW_NOTES)
            && staff_view.to_string().contains(WORKSHOP_NOTES),
        "the facilitator works with the notes: {staff_view}"
    );

    // The team sees everything, including the person who sent the form.
    assert_eq!(
        ids(&board_cards(&team).await),
        sorted(vec![one.clone(), two.clone(), three.clone()])
    );
    let page = team
        .data(
            "query($m: ID!) { municipality(id: $m) { submitter { name email } } }",
            json!({ "m": three }),
        )
        .await;
    assert_eq!(page["municipality"]["submitter"]["name"], SUBMITTER);

    // The funder: numbers and the stage list, never a person, an address or a note.
    let forbidden_in_funder_answers = [
        "@",
        SUBMITTER,
        CONTACT_ONE,
        CONTACT_TWO,
        "INTERN-",
        "Erika Mustermann",
        &staff.team.name,
        &staff.facilitator.name,
        &staff.second_facilitator.name,
        "06181",
    ];
    let mut answers: Vec<(String, Value)> = Vec::new();
    let mut ask = async |label: &str, document: &str, variables: Value| -> Value {
        let body = funder.gql(document, variables).await;
        answers.push((label.to_string(), body.clone()));
        body
    };
    let cards = ask(
        "board",
        "{ board { programmeId columns { stage label count cards { id name bundesland stage daysInStage overdue facilitator { id name } } } } }",
        json!({}),
    )
    .await;
    let all_cards: Vec<&Value> = cards["data"]["board"]["columns"]
        .as_array()
        .expect("the funder gets the board")
        .iter()
        .flat_map(|c| c["cards"].as_array().unwrap())
        .collect();
    assert_eq!(
        all_cards.len(),
        3,
        "the funder sees the stage list: {cards}"
    );
    assert!(
        all_cards.iter().all(|c| c["facilitator"].is_null()),
        "without people: {cards}"
    );
    let stats = ask(
        "funderStats",
        "{ funderStats { programmeId total stageCounts { stage label count } funnel { stage count } medianDays { stage medianDays } window { admitted active completed withdrawn endingSoon overrun medianElapsedPercent } scores { fieldId title firstCount firstMedian secondCount secondMedian changeMedian } attendance { group label total } dialogueEventsHeld byBundesland { bundesland label all admitted } bySizeClass { sizeClass label all admitted } } }",
        json!({}),
    )
    .await;
    assert_eq!(stats["data"]["funderStats"]["total"], 3, "{stats}");
    assert_eq!(
        count_of(
            &stats["data"]["funderStats"]["stageCounts"],
            "IMPLEMENTATION"
        ),
        1
    );
    ask(
        "board of a stage",
        "{ board(stage: IMPLEMENTATION) { columns { cards { id name facilitator { name } } } } }",
        json!({}),
    )
    .await;
    ask(
        "me",
        "{ me { userId role name tenantName municipalityId } }",
        json!({}),
    )
    .await;
    ask(
        "programmes",
        "{ programmes { id name capacity seatsTaken framework { id title } } }",
        json!({}),
    )
    .await;
    for (label, document, m) in [
        (
            "municipality",
            "query($m: ID!) { municipality(id: $m) { id name submitter { name email } motivation interview { notes } contact { person { name email phone } } workshop { notes } timeline { text by } } }",
            &one,
        ),
        (
            "municipality as of",
            "query($m: ID!) { municipality(id: $m, asOf: \"2030-01-01T00:00:00Z\") { id name contact { person { name email } } } }",
            &one,
        ),
        (
            "municipality that only sent the form",
            "query($m: ID!) { municipality(id: $m) { submitter { name email } motivation } }",
            &three,
        ),
        (
            "admit",
            "mutation($m: ID!) { admit(municipalityId: $m) { id submitter { name } } }",
            &three,
        ),
        (
            "scheduleInterview",
            "mutation($m: ID!) { scheduleInterview(municipalityId: $m, at: \"2026-03-30T10:00:00\") { id submitter { name } } }",
            &three,
        ),
    ] {
        let body = ask(label, document, json!({ "m": m })).await;
        let code = lotse_tests::spawn::first_code(&body);
        assert!(
            matches!(code.as_deref(), Some("NOT_FOUND" | "FORBIDDEN")),
            "the funder is refused {label}: {body}"
        );
        assert!(body["data"].is_null(), "{label}: {body}");
    }
    for (label, document) in [
        (
            "municipalities",
            "{ municipalities { id name facilitator { name } } }",
        ),
        ("myTasks", "{ myTasks { title municipalityName } }"),
    ] {
        let body = ask(label, document, json!({})).await;
        assert_eq!(
            lotse_tests::spawn::first_code(&body).as_deref(),
            Some("FORBIDDEN"),
            "{label}: {body}"
        );
    }
    for (label, body) in &answers {
        let raw = body.to_string();
        for word in forbidden_in_funder_answers {
            assert!(
                !raw.contains(word),
                "the funder's answer to {label} contains {word:?}: {raw}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_team_can_choose_any_facilitator_of_its_own_tenant_and_nobody_else_may_list_them() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let staff = app.create_tenant("Delta").await;
    let other = app.create_tenant("Epsilon").await;
    let team = app.sign_in(&staff.team.email).await;
    const LIST: &str = "{ facilitators { id name } }";
    // Nobody is assigned anywhere yet: both facilitators and the team member can be chosen.
    let names: Vec<String> = team.data(LIST, json!({})).await["facilitators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        sorted(names),
        sorted(vec![
            staff.facilitator.name.clone(),
            staff.second_facilitator.name.clone(),
            staff.team.name.clone(),
        ])
    );
    for who in [&staff.facilitator, &staff.funder, &other.facilitator] {
        let client = app.sign_in(&who.email).await;
        let body = client.gql(LIST, json!({})).await;
        assert!(
            body["data"].is_null() || body["data"]["facilitators"].is_null(),
            "{body}"
        );
        assert_eq!(
            lotse_tests::spawn::first_code(&body).as_deref(),
            Some("FORBIDDEN"),
            "{body}"
        );
    }
}
