//! Calendar invites: structure, folding, escaping, and reading them back.

use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use icalendar::{CalendarDateTime, Component, DatePerhapsTime, EventLike};
use lotse_mail::{CalendarEvent, IcsMethod, calendar_invite};

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|day| day.and_hms_opt(h, min, 0))
        .expect("valid time")
}

fn workshop() -> CalendarEvent {
    CalendarEvent {
        uid: "workshop-0192@lotse.example".into(),
        sequence: 0,
        method: IcsMethod::Request,
        start: at(2027, 1, 14, 9, 30),
        end: at(2027, 1, 14, 15, 0),
        dtstamp: Utc.with_ymd_and_hms(2026, 12, 1, 8, 15, 0).single().expect("stamp"),
        summary: "Workshop: Selbstcheck, Prioritäten; nächste Schritte".into(),
        description: "Wir besprechen die Ergebnisse des Selbstchecks, wählen Handlungsfelder aus\nund schreiben einen Handlungsplan. Bitte bringen Sie Ihre Notizen mit; Kaffee gibt es vor Ort.".into(),
        location: "Rathaus Musterstadt, Sitzungssaal, Marktplatz 1".into(),
        organizer_email: "team@lotse.example".into(),
        attendee_emails: vec!["ansprechperson@musterstadt.example".into(), "buergermeisterin@musterstadt.example".into()],
    }
}

/// Undoes line folding (RFC 5545, 3.1).
fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "").replace("\r\n\t", "")
}

/// The value of the first property called `name` (ignoring parameters).
fn property<'a>(unfolded: &'a str, name: &str) -> Option<&'a str> {
    unfolded.split("\r\n").find_map(|line| {
        let (head, value) = line.split_once(':')?;
        let prop = head.split(';').next()?;
        (prop == name).then_some(value)
    })
}

/// Reverses TEXT escaping.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn every_line_ends_with_crlf_and_is_at_most_75_octets() {
    let ics = calendar_invite(&workshop());
    assert!(ics.ends_with("\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "a bare line feed");
    assert!(
        !ics.replace("\r\n", "").contains('\r'),
        "a bare carriage return"
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    assert!(
        ics.contains("\r\n "),
        "the long description should be folded"
    );
}

#[test]
fn folding_never_splits_a_multibyte_character() {
    let mut ev = workshop();
    ev.summary = "ä".repeat(120);
    let ics = calendar_invite(&ev);
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75);
    }
    assert_eq!(
        property(&unfold(&ics), "SUMMARY"),
        Some(ev.summary.as_str())
    );
}

#[test]
fn text_values_come_back_unchanged_after_unfolding_and_unescaping() {
    let ev = workshop();
    let unfolded = unfold(&calendar_invite(&ev));
    let summary = property(&unfolded, "SUMMARY").expect("SUMMARY");
    assert!(summary.contains("\\;"), "semicolons are escaped: {summary}");
    assert!(summary.contains("\\,"), "commas are escaped: {summary}");
    assert_eq!(unescape(summary), ev.summary);
    let description = property(&unfolded, "DESCRIPTION").expect("DESCRIPTION");
    assert!(description.contains("\\n"), "line breaks are escaped");
    assert_eq!(unescape(description), ev.description);
    assert_eq!(
        unescape(property(&unfolded, "LOCATION").expect("LOCATION")),
        ev.location
    );
}

#[test]
fn a_request_has_local_berlin_times_a_utc_stamp_and_a_timezone_block() {
    let unfolded = unfold(&calendar_invite(&workshop()));
    assert!(unfolded.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(unfolded.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    assert_eq!(property(&unfolded, "METHOD"), Some("REQUEST"));
    assert!(unfolded.contains("\r\nDTSTART;TZID=Europe/Berlin:20270114T093000\r\n"));
    assert!(unfolded.contains("\r\nDTEND;TZID=Europe/Berlin:20270114T150000\r\n"));
    assert!(unfolded.contains("\r\nDTSTAMP:20261201T081500Z\r\n"));
    assert_eq!(property(&unfolded, "STATUS"), Some("CONFIRMED"));
    assert_eq!(property(&unfolded, "SEQUENCE"), Some("0"));
    assert_eq!(
        property(&unfolded, "ORGANIZER"),
        Some("mailto:team@lotse.example")
    );
    let attendees = unfolded.matches("\r\nATTENDEE;").count();
    assert_eq!(attendees, 2);
    assert!(unfolded.contains("RSVP=TRUE:mailto:ansprechperson@musterstadt.example\r\n"));

    let tz = unfolded
        .split("BEGIN:VTIMEZONE\r\n")
        .nth(1)
        .and_then(|rest| rest.split("END:VTIMEZONE").next())
        .expect("a VTIMEZONE block");
    assert!(tz.starts_with("TZID:Europe/Berlin\r\n"));
    assert!(
        tz.contains("BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n")
    );
    assert!(tz.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
    assert!(
        tz.contains("BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n")
    );
    assert!(tz.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));
}

#[test]
fn a_summer_appointment_keeps_its_local_time() {
    let mut ev = workshop();
    ev.start = at(2027, 7, 1, 18, 0);
    ev.end = at(2027, 7, 1, 20, 0);
    let unfolded = unfold(&calendar_invite(&ev));
    assert!(unfolded.contains("\r\nDTSTART;TZID=Europe/Berlin:20270701T180000\r\n"));
}

#[test]
fn moving_an_appointment_keeps_the_uid_and_raises_the_sequence() {
    let first = workshop();
    let mut moved = first.clone();
    moved.sequence = 1;
    moved.start = at(2027, 1, 21, 9, 30);
    moved.end = at(2027, 1, 21, 15, 0);
    let (a, b) = (
        unfold(&calendar_invite(&first)),
        unfold(&calendar_invite(&moved)),
    );
    assert_eq!(property(&a, "UID"), property(&b, "UID"));
    assert_eq!(property(&b, "SEQUENCE"), Some("1"));
    assert_eq!(property(&b, "METHOD"), Some("REQUEST"));
}

#[test]
fn a_cancellation_says_cancel_and_cancelled() {
    let mut ev = workshop();
    ev.sequence = 2;
    ev.method = IcsMethod::Cancel;
    let unfolded = unfold(&calendar_invite(&ev));
    assert_eq!(property(&unfolded, "METHOD"), Some("CANCEL"));
    assert_eq!(property(&unfolded, "STATUS"), Some("CANCELLED"));
    assert_eq!(property(&unfolded, "SEQUENCE"), Some("2"));
    assert_eq!(
        property(&unfolded, "UID"),
        Some("workshop-0192@lotse.example")
    );
    assert!(!unfolded.contains("RSVP=TRUE"));
}

#[test]
fn an_address_cannot_break_the_line_structure() {
    let mut ev = workshop();
    ev.attendee_emails = vec!["someone@example.org\r\nATTENDEE:mailto:intruder@example.org".into()];
    let unfolded = unfold(&calendar_invite(&ev));
    assert_eq!(unfolded.matches("\r\nATTENDEE").count(), 1);
}

#[test]
fn an_independent_icalendar_parser_reads_the_invite_back() {
    let ev = workshop();
    let ics = calendar_invite(&ev);
    let unfolded = icalendar::parser::unfold(&ics);
    let parsed = icalendar::parser::read_calendar(&unfolded).expect("parses");
    let calendar: icalendar::Calendar = parsed.into();
    assert_eq!(calendar.property_value("METHOD"), Some("REQUEST"));
    let event = calendar.events().next().expect("one event");
    assert_eq!(event.get_uid(), Some("workshop-0192@lotse.example"));
    assert_eq!(event.get_sequence(), Some(0));
    assert_eq!(event.get_summary(), Some(ev.summary.as_str()));
    assert_eq!(event.get_location(), Some(ev.location.as_str()));
    assert_eq!(event.get_timestamp(), Some(ev.dtstamp));
    assert_eq!(
        event.get_start(),
        Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone {
            date_time: ev.start,
            tzid: "Europe/Berlin".into(),
        }))
    );
    assert_eq!(
        event.get_end(),
        Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone {
            date_time: ev.end,
            tzid: "Europe/Berlin".into(),
        }))
    );
}
