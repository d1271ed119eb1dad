//! Who may see and do what. Every resolver asks here; nothing else decides.

use crate::error::{GqlResult, forbidden, not_found, unauthenticated, unavailable};
use async_graphql::Context;
use chrono::NaiveDate;
use lotse_domain::municipality::{Command, Context as DecisionContext};
use lotse_domain::steps::Step;
use lotse_domain::user::Role;
use lotse_domain::values::Language;
use lotse_domain::{MunicipalityId, TenantId, UserId};
use lotse_projections::{MunicipalityView, TenantView};

/// The signed-in user of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub tenant: TenantId,
    pub user: UserId,
    pub role: Role,
    pub municipality: Option<MunicipalityId>,
}

/// Per request: the viewer (if signed in), the language and the client address.
#[derive(Debug, Clone)]
pub struct RequestInfo {
    pub viewer: Option<Viewer>,
    pub lang: Language,
    pub client: Option<std::net::IpAddr>,
    /// Whether cookies should be marked `Secure`.
    pub secure_cookies: bool,
    /// The request carried a session that could not be checked (the database did not
    /// answer): the caller is then told to try again, never that they are signed out.
    pub session_unchecked: bool,
}

/// The request's information.
pub fn info<'a>(ctx: &'a Context<'_>) -> &'a RequestInfo {
    ctx.data_unchecked::<RequestInfo>()
}

/// The request's language.
pub fn lang(ctx: &Context<'_>) -> Language {
    ctx.data_opt::<RequestInfo>()
        .map_or(Language::De, |i| i.lang)
}

/// The signed-in viewer, or an error.
pub fn viewer(ctx: &Context<'_>) -> GqlResult<Viewer> {
    let info = ctx.data_opt::<RequestInfo>();
    info.and_then(|i| i.viewer).ok_or_else(|| {
        if info.is_some_and(|i| i.session_unchecked) {
            unavailable(lang(ctx))
        } else {
            unauthenticated(lang(ctx))
        }
    })
}

/// The signed-in viewer if their role is one of `roles`.
pub fn require(ctx: &Context<'_>, roles: &[Role]) -> GqlResult<Viewer> {
    let v = viewer(ctx)?;
    if roles.contains(&v.role) {
        Ok(v)
    } else {
        Err(forbidden(lang(ctx)))
    }
}

/// Whether an account is a contact person's whom their municipality has replaced by
/// someone else: it no longer opens anything (colleagues registered for the municipality,
/// who were never its contact, keep their access).
pub fn replaced_contact(t: &TenantView, u: &lotse_projections::UserView) -> bool {
    u.role == Role::Contact
        && u.municipality
            .and_then(|m| t.municipalities.get(&m))
            .is_some_and(|m| {
                m.state.former_contacts.iter().any(|c| c.user == u.id)
                    && m.state.contact.as_ref().is_none_or(|c| c.user != u.id)
            })
}

/// Whether a viewer may see a programme's board, statistics and settings: a funder only
/// those granted to them (all, when none were ever granted); everyone else every programme
/// of their tenant (facilitators and contact persons then see their own municipalities).
pub fn may_see_programme(v: &Viewer, t: &TenantView, programme: lotse_domain::ProgrammeId) -> bool {
    v.role != Role::Funder
        || t.users
            .get(&v.user)
            .and_then(|u| u.programmes.as_ref())
            .is_none_or(|granted| granted.contains(&programme))
}

/// Whether a viewer may see a municipality's page (funders never: aggregates only).
pub fn can_read(v: &Viewer, m: &MunicipalityView) -> bool {
    match v.role {
        Role::Team => true,
        Role::Facilitator => is_facilitator_of(v, m),
        Role::Contact => v.municipality == Some(m.id),
        Role::Funder => false,
    }
}

fn is_facilitator_of(v: &Viewer, m: &MunicipalityView) -> bool {
    m.facilitator() == Some(v.user)
        || m.state
            .workshop
            .as_ref()
            .is_some_and(|w| w.facilitator == v.user)
}

/// Whether a viewer may take a step of a municipality's journey (by role and relation;
/// whether the step is possible now is the domain's answer, [`available_steps`]).
pub fn may_take(v: &Viewer, m: &MunicipalityView, step: Step) -> bool {
    use Step as S;
    match v.role {
        Role::Team => true,
        Role::Facilitator => {
            is_facilitator_of(v, m)
                && matches!(
                    step,
                    S::ScheduleWorkshop
                        | S::CancelWorkshop
                        | S::RecordWorkshop
                        | S::PlanSupport
                        | S::MoveSupport
                        | S::CancelSupport
                        | S::RecordSupport
                        | S::PlanDialogueEvent
                        | S::MoveDialogueEvent
                        | S::CancelDialogueEvent
                        | S::RecordDialogueEvent
                        | S::CompleteNextStep
                        | S::EditNextStep
                        | S::AssignNextStep
                        | S::DropNextStep
                        | S::CorrectWorkshop
                        | S::CorrectSupport
                        | S::CorrectDialogueEvent
                )
        }
        Role::Contact => {
            v.municipality == Some(m.id)
                && matches!(
                    step,
                    S::StartSelfCheck
                        | S::SaveSelfCheckAnswer
                        | S::SubmitSelfCheck
                        | S::CompleteNextStep
                        | S::EditNextStep
                        | S::AssignNextStep
                        | S::PlanDialogueEvent
                        | S::MoveDialogueEvent
                        | S::CancelDialogueEvent
                        | S::RecordDialogueEvent
                        | S::CorrectDialogueEvent
                )
        }
        Role::Funder => false,
    }
}

/// Whether a viewer may run a command on a municipality: the command is a step the viewer
/// may take (what the system records by itself is never run by a user).
pub fn can_run(v: &Viewer, m: &MunicipalityView, command: &Command) -> bool {
    Step::of(command).is_some_and(|step| may_take(v, m, step))
}

/// The steps of a municipality's journey that the viewer can take now: those the domain
/// finds possible today ([`lotse_domain::steps::available_steps`]) and the viewer may take.
pub fn available_steps(
    v: &Viewer,
    t: &TenantView,
    m: &MunicipalityView,
    today: NaiveDate,
) -> Vec<Step> {
    if !Step::ALL.iter().any(|s| may_take(v, m, *s)) {
        return Vec::new();
    }
    let Some(programme) = t.programmes.get(&m.state.programme) else {
        return Vec::new();
    };
    let Some(framework) = programme.settings.as_ref().and_then(|s| s.framework()) else {
        return Vec::new();
    };
    let ctx = DecisionContext {
        today,
        programme,
        framework: &framework,
    };
    lotse_domain::steps::available_steps(&m.state, &ctx)
        .into_iter()
        .filter(|s| may_take(v, m, *s))
        .collect()
}

/// The viewer's tenant view and one municipality they may read; "not found" otherwise, so
/// that nobody learns whether an id exists elsewhere.
pub fn readable<'a>(
    ctx: &Context<'_>,
    v: &Viewer,
    tenant: Option<&'a TenantView>,
    id: MunicipalityId,
) -> GqlResult<&'a MunicipalityView> {
    tenant
        .and_then(|t| t.municipalities.get(&id))
        .filter(|m| can_read(v, m))
        .ok_or_else(|| not_found(lang(ctx)))
}
