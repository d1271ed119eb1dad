//! Reminder rules: which task reminders are due on a day, by the programme's policy. A pure
//! function of the open tasks, the policy, the reminders already sent and today's date.
//!
//! Each open task has steps (`before-N` for every N in `days_before`, `due` on the due day,
//! `overdue-N` for every N in `days_overdue`), each with a send day. On a day, the latest
//! step whose send day has come is due, unless it was sent already. Earlier steps that were
//! missed (the task appeared late, the scan did not run) are not sent afterwards: one mail
//! about the current state instead of several at once.

use crate::municipality::Municipality;
use crate::programme::{ProgrammeSettings, ReminderPolicy};
use crate::tasks::{Assignee, Standing, Task, TaskState, open_tasks};
use chrono::{Days, NaiveDate};
use std::collections::BTreeSet;
use std::fmt;

/// When a reminder goes out, relative to the due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// N days before the due date.
    Before(u32),
    /// On the due day.
    Due,
    /// N days after the due date (copies the team).
    Overdue(u32),
}

impl Step {
    /// The day this step is sent for a task due on `due`.
    pub fn send_day(self, due: NaiveDate) -> NaiveDate {
        match self {
            Step::Before(n) => due
                .checked_sub_days(Days::new(u64::from(n)))
                .unwrap_or(NaiveDate::MIN),
            Step::Due => due,
            Step::Overdue(n) => due
                .checked_add_days(Days::new(u64::from(n)))
                .unwrap_or(NaiveDate::MAX),
        }
    }

    /// The `stage` of the `task_reminder` mail: `before`, `due` or `overdue`.
    pub fn stage(self) -> &'static str {
        match self {
            Step::Before(_) => "before",
            Step::Due => "due",
            Step::Overdue(_) => "overdue",
        }
    }

    /// Reads `before-7`, `due` or `overdue-3`.
    pub fn parse(s: &str) -> Option<Self> {
        if s == "due" {
            return Some(Step::Due);
        }
        if let Some(n) = s.strip_prefix("before-") {
            return n.parse().ok().map(Step::Before);
        }
        s.strip_prefix("overdue-")?.parse().ok().map(Step::Overdue)
    }

    /// All steps of a policy, in the order of their send days.
    pub fn all(policy: &ReminderPolicy) -> Vec<Step> {
        let mut before: Vec<u32> = policy.days_before.clone();
        before.sort_unstable_by(|a, b| b.cmp(a));
        before.dedup();
        let mut overdue: Vec<u32> = policy.days_overdue.clone();
        overdue.sort_unstable();
        overdue.dedup();
        let mut steps: Vec<Step> = before.into_iter().map(Step::Before).collect();
        if policy.on_due_day {
            steps.push(Step::Due);
        }
        steps.extend(overdue.into_iter().map(Step::Overdue));
        steps
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Before(n) => write!(f, "before-{n}"),
            Step::Due => f.write_str("due"),
            Step::Overdue(n) => write!(f, "overdue-{n}"),
        }
    }
}

/// One reminder that should go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub task: String,
    pub step: Step,
    pub due: NaiveDate,
    pub assignee: Assignee,
    /// The day the step was meant for (≤ today).
    pub send_day: NaiveDate,
}

impl Reminder {
    /// Whether the team gets a copy (overdue steps).
    pub fn copies_team(&self) -> bool {
        matches!(self.step, Step::Overdue(_))
    }
}

/// The reminders due on `today` for the given open tasks, skipping those in `sent`
/// (task key, step, due date).
pub fn reminders_due(
    tasks: &[Task],
    policy: &ReminderPolicy,
    sent: &BTreeSet<(String, String, NaiveDate)>,
    today: NaiveDate,
) -> Vec<Reminder> {
    let steps = Step::all(policy);
    let mut out = Vec::new();
    for task in tasks.iter().filter(|t| t.state == TaskState::Open) {
        let Some(step) = steps
            .iter()
            .copied()
            .filter(|s| s.send_day(task.due) <= today)
            .max_by_key(|s| s.send_day(task.due))
        else {
            continue;
        };
        if sent.contains(&(task.key.clone(), step.to_string(), task.due)) {
            continue;
        }
        out.push(Reminder {
            task: task.key.clone(),
            step,
            due: task.due,
            assignee: task.assignee,
            send_day: step.send_day(task.due),
        });
    }
    out
}

/// The reminders due on `today` for a municipality.
pub fn due_reminders(
    m: &Municipality,
    settings: &ProgrammeSettings,
    standing: Standing,
    today: NaiveDate,
) -> Vec<Reminder> {
    if m.stage().is_final() {
        return Vec::new();
    }
    reminders_due(
        &open_tasks(m, settings, standing, today),
        &settings.reminders,
        &m.reminders_sent,
        today,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::TaskKind;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + Days::new(u64::from(d) - 1)
    }

    fn task(key: &str, due: NaiveDate, assignee: Assignee) -> Task {
        Task {
            key: key.into(),
            kind: TaskKind::NextStep,
            assignee,
            due,
            state: TaskState::Open,
            item: None,
            person: None,
        }
    }

    /// Walks the days, recording what is sent, and returns (task, step, day sent).
    fn walk(tasks: &[Task], policy: &ReminderPolicy, days: u32) -> Vec<(String, String, u32)> {
        let mut sent = BTreeSet::new();
        let mut log = Vec::new();
        for d in 1..=days {
            for r in reminders_due(tasks, policy, &sent, day(d)) {
                sent.insert((r.task.clone(), r.step.to_string(), r.due));
                log.push((r.task, r.step.to_string(), d));
            }
        }
        log
    }

    #[test]
    fn the_default_policy_sends_seven_days_before_on_the_day_and_three_days_after() {
        let tasks = [task("step-a", day(20), Assignee::Contact)];
        let log = walk(&tasks, &ReminderPolicy::default(), 40);
        assert_eq!(
            log,
            vec![
                ("step-a".into(), "before-7".into(), 13),
                ("step-a".into(), "due".into(), 20),
                ("step-a".into(), "overdue-3".into(), 23),
            ]
        );
    }

    #[test]
    fn nothing_is_due_before_the_first_send_day_and_nothing_twice() {
        let tasks = [task("t", day(20), Assignee::Team)];
        let policy = ReminderPolicy::default();
        assert!(reminders_due(&tasks, &policy, &BTreeSet::new(), day(12)).is_empty());
        let due = reminders_due(&tasks, &policy, &BTreeSet::new(), day(13));
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].step, Step::Before(7));
        assert_eq!(due[0].send_day, day(13));
        assert!(!due[0].copies_team());
        let sent = BTreeSet::from([("t".to_string(), "before-7".to_string(), day(20))]);
        assert!(reminders_due(&tasks, &policy, &sent, day(14)).is_empty());
    }

    #[test]
    fn a_task_that_appears_late_gets_only_its_current_step() {
        // Due in 4 days when it appears: the 7-day step goes out at once, then the rest.
        let tasks = [task("late", day(5), Assignee::Facilitator)];
        let log = walk(&tasks, &ReminderPolicy::default(), 30);
        assert_eq!(
            log,
            vec![
                ("late".into(), "before-7".into(), 1),
                ("late".into(), "due".into(), 5),
                ("late".into(), "overdue-3".into(), 8),
            ]
        );
        // Already overdue by 5 days when first seen: one overdue mail, no catch-up.
        let old = [task("old", day(1), Assignee::Team)];
        let due = reminders_due(&old, &ReminderPolicy::default(), &BTreeSet::new(), day(6));
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].step, Step::Overdue(3));
        assert!(due[0].copies_team());
    }

    #[test]
    fn several_steps_and_a_moved_due_date() {
        let policy = ReminderPolicy {
            days_before: vec![7, 14],
            on_due_day: false,
            days_overdue: vec![1, 7],
        };
        let tasks = [task("t", day(20), Assignee::Contact)];
        let log: Vec<_> = walk(&tasks, &policy, 40)
            .into_iter()
            .map(|(_, s, d)| (s, d))
            .collect();
        assert_eq!(
            log,
            vec![
                ("before-14".into(), 6),
                ("before-7".into(), 13),
                ("overdue-1".into(), 21),
                ("overdue-7".into(), 27),
            ]
        );
        // A new due date is a new reminder, even for a step sent for the old one.
        let sent = BTreeSet::from([("t".to_string(), "before-7".to_string(), day(20))]);
        let moved = [task("t", day(21), Assignee::Contact)];
        let due = reminders_due(&moved, &policy, &sent, day(14));
        assert_eq!(due.len(), 1);
        assert_eq!((due[0].step, due[0].due), (Step::Before(7), day(21)));
    }

    #[test]
    fn done_tasks_get_no_reminder_and_steps_read_back() {
        let mut t = task("t", day(5), Assignee::Team);
        t.state = TaskState::Done;
        assert!(
            reminders_due(&[t], &ReminderPolicy::default(), &BTreeSet::new(), day(9)).is_empty()
        );
        for s in [Step::Before(7), Step::Due, Step::Overdue(3)] {
            assert_eq!(Step::parse(&s.to_string()), Some(s));
        }
        assert_eq!(Step::parse("soon"), None);
    }
}
