use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lesson::model::Difficulty;

/// `kind: predict` — the learner says what a shown query returns. The answer
/// is graded by running the query; `sqldojo check` verifies that the stated
/// `answer` is what SQLite really returns.
///
/// Learners answer with a number (`row_count`), one value (`value`: `42`,
/// `NULL`, `Alice` or `'Alice'`), rows one per line with values separated by
/// `|` (`rows`), or `error` when they expect the query to fail.
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
    /// The query whose result the learner predicts (one read-only statement).
    pub sql: String,
    /// What SQLite returns, in the form the learner must give.
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
    /// All rows, each a list of values; in order when the query has a
    /// top-level ORDER BY (rows tied on its keys may come in any order).
    Rows(Vec<Vec<serde_json::Value>>),
    /// The query fails; SQLite's message contains this text.
    Error(String),
}

impl PredictAnswer {
    /// What the learner is asked for, in words.
    pub fn form(&self) -> &'static str {
        match self {
            PredictAnswer::RowCount(_) => "the number of rows",
            PredictAnswer::Value(_) => "the single value returned",
            PredictAnswer::Rows(_) => "the rows, one per line, values separated by |",
            PredictAnswer::Error(_) => "the value, rows or `error`",
        }
    }
}
