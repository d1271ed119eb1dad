//! Who may see and do what. Every resolver asks here; nothing else decides.

use crate::error::{GqlResult, forbidden, not_found, unauthenticated, unavailable};
use async_graphql::Context;
use lotse_domain::municipality::Command;
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

/// Whether a viewer may run a command on a municipality.
pub fn can_run(v: &Viewer, m: &MunicipalityView, command: &Command) -> bool {
    use Command as C;
    match v.role {
        Role::Team => true,
        Role::Facilitator => {
            is_facilitator_of(v, m)
                && matches!(
                    command,
                    C::ScheduleWorkshop { .. }
                        | C::RecordWorkshop { .. }
                        | C::PlanSupport { .. }
                        | C::RecordSupport { .. }
                        | C::PlanDialogueEvent { .. }
                        | C::RecordDialogueEvent { .. }
                        | C::CompleteNextStep { .. }
                )
        }
        Role::Contact => {
            v.municipality == Some(m.id)
                && matches!(
                    command,
                    C::StartSelfCheck
                        | C::SaveSelfCheckAnswer { .. }
                        | C::SubmitSelfCheck
                        | C::CompleteNextStep { .. }
                        | C::PlanDialogueEvent { .. }
                        | C::RecordDialogueEvent { .. }
                )
        }
        Role::Funder => false,
    }
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
