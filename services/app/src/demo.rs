//! The demo programme: a tenant, a Weltoffene Kommune cohort and 40 municipalities spread
//! over every stage, created through the same commands users issue. Deterministic: the same
//! ids and the same journey on every backend, dated relative to today.

use crate::app::{Actor, App, AppError, CommandMeta};
use crate::clock::Clock;
use chrono::{Days, NaiveDate, NaiveTime};
use lotse_domain::framework::{Answer, Rating};
use lotse_domain::ids::ItemId;
use lotse_domain::municipality::{Command, ContactDetails, PlannedStep, Profile, Submitter};
use lotse_domain::programme::ProgrammeSettings;
use lotse_domain::values::*;
use lotse_domain::{MunicipalityId, PersonId, ProgrammeId, TenantId, UserId};
use uuid::Uuid;

const NAMESPACE: Uuid = Uuid::from_u128(0x6c6f_7473_652d_6465_6d6f_0000_0000_0001);

fn demo_uuid(name: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// The demo tenant's id.
pub fn tenant_id() -> TenantId {
    TenantId(demo_uuid("tenant"))
}

/// The demo programme's id.
pub fn programme_id() -> ProgrammeId {
    ProgrammeId(demo_uuid("programme"))
}

/// The demo team member's user id.
pub fn team_user() -> UserId {
    UserId(demo_uuid("user-team"))
}

/// The demo facilitators' user ids.
pub fn facilitator(i: usize) -> UserId {
    UserId(demo_uuid(&format!("user-facilitator-{}", i % 3)))
}

/// The demo funder's user id.
pub fn funder_user() -> UserId {
    UserId(demo_uuid("user-funder"))
}

/// The demo users worth a sign-in link: a label and the user id.
pub fn sign_in_users() -> Vec<(&'static str, UserId)> {
    vec![
        ("Programmteam", team_user()),
        ("Prozessbegleitung", facilitator(0)),
        ("Ansprechperson", contact_user(3)),
        ("Förderer", funder_user()),
    ]
}

fn user_details(name: &str, email: &str) -> lotse_domain::user::UserDetails {
    lotse_domain::user::UserDetails {
        name: PersonName::parse("name", name).expect("demo names are valid"),
        email: EmailAddress::parse("email", email).expect("demo addresses are valid"),
    }
}

/// The user id of the contact person of demo municipality `i`.
pub fn contact_user(i: usize) -> UserId {
    UserId(demo_uuid(&format!("user-contact-{i}")))
}

/// The id of demo municipality `i`.
pub fn municipality_id(i: usize) -> MunicipalityId {
    MunicipalityId(demo_uuid(&format!("municipality-{i}")))
}

struct Place {
    name: &'static str,
    land: Bundesland,
    kind: MunicipalityKind,
    population: i64,
}

use Bundesland as L;
use MunicipalityKind as K;

const PLACES: [Place; 40] = [
    Place {
        name: "Lohr a.Main",
        land: L::Bayern,
        kind: K::Stadt,
        population: 15_100,
    },
    Place {
        name: "Landkreis Görlitz",
        land: L::Sachsen,
        kind: K::Landkreis,
        population: 248_000,
    },
    Place {
        name: "Eberswalde",
        land: L::Brandenburg,
        kind: K::Stadt,
        population: 42_000,
    },
    Place {
        name: "Gelsenkirchen",
        land: L::NordrheinWestfalen,
        kind: K::KreisfreieStadt,
        population: 263_000,
    },
    Place {
        name: "Schwäbisch Hall",
        land: L::BadenWuerttemberg,
        kind: K::Stadt,
        population: 41_800,
    },
    Place {
        name: "Neuruppin",
        land: L::Brandenburg,
        kind: K::Stadt,
        population: 32_000,
    },
    Place {
        name: "Bremerhaven",
        land: L::Bremen,
        kind: K::KreisfreieStadt,
        population: 115_000,
    },
    Place {
        name: "Halberstadt",
        land: L::SachsenAnhalt,
        kind: K::Stadt,
        population: 39_500,
    },
    Place {
        name: "Pirmasens",
        land: L::RheinlandPfalz,
        kind: K::KreisfreieStadt,
        population: 40_000,
    },
    Place {
        name: "Völklingen",
        land: L::Saarland,
        kind: K::Stadt,
        population: 39_000,
    },
    Place {
        name: "Neumünster",
        land: L::SchleswigHolstein,
        kind: K::KreisfreieStadt,
        population: 80_000,
    },
    Place {
        name: "Saalfeld/Saale",
        land: L::Thueringen,
        kind: K::Stadt,
        population: 28_500,
    },
    Place {
        name: "Wismar",
        land: L::MecklenburgVorpommern,
        kind: K::Stadt,
        population: 43_000,
    },
    Place {
        name: "Hanau",
        land: L::Hessen,
        kind: K::Stadt,
        population: 101_000,
    },
    Place {
        name: "Salzgitter",
        land: L::Niedersachsen,
        kind: K::KreisfreieStadt,
        population: 104_000,
    },
    Place {
        name: "Hamburg-Harburg",
        land: L::Hamburg,
        kind: K::Stadt,
        population: 170_000,
    },
    Place {
        name: "Berlin-Marzahn-Hellersdorf",
        land: L::Berlin,
        kind: K::Stadt,
        population: 290_000,
    },
    Place {
        name: "Gemeinde Wendelstein",
        land: L::Bayern,
        kind: K::Gemeinde,
        population: 16_000,
    },
    Place {
        name: "Landkreis Vorpommern-Greifswald",
        land: L::MecklenburgVorpommern,
        kind: K::Landkreis,
        population: 235_000,
    },
    Place {
        name: "Zittau",
        land: L::Sachsen,
        kind: K::Stadt,
        population: 25_000,
    },
    Place {
        name: "Bautzen",
        land: L::Sachsen,
        kind: K::Stadt,
        population: 38_000,
    },
    Place {
        name: "Verbandsgemeinde Wittlich-Land",
        land: L::RheinlandPfalz,
        kind: K::Verbandsgemeinde,
        population: 31_000,
    },
    Place {
        name: "Delmenhorst",
        land: L::Niedersachsen,
        kind: K::KreisfreieStadt,
        population: 78_000,
    },
    Place {
        name: "Gemeinde Ahrensfelde",
        land: L::Brandenburg,
        kind: K::Gemeinde,
        population: 14_000,
    },
    Place {
        name: "Offenbach am Main",
        land: L::Hessen,
        kind: K::KreisfreieStadt,
        population: 131_000,
    },
    Place {
        name: "Eisenach",
        land: L::Thueringen,
        kind: K::Stadt,
        population: 42_000,
    },
    Place {
        name: "Gemeinde Schkopau",
        land: L::SachsenAnhalt,
        kind: K::Gemeinde,
        population: 10_500,
    },
    Place {
        name: "Landkreis Cochem-Zell",
        land: L::RheinlandPfalz,
        kind: K::Landkreis,
        population: 61_000,
    },
    Place {
        name: "Heide",
        land: L::SchleswigHolstein,
        kind: K::Stadt,
        population: 22_000,
    },
    Place {
        name: "Remscheid",
        land: L::NordrheinWestfalen,
        kind: K::KreisfreieStadt,
        population: 112_000,
    },
    Place {
        name: "Gemeinde Bad Endbach",
        land: L::Hessen,
        kind: K::Gemeinde,
        population: 8_000,
    },
    Place {
        name: "Friedrichshafen",
        land: L::BadenWuerttemberg,
        kind: K::Stadt,
        population: 62_000,
    },
    Place {
        name: "Neunkirchen",
        land: L::Saarland,
        kind: K::Stadt,
        population: 46_000,
    },
    Place {
        name: "Gemeinde Uckerland",
        land: L::Brandenburg,
        kind: K::Gemeinde,
        population: 2_600,
    },
    Place {
        name: "Bremen-Gröpelingen",
        land: L::Bremen,
        kind: K::Stadt,
        population: 38_000,
    },
    Place {
        name: "Landkreis Nordhausen",
        land: L::Thueringen,
        kind: K::Landkreis,
        population: 81_000,
    },
    Place {
        name: "Gemeinde Ilsede",
        land: L::Niedersachsen,
        kind: K::Gemeinde,
        population: 22_000,
    },
    Place {
        name: "Kempten (Allgäu)",
        land: L::Bayern,
        kind: K::KreisfreieStadt,
        population: 70_000,
    },
    Place {
        name: "Lutherstadt Wittenberg",
        land: L::SachsenAnhalt,
        kind: K::Stadt,
        population: 45_000,
    },
    Place {
        name: "Gemeinde Hohen Neuendorf",
        land: L::Brandenburg,
        kind: K::Gemeinde,
        population: 26_000,
    },
];

/// How far each demo municipality gets, and how many days ago it started.
const PLAN: [(Stage, u64); 40] = [
    (Stage::Completed, 200),
    (Stage::Completed, 195),
    (Stage::Completed, 190),
    (Stage::Implementation, 150),
    (Stage::Implementation, 140),
    (Stage::Implementation, 132),
    (Stage::Implementation, 128),
    (Stage::Implementation, 121),
    (Stage::Implementation, 118),
    (Stage::Implementation, 112),
    (Stage::Workshop, 98),
    (Stage::Workshop, 91),
    (Stage::Workshop, 85),
    (Stage::Workshop, 80),
    (Stage::Workshop, 77),
    (Stage::Workshop, 72),
    (Stage::SelfCheck, 60),
    (Stage::SelfCheck, 55),
    (Stage::SelfCheck, 50),
    (Stage::SelfCheck, 44),
    (Stage::SelfCheck, 40),
    (Stage::SelfCheck, 36),
    (Stage::SelfCheck, 31),
    (Stage::Onboarding, 24),
    (Stage::Onboarding, 20),
    (Stage::Onboarding, 18),
    (Stage::Interview, 16),
    (Stage::Interview, 13),
    (Stage::Interview, 11),
    (Stage::Interview, 9),
    (Stage::Interest, 6),
    (Stage::Interest, 4),
    (Stage::Interest, 2),
    (Stage::Interest, 1),
    (Stage::OnHold, 45),
    (Stage::OnHold, 30),
    (Stage::Declined, 50),
    (Stage::Declined, 27),
    (Stage::Withdrawn, 110),
    (Stage::Withdrawn, 12),
];

const FIRST_NAMES: [&str; 10] = [
    "Aylin", "Jonas", "Mira", "Stefan", "Fatma", "Lukas", "Birgit", "Yusuf", "Katrin", "Tomasz",
];
const LAST_NAMES: [&str; 10] = [
    "Demir",
    "Hartmann",
    "Nowak",
    "Schulte",
    "Yilmaz",
    "Krüger",
    "Petrović",
    "Albers",
    "Haddad",
    "Lorenz",
];

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    out.trim_matches('-').to_string()
}

fn short(field: &'static str, text: &str) -> ShortText {
    ShortText::parse(field, text).expect("demo texts are valid")
}

fn long(field: &'static str, text: &str) -> LongText {
    LongText::parse(field, text).expect("demo texts are valid")
}

fn person(i: usize, salt: usize) -> (String, EmailAddress, PhoneNumber) {
    let first = FIRST_NAMES[(i + salt) % FIRST_NAMES.len()];
    let last = LAST_NAMES[(i * 3 + salt) % LAST_NAMES.len()];
    let email = format!(
        "{}.{}@{}.example",
        slug(first),
        slug(last),
        slug(PLACES[i].name)
    );
    (
        format!("{first} {last}"),
        EmailAddress::parse("email", &email).expect("demo addresses are valid"),
        PhoneNumber::parse("phone", &format!("0{} {}", 30 + i, 100_000 + i * 7919))
            .expect("demo numbers are valid"),
    )
}

/// What the demo did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoLoad {
    /// The demo programme was created now.
    Created { municipalities: usize },
    /// The demo tenant existed already; nothing was changed.
    AlreadyThere,
}

struct Runner<'a> {
    app: &'a App,
    tenant: TenantId,
    start: NaiveDate,
    /// Commands run so far: each is recorded a minute after the one before on its day.
    count: std::cell::Cell<u32>,
}

impl Runner<'_> {
    async fn at(
        &self,
        day: u64,
        id: MunicipalityId,
        actor: Actor,
        command: Command,
    ) -> Result<(), AppError> {
        let date = self.start + Days::new(day);
        self.app.clock.set(date);
        // Recorded on its day of the made-up history (not after now), so that timelines
        // and "Stand am" read as the programme would have lived it.
        let n = self.count.get();
        self.count.set(n + 1);
        let at = datetime(date, 8).and_utc() + chrono::Duration::minutes(i64::from(n % 600));
        let meta = CommandMeta {
            recorded_at: Some(at.min(chrono::Utc::now())),
            ..CommandMeta::new(actor)
        };
        self.app
            .execute(self.tenant, id, command, &meta)
            .await
            .map(|_| ())
    }
}

fn datetime(date: NaiveDate, hour: u32) -> chrono::NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("valid hour"))
}

/// Loads the demo programme unless it is there already. `progress` is told each municipality.
pub async fn load(
    store: lotse_eventstore::Store,
    today: NaiveDate,
    mut progress: impl FnMut(usize, usize),
) -> Result<DemoLoad, AppError> {
    let clock = Clock::manual(today);
    let app = App { store, clock };
    let tenant = tenant_id();
    let (existing, _) = app.tenant(tenant).await?;
    if existing.name.is_some() {
        return Ok(DemoLoad::AlreadyThere);
    }
    let operator = CommandMeta::new(Actor::operator());
    app.create_tenant(
        tenant,
        short("name", "Demo-Verbund Weltoffene Kommune"),
        &operator,
    )
    .await?;
    use lotse_domain::user::Role;
    let staff = [
        (
            team_user(),
            Role::Team,
            "Jana Programmteam",
            "team@lotse-demo.example",
        ),
        (
            facilitator(0),
            Role::Facilitator,
            "Ole Begleiter",
            "begleitung1@lotse-demo.example",
        ),
        (
            facilitator(1),
            Role::Facilitator,
            "Selin Begleiterin",
            "begleitung2@lotse-demo.example",
        ),
        (
            facilitator(2),
            Role::Facilitator,
            "Mika Begleitung",
            "begleitung3@lotse-demo.example",
        ),
        (
            funder_user(),
            Role::Funder,
            "Dana Förderung",
            "foerderung@lotse-demo.example",
        ),
    ];
    for (id, role, name, email) in staff {
        app.register_user(
            tenant,
            id,
            role,
            user_details(name, email),
            Language::De,
            None,
            &CommandMeta::new(Actor::operator()),
        )
        .await?;
    }
    let settings =
        ProgrammeSettings::weltoffene_kommune(short("name", "Weltoffene Kommune – Pilotkohorte"));
    let framework = settings
        .framework()
        .ok_or(lotse_domain::DomainError::UnknownFramework)?;
    app.create_programme(
        tenant,
        programme_id(),
        settings,
        &CommandMeta::new(Actor::operator()),
    )
    .await?;

    for (i, (place, (target, days_ago))) in PLACES.iter().zip(PLAN).enumerate() {
        progress(i + 1, PLACES.len());
        let id = municipality_id(i);
        let start = today - Days::new(days_ago);
        let run = Runner {
            app: &app,
            tenant,
            start,
            count: std::cell::Cell::new(0),
        };
        let team = || Actor::user(team_user());
        let contact = || Actor::user(contact_user(i));
        let fac = || Actor::user(facilitator(i));
        let reached = |stage: Stage| {
            PLAN_ORDER.iter().position(|s| *s == target)
                >= PLAN_ORDER.iter().position(|s| *s == stage)
        };
        let (name, email, phone) = person(i, 0);

        run.at(
            0,
            id,
            Actor::public(),
            Command::SubmitInterest {
                programme: programme_id(),
                profile: Profile {
                    name: MunicipalityName::parse("name", place.name).expect("valid"),
                    bundesland: place.land,
                    kind: place.kind,
                    population: Population::parse("population", place.population).expect("valid"),
                },
                submitter_id: PersonId(demo_uuid(&format!("submitter-{i}"))),
                submitter: Submitter {
                    name: PersonName::parse("name", &name).expect("valid"),
                    role: short("role", "Integrationsbeauftragte:r"),
                    email,
                    phone: Some(phone),
                },
                motivation: long(
                    "motivation",
                    "Wir möchten unsere Willkommensstrukturen überprüfen und den Austausch \
                     zwischen Verwaltung, Politik und Zivilgesellschaft stärken.",
                ),
                consent_to_contact: true,
                language: Language::De,
            },
        )
        .await?;
        if target == Stage::Interest {
            continue;
        }
        if target == Stage::Withdrawn && days_ago < 30 {
            run.at(
                1,
                id,
                contact(),
                Command::Withdraw {
                    reason: short("reason", "Der Gemeinderat hat andere Prioritäten gesetzt."),
                },
            )
            .await?;
            continue;
        }
        let interview_day = start + Days::new(7);
        run.at(
            2,
            id,
            team(),
            Command::ScheduleInterview {
                at: datetime(interview_day, 10),
                interviewer: team_user(),
            },
        )
        .await?;
        if target == Stage::Interview && days_ago < 7 + 3 {
            continue;
        }
        let eligible = !matches!(target, Stage::OnHold | Stage::Declined);
        run.at(
            7,
            id,
            team(),
            Command::RecordInterview {
                held_on: interview_day,
                eligibility: Eligibility {
                    decision_makers_support: eligible || i % 2 == 0,
                    contact_person_named: true,
                    shares_learning: eligible,
                },
                notes: Some(long(
                    "notes",
                    "Bürgermeisterin und Fachbereichsleitung waren dabei.",
                )),
            },
        )
        .await?;
        match target {
            Stage::Interview => continue,
            Stage::OnHold => {
                run.at(
                    8,
                    id,
                    team(),
                    Command::PutOnHold {
                        reason: short("reason", "Ratsbeschluss zur Teilnahme steht noch aus."),
                    },
                )
                .await?;
                continue;
            }
            Stage::Declined => {
                run.at(
                    8,
                    id,
                    team(),
                    Command::Decline {
                        reason: short("reason", "Keine Zusage, die Erfahrungen zu teilen."),
                    },
                )
                .await?;
                continue;
            }
            _ => {}
        }
        run.at(8, id, team(), Command::Admit).await?;
        run.at(
            10,
            id,
            team(),
            Command::AssignFacilitator {
                facilitator: facilitator(i),
            },
        )
        .await?;
        if target == Stage::Onboarding {
            continue;
        }
        let (cname, cemail, cphone) = person(i, 1);
        let (cname_for_user, cemail_for_user) = (cname.clone(), cemail.clone());
        run.at(
            11,
            id,
            team(),
            Command::AssignContactPerson {
                person: PersonId(demo_uuid(&format!("contact-{i}"))),
                user: contact_user(i),
                contact: ContactDetails {
                    name: PersonName::parse("name", &cname).expect("valid"),
                    role: short("role", "Integrationsbeauftragte:r"),
                    email: cemail,
                    phone: Some(cphone),
                },
                language: if i % 7 == 3 {
                    Language::En
                } else {
                    Language::De
                },
                // The demo's people are not welcomed by mail.
                new_account: false,
            },
        )
        .await?;
        app.register_user(
            tenant,
            contact_user(i),
            lotse_domain::user::Role::Contact,
            user_details(&cname_for_user, cemail_for_user.as_str()),
            if i % 7 == 3 {
                Language::En
            } else {
                Language::De
            },
            Some(id),
            &CommandMeta::new(Actor::user(team_user())),
        )
        .await?;
        run.at(13, id, contact(), Command::StartSelfCheck).await?;
        let indicators: Vec<String> = framework
            .fields
            .iter()
            .flat_map(|f| f.indicators.iter().map(|x| x.id.clone()))
            .collect();
        let answered = if reached(Stage::Workshop) {
            indicators.len()
        } else {
            (indicators.len() * (i % 5 + 1)) / 6
        };
        for (k, indicator) in indicators.iter().take(answered).enumerate() {
            let rating = if (i + k) % 11 == 0 {
                Rating::NotApplicable
            } else {
                Rating::Level(((i * 31 + k * 17 + (i * k) % 7 + i % 3) % 5) as u8)
            };
            // Over ten days, a few answers a day.
            run.at(
                14 + (k * 10 / answered) as u64,
                id,
                contact(),
                Command::SaveSelfCheckAnswer {
                    indicator: indicator.clone(),
                    answer: Answer {
                        rating,
                        comment: demo_comment(i, k),
                        evidence_url: None,
                    },
                },
            )
            .await?;
        }
        if target == Stage::SelfCheck {
            continue;
        }
        if target == Stage::Withdrawn {
            run.at(
                30,
                id,
                contact(),
                Command::Withdraw {
                    reason: short("reason", "Die Stelle der Ansprechperson ist unbesetzt."),
                },
            )
            .await?;
            continue;
        }
        run.at(28, id, contact(), Command::SubmitSelfCheck).await?;
        let workshop_day = start + Days::new(56);
        run.at(
            33,
            id,
            fac(),
            Command::ScheduleWorkshop {
                at: datetime(workshop_day, 9),
                place: short("place", "Rathaus, großer Sitzungssaal"),
                facilitator: None,
                invited: vec![
                    short("invited", "Verwaltungsspitze"),
                    short("invited", "Migrant:innenorganisationen"),
                    short("invited", "Jobcenter"),
                ],
            },
        )
        .await?;
        if target == Stage::Workshop {
            continue;
        }
        let priorities: Vec<String> = framework
            .fields
            .iter()
            .skip(i % 3)
            .step_by(2)
            .take(2)
            .map(|f| f.id.clone())
            .collect();
        let steps: Vec<PlannedStep> = (0..3)
            .map(|k| PlannedStep {
                id: ItemId(demo_uuid(&format!("step-{i}-{k}"))),
                what: short(
                    "what",
                    [
                        "Leitbild Vielfalt im Rat einbringen",
                        "Mehrsprachige Willkommensseite veröffentlichen",
                        "Runden Tisch mit Migrant:innenorganisationen einrichten",
                    ][k],
                ),
                who: short(
                    "who",
                    [
                        "Büro der Bürgermeisterin",
                        "Pressestelle",
                        "Integrationsbüro",
                    ][k],
                ),
                due: workshop_day + Days::new(30 + 20 * k as u64),
            })
            .collect();
        run.at(
            56,
            id,
            fac(),
            Command::RecordWorkshop {
                held_on: workshop_day,
                participants: 14 + (i as u32 % 9),
                priorities,
                action_plan: steps.clone(),
                notes: None,
            },
        )
        .await?;
        run.at(
            60,
            id,
            team(),
            Command::PlanSupport {
                id: ItemId(demo_uuid(&format!("support-{i}"))),
                format: SupportFormat::Coaching,
                audience: Audience::Mayor,
                on: start + Days::new(75),
                topic: short("topic", "Haltung zeigen in der Kommunalpolitik"),
                time: NaiveTime::from_hms_opt(16, 0, 0),
                place: Some(short("place", "Rathaus, Zimmer der Bürgermeisterin")),
            },
        )
        .await?;
        let event_id = ItemId(demo_uuid(&format!("dialogue-{i}")));
        run.at(
            62,
            id,
            fac(),
            Command::PlanDialogueEvent {
                id: event_id,
                format: DialogueFormat::WorldCafe,
                at: datetime(start + Days::new(100), 18),
                place: short("place", "Stadtbibliothek"),
                topic: short("topic", "Gut ankommen in unserer Stadt"),
            },
        )
        .await?;
        if days_ago > 80 {
            run.at(
                80,
                id,
                team(),
                Command::RecordSupport {
                    id: ItemId(demo_uuid(&format!("support-{i}"))),
                    held_on: start + Days::new(75),
                    participants: 3,
                    notes: None,
                },
            )
            .await?;
            run.at(
                90,
                id,
                contact(),
                Command::CompleteNextStep { step: steps[0].id },
            )
            .await?;
        }
        if days_ago > 105 {
            run.at(
                104,
                id,
                fac(),
                Command::RecordDialogueEvent {
                    id: event_id,
                    held_on: start + Days::new(100),
                    attendance: Attendance::parse([
                        25 + (i as i64 % 30),
                        6,
                        3 + (i as i64 % 4),
                        2,
                        9,
                    ])
                    .expect("valid"),
                    outcomes: Some(long(
                        "outcomes",
                        "Viele Ideen für Patenschaften und ein mehrsprachiges Stadtfest.",
                    )),
                },
            )
            .await?;
        }
        // Municipalities far along fill in the second self-check after the workshop, a
        // little further on in most fields: the funder's change between the rounds.
        if days_ago > 125 {
            run.at(110, id, contact(), Command::StartSelfCheck).await?;
            for (k, indicator) in indicators.iter().enumerate() {
                let first = ((i * 31 + k * 17 + (i * k) % 7 + i % 3) % 5) as u8;
                let rating = if (i + k) % 11 == 0 {
                    Rating::NotApplicable
                } else {
                    Rating::Level((first + u8::from((i + k) % 3 != 0)).min(4))
                };
                run.at(
                    111 + (k * 8 / indicators.len()) as u64,
                    id,
                    contact(),
                    Command::SaveSelfCheckAnswer {
                        indicator: indicator.clone(),
                        answer: Answer {
                            rating,
                            comment: None,
                            evidence_url: None,
                        },
                    },
                )
                .await?;
            }
            run.at(120, id, contact(), Command::SubmitSelfCheck).await?;
        }
        if target == Stage::Completed {
            run.at(
                days_ago.min(180),
                id,
                team(),
                Command::Complete {
                    learning: long(
                        "learning",
                        "Der Runde Tisch hat sich bewährt; die Verwaltung plant ihn dauerhaft.",
                    ),
                },
            )
            .await?;
        }
    }
    Ok(DemoLoad::Created {
        municipalities: PLACES.len(),
    })
}

/// A comment on some answers of the first self-check, for the workshop's handout.
fn demo_comment(i: usize, k: usize) -> Option<String> {
    let text = match (i + k) % 6 {
        0 => "Ein Ratsbeschluss liegt vor, die Umsetzung hakt noch.",
        3 => "Bisher nur im Integrationsbüro bekannt, nicht in den Fachämtern.",
        _ => return None,
    };
    Some(text.to_string())
}

const PLAN_ORDER: [Stage; 7] = [
    Stage::Interest,
    Stage::Interview,
    Stage::Onboarding,
    Stage::SelfCheck,
    Stage::Workshop,
    Stage::Implementation,
    Stage::Completed,
];
