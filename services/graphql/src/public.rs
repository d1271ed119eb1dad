//! What works without an account: the interest form and signing in.

use crate::auth::RequestInfo;
use crate::error::{self, GqlResult, internal, rate_limited};
use crate::query::services;
use crate::types::{Bundesland, Lang, Me, MunicipalityKind};
use async_graphql::{Context, ID, InputObject, SimpleObject};
use lotse_app::mailer::QueuedMail;
use lotse_app::{Actor, CommandMeta};
use lotse_domain::municipality::{Command, Profile, Submitter};
use lotse_domain::values::{self as v, Language};
use lotse_domain::{MunicipalityId, PersonId, ProgrammeId, ValidationError};
use lotse_eventstore::{Ops, StoreError};
use std::net::IpAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "lotse_session";

/// The server secret (see `Operational::server_secret`) that salts the limits' key hashes.
pub const LIMIT_SALT: &str = "rate_limit_salt";

/// A form filled in faster than this is taken for a robot.
pub const MIN_FILL_SECONDS: i64 = 3;

/// A form token older than this is refused as expired (the page must be loaded again).
pub const MAX_FORM_AGE_SECONDS: i64 = 24 * 60 * 60;

/// A new form token, issued now.
pub fn interest_form_token(services: &crate::Services) -> String {
    services
        .form_key
        .issue(chrono::Utc::now().timestamp_millis())
}

/// Whether `token` is good for sending a form now: signed by this installation, issued at
/// least [`MIN_FILL_SECONDS`] and at most [`MAX_FORM_AGE_SECONDS`] ago.
fn check_form_token(services: &crate::Services, token: Option<&str>) -> Result<(), FormRefusal> {
    let issued = token
        .and_then(|t| services.form_key.verify(t))
        .ok_or(FormRefusal::Spam)?;
    let elapsed = chrono::Utc::now().timestamp_millis() - issued;
    if elapsed < MIN_FILL_SECONDS * 1000 {
        return Err(FormRefusal::Spam);
    }
    if elapsed > MAX_FORM_AGE_SECONDS * 1000 {
        return Err(FormRefusal::Fields(vec![ValidationError::new(
            "form",
            "form_expired",
        )]));
    }
    Ok(())
}

/// At most `max` attempts in each fixed window of `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

/// Sign-in mails one address can get, whoever asks and through whichever process.
pub const SIGN_IN_MAILS_PER_RECIPIENT: Limit = Limit {
    max: 3,
    window: Duration::from_secs(10 * 60),
};

/// Confirmations of the interest form one address gets (a calendar day, UTC).
pub const CONFIRMATIONS_PER_ADDRESS: Limit = Limit {
    max: 1,
    window: Duration::from_secs(24 * 60 * 60),
};

/// How often one process deletes the counters of windows that have ended.
const PRUNE_EVERY_SECONDS: i64 = 60;

/// Fixed-window limits kept in the database (`rate_limits`, migration 0005), so that every
/// server process on it enforces one limit and a restart keeps the counts. A counter is
/// keyed by a salted hash of purpose and key (a client address, a mail address): the salt is
/// a secret stored once in the database, so a hash cannot be matched to a guessed address.
pub struct RateLimiter {
    ops: Ops,
    per_client: Limit,
    salt: tokio::sync::OnceCell<String>,
    pruned_at: AtomicI64,
}

impl RateLimiter {
    /// At most `max` attempts per `window`, client address and purpose.
    pub fn new(ops: Ops, max: u32, window: Duration) -> Self {
        Self {
            ops,
            per_client: Limit { max, window },
            salt: tokio::sync::OnceCell::new(),
            pruned_at: AtomicI64::new(0),
        }
    }

    /// Counts one attempt; false when the address is over its limit. A database failure
    /// lets the attempt through (logged): the work it guards needs the database as well.
    pub async fn allow(&self, client: Option<IpAddr>, purpose: &'static str) -> bool {
        let Some(ip) = client else { return true };
        match self.hit(purpose, &ip.to_string(), self.per_client).await {
            Ok(allowed) => allowed,
            Err(e) => {
                tracing::warn!(error = %e, purpose, "rate limit not checked");
                true
            }
        }
    }

    /// Counts one use of `key` for `purpose`; false when it is over `limit` in this window.
    pub async fn hit(&self, purpose: &str, key: &str, limit: Limit) -> Result<bool, StoreError> {
        let salt = self
            .salt
            .get_or_try_init(|| async {
                let candidate = lotse_app::accounts::random_secret();
                self.ops.server_secret(LIMIT_SALT, &candidate).await
            })
            .await?;
        let now = chrono::Utc::now().timestamp();
        let window = limit.window.as_secs().max(1) as i64;
        let start = now - now.rem_euclid(window);
        let hash = lotse_app::accounts::secret_hash(&format!("{salt}\n{purpose}\n{key}"));
        let hits = self.ops.count_hit(&hash, start, start + window).await?;
        let last = self.pruned_at.load(Ordering::Relaxed);
        if now - last >= PRUNE_EVERY_SECONDS
            && self
                .pruned_at
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            self.ops.prune_hits(now).await?;
        }
        Ok(hits <= i64::from(limit.max))
    }
}

/// The interest form.
#[derive(InputObject, Clone, Debug, Default)]
pub struct InterestInput {
    /// The programme applied for; the tenant's open programme when omitted.
    pub programme_id: Option<ID>,
    pub municipality_name: String,
    pub bundesland: Option<Bundesland>,
    pub kind: Option<MunicipalityKind>,
    pub population: Option<i32>,
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: Option<String>,
    pub motivation: String,
    pub consent_to_contact: bool,
    pub language: Option<Lang>,
    /// Must stay empty (a field people do not see).
    #[graphql(default)]
    pub website: String,
    /// The token of `interestFormToken`, fetched when the form was shown. A form without a
    /// valid token, or sent less than three seconds after it was issued, is refused.
    pub form_token: Option<String>,
}

/// What the form answers.
#[derive(SimpleObject)]
pub struct InterestReceipt {
    pub received: bool,
}

/// Why an interest form was not accepted.
pub enum FormRefusal {
    /// Field errors, each to be shown next to its field.
    Fields(Vec<ValidationError>),
    /// Looks automated (honeypot, no valid form token, too fast).
    Spam,
    RateLimited,
    Other(async_graphql::Error),
}

/// Parses every field, collecting all errors at once.
pub fn parse_interest(
    input: &InterestInput,
    programme: ProgrammeId,
) -> Result<Command, Vec<ValidationError>> {
    fn keep<T>(errors: &mut Vec<ValidationError>, r: Result<T, ValidationError>) -> Option<T> {
        match r {
            Ok(x) => Some(x),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    }
    let mut errors = Vec::new();
    let name = keep(
        &mut errors,
        v::MunicipalityName::parse("municipalityName", &input.municipality_name),
    );
    let land = keep(
        &mut errors,
        input
            .bundesland
            .map(v::Bundesland::from)
            .ok_or(ValidationError::new("bundesland", "required")),
    );
    let kind = keep(
        &mut errors,
        input
            .kind
            .map(v::MunicipalityKind::from)
            .ok_or(ValidationError::new("kind", "required")),
    );
    let population = keep(
        &mut errors,
        match input.population {
            Some(p) => v::Population::parse("population", i64::from(p)),
            None => Err(ValidationError::new("population", "required")),
        },
    );
    let person = keep(&mut errors, v::PersonName::parse("name", &input.name));
    let role = keep(&mut errors, v::ShortText::parse("role", &input.role));
    let email = keep(&mut errors, v::EmailAddress::parse("email", &input.email));
    let phone = match input.phone.as_deref().map(str::trim) {
        Some(p) if !p.is_empty() => keep(&mut errors, v::PhoneNumber::parse("phone", p)).map(Some),
        _ => Some(None),
    };
    let motivation = keep(
        &mut errors,
        v::LongText::parse("motivation", &input.motivation),
    );
    if !input.consent_to_contact {
        errors.push(ValidationError::new("consentToContact", "required"));
    }
    match (
        name, land, kind, population, person, role, email, phone, motivation,
    ) {
        (
            Some(name),
            Some(bundesland),
            Some(kind),
            Some(population),
            Some(pname),
            Some(role),
            Some(email),
            Some(phone),
            Some(motivation),
        ) if errors.is_empty() => Ok(Command::SubmitInterest {
            programme,
            profile: Profile {
                name,
                bundesland,
                kind,
                population,
            },
            submitter_id: PersonId::new(),
            submitter: Submitter {
                name: pname,
                role,
                email,
                phone,
            },
            motivation,
            consent_to_contact: true,
            language: input.language.map_or(Language::De, Into::into),
        }),
        _ => Err(errors),
    }
}

/// The programme a form is for: the one it names (its decision then says whether it takes
/// applications today), or without a name the only one that takes applications today.
fn open_programme(
    p: &lotse_projections::Projections,
    wanted: Option<&ID>,
    today: chrono::NaiveDate,
) -> Option<(lotse_domain::TenantId, ProgrammeId)> {
    let all = p.tenants.iter().flat_map(|(t, view)| {
        view.programmes
            .iter()
            .filter(|(_, pr)| pr.settings.is_some())
            .map(move |(id, pr)| (*t, *id, pr))
    });
    match wanted {
        Some(id) => {
            let id: ProgrammeId = id.parse().ok()?;
            all.map(|(t, p, _)| (t, p)).find(|(_, p)| *p == id)
        }
        None => {
            let mut open: Vec<_> = all
                .filter(|(_, _, pr)| pr.takes_applications(today).is_ok())
                .map(|(t, p, _)| (t, p))
                .collect();
            if open.len() == 1 { open.pop() } else { None }
        }
    }
}

/// Accepts an interest form: validation, spam checks, rate limit, the command, one
/// confirmation mail per address and day (through the outbox).
pub async fn accept_interest(
    services: &crate::Services,
    info: &RequestInfo,
    input: InterestInput,
) -> Result<MunicipalityId, FormRefusal> {
    if !input.website.trim().is_empty() {
        return Err(FormRefusal::Spam);
    }
    check_form_token(services, input.form_token.as_deref())?;
    if !services.limiter.allow(info.client, "interest").await {
        return Err(FormRefusal::RateLimited);
    }
    let target = {
        let p = services.live.read().await;
        open_programme(&p, input.programme_id.as_ref(), services.app.clock.today())
    };
    let Some((tenant, programme)) = target else {
        return Err(FormRefusal::Fields(vec![ValidationError::new(
            "programmeId",
            "unknown_programme",
        )]));
    };
    let command = parse_interest(&input, programme).map_err(FormRefusal::Fields)?;
    let id = MunicipalityId::new();
    let outcome = services
        .app
        .execute(tenant, id, command, &CommandMeta::new(Actor::public()))
        .await
        .map_err(|e| FormRefusal::Other(error::app(e, info.lang)))?;
    if let Some(last) = outcome.events.last() {
        services
            .live
            .wait_for(last.position, Duration::from_secs(5))
            .await;
    }
    let email = input.email.trim().to_lowercase();
    // The form is recorded: from here on, nothing may read as a failure (the person would
    // send it again). Without the count, no confirmation goes out.
    let first_today = services
        .limiter
        .hit("interest_confirmation", &email, CONFIRMATIONS_PER_ADDRESS)
        .await
        .unwrap_or_else(|e| {
            tracing::warn!(error = %e, "confirmation count not read; no confirmation sent");
            false
        });
    if first_today {
        let confirmation = QueuedMail::InterestConfirmation {
            tenant,
            municipality: id,
        };
        if let Err(e) = services.mail_queue.enqueue(confirmation).await {
            tracing::warn!(key = %confirmation.key(), error = %e, "confirmation of interest not enqueued");
        }
    }
    Ok(id)
}

/// The GraphQL entry to the interest form.
pub async fn submit_interest(
    ctx: &Context<'_>,
    input: InterestInput,
) -> GqlResult<InterestReceipt> {
    let info = crate::auth::info(ctx).clone();
    match accept_interest(services(ctx), &info, input).await {
        Ok(_) => Ok(InterestReceipt { received: true }),
        Err(FormRefusal::Fields(errors)) => Err(error::invalid_fields(&errors, info.lang)),
        Err(FormRefusal::Spam) => Err(error::invalid_fields(
            &[ValidationError::new("form", "too_fast")],
            info.lang,
        )),
        Err(FormRefusal::RateLimited) => Err(rate_limited(info.lang)),
        Err(FormRefusal::Other(e)) => Err(e),
    }
}

/// Mails a sign-in link if the address belongs to an active account, at most
/// [`SIGN_IN_MAILS_PER_RECIPIENT`]. The answer is the same, and takes as long, for every
/// address: the limit is counted for unknown addresses too, and the links are handed to the
/// outbox after the answer (a job issues the token and sends the mail, retrying failures).
pub async fn request_sign_in(ctx: &Context<'_>, email: &str) -> GqlResult<()> {
    let info = crate::auth::info(ctx).clone();
    let s = services(ctx);
    if !s.limiter.allow(info.client, "sign_in").await {
        return Err(rate_limited(info.lang));
    }
    let email = match v::EmailAddress::parse("email", email) {
        Ok(e) => e.as_str().to_lowercase(),
        Err(e) => return Err(error::invalid(&e, info.lang)),
    };
    let within_limit = s
        .limiter
        .hit("sign_in_mail", &email, SIGN_IN_MAILS_PER_RECIPIENT)
        .await
        .map_err(|e| internal(&e, info.lang))?;
    if !within_limit {
        return Ok(());
    }
    let request = uuid::Uuid::new_v4();
    let mails: Vec<QueuedMail> = {
        let p = s.live.read().await;
        p.users_by_email
            .get(&email)
            .map(|list| {
                list.iter()
                    .filter(|(t, u)| {
                        p.tenant(*t)
                            .and_then(|t| t.users.get(u))
                            .is_some_and(|u| u.active)
                    })
                    .map(|(tenant, user)| QueuedMail::SignInLink {
                        tenant: *tenant,
                        user: *user,
                        request,
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    if !mails.is_empty() {
        let queue = s.mail_queue.clone();
        tokio::spawn(async move {
            for mail in mails {
                if let Err(e) = queue.enqueue(mail).await {
                    tracing::warn!(key = %mail.key(), error = %e, "sign-in link not enqueued");
                }
            }
        });
    }
    Ok(())
}

/// The `Set-Cookie` value for a session.
pub fn session_cookie(secret: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        lotse_app::accounts::SESSION_ABSOLUTE_SECONDS,
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Redeems a sign-in token and sets a fresh session cookie.
pub async fn sign_in(ctx: &Context<'_>, token: &str) -> GqlResult<Me> {
    let info = crate::auth::info(ctx).clone();
    let s = services(ctx);
    if !s.limiter.allow(info.client, "redeem").await {
        return Err(rate_limited(info.lang));
    }
    let redeemed = s
        .accounts
        .redeem(token.trim())
        .await
        .map_err(|e| internal(&e, info.lang))?;
    let Some((who, secret)) = redeemed else {
        return Err(async_graphql::ErrorExtensions::extend_with(
            async_graphql::Error::new(match info.lang {
                Language::De => {
                    "Dieser Anmeldelink ist abgelaufen oder wurde schon benutzt. Bitte fordern Sie einen neuen an."
                }
                Language::En => {
                    "This sign-in link has expired or was used already. Please request a new one."
                }
            }),
            |_, e| e.set("code", "SIGN_IN_LINK_INVALID"),
        ));
    };
    // A sign-in replaces whatever session the browser had.
    if let Some(old) = ctx.data_opt::<SessionSecret>() {
        let _ = s.accounts.sign_out(&old.0).await;
    }
    ctx.append_http_header("Set-Cookie", session_cookie(&secret, info.secure_cookies));
    // An account opened by another process (`lotse create-user`, another replica) may not
    // be in this process's read model yet: read the log up to now first.
    if !s.live.knows_user(who.tenant, who.user).await {
        // Signed in (the cookie is set), but the account cannot be described yet: the
        // page asks again rather than show a wrong role.
        return Err(error::unavailable(info.lang));
    }
    let p = s.live.read().await;
    let user = p.tenant(who.tenant).and_then(|t| t.users.get(&who.user));
    let t = p.tenant(who.tenant);
    Ok(Me {
        user_id: ID(who.user.to_string()),
        role: user
            .map_or(lotse_domain::user::Role::Contact, |u| u.role)
            .into(),
        name: user.and_then(|u| u.name.clone()),
        language: user.map_or(Language::De, |u| u.language).into(),
        tenant_name: t
            .and_then(|t| t.tenant.name.as_ref())
            .map(|n| n.to_string())
            .unwrap_or_default(),
        municipality_id: user.and_then(|u| u.municipality).map(|m| ID(m.to_string())),
        form_alerts: user
            .filter(|u| u.role == lotse_domain::user::Role::Team)
            .map(|u| u.form_alerts.into()),
    })
}

/// The raw session secret of the request, if it carried one.
#[derive(Clone)]
pub struct SessionSecret(pub String);

/// Ends the session on the server and clears the cookie.
pub async fn sign_out(ctx: &Context<'_>) -> GqlResult<bool> {
    let info = crate::auth::info(ctx).clone();
    if let Some(secret) = ctx.data_opt::<SessionSecret>() {
        services(ctx)
            .accounts
            .sign_out(&secret.0)
            .await
            .map_err(|e| internal(&e, info.lang))?;
    }
    ctx.append_http_header("Set-Cookie", clear_cookie(info.secure_cookies));
    Ok(true)
}

/// A programme as the public interest form shows it: whose and which, and whether it takes
/// applications now.
#[derive(async_graphql::SimpleObject, Clone, Debug, PartialEq)]
pub struct OpenProgramme {
    pub id: ID,
    pub name: String,
    /// The organisation running it.
    pub organisation: String,
    /// The address of its interest form.
    pub interest_form_path: String,
    /// Whether the form takes applications today.
    pub open: bool,
    /// Why not, when it does not (outside the application period, archived).
    pub notice: Option<String>,
}

/// Every programme with its interest form, by organisation and name: open or not today.
pub fn programme_forms(
    p: &lotse_projections::Projections,
    today: chrono::NaiveDate,
    lang: Language,
) -> Vec<OpenProgramme> {
    let mut all: Vec<OpenProgramme> = p
        .tenants
        .values()
        .flat_map(|view| {
            let organisation = view
                .tenant
                .name
                .as_ref()
                .map(|n| n.to_string())
                .unwrap_or_default();
            view.programmes.iter().filter_map(move |(id, pr)| {
                let settings = pr.settings.as_ref()?;
                let refusal = pr.takes_applications(today).err();
                Some(OpenProgramme {
                    id: ID(id.to_string()),
                    name: settings.name.to_string(),
                    organisation: organisation.clone(),
                    interest_form_path: format!("/interesse/{id}"),
                    open: refusal.is_none(),
                    notice: refusal.map(|e| crate::messages::domain_message(&e, lang)),
                })
            })
        })
        .collect();
    all.sort_by(|a, b| (&a.organisation, &a.name).cmp(&(&b.organisation, &b.name)));
    all
}

/// The programmes that take applications today.
pub fn open_programmes(
    p: &lotse_projections::Projections,
    today: chrono::NaiveDate,
    lang: Language,
) -> Vec<OpenProgramme> {
    programme_forms(p, today, lang)
        .into_iter()
        .filter(|x| x.open)
        .collect()
}
