//! The lab: sessions, a schedule, and a shared timeline of what ran. Front
//! ends call one method per action ([`Lab::run_next`], [`Lab::execute`])
//! and render the plain data the getters return.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, MAIN_DB};
use serde::Serialize;
use tempfile::TempDir;

use super::session::Session;
use super::split::split_statements;
use super::{LabMode, SessionId, SessionState};
use crate::dataset::Pristine;
use crate::dataset::exec_script;
use crate::engine::split::line_col;
use crate::engine::{
    CancelHandle, ResultSet, RunError, Sandbox, SandboxConfig, Value, format_real,
};

/// What a lab is made of.
#[derive(Debug, Clone)]
pub struct LabSpec {
    /// How the sessions share the file.
    pub mode: LabMode,
    /// The sessions to open, e.g. `[A, B]`.
    pub sessions: Vec<SessionId>,
    /// Sessions that get `PRAGMA read_uncommitted = 1` (matters in
    /// shared-cache mode only).
    pub read_uncommitted: Vec<SessionId>,
    /// Trusted SQL run once on the dataset before any session opens.
    pub setup: String,
    /// The steps "run next step" goes through, in order.
    pub schedule: Vec<PlannedStep>,
}

/// One statement of a schedule and the session that runs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedStep {
    /// The session.
    pub session: SessionId,
    /// One SQL statement.
    pub sql: String,
}

/// What one statement did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepOutcome {
    /// It returned rows (possibly none).
    Rows {
        /// Column names.
        columns: Vec<String>,
        /// The rows kept.
        rows: Vec<Vec<Value>>,
        /// How many rows it returned in all.
        total_rows: u64,
    },
    /// It ran and returned no columns (BEGIN, UPDATE, COMMIT, ...).
    Done {
        /// Rows changed by an INSERT, UPDATE or DELETE.
        changes: u64,
    },
    /// SQLite refused it at run time: a lock, a constraint, ...
    Failed {
        /// The extended result code, e.g. 517.
        code: i32,
        /// The code's label, e.g. `SQLITE_BUSY_SNAPSHOT (517)`.
        name: String,
        /// SQLite's message.
        message: String,
    },
    /// It did not run: invalid SQL, refused by the sandbox, past the deadline.
    Rejected {
        /// Why, for the learner.
        message: String,
        /// The sandbox's error.
        error: RunError,
    },
}

impl StepOutcome {
    /// The extended result code of a failure.
    pub fn code(&self) -> Option<i32> {
        match self {
            StepOutcome::Failed { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// One line for a timeline: `10`, `(1, 10), (2, 20)`, `no rows`,
    /// `ok, 1 row changed`, `SQLITE_BUSY (5): database is locked`.
    pub fn summary(&self) -> String {
        match self {
            StepOutcome::Rows {
                rows, total_rows, ..
            } => {
                let mut s = rows_text(rows);
                if (rows.len() as u64) < *total_rows {
                    s.push_str(&format!(" ... ({total_rows} rows)"));
                }
                s
            }
            StepOutcome::Done { changes: 0 } => "ok".into(),
            StepOutcome::Done { changes: 1 } => "ok, 1 row changed".into(),
            StepOutcome::Done { changes } => format!("ok, {changes} rows changed"),
            StepOutcome::Failed { name, message, .. } => format!("{name}: {message}"),
            StepOutcome::Rejected { message, .. } => format!("did not run: {message}"),
        }
    }
}

/// Rows as one line: a single value bare, rows in parentheses.
pub fn rows_text(rows: &[Vec<Value>]) -> String {
    if rows.is_empty() {
        return "no rows".into();
    }
    let cell = |v: &Value| match v {
        Value::Text(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Real(r) => format_real(*r),
        other => other.to_string(),
    };
    if rows.len() == 1 && rows[0].len() == 1 {
        return cell(&rows[0][0]);
    }
    rows.iter()
        .map(|r| format!("({})", r.iter().map(cell).collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One executed statement on the shared timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Executed {
    /// Position in the schedule, or `None` for a statement typed in free play.
    pub step: Option<usize>,
    /// The session that ran it.
    pub session: SessionId,
    /// The statement.
    pub sql: String,
    /// Parameters it bound from the session's earlier reads.
    pub bound: Vec<(String, Value)>,
    /// What happened.
    pub outcome: StepOutcome,
    /// Every session's transaction state right after it.
    pub states: Vec<SessionState>,
}

impl Executed {
    /// After a statement failed on a lock: which other sessions hold one
    /// and what lets it through, or (a stale snapshot) what to do instead.
    pub fn lock_advice(&self) -> Option<String> {
        match self.outcome.code()? {
            517 => Some(format!(
                "{}'s snapshot is older than the last commit, so it may not write: ROLLBACK and start again; BEGIN IMMEDIATE avoids this.",
                self.session
            )),
            5 | 6 | 262 => {
                let others: Vec<String> = self
                    .states
                    .iter()
                    .filter(|st| st.session != self.session && st.txn != super::TxnState::None)
                    .map(|st| format!("{} has a {}", st.session, st.describe()))
                    .collect();
                (!others.is_empty()).then(|| {
                    format!(
                        "{}; its COMMIT or ROLLBACK lets this go through.",
                        others.join(", ")
                    )
                })
            }
            _ => None,
        }
    }
}

/// A session as a front end shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionView {
    /// Its name.
    pub id: SessionId,
    /// Its transaction state now.
    pub state: SessionState,
    /// Whether it reads uncommitted data (shared-cache mode).
    pub read_uncommitted: bool,
    /// What it remembers from its reads, bindable as `:name`.
    pub variables: Vec<(String, Value)>,
}

/// The lab could not be set up: the author's or the machine's problem.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LabError {
    /// The temporary directory or database file could not be made.
    #[error("the lab's temporary database could not be created: {0}")]
    Io(String),
    /// The setup SQL failed.
    #[error("the setup SQL fails at line {line}, column {column}: {message}")]
    Setup {
        /// SQLite's message.
        message: String,
        /// 1-based line within the setup.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The spec is unusable (no sessions, a step for a session not opened).
    #[error("{0}")]
    Spec(String),
}

impl From<rusqlite::Error> for LabError {
    fn from(e: rusqlite::Error) -> Self {
        LabError::Io(e.to_string())
    }
}

/// Two or three sessions on one temporary database file.
pub struct Lab {
    mode: LabMode,
    sessions: Vec<Session>,
    schedule: Vec<PlannedStep>,
    next: usize,
    timeline: Vec<Executed>,
    config: SandboxConfig,
    path: PathBuf,
    // Declared last, so it is dropped (and the directory removed) after
    // every connection has closed.
    dir: TempDir,
}

/// File name of the lab database inside its temporary directory.
const DB_FILE: &str = "lab.db";

impl Lab {
    /// Copies the dataset to a new temporary file, runs the setup, sets the
    /// journal mode, and opens the sessions.
    pub fn open(
        pristine: &Pristine,
        spec: &LabSpec,
        config: SandboxConfig,
    ) -> Result<Lab, LabError> {
        if spec.sessions.is_empty() {
            return Err(LabError::Spec("a lab needs at least one session".into()));
        }
        if let Some(step) = spec
            .schedule
            .iter()
            .find(|s| !spec.sessions.contains(&s.session))
        {
            return Err(LabError::Spec(format!(
                "the schedule has a step for session {}, which the lab does not open",
                step.session
            )));
        }
        let dir = tempfile::Builder::new()
            .prefix("sqldojo-lab-")
            .tempdir()
            .map_err(|e| LabError::Io(e.to_string()))?;
        let path = dir.path().join(DB_FILE);
        {
            // The serialized image is the database file, byte for byte.
            let image = pristine.fresh()?.serialize(MAIN_DB)?.to_vec();
            std::fs::write(&path, image).map_err(|e| LabError::Io(e.to_string()))?;
            let conn = Connection::open(&path)?;
            // A lab's file is thrown away: skip fsync (locking is unchanged).
            conn.execute_batch("PRAGMA synchronous = OFF")?;
            let journal = match spec.mode {
                LabMode::Wal => "wal",
                LabMode::Rollback | LabMode::SharedCache => "delete",
            };
            let set: String =
                conn.query_row(&format!("PRAGMA journal_mode = {journal}"), [], |r| {
                    r.get(0)
                })?;
            if set != journal {
                return Err(LabError::Io(format!(
                    "SQLite kept journal mode `{set}` instead of `{journal}`"
                )));
            }
            conn.execute_batch("PRAGMA foreign_keys = OFF")?;
            exec_script(&conn, &spec.setup).map_err(|(message, offset)| {
                let (line, column) = line_col(&spec.setup, offset);
                LabError::Setup {
                    message,
                    line,
                    column,
                }
            })?;
        }
        let mut ids = spec.sessions.clone();
        ids.sort();
        ids.dedup();
        let mut sessions = Vec::new();
        for id in ids {
            let ru = spec.read_uncommitted.contains(&id);
            sessions.push(Session::open(&path, id, spec.mode, ru, config.clone())?);
        }
        Ok(Lab {
            mode: spec.mode,
            sessions,
            schedule: spec.schedule.clone(),
            next: 0,
            timeline: Vec::new(),
            config,
            path,
            dir,
        })
    }

    /// How the sessions share the file.
    pub fn mode(&self) -> LabMode {
        self.mode
    }

    /// The sessions as they stand now.
    pub fn sessions(&self) -> Vec<SessionView> {
        self.sessions.iter().map(view).collect()
    }

    /// One session as it stands now.
    pub fn session(&self, id: SessionId) -> Option<SessionView> {
        self.sessions.iter().find(|s| s.id == id).map(view)
    }

    /// The whole schedule.
    pub fn schedule(&self) -> &[PlannedStep] {
        &self.schedule
    }

    /// The step "run next step" would run, with its position.
    pub fn next_step(&self) -> Option<(usize, &PlannedStep)> {
        self.schedule.get(self.next).map(|s| (self.next, s))
    }

    /// True when every scheduled step has run.
    pub fn finished(&self) -> bool {
        self.next >= self.schedule.len()
    }

    /// Everything that ran, in order (scheduled steps and free play alike).
    pub fn timeline(&self) -> &[Executed] {
        &self.timeline
    }

    /// Runs the next scheduled step; `None` when the schedule is done.
    pub fn run_next(&mut self) -> Option<&Executed> {
        let (index, step) = self.next_step().map(|(i, s)| (i, s.clone()))?;
        self.next += 1;
        self.record(Some(index), step.session, &step.sql);
        self.timeline.last()
    }

    /// Runs every remaining scheduled step.
    pub fn run_all(&mut self) -> &[Executed] {
        let from = self.timeline.len();
        while self.run_next().is_some() {}
        &self.timeline[from..]
    }

    /// Runs text typed into a session (free play, or a REPL's `.session B`):
    /// each statement becomes an entry on the timeline. Returns the new
    /// entries; empty text runs nothing.
    pub fn execute(&mut self, session: SessionId, sql: &str) -> Result<&[Executed], LabError> {
        if !self.sessions.iter().any(|s| s.id == session) {
            return Err(LabError::Spec(format!("this lab has no session {session}")));
        }
        let from = self.timeline.len();
        for range in split_statements(sql) {
            self.record(None, session, &sql[range]);
        }
        Ok(&self.timeline[from..])
    }

    /// A handle that stops the statement a session is running.
    pub fn cancel_handle(&self, session: SessionId) -> Option<CancelHandle> {
        self.sessions
            .iter()
            .find(|s| s.id == session)
            .map(Session::cancel_handle)
    }

    /// The database file (it lives in a temporary directory removed with the lab).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Ends the lab: every session disconnects, so uncommitted work is
    /// rolled back, and what survives can be queried.
    pub fn finish(self) -> Survivor {
        let Lab {
            sessions,
            config,
            path,
            dir,
            ..
        } = self;
        drop(sessions);
        Survivor {
            config,
            path,
            _dir: dir,
        }
    }

    fn record(&mut self, step: Option<usize>, id: SessionId, sql: &str) {
        let sql = sql.trim().trim_end_matches(';').trim_end().to_string();
        let session = self
            .sessions
            .iter_mut()
            .find(|s| s.id == id)
            .expect("checked when the lab opened");
        let (outcome, bound) = session.run(&sql);
        let states = self.sessions.iter().map(Session::state).collect();
        self.timeline.push(Executed {
            step,
            session: id,
            sql,
            bound,
            outcome,
            states,
        });
    }
}

impl std::fmt::Debug for Lab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lab")
            .field("mode", &self.mode)
            .field("sessions", &self.sessions())
            .field("next", &self.next)
            .field("schedule", &self.schedule)
            .field("timeline", &self.timeline.len())
            .field("path", &self.path)
            .finish()
    }
}

fn view(s: &Session) -> SessionView {
    SessionView {
        id: s.id,
        state: s.state(),
        read_uncommitted: s.read_uncommitted,
        variables: s
            .variables
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

/// The database after a lab ended: what the sessions committed.
pub struct Survivor {
    config: SandboxConfig,
    path: PathBuf,
    /// Held so the directory lives as long as this value.
    _dir: TempDir,
}

impl Survivor {
    /// Runs one query on the committed data, in a fresh sandbox.
    pub fn query(&self, sql: &str) -> Result<ResultSet, RunError> {
        let conn = Connection::open(&self.path).map_err(|e| RunError::Sqlite {
            message: e.to_string(),
            code: -1,
        })?;
        let _ = conn.busy_timeout(Duration::ZERO);
        let mut sandbox =
            Sandbox::new(conn, self.config.clone()).map_err(|e| RunError::Sqlite {
                message: e.to_string(),
                code: -1,
            })?;
        sandbox.run_query(sql)
    }
}
