//! One integration-test binary: every store test runs against PostgreSQL and SQLite.

mod app;
mod concurrency;
mod demo;
mod gap;
mod store;
