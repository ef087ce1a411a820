use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lesson::model::WrongAnswer;

/// `kind: isolation` — sessions A, B (and C) interleave statements on one
/// database; each step states its real outcome, which `sqldojo check` verifies.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IsolationExercise {
    /// Id, unique within the lesson.
    pub id: String,
    /// Short title.
    pub title: String,
    /// The task in Markdown.
    pub prompt: String,
    /// What the learner does: predict outcomes, fix a session, or play freely.
    pub form: IsolationForm,
    /// How the sessions share the database.
    pub mode: JournalMode,
    /// Sessions that read uncommitted data (shared-cache mode only).
    #[serde(default)]
    pub read_uncommitted: Vec<String>,
    /// SQL run once before the schedule.
    pub setup: String,
    /// The schedule, in order.
    pub steps: Vec<IsolationStep>,
    /// For `fix`: the session the learner rewrites.
    #[serde(default)]
    pub fix_session: Option<String>,
    /// For `fix`: a query run after the schedule and its required result.
    #[serde(default)]
    pub invariant: Option<String>,
    /// For `fix`: the rows the invariant query must return.
    #[serde(default)]
    pub invariant_result: Vec<Vec<serde_json::Value>>,
    /// SQL the editor starts with (for `fix`).
    #[serde(default)]
    pub starter: Option<String>,
    /// The reference fix (for `fix`).
    #[serde(default)]
    pub solution: Option<String>,
    /// Progressive hints, gentlest first.
    pub hints: Vec<String>,
    /// Shown after success (Markdown).
    pub explanation: String,
    /// Known mistakes, each with targeted feedback.
    #[serde(default)]
    pub wrong_answers: Vec<WrongAnswer>,
}

/// What the learner does with a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IsolationForm {
    /// Say what each step returns before it runs.
    Predict,
    /// Rewrite one session so an invariant holds.
    Fix,
    /// Two sessions, no script.
    FreePlay,
}

/// How sessions share the database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JournalMode {
    /// Write-ahead log: readers see a snapshot.
    Wal,
    /// Rollback journal: readers and a writer lock each other out.
    Rollback,
    /// Shared cache in one process; `read_uncommitted` sessions see dirty data.
    SharedCache,
}

/// One step of a schedule.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IsolationStep {
    /// The session that runs it: `A`, `B` or `C`.
    pub session: String,
    /// The statement.
    pub sql: String,
    /// What SQLite really does.
    pub expect: StepOutcome,
    /// Commentary shown after the step runs.
    #[serde(default)]
    pub note: String,
}

/// The outcome of a step: rows, or an error code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum StepOutcome {
    /// The statement succeeds (no rows to check).
    Ok,
    /// The statement returns these rows.
    Rows(Vec<Vec<serde_json::Value>>),
    /// The statement fails with this extended result code (5, 517, 262, ...).
    Error(i32),
}
