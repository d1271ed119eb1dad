//! Configuration: defaults, then `LOTSE_…` environment variables. A wrong value stops the
//! start with a message that names the setting.

use anyhow::{Context, bail};
use std::path::PathBuf;

/// Everything the server needs to know.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub listen: String,
    /// Where people reach the web app (links in mails).
    pub public_url: String,
    /// GraphiQL and introspection.
    pub introspection: bool,
    /// Folder for mails when no SMTP server is configured.
    pub mail_dir: String,
    /// The built web app (`npm run build` in `web/`), served at `/` when present;
    /// without it the server answers its plain HTML pages.
    pub web_dir: Option<PathBuf>,
}

impl Config {
    /// Reads the environment over the defaults.
    pub fn from_env(database_url: String, listen: String) -> anyhow::Result<Self> {
        let public_url = std::env::var("LOTSE_PUBLIC_URL")
            .unwrap_or_else(|_| format!("http://{listen}"))
            .trim_end_matches('/')
            .to_string();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            bail!("LOTSE_PUBLIC_URL must start with http:// or https:// (got {public_url})");
        }
        let local = public_url.contains("://127.0.0.1") || public_url.contains("://localhost");
        let introspection = match std::env::var("LOTSE_GRAPHQL_INTROSPECTION") {
            Ok(v) => parse_bool(&v).context("LOTSE_GRAPHQL_INTROSPECTION must be true or false")?,
            Err(_) => local,
        };
        Ok(Config {
            database_url,
            listen,
            public_url,
            introspection,
            mail_dir: std::env::var("LOTSE_MAIL_DIR").unwrap_or_else(|_| "data/mail".into()),
            web_dir: web_dir()?,
        })
    }

    /// Cookies are `Secure` unless the server is reached over plain http (development).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// `LOTSE_WEB_DIR` (must hold an `index.html`), else `web/dist` when it holds one.
fn web_dir() -> anyhow::Result<Option<PathBuf>> {
    match std::env::var("LOTSE_WEB_DIR") {
        Ok(v) if !v.trim().is_empty() => {
            let dir = PathBuf::from(v.trim());
            if !dir.join("index.html").is_file() {
                bail!(
                    "LOTSE_WEB_DIR must be a folder with the built web app (no index.html in {})",
                    dir.display()
                );
            }
            Ok(Some(dir))
        }
        _ => {
            let dir = PathBuf::from("web/dist");
            Ok(dir.join("index.html").is_file().then_some(dir))
        }
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}
