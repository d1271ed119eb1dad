//! Refusals of bad input as the web app places them: every refusal about one argument names
//! it in `extensions.field` (as the client sent it), with the code and a message in the
//! request's language (German by default, English with the `lotse_lang=en` cookie). Covers
//! malformed dates and date-times (refused by async-graphql itself before our code runs), the
//! participation window, dates held in the future, unknown fields of action and next steps
//! due before the workshop.

use crate::api::{
    ASSIGN_FACILITATOR, PLAN_EVENT, PLAN_SUPPORT, RECORD_WORKSHOP, SCHEDULE_WORKSHOP, admit, at,
    contact_signed_in, day, fill_in_self_check, interest, priorities, submit_interest,
};
use chrono::{Days, NaiveDate};
use lotse_tests::TestDb;
use lotse_tests::spawn::{Client, spawn_app};
use serde_json::{Value, json};

/// What a refusal must carry.
struct Expected {
    code: &'static str,
    field: &'static str,
    /// `extensions.reason` (only invalid input has one).
    reason: Option<&'static str>,
    de: String,
    en: String,
}

/// The same session in German and in English.
struct Languages {
    de: Client,
    en: Client,
}

impl Languages {
    fn of(client: &Client) -> Self {
        let session = client.session_cookie().expect("signed in");
        Self {
            de: Client::with_cookie(&client.base, &format!("{session}; lotse_lang=de")),
            en: Client::with_cookie(&client.base, &format!("{session}; lotse_lang=en")),
        }
    }

    /// Sends the operation in both languages; each answer must be exactly this refusal.
    async fn refused(&self, what: &str, document: &str, variables: Value, expected: &Expected) {
        for (client, message) in [(&self.de, &expected.de), (&self.en, &expected.en)] {
            let body = client.gql(document, variables.clone()).await;
            let errors = body["errors"]
                .as_array()
                .unwrap_or_else(|| panic!("{what}: refused, got {body}"));
            assert_eq!(errors.len(), 1, "{what}: one error: {body}");
            assert!(
                body["data"].is_null()
                    || body["data"]
                        .as_object()
                        .unwrap()
                        .values()
                        .all(Value::is_null),
                "{what}: nothing answered: {body}"
            );
            let error = &errors[0];
            let ext = &error["extensions"];
            assert_eq!(ext["code"], expected.code, "{what}: {body}");
            assert_eq!(ext["field"], expected.field, "{what}: {body}");
            match expected.reason {
                Some(reason) => assert_eq!(ext["reason"], reason, "{what}: {body}"),
                None => assert!(ext["reason"].is_null(), "{what}: no reason: {body}"),
            }
            assert_eq!(error["message"], message.as_str(), "{what}: {body}");
        }
    }
}

fn outside_window(field: &'static str) -> Expected {
    Expected {
        code: "OUTSIDE_PARTICIPATION_WINDOW",
        field,
        reason: None,
        de: "Das Datum liegt nach dem Ende des Teilnahmezeitraums. Bitte wählen Sie ein früheres Datum.".into(),
        en: "The date is after the end of the participation period. Please choose an earlier date.".into(),
    }
}

fn bad_date(field: &'static str, de_label: &str, en_label: &str) -> Expected {
    Expected {
        code: "INVALID_INPUT",
        field,
        reason: Some("invalid_date"),
        de: format!("Bitte geben Sie bei „{de_label}“ ein gültiges Datum an, z. B. 2026-03-02."),
        en: format!("Please enter a valid date for “{en_label}”, e.g. 2026-03-02."),
    }
}

fn bad_datetime(field: &'static str, de_label: &str, en_label: &str, example: &str) -> Expected {
    Expected {
        code: "INVALID_INPUT",
        field,
        reason: Some("invalid_datetime"),
        de: format!(
            "Bitte geben Sie bei „{de_label}“ ein gültiges Datum mit Uhrzeit an, z. B. {example}."
        ),
        en: format!("Please enter a valid date and time for “{en_label}”, e.g. {example}."),
    }
}

async fn version(client: &Client, id: &str) -> i64 {
    let data = client
        .data(
            "query($m: ID!) { municipality(id: $m) { version } }",
            json!({ "m": id }),
        )
        .await;
    data["municipality"]["version"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn refusals_of_dates_and_workshop_inputs_name_the_argument_in_both_languages() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let staff = app.create_tenant("Kappa").await;
    let team = app.sign_in(&staff.team.email).await;
    let lang = Languages::of(&team);

    // A municipality with a submitted self-check: ready for its workshop.
    app.set_day(0);
    let form = interest(
        &staff.programme.to_string(),
        "Bad Vilbel",
        "antrag@bad-vilbel.example",
    );
    let id = submit_interest(&app, &team, form).await;
    admit(&app, &team, &id, 7).await;
    crate::api::run(
        &team,
        ASSIGN_FACILITATOR,
        json!({ "m": id, "f": staff.facilitator.id.to_string() }),
    )
    .await;
    let contact = contact_signed_in(
        &app,
        &team,
        &id,
        "Petra Schulz",
        "kontakt@bad-vilbel.example",
    )
    .await;
    fill_in_self_check(&contact, &id).await;
    let window = team
        .data(
            "query($m: ID!) { municipality(id: $m) { windowEndsOn } }",
            json!({ "m": id }),
        )
        .await;
    let window_ends: NaiveDate = window["municipality"]["windowEndsOn"]
        .as_str()
        .expect("admitted, so the window has an end")
        .parse()
        .unwrap();
    let after_window = window_ends + Days::new(1);
    let workshop = app.set_day(20);
    let before = version(&team, &id).await;

    // Scheduling the workshop: a malformed time, a time after the window.
    lang.refused(
        "scheduleWorkshop with at: \"morgen\"",
        SCHEDULE_WORKSHOP,
        json!({ "m": id, "at": "morgen" }),
        &bad_datetime("at", "Termin", "Date and time", "2026-03-02T10:00:00"),
    )
    .await;
    lang.refused(
        "scheduleWorkshop with a date only",
        SCHEDULE_WORKSHOP,
        json!({ "m": id, "at": day(workshop) }),
        &bad_datetime("at", "Termin", "Date and time", "2026-03-02T10:00:00"),
    )
    .await;
    lang.refused(
        "scheduleWorkshop after the window",
        SCHEDULE_WORKSHOP,
        json!({ "m": id, "at": at(after_window, 9) }),
        &outside_window("at"),
    )
    .await;
    assert_eq!(version(&team, &id).await, before, "nothing was recorded");
    // The same step with a good time goes through: the refusals were about the times.
    crate::api::run(
        &team,
        SCHEDULE_WORKSHOP,
        json!({ "m": id, "at": at(workshop, 9) }),
    )
    .await;
    let before = version(&team, &id).await;

    // Recording the workshop.
    let good = |changes: Value| {
        let mut v = json!({
            "m": id,
            "d": day(workshop),
            "due": day(workshop + Days::new(30)),
            "notes": null,
        });
        for (k, x) in changes.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    };
    let priorities = priorities(&team).await;
    lang.refused(
        "recordWorkshop with heldOn: \"31.02.2026\" written into the document",
        "mutation($m: ID!) { recordWorkshop(municipalityId: $m, heldOn: \"31.02.2026\", participants: 14, priorities: [\"x\"], nextSteps: []) { id } }",
        json!({ "m": id }),
        &bad_date("heldOn", "Datum", "Date"),
    )
    .await;
    lang.refused(
        "recordWorkshop with heldOn 2026-02-31 as a variable",
        RECORD_WORKSHOP,
        good(json!({ "d": "2026-02-31", "priorities": priorities })),
        &bad_date("heldOn", "Datum", "Date"),
    )
    .await;
    lang.refused(
        "recordWorkshop held tomorrow",
        RECORD_WORKSHOP,
        good(json!({ "d": day(workshop + Days::new(1)), "priorities": priorities })),
        &Expected {
            code: "DATE_IN_FUTURE",
            field: "heldOn",
            reason: None,
            de: "Das Datum liegt in der Zukunft. Bitte erfassen Sie nur, was bereits stattgefunden hat.".into(),
            en: "The date is in the future. Please record only what has already taken place.".into(),
        },
    )
    .await;
    lang.refused(
        "recordWorkshop with a next step due \"morgen\"",
        RECORD_WORKSHOP,
        good(json!({ "due": "morgen", "priorities": priorities })),
        &bad_date("nextSteps.due", "Fälligkeitsdatum", "Due date"),
    )
    .await;
    lang.refused(
        "recordWorkshop with a next step due before the workshop",
        RECORD_WORKSHOP,
        good(json!({ "due": day(workshop - Days::new(1)), "priorities": priorities })),
        &Expected {
            code: "INVALID_INPUT",
            field: "nextSteps.due",
            reason: Some("before_workshop"),
            de: "„Fälligkeitsdatum“ darf nicht vor dem Tag des Workshops liegen. Bitte wählen Sie ein späteres Datum.".into(),
            en: "“Due date” cannot be before the day of the workshop. Please choose a later date.".into(),
        },
    )
    .await;
    lang.refused(
        "recordWorkshop with an unknown field of action",
        RECORD_WORKSHOP,
        good(json!({ "priorities": [priorities[0], "wohnen-und-meer"] })),
        &Expected {
            code: "UNKNOWN_FIELD_OF_ACTION",
            field: "priorities",
            reason: None,
            de: "Das Handlungsfeld „wohnen-und-meer“ gibt es im Selbstcheck dieses Programms nicht. Bitte wählen Sie die Prioritäten aus der Liste aus.".into(),
            en: "There is no field of action “wohnen-und-meer” in this programme's self-check. Please choose the priorities from the list.".into(),
        },
    )
    .await;
    assert_eq!(version(&team, &id).await, before, "nothing was recorded");
    let page = crate::api::run(
        &team,
        RECORD_WORKSHOP,
        good(json!({ "priorities": priorities })),
    )
    .await;
    assert_eq!(page["stage"], "IMPLEMENTATION");
    let before = version(&team, &id).await;

    // Planning support and dialogue events.
    lang.refused(
        "planSupport with on: 2026-13-01",
        PLAN_SUPPORT,
        json!({ "m": id, "on": "2026-13-01" }),
        &bad_date("on", "Datum", "Date"),
    )
    .await;
    lang.refused(
        "planSupport after the window",
        PLAN_SUPPORT,
        json!({ "m": id, "on": day(after_window) }),
        &outside_window("on"),
    )
    .await;
    lang.refused(
        "planDialogueEvent after the window",
        PLAN_EVENT,
        json!({ "m": id, "at": at(after_window, 18), "topic": "Ankommen" }),
        &outside_window("at"),
    )
    .await;
    lang.refused(
        "planDialogueEvent at 25 o'clock",
        PLAN_EVENT,
        json!({ "m": id, "at": format!("{}T25:00:00", day(workshop)), "topic": "Ankommen" }),
        &bad_datetime("at", "Termin", "Date and time", "2026-03-02T10:00:00"),
    )
    .await;
    assert_eq!(version(&team, &id).await, before, "nothing was recorded");

    // A malformed point in time of a query, too.
    lang.refused(
        "municipality asOf: \"gestern\"",
        "query($m: ID!) { municipality(id: $m, asOf: \"gestern\") { id } }",
        json!({ "m": id }),
        &bad_datetime("asOf", "Stichtag", "Reference date", "2026-03-02T10:00:00Z"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn implausible_dates_and_invisible_characters_are_refused_naming_the_field_in_both_languages()
{
    let app = spawn_app(TestDb::sqlite().await).await;
    let staff = app.create_tenant("Lambda").await;
    let team = app.sign_in(&staff.team.email).await;
    let lang = Languages::of(&team);
    let form = interest(
        &staff.programme.to_string(),
        "Büdingen",
        "antrag@buedingen.example",
    );
    let id = submit_interest(&app, &team, form).await;
    let before = version(&team, &id).await;

    let out_of_range = |field: &'static str, de_label: &str, en_label: &str| Expected {
        code: "INVALID_INPUT",
        field,
        reason: Some("date_out_of_range"),
        de: format!(
            "Bitte geben Sie bei „{de_label}“ ein Datum zwischen dem 1. Januar 2000 und dem 31. Dezember 2100 an."
        ),
        en: format!(
            "Please enter a date between 1 January 2000 and 31 December 2100 for “{en_label}”."
        ),
    };
    lang.refused(
        "scheduleInterview in the year -262143",
        crate::api::SCHEDULE_INTERVIEW,
        json!({ "m": id, "at": "-262143-01-01T10:00:00" }),
        &out_of_range("at", "Termin", "Date and time"),
    )
    .await;
    lang.refused(
        "scheduleInterview in the year 2200, written into the document",
        "mutation($m: ID!) { scheduleInterview(municipalityId: $m, at: \"2200-03-02T10:00:00\") { id } }",
        json!({ "m": id }),
        &out_of_range("at", "Termin", "Date and time"),
    )
    .await;
    lang.refused(
        "municipality as of the year 1900",
        "query($m: ID!) { municipality(id: $m, asOf: \"1900-01-01T00:00:00Z\") { id } }",
        json!({ "m": id }),
        &out_of_range("asOf", "Stichtag", "Reference date"),
    )
    .await;
    assert_eq!(version(&team, &id).await, before, "nothing was recorded");

    // A name that shows reversed on the board and in mail subjects, and one with a hidden
    // line break for mail headers and bodies.
    let register = "mutation($name: String!) { registerUser(role: FACILITATOR, name: $name, email: \"neu@lambda.example\") { id } }";
    lang.refused(
        "registerUser with a right-to-left override in the name",
        register,
        json!({ "name": "Anna \u{202E}tdimhcS" }),
        &Expected {
            code: "INVALID_INPUT",
            field: "name",
            reason: Some("bidi_control"),
            de: "„Name“ enthält unsichtbare Steuerzeichen für die Schreibrichtung, die den Text anders anzeigen lassen, als er gespeichert wird. Bitte tippen Sie den Text neu ein.".into(),
            en: "“Name” contains invisible writing-direction controls that make the text show differently from how it is stored. Please type the text again.".into(),
        },
    )
    .await;
    lang.refused(
        "registerUser with a line break in the name",
        register,
        json!({ "name": "Anna Schmidt\nBcc: alle@example.org" }),
        &Expected {
            code: "INVALID_INPUT",
            field: "name",
            reason: Some("line_break"),
            de: "„Name“ darf nur eine Zeile haben. Bitte entfernen Sie den Zeilenumbruch.".into(),
            en: "“Name” must fit on one line. Please remove the line break.".into(),
        },
    )
    .await;
}
