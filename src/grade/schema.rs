//! Grading a schema answer by behaviour. The learner's script runs in the
//! sandbox on a fresh copy of the dataset; then each probe runs in its own
//! savepoint (valid rows must be accepted, invalid ones refused by a
//! constraint, stated results must come out), and required indexes are
//! looked up by introspection. Each failure becomes a precise message, and
//! the set of failures (which check, and how it failed) is matched against
//! the lesson's known wrong answers.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use rusqlite::ffi;
use serde::Serialize;

use super::compare::{RowDiff, compare};
use super::expectation::sandbox_for;
use super::verdict::{Outcome, Verdict};
use crate::dataset::Pristine;
use crate::engine::split::{line_col, skip_trivia};
use crate::engine::{ResultSet, RunError, Sandbox, Value};
use crate::lesson::kinds::{ConstraintKind, Probe, ProbeExpect, RequiredIndex, SchemaExercise};

/// Time allowed for the script and all probes together (each statement also
/// has the sandbox's own deadline).
pub const SCHEMA_BUDGET: Duration = Duration::from_secs(8);

/// Name of the savepoint each probe runs in.
const SAVEPOINT: &str = "sqldojo_probe";

/// Which check of an exercise a failure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "check", content = "index", rename_all = "snake_case")]
pub enum CheckRef {
    /// `probes[i]`.
    Probe(usize),
    /// `required_indexes[i]`.
    Index(usize),
}

/// How a check failed. Together with [`CheckRef`] it identifies a mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// A `reject` probe ran without error: nothing refused the invalid data.
    Accepted,
    /// A `reject` probe was refused, but by this other kind of constraint.
    WrongConstraint(ConstraintKind),
    /// An `ok` probe was refused by this kind of constraint: valid data was
    /// rejected.
    Refused(ConstraintKind),
    /// The probe could not run at all (missing table or column, …).
    Error,
    /// An `ok` probe ran, but returned other rows than stated.
    Rows,
    /// A required index does not exist.
    MissingIndex,
}

/// One failed check, with words for the learner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// The check.
    pub check: CheckRef,
    /// How it failed.
    pub kind: FailureKind,
    /// The author's message for the check.
    pub message: String,
    /// What happened, concretely (the statement and SQLite's answer).
    pub detail: String,
    /// Rows that differ, for a [`FailureKind::Rows`] failure.
    pub diff: Option<RowDiff>,
}

/// The learner's script did not run to the end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScriptError {
    /// SQLite's (or the sandbox's) error.
    pub error: RunError,
    /// 1-based number of the statement that failed.
    pub statement: usize,
    /// 1-based line where that statement starts.
    pub line: usize,
}

/// Everything one run of a script and its probes showed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchemaRun {
    /// The script did not run to the end (no probe ran then).
    pub script_error: Option<ScriptError>,
    /// Failed checks, probes first (in order), then indexes.
    pub failures: Vec<Failure>,
    /// Number of checks (probes and required indexes).
    pub checks: usize,
    /// Remarks about the script (e.g. foreign keys switched off).
    pub notes: Vec<String>,
    /// The run stopped because it used up its time budget.
    pub timed_out: bool,
    /// The script switched foreign key enforcement off.
    pub foreign_keys_off: bool,
}

/// What identifies a mistake: the script's error message, or the set of
/// failed checks and how each failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    /// The script stopped with this message (positions left out).
    Script(String),
    /// The script ran; these checks failed.
    Checks {
        /// The failed checks and how each failed.
        failures: BTreeSet<(CheckRef, FailureKind)>,
        /// The script switched foreign key enforcement off.
        foreign_keys_off: bool,
    },
}

impl Signature {
    /// True when every failure of `self` is also a failure of `other`.
    fn within(&self, other: &Signature) -> bool {
        match (self, other) {
            (Signature::Script(a), Signature::Script(b)) => a == b,
            (
                Signature::Checks {
                    failures: a,
                    foreign_keys_off: a_off,
                },
                Signature::Checks {
                    failures: b,
                    foreign_keys_off: b_off,
                },
            ) => !a.is_empty() && a.is_subset(b) && (!a_off || *b_off),
            _ => false,
        }
    }
}

impl SchemaRun {
    /// True when the script ran and every check passed.
    pub fn passed(&self) -> bool {
        self.script_error.is_none() && self.failures.is_empty() && !self.timed_out
    }

    /// What identifies this run's mistake.
    pub fn signature(&self) -> Signature {
        match &self.script_error {
            Some(e) => Signature::Script(error_text(&e.error)),
            None => Signature::Checks {
                failures: self.failures.iter().map(|f| (f.check, f.kind)).collect(),
                foreign_keys_off: self.foreign_keys_off,
            },
        }
    }
}

/// SQLite's message without the position suffix, so the same mistake at a
/// different line matches.
fn error_text(e: &RunError) -> String {
    match e {
        RunError::Prepare { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// Runs a script and every check of the exercise on a fresh copy of `pristine`.
pub fn run_schema(
    pristine: &Pristine,
    ex: &SchemaExercise,
    script: &str,
) -> Result<SchemaRun, String> {
    let started = Instant::now();
    let mut sandbox = sandbox_for(pristine, None)?;
    let mut run = SchemaRun {
        script_error: None,
        failures: Vec::new(),
        checks: ex.probes.len() + ex.required_indexes.len(),
        notes: Vec::new(),
        timed_out: false,
        foreign_keys_off: false,
    };
    if let Err(e) = run_script(&mut sandbox, script) {
        run.script_error = Some(e);
        return Ok(run);
    }
    if !foreign_keys_on(&sandbox) {
        run.foreign_keys_off = true;
        run.notes.push(
            "Your script switched foreign key enforcement off (`PRAGMA foreign_keys = OFF`), so no FOREIGN KEY \
             was checked. Leave it on: `PRAGMA foreign_keys = ON`."
                .into(),
        );
    }
    let baseline = fk_violations(&sandbox);
    for (i, probe) in ex.probes.iter().enumerate() {
        if started.elapsed() > SCHEMA_BUDGET {
            run.timed_out = true;
            return Ok(run);
        }
        if let Some(f) = run_probe(&mut sandbox, i, probe, baseline) {
            run.failures.push(f);
        }
    }
    for (i, required) in ex.required_indexes.iter().enumerate() {
        if let Some(f) = check_index(&sandbox, i, required) {
            run.failures.push(f);
        }
    }
    Ok(run)
}

/// Runs the learner's script, committing a transaction it left open.
fn run_script(sandbox: &mut Sandbox, script: &str) -> Result<(), ScriptError> {
    let mut done = 0;
    let mut last_end = 0;
    let outcome = sandbox.run_script(script, |r| {
        done += 1;
        last_end = r.range.end;
    });
    if let Err(error) = outcome {
        let start = last_end + skip_trivia(&script[last_end.min(script.len())..]);
        let line = match &error {
            RunError::Prepare { line: Some(l), .. } => *l,
            _ => line_col(script, start.min(script.len())).0,
        };
        return Err(ScriptError {
            error,
            statement: done + 1,
            line,
        });
    }
    if !sandbox.connection().is_autocommit()
        && let Err(error) = sandbox.run_script("COMMIT", |_| {})
    {
        return Err(ScriptError {
            error,
            statement: done,
            line: line_col(script, last_end.min(script.len())).0,
        });
    }
    Ok(())
}

fn foreign_keys_on(sandbox: &Sandbox) -> bool {
    sandbox
        .connection()
        .query_row("PRAGMA foreign_keys", [], |r| r.get::<_, i64>(0))
        .map(|v| v != 0)
        .unwrap_or(true)
}

/// The constraint kind behind an error, if it is a constraint failure.
pub fn constraint_kind(e: &RunError) -> Option<ConstraintKind> {
    let RunError::Sqlite { code, .. } = e else {
        return None;
    };
    match *code {
        ffi::SQLITE_CONSTRAINT_UNIQUE
        | ffi::SQLITE_CONSTRAINT_PRIMARYKEY
        | ffi::SQLITE_CONSTRAINT_ROWID => Some(ConstraintKind::Unique),
        ffi::SQLITE_CONSTRAINT_NOTNULL => Some(ConstraintKind::NotNull),
        ffi::SQLITE_CONSTRAINT_CHECK => Some(ConstraintKind::Check),
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => Some(ConstraintKind::ForeignKey),
        ffi::SQLITE_CONSTRAINT_DATATYPE | ffi::SQLITE_MISMATCH => Some(ConstraintKind::Datatype),
        ffi::SQLITE_CONSTRAINT_TRIGGER => Some(ConstraintKind::Trigger),
        _ => None,
    }
}

/// How the statements of a probe went.
enum Ran {
    /// Every statement ran (and the savepoint was released); the last
    /// statement's rows.
    Done(Option<ResultSet>),
    /// A constraint refused a statement (or the commit).
    Refused(ConstraintKind, String),
    /// Another error.
    Failed(RunError),
}

/// Runs one probe in its own savepoint and says how it failed, if it did.
fn run_probe(sandbox: &mut Sandbox, i: usize, probe: &Probe, baseline: i64) -> Option<Failure> {
    let ran = run_in_savepoint(sandbox, probe, baseline);
    let failure = |kind, detail: String, diff| {
        Some(Failure {
            check: CheckRef::Probe(i),
            kind,
            message: probe.message.trim().to_string(),
            detail,
            diff,
        })
    };
    let sql = one_line(&probe.sql);
    let (failed, keep) = match (probe.expect, ran) {
        (_, Ran::Failed(e)) => (
            failure(
                FailureKind::Error,
                format!("`{sql}` could not run: {e}."),
                None,
            ),
            false,
        ),
        (ProbeExpect::Reject, Ran::Done(_)) => (
            failure(
                FailureKind::Accepted,
                format!("`{sql}` ran without error."),
                None,
            ),
            false,
        ),
        (ProbeExpect::Reject, Ran::Refused(kind, message)) => {
            if probe.refused_by.is_empty() || probe.refused_by.contains(&kind) {
                (None, false)
            } else {
                let wanted: Vec<&str> = probe.refused_by.iter().map(|k| k.as_str()).collect();
                (
                    failure(
                        FailureKind::WrongConstraint(kind),
                        format!(
                            "`{sql}` was refused, but by a {} constraint ({message}), not by {}.",
                            kind.as_str(),
                            wanted.join(" or ")
                        ),
                        None,
                    ),
                    false,
                )
            }
        }
        (ProbeExpect::Ok, Ran::Refused(kind, message)) => (
            failure(
                FailureKind::Refused(kind),
                format!(
                    "`{sql}` was refused by a {} constraint: {message}.",
                    kind.as_str()
                ),
                None,
            ),
            false,
        ),
        // Statements that ran stay, even when their rows differ: later
        // probes are written assuming they happened.
        (ProbeExpect::Ok, Ran::Done(rows)) => match rows_problem(sandbox, probe, rows.as_ref()) {
            None => (None, true),
            Some((detail, diff)) => (failure(FailureKind::Rows, detail, diff), true),
        },
    };
    finish_savepoint(sandbox, keep);
    failed
}

/// Runs the probe's statements inside the savepoint. A deferred foreign key
/// that the statements left violated would fail the commit: that counts as a
/// refusal too (found with `PRAGMA foreign_key_check`, without committing).
fn run_in_savepoint(sandbox: &mut Sandbox, probe: &Probe, baseline: i64) -> Ran {
    if let Err(e) = sandbox.run_script(&format!("SAVEPOINT {SAVEPOINT}"), |_| {}) {
        return Ran::Failed(e);
    }
    let mut last = None;
    let outcome = sandbox.run_script(&probe.sql, |r| {
        if !r.result.columns.is_empty() {
            last = Some(r.result);
        }
    });
    match outcome {
        Err(e) => classify(e),
        Ok(_) if foreign_keys_on(sandbox) && fk_violations(sandbox) > baseline => Ran::Refused(
            ConstraintKind::ForeignKey,
            "FOREIGN KEY constraint failed (a deferred key, checked at commit)".into(),
        ),
        Ok(_) => Ran::Done(last),
    }
}

/// Rows that break a foreign key right now (deferred keys included).
fn fk_violations(sandbox: &Sandbox) -> i64 {
    sandbox
        .connection()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap_or(0)
}

fn classify(e: RunError) -> Ran {
    // SQLite runs `RESTRICT` actions as internal triggers: their code says
    // trigger, their message says foreign key.
    if let RunError::Sqlite { code, message } = &e
        && *code == ffi::SQLITE_CONSTRAINT_TRIGGER
        && message.contains("FOREIGN KEY constraint failed")
    {
        return Ran::Refused(ConstraintKind::ForeignKey, e.to_string());
    }
    match constraint_kind(&e) {
        Some(kind) => Ran::Refused(kind, e.to_string()),
        None => Ran::Failed(e),
    }
}

/// Keeps or undoes the probe's effects, leaving no transaction open.
fn finish_savepoint(sandbox: &mut Sandbox, keep: bool) {
    let step = if keep {
        format!("RELEASE {SAVEPOINT}")
    } else {
        format!("ROLLBACK TO {SAVEPOINT}; RELEASE {SAVEPOINT}")
    };
    if sandbox.run_script(&step, |_| {}).is_ok() && sandbox.connection().is_autocommit() {
        return;
    }
    // A trigger's RAISE(ROLLBACK) already ended the transaction, or the
    // release failed: make sure nothing stays open.
    if !sandbox.connection().is_autocommit() {
        let _ = sandbox.run_script("ROLLBACK", |_| {});
    }
}

/// For an `ok` probe that ran: its last rows against the stated rows.
fn rows_problem(
    sandbox: &mut Sandbox,
    probe: &Probe,
    rows: Option<&ResultSet>,
) -> Option<(String, Option<RowDiff>)> {
    let sql = one_line(&probe.sql);
    let expected = match (&probe.rows, &probe.same_rows_as) {
        (Some(literal), _) => literal_rows(literal, rows),
        (None, Some(query)) => match sandbox.run_query(query) {
            Ok(r) => r,
            Err(e) => {
                return Some((
                    format!(
                        "`{sql}` ran, but the comparison query `{}` could not run on your database: {e}.",
                        one_line(query)
                    ),
                    None,
                ));
            }
        },
        (None, None) => return None,
    };
    let Some(actual) = rows else {
        return Some((
            format!("`{sql}` returned no rows at all (its last statement is not a query)."),
            None,
        ));
    };
    let mut expected = expected;
    if expected.columns.len() == actual.columns.len() {
        expected.columns = actual.columns.clone();
    }
    let diff = compare(&expected, None, actual)?;
    let detail = match &diff {
        RowDiff::ColumnCount { expected, actual } => format!(
            "`{sql}` returned {} column(s) where {} were expected.",
            actual.len(),
            expected.len()
        ),
        RowDiff::Rows {
            missing_count,
            extra_count,
            ..
        } => format!(
            "`{sql}` returned other rows than expected: {missing_count} missing, {extra_count} that should not be there."
        ),
        RowDiff::Order { .. } => format!("`{sql}` returned the rows in another order."),
    };
    Some((detail, Some(diff)))
}

/// Literal rows stated in the lesson, with the learner's column names (names
/// are free; the count matters).
fn literal_rows(literal: &[Vec<serde_json::Value>], actual: Option<&ResultSet>) -> ResultSet {
    let width = literal.first().map_or(0, Vec::len);
    let columns = match actual {
        Some(a) if a.columns.len() == width => a.columns.clone(),
        _ => (1..=width).map(|i| format!("column{i}")).collect(),
    };
    ResultSet::from_rows(
        columns,
        literal
            .iter()
            .map(|r| r.iter().map(Value::from_json).collect())
            .collect(),
    )
}

/// Looks for an index serving `required`.
fn check_index(sandbox: &Sandbox, i: usize, required: &RequiredIndex) -> Option<Failure> {
    let conn = sandbox.connection();
    let wanted: Vec<String> = required.columns.iter().map(|c| c.to_lowercase()).collect();
    let found = index_columns(conn, &required.table).unwrap_or_default();
    let serves = |cols: &[String]| cols.len() >= wanted.len() && cols[..wanted.len()] == wanted[..];
    if found
        .iter()
        .any(|(_, partial, cols)| !partial && serves(cols))
    {
        return None;
    }
    let list = wanted.join(", ");
    let no_table = found.is_empty() && !table_exists(conn, &required.table);
    let detail = if no_table {
        format!("There is no table `{}`.", required.table)
    } else if let Some((name, _, _)) = found
        .iter()
        .find(|(_, partial, cols)| *partial && serves(cols))
    {
        format!(
            "`{name}` starts with ({list}) but is partial: it holds only the rows its WHERE clause selects."
        )
    } else {
        let have: Vec<String> = found
            .iter()
            .filter(|(name, _, _)| name != "(table)")
            .map(|(name, _, cols)| format!("`{name}` ({})", cols.join(", ")))
            .collect();
        if have.is_empty() {
            format!("`{}` has no index starting with ({list}).", required.table)
        } else {
            format!(
                "`{}` has no index starting with ({list}); its indexes: {}.",
                required.table,
                have.join("; ")
            )
        }
    };
    Some(Failure {
        check: CheckRef::Index(i),
        kind: if no_table {
            FailureKind::Error
        } else {
            FailureKind::MissingIndex
        },
        message: required.message.trim().to_string(),
        detail,
        diff: None,
    })
}

fn table_exists(conn: &rusqlite::Connection, table: &str) -> bool {
    conn.query_row(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1 COLLATE NOCASE",
        [table],
        |_| Ok(()),
    )
    .is_ok()
}

/// Every index of a table as (name, partial, all columns in entry order,
/// lower-cased): key columns then the columns SQLite appends (the rowid,
/// under its alias when there is one, or the primary key of a `WITHOUT
/// ROWID` table). The rowid table itself counts as an index on its rowid
/// alias.
fn index_columns(
    conn: &rusqlite::Connection,
    table: &str,
) -> rusqlite::Result<Vec<(String, bool, Vec<String>)>> {
    let alias: Option<String> = rowid_alias(conn, table)?;
    let mut out = Vec::new();
    if let Some(a) = &alias {
        out.push(("(table)".to_string(), false, vec![a.clone()]));
    }
    let mut list = conn.prepare("SELECT name, partial FROM pragma_index_list(?1)")?;
    let heads: Vec<(String, bool)> = list
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut info = conn.prepare("SELECT cid, name FROM pragma_index_xinfo(?1) ORDER BY seqno")?;
    for (name, partial) in heads {
        let cols: Vec<(i64, Option<String>)> = info
            .query_map([&name], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let cols = cols
            .into_iter()
            .map(|(cid, col)| match (cid, col) {
                (-1, _) => alias.clone().unwrap_or_else(|| "rowid".into()),
                (_, Some(c)) => c.to_lowercase(),
                (_, None) => "<expr>".into(),
            })
            .collect();
        out.push((name, partial, cols));
    }
    Ok(out)
}

/// The column that aliases the rowid (`INTEGER PRIMARY KEY`), if any.
fn rowid_alias(conn: &rusqlite::Connection, table: &str) -> rusqlite::Result<Option<String>> {
    let without_rowid: bool = conn
        .query_row(
            "SELECT wr FROM pragma_table_list WHERE name = ?1 COLLATE NOCASE AND schema = 'main'",
            [table],
            |r| r.get(0),
        )
        .unwrap_or(false);
    if without_rowid {
        return Ok(None);
    }
    let mut stmt = conn.prepare("SELECT name, type FROM pragma_table_info(?1) WHERE pk > 0")?;
    let pk: Vec<(String, String)> = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(match pk.as_slice() {
        [(name, ty)] if ty.eq_ignore_ascii_case("integer") => Some(name.to_lowercase()),
        _ => None,
    })
}

fn one_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Grades a learner's script against a schema exercise.
pub fn grade_schema(
    pristine: &Pristine,
    ex: &SchemaExercise,
    answer: &str,
) -> Result<Verdict, String> {
    let started = Instant::now();
    let run = run_schema(pristine, ex, answer)?;
    let mut verdict = verdict_for(pristine, ex, &run)?;
    verdict.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(verdict)
}

/// The verdict for a run: the first failure decides the headline; the known
/// mistakes the run behaves like add their feedback.
pub fn verdict_for(
    pristine: &Pristine,
    ex: &SchemaExercise,
    run: &SchemaRun,
) -> Result<Verdict, String> {
    if run.passed() {
        let mut v = Verdict::new(
            Outcome::Accepted,
            format!("Correct! Your schema passed all {} checks.", run.checks),
        );
        v.messages.extend(run.notes.iter().cloned());
        return Ok(v);
    }
    let mut v = if let Some(e) = &run.script_error {
        let mut v = Verdict::from_error(e.error.clone());
        let headline = if matches!(e.error, RunError::Empty) || e.error.is_refusal() {
            e.error.to_string()
        } else if let RunError::Prepare {
            line: Some(_),
            column: Some(_),
            ..
        } = e.error
        {
            format!(
                "Your script stopped at statement {}: {}",
                e.statement, e.error
            )
        } else {
            format!(
                "Your script stopped at statement {} (line {}): {}",
                e.statement,
                e.line,
                error_text(&e.error)
            )
        };
        v.headline = headline.clone();
        v.messages = vec![
            headline,
            "No check ran: your script must run to the end first.".into(),
        ];
        v
    } else if run.timed_out {
        Verdict::new(
            Outcome::Timeout,
            "Checking your schema took too long (a trigger that loops?).",
        )
    } else {
        let first = &run.failures[0];
        let headline = match first.kind {
            FailureKind::Error => format!("A check could not run: {}", first.detail),
            _ => capitalised(&first.message),
        };
        let mut v = Verdict::new(Outcome::Wrong, headline);
        if first.kind != FailureKind::Error {
            v.push(first.detail.clone());
        }
        v.diff = first.diff.clone();
        let mut unrun = 0;
        for f in &run.failures[1..] {
            if f.kind == FailureKind::Error {
                unrun += 1;
            } else {
                v.push(format!("Also: {}", f.message));
            }
        }
        if unrun > 0 {
            v.push(format!(
                "{unrun} more check(s) could not run{}.",
                if first.kind == FailureKind::Error {
                    " either"
                } else {
                    ""
                }
            ));
        }
        v.push(format!(
            "{} of {} checks failed.",
            run.failures.len(),
            run.checks
        ));
        v
    };
    v.messages.extend(run.notes.iter().cloned());
    let known = known_mistakes(pristine, ex, run)?;
    if !known.is_empty() {
        let feedback = known.join("\n\n");
        v.push(feedback.clone());
        v.known_mistake = Some(feedback);
    }
    Ok(v)
}

/// Feedback of the known wrong answers this run behaves like: those whose
/// failures are all among the run's, keeping only the most specific.
pub fn known_mistakes(
    pristine: &Pristine,
    ex: &SchemaExercise,
    run: &SchemaRun,
) -> Result<Vec<String>, String> {
    let mine = run.signature();
    let mut matched: Vec<(Signature, &str)> = Vec::new();
    for wrong in &ex.wrong_answers {
        let theirs = run_schema(pristine, ex, &wrong.sql)?;
        if theirs.passed() {
            continue;
        }
        let sig = theirs.signature();
        if sig.within(&mine) {
            matched.push((sig, wrong.feedback.trim()));
        }
    }
    let kept = matched
        .iter()
        .filter(|(sig, _)| {
            !matched
                .iter()
                .any(|(other, _)| other != sig && sig.within(other))
        })
        .map(|(_, f)| f.to_string())
        .collect();
    Ok(kept)
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
