//! Limits live in the database: two server processes on one database enforce one limit per
//! client address, per recipient of sign-in mails and per address of the interest form, and
//! a process started afterwards (a restart) still knows the counts.

use crate::api::{SUBMIT_INTEREST, interest};
use lotse_graphql::public::SIGN_IN_MAILS_PER_RECIPIENT;
use lotse_tests::on_both_backends_owned;
use lotse_tests::spawn::{REQUEST_SIGN_IN, TestServer, eventually, first_code, spawn_app};
use serde_json::{Value, json};
use std::time::Duration;

/// The limit per client address and purpose that `lotse::server::start` sets.
const PER_CLIENT: usize = 20;

fn refused_as_rate_limited(body: &Value) -> bool {
    first_code(body).as_deref() == Some("RATE_LIMITED")
}

on_both_backends_owned! {
    async fn two_servers_on_one_database_hold_every_limit_for_the_sum_of_both_and_over_a_restart(db) {
        let app = spawn_app(db).await;
        let other = app.another_server().await;
        let staff = app.create_tenant("Tau").await;
        let programme = staff.programme.to_string();
        let servers: [&TestServer; 2] = [&app, &other];
        // The other process has read the new accounts from the log.
        let known = eventually(Duration::from_secs(10), || async {
            let p = other.services.live.read().await;
            p.users_by_email.contains_key(&staff.funder.email)
        })
        .await;
        assert!(known.is_some(), "the other server knows the accounts");

        // Signing in, per client address: 20 requests in all, taking turns between the
        // servers, then the next one is refused by either.
        for i in 0..PER_CLIENT {
            let body = servers[i % 2].client_at(5, 1)
                .gql(REQUEST_SIGN_IN, json!({ "e": format!("niemand{i}@tau.example") }))
                .await;
            assert_eq!(body["data"]["requestSignIn"], true, "request {i}: {body}");
        }
        for server in servers {
            let body = server.client_at(5, 1)
                .gql(REQUEST_SIGN_IN, json!({ "e": "niemand@tau.example" }))
                .await;
            assert!(refused_as_rate_limited(&body), "{body}");
        }

        // Sign-in mails, per recipient: two asked through each server (from four browsers),
        // three sent.
        for i in 0..4 {
            servers[i % 2].client_at(6, i as u8 + 1).request_sign_in(&staff.funder.email).await;
        }
        let max = SIGN_IN_MAILS_PER_RECIPIENT.max as usize;
        let sent = || app.mails_to("sign_in_link", &staff.funder.email).len();
        assert!(
            eventually(Duration::from_secs(10), || async { sent() >= max }).await.is_some(),
            "{} links", sent()
        );
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert_eq!(sent(), max, "one limit for both servers");

        // The interest form, per client address: 20 attempts in all, then refused.
        for i in 0..PER_CLIENT {
            let body = servers[i % 2].client_at(7, 1)
                .gql(SUBMIT_INTEREST, json!({ "input": app.with_form_token(interest(&programme, "", "anna@tau.example")) }))
                .await;
            assert_eq!(first_code(&body).as_deref(), Some("INVALID_INPUT"), "attempt {i}: {body}");
        }
        for server in servers {
            let body = server.client_at(7, 1)
                .gql(SUBMIT_INTEREST, json!({ "input": app.with_form_token(interest(&programme, "Taunusstein", "anna@tau.example")) }))
                .await;
            assert!(refused_as_rate_limited(&body), "{body}");
        }

        // The form's confirmation, per address and day: one for two forms through two servers.
        for (i, name) in ["Idstein", "Eltville"].into_iter().enumerate() {
            let body = servers[i].client_at(8, i as u8 + 1)
                .gql(SUBMIT_INTEREST, json!({ "input": app.with_form_token(interest(&programme, name, "Berta@Tau.example")) }))
                .await;
            assert_eq!(body["data"]["submitInterest"]["received"], true, "{body}");
        }
        let confirmations = || {
            app.mails()
                .iter()
                .filter(|m| m.kind == "interest_confirmation")
                .count()
        };
        assert!(
            eventually(Duration::from_secs(10), || async { confirmations() >= 1 }).await.is_some()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(confirmations(), 1, "one confirmation per address and day for both servers");

        // A process started now (as after a restart) knows every count.
        drop(other);
        let restarted = app.another_server().await;
        let body = restarted.client_at(5, 1)
            .gql(REQUEST_SIGN_IN, json!({ "e": "niemand@tau.example" }))
            .await;
        assert!(refused_as_rate_limited(&body), "{body}");
        let body = restarted.client_at(7, 1)
            .gql(SUBMIT_INTEREST, json!({ "input": app.with_form_token(interest(&programme, "Kiedrich", "anna@tau.example")) }))
            .await;
        assert!(refused_as_rate_limited(&body), "{body}");
        restarted.client_at(6, 9).request_sign_in(&staff.funder.email).await;
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert_eq!(sent(), max, "the per-recipient limit holds after the restart");
    }
}

on_both_backends_owned! {
    async fn the_limit_counters_hold_no_address_and_ended_windows_are_deleted(db) {
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Ypsilon").await;
        app.client_at(9, 1).request_sign_in(&staff.team.email).await;
        let rows: Vec<(String, i64)> = match (&app.db.pg, &app.db.sqlite) {
            (Some(pg), _) => sqlx::query_as("SELECT key_hash, window_end FROM rate_limits")
                .fetch_all(pg)
                .await
                .unwrap(),
            (None, Some(lite)) => sqlx::query_as("SELECT key_hash, window_end FROM rate_limits")
                .fetch_all(lite)
                .await
                .unwrap(),
            (None, None) => unreachable!("a test database is PostgreSQL or SQLite"),
        };
        assert!(rows.len() >= 2, "a counter for the client and one for the recipient: {rows:?}");
        // Keys are salted: not the plain hash of the address (or anything with it).
        let plain = lotse_app::accounts::secret_hash(&staff.team.email);
        for (key, _) in &rows {
            assert!(!key.contains('@') && *key != plain, "{key}");
        }
        let now = chrono::Utc::now().timestamp();
        assert!(rows.iter().all(|(_, end)| *end > now));
        // Once every window has ended, pruning deletes them.
        let latest = rows.iter().map(|(_, end)| *end).max().unwrap();
        let deleted = app.db.ops.prune_hits(latest).await.unwrap();
        assert_eq!(deleted as usize, rows.len());
    }
}
