//! The built web app (`web/dist`): read from a folder, or embedded into the binary.
//!
//! Release builds embed whatever `web/dist` held when they were compiled (build the web app
//! first, as `scripts/run.sh` and the container image do; `build.rs` makes a changed
//! `web/dist` rebuild them); debug builds read the same folder at run time. A build without
//! an `index.html` there has no embedded app and serves the plain HTML pages instead.
//! `web/e2e/embedded.mjs` checks this mode against the debug binary after the web build.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;

#[derive(rust_embed::RustEmbed)]
#[folder = "../../web/dist"]
#[allow_missing = true]
struct Embedded;

/// Where the web app's files come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebApp {
    /// No web app: the server answers its plain HTML pages.
    None,
    /// A folder with `index.html` (`LOTSE_WEB_DIR`, or `web/dist` beside the working folder).
    Dir(PathBuf),
    /// The build compiled into the binary.
    Embedded,
}

impl WebApp {
    /// The embedded build, if this binary has one.
    pub fn embedded() -> Option<Self> {
        Embedded::get("index.html").map(|_| WebApp::Embedded)
    }
}

/// One embedded file with its type; the hashed files under `assets/` may be cached for
/// good, everything else is revalidated. `None` when there is no such file.
pub fn embedded_file(path: &str) -> Option<Response> {
    let path = path.trim_start_matches('/');
    let file = Embedded::get(path)?;
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mime = file.metadata.mimetype().to_string();
    Some(
        (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_str(&mime)
                        .unwrap_or(HeaderValue::from_static("application/octet-stream")),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            ],
            file.data.into_owned(),
        )
            .into_response(),
    )
}

/// The embedded `index.html` with the given status (200 for the app's routes, 404 for
/// unknown paths: the app then shows its "not found" page).
pub fn embedded_index(status: StatusCode) -> Response {
    match Embedded::get("index.html") {
        Some(file) => (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            file.data.into_owned(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
