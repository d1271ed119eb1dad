//! Date and time formats.

use chrono::{NaiveDate, NaiveTime};
use lotse_mail::{Lang, format_date, format_long_date, format_span, format_time};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

#[test]
fn a_german_date_has_two_digit_day_and_month_separated_by_dots() {
    assert_eq!(format_date(Lang::De, date(2026, 11, 22)), "22.11.2026");
    assert_eq!(format_date(Lang::De, date(2027, 1, 4)), "04.01.2027");
}

#[test]
fn an_english_date_spells_out_the_month() {
    assert_eq!(
        format_date(Lang::En, date(2026, 11, 22)),
        "22 November 2026"
    );
    assert_eq!(format_date(Lang::En, date(2027, 1, 4)), "4 January 2027");
}

#[test]
fn a_german_time_uses_the_24_hour_clock_and_uhr() {
    assert_eq!(format_time(Lang::De, time(14, 30)), "14:30 Uhr");
    assert_eq!(format_time(Lang::De, time(9, 5)), "09:05 Uhr");
    assert_eq!(format_time(Lang::De, time(0, 0)), "00:00 Uhr");
}

#[test]
fn an_english_time_uses_am_and_pm() {
    assert_eq!(format_time(Lang::En, time(14, 30)), "2:30 pm");
    assert_eq!(format_time(Lang::En, time(9, 5)), "9:05 am");
    assert_eq!(format_time(Lang::En, time(12, 0)), "12:00 pm");
    assert_eq!(format_time(Lang::En, time(0, 15)), "12:15 am");
}

#[test]
fn a_long_date_starts_with_the_weekday() {
    assert_eq!(
        format_long_date(Lang::De, date(2026, 11, 22)),
        "Sonntag, 22.11.2026"
    );
    assert_eq!(
        format_long_date(Lang::En, date(2026, 11, 23)),
        "Monday, 23 November 2026"
    );
}

#[test]
fn a_span_on_one_day_names_the_day_once() {
    let day = date(2026, 11, 22);
    let (start, end) = (day.and_time(time(14, 30)), day.and_time(time(16, 0)));
    assert_eq!(format_span(Lang::De, start, end), "14:30 bis 16:00 Uhr");
    assert_eq!(format_span(Lang::En, start, end), "2:30 pm to 4:00 pm");
}

#[test]
fn a_span_over_two_days_names_both_days() {
    let start = date(2026, 11, 22).and_time(time(14, 30));
    let end = date(2026, 11, 23).and_time(time(12, 0));
    assert_eq!(
        format_span(Lang::De, start, end),
        "22.11.2026, 14:30 Uhr bis 23.11.2026, 12:00 Uhr"
    );
    assert_eq!(
        format_span(Lang::En, start, end),
        "22 November 2026, 2:30 pm to 23 November 2026, 12:00 pm"
    );
}
