//! The programme's seat ledger and the refusals of its commands that do not depend on the
//! shipped frameworks; and the tenant.

mod support;

use chrono::NaiveDate;
use lotse_domain::municipality::{Municipality, MunicipalityEvent as E};
use lotse_domain::programme::{Programme, ProgrammeEvent};
use lotse_domain::tenant::{Tenant, TenantEvent};
use lotse_domain::{DomainError, MunicipalityId, ValidationError};
use support::*;
use uuid::Uuid;

fn created(capacity: u32) -> Programme {
    let mut settings = settings();
    settings.capacity = capacity;
    Programme::fold(&[ProgrammeEvent::ProgrammeCreated {
        tenant: TENANT,
        settings,
    }])
}

fn seat(i: u128) -> ProgrammeEvent {
    ProgrammeEvent::SeatTaken {
        municipality: MunicipalityId(Uuid::from_u128(i)),
    }
}

#[test]
fn a_programme_has_a_free_seat_until_its_capacity_is_taken() {
    let mut programme = created(2);
    assert!(programme.has_free_seat());
    programme.apply(&seat(1));
    assert!(programme.has_free_seat());
    programme.apply(&seat(2));
    assert!(!programme.has_free_seat());
    programme.apply(&ProgrammeEvent::SeatReleased {
        municipality: MunicipalityId(Uuid::from_u128(1)),
        on: Some(TODAY),
    });
    assert!(programme.has_free_seat());
}

#[test]
fn taking_the_same_seat_twice_counts_once() {
    let mut programme = created(2);
    programme.apply(&seat(1));
    programme.apply(&seat(1));
    assert_eq!(programme.seats.len(), 1);
}

#[test]
fn a_programme_that_does_not_exist_has_no_free_seat() {
    assert!(!Programme::default().has_free_seat());
}

#[test]
fn the_weltoffene_kommune_defaults_are_forty_seats_for_six_months() {
    let settings = settings();
    assert_eq!(settings.capacity, 40);
    assert_eq!(settings.participation_months, 6);
    assert!(settings.completion.self_check_submitted);
    assert!(settings.completion.workshop_held);
    assert_eq!(settings.completion.min_dialogue_events, 1);
}

#[test]
fn creating_a_programme_twice_is_refused() {
    assert_eq!(
        created(40).create(TENANT, settings()),
        Err(DomainError::ProgrammeExists)
    );
}

#[test]
fn changing_the_settings_of_a_programme_that_does_not_exist_is_refused() {
    assert_eq!(
        Programme::default().change_settings(settings(), false, TODAY),
        Err(DomainError::UnknownProgramme)
    );
}

#[test]
fn the_capacity_cannot_drop_below_the_seats_taken() {
    let mut programme = created(3);
    programme.apply(&seat(1));
    programme.apply(&seat(2));
    let mut fewer = settings();
    fewer.capacity = 1;
    assert_eq!(
        programme.change_settings(fewer, false, TODAY),
        Err(DomainError::Invalid(ValidationError::new(
            "capacity",
            "below_seats_taken"
        )))
    );
    let mut enough = settings();
    enough.capacity = 2;
    assert_eq!(
        programme.change_settings(enough.clone(), false, TODAY),
        Ok(vec![ProgrammeEvent::ProgrammeSettingsChanged {
            settings: enough,
            on: Some(TODAY)
        }])
    );
}

#[test]
fn the_framework_is_fixed_once_a_self_check_has_started_and_other_settings_still_change() {
    let programme = created(40);
    let mut other_framework = settings();
    other_framework.framework_id = "whole-comm".into();
    assert_eq!(
        programme.change_settings(other_framework.clone(), true, TODAY),
        Err(DomainError::Invalid(ValidationError::new(
            "frameworkId",
            "fixed_after_self_check"
        )))
    );
    assert!(
        programme
            .change_settings(other_framework, false, TODAY)
            .is_ok()
    );
    let mut longer = settings();
    longer.capacity = 40;
    longer.participation_months = 9;
    assert_eq!(
        programme.change_settings(longer.clone(), true, TODAY),
        Ok(vec![ProgrammeEvent::ProgrammeSettingsChanged {
            settings: longer,
            on: Some(TODAY)
        }])
    );
}

#[test]
fn the_same_settings_again_change_nothing() {
    let programme = created(40);
    let mut same = settings();
    same.capacity = 40;
    assert_eq!(programme.change_settings(same, true, TODAY), Ok(Vec::new()));
}

#[test]
fn settings_out_of_bounds_are_refused() {
    let refused = |change: &dyn Fn(&mut lotse_domain::programme::ProgrammeSettings)| {
        let mut settings = settings();
        change(&mut settings);
        Programme::default().create(TENANT, settings).unwrap_err()
    };
    let invalid = |field, code| DomainError::Invalid(ValidationError::new(field, code));
    assert_eq!(
        refused(&|s| s.capacity = 0),
        invalid("capacity", "out_of_range")
    );
    assert_eq!(
        refused(&|s| s.participation_months = 0),
        invalid("participationMonths", "out_of_range")
    );
    assert_eq!(
        refused(&|s| s.participation_months = 37),
        invalid("participationMonths", "out_of_range")
    );
    assert_eq!(
        refused(&|s| s.reminders.days_before = vec![0]),
        invalid("reminders", "out_of_range")
    );
    assert_eq!(
        refused(&|s| s.reminders.days_overdue = vec![91]),
        invalid("reminders", "out_of_range")
    );
    assert_eq!(
        refused(&|s| s.reminders.days_before = vec![1, 2, 3, 4, 5, 6]),
        invalid("reminders", "too_many")
    );
    assert_eq!(
        refused(&|s| s.deadlines.decide_days = 0),
        invalid("decideDays", "out_of_range")
    );
    assert_eq!(
        refused(&|s| s.deadlines.window_notice_days = 366),
        invalid("windowNoticeDays", "out_of_range")
    );
}

#[test]
fn a_programme_sets_its_own_deadlines_and_reminders_and_changes_them_later() {
    let mut own = settings();
    own.deadlines.schedule_interview_days = 5;
    own.deadlines.self_check_days = 42;
    own.reminders.days_before = vec![14, 3];
    own.reminders.on_due_day = false;
    let programme = created(40);
    assert_eq!(
        programme.change_settings(own.clone(), true, TODAY),
        Ok(vec![ProgrammeEvent::ProgrammeSettingsChanged {
            settings: own,
            on: Some(TODAY)
        }])
    );
}

#[test]
fn a_tenant_is_created_once() {
    let name = short("Netzwerk Weltoffene Kommunen");
    let tenant = Tenant::default();
    let events = tenant.create(name.clone()).unwrap();
    assert_eq!(
        events,
        vec![TenantEvent::TenantCreated { name: name.clone() }]
    );
    let mut tenant = tenant;
    tenant.apply(&events[0]);
    assert_eq!(tenant.create(name), Err(DomainError::TenantExists));
}

fn with_period(
    opens_on: Option<chrono::NaiveDate>,
    closes_on: Option<chrono::NaiveDate>,
) -> Programme {
    let mut settings = settings();
    settings.applications = lotse_domain::programme::ApplicationPeriod {
        opens_on,
        closes_on,
    };
    Programme::fold(&[ProgrammeEvent::ProgrammeCreated {
        tenant: TENANT,
        settings,
    }])
}

#[test]
fn the_interest_form_is_taken_within_the_application_period_only() {
    let programme = with_period(Some(d(2027, 3, 1)), Some(d(2027, 6, 30)));
    assert_eq!(
        programme.takes_applications(d(2027, 2, 28)),
        Err(DomainError::ApplicationsNotYetOpen {
            opens_on: d(2027, 3, 1)
        })
    );
    assert_eq!(programme.takes_applications(d(2027, 3, 1)), Ok(()));
    assert_eq!(programme.takes_applications(d(2027, 6, 30)), Ok(()));
    assert_eq!(
        programme.takes_applications(d(2027, 7, 1)),
        Err(DomainError::ApplicationsClosed {
            closed_on: d(2027, 6, 30)
        })
    );
    // The decision on a form follows the period.
    let framework = framework();
    let ctx = |today| lotse_domain::municipality::Context {
        today,
        programme: &programme,
        framework: &framework,
    };
    assert!(
        lotse_domain::municipality::decide(None, submit_interest(true), &ctx(d(2027, 4, 1)))
            .is_ok()
    );
    assert_eq!(
        lotse_domain::municipality::decide(None, submit_interest(true), &ctx(d(2027, 7, 1))),
        Err(DomainError::ApplicationsClosed {
            closed_on: d(2027, 6, 30)
        })
    );
}

#[test]
fn an_application_period_that_ends_before_it_begins_is_refused() {
    let mut settings = settings();
    settings.applications.opens_on = Some(d(2027, 3, 1));
    settings.applications.closes_on = Some(d(2027, 2, 1));
    assert_eq!(
        Programme::default().create(TENANT, settings),
        Err(DomainError::Invalid(ValidationError::new(
            "applicationsCloseOn",
            "before_opening"
        )))
    );
}

#[test]
fn an_archived_programme_takes_no_form_no_step_and_no_new_settings() {
    let mut programme = with_period(None, None);
    let events = programme.archive(d(2027, 12, 31)).unwrap();
    assert_eq!(
        events,
        vec![ProgrammeEvent::ProgrammeArchived {
            on: d(2027, 12, 31)
        }]
    );
    programme.apply(&events[0]);
    assert_eq!(
        programme.archive(d(2028, 1, 1)),
        Err(DomainError::ProgrammeArchived)
    );
    assert_eq!(
        programme.takes_applications(d(2028, 1, 1)),
        Err(DomainError::ProgrammeArchived)
    );
    assert_eq!(
        programme.change_settings(settings(), false, TODAY),
        Err(DomainError::ProgrammeArchived)
    );
    // A municipality's steps are refused; what the system records of sent mails still goes in.
    let framework = framework();
    let ctx = lotse_domain::municipality::Context {
        today: d(2028, 1, 2),
        programme: &programme,
        framework: &framework,
    };
    let m = state(&at_workshop_held());
    assert_eq!(
        lotse_domain::municipality::decide(Some(&m), withdraw(), &ctx),
        Err(DomainError::ProgrammeArchived)
    );
    assert!(
        lotse_domain::municipality::decide(
            Some(&m),
            lotse_domain::municipality::Command::RecordMailSent {
                key: "completed".into(),
                kind: "completed".into(),
                message_id: "<x@test>".into(),
            },
            &ctx
        )
        .is_ok()
    );
    assert!(lotse_domain::steps::available_steps(&m, &ctx).is_empty());
}

// ---------------------------------------------------------------------------------------
// The waiting list
// ---------------------------------------------------------------------------------------

fn mid(i: u128) -> MunicipalityId {
    MunicipalityId(Uuid::from_u128(i))
}

/// A municipality interviewed on `interviewed` and put on the waiting list on `since`.
fn waiting(interviewed: NaiveDate, since: NaiveDate) -> Municipality {
    let mut history = at_interview_scheduled();
    history.push(E::InterviewHeld {
        held_on: interviewed,
        eligibility: eligible(),
        notes: None,
    });
    history.push(placed_on_waiting_list(since));
    state(&history)
}

#[test]
fn the_waiting_list_goes_by_the_day_of_the_interview_until_the_team_orders_it() {
    let programme = created(1);
    let early = waiting(d(2025, 1, 10), d(2025, 1, 20));
    let late = waiting(d(2025, 1, 13), d(2025, 1, 14));
    let admitted_one = state(&at_admitted());
    let all = [(mid(1), &late), (mid(2), &early), (mid(3), &admitted_one)];
    let ids = |p: &Programme| -> Vec<MunicipalityId> {
        p.waiting_list(all.iter().map(|(id, m)| (*id, *m)))
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    };
    assert_eq!(ids(&programme), vec![mid(2), mid(1)]);

    let waiting_now = [mid(1), mid(2)].into_iter().collect();
    let events = programme
        .order_waiting_list(vec![mid(1), mid(2)], &waiting_now)
        .unwrap();
    assert_eq!(
        events,
        vec![ProgrammeEvent::WaitingListOrdered {
            order: vec![mid(1), mid(2)]
        }]
    );
    let ordered = Programme::fold(
        [
            ProgrammeEvent::ProgrammeCreated {
                tenant: TENANT,
                settings: settings(),
            },
            events[0].clone(),
        ]
        .iter(),
    );
    assert_eq!(ids(&ordered), vec![mid(1), mid(2)]);
    // The same order again records nothing.
    assert_eq!(
        ordered.order_waiting_list(vec![mid(1), mid(2)], &waiting_now),
        Ok(Vec::new())
    );
}

#[test]
fn an_order_that_leaves_out_or_adds_a_municipality_is_refused_as_not_the_waiting_list() {
    let programme = created(1);
    let waiting_now = [mid(1), mid(2)].into_iter().collect();
    for order in [
        vec![mid(1)],
        vec![mid(1), mid(2), mid(3)],
        vec![mid(1), mid(1)],
    ] {
        assert_eq!(
            programme.order_waiting_list(order, &waiting_now),
            Err(DomainError::Invalid(ValidationError::new(
                "municipalityIds",
                "not_the_waiting_list"
            )))
        );
    }
}

#[test]
fn a_seat_freed_by_a_withdrawal_or_more_capacity_is_the_next_on_the_waiting_lists_turn_from_that_day()
 {
    let mut programme = created(1);
    programme.apply(&seat(9));
    let first = waiting(d(2025, 1, 10), d(2025, 1, 20));
    let list = [(mid(1), &first)];
    assert_eq!(programme.next_for_free_seat(&list), None, "full");

    programme.apply(&ProgrammeEvent::SeatReleased {
        municipality: mid(9),
        on: Some(d(2025, 3, 3)),
    });
    assert_eq!(
        programme.next_for_free_seat(&list),
        Some((mid(1), d(2025, 3, 3)))
    );
    assert_eq!(programme.next_for_free_seat(&[]), None, "nobody waits");

    // Full again; then a higher capacity frees a seat.
    programme.apply(&seat(8));
    assert_eq!(programme.next_for_free_seat(&list), None);
    let mut more = settings();
    more.capacity = 2;
    let events = programme
        .change_settings(more, false, d(2025, 4, 1))
        .unwrap();
    programme.apply(&events[0]);
    assert_eq!(
        programme.next_for_free_seat(&list),
        Some((mid(1), d(2025, 4, 1)))
    );
}
