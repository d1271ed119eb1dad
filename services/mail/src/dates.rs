//! Dates and times the way readers of each language expect them.
//!
//! German: `22.11.2026`, `14:30 Uhr`. English: `22 November 2026`, `2:30 pm`.
//! All times are local times in Europe/Berlin; the platform never mails UTC times.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use crate::Lang;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `22.11.2026` (de) or `22 November 2026` (en).
pub fn format_date(lang: Lang, date: NaiveDate) -> String {
    match lang {
        Lang::De => format!("{:02}.{:02}.{}", date.day(), date.month(), date.year()),
        Lang::En => format!(
            "{} {} {}",
            date.day(),
            MONTHS_EN[date.month0() as usize],
            date.year()
        ),
    }
}

/// `14:30 Uhr` (de) or `2:30 pm` (en). Noon is `12:00 pm`, midnight `12:00 am`.
pub fn format_time(lang: Lang, time: NaiveTime) -> String {
    match lang {
        Lang::De => format!("{} Uhr", clock_de(time)),
        Lang::En => {
            let (pm, hour) = time.hour12();
            let suffix = if pm { "pm" } else { "am" };
            format!("{hour}:{:02} {suffix}", time.minute())
        }
    }
}

/// `Sonntag` (de) or `Sunday` (en).
pub fn weekday_name(lang: Lang, weekday: Weekday) -> &'static str {
    let i = weekday.num_days_from_monday() as usize;
    match lang {
        Lang::De => [
            "Montag",
            "Dienstag",
            "Mittwoch",
            "Donnerstag",
            "Freitag",
            "Samstag",
            "Sonntag",
        ][i],
        Lang::En => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][i],
    }
}

/// `Sonntag, 22.11.2026` (de) or `Sunday, 22 November 2026` (en).
pub fn format_long_date(lang: Lang, date: NaiveDate) -> String {
    format!(
        "{}, {}",
        weekday_name(lang, date.weekday()),
        format_date(lang, date)
    )
}

/// The time span of an appointment.
///
/// Same day: `14:30 bis 16:00 Uhr` / `2:30 pm to 4:00 pm`. Across days:
/// `22.11.2026, 14:30 Uhr bis 23.11.2026, 12:00 Uhr` / `22 November 2026, 2:30 pm to …`.
pub fn format_span(lang: Lang, start: NaiveDateTime, end: NaiveDateTime) -> String {
    let to = match lang {
        Lang::De => "bis",
        Lang::En => "to",
    };
    if start.date() == end.date() {
        match lang {
            Lang::De => format!(
                "{} {to} {} Uhr",
                clock_de(start.time()),
                clock_de(end.time())
            ),
            Lang::En => format!(
                "{} {to} {}",
                format_time(lang, start.time()),
                format_time(lang, end.time())
            ),
        }
    } else {
        format!(
            "{}, {} {to} {}, {}",
            format_date(lang, start.date()),
            format_time(lang, start.time()),
            format_date(lang, end.date()),
            format_time(lang, end.time())
        )
    }
}

fn clock_de(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// Reads a date (`2026-11-22`) or a local date and time (`2026-11-22T14:30` or
/// `2026-11-22T14:30:00`) as given in a template context. Values with a UTC offset are
/// refused: mails show local times only, and the caller converts.
pub(crate) fn parse_date_or_datetime(
    value: &str,
) -> Result<(NaiveDate, Option<NaiveTime>), String> {
    if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Ok((date, None));
    }
    parse_datetime(value).map(|dt| (dt.date(), Some(dt.time())))
}

/// Reads a local date and time (`2026-11-22T14:30` or `2026-11-22T14:30:00`).
pub(crate) fn parse_datetime(value: &str) -> Result<NaiveDateTime, String> {
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(value, format) {
            return Ok(dt);
        }
    }
    Err(format!(
        "expected a local date and time like 2026-11-22T14:30:00 (no offset), got {value:?}"
    ))
}
