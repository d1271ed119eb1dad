//! The settings file: `lotse.toml` in the working folder (or `LOTSE_CONFIG`) sits between
//! the defaults and the environment, and a wrong entry stops the start naming it.

use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `lotse` in `dir` without any LOTSE_ variable except those given; kills it after
/// 30 s.
fn lotse(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    let mut child = crate::one_database::command(dir, args, env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn temp() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lotse-settings-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_settings_file_names_the_database_and_the_environment_overrides_it() {
    let dir = temp();
    std::fs::write(
        dir.join("lotse.toml"),
        "# Lotse settings\ndatabase_url = \"sqlite:from-file.sqlite\"\n",
    )
    .unwrap();
    let out = lotse(&dir, &["migrate"], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("from-file.sqlite").is_file());

    let out = lotse(
        &dir,
        &["migrate"],
        &[("LOTSE_DATABASE_URL", "sqlite:from-env.sqlite".into())],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("from-env.sqlite").is_file());

    // LOTSE_CONFIG names another file; it must exist.
    std::fs::write(
        dir.join("other.toml"),
        "database_url = \"sqlite:from-other.sqlite\"\n",
    )
    .unwrap();
    let out = lotse(&dir, &["migrate"], &[("LOTSE_CONFIG", "other.toml".into())]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("from-other.sqlite").is_file());
    let out = lotse(
        &dir,
        &["migrate"],
        &[("LOTSE_CONFIG", "missing.toml".into())],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("LOTSE_CONFIG"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_wrong_entry_in_the_settings_file_stops_the_start_and_names_it() {
    let dir = temp();
    std::fs::write(dir.join("lotse.toml"), "lisen = \"0.0.0.0:80\"\n").unwrap();
    let out = lotse(&dir, &["migrate"], &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown setting `lisen`"), "{err}");
    assert!(!dir.join("data").exists(), "nothing was created");

    std::fs::write(
        dir.join("lotse.toml"),
        "database_url = \"sqlite:x.sqlite\"\nsmtp_host = \"localhost\"\nsmtp_port = \"five\"\n",
    )
    .unwrap();
    let out = lotse(&dir, &["serve", "--listen", "127.0.0.1:0"], &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("LOTSE_SMTP_PORT"), "{err}");

    std::fs::write(
        dir.join("lotse.toml"),
        "database_url = \"sqlite:x.sqlite\"\nrequest_seconds = 0\n",
    )
    .unwrap();
    let out = lotse(&dir, &["serve", "--listen", "127.0.0.1:0"], &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("LOTSE_REQUEST_SECONDS must be a whole number of seconds from 1 to 300"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
