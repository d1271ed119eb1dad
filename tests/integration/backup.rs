//! Export and import: the restored log folds into the same board, numbers and timelines,
//! between PostgreSQL and SQLite in both directions.

use lotse_app::demo;
use lotse_domain::values::Language;
use lotse_projections::stats::funder_stats;
use lotse_tests::TestDb;

/// What people see, independent of positions: stage counts, funder numbers and every
/// municipality's version, stage and timeline sentences.
async fn seen(db: &TestDb) -> String {
    let live = lotse_tests::settled_live(&db.store).await;
    let p = live.read().await;
    let t = &p.tenants[&demo::tenant_id()];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let framework = t.programmes[&demo::programme_id()]
        .settings
        .as_ref()
        .unwrap()
        .framework()
        .unwrap();
    let mut out = format!(
        "{:?}\n{:?}\n",
        t.stage_counts(None),
        funder_stats(t, demo::programme_id(), &framework, today)
    );
    for m in t.municipalities.values() {
        out.push_str(&format!(
            "{} v{} {:?} {:?}\n",
            m.id,
            m.version,
            m.stage(),
            m.stages
        ));
        for e in &m.timeline {
            out.push_str(&format!(
                "  {} {} {}\n",
                e.at,
                e.actor,
                lotse_projections::timeline::describe(&e.event, Language::De)
            ));
        }
        if let Some(c) = &m.state.contact {
            out.push_str(&format!(
                "  contact {:?}\n",
                c.contact.get().map(|d| d.email.as_str().to_string())
            ));
        }
    }
    for u in t.users.values() {
        out.push_str(&format!(
            "user {} {:?} {:?} {:?}\n",
            u.id, u.role, u.name, u.email
        ));
    }
    out
}

async fn round_trip(from: TestDb, to: TestDb) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    demo::load(from.store.clone(), today, |_, _| {})
        .await
        .unwrap();
    // One erased person must stay erased after the round trip.
    let erased = demo::contact_user(3).0;
    from.store
        .erase_subject(demo::tenant_id().0, erased)
        .await
        .unwrap();

    let mut file = Vec::new();
    let n = lotse::backup::export(&from.store, None, &mut file)
        .await
        .unwrap();
    assert!(
        n > 1000,
        "the demo has more than a thousand events, got {n}"
    );

    let restored = lotse::backup::import(&to.store, file.as_slice(), |_| {})
        .await
        .unwrap();
    assert_eq!(restored, n);
    let before = seen(&from).await;
    let after = seen(&to).await;
    assert_eq!(
        before, after,
        "the restored log must fold into the same views"
    );
    assert!(
        after.contains("Erika") || after.contains("@"),
        "personal data comes back readable"
    );
    assert!(
        !after.contains(&format!("user {} Contact Some", demo::contact_user(3))),
        "the erased person stays erased"
    );

    let again = lotse::backup::import(&to.store, file.as_slice(), |_| {}).await;
    assert!(
        again.is_err(),
        "an import into a database with events is refused"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_from_postgres_restores_into_sqlite_with_identical_views() {
    round_trip(TestDb::postgres().await, TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_from_sqlite_restores_into_postgres_with_identical_views() {
    round_trip(TestDb::sqlite().await, TestDb::postgres().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_export_is_refused_and_nothing_is_written() {
    let (from, to) = (TestDb::sqlite().await, TestDb::postgres().await);
    demo::load(
        from.store.clone(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        |_, _| {},
    )
    .await
    .unwrap();
    let mut file = Vec::new();
    lotse::backup::export(&from.store, None, &mut file)
        .await
        .unwrap();
    let text = String::from_utf8(file).unwrap();
    let damaged = text.replacen("Lohr a.Main", "Lohr am Main", 1);
    assert_ne!(damaged, text);
    let err = lotse::backup::import(&to.store, damaged.as_bytes(), |_| {})
        .await
        .unwrap_err();
    assert!(err.to_string().contains("checksum"), "{err}");
    let truncated: String = text.lines().take(100).map(|l| format!("{l}\n")).collect();
    let err = lotse::backup::import(&to.store, truncated.as_bytes(), |_| {})
        .await
        .unwrap_err();
    assert!(err.to_string().contains("closing line"), "{err}");
    assert_eq!(to.store.count().await.unwrap(), 0);
}
