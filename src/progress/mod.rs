//! Progress: attempts, solved exercises, drafts and position, in an SQLite
//! file in the user's data directory. Every write is a transaction; a file
//! that cannot be read is kept aside and reported, never overwritten.

mod store;

pub use store::{Attempt, ExerciseStatus, OpenReport, ProgressError, Store};

use std::path::PathBuf;

/// Environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "SQLDOJO_DATA_DIR";

/// The data directory: `--data-dir`, else `$SQLDOJO_DATA_DIR`, else the
/// platform's data directory (`~/.local/share/sqldojo` on Linux).
pub fn data_dir(explicit: Option<PathBuf>) -> Option<PathBuf> {
    explicit
        .or_else(|| {
            std::env::var_os(DATA_DIR_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| {
            directories::ProjectDirs::from("", "", "sqldojo").map(|d| d.data_dir().to_path_buf())
        })
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
