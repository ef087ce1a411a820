//! The isolation part of a verdict, as data: every executed step with where
//! it came from, what the lesson states, and what the learner predicted.

use serde::Serialize;

use super::schedule::Origin;
use crate::engine::Value;
use crate::engine::sessions::{Executed, LabMode};
use crate::lesson::kinds::IsolationForm;

/// What happened in the lab while grading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IsolationReport {
    /// The exercise's form.
    pub form: IsolationForm,
    /// How the sessions shared the file.
    pub mode: LabMode,
    /// Every executed statement, in order.
    pub steps: Vec<StepReport>,
    /// For `fix`: the invariant on the lesson's data, then on each data
    /// variant, up to the first where it failed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckReport>,
}

/// One executed statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepReport {
    /// What ran and what it did.
    #[serde(flatten)]
    pub executed: Executed,
    /// A lesson step, a statement of the learner's turn, or typed.
    pub origin: Origin,
    /// The lesson's note on this step (Markdown; empty when none).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// What the lesson states the step does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated: Option<String>,
    /// For `predict`: the learner's prediction of this step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prediction: Option<PredictionReport>,
}

/// A learner's prediction of one step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictionReport {
    /// What the learner said, as typed (empty when the step was not answered).
    pub said: String,
    /// Whether SQLite agreed.
    pub right: bool,
}

/// The invariant query of a fix exercise on one set of data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// The data: "the lesson's data" or a variant's change.
    pub data: String,
    /// The query.
    pub query: String,
    /// The rows it must return.
    pub expected: Vec<Vec<Value>>,
    /// The rows it returned, when it ran.
    pub actual: Option<Vec<Vec<Value>>>,
    /// Why it did not run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// True when it returned the expected rows.
    pub held: bool,
}

impl StepReport {
    /// The step as one line of the verdict: position, session, statement,
    /// bound parameters, outcome, and the session's transaction state.
    pub fn line(&self, position: usize) -> String {
        let e = &self.executed;
        let sql = e.sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let bound = if e.bound.is_empty() {
            String::new()
        } else {
            let pairs: Vec<String> = e
                .bound
                .iter()
                .map(|(k, v)| {
                    format!(
                        ":{k} = {}",
                        crate::engine::sessions::rows_text(&[vec![v.clone()]])
                    )
                })
                .collect();
            format!("  [{}]", pairs.join(", "))
        };
        let state = e
            .states
            .iter()
            .find(|s| s.session == e.session)
            .map(|s| format!("  ({} now: {})", e.session, s.describe()))
            .unwrap_or_default();
        format!(
            "{position}. {}: {sql}{bound} → {}{state}",
            e.session,
            e.outcome.summary()
        )
    }
}
