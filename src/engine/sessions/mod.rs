//! The isolation lab's engine: two or three sessions (A, B, C) on one
//! temporary database file, each a locked-down [`Sandbox`](super::Sandbox),
//! running a schedule step by step with every outcome recorded.
//!
//! SQLite decides everything here; nothing is simulated. `busy_timeout` is
//! 0, so a statement that would wait for a lock fails at once with its
//! extended code (`SQLITE_BUSY` 5, `SQLITE_BUSY_SNAPSHOT` 517,
//! `SQLITE_LOCKED_SHAREDCACHE` 262) instead of hanging.

mod codes;
mod lab;
mod session;
mod split;

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use codes::{code_label, code_name, known_names, parse_code};
pub use lab::{
    Executed, Lab, LabError, LabSpec, PlannedStep, SessionView, StepOutcome, Survivor, rows_text,
};
pub use split::split_statements;

/// A session's name: `A`, `B` or `C`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum SessionId {
    /// The first session.
    A,
    /// The second session.
    B,
    /// The third session.
    C,
}

impl SessionId {
    /// The name as written in lessons: `A`, `B`, `C`.
    pub fn name(self) -> &'static str {
        match self {
            SessionId::A => "A",
            SessionId::B => "B",
            SessionId::C => "C",
        }
    }

    /// Reads `A`, `b`, ... (any case, surrounding space ignored).
    pub fn parse(text: &str) -> Option<SessionId> {
        match text.trim().to_ascii_uppercase().as_str() {
            "A" => Some(SessionId::A),
            "B" => Some(SessionId::B),
            "C" => Some(SessionId::C),
            _ => None,
        }
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the sessions share the database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LabMode {
    /// Write-ahead log: a reader keeps a snapshot from its first read until
    /// its transaction ends, while one writer commits alongside.
    Wal,
    /// Rollback journal (`journal_mode = DELETE`): a reader's shared lock
    /// keeps a writer from committing, and a writer's pending lock keeps new
    /// readers out.
    Rollback,
    /// One shared page cache for all sessions (same process): table-level
    /// locks, and sessions with `read_uncommitted` see uncommitted rows.
    SharedCache,
}

impl LabMode {
    /// The name as written in lessons.
    pub fn as_str(self) -> &'static str {
        match self {
            LabMode::Wal => "wal",
            LabMode::Rollback => "rollback",
            LabMode::SharedCache => "shared_cache",
        }
    }
}

/// Where a session's transaction stands, as `sqlite3_txn_state` tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TxnState {
    /// No transaction open (autocommit, or between transactions).
    None,
    /// A read transaction: the session holds a snapshot or a shared lock.
    Read,
    /// A write transaction: the session holds the database's write lock.
    Write,
}

/// A session's transaction, as a pane header shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SessionState {
    /// The session.
    pub session: SessionId,
    /// What SQLite holds for it: nothing, a read snapshot or lock, the write lock.
    pub txn: TxnState,
    /// True between BEGIN and COMMIT/ROLLBACK. A deferred BEGIN alone takes
    /// nothing: `txn` stays `none` until the first read or write.
    pub in_transaction: bool,
}

impl SessionState {
    /// Words for a pane header: `autocommit`, `BEGIN, nothing read yet`,
    /// `reading`, `writing`.
    pub fn describe(&self) -> &'static str {
        match (self.txn, self.in_transaction) {
            (TxnState::None, false) => "autocommit",
            (TxnState::None, true) => "BEGIN, nothing read yet",
            (TxnState::Read, _) => "read transaction",
            (TxnState::Write, _) => "write transaction",
        }
    }

    /// The state in one word, for a prompt or a pane header: `none`,
    /// `begin` (BEGIN, nothing read yet), `read`, `write`.
    pub fn word(&self) -> &'static str {
        match (self.txn, self.in_transaction) {
            (TxnState::None, false) => "none",
            (TxnState::None, true) => "begin",
            (TxnState::Read, _) => "read",
            (TxnState::Write, _) => "write",
        }
    }
}
