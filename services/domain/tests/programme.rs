//! The programme's seat ledger and the refusals of its commands that do not depend on the
//! shipped frameworks; and the tenant.

mod support;

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
        Programme::default().change_settings(settings(), false),
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
        programme.change_settings(fewer, false),
        Err(DomainError::Invalid(ValidationError::new(
            "capacity",
            "below_seats_taken"
        )))
    );
    let mut enough = settings();
    enough.capacity = 2;
    assert_eq!(
        programme.change_settings(enough.clone(), false),
        Ok(vec![ProgrammeEvent::ProgrammeSettingsChanged {
            settings: enough
        }])
    );
}

#[test]
fn the_framework_is_fixed_once_a_self_check_has_started_and_other_settings_still_change() {
    let programme = created(40);
    let mut other_framework = settings();
    other_framework.framework_id = "whole-comm".into();
    assert_eq!(
        programme.change_settings(other_framework.clone(), true),
        Err(DomainError::Invalid(ValidationError::new(
            "frameworkId",
            "fixed_after_self_check"
        )))
    );
    assert!(programme.change_settings(other_framework, false).is_ok());
    let mut longer = settings();
    longer.capacity = 40;
    longer.participation_months = 9;
    assert_eq!(
        programme.change_settings(longer.clone(), true),
        Ok(vec![ProgrammeEvent::ProgrammeSettingsChanged {
            settings: longer
        }])
    );
}

#[test]
fn the_same_settings_again_change_nothing() {
    let programme = created(40);
    let mut same = settings();
    same.capacity = 40;
    assert_eq!(programme.change_settings(same, true), Ok(Vec::new()));
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
        programme.change_settings(settings(), false),
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
