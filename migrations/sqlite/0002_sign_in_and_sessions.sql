-- Operational tables for signing in. Secrets are stored only as SHA-256 hashes; times are
-- Unix seconds so that PostgreSQL and SQLite share the same statements.
CREATE TABLE sign_in_tokens (
    token_hash TEXT PRIMARY KEY,
    tenant_id  TEXT   NOT NULL,
    user_id    TEXT   NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

CREATE TABLE sessions (
    session_hash        TEXT PRIMARY KEY,
    tenant_id           TEXT   NOT NULL,
    user_id             TEXT   NOT NULL,
    created_at          INTEGER NOT NULL,
    idle_expires_at     INTEGER NOT NULL,
    absolute_expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- "At most once per key and day" for mails that anyone can trigger (the public form).
CREATE TABLE mail_throttle (
    key_hash TEXT   NOT NULL,
    day      INTEGER NOT NULL,
    PRIMARY KEY (key_hash, day)
);
