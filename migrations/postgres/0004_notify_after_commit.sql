-- Appends no longer notify from inside their transaction. A transaction that notifies holds
-- a cluster-wide lock from its commit until the commit is flushed, so every append waited
-- for the previous one's flush (no group commit): about ten times fewer appends per second
-- than plain inserts. The store now sends NOTIFY lotse_events itself after commit, coalesced,
-- from a connection of its own (services/eventstore/src/postgres.rs, announcer).
DROP TRIGGER events_notify ON events;
DROP FUNCTION lotse_notify_events();
