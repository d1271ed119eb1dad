-- The event log: the only source of truth.
CREATE TABLE events (
    -- Order of the log is (tx_id, seq). A reader only reads below the oldest transaction
    -- still running, so an append that commits late can never be skipped.
    seq            BIGSERIAL   NOT NULL,
    tx_id          XID8        NOT NULL DEFAULT pg_current_xact_id(),
    tenant_id      UUID        NOT NULL,
    stream_id      TEXT        NOT NULL,
    version        BIGINT      NOT NULL CHECK (version > 0),
    event_type     TEXT        NOT NULL,
    schema_version INTEGER     NOT NULL,
    payload        JSONB       NOT NULL,
    actor          TEXT        NOT NULL,
    command_id     UUID        NOT NULL,
    correlation_id UUID        NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, stream_id, version)
);

CREATE UNIQUE INDEX events_log_order ON events (tx_id, seq);
CREATE INDEX events_by_command ON events (tenant_id, command_id);

-- One row per command that appended events: a command id appended twice is refused here.
CREATE TABLE commands (
    tenant_id   UUID        NOT NULL,
    command_id  UUID        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, command_id)
);

-- One key per person whose personal data is in the log. Erasing the key erases the data.
CREATE TABLE personal_data_keys (
    tenant_id  UUID        NOT NULL,
    subject_id UUID        NOT NULL,
    key        BYTEA,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    erased_at  TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, subject_id),
    CHECK ((key IS NULL) = (erased_at IS NOT NULL))
);

-- Wake up readers tailing the log (one notification per transaction).
CREATE FUNCTION lotse_notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('lotse_events', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER events_notify AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION lotse_notify_events();
