//! Queries, answered from the live projections.

use crate::Services;
use crate::auth::{self, lang, readable, require, viewer};
use crate::error::{GqlResult, internal, not_found};
use crate::scalars;
use crate::types::*;
use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use lotse_domain::user::Role;
use lotse_domain::values as v;
use lotse_domain::{MunicipalityId, ProgrammeId, TenantId, UserId};
use lotse_projections::TenantView;
use lotse_projections::stats::funder_stats;

/// The root of all queries.
pub struct Query;

pub(crate) fn parse_id<T: std::str::FromStr>(ctx: &Context<'_>, id: &ID) -> GqlResult<T> {
    id.parse::<T>().map_err(|_| not_found(lang(ctx)))
}

pub(crate) fn services<'a>(ctx: &'a Context<'_>) -> &'a Services {
    ctx.data_unchecked::<Services>()
}

/// The programme a board or statistic is about: the given one, or the tenant's first; one
/// the viewer may see ([`auth::may_see_programme`], judged on `live`, the tenant as it is
/// now), or "not found".
fn programme_of(
    ctx: &Context<'_>,
    v: &auth::Viewer,
    live: &TenantView,
    t: &TenantView,
    id: Option<ID>,
) -> GqlResult<ProgrammeId> {
    let visible = |p: &ProgrammeId| auth::may_see_programme(v, live, *p);
    match id {
        Some(id) => {
            let id: ProgrammeId = parse_id(ctx, &id)?;
            (t.programmes.contains_key(&id) && visible(&id))
                .then_some(id)
                .ok_or_else(|| not_found(lang(ctx)))
        }
        None => t
            .programmes
            .keys()
            .find(|p| visible(p))
            .copied()
            .ok_or_else(|| not_found(lang(ctx))),
    }
}

/// A count per key.
#[derive(SimpleObject)]
pub struct StageCount {
    pub stage: Stage,
    pub label: String,
    pub count: i32,
}

/// Median days spent in a stage.
#[derive(SimpleObject)]
pub struct StageDays {
    pub stage: Stage,
    pub label: String,
    pub median_days: Option<f64>,
}

/// Scores of one field across the cohort.
#[derive(SimpleObject)]
pub struct FieldStats {
    pub field_id: String,
    pub title: String,
    pub first_count: i32,
    pub first_median: Option<f64>,
    pub second_count: i32,
    pub second_median: Option<f64>,
    pub change_median: Option<f64>,
}

/// Attendance of one stakeholder group.
#[derive(SimpleObject)]
pub struct GroupAttendance {
    pub group: StakeholderGroup,
    pub label: String,
    pub total: i32,
}

/// Municipalities of a Land.
#[derive(SimpleObject)]
pub struct LandCount {
    pub bundesland: Bundesland,
    pub label: String,
    pub all: i32,
    pub admitted: i32,
}

/// Municipalities of a size class.
#[derive(SimpleObject)]
pub struct SizeCount {
    pub size_class: SizeClass,
    pub label: String,
    pub all: i32,
    pub admitted: i32,
}

/// Where the participation windows stand.
#[derive(SimpleObject)]
pub struct WindowOut {
    pub admitted: i32,
    pub active: i32,
    pub completed: i32,
    pub withdrawn: i32,
    pub ending_soon: i32,
    pub overrun: i32,
    pub median_elapsed_percent: Option<f64>,
}

/// Aggregates for funders: no names, no addresses, no notes.
#[derive(SimpleObject)]
pub struct FunderStatsOut {
    pub programme_id: ID,
    /// The programme's places, and those taken (then, for `asOf`).
    pub capacity: i32,
    pub seats_taken: i32,
    pub total: i32,
    pub stage_counts: Vec<StageCount>,
    pub funnel: Vec<StageCount>,
    pub median_days: Vec<StageDays>,
    pub window: WindowOut,
    pub scores: Vec<FieldStats>,
    pub attendance: Vec<GroupAttendance>,
    pub dialogue_events_held: i32,
    pub by_bundesland: Vec<LandCount>,
    pub by_size_class: Vec<SizeCount>,
}

/// For `asOf`: the viewer's tenant as it stood then (its own, its programmes' and its
/// municipalities' streams folded up to that moment) and that moment's day; otherwise
/// nothing and today.
async fn past_tenant(
    ctx: &Context<'_>,
    tenant: TenantId,
    as_of: Option<DateTime<Utc>>,
) -> GqlResult<(Option<TenantView>, NaiveDate)> {
    let s = services(ctx);
    let Some(at) = as_of else {
        return Ok((None, s.app.clock.today()));
    };
    let streams = {
        let p = s.live.read().await;
        let t = p.tenant(tenant).ok_or_else(|| not_found(lang(ctx)))?;
        lotse_projections::as_of::tenant_streams(tenant, t)
    };
    let past = lotse_projections::as_of::tenant_as_of(s.live.store(), tenant, &streams, at)
        .await
        .map_err(|e| internal(&e, lang(ctx)))?
        .ok_or_else(|| not_found(lang(ctx)))?;
    Ok((Some(past), lotse_app::clock::berlin_date(at)))
}

#[Object]
impl Query {
    /// A token for the interest form, to be fetched when the form is shown and sent back
    /// with it as `formToken` (the server measures the fill time from it).
    async fn interest_form_token(&self, ctx: &Context<'_>) -> String {
        crate::public::interest_form_token(services(ctx))
    }

    /// The programmes with a public interest form (public), open today or not (with the
    /// reason): the form lists the open ones, or speaks of the one its address names.
    async fn programme_forms(&self, ctx: &Context<'_>) -> Vec<crate::public::OpenProgramme> {
        let s = services(ctx);
        let p = s.live.read().await;
        crate::public::programme_forms(&p, s.app.clock.today(), lang(ctx))
    }

    /// The signed-in user.
    async fn me(&self, ctx: &Context<'_>) -> GqlResult<Me> {
        let v = viewer(ctx)?;
        let p = services(ctx).live.read().await;
        let t = p.tenant(v.tenant).ok_or_else(|| not_found(lang(ctx)))?;
        let u = t.users.get(&v.user).ok_or_else(|| not_found(lang(ctx)))?;
        Ok(Me {
            user_id: ID(v.user.to_string()),
            role: v.role.into(),
            name: u.name.clone(),
            language: u.language.into(),
            tenant_name: t
                .tenant
                .name
                .as_ref()
                .map(|n| n.to_string())
                .unwrap_or_default(),
            municipality_id: v.municipality.map(|m| ID(m.to_string())),
            form_alerts: (v.role == Role::Team).then(|| u.form_alerts.into()),
        })
    }

    /// The people the team can name as a municipality's facilitator: active facilitators
    /// and team members of the tenant, by name (team only).
    async fn facilitators(&self, ctx: &Context<'_>) -> GqlResult<Vec<UserRef>> {
        let v = require(ctx, &[Role::Team])?;
        let p = services(ctx).live.read().await;
        let Some(t) = p.tenant(v.tenant) else {
            return Ok(Vec::new());
        };
        let mut people: Vec<UserRef> = t
            .users
            .values()
            .filter(|u| u.active && matches!(u.role, Role::Facilitator | Role::Team))
            .map(|u| user_ref(t, &v, u.id))
            .collect();
        people.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        Ok(people)
    }

    /// The latest changes to the tenant's programmes and people, newest first (team only):
    /// who created or changed a programme, opened, deactivated or reactivated an account or
    /// changed a role, and when.
    #[graphql(complexity = "crate::cost::LIST + last.max(0) as usize * child_complexity")]
    async fn changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 100, validator(minimum = 1, maximum = 500))] last: i32,
    ) -> GqlResult<Vec<ChangeOut>> {
        let v = require(ctx, &[Role::Team])?;
        let p = services(ctx).live.read().await;
        let Some(t) = p.tenant(v.tenant) else {
            return Ok(Vec::new());
        };
        Ok(t.changes
            .iter()
            .rev()
            .take(last as usize)
            .map(|c| change_out(t, c, lang(ctx)))
            .collect())
    }

    /// Everyone with an account in the viewer's tenant, by name (team only).
    #[graphql(complexity = "crate::cost::LIST + child_complexity")]
    async fn people(&self, ctx: &Context<'_>) -> GqlResult<Vec<AccountOut>> {
        let v = require(ctx, &[Role::Team])?;
        let p = services(ctx).live.read().await;
        let Some(t) = p.tenant(v.tenant) else {
            return Ok(Vec::new());
        };
        let mut out: Vec<AccountOut> = t.users.values().map(|u| AccountOut::new(t, u)).collect();
        out.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        Ok(out)
    }

    /// The self-check frameworks a programme can choose (team only).
    async fn frameworks(&self, ctx: &Context<'_>) -> GqlResult<Vec<FrameworkChoice>> {
        require(ctx, &[Role::Team])?;
        let lang = lang(ctx);
        let l = match lang {
            v::Language::De => lotse_domain::framework::Lang::De,
            v::Language::En => lotse_domain::framework::Lang::En,
        };
        let mut latest: Vec<lotse_domain::framework::Framework> = Vec::new();
        for f in lotse_domain::framework::Framework::builtin() {
            match latest.iter_mut().find(|x| x.id == f.id) {
                Some(x) if x.version < f.version => *x = f,
                Some(_) => {}
                None => latest.push(f),
            }
        }
        Ok(latest
            .into_iter()
            .map(|f| FrameworkChoice {
                id: f.id.clone(),
                version: f.version as i32,
                title: f.title.get(l).into(),
                description: f.description.get(l).into(),
            })
            .collect())
    }

    /// The programmes of the viewer's tenant.
    #[graphql(complexity = "crate::cost::LIST + child_complexity")]
    async fn programmes(&self, ctx: &Context<'_>) -> GqlResult<Vec<ProgrammeOut>> {
        let v = viewer(ctx)?;
        let p = services(ctx).live.read().await;
        Ok(p.tenant(v.tenant)
            .map(|t| {
                t.programmes
                    .iter()
                    .filter(|(id, _)| auth::may_see_programme(&v, t, **id))
                    .filter_map(|(id, pr)| ProgrammeOut::new(*id, pr, lang(ctx)))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The pipeline board: a column per stage. Facilitators see their municipalities;
    /// funders see the stage list without people. With `asOf`, as it stood at that moment.
    #[graphql(complexity = "crate::cost::OVERVIEW + crate::cost::REPLAY + child_complexity")]
    async fn board(
        &self,
        ctx: &Context<'_>,
        programme_id: Option<ID>,
        bundesland: Option<Bundesland>,
        stage: Option<Stage>,
        facilitator_id: Option<ID>,
        as_of: Option<scalars::DateTime>,
    ) -> GqlResult<Board> {
        let v = require(ctx, &[Role::Team, Role::Facilitator, Role::Funder])?;
        let s = services(ctx);
        let (past, today) = past_tenant(ctx, v.tenant, as_of.map(|d| d.0)).await?;
        let p = s.live.read().await;
        // People are named as they are known now; everything else as it stood.
        let live = p.tenant(v.tenant).ok_or_else(|| not_found(lang(ctx)))?;
        let t = past.as_ref().unwrap_or(live);
        let programme = programme_of(ctx, &v, live, t, programme_id)?;
        let facilitator: Option<UserId> = facilitator_id.map(|f| parse_id(ctx, &f)).transpose()?;
        let lang = lang(ctx);
        let columns = v::Stage::ALL
            .iter()
            .filter(|st| stage.is_none_or(|x| v::Stage::from(x) == **st))
            .map(|st| {
                let mut cards: Vec<BoardCard> = t
                    .municipalities_of(programme)
                    .filter(|m| m.stage() == *st)
                    .filter(|m| v.role != Role::Facilitator || auth::can_read(&v, m))
                    .filter(|m| {
                        bundesland
                            .is_none_or(|b| v::Bundesland::from(b) == m.state.profile.bundesland)
                    })
                    .filter(|m| facilitator.is_none_or(|f| m.facilitator() == Some(f)))
                    .map(|m| board_card(live, t, m, &v, lang, today, past.is_none()))
                    .collect();
                cards.sort_by(|a, b| a.name.cmp(&b.name));
                BoardColumn {
                    stage: (*st).into(),
                    label: stage_label(*st, lang).into(),
                    count: cards.len() as i32,
                    cards,
                }
            })
            .collect();
        Ok(Board {
            programme_id: ID(programme.to_string()),
            columns,
        })
    }

    /// A municipality's page, now or as it stood at `asOf`.
    #[graphql(complexity = "crate::cost::PAGE + child_complexity")]
    async fn municipality(
        &self,
        ctx: &Context<'_>,
        id: ID,
        as_of: Option<scalars::DateTime>,
    ) -> GqlResult<MunicipalityOut> {
        let v = viewer(ctx)?;
        let id: MunicipalityId = parse_id(ctx, &id)?;
        let s = services(ctx);
        let p = s.live.read().await;
        let t = p.tenant(v.tenant);
        let current = readable(ctx, &v, t, id)?;
        let t = t.ok_or_else(|| not_found(lang(ctx)))?;
        match as_of {
            None => Ok(municipality_out(
                t,
                current,
                &v,
                lang(ctx),
                s.app.clock.today(),
            )),
            Some(at) => {
                let past = lotse_projections::as_of::municipality_as_of(
                    s.live.store(),
                    v.tenant,
                    id,
                    at.0,
                )
                .await
                .map_err(|e| internal(&e, lang(ctx)))?
                .ok_or_else(|| not_found(lang(ctx)))?;
                let day = lotse_app::clock::berlin_date(at.0);
                // A page as it stood is read, not acted on.
                let mut page = municipality_out(t, &past, &v, lang(ctx), day);
                page.available_steps.clear();
                Ok(page)
            }
        }
    }

    /// The municipalities the viewer may open, by name.
    #[graphql(complexity = "crate::cost::OVERVIEW + child_complexity")]
    async fn municipalities(&self, ctx: &Context<'_>) -> GqlResult<Vec<BoardCard>> {
        let v = require(ctx, &[Role::Team, Role::Facilitator, Role::Contact])?;
        let s = services(ctx);
        let today = s.app.clock.today();
        let p = s.live.read().await;
        let Some(t) = p.tenant(v.tenant) else {
            return Ok(Vec::new());
        };
        let mut out: Vec<BoardCard> = t
            .municipalities
            .values()
            .filter(|m| auth::can_read(&v, m))
            .map(|m| board_card(t, t, m, &v, lang(ctx), today, true))
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// "Meine Aufgaben": the open tasks for the viewer's role in the municipalities they may
    /// see (as visible today), then those done already.
    #[graphql(complexity = "crate::cost::OVERVIEW + child_complexity")]
    async fn my_tasks(&self, ctx: &Context<'_>) -> GqlResult<Vec<TaskOut>> {
        let v = require(ctx, &[Role::Team, Role::Facilitator, Role::Contact])?;
        let s = services(ctx);
        let today = s.app.clock.today();
        let p = s.live.read().await;
        let Some(t) = p.tenant(v.tenant) else {
            return Ok(Vec::new());
        };
        let assignee = match v.role {
            Role::Team => lotse_domain::tasks::Assignee::Team,
            Role::Facilitator => lotse_domain::tasks::Assignee::Facilitator,
            _ => lotse_domain::tasks::Assignee::Contact,
        };
        let mut out = Vec::new();
        for m in t.municipalities.values().filter(|m| auth::can_read(&v, m)) {
            let Some(settings) = t.settings_of(m) else {
                continue;
            };
            // Open tasks as they should be visible today, and what is done already.
            let done = m
                .tasks(settings)
                .into_iter()
                .filter(|t| t.state == lotse_domain::tasks::TaskState::Done);
            for task in m.open_tasks(settings, today).into_iter().chain(done) {
                // A task given to one person is theirs alone.
                if task.assignee == assignee && task.person.is_none_or(|p| p == v.user) {
                    out.push(task_out(&task, m, lang(ctx), today));
                }
            }
        }
        out.sort_by(|a, b| {
            a.due
                .cmp(&b.due)
                .then_with(|| a.municipality_name.cmp(&b.municipality_name))
        });
        Ok(out)
    }

    /// Aggregates for the funder dashboard (team and funders); with `asOf`, as they stood
    /// at that moment (only what had been recorded by then).
    #[graphql(complexity = "crate::cost::STATS + crate::cost::REPLAY + child_complexity")]
    async fn funder_stats(
        &self,
        ctx: &Context<'_>,
        programme_id: Option<ID>,
        as_of: Option<scalars::DateTime>,
    ) -> GqlResult<FunderStatsOut> {
        let v = require(ctx, &[Role::Team, Role::Funder])?;
        let s = services(ctx);
        let (past, today) = past_tenant(ctx, v.tenant, as_of.map(|d| d.0)).await?;
        let p = s.live.read().await;
        let live = p.tenant(v.tenant).ok_or_else(|| not_found(lang(ctx)))?;
        let t = past.as_ref().unwrap_or(live);
        let programme = programme_of(ctx, &v, live, t, programme_id)?;
        let state = t.programmes.get(&programme);
        let settings = state
            .and_then(|x| x.settings.as_ref())
            .ok_or_else(|| not_found(lang(ctx)))?;
        let framework = settings.framework().ok_or_else(|| not_found(lang(ctx)))?;
        let lang = lang(ctx);
        let st = funder_stats(t, programme, &framework, today);
        let fl = match lang {
            v::Language::De => lotse_domain::framework::Lang::De,
            v::Language::En => lotse_domain::framework::Lang::En,
        };
        Ok(FunderStatsOut {
            programme_id: ID(programme.to_string()),
            capacity: settings.capacity as i32,
            seats_taken: state.map_or(0, |x| x.seats.len() as i32),
            total: st.total as i32,
            stage_counts: st
                .stage_counts
                .iter()
                .map(|(k, n)| StageCount {
                    stage: (*k).into(),
                    label: stage_label(*k, lang).into(),
                    count: *n as i32,
                })
                .collect(),
            funnel: st
                .funnel
                .iter()
                .map(|(k, n)| StageCount {
                    stage: (*k).into(),
                    label: stage_label(*k, lang).into(),
                    count: *n as i32,
                })
                .collect(),
            median_days: st
                .median_days
                .iter()
                .map(|(k, d)| StageDays {
                    stage: (*k).into(),
                    label: stage_label(*k, lang).into(),
                    median_days: *d,
                })
                .collect(),
            window: WindowOut {
                admitted: st.window.admitted as i32,
                active: st.window.active as i32,
                completed: st.window.completed as i32,
                withdrawn: st.window.withdrawn as i32,
                ending_soon: st.window.ending_soon as i32,
                overrun: st.window.overrun as i32,
                median_elapsed_percent: st.window.median_elapsed_percent,
            },
            scores: st
                .scores
                .iter()
                .map(|f| FieldStats {
                    field_id: f.field.clone(),
                    title: framework
                        .field(&f.field)
                        .map(|x| x.title.get(fl).to_string())
                        .unwrap_or_default(),
                    first_count: f.first_count as i32,
                    first_median: f.first_median,
                    second_count: f.second_count as i32,
                    second_median: f.second_median,
                    change_median: f.change_median,
                })
                .collect(),
            attendance: st
                .attendance
                .iter()
                .map(|(g, n)| GroupAttendance {
                    group: (*g).into(),
                    label: if lang == v::Language::De {
                        g.label_de().into()
                    } else {
                        g.label_en().into()
                    },
                    total: *n as i32,
                })
                .collect(),
            dialogue_events_held: st.dialogue_events_held as i32,
            by_bundesland: st
                .by_bundesland
                .iter()
                .map(|(l, all, adm)| LandCount {
                    bundesland: (*l).into(),
                    label: if lang == v::Language::De {
                        l.label_de().into()
                    } else {
                        l.label_en().into()
                    },
                    all: *all as i32,
                    admitted: *adm as i32,
                })
                .collect(),
            by_size_class: st
                .by_size_class
                .iter()
                .map(|(c, all, adm)| SizeCount {
                    size_class: (*c).into(),
                    label: if lang == v::Language::De {
                        c.label_de().into()
                    } else {
                        c.label_en().into()
                    },
                    all: *all as i32,
                    admitted: *adm as i32,
                })
                .collect(),
        })
    }
}

/// A municipality's card for a viewer: `t` is the tenant as it stood (the card's day),
/// `live` as it is now (people are named as known now); steps are offered only on a card
/// of today (`acting`).
fn board_card(
    live: &TenantView,
    t: &TenantView,
    m: &lotse_projections::MunicipalityView,
    v: &crate::auth::Viewer,
    lang: v::Language,
    today: chrono::NaiveDate,
    acting: bool,
) -> BoardCard {
    BoardCard {
        id: ID(m.id.to_string()),
        name: m.state.profile.name.to_string(),
        bundesland: m.state.profile.bundesland.into(),
        bundesland_label: match lang {
            v::Language::De => m.state.profile.bundesland.label_de().into(),
            v::Language::En => m.state.profile.bundesland.label_en().into(),
        },
        stage: m.stage().into(),
        days_in_stage: m.days_in_stage(today) as i32,
        facilitator: if v.role == Role::Funder {
            None
        } else {
            m.facilitator().map(|f| user_ref(live, v, f))
        },
        overdue: t.settings_of(m).is_some_and(|x| m.is_overdue(x, today)),
        available_steps: if acting {
            auth::available_steps(v, t, m, today)
                .into_iter()
                .map(Into::into)
                .collect()
        } else {
            Vec::new()
        },
        possible_duplicates: DuplicateOut::list(t, m, v),
        waiting_list_place: m.standing.waiting_place.map(|p| p as i32),
    }
}
