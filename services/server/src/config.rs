//! Configuration: defaults, then `LOTSE_…` environment variables. A wrong value stops the
//! start with a message that names the setting.

use crate::webapp::WebApp;
use anyhow::{Context, bail};
use std::net::IpAddr;
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
    pub web: WebApp,
    /// Proxies whose `X-Forwarded-For` is believed (`LOTSE_TRUSTED_PROXIES`, addresses or
    /// networks such as `10.0.0.0/8`, comma-separated). Empty: the peer is the client.
    pub trusted_proxies: Vec<Network>,
    /// Where `/metrics` is served (`LOTSE_METRICS_LISTEN`), apart from the application.
    pub metrics_listen: String,
    /// How long a GraphQL query may run before it is stopped and answered TIMEOUT
    /// (`LOTSE_REQUEST_SECONDS`, 1–300, default 15); mutations run to their end.
    pub request_budget: std::time::Duration,
}

/// The default of [`Config::request_budget`].
pub const DEFAULT_REQUEST_BUDGET: std::time::Duration = std::time::Duration::from_secs(15);

impl Config {
    /// Reads the environment over the defaults.
    pub fn from_env(database_url: String, listen: String) -> anyhow::Result<Self> {
        let public_url = crate::settings::var("LOTSE_PUBLIC_URL")
            .unwrap_or_else(|_| format!("http://{listen}"))
            .trim_end_matches('/')
            .to_string();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            bail!("LOTSE_PUBLIC_URL must start with http:// or https:// (got {public_url})");
        }
        let local = public_url.contains("://127.0.0.1") || public_url.contains("://localhost");
        let introspection = match crate::settings::var("LOTSE_GRAPHQL_INTROSPECTION") {
            Ok(v) => parse_bool(&v).context("LOTSE_GRAPHQL_INTROSPECTION must be true or false")?,
            Err(_) => local,
        };
        Ok(Config {
            database_url,
            listen,
            public_url,
            introspection,
            mail_dir: crate::settings::var("LOTSE_MAIL_DIR").unwrap_or_else(|_| "data/mail".into()),
            web: web_app()?,
            trusted_proxies: match crate::settings::var("LOTSE_TRUSTED_PROXIES") {
                Ok(v) => Network::parse_list(&v).map_err(|bad| {
                    anyhow::anyhow!(
                        "LOTSE_TRUSTED_PROXIES must list IP addresses or networks like 10.0.0.0/8, separated by commas (cannot read {bad:?})"
                    )
                })?,
                Err(_) => Vec::new(),
            },
            metrics_listen: crate::settings::var("LOTSE_METRICS_LISTEN")
                .unwrap_or_else(|_| crate::telemetry::DEFAULT_METRICS_LISTEN.into()),
            request_budget: match crate::settings::var("LOTSE_REQUEST_SECONDS") {
                Ok(v) => match v.trim().parse::<u64>() {
                    Ok(n @ 1..=300) => std::time::Duration::from_secs(n),
                    _ => bail!("LOTSE_REQUEST_SECONDS must be a whole number of seconds from 1 to 300 (got {v})"),
                },
                Err(_) => DEFAULT_REQUEST_BUDGET,
            },
        })
    }

    /// Cookies are `Secure` unless the server is reached over plain http (development).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// Browsers are told to use only https (HSTS) when the public URL is https.
    pub fn hsts(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// Reads `LOTSE_DATABASE_URL` once; every pool of the process is built from the result
/// (see [`lotse_eventstore::DatabaseOptions`]). A form Lotse does not accept stops the
/// start with a message naming the setting and the accepted forms.
pub fn database_options(url: &str) -> anyhow::Result<lotse_eventstore::DatabaseOptions> {
    lotse_eventstore::DatabaseOptions::parse(url)
        .map_err(|e| anyhow::anyhow!("LOTSE_DATABASE_URL cannot be used: {e}"))
}

/// An IP network: an address and a prefix length (a single address has the full length).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    /// Reads `10.0.0.0/8`, `fd00::/8` or a single address.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Network { addr, prefix })
    }

    /// Reads a comma-separated list; the error is the entry that could not be read.
    pub fn parse_list(s: &str) -> Result<Vec<Self>, String> {
        s.split(',')
            .filter(|p| !p.trim().is_empty())
            .map(|p| Network::parse(p).ok_or_else(|| p.trim().to_string()))
            .collect()
    }

    /// Whether `ip` lies in this network.
    pub fn contains(&self, ip: IpAddr) -> bool {
        fn bits(ip: IpAddr) -> (u128, u8) {
            match ip {
                IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
                IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                    Some(v4) => (u128::from(u32::from(v4)), 32),
                    None => (u128::from(v6), 128),
                },
            }
        }
        let (net, len) = bits(self.addr);
        let (candidate, candidate_len) = bits(ip);
        if len != candidate_len {
            return false;
        }
        let shift = u32::from(len - self.prefix);
        if shift >= 128 {
            return true;
        }
        (net >> shift) == (candidate >> shift)
    }
}

/// The client's address: the peer, unless the peer is a trusted proxy; then the nearest
/// address in `X-Forwarded-For` that is not a trusted proxy itself.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[Network]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let Some(header) = forwarded_for else {
        return peer;
    };
    let mut hops: Vec<IpAddr> = Vec::new();
    for part in header.split(',') {
        match part.trim().parse::<IpAddr>() {
            Ok(ip) => hops.push(ip),
            // A hop we cannot read: believe nothing left of it.
            Err(_) => hops.clear(),
        }
    }
    let mut client = peer;
    for ip in hops.into_iter().rev() {
        client = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    client
}

/// `LOTSE_WEB_DIR` (must hold an `index.html`), else `web/dist` when it holds one, else
/// the build embedded in the binary (release builds), else none.
fn web_app() -> anyhow::Result<WebApp> {
    Ok(match web_dir()? {
        Some(dir) => WebApp::Dir(dir),
        None => WebApp::embedded().unwrap_or(WebApp::None),
    })
}

fn web_dir() -> anyhow::Result<Option<PathBuf>> {
    match crate::settings::var("LOTSE_WEB_DIR") {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_contain_their_addresses_only() {
        let n = Network::parse("10.0.0.0/8").unwrap();
        assert!(n.contains(ip("10.1.2.3")));
        assert!(!n.contains(ip("11.0.0.1")));
        assert!(!n.contains(ip("fd00::1")));
        assert!(
            Network::parse("0.0.0.0/0")
                .unwrap()
                .contains(ip("203.0.113.9"))
        );
        assert!(
            Network::parse("127.0.0.1")
                .unwrap()
                .contains(ip("::ffff:127.0.0.1"))
        );
        assert!(Network::parse("fd00::/8").unwrap().contains(ip("fd12::1")));
        assert_eq!(Network::parse("10.0.0.0/33"), None);
        assert_eq!(
            Network::parse_list("10.0.0.0/8, nonsense"),
            Err("nonsense".to_string())
        );
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let proxies = Network::parse_list("10.0.0.0/8").unwrap();
        // Directly connected: the header is whatever the client wrote, so it is ignored.
        assert_eq!(
            client_ip(ip("203.0.113.9"), Some("198.51.100.1"), &proxies),
            ip("203.0.113.9")
        );
        // Behind the proxy: the nearest untrusted hop, not a spoofed one further left.
        assert_eq!(
            client_ip(
                ip("10.0.0.2"),
                Some("1.2.3.4, 203.0.113.9, 10.0.0.5"),
                &proxies
            ),
            ip("203.0.113.9")
        );
        assert_eq!(client_ip(ip("10.0.0.2"), None, &proxies), ip("10.0.0.2"));
        assert_eq!(
            client_ip(ip("10.0.0.2"), Some("garbage"), &proxies),
            ip("10.0.0.2")
        );
        // Nobody trusted: the peer, always.
        assert_eq!(
            client_ip(ip("10.0.0.2"), Some("203.0.113.9"), &[]),
            ip("10.0.0.2")
        );
    }
}
