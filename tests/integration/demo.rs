//! The demo programme comes out the same on both backends.

use lotse_app::demo::{self, DemoLoad};
use lotse_domain::values::Stage;
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
