//! The mails that mutations ask for (the confirmation of an interest form, a new contact
//! person's welcome) go through the outbox: when the first send fails, a retry delivers them,
//! once, and the welcome's link still works, also after the job workers lost their database
//! for a moment.

use crate::api::{contact_signed_in, interest, submit_interest};
use lotse_tests::on_both_backends_owned;
use lotse_tests::spawn::{TestApp, spawn_app};
use std::time::Duration;

/// Renames a table (`apalis.jobs`: the job queue's, which has no schema on SQLite), as if
/// the database went away under its users: their next uses fail.
async fn rename_table(app: &TestApp, from: &str, to: &str) {
    match (&app.db.pg, &app.db.sqlite) {
        (Some(pg), _) => sqlx::query(sqlx::AssertSqlSafe(format!(
            "ALTER TABLE {from} RENAME TO {to}"
        )))
        .execute(pg)
        .await
        .map(drop)
        .unwrap(),
        (None, Some(lite)) => {
            let from = from.trim_start_matches("apalis.");
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "ALTER TABLE {from} RENAME TO {to}"
            )))
            .execute(lite)
            .await
            .map(drop)
            .unwrap()
        }
        (None, None) => unreachable!("a test database is PostgreSQL or SQLite"),
    };
}

on_both_backends_owned! {
    async fn a_confirmation_and_a_welcome_whose_first_send_fails_arrive_once(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Phi").await;
        let team = app.sign_in(&staff.team.email).await;
        let programme = staff.programme.to_string();

        // The mail server refuses the next send for a while: the confirmation still comes.
        app.mailer.fail_next(1);
        let id = submit_interest(&app, &team, interest(&programme, "Bad Vilbel", "Carla@Vilbel.example")).await;
        let confirmation = app.mail_to("interest_confirmation", "carla@vilbel.example").await;
        assert_eq!(confirmation.context["municipality"], "Bad Vilbel");
        assert_eq!(confirmation.context["recipient_name"], "Erika Mustermann");

        // The welcome mail likewise, and its sign-in link works.
        crate::api::admit(&app, &team, &id, 7).await;
        app.mailer.fail_next(2);
        let contact = contact_signed_in(&app, &team, &id, "Konrad Kontakt", "konrad@vilbel.example").await;
        let me = contact.data("{ me { role municipalityId } }", serde_json::json!({})).await;
        assert_eq!(me["me"]["role"], "CONTACT");
        assert_eq!(me["me"]["municipalityId"], id.as_str());
        let welcome = app.mail_to("contact_welcome", "konrad@vilbel.example").await;
        assert_eq!(welcome.context["municipality"], "Bad Vilbel");

        // Each went out once: no second copy after the retries.
        tokio::time::sleep(Duration::from_millis(800)).await;
        let count = |kind: &str| app.mails().iter().filter(|m| m.kind == kind).count();
        assert_eq!(count("interest_confirmation"), 1);
        assert_eq!(count("contact_welcome"), 1);
    }
}

on_both_backends_owned! {
    async fn a_mail_job_goes_out_after_the_workers_lost_their_database_for_a_moment(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Rho").await;
        let team = app.sign_in(&staff.team.email).await;
        let programme = staff.programme.to_string();

        // The workers' polls fail for a while (longer than several polls).
        rename_table(&app, "apalis.jobs", "jobs_away").await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        rename_table(&app, "apalis.jobs_away", "jobs").await;

        // The attempt at once fails: only the job can deliver the confirmation.
        app.mailer.fail_next(1);
        submit_interest(&app, &team, interest(&programme, "Bad Orb", "carla@orb.example")).await;
        let confirmation = app.mail_to("interest_confirmation", "carla@orb.example").await;
        assert_eq!(confirmation.context["municipality"], "Bad Orb");
    }
}

on_both_backends_owned! {
    async fn a_welcome_whose_request_was_lost_is_sent_once_by_the_job_scan(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Upsilon").await;
        let team = app.sign_in(&staff.team.email).await;
        let id = submit_interest(&app, &team, interest(&staff.programme.to_string(), "Bad Ems", "amt@ems.example")).await;
        crate::api::admit(&app, &team, &id, 7).await;

        // The outbox cannot be written while the contact person is named, as when the
        // process ends between the assignment and its request for the mail.
        rename_table(&app, "mail_outbox", "mail_outbox_away").await;
        let page = crate::api::run(
            &team,
            crate::api::ASSIGN_CONTACT,
            serde_json::json!({ "m": id, "name": "Emil Ems", "email": "emil@ems.example" }),
        )
        .await;
        assert_eq!(page["contact"]["person"]["name"], "Emil Ems");
        rename_table(&app, "mail_outbox_away", "mail_outbox").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(app.mails_to("contact_welcome", "emil@ems.example").is_empty());

        // The scan finds the welcome due and asks for it, once; it arrives and its link works.
        let jobs = lotse_jobs::Jobs::connect(
            &app.db.url,
            app.services.live.clone(),
            app.services.accounts.clone(),
            std::sync::Arc::new(lotse::telemetry::CountedMailer(app.mailer.clone())),
            lotse_tests::spawn::mail_worker_config(),
        )
        .await
        .unwrap();
        assert_eq!(jobs.scan_welcomes().await.unwrap().len(), 1);
        let welcome = app.mail_to("contact_welcome", "emil@ems.example").await;
        assert_eq!(welcome.context["municipality"], "Bad Ems");
        let contact = app.client();
        contact
            .sign_in_with_link(welcome.context["sign_in_url"].as_str().unwrap())
            .await;
        let me = contact.data("{ me { role municipalityId } }", serde_json::json!({})).await;
        assert_eq!(me["me"]["municipalityId"], id.as_str());

        // Later scans find it sent: no second welcome.
        assert!(jobs.scan_welcomes().await.unwrap().is_empty());
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(app.mails_to("contact_welcome", "emil@ems.example").len(), 1);
    }
}

on_both_backends_owned! {
    async fn a_mail_whose_first_send_hangs_and_then_fails_still_arrives_once(db) {
        // The attempt at once holds the mail's lease for longer than the job's retries take
        // (as an SMTP server that hangs before it gives up): the job waits for the lease
        // instead of giving up, and delivers the mail when the attempt has failed.
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Sigma").await;
        let team = app.sign_in(&staff.team.email).await;
        app.mailer.fail_next_slowly(1, Duration::from_secs(4));
        submit_interest(&app, &team, interest(&staff.programme.to_string(), "Bad Camberg", "amt@camberg.example")).await;
        let confirmation = app.mail_to("interest_confirmation", "amt@camberg.example").await;
        assert_eq!(confirmation.context["municipality"], "Bad Camberg");
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert_eq!(app.mails_to("interest_confirmation", "amt@camberg.example").len(), 1);
    }
}
