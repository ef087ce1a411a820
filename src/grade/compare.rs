//! Comparing a learner's rows with the expected rows: column count, then a
//! bag of rows, or an order up to ties on the reference's sort keys.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::engine::{ResultSet, Value};

/// How many differing rows of each side a diff keeps for display.
pub const DIFF_SAMPLE: usize = 8;

/// A value normalised for grading: INTEGER and integral REAL compare equal,
/// REAL is rounded to 10 significant digits (a small relative tolerance),
/// and NULL equals NULL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Cell {
    Null,
    Int(i64),
    Real(String),
    Text(String),
    Blob(String),
}

fn cell(v: &Value) -> Cell {
    match v {
        Value::Null => Cell::Null,
        Value::Integer(i) => Cell::Int(*i),
        Value::Real(r) if r.fract() == 0.0 && r.abs() < 9.0e15 => Cell::Int(*r as i64),
        Value::Real(r) => Cell::Real(format!("{r:.9e}")),
        Value::Text(s) => Cell::Text(s.clone()),
        Value::Blob { blob } => Cell::Blob(blob.clone()),
    }
}

fn row_key(row: &[Value]) -> Vec<Cell> {
    row.iter().map(cell).collect()
}

/// True when some row appears more than once (equal for grading), in
/// linear time: results may keep 100,000 rows.
pub fn has_repeated_rows(rows: &[Vec<Value>]) -> bool {
    let mut seen = std::collections::HashSet::with_capacity(rows.len());
    rows.iter().any(|r| !seen.insert(row_key(r)))
}

/// True when two rows are equal for grading.
pub fn rows_equal(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| cell(x) == cell(y))
}

/// What differs between the expected result and the learner's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RowDiff {
    /// The number of columns differs.
    ColumnCount {
        /// Expected column names.
        expected: Vec<String>,
        /// The learner's column names.
        actual: Vec<String>,
    },
    /// Some rows are missing or extra.
    Rows {
        /// Column names of the expected result.
        columns: Vec<String>,
        /// Rows expected but absent (first few).
        missing: Vec<Vec<Value>>,
        /// How many rows are missing in all.
        missing_count: usize,
        /// Rows present but not expected (first few).
        extra: Vec<Vec<Value>>,
        /// How many rows are extra in all.
        extra_count: usize,
        /// Expected row count.
        expected_rows: u64,
        /// The learner's row count.
        actual_rows: u64,
    },
    /// Same rows, wrong order.
    Order {
        /// Column names.
        columns: Vec<String>,
        /// 1-based position of the first row out of place.
        position: usize,
        /// The row expected there (or one tied with it).
        expected: Vec<Value>,
        /// The learner's row at that position.
        actual: Vec<Value>,
    },
}

/// Compares `actual` with `expected`. When `sort_keys` is given (one key
/// tuple per expected row, in order), order matters up to ties on the keys.
pub fn compare(
    expected: &ResultSet,
    sort_keys: Option<&[Vec<Value>]>,
    actual: &ResultSet,
) -> Option<RowDiff> {
    if expected.columns.len() != actual.columns.len() {
        return Some(RowDiff::ColumnCount {
            expected: expected.columns.clone(),
            actual: actual.columns.clone(),
        });
    }
    if let Some(diff) = bag_diff(expected, actual) {
        return Some(diff);
    }
    let keys = sort_keys?;
    order_diff(expected, keys, actual)
}

fn bag_diff(expected: &ResultSet, actual: &ResultSet) -> Option<RowDiff> {
    let mut counts: HashMap<Vec<Cell>, i64> = HashMap::new();
    for row in &expected.rows {
        *counts.entry(row_key(row)).or_default() += 1;
    }
    for row in &actual.rows {
        *counts.entry(row_key(row)).or_default() -= 1;
    }
    let same = counts.values().all(|&n| n == 0) && expected.total_rows == actual.total_rows;
    if same {
        return None;
    }
    // Walk each side in its own order so samples read naturally.
    let pick = |rows: &[Vec<Value>], sign: i64| {
        let mut left = counts.clone();
        let mut sample = Vec::new();
        let mut count = 0;
        for row in rows {
            let n = left.get_mut(&row_key(row)).expect("counted");
            if *n * sign > 0 {
                *n -= sign;
                count += 1;
                if sample.len() < DIFF_SAMPLE {
                    sample.push(row.clone());
                }
            }
        }
        (sample, count)
    };
    let (missing, mut missing_count) = pick(&expected.rows, 1);
    let (extra, mut extra_count) = pick(&actual.rows, -1);
    // Rows beyond the kept cap are counted but not stored.
    missing_count += expected
        .total_rows
        .saturating_sub(expected.rows.len() as u64) as usize;
    extra_count += actual.total_rows.saturating_sub(actual.rows.len() as u64) as usize;
    Some(RowDiff::Rows {
        columns: expected.columns.clone(),
        missing,
        missing_count,
        extra,
        extra_count,
        expected_rows: expected.total_rows,
        actual_rows: actual.total_rows,
    })
}

/// Checks the learner's sequence against the expected key sequence: row `i`
/// of the learner must match some unused expected row whose sort key equals
/// the `i`-th expected key. Rows tied on the keys may come in any order.
fn order_diff(expected: &ResultSet, keys: &[Vec<Value>], actual: &ResultSet) -> Option<RowDiff> {
    let mut unused: HashMap<Vec<Cell>, Vec<usize>> = HashMap::new();
    for (i, row) in expected.rows.iter().enumerate() {
        unused.entry(row_key(row)).or_default().push(i);
    }
    for (pos, row) in actual.rows.iter().enumerate() {
        let want = keys.get(pos).map(|k| row_key(k));
        let candidates = unused.get_mut(&row_key(row)).expect("bags are equal");
        let found = candidates
            .iter()
            .position(|&j| want.as_ref() == keys.get(j).map(|k| row_key(k)).as_ref());
        match found {
            Some(at) => {
                candidates.swap_remove(at);
            }
            None => {
                return Some(RowDiff::Order {
                    columns: expected.columns.clone(),
                    position: pos + 1,
                    expected: expected.rows[pos].clone(),
                    actual: row.clone(),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rs(rows: &[&[Value]]) -> ResultSet {
        let width = rows.first().map_or(1, |r| r.len());
        ResultSet::from_rows(
            (0..width).map(|i| format!("c{i}")).collect(),
            rows.iter().map(|r| r.to_vec()).collect(),
        )
    }
    fn i(v: i64) -> Value {
        Value::Integer(v)
    }
    fn t(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn bag_ignores_order_and_names() {
        let a = rs(&[&[t("a"), i(1)], &[t("b"), i(2)]]);
        let mut b = rs(&[&[t("b"), i(2)], &[t("a"), i(1)]]);
        b.columns = vec!["x".into(), "y".into()];
        assert_eq!(compare(&a, None, &b), None);
    }

    #[test]
    fn duplicates_count() {
        let a = rs(&[&[i(1)], &[i(1)]]);
        let b = rs(&[&[i(1)]]);
        match compare(&a, None, &b) {
            Some(RowDiff::Rows {
                missing_count,
                extra_count,
                ..
            }) => assert_eq!((missing_count, extra_count), (1, 0)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reals_have_tolerance_and_match_integers() {
        let a = rs(&[&[Value::Real(0.1 + 0.2)], &[Value::Real(3.0)]]);
        let b = rs(&[&[Value::Real(0.3)], &[i(3)]]);
        assert_eq!(compare(&a, None, &b), None);
        let c = rs(&[&[Value::Real(0.31)], &[i(3)]]);
        assert!(compare(&a, None, &c).is_some());
    }

    #[test]
    fn null_equals_null_but_not_text_null() {
        let a = rs(&[&[Value::Null]]);
        assert_eq!(compare(&a, None, &rs(&[&[Value::Null]])), None);
        assert!(compare(&a, None, &rs(&[&[t("NULL")]])).is_some());
    }

    #[test]
    fn order_up_to_ties() {
        // Sorted by the number; "b" and "c" tie on 2.
        let expected = rs(&[&[t("a"), i(1)], &[t("b"), i(2)], &[t("c"), i(2)]]);
        let keys = vec![vec![i(1)], vec![i(2)], vec![i(2)]];
        let tie_swapped = rs(&[&[t("a"), i(1)], &[t("c"), i(2)], &[t("b"), i(2)]]);
        assert_eq!(compare(&expected, Some(&keys), &tie_swapped), None);
        let wrong = rs(&[&[t("b"), i(2)], &[t("a"), i(1)], &[t("c"), i(2)]]);
        match compare(&expected, Some(&keys), &wrong) {
            Some(RowDiff::Order { position, .. }) => assert_eq!(position, 1),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn column_count_first() {
        let a = rs(&[&[i(1), i(2)]]);
        let b = rs(&[&[i(1)]]);
        assert!(matches!(
            compare(&a, None, &b),
            Some(RowDiff::ColumnCount { .. })
        ));
    }
}
