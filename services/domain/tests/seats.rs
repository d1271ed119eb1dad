//! What a municipality's new events mean for its programme's seat ledger.

mod support;

use lotse_domain::municipality::{Municipality, MunicipalityEvent as E, seat_changes};
use lotse_domain::programme::ProgrammeEvent;
use support::*;

fn changes(history: &[E], new: &[E]) -> Vec<ProgrammeEvent> {
    let before = Municipality::fold(history);
    seat_changes(MUNICIPALITY, before.as_ref(), new)
}

#[test]
fn admission_takes_a_seat() {
    assert_eq!(
        changes(&at_interviewed(), &[admitted()]),
        vec![ProgrammeEvent::SeatTaken {
            municipality: MUNICIPALITY
        }]
    );
}

#[test]
fn admission_from_the_waiting_list_takes_a_seat() {
    assert_eq!(
        changes(&at_waiting_list(), &[admitted()]),
        vec![ProgrammeEvent::SeatTaken {
            municipality: MUNICIPALITY
        }]
    );
}

#[test]
fn withdrawal_after_admission_releases_the_seat() {
    for history in [at_admitted(), at_self_check_running(), at_workshop_held()] {
        assert_eq!(
            changes(&history, &[withdrew(TODAY)]),
            vec![ProgrammeEvent::SeatReleased {
                municipality: MUNICIPALITY,
                on: Some(TODAY)
            }]
        );
    }
}

#[test]
fn withdrawal_before_admission_releases_nothing() {
    for history in [
        at_interest(),
        at_interviewed(),
        at_waiting_list(),
        at_on_hold(),
    ] {
        assert_eq!(changes(&history, &[withdrew(TODAY)]), Vec::new());
    }
}

#[test]
fn a_place_on_the_waiting_list_takes_no_seat() {
    assert_eq!(
        changes(&at_interviewed(), &[placed_on_waiting_list(TODAY)]),
        Vec::new()
    );
}

#[test]
fn completion_keeps_the_seat_for_the_cohort() {
    assert_eq!(
        changes(&at_ready_to_complete(), &[completed(TODAY)]),
        Vec::new()
    );
}

#[test]
fn the_other_events_of_the_journey_leave_the_seats_alone() {
    let all = at_ready_to_complete();
    for (i, event) in all.iter().enumerate() {
        if matches!(event, E::Admitted { .. }) {
            continue;
        }
        assert_eq!(changes(&all[..i], std::slice::from_ref(event)), Vec::new());
    }
}

#[test]
fn a_seat_released_by_withdrawal_can_be_taken_by_the_next_municipality() {
    let mut settings = settings();
    settings.capacity = 1;
    let mut programme = programme(Some(&settings), 0, &at_admitted());
    assert!(!programme.has_free_seat());
    for change in changes(&at_admitted(), &[withdrew(TODAY)]) {
        programme.apply(&change);
    }
    assert!(programme.has_free_seat());
    assert!(programme.seats.is_empty());
}
