//! Command handling: load the streams a decision needs, decide, append with the versions that
//! were read, and retry the whole round when another writer came first.

use crate::clock::Clock;
use crate::codec::{decode, encode};
use lotse_domain::framework::Framework;
use lotse_domain::municipality::{
    self, Command, ContactDetails, Context, Municipality, MunicipalityEvent,
};
use lotse_domain::programme::{Programme, ProgrammeEvent, ProgrammeSettings};
use lotse_domain::tenant::{Tenant, TenantEvent};
use lotse_domain::user::{Role, User, UserDetails, UserEvent};
use lotse_domain::values::{Language, ShortText};
use lotse_domain::{DomainError, DomainEvent, MunicipalityId, ProgrammeId, TenantId, UserId};
use lotse_eventstore::{AppendMeta, RecordedEvent, Store, StoreError, StreamAppend};
use std::collections::BTreeSet;
use std::time::Duration;
use thiserror::Error;
use uuid::Uuid;

/// How often a command is decided again after losing a race for a stream.
const MAX_ATTEMPTS: usize = 12;

/// Who issues a command, as recorded in the log. Never a name or an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(String);

impl Actor {
    /// A signed-in user.
    pub fn user(id: UserId) -> Self {
        Actor(format!("user:{id}"))
    }
    /// Someone using the public interest form.
    pub fn public() -> Self {
        Actor("public".into())
    }
    /// Lotse itself (jobs, demo).
    pub fn system() -> Self {
        Actor("system".into())
    }
    /// The operator at the command line.
    pub fn operator() -> Self {
        Actor("operator".into())
    }
    /// The recorded form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The ids that travel with a command.
#[derive(Debug, Clone)]
pub struct CommandMeta {
    pub command_id: Uuid,
    pub correlation_id: Uuid,
    pub actor: Actor,
    /// When it happened, where that is not now (the demo's made-up history only).
    pub recorded_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl CommandMeta {
    /// A fresh command id, correlated with itself.
    pub fn new(actor: Actor) -> Self {
        Self::with_id(Uuid::now_v7(), actor)
    }

    /// A command id chosen by the caller (a client's, or one derived from what the command
    /// records, so that a repeat is a duplicate), correlated with itself.
    pub fn with_id(command_id: Uuid, actor: Actor) -> Self {
        Self {
            command_id,
            correlation_id: command_id,
            actor,
            recorded_at: None,
        }
    }
}

/// Why a command did not go through.
#[derive(Debug, Error)]
pub enum AppError {
    /// The rules refused it; nothing changed.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The store failed; nothing changed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored event could not be read as a domain event.
    #[error("an event in the log could not be read: {0}")]
    Decode(#[from] serde_json::Error),
    /// Too many writers raced for the same stream.
    #[error("the municipality is being changed by others right now; try again")]
    Busy,
}

/// What a command did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The events it appended (or, for a repeated command id, the first time's events).
    pub events: Vec<RecordedEvent>,
    /// Whether this was a repeat of a command already applied.
    pub duplicate: bool,
}

/// The application: a store and a clock.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub clock: Clock,
}

async fn load<E: DomainEvent>(
    store: &Store,
    tenant: TenantId,
    stream: &str,
) -> Result<(Vec<E>, i64), AppError> {
    let recorded = store.read_stream(tenant.0, stream).await?;
    let version = recorded.last().map_or(0, |e| e.version);
    let events = recorded
        .iter()
        .map(decode::<E>)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((events, version))
}

async fn backoff(attempt: usize) {
    let jitter = u64::from(Uuid::new_v4().as_bytes()[0]) % 8;
    tokio::time::sleep(Duration::from_millis((attempt as u64) * 3 + jitter)).await;
}

impl App {
    /// An application on `store` with the system clock.
    pub fn new(store: Store) -> Self {
        Self {
            store,
            clock: Clock::System,
        }
    }

    /// A municipality's state and the version it was read at.
    pub async fn municipality(
        &self,
        tenant: TenantId,
        id: MunicipalityId,
    ) -> Result<(Option<Municipality>, i64), AppError> {
        let (events, version) =
            load::<MunicipalityEvent>(&self.store, tenant, &id.stream()).await?;
        Ok((Municipality::fold(&events), version))
    }

    /// A programme's state and the version it was read at.
    pub async fn programme(
        &self,
        tenant: TenantId,
        id: ProgrammeId,
    ) -> Result<(Programme, i64), AppError> {
        let (events, version) = load::<ProgrammeEvent>(&self.store, tenant, &id.stream()).await?;
        Ok((Programme::fold(&events), version))
    }

    /// A tenant's state.
    pub async fn tenant(&self, tenant: TenantId) -> Result<(Tenant, i64), AppError> {
        let (events, version) = load::<TenantEvent>(&self.store, tenant, &tenant.stream()).await?;
        let mut state = Tenant::default();
        for e in &events {
            state.apply(e);
        }
        Ok((state, version))
    }

    /// Appends events to one stream at the version it was read at.
    pub async fn append<E: DomainEvent>(
        &self,
        tenant: TenantId,
        stream: String,
        expected_version: i64,
        events: &[E],
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        let appended = self
            .store
            .append(
                &self.append_meta(tenant, meta),
                vec![StreamAppend {
                    stream,
                    expected_version,
                    events: events.iter().map(encode).collect(),
                }],
            )
            .await?;
        if !appended.duplicate {
            metrics::counter!("lotse_events_appended_total")
                .increment(appended.events.len() as u64);
        }
        Ok(Outcome {
            events: appended.events,
            duplicate: appended.duplicate,
        })
    }

    fn append_meta(&self, tenant: TenantId, meta: &CommandMeta) -> AppendMeta {
        AppendMeta {
            tenant: tenant.0,
            command_id: meta.command_id,
            correlation_id: meta.correlation_id,
            actor: meta.actor.as_str().to_string(),
            recorded_at: meta.recorded_at,
        }
    }

    /// The events of a command already appended, if it was.
    pub async fn earlier_result(
        &self,
        tenant: TenantId,
        meta: &CommandMeta,
    ) -> Result<Option<Outcome>, AppError> {
        Ok(self
            .store
            .command_events(tenant.0, meta.command_id)
            .await?
            .map(|events| Outcome {
                events,
                duplicate: true,
            }))
    }

    /// Creates a tenant (operator).
    pub async fn create_tenant(
        &self,
        tenant: TenantId,
        name: ShortText,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        if let Some(done) = self.earlier_result(tenant, meta).await? {
            return Ok(done);
        }
        let (state, version) = self.tenant(tenant).await?;
        let events = state.create(name)?;
        self.append(tenant, tenant.stream(), version, &events, meta)
            .await
    }

    /// Creates a programme of a tenant.
    pub async fn create_programme(
        &self,
        tenant: TenantId,
        programme: ProgrammeId,
        settings: ProgrammeSettings,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        if let Some(done) = self.earlier_result(tenant, meta).await? {
            return Ok(done);
        }
        let (state, version) = self.programme(tenant, programme).await?;
        let events = state.create(tenant, settings)?;
        self.append(tenant, programme.stream(), version, &events, meta)
            .await
    }

    /// Runs one command on a programme of the tenant: `decide` gets its current state and
    /// answers with the events; no events record nothing. Retried on a concurrent change.
    async fn run_programme(
        &self,
        tenant: TenantId,
        programme: ProgrammeId,
        meta: &CommandMeta,
        decide: impl Fn(&Programme) -> Result<Vec<ProgrammeEvent>, DomainError>,
    ) -> Result<Outcome, AppError> {
        for attempt in 0..MAX_ATTEMPTS {
            if let Some(done) = self.earlier_result(tenant, meta).await? {
                return Ok(done);
            }
            let (state, version) = self.programme(tenant, programme).await?;
            if state.tenant != Some(tenant) {
                return Err(DomainError::UnknownProgramme.into());
            }
            let events = decide(&state)?;
            if events.is_empty() {
                return Ok(Outcome {
                    events: Vec::new(),
                    duplicate: false,
                });
            }
            match self
                .append(tenant, programme.stream(), version, &events, meta)
                .await
            {
                Err(AppError::Store(StoreError::Conflict { .. })) => backoff(attempt).await,
                other => return other,
            }
        }
        Err(AppError::Busy)
    }

    /// Changes a programme's settings ([`Programme::change_settings`]);
    /// `self_checks_started` says whether a municipality of the programme has started a
    /// self-check (looked up in the read model beforehand).
    pub async fn change_programme_settings(
        &self,
        tenant: TenantId,
        programme: ProgrammeId,
        settings: ProgrammeSettings,
        self_checks_started: bool,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        let today = self.clock.today();
        self.run_programme(tenant, programme, meta, |state| {
            state.change_settings(settings.clone(), self_checks_started, today)
        })
        .await
    }

    /// Puts a programme's waiting list in the team's order
    /// ([`Programme::order_waiting_list`]); `waiting` are the municipalities waiting now
    /// (looked up in the read model beforehand).
    pub async fn order_waiting_list(
        &self,
        tenant: TenantId,
        programme: ProgrammeId,
        order: Vec<MunicipalityId>,
        waiting: &BTreeSet<MunicipalityId>,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        self.run_programme(tenant, programme, meta, |state| {
            state.order_waiting_list(order.clone(), waiting)
        })
        .await
    }

    /// Archives a programme: read-only from then on ([`Programme::archive`]).
    pub async fn archive_programme(
        &self,
        tenant: TenantId,
        programme: ProgrammeId,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        let today = self.clock.today();
        self.run_programme(tenant, programme, meta, |state| state.archive(today))
            .await
    }

    /// A user's state and the version it was read at.
    pub async fn user(
        &self,
        tenant: TenantId,
        id: UserId,
    ) -> Result<(Option<User>, i64), AppError> {
        let (events, version) = load::<UserEvent>(&self.store, tenant, &id.stream()).await?;
        let mut state = None;
        for e in &events {
            User::evolve(&mut state, e);
        }
        Ok((state, version))
    }

    /// Registers a user account (once per id).
    #[allow(clippy::too_many_arguments)]
    pub async fn register_user(
        &self,
        tenant: TenantId,
        id: UserId,
        role: Role,
        details: UserDetails,
        language: Language,
        municipality: Option<MunicipalityId>,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        self.register_user_seeing(
            tenant,
            id,
            role,
            details,
            language,
            municipality,
            None,
            meta,
        )
        .await
    }

    /// [`App::register_user`]; a funder sees only `programmes` from the start (in the same
    /// append, so the account never sees more).
    #[allow(clippy::too_many_arguments)]
    pub async fn register_user_seeing(
        &self,
        tenant: TenantId,
        id: UserId,
        role: Role,
        details: UserDetails,
        language: Language,
        municipality: Option<MunicipalityId>,
        programmes: Option<std::collections::BTreeSet<ProgrammeId>>,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        if let Some(done) = self.earlier_result(tenant, meta).await? {
            return Ok(done);
        }
        let (state, version) = self.user(tenant, id).await?;
        let mut events = User::register(
            state.as_ref(),
            tenant,
            role,
            lotse_domain::PersonId(id.0),
            details,
            language,
            municipality,
        )?;
        if let Some(programmes) = programmes {
            let mut registered = None;
            for e in &events {
                User::evolve(&mut registered, e);
            }
            events.extend(User::grant_programmes(registered.as_ref(), programmes)?);
        }
        self.append(tenant, id.stream(), version, &events, meta)
            .await
    }

    /// Records that a team member's weekly digest went out (once per week).
    pub async fn record_digest_sent(
        &self,
        tenant: TenantId,
        id: UserId,
        week: String,
        message_id: String,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        for attempt in 0..MAX_ATTEMPTS {
            if let Some(done) = self.earlier_result(tenant, meta).await? {
                return Ok(done);
            }
            let (state, version) = self.user(tenant, id).await?;
            let events = User::record_digest(state.as_ref(), week.clone(), message_id.clone())?;
            if events.is_empty() {
                return Ok(Outcome {
                    events: Vec::new(),
                    duplicate: false,
                });
            }
            match self
                .append(tenant, id.stream(), version, &events, meta)
                .await
            {
                Err(AppError::Store(StoreError::Conflict { .. })) => backoff(attempt).await,
                other => return other,
            }
        }
        Err(AppError::Busy)
    }

    /// Runs one command of a municipality's journey, with what another stream must record
    /// in the same atomic append: a contact person's corrected details reach their account
    /// (sign-in links go to the corrected address exactly when the page shows it), and a
    /// form merged into another hands that one its sender and motivation.
    pub async fn execute(
        &self,
        tenant: TenantId,
        municipality: MunicipalityId,
        command: Command,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        let also = match &command {
            Command::CorrectContactDetails { contact, .. } => Also::ContactAccount(UserDetails {
                name: contact.name.clone(),
                email: contact.email.clone(),
            }),
            Command::CloseAsDuplicate { of, merge: true } => Also::MergeInto(*of),
            _ => Also::Nothing,
        };
        self.execute_with(tenant, municipality, command, also, meta)
            .await
    }

    /// Names a municipality's contact person. Without `account` (no account of theirs for
    /// this municipality yet), a contact account is opened for them in the same atomic
    /// append as the assignment, so that neither exists without the other; the assignment
    /// then says so (`new_account`), which is what their welcome mail is derived from
    /// ([`lotse_domain::notices::welcome_due`]). Returns the outcome and the account.
    pub async fn assign_contact_person(
        &self,
        tenant: TenantId,
        municipality: MunicipalityId,
        contact: ContactDetails,
        language: Language,
        account: Option<UserId>,
        meta: &CommandMeta,
    ) -> Result<(Outcome, UserId), AppError> {
        let user = account.unwrap_or_default();
        let opening = match account {
            Some(_) => Vec::new(),
            None => {
                let events = User::register(
                    None,
                    tenant,
                    Role::Contact,
                    lotse_domain::PersonId(user.0),
                    UserDetails {
                        name: contact.name.clone(),
                        email: contact.email.clone(),
                    },
                    language,
                    Some(municipality),
                )?;
                vec![StreamAppend {
                    stream: user.stream(),
                    expected_version: 0,
                    events: events.iter().map(encode).collect(),
                }]
            }
        };
        let command = Command::AssignContactPerson {
            person: lotse_domain::PersonId::new(),
            user,
            contact,
            language,
            new_account: account.is_none(),
        };
        let outcome = self
            .execute_with(tenant, municipality, command, Also::Streams(opening), meta)
            .await?;
        // A repeated command answers with its first outcome: the account named there.
        let user = outcome
            .events
            .iter()
            .filter(|e| e.stream == municipality.stream())
            .find_map(|e| match decode::<MunicipalityEvent>(e) {
                Ok(MunicipalityEvent::ContactPersonAssigned { user, .. }) => Some(user),
                _ => None,
            })
            .unwrap_or(user);
        Ok((outcome, user))
    }

    /// Other streams' events that stand or fall with a command, for the municipality as it
    /// stands (worked out again on every attempt).
    async fn also(
        &self,
        tenant: TenantId,
        (id, m): (MunicipalityId, Option<&Municipality>),
        ctx: &Context<'_>,
        also: &Also,
    ) -> Result<Vec<StreamAppend>, AppError> {
        match also {
            // The kept form takes over the closed one's sender and motivation, sealed under
            // the same person (one erasure still erases both). Both forms are of the same
            // programme, checked at the edge; the kept one is decided with the same context.
            Also::MergeInto(kept) => {
                let Some(m) = m else {
                    return Ok(Vec::new());
                };
                let (state, version) = self.municipality(tenant, *kept).await?;
                let Some(state) = state.filter(|k| k.programme == m.programme) else {
                    return Err(DomainError::UnknownMunicipality.into());
                };
                let command = Command::TakeOverForm {
                    from: id,
                    submitter: m.submitter.clone(),
                    motivation: m.motivation.clone(),
                    submitted_on: m.submitted_on,
                };
                let events = municipality::decide(Some(&state), command, ctx)?;
                Ok(stream_append(kept.stream(), version, &events))
            }
            Also::Nothing => Ok(Vec::new()),
            Also::Streams(streams) => Ok(streams.clone()),
            Also::ContactAccount(details) => {
                let Some(user) = m.and_then(|m| m.contact.as_ref()).map(|c| c.user) else {
                    return Ok(Vec::new());
                };
                let (account, version) = self.user(tenant, user).await?;
                let events = User::correct_details(account.as_ref(), details.clone())?;
                Ok(stream_append(user.stream(), version, &events))
            }
        }
    }

    /// [`App::execute`], appending [`App::also`]'s events in the same atomic append.
    async fn execute_with(
        &self,
        tenant: TenantId,
        municipality: MunicipalityId,
        command: Command,
        also: Also,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        for attempt in 0..MAX_ATTEMPTS {
            if let Some(done) = self.earlier_result(tenant, meta).await? {
                return Ok(done);
            }
            let (state, m_version) = self.municipality(tenant, municipality).await?;
            let programme_id = match (&state, &command) {
                (Some(m), _) => m.programme,
                (None, Command::SubmitInterest { programme, .. }) => *programme,
                (None, _) => return Err(DomainError::UnknownMunicipality.into()),
            };
            let (programme, p_version) = self.programme(tenant, programme_id).await?;
            let settings = programme
                .settings
                .as_ref()
                .ok_or(DomainError::UnknownProgramme)?;
            let framework = settings.framework().ok_or(DomainError::UnknownFramework)?;
            let ctx = Context {
                today: self.clock.today(),
                programme: &programme,
                framework: &framework,
            };
            let events = municipality::decide(state.as_ref(), command.clone(), &ctx)?;
            if events.is_empty() {
                return Ok(Outcome {
                    events: Vec::new(),
                    duplicate: false,
                });
            }
            let seats = municipality::seat_changes(municipality, state.as_ref(), &events);
            let mut streams = vec![StreamAppend {
                stream: municipality.stream(),
                expected_version: m_version,
                events: events.iter().map(encode).collect(),
            }];
            if !seats.is_empty() {
                streams.push(StreamAppend {
                    stream: programme_id.stream(),
                    expected_version: p_version,
                    events: seats.iter().map(encode).collect(),
                });
            }
            streams.extend(
                self.also(tenant, (municipality, state.as_ref()), &ctx, &also)
                    .await?,
            );
            match self
                .store
                .append(&self.append_meta(tenant, meta), streams)
                .await
            {
                Ok(appended) => {
                    if !appended.duplicate {
                        metrics::counter!("lotse_events_appended_total")
                            .increment(appended.events.len() as u64);
                    }
                    return Ok(Outcome {
                        events: appended.events,
                        duplicate: appended.duplicate,
                    });
                }
                Err(StoreError::Conflict { .. }) => backoff(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Busy)
    }
}

/// `events` for `stream` at `version`, or nothing when there are none.
fn stream_append<E: DomainEvent>(stream: String, version: i64, events: &[E]) -> Vec<StreamAppend> {
    if events.is_empty() {
        return Vec::new();
    }
    vec![StreamAppend {
        stream,
        expected_version: version,
        events: events.iter().map(encode).collect(),
    }]
}

/// What else a municipality's command appends atomically (see [`App::also`]).
enum Also {
    Nothing,
    /// These streams' events, as given.
    Streams(Vec<StreamAppend>),
    /// The current contact person's account takes these details.
    ContactAccount(UserDetails),
    /// This municipality takes over the form being closed as its duplicate.
    MergeInto(MunicipalityId),
}

/// The framework of a programme, for callers that render the self-check.
pub fn framework_of(programme: &Programme) -> Option<Framework> {
    programme.settings.as_ref().and_then(|s| s.framework())
}
