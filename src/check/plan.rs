//! Checks of a plan exercise: the reference runs and passes its own rules
//! and budget; each known wrong answer is rejected with its own feedback,
//! and at least one of them by its plan (not only its rows); the starter
//! fails.

use crate::grade::plan::grade_plan;
use crate::grade::{Grader, SetupError};
use crate::lesson::kinds::PlanExercise;
use crate::lesson::{Diagnostic, ExerciseRef};

pub fn check(ex: ExerciseRef<'_>, p: &PlanExercise, grader: &Grader) -> Vec<Diagnostic> {
    let file = &ex.lesson.path;
    let mut out = Vec::new();
    if p.rules.is_empty() && p.budget.is_none() {
        out.push(
            Diagnostic::error(file, ex.at("rules"), "the exercise has no plan rules and no budget")
                .with_fix("add rules (no_full_scan: TABLE, uses_any_index_on: TABLE, ...) or a budget; otherwise use `kind: query`"),
        );
    }
    let exp = match grader.plan_expectation(ex, p) {
        Ok(exp) => exp,
        Err(SetupError::Dataset(e)) => {
            return vec![Diagnostic::error(
                file,
                ex.at("dataset"),
                format!("dataset `{}`: {e}", ex.dataset()),
            )];
        }
        Err(e) => {
            out.push(
                Diagnostic::error(file, ex.at("solution"), e.to_string()).with_fix(
                    "the reference is optional setup statements then one query that runs on the dataset",
                ),
            );
            return out;
        }
    };
    for w in &exp.rows.warnings {
        out.push(Diagnostic::warning(file, ex.at("solution"), w.clone()));
    }
    let pristine = match grader.pristine(ex.dataset()) {
        Ok(p) => p,
        Err(e) => return vec![Diagnostic::error(file, ex.at("dataset"), e.to_string())],
    };

    let reference = grade_plan(&exp, &pristine, &p.solution);
    if !reference.passed {
        let missed: Vec<String> = reference
            .plan
            .iter()
            .flat_map(|r| {
                r.rules
                    .iter()
                    .filter(|c| !c.passed)
                    .map(|c| {
                        format!(
                            "{} (plan line: {})",
                            c.rule,
                            c.line.as_deref().unwrap_or("-")
                        )
                    })
                    .chain(
                        r.budget
                            .iter()
                            .filter(|b| !b.passed)
                            .map(|b| b.counter.clone()),
                    )
            })
            .collect();
        out.push(
            Diagnostic::error(
                file,
                ex.at("solution"),
                format!(
                    "the reference does not pass its own exercise: {}",
                    if missed.is_empty() {
                        reference.headline.clone()
                    } else {
                        missed.join("; ")
                    }
                ),
            )
            .with_fix("run `sqldojo explain` on the reference and adjust the rules to what SQLite really does"),
        );
    }

    let mut plan_rejections = 0;
    for (i, wrong) in p.wrong_answers.iter().enumerate() {
        let at = ex.at(&format!("wrong_answers[{i}].sql"));
        let v = grade_plan(&exp, &pristine, &wrong.sql);
        if v.passed {
            out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!(
                        "wrong answer #{} is accepted: right rows, and its plan meets every rule and the budget",
                        i + 1
                    ),
                )
                .with_fix("add a rule or tighten the budget so that this plan fails, or remove it"),
            );
            continue;
        }
        if let Some(e) = &v.error {
            out.push(
                Diagnostic::error(file, at, format!("wrong answer #{} does not run: {e}", i + 1))
                    .with_fix("known wrong answers must run, so learners who make the mistake see its feedback"),
            );
            continue;
        }
        let rows_right = v.diff.is_none() && v.counterexample.is_none();
        if rows_right && v.plan.as_ref().is_some_and(|r| !r.passed()) {
            plan_rejections += 1;
        }
        let own = wrong.feedback.trim();
        match v.known_mistake.as_deref() {
            Some(f) if f == own => {}
            Some(_) => out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!(
                        "wrong answer #{} behaves like an earlier wrong answer (same rows, or the same plan), so learners would see the other one's feedback",
                        i + 1
                    ),
                )
                .with_fix("merge the two, or make them differ"),
            ),
            None => out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!(
                        "wrong answer #{} is rejected ({}), but its feedback would not be shown",
                        i + 1,
                        v.headline
                    ),
                )
                .with_fix(
                    "a wrong answer is recognised by its rows on the visible data, or (when its rows are right) by its plan; \
                     make it differ in one of those",
                ),
            ),
        }
    }
    if plan_rejections == 0 {
        out.push(
            Diagnostic::warning(
                file,
                ex.at("wrong_answers"),
                "no known wrong answer has the right rows and a plan that fails",
            )
            .with_fix("add the attempts learners really make: no index, the columns in the wrong order, a function around the column"),
        );
    }
    if let Some(starter) = &p.starter {
        if grade_plan(&exp, &pristine, starter).passed {
            out.push(
                Diagnostic::error(file, ex.at("starter"), "the starter SQL already passes")
                    .with_fix("start from the slow query"),
            );
        }
    }
    out
}
