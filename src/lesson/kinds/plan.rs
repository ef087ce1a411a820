use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lesson::model::WrongAnswer;

/// `kind: plan` — make a query fast. The submission may start with DDL
/// (CREATE INDEX ...) and ends with the query. Graded on its rows first,
/// then on its EXPLAIN QUERY PLAN and cost counters.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanExercise {
    /// Id, unique within the lesson.
    pub id: String,
    /// Short title.
    pub title: String,
    /// The task in Markdown.
    pub prompt: String,
    /// Dataset for this exercise, when it differs from the lesson's.
    #[serde(default)]
    pub dataset: Option<String>,
    /// SQL the editor starts with (typically the slow query).
    #[serde(default)]
    pub starter: Option<String>,
    /// The reference: optional DDL statements, then the query.
    pub solution: String,
    /// Rules the plan of the learner's final query must satisfy.
    pub rules: Vec<PlanRule>,
    /// Cost budget relative to the reference's counters.
    #[serde(default)]
    pub budget: Option<CostBudget>,
    /// Progressive hints, gentlest first.
    pub hints: Vec<String>,
    /// Shown after success (Markdown).
    pub explanation: String,
    /// Known mistakes, each with targeted feedback.
    pub wrong_answers: Vec<WrongAnswer>,
}

/// A rule about the query plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PlanRule {
    /// The plan uses this index by name.
    UsesIndex(String),
    /// The plan uses some index (or the primary key) on this table.
    UsesAnyIndexOn(String),
    /// The plan never scans this table in full.
    NoFullScan(String),
    /// No temporary B-tree is built for this clause.
    NoTempBtree(TempBtreeFor),
    /// Some step on this table reads only a covering index.
    CoveringIndex(String),
    /// SQLite does not build an automatic index.
    NoAutomaticIndex,
}

/// The clause a temporary B-tree serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TempBtreeFor {
    /// `USE TEMP B-TREE FOR ORDER BY`.
    OrderBy,
    /// `USE TEMP B-TREE FOR GROUP BY`.
    GroupBy,
    /// `USE TEMP B-TREE FOR DISTINCT`.
    Distinct,
}

/// Cost limits relative to the reference solution's counters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostBudget {
    /// The learner's VM steps may be at most this multiple of the reference's.
    #[serde(default)]
    pub vm_steps_ratio: Option<f64>,
    /// The learner's full-scan steps may be at most this multiple of the reference's.
    #[serde(default)]
    pub fullscan_steps_ratio: Option<f64>,
}
