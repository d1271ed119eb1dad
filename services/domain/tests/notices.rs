//! Journey mails: which notices a daily scan finds along the standard journey, and on which
//! day, when each one found is recorded as sent the same day.

mod support;

use chrono::{Days, NaiveDate};
use lotse_domain::municipality::{Municipality, MunicipalityEvent as E, evolve};
use lotse_domain::notices::{Appointment, Change, NoticeKind, notices_due};
use support::*;

/// Walks day by day from `from` to `to`: applies the events of each day, then records every
/// notice due that day. Returns (key, day sent) in the order sent.
fn walk(
    days: &[(NaiveDate, Vec<E>)],
    from: NaiveDate,
    to: NaiveDate,
) -> (Vec<(String, NaiveDate)>, Option<Municipality>) {
    let settings = settings();
    let mut state = None;
    let mut log = Vec::new();
    let mut day = from;
    while day <= to {
        for (on, events) in days {
            // Events before the first day are all there when the walk starts.
            if *on == day || (day == from && *on < from) {
                for e in events {
                    evolve(&mut state, e);
                }
            }
        }
        if let Some(m) = &state {
            for n in notices_due(m, &settings, day) {
                log.push((n.key.clone(), day));
                evolve(
                    &mut state,
                    &E::MailSent {
                        key: n.key.clone(),
                        kind: n.mail_kind().into(),
                        message_id: "<id@test>".into(),
                        on: day,
                    },
                );
            }
        }
        day = day + Days::new(1);
    }
    (log, state)
}

fn keys(log: &[(String, NaiveDate)]) -> Vec<(&str, NaiveDate)> {
    log.iter().map(|(k, d)| (k.as_str(), *d)).collect()
}

fn standard_journey() -> Vec<(NaiveDate, Vec<E>)> {
    vec![
        (submitted_on(), vec![interest_submitted()]),
        (d(2025, 1, 8), vec![interview_scheduled()]),
        (interviewed_on(), vec![interview_held(eligible())]),
        (admitted_on(), vec![admitted()]),
        (
            onboarded_on(),
            vec![contact_assigned(), facilitator_assigned()],
        ),
        (
            self_check_submitted_on(),
            [self_check_started(1, self_check_started_on())]
                .into_iter()
                .chain(standard_answers_saved(1))
                .chain([self_check_submitted(1, self_check_submitted_on())])
                .collect(),
        ),
        (d(2025, 2, 12), vec![workshop_scheduled()]),
        (workshop_held_on(), vec![workshop_held()]),
        (
            d(2025, 3, 20),
            vec![dialogue_planned(DIALOGUE, dialogue_at())],
        ),
        (
            dialogue_held_on(),
            vec![dialogue_held(DIALOGUE, dialogue_held_on())],
        ),
        (d(2025, 6, 25), vec![completed(d(2025, 6, 25))]),
    ]
}

#[test]
fn the_standard_journey_sends_each_invitation_reminder_and_decision_once_on_its_day() {
    let (log, _) = walk(&standard_journey(), submitted_on(), d(2025, 8, 31));
    let dialogue = format!("dialogue/{DIALOGUE}/1");
    let dialogue_reminder = format!("dialogue/{DIALOGUE}/1/reminder");
    assert_eq!(
        keys(&log),
        vec![
            // Invited the day it was scheduled; reminded two days before.
            ("interview/1", d(2025, 1, 8)),
            ("interview/1/reminder", d(2025, 1, 11)),
            ("admitted", admitted_on()),
            ("workshop/1", d(2025, 2, 12)),
            ("workshop/1/reminder", d(2025, 3, 1)),
            (dialogue.as_str(), d(2025, 3, 20)),
            (dialogue_reminder.as_str(), d(2025, 4, 8)),
            // 30 days' notice before the window closes on 20 July.
            ("window-closing/2025-07-20", d(2025, 6, 20)),
            ("completed", d(2025, 6, 25)),
        ]
    );
}

#[test]
fn the_closing_window_names_what_is_still_missing() {
    let mut journey = standard_journey();
    journey.truncate(8); // up to the workshop; no dialogue event, no completion
    let settings = settings();
    let (_, state) = walk(&journey, submitted_on(), d(2025, 6, 19));
    let m = state.unwrap();
    let due = notices_due(&m, &settings, d(2025, 6, 20));
    assert_eq!(due.len(), 1);
    assert_eq!(
        due[0].kind,
        NoticeKind::WindowClosing {
            window_end: window_ends_on(),
            missing: vec!["dialogue_event"],
        }
    );
}

#[test]
fn a_moved_appointment_gets_an_update_with_a_higher_sequence_and_a_new_reminder() {
    let mut journey = standard_journey();
    journey.truncate(7); // the workshop is scheduled for 3 March
    journey.push((
        d(2025, 2, 20),
        vec![E::WorkshopScheduled {
            at: at(2025, 3, 10, 9),
            place: short("Bürgerhaus"),
            facilitator: FACILITATOR,
            invited: Vec::new(),
        }],
    ));
    let (log, state) = walk(&journey, submitted_on(), d(2025, 3, 31));
    let workshop: Vec<_> = keys(&log)
        .into_iter()
        .filter(|(k, _)| k.starts_with("workshop"))
        .collect();
    assert_eq!(
        workshop,
        vec![
            ("workshop/1", d(2025, 2, 12)),
            ("workshop/2", d(2025, 2, 20)),
            ("workshop/2/reminder", d(2025, 3, 8)),
        ]
    );
    // The update carries the next sequence number and says it is a change.
    let mut before_move = journey.clone();
    let moved = before_move.pop().unwrap().1;
    let (_, mut state_before) = walk(&before_move, submitted_on(), d(2025, 2, 19));
    evolve(&mut state_before, &moved[0]);
    let due = notices_due(&state_before.unwrap(), &settings(), d(2025, 2, 20));
    assert_eq!(
        due[0].kind,
        NoticeKind::Invitation {
            appointment: Appointment::Workshop,
            at: at(2025, 3, 10, 9),
            change: Change::Updated,
            sequence: 1,
        }
    );
    assert_eq!(due[0].copy_to, vec![FACILITATOR]);
    assert!(state.is_some_and(|m| m.mails_sent.len() == log.len()));
}

#[test]
fn a_moved_then_cancelled_dialogue_event_gets_an_update_a_cancellation_and_no_reminder() {
    let mut journey = standard_journey();
    journey.truncate(9); // the dialogue event planned on 20 March for 10 April
    journey.push((
        d(2025, 3, 25),
        vec![E::DialogueEventPlanned {
            id: DIALOGUE,
            format: lotse_domain::values::DialogueFormat::WorldCafe,
            at: at(2025, 4, 17, 18),
            place: short("Bürgerhaus Süd"),
            topic: short("Zusammenleben im Quartier"),
        }],
    ));
    journey.push((
        d(2025, 4, 1),
        vec![E::DialogueEventCancelled {
            id: DIALOGUE,
            on: d(2025, 4, 1),
            reason: short("Die Referentin ist erkrankt."),
        }],
    ));
    let (log, _) = walk(&journey, submitted_on(), d(2025, 5, 31));
    let base = format!("dialogue/{DIALOGUE}");
    let dialogue: Vec<_> = keys(&log)
        .into_iter()
        .filter(|(k, _)| k.starts_with(&base))
        .collect();
    let key = |rest: &str| format!("{base}/{rest}");
    assert_eq!(
        dialogue,
        vec![
            (key("1").as_str(), d(2025, 3, 20)),
            (key("2").as_str(), d(2025, 3, 25)),
            (key("2/cancelled").as_str(), d(2025, 4, 1)),
        ]
    );
    // The cancellation carries the next sequence number after the update's.
    let (_, state) = walk(&journey[..10], submitted_on(), d(2025, 3, 31));
    let mut state = state;
    evolve(&mut state, &journey[10].1[0]);
    let due = notices_due(&state.unwrap(), &settings(), d(2025, 4, 1));
    assert_eq!(
        due[0].kind,
        NoticeKind::Invitation {
            appointment: Appointment::DialogueEvent(DIALOGUE),
            at: at(2025, 4, 17, 18),
            change: Change::Cancelled,
            sequence: 2,
        }
    );
}

#[test]
fn a_withdrawal_cancels_the_appointments_people_were_invited_to() {
    let mut journey = standard_journey();
    journey.truncate(7); // workshop on 3 March, invitation sent 12 February
    journey.push((d(2025, 2, 15), vec![withdrew(d(2025, 2, 15))]));
    let (log, _) = walk(&journey, submitted_on(), d(2025, 3, 31));
    let after: Vec<_> = keys(&log)
        .into_iter()
        .filter(|(_, day)| *day >= d(2025, 2, 15))
        .collect();
    assert_eq!(after, vec![("workshop/1/cancelled", d(2025, 2, 15))]);
}

#[test]
fn an_appointment_set_for_tomorrow_gets_its_invitation_but_no_extra_reminder() {
    let journey = vec![
        (submitted_on(), vec![interest_submitted()]),
        (d(2025, 1, 12), vec![interview_scheduled()]), // for 13 January
    ];
    let (log, _) = walk(&journey, submitted_on(), d(2025, 1, 31));
    assert_eq!(keys(&log), vec![("interview/1", d(2025, 1, 12))]);
}

#[test]
fn a_scan_that_first_runs_after_the_journey_sends_nothing_about_the_past() {
    // The whole journey is in the log before the first scan in August: decisions are too
    // old to announce and every appointment's day has passed.
    let journey: Vec<(NaiveDate, Vec<E>)> = vec![(
        submitted_on(),
        standard_journey()
            .into_iter()
            .flat_map(|(_, events)| events)
            .collect(),
    )];
    let (late, _) = walk(&journey, d(2025, 8, 1), d(2025, 8, 31));
    assert!(late.is_empty(), "{late:?}");
}

#[test]
fn a_decline_and_the_waiting_list_are_announced_within_three_days() {
    let declined_journey = vec![
        (submitted_on(), vec![interest_submitted()]),
        (d(2025, 1, 20), vec![declined(d(2025, 1, 20))]),
    ];
    let (log, _) = walk(&declined_journey, submitted_on(), d(2025, 2, 28));
    assert_eq!(keys(&log), vec![("declined", d(2025, 1, 20))]);

    let waiting = vec![
        (submitted_on(), vec![interest_submitted()]),
        (d(2025, 1, 20), vec![placed_on_waiting_list(d(2025, 1, 20))]),
    ];
    let (log, _) = walk(&waiting, submitted_on(), d(2025, 2, 28));
    assert_eq!(
        keys(&log),
        vec![("waiting-list/2025-01-20", d(2025, 1, 20))]
    );
    // First seen four days late: too old to announce.
    let (late, _) = walk(&waiting, d(2025, 1, 24), d(2025, 2, 28));
    assert!(late.is_empty());
}

// ---------------------------------------------------------------------------------------
// Welcome of a contact person whose account was opened with the assignment
// ---------------------------------------------------------------------------------------

fn assigned_with_a_new_account() -> E {
    match contact_assigned() {
        E::ContactPersonAssigned {
            contact,
            language,
            user,
            replaces,
            on,
            ..
        } => E::ContactPersonAssigned {
            contact,
            language,
            user,
            replaces,
            on,
            new_account: true,
        },
        other => other,
    }
}

#[test]
fn a_contact_person_with_a_new_account_is_welcomed_for_a_few_days_after_the_assignment() {
    let mut history = at_admitted();
    history.push(assigned_with_a_new_account());
    let m = state(&history);
    use lotse_domain::notices::{RECENT_DAYS, welcome_due};
    assert_eq!(welcome_due(&m, onboarded_on()), Some(CONTACT_USER));
    let last = onboarded_on() + Days::new(RECENT_DAYS);
    assert_eq!(welcome_due(&m, last), Some(CONTACT_USER));
    assert_eq!(welcome_due(&m, last + Days::new(1)), None);
}

#[test]
fn a_contact_person_with_an_account_from_before_or_a_journey_that_ended_gets_no_welcome() {
    use lotse_domain::notices::welcome_due;
    // An account that existed before the assignment (or an assignment recorded before
    // assignments said so).
    let m = state(&at_onboarded());
    assert_eq!(welcome_due(&m, onboarded_on()), None);
    // The municipality withdrew the same day.
    let mut history = at_admitted();
    history.push(assigned_with_a_new_account());
    history.push(withdrew(onboarded_on()));
    assert_eq!(welcome_due(&state(&history), onboarded_on()), None);
}

#[test]
fn a_cancelled_workshop_gets_a_cancellation_and_no_reminder() {
    let mut journey = standard_journey();
    journey.truncate(7); // workshop on 3 March, invitation sent 12 February
    journey.push((
        d(2025, 2, 20),
        vec![E::WorkshopCancelled {
            on: d(2025, 2, 20),
            reason: short("Der Ratssaal ist belegt."),
        }],
    ));
    let (log, _) = walk(&journey, submitted_on(), d(2025, 3, 31));
    let after: Vec<_> = keys(&log)
        .into_iter()
        .filter(|(_, day)| *day >= d(2025, 2, 20))
        .collect();
    assert_eq!(after, vec![("workshop/1/cancelled", d(2025, 2, 20))]);
}

#[test]
fn a_cancelled_interview_gets_a_cancellation_and_a_new_date_a_new_invitation() {
    let journey = vec![
        (submitted_on(), vec![interest_submitted()]),
        (d(2025, 1, 8), vec![interview_scheduled()]), // for 13 January
        (
            d(2025, 1, 9),
            vec![E::InterviewCancelled {
                on: d(2025, 1, 9),
                reason: short("Die Bürgermeisterin ist verhindert."),
            }],
        ),
        (
            d(2025, 1, 14),
            vec![E::InterviewScheduled {
                at: at(2025, 1, 22, 10),
                interviewer: TEAM_MEMBER,
                scheduled_on: d(2025, 1, 14),
            }],
        ),
    ];
    let (log, _) = walk(&journey, submitted_on(), d(2025, 1, 31));
    assert_eq!(
        keys(&log),
        vec![
            ("interview/1", d(2025, 1, 8)),
            ("interview/1/cancelled", d(2025, 1, 9)),
            ("interview/2", d(2025, 1, 14)),
            ("interview/2/reminder", d(2025, 1, 20)),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// New interest forms for the team
// ---------------------------------------------------------------------------------------

mod form_alerts {
    use super::*;
    use lotse_domain::MunicipalityId;
    use lotse_domain::notices::{TeamNotice, form_alerts_due};
    use lotse_domain::user::FormAlerts;
    use std::collections::BTreeSet;

    fn forms() -> Vec<(MunicipalityId, NaiveDate)> {
        vec![
            (MunicipalityId(uuid::Uuid::from_u128(1)), d(2026, 3, 1)),
            (MunicipalityId(uuid::Uuid::from_u128(2)), d(2026, 3, 2)),
            (MunicipalityId(uuid::Uuid::from_u128(3)), d(2026, 2, 20)),
        ]
    }

    #[test]
    fn at_once_is_a_mail_per_form_of_today_or_yesterday_not_mailed_yet() {
        let today = d(2026, 3, 2);
        let due = form_alerts_due(FormAlerts::AtOnce, forms(), &BTreeSet::new(), today);
        assert_eq!(
            due,
            vec![
                TeamNotice::NewForm {
                    municipality: forms()[0].0
                },
                TeamNotice::NewForm {
                    municipality: forms()[1].0
                },
            ]
        );
        let sent: BTreeSet<String> = [due[0].key()].into_iter().collect();
        assert_eq!(
            form_alerts_due(FormAlerts::AtOnce, forms(), &sent, today),
            vec![TeamNotice::NewForm {
                municipality: forms()[1].0
            }]
        );
    }

    #[test]
    fn daily_is_one_mail_the_morning_after_a_day_with_forms_and_never_is_none() {
        let due = form_alerts_due(FormAlerts::Daily, forms(), &BTreeSet::new(), d(2026, 3, 3));
        assert_eq!(due, vec![TeamNotice::NewForms { on: d(2026, 3, 2) }]);
        assert_eq!(TeamNotice::parse(&due[0].key()), Some(due[0].clone()));
        let sent: BTreeSet<String> = [due[0].key()].into_iter().collect();
        assert!(form_alerts_due(FormAlerts::Daily, forms(), &sent, d(2026, 3, 3)).is_empty());
        // A day after a day without forms: nothing.
        assert!(
            form_alerts_due(FormAlerts::Daily, forms(), &BTreeSet::new(), d(2026, 3, 4)).is_empty()
        );
        assert!(
            form_alerts_due(FormAlerts::Never, forms(), &BTreeSet::new(), d(2026, 3, 2)).is_empty()
        );
    }
}

#[test]
fn a_format_planned_with_a_time_is_invited_to_moved_and_cancelled_like_the_other_appointments() {
    let mut journey = standard_journey();
    journey.truncate(9);
    let planned = |on: NaiveDate, hour: u32| E::SupportPlanned {
        id: SUPPORT,
        format: lotse_domain::values::SupportFormat::Coaching,
        audience: lotse_domain::values::Audience::Mayor,
        on,
        topic: short("Haltung zeigen"),
        time: chrono::NaiveTime::from_hms_opt(hour, 0, 0),
        place: Some(short("Rathaus")),
    };
    journey.push((d(2025, 3, 21), vec![planned(d(2025, 4, 14), 16)]));
    journey.push((d(2025, 3, 28), vec![planned(d(2025, 4, 15), 10)]));
    journey.push((
        d(2025, 4, 2),
        vec![E::SupportCancelled {
            id: SUPPORT,
            on: d(2025, 4, 2),
            reason: short("Terminkonflikt im Rat"),
        }],
    ));
    let (log, _) = walk(&journey, submitted_on(), d(2025, 5, 31));
    let base = format!("support/{SUPPORT}");
    let key = |rest: &str| format!("{base}/{rest}");
    let support: Vec<_> = keys(&log)
        .into_iter()
        .filter(|(k, _)| k.starts_with(&base))
        .collect();
    assert_eq!(
        support,
        vec![
            (key("1").as_str(), d(2025, 3, 21)),
            (key("2").as_str(), d(2025, 3, 28)),
            (key("2/cancelled").as_str(), d(2025, 4, 2)),
        ]
    );
    // The move is an update of the same entry with the next sequence number.
    let (_, state) = walk(&journey[..10], submitted_on(), d(2025, 3, 27));
    let mut state = state;
    evolve(&mut state, &journey[10].1[0]);
    let due = notices_due(&state.unwrap(), &settings(), d(2025, 3, 28));
    assert_eq!(
        due[0].kind,
        NoticeKind::Invitation {
            appointment: Appointment::Support(SUPPORT),
            at: at(2025, 4, 15, 10),
            change: Change::Updated,
            sequence: 1,
        }
    );
    assert_eq!(due[0].mail_kind(), "support_invitation");
}

#[test]
fn a_format_planned_without_a_time_sends_no_invitation() {
    let mut journey = standard_journey();
    journey.truncate(9);
    journey.push((d(2025, 3, 21), vec![support_planned()]));
    let (log, _) = walk(&journey, submitted_on(), d(2025, 5, 31));
    assert!(
        log.iter().all(|(k, _)| !k.starts_with("support/")),
        "{log:?}"
    );
}
