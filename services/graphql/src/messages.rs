//! People-facing wording for refusals, in German (the default) and English.
//!
//! The domain only speaks in stable codes ([`DomainError::code`], [`ValidationError::code`]);
//! every sentence a person reads about a refused command or an invalid input is written here.
//! Each message says what was refused and, where there is something to do, what to do next.

use lotse_domain::framework::{MAX_COMMENT_CHARS, MAX_EVIDENCE_URL_CHARS};
use lotse_domain::values::{
    Language, LongText, MunicipalityName, PLAUSIBLE_YEARS, PersonName, Population, ShortText, Stage,
};
use lotse_domain::{DomainError, ValidationError};
use lotse_projections::timeline::number;

/// The longest e-mail address the domain accepts, in characters.
const MAX_EMAIL_CHARS: usize = 254;
/// The largest head count accepted for participants and attendance.
const MAX_HEAD_COUNT: u64 = 100_000;

/// A sentence for people, in the caller's language, saying what was refused and what to do.
pub fn domain_message(err: &DomainError, lang: Language) -> String {
    use DomainError as E;
    match err {
        E::Invalid(invalid) => validation_message(invalid, lang),
        E::AlreadyRegistered => say(
            lang,
            "Diese Kommune hat ihr Interesse bereits gemeldet. Das Programmteam meldet sich bei Ihnen.",
            "This municipality has already expressed interest. The programme team will be in touch.",
        ),
        E::UnknownMunicipality => say(
            lang,
            "Diese Kommune wurde nicht gefunden. Bitte laden Sie die Seite neu und wählen Sie die Kommune erneut aus.",
            "This municipality could not be found. Please reload the page and select the municipality again.",
        ),
        E::WrongStage(stage) => {
            let name = quoted(stage_name(*stage, lang), lang);
            say(
                lang,
                format!(
                    "Dieser Schritt ist in der Phase {name} nicht möglich. Bitte laden Sie die Seite neu, um den aktuellen Stand zu sehen."
                ),
                format!(
                    "This step is not possible in the stage {name}. Please reload the page to see the current state."
                ),
            )
        }
        E::ParticipationEnded => say(
            lang,
            "Die Teilnahme dieser Kommune ist beendet. Änderungen sind nicht mehr möglich.",
            "This municipality's participation has ended. No more changes are possible.",
        ),
        E::NoInterviewScheduled => say(
            lang,
            "Es ist noch kein Erstgespräch vereinbart. Bitte vereinbaren Sie zuerst einen Termin.",
            "No initial interview has been scheduled yet. Please schedule one first.",
        ),
        E::InterviewNotHeld => say(
            lang,
            "Das Erstgespräch ist noch nicht erfasst. Bitte tragen Sie zuerst das Ergebnis des Erstgesprächs ein.",
            "The initial interview has not been recorded yet. Please record its outcome first.",
        ),
        E::NotEligible { missing } => {
            let first = say(
                lang,
                "Die Kommune kann noch nicht zugelassen werden.",
                "The municipality cannot be admitted yet.",
            );
            let then = say(
                lang,
                "Sie können die Kommune zurückstellen, bis alle Voraussetzungen erfüllt sind.",
                "You can put it on hold until every requirement is met.",
            );
            match missing_sentence(missing, lang) {
                Some(missing) => format!("{first} {missing} {then}"),
                None => format!("{first} {then}"),
            }
        }
        E::CapacityReached => say(
            lang,
            "Alle Plätze im Programm sind belegt. Die Kommune bleibt auf der Warteliste, bis ein Platz frei wird.",
            "All places in the programme are taken. The municipality stays on the waiting list until a place becomes free.",
        ),
        E::UnknownProgramme => say(
            lang,
            "Dieses Programm wurde nicht gefunden. Bitte wählen Sie ein bestehendes Programm aus.",
            "This programme could not be found. Please choose an existing programme.",
        ),
        E::NoContactPerson => say(
            lang,
            "Für diese Kommune ist noch keine Ansprechperson benannt. Bitte benennen Sie zuerst eine Ansprechperson.",
            "No contact person has been named for this municipality yet. Please name a contact person first.",
        ),
        E::NoFacilitator => say(
            lang,
            "Für diese Kommune ist noch keine Prozessbegleitung zugewiesen. Bitte weisen Sie zuerst eine Prozessbegleitung zu.",
            "No facilitator has been assigned to this municipality yet. Please assign a facilitator first.",
        ),
        E::SelfCheckNotStarted => say(
            lang,
            "Der Selbstcheck wurde noch nicht begonnen. Bitte starten Sie ihn zuerst.",
            "The self-check has not been started yet. Please start it first.",
        ),
        E::SelfCheckAlreadyStarted => say(
            lang,
            "Der Selbstcheck läuft bereits. Sie können die bisherigen Antworten weiter bearbeiten.",
            "The self-check is already under way. You can continue with the answers given so far.",
        ),
        E::SelfCheckAlreadySubmitted => say(
            lang,
            "Der Selbstcheck wurde bereits abgegeben. Die Antworten lassen sich nicht mehr ändern.",
            "The self-check has already been submitted. Its answers can no longer be changed.",
        ),
        E::SelfCheckIncomplete { unanswered } => {
            let n = *unanswered;
            let count_de = if n == 1 {
                "1 Indikator unbeantwortet ist".to_owned()
            } else {
                format!("{} Indikatoren unbeantwortet sind", number(n as u64, lang))
            };
            let count_en = if n == 1 {
                "1 indicator has not been answered".to_owned()
            } else {
                format!(
                    "{} indicators have not been answered",
                    number(n as u64, lang)
                )
            };
            say(
                lang,
                format!(
                    "Der Selbstcheck kann noch nicht abgegeben werden, weil {count_de}. Bitte bewerten Sie jeden Indikator oder markieren Sie ihn als „nicht zutreffend“."
                ),
                format!(
                    "The self-check cannot be submitted yet because {count_en}. Please rate every indicator or mark it as “not applicable”."
                ),
            )
        }
        E::SelfCheckNotSubmitted => say(
            lang,
            "Der Selbstcheck wurde noch nicht abgegeben. Bitte geben Sie ihn zuerst ab.",
            "The self-check has not been submitted yet. Please submit it first.",
        ),
        E::SecondSelfCheckTooEarly => say(
            lang,
            "Ein zweiter Selbstcheck ist erst möglich, wenn der Workshop stattgefunden hat.",
            "A second self-check is only possible once the workshop has been held.",
        ),
        E::WorkshopNotScheduled => say(
            lang,
            "Der Workshop ist noch nicht geplant. Bitte legen Sie zuerst Termin und Ort fest.",
            "The workshop has not been scheduled yet. Please set its date and place first.",
        ),
        E::WorkshopAlreadyHeld => say(
            lang,
            "Der Workshop hat bereits stattgefunden und ist erfasst.",
            "The workshop has already been held and recorded.",
        ),
        E::WorkshopNotHeld => say(
            lang,
            "Der Workshop hat noch nicht stattgefunden. Bitte erfassen Sie zuerst den Workshop.",
            "The workshop has not been held yet. Please record the workshop first.",
        ),
        E::UnknownFieldOfAction(id) => {
            let id = quoted(id, lang);
            say(
                lang,
                format!(
                    "Das Handlungsfeld {id} gibt es im Selbstcheck dieses Programms nicht. Bitte wählen Sie die Prioritäten aus der Liste aus."
                ),
                format!(
                    "There is no field of action {id} in this programme's self-check. Please choose the priorities from the list."
                ),
            )
        }
        E::UnknownIndicator(id) => {
            let id = quoted(id, lang);
            say(
                lang,
                format!(
                    "Den Indikator {id} gibt es im Selbstcheck dieses Programms nicht. Bitte laden Sie die Seite neu."
                ),
                format!(
                    "There is no indicator {id} in this programme's self-check. Please reload the page."
                ),
            )
        }
        E::UnknownItem => say(
            lang,
            "Dieser Eintrag wurde bei dieser Kommune nicht gefunden. Bitte laden Sie die Seite neu.",
            "This entry could not be found for this municipality. Please reload the page.",
        ),
        E::AlreadyHeld => say(
            lang,
            "Dieser Termin ist bereits als durchgeführt erfasst.",
            "This appointment has already been recorded as held.",
        ),
        E::AlreadyCancelled => say(
            lang,
            "Dieser Termin ist abgesagt. Planen Sie bei Bedarf einen neuen.",
            "This appointment has been cancelled. Plan a new one if needed.",
        ),
        E::AlreadyDone => say(
            lang,
            "Dieser nächste Schritt ist bereits als erledigt markiert.",
            "This next step is already marked as done.",
        ),
        E::NotYetHeld => say(
            lang,
            "Dies ist noch nicht als durchgeführt erfasst. Erfassen Sie es zuerst; berichtigen lässt sich nur, was erfasst ist.",
            "This has not been recorded as held yet. Record it first; only what was recorded can be corrected.",
        ),
        E::StepDropped => say(
            lang,
            "Dieser nächste Schritt wurde aus dem Aktionsplan gestrichen.",
            "This next step has been dropped from the action plan.",
        ),
        E::OutsideParticipationWindow { .. } => say(
            lang,
            "Das Datum liegt nach dem Ende des Teilnahmezeitraums. Bitte wählen Sie ein früheres Datum.",
            "The date is after the end of the participation period. Please choose an earlier date.",
        ),
        E::DateInFuture => say(
            lang,
            "Das Datum liegt in der Zukunft. Bitte erfassen Sie nur, was bereits stattgefunden hat.",
            "The date is in the future. Please record only what has already taken place.",
        ),
        E::CompletionCriteriaNotMet { missing } => {
            let first = say(
                lang,
                "Die Teilnahme kann noch nicht abgeschlossen werden.",
                "The participation cannot be completed yet.",
            );
            match missing_sentence(missing, lang) {
                Some(missing) => format!("{first} {missing}"),
                None => first,
            }
        }
        E::ProgrammeExists => say(
            lang,
            "Dieses Programm ist bereits angelegt.",
            "This programme has already been set up.",
        ),
        E::TenantExists => say(
            lang,
            "Diese Organisation ist bereits angelegt.",
            "This organisation has already been set up.",
        ),
        E::UnknownFramework => say(
            lang,
            "Der gewählte Selbstcheck ist nicht bekannt. Bitte wählen Sie einen der angebotenen Selbstchecks aus.",
            "The chosen self-check is not known. Please choose one of the self-checks offered.",
        ),
        E::UserExists => say(
            lang,
            "Für diese Person gibt es bereits ein Benutzerkonto.",
            "This person already has a user account.",
        ),
        E::UnknownUser => say(
            lang,
            "Dieses Benutzerkonto wurde nicht gefunden. Bitte laden Sie die Seite neu.",
            "This user account could not be found. Please reload the page.",
        ),
        E::ApplicationsNotYetOpen { opens_on } => say(
            lang,
            format!(
                "Interessenbekundungen für dieses Programm sind ab dem {} möglich. Bitte kommen Sie dann wieder.",
                opens_on.format("%d.%m.%Y")
            ),
            format!(
                "This programme takes expressions of interest from {}. Please come back then.",
                opens_on.format("%-d %B %Y")
            ),
        ),
        E::ApplicationsClosed { closed_on } => say(
            lang,
            format!(
                "Die Bewerbungsphase dieses Programms ist am {} zu Ende gegangen. Bitte wenden Sie sich bei Fragen an das Programmteam.",
                closed_on.format("%d.%m.%Y")
            ),
            format!(
                "This programme stopped taking expressions of interest on {}. Please contact the programme team with any questions.",
                closed_on.format("%-d %B %Y")
            ),
        ),
        E::ProgrammeArchived => say(
            lang,
            "Dieses Programm ist beendet und archiviert. Seine Daten lassen sich lesen, aber nicht mehr ändern.",
            "This programme has ended and is archived. Its data can be read but no longer changed.",
        ),
        E::DetailsErased => say(
            lang,
            "Die Angaben dieser Person wurden gelöscht und lassen sich daher nicht mehr berichtigen.",
            "This person's details have been erased and can therefore no longer be corrected.",
        ),
    }
}

/// A message for one input field, for showing next to that field.
pub fn validation_message(err: &ValidationError, lang: Language) -> String {
    input_message(err.field, err.code, lang)
}

/// A message for the input `field` (as named in the public API) refused for the reason `code`.
pub fn input_message(field: &str, code: &str, lang: Language) -> String {
    let label = quoted(&field_label(field, lang), lang);
    match code {
        "required" => match field {
            "consentToContact" => say(
                lang,
                "Bitte bestätigen Sie, dass das Programmteam Sie kontaktieren darf. Ohne Ihr Einverständnis können wir uns nicht bei Ihnen melden.",
                "Please confirm that the programme team may contact you. Without your consent we cannot get in touch.",
            ),
            "priorities" => say(
                lang,
                "Bitte wählen Sie mindestens ein Handlungsfeld als Priorität aus.",
                "Please choose at least one field of action as a priority.",
            ),
            "bundesland" => say(
                lang,
                "Bitte wählen Sie ein Bundesland aus.",
                "Please choose a federal state.",
            ),
            "kind" => say(
                lang,
                "Bitte wählen Sie die Art der Kommune aus.",
                "Please choose the type of municipality.",
            ),
            "rating" => say(
                lang,
                "Bitte wählen Sie eine Stufe von 0 bis 4 oder „nicht zutreffend“.",
                "Please choose a level from 0 to 4 or “not applicable”.",
            ),
            "language" | "municipality" | "programmeId" | "facilitatorId" => say(
                lang,
                format!("Bitte treffen Sie bei {label} eine Auswahl."),
                format!("Please make a choice for {label}."),
            ),
            _ => say(
                lang,
                format!("Bitte füllen Sie {label} aus."),
                format!("Please fill in {label}."),
            ),
        },
        "too_long" => match max_chars(field) {
            Some(max) => {
                let max = number(max as u64, lang);
                say(
                    lang,
                    format!("{label} ist zu lang (höchstens {max} Zeichen)."),
                    format!("{label} is too long (at most {max} characters)."),
                )
            }
            None => say(
                lang,
                format!("{label} ist zu lang. Bitte kürzen Sie den Text."),
                format!("{label} is too long. Please shorten the text."),
            ),
        },
        "invalid_characters" => say(
            lang,
            format!(
                "{label} enthält unsichtbare Sonderzeichen, etwa aus kopiertem Text. Bitte tippen Sie den Text neu ein."
            ),
            format!(
                "{label} contains invisible special characters, for example from copied text. Please type the text again."
            ),
        ),
        "line_break" => say(
            lang,
            format!("{label} darf nur eine Zeile haben. Bitte entfernen Sie den Zeilenumbruch."),
            format!("{label} must fit on one line. Please remove the line break."),
        ),
        "bidi_control" => say(
            lang,
            format!(
                "{label} enthält unsichtbare Steuerzeichen für die Schreibrichtung, die den Text anders anzeigen lassen, als er gespeichert wird. Bitte tippen Sie den Text neu ein."
            ),
            format!(
                "{label} contains invisible writing-direction controls that make the text show differently from how it is stored. Please type the text again."
            ),
        ),
        "zero_width" => say(
            lang,
            format!(
                "{label} enthält unsichtbare Zeichen ohne Breite, etwa aus kopiertem Text. Bitte tippen Sie den Text neu ein."
            ),
            format!(
                "{label} contains invisible zero-width characters, for example from copied text. Please type the text again."
            ),
        ),
        "date_out_of_range" => {
            let (first, last) = (
                PLAUSIBLE_YEARS.start().to_string(),
                PLAUSIBLE_YEARS.end().to_string(),
            );
            say(
                lang,
                format!(
                    "Bitte geben Sie bei {label} ein Datum zwischen dem 1. Januar {first} und dem 31. Dezember {last} an."
                ),
                format!(
                    "Please enter a date between 1 January {first} and 31 December {last} for {label}."
                ),
            )
        }
        "invalid_email" => match field {
            "email" => say(
                lang,
                "Bitte geben Sie eine gültige E-Mail-Adresse an.",
                "Please enter a valid email address.",
            ),
            _ => say(
                lang,
                format!("Bitte geben Sie bei {label} eine gültige E-Mail-Adresse an."),
                format!("Please enter a valid email address for {label}."),
            ),
        },
        "invalid_phone" => {
            let first = match field {
                "phone" => say(
                    lang,
                    "Bitte geben Sie eine Telefonnummer mit 6 bis 20 Ziffern an.",
                    "Please enter a phone number with 6 to 20 digits.",
                ),
                _ => say(
                    lang,
                    format!(
                        "Bitte geben Sie bei {label} eine Telefonnummer mit 6 bis 20 Ziffern an."
                    ),
                    format!("Please enter a phone number with 6 to 20 digits for {label}."),
                ),
            };
            let allowed = say(
                lang,
                "Erlaubt sind außerdem ein + am Anfang, Leerzeichen, Schrägstrich, Bindestrich und Klammern.",
                "A leading +, spaces, slashes, hyphens and brackets are also allowed.",
            );
            format!("{first} {allowed}")
        }
        "too_small" => match min_value(field) {
            Some(0) => say(
                lang,
                format!("{label} darf nicht negativ sein."),
                format!("{label} cannot be negative."),
            ),
            Some(min) => {
                let min = number(min, lang);
                say(
                    lang,
                    format!("{label} muss mindestens {min} sein."),
                    format!("{label} must be at least {min}."),
                )
            }
            None => say(
                lang,
                format!("{label} ist zu klein."),
                format!("{label} is too small."),
            ),
        },
        "too_large" => match (field, max_value(field)) {
            ("population", Some(max)) => {
                let max = number(max, lang);
                say(
                    lang,
                    format!(
                        "So viele Einwohner:innen hat keine Kommune in Deutschland. Bitte geben Sie höchstens {max} an."
                    ),
                    format!(
                        "No municipality in Germany has that many inhabitants. Please enter at most {max}."
                    ),
                )
            }
            (_, Some(max)) => {
                let max = number(max, lang);
                say(
                    lang,
                    format!("{label} darf höchstens {max} sein."),
                    format!("{label} must be at most {max}."),
                )
            }
            (_, None) => say(
                lang,
                format!("{label} ist zu groß."),
                format!("{label} is too large."),
            ),
        },
        "out_of_range" => match (field, range(field)) {
            ("reminders", _) => say(
                lang,
                "Erinnerungen sind 1 bis 90 Tage vor oder nach dem Fälligkeitsdatum möglich.",
                "Reminders can be set from 1 to 90 days before or after the due date.",
            ),
            ("rating", _) => say(
                lang,
                "Bitte wählen Sie eine Stufe von 0 bis 4 oder „nicht zutreffend“.",
                "Please choose a level from 0 to 4 or “not applicable”.",
            ),
            (_, Some((low, high))) => {
                let (low, high) = (number(low, lang), number(high, lang));
                say(
                    lang,
                    format!("{label} muss zwischen {low} und {high} liegen."),
                    format!("{label} must be between {low} and {high}."),
                )
            }
            (_, None) => say(
                lang,
                format!("{label} liegt außerhalb des erlaubten Bereichs."),
                format!("{label} is outside the allowed range."),
            ),
        },
        "too_many" => say(
            lang,
            format!("Bei {label} sind höchstens fünf Tage möglich."),
            format!("At most five days can be given for {label}."),
        ),
        "invalid_time" => say(
            lang,
            format!("Bitte geben Sie bei {label} eine gültige Uhrzeit an, z. B. 16:00."),
            format!("Please enter a valid time for {label}, e.g. 16:00."),
        ),
        "invalid_date" => say(
            lang,
            format!("Bitte geben Sie bei {label} ein gültiges Datum an, z. B. 2026-03-02."),
            format!("Please enter a valid date for {label}, e.g. 2026-03-02."),
        ),
        "invalid_datetime" => {
            // `asOf` is a point in time (UTC); the appointments are local times.
            let example = match field {
                "asOf" => "2026-03-02T10:00:00Z",
                _ => "2026-03-02T10:00:00",
            };
            say(
                lang,
                format!(
                    "Bitte geben Sie bei {label} ein gültiges Datum mit Uhrzeit an, z. B. {example}."
                ),
                format!("Please enter a valid date and time for {label}, e.g. {example}."),
            )
        }
        "invalid_choice" => say(
            lang,
            format!("Bitte wählen Sie bei {label} einen der angebotenen Werte."),
            format!("Please choose one of the offered values for {label}."),
        ),
        "invalid_value" => say(
            lang,
            format!("Der Wert bei {label} hat nicht die erwartete Form."),
            format!("The value of {label} does not have the expected form."),
        ),
        "not_a_number" => say(
            lang,
            format!("Bitte geben Sie bei {label} eine ganze Zahl an."),
            format!("Please enter a whole number for {label}."),
        ),
        "nobody_attended" => say(
            lang,
            "Bitte tragen Sie ein, wie viele Personen teilgenommen haben. Mindestens eine Gruppe braucht eine Zahl über 0.",
            "Please enter how many people took part. At least one group needs a number above 0.",
        ),
        "unknown_language" => say(
            lang,
            "Bitte wählen Sie Deutsch oder Englisch als Sprache.",
            "Please choose German or English as the language.",
        ),
        "contact_needs_municipality" => say(
            lang,
            "Ein Konto als Ansprechperson braucht eine Kommune, Konten mit anderen Rollen haben keine. Bitte passen Sie Rolle oder Kommune an.",
            "A contact person's account needs a municipality, and accounts with other roles have none. Please adjust the role or the municipality.",
        ),
        "below_seats_taken" => say(
            lang,
            format!(
                "{label} kann nicht kleiner sein als die Zahl der bereits zugelassenen Kommunen."
            ),
            format!("{label} cannot be lower than the number of municipalities already admitted."),
        ),
        "not_a_form_to_keep" => say(
            lang,
            "Bitte wählen Sie eine andere, noch offene Anmeldung desselben Programms, die bestehen bleibt.",
            "Please choose another form of the same programme, still open, to keep.",
        ),
        "not_a_colleague" => say(
            lang,
            "Bitte wählen Sie eine Person mit Konto für diese Kommune.",
            "Please choose a person with an account for this municipality.",
        ),
        "not_the_waiting_list" => say(
            lang,
            "Die Warteliste hat sich inzwischen geändert. Bitte laden Sie die Seite neu und ordnen Sie sie noch einmal.",
            "The waiting list has changed in the meantime. Please reload the page and put it in order again.",
        ),
        "before_workshop" => say(
            lang,
            format!(
                "{label} darf nicht vor dem Tag des Workshops liegen. Bitte wählen Sie ein späteres Datum."
            ),
            format!(
                "{label} cannot be before the day of the workshop. Please choose a later date."
            ),
        ),
        "invalid_url" => {
            let max = number(MAX_EVIDENCE_URL_CHARS as u64, lang);
            say(
                lang,
                format!(
                    "Bitte geben Sie bei {label} eine vollständige Webadresse an, die mit https:// beginnt (ohne Leerzeichen, höchstens {max} Zeichen)."
                ),
                format!(
                    "Please enter a complete web address starting with https:// for {label} (no spaces, at most {max} characters)."
                ),
            )
        }
        "invalid" if field == "answer" => say(
            lang,
            "Diese Antwort kann nicht gespeichert werden. Bitte prüfen Sie Bewertung, Kommentar und Link.",
            "This answer cannot be saved. Please check the rating, the comment and the link.",
        ),
        "invalid_id" => say(
            lang,
            format!(
                "Die Angabe bei {label} ist nicht gültig. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."
            ),
            format!("The entry for {label} is not valid. Please reload the page and try again."),
        ),
        "not_a_facilitator" => say(
            lang,
            "Diese Person kann keine Prozessbegleitung übernehmen. Bitte wählen Sie ein aktives Konto aus der Prozessbegleitung oder dem Programmteam.",
            "This person cannot act as facilitator. Please choose an active facilitator or programme team account.",
        ),
        "contact_role_fixed" => say(
            lang,
            "Ansprechpersonen werden bei ihrer Kommune benannt, und ihr Konto behält diese Rolle. Bitte wählen Sie Programmteam, Prozessbegleitung oder Förderer.",
            "Contact persons are named on their municipality, and their account keeps that role. Please choose programme team, facilitator or funder.",
        ),
        "already_registered" => say(
            lang,
            "Für diese E-Mail-Adresse gibt es schon ein Konto. Sie finden es in der Liste der Personen.",
            "There is already an account for this e-mail address. You will find it in the list of people.",
        ),
        "not_invitable" => say(
            lang,
            "Eine Einladung geht nur an aktive Konten des Programmteams, der Prozessbegleitung und der Förderer.",
            "Invitations only go to active accounts of the programme team, facilitators and funders.",
        ),
        "before_opening" => say(
            lang,
            "Das Ende der Bewerbungsphase liegt vor ihrem Beginn. Bitte prüfen Sie die beiden Daten.",
            "The end of the application period lies before its start. Please check both dates.",
        ),
        "funders_only" => say(
            lang,
            "Programme lassen sich nur Förderern zuordnen. Alle anderen sehen die Programme nach ihrer Rolle.",
            "Programmes can only be granted to funders. Everyone else sees programmes by their role.",
        ),
        "not_yourself" => say(
            lang,
            "Ihr eigenes Konto können Sie hier nicht ändern. Bitten Sie eine andere Person aus dem Programmteam darum.",
            "You cannot change your own account here. Please ask another member of the programme team.",
        ),
        "unknown_framework" => say(
            lang,
            "Diesen Bewertungsrahmen gibt es nicht. Bitte wählen Sie einen aus der Liste.",
            "There is no such self-check framework. Please choose one from the list.",
        ),
        "fixed_after_self_check" => say(
            lang,
            "Der Bewertungsrahmen lässt sich nicht mehr ändern: Eine Kommune des Programms hat ihre Selbsteinschätzung schon begonnen.",
            "The self-check framework can no longer be changed: a municipality of the programme has already started its self-check.",
        ),
        "unknown_programme" => say(
            lang,
            "Das Programm wurde nicht gefunden oder nimmt zurzeit keine Anmeldungen an. Bitte versuchen Sie es später noch einmal.",
            "The programme could not be found or is not accepting registrations at the moment. Please try again later.",
        ),
        "form_expired" => say(
            lang,
            "Das Formular war zu lange geöffnet. Bitte laden Sie die Seite neu und senden Sie es noch einmal.",
            "The form was open for too long. Please reload the page and send it again.",
        ),
        "too_fast" => say(
            lang,
            "Das Formular wurde ungewöhnlich schnell abgeschickt. Bitte prüfen Sie Ihre Angaben und senden Sie es noch einmal.",
            "The form was sent unusually quickly. Please check your entries and send it again.",
        ),
        _ => say(
            lang,
            format!("Bitte prüfen Sie die Angabe bei {label}."),
            format!("Please check the entry for {label}."),
        ),
    }
}

/// The label of an input field (e.g. "Name der Kommune" / "Name of the municipality"), falling
/// back to the raw field name.
pub fn field_label(field: &str, lang: Language) -> String {
    match label(field) {
        Some((de, en)) => say(lang, de, en),
        None => field.to_owned(),
    }
}

/// German and English labels of the input fields named in the public API.
fn label(field: &str) -> Option<(&'static str, &'static str)> {
    Some(match field {
        // The interest form.
        "municipalityName" => ("Name der Kommune", "Name of the municipality"),
        "bundesland" => ("Bundesland", "Federal state"),
        "kind" => ("Art der Kommune", "Type of municipality"),
        "population" => ("Einwohnerzahl", "Population"),
        "name" => ("Name", "Name"),
        "role" => ("Funktion", "Role"),
        "email" => ("E-Mail-Adresse", "Email address"),
        "phone" => ("Telefonnummer", "Phone number"),
        "motivation" => ("Motivation", "Motivation"),
        "consentToContact" => (
            "Einverständnis zur Kontaktaufnahme",
            "Consent to be contacted",
        ),
        "language" => ("Sprache", "Language"),
        "programmeId" | "programme" => ("Programm", "Programme"),
        "form" => ("Formular", "Form"),
        // Contact person and accounts.
        "contact.name" => ("Name der Ansprechperson", "Name of the contact person"),
        "contact.role" => ("Funktion der Ansprechperson", "Role of the contact person"),
        "contact.email" => (
            "E-Mail-Adresse der Ansprechperson",
            "Email address of the contact person",
        ),
        "contact.phone" => (
            "Telefonnummer der Ansprechperson",
            "Phone number of the contact person",
        ),
        // A person's corrected details.
        "details.name" => ("Name", "Name"),
        "details.role" => ("Funktion", "Role"),
        "details.email" => ("E-Mail-Adresse", "Email address"),
        "details.phone" => ("Telefonnummer", "Phone number"),
        "municipality" | "municipalityId" => ("Kommune", "Municipality"),
        "facilitatorId" | "facilitator" => ("Prozessbegleitung", "Facilitator"),
        "commandId" => ("Vorgangsnummer", "Request number"),
        // Decisions, appointments and records.
        "reason" => ("Begründung", "Reason"),
        "notes" => ("Notizen", "Notes"),
        "place" => ("Ort", "Place"),
        "time" => ("Uhrzeit", "Time"),
        "topic" => ("Thema", "Topic"),
        "invited" => ("Eingeladene Personen", "Invited people"),
        "at" => ("Termin", "Date and time"),
        "on" | "heldOn" => ("Datum", "Date"),
        "asOf" => ("Stichtag", "Reference date"),
        "participants" => ("Zahl der Teilnehmenden", "Number of participants"),
        "priorities" => ("Prioritäten", "Priorities"),
        "nextSteps.what" => ("Nächster Schritt", "Next step"),
        "nextSteps.who" => ("Zuständig", "Responsible"),
        "nextSteps.due" => ("Fälligkeitsdatum", "Due date"),
        "outcomes" => ("Ergebnisse", "Outcomes"),
        "learning" => ("Erfahrungen und Erkenntnisse", "Lessons learned"),
        "attendance" => ("Teilnahme", "Attendance"),
        "attendance.residents" => ("Teilnehmende Einwohner:innen", "Participating residents"),
        "attendance.administration" => (
            "Teilnehmende aus der Verwaltung",
            "Participants from the administration",
        ),
        "attendance.politics" => ("Teilnehmende aus der Politik", "Participants from politics"),
        "attendance.business" => (
            "Teilnehmende aus der Wirtschaft",
            "Participants from business",
        ),
        "attendance.civilSociety" => (
            "Teilnehmende aus der Zivilgesellschaft",
            "Participants from civil society",
        ),
        // The self-check.
        "answer" => ("Antwort", "Answer"),
        "indicatorId" | "indicator" => ("Indikator", "Indicator"),
        "rating" | "level" => ("Bewertung", "Rating"),
        "comment" => ("Kommentar", "Comment"),
        "evidenceUrl" => ("Link zum Nachweis", "Evidence link"),
        // Programme settings.
        "capacity" => ("Anzahl der Plätze", "Number of places"),
        "municipalityIds" => ("Warteliste", "Waiting list"),
        "ofId" => ("Anmeldung, die bestehen bleibt", "Form to keep"),
        "participationMonths" => (
            "Teilnahmedauer in Monaten",
            "Participation period in months",
        ),
        "reminders" => ("Erinnerungen", "Reminders"),
        "label" => ("Label", "Label"),
        "senderName" => ("Absendername der E-Mails", "Sender name of the mails"),
        "replyTo" => (
            "Antwortadresse der E-Mails",
            "Reply-to address of the mails",
        ),
        // Deadlines, in days.
        "scheduleInterviewDays" => (
            "Frist bis zum vereinbarten Erstgespräch",
            "Days until the initial interview is scheduled",
        ),
        "decideDays" => (
            "Frist für die Entscheidung nach dem Erstgespräch",
            "Days for the decision after the interview",
        ),
        "assignContactDays" => (
            "Frist für Ansprechperson und Prozessbegleitung",
            "Days to name the contact person and facilitator",
        ),
        "selfCheckDays" => ("Frist für den Selbstcheck", "Days for the self-check"),
        "scheduleWorkshopDays" => (
            "Frist bis zum vereinbarten Workshop",
            "Days until the workshop is scheduled",
        ),
        "recordAttendanceDays" => (
            "Frist für die Erfassung der Teilnahme",
            "Days to record attendance",
        ),
        "secondSelfCheckDays" => (
            "Frist für den zweiten Selbstcheck",
            "Days for the second self-check",
        ),
        "windowNoticeDays" => (
            "Vorlauf vor dem Ende der Teilnahme",
            "Notice before the participation ends",
        ),
        "frameworkId" => ("Bewertungsrahmen", "Self-check framework"),
        "userId" => ("Person", "Person"),
        "programmeIds" => ("Programme", "Programmes"),
        "applicationsOpenOn" => (
            "Beginn der Bewerbungsphase",
            "Start of the application period",
        ),
        "applicationsCloseOn" => ("Ende der Bewerbungsphase", "End of the application period"),
        "minDialogueEvents" => (
            "Mindestzahl der Dialogveranstaltungen",
            "Minimum number of dialogue events",
        ),
        _ => return None,
    })
}

/// The longest accepted text of a field, in characters, where the field's type is known.
fn max_chars(field: &str) -> Option<usize> {
    Some(match field {
        "municipalityName" => MunicipalityName::MAX_CHARS,
        "name" | "contact.name" | "details.name" => PersonName::MAX_CHARS,
        "role" | "contact.role" | "details.role" | "label" | "senderName" | "reason" | "place"
        | "topic" | "invited" | "nextSteps.what" | "nextSteps.who" => ShortText::MAX_CHARS,
        "motivation" | "notes" | "outcomes" | "learning" => LongText::MAX_CHARS,
        "email" | "contact.email" | "details.email" | "replyTo" => MAX_EMAIL_CHARS,
        "comment" => MAX_COMMENT_CHARS,
        "evidenceUrl" => MAX_EVIDENCE_URL_CHARS,
        _ => return None,
    })
}

/// The smallest accepted number of a field.
fn min_value(field: &str) -> Option<u64> {
    match field {
        "population" | "participants" => Some(1),
        f if f.starts_with("attendance.") => Some(0),
        _ => None,
    }
}

/// The largest accepted number of a field.
fn max_value(field: &str) -> Option<u64> {
    match field {
        "population" => Some(u64::from(Population::MAX)),
        "participants" => Some(MAX_HEAD_COUNT),
        f if f.starts_with("attendance.") => Some(MAX_HEAD_COUNT),
        _ => None,
    }
}

/// The accepted range of a numeric setting.
fn range(field: &str) -> Option<(u64, u64)> {
    match field {
        "capacity" => Some((1, 1000)),
        "participationMonths" => Some((1, 36)),
        "minDialogueEvents" => Some((0, 20)),
        "scheduleInterviewDays"
        | "decideDays"
        | "assignContactDays"
        | "selfCheckDays"
        | "scheduleWorkshopDays"
        | "recordAttendanceDays"
        | "secondSelfCheckDays"
        | "windowNoticeDays" => Some((1, u64::from(lotse_domain::programme::Deadlines::MAX_DAYS))),
        "rating" | "level" => Some((0, 4)),
        _ => None,
    }
}

/// "Es fehlt noch: a und b." for a list of criterion codes; `None` for an empty list.
fn missing_sentence(codes: &[&'static str], lang: Language) -> Option<String> {
    if codes.is_empty() {
        return None;
    }
    let names: Vec<String> = codes.iter().map(|c| criterion(c, lang)).collect();
    let names = join(&names, lang);
    Some(match (lang, codes.len()) {
        (Language::De, 1) => format!("Es fehlt noch: {names}."),
        (Language::De, _) => format!("Es fehlen noch: {names}."),
        (Language::En, _) => format!("Still missing: {names}."),
    })
}

/// The readable name of an eligibility or completion criterion code.
fn criterion(code: &str, lang: Language) -> String {
    let (de, en) = match code {
        "DECISION_MAKERS_SUPPORT" => (
            "Unterstützung durch die Entscheidungsträger:innen",
            "support from the decision-makers",
        ),
        "CONTACT_PERSON_NAMED" => (
            "eine Ansprechperson für die gesamte Teilnahme",
            "a contact person for the whole participation",
        ),
        "SHARES_LEARNING" => (
            "die Zusage, Erfahrungen mit dem Programm zu teilen",
            "a commitment to share experience with the programme",
        ),
        "SELF_CHECK_SUBMITTED" => ("ein abgegebener Selbstcheck", "a submitted self-check"),
        "WORKSHOP_HELD" => (
            "ein durchgeführter Workshop",
            "a workshop that has been held",
        ),
        "DIALOGUE_EVENTS_HELD" => (
            "genügend durchgeführte Dialogveranstaltungen",
            "enough dialogue events held",
        ),
        other => return other.to_lowercase().replace('_', " "),
    };
    say(lang, de, en)
}

/// The name of a stage as shown on the board.
fn stage_name(stage: Stage, lang: Language) -> &'static str {
    let (de, en) = match stage {
        Stage::Interest => ("Interesse", "Interest"),
        Stage::Interview => ("Erstgespräch", "Initial interview"),
        Stage::WaitingList => ("Warteliste", "Waiting list"),
        Stage::OnHold => ("Zurückgestellt", "On hold"),
        Stage::Onboarding => ("Zugelassen", "Admitted"),
        Stage::SelfCheck => ("Selbstcheck", "Self-check"),
        Stage::Workshop => ("Workshop", "Workshop"),
        Stage::Implementation => ("Umsetzung", "Implementation"),
        Stage::Completed => ("Abgeschlossen", "Completed"),
        Stage::Declined => ("Abgesagt", "Declined"),
        Stage::Withdrawn => ("Zurückgezogen", "Withdrawn"),
    };
    match lang {
        Language::De => de,
        Language::En => en,
    }
}

/// Why a request was refused before it ran (see `limits`).
pub fn too_large_message(why: crate::limits::TooLarge, lang: Language) -> String {
    use crate::limits::{
        MAX_FIELDS, MAX_FRAGMENT_NESTING, MAX_MUTATIONS, MAX_QUERY_BYTES, TooLarge,
    };
    match why {
        TooLarge::Length => say(
            lang,
            format!(
                "Diese Anfrage ist zu lang: Erlaubt sind höchstens {} Byte.",
                number(MAX_QUERY_BYTES as u64, lang)
            ),
            format!(
                "This request is too long: at most {} bytes are accepted.",
                number(MAX_QUERY_BYTES as u64, lang)
            ),
        ),
        TooLarge::Fields => say(
            lang,
            format!(
                "Diese Anfrage ist zu umfangreich: Mit allen Fragmenten wählt sie mehr als {} Felder aus.",
                number(MAX_FIELDS, lang)
            ),
            format!(
                "This request is too large: with every fragment expanded it selects more than {} fields.",
                number(MAX_FIELDS, lang)
            ),
        ),
        TooLarge::Nesting => say(
            lang,
            format!(
                "Diese Anfrage verschachtelt Fragmente tiefer als {MAX_FRAGMENT_NESTING} Ebenen."
            ),
            format!("This request nests fragments deeper than {MAX_FRAGMENT_NESTING} levels."),
        ),
        TooLarge::UnknownFragment => say(
            lang,
            "Diese Anfrage verwendet ein Fragment, das sie nicht definiert.",
            "This request spreads a fragment it does not define.",
        ),
        TooLarge::FragmentCycle => say(
            lang,
            "Diese Anfrage enthält Fragmente, die sich gegenseitig einschließen.",
            "This request contains fragments that spread each other in a cycle.",
        ),
        TooLarge::Mutations => say(
            lang,
            format!("Eine Anfrage darf höchstens {MAX_MUTATIONS} Änderungen enthalten."),
            format!("One request may contain at most {MAX_MUTATIONS} changes."),
        ),
    }
}

/// A request whose cost (expensive fields such as pages, boards and timelines, counted
/// once per alias) is over the limit.
pub fn too_costly_message(lang: Language) -> String {
    say(
        lang,
        "Diese Anfrage ist zu aufwendig. Bitte fragen Sie weniger Seiten oder Übersichten auf einmal ab.",
        "This request is too costly. Please ask for fewer pages or overviews at once.",
    )
}

/// A request nested deeper than the schema allows.
pub fn too_deep_message(lang: Language) -> String {
    say(
        lang,
        format!(
            "Diese Anfrage ist tiefer verschachtelt als {} Ebenen.",
            crate::MAX_DEPTH
        ),
        format!(
            "This request is nested deeper than {} levels.",
            crate::MAX_DEPTH
        ),
    )
}

/// A request that ran out of its time budget.
pub fn timeout_message(lang: Language) -> String {
    say(
        lang,
        "Die Anfrage hat zu lange gedauert und wurde abgebrochen. Bitte versuchen Sie es erneut.",
        "The request took too long and was stopped. Please try again.",
    )
}

/// The database's disk is full: nothing was saved.
pub fn storage_full_message(lang: Language) -> String {
    say(
        lang,
        "Lotse kann gerade nichts speichern, weil der Speicher des Servers voll ist. Ihre Eingabe wurde nicht gespeichert; bitte versuchen Sie es später erneut.",
        "Lotse cannot save anything right now because the server's storage is full. Your entry was not saved; please try again later.",
    )
}

/// The text in the caller's language.
fn say(lang: Language, de: impl Into<String>, en: impl Into<String>) -> String {
    match lang {
        Language::De => de.into(),
        Language::En => en.into(),
    }
}

/// A name in the quotation marks of the language.
fn quoted(text: &str, lang: Language) -> String {
    match lang {
        Language::De => format!("„{text}“"),
        Language::En => format!("“{text}”"),
    }
}

/// "a", "a und b", "a, b und c".
fn join(items: &[String], lang: Language) -> String {
    let and = say(lang, " und ", " and ");
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{and}{last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lotse_domain::values::{Attendance, EmailAddress, PhoneNumber};
    use std::collections::BTreeSet;

    const BOTH: [Language; 2] = [Language::De, Language::En];

    /// One value of every variant. `variant_number` below fails to compile when a variant is
    /// added, and the first test fails until the new variant is listed here.
    fn every_domain_error() -> Vec<DomainError> {
        use DomainError as E;
        vec![
            E::Invalid(ValidationError::new("email", "invalid_email")),
            E::AlreadyRegistered,
            E::UnknownMunicipality,
            E::WrongStage(Stage::Interview),
            E::ParticipationEnded,
            E::NoInterviewScheduled,
            E::InterviewNotHeld,
            E::NotEligible {
                missing: vec!["DECISION_MAKERS_SUPPORT", "SHARES_LEARNING"],
            },
            E::CapacityReached,
            E::UnknownProgramme,
            E::NoContactPerson,
            E::NoFacilitator,
            E::SelfCheckNotStarted,
            E::SelfCheckAlreadyStarted,
            E::SelfCheckAlreadySubmitted,
            E::SelfCheckIncomplete { unanswered: 7 },
            E::SelfCheckNotSubmitted,
            E::SecondSelfCheckTooEarly,
            E::WorkshopNotScheduled,
            E::WorkshopAlreadyHeld,
            E::WorkshopNotHeld,
            E::UnknownFieldOfAction("wohnen".into()),
            E::UnknownIndicator("gov-3".into()),
            E::UnknownItem,
            E::AlreadyHeld,
            E::AlreadyCancelled,
            E::AlreadyDone,
            E::OutsideParticipationWindow { field: "at" },
            E::DateInFuture,
            E::CompletionCriteriaNotMet {
                missing: vec!["WORKSHOP_HELD", "DIALOGUE_EVENTS_HELD"],
            },
            E::ProgrammeExists,
            E::TenantExists,
            E::UnknownFramework,
            E::UserExists,
            E::UnknownUser,
            E::ApplicationsNotYetOpen {
                opens_on: chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            },
            E::ApplicationsClosed {
                closed_on: chrono::NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(),
            },
            E::ProgrammeArchived,
            E::StepDropped,
            E::NotYetHeld,
            E::DetailsErased,
        ]
    }

    const VARIANTS: usize = 41;

    fn variant_number(e: &DomainError) -> usize {
        use DomainError as E;
        match e {
            E::Invalid(_) => 0,
            E::AlreadyRegistered => 1,
            E::UnknownMunicipality => 2,
            E::WrongStage(_) => 3,
            E::ParticipationEnded => 4,
            E::NoInterviewScheduled => 5,
            E::InterviewNotHeld => 6,
            E::NotEligible { .. } => 7,
            E::CapacityReached => 8,
            E::UnknownProgramme => 9,
            E::NoContactPerson => 10,
            E::NoFacilitator => 11,
            E::SelfCheckNotStarted => 12,
            E::SelfCheckAlreadyStarted => 13,
            E::SelfCheckAlreadySubmitted => 14,
            E::SelfCheckIncomplete { .. } => 15,
            E::SelfCheckNotSubmitted => 16,
            E::SecondSelfCheckTooEarly => 17,
            E::WorkshopNotScheduled => 18,
            E::WorkshopAlreadyHeld => 19,
            E::WorkshopNotHeld => 20,
            E::UnknownFieldOfAction(_) => 21,
            E::UnknownIndicator(_) => 22,
            E::UnknownItem => 23,
            E::AlreadyHeld => 24,
            E::AlreadyCancelled => 25,
            E::AlreadyDone => 26,
            E::OutsideParticipationWindow { .. } => 27,
            E::DateInFuture => 28,
            E::CompletionCriteriaNotMet { .. } => 29,
            E::ProgrammeExists => 30,
            E::TenantExists => 31,
            E::UnknownFramework => 32,
            E::UserExists => 33,
            E::UnknownUser => 34,
            E::ApplicationsNotYetOpen { .. } => 35,
            E::ApplicationsClosed { .. } => 36,
            E::ProgrammeArchived => 37,
            E::StepDropped => 38,
            E::NotYetHeld => 39,
            E::DetailsErased => 40,
        }
    }

    /// Every (field, code) pair the domain produces, with the field names its callers pass in,
    /// plus the pairs the GraphQL layer and the server's form add.
    fn every_validation_error() -> Vec<ValidationError> {
        let text_fields = [
            "municipalityName",
            "name",
            "role",
            "motivation",
            "contact.name",
            "contact.role",
            "details.name",
            "details.role",
            "label",
            "senderName",
            "reason",
            "place",
            "topic",
            "invited",
            "nextSteps.what",
            "nextSteps.who",
            "notes",
            "outcomes",
            "learning",
        ];
        let mut pairs: Vec<(&'static str, &'static str)> = Vec::new();
        for field in text_fields {
            pairs.extend([
                (field, "required"),
                (field, "too_long"),
                (field, "invalid_characters"),
                (field, "line_break"),
                (field, "bidi_control"),
                (field, "zero_width"),
            ]);
        }
        for field in ["email", "contact.email", "details.email", "replyTo"] {
            pairs.extend([
                (field, "required"),
                (field, "too_long"),
                (field, "invalid_email"),
            ]);
        }
        for field in ["phone", "contact.phone", "details.phone"] {
            pairs.extend([(field, "required"), (field, "invalid_phone")]);
        }
        for field in [
            "population",
            "participants",
            "attendance.residents",
            "attendance.administration",
            "attendance.politics",
            "attendance.business",
            "attendance.civilSociety",
        ] {
            pairs.extend([(field, "too_small"), (field, "too_large")]);
        }
        pairs.extend([
            ("population", "required"),
            ("population", "not_a_number"),
            ("bundesland", "required"),
            ("kind", "required"),
            ("consentToContact", "required"),
            ("priorities", "required"),
            ("rating", "required"),
            ("rating", "out_of_range"),
            ("comment", "too_long"),
            ("evidenceUrl", "invalid_url"),
            ("answer", "invalid"),
            ("attendance", "nobody_attended"),
            ("language", "unknown_language"),
            ("capacity", "out_of_range"),
            ("capacity", "below_seats_taken"),
            ("municipalityIds", "not_the_waiting_list"),
            ("ofId", "not_a_form_to_keep"),
            ("userId", "not_a_colleague"),
            ("time", "invalid_time"),
            ("participationMonths", "out_of_range"),
            ("reminders", "out_of_range"),
            ("reminders", "too_many"),
            ("scheduleInterviewDays", "out_of_range"),
            ("decideDays", "out_of_range"),
            ("assignContactDays", "out_of_range"),
            ("selfCheckDays", "out_of_range"),
            ("scheduleWorkshopDays", "out_of_range"),
            ("recordAttendanceDays", "out_of_range"),
            ("secondSelfCheckDays", "out_of_range"),
            ("windowNoticeDays", "out_of_range"),
            ("minDialogueEvents", "out_of_range"),
            ("frameworkId", "unknown_framework"),
            ("applicationsCloseOn", "before_opening"),
            ("role", "contact_role_fixed"),
            ("email", "already_registered"),
            ("userId", "not_invitable"),
            ("userId", "not_yourself"),
            ("programmeIds", "funders_only"),
            ("programmeIds", "unknown_programme"),
            ("frameworkId", "fixed_after_self_check"),
            ("municipality", "contact_needs_municipality"),
            ("nextSteps.due", "before_workshop"),
            ("heldOn", "invalid_date"),
            ("on", "invalid_date"),
            ("nextSteps.due", "invalid_date"),
            ("at", "invalid_datetime"),
            ("asOf", "invalid_datetime"),
            ("heldOn", "date_out_of_range"),
            ("at", "date_out_of_range"),
            ("asOf", "date_out_of_range"),
            ("nextSteps.due", "date_out_of_range"),
            ("commandId", "invalid_id"),
            ("facilitatorId", "not_a_facilitator"),
            ("programmeId", "unknown_programme"),
            ("form", "too_fast"),
            ("form", "form_expired"),
        ]);
        pairs
            .into_iter()
            .map(|(field, code)| ValidationError::new(field, code))
            .collect()
    }

    fn de(e: &DomainError) -> String {
        domain_message(e, Language::De)
    }

    fn en(e: &DomainError) -> String {
        domain_message(e, Language::En)
    }

    #[test]
    fn every_domain_error_variant_is_listed_for_these_tests() {
        let seen: BTreeSet<usize> = every_domain_error().iter().map(variant_number).collect();
        assert_eq!(seen.len(), VARIANTS);
        assert_eq!(every_domain_error().len(), VARIANTS);
    }

    #[test]
    fn every_domain_error_has_a_german_and_a_different_english_message() {
        for e in every_domain_error() {
            let (de, en) = (de(&e), en(&e));
            assert!(!de.trim().is_empty(), "no German message for {e:?}");
            assert!(!en.trim().is_empty(), "no English message for {e:?}");
            assert_ne!(de, en, "German and English are the same for {e:?}");
            for text in [&de, &en] {
                assert!(text.ends_with('.'), "not a full sentence: {text}");
                assert!(
                    !text.contains(e.code()),
                    "the code shows through in: {text}"
                );
            }
        }
    }

    #[test]
    fn no_two_domain_errors_share_a_message() {
        for lang in BOTH {
            let messages: BTreeSet<String> = every_domain_error()
                .iter()
                .map(|e| domain_message(e, lang))
                .collect();
            assert_eq!(messages.len(), VARIANTS, "{lang:?}");
        }
    }

    #[test]
    fn messages_avoid_internal_jargon() {
        let jargon = [
            "stream",
            "aggregate",
            "command",
            "tenant",
            "Mandant",
            "projection",
            "payload",
        ];
        let validation = every_validation_error();
        for lang in BOTH {
            for v in &validation {
                let text = validation_message(v, lang);
                for word in jargon {
                    assert!(
                        !text.to_lowercase().contains(&word.to_lowercase()),
                        "{word} in {text}"
                    );
                }
            }
        }
        for e in every_domain_error() {
            for lang in BOTH {
                let text = domain_message(&e, lang);
                for word in jargon {
                    assert!(
                        !text.to_lowercase().contains(&word.to_lowercase()),
                        "{word} in {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn german_messages_address_people_formally() {
        for e in every_domain_error() {
            let text = de(&e);
            for informal in [" du ", " dich ", " dein", " Du ", " Dein"] {
                assert!(!text.contains(informal), "{informal} in {text}");
            }
        }
    }

    #[test]
    fn an_incomplete_self_check_says_how_many_indicators_are_unanswered() {
        let e = DomainError::SelfCheckIncomplete { unanswered: 7 };
        assert!(de(&e).contains("weil 7 Indikatoren unbeantwortet sind"));
        assert!(en(&e).contains("because 7 indicators have not been answered"));
        let one = DomainError::SelfCheckIncomplete { unanswered: 1 };
        assert!(de(&one).contains("weil 1 Indikator unbeantwortet ist"));
        assert!(en(&one).contains("1 indicator has not been answered"));
        let many = DomainError::SelfCheckIncomplete { unanswered: 1200 };
        assert!(de(&many).contains("1.200 Indikatoren"));
        assert!(en(&many).contains("1,200 indicators"));
    }

    #[test]
    fn a_refused_admission_names_each_missing_criterion() {
        let e = DomainError::NotEligible {
            missing: vec![
                "DECISION_MAKERS_SUPPORT",
                "CONTACT_PERSON_NAMED",
                "SHARES_LEARNING",
            ],
        };
        assert_eq!(
            de(&e),
            "Die Kommune kann noch nicht zugelassen werden. Es fehlen noch: Unterstützung durch \
             die Entscheidungsträger:innen, eine Ansprechperson für die gesamte Teilnahme und die \
             Zusage, Erfahrungen mit dem Programm zu teilen. Sie können die Kommune \
             zurückstellen, bis alle Voraussetzungen erfüllt sind."
        );
        assert!(en(&e).contains(
            "support from the decision-makers, a contact person for the whole participation and \
             a commitment to share experience with the programme"
        ));
        let one = DomainError::NotEligible {
            missing: vec!["CONTACT_PERSON_NAMED"],
        };
        assert!(de(&one).contains("Es fehlt noch: eine Ansprechperson"));
        assert!(!de(&one).contains("CONTACT_PERSON_NAMED"));
    }

    #[test]
    fn a_refused_completion_names_each_missing_criterion() {
        let e = DomainError::CompletionCriteriaNotMet {
            missing: vec![
                "SELF_CHECK_SUBMITTED",
                "WORKSHOP_HELD",
                "DIALOGUE_EVENTS_HELD",
            ],
        };
        assert_eq!(
            de(&e),
            "Die Teilnahme kann noch nicht abgeschlossen werden. Es fehlen noch: ein abgegebener \
             Selbstcheck, ein durchgeführter Workshop und genügend durchgeführte \
             Dialogveranstaltungen."
        );
        assert_eq!(
            en(&e),
            "The participation cannot be completed yet. Still missing: a submitted self-check, a \
             workshop that has been held and enough dialogue events held."
        );
    }

    #[test]
    fn an_empty_or_unknown_criterion_list_still_reads_as_a_sentence() {
        let none = DomainError::CompletionCriteriaNotMet { missing: vec![] };
        assert_eq!(
            de(&none),
            "Die Teilnahme kann noch nicht abgeschlossen werden."
        );
        let unknown = DomainError::NotEligible {
            missing: vec!["BUDGET_APPROVED"],
        };
        assert!(de(&unknown).contains("Es fehlt noch: budget approved."));
    }

    #[test]
    fn a_wrong_stage_is_named_as_on_the_board() {
        let expected = [
            (Stage::Interest, "Interesse"),
            (Stage::Interview, "Erstgespräch"),
            (Stage::WaitingList, "Warteliste"),
            (Stage::OnHold, "Zurückgestellt"),
            (Stage::Onboarding, "Zugelassen"),
            (Stage::SelfCheck, "Selbstcheck"),
            (Stage::Workshop, "Workshop"),
            (Stage::Implementation, "Umsetzung"),
            (Stage::Completed, "Abgeschlossen"),
            (Stage::Declined, "Abgesagt"),
            (Stage::Withdrawn, "Zurückgezogen"),
        ];
        assert_eq!(expected.len(), Stage::ALL.len());
        for (stage, name) in expected {
            let text = de(&DomainError::WrongStage(stage));
            assert!(text.contains(&format!("Phase „{name}“")), "{text}");
        }
        assert!(en(&DomainError::WrongStage(Stage::WaitingList)).contains("“Waiting list”"));
    }

    #[test]
    fn unknown_fields_of_action_and_indicators_are_named() {
        let field = DomainError::UnknownFieldOfAction("wohnen".into());
        assert!(de(&field).contains("Handlungsfeld „wohnen“"));
        assert!(en(&field).contains("field of action “wohnen”"));
        let indicator = DomainError::UnknownIndicator("gov-3".into());
        assert!(de(&indicator).contains("Indikator „gov-3“"));
        assert!(en(&indicator).contains("indicator “gov-3”"));
    }

    #[test]
    fn an_invalid_input_refusal_reads_like_its_field_message() {
        let v = ValidationError::new("municipalityName", "required");
        for lang in BOTH {
            assert_eq!(
                domain_message(&DomainError::Invalid(v.clone()), lang),
                validation_message(&v, lang)
            );
        }
    }

    #[test]
    fn every_validation_error_of_the_domain_has_a_message_in_both_languages() {
        for v in every_validation_error() {
            let de = validation_message(&v, Language::De);
            let en = validation_message(&v, Language::En);
            assert!(!de.trim().is_empty(), "no German message for {v:?}");
            assert!(!en.trim().is_empty(), "no English message for {v:?}");
            assert_ne!(de, en, "German and English are the same for {v:?}");
            assert!(de.ends_with('.') && en.ends_with('.'), "{de} / {en}");
        }
    }

    #[test]
    fn german_validation_messages_contain_no_english_fallback_text() {
        let english = [
            "Please", "please", " the ", " must ", " is ", " check", "entry", "field",
        ];
        for v in every_validation_error() {
            let de = validation_message(&v, Language::De);
            let en = validation_message(&v, Language::En);
            assert!(!de.contains(&en), "{v:?}: {de}");
            assert!(
                !de.contains(v.code),
                "the code shows through for {v:?}: {de}"
            );
            assert_ne!(
                field_label(v.field, Language::De),
                v.field,
                "no German label for {}",
                v.field
            );
            assert!(
                !de.contains(&format!("„{}“", v.field)),
                "the raw field name shows through for {v:?}: {de}"
            );
            assert!(
                !de.contains("Bitte prüfen Sie die Angabe bei"),
                "the generic fallback was used for {v:?}: {de}"
            );
            for word in english {
                assert!(!de.contains(word), "{word:?} in {de}");
            }
        }
    }

    #[test]
    fn the_domain_codes_the_tests_list_are_the_ones_the_domain_produces() {
        let produced = [
            MunicipalityName::parse("municipalityName", "").unwrap_err(),
            MunicipalityName::parse("municipalityName", &"x".repeat(121)).unwrap_err(),
            ShortText::parse("role", "\u{7}").unwrap_err(),
            EmailAddress::parse("email", "x").unwrap_err(),
            PhoneNumber::parse("phone", "call me").unwrap_err(),
            Population::parse("population", 0).unwrap_err(),
            Population::parse("population", 5_000_000).unwrap_err(),
            Attendance::parse([0; 5]).unwrap_err(),
            Attendance::parse([0, 0, -1, 0, 0]).unwrap_err(),
            Attendance::parse([0, 0, 0, 0, 100_001]).unwrap_err(),
            Language::parse("fr").unwrap_err(),
        ];
        let listed = every_validation_error();
        for v in produced {
            assert!(listed.contains(&v), "{v:?} is not covered");
        }
    }

    #[test]
    fn too_long_names_the_limit_of_the_field() {
        let msg = |field, lang| validation_message(&ValidationError::new(field, "too_long"), lang);
        assert_eq!(
            msg("municipalityName", Language::De),
            "„Name der Kommune“ ist zu lang (höchstens 120 Zeichen)."
        );
        assert_eq!(
            msg("municipalityName", Language::En),
            "“Name of the municipality” is too long (at most 120 characters)."
        );
        assert!(msg("name", Language::De).contains("höchstens 120 Zeichen"));
        assert!(msg("topic", Language::De).contains("höchstens 200 Zeichen"));
        assert!(msg("motivation", Language::De).contains("höchstens 5.000 Zeichen"));
        assert!(msg("motivation", Language::En).contains("at most 5,000 characters"));
        assert!(msg("email", Language::De).contains("höchstens 254 Zeichen"));
        assert!(msg("comment", Language::De).contains("höchstens 2.000 Zeichen"));
        assert!(
            validation_message(
                &ValidationError::new("evidenceUrl", "invalid_url"),
                Language::De
            )
            .contains("höchstens 500 Zeichen")
        );
        assert_eq!(
            msg("headline", Language::De),
            "„headline“ ist zu lang. Bitte kürzen Sie den Text."
        );
    }

    #[test]
    fn an_invalid_email_address_asks_for_a_valid_one() {
        let v = ValidationError::new("email", "invalid_email");
        assert_eq!(
            validation_message(&v, Language::De),
            "Bitte geben Sie eine gültige E-Mail-Adresse an."
        );
        assert_eq!(
            validation_message(&v, Language::En),
            "Please enter a valid email address."
        );
        let contact = ValidationError::new("contact.email", "invalid_email");
        assert!(
            validation_message(&contact, Language::De)
                .contains("„E-Mail-Adresse der Ansprechperson“")
        );
    }

    #[test]
    fn numbers_out_of_bounds_name_the_bounds() {
        let msg =
            |field, code| validation_message(&ValidationError::new(field, code), Language::De);
        assert!(msg("population", "too_large").contains("höchstens 4.000.000"));
        assert_eq!(
            msg("population", "too_small"),
            "„Einwohnerzahl“ muss mindestens 1 sein."
        );
        assert_eq!(
            msg("attendance.politics", "too_small"),
            "„Teilnehmende aus der Politik“ darf nicht negativ sein."
        );
        assert!(msg("attendance.residents", "too_large").contains("höchstens 100.000"));
        assert_eq!(
            msg("capacity", "out_of_range"),
            "„Anzahl der Plätze“ muss zwischen 1 und 1.000 liegen."
        );
        assert!(msg("participationMonths", "out_of_range").contains("zwischen 1 und 36"));
    }

    #[test]
    fn an_unknown_code_falls_back_to_a_polite_request_to_check_the_field() {
        let v = ValidationError::new("place", "something_new");
        assert_eq!(
            validation_message(&v, Language::De),
            "Bitte prüfen Sie die Angabe bei „Ort“."
        );
        assert_eq!(
            validation_message(&v, Language::En),
            "Please check the entry for “Place”."
        );
        let unknown_field = ValidationError::new("website", "something_new");
        assert_eq!(
            validation_message(&unknown_field, Language::De),
            "Bitte prüfen Sie die Angabe bei „website“."
        );
    }

    #[test]
    fn a_field_label_falls_back_to_the_raw_field_name() {
        assert_eq!(
            field_label("municipalityName", Language::De),
            "Name der Kommune"
        );
        assert_eq!(
            field_label("municipalityName", Language::En),
            "Name of the municipality"
        );
        assert_eq!(field_label("bundesland", Language::En), "Federal state");
        assert_eq!(field_label("somethingElse", Language::De), "somethingElse");
    }

    #[test]
    fn the_interest_form_has_a_label_for_every_field() {
        for field in [
            "municipalityName",
            "bundesland",
            "kind",
            "population",
            "name",
            "role",
            "email",
            "phone",
            "motivation",
            "consentToContact",
            "language",
        ] {
            for lang in BOTH {
                assert_ne!(field_label(field, lang), field, "{field} {lang:?}");
            }
        }
    }

    #[test]
    fn numbers_use_the_separator_of_the_language() {
        assert_eq!(number(0, Language::De), "0");
        assert_eq!(number(999, Language::De), "999");
        assert_eq!(number(1000, Language::De), "1.000");
        assert_eq!(number(4_000_000, Language::De), "4.000.000");
        assert_eq!(number(4_000_000, Language::En), "4,000,000");
    }
}
