use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::engine::sessions::{LabMode, SessionId, parse_code};
use crate::lesson::model::WrongAnswer;

/// `kind: isolation` — sessions A, B (and C) interleave statements on one
/// temporary database file. Every step states what SQLite really does, and
/// `sqldojo check` runs the schedule to prove it.
///
/// - `form: predict`: the learner says what the steps marked `ask: true`
///   return, one line per step (`10`, `(1, 10), (2, 20)`, `no rows`, `ok`,
///   `ok, 0 rows changed`, `busy_snapshot`, `error`). Known wrong predictions
///   go in `wrong_answers`, each line prefixed with its step number
///   (`sql: "4: 11"`).
/// - `form: fix`: the learner rewrites the statements of `fix.session`; each
///   run of that session's consecutive steps is one *turn*, and the answer
///   marks turns with lines `-- turn 1`, `-- turn 2`. After the schedule, the
///   `fix.check` query must return `fix.result` on the committed data, and
///   on every `fix.variants` data change.
/// - `form: free_play`: no schedule; the learner types into the sessions.
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
    /// How the sessions share the database: `wal`, `rollback` or `shared_cache`.
    pub mode: LabMode,
    /// The sessions to open when not all appear in `steps` (e.g. `[A, B, C]`
    /// for free play). Default: the sessions of the steps, and at least A and B.
    #[serde(default)]
    pub sessions: Vec<SessionId>,
    /// Sessions that run `PRAGMA read_uncommitted = 1` (shared_cache mode only).
    #[serde(default)]
    pub read_uncommitted: Vec<SessionId>,
    /// SQL run once on the lesson's dataset before the sessions open.
    #[serde(default)]
    pub setup: String,
    /// The schedule, in order.
    #[serde(default)]
    pub steps: Vec<IsolationStep>,
    /// For `fix`: which session the learner rewrites and what must hold after.
    #[serde(default)]
    pub fix: Option<FixTask>,
    /// For `fix`: what the editor starts with. Leave it out to start from the
    /// session's own steps, with turn markers ([`IsolationExercise::starter_text`]).
    #[serde(default)]
    pub starter: Option<String>,
    /// For `fix`: the reference rewrite of the session, with turn markers.
    #[serde(default)]
    pub solution: Option<String>,
    /// Progressive hints, gentlest first.
    #[serde(default)]
    pub hints: Vec<String>,
    /// Shown after success (Markdown).
    pub explanation: String,
    /// Known mistakes with targeted feedback. For `fix`: rewrites of the
    /// session. For `predict`: predictions, one `STEP: prediction` per line
    /// (the feedback shows when the learner said the same on those steps).
    #[serde(default)]
    pub wrong_answers: Vec<WrongAnswer>,
}

/// What the learner does with a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IsolationForm {
    /// Say what the asked steps return before they run.
    Predict,
    /// Rewrite one session so that an invariant holds at the end.
    Fix,
    /// Sessions side by side, no script.
    FreePlay,
}

/// One step: a statement in one session (`A: SELECT ...`) and its outcome.
/// State rows with `rows`, a failure with `error`; a step with neither
/// succeeds without returning rows (`changes` may say how many rows it changed).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IsolationStep {
    /// A statement run by session A.
    #[serde(rename = "A", default, skip_serializing_if = "Option::is_none")]
    pub a: Option<String>,
    /// A statement run by session B.
    #[serde(rename = "B", default, skip_serializing_if = "Option::is_none")]
    pub b: Option<String>,
    /// A statement run by session C.
    #[serde(rename = "C", default, skip_serializing_if = "Option::is_none")]
    pub c: Option<String>,
    /// The rows it returns (any order), each a list of values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<Vec<serde_json::Value>>>,
    /// How many rows an INSERT, UPDATE or DELETE changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<u64>,
    /// The error it fails with: a name (`busy`, `busy_snapshot`,
    /// `locked_sharedcache`, `constraint_check`) or an extended code (517).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorCode>,
    /// For `predict`: the learner predicts this step's outcome.
    #[serde(default)]
    pub ask: bool,
    /// What this step shows, displayed once it has run (Markdown).
    #[serde(default)]
    pub note: String,
}

impl IsolationStep {
    /// The session and statement, when exactly one session is named.
    pub fn statement(&self) -> Option<(SessionId, &str)> {
        let named: Vec<(SessionId, &str)> = [
            (SessionId::A, &self.a),
            (SessionId::B, &self.b),
            (SessionId::C, &self.c),
        ]
        .into_iter()
        .filter_map(|(id, sql)| sql.as_deref().map(|s| (id, s)))
        .collect();
        match named.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The session, when exactly one is named.
    pub fn session(&self) -> Option<SessionId> {
        self.statement().map(|(id, _)| id)
    }
}

/// An extended result code, written as a name or a number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ErrorCode {
    /// The number, e.g. 517.
    Number(i32),
    /// The name, e.g. `busy_snapshot` or `SQLITE_BUSY_SNAPSHOT`.
    Name(String),
}

impl ErrorCode {
    /// The extended code, when the name is known.
    pub fn code(&self) -> Option<i32> {
        match self {
            ErrorCode::Number(n) => Some(*n),
            ErrorCode::Name(name) => parse_code(name),
        }
    }
}

/// What a `fix` exercise asks of the rewritten session.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FixTask {
    /// The session the learner rewrites.
    pub session: SessionId,
    /// A query run on the committed data after the schedule (sessions
    /// disconnected, so uncommitted work is rolled back).
    pub check: String,
    /// The rows `check` must return (any order).
    pub result: Vec<Vec<serde_json::Value>>,
    /// Changes to the starting data and the rows `check` must return then,
    /// so that an answer that hard-codes values does not pass.
    #[serde(default)]
    pub variants: Vec<FixVariant>,
}

/// A change to the starting data of a fix exercise.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FixVariant {
    /// What changes, in words (shown when an answer fails on it).
    pub change: String,
    /// SQL run after the exercise's setup.
    pub setup: String,
    /// The rows `check` must return on this data.
    pub result: Vec<Vec<serde_json::Value>>,
}

impl IsolationExercise {
    /// The sessions the lab opens.
    pub fn session_ids(&self) -> Vec<SessionId> {
        let mut ids: Vec<SessionId> = vec![SessionId::A, SessionId::B];
        ids.extend(self.sessions.iter().copied());
        ids.extend(self.steps.iter().filter_map(IsolationStep::session));
        ids.extend(self.read_uncommitted.iter().copied());
        if let Some(fix) = &self.fix {
            ids.push(fix.session);
        }
        ids.sort();
        ids.dedup();
        ids
    }

    /// For `fix`: the turns of the rewritten session, each the step indexes
    /// of one run of its consecutive steps.
    pub fn turns(&self) -> Vec<Vec<usize>> {
        let Some(fix) = &self.fix else {
            return Vec::new();
        };
        let mut turns: Vec<Vec<usize>> = Vec::new();
        let mut previous_was_fix = false;
        for (i, step) in self.steps.iter().enumerate() {
            let is_fix = step.session() == Some(fix.session);
            if is_fix {
                if previous_was_fix {
                    turns.last_mut().expect("a turn is open").push(i);
                } else {
                    turns.push(vec![i]);
                }
            }
            previous_was_fix = is_fix;
        }
        turns
    }

    /// What the editor of a `fix` exercise starts with: the `starter`, or
    /// else the session's own statements, each turn under its marker.
    pub fn starter_text(&self) -> Option<String> {
        match &self.starter {
            Some(starter) => Some(starter.clone()),
            None => self.session_as_written(),
        }
    }

    /// The fix session's own statements, each turn under its marker (what
    /// the editor starts with unless the lesson gives a `starter`).
    pub fn session_as_written(&self) -> Option<String> {
        self.fix.as_ref()?;
        let mut out = String::new();
        for (t, turn) in self.turns().iter().enumerate() {
            let first = turn[0];
            let after = match first.checked_sub(1).and_then(|p| self.steps[p].statement()) {
                Some((id, sql)) => format!(", after {id}: {}", one_line(sql)),
                None => String::new(),
            };
            out.push_str(&format!("-- turn {} (step {}{after})\n", t + 1, first + 1));
            for &i in turn {
                if let Some((_, sql)) = self.steps[i].statement() {
                    out.push_str(sql.trim().trim_end_matches(';'));
                    out.push_str(";\n");
                }
            }
        }
        Some(out)
    }
}

/// A statement on one line, shortened for a comment.
fn one_line(sql: &str) -> String {
    let flat = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = flat.trim_end_matches(';');
    if flat.chars().count() > 60 {
        format!("{}...", flat.chars().take(57).collect::<String>())
    } else {
        flat.to_string()
    }
}
