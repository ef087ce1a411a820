//! `form: free_play`: no schedule. Through `sqldojo grade`, the answer is a
//! transcript (`A: BEGIN;` lines) that runs in order and is reported step by
//! step; it passes when every statement ran (a lock error is an outcome, not
//! a mistake).

use super::lab_config;
use super::report::{IsolationReport, StepReport};
use super::schedule::{self, Origin};
use crate::dataset::Pristine;
use crate::engine::sessions::{Lab, LabError, StepOutcome};
use crate::grade::{Outcome, Verdict};
use crate::lesson::kinds::{IsolationExercise, IsolationForm};

/// Runs a free-play transcript and reports every statement.
pub fn grade(
    pristine: &Pristine,
    x: &IsolationExercise,
    answer: &str,
) -> Result<Verdict, LabError> {
    let chunks = match schedule::transcript(answer) {
        Ok(c) if !c.is_empty() => c,
        Ok(_) => {
            let mut v = Verdict::new(Outcome::Refused, "Nothing to run");
            v.push("Write one statement per line, each starting with its session: `A: BEGIN;`, `B: SELECT * FROM test;`.");
            return Ok(v);
        }
        Err(message) => {
            let mut v = Verdict::new(Outcome::Refused, "The transcript could not be read");
            v.push(message);
            return Ok(v);
        }
    };
    let ids = x.session_ids();
    if let Some((id, _)) = chunks.iter().find(|(id, _)| !ids.contains(id)) {
        let names: Vec<&str> = ids.iter().map(|i| i.name()).collect();
        let mut v = Verdict::new(Outcome::Refused, format!("This lab has no session {id}"));
        v.push(format!("Its sessions are {}.", names.join(", ")));
        return Ok(v);
    }
    let planned = schedule::as_written(x, None);
    let mut lab = Lab::open(pristine, &planned.spec, lab_config())?;
    for (id, text) in &chunks {
        lab.execute(*id, text)?;
    }
    let steps: Vec<StepReport> = lab
        .timeline()
        .iter()
        .map(|e| StepReport {
            executed: e.clone(),
            origin: Origin::Typed,
            note: String::new(),
            stated: None,
            prediction: None,
        })
        .collect();
    let failed = steps
        .iter()
        .filter(|s| matches!(s.executed.outcome, StepOutcome::Rejected { .. }))
        .count();
    let mut v = if failed == 0 {
        Verdict::new(
            Outcome::Accepted,
            format!("Ran {} statement(s); free play is not graded", steps.len()),
        )
    } else {
        Verdict::new(
            Outcome::Error,
            format!("{failed} of {} statement(s) did not run", steps.len()),
        )
    };
    for (n, step) in steps.iter().enumerate() {
        v.push(step.line(n + 1));
    }
    v.isolation = Some(Box::new(IsolationReport {
        form: IsolationForm::FreePlay,
        mode: x.mode,
        steps,
        checks: Vec::new(),
    }));
    Ok(v)
}
