//! A database that is not there yet at start: the server waits for it with back-off and a
//! clear log line instead of ending (a crash loop without explanation), and starts once it
//! answers.

use crate::one_database::{Lotse, temp};
use lotse_tests::TestDb;
use std::time::{Duration, Instant};

/// Forwards every connection on `listener` to PostgreSQL at `target`, until dropped.
async fn forward(listener: tokio::net::TcpListener, target: String) {
    loop {
        let Ok((mut inbound, _)) = listener.accept().await else {
            return;
        };
        let target = target.clone();
        tokio::spawn(async move {
            if let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await {
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            }
        });
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_started_before_its_database_retries_with_a_clear_log_line_and_starts_when_it_answers()
 {
    let db = TestDb::postgres().await;
    // The test database, reached through a loopback port where nothing listens yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (base, name) = db.url.rsplit_once('/').unwrap();
    let (_, real) = base.rsplit_once('@').unwrap();
    let url = format!("postgres://postgres@127.0.0.1:{port}/{name}");

    let dir = temp("database-at-start");
    let mut server = Lotse::start(
        &dir,
        &["serve", "--no-workers"],
        &[
            ("LOTSE_DATABASE_URL", url),
            ("LOTSE_LISTEN", "127.0.0.1:0".into()),
        ],
    );
    let said = format!("database not reachable at 127.0.0.1:{port}, retrying in");
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.output().matches(&said).count() < 2 {
        assert!(
            server.running(),
            "the server ended instead of waiting:\n{}",
            server.output()
        );
        assert!(
            Instant::now() < deadline,
            "no two retries logged within 20 s:\n{}",
            server.output()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let output = server.output();
    assert!(output.contains(&format!("{said} 1s")), "{output}");
    assert!(output.contains(&format!("{said} 2s")), "{output}");
    assert!(server.running(), "{output}");

    // The database appears on that port: the server starts without being restarted.
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    let forwarding = tokio::spawn(forward(listener, real.to_string()));
    let addr = server.address(Duration::from_secs(30)).await;
    let response = reqwest::get(format!("http://{addr}/ready")).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    drop(server);
    forwarding.abort();
    let _ = std::fs::remove_dir_all(&dir);
}
