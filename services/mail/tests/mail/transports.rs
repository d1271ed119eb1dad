//! The memory and file transports, and secrets in configuration.

use std::time::Duration;

use lotse_mail::{
    FileTransport, Lang, MailKind, MemoryTransport, OutgoingMail, Secret, SendError, SmtpConfig,
    Transport, TransportConfig, message_id, render,
};
use mail_parser::MessageParser;

use crate::fixtures::{context, invitation_mail};

fn sign_in_mail() -> OutgoingMail {
    let rendered = render(
        MailKind::SignInLink,
        Lang::De,
        &context(MailKind::SignInLink, Lang::De),
    )
    .expect("renders");
    OutgoingMail {
        kind: MailKind::SignInLink,
        from: "Lotse <noreply@lotse.example>".into(),
        to: vec!["jana.beispiel@musterstadt.example".into()],
        cc: vec![],
        reply_to: None,
        message_id: message_id("sign-in/token-1", "lotse.example"),
        rendered,
        attachments: vec![],
    }
}

#[tokio::test]
async fn the_memory_transport_keeps_what_was_sent_and_its_clones_share_it() {
    let transport = MemoryTransport::new();
    let handle = transport.clone();
    transport.send(&sign_in_mail()).await.expect("sent");
    assert_eq!(handle.mails().len(), 1);
    assert_eq!(handle.take()[0].kind, MailKind::SignInLink);
    assert!(handle.mails().is_empty());
}

#[tokio::test]
async fn the_memory_transport_fails_as_told_and_then_accepts_again() {
    let transport = MemoryTransport::new();
    transport.fail_next(SendError::Temporary("451 try later".into()));
    transport.fail_next(SendError::Permanent("550 unknown".into()));
    let mail = sign_in_mail();
    assert!(matches!(
        transport.send(&mail).await,
        Err(SendError::Temporary(_))
    ));
    assert!(matches!(
        transport.send(&mail).await,
        Err(SendError::Permanent(_))
    ));
    assert!(transport.mails().is_empty());
    transport.send(&mail).await.expect("sent");
    assert_eq!(transport.mails(), vec![mail]);
}

#[tokio::test]
async fn the_file_transport_writes_one_eml_file_per_message_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let transport = FileTransport::new(dir.path().join("mails"));
    let mail = invitation_mail(
        vec!["jana@musterstadt.example".into()],
        vec![],
        message_id("interview/7/0", "lotse.example"),
    );
    transport.send(&mail).await.expect("written");
    transport.send(&mail).await.expect("written again");

    let files: Vec<_> = std::fs::read_dir(dir.path().join("mails"))
        .expect("folder exists")
        .map(|entry| entry.expect("entry").path())
        .collect();
    assert_eq!(files, vec![transport.path_for(&mail)]);
    let name = files[0].file_name().and_then(|n| n.to_str()).expect("name");
    assert_eq!(
        name,
        format!("{}.eml", mail.message_id.trim_matches(['<', '>']))
    );

    let bytes = std::fs::read(&files[0]).expect("readable");
    let parsed = MessageParser::default().parse(&bytes[..]).expect("parses");
    assert_eq!(parsed.subject(), Some(mail.rendered.subject.as_str()));
    assert_eq!(
        parsed.attachment_count(),
        2,
        "calendar alternative and einladung.ics"
    );
}

#[test]
fn the_file_transport_prints_the_link_of_a_sign_in_mail_and_nothing_personal() {
    let transport = FileTransport::new("unused");
    let mail = sign_in_mail();
    let line = transport
        .console_line(&mail)
        .expect("a sign-in mail gets a line");
    assert_eq!(
        line,
        "lotse-mail (development): sign-in link https://lotse.example/anmelden/8d41b0c5"
    );
    assert!(!line.contains("jana") && !line.contains("Beispiel"));

    let welcome = OutgoingMail {
        kind: MailKind::ContactWelcome,
        rendered: render(
            MailKind::ContactWelcome,
            Lang::En,
            &context(MailKind::ContactWelcome, Lang::En),
        )
        .expect("renders"),
        ..sign_in_mail()
    };
    assert_eq!(
        transport.console_line(&welcome).as_deref(),
        Some("lotse-mail (development): sign-in link https://lotse.example/anmelden/3f9c2a7e")
    );
}

#[test]
fn the_file_transport_prints_nothing_for_other_mails() {
    let transport = FileTransport::new("unused");
    let mail = invitation_mail(
        vec!["jana@musterstadt.example".into()],
        vec![],
        message_id("i", "l.example"),
    );
    assert_eq!(transport.console_line(&mail), None);
}

#[tokio::test]
async fn the_configuration_chooses_the_transport() {
    let dir = tempfile::tempdir().expect("temp dir");
    let transport = TransportConfig::File {
        dir: dir.path().to_path_buf(),
    }
    .build()
    .expect("builds");
    transport.send(&sign_in_mail()).await.expect("written");
    assert_eq!(std::fs::read_dir(dir.path()).expect("folder").count(), 1);

    let smtp = TransportConfig::Smtp(SmtpConfig::new("localhost", 587)).build();
    assert!(smtp.is_ok());
}

#[test]
fn a_password_never_shows_in_debug_output() {
    let mut config = SmtpConfig::new("smtp.example.org", 587);
    config.username = Some("lotse".into());
    config.password = Some(Secret::new("hunter2-very-secret"));
    let debug = format!("{config:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("Secret(***)"), "{debug}");
    assert_eq!(config.timeout, Duration::from_secs(5));
    assert_eq!(
        config.password.as_ref().map(Secret::expose),
        Some("hunter2-very-secret")
    );
}

#[test]
fn a_user_name_without_a_password_is_refused() {
    let mut config = SmtpConfig::new("smtp.example.org", 587);
    config.username = Some("lotse".into());
    assert!(lotse_mail::SmtpTransport::new(&config).is_err());
}
