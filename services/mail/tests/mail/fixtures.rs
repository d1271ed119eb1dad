//! Contexts for every kind of mail, as a caller would pass them.

use lotse_mail::{Lang, MailKind, OutgoingMail, Rendered};
use serde_json::{Value, json};

pub const PROGRAMME: &str = "Weltoffene Kommune";

/// A complete context for `kind`; free-text values are in the mail's language.
pub fn context(kind: MailKind, lang: Lang) -> Value {
    let de = lang == Lang::De;
    let pick = |german: &str, english: &str| {
        if de {
            german.to_owned()
        } else {
            english.to_owned()
        }
    };
    let mut ctx = match kind {
        MailKind::InterestConfirmation | MailKind::WaitingList => json!({
            "municipality": "Musterstadt",
        }),
        MailKind::Admitted => json!({
            "municipality": "Musterstadt",
            "window_end": "2027-05-31",
        }),
        MailKind::InterviewInvitation => json!({
            "municipality": "Musterstadt",
            "change": "new",
            "start": "2026-11-22T14:30:00",
            "end": "2026-11-22T15:30:00",
            "location": pick("Videokonferenz (Link folgt per E-Mail)", "Video call (link follows by e-mail)"),
        }),
        MailKind::Declined => json!({
            "municipality": "Musterstadt",
            "reason": pick(
                "Die Verwaltungsspitze kann die Teilnahme im kommenden Halbjahr nicht begleiten.\nEin späterer Einstieg ist gut möglich.",
                "The head of the administration cannot support taking part in the coming six months.\nJoining later is well possible.",
            ),
        }),
        MailKind::ContactWelcome => json!({
            "municipality": "Musterstadt",
            "sign_in_url": "https://lotse.example/anmelden/3f9c2a7e",
            "valid_until": "2026-11-29T18:00:00",
        }),
        MailKind::StaffInvitation => json!({
            "role": "facilitator",
            "invited_by": "Tamara Team",
            "sign_in_url": "https://lotse.example/anmelden/5b7e91d2",
            "valid_until": "2026-11-29T18:00:00",
        }),
        MailKind::SignInLink => json!({
            "sign_in_url": "https://lotse.example/anmelden/8d41b0c5",
            "valid_minutes": 15,
        }),
        MailKind::TaskReminder => json!({
            "municipality": "Musterstadt",
            "task_title": pick("Selbstcheck abschicken", "Submit the self-check"),
            "due": "2026-11-22",
            "stage": "before",
            "task_url": "https://lotse.example/aufgaben/42",
        }),
        MailKind::WorkshopInvitation => json!({
            "municipality": "Musterstadt",
            "change": "new",
            "start": "2027-01-14T09:30:00",
            "end": "2027-01-14T15:00:00",
            "location": pick("Rathaus Musterstadt, Sitzungssaal, Marktplatz 1", "Musterstadt town hall, council chamber, Marktplatz 1"),
            "facilitator": "Sam Moderation",
        }),
        MailKind::DialogueEventInvitation => json!({
            "municipality": "Musterstadt",
            "change": "new",
            "start": "2027-03-04T18:00:00",
            "end": "2027-03-04T20:30:00",
            "location": pick("Stadtbibliothek, Lesesaal", "Public library, reading room"),
            "topic": pick("Gut ankommen in Musterstadt", "Settling in well in Musterstadt"),
        }),
        MailKind::SupportInvitation => json!({
            "municipality": "Musterstadt",
            "change": "new",
            "start": "2027-02-10T10:00:00",
            "end": "2027-02-10T12:00:00",
            "location": "Online",
            "format_title": pick("Kommunikationstraining für die Verwaltungsspitze", "Communication training for the head of administration"),
        }),
        MailKind::EventReminder => json!({
            "municipality": "Musterstadt",
            "event": "workshop",
            "start": "2027-01-14T09:30:00",
            "end": "2027-01-14T15:00:00",
            "location": pick("Rathaus Musterstadt, Sitzungssaal, Marktplatz 1", "Musterstadt town hall, council chamber, Marktplatz 1"),
        }),
        MailKind::WindowClosing => json!({
            "municipality": "Musterstadt",
            "window_end": "2027-05-31",
            "missing": ["workshop", "dialogue_event"],
        }),
        MailKind::Completed => json!({
            "municipality": "Musterstadt",
            "label": "Weltoffene Kommune",
        }),
        MailKind::NewInterestForms => json!({
            "day": "2026-11-16",
            "board_url": "https://lotse.example/",
            "forms": [
                {"name": "Musterstadt", "land": "Hessen", "programme": "Weltoffene Kommune", "submitted_on": "2026-11-16", "url": "https://lotse.example/kommunen/1"},
                {"name": "Landkreis Beispielhausen", "land": pick("Niedersachsen", "Lower Saxony"), "programme": "Weltoffene Kommune", "submitted_on": "2026-11-16", "url": "https://lotse.example/kommunen/2"},
            ],
        }),
        MailKind::WeeklyDigest => json!({
            "week_start": "2026-11-16",
            "board_url": "https://lotse.example/board",
            "municipalities": [
                {
                    "name": "Musterstadt",
                    "overdue": [
                        {"title": pick("Selbstcheck abschicken", "Submit the self-check"), "due": "2026-11-10", "url": "https://lotse.example/aufgaben/42"},
                    ],
                    "due": [
                        {"title": pick("Workshop vorbereiten", "Prepare the workshop"), "due": "2026-11-19", "url": "https://lotse.example/aufgaben/43"},
                    ],
                },
                {
                    "name": "Landkreis Beispielhausen",
                    "overdue": [],
                    "due": [
                        {"title": pick("Teilnahme an der Dialogveranstaltung erfassen", "Record attendance of the dialogue event"), "due": "2026-11-20", "url": "https://lotse.example/aufgaben/51"},
                        {"title": pick("Ansprechperson benennen", "Name a contact person"), "due": "2026-11-22", "url": "https://lotse.example/aufgaben/52"},
                    ],
                },
            ],
        }),
    };
    let obj = ctx.as_object_mut().expect("fixtures are objects");
    obj.insert("programme".into(), json!(PROGRAMME));
    if !matches!(kind, MailKind::WeeklyDigest | MailKind::NewInterestForms) {
        obj.insert("recipient_name".into(), json!("Jana Beispiel"));
    }
    ctx
}

/// `context(kind, lang)` with one value replaced.
pub fn context_with(kind: MailKind, lang: Lang, key: &str, value: Value) -> Value {
    let mut ctx = context(kind, lang);
    ctx[key] = value;
    ctx
}

/// A mail with a calendar invite, ready for a transport.
pub fn invitation_mail(to: Vec<String>, cc: Vec<String>, message_id: String) -> OutgoingMail {
    use chrono::{NaiveDate, TimeZone, Utc};
    use lotse_mail::{Attachment, CalendarEvent, IcsMethod, calendar_invite, render};

    let rendered: Rendered = render(
        MailKind::InterviewInvitation,
        Lang::De,
        &context(MailKind::InterviewInvitation, Lang::De),
    )
    .expect("renders");
    let day = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    let ics = calendar_invite(&CalendarEvent {
        uid: "interview-7@lotse.example".into(),
        sequence: 0,
        method: IcsMethod::Request,
        start: day.and_hms_opt(14, 30, 0).expect("time"),
        end: day.and_hms_opt(15, 30, 0).expect("time"),
        dtstamp: Utc
            .with_ymd_and_hms(2026, 11, 2, 9, 0, 0)
            .single()
            .expect("stamp"),
        summary: "Erstgespräch Weltoffene Kommune".into(),
        description: "Erstgespräch über die Teilnahme von Musterstadt".into(),
        location: "Videokonferenz".into(),
        organizer_email: "team@lotse.example".into(),
        attendee_emails: to.clone(),
    });
    OutgoingMail {
        kind: MailKind::InterviewInvitation,
        from: "Weltoffene Kommune <team@lotse.example>".into(),
        to,
        cc,
        reply_to: Some("team@lotse.example".into()),
        message_id,
        rendered,
        attachments: vec![Attachment::calendar(ics, IcsMethod::Request, Lang::De)],
    }
}
