//! Journey mails and the weekly digest: a clock-controlled journey sends every invitation,
//! move, reminder, decision and completion mail once on its day, to the right people in
//! their language, with calendar entries; a rebuild sends nothing; invitations and
//! cancellations arrive over real SMTP with their .ics.

use crate::job_setup::{self, Admission, TEAM_EMAIL};
use crate::jobs::{Smtp, free_port, smtp_mailer, temp_dir, until};
use chrono::{Days, NaiveDate, NaiveDateTime};
use lotse_app::mailer::{MailRequest, Mailer, MemoryMailer};
use lotse_app::{Actor, App, Clock, CommandMeta};
use lotse_domain::framework::Answer;
use lotse_domain::ids::ItemId;
use lotse_domain::municipality::{Command, MunicipalityEvent};
use lotse_domain::programme::ProgrammeSettings;
use lotse_domain::user::{FormAlerts, Role};
use lotse_domain::values::*;
use lotse_domain::{MunicipalityId, ProgrammeId, TenantId, UserId};
use lotse_jobs::{Delivered, Jobs, JobsConfig, NoticeDelivery};
use lotse_tests::{TestDb, on_both_backends};
use mail_parser::MimeHeaders;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

const FACILITATOR_EMAIL: &str = "fiona@example.org";
const SUBMITTER_EMAIL: &str = "erika@example.org";
const CONTACT_EMAIL: &str = "karla@example.org";

/// Monday, 2 March 2026.
fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn day(d: u64) -> NaiveDate {
    day0() + Days::new(d)
}

fn at(d: u64, hour: u32) -> NaiveDateTime {
    day(d).and_hms_opt(hour, 0, 0).unwrap()
}

struct Setup {
    app: App,
    tenant: TenantId,
    programme: ProgrammeId,
    team: UserId,
    facilitator: UserId,
    municipality: MunicipalityId,
}

async fn setup(db: &TestDb) -> Setup {
    let app = App {
        store: db.store.clone(),
        clock: Clock::manual(day0()),
    };
    let (tenant, team) = job_setup::tenant_with_team(&app).await;
    let facilitator = job_setup::user(
        &app,
        tenant,
        Role::Facilitator,
        "Fiona Begleitung",
        FACILITATOR_EMAIL,
    )
    .await;
    let programme = job_setup::programme(&app, tenant, "Kohorte").await;
    Setup {
        app,
        tenant,
        programme,
        team,
        facilitator,
        municipality: MunicipalityId::new(),
    }
}

impl Setup {
    async fn run(&self, command: Command) {
        self.app
            .execute(
                self.tenant,
                self.municipality,
                command,
                &CommandMeta::new(Actor::operator()),
            )
            .await
            .unwrap();
    }

    async fn submit_interest(&self) {
        self.run(job_setup::interest(
            self.programme,
            &Admission {
                name: "Musterstadt",
                kind: MunicipalityKind::Stadt,
                population: 12_000,
                submitter_email: SUBMITTER_EMAIL,
                contact_email: CONTACT_EMAIL,
                contact_language: Language::En,
            },
        ))
        .await;
    }

    async fn schedule_interview(&self, when: NaiveDateTime) {
        self.run(Command::ScheduleInterview {
            at: when,
            interviewer: self.team,
        })
        .await;
    }

    /// The commands of `day` in the journey of [`journey_commands`].
    async fn commands_of(&self, d: u64, dialogue: ItemId) {
        let short = |s: &str| ShortText::parse("text", s).unwrap();
        match d {
            0 => {
                self.submit_interest().await;
                self.schedule_interview(at(5, 10)).await;
            }
            // The interview moves from day 5 to day 8.
            3 => self.schedule_interview(at(8, 14)).await,
            8 => {
                self.run(job_setup::interview_held(day(8))).await;
                self.run(Command::Admit).await;
            }
            9 => {
                self.run(job_setup::contact_person(CONTACT_EMAIL, Language::En))
                    .await;
                self.run(Command::AssignFacilitator {
                    facilitator: self.facilitator,
                })
                .await;
            }
            12 => {
                self.run(Command::StartSelfCheck).await;
                let settings = ProgrammeSettings::weltoffene_kommune(short("Kohorte")).framework();
                for field in &settings.unwrap().fields {
                    for indicator in &field.indicators {
                        self.run(Command::SaveSelfCheckAnswer {
                            indicator: indicator.id.clone(),
                            answer: Answer::level(2),
                        })
                        .await;
                    }
                }
                self.run(Command::SubmitSelfCheck).await;
                self.run(Command::ScheduleWorkshop {
                    at: at(20, 9),
                    place: short("Rathaus, Ratssaal"),
                    facilitator: None,
                    invited: vec![short("Verwaltungsspitze")],
                })
                .await;
            }
            20 => {
                let field = ProgrammeSettings::weltoffene_kommune(short("Kohorte"))
                    .framework()
                    .unwrap()
                    .fields[0]
                    .id
                    .clone();
                self.run(Command::RecordWorkshop {
                    held_on: day(20),
                    participants: 14,
                    priorities: vec![field],
                    action_plan: Vec::new(),
                    notes: None,
                })
                .await;
            }
            21 => {
                self.run(Command::PlanDialogueEvent {
                    id: dialogue,
                    format: DialogueFormat::WorldCafe,
                    at: at(30, 18),
                    place: short("Bürgerhaus"),
                    topic: short("Ankommen in Musterstadt"),
                })
                .await;
            }
            30 => {
                self.run(Command::RecordDialogueEvent {
                    id: dialogue,
                    held_on: day(30),
                    attendance: Attendance {
                        residents: 30,
                        administration: 4,
                        politics: 2,
                        business: 1,
                        civil_society: 6,
                    },
                    outcomes: None,
                })
                .await;
            }
            31 => {
                // The programme renames its label before the municipality completes: the
                // completion mail names the programme's label of that day.
                let mut settings = ProgrammeSettings::weltoffene_kommune(short("Kohorte"));
                settings.label = Some(short("Vielfalt gestalten"));
                settings.sender_name = Some(short("Programmteam Vielfalt"));
                settings.reply_to = Some(
                    lotse_domain::values::EmailAddress::parse("email", "team@vielfalt.example")
                        .unwrap(),
                );
                self.app
                    .change_programme_settings(
                        self.tenant,
                        self.programme,
                        settings,
                        true,
                        &CommandMeta::new(Actor::operator()),
                    )
                    .await
                    .unwrap();
                self.run(Command::Complete {
                    learning: LongText::parse("learning", "Früh alle an einen Tisch holen.")
                        .unwrap(),
                })
                .await;
            }
            _ => {}
        }
    }
}

fn config() -> JobsConfig {
    JobsConfig {
        poll: Duration::from_millis(100),
        retry_min: Duration::from_millis(200),
        retry_max: Duration::from_millis(800),
        ..JobsConfig::new("http://127.0.0.1")
    }
}

async fn jobs(db: &TestDb, app: &App, mailer: Arc<dyn Mailer>) -> Jobs {
    crate::jobs::jobs(db, app, mailer, config()).await
}

fn find<'a>(mails: &'a [(String, u64, MailRequest)], key: &str) -> &'a MailRequest {
    &mails
        .iter()
        .find(|(k, _, _)| k == key)
        .unwrap_or_else(|| panic!("no mail {key}"))
        .2
}

on_both_backends! {
    async fn a_clock_controlled_journey_sends_each_journey_mail_once_on_its_day(db) {
        let s = setup(db).await;
        let dialogue = ItemId::new();
        let mailer = Arc::new(MemoryMailer::default());
        let jobs = jobs(db, &s.app, mailer.clone()).await;
        let mut log: Vec<(String, u64, MailRequest)> = Vec::new();
        let mut digests = Vec::new();
        for d in 0..=35u64 {
            s.app.clock.set(day(d));
            s.commands_of(d, dialogue).await;
            lotse_tests::settle(&jobs.live, &db.store).await;
            let enqueued = jobs.scan_notices().await.unwrap();
            assert!(jobs.scan_notices().await.unwrap().is_empty(), "day {d}: second scan enqueued");
            for delivery in &enqueued {
                // Payloads hold ids only.
                let json = serde_json::to_value(delivery).unwrap();
                let keys: BTreeSet<&str> = json.as_object().unwrap().keys().map(|k| k.as_str()).collect();
                assert_eq!(keys, BTreeSet::from(["tenant", "municipality", "user", "key", "found_on"]));
                for secret in [SUBMITTER_EMAIL, CONTACT_EMAIL, TEAM_EMAIL, "Karla", "Musterstadt"] {
                    assert!(!json.to_string().contains(secret), "payload holds {secret}");
                }
                let before = mailer.sent().len();
                assert_eq!(jobs.deliver_notice(delivery).await.unwrap(), Delivered::Sent, "day {d}: {}", delivery.key);
                assert_eq!(jobs.deliver_notice(delivery).await.unwrap(), Delivered::AlreadySent);
                let mail = mailer.sent()[before].clone();
                if delivery.user.is_some() {
                    // The weekly digest; or, on the form's day, the team's news of it.
                    if mail.kind == "weekly_digest" {
                        digests.push((d, mail));
                    } else {
                        assert_eq!((d, mail.kind), (0, "new_interest_forms"));
                    }
                } else {
                    log.push((delivery.key.clone(), d, mail));
                }
            }
        }
        let sent: Vec<(String, u64)> = log.iter().map(|(k, d, _)| (k.clone(), *d)).collect();
        let expected: Vec<(String, u64)> = [
            ("interview/1", 0),
            ("interview/2", 3),
            ("interview/2/reminder", 6),
            ("admitted", 8),
            ("workshop/1", 12),
            ("workshop/1/reminder", 18),
            (&format!("dialogue/{dialogue}/1"), 21),
            (&format!("dialogue/{dialogue}/1/reminder"), 28),
            ("completed", 31),
        ]
        .into_iter()
        .map(|(k, d)| (k.to_string(), d))
        .collect();
        assert_eq!(sent, expected);

        // Before admission the submitter gets the mails, with the interviewer in copy and
        // a calendar entry that the move updates.
        let first = find(&log, "interview/1");
        assert_eq!((first.kind, first.to.as_str(), first.lang), ("interview_invitation", SUBMITTER_EMAIL, Language::De));
        assert_eq!(first.cc, vec![TEAM_EMAIL.to_string()]);
        assert_eq!(first.context["change"], "new");
        let ics = first.calendar.as_ref().unwrap();
        assert_eq!((ics.sequence, ics.cancel, ics.start, ics.end), (0, false, at(5, 10), at(5, 11)));
        let moved = find(&log, "interview/2");
        assert_eq!(moved.context["change"], "updated");
        let moved_ics = moved.calendar.as_ref().unwrap();
        assert_eq!((moved_ics.uid.as_str(), moved_ics.sequence, moved_ics.start), (ics.uid.as_str(), 1, at(8, 14)));
        assert_eq!(find(&log, "interview/2/reminder").context["event"], "interview");
        assert_eq!(find(&log, "admitted").context["window_end"], "2026-09-10");
        assert_eq!(find(&log, "admitted").context["programme"], "Kohorte");
        // After admission the contact person gets them, in English; the facilitator is copied
        // on the workshop.
        let workshop = find(&log, "workshop/1");
        assert_eq!((workshop.to.as_str(), workshop.lang), (CONTACT_EMAIL, Language::En));
        assert_eq!(workshop.cc, vec![FACILITATOR_EMAIL.to_string()]);
        assert_eq!(workshop.context["facilitator"], "Fiona Begleitung");
        assert_eq!(workshop.context["location"], "Rathaus, Ratssaal");
        let event = find(&log, &format!("dialogue/{dialogue}/1"));
        assert_eq!(event.context["topic"], "Ankommen in Musterstadt");
        assert!(event.calendar.is_some());
        assert_eq!(find(&log, "completed").to, CONTACT_EMAIL);
        assert_eq!(find(&log, "completed").context["label"], "Vielfalt gestalten");
        // Mails come from the programme's sender once it names one, not before.
        assert_eq!(find(&log, "admitted").sender, None);
        assert_eq!(
            find(&log, "completed").sender,
            Some(lotse_app::mailer::Sender {
                name: Some("Programmteam Vielfalt".into()),
                reply_to: Some("team@vielfalt.example".into()),
            })
        );

        // Every mail renders with its templates (a missing value would be an error).
        for mail in log.iter().map(|(_, _, m)| m).chain(digests.iter().map(|(_, m)| m)) {
            let mut context = mail.context.clone();
            context["programme"] = "Weltoffene Kommune".into();
            let lang = match mail.lang { Language::De => lotse_mail::Lang::De, Language::En => lotse_mail::Lang::En };
            let rendered = lotse_mail::render(mail.kind.parse().unwrap(), lang, &context);
            assert!(rendered.is_ok(), "{}: {:?}", mail.kind, rendered.err());
        }

        // One digest per week for the team member, on the Mondays.
        let digest_days: Vec<u64> = digests.iter().map(|(d, _)| *d).collect();
        assert_eq!(digest_days, vec![0, 7, 14, 21, 28, 35]);
        for (d, mail) in &digests {
            assert_eq!((mail.kind, mail.to.as_str()), ("weekly_digest", TEAM_EMAIL));
            assert_eq!(mail.context["week_start"], day(*d).format("%Y-%m-%d").to_string());
        }
        // On day 14 the self-check is due within the fortnight, the workshop on day 20:
        // Musterstadt is listed with the tasks due that week.
        let week3 = &digests[2].1.context["municipalities"];
        assert_eq!(week3[0]["name"], "Musterstadt", "{week3}");

        // Every mail is on the timeline; a rebuilt read model finds nothing to send.
        let (m, _) = s.app.municipality(s.tenant, s.municipality).await.unwrap();
        assert_eq!(m.unwrap().mails_sent.len(), expected.len());
        for d in [0u64, 8, 21, 31, 35] {
            s.app.clock.set(day(d));
            let rebuilt = self::jobs(db, &s.app, mailer.clone()).await;
            assert!(rebuilt.scan_notices().await.unwrap().is_empty(), "day {d}");
        }
        let live = lotse_tests::settled_live(&db.store).await;
        let p = live.read().await;
        let view = &p.tenant(s.tenant).unwrap().municipalities[&s.municipality];
        let sentences: Vec<String> = view.timeline.iter()
            .filter(|e| matches!(*e.event, MunicipalityEvent::MailSent { .. }))
            .map(|e| lotse_projections::timeline::describe(&e.event, Language::De))
            .collect();
        assert_eq!(sentences.len(), expected.len());
        assert!(sentences.contains(&"Neuer Termin zum Erstgespräch verschickt (mit Kalendereintrag)".to_string()), "{sentences:?}");
    }
}

on_both_backends! {
    async fn an_invitation_and_its_cancellation_arrive_over_smtp_with_calendar_entries(db) {
        let dir = temp_dir();
        let smtp = Smtp::start(&dir, free_port());
        let s = setup(db).await;
        s.submit_interest().await;
        s.schedule_interview(at(5, 10)).await;
        let jobs = jobs(db, &s.app, smtp_mailer(smtp.port)).await;
        let worker = jobs.spawn_worker();
        let is_invitation = |d: &NoticeDelivery| d.municipality.is_some();
        lotse_tests::settle(&jobs.live, &db.store).await;
        assert_eq!(jobs.scan_notices().await.unwrap().iter().filter(|d| is_invitation(d)).count(), 1);
        // The invitation, the team's weekly digest and its news of the new form.
        until("the invitation", Duration::from_secs(20), || async { smtp.mails().len() == 3 }).await;
        // Sent is not yet recorded: wait for the record before the municipality withdraws.
        until("the invitation's record", Duration::from_secs(20), || async {
            let (m, _) = s.app.municipality(s.tenant, s.municipality).await.unwrap();
            m.is_some_and(|m| m.mails_sent.contains_key("interview/1"))
        }).await;
        // The municipality withdraws: the interview is cancelled in the calendars.
        s.app.clock.set(day(2));
        s.run(Command::Withdraw { reason: ShortText::parse("reason", "Keine Kapazität").unwrap() }).await;
        lotse_tests::settle(&jobs.live, &db.store).await;
        assert_eq!(jobs.scan_notices().await.unwrap().len(), 1);
        until("the cancellation", Duration::from_secs(20), || async { smtp.mails().len() == 4 }).await;

        let parsed: Vec<_> = smtp.mails().into_iter().map(|raw| {
            let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
            let to = m.to().unwrap().first().unwrap().address().unwrap().to_string();
            let cc: Vec<String> = m.cc().map(|c| c.iter().filter_map(|a| a.address().map(str::to_string)).collect()).unwrap_or_default();
            let ics = m.attachments().find(|a| a.attachment_name().is_some_and(|n| n.ends_with(".ics")))
                .map(|a| String::from_utf8_lossy(a.contents()).to_string());
            (to, cc, m.subject().unwrap().to_string(), m.body_text(0).unwrap().to_string(), m.body_html(0).is_some(), ics)
        }).collect();
        let mut invitations: Vec<_> = parsed.iter().filter(|p| p.0 == SUBMITTER_EMAIL).collect();
        invitations.sort_by_key(|p| p.5.as_deref().is_some_and(|ics| ics.contains("METHOD:CANCEL")));
        assert_eq!(invitations.len(), 2, "{parsed:?}");
        let (_, cc, subject, text, html, ics) = invitations[0];
        assert_eq!(cc, &vec![TEAM_EMAIL.to_string()]);
        assert!(subject.contains("Erstgespräch"), "{subject}");
        assert!(text.contains("Musterstadt") && text.contains("07.03.2026"), "{text}");
        assert!(*html);
        let ics = ics.as_ref().expect("an .ics attachment");
        assert!(ics.contains("METHOD:REQUEST") && ics.contains("SEQUENCE:0"), "{ics}");
        assert!(ics.contains("DTSTART;TZID=Europe/Berlin:20260307T100000"), "{ics}");
        assert!(ics.contains("DTEND;TZID=Europe/Berlin:20260307T110000"), "{ics}");
        let (_, _, subject, _, _, ics) = invitations[1];
        let ics = ics.as_ref().expect("an .ics attachment");
        assert!(ics.contains("METHOD:CANCEL") && ics.contains("SEQUENCE:1") && ics.contains("STATUS:CANCELLED"), "{ics}");
        assert!(!subject.is_empty());
        // The other mails are the team's weekly digest and its news of the form.
        assert!(parsed.iter().any(|p| p.0 == TEAM_EMAIL && p.2.starts_with("Wochenübersicht")), "{parsed:?}");
        assert!(parsed.iter().any(|p| p.0 == TEAM_EMAIL && p.2 == "Neue Interessenbekundung: Musterstadt"), "{parsed:?}");
        worker.abort();
        drop(smtp);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

on_both_backends! {
    async fn a_form_left_without_an_interview_reminds_the_team_on_its_days_and_shows_in_the_weekly_digest(db) {
        let s = setup(db).await;
        let mailer = Arc::new(MemoryMailer::default());
        let jobs = jobs(db, &s.app, mailer.clone()).await;
        s.submit_interest().await;
        let mut reminders: Vec<(String, String, u64, MailRequest)> = Vec::new();
        let mut digests: Vec<(u64, MailRequest)> = Vec::new();
        for d in 0..=16u64 {
            s.app.clock.set(day(d));
            lotse_tests::settle(&jobs.live, &db.store).await;
            for r in jobs.scan().await.unwrap() {
                let before = mailer.sent().len();
                assert_eq!(jobs.deliver(&r).await.unwrap(), Delivered::Sent, "day {d}: {}", r.task);
                reminders.push((r.task.clone(), r.step.clone(), d, mailer.sent()[before].clone()));
            }
            for n in jobs.scan_notices().await.unwrap() {
                let before = mailer.sent().len();
                assert_eq!(jobs.deliver_notice(&n).await.unwrap(), Delivered::Sent, "day {d}: {}", n.key);
                assert!(n.user.is_some(), "day {d}: only team mails before an interview, got {}", n.key);
                let mail = mailer.sent()[before].clone();
                if mail.kind == "weekly_digest" {
                    digests.push((d, mail));
                }
            }
        }
        // Ten days to schedule the interview: a week ahead, on the day, three days late.
        let sent: Vec<(&str, &str, u64)> = reminders.iter().map(|(t, s, d, _)| (t.as_str(), s.as_str(), *d)).collect();
        assert_eq!(
            sent,
            vec![
                ("schedule-interview", "before-7", 3),
                ("schedule-interview", "due", 10),
                ("schedule-interview", "overdue-3", 13),
            ]
        );
        for (_, _, _, mail) in &reminders {
            assert_eq!((mail.kind, mail.to.as_str()), ("task_reminder", TEAM_EMAIL));
            assert_eq!(mail.context["task_title"], "Erstgespräch terminieren");
        }
        // The second Monday's digest lists the form among the tasks due that week, the third
        // among the overdue ones.
        let digest_days: Vec<u64> = digests.iter().map(|(d, _)| *d).collect();
        assert_eq!(digest_days, vec![0, 7, 14]);
        let week2 = &digests[1].1.context["municipalities"][0];
        assert_eq!(week2["name"], "Musterstadt", "{week2}");
        assert_eq!(week2["due"][0]["title"], "Erstgespräch terminieren", "{week2}");
        assert_eq!(week2["due"][0]["due"], "2026-03-12", "{week2}");
        let week3 = &digests[2].1.context["municipalities"][0];
        assert_eq!(week3["overdue"][0]["title"], "Erstgespräch terminieren", "{week3}");

        // Once the interview is scheduled, nothing more about it.
        s.schedule_interview(at(20, 10)).await;
        s.app.clock.set(day(17));
        lotse_tests::settle(&jobs.live, &db.store).await;
        assert!(jobs.scan().await.unwrap().is_empty());
    }
}

on_both_backends! {
    async fn a_dialogue_event_moved_then_cancelled_sends_an_update_and_a_cancellation_over_smtp_and_no_reminder_after(db) {
        let dir = temp_dir();
        let smtp = Smtp::start(&dir, free_port());
        let s = setup(db).await;
        let dialogue = ItemId::new();
        let jobs = jobs(db, &s.app, smtp_mailer(smtp.port)).await;
        let short = |t: &str| ShortText::parse("text", t).unwrap();
        let mut notices: Vec<(String, u64)> = Vec::new();
        let mut reminded: Vec<(String, u64)> = Vec::new();
        for d in 0..=45u64 {
            s.app.clock.set(day(d));
            match d {
                // The journey up to the dialogue event planned on day 21 for day 30.
                0..=21 => s.commands_of(d, dialogue).await,
                // Moved to day 33 (same place), then cancelled.
                23 => s.run(Command::MoveDialogueEvent { id: dialogue, at: at(33, 18), place: None }).await,
                26 => s.run(Command::CancelDialogueEvent { id: dialogue, reason: short("Die Referentin ist erkrankt.") }).await,
                _ => {}
            }
            lotse_tests::settle(&jobs.live, &db.store).await;
            for n in jobs.scan_notices().await.unwrap() {
                assert_eq!(jobs.deliver_notice(&n).await.unwrap(), Delivered::Sent, "day {d}: {}", n.key);
                notices.push((n.key.clone(), d));
            }
            for r in jobs.scan().await.unwrap() {
                assert_eq!(jobs.deliver(&r).await.unwrap(), Delivered::Sent, "day {d}: {}", r.task);
                reminded.push((r.task.clone(), d));
            }
        }
        let base = format!("dialogue/{dialogue}");
        let about_it: Vec<(&str, u64)> = notices
            .iter()
            .filter(|(k, _)| k.starts_with(&base))
            .map(|(k, d)| (k.as_str(), *d))
            .collect();
        let key = |rest: &str| format!("{base}/{rest}");
        assert_eq!(
            about_it,
            vec![(key("1").as_str(), 21), (key("2").as_str(), 23), (key("2/cancelled").as_str(), 26)],
            "no reminder two days before either day"
        );
        // Nobody is asked to record attendance of an event that will not take place.
        let record_task = format!("dialogue-{dialogue}");
        assert!(reminded.iter().all(|(t, _)| *t != record_task), "{reminded:?}");
        let page = s.app.municipality(s.tenant, s.municipality).await.unwrap().0.unwrap();
        assert!(page.dialogue_events[&dialogue].cancelled.is_some());

        // Over SMTP: the contact person's invitation, its update (SEQUENCE 1, the new day)
        // and the cancellation (SEQUENCE 2, METHOD:CANCEL), one calendar entry throughout.
        let calendar_entries = || -> Vec<String> {
            smtp.mails()
                .into_iter()
                .filter_map(|raw| {
                    let m = mail_parser::MessageParser::default().parse(&raw)?;
                    let to = m.to()?.first()?.address()?.to_string();
                    let ics = m
                        .attachments()
                        .find(|a| a.attachment_name().is_some_and(|n| n.ends_with(".ics")))
                        .map(|a| String::from_utf8_lossy(a.contents()).to_string())?;
                    (to == CONTACT_EMAIL && ics.contains(&dialogue.to_string())).then_some(ics)
                })
                .collect()
        };
        until("the three mails about the event", Duration::from_secs(20), || async {
            calendar_entries().len() >= 3
        })
        .await;
        let mut entries = calendar_entries();
        entries.sort_by_key(|ics| ics.lines().find(|l| l.starts_with("SEQUENCE:")).map(str::to_string));
        assert_eq!(entries.len(), 3, "{entries:#?}");
        let uid = |ics: &str| ics.lines().find(|l| l.starts_with("UID:")).map(str::to_string);
        assert!(entries.iter().all(|e| uid(e) == uid(&entries[0])), "one UID: {entries:#?}");
        assert!(entries[0].contains("METHOD:REQUEST") && entries[0].contains("SEQUENCE:0"), "{}", entries[0]);
        assert!(entries[0].contains("DTSTART;TZID=Europe/Berlin:20260401T180000"), "{}", entries[0]);
        assert!(entries[1].contains("METHOD:REQUEST") && entries[1].contains("SEQUENCE:1"), "{}", entries[1]);
        assert!(entries[1].contains("DTSTART;TZID=Europe/Berlin:20260404T180000"), "{}", entries[1]);
        assert!(
            entries[2].contains("METHOD:CANCEL") && entries[2].contains("SEQUENCE:2") && entries[2].contains("STATUS:CANCELLED"),
            "{}",
            entries[2]
        );
        drop(smtp);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

on_both_backends! {
    async fn a_seat_freed_by_a_withdrawal_gives_the_team_a_reminded_task_to_admit_the_next_on_the_waiting_list(db) {
        let s = setup(db).await;
        let op = CommandMeta::new(Actor::operator());
        let mut one_place = ProgrammeSettings::weltoffene_kommune(ShortText::parse("name", "Kohorte").unwrap());
        one_place.capacity = 1;
        s.app.change_programme_settings(s.tenant, s.programme, one_place, false, &op).await.unwrap();
        let mailer = Arc::new(MemoryMailer::default());
        let jobs = jobs(db, &s.app, mailer.clone()).await;
        let next = MunicipalityId::new();
        for (id, name) in [(s.municipality, "Musterstadt"), (next, "Beispielheim")] {
            let admission = Admission {
                name,
                kind: MunicipalityKind::Stadt,
                population: 12_000,
                submitter_email: SUBMITTER_EMAIL,
                contact_email: CONTACT_EMAIL,
                contact_language: Language::De,
            };
            for command in [
                job_setup::interest(s.programme, &admission),
                Command::ScheduleInterview { at: at(0, 9), interviewer: s.team },
                job_setup::interview_held(day(0)),
                Command::Admit,
            ] {
                job_setup::run(&s.app, s.tenant, id, command).await;
            }
        }
        let stage_of = |id: MunicipalityId| {
            let live = jobs.live.clone();
            async move { live.read().await.tenant(s.tenant).unwrap().municipalities[&id].stage() }
        };
        lotse_tests::settle(&jobs.live, &db.store).await;
        assert_eq!(stage_of(next).await, Stage::WaitingList);

        let mut reminded: Vec<(String, String, u64)> = Vec::new();
        let mut digests: Vec<(u64, MailRequest)> = Vec::new();
        for d in 0..=20u64 {
            s.app.clock.set(day(d));
            match d {
                // The admitted municipality leaves: its seat is free from day 3.
                3 => job_setup::run(&s.app, s.tenant, s.municipality, Command::Withdraw {
                    reason: ShortText::parse("reason", "Kein Personal mehr").unwrap(),
                }).await,
                // The team admits the next one.
                18 => job_setup::run(&s.app, s.tenant, next, Command::Admit).await,
                _ => {}
            }
            lotse_tests::settle(&jobs.live, &db.store).await;
            for r in jobs.scan().await.unwrap() {
                let before = mailer.sent().len();
                assert_eq!(jobs.deliver(&r).await.unwrap(), Delivered::Sent, "day {d}: {}", r.task);
                if r.task.starts_with("admit-from-waiting-list") {
                    let mail = &mailer.sent()[before];
                    assert_eq!((mail.kind, mail.to.as_str()), ("task_reminder", TEAM_EMAIL));
                    assert_eq!(
                        mail.context["task_title"],
                        "Ein Platz ist frei: nächste Kommune der Warteliste aufnehmen"
                    );
                    assert_eq!(mail.context["municipality"], "Beispielheim", "{}", mail.context);
                    reminded.push((r.task.clone(), r.step.clone(), d));
                }
            }
            for n in jobs.scan_notices().await.unwrap() {
                let before = mailer.sent().len();
                assert_eq!(jobs.deliver_notice(&n).await.unwrap(), Delivered::Sent, "day {d}: {}", n.key);
                if mailer.sent()[before].kind == "weekly_digest" {
                    digests.push((d, mailer.sent()[before].clone()));
                }
            }
        }
        // Fourteen days to decide, counted from the day the seat came free: a week ahead
        // and on the day; nothing once the municipality is admitted on day 18.
        let task = "admit-from-waiting-list-2026-03-05".to_string();
        assert_eq!(
            reminded,
            vec![(task.clone(), "before-7".into(), 10), (task, "due".into(), 17)]
        );
        // The third Monday's digest lists it among the tasks due that week.
        let week3 = &digests.iter().find(|(d, _)| *d == 14).expect("a digest on day 14").1.context;
        let entry = week3["municipalities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == "Beispielheim")
            .unwrap_or_else(|| panic!("{week3}"));
        assert_eq!(
            entry["due"][0]["title"],
            "Ein Platz ist frei: nächste Kommune der Warteliste aufnehmen",
            "{entry}"
        );
        assert_eq!(stage_of(next).await, Stage::Onboarding);
    }
}

on_both_backends! {
    async fn the_team_hears_of_a_new_form_at_once_or_the_morning_after_as_each_member_chose(db) {
        let s = setup(db).await;
        let daily = job_setup::user(&s.app, s.tenant, Role::Team, "Dora Daily", "dora@example.org").await;
        let never = job_setup::user(&s.app, s.tenant, Role::Team, "Nina Nie", "nina@example.org").await;
        for (user, alerts) in [(daily, FormAlerts::Daily), (never, FormAlerts::Never)] {
            let (state, version) = s.app.user(s.tenant, user).await.unwrap();
            let events = lotse_domain::user::User::choose_form_alerts(state.as_ref(), alerts).unwrap();
            s.app.append(s.tenant, user.stream(), version, &events, &CommandMeta::new(Actor::user(user))).await.unwrap();
        }
        let mailer = Arc::new(MemoryMailer::default());
        let jobs = jobs(db, &s.app, mailer.clone()).await;
        // Monday (day 0): the form comes in.
        s.submit_interest().await;
        let mut got: Vec<(u64, String, String)> = Vec::new();
        for d in 0..=3u64 {
            s.app.clock.set(day(d));
            lotse_tests::settle(&jobs.live, &db.store).await;
            for n in jobs.scan_notices().await.unwrap() {
                let before = mailer.sent().len();
                assert_eq!(jobs.deliver_notice(&n).await.unwrap(), Delivered::Sent, "day {d}: {}", n.key);
                let mail = &mailer.sent()[before];
                if mail.kind == "new_interest_forms" {
                    assert_eq!(mail.context["forms"][0]["name"], "Musterstadt", "{}", mail.context);
                    assert!(mail.context["forms"][0]["url"].as_str().unwrap().contains("/kommunen/"));
                    got.push((d, mail.to.clone(), mail.context["day"].to_string()));
                }
            }
        }
        // Tina (at once, the default) on the day, Dora the morning after with the day
        // named, Nina never; nobody twice.
        assert_eq!(
            got,
            vec![
                (0, TEAM_EMAIL.to_string(), "null".to_string()),
                (1, "dora@example.org".to_string(), "\"2026-03-02\"".to_string()),
            ]
        );
    }
}

on_both_backends! {
    async fn a_format_with_a_time_invites_the_contact_person_and_its_move_and_cancellation_follow(db) {
        let s = setup(db).await;
        let mailer = Arc::new(MemoryMailer::default());
        let jobs = jobs(db, &s.app, mailer.clone()).await;
        let support = ItemId::new();
        let short = |t: &str| ShortText::parse("text", t).unwrap();
        let mut invitations: Vec<(u64, MailRequest)> = Vec::new();
        for d in 0..=24u64 {
            s.app.clock.set(day(d));
            s.commands_of(d, ItemId::new()).await;
            match d {
                21 => s.run(Command::PlanSupport {
                    id: support,
                    format: SupportFormat::Coaching,
                    audience: Audience::Mayor,
                    on: day(30),
                    topic: short("Haltung zeigen"),
                    time: chrono::NaiveTime::from_hms_opt(16, 0, 0),
                    place: Some(short("Rathaus, Zimmer 12")),
                }).await,
                22 => s.run(Command::MoveSupport {
                    id: support,
                    on: day(31),
                    time: chrono::NaiveTime::from_hms_opt(9, 30, 0),
                    place: None,
                }).await,
                23 => s.run(Command::CancelSupport { id: support, reason: short("Terminkonflikt im Rat") }).await,
                _ => {}
            }
            lotse_tests::settle(&jobs.live, &db.store).await;
            for n in jobs.scan_notices().await.unwrap() {
                let before = mailer.sent().len();
                assert_eq!(jobs.deliver_notice(&n).await.unwrap(), Delivered::Sent, "day {d}: {}", n.key);
                let mail = mailer.sent()[before].clone();
                if mail.kind == "support_invitation" {
                    invitations.push((d, mail));
                }
            }
        }
        let got: Vec<(u64, String, String, u32, bool)> = invitations
            .iter()
            .map(|(d, m)| {
                let c = m.calendar.as_ref().expect("a calendar entry");
                (*d, m.context["change"].as_str().unwrap().to_string(), m.context["start"].as_str().unwrap().to_string(), c.sequence, c.cancel)
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (21, "new".into(), "2026-04-01T16:00:00".into(), 0, false),
                (22, "updated".into(), "2026-04-02T09:30:00".into(), 1, false),
                (23, "cancelled".into(), "2026-04-02T09:30:00".into(), 2, true),
            ]
        );
        let first = &invitations[0].1;
        assert_eq!(first.to, CONTACT_EMAIL);
        assert_eq!(first.context["location"], "Rathaus, Zimmer 12");
        assert!(first.context["format_title"].as_str().unwrap().ends_with("Haltung zeigen"), "{}", first.context);
        assert_eq!(invitations[0].1.calendar.as_ref().unwrap().uid, invitations[2].1.calendar.as_ref().unwrap().uid);
    }
}
