//! The GraphQL schema: queries answered from the live projections, one mutation per command
//! of the journey (inputs parsed into domain types here, at the edge), subscriptions for board
//! and municipality changes. Authorization happens in [`auth`], in one place.

pub mod auth;
pub mod error;
pub mod form_token;
pub mod limits;
pub mod messages;
pub mod mutation;
pub mod public;
pub mod query;
pub mod scalars;
pub mod session;
pub mod subscription;
pub mod types;

use async_graphql::Schema;
use lotse_app::App;
use lotse_app::accounts::Accounts;
use lotse_app::mailer::MailQueue;
use lotse_projections::Live;
use std::sync::Arc;

pub use auth::Viewer;

/// The schema type.
pub type LotseSchema = Schema<query::Query, mutation::Mutation, subscription::Subscription>;

/// What every request can use.
#[derive(Clone)]
pub struct Services {
    pub app: App,
    pub accounts: Accounts,
    pub live: Live,
    /// The outbox for mails a request asks for (sign-in links): a job sends them.
    pub mail_queue: Arc<dyn MailQueue>,
    /// The public address of the web app, for links in mails (no trailing slash).
    pub public_url: String,
    /// How long a query may run ([`limits::TimeBudget`]; mutations run to their end).
    pub request_budget: std::time::Duration,
    /// Rate limits and mail throttles, shared by every process on the database.
    pub limiter: Arc<public::RateLimiter>,
    /// Signs the interest form's tokens (the same key on every server process).
    pub form_key: form_token::FormKey,
}

/// Limits that keep one request from costing too much.
pub const MAX_DEPTH: usize = 15;
/// See [`MAX_DEPTH`]. Every field costs 1 and its children; the fields that compute a
/// whole page, board or overview cost what they cost (see `query.rs`), once per alias.
pub const MAX_COMPLEXITY: usize = 5000;

/// What the query fields that compute a page, a board or an overview cost towards
/// [`MAX_COMPLEXITY`], once per alias: a client can ask for a handful of them at once,
/// not for a thousand. (`board` and `funderStats` are charged for a replay of the log
/// whether or not `asOf` asks for one: async-graphql computes the cost during validation,
/// and reading `asOf` there would refuse a malformed one in English without naming it.)
pub mod cost {
    /// `municipality`: a whole page with its timeline and tasks.
    pub const PAGE: usize = 250;
    /// `board`, `municipalities`, `myTasks`: every municipality of the tenant.
    pub const OVERVIEW: usize = 400;
    /// `funderStats`: every municipality, with medians.
    pub const STATS: usize = 500;
    /// `people`, `programmes`, and `changes` before its entries: a list of the tenant's.
    pub const LIST: usize = 100;
    /// What `asOf` may add to `board` or `funderStats`: the tenant's whole log read from the
    /// database and folded again. A page may ask for a board and the figures together, with
    /// a municipality's page and the list; nobody asks for three at a time.
    pub const REPLAY: usize = 1500;
}

/// Builds the schema.
pub fn schema(services: Services, introspection: bool) -> LotseSchema {
    let builder = Schema::build(query::Query, mutation::Mutation, subscription::Subscription)
        .data(services)
        .extension(session::SessionGuard)
        .extension(limits::DocumentLimits)
        .extension(limits::TimeBudget)
        .extension(error::DateArguments)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(32);
    if introspection {
        builder.finish()
    } else {
        // "Did you mean …?" would reveal the schema that introspection hides.
        builder
            .disable_introspection()
            .disable_suggestions()
            .finish()
    }
}

/// The SDL, for the snapshot and the web app's generated types.
pub fn sdl() -> String {
    Schema::build(query::Query, mutation::Mutation, subscription::Subscription)
        .finish()
        .sdl_with_options(async_graphql::SDLExportOptions::new().include_specified_by())
}
