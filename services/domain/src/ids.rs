//! Identifiers. Each is a UUID with its own type so that one can never be passed for another.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new random id (time-ordered, so new ids sort after old ones).
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
            /// The stream name of the aggregate with this id.
            pub fn stream(&self) -> String {
                format!("{}-{}", $prefix, self.0)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// An organisation (or alliance) running programmes.
    TenantId,
    "tenant"
);
id_type!(
    /// One cohort of a pilot programme.
    ProgrammeId,
    "programme"
);
id_type!(
    /// A municipality taking part (or wishing to) in a programme; one stream each.
    MunicipalityId,
    "municipality"
);
id_type!(
    /// A person whose personal data is sealed with a key of their own.
    PersonId,
    "person"
);
id_type!(
    /// A user account (team, facilitator, contact person, funder).
    UserId,
    "user"
);
id_type!(
    /// The id a client gives a command so that a retry yields the first result.
    CommandId,
    "command"
);
id_type!(
    /// An item inside a municipality's stream: a dialogue event, a decision-maker format, a next step.
    ItemId,
    "item"
);
