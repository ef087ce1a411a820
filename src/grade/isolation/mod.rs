//! Grading isolation exercises: the lab runs the schedule on real SQLite,
//! then predictions are compared with what happened (`predict`), the
//! invariant is queried after the learner's rewrite (`fix`), or the
//! transcript is simply run and reported (`free_play`).

mod fix;
mod free_play;
mod predict;
pub mod prediction;
pub mod report;
pub mod schedule;

use std::time::Instant;

pub use fix::{FixRun, run_fix};
pub use predict::{
    Answered, FORMAT_HELP, asked as predict_asked, judge as judge_prediction,
    parse_answer as parse_predictions,
};
pub use report::{CheckReport, IsolationReport, PredictionReport, StepReport};

use super::{Grader, SetupError, Verdict};
use crate::dataset::Pristine;
use crate::engine::SandboxConfig;
use crate::engine::sessions::{Lab, LabError};
use crate::lesson::ExerciseRef;
use crate::lesson::kinds::{IsolationExercise, IsolationForm};
use prediction::Prediction;
use schedule::{Origin, Planned};

/// Rows a lab keeps per statement: schedules read a handful.
const LAB_KEEP_ROWS: usize = 100;

/// The sandbox settings of every lab session.
pub fn lab_config() -> SandboxConfig {
    SandboxConfig {
        keep_rows: LAB_KEEP_ROWS,
        ..SandboxConfig::default()
    }
}

/// Grades an answer to an isolation exercise.
pub fn grade(
    grader: &Grader,
    ex: ExerciseRef<'_>,
    x: &IsolationExercise,
    answer: &str,
) -> Result<Verdict, SetupError> {
    let started = Instant::now();
    let pristine = grader.pristine(ex.dataset())?;
    let mut verdict = match x.form {
        IsolationForm::Predict => predict::grade(&pristine, x, answer)?,
        IsolationForm::Fix => fix::grade(&pristine, x, answer)?,
        IsolationForm::FreePlay => free_play::grade(&pristine, x, answer)?,
    };
    verdict.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(verdict)
}

/// A lab for an exercise, ready to step through: the lesson's schedule
/// (for `fix`, the session's original statements), or none for free play.
/// This is what the TUI's split view and the REPL's `.session` drive. The
/// lab's step `i` is the exercise's `steps[i]` (its note, `ask`, outcome).
pub fn open_lab(grader: &Grader, ex: ExerciseRef<'_>) -> Result<Lab, SetupError> {
    let x = isolation_of(ex)?;
    let pristine = grader.pristine(ex.dataset())?;
    let planned = schedule::as_written(x, None);
    Ok(Lab::open(&pristine, &planned.spec, lab_config())?)
}

/// A lab that runs a learner's rewrite of a `fix` exercise in place of the
/// session's turns, to step through before or after grading. The inner
/// error is the learner's: the turns could not be read.
pub fn open_fix_lab(
    grader: &Grader,
    ex: ExerciseRef<'_>,
    answer: &str,
) -> Result<Result<Lab, String>, SetupError> {
    let x = isolation_of(ex)?;
    let Some(fix) = &x.fix else {
        return Err(SetupError::NotGradable("isolation (not a fix exercise)"));
    };
    let turns = match schedule::split_turns(answer, x.turns().len(), fix.session) {
        Ok(turns) => turns,
        Err(message) => return Ok(Err(message)),
    };
    let pristine = grader.pristine(ex.dataset())?;
    let planned = schedule::with_turns(x, &turns, None);
    Ok(Ok(Lab::open(&pristine, &planned.spec, lab_config())?))
}

fn isolation_of<'a>(ex: ExerciseRef<'a>) -> Result<&'a IsolationExercise, SetupError> {
    match ex.exercise {
        crate::lesson::Exercise::Isolation(x) => Ok(x),
        other => Err(SetupError::NotGradable(other.kind())),
    }
}

/// Runs a planned schedule to its end and reports every step. Returns the
/// lab too, so a caller can end it and query what survived.
pub(crate) fn run_planned(
    pristine: &Pristine,
    x: &IsolationExercise,
    planned: &Planned,
) -> Result<(Vec<StepReport>, Lab), LabError> {
    let mut lab = Lab::open(pristine, &planned.spec, lab_config())?;
    lab.run_all();
    let steps = lab
        .timeline()
        .iter()
        .map(|executed| {
            let origin = executed
                .step
                .and_then(|i| planned.origins.get(i).copied())
                .unwrap_or(Origin::Typed);
            let (note, stated) = match origin {
                Origin::Lesson { step } => {
                    let s = &x.steps[step];
                    (
                        s.note.trim().to_string(),
                        Prediction::of_step(s).ok().map(|p| p.describe()),
                    )
                }
                _ => (String::new(), None),
            };
            StepReport {
                executed: executed.clone(),
                origin,
                note,
                stated,
                prediction: None,
            }
        })
        .collect();
    Ok((steps, lab))
}
