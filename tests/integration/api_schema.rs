//! The GraphQL schema as SDL is a snapshot: `web/schema.graphql`, from which the web app
//! generates its types. A change to the schema shows up here as a failing test and, once
//! accepted, as a diff of that file in review.

use std::path::PathBuf;

fn committed_schema() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../web/schema.graphql")
}

#[test]
fn the_schema_matches_the_committed_web_schema_graphql() {
    let path = committed_schema();
    let current = lotse_graphql::sdl();
    let update = std::env::var("LOTSE_UPDATE_SCHEMA").is_ok_and(|v| v == "1");
    let committed = std::fs::read_to_string(&path).ok();
    if committed.as_deref() == Some(current.as_str()) {
        return;
    }
    if update {
        std::fs::write(&path, &current).expect("write web/schema.graphql");
        println!("wrote {}", path.display());
        return;
    }
    let hint = "If the change is intended, rewrite it with \
                `LOTSE_UPDATE_SCHEMA=1 cargo test -p lotse-tests api_schema` \
                and commit web/schema.graphql (the web app generates its types from it).";
    match committed {
        None => panic!("{} is missing. {hint}", path.display()),
        Some(committed) => {
            let first_difference = committed
                .lines()
                .zip(current.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .map(|(n, (a, b))| format!("line {}:\n  committed: {a}\n  current:   {b}", n + 1))
                .unwrap_or_else(|| {
                    format!(
                        "the committed file has {} lines, the schema {}",
                        committed.lines().count(),
                        current.lines().count()
                    )
                });
            panic!(
                "The GraphQL schema differs from {}; first difference at {first_difference}\n{hint}",
                path.display()
            );
        }
    }
}
