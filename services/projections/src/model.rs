//! The in-memory read model and how one event changes it.

use chrono::{DateTime, NaiveDate, Utc};
use lotse_app::codec::decode;
use lotse_domain::municipality::{self, Municipality, MunicipalityEvent};
use lotse_domain::programme::{Programme, ProgrammeEvent, ProgrammeSettings};
use lotse_domain::tasks::{self, Standing, Task};
use lotse_domain::tenant::{Tenant, TenantEvent};
use lotse_domain::user::{Role, User, UserEvent};
use lotse_domain::values::{Language, Stage};
use lotse_domain::{MunicipalityId, ProgrammeId, TenantId, UserId};
use lotse_eventstore::{Position, RecordedEvent};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// One entry of a municipality's history.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub version: i64,
    pub event: Arc<MunicipalityEvent>,
}

/// A municipality with what the views need beyond its domain state.
#[derive(Debug, Clone)]
pub struct MunicipalityView {
    pub id: MunicipalityId,
    pub state: Municipality,
    pub version: i64,
    /// Every stage entered, with the day it happened (the event's own date, or the day it
    /// was recorded when the event carries none).
    pub stages: Vec<(Stage, NaiveDate)>,
    pub timeline: Vec<TimelineEntry>,
    /// Where it stands among its programme's municipalities (the waiting list).
    pub standing: Standing,
}

impl MunicipalityView {
    /// The current stage.
    pub fn stage(&self) -> Stage {
        self.state.stage()
    }

    /// The day the current stage was entered.
    pub fn stage_since(&self) -> NaiveDate {
        self.stages.last().map_or(self.state.submitted_on, |s| s.1)
    }

    /// Whole days in the current stage, as of `today`.
    pub fn days_in_stage(&self, today: NaiveDate) -> i64 {
        (today - self.stage_since()).num_days().max(0)
    }

    /// The municipality's tasks under the given settings.
    pub fn tasks(&self, settings: &ProgrammeSettings) -> Vec<Task> {
        tasks::tasks_for(&self.state, settings, self.standing)
    }

    /// The open tasks as they should be visible on `today` ([`tasks::open_tasks`]).
    pub fn open_tasks(&self, settings: &ProgrammeSettings, today: NaiveDate) -> Vec<Task> {
        tasks::open_tasks(&self.state, settings, self.standing, today)
    }

    /// Whether any open task is overdue.
    pub fn is_overdue(&self, settings: &ProgrammeSettings, today: NaiveDate) -> bool {
        self.tasks(settings).iter().any(|t| t.is_overdue(today))
    }

    /// The facilitator currently responsible.
    pub fn facilitator(&self) -> Option<UserId> {
        self.state.facilitator.map(|(f, _)| f)
    }
}

/// A user account as the views need it. Name and e-mail are `None` once erased.
#[derive(Debug, Clone)]
pub struct UserView {
    pub id: UserId,
    pub role: Role,
    pub name: Option<String>,
    pub email: Option<String>,
    pub language: Language,
    pub municipality: Option<MunicipalityId>,
    pub active: bool,
    /// The team mails this user got (team members; see `UserEvent::DigestSent`).
    pub digests_sent: std::collections::BTreeSet<String>,
    /// How they hear of new interest forms (team members).
    pub form_alerts: lotse_domain::user::FormAlerts,
    /// The programmes a funder sees (`None`: all of the tenant's).
    pub programmes: Option<std::collections::BTreeSet<ProgrammeId>>,
}

/// One tenant's read model.
#[derive(Debug, Default, Clone)]
pub struct TenantView {
    pub tenant: Tenant,
    pub programmes: BTreeMap<ProgrammeId, Programme>,
    pub municipalities: BTreeMap<MunicipalityId, MunicipalityView>,
    pub users: BTreeMap<UserId, UserView>,
    /// The changes to the tenant's programmes and people, oldest first (the team's list of
    /// changes): not the seat ledger or sent digests, which the system keeps by itself.
    pub changes: Vec<Change>,
}

/// A change to a programme or an account: when, by whom, what.
#[derive(Debug, Clone)]
pub struct Change {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub what: Changed,
}

/// What a [`Change`] changed.
#[derive(Debug, Clone)]
pub enum Changed {
    /// A programme event, with the settings before it (for a change of settings).
    Programme {
        id: ProgrammeId,
        event: Arc<ProgrammeEvent>,
        before: Option<Box<ProgrammeSettings>>,
    },
    User {
        id: UserId,
        event: Arc<UserEvent>,
    },
}

impl TenantView {
    /// The municipalities of one programme.
    pub fn municipalities_of(
        &self,
        programme: ProgrammeId,
    ) -> impl Iterator<Item = &MunicipalityView> {
        self.municipalities
            .values()
            .filter(move |m| m.state.programme == programme)
    }

    /// The other municipalities of the programme whose interest form looks like the same
    /// one sent again ([`lotse_domain::municipality::Municipality::looks_like_duplicate_of`]),
    /// oldest form first. Forms closed as duplicates are settled: they flag nothing and
    /// are flagged by none.
    pub fn possible_duplicates(&self, m: &MunicipalityView) -> Vec<&MunicipalityView> {
        if m.state.duplicate_of.is_some() {
            return Vec::new();
        }
        let mut found: Vec<&MunicipalityView> = self
            .municipalities_of(m.state.programme)
            .filter(|o| o.id != m.id && o.state.duplicate_of.is_none())
            .filter(|o| m.state.looks_like_duplicate_of(&o.state))
            .collect();
        found.sort_by_key(|o| (o.state.submitted_on, o.id));
        found
    }

    /// Works out again where each municipality of a programme stands on its waiting list,
    /// and whose turn a free seat is ([`Programme::waiting_list`],
    /// [`Programme::next_for_free_seat`]).
    fn restand(&mut self, programme: ProgrammeId) {
        let Some(p) = self.programmes.get(&programme) else {
            return;
        };
        let list = p.waiting_list(
            self.municipalities
                .values()
                .filter(|m| m.state.programme == programme)
                .map(|m| (m.id, &m.state)),
        );
        let next = p.next_for_free_seat(&list);
        let places: HashMap<MunicipalityId, u32> = list
            .iter()
            .zip(1..)
            .map(|((id, _), place)| (*id, place))
            .collect();
        for m in self
            .municipalities
            .values_mut()
            .filter(|m| m.state.programme == programme)
        {
            m.standing = Standing {
                waiting_place: places.get(&m.id).copied(),
                free_seat_since: next.filter(|(id, _)| *id == m.id).map(|(_, since)| since),
            };
        }
    }

    /// The settings of the programme a municipality belongs to.
    pub fn settings_of(&self, m: &MunicipalityView) -> Option<&ProgrammeSettings> {
        self.programmes
            .get(&m.state.programme)
            .and_then(|p| p.settings.as_ref())
    }

    /// How many municipalities stand in each stage (every stage, zeros included).
    pub fn stage_counts(&self, programme: Option<ProgrammeId>) -> BTreeMap<Stage, usize> {
        let mut counts: BTreeMap<Stage, usize> = Stage::ALL.iter().map(|s| (*s, 0)).collect();
        for m in self.municipalities.values() {
            if programme.is_none_or(|p| m.state.programme == p) {
                *counts.entry(m.stage()).or_default() += 1;
            }
        }
        counts
    }
}

/// Every tenant's read model, and how far into the log it has read.
#[derive(Debug, Default, Clone)]
pub struct Projections {
    pub tenants: HashMap<TenantId, TenantView>,
    pub position: Position,
    pub events: u64,
    /// Active users by lower-case e-mail address, for signing in.
    pub users_by_email: HashMap<String, Vec<(TenantId, UserId)>>,
}

impl Projections {
    /// A tenant's view, if it has any events.
    pub fn tenant(&self, tenant: TenantId) -> Option<&TenantView> {
        self.tenants.get(&tenant)
    }

    /// Folds one event. Returns whether it changed a municipality (for live updates).
    pub fn apply(&mut self, e: &RecordedEvent) {
        self.position = e.position;
        self.events += 1;
        let tenant = TenantId(e.tenant);
        let t = self.tenants.entry(tenant).or_default();
        if let Some(id) = e.stream.strip_prefix("municipality-") {
            let (Ok(id), Ok(event)) = (id.parse(), decode::<MunicipalityEvent>(e)) else {
                tracing::warn!(stream = %e.stream, version = e.version, "unreadable municipality event");
                return;
            };
            let id = MunicipalityId(id);
            // Move the state out and back (no copy of it per event).
            let (mut domain, stages, timeline, standing) = match t.municipalities.remove(&id) {
                Some(v) => (Some(v.state), v.stages, v.timeline, v.standing),
                None => (None, Vec::new(), Vec::new(), Standing::default()),
            };
            municipality::evolve(&mut domain, &event);
            let Some(domain) = domain else { return };
            let mut view = MunicipalityView {
                id,
                state: domain,
                version: 0,
                stages,
                timeline,
                standing,
            };
            view.version = e.version;
            let stage = view.state.stage();
            // A change of stage, or anything on the waiting list, can change the list.
            let restand =
                stage == Stage::WaitingList || view.stages.last().map(|s| s.0) != Some(stage);
            let programme = view.state.programme;
            if view.stages.last().map(|s| s.0) != Some(stage) {
                let day = event
                    .effective_date()
                    .unwrap_or_else(|| lotse_app::clock::berlin_date(e.recorded_at));
                view.stages.push((stage, day));
            }
            view.timeline.push(TimelineEntry {
                at: e.recorded_at,
                actor: e.actor.clone(),
                version: e.version,
                event: Arc::new(event),
            });
            t.municipalities.insert(id, view);
            if restand {
                t.restand(programme);
            }
        } else if let Some(id) = e.stream.strip_prefix("programme-") {
            if let (Ok(id), Ok(event)) = (id.parse(), decode::<ProgrammeEvent>(e)) {
                let id = ProgrammeId(id);
                let programme = t.programmes.entry(id).or_default();
                let before = programme.settings.clone();
                programme.apply(&event);
                t.restand(id);
                if !matches!(
                    event,
                    ProgrammeEvent::SeatTaken { .. } | ProgrammeEvent::SeatReleased { .. }
                ) {
                    t.changes.push(Change {
                        at: e.recorded_at,
                        actor: e.actor.clone(),
                        what: Changed::Programme {
                            id,
                            event: Arc::new(event),
                            before: before.map(Box::new),
                        },
                    });
                }
            }
        } else if e.stream.starts_with("tenant-") {
            if let Ok(event) = decode::<TenantEvent>(e) {
                t.tenant.apply(&event);
            }
        } else if let Some(id) = e.stream.strip_prefix("user-")
            && let (Ok(id), Ok(event)) = (id.parse(), decode::<UserEvent>(e))
        {
            let id = UserId(id);
            let mut user: Option<User> = t.users.get(&id).map(|u| User {
                tenant,
                role: u.role,
                details: lotse_domain::Personal {
                    subject: lotse_domain::PersonId(id.0),
                    value: None,
                },
                language: u.language,
                municipality: u.municipality,
                active: u.active,
                digests_sent: u.digests_sent.clone(),
                form_alerts: u.form_alerts,
                programmes: u.programmes.clone(),
            });
            let old_email = t.users.get(&id).and_then(|u| u.email.clone());
            User::evolve(&mut user, &event);
            if !matches!(
                event,
                UserEvent::DigestSent { .. } | UserEvent::FormAlertsChosen { .. }
            ) {
                t.changes.push(Change {
                    at: e.recorded_at,
                    actor: e.actor.clone(),
                    what: Changed::User {
                        id,
                        event: Arc::new(event.clone()),
                    },
                });
            }
            let Some(user) = user else { return };
            let details = user.details.get();
            let view = UserView {
                id,
                role: user.role,
                name: details
                    .map(|d| d.name.to_string())
                    .or_else(|| t.users.get(&id).and_then(|u| u.name.clone())),
                email: details
                    .map(|d| d.email.as_str().to_lowercase())
                    .or_else(|| old_email.clone()),
                language: user.language,
                municipality: user.municipality,
                active: user.active,
                digests_sent: user.digests_sent,
                form_alerts: user.form_alerts,
                programmes: user.programmes,
            };
            // A corrected address: sign-in links no longer go to the old one.
            if let Some(old) = old_email
                .as_ref()
                .filter(|o| view.email.as_ref() != Some(*o))
                && let Some(entry) = self.users_by_email.get_mut(old)
            {
                entry.retain(|(_, u)| *u != id);
                if entry.is_empty() {
                    self.users_by_email.remove(old);
                }
            }
            if let Some(email) = &view.email {
                let entry = self.users_by_email.entry(email.clone()).or_default();
                entry.retain(|(_, u)| *u != id);
                if view.active {
                    entry.push((tenant, id));
                }
            }
            t.users.insert(id, view);
        }
    }
}
