//! `form: predict`: the learner's answer is one prediction per asked step;
//! the schedule runs, and each prediction is compared with what SQLite did.

use super::prediction::Prediction;
use super::report::{IsolationReport, PredictionReport};
use super::run_planned;
use super::schedule::{self, Origin};
use crate::dataset::Pristine;
use crate::engine::sessions::LabError;
use crate::grade::{Outcome, Verdict};
use crate::lesson::kinds::{IsolationExercise, IsolationForm, IsolationStep};

/// One answered (or unanswered) asked step.
#[derive(Debug, Clone)]
pub struct Answered {
    /// Index in the exercise's steps.
    pub step: usize,
    /// The text as typed (empty when unanswered).
    pub said: String,
    /// The parsed prediction (none when unanswered).
    pub prediction: Option<Prediction>,
}

/// Steps the learner predicts, by index.
pub fn asked(x: &IsolationExercise) -> Vec<usize> {
    x.steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.ask)
        .map(|(i, _)| i)
        .collect()
}

/// Reads predictions: one line per asked step, in order, or each line
/// prefixed with its step number (`4: 11`). Blank lines and lines starting
/// with `#` or `--` are skipped. With `prefixed_only`, every line must name
/// its step (known wrong answers).
pub fn parse_answer(
    answer: &str,
    asked: &[usize],
    prefixed_only: bool,
) -> Result<Vec<Answered>, String> {
    let lines: Vec<(usize, &str)> = answer
        .lines()
        .enumerate()
        .map(|(n, l)| (n + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#') && !l.starts_with("--"))
        .collect();
    let numbered: Vec<Option<(usize, &str)>> = lines.iter().map(|(_, l)| step_prefix(l)).collect();
    let all = numbered.iter().all(Option::is_some);
    let none = numbered.iter().all(Option::is_none);
    let numbers = asked
        .iter()
        .map(|i| (i + 1).to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if !all && (prefixed_only || !none) {
        return Err(format!(
            "start every line with its step number (`4: 11`), or none of them; the asked steps are {numbers}"
        ));
    }
    let mut out: Vec<Answered> = Vec::new();
    if all {
        for ((n, _), prefixed) in lines.iter().zip(&numbered) {
            let (number, text) = prefixed.expect("all lines are numbered");
            let Some(step) = number.checked_sub(1).filter(|s| asked.contains(s)) else {
                return Err(format!(
                    "line {n}: step {number} is not one you are asked to predict; the asked steps are {numbers}"
                ));
            };
            if out.iter().any(|a| a.step == step) {
                return Err(format!("line {n}: step {number} is predicted twice"));
            }
            let prediction = Prediction::parse(text).map_err(|e| format!("line {n}: {e}"))?;
            out.push(Answered {
                step,
                said: text.to_string(),
                prediction: Some(prediction),
            });
        }
    } else {
        if lines.len() > asked.len() {
            return Err(format!(
                "{} lines, but this exercise asks for {} prediction(s) (steps {numbers}); write one line per asked step",
                lines.len(),
                asked.len()
            ));
        }
        for ((n, text), &step) in lines.iter().zip(asked) {
            let prediction = Prediction::parse(text).map_err(|e| format!("line {n}: {e}"))?;
            out.push(Answered {
                step,
                said: text.to_string(),
                prediction: Some(prediction),
            });
        }
    }
    if prefixed_only {
        return Ok(out);
    }
    for &step in asked {
        if !out.iter().any(|a| a.step == step) {
            out.push(Answered {
                step,
                said: String::new(),
                prediction: None,
            });
        }
    }
    out.sort_by_key(|a| a.step);
    Ok(out)
}

/// `4: text` or `step 4: text`.
fn step_prefix(line: &str) -> Option<(usize, &str)> {
    let lower = line.to_ascii_lowercase();
    let skip = if lower.starts_with("step") { 4 } else { 0 };
    let rest = line[skip..].trim_start();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let after = rest[digits..].trim_start().strip_prefix(':')?;
    Some((rest[..digits].parse().ok()?, after.trim()))
}

/// Whether a prediction is right for a step, and what to add when it is
/// right only loosely or wrong on a detail.
pub fn judge(
    said: &Prediction,
    step: &IsolationStep,
    outcome: &crate::engine::sessions::StepOutcome,
) -> (bool, Option<String>) {
    if !said.matches(outcome) {
        return (false, None);
    }
    match (said, Prediction::of_step(step)) {
        (Prediction::Done { changes: None }, Ok(Prediction::Done { changes: Some(n) })) => (
            false,
            Some(format!(
                "It does succeed, but how many rows does it change? That is the point of this step ({n})."
            )),
        ),
        (Prediction::Error { code: None }, _) => (
            true,
            outcome.code().map(|c| {
                format!(
                    "It fails, yes: with {}.",
                    crate::engine::sessions::code_label(c)
                )
            }),
        ),
        _ => (true, None),
    }
}

/// Grades predictions of the asked steps against what SQLite did.
pub fn grade(
    pristine: &Pristine,
    x: &IsolationExercise,
    answer: &str,
) -> Result<Verdict, LabError> {
    let asked = asked(x);
    let answers = match parse_answer(answer, &asked, false) {
        Ok(a) if a.iter().all(|a| a.prediction.is_none()) => {
            let mut v = Verdict::new(Outcome::Refused, "There are no predictions to grade");
            v.push(FORMAT_HELP);
            return Ok(v);
        }
        Ok(a) => a,
        Err(message) => {
            let mut v = Verdict::new(Outcome::Refused, "The predictions could not be read");
            v.push(message);
            v.push(FORMAT_HELP);
            return Ok(v);
        }
    };
    let planned = schedule::as_written(x, None);
    let (mut steps, _lab) = run_planned(pristine, x, &planned)?;

    let mut wrong = 0;
    let mut remarks: Vec<(usize, String)> = Vec::new();
    for report in &mut steps {
        let Origin::Lesson { step } = report.origin else {
            continue;
        };
        let Some(a) = answers.iter().find(|a| a.step == step) else {
            continue;
        };
        let (right, remark) = match &a.prediction {
            Some(p) => judge(p, &x.steps[step], &report.executed.outcome),
            None => (false, Some("No prediction for this step.".into())),
        };
        if !right {
            wrong += 1;
        }
        if let Some(r) = remark {
            remarks.push((step, r));
        }
        report.prediction = Some(PredictionReport {
            said: a.said.clone(),
            right,
        });
    }

    let known = known_mistakes(x, &asked, &answers);
    let total = asked.len();
    let headline = if wrong == 0 {
        format!("All {total} prediction(s) match what SQLite did")
    } else {
        format!("{wrong} of {total} prediction(s) differ from what SQLite did")
    };
    let mut v = Verdict::new(
        if wrong == 0 {
            Outcome::Accepted
        } else {
            Outcome::Wrong
        },
        headline,
    );
    for (n, report) in steps.iter().enumerate() {
        let mut text = report.line(n + 1);
        if let Some(p) = &report.prediction {
            let said = if p.said.is_empty() {
                "nothing"
            } else {
                p.said.as_str()
            };
            let mark = if p.right { "right" } else { "wrong" };
            text.push_str(&format!("\n   you said: {said} ({mark})"));
            if let Origin::Lesson { step } = report.origin {
                for (_, r) in remarks.iter().filter(|(s, _)| *s == step) {
                    text.push_str(&format!("\n   {r}"));
                }
            }
            if !report.note.is_empty() && (!p.right || wrong == 0) {
                text.push_str(&format!("\n   {}", report.note.replace('\n', "\n   ")));
            }
        }
        v.push(text);
    }
    if wrong > 0 {
        for feedback in &known {
            v.push(feedback.clone());
        }
        v.known_mistake = known.first().cloned();
    }
    v.isolation = Some(Box::new(IsolationReport {
        form: IsolationForm::Predict,
        mode: x.mode,
        steps,
        checks: Vec::new(),
    }));
    Ok(v)
}

/// Feedback of every known wrong prediction the learner made.
fn known_mistakes(x: &IsolationExercise, asked: &[usize], answers: &[Answered]) -> Vec<String> {
    x.wrong_answers
        .iter()
        .filter(|w| {
            let Ok(known) = parse_answer(&w.sql, asked, true) else {
                return false;
            };
            !known.is_empty()
                && known.iter().all(|k| {
                    answers.iter().any(|a| {
                        a.step == k.step
                            && matches!((&a.prediction, &k.prediction), (Some(p), Some(q)) if p.same_as(q))
                    })
                })
        })
        .map(|w| w.feedback.trim().to_string())
        .collect()
}

/// How to write predictions, shown when they cannot be read.
pub const FORMAT_HELP: &str = "Write one line per asked step, in order (or `4: ...` to name the step): \
rows as `10` or `1, 10; 2, 20`; `no rows`; `ok` or `ok, 1 row changed` for a statement that returns nothing; \
`error`, or its code by name (`busy`, `busy_snapshot`, `locked_sharedcache`, `constraint_check`) or number (`error 517`).";
