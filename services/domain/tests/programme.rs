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
