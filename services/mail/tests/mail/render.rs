//! Rendering: snapshots of every kind in both languages, strictness, leftovers.

use lotse_mail::{Lang, MailKind, RenderError, Rendered, render};
use serde_json::{Value, json};

use crate::fixtures::{context, context_with};

/// One snapshot holds the subject, the text and the HTML of one mail.
fn snapshot_text(mail: &Rendered) -> String {
    format!(
        "Subject: {}\n\n==================== text/plain ====================\n{}\n==================== text/html ====================\n{}",
        mail.subject, mail.text, mail.html
    )
}

/// The HTML without its `style` attributes, which legitimately say `none`.
fn without_styles(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find(" style=\"") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 8..];
        rest = after.find('"').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out
}

fn assert_reads_well(name: &str, mail: &Rendered) {
    let html = without_styles(&mail.html);
    for (part, body) in [
        ("subject", &mail.subject),
        ("text", &mail.text),
        ("html", &html),
    ] {
        for leftover in ["{{", "}}", "{%", "%}", "{#", "#}", "undefined"] {
            assert!(
                !body.contains(leftover),
                "{name}: the {part} contains {leftover:?}:\n{body}"
            );
        }
        let words: Vec<&str> = body.split(|c: char| !c.is_alphanumeric()).collect();
        for leftover in ["none", "None", "null", "true", "false"] {
            assert!(
                !words.contains(&leftover),
                "{name}: the {part} contains the word {leftover:?}:\n{body}"
            );
        }
    }
    assert!(
        !mail.subject.contains('\n'),
        "{name}: the subject has a line break"
    );
    assert!(mail.text.ends_with('\n') && !mail.text.ends_with("\n\n"));
    assert!(
        mail.text.contains("\n-- \n"),
        "{name}: the text has no footer"
    );
}

fn snapshot(kind: MailKind, variant: &str, lang: Lang, ctx: &Value) {
    let mail = render(kind, lang, ctx).unwrap_or_else(|e| panic!("{kind} ({lang}): {e}"));
    let name = if variant.is_empty() {
        format!("{kind}_{lang}")
    } else {
        format!("{kind}_{variant}_{lang}")
    };
    assert_reads_well(&name, &mail);
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, snapshot_text(&mail));
    });
}

fn snapshot_both(kind: MailKind) {
    for lang in Lang::ALL {
        snapshot(kind, "", lang, &context(kind, lang));
    }
}

fn snapshot_variant(kind: MailKind, key: &str, value: &str) {
    for lang in Lang::ALL {
        snapshot(
            kind,
            value,
            lang,
            &context_with(kind, lang, key, json!(value)),
        );
    }
}

#[test]
fn the_interest_confirmation_reads_as_in_its_snapshots() {
    snapshot_both(MailKind::InterestConfirmation);
}

#[test]
fn the_interview_invitation_reads_as_in_its_snapshots_when_new_moved_and_cancelled() {
    snapshot_both(MailKind::InterviewInvitation);
    snapshot_variant(MailKind::InterviewInvitation, "change", "updated");
    snapshot_variant(MailKind::InterviewInvitation, "change", "cancelled");
}

#[test]
fn the_admission_mail_reads_as_in_its_snapshots() {
    snapshot_both(MailKind::Admitted);
}

#[test]
fn the_decline_mail_reads_as_in_its_snapshots() {
    snapshot_both(MailKind::Declined);
}

#[test]
fn the_waiting_list_mail_reads_as_in_its_snapshots() {
    snapshot_both(MailKind::WaitingList);
}

#[test]
fn the_contact_welcome_reads_as_in_its_snapshots() {
    snapshot_both(MailKind::ContactWelcome);
}

#[test]
fn the_staff_invitation_reads_as_in_its_snapshots_for_each_role() {
    snapshot_both(MailKind::StaffInvitation);
    snapshot_variant(MailKind::StaffInvitation, "role", "team");
    snapshot_variant(MailKind::StaffInvitation, "role", "funder");
}

#[test]
fn the_sign_in_link_reads_as_in_its_snapshots() {
    snapshot_both(MailKind::SignInLink);
}

#[test]
fn the_task_reminder_reads_as_in_its_snapshots_before_on_and_after_the_due_date() {
    snapshot_variant(MailKind::TaskReminder, "stage", "before");
    snapshot_variant(MailKind::TaskReminder, "stage", "due");
    snapshot_variant(MailKind::TaskReminder, "stage", "overdue");
}

#[test]
fn the_workshop_invitation_reads_as_in_its_snapshots_when_new_moved_and_cancelled() {
    snapshot_both(MailKind::WorkshopInvitation);
    snapshot_variant(MailKind::WorkshopInvitation, "change", "updated");
    snapshot_variant(MailKind::WorkshopInvitation, "change", "cancelled");
}

#[test]
fn the_dialogue_event_invitation_reads_as_in_its_snapshots_when_new_moved_and_cancelled() {
    snapshot_both(MailKind::DialogueEventInvitation);
    snapshot_variant(MailKind::DialogueEventInvitation, "change", "updated");
    snapshot_variant(MailKind::DialogueEventInvitation, "change", "cancelled");
}

#[test]
fn the_support_invitation_reads_as_in_its_snapshots_when_new_moved_and_cancelled() {
    snapshot_both(MailKind::SupportInvitation);
    snapshot_variant(MailKind::SupportInvitation, "change", "updated");
    snapshot_variant(MailKind::SupportInvitation, "change", "cancelled");
}

#[test]
fn the_event_reminder_reads_as_in_its_snapshots() {
    snapshot_both(MailKind::EventReminder);
}

#[test]
fn the_event_reminder_names_every_kind_of_appointment() {
    for event in ["interview", "workshop", "dialogue_event", "support"] {
        for lang in Lang::ALL {
            let ctx = context_with(MailKind::EventReminder, lang, "event", json!(event));
            let mail = render(MailKind::EventReminder, lang, &ctx).expect("renders");
            assert_reads_well(event, &mail);
        }
    }
}

#[test]
fn the_window_closing_mail_reads_as_in_its_snapshots_with_and_without_open_steps() {
    snapshot_both(MailKind::WindowClosing);
    for lang in Lang::ALL {
        let ctx = context_with(MailKind::WindowClosing, lang, "missing", json!([]));
        snapshot(MailKind::WindowClosing, "nothing_missing", lang, &ctx);
    }
}

#[test]
fn the_completion_mail_reads_as_in_its_snapshots() {
    snapshot_both(MailKind::Completed);
}

#[test]
fn a_programme_without_a_label_completes_with_a_mail_that_names_its_own_programme_and_no_label() {
    for lang in Lang::ALL {
        let mut ctx = context_with(MailKind::Completed, lang, "label", Value::Null);
        ctx["programme"] = json!("Ankommen in Nordhessen");
        let mail = render(MailKind::Completed, lang, &ctx).expect("renders");
        for text in [&mail.subject, &mail.text, &mail.html] {
            assert!(text.contains("Ankommen in Nordhessen"), "{text}");
            assert!(!text.contains("Weltoffene Kommune"), "{text}");
        }
        // (The HTML has an `aria-label` of its own.)
        for text in [&mail.subject, &mail.text] {
            assert!(!text.to_lowercase().contains("label"), "{text}");
        }
        assert!(!mail.html.contains("Label") && !mail.html.contains("label</"));
        snapshot(MailKind::Completed, "without_label", lang, &ctx);
    }
}

#[test]
fn the_new_interest_forms_mail_reads_as_in_its_snapshots_for_one_form_at_once_and_a_day_of_forms() {
    snapshot_both(MailKind::NewInterestForms);
    for lang in Lang::ALL {
        let ctx = context_with(
            MailKind::NewInterestForms,
            lang,
            "day",
            serde_json::Value::Null,
        );
        let mut ctx = ctx;
        ctx["forms"].as_array_mut().unwrap().truncate(1);
        snapshot(MailKind::NewInterestForms, "one", lang, &ctx);
    }
}

#[test]
fn the_weekly_digest_reads_as_in_its_snapshots_with_tasks_and_without() {
    snapshot_both(MailKind::WeeklyDigest);
    for lang in Lang::ALL {
        let ctx = context_with(MailKind::WeeklyDigest, lang, "municipalities", json!([]));
        snapshot(MailKind::WeeklyDigest, "empty", lang, &ctx);
    }
}

#[test]
fn every_kind_renders_in_both_languages_with_its_fixture() {
    for kind in MailKind::ALL {
        for lang in Lang::ALL {
            let mail = render(*kind, lang, &context(*kind, lang))
                .unwrap_or_else(|e| panic!("{kind} ({lang}): {e}"));
            assert_reads_well(&format!("{kind}_{lang}"), &mail);
        }
    }
}

#[test]
fn the_html_names_its_language_and_title_and_the_footer_names_the_programme() {
    for kind in MailKind::ALL {
        for lang in Lang::ALL {
            let mail = render(*kind, lang, &context(*kind, lang)).expect("renders");
            assert!(mail.html.starts_with("<!DOCTYPE html>\n<html lang=\""));
            assert!(mail.html.contains(&format!("<html lang=\"{lang}\">")));
            let title = mail
                .subject
                .replace('&', "&amp;")
                .replace('\'', "&#x27;")
                .replace('"', "&quot;");
            assert!(
                mail.html.contains(&format!("<title>{title}</title>")),
                "{kind} {lang}"
            );
            let footer = mail.text.split("\n-- \n").nth(1).expect("footer");
            assert!(
                footer.contains("Weltoffene Kommune"),
                "{kind} {lang}: {footer}"
            );
            let why = if lang == Lang::De {
                "Sie erhalten"
            } else {
                "You are receiving"
            };
            assert!(footer.contains(why), "{kind} {lang}: {footer}");
        }
    }
}

#[test]
fn every_variable_of_every_kind_is_required() {
    for kind in MailKind::ALL {
        for lang in Lang::ALL {
            let full = context(*kind, lang);
            for key in full.as_object().expect("object").keys() {
                let mut ctx = full.clone();
                ctx.as_object_mut().expect("object").remove(key);
                let result = render(*kind, lang, &ctx);
                assert!(
                    matches!(result, Err(RenderError::Template { .. })),
                    "{kind} ({lang}) rendered without {key:?}"
                );
            }
        }
    }
}

#[test]
fn a_missing_variable_is_an_error_that_names_it() {
    let mut ctx = context(MailKind::SignInLink, Lang::De);
    ctx.as_object_mut().expect("object").remove("sign_in_url");
    let error = render(MailKind::SignInLink, Lang::De, &ctx).expect_err("must fail");
    let message = error.to_string();
    assert!(message.contains("`sign_in_url` is undefined"), "{message}");
    assert!(message.contains("sign_in_link/de"), "{message}");
}

#[test]
fn an_unknown_choice_is_an_error_too() {
    let ctx = context_with(MailKind::TaskReminder, Lang::En, "stage", json!("someday"));
    let error = render(MailKind::TaskReminder, Lang::En, &ctx).expect_err("must fail");
    assert!(error.to_string().contains("stage"), "{error}");

    let ctx = context_with(
        MailKind::WindowClosing,
        Lang::De,
        "missing",
        json!(["party"]),
    );
    assert!(render(MailKind::WindowClosing, Lang::De, &ctx).is_err());
}

#[test]
fn a_date_that_cannot_be_read_is_an_error() {
    let ctx = context_with(
        MailKind::Admitted,
        Lang::De,
        "window_end",
        json!("31.05.2027"),
    );
    assert!(render(MailKind::Admitted, Lang::De, &ctx).is_err());
    let ctx = context_with(
        MailKind::InterviewInvitation,
        Lang::De,
        "start",
        json!("2026-11-22T13:30:00Z"),
    );
    assert!(render(MailKind::InterviewInvitation, Lang::De, &ctx).is_err());
}

#[test]
fn a_context_that_is_not_an_object_is_refused() {
    let error =
        render(MailKind::Completed, Lang::De, &json!(["Musterstadt"])).expect_err("must fail");
    assert!(matches!(error, RenderError::ContextNotAnObject { .. }));
}

#[test]
fn values_are_escaped_in_html_but_not_in_text() {
    let ctx = context_with(
        MailKind::Completed,
        Lang::De,
        "municipality",
        json!("Stadt <Süd> & \"Nord\""),
    );
    let mail = render(MailKind::Completed, Lang::De, &ctx).expect("renders");
    assert!(
        mail.html
            .contains("Stadt &lt;Süd&gt; &amp; &quot;Nord&quot;")
    );
    assert!(!mail.html.contains("<Süd>"));
    assert!(mail.text.contains("Stadt <Süd> & \"Nord\""));
    assert!(mail.subject.contains("Stadt <Süd> & \"Nord\""));
}

#[test]
fn german_mails_write_dates_and_times_the_german_way() {
    let mail = render(
        MailKind::InterviewInvitation,
        Lang::De,
        &context(MailKind::InterviewInvitation, Lang::De),
    )
    .expect("renders");
    assert_eq!(mail.subject, "Einladung zum Erstgespräch am 22.11.2026");
    assert!(
        mail.text.contains("Datum:   Sonntag, 22.11.2026\n"),
        "{}",
        mail.text
    );
    assert!(
        mail.text.contains("Uhrzeit: 14:30 bis 15:30 Uhr\n"),
        "{}",
        mail.text
    );
    let reminder = render(
        MailKind::EventReminder,
        Lang::De,
        &context(MailKind::EventReminder, Lang::De),
    )
    .expect("renders");
    assert_eq!(
        reminder.subject,
        "Erinnerung: Workshop am 14.01.2027 um 09:30 Uhr"
    );
}

#[test]
fn english_mails_write_dates_and_times_the_english_way() {
    let mail = render(
        MailKind::InterviewInvitation,
        Lang::En,
        &context(MailKind::InterviewInvitation, Lang::En),
    )
    .expect("renders");
    assert_eq!(
        mail.subject,
        "Invitation to the initial interview on 22 November 2026"
    );
    assert!(
        mail.text.contains("Date:  Sunday, 22 November 2026\n"),
        "{}",
        mail.text
    );
    assert!(
        mail.text.contains("Time:  2:30 pm to 3:30 pm\n"),
        "{}",
        mail.text
    );
    let reminder = render(
        MailKind::EventReminder,
        Lang::En,
        &context(MailKind::EventReminder, Lang::En),
    )
    .expect("renders");
    assert_eq!(
        reminder.subject,
        "Reminder: workshop on 14 January 2027 at 9:30 am"
    );
}
