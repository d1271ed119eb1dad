//! Readable sentences for a municipality's timeline, in German and English. They name no
//! person: who did something is shown from the actor, personal data stays in its own views.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use lotse_domain::municipality::{ContactDetails, MunicipalityEvent as E, Profile, Submitter};
use lotse_domain::values::Language;
use lotse_domain::values::ShortText;

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

/// A date as people in the language write it: 22.11.2026 or 22 November 2026.
pub fn date(d: NaiveDate, lang: Language) -> String {
    match lang {
        Language::De => format!("{:02}.{:02}.{}", d.day(), d.month(), d.year()),
        Language::En => format!(
            "{} {} {}",
            d.day(),
            MONTHS_EN[d.month0() as usize],
            d.year()
        ),
    }
}

/// A date and time: 22.11.2026, 14:30 Uhr or 22 November 2026, 14:30.
pub fn date_time(t: NaiveDateTime, lang: Language) -> String {
    let d = date(t.date(), lang);
    match lang {
        Language::De => format!("{d}, {:02}:{:02} Uhr", t.hour(), t.minute()),
        Language::En => format!("{d}, {:02}:{:02}", t.hour(), t.minute()),
    }
}

/// A whole number with the thousands separator of the language (5.000 / 5,000).
pub fn number(n: u64, lang: Language) -> String {
    let separator = match lang {
        Language::De => '.',
        Language::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

fn pick(lang: Language, de: String, en: String) -> String {
    match lang {
        Language::De => de,
        Language::En => en,
    }
}

/// The sentence for a corrected profile: with the profile before, only what changed and
/// how ("Einwohnerzahl: 48.000 → 48.750"); without it, the profile as it now reads.
pub fn correction(
    before: Option<&Profile>,
    after: &Profile,
    reason: Option<&ShortText>,
    lang: Language,
) -> String {
    let de = lang == Language::De;
    let land = |p: &Profile| {
        if de {
            p.bundesland.label_de()
        } else {
            p.bundesland.label_en()
        }
    };
    let kind = |p: &Profile| {
        if de {
            p.kind.label_de()
        } else {
            p.kind.label_en()
        }
    };
    let people = |p: &Profile| number(u64::from(p.population.get()), lang);
    let quoted = |s: &str| {
        if de {
            format!("„{s}“")
        } else {
            format!("“{s}”")
        }
    };
    let mut parts = Vec::new();
    let fields: [(&str, &str, String, Option<String>); 4] = [
        (
            "Name",
            "Name",
            quoted(&after.name.to_string()),
            before.map(|b| quoted(&b.name.to_string())),
        ),
        (
            "Bundesland",
            "Land",
            land(after).to_string(),
            before.map(|b| land(b).to_string()),
        ),
        (
            "Art",
            "Kind",
            kind(after).to_string(),
            before.map(|b| kind(b).to_string()),
        ),
        (
            "Einwohnerzahl",
            "Population",
            people(after),
            before.map(people),
        ),
    ];
    for (field_de, field_en, now, then) in fields {
        let field = if de { field_de } else { field_en };
        match then {
            Some(then) if then == now => {}
            Some(then) => parts.push(format!("{field}: {then} → {now}")),
            None => parts.push(format!("{field}: {now}")),
        }
    }
    let head = if de {
        "Angaben zur Kommune berichtigt"
    } else {
        "Municipality details corrected"
    };
    let why = reason.map_or(String::new(), |r| {
        if de {
            format!(" (Grund: {r})")
        } else {
            format!(" (reason: {r})")
        }
    });
    format!("{head}: {}{why}", parts.join("; "))
}

/// A person's details field by field, as the history of a person's details compares them:
/// name, role, address, phone (empty when none is known).
pub type PersonFields = [String; 4];

/// The names of [`PersonFields`] in German and English.
pub const PERSON_FIELD_NAMES: [(&str, &str); 4] = [
    ("Name", "Name"),
    ("Funktion", "Role"),
    ("E-Mail", "Email"),
    ("Telefon", "Phone"),
];

/// The submitter's details field by field.
pub fn submitter_fields(s: &Submitter) -> PersonFields {
    contact_fields(&ContactDetails::from(s.clone()))
}

/// The contact person's details field by field.
pub fn contact_fields(c: &ContactDetails) -> PersonFields {
    [
        c.name.to_string(),
        c.role.to_string(),
        c.email.as_str().to_string(),
        c.phone
            .as_ref()
            .map_or(String::new(), |p| p.as_str().to_string()),
    ]
}

/// The fields that differ between two versions of a person's details: the field's name in
/// the language, and its value before and after.
pub fn person_changes<'a>(
    before: &'a PersonFields,
    after: &'a PersonFields,
    lang: Language,
) -> impl Iterator<Item = (&'static str, &'a str, &'a str)> {
    PERSON_FIELD_NAMES
        .iter()
        .zip(before.iter().zip(after.iter()))
        .filter(|(_, (b, a))| b != a)
        .map(move |((de, en), (b, a))| {
            let field = if lang == Language::De { *de } else { *en };
            (field, b.as_str(), a.as_str())
        })
}

/// The sentence for a person's corrected details. It names the fields that changed (with
/// the details before), never their values: the timeline is read by roles that do not see
/// personal data.
pub fn person_correction(
    contact: bool,
    before: Option<&PersonFields>,
    after: Option<&PersonFields>,
    reason: Option<&ShortText>,
    lang: Language,
) -> String {
    let (de, en) = if contact {
        (
            "Angaben der Ansprechperson berichtigt",
            "Contact person's details corrected",
        )
    } else {
        (
            "Angaben der Person berichtigt, die das Interesse bekundet hat",
            "Details of the person who expressed interest corrected",
        )
    };
    let fields: Vec<&str> = match (before, after) {
        (Some(b), Some(a)) => person_changes(b, a, lang)
            .map(|(field, ..)| field)
            .collect(),
        _ => Vec::new(),
    };
    let head = pick(lang, de.to_string(), en.to_string());
    let text = if fields.is_empty() {
        head
    } else {
        format!("{head}: {}", fields.join(", "))
    };
    corrected(lang, text.clone(), text, reason)
}

/// A correction's sentence with its reason, if one was given.
fn corrected(lang: Language, de: String, en: String, reason: Option<&ShortText>) -> String {
    let why = match (reason, lang) {
        (None, _) => String::new(),
        (Some(r), Language::De) => format!(" (Grund: {r})"),
        (Some(r), Language::En) => format!(" (reason: {r})"),
    };
    format!("{}{why}", pick(lang, de, en))
}

/// One sentence describing what happened.
pub fn describe(event: &E, lang: Language) -> String {
    let d = |x: NaiveDate| date(x, lang);
    let dt = |x: NaiveDateTime| date_time(x, lang);
    match event {
        E::InterestSubmitted { profile, .. } => pick(
            lang,
            format!("Interesse an der Teilnahme bekundet für {}", profile.name),
            format!("Expressed interest in taking part for {}", profile.name),
        ),
        E::InterviewScheduled { at, .. } => pick(
            lang,
            format!("Erstgespräch geplant für {}", dt(*at)),
            format!("Initial interview scheduled for {}", dt(*at)),
        ),
        E::InterviewHeld {
            held_on,
            eligibility,
            ..
        } => {
            let met = 3 - eligibility.missing().len();
            pick(
                lang,
                format!(
                    "Erstgespräch am {} geführt: {met} von 3 Kriterien erfüllt",
                    d(*held_on)
                ),
                format!(
                    "Initial interview held on {}: {met} of 3 criteria met",
                    d(*held_on)
                ),
            )
        }
        E::Admitted { window_ends_on, .. } => pick(
            lang,
            format!(
                "Ins Programm aufgenommen; Teilnahme bis {}",
                d(*window_ends_on)
            ),
            format!(
                "Admitted to the programme; participation until {}",
                d(*window_ends_on)
            ),
        ),
        E::PlacedOnWaitingList { .. } => pick(
            lang,
            "Auf die Warteliste gesetzt, weil alle Plätze belegt sind".into(),
            "Placed on the waiting list because all places are taken".into(),
        ),
        E::PutOnHold { reason, .. } => pick(
            lang,
            format!("Zurückgestellt: {reason}"),
            format!("Put on hold: {reason}"),
        ),
        E::Declined { reason, .. } => pick(
            lang,
            format!("Nicht aufgenommen: {reason}"),
            format!("Not admitted: {reason}"),
        ),
        E::ClosedAsDuplicate { merged: false, .. } => pick(
            lang,
            "Als doppelte Anmeldung geschlossen: es gilt die andere Anmeldung".into(),
            "Closed as a duplicate: the other form counts".into(),
        ),
        E::ClosedAsDuplicate { merged: true, .. } => pick(
            lang,
            "Mit der anderen Anmeldung zusammengeführt und geschlossen: Absender:in und Motivation stehen jetzt dort".into(),
            "Merged into the other form and closed: its sender and motivation are kept there".into(),
        ),
        E::FormMerged { submitted_on, .. } => pick(
            lang,
            format!(
                "Zweite Interessenbekundung vom {} übernommen (zusammengeführt)",
                d(*submitted_on)
            ),
            format!(
                "Second expression of interest of {} taken over (merged)",
                d(*submitted_on)
            ),
        ),
        E::ContactPersonAssigned { replaces, .. } => pick(
            lang,
            if replaces.is_some() {
                "Neue Ansprechperson benannt".into()
            } else {
                "Ansprechperson benannt".into()
            },
            if replaces.is_some() {
                "New contact person named".into()
            } else {
                "Contact person named".into()
            },
        ),
        E::FacilitatorAssigned { .. } => pick(
            lang,
            "Prozessbegleitung zugeordnet".into(),
            "Facilitator assigned".into(),
        ),
        E::SelfCheckStarted { round, .. } => pick(
            lang,
            format!("{}. Selbstcheck begonnen", round),
            format!("Self-check {round} started"),
        ),
        E::SelfCheckAnswerSaved { indicator, .. } => pick(
            lang,
            format!("Selbstcheck: Antwort zu „{indicator}“ gespeichert"),
            format!("Self-check: answer to “{indicator}” saved"),
        ),
        E::SelfCheckSubmitted { round, scores, .. } => {
            let overall = scores
                .overall
                .map_or("–".to_string(), |s| format!("{s:.0} %"));
            pick(
                lang,
                format!("{round}. Selbstcheck abgegeben (Gesamtwert {overall})"),
                format!("Self-check {round} submitted (overall {overall})"),
            )
        }
        E::WorkshopScheduled { at, place, .. } => pick(
            lang,
            format!("Workshop geplant für {} in {place}", dt(*at)),
            format!("Workshop scheduled for {} at {place}", dt(*at)),
        ),
        E::WorkshopHeld {
            held_on,
            participants,
            action_plan,
            ..
        } => pick(
            lang,
            format!(
                "Workshop am {} mit {participants} Teilnehmenden; {} nächste Schritte vereinbart",
                d(*held_on),
                action_plan.len()
            ),
            format!(
                "Workshop held on {} with {participants} participants; {} next steps agreed",
                d(*held_on),
                action_plan.len()
            ),
        ),
        E::NextStepCompleted { on, .. } => pick(
            lang,
            format!("Nächster Schritt am {} erledigt", d(*on)),
            format!("Next step done on {}", d(*on)),
        ),
        E::NextStepEdited { what, due, .. } => pick(
            lang,
            format!("Nächster Schritt „{what}“ geändert, fällig am {}", d(*due)),
            format!("Next step “{what}” changed, due on {}", d(*due)),
        ),
        E::NextStepAssigned { to, .. } => {
            use lotse_domain::municipality::StepOwner;
            let (de, en) = match to {
                StepOwner::ContactPerson => ("der Ansprechperson", "the contact person"),
                StepOwner::Facilitator => ("der Prozessbegleitung", "the facilitator"),
                StepOwner::Colleague(_) => (
                    "einer Kollegin oder einem Kollegen der Ansprechperson",
                    "a colleague of the contact person",
                ),
            };
            pick(
                lang,
                format!("Nächster Schritt {de} übertragen"),
                format!("Next step given to {en}"),
            )
        }
        E::NextStepDropped { reason, .. } => pick(
            lang,
            format!("Nächster Schritt gestrichen: {reason}"),
            format!("Next step dropped: {reason}"),
        ),
        E::SupportCancelled { reason, .. } => pick(
            lang,
            format!("Format für Entscheidungsträger:innen abgesagt: {reason}"),
            format!("Decision-maker format cancelled: {reason}"),
        ),
        E::SupportPlanned { format, on, .. } => pick(
            lang,
            format!(
                "{} für Entscheidungsträger:innen geplant am {}",
                format.label_de(),
                d(*on)
            ),
            format!(
                "{} for decision-makers planned for {}",
                format.label_en(),
                d(*on)
            ),
        ),
        E::SupportHeld {
            held_on,
            participants,
            ..
        } => pick(
            lang,
            format!(
                "Format für Entscheidungsträger:innen am {} durchgeführt ({participants} Teilnehmende)",
                d(*held_on)
            ),
            format!(
                "Decision-maker format held on {} ({participants} participants)",
                d(*held_on)
            ),
        ),
        E::DialogueEventPlanned {
            format, at, topic, ..
        } => pick(
            lang,
            format!(
                "Dialogveranstaltung „{topic}“ ({}) geplant für {}",
                format.label_de(),
                dt(*at)
            ),
            format!(
                "Dialogue event “{topic}” ({}) planned for {}",
                format.label_en(),
                dt(*at)
            ),
        ),
        E::InterviewCancelled { reason, .. } => pick(
            lang,
            format!("Erstgespräch abgesagt: {reason}"),
            format!("Initial interview cancelled: {reason}"),
        ),
        E::WorkshopCancelled { reason, .. } => pick(
            lang,
            format!("Workshop abgesagt: {reason}"),
            format!("Workshop cancelled: {reason}"),
        ),
        E::DialogueEventCancelled { reason, .. } => pick(
            lang,
            format!("Dialogveranstaltung abgesagt: {reason}"),
            format!("Dialogue event cancelled: {reason}"),
        ),
        E::DialogueEventHeld {
            held_on,
            attendance,
            ..
        } => pick(
            lang,
            format!(
                "Dialogveranstaltung am {} mit {} Teilnehmenden",
                d(*held_on),
                attendance.total()
            ),
            format!(
                "Dialogue event held on {} with {} participants",
                d(*held_on),
                attendance.total()
            ),
        ),
        E::ParticipationCompleted { on, .. } => pick(
            lang,
            format!(
                "Teilnahme am {} abgeschlossen; Label „Weltoffene Kommune“ verliehen",
                d(*on)
            ),
            format!(
                "Participation completed on {}; “Weltoffene Kommune” label awarded",
                d(*on)
            ),
        ),
        E::InterviewCorrected { reason, .. } => corrected(
            lang,
            "Erfassung des Erstgesprächs berichtigt".into(),
            "Record of the initial interview corrected".into(),
            reason.as_ref(),
        ),
        E::WorkshopCorrected {
            participants,
            reason,
            ..
        } => corrected(
            lang,
            format!("Erfassung des Workshops berichtigt: {participants} Teilnehmende"),
            format!("Record of the workshop corrected: {participants} participants"),
            reason.as_ref(),
        ),
        E::SupportCorrected {
            participants,
            reason,
            ..
        } => corrected(
            lang,
            format!(
                "Erfassung des Formats für Entscheidungsträger:innen berichtigt: {participants} Teilnehmende"
            ),
            format!("Record of the decision-maker format corrected: {participants} participants"),
            reason.as_ref(),
        ),
        E::DialogueEventCorrected {
            attendance, reason, ..
        } => corrected(
            lang,
            format!(
                "Erfassung der Dialogveranstaltung berichtigt: {} Teilnehmende",
                attendance.total()
            ),
            format!(
                "Record of the dialogue event corrected: {} participants",
                attendance.total()
            ),
            reason.as_ref(),
        ),
        E::ProfileCorrected {
            profile, reason, ..
        } => correction(None, profile, reason.as_ref(), lang),
        E::SubmitterCorrected { reason, .. } => {
            person_correction(false, None, None, reason.as_ref(), lang)
        }
        E::ContactDetailsCorrected { reason, .. } => {
            person_correction(true, None, None, reason.as_ref(), lang)
        }
        E::Withdrew { reason, .. } => pick(
            lang,
            format!("Teilnahme beendet: {reason}"),
            format!("Withdrew from the programme: {reason}"),
        ),
        E::ReminderSent { step, due, .. } => {
            let (de, en) = match step.as_str() {
                "due" => (
                    "am Fälligkeitstag".to_string(),
                    "on the due day".to_string(),
                ),
                s if s.starts_with("before-") => {
                    let n = &s["before-".len()..];
                    (
                        format!("{n} Tage vor Fälligkeit"),
                        format!("{n} days before it was due"),
                    )
                }
                s if s.starts_with("overdue-") => {
                    let n = &s["overdue-".len()..];
                    (
                        format!("{n} Tage nach Fälligkeit"),
                        format!("{n} days overdue"),
                    )
                }
                s => (s.to_string(), s.to_string()),
            };
            pick(
                lang,
                format!(
                    "Erinnerung an eine Aufgabe (fällig am {}) verschickt, {de}",
                    d(*due)
                ),
                format!("Reminder sent for a task due on {}, {en}", d(*due)),
            )
        }
        E::MailSent { kind, key, .. } => {
            let cancelled = key.ends_with("/cancelled");
            let moved = !cancelled
                && key
                    .rsplit('/')
                    .next()
                    .and_then(|n| n.parse::<u32>().ok())
                    .is_some_and(|n| n > 1);
            let (de, en) = match kind.as_str() {
                "interview_invitation" | "workshop_invitation" | "dialogue_event_invitation" => {
                    let (what_de, what_en) = match kind.as_str() {
                        "interview_invitation" => ("zum Erstgespräch", "to the initial interview"),
                        "workshop_invitation" => ("zum Workshop", "to the workshop"),
                        _ => ("zur Dialogveranstaltung", "to the dialogue event"),
                    };
                    if cancelled {
                        (
                            format!("Absage des Termins {what_de} verschickt"),
                            format!("Cancellation of the appointment {what_en} sent"),
                        )
                    } else if moved {
                        (
                            format!("Neuer Termin {what_de} verschickt (mit Kalendereintrag)"),
                            format!("New date {what_en} sent (with calendar entry)"),
                        )
                    } else {
                        (
                            format!("Einladung {what_de} verschickt (mit Kalendereintrag)"),
                            format!("Invitation {what_en} sent (with calendar entry)"),
                        )
                    }
                }
                "event_reminder" => (
                    "Erinnerung an einen anstehenden Termin verschickt".into(),
                    "Reminder of an upcoming appointment sent".into(),
                ),
                "admitted" => (
                    "Zusage der Aufnahme per E-Mail verschickt".into(),
                    "Admission letter sent by e-mail".into(),
                ),
                "declined" => (
                    "Absage per E-Mail verschickt".into(),
                    "Decline letter sent by e-mail".into(),
                ),
                "waiting_list" => (
                    "Nachricht über die Warteliste verschickt".into(),
                    "Waiting list notice sent".into(),
                ),
                "window_closing" => (
                    "Hinweis auf das nahe Ende der Teilnahme verschickt".into(),
                    "Notice that the participation window is closing sent".into(),
                ),
                "completed" => (
                    "Glückwunsch zum Abschluss und zum Label verschickt".into(),
                    "Congratulations on completion and the label sent".into(),
                ),
                other => (
                    format!("E-Mail verschickt ({other})"),
                    format!("E-mail sent ({other})"),
                ),
            };
            pick(lang, de, en)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_the_german_and_the_english_way() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(date(d, Language::De), "22.11.2026");
        assert_eq!(date(d, Language::En), "22 November 2026");
        let t = d.and_hms_opt(14, 30, 0).unwrap();
        assert_eq!(date_time(t, Language::De), "22.11.2026, 14:30 Uhr");
    }

    #[test]
    fn a_correction_names_only_what_changed_and_without_the_earlier_profile_what_it_now_reads() {
        use lotse_domain::values::{Bundesland, MunicipalityKind, MunicipalityName, Population};
        let before = Profile {
            name: MunicipalityName::parse("name", "Lüneburg").unwrap(),
            bundesland: Bundesland::Niedersachsen,
            kind: MunicipalityKind::Stadt,
            population: Population::parse("population", 78_000).unwrap(),
        };
        let after = Profile {
            kind: MunicipalityKind::Landkreis,
            population: Population::parse("population", 184_000).unwrap(),
            ..before.clone()
        };
        assert_eq!(
            correction(Some(&before), &after, None, Language::En),
            format!(
                "Municipality details corrected: Kind: {} → {}; Population: 78,000 → 184,000",
                MunicipalityKind::Stadt.label_en(),
                MunicipalityKind::Landkreis.label_en()
            )
        );
        let reason = ShortText::parse("reason", "Landkreis, nicht Stadt").unwrap();
        assert_eq!(
            correction(None, &after, Some(&reason), Language::De),
            format!(
                "Angaben zur Kommune berichtigt: Name: „Lüneburg“; Bundesland: Niedersachsen; Art: {}; Einwohnerzahl: 184.000 (Grund: Landkreis, nicht Stadt)",
                MunicipalityKind::Landkreis.label_de()
            )
        );
    }

    #[test]
    fn sent_journey_mails_read_as_invitations_moves_and_cancellations() {
        let mail = |key: &str, kind: &str| E::MailSent {
            key: key.into(),
            kind: kind.into(),
            message_id: "<x@y>".into(),
            on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        };
        assert_eq!(
            describe(&mail("workshop/1", "workshop_invitation"), Language::De),
            "Einladung zum Workshop verschickt (mit Kalendereintrag)"
        );
        assert_eq!(
            describe(&mail("interview/2", "interview_invitation"), Language::En),
            "New date to the initial interview sent (with calendar entry)"
        );
        assert_eq!(
            describe(
                &mail("workshop/2/cancelled", "workshop_invitation"),
                Language::De
            ),
            "Absage des Termins zum Workshop verschickt"
        );
        assert_eq!(
            describe(&mail("admitted", "admitted"), Language::De),
            "Zusage der Aufnahme per E-Mail verschickt"
        );
    }
}
