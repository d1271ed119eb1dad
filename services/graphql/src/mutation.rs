//! Mutations: one per command of the journey, plus signing in and out and user accounts.
//! Inputs are parsed into domain values here; a mutation returns only after its events are
//! visible in the projections it answers from.

// Resolver arguments are the GraphQL arguments; grouping them would only rename them.
#![allow(clippy::too_many_arguments)]

use crate::auth::{self, lang, require, viewer};
use crate::error::{self, GqlResult, forbidden, not_found};
use crate::query::{parse_id, services};
use crate::scalars::{Date, LocalDateTime};
use crate::types::*;
use async_graphql::{Context, ID, InputObject, Object};
use lotse_app::mailer::QueuedMail;
use lotse_app::{Actor, CommandMeta};
use lotse_domain::framework::{Answer, Rating};
use lotse_domain::ids::ItemId;
use lotse_domain::municipality::{Command, ContactDetails, PlannedStep, Profile};
use lotse_domain::user::{Role, UserDetails};
use lotse_domain::values::{self as v, Language};
use lotse_domain::{MunicipalityId, UserId, ValidationError};
use std::time::Duration;
use uuid::Uuid;

/// The root of all mutations.
pub struct Mutation;

fn check<T>(ctx: &Context<'_>, r: Result<T, ValidationError>) -> GqlResult<T> {
    r.map_err(|e| error::invalid(&e, lang(ctx)))
}

fn short(ctx: &Context<'_>, field: &'static str, raw: &str) -> GqlResult<v::ShortText> {
    check(ctx, v::ShortText::parse(field, raw))
}

fn long_opt(
    ctx: &Context<'_>,
    field: &'static str,
    raw: Option<String>,
) -> GqlResult<Option<v::LongText>> {
    match raw {
        Some(s) if !s.trim().is_empty() => check(ctx, v::LongText::parse(field, &s)).map(Some),
        _ => Ok(None),
    }
}

fn count(ctx: &Context<'_>, field: &'static str, n: i32) -> GqlResult<u32> {
    if n < 0 {
        return check(ctx, Err(ValidationError::new(field, "too_small")));
    }
    if n > 100_000 {
        return check(ctx, Err(ValidationError::new(field, "too_large")));
    }
    Ok(n as u32)
}

fn command_meta(ctx: &Context<'_>, command_id: Option<ID>) -> GqlResult<CommandMeta> {
    let v = viewer(ctx)?;
    let actor = Actor::user(v.user);
    match command_id {
        None => Ok(CommandMeta::new(actor)),
        Some(id) => {
            let id = Uuid::parse_str(&id).map_err(|_| {
                error::invalid(&ValidationError::new("commandId", "invalid_id"), lang(ctx))
            })?;
            Ok(CommandMeta::with_id(id, actor))
        }
    }
}

/// Runs a command for the viewer and answers with the municipality as it is afterwards.
async fn run(
    ctx: &Context<'_>,
    id: &ID,
    command: Command,
    command_id: Option<ID>,
) -> GqlResult<MunicipalityOut> {
    let v = viewer(ctx)?;
    let id: MunicipalityId = parse_id(ctx, id)?;
    let s = services(ctx);
    {
        let p = s.live.read().await;
        let m = auth::readable(ctx, &v, p.tenant(v.tenant), id)?;
        if !auth::can_run(&v, m, &command) {
            return Err(forbidden(lang(ctx)));
        }
    }
    let meta = command_meta(ctx, command_id)?;
    let span = tracing::info_span!("command", tenant = %v.tenant, municipality = %id, command_id = %meta.command_id);
    let outcome =
        tracing::Instrument::instrument(s.app.execute(v.tenant, id, command, &meta), span)
            .await
            .map_err(|e| error::app(e, lang(ctx)))?;
    answer(ctx, id, outcome.events.last().map(|e| e.position)).await
}

/// The time a format starts ("16:00"), if one is given.
fn support_time(ctx: &Context<'_>, time: Option<&str>) -> GqlResult<Option<chrono::NaiveTime>> {
    match time.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => chrono::NaiveTime::parse_from_str(t, "%H:%M")
            .map(Some)
            .map_err(|_| error::invalid_input("time", "invalid_time", lang(ctx))),
    }
}

/// An optional short text: empty is none.
fn optional_short(
    ctx: &Context<'_>,
    field: &'static str,
    text: Option<&str>,
) -> GqlResult<Option<v::ShortText>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => short(ctx, field, t).map(Some),
    }
}

/// A user of the viewer's own tenant who may lead an interview or a workshop (an active
/// facilitator or team account). Any other id, including one of another tenant, is refused
/// as invalid input, so that no foreign or unknown user is written into the log.
async fn staff_member(ctx: &Context<'_>, id: &ID, field: &'static str) -> GqlResult<UserId> {
    let v = viewer(ctx)?;
    let user: UserId = parse_id(ctx, id)?;
    let p = services(ctx).live.read().await;
    let ok = p
        .tenant(v.tenant)
        .and_then(|t| t.users.get(&user))
        .is_some_and(|u| u.active && matches!(u.role, Role::Facilitator | Role::Team));
    if ok {
        Ok(user)
    } else {
        Err(error::invalid(
            &ValidationError::new(field, "not_a_facilitator"),
            lang(ctx),
        ))
    }
}

/// What the team changes on an account.
enum AccountChange {
    Deactivate,
    Reactivate,
    Role(Role),
    Programmes(std::collections::BTreeSet<lotse_domain::ProgrammeId>),
}

/// Changes an account of the viewer's tenant other than their own (team only) and answers
/// with the account as it is afterwards.
async fn change_account(
    ctx: &Context<'_>,
    user_id: &ID,
    command_id: Option<ID>,
    change: AccountChange,
) -> GqlResult<AccountOut> {
    let (v, id) = someone_else(ctx, user_id)?;
    let meta = command_meta(ctx, command_id)?;
    let accounts = &services(ctx).accounts;
    let outcome = match change {
        AccountChange::Deactivate => accounts.deactivate(v.tenant, id, &meta).await,
        AccountChange::Reactivate => accounts.reactivate(v.tenant, id, &meta).await,
        AccountChange::Role(role) => accounts.change_role(v.tenant, id, role, &meta).await,
        AccountChange::Programmes(set) => accounts.grant_programmes(v.tenant, id, set, &meta).await,
    }
    .map_err(|e| error::app(e, lang(ctx)))?;
    account_answer(ctx, id, outcome.events.last().map(|e| e.position)).await
}

/// A team member and the id of an account of their tenant that is not their own: changing
/// one's own account from the team's list could lock the last team member out.
fn someone_else(ctx: &Context<'_>, user_id: &ID) -> GqlResult<(auth::Viewer, UserId)> {
    let v = require(ctx, &[Role::Team])?;
    let id: UserId = parse_id(ctx, user_id)?;
    if id == v.user {
        return check(ctx, Err(ValidationError::new("userId", "not_yourself")));
    }
    Ok((v, id))
}

/// Programme ids of the viewer's tenant; any other id is refused as invalid input.
async fn tenant_programmes(
    ctx: &Context<'_>,
    v: &auth::Viewer,
    ids: &[ID],
) -> GqlResult<std::collections::BTreeSet<lotse_domain::ProgrammeId>> {
    let p = services(ctx).live.read().await;
    let t = p.tenant(v.tenant);
    ids.iter()
        .map(|id| {
            id.parse::<lotse_domain::ProgrammeId>()
                .ok()
                .filter(|p| t.is_some_and(|t| t.programmes.contains_key(p)))
                .ok_or_else(|| {
                    error::invalid(
                        &ValidationError::new("programmeIds", "unknown_programme"),
                        lang(ctx),
                    )
                })
        })
        .collect()
}

/// Asks the outbox for an invitation mail to `user` from the viewer (a failure is logged:
/// the team can send it again from the list of people).
async fn invite(ctx: &Context<'_>, v: auth::Viewer, user: UserId) {
    let invitation = QueuedMail::StaffInvitation {
        tenant: v.tenant,
        user,
        by: v.user,
        request: Uuid::new_v4(),
    };
    if let Err(e) = services(ctx).mail_queue.enqueue(invitation).await {
        tracing::warn!(key = %invitation.key(), error = %e, "invitation not enqueued");
    }
}

/// An account as it is after a command that appended up to `position`.
async fn account_answer(
    ctx: &Context<'_>,
    id: UserId,
    position: Option<lotse_eventstore::Position>,
) -> GqlResult<AccountOut> {
    let v = viewer(ctx)?;
    let s = services(ctx);
    if let Some(position) = position {
        s.live.wait_for(position, Duration::from_secs(5)).await;
    }
    let p = s.live.read().await;
    let t = p.tenant(v.tenant).ok_or_else(|| not_found(lang(ctx)))?;
    t.users
        .get(&id)
        .map(|u| AccountOut::new(t, u))
        .ok_or_else(|| not_found(lang(ctx)))
}

/// A programme as it is after a command that appended up to `position`.
async fn programme_answer(
    ctx: &Context<'_>,
    id: lotse_domain::ProgrammeId,
    position: Option<lotse_eventstore::Position>,
) -> GqlResult<ProgrammeOut> {
    let v = viewer(ctx)?;
    let s = services(ctx);
    if let Some(position) = position {
        s.live.wait_for(position, Duration::from_secs(5)).await;
    }
    let p = s.live.read().await;
    p.tenant(v.tenant)
        .and_then(|t| t.programmes.get(&id))
        .and_then(|x| ProgrammeOut::new(id, x, lang(ctx)))
        .ok_or_else(|| not_found(lang(ctx)))
}

async fn answer(
    ctx: &Context<'_>,
    id: MunicipalityId,
    position: Option<lotse_eventstore::Position>,
) -> GqlResult<MunicipalityOut> {
    let v = viewer(ctx)?;
    let s = services(ctx);
    if let Some(position) = position {
        s.live.wait_for(position, Duration::from_secs(5)).await;
    }
    let p = s.live.read().await;
    let t = p.tenant(v.tenant).ok_or_else(|| not_found(lang(ctx)))?;
    let m = auth::readable(ctx, &v, Some(t), id)?;
    Ok(municipality_out(t, m, &v, lang(ctx), s.app.clock.today()))
}

/// The three eligibility criteria.
#[derive(InputObject)]
pub struct EligibilityInput {
    pub decision_makers_support: bool,
    pub contact_person_named: bool,
    pub shares_learning: bool,
}

/// A contact person.
#[derive(InputObject)]
pub struct ContactInput {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: Option<String>,
    pub language: Option<Lang>,
}

/// A person's details as the team corrects them (the submitter's or the contact person's).
#[derive(InputObject)]
pub struct PersonDetailsInput {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: Option<String>,
}

impl PersonDetailsInput {
    /// The details checked field by field (`details.name`, …).
    fn check(&self, ctx: &Context<'_>) -> GqlResult<ContactDetails> {
        Ok(ContactDetails {
            name: check(ctx, v::PersonName::parse("details.name", &self.name))?,
            role: short(ctx, "details.role", &self.role)?,
            email: check(ctx, v::EmailAddress::parse("details.email", &self.email))?,
            phone: match self.phone.as_deref().map(str::trim) {
                Some(p) if !p.is_empty() => {
                    Some(check(ctx, v::PhoneNumber::parse("details.phone", p))?)
                }
                _ => None,
            },
        })
    }
}

/// A programme's settings as the team enters them. What is not asked here keeps the
/// programme's value (the defaults of the Weltoffene Kommune programme for a new one).
#[derive(InputObject)]
pub struct ProgrammeInput {
    pub name: String,
    /// The label a municipality carries once it completed. Left out: kept (none for a new
    /// programme); blank: the programme awards no label.
    pub label: Option<String>,
    /// The sender's name of the programme's mails. Left out: kept; blank: the installation's.
    pub sender_name: Option<String>,
    /// Where replies to the programme's mails go. Left out: kept; blank: to the sender.
    pub reply_to: Option<String>,
    /// A shipped self-check framework (its newest version).
    pub framework_id: String,
    pub capacity: i32,
    pub participation_months: i32,
    /// How many dialogue events a municipality holds before it can complete (0: none).
    pub min_dialogue_events: i32,
    /// The application period of the public form (both ends included; none: always open).
    pub applications_open_on: Option<Date>,
    pub applications_close_on: Option<Date>,
    /// The days each journey task gives (none: kept, or the defaults for a new programme).
    pub deadlines: Option<crate::types::DeadlinesOut>,
    /// When reminders go out (none: kept, or the defaults for a new programme).
    pub reminders: Option<crate::types::RemindersOut>,
}

/// An optional text setting as sent: left out keeps `kept` (none for a new programme), blank
/// is none, anything else is checked by `parse`.
fn optional_setting<T>(
    sent: Option<&str>,
    kept: Option<T>,
    parse: impl FnOnce(&str) -> GqlResult<T>,
) -> GqlResult<Option<T>> {
    match sent.map(str::trim) {
        None => Ok(kept),
        Some("") => Ok(None),
        Some(text) => parse(text).map(Some),
    }
}

/// The settings `input` asks for, on top of `base`.
fn programme_settings(
    ctx: &Context<'_>,
    input: ProgrammeInput,
    base: Option<&lotse_domain::programme::ProgrammeSettings>,
) -> GqlResult<lotse_domain::programme::ProgrammeSettings> {
    use lotse_domain::framework::Framework;
    use lotse_domain::programme::ProgrammeSettings;
    let name = short(ctx, "name", &input.name)?;
    let framework_version = match base {
        Some(b) if b.framework_id == input.framework_id => b.framework_version,
        _ => Framework::latest(&input.framework_id)
            .map(|f| f.version)
            .ok_or_else(|| {
                error::invalid(
                    &ValidationError::new("frameworkId", "unknown_framework"),
                    lang(ctx),
                )
            })?,
    };
    let bounded = |field: &'static str, n: i32| -> GqlResult<u32> {
        u32::try_from(n)
            .map_err(|_| error::invalid(&ValidationError::new(field, "out_of_range"), lang(ctx)))
    };
    let mut settings = base
        .cloned()
        .unwrap_or_else(|| ProgrammeSettings::weltoffene_kommune(name.clone()));
    settings.name = name;
    settings.label = optional_setting(
        input.label.as_deref(),
        base.and_then(|b| b.label.clone()),
        |label| short(ctx, "label", label),
    )?;
    settings.sender_name = optional_setting(
        input.sender_name.as_deref(),
        base.and_then(|b| b.sender_name.clone()),
        |name| short(ctx, "senderName", name),
    )?;
    settings.reply_to = optional_setting(
        input.reply_to.as_deref(),
        base.and_then(|b| b.reply_to.clone()),
        |address| check(ctx, v::EmailAddress::parse("replyTo", address)),
    )?;
    settings.framework_id = input.framework_id;
    settings.framework_version = framework_version;
    settings.capacity = bounded("capacity", input.capacity)?;
    settings.participation_months = bounded("participationMonths", input.participation_months)?;
    let min_events = bounded("minDialogueEvents", input.min_dialogue_events)?;
    if min_events > 20 {
        return check(
            ctx,
            Err(ValidationError::new("minDialogueEvents", "out_of_range")),
        );
    }
    settings.completion.min_dialogue_events = min_events;
    settings.applications = lotse_domain::programme::ApplicationPeriod {
        opens_on: input.applications_open_on.map(|d| d.0),
        closes_on: input.applications_close_on.map(|d| d.0),
    };
    // Out-of-range numbers are the domain's to refuse (`ProgrammeSettings::validate`); a
    // negative one cannot be a number of days and reads as 0, which it refuses.
    let days = |n: i32| u32::try_from(n).unwrap_or(0);
    if let Some(d) = input.deadlines {
        settings.deadlines = lotse_domain::programme::Deadlines {
            schedule_interview_days: days(d.schedule_interview_days),
            decide_days: days(d.decide_days),
            assign_contact_days: days(d.assign_contact_days),
            self_check_days: days(d.self_check_days),
            schedule_workshop_days: days(d.schedule_workshop_days),
            record_attendance_days: days(d.record_attendance_days),
            second_self_check_days: days(d.second_self_check_days),
            window_notice_days: days(d.window_notice_days),
        };
    }
    if let Some(r) = input.reminders {
        let mut list: Vec<u32> = r.days_before.into_iter().map(days).collect();
        list.sort_unstable_by(|a, b| b.cmp(a));
        list.dedup();
        let mut overdue: Vec<u32> = r.days_overdue.into_iter().map(days).collect();
        overdue.sort_unstable();
        overdue.dedup();
        settings.reminders = lotse_domain::programme::ReminderPolicy {
            days_before: list,
            on_due_day: r.on_due_day,
            days_overdue: overdue,
        };
    }
    Ok(settings)
}

/// A self-check answer: a level 0–4, or not applicable.
#[derive(InputObject)]
pub struct AnswerInput {
    pub indicator_id: String,
    pub level: Option<i32>,
    #[graphql(default)]
    pub not_applicable: bool,
    pub comment: Option<String>,
    pub evidence_url: Option<String>,
}

/// A next step agreed at the workshop.
#[derive(InputObject)]
pub struct NextStepInput {
    pub what: String,
    pub who: String,
    pub due: Date,
}

/// Attendance by stakeholder group.
#[derive(InputObject)]
pub struct AttendanceInput {
    pub residents: i32,
    pub administration: i32,
    pub politics: i32,
    pub business: i32,
    pub civil_society: i32,
}

impl From<EligibilityInput> for v::Eligibility {
    fn from(e: EligibilityInput) -> Self {
        v::Eligibility {
            decision_makers_support: e.decision_makers_support,
            contact_person_named: e.contact_person_named,
            shares_learning: e.shares_learning,
        }
    }
}

fn parse_attendance(ctx: &Context<'_>, a: AttendanceInput) -> GqlResult<v::Attendance> {
    check(
        ctx,
        v::Attendance::parse([
            i64::from(a.residents),
            i64::from(a.administration),
            i64::from(a.politics),
            i64::from(a.business),
            i64::from(a.civil_society),
        ]),
    )
}

/// The optional reason of a correction: blank is none.
fn reason_opt(ctx: &Context<'_>, raw: Option<String>) -> GqlResult<Option<v::ShortText>> {
    optional_short(ctx, "reason", raw.as_deref())
}

fn parse_answer(ctx: &Context<'_>, a: AnswerInput) -> GqlResult<(String, Answer)> {
    let rating = match (a.not_applicable, a.level) {
        (true, _) => Rating::NotApplicable,
        (false, Some(l)) if (0..=4).contains(&l) => Rating::Level(l as u8),
        (false, Some(_)) => return check(ctx, Err(ValidationError::new("rating", "out_of_range"))),
        (false, None) => return check(ctx, Err(ValidationError::new("rating", "required"))),
    };
    let clean = |s: Option<String>| s.map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
    Ok((
        a.indicator_id,
        Answer {
            rating,
            comment: clean(a.comment),
            evidence_url: clean(a.evidence_url),
        },
    ))
}

#[Object]
impl Mutation {
    /// Sends a sign-in link to the address if it belongs to an account. Always answers true,
    /// so nobody can probe which addresses have accounts.
    async fn request_sign_in(&self, ctx: &Context<'_>, email: String) -> GqlResult<bool> {
        crate::public::request_sign_in(ctx, &email).await?;
        Ok(true)
    }

    /// Exchanges a sign-in link's token for a session (a cookie); single use, 15 minutes.
    async fn sign_in(&self, ctx: &Context<'_>, token: String) -> GqlResult<Me> {
        crate::public::sign_in(ctx, &token).await
    }

    /// Chooses how the signed-in team member hears of new interest forms: a mail for each
    /// as it comes in, one mail each morning with the day before's, or none (team only).
    async fn choose_form_alerts(
        &self,
        ctx: &Context<'_>,
        alerts: crate::types::FormAlerts,
        command_id: Option<ID>,
    ) -> GqlResult<crate::types::FormAlerts> {
        let v = require(ctx, &[Role::Team])?;
        let meta = command_meta(ctx, command_id)?;
        let s = services(ctx);
        let outcome = s
            .accounts
            .choose_form_alerts(v.tenant, v.user, alerts.into(), &meta)
            .await
            .map_err(|e| error::app(e, lang(ctx)))?;
        if let Some(last) = outcome.events.last() {
            s.live.wait_for(last.position, Duration::from_secs(5)).await;
        }
        Ok(alerts)
    }

    /// Ends the session on the server and clears the cookie.
    async fn sign_out(&self, ctx: &Context<'_>) -> GqlResult<bool> {
        crate::public::sign_out(ctx).await
    }

    /// The public interest form (no account needed).
    async fn submit_interest(
        &self,
        ctx: &Context<'_>,
        input: crate::public::InterestInput,
    ) -> GqlResult<crate::public::InterestReceipt> {
        crate::public::submit_interest(ctx, input).await
    }

    /// Creates a programme of the team's tenant (team only).
    async fn create_programme(
        &self,
        ctx: &Context<'_>,
        input: ProgrammeInput,
        command_id: Option<ID>,
    ) -> GqlResult<ProgrammeOut> {
        let v = require(ctx, &[Role::Team])?;
        let s = services(ctx);
        let settings = programme_settings(ctx, input, None)?;
        let meta = command_meta(ctx, command_id)?;
        let id = match s.app.earlier_result(v.tenant, &meta).await {
            Ok(Some(done)) => done
                .events
                .first()
                .and_then(|e| e.stream.strip_prefix("programme-")?.parse().ok())
                .unwrap_or_default(),
            _ => lotse_domain::ProgrammeId::new(),
        };
        let outcome = s
            .app
            .create_programme(v.tenant, id, settings, &meta)
            .await
            .map_err(|e| error::app(e, lang(ctx)))?;
        programme_answer(ctx, id, outcome.events.last().map(|e| e.position)).await
    }

    /// Changes a programme's settings (team only): the capacity never below the seats
    /// taken; the framework fixed once a self-check has started; a new participation
    /// length for admissions from then on.
    async fn change_programme_settings(
        &self,
        ctx: &Context<'_>,
        programme_id: ID,
        input: ProgrammeInput,
        command_id: Option<ID>,
    ) -> GqlResult<ProgrammeOut> {
        let v = require(ctx, &[Role::Team])?;
        let s = services(ctx);
        let id: lotse_domain::ProgrammeId = parse_id(ctx, &programme_id)?;
        let (settings, started) = {
            let p = s.live.read().await;
            let t = p.tenant(v.tenant).ok_or_else(|| not_found(lang(ctx)))?;
            let current = t
                .programmes
                .get(&id)
                .and_then(|x| x.settings.as_ref())
                .ok_or_else(|| not_found(lang(ctx)))?;
            let started = t
                .municipalities_of(id)
                .any(|m| !m.state.self_checks.is_empty());
            (programme_settings(ctx, input, Some(current))?, started)
        };
        let meta = command_meta(ctx, command_id)?;
        let outcome = s
            .app
            .change_programme_settings(v.tenant, id, settings, started, &meta)
            .await
            .map_err(|e| error::app(e, lang(ctx)))?;
        programme_answer(ctx, id, outcome.events.last().map(|e| e.position)).await
    }

    /// Invites a team member, facilitator or funder (team only): opens their account and
    /// mails them an invitation with a sign-in link. Contact persons are named on their
    /// municipality instead.
    async fn invite_user(
        &self,
        ctx: &Context<'_>,
        role: UserRole,
        name: String,
        email: String,
        language: Option<Lang>,
        #[graphql(desc = "For a funder: the programmes they see (none: all of the tenant's).")]
        programme_ids: Option<Vec<ID>>,
        command_id: Option<ID>,
    ) -> GqlResult<AccountOut> {
        let v = require(ctx, &[Role::Team])?;
        let s = services(ctx);
        let role: Role = role.into();
        if role == Role::Contact {
            return check(ctx, Err(ValidationError::new("role", "contact_role_fixed")));
        }
        let programmes = match programme_ids {
            Some(ids) => Some(tenant_programmes(ctx, &v, &ids).await?),
            None => None,
        };
        let details = UserDetails {
            name: check(ctx, v::PersonName::parse("name", &name))?,
            email: check(ctx, v::EmailAddress::parse("email", &email))?,
        };
        let taken = {
            let p = s.live.read().await;
            let email = details.email.as_str().to_lowercase();
            p.users_by_email
                .get(&email)
                .is_some_and(|list| list.iter().any(|(t, _)| *t == v.tenant))
        };
        if taken {
            return check(
                ctx,
                Err(ValidationError::new("email", "already_registered")),
            );
        }
        let meta = command_meta(ctx, command_id)?;
        let id = match s.app.earlier_result(v.tenant, &meta).await {
            Ok(Some(done)) => done
                .events
                .first()
                .and_then(|e| e.stream.strip_prefix("user-")?.parse().ok())
                .unwrap_or_default(),
            _ => UserId::new(),
        };
        let outcome = s
            .app
            .register_user_seeing(
                v.tenant,
                id,
                role,
                details,
                language.map_or(Language::De, Into::into),
                None,
                programmes,
                &meta,
            )
            .await
            .map_err(|e| error::app(e, lang(ctx)))?;
        if !outcome.duplicate {
            invite(ctx, v, id).await;
        }
        account_answer(ctx, id, outcome.events.last().map(|e| e.position)).await
    }

    /// Mails an invitation with a new sign-in link again (team only), e.g. when the first
    /// one expired unused.
    async fn resend_invitation(&self, ctx: &Context<'_>, user_id: ID) -> GqlResult<AccountOut> {
        let v = require(ctx, &[Role::Team])?;
        let id: UserId = parse_id(ctx, &user_id)?;
        {
            let p = services(ctx).live.read().await;
            let u = p
                .tenant(v.tenant)
                .and_then(|t| t.users.get(&id))
                .ok_or_else(|| not_found(lang(ctx)))?;
            if !u.active || u.role == Role::Contact {
                return check(ctx, Err(ValidationError::new("userId", "not_invitable")));
            }
        }
        invite(ctx, v, id).await;
        account_answer(ctx, id, None).await
    }

    /// Sets the programmes a funder sees (team only).
    async fn grant_programmes(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        programme_ids: Vec<ID>,
        command_id: Option<ID>,
    ) -> GqlResult<AccountOut> {
        let v = require(ctx, &[Role::Team])?;
        let programmes = tenant_programmes(ctx, &v, &programme_ids).await?;
        change_account(
            ctx,
            &user_id,
            command_id,
            AccountChange::Programmes(programmes),
        )
        .await
    }

    /// Deactivates an account (team only; not one's own): the person is signed out on
    /// their next request or message, on every server process.
    async fn deactivate_user(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        command_id: Option<ID>,
    ) -> GqlResult<AccountOut> {
        change_account(ctx, &user_id, command_id, AccountChange::Deactivate).await
    }

    /// Reactivates a deactivated account (team only).
    async fn reactivate_user(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        command_id: Option<ID>,
    ) -> GqlResult<AccountOut> {
        change_account(ctx, &user_id, command_id, AccountChange::Reactivate).await
    }

    /// Gives a team member, facilitator or funder another of these roles (team only; not
    /// one's own). What the person sees changes with their next request.
    async fn change_user_role(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        role: UserRole,
        command_id: Option<ID>,
    ) -> GqlResult<AccountOut> {
        change_account(ctx, &user_id, command_id, AccountChange::Role(role.into())).await
    }

    /// Puts the programme's waiting list in the team's order (team only): `municipalityIds`
    /// names every municipality waiting now, the next to be admitted first. Those put on
    /// the list later wait after them, in the order of their interviews.
    async fn order_waiting_list(
        &self,
        ctx: &Context<'_>,
        programme_id: ID,
        municipality_ids: Vec<ID>,
        command_id: Option<ID>,
    ) -> GqlResult<ProgrammeOut> {
        let v = require(ctx, &[Role::Team])?;
        let s = services(ctx);
        let id: lotse_domain::ProgrammeId = parse_id(ctx, &programme_id)?;
        let order = municipality_ids
            .iter()
            .map(|m| parse_id(ctx, m))
            .collect::<GqlResult<Vec<lotse_domain::MunicipalityId>>>()?;
        let waiting = {
            let p = s.live.read().await;
            let t = p.tenant(v.tenant).ok_or_else(|| not_found(lang(ctx)))?;
            t.municipalities_of(id)
                .filter(|m| m.standing.waiting_place.is_some())
                .map(|m| m.id)
                .collect()
        };
        let meta = command_meta(ctx, command_id)?;
        let outcome = s
            .app
            .order_waiting_list(v.tenant, id, order, &waiting, &meta)
            .await
            .map_err(|e| error::app(e, lang(ctx)))?;
        programme_answer(ctx, id, outcome.events.last().map(|e| e.position)).await
    }

    /// Archives a programme when it has ended (team only): it stays readable, in the
    /// dashboards' history, and nothing in it changes any more.
    async fn archive_programme(
        &self,
        ctx: &Context<'_>,
        programme_id: ID,
        command_id: Option<ID>,
    ) -> GqlResult<ProgrammeOut> {
        let v = require(ctx, &[Role::Team])?;
        let id: lotse_domain::ProgrammeId = parse_id(ctx, &programme_id)?;
        let meta = command_meta(ctx, command_id)?;
        let outcome = services(ctx)
            .app
            .archive_programme(v.tenant, id, &meta)
            .await
            .map_err(|e| error::app(e, lang(ctx)))?;
        programme_answer(ctx, id, outcome.events.last().map(|e| e.position)).await
    }

    /// Adds a user to the team's tenant (team only).
    async fn register_user(
        &self,
        ctx: &Context<'_>,
        role: UserRole,
        name: String,
        email: String,
        language: Option<Lang>,
        municipality_id: Option<ID>,
    ) -> GqlResult<UserRef> {
        let v = require(ctx, &[Role::Team])?;
        let s = services(ctx);
        let details = UserDetails {
            name: check(ctx, v::PersonName::parse("name", &name))?,
            email: check(ctx, v::EmailAddress::parse("email", &email))?,
        };
        let municipality: Option<MunicipalityId> = match municipality_id {
            Some(id) => {
                let id = parse_id(ctx, &id)?;
                let p = s.live.read().await;
                auth::readable(ctx, &v, p.tenant(v.tenant), id)?;
                Some(id)
            }
            None => None,
        };
        let id = UserId::new();
        let outcome = s
            .accounts
            .register(
                v.tenant,
                id,
                role.into(),
                details,
                language.map_or(Language::De, Into::into),
                municipality,
                &CommandMeta::new(Actor::user(v.user)),
            )
            .await
            .map_err(|e| error::app(e, lang(ctx)))?;
        if let Some(last) = outcome.events.last() {
            s.live.wait_for(last.position, Duration::from_secs(5)).await;
        }
        Ok(UserRef {
            id: ID(id.to_string()),
            name: Some(name.trim().to_string()),
        })
    }

    async fn schedule_interview(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        at: LocalDateTime,
        interviewer_id: Option<ID>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let v = viewer(ctx)?;
        let interviewer = match interviewer_id {
            Some(i) => staff_member(ctx, &i, "interviewerId").await?,
            None => v.user,
        };
        run(
            ctx,
            &municipality_id,
            Command::ScheduleInterview {
                at: at.0,
                interviewer,
            },
            command_id,
        )
        .await
    }

    async fn record_interview(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        held_on: Date,
        eligibility: EligibilityInput,
        notes: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::RecordInterview {
            held_on: held_on.0,
            eligibility: eligibility.into(),
            notes: long_opt(ctx, "notes", notes)?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    /// Admits the municipality, or puts it on the waiting list when the programme is full.
    async fn admit(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        run(ctx, &municipality_id, Command::Admit, command_id).await
    }

    async fn put_on_hold(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        reason: String,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let reason = short(ctx, "reason", &reason)?;
        run(
            ctx,
            &municipality_id,
            Command::PutOnHold { reason },
            command_id,
        )
        .await
    }

    async fn decline(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        reason: String,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let reason = short(ctx, "reason", &reason)?;
        run(
            ctx,
            &municipality_id,
            Command::Decline { reason },
            command_id,
        )
        .await
    }

    /// Closes an interest form as the same one sent again as `ofId`'s (another municipality
    /// of the same programme whose form stays open). No mail goes out; both pages link to
    /// each other. With `merge`, the kept form takes over this one's sender and motivation.
    async fn close_as_duplicate(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        of_id: ID,
        #[graphql(default)] merge: bool,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let v = viewer(ctx)?;
        let id: MunicipalityId = parse_id(ctx, &municipality_id)?;
        let of: MunicipalityId = parse_id(ctx, &of_id)?;
        {
            let p = services(ctx).live.read().await;
            let t = p.tenant(v.tenant);
            let m = auth::readable(ctx, &v, t, id)?;
            let kept = t.and_then(|t| t.municipalities.get(&of)).filter(|o| {
                o.id != id
                    && o.state.programme == m.state.programme
                    && o.state.duplicate_of.is_none()
            });
            if kept.is_none() {
                return Err(error::invalid_input(
                    "ofId",
                    "not_a_form_to_keep",
                    lang(ctx),
                ));
            }
        }
        run(
            ctx,
            &municipality_id,
            Command::CloseAsDuplicate { of, merge },
            command_id,
        )
        .await
    }

    /// Names (or replaces) the contact person. They get an account and a welcome mail with
    /// a sign-in link.
    async fn assign_contact_person(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        contact: ContactInput,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let v = require(ctx, &[Role::Team])?;
        let s = services(ctx);
        let details = ContactDetails {
            name: check(ctx, v::PersonName::parse("contact.name", &contact.name))?,
            role: short(ctx, "contact.role", &contact.role)?,
            email: check(ctx, v::EmailAddress::parse("contact.email", &contact.email))?,
            phone: match contact.phone.as_deref().map(str::trim) {
                Some(p) if !p.is_empty() => {
                    Some(check(ctx, v::PhoneNumber::parse("contact.phone", p))?)
                }
                _ => None,
            },
        };
        let language: Language = contact.language.map_or(Language::De, Into::into);
        let id: MunicipalityId = parse_id(ctx, &municipality_id)?;
        // Reuse the account of this address in this municipality, or open one.
        let existing = {
            let p = s.live.read().await;
            let email = details.email.as_str().to_lowercase();
            p.users_by_email.get(&email).and_then(|list| {
                list.iter()
                    .filter(|(t, _)| *t == v.tenant)
                    .find_map(|(_, u)| {
                        p.tenant(v.tenant)?
                            .users
                            .get(u)
                            .filter(|x| x.role == Role::Contact && x.municipality == Some(id))
                            .map(|x| x.id)
                    })
            })
        };
        let (outcome, user) = {
            {
                let p = s.live.read().await;
                let m = auth::readable(ctx, &v, p.tenant(v.tenant), id)?;
                if !auth::may_take(&v, m, lotse_domain::steps::Step::AssignContactPerson) {
                    return Err(forbidden(lang(ctx)));
                }
            }
            let meta = command_meta(ctx, command_id)?;
            s.app
                .assign_contact_person(v.tenant, id, details, language, existing, &meta)
                .await
                .map_err(|e| error::app(e, lang(ctx)))?
        };
        if outcome.events.iter().any(|e| e.stream == user.stream()) {
            let welcome = QueuedMail::ContactWelcome {
                tenant: v.tenant,
                user,
            };
            // Not lost if this fails: the job scan asks for it again (notices::welcome_due).
            if let Err(e) = s.mail_queue.enqueue(welcome).await {
                tracing::warn!(key = %welcome.key(), error = %e, "welcome mail not enqueued");
            }
        }
        answer(ctx, id, outcome.events.last().map(|e| e.position)).await
    }

    async fn assign_facilitator(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        facilitator_id: ID,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let v = viewer(ctx)?;
        let facilitator: UserId = parse_id(ctx, &facilitator_id)?;
        {
            let p = services(ctx).live.read().await;
            let ok = p
                .tenant(v.tenant)
                .and_then(|t| t.users.get(&facilitator))
                .is_some_and(|u| u.active && matches!(u.role, Role::Facilitator | Role::Team));
            if !ok {
                return Err(error::invalid(
                    &ValidationError::new("facilitatorId", "not_a_facilitator"),
                    lang(ctx),
                ));
            }
        }
        run(
            ctx,
            &municipality_id,
            Command::AssignFacilitator { facilitator },
            command_id,
        )
        .await
    }

    async fn start_self_check(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        run(ctx, &municipality_id, Command::StartSelfCheck, command_id).await
    }

    /// Saves one answer of the running self-check (autosave).
    async fn save_self_check_answer(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        answer: AnswerInput,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let (indicator, answer) = parse_answer(ctx, answer)?;
        run(
            ctx,
            &municipality_id,
            Command::SaveSelfCheckAnswer { indicator, answer },
            command_id,
        )
        .await
    }

    /// Submits the running self-check: the answers are frozen and scored.
    async fn submit_self_check(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        run(ctx, &municipality_id, Command::SubmitSelfCheck, command_id).await
    }

    async fn schedule_workshop(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        at: LocalDateTime,
        place: String,
        facilitator_id: Option<ID>,
        #[graphql(default)] invited: Vec<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let facilitator = match facilitator_id {
            Some(f) => Some(staff_member(ctx, &f, "facilitatorId").await?),
            None => None,
        };
        let command = Command::ScheduleWorkshop {
            at: at.0,
            place: short(ctx, "place", &place)?,
            facilitator,
            invited: invited
                .iter()
                .map(|i| short(ctx, "invited", i))
                .collect::<GqlResult<_>>()?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    async fn record_workshop(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        held_on: Date,
        participants: i32,
        priorities: Vec<String>,
        #[graphql(default)] next_steps: Vec<NextStepInput>,
        notes: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let action_plan = next_steps
            .into_iter()
            .map(|s| {
                Ok(PlannedStep {
                    id: ItemId::new(),
                    what: short(ctx, "nextSteps.what", &s.what)?,
                    who: short(ctx, "nextSteps.who", &s.who)?,
                    due: s.due.0,
                })
            })
            .collect::<GqlResult<Vec<_>>>()?;
        let command = Command::RecordWorkshop {
            held_on: held_on.0,
            participants: count(ctx, "participants", participants)?,
            priorities,
            action_plan,
            notes: long_opt(ctx, "notes", notes)?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    async fn complete_next_step(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        step_id: ID,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let step = parse_id(ctx, &step_id)?;
        run(
            ctx,
            &municipality_id,
            Command::CompleteNextStep { step },
            command_id,
        )
        .await
    }

    /// Rewords a next step of the action plan, gives it to someone else or moves its due
    /// date; its task follows.
    #[allow(clippy::too_many_arguments)]
    async fn edit_next_step(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        step_id: ID,
        what: String,
        who: String,
        due: Date,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::EditNextStep {
            step: parse_id(ctx, &step_id)?,
            what: short(ctx, "nextSteps.what", &what)?,
            who: short(ctx, "nextSteps.who", &who)?,
            due: due.0,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    /// Gives a next step to the contact person, the facilitator or a colleague of the
    /// contact person with an account for the municipality (`userId`, one of the page's
    /// `colleagues`): they get its task and reminders.
    async fn assign_next_step(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        step_id: ID,
        to: crate::types::StepOwnerKind,
        user_id: Option<ID>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        use crate::types::StepOwnerKind as K;
        use lotse_domain::municipality::StepOwner;
        let to = match (to, user_id) {
            (K::ContactPerson, _) => StepOwner::ContactPerson,
            (K::Facilitator, _) => StepOwner::Facilitator,
            (K::Colleague, Some(user)) => {
                let v = viewer(ctx)?;
                let id: MunicipalityId = parse_id(ctx, &municipality_id)?;
                let user: UserId = parse_id(ctx, &user)?;
                let p = services(ctx).live.read().await;
                let t = p.tenant(v.tenant);
                let m = auth::readable(ctx, &v, t, id)?;
                if !t.is_some_and(|t| crate::types::colleagues(t, m).any(|u| u.id == user)) {
                    return Err(error::invalid_input("userId", "not_a_colleague", lang(ctx)));
                }
                StepOwner::Colleague(user)
            }
            (K::Colleague, None) => {
                return Err(error::invalid_input("userId", "required", lang(ctx)));
            }
        };
        let command = Command::AssignNextStep {
            step: parse_id(ctx, &step_id)?,
            to,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    /// Drops a next step from the action plan, with the reason: nobody is asked to do it
    /// any more.
    async fn drop_next_step(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        step_id: ID,
        reason: String,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::DropNextStep {
            step: parse_id(ctx, &step_id)?,
            reason: short(ctx, "reason", &reason)?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    /// Moves a planned format for decision-makers to another day (and time and place).
    /// With a time, the contact person gets an updated calendar entry.
    #[allow(clippy::too_many_arguments)]
    async fn move_support(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        support_id: ID,
        on: Date,
        #[graphql(desc = "The time it starts, e.g. 16:00.")] time: Option<String>,
        place: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::MoveSupport {
            id: parse_id(ctx, &support_id)?,
            on: on.0,
            time: support_time(ctx, time.as_deref())?,
            place: optional_short(ctx, "place", place.as_deref())?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    /// Cancels a planned format for decision-makers, with the reason; nobody is asked to
    /// record it any more.
    async fn cancel_support(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        support_id: ID,
        reason: String,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::CancelSupport {
            id: parse_id(ctx, &support_id)?,
            reason: short(ctx, "reason", &reason)?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    /// Plans a format for decision-makers; with a time (e.g. 16:00), the contact person
    /// gets an invitation with a calendar entry, and its moves and cancellation.
    #[allow(clippy::too_many_arguments)]
    async fn plan_support(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        format: SupportFormat,
        audience: Audience,
        on: Date,
        topic: String,
        time: Option<String>,
        place: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::PlanSupport {
            id: ItemId::new(),
            format: format.into(),
            audience: audience.into(),
            on: on.0,
            topic: short(ctx, "topic", &topic)?,
            time: support_time(ctx, time.as_deref())?,
            place: optional_short(ctx, "place", place.as_deref())?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    async fn record_support(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        support_id: ID,
        held_on: Date,
        participants: i32,
        notes: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::RecordSupport {
            id: parse_id(ctx, &support_id)?,
            held_on: held_on.0,
            participants: count(ctx, "participants", participants)?,
            notes: long_opt(ctx, "notes", notes)?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    async fn plan_dialogue_event(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        format: DialogueFormat,
        at: LocalDateTime,
        place: String,
        topic: String,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::PlanDialogueEvent {
            id: ItemId::new(),
            format: format.into(),
            at: at.0,
            place: short(ctx, "place", &place)?,
            topic: short(ctx, "topic", &topic)?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    /// Moves a planned dialogue event to another time (and, if given, another place); its
    /// invitees get an updated calendar entry.
    async fn move_dialogue_event(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        event_id: ID,
        at: LocalDateTime,
        place: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::MoveDialogueEvent {
            id: parse_id(ctx, &event_id)?,
            at: at.0,
            place: place.map(|p| short(ctx, "place", &p)).transpose()?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    /// Cancels a planned dialogue event, with the reason; its invitees get a cancellation
    /// and nobody is asked to record it any more.
    async fn cancel_dialogue_event(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        event_id: ID,
        reason: String,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::CancelDialogueEvent {
            id: parse_id(ctx, &event_id)?,
            reason: short(ctx, "reason", &reason)?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    async fn record_dialogue_event(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        event_id: ID,
        held_on: Date,
        attendance: AttendanceInput,
        outcomes: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let attendance = parse_attendance(ctx, attendance)?;
        let command = Command::RecordDialogueEvent {
            id: parse_id(ctx, &event_id)?,
            held_on: held_on.0,
            attendance,
            outcomes: long_opt(ctx, "outcomes", outcomes)?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    /// Completes the participation and awards the label.
    async fn complete(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        learning: String,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let learning = check(ctx, v::LongText::parse("learning", &learning))?;
        run(
            ctx,
            &municipality_id,
            Command::Complete { learning },
            command_id,
        )
        .await
    }

    /// Corrects what is known of the municipality (name, Land, kind, population), with an
    /// optional reason; the timeline shows what changed. The team only.
    #[allow(clippy::too_many_arguments)]
    async fn correct_profile(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        name: String,
        bundesland: Bundesland,
        kind: MunicipalityKind,
        population: i32,
        reason: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let profile = Profile {
            name: check(ctx, v::MunicipalityName::parse("name", &name))?,
            bundesland: bundesland.into(),
            kind: kind.into(),
            population: check(
                ctx,
                v::Population::parse("population", i64::from(population)),
            )?,
        };
        let reason = reason_opt(ctx, reason)?;
        run(
            ctx,
            &municipality_id,
            Command::CorrectProfile { profile, reason },
            command_id,
        )
        .await
    }

    /// Corrects the details of the person who sent the interest form (name, role, address,
    /// phone), with an optional reason; the details show their history. The team only.
    async fn correct_submitter(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        details: PersonDetailsInput,
        reason: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let submitter = details.check(ctx)?.into();
        let reason = reason_opt(ctx, reason)?;
        run(
            ctx,
            &municipality_id,
            Command::CorrectSubmitter { submitter, reason },
            command_id,
        )
        .await
    }

    /// Corrects the current contact person's details, with an optional reason. Their
    /// account's name and address follow: sign-in links go to the corrected address. The
    /// team only.
    async fn correct_contact_person(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        details: PersonDetailsInput,
        reason: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let contact = details.check(ctx)?;
        let reason = reason_opt(ctx, reason)?;
        run(
            ctx,
            &municipality_id,
            Command::CorrectContactDetails { contact, reason },
            command_id,
        )
        .await
    }

    /// Corrects what was recorded of the held interview (criteria, notes), with an optional
    /// reason. The team only.
    async fn correct_interview(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        eligibility: EligibilityInput,
        notes: Option<String>,
        reason: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::CorrectInterview {
            eligibility: eligibility.into(),
            notes: long_opt(ctx, "notes", notes)?,
            reason: reason_opt(ctx, reason)?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    /// Corrects what was recorded of the held workshop (participants, priorities, notes),
    /// with an optional reason; the action plan changes by its own mutations.
    #[allow(clippy::too_many_arguments)]
    async fn correct_workshop(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        participants: i32,
        priorities: Vec<String>,
        notes: Option<String>,
        reason: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::CorrectWorkshop {
            participants: count(ctx, "participants", participants)?,
            priorities,
            notes: long_opt(ctx, "notes", notes)?,
            reason: reason_opt(ctx, reason)?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    /// Corrects what was recorded of a held format for decision-makers.
    #[allow(clippy::too_many_arguments)]
    async fn correct_support(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        support_id: ID,
        participants: i32,
        notes: Option<String>,
        reason: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::CorrectSupport {
            id: parse_id(ctx, &support_id)?,
            participants: count(ctx, "participants", participants)?,
            notes: long_opt(ctx, "notes", notes)?,
            reason: reason_opt(ctx, reason)?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    /// Corrects what was recorded of a held dialogue event (attendance, outcomes); the
    /// funder's figures follow.
    #[allow(clippy::too_many_arguments)]
    async fn correct_dialogue_event(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        event_id: ID,
        attendance: AttendanceInput,
        outcomes: Option<String>,
        reason: Option<String>,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let command = Command::CorrectDialogueEvent {
            id: parse_id(ctx, &event_id)?,
            attendance: parse_attendance(ctx, attendance)?,
            outcomes: long_opt(ctx, "outcomes", outcomes)?,
            reason: reason_opt(ctx, reason)?,
        };
        run(ctx, &municipality_id, command, command_id).await
    }

    /// Cancels the scheduled initial interview, with the reason; the invitees get a
    /// cancellation and the team a task to set a new date.
    async fn cancel_interview(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        reason: String,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let reason = short(ctx, "reason", &reason)?;
        run(
            ctx,
            &municipality_id,
            Command::CancelInterview { reason },
            command_id,
        )
        .await
    }

    /// Cancels the scheduled workshop, with the reason; the invitees get a cancellation and
    /// the facilitator a task to set a new date.
    async fn cancel_workshop(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        reason: String,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let reason = short(ctx, "reason", &reason)?;
        run(
            ctx,
            &municipality_id,
            Command::CancelWorkshop { reason },
            command_id,
        )
        .await
    }

    async fn withdraw(
        &self,
        ctx: &Context<'_>,
        municipality_id: ID,
        reason: String,
        command_id: Option<ID>,
    ) -> GqlResult<MunicipalityOut> {
        let reason = short(ctx, "reason", &reason)?;
        run(
            ctx,
            &municipality_id,
            Command::Withdraw { reason },
            command_id,
        )
        .await
    }
}
