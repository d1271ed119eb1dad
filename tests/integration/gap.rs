//! A reader tailing the log by position never skips an event that commits late.

use crate::store::{batch, event, meta};
use lotse_eventstore::{Position, RecordedEvent, Store};
use lotse_tests::{TestDb, on_both_backends};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use uuid::Uuid;

async fn read_after(store: &Store, at: Position) -> Vec<RecordedEvent> {
    store.read_all(at, 10_000).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reader_never_skips_an_append_that_commits_after_later_ones_on_postgres() {
    let db = TestDb::postgres().await;
    let pg = db.pg.clone().unwrap();
    let tenant = Uuid::now_v7();
    for i in 0..3 {
        db.store
            .append(
                &meta(tenant),
                batch("before", i, vec![event("Before", json!({}))]),
            )
            .await
            .unwrap();
    }

    // A slow append: its transaction has taken its sequence number and is still open.
    let mut slow = pg.begin().await.unwrap();
    sqlx::query(
        "INSERT INTO events (tenant_id, stream_id, version, event_type, schema_version, payload, \
         actor, command_id, correlation_id) VALUES ($1, 'slow', 1, 'Slow', 1, '{}', 'test', $2, $2)",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .execute(&mut *slow)
    .await
    .unwrap();

    // Others commit meanwhile, with higher sequence numbers.
    for i in 0..10 {
        db.store
            .append(
                &meta(tenant),
                batch("fast", i, vec![event("Fast", json!({"i": i}))]),
            )
            .await
            .unwrap();
    }

    let seen_while_open = lotse_tests::whole_log(&db.store, 3).await;
    assert_eq!(
        seen_while_open
            .iter()
            .map(|e| e.event_type.as_str())
            .collect::<Vec<_>>(),
        vec!["Before"; 3],
        "while the slow append is open, the reader stops before it"
    );
    let position = seen_while_open.last().unwrap().position;

    slow.commit().await.unwrap();
    let mut seen_after = read_after(&db.store, position).await;
    for _ in 0..1500 {
        if seen_after.len() >= 11 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        seen_after = read_after(&db.store, position).await;
    }
    assert_eq!(
        seen_after.len(),
        11,
        "the slow event and every fast one, each once"
    );
    assert_eq!(
        seen_after[0].event_type, "Slow",
        "in a stable order: the slow transaction first"
    );
    assert!(seen_after[1..].iter().all(|e| e.event_type == "Fast"));

    let mut whole = seen_while_open;
    whole.extend(seen_after);
    assert_eq!(
        whole,
        lotse_tests::whole_log(&db.store, 14).await,
        "a fresh reader sees the same order"
    );
}

const EXPECTED: usize = 8 * 60 * 2;

on_both_backends! {
    async fn a_tailing_reader_sees_every_event_of_concurrent_writers_exactly_once_in_a_stable_order(db) {
        let tenant = Uuid::now_v7();
        let done = Arc::new(AtomicBool::new(false));
        let tail = {
            let store = db.store.clone();
            let done = done.clone();
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut at = Position::START;
                let mut deadline = None;
                loop {
                    let page = store.read_all(at, 500).await.unwrap();
                    if let Some(last) = page.last() {
                        at = last.position;
                    }
                    seen.extend(page);
                    if done.load(Ordering::SeqCst) {
                        // Other tests' transactions can hold the reader back for a moment.
                        let until = *deadline.get_or_insert_with(|| std::time::Instant::now() + Duration::from_secs(30));
                        if seen.len() >= EXPECTED || std::time::Instant::now() > until {
                            return seen;
                        }
                    }
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
            })
        };
        let mut writers = Vec::new();
        for w in 0..8 {
            let store = db.store.clone();
            writers.push(tokio::spawn(async move {
                for i in 0..60 {
                    store
                        .append(&meta(tenant), batch(&format!("w{w}"), 2 * i, vec![event("E", json!({})), event("E", json!({}))]))
                        .await
                        .unwrap();
                }
            }));
        }
        for w in writers {
            w.await.unwrap();
        }
        done.store(true, Ordering::SeqCst);
        let seen = tail.await.unwrap();
        let all = lotse_tests::whole_log(&db.store, EXPECTED).await;
        assert_eq!(all.len(), EXPECTED);
        assert_eq!(seen.len(), all.len(), "the tailing reader missed or repeated events");
        assert_eq!(seen, all, "the tailing reader saw the same order as a reader after the fact");
    }
}
