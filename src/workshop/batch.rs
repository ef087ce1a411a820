//! Batch grading: every submission graded by the same [`Grader`] (which
//! computes each exercise's expectation once), spread over the cores. A file
//! that cannot be read or run is a failed row with its message, never an
//! aborted run.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::report::Row;
use super::submissions::{self, Submission};
use crate::grade::{Grader, SetupError, Verdict};
use crate::lesson::{Course, Exercise};

/// What submissions are graded against.
#[derive(Debug, Clone, Copy)]
pub enum Reference<'a> {
    /// Exercises of a course (or pack), by `LESSON/EXERCISE` key.
    Course(&'a Course),
    /// An ad-hoc reference query on a dataset name or file.
    Adhoc {
        /// Dataset name or `.sql` file.
        dataset: &'a str,
        /// The reference query.
        solution: &'a str,
    },
}

/// Grades every submission; rows come back in the submissions' order.
/// Fails only when an exercise itself cannot be graded (its reference or
/// dataset is broken, or a closed pack's expectation is unusable): that is
/// the pack's problem, and `sqldojo check` locates it.
pub fn grade_all(
    grader: &Grader,
    reference: Reference<'_>,
    submissions: &[Submission],
) -> Result<Vec<Row>, String> {
    prepare(grader, reference, submissions)?;
    Ok(parallel_map(submissions, |s| {
        grade_one(grader, reference, s)
    }))
}

/// Computes each exercise's expectation up front, in parallel, so the
/// workers never build the same one twice and a broken pack fails early.
fn prepare(
    grader: &Grader,
    reference: Reference<'_>,
    submissions: &[Submission],
) -> Result<(), String> {
    match reference {
        Reference::Adhoc { dataset, solution } => grader
            .expectation(&adhoc_key(dataset, solution), dataset, solution, &[])
            .map(|_| ())
            .map_err(|e| format!("the reference cannot be graded against: {e}")),
        Reference::Course(course) => {
            let mut keys: Vec<&str> = submissions
                .iter()
                .filter_map(|s| s.exercise.as_deref().ok())
                .collect();
            keys.sort_unstable();
            keys.dedup();
            let failures = parallel_map(&keys, |key| {
                let ex = course.find(key)?;
                if !matches!(ex.exercise, Exercise::Query(_)) {
                    return None;
                }
                grader
                    .expectation_for(ex)
                    .err()
                    .map(|e| format!("{key}: {e}"))
            });
            let failures: Vec<String> = failures.into_iter().flatten().collect();
            if failures.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "{}\n(`sqldojo check` locates the problem in the pack)",
                    failures.join("\n")
                ))
            }
        }
    }
}

fn adhoc_key(dataset: &str, solution: &str) -> String {
    format!("adhoc:{dataset}:{solution}")
}

/// One submission's row.
fn grade_one(grader: &Grader, reference: Reference<'_>, s: &Submission) -> Row {
    let key = match &s.exercise {
        Ok(key) => key.as_str(),
        Err(unresolved) => {
            return Row::new(
                &s.display,
                &s.learner,
                &unresolved.name,
                "unknown_exercise",
                &unresolved.message,
            );
        }
    };
    let text = match submissions::read(&s.path) {
        Ok(text) => text,
        Err(e) => return row(s, key, Verdict::from_error(e)),
    };
    let graded = catch_unwind(AssertUnwindSafe(|| match reference {
        Reference::Course(course) => match course.find(key) {
            Some(ex) => grader.grade(ex, &text),
            None => Err(SetupError::NotGradable("unknown")),
        },
        Reference::Adhoc { dataset, solution } => grader.grade_adhoc(dataset, solution, &text),
    }));
    match graded {
        Ok(Ok(verdict)) => row(s, key, verdict),
        Ok(Err(SetupError::NotGradable(kind))) => Row::new(
            &s.display,
            &s.learner,
            key,
            "not_gradable",
            &format!("`{kind}` exercises are not graded from a .sql file"),
        ),
        Ok(Err(e)) => Row::new(&s.display, &s.learner, key, "not_graded", &e.to_string()),
        Err(_) => Row::new(
            &s.display,
            &s.learner,
            key,
            "error",
            "sqldojo failed on this file (a bug: please report it with the file)",
        ),
    }
}

fn row(s: &Submission, exercise: &str, verdict: Verdict) -> Row {
    let mut row = Row::new(
        &s.display,
        &s.learner,
        exercise,
        verdict.outcome.as_str(),
        &verdict.headline,
    );
    row.passed = verdict.passed;
    row.details = verdict
        .messages
        .iter()
        .skip(1)
        .filter(|m| **m != verdict.headline)
        .cloned()
        .collect();
    if let Some(c) = &verdict.counterexample
        && !c.setup.is_empty()
    {
        row.details.push(format!("The change, as SQL: {}", c.setup));
    }
    row.variants_checked = Some(verdict.variants_checked);
    row.elapsed_ms = Some(verdict.elapsed_ms);
    row
}

/// Maps `f` over `items` on every core, keeping the items' order.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    done.lock().unwrap_or_else(|p| p.into_inner()).push((i, r));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|p| p.into_inner());
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_order() {
        let items: Vec<u32> = (0..100).collect();
        assert_eq!(
            parallel_map(&items, |x| x * 2),
            (0..100).map(|x| x * 2).collect::<Vec<_>>()
        );
        assert!(parallel_map(&Vec::<u32>::new(), |x| *x).is_empty());
    }
}
