//! Checks of a schema exercise: the probes are well formed, the reference
//! passes every probe and has every required index, each known wrong answer
//! fails and is recognised with its own feedback, and the starter fails.

use crate::grade::Grader;
use crate::grade::schema::{
    CheckRef, FailureKind, SchemaRun, Signature, known_mistakes, run_schema,
};
use crate::lesson::kinds::{ProbeExpect, SchemaExercise};
use crate::lesson::{Diagnostic, ExerciseRef};

pub fn check(ex: ExerciseRef<'_>, s: &SchemaExercise, grader: &Grader) -> Vec<Diagnostic> {
    let file = &ex.lesson.path;
    let mut out = shape_problems(ex, s);
    let pristine = match grader.pristine(ex.dataset()) {
        Ok(p) => p,
        Err(e) => {
            out.push(Diagnostic::error(
                file,
                ex.at("dataset"),
                format!("dataset `{}`: {e}", ex.dataset()),
            ));
            return out;
        }
    };
    let run = |sql: &str| run_schema(&pristine, s, sql);

    // The reference passes everything.
    match run(&s.solution) {
        Err(e) => {
            out.push(Diagnostic::error(file, ex.at("dataset"), e));
            return out;
        }
        Ok(reference) => {
            if let Some(e) = &reference.script_error {
                out.push(
                    Diagnostic::error(
                        file,
                        ex.at("solution"),
                        format!(
                            "the reference stops at statement {} (line {} of the solution): {}",
                            e.statement, e.line, e.error
                        ),
                    )
                    .with_fix("the reference must run to the end on a fresh copy of the dataset"),
                );
                return out;
            }
            if reference.timed_out {
                out.push(Diagnostic::error(
                    file,
                    ex.at("solution"),
                    "the reference and its probes take too long to check",
                ));
                return out;
            }
            for f in &reference.failures {
                let (at, fix) = match f.check {
                    CheckRef::Probe(i) => (
                        ex.at(&format!("probes[{i}]")),
                        "fix the probe, or the reference; probes run in order and an `ok` probe's rows stay for the next",
                    ),
                    CheckRef::Index(i) => (
                        ex.at(&format!("required_indexes[{i}]")),
                        "create the index in the reference, or fix the table or columns named here",
                    ),
                };
                out.push(
                    Diagnostic::error(
                        file,
                        at,
                        format!("the reference fails this check: {}", f.detail),
                    )
                    .with_fix(fix),
                );
            }
            if !reference.failures.is_empty() {
                return out;
            }
        }
    }

    // Each wrong answer fails, and is recognised with its own feedback.
    let mut signatures: Vec<Option<Signature>> = Vec::new();
    for (i, wrong) in s.wrong_answers.iter().enumerate() {
        let at = ex.at(&format!("wrong_answers[{i}].sql"));
        let theirs = match run(&wrong.sql) {
            Ok(r) => r,
            Err(e) => {
                out.push(Diagnostic::error(file, at, e));
                signatures.push(None);
                continue;
            }
        };
        if theirs.passed() {
            out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!("wrong answer #{} passes every check", i + 1),
                )
                .with_fix(
                    "add a probe that it fails (the mistake it shows must be caught), or remove it",
                ),
            );
            signatures.push(None);
            continue;
        }
        let sig = theirs.signature();
        if let Some(j) = signatures.iter().position(|o| o.as_ref() == Some(&sig)) {
            out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!(
                        "wrong answer #{} fails exactly the same checks, in the same way, as wrong answer #{}: learners would see both feedbacks",
                        i + 1,
                        j + 1
                    ),
                )
                .with_fix("merge the two, or add a probe that tells them apart"),
            );
        }
        signatures.push(Some(sig));
        if let Some(problem) = only_errors(&theirs) {
            out.push(
                Diagnostic::warning(file, at, format!("wrong answer #{}: {problem}", i + 1))
                    .with_fix("a known wrong answer should create the tables the probes use and fail on a rule"),
            );
        }
        match known_mistakes(&pristine, s, &theirs) {
            Ok(found) if found.iter().any(|f| f == wrong.feedback.trim()) => {}
            Ok(_) => out.push(
                Diagnostic::error(
                    file,
                    at,
                    format!(
                        "wrong answer #{} fails, but its feedback would not be shown",
                        i + 1
                    ),
                )
                .with_fix("this should not happen; report it with the lesson file"),
            ),
            Err(e) => out.push(Diagnostic::error(file, at, e)),
        }
    }

    if let Some(starter) = &s.starter
        && let Ok(r) = run(starter)
        && r.passed()
    {
        out.push(
            Diagnostic::error(file, ex.at("starter"), "the starter SQL already passes")
                .with_fix("give a starting point that is not the answer"),
        );
    }
    out
}

/// A wrong answer whose every failure is a probe that could not find its table
/// or column does not show the mistake it is meant to show.
fn only_errors(run: &SchemaRun) -> Option<String> {
    let first = run.failures.first()?;
    let missing = |d: &str| {
        d.contains("no such table")
            || d.contains("no such column")
            || d.contains("has no column named")
    };
    run.failures
        .iter()
        .all(|f| f.kind == FailureKind::Error && missing(&f.detail))
        .then(|| {
            format!(
                "every check it fails could not even run, e.g. {}",
                first.detail
            )
        })
}

/// Probe fields that contradict each other, and an exercise with nothing to check.
fn shape_problems(ex: ExerciseRef<'_>, s: &SchemaExercise) -> Vec<Diagnostic> {
    let file = &ex.lesson.path;
    let mut out = Vec::new();
    if s.probes.is_empty() && s.required_indexes.is_empty() {
        out.push(
            Diagnostic::error(
                file,
                ex.at("probes"),
                "the exercise has no probes and no required indexes",
            )
            .with_fix(
                "add probes: valid rows with `expect: ok`, invalid ones with `expect: reject`",
            ),
        );
    }
    for (i, p) in s.probes.iter().enumerate() {
        let at = ex.at(&format!("probes[{i}]"));
        if p.message.trim().is_empty() {
            out.push(
                Diagnostic::error(file, at, "the probe has no message")
                    .with_fix("say what is wrong when the probe goes the other way, e.g. \"inserting the same pair twice succeeded\""),
            );
        }
        if p.expect == ProbeExpect::Reject && (p.rows.is_some() || p.same_rows_as.is_some()) {
            out.push(
                Diagnostic::error(file, at, "a `reject` probe cannot state rows")
                    .with_fix("state rows on an `ok` probe (e.g. a SELECT after the change)"),
            );
        }
        if p.expect == ProbeExpect::Ok && !p.refused_by.is_empty() {
            out.push(
                Diagnostic::error(file, at, "`refused_by` only applies to `expect: reject`")
                    .with_fix("remove `refused_by`, or make the probe `expect: reject`"),
            );
        }
        if p.rows.is_some() && p.same_rows_as.is_some() {
            out.push(
                Diagnostic::error(file, at, "the probe states both `rows` and `same_rows_as`")
                    .with_fix("keep one"),
            );
        }
        if let Some(rows) = &p.rows
            && let Some(first) = rows.first()
            && rows.iter().any(|r| r.len() != first.len())
        {
            out.push(
                Diagnostic::error(file, at, "the stated rows have different numbers of values")
                    .with_fix("every row lists one value per column"),
            );
        }
    }
    for (i, r) in s.required_indexes.iter().enumerate() {
        if r.columns.is_empty() {
            out.push(
                Diagnostic::error(
                    file,
                    ex.at(&format!("required_indexes[{i}]")),
                    "a required index names no columns",
                )
                .with_fix("list the index's leading columns, in order"),
            );
        }
    }
    out
}
