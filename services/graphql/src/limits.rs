//! Bounded work per document, before async-graphql validates it.
//!
//! async-graphql's depth and complexity limits are computed during validation, and
//! validation walks every fragment spread again: a document under a kilobyte whose fragments
//! each spread the previous one twice costs time exponential in its length before any limit
//! fires (and so do async-graphql's own checks of recursion depth and directives, which run
//! right after parsing). This extension parses the document first and measures it, with
//! each fragment's size computed once (fields and directives count), and refuses it when its
//! text is longer than [`MAX_QUERY_BYTES`], when its expanded size is over [`MAX_FIELDS`], when
//! fragments spread each other deeper than [`MAX_FRAGMENT_NESTING`], or when a mutation
//! operation has more than [`MAX_MUTATIONS`] root fields. The same extension runs for
//! requests over HTTP and over the WebSocket.

use crate::auth::RequestInfo;
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextPrepareRequest, NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
use async_graphql::{Name, ServerError, ServerResult};
use async_graphql::{Request, ValidationResult};
use lotse_domain::values::Language;
use std::any::TypeId;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The most field selections a document may have with every fragment spread expanded. The
/// web app's largest operation has a few hundred.
pub const MAX_FIELDS: u64 = 2_000;
/// The longest document text, in bytes (the web app's largest operation has about 1.3 KB;
/// variables do not count). Parsing is linear, but not free.
pub const MAX_QUERY_BYTES: usize = 16 * 1024;
/// How deep fragments may spread fragments.
pub const MAX_FRAGMENT_NESTING: usize = 32;
/// The most root fields of one mutation operation (each runs a command).
pub const MAX_MUTATIONS: u64 = 10;

/// Why a document was refused before validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooLarge {
    /// A document text longer than [`MAX_QUERY_BYTES`].
    Length,
    /// More field selections than [`MAX_FIELDS`] once fragments are expanded.
    Fields,
    /// Fragments nested deeper than [`MAX_FRAGMENT_NESTING`].
    Nesting,
    /// More than [`MAX_MUTATIONS`] mutations in one operation.
    Mutations,
    /// A spread of a fragment the document does not define.
    UnknownFragment,
    /// Fragments that spread each other in a cycle.
    FragmentCycle,
}

/// The size of a document with every fragment expanded: each operation and each fragment
/// definition is counted (validation visits them all), each fragment's size is computed once.
/// Stops counting once over the limit, so the work is linear in the document's length.
pub fn check_document(doc: &ExecutableDocument) -> Result<u64, TooLarge> {
    let mut sizes = Sizes {
        doc,
        memo: HashMap::new(),
        visiting: Vec::new(),
    };
    let mut total: u64 = 0;
    for (_, op) in doc.operations.iter() {
        let set = &op.node.selection_set.node;
        total = total.saturating_add(sizes.of(set)?);
        if op.node.ty == OperationType::Mutation && sizes.root_fields(set)? > MAX_MUTATIONS {
            return Err(TooLarge::Mutations);
        }
        if total > MAX_FIELDS {
            return Err(TooLarge::Fields);
        }
    }
    for name in doc.fragments.keys() {
        total = total.saturating_add(sizes.fragment(name)?);
        if total > MAX_FIELDS {
            return Err(TooLarge::Fields);
        }
    }
    Ok(total)
}

struct Sizes<'a> {
    doc: &'a ExecutableDocument,
    memo: HashMap<&'a Name, u64>,
    visiting: Vec<&'a Name>,
}

impl<'a> Sizes<'a> {
    fn of(&mut self, set: &'a SelectionSet) -> Result<u64, TooLarge> {
        let mut n: u64 = 0;
        for item in &set.items {
            // A directive costs like a field (async-graphql checks each field's directives
            // one by one; here they count towards the whole).
            let directives = item.node.directives().len() as u64;
            // Every selection counts at least 1 (a spread or an inline fragment too), so that
            // no walk of the document is free.
            let add = directives
                .saturating_add(1)
                .saturating_add(match &item.node {
                    Selection::Field(f) => self.of(&f.node.selection_set.node)?,
                    Selection::FragmentSpread(s) => self.fragment(&s.node.fragment_name.node)?,
                    Selection::InlineFragment(i) => self.of(&i.node.selection_set.node)?,
                });
            n = n.saturating_add(add);
            if n > MAX_FIELDS {
                return Err(TooLarge::Fields);
            }
        }
        Ok(n)
    }

    /// A fragment's expanded size. A spread of an unknown fragment and fragments that
    /// spread each other in a cycle are refused here: async-graphql's checks after parsing
    /// would otherwise follow them, unmemoised, up to its recursion limit.
    fn fragment(&mut self, name: &'a Name) -> Result<u64, TooLarge> {
        if let Some(n) = self.memo.get(name) {
            return Ok(*n);
        }
        let Some(fragment) = self.doc.fragments.get(name) else {
            return Err(TooLarge::UnknownFragment);
        };
        if self.visiting.contains(&name) {
            return Err(TooLarge::FragmentCycle);
        }
        if self.visiting.len() >= MAX_FRAGMENT_NESTING {
            return Err(TooLarge::Nesting);
        }
        self.visiting.push(name);
        let n = self.of(&fragment.node.selection_set.node);
        self.visiting.pop();
        let n = n?;
        self.memo.insert(name, n);
        Ok(n)
    }

    /// The fields directly at the root of an operation, fragments expanded.
    fn root_fields(&mut self, set: &'a SelectionSet) -> Result<u64, TooLarge> {
        let mut n: u64 = 0;
        for item in &set.items {
            n = n.saturating_add(match &item.node {
                Selection::Field(_) => 1,
                Selection::FragmentSpread(s) => {
                    match self.doc.fragments.get(&s.node.fragment_name.node) {
                        Some(f) if !self.visiting.contains(&&s.node.fragment_name.node) => {
                            if self.visiting.len() >= MAX_FRAGMENT_NESTING {
                                return Err(TooLarge::Nesting);
                            }
                            self.visiting.push(&s.node.fragment_name.node);
                            let n = self.root_fields(&f.node.selection_set.node);
                            self.visiting.pop();
                            n?
                        }
                        _ => 0,
                    }
                }
                Selection::InlineFragment(i) => self.root_fields(&i.node.selection_set.node)?,
            });
        }
        Ok(n)
    }
}

/// The refusal of a document that is too large, in the request's language, with the code
/// `QUERY_TOO_LARGE`.
pub fn refusal(why: TooLarge, lang: Language) -> ServerError {
    let mut e = coded(
        "QUERY_TOO_LARGE",
        crate::messages::too_large_message(why, lang),
    );
    e.extensions.get_or_insert_with(Default::default).set(
        "reason",
        match why {
            TooLarge::Length => "too_long",
            TooLarge::Fields => "too_many_fields",
            TooLarge::Nesting => "fragments_too_deep",
            TooLarge::Mutations => "too_many_mutations",
            TooLarge::UnknownFragment => "unknown_fragment",
            TooLarge::FragmentCycle => "fragment_cycle",
        },
    );
    e
}

/// Stops a query (over HTTP or a WebSocket) that runs longer than the installation's
/// budget ([`Services::request_budget`](crate::Services), `LOTSE_REQUEST_SECONDS`) and
/// answers TIMEOUT in the request's language. A mutation runs to its end: stopped between
/// two of its steps it could leave half a change behind. Subscriptions are not timed.
pub struct TimeBudget;

impl ExtensionFactory for TimeBudget {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(TimeBudgetOfRequest::default())
    }
}

/// One request's [`TimeBudget`]: whether it changes something.
#[derive(Default)]
struct TimeBudgetOfRequest {
    changes: AtomicBool,
}

#[async_trait::async_trait]
impl Extension for TimeBudgetOfRequest {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let changes = request.parsed_query().is_ok_and(|doc| {
            doc.operations
                .iter()
                .any(|(_, op)| op.node.ty == OperationType::Mutation)
        });
        self.changes.store(changes, Ordering::Relaxed);
        next.run(ctx, request).await
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> async_graphql::Response {
        let budget = ctx.data_opt::<crate::Services>().map(|s| s.request_budget);
        let Some(budget) = budget.filter(|_| !self.changes.load(Ordering::Relaxed)) else {
            return next.run(ctx, operation_name).await;
        };
        match tokio::time::timeout(budget, next.run(ctx, operation_name)).await {
            Ok(response) => response,
            Err(_) => {
                tracing::warn!("a GraphQL query ran out of its time budget");
                metrics::counter!("lotse_graphql_timeouts_total").increment(1);
                let lang = ctx
                    .data_opt::<RequestInfo>()
                    .map_or(Language::De, |i| i.lang);
                async_graphql::Response::from_errors(vec![
                    crate::error::timeout(lang).into_server_error(Default::default()),
                ])
            }
        }
    }
}

/// The extension that applies [`check_document`] to every request.
pub struct DocumentLimits;

impl ExtensionFactory for DocumentLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DocumentLimits)
    }
}

#[async_trait::async_trait]
impl Extension for DocumentLimits {
    /// Parses the document once (async-graphql keeps it) and measures it before anything
    /// else walks it: async-graphql's own checks of recursion depth and directives, which
    /// run right after parsing, expand fragment spreads without memoising them too.
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let lang = request
            .data
            .get(&TypeId::of::<RequestInfo>())
            .and_then(|d| d.downcast_ref::<RequestInfo>())
            .or_else(|| ctx.data_opt::<RequestInfo>())
            .map_or(Language::De, |i| i.lang);
        if request.query.len() > MAX_QUERY_BYTES {
            return Err(refusal(TooLarge::Length, lang));
        }
        let measured = check_document(request.parsed_query()?);
        match measured {
            Ok(_) => next.run(ctx, request).await,
            Err(why) => Err(refusal(why, lang)),
        }
    }

    /// async-graphql refuses a document over the depth or the cost limit in English and
    /// without a code; these refusals get one, in the request's language.
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            let lang = ctx
                .data_opt::<RequestInfo>()
                .map_or(Language::De, |i| i.lang);
            errors
                .into_iter()
                .map(|e| match e.message.as_str() {
                    "Query is too complex." => coded(
                        "QUERY_TOO_COSTLY",
                        crate::messages::too_costly_message(lang),
                    ),
                    "Query is nested too deep." => {
                        coded("QUERY_TOO_DEEP", crate::messages::too_deep_message(lang))
                    }
                    message => match invalid_argument(message) {
                        Some((field, reason)) => {
                            let mut refused = crate::error::invalid_input(&field, reason, lang)
                                .into_server_error(Default::default());
                            refused.locations = e.locations;
                            refused
                        }
                        None => e,
                    },
                })
                .collect()
        })
    }
}

/// The argument (as a field path such as `input.bundesland`, without list indexes) and the
/// reason of async-graphql's refusal of a malformed argument or variable value ("Invalid
/// value for argument \"input.bundesland\", enumeration type …"): `invalid_choice` for
/// a value outside an enumeration, `invalid_value` otherwise.
fn invalid_argument(message: &str) -> Option<(String, &'static str)> {
    let rest = message.strip_prefix("Invalid value for argument \"")?;
    let (path, reason) = rest.split_once('"')?;
    // Forms name their fields without the argument that carries them (`bundesland`, as
    // the form's own refusals do); nested inputs keep their path (`contact.phone`).
    let field = path
        .strip_prefix("input.")
        .unwrap_or(path)
        .split('.')
        .filter(|part| !part.is_empty() && !part.chars().all(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(".");
    let reason = if reason.contains("enumeration type") {
        "invalid_choice"
    } else {
        "invalid_value"
    };
    Some((field, reason))
}

fn coded(code: &str, message: String) -> ServerError {
    let mut e = ServerError::new(message, None);
    let mut x = async_graphql::ErrorExtensionValues::default();
    x.set("code", code);
    e.extensions = Some(x);
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    /// A document whose fragments each spread the previous one twice, `depth` times.
    fn doubling(depth: usize) -> String {
        let mut doc = String::from("query { ...F0 }\nfragment F0 on Query { me { userId } }\n");
        for i in 1..=depth {
            doc.push_str(&format!(
                "fragment F{i} on Query {{ ...F{p} ...F{p} }}\n",
                p = i - 1
            ));
        }
        doc.replace("query { ...F0 }", &format!("query {{ ...F{depth} }}"))
    }

    #[test]
    fn a_fragment_doubling_document_is_refused_in_time_linear_in_its_length() {
        let doc = parse_query(doubling(29)).unwrap();
        let started = std::time::Instant::now();
        assert_eq!(check_document(&doc), Err(TooLarge::Fields));
        assert!(started.elapsed() < std::time::Duration::from_millis(50));
    }

    #[test]
    fn a_small_doubling_document_is_counted_with_every_spread_expanded() {
        // F0 = 2 fields; F1 = 2 spreads of F0 = 2 + 4 = 6; F2 = 2 + 12 = 14; the operation
        // spreads F2 once (1 + 14), and each definition counts once more: 15 + 2 + 6 + 14.
        let doc = parse_query(doubling(2)).unwrap();
        assert_eq!(check_document(&doc), Ok(15 + 2 + 6 + 14));
    }

    #[test]
    fn a_long_chain_of_fragments_is_refused_before_it_can_exhaust_the_stack() {
        let mut text = String::from("query { ...F0 }\n");
        for i in 0..10_000 {
            text.push_str(&format!("fragment F{i} on Query {{ ...F{} }}\n", i + 1));
        }
        text.push_str("fragment F10000 on Query { me { userId } }\n");
        let doc = parse_query(text).unwrap();
        assert_eq!(check_document(&doc), Err(TooLarge::Nesting));
    }

    #[test]
    fn every_operation_of_the_web_app_stays_far_below_the_limits() {
        let all = parse_query(include_str!("../../../web/src/api/operations.graphql")).unwrap();
        let total = check_document(&all);
        assert!(total.is_ok(), "{total:?}");
        // All of them in one document, each fragment counted once, under three quarters of
        // the limit: no single operation comes close to it.
        assert!(total.unwrap() < MAX_FIELDS / 4 * 3, "{total:?}");
    }

    #[test]
    fn fragments_that_spread_each_other_in_a_cycle_are_refused() {
        let doc = parse_query(
            "query { ...A }\nfragment A on Query { ...B ...B me { userId } }\nfragment B on Query { ...A ...A }",
        )
        .unwrap();
        assert_eq!(check_document(&doc), Err(TooLarge::FragmentCycle));
    }

    #[test]
    fn tripling_fragments_built_on_an_undefined_fragment_are_refused() {
        // Counted as nothing, this document would pass, and async-graphql's recursion
        // check would then walk 3^31 spreads.
        let mut text = String::from("query { ...F31 }\nfragment F0 on Query { ...Missing }\n");
        for i in 1..=31 {
            text.push_str(&format!(
                "fragment F{i} on Query {{ ...F{p} ...F{p} ...F{p} }}\n",
                p = i - 1
            ));
        }
        let doc = parse_query(text).unwrap();
        assert_eq!(check_document(&doc), Err(TooLarge::UnknownFragment));
        // And without the undefined one, the spreads alone are over the limit.
        let doc = parse_query(
            (0..12)
                .map(|i| {
                    format!(
                        "fragment S{i} on Query {{ ...S{n} ...S{n} ...S{n} }}\n",
                        n = i + 1
                    )
                })
                .collect::<String>()
                + "fragment S12 on Query { __typename }\nquery { ...S0 }",
        )
        .unwrap();
        assert_eq!(check_document(&doc), Err(TooLarge::Fields));
    }

    #[test]
    fn more_than_ten_mutations_in_one_operation_are_refused_even_through_fragments() {
        let fields = (0..11)
            .map(|i| format!("a{i}: signOut"))
            .collect::<Vec<_>>()
            .join(" ");
        let doc = parse_query(format!(
            "mutation {{ ...M }} fragment M on Mutation {{ {fields} }}"
        ))
        .unwrap();
        assert_eq!(check_document(&doc), Err(TooLarge::Mutations));
        let doc = parse_query("mutation { a: signOut b: signOut }").unwrap();
        assert!(check_document(&doc).is_ok());
    }
}
