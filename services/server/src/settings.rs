//! Settings in layers: built-in defaults, then an optional TOML file, then `LOTSE_…`
//! environment variables (then, for the few that have one, command-line flags).
//!
//! The file is `LOTSE_CONFIG` when set (it must exist), else `lotse.toml` in the working
//! folder when there is one. Its keys are the settings' names without `LOTSE_`, in lower
//! case: `listen = "0.0.0.0:8080"`, `smtp_port = 587`. An unknown key, or a value that is
//! not a string, number or boolean, stops the start with a message naming it.

use anyhow::{Context, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Every setting, as its environment variable.
pub const KNOWN: &[&str] = &[
    "LOTSE_DATABASE_URL",
    "LOTSE_LISTEN",
    "LOTSE_PUBLIC_URL",
    "LOTSE_GRAPHQL_INTROSPECTION",
    "LOTSE_MAIL_DIR",
    "LOTSE_WEB_DIR",
    "LOTSE_MAIL_FROM",
    "LOTSE_SMTP_HOST",
    "LOTSE_SMTP_PORT",
    "LOTSE_SMTP_SECURITY",
    "LOTSE_SMTP_USERNAME",
    "LOTSE_SMTP_PASSWORD",
    "LOTSE_TRUSTED_PROXIES",
    "LOTSE_METRICS_LISTEN",
    "LOTSE_REQUEST_SECONDS",
    "LOTSE_LOG",
    "LOTSE_LOG_FORMAT",
    "LOTSE_JOBS_SCAN_SECONDS",
    "LOTSE_JOBS_LEASE_SECONDS",
    "LOTSE_JOBS_REQUEUE_SECONDS",
];

/// The values of the settings file, by environment variable name.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileSettings {
    pub path: Option<PathBuf>,
    pub values: BTreeMap<String, String>,
}

impl FileSettings {
    /// Reads a settings file.
    pub fn read(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the settings file {}", path.display()))?;
        Self::parse(&text, path)
    }

    /// Parses the text of a settings file (`path` only names it in messages).
    pub fn parse(text: &str, path: &Path) -> anyhow::Result<Self> {
        let table: toml::Table = text
            .parse()
            .with_context(|| format!("the settings file {} is not valid TOML", path.display()))?;
        let mut values = BTreeMap::new();
        for (key, value) in table {
            let name = format!("LOTSE_{}", key.to_ascii_uppercase());
            if key == "config" || !KNOWN.contains(&name.as_str()) {
                bail!(
                    "unknown setting `{key}` in {} (known: {})",
                    path.display(),
                    KNOWN
                        .iter()
                        .map(|k| k.trim_start_matches("LOTSE_").to_ascii_lowercase())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let value = match value {
                toml::Value::String(s) => s,
                toml::Value::Integer(n) => n.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                other => bail!(
                    "the setting `{key}` in {} must be a string, a number or true/false (got {})",
                    path.display(),
                    other.type_str()
                ),
            };
            values.insert(name, value);
        }
        Ok(Self {
            path: Some(path.to_path_buf()),
            values,
        })
    }
}

static FILE: OnceLock<FileSettings> = OnceLock::new();

/// Loads the settings file once, before anything reads a setting: `LOTSE_CONFIG`, else
/// `./lotse.toml` if present. Returns the file used.
pub fn load() -> anyhow::Result<Option<PathBuf>> {
    let file = match std::env::var("LOTSE_CONFIG") {
        Ok(p) if !p.trim().is_empty() => {
            let path = PathBuf::from(p.trim());
            if !path.is_file() {
                bail!("LOTSE_CONFIG names {}, which is not a file", path.display());
            }
            FileSettings::read(&path)?
        }
        _ => {
            let path = PathBuf::from("lotse.toml");
            if path.is_file() {
                FileSettings::read(&path)?
            } else {
                FileSettings::default()
            }
        }
    };
    let used = file.path.clone();
    let _ = FILE.set(file);
    Ok(used)
}

/// A setting: the environment variable when set, else the file's value (answers like
/// [`std::env::var`]).
pub fn var(name: &str) -> Result<String, std::env::VarError> {
    match std::env::var(name) {
        Ok(v) => Ok(v),
        Err(e) => FILE
            .get()
            .and_then(|f| f.values.get(name).cloned())
            .ok_or(e),
    }
}

/// A default for a command-line flag that also has an environment variable: the file's
/// value when it has one, else `builtin`. (The flag and the variable come first.)
pub fn default_for(name: &str, builtin: &'static str) -> &'static str {
    match FILE.get().and_then(|f| f.values.get(name)) {
        Some(v) => Box::leak(v.clone().into_boxed_str()),
        None => builtin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settings_file_names_settings_without_the_prefix() {
        let f = FileSettings::parse(
            "listen = \"0.0.0.0:9000\"\nsmtp_port = 2525\ngraphql_introspection = false\n",
            Path::new("lotse.toml"),
        )
        .unwrap();
        assert_eq!(f.values["LOTSE_LISTEN"], "0.0.0.0:9000");
        assert_eq!(f.values["LOTSE_SMTP_PORT"], "2525");
        assert_eq!(f.values["LOTSE_GRAPHQL_INTROSPECTION"], "false");
    }

    #[test]
    fn an_unknown_key_or_a_table_is_refused_with_its_name() {
        let e = FileSettings::parse("lisen = \"x\"\n", Path::new("lotse.toml")).unwrap_err();
        assert!(e.to_string().contains("unknown setting `lisen`"), "{e}");
        let e = FileSettings::parse("[smtp]\nhost = \"x\"\n", Path::new("lotse.toml")).unwrap_err();
        assert!(e.to_string().contains("`smtp`"), "{e}");
        let e = FileSettings::parse("smtp_host = [1]\n", Path::new("x.toml")).unwrap_err();
        assert!(e.to_string().contains("smtp_host"), "{e}");
        let e = FileSettings::parse("listen = \n", Path::new("x.toml")).unwrap_err();
        assert!(e.to_string().contains("not valid TOML"), "{e}");
    }
}
