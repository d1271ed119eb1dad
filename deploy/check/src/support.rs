//! Reading the files under `deploy/` and small helpers over parsed YAML.

use serde::Deserialize;
use serde_yaml_ng::Value;
use std::path::PathBuf;

/// The settings `lotse` reads from the environment. A deployment file that sets any other
/// `LOTSE_…` name (or `DATABASE_URL`) on a lotse container is wrong.
pub const SETTINGS: &[&str] = &[
    "LOTSE_DATABASE_URL",
    "LOTSE_LISTEN",
    "LOTSE_PUBLIC_URL",
    "LOTSE_GRAPHQL_INTROSPECTION",
    "LOTSE_MAIL_DIR",
    "LOTSE_SMTP_HOST",
    "LOTSE_SMTP_PORT",
    "LOTSE_SMTP_SECURITY",
    "LOTSE_SMTP_USERNAME",
    "LOTSE_SMTP_PASSWORD",
    "LOTSE_MAIL_FROM",
    "LOTSE_LOG",
    "LOTSE_LOG_FORMAT",
    "LOTSE_TRUSTED_PROXIES",
    "LOTSE_METRICS_LISTEN",
    "LOTSE_REQUEST_SECONDS",
    "LOTSE_WEB_DIR",
    "LOTSE_JOBS_SCAN_SECONDS",
    "LOTSE_JOBS_LEASE_SECONDS",
    "LOTSE_JOBS_REQUEUE_SECONDS",
    "LOTSE_CONFIG",
];

/// The settings that are secrets: they belong in the Secret (or deploy/.env), never in a
/// ConfigMap or inline.
pub const SECRET_SETTINGS: &[&str] = &[
    "LOTSE_DATABASE_URL",
    "LOTSE_SMTP_USERNAME",
    "LOTSE_SMTP_PASSWORD",
];

/// The values `LOTSE_SMTP_SECURITY` accepts.
pub const SMTP_SECURITY: &[&str] = &["none", "starttls", "tls"];

/// `deploy/`.
pub fn deploy_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("deploy/check has a parent")
        .to_path_buf()
}

/// A file under `deploy/` (or, with `../`, the repository root), as text.
pub fn read(relative: &str) -> String {
    let path = deploy_dir().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every YAML document of a file under `deploy/` (empty documents left out).
pub fn yaml_docs(relative: &str) -> Vec<Value> {
    let text = read(relative);
    serde_yaml_ng::Deserializer::from_str(&text)
        .map(|doc| {
            Value::deserialize(doc).unwrap_or_else(|e| panic!("{relative} is not valid YAML: {e}"))
        })
        .filter(|v| !v.is_null())
        .collect()
}

/// The one YAML document of a file under `deploy/`.
pub fn yaml(relative: &str) -> Value {
    let mut docs = yaml_docs(relative);
    assert_eq!(docs.len(), 1, "{relative} should hold exactly one document");
    docs.remove(0)
}

/// A string value, or a number or bool written as text (as compose allows).
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of strings (e.g. a command or args).
pub fn strings(v: &Value) -> Vec<String> {
    v.as_sequence()
        .map(|s| s.iter().filter_map(text).collect())
        .unwrap_or_default()
}

/// The keys of a mapping, as strings.
pub fn keys(v: &Value) -> Vec<String> {
    v.as_mapping()
        .map(|m| m.keys().filter_map(text).collect())
        .unwrap_or_default()
}

/// Every key of a `matchLabels`-style selector is among `labels`, with the same value.
pub fn labels_match(selector: &Value, labels: &Value) -> bool {
    let Some(selector) = selector.as_mapping() else {
        return false;
    };
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

/// Bytes of a Kubernetes memory quantity such as `128Mi`, `1Gi` or `500M`.
pub fn memory_bytes(q: &str) -> u64 {
    let units: &[(&str, u64)] = &[
        ("Ki", 1 << 10),
        ("Mi", 1 << 20),
        ("Gi", 1 << 30),
        ("K", 1_000),
        ("M", 1_000_000),
        ("G", 1_000_000_000),
    ];
    for (suffix, factor) in units {
        if let Some(n) = q.strip_suffix(suffix) {
            return n.parse::<u64>().expect("a memory quantity") * factor;
        }
    }
    q.parse().expect("a memory quantity")
}

/// Millicores of a Kubernetes CPU quantity such as `100m` or `1`.
pub fn cpu_millis(q: &str) -> u64 {
    match q.strip_suffix('m') {
        Some(n) => n.parse().expect("a CPU quantity"),
        None => (q.parse::<f64>().expect("a CPU quantity") * 1000.0) as u64,
    }
}
