//! A team sets up its own programmes: it creates one with a framework, a capacity and a
//! participation length of its choice, municipalities apply to it at its own address, and
//! its settings change later by the rules users expect. Operators can do the same with
//! `lotse create-programme`.

use crate::api::{START_SELF_CHECK, at, day, interest, run, submit_interest};
use crate::one_database::{command, temp};
use lotse_tests::on_both_backends_owned;
use lotse_tests::spawn::spawn_app;
use serde_json::{Value, json};
use std::process::Stdio;

const CREATE: &str = "mutation($input: ProgrammeInput!) { createProgramme(input: $input) { id name capacity seatsTaken participationMonths minDialogueEvents interestFormPath framework { id title } } }";
const CHANGE: &str = "mutation($p: ID!, $input: ProgrammeInput!) { changeProgrammeSettings(programmeId: $p, input: $input) { id name capacity participationMonths framework { id } } }";

fn settings(name: &str, framework: &str, capacity: i64, months: i64) -> Value {
    json!({
        "name": name,
        "frameworkId": framework,
        "capacity": capacity,
        "participationMonths": months,
        "minDialogueEvents": 0,
    })
}

on_both_backends_owned! {
    async fn a_team_creates_a_programme_of_its_own_and_municipalities_apply_to_it(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Chi").await;
        let team = app.sign_in(&staff.team.email).await;

        // Nine months with the Whole-COMM framework, for two municipalities at once.
        let created = run(&team, CREATE, json!({ "input": settings("Whole-COMM-Pilot Hessen", "whole-comm", 2, 9) })).await;
        let programme = created["id"].as_str().unwrap().to_string();
        assert_eq!(created["name"], "Whole-COMM-Pilot Hessen");
        assert_eq!(created["framework"]["id"], "whole-comm");
        assert_eq!(created["participationMonths"], 9);
        assert_eq!(created["seatsTaken"], 0);
        assert_eq!(created["interestFormPath"], format!("/interesse/{programme}"));
        let listed = team.data("{ programmes { id name } }", json!({})).await;
        let names: Vec<&str> = listed["programmes"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&"Whole-COMM-Pilot Hessen"));

        // A municipality applies to it; it sits on that programme's board, not the other's,
        // and is admitted for nine months.
        let id = submit_interest(&app, &team, interest(&programme, "Gelnhausen", "amt@gelnhausen.example")).await;
        let board = |p: String| {
            let team = &team;
            async move {
                let data = team
                    .data("query($p: ID) { board(programmeId: $p) { columns { cards { name } } } }", json!({ "p": p }))
                    .await;
                data["board"]["columns"].as_array().unwrap().iter()
                    .flat_map(|c| c["cards"].as_array().unwrap().iter())
                    .map(|c| c["name"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(board(programme.clone()).await, ["Gelnhausen"]);
        // Its mails name it.
        let confirmation = app.mail_to("interest_confirmation", "amt@gelnhausen.example").await;
        assert_eq!(confirmation.context["programme"], "Whole-COMM-Pilot Hessen");
        assert!(!board(staff.programme.to_string()).await.contains(&"Gelnhausen".to_string()));
        let admitted = crate::api::admit(&app, &team, &id, 7).await;
        assert_eq!(admitted["admittedOn"], day(app.today()));
        let nine_months = app.today().checked_add_months(chrono::Months::new(9)).unwrap();
        assert_eq!(admitted["windowEndsOn"], day(nine_months));

        // The public form lists both programmes of the organisation, and each address names
        // its programme; an unknown address says so.
        let open = app.client().data("{ programmeForms { id name interestFormPath open } }", json!({})).await;
        assert_eq!(open["programmeForms"].as_array().unwrap().len(), 2, "{open}");
        assert!(open["programmeForms"].as_array().unwrap().iter().all(|p| p["open"] == true));
        let list = reqwest::get(format!("{}/interesse", app.base)).await.unwrap().text().await.unwrap();
        // (The page escapes the slashes of the address: `&#x2f;interesse&#x2f;<id>`.)
        assert!(list.contains(&format!("interesse&#x2f;{programme}\"")), "{list}");
        assert!(list.contains("Whole-COMM-Pilot Hessen"), "{list}");
        let unknown = reqwest::get(format!("{}/interesse/{}", app.base, uuid::Uuid::new_v4())).await.unwrap();
        assert_eq!(unknown.status(), reqwest::StatusCode::NOT_FOUND);

        // Its own address serves the plain form for it, which applies to it.
        let html = reqwest::get(format!("{}{}", app.base, created["interestFormPath"].as_str().unwrap()))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(&format!(r#"name="programmeId" value="{programme}""#)), "{html}");
        assert!(html.contains("Whole-COMM-Pilot Hessen"), "{html}");
        let mut fields = crate::api::plain_interest(&programme, "de", "Wächtersbach", "amt@waechtersbach.example");
        fields.push(("formToken", app.form_token()));
        let (status, html) = crate::api::post_plain_interest(&app.base, &fields, None).await;
        assert!(status.is_success(), "{status} {html}");
        assert!(board(programme.clone()).await.contains(&"Wächtersbach".to_string()));

        // A funder invited for this programme sees it and not the other one.
        let invited = run(
            &team,
            "mutation($p: [ID!]) { inviteUser(role: FUNDER, name: \"Frida Förder\", email: \"frida@stiftung.example\", programmeIds: $p) { id programmeIds } }",
            json!({ "p": [programme] }),
        )
        .await;
        assert_eq!(invited["programmeIds"], json!([programme]));
        let mail = app.mail_to("staff_invitation", "frida@stiftung.example").await;
        assert_eq!(mail.context["programme"], serde_json::Value::Null, "two programmes: the default name");
        let frida = app.client();
        frida.sign_in_with_link(mail.context["sign_in_url"].as_str().unwrap()).await;
        let seen = frida.data("{ programmes { id } funderStats { programmeId } }", json!({})).await;
        assert_eq!(seen["programmes"], json!([{ "id": programme }]));
        assert_eq!(seen["funderStats"]["programmeId"], programme.as_str());
        let (code, _) = frida
            .refused("query($p: ID) { funderStats(programmeId: $p) { total } }", json!({ "p": staff.programme.to_string() }))
            .await;
        assert_eq!(code, "NOT_FOUND");
        // Granted the other one instead, the funder sees that one only.
        run(
            &team,
            "mutation($u: ID!, $p: [ID!]!) { grantProgrammes(userId: $u, programmeIds: $p) { id } }",
            json!({ "u": invited["id"], "p": [staff.programme.to_string()] }),
        )
        .await;
        let seen = frida.data("{ programmes { id } }", json!({})).await;
        assert_eq!(seen["programmes"], json!([{ "id": staff.programme.to_string() }]));
        // Her board subscription hears of her programme only.
        let mut sub = app
            .subscribe(&frida, "subscription { boardChanged { municipalityId } }", json!({}))
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        submit_interest(&app, &team, interest(&programme, "Büdingen", "amt@buedingen.example")).await;
        assert!(sub.next(std::time::Duration::from_secs(2)).await.is_none(), "heard of a programme not granted");
        submit_interest(&app, &team, interest(&staff.programme.to_string(), "Nidda", "amt@nidda.example")).await;
        assert!(sub.next(std::time::Duration::from_secs(10)).await.is_some(), "heard nothing of her programme");
        // Programmes are granted to funders only.
        let (code, body) = team
            .refused(
                "mutation($u: ID!, $p: [ID!]!) { grantProgrammes(userId: $u, programmeIds: $p) { id } }",
                json!({ "u": staff.facilitator.id.to_string(), "p": [programme] }),
            )
            .await;
        assert_eq!(code, "INVALID_INPUT", "{body}");

        // Nobody but the team creates or changes programmes.
        let facilitator = app.sign_in(&staff.facilitator.email).await;
        let funder = app.sign_in(&staff.funder.email).await;
        for other in [&facilitator, &funder] {
            let (code, _) = other.refused(CREATE, json!({ "input": settings("Fremd", "whole-comm", 5, 6) })).await;
            assert_eq!(code, "FORBIDDEN");
            let (code, _) = other.refused(CHANGE, json!({ "p": programme, "input": settings("Fremd", "whole-comm", 5, 6) })).await;
            assert_eq!(code, "FORBIDDEN");
        }
    }
}

on_both_backends_owned! {
    async fn a_programmes_settings_change_by_the_rules_users_expect(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Psi").await;
        let team = app.sign_in(&staff.team.email).await;
        let created = run(&team, CREATE, json!({ "input": settings("Pilot Nord", "weltoffene-kommune", 2, 6) })).await;
        let programme = created["id"].as_str().unwrap().to_string();

        // Out of bounds or an unknown framework: refused with the field named, nothing changes.
        for (input, field) in [
            (settings("Pilot Nord", "weltoffene-kommune", 0, 6), "capacity"),
            (settings("Pilot Nord", "weltoffene-kommune", 2, 40), "participationMonths"),
            (settings("Pilot Nord", "kein-rahmen", 2, 6), "frameworkId"),
            (settings("", "weltoffene-kommune", 2, 6), "name"),
        ] {
            let (code, body) = team.refused(CHANGE, json!({ "p": programme, "input": input })).await;
            assert_eq!(code, "INVALID_INPUT", "{body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
        }

        // Two admitted: the capacity cannot drop below two.
        let first = submit_interest(&app, &team, interest(&programme, "Husum", "amt@husum.example")).await;
        let second = submit_interest(&app, &team, interest(&programme, "Niebüll", "amt@niebuell.example")).await;
        let admitted = crate::api::admit(&app, &team, &first, 7).await;
        crate::api::admit(&app, &team, &second, 7).await;
        let (code, body) = team.refused(CHANGE, json!({ "p": programme, "input": settings("Pilot Nord", "weltoffene-kommune", 1, 6) })).await;
        assert_eq!(code, "INVALID_INPUT", "{body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("bereits zugelassenen"), "{message}");

        // Once a self-check has started the framework is fixed; a longer window applies to
        // admissions from then on, not to those made.
        crate::api::contact_signed_in(&app, &team, &first, "Hanna Husum", "hanna@husum.example").await;
        run(&team, START_SELF_CHECK, json!({ "m": first })).await;
        let (code, body) = team.refused(CHANGE, json!({ "p": programme, "input": settings("Pilot Nord", "whole-comm", 3, 6) })).await;
        assert_eq!(code, "INVALID_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "frameworkId");
        let changed = run(&team, CHANGE, json!({ "p": programme, "input": settings("Pilot Nord 2027", "weltoffene-kommune", 3, 12) })).await;
        assert_eq!(changed["capacity"], 3);
        assert_eq!(changed["participationMonths"], 12);
        assert_eq!(changed["name"], "Pilot Nord 2027");
        let changes = team.data("{ changes(last: 1) { text } }", json!({})).await;
        assert_eq!(
            changes["changes"][0]["text"],
            "Einstellungen des Programms „Pilot Nord 2027“ geändert: Name „Pilot Nord“ → „Pilot Nord 2027“, Plätze 2 → 3, Teilnahmedauer 6 → 12 Monate"
        );
        let page = team
            .data("query($m: ID!) { municipality(id: $m) { windowEndsOn } }", json!({ "m": first }))
            .await;
        assert_eq!(page["municipality"]["windowEndsOn"], admitted["windowEndsOn"]);
        let third = submit_interest(&app, &team, interest(&programme, "Sylt", "amt@sylt.example")).await;
        let later = crate::api::admit(&app, &team, &third, 10).await;
        let twelve = app.today().checked_add_months(chrono::Months::new(12)).unwrap();
        assert_eq!(later["windowEndsOn"], day(twelve));
    }
}

#[test]
fn an_operator_creates_a_programme_from_the_command_line() {
    let dir = temp("create-programme");
    let url = format!("sqlite://{}?mode=rwc", dir.join("lotse.sqlite").display());
    let env = [("LOTSE_DATABASE_URL", url)];
    let out = |args: &[&str]| {
        let output = command(&dir, args, &env)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).trim().to_string(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    let (ok, tenant, err) = out(&["create-tenant", "--name", "Netzwerk Nord"]);
    assert!(ok, "{err}");
    let (ok, programme, err) = out(&[
        "create-programme",
        "--tenant",
        &tenant,
        "--name",
        "Pilot Nord",
        "--framework",
        "whole-comm",
        "--months",
        "9",
        "--capacity",
        "12",
    ]);
    assert!(ok, "{err}");
    assert!(err.contains(&format!("/interesse/{programme}")), "{err}");

    // A wrong framework or a capacity out of bounds is refused with a sentence, not created.
    let (ok, _, err) = out(&[
        "create-programme",
        "--tenant",
        &tenant,
        "--name",
        "X",
        "--framework",
        "nope",
    ]);
    assert!(!ok);
    assert!(err.contains("--framework"), "{err}");
    let (ok, _, err) = out(&[
        "create-programme",
        "--tenant",
        &tenant,
        "--name",
        "X",
        "--capacity",
        "0",
    ]);
    assert!(!ok);
    assert!(err.contains("Anzahl der Plätze"), "{err}");

    // The log holds the one programme, with its settings.
    let (ok, export, err) = out(&["export", "--out", "-"]);
    assert!(ok, "{err}");
    let created: Vec<&str> = export
        .lines()
        .filter(|l| l.contains("ProgrammeCreated"))
        .collect();
    assert_eq!(created.len(), 1, "{export}");
    assert!(created[0].contains(&programme));
    assert!(created[0].contains("whole-comm"));
    assert!(
        created[0].contains("\"participation_months\":9"),
        "{}",
        created[0]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

on_both_backends_owned! {
    async fn the_form_opens_and_closes_with_the_application_period_and_an_archived_programme_is_read_only(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Ypsilon").await;
        let team = app.sign_in(&staff.team.email).await;
        let today = app.today();
        let mut input = settings("Pilot Süd", "weltoffene-kommune", 5, 6);
        input["applicationsOpenOn"] = json!(day(today + chrono::Days::new(10)));
        let created = run(&team, CREATE, json!({ "input": input })).await;
        let programme = created["id"].as_str().unwrap().to_string();

        // Not open yet: the form is refused with the day it opens, and its page says so.
        let form = app.with_form_token(interest(&programme, "Lindau", "amt@lindau.example"));
        let (code, body) = app.client().refused(crate::api::SUBMIT_INTEREST, json!({ "input": form })).await;
        assert_eq!(code, "APPLICATIONS_NOT_YET_OPEN", "{body}");
        let page = reqwest::get(format!("{}/interesse/{programme}", app.base)).await.unwrap().text().await.unwrap();
        assert!(page.contains("ab dem"), "{page}");
        assert!(!page.contains(r#"name="programmeId""#), "no form: {page}");

        // Open from that day on.
        app.set_today(today + chrono::Days::new(10));
        let id = submit_interest(&app, &team, interest(&programme, "Lindau", "amt@lindau.example")).await;

        // Archived: steps are refused and offered no more; the form is closed for good.
        let archived = run(&team, "mutation($p: ID!) { archiveProgramme(programmeId: $p) { archivedOn } }", json!({ "p": programme })).await;
        assert_eq!(archived["archivedOn"], day(app.today()));
        let (code, _) = team.refused(crate::api::SCHEDULE_INTERVIEW, json!({ "m": id, "at": at(app.today(), 10) })).await;
        assert_eq!(code, "PROGRAMME_ARCHIVED");
        let page = team.data("query($m: ID!) { municipality(id: $m) { availableSteps } }", json!({ "m": id })).await;
        assert_eq!(page["municipality"]["availableSteps"], json!([]));
        let (code, _) = team.refused(CHANGE, json!({ "p": programme, "input": settings("Pilot Süd", "weltoffene-kommune", 5, 6) })).await;
        assert_eq!(code, "PROGRAMME_ARCHIVED");
        let forms = app.client().data("{ programmeForms { id open notice } }", json!({})).await;
        let this = forms["programmeForms"].as_array().unwrap().iter().find(|p| p["id"] == programme.as_str()).cloned().unwrap();
        assert_eq!(this["open"], false);
        assert!(this["notice"].as_str().unwrap().contains("archiviert"), "{this}");
    }
}

const ORDER: &str = "mutation($p: ID!, $ids: [ID!]!) { orderWaitingList(programmeId: $p, municipalityIds: $ids) { id } }";
const WAITING: &str = "query($p: ID!) { board(programmeId: $p) { columns { stage cards { id name waitingListPlace } } } }";

/// The waiting list's names in their order, from the board.
async fn waiting_list(client: &lotse_tests::spawn::Client, programme: &str) -> Vec<String> {
    let board = client.data(WAITING, json!({ "p": programme })).await;
    let column = board["board"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["stage"] == "WAITING_LIST")
        .unwrap()
        .clone();
    let mut cards: Vec<(i64, String)> = column["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["waitingListPlace"].as_i64().unwrap(),
                c["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    cards.sort();
    assert_eq!(
        cards.iter().map(|c| c.0).collect::<Vec<_>>(),
        (1..=cards.len() as i64).collect::<Vec<_>>()
    );
    cards.into_iter().map(|c| c.1).collect()
}

on_both_backends_owned! {
    async fn the_team_orders_the_waiting_list_and_a_freed_place_is_the_first_ones_task(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Warte").await;
        let team = app.sign_in(&staff.team.email).await;
        let facilitator = app.sign_in(&staff.facilitator.email).await;
        let created = run(&team, CREATE, json!({ "input": settings("Pilot Süd", "weltoffene-kommune", 1, 6) })).await;
        let programme = created["id"].as_str().unwrap().to_string();
        let first = submit_interest(&app, &team, interest(&programme, "Lindau", "amt@lindau.example")).await;
        crate::api::admit(&app, &team, &first, 3).await;

        // Two more, interviewed on days 5 and 4: both wait, the earlier interview first.
        let mut waiting = Vec::new();
        for (name, interviewed) in [("Füssen", 5), ("Kempten", 4)] {
            let id = submit_interest(&app, &team, interest(&programme, name, &format!("amt@{}.example", name.to_lowercase()))).await;
            let held = app.set_day(interviewed);
            run(&team, crate::api::SCHEDULE_INTERVIEW, json!({ "m": id, "at": at(held, 10) })).await;
            run(&team, crate::api::RECORD_INTERVIEW, json!({ "m": id, "d": day(held), "notes": null })).await;
            let page = run(&team, crate::api::ADMIT, json!({ "m": id })).await;
            assert_eq!(page["stage"], "WAITING_LIST");
            waiting.push(id);
        }
        let (fuessen, kempten) = (waiting[0].clone(), waiting[1].clone());
        assert_eq!(waiting_list(&team, &programme).await, ["Kempten", "Füssen"]);

        // The team puts Füssen first; nobody else may, and an order that leaves one out is
        // refused in German, naming the list, and changes nothing.
        let (code, _) = facilitator.refused(ORDER, json!({ "p": programme, "ids": [fuessen, kempten] })).await;
        assert_eq!(code, "FORBIDDEN");
        let (code, body) = team.refused(ORDER, json!({ "p": programme, "ids": [fuessen] })).await;
        assert_eq!(code, "INVALID_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "municipalityIds", "{body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("Warteliste"), "{body}");
        assert_eq!(waiting_list(&team, &programme).await, ["Kempten", "Füssen"]);
        run(&team, ORDER, json!({ "p": programme, "ids": [fuessen, kempten] })).await;
        assert_eq!(waiting_list(&team, &programme).await, ["Füssen", "Kempten"]);
        let changes = team.data("{ changes(last: 1) { text } }", json!({})).await;
        assert_eq!(changes["changes"][0]["text"], "Warteliste des Programms „Pilot Süd“ neu geordnet");

        // A second place (day 8): Füssen, first on the list, is the team's task, due in 14 days.
        const TASKS: &str = "query($m: ID!) { municipality(id: $m) { tasks { kind due done } } }";
        let today = app.set_day(8);
        run(&team, CHANGE, json!({ "p": programme, "input": settings("Pilot Süd", "weltoffene-kommune", 2, 6) })).await;
        let admit_task = |page: &Value| -> Vec<Value> {
            page["municipality"]["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|t| t["kind"] == "ADMIT_FROM_WAITING_LIST")
                .cloned()
                .collect()
        };
        let page = team.data(TASKS, json!({ "m": fuessen })).await;
        assert_eq!(admit_task(&page), vec![json!({ "kind": "ADMIT_FROM_WAITING_LIST", "due": day(today + chrono::Days::new(14)), "done": false })]);
        assert!(admit_task(&team.data(TASKS, json!({ "m": kempten })).await).is_empty());
        let mine = team.data("{ myTasks { kind municipalityName } }", json!({})).await;
        let mine: Vec<&Value> = mine["myTasks"].as_array().unwrap().iter().filter(|t| t["kind"] == "ADMIT_FROM_WAITING_LIST").collect();
        assert_eq!(mine.len(), 1, "{mine:?}");
        assert_eq!(mine[0]["municipalityName"], "Füssen");

        // Once Füssen is admitted the task is gone and Kempten waits alone.
        run(&team, crate::api::ADMIT, json!({ "m": fuessen })).await;
        assert!(admit_task(&team.data(TASKS, json!({ "m": fuessen })).await).is_empty());
        assert_eq!(waiting_list(&team, &programme).await, ["Kempten"]);
    }
}

const DEADLINES: &str = "label deadlines { scheduleInterviewDays decideDays assignContactDays selfCheckDays scheduleWorkshopDays recordAttendanceDays secondSelfCheckDays windowNoticeDays } reminders { daysBefore onDueDay daysOverdue }";

on_both_backends_owned! {
    async fn a_programme_sets_its_own_deadlines_and_reminders_and_the_teams_tasks_follow_them(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Frist").await;
        let team = app.sign_in(&staff.team.email).await;
        let mut input = settings("Kurze Wege", "weltoffene-kommune", 10, 6);
        input["deadlines"] = json!({
            "scheduleInterviewDays": 3, "decideDays": 7, "assignContactDays": 10, "selfCheckDays": 42,
            "scheduleWorkshopDays": 21, "recordAttendanceDays": 5, "secondSelfCheckDays": 60, "windowNoticeDays": 14,
        });
        input["reminders"] = json!({ "daysBefore": [2, 10, 2], "onDueDay": false, "daysOverdue": [5, 1] });
        let created = run(&team, &format!("mutation($input: ProgrammeInput!) {{ createProgramme(input: $input) {{ id {DEADLINES} }} }}"), json!({ "input": input })).await;
        let programme = created["id"].as_str().unwrap().to_string();
        assert_eq!(created["deadlines"]["scheduleInterviewDays"], 3);
        // A programme of the team's own awards no label unless it names one.
        assert_eq!(created["label"], Value::Null);
        assert_eq!(created["deadlines"]["selfCheckDays"], 42);
        // Reminder days are kept once each, the earliest first.
        assert_eq!(created["reminders"], json!({ "daysBefore": [10, 2], "onDueDay": false, "daysOverdue": [1, 5] }));

        // A new form gives the team three days to schedule the interview.
        let id = submit_interest(&app, &team, interest(&programme, "Lauterbach", "amt@lauterbach.example")).await;
        let tasks = team.data("{ myTasks { kind due municipalityId } }", json!({})).await;
        let task = tasks["myTasks"].as_array().unwrap().iter().find(|t| t["municipalityId"] == id.as_str()).cloned().unwrap();
        assert_eq!(task["kind"], "SCHEDULE_INTERVIEW");
        assert_eq!(task["due"], day(app.today() + chrono::Days::new(3)));

        // A deadline out of range is refused at its field in German and changes nothing;
        // a later change shows on the team's list of changes.
        let mut bad = settings("Kurze Wege", "weltoffene-kommune", 10, 6);
        bad["deadlines"] = created["deadlines"].clone();
        bad["deadlines"]["decideDays"] = json!(0);
        let (code, body) = team.refused(CHANGE, json!({ "p": programme, "input": bad })).await;
        assert_eq!(code, "INVALID_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "decideDays", "{body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("zwischen 1 und 365"), "{body}");
        let mut longer = settings("Kurze Wege", "weltoffene-kommune", 10, 6);
        longer["label"] = json!("Offene Kommune");
        longer["deadlines"] = created["deadlines"].clone();
        longer["deadlines"]["scheduleInterviewDays"] = json!(8);
        run(&team, CHANGE, json!({ "p": programme, "input": longer })).await;
        let tasks = team.data("{ myTasks { due municipalityId } }", json!({})).await;
        let task = tasks["myTasks"].as_array().unwrap().iter().find(|t| t["municipalityId"] == id.as_str()).cloned().unwrap();
        assert_eq!(task["due"], day(app.today() + chrono::Days::new(8)));
        let listed = team.data(&format!("{{ programmes {{ id {DEADLINES} }} }}"), json!({})).await;
        let mine = listed["programmes"].as_array().unwrap().iter().find(|p| p["id"] == programme.as_str()).cloned().unwrap();
        assert_eq!(mine["deadlines"]["decideDays"], 7, "the refused change changed nothing");
        assert_eq!(mine["label"], "Offene Kommune");
        assert_eq!(mine["reminders"]["daysBefore"], json!([10, 2]), "reminders kept when not given");
        let changes = team.data("{ changes { text } }", json!({})).await;
        let texts: Vec<&str> = changes["changes"].as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect();
        assert!(texts.iter().any(|t| t.contains("Label, Fristen")), "{texts:?}");
        // A change that leaves the label out keeps it; a blank one removes it.
        let mut kept = settings("Kurze Wege", "weltoffene-kommune", 10, 6);
        kept["minDialogueEvents"] = json!(1);
        let answer = run(&team, &format!("mutation($p: ID!, $input: ProgrammeInput!) {{ changeProgrammeSettings(programmeId: $p, input: $input) {{ {DEADLINES} }} }}"), json!({ "p": programme, "input": kept })).await;
        assert_eq!(answer["label"], "Offene Kommune");
        kept["label"] = json!("  ");
        let answer = run(&team, &format!("mutation($p: ID!, $input: ProgrammeInput!) {{ changeProgrammeSettings(programmeId: $p, input: $input) {{ {DEADLINES} }} }}"), json!({ "p": programme, "input": kept })).await;
        assert_eq!(answer["label"], Value::Null);
    }
}
