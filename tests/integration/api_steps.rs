//! The server says which steps of the journey each viewer can take now (`availableSteps` on
//! a municipality's page and on its board card), from the domain's rules and the viewer's
//! rights; and what it offers is what the mutations then accept.

use crate::api::{
    ADMIT, ASSIGN_FACILITATOR, RECORD_INTERVIEW, SCHEDULE_INTERVIEW, at, day, interest, run,
    submit_interest,
};
use lotse_tests::on_both_backends_owned;
use lotse_tests::spawn::{Client, spawn_app};
use serde_json::{Value, json};

const PAGE_STEPS: &str = "query($m: ID!) { municipality(id: $m) { stage availableSteps } }";

async fn page_steps(client: &Client, id: &str) -> Vec<String> {
    let data = client.data(PAGE_STEPS, json!({ "m": id })).await;
    names(&data["municipality"]["availableSteps"])
}

async fn card_steps(client: &Client, id: &str) -> Vec<String> {
    let data = client
        .data(
            "{ board { columns { cards { id availableSteps } } } }",
            json!({}),
        )
        .await;
    let card = data["board"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["cards"].as_array().unwrap().iter())
        .find(|c| c["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("no card {id}: {data}"));
    names(&card["availableSteps"])
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("a list of steps: {list}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

on_both_backends_owned! {
    async fn admitting_is_offered_only_once_the_interview_is_held_and_then_accepted(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Sigma").await;
        let team = app.sign_in(&staff.team.email).await;
        let id = submit_interest(&app, &team, interest(&staff.programme.to_string(), "Bad Soden", "amt@soden.example")).await;

        // A new interest: an interview can be set, the municipality put on hold or declined;
        // it cannot be admitted (and the mutation agrees).
        let steps = page_steps(&team, &id).await;
        assert_eq!(steps, ["SCHEDULE_INTERVIEW", "PUT_ON_HOLD", "DECLINE", "CLOSE_AS_DUPLICATE", "CORRECT_PROFILE", "CORRECT_SUBMITTER", "WITHDRAW"]);
        assert_eq!(card_steps(&team, &id).await, steps);
        let (code, _) = team.refused(ADMIT, json!({ "m": id })).await;
        assert_eq!(code, "WRONG_STAGE");

        // Interview set, not yet held: recording it is offered, admitting still is not.
        let held = app.set_day(7);
        run(&team, SCHEDULE_INTERVIEW, json!({ "m": id, "at": at(held, 10) })).await;
        let steps = page_steps(&team, &id).await;
        assert!(steps.contains(&"RECORD_INTERVIEW".to_string()), "{steps:?}");
        assert!(!steps.contains(&"ADMIT".to_string()), "{steps:?}");
        assert!(!card_steps(&team, &id).await.contains(&"ADMIT".to_string()));

        // Held with every criterion met: admitting is offered, and accepted.
        run(&team, RECORD_INTERVIEW, json!({ "m": id, "d": day(held), "notes": null })).await;
        let steps = page_steps(&team, &id).await;
        assert!(steps.contains(&"ADMIT".to_string()), "{steps:?}");
        assert!(!steps.contains(&"RECORD_INTERVIEW".to_string()), "{steps:?}");
        let page = run(&team, ADMIT, json!({ "m": id })).await;
        assert_eq!(page["stage"], "ONBOARDING");
        let steps = page_steps(&team, &id).await;
        assert!(steps.contains(&"ASSIGN_CONTACT_PERSON".to_string()), "{steps:?}");
        assert!(!steps.contains(&"ADMIT".to_string()), "{steps:?}");
    }
}

on_both_backends_owned! {
    async fn each_role_is_offered_only_the_steps_it_may_take(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Tau").await;
        let team = app.sign_in(&staff.team.email).await;
        let facilitator = app.sign_in(&staff.facilitator.email).await;
        let other_facilitator = app.sign_in(&staff.second_facilitator.email).await;
        let funder = app.sign_in(&staff.funder.email).await;
        let id = submit_interest(&app, &team, interest(&staff.programme.to_string(), "Bad Homburg", "amt@homburg.example")).await;
        crate::api::admit(&app, &team, &id, 7).await;
        run(&team, ASSIGN_FACILITATOR, json!({ "m": id, "f": staff.facilitator.id.to_string() })).await;

        // The facilitator: the steps of the implementation phase that are possible now, no
        // decisions on admission or people.
        let steps = page_steps(&facilitator, &id).await;
        assert_eq!(steps, ["PLAN_SUPPORT", "PLAN_DIALOGUE_EVENT"], "{steps:?}");
        assert_eq!(card_steps(&facilitator, &id).await, steps);
        // The team sees those and more.
        let team_steps = page_steps(&team, &id).await;
        for s in &steps {
            assert!(team_steps.contains(s), "{team_steps:?}");
        }
        assert!(team_steps.contains(&"ASSIGN_CONTACT_PERSON".to_string()));
        // Someone else's facilitator cannot open the page, and funders are offered nothing.
        let (code, _) = other_facilitator.refused(PAGE_STEPS, json!({ "m": id })).await;
        assert_eq!(code, "NOT_FOUND");
        assert_eq!(card_steps(&funder, &id).await, Vec::<String>::new());
    }
}

on_both_backends_owned! {
    async fn the_answers_saved_while_filling_in_the_self_check_make_one_line_on_the_timeline(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Theta").await;
        let team = app.sign_in(&staff.team.email).await;
        let id = submit_interest(&app, &team, interest(&staff.programme.to_string(), "Bad Orb", "amt@orb.example")).await;
        crate::api::admit(&app, &team, &id, 7).await;
        let contact = crate::api::contact_signed_in(&app, &team, &id, "Ole Orb", "ole@orb.example").await;
        let indicators = crate::api::indicators(&contact).await;
        // The first answer alone is named by its indicator's title, not its id.
        run(&contact, crate::api::START_SELF_CHECK, json!({ "m": id })).await;
        run(&contact, crate::api::SAVE_ANSWER, json!({ "m": id, "i": indicators[0], "l": 2 })).await;
        let lines = |page: &Value| -> Vec<String> {
            page["municipality"]["timeline"].as_array().unwrap().iter()
                .map(|l| l["text"].as_str().unwrap().to_string())
                .filter(|t| t.contains("(Runde 1)"))
                .collect()
        };
        const TIMELINE: &str = "query($m: ID!) { municipality(id: $m) { timeline { text } } }";
        let page = team.data(TIMELINE, json!({ "m": id })).await;
        let first = lines(&page);
        assert_eq!(first.len(), 1, "{first:?}");
        assert!(first[0].contains("Antwort zu „"), "{first:?}");
        assert!(!first[0].contains(&indicators[0]), "the id shows: {first:?}");

        // All the others, one after the other: still one line, with the count.
        for (n, indicator) in indicators.iter().enumerate().skip(1) {
            run(&contact, crate::api::SAVE_ANSWER, json!({ "m": id, "i": indicator, "l": (n % 5) as i32 })).await;
        }
        let page = team.data(TIMELINE, json!({ "m": id })).await;
        assert_eq!(
            lines(&page),
            [format!("Selbstcheck (Runde 1) bearbeitet: {} Antworten gespeichert", indicators.len())]
        );
    }
}

lotse_tests::on_both_backends_owned! {
    async fn a_dialogue_event_is_moved_and_cancelled_through_the_api_and_then_refuses_to_be_recorded(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Absage").await;
        let team = app.sign_in(&staff.team.email).await;
        let facilitator = app.sign_in(&staff.facilitator.email).await;
        let seeded = crate::api::seed_implementation(
            &app, &staff, &team, &facilitator, "Absagestadt", "Anna Absage", "-",
        )
        .await;
        let steps = page_steps(&facilitator, &seeded.id).await;
        for step in ["MOVE_DIALOGUE_EVENT", "CANCEL_DIALOGUE_EVENT"] {
            assert!(steps.contains(&step.to_string()), "{step} offered: {steps:?}");
        }
        let events = "dialogueEvents { id at place cancelledOn cancellationReason }";
        let moved = facilitator
            .data(
                &format!("mutation($m: ID!, $e: ID!, $at: LocalDateTime!) {{ moveDialogueEvent(municipalityId: $m, eventId: $e, at: $at, place: \"Bürgerhaus Süd\") {{ {events} }} }}"),
                json!({ "m": seeded.id, "e": seeded.event, "at": at(app.today() + chrono::Days::new(20), 19) }),
            )
            .await;
        let event = &moved["moveDialogueEvent"]["dialogueEvents"][0];
        assert_eq!(event["place"], "Bürgerhaus Süd", "{event}");
        assert_eq!(event["at"], at(app.today() + chrono::Days::new(20), 19), "{event}");
        let cancelled = facilitator
            .data(
                &format!("mutation($m: ID!, $e: ID!) {{ cancelDialogueEvent(municipalityId: $m, eventId: $e, reason: \"Die Referentin ist erkrankt.\") {{ {events} timeline {{ text }} tasks {{ key }} }} }}"),
                json!({ "m": seeded.id, "e": seeded.event }),
            )
            .await;
        let page = &cancelled["cancelDialogueEvent"];
        assert_eq!(page["dialogueEvents"][0]["cancelledOn"], day(app.today()), "{page}");
        assert_eq!(page["dialogueEvents"][0]["cancellationReason"], "Die Referentin ist erkrankt.");
        assert!(
            page["timeline"].as_array().unwrap().iter().any(|l| l["text"] == "Dialogveranstaltung abgesagt: Die Referentin ist erkrankt."),
            "{page}"
        );
        let task = format!("dialogue-{}", seeded.event);
        assert!(page["tasks"].as_array().unwrap().iter().all(|t| t["key"] != task), "no task to record it: {page}");
        assert!(!page_steps(&facilitator, &seeded.id).await.contains(&"RECORD_DIALOGUE_EVENT".to_string()));

        // Recording or cancelling it again is refused, saying why, in the caller's language.
        let (code, body) = facilitator
            .refused(
                "mutation($m: ID!, $e: ID!, $d: Date!) { recordDialogueEvent(municipalityId: $m, eventId: $e, heldOn: $d, attendance: { residents: 1, administration: 0, politics: 0, business: 0, civilSociety: 0 }) { id } }",
                json!({ "m": seeded.id, "e": seeded.event, "d": day(app.today()) }),
            )
            .await;
        assert_eq!(code, "ALREADY_CANCELLED", "{body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("abgesagt"), "{body}");
        // A funder may do neither (to a funder, a municipality's page does not exist).
        let funder = app.sign_in(&staff.funder.email).await;
        let (code, _) = funder
            .refused(
                "mutation($m: ID!, $e: ID!) { cancelDialogueEvent(municipalityId: $m, eventId: $e, reason: \"x\") { id } }",
                json!({ "m": seeded.id, "e": seeded.event }),
            )
            .await;
        assert_eq!(code, "NOT_FOUND");
    }
}

lotse_tests::on_both_backends_owned! {
    async fn a_next_step_given_to_a_colleague_is_their_task_alone_and_a_stranger_is_refused(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Kollegium").await;
        let team = app.sign_in(&staff.team.email).await;
        let facilitator = app.sign_in(&staff.facilitator.email).await;
        let seeded = crate::api::seed_implementation(&app, &staff, &team, &facilitator, "Alzey", "Ada Alzey", "x").await;
        let colleague = team
            .data(
                "mutation($m: ID!) { registerUser(role: CONTACT, name: \"Carl Kollege\", email: \"carl@alzey.example\", municipalityId: $m) { id } }",
                json!({ "m": seeded.id }),
            )
            .await["registerUser"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        const ASSIGN: &str = "mutation($m: ID!, $s: ID!, $to: StepOwnerKind!, $u: ID) { assignNextStep(municipalityId: $m, stepId: $s, to: $to, userId: $u) { nextSteps { id owner ownerUser { id name } } colleagues { id name } timeline { text } } }";
        const MINE: &str = "{ myTasks { kind municipalityName } }";
        let steps_of = |c: &Value| -> usize {
            c["myTasks"].as_array().unwrap().iter().filter(|t| t["kind"] == "NEXT_STEP").count()
        };
        let before = steps_of(&seeded.contact.data(MINE, json!({})).await);
        assert!(before >= 1, "the contact person has the plan's steps");

        // The team member of another tenant's id, or anyone but the municipality's people,
        // is refused naming the field.
        let (code, body) = team.refused(ASSIGN, json!({ "m": seeded.id, "s": seeded.step, "to": "COLLEAGUE", "u": staff.facilitator.id.to_string() })).await;
        assert_eq!(code, "INVALID_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "userId");

        // The contact person gives the step to Carl: it leaves their list and is his.
        let page = run(&seeded.contact, ASSIGN, json!({ "m": seeded.id, "s": seeded.step, "to": "COLLEAGUE", "u": colleague })).await;
        let step = page["nextSteps"].as_array().unwrap().iter().find(|s| s["id"] == seeded.step.as_str()).unwrap();
        assert_eq!(step["owner"], "COLLEAGUE");
        assert_eq!(step["ownerUser"]["name"], "Carl Kollege");
        assert!(page["colleagues"].as_array().unwrap().iter().any(|c| c["name"] == "Carl Kollege"), "{}", page["colleagues"]);
        assert_eq!(
            page["timeline"].as_array().unwrap().last().unwrap()["text"],
            "Nächster Schritt einer Kollegin oder einem Kollegen der Ansprechperson übertragen"
        );
        assert_eq!(steps_of(&seeded.contact.data(MINE, json!({})).await), before - 1);
        // Carl, like every account of the municipality, sees the steps of the contact
        // person's role, and the one given to him.
        let carl = app.sign_in("carl@alzey.example").await;
        assert_eq!(steps_of(&carl.data(MINE, json!({})).await), before);

        // Given to the facilitator: it is theirs, and nobody's of the municipality.
        run(&team, ASSIGN, json!({ "m": seeded.id, "s": seeded.step, "to": "FACILITATOR", "u": null })).await;
        assert_eq!(steps_of(&carl.data(MINE, json!({})).await), before - 1);
        assert_eq!(steps_of(&facilitator.data(MINE, json!({})).await), 1);
    }
}

lotse_tests::on_both_backends_owned! {
    async fn a_format_is_planned_with_a_time_and_place_and_an_impossible_time_is_refused_at_its_field(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Zeit").await;
        let team = app.sign_in(&staff.team.email).await;
        let facilitator = app.sign_in(&staff.facilitator.email).await;
        let seeded = crate::api::seed_implementation(&app, &staff, &team, &facilitator, "Bingen", "Bea Bingen", "x").await;
        const PLAN: &str = "mutation($m: ID!, $on: Date!, $time: String, $place: String) { planSupport(municipalityId: $m, format: COACHING, audience: MAYOR, on: $on, topic: \"Haltung zeigen\", time: $time, place: $place) { support { on time place } } }";
        let on = crate::api::day(app.set_day(25) + chrono::Days::new(5));
        let (code, body) = team.refused(PLAN, json!({ "m": seeded.id, "on": on, "time": "25:99", "place": null })).await;
        assert_eq!(code, "INVALID_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "time");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("Uhrzeit"), "{body}");
        let page = run(&team, PLAN, json!({ "m": seeded.id, "on": on, "time": "16:00", "place": "Rathaus" })).await;
        let planned: Vec<&Value> = page["support"].as_array().unwrap().iter().filter(|s| s["time"] == "16:00").collect();
        assert_eq!(planned.len(), 1, "{}", page["support"]);
        assert_eq!(planned[0]["place"], "Rathaus");
    }
}
