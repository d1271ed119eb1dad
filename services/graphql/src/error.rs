//! One error type at the edge: domain refusals become GraphQL errors with a stable `code`
//! extension and a message in the caller's language; anything unexpected is logged with its
//! cause and shown only as "internal error".

use crate::auth::RequestInfo;
use crate::messages::{domain_message, input_message, validation_message};
use crate::scalars::{Date, DateTime, LocalDateTime};
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextResolve, ResolveInfo,
};
use async_graphql::parser::types::{ExecutableDocument, Field};
use async_graphql::registry::{MetaType, MetaTypeName, Registry};
use async_graphql::{
    Error, ErrorExtensions, InputType, PathSegment, QueryPathSegment, ScalarType, ServerError,
    ServerResult, Value as ConstValue, Variables,
};
use lotse_app::AppError;
use lotse_domain::values::{Language, plausible_date};
use lotse_domain::{DomainError, ValidationError};
use std::sync::{Arc, Mutex};

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

/// The database did not answer: nothing was done, the request can be sent again.
pub fn unavailable(lang: Language) -> Error {
    coded(
        "SERVICE_UNAVAILABLE",
        pick(
            lang,
            "Lotse ist gerade nicht erreichbar. Bitte versuchen Sie es in einem Moment erneut.",
            "Lotse cannot be reached right now. Please try again in a moment.",
        ),
    )
}

/// The request ran out of its time budget and was stopped.
pub fn timeout(lang: Language) -> Error {
    coded("TIMEOUT", crate::messages::timeout_message(lang))
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
    invalid_input(e.field, e.code, lang)
}

/// The input `field` (as named in the public API) refused for the reason `reason`.
pub fn invalid_input(field: &str, reason: &str, lang: Language) -> Error {
    Error::new(input_message(field, reason, lang)).extend_with(|_, x| {
        x.set("code", "INVALID_INPUT");
        x.set("field", field);
        x.set("reason", reason);
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
        other => {
            let refused = coded(other.code(), domain_message(other, lang));
            match other.field() {
                Some(field) => refused.extend_with(|_, x| x.set("field", field)),
                None => refused,
            }
        }
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
        AppError::Store(e) if e.is_full() => {
            tracing::error!(error = %e, "the database's disk is full: commands are refused");
            coded("STORAGE_FULL", crate::messages::storage_full_message(lang))
        }
        AppError::Store(e) if e.is_unavailable() => {
            tracing::warn!(error = %e, "the database could not be reached");
            unavailable(lang)
        }
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

/// Malformed dates in arguments (`heldOn: "31.02.2026"`, `at: "morgen"`, a step's `due`).
///
/// async-graphql checks the `Date`, `LocalDateTime` and `DateTime` scalars only when a
/// resolver parses its arguments, and refuses a bad one in English without naming the
/// argument (the server would then add the code `BAD_REQUEST`). This extension answers such a
/// refusal like any other invalid input: `INVALID_INPUT` with the argument as `field`
/// (`heldOn`, or `nextSteps.due` inside a list, as the other list fields are named), the
/// reason `invalid_date` or `invalid_datetime` and a message in the request's language. Other
/// errors pass unchanged.
///
/// A well-formed date outside [`PLAUSIBLE_YEARS`](lotse_domain::values::PLAUSIBLE_YEARS)
/// (year −262143 parses) is refused the same way, with the reason `date_out_of_range`,
/// before the resolver runs.
pub struct DateArguments;

impl ExtensionFactory for DateArguments {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DateArgumentsOfRequest::default())
    }
}

/// One request's [`DateArguments`]: keeps the variables to find the bad value in them.
#[derive(Default)]
struct DateArgumentsOfRequest {
    variables: Mutex<Variables>,
}

#[async_trait::async_trait]
impl Extension for DateArgumentsOfRequest {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        *self.variables.lock().unwrap_or_else(|e| e.into_inner()) = variables.clone();
        next.run(ctx, query, variables).await
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<ConstValue>> {
        let lang = || {
            ctx.data_opt::<RequestInfo>()
                .map_or(Language::De, |i| i.lang)
        };
        // A well-formed date outside the plausible years never reaches the resolver.
        if let Some((pos, argument, reason)) =
            self.implausible_date(ctx, info.parent_type, info.field)
        {
            let mut refused = invalid_input(&argument, reason, lang()).into_server_error(pos);
            let mut path: Vec<PathSegment> = std::iter::once(info.path_node)
                .chain(info.path_node.parents())
                .map(|node| match node.segment {
                    QueryPathSegment::Name(name) => PathSegment::Field(name.to_string()),
                    QueryPathSegment::Index(i) => PathSegment::Index(i),
                })
                .collect();
            path.reverse();
            refused.path = path;
            return Err(refused);
        }
        let (parent, field) = (info.parent_type, info.field);
        next.run(ctx, info)
            .await
            .map_err(|e| match self.bad_date(ctx, parent, field, &e) {
                Some((argument, reason)) => {
                    let pos = e.locations.first().copied().unwrap_or_default();
                    let mut refused =
                        invalid_input(&argument, reason, lang()).into_server_error(pos);
                    refused.path = e.path;
                    refused
                }
                None => e,
            })
    }
}

impl DateArgumentsOfRequest {
    /// The value of the `index`th argument of `field`, with variables filled in, and its
    /// GraphQL type.
    fn argument<'a>(
        &self,
        ctx: &'a ExtensionContext<'_>,
        parent: &str,
        field: &Field,
        index: usize,
    ) -> Option<(&'a str, ConstValue)> {
        let (name, value) = field.arguments.get(index)?;
        let argument = ctx
            .schema_env
            .registry
            .types
            .get(parent)?
            .field_by_name(&field.name.node)?
            .args
            .get(name.node.as_str())?;
        let variables = self.variables.lock().unwrap_or_else(|e| e.into_inner());
        let value = value
            .node
            .clone()
            .into_const_with(|var| variables.get(&var).cloned().ok_or(()))
            .ok()?;
        Some((argument.ty.as_str(), value))
    }

    /// The argument of `field` that `e` is about (async-graphql places an argument's parse
    /// error at the argument's value), if it holds a malformed date: its name and the reason.
    fn bad_date(
        &self,
        ctx: &ExtensionContext<'_>,
        parent: &str,
        field: &Field,
        e: &ServerError,
    ) -> Option<(String, &'static str)> {
        let pos = e.locations.first()?;
        let index = field.arguments.iter().position(|(_, v)| v.pos == *pos)?;
        let (ty, value) = self.argument(ctx, parent, field, index)?;
        let name = field.arguments[index].0.node.to_string();
        date_problem(&ctx.schema_env.registry, ty, &value, name)
    }

    /// The first argument of `field` holding a well-formed date outside
    /// [`PLAUSIBLE_YEARS`](lotse_domain::values::PLAUSIBLE_YEARS): where, which and why.
    fn implausible_date(
        &self,
        ctx: &ExtensionContext<'_>,
        parent: &str,
        field: &Field,
    ) -> Option<(async_graphql::Pos, String, &'static str)> {
        field
            .arguments
            .iter()
            .enumerate()
            .find_map(|(index, (name, value))| {
                let (ty, v) = self.argument(ctx, parent, field, index)?;
                match date_problem(&ctx.schema_env.registry, ty, &v, name.node.to_string())? {
                    (path, reason @ "date_out_of_range") => Some((value.pos, path, reason)),
                    _ => None,
                }
            })
    }
}

/// The first malformed or implausible date in `value` of the GraphQL type `ty`, as its
/// field path (`nextSteps.due`, without list indexes) and reason (`invalid_date`,
/// `invalid_datetime` or `date_out_of_range`).
fn date_problem(
    registry: &Registry,
    ty: &str,
    value: &ConstValue,
    path: String,
) -> Option<(String, &'static str)> {
    let checked = |day: Option<chrono::NaiveDate>, malformed: &'static str| match day {
        None => Some((path.clone(), malformed)),
        Some(day) => plausible_date("date", day)
            .is_err()
            .then(|| (path.clone(), "date_out_of_range")),
    };
    match MetaTypeName::create(ty) {
        MetaTypeName::NonNull(inner) => date_problem(registry, inner, value, path),
        MetaTypeName::List(inner) => match value {
            ConstValue::List(items) => items
                .iter()
                .find_map(|item| date_problem(registry, inner, item, path.clone())),
            single => date_problem(registry, inner, single, path),
        },
        MetaTypeName::Named(_) if *value == ConstValue::Null => None,
        MetaTypeName::Named(name) if name == <Date as InputType>::type_name() => checked(
            <Date as ScalarType>::parse(value.clone()).ok().map(|d| d.0),
            "invalid_date",
        ),
        MetaTypeName::Named(name) if name == <LocalDateTime as InputType>::type_name() => checked(
            <LocalDateTime as ScalarType>::parse(value.clone())
                .ok()
                .map(|t| t.0.date()),
            "invalid_datetime",
        ),
        MetaTypeName::Named(name) if name == <DateTime as InputType>::type_name() => checked(
            <DateTime as ScalarType>::parse(value.clone())
                .ok()
                .map(|t| t.0.date_naive()),
            "invalid_datetime",
        ),
        MetaTypeName::Named(name) => match (registry.types.get(name)?, value) {
            (MetaType::InputObject { input_fields, .. }, ConstValue::Object(fields)) => {
                fields.iter().find_map(|(key, v)| {
                    let f = input_fields.get(key.as_str())?;
                    date_problem(registry, &f.ty, v, format!("{path}.{key}"))
                })
            }
            _ => None,
        },
    }
}
