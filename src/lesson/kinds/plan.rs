use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lesson::model::WrongAnswer;

/// `kind: plan` — make a query fast. The submission may start with setup
/// statements (CREATE INDEX ...) and ends with the query; or it rewrites the
/// query. Graded on its rows first (every layer of a query exercise, with
/// the learner's setup applied to every copy of the data), then on the plan
/// of its final query and its cost counters against the reference's.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanExercise {
    /// Id, unique within the lesson.
    pub id: String,
    /// Short title.
    pub title: String,
    /// The task in Markdown: what the query returns, and what to make fast.
    pub prompt: String,
    /// Dataset for this exercise, when it differs from the lesson's.
    #[serde(default)]
    pub dataset: Option<String>,
    /// SQL the editor starts with (typically the slow query). `sqldojo
    /// check` makes sure it fails.
    #[serde(default)]
    pub starter: Option<String>,
    /// The reference: optional setup statements, then the query.
    pub solution: String,
    /// What may come before the final query.
    #[serde(default)]
    pub allow_setup: SetupPolicy,
    /// Rules the plan of the learner's final query must satisfy.
    pub rules: Vec<PlanRule>,
    /// Cost budget relative to the reference's counters.
    #[serde(default)]
    pub budget: Option<CostBudget>,
    /// Progressive hints, gentlest first.
    pub hints: Vec<String>,
    /// Shown after success (Markdown).
    pub explanation: String,
    /// Known mistakes (no index, the wrong column order, a function on the
    /// column, ...), each with targeted feedback. A learner's attempt is
    /// matched by its rows, or by its plan's shape (index names aside).
    pub wrong_answers: Vec<WrongAnswer>,
}

/// Statements allowed before the final query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SetupPolicy {
    /// Only queries: the task is a rewrite.
    None,
    /// CREATE [UNIQUE] INDEX, DROP INDEX, ANALYZE and REINDEX (the default).
    #[default]
    Indexes,
    /// Any statement, e.g. a migration that creates and fills tables.
    Any,
}

/// A rule about the plan of the final query (or, for `max_queries`, about
/// the whole submission).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PlanRule {
    /// The plan uses this index by name (for indexes the dataset already has).
    UsesIndex(String),
    /// Some step reads this table through an index or its primary key
    /// (automatic indexes do not count).
    UsesAnyIndexOn(String),
    /// No step scans this table (or an index of it) from end to end.
    NoFullScan(String),
    /// No temporary B-tree is built for this clause.
    NoTempBtree(TempBtreeFor),
    /// Every step on this table is answered from an index alone.
    CoveringIndex(String),
    /// SQLite builds no automatic (throw-away) index.
    NoAutomaticIndex,
    /// No subquery is re-run for every row of the outer query.
    NoCorrelatedSubquery,
    /// The submission runs at most this many queries (N+1 vs one batched query).
    MaxQueries(u32),
}

/// The clause a temporary B-tree serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TempBtreeFor {
    /// `USE TEMP B-TREE FOR [LAST n TERMS OF] ORDER BY`.
    OrderBy,
    /// `USE TEMP B-TREE FOR GROUP BY`.
    GroupBy,
    /// `USE TEMP B-TREE FOR DISTINCT` (and an aggregate's `count(DISTINCT)`).
    Distinct,
}

/// Cost limits relative to the reference solution's counters on the
/// visible data (counters are deterministic; wall time is only reported).
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
