//! The event store contract, on both backends.

use lotse_eventstore::{AppendMeta, NewEvent, Position, StoreError, StreamAppend, Upcasters};
use lotse_tests::{TestDb, on_both_backends};
use serde_json::json;
use uuid::Uuid;

pub fn meta(tenant: Uuid) -> AppendMeta {
    let id = Uuid::now_v7();
    AppendMeta {
        tenant,
        command_id: id,
        correlation_id: Uuid::now_v7(),
        actor: "user:test".into(),
        recorded_at: None,
    }
}

pub fn event(kind: &str, payload: serde_json::Value) -> NewEvent {
    NewEvent {
        event_type: kind.into(),
        schema_version: 1,
        payload,
    }
}

pub fn batch(stream: &str, expected: i64, events: Vec<NewEvent>) -> Vec<StreamAppend> {
    vec![StreamAppend {
        stream: stream.into(),
        expected_version: expected,
        events,
    }]
}

on_both_backends! {
    async fn appended_events_read_back_in_order_with_all_their_metadata(db) {
        let tenant = Uuid::now_v7();
        let m = meta(tenant);
        let appended = db
            .store
            .append(&m, batch("municipality-a", 0, vec![
                event("InterestSubmitted", json!({"n": 1})),
                event("InterviewScheduled", json!({"n": 2})),
            ]))
            .await
            .unwrap();
        assert!(!appended.duplicate);
        let read = db.store.read_stream(tenant, "municipality-a").await.unwrap();
        assert_eq!(read, appended.events, "what the append returns is what is stored");
        assert_eq!(read.iter().map(|e| e.version).collect::<Vec<_>>(), vec![1, 2]);
        let first = &read[0];
        assert_eq!(first.tenant, tenant);
        assert_eq!(first.stream, "municipality-a");
        assert_eq!(first.event_type, "InterestSubmitted");
        assert_eq!(first.schema_version, 1);
        assert_eq!(first.payload, json!({"n": 1}));
        assert_eq!(first.actor, "user:test");
        assert_eq!(first.command_id, m.command_id);
        assert_eq!(first.correlation_id, m.correlation_id);
        assert!(first.position < read[1].position);
        assert!((chrono::Utc::now() - first.recorded_at).num_seconds().abs() < 60);
        assert!(db.store.read_stream(Uuid::now_v7(), "municipality-a").await.unwrap().is_empty(),
            "another tenant's stream of the same name is a different stream");
    }
}

on_both_backends! {
    async fn appending_at_a_stale_version_is_a_conflict_and_changes_nothing(db) {
        let tenant = Uuid::now_v7();
        db.store.append(&meta(tenant), batch("s", 0, vec![event("A", json!({}))])).await.unwrap();
        let err = db
            .store
            .append(&meta(tenant), batch("s", 0, vec![event("B", json!({}))]))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict { ref stream, expected: 0 } if stream == "s"), "{err:?}");
        let read = db.store.read_stream(tenant, "s").await.unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].event_type, "A");
    }
}

on_both_backends! {
    async fn an_expected_version_ahead_of_the_stream_is_a_conflict_and_leaves_no_hole(db) {
        let tenant = Uuid::now_v7();
        db.store.append(&meta(tenant), batch("s", 0, vec![event("A", json!({}))])).await.unwrap();
        let err = db
            .store
            .append(&meta(tenant), batch("s", 5, vec![event("B", json!({}))]))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
        assert_eq!(db.store.read_stream(tenant, "s").await.unwrap().len(), 1);
        let next = db.store.append(&meta(tenant), batch("s", 1, vec![event("B", json!({}))])).await.unwrap();
        assert_eq!(next.events[0].version, 2);
    }
}

on_both_backends! {
    async fn a_command_id_appended_twice_yields_the_first_result_and_no_new_events(db) {
        let tenant = Uuid::now_v7();
        let m = meta(tenant);
        let first = db.store.append(&m, batch("s", 0, vec![event("A", json!({"x": 1}))])).await.unwrap();
        // The retry reads the stream anew, so it even expects the right version.
        let again = db.store.append(&m, batch("s", 1, vec![event("A", json!({"x": 1}))])).await.unwrap();
        assert!(again.duplicate);
        assert_eq!(again.events, first.events);
        // A retry with the stale version gets the first result too, not a conflict.
        let stale = db.store.append(&m, batch("s", 0, vec![event("A", json!({"x": 1}))])).await.unwrap();
        assert!(stale.duplicate);
        assert_eq!(stale.events, first.events);
        assert_eq!(db.store.read_stream(tenant, "s").await.unwrap().len(), 1);
        assert_eq!(db.store.command_events(tenant, m.command_id).await.unwrap(), Some(first.events));
        assert_eq!(db.store.command_events(tenant, Uuid::now_v7()).await.unwrap(), None);
    }
}

on_both_backends! {
    async fn an_append_to_two_streams_is_all_or_nothing(db) {
        let tenant = Uuid::now_v7();
        db.store.append(&meta(tenant), batch("programme-p", 0, vec![event("Created", json!({}))])).await.unwrap();
        let both = |expected_programme| vec![
            StreamAppend { stream: "municipality-m".into(), expected_version: 0, events: vec![event("Admitted", json!({}))] },
            StreamAppend { stream: "programme-p".into(), expected_version: expected_programme, events: vec![event("SeatTaken", json!({}))] },
        ];
        let err = db.store.append(&meta(tenant), both(0)).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict { ref stream, .. } if stream == "programme-p"), "{err:?}");
        assert!(db.store.read_stream(tenant, "municipality-m").await.unwrap().is_empty(),
            "the stream whose version was right got nothing either");
        let ok = db.store.append(&meta(tenant), both(1)).await.unwrap();
        assert_eq!(ok.events.len(), 2);
        assert_eq!(db.store.read_stream(tenant, "programme-p").await.unwrap().len(), 2);
    }
}

on_both_backends! {
    async fn an_empty_append_is_refused(db) {
        let err = db.store.append(&meta(Uuid::now_v7()), batch("s", 0, vec![])).await.unwrap_err();
        assert!(matches!(err, StoreError::Empty));
        let err = db.store.append(&meta(Uuid::now_v7()), vec![]).await.unwrap_err();
        assert!(matches!(err, StoreError::Empty));
    }
}

on_both_backends! {
    async fn the_whole_log_reads_in_position_order_from_any_position(db) {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        for i in 0..5 {
            db.store.append(&meta(a), batch("s1", i, vec![event("E", json!({"i": i}))])).await.unwrap();
            db.store.append(&meta(b), batch("s2", 2 * i, vec![event("E", json!({"i": i})), event("F", json!({}))])).await.unwrap();
        }
        let all = lotse_tests::whole_log(&db.store, 15).await;
        assert_eq!(all.len(), 15);
        assert!(all.windows(2).all(|w| w[0].position < w[1].position));
        let mut paged = Vec::new();
        let mut at = Position::START;
        loop {
            let page = db.store.read_all(at, 4).await.unwrap();
            let Some(last) = page.last() else { break };
            at = last.position;
            paged.extend(page);
        }
        assert_eq!(paged, all, "reading in pages gives the same log");
    }
}

on_both_backends! {
    async fn personal_data_is_sealed_at_rest_and_erasing_one_person_leaves_the_rest(db) {
        let tenant = Uuid::now_v7();
        let (erika, max) = (Uuid::now_v7(), Uuid::now_v7());
        let payload = json!({
            "profile": {"name": "Lohr a.Main"},
            "submitter": {"$subject": erika, "$value": {"name": "Erika Muster", "email": "erika@lohr.example"}},
            "contacts": [{"$subject": max, "$value": {"name": "Max Beispiel", "phone": "0931 123456"}}],
        });
        db.store.append(&meta(tenant), batch("municipality-x", 0, vec![event("InterestSubmitted", payload.clone())])).await.unwrap();

        let raw: Vec<String> = if let Some(pg) = &db.pg {
            sqlx::query_scalar("SELECT payload::text FROM events").fetch_all(pg).await.unwrap()
        } else {
            sqlx::query_scalar("SELECT payload FROM events").fetch_all(db.sqlite.as_ref().unwrap()).await.unwrap()
        };
        let raw = raw.join("\n");
        for secret in ["Erika", "erika@lohr.example", "Max Beispiel", "0931"] {
            assert!(!raw.contains(secret), "{secret} is stored in clear: {raw}");
        }
        assert!(raw.contains("Lohr a.Main"), "data that is not personal stays readable");

        let read = db.store.read_stream(tenant, "municipality-x").await.unwrap();
        assert_eq!(read[0].payload, payload, "the store opens sealed data on read");

        db.store.erase_subject(tenant, erika).await.unwrap();
        let read = db.store.read_stream(tenant, "municipality-x").await.unwrap();
        assert_eq!(read[0].payload["submitter"], json!({"$subject": erika, "$erased": true}));
        assert_eq!(read[0].payload["contacts"][0]["$value"]["name"], "Max Beispiel");
        let all = lotse_tests::whole_log(&db.store, 1).await;
        assert_eq!(all[0].payload["submitter"]["$erased"], true, "the whole-log reader sees the erasure too");

        let again = db
            .store
            .append(&meta(tenant), batch("municipality-x", 1, vec![event("ContactPersonAssigned",
                json!({"contact": {"$subject": erika, "$value": {"name": "Erika Muster"}}}))]))
            .await
            .unwrap_err();
        assert!(matches!(again, StoreError::Seal(_)), "an erased person cannot be written again: {again:?}");
    }
}

on_both_backends! {
    async fn an_erasure_made_by_another_process_shows_once_that_process_restarts(db) {
        // A fresh store (another process, or a restart) reads keys from the database.
        let tenant = Uuid::now_v7();
        let who = Uuid::now_v7();
        db.store.append(&meta(tenant), batch("m", 0, vec![event("X", json!({"p": {"$subject": who, "$value": "secret"}}))])).await.unwrap();
        let other = lotse_eventstore::connect(&db.url, Upcasters::default()).await.unwrap();
        assert_eq!(other.read_stream(tenant, "m").await.unwrap()[0].payload["p"]["$value"], "secret");
        db.store.erase_subject(tenant, who).await.unwrap();
        let fresh = lotse_eventstore::connect(&db.url, Upcasters::default()).await.unwrap();
        assert_eq!(fresh.read_stream(tenant, "m").await.unwrap()[0].payload["p"]["$erased"], true);
    }
}

async fn upcasting_body(db: TestDb) {
    let tenant = Uuid::now_v7();
    db.store
        .append(
            &meta(tenant),
            batch(
                "m",
                0,
                vec![event("InterestSubmitted", json!({"name": "Lohr"}))],
            ),
        )
        .await
        .unwrap();
    let upcasting = lotse_eventstore::connect(
        &db.url,
        Upcasters::default().register("InterestSubmitted", 1, |mut v| {
            v["language"] = json!("de");
            v
        }),
    )
    .await
    .unwrap();
    let read = upcasting.read_stream(tenant, "m").await.unwrap();
    assert_eq!(read[0].schema_version, 2);
    assert_eq!(read[0].payload, json!({"name": "Lohr", "language": "de"}));
    let all = lotse_tests::whole_log(&upcasting, 1).await;
    assert_eq!(all[0].schema_version, 2);
    let raw = db.store.read_stream(tenant, "m").await.unwrap();
    assert_eq!(
        raw[0].schema_version, 1,
        "the log itself is never rewritten"
    );
}

#[tokio::test]
async fn old_schema_versions_are_upcast_when_read_on_postgres() {
    upcasting_body(TestDb::postgres().await).await;
}

#[tokio::test]
async fn old_schema_versions_are_upcast_when_read_on_sqlite() {
    upcasting_body(TestDb::sqlite().await).await;
}

on_both_backends! {
    async fn an_event_without_data_is_appended_and_read_back(db) {
        // Such as a deactivated account: the event's type says it all.
        let tenant = Uuid::now_v7();
        let appended = db
            .store
            .append(&meta(tenant), batch("user-a", 0, vec![
                event("UserRegistered", json!({"n": 1})),
                event("UserDeactivated", serde_json::Value::Null),
            ]))
            .await
            .unwrap();
        let read = db.store.read_stream(tenant, "user-a").await.unwrap();
        assert_eq!(read, appended.events);
        assert_eq!(read[1].event_type, "UserDeactivated");
        assert!(read[1].payload.is_null(), "{:?}", read[1].payload);
    }
}

on_both_backends! {
    async fn a_history_written_at_once_keeps_the_times_it_names_and_reads_back_in_log_order(db) {
        let tenant = Uuid::now_v7();
        let back_then: chrono::DateTime<chrono::Utc> = "2026-03-02T09:30:00Z".parse().unwrap();
        let mut old = meta(tenant);
        old.recorded_at = Some(back_then);
        let appended = db.store.append(&old, batch("s", 0, vec![event("A", json!({}))])).await.unwrap();
        db.store.append(&meta(tenant), batch("s", 1, vec![event("B", json!({}))])).await.unwrap();
        let read = db.store.read_stream(tenant, "s").await.unwrap();
        assert_eq!(read[0], appended.events[0], "what the append returns is what is stored");
        assert_eq!(read[0].recorded_at, back_then);
        assert!((chrono::Utc::now() - read[1].recorded_at).num_seconds().abs() < 60);
        assert!(read[0].position < read[1].position);
    }
}
