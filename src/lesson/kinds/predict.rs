use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lesson::model::Difficulty;

/// `kind: predict` — the learner says what a shown query returns; graded by
/// running it, and `sqldojo check` verifies the stated answer.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PredictQuestion {
    /// Id, unique within the lesson.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Difficulty, when it differs from the lesson's.
    #[serde(default)]
    pub difficulty: Option<Difficulty>,
    /// Dataset the query runs on (defaults to the lesson's).
    #[serde(default)]
    pub dataset: Option<String>,
    /// The question (Markdown).
    pub question: String,
    /// The query whose result the learner predicts.
    pub sql: String,
    /// What SQLite returns.
    pub answer: PredictAnswer,
    /// Shown after answering (Markdown).
    pub explanation: String,
}

/// The shape of a predicted result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PredictAnswer {
    /// The number of rows returned.
    RowCount(u64),
    /// The single value returned (one row, one column).
    Value(serde_json::Value),
    /// All rows, in order.
    Rows(Vec<Vec<serde_json::Value>>),
    /// The query fails; the message must contain this text.
    Error(String),
}
