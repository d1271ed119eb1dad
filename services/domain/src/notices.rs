//! Journey mails ("notices"): the mails a municipality's facts call for besides task
//! reminders — invitations to its appointments (and their moves and cancellations), a
//! reminder shortly before each appointment, the decision after the interview, the
//! closing participation window and the completion.
//!
//! Like [`crate::reminders`], a pure function of the state, the programme's settings and
//! today's date. Each notice has a key that is unique within the municipality's stream; a
//! sent notice is recorded there (`MailSent`), so a notice is never derived twice, even
//! after the projections are rebuilt. Decisions older than [`RECENT_DAYS`] are not
//! announced any more (a mail about a decision made weeks ago helps nobody), and nothing is
//! sent about an appointment whose day has passed.

use crate::ids::ItemId;
use crate::municipality::{Municipality, Pending};
use crate::programme::ProgrammeSettings;
use crate::user::FormAlerts;
use crate::{MunicipalityId, UserId};
use chrono::{Days, NaiveDate, NaiveDateTime};
use std::collections::BTreeSet;

/// How many days after a decision or the completion its mail may still go out.
pub const RECENT_DAYS: u64 = 3;

/// How many days before an appointment its reminder goes out.
pub const APPOINTMENT_REMINDER_DAYS: u64 = 2;

/// An appointment of the journey that people are invited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appointment {
    Interview,
    Workshop,
    DialogueEvent(ItemId),
    /// A format for decision-makers planned with a time.
    Support(ItemId),
}

impl Appointment {
    /// The part of the notice keys that names the appointment.
    pub fn key_base(self) -> String {
        match self {
            Appointment::Interview => "interview".into(),
            Appointment::Workshop => "workshop".into(),
            Appointment::DialogueEvent(id) => format!("dialogue/{id}"),
            Appointment::Support(id) => format!("support/{id}"),
        }
    }

    /// The `event` of an `event_reminder` mail.
    pub fn event_name(self) -> &'static str {
        match self {
            Appointment::Interview => "interview",
            Appointment::Workshop => "workshop",
            Appointment::DialogueEvent(_) => "dialogue_event",
            Appointment::Support(_) => "support",
        }
    }

    /// How long the calendar entry lasts: the domain records only the start.
    pub fn minutes(self) -> i64 {
        match self {
            Appointment::Interview => 60,
            Appointment::Workshop => 240,
            Appointment::DialogueEvent(_) => 120,
            Appointment::Support(_) => 120,
        }
    }
}

/// Whether an invitation is the first, a move or a cancellation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    New,
    Updated,
    Cancelled,
}

impl Change {
    /// The `change` of the invitation mails.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Updated => "updated",
            Change::Cancelled => "cancelled",
        }
    }
}

/// What a notice says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeKind {
    /// An invitation (with a calendar entry of the given sequence number).
    Invitation {
        appointment: Appointment,
        at: NaiveDateTime,
        change: Change,
        sequence: u32,
    },
    /// The appointment is in [`APPOINTMENT_REMINDER_DAYS`] days or fewer.
    AppointmentReminder {
        appointment: Appointment,
        at: NaiveDateTime,
    },
    Admitted {
        window_end: NaiveDate,
    },
    Declined,
    WaitingList,
    /// The window closes within the programme's notice period; `missing` are the codes of
    /// the completion criteria not met yet (`self_check`, `workshop`, `dialogue_event`).
    WindowClosing {
        window_end: NaiveDate,
        missing: Vec<&'static str>,
    },
    Completed,
}

/// One journey mail that should go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Unique within the municipality's stream, e.g. `interview/2` or `admitted`.
    pub key: String,
    pub kind: NoticeKind,
    /// Staff who get a copy (the interviewer, the workshop's facilitator).
    pub copy_to: Vec<UserId>,
}

impl Notice {
    /// The template of the mail.
    pub fn mail_kind(&self) -> &'static str {
        match &self.kind {
            NoticeKind::Invitation { appointment, .. } => match appointment {
                Appointment::Interview => "interview_invitation",
                Appointment::Workshop => "workshop_invitation",
                Appointment::DialogueEvent(_) => "dialogue_event_invitation",
                Appointment::Support(_) => "support_invitation",
            },
            NoticeKind::AppointmentReminder { .. } => "event_reminder",
            NoticeKind::Admitted { .. } => "admitted",
            NoticeKind::Declined => "declined",
            NoticeKind::WaitingList => "waiting_list",
            NoticeKind::WindowClosing { .. } => "window_closing",
            NoticeKind::Completed => "completed",
        }
    }
}

fn recent(on: NaiveDate, today: NaiveDate) -> bool {
    on <= today && today <= on.checked_add_days(Days::new(RECENT_DAYS)).unwrap_or(on)
}

/// One of the municipality's appointments as the notices see it.
struct Planned {
    appointment: Appointment,
    at: NaiveDateTime,
    held: bool,
    cancelled: bool,
    /// Staff to copy.
    copy_to: Vec<UserId>,
}

/// The municipality's appointments.
fn appointments(m: &Municipality) -> Vec<Planned> {
    let mut out = Vec::new();
    if let Some(i) = &m.interview {
        out.push(Planned {
            appointment: Appointment::Interview,
            at: i.at,
            held: i.held_on.is_some(),
            cancelled: i.cancelled.is_some(),
            copy_to: vec![i.interviewer],
        });
    }
    if let Some(w) = &m.workshop {
        out.push(Planned {
            appointment: Appointment::Workshop,
            at: w.at,
            held: w.held_on.is_some(),
            cancelled: w.cancelled.is_some(),
            copy_to: vec![w.facilitator],
        });
    }
    for (id, e) in &m.dialogue_events {
        out.push(Planned {
            appointment: Appointment::DialogueEvent(*id),
            at: e.at,
            held: e.held_on.is_some(),
            cancelled: e.cancelled.is_some(),
            copy_to: Vec::new(),
        });
    }
    // Formats planned with a time are appointments like the others.
    for (id, s) in &m.support {
        if let Some(time) = s.time {
            out.push(Planned {
                appointment: Appointment::Support(*id),
                at: s.on.and_time(time),
                held: s.held_on.is_some(),
                cancelled: s.cancelled.is_some(),
                copy_to: Vec::new(),
            });
        }
    }
    out
}

/// The journey mails due on `today` that have not been sent.
pub fn notices_due(
    m: &Municipality,
    settings: &ProgrammeSettings,
    today: NaiveDate,
) -> Vec<Notice> {
    let mut out = Vec::new();
    let ended = m.stage().is_final();
    let left = m.withdrawn.is_some() || m.declined.is_some();
    let sent = |key: &str| m.mails_sent.contains_key(key);

    for Planned {
        appointment,
        at,
        held,
        cancelled,
        copy_to,
    } in appointments(m)
    {
        if held || at.date() < today {
            continue;
        }
        let base = appointment.key_base();
        let n = m.schedules.get(&base).copied().unwrap_or(1).max(1);
        let invited_before = m
            .mails_sent
            .keys()
            .any(|k| k.strip_prefix(&base).is_some_and(|r| r.starts_with('/')));
        if left || cancelled {
            // The appointment was cancelled, or the municipality left: cancel what people
            // were invited to (nothing when nobody was invited yet).
            let key = format!("{base}/{n}/cancelled");
            if invited_before && !sent(&key) {
                out.push(Notice {
                    key,
                    kind: NoticeKind::Invitation {
                        appointment,
                        at,
                        change: Change::Cancelled,
                        sequence: n,
                    },
                    copy_to,
                });
            }
            continue;
        }
        if ended {
            continue;
        }
        let invitation = format!("{base}/{n}");
        if !sent(&invitation) {
            out.push(Notice {
                key: invitation,
                kind: NoticeKind::Invitation {
                    appointment,
                    at,
                    change: if invited_before {
                        Change::Updated
                    } else {
                        Change::New
                    },
                    sequence: n - 1,
                },
                copy_to,
            });
            continue;
        }
        // A reminder shortly before, unless the invitation itself came that late.
        let remind_from = at
            .date()
            .checked_sub_days(Days::new(APPOINTMENT_REMINDER_DAYS))
            .unwrap_or(at.date());
        let key = format!("{base}/{n}/reminder");
        if today >= remind_from && m.mails_sent[&invitation] < remind_from && !sent(&key) {
            out.push(Notice {
                key,
                kind: NoticeKind::AppointmentReminder { appointment, at },
                copy_to,
            });
        }
    }

    if let Some(on) = m.admitted_on
        && recent(on, today)
        && !ended
        && !sent("admitted")
        && let Some(window_end) = m.window_ends_on
    {
        out.push(Notice {
            key: "admitted".into(),
            kind: NoticeKind::Admitted { window_end },
            copy_to: Vec::new(),
        });
    }
    if let Some((on, _)) = &m.declined
        && recent(*on, today)
        && !sent("declined")
    {
        out.push(Notice {
            key: "declined".into(),
            kind: NoticeKind::Declined,
            copy_to: Vec::new(),
        });
    }
    if let Some(Pending::WaitingList { since }) = &m.pending
        && recent(*since, today)
    {
        let key = format!("waiting-list/{since}");
        if !sent(&key) {
            out.push(Notice {
                key,
                kind: NoticeKind::WaitingList,
                copy_to: Vec::new(),
            });
        }
    }
    if let Some(end) = m.window_ends_on
        && !ended
        && today <= end
        && today
            >= end
                .checked_sub_days(Days::new(u64::from(settings.deadlines.window_notice_days)))
                .unwrap_or(end)
    {
        let key = format!("window-closing/{end}");
        if !sent(&key) {
            let missing = m
                .missing_for_completion(settings)
                .into_iter()
                .map(|code| match code {
                    "SELF_CHECK_SUBMITTED" => "self_check",
                    "WORKSHOP_HELD" => "workshop",
                    _ => "dialogue_event",
                })
                .collect();
            out.push(Notice {
                key,
                kind: NoticeKind::WindowClosing {
                    window_end: end,
                    missing,
                },
                copy_to: Vec::new(),
            });
        }
    }
    if let Some((on, _)) = &m.completed
        && recent(*on, today)
        && !sent("completed")
    {
        out.push(Notice {
            key: "completed".into(),
            kind: NoticeKind::Completed,
            copy_to: Vec::new(),
        });
    }
    out
}

/// The account to welcome with a sign-in link: the contact person's, when it was opened
/// with their assignment within the last [`RECENT_DAYS`] and the journey goes on. The mail
/// is asked for when the assignment is made; the job scan asks again from this, so that a
/// process that ends between the assignment and its request still welcomes the person
/// (the outbox sends each welcome once).
pub fn welcome_due(m: &Municipality, today: NaiveDate) -> Option<UserId> {
    let c = m.contact.as_ref()?;
    (c.new_account && recent(c.since, today) && !m.stage().is_final()).then_some(c.user)
}

/// A mail to one team member that is not about one municipality's journey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamNotice {
    /// The weekly digest of an ISO week (`2026-W48`).
    WeeklyDigest { week: String },
    /// One new interest form, as it came in.
    NewForm { municipality: MunicipalityId },
    /// The interest forms of one day, the morning after.
    NewForms { on: NaiveDate },
}

impl TeamNotice {
    /// The key the sent mail is recorded under in the member's stream.
    pub fn key(&self) -> String {
        match self {
            TeamNotice::WeeklyDigest { week } => week.clone(),
            TeamNotice::NewForm { municipality } => format!("form/{municipality}"),
            TeamNotice::NewForms { on } => format!("forms/{on}"),
        }
    }

    /// The notice a key names ([`TeamNotice::key`]).
    pub fn parse(key: &str) -> Option<TeamNotice> {
        if let Some(id) = key.strip_prefix("form/") {
            Some(TeamNotice::NewForm {
                municipality: MunicipalityId(id.parse().ok()?),
            })
        } else if let Some(on) = key.strip_prefix("forms/") {
            Some(TeamNotice::NewForms {
                on: on.parse().ok()?,
            })
        } else {
            Some(TeamNotice::WeeklyDigest {
                week: key.to_string(),
            })
        }
    }
}

/// The mails about new interest forms due to a team member on `today`, by their choice:
/// a mail per form of today or yesterday not mailed yet, or one mail with yesterday's
/// forms (none on a day without forms), or nothing. `forms` are the tenant's forms with the
/// day each came in; `sent` the keys already recorded for the member.
pub fn form_alerts_due(
    alerts: FormAlerts,
    forms: impl IntoIterator<Item = (MunicipalityId, NaiveDate)>,
    sent: &BTreeSet<String>,
    today: NaiveDate,
) -> Vec<TeamNotice> {
    let yesterday = today.pred_opt().unwrap_or(today);
    let mut out: Vec<TeamNotice> = match alerts {
        FormAlerts::Never => Vec::new(),
        FormAlerts::AtOnce => forms
            .into_iter()
            .filter(|(_, on)| (yesterday..=today).contains(on))
            .map(|(municipality, _)| TeamNotice::NewForm { municipality })
            .collect(),
        FormAlerts::Daily => forms
            .into_iter()
            .any(|(_, on)| on == yesterday)
            .then_some(TeamNotice::NewForms { on: yesterday })
            .into_iter()
            .collect(),
    };
    out.retain(|n| !sent.contains(&n.key()));
    out
}
