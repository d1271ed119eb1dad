//! Appointments that will not take place: the initial interview and the workshop are
//! cancelled with a reason, shown as cancelled, can no longer be recorded, and a new date
//! is asked for.

use crate::api::{
    ASSIGN_FACILITATOR, RECORD_INTERVIEW, RECORD_WORKSHOP, SCHEDULE_INTERVIEW, SCHEDULE_WORKSHOP,
    admit, at, contact_signed_in, day, fill_in_self_check, interest, priorities, run,
    submit_interest,
};
use chrono::Days;
use lotse_tests::on_both_backends_owned;
use serde_json::{Value, json};

const CANCEL_WORKSHOP: &str = "mutation($m: ID!, $r: String!) { cancelWorkshop(municipalityId: $m, reason: $r) { stage availableSteps workshop { cancelledOn cancellationReason } tasks { kind done } timeline { text } } }";
const CANCEL_INTERVIEW: &str = "mutation($m: ID!, $r: String!) { cancelInterview(municipalityId: $m, reason: $r) { stage availableSteps interview { cancelledOn cancellationReason } tasks { kind done } timeline { text } } }";

fn has(list: &Value, value: &str) -> bool {
    list.as_array().unwrap().iter().any(|v| v == value)
}

fn open_task(page: &Value, kind: &str) -> bool {
    page["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["kind"] == kind && t["done"] == false)
}

fn last_line(page: &Value) -> String {
    let timeline = page["timeline"].as_array().unwrap();
    timeline.last().unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string()
}

on_both_backends_owned! {
    async fn a_cancelled_workshop_shows_as_cancelled_cannot_be_recorded_and_gets_a_new_date(db) {
        let app = lotse_tests::spawn::spawn_app(db).await;
        let staff = app.create_tenant("Absage").await;
        let team = app.sign_in(&staff.team.email).await;
        let facilitator = app.sign_in(&staff.facilitator.email).await;
        let id = submit_interest(&app, &team, interest(&staff.programme.to_string(), "Gelnhausen", "amt@gelnhausen.example")).await;
        admit(&app, &team, &id, 7).await;
        run(&team, ASSIGN_FACILITATOR, json!({ "m": id, "f": staff.facilitator.id.to_string() })).await;
        let contact = contact_signed_in(&app, &team, &id, "Lea Wolf", "kontakt@gelnhausen.example").await;
        fill_in_self_check(&contact, &id).await;
        let today = app.set_day(20);
        run(&facilitator, SCHEDULE_WORKSHOP, json!({ "m": id, "at": at(today + Days::new(10), 9) })).await;

        // The contact person is told of it, but does not cancel it.
        let (code, _) = contact.refused(CANCEL_WORKSHOP, json!({ "m": id, "r": "Keine Zeit" })).await;
        assert_eq!(code, "FORBIDDEN");

        let page = run(&facilitator, CANCEL_WORKSHOP, json!({ "m": id, "r": "Der Ratssaal ist belegt." })).await;
        assert_eq!(page["stage"], "WORKSHOP");
        assert_eq!(page["workshop"]["cancelledOn"], day(today));
        assert_eq!(page["workshop"]["cancellationReason"], "Der Ratssaal ist belegt.");
        assert_eq!(last_line(&page), "Workshop abgesagt: Der Ratssaal ist belegt.");
        let steps = &page["availableSteps"];
        assert!(has(steps, "SCHEDULE_WORKSHOP"), "{steps}");
        assert!(!has(steps, "RECORD_WORKSHOP") && !has(steps, "CANCEL_WORKSHOP"), "{steps}");
        assert!(open_task(&page, "SCHEDULE_WORKSHOP"), "{}", page["tasks"]);
        assert!(!open_task(&page, "RECORD_WORKSHOP") && !open_task(&page, "PREPARE_WORKSHOP"), "{}", page["tasks"]);

        let (code, body) = facilitator
            .refused(RECORD_WORKSHOP, json!({ "m": id, "d": day(today), "due": day(today + Days::new(30)), "notes": null, "priorities": priorities(&facilitator).await }))
            .await;
        assert_eq!(code, "ALREADY_CANCELLED");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("abgesagt"), "{body}");
        let (code, _) = facilitator.refused(CANCEL_WORKSHOP, json!({ "m": id, "r": "noch einmal" })).await;
        assert_eq!(code, "ALREADY_CANCELLED");

        // A new date: the workshop is on again.
        let page = run(&facilitator, SCHEDULE_WORKSHOP, json!({ "m": id, "at": at(today + Days::new(24), 9) })).await;
        assert_eq!(page["workshop"]["at"], at(today + Days::new(24), 9));
        let page = facilitator
            .data("query($m: ID!) { municipality(id: $m) { workshop { cancelledOn } availableSteps } }", json!({ "m": id }))
            .await;
        assert_eq!(page["municipality"]["workshop"]["cancelledOn"], Value::Null);
        assert!(has(&page["municipality"]["availableSteps"], "CANCEL_WORKSHOP"));
    }
}

on_both_backends_owned! {
    async fn a_cancelled_interview_sends_the_municipality_back_to_the_inbox_with_a_task_for_a_new_date(db) {
        let app = lotse_tests::spawn::spawn_app(db).await;
        let staff = app.create_tenant("Erstgespräch").await;
        let team = app.sign_in(&staff.team.email).await;
        let id = submit_interest(&app, &team, interest(&staff.programme.to_string(), "Büdingen", "amt@buedingen.example")).await;
        let today = app.set_day(3);
        run(&team, SCHEDULE_INTERVIEW, json!({ "m": id, "at": at(today + Days::new(4), 10) })).await;

        let page = run(&team, CANCEL_INTERVIEW, json!({ "m": id, "r": "Die Bürgermeisterin ist verhindert." })).await;
        assert_eq!(page["stage"], "INTEREST");
        assert_eq!(page["interview"]["cancelledOn"], day(today));
        assert_eq!(last_line(&page), "Erstgespräch abgesagt: Die Bürgermeisterin ist verhindert.");
        assert!(has(&page["availableSteps"], "SCHEDULE_INTERVIEW"));
        assert!(!has(&page["availableSteps"], "RECORD_INTERVIEW"));
        assert!(open_task(&page, "SCHEDULE_INTERVIEW"), "{}", page["tasks"]);
        let (code, _) = team.refused(RECORD_INTERVIEW, json!({ "m": id, "d": day(today), "notes": null })).await;
        assert_eq!(code, "ALREADY_CANCELLED");
    }
}

const EDIT_STEP: &str = "mutation($m: ID!, $s: ID!, $what: String!, $who: String!, $due: Date!) { editNextStep(municipalityId: $m, stepId: $s, what: $what, who: $who, due: $due) { nextSteps { id what who due droppedOn } tasks { kind done } timeline { text } } }";
const DROP_STEP: &str = "mutation($m: ID!, $s: ID!, $r: String!) { dropNextStep(municipalityId: $m, stepId: $s, reason: $r) { nextSteps { id droppedOn dropReason } availableSteps tasks { kind done } timeline { text } } }";
const MOVE_SUPPORT: &str = "mutation($m: ID!, $s: ID!, $on: Date!) { moveSupport(municipalityId: $m, supportId: $s, on: $on) { support { id on cancelledOn } } }";
const CANCEL_SUPPORT: &str = "mutation($m: ID!, $s: ID!, $r: String!) { cancelSupport(municipalityId: $m, supportId: $s, reason: $r) { support { id cancelledOn cancellationReason } tasks { kind done } timeline { text } } }";

on_both_backends_owned! {
    async fn the_action_plan_changes_and_a_format_is_moved_then_cancelled_with_the_tasks_following(db) {
        let app = lotse_tests::spawn::spawn_app(db).await;
        let staff = app.create_tenant("Aktionsplan").await;
        let team = app.sign_in(&staff.team.email).await;
        let facilitator = app.sign_in(&staff.facilitator.email).await;
        let seeded = crate::api::seed_implementation(&app, &staff, &team, &facilitator, "Schlüchtern", "Nora Keil", "geheim").await;
        let (m, step) = (seeded.id.clone(), seeded.step.clone());
        let today = app.today();

        // The contact person gives a step to someone else and a later date.
        let due = day(today + Days::new(40));
        let page = run(&seeded.contact, EDIT_STEP, json!({ "m": m, "s": step, "what": "Willkommensmappe in fünf Sprachen", "who": "Integrationsbüro", "due": due })).await;
        let edited = page["nextSteps"].as_array().unwrap().iter().find(|s| s["id"] == step.as_str()).unwrap().clone();
        assert_eq!((edited["who"].as_str(), edited["due"].as_str()), (Some("Integrationsbüro"), Some(due.as_str())));
        assert_eq!(last_line(&page), format!("Nächster Schritt „Willkommensmappe in fünf Sprachen“ geändert, fällig am {}", (today + Days::new(40)).format("%d.%m.%Y")));

        // Dropping is for the facilitator and the team, not the contact person.
        let (code, _) = seeded.contact.refused(DROP_STEP, json!({ "m": m, "s": step, "r": "Kein Budget" })).await;
        assert_eq!(code, "FORBIDDEN");
        let open_steps = |page: &Value| page["tasks"].as_array().unwrap().iter().filter(|t| t["kind"] == "NEXT_STEP" && t["done"] == false).count();
        let page = run(&facilitator, DROP_STEP, json!({ "m": m, "s": step, "r": "Kein Budget im Haushalt" })).await;
        assert_eq!(open_steps(&page), 1, "{}", page["tasks"]);
        assert_eq!(last_line(&page), "Nächster Schritt gestrichen: Kein Budget im Haushalt");
        let (code, body) = seeded.contact.refused(crate::api::COMPLETE_NEXT_STEP, json!({ "m": m, "s": step })).await;
        assert_eq!(code, "STEP_DROPPED");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("gestrichen"), "{body}");

        // The format moves, then is cancelled: nothing is left to record about it.
        let on = day(today + Days::new(12));
        let page = run(&facilitator, MOVE_SUPPORT, json!({ "m": m, "s": seeded.support, "on": on })).await;
        assert_eq!(page["support"][0]["on"], on);
        let page = run(&facilitator, CANCEL_SUPPORT, json!({ "m": m, "s": seeded.support, "r": "Terminkonflikt im Rat" })).await;
        assert_eq!(page["support"][0]["cancelledOn"], day(today));
        assert!(!page["tasks"].as_array().unwrap().iter().any(|t| t["kind"] == "RECORD_SUPPORT"), "{}", page["tasks"]);
        assert_eq!(last_line(&page), "Format für Entscheidungsträger:innen abgesagt: Terminkonflikt im Rat");
        let (code, _) = facilitator.refused(MOVE_SUPPORT, json!({ "m": m, "s": seeded.support, "on": on })).await;
        assert_eq!(code, "ALREADY_CANCELLED");
    }
}
