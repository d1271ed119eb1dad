//! User accounts. One stream per user; names and e-mail addresses are sealed personal data.

use crate::DomainEvent;
use crate::error::DomainError;
use crate::ids::{MunicipalityId, PersonId, TenantId};
use crate::personal::Personal;
use crate::values::{EmailAddress, Language, PersonName};
use serde::{Deserialize, Serialize};

/// What a user may do; see the brief's table of roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// Programme team: sees and does everything in the tenant.
    Team,
    /// Process facilitator: the municipalities assigned to them.
    Facilitator,
    /// A municipality's contact person: only that municipality.
    Contact,
    /// Funder: aggregates and stage lists, no personal data, no notes.
    Funder,
}

impl Role {
    /// Parses `team`, `facilitator`, `contact` or `funder`.
    pub fn parse(raw: &str) -> Option<Role> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "team" => Some(Role::Team),
            "facilitator" => Some(Role::Facilitator),
            "contact" => Some(Role::Contact),
            "funder" => Some(Role::Funder),
            _ => None,
        }
    }

    /// `team`, `facilitator`, `contact` or `funder` (what [`Role::parse`] reads).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Team => "team",
            Role::Facilitator => "facilitator",
            Role::Contact => "contact",
            Role::Funder => "funder",
        }
    }
}

/// Who a user is (personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDetails {
    pub name: PersonName,
    pub email: EmailAddress,
}

/// What happened to a user account.
/// How a team member hears of new interest forms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FormAlerts {
    /// A mail for each form as it comes in.
    #[default]
    AtOnce,
    /// One mail in the morning with the forms of the day before.
    Daily,
    /// No mail (the weekly digest and the board still show them).
    Never,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum UserEvent {
    UserRegistered {
        tenant: TenantId,
        role: Role,
        details: Personal<UserDetails>,
        language: Language,
        /// For contact persons: their municipality.
        municipality: Option<MunicipalityId>,
    },
    UserDeactivated,
    /// A deactivated account works again.
    UserReactivated,
    /// The team gave a team member, facilitator or funder another of these roles.
    RoleChanged {
        role: Role,
    },
    /// A funder sees these programmes (and no others) from now on.
    ProgrammesGranted {
        programmes: std::collections::BTreeSet<crate::ProgrammeId>,
    },
    /// A team mail went out to this team member: the weekly digest of a week
    /// (`2026-W48`), a new form (`form/<municipality>`) or a day's forms (`forms/<day>`).
    DigestSent {
        week: String,
        message_id: String,
    },
    /// The team member chose how to hear of new interest forms.
    FormAlertsChosen {
        alerts: FormAlerts,
    },
    /// The account's name and address were corrected (with its contact person's details):
    /// sign-in links go to the new address from now on.
    DetailsCorrected {
        details: Personal<UserDetails>,
    },
}

impl DomainEvent for UserEvent {
    fn event_type(&self) -> &'static str {
        match self {
            UserEvent::UserRegistered { .. } => "UserRegistered",
            UserEvent::UserDeactivated => "UserDeactivated",
            UserEvent::UserReactivated => "UserReactivated",
            UserEvent::RoleChanged { .. } => "RoleChanged",
            UserEvent::ProgrammesGranted { .. } => "ProgrammesGranted",
            UserEvent::DigestSent { .. } => "DigestSent",
            UserEvent::FormAlertsChosen { .. } => "FormAlertsChosen",
            UserEvent::DetailsCorrected { .. } => "DetailsCorrected",
        }
    }
}

/// A user as folded from the stream.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub tenant: TenantId,
    pub role: Role,
    pub details: Personal<UserDetails>,
    pub language: Language,
    pub municipality: Option<MunicipalityId>,
    pub active: bool,
    /// The team mails this user got (see [`UserEvent::DigestSent`]).
    pub digests_sent: std::collections::BTreeSet<String>,
    /// How they hear of new interest forms (team members).
    pub form_alerts: FormAlerts,
    /// The programmes a funder sees (`None`: every programme of the tenant, as for funders
    /// registered before programmes could be granted).
    pub programmes: Option<std::collections::BTreeSet<crate::ProgrammeId>>,
}

impl User {
    /// Applies one event to an optional user.
    pub fn evolve(state: &mut Option<User>, event: &UserEvent) {
        match event {
            UserEvent::UserRegistered {
                tenant,
                role,
                details,
                language,
                municipality,
            } => {
                *state = Some(User {
                    tenant: *tenant,
                    role: *role,
                    details: details.clone(),
                    language: *language,
                    municipality: *municipality,
                    active: true,
                    digests_sent: Default::default(),
                    form_alerts: FormAlerts::default(),
                    programmes: None,
                })
            }
            UserEvent::UserDeactivated => {
                if let Some(u) = state.as_mut() {
                    u.active = false;
                }
            }
            UserEvent::UserReactivated => {
                if let Some(u) = state.as_mut() {
                    u.active = true;
                }
            }
            UserEvent::RoleChanged { role } => {
                if let Some(u) = state.as_mut() {
                    u.role = *role;
                }
            }
            UserEvent::ProgrammesGranted { programmes } => {
                if let Some(u) = state.as_mut() {
                    u.programmes = Some(programmes.clone());
                }
            }
            UserEvent::DigestSent { week, .. } => {
                if let Some(u) = state.as_mut() {
                    u.digests_sent.insert(week.clone());
                }
            }
            UserEvent::FormAlertsChosen { alerts } => {
                if let Some(u) = state.as_mut() {
                    u.form_alerts = *alerts;
                }
            }
            UserEvent::DetailsCorrected { details } => {
                if let Some(u) = state.as_mut() {
                    u.details = details.clone();
                }
            }
        }
    }

    /// Corrects the account's name and address, sealed for the same person; the same
    /// details again record nothing.
    pub fn correct_details(
        state: Option<&User>,
        details: UserDetails,
    ) -> Result<Vec<UserEvent>, DomainError> {
        let Some(u) = state else {
            return Err(DomainError::UnknownUser);
        };
        match u.details.get() {
            None => Err(DomainError::DetailsErased),
            Some(before) if *before == details => Ok(Vec::new()),
            Some(_) => Ok(vec![UserEvent::DetailsCorrected {
                details: Personal::new(u.details.subject, details),
            }]),
        }
    }

    /// Chooses how a team member hears of new forms; the same choice again records nothing.
    pub fn choose_form_alerts(
        state: Option<&User>,
        alerts: FormAlerts,
    ) -> Result<Vec<UserEvent>, DomainError> {
        match state {
            None => Err(DomainError::UnknownUser),
            Some(u) if u.form_alerts == alerts => Ok(Vec::new()),
            Some(_) => Ok(vec![UserEvent::FormAlertsChosen { alerts }]),
        }
    }

    /// Registers a user once; a contact person needs a municipality, nobody else has one.
    #[allow(clippy::too_many_arguments)]
    pub fn register(
        state: Option<&User>,
        tenant: TenantId,
        role: Role,
        person: PersonId,
        details: UserDetails,
        language: Language,
        municipality: Option<MunicipalityId>,
    ) -> Result<Vec<UserEvent>, DomainError> {
        if state.is_some() {
            return Err(DomainError::UserExists);
        }
        if (role == Role::Contact) != municipality.is_some() {
            return Err(
                crate::ValidationError::new("municipality", "contact_needs_municipality").into(),
            );
        }
        Ok(vec![UserEvent::UserRegistered {
            tenant,
            role,
            details: Personal::new(person, details),
            language,
            municipality,
        }])
    }

    /// Records that the digest of `week` went out; nothing if it was recorded already.
    pub fn record_digest(
        state: Option<&User>,
        week: String,
        message_id: String,
    ) -> Result<Vec<UserEvent>, DomainError> {
        match state {
            None => Err(DomainError::UnknownUser),
            Some(u) if u.digests_sent.contains(&week) => Ok(Vec::new()),
            Some(_) => Ok(vec![UserEvent::DigestSent { week, message_id }]),
        }
    }

    /// Reactivates a deactivated user.
    pub fn reactivate(state: Option<&User>) -> Result<Vec<UserEvent>, DomainError> {
        match state {
            None => Err(DomainError::UnknownUser),
            Some(u) if u.active => Ok(Vec::new()),
            Some(_) => Ok(vec![UserEvent::UserReactivated]),
        }
    }

    /// Gives a team member, facilitator or funder another of these roles. A contact
    /// person's account belongs to their municipality and keeps its role; nobody becomes a
    /// contact person this way (they are named on the municipality).
    pub fn change_role(state: Option<&User>, role: Role) -> Result<Vec<UserEvent>, DomainError> {
        let Some(u) = state else {
            return Err(DomainError::UnknownUser);
        };
        if u.role == Role::Contact || role == Role::Contact {
            return Err(crate::ValidationError::new("role", "contact_role_fixed").into());
        }
        if u.role == role {
            return Ok(Vec::new());
        }
        Ok(vec![UserEvent::RoleChanged { role }])
    }

    /// Sets the programmes a funder sees (every other role sees its tenant's programmes by
    /// its own rules).
    pub fn grant_programmes(
        state: Option<&User>,
        programmes: std::collections::BTreeSet<crate::ProgrammeId>,
    ) -> Result<Vec<UserEvent>, DomainError> {
        let Some(u) = state else {
            return Err(DomainError::UnknownUser);
        };
        if u.role != Role::Funder {
            return Err(crate::ValidationError::new("programmeIds", "funders_only").into());
        }
        if u.programmes.as_ref() == Some(&programmes) {
            return Ok(Vec::new());
        }
        Ok(vec![UserEvent::ProgrammesGranted { programmes }])
    }

    /// Deactivates an active user.
    pub fn deactivate(state: Option<&User>) -> Result<Vec<UserEvent>, DomainError> {
        match state {
            None => Err(DomainError::UnknownUser),
            Some(u) if !u.active => Ok(Vec::new()),
            Some(_) => Ok(vec![UserEvent::UserDeactivated]),
        }
    }
}
