//! `deploy/Dockerfile` and the root `.dockerignore`.

use crate::support::{SETTINGS, read};

/// One instruction, its continuation lines joined, in the stage it belongs to.
#[derive(Debug)]
struct Instruction {
    /// 0 before the first FROM, then 1, 2, … per stage.
    stage: usize,
    keyword: String,
    args: String,
}

fn parse(text: &str) -> Vec<Instruction> {
    let mut out = Vec::new();
    let mut stage = 0;
    let mut pending = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        // Comments (and parser directives) may also sit between continuation lines.
        if trimmed.starts_with('#') || (trimmed.is_empty() && pending.is_empty()) {
            continue;
        }
        match trimmed.strip_suffix('\\') {
            Some(part) => {
                pending.push_str(part);
                pending.push(' ');
            }
            None => {
                pending.push_str(trimmed);
                let (keyword, args) = pending
                    .split_once(char::is_whitespace)
                    .unwrap_or((&pending, ""));
                let keyword = keyword.to_ascii_uppercase();
                if keyword == "FROM" {
                    stage += 1;
                }
                out.push(Instruction {
                    stage,
                    keyword,
                    args: args.split_whitespace().collect::<Vec<_>>().join(" "),
                });
                pending.clear();
            }
        }
    }
    assert!(
        pending.is_empty(),
        "the Dockerfile ends inside a continuation"
    );
    out
}

fn dockerfile() -> Vec<Instruction> {
    parse(&read("Dockerfile"))
}

fn last_stage(instructions: &[Instruction]) -> usize {
    instructions.iter().map(|i| i.stage).max().unwrap_or(0)
}

fn in_stage<'a>(
    instructions: &'a [Instruction],
    stage: usize,
    keyword: &'a str,
) -> impl Iterator<Item = &'a Instruction> {
    instructions
        .iter()
        .filter(move |i| i.stage == stage && i.keyword == keyword)
}

/// The names an ENV or ARG instruction sets (`A=1 B=2`, or the old `A 1` form).
fn names_set(i: &Instruction) -> Vec<String> {
    let words: Vec<&str> = i.args.split_whitespace().collect();
    match words.first() {
        Some(first) if !first.contains('=') => vec![first.to_string()],
        _ => words
            .iter()
            .filter_map(|w| w.split_once('=').map(|(k, _)| k.to_string()))
            .collect(),
    }
}

/// A JSON-form argument list (`["a", "b"]`); JSON is YAML.
fn exec_form(args: &str) -> Vec<String> {
    serde_yaml_ng::from_str(args).unwrap_or_else(|e| panic!("`{args}` is not exec form: {e}"))
}

#[test]
fn the_image_is_built_in_a_node_stage_a_rust_stage_and_a_slim_runtime() {
    let d = dockerfile();
    let froms: Vec<&str> = d
        .iter()
        .filter(|i| i.keyword == "FROM")
        .map(|i| i.args.as_str())
        .collect();
    assert_eq!(
        froms,
        [
            "node:20-bookworm-slim AS web",
            "rust:1.95-bookworm AS build",
            "debian:bookworm-slim AS runtime"
        ]
    );
    let runs = |stage| {
        in_stage(&d, stage, "RUN")
            .map(|i| i.args.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let web = runs(1);
    assert!(web.contains("npm ci"), "{web}");
    assert!(web.contains("npm run build"), "{web}");
    let build = runs(2);
    assert!(
        build.contains("cargo build --release --locked -p lotse"),
        "{build}"
    );
    let copies: Vec<&str> = d
        .iter()
        .filter(|i| i.keyword == "COPY")
        .map(|i| i.args.as_str())
        .collect();
    assert!(
        copies.contains(&"--from=web /src/web/dist web/dist"),
        "{copies:?}"
    );
    assert!(
        copies.contains(&"--from=build /out/lotse /usr/local/bin/lotse"),
        "{copies:?}"
    );
}

#[test]
fn the_build_never_has_database_url_set() {
    let d = dockerfile();
    for i in d
        .iter()
        .filter(|i| i.keyword == "ENV" || i.keyword == "ARG")
    {
        assert!(
            !names_set(i).iter().any(|n| n == "DATABASE_URL"),
            "{} sets DATABASE_URL",
            i.keyword
        );
    }
    for i in in_stage(&d, 2, "RUN").filter(|i| i.args.contains("cargo build")) {
        assert!(
            i.args.contains("env -u DATABASE_URL cargo build"),
            "cargo build runs with DATABASE_URL removed: {}",
            i.args
        );
    }
}

#[test]
fn the_runtime_runs_as_a_numeric_non_root_user() {
    let d = dockerfile();
    let user = in_stage(&d, last_stage(&d), "USER")
        .last()
        .expect("the runtime stage sets USER");
    let uid = user.args.split(':').next().unwrap();
    let uid: u32 = uid
        .parse()
        .expect("a numeric uid, so runAsNonRoot can verify it");
    assert_ne!(uid, 0);
    let runs: String = in_stage(&d, last_stage(&d), "RUN")
        .map(|i| i.args.as_str())
        .collect();
    assert!(
        runs.contains(&format!("--uid {uid}")),
        "the user is created with uid {uid}"
    );
    assert!(runs.contains("ca-certificates"));
}

#[test]
fn the_runtime_listens_on_8080_and_checks_its_health() {
    let d = dockerfile();
    let last = last_stage(&d);
    let env: String = in_stage(&d, last, "ENV").map(|i| i.args.as_str()).collect();
    assert!(env.contains("LOTSE_LISTEN=0.0.0.0:8080"), "{env}");
    let expose: Vec<&str> = in_stage(&d, last, "EXPOSE")
        .map(|i| i.args.as_str())
        .collect();
    assert_eq!(expose, ["8080"]);
    let health = in_stage(&d, last, "HEALTHCHECK")
        .last()
        .expect("a HEALTHCHECK");
    assert!(health.args.contains(" CMD "), "{}", health.args);
    assert!(health.args.contains("/health"), "{}", health.args);
}

#[test]
fn the_entrypoint_is_lotse_and_the_default_command_serve() {
    let d = dockerfile();
    let last = last_stage(&d);
    let entrypoint = exec_form(&in_stage(&d, last, "ENTRYPOINT").last().unwrap().args);
    assert_eq!(
        entrypoint.last().map(String::as_str),
        Some("lotse"),
        "{entrypoint:?}"
    );
    let cmd = exec_form(&in_stage(&d, last, "CMD").last().unwrap().args);
    assert_eq!(cmd, ["serve"]);
}

#[test]
fn the_image_sets_only_listed_lotse_settings() {
    let d = dockerfile();
    for i in d.iter().filter(|i| i.keyword == "ENV") {
        for name in names_set(i) {
            assert!(SETTINGS.contains(&name.as_str()), "ENV {name}");
        }
    }
}

#[test]
fn the_build_context_leaves_out_build_output_local_data_and_secrets_but_no_sources() {
    let ignore = read("../.dockerignore");
    let rules: Vec<&str> = ignore
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    for rule in [
        ".git",
        "**/target",
        "**/node_modules",
        "web/dist",
        "data",
        "**/.env",
    ] {
        assert!(rules.contains(&rule), ".dockerignore has `{rule}`");
    }
    // Every workspace member's manifest must reach cargo inside the build.
    for kept in [
        "services",
        "tests",
        "migrations",
        "web",
        "deploy",
        "deploy/check",
        "Cargo.lock",
    ] {
        assert!(
            !rules.iter().any(|r| *r == kept || *r == format!("{kept}/")),
            ".dockerignore must not leave out {kept}"
        );
    }
}

#[test]
fn the_parser_joins_continuations_and_counts_stages() {
    let d = parse(
        "# syntax=x\nARG A=1\nFROM a AS one\nRUN x \\\n  # note\n  && y\nFROM b\nENV K=v \\\n    L=w\n",
    );
    let summary: Vec<(usize, &str, &str)> = d
        .iter()
        .map(|i| (i.stage, i.keyword.as_str(), i.args.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (0, "ARG", "A=1"),
            (1, "FROM", "a AS one"),
            (1, "RUN", "x && y"),
            (2, "FROM", "b"),
            (2, "ENV", "K=v L=w"),
        ]
    );
    assert_eq!(names_set(&d[4]), ["K", "L"]);
}
