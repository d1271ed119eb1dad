//! Calendar invites (iCalendar, RFC 5545, with the iTIP methods of RFC 5546).

use chrono::{DateTime, NaiveDateTime, Utc};

/// What an invite asks the calendar program to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IcsMethod {
    /// Add or update the appointment (`METHOD:REQUEST`).
    Request,
    /// Remove the appointment (`METHOD:CANCEL`, `STATUS:CANCELLED`).
    Cancel,
}

impl IcsMethod {
    /// `REQUEST` or `CANCEL`.
    pub fn as_str(self) -> &'static str {
        match self {
            IcsMethod::Request => "REQUEST",
            IcsMethod::Cancel => "CANCEL",
        }
    }
}

/// One appointment to put into the recipients' calendars.
///
/// To move an appointment, send it again with the same `uid` and a higher `sequence`; to
/// cancel it, send it with the same `uid`, a higher `sequence` and [`IcsMethod::Cancel`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stays the same for the life of the appointment, e.g. `interview-<id>@lotse.example`.
    pub uid: String,
    /// 0 for the first invite, one more for every change.
    pub sequence: u32,
    /// Request (new or changed) or cancel.
    pub method: IcsMethod,
    /// Start, local time in Europe/Berlin.
    pub start: NaiveDateTime,
    /// End, local time in Europe/Berlin.
    pub end: NaiveDateTime,
    /// When the invite was made (the caller's clock), written as `DTSTAMP` in UTC.
    pub dtstamp: DateTime<Utc>,
    /// Title of the appointment.
    pub summary: String,
    /// Longer description; line breaks are kept.
    pub description: String,
    /// Where it takes place (address or video link).
    pub location: String,
    /// Who organises it (the programme team's address).
    pub organizer_email: String,
    /// Who is invited.
    pub attendee_emails: Vec<String>,
}

const TZID: &str = "Europe/Berlin";

/// Europe/Berlin with the EU rules in force since 1996: summer time (CEST, +02:00) from
/// the last Sunday in March 02:00 to the last Sunday in October 03:00.
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "X-LIC-LOCATION:Europe/Berlin",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// Writes the invite as an iCalendar file: CRLF line endings, lines folded at 75 octets,
/// text values escaped, times with `TZID=Europe/Berlin` and a `VTIMEZONE` block,
/// `DTSTAMP` in UTC.
pub fn calendar_invite(ev: &CalendarEvent) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Lotse//lotse-mail//DE".into(),
        "CALSCALE:GREGORIAN".into(),
        format!("METHOD:{}", ev.method.as_str()),
    ];
    lines.extend(VTIMEZONE.iter().map(|l| (*l).to_owned()));
    lines.push("BEGIN:VEVENT".into());
    lines.push(format!("UID:{}", escape_text(&ev.uid)));
    lines.push(format!("SEQUENCE:{}", ev.sequence));
    lines.push(format!("DTSTAMP:{}", ev.dtstamp.format("%Y%m%dT%H%M%SZ")));
    lines.push(format!("DTSTART;TZID={TZID}:{}", local(ev.start)));
    lines.push(format!("DTEND;TZID={TZID}:{}", local(ev.end)));
    lines.push(format!("SUMMARY:{}", escape_text(&ev.summary)));
    if !ev.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape_text(&ev.description)));
    }
    if !ev.location.is_empty() {
        lines.push(format!("LOCATION:{}", escape_text(&ev.location)));
    }
    lines.push(format!(
        "ORGANIZER:mailto:{}",
        clean_address(&ev.organizer_email)
    ));
    for attendee in &ev.attendee_emails {
        let rsvp = match ev.method {
            IcsMethod::Request => "TRUE",
            IcsMethod::Cancel => "FALSE",
        };
        lines.push(format!(
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP={rsvp}:mailto:{}",
            clean_address(attendee)
        ));
    }
    match ev.method {
        IcsMethod::Request => {
            lines.push("STATUS:CONFIRMED".into());
            lines.push("TRANSP:OPAQUE".into());
        }
        IcsMethod::Cancel => lines.push("STATUS:CANCELLED".into()),
    }
    lines.push("END:VEVENT".into());
    lines.push("END:VCALENDAR".into());

    let mut out = String::new();
    for line in &lines {
        fold_into(&mut out, line);
    }
    out
}

fn local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// Escapes a TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and line breaks.
fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An address inside `mailto:`, without whitespace or control characters that could
/// break the line structure.
fn clean_address(address: &str) -> String {
    address
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect()
}

/// Appends one content line, folded so that no line is longer than 75 octets (without
/// the CRLF); continuation lines start with a space. Never splits a UTF-8 character.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}
