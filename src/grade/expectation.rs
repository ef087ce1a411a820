//! What grading needs to know about a reference, computed once: its result
//! on the visible data and on every variant where it is deterministic, its
//! sort keys, its structure, and the known wrong answers' results. A closed
//! pack stores this instead of the reference SQL.

use serde::{Deserialize, Serialize};

use super::compare::compare;
use super::variants::{MAX_VARIANTS, Touched, Variant, derive};
use crate::dataset::Pristine;
use crate::engine::{ResultSet, RunError, Sandbox, SandboxConfig, Value, introspect};
use crate::lesson::WrongAnswer;
use crate::sqltext::highlight::{Class, classify};
use crate::sqltext::order::{OrderKeys, order_keys};
use crate::sqltext::shape::{Shape, shape};

/// Rows kept per result while grading (results beyond are counted).
pub const GRADE_KEEP_ROWS: usize = 100_000;

/// The expected outcome on one copy of the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// The variant, or `None` for the visible data.
    pub variant: Option<Variant>,
    /// The reference's result.
    pub expected: ResultSet,
    /// Sort key per expected row, when order matters.
    pub sort_keys: Option<Vec<Vec<Value>>>,
    /// Each known wrong answer's result here (`None` where it fails to run).
    pub wrong: Vec<Option<ResultSet>>,
}

/// Everything needed to grade answers to one query exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expectation {
    /// The visible data first, then the variants.
    pub cases: Vec<Case>,
    /// The reference's top-level ORDER BY, when order matters.
    pub order_by: Option<String>,
    /// The reference's structure, for clause-level hints.
    pub shape: Option<Shape>,
    /// Feedback of each known wrong answer, by index.
    pub wrong_feedback: Vec<String>,
    /// Structure of each known wrong answer, by index, to tell whether a
    /// learner whose rows match it made the same slip.
    #[serde(default)]
    pub wrong_shapes: Vec<Option<Shape>>,
    /// Problems with the reference or dataset, for authors.
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// The reference could not be turned into an expectation.
#[derive(Debug, Clone, thiserror::Error)]
pub enum BuildError {
    /// The reference fails on the visible data.
    #[error("the reference solution fails: {0}")]
    Reference(RunError),
    /// The dataset could not be copied.
    #[error("the dataset could not be copied: {0}")]
    Dataset(String),
}

/// A grading sandbox on a fresh copy of `pristine` with `variant` applied.
pub fn sandbox_for(pristine: &Pristine, variant: Option<&Variant>) -> Result<Sandbox, String> {
    let conn = pristine.fresh().map_err(|e| e.to_string())?;
    if let Some(v) = variant {
        v.apply(&conn).map_err(|e| e.to_string())?;
    }
    let config = SandboxConfig {
        keep_rows: GRADE_KEEP_ROWS,
        ..SandboxConfig::default()
    };
    Sandbox::new(conn, config).map_err(|e| e.to_string())
}

/// Runs one query on a fresh copy with the variant applied.
pub fn run_on(
    pristine: &Pristine,
    variant: Option<&Variant>,
    sql: &str,
) -> Result<ResultSet, RunError> {
    run_script_on(pristine, variant, "", sql)
}

/// Runs `setup` (any statements, e.g. CREATE INDEX; may be empty), then one
/// query, in the sandbox on a fresh copy with the variant applied: the setup
/// sees the variant's data, the query sees the setup's schema.
pub fn run_script_on(
    pristine: &Pristine,
    variant: Option<&Variant>,
    setup: &str,
    sql: &str,
) -> Result<ResultSet, RunError> {
    let mut sandbox =
        sandbox_for(pristine, variant).map_err(|message| RunError::Sqlite { message, code: -1 })?;
    run_setup(&mut sandbox, setup)?;
    sandbox.run_query(sql)
}

/// Runs setup statements; text with no statement (empty, comments) is fine.
fn run_setup(sandbox: &mut Sandbox, setup: &str) -> Result<(), RunError> {
    match sandbox.run_script(setup, |_| {}) {
        Ok(_) | Err(RunError::Empty) => Ok(()),
        Err(e) => Err(e),
    }
}

impl Expectation {
    /// Computes the expectation of a reference on a dataset.
    pub fn build(
        pristine: &Pristine,
        reference: &str,
        wrong_answers: &[WrongAnswer],
    ) -> Result<Self, BuildError> {
        Self::build_with_setup(pristine, "", reference, wrong_answers, MAX_VARIANTS)
    }

    /// Computes the expectation of a reference query that runs after setup
    /// statements (plan exercises: CREATE INDEX, or a whole migration). The
    /// setup runs on every variant before the query. A read-only dataset
    /// (a full-scale file) gets no variants: they would have to write to it.
    pub fn build_with_setup(
        pristine: &Pristine,
        setup: &str,
        reference: &str,
        wrong_answers: &[WrongAnswer],
        max_variants: usize,
    ) -> Result<Self, BuildError> {
        let mut sandbox = sandbox_for(pristine, None).map_err(BuildError::Dataset)?;
        // Variants are derived from the data as it is before any setup.
        let schema = introspect::schema(sandbox.connection())
            .map_err(|e| BuildError::Dataset(e.to_string()))?;
        let base = if setup.trim().is_empty() {
            None
        } else {
            Some(
                pristine
                    .fresh()
                    .map_err(|e| BuildError::Dataset(e.to_string()))?,
            )
        };
        sandbox.record_reads();
        run_setup(&mut sandbox, setup).map_err(BuildError::Reference)?;
        let visible = sandbox
            .run_query(reference)
            .map_err(BuildError::Reference)?;
        let reads = sandbox.take_reads();

        let order = order_keys(reference, &visible.columns);
        let mut warnings = Vec::new();
        if let Some(o) = &order
            && !o.all_mapped()
            && o.keyed_query.is_none()
        {
            warnings.push(format!(
                "order is not graded: `{}` sorts on something that is not an output column of a plain SELECT; \
                 put the sort keys in the select list",
                o.description
            ));
        }

        let mut touched = Touched {
            tables: reads.tables(),
            columns: reads
                .reads
                .iter()
                .map(|(t, c)| (t.to_lowercase(), c.to_lowercase()))
                .collect(),
        };
        touched.tables = touched.tables.iter().map(|t| t.to_lowercase()).collect();
        for (range, class) in classify(reference) {
            let word = reference[range]
                .trim_matches(['"', '`', '[', ']'])
                .to_lowercase();
            if class == Class::Identifier && schema.table(&word).is_some() {
                touched.tables.insert(word);
            }
        }
        let candidates = if pristine.read_only_file().is_some() {
            Vec::new()
        } else {
            derive(
                base.as_ref().unwrap_or(sandbox.connection()),
                &schema,
                &touched,
                max_variants,
            )
        };

        let mut cases = Vec::with_capacity(candidates.len() + 1);
        match Self::case(&mut sandbox, None, reference, order.as_ref(), wrong_answers) {
            Some((case, deterministic)) => {
                if !deterministic {
                    warnings.push(
                        "the reference's result depends on the order rows happen to be stored in \
                         (a LIMIT without ORDER BY, or ties across a LIMIT); learners cannot match it reliably"
                            .into(),
                    );
                }
                cases.push(case);
            }
            None => {
                return Err(BuildError::Dataset(
                    "the reference's sort keys could not be computed".into(),
                ));
            }
        }
        drop(sandbox);
        let mut plain_copies = std::collections::BTreeSet::new();
        for variant in candidates {
            // A change that breaks a constraint or the reference is not a fair test.
            let Ok(mut sandbox) = sandbox_for(pristine, Some(&variant)) else {
                continue;
            };
            if run_setup(&mut sandbox, setup).is_err() {
                continue;
            }
            let family = variant.copy_family().map(str::to_string);
            let Some((case, true)) = Self::case(
                &mut sandbox,
                Some(variant),
                reference,
                order.as_ref(),
                wrong_answers,
            ) else {
                continue;
            };
            // Of a table's copies, keep those that change the reference's
            // answer, and one that does not.
            if let Some(family) = family
                && case.expected == cases[0].expected
                && !plain_copies.insert(family)
            {
                continue;
            }
            cases.push(case);
        }
        if cases.len() > 1 && cases[1..].iter().all(|c| c.expected == cases[0].expected) {
            warnings.push(
                "no variant of the data changes the reference's result, so an answer that hard-codes the rows would pass; \
                 make sure the query reads tables with rows the variants can copy, delete or change"
                    .into(),
            );
        }
        Ok(Expectation {
            cases,
            order_by: order.map(|o| o.description),
            shape: shape(reference),
            wrong_feedback: wrong_answers.iter().map(|w| w.feedback.clone()).collect(),
            wrong_shapes: wrong_answers.iter().map(|w| shape(&w.sql)).collect(),
            warnings,
        })
    }

    /// Builds one case on a sandbox holding the (varied) data: the reference's
    /// result and sort keys, the wrong answers' results, and whether the
    /// reference gives the same answer with the scan order flipped.
    fn case(
        sandbox: &mut Sandbox,
        variant: Option<Variant>,
        reference: &str,
        order: Option<&OrderKeys>,
        wrong_answers: &[WrongAnswer],
    ) -> Option<(Case, bool)> {
        let result = sandbox.run_query(reference).ok()?;
        let (expected, sort_keys) = match order {
            None => (result, None),
            Some(o) if o.all_mapped() => {
                let keys = result
                    .rows
                    .iter()
                    .map(|row| {
                        o.columns
                            .iter()
                            .map(|c| row[c.expect("mapped")].clone())
                            .collect()
                    })
                    .collect();
                (result, Some(keys))
            }
            Some(o) => match &o.keyed_query {
                None => (result, None),
                Some(keyed) => {
                    let wide = sandbox.run_query(keyed).ok()?;
                    let width = result.columns.len();
                    let mut hidden = width;
                    let slots: Vec<usize> = o
                        .columns
                        .iter()
                        .map(|c| {
                            c.unwrap_or_else(|| {
                                hidden += 1;
                                hidden - 1
                            })
                        })
                        .collect();
                    let keys = wide
                        .rows
                        .iter()
                        .map(|row| slots.iter().map(|&i| row[i].clone()).collect())
                        .collect();
                    let rows = wide.rows.iter().map(|row| row[..width].to_vec()).collect();
                    let narrowed = ResultSet {
                        rows,
                        columns: result.columns,
                        ..wide
                    };
                    (narrowed, Some(keys))
                }
            },
        };
        let wrong = wrong_answers
            .iter()
            .map(|w| sandbox.run_query(&w.sql).ok())
            .collect();
        // Flip the scan order and ask again: a reference that changes its
        // answer depends on how rows happen to be stored.
        let reversed = variant.as_ref().is_some_and(|v| v.reverse_scan);
        let flip = |on: bool| {
            format!(
                "PRAGMA reverse_unordered_selects = {}",
                if on { 1 } else { 0 }
            )
        };
        sandbox
            .with_trusted(|c| c.execute_batch(&flip(!reversed)))
            .ok()?;
        let again = sandbox.run_query(reference);
        sandbox
            .with_trusted(|c| c.execute_batch(&flip(reversed)))
            .ok()?;
        let deterministic =
            again.is_ok_and(|again| compare(&expected, sort_keys.as_deref(), &again).is_none());
        let case = Case {
            variant,
            expected,
            sort_keys,
            wrong,
        };
        Some((case, deterministic))
    }

    /// The case of the visible data.
    pub fn visible(&self) -> &Case {
        &self.cases[0]
    }
}
