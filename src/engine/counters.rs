//! SQLite's per-statement cost counters (`sqlite3_stmt_status`): deterministic
//! for one SQLite version, unlike wall time.

use rusqlite::{Statement, StatementStatus};
use serde::{Deserialize, Serialize};

/// Cost counters of one statement run to completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counters {
    /// Virtual machine steps (`SQLITE_STMTSTATUS_VM_STEP`).
    pub vm_steps: u64,
    /// Steps of full table scans (`SQLITE_STMTSTATUS_FULLSCAN_STEP`).
    pub fullscan_steps: u64,
    /// Sort operations (`SQLITE_STMTSTATUS_SORT`).
    pub sort: u64,
    /// Rows inserted into automatic indexes (`SQLITE_STMTSTATUS_AUTOINDEX`).
    pub autoindex: u64,
}

impl Counters {
    /// Reads the counters of a statement.
    pub fn of(stmt: &Statement<'_>) -> Self {
        let get = |s| stmt.get_status(s).max(0) as u64;
        Counters {
            vm_steps: get(StatementStatus::VmStep),
            fullscan_steps: get(StatementStatus::FullscanStep),
            sort: get(StatementStatus::Sort),
            autoindex: get(StatementStatus::AutoIndex),
        }
    }
}

impl std::ops::Add for Counters {
    type Output = Counters;

    /// Sum of two statements' counters.
    fn add(self, other: Counters) -> Counters {
        Counters {
            vm_steps: self.vm_steps + other.vm_steps,
            fullscan_steps: self.fullscan_steps + other.fullscan_steps,
            sort: self.sort + other.sort,
            autoindex: self.autoindex + other.autoindex,
        }
    }
}
