-- Which mails have been handed to the job queue, who is sending one right now (a lease),
-- and which failed for good. Keys name a municipality, a task, a step and a due date; no
-- addresses. Times are Unix seconds, as in 0002.
CREATE TABLE mail_outbox (
    key         TEXT PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    lease_until INTEGER,
    attempts    INTEGER NOT NULL DEFAULT 0,
    failed_at   INTEGER,
    last_error  TEXT
);
