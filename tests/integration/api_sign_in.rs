//! Signing in by e-mail link over HTTP: single use, a hardened cookie, a fresh session id,
//! sign-out that ends the session on the server, and no probing of addresses.

use lotse_tests::TestDb;
use lotse_tests::spawn::{Client, first_code, session_pair, spawn_app};
use serde_json::json;

const ME: &str = "{ me { userId role } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sign_in_link_works_once_and_sets_an_http_only_same_site_cookie() {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("Eta").await;
    let browser = app.client();
    let link = app.request_link(&browser, &staff.team.email).await;
    assert!(
        link.starts_with("http://127.0.0.1/anmelden/link#"),
        "{link}"
    );

    let (body, cookies) = browser.redeem_link(&link).await;
    assert_eq!(body["data"]["signIn"]["role"], "TEAM", "{body}");
    assert_eq!(
        body["data"]["signIn"]["userId"],
        staff.team.id.to_string().as_str()
    );
    let cookie = cookies
        .iter()
        .find(|c| session_pair(c).is_some())
        .unwrap_or_else(|| panic!("a session cookie: {cookies:?}"));
    let attributes: Vec<String> = cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    assert!(attributes.iter().any(|a| a == "httponly"), "{cookie}");
    assert!(attributes.iter().any(|a| a == "samesite=lax"), "{cookie}");
    assert!(attributes.iter().any(|a| a == "path=/"), "{cookie}");
    let me = browser.data(ME, json!({})).await;
    assert_eq!(me["me"]["role"], "TEAM");

    // The same link a second time, from another browser: refused, no cookie.
    let other = app.client();
    let (again, cookies) = other.redeem_link(&link).await;
    assert_eq!(
        first_code(&again).as_deref(),
        Some("SIGN_IN_LINK_INVALID"),
        "{again}"
    );
    assert!(again["data"].is_null(), "{again}");
    assert!(
        cookies.iter().all(|c| session_pair(c).is_none()),
        "no session for a used link: {cookies:?}"
    );
    let (code, _) = other.refused(ME, json!({})).await;
    assert_eq!(code, "UNAUTHENTICATED");

    // A made-up token fares no better.
    let (made_up, _) = other
        .redeem_link("http://127.0.0.1/anmelden/link#0123456789abcdef")
        .await;
    assert_eq!(
        first_code(&made_up).as_deref(),
        Some("SIGN_IN_LINK_INVALID")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn signing_out_ends_the_session_on_the_server_not_only_in_the_browser() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let staff = app.create_tenant("Theta").await;
    let browser = app.sign_in(&staff.facilitator.email).await;
    let pair = browser.session_cookie().expect("a session cookie");

    // The cookie value works when sent by hand…
    let replay = Client::with_cookie(&app.base, &pair);
    assert_eq!(
        replay.data(ME, json!({})).await["me"]["role"],
        "FACILITATOR"
    );

    // …until the browser signs out.
    let response = browser.post("mutation { signOut }", json!({})).await;
    let cleared: Vec<String> = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["data"]["signOut"], true, "{body}");
    assert!(
        cleared
            .iter()
            .any(|c| c.starts_with("lotse_session=;") && c.contains("Max-Age=0")),
        "the browser is told to drop the cookie: {cleared:?}"
    );
    let (code, _) = replay.refused(ME, json!({})).await;
    assert_eq!(
        code, "UNAUTHENTICATED",
        "the old cookie value no longer works"
    );
    let (code, _) = browser.refused(ME, json!({})).await;
    assert_eq!(code, "UNAUTHENTICATED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn signing_in_again_gives_a_new_session_id_and_ends_the_old_one() {
    let app = spawn_app(TestDb::postgres().await).await;
    let staff = app.create_tenant("Iota").await;
    let browser = app.sign_in(&staff.team.email).await;
    let first = browser.session_cookie().unwrap();

    let link = app.request_link(&browser, &staff.team.email).await;
    browser.sign_in_with_link(&link).await;
    let second = browser.session_cookie().unwrap();
    assert_ne!(first, second, "a new session id at sign-in");

    let (code, _) = Client::with_cookie(&app.base, &first)
        .refused(ME, json!({}))
        .await;
    assert_eq!(code, "UNAUTHENTICATED", "the session it replaced has ended");
    assert_eq!(
        Client::with_cookie(&app.base, &second)
            .data(ME, json!({}))
            .await["me"]["role"],
        "TEAM"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn asking_for_a_link_for_an_unknown_address_answers_true_and_sends_nothing() {
    let app = spawn_app(TestDb::sqlite().await).await;
    let staff = app.create_tenant("Kappa").await;
    let browser = app.client();

    browser.request_sign_in("niemand@kappa.example").await;
    browser.request_sign_in("NIEMAND@unbekannt.example").await;
    assert!(app.mails().is_empty(), "no mail: {:?}", app.mails());

    // A known address (in any case) does get its link, so the silence above means something
    // (nothing was handed to the outbox for the unknown ones).
    app.request_link(&browser, &staff.funder.email.to_uppercase())
        .await;
    let mails = app.mails();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].kind, "sign_in_link");
    assert_eq!(mails[0].to, staff.funder.email);
}

lotse_tests::on_both_backends_owned! {
    async fn an_account_created_by_another_process_signs_in_at_once_with_its_role(db) {
        // As `lotse create-user` does: another process opens the account and issues the link,
        // and the person signs in before this server has read the new account.
        let app = spawn_app(db).await;
        let staff = app.create_tenant("Iota").await;
        let accounts = lotse_app::accounts::Accounts {
            app: lotse_app::App::new(app.db.store.clone()),
            ops: app.db.ops.clone(),
        };
        let id = lotse_domain::UserId::new();
        accounts
            .register(
                staff.tenant,
                id,
                lotse_domain::user::Role::Team,
                lotse_domain::user::UserDetails {
                    name: lotse_domain::values::PersonName::parse("name", "Nora Neu").unwrap(),
                    email: lotse_domain::values::EmailAddress::parse("email", "nora@iota.example").unwrap(),
                },
                lotse_domain::values::Language::De,
                None,
                &lotse_app::CommandMeta::new(lotse_app::Actor::operator()),
            )
            .await
            .unwrap();
        let token = accounts.issue_sign_in_token(staff.tenant, id).await.unwrap();
        let browser = app.client();
        let signed_in = browser.sign_in_with_link(&format!("http://127.0.0.1/anmelden/link#{token}")).await;
        assert_eq!(signed_in["role"], "TEAM", "{signed_in}");
        let me = browser.data(ME, json!({})).await;
        assert_eq!(me["me"]["role"], "TEAM");
    }
}
