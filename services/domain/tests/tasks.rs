//! Tasks derived from the journey: the exact set at several points with the default
//! deadlines (10 days from the form to a scheduled interview, 14 from the interview to a
//! decision, 14 to assign, 28 to submit the self-check, 21 to schedule the
//! workshop, 7 to record what was held, 30 days' notice of the closing window).

mod support;

use Assignee::{Contact, Facilitator, Team};
use TaskState::{Done, Open};
use chrono::NaiveDate;
use lotse_domain::UserId;
use lotse_domain::ids::ItemId;
use lotse_domain::municipality::MunicipalityEvent as E;
use lotse_domain::programme::ProgrammeSettings;
use lotse_domain::tasks::{Assignee, Standing, Task, TaskKind, TaskState, open_tasks, tasks_for};
use support::*;

fn task(kind: TaskKind, key: &str, assignee: Assignee, due: NaiveDate, state: TaskState) -> Task {
    Task {
        key: key.into(),
        kind,
        assignee,
        due,
        state,
        item: None,
        person: None,
    }
}

fn item_task(
    kind: TaskKind,
    prefix: &str,
    item: ItemId,
    assignee: Assignee,
    due: NaiveDate,
    state: TaskState,
) -> Task {
    Task {
        key: format!("{prefix}-{item}"),
        kind,
        assignee,
        due,
        state,
        item: Some(item),
        person: None,
    }
}

fn assign_contact_task(state: TaskState) -> Task {
    task(
        TaskKind::AssignContactPerson,
        "assign-contact",
        Team,
        d(2025, 2, 3),
        state,
    )
}
fn assign_facilitator_task(state: TaskState) -> Task {
    task(
        TaskKind::AssignFacilitator,
        "assign-facilitator",
        Team,
        d(2025, 2, 3),
        state,
    )
}
fn self_check_task(state: TaskState) -> Task {
    task(
        TaskKind::SubmitSelfCheck,
        "self-check-1",
        Contact,
        d(2025, 2, 24),
        state,
    )
}
fn schedule_workshop_task(state: TaskState) -> Task {
    task(
        TaskKind::ScheduleWorkshop,
        "schedule-workshop",
        Facilitator,
        d(2025, 3, 3),
        state,
    )
}
fn prepare_workshop_task(state: TaskState) -> Task {
    task(
        TaskKind::PrepareWorkshop,
        "prepare-workshop",
        Contact,
        d(2025, 3, 2),
        state,
    )
}
fn record_workshop_task(state: TaskState) -> Task {
    task(
        TaskKind::RecordWorkshop,
        "record-workshop",
        Facilitator,
        d(2025, 3, 10),
        state,
    )
}
fn second_self_check_task(state: TaskState) -> Task {
    // Eight weeks after the workshop of 3 March.
    task(
        TaskKind::SubmitSelfCheck,
        "self-check-2",
        Contact,
        d(2025, 4, 28),
        state,
    )
}
fn step_task(step: ItemId, due: NaiveDate, state: TaskState) -> Task {
    item_task(TaskKind::NextStep, "step", step, Contact, due, state)
}
fn support_task(state: TaskState) -> Task {
    item_task(
        TaskKind::RecordSupport,
        "support",
        SUPPORT,
        Team,
        d(2025, 3, 27),
        state,
    )
}
fn dialogue_task(state: TaskState) -> Task {
    item_task(
        TaskKind::RecordDialogueAttendance,
        "dialogue",
        DIALOGUE,
        Facilitator,
        d(2025, 4, 17),
        state,
    )
}
fn window_task(state: TaskState) -> Task {
    task(
        TaskKind::ParticipationWindowClosing,
        "window-closing",
        Team,
        d(2025, 7, 20),
        state,
    )
}

/// Whether a task belongs to the team's inbox before admission (tested on their own below).
fn before_admission(t: &Task) -> bool {
    matches!(
        t.kind,
        TaskKind::ScheduleInterview | TaskKind::DecideAdmission
    )
}

/// Every task, including the inbox before admission.
fn all_tasks(history: &[E]) -> Vec<Task> {
    tasks_for(&state(history), &settings(), Standing::default())
}

/// The tasks of the journey from admission on.
fn tasks(history: &[E]) -> Vec<Task> {
    let mut all = all_tasks(history);
    all.retain(|t| !before_admission(t));
    all
}

fn open(history: &[E], today: NaiveDate) -> Vec<Task> {
    let mut open = open_tasks(&state(history), &settings(), Standing::default(), today);
    open.retain(|t| !before_admission(t));
    open
}

fn schedule_interview_task(state: TaskState) -> Task {
    // Ten days after the form of 6 January.
    task(
        TaskKind::ScheduleInterview,
        "schedule-interview",
        Team,
        d(2025, 1, 16),
        state,
    )
}
fn decide_task(state: TaskState) -> Task {
    // Fourteen days after the interview of 13 January.
    task(
        TaskKind::DecideAdmission,
        "decide",
        Team,
        d(2025, 1, 27),
        state,
    )
}

fn keys(tasks: &[Task]) -> Vec<&str> {
    tasks.iter().map(|t| t.key.as_str()).collect()
}

// ---------------------------------------------------------------------------------------
// The exact set of tasks along the journey
// ---------------------------------------------------------------------------------------

#[test]
fn a_municipality_that_is_not_admitted_has_no_tasks_of_the_journey() {
    for history in [
        at_interest(),
        at_interview_scheduled(),
        at_interviewed(),
        at_waiting_list(),
        at_on_hold(),
    ] {
        assert_eq!(tasks(&history), Vec::new(), "{:?}", stage(&history));
    }
}

#[test]
fn a_new_form_gives_the_team_ten_days_to_schedule_the_interview() {
    assert_eq!(
        all_tasks(&at_interest()),
        vec![schedule_interview_task(Open)]
    );
    assert!(all_tasks(&at_interest())[0].is_overdue(d(2025, 1, 17)));
    assert_eq!(
        all_tasks(&at_interview_scheduled()),
        vec![schedule_interview_task(Done)]
    );
}

#[test]
fn a_held_interview_gives_the_team_fourteen_days_to_decide_and_any_decision_settles_it() {
    assert_eq!(
        all_tasks(&at_interviewed()),
        vec![schedule_interview_task(Done), decide_task(Open)]
    );
    for decided in [
        at_admitted(),
        at_waiting_list(),
        at_on_hold(),
        at_declined(),
    ] {
        let inbox: Vec<Task> = all_tasks(&decided)
            .into_iter()
            .filter(before_admission)
            .collect();
        assert_eq!(
            inbox,
            vec![schedule_interview_task(Done), decide_task(Done)],
            "{:?}",
            stage(&decided)
        );
    }
}

#[test]
fn a_form_withdrawn_before_the_interview_leaves_the_team_nothing_to_do() {
    let history = [at_interest(), vec![withdrew(d(2025, 1, 10))]].concat();
    assert_eq!(all_tasks(&history), Vec::new());
}

#[test]
fn the_inbox_deadlines_follow_the_programme_settings() {
    let mut settings = settings();
    settings.deadlines.schedule_interview_days = 3;
    settings.deadlines.decide_days = 5;
    let due: Vec<NaiveDate> = tasks_for(&state(&at_interviewed()), &settings, Standing::default())
        .iter()
        .map(|t| t.due)
        .collect();
    assert_eq!(due, vec![d(2025, 1, 9), d(2025, 1, 18)]);
}

#[test]
fn after_admission_the_team_has_fourteen_days_to_assign_contact_person_and_facilitator() {
    assert_eq!(
        tasks(&at_admitted()),
        vec![
            assign_contact_task(Open),
            assign_facilitator_task(Open),
            window_task(Open),
        ]
    );
}

#[test]
fn once_assigned_the_contact_person_has_twenty_eight_days_for_the_self_check() {
    assert_eq!(
        tasks(&at_onboarded()),
        vec![
            assign_contact_task(Done),
            assign_facilitator_task(Done),
            self_check_task(Open),
            window_task(Open),
        ]
    );
    // Answering does not change the task until the self-check is submitted.
    assert_eq!(tasks(&at_self_check_answered()), tasks(&at_onboarded()));
}

#[test]
fn a_contact_person_without_a_facilitator_already_owes_the_self_check() {
    let history = [at_admitted(), vec![contact_assigned()]].concat();
    assert_eq!(
        tasks(&history),
        vec![
            assign_contact_task(Done),
            assign_facilitator_task(Open),
            self_check_task(Open),
            window_task(Open),
        ]
    );
}

#[test]
fn after_the_self_check_the_facilitator_has_twenty_one_days_to_schedule_the_workshop() {
    assert_eq!(
        tasks(&at_self_check_submitted()),
        vec![
            assign_contact_task(Done),
            assign_facilitator_task(Done),
            self_check_task(Done),
            schedule_workshop_task(Open),
            window_task(Open),
        ]
    );
}

#[test]
fn a_scheduled_workshop_is_prepared_the_day_before_and_recorded_within_a_week() {
    assert_eq!(
        tasks(&at_workshop_scheduled()),
        vec![
            assign_contact_task(Done),
            assign_facilitator_task(Done),
            self_check_task(Done),
            prepare_workshop_task(Open),
            schedule_workshop_task(Done),
            record_workshop_task(Open),
            window_task(Open),
        ]
    );
}

#[test]
fn each_next_step_of_the_action_plan_becomes_a_task_for_the_contact_person() {
    assert_eq!(
        tasks(&at_workshop_held()),
        vec![
            assign_contact_task(Done),
            assign_facilitator_task(Done),
            self_check_task(Done),
            prepare_workshop_task(Done),
            schedule_workshop_task(Done),
            record_workshop_task(Done),
            step_task(STEP_1, step_1_due(), Open),
            second_self_check_task(Open),
            step_task(STEP_2, step_2_due(), Open),
            window_task(Open),
        ]
    );
}

#[test]
fn planned_support_and_dialogue_events_ask_for_a_record_within_a_week() {
    let history = [
        at_workshop_held(),
        vec![support_planned(), dialogue_planned(DIALOGUE, dialogue_at())],
    ]
    .concat();
    assert_eq!(
        tasks(&history),
        vec![
            assign_contact_task(Done),
            assign_facilitator_task(Done),
            self_check_task(Done),
            prepare_workshop_task(Done),
            schedule_workshop_task(Done),
            record_workshop_task(Done),
            support_task(Open),
            step_task(STEP_1, step_1_due(), Open),
            dialogue_task(Open),
            second_self_check_task(Open),
            step_task(STEP_2, step_2_due(), Open),
            window_task(Open),
        ]
    );
}

#[test]
fn a_cancelled_dialogue_event_leaves_no_task_to_record_it() {
    let history = [
        at_dialogue_planned(),
        vec![E::DialogueEventCancelled {
            id: DIALOGUE,
            on: d(2025, 4, 1),
            reason: short("Die Referentin ist erkrankt."),
        }],
    ]
    .concat();
    assert!(
        !keys(&tasks(&history)).contains(&format!("dialogue-{DIALOGUE}").as_str()),
        "{:?}",
        keys(&tasks(&history))
    );
    // Nothing about it is overdue either, long after its day.
    assert!(
        open(&history, d(2025, 6, 1))
            .iter()
            .all(|t| t.item != Some(DIALOGUE))
    );
}

#[test]
fn recording_what_was_held_and_doing_a_step_closes_their_tasks() {
    let history = [
        at_ready_to_complete(),
        vec![
            support_planned(),
            support_held(),
            next_step_completed(STEP_1, d(2025, 3, 30)),
        ],
    ]
    .concat();
    assert_eq!(
        tasks(&history),
        vec![
            assign_contact_task(Done),
            assign_facilitator_task(Done),
            self_check_task(Done),
            prepare_workshop_task(Done),
            schedule_workshop_task(Done),
            record_workshop_task(Done),
            support_task(Done),
            step_task(STEP_1, step_1_due(), Done),
            dialogue_task(Done),
            second_self_check_task(Open),
            step_task(STEP_2, step_2_due(), Open),
            window_task(Open),
        ]
    );
}

#[test]
fn after_the_workshop_the_contact_person_has_eight_weeks_for_the_second_self_check() {
    assert!(tasks(&at_workshop_held()).contains(&second_self_check_task(Open)));
    // Starting it changes nothing; submitting it closes the task.
    let started = [at_workshop_held(), vec![self_check_started(2, TODAY)]].concat();
    assert_eq!(tasks(&started), tasks(&at_workshop_held()));
    let submitted = [
        started,
        standard_answers_saved(2),
        vec![self_check_submitted(2, TODAY)],
    ]
    .concat();
    assert!(tasks(&submitted).contains(&second_self_check_task(Done)));
}

#[test]
fn replacing_the_contact_person_keeps_the_self_check_due_date_of_the_first_assignment() {
    let replacement = E::ContactPersonAssigned {
        contact: lotse_domain::Personal::new(NEW_CONTACT, new_contact_details()),
        language: lotse_domain::values::Language::De,
        user: NEW_CONTACT_USER,
        replaces: Some(CONTACT),
        on: d(2025, 2, 20),
        new_account: false,
    };
    let history = [at_self_check_running(), vec![replacement]].concat();
    assert_eq!(
        tasks(&history),
        vec![
            assign_contact_task(Done),
            assign_facilitator_task(Done),
            self_check_task(Open),
            window_task(Open),
        ]
    );
}

#[test]
fn deadlines_follow_the_programme_settings() {
    let mut settings: ProgrammeSettings = settings();
    settings.deadlines.assign_contact_days = 7;
    settings.deadlines.self_check_days = 10;
    settings.deadlines.schedule_workshop_days = 5;
    settings.deadlines.record_attendance_days = 2;
    let due: Vec<(String, NaiveDate)> = tasks_for(
        &state(&at_workshop_scheduled()),
        &settings,
        Standing::default(),
    )
    .into_iter()
    .filter(|t| !before_admission(t))
    .map(|t| (t.key, t.due))
    .collect();
    assert_eq!(
        due,
        vec![
            ("assign-contact".to_string(), d(2025, 1, 27)),
            ("assign-facilitator".to_string(), d(2025, 1, 27)),
            ("self-check-1".to_string(), d(2025, 2, 6)),
            ("schedule-workshop".to_string(), d(2025, 2, 15)),
            ("prepare-workshop".to_string(), d(2025, 3, 2)),
            ("record-workshop".to_string(), d(2025, 3, 5)),
            ("window-closing".to_string(), d(2025, 7, 20)),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Overdue
// ---------------------------------------------------------------------------------------

#[test]
fn an_open_task_is_overdue_only_after_its_due_day() {
    let assign = &tasks(&at_admitted())[0];
    assert_eq!(assign.key, "assign-contact");
    assert!(!assign.is_overdue(d(2025, 2, 2)));
    assert!(!assign.is_overdue(d(2025, 2, 3)), "not on the due day");
    assert!(assign.is_overdue(d(2025, 2, 4)));
}

#[test]
fn a_done_task_is_never_overdue() {
    let assign = &tasks(&at_onboarded())[0];
    assert_eq!(assign.state, Done);
    assert!(!assign.is_overdue(d(2026, 1, 1)));
}

#[test]
fn the_overdue_tasks_of_a_late_municipality_are_the_open_ones_past_their_date() {
    let late = open(&at_self_check_submitted(), d(2025, 3, 5));
    let overdue: Vec<&str> = late
        .iter()
        .filter(|t| t.is_overdue(d(2025, 3, 5)))
        .map(|t| t.key.as_str())
        .collect();
    assert_eq!(overdue, vec!["schedule-workshop"]);
}

// ---------------------------------------------------------------------------------------
// Ended municipalities
// ---------------------------------------------------------------------------------------

#[test]
fn a_completed_municipality_keeps_only_its_done_tasks_and_the_window_task_is_done() {
    let history = at_completed();
    assert_eq!(
        tasks(&history),
        vec![
            assign_contact_task(Done),
            assign_facilitator_task(Done),
            self_check_task(Done),
            prepare_workshop_task(Done),
            schedule_workshop_task(Done),
            record_workshop_task(Done),
            dialogue_task(Done),
            window_task(Done),
        ]
    );
    assert_eq!(open(&history, TODAY), Vec::new());
}

#[test]
fn a_withdrawn_municipality_keeps_only_its_done_tasks() {
    assert_eq!(
        tasks(&at_withdrawn()),
        vec![
            assign_contact_task(Done),
            assign_facilitator_task(Done),
            self_check_task(Done),
            prepare_workshop_task(Done),
            schedule_workshop_task(Done),
            record_workshop_task(Done),
        ]
    );
    assert_eq!(open(&at_withdrawn(), d(2025, 7, 1)), Vec::new());
}

#[test]
fn a_municipality_that_withdrew_right_after_admission_has_no_tasks_left() {
    let history = [at_admitted(), vec![withdrew(d(2025, 1, 22))]].concat();
    assert_eq!(tasks(&history), Vec::new());
}

#[test]
fn declined_municipalities_and_those_that_withdrew_before_admission_have_no_tasks() {
    assert_eq!(tasks(&at_declined()), Vec::new());
    let history = [at_waiting_list(), vec![withdrew(d(2025, 2, 1))]].concat();
    assert_eq!(tasks(&history), Vec::new());
}

// ---------------------------------------------------------------------------------------
// Open tasks and the closing window
// ---------------------------------------------------------------------------------------

#[test]
fn open_tasks_leave_out_done_tasks() {
    assert_eq!(
        open(&at_self_check_submitted(), d(2025, 2, 11)),
        vec![schedule_workshop_task(Open)]
    );
}

#[test]
fn the_window_closing_task_appears_only_within_the_notice_period() {
    let history = at_workshop_held();
    // The window ends on 20 July; the notice period is 30 days.
    assert_eq!(
        keys(&open(&history, d(2025, 6, 19))),
        vec![
            format!("step-{STEP_1}").as_str(),
            "self-check-2",
            format!("step-{STEP_2}").as_str()
        ]
    );
    assert_eq!(
        keys(&open(&history, d(2025, 6, 20))),
        vec![
            format!("step-{STEP_1}").as_str(),
            "self-check-2",
            format!("step-{STEP_2}").as_str(),
            "window-closing"
        ]
    );
    let after = open(&history, d(2025, 7, 21));
    let window = after.last().unwrap();
    assert_eq!(window.key, "window-closing");
    assert!(window.is_overdue(d(2025, 7, 21)));
}

#[test]
fn the_notice_period_follows_the_programme_settings() {
    let mut settings = settings();
    settings.deadlines.window_notice_days = 7;
    let m = state(&at_admitted());
    let visible = |today| {
        open_tasks(&m, &settings, Standing::default(), today)
            .iter()
            .any(|t| t.kind == TaskKind::ParticipationWindowClosing)
    };
    assert!(!visible(d(2025, 7, 12)));
    assert!(visible(d(2025, 7, 13)));
    assert!(visible(d(2025, 7, 20)));
}

#[test]
fn tasks_for_lists_the_window_task_even_outside_the_notice_period() {
    assert!(
        tasks(&at_admitted())
            .iter()
            .any(|t| t.kind == TaskKind::ParticipationWindowClosing)
    );
}

#[test]
fn a_cancelled_workshop_leaves_no_task_to_prepare_or_record_it_and_asks_for_a_new_date() {
    let cancelled_on = d(2025, 2, 20);
    let history = [
        at_workshop_scheduled(),
        vec![E::WorkshopCancelled {
            on: cancelled_on,
            reason: short("Der Ratssaal ist belegt."),
        }],
    ]
    .concat();
    let all = tasks(&history);
    assert!(
        !keys(&all).contains(&"prepare-workshop"),
        "{:?}",
        keys(&all)
    );
    assert!(!keys(&all).contains(&"record-workshop"), "{:?}", keys(&all));
    let schedule = all.iter().find(|t| t.key == "schedule-workshop").unwrap();
    assert_eq!(schedule.state, Open);
    // Three weeks from the cancellation, not from the self-check.
    assert_eq!(schedule.due, d(2025, 3, 13));
    // Long after the workshop's old day, nothing about it is overdue but the new date.
    let overdue: Vec<_> = open(&history, d(2025, 4, 1))
        .into_iter()
        .filter(|t| t.is_overdue(d(2025, 4, 1)))
        .map(|t| t.key)
        .collect();
    assert!(
        overdue
            .iter()
            .all(|k| !k.ends_with("workshop") || k == "schedule-workshop"),
        "{overdue:?}"
    );
}

#[test]
fn a_cancelled_interview_puts_scheduling_one_back_into_the_teams_inbox() {
    let history = [
        at_interview_scheduled(),
        vec![E::InterviewCancelled {
            on: d(2025, 1, 10),
            reason: short("Die Bürgermeisterin ist verhindert."),
        }],
    ]
    .concat();
    let all = all_tasks(&history);
    let schedule = all.iter().find(|t| t.key == "schedule-interview").unwrap();
    assert_eq!(schedule.state, Open);
    assert_eq!(schedule.due, d(2025, 1, 20));
}

#[test]
fn a_dropped_next_step_and_a_cancelled_format_leave_no_task_and_an_edited_step_is_due_anew() {
    let history = [
        at_workshop_held(),
        vec![
            support_planned(),
            E::NextStepDropped {
                step: STEP_1,
                on: d(2025, 3, 10),
                reason: short("Kein Budget im Haushalt"),
            },
            E::NextStepEdited {
                step: STEP_2,
                what: short("Sprachcafé gründen"),
                who: short("Volkshochschule"),
                due: d(2025, 6, 1),
            },
            E::SupportCancelled {
                id: SUPPORT,
                on: d(2025, 3, 12),
                reason: short("Terminkonflikt im Rat"),
            },
        ],
    ]
    .concat();
    let all = tasks(&history);
    let keys = keys(&all);
    assert!(
        !keys.contains(&format!("step-{STEP_1}").as_str()),
        "{keys:?}"
    );
    assert!(
        !keys.contains(&format!("support-{SUPPORT}").as_str()),
        "{keys:?}"
    );
    let step_2 = all.iter().find(|t| t.item == Some(STEP_2)).unwrap();
    assert_eq!((step_2.due, step_2.state), (d(2025, 6, 1), Open));
}

// ---------------------------------------------------------------------------------------
// The waiting list
// ---------------------------------------------------------------------------------------

#[test]
fn the_first_on_the_waiting_list_gets_the_teams_admission_task_when_a_seat_frees_up() {
    // Decide days (14) count from the day the seat came free.
    let standing = Standing {
        waiting_place: Some(1),
        free_seat_since: Some(d(2025, 3, 3)),
    };
    let all = tasks_for(&state(&at_waiting_list()), &settings(), standing);
    let admit: Vec<&Task> = all
        .iter()
        .filter(|t| t.kind == TaskKind::AdmitFromWaitingList)
        .collect();
    assert_eq!(
        admit,
        vec![&task(
            TaskKind::AdmitFromWaitingList,
            "admit-from-waiting-list-2025-03-03",
            Assignee::Team,
            d(2025, 3, 17),
            Open
        )]
    );
}

#[test]
fn without_a_free_seat_or_off_the_waiting_list_there_is_no_admission_task() {
    let waiting_without_seat = Standing {
        waiting_place: Some(1),
        free_seat_since: None,
    };
    let admitted_with_seat = Standing {
        waiting_place: None,
        free_seat_since: Some(d(2025, 3, 3)),
    };
    for (history, standing) in [
        (at_waiting_list(), waiting_without_seat),
        (at_admitted(), admitted_with_seat),
    ] {
        assert!(
            tasks_for(&state(&history), &settings(), standing)
                .iter()
                .all(|t| t.kind != TaskKind::AdmitFromWaitingList)
        );
    }
}

// ---------------------------------------------------------------------------------------
// Next steps given to someone
// ---------------------------------------------------------------------------------------

#[test]
fn a_next_step_given_to_the_facilitator_or_a_colleague_is_their_task() {
    use lotse_domain::municipality::StepOwner;
    let colleague = UserId(uuid::Uuid::from_u128(0xc0));
    for (to, assignee, person) in [
        (StepOwner::Facilitator, Assignee::Facilitator, None),
        (
            StepOwner::Colleague(colleague),
            Assignee::Contact,
            Some(colleague),
        ),
        (StepOwner::ContactPerson, Assignee::Contact, None),
    ] {
        let history = then_add(
            at_workshop_held(),
            [E::NextStepAssigned { step: STEP_1, to }],
        );
        let t = tasks(&history)
            .into_iter()
            .find(|t| t.item == Some(STEP_1))
            .unwrap();
        assert_eq!((t.assignee, t.person), (assignee, person), "{to:?}");
    }
}
