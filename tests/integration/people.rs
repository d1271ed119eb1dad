//! The team manages its people: it invites team members, facilitators and funders, who sign
//! in from their invitation; it changes roles, deactivates and reactivates accounts; and
//! access ends at once, on every server process, when an account is deactivated, its role
//! changes or a contact person is replaced.

use crate::api::{interest, run, submit_interest};
use crate::api_hardening::{change_the_board, socket_is_shut};
use lotse_tests::spawn::{Client, spawn_app};
use lotse_tests::{TestDb, on_both_backends_owned};
use serde_json::{Value, json};
use std::time::Duration;

const INVITE: &str = "mutation($role: UserRole!, $name: String!, $email: String!) { inviteUser(role: $role, name: $name, email: $email) { id name email role active } }";
const DEACTIVATE: &str = "mutation($u: ID!) { deactivateUser(userId: $u) { id active } }";
const REACTIVATE: &str = "mutation($u: ID!) { reactivateUser(userId: $u) { id active } }";
const CHANGE_ROLE: &str =
    "mutation($u: ID!, $role: UserRole!) { changeUserRole(userId: $u, role: $role) { id role } }";
const PEOPLE: &str = "{ people { id name email role active municipalityName replaced } }";

async fn role_of(client: &Client) -> Value {
    client.gql("{ me { role } }", json!({})).await
}

fn refusal_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
}

on_both_backends_owned! {
    async fn the_team_invites_a_facilitator_who_signs_in_from_the_invitation(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Omega").await;
        let team = app.sign_in(&staff.team.email).await;

        let invited = run(&team, INVITE, json!({ "role": "FACILITATOR", "name": "Fiona Fuchs", "email": "Fiona@Fuchs.example" })).await;
        assert_eq!(invited["role"], "FACILITATOR");
        assert_eq!(invited["active"], true);
        let mail = app.mail_to("staff_invitation", "fiona@fuchs.example").await;
        assert_eq!(mail.context["role"], "facilitator");
        assert_eq!(mail.context["invited_by"], staff.team.name.as_str());
        assert_eq!(mail.context["recipient_name"], "Fiona Fuchs");
        let fiona = app.client();
        fiona.sign_in_with_link(mail.context["sign_in_url"].as_str().unwrap()).await;
        assert_eq!(role_of(&fiona).await["data"]["me"]["role"], "FACILITATOR");

        // The list of people shows her; the same address cannot be invited twice.
        let people = team.data(PEOPLE, json!({})).await;
        let found = people["people"].as_array().unwrap().iter().find(|p| p["name"] == "Fiona Fuchs").cloned().unwrap();
        assert_eq!(found["email"], "fiona@fuchs.example");
        assert_eq!(found["active"], true);
        let (code, body) = team.refused(INVITE, json!({ "role": "FUNDER", "name": "Fiona", "email": "fiona@fuchs.example" })).await;
        assert_eq!(code, "INVALID_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "email");
        // Contact persons are named on their municipality, not invited here.
        let (code, _) = team.refused(INVITE, json!({ "role": "CONTACT", "name": "Karl", "email": "karl@example.org" })).await;
        assert_eq!(code, "INVALID_INPUT");

        // Nobody but the team manages people, and nobody changes their own account here.
        for (query, vars) in [
            (PEOPLE, json!({})),
            (INVITE, json!({ "role": "FUNDER", "name": "Fritz", "email": "fritz@example.org" })),
            (DEACTIVATE, json!({ "u": staff.team.id.to_string() })),
        ] {
            let (code, _) = fiona.refused(query, vars).await;
            assert_eq!(code, "FORBIDDEN");
        }
        let (code, body) = team.refused(DEACTIVATE, json!({ "u": staff.team.id.to_string() })).await;
        assert_eq!(code, "INVALID_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "userId");

        // Deactivated: signed out at once; reactivated: a new link works again.
        let id = invited["id"].as_str().unwrap();
        assert_eq!(run(&team, DEACTIVATE, json!({ "u": id })).await["active"], false);
        assert_eq!(refusal_code(&role_of(&fiona).await), "UNAUTHENTICATED");
        assert_eq!(run(&team, REACTIVATE, json!({ "u": id })).await["active"], true);
        let link = app.request_link(&app.client(), "fiona@fuchs.example").await;
        let again = app.client();
        again.sign_in_with_link(&link).await;
        assert_eq!(role_of(&again).await["data"]["me"]["role"], "FACILITATOR");

        // The list of changes says who did what, newest first; only the team reads it.
        let changes = team.data("{ changes { by text } }", json!({})).await;
        let lines: Vec<(String, String)> = changes["changes"].as_array().unwrap().iter()
            .map(|c| (c["by"].as_str().unwrap().to_string(), c["text"].as_str().unwrap().to_string()))
            .collect();
        let by = staff.team.name.clone();
        assert_eq!(lines[0], (by.clone(), "Konto von Fiona Fuchs wieder aktiviert".to_string()), "{lines:?}");
        assert_eq!(lines[1], (by.clone(), "Konto von Fiona Fuchs deaktiviert".to_string()));
        assert!(lines.contains(&(by, "Konto für Fiona Fuchs angelegt (Prozessbegleitung)".to_string())), "{lines:?}");
        let (code, _) = again.refused("{ changes { text } }", json!({})).await;
        assert_eq!(code, "FORBIDDEN");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_role_change_and_a_replaced_contact_person_take_effect_at_once_on_every_process() {
    let app = spawn_app(TestDb::postgres().await).await;
    let other = app.another_server().await;
    let staff = app.create_tenant("Kappa").await;
    let team = app.sign_in(&staff.team.email).await;

    // A funder made facilitator: their next request on the other process sees the new role,
    // and their open socket there is closed (it was opened for the old role).
    let funder = app.sign_in(&staff.funder.email).await.on(&other.base);
    let mut sub = other
        .subscribe(
            &funder,
            "subscription { boardChanged { municipalityId stage } }",
            json!({}),
        )
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    run(
        &team,
        CHANGE_ROLE,
        json!({ "u": staff.funder.id.to_string(), "role": "FACILITATOR" }),
    )
    .await;
    change_the_board(&app, &team, &staff.programme.to_string(), "Rollenwechsel").await;
    socket_is_shut(&mut sub, "after a role change, on the other process").await;
    let mut seen = None;
    for _ in 0..50 {
        let me = role_of(&funder).await;
        seen = Some(me["data"]["me"]["role"].clone());
        if seen == Some(json!("FACILITATOR")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(seen, Some(json!("FACILITATOR")));

    // A contact person replaced by another: the first is signed out on both processes, the
    // second works; the team sees the first as replaced.
    let id = submit_interest(
        &app,
        &team,
        interest(
            &staff.programme.to_string(),
            "Bad Nauheim",
            "amt@nauheim.example",
        ),
    )
    .await;
    crate::api::admit(&app, &team, &id, 7).await;
    let first =
        crate::api::contact_signed_in(&app, &team, &id, "Erste Kontakt", "erste@nauheim.example")
            .await;
    let first_other = first.on(&other.base);
    assert_eq!(role_of(&first_other).await["data"]["me"]["role"], "CONTACT");
    let second =
        crate::api::contact_signed_in(&app, &team, &id, "Zweite Kontakt", "zweite@nauheim.example")
            .await;
    for client in [&first, &first_other] {
        let mut code = String::new();
        for _ in 0..50 {
            code = refusal_code(&role_of(client).await).to_string();
            if code == "UNAUTHENTICATED" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(code, "UNAUTHENTICATED");
    }
    assert_eq!(role_of(&second).await["data"]["me"]["role"], "CONTACT");
    let people = team.data(PEOPLE, json!({})).await;
    let replaced: Vec<&Value> = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["replaced"] == true)
        .collect();
    assert_eq!(replaced.len(), 1, "{people}");
    assert_eq!(replaced[0]["name"], "Erste Kontakt");
    assert_eq!(replaced[0]["municipalityName"], "Bad Nauheim");
}

on_both_backends_owned! {
    async fn a_team_member_chooses_how_to_hear_of_new_forms_and_nobody_else_can(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Hinweis").await;
        let team = app.sign_in(&staff.team.email).await;
        let funder = app.sign_in(&staff.funder.email).await;
        const ME: &str = "{ me { formAlerts } }";
        const CHOOSE: &str = "mutation($a: FormAlerts!) { chooseFormAlerts(alerts: $a) }";
        assert_eq!(team.data(ME, json!({})).await["me"]["formAlerts"], "AT_ONCE");
        assert_eq!(funder.data(ME, json!({})).await["me"]["formAlerts"], Value::Null);
        let chosen = team.data(CHOOSE, json!({ "a": "DAILY" })).await;
        assert_eq!(chosen["chooseFormAlerts"], "DAILY");
        assert_eq!(team.data(ME, json!({})).await["me"]["formAlerts"], "DAILY");
        let (code, _) = funder.refused(CHOOSE, json!({ "a": "NEVER" })).await;
        assert_eq!(code, "FORBIDDEN");
        // The choice is not one of the team's changes to programmes and people.
        let changes = team.data("{ changes(last: 5) { text } }", json!({})).await;
        assert!(!changes.to_string().contains("DAILY"), "{changes}");
    }
}
