//! Domain refusals. Each has a stable code for the API and clients; people-facing wording
//! lives at the edges (de/en), not here.

use crate::values::Stage;
use thiserror::Error;

/// Why an input value was not accepted: the field and a stable reason code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {code}")]
pub struct ValidationError {
    /// The field (as named in the public API) that was refused.
    pub field: &'static str,
    /// A stable reason code such as `required`, `too_long`, `invalid_email`.
    pub code: &'static str,
}

impl ValidationError {
    /// A refusal of `field` for the reason `code`.
    pub fn new(field: &'static str, code: &'static str) -> Self {
        Self { field, code }
    }
}

/// A command was refused by the rules of the programme.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DomainError {
    #[error("invalid input: {0}")]
    Invalid(#[from] ValidationError),
    #[error("this municipality has already expressed interest")]
    AlreadyRegistered,
    #[error("no municipality with this id")]
    UnknownMunicipality,
    #[error("the command does not fit the stage {0:?}")]
    WrongStage(Stage),
    #[error("the participation has ended")]
    ParticipationEnded,
    #[error("no initial interview has been scheduled")]
    NoInterviewScheduled,
    #[error("the initial interview has not been held yet")]
    InterviewNotHeld,
    #[error("not every eligibility criterion is met")]
    NotEligible { missing: Vec<&'static str> },
    #[error("the programme is full")]
    CapacityReached,
    #[error("no programme with this id")]
    UnknownProgramme,
    #[error("no contact person has been assigned")]
    NoContactPerson,
    #[error("no facilitator has been assigned")]
    NoFacilitator,
    #[error("the self-check has not been started")]
    SelfCheckNotStarted,
    #[error("the self-check is already running")]
    SelfCheckAlreadyStarted,
    #[error("the self-check has already been submitted")]
    SelfCheckAlreadySubmitted,
    #[error("the self-check is incomplete: {unanswered} indicators unanswered")]
    SelfCheckIncomplete { unanswered: usize },
    #[error("the self-check has not been submitted")]
    SelfCheckNotSubmitted,
    #[error("a second self-check needs the workshop to be held")]
    SecondSelfCheckTooEarly,
    #[error("the workshop has not been scheduled")]
    WorkshopNotScheduled,
    #[error("the workshop has already been held")]
    WorkshopAlreadyHeld,
    #[error("the workshop has not been held")]
    WorkshopNotHeld,
    #[error("unknown field of action {0}")]
    UnknownFieldOfAction(String),
    #[error("unknown self-check indicator {0}")]
    UnknownIndicator(String),
    #[error("no such item in this municipality")]
    UnknownItem,
    #[error("this has already been recorded as held")]
    AlreadyHeld,
    #[error("this appointment has been cancelled")]
    AlreadyCancelled,
    #[error("this next step is already done")]
    AlreadyDone,
    #[error("this next step has been dropped from the action plan")]
    StepDropped,
    #[error("this has not been recorded as held yet")]
    NotYetHeld,
    /// `field` names the date's argument in the public API (`at`, `on`).
    #[error("{field}: the date lies after the end of the participation window")]
    OutsideParticipationWindow { field: &'static str },
    #[error("a date lies in the future")]
    DateInFuture,
    #[error("completion criteria not met: {missing:?}")]
    CompletionCriteriaNotMet { missing: Vec<&'static str> },
    #[error("the programme already exists")]
    ProgrammeExists,
    #[error("the tenant already exists")]
    TenantExists,
    #[error("the self-check framework is not known")]
    UnknownFramework,
    #[error("this user exists already")]
    UserExists,
    #[error("no user with this id")]
    UnknownUser,
    #[error("the programme takes applications from {opens_on}")]
    ApplicationsNotYetOpen { opens_on: chrono::NaiveDate },
    #[error("the programme took applications until {closed_on}")]
    ApplicationsClosed { closed_on: chrono::NaiveDate },
    #[error("the programme has ended and is archived")]
    ProgrammeArchived,
    #[error("the person's details have been erased")]
    DetailsErased,
}

impl DomainError {
    /// A stable, machine-readable code for this refusal.
    pub fn code(&self) -> &'static str {
        use DomainError::*;
        match self {
            Invalid(_) => "INVALID_INPUT",
            AlreadyRegistered => "ALREADY_REGISTERED",
            UnknownMunicipality => "UNKNOWN_MUNICIPALITY",
            WrongStage(_) => "WRONG_STAGE",
            ParticipationEnded => "PARTICIPATION_ENDED",
            NoInterviewScheduled => "NO_INTERVIEW_SCHEDULED",
            InterviewNotHeld => "INTERVIEW_NOT_HELD",
            NotEligible { .. } => "NOT_ELIGIBLE",
            CapacityReached => "CAPACITY_REACHED",
            UnknownProgramme => "UNKNOWN_PROGRAMME",
            NoContactPerson => "NO_CONTACT_PERSON",
            NoFacilitator => "NO_FACILITATOR",
            SelfCheckNotStarted => "SELF_CHECK_NOT_STARTED",
            SelfCheckAlreadyStarted => "SELF_CHECK_ALREADY_STARTED",
            SelfCheckAlreadySubmitted => "SELF_CHECK_ALREADY_SUBMITTED",
            SelfCheckIncomplete { .. } => "SELF_CHECK_INCOMPLETE",
            SelfCheckNotSubmitted => "SELF_CHECK_NOT_SUBMITTED",
            SecondSelfCheckTooEarly => "SECOND_SELF_CHECK_TOO_EARLY",
            WorkshopNotScheduled => "WORKSHOP_NOT_SCHEDULED",
            WorkshopAlreadyHeld => "WORKSHOP_ALREADY_HELD",
            WorkshopNotHeld => "WORKSHOP_NOT_HELD",
            UnknownFieldOfAction(_) => "UNKNOWN_FIELD_OF_ACTION",
            UnknownIndicator(_) => "UNKNOWN_INDICATOR",
            UnknownItem => "UNKNOWN_ITEM",
            AlreadyHeld => "ALREADY_HELD",
            AlreadyCancelled => "ALREADY_CANCELLED",
            AlreadyDone => "ALREADY_DONE",
            StepDropped => "STEP_DROPPED",
            NotYetHeld => "NOT_YET_HELD",
            OutsideParticipationWindow { .. } => "OUTSIDE_PARTICIPATION_WINDOW",
            DateInFuture => "DATE_IN_FUTURE",
            CompletionCriteriaNotMet { .. } => "COMPLETION_CRITERIA_NOT_MET",
            ProgrammeExists => "PROGRAMME_EXISTS",
            TenantExists => "TENANT_EXISTS",
            UnknownFramework => "UNKNOWN_FRAMEWORK",
            UserExists => "USER_EXISTS",
            UnknownUser => "UNKNOWN_USER",
            ApplicationsNotYetOpen { .. } => "APPLICATIONS_NOT_YET_OPEN",
            ApplicationsClosed { .. } => "APPLICATIONS_CLOSED",
            ProgrammeArchived => "PROGRAMME_ARCHIVED",
            DetailsErased => "DETAILS_ERASED",
        }
    }

    /// The input field (as named in the public API) the refusal is about, where it is about
    /// one: clients show the message next to it.
    pub fn field(&self) -> Option<&'static str> {
        use DomainError::*;
        match self {
            Invalid(v) => Some(v.field),
            OutsideParticipationWindow { field } => Some(field),
            // Only the workshop's priorities name fields of action.
            UnknownFieldOfAction(_) => Some("priorities"),
            // Every "held on" date of the journey is checked against today.
            DateInFuture => Some("heldOn"),
            _ => None,
        }
    }
}
