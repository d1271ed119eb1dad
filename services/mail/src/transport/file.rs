use std::path::{Path, PathBuf};

use async_trait::async_trait;

use super::{SendError, Transport};
use crate::{MailKind, OutgoingMail};

/// For development: writes each mail as `<message-id>.eml` into a folder.
///
/// For mails that carry a sign-in link ([`MailKind::SignInLink`],
/// [`MailKind::ContactWelcome`]) it prints one line with the link, so that a developer
/// can sign in without a mail server. Nothing else is printed: no addresses, no names.
/// Writing the same Message-ID again replaces the file.
#[derive(Clone, Debug)]
pub struct FileTransport {
    dir: PathBuf,
}

impl FileTransport {
    /// Writes into `dir`, which is created when the first mail is written.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FileTransport { dir: dir.into() }
    }

    /// The folder the mails go to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file a mail is written to: its Message-ID without angle brackets, plus `.eml`.
    pub fn path_for(&self, mail: &OutgoingMail) -> PathBuf {
        let name: String = mail
            .message_id
            .trim_matches(|c| c == '<' || c == '>')
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "@.-_".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.dir.join(format!("{name}.eml"))
    }

    /// The console line for a mail, if it is a sign-in mail: the first line of its text
    /// part that is a link.
    pub fn console_line(&self, mail: &OutgoingMail) -> Option<String> {
        if !matches!(mail.kind, MailKind::SignInLink | MailKind::ContactWelcome) {
            return None;
        }
        let link = mail
            .rendered
            .text
            .lines()
            .map(str::trim)
            .find(|line| line.starts_with("https://") || line.starts_with("http://"))?;
        Some(format!("lotse-mail (development): sign-in link {link}"))
    }
}

#[async_trait]
impl Transport for FileTransport {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), SendError> {
        let bytes = mail.to_bytes()?;
        let path = self.path_for(mail);
        let io_error =
            |e: std::io::Error| SendError::Temporary(format!("cannot write the mail file: {e}"));
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(io_error)?;
        let partial = path.with_extension("eml.partial");
        tokio::fs::write(&partial, bytes).await.map_err(io_error)?;
        tokio::fs::rename(&partial, &path).await.map_err(io_error)?;
        if let Some(line) = self.console_line(mail) {
            println!("{line}");
        }
        Ok(())
    }
}
