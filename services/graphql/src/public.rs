//! What works without an account: the interest form and signing in.

use crate::auth::RequestInfo;
use crate::error::{self, GqlResult, internal, rate_limited};
use crate::query::services;
use crate::types::{Bundesland, Lang, Me, MunicipalityKind};
use async_graphql::{Context, ID, InputObject, SimpleObject};
use lotse_app::mailer::MailRequest;
use lotse_app::{Actor, CommandMeta};
use lotse_domain::municipality::{Command, Profile, Submitter};
use lotse_domain::values::{self as v, Language};
use lotse_domain::{MunicipalityId, PersonId, ProgrammeId, ValidationError};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "lotse_session";

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

/// Attempts per client address and purpose: when the window started, how many so far.
type Hits = HashMap<(IpAddr, &'static str), (Instant, u32)>;

/// A simple fixed-window limiter per client address and purpose.
pub struct RateLimiter {
    window: Duration,
    max: u32,
    hits: Mutex<Hits>,
}

impl RateLimiter {
    /// At most `max` attempts per `window` and address.
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            window,
            max,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one attempt; false when the address is over its limit.
    pub fn allow(&self, client: Option<IpAddr>, purpose: &'static str) -> bool {
        let Some(ip) = client else { return true };
        let mut hits = self.hits.lock().unwrap();
        let now = Instant::now();
        if hits.len() > 50_000 {
            hits.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = hits.entry((ip, purpose)).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.max
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

fn open_programme(
    p: &lotse_projections::Projections,
    wanted: Option<&ID>,
) -> Option<(lotse_domain::TenantId, ProgrammeId)> {
    let mut all: Vec<(lotse_domain::TenantId, ProgrammeId)> = p
        .tenants
        .iter()
        .flat_map(|(t, view)| {
            view.programmes
                .iter()
                .filter(|(_, pr)| pr.settings.is_some())
                .map(move |(id, _)| (*t, *id))
        })
        .collect();
    all.sort();
    match wanted {
        Some(id) => {
            let id: ProgrammeId = id.parse().ok()?;
            all.into_iter().find(|(_, p)| *p == id)
        }
        None if all.len() == 1 => all.pop(),
        None => None,
    }
}

/// Accepts an interest form: validation, spam checks, rate limit, the command, one
/// confirmation mail per address and day.
pub async fn accept_interest(
    services: &crate::Services,
    info: &RequestInfo,
    input: InterestInput,
) -> Result<MunicipalityId, FormRefusal> {
    if !input.website.trim().is_empty() {
        return Err(FormRefusal::Spam);
    }
    check_form_token(services, input.form_token.as_deref())?;
    if !services.limiter.allow(info.client, "interest") {
        return Err(FormRefusal::RateLimited);
    }
    let target = {
        let p = services.live.read().await;
        open_programme(&p, input.programme_id.as_ref())
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
    let day = chrono::Utc::now().timestamp() / 86_400;
    let first_today = services
        .accounts
        .ops
        .claim_daily(
            &lotse_app::accounts::secret_hash(&format!("interest:{email}")),
            day,
        )
        .await
        .map_err(|e| FormRefusal::Other(internal(&e, info.lang)))?;
    if first_today {
        let mail = MailRequest {
            kind: "interest_confirmation",
            lang: input.language.map_or(Language::De, Into::into),
            to: email,
            context: serde_json::json!({
                "recipient_name": input.name.trim(),
                "municipality": input.municipality_name.trim(),
            }),
            ..Default::default()
        };
        if let Err(e) = services.mailer.send(mail).await {
            tracing::warn!(reason = %e, "confirmation of interest not sent");
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

/// Mails a sign-in link if the address belongs to an active account.
pub async fn request_sign_in(ctx: &Context<'_>, email: &str) -> GqlResult<()> {
    let info = crate::auth::info(ctx).clone();
    let s = services(ctx);
    if !s.limiter.allow(info.client, "sign_in") {
        return Err(rate_limited(info.lang));
    }
    let email = match v::EmailAddress::parse("email", email) {
        Ok(e) => e.as_str().to_lowercase(),
        Err(e) => return Err(error::invalid(&e, info.lang)),
    };
    let accounts: Vec<(
        lotse_domain::TenantId,
        lotse_domain::UserId,
        Language,
        Option<String>,
    )> = {
        let p = s.live.read().await;
        p.users_by_email
            .get(&email)
            .map(|list| {
                list.iter()
                    .filter_map(|(t, u)| {
                        let user = p.tenant(*t)?.users.get(u)?;
                        user.active
                            .then(|| (*t, *u, user.language, user.name.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    for (tenant, user, language, name) in accounts {
        let token = s
            .accounts
            .issue_sign_in_token(tenant, user)
            .await
            .map_err(|e| internal(&e, info.lang))?;
        let mail = MailRequest {
            kind: "sign_in_link",
            lang: language,
            to: email.clone(),
            context: serde_json::json!({
                "recipient_name": name.unwrap_or_default(),
                "sign_in_url": format!("{}/anmelden/link#{token}", s.public_url),
                "valid_minutes": lotse_app::accounts::SIGN_IN_VALID_SECONDS / 60,
            }),
            ..Default::default()
        };
        if let Err(e) = s.mailer.send(mail).await {
            tracing::warn!(reason = %e, "sign-in link not sent");
        }
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
    if !s.limiter.allow(info.client, "redeem") {
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
