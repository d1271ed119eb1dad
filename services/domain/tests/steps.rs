//! The steps the domain offers ([`available_steps`]) are exactly those `decide` accepts:
//! along random journeys (each leaving some steps aside), every step left out refuses
//! random inputs, a command that is accepted was offered, and every item offered for a
//! step on items is accepted.

mod support;

use chrono::{Days, NaiveDate};
use lotse_domain::framework::{Answer, Rating};
use lotse_domain::ids::ItemId;
use lotse_domain::municipality::{
    Command, Context, Municipality, PlannedStep, StepOwner, decide, evolve,
};
use lotse_domain::programme::{Programme, ProgrammeSettings};
use lotse_domain::steps::{Step, available_steps, step_options};
use lotse_domain::values::{Attendance, Eligibility};
use lotse_domain::{MunicipalityId, UserId};
use proptest::prelude::*;
use support::*;
use uuid::Uuid;

/// One move of a random journey: how many days pass first, which offered step is taken,
/// and numbers that choose the inputs.
#[derive(Debug, Clone)]
struct Move {
    /// 0 or 1: the step is taken with random input (it may be refused); otherwise with the
    /// input a careful user would give.
    kind: u8,
    pick: usize,
    days: u64,
    input: [u32; 6],
}

fn moves() -> impl Strategy<Value = Vec<Move>> {
    prop::collection::vec(
        (
            0u8..4,
            0usize..64,
            prop_oneof![3 => 0u64..2, 1 => 0u64..30],
            prop::array::uniform6(0u32..1000),
        )
            .prop_map(|(kind, pick, days, input)| Move {
                kind,
                pick,
                days,
                input,
            }),
        1..120,
    )
}

/// A programme with `capacity` seats, `taken` of them by other municipalities.
fn programme(capacity: u32, taken: u32) -> Programme {
    let mut p = Programme {
        tenant: Some(TENANT),
        settings: Some(ProgrammeSettings {
            capacity,
            ..settings()
        }),
        ..Default::default()
    };
    for i in 0..taken {
        p.seats
            .insert(MunicipalityId(Uuid::from_u128(1000 + u128::from(i))));
    }
    p
}

/// A date around `today`: from 30 days before to 250 days after.
fn date_near(today: NaiveDate, n: u32) -> NaiveDate {
    let offset = i64::from(n % 280) - 30;
    if offset < 0 {
        today - Days::new(offset.unsigned_abs())
    } else {
        today + Days::new(offset as u64)
    }
}

/// One of the items of `items`, or a new one.
fn item_of(items: Vec<ItemId>, n: u32) -> ItemId {
    let i = n as usize % (items.len() + 1);
    items
        .get(i)
        .copied()
        .unwrap_or(ItemId(Uuid::from_u128(5000 + u128::from(n))))
}

/// The command of `step` with input chosen by `n`: valid, invalid and borderline values.
fn command(step: Step, m: &Municipality, today: NaiveDate, n: [u32; 6]) -> Command {
    let at = |k: u32| date_near(today, k).and_hms_opt(9 + k % 10, 0, 0).unwrap();
    let fields = ["governance", "participation", "unknown"];
    let indicators = ["gov-1", "gov-2", "par-1", "par-2", "nope"];
    let someone = UserId(Uuid::from_u128(700 + u128::from(n[5] % 3)));
    match step {
        Step::ScheduleInterview => Command::ScheduleInterview {
            at: at(n[0]),
            interviewer: someone,
        },
        Step::RecordInterview => Command::RecordInterview {
            held_on: date_near(today, n[0]),
            eligibility: Eligibility {
                decision_makers_support: n[1].is_multiple_of(2),
                contact_person_named: n[2].is_multiple_of(2),
                shares_learning: !n[3].is_multiple_of(4),
            },
            notes: None,
        },
        Step::Admit => Command::Admit,
        Step::PutOnHold => put_on_hold(),
        Step::Decline => decline(),
        Step::CloseAsDuplicate => close_as_duplicate(),
        Step::AssignContactPerson => {
            if n[0].is_multiple_of(2) {
                assign_contact()
            } else {
                assign_new_contact()
            }
        }
        Step::AssignFacilitator => Command::AssignFacilitator {
            facilitator: someone,
        },
        Step::StartSelfCheck => Command::StartSelfCheck,
        Step::SaveSelfCheckAnswer => Command::SaveSelfCheckAnswer {
            indicator: indicators[n[0] as usize % indicators.len()].into(),
            answer: match n[1] % 7 {
                5 => Answer {
                    rating: Rating::NotApplicable,
                    comment: None,
                    evidence_url: None,
                },
                6 => Answer {
                    rating: Rating::Level(1),
                    comment: Some("x".repeat(5000)),
                    evidence_url: None,
                },
                level => level_answer(level as u8),
            },
        },
        Step::SubmitSelfCheck => Command::SubmitSelfCheck,
        Step::ScheduleWorkshop => Command::ScheduleWorkshop {
            at: at(n[0]),
            place: short("Rathaus"),
            facilitator: (n[1].is_multiple_of(2)).then_some(someone),
            invited: Vec::new(),
        },
        Step::RecordWorkshop => Command::RecordWorkshop {
            held_on: date_near(today, n[0]),
            participants: n[1] % 3,
            priorities: fields
                .iter()
                .enumerate()
                .filter(|(i, _)| n[2] & (1 << i) != 0)
                .map(|(_, f)| f.to_string())
                .collect(),
            action_plan: (0..n[3] % 3)
                .map(|k| PlannedStep {
                    id: ItemId(Uuid::from_u128(6000 + u128::from(k))),
                    what: short("Leitbild"),
                    who: short("Rat"),
                    due: date_near(today, n[4] + k * 40),
                })
                .collect(),
            notes: None,
        },
        Step::CompleteNextStep => Command::CompleteNextStep {
            step: item_of(m.next_steps.keys().copied().collect(), n[0]),
        },
        Step::EditNextStep => Command::EditNextStep {
            step: item_of(m.next_steps.keys().copied().collect(), n[0]),
            what: short("Leitbild überarbeiten"),
            who: short("Bürgerbüro"),
            due: date_near(today, n[1]),
        },
        Step::AssignNextStep => Command::AssignNextStep {
            step: item_of(m.next_steps.keys().copied().collect(), n[0]),
            to: match n[1] % 3 {
                0 => StepOwner::ContactPerson,
                1 => StepOwner::Facilitator,
                _ => StepOwner::Colleague(someone),
            },
        },
        Step::DropNextStep => Command::DropNextStep {
            step: item_of(m.next_steps.keys().copied().collect(), n[0]),
            reason: short("Kein Budget"),
        },
        Step::MoveSupport => Command::MoveSupport {
            id: item_of(m.support.keys().copied().collect(), n[0]),
            on: date_near(today, n[1]),
            time: chrono::NaiveTime::from_hms_opt(8 + n[2] % 12, 0, 0)
                .filter(|_| n[3].is_multiple_of(2)),
            place: None,
        },
        Step::CancelSupport => Command::CancelSupport {
            id: item_of(m.support.keys().copied().collect(), n[0]),
            reason: short("Terminkonflikt"),
        },
        Step::PlanSupport => plan_support(
            item_of(m.support.keys().copied().collect(), n[0]),
            date_near(today, n[1]),
        ),
        Step::RecordSupport => Command::RecordSupport {
            id: item_of(m.support.keys().copied().collect(), n[0]),
            held_on: date_near(today, n[1]),
            participants: n[2] % 4,
            notes: None,
        },
        Step::PlanDialogueEvent => plan_dialogue(
            item_of(m.dialogue_events.keys().copied().collect(), n[0]),
            at(n[1]),
        ),
        Step::RecordDialogueEvent => Command::RecordDialogueEvent {
            id: item_of(m.dialogue_events.keys().copied().collect(), n[0]),
            held_on: date_near(today, n[1]),
            attendance: Attendance::default(),
            outcomes: None,
        },
        Step::MoveDialogueEvent => Command::MoveDialogueEvent {
            id: item_of(m.dialogue_events.keys().copied().collect(), n[0]),
            at: at(n[1]),
            place: n[2].is_multiple_of(2).then(|| short("Bürgerhaus")),
        },
        Step::CancelDialogueEvent => Command::CancelDialogueEvent {
            id: item_of(m.dialogue_events.keys().copied().collect(), n[0]),
            reason: short("Referentin erkrankt"),
        },
        Step::CancelInterview => cancel_interview(),
        Step::CancelWorkshop => cancel_workshop(),
        Step::Complete => complete(),
        Step::CorrectProfile => correct_profile(),
        Step::CorrectSubmitter => correct_submitter(),
        Step::CorrectContactDetails => correct_contact(),
        Step::CorrectInterview => correct_interview(),
        Step::CorrectWorkshop => correct_workshop(),
        Step::CorrectSupport => correct_support(item_of(m.support.keys().copied().collect(), n[0])),
        Step::CorrectDialogueEvent => {
            correct_dialogue(item_of(m.dialogue_events.keys().copied().collect(), n[0]))
        }
        Step::Withdraw => withdraw(),
    }
}

/// The command of `step` as a careful user gives it: today's date, an acceptable input,
/// the first open item.
fn careful_command(step: Step, m: &Municipality, today: NaiveDate) -> Command {
    let at = today.and_hms_opt(10, 0, 0).unwrap();
    let new_item = ItemId(Uuid::from_u128(
        8000 + u128::from(today.to_epoch_days() as u32),
    ));
    match step {
        Step::ScheduleInterview => Command::ScheduleInterview {
            at,
            interviewer: TEAM_MEMBER,
        },
        Step::RecordInterview => record_interview(today, eligible()),
        Step::AssignFacilitator => assign_facilitator(FACILITATOR),
        Step::SaveSelfCheckAnswer => {
            let open = m.open_self_check();
            let unanswered = ["gov-1", "gov-2", "par-1", "par-2"]
                .into_iter()
                .find(|i| open.is_none_or(|o| !o.answers.contains_key(*i)))
                .unwrap_or("gov-1");
            save_answer(unanswered, level_answer(2))
        }
        Step::ScheduleWorkshop => schedule_workshop(at, None),
        Step::RecordWorkshop => Command::RecordWorkshop {
            held_on: today,
            participants: 12,
            priorities: vec!["participation".into()],
            action_plan: vec![PlannedStep {
                id: STEP_1,
                what: short("Leitbild"),
                who: short("Rat"),
                due: today + Days::new(30),
            }],
            notes: None,
        },
        Step::CompleteNextStep => complete_step(
            m.next_steps
                .iter()
                .find(|(_, s)| s.done_on.is_none() && s.dropped.is_none())
                .map_or(STEP_1, |(id, _)| *id),
        ),
        Step::PlanSupport => plan_support(new_item, today),
        Step::RecordSupport => record_support(
            m.support
                .iter()
                .find(|(_, s)| s.held_on.is_none() && s.cancelled.is_none())
                .map_or(SUPPORT, |(id, _)| *id),
            today,
        ),
        Step::PlanDialogueEvent => plan_dialogue(new_item, at),
        Step::RecordDialogueEvent => record_dialogue(
            m.dialogue_events
                .iter()
                .find(|(_, e)| e.held_on.is_none())
                .map_or(DIALOGUE, |(id, _)| *id),
            today,
        ),
        other => command(other, m, today, [0; 6]),
    }
}

fn level_answer(level: u8) -> Answer {
    Answer {
        rating: Rating::Level(level),
        comment: None,
        evidence_url: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn every_step_left_out_refuses_any_input_and_every_item_offered_is_accepted(
        moves in moves(),
        capacity in 1u32..3,
        taken in 0u32..3,
        shy in (any::<u64>(), any::<u64>()).prop_map(|(a, b)| a & b),
    ) {
        let framework = framework();
        let mut programme = programme(capacity, taken);
        let mut today = submitted_on();
        let mut state: Option<Municipality> = None;
        {
            let ctx = Context { today, programme: &programme, framework: &framework };
            for e in decide(None, submit_interest(true), &ctx).unwrap() {
                evolve(&mut state, &e);
            }
        }
        for mv in moves {
            today = today + Days::new(mv.days);
            let m = state.clone().expect("a journey has begun");

            let ctx = Context { today, programme: &programme, framework: &framework };
            let options = step_options(&m, &ctx);
            let offered = available_steps(&m, &ctx);
            prop_assert_eq!(options.len(), Step::ALL.len());
            for o in &options {
                if o.refusal.is_some() {
                    prop_assert!(!offered.contains(&o.step));
                    prop_assert!(o.items.is_empty());
                } else {
                    prop_assert!(offered.contains(&o.step));
                    // Every item offered for a step on items is accepted.
                    for item in &o.items {
                        let cmd = match o.step {
                            Step::CompleteNextStep => Command::CompleteNextStep { step: *item },
                            Step::EditNextStep => {
                                let s = &m.next_steps[item];
                                Command::EditNextStep {
                                    step: *item,
                                    what: short("Leitbild überarbeiten"),
                                    who: s.who.clone(),
                                    due: s.due,
                                }
                            }
                            Step::DropNextStep => Command::DropNextStep {
                                step: *item,
                                reason: short("Kein Budget"),
                            },
                            Step::AssignNextStep => Command::AssignNextStep {
                                step: *item,
                                to: StepOwner::Colleague(UserId(Uuid::from_u128(701))),
                            },
                            Step::MoveSupport => Command::MoveSupport {
                                id: *item,
                                on: m.window_ends_on.map_or(today, |end| end.min(today)),
                                time: None,
                                place: None,
                            },
                            Step::CancelSupport => Command::CancelSupport {
                                id: *item,
                                reason: short("Terminkonflikt"),
                            },
                            Step::CorrectSupport => correct_support(*item),
                            Step::CorrectDialogueEvent => correct_dialogue(*item),
                            Step::RecordSupport => record_support(*item, today),
                            // To the evening of the last day it may still take place.
                            Step::MoveDialogueEvent => Command::MoveDialogueEvent {
                                id: *item,
                                at: m
                                    .window_ends_on
                                    .map_or(today, |end| end.min(today))
                                    .and_hms_opt(18, 0, 0)
                                    .unwrap(),
                                place: None,
                            },
                            Step::CancelDialogueEvent => Command::CancelDialogueEvent {
                                id: *item,
                                reason: short("Referentin erkrankt"),
                            },
                            _ => record_dialogue(*item, today),
                        };
                        prop_assert!(decide(Some(&m), cmd, &ctx).is_ok());
                    }
                }
            }
            if m.stage().is_final() {
                // Nothing more can happen but corrections; the checks above have seen
                // everything else refused.
                prop_assert!(offered.contains(&Step::CorrectProfile), "{:?}", offered);
                prop_assert!(offered.iter().all(|s| s.is_correction()), "{:?} offered after the end", offered);
                break;
            }
            // Ending the journey is tried rarely, so that journeys get far.
            let ends = |s: &Step| matches!(s, Step::Decline | Step::Withdraw | Step::PutOnHold);
            let rarely_ending =
                |steps: &[Step]| -> Vec<Step> { steps.iter().copied().filter(|s| mv.input[5].is_multiple_of(20) || !ends(s)).collect() };
            // Each journey leaves some steps aside (about one in four), so that journeys
            // differ: without a facilitator, without a contact person, never planning.
            let going_on: Vec<Step> = rarely_ending(&offered)
                .into_iter()
                .filter(|s| shy & (1u64 << (*s as u32)) == 0)
                .collect();
            // Every step left out refuses random inputs.
            for step in Step::ALL.into_iter().filter(|s| !offered.contains(s)) {
                for k in 1..4u32 {
                    let input = mv.input.map(|x| x.wrapping_mul(k * 7919).wrapping_add(k) % 1000);
                    let cmd = command(step, &m, today, input);
                    prop_assert!(
                        decide(Some(&m), cmd.clone(), &ctx).is_err(),
                        "{:?} was accepted at {:?} on {} but not offered ({:?})",
                        cmd, m.stage(), today, offered
                    );
                }
            }
            let (step, careful) = if going_on.is_empty() {
                (offered[mv.pick % offered.len()], mv.kind > 1)
            } else {
                (going_on[mv.pick % going_on.len()], mv.kind > 1)
            };
            let cmd = if careful {
                careful_command(step, &m, today)
            } else {
                command(step, &m, today, mv.input)
            };
            prop_assert_eq!(Step::of(&cmd), Some(step));
            // The move is made when accepted (a random input may be refused: a date in the
            // future, no participants).
            if let Ok(events) = decide(Some(&m), cmd, &ctx) {
                let seats = lotse_domain::municipality::seat_changes(MUNICIPALITY, Some(&m), &events);
                for e in &seats {
                    programme.apply(e);
                }
                for e in &events {
                    evolve(&mut state, e);
                }
            }
        }
    }
}
