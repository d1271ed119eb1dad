//! Journey mails ([`lotse_domain::notices`]) and the team's weekly digest: the scan finds
//! them, a [`NoticeDelivery`] job (ids only) carries each to a worker, and the worker sends
//! it once and records it — journey mails in the municipality's stream (`MailSent`, shown
//! on the timeline), digests in the team member's stream (`DigestSent`).
//!
//! A digest goes to every active team member with an address on the first scan of each
//! ISO week (Monday, when the workers run all week), listing per municipality the open
//! tasks that are overdue or due that week.

use crate::{Composed, Delivered, DeliveryError, Jobs, unix_now};
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use lotse_app::mailer::{CalendarRequest, MailRequest};
use lotse_app::{Actor, CommandMeta};
use lotse_domain::municipality::{Command, Municipality};
use lotse_domain::notices::{self, Appointment, Change, Notice, NoticeKind};
use lotse_domain::programme::ProgrammeSettings;
use lotse_domain::tasks::TaskState;
use lotse_domain::user::Role;
use lotse_domain::values::Language;
use lotse_domain::{MunicipalityId, TenantId, UserId};
use lotse_projections::{MunicipalityView, TenantView};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::ops::ControlFlow;
use uuid::Uuid;

/// The queue of journey mails and digests.
pub const NOTICE_QUEUE: &str = "lotse_notice_delivery";

/// One journey mail or digest to deliver. Ids only: never an address or a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeDelivery {
    pub tenant: Uuid,
    /// The municipality whose journey calls for the mail (none for a digest).
    pub municipality: Option<Uuid>,
    /// The team member a digest goes to (none for a journey mail).
    pub user: Option<Uuid>,
    /// The notice's key (`interview/2`, `admitted`, …) or the digest's week (`2026-W48`).
    pub key: String,
    /// The day the scan found it: delivery decides "still due?" as of that day, so a mail
    /// held up by an SMTP outage still goes out afterwards.
    pub found_on: NaiveDate,
}

impl NoticeDelivery {
    /// The outbox key: Message-ID and the record's command id derive from it.
    pub fn outbox_key(&self) -> String {
        match (self.municipality, self.user) {
            (Some(m), _) => format!("notice/{m}/{}", self.key),
            (None, Some(u)) => format!("digest/{u}/{}", self.key),
            (None, None) => format!("notice/-/{}", self.key),
        }
    }

    /// The command id of the record (UUID v5 of the outbox key).
    pub fn command_id(&self) -> Uuid {
        Uuid::new_v5(
            &Uuid::NAMESPACE_URL,
            format!("lotse:{}", self.outbox_key()).as_bytes(),
        )
    }
}

/// The ISO week of a day, e.g. `2026-W48`.
pub fn iso_week(day: NaiveDate) -> String {
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn local(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn pick(lang: Language, de: &str, en: &str) -> String {
    match lang {
        Language::De => de.to_string(),
        Language::En => en.to_string(),
    }
}

/// Who a journey mail is for: the contact person once assigned, before that the person who
/// sent the interest form. (address, name, language)
fn applicant(m: &Municipality) -> Option<(String, String, Language)> {
    match &m.contact {
        Some(c) => c
            .contact
            .get()
            .map(|d| (d.email.as_str().to_string(), d.name.to_string(), c.language)),
        None => m
            .submitter
            .get()
            .map(|s| (s.email.as_str().to_string(), s.name.to_string(), m.language)),
    }
}

fn address_of(t: &TenantView, user: UserId) -> Option<String> {
    t.users
        .get(&user)
        .filter(|u| u.active)
        .and_then(|u| u.email.clone())
}

impl Jobs {
    /// Finds the journey mails and digests due today and enqueues those not enqueued before.
    pub async fn scan_notices(&self) -> anyhow::Result<Vec<NoticeDelivery>> {
        let due = self.due_today().await?;
        self.claim_and_push(NOTICE_QUEUE, due.notices, NoticeDelivery::outbox_key)
            .await
    }

    /// Delivers one journey mail or digest (the body of the notice job).
    pub async fn deliver_notice(&self, d: &NoticeDelivery) -> Result<Delivered, DeliveryError> {
        match (d.municipality, d.user) {
            (Some(m), _) => self.deliver_journey_mail(d, MunicipalityId(m)).await,
            (None, Some(u)) => self.deliver_digest(d, UserId(u)).await,
            (None, None) => {
                self.outbox
                    .fail(&d.outbox_key(), unix_now(), "a notice without a recipient")
                    .await?;
                Ok(Delivered::Failed)
            }
        }
    }

    async fn deliver_journey_mail(
        &self,
        d: &NoticeDelivery,
        id: MunicipalityId,
    ) -> Result<Delivered, DeliveryError> {
        let key = d.outbox_key();
        let tenant = TenantId(d.tenant);
        let already_sent = |m: &Municipality| m.mails_sent.contains_key(&d.key);
        let compose = |m: &Municipality,
                       t: &TenantView,
                       _: &MunicipalityView,
                       settings: &ProgrammeSettings| {
            let Some(notice) = notices::notices_due(m, settings, d.found_on)
                .into_iter()
                .find(|n| n.key == d.key)
            else {
                return Composed::Obsolete;
            };
            let today = self.app.clock.today();
            if let NoticeKind::Invitation { at, .. } | NoticeKind::AppointmentReminder { at, .. } =
                &notice.kind
                && at.date() < today
            {
                return Composed::Obsolete;
            }
            match self.journey_mail(m, t, id, &notice, &key) {
                Some(mut mail) => {
                    // The mail names the municipality's programme, not a default one, and
                    // comes from the programme's sender.
                    mail.sender = lotse_app::mailer::Sender::of(settings);
                    if let Some(context) = mail.context.as_object_mut() {
                        context.insert("programme".into(), settings.name.as_str().into());
                        if matches!(notice.kind, NoticeKind::Completed) {
                            let label = settings.label.as_ref().map(|l| l.as_str());
                            context.insert("label".into(), label.into());
                        }
                    }
                    Composed::Mail((notice, mail))
                }
                None => Composed::NoRecipient,
            }
        };
        let (notice, mail) = match self
            .compose_for_municipality(&key, tenant, id, already_sent, compose)
            .await?
        {
            ControlFlow::Continue(composed) => composed,
            ControlFlow::Break(outcome) => return Ok(outcome),
        };
        let meta = CommandMeta::with_id(d.command_id(), Actor::system());
        let app = self.app.clone();
        let kind = notice.mail_kind().to_string();
        let notice_key = notice.key.clone();
        self.send_once(&key, mail, move |message_id| async move {
            app.execute(
                tenant,
                id,
                Command::RecordMailSent {
                    key: notice_key,
                    kind,
                    message_id,
                },
                &meta,
            )
            .await
        })
        .await
    }

    /// The mail a notice stands for, or `None` when nobody with an address can get it.
    fn journey_mail(
        &self,
        m: &Municipality,
        t: &TenantView,
        id: MunicipalityId,
        notice: &Notice,
        key: &str,
    ) -> Option<MailRequest> {
        let (to, name, lang) = applicant(m)?;
        let mut cc: Vec<String> = notice
            .copy_to
            .iter()
            .filter_map(|u| address_of(t, *u))
            .filter(|e| !e.eq_ignore_ascii_case(&to))
            .collect();
        cc.dedup();
        let municipality = m.profile.name.to_string();
        let mut context = json!({
            "recipient_name": name,
            "municipality": municipality,
        });
        let mut calendar = None;
        let extra = match &notice.kind {
            NoticeKind::Invitation {
                appointment,
                at,
                change,
                sequence,
            } => {
                let (location, mut extra) = self.appointment_details(m, t, *appointment, lang);
                let end = *at + chrono::Duration::minutes(appointment.minutes());
                extra["change"] = json!(change.as_str());
                extra["start"] = json!(local(*at));
                extra["end"] = json!(local(end));
                extra["location"] = json!(location);
                calendar = Some(CalendarRequest {
                    uid: format!(
                        "{}-{}@{}",
                        appointment.key_base().replace('/', "-"),
                        id,
                        self.config.mail_domain()
                    ),
                    sequence: *sequence,
                    cancel: *change == Change::Cancelled,
                    start: *at,
                    end,
                    summary: format!("{}: {municipality}", appointment_title(*appointment, lang)),
                    description: format!(
                        "{}\n{}/kommunen/{id}",
                        appointment_title(*appointment, lang),
                        self.config.public_url
                    ),
                    location,
                });
                extra
            }
            NoticeKind::AppointmentReminder { appointment, at } => {
                let (location, _) = self.appointment_details(m, t, *appointment, lang);
                json!({
                    "event": appointment.event_name(),
                    "start": local(*at),
                    "end": local(*at + chrono::Duration::minutes(appointment.minutes())),
                    "location": location,
                })
            }
            NoticeKind::Admitted { window_end } => json!({ "window_end": ymd(*window_end) }),
            NoticeKind::Declined => json!({
                "reason": m.declined.as_ref().map(|(_, r)| r.to_string()).unwrap_or_default(),
            }),
            NoticeKind::WaitingList => json!({}),
            NoticeKind::WindowClosing {
                window_end,
                missing,
            } => json!({ "window_end": ymd(*window_end), "missing": missing }),
            // The label is the programme's (set where the programme is known).
            NoticeKind::Completed => json!({}),
        };
        if let (Some(obj), Some(more)) = (context.as_object_mut(), extra.as_object()) {
            for (k, v) in more {
                obj.insert(k.clone(), v.clone());
            }
        }
        Some(MailRequest {
            kind: notice.mail_kind(),
            lang,
            to,
            cc,
            context,
            key: Some(key.to_string()),
            calendar,
            sender: None,
        })
    }

    /// Where an appointment takes place, and the context its invitation needs besides.
    fn appointment_details(
        &self,
        m: &Municipality,
        t: &TenantView,
        appointment: Appointment,
        lang: Language,
    ) -> (String, serde_json::Value) {
        match appointment {
            Appointment::Interview => (
                pick(
                    lang,
                    "Telefon oder Video; die Zugangsdaten schicken wir Ihnen vorab",
                    "Phone or video; we will send you the details beforehand",
                ),
                json!({}),
            ),
            Appointment::Workshop => {
                let w = m.workshop.as_ref();
                let facilitator = w
                    .and_then(|w| t.users.get(&w.facilitator))
                    .and_then(|u| u.name.clone())
                    .unwrap_or_else(|| pick(lang, "Ihre Prozessbegleitung", "your facilitator"));
                (
                    w.map(|w| w.place.to_string()).unwrap_or_default(),
                    json!({ "facilitator": facilitator }),
                )
            }
            Appointment::DialogueEvent(item) => {
                let e = m.dialogue_events.get(&item);
                (
                    e.map(|e| e.place.to_string()).unwrap_or_default(),
                    json!({ "topic": e.map(|e| e.topic.to_string()).unwrap_or_default() }),
                )
            }
            Appointment::Support(item) => {
                let s = m.support.get(&item);
                let title = s
                    .map(|s| {
                        let format = match lang {
                            Language::De => s.format.label_de(),
                            Language::En => s.format.label_en(),
                        };
                        format!("{format}: {}", s.topic)
                    })
                    .unwrap_or_default();
                (
                    s.and_then(|s| s.place.as_ref())
                        .map(|p| p.to_string())
                        .unwrap_or_else(|| pick(lang, "Ort folgt", "Place to follow")),
                    json!({ "format_title": title }),
                )
            }
        }
    }

    async fn deliver_digest(
        &self,
        d: &NoticeDelivery,
        user: UserId,
    ) -> Result<Delivered, DeliveryError> {
        let key = d.outbox_key();
        let tenant = TenantId(d.tenant);
        let (state, _) = self
            .app
            .user(tenant, user)
            .await
            .map_err(anyhow::Error::from)?;
        let Some(u) = state else {
            return Ok(Delivered::Obsolete);
        };
        if u.digests_sent.contains(&d.key) {
            return Ok(Delivered::AlreadySent);
        }
        if !u.active || u.role != Role::Team {
            return Ok(Delivered::Obsolete);
        }
        let Some(details) = u.details.get() else {
            return Ok(Delivered::Obsolete);
        };
        self.live.catch_up().await.map_err(anyhow::Error::from)?;
        let mail = {
            let p = self.live.read().await;
            let Some(t) = p.tenant(tenant) else {
                return Ok(Delivered::Obsolete);
            };
            let to = details.email.as_str().to_string();
            match notices::TeamNotice::parse(&d.key) {
                Some(notices::TeamNotice::NewForm { municipality }) => {
                    let Some(m) = t.municipalities.get(&municipality) else {
                        return Ok(Delivered::Obsolete);
                    };
                    self.forms_mail(t, &[m], None, to, u.language, &key)
                }
                Some(notices::TeamNotice::NewForms { on }) => {
                    let mut forms: Vec<_> = t
                        .municipalities
                        .values()
                        .filter(|m| m.state.submitted_on == on)
                        .collect();
                    forms.sort_by_key(|m| m.state.profile.name.to_string());
                    self.forms_mail(t, &forms, Some(on), to, u.language, &key)
                }
                _ => self.digest_mail(t, d.found_on, to, u.language, &key),
            }
        };
        let meta = CommandMeta::with_id(d.command_id(), Actor::system());
        let app = self.app.clone();
        let week = d.key.clone();
        self.send_once(&key, mail, move |message_id| async move {
            app.record_digest_sent(tenant, user, week, message_id, &meta)
                .await
        })
        .await
    }

    /// New interest forms: one as it came in, or those of day `on` (the daily summary).
    fn forms_mail(
        &self,
        t: &TenantView,
        forms: &[&MunicipalityView],
        on: Option<NaiveDate>,
        to: String,
        lang: Language,
        key: &str,
    ) -> MailRequest {
        let forms: Vec<_> = forms
            .iter()
            .map(|m| {
                let programme = t
                    .settings_of(m)
                    .map(|s| s.name.to_string())
                    .unwrap_or_default();
                json!({
                    "name": m.state.profile.name.to_string(),
                    "land": match lang {
                        Language::De => m.state.profile.bundesland.label_de(),
                        Language::En => m.state.profile.bundesland.label_en(),
                    },
                    "programme": programme,
                    "submitted_on": ymd(m.state.submitted_on),
                    "url": format!("{}/kommunen/{}", self.config.public_url, m.id),
                })
            })
            .collect();
        MailRequest {
            kind: "new_interest_forms",
            lang,
            to,
            cc: Vec::new(),
            context: json!({
                "forms": forms,
                "day": on.map(ymd),
                "board_url": format!("{}/", self.config.public_url),
            }),
            key: Some(key.to_string()),
            calendar: None,
            sender: None,
        }
    }

    /// The digest of the week of `day`: per municipality, the open tasks overdue on `day`
    /// and those due from `day` to the week's Sunday.
    fn digest_mail(
        &self,
        t: &TenantView,
        day: NaiveDate,
        to: String,
        lang: Language,
        key: &str,
    ) -> MailRequest {
        let monday = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
        let sunday = monday + Days::new(6);
        let mut municipalities = Vec::new();
        let mut views: Vec<_> = t.municipalities.values().collect();
        views.sort_by(|a, b| {
            a.state
                .profile
                .name
                .to_string()
                .cmp(&b.state.profile.name.to_string())
        });
        for view in views {
            let Some(settings) = t.settings_of(view) else {
                continue;
            };
            if view.state.stage().is_final() {
                continue;
            }
            let url = format!("{}/kommunen/{}", self.config.public_url, view.id);
            let mut overdue = Vec::new();
            let mut due = Vec::new();
            for task in view.open_tasks(settings, day) {
                if task.state != TaskState::Open {
                    continue;
                }
                let entry = json!({
                    "title": lotse_graphql::types::task_title(&task, view, lang),
                    "due": ymd(task.due),
                    "url": url,
                });
                if task.due < day {
                    overdue.push(entry);
                } else if task.due <= sunday {
                    due.push(entry);
                }
            }
            if !overdue.is_empty() || !due.is_empty() {
                municipalities.push(json!({
                    "name": view.state.profile.name.to_string(),
                    "overdue": overdue,
                    "due": due,
                }));
            }
        }
        MailRequest {
            kind: "weekly_digest",
            lang,
            to,
            cc: Vec::new(),
            context: json!({
                "week_start": ymd(monday),
                "board_url": format!("{}/", self.config.public_url),
                "municipalities": municipalities,
            }),
            key: Some(key.to_string()),
            calendar: None,
            sender: None,
        }
    }
}

fn appointment_title(a: Appointment, lang: Language) -> String {
    match a {
        Appointment::Interview => pick(lang, "Erstgespräch", "Initial interview"),
        Appointment::Workshop => pick(lang, "Workshop", "Workshop"),
        Appointment::DialogueEvent(_) => pick(lang, "Dialogveranstaltung", "Dialogue event"),
        Appointment::Support(_) => pick(
            lang,
            "Angebot für Entscheidungsträger:innen",
            "Format for decision-makers",
        ),
    }
}
