-- Rate limits shared by every server process on this database and kept over a restart:
-- per client address and purpose (signing in, the interest form), per recipient (sign-in
-- mails) and per address and day (the form's confirmation). Fixed windows; a counter is
-- keyed by a salted hash of (purpose, key), never by an address, and deleted once its
-- window has ended. Times are Unix seconds, as in 0002.
CREATE TABLE rate_limits (
    key_hash     TEXT    NOT NULL,
    window_start BIGINT  NOT NULL,
    window_end   BIGINT  NOT NULL,
    hits         BIGINT  NOT NULL,
    PRIMARY KEY (key_hash, window_start)
);
CREATE INDEX rate_limits_by_end ON rate_limits (window_end);

-- The salt of those hashes is the server secret `rate_limit_salt` (0005): without it,
-- the hash of an address could be found by hashing guessed addresses.

-- mail_throttle (0002) is no longer used: its keys were unsalted hashes of addresses. It
-- stays until no replica of an older version can run against this database.
