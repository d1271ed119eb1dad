//! The `lotse` application: command handling on the event log, the demo programme, the
//! read model of the board, and the HTTP server.

pub mod app;
pub mod board;
pub mod clock;
pub mod codec;
pub mod demo;
pub mod http;
