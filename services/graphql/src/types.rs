//! Output types, built from the projections for one viewer and language.

use crate::auth::Viewer;
use crate::scalars::{self, Date, LocalDateTime};
use async_graphql::{Enum, ID, SimpleObject};
use chrono::NaiveDate;
use lotse_domain::ProgrammeId;
use lotse_domain::framework::{Framework, Rating};
use lotse_domain::municipality::StepOwner;
use lotse_domain::programme::{Programme, ProgrammeSettings};
use lotse_domain::tasks::Task;
use lotse_domain::user::Role;
use lotse_domain::values::{self as v, Language};
use lotse_projections::stats::benchmark_allowed;
use lotse_projections::timeline::{
    PersonFields, contact_fields, correction, describe, person_changes, person_correction,
    submitter_fields,
};
use lotse_projections::{MunicipalityView, TenantView};

macro_rules! remote_enum {
    ($name:ident, $remote:literal, [$($variant:ident),* $(,)?]) => {
        #[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
        #[graphql(remote = $remote)]
        pub enum $name { $($variant,)* }
    };
}

remote_enum!(
    FormAlerts,
    "lotse_domain::user::FormAlerts",
    [AtOnce, Daily, Never]
);
remote_enum!(
    Stage,
    "lotse_domain::values::Stage",
    [
        Interest,
        Interview,
        WaitingList,
        OnHold,
        Onboarding,
        SelfCheck,
        Workshop,
        Implementation,
        Completed,
        Declined,
        Withdrawn
    ]
);
remote_enum!(
    Step,
    "lotse_domain::steps::Step",
    [
        ScheduleInterview,
        CancelInterview,
        RecordInterview,
        Admit,
        PutOnHold,
        Decline,
        CloseAsDuplicate,
        AssignContactPerson,
        AssignFacilitator,
        StartSelfCheck,
        SaveSelfCheckAnswer,
        SubmitSelfCheck,
        ScheduleWorkshop,
        CancelWorkshop,
        RecordWorkshop,
        CompleteNextStep,
        EditNextStep,
        AssignNextStep,
        DropNextStep,
        PlanSupport,
        MoveSupport,
        CancelSupport,
        RecordSupport,
        PlanDialogueEvent,
        MoveDialogueEvent,
        CancelDialogueEvent,
        RecordDialogueEvent,
        Complete,
        CorrectProfile,
        CorrectSubmitter,
        CorrectContactDetails,
        CorrectInterview,
        CorrectWorkshop,
        CorrectSupport,
        CorrectDialogueEvent,
        Withdraw
    ]
);
remote_enum!(
    Bundesland,
    "lotse_domain::values::Bundesland",
    [
        BadenWuerttemberg,
        Bayern,
        Berlin,
        Brandenburg,
        Bremen,
        Hamburg,
        Hessen,
        MecklenburgVorpommern,
        Niedersachsen,
        NordrheinWestfalen,
        RheinlandPfalz,
        Saarland,
        Sachsen,
        SachsenAnhalt,
        SchleswigHolstein,
        Thueringen
    ]
);
remote_enum!(
    MunicipalityKind,
    "lotse_domain::values::MunicipalityKind",
    [
        Gemeinde,
        Stadt,
        KreisfreieStadt,
        Landkreis,
        Verbandsgemeinde
    ]
);
remote_enum!(
    SizeClass,
    "lotse_domain::values::SizeClass",
    [Rural, SmallTown, MediumTown, City]
);
remote_enum!(
    StakeholderGroup,
    "lotse_domain::values::StakeholderGroup",
    [Residents, Administration, Politics, Business, CivilSociety]
);
remote_enum!(
    SupportFormat,
    "lotse_domain::values::SupportFormat",
    [
        Coaching,
        PeerExchange,
        StatementTraining,
        CommunicationTraining,
        Other
    ]
);
remote_enum!(
    Audience,
    "lotse_domain::values::Audience",
    [Mayor, AdministrationHeads, Council, Mixed]
);
remote_enum!(
    DialogueFormat,
    "lotse_domain::values::DialogueFormat",
    [TownHall, WorldCafe, Workshop, Walk, Online, Other]
);
remote_enum!(
    UserRole,
    "lotse_domain::user::Role",
    [Team, Facilitator, Contact, Funder]
);
remote_enum!(Lang, "lotse_domain::values::Language", [De, En]);
remote_enum!(
    TaskKind,
    "lotse_domain::tasks::TaskKind",
    [
        ScheduleInterview,
        DecideAdmission,
        AdmitFromWaitingList,
        AssignContactPerson,
        AssignFacilitator,
        SubmitSelfCheck,
        ScheduleWorkshop,
        PrepareWorkshop,
        RecordWorkshop,
        RecordDialogueAttendance,
        RecordSupport,
        NextStep,
        ParticipationWindowClosing
    ]
);
remote_enum!(
    Assignee,
    "lotse_domain::tasks::Assignee",
    [Team, Facilitator, Contact]
);

/// A stage's label in a language.
pub fn stage_label(stage: v::Stage, lang: Language) -> &'static str {
    use v::Stage as S;
    match (stage, lang) {
        (S::Interest, Language::De) => "Interesse",
        (S::Interest, Language::En) => "Interest",
        (S::Interview, Language::De) => "Erstgespräch",
        (S::Interview, Language::En) => "Initial interview",
        (S::WaitingList, Language::De) => "Warteliste",
        (S::WaitingList, Language::En) => "Waiting list",
        (S::OnHold, Language::De) => "Zurückgestellt",
        (S::OnHold, Language::En) => "On hold",
        (S::Onboarding, Language::De) => "Zugelassen",
        (S::Onboarding, Language::En) => "Admitted",
        (S::SelfCheck, Language::De) => "Selbstcheck",
        (S::SelfCheck, Language::En) => "Self-check",
        (S::Workshop, _) => "Workshop",
        (S::Implementation, Language::De) => "Umsetzung",
        (S::Implementation, Language::En) => "Implementation",
        (S::Completed, Language::De) => "Abgeschlossen",
        (S::Completed, Language::En) => "Completed",
        (S::Declined, Language::De) => "Abgesagt",
        (S::Declined, Language::En) => "Declined",
        (S::Withdrawn, Language::De) => "Zurückgezogen",
        (S::Withdrawn, Language::En) => "Withdrawn",
    }
}

fn label<T: Copy>(
    lang: Language,
    x: T,
    de: fn(T) -> &'static str,
    en: fn(T) -> &'static str,
) -> String {
    match lang {
        Language::De => de(x).into(),
        Language::En => en(x).into(),
    }
}

/// A reference to a user: id and (for roles that may see it) name.
#[derive(SimpleObject, Clone)]
pub struct UserRef {
    pub id: ID,
    pub name: Option<String>,
}

/// Who is signed in.
#[derive(SimpleObject, Clone)]
pub struct Me {
    pub user_id: ID,
    pub role: UserRole,
    pub name: Option<String>,
    pub language: Lang,
    pub tenant_name: String,
    pub municipality_id: Option<ID>,
    /// How this team member hears of new interest forms (team members only).
    pub form_alerts: Option<FormAlerts>,
}

/// A user reference, with the name only for viewers who work with people.
/// A change to the tenant's programmes or people, for the team's list of changes.
#[derive(SimpleObject, Clone)]
pub struct ChangeOut {
    pub at: scalars::DateTime,
    /// Who made it: a user's name, or "Betrieb" / "System".
    pub by: String,
    pub text: String,
    /// The programme or account it concerns.
    pub subject_id: ID,
}

fn role_label(role: Role, lang: Language) -> &'static str {
    match (role, lang) {
        (Role::Team, Language::De) => "Programmteam",
        (Role::Team, Language::En) => "programme team",
        (Role::Facilitator, Language::De) => "Prozessbegleitung",
        (Role::Facilitator, Language::En) => "facilitator",
        (Role::Contact, Language::De) => "Ansprechperson",
        (Role::Contact, Language::En) => "contact person",
        (Role::Funder, Language::De) => "Förderer",
        (Role::Funder, Language::En) => "funder",
    }
}

/// A change as a sentence, naming people and programmes as they are known now.
pub fn change_out(
    t: &TenantView,
    c: &lotse_projections::model::Change,
    lang: Language,
) -> ChangeOut {
    use lotse_domain::programme::ProgrammeEvent as P;
    use lotse_domain::user::UserEvent as U;
    use lotse_projections::model::Changed;
    let de = lang == Language::De;
    let pick = |d: String, e: String| if de { d } else { e };
    let (text, subject) = match &c.what {
        Changed::Programme { id, event, before } => {
            let name = t
                .programmes
                .get(id)
                .and_then(|p| p.settings.as_ref())
                .map(|s| s.name.to_string())
                .unwrap_or_default();
            let text = match &**event {
                P::ProgrammeCreated { settings, .. } => pick(
                    format!("Programm „{}“ angelegt", settings.name),
                    format!("Programme “{}” created", settings.name),
                ),
                P::ProgrammeSettingsChanged { settings, .. } => {
                    let mut what: Vec<String> = Vec::new();
                    if let Some(b) = before {
                        if b.name != settings.name {
                            what.push(pick(
                                format!("Name „{}“ → „{}“", b.name, settings.name),
                                format!("name “{}” → “{}”", b.name, settings.name),
                            ));
                        }
                        if b.capacity != settings.capacity {
                            what.push(pick(
                                format!("Plätze {} → {}", b.capacity, settings.capacity),
                                format!("places {} → {}", b.capacity, settings.capacity),
                            ));
                        }
                        if b.participation_months != settings.participation_months {
                            what.push(pick(
                                format!(
                                    "Teilnahmedauer {} → {} Monate",
                                    b.participation_months, settings.participation_months
                                ),
                                format!(
                                    "participation {} → {} months",
                                    b.participation_months, settings.participation_months
                                ),
                            ));
                        }
                        if b.completion != settings.completion {
                            what.push(pick(
                                "Abschlusskriterien".into(),
                                "completion criteria".into(),
                            ));
                        }
                        if b.framework_id != settings.framework_id {
                            what.push(pick(
                                format!(
                                    "Bewertungsrahmen {} → {}",
                                    b.framework_id, settings.framework_id
                                ),
                                format!("framework {} → {}", b.framework_id, settings.framework_id),
                            ));
                        }
                        if b.applications != settings.applications {
                            what.push(pick("Bewerbungsphase".into(), "application period".into()));
                        }
                        if b.label != settings.label {
                            what.push(pick("Label".into(), "label".into()));
                        }
                        if b.sender_name != settings.sender_name || b.reply_to != settings.reply_to
                        {
                            what.push(pick("Absender der E-Mails".into(), "mail sender".into()));
                        }
                        if b.deadlines != settings.deadlines {
                            what.push(pick("Fristen".into(), "deadlines".into()));
                        }
                        if b.reminders != settings.reminders {
                            what.push(pick("Erinnerungen".into(), "reminders".into()));
                        }
                    }
                    let what = if what.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", what.join(", "))
                    };
                    pick(
                        format!("Einstellungen des Programms „{name}“ geändert{what}"),
                        format!("Settings of the programme “{name}” changed{what}"),
                    )
                }
                P::ProgrammeArchived { .. } => pick(
                    format!("Programm „{name}“ archiviert"),
                    format!("Programme “{name}” archived"),
                ),
                P::WaitingListOrdered { .. } => pick(
                    format!("Warteliste des Programms „{name}“ neu geordnet"),
                    format!("Waiting list of the programme “{name}” put in a new order"),
                ),
                P::SeatTaken { .. } | P::SeatReleased { .. } => String::new(),
            };
            (text, id.to_string())
        }
        Changed::User { id, event } => {
            let name = t
                .users
                .get(id)
                .and_then(|u| u.name.clone())
                .unwrap_or_else(|| pick("(Name gelöscht)".into(), "(name erased)".into()));
            let text = match &**event {
                U::UserRegistered { role, .. } => pick(
                    format!("Konto für {name} angelegt ({})", role_label(*role, lang)),
                    format!("Account opened for {name} ({})", role_label(*role, lang)),
                ),
                U::UserDeactivated => pick(
                    format!("Konto von {name} deaktiviert"),
                    format!("Account of {name} deactivated"),
                ),
                U::UserReactivated => pick(
                    format!("Konto von {name} wieder aktiviert"),
                    format!("Account of {name} reactivated"),
                ),
                U::RoleChanged { role } => pick(
                    format!("{name} hat jetzt die Rolle {}", role_label(*role, lang)),
                    format!("{name} now has the role {}", role_label(*role, lang)),
                ),
                U::ProgrammesGranted { programmes } => {
                    let mut names: Vec<String> = programmes
                        .iter()
                        .filter_map(|p| t.programmes.get(p)?.settings.as_ref())
                        .map(|s| format!("„{}“", s.name))
                        .collect();
                    names.sort();
                    let names = names.join(", ");
                    pick(
                        format!("{name} sieht jetzt die Programme: {names}"),
                        format!("{name} now sees the programmes: {names}"),
                    )
                }
                U::DetailsCorrected { .. } => pick(
                    format!("Name und E-Mail-Adresse des Kontos von {name} berichtigt"),
                    format!("Name and email address of {name}'s account corrected"),
                ),
                U::DigestSent { .. } | U::FormAlertsChosen { .. } => String::new(),
            };
            (text, id.to_string())
        }
    };
    ChangeOut {
        at: c.at.into(),
        by: actor_name(t, &c.actor, lang),
        text,
        subject_id: ID(subject),
    }
}

/// An account of the tenant, as the team manages it ("Personen").
#[derive(SimpleObject, Clone)]
pub struct AccountOut {
    pub id: ID,
    /// Empty when the person's data was erased.
    pub name: Option<String>,
    pub email: Option<String>,
    pub role: UserRole,
    pub active: bool,
    /// A contact person's municipality.
    pub municipality_id: Option<ID>,
    pub municipality_name: Option<String>,
    /// A contact person who is no longer their municipality's contact (replaced): their
    /// account no longer opens anything.
    pub replaced: bool,
    /// The programmes a funder sees (none: every programme of the tenant).
    pub programme_ids: Option<Vec<ID>>,
}

impl AccountOut {
    /// An account for the team.
    pub fn new(t: &TenantView, u: &lotse_projections::UserView) -> Self {
        let municipality = u.municipality.and_then(|m| t.municipalities.get(&m));
        AccountOut {
            id: ID(u.id.to_string()),
            name: u.name.clone(),
            email: u.email.clone(),
            role: u.role.into(),
            active: u.active,
            municipality_id: u.municipality.map(|m| ID(m.to_string())),
            municipality_name: municipality.map(|m| m.state.profile.name.to_string()),
            replaced: crate::auth::replaced_contact(t, u),
            programme_ids: u
                .programmes
                .as_ref()
                .map(|set| set.iter().map(|p| ID(p.to_string())).collect()),
        }
    }
}

/// The active contact-person accounts of a municipality (its contact person and their
/// colleagues), by name: those a next step can be given to.
pub fn colleagues<'a>(
    t: &'a TenantView,
    m: &MunicipalityView,
) -> impl Iterator<Item = &'a lotse_projections::UserView> {
    let mut found: Vec<_> = t
        .users
        .values()
        .filter(|u| u.role == Role::Contact && u.active && u.municipality == Some(m.id))
        .filter(|u| !crate::auth::replaced_contact(t, u))
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found.into_iter()
}

pub fn user_ref(t: &TenantView, viewer: &Viewer, id: lotse_domain::UserId) -> UserRef {
    let name = if viewer.role == Role::Funder {
        None
    } else {
        t.users.get(&id).and_then(|u| u.name.clone())
    };
    UserRef {
        id: ID(id.to_string()),
        name,
    }
}

/// An indicator of the self-check framework.
#[derive(SimpleObject, Clone)]
pub struct IndicatorOut {
    pub id: String,
    pub title: String,
    pub help: String,
}

/// A field of action.
#[derive(SimpleObject, Clone)]
pub struct FieldOut {
    pub id: String,
    pub title: String,
    pub description: String,
    pub weight: f64,
    pub indicators: Vec<IndicatorOut>,
}

/// A self-check framework.
#[derive(SimpleObject, Clone)]
pub struct FrameworkOut {
    pub id: String,
    pub version: i32,
    pub title: String,
    pub description: String,
    pub fields: Vec<FieldOut>,
}

fn flang(lang: Language) -> lotse_domain::framework::Lang {
    match lang {
        Language::De => lotse_domain::framework::Lang::De,
        Language::En => lotse_domain::framework::Lang::En,
    }
}

impl FrameworkOut {
    /// The framework in a language.
    pub fn new(f: &Framework, lang: Language) -> Self {
        let l = flang(lang);
        FrameworkOut {
            id: f.id.clone(),
            version: f.version as i32,
            title: f.title.get(l).into(),
            description: f.description.get(l).into(),
            fields: f
                .fields
                .iter()
                .map(|field| FieldOut {
                    id: field.id.clone(),
                    title: field.title.get(l).into(),
                    description: field.description.get(l).into(),
                    weight: field.weight,
                    indicators: field
                        .indicators
                        .iter()
                        .map(|i| IndicatorOut {
                            id: i.id.clone(),
                            title: i.title.get(l).into(),
                            help: i.help.get(l).into(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// A programme (cohort).
#[derive(SimpleObject, Clone)]
pub struct ProgrammeOut {
    pub id: ID,
    pub name: String,
    pub capacity: i32,
    pub seats_taken: i32,
    pub participation_months: i32,
    pub framework: Option<FrameworkOut>,
    /// How many dialogue events a municipality holds before it can complete (0: none
    /// required).
    pub min_dialogue_events: i32,
    /// The address of the programme's public interest form (under the public URL).
    pub interest_form_path: String,
    /// The application period (none: the form is open at all times).
    pub applications_open_on: Option<Date>,
    pub applications_close_on: Option<Date>,
    /// When the programme was archived (read-only since).
    pub archived_on: Option<Date>,
    /// The label a municipality carries once it completed (none: no label).
    pub label: Option<String>,
    /// The sender's name of the programme's mails (none: the installation's).
    pub sender_name: Option<String>,
    /// Where replies to the programme's mails go (none: to the sender).
    pub reply_to: Option<String>,
    /// How many days each journey task gives.
    pub deadlines: DeadlinesOut,
    /// When reminders about a task go out.
    pub reminders: RemindersOut,
}

/// How many days each journey task gives, from the day before it.
#[derive(SimpleObject, async_graphql::InputObject, Clone, Debug, PartialEq)]
#[graphql(input_name = "DeadlinesInput")]
pub struct DeadlinesOut {
    /// From the interest form to a scheduled initial interview.
    pub schedule_interview_days: i32,
    /// From the held interview to the decision.
    pub decide_days: i32,
    /// From admission to a named contact person and facilitator.
    pub assign_contact_days: i32,
    /// From the named contact person to a submitted self-check.
    pub self_check_days: i32,
    /// From a submitted self-check to a scheduled workshop.
    pub schedule_workshop_days: i32,
    /// From a planned date to its recorded attendance.
    pub record_attendance_days: i32,
    /// From the held workshop to the second self-check, submitted.
    pub second_self_check_days: i32,
    /// How long before the participation window ends its closing task appears.
    pub window_notice_days: i32,
}

impl From<&lotse_domain::programme::Deadlines> for DeadlinesOut {
    fn from(d: &lotse_domain::programme::Deadlines) -> Self {
        DeadlinesOut {
            schedule_interview_days: d.schedule_interview_days as i32,
            decide_days: d.decide_days as i32,
            assign_contact_days: d.assign_contact_days as i32,
            self_check_days: d.self_check_days as i32,
            schedule_workshop_days: d.schedule_workshop_days as i32,
            record_attendance_days: d.record_attendance_days as i32,
            second_self_check_days: d.second_self_check_days as i32,
            window_notice_days: d.window_notice_days as i32,
        }
    }
}

/// When reminders about a task go out: days before it is due, on the due day, days after
/// (those copy the programme team).
#[derive(SimpleObject, async_graphql::InputObject, Clone, Debug, PartialEq)]
#[graphql(input_name = "RemindersInput")]
pub struct RemindersOut {
    pub days_before: Vec<i32>,
    pub on_due_day: bool,
    pub days_overdue: Vec<i32>,
}

impl From<&lotse_domain::programme::ReminderPolicy> for RemindersOut {
    fn from(r: &lotse_domain::programme::ReminderPolicy) -> Self {
        let days = |v: &[u32]| v.iter().map(|&d| d as i32).collect();
        RemindersOut {
            days_before: days(&r.days_before),
            on_due_day: r.on_due_day,
            days_overdue: days(&r.days_overdue),
        }
    }
}

/// A self-check framework a programme can choose.
#[derive(SimpleObject, Clone)]
pub struct FrameworkChoice {
    pub id: String,
    pub version: i32,
    pub title: String,
    pub description: String,
}

impl ProgrammeOut {
    /// A programme in a language.
    pub fn new(id: ProgrammeId, p: &Programme, lang: Language) -> Option<Self> {
        let s: &ProgrammeSettings = p.settings.as_ref()?;
        Some(ProgrammeOut {
            id: ID(id.to_string()),
            name: s.name.to_string(),
            capacity: s.capacity as i32,
            seats_taken: p.seats.len() as i32,
            participation_months: s.participation_months as i32,
            framework: s.framework().map(|f| FrameworkOut::new(&f, lang)),
            min_dialogue_events: s.completion.min_dialogue_events as i32,
            interest_form_path: format!("/interesse/{id}"),
            applications_open_on: s.applications.opens_on.map(Into::into),
            applications_close_on: s.applications.closes_on.map(Into::into),
            archived_on: p.archived_on.map(Into::into),
            label: s.label.as_ref().map(ToString::to_string),
            sender_name: s.sender_name.as_ref().map(ToString::to_string),
            reply_to: s.reply_to.as_ref().map(|a| a.as_str().to_string()),
            deadlines: (&s.deadlines).into(),
            reminders: (&s.reminders).into(),
        })
    }
}

/// A card on the board.
#[derive(SimpleObject, Clone)]
pub struct BoardCard {
    pub id: ID,
    pub name: String,
    pub bundesland: Bundesland,
    pub bundesland_label: String,
    pub stage: Stage,
    pub days_in_stage: i32,
    pub facilitator: Option<UserRef>,
    pub overdue: bool,
    /// The steps of the journey the viewer can take now, in journey order (the domain's
    /// rules and the viewer's rights; empty on a board as it stood on an earlier day).
    pub available_steps: Vec<Step>,
    /// For the team: other municipalities of the programme whose interest form looks like
    /// this one sent again (same name in the same Land, or the same submitter address).
    pub possible_duplicates: Vec<DuplicateOut>,
    /// Its place on the programme's waiting list (1 is next), while it waits.
    pub waiting_list_place: Option<i32>,
}

/// A form merged into this one.
#[derive(SimpleObject, Clone)]
pub struct MergedFormOut {
    /// The closed form's municipality (its own page stays, closed).
    pub from_id: ID,
    pub submitted_on: Date,
    pub merged_on: Date,
    pub submitter: Option<PersonOut>,
    pub motivation: Option<String>,
}

/// Another municipality whose interest form looks like the same one sent again.
#[derive(SimpleObject, Clone)]
pub struct DuplicateOut {
    pub id: ID,
    pub name: String,
    pub stage: Stage,
    pub submitted_on: Date,
}

impl DuplicateOut {
    fn of(o: &MunicipalityView) -> DuplicateOut {
        DuplicateOut {
            id: ID(o.id.to_string()),
            name: o.state.profile.name.to_string(),
            stage: o.stage().into(),
            submitted_on: o.state.submitted_on.into(),
        }
    }

    /// For the team: the form a municipality's was closed as the same one sent again of.
    pub fn kept(t: &TenantView, m: &MunicipalityView, viewer: &Viewer) -> Option<DuplicateOut> {
        let (_, of) = m.state.duplicate_of?;
        (viewer.role == Role::Team)
            .then(|| t.municipalities.get(&of).map(DuplicateOut::of))
            .flatten()
    }

    /// The team's list of a municipality's possible duplicates (nobody else's).
    pub fn list(t: &TenantView, m: &MunicipalityView, viewer: &Viewer) -> Vec<DuplicateOut> {
        if viewer.role != Role::Team {
            return Vec::new();
        }
        t.possible_duplicates(m)
            .into_iter()
            .map(DuplicateOut::of)
            .collect()
    }
}

/// A column of the board.
#[derive(SimpleObject, Clone)]
pub struct BoardColumn {
    pub stage: Stage,
    pub label: String,
    pub count: i32,
    pub cards: Vec<BoardCard>,
}

/// The pipeline board of a programme.
#[derive(SimpleObject, Clone)]
pub struct Board {
    pub programme_id: ID,
    pub columns: Vec<BoardColumn>,
}

/// A task.
#[derive(SimpleObject, Clone)]
pub struct TaskOut {
    pub key: String,
    pub kind: TaskKind,
    pub title: String,
    pub assignee: Assignee,
    pub due: Date,
    pub done: bool,
    pub overdue: bool,
    pub municipality_id: ID,
    pub municipality_name: String,
}

/// A task's title in a language.
pub fn task_title(t: &Task, m: &MunicipalityView, lang: Language) -> String {
    use lotse_domain::tasks::TaskKind as K;
    let de = lang == Language::De;
    let item = t.item;
    match t.kind {
        K::ScheduleInterview => if de {
            "Erstgespräch terminieren"
        } else {
            "Schedule the initial interview"
        }
        .into(),
        K::DecideAdmission => if de {
            "Über die Aufnahme entscheiden"
        } else {
            "Decide on admission"
        }
        .into(),
        K::AdmitFromWaitingList => if de {
            "Ein Platz ist frei: nächste Kommune der Warteliste aufnehmen"
        } else {
            "A place is free: admit the next municipality on the waiting list"
        }
        .into(),
        K::AssignContactPerson => if de {
            "Ansprechperson benennen"
        } else {
            "Name a contact person"
        }
        .into(),
        K::AssignFacilitator => if de {
            "Prozessbegleitung zuordnen"
        } else {
            "Assign a facilitator"
        }
        .into(),
        K::SubmitSelfCheck if t.key == "self-check-2" => if de {
            "Zweiten Selbstcheck ausfüllen und abgeben"
        } else {
            "Fill in and submit the second self-check"
        }
        .into(),
        K::SubmitSelfCheck => if de {
            "Selbstcheck ausfüllen und abgeben"
        } else {
            "Fill in and submit the self-check"
        }
        .into(),
        K::ScheduleWorkshop => if de {
            "Termin für den Workshop festlegen"
        } else {
            "Set a date for the workshop"
        }
        .into(),
        K::PrepareWorkshop => if de {
            "Workshop vorbereiten (Einladungen, Raum)"
        } else {
            "Prepare the workshop (invitations, room)"
        }
        .into(),
        K::RecordWorkshop => if de {
            "Workshop dokumentieren"
        } else {
            "Record the workshop"
        }
        .into(),
        K::RecordDialogueAttendance => {
            let topic = item
                .and_then(|i| m.state.dialogue_events.get(&i))
                .map(|e| e.topic.to_string())
                .unwrap_or_default();
            if de {
                format!("Teilnahme an „{topic}“ erfassen")
            } else {
                format!("Record attendance of “{topic}”")
            }
        }
        K::RecordSupport => {
            let topic = item
                .and_then(|i| m.state.support.get(&i))
                .map(|e| e.topic.to_string())
                .unwrap_or_default();
            if de {
                format!("Format „{topic}“ dokumentieren")
            } else {
                format!("Record the format “{topic}”")
            }
        }
        K::NextStep => item
            .and_then(|i| m.state.next_steps.get(&i))
            .map(|s| s.what.to_string())
            .unwrap_or_default(),
        K::ParticipationWindowClosing => if de {
            "Teilnahmezeitraum endet: Abschluss vorbereiten"
        } else {
            "Participation window ends: prepare completion"
        }
        .into(),
    }
}

/// A task for output.
pub fn task_out(t: &Task, m: &MunicipalityView, lang: Language, today: NaiveDate) -> TaskOut {
    TaskOut {
        key: t.key.clone(),
        kind: t.kind.into(),
        title: task_title(t, m, lang),
        assignee: t.assignee.into(),
        due: t.due.into(),
        done: t.state == lotse_domain::tasks::TaskState::Done,
        overdue: t.is_overdue(today),
        municipality_id: ID(m.id.to_string()),
        municipality_name: m.state.profile.name.to_string(),
    }
}

/// One entry of the timeline.
#[derive(SimpleObject, Clone)]
pub struct TimelineItem {
    pub at: scalars::DateTime,
    pub version: i32,
    /// Who did it: a user's name, or "Öffentliches Formular" / "System".
    pub by: String,
    pub text: String,
    pub event_type: String,
}

/// Personal details of a person (only for roles that need them).
#[derive(SimpleObject, Clone)]
pub struct PersonOut {
    pub name: Option<String>,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// True once the person's data has been erased.
    pub erased: bool,
    /// Every correction of these details, oldest first: who, when, why, and each field
    /// before and after.
    pub corrections: Vec<DetailsCorrectionOut>,
}

/// One correction of a person's details.
#[derive(SimpleObject, Clone)]
pub struct DetailsCorrectionOut {
    pub at: scalars::DateTime,
    pub by: String,
    pub reason: Option<String>,
    pub changes: Vec<FieldChangeOut>,
}

/// One field of a correction, before and after (empty when there was none).
#[derive(SimpleObject, Clone)]
pub struct FieldChangeOut {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A correction of a person's details found on a municipality's timeline: the entry's index,
/// whose details (the sealing subject), whether they are the contact person's, and the
/// details before and after (`None` once erased).
struct PersonCorrection<'a> {
    index: usize,
    subject: lotse_domain::PersonId,
    contact: bool,
    before: Option<PersonFields>,
    after: Option<PersonFields>,
    reason: Option<&'a lotse_domain::values::ShortText>,
}

/// Every correction of a submitter's or contact person's details on the timeline, each with
/// the details as they stood before it.
fn person_corrections(m: &MunicipalityView) -> Vec<PersonCorrection<'_>> {
    use lotse_domain::municipality::MunicipalityEvent as E;
    let mut known: std::collections::HashMap<lotse_domain::PersonId, Option<PersonFields>> =
        std::collections::HashMap::new();
    let mut current_contact = None;
    let mut out = Vec::new();
    for (index, e) in m.timeline.iter().enumerate() {
        match &*e.event {
            E::InterestSubmitted { submitter, .. } => {
                known.insert(submitter.subject, submitter.get().map(submitter_fields));
            }
            E::ContactPersonAssigned { contact, .. } => {
                known.insert(contact.subject, contact.get().map(contact_fields));
                current_contact = Some(contact.subject);
            }
            E::SubmitterCorrected {
                submitter, reason, ..
            } => {
                let after = submitter.get().map(submitter_fields);
                out.push(PersonCorrection {
                    index,
                    subject: submitter.subject,
                    contact: false,
                    before: known.insert(submitter.subject, after.clone()).flatten(),
                    after,
                    reason: reason.as_ref(),
                });
            }
            E::ContactDetailsCorrected {
                contact, reason, ..
            } => {
                let after = contact.get().map(contact_fields);
                out.push(PersonCorrection {
                    index,
                    subject: contact.subject,
                    contact: current_contact == Some(contact.subject),
                    before: known.insert(contact.subject, after.clone()).flatten(),
                    after,
                    reason: reason.as_ref(),
                });
            }
            _ => {}
        }
    }
    out
}

/// The corrections of one person's details, for a reader who may see them.
fn details_history(
    t: &TenantView,
    m: &MunicipalityView,
    subject: lotse_domain::PersonId,
    lang: Language,
) -> Vec<DetailsCorrectionOut> {
    person_corrections(m)
        .into_iter()
        .filter(|c| c.subject == subject)
        .map(|c| {
            let e = &m.timeline[c.index];
            let changes = match (&c.before, &c.after) {
                (Some(b), Some(a)) => person_changes(b, a, lang)
                    .map(|(field, before, after)| FieldChangeOut {
                        field: field.into(),
                        before: before.into(),
                        after: after.into(),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            DetailsCorrectionOut {
                at: e.at.into(),
                by: actor_name(t, &e.actor, lang),
                reason: c.reason.map(ToString::to_string),
                changes,
            }
        })
        .collect()
}

/// A contact person.
#[derive(SimpleObject, Clone)]
pub struct ContactOut {
    pub person: PersonOut,
    pub language: Lang,
    pub since: Date,
    pub user_id: ID,
}

/// The initial interview.
#[derive(SimpleObject, Clone)]
pub struct InterviewOut {
    pub at: LocalDateTime,
    pub interviewer: UserRef,
    pub held_on: Option<Date>,
    pub decision_makers_support: Option<bool>,
    pub contact_person_named: Option<bool>,
    pub shares_learning: Option<bool>,
    pub notes: Option<String>,
    /// The day it was cancelled (it will not take place).
    pub cancelled_on: Option<Date>,
    /// Why it was cancelled.
    pub cancellation_reason: Option<String>,
}

/// An answer in a self-check.
#[derive(SimpleObject, Clone)]
pub struct AnswerOut {
    pub indicator_id: String,
    pub level: Option<i32>,
    pub not_applicable: bool,
    pub comment: Option<String>,
    pub evidence_url: Option<String>,
}

/// A field's score with the cohort benchmark.
#[derive(SimpleObject, Clone)]
pub struct FieldScoreOut {
    pub field_id: String,
    pub title: String,
    pub score: Option<f64>,
    /// Median of the cohort's first self-checks; only with at least five submissions.
    pub cohort_median: Option<f64>,
}

/// One self-check round.
#[derive(SimpleObject, Clone)]
pub struct SelfCheckOut {
    pub round: i32,
    pub framework_id: String,
    pub started_on: Date,
    pub submitted_on: Option<Date>,
    pub answered: i32,
    pub indicators: i32,
    pub answers: Vec<AnswerOut>,
    pub overall: Option<f64>,
    pub fields: Vec<FieldScoreOut>,
}

/// The workshop.
#[derive(SimpleObject, Clone)]
pub struct WorkshopOut {
    pub at: LocalDateTime,
    pub place: String,
    pub facilitator: UserRef,
    pub invited: Vec<String>,
    pub held_on: Option<Date>,
    pub participants: i32,
    pub priorities: Vec<String>,
    pub notes: Option<String>,
    /// The day it was cancelled (it will not take place).
    pub cancelled_on: Option<Date>,
    /// Why it was cancelled.
    pub cancellation_reason: Option<String>,
}

/// A next step of the action plan.
#[derive(SimpleObject, Clone)]
pub struct NextStepOut {
    pub id: ID,
    pub what: String,
    pub who: String,
    /// Who gets its task and reminders in Lotse.
    pub owner: StepOwnerKind,
    /// The colleague it was given to (for `COLLEAGUE`).
    pub owner_user: Option<UserRef>,
    pub due: Date,
    pub done_on: Option<Date>,
    /// The day it was dropped from the plan.
    pub dropped_on: Option<Date>,
    /// Why it was dropped.
    pub drop_reason: Option<String>,
}

/// Who is responsible for a next step in Lotse.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum StepOwnerKind {
    /// The municipality's contact person.
    ContactPerson,
    /// The municipality's facilitator.
    Facilitator,
    /// A colleague of the contact person with an account (`ownerUser`).
    Colleague,
}

/// A format for decision-makers.
#[derive(SimpleObject, Clone)]
pub struct SupportOut {
    pub id: ID,
    pub format: SupportFormat,
    pub format_label: String,
    pub audience: Audience,
    pub audience_label: String,
    pub on: Date,
    /// When it starts ("16:00"), if a time was given: then the contact person is invited.
    pub time: Option<String>,
    pub place: Option<String>,
    pub topic: String,
    pub held_on: Option<Date>,
    pub participants: i32,
    pub notes: Option<String>,
    /// The day it was cancelled (it will not take place).
    pub cancelled_on: Option<Date>,
    /// Why it was cancelled.
    pub cancellation_reason: Option<String>,
}

/// Attendance by stakeholder group.
#[derive(SimpleObject, Clone)]
pub struct AttendanceOut {
    pub residents: i32,
    pub administration: i32,
    pub politics: i32,
    pub business: i32,
    pub civil_society: i32,
    pub total: i32,
}

impl From<v::Attendance> for AttendanceOut {
    fn from(a: v::Attendance) -> Self {
        AttendanceOut {
            residents: a.residents as i32,
            administration: a.administration as i32,
            politics: a.politics as i32,
            business: a.business as i32,
            civil_society: a.civil_society as i32,
            total: a.total() as i32,
        }
    }
}

/// A residents' dialogue event.
#[derive(SimpleObject, Clone)]
pub struct DialogueEventOut {
    pub id: ID,
    pub format: DialogueFormat,
    pub format_label: String,
    pub at: LocalDateTime,
    pub place: String,
    pub topic: String,
    pub held_on: Option<Date>,
    pub attendance: Option<AttendanceOut>,
    pub outcomes: Option<String>,
    /// The day it was cancelled (it will not take place).
    pub cancelled_on: Option<Date>,
    /// Why it was cancelled.
    pub cancellation_reason: Option<String>,
}

/// A municipality's page.
#[derive(SimpleObject, Clone)]
pub struct MunicipalityOut {
    pub id: ID,
    pub version: i32,
    /// For the team: other municipalities whose interest form looks like this one sent
    /// again.
    pub possible_duplicates: Vec<DuplicateOut>,
    /// Its place on the programme's waiting list (1 is next), while it waits.
    pub waiting_list_place: Option<i32>,
    /// For the team: the form this one was closed as the same one sent again of.
    pub duplicate_of: Option<DuplicateOut>,
    /// Forms of the same municipality merged into this one (the sender for the team, the
    /// motivation for the team and the facilitator).
    pub merged_forms: Vec<MergedFormOut>,
    /// The label the municipality's programme awards on completion (none: no label).
    pub programme_label: Option<String>,
    /// The accounts of the municipality's contact persons and their colleagues, to whom
    /// next steps can be given (for the team, the facilitator and the municipality).
    pub colleagues: Vec<UserRef>,
    pub programme_id: ID,
    pub name: String,
    pub bundesland: Bundesland,
    pub bundesland_label: String,
    pub kind: MunicipalityKind,
    pub kind_label: String,
    pub population: i32,
    pub size_class: SizeClass,
    pub stage: Stage,
    pub stage_label: String,
    /// The steps of the journey the viewer can take now, in journey order (the domain's
    /// rules and the viewer's rights; empty on a page as it stood on an earlier day).
    pub available_steps: Vec<Step>,
    pub days_in_stage: i32,
    pub overdue: bool,
    pub submitted_on: Date,
    pub admitted_on: Option<Date>,
    pub window_ends_on: Option<Date>,
    /// The person who sent the interest form (team only).
    pub submitter: Option<PersonOut>,
    /// The motivation from the interest form (team and facilitator).
    pub motivation: Option<String>,
    pub interview: Option<InterviewOut>,
    /// Why the municipality is on hold or was declined.
    pub decision_reason: Option<String>,
    pub contact: Option<ContactOut>,
    pub former_contacts: Vec<ContactOut>,
    pub facilitator: Option<UserRef>,
    pub self_checks: Vec<SelfCheckOut>,
    pub workshop: Option<WorkshopOut>,
    pub next_steps: Vec<NextStepOut>,
    pub support: Vec<SupportOut>,
    pub dialogue_events: Vec<DialogueEventOut>,
    pub tasks: Vec<TaskOut>,
    pub timeline: Vec<TimelineItem>,
    pub completed_on: Option<Date>,
    pub learning: Option<String>,
    pub withdrawn_on: Option<Date>,
    pub withdrawal_reason: Option<String>,
}

/// A municipality's history for reading: one line per event, except that the answers a
/// person saves in a self-check round on one day make one line (naming the indicator by its
/// title when there is one answer).
pub fn timeline(
    t: &TenantView,
    m: &MunicipalityView,
    framework: Option<&Framework>,
    lang: Language,
) -> Vec<TimelineItem> {
    use lotse_domain::municipality::MunicipalityEvent as E;
    let mut out: Vec<TimelineItem> = Vec::new();
    // One person's answers of a round on one day make one entry: where it stands in `out`,
    // how many answers it counts, and the first one's indicator.
    let mut answers: std::collections::HashMap<
        (u8, &str, chrono::NaiveDate),
        (usize, usize, &str),
    > = std::collections::HashMap::new();
    // The profile as it stood before each correction, so that a correction says what changed.
    let mut profile = None;
    // Corrections of people's details, by the timeline entry they stand at.
    let people: std::collections::HashMap<usize, PersonCorrection<'_>> = person_corrections(m)
        .into_iter()
        .map(|c| (c.index, c))
        .collect();
    let de = lang == Language::De;
    let answers_line = |round: u8, count: usize, indicator: &str| -> String {
        if count == 1 {
            let title = framework
                .and_then(|f| f.indicator(indicator))
                .map(|(_, i)| i.title.get(flang(lang)).to_string())
                .unwrap_or_else(|| indicator.to_string());
            if de {
                format!("Selbstcheck (Runde {round}): Antwort zu „{title}“ gespeichert")
            } else {
                format!("Self-check (round {round}): answer to “{title}” saved")
            }
        } else if de {
            format!("Selbstcheck (Runde {round}) bearbeitet: {count} Antworten gespeichert")
        } else {
            format!("Self-check (round {round}) edited: {count} answers saved")
        }
    };
    for (index, e) in m.timeline.iter().enumerate() {
        if let E::SelfCheckAnswerSaved {
            round, indicator, ..
        } = &*e.event
        {
            let day = lotse_app::clock::berlin_date(e.at);
            match answers.get_mut(&(*round, e.actor.as_str(), day)) {
                Some((at, count, first)) => {
                    *count += 1;
                    let entry = &mut out[*at];
                    entry.at = e.at.into();
                    entry.version = e.version as i32;
                    entry.text = answers_line(*round, *count, first);
                }
                None => {
                    answers.insert(
                        (*round, e.actor.as_str(), day),
                        (out.len(), 1, indicator.as_str()),
                    );
                    out.push(TimelineItem {
                        at: e.at.into(),
                        version: e.version as i32,
                        by: actor_name(t, &e.actor, lang),
                        text: answers_line(*round, 1, indicator),
                        event_type: lotse_domain::DomainEvent::event_type(&*e.event).into(),
                    });
                }
            }
            continue;
        }
        let text = match &*e.event {
            E::InterestSubmitted { profile: p, .. } => {
                profile = Some(p);
                describe(&e.event, lang)
            }
            E::ProfileCorrected {
                profile: p, reason, ..
            } => correction(profile.replace(p), p, reason.as_ref(), lang),
            _ if people.contains_key(&index) => {
                let c = &people[&index];
                person_correction(
                    c.contact,
                    c.before.as_ref(),
                    c.after.as_ref(),
                    c.reason,
                    lang,
                )
            }
            _ => describe(&e.event, lang),
        };
        out.push(TimelineItem {
            at: e.at.into(),
            version: e.version as i32,
            by: actor_name(t, &e.actor, lang),
            text,
            event_type: lotse_domain::DomainEvent::event_type(&*e.event).into(),
        });
    }
    out
}

fn actor_name(t: &TenantView, actor: &str, lang: Language) -> String {
    if let Some(id) = actor.strip_prefix("user:")
        && let Ok(id) = id.parse()
        && let Some(u) = t.users.get(&lotse_domain::UserId(id))
    {
        return u.name.clone().unwrap_or_else(|| "–".into());
    }
    match (actor, lang) {
        ("public", Language::De) => "Öffentliches Formular".into(),
        ("public", Language::En) => "Public form".into(),
        ("operator", Language::De) => "Betrieb".into(),
        ("operator", Language::En) => "Operator".into(),
        (_, Language::De) => "System".into(),
        (_, Language::En) => "System".into(),
    }
}

/// Builds a municipality's page for a viewer (who must be allowed to read it).
pub fn municipality_out(
    t: &TenantView,
    m: &MunicipalityView,
    viewer: &Viewer,
    lang: Language,
    today: NaiveDate,
) -> MunicipalityOut {
    let s = &m.state;
    let team = viewer.role == Role::Team;
    let staff = matches!(viewer.role, Role::Team | Role::Facilitator);
    let settings = t.settings_of(m);
    let framework = settings.and_then(|x| x.framework());
    // A person's details as the viewer reads them (none once erased), with their history.
    let person = |details: Option<&lotse_domain::municipality::ContactDetails>,
                  subject: lotse_domain::PersonId| PersonOut {
        name: details.map(|d| d.name.to_string()),
        role: details.map(|d| d.role.to_string()),
        email: details.map(|d| d.email.as_str().into()),
        phone: details
            .and_then(|d| d.phone.as_ref())
            .map(|p| p.as_str().into()),
        erased: details.is_none(),
        corrections: details_history(t, m, subject, lang),
    };
    let submitter_out = |s: &lotse_domain::Personal<lotse_domain::municipality::Submitter>| {
        let details = s
            .get()
            .cloned()
            .map(lotse_domain::municipality::ContactDetails::from);
        person(details.as_ref(), s.subject)
    };
    let contact = |c: &lotse_domain::municipality::ContactAssignment| ContactOut {
        person: person(c.contact.get(), c.contact.subject),
        language: c.language.into(),
        since: c.since.into(),
        user_id: ID(c.user.to_string()),
    };
    // Cohort medians of first self-checks, per field, only from five submissions on.
    let cohort: Vec<&lotse_domain::framework::Scores> = t
        .municipalities_of(s.programme)
        .filter_map(|x| {
            x.state
                .self_checks
                .first()
                .and_then(|c| c.submitted.as_ref())
                .map(|(_, sc)| sc)
        })
        .collect();
    let benchmark = |field: &str| -> Option<f64> {
        let values: Vec<f64> = cohort
            .iter()
            .filter_map(|sc| sc.fields.get(field).copied().flatten())
            .collect();
        if benchmark_allowed(values.len()) {
            lotse_domain::framework::cohort_median(&values)
        } else {
            None
        }
    };
    let fl = flang(lang);
    MunicipalityOut {
        id: ID(m.id.to_string()),
        version: m.version as i32,
        possible_duplicates: DuplicateOut::list(t, m, viewer),
        waiting_list_place: m.standing.waiting_place.map(|p| p as i32),
        duplicate_of: DuplicateOut::kept(t, m, viewer),
        programme_label: settings
            .and_then(|x| x.label.as_ref())
            .map(ToString::to_string),
        merged_forms: s
            .merged_forms
            .iter()
            .map(|f| MergedFormOut {
                from_id: ID(f.from.to_string()),
                submitted_on: f.submitted_on.into(),
                merged_on: f.merged_on.into(),
                submitter: team.then(|| submitter_out(&f.submitter)),
                motivation: staff.then(|| f.motivation.to_string()),
            })
            .collect(),
        colleagues: if viewer.role == Role::Funder {
            Vec::new()
        } else {
            colleagues(t, m)
                .map(|u| user_ref(t, viewer, u.id))
                .collect()
        },
        programme_id: ID(s.programme.to_string()),
        name: s.profile.name.to_string(),
        bundesland: s.profile.bundesland.into(),
        bundesland_label: label(
            lang,
            s.profile.bundesland,
            v::Bundesland::label_de,
            v::Bundesland::label_en,
        ),
        kind: s.profile.kind.into(),
        kind_label: label(
            lang,
            s.profile.kind,
            v::MunicipalityKind::label_de,
            v::MunicipalityKind::label_en,
        ),
        population: s.profile.population.get() as i32,
        size_class: s.profile.population.size_class().into(),
        stage: m.stage().into(),
        stage_label: stage_label(m.stage(), lang).into(),
        available_steps: crate::auth::available_steps(viewer, t, m, today)
            .into_iter()
            .map(Into::into)
            .collect(),
        days_in_stage: m.days_in_stage(today) as i32,
        overdue: settings.is_some_and(|x| m.is_overdue(x, today)),
        submitted_on: s.submitted_on.into(),
        admitted_on: s.admitted_on.map(Into::into),
        window_ends_on: s.window_ends_on.map(Into::into),
        submitter: team.then(|| submitter_out(&s.submitter)),
        motivation: staff.then(|| s.motivation.to_string()),
        interview: s.interview.as_ref().map(|i| InterviewOut {
            at: i.at.into(),
            interviewer: user_ref(t, viewer, i.interviewer),
            held_on: i.held_on.map(Into::into),
            decision_makers_support: i.eligibility.map(|e| e.decision_makers_support),
            contact_person_named: i.eligibility.map(|e| e.contact_person_named),
            shares_learning: i.eligibility.map(|e| e.shares_learning),
            notes: if staff {
                i.notes.as_ref().map(|n| n.to_string())
            } else {
                None
            },
            cancelled_on: i.cancelled.as_ref().map(|(on, _)| (*on).into()),
            cancellation_reason: i.cancelled.as_ref().map(|(_, why)| why.to_string()),
        }),
        decision_reason: match (&s.pending, &s.declined) {
            (_, Some((_, r))) => Some(r.to_string()),
            (Some(lotse_domain::municipality::Pending::OnHold { reason, .. }), _) => {
                Some(reason.to_string())
            }
            _ => None,
        },
        contact: s.contact.as_ref().map(contact),
        former_contacts: if team {
            s.former_contacts.iter().map(contact).collect()
        } else {
            Vec::new()
        },
        facilitator: m.facilitator().map(|f| user_ref(t, viewer, f)),
        self_checks: s
            .self_checks
            .iter()
            .map(|c| SelfCheckOut {
                round: i32::from(c.round),
                framework_id: c.framework_id.clone(),
                started_on: c.started_on.into(),
                submitted_on: c.submitted.as_ref().map(|x| x.0).map(Into::into),
                answered: c.answers.len() as i32,
                indicators: framework.as_ref().map_or(0, |f| f.indicator_count() as i32),
                answers: c
                    .answers
                    .iter()
                    .map(|(id, a)| AnswerOut {
                        indicator_id: id.clone(),
                        level: match a.rating {
                            Rating::Level(l) => Some(i32::from(l)),
                            Rating::NotApplicable => None,
                        },
                        not_applicable: a.rating == Rating::NotApplicable,
                        comment: a.comment.clone(),
                        evidence_url: a.evidence_url.clone(),
                    })
                    .collect(),
                overall: c.submitted.as_ref().and_then(|x| x.1.overall),
                fields: framework
                    .as_ref()
                    .map(|f| {
                        f.fields
                            .iter()
                            .map(|field| FieldScoreOut {
                                field_id: field.id.clone(),
                                title: field.title.get(fl).into(),
                                score: c
                                    .submitted
                                    .as_ref()
                                    .and_then(|x| x.1.fields.get(&field.id).copied().flatten()),
                                cohort_median: benchmark(&field.id),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect(),
        workshop: s.workshop.as_ref().map(|w| WorkshopOut {
            at: w.at.into(),
            place: w.place.to_string(),
            facilitator: user_ref(t, viewer, w.facilitator),
            invited: w.invited.iter().map(|x| x.to_string()).collect(),
            held_on: w.held_on.map(Into::into),
            participants: w.participants as i32,
            priorities: w.priorities.clone(),
            notes: if staff {
                w.notes.as_ref().map(|n| n.to_string())
            } else {
                None
            },
            cancelled_on: w.cancelled.as_ref().map(|(on, _)| (*on).into()),
            cancellation_reason: w.cancelled.as_ref().map(|(_, why)| why.to_string()),
        }),
        next_steps: s
            .next_steps
            .iter()
            .map(|(id, x)| NextStepOut {
                id: ID(id.to_string()),
                what: x.what.to_string(),
                who: x.who.to_string(),
                owner: match x.owner {
                    StepOwner::ContactPerson => StepOwnerKind::ContactPerson,
                    StepOwner::Facilitator => StepOwnerKind::Facilitator,
                    StepOwner::Colleague(_) => StepOwnerKind::Colleague,
                },
                owner_user: match x.owner {
                    StepOwner::Colleague(u) => Some(user_ref(t, viewer, u)),
                    _ => None,
                },
                due: x.due.into(),
                done_on: x.done_on.map(Into::into),
                dropped_on: x.dropped.as_ref().map(|(on, _)| (*on).into()),
                drop_reason: x.dropped.as_ref().map(|(_, why)| why.to_string()),
            })
            .collect(),
        support: s
            .support
            .iter()
            .map(|(id, x)| SupportOut {
                id: ID(id.to_string()),
                format: x.format.into(),
                format_label: label(
                    lang,
                    x.format,
                    v::SupportFormat::label_de,
                    v::SupportFormat::label_en,
                ),
                audience: x.audience.into(),
                audience_label: label(
                    lang,
                    x.audience,
                    v::Audience::label_de,
                    v::Audience::label_en,
                ),
                on: x.on.into(),
                time: x.time.map(|t| t.format("%H:%M").to_string()),
                place: x.place.as_ref().map(|p| p.to_string()),
                topic: x.topic.to_string(),
                held_on: x.held_on.map(Into::into),
                participants: x.participants as i32,
                notes: if staff {
                    x.notes.as_ref().map(|n| n.to_string())
                } else {
                    None
                },
                cancelled_on: x.cancelled.as_ref().map(|(on, _)| (*on).into()),
                cancellation_reason: x.cancelled.as_ref().map(|(_, why)| why.to_string()),
            })
            .collect(),
        dialogue_events: s
            .dialogue_events
            .iter()
            .map(|(id, x)| DialogueEventOut {
                id: ID(id.to_string()),
                format: x.format.into(),
                format_label: label(
                    lang,
                    x.format,
                    v::DialogueFormat::label_de,
                    v::DialogueFormat::label_en,
                ),
                at: x.at.into(),
                place: x.place.to_string(),
                topic: x.topic.to_string(),
                held_on: x.held_on.map(Into::into),
                attendance: x.attendance.map(Into::into),
                outcomes: x.outcomes.as_ref().map(|o| o.to_string()),
                cancelled_on: x.cancelled.as_ref().map(|(on, _)| (*on).into()),
                cancellation_reason: x.cancelled.as_ref().map(|(_, why)| why.to_string()),
            })
            .collect(),
        tasks: settings
            .map(|x| {
                m.tasks(x)
                    .iter()
                    .map(|task| task_out(task, m, lang, today))
                    .collect()
            })
            .unwrap_or_default(),
        timeline: timeline(t, m, framework.as_ref(), lang),
        completed_on: s.completed.as_ref().map(|c| c.0).map(Into::into),
        learning: s.completed.as_ref().map(|c| c.1.to_string()),
        withdrawn_on: s.withdrawn.as_ref().map(|w| w.0).map(Into::into),
        withdrawal_reason: s.withdrawn.as_ref().map(|w| w.1.to_string()),
    }
}
