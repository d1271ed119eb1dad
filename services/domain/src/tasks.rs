//! Tasks derived from the journey: what is due, for whom, by when. A pure function of a
//! municipality's state, its programme's settings and today's date, so that reminders,
//! boards and "Meine Aufgaben" all agree.

use crate::UserId;
use crate::ids::ItemId;
use crate::municipality::{Municipality, StepOwner};
use crate::programme::ProgrammeSettings;
use crate::values::Stage;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Who a task is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Assignee {
    Team,
    Facilitator,
    Contact,
}

/// What kind of task it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskKind {
    /// Schedule the initial interview after an interest form came in.
    ScheduleInterview,
    /// Decide on admission after the interview was held.
    DecideAdmission,
    /// A seat is free and the municipality is first on the waiting list: admit it (or
    /// decide otherwise).
    AdmitFromWaitingList,
    /// Name a contact person after admission.
    AssignContactPerson,
    /// Name a facilitator after admission.
    AssignFacilitator,
    /// Fill in and submit the self-check.
    SubmitSelfCheck,
    /// Set a date for the workshop once the self-check is in.
    ScheduleWorkshop,
    /// Get ready for the scheduled workshop (invitations, room).
    PrepareWorkshop,
    /// Record the workshop after it took place.
    RecordWorkshop,
    /// Record attendance of a dialogue event after it took place.
    RecordDialogueAttendance,
    /// Record a decision-maker format after it took place.
    RecordSupport,
    /// A next step of the action plan.
    NextStep,
    /// The participation window is closing: complete or plan the end.
    ParticipationWindowClosing,
}

/// Whether a task is still to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskState {
    Open,
    Done,
}

/// One task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    /// Stable within the municipality: the same task keeps its key as the journey moves on.
    pub key: String,
    pub kind: TaskKind,
    pub assignee: Assignee,
    pub due: NaiveDate,
    pub state: TaskState,
    /// The dialogue event, format or next step the task is about.
    pub item: Option<ItemId>,
    /// The one person it is for, where it is not the assignee's role as a whole (a next
    /// step given to a colleague of the contact person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<UserId>,
}

impl Task {
    /// Open and past its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.state == TaskState::Open && self.due < today
    }
}

fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

fn task(kind: TaskKind, key: String, assignee: Assignee, due: NaiveDate, done: bool) -> Task {
    Task {
        key,
        kind,
        assignee,
        due,
        state: if done {
            TaskState::Done
        } else {
            TaskState::Open
        },
        item: None,
        person: None,
    }
}

/// What a municipality's tasks depend on beyond its own stream and its programme's
/// settings: where it stands among the programme's other municipalities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing {
    /// Its place on the waiting list (1 is next), while it waits.
    pub waiting_place: Option<u32>,
    /// First on the waiting list while a seat is free: since when
    /// ([`crate::programme::Programme::next_for_free_seat`]).
    pub free_seat_since: Option<NaiveDate>,
}

/// Every task of a municipality, open and done, in due-date order. A municipality that has
/// ended (completed, declined, withdrawn) keeps only its done tasks.
pub fn tasks_for(m: &Municipality, settings: &ProgrammeSettings, standing: Standing) -> Vec<Task> {
    let d = &settings.deadlines;
    let mut out = Vec::new();
    use Assignee::*;
    use TaskKind::*;

    // Before admission, the team's inbox: every form gets an interview, every interview a
    // decision. A decision of any kind (also on hold or the waiting list) settles both.
    let decided = m.admitted_on.is_some()
        || matches!(
            m.stage(),
            Stage::WaitingList | Stage::OnHold | Stage::Declined
        );
    // A cancelled interview needs a new date, counted from the cancellation.
    let interview_cancelled = m.interview.as_ref().and_then(|i| i.cancelled.as_ref());
    out.push(task(
        ScheduleInterview,
        "schedule-interview".into(),
        Team,
        add_days(
            interview_cancelled.map_or(m.submitted_on, |(on, _)| *on),
            d.schedule_interview_days,
        ),
        (m.interview.is_some() && interview_cancelled.is_none()) || decided,
    ));
    if let Some(held_on) = m.interview.as_ref().and_then(|i| i.held_on) {
        out.push(task(
            DecideAdmission,
            "decide".into(),
            Team,
            add_days(held_on, d.decide_days),
            decided,
        ));
    }

    // A seat came free and this municipality is next: the team admits it.
    if let Some(since) = standing.free_seat_since
        && m.stage() == Stage::WaitingList
    {
        out.push(task(
            AdmitFromWaitingList,
            format!("admit-from-waiting-list-{since}"),
            Team,
            add_days(since, d.decide_days),
            false,
        ));
    }

    let Some(admitted) = m.admitted_on else {
        return finish(m, out);
    };

    let contact_due = add_days(admitted, d.assign_contact_days);
    out.push(task(
        AssignContactPerson,
        "assign-contact".into(),
        Team,
        contact_due,
        m.contact.is_some(),
    ));
    out.push(task(
        AssignFacilitator,
        "assign-facilitator".into(),
        Team,
        contact_due,
        m.facilitator.is_some(),
    ));

    if let Some(contact) = m.former_contacts.first().or(m.contact.as_ref()) {
        out.push(task(
            SubmitSelfCheck,
            "self-check-1".into(),
            Contact,
            add_days(contact.since, d.self_check_days),
            m.first_self_check_submitted(),
        ));
    }

    // A cancelled workshop needs a new date, counted from the cancellation.
    let workshop_cancelled = m.workshop.as_ref().and_then(|w| w.cancelled.as_ref());
    if let Some((submitted_on, _)) = m.self_checks.first().and_then(|s| s.submitted.as_ref()) {
        out.push(task(
            ScheduleWorkshop,
            "schedule-workshop".into(),
            Facilitator,
            add_days(
                workshop_cancelled.map_or(*submitted_on, |(on, _)| *on),
                d.schedule_workshop_days,
            ),
            m.workshop.is_some() && workshop_cancelled.is_none(),
        ));
    }

    if let Some(w) = m.workshop.as_ref().filter(|w| w.cancelled.is_none()) {
        let day = w.at.date();
        out.push(task(
            PrepareWorkshop,
            "prepare-workshop".into(),
            Contact,
            day.pred_opt().unwrap_or(day),
            w.held_on.is_some() || m.stage() == Stage::Implementation,
        ));
        out.push(task(
            RecordWorkshop,
            "record-workshop".into(),
            Facilitator,
            add_days(day, d.record_attendance_days),
            w.held_on.is_some(),
        ));
        // After the workshop, the second self-check shows what changed.
        if let Some(held_on) = w.held_on {
            out.push(task(
                SubmitSelfCheck,
                "self-check-2".into(),
                Contact,
                add_days(held_on, d.second_self_check_days),
                m.self_checks.get(1).is_some_and(|s| s.submitted.is_some()),
            ));
        }
    }

    // A cancelled dialogue event has nothing left to record.
    for (id, e) in m
        .dialogue_events
        .iter()
        .filter(|(_, e)| e.cancelled.is_none())
    {
        let mut t = task(
            RecordDialogueAttendance,
            format!("dialogue-{id}"),
            Facilitator,
            add_days(e.at.date(), d.record_attendance_days),
            e.held_on.is_some(),
        );
        t.item = Some(*id);
        out.push(t);
    }

    // A cancelled format or a dropped next step asks nothing of anyone any more.
    for (id, s) in m.support.iter().filter(|(_, s)| s.cancelled.is_none()) {
        let mut t = task(
            RecordSupport,
            format!("support-{id}"),
            Team,
            add_days(s.on, d.record_attendance_days),
            s.held_on.is_some(),
        );
        t.item = Some(*id);
        out.push(t);
    }

    for (id, s) in m.next_steps.iter().filter(|(_, s)| s.dropped.is_none()) {
        let (assignee, person) = match s.owner {
            StepOwner::ContactPerson => (Contact, None),
            StepOwner::Facilitator => (Facilitator, None),
            StepOwner::Colleague(user) => (Contact, Some(user)),
        };
        let mut t = task(
            NextStep,
            format!("step-{id}"),
            assignee,
            s.due,
            s.done_on.is_some(),
        );
        t.item = Some(*id);
        t.person = person;
        out.push(t);
    }

    if let Some(end) = m.window_ends_on {
        out.push(task(
            ParticipationWindowClosing,
            "window-closing".into(),
            Team,
            end,
            m.completed.is_some(),
        ));
    }

    finish(m, out)
}

/// A municipality that has ended keeps only its done tasks; in due-date order.
fn finish(m: &Municipality, mut out: Vec<Task>) -> Vec<Task> {
    if m.stage().is_final() {
        out.retain(|t| t.state == TaskState::Done);
    }
    out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.key.cmp(&b.key)));
    out
}

/// The open tasks that should be visible today: everything open, except the closing-window
/// task, which appears only within the notice period.
pub fn open_tasks(
    m: &Municipality,
    settings: &ProgrammeSettings,
    standing: Standing,
    today: NaiveDate,
) -> Vec<Task> {
    tasks_for(m, settings, standing)
        .into_iter()
        .filter(|t| t.state == TaskState::Open)
        .filter(|t| {
            t.kind != TaskKind::ParticipationWindowClosing
                || today
                    >= t.due
                        .checked_sub_days(Days::new(u64::from(
                            settings.deadlines.window_notice_days,
                        )))
                        .unwrap_or(t.due)
        })
        .collect()
}
