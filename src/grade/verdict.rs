//! The grader's answer, as data: front ends decide how it looks.

use serde::Serialize;

use super::compare::RowDiff;
use super::plan::PlanReport;
use crate::engine::{ResultSet, RunError};

/// How an attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Right.
    Accepted,
    /// Ran, but the result (or plan, or schema behaviour) is not what was asked.
    Wrong,
    /// SQLite could not run it (syntax, unknown column, constraint, ...).
    Error,
    /// The sandbox refused it (ATTACH, several statements, binary input, ...).
    Refused,
    /// It ran past the deadline.
    Timeout,
    /// The learner cancelled it.
    Cancelled,
}

impl Outcome {
    /// The lowercase name used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Wrong => "wrong",
            Outcome::Error => "error",
            Outcome::Refused => "refused",
            Outcome::Timeout => "timeout",
            Outcome::Cancelled => "cancelled",
        }
    }
}

/// The dataset variant on which an answer went wrong, and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counterexample {
    /// What changed in the data, in words.
    pub change: String,
    /// The SQL that makes the change (so the learner can try it).
    pub setup: String,
    /// How the learner's result differs there (absent when the query failed).
    pub diff: Option<RowDiff>,
    /// The error the learner's query hit there, if it failed.
    pub error: Option<String>,
}

/// The verdict on one attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// True when the answer is accepted.
    pub passed: bool,
    /// How it ended.
    #[serde(rename = "verdict")]
    pub outcome: Outcome,
    /// One line saying what happened.
    pub headline: String,
    /// Learner-facing paragraphs: the headline first, then details, the
    /// targeted feedback of a known mistake, and clause-level hints.
    pub messages: Vec<String>,
    /// Rows that differ on the visible data.
    pub diff: Option<RowDiff>,
    /// The variant that decided, when the visible data agreed.
    pub counterexample: Option<Counterexample>,
    /// Feedback of the known wrong answer this attempt behaves like.
    pub known_mistake: Option<String>,
    /// Hints read from the query's structure.
    pub clause_hints: Vec<String>,
    /// The run error, when the answer did not run.
    pub error: Option<RunError>,
    /// The learner's result on the visible data (first rows).
    pub result: Option<ResultSet>,
    /// How many dataset variants the answer was checked on.
    pub variants_checked: usize,
    /// Plan and cost report (plan exercises).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanReport>,
    /// Wall time of grading in milliseconds.
    pub elapsed_ms: u64,
    /// Sessions, timeline and checks (isolation exercises).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub isolation: Option<Box<super::isolation::IsolationReport>>,
}

impl Verdict {
    /// A verdict with only a headline.
    pub fn new(outcome: Outcome, headline: impl Into<String>) -> Self {
        let headline = headline.into();
        Verdict {
            passed: outcome == Outcome::Accepted,
            outcome,
            messages: vec![headline.clone()],
            headline,
            diff: None,
            counterexample: None,
            known_mistake: None,
            clause_hints: Vec::new(),
            error: None,
            result: None,
            variants_checked: 0,
            plan: None,
            elapsed_ms: 0,
            isolation: None,
        }
    }

    /// The verdict for an answer that did not run.
    pub fn from_error(error: RunError) -> Self {
        let outcome = match &error {
            RunError::Deadline { .. } | RunError::StepLimit { .. } => Outcome::Timeout,
            RunError::Cancelled => Outcome::Cancelled,
            e if e.is_refusal() => Outcome::Refused,
            _ => Outcome::Error,
        };
        let mut v = Verdict::new(outcome, error.to_string());
        v.error = Some(error);
        v
    }

    /// Appends a message paragraph.
    pub fn push(&mut self, message: impl Into<String>) {
        self.messages.push(message.into());
    }
}
