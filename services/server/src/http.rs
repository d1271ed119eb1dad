//! HTTP: health and a read-only overview of the board, kept current by tailing the log.
//! The GraphQL API and the web app replace the overview page.

use crate::board::Board;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use lotse_domain::values::Stage;
use lotse_eventstore::Store;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::RwLock;

/// The live board shared by the handlers.
pub type SharedBoard = Arc<RwLock<Board>>;

/// Keeps `board` current: wakes on every append signal and at least once a second.
pub fn spawn_tail(store: Store, board: SharedBoard) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut wake = store.subscribe();
        loop {
            let mut next = board.read().await.clone();
            match next.catch_up(&store).await {
                Ok(()) => *board.write().await = next,
                Err(e) => tracing::warn!(error = %e, "could not read the log; retrying"),
            }
            let _ = tokio::time::timeout(Duration::from_secs(1), wake.recv()).await;
        }
    })
}

/// The router.
pub fn router(board: SharedBoard) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/", get(overview))
        .with_state(board)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The German name of a stage.
pub fn stage_de(stage: Stage) -> &'static str {
    match stage {
        Stage::Interest => "Interesse",
        Stage::Interview => "Erstgespräch",
        Stage::WaitingList => "Warteliste",
        Stage::OnHold => "Zurückgestellt",
        Stage::Onboarding => "Zugelassen",
        Stage::SelfCheck => "Selbstcheck",
        Stage::Workshop => "Workshop",
        Stage::Implementation => "Umsetzung",
        Stage::Completed => "Abgeschlossen",
        Stage::Declined => "Abgesagt",
        Stage::Withdrawn => "Zurückgezogen",
    }
}

async fn overview(State(board): State<SharedBoard>) -> impl IntoResponse {
    let board = board.read().await;
    let mut html = String::from(
        "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Lotse – Übersicht</title><style>\
         body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}\
         .cols{display:flex;gap:1rem;overflow-x:auto}section{min-width:12rem}\
         h2{font-size:1rem;border-bottom:2px solid #1a1a1a}ul{list-style:none;padding:0}\
         li{border:1px solid #767676;border-radius:4px;padding:.4rem;margin:.3rem 0}\
         small{color:#444}</style></head><body><main><h1>Lotse</h1>",
    );
    let mut tenants: Vec<_> = board.tenants.values().collect();
    tenants.sort_by_key(|t| t.tenant.name.as_ref().map(|n| n.to_string()));
    if tenants.is_empty() {
        html.push_str("<p>Noch keine Programme. Starten Sie mit <code>lotse demo</code>.</p>");
    }
    for t in tenants {
        let name = t
            .tenant
            .name
            .as_ref()
            .map_or("–".into(), |n| escape(n.as_str()));
        html.push_str(&format!("<h2>{name}</h2><div class=\"cols\">"));
        for stage in Stage::ALL {
            let mut cards: Vec<_> = t
                .municipalities
                .values()
                .filter(|m| m.stage() == stage)
                .collect();
            cards.sort_by(|a, b| a.profile.name.cmp(&b.profile.name));
            html.push_str(&format!(
                "<section aria-label=\"{0}\"><h3>{0} ({1})</h3><ul>",
                stage_de(stage),
                cards.len()
            ));
            for m in cards {
                html.push_str(&format!(
                    "<li>{}<br><small>{}</small></li>",
                    escape(m.profile.name.as_str()),
                    m.profile.bundesland.label_de()
                ));
            }
            html.push_str("</ul></section>");
        }
        html.push_str("</div>");
    }
    html.push_str(&format!(
        "<p><small>{} Ereignisse gelesen.</small></p></main></body></html>",
        board.events
    ));
    ([(header::CACHE_CONTROL, "no-store")], Html(html))
}
