//! Keeps the web app embedded by `src/webapp.rs` (rust-embed of `web/dist`) in step with
//! the web build.
//!
//! - `web/dist` is created (empty) when it is missing. rust-embed fixes the folder's path at
//!   compile time; when the folder does not exist then, it keeps `…/services/server/../../web/
//!   dist` uncanonicalised, and a debug build (which reads the folder at run time) never finds
//!   a file in it, even after the web app is built. With the folder there, a debug binary
//!   compiled before `npm run build` serves the build made afterwards.
//! - Release builds carry the files inside (`include_bytes!`, so cargo already rebuilds when
//!   one of them changes or goes). They are also rebuilt when files are added to `web/dist`,
//!   e.g. a release build made before the first web build would otherwise keep embedding
//!   nothing.

use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dist = Path::new(&manifest).join("../../web/dist");
    if let Err(e) = std::fs::create_dir_all(&dist) {
        println!(
            "cargo::warning=cannot create {}: {e}; a debug build serves no embedded web app",
            dist.display()
        );
    }
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("PROFILE").as_deref() == Ok("release") {
        println!("cargo::rerun-if-changed=../../web/dist");
    }
}
