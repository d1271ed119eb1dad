//! The GraphQL API over HTTP, as the web app and people use it: the steps of the journey as
//! GraphQL documents (shared by the other `api_*` tests), and one municipality's whole journey
//! from the public form to the label, as the team, the contact person and the facilitator in
//! turn, checking the board, the timeline and the funder numbers after every step.

use chrono::NaiveDate;
use lotse_tests::TestDb;
use lotse_tests::spawn::{Client, PUBLIC_URL, Staff, TestServer, spawn_app};
use serde_json::{Value, json};

/// `2026-03-02`.
pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `2026-03-02T10:00:00`.
pub(crate) fn at(d: NaiveDate, hour: u32) -> String {
    format!("{}T{hour:02}:00:00", day(d))
}

/// A complete, valid interest form, without its form token (see
/// `TestServer::with_form_token`).
pub(crate) fn interest(programme: &str, name: &str, email: &str) -> Value {
    json!({
        "programmeId": programme,
        "municipalityName": name,
        "bundesland": "HESSEN",
        "kind": "STADT",
        "population": 24000,
        "name": "Erika Mustermann",
        "role": "Integrationsbeauftragte",
        "email": email,
        "phone": "06181 2950",
        "motivation": "Wir wollen Zugewanderte besser willkommen heißen.",
        "consentToContact": true,
        "language": "DE",
        "website": "",
    })
}

/// The same form as the plain HTML page posts it (no JavaScript), without a form token.
pub(crate) fn plain_interest(
    programme: &str,
    lang: &str,
    name: &str,
    email: &str,
) -> Vec<(&'static str, String)> {
    vec![
        ("language", lang.into()),
        ("programmeId", programme.into()),
        ("municipalityName", name.into()),
        ("bundesland", "HESSEN".into()),
        ("kind", "STADT".into()),
        ("population", "13000".into()),
        ("name", "Erika Mustermann".into()),
        ("role", "Integrationsbeauftragte".into()),
        ("email", email.into()),
        ("motivation", "Wir wollen mitmachen.".into()),
        ("consentToContact", "on".into()),
        ("website", String::new()),
    ]
}

/// Posts the plain HTML form to `base` as a browser on `origin` would (none: no `Origin`
/// header); the status and the page.
pub(crate) async fn post_plain_interest(
    base: &str,
    fields: &[(&str, String)],
    origin: Option<&str>,
) -> (reqwest::StatusCode, String) {
    let mut request = reqwest::Client::new()
        .post(format!("{base}/interesse"))
        .form(fields);
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    let response = request.send().await.expect("the server answers");
    (response.status(), response.text().await.unwrap())
}

pub(crate) const SUBMIT_INTEREST: &str =
    "mutation($input: InterestInput!) { submitInterest(input: $input) { received } }";

/// Sends the public form without a session; the team then finds the new municipality by name.
pub(crate) async fn submit_interest(server: &TestServer, team: &Client, input: Value) -> String {
    let name = input["municipalityName"].as_str().unwrap().to_string();
    let receipt = server
        .client()
        .data(
            SUBMIT_INTEREST,
            json!({ "input": server.with_form_token(input) }),
        )
        .await;
    assert_eq!(receipt["submitInterest"]["received"], true);
    municipality_by_name(team, &name)
        .await
        .unwrap_or_else(|| panic!("the team does not see {name} after the form was sent"))
}

/// The id of the municipality called `name`, among those `client` may open.
pub(crate) async fn municipality_by_name(client: &Client, name: &str) -> Option<String> {
    let data = client
        .data("{ municipalities { id name } }", json!({}))
        .await;
    data["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .map(|m| m["id"].as_str().unwrap().to_string())
}

/// Runs a municipality mutation that must succeed; the municipality it answers with.
pub(crate) async fn run(client: &Client, document: &str, variables: Value) -> Value {
    let data = client.data(document, variables).await;
    let (_, page) = data
        .as_object()
        .unwrap()
        .iter()
        .next()
        .expect("one mutation");
    page.clone()
}

pub(crate) const SCHEDULE_INTERVIEW: &str = "mutation($m: ID!, $at: LocalDateTime!) { scheduleInterview(municipalityId: $m, at: $at) { id version stage timeline { text by eventType } } }";
pub(crate) const RECORD_INTERVIEW: &str = "mutation($m: ID!, $d: Date!, $notes: String) { recordInterview(municipalityId: $m, heldOn: $d, notes: $notes, eligibility: { decisionMakersSupport: true, contactPersonNamed: true, sharesLearning: true }) { id version stage timeline { text by eventType } } }";
pub(crate) const ADMIT: &str = "mutation($m: ID!) { admit(municipalityId: $m) { id version stage admittedOn windowEndsOn timeline { text by eventType } } }";
pub(crate) const ASSIGN_FACILITATOR: &str = "mutation($m: ID!, $f: ID!) { assignFacilitator(municipalityId: $m, facilitatorId: $f) { id version stage facilitator { id name } timeline { text by eventType } } }";
pub(crate) const ASSIGN_CONTACT: &str = "mutation($m: ID!, $name: String!, $email: String!) { assignContactPerson(municipalityId: $m, contact: { name: $name, role: \"Integrationsbeauftragte\", email: $email }) { id version stage contact { userId person { name email } } timeline { text by eventType } } }";
pub(crate) const START_SELF_CHECK: &str = "mutation($m: ID!) { startSelfCheck(municipalityId: $m) { id version stage timeline { text by eventType } } }";
pub(crate) const SAVE_ANSWER: &str = "mutation($m: ID!, $i: String!, $l: Int) { saveSelfCheckAnswer(municipalityId: $m, answer: { indicatorId: $i, level: $l }) { id version stage selfChecks { answered indicators } } }";
pub(crate) const SUBMIT_SELF_CHECK: &str = "mutation($m: ID!) { submitSelfCheck(municipalityId: $m) { id version stage selfChecks { submittedOn overall answered indicators fields { fieldId score } } timeline { text by eventType } } }";
pub(crate) const SCHEDULE_WORKSHOP: &str = "mutation($m: ID!, $at: LocalDateTime!) { scheduleWorkshop(municipalityId: $m, at: $at, place: \"Rathaus, Großer Saal\", invited: [\"Bürgermeisterin\", \"Integrationsbeirat\"]) { id version stage workshop { at place } timeline { text by eventType } } }";
pub(crate) const RECORD_WORKSHOP: &str = "mutation($m: ID!, $d: Date!, $due: Date!, $notes: String, $priorities: [String!]!) { recordWorkshop(municipalityId: $m, heldOn: $d, participants: 14, priorities: $priorities, nextSteps: [{ what: \"Willkommensmappe überarbeiten\", who: \"Bürgerbüro\", due: $due }, { what: \"Sprachcafé gründen\", who: \"Volkshochschule\", due: $due }], notes: $notes) { id version stage workshop { heldOn participants priorities } nextSteps { id what due doneOn } timeline { text by eventType } } }";
pub(crate) const COMPLETE_NEXT_STEP: &str = "mutation($m: ID!, $s: ID!) { completeNextStep(municipalityId: $m, stepId: $s) { id version stage nextSteps { id doneOn } timeline { text by eventType } } }";
pub(crate) const PLAN_SUPPORT: &str = "mutation($m: ID!, $on: Date!) { planSupport(municipalityId: $m, format: COACHING, audience: MAYOR, on: $on, topic: \"Haltung zeigen\") { id version stage support { id topic } timeline { text by eventType } } }";
pub(crate) const PLAN_EVENT: &str = "mutation($m: ID!, $at: LocalDateTime!, $topic: String!) { planDialogueEvent(municipalityId: $m, format: TOWN_HALL, at: $at, place: \"Stadthalle\", topic: $topic) { id version stage dialogueEvents { id topic heldOn } timeline { text by eventType } } }";
pub(crate) const RECORD_EVENT: &str = "mutation($m: ID!, $e: ID!, $d: Date!) { recordDialogueEvent(municipalityId: $m, eventId: $e, heldOn: $d, attendance: { residents: 31, administration: 6, politics: 4, business: 3, civilSociety: 9 }, outcomes: \"Patenschaften für Neuzugezogene\") { id version stage dialogueEvents { id heldOn attendance { total } } timeline { text by eventType } } }";
pub(crate) const COMPLETE: &str = "mutation($m: ID!, $learning: String!) { complete(municipalityId: $m, learning: $learning) { id version stage completedOn learning timeline { text by eventType } } }";

/// The indicator ids of the programme's framework, as the self-check page gets them.
pub(crate) async fn indicators(client: &Client) -> Vec<String> {
    let data = client
        .data(
            "{ programmes { framework { fields { id indicators { id } } } } }",
            json!({}),
        )
        .await;
    let ids: Vec<String> = data["programmes"][0]["framework"]["fields"]
        .as_array()
        .expect("the framework's fields")
        .iter()
        .flat_map(|f| f["indicators"].as_array().unwrap().clone())
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() >= 10, "a real framework: {ids:?}");
    ids
}

/// The ids of the framework's fields of action.
pub(crate) async fn fields_of_action(client: &Client) -> Vec<String> {
    let data = client
        .data("{ programmes { framework { fields { id } } } }", json!({}))
        .await;
    data["programmes"][0]["framework"]["fields"]
        .as_array()
        .expect("the framework's fields")
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

/// Two fields of action to set as the workshop's priorities.
pub(crate) async fn priorities(client: &Client) -> Value {
    let fields = fields_of_action(client).await;
    json!([fields[1], fields[0]])
}

/// The column a municipality sits in on `client`'s board (`None` when not on it).
pub(crate) async fn column_of(client: &Client, id: &str) -> Option<String> {
    let data = client
        .data("{ board { columns { stage cards { id } } } }", json!({}))
        .await;
    let columns = data["board"]["columns"].as_array().unwrap();
    let found: Vec<String> = columns
        .iter()
        .filter(|c| c["cards"].as_array().unwrap().iter().any(|k| k["id"] == id))
        .map(|c| c["stage"].as_str().unwrap().to_string())
        .collect();
    assert!(found.len() <= 1, "a card sits in one column: {found:?}");
    found.into_iter().next()
}

/// A municipality admitted by `team` on day `days`: interview scheduled, held (all
/// criteria met), admitted; the admitted page.
pub(crate) async fn admit(server: &TestServer, team: &Client, id: &str, days: u64) -> Value {
    let held = server.set_day(days);
    run(
        team,
        SCHEDULE_INTERVIEW,
        json!({ "m": id, "at": at(held, 10) }),
    )
    .await;
    run(
        team,
        RECORD_INTERVIEW,
        json!({ "m": id, "d": day(held), "notes": null }),
    )
    .await;
    let page = run(team, ADMIT, json!({ "m": id })).await;
    assert_eq!(page["stage"], "ONBOARDING");
    page
}

/// Names a contact person and signs them in with the link of their welcome mail.
pub(crate) async fn contact_signed_in(
    server: &TestServer,
    team: &Client,
    id: &str,
    name: &str,
    email: &str,
) -> Client {
    run(
        team,
        ASSIGN_CONTACT,
        json!({ "m": id, "name": name, "email": email }),
    )
    .await;
    let welcome = server.mail_to("contact_welcome", email).await;
    let link = welcome.context["sign_in_url"].as_str().unwrap().to_string();
    let contact = server.client();
    contact.sign_in_with_link(&link).await;
    contact
}

/// The contact starts the self-check, answers every indicator and submits.
pub(crate) async fn fill_in_self_check(contact: &Client, id: &str) -> Value {
    run(contact, START_SELF_CHECK, json!({ "m": id })).await;
    for (n, indicator) in indicators(contact).await.iter().enumerate() {
        run(
            contact,
            SAVE_ANSWER,
            json!({ "m": id, "i": indicator, "l": (n % 5) as i32 }),
        )
        .await;
    }
    run(contact, SUBMIT_SELF_CHECK, json!({ "m": id })).await
}

/// What a seeded municipality offers to aim at: its ids and those of its items.
#[derive(Clone)]
pub(crate) struct Seeded {
    pub id: String,
    pub step: String,
    pub support: String,
    pub event: String,
    pub contact: Client,
}

/// Takes a new municipality of `staff`'s programme to implementation, with a contact person,
/// the facilitator, a held workshop with next steps, a planned decision-maker format and a
/// planned dialogue event. Notes and motivation carry `secret` so tests can look for it.
pub(crate) async fn seed_implementation(
    server: &TestServer,
    staff: &Staff,
    team: &Client,
    facilitator: &Client,
    name: &str,
    contact_name: &str,
    secret: &str,
) -> Seeded {
    let lower = name.to_lowercase().replace(' ', "-");
    let mut form = interest(
        &staff.programme.to_string(),
        name,
        &format!("antrag@{lower}.example"),
    );
    form["motivation"] = json!(format!("Motivation {secret}"));
    server.set_day(0);
    let id = submit_interest(server, team, form).await;
    let held = server.set_day(7);
    run(
        team,
        SCHEDULE_INTERVIEW,
        json!({ "m": id, "at": at(held, 10) }),
    )
    .await;
    run(
        team,
        RECORD_INTERVIEW,
        json!({ "m": id, "d": day(held), "notes": format!("Interview {secret}") }),
    )
    .await;
    run(team, ADMIT, json!({ "m": id })).await;
    run(
        team,
        ASSIGN_FACILITATOR,
        json!({ "m": id, "f": staff.facilitator.id.to_string() }),
    )
    .await;
    let contact = contact_signed_in(
        server,
        team,
        &id,
        contact_name,
        &format!("kontakt@{lower}.example"),
    )
    .await;
    fill_in_self_check(&contact, &id).await;
    let workshop = server.set_day(20);
    run(
        facilitator,
        SCHEDULE_WORKSHOP,
        json!({ "m": id, "at": at(workshop, 9) }),
    )
    .await;
    let page = run(
        facilitator,
        RECORD_WORKSHOP,
        json!({ "m": id, "d": day(workshop), "due": day(workshop + chrono::Days::new(30)), "notes": format!("Workshop {secret}"), "priorities": priorities(facilitator).await }),
    )
    .await;
    assert_eq!(page["stage"], "IMPLEMENTATION");
    let step = page["nextSteps"][0]["id"].as_str().unwrap().to_string();
    let page = run(
        facilitator,
        PLAN_SUPPORT,
        json!({ "m": id, "on": day(workshop + chrono::Days::new(10)) }),
    )
    .await;
    let support = page["support"][0]["id"].as_str().unwrap().to_string();
    let page = run(
        facilitator,
        PLAN_EVENT,
        json!({ "m": id, "at": at(workshop + chrono::Days::new(15), 18), "topic": "Ankommen in der Stadt" }),
    )
    .await;
    let event = page["dialogueEvents"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    Seeded {
        id,
        step,
        support,
        event,
        contact,
    }
}

/// The count of `stage` in a list of `{ stage count }` (0 when absent).
pub(crate) fn count_of(list: &Value, stage: &str) -> i64 {
    list.as_array()
        .unwrap()
        .iter()
        .filter(|x| x["stage"] == stage)
        .map(|x| x["count"].as_i64().unwrap())
        .sum()
}

pub(crate) const FUNDER_STATS: &str = "{ funderStats { total stageCounts { stage count } funnel { stage count } attendance { group total } dialogueEventsHeld scores { fieldId firstCount } window { admitted active completed } byBundesland { bundesland all admitted } bySizeClass { sizeClass all admitted } } }";

const FUNNEL: [&str; 7] = [
    "INTEREST",
    "INTERVIEW",
    "ONBOARDING",
    "SELF_CHECK",
    "WORKSHOP",
    "IMPLEMENTATION",
    "COMPLETED",
];

/// Watches one municipality through the journey as the team and the funder see it.
struct Watch<'a> {
    team: &'a Client,
    funder: &'a Client,
    id: String,
    seen: usize,
}

impl Watch<'_> {
    /// After a step: the card is in `stage`'s column, the timeline grew by readable entries
    /// (the newest by `by`, one of them mentioning `mentions`), and the funder's numbers show
    /// one municipality in `stage` that went through every earlier stage. The funder numbers.
    async fn after(&mut self, step: &str, stage: &str, by: &str, mentions: &str) -> Value {
        assert_eq!(
            column_of(self.team, &self.id).await.as_deref(),
            Some(stage),
            "board after {step}"
        );

        let data = self
            .team
            .data(
                "query($id: ID!) { municipality(id: $id) { stage timeline { text by eventType } } }",
                json!({ "id": self.id }),
            )
            .await;
        assert_eq!(data["municipality"]["stage"], stage, "page after {step}");
        let timeline = data["municipality"]["timeline"].as_array().unwrap();
        assert!(
            timeline.len() > self.seen,
            "the timeline grows with {step}: {timeline:?}"
        );
        let new = &timeline[self.seen..];
        for item in new {
            let text = item["text"].as_str().unwrap();
            assert!(
                text.split_whitespace().count() >= 2
                    && text != item["eventType"]
                    && !text.contains(['{', '}'])
                    && !text.contains("Event"),
                "a readable timeline entry after {step}: {item}"
            );
        }
        assert_eq!(
            new.last().unwrap()["by"],
            by,
            "who did {step}, per the timeline"
        );
        assert!(
            new.iter()
                .any(|i| i["text"].as_str().unwrap().contains(mentions)),
            "the timeline tells about {step} ({mentions:?}): {new:?}"
        );
        self.seen = timeline.len();

        let stats = self.funder.data(FUNDER_STATS, json!({})).await["funderStats"].clone();
        assert_eq!(stats["total"], 1, "funder total after {step}");
        for s in FUNNEL {
            assert_eq!(
                count_of(&stats["stageCounts"], s),
                i64::from(s == stage),
                "funder stage count of {s} after {step}: {stats}"
            );
        }
        let reached = FUNNEL.iter().position(|s| *s == stage).unwrap();
        for (i, s) in FUNNEL.iter().enumerate() {
            assert_eq!(
                count_of(&stats["funnel"], s),
                i64::from(i <= reached),
                "funder funnel at {s} after {step}: {stats}"
            );
        }
        stats
    }
}

fn attendance_of(stats: &Value, group: &str) -> i64 {
    stats["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["group"] == group)
        .map_or(0, |a| a["total"].as_i64().unwrap())
}

async fn whole_journey(db: TestDb) {
    let app = spawn_app(db).await;
    let staff = app.create_tenant("Journey").await;
    let team = app.sign_in(&staff.team.email).await;
    let funder = app.sign_in(&staff.funder.email).await;
    let programme = staff.programme.to_string();

    // Nothing yet: the funder sees an empty programme.
    let stats = funder.data(FUNDER_STATS, json!({})).await;
    assert_eq!(stats["funderStats"]["total"], 0);

    // 1. The public form, without a session.
    let start = app.set_day(0);
    let id = submit_interest(
        &app,
        &team,
        interest(&programme, "Hanau", "erika@hanau.example"),
    )
    .await;
    // The submitter gets a confirmation.
    app.mail_to("interest_confirmation", "erika@hanau.example")
        .await;
    let mut watch = Watch {
        team: &team,
        funder: &funder,
        id: id.clone(),
        seen: 0,
    };
    watch
        .after(
            "the interest form",
            "INTEREST",
            "Öffentliches Formular",
            "Hanau",
        )
        .await;
    let t = &staff.team.name;

    // 2. The team schedules and holds the initial interview.
    app.set_day(2);
    let interview = start + chrono::Days::new(7);
    let page = run(
        &team,
        SCHEDULE_INTERVIEW,
        json!({ "m": id, "at": at(interview, 10) }),
    )
    .await;
    assert_eq!(page["stage"], "INTERVIEW");
    watch
        .after("scheduling the interview", "INTERVIEW", t, "09.03.2026")
        .await;
    app.set_today(interview);
    run(
        &team,
        RECORD_INTERVIEW,
        json!({ "m": id, "d": day(interview), "notes": "Bürgermeisterin unterstützt das Vorhaben." }),
    )
    .await;
    watch
        .after("recording the interview", "INTERVIEW", t, "3 von 3")
        .await;

    // The moment between interview and admission, for a look back at the end.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let before_admission = chrono::Utc::now();
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;

    // 3. Admission.
    let admitted = app.set_day(8);
    let page = run(&team, ADMIT, json!({ "m": id })).await;
    assert_eq!(page["admittedOn"], day(admitted));
    let stats = watch
        .after("admission", "ONBOARDING", t, "aufgenommen")
        .await;
    assert_eq!(stats["window"]["admitted"], 1);
    assert_eq!(stats["window"]["active"], 1);
    let hessen = stats["byBundesland"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["bundesland"] == "HESSEN")
        .unwrap();
    assert_eq!(
        (&hessen["all"], &hessen["admitted"]),
        (&json!(1), &json!(1))
    );

    // 4. Facilitator and contact person.
    app.set_day(9);
    let page = run(
        &team,
        ASSIGN_FACILITATOR,
        json!({ "m": id, "f": staff.facilitator.id.to_string() }),
    )
    .await;
    assert_eq!(page["facilitator"]["name"], staff.facilitator.name);
    watch
        .after(
            "assigning the facilitator",
            "ONBOARDING",
            t,
            "Prozessbegleitung",
        )
        .await;
    let contact_email = "k.kontakt@hanau.example";
    let page = run(
        &team,
        ASSIGN_CONTACT,
        json!({ "m": id, "name": "Konrad Kontakt", "email": contact_email }),
    )
    .await;
    assert_eq!(page["stage"], "SELF_CHECK");
    watch
        .after(
            "naming the contact person",
            "SELF_CHECK",
            t,
            "Ansprechperson",
        )
        .await;
    // The contact person gets a welcome mail.
    let welcome = app.mail_to("contact_welcome", contact_email).await;
    let link = welcome.context["sign_in_url"].as_str().unwrap().to_string();
    assert!(
        link.starts_with(&format!("{PUBLIC_URL}/anmelden/link#")),
        "{link}"
    );
    assert_eq!(welcome.context["municipality"], "Hanau");

    // 5. The contact person signs in with the welcome link and does the self-check.
    app.set_day(10);
    let contact = app.client();
    let me = contact.sign_in_with_link(&link).await;
    assert_eq!(me["role"], "CONTACT");
    assert_eq!(me["municipalityId"], id.as_str());
    run(&contact, START_SELF_CHECK, json!({ "m": id })).await;
    watch
        .after(
            "starting the self-check",
            "SELF_CHECK",
            "Konrad Kontakt",
            "Selbstcheck",
        )
        .await;
    let all = indicators(&contact).await;
    for (n, indicator) in all.iter().enumerate() {
        let page = run(
            &contact,
            SAVE_ANSWER,
            json!({ "m": id, "i": indicator, "l": (n % 5) as i32 }),
        )
        .await;
        assert_eq!(page["selfChecks"][0]["answered"], (n + 1) as i64);
    }
    // The answers saved one after the other make one line, with their count.
    let answered = format!("{} Antworten gespeichert", all.len());
    watch
        .after(
            "answering every indicator",
            "SELF_CHECK",
            "Konrad Kontakt",
            &answered,
        )
        .await;
    app.set_day(14);
    let page = run(&contact, SUBMIT_SELF_CHECK, json!({ "m": id })).await;
    let check = &page["selfChecks"][0];
    assert_eq!(check["answered"], all.len() as i64);
    assert_eq!(check["indicators"], all.len() as i64);
    assert_eq!(check["submittedOn"], day(start + chrono::Days::new(14)));
    assert!(check["overall"].as_f64().is_some(), "scored: {check}");
    let stats = watch
        .after(
            "submitting the self-check",
            "WORKSHOP",
            "Konrad Kontakt",
            "abgegeben",
        )
        .await;
    let scored = stats["scores"].as_array().unwrap();
    assert_eq!(
        scored.len(),
        fields_of_action(&funder).await.len(),
        "a score line per field of action"
    );
    assert!(
        scored.iter().all(|f| f["firstCount"] == 1),
        "every field counts the first self-check: {scored:?}"
    );

    // 6. The facilitator plans and records the workshop.
    let facilitator = app.sign_in(&staff.facilitator.email).await;
    app.set_day(15);
    let workshop = start + chrono::Days::new(30);
    let f = &staff.facilitator.name;
    run(
        &facilitator,
        SCHEDULE_WORKSHOP,
        json!({ "m": id, "at": at(workshop, 9) }),
    )
    .await;
    watch
        .after(
            "scheduling the workshop",
            "WORKSHOP",
            f,
            "Rathaus, Großer Saal",
        )
        .await;
    app.set_today(workshop);
    let chosen = priorities(&facilitator).await;
    let page = run(
        &facilitator,
        RECORD_WORKSHOP,
        json!({ "m": id, "d": day(workshop), "due": day(workshop + chrono::Days::new(30)), "notes": "Gute Stimmung.", "priorities": chosen }),
    )
    .await;
    assert_eq!(page["workshop"]["priorities"], chosen);
    assert_eq!(page["nextSteps"].as_array().unwrap().len(), 2);
    watch
        .after(
            "recording the workshop",
            "IMPLEMENTATION",
            f,
            "2 nächste Schritte",
        )
        .await;

    // The contact person ticks off a next step.
    app.set_day(31);
    let step = page["nextSteps"][0]["id"].as_str().unwrap();
    let page = run(&contact, COMPLETE_NEXT_STEP, json!({ "m": id, "s": step })).await;
    assert!(
        page["nextSteps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == step && s["doneOn"] == day(start + chrono::Days::new(31)))
    );
    watch
        .after(
            "completing a next step",
            "IMPLEMENTATION",
            "Konrad Kontakt",
            "erledigt",
        )
        .await;

    // 7. A dialogue event, planned and recorded with attendance.
    app.set_day(35);
    let event_day = start + chrono::Days::new(45);
    let page = run(
        &facilitator,
        PLAN_EVENT,
        json!({ "m": id, "at": at(event_day, 18), "topic": "Nachbarschaft gestalten" }),
    )
    .await;
    let event = page["dialogueEvents"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let stats = watch
        .after(
            "planning the dialogue event",
            "IMPLEMENTATION",
            f,
            "Nachbarschaft gestalten",
        )
        .await;
    assert_eq!(stats["dialogueEventsHeld"], 0);
    assert_eq!(attendance_of(&stats, "RESIDENTS"), 0);
    app.set_today(event_day);
    let page = run(
        &facilitator,
        RECORD_EVENT,
        json!({ "m": id, "e": event, "d": day(event_day) }),
    )
    .await;
    assert_eq!(page["dialogueEvents"][0]["attendance"]["total"], 53);
    let stats = watch
        .after(
            "recording the dialogue event",
            "IMPLEMENTATION",
            f,
            "53 Teilnehmenden",
        )
        .await;
    assert_eq!(stats["dialogueEventsHeld"], 1);
    for (group, n) in [
        ("RESIDENTS", 31),
        ("ADMINISTRATION", 6),
        ("POLITICS", 4),
        ("BUSINESS", 3),
        ("CIVIL_SOCIETY", 9),
    ] {
        assert_eq!(attendance_of(&stats, group), n, "attendance of {group}");
    }

    // 8. The team completes the participation; the label is awarded.
    let done = app.set_day(60);
    let learning = "Ein fester Ansprechpartner im Rathaus hat am meisten geholfen.";
    let page = run(&team, COMPLETE, json!({ "m": id, "learning": learning })).await;
    assert_eq!(page["completedOn"], day(done));
    assert_eq!(page["learning"], learning);
    let stats = watch
        .after("completion", "COMPLETED", t, "Weltoffene Kommune")
        .await;
    assert_eq!(stats["window"]["completed"], 1);
    assert_eq!(stats["window"]["active"], 0);

    // Looking back: the page as it stood between interview and admission.
    let past = team
        .data(
            "query($m: ID!, $t: DateTime!) { municipality(id: $m, asOf: $t) { stage admittedOn interview { heldOn } timeline { text } } }",
            json!({ "m": id, "t": before_admission.to_rfc3339() }),
        )
        .await;
    assert_eq!(past["municipality"]["stage"], "INTERVIEW", "{past}");
    assert!(past["municipality"]["admittedOn"].is_null());
    assert_eq!(past["municipality"]["interview"]["heldOn"], day(interview));
    assert_eq!(
        past["municipality"]["timeline"].as_array().unwrap().len(),
        3
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_municipality_goes_from_the_public_form_to_the_label_over_http_on_postgres() {
    whole_journey(TestDb::postgres().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_municipality_goes_from_the_public_form_to_the_label_over_http_on_sqlite() {
    whole_journey(TestDb::sqlite().await).await;
}
