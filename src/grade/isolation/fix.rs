//! `form: fix`: the learner's rewrite of one session runs in place of its
//! turns; afterwards the invariant query must return the stated rows on the
//! committed data, on the lesson's data and on every variant.

use super::report::{CheckReport, IsolationReport, StepReport};
use super::run_planned;
use super::schedule::{self, Origin};
use crate::dataset::Pristine;
use crate::engine::sessions::{LabError, StepOutcome, rows_text};
use crate::engine::{ResultSet, Value};
use crate::grade::compare::compare;
use crate::grade::{Counterexample, Outcome, Verdict};
use crate::lesson::kinds::{FixTask, IsolationExercise, IsolationForm};

/// One run of a rewrite on one set of data.
#[derive(Debug, Clone)]
pub struct FixRun {
    /// Every executed statement.
    pub steps: Vec<StepReport>,
    /// The invariant on the committed data.
    pub check: CheckReport,
}

impl FixRun {
    /// Learner statements that did not run (invalid SQL, refused, deadline).
    pub fn rejected(&self) -> Vec<&StepReport> {
        self.steps
            .iter()
            .filter(|s| {
                matches!(s.origin, Origin::Turn { .. })
                    && matches!(s.executed.outcome, StepOutcome::Rejected { .. })
            })
            .collect()
    }

    /// How the run behaved, to recognise a known mistake: the invariant's
    /// rows and the failures every session met, in order.
    pub fn signature(&self) -> Signature {
        let failures = self
            .steps
            .iter()
            .filter_map(|s| {
                s.executed
                    .outcome
                    .code()
                    .map(|c| (s.executed.session.to_string(), c))
            })
            .collect();
        Signature {
            check: self.check.actual.clone(),
            failures,
        }
    }
}

/// How a run behaved: the invariant's rows, and each failure as (session,
/// extended code), in order. Two runs with one signature look the same to
/// the learner.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// Rows the check returned, when it ran.
    pub check: Option<Vec<Vec<Value>>>,
    /// Every failed statement's session and code.
    pub failures: Vec<(String, i32)>,
}

fn task(x: &IsolationExercise) -> Result<&FixTask, LabError> {
    x.fix.as_ref().ok_or_else(|| {
        LabError::Spec("a `fix` exercise needs `fix:` with the session, check and result".into())
    })
}

/// Runs a rewrite (already split into turns) on the lesson's data, or on a
/// variant (`Some(index)` into `fix.variants`).
pub fn run_fix(
    pristine: &Pristine,
    x: &IsolationExercise,
    turns: &[String],
    variant: Option<usize>,
) -> Result<FixRun, LabError> {
    let fix = task(x)?;
    let chosen = variant.and_then(|i| fix.variants.get(i));
    let planned = schedule::with_turns(x, turns, chosen.map(|v| v.setup.as_str()));
    let (steps, lab) = run_planned(pristine, x, &planned)?;
    let survivor = lab.finish();
    let (data, expected_json) = match chosen {
        Some(v) => (v.change.clone(), &v.result),
        None => ("the lesson's data".to_string(), &fix.result),
    };
    let expected: Vec<Vec<Value>> = expected_json
        .iter()
        .map(|r| r.iter().map(Value::from_json).collect())
        .collect();
    let (actual, error, held) = match survivor.query(&fix.check) {
        Ok(rs) => {
            let stated = ResultSet::from_rows(rs.columns.clone(), expected.clone());
            let held = compare(&stated, None, &rs).is_none();
            (Some(rs.rows), None, held)
        }
        Err(e) => (None, Some(e.to_string()), false),
    };
    Ok(FixRun {
        steps,
        check: CheckReport {
            data,
            query: fix.check.trim().to_string(),
            expected,
            actual,
            error,
            held,
        },
    })
}

/// Grades a rewrite of the fix session: turns, invariant, variants, known mistakes.
pub fn grade(
    pristine: &Pristine,
    x: &IsolationExercise,
    answer: &str,
) -> Result<Verdict, LabError> {
    let fix = task(x)?;
    let turns = match schedule::split_turns(answer, x.turns().len(), fix.session) {
        Ok(t) => t,
        Err(message) => {
            let mut v = Verdict::new(Outcome::Refused, "The rewrite could not be read");
            v.push(message);
            return Ok(v);
        }
    };
    if turns
        .iter()
        .all(|t| crate::engine::sessions::split_statements(t).is_empty())
    {
        let mut v = Verdict::new(
            Outcome::Refused,
            format!("Session {} has no statements", fix.session),
        );
        v.push("Write the session's statements under its turn markers; the starter shows them.");
        return Ok(v);
    }
    let main = run_fix(pristine, x, &turns, None)?;
    let mut checks = vec![main.check.clone()];
    let mut decisive: Option<(usize, FixRun)> = None;
    let rejected = main.rejected().len();
    if main.check.held && rejected == 0 {
        for i in 0..fix.variants.len() {
            let run = run_fix(pristine, x, &turns, Some(i))?;
            checks.push(run.check.clone());
            if !run.check.held {
                decisive = Some((i, run));
                break;
            }
        }
    }
    let passed = main.check.held && rejected == 0 && decisive.is_none();
    let counterexample = decisive.as_ref().map(|(i, run)| Counterexample {
        change: fix.variants[*i].change.clone(),
        setup: fix.variants[*i].setup.trim().to_string(),
        diff: None,
        error: run.check.error.clone(),
    });

    let mut v = if let Some(first) = main.rejected().first() {
        let turn = match first.origin {
            Origin::Turn { turn } => turn,
            _ => 0,
        };
        let outcome = match &first.executed.outcome {
            StepOutcome::Rejected { error, .. } if error.is_refusal() => Outcome::Refused,
            _ => Outcome::Error,
        };
        Verdict::new(
            outcome,
            format!(
                "Your statement in turn {turn} did not run: {}",
                first
                    .executed
                    .outcome
                    .summary()
                    .trim_start_matches("did not run: ")
            ),
        )
    } else if passed {
        Verdict::new(
            Outcome::Accepted,
            format!(
                "The invariant holds: `{}` returns {}",
                one_line(&fix.check),
                rows_text(&main.check.expected)
            ),
        )
    } else if let Some((_, run)) = &decisive {
        let change = &counterexample.as_ref().expect("decisive run").change;
        let mut v = Verdict::new(
            Outcome::Wrong,
            format!("The invariant holds on the lesson's data, but not when {change}"),
        );
        v.push(format!(
            "With that change, `{}` returns {} instead of {}. The steps on that data:",
            one_line(&run.check.query),
            run.check
                .actual
                .as_ref()
                .map(|r| rows_text(r))
                .unwrap_or_else(|| "an error".into()),
            rows_text(&run.check.expected)
        ));
        v
    } else {
        Verdict::new(Outcome::Wrong, invariant_failure(&main.check))
    };
    let shown = match decisive {
        Some((_, run)) => run.steps,
        None => main.steps.clone(),
    };
    for (n, step) in shown.iter().enumerate() {
        let mut text = step.line(n + 1);
        if let Origin::Turn { turn } = step.origin {
            text.push_str(&format!("   (your turn {turn})"));
        }
        v.push(text);
    }
    if !passed && rejected == 0 {
        if let Some(feedback) = known_mistake(pristine, x, &turns, &main)? {
            v.push(feedback.clone());
            v.known_mistake = Some(feedback);
        }
    }
    v.counterexample = counterexample;
    v.variants_checked = checks.len() - 1;
    v.isolation = Some(Box::new(IsolationReport {
        form: IsolationForm::Fix,
        mode: x.mode,
        steps: shown,
        checks,
    }));
    Ok(v)
}

fn invariant_failure(check: &CheckReport) -> String {
    match (&check.actual, &check.error) {
        (Some(rows), _) => format!(
            "The invariant does not hold: after the schedule, `{}` returns {}, not {}",
            one_line(&check.query),
            rows_text(rows),
            rows_text(&check.expected)
        ),
        (None, error) => format!(
            "The invariant could not be checked: `{}` failed: {}",
            one_line(&check.query),
            error.as_deref().unwrap_or("unknown error")
        ),
    }
}

/// The feedback of the first known wrong rewrite that behaves like this run.
///
/// Behaviour decides, so any equivalent rewrite gets the feedback; but a
/// wrong rewrite that behaves just like the unchanged session cannot be told
/// from it that way, and is recognised only by its statements. A run that
/// behaves like the unchanged session and matches no such text is told so.
fn known_mistake(
    pristine: &Pristine,
    x: &IsolationExercise,
    turns: &[String],
    run: &FixRun,
) -> Result<Option<String>, LabError> {
    let fix = task(x)?;
    let turn_count = x.turns().len();
    let split = |sql: &str| schedule::split_turns(sql, turn_count, fix.session).ok();
    let unchanged = match x.session_as_written().as_deref().and_then(split) {
        Some(original) => Some(run_fix(pristine, x, &original, None)?.signature()),
        None => None,
    };
    let mine = run.signature();
    for wrong in &x.wrong_answers {
        let Some(theirs) = split(&wrong.sql) else {
            continue;
        };
        let signature = run_fix(pristine, x, &theirs, None)?.signature();
        let same = if Some(&signature) == unchanged.as_ref() {
            same_statements(&theirs, turns)
        } else {
            signature == mine
        };
        if same {
            return Ok(Some(wrong.feedback.trim().to_string()));
        }
    }
    if Some(&mine) == unchanged.as_ref() {
        return Ok(Some(format!(
            "Your rewrite behaves exactly like session {} as the lesson wrote it: the same \
             rows, the same errors, the same result. Change what it runs, or when it takes its locks.",
            fix.session
        )));
    }
    Ok(None)
}

/// True when two rewrites run the same statements in the same turns, up to
/// spacing and the letter case of keywords and names (not of literals).
fn same_statements(a: &[String], b: &[String]) -> bool {
    let normal = |turns: &[String]| -> Vec<Vec<String>> {
        turns
            .iter()
            .map(|t| {
                crate::engine::sessions::split_statements(t)
                    .into_iter()
                    .map(|r| lowercase_outside_quotes(one_line(&t[r]).trim_end_matches(';')))
                    .collect()
            })
            .collect()
    };
    normal(a) == normal(b)
}

/// Lowercases SQL text except inside '...' string literals.
fn lowercase_outside_quotes(sql: &str) -> String {
    let mut quoted = false;
    sql.chars()
        .map(|c| {
            if c == '\'' {
                quoted = !quoted;
            }
            if quoted { c } else { c.to_ascii_lowercase() }
        })
        .collect()
}

fn one_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_compare_without_case_or_spacing_but_literals_keep_theirs() {
        let turns = |s: &str| vec![s.to_string()];
        assert!(same_statements(
            &turns("BEGIN IMMEDIATE;\nupdate t SET n = 1 WHERE k = 'Ab';"),
            &turns("begin immediate; UPDATE t  SET n = 1 where k = 'Ab';"),
        ));
        assert!(!same_statements(
            &turns("UPDATE t SET n = 1 WHERE k = 'Ab';"),
            &turns("UPDATE t SET n = 1 WHERE k = 'ab';"),
        ));
    }
}
