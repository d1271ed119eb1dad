//! Programmes: one cohort with its own settings. One stream per programme; it also holds the
//! seat ledger, so that two admissions at once can never exceed the capacity.

use crate::DomainEvent;
use crate::error::{DomainError, ValidationError};
use crate::framework::Framework;
use crate::ids::{MunicipalityId, TenantId};
use crate::municipality::{Municipality, Pending};
use crate::values::ShortText;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What must have happened before a municipality can complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionCriteria {
    pub self_check_submitted: bool,
    pub workshop_held: bool,
    pub min_dialogue_events: u32,
}

impl Default for CompletionCriteria {
    fn default() -> Self {
        Self {
            self_check_submitted: true,
            workshop_held: true,
            min_dialogue_events: 1,
        }
    }
}

/// When reminder mails go out, relative to a task's due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderPolicy {
    /// Days before the due date (e.g. 7).
    pub days_before: Vec<u32>,
    /// Whether a reminder goes out on the due day.
    pub on_due_day: bool,
    /// Days after the due date (e.g. 3); these copy the programme team.
    pub days_overdue: Vec<u32>,
}

impl Default for ReminderPolicy {
    fn default() -> Self {
        Self {
            days_before: vec![7],
            on_due_day: true,
            days_overdue: vec![3],
        }
    }
}

/// How many days each journey task gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    /// From the interest form to a scheduled initial interview (missing in settings
    /// recorded before the team had tasks before admission).
    #[serde(default = "Deadlines::default_schedule_interview_days")]
    pub schedule_interview_days: u32,
    /// From the held interview to a decision (admitted, waiting list, on hold, declined).
    #[serde(default = "Deadlines::default_decide_days")]
    pub decide_days: u32,
    /// From the held workshop to the second self-check, submitted: the change it shows is
    /// the programme's main figure of impact.
    #[serde(default = "Deadlines::default_second_self_check_days")]
    pub second_self_check_days: u32,
    /// From admission to an assigned contact person and facilitator.
    pub assign_contact_days: u32,
    /// From contact assignment to a submitted self-check.
    pub self_check_days: u32,
    /// From a submitted self-check to a scheduled workshop.
    pub schedule_workshop_days: u32,
    /// From a planned date to a recorded attendance.
    pub record_attendance_days: u32,
    /// How long before the window closes the closing task appears.
    pub window_notice_days: u32,
}

impl Deadlines {
    /// The longest deadline a programme can set, in days.
    pub const MAX_DAYS: u32 = 365;

    /// Each deadline by its name in the API, in journey order.
    pub fn named(&self) -> [(&'static str, u32); 8] {
        [
            ("scheduleInterviewDays", self.schedule_interview_days),
            ("decideDays", self.decide_days),
            ("assignContactDays", self.assign_contact_days),
            ("selfCheckDays", self.self_check_days),
            ("scheduleWorkshopDays", self.schedule_workshop_days),
            ("recordAttendanceDays", self.record_attendance_days),
            ("secondSelfCheckDays", self.second_self_check_days),
            ("windowNoticeDays", self.window_notice_days),
        ]
    }

    fn default_schedule_interview_days() -> u32 {
        10
    }

    fn default_decide_days() -> u32 {
        14
    }

    fn default_second_self_check_days() -> u32 {
        56
    }
}

impl Default for Deadlines {
    fn default() -> Self {
        Self {
            schedule_interview_days: Self::default_schedule_interview_days(),
            decide_days: Self::default_decide_days(),
            second_self_check_days: Self::default_second_self_check_days(),
            assign_contact_days: 14,
            self_check_days: 28,
            schedule_workshop_days: 21,
            record_attendance_days: 7,
            window_notice_days: 30,
        }
    }
}

/// When the public interest form takes applications (both ends included; none: always).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationPeriod {
    pub opens_on: Option<NaiveDate>,
    pub closes_on: Option<NaiveDate>,
}

/// A programme's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeSettings {
    pub name: ShortText,
    /// The label a municipality carries once it completed (none: the programme awards no
    /// label). Settings recorded before there was a choice were Weltoffene Kommune's.
    #[serde(default = "ProgrammeSettings::weltoffene_kommune_label")]
    pub label: Option<ShortText>,
    /// The sender's name of the programme's mails (none: the installation's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_name: Option<ShortText>,
    /// Where replies to the programme's mails go (none: to the sender).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<crate::values::EmailAddress>,
    /// How many municipalities can take part at once (40 by default).
    pub capacity: u32,
    /// Participation lasts at most this many months from admission (6 by default).
    pub participation_months: u32,
    pub completion: CompletionCriteria,
    pub framework_id: String,
    pub framework_version: u32,
    pub reminders: ReminderPolicy,
    pub deadlines: Deadlines,
    /// Missing in settings recorded before there were application periods.
    #[serde(default, skip_serializing_if = "ApplicationPeriod::is_always")]
    pub applications: ApplicationPeriod,
}

impl ApplicationPeriod {
    /// Open at all times.
    pub fn is_always(&self) -> bool {
        self.opens_on.is_none() && self.closes_on.is_none()
    }
}

impl ProgrammeSettings {
    /// The label of the Weltoffene Kommune programme.
    pub fn weltoffene_kommune_label() -> Option<ShortText> {
        ShortText::parse("label", "Weltoffene Kommune").ok()
    }

    /// The Weltoffene Kommune defaults with the given name.
    pub fn weltoffene_kommune(name: ShortText) -> Self {
        Self {
            name,
            label: Self::weltoffene_kommune_label(),
            sender_name: None,
            reply_to: None,
            capacity: 40,
            participation_months: 6,
            completion: CompletionCriteria::default(),
            framework_id: "weltoffene-kommune".into(),
            framework_version: 1,
            reminders: ReminderPolicy::default(),
            deadlines: Deadlines::default(),
            applications: ApplicationPeriod::default(),
        }
    }

    /// Checks the bounds of every setting and that the framework exists.
    pub fn validate(&self) -> Result<(), DomainError> {
        if !(1..=1000).contains(&self.capacity) {
            return Err(ValidationError::new("capacity", "out_of_range").into());
        }
        if !(1..=36).contains(&self.participation_months) {
            return Err(ValidationError::new("participationMonths", "out_of_range").into());
        }
        if self.reminders.days_before.iter().any(|&d| d == 0 || d > 90)
            || self
                .reminders
                .days_overdue
                .iter()
                .any(|&d| d == 0 || d > 90)
        {
            return Err(ValidationError::new("reminders", "out_of_range").into());
        }
        if self.reminders.days_before.len() > 5 || self.reminders.days_overdue.len() > 5 {
            return Err(ValidationError::new("reminders", "too_many").into());
        }
        if let Some((field, _)) = self
            .deadlines
            .named()
            .into_iter()
            .find(|(_, days)| !(1..=Deadlines::MAX_DAYS).contains(days))
        {
            return Err(ValidationError::new(field, "out_of_range").into());
        }
        if Framework::find(&self.framework_id, self.framework_version).is_none() {
            return Err(DomainError::UnknownFramework);
        }
        if let (Some(opens), Some(closes)) =
            (self.applications.opens_on, self.applications.closes_on)
            && closes < opens
        {
            return Err(ValidationError::new("applicationsCloseOn", "before_opening").into());
        }
        Ok(())
    }

    /// The self-check framework of this programme.
    pub fn framework(&self) -> Option<Framework> {
        Framework::find(&self.framework_id, self.framework_version)
    }
}

/// What happened to a programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum ProgrammeEvent {
    ProgrammeCreated {
        tenant: TenantId,
        settings: ProgrammeSettings,
    },
    ProgrammeSettingsChanged {
        settings: ProgrammeSettings,
        /// The day of the change (missing in changes recorded before it was kept).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on: Option<NaiveDate>,
    },
    /// A municipality took one of the programme's seats (on admission).
    SeatTaken { municipality: MunicipalityId },
    /// A municipality gave its seat back (on withdrawal).
    SeatReleased {
        municipality: MunicipalityId,
        /// The day the seat came free (missing in releases recorded before it was kept).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on: Option<NaiveDate>,
    },
    /// The team put the waiting list in an order of its own.
    WaitingListOrdered { order: Vec<MunicipalityId> },
    /// The programme ended: it is kept for reading, and nothing changes any more.
    ProgrammeArchived { on: NaiveDate },
}

impl DomainEvent for ProgrammeEvent {
    fn event_type(&self) -> &'static str {
        match self {
            ProgrammeEvent::ProgrammeCreated { .. } => "ProgrammeCreated",
            ProgrammeEvent::ProgrammeSettingsChanged { .. } => "ProgrammeSettingsChanged",
            ProgrammeEvent::SeatTaken { .. } => "SeatTaken",
            ProgrammeEvent::SeatReleased { .. } => "SeatReleased",
            ProgrammeEvent::ProgrammeArchived { .. } => "ProgrammeArchived",
            ProgrammeEvent::WaitingListOrdered { .. } => "WaitingListOrdered",
        }
    }
}

/// A programme as folded from its stream.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Programme {
    pub tenant: Option<TenantId>,
    pub settings: Option<ProgrammeSettings>,
    /// Municipalities holding a seat.
    pub seats: BTreeSet<MunicipalityId>,
    /// When the programme was archived.
    pub archived_on: Option<NaiveDate>,
    /// The team's order of the waiting list: these wait first, in this order.
    pub waiting_order: Vec<MunicipalityId>,
    /// Since when a seat is free again after the programme was full (a withdrawal or a
    /// higher capacity); `None` while full.
    pub seat_free_since: Option<NaiveDate>,
}

impl Programme {
    /// Applies one event.
    pub fn apply(&mut self, event: &ProgrammeEvent) {
        match event {
            ProgrammeEvent::ProgrammeCreated { tenant, settings } => {
                self.tenant = Some(*tenant);
                self.settings = Some(settings.clone());
            }
            ProgrammeEvent::ProgrammeSettingsChanged { settings, on } => {
                let was_full = !self.has_free_seat();
                self.settings = Some(settings.clone());
                self.note_free_seat(was_full, *on);
            }
            ProgrammeEvent::SeatTaken { municipality } => {
                self.seats.insert(*municipality);
                self.note_free_seat(false, None);
            }
            ProgrammeEvent::SeatReleased { municipality, on } => {
                let was_full = !self.has_free_seat();
                self.seats.remove(municipality);
                self.note_free_seat(was_full, *on);
            }
            ProgrammeEvent::ProgrammeArchived { on } => self.archived_on = Some(*on),
            ProgrammeEvent::WaitingListOrdered { order } => self.waiting_order = order.clone(),
        }
    }

    /// Keeps `seat_free_since`: set when a full programme has a seat again, cleared when
    /// it is full.
    fn note_free_seat(&mut self, was_full: bool, on: Option<NaiveDate>) {
        if !self.has_free_seat() {
            self.seat_free_since = None;
        } else if was_full {
            self.seat_free_since = on;
        }
    }

    /// The waiting list in order: first the municipalities the team put in order, in its
    /// order, then the others by the day of their interview (then of their form).
    /// `municipalities` may hold any of the programme's; only those waiting are listed.
    pub fn waiting_list<'a>(
        &self,
        municipalities: impl IntoIterator<Item = (MunicipalityId, &'a Municipality)>,
    ) -> Vec<(MunicipalityId, &'a Municipality)> {
        let mut waiting: Vec<(MunicipalityId, &Municipality)> = municipalities
            .into_iter()
            .filter(|(_, m)| matches!(m.pending, Some(Pending::WaitingList { .. })))
            .filter(|(_, m)| m.admitted_on.is_none() && !m.stage().is_final())
            .collect();
        waiting.sort_by_key(|(id, m)| {
            (
                self.waiting_order
                    .iter()
                    .position(|o| o == id)
                    .unwrap_or(usize::MAX),
                m.interview.as_ref().and_then(|i| i.held_on),
                m.submitted_on,
                *id,
            )
        });
        waiting
    }

    /// Whose turn it is for a free seat, and since when: the first of the waiting list
    /// while the programme has a free seat and runs. "Since" is the later of the day the
    /// seat came free and the day the municipality was put on the waiting list.
    pub fn next_for_free_seat(
        &self,
        waiting_list: &[(MunicipalityId, &Municipality)],
    ) -> Option<(MunicipalityId, NaiveDate)> {
        if !self.has_free_seat() || self.archived_on.is_some() {
            return None;
        }
        let (id, m) = waiting_list.first()?;
        let Some(Pending::WaitingList { since }) = m.pending else {
            return None;
        };
        Some((*id, self.seat_free_since.map_or(since, |s| s.max(since))))
    }

    /// Puts the waiting list in the team's order: `order` must name exactly the
    /// municipalities waiting now (`waiting`, looked up beforehand), each once.
    pub fn order_waiting_list(
        &self,
        order: Vec<MunicipalityId>,
        waiting: &BTreeSet<MunicipalityId>,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        if self.settings.is_none() {
            return Err(DomainError::UnknownProgramme);
        }
        if self.archived_on.is_some() {
            return Err(DomainError::ProgrammeArchived);
        }
        let named: BTreeSet<MunicipalityId> = order.iter().copied().collect();
        if named.len() != order.len() || &named != waiting {
            return Err(ValidationError::new("municipalityIds", "not_the_waiting_list").into());
        }
        if order == self.waiting_order {
            return Ok(Vec::new());
        }
        Ok(vec![ProgrammeEvent::WaitingListOrdered { order }])
    }

    /// Folds a whole stream.
    pub fn fold<'a>(events: impl IntoIterator<Item = &'a ProgrammeEvent>) -> Self {
        let mut p = Self::default();
        for e in events {
            p.apply(e);
        }
        p
    }

    /// Whether one more municipality can be admitted.
    pub fn has_free_seat(&self) -> bool {
        self.settings
            .as_ref()
            .is_some_and(|s| (self.seats.len() as u64) < u64::from(s.capacity))
    }

    /// Whether the public form takes an application on `today`, or why not.
    pub fn takes_applications(&self, today: NaiveDate) -> Result<(), DomainError> {
        let settings = self
            .settings
            .as_ref()
            .ok_or(DomainError::UnknownProgramme)?;
        if self.archived_on.is_some() {
            return Err(DomainError::ProgrammeArchived);
        }
        match (
            settings.applications.opens_on,
            settings.applications.closes_on,
        ) {
            (Some(opens_on), _) if today < opens_on => {
                Err(DomainError::ApplicationsNotYetOpen { opens_on })
            }
            (_, Some(closed_on)) if today > closed_on => {
                Err(DomainError::ApplicationsClosed { closed_on })
            }
            _ => Ok(()),
        }
    }

    /// Archives the programme on `today`: read-only from then on.
    pub fn archive(&self, today: NaiveDate) -> Result<Vec<ProgrammeEvent>, DomainError> {
        if self.settings.is_none() {
            return Err(DomainError::UnknownProgramme);
        }
        if self.archived_on.is_some() {
            return Err(DomainError::ProgrammeArchived);
        }
        Ok(vec![ProgrammeEvent::ProgrammeArchived { on: today }])
    }

    /// Creates the programme.
    pub fn create(
        &self,
        tenant: TenantId,
        settings: ProgrammeSettings,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        if self.settings.is_some() {
            return Err(DomainError::ProgrammeExists);
        }
        settings.validate()?;
        Ok(vec![ProgrammeEvent::ProgrammeCreated { tenant, settings }])
    }

    /// Changes the settings: the capacity cannot drop below the seats already taken, and
    /// the self-check framework is fixed once a municipality of the programme has started
    /// a self-check (`self_checks_started`, looked up beforehand). A new participation
    /// length applies to admissions from then on (an admission records its window's end).
    /// The same settings again change nothing.
    pub fn change_settings(
        &self,
        settings: ProgrammeSettings,
        self_checks_started: bool,
        today: NaiveDate,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        let Some(current) = &self.settings else {
            return Err(DomainError::UnknownProgramme);
        };
        if self.archived_on.is_some() {
            return Err(DomainError::ProgrammeArchived);
        }
        settings.validate()?;
        if (settings.capacity as usize) < self.seats.len() {
            return Err(ValidationError::new("capacity", "below_seats_taken").into());
        }
        if self_checks_started
            && (&settings.framework_id, settings.framework_version)
                != (&current.framework_id, current.framework_version)
        {
            return Err(ValidationError::new("frameworkId", "fixed_after_self_check").into());
        }
        if &settings == current {
            return Ok(Vec::new());
        }
        Ok(vec![ProgrammeEvent::ProgrammeSettingsChanged {
            settings,
            on: Some(today),
        }])
    }
}
