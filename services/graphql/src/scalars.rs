//! The API's scalars for days and times, named for what they are (not for the Rust types
//! behind them), each with `@specifiedBy`.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{NaiveDate, NaiveDateTime, Utc};

/// A calendar day, `2026-03-02` (RFC 3339 full-date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// A calendar day, `2026-03-02` (RFC 3339 full-date).
#[Scalar(
    name = "Date",
    specified_by_url = "https://scalars.graphql.org/andimarek/local-date.html"
)]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => Ok(Date(NaiveDate::parse_from_str(s, "%Y-%m-%d")?)),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

/// A date and time of day on the clocks of the programme's time zone (Europe/Berlin),
/// without an offset: `2026-03-09T10:00:00`. Appointments are given this way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime(pub NaiveDateTime);

/// A date and time of day on the clocks of the programme's time zone (Europe/Berlin),
/// without an offset: `2026-03-09T10:00:00`. Appointments are given this way.
#[Scalar(
    name = "LocalDateTime",
    specified_by_url = "https://the-guild.dev/graphql/scalars/docs/scalars/local-date-time"
)]
impl ScalarType for LocalDateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => Ok(LocalDateTime(NaiveDateTime::parse_from_str(
                s,
                "%Y-%m-%dT%H:%M:%S%.f",
            )?)),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%dT%H:%M:%S%.f").to_string())
    }
}

/// A moment, with its offset from UTC: `2026-03-02T09:00:00Z` (RFC 3339 date-time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub chrono::DateTime<Utc>);

/// A moment, with its offset from UTC: `2026-03-02T09:00:00Z` (RFC 3339 date-time).
#[Scalar(
    name = "DateTime",
    specified_by_url = "https://scalars.graphql.org/andimarek/date-time.html"
)]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => Ok(DateTime(s.parse::<chrono::DateTime<Utc>>()?)),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339())
    }
}

impl From<NaiveDate> for Date {
    fn from(d: NaiveDate) -> Self {
        Date(d)
    }
}

impl From<NaiveDateTime> for LocalDateTime {
    fn from(d: NaiveDateTime) -> Self {
        LocalDateTime(d)
    }
}

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(d: chrono::DateTime<Utc>) -> Self {
        DateTime(d)
    }
}
