//! The sandbox learner SQL runs in: a private copy of a dataset behind an
//! authorizer, limits, a heap cap and a deadline.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::ffi::{self, ErrorCode};
use rusqlite::hooks::Authorization;
use rusqlite::limits::Limit;
use rusqlite::{Connection, InterruptHandle};

use super::authorizer::{Denial, ReadLog, decide};
use super::counters::Counters;
use super::error::RunError;
use super::split::{line_col, next_statement};
use super::stop::StopToken;
use super::value::{ResultSet, Value};
use crate::dataset::Pristine;

/// Default wall-clock deadline of one run.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(2);
/// Longest SQL text accepted.
pub const MAX_SQL_BYTES: usize = 1 << 20;
/// Longest string or blob a query may build.
pub const MAX_VALUE_BYTES: usize = 8 << 20;
/// Process-wide cap on SQLite's heap.
pub const HEAP_LIMIT_BYTES: usize = 1 << 30;
/// Default number of rows kept for display; the count goes on.
pub const DEFAULT_KEEP_ROWS: usize = 1000;

/// How a sandbox runs.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Wall-clock limit of one run (all statements of a script together).
    pub deadline: Duration,
    /// Rows kept per statement; later rows are counted, not stored.
    pub keep_rows: usize,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            deadline: DEFAULT_DEADLINE,
            keep_rows: DEFAULT_KEEP_ROWS,
        }
    }
}

const STOP_NONE: u8 = 0;
const STOP_DEADLINE: u8 = 1;
const STOP_CANCEL: u8 = 2;
const STOP_STEPS: u8 = 3;

#[derive(Debug, Default)]
struct Control {
    cancelled: AtomicBool,
    stop: AtomicU8,
    deadline: Mutex<Option<Instant>>,
    /// Progress-handler calls (one per `PROGRESS_OPS` VM steps) this run.
    ticks: AtomicU64,
    /// Most VM steps a run may take, if limited.
    step_limit: Mutex<Option<u64>>,
}

/// VM steps between two calls of the progress handler.
const PROGRESS_OPS: u64 = 1000;

/// Cancels a sandbox's running statement from another thread (Esc, Ctrl-C).
#[derive(Clone)]
pub struct CancelHandle {
    control: Arc<Control>,
    interrupt: Arc<InterruptHandle>,
}

impl CancelHandle {
    /// Stops the current run; the run returns [`RunError::Cancelled`].
    pub fn cancel(&self) {
        self.control.cancelled.store(true, Ordering::SeqCst);
        self.interrupt.interrupt();
    }
}

/// Gives the value of a named parameter (name without its `:` prefix), or
/// the message to show when it has none.
pub type Binder<'a> = &'a dyn Fn(&str) -> Result<Value, String>;

/// One statement's outcome within a script.
#[derive(Debug, Clone)]
pub struct StatementResult {
    /// Byte range of the statement in the submitted text.
    pub range: Range<usize>,
    /// What it returned.
    pub result: ResultSet,
}

/// A sandboxed connection on a private database.
pub struct Sandbox {
    conn: Connection,
    config: SandboxConfig,
    control: Arc<Control>,
    denial: Arc<Mutex<Option<Denial>>>,
    reads: Arc<Mutex<Option<ReadLog>>>,
    trusted: Arc<AtomicBool>,
    /// The stop token of the scope it was opened in, if any.
    outer: Option<StopToken>,
}

impl Sandbox {
    /// A sandbox on a fresh copy of a dataset.
    pub fn open(pristine: &Pristine, config: SandboxConfig) -> rusqlite::Result<Self> {
        Self::new(pristine.fresh()?, config)
    }

    /// Locks down a connection the caller prepared (e.g. a fresh copy with
    /// a grading variant applied). Trusted setup must happen before this.
    pub fn new(mut conn: Connection, config: SandboxConfig) -> rusqlite::Result<Self> {
        static HEAP: Once = Once::new();
        HEAP.call_once(|| {
            // SAFETY: sets a process-wide limit; callable at any time.
            unsafe { ffi::sqlite3_hard_heap_limit64(HEAP_LIMIT_BYTES as i64) };
        });
        conn.execute_batch("PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = ON;")?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
        let limits = [
            (Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES as i32),
            (Limit::SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES as i32),
            (Limit::SQLITE_LIMIT_EXPR_DEPTH, 500),
            (Limit::SQLITE_LIMIT_PARSER_DEPTH, 500),
            (Limit::SQLITE_LIMIT_COMPOUND_SELECT, 100),
            (Limit::SQLITE_LIMIT_VDBE_OP, 250_000),
            (Limit::SQLITE_LIMIT_FUNCTION_ARG, 100),
            (Limit::SQLITE_LIMIT_ATTACHED, 0),
            (Limit::SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 1000),
            (Limit::SQLITE_LIMIT_VARIABLE_NUMBER, 100),
            (Limit::SQLITE_LIMIT_TRIGGER_DEPTH, 50),
            (Limit::SQLITE_LIMIT_WORKER_THREADS, 0),
        ];
        for (limit, value) in limits {
            conn.set_limit(limit, value)?;
        }

        let denial: Arc<Mutex<Option<Denial>>> = Arc::default();
        let reads: Arc<Mutex<Option<ReadLog>>> = Arc::default();
        let trusted: Arc<AtomicBool> = Arc::default();
        {
            let denial = denial.clone();
            let reads = reads.clone();
            let trusted = trusted.clone();
            conn.authorizer(Some(move |ctx: rusqlite::hooks::AuthContext<'_>| {
                if trusted.load(Ordering::Relaxed) {
                    return Authorization::Allow;
                }
                if let Some(log) = reads.lock().unwrap().as_mut() {
                    log.note(&ctx);
                }
                match decide(&ctx) {
                    Ok(()) => Authorization::Allow,
                    Err(d) => {
                        *denial.lock().unwrap() = Some(d);
                        Authorization::Deny
                    }
                }
            }))?;
        }
        let control = Arc::new(Control::default());
        let outer = super::stop::current();
        {
            let control = control.clone();
            let outer = outer.clone();
            conn.progress_handler(
                PROGRESS_OPS as i32,
                Some(move || {
                    if control.cancelled.load(Ordering::Relaxed)
                        || outer.as_ref().is_some_and(StopToken::is_stopped)
                    {
                        control.stop.store(STOP_CANCEL, Ordering::SeqCst);
                        return true;
                    }
                    let steps = (control.ticks.fetch_add(1, Ordering::Relaxed) + 1) * PROGRESS_OPS;
                    if control
                        .step_limit
                        .lock()
                        .unwrap()
                        .is_some_and(|limit| steps > limit)
                    {
                        control.stop.store(STOP_STEPS, Ordering::SeqCst);
                        return true;
                    }
                    let late = control
                        .deadline
                        .lock()
                        .unwrap()
                        .is_some_and(|d| Instant::now() >= d);
                    if late {
                        control.stop.store(STOP_DEADLINE, Ordering::SeqCst);
                    }
                    late
                }),
            )?;
        }
        Ok(Sandbox {
            conn,
            config,
            control,
            denial,
            reads,
            trusted,
            outer,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &SandboxConfig {
        &self.config
    }

    /// Changes how many rows are kept per statement.
    pub fn set_keep_rows(&mut self, keep_rows: usize) {
        self.config.keep_rows = keep_rows;
    }

    /// A handle that cancels the running statement from another thread.
    pub fn cancel_handle(&self) -> CancelHandle {
        CancelHandle {
            control: self.control.clone(),
            interrupt: Arc::new(self.conn.get_interrupt_handle()),
        }
    }

    /// The underlying connection, for introspection (schema, plans). Learner
    /// SQL must go through [`Sandbox::run_query`] or [`Sandbox::run_script`].
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Limits each run to about `steps` VM steps (`None`: only the deadline
    /// limits it). Graders use this to stop a query that is doing far more
    /// work than the task needs, without waiting for the deadline.
    pub fn set_step_limit(&mut self, steps: Option<u64>) {
        *self.control.step_limit.lock().unwrap() = steps;
    }

    /// Runs trusted code (the grader's own setup, never learner SQL) on the
    /// connection with the authorizer out of the way.
    pub fn with_trusted<R>(&self, f: impl FnOnce(&Connection) -> R) -> R {
        self.trusted.store(true, Ordering::SeqCst);
        let out = f(&self.conn);
        self.trusted.store(false, Ordering::SeqCst);
        out
    }

    /// Starts recording which tables and columns statements read.
    pub fn record_reads(&self) {
        *self.reads.lock().unwrap() = Some(ReadLog::default());
    }

    /// Stops recording and returns what was read.
    pub fn take_reads(&self) -> ReadLog {
        self.reads.lock().unwrap().take().unwrap_or_default()
    }

    /// Runs exactly one statement and returns its rows.
    pub fn run_query(&mut self, sql: &str) -> Result<ResultSet, RunError> {
        self.run_query_bound(sql, &|name| {
            Err(format!("the parameter `{name}` has no value here"))
        })
    }

    /// Runs exactly one statement, binding each named parameter (`:n`) to the
    /// value `bind` gives for its name (without the prefix); `bind`'s error
    /// becomes the learner's message. The isolation lab uses this to let a
    /// session write back what it read, as an application would.
    pub fn run_query_bound(&mut self, sql: &str, bind: Binder<'_>) -> Result<ResultSet, RunError> {
        check_text(sql)?;
        self.begin_run();
        let range = match next_statement(&self.conn, sql, 0) {
            Ok(Some(range)) => range,
            Ok(None) => return Err(RunError::Empty),
            Err(e) => return Err(self.prepare_error(sql, e.message, e.code, e.offset)),
        };
        let rest = super::split::skip_trivia(&sql[range.end..]);
        if range.end + rest < sql.len() {
            let (line, _) = line_col(sql, range.end + rest);
            return Err(RunError::MultipleStatements { line });
        }
        self.execute(sql, range, bind)
    }

    /// Runs every statement in order, calling `each` after each one; stops at
    /// the first error, which names the statement's position.
    pub fn run_script(
        &mut self,
        sql: &str,
        mut each: impl FnMut(StatementResult),
    ) -> Result<usize, RunError> {
        check_text(sql)?;
        self.begin_run();
        let mut pos = 0;
        let mut count = 0;
        loop {
            let range = match next_statement(&self.conn, sql, pos) {
                Ok(Some(range)) => range,
                Ok(None) => break,
                Err(e) => return Err(self.prepare_error(sql, e.message, e.code, e.offset)),
            };
            pos = range.end;
            let result = self.execute(sql, range.clone(), &|name| {
                Err(format!("the parameter `{name}` has no value here"))
            })?;
            count += 1;
            each(StatementResult { range, result });
        }
        if count == 0 {
            return Err(RunError::Empty);
        }
        Ok(count)
    }

    fn begin_run(&self) {
        self.control.cancelled.store(false, Ordering::SeqCst);
        self.control.stop.store(STOP_NONE, Ordering::SeqCst);
        *self.control.deadline.lock().unwrap() = Some(Instant::now() + self.config.deadline);
        self.control.ticks.store(0, Ordering::SeqCst);
        *self.denial.lock().unwrap() = None;
    }

    fn execute(
        &mut self,
        whole: &str,
        range: Range<usize>,
        bind: Binder<'_>,
    ) -> Result<ResultSet, RunError> {
        if self.control.cancelled.load(Ordering::SeqCst)
            || self.outer.as_ref().is_some_and(StopToken::is_stopped)
        {
            return Err(RunError::Cancelled);
        }
        let started = Instant::now();
        let text = &whole[range.clone()];
        let keep = self.config.keep_rows;
        let mut stmt = match self.conn.prepare(text) {
            Ok(stmt) => stmt,
            Err(e) => return Err(self.map_error(e, whole, range.start)),
        };
        for i in 1..=stmt.parameter_count() {
            let name = stmt.parameter_name(i).unwrap_or("?").to_string();
            let value = match bind(name.trim_start_matches([':', '@', '$'])) {
                Ok(value) => value,
                Err(message) => {
                    let (line, column) = line_col(whole, range.start);
                    return Err(RunError::Prepare {
                        message,
                        line: Some(line),
                        column: Some(column),
                    });
                }
            };
            if let Err(e) = stmt.raw_bind_parameter(i, sql_value(value)) {
                return Err(self.map_error(e, whole, range.start));
            }
        }
        let changes_before = self.conn.total_changes();
        let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let width = columns.len();
        let mut kept = Vec::new();
        let mut total = 0u64;
        let outcome = {
            let mut rows = stmt.raw_query();
            loop {
                match rows.next() {
                    Ok(Some(row)) => {
                        total += 1;
                        if kept.len() < keep {
                            let values = (0..width)
                                .map(|i| row.get_ref(i).map(Value::from_ref).unwrap_or(Value::Null))
                                .collect();
                            kept.push(values);
                        }
                    }
                    Ok(None) => break Ok(()),
                    Err(e) => break Err(e),
                }
            }
        };
        let counters = Counters::of(&stmt);
        drop(stmt);
        if let Err(e) = outcome {
            return Err(self.map_error(e, whole, range.start));
        }
        // `changes()` keeps the count of the last INSERT/UPDATE/DELETE, so
        // BEGIN or COMMIT after an UPDATE would repeat it: report it only
        // when this statement changed rows.
        let changed = self.conn.total_changes() != changes_before;
        let changes = if width == 0 && changed {
            self.conn.changes()
        } else {
            0
        };
        Ok(ResultSet {
            columns,
            rows: kept,
            total_rows: total,
            changes,
            elapsed: started.elapsed(),
            counters,
        })
    }

    fn map_error(&self, e: rusqlite::Error, whole: &str, stmt_start: usize) -> RunError {
        match e {
            rusqlite::Error::SqliteFailure(err, msg) => {
                let message = msg.unwrap_or_else(|| err.to_string());
                match err.code {
                    ErrorCode::OperationInterrupted => {
                        match self.control.stop.load(Ordering::SeqCst) {
                            STOP_DEADLINE => RunError::Deadline {
                                limit: self.config.deadline,
                            },
                            STOP_STEPS => RunError::StepLimit {
                                steps: self.control.step_limit.lock().unwrap().unwrap_or(0),
                            },
                            _ => RunError::Cancelled,
                        }
                    }
                    ErrorCode::AuthorizationForStatementDenied => self.refusal(message),
                    ErrorCode::TooBig => RunError::TooBig {
                        limit: MAX_VALUE_BYTES,
                    },
                    ErrorCode::OutOfMemory => RunError::OutOfMemory {
                        limit: HEAP_LIMIT_BYTES,
                    },
                    _ => RunError::Sqlite {
                        message,
                        code: err.extended_code,
                    },
                }
            }
            rusqlite::Error::SqlInputError {
                error, msg, offset, ..
            } => {
                let offset = (offset >= 0).then(|| stmt_start + offset as usize);
                self.prepare_error(whole, msg, error.extended_code, offset)
            }
            other => RunError::Sqlite {
                message: other.to_string(),
                code: -1,
            },
        }
    }

    fn prepare_error(
        &self,
        whole: &str,
        message: String,
        code: i32,
        offset: Option<usize>,
    ) -> RunError {
        // The authorizer's refusal, whatever code SQLite reports it with
        // (a denied function surfaces as a plain SQLITE_ERROR).
        if self.denial.lock().unwrap().is_some() {
            return self.refusal(message);
        }
        match code & 0xff {
            ffi::SQLITE_AUTH => return self.refusal(message),
            ffi::SQLITE_TOOBIG => {
                return RunError::TooBig {
                    limit: MAX_VALUE_BYTES,
                };
            }
            ffi::SQLITE_NOMEM => {
                return RunError::OutOfMemory {
                    limit: HEAP_LIMIT_BYTES,
                };
            }
            // Another connection holds a lock SQLite needed to read the
            // schema: a run-time outcome, whose extended code matters.
            ffi::SQLITE_BUSY | ffi::SQLITE_LOCKED => return RunError::Sqlite { message, code },
            _ => {}
        }
        let message = if message.contains("Recursion limit")
            || message.contains("too large (maximum depth")
        {
            "the statement is nested too deeply: the sandbox allows 500 levels of parentheses or subqueries".to_string()
        } else {
            message
        };
        let (line, column) = match offset {
            Some(o) => {
                let (l, c) = line_col(whole, o);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        RunError::Prepare {
            message,
            line,
            column,
        }
    }

    fn refusal(&self, message: String) -> RunError {
        match self.denial.lock().unwrap().take() {
            Some(Denial { what, why }) => RunError::Refused { what, why },
            None => RunError::Refused {
                what: "this statement".into(),
                why: message,
            },
        }
    }
}

/// A grading value as a value SQLite can bind.
fn sql_value(value: Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as Sql;
    match value {
        Value::Null => Sql::Null,
        Value::Integer(i) => Sql::Integer(i),
        Value::Real(r) => Sql::Real(r),
        Value::Text(s) => Sql::Text(s),
        Value::Blob { blob } => Sql::Blob(
            (0..blob.len() / 2)
                .filter_map(|i| u8::from_str_radix(&blob[2 * i..2 * i + 2], 16).ok())
                .collect(),
        ),
    }
}

/// Refuses input that is too long before SQLite sees it.
fn check_text(sql: &str) -> Result<(), RunError> {
    if sql.len() > MAX_SQL_BYTES {
        return Err(RunError::TooLong {
            len: sql.len(),
            max: MAX_SQL_BYTES,
        });
    }
    if let Some(offset) = sql.find('\0') {
        return Err(RunError::NulByte { offset });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_limit_stops_a_runaway_query_long_before_the_deadline() {
        let conn = Connection::open_in_memory().unwrap();
        let mut sandbox = Sandbox::new(conn, SandboxConfig::default()).unwrap();
        sandbox.set_step_limit(Some(200_000));
        let started = Instant::now();
        let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
        assert_eq!(
            sandbox.run_query(endless),
            Err(RunError::StepLimit { steps: 200_000 })
        );
        assert!(started.elapsed() < Duration::from_millis(500));
        // The limit is per run, and lifting it restores the deadline alone.
        assert!(sandbox.run_query("SELECT 1").is_ok());
        sandbox.set_step_limit(None);
        assert!(matches!(
            sandbox.run_query(endless),
            Err(RunError::Deadline { .. })
        ));
    }
}
