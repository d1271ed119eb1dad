//! Commands through the application: capacity under concurrency, repeated command ids.

use lotse_app::Clock;
use lotse_app::{Actor, App, CommandMeta};
use lotse_domain::municipality::{Command, Profile, Submitter};
use lotse_domain::programme::ProgrammeSettings;
use lotse_domain::values::*;
use lotse_domain::{MunicipalityId, PersonId, ProgrammeId, TenantId, UserId};
use lotse_tests::on_both_backends;

fn interest(programme: ProgrammeId, name: &str) -> Command {
    Command::SubmitInterest {
        programme,
        profile: Profile {
            name: MunicipalityName::parse("name", name).unwrap(),
            bundesland: Bundesland::Hessen,
            kind: MunicipalityKind::Stadt,
            population: Population::parse("population", 12_000).unwrap(),
        },
        submitter_id: PersonId::new(),
        submitter: Submitter {
            name: PersonName::parse("name", "Erika Muster").unwrap(),
            role: ShortText::parse("role", "Integrationsbeauftragte").unwrap(),
            email: EmailAddress::parse("email", "erika@example.org").unwrap(),
            phone: None,
        },
        motivation: LongText::parse("motivation", "Wir wollen mitmachen.").unwrap(),
        consent_to_contact: true,
        language: Language::De,
    }
}

async fn programme_with_capacity(app: &App, tenant: TenantId, capacity: u32) -> ProgrammeId {
    let programme = ProgrammeId::new();
    let mut settings =
        ProgrammeSettings::weltoffene_kommune(ShortText::parse("name", "Kohorte").unwrap());
    settings.capacity = capacity;
    app.create_programme(
        tenant,
        programme,
        settings,
        &CommandMeta::new(Actor::operator()),
    )
    .await
    .unwrap();
    programme
}

async fn run(app: &App, tenant: TenantId, id: MunicipalityId, command: Command) {
    app.execute(
        tenant,
        id,
        command,
        &CommandMeta::new(Actor::user(UserId::new())),
    )
    .await
    .unwrap();
}

on_both_backends! {
    async fn concurrent_admissions_never_exceed_the_programme_capacity(db) {
        let app = App { store: db.store.clone(), clock: Clock::manual(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()) };
        let tenant = TenantId::new();
        let programme = programme_with_capacity(&app, tenant, 2).await;
        let mut ids = Vec::new();
        for i in 0..6 {
            let id = MunicipalityId::new();
            run(&app, tenant, id, interest(programme, &format!("Stadt {i}"))).await;
            run(&app, tenant, id, Command::ScheduleInterview {
                at: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap().and_hms_opt(10, 0, 0).unwrap(),
                interviewer: UserId::new(),
            }).await;
            run(&app, tenant, id, Command::RecordInterview {
                held_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                eligibility: Eligibility { decision_makers_support: true, contact_person_named: true, shares_learning: true },
                notes: None,
            }).await;
            ids.push(id);
        }
        let admissions = ids.iter().map(|id| {
            let app = app.clone();
            let id = *id;
            tokio::spawn(async move {
                app.execute(tenant, id, Command::Admit, &CommandMeta::new(Actor::user(UserId::new()))).await.unwrap()
            })
        }).collect::<Vec<_>>();
        for a in admissions {
            a.await.unwrap();
        }
        let mut stages = Vec::new();
        for id in &ids {
            stages.push(app.municipality(tenant, *id).await.unwrap().0.unwrap().stage());
        }
        assert_eq!(stages.iter().filter(|s| **s == Stage::Onboarding).count(), 2, "{stages:?}");
        assert_eq!(stages.iter().filter(|s| **s == Stage::WaitingList).count(), 4, "{stages:?}");
        let (p, _) = app.programme(tenant, programme).await.unwrap();
        assert_eq!(p.seats.len(), 2);
    }
}

on_both_backends! {
    async fn a_repeated_command_yields_the_first_result_instead_of_a_refusal(db) {
        let app = App::new(db.store.clone());
        let tenant = TenantId::new();
        let programme = programme_with_capacity(&app, tenant, 40).await;
        let id = MunicipalityId::new();
        let meta = CommandMeta::new(Actor::public());
        let first = app.execute(tenant, id, interest(programme, "Lohr a.Main"), &meta).await.unwrap();
        let again = app.execute(tenant, id, interest(programme, "Lohr a.Main"), &meta).await.unwrap();
        assert!(again.duplicate);
        assert_eq!(again.events, first.events);
        let other = app
            .execute(tenant, id, interest(programme, "Lohr a.Main"), &CommandMeta::new(Actor::public()))
            .await
            .unwrap_err();
        assert_eq!(other.to_string(), lotse_domain::DomainError::AlreadyRegistered.to_string());
    }
}

on_both_backends! {
    async fn a_programme_of_another_tenant_cannot_be_joined(db) {
        let app = App::new(db.store.clone());
        let (a, b) = (TenantId::new(), TenantId::new());
        let programme = programme_with_capacity(&app, a, 40).await;
        let err = app
            .execute(b, MunicipalityId::new(), interest(programme, "Lohr a.Main"), &CommandMeta::new(Actor::public()))
            .await
            .unwrap_err();
        assert!(matches!(err, lotse_app::AppError::Domain(lotse_domain::DomainError::UnknownProgramme)), "{err:?}");
    }
}
