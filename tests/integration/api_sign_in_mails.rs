//! Sign-in mails go through the outbox: the answer takes as long for a known address as for
//! an unknown one, the job holds ids only, a failed send is retried with a working link, and
//! one address gets at most three sign-in mails in ten minutes.

use lotse_app::mailer::MemoryMailer;
use lotse_app::{Actor, CommandMeta};
use lotse_domain::UserId;
use lotse_domain::user::{Role, UserDetails};
use lotse_domain::values::{EmailAddress, Language, PersonName};
use lotse_graphql::public::SIGN_IN_MAILS_PER_RECIPIENT;
use lotse_tests::on_both_backends_owned;
use lotse_tests::spawn::{
    Client, REQUEST_SIGN_IN, TestApp, eventually, spawn_app, spawn_app_with_mailer,
};
use serde_json::json;
use std::time::{Duration, Instant};

/// Registers `n` team members of one new tenant; their addresses.
async fn team_members(app: &TestApp, label: &str, n: usize) -> Vec<String> {
    let staff = app.create_tenant(label).await;
    let mut addresses = Vec::new();
    for i in 0..n {
        let email = format!("mitglied{i}@{}.example", label.to_lowercase());
        let o = app
            .app()
            .register_user(
                staff.tenant,
                UserId::new(),
                Role::Team,
                UserDetails {
                    name: PersonName::parse("name", &format!("Mitglied {i}")).unwrap(),
                    email: EmailAddress::parse("email", &email).unwrap(),
                },
                Language::De,
                None,
                &CommandMeta::new(Actor::operator()),
            )
            .await
            .unwrap();
        app.settle(&o).await;
        addresses.push(email);
    }
    addresses
}

/// Asks for a link; the answer must be `true`. How long the answer took.
async fn ask(client: &Client, email: &str) -> Duration {
    let started = Instant::now();
    let body = client.gql(REQUEST_SIGN_IN, json!({ "e": email })).await;
    let took = started.elapsed();
    assert_eq!(body["data"]["requestSignIn"], true, "{body}");
    assert!(body.get("errors").is_none_or(|e| e.is_null()), "{body}");
    took
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// The stored payloads of the sign-in jobs, as text.
async fn sign_in_job_payloads(app: &TestApp) -> Vec<String> {
    let rows: Vec<(Vec<u8>,)> = match (&app.db.pg, &app.db.sqlite) {
        (Some(pg), _) => sqlx::query_as("SELECT job FROM apalis.jobs WHERE job_type = $1")
            .bind(lotse_jobs::MAIL_QUEUE)
            .fetch_all(pg)
            .await
            .unwrap(),
        (None, Some(lite)) => sqlx::query_as("SELECT job FROM Jobs WHERE job_type = ?1")
            .bind(lotse_jobs::MAIL_QUEUE)
            .fetch_all(lite)
            .await
            .unwrap(),
        (None, None) => unreachable!("a test database is PostgreSQL or SQLite"),
    };
    rows.into_iter()
        .map(|(job,)| String::from_utf8(job).expect("a JSON payload"))
        .collect()
}

on_both_backends_owned! {
    async fn a_known_address_is_answered_as_fast_as_an_unknown_one_and_its_link_arrives(db) {
        // Sending takes 100 ms, as an SMTP server's dialogue does: a request that sent the
        // mail itself would answer a known address that much later.
        let app = spawn_app_with_mailer(db, MemoryMailer::slow(Duration::from_millis(100))).await;
        const N: usize = 20;
        let known = team_members(&app, "Zeta", N).await;
        let mut known_times = Vec::new();
        let mut unknown_times = Vec::new();
        // Each request from a browser of its own (limits per client address stay out of the
        // way); known and unknown addresses take turns, so load falls on both alike.
        for (i, email) in known.iter().enumerate() {
            let host = i as u8 + 1;
            unknown_times.push(ask(&app.client_at(2, host), &format!("niemand{i}@zeta.example")).await);
            known_times.push(ask(&app.client_at(1, host), email).await);
        }
        let (k, u) = (median(known_times), median(unknown_times));
        assert!(
            k < u + Duration::from_millis(30),
            "a known address is answered later: median {k:?} against {u:?} for unknown ones"
        );
        // Every known address gets its link, and it works.
        let arrived = eventually(Duration::from_secs(20), || async {
            known.iter().all(|e| !app.mails_to("sign_in_link", e).is_empty())
        })
        .await;
        assert!(arrived.is_some(), "links arrived for {} of {N} addresses", known.iter().filter(|e| !app.mails_to("sign_in_link", e).is_empty()).count());
        assert_eq!(app.mails().len(), N, "one link per known address, none for unknown ones");
        let link = app.last_link("sign_in_link", &known[0]).unwrap();
        app.client().sign_in_with_link(&link).await;

        // The jobs hold ids only: no address, name or token.
        let payloads = sign_in_job_payloads(&app).await;
        assert_eq!(payloads.len(), N, "one job per link");
        for payload in payloads {
            let job: serde_json::Value = serde_json::from_str(&payload).unwrap();
            let mut keys: Vec<&str> = job.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort();
            assert_eq!(keys, ["mail", "request", "tenant", "user"], "{payload}");
            assert!(!payload.contains('@') && !payload.contains("Mitglied"), "{payload}");
            assert!(!payload.contains(link.rsplit('#').next().unwrap()), "{payload}");
        }
    }
}

on_both_backends_owned! {
    async fn a_sign_in_link_whose_first_send_fails_arrives_on_a_retry_and_works(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Rho").await;
        app.mailer.fail_next(2);
        let browser = app.client();
        let link = app.request_link(&browser, &staff.facilitator.email).await;
        assert_eq!(app.mails().len(), 1, "sent once, after two failed attempts");
        let me = browser.sign_in_with_link(&link).await;
        assert_eq!(me["role"], "FACILITATOR");
    }
}

on_both_backends_owned! {
    async fn one_address_gets_at_most_three_sign_in_mails_in_ten_minutes_and_the_answer_never_changes(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Sigma").await;
        // Ten requests in a row, from ten browsers: each answered alike.
        for host in 1..=10 {
            ask(&app.client_at(3, host), &staff.team.email).await;
            ask(&app.client_at(4, host), "niemand@sigma.example").await;
        }
        let max = SIGN_IN_MAILS_PER_RECIPIENT.max as usize;
        assert_eq!(max, 3);
        let arrived = eventually(Duration::from_secs(10), || async {
            app.mails_to("sign_in_link", &staff.team.email).len() >= max
        })
        .await;
        assert!(arrived.is_some(), "{:?}", app.mails());
        // Nothing more comes later.
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert_eq!(app.mails_to("sign_in_link", &staff.team.email).len(), max);
        assert_eq!(app.mails().len(), max, "nothing to the unknown address or anyone else");
        // Another address is not held back by the first one's limit.
        app.request_link(&app.client_at(3, 11), &staff.funder.email).await;
    }
}
