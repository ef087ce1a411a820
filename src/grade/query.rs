//! Grading a query answer against an [`Expectation`]: the visible data
//! first, then every variant; the first difference decides.

use std::time::{Duration, Instant};

use super::compare::{RowDiff, compare};
use super::expectation::{Case, Expectation, run_on, sandbox_for};
use super::feedback::{clause_hints, describe};
use super::variants::Variant;
use super::verdict::{Counterexample, Outcome, Verdict};
use crate::dataset::Pristine;
use crate::engine::{DEFAULT_KEEP_ROWS, ResultSet, RunError};
use crate::sqltext::shape::{Shape, shape};

/// Time allowed for checking all variants together.
pub const VARIANT_BUDGET: Duration = Duration::from_secs(6);

/// Grades one answer.
pub fn grade_query(exp: &Expectation, pristine: &Pristine, answer: &str) -> Verdict {
    grade_with(exp, answer, |variant| run_on(pristine, variant, answer))
}

/// Most VM steps an author's tool lets a candidate answer take: a hundred
/// times the reference's work on the visible data, and at least a million.
pub fn author_step_limit(exp: &Expectation) -> u64 {
    (exp.visible().expected.counters.vm_steps * 100).max(1_000_000)
}

/// Grades like [`grade_query`], but stops a query at
/// [`author_step_limit`] instead of the deadline: for the author's check,
/// which grades wrong answers and mutants (some of them endless) in bulk.
pub fn grade_query_bounded(exp: &Expectation, pristine: &Pristine, answer: &str) -> Verdict {
    let limit = author_step_limit(exp);
    grade_with(exp, answer, |variant| {
        let mut sandbox = sandbox_for(pristine, variant)
            .map_err(|message| RunError::Sqlite { message, code: -1 })?;
        sandbox.set_step_limit(Some(limit));
        sandbox.run_query(answer)
    })
}

/// Grades an answer through every layer, running it with `run` on the
/// visible data (`None`) and on each variant. `query` is the text of the
/// answer's query, for structural hints. Plan exercises use this to apply
/// the learner's own setup statements on every copy before their query.
pub fn grade_with(
    exp: &Expectation,
    query: &str,
    run: impl FnMut(Option<&Variant>) -> Result<ResultSet, RunError>,
) -> Verdict {
    let started = Instant::now();
    let mut verdict = grade_inner(exp, query, run, started);
    verdict.elapsed_ms = started.elapsed().as_millis() as u64;
    verdict
}

/// Compares a result with the reference's on the visible data: `None` when
/// they agree, else the wrong verdict with the diff and feedback.
pub fn check_visible(exp: &Expectation, query: &str, result: &ResultSet) -> Option<Verdict> {
    let visible = exp.visible();
    let diff = compare(&visible.expected, visible.sort_keys.as_deref(), result)?;
    let mut v = wrong(
        exp,
        &[(visible, result)],
        diff.clone(),
        shape(query).as_ref(),
    );
    v.diff = Some(diff);
    v.result = Some(preview(result.clone()));
    Some(v)
}

fn grade_inner(
    exp: &Expectation,
    answer: &str,
    mut run: impl FnMut(Option<&Variant>) -> Result<ResultSet, RunError>,
    started: Instant,
) -> Verdict {
    let visible = exp.visible();
    let result = match run(None) {
        Ok(r) => r,
        Err(e) => return Verdict::from_error(e),
    };
    if let Some(v) = check_visible(exp, answer, &result) {
        return v;
    }
    let learner_shape = shape(answer);
    for (i, case) in exp.cases.iter().enumerate().skip(1) {
        if started.elapsed() > VARIANT_BUDGET {
            let mut v = Verdict::new(
                Outcome::Timeout,
                format!(
                    "Your query is right on the visible data, but too slow to check on every test variant ({} of {} checked).",
                    i - 1,
                    exp.cases.len() - 1
                ),
            );
            v.variants_checked = i - 1;
            v.result = Some(preview(result));
            return v;
        }
        let variant = case
            .variant
            .as_ref()
            .expect("variants after the visible case");
        let on_variant = run(Some(variant));
        let (diff, error, their) = match on_variant {
            Ok(r) => match compare(&case.expected, case.sort_keys.as_deref(), &r) {
                Some(d) => (Some(d), None, Some(r)),
                None => continue,
            },
            Err(RunError::Deadline { .. }) | Err(RunError::Cancelled) => {
                let mut v = Verdict::from_error(on_variant.unwrap_err());
                v.variants_checked = i - 1;
                return v;
            }
            Err(e) => (None, Some(e.to_string()), None),
        };
        let mut v = match (&diff, &their) {
            // A known mistake must behave like the learner's query on the
            // visible data too, not only on the variant that decided.
            (Some(d), Some(r)) => wrong(
                exp,
                &[(visible, &result), (case, r)],
                d.clone(),
                learner_shape.as_ref(),
            ),
            _ => Verdict::new(Outcome::Wrong, "Your query fails when the data changes."),
        };
        let headline = "Right on the visible data, but not when the data changes.".to_string();
        v.messages.insert(0, headline.clone());
        v.messages
            .insert(1, format!("The change: {}.", variant.description));
        v.headline = headline;
        v.counterexample = Some(Counterexample {
            change: variant.description.clone(),
            setup: variant.setup.clone(),
            diff,
            error,
        });
        v.variants_checked = i;
        v.result = Some(preview(result));
        return v;
    }
    let mut v = Verdict::new(Outcome::Accepted, "Correct!");
    v.variants_checked = exp.cases.len() - 1;
    v.result = Some(preview(result));
    v
}

/// A wrong verdict: diff description, known mistake, clause hints. `seen`
/// pairs each case the learner's query ran on with its result there; the
/// last is the one that decided. A known wrong answer is named only when it
/// returns the learner's rows on every one of them.
fn wrong(
    exp: &Expectation,
    seen: &[(&Case, &ResultSet)],
    diff: RowDiff,
    learner_shape: Option<&Shape>,
) -> Verdict {
    let (headline, details) = describe(&diff, exp.order_by.as_deref());
    let mut v = Verdict::new(Outcome::Wrong, headline);
    v.messages.extend(details);
    let known = (0..exp.wrong_feedback.len()).find(|&i| {
        same_slip(exp, i, learner_shape)
            && seen.iter().all(|(case, learner)| {
                case.wrong
                    .get(i)
                    .and_then(Option::as_ref)
                    .is_some_and(|w| compare(w, None, learner).is_none())
            })
    });
    let learner = seen.last().expect("at least one case").1;
    if let Some(i) = known {
        let feedback = exp.wrong_feedback[i].trim().to_string();
        v.push(feedback.clone());
        v.known_mistake = Some(feedback);
    }
    let hints = clause_hints(exp.shape.as_ref(), learner_shape, Some(&diff), learner);
    if v.known_mistake.is_none() {
        v.messages.extend(hints.iter().cloned());
    }
    v.clause_hints = hints;
    v
}

/// True unless the structure says the learner made another slip than known
/// wrong answer `i`: whatever that answer adds to the reference's structure
/// (a NOT IN, a RANK, an inner join) the learner's query must have too, and
/// whatever it takes away the learner's must lack. Rows alone cannot tell
/// an INNER JOIN that returns nothing from a NOT IN that returns nothing.
fn same_slip(exp: &Expectation, i: usize, learner: Option<&Shape>) -> bool {
    let (Some(reference), Some(Some(wrong)), Some(learner)) =
        (exp.shape.as_ref(), exp.wrong_shapes.get(i), learner)
    else {
        return true; // Without structure, rows decide.
    };
    let (r, w, l) = (reference.features(), wrong.features(), learner.features());
    w.difference(&r).all(|f| l.contains(f)) && r.difference(&w).all(|f| !l.contains(f))
}

/// The first rows of a result, for display.
fn preview(mut r: ResultSet) -> ResultSet {
    r.rows.truncate(DEFAULT_KEEP_ROWS);
    r
}
