//! One municipality's journey: its events, its state (a fold of them) and the decisions that
//! turn a command into new events or a refusal.

use crate::DomainEvent;
use crate::error::{DomainError, ValidationError};
use crate::framework::{Answer, Framework, Scores};
use crate::ids::{ItemId, MunicipalityId, PersonId, ProgrammeId, UserId};
use crate::personal::Personal;
use crate::programme::{Programme, ProgrammeEvent, ProgrammeSettings};
use crate::values::{
    Attendance, Audience, Bundesland, DialogueFormat, Eligibility, EmailAddress, Language,
    LongText, MunicipalityKind, MunicipalityName, PersonName, PhoneNumber, Population, ShortText,
    Stage, SupportFormat,
};
use chrono::{Months, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The municipality as described in the interest form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: MunicipalityName,
    pub bundesland: Bundesland,
    pub kind: MunicipalityKind,
    pub population: Population,
}

/// The person who submitted the interest form (personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitter {
    pub name: PersonName,
    pub role: ShortText,
    pub email: EmailAddress,
    pub phone: Option<PhoneNumber>,
}

/// A municipality's contact person (personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetails {
    pub name: PersonName,
    pub role: ShortText,
    pub email: EmailAddress,
    pub phone: Option<PhoneNumber>,
}

/// The same details, as the submitter's (both hold a name, role, address and phone).
impl From<ContactDetails> for Submitter {
    fn from(d: ContactDetails) -> Self {
        Submitter {
            name: d.name,
            role: d.role,
            email: d.email,
            phone: d.phone,
        }
    }
}

impl From<Submitter> for ContactDetails {
    fn from(s: Submitter) -> Self {
        ContactDetails {
            name: s.name,
            role: s.role,
            email: s.email,
            phone: s.phone,
        }
    }
}

/// A next step of the workshop's action plan, as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedStep {
    pub id: ItemId,
    pub what: ShortText,
    pub who: ShortText,
    pub due: NaiveDate,
}

/// What happened to a municipality. Facts, in the past tense.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum MunicipalityEvent {
    InterestSubmitted {
        programme: ProgrammeId,
        profile: Profile,
        submitter: Personal<Submitter>,
        motivation: LongText,
        consent_to_contact: bool,
        language: Language,
        submitted_on: NaiveDate,
    },
    InterviewScheduled {
        at: NaiveDateTime,
        interviewer: UserId,
        scheduled_on: NaiveDate,
    },
    InterviewHeld {
        held_on: NaiveDate,
        eligibility: Eligibility,
        notes: Option<LongText>,
    },
    /// The scheduled interview will not take place; a new date may be set.
    InterviewCancelled {
        on: NaiveDate,
        reason: ShortText,
    },
    Admitted {
        admitted_on: NaiveDate,
        window_ends_on: NaiveDate,
    },
    PlacedOnWaitingList {
        on: NaiveDate,
    },
    PutOnHold {
        on: NaiveDate,
        reason: ShortText,
    },
    Declined {
        on: NaiveDate,
        reason: ShortText,
    },
    /// The interest form was the same one sent again: closed, the other one counts.
    ClosedAsDuplicate {
        on: NaiveDate,
        of: MunicipalityId,
        /// The kept form took over this one's submitter and motivation (`FormMerged`, in
        /// the same append).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        merged: bool,
    },
    /// Another form of the same municipality was merged into this one: its submitter
    /// (sealed under the same person as there), motivation and day are kept here.
    FormMerged {
        from: MunicipalityId,
        submitter: Personal<Submitter>,
        motivation: LongText,
        submitted_on: NaiveDate,
        on: NaiveDate,
    },
    ContactPersonAssigned {
        contact: Personal<ContactDetails>,
        language: Language,
        user: UserId,
        replaces: Option<PersonId>,
        on: NaiveDate,
        /// The person's account was opened with this assignment (in the same append):
        /// they are welcomed with a sign-in link. Missing in events recorded before this
        /// field existed (no welcome is derived for those).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        new_account: bool,
    },
    FacilitatorAssigned {
        facilitator: UserId,
        on: NaiveDate,
    },
    SelfCheckStarted {
        round: u8,
        framework_id: String,
        framework_version: u32,
        on: NaiveDate,
    },
    SelfCheckAnswerSaved {
        round: u8,
        indicator: String,
        answer: Answer,
    },
    SelfCheckSubmitted {
        round: u8,
        on: NaiveDate,
        scores: Scores,
    },
    WorkshopScheduled {
        at: NaiveDateTime,
        place: ShortText,
        facilitator: UserId,
        invited: Vec<ShortText>,
    },
    /// The scheduled workshop will not take place; a new date may be set.
    WorkshopCancelled {
        on: NaiveDate,
        reason: ShortText,
    },
    WorkshopHeld {
        held_on: NaiveDate,
        participants: u32,
        priorities: Vec<String>,
        action_plan: Vec<PlannedStep>,
        notes: Option<LongText>,
    },
    NextStepCompleted {
        step: ItemId,
        on: NaiveDate,
    },
    /// A next step of the action plan was reworded, given to someone else or moved.
    NextStepEdited {
        step: ItemId,
        what: ShortText,
        who: ShortText,
        due: NaiveDate,
    },
    /// A next step was given to someone: they get its task and reminders.
    NextStepAssigned {
        step: ItemId,
        to: StepOwner,
    },
    /// A next step of the action plan was dropped: nobody is asked to do it any more.
    NextStepDropped {
        step: ItemId,
        on: NaiveDate,
        reason: ShortText,
    },
    SupportPlanned {
        id: ItemId,
        format: SupportFormat,
        audience: Audience,
        on: NaiveDate,
        topic: ShortText,
        /// The time it starts: with one, the contact person gets an invitation with a
        /// calendar entry (formats planned before times were kept have none).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time: Option<NaiveTime>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<ShortText>,
    },
    SupportHeld {
        id: ItemId,
        held_on: NaiveDate,
        participants: u32,
        notes: Option<LongText>,
    },
    /// A planned format for decision-makers will not take place.
    SupportCancelled {
        id: ItemId,
        on: NaiveDate,
        reason: ShortText,
    },
    DialogueEventPlanned {
        id: ItemId,
        format: DialogueFormat,
        at: NaiveDateTime,
        place: ShortText,
        topic: ShortText,
    },
    DialogueEventHeld {
        id: ItemId,
        held_on: NaiveDate,
        attendance: Attendance,
        outcomes: Option<LongText>,
    },
    /// A planned dialogue event will not take place.
    DialogueEventCancelled {
        id: ItemId,
        on: NaiveDate,
        reason: ShortText,
    },
    ParticipationCompleted {
        on: NaiveDate,
        learning: LongText,
    },
    /// What was recorded of the held interview, as corrected.
    InterviewCorrected {
        eligibility: Eligibility,
        notes: Option<LongText>,
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<ShortText>,
    },
    /// What was recorded of the held workshop, as corrected (the action plan changes by
    /// its own steps).
    WorkshopCorrected {
        participants: u32,
        priorities: Vec<String>,
        notes: Option<LongText>,
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<ShortText>,
    },
    /// What was recorded of a held format for decision-makers, as corrected.
    SupportCorrected {
        id: ItemId,
        participants: u32,
        notes: Option<LongText>,
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<ShortText>,
    },
    /// What was recorded of a held dialogue event, as corrected.
    DialogueEventCorrected {
        id: ItemId,
        attendance: Attendance,
        outcomes: Option<LongText>,
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<ShortText>,
    },
    /// The team corrected what is known of the municipality (name, Land, kind, population):
    /// the whole profile as it now stands, with the reason if one was given.
    ProfileCorrected {
        profile: Profile,
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<ShortText>,
    },
    /// The team corrected the details of the person who sent the interest form: the whole
    /// details as they now stand, sealed under the same person as the form's.
    SubmitterCorrected {
        submitter: Personal<Submitter>,
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<ShortText>,
    },
    /// The team corrected the current contact person's details: the whole details as they
    /// now stand, sealed under the same person as the assignment's. Their account's name and
    /// address are corrected in the same append.
    ContactDetailsCorrected {
        contact: Personal<ContactDetails>,
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<ShortText>,
    },
    Withdrew {
        on: NaiveDate,
        reason: ShortText,
    },
    /// A task reminder went out (the record that keeps it from going out twice). Holds no
    /// address: the recipients follow from the task's assignee.
    ReminderSent {
        task: String,
        step: String,
        due: NaiveDate,
        message_id: String,
    },
    /// A journey mail went out (invitation, decision, closing window, completion…), recorded
    /// under its key so that it never goes out twice. Holds no address.
    MailSent {
        key: String,
        kind: String,
        message_id: String,
        on: NaiveDate,
    },
}

impl MunicipalityEvent {
    /// The calendar day the fact happened on, as the programme sees it (not when it was
    /// recorded). Answers saved during a self-check carry none.
    pub fn effective_date(&self) -> Option<NaiveDate> {
        use MunicipalityEvent::*;
        match self {
            InterestSubmitted { submitted_on, .. } => Some(*submitted_on),
            InterviewScheduled { scheduled_on, .. } => Some(*scheduled_on),
            InterviewHeld { held_on, .. }
            | WorkshopHeld { held_on, .. }
            | SupportHeld { held_on, .. }
            | DialogueEventHeld { held_on, .. } => Some(*held_on),
            Admitted { admitted_on, .. } => Some(*admitted_on),
            PlacedOnWaitingList { on }
            | PutOnHold { on, .. }
            | Declined { on, .. }
            | ClosedAsDuplicate { on, .. }
            | FormMerged { on, .. }
            | ContactPersonAssigned { on, .. }
            | FacilitatorAssigned { on, .. }
            | SelfCheckStarted { on, .. }
            | SelfCheckSubmitted { on, .. }
            | NextStepCompleted { on, .. }
            | NextStepDropped { on, .. }
            | SupportCancelled { on, .. }
            | ParticipationCompleted { on, .. }
            | DialogueEventCancelled { on, .. }
            | InterviewCancelled { on, .. }
            | WorkshopCancelled { on, .. }
            | ProfileCorrected { on, .. }
            | SubmitterCorrected { on, .. }
            | ContactDetailsCorrected { on, .. }
            | InterviewCorrected { on, .. }
            | WorkshopCorrected { on, .. }
            | SupportCorrected { on, .. }
            | DialogueEventCorrected { on, .. }
            | Withdrew { on, .. } => Some(*on),
            SelfCheckAnswerSaved { .. }
            | WorkshopScheduled { .. }
            | SupportPlanned { .. }
            | NextStepEdited { .. }
            | NextStepAssigned { .. }
            | DialogueEventPlanned { .. }
            | ReminderSent { .. }
            | MailSent { .. } => None,
        }
    }
}

impl DomainEvent for MunicipalityEvent {
    fn event_type(&self) -> &'static str {
        use MunicipalityEvent::*;
        match self {
            InterestSubmitted { .. } => "InterestSubmitted",
            InterviewScheduled { .. } => "InterviewScheduled",
            InterviewHeld { .. } => "InterviewHeld",
            InterviewCancelled { .. } => "InterviewCancelled",
            Admitted { .. } => "Admitted",
            PlacedOnWaitingList { .. } => "PlacedOnWaitingList",
            PutOnHold { .. } => "PutOnHold",
            Declined { .. } => "Declined",
            ClosedAsDuplicate { .. } => "ClosedAsDuplicate",
            FormMerged { .. } => "FormMerged",
            ContactPersonAssigned { .. } => "ContactPersonAssigned",
            FacilitatorAssigned { .. } => "FacilitatorAssigned",
            SelfCheckStarted { .. } => "SelfCheckStarted",
            SelfCheckAnswerSaved { .. } => "SelfCheckAnswerSaved",
            SelfCheckSubmitted { .. } => "SelfCheckSubmitted",
            WorkshopScheduled { .. } => "WorkshopScheduled",
            WorkshopHeld { .. } => "WorkshopHeld",
            WorkshopCancelled { .. } => "WorkshopCancelled",
            NextStepCompleted { .. } => "NextStepCompleted",
            NextStepEdited { .. } => "NextStepEdited",
            NextStepAssigned { .. } => "NextStepAssigned",
            NextStepDropped { .. } => "NextStepDropped",
            SupportCancelled { .. } => "SupportCancelled",
            SupportPlanned { .. } => "SupportPlanned",
            SupportHeld { .. } => "SupportHeld",
            DialogueEventPlanned { .. } => "DialogueEventPlanned",
            DialogueEventHeld { .. } => "DialogueEventHeld",
            DialogueEventCancelled { .. } => "DialogueEventCancelled",
            ParticipationCompleted { .. } => "ParticipationCompleted",
            ProfileCorrected { .. } => "ProfileCorrected",
            SubmitterCorrected { .. } => "SubmitterCorrected",
            ContactDetailsCorrected { .. } => "ContactDetailsCorrected",
            InterviewCorrected { .. } => "InterviewCorrected",
            WorkshopCorrected { .. } => "WorkshopCorrected",
            SupportCorrected { .. } => "SupportCorrected",
            DialogueEventCorrected { .. } => "DialogueEventCorrected",
            Withdrew { .. } => "Withdrew",
            ReminderSent { .. } => "ReminderSent",
            MailSent { .. } => "MailSent",
        }
    }
}

/// A command: what a user asks to happen. Inputs are already validated values.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    SubmitInterest {
        programme: ProgrammeId,
        profile: Profile,
        submitter_id: PersonId,
        submitter: Submitter,
        motivation: LongText,
        consent_to_contact: bool,
        language: Language,
    },
    ScheduleInterview {
        at: NaiveDateTime,
        interviewer: UserId,
    },
    RecordInterview {
        held_on: NaiveDate,
        eligibility: Eligibility,
        notes: Option<LongText>,
    },
    /// Cancels the scheduled interview; the invitees get a cancellation.
    CancelInterview {
        reason: ShortText,
    },
    Admit,
    PutOnHold {
        reason: ShortText,
    },
    Decline {
        reason: ShortText,
    },
    /// Closes the interest form as the same one sent again as `of`'s (another municipality
    /// of the programme, looked up beforehand).
    CloseAsDuplicate {
        of: MunicipalityId,
        /// The kept form takes over this one's submitter and motivation
        /// ([`Command::TakeOverForm`] there, in the same append).
        merge: bool,
    },
    /// Keeps what a form closed as this one's duplicate held (run by the application with
    /// the closing, never by a user).
    TakeOverForm {
        from: MunicipalityId,
        submitter: Personal<Submitter>,
        motivation: LongText,
        submitted_on: NaiveDate,
    },
    AssignContactPerson {
        person: PersonId,
        user: UserId,
        contact: ContactDetails,
        language: Language,
        /// The account `user` is opened together with the assignment.
        new_account: bool,
    },
    AssignFacilitator {
        facilitator: UserId,
    },
    StartSelfCheck,
    SaveSelfCheckAnswer {
        indicator: String,
        answer: Answer,
    },
    SubmitSelfCheck,
    ScheduleWorkshop {
        at: NaiveDateTime,
        place: ShortText,
        facilitator: Option<UserId>,
        invited: Vec<ShortText>,
    },
    RecordWorkshop {
        held_on: NaiveDate,
        participants: u32,
        priorities: Vec<String>,
        action_plan: Vec<PlannedStep>,
        notes: Option<LongText>,
    },
    /// Cancels the scheduled workshop; the invitees get a cancellation.
    CancelWorkshop {
        reason: ShortText,
    },
    CompleteNextStep {
        step: ItemId,
    },
    /// Rewords a next step, gives it to someone else or moves its due date.
    EditNextStep {
        step: ItemId,
        what: ShortText,
        who: ShortText,
        due: NaiveDate,
    },
    /// Gives a next step to someone, who then gets its task and reminders.
    AssignNextStep {
        step: ItemId,
        to: StepOwner,
    },
    /// Drops a next step from the action plan, with the reason.
    DropNextStep {
        step: ItemId,
        reason: ShortText,
    },
    PlanSupport {
        id: ItemId,
        format: SupportFormat,
        audience: Audience,
        on: NaiveDate,
        topic: ShortText,
        /// With a time the contact person is invited with a calendar entry.
        time: Option<NaiveTime>,
        place: Option<ShortText>,
    },
    RecordSupport {
        id: ItemId,
        held_on: NaiveDate,
        participants: u32,
        notes: Option<LongText>,
    },
    /// Moves a planned format for decision-makers to another day.
    MoveSupport {
        id: ItemId,
        on: NaiveDate,
        time: Option<NaiveTime>,
        place: Option<ShortText>,
    },
    /// Cancels a planned format for decision-makers, with the reason.
    CancelSupport {
        id: ItemId,
        reason: ShortText,
    },
    PlanDialogueEvent {
        id: ItemId,
        format: DialogueFormat,
        at: NaiveDateTime,
        place: ShortText,
        topic: ShortText,
    },
    RecordDialogueEvent {
        id: ItemId,
        held_on: NaiveDate,
        attendance: Attendance,
        outcomes: Option<LongText>,
    },
    /// Moves a planned dialogue event to another time (and place); its invitees get an
    /// updated calendar entry.
    MoveDialogueEvent {
        id: ItemId,
        at: NaiveDateTime,
        place: Option<ShortText>,
    },
    /// Cancels a planned dialogue event; its invitees get a cancellation.
    CancelDialogueEvent {
        id: ItemId,
        reason: ShortText,
    },
    Complete {
        learning: LongText,
    },
    /// Corrects what was recorded of the held interview; nothing happens when unchanged.
    CorrectInterview {
        eligibility: Eligibility,
        notes: Option<LongText>,
        reason: Option<ShortText>,
    },
    /// Corrects what was recorded of the held workshop; nothing happens when unchanged.
    CorrectWorkshop {
        participants: u32,
        priorities: Vec<String>,
        notes: Option<LongText>,
        reason: Option<ShortText>,
    },
    /// Corrects what was recorded of a held format; nothing happens when unchanged.
    CorrectSupport {
        id: ItemId,
        participants: u32,
        notes: Option<LongText>,
        reason: Option<ShortText>,
    },
    /// Corrects what was recorded of a held dialogue event; nothing happens when unchanged.
    CorrectDialogueEvent {
        id: ItemId,
        attendance: Attendance,
        outcomes: Option<LongText>,
        reason: Option<ShortText>,
    },
    /// Corrects the municipality's profile; nothing happens when it is unchanged.
    CorrectProfile {
        profile: Profile,
        reason: Option<ShortText>,
    },
    /// Corrects the details of the person who sent the interest form; nothing happens when
    /// they are unchanged.
    CorrectSubmitter {
        submitter: Submitter,
        reason: Option<ShortText>,
    },
    /// Corrects the current contact person's details; nothing happens when unchanged.
    CorrectContactDetails {
        contact: ContactDetails,
        reason: Option<ShortText>,
    },
    Withdraw {
        reason: ShortText,
    },
    /// Records that a task reminder was sent; nothing if it was recorded already.
    RecordReminderSent {
        task: String,
        step: String,
        due: NaiveDate,
        message_id: String,
    },
    /// Records that a journey mail was sent; nothing if its key was recorded already.
    RecordMailSent {
        key: String,
        kind: String,
        message_id: String,
    },
}

/// What a decision may look at besides the municipality itself, looked up beforehand.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Today's date in the programme's time zone (Europe/Berlin).
    pub today: NaiveDate,
    /// The programme the municipality belongs to (settings and seat ledger).
    pub programme: &'a Programme,
    /// The programme's self-check framework.
    pub framework: &'a Framework,
}

impl Context<'_> {
    fn settings(&self) -> Result<&ProgrammeSettings, DomainError> {
        self.programme
            .settings
            .as_ref()
            .ok_or(DomainError::UnknownProgramme)
    }
}

/// The initial interview.
#[derive(Debug, Clone, PartialEq)]
pub struct Interview {
    pub at: NaiveDateTime,
    pub interviewer: UserId,
    pub held_on: Option<NaiveDate>,
    pub eligibility: Option<Eligibility>,
    pub notes: Option<LongText>,
    /// When and why it was cancelled.
    pub cancelled: Option<(NaiveDate, ShortText)>,
}

/// A contact person as assigned on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactAssignment {
    pub contact: Personal<ContactDetails>,
    pub user: UserId,
    pub language: Language,
    pub since: NaiveDate,
    /// The account was opened with the assignment (the person is to be welcomed).
    pub new_account: bool,
}

/// A form merged into another: who sent it, why, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedForm {
    pub from: MunicipalityId,
    pub submitter: Personal<Submitter>,
    pub motivation: LongText,
    pub submitted_on: NaiveDate,
    pub merged_on: NaiveDate,
}

/// One round of the self-check.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfCheck {
    pub round: u8,
    pub framework_id: String,
    pub framework_version: u32,
    pub started_on: NaiveDate,
    pub answers: BTreeMap<String, Answer>,
    pub submitted: Option<(NaiveDate, Scores)>,
}

/// The self-check workshop.
#[derive(Debug, Clone, PartialEq)]
pub struct Workshop {
    pub at: NaiveDateTime,
    pub place: ShortText,
    pub facilitator: UserId,
    pub invited: Vec<ShortText>,
    pub held_on: Option<NaiveDate>,
    pub participants: u32,
    pub priorities: Vec<String>,
    pub notes: Option<LongText>,
    /// When and why it was cancelled.
    pub cancelled: Option<(NaiveDate, ShortText)>,
}

/// A next step from the action plan.
#[derive(Debug, Clone, PartialEq)]
pub struct NextStep {
    pub what: ShortText,
    pub who: ShortText,
    /// Who gets its task and reminders.
    pub owner: StepOwner,
    pub due: NaiveDate,
    pub done_on: Option<NaiveDate>,
    /// When and why it was dropped from the plan.
    pub dropped: Option<(NaiveDate, ShortText)>,
}

/// Who is responsible for a next step of the action plan in Lotse: gets its task and
/// its reminders. (`who` names it in words, and may name people without an account.)
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "user", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StepOwner {
    /// The municipality's contact person, whoever it is at the time.
    #[default]
    ContactPerson,
    /// The municipality's facilitator, whoever it is at the time.
    Facilitator,
    /// A colleague of the contact person with an account for the municipality (checked
    /// against the accounts before the command is given).
    Colleague(UserId),
}

impl NextStep {
    /// Neither done nor dropped: it can still be edited, dropped or done.
    fn ensure_open(&self) -> Result<(), DomainError> {
        if self.done_on.is_some() {
            Err(DomainError::AlreadyDone)
        } else if self.dropped.is_some() {
            Err(DomainError::StepDropped)
        } else {
            Ok(())
        }
    }
}

/// A format of support for decision-makers.
#[derive(Debug, Clone, PartialEq)]
pub struct Support {
    pub format: SupportFormat,
    pub audience: Audience,
    pub on: NaiveDate,
    pub topic: ShortText,
    /// When it starts, if a time was given (then people are invited).
    pub time: Option<NaiveTime>,
    pub place: Option<ShortText>,
    pub held_on: Option<NaiveDate>,
    pub participants: u32,
    pub notes: Option<LongText>,
    /// When and why it was cancelled.
    pub cancelled: Option<(NaiveDate, ShortText)>,
}

/// A residents' dialogue event.
#[derive(Debug, Clone, PartialEq)]
pub struct DialogueEvent {
    pub format: DialogueFormat,
    pub at: NaiveDateTime,
    pub place: ShortText,
    pub topic: ShortText,
    pub held_on: Option<NaiveDate>,
    pub attendance: Option<Attendance>,
    pub outcomes: Option<LongText>,
    /// When and why it was cancelled.
    pub cancelled: Option<(NaiveDate, ShortText)>,
}

impl DialogueEvent {
    /// Neither held nor cancelled: it can still be moved, cancelled or recorded.
    fn ensure_open(&self) -> Result<(), DomainError> {
        ensure_open(self.held_on, &self.cancelled)
    }
}

/// An appointment neither held nor cancelled.
fn ensure_open(
    held_on: Option<NaiveDate>,
    cancelled: &Option<(NaiveDate, ShortText)>,
) -> Result<(), DomainError> {
    if held_on.is_some() {
        Err(DomainError::AlreadyHeld)
    } else if cancelled.is_some() {
        Err(DomainError::AlreadyCancelled)
    } else {
        Ok(())
    }
}

/// Why a municipality is not (yet) admitted.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    WaitingList { since: NaiveDate },
    OnHold { since: NaiveDate, reason: ShortText },
}

/// A municipality as folded from its stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    pub programme: ProgrammeId,
    pub profile: Profile,
    pub submitter: Personal<Submitter>,
    pub motivation: LongText,
    pub consent_to_contact: bool,
    pub language: Language,
    pub submitted_on: NaiveDate,
    pub interview: Option<Interview>,
    pub pending: Option<Pending>,
    pub declined: Option<(NaiveDate, ShortText)>,
    /// Closed as the same interest form sent again as another municipality's.
    pub duplicate_of: Option<(NaiveDate, MunicipalityId)>,
    pub admitted_on: Option<NaiveDate>,
    pub window_ends_on: Option<NaiveDate>,
    pub contact: Option<ContactAssignment>,
    /// Forms of the same municipality merged into this one, in the order merged.
    pub merged_forms: Vec<MergedForm>,
    /// Earlier contact persons, oldest first.
    pub former_contacts: Vec<ContactAssignment>,
    pub facilitator: Option<(UserId, NaiveDate)>,
    pub self_checks: Vec<SelfCheck>,
    pub workshop: Option<Workshop>,
    pub next_steps: BTreeMap<ItemId, NextStep>,
    pub support: BTreeMap<ItemId, Support>,
    pub dialogue_events: BTreeMap<ItemId, DialogueEvent>,
    pub completed: Option<(NaiveDate, LongText)>,
    pub withdrawn: Option<(NaiveDate, ShortText)>,
    /// The reminders sent so far: (task key, step, due date).
    pub reminders_sent: BTreeSet<(String, String, NaiveDate)>,
    /// The journey mails sent so far: key → the day it was recorded.
    pub mails_sent: BTreeMap<String, NaiveDate>,
    /// How often each appointment was scheduled (`interview`, `workshop`,
    /// `dialogue/<id>`): every move makes a new invitation.
    pub schedules: BTreeMap<String, u32>,
}

impl Municipality {
    /// Folds a stream into a state; `None` for an empty stream.
    pub fn fold<'a>(events: impl IntoIterator<Item = &'a MunicipalityEvent>) -> Option<Self> {
        let mut state: Option<Self> = None;
        for event in events {
            evolve(&mut state, event);
        }
        state
    }

    /// The board column this municipality stands in, derived from the facts.
    pub fn stage(&self) -> Stage {
        if self.withdrawn.is_some() {
            Stage::Withdrawn
        } else if self.completed.is_some() {
            Stage::Completed
        } else if self.declined.is_some() || self.duplicate_of.is_some() {
            Stage::Declined
        } else if self.admitted_on.is_some() {
            if self.workshop_held() {
                Stage::Implementation
            } else if self.first_self_check_submitted() {
                Stage::Workshop
            } else if self.contact.is_some() && self.facilitator.is_some() {
                Stage::SelfCheck
            } else {
                Stage::Onboarding
            }
        } else {
            match &self.pending {
                Some(Pending::WaitingList { .. }) => Stage::WaitingList,
                Some(Pending::OnHold { .. }) => Stage::OnHold,
                None if self
                    .interview
                    .as_ref()
                    .is_some_and(|i| i.cancelled.is_none()) =>
                {
                    Stage::Interview
                }
                None => Stage::Interest,
            }
        }
    }

    /// Whether another interest form in the same programme looks like this one sent again:
    /// the same municipality (name, ignoring case and spacing, in the same Land) or the same
    /// submitter address (while neither has been erased).
    pub fn looks_like_duplicate_of(&self, other: &Municipality) -> bool {
        fn plain(name: &str) -> String {
            name.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        }
        if self.programme != other.programme {
            return false;
        }
        let same_place = self.profile.bundesland == other.profile.bundesland
            && plain(self.profile.name.as_str()) == plain(other.profile.name.as_str());
        let same_sender = match (self.submitter.get(), other.submitter.get()) {
            (Some(a), Some(b)) => a.email.as_str().eq_ignore_ascii_case(b.email.as_str()),
            _ => false,
        };
        same_place || same_sender
    }

    /// Whether the first self-check has been submitted.
    pub fn first_self_check_submitted(&self) -> bool {
        self.self_checks
            .first()
            .is_some_and(|s| s.submitted.is_some())
    }

    /// The scheduled workshop, neither held nor cancelled: it can still be recorded or
    /// cancelled.
    fn open_workshop(&self) -> Result<&Workshop, DomainError> {
        let workshop = self
            .workshop
            .as_ref()
            .ok_or(DomainError::WorkshopNotScheduled)?;
        if workshop.held_on.is_some() {
            Err(DomainError::WorkshopAlreadyHeld)
        } else if workshop.cancelled.is_some() {
            Err(DomainError::AlreadyCancelled)
        } else {
            Ok(workshop)
        }
    }

    /// Whether the workshop has been held.
    pub fn workshop_held(&self) -> bool {
        self.workshop.as_ref().is_some_and(|w| w.held_on.is_some())
    }

    /// The self-check round that is open for answers, if any.
    pub fn open_self_check(&self) -> Option<&SelfCheck> {
        self.self_checks.iter().find(|s| s.submitted.is_none())
    }

    /// How many dialogue events have been held.
    pub fn dialogue_events_held(&self) -> u32 {
        self.dialogue_events
            .values()
            .filter(|e| e.held_on.is_some())
            .count() as u32
    }

    /// The codes of the completion criteria that are not met yet.
    pub fn missing_for_completion(&self, settings: &ProgrammeSettings) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if settings.completion.self_check_submitted && !self.first_self_check_submitted() {
            missing.push("SELF_CHECK_SUBMITTED");
        }
        if settings.completion.workshop_held && !self.workshop_held() {
            missing.push("WORKSHOP_HELD");
        }
        if self.dialogue_events_held() < settings.completion.min_dialogue_events {
            missing.push("DIALOGUE_EVENTS_HELD");
        }
        missing
    }

    fn ensure_participating(&self) -> Result<(), DomainError> {
        let stage = self.stage();
        if stage.is_final() {
            Err(DomainError::ParticipationEnded)
        } else if !stage.is_participating() {
            Err(DomainError::WrongStage(stage))
        } else {
            Ok(())
        }
    }

    fn ensure_not_final(&self) -> Result<(), DomainError> {
        if self.stage().is_final() {
            Err(DomainError::ParticipationEnded)
        } else {
            Ok(())
        }
    }

    /// `field` names the date's argument in the public API.
    fn ensure_in_window(&self, date: NaiveDate, field: &'static str) -> Result<(), DomainError> {
        match self.window_ends_on {
            Some(end) if date > end => Err(DomainError::OutsideParticipationWindow { field }),
            _ => Ok(()),
        }
    }
}

fn not_in_future(date: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
    if date > today {
        Err(DomainError::DateInFuture)
    } else {
        Ok(())
    }
}

/// Applies one event to a state. Events are facts: applying never fails.
pub fn evolve(state: &mut Option<Municipality>, event: &MunicipalityEvent) {
    use MunicipalityEvent as E;
    if let E::InterestSubmitted {
        programme,
        profile,
        submitter,
        motivation,
        consent_to_contact,
        language,
        submitted_on,
    } = event
    {
        *state = Some(Municipality {
            programme: *programme,
            profile: profile.clone(),
            submitter: submitter.clone(),
            motivation: motivation.clone(),
            consent_to_contact: *consent_to_contact,
            language: *language,
            submitted_on: *submitted_on,
            interview: None,
            pending: None,
            declined: None,
            duplicate_of: None,
            merged_forms: Vec::new(),
            admitted_on: None,
            window_ends_on: None,
            contact: None,
            former_contacts: Vec::new(),
            facilitator: None,
            self_checks: Vec::new(),
            workshop: None,
            next_steps: BTreeMap::new(),
            support: BTreeMap::new(),
            dialogue_events: BTreeMap::new(),
            completed: None,
            withdrawn: None,
            reminders_sent: BTreeSet::new(),
            mails_sent: BTreeMap::new(),
            schedules: BTreeMap::new(),
        });
        return;
    }
    let Some(m) = state.as_mut() else {
        return;
    };
    match event {
        E::InterestSubmitted { .. } => {}
        E::InterviewScheduled {
            at, interviewer, ..
        } => {
            *m.schedules.entry("interview".into()).or_default() += 1;
            m.pending = None;
            m.interview = Some(Interview {
                at: *at,
                interviewer: *interviewer,
                held_on: None,
                eligibility: None,
                notes: None,
                cancelled: None,
            });
        }
        E::InterviewCancelled { on, reason } => {
            if let Some(i) = m.interview.as_mut() {
                i.cancelled = Some((*on, reason.clone()));
            }
        }
        E::InterviewHeld {
            held_on,
            eligibility,
            notes,
        } => {
            if let Some(i) = m.interview.as_mut() {
                i.held_on = Some(*held_on);
                i.eligibility = Some(*eligibility);
                i.notes = notes.clone();
            }
        }
        E::Admitted {
            admitted_on,
            window_ends_on,
        } => {
            m.pending = None;
            m.admitted_on = Some(*admitted_on);
            m.window_ends_on = Some(*window_ends_on);
        }
        E::PlacedOnWaitingList { on } => m.pending = Some(Pending::WaitingList { since: *on }),
        E::PutOnHold { on, reason } => {
            m.pending = Some(Pending::OnHold {
                since: *on,
                reason: reason.clone(),
            })
        }
        E::Declined { on, reason } => m.declined = Some((*on, reason.clone())),
        E::ClosedAsDuplicate { on, of, .. } => m.duplicate_of = Some((*on, *of)),
        E::FormMerged {
            from,
            submitter,
            motivation,
            submitted_on,
            on,
        } => m.merged_forms.push(MergedForm {
            from: *from,
            submitter: submitter.clone(),
            motivation: motivation.clone(),
            submitted_on: *submitted_on,
            merged_on: *on,
        }),
        E::ContactPersonAssigned {
            contact,
            language,
            user,
            on,
            new_account,
            ..
        } => {
            let new = ContactAssignment {
                contact: contact.clone(),
                user: *user,
                language: *language,
                since: *on,
                new_account: *new_account,
            };
            if let Some(old) = m.contact.replace(new) {
                m.former_contacts.push(old);
            }
        }
        E::FacilitatorAssigned { facilitator, on } => m.facilitator = Some((*facilitator, *on)),
        E::SelfCheckStarted {
            round,
            framework_id,
            framework_version,
            on,
        } => m.self_checks.push(SelfCheck {
            round: *round,
            framework_id: framework_id.clone(),
            framework_version: *framework_version,
            started_on: *on,
            answers: BTreeMap::new(),
            submitted: None,
        }),
        E::SelfCheckAnswerSaved {
            round,
            indicator,
            answer,
        } => {
            if let Some(s) = m.self_checks.iter_mut().find(|s| s.round == *round) {
                s.answers.insert(indicator.clone(), answer.clone());
            }
        }
        E::SelfCheckSubmitted { round, on, scores } => {
            if let Some(s) = m.self_checks.iter_mut().find(|s| s.round == *round) {
                s.submitted = Some((*on, scores.clone()));
            }
        }
        E::WorkshopScheduled {
            at,
            place,
            facilitator,
            invited,
        } => {
            *m.schedules.entry("workshop".into()).or_default() += 1;
            m.workshop = Some(Workshop {
                at: *at,
                place: place.clone(),
                facilitator: *facilitator,
                invited: invited.clone(),
                held_on: None,
                participants: 0,
                priorities: Vec::new(),
                notes: None,
                cancelled: None,
            })
        }
        E::WorkshopCancelled { on, reason } => {
            if let Some(w) = m.workshop.as_mut() {
                w.cancelled = Some((*on, reason.clone()));
            }
        }
        E::WorkshopHeld {
            held_on,
            participants,
            priorities,
            action_plan,
            notes,
        } => {
            if let Some(w) = m.workshop.as_mut() {
                w.held_on = Some(*held_on);
                w.participants = *participants;
                w.priorities = priorities.clone();
                w.notes = notes.clone();
            }
            for step in action_plan {
                m.next_steps.insert(
                    step.id,
                    NextStep {
                        what: step.what.clone(),
                        who: step.who.clone(),
                        due: step.due,
                        owner: StepOwner::default(),
                        done_on: None,
                        dropped: None,
                    },
                );
            }
        }
        E::NextStepCompleted { step, on } => {
            if let Some(s) = m.next_steps.get_mut(step) {
                s.done_on = Some(*on);
            }
        }
        E::NextStepAssigned { step, to } => {
            if let Some(s) = m.next_steps.get_mut(step) {
                s.owner = *to;
            }
        }
        E::NextStepEdited {
            step,
            what,
            who,
            due,
        } => {
            if let Some(s) = m.next_steps.get_mut(step) {
                s.what = what.clone();
                s.who = who.clone();
                s.due = *due;
            }
        }
        E::NextStepDropped { step, on, reason } => {
            if let Some(s) = m.next_steps.get_mut(step) {
                s.dropped = Some((*on, reason.clone()));
            }
        }
        E::SupportCancelled { id, on, reason } => {
            if let Some(s) = m.support.get_mut(id) {
                s.cancelled = Some((*on, reason.clone()));
            }
        }
        E::SupportPlanned {
            id,
            format,
            audience,
            on,
            topic,
            time,
            place,
        } => {
            if time.is_some() {
                *m.schedules.entry(format!("support/{id}")).or_default() += 1;
            }
            m.support.insert(
                *id,
                Support {
                    format: *format,
                    audience: *audience,
                    on: *on,
                    topic: topic.clone(),
                    time: *time,
                    place: place.clone(),
                    held_on: None,
                    participants: 0,
                    notes: None,
                    cancelled: None,
                },
            );
        }
        E::SupportHeld {
            id,
            held_on,
            participants,
            notes,
        } => {
            if let Some(s) = m.support.get_mut(id) {
                s.held_on = Some(*held_on);
                s.participants = *participants;
                s.notes = notes.clone();
            }
        }
        E::DialogueEventPlanned {
            id,
            format,
            at,
            place,
            topic,
        } => {
            *m.schedules.entry(format!("dialogue/{id}")).or_default() += 1;
            m.dialogue_events.insert(
                *id,
                DialogueEvent {
                    format: *format,
                    at: *at,
                    place: place.clone(),
                    topic: topic.clone(),
                    held_on: None,
                    attendance: None,
                    outcomes: None,
                    cancelled: None,
                },
            );
        }
        E::DialogueEventCancelled { id, on, reason } => {
            if let Some(e) = m.dialogue_events.get_mut(id) {
                e.cancelled = Some((*on, reason.clone()));
            }
        }
        E::DialogueEventHeld {
            id,
            held_on,
            attendance,
            outcomes,
        } => {
            if let Some(e) = m.dialogue_events.get_mut(id) {
                e.held_on = Some(*held_on);
                e.attendance = Some(*attendance);
                e.outcomes = outcomes.clone();
            }
        }
        E::ParticipationCompleted { on, learning } => m.completed = Some((*on, learning.clone())),
        E::ProfileCorrected { profile, .. } => m.profile = profile.clone(),
        E::SubmitterCorrected { submitter, .. } => m.submitter = submitter.clone(),
        E::ContactDetailsCorrected { contact, .. } => {
            if let Some(c) = m.contact.as_mut() {
                c.contact = contact.clone();
            }
        }
        E::InterviewCorrected {
            eligibility, notes, ..
        } => {
            if let Some(i) = m.interview.as_mut() {
                i.eligibility = Some(*eligibility);
                i.notes = notes.clone();
            }
        }
        E::WorkshopCorrected {
            participants,
            priorities,
            notes,
            ..
        } => {
            if let Some(w) = m.workshop.as_mut() {
                w.participants = *participants;
                w.priorities = priorities.clone();
                w.notes = notes.clone();
            }
        }
        E::SupportCorrected {
            id,
            participants,
            notes,
            ..
        } => {
            if let Some(x) = m.support.get_mut(id) {
                x.participants = *participants;
                x.notes = notes.clone();
            }
        }
        E::DialogueEventCorrected {
            id,
            attendance,
            outcomes,
            ..
        } => {
            if let Some(x) = m.dialogue_events.get_mut(id) {
                x.attendance = Some(*attendance);
                x.outcomes = outcomes.clone();
            }
        }
        E::Withdrew { on, reason } => m.withdrawn = Some((*on, reason.clone())),
        E::ReminderSent {
            task, step, due, ..
        } => {
            m.reminders_sent.insert((task.clone(), step.clone(), *due));
        }
        E::MailSent { key, on, .. } => {
            m.mails_sent.entry(key.clone()).or_insert(*on);
        }
    }
}

/// Decides what a command means for a municipality: new events, or a refusal.
pub fn decide(
    state: Option<&Municipality>,
    command: Command,
    ctx: &Context<'_>,
) -> Result<Vec<MunicipalityEvent>, DomainError> {
    use MunicipalityEvent as E;
    let today = ctx.today;
    let m = match (state, &command) {
        (Some(_), Command::SubmitInterest { .. }) => return Err(DomainError::AlreadyRegistered),
        (None, Command::SubmitInterest { .. }) => None,
        (None, _) => return Err(DomainError::UnknownMunicipality),
        (Some(m), _) => Some(m),
    };
    let Some(m) = m else {
        let Command::SubmitInterest {
            programme,
            profile,
            submitter_id,
            submitter,
            motivation,
            consent_to_contact,
            language,
        } = command
        else {
            unreachable!("only SubmitInterest reaches an empty stream");
        };
        ctx.settings()?;
        ctx.programme.takes_applications(today)?;
        if !consent_to_contact {
            return Err(ValidationError::new("consentToContact", "required").into());
        }
        return Ok(vec![E::InterestSubmitted {
            programme,
            profile,
            submitter: Personal::new(submitter_id, submitter),
            motivation,
            consent_to_contact,
            language,
            submitted_on: today,
        }]);
    };

    // An archived programme is kept for reading: only what the system records of mails
    // already sent still goes in.
    if ctx.programme.archived_on.is_some()
        && !matches!(
            command,
            Command::RecordReminderSent { .. } | Command::RecordMailSent { .. }
        )
    {
        return Err(DomainError::ProgrammeArchived);
    }
    let stage = m.stage();
    match command {
        Command::SubmitInterest { .. } => Err(DomainError::AlreadyRegistered),
        Command::ScheduleInterview { at, interviewer } => {
            m.ensure_not_final()?;
            if !matches!(stage, Stage::Interest | Stage::Interview | Stage::OnHold) {
                return Err(DomainError::WrongStage(stage));
            }
            // A held interview stands until a decision; only a hold opens a new one.
            if stage == Stage::Interview
                && m.interview.as_ref().is_some_and(|i| i.held_on.is_some())
            {
                return Err(DomainError::AlreadyHeld);
            }
            Ok(vec![E::InterviewScheduled {
                at,
                interviewer,
                scheduled_on: today,
            }])
        }
        Command::RecordInterview {
            held_on,
            eligibility,
            notes,
        } => {
            m.ensure_not_final()?;
            let interview = m
                .interview
                .as_ref()
                .ok_or(DomainError::NoInterviewScheduled)?;
            if interview.cancelled.is_some() {
                return Err(DomainError::AlreadyCancelled);
            }
            if stage != Stage::Interview {
                return Err(DomainError::WrongStage(stage));
            }
            ensure_open(interview.held_on, &interview.cancelled)?;
            not_in_future(held_on, today)?;
            Ok(vec![E::InterviewHeld {
                held_on,
                eligibility,
                notes,
            }])
        }
        Command::CancelInterview { reason } => {
            m.ensure_not_final()?;
            let interview = m
                .interview
                .as_ref()
                .ok_or(DomainError::NoInterviewScheduled)?;
            ensure_open(interview.held_on, &interview.cancelled)?;
            if stage != Stage::Interview {
                return Err(DomainError::WrongStage(stage));
            }
            Ok(vec![E::InterviewCancelled { on: today, reason }])
        }
        Command::Admit => {
            m.ensure_not_final()?;
            if !matches!(stage, Stage::Interview | Stage::WaitingList | Stage::OnHold) {
                return Err(DomainError::WrongStage(stage));
            }
            let eligibility = m
                .interview
                .as_ref()
                .and_then(|i| i.eligibility)
                .ok_or(DomainError::InterviewNotHeld)?;
            if !eligibility.all_met() {
                return Err(DomainError::NotEligible {
                    missing: eligibility.missing(),
                });
            }
            let settings = ctx.settings()?;
            if !ctx.programme.has_free_seat() {
                return if stage == Stage::WaitingList {
                    Err(DomainError::CapacityReached)
                } else {
                    Ok(vec![E::PlacedOnWaitingList { on: today }])
                };
            }
            let window_ends_on = today
                .checked_add_months(Months::new(settings.participation_months))
                .unwrap_or(NaiveDate::MAX);
            Ok(vec![E::Admitted {
                admitted_on: today,
                window_ends_on,
            }])
        }
        Command::PutOnHold { reason } => {
            m.ensure_not_final()?;
            if !matches!(
                stage,
                Stage::Interest | Stage::Interview | Stage::WaitingList
            ) {
                return Err(DomainError::WrongStage(stage));
            }
            Ok(vec![E::PutOnHold { on: today, reason }])
        }
        Command::Decline { reason } => {
            m.ensure_not_final()?;
            if !matches!(
                stage,
                Stage::Interest | Stage::Interview | Stage::WaitingList | Stage::OnHold
            ) {
                return Err(DomainError::WrongStage(stage));
            }
            Ok(vec![E::Declined { on: today, reason }])
        }
        Command::CloseAsDuplicate { of, merge } => {
            m.ensure_not_final()?;
            if !matches!(
                stage,
                Stage::Interest | Stage::Interview | Stage::WaitingList | Stage::OnHold
            ) {
                return Err(DomainError::WrongStage(stage));
            }
            Ok(vec![E::ClosedAsDuplicate {
                on: today,
                of,
                merged: merge,
            }])
        }
        // The kept form may stand anywhere in its journey until it ends (a form closed as a
        // duplicate has ended); a form is taken over once.
        Command::TakeOverForm {
            from,
            submitter,
            motivation,
            submitted_on,
        } => {
            m.ensure_not_final()?;
            if m.merged_forms.iter().any(|f| f.from == from) {
                return Ok(Vec::new());
            }
            Ok(vec![E::FormMerged {
                from,
                submitter,
                motivation,
                submitted_on,
                on: today,
            }])
        }
        Command::AssignContactPerson {
            person,
            user,
            contact,
            language,
            new_account,
        } => {
            m.ensure_participating()?;
            Ok(vec![E::ContactPersonAssigned {
                contact: Personal::new(person, contact),
                language,
                user,
                replaces: m.contact.as_ref().map(|c| c.contact.subject),
                on: today,
                new_account,
            }])
        }
        Command::AssignFacilitator { facilitator } => {
            m.ensure_participating()?;
            Ok(vec![E::FacilitatorAssigned {
                facilitator,
                on: today,
            }])
        }
        Command::StartSelfCheck => {
            m.ensure_participating()?;
            if m.contact.is_none() {
                return Err(DomainError::NoContactPerson);
            }
            if m.open_self_check().is_some() {
                return Err(DomainError::SelfCheckAlreadyStarted);
            }
            let round = match m.self_checks.len() {
                0 => 1,
                1 => {
                    if !m.workshop_held() {
                        return Err(DomainError::SecondSelfCheckTooEarly);
                    }
                    2
                }
                _ => return Err(DomainError::SelfCheckAlreadySubmitted),
            };
            Ok(vec![E::SelfCheckStarted {
                round,
                framework_id: ctx.framework.id.clone(),
                framework_version: ctx.framework.version,
                on: today,
            }])
        }
        Command::SaveSelfCheckAnswer { indicator, answer } => {
            m.ensure_participating()?;
            let open = open_round(m)?;
            ctx.framework
                .check_answer(&indicator, &answer)
                .map_err(|e| framework_refusal(&indicator, e))?;
            if open.answers.get(&indicator) == Some(&answer) {
                return Ok(Vec::new());
            }
            Ok(vec![E::SelfCheckAnswerSaved {
                round: open.round,
                indicator,
                answer,
            }])
        }
        Command::SubmitSelfCheck => {
            m.ensure_participating()?;
            let open = open_round(m)?;
            let unanswered = ctx
                .framework
                .fields
                .iter()
                .flat_map(|f| &f.indicators)
                .filter(|i| !open.answers.contains_key(&i.id))
                .count();
            if unanswered > 0 {
                return Err(DomainError::SelfCheckIncomplete { unanswered });
            }
            Ok(vec![E::SelfCheckSubmitted {
                round: open.round,
                on: today,
                scores: ctx.framework.score(&open.answers),
            }])
        }
        Command::ScheduleWorkshop {
            at,
            place,
            facilitator,
            invited,
        } => {
            m.ensure_participating()?;
            if !m.first_self_check_submitted() {
                return Err(DomainError::SelfCheckNotSubmitted);
            }
            if m.workshop_held() {
                return Err(DomainError::WorkshopAlreadyHeld);
            }
            let facilitator = facilitator
                .or(m.facilitator.map(|(f, _)| f))
                .ok_or(DomainError::NoFacilitator)?;
            m.ensure_in_window(at.date(), "at")?;
            Ok(vec![E::WorkshopScheduled {
                at,
                place,
                facilitator,
                invited,
            }])
        }
        Command::RecordWorkshop {
            held_on,
            participants,
            priorities,
            action_plan,
            notes,
        } => {
            m.ensure_participating()?;
            m.open_workshop()?;
            not_in_future(held_on, today)?;
            let priorities = check_workshop(ctx, participants, priorities)?;
            if action_plan.iter().any(|s| s.due < held_on) {
                return Err(ValidationError::new("nextSteps.due", "before_workshop").into());
            }
            Ok(vec![E::WorkshopHeld {
                held_on,
                participants,
                priorities,
                action_plan,
                notes,
            }])
        }
        Command::CancelWorkshop { reason } => {
            m.ensure_participating()?;
            m.open_workshop()?;
            Ok(vec![E::WorkshopCancelled { on: today, reason }])
        }
        Command::CompleteNextStep { step } => {
            m.ensure_participating()?;
            let s = m.next_steps.get(&step).ok_or(DomainError::UnknownItem)?;
            s.ensure_open()?;
            Ok(vec![E::NextStepCompleted { step, on: today }])
        }
        Command::EditNextStep {
            step,
            what,
            who,
            due,
        } => {
            m.ensure_participating()?;
            let s = m.next_steps.get(&step).ok_or(DomainError::UnknownItem)?;
            s.ensure_open()?;
            if m.workshop
                .as_ref()
                .and_then(|w| w.held_on)
                .is_some_and(|h| due < h)
            {
                return Err(ValidationError::new("nextSteps.due", "before_workshop").into());
            }
            if s.what == what && s.who == who && s.due == due {
                return Ok(Vec::new());
            }
            Ok(vec![E::NextStepEdited {
                step,
                what,
                who,
                due,
            }])
        }
        Command::AssignNextStep { step, to } => {
            m.ensure_participating()?;
            let s = m.next_steps.get(&step).ok_or(DomainError::UnknownItem)?;
            s.ensure_open()?;
            if to == StepOwner::Facilitator && m.facilitator.is_none() {
                return Err(DomainError::NoFacilitator);
            }
            if s.owner == to {
                return Ok(Vec::new());
            }
            Ok(vec![E::NextStepAssigned { step, to }])
        }
        Command::DropNextStep { step, reason } => {
            m.ensure_participating()?;
            let s = m.next_steps.get(&step).ok_or(DomainError::UnknownItem)?;
            s.ensure_open()?;
            Ok(vec![E::NextStepDropped {
                step,
                on: today,
                reason,
            }])
        }
        Command::PlanSupport {
            id,
            format,
            audience,
            on,
            topic,
            time,
            place,
        } => {
            m.ensure_participating()?;
            m.ensure_in_window(on, "on")?;
            if let Some(s) = m.support.get(&id) {
                ensure_open(s.held_on, &s.cancelled)?;
            }
            Ok(vec![E::SupportPlanned {
                id,
                format,
                audience,
                on,
                topic,
                time,
                place,
            }])
        }
        Command::RecordSupport {
            id,
            held_on,
            participants,
            notes,
        } => {
            m.ensure_participating()?;
            let s = m.support.get(&id).ok_or(DomainError::UnknownItem)?;
            ensure_open(s.held_on, &s.cancelled)?;
            not_in_future(held_on, today)?;
            Ok(vec![E::SupportHeld {
                id,
                held_on,
                participants,
                notes,
            }])
        }
        Command::MoveSupport {
            id,
            on,
            time,
            place,
        } => {
            m.ensure_participating()?;
            let s = m.support.get(&id).ok_or(DomainError::UnknownItem)?;
            ensure_open(s.held_on, &s.cancelled)?;
            m.ensure_in_window(on, "on")?;
            Ok(vec![E::SupportPlanned {
                id,
                format: s.format,
                audience: s.audience,
                on,
                topic: s.topic.clone(),
                time,
                place,
            }])
        }
        Command::CancelSupport { id, reason } => {
            m.ensure_participating()?;
            let s = m.support.get(&id).ok_or(DomainError::UnknownItem)?;
            ensure_open(s.held_on, &s.cancelled)?;
            Ok(vec![E::SupportCancelled {
                id,
                on: today,
                reason,
            }])
        }
        Command::PlanDialogueEvent {
            id,
            format,
            at,
            place,
            topic,
        } => {
            m.ensure_participating()?;
            m.ensure_in_window(at.date(), "at")?;
            if let Some(e) = m.dialogue_events.get(&id) {
                e.ensure_open()?;
            }
            Ok(vec![E::DialogueEventPlanned {
                id,
                format,
                at,
                place,
                topic,
            }])
        }
        Command::MoveDialogueEvent { id, at, place } => {
            m.ensure_participating()?;
            let e = m.dialogue_events.get(&id).ok_or(DomainError::UnknownItem)?;
            e.ensure_open()?;
            m.ensure_in_window(at.date(), "at")?;
            // A move is the event planned again under its id: the invitation's sequence
            // goes up, and its invitees get the update.
            Ok(vec![E::DialogueEventPlanned {
                id,
                format: e.format,
                at,
                place: place.unwrap_or_else(|| e.place.clone()),
                topic: e.topic.clone(),
            }])
        }
        Command::CancelDialogueEvent { id, reason } => {
            m.ensure_participating()?;
            let e = m.dialogue_events.get(&id).ok_or(DomainError::UnknownItem)?;
            e.ensure_open()?;
            Ok(vec![E::DialogueEventCancelled {
                id,
                on: today,
                reason,
            }])
        }
        Command::RecordDialogueEvent {
            id,
            held_on,
            attendance,
            outcomes,
        } => {
            m.ensure_participating()?;
            let e = m.dialogue_events.get(&id).ok_or(DomainError::UnknownItem)?;
            e.ensure_open()?;
            not_in_future(held_on, today)?;
            Ok(vec![E::DialogueEventHeld {
                id,
                held_on,
                attendance,
                outcomes,
            }])
        }
        Command::Complete { learning } => {
            m.ensure_participating()?;
            let missing = m.missing_for_completion(ctx.settings()?);
            if !missing.is_empty() {
                return Err(DomainError::CompletionCriteriaNotMet { missing });
            }
            Ok(vec![E::ParticipationCompleted {
                on: today,
                learning,
            }])
        }
        // What was recorded of a held appointment is corrected whenever a mistake is
        // noticed, also after the participation ended; the same values again change nothing.
        Command::CorrectInterview {
            eligibility,
            notes,
            reason,
        } => {
            let i = m.interview.as_ref().filter(|i| i.held_on.is_some());
            let i = i.ok_or(DomainError::InterviewNotHeld)?;
            if i.eligibility == Some(eligibility) && i.notes == notes {
                return Ok(Vec::new());
            }
            Ok(vec![E::InterviewCorrected {
                eligibility,
                notes,
                on: today,
                reason,
            }])
        }
        Command::CorrectWorkshop {
            participants,
            priorities,
            notes,
            reason,
        } => {
            let w = m.workshop.as_ref().filter(|w| w.held_on.is_some());
            let w = w.ok_or(DomainError::WorkshopNotHeld)?;
            let priorities = check_workshop(ctx, participants, priorities)?;
            if w.participants == participants && w.priorities == priorities && w.notes == notes {
                return Ok(Vec::new());
            }
            Ok(vec![E::WorkshopCorrected {
                participants,
                priorities,
                notes,
                on: today,
                reason,
            }])
        }
        Command::CorrectSupport {
            id,
            participants,
            notes,
            reason,
        } => {
            let x = m.support.get(&id).ok_or(DomainError::UnknownItem)?;
            if x.held_on.is_none() {
                return Err(DomainError::NotYetHeld);
            }
            if x.participants == participants && x.notes == notes {
                return Ok(Vec::new());
            }
            Ok(vec![E::SupportCorrected {
                id,
                participants,
                notes,
                on: today,
                reason,
            }])
        }
        Command::CorrectDialogueEvent {
            id,
            attendance,
            outcomes,
            reason,
        } => {
            let x = m.dialogue_events.get(&id).ok_or(DomainError::UnknownItem)?;
            if x.held_on.is_none() {
                return Err(DomainError::NotYetHeld);
            }
            if x.attendance == Some(attendance) && x.outcomes == outcomes {
                return Ok(Vec::new());
            }
            Ok(vec![E::DialogueEventCorrected {
                id,
                attendance,
                outcomes,
                on: today,
                reason,
            }])
        }
        // A wrong name or population is corrected whenever it is noticed, also after the
        // participation ended: the dashboards' history follows the corrected values.
        Command::CorrectProfile { profile, reason } => {
            if profile == m.profile {
                return Ok(Vec::new());
            }
            Ok(vec![E::ProfileCorrected {
                profile,
                on: today,
                reason,
            }])
        }
        // A person's details are corrected as long as they are known: once erased, there is
        // nothing left to correct (and nobody to seal the correction for).
        Command::CorrectSubmitter { submitter, reason } => match m.submitter.get() {
            None => Err(DomainError::DetailsErased),
            Some(before) if *before == submitter => Ok(Vec::new()),
            Some(_) => Ok(vec![E::SubmitterCorrected {
                submitter: Personal::new(m.submitter.subject, submitter),
                on: today,
                reason,
            }]),
        },
        Command::CorrectContactDetails { contact, reason } => {
            let current = m.contact.as_ref().ok_or(DomainError::NoContactPerson)?;
            match current.contact.get() {
                None => Err(DomainError::DetailsErased),
                Some(before) if *before == contact => Ok(Vec::new()),
                Some(_) => Ok(vec![E::ContactDetailsCorrected {
                    contact: Personal::new(current.contact.subject, contact),
                    on: today,
                    reason,
                }]),
            }
        }
        Command::Withdraw { reason } => {
            m.ensure_not_final()?;
            Ok(vec![E::Withdrew { on: today, reason }])
        }
        Command::RecordReminderSent {
            task,
            step,
            due,
            message_id,
        } => {
            if m.reminders_sent
                .contains(&(task.clone(), step.clone(), due))
            {
                return Ok(Vec::new());
            }
            Ok(vec![E::ReminderSent {
                task,
                step,
                due,
                message_id,
            }])
        }
        Command::RecordMailSent {
            key,
            kind,
            message_id,
        } => {
            if m.mails_sent.contains_key(&key) {
                return Ok(Vec::new());
            }
            Ok(vec![E::MailSent {
                key,
                kind,
                message_id,
                on: today,
            }])
        }
    }
}

/// A workshop's participants and priorities as recorded: someone took part, at least one
/// known field of action, each once in the order first named.
fn check_workshop(
    ctx: &Context<'_>,
    participants: u32,
    priorities: Vec<String>,
) -> Result<Vec<String>, DomainError> {
    if participants == 0 {
        return Err(ValidationError::new("participants", "too_small").into());
    }
    if priorities.is_empty() {
        return Err(ValidationError::new("priorities", "required").into());
    }
    if let Some(unknown) = priorities
        .iter()
        .find(|p| !ctx.framework.fields.iter().any(|f| &f.id == *p))
    {
        return Err(DomainError::UnknownFieldOfAction(unknown.clone()));
    }
    let mut seen = BTreeSet::new();
    Ok(priorities
        .into_iter()
        .filter(|p| seen.insert(p.clone()))
        .collect())
}

fn open_round(m: &Municipality) -> Result<&SelfCheck, DomainError> {
    match m.open_self_check() {
        Some(open) => Ok(open),
        None if m.self_checks.is_empty() => Err(DomainError::SelfCheckNotStarted),
        None => Err(DomainError::SelfCheckAlreadySubmitted),
    }
}

fn framework_refusal(indicator: &str, e: crate::framework::FrameworkError) -> DomainError {
    use crate::framework::FrameworkError as F;
    match e {
        F::UnknownIndicator(_) => DomainError::UnknownIndicator(indicator.to_string()),
        F::LevelOutOfRange(_) => ValidationError::new("rating", "out_of_range").into(),
        F::CommentTooLong { .. } => ValidationError::new("comment", "too_long").into(),
        F::BadEvidenceUrl { .. } => ValidationError::new("evidenceUrl", "invalid_url").into(),
        _ => ValidationError::new("answer", "invalid").into(),
    }
}

/// What the municipality's new events mean for its programme's seat ledger: admission takes
/// a seat, withdrawal after admission gives it back. The application appends these to the
/// programme stream in the same atomic append, so capacity holds under concurrency.
pub fn seat_changes(
    municipality: MunicipalityId,
    before: Option<&Municipality>,
    events: &[MunicipalityEvent],
) -> Vec<ProgrammeEvent> {
    let was_admitted = before.is_some_and(|m| m.admitted_on.is_some());
    events
        .iter()
        .filter_map(|e| match e {
            MunicipalityEvent::Admitted { .. } => Some(ProgrammeEvent::SeatTaken { municipality }),
            MunicipalityEvent::Withdrew { on, .. } if was_admitted => {
                Some(ProgrammeEvent::SeatReleased {
                    municipality,
                    on: Some(*on),
                })
            }
            _ => None,
        })
        .collect()
}
