//! One error type at the edge: domain refusals become GraphQL errors with a stable `code`
//! extension and a message in the caller's language; anything unexpected is logged with its
//! cause and shown only as "internal error".

use crate::messages::{domain_message, validation_message};
use async_graphql::{Error, ErrorExtensions};
use lotse_app::AppError;
use lotse_domain::values::Language;
use lotse_domain::{DomainError, ValidationError};

/// Results of resolvers.
pub type GqlResult<T> = Result<T, Error>;

fn coded(code: &str, message: String) -> Error {
    Error::new(message).extend_with(|_, e| e.set("code", code))
}

fn pick(lang: Language, de: &str, en: &str) -> String {
    match lang {
        Language::De => de.into(),
        Language::En => en.into(),
    }
}

/// Not signed in.
pub fn unauthenticated(lang: Language) -> Error {
    coded(
        "UNAUTHENTICATED",
        pick(lang, "Bitte melden Sie sich an.", "Please sign in."),
    )
}

/// Signed in, but not allowed.
pub fn forbidden(lang: Language) -> Error {
    coded(
        "FORBIDDEN",
        pick(
            lang,
            "Dafür fehlt Ihnen die Berechtigung.",
            "You are not allowed to do this.",
        ),
    )
}

/// Unknown, or not visible to the viewer.
pub fn not_found(lang: Language) -> Error {
    coded(
        "NOT_FOUND",
        pick(
            lang,
            "Das gesuchte Element gibt es nicht oder Sie haben keinen Zugriff darauf.",
            "This item does not exist or you have no access to it.",
        ),
    )
}

/// Too many requests from one client.
pub fn rate_limited(lang: Language) -> Error {
    coded(
        "RATE_LIMITED",
        pick(
            lang,
            "Zu viele Anfragen. Bitte versuchen Sie es in einigen Minuten erneut.",
            "Too many requests. Please try again in a few minutes.",
        ),
    )
}

/// One invalid input value.
pub fn invalid(e: &ValidationError, lang: Language) -> Error {
    let field = e.field;
    let code = e.code;
    Error::new(validation_message(e, lang)).extend_with(|_, x| {
        x.set("code", "INVALID_INPUT");
        x.set("field", field);
        x.set("reason", code);
    })
}

/// Several invalid input values at once (forms): each with field, reason and message.
pub fn invalid_fields(errors: &[ValidationError], lang: Language) -> Error {
    let list: Vec<async_graphql::Value> = errors
        .iter()
        .map(|e| {
            let mut obj = async_graphql::indexmap::IndexMap::new();
            obj.insert(
                async_graphql::Name::new("field"),
                async_graphql::Value::from(e.field),
            );
            obj.insert(
                async_graphql::Name::new("reason"),
                async_graphql::Value::from(e.code),
            );
            obj.insert(
                async_graphql::Name::new("message"),
                async_graphql::Value::from(validation_message(e, lang)),
            );
            async_graphql::Value::Object(obj)
        })
        .collect();
    Error::new(pick(
        lang,
        "Bitte prüfen Sie die markierten Angaben.",
        "Please check the marked fields.",
    ))
    .extend_with(|_, x| {
        x.set("code", "INVALID_INPUT");
        x.set("fields", async_graphql::Value::List(list.clone()));
    })
}

/// A domain refusal.
pub fn domain(e: &DomainError, lang: Language) -> Error {
    match e {
        DomainError::Invalid(v) => invalid(v, lang),
        other => coded(other.code(), domain_message(other, lang)),
    }
}

/// Anything the application returned.
pub fn app(e: AppError, lang: Language) -> Error {
    match e {
        AppError::Domain(d) => domain(&d, lang),
        AppError::Busy => coded(
            "BUSY",
            pick(
                lang,
                "Gerade ändern mehrere Personen diese Kommune. Bitte versuchen Sie es noch einmal.",
                "Several people are changing this municipality right now. Please try again.",
            ),
        ),
        other => internal(&other, lang),
    }
}

/// An unexpected failure: logged with its cause chain, shown without details.
pub fn internal(e: &dyn std::error::Error, lang: Language) -> Error {
    let mut chain = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    tracing::error!(error = %chain, "request failed");
    coded(
        "INTERNAL",
        pick(
            lang,
            "Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.",
            "An internal error occurred. Please try again later.",
        ),
    )
}
