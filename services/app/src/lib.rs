//! Command handling on the event log: load the streams a decision needs, decide, append with
//! the versions read, retry on conflict. Also user accounts, sign-in and the demo programme.

pub mod accounts;
pub mod app;
pub mod clock;
pub mod codec;
pub mod demo;
pub mod mailer;

pub use app::{Actor, App, AppError, CommandMeta, Outcome};
pub use clock::Clock;
