//! Words for a wrong answer: what differs, and clause-level hints read from
//! the structure of the learner's query compared with the reference's.

use super::compare::RowDiff;
use crate::engine::ResultSet;
use crate::sqltext::shape::Shape;

fn rows(n: usize) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}

/// A headline and detail lines for a diff.
pub fn describe(diff: &RowDiff, order_by: Option<&str>) -> (String, Vec<String>) {
    match diff {
        RowDiff::ColumnCount { expected, actual } if actual.is_empty() => (
            "Your statement returns no columns: a query exercise needs a SELECT.".into(),
            vec![format!(
                "The task expects {} column(s): {}.",
                expected.len(),
                expected.join(", ")
            )],
        ),
        RowDiff::ColumnCount { expected, actual } => (
            format!(
                "Your query returns {} column(s); the task expects {}.",
                actual.len(),
                expected.len()
            ),
            vec![format!(
                "Expected columns, in order: {}. Names are up to you; the number and order of columns matter.",
                expected.join(", ")
            )],
        ),
        RowDiff::Rows {
            missing_count,
            extra_count,
            expected_rows,
            actual_rows,
            ..
        } => {
            let headline = match (*missing_count, *extra_count) {
                (0, x) => format!("Not yet: {} that should not be there.", rows(x)),
                (m, 0) => format!("Not yet: {} missing.", rows(m)),
                (m, x) => format!(
                    "Not yet: {} missing and {} that should not be there.",
                    rows(m),
                    rows(x)
                ),
            };
            (
                headline,
                vec![format!(
                    "Expected {expected_rows} rows; your query returned {actual_rows}."
                )],
            )
        }
        RowDiff::Order { position, .. } => {
            let keys = order_by
                .map(|o| o.trim_start_matches("ORDER BY ").to_string())
                .unwrap_or_else(|| "the task's order".into());
            (
                "Right rows, wrong order.".into(),
                vec![format!(
                    "Row {position} is out of place. The task orders by {keys}; rows tied on that may come in any order."
                )],
            )
        }
    }
}

/// Hints from the learner's query structure, relevant to the observed diff
/// and to the learner's rows (`result`).
pub fn clause_hints(
    reference: Option<&Shape>,
    learner: Option<&Shape>,
    diff: Option<&RowDiff>,
    result: &ResultSet,
) -> Vec<String> {
    let Some(l) = learner else { return Vec::new() };
    let repeats = has_repeated_rows(result);
    let empty = Shape::default();
    let r = reference.unwrap_or(&empty);
    let (missing, extra, order) = match diff {
        Some(RowDiff::Rows {
            missing_count,
            extra_count,
            ..
        }) => (*missing_count > 0, *extra_count > 0, false),
        Some(RowDiff::Order { .. }) => (false, false, true),
        _ => (false, false, false),
    };
    let mut out = Vec::new();
    if l.null_comparison {
        out.push(
            "`= NULL` and `<> NULL` are never true: comparing with NULL gives NULL. Test with `IS NULL` or `IS NOT NULL`."
                .into(),
        );
    }
    let unconditioned = l
        .joins
        .iter()
        .any(|j| matches!(j.kind.as_str(), "cross" | "inner") && !j.has_condition);
    if extra && unconditioned && !r.has_join("cross") {
        out.push(
            "A join without a condition pairs every row with every row. Join on the key that links the tables (`ON child.parent_id = parent.id`)."
                .into(),
        );
    }
    if missing
        && r.has_join("left")
        && !l.has_join("left")
        && !l.has_join("right")
        && !l.has_join("full")
    {
        out.push(
            "An inner join drops rows that have no match on the other side. The task keeps them: look at LEFT JOIN.".into(),
        );
    }
    if missing && !l.outer_filtered_in_where.is_empty() {
        out.push(format!(
            "Your WHERE clause filters on `{}`, the optional side of a LEFT JOIN. Where there is no match its columns are NULL, \
             the condition is not true, and the row disappears: the LEFT JOIN acts as an INNER JOIN. Put that condition in the ON clause.",
            l.outer_filtered_in_where[0]
        ));
    }
    if missing && l.not_in_subquery && !r.not_in_subquery {
        out.push(
            "`NOT IN (subquery)` is never true when the subquery returns a NULL. `NOT EXISTS` is not fooled by NULLs.".into(),
        );
    }
    if extra && repeats && r.distinct && !l.distinct {
        out.push("Some rows appear more than once; the task wants each only once.".into());
    }
    if missing && l.distinct && !r.distinct {
        out.push(
            "DISTINCT merged rows that only look the same (two people with the same name, two equal amounts). Keep rows apart by their key."
                .into(),
        );
    }
    let has = |s: &Shape, op: &str| s.set_ops.iter().any(|o| o == op);
    if extra && repeats && has(r, "UNION") && has(l, "UNION ALL") {
        out.push("UNION ALL keeps duplicates; UNION removes them.".into());
    }
    if missing && has(r, "UNION ALL") && has(l, "UNION") {
        out.push("UNION removes duplicate rows; UNION ALL keeps every row of both sides.".into());
    }
    let w = |s: &Shape, f: &str| s.window_functions.contains(f);
    if w(r, "dense_rank") && w(l, "rank") && !w(l, "dense_rank") {
        out.push("RANK leaves gaps after ties (1, 1, 3); DENSE_RANK does not (1, 1, 2).".into());
    }
    if w(r, "rank") && w(l, "dense_rank") && !w(l, "rank") {
        out.push(
            "DENSE_RANK does not skip numbers after ties (1, 1, 2); RANK does (1, 1, 3).".into(),
        );
    }
    if (w(r, "rank") || w(r, "dense_rank"))
        && w(l, "row_number")
        && !w(l, "rank")
        && !w(l, "dense_rank")
    {
        out.push("ROW_NUMBER gives tied rows different numbers, picked arbitrarily; here ties must share a rank.".into());
    }
    let a = |s: &Shape, f: &str| s.aggregates.contains(f);
    if a(r, "count(col)") && a(l, "count(*)") && !a(l, "count(col)") {
        out.push(
            "COUNT(*) counts rows, including rows whose columns are NULL (such as the unmatched rows of a LEFT JOIN); COUNT(column) counts only non-NULL values."
                .into(),
        );
    }
    if a(r, "count(*)") && a(l, "count(col)") && !a(l, "count(*)") {
        out.push("COUNT(column) skips NULLs; COUNT(*) counts every row.".into());
    }
    if !r.group_by.is_empty()
        && !l.group_by.is_empty()
        && sorted(&r.group_by) != sorted(&l.group_by)
    {
        out.push(format!(
            "Your query groups by {}. Check what \"one row per ...\" in the task asks for.",
            l.group_by.join(", ")
        ));
    }
    if order && !l.order_by {
        out.push("The task asks for an order, and your query has no ORDER BY: rows come in whatever order SQLite finds them.".into());
    }
    if missing && l.limit && !r.limit {
        out.push("LIMIT cuts the result short; the task wants every matching row.".into());
    }
    out
}

/// True when some row of the result appears more than once.
fn has_repeated_rows(result: &ResultSet) -> bool {
    super::compare::has_repeated_rows(&result.rows)
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}
