//! Checks a lesson's worked examples: each runs, and returns exactly the
//! rows the lesson states.

use crate::engine::{ResultSet, Value};
use crate::grade::Grader;
use crate::grade::compare::{RowDiff, compare};
use crate::grade::expectation::run_on;
use crate::lesson::{Diagnostic, LessonFile};

pub fn check(lesson: &LessonFile, grader: &Grader) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if lesson.lesson.examples.is_empty() {
        return out;
    }
    let pristine = match grader.pristine(&lesson.lesson.dataset) {
        Ok(p) => p,
        Err(_) => return out, // Reported by the course loader or the exercises.
    };
    for (i, example) in lesson.lesson.examples.iter().enumerate() {
        let at = lesson.locations().at(&format!("examples[{i}].result"));
        match run_on(&pristine, None, &example.sql) {
            Err(e) => out.push(
                Diagnostic::error(
                    &lesson.path,
                    lesson.locations().at(&format!("examples[{i}].sql")),
                    format!("example `{}` does not run: {e}", example.title),
                )
                .with_fix("examples must be one statement that runs on the lesson's dataset"),
            ),
            Ok(actual) => {
                let stated = ResultSet::from_rows(
                    actual.columns.clone(),
                    example
                        .result
                        .iter()
                        .map(|r| r.iter().map(Value::from_json).collect())
                        .collect(),
                );
                let keys: Vec<Vec<Value>> = stated.rows.clone();
                if let Some(diff) = compare(&stated, Some(&keys), &actual) {
                    let what = match diff {
                        RowDiff::ColumnCount { .. } => {
                            "has a different number of columns".to_string()
                        }
                        RowDiff::Rows {
                            missing_count,
                            extra_count,
                            ..
                        } => {
                            format!(
                                "differs: {missing_count} stated row(s) not returned, {extra_count} returned row(s) not stated"
                            )
                        }
                        RowDiff::Order { position, .. } => {
                            format!("is in a different order from row {position}")
                        }
                    };
                    let rows: Vec<String> = actual
                        .rows
                        .iter()
                        .map(|r| {
                            format!(
                                "[{}]",
                                r.iter().map(json_literal).collect::<Vec<_>>().join(", ")
                            )
                        })
                        .collect();
                    out.push(
                        Diagnostic::error(
                            &lesson.path,
                            at,
                            format!("example `{}`: the stated result {what}", example.title),
                        )
                        .with_fix(format!("SQLite returns: [{}]", rows.join(", "))),
                    );
                }
            }
        }
    }
    out
}

fn json_literal(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Text(s) => serde_json::to_string(s).unwrap_or_default(),
        other => other.to_string(),
    }
}
