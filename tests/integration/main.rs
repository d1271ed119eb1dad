//! One integration-test binary: every store test runs against PostgreSQL and SQLite.

mod api;
mod api_abuse;
mod api_as_of;
mod api_cluster;
mod api_isolation;
mod api_limits;
mod api_refusals;
mod api_request_mails;
mod api_retry;
mod api_roles;
mod api_schema;
mod api_sign_in;
mod api_sign_in_mails;
mod app;
mod backup;
mod concurrency;
mod demo;
mod gap;
mod job_setup;
mod jobs;
mod jobs_crash;
mod jobs_notices;
mod metrics;
mod settings;
mod store;
