-- The event log: the only source of truth. SQLite has one writer at a time, so the
-- rowid order is the commit order.
CREATE TABLE events (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id      TEXT    NOT NULL,
    stream_id      TEXT    NOT NULL,
    version        INTEGER NOT NULL CHECK (version > 0),
    event_type     TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    payload        TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    command_id     TEXT    NOT NULL,
    correlation_id TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL,
    UNIQUE (tenant_id, stream_id, version)
);

CREATE INDEX events_by_command ON events (tenant_id, command_id);

CREATE TABLE commands (
    tenant_id   TEXT NOT NULL,
    command_id  TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, command_id)
);

CREATE TABLE personal_data_keys (
    tenant_id  TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    key        BLOB,
    created_at TEXT NOT NULL,
    erased_at  TEXT,
    PRIMARY KEY (tenant_id, subject_id),
    CHECK ((key IS NULL) = (erased_at IS NOT NULL))
);
