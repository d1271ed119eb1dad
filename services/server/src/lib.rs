//! The `lotse` server: configuration, HTTP wiring, plain pages and the command line.

pub mod backup;
pub mod config;
pub mod http;
pub mod mail;
pub mod pages;
pub mod server;
pub mod settings;
pub mod telemetry;
pub mod webapp;
