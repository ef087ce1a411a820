use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lesson::model::WrongAnswer;

/// `kind: schema` — write DDL; graded by behaviour: probes insert valid rows
/// (which must succeed) and invalid ones (which must fail), and required
/// indexes are looked up by introspection.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemaExercise {
    /// Id, unique within the lesson.
    pub id: String,
    /// Short title.
    pub title: String,
    /// The task in Markdown: the tables, columns and rules to enforce.
    pub prompt: String,
    /// Dataset the DDL runs on (defaults to the lesson's).
    #[serde(default)]
    pub dataset: Option<String>,
    /// SQL the editor starts with.
    #[serde(default)]
    pub starter: Option<String>,
    /// The reference DDL.
    pub solution: String,
    /// Behavioural probes, run in order on the learner's schema.
    pub probes: Vec<Probe>,
    /// Indexes that must exist (e.g. a junction table's reverse index).
    #[serde(default)]
    pub required_indexes: Vec<RequiredIndex>,
    /// Progressive hints, gentlest first.
    pub hints: Vec<String>,
    /// Shown after success (Markdown).
    pub explanation: String,
    /// Known mistakes, each with targeted feedback.
    pub wrong_answers: Vec<WrongAnswer>,
}

/// One behavioural probe on the learner's schema.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    /// The statement(s) to run.
    pub sql: String,
    /// Whether it must succeed or fail.
    pub expect: ProbeExpect,
    /// What the probe checks, in words the learner sees when it goes the wrong way.
    pub why: String,
}

/// The expected outcome of a probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProbeExpect {
    /// The statement must run without error.
    Ok,
    /// The statement must be refused by a constraint.
    Error,
}

/// An index that must exist on a table, leading with these columns.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequiredIndex {
    /// Table the index is on.
    pub table: String,
    /// Leading columns, in order. A primary key or UNIQUE constraint counts.
    pub columns: Vec<String>,
    /// Why it is needed, shown when it is missing.
    pub why: String,
}
