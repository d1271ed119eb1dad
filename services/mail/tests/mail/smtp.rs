//! End to end through a real SMTP server: aiosmtpd, started as its own process on
//! loopback. The tests fail (never skip) when aiosmtpd is missing.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use lotse_mail::{Security, SendError, SmtpConfig, SmtpTransport, Transport, message_id};
use mail_parser::{MessageParser, MimeHeaders};

use crate::fixtures::invitation_mail;

/// `./scripts/test.sh` installs aiosmtpd into a virtual environment of its own and puts its
/// `bin/` first on PATH, so that `python3` here is the one with aiosmtpd.
const INSTALL_HINT: &str = "./scripts/test.sh installs aiosmtpd 1.4.6 into target/test-venv; to run these tests alone afterwards, put target/test-venv/bin first on PATH";

/// An aiosmtpd process on a free loopback port, ended when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl SmtpServer {
    /// `python3 -m aiosmtpd -n -l 127.0.0.1:<port> -c <handler> <args…>`.
    fn start(handler: &str, args: &[&Path], log_dir: &Path) -> SmtpServer {
        require_aiosmtpd();
        let port = free_port();
        let log = log_dir.join("aiosmtpd.log");
        let log_file = std::fs::File::create(&log).expect("log file");
        let child = Command::new("python3")
            .args([
                "-u",
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                handler,
            ])
            .args(args)
            .env(
                "PYTHONPATH",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp"),
            )
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log file"))
            .stderr(log_file)
            .spawn()
            .expect("python3 must be installed to run the SMTP tests");
        let mut server = SmtpServer { child, port, log };
        server.wait_until_listening();
        server
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                panic!(
                    "aiosmtpd ended before listening ({status}):\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not listen within 15 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn transport(&self) -> SmtpTransport {
        SmtpTransport::new(&plain_config(self.port)).expect("valid settings")
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn require_aiosmtpd() {
    let found = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(
        found,
        "the SMTP tests need the Python package aiosmtpd, which python3 does not find: {INSTALL_HINT}"
    );
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("address").port()
}

fn plain_config(port: u16) -> SmtpConfig {
    SmtpConfig {
        security: Security::None,
        timeout: Duration::from_secs(2),
        ..SmtpConfig::new("127.0.0.1", port)
    }
}

/// The one file in `dir` (waiting briefly, as the server writes after it answers).
fn only_file(dir: &Path, extension: &str) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .map(|e| e.expect("entry").path())
                    .filter(|p| {
                        p.extension().and_then(|e| e.to_str()) == Some(extension)
                            || extension.is_empty()
                    })
                    .collect()
            })
            .unwrap_or_default();
        if files.len() == 1 {
            return files.into_iter().next().expect("one file");
        }
        assert!(
            files.len() < 2,
            "more than one mail in {}: {files:?}",
            dir.display()
        );
        assert!(
            Instant::now() < deadline,
            "no mail arrived in {}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test]
async fn an_invitation_sent_over_smtp_arrives_whole_at_a_real_server() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let maildir = tmp.path().join("maildir");
    let server = SmtpServer::start("aiosmtpd.handlers.Mailbox", &[&maildir], tmp.path());
    let id = message_id("interview/7/0", "lotse.example");
    let mail = invitation_mail(
        vec![
            "jana@musterstadt.example".into(),
            "kim@musterstadt.example".into(),
        ],
        vec!["team@lotse.example".into()],
        id.clone(),
    );

    server
        .transport()
        .send(&mail)
        .await
        .expect("the server accepts the mail");

    let raw = std::fs::read(only_file(&maildir.join("new"), "")).expect("stored mail");
    let parsed = MessageParser::default().parse(&raw[..]).expect("parses");
    let envelope = parsed
        .header_raw("X-RcptTo")
        .expect("aiosmtpd records the envelope");
    for rcpt in [
        "jana@musterstadt.example",
        "kim@musterstadt.example",
        "team@lotse.example",
    ] {
        assert!(
            envelope.contains(rcpt),
            "{rcpt} missing from the envelope {envelope}"
        );
    }
    assert_eq!(parsed.message_id().map(|m| format!("<{m}>")), Some(id));
    let raw_text = String::from_utf8_lossy(&raw);
    let subject_line = raw_text
        .lines()
        .find(|l| l.starts_with("Subject:"))
        .expect("a subject header");
    assert!(
        subject_line.to_ascii_lowercase().contains("=?utf-8?"),
        "not RFC 2047: {subject_line}"
    );
    assert_eq!(
        parsed.subject(),
        Some("Einladung zum Erstgespräch am 22.11.2026")
    );
    assert_eq!(parsed.to().map(|a| a.iter().count()), Some(2));
    assert!(
        parsed
            .cc()
            .is_some_and(|cc| cc.contains("team@lotse.example"))
    );
    assert!(
        parsed
            .reply_to()
            .is_some_and(|r| r.contains("team@lotse.example"))
    );

    let text = parsed
        .body_text(0)
        .expect("text part")
        .replace("\r\n", "\n");
    assert_eq!(text, mail.rendered.text);
    let html = parsed
        .body_html(0)
        .expect("html part")
        .replace("\r\n", "\n");
    assert_eq!(html, mail.rendered.html);

    let ics = parsed
        .attachments()
        .find(|a| a.attachment_name() == Some("einladung.ics"))
        .expect("the .ics attachment");
    let ct = ics.content_type().expect("content type");
    assert_eq!(
        (ct.ctype(), ct.subtype(), ct.attribute("method")),
        ("text", Some("calendar"), Some("REQUEST"))
    );
    let ics_text = String::from_utf8(ics.contents().to_vec()).expect("utf-8");
    assert_eq!(ics_text.as_bytes(), mail.attachments[0].content.as_slice());
    assert!(ics_text.contains("\r\nUID:interview-7@lotse.example\r\n"));
}

#[tokio::test]
async fn a_recipient_the_server_does_not_know_is_a_permanent_failure_without_the_address() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let stored = tmp.path().join("stored");
    let server = SmtpServer::start("lotse_test_smtp.RefusingHandler", &[&stored], tmp.path());
    let mail = invitation_mail(
        vec!["unknown@musterstadt.example".into()],
        vec![],
        message_id("u", "lotse.example"),
    );

    let error = server.transport().send(&mail).await.expect_err("refused");

    assert!(matches!(error, SendError::Permanent(_)), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("550"), "{message}");
    assert!(
        !message.contains("unknown@"),
        "the address leaked: {message}"
    );
}

#[tokio::test]
async fn a_recipient_the_server_defers_is_a_temporary_failure() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let stored = tmp.path().join("stored");
    let server = SmtpServer::start("lotse_test_smtp.RefusingHandler", &[&stored], tmp.path());
    let mail = invitation_mail(
        vec!["later@musterstadt.example".into()],
        vec![],
        message_id("l", "lotse.example"),
    );

    let error = server.transport().send(&mail).await.expect_err("deferred");

    assert!(matches!(error, SendError::Temporary(_)), "{error:?}");
    assert!(error.to_string().contains("451"), "{error}");
    assert!(
        !error.to_string().contains("later@"),
        "the address leaked: {error}"
    );
}

#[tokio::test]
async fn the_refusing_server_still_accepts_other_recipients() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let stored = tmp.path().join("stored");
    let server = SmtpServer::start("lotse_test_smtp.RefusingHandler", &[&stored], tmp.path());
    let mail = invitation_mail(
        vec!["jana@musterstadt.example".into()],
        vec![],
        message_id("ok", "lotse.example"),
    );

    server.transport().send(&mail).await.expect("accepted");

    let rcpt = std::fs::read_to_string(only_file(&stored, "rcpt")).expect("envelope");
    assert_eq!(rcpt, "jana@musterstadt.example\n");
    let raw = std::fs::read(only_file(&stored, "eml")).expect("mail");
    let parsed = MessageParser::default().parse(&raw[..]).expect("parses");
    assert_eq!(parsed.subject(), Some(mail.rendered.subject.as_str()));
}

#[tokio::test]
async fn a_refused_connection_is_a_temporary_failure_within_the_timeout() {
    let port = free_port();
    let transport = SmtpTransport::new(&plain_config(port)).expect("valid settings");
    let mail = invitation_mail(
        vec!["jana@musterstadt.example".into()],
        vec![],
        message_id("c", "lotse.example"),
    );

    let started = Instant::now();
    let error = transport.send(&mail).await.expect_err("nobody listens");

    assert!(matches!(error, SendError::Temporary(_)), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_temporary_failure_after_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    // Accept connections and hold them open without a greeting.
    let holder = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(4) {
            match stream {
                Ok(stream) => held.push(stream),
                Err(_) => break,
            }
        }
        std::thread::sleep(Duration::from_secs(10));
    });
    let config = SmtpConfig {
        timeout: Duration::from_secs(1),
        ..plain_config(port)
    };
    let transport = SmtpTransport::new(&config).expect("valid settings");
    let mail = invitation_mail(
        vec!["jana@musterstadt.example".into()],
        vec![],
        message_id("t", "lotse.example"),
    );

    let started = Instant::now();
    let error = transport.send(&mail).await.expect_err("no greeting");

    assert!(matches!(error, SendError::Temporary(_)), "{error:?}");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(5),
        "took {took:?}"
    );
    drop(holder);
}

/// A minimal SMTP server on a thread: the first connection stalls after the message
/// data (no reply to the final dot), later connections work normally. Returns the port
/// and a counter of accepted messages.
fn server_that_stalls_once() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(stream) = stream else { break };
            let counter = Arc::clone(&counter);
            std::thread::spawn(move || {
                let mut out = stream.try_clone().expect("clone");
                let mut lines = BufReader::new(stream);
                let mut reply = |text: &str| out.write_all(text.as_bytes()).is_ok();
                if !reply("220 test.example ESMTP\r\n") {
                    return;
                }
                let mut line = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let command = line.trim_end().to_ascii_uppercase();
                    let ok = if command.starts_with("EHLO") {
                        reply("250 test.example\r\n")
                    } else if command == "DATA" {
                        reply("354 go ahead\r\n");
                        loop {
                            line.clear();
                            if lines.read_line(&mut line).unwrap_or(0) == 0 {
                                return;
                            }
                            if line == ".\r\n" {
                                break;
                            }
                        }
                        if n == 0 {
                            // Stall: keep the connection, never answer.
                            std::thread::sleep(Duration::from_secs(30));
                            return;
                        }
                        counter.fetch_add(1, Ordering::SeqCst);
                        reply("250 queued\r\n")
                    } else if command == "QUIT" {
                        reply("221 bye\r\n");
                        return;
                    } else {
                        reply("250 OK\r\n")
                    };
                    if !ok {
                        return;
                    }
                }
            });
        }
    });
    (port, accepted)
}

#[tokio::test]
async fn after_a_timeout_the_next_mail_goes_out_on_a_fresh_connection() {
    use std::sync::atomic::Ordering;

    let (port, accepted) = server_that_stalls_once();
    let config = SmtpConfig {
        timeout: Duration::from_secs(1),
        ..plain_config(port)
    };
    let transport = SmtpTransport::new(&config).expect("valid settings");
    let mail = invitation_mail(
        vec!["jana@musterstadt.example".into()],
        vec![],
        message_id("s", "lotse.example"),
    );

    let first = transport.send(&mail).await;
    assert!(matches!(first, Err(SendError::Temporary(_))), "{first:?}");
    // Give the cut-off connection time to go back to lettre's pool, where a reuse would
    // hang on the stalled dialogue.
    tokio::time::sleep(Duration::from_millis(300)).await;

    transport
        .send(&mail)
        .await
        .expect("the second attempt is delivered");
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}
