//! Many writers at once: nothing acknowledged is lost, nothing is written twice, versions
//! have no holes, and conflicts surface as the typed error.

use crate::store::{event, meta};
use lotse_eventstore::{AppendMeta, StoreError, StreamAppend};
use lotse_tests::on_both_backends;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use uuid::Uuid;

const WRITERS: usize = 16;
const COMMANDS: usize = 200;
const HOT: usize = 3;
const COLD: usize = 400;

/// A tiny deterministic generator, so a failing run can be repeated.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

on_both_backends! {
    async fn sixteen_writers_lose_nothing_and_write_nothing_twice(db) {
        let tenant = Uuid::now_v7();
        let conflicts = Arc::new(AtomicUsize::new(0));
        let mut writers = Vec::new();
        for w in 0..WRITERS {
            let store = db.store.clone();
            let conflicts = conflicts.clone();
            writers.push(tokio::spawn(async move {
                let mut rng = Lcg(w as u64 + 1);
                let mut acked: Vec<(AppendMeta, String, usize)> = Vec::new();
                for c in 0..COMMANDS {
                    let stream = if rng.next().is_multiple_of(2) {
                        format!("hot-{}", rng.next() as usize % HOT)
                    } else {
                        format!("cold-{}", rng.next() as usize % COLD)
                    };
                    let n = 1 + rng.next() as usize % 3;
                    let m = meta(tenant);
                    let events: Vec<_> = (0..n).map(|i| event("E", json!({"w": w, "c": c, "i": i}))).collect();
                    loop {
                        let version = store.stream_version(tenant, &stream).await.unwrap();
                        let append = vec![StreamAppend { stream: stream.clone(), expected_version: version, events: events.clone() }];
                        match store.append(&m, append).await {
                            Ok(done) => {
                                assert!(!done.duplicate);
                                assert_eq!(done.events.len(), n);
                                break;
                            }
                            Err(StoreError::Conflict { stream: s, .. }) => {
                                assert_eq!(s, stream);
                                conflicts.fetch_add(1, Ordering::Relaxed);
                            }
                            Err(e) => panic!("unexpected error: {e:?}"),
                        }
                    }
                    // Every tenth command, the client retries as if the acknowledgement was lost.
                    if c.is_multiple_of(10) {
                        let again = store
                            .append(&m, vec![StreamAppend { stream: stream.clone(), expected_version: 0, events: events.clone() }])
                            .await
                            .unwrap();
                        assert!(again.duplicate, "a retried command must not append again");
                        assert_eq!(again.events.len(), n);
                    }
                    acked.push((m, stream, n));
                }
                acked
            }));
        }
        let mut acked = Vec::new();
        for w in writers {
            acked.extend(w.await.unwrap());
        }
        assert_eq!(acked.len(), WRITERS * COMMANDS);

        let expected_events: usize = acked.iter().map(|(_, _, n)| n).sum();
        let log = lotse_tests::whole_log(&db.store, expected_events).await;
        assert_eq!(log.len(), expected_events, "the log holds exactly the acknowledged events");

        let mut by_command: HashMap<Uuid, usize> = HashMap::new();
        let mut versions: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for e in &log {
            *by_command.entry(e.command_id).or_default() += 1;
            versions.entry(e.stream.clone()).or_default().push(e.version);
        }
        for (m, _, n) in &acked {
            assert_eq!(by_command.get(&m.command_id), Some(n), "every acknowledged command is in the log exactly once");
        }
        for (stream, mut v) in versions {
            v.sort();
            let expected: Vec<i64> = (1..=v.len() as i64).collect();
            assert_eq!(v, expected, "stream {stream} has versions 1..n without holes");
        }
        assert!(conflicts.load(Ordering::Relaxed) > 0, "hot streams must have produced conflicts");
        println!("{:?}: {} commands, {} events, {} conflicts", db.store.backend(), acked.len(), log.len(), conflicts.load(Ordering::Relaxed));
    }
}
