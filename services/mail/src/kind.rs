//! The language of a mail and the kinds of mail Lotse sends.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The language a mail is written in. German is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// German (`de`), the default.
    #[default]
    De,
    /// English (`en`).
    En,
}

impl Lang {
    /// Both languages, German first.
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// The language code used in template file names and in the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A string that names no known language or mail kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what}: {value:?}")]
pub struct UnknownName {
    what: &'static str,
    value: String,
}

impl FromStr for Lang {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "de" => Ok(Lang::De),
            "en" => Ok(Lang::En),
            other => Err(UnknownName {
                what: "language",
                value: other.to_owned(),
            }),
        }
    }
}

macro_rules! mail_kinds {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal ),* $(,)?) => {
        /// Every kind of mail Lotse sends. Each kind has its own folder in `templates/`
        /// named after [`MailKind::name`] (snake_case) with a subject, a plain-text and an
        /// HTML template per language. The context each kind expects is listed in the
        /// crate's README.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum MailKind {
            $( $(#[$doc])* $variant, )*
        }

        impl MailKind {
            /// Every kind, in the order of a municipality's journey.
            pub const ALL: &'static [MailKind] = &[ $( MailKind::$variant, )* ];

            /// The snake_case name, which is also the template folder.
            pub fn name(self) -> &'static str {
                match self {
                    $( MailKind::$variant => $name, )*
                }
            }
        }

        impl FromStr for MailKind {
            type Err = UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $name => Ok(MailKind::$variant), )*
                    other => Err(UnknownName { what: "mail kind", value: other.to_owned() }),
                }
            }
        }

        /// The templates of every kind, embedded in the binary:
        /// (kind, language, subject, text, html).
        pub(crate) const TEMPLATES: &[(&str, &str, &str, &str, &str)] = &[
            $(
                (
                    $name, "de",
                    include_str!(concat!("../templates/", $name, "/de.subject.txt")),
                    include_str!(concat!("../templates/", $name, "/de.txt")),
                    include_str!(concat!("../templates/", $name, "/de.html")),
                ),
                (
                    $name, "en",
                    include_str!(concat!("../templates/", $name, "/en.subject.txt")),
                    include_str!(concat!("../templates/", $name, "/en.txt")),
                    include_str!(concat!("../templates/", $name, "/en.html")),
                ),
            )*
        ];
    };
}

mail_kinds! {
    /// To whoever sent the interest form: it arrived, and what happens next.
    InterestConfirmation => "interest_confirmation",
    /// Invitation to the initial interview (Erstgespräch), with a calendar invite.
    /// `change` says whether it is new, moved or cancelled.
    InterviewInvitation => "interview_invitation",
    /// The municipality is admitted to the programme.
    Admitted => "admitted",
    /// The municipality cannot take part; the context carries the reason.
    Declined => "declined",
    /// All places are taken; the municipality is on the waiting list.
    WaitingList => "waiting_list",
    /// A new contact person is welcomed and gets a first sign-in link.
    ContactWelcome => "contact_welcome",
    /// A one-time sign-in link.
    SignInLink => "sign_in_link",
    /// A team member, facilitator or funder is invited and gets a first sign-in link
    /// (`role`: `team`, `facilitator` or `funder`; `invited_by`: who invited them).
    StaffInvitation => "staff_invitation",
    /// A task is due soon, due today or overdue (`stage`: `before`, `due`, `overdue`).
    TaskReminder => "task_reminder",
    /// Invitation to the self-check workshop, with a calendar invite.
    WorkshopInvitation => "workshop_invitation",
    /// Invitation to a dialogue event with residents, with a calendar invite.
    DialogueEventInvitation => "dialogue_event_invitation",
    /// Invitation to a support format for decision-makers, with a calendar invite.
    SupportInvitation => "support_invitation",
    /// A reminder of an upcoming date (interview, workshop, dialogue event, support format).
    EventReminder => "event_reminder",
    /// The participation window is about to close.
    WindowClosing => "window_closing",
    /// The municipality completed the programme and earned its label.
    Completed => "completed",
    /// The programme team's weekly list of due and overdue tasks.
    WeeklyDigest => "weekly_digest",
    /// New interest forms for a team member: one as it came in (`day` null), or the
    /// forms of `day` the morning after.
    NewInterestForms => "new_interest_forms",
}

impl fmt::Display for MailKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
