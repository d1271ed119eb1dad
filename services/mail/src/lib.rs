//! # lotse-mail
//!
//! The e-mail room of Lotse: templates, calendar invites and transports.
//!
//! - [`render`] turns a [`MailKind`], a [`Lang`] and a JSON context into a [`Rendered`]
//!   mail (subject, plain text, HTML). The templates are files under `templates/<kind>/`
//!   (`<lang>.subject.txt`, `<lang>.txt`, `<lang>.html`), compiled into the binary, and
//!   rendered with minijinja. A variable the template needs but the context lacks is an
//!   error.
//! - [`calendar_invite`] writes an iCalendar invite (or cancellation) for a
//!   [`CalendarEvent`]; [`Attachment::calendar`] attaches it.
//! - [`message_id`] makes a deterministic Message-ID from an idempotency key.
//! - [`OutgoingMail`] is what a [`Transport`] delivers: [`SmtpTransport`] in production,
//!   [`FileTransport`] in development, [`MemoryTransport`] in tests.
//!
//! The crate knows nothing of the domain: callers pass plain strings and JSON values, and
//! keep personal data out of what they log. Errors of this crate never contain
//! addresses or context values.
//!
//! ```
//! use lotse_mail::{render, Lang, MailKind};
//!
//! let ctx = serde_json::json!({
//!     "programme": "Weltoffene Kommune",
//!     "recipient_name": "Alex Beispiel",
//!     "sign_in_url": "https://lotse.example/anmelden/abc",
//!     "valid_minutes": 15,
//! });
//! let mail = render(MailKind::SignInLink, Lang::De, &ctx).unwrap();
//! assert_eq!(mail.subject, "Ihr Anmeldelink für Lotse");
//! ```

mod calendar;
mod dates;
mod kind;
mod message;
mod render;
mod transport;

pub use calendar::{CalendarEvent, IcsMethod, calendar_invite};
pub use dates::{format_date, format_long_date, format_span, format_time};
pub use kind::{Lang, MailKind, UnknownName};
pub use message::{Attachment, OutgoingMail, mail_domain, message_id};
pub use render::{RenderError, Rendered, render};
pub use transport::{
    FileTransport, MemoryTransport, Secret, Security, SendError, SmtpConfig, SmtpSetupError,
    SmtpTransport, Transport, TransportConfig,
};
