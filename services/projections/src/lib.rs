//! Read models folded from the log: every tenant's programmes, municipalities (with stage
//! history and timeline) and users. Built from the whole log at start and kept current by
//! tailing it ([`live::Live`]). Queries compute boards, tasks and statistics from these
//! views on demand: a cohort is small, the log is the truth.

pub mod as_of;
pub mod live;
pub mod model;
pub mod stats;
pub mod timeline;

pub use live::{Change, Live};
pub use model::{MunicipalityView, Projections, TenantView, TimelineEntry, UserView};
