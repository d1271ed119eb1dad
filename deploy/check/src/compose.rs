//! `deploy/compose.yaml`, its `Caddyfile` and `.env.example`.

use crate::support::{SETTINGS, SMTP_SECURITY, keys, read, strings, text, yaml};
use serde_yaml_ng::Value;

fn compose() -> Value {
    yaml("compose.yaml")
}

fn service<'a>(compose: &'a Value, name: &str) -> &'a Value {
    let s = &compose["services"][name];
    assert!(s.is_mapping(), "compose.yaml has no service `{name}`");
    s
}

/// The services that run the lotse image (built from deploy/Dockerfile).
fn lotse_services(compose: &Value) -> Vec<(String, &Value)> {
    compose["services"]
        .as_mapping()
        .expect("compose.yaml has services")
        .iter()
        .filter(|(_, s)| !s["build"].is_null())
        .map(|(name, s)| (text(name).unwrap(), s))
        .collect()
}

/// A service's environment as (name, value), from either the mapping or the list form.
fn environment(service: &Value) -> Vec<(String, Option<String>)> {
    match &service["environment"] {
        Value::Mapping(m) => m.iter().map(|(k, v)| (text(k).unwrap(), text(v))).collect(),
        Value::Sequence(items) => items
            .iter()
            .filter_map(text)
            .map(|item| match item.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (item, None),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn env_value(service: &Value, name: &str) -> Option<String> {
    environment(service)
        .into_iter()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v)
}

fn depends_condition(service: &Value, on: &str) -> Option<String> {
    text(&service["depends_on"][on]["condition"])
}

/// The `${NAME…}` variables a compose file fills in (comments left out).
fn interpolated_variables(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let mut rest = line;
        while let Some(start) = rest.find("${") {
            rest = &rest[start + 2..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(!name.is_empty(), "`${{` without a name in: {line}");
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// The `NAME=` keys of a dotenv file.
fn dotenv_keys(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
        .collect()
}

#[test]
fn compose_runs_postgres_migrate_server_worker_proxy_and_a_mail_catcher() {
    let c = compose();
    for name in [
        "postgres", "migrate", "server", "worker", "proxy", "mailpit",
    ] {
        service(&c, name);
    }
    let mailpit = text(&service(&c, "mailpit")["image"]).unwrap();
    assert!(mailpit.starts_with("axllent/mailpit"), "{mailpit}");
    let proxy = text(&service(&c, "proxy")["image"]).unwrap();
    assert!(proxy.starts_with("caddy:"), "{proxy}");
}

#[test]
fn postgres_is_version_15_with_a_named_volume_and_a_healthcheck() {
    let c = compose();
    let pg = service(&c, "postgres");
    let image = text(&pg["image"]).unwrap();
    assert!(image.starts_with("postgres:15"), "{image}");
    let volumes = strings(&pg["volumes"]);
    let data = volumes
        .iter()
        .find(|v| v.ends_with(":/var/lib/postgresql/data"))
        .expect("the data folder is a volume");
    let volume = data.split(':').next().unwrap();
    assert!(
        keys(&c["volumes"]).contains(&volume.to_string()),
        "`{volume}` is declared under top-level volumes"
    );
    let test = strings(&pg["healthcheck"]["test"]).join(" ");
    assert!(test.contains("pg_isready"), "{test}");
}

#[test]
fn migrations_run_once_after_postgres_is_healthy_and_before_server_and_worker() {
    let c = compose();
    let migrate = service(&c, "migrate");
    assert_eq!(strings(&migrate["command"]), ["migrate"]);
    assert_eq!(text(&migrate["restart"]).as_deref(), Some("no"));
    assert_eq!(
        depends_condition(migrate, "postgres").as_deref(),
        Some("service_healthy")
    );
    for name in ["server", "worker"] {
        assert_eq!(
            depends_condition(service(&c, name), "migrate").as_deref(),
            Some("service_completed_successfully"),
            "{name} waits for the migrations to complete"
        );
    }
}

#[test]
fn the_server_runs_two_replicas_reached_only_through_the_proxy_on_one_port() {
    let c = compose();
    let server = service(&c, "server");
    assert_eq!(strings(&server["command"]), ["serve"]);
    assert_eq!(server["deploy"]["replicas"].as_u64(), Some(2));
    assert!(
        server["ports"].is_null(),
        "replicas cannot share a host port: only the proxy publishes one"
    );
    let proxy = service(&c, "proxy");
    let ports = strings(&proxy["ports"]);
    assert_eq!(ports.len(), 1, "the proxy publishes one port: {ports:?}");
    assert!(ports[0].ends_with(":8080"), "{}", ports[0]);
    assert_eq!(
        depends_condition(proxy, "server").as_deref(),
        Some("service_healthy")
    );
    let mounts = strings(&proxy["volumes"]);
    assert!(
        mounts
            .iter()
            .any(|m| m.starts_with("./Caddyfile:/etc/caddy/Caddyfile")),
        "{mounts:?}"
    );
    let caddyfile = read("Caddyfile");
    let lines: Vec<&str> = caddyfile.lines().map(str::trim).collect();
    for line in [":8080 {", "dynamic a {", "name server", "port 8080"] {
        assert!(lines.contains(&line), "Caddyfile has `{line}`");
    }
}

#[test]
fn the_worker_runs_lotse_worker() {
    let c = compose();
    assert_eq!(strings(&service(&c, "worker")["command"]), ["worker"]);
}

#[test]
fn migrate_server_and_worker_run_the_image_built_from_deploy_dockerfile() {
    let c = compose();
    let lotse = lotse_services(&c);
    let names: Vec<&str> = lotse.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["migrate", "server", "worker"]);
    let image = text(&lotse[0].1["image"]).unwrap();
    for (name, s) in &lotse {
        assert_eq!(
            text(&s["build"]["context"]).as_deref(),
            Some(".."),
            "{name}"
        );
        assert_eq!(
            text(&s["build"]["dockerfile"]).as_deref(),
            Some("deploy/Dockerfile"),
            "{name}"
        );
        assert_eq!(text(&s["image"]).unwrap(), image, "{name} shares one image");
    }
}

#[test]
fn mail_goes_to_the_mail_catcher_over_plain_smtp() {
    let c = compose();
    service(&c, "mailpit");
    for (name, s) in lotse_services(&c) {
        assert_eq!(
            env_value(s, "LOTSE_SMTP_HOST").as_deref(),
            Some("mailpit"),
            "{name}"
        );
        assert_eq!(
            env_value(s, "LOTSE_SMTP_PORT").as_deref(),
            Some("1025"),
            "{name}"
        );
        let security = env_value(s, "LOTSE_SMTP_SECURITY").unwrap();
        assert!(SMTP_SECURITY.contains(&security.as_str()), "{security}");
        assert_eq!(security, "none", "mailpit speaks plain SMTP");
    }
}

#[test]
fn lotse_services_set_only_the_listed_lotse_settings_and_never_database_url() {
    let c = compose();
    for (name, s) in lotse_services(&c) {
        let env = environment(s);
        assert!(!env.is_empty(), "{name} has an environment");
        for (key, _) in env {
            assert!(SETTINGS.contains(&key.as_str()), "{name} sets {key}");
        }
        let url = env_value(s, "LOTSE_DATABASE_URL").expect("LOTSE_DATABASE_URL");
        assert!(url.starts_with("postgres://"), "{url}");
        assert!(url.contains("@postgres:5432/"), "{url}");
    }
    for (name, s) in c["services"].as_mapping().unwrap() {
        for (key, _) in environment(s) {
            assert_ne!(key, "DATABASE_URL", "{name:?} sets DATABASE_URL");
        }
    }
}

#[test]
fn passwords_come_from_the_env_file_never_from_compose_yaml() {
    let c = compose();
    for (name, s) in c["services"].as_mapping().unwrap() {
        for (key, value) in environment(s) {
            let Some(value) = value else { continue };
            if key.contains("PASSWORD") {
                assert!(value.starts_with("${"), "{name:?}: {key} is inline");
            }
            // A password inside a URL (scheme://user:password@host/…).
            if let Some((_, rest)) = value.split_once("://")
                && let Some((userinfo, _)) = rest.split_once('@')
                && let Some((_, password)) = userinfo.split_once(':')
            {
                assert!(
                    password.starts_with("${"),
                    "{name:?}: {key} has an inline password"
                );
            }
        }
    }
    let example = read(".env.example");
    let line = example
        .lines()
        .find(|l| l.starts_with("POSTGRES_PASSWORD="))
        .expect(".env.example names POSTGRES_PASSWORD");
    assert_eq!(line, "POSTGRES_PASSWORD=", "the example holds no password");
    let gitignore = read(".gitignore");
    assert!(
        gitignore.lines().any(|l| l.trim() == ".env"),
        "deploy/.env is ignored by git"
    );
    let dockerignore = read("../.dockerignore");
    assert!(
        dockerignore.lines().any(|l| l.trim() == "**/.env"),
        "no .env reaches the build context"
    );
}

#[test]
fn every_variable_compose_fills_in_is_explained_in_env_example() {
    let documented = dotenv_keys(&read(".env.example"));
    let used = interpolated_variables(&read("compose.yaml"));
    assert!(used.contains(&"POSTGRES_PASSWORD".to_string()));
    for name in &used {
        assert!(documented.contains(name), ".env.example explains {name}");
    }
    for name in &documented {
        assert!(
            used.contains(name),
            ".env.example explains {name}, which compose never uses"
        );
        if name.starts_with("LOTSE_") {
            assert!(
                SETTINGS.contains(&name.as_str()),
                "{name} is not a lotse setting"
            );
        }
    }
}

#[test]
fn nothing_in_compose_publishes_or_proxies_the_metrics_listener() {
    let c = compose();
    for (name, s) in c["services"].as_mapping().unwrap() {
        for port in strings(&s["ports"]) {
            assert!(!port.contains("9464"), "{name:?} publishes {port}");
        }
    }
    let caddyfile = read("Caddyfile");
    assert!(
        !caddyfile.contains("metrics") && !caddyfile.contains("9464"),
        "the proxy forwards the application's port only"
    );
}
