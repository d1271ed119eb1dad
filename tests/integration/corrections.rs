//! Corrections: the team fixes what was entered wrongly, as its own event on the timeline,
//! and every view follows the corrected values while "Stand am" shows what was known then.

use crate::api::{interest, seed_implementation, submit_interest};
use lotse_tests::on_both_backends_owned;
use lotse_tests::spawn::{Client, spawn_app};
use serde_json::{Value, json};
use std::time::Duration;

const CORRECT: &str = "mutation($m: ID!, $name: String!, $land: Bundesland!, $kind: MunicipalityKind!, $pop: Int!, $reason: String) { correctProfile(municipalityId: $m, name: $name, bundesland: $land, kind: $kind, population: $pop, reason: $reason) { id version name bundesland population sizeClass timeline { text eventType } } }";

const PAGE: &str = "query($m: ID!) { municipality(id: $m) { version name population availableSteps timeline { text eventType } } }";

fn correction(id: &str, name: &str, population: i64, reason: Option<&str>) -> Value {
    json!({ "m": id, "name": name, "land": "HESSEN", "kind": "STADT", "pop": population, "reason": reason })
}

async fn board_names(client: &Client, at: Option<String>) -> Vec<String> {
    let data = client
        .data(
            "query($at: DateTime) { board(asOf: $at) { columns { cards { name } } } }",
            json!({ "at": at }),
        )
        .await;
    data["board"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["cards"].as_array().unwrap().iter())
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

async fn size_classes(funder: &Client) -> Vec<(String, i64)> {
    let data = funder
        .data(
            "{ funderStats { bySizeClass { sizeClass all } } }",
            json!({}),
        )
        .await;
    data["funderStats"]["bySizeClass"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["all"].as_i64().unwrap() > 0)
        .map(|c| {
            (
                c["sizeClass"].as_str().unwrap().to_string(),
                c["all"].as_i64().unwrap(),
            )
        })
        .collect()
}

on_both_backends_owned! {
    async fn the_team_corrects_a_name_and_population_and_the_board_the_figures_and_the_timeline_follow(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Korrektur").await;
        let team = app.sign_in(&staff.team.email).await;
        let funder = app.sign_in(&staff.funder.email).await;
        let id = submit_interest(&app, &team, interest(&staff.programme.to_string(), "Bad Sodn", "amt@soden.example")).await;
        assert_eq!(size_classes(&funder).await, [("MEDIUM_TOWN".to_string(), 1)]);
        let page = team.data(PAGE, json!({ "m": id })).await;
        let steps = &page["municipality"]["availableSteps"];
        assert!(steps.as_array().unwrap().contains(&json!("CORRECT_PROFILE")), "{steps}");

        tokio::time::sleep(Duration::from_millis(50)).await;
        let before = chrono::Utc::now().to_rfc3339();
        tokio::time::sleep(Duration::from_millis(50)).await;

        // One zero too many and a letter missing in the form.
        let page = team
            .data(CORRECT, correction(&id, "Bad Soden", 2400, Some("Tippfehler im Formular")))
            .await["correctProfile"]
            .clone();
        assert_eq!(page["name"], "Bad Soden");
        assert_eq!(page["population"], 2400);
        assert_eq!(page["sizeClass"], "RURAL");
        let last = page["timeline"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["eventType"], "ProfileCorrected");
        assert_eq!(
            last["text"],
            "Angaben zur Kommune berichtigt: Name: „Bad Sodn“ → „Bad Soden“; Einwohnerzahl: 24.000 → 2.400 (Grund: Tippfehler im Formular)"
        );

        // The board and the funder's figures follow; the board as it stood shows the old name.
        assert_eq!(board_names(&team, None).await, ["Bad Soden"]);
        assert_eq!(board_names(&team, Some(before)).await, ["Bad Sodn"]);
        assert_eq!(size_classes(&funder).await, [("RURAL".to_string(), 1)]);

        // The same values again change nothing: no second entry.
        let again = team.data(CORRECT, correction(&id, "Bad Soden", 2400, None)).await["correctProfile"].clone();
        assert_eq!(again["version"], page["version"]);
        assert_eq!(again["timeline"].as_array().unwrap().len(), page["timeline"].as_array().unwrap().len());
    }
}

on_both_backends_owned! {
    async fn only_the_team_corrects_a_profile_and_a_bad_value_is_refused_at_its_field_changing_nothing(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Berichtigung").await;
        let team = app.sign_in(&staff.team.email).await;
        let facilitator = app.sign_in(&staff.facilitator.email).await;
        let seeded = seed_implementation(&app, &staff, &team, &facilitator, "Hanau", "Jana Berg", "geheim").await;

        for other in [&facilitator, &seeded.contact] {
            let page = other.data(PAGE, json!({ "m": seeded.id })).await;
            let steps = &page["municipality"]["availableSteps"];
            assert!(!steps.as_array().unwrap().contains(&json!("CORRECT_PROFILE")), "{steps}");
            let (code, _) = other.refused(CORRECT, correction(&seeded.id, "Hanau am Main", 96000, None)).await;
            assert_eq!(code, "FORBIDDEN");
        }

        let version = team.data(PAGE, json!({ "m": seeded.id })).await["municipality"]["version"].clone();
        let (code, body) = team.refused(CORRECT, correction(&seeded.id, "Hanau", 0, None)).await;
        assert_eq!(code, "INVALID_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "population", "{body}");
        let (code, _) = team.refused(CORRECT, correction(&seeded.id, "  ", 96000, None)).await;
        assert_eq!(code, "INVALID_INPUT");
        let page = team.data(PAGE, json!({ "m": seeded.id })).await;
        assert_eq!(page["municipality"]["version"], version);
        assert_eq!(page["municipality"]["name"], "Hanau");
    }
}

const CORRECT_DIALOGUE: &str = "mutation($m: ID!, $e: ID!, $r: String) { correctDialogueEvent(municipalityId: $m, eventId: $e, attendance: { residents: 40, administration: 6, politics: 4, business: 3, civilSociety: 9 }, outcomes: \"Patenschaften für Neuzugezogene\", reason: $r) { dialogueEvents { id attendance { total } } timeline { text } } }";
const CORRECT_INTERVIEW: &str = "mutation($m: ID!) { correctInterview(municipalityId: $m, eligibility: { decisionMakersSupport: true, contactPersonNamed: true, sharesLearning: false }, notes: \"Nachgetragen\") { interview { sharesLearning notes } timeline { text } } }";

async fn residents(funder: &Client) -> i64 {
    let data = funder
        .data("{ funderStats { attendance { group total } } }", json!({}))
        .await;
    data["funderStats"]["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "RESIDENTS")
        .unwrap()["total"]
        .as_i64()
        .unwrap()
}

on_both_backends_owned! {
    async fn a_held_dialogue_events_attendance_is_corrected_and_the_funders_figures_follow(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Nachtrag").await;
        let team = app.sign_in(&staff.team.email).await;
        let facilitator = app.sign_in(&staff.facilitator.email).await;
        let funder = app.sign_in(&staff.funder.email).await;
        let seeded = seed_implementation(&app, &staff, &team, &facilitator, "Wächtersbach", "Ida Roth", "geheim").await;
        let held = app.set_day(40);
        crate::api::run(&seeded.contact, crate::api::RECORD_EVENT, json!({ "m": seeded.id, "e": seeded.event, "d": crate::api::day(held) })).await;
        assert_eq!(residents(&funder).await, 31);

        // The contact person corrects the count they recorded.
        let page = crate::api::run(&seeded.contact, CORRECT_DIALOGUE, json!({ "m": seeded.id, "e": seeded.event, "r": "Zählliste nachgereicht" })).await;
        assert_eq!(page["dialogueEvents"][0]["attendance"]["total"], 62);
        let last = page["timeline"].as_array().unwrap().last().unwrap()["text"].clone();
        assert_eq!(last, "Erfassung der Dialogveranstaltung berichtigt: 62 Teilnehmende (Grund: Zählliste nachgereicht)");
        assert_eq!(residents(&funder).await, 40);

        // The interview is the team's to correct, also after the municipality left.
        let (code, _) = facilitator.refused(CORRECT_INTERVIEW, json!({ "m": seeded.id })).await;
        assert_eq!(code, "FORBIDDEN");
        crate::api::run(&team, "mutation($m: ID!) { withdraw(municipalityId: $m, reason: \"Neuwahl\") { stage } }", json!({ "m": seeded.id })).await;
        let page = crate::api::run(&team, CORRECT_INTERVIEW, json!({ "m": seeded.id })).await;
        assert_eq!(page["interview"]["sharesLearning"], false);
        assert_eq!(page["interview"]["notes"], "Nachgetragen");
    }
}

const DUPLICATES: &str =
    "{ board { columns { cards { name possibleDuplicates { name stage } } } } }";

/// Each card's name with the names it is flagged as a possible duplicate of.
async fn flags(client: &Client) -> Vec<(String, Vec<String>)> {
    let data = client.data(DUPLICATES, json!({})).await;
    let mut out: Vec<(String, Vec<String>)> = data["board"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["cards"].as_array().unwrap().iter())
        .map(|c| {
            let of = c["possibleDuplicates"].as_array().unwrap().iter();
            (
                c["name"].as_str().unwrap().to_string(),
                of.map(|d| d["name"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    out.sort();
    out
}

on_both_backends_owned! {
    async fn a_form_sent_twice_is_flagged_on_the_teams_board_and_a_correction_can_clear_it(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Doppelt").await;
        let team = app.sign_in(&staff.team.email).await;
        let programme = staff.programme.to_string();
        let first = submit_interest(&app, &team, interest(&programme, "Bad Vilbel", "amt@bad-vilbel.example")).await;
        submit_interest(&app, &team, interest(&programme, "BAD VILBEL", "buergermeister@bad-vilbel.example")).await;
        submit_interest(&app, &team, interest(&programme, "Karben", "info@karben.example")).await;
        let none = Vec::<String>::new();
        assert_eq!(
            flags(&team).await,
            [
                ("BAD VILBEL".to_string(), vec!["Bad Vilbel".to_string()]),
                ("Bad Vilbel".to_string(), vec!["BAD VILBEL".to_string()]),
                ("Karben".to_string(), none),
            ]
        );
        // The first form had the wrong name: corrected, neither is flagged any more.
        team.data(CORRECT, correction(&first, "Bad Homburg", 54000, Some("Falscher Ort im Formular"))).await;
        let flagged: Vec<_> = flags(&team).await.into_iter().filter(|(_, of)| !of.is_empty()).collect();
        assert!(flagged.is_empty(), "{flagged:?}");
    }
}

const CLOSE: &str = "mutation($m: ID!, $of: ID!) { closeAsDuplicate(municipalityId: $m, ofId: $of) { stage duplicateOf { id name } availableSteps timeline { text } } }";

on_both_backends_owned! {
    async fn the_team_closes_a_form_sent_again_as_a_duplicate_of_the_one_it_keeps(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Zweimal").await;
        let team = app.sign_in(&staff.team.email).await;
        let facilitator = app.sign_in(&staff.facilitator.email).await;
        let programme = staff.programme.to_string();
        let kept = submit_interest(&app, &team, interest(&programme, "Nidda", "amt@nidda.example")).await;
        let again = submit_interest(&app, &team, interest(&programme, "NIDDA", "rathaus@nidda.example")).await;
        let page = team.data(PAGE, json!({ "m": again })).await;
        assert!(page["municipality"]["availableSteps"].as_array().unwrap().iter().any(|s| s == "CLOSE_AS_DUPLICATE"), "{page}");

        // Only the team closes a form, and only as a duplicate of another open form of the
        // programme; a refusal names the field and changes nothing.
        let (code, _) = facilitator.refused(CLOSE, json!({ "m": again, "of": kept })).await;
        assert!(code == "FORBIDDEN" || code == "NOT_FOUND", "{code}");
        let (code, body) = team.refused(CLOSE, json!({ "m": again, "of": again })).await;
        assert_eq!(code, "INVALID_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "ofId", "{body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("Anmeldung"), "{body}");
        assert_eq!(flags(&team).await.iter().filter(|(_, of)| !of.is_empty()).count(), 2);

        let closed = team.data(CLOSE, json!({ "m": again, "of": kept })).await;
        let closed = &closed["closeAsDuplicate"];
        assert_eq!(closed["stage"], "DECLINED");
        assert_eq!(closed["duplicateOf"], json!({ "id": kept, "name": "Nidda" }));
        // What stays is correcting what the form said (the profile, the submitter's details).
        assert_eq!(closed["availableSteps"], json!(["CORRECT_PROFILE", "CORRECT_SUBMITTER"]));
        let last = closed["timeline"].as_array().unwrap().last().unwrap()["text"].clone();
        assert_eq!(last, "Als doppelte Anmeldung geschlossen: es gilt die andere Anmeldung");
        // Settled: neither card is flagged any more, and the kept form cannot be closed as a
        // duplicate of the closed one.
        let flagged: Vec<_> = flags(&team).await.into_iter().filter(|(_, of)| !of.is_empty()).collect();
        assert!(flagged.is_empty(), "{flagged:?}");
        let (code, _) = team.refused(CLOSE, json!({ "m": kept, "of": again })).await;
        assert_eq!(code, "INVALID_INPUT");
    }
}

const CORRECT_CONTACT: &str = "mutation($m: ID!, $d: PersonDetailsInput!, $reason: String) { correctContactPerson(municipalityId: $m, details: $d, reason: $reason) { version contact { person { name role email phone corrections { by reason changes { field before after } } } } timeline { text eventType } } }";

const CORRECT_SUBMITTER: &str = "mutation($m: ID!, $d: PersonDetailsInput!, $reason: String) { correctSubmitter(municipalityId: $m, details: $d, reason: $reason) { version submitter { name phone corrections { by reason changes { field before after } } } timeline { text eventType } } }";

on_both_backends_owned! {
    async fn a_corrected_contact_address_takes_the_sign_in_link_and_the_details_show_their_history(db) {
        use crate::api::{ADMIT, ASSIGN_FACILITATOR, RECORD_INTERVIEW, SCHEDULE_INTERVIEW, at, contact_signed_in, day, run};
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Adresse").await;
        let team = app.sign_in(&staff.team.email).await;
        let facilitator = app.sign_in(&staff.facilitator.email).await;
        let id = submit_interest(&app, &team, interest(&staff.programme.to_string(), "Offenbach", "amt@offenbach.example")).await;
        let held = app.set_day(7);
        run(&team, SCHEDULE_INTERVIEW, json!({ "m": id, "at": at(held, 10) })).await;
        run(&team, RECORD_INTERVIEW, json!({ "m": id, "d": day(held) })).await;
        run(&team, ADMIT, json!({ "m": id })).await;
        run(&team, ASSIGN_FACILITATOR, json!({ "m": id, "f": staff.facilitator.id.to_string() })).await;
        let old = "kontakt@offenbach.example";
        let contact = contact_signed_in(&app, &team, &id, "Lena Vogt", old).await;

        // Only the team corrects a person's details.
        let details = json!({ "name": "Lena Vogt", "role": "Leiterin Integrationsbüro", "email": "l.vogt@offenbach.example", "phone": "069 8065 0" });
        for other in [&facilitator, &contact] {
            let (code, _) = other.refused(CORRECT_CONTACT, json!({ "m": id, "d": details })).await;
            assert_eq!(code, "FORBIDDEN");
        }
        // A bad address is refused at its field, in German, and changes nothing.
        let (code, body) = team.refused(CORRECT_CONTACT, json!({ "m": id, "d": { "name": "Lena Vogt", "role": "x", "email": "l.vogt@" } })).await;
        assert_eq!(code, "INVALID_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "details.email", "{body}");

        let page = team
            .data(CORRECT_CONTACT, json!({ "m": id, "d": details, "reason": "Neue Dienstadresse" }))
            .await["correctContactPerson"]
            .clone();
        let person = &page["contact"]["person"];
        assert_eq!(person["email"], "l.vogt@offenbach.example");
        assert_eq!(person["phone"], "069 8065 0");
        assert_eq!(person["corrections"][0]["by"], staff.team.name.as_str());
        assert_eq!(person["corrections"][0]["reason"], "Neue Dienstadresse");
        assert_eq!(
            person["corrections"][0]["changes"],
            json!([
                { "field": "Funktion", "before": "Integrationsbeauftragte", "after": "Leiterin Integrationsbüro" },
                { "field": "E-Mail", "before": old, "after": "l.vogt@offenbach.example" },
                { "field": "Telefon", "before": "", "after": "069 8065 0" },
            ])
        );
        // The timeline names the fields, not their values (it is read without personal data).
        let last = page["timeline"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["eventType"], "ContactDetailsCorrected");
        assert_eq!(last["text"], "Angaben der Ansprechperson berichtigt: Funktion, E-Mail, Telefon (Grund: Neue Dienstadresse)");

        // The sign-in link now goes to the corrected address, and nothing to the old one.
        let stranger = app.client();
        stranger.request_sign_in(old).await;
        let again = app.sign_in("l.vogt@offenbach.example").await;
        let me = again.data("{ me { role municipalityId } }", json!({})).await;
        assert_eq!(me["me"]["role"], "CONTACT");
        assert_eq!(me["me"]["municipalityId"], id.as_str());
        assert!(app.mails_to("sign_in_link", old).is_empty(), "a link went to the old address");

        // The same details again record nothing.
        let same = team.data(CORRECT_CONTACT, json!({ "m": id, "d": details })).await["correctContactPerson"].clone();
        assert_eq!(same["version"], page["version"]);

        // The submitter's details are corrected on their own, with their own history.
        let page = team
            .data(CORRECT_SUBMITTER, json!({ "m": id, "d": { "name": "Amt für Integration", "role": "Sachbearbeitung", "email": "amt@offenbach.example", "phone": "069 1234" } }))
            .await["correctSubmitter"]
            .clone();
        assert_eq!(page["submitter"]["phone"], "069 1234");
        let changes = &page["submitter"]["corrections"][0]["changes"];
        assert_eq!(changes.as_array().unwrap().len(), 3, "{changes}");
        assert_eq!(page["submitter"]["corrections"][0]["reason"], Value::Null);
        let last = page["timeline"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["eventType"], "SubmitterCorrected");
    }
}

const MERGE: &str = "mutation($m: ID!, $of: ID!) { closeAsDuplicate(municipalityId: $m, ofId: $of, merge: true) { stage duplicateOf { id name } timeline { text eventType } } }";

const MERGED: &str = "query($m: ID!) { municipality(id: $m) { stage submitter { email } mergedForms { fromId submittedOn submitter { name email } motivation } timeline { text eventType } } }";

on_both_backends_owned! {
    async fn a_form_sent_again_is_merged_into_the_kept_one_which_keeps_its_sender_erasable_with_them(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Zusammen").await;
        let team = app.sign_in(&staff.team.email).await;
        let facilitator = app.sign_in(&staff.facilitator.email).await;
        let programme = staff.programme.to_string();
        let kept = submit_interest(&app, &team, interest(&programme, "Büdingen", "amt@buedingen.example")).await;
        let mut second = interest(&programme, "BÜDINGEN", "buergermeister@buedingen.example");
        second["motivation"] = json!("Der Bürgermeister möchte die Verwaltung öffnen.");
        let again = submit_interest(&app, &team, second).await;

        // Only the team merges.
        let (code, _) = facilitator.refused(MERGE, json!({ "m": again, "of": kept })).await;
        assert_eq!(code, "NOT_FOUND");

        let closed = team.data(MERGE, json!({ "m": again, "of": kept })).await["closeAsDuplicate"].clone();
        assert_eq!(closed["stage"], "DECLINED");
        assert_eq!(closed["duplicateOf"]["id"], kept.as_str());
        let last = closed["timeline"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["text"], "Mit der anderen Anmeldung zusammengeführt und geschlossen: Absender:in und Motivation stehen jetzt dort");

        // The kept form holds both senders and both motivations; its own submitter is unchanged.
        let page = team.data(MERGED, json!({ "m": kept })).await["municipality"].clone();
        assert_eq!(page["stage"], "INTEREST");
        assert_eq!(page["submitter"]["email"], "amt@buedingen.example");
        let merged = &page["mergedForms"][0];
        assert_eq!(merged["fromId"], again.as_str());
        assert_eq!(merged["submitter"]["email"], "buergermeister@buedingen.example");
        assert_eq!(merged["motivation"], "Der Bürgermeister möchte die Verwaltung öffnen.");
        let last = page["timeline"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["eventType"], "FormMerged");
        assert!(last["text"].as_str().unwrap().starts_with("Zweite Interessenbekundung vom "), "{last}");

        // A closed form is merged once.
        let (code, _) = team.refused(MERGE, json!({ "m": again, "of": kept })).await;
        assert_eq!(code, "PARTICIPATION_ENDED");
        assert_eq!(team.data(MERGED, json!({ "m": kept })).await["municipality"]["mergedForms"].as_array().unwrap().len(), 1);

        // The sender is sealed under the same person in both places: one erasure erases both.
        let again_id: lotse_domain::MunicipalityId = again.parse().unwrap();
        let kept_id: lotse_domain::MunicipalityId = kept.parse().unwrap();
        let (closed_state, _) = app.app().municipality(staff.tenant, again_id).await.unwrap();
        let subject = closed_state.unwrap().submitter.subject;
        // (Read through the store that erased: the running server forgets only on restart.)
        app.db.store.erase_subject(staff.tenant.0, subject.0).await.unwrap();
        let reader = lotse_app::App::new(app.db.store.clone());
        let (closed_state, _) = reader.municipality(staff.tenant, again_id).await.unwrap();
        assert!(closed_state.unwrap().submitter.is_erased(), "erased where the form was sent");
        let (kept_state, _) = reader.municipality(staff.tenant, kept_id).await.unwrap();
        let kept_state = kept_state.unwrap();
        assert!(kept_state.merged_forms[0].submitter.is_erased());
        assert!(!kept_state.submitter.is_erased(), "the kept form's own sender stays");
    }
}
