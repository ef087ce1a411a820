use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lesson::model::WrongAnswer;

/// `kind: query` — write one SELECT (or WITH ...) statement; graded by its result.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueryExercise {
    /// Id, unique within the lesson.
    pub id: String,
    /// Short title.
    pub title: String,
    /// The task in Markdown. State the output contract: which columns, one
    /// row per what, and whether order matters.
    pub prompt: String,
    /// Dataset for this exercise, when it differs from the lesson's.
    #[serde(default)]
    pub dataset: Option<String>,
    /// SQL the editor starts with. `sqldojo check` makes sure it fails.
    #[serde(default)]
    pub starter: Option<String>,
    /// The reference solution. A top-level ORDER BY makes order part of the answer.
    /// Required, except in a closed pack, which gives `expectation` instead.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub solution: String,
    /// Closed packs only (written by `sqldojo pack --closed`): the file, relative
    /// to the pack root, holding what grading needs instead of the solution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expectation: Option<String>,
    /// Progressive hints, gentlest first.
    pub hints: Vec<String>,
    /// Shown after success: why the solution works (Markdown).
    pub explanation: String,
    /// Known mistakes, each with targeted feedback.
    pub wrong_answers: Vec<WrongAnswer>,
}
