//! The setup the job tests (jobs, jobs_crash, jobs_notices) share: a tenant with its team
//! member, programmes, and municipalities admitted with a contact person.

use chrono::NaiveDate;
use lotse_app::{Actor, App, CommandMeta};
use lotse_domain::municipality::{Command, ContactDetails, Profile, Submitter};
use lotse_domain::programme::ProgrammeSettings;
use lotse_domain::user::{Role, UserDetails};
use lotse_domain::values::*;
use lotse_domain::{MunicipalityId, PersonId, ProgrammeId, TenantId, UserId};

/// The address of the tenant's team member, Tina Team.
pub(crate) const TEAM_EMAIL: &str = "team@example.org";

fn operator() -> CommandMeta {
    CommandMeta::new(Actor::operator())
}

/// Runs a command on a municipality as the operator.
pub(crate) async fn run(app: &App, tenant: TenantId, id: MunicipalityId, command: Command) {
    app.execute(tenant, id, command, &operator()).await.unwrap();
}

/// Registers a user who reads German.
pub(crate) async fn user(
    app: &App,
    tenant: TenantId,
    role: Role,
    name: &str,
    email: &str,
) -> UserId {
    let id = UserId::new();
    app.register_user(
        tenant,
        id,
        role,
        UserDetails {
            name: PersonName::parse("name", name).unwrap(),
            email: EmailAddress::parse("email", email).unwrap(),
        },
        Language::De,
        None,
        &operator(),
    )
    .await
    .unwrap();
    id
}

/// A tenant ("Träger") with one team member, Tina Team <[`TEAM_EMAIL`]>. Returns the
/// tenant and the team member.
pub(crate) async fn tenant_with_team(app: &App) -> (TenantId, UserId) {
    let tenant = TenantId::new();
    app.create_tenant(
        tenant,
        ShortText::parse("name", "Träger").unwrap(),
        &operator(),
    )
    .await
    .unwrap();
    let team = user(app, tenant, Role::Team, "Tina Team", TEAM_EMAIL).await;
    (tenant, team)
}

/// A programme with the settings of Weltoffene Kommune, named `name`.
pub(crate) async fn programme(app: &App, tenant: TenantId, name: &str) -> ProgrammeId {
    let programme = ProgrammeId::new();
    app.create_programme(
        tenant,
        programme,
        ProgrammeSettings::weltoffene_kommune(ShortText::parse("name", name).unwrap()),
        &operator(),
    )
    .await
    .unwrap();
    programme
}

/// A municipality to admit, and its contact person's address and language.
pub(crate) struct Admission<'a> {
    pub(crate) name: &'a str,
    pub(crate) kind: MunicipalityKind,
    pub(crate) population: i64,
    pub(crate) submitter_email: &'a str,
    pub(crate) contact_email: &'a str,
    pub(crate) contact_language: Language,
}

/// The interest form of a municipality (sent by Erika Muster, in German).
pub(crate) fn interest(programme: ProgrammeId, a: &Admission<'_>) -> Command {
    Command::SubmitInterest {
        programme,
        profile: Profile {
            name: MunicipalityName::parse("name", a.name).unwrap(),
            bundesland: Bundesland::Hessen,
            kind: a.kind,
            population: Population::parse("population", a.population).unwrap(),
        },
        submitter_id: PersonId::new(),
        submitter: Submitter {
            name: PersonName::parse("name", "Erika Muster").unwrap(),
            role: ShortText::parse("role", "Integrationsbeauftragte").unwrap(),
            email: EmailAddress::parse("email", a.submitter_email).unwrap(),
            phone: None,
        },
        motivation: LongText::parse("motivation", "Wir wollen mitmachen.").unwrap(),
        consent_to_contact: true,
        language: Language::De,
    }
}

/// An interview held on `day` that finds the municipality eligible.
pub(crate) fn interview_held(day: NaiveDate) -> Command {
    Command::RecordInterview {
        held_on: day,
        eligibility: Eligibility {
            decision_makers_support: true,
            contact_person_named: true,
            shares_learning: true,
        },
        notes: None,
    }
}

/// Karla Kontakt as the contact person, with her address and language.
pub(crate) fn contact_person(email: &str, language: Language) -> Command {
    Command::AssignContactPerson {
        person: PersonId::new(),
        user: UserId::new(),
        contact: ContactDetails {
            name: PersonName::parse("name", "Karla Kontakt").unwrap(),
            role: ShortText::parse("role", "Amtsleitung").unwrap(),
            email: EmailAddress::parse("email", email).unwrap(),
            phone: None,
        },
        language,
        new_account: false,
    }
}

/// Submits the municipality's interest, holds its interview on `day` (scheduled for
/// 10:00 that day), admits it and assigns its contact person; no facilitator yet.
pub(crate) async fn admit_with_contact(
    app: &App,
    tenant: TenantId,
    programme: ProgrammeId,
    day: NaiveDate,
    a: Admission<'_>,
) -> MunicipalityId {
    let id = MunicipalityId::new();
    run(app, tenant, id, interest(programme, &a)).await;
    run(
        app,
        tenant,
        id,
        Command::ScheduleInterview {
            at: day.and_hms_opt(10, 0, 0).unwrap(),
            interviewer: UserId::new(),
        },
    )
    .await;
    run(app, tenant, id, interview_held(day)).await;
    run(app, tenant, id, Command::Admit).await;
    run(
        app,
        tenant,
        id,
        contact_person(a.contact_email, a.contact_language),
    )
    .await;
    id
}
