//! Checks of a query exercise: the reference runs and is deterministic,
//! each wrong answer is rejected with its own feedback, the starter fails.

use crate::grade::{Grader, SetupError};
use crate::lesson::kinds::QueryExercise;
use crate::lesson::{Diagnostic, ExerciseRef};

pub fn check(ex: ExerciseRef<'_>, q: &QueryExercise, grader: &Grader) -> Vec<Diagnostic> {
    let file = &ex.lesson.path;
    let mut out = Vec::new();
    let exp = match grader.expectation_for(ex) {
        Ok(exp) => exp,
        Err(SetupError::Dataset(e)) => {
            return vec![Diagnostic::error(
                file,
                ex.at("dataset"),
                format!("dataset `{}`: {e}", ex.dataset()),
            )];
        }
        Err(e @ SetupError::Stored(_)) => {
            return vec![
                Diagnostic::error(file, ex.at("expectation"), e.to_string())
                    .with_fix("run `sqldojo pack --closed` again on the open pack"),
            ];
        }
        Err(e) => {
            return vec![
                Diagnostic::error(file, ex.at("solution"), e.to_string())
                    .with_fix("the reference must be one statement that runs on the dataset"),
            ];
        }
    };
    for w in &exp.warnings {
        out.push(Diagnostic::warning(file, ex.at("solution"), w.clone()));
    }
    let pristine = match grader.pristine(ex.dataset()) {
        Ok(p) => p,
        Err(e) => return vec![Diagnostic::error(file, ex.at("dataset"), e.to_string())],
    };
    for (i, wrong) in q.wrong_answers.iter().enumerate() {
        let at = ex.at(&format!("wrong_answers[{i}].sql"));
        let verdict = crate::grade::query::grade_query_bounded(&exp, &pristine, &wrong.sql);
        if verdict.passed {
            out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!("wrong answer #{} is accepted: it returns the reference's rows on the data and on every variant", i + 1),
                )
                .with_fix("add rows to the dataset that tell it apart, or remove this wrong answer"),
            );
            continue;
        }
        if let Some(e) = &verdict.error {
            out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!("wrong answer #{} does not run: {e}", i + 1),
                )
                .with_fix(
                    "known wrong answers must run and return the wrong rows learners would see",
                ),
            );
            continue;
        }
        let own = wrong.feedback.trim();
        match verdict.known_mistake.as_deref() {
            Some(f) if f == own => {}
            Some(_) => out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!(
                        "wrong answer #{} returns the same rows as an earlier wrong answer, so learners would see the other one's feedback",
                        i + 1
                    ),
                )
                .with_fix("merge the two, or add data that separates them"),
            ),
            None => out.push(
                Diagnostic::error(file, at, format!("wrong answer #{} is rejected, but its feedback would not be shown", i + 1))
                    .with_fix("this should not happen; report it with the lesson file"),
            ),
        }
        if verdict.diff.is_none() && verdict.counterexample.is_some() {
            let change = verdict
                .counterexample
                .as_ref()
                .map(|c| c.change.clone())
                .unwrap_or_default();
            out.push(
                Diagnostic::warning(
                    file,
                    at,
                    format!(
                        "wrong answer #{} returns the right rows on the visible data; only a hidden variant catches it ({change})",
                        i + 1
                    ),
                )
                .with_fix("add a row to the dataset like that change, so learners can see the difference themselves"),
            );
        }
    }
    if let Some(starter) = &q.starter {
        let verdict = crate::grade::query::grade_query_bounded(&exp, &pristine, starter);
        if verdict.passed {
            out.push(
                Diagnostic::error(file, ex.at("starter"), "the starter SQL already passes")
                    .with_fix("give a starting point that is not the answer"),
            );
        }
    }
    out
}
