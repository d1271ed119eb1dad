//! Backup and restore: the log as NDJSON, one event a line, closed by a line with the count
//! and a SHA-256 checksum of every line before it. Personal data is written in clear (the
//! keys stay behind), so an export must be kept as carefully as the database; data already
//! erased stays erased.

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use lotse_eventstore::{Position, RecordedEvent, Store};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{BufRead, Write};
use uuid::Uuid;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Line {
    tenant: Uuid,
    stream: String,
    version: i64,
    event_type: String,
    schema_version: i32,
    payload: serde_json::Value,
    actor: String,
    command_id: Uuid,
    correlation_id: Uuid,
    recorded_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Trailer {
    lotse_export: u32,
    events: u64,
    sha256: String,
}

/// Writes the log (or one tenant's part) to `out`; returns the number of events.
pub async fn export(
    store: &Store,
    tenant: Option<Uuid>,
    out: &mut impl Write,
) -> anyhow::Result<u64> {
    let mut hasher = Sha256::new();
    let mut at = Position::START;
    let mut count = 0u64;
    loop {
        let page = store.read_all(at, 5000).await?;
        let Some(last) = page.last() else { break };
        at = last.position;
        for e in page
            .into_iter()
            .filter(|e| tenant.is_none_or(|t| e.tenant == t))
        {
            let mut line = serde_json::to_vec(&Line {
                tenant: e.tenant,
                stream: e.stream,
                version: e.version,
                event_type: e.event_type,
                schema_version: e.schema_version,
                payload: e.payload,
                actor: e.actor,
                command_id: e.command_id,
                correlation_id: e.correlation_id,
                recorded_at: e.recorded_at,
            })?;
            line.push(b'\n');
            hasher.update(&line);
            out.write_all(&line)?;
            count += 1;
        }
    }
    let trailer = Trailer {
        lotse_export: 1,
        events: count,
        sha256: hex::encode(hasher.finalize()),
    };
    writeln!(out, "{}", serde_json::to_string(&trailer)?)?;
    out.flush()?;
    Ok(count)
}

/// Reads an export, checks it whole, then restores it into an empty database.
pub async fn import(
    store: &Store,
    input: impl BufRead,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<u64> {
    let mut hasher = Sha256::new();
    let mut events = Vec::new();
    let mut trailer: Option<Trailer> = None;
    for (n, line) in input.lines().enumerate() {
        let line = line.context("cannot read the export")?;
        if trailer.is_some() {
            bail!("line {}: data after the closing line", n + 1);
        }
        if line.contains("\"lotseExport\"") {
            trailer = Some(
                serde_json::from_str(&line)
                    .with_context(|| format!("line {}: bad closing line", n + 1))?,
            );
            continue;
        }
        hasher.update(line.as_bytes());
        hasher.update(b"\n");
        let l: Line =
            serde_json::from_str(&line).with_context(|| format!("line {}: not an event", n + 1))?;
        events.push(RecordedEvent {
            position: Position::START,
            tenant: l.tenant,
            stream: l.stream,
            version: l.version,
            event_type: l.event_type,
            schema_version: l.schema_version,
            payload: l.payload,
            actor: l.actor,
            command_id: l.command_id,
            correlation_id: l.correlation_id,
            recorded_at: l.recorded_at,
        });
        if events.len() % 10_000 == 0 {
            progress(events.len() as u64);
        }
    }
    let Some(trailer) = trailer else {
        bail!("the export has no closing line; it is incomplete");
    };
    if trailer.events != events.len() as u64 {
        bail!(
            "the export announces {} events but holds {}",
            trailer.events,
            events.len()
        );
    }
    if trailer.sha256 != hex::encode(hasher.finalize()) {
        bail!("the export's checksum does not match; it was changed or damaged");
    }
    store.import(&events).await?;
    progress(events.len() as u64);
    Ok(events.len() as u64)
}
