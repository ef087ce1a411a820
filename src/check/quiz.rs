//! Checks of the question kinds. A choice question has at least one right
//! option, exactly one unless `multiple`, an explanation per option, and —
//! when its options are queries — exactly the stated right options return
//! the reference's result. A predict question's stated answer is what
//! SQLite really returns (on the data, and with rows read in reverse), and
//! is accepted when typed as a learner would. An interview question has key
//! points, a follow-up, and a `practice` key that names a graded SQL task.

use std::collections::HashSet;

use crate::engine::{ResultSet, Value};
use crate::grade::compare::{RowDiff, compare};
use crate::grade::expectation::run_on;
use crate::grade::quiz::{grade_choice, grade_predict, typed_answer};
use crate::grade::variants::Variant;
use crate::grade::{Grader, SetupError};
use crate::lesson::kinds::{
    ChoiceQuestion, InterviewQuestion, PredictAnswer, PredictQuestion, option_letter,
};
use crate::lesson::{Course, Diagnostic, ExerciseRef};
use crate::sqltext::order::order_keys;

/// Checks a choice question.
pub fn check_choice(ex: ExerciseRef<'_>, q: &ChoiceQuestion, grader: &Grader) -> Vec<Diagnostic> {
    let file = &ex.lesson.path;
    let mut out = Vec::new();
    if q.options.len() < 2 || q.options.len() > 26 {
        out.push(
            Diagnostic::error(
                file,
                ex.at("options"),
                format!(
                    "{} option(s); a choice question has 2 to 26",
                    q.options.len()
                ),
            )
            .with_fix("options are lettered a to z; most questions read best with 3 to 5"),
        );
        return out;
    }
    let mut seen = HashSet::new();
    for (i, o) in q.options.iter().enumerate() {
        let letter = option_letter(i);
        let label = format!(
            "{} {}",
            o.text.trim(),
            o.sql.as_deref().unwrap_or("").trim()
        );
        if label.trim().is_empty() {
            out.push(
                Diagnostic::error(
                    file,
                    ex.at(&format!("options[{i}]")),
                    format!("option {letter} has neither `text` nor `sql`"),
                )
                .with_fix("write what the learner chooses between"),
            );
        } else if !seen.insert(label.trim().to_lowercase()) {
            out.push(
                Diagnostic::error(
                    file,
                    ex.at(&format!("options[{i}]")),
                    format!("option {letter} repeats an earlier option"),
                )
                .with_fix("every option must be different"),
            );
        }
        if o.explanation.trim().is_empty() {
            out.push(
                Diagnostic::error(
                    file,
                    ex.at(&format!("options[{i}].explanation")),
                    format!("option {letter} has no explanation"),
                )
                .with_fix("say why this option is right or wrong; learners see it after answering"),
            );
        }
    }
    let right = q.correct_letters();
    if right.is_empty() {
        out.push(
            Diagnostic::error(
                file,
                ex.at("options"),
                "no option is marked `correct: true`",
            )
            .with_fix("mark the right option(s) with `correct: true`"),
        );
    } else if !q.multiple && right.len() > 1 {
        let letters: Vec<String> = right.iter().map(char::to_string).collect();
        out.push(
            Diagnostic::error(
                file,
                ex.at("options"),
                format!(
                    "{} options ({}) are marked correct, but the question is single-answer",
                    right.len(),
                    letters.join(", ")
                ),
            )
            .with_fix("add `multiple: true`, or leave exactly one option correct"),
        );
    } else {
        // The right letters, typed as a learner would, must be accepted.
        let typed: Vec<String> = right.iter().map(char::to_string).collect();
        let verdict = grade_choice(q, &typed.join(","));
        if !verdict.passed {
            out.push(Diagnostic::error(
                file,
                ex.at("options"),
                format!(
                    "the right answer `{}` is not accepted: {}",
                    typed.join(","),
                    verdict.headline
                ),
            ));
        }
    }
    let with_sql: Vec<usize> = (0..q.options.len())
        .filter(|&i| q.options[i].sql.is_some())
        .collect();
    match (&q.reference, with_sql.is_empty()) {
        (None, false) => out.push(
            Diagnostic::warning(
                file,
                ex.at("options"),
                "options have `sql`, but the question has no `reference`, so nothing checks which of them are right",
            )
            .with_fix("add `reference:` with a query returning the right result; check then grades every option against it"),
        ),
        (Some(_), true) => out.push(
            Diagnostic::warning(file, ex.at("reference"), "a `reference` is given, but no option has `sql` to check against it")
                .with_fix("give the options that are queries an `sql:` field"),
        ),
        (Some(reference), false) => out.extend(check_options_against(ex, q, reference, &with_sql, grader)),
        (None, true) => {}
    }
    out
}

/// Grades every option's SQL against the reference, like a learner's answer.
fn check_options_against(
    ex: ExerciseRef<'_>,
    q: &ChoiceQuestion,
    reference: &str,
    with_sql: &[usize],
    grader: &Grader,
) -> Vec<Diagnostic> {
    let file = &ex.lesson.path;
    let mut out = Vec::new();
    let key = format!("{}#reference", ex.key());
    let exp = match grader.expectation(&key, ex.dataset(), reference, &[]) {
        Ok(exp) => exp,
        Err(SetupError::Dataset(e)) => {
            return vec![Diagnostic::error(
                file,
                ex.at("dataset"),
                format!("dataset `{}`: {e}", ex.dataset()),
            )];
        }
        Err(e) => {
            return vec![
                Diagnostic::error(file, ex.at("reference"), e.to_string())
                    .with_fix("the reference must be one statement that runs on the dataset"),
            ];
        }
    };
    for w in &exp.warnings {
        out.push(Diagnostic::warning(file, ex.at("reference"), w.clone()));
    }
    let pristine = match grader.pristine(ex.dataset()) {
        Ok(p) => p,
        Err(e) => return vec![Diagnostic::error(file, ex.at("dataset"), e.to_string())],
    };
    for &i in with_sql {
        let option = &q.options[i];
        let sql = option.sql.as_deref().unwrap_or_default();
        let verdict = crate::grade::query::grade_query_bounded(&exp, &pristine, sql);
        let at = ex.at(&format!("options[{i}].sql"));
        let letter = option_letter(i);
        if option.correct && !verdict.passed {
            out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!("option {letter} is marked correct, but graded against the reference it is rejected: {}", verdict.headline),
                )
                .with_fix("fix the option's SQL, or mark it `correct: false`"),
            );
        } else if !option.correct && verdict.passed {
            out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!("option {letter} is marked wrong, but it returns the reference's result on the data and on every variant"),
                )
                .with_fix("mark it `correct: true`, or change it so it really differs"),
            );
        }
    }
    out
}

/// Checks a predict question by running its query.
pub fn check_predict(ex: ExerciseRef<'_>, q: &PredictQuestion, grader: &Grader) -> Vec<Diagnostic> {
    let file = &ex.lesson.path;
    let pristine = match grader.pristine(ex.dataset()) {
        Ok(p) => p,
        Err(e) => return vec![Diagnostic::error(file, ex.at("dataset"), e.to_string())],
    };
    let at = ex.at("answer");
    let actual = run_on(&pristine, None, &q.sql);
    let problem = match (&q.answer, &actual) {
        (PredictAnswer::Error(text), Err(e)) => {
            (!e.to_string().to_lowercase().contains(&text.to_lowercase())).then(|| {
                (
                    format!("the query fails, but its message does not contain `{text}`"),
                    format!("SQLite says: {e}"),
                )
            })
        }
        (PredictAnswer::Error(_), Ok(rs)) => Some((
            "the answer says the query fails, but it runs".into(),
            format!("SQLite returns: {}", yaml_rows(rs)),
        )),
        (_, Err(e)) => {
            return vec![
                Diagnostic::error(file, ex.at("sql"), format!("the query fails: {e}")).with_fix(
                    "fix the query, or state `answer: {error: TEXT}` if failing is the point",
                ),
            ];
        }
        (PredictAnswer::RowCount(n), Ok(rs)) => (rs.total_rows != *n).then(|| {
            (
                format!(
                    "the stated row count is {n}, but the query returns {} row(s)",
                    rs.total_rows
                ),
                format!("write `row_count: {}`", rs.total_rows),
            )
        }),
        (PredictAnswer::Value(v), Ok(rs)) => {
            let stated = Value::from_json(v);
            let single = rs.total_rows == 1 && rs.columns.len() == 1;
            if !single {
                Some((
                    format!(
                        "a `value` answer needs one row of one column; the query returns {} row(s) of {} column(s)",
                        rs.total_rows,
                        rs.columns.len()
                    ),
                    format!("use `rows:`; SQLite returns: {}", yaml_rows(rs)),
                ))
            } else if !crate::grade::compare::rows_equal(&[stated], &rs.rows[0]) {
                Some((
                    "the stated value is not what SQLite returns".into(),
                    format!("SQLite returns: {}", yaml_value(&rs.rows[0][0])),
                ))
            } else {
                None
            }
        }
        (PredictAnswer::Rows(rows), Ok(rs)) => {
            let stated = ResultSet::from_rows(
                rs.columns.clone(),
                rows.iter()
                    .map(|r| r.iter().map(Value::from_json).collect())
                    .collect(),
            );
            let keys = sort_keys(&q.sql, rs);
            compare(rs, keys.as_deref(), &stated).map(|diff| {
                let what = match diff {
                    RowDiff::ColumnCount { .. } => "has a different number of columns".to_string(),
                    RowDiff::Rows { missing_count, extra_count, .. } => format!(
                        "differs: {missing_count} returned row(s) not stated, {extra_count} stated row(s) not returned"
                    ),
                    RowDiff::Order { position, .. } => format!("is in a different order from row {position}"),
                };
                (format!("the stated rows {what}"), format!("SQLite returns: {}", yaml_rows(rs)))
            })
        }
    };
    let mut out = Vec::new();
    if let Some((message, fix)) = problem {
        out.push(Diagnostic::error(file, at, message).with_fix(fix));
        return out;
    }
    // The answer must not depend on the order rows happen to be stored in.
    if let Ok(rs) = &actual {
        let keys = sort_keys(&q.sql, rs);
        let reversed = run_on(&pristine, Some(&Variant::reverse()), &q.sql);
        let stable = match &reversed {
            Ok(again) => compare(rs, keys.as_deref(), again).is_none(),
            Err(_) => false,
        };
        if !stable {
            out.push(
                Diagnostic::error(
                    file,
                    ex.at("sql"),
                    "the result depends on the order rows happen to be stored in (a LIMIT without ORDER BY, or ties across a LIMIT)",
                )
                .with_fix("add an ORDER BY with a tie-breaker, so the answer is well defined"),
            );
            return out;
        }
    }
    // The stated answer, typed as a learner would, is accepted by the grader.
    let typed = typed_answer(&q.answer);
    let verdict = grade_predict(q, &pristine, &typed);
    if !verdict.passed {
        out.push(
            Diagnostic::error(
                file,
                at,
                format!("typed as a learner would (`{}`), the stated answer is not accepted: {}", typed.replace('\n', "\\n"), verdict.headline),
            )
            .with_fix("values containing `|` or `,` cannot be typed unambiguously; choose other data or a row_count answer"),
        );
    }
    out
}

fn sort_keys(sql: &str, rs: &ResultSet) -> Option<Vec<Vec<Value>>> {
    order_keys(sql, &rs.columns)
        .filter(|o| o.all_mapped())
        .map(|o| {
            rs.rows
                .iter()
                .map(|row| {
                    o.columns
                        .iter()
                        .map(|c| row[c.expect("mapped")].clone())
                        .collect()
                })
                .collect()
        })
}

fn yaml_value(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Text(s) => serde_json::to_string(s).unwrap_or_default(),
        other => other.to_string(),
    }
}

fn yaml_rows(rs: &ResultSet) -> String {
    let rows: Vec<String> = rs
        .rows
        .iter()
        .take(20)
        .map(|r| {
            format!(
                "[{}]",
                r.iter().map(yaml_value).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    let more = if rs.truncated() || rs.rows.len() > 20 {
        ", ..."
    } else {
        ""
    };
    format!("[{}{more}] ({} row(s))", rows.join(", "), rs.total_rows)
}

/// Checks an interview question: key points, follow-up, practice pairing.
pub fn check_interview(
    ex: ExerciseRef<'_>,
    q: &InterviewQuestion,
    course: &Course,
) -> Vec<Diagnostic> {
    let file = &ex.lesson.path;
    let mut out = Vec::new();
    let points: Vec<&String> = q
        .key_points
        .iter()
        .filter(|p| !p.trim().is_empty())
        .collect();
    if points.len() < q.key_points.len() {
        out.push(
            Diagnostic::error(file, ex.at("key_points"), "a key point is empty")
                .with_fix("write each point an interviewer listens for, or remove the entry"),
        );
    }
    if points.len() < 2 {
        out.push(
            Diagnostic::error(
                file,
                ex.at("key_points"),
                format!("{} key point(s); give at least 2", points.len()),
            )
            .with_fix("list what an interviewer listens for; learners tick the ones they said"),
        );
    }
    if q.follow_up.trim().is_empty() {
        out.push(
            Diagnostic::error(file, ex.at("follow_up"), "the follow-up question is empty")
                .with_fix("write the question an interviewer asks next"),
        );
    }
    if q.follow_up_answer.trim().is_empty() {
        out.push(
            Diagnostic::warning(
                file,
                ex.at("follow_up"),
                "the follow-up has no `follow_up_answer`",
            )
            .with_fix("answer the follow-up briefly, so learners can check themselves"),
        );
    }
    if let Some(key) = &q.practice {
        match course.find(key) {
            None => {
                let near = course.suggest(key);
                out.push(
                    Diagnostic::error(
                        file,
                        ex.at("practice"),
                        format!("practice task `{key}` does not exist"),
                    )
                    .with_fix(if near.is_empty() {
                        "write LESSON/EXERCISE of a graded SQL task; `sqldojo list` shows them"
                            .to_string()
                    } else {
                        format!("did you mean: {}", near.join(", "))
                    }),
                );
            }
            Some(target) if !target.exercise.is_graded_sql() => out.push(
                Diagnostic::error(
                    file,
                    ex.at("practice"),
                    format!(
                        "practice task `{key}` is a `{}` item, not a graded SQL task",
                        target.exercise.kind()
                    ),
                )
                .with_fix("pair the question with a query, plan, schema or isolation exercise"),
            ),
            Some(_) => {}
        }
    }
    out
}
