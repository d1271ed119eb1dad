//! The clock. Programme dates are calendar days in Europe/Berlin.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Berlin;
use std::sync::{Arc, Mutex};

/// Where decisions get "today" from.
#[derive(Clone)]
pub enum Clock {
    /// The system clock.
    System,
    /// A clock that only moves when told to (demo and tests).
    Manual(Arc<Mutex<NaiveDate>>),
}

impl Clock {
    /// A manual clock standing at `date`.
    pub fn manual(date: NaiveDate) -> Self {
        Clock::Manual(Arc::new(Mutex::new(date)))
    }

    /// Today's date in Berlin.
    pub fn today(&self) -> NaiveDate {
        match self {
            Clock::System => berlin_date(Utc::now()),
            Clock::Manual(d) => *d.lock().unwrap(),
        }
    }

    /// Moves a manual clock to `date` (no effect on the system clock).
    pub fn set(&self, date: NaiveDate) {
        if let Clock::Manual(d) = self {
            *d.lock().unwrap() = date;
        }
    }
}

/// The calendar day in Berlin at an instant.
pub fn berlin_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Berlin).date_naive()
}
