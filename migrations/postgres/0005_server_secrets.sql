-- Secrets of the installation that every server process must share, created once by the
-- first process that needs them (e.g. the key that signs the interest form's tokens).
CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
