//! A tiny given / when / then harness for the journey of one municipality, plus fixed ids,
//! dates, a hand-built framework and the standard events and commands of a journey.
//!
//! ```ignore
//! given(at_interviewed())
//!     .seats_taken_by_others(40)
//!     .when(admit())
//!     .then([placed_on_waiting_list(TODAY)]);
//! ```
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use lotse_domain::framework::{Answer, Field, Framework, Indicator, Text};
use lotse_domain::ids::ItemId;
use lotse_domain::municipality::{
    Command, ContactDetails, Context, Municipality, MunicipalityEvent, PlannedStep, Profile,
    StepOwner, Submitter, decide, evolve, seat_changes,
};
use lotse_domain::personal::Personal;
use lotse_domain::programme::{Programme, ProgrammeEvent, ProgrammeSettings};
use lotse_domain::values::{
    Attendance, Audience, Bundesland, DialogueFormat, Eligibility, EmailAddress, Language,
    LongText, MunicipalityKind, MunicipalityName, PersonName, PhoneNumber, Population, ShortText,
    Stage, SupportFormat,
};
use lotse_domain::{DomainError, MunicipalityId, PersonId, ProgrammeId, TenantId, UserId};
use std::collections::BTreeMap;
use uuid::Uuid;

// ---------------------------------------------------------------------------------------
// Fixed ids and dates
// ---------------------------------------------------------------------------------------

pub const TENANT: TenantId = TenantId(Uuid::from_u128(1));
pub const PROGRAMME: ProgrammeId = ProgrammeId(Uuid::from_u128(2));
pub const MUNICIPALITY: MunicipalityId = MunicipalityId(Uuid::from_u128(3));

pub const SUBMITTER: PersonId = PersonId(Uuid::from_u128(10));
pub const CONTACT: PersonId = PersonId(Uuid::from_u128(11));
pub const NEW_CONTACT: PersonId = PersonId(Uuid::from_u128(12));

pub const TEAM_MEMBER: UserId = UserId(Uuid::from_u128(20));
pub const FACILITATOR: UserId = UserId(Uuid::from_u128(21));
pub const OTHER_FACILITATOR: UserId = UserId(Uuid::from_u128(22));
pub const CONTACT_USER: UserId = UserId(Uuid::from_u128(23));
pub const NEW_CONTACT_USER: UserId = UserId(Uuid::from_u128(24));

pub const STEP_1: ItemId = ItemId(Uuid::from_u128(30));
pub const STEP_2: ItemId = ItemId(Uuid::from_u128(31));
pub const DIALOGUE: ItemId = ItemId(Uuid::from_u128(40));
pub const SECOND_DIALOGUE: ItemId = ItemId(Uuid::from_u128(41));
pub const SUPPORT: ItemId = ItemId(Uuid::from_u128(50));

/// A date.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A date and time.
pub fn at(y: i32, m: u32, day: u32, hour: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(hour, 0, 0).unwrap()
}

// The dates of the standard journey.
pub fn submitted_on() -> NaiveDate {
    d(2025, 1, 6)
}
pub fn interview_at() -> NaiveDateTime {
    at(2025, 1, 13, 10)
}
pub fn interviewed_on() -> NaiveDate {
    d(2025, 1, 13)
}
pub fn admitted_on() -> NaiveDate {
    d(2025, 1, 20)
}
/// Six months after admission.
pub fn window_ends_on() -> NaiveDate {
    d(2025, 7, 20)
}
pub fn onboarded_on() -> NaiveDate {
    d(2025, 1, 27)
}
pub fn self_check_started_on() -> NaiveDate {
    d(2025, 1, 28)
}
pub fn self_check_submitted_on() -> NaiveDate {
    d(2025, 2, 10)
}
pub fn workshop_at() -> NaiveDateTime {
    at(2025, 3, 3, 10)
}
pub fn workshop_held_on() -> NaiveDate {
    d(2025, 3, 3)
}
pub fn step_1_due() -> NaiveDate {
    d(2025, 4, 1)
}
pub fn step_2_due() -> NaiveDate {
    d(2025, 5, 15)
}
pub fn support_on() -> NaiveDate {
    d(2025, 3, 20)
}
pub fn dialogue_at() -> NaiveDateTime {
    at(2025, 4, 10, 18)
}
pub fn dialogue_held_on() -> NaiveDate {
    d(2025, 4, 10)
}
/// The default "today" of a scenario: after every date of the standard journey above,
/// except the due date of the second next step.
pub const TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2025, 4, 14) {
    Some(date) => date,
    None => panic!("invalid date"),
};

// ---------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------

pub fn short(text: &str) -> ShortText {
    ShortText::parse("test", text).unwrap()
}

pub fn long(text: &str) -> LongText {
    LongText::parse("test", text).unwrap()
}

pub fn eligible() -> Eligibility {
    Eligibility {
        decision_makers_support: true,
        contact_person_named: true,
        shares_learning: true,
    }
}

pub fn profile() -> Profile {
    Profile {
        name: MunicipalityName::parse("name", "Musterstadt").unwrap(),
        bundesland: Bundesland::NordrheinWestfalen,
        kind: MunicipalityKind::Stadt,
        population: Population::parse("population", 48_000).unwrap(),
    }
}

pub fn submitter() -> Submitter {
    Submitter {
        name: PersonName::parse("name", "Erika Muster").unwrap(),
        role: short("Integrationsbeauftragte"),
        email: EmailAddress::parse("email", "erika.muster@musterstadt.de").unwrap(),
        phone: Some(PhoneNumber::parse("phone", "0211 123456").unwrap()),
    }
}

pub fn contact_details() -> ContactDetails {
    ContactDetails {
        name: PersonName::parse("name", "Erika Muster").unwrap(),
        role: short("Integrationsbeauftragte"),
        email: EmailAddress::parse("email", "erika.muster@musterstadt.de").unwrap(),
        phone: None,
    }
}

pub fn new_contact_details() -> ContactDetails {
    ContactDetails {
        name: PersonName::parse("name", "Max Beispiel").unwrap(),
        role: short("Sozialdezernent"),
        email: EmailAddress::parse("email", "max.beispiel@musterstadt.de").unwrap(),
        phone: Some(PhoneNumber::parse("phone", "+49 211 654321").unwrap()),
    }
}

pub fn attendance() -> Attendance {
    Attendance::parse([25, 6, 3, 2, 9]).unwrap()
}

pub fn action_plan() -> Vec<PlannedStep> {
    vec![
        PlannedStep {
            id: STEP_1,
            what: short("Leitbild im Rat vorstellen"),
            who: short("Bürgermeisterin"),
            due: step_1_due(),
        },
        PlannedStep {
            id: STEP_2,
            what: short("Willkommensmappe überarbeiten"),
            who: short("Integrationsbüro"),
            due: step_2_due(),
        },
    ]
}

fn text(de: &str, en: &str) -> Text {
    Text {
        de: de.into(),
        en: en.into(),
    }
}

fn indicator(id: &str) -> Indicator {
    Indicator {
        id: id.into(),
        title: text(&format!("Indikator {id}"), &format!("Indicator {id}")),
        help: text("Hilfe", "Help"),
    }
}

/// A small framework built by hand: two fields of action with two indicators each;
/// participation weighs three times as much as governance.
pub fn framework() -> Framework {
    Framework {
        id: "test-framework".into(),
        version: 3,
        title: text("Testrahmen", "Test framework"),
        description: text("Nur für Tests", "For tests only"),
        fields: vec![
            Field {
                id: "governance".into(),
                title: text("Steuerung", "Governance"),
                description: text("Steuerung", "Governance"),
                weight: 1.0,
                indicators: vec![indicator("gov-1"), indicator("gov-2")],
            },
            Field {
                id: "participation".into(),
                title: text("Teilhabe", "Participation"),
                description: text("Teilhabe", "Participation"),
                weight: 3.0,
                indicators: vec![indicator("par-1"), indicator("par-2")],
            },
        ],
    }
}

pub fn level(level: u8) -> Answer {
    Answer {
        rating: lotse_domain::framework::Rating::Level(level),
        comment: None,
        evidence_url: None,
    }
}

pub fn not_applicable() -> Answer {
    Answer {
        rating: lotse_domain::framework::Rating::NotApplicable,
        comment: None,
        evidence_url: None,
    }
}

/// The answers of the standard journey's first self-check.
pub fn standard_answers() -> Vec<(&'static str, Answer)> {
    vec![
        ("gov-1", level(4)),
        ("gov-2", level(2)),
        ("par-1", not_applicable()),
        ("par-2", level(1)),
    ]
}

pub fn settings() -> ProgrammeSettings {
    ProgrammeSettings::weltoffene_kommune(short("Weltoffene Kommune 2025"))
}

// ---------------------------------------------------------------------------------------
// Events of the standard journey
// ---------------------------------------------------------------------------------------

use MunicipalityEvent as E;

pub fn interest_submitted() -> E {
    E::InterestSubmitted {
        programme: PROGRAMME,
        profile: profile(),
        submitter: Personal::new(SUBMITTER, submitter()),
        motivation: long("Wir wollen unsere Willkommenskultur stärken."),
        consent_to_contact: true,
        language: Language::De,
        submitted_on: submitted_on(),
    }
}

pub fn interview_scheduled() -> E {
    interview_scheduled_on(d(2025, 1, 8))
}

pub fn interview_scheduled_on(day: NaiveDate) -> E {
    E::InterviewScheduled {
        at: interview_at(),
        interviewer: TEAM_MEMBER,
        scheduled_on: day,
    }
}

pub fn interview_held(eligibility: Eligibility) -> E {
    E::InterviewHeld {
        held_on: interviewed_on(),
        eligibility,
        notes: None,
    }
}

pub fn admitted() -> E {
    E::Admitted {
        admitted_on: admitted_on(),
        window_ends_on: window_ends_on(),
    }
}

pub fn placed_on_waiting_list(on: NaiveDate) -> E {
    E::PlacedOnWaitingList { on }
}

pub fn put_on_hold_event(on: NaiveDate) -> E {
    E::PutOnHold {
        on,
        reason: hold_reason(),
    }
}

pub fn declined(on: NaiveDate) -> E {
    E::Declined {
        on,
        reason: decline_reason(),
    }
}

pub fn contact_assigned() -> E {
    E::ContactPersonAssigned {
        contact: Personal::new(CONTACT, contact_details()),
        language: Language::De,
        user: CONTACT_USER,
        replaces: None,
        on: onboarded_on(),
        new_account: false,
    }
}

pub fn facilitator_assigned() -> E {
    E::FacilitatorAssigned {
        facilitator: FACILITATOR,
        on: onboarded_on(),
    }
}

pub fn self_check_started(round: u8, on: NaiveDate) -> E {
    E::SelfCheckStarted {
        round,
        framework_id: "test-framework".into(),
        framework_version: 3,
        on,
    }
}

pub fn answer_saved(round: u8, indicator: &str, answer: Answer) -> E {
    E::SelfCheckAnswerSaved {
        round,
        indicator: indicator.into(),
        answer,
    }
}

/// The standard answers of a round, one event each.
pub fn standard_answers_saved(round: u8) -> Vec<E> {
    standard_answers()
        .into_iter()
        .map(|(id, answer)| answer_saved(round, id, answer))
        .collect()
}

/// The scores the framework gives the standard answers.
pub fn standard_scores() -> lotse_domain::framework::Scores {
    let answers: BTreeMap<String, Answer> = standard_answers()
        .into_iter()
        .map(|(id, answer)| (id.to_string(), answer))
        .collect();
    framework().score(&answers)
}

pub fn self_check_submitted(round: u8, on: NaiveDate) -> E {
    E::SelfCheckSubmitted {
        round,
        on,
        scores: standard_scores(),
    }
}

pub fn workshop_scheduled() -> E {
    E::WorkshopScheduled {
        at: workshop_at(),
        place: short("Rathaus, Ratssaal"),
        facilitator: FACILITATOR,
        invited: vec![short("Verwaltungsspitze"), short("Migrantenbeirat")],
    }
}

pub fn workshop_held() -> E {
    E::WorkshopHeld {
        held_on: workshop_held_on(),
        participants: 18,
        priorities: vec!["participation".into()],
        action_plan: action_plan(),
        notes: None,
    }
}

pub fn next_step_completed(step: ItemId, on: NaiveDate) -> E {
    E::NextStepCompleted { step, on }
}

pub fn support_planned() -> E {
    E::SupportPlanned {
        id: SUPPORT,
        format: SupportFormat::Coaching,
        audience: Audience::Mayor,
        on: support_on(),
        topic: short("Haltung zeigen"),
        time: None,
        place: None,
    }
}

pub fn support_held() -> E {
    E::SupportHeld {
        id: SUPPORT,
        held_on: support_on(),
        participants: 3,
        notes: None,
    }
}

pub fn dialogue_planned(id: ItemId, at: NaiveDateTime) -> E {
    E::DialogueEventPlanned {
        id,
        format: DialogueFormat::WorldCafe,
        at,
        place: short("Stadtteilzentrum Nord"),
        topic: short("Zusammenleben im Quartier"),
    }
}

pub fn dialogue_held(id: ItemId, held_on: NaiveDate) -> E {
    E::DialogueEventHeld {
        id,
        held_on,
        attendance: attendance(),
        outcomes: Some(long("Ein Nachbarschaftsfest ist geplant.")),
    }
}

pub fn completed(on: NaiveDate) -> E {
    E::ParticipationCompleted {
        on,
        learning: learning(),
    }
}

pub fn withdrew(on: NaiveDate) -> E {
    E::Withdrew {
        on,
        reason: withdraw_reason(),
    }
}

pub fn hold_reason() -> ShortText {
    short("Haushaltssperre bis zum Sommer")
}
pub fn decline_reason() -> ShortText {
    short("Keine Unterstützung durch die Verwaltungsspitze")
}
pub fn withdraw_reason() -> ShortText {
    short("Personalwechsel im Integrationsbüro")
}
pub fn learning() -> LongText {
    long("Dialog braucht feste Orte und einen langen Atem.")
}

// ---------------------------------------------------------------------------------------
// Points of the standard journey (each a whole history)
// ---------------------------------------------------------------------------------------

pub fn then_add(mut history: Vec<E>, more: impl IntoIterator<Item = E>) -> Vec<E> {
    history.extend(more);
    history
}

pub fn at_interest() -> Vec<E> {
    vec![interest_submitted()]
}
pub fn at_interview_scheduled() -> Vec<E> {
    then_add(at_interest(), [interview_scheduled()])
}
pub fn at_interviewed() -> Vec<E> {
    then_add(at_interview_scheduled(), [interview_held(eligible())])
}
pub fn at_waiting_list() -> Vec<E> {
    then_add(at_interviewed(), [placed_on_waiting_list(d(2025, 1, 20))])
}
pub fn at_on_hold() -> Vec<E> {
    then_add(at_interviewed(), [put_on_hold_event(d(2025, 1, 20))])
}
pub fn at_declined() -> Vec<E> {
    then_add(at_interviewed(), [declined(d(2025, 1, 20))])
}
pub fn at_admitted() -> Vec<E> {
    then_add(at_interviewed(), [admitted()])
}
pub fn at_onboarded() -> Vec<E> {
    then_add(at_admitted(), [contact_assigned(), facilitator_assigned()])
}
pub fn at_self_check_running() -> Vec<E> {
    then_add(
        at_onboarded(),
        [self_check_started(1, self_check_started_on())],
    )
}
pub fn at_self_check_answered() -> Vec<E> {
    then_add(at_self_check_running(), standard_answers_saved(1))
}
pub fn at_self_check_submitted() -> Vec<E> {
    then_add(
        at_self_check_answered(),
        [self_check_submitted(1, self_check_submitted_on())],
    )
}
pub fn at_workshop_scheduled() -> Vec<E> {
    then_add(at_self_check_submitted(), [workshop_scheduled()])
}
pub fn at_workshop_held() -> Vec<E> {
    then_add(at_workshop_scheduled(), [workshop_held()])
}
pub fn at_dialogue_planned() -> Vec<E> {
    then_add(
        at_workshop_held(),
        [dialogue_planned(DIALOGUE, dialogue_at())],
    )
}
pub fn at_ready_to_complete() -> Vec<E> {
    then_add(
        at_dialogue_planned(),
        [dialogue_held(DIALOGUE, dialogue_held_on())],
    )
}
pub fn at_completed() -> Vec<E> {
    then_add(at_ready_to_complete(), [completed(TODAY)])
}
pub fn at_withdrawn() -> Vec<E> {
    then_add(at_workshop_held(), [withdrew(d(2025, 3, 15))])
}

/// Folds a history into a state.
pub fn state(history: &[E]) -> Municipality {
    Municipality::fold(history).expect("a history starting with interest")
}

/// The stage a history leads to.
pub fn stage(history: &[E]) -> Stage {
    state(history).stage()
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

pub fn submit_interest(consent_to_contact: bool) -> Command {
    Command::SubmitInterest {
        programme: PROGRAMME,
        profile: profile(),
        submitter_id: SUBMITTER,
        submitter: submitter(),
        motivation: long("Wir wollen unsere Willkommenskultur stärken."),
        consent_to_contact,
        language: Language::De,
    }
}

pub fn schedule_interview() -> Command {
    Command::ScheduleInterview {
        at: interview_at(),
        interviewer: TEAM_MEMBER,
    }
}

pub fn record_interview(held_on: NaiveDate, eligibility: Eligibility) -> Command {
    Command::RecordInterview {
        held_on,
        eligibility,
        notes: None,
    }
}

pub fn cancel_interview() -> Command {
    Command::CancelInterview {
        reason: short("Die Bürgermeisterin ist verhindert."),
    }
}

pub fn cancel_workshop() -> Command {
    Command::CancelWorkshop {
        reason: short("Der Ratssaal ist belegt."),
    }
}

pub fn admit() -> Command {
    Command::Admit
}

pub fn put_on_hold() -> Command {
    Command::PutOnHold {
        reason: hold_reason(),
    }
}

pub fn decline() -> Command {
    Command::Decline {
        reason: decline_reason(),
    }
}

pub fn assign_contact() -> Command {
    Command::AssignContactPerson {
        person: CONTACT,
        user: CONTACT_USER,
        contact: contact_details(),
        language: Language::De,
        new_account: false,
    }
}

pub fn assign_new_contact() -> Command {
    Command::AssignContactPerson {
        person: NEW_CONTACT,
        user: NEW_CONTACT_USER,
        contact: new_contact_details(),
        language: Language::En,
        new_account: false,
    }
}

pub fn assign_facilitator(facilitator: UserId) -> Command {
    Command::AssignFacilitator { facilitator }
}

pub fn start_self_check() -> Command {
    Command::StartSelfCheck
}

pub fn save_answer(indicator: &str, answer: Answer) -> Command {
    Command::SaveSelfCheckAnswer {
        indicator: indicator.into(),
        answer,
    }
}

pub fn submit_self_check() -> Command {
    Command::SubmitSelfCheck
}

pub fn schedule_workshop(at: NaiveDateTime, facilitator: Option<UserId>) -> Command {
    Command::ScheduleWorkshop {
        at,
        place: short("Rathaus, Ratssaal"),
        facilitator,
        invited: vec![short("Verwaltungsspitze"), short("Migrantenbeirat")],
    }
}

pub fn record_workshop(held_on: NaiveDate) -> Command {
    Command::RecordWorkshop {
        held_on,
        participants: 18,
        priorities: vec!["participation".into()],
        action_plan: action_plan(),
        notes: None,
    }
}

pub fn complete_step(step: ItemId) -> Command {
    Command::CompleteNextStep { step }
}

pub fn edit_step(step: ItemId, due: NaiveDate) -> Command {
    Command::EditNextStep {
        step,
        what: short("Willkommensmappe in fünf Sprachen"),
        who: short("Integrationsbüro"),
        due,
    }
}

pub fn assign_step(step: ItemId, to: StepOwner) -> Command {
    Command::AssignNextStep { step, to }
}

pub fn drop_step(step: ItemId) -> Command {
    Command::DropNextStep {
        step,
        reason: short("Kein Budget im Haushalt"),
    }
}

pub fn move_support(id: ItemId, on: NaiveDate) -> Command {
    Command::MoveSupport {
        id,
        on,
        time: None,
        place: None,
    }
}

pub fn cancel_support(id: ItemId) -> Command {
    Command::CancelSupport {
        id,
        reason: short("Terminkonflikt im Rat"),
    }
}

pub fn plan_support(id: ItemId, on: NaiveDate) -> Command {
    Command::PlanSupport {
        id,
        format: SupportFormat::Coaching,
        audience: Audience::Mayor,
        on,
        topic: short("Haltung zeigen"),
        time: None,
        place: None,
    }
}

pub fn record_support(id: ItemId, held_on: NaiveDate) -> Command {
    Command::RecordSupport {
        id,
        held_on,
        participants: 3,
        notes: None,
    }
}

pub fn plan_dialogue(id: ItemId, at: NaiveDateTime) -> Command {
    Command::PlanDialogueEvent {
        id,
        format: DialogueFormat::WorldCafe,
        at,
        place: short("Stadtteilzentrum Nord"),
        topic: short("Zusammenleben im Quartier"),
    }
}

pub fn record_dialogue(id: ItemId, held_on: NaiveDate) -> Command {
    Command::RecordDialogueEvent {
        id,
        held_on,
        attendance: attendance(),
        outcomes: Some(long("Ein Nachbarschaftsfest ist geplant.")),
    }
}

pub fn move_dialogue(id: ItemId, at: NaiveDateTime) -> Command {
    Command::MoveDialogueEvent {
        id,
        at,
        place: Some(short("Bürgerhaus Süd")),
    }
}

pub fn cancel_dialogue(id: ItemId) -> Command {
    Command::CancelDialogueEvent {
        id,
        reason: short("Die Referentin ist erkrankt."),
    }
}

pub fn complete() -> Command {
    Command::Complete {
        learning: learning(),
    }
}

/// The profile with the name's typo fixed and this year's population.
pub fn corrected_profile() -> Profile {
    Profile {
        name: MunicipalityName::parse("name", "Musterstadt am See").unwrap(),
        population: Population::parse("population", 48_750).unwrap(),
        ..profile()
    }
}

pub fn correct_profile() -> Command {
    Command::CorrectProfile {
        profile: corrected_profile(),
        reason: Some(short("Name laut Hauptsatzung")),
    }
}

/// The submitter with the address's typo fixed and a new phone number.
pub fn corrected_submitter() -> Submitter {
    Submitter {
        email: EmailAddress::parse("email", "erika.muster@musterstadt.de").unwrap(),
        phone: Some(PhoneNumber::parse("phone", "0211 654321").unwrap()),
        ..submitter()
    }
}

pub fn correct_submitter() -> Command {
    Command::CorrectSubmitter {
        submitter: corrected_submitter(),
        reason: Some(short("Rufnummer hat sich geändert")),
    }
}

/// The contact person's details with a new address and role.
pub fn corrected_contact() -> ContactDetails {
    ContactDetails {
        role: short("Leiterin des Integrationsbüros"),
        email: EmailAddress::parse("email", "e.muster@musterstadt.de").unwrap(),
        ..contact_details()
    }
}

pub fn correct_contact() -> Command {
    Command::CorrectContactDetails {
        contact: corrected_contact(),
        reason: None,
    }
}

pub fn correct_interview() -> Command {
    Command::CorrectInterview {
        eligibility: Eligibility {
            shares_learning: false,
            ..eligible()
        },
        notes: Some(long("Die Verwaltungsspitze trägt die Teilnahme mit.")),
        reason: Some(short("Kriterium falsch angekreuzt")),
    }
}

pub fn correct_workshop() -> Command {
    Command::CorrectWorkshop {
        participants: 21,
        priorities: vec!["participation".into(), "gov".into()],
        notes: None,
        reason: Some(short("Nachzügler auf der Liste")),
    }
}

pub fn correct_support(id: ItemId) -> Command {
    Command::CorrectSupport {
        id,
        participants: 5,
        notes: None,
        reason: None,
    }
}

pub fn correct_dialogue(id: ItemId) -> Command {
    Command::CorrectDialogueEvent {
        id,
        attendance: Attendance::parse([31, 6, 3, 2, 9]).unwrap(),
        outcomes: None,
        reason: Some(short("Zählliste nachgereicht")),
    }
}

/// The municipality whose interest form came first, of which ours is the same one again.
pub const FIRST_FORM: MunicipalityId = MunicipalityId(uuid::Uuid::from_u128(0xf1));
/// A form sent again, merged into the one at hand.
pub const SECOND_FORM: MunicipalityId = MunicipalityId(uuid::Uuid::from_u128(0xf2));
/// Who sent the form sent again.
pub const SECOND_SUBMITTER: PersonId = PersonId(Uuid::from_u128(13));

pub fn close_as_duplicate() -> Command {
    Command::CloseAsDuplicate {
        of: FIRST_FORM,
        merge: false,
    }
}

/// What the application runs on the kept form when the second one is merged into it.
pub fn take_over_form() -> Command {
    Command::TakeOverForm {
        from: SECOND_FORM,
        submitter: Personal::new(SECOND_SUBMITTER, submitter()),
        motivation: long("Wir möchten ebenfalls teilnehmen."),
        submitted_on: TODAY,
    }
}

pub fn withdraw() -> Command {
    Command::Withdraw {
        reason: withdraw_reason(),
    }
}

/// The name of a command's variant. The match is exhaustive, so a new command cannot be
/// added without being listed here (and, through [`every_command_but_interest`], in the
/// tests that try every command).
pub fn command_name(command: &Command) -> &'static str {
    match command {
        Command::SubmitInterest { .. } => "SubmitInterest",
        Command::ScheduleInterview { .. } => "ScheduleInterview",
        Command::RecordInterview { .. } => "RecordInterview",
        Command::CancelInterview { .. } => "CancelInterview",
        Command::Admit => "Admit",
        Command::PutOnHold { .. } => "PutOnHold",
        Command::Decline { .. } => "Decline",
        Command::CloseAsDuplicate { .. } => "CloseAsDuplicate",
        Command::TakeOverForm { .. } => "TakeOverForm",
        Command::AssignContactPerson { .. } => "AssignContactPerson",
        Command::AssignFacilitator { .. } => "AssignFacilitator",
        Command::StartSelfCheck => "StartSelfCheck",
        Command::SaveSelfCheckAnswer { .. } => "SaveSelfCheckAnswer",
        Command::SubmitSelfCheck => "SubmitSelfCheck",
        Command::ScheduleWorkshop { .. } => "ScheduleWorkshop",
        Command::RecordWorkshop { .. } => "RecordWorkshop",
        Command::CancelWorkshop { .. } => "CancelWorkshop",
        Command::CompleteNextStep { .. } => "CompleteNextStep",
        Command::EditNextStep { .. } => "EditNextStep",
        Command::AssignNextStep { .. } => "AssignNextStep",
        Command::DropNextStep { .. } => "DropNextStep",
        Command::MoveSupport { .. } => "MoveSupport",
        Command::CancelSupport { .. } => "CancelSupport",
        Command::PlanSupport { .. } => "PlanSupport",
        Command::RecordSupport { .. } => "RecordSupport",
        Command::PlanDialogueEvent { .. } => "PlanDialogueEvent",
        Command::RecordDialogueEvent { .. } => "RecordDialogueEvent",
        Command::MoveDialogueEvent { .. } => "MoveDialogueEvent",
        Command::CancelDialogueEvent { .. } => "CancelDialogueEvent",
        Command::Complete { .. } => "Complete",
        Command::CorrectProfile { .. } => "CorrectProfile",
        Command::CorrectSubmitter { .. } => "CorrectSubmitter",
        Command::CorrectContactDetails { .. } => "CorrectContactDetails",
        Command::CorrectInterview { .. } => "CorrectInterview",
        Command::CorrectWorkshop { .. } => "CorrectWorkshop",
        Command::CorrectSupport { .. } => "CorrectSupport",
        Command::CorrectDialogueEvent { .. } => "CorrectDialogueEvent",
        Command::Withdraw { .. } => "Withdraw",
        Command::RecordReminderSent { .. } => "RecordReminderSent",
        Command::RecordMailSent { .. } => "RecordMailSent",
    }
}

/// How many kinds of command there are, interest included.
pub const COMMAND_KINDS: usize = 38;

/// One command of every kind except interest, with plausible arguments.
pub fn every_command_but_interest() -> Vec<Command> {
    vec![
        schedule_interview(),
        record_interview(interviewed_on(), eligible()),
        cancel_interview(),
        admit(),
        put_on_hold(),
        decline(),
        close_as_duplicate(),
        take_over_form(),
        assign_contact(),
        assign_facilitator(FACILITATOR),
        start_self_check(),
        save_answer("gov-1", level(3)),
        submit_self_check(),
        schedule_workshop(workshop_at(), Some(FACILITATOR)),
        record_workshop(workshop_held_on()),
        cancel_workshop(),
        complete_step(STEP_1),
        edit_step(STEP_1, step_1_due()),
        assign_step(STEP_1, StepOwner::Facilitator),
        drop_step(STEP_1),
        plan_support(SUPPORT, support_on()),
        move_support(SUPPORT, support_on()),
        cancel_support(SUPPORT),
        record_support(SUPPORT, support_on()),
        plan_dialogue(SECOND_DIALOGUE, dialogue_at()),
        record_dialogue(DIALOGUE, dialogue_held_on()),
        move_dialogue(DIALOGUE, dialogue_at()),
        cancel_dialogue(DIALOGUE),
        complete(),
        correct_profile(),
        correct_submitter(),
        correct_contact(),
        correct_interview(),
        correct_workshop(),
        correct_support(SUPPORT),
        correct_dialogue(DIALOGUE),
        withdraw(),
    ]
}

// ---------------------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------------------

/// A programme as the application would look it up: created with `settings` (unless
/// `None`), `others` seats held by other municipalities, plus the seat this municipality's
/// own history took or released.
pub fn programme(settings: Option<&ProgrammeSettings>, others: u32, history: &[E]) -> Programme {
    let mut programme = Programme::default();
    if let Some(settings) = settings {
        programme.apply(&ProgrammeEvent::ProgrammeCreated {
            tenant: TENANT,
            settings: settings.clone(),
        });
    }
    for i in 0..others {
        programme.apply(&ProgrammeEvent::SeatTaken {
            municipality: MunicipalityId(Uuid::from_u128(1000 + u128::from(i))),
        });
    }
    let mut state = None;
    for event in history {
        for change in seat_changes(MUNICIPALITY, state.as_ref(), std::slice::from_ref(event)) {
            programme.apply(&change);
        }
        evolve(&mut state, event);
    }
    programme
}

/// Given these events…
pub fn given(history: impl IntoIterator<Item = E>) -> Scenario {
    Scenario {
        history: history.into_iter().collect(),
        today: TODAY,
        settings: Some(settings()),
        others: 0,
        framework: framework(),
    }
}

/// Given an empty stream…
pub fn given_nothing() -> Scenario {
    given([])
}

/// A history and what the decision may look at.
pub struct Scenario {
    history: Vec<E>,
    today: NaiveDate,
    settings: Option<ProgrammeSettings>,
    others: u32,
    framework: Framework,
}

impl Scenario {
    /// …on this day…
    pub fn today(mut self, today: NaiveDate) -> Self {
        self.today = today;
        self
    }

    /// …with these programme settings…
    pub fn settings(mut self, change: impl FnOnce(&mut ProgrammeSettings)) -> Self {
        change(self.settings.as_mut().expect("a known programme"));
        self
    }

    /// …with this many seats taken by other municipalities…
    pub fn seats_taken_by_others(mut self, seats: u32) -> Self {
        self.others = seats;
        self
    }

    /// …in a programme that does not exist…
    pub fn unknown_programme(mut self) -> Self {
        self.settings = None;
        self
    }

    /// …when this command is decided…
    pub fn when(self, command: Command) -> Outcome {
        let programme = programme(self.settings.as_ref(), self.others, &self.history);
        let before = Municipality::fold(&self.history);
        let ctx = Context {
            today: self.today,
            programme: &programme,
            framework: &self.framework,
        };
        let result = decide(before.as_ref(), command, &ctx);
        Outcome {
            history: self.history,
            result,
        }
    }
}

/// The result of a decision, to be checked.
#[derive(Debug)]
pub struct Outcome {
    history: Vec<E>,
    result: Result<Vec<E>, DomainError>,
}

impl Outcome {
    /// …then exactly these events.
    #[track_caller]
    pub fn then(self, expected: impl IntoIterator<Item = E>) -> Then {
        let expected: Vec<E> = expected.into_iter().collect();
        assert_eq!(self.result, Ok(expected), "unexpected outcome");
        let mut history = self.history;
        history.extend(self.result.unwrap());
        Then {
            state: state(&history),
        }
    }

    /// …then nothing happens (and nothing is refused).
    #[track_caller]
    pub fn then_nothing_happens(self) {
        assert_eq!(self.result, Ok(Vec::new()), "expected no events");
    }

    /// …then this refusal.
    #[track_caller]
    pub fn then_refused(self, error: DomainError) {
        assert_eq!(self.result, Err(error), "unexpected outcome");
    }

    /// The raw result.
    pub fn result(&self) -> &Result<Vec<E>, DomainError> {
        &self.result
    }
}

/// The state after the new events.
pub struct Then {
    pub state: Municipality,
}

impl Then {
    /// …and the municipality now stands in this stage.
    #[track_caller]
    pub fn and_stage_is(self, stage: Stage) -> Self {
        assert_eq!(self.state.stage(), stage, "unexpected stage");
        self
    }
}

/// Runs commands one after another through `decide`, like the application would: the
/// programme's seat ledger follows `seat_changes`.
pub struct Journey {
    pub history: Vec<E>,
    pub programme: Programme,
    pub framework: Framework,
}

impl Default for Journey {
    fn default() -> Self {
        Self {
            history: Vec::new(),
            programme: programme(Some(&settings()), 0, &[]),
            framework: framework(),
        }
    }
}

impl Journey {
    /// Decides `command` on `today`, appends its events and returns the new stage.
    #[track_caller]
    pub fn run(&mut self, today: NaiveDate, command: Command) -> Stage {
        let before = Municipality::fold(&self.history);
        let ctx = Context {
            today,
            programme: &self.programme,
            framework: &self.framework,
        };
        let name = command_name(&command);
        let events = decide(before.as_ref(), command, &ctx)
            .unwrap_or_else(|e| panic!("{name} on {today} was refused: {e:?}"));
        for change in seat_changes(MUNICIPALITY, before.as_ref(), &events) {
            self.programme.apply(&change);
        }
        self.history.extend(events);
        stage(&self.history)
    }
}
