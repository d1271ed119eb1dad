//! User accounts: registration, deactivation and reactivation, and role changes, with each
//! refusal.

mod support;

use lotse_domain::user::{Role, User, UserDetails, UserEvent};
use lotse_domain::values::{EmailAddress, Language, PersonName};
use lotse_domain::{DomainError, PersonId, ValidationError};
use support::*;

fn details() -> UserDetails {
    UserDetails {
        name: PersonName::parse("name", "Fiona Begleitung").unwrap(),
        email: EmailAddress::parse("email", "fiona@example.org").unwrap(),
    }
}

/// A user folded from `events`.
fn given(events: &[UserEvent]) -> Option<User> {
    let mut state = None;
    for e in events {
        User::evolve(&mut state, e);
    }
    state
}

fn registered(role: Role) -> UserEvent {
    User::register(
        None,
        TENANT,
        role,
        PersonId::new(),
        details(),
        Language::De,
        (role == Role::Contact).then_some(MUNICIPALITY),
    )
    .unwrap()
    .remove(0)
}

#[test]
fn an_account_is_registered_once_and_is_active() {
    let user = given(&[registered(Role::Facilitator)]).unwrap();
    assert!(user.active);
    assert_eq!(user.role, Role::Facilitator);
    assert_eq!(
        User::register(
            Some(&user),
            TENANT,
            Role::Team,
            PersonId::new(),
            details(),
            Language::De,
            None
        ),
        Err(DomainError::UserExists)
    );
}

#[test]
fn a_contact_account_needs_a_municipality_and_no_other_has_one() {
    let refused = DomainError::Invalid(ValidationError::new(
        "municipality",
        "contact_needs_municipality",
    ));
    assert_eq!(
        User::register(
            None,
            TENANT,
            Role::Contact,
            PersonId::new(),
            details(),
            Language::De,
            None
        ),
        Err(refused.clone())
    );
    assert_eq!(
        User::register(
            None,
            TENANT,
            Role::Funder,
            PersonId::new(),
            details(),
            Language::De,
            Some(MUNICIPALITY)
        ),
        Err(refused)
    );
}

#[test]
fn a_deactivated_account_is_inactive_until_it_is_reactivated() {
    let user = given(&[registered(Role::Funder)]);
    let events = User::deactivate(user.as_ref()).unwrap();
    assert_eq!(events, vec![UserEvent::UserDeactivated]);
    let user = given(&[registered(Role::Funder), UserEvent::UserDeactivated]);
    assert!(!user.as_ref().unwrap().active);
    // Deactivating again changes nothing.
    assert_eq!(User::deactivate(user.as_ref()), Ok(Vec::new()));
    assert_eq!(
        User::reactivate(user.as_ref()),
        Ok(vec![UserEvent::UserReactivated])
    );
    let user = given(&[
        registered(Role::Funder),
        UserEvent::UserDeactivated,
        UserEvent::UserReactivated,
    ]);
    assert!(user.as_ref().unwrap().active);
    assert_eq!(User::reactivate(user.as_ref()), Ok(Vec::new()));
}

#[test]
fn a_role_changes_between_team_facilitator_and_funder() {
    let user = given(&[registered(Role::Facilitator)]);
    assert_eq!(
        User::change_role(user.as_ref(), Role::Team),
        Ok(vec![UserEvent::RoleChanged { role: Role::Team }])
    );
    assert_eq!(
        User::change_role(user.as_ref(), Role::Facilitator),
        Ok(Vec::new())
    );
    let user = given(&[
        registered(Role::Facilitator),
        UserEvent::RoleChanged { role: Role::Funder },
    ]);
    assert_eq!(user.unwrap().role, Role::Funder);
}

#[test]
fn nobody_becomes_or_stops_being_a_contact_person_by_a_role_change() {
    let fixed = DomainError::Invalid(ValidationError::new("role", "contact_role_fixed"));
    let facilitator = given(&[registered(Role::Facilitator)]);
    assert_eq!(
        User::change_role(facilitator.as_ref(), Role::Contact),
        Err(fixed.clone())
    );
    let contact = given(&[registered(Role::Contact)]);
    assert_eq!(User::change_role(contact.as_ref(), Role::Team), Err(fixed));
}

#[test]
fn commands_on_an_unknown_account_are_refused() {
    assert_eq!(User::deactivate(None), Err(DomainError::UnknownUser));
    assert_eq!(User::reactivate(None), Err(DomainError::UnknownUser));
    assert_eq!(
        User::change_role(None, Role::Team),
        Err(DomainError::UnknownUser)
    );
}

#[test]
fn a_funder_is_granted_the_programmes_they_see_and_nobody_else_is() {
    let programmes: std::collections::BTreeSet<_> = [PROGRAMME].into_iter().collect();
    let funder = given(&[registered(Role::Funder)]);
    assert_eq!(
        funder.as_ref().unwrap().programmes,
        None,
        "every programme until granted"
    );
    assert_eq!(
        User::grant_programmes(funder.as_ref(), programmes.clone()),
        Ok(vec![UserEvent::ProgrammesGranted {
            programmes: programmes.clone()
        }])
    );
    let granted = given(&[
        registered(Role::Funder),
        UserEvent::ProgrammesGranted {
            programmes: programmes.clone(),
        },
    ]);
    assert_eq!(
        granted.as_ref().unwrap().programmes,
        Some(programmes.clone())
    );
    assert_eq!(
        User::grant_programmes(granted.as_ref(), programmes.clone()),
        Ok(Vec::new())
    );
    let facilitator = given(&[registered(Role::Facilitator)]);
    assert_eq!(
        User::grant_programmes(facilitator.as_ref(), programmes),
        Err(DomainError::Invalid(ValidationError::new(
            "programmeIds",
            "funders_only"
        )))
    );
}

#[test]
fn corrected_account_details_are_sealed_for_the_same_person_and_unchanged_ones_record_nothing() {
    let registered = registered(Role::Contact);
    let user = given(std::slice::from_ref(&registered)).unwrap();
    let corrected = UserDetails {
        email: EmailAddress::parse("email", "f.begleitung@example.org").unwrap(),
        ..details()
    };
    let events = User::correct_details(Some(&user), corrected.clone()).unwrap();
    let UserEvent::DetailsCorrected { details: sealed } = &events[0] else {
        panic!("expected a correction, got {events:?}");
    };
    assert_eq!(sealed.subject, user.details.subject);
    let user = given(&[registered, events[0].clone()]).unwrap();
    assert_eq!(user.details.get(), Some(&corrected));
    assert_eq!(
        User::correct_details(Some(&user), corrected),
        Ok(Vec::new())
    );
}

#[test]
fn an_unknown_or_erased_account_refuses_a_correction_of_its_details() {
    assert_eq!(
        User::correct_details(None, details()),
        Err(DomainError::UnknownUser)
    );
    let mut user = given(&[registered(Role::Team)]).unwrap();
    user.details.value = None;
    assert_eq!(
        User::correct_details(Some(&user), details()),
        Err(DomainError::DetailsErased)
    );
}
