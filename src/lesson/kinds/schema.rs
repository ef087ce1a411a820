use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lesson::model::WrongAnswer;

/// `kind: schema` — write DDL (and, for a decomposition or a migration, the
/// `INSERT … SELECT` that moves the data); graded by behaviour. The learner's
/// script runs on a fresh copy of the dataset; then every probe runs, in
/// order, each in its own savepoint: valid rows must be accepted, invalid
/// ones refused by a constraint, and stated results must come out. Required
/// indexes are looked up by introspection.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemaExercise {
    /// Id, unique within the lesson.
    pub id: String,
    /// Short title.
    pub title: String,
    /// The task in Markdown: the tables and columns (names the probes use),
    /// and every rule the schema must enforce.
    pub prompt: String,
    /// Dataset the script runs on (defaults to the lesson's; often `empty`).
    #[serde(default)]
    pub dataset: Option<String>,
    /// SQL the editor starts with. `sqldojo check` makes sure it fails.
    #[serde(default)]
    pub starter: Option<String>,
    /// The reference script. `sqldojo check` makes sure it passes every probe.
    pub solution: String,
    /// Behavioural probes, run in order after the learner's script.
    pub probes: Vec<Probe>,
    /// Indexes that must exist (e.g. a junction table's reverse index).
    #[serde(default)]
    pub required_indexes: Vec<RequiredIndex>,
    /// Progressive hints, gentlest first.
    pub hints: Vec<String>,
    /// Shown after success (Markdown).
    pub explanation: String,
    /// Known mistakes, each with targeted feedback. A learner's script is
    /// matched to one by the checks it fails (which probes, and how), or, when
    /// it does not run, by SQLite's error message.
    pub wrong_answers: Vec<WrongAnswer>,
}

/// One behavioural probe on the learner's schema. Its statements run in a
/// savepoint: the effects of an `ok` probe whose statements all ran are kept
/// (later probes build on them, even when its rows differ); the effects of a
/// refused or failed statement, and of every `reject` probe, are rolled back.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    /// The statement(s) to run, e.g. `INSERT INTO post_tags VALUES (1, 1)`.
    pub sql: String,
    /// Whether the statements must run (`ok`) or be refused by a constraint
    /// (`reject`). A syntax error or a missing table never counts as a refusal.
    pub expect: ProbeExpect,
    /// For `reject`: the constraints that may refuse it (any constraint when
    /// empty). `unique` covers PRIMARY KEY and UNIQUE.
    #[serde(default)]
    pub refused_by: Vec<ConstraintKind>,
    /// For `ok`: the rows the last statement must return, in any order, each a
    /// list of values (`null` for NULL). Types matter: 1 is not '1'.
    #[serde(default)]
    pub rows: Option<Vec<Vec<serde_json::Value>>>,
    /// For `ok`: a query whose rows (in any order) the last statement must
    /// return, run on the same database right after the probe — e.g. the
    /// original wide table, to check that decomposed tables join back to it,
    /// or a recomputation a summary table must agree with.
    #[serde(default)]
    pub same_rows_as: Option<String>,
    /// What the learner is told when the probe does not go as expected, e.g.
    /// "inserting the same (post_id, tag_id) twice succeeded: nothing makes
    /// the pair unique".
    pub message: String,
}

/// The expected outcome of a probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProbeExpect {
    /// Every statement must run without error.
    Ok,
    /// A statement must be refused by a constraint (or fail the commit, for a
    /// deferred foreign key).
    Reject,
}

/// A kind of constraint that refuses a change, read from SQLite's extended
/// result code.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintKind {
    /// PRIMARY KEY or UNIQUE (a constraint or a unique index).
    Unique,
    /// NOT NULL.
    NotNull,
    /// CHECK.
    Check,
    /// FOREIGN KEY (immediate, or deferred and failing at commit).
    ForeignKey,
    /// A value of the wrong type: a STRICT table, or a non-integer for an
    /// INTEGER PRIMARY KEY.
    Datatype,
    /// `RAISE(...)` in a trigger.
    Trigger,
}

impl ConstraintKind {
    /// The name written in lesson files and shown to learners.
    pub fn as_str(self) -> &'static str {
        match self {
            ConstraintKind::Unique => "UNIQUE or PRIMARY KEY",
            ConstraintKind::NotNull => "NOT NULL",
            ConstraintKind::Check => "CHECK",
            ConstraintKind::ForeignKey => "FOREIGN KEY",
            ConstraintKind::Datatype => "type (STRICT or INTEGER PRIMARY KEY)",
            ConstraintKind::Trigger => "trigger RAISE",
        }
    }
}

/// An index that must exist on a table. It is satisfied by any index that is
/// not partial and whose columns start with these, counting the columns SQLite
/// appends to every index entry (the rowid or the primary key of a `WITHOUT
/// ROWID` table); a primary key counts as an index.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequiredIndex {
    /// Table the index is on.
    pub table: String,
    /// Leading columns, in order.
    pub columns: Vec<String>,
    /// What the learner is told when it is missing: which query it serves.
    pub message: String,
}
