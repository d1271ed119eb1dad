//! The demo programme comes out the same on both backends.

use lotse_app::demo::{self, DemoLoad};
use lotse_domain::values::{Language, Stage};
use lotse_tests::TestDb;
use std::collections::BTreeMap;

async fn demo_stages(db: &TestDb) -> BTreeMap<Stage, usize> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let loaded = demo::load(db.store.clone(), today, |_, _| {})
        .await
        .unwrap();
    assert_eq!(loaded, DemoLoad::Created { municipalities: 40 });
    assert_eq!(
        demo::load(db.store.clone(), today, |_, _| {})
            .await
            .unwrap(),
        DemoLoad::AlreadyThere,
        "a second load keeps the data as it is"
    );
    let live = lotse_tests::settled_live(&db.store).await;
    let p = live.read().await;
    p.tenants[&demo::tenant_id()].stage_counts(None)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_gives_the_same_stage_counts_on_sqlite_and_postgres() {
    let (pg, lite) = (TestDb::postgres().await, TestDb::sqlite().await);
    let on_pg = demo_stages(&pg).await;
    let on_sqlite = demo_stages(&lite).await;
    println!("stage counts (PostgreSQL = SQLite):");
    for (stage, n) in &on_pg {
        println!("  {stage:?}: {n}");
    }
    assert_eq!(on_pg, on_sqlite);
    assert_eq!(on_pg.values().sum::<usize>(), 40);
    for stage in Stage::ALL {
        if stage != Stage::WaitingList {
            assert!(
                on_pg[&stage] > 0,
                "the demo shows every stage; {stage:?} is empty"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_municipality_that_answered_its_self_checks_shows_at_most_one_self_check_line_a_day()
{
    let db = TestDb::postgres().await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    demo::load(db.store.clone(), today, |_, _| {})
        .await
        .unwrap();
    let live = lotse_tests::settled_live(&db.store).await;
    let p = live.read().await;
    let t = &p.tenants[&demo::tenant_id()];
    let framework = t.programmes[&demo::programme_id()]
        .settings
        .as_ref()
        .and_then(|s| s.framework())
        .unwrap();
    let indicators: usize = framework.fields.iter().map(|f| f.indicators.len()).sum();
    let mut checked = 0;
    for m in t.municipalities.values() {
        let whole = m
            .state
            .self_checks
            .iter()
            .filter(|s| s.submitted.is_some())
            .count();
        if whole == 0 {
            continue;
        }
        checked += 1;
        let lines = lotse_graphql::types::timeline(t, m, Some(&framework), Language::De);
        let mut per_day: BTreeMap<chrono::NaiveDate, Vec<&str>> = BTreeMap::new();
        let mut counted = 0;
        for line in lines
            .iter()
            .filter(|l| l.event_type == "SelfCheckAnswerSaved")
        {
            per_day
                .entry(lotse_app::clock::berlin_date(line.at.0))
                .or_default()
                .push(&line.text);
            counted += line
                .text
                .split_once("bearbeitet: ")
                .and_then(|(_, n)| n.split(' ').next()?.parse::<usize>().ok())
                .unwrap_or(1);
            assert!(
                framework
                    .fields
                    .iter()
                    .flat_map(|f| &f.indicators)
                    .all(|i| !line.text.contains(&i.id)),
                "a line names an indicator by its id: {}",
                line.text
            );
        }
        for (day, texts) in &per_day {
            assert!(
                texts.len() <= 1,
                "{}: {day}: {texts:?}",
                m.state.profile.name
            );
        }
        // Every answer is counted in one of the lines; a whole round spreads over days.
        assert_eq!(counted, whole * indicators, "{}", m.state.profile.name);
        assert!(
            per_day.len() > whole,
            "{}: {per_day:?}",
            m.state.profile.name
        );
    }
    assert!(
        checked >= 10,
        "only {checked} demo municipalities submitted a self-check"
    );
}
