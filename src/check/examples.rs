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

/// Result claims written as prose, which the check cannot run: a fenced
/// `sql` block with a `-- result` style comment, or followed by a table.
/// Lessons must state results as `examples`, which the check compares.
pub fn prose_claims(lesson: &LessonFile) -> Vec<Diagnostic> {
    let mut texts: Vec<(String, &str)> = vec![("intro".into(), lesson.lesson.intro.as_str())];
    for (i, ex) in lesson.lesson.exercises.iter().enumerate() {
        texts.push((format!("exercises[{i}].prompt"), ex.prompt()));
        texts.push((format!("exercises[{i}].explanation"), ex.explanation()));
        for (h, hint) in ex.hints().iter().enumerate() {
            texts.push((format!("exercises[{i}].hints[{h}]"), hint));
        }
        for (w, wrong) in ex.wrong_answers().iter().enumerate() {
            texts.push((
                format!("exercises[{i}].wrong_answers[{w}].feedback"),
                &wrong.feedback,
            ));
        }
    }
    texts
        .into_iter()
        .filter(|(_, text)| claims_a_result(text))
        .map(|(path, _)| {
            Diagnostic::warning(
                &lesson.path,
                lesson.locations().at(&path),
                "this text states what a query returns, and the check cannot run prose",
            )
            .with_fix("move the query and its rows into the lesson's `examples` (the check compares them), or drop the rows")
        })
        .collect()
}

/// True when Markdown shows a query's result next to its SQL.
fn claims_a_result(markdown: &str) -> bool {
    let lines: Vec<&str> = markdown.lines().map(str::trim).collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].eq_ignore_ascii_case("```sql") {
            let mut j = i + 1;
            while j < lines.len() && !lines[j].starts_with("```") {
                let l = lines[j].to_ascii_lowercase();
                if l.starts_with("-- result")
                    || l.starts_with("-- returns")
                    || l.starts_with("-- =>")
                {
                    return true;
                }
                j += 1;
            }
            // What follows the block, past blank lines: a table of rows?
            let mut k = j + 1;
            while k < lines.len() && lines[k].is_empty() {
                k += 1;
            }
            let next = lines.get(k).copied().unwrap_or("");
            let then = lines.get(k + 1).copied().unwrap_or("");
            if next.starts_with('|') || (next == "```" && then.contains('|')) {
                return true;
            }
            i = j;
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::claims_a_result;

    #[test]
    fn spots_results_written_as_prose() {
        assert!(claims_a_result("```sql\nSELECT 1;\n-- Result: 1\n```"));
        assert!(claims_a_result(
            "```sql\nSELECT a FROM t;\n```\n\n| a |\n|---|\n| 1 |"
        ));
        assert!(claims_a_result(
            "```sql\nSELECT a FROM t;\n```\n```\n| 1 |\n```"
        ));
        assert!(!claims_a_result(
            "```sql\nSELECT a FROM t; -- the whole table\n```\nThen filter it."
        ));
        assert!(!claims_a_result(
            "| join | keeps |\n|---|---|\n| LEFT | left rows |"
        ));
    }
}
