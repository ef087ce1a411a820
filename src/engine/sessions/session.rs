//! One session of a lab: a sandboxed connection on the lab's file, and the
//! values it last read, which later statements may bind as `:name`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionState};

use super::lab::StepOutcome;
use super::{LabMode, SessionId, SessionState, TxnState};
use crate::engine::{CancelHandle, RunError, Sandbox, SandboxConfig, Value};

/// A session: its sandbox and what it remembers.
pub(super) struct Session {
    pub id: SessionId,
    pub read_uncommitted: bool,
    /// Column values of the first row of the last statement that returned
    /// rows, by column name, accumulated (a later read overwrites a name).
    pub variables: BTreeMap<String, Value>,
    sandbox: Sandbox,
}

impl Session {
    /// Opens a session on the lab's database file and locks it down.
    pub fn open(
        path: &Path,
        id: SessionId,
        mode: LabMode,
        read_uncommitted: bool,
        config: SandboxConfig,
    ) -> rusqlite::Result<Session> {
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if mode == LabMode::SharedCache {
            flags |= OpenFlags::SQLITE_OPEN_SHARED_CACHE;
        }
        let conn = Connection::open_with_flags(path, flags)?;
        // rusqlite waits 5 s for locks by default; the lab shows a blocked
        // statement as the error SQLite returns instead.
        conn.busy_timeout(Duration::ZERO)?;
        // The file is thrown away with the lab: no fsync. Locks and
        // snapshots behave the same at every synchronous level.
        conn.execute_batch("PRAGMA synchronous = OFF")?;
        if read_uncommitted {
            conn.execute_batch("PRAGMA read_uncommitted = 1")?;
        }
        // Load the schema now, while no other session holds a lock.
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
        Ok(Session {
            id,
            read_uncommitted,
            variables: BTreeMap::new(),
            sandbox: Sandbox::new(conn, config)?,
        })
    }

    /// Runs one statement, binding `:name` parameters from the variables,
    /// and remembers the first row it returns. Returns the outcome and the
    /// parameters it bound.
    pub fn run(&mut self, sql: &str) -> (StepOutcome, Vec<(String, Value)>) {
        let bound = RefCell::new(Vec::new());
        let variables = &self.variables;
        let id = self.id;
        let result = self
            .sandbox
            .run_query_bound(sql, &|name| match variables.get(name) {
                Some(v) => {
                    bound.borrow_mut().push((name.to_string(), v.clone()));
                    Ok(v.clone())
                }
                None => Err(unbound_message(id, name, variables)),
            });
        let outcome = match result {
            Ok(rs) => {
                if let Some(first) = rs.rows.first() {
                    for (column, value) in rs.columns.iter().zip(first) {
                        self.variables.insert(column.clone(), value.clone());
                    }
                }
                if rs.columns.is_empty() {
                    StepOutcome::Done {
                        changes: rs.changes,
                    }
                } else {
                    StepOutcome::Rows {
                        columns: rs.columns,
                        rows: rs.rows,
                        total_rows: rs.total_rows,
                    }
                }
            }
            Err(RunError::Sqlite { message, code }) if code > 0 => StepOutcome::Failed {
                code,
                name: super::code_label(code),
                message,
            },
            Err(error) => StepOutcome::Rejected {
                message: error.to_string(),
                error,
            },
        };
        (outcome, bound.into_inner())
    }

    /// The session's transaction state.
    pub fn state(&self) -> SessionState {
        let conn = self.sandbox.connection();
        let txn = match conn.transaction_state::<&str>(None) {
            Ok(TransactionState::Read) => TxnState::Read,
            Ok(TransactionState::Write) => TxnState::Write,
            _ => TxnState::None,
        };
        SessionState {
            session: self.id,
            txn,
            in_transaction: !conn.is_autocommit(),
        }
    }

    /// A handle that stops this session's running statement.
    pub fn cancel_handle(&self) -> CancelHandle {
        self.sandbox.cancel_handle()
    }
}

fn unbound_message(id: SessionId, name: &str, variables: &BTreeMap<String, Value>) -> String {
    let known = if variables.is_empty() {
        "it has read nothing yet".to_string()
    } else {
        let names: Vec<String> = variables.keys().map(|k| format!(":{k}")).collect();
        format!("it knows {}", names.join(", "))
    };
    format!(
        "`:{name}` has no value in session {id}: a session binds `:name` to the column `name` of the first row it last read, and {known}"
    )
}
