//! How the scans of this process are going: `/ready` turns red after
//! [`FAILING_AFTER`] failed scans in a row, and `/metrics` counts every failure
//! (`lotse_job_scan_failures_total`) and the failures in a row
//! (`lotse_job_scan_consecutive_failures`).

use std::sync::{Arc, Mutex};

/// Failed scans in a row after which the background jobs count as failing.
pub const FAILING_AFTER: u64 = 3;

/// The scan status of one process, shared by its scanner and its `/ready`.
#[derive(Clone, Debug, Default)]
pub struct ScanStatus(Arc<Mutex<Inner>>);

#[derive(Debug, Default)]
struct Inner {
    failures_in_a_row: u64,
    /// What the last failed scan was doing and why it failed.
    last_error: Option<String>,
}

/// The longest error text kept for `/ready`.
const MAX_ERROR: usize = 200;

impl ScanStatus {
    /// Registers the metrics (at 0) with the process's recorder.
    pub fn register_metrics() {
        metrics::counter!("lotse_job_scan_failures_total").increment(0);
        metrics::gauge!("lotse_job_scan_consecutive_failures").set(0.0);
    }

    /// A scan went through.
    pub fn succeeded(&self) {
        let mut inner = self.lock();
        if inner.failures_in_a_row > 0 {
            tracing::info!(
                failed_before = inner.failures_in_a_row,
                "the background job scan works again"
            );
        }
        *inner = Inner::default();
        metrics::gauge!("lotse_job_scan_consecutive_failures").set(0.0);
    }

    /// A scan failed while doing `what` (e.g. "reminder scan"). The error is logged and
    /// kept for `/ready`: job errors name ids and tables, never personal data.
    pub fn failed(&self, what: &str, error: &anyhow::Error) {
        let mut inner = self.lock();
        inner.failures_in_a_row += 1;
        let mut text = format!("{what}: {}", chain(error));
        if text.len() > MAX_ERROR {
            let mut end = MAX_ERROR;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
            text.push('…');
        }
        tracing::warn!(
            error = %text,
            failures_in_a_row = inner.failures_in_a_row,
            "background job scan failed; trying again"
        );
        inner.last_error = Some(text);
        metrics::counter!("lotse_job_scan_failures_total").increment(1);
        metrics::gauge!("lotse_job_scan_consecutive_failures").set(inner.failures_in_a_row as f64);
    }

    /// Failed scans in a row (0 after a scan that went through).
    pub fn failures_in_a_row(&self) -> u64 {
        self.lock().failures_in_a_row
    }

    /// Why the background jobs count as failing, once [`FAILING_AFTER`] scans in a row
    /// failed: "background jobs failing: N scans in a row, the last: …".
    pub fn problem(&self) -> Option<String> {
        let inner = self.lock();
        (inner.failures_in_a_row >= FAILING_AFTER).then(|| {
            format!(
                "background jobs failing: {} scans in a row, the last: {}",
                inner.failures_in_a_row,
                inner.last_error.as_deref().unwrap_or("unknown")
            )
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The messages of an error and its causes, joined by ": ", leaving out a cause whose
/// message the one before it already ends with (sqlx repeats its database errors).
fn chain(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let message = cause.to_string();
        if !text.ends_with(&message) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&message);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_scans_that_keep_failing_count_as_a_problem_and_one_success_clears_it() {
        let status = ScanStatus::default();
        let error = anyhow::anyhow!("no such table: mail_outbox");
        for _ in 1..FAILING_AFTER {
            status.failed("reminder scan", &error);
        }
        assert_eq!(status.problem(), None);
        status.failed("reminder scan", &error);
        assert_eq!(
            status.problem().as_deref(),
            Some(
                "background jobs failing: 3 scans in a row, the last: reminder scan: no such table: mail_outbox"
            )
        );
        status.succeeded();
        assert_eq!(status.problem(), None);
        assert_eq!(status.failures_in_a_row(), 0);
    }
}
