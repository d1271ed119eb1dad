//! Message-IDs and the MIME structure of an outgoing mail.

use lotse_mail::{Lang, MailKind, OutgoingMail, SendError, message_id, render};
use mail_parser::{MessageParser, MimeHeaders, PartType};

use crate::fixtures::{context, invitation_mail};

#[test]
fn the_same_key_always_gives_the_same_message_id() {
    let key = "reminder/task-42/before/2026-11-22";
    assert_eq!(
        message_id(key, "lotse.example"),
        message_id(key, "lotse.example")
    );
    assert_ne!(
        message_id(key, "lotse.example"),
        message_id("reminder/task-42/due/2026-11-22", "lotse.example")
    );
}

#[test]
fn a_message_id_is_a_hash_in_angle_brackets_at_the_domain() {
    let id = message_id("sign-in/jana@example.org/1", "lotse.example");
    let inner = id
        .strip_prefix('<')
        .and_then(|s| s.strip_suffix("@lotse.example>"))
        .expect("<…@lotse.example>");
    assert_eq!(inner.len(), 64);
    assert!(
        inner
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert!(!id.contains("jana"), "the key must not show: {id}");
    // SHA-256 of "abc", so the id does not change between releases.
    assert_eq!(
        message_id("abc", "x.example"),
        "<ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad@x.example>"
    );
}

#[test]
fn an_invitation_is_mixed_with_text_html_and_calendar_alternatives_and_an_ics_file() {
    let mail = invitation_mail(
        vec!["jana@musterstadt.example".into()],
        vec!["team@lotse.example".into()],
        message_id("interview/7/0", "lotse.example"),
    );
    let bytes = mail.to_bytes().expect("builds");
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("Auto-Submitted: auto-generated\r\n"));
    let parsed = MessageParser::default().parse(&bytes[..]).expect("parses");

    let root = parsed.root_part();
    let root_type = root.content_type().expect("content type");
    assert_eq!(
        (root_type.ctype(), root_type.subtype()),
        ("multipart", Some("mixed"))
    );
    let PartType::Multipart(children) = &root.body else {
        panic!("not multipart")
    };
    assert_eq!(children.len(), 2, "alternative + one attachment");

    let alternative = parsed.part(children[0]).expect("part");
    let alt_type = alternative.content_type().expect("content type");
    assert_eq!(
        (alt_type.ctype(), alt_type.subtype()),
        ("multipart", Some("alternative"))
    );
    let PartType::Multipart(alternatives) = &alternative.body else {
        panic!("not multipart")
    };
    let types: Vec<String> = alternatives
        .iter()
        .map(|id| {
            let ct = parsed
                .part(*id)
                .and_then(|p| p.content_type())
                .expect("type");
            format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or(""))
        })
        .collect();
    assert_eq!(types, ["text/plain", "text/html", "text/calendar"]);
    let plain = parsed
        .part(alternatives[0])
        .and_then(|p| p.content_type())
        .expect("type");
    assert_eq!(
        plain
            .attribute("charset")
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("utf-8")
    );

    let file = parsed.part(children[1]).expect("attachment");
    assert_eq!(file.attachment_name(), Some("einladung.ics"));
    let ct = file.content_type().expect("type");
    assert_eq!((ct.ctype(), ct.subtype()), ("text", Some("calendar")));
    assert_eq!(ct.attribute("method"), Some("REQUEST"));
    assert_eq!(file.contents(), mail.attachments[0].content.as_slice());
}

#[test]
fn a_mail_without_attachments_is_only_the_alternative() {
    let rendered = render(
        MailKind::SignInLink,
        Lang::En,
        &context(MailKind::SignInLink, Lang::En),
    )
    .expect("renders");
    let mail = OutgoingMail {
        kind: MailKind::SignInLink,
        from: "Lotse <noreply@lotse.example>".into(),
        to: vec!["jana@musterstadt.example".into()],
        cc: vec![],
        reply_to: None,
        message_id: message_id("sign-in/1", "lotse.example"),
        rendered: rendered.clone(),
        attachments: vec![],
    };
    let bytes = mail.to_bytes().expect("builds");
    let parsed = MessageParser::default().parse(&bytes[..]).expect("parses");
    let root_type = parsed.root_part().content_type().expect("type");
    assert_eq!(
        (root_type.ctype(), root_type.subtype()),
        ("multipart", Some("alternative"))
    );
    assert_eq!(parsed.subject(), Some(rendered.subject.as_str()));
    assert_eq!(
        parsed.body_text(0).expect("text").replace("\r\n", "\n"),
        rendered.text
    );
    assert_eq!(parsed.attachment_count(), 0);
}

#[test]
fn an_invalid_address_is_a_permanent_error_that_does_not_repeat_it() {
    let mut mail = invitation_mail(
        vec!["not an address".into()],
        vec![],
        message_id("x", "lotse.example"),
    );
    let error = mail.to_bytes().expect_err("must fail");
    assert!(matches!(error, SendError::Permanent(_)));
    assert!(!error.to_string().contains("not an address"));

    mail.to = vec![];
    assert!(matches!(mail.to_bytes(), Err(SendError::Permanent(_))));
}
