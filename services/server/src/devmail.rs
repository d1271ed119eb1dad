//! Development mail: each mail is written as a JSON file into a folder; sign-in links are
//! also printed to the console so the demo works without a mail server.

use async_trait::async_trait;
use lotse_app::mailer::{MailRequest, Mailer};
use std::path::PathBuf;

/// Writes mails to a folder.
pub struct FolderMailer {
    pub dir: PathBuf,
}

#[async_trait]
impl Mailer for FolderMailer {
    async fn send(&self, mail: MailRequest) -> Result<(), String> {
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(|e| format!("cannot create the mail folder: {e}"))?;
        let name = format!(
            "{}-{}.json",
            chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f"),
            mail.kind
        );
        let body = serde_json::json!({
            "kind": mail.kind,
            "lang": mail.lang,
            "to": mail.to,
            "context": mail.context,
        });
        tokio::fs::write(
            self.dir.join(&name),
            serde_json::to_vec_pretty(&body).unwrap_or_default(),
        )
        .await
        .map_err(|e| format!("cannot write the mail: {e}"))?;
        if let Some(link) = mail.context.get("link").and_then(|l| l.as_str()) {
            eprintln!("Anmeldelink ({}): {link}", mail.kind);
        }
        Ok(())
    }
}
