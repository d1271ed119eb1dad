//! Given / when / then: every command of a municipality's journey, its success and every
//! refusal its decision can produce, and the stage each step leads to.

mod support;

use lotse_domain::municipality::{Command, Municipality, MunicipalityEvent as E};
use lotse_domain::personal::Personal;
use lotse_domain::values::{DialogueFormat, Eligibility, Language, Stage};
use lotse_domain::{DomainError, ValidationError};
use support::*;

fn invalid(field: &'static str, code: &'static str) -> DomainError {
    DomainError::Invalid(ValidationError::new(field, code))
}

// ---------------------------------------------------------------------------------------
// Interest
// ---------------------------------------------------------------------------------------

#[test]
fn interest_on_a_new_stream_is_recorded_with_today_as_the_submission_date() {
    given_nothing()
        .today(d(2025, 1, 6))
        .when(submit_interest(true))
        .then([interest_submitted()])
        .and_stage_is(Stage::Interest);
}

#[test]
fn interest_keeps_the_submitter_as_personal_data_of_the_given_person() {
    let then = given_nothing()
        .today(d(2025, 1, 6))
        .when(submit_interest(true))
        .then([interest_submitted()]);
    assert_eq!(then.state.submitter, Personal::new(SUBMITTER, submitter()));
    assert_eq!(then.state.programme, PROGRAMME);
    assert_eq!(then.state.submitted_on, d(2025, 1, 6));
}

#[test]
fn interest_from_a_municipality_that_already_registered_is_refused() {
    given(at_interest())
        .when(submit_interest(true))
        .then_refused(DomainError::AlreadyRegistered);
}

#[test]
fn interest_from_an_admitted_municipality_is_refused_as_already_registered() {
    given(at_workshop_held())
        .when(submit_interest(true))
        .then_refused(DomainError::AlreadyRegistered);
}

#[test]
fn interest_without_consent_to_be_contacted_is_refused() {
    given_nothing()
        .when(submit_interest(false))
        .then_refused(invalid("consentToContact", "required"));
}

#[test]
fn interest_in_a_programme_that_does_not_exist_is_refused() {
    given_nothing()
        .unknown_programme()
        .when(submit_interest(true))
        .then_refused(DomainError::UnknownProgramme);
}

// ---------------------------------------------------------------------------------------
// Unknown municipality
// ---------------------------------------------------------------------------------------

#[test]
fn every_command_but_interest_is_refused_for_an_unknown_municipality() {
    let commands = every_command_but_interest();
    let kinds: std::collections::BTreeSet<_> = commands.iter().map(command_name).collect();
    assert_eq!(kinds.len(), COMMAND_KINDS - 1, "one command of every kind");
    assert_eq!(commands.len(), kinds.len());
    assert!(!kinds.contains("SubmitInterest"));
    for command in commands {
        let name = command_name(&command);
        let outcome = given_nothing().when(command);
        assert_eq!(
            outcome.result(),
            &Err(DomainError::UnknownMunicipality),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Initial interview: scheduling
// ---------------------------------------------------------------------------------------

#[test]
fn an_interview_is_scheduled_after_interest() {
    given(at_interest())
        .when(schedule_interview())
        .then([interview_scheduled_on(TODAY)])
        .and_stage_is(Stage::Interview);
}

#[test]
fn an_interview_that_has_not_been_held_can_be_rescheduled() {
    let later = at(2025, 1, 15, 14);
    let then = given(at_interview_scheduled())
        .when(Command::ScheduleInterview {
            at: later,
            interviewer: TEAM_MEMBER,
        })
        .then([E::InterviewScheduled {
            at: later,
            interviewer: TEAM_MEMBER,
            scheduled_on: TODAY,
        }])
        .and_stage_is(Stage::Interview);
    assert_eq!(then.state.interview.unwrap().at, later);
}

#[test]
fn a_held_interview_cannot_be_scheduled_again_before_a_decision() {
    given(at_interviewed())
        .when(schedule_interview())
        .then_refused(DomainError::AlreadyHeld);
}

#[test]
fn a_municipality_on_hold_can_get_a_new_interview_and_leaves_the_hold() {
    let then = given(at_on_hold())
        .when(schedule_interview())
        .then([interview_scheduled_on(TODAY)])
        .and_stage_is(Stage::Interview);
    assert_eq!(then.state.pending, None);
}

#[test]
fn scheduling_an_interview_for_a_municipality_on_the_waiting_list_is_refused() {
    given(at_waiting_list())
        .when(schedule_interview())
        .then_refused(DomainError::WrongStage(Stage::WaitingList));
}

#[test]
fn scheduling_an_interview_after_admission_is_refused() {
    given(at_admitted())
        .when(schedule_interview())
        .then_refused(DomainError::WrongStage(Stage::Onboarding));
    given(at_workshop_held())
        .when(schedule_interview())
        .then_refused(DomainError::WrongStage(Stage::Implementation));
}

// ---------------------------------------------------------------------------------------
// Initial interview: recording
// ---------------------------------------------------------------------------------------

#[test]
fn a_held_interview_is_recorded_with_its_eligibility_and_notes() {
    let notes = long("Bürgermeisterin war dabei.");
    let then = given(at_interview_scheduled())
        .today(d(2025, 1, 13))
        .when(Command::RecordInterview {
            held_on: d(2025, 1, 13),
            eligibility: eligible(),
            notes: Some(notes.clone()),
        })
        .then([E::InterviewHeld {
            held_on: d(2025, 1, 13),
            eligibility: eligible(),
            notes: Some(notes),
        }])
        .and_stage_is(Stage::Interview);
    let interview = then.state.interview.unwrap();
    assert_eq!(interview.held_on, Some(d(2025, 1, 13)));
    assert_eq!(interview.eligibility, Some(eligible()));
}

#[test]
fn an_interview_that_misses_criteria_is_still_recorded() {
    let partly = Eligibility {
        decision_makers_support: true,
        contact_person_named: false,
        shares_learning: true,
    };
    given(at_interview_scheduled())
        .when(record_interview(interviewed_on(), partly))
        .then([E::InterviewHeld {
            held_on: interviewed_on(),
            eligibility: partly,
            notes: None,
        }]);
}

#[test]
fn recording_an_interview_that_was_never_scheduled_is_refused() {
    given(at_interest())
        .when(record_interview(interviewed_on(), eligible()))
        .then_refused(DomainError::NoInterviewScheduled);
}

#[test]
fn recording_an_interview_twice_is_refused() {
    given(at_interviewed())
        .when(record_interview(interviewed_on(), eligible()))
        .then_refused(DomainError::AlreadyHeld);
}

#[test]
fn recording_an_interview_held_in_the_future_is_refused() {
    given(at_interview_scheduled())
        .today(d(2025, 1, 12))
        .when(record_interview(d(2025, 1, 13), eligible()))
        .then_refused(DomainError::DateInFuture);
}

#[test]
fn recording_an_interview_for_a_municipality_on_hold_is_refused() {
    let history = [
        interest_submitted(),
        interview_scheduled(),
        put_on_hold_event(d(2025, 1, 10)),
    ];
    given(history)
        .when(record_interview(interviewed_on(), eligible()))
        .then_refused(DomainError::WrongStage(Stage::OnHold));
}

#[test]
fn recording_an_interview_after_admission_is_refused() {
    given(at_admitted())
        .when(record_interview(interviewed_on(), eligible()))
        .then_refused(DomainError::WrongStage(Stage::Onboarding));
}

// ---------------------------------------------------------------------------------------
// Admission
// ---------------------------------------------------------------------------------------

#[test]
fn an_eligible_interviewed_municipality_is_admitted_for_six_months() {
    let then = given(at_interviewed())
        .today(d(2025, 1, 20))
        .when(admit())
        .then([E::Admitted {
            admitted_on: d(2025, 1, 20),
            window_ends_on: d(2025, 7, 20),
        }])
        .and_stage_is(Stage::Onboarding);
    assert_eq!(then.state.admitted_on, Some(d(2025, 1, 20)));
    assert_eq!(then.state.window_ends_on, Some(d(2025, 7, 20)));
}

#[test]
fn the_participation_window_ends_on_the_last_day_of_a_shorter_month() {
    given(at_interviewed())
        .today(d(2025, 8, 31))
        .when(admit())
        .then([E::Admitted {
            admitted_on: d(2025, 8, 31),
            window_ends_on: d(2026, 2, 28),
        }]);
}

#[test]
fn the_participation_window_follows_the_programme_setting() {
    given(at_interviewed())
        .today(d(2025, 1, 20))
        .settings(|s| s.participation_months = 3)
        .when(admit())
        .then([E::Admitted {
            admitted_on: d(2025, 1, 20),
            window_ends_on: d(2025, 4, 20),
        }]);
}

#[test]
fn admitting_before_any_interview_is_refused() {
    given(at_interest())
        .when(admit())
        .then_refused(DomainError::WrongStage(Stage::Interest));
}

#[test]
fn admitting_before_the_interview_is_held_is_refused() {
    given(at_interview_scheduled())
        .when(admit())
        .then_refused(DomainError::InterviewNotHeld);
}

#[test]
fn admitting_a_municipality_that_misses_a_criterion_names_it() {
    let history = [
        interest_submitted(),
        interview_scheduled(),
        interview_held(Eligibility {
            decision_makers_support: true,
            contact_person_named: true,
            shares_learning: false,
        }),
    ];
    given(history)
        .when(admit())
        .then_refused(DomainError::NotEligible {
            missing: vec!["SHARES_LEARNING"],
        });
}

#[test]
fn admitting_a_municipality_that_misses_every_criterion_names_all_three() {
    let history = [
        interest_submitted(),
        interview_scheduled(),
        interview_held(Eligibility::default()),
    ];
    given(history)
        .when(admit())
        .then_refused(DomainError::NotEligible {
            missing: vec![
                "DECISION_MAKERS_SUPPORT",
                "CONTACT_PERSON_NAMED",
                "SHARES_LEARNING",
            ],
        });
}

#[test]
fn admission_past_capacity_places_the_municipality_on_the_waiting_list() {
    given(at_interviewed())
        .seats_taken_by_others(40)
        .when(admit())
        .then([placed_on_waiting_list(TODAY)])
        .and_stage_is(Stage::WaitingList);
}

#[test]
fn admission_respects_a_smaller_capacity_of_the_programme() {
    given(at_interviewed())
        .settings(|s| s.capacity = 2)
        .seats_taken_by_others(2)
        .when(admit())
        .then([placed_on_waiting_list(TODAY)]);
}

#[test]
fn admission_takes_the_last_free_seat() {
    given(at_interviewed())
        .today(d(2025, 1, 20))
        .seats_taken_by_others(39)
        .when(admit())
        .then([admitted()]);
}

#[test]
fn admitting_from_the_waiting_list_while_the_programme_is_still_full_is_refused() {
    given(at_waiting_list())
        .seats_taken_by_others(40)
        .when(admit())
        .then_refused(DomainError::CapacityReached);
}

#[test]
fn a_municipality_on_the_waiting_list_is_admitted_once_a_seat_is_free() {
    let then = given(at_waiting_list())
        .today(d(2025, 2, 3))
        .seats_taken_by_others(39)
        .when(admit())
        .then([E::Admitted {
            admitted_on: d(2025, 2, 3),
            window_ends_on: d(2025, 8, 3),
        }])
        .and_stage_is(Stage::Onboarding);
    assert_eq!(then.state.pending, None);
}

#[test]
fn an_eligible_municipality_on_hold_can_be_admitted() {
    given(at_on_hold())
        .today(d(2025, 1, 20))
        .when(admit())
        .then([admitted()])
        .and_stage_is(Stage::Onboarding);
}

#[test]
fn an_eligible_municipality_on_hold_goes_to_the_waiting_list_when_the_programme_is_full() {
    given(at_on_hold())
        .seats_taken_by_others(40)
        .when(admit())
        .then([placed_on_waiting_list(TODAY)])
        .and_stage_is(Stage::WaitingList);
}

#[test]
fn admitting_an_admitted_municipality_again_is_refused() {
    given(at_admitted())
        .when(admit())
        .then_refused(DomainError::WrongStage(Stage::Onboarding));
}

#[test]
fn admitting_into_a_programme_that_does_not_exist_is_refused() {
    given(at_interviewed())
        .unknown_programme()
        .when(admit())
        .then_refused(DomainError::UnknownProgramme);
}

// ---------------------------------------------------------------------------------------
// Hold and decline
// ---------------------------------------------------------------------------------------

#[test]
fn a_municipality_can_be_put_on_hold_with_a_reason_before_and_after_its_interview() {
    for history in [at_interest(), at_interview_scheduled(), at_interviewed()] {
        let then = given(history)
            .when(put_on_hold())
            .then([put_on_hold_event(TODAY)])
            .and_stage_is(Stage::OnHold);
        assert_eq!(
            then.state.pending,
            Some(lotse_domain::municipality::Pending::OnHold {
                since: TODAY,
                reason: hold_reason()
            })
        );
    }
}

#[test]
fn a_municipality_on_the_waiting_list_can_be_put_on_hold() {
    given(at_waiting_list())
        .when(put_on_hold())
        .then([put_on_hold_event(TODAY)])
        .and_stage_is(Stage::OnHold);
}

#[test]
fn putting_a_municipality_on_hold_twice_is_refused() {
    given(at_on_hold())
        .when(put_on_hold())
        .then_refused(DomainError::WrongStage(Stage::OnHold));
}

#[test]
fn putting_an_admitted_municipality_on_hold_is_refused() {
    given(at_admitted())
        .when(put_on_hold())
        .then_refused(DomainError::WrongStage(Stage::Onboarding));
    given(at_self_check_running())
        .when(put_on_hold())
        .then_refused(DomainError::WrongStage(Stage::SelfCheck));
}

#[test]
fn a_municipality_can_be_declined_with_a_reason_at_any_stage_before_admission() {
    for history in [
        at_interest(),
        at_interview_scheduled(),
        at_interviewed(),
        at_waiting_list(),
        at_on_hold(),
    ] {
        let then = given(history)
            .when(decline())
            .then([declined(TODAY)])
            .and_stage_is(Stage::Declined);
        assert_eq!(then.state.declined, Some((TODAY, decline_reason())));
    }
}

#[test]
fn declining_an_admitted_municipality_is_refused() {
    given(at_admitted())
        .when(decline())
        .then_refused(DomainError::WrongStage(Stage::Onboarding));
    given(at_self_check_submitted())
        .when(decline())
        .then_refused(DomainError::WrongStage(Stage::Workshop));
    given(at_workshop_held())
        .when(decline())
        .then_refused(DomainError::WrongStage(Stage::Implementation));
}

#[test]
fn declining_a_declined_municipality_again_is_refused() {
    given(at_declined())
        .when(decline())
        .then_refused(DomainError::ParticipationEnded);
}

// ---------------------------------------------------------------------------------------
// Contact person and facilitator
// ---------------------------------------------------------------------------------------

#[test]
fn a_contact_person_is_assigned_after_admission() {
    let then = given(at_admitted())
        .when(assign_contact())
        .then([E::ContactPersonAssigned {
            contact: Personal::new(CONTACT, contact_details()),
            language: Language::De,
            user: CONTACT_USER,
            replaces: None,
            on: TODAY,
            new_account: false,
        }])
        .and_stage_is(Stage::Onboarding);
    let contact = then.state.contact.unwrap();
    assert_eq!(contact.user, CONTACT_USER);
    assert_eq!(contact.since, TODAY);
    assert!(then.state.former_contacts.is_empty());
}

#[test]
fn replacing_the_contact_person_names_the_former_one_and_keeps_their_history() {
    let then = given(at_onboarded())
        .today(d(2025, 3, 1))
        .when(assign_new_contact())
        .then([E::ContactPersonAssigned {
            contact: Personal::new(NEW_CONTACT, new_contact_details()),
            language: Language::En,
            user: NEW_CONTACT_USER,
            replaces: Some(CONTACT),
            on: d(2025, 3, 1),
            new_account: false,
        }])
        .and_stage_is(Stage::SelfCheck);
    let current = then.state.contact.unwrap();
    assert_eq!(current.contact.subject, NEW_CONTACT);
    assert_eq!(current.language, Language::En);
    assert_eq!(current.since, d(2025, 3, 1));
    assert_eq!(then.state.former_contacts.len(), 1);
    let former = &then.state.former_contacts[0];
    assert_eq!(former.contact, Personal::new(CONTACT, contact_details()));
    assert_eq!(former.user, CONTACT_USER);
    assert_eq!(former.since, onboarded_on());
}

#[test]
fn assigning_a_contact_person_before_admission_is_refused() {
    given(at_interviewed())
        .when(assign_contact())
        .then_refused(DomainError::WrongStage(Stage::Interview));
    given(at_waiting_list())
        .when(assign_contact())
        .then_refused(DomainError::WrongStage(Stage::WaitingList));
}

#[test]
fn a_facilitator_is_assigned_after_admission() {
    let then = given(at_admitted())
        .when(assign_facilitator(FACILITATOR))
        .then([E::FacilitatorAssigned {
            facilitator: FACILITATOR,
            on: TODAY,
        }])
        .and_stage_is(Stage::Onboarding);
    assert_eq!(then.state.facilitator, Some((FACILITATOR, TODAY)));
}

#[test]
fn another_facilitator_can_take_over() {
    let then = given(at_onboarded())
        .when(assign_facilitator(OTHER_FACILITATOR))
        .then([E::FacilitatorAssigned {
            facilitator: OTHER_FACILITATOR,
            on: TODAY,
        }]);
    assert_eq!(then.state.facilitator, Some((OTHER_FACILITATOR, TODAY)));
}

#[test]
fn assigning_a_facilitator_before_admission_is_refused() {
    given(at_on_hold())
        .when(assign_facilitator(FACILITATOR))
        .then_refused(DomainError::WrongStage(Stage::OnHold));
}

#[test]
fn onboarding_ends_only_when_both_contact_person_and_facilitator_are_assigned() {
    let contact_only = [at_admitted(), vec![contact_assigned()]].concat();
    assert_eq!(stage(&contact_only), Stage::Onboarding);
    let facilitator_only = [at_admitted(), vec![facilitator_assigned()]].concat();
    assert_eq!(stage(&facilitator_only), Stage::Onboarding);
    given(contact_only)
        .when(assign_facilitator(FACILITATOR))
        .then([E::FacilitatorAssigned {
            facilitator: FACILITATOR,
            on: TODAY,
        }])
        .and_stage_is(Stage::SelfCheck);
}

// ---------------------------------------------------------------------------------------
// Self-check: starting a round
// ---------------------------------------------------------------------------------------

#[test]
fn the_first_self_check_round_starts_with_the_programme_framework() {
    let then = given(at_onboarded())
        .today(d(2025, 1, 28))
        .when(start_self_check())
        .then([self_check_started(1, d(2025, 1, 28))])
        .and_stage_is(Stage::SelfCheck);
    assert_eq!(then.state.open_self_check().unwrap().round, 1);
}

#[test]
fn a_self_check_can_start_before_a_facilitator_is_assigned() {
    let history = [at_admitted(), vec![contact_assigned()]].concat();
    given(history)
        .when(start_self_check())
        .then([self_check_started(1, TODAY)])
        .and_stage_is(Stage::Onboarding);
}

#[test]
fn starting_a_self_check_without_a_contact_person_is_refused() {
    let history = [at_admitted(), vec![facilitator_assigned()]].concat();
    given(history)
        .when(start_self_check())
        .then_refused(DomainError::NoContactPerson);
}

#[test]
fn starting_a_self_check_while_one_is_running_is_refused() {
    given(at_self_check_answered())
        .when(start_self_check())
        .then_refused(DomainError::SelfCheckAlreadyStarted);
}

#[test]
fn a_second_self_check_before_the_workshop_is_held_is_refused() {
    given(at_self_check_submitted())
        .when(start_self_check())
        .then_refused(DomainError::SecondSelfCheckTooEarly);
    given(at_workshop_scheduled())
        .when(start_self_check())
        .then_refused(DomainError::SecondSelfCheckTooEarly);
}

#[test]
fn a_second_self_check_after_the_workshop_starts_round_two() {
    let then = given(at_workshop_held())
        .when(start_self_check())
        .then([self_check_started(2, TODAY)])
        .and_stage_is(Stage::Implementation);
    assert_eq!(then.state.self_checks.len(), 2);
    assert_eq!(then.state.open_self_check().unwrap().round, 2);
}

#[test]
fn a_third_self_check_is_refused() {
    let history = [
        at_workshop_held(),
        vec![self_check_started(2, d(2025, 6, 1))],
        standard_answers_saved(2),
        vec![self_check_submitted(2, d(2025, 6, 20))],
    ]
    .concat();
    given(history)
        .today(d(2025, 6, 25))
        .when(start_self_check())
        .then_refused(DomainError::SelfCheckAlreadySubmitted);
}

#[test]
fn starting_a_self_check_before_admission_is_refused() {
    given(at_interviewed())
        .when(start_self_check())
        .then_refused(DomainError::WrongStage(Stage::Interview));
}

// ---------------------------------------------------------------------------------------
// Self-check: answers
// ---------------------------------------------------------------------------------------

#[test]
fn an_answer_is_saved_as_a_draft_of_the_open_round() {
    let then = given(at_self_check_running())
        .when(save_answer("gov-1", level(3)))
        .then([answer_saved(1, "gov-1", level(3))])
        .and_stage_is(Stage::SelfCheck);
    let open = then.state.open_self_check().unwrap();
    assert_eq!(open.answers.get("gov-1"), Some(&level(3)));
}

#[test]
fn not_applicable_with_a_comment_is_a_valid_answer() {
    let answer = lotse_domain::framework::Answer {
        comment: Some("Kein eigenes Jobcenter im Kreis".into()),
        ..not_applicable()
    };
    given(at_self_check_running())
        .when(save_answer("par-1", answer.clone()))
        .then([answer_saved(1, "par-1", answer)]);
}

#[test]
fn the_highest_and_lowest_levels_are_accepted() {
    given(at_self_check_running())
        .when(save_answer("gov-1", level(0)))
        .then([answer_saved(1, "gov-1", level(0))]);
    given(at_self_check_running())
        .when(save_answer("gov-1", level(4)))
        .then([answer_saved(1, "gov-1", level(4))]);
}

#[test]
fn changing_a_saved_answer_saves_it_again() {
    given(at_self_check_answered())
        .when(save_answer("gov-2", level(3)))
        .then([answer_saved(1, "gov-2", level(3))]);
}

#[test]
fn saving_an_unchanged_answer_yields_no_event() {
    given(at_self_check_answered())
        .when(save_answer("gov-2", level(2)))
        .then_nothing_happens();
}

#[test]
fn an_answer_in_the_second_round_goes_to_round_two() {
    let history = [at_workshop_held(), vec![self_check_started(2, TODAY)]].concat();
    // The same answer as in round one is new for round two.
    let then = given(history)
        .when(save_answer("gov-1", level(4)))
        .then([answer_saved(2, "gov-1", level(4))]);
    assert_eq!(then.state.self_checks[1].answers.len(), 1);
    assert_eq!(then.state.self_checks[0].answers.len(), 4);
}

#[test]
fn an_answer_to_an_unknown_indicator_is_refused() {
    given(at_self_check_running())
        .when(save_answer("housing-1", level(2)))
        .then_refused(DomainError::UnknownIndicator("housing-1".into()));
}

#[test]
fn an_overlong_comment_is_refused_with_the_comment_named() {
    let mut answer = level(2);
    answer.comment = Some("x".repeat(2001));
    given(at_self_check_running())
        .when(save_answer("gov-1", answer))
        .then_refused(invalid("comment", "too_long"));
}

#[test]
fn an_evidence_link_that_is_not_http_is_refused_with_the_link_named() {
    let mut answer = level(2);
    answer.evidence_url = Some("javascript:alert(1)".into());
    given(at_self_check_running())
        .when(save_answer("gov-1", answer))
        .then_refused(invalid("evidenceUrl", "invalid_url"));
}

#[test]
fn a_level_above_four_is_refused_as_out_of_range() {
    given(at_self_check_running())
        .when(save_answer("gov-1", level(5)))
        .then_refused(invalid("rating", "out_of_range"));
}

#[test]
fn answering_before_the_self_check_is_started_is_refused() {
    given(at_onboarded())
        .when(save_answer("gov-1", level(2)))
        .then_refused(DomainError::SelfCheckNotStarted);
}

#[test]
fn answering_a_submitted_self_check_is_refused() {
    given(at_self_check_submitted())
        .when(save_answer("gov-1", level(1)))
        .then_refused(DomainError::SelfCheckAlreadySubmitted);
}

#[test]
fn answering_before_admission_is_refused() {
    given(at_interviewed())
        .when(save_answer("gov-1", level(1)))
        .then_refused(DomainError::WrongStage(Stage::Interview));
}

// ---------------------------------------------------------------------------------------
// Self-check: submission
// ---------------------------------------------------------------------------------------

#[test]
fn submitting_an_incomplete_self_check_names_how_many_indicators_are_unanswered() {
    given(at_self_check_running())
        .when(submit_self_check())
        .then_refused(DomainError::SelfCheckIncomplete { unanswered: 4 });
    let three_answered = [
        at_self_check_running(),
        vec![
            answer_saved(1, "gov-1", level(1)),
            answer_saved(1, "par-1", not_applicable()),
            answer_saved(1, "par-2", level(2)),
        ],
    ]
    .concat();
    given(three_answered)
        .when(submit_self_check())
        .then_refused(DomainError::SelfCheckIncomplete { unanswered: 1 });
}

#[test]
fn submitting_a_complete_self_check_freezes_it_with_its_scores() {
    let then = given(at_self_check_answered())
        .today(d(2025, 2, 10))
        .when(submit_self_check())
        .then([self_check_submitted(1, d(2025, 2, 10))])
        .and_stage_is(Stage::Workshop);
    assert!(then.state.first_self_check_submitted());
    assert_eq!(then.state.open_self_check(), None);
}

#[test]
fn the_scores_are_field_means_as_percentages_and_their_weighted_mean() {
    // governance: levels 4 and 2 → 75 %; participation: not applicable and 1 → 25 %;
    // participation weighs three times as much: (75 + 3 × 25) / 4 = 37.5 %.
    let outcome = given(at_self_check_answered()).when(submit_self_check());
    let Ok(events) = outcome.result() else {
        panic!("refused: {outcome:?}");
    };
    let [E::SelfCheckSubmitted { scores, .. }] = events.as_slice() else {
        panic!("unexpected events {events:?}");
    };
    assert_eq!(scores.fields.get("governance"), Some(&Some(75.0)));
    assert_eq!(scores.fields.get("participation"), Some(&Some(25.0)));
    assert_eq!(scores.overall, Some(37.5));
}

#[test]
fn submitting_before_the_self_check_is_started_is_refused() {
    given(at_onboarded())
        .when(submit_self_check())
        .then_refused(DomainError::SelfCheckNotStarted);
}

#[test]
fn submitting_a_self_check_twice_is_refused() {
    given(at_self_check_submitted())
        .when(submit_self_check())
        .then_refused(DomainError::SelfCheckAlreadySubmitted);
}

#[test]
fn submitting_the_second_round_keeps_the_first_and_stays_in_implementation() {
    let history = [
        at_workshop_held(),
        vec![self_check_started(2, d(2025, 6, 1))],
        standard_answers_saved(2),
    ]
    .concat();
    let then = given(history)
        .today(d(2025, 6, 20))
        .when(submit_self_check())
        .then([self_check_submitted(2, d(2025, 6, 20))])
        .and_stage_is(Stage::Implementation);
    assert!(then.state.self_checks.iter().all(|s| s.submitted.is_some()));
}

// ---------------------------------------------------------------------------------------
// Workshop: scheduling
// ---------------------------------------------------------------------------------------

#[test]
fn a_workshop_is_scheduled_with_the_assigned_facilitator() {
    let then = given(at_self_check_submitted())
        .today(d(2025, 2, 12))
        .when(schedule_workshop(workshop_at(), None))
        .then([workshop_scheduled()])
        .and_stage_is(Stage::Workshop);
    let workshop = then.state.workshop.unwrap();
    assert_eq!(workshop.facilitator, FACILITATOR);
    assert_eq!(workshop.held_on, None);
}

#[test]
fn a_workshop_can_be_run_by_another_facilitator_than_the_assigned_one() {
    given(at_self_check_submitted())
        .when(schedule_workshop(workshop_at(), Some(OTHER_FACILITATOR)))
        .then([E::WorkshopScheduled {
            at: workshop_at(),
            place: short("Rathaus, Ratssaal"),
            facilitator: OTHER_FACILITATOR,
            invited: vec![short("Verwaltungsspitze"), short("Migrantenbeirat")],
        }]);
}

#[test]
fn a_workshop_that_has_not_been_held_can_be_rescheduled() {
    let later = at(2025, 3, 10, 9);
    let then = given(at_workshop_scheduled())
        .when(schedule_workshop(later, None))
        .then([E::WorkshopScheduled {
            at: later,
            place: short("Rathaus, Ratssaal"),
            facilitator: FACILITATOR,
            invited: vec![short("Verwaltungsspitze"), short("Migrantenbeirat")],
        }]);
    assert_eq!(then.state.workshop.unwrap().at, later);
}

#[test]
fn scheduling_a_workshop_before_the_self_check_is_submitted_is_refused() {
    given(at_onboarded())
        .when(schedule_workshop(workshop_at(), None))
        .then_refused(DomainError::SelfCheckNotSubmitted);
    given(at_self_check_answered())
        .when(schedule_workshop(workshop_at(), Some(FACILITATOR)))
        .then_refused(DomainError::SelfCheckNotSubmitted);
}

#[test]
fn scheduling_a_workshop_without_any_facilitator_is_refused() {
    let history = [
        at_admitted(),
        vec![contact_assigned(), self_check_started(1, d(2025, 1, 28))],
        standard_answers_saved(1),
        vec![self_check_submitted(1, self_check_submitted_on())],
    ]
    .concat();
    given(history.clone())
        .when(schedule_workshop(workshop_at(), None))
        .then_refused(DomainError::NoFacilitator);
    // Naming one in the command is enough.
    given(history)
        .when(schedule_workshop(workshop_at(), Some(FACILITATOR)))
        .then([workshop_scheduled()]);
}

#[test]
fn a_workshop_after_the_participation_window_is_refused() {
    given(at_self_check_submitted())
        .when(schedule_workshop(at(2025, 7, 21, 10), None))
        .then_refused(DomainError::OutsideParticipationWindow { field: "at" });
}

#[test]
fn a_workshop_on_the_last_day_of_the_window_is_accepted() {
    given(at_self_check_submitted())
        .when(schedule_workshop(at(2025, 7, 20, 10), None))
        .then([E::WorkshopScheduled {
            at: at(2025, 7, 20, 10),
            place: short("Rathaus, Ratssaal"),
            facilitator: FACILITATOR,
            invited: vec![short("Verwaltungsspitze"), short("Migrantenbeirat")],
        }]);
}

#[test]
fn scheduling_a_workshop_that_has_been_held_is_refused() {
    given(at_workshop_held())
        .when(schedule_workshop(at(2025, 5, 5, 10), None))
        .then_refused(DomainError::WorkshopAlreadyHeld);
}

#[test]
fn scheduling_a_workshop_before_admission_is_refused() {
    given(at_waiting_list())
        .when(schedule_workshop(workshop_at(), Some(FACILITATOR)))
        .then_refused(DomainError::WrongStage(Stage::WaitingList));
}

// ---------------------------------------------------------------------------------------
// Workshop: recording
// ---------------------------------------------------------------------------------------

#[test]
fn a_held_workshop_is_recorded_with_attendance_priorities_and_action_plan() {
    let then = given(at_workshop_scheduled())
        .today(d(2025, 3, 4))
        .when(record_workshop(d(2025, 3, 3)))
        .then([workshop_held()])
        .and_stage_is(Stage::Implementation);
    let workshop = then.state.workshop.as_ref().unwrap();
    assert_eq!(workshop.held_on, Some(d(2025, 3, 3)));
    assert_eq!(workshop.participants, 18);
    assert_eq!(workshop.priorities, vec!["participation".to_string()]);
    assert_eq!(then.state.next_steps.len(), 2);
    let step = &then.state.next_steps[&STEP_1];
    assert_eq!(step.due, step_1_due());
    assert_eq!(step.done_on, None);
}

#[test]
fn a_workshop_without_an_action_plan_can_be_recorded() {
    given(at_workshop_scheduled())
        .when(Command::RecordWorkshop {
            held_on: workshop_held_on(),
            participants: 7,
            priorities: vec!["governance".into(), "participation".into()],
            action_plan: Vec::new(),
            notes: Some(long("Kleine Runde.")),
        })
        .then([E::WorkshopHeld {
            held_on: workshop_held_on(),
            participants: 7,
            priorities: vec!["governance".into(), "participation".into()],
            action_plan: Vec::new(),
            notes: Some(long("Kleine Runde.")),
        }]);
}

#[test]
fn a_priority_named_twice_is_recorded_once() {
    let priorities = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    given(at_workshop_scheduled())
        .when(Command::RecordWorkshop {
            held_on: workshop_held_on(),
            participants: 7,
            priorities: priorities(&["participation", "governance", "participation"]),
            action_plan: Vec::new(),
            notes: None,
        })
        .then([E::WorkshopHeld {
            held_on: workshop_held_on(),
            participants: 7,
            priorities: priorities(&["participation", "governance"]),
            action_plan: Vec::new(),
            notes: None,
        }]);
}

#[test]
fn recording_a_workshop_that_was_never_scheduled_is_refused() {
    given(at_self_check_submitted())
        .when(record_workshop(workshop_held_on()))
        .then_refused(DomainError::WorkshopNotScheduled);
}

#[test]
fn recording_a_workshop_held_in_the_future_is_refused() {
    given(at_workshop_scheduled())
        .today(d(2025, 3, 2))
        .when(record_workshop(d(2025, 3, 3)))
        .then_refused(DomainError::DateInFuture);
}

#[test]
fn recording_a_workshop_with_an_unknown_field_of_action_is_refused() {
    given(at_workshop_scheduled())
        .when(Command::RecordWorkshop {
            held_on: workshop_held_on(),
            participants: 18,
            priorities: vec!["participation".into(), "housing".into()],
            action_plan: action_plan(),
            notes: None,
        })
        .then_refused(DomainError::UnknownFieldOfAction("housing".into()));
}

#[test]
fn recording_a_workshop_without_priorities_is_refused() {
    given(at_workshop_scheduled())
        .when(Command::RecordWorkshop {
            held_on: workshop_held_on(),
            participants: 18,
            priorities: Vec::new(),
            action_plan: action_plan(),
            notes: None,
        })
        .then_refused(invalid("priorities", "required"));
}

#[test]
fn recording_a_workshop_nobody_attended_is_refused() {
    given(at_workshop_scheduled())
        .when(Command::RecordWorkshop {
            held_on: workshop_held_on(),
            participants: 0,
            priorities: vec!["participation".into()],
            action_plan: action_plan(),
            notes: None,
        })
        .then_refused(invalid("participants", "too_small"));
}

#[test]
fn an_action_plan_step_due_before_the_workshop_is_refused() {
    let mut plan = action_plan();
    plan[1].due = d(2025, 3, 2);
    given(at_workshop_scheduled())
        .when(Command::RecordWorkshop {
            held_on: workshop_held_on(),
            participants: 18,
            priorities: vec!["participation".into()],
            action_plan: plan,
            notes: None,
        })
        .then_refused(invalid("nextSteps.due", "before_workshop"));
}

#[test]
fn an_action_plan_step_due_on_the_workshop_day_is_accepted() {
    let mut plan = action_plan();
    plan[0].due = workshop_held_on();
    given(at_workshop_scheduled())
        .when(Command::RecordWorkshop {
            held_on: workshop_held_on(),
            participants: 18,
            priorities: vec!["participation".into()],
            action_plan: plan.clone(),
            notes: None,
        })
        .then([E::WorkshopHeld {
            held_on: workshop_held_on(),
            participants: 18,
            priorities: vec!["participation".into()],
            action_plan: plan,
            notes: None,
        }]);
}

#[test]
fn recording_a_workshop_twice_is_refused() {
    given(at_workshop_held())
        .when(record_workshop(workshop_held_on()))
        .then_refused(DomainError::WorkshopAlreadyHeld);
}

// ---------------------------------------------------------------------------------------
// Next steps
// ---------------------------------------------------------------------------------------

#[test]
fn a_next_step_of_the_action_plan_is_marked_done() {
    let then = given(at_workshop_held())
        .when(complete_step(STEP_1))
        .then([next_step_completed(STEP_1, TODAY)])
        .and_stage_is(Stage::Implementation);
    assert_eq!(then.state.next_steps[&STEP_1].done_on, Some(TODAY));
    assert_eq!(then.state.next_steps[&STEP_2].done_on, None);
}

#[test]
fn completing_an_unknown_next_step_is_refused() {
    given(at_workshop_held())
        .when(complete_step(DIALOGUE))
        .then_refused(DomainError::UnknownItem);
    given(at_self_check_submitted())
        .when(complete_step(STEP_1))
        .then_refused(DomainError::UnknownItem);
}

#[test]
fn completing_a_next_step_twice_is_refused() {
    let history = [at_workshop_held(), vec![next_step_completed(STEP_1, TODAY)]].concat();
    given(history)
        .when(complete_step(STEP_1))
        .then_refused(DomainError::AlreadyDone);
}

// ---------------------------------------------------------------------------------------
// Support for decision-makers
// ---------------------------------------------------------------------------------------

#[test]
fn support_for_decision_makers_can_be_planned_any_time_after_admission() {
    for history in [
        at_admitted(),
        at_self_check_running(),
        at_self_check_submitted(),
        at_workshop_held(),
    ] {
        let stage_before = stage(&history);
        let then = given(history)
            .when(plan_support(SUPPORT, support_on()))
            .then([support_planned()])
            .and_stage_is(stage_before);
        assert_eq!(then.state.support[&SUPPORT].held_on, None);
    }
}

#[test]
fn planning_support_before_admission_is_refused() {
    given(at_interviewed())
        .when(plan_support(SUPPORT, support_on()))
        .then_refused(DomainError::WrongStage(Stage::Interview));
}

#[test]
fn planning_support_after_the_participation_window_is_refused() {
    given(at_workshop_held())
        .when(plan_support(SUPPORT, d(2025, 7, 21)))
        .then_refused(DomainError::OutsideParticipationWindow { field: "on" });
}

#[test]
fn planned_support_can_be_moved_before_it_is_held() {
    let history = [at_workshop_held(), vec![support_planned()]].concat();
    let then = given(history)
        .when(plan_support(SUPPORT, d(2025, 4, 2)))
        .then([E::SupportPlanned {
            id: SUPPORT,
            format: lotse_domain::values::SupportFormat::Coaching,
            audience: lotse_domain::values::Audience::Mayor,
            on: d(2025, 4, 2),
            topic: short("Haltung zeigen"),
            time: None,
            place: None,
        }]);
    assert_eq!(then.state.support.len(), 1);
    assert_eq!(then.state.support[&SUPPORT].on, d(2025, 4, 2));
}

#[test]
fn replanning_support_that_was_held_is_refused() {
    let history = [at_workshop_held(), vec![support_planned(), support_held()]].concat();
    given(history)
        .when(plan_support(SUPPORT, d(2025, 4, 2)))
        .then_refused(DomainError::AlreadyHeld);
}

#[test]
fn held_support_is_recorded_with_its_participants() {
    let history = [at_workshop_held(), vec![support_planned()]].concat();
    let then = given(history)
        .when(record_support(SUPPORT, support_on()))
        .then([support_held()]);
    let support = &then.state.support[&SUPPORT];
    assert_eq!(support.held_on, Some(support_on()));
    assert_eq!(support.participants, 3);
}

#[test]
fn recording_support_that_was_never_planned_is_refused() {
    given(at_workshop_held())
        .when(record_support(SUPPORT, support_on()))
        .then_refused(DomainError::UnknownItem);
}

#[test]
fn recording_support_twice_is_refused() {
    let history = [at_workshop_held(), vec![support_planned(), support_held()]].concat();
    given(history)
        .when(record_support(SUPPORT, support_on()))
        .then_refused(DomainError::AlreadyHeld);
}

#[test]
fn recording_support_held_in_the_future_is_refused() {
    let history = [at_workshop_held(), vec![support_planned()]].concat();
    given(history)
        .today(d(2025, 3, 19))
        .when(record_support(SUPPORT, support_on()))
        .then_refused(DomainError::DateInFuture);
}

// ---------------------------------------------------------------------------------------
// Dialogue events
// ---------------------------------------------------------------------------------------

#[test]
fn a_dialogue_event_is_planned_within_the_participation_window() {
    let then = given(at_workshop_held())
        .when(plan_dialogue(DIALOGUE, dialogue_at()))
        .then([dialogue_planned(DIALOGUE, dialogue_at())])
        .and_stage_is(Stage::Implementation);
    assert_eq!(then.state.dialogue_events[&DIALOGUE].held_on, None);
    assert_eq!(then.state.dialogue_events_held(), 0);
}

#[test]
fn a_dialogue_event_on_the_last_day_of_the_window_is_accepted() {
    given(at_workshop_held())
        .when(plan_dialogue(DIALOGUE, at(2025, 7, 20, 19)))
        .then([dialogue_planned(DIALOGUE, at(2025, 7, 20, 19))]);
}

#[test]
fn a_dialogue_event_after_the_participation_window_is_refused() {
    given(at_workshop_held())
        .when(plan_dialogue(DIALOGUE, at(2025, 7, 21, 18)))
        .then_refused(DomainError::OutsideParticipationWindow { field: "at" });
}

#[test]
fn planning_a_dialogue_event_before_admission_is_refused() {
    given(at_waiting_list())
        .when(plan_dialogue(DIALOGUE, dialogue_at()))
        .then_refused(DomainError::WrongStage(Stage::WaitingList));
}

#[test]
fn replanning_a_dialogue_event_that_was_held_is_refused() {
    given(at_ready_to_complete())
        .when(plan_dialogue(DIALOGUE, at(2025, 5, 10, 18)))
        .then_refused(DomainError::AlreadyHeld);
}

#[test]
fn a_held_dialogue_event_is_recorded_with_attendance_by_stakeholder_group() {
    let then = given(at_dialogue_planned())
        .when(record_dialogue(DIALOGUE, dialogue_held_on()))
        .then([dialogue_held(DIALOGUE, dialogue_held_on())])
        .and_stage_is(Stage::Implementation);
    let event = &then.state.dialogue_events[&DIALOGUE];
    assert_eq!(event.attendance, Some(attendance()));
    assert_eq!(then.state.dialogue_events_held(), 1);
}

#[test]
fn recording_a_dialogue_event_that_was_never_planned_is_refused() {
    given(at_dialogue_planned())
        .when(record_dialogue(SECOND_DIALOGUE, dialogue_held_on()))
        .then_refused(DomainError::UnknownItem);
}

#[test]
fn recording_a_dialogue_event_twice_is_refused() {
    given(at_ready_to_complete())
        .when(record_dialogue(DIALOGUE, dialogue_held_on()))
        .then_refused(DomainError::AlreadyHeld);
}

#[test]
fn recording_a_dialogue_event_held_in_the_future_is_refused() {
    given(at_dialogue_planned())
        .today(d(2025, 4, 9))
        .when(record_dialogue(DIALOGUE, dialogue_held_on()))
        .then_refused(DomainError::DateInFuture);
}

#[test]
fn a_planned_dialogue_event_moves_to_another_time_and_place_under_its_id() {
    let then = given(at_dialogue_planned())
        .when(move_dialogue(DIALOGUE, at(2025, 4, 24, 18)))
        .then([E::DialogueEventPlanned {
            id: DIALOGUE,
            format: DialogueFormat::WorldCafe,
            at: at(2025, 4, 24, 18),
            place: short("Bürgerhaus Süd"),
            topic: short("Zusammenleben im Quartier"),
        }]);
    assert_eq!(then.state.dialogue_events.len(), 1);
    assert_eq!(then.state.schedules[&format!("dialogue/{DIALOGUE}")], 2);
}

#[test]
fn a_dialogue_event_moves_only_within_the_participation_window() {
    given(at_dialogue_planned())
        .when(move_dialogue(DIALOGUE, at(2025, 7, 21, 18)))
        .then_refused(DomainError::OutsideParticipationWindow { field: "at" });
}

#[test]
fn moving_a_dialogue_event_that_was_never_planned_is_refused() {
    given(at_dialogue_planned())
        .when(move_dialogue(SECOND_DIALOGUE, dialogue_at()))
        .then_refused(DomainError::UnknownItem);
}

#[test]
fn a_planned_dialogue_event_is_cancelled_with_its_reason_and_day() {
    let then = given(at_dialogue_planned())
        .today(d(2025, 4, 3))
        .when(cancel_dialogue(DIALOGUE))
        .then([E::DialogueEventCancelled {
            id: DIALOGUE,
            on: d(2025, 4, 3),
            reason: short("Die Referentin ist erkrankt."),
        }])
        .and_stage_is(Stage::Implementation);
    assert_eq!(
        then.state.dialogue_events[&DIALOGUE].cancelled,
        Some((d(2025, 4, 3), short("Die Referentin ist erkrankt.")))
    );
    assert_eq!(then.state.dialogue_events_held(), 0);
}

#[test]
fn cancelling_a_held_dialogue_event_is_refused() {
    given(at_ready_to_complete())
        .when(cancel_dialogue(DIALOGUE))
        .then_refused(DomainError::AlreadyHeld);
}

#[test]
fn a_cancelled_dialogue_event_cannot_be_cancelled_again_moved_replanned_or_recorded() {
    let cancelled = [
        at_dialogue_planned(),
        vec![E::DialogueEventCancelled {
            id: DIALOGUE,
            on: d(2025, 4, 3),
            reason: short("Die Referentin ist erkrankt."),
        }],
    ]
    .concat();
    for command in [
        cancel_dialogue(DIALOGUE),
        move_dialogue(DIALOGUE, at(2025, 4, 24, 18)),
        plan_dialogue(DIALOGUE, at(2025, 4, 24, 18)),
        record_dialogue(DIALOGUE, dialogue_held_on()),
    ] {
        given(cancelled.clone())
            .when(command)
            .then_refused(DomainError::AlreadyCancelled);
    }
    // A new event can be planned in its place.
    given(cancelled)
        .when(plan_dialogue(SECOND_DIALOGUE, at(2025, 4, 24, 18)))
        .then([dialogue_planned(SECOND_DIALOGUE, at(2025, 4, 24, 18))]);
}

#[test]
fn cancelling_a_dialogue_event_of_a_withdrawn_municipality_is_refused() {
    given([at_dialogue_planned(), vec![withdrew(d(2025, 4, 2))]].concat())
        .when(cancel_dialogue(DIALOGUE))
        .then_refused(DomainError::ParticipationEnded);
}

// ---------------------------------------------------------------------------------------
// Completion
// ---------------------------------------------------------------------------------------

#[test]
fn a_municipality_that_meets_the_criteria_completes_and_shares_its_learning() {
    let then = given(at_ready_to_complete())
        .when(complete())
        .then([completed(TODAY)])
        .and_stage_is(Stage::Completed);
    assert_eq!(then.state.completed, Some((TODAY, learning())));
}

#[test]
fn completing_right_after_onboarding_names_every_missing_criterion() {
    given(at_onboarded())
        .when(complete())
        .then_refused(DomainError::CompletionCriteriaNotMet {
            missing: vec![
                "SELF_CHECK_SUBMITTED",
                "WORKSHOP_HELD",
                "DIALOGUE_EVENTS_HELD",
            ],
        });
}

#[test]
fn completing_without_a_held_dialogue_event_is_refused() {
    given(at_dialogue_planned()).when(complete()).then_refused(
        DomainError::CompletionCriteriaNotMet {
            missing: vec!["DIALOGUE_EVENTS_HELD"],
        },
    );
}

#[test]
fn completing_without_a_held_workshop_is_refused() {
    let history = [
        at_workshop_scheduled(),
        vec![
            dialogue_planned(DIALOGUE, dialogue_at()),
            dialogue_held(DIALOGUE, dialogue_held_on()),
        ],
    ]
    .concat();
    given(history)
        .when(complete())
        .then_refused(DomainError::CompletionCriteriaNotMet {
            missing: vec!["WORKSHOP_HELD"],
        });
}

#[test]
fn completing_without_a_submitted_self_check_is_refused() {
    let history = [
        at_onboarded(),
        vec![
            dialogue_planned(DIALOGUE, dialogue_at()),
            dialogue_held(DIALOGUE, dialogue_held_on()),
        ],
    ]
    .concat();
    given(history)
        .settings(|s| s.completion.workshop_held = false)
        .when(complete())
        .then_refused(DomainError::CompletionCriteriaNotMet {
            missing: vec!["SELF_CHECK_SUBMITTED"],
        });
}

#[test]
fn the_programme_can_ask_for_more_dialogue_events() {
    given(at_ready_to_complete())
        .settings(|s| s.completion.min_dialogue_events = 2)
        .when(complete())
        .then_refused(DomainError::CompletionCriteriaNotMet {
            missing: vec!["DIALOGUE_EVENTS_HELD"],
        });
    let two_held = [
        at_ready_to_complete(),
        vec![
            dialogue_planned(SECOND_DIALOGUE, at(2025, 4, 11, 18)),
            dialogue_held(SECOND_DIALOGUE, d(2025, 4, 11)),
        ],
    ]
    .concat();
    given(two_held)
        .settings(|s| s.completion.min_dialogue_events = 2)
        .when(complete())
        .then([completed(TODAY)]);
}

#[test]
fn a_programme_without_completion_criteria_lets_an_onboarded_municipality_complete() {
    given(at_onboarded())
        .settings(|s| {
            s.completion.self_check_submitted = false;
            s.completion.workshop_held = false;
            s.completion.min_dialogue_events = 0;
        })
        .when(complete())
        .then([completed(TODAY)])
        .and_stage_is(Stage::Completed);
}

#[test]
fn completing_before_admission_is_refused() {
    given(at_interviewed())
        .when(complete())
        .then_refused(DomainError::WrongStage(Stage::Interview));
}

#[test]
fn completing_in_a_programme_that_does_not_exist_is_refused() {
    given(at_ready_to_complete())
        .unknown_programme()
        .when(complete())
        .then_refused(DomainError::UnknownProgramme);
}

// ---------------------------------------------------------------------------------------
// Withdrawal
// ---------------------------------------------------------------------------------------

#[test]
fn a_municipality_can_withdraw_with_a_reason_at_any_stage_before_the_end() {
    for history in [
        at_interest(),
        at_interview_scheduled(),
        at_interviewed(),
        at_waiting_list(),
        at_on_hold(),
        at_admitted(),
        at_self_check_running(),
        at_self_check_submitted(),
        at_workshop_scheduled(),
        at_ready_to_complete(),
    ] {
        let stage_before = stage(&history);
        let outcome = given(history).when(withdraw());
        assert_eq!(
            outcome.result(),
            &Ok(vec![withdrew(TODAY)]),
            "from {stage_before:?}"
        );
        let then = outcome
            .then([withdrew(TODAY)])
            .and_stage_is(Stage::Withdrawn);
        assert_eq!(then.state.withdrawn, Some((TODAY, withdraw_reason())));
    }
}

#[test]
fn withdrawing_twice_is_refused() {
    given(at_withdrawn())
        .when(withdraw())
        .then_refused(DomainError::ParticipationEnded);
}

#[test]
fn withdrawing_after_completion_is_refused() {
    given(at_completed())
        .when(withdraw())
        .then_refused(DomainError::ParticipationEnded);
}

#[test]
fn withdrawing_after_being_declined_is_refused() {
    given(at_declined())
        .when(withdraw())
        .then_refused(DomainError::ParticipationEnded);
}

// ---------------------------------------------------------------------------------------
// Ended participations
// ---------------------------------------------------------------------------------------

#[track_caller]
fn every_command_is_refused_as_ended(history: Vec<E>, expected_stage: Stage) {
    assert_eq!(stage(&history), expected_stage);
    for command in every_command_but_interest() {
        let name = command_name(&command);
        if lotse_domain::steps::Step::of(&command).is_some_and(|s| s.is_correction()) {
            // What was recorded is still corrected after the end (where it was recorded).
            let outcome = given(history.clone()).when(command);
            assert_ne!(
                outcome.result(),
                &Err(DomainError::ParticipationEnded),
                "{name} on a {expected_stage:?} municipality"
            );
            continue;
        }
        let outcome = given(history.clone()).when(command);
        assert_eq!(
            outcome.result(),
            &Err(DomainError::ParticipationEnded),
            "{name} on a {expected_stage:?} municipality"
        );
    }
}

#[test]
fn every_command_on_a_withdrawn_municipality_is_refused_as_ended() {
    every_command_is_refused_as_ended(at_withdrawn(), Stage::Withdrawn);
}

#[test]
fn every_command_on_a_municipality_that_withdrew_before_admission_is_refused_as_ended() {
    let history = [at_interest(), vec![withdrew(d(2025, 1, 8))]].concat();
    every_command_is_refused_as_ended(history, Stage::Withdrawn);
}

#[test]
fn every_command_on_a_completed_municipality_is_refused_as_ended() {
    every_command_is_refused_as_ended(at_completed(), Stage::Completed);
}

#[test]
fn every_command_on_a_declined_municipality_is_refused_as_ended() {
    every_command_is_refused_as_ended(at_declined(), Stage::Declined);
}

// ---------------------------------------------------------------------------------------
// Stages along the whole journey
// ---------------------------------------------------------------------------------------

#[test]
fn the_whole_journey_run_through_decide_passes_every_stage_in_order() {
    let mut journey = Journey::default();
    let mut run = |today, command| journey.run(today, command);

    assert_eq!(run(submitted_on(), submit_interest(true)), Stage::Interest);
    assert_eq!(run(d(2025, 1, 8), schedule_interview()), Stage::Interview);
    assert_eq!(
        run(d(2025, 1, 13), record_interview(d(2025, 1, 13), eligible())),
        Stage::Interview
    );
    assert_eq!(run(d(2025, 1, 20), admit()), Stage::Onboarding);
    assert_eq!(run(d(2025, 1, 27), assign_contact()), Stage::Onboarding);
    assert_eq!(
        run(d(2025, 1, 27), assign_facilitator(FACILITATOR)),
        Stage::SelfCheck
    );
    assert_eq!(run(d(2025, 1, 28), start_self_check()), Stage::SelfCheck);
    for (indicator, answer) in standard_answers() {
        assert_eq!(
            run(d(2025, 2, 3), save_answer(indicator, answer)),
            Stage::SelfCheck
        );
    }
    assert_eq!(run(d(2025, 2, 10), submit_self_check()), Stage::Workshop);
    assert_eq!(
        run(d(2025, 2, 12), schedule_workshop(workshop_at(), None)),
        Stage::Workshop
    );
    assert_eq!(
        run(d(2025, 3, 3), record_workshop(d(2025, 3, 3))),
        Stage::Implementation
    );
    assert_eq!(
        run(d(2025, 3, 5), plan_support(SUPPORT, support_on())),
        Stage::Implementation
    );
    assert_eq!(
        run(d(2025, 3, 20), record_support(SUPPORT, support_on())),
        Stage::Implementation
    );
    assert_eq!(
        run(d(2025, 3, 25), plan_dialogue(DIALOGUE, dialogue_at())),
        Stage::Implementation
    );
    assert_eq!(
        run(
            d(2025, 4, 10),
            record_dialogue(DIALOGUE, dialogue_held_on())
        ),
        Stage::Implementation
    );
    assert_eq!(
        run(d(2025, 4, 11), complete_step(STEP_1)),
        Stage::Implementation
    );
    assert_eq!(run(TODAY, complete()), Stage::Completed);

    // The log the decisions wrote is the standard journey, plus the support format and
    // the done step.
    let expected = [
        at_ready_to_complete(),
        vec![
            next_step_completed(STEP_1, d(2025, 4, 11)),
            completed(TODAY),
        ],
    ]
    .concat();
    let mut written = journey.history.clone();
    written.retain(|e| !matches!(e, E::SupportPlanned { .. } | E::SupportHeld { .. }));
    assert_eq!(written, expected);
    assert!(journey.programme.seats.contains(&MUNICIPALITY));
}

#[test]
fn the_journey_through_a_hold_and_the_waiting_list_ends_in_admission() {
    use lotse_domain::programme::ProgrammeEvent;
    let other = |i: u128| lotse_domain::MunicipalityId(uuid::Uuid::from_u128(500 + i));
    let mut journey = Journey::default();
    for i in 0..40 {
        journey.programme.apply(&ProgrammeEvent::SeatTaken {
            municipality: other(i),
        });
    }
    assert_eq!(
        journey.run(submitted_on(), submit_interest(true)),
        Stage::Interest
    );
    assert_eq!(journey.run(d(2025, 1, 8), put_on_hold()), Stage::OnHold);
    assert_eq!(
        journey.run(d(2025, 1, 9), schedule_interview()),
        Stage::Interview
    );
    assert_eq!(
        journey.run(d(2025, 1, 13), record_interview(d(2025, 1, 13), eligible())),
        Stage::Interview
    );
    assert_eq!(journey.run(d(2025, 1, 20), admit()), Stage::WaitingList);
    assert!(!journey.programme.seats.contains(&MUNICIPALITY));

    journey.programme.apply(&ProgrammeEvent::SeatReleased {
        municipality: other(7),
        on: Some(d(2025, 2, 1)),
    });
    assert_eq!(journey.run(d(2025, 2, 3), admit()), Stage::Onboarding);
    assert!(journey.programme.seats.contains(&MUNICIPALITY));
    assert_eq!(journey.programme.seats.len(), 40);
    assert_eq!(state(&journey.history).window_ends_on, Some(d(2025, 8, 3)));
}

// ---------------------------------------------------------------------------------------
// Corrections
// ---------------------------------------------------------------------------------------

#[test]
fn a_corrected_profile_is_recorded_whole_with_its_reason_and_the_municipality_reads_corrected() {
    let then = given(at_workshop_held())
        .when(correct_profile())
        .then([E::ProfileCorrected {
            profile: corrected_profile(),
            on: TODAY,
            reason: Some(short("Name laut Hauptsatzung")),
        }])
        .and_stage_is(Stage::Implementation);
    assert_eq!(then.state.profile.name.to_string(), "Musterstadt am See");
    assert_eq!(then.state.profile.population.get(), 48_750);
}

#[test]
fn a_correction_that_changes_nothing_records_nothing() {
    given(at_interest())
        .when(Command::CorrectProfile {
            profile: profile(),
            reason: None,
        })
        .then_nothing_happens();
}

#[test]
fn a_profile_is_corrected_before_admission_without_a_reason_and_the_journey_goes_on() {
    let then = given(at_interest())
        .when(Command::CorrectProfile {
            profile: corrected_profile(),
            reason: None,
        })
        .then([E::ProfileCorrected {
            profile: corrected_profile(),
            on: TODAY,
            reason: None,
        }])
        .and_stage_is(Stage::Interest);
    assert_eq!(then.state.submitted_on, submitted_on());
}

#[test]
fn the_submitters_corrected_details_are_sealed_for_the_same_person_and_read_corrected() {
    let then = given(at_declined())
        .when(correct_submitter())
        .then([E::SubmitterCorrected {
            submitter: Personal::new(SUBMITTER, corrected_submitter()),
            on: TODAY,
            reason: Some(short("Rufnummer hat sich geändert")),
        }])
        .and_stage_is(Stage::Declined);
    assert_eq!(then.state.submitter.get(), Some(&corrected_submitter()));
}

#[test]
fn the_submitters_details_given_again_unchanged_record_nothing() {
    given(at_interest())
        .when(Command::CorrectSubmitter {
            submitter: submitter(),
            reason: None,
        })
        .then_nothing_happens();
}

#[test]
fn erased_details_of_the_submitter_cannot_be_corrected() {
    let mut history = at_interest();
    if let E::InterestSubmitted { submitter, .. } = &mut history[0] {
        submitter.value = None;
    }
    given(history)
        .when(correct_submitter())
        .then_refused(DomainError::DetailsErased);
}

#[test]
fn the_contact_persons_corrected_details_are_sealed_for_the_same_person_and_read_corrected() {
    let then = given(at_workshop_held())
        .when(correct_contact())
        .then([E::ContactDetailsCorrected {
            contact: Personal::new(CONTACT, corrected_contact()),
            on: TODAY,
            reason: None,
        }])
        .and_stage_is(Stage::Implementation);
    let contact = then.state.contact.as_ref().expect("a contact person");
    assert_eq!(contact.contact.get(), Some(&corrected_contact()));
    assert_eq!(contact.user, CONTACT_USER);
}

#[test]
fn a_contact_persons_details_cannot_be_corrected_before_one_is_named() {
    given(at_admitted())
        .when(correct_contact())
        .then_refused(DomainError::NoContactPerson);
}

#[test]
fn a_former_contact_persons_details_stay_as_they_were_when_the_current_ones_are_corrected() {
    let mut history = at_onboarded();
    history.push(E::ContactPersonAssigned {
        contact: Personal::new(NEW_CONTACT, new_contact_details()),
        language: Language::En,
        user: NEW_CONTACT_USER,
        replaces: Some(CONTACT),
        on: TODAY,
        new_account: false,
    });
    let then = given(history)
        .when(Command::CorrectContactDetails {
            contact: corrected_contact(),
            reason: None,
        })
        .then([E::ContactDetailsCorrected {
            contact: Personal::new(NEW_CONTACT, corrected_contact()),
            on: TODAY,
            reason: None,
        }]);
    assert_eq!(
        then.state.former_contacts[0].contact.get(),
        Some(&contact_details())
    );
}

// ---------------------------------------------------------------------------------------
// Cancelled interviews and workshops
// ---------------------------------------------------------------------------------------

fn interview_cancelled() -> E {
    E::InterviewCancelled {
        on: TODAY,
        reason: short("Die Bürgermeisterin ist verhindert."),
    }
}

fn workshop_cancelled() -> E {
    E::WorkshopCancelled {
        on: TODAY,
        reason: short("Der Ratssaal ist belegt."),
    }
}

#[test]
fn a_cancelled_interview_returns_the_municipality_to_the_inbox_and_cannot_be_recorded() {
    given(at_interview_scheduled())
        .when(cancel_interview())
        .then([interview_cancelled()])
        .and_stage_is(Stage::Interest);
    let history = [at_interview_scheduled(), vec![interview_cancelled()]].concat();
    given(history.clone())
        .when(record_interview(interviewed_on(), eligible()))
        .then_refused(DomainError::AlreadyCancelled);
    given(history.clone())
        .when(cancel_interview())
        .then_refused(DomainError::AlreadyCancelled);
    // A new date is set as before, and the journey goes on from there.
    given(history)
        .when(schedule_interview())
        .then([interview_scheduled_on(TODAY)])
        .and_stage_is(Stage::Interview);
}

#[test]
fn a_held_interview_cannot_be_cancelled() {
    given(at_interviewed())
        .when(cancel_interview())
        .then_refused(DomainError::AlreadyHeld);
    given(at_interest())
        .when(cancel_interview())
        .then_refused(DomainError::NoInterviewScheduled);
}

#[test]
fn a_cancelled_workshop_cannot_be_recorded_or_cancelled_again_but_gets_a_new_date() {
    given(at_workshop_scheduled())
        .when(cancel_workshop())
        .then([workshop_cancelled()])
        .and_stage_is(Stage::Workshop);
    let history = [at_workshop_scheduled(), vec![workshop_cancelled()]].concat();
    given(history.clone())
        .when(record_workshop(workshop_held_on()))
        .then_refused(DomainError::AlreadyCancelled);
    given(history.clone())
        .when(cancel_workshop())
        .then_refused(DomainError::AlreadyCancelled);
    let then = given(history)
        .when(schedule_workshop(workshop_at(), Some(FACILITATOR)))
        .then([workshop_scheduled()])
        .and_stage_is(Stage::Workshop);
    assert_eq!(then.state.workshop.unwrap().cancelled, None);
}

#[test]
fn a_held_workshop_cannot_be_cancelled_nor_one_never_scheduled() {
    given(at_workshop_held())
        .when(cancel_workshop())
        .then_refused(DomainError::WorkshopAlreadyHeld);
    given(at_self_check_submitted())
        .when(cancel_workshop())
        .then_refused(DomainError::WorkshopNotScheduled);
}

// ---------------------------------------------------------------------------------------
// The action plan changes; formats for decision-makers move or are cancelled
// ---------------------------------------------------------------------------------------

#[test]
fn a_next_step_is_reworded_given_to_someone_else_and_moved() {
    let then = given(at_workshop_held())
        .when(edit_step(STEP_1, d(2025, 4, 20)))
        .then([E::NextStepEdited {
            step: STEP_1,
            what: short("Willkommensmappe in fünf Sprachen"),
            who: short("Integrationsbüro"),
            due: d(2025, 4, 20),
        }]);
    let step = &then.state.next_steps[&STEP_1];
    assert_eq!(step.who, short("Integrationsbüro"));
    assert_eq!(step.due, d(2025, 4, 20));
}

#[test]
fn a_next_step_cannot_be_due_before_the_workshop_that_agreed_it() {
    given(at_workshop_held())
        .when(edit_step(STEP_1, d(2025, 3, 1)))
        .then_refused(invalid("nextSteps.due", "before_workshop"));
}

#[test]
fn a_dropped_next_step_cannot_be_done_edited_or_dropped_again() {
    let dropped = E::NextStepDropped {
        step: STEP_1,
        on: TODAY,
        reason: short("Kein Budget im Haushalt"),
    };
    given(at_workshop_held())
        .when(drop_step(STEP_1))
        .then([dropped.clone()]);
    let history = [at_workshop_held(), vec![dropped]].concat();
    for command in [
        complete_step(STEP_1),
        edit_step(STEP_1, step_1_due()),
        drop_step(STEP_1),
    ] {
        given(history.clone())
            .when(command)
            .then_refused(DomainError::StepDropped);
    }
}

#[test]
fn a_done_next_step_is_neither_edited_nor_dropped() {
    let history = [
        at_workshop_held(),
        vec![E::NextStepCompleted {
            step: STEP_1,
            on: d(2025, 3, 20),
        }],
    ]
    .concat();
    for command in [edit_step(STEP_1, step_1_due()), drop_step(STEP_1)] {
        given(history.clone())
            .when(command)
            .then_refused(DomainError::AlreadyDone);
    }
}

#[test]
fn a_planned_format_moves_to_another_day_and_keeps_its_topic() {
    let history = [at_workshop_held(), vec![support_planned()]].concat();
    let then = given(history)
        .when(move_support(SUPPORT, d(2025, 5, 5)))
        .then([E::SupportPlanned {
            id: SUPPORT,
            format: lotse_domain::values::SupportFormat::Coaching,
            audience: lotse_domain::values::Audience::Mayor,
            on: d(2025, 5, 5),
            topic: short("Haltung zeigen"),
            time: None,
            place: None,
        }]);
    assert_eq!(then.state.support[&SUPPORT].on, d(2025, 5, 5));
}

#[test]
fn a_cancelled_format_cannot_be_recorded_moved_or_cancelled_again() {
    let cancelled = E::SupportCancelled {
        id: SUPPORT,
        on: TODAY,
        reason: short("Terminkonflikt im Rat"),
    };
    let history = [at_workshop_held(), vec![support_planned()]].concat();
    given(history.clone())
        .when(cancel_support(SUPPORT))
        .then([cancelled.clone()]);
    let history = [history, vec![cancelled]].concat();
    for command in [
        record_support(SUPPORT, support_on()),
        move_support(SUPPORT, d(2025, 5, 5)),
        cancel_support(SUPPORT),
    ] {
        given(history.clone())
            .when(command)
            .then_refused(DomainError::AlreadyCancelled);
    }
}

#[test]
fn a_held_dialogue_events_attendance_is_corrected_and_the_state_reads_the_new_counts() {
    let then = given(at_ready_to_complete())
        .when(correct_dialogue(DIALOGUE))
        .then([E::DialogueEventCorrected {
            id: DIALOGUE,
            attendance: lotse_domain::values::Attendance::parse([31, 6, 3, 2, 9]).unwrap(),
            outcomes: None,
            on: TODAY,
            reason: Some(short("Zählliste nachgereicht")),
        }]);
    assert_eq!(
        then.state.dialogue_events[&DIALOGUE]
            .attendance
            .unwrap()
            .total(),
        51
    );
}

#[test]
fn what_has_not_been_held_cannot_be_corrected() {
    given(at_dialogue_planned())
        .when(correct_dialogue(DIALOGUE))
        .then_refused(DomainError::NotYetHeld);
    given(at_interview_scheduled())
        .when(correct_interview())
        .then_refused(DomainError::InterviewNotHeld);
    given(at_workshop_scheduled())
        .when(correct_workshop())
        .then_refused(DomainError::WorkshopNotHeld);
}

#[test]
fn a_workshop_correction_keeps_the_rules_of_recording_it() {
    given(at_workshop_held())
        .when(Command::CorrectWorkshop {
            participants: 0,
            priorities: vec!["participation".into()],
            notes: None,
            reason: None,
        })
        .then_refused(invalid("participants", "too_small"));
    given(at_workshop_held())
        .when(Command::CorrectWorkshop {
            participants: 18,
            priorities: vec!["nowhere".into()],
            notes: None,
            reason: None,
        })
        .then_refused(DomainError::UnknownFieldOfAction("nowhere".into()));
    // The values as recorded, named twice: nothing changes.
    given(at_workshop_held())
        .when(Command::CorrectWorkshop {
            participants: 18,
            priorities: vec!["participation".into(), "participation".into()],
            notes: None,
            reason: None,
        })
        .then_nothing_happens();
}

#[test]
fn the_interview_of_a_withdrawn_municipality_is_still_corrected() {
    let outcome = given(at_withdrawn()).when(correct_interview());
    assert!(
        matches!(outcome.result(), Ok(events) if matches!(events[..], [E::InterviewCorrected { .. }])),
        "{:?}",
        outcome.result()
    );
}

// ---------------------------------------------------------------------------------------
// The same form sent twice
// ---------------------------------------------------------------------------------------

fn form_of(name: &str, land: lotse_domain::values::Bundesland, email: &str) -> Municipality {
    let mut event = interest_submitted();
    if let E::InterestSubmitted {
        profile, submitter, ..
    } = &mut event
    {
        profile.name = lotse_domain::values::MunicipalityName::parse("name", name).unwrap();
        profile.bundesland = land;
        let mut details = submitter.get().unwrap().clone();
        details.email = lotse_domain::values::EmailAddress::parse("email", email).unwrap();
        *submitter = Personal::new(SUBMITTER, details);
    }
    state(&[event])
}

#[test]
fn a_form_for_the_same_place_or_from_the_same_address_looks_like_a_duplicate() {
    use lotse_domain::values::Bundesland::{Hessen, Sachsen};
    let first = form_of("Bad Vilbel", Hessen, "amt@bad-vilbel.example");
    // The same name, written differently, in the same Land.
    assert!(first.looks_like_duplicate_of(&form_of("bad  vilbel", Hessen, "x@y.example")));
    // The same sender for another place.
    assert!(first.looks_like_duplicate_of(&form_of("Karben", Hessen, "AMT@bad-vilbel.example")));
    // A place of the same name in another Land, from someone else, is another municipality.
    assert!(!first.looks_like_duplicate_of(&form_of("Bad Vilbel", Sachsen, "x@y.example")));
}

// ---------------------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------------------

#[test]
fn a_form_sent_again_is_closed_as_a_duplicate_and_ends_without_a_decision_mail() {
    let then = given(at_interest())
        .when(close_as_duplicate())
        .then([E::ClosedAsDuplicate {
            on: TODAY,
            of: FIRST_FORM,
            merged: false,
        }])
        .and_stage_is(Stage::Declined);
    assert_eq!(then.state.duplicate_of, Some((TODAY, FIRST_FORM)));
    assert_eq!(then.state.declined, None, "no decline letter goes out");
}

#[test]
fn a_merged_form_is_closed_as_merged_and_the_kept_one_takes_over_its_sender_once() {
    given(at_interest())
        .when(Command::CloseAsDuplicate {
            of: FIRST_FORM,
            merge: true,
        })
        .then([E::ClosedAsDuplicate {
            on: TODAY,
            of: FIRST_FORM,
            merged: true,
        }])
        .and_stage_is(Stage::Declined);
    let then = given(at_workshop_held())
        .when(take_over_form())
        .then([E::FormMerged {
            from: SECOND_FORM,
            submitter: Personal::new(SECOND_SUBMITTER, submitter()),
            motivation: long("Wir möchten ebenfalls teilnehmen."),
            submitted_on: TODAY,
            on: TODAY,
        }])
        .and_stage_is(Stage::Implementation);
    assert_eq!(then.state.merged_forms.len(), 1);
    assert_eq!(then.state.merged_forms[0].from, SECOND_FORM);
    let mut history = at_workshop_held();
    history.push(E::FormMerged {
        from: SECOND_FORM,
        submitter: Personal::new(SECOND_SUBMITTER, submitter()),
        motivation: long("Wir möchten ebenfalls teilnehmen."),
        submitted_on: TODAY,
        on: TODAY,
    });
    given(history).when(take_over_form()).then_nothing_happens();
}

#[test]
fn a_form_closed_as_a_duplicate_takes_over_no_other_form() {
    let mut history = at_interest();
    history.push(E::ClosedAsDuplicate {
        on: TODAY,
        of: FIRST_FORM,
        merged: false,
    });
    given(history)
        .when(take_over_form())
        .then_refused(DomainError::ParticipationEnded);
}

#[test]
fn an_admitted_municipality_is_not_closed_as_a_duplicate() {
    given(at_admitted())
        .when(close_as_duplicate())
        .then_refused(DomainError::WrongStage(Stage::Onboarding));
}

// ---------------------------------------------------------------------------------------
// Next steps given to someone
// ---------------------------------------------------------------------------------------

#[test]
fn a_next_step_is_given_to_the_facilitator_and_the_same_again_records_nothing() {
    use lotse_domain::municipality::StepOwner;
    let then = given(at_workshop_held())
        .when(assign_step(STEP_1, StepOwner::Facilitator))
        .then([E::NextStepAssigned {
            step: STEP_1,
            to: StepOwner::Facilitator,
        }]);
    assert_eq!(then.state.next_steps[&STEP_1].owner, StepOwner::Facilitator);
    given(then_add(
        at_workshop_held(),
        [E::NextStepAssigned {
            step: STEP_1,
            to: StepOwner::Facilitator,
        }],
    ))
    .when(assign_step(STEP_1, StepOwner::Facilitator))
    .then_nothing_happens();
}

#[test]
fn a_done_or_unknown_next_step_is_not_given_to_anyone() {
    use lotse_domain::municipality::StepOwner;
    given(then_add(
        at_workshop_held(),
        [E::NextStepCompleted {
            step: STEP_1,
            on: TODAY,
        }],
    ))
    .when(assign_step(STEP_1, StepOwner::ContactPerson))
    .then_refused(DomainError::AlreadyDone);
    given(at_workshop_held())
        .when(assign_step(SUPPORT, StepOwner::ContactPerson))
        .then_refused(DomainError::UnknownItem);
}
