//! The sandboxed SQLite engine: statement splitting, running, limits,
//! typed results, cost counters, and schema introspection.

mod authorizer;
mod counters;
mod error;
pub mod introspect;
pub mod plan;
mod profile;
mod sandbox;
pub mod sessions;
pub mod split;
mod stop;
mod value;

pub use authorizer::{Denial, ReadLog};
pub use counters::Counters;
pub use error::{RunError, decode};
pub use profile::{Profile, ProfiledStatement};
pub use sandbox::{
    Binder, CancelHandle, DEFAULT_DEADLINE, DEFAULT_KEEP_ROWS, HEAP_LIMIT_BYTES, MAX_SQL_BYTES,
    MAX_VALUE_BYTES, Sandbox, SandboxConfig, StatementResult,
};
pub use stop::{StopScope, StopToken};
pub use value::{ResultSet, Value, format_real};
