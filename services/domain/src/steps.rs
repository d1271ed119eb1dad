//! What can happen next to a municipality: the steps of its journey that a user can take
//! now, and why the others cannot be taken.
//!
//! There is no second copy of the journey's rules here. Each step is put to
//! [`decide`] with a typical input (today's date, an acceptable text, the first field
//! of action); what `decide` accepts is possible, and what it refuses comes back with its
//! refusal. A property test (`tests/steps.rs`) checks that no other input of a left-out step
//! is accepted either, so the answer does not depend on the typical input chosen.
//!
//! Who may take a step is not decided here but in the authorisation of the API, which
//! filters this list for the viewer.

use crate::error::DomainError;
use crate::framework::Answer;
use crate::ids::{ItemId, PersonId, UserId};
use crate::municipality::{Command, ContactDetails, Context, Municipality, decide};
use crate::values::{
    Attendance, Audience, DialogueFormat, Eligibility, EmailAddress, Language, LongText,
    PersonName, ShortText, SupportFormat,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A step of the journey a user can take: the commands people give (not those the
/// system records by itself, such as a sent reminder, nor the interest form, which starts
/// a journey).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Step {
    ScheduleInterview,
    CancelInterview,
    RecordInterview,
    Admit,
    PutOnHold,
    Decline,
    CloseAsDuplicate,
    AssignContactPerson,
    AssignFacilitator,
    StartSelfCheck,
    SaveSelfCheckAnswer,
    SubmitSelfCheck,
    ScheduleWorkshop,
    CancelWorkshop,
    RecordWorkshop,
    CompleteNextStep,
    EditNextStep,
    AssignNextStep,
    DropNextStep,
    PlanSupport,
    MoveSupport,
    CancelSupport,
    RecordSupport,
    PlanDialogueEvent,
    MoveDialogueEvent,
    CancelDialogueEvent,
    RecordDialogueEvent,
    Complete,
    CorrectProfile,
    CorrectSubmitter,
    CorrectContactDetails,
    CorrectInterview,
    CorrectWorkshop,
    CorrectSupport,
    CorrectDialogueEvent,
    Withdraw,
}

impl Step {
    /// Every step, in the order they usually come in a journey.
    pub const ALL: [Step; 36] = [
        Step::ScheduleInterview,
        Step::CancelInterview,
        Step::RecordInterview,
        Step::Admit,
        Step::PutOnHold,
        Step::Decline,
        Step::CloseAsDuplicate,
        Step::AssignContactPerson,
        Step::AssignFacilitator,
        Step::StartSelfCheck,
        Step::SaveSelfCheckAnswer,
        Step::SubmitSelfCheck,
        Step::ScheduleWorkshop,
        Step::CancelWorkshop,
        Step::RecordWorkshop,
        Step::CompleteNextStep,
        Step::EditNextStep,
        Step::AssignNextStep,
        Step::DropNextStep,
        Step::PlanSupport,
        Step::MoveSupport,
        Step::CancelSupport,
        Step::RecordSupport,
        Step::PlanDialogueEvent,
        Step::MoveDialogueEvent,
        Step::CancelDialogueEvent,
        Step::RecordDialogueEvent,
        Step::Complete,
        Step::CorrectProfile,
        Step::CorrectSubmitter,
        Step::CorrectContactDetails,
        Step::CorrectInterview,
        Step::CorrectWorkshop,
        Step::CorrectSupport,
        Step::CorrectDialogueEvent,
        Step::Withdraw,
    ];

    /// The step a command takes; `None` for the interest form and for what the system
    /// records by itself.
    pub fn of(command: &Command) -> Option<Step> {
        use Command as C;
        Some(match command {
            C::ScheduleInterview { .. } => Step::ScheduleInterview,
            C::RecordInterview { .. } => Step::RecordInterview,
            C::CancelInterview { .. } => Step::CancelInterview,
            C::Admit => Step::Admit,
            C::PutOnHold { .. } => Step::PutOnHold,
            C::Decline { .. } => Step::Decline,
            C::CloseAsDuplicate { .. } => Step::CloseAsDuplicate,
            C::AssignContactPerson { .. } => Step::AssignContactPerson,
            C::AssignFacilitator { .. } => Step::AssignFacilitator,
            C::StartSelfCheck => Step::StartSelfCheck,
            C::SaveSelfCheckAnswer { .. } => Step::SaveSelfCheckAnswer,
            C::SubmitSelfCheck => Step::SubmitSelfCheck,
            C::ScheduleWorkshop { .. } => Step::ScheduleWorkshop,
            C::RecordWorkshop { .. } => Step::RecordWorkshop,
            C::CancelWorkshop { .. } => Step::CancelWorkshop,
            C::CompleteNextStep { .. } => Step::CompleteNextStep,
            C::EditNextStep { .. } => Step::EditNextStep,
            C::AssignNextStep { .. } => Step::AssignNextStep,
            C::DropNextStep { .. } => Step::DropNextStep,
            C::MoveSupport { .. } => Step::MoveSupport,
            C::CancelSupport { .. } => Step::CancelSupport,
            C::PlanSupport { .. } => Step::PlanSupport,
            C::RecordSupport { .. } => Step::RecordSupport,
            C::PlanDialogueEvent { .. } => Step::PlanDialogueEvent,
            C::RecordDialogueEvent { .. } => Step::RecordDialogueEvent,
            C::MoveDialogueEvent { .. } => Step::MoveDialogueEvent,
            C::CancelDialogueEvent { .. } => Step::CancelDialogueEvent,
            C::Complete { .. } => Step::Complete,
            C::CorrectProfile { .. } => Step::CorrectProfile,
            C::CorrectSubmitter { .. } => Step::CorrectSubmitter,
            C::CorrectContactDetails { .. } => Step::CorrectContactDetails,
            C::CorrectInterview { .. } => Step::CorrectInterview,
            C::CorrectWorkshop { .. } => Step::CorrectWorkshop,
            C::CorrectSupport { .. } => Step::CorrectSupport,
            C::CorrectDialogueEvent { .. } => Step::CorrectDialogueEvent,
            C::Withdraw { .. } => Step::Withdraw,
            C::SubmitInterest { .. }
            | C::TakeOverForm { .. }
            | C::RecordReminderSent { .. }
            | C::RecordMailSent { .. } => {
                return None;
            }
        })
    }

    /// Whether the step corrects what was recorded: these stay possible after the
    /// participation ended.
    pub fn is_correction(self) -> bool {
        matches!(
            self,
            Step::CorrectProfile
                | Step::CorrectSubmitter
                | Step::CorrectContactDetails
                | Step::CorrectInterview
                | Step::CorrectWorkshop
                | Step::CorrectSupport
                | Step::CorrectDialogueEvent
        )
    }

    /// Whether the step acts on one item of the municipality (a next step, a format, a
    /// dialogue event), named in its command.
    pub fn acts_on_item(self) -> bool {
        matches!(
            self,
            Step::CompleteNextStep
                | Step::EditNextStep
                | Step::AssignNextStep
                | Step::DropNextStep
                | Step::MoveSupport
                | Step::CancelSupport
                | Step::RecordSupport
                | Step::CorrectSupport
                | Step::RecordDialogueEvent
                | Step::CorrectDialogueEvent
                | Step::MoveDialogueEvent
                | Step::CancelDialogueEvent
        )
    }
}

/// One step and whether it can be taken now.
#[derive(Debug, Clone, PartialEq)]
pub struct StepOption {
    pub step: Step,
    /// For a step on items: those it can be taken for (empty when none).
    pub items: Vec<ItemId>,
    /// Why the step cannot be taken now (`None`: it can).
    pub refusal: Option<DomainError>,
}

impl StepOption {
    /// Whether the step can be taken now.
    pub fn possible(&self) -> bool {
        self.refusal.is_none()
    }
}

/// No item (the nil id): for steps not on an item, and a new item for a plan.
const NONE: ItemId = ItemId(Uuid::nil());

/// Every step of the journey for this municipality now: possible or, with `decide`'s
/// refusal, not.
pub fn step_options(m: &Municipality, ctx: &Context<'_>) -> Vec<StepOption> {
    Step::ALL
        .iter()
        .map(|&step| {
            if step.acts_on_item() {
                let mut items = Vec::new();
                let mut refusal = None;
                for item in items_of(m, step) {
                    match decide(Some(m), typical(step, m, ctx, item), ctx) {
                        Ok(_) => items.push(item),
                        Err(e) => refusal = refusal.or(Some(e)),
                    }
                }
                let refusal = if items.is_empty() {
                    Some(refusal.unwrap_or(DomainError::UnknownItem))
                } else {
                    None
                };
                StepOption {
                    step,
                    items,
                    refusal,
                }
            } else {
                StepOption {
                    step,
                    items: Vec::new(),
                    refusal: decide(Some(m), typical(step, m, ctx, NONE), ctx).err(),
                }
            }
        })
        .collect()
}

/// The steps that can be taken now, in journey order.
pub fn available_steps(m: &Municipality, ctx: &Context<'_>) -> Vec<Step> {
    step_options(m, ctx)
        .into_iter()
        .filter(StepOption::possible)
        .map(|o| o.step)
        .collect()
}

/// The items a step on items may name: every next step, format or dialogue event known.
fn items_of(m: &Municipality, step: Step) -> Vec<ItemId> {
    match step {
        Step::CompleteNextStep | Step::EditNextStep | Step::AssignNextStep | Step::DropNextStep => {
            m.next_steps.keys().copied().collect()
        }
        Step::RecordSupport | Step::MoveSupport | Step::CancelSupport | Step::CorrectSupport => {
            m.support.keys().copied().collect()
        }
        Step::RecordDialogueEvent
        | Step::MoveDialogueEvent
        | Step::CancelDialogueEvent
        | Step::CorrectDialogueEvent => m.dialogue_events.keys().copied().collect(),
        _ => Vec::new(),
    }
}

/// The command of `step` with a typical, acceptable input: dates of today (or the window's last
/// day), a short text,
/// the framework's first field or indicator, an item not yet known for a plan (`item`
/// names the item of a step on items). Ids of people are not checked by `decide`.
fn typical(step: Step, m: &Municipality, ctx: &Context<'_>, item: ItemId) -> Command {
    let today = ctx.today;
    // Appointments may be entered afterwards, but not after the participation window: the
    // latest day that is both.
    let day = m.window_ends_on.map_or(today, |end| end.min(today));
    let at = day.and_hms_opt(10, 0, 0).unwrap_or_default();
    let text = || ShortText::parse("step", "–").expect("a dash is a short text");
    let long = || LongText::parse("step", "–").expect("a dash is a long text");
    let someone = UserId(Uuid::nil());
    // Items get random (time-ordered) ids: the nil id is a new one.
    let new_item = NONE;
    match step {
        Step::ScheduleInterview => Command::ScheduleInterview {
            at,
            interviewer: someone,
        },
        Step::RecordInterview => Command::RecordInterview {
            held_on: today,
            eligibility: Eligibility::default(),
            notes: None,
        },
        Step::CancelInterview => Command::CancelInterview { reason: text() },
        Step::Admit => Command::Admit,
        Step::PutOnHold => Command::PutOnHold { reason: text() },
        Step::Decline => Command::Decline { reason: text() },
        Step::CloseAsDuplicate => Command::CloseAsDuplicate {
            of: crate::ids::MunicipalityId(Uuid::nil()),
            merge: false,
        },
        Step::AssignContactPerson => Command::AssignContactPerson {
            person: PersonId(Uuid::nil()),
            user: someone,
            contact: some_details(),
            language: Language::default(),
            new_account: false,
        },
        Step::AssignFacilitator => Command::AssignFacilitator {
            facilitator: someone,
        },
        Step::StartSelfCheck => Command::StartSelfCheck,
        Step::SaveSelfCheckAnswer => Command::SaveSelfCheckAnswer {
            indicator: ctx
                .framework
                .fields
                .iter()
                .flat_map(|f| &f.indicators)
                .map(|i| i.id.clone())
                .next()
                .unwrap_or_default(),
            answer: Answer::level(0),
        },
        Step::SubmitSelfCheck => Command::SubmitSelfCheck,
        Step::ScheduleWorkshop => Command::ScheduleWorkshop {
            at,
            place: text(),
            facilitator: Some(someone),
            invited: Vec::new(),
        },
        Step::RecordWorkshop => Command::RecordWorkshop {
            held_on: today,
            participants: 1,
            priorities: ctx
                .framework
                .fields
                .iter()
                .map(|f| f.id.clone())
                .take(1)
                .collect(),
            action_plan: Vec::new(),
            notes: None,
        },
        Step::CancelWorkshop => Command::CancelWorkshop { reason: text() },
        Step::CompleteNextStep => Command::CompleteNextStep { step: item },
        // The step as it stands: an edit that changes nothing is accepted.
        Step::EditNextStep => match m.next_steps.get(&item) {
            Some(s) => Command::EditNextStep {
                step: item,
                what: s.what.clone(),
                who: s.who.clone(),
                due: s.due,
            },
            None => Command::CompleteNextStep { step: item },
        },
        Step::AssignNextStep => Command::AssignNextStep {
            step: item,
            to: crate::municipality::StepOwner::Colleague(someone),
        },
        Step::DropNextStep => Command::DropNextStep {
            step: item,
            reason: text(),
        },
        Step::MoveSupport => Command::MoveSupport {
            id: item,
            on: day,
            time: None,
            place: None,
        },
        Step::CancelSupport => Command::CancelSupport {
            id: item,
            reason: text(),
        },
        Step::PlanSupport => Command::PlanSupport {
            id: new_item,
            format: SupportFormat::ALL[0],
            audience: Audience::ALL[0],
            on: day,
            topic: text(),
            time: None,
            place: None,
        },
        Step::RecordSupport => Command::RecordSupport {
            id: item,
            held_on: today,
            participants: 1,
            notes: None,
        },
        Step::PlanDialogueEvent => Command::PlanDialogueEvent {
            id: new_item,
            format: DialogueFormat::ALL[0],
            at,
            place: text(),
            topic: text(),
        },
        Step::RecordDialogueEvent => Command::RecordDialogueEvent {
            id: item,
            held_on: today,
            attendance: Attendance::default(),
            outcomes: None,
        },
        Step::MoveDialogueEvent => Command::MoveDialogueEvent {
            id: item,
            at,
            place: None,
        },
        Step::CancelDialogueEvent => Command::CancelDialogueEvent {
            id: item,
            reason: text(),
        },
        Step::Complete => Command::Complete { learning: long() },
        Step::CorrectProfile => Command::CorrectProfile {
            profile: m.profile.clone(),
            reason: None,
        },
        // A correction as things stand (accepted, changing nothing) where there is
        // something recorded to correct.
        Step::CorrectSubmitter => Command::CorrectSubmitter {
            submitter: m
                .submitter
                .get()
                .cloned()
                .unwrap_or_else(|| some_details().into()),
            reason: None,
        },
        Step::CorrectContactDetails => Command::CorrectContactDetails {
            contact: m
                .contact
                .as_ref()
                .and_then(|c| c.contact.get().cloned())
                .unwrap_or_else(some_details),
            reason: None,
        },
        Step::CorrectInterview => Command::CorrectInterview {
            eligibility: m
                .interview
                .as_ref()
                .and_then(|i| i.eligibility)
                .unwrap_or_default(),
            notes: m.interview.as_ref().and_then(|i| i.notes.clone()),
            reason: None,
        },
        Step::CorrectWorkshop => Command::CorrectWorkshop {
            participants: m.workshop.as_ref().map_or(1, |w| w.participants.max(1)),
            priorities: m
                .workshop
                .as_ref()
                .map(|w| w.priorities.clone())
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| {
                    ctx.framework
                        .fields
                        .iter()
                        .map(|f| f.id.clone())
                        .take(1)
                        .collect()
                }),
            notes: m.workshop.as_ref().and_then(|w| w.notes.clone()),
            reason: None,
        },
        Step::CorrectSupport => Command::CorrectSupport {
            id: item,
            participants: m.support.get(&item).map_or(0, |x| x.participants),
            notes: m.support.get(&item).and_then(|x| x.notes.clone()),
            reason: None,
        },
        Step::CorrectDialogueEvent => Command::CorrectDialogueEvent {
            id: item,
            attendance: m
                .dialogue_events
                .get(&item)
                .and_then(|x| x.attendance)
                .unwrap_or_default(),
            outcomes: m
                .dialogue_events
                .get(&item)
                .and_then(|x| x.outcomes.clone()),
            reason: None,
        },
        Step::Withdraw => Command::Withdraw { reason: text() },
    }
}

/// A person's details that any check accepts.
fn some_details() -> ContactDetails {
    ContactDetails {
        name: PersonName::parse("name", "–").expect("a dash is a name"),
        role: ShortText::parse("role", "–").expect("a dash is a short text"),
        email: EmailAddress::parse("email", "kontakt@example.org").expect("an address"),
        phone: None,
    }
}
