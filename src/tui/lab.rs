//! The isolation lab's model: what the screen knows about the lab the
//! engine worker runs (a [`LabSnapshot`] after every step), the active
//! session, and the predictions made so far. The lab itself — sessions on
//! one database file — lives on the worker thread.

use std::collections::BTreeMap;

use super::app::{ExerciseState, Loading};
use super::msg::JobId;
use crate::engine::sessions::{
    Executed, LabMode, PlannedStep, SessionId, SessionView, StepOutcome,
};
use crate::grade::isolation::prediction::Prediction;
use crate::grade::isolation::schedule::Origin;
use crate::lesson::kinds::{IsolationExercise, IsolationForm};

/// The lab as it stands after the last thing that ran.
#[derive(Debug, Clone, PartialEq)]
pub struct LabSnapshot {
    /// How the sessions share the file.
    pub mode: LabMode,
    /// Every session and its transaction.
    pub sessions: Vec<SessionView>,
    /// The whole schedule.
    pub schedule: Vec<PlannedStep>,
    /// Position of the step "run next step" runs; `None` when all ran.
    pub next: Option<usize>,
    /// Everything that ran, in order.
    pub timeline: Vec<Executed>,
    /// Where each scheduled statement comes from (the lesson's step, the
    /// learner's turn).
    pub origins: Vec<Origin>,
    /// Said when the lab could not run what was asked (a rewrite that
    /// cannot be read runs the session's original statements instead).
    pub problem: Option<String>,
}

impl LabSnapshot {
    /// The lesson's step index of a schedule position, if it is one.
    pub fn lesson_step(&self, position: usize) -> Option<usize> {
        match self.origins.get(position) {
            Some(Origin::Lesson { step }) => Some(*step),
            _ => None,
        }
    }

    /// True when every scheduled step has run.
    pub fn finished(&self) -> bool {
        self.next.is_none()
    }
}

/// A prediction of one step.
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    /// As typed.
    pub text: String,
    /// As read.
    pub prediction: Prediction,
    /// Whether SQLite agreed, once the step ran.
    pub right: Option<bool>,
    /// What to add: it fails with another code, it is right only loosely.
    pub remark: Option<String>,
}

/// The lab screen's state.
#[derive(Debug)]
pub struct LabState {
    /// The exercise: task text, hints, the editor (the prediction, the
    /// session's rewrite, or SQL for the active session), the verdict.
    pub ex: ExerciseState,
    /// Predict, fix or free play.
    pub form: IsolationForm,
    /// The lab, once the worker has opened it.
    pub lab: Loading<LabSnapshot>,
    /// The step or statement running: (job, tick it started).
    pub op: Option<(JobId, u64)>,
    /// The session typed SQL runs in (free play).
    pub active: SessionId,
    /// The schedule position whose prediction is being typed.
    pub asking: Option<usize>,
    /// Predictions by schedule position.
    pub said: BTreeMap<usize, Said>,
    /// True once this run's predictions went to the grader.
    pub graded: bool,
    /// Lines scrolled in the timeline; `None` follows the latest step.
    pub timeline_scroll: Option<u16>,
}

impl LabState {
    /// A lab screen for an exercise, waiting for its lab.
    pub fn new(ex: ExerciseState, form: IsolationForm, opening: JobId) -> Self {
        LabState {
            ex,
            form,
            lab: Loading::Pending(opening),
            op: None,
            active: SessionId::A,
            asking: None,
            said: BTreeMap::new(),
            graded: false,
            timeline_scroll: None,
        }
    }

    /// True while a step runs, the lab opens, or the answer is graded.
    pub fn busy(&self) -> bool {
        self.op.is_some() || self.ex.busy()
    }

    /// The lab, when it is open.
    pub fn snapshot(&self) -> Option<&LabSnapshot> {
        match &self.lab {
            Loading::Ready(s) => Some(s),
            _ => None,
        }
    }

    /// Forgets what ran: a new lab is on its way.
    pub fn restart(&mut self, opening: JobId) {
        self.lab = Loading::Pending(opening);
        self.asking = None;
        self.said.clear();
        self.graded = false;
        self.timeline_scroll = None;
    }

    /// Schedule positions whose step the lesson asks the learner to predict.
    pub fn asked(&self, x: &IsolationExercise) -> Vec<usize> {
        let Some(snap) = self.snapshot() else {
            return Vec::new();
        };
        (0..snap.schedule.len())
            .filter(|&at| snap.lesson_step(at).is_some_and(|s| x.steps[s].ask))
            .collect()
    }

    /// The predictions as the grader reads them: `STEP: prediction` lines,
    /// numbered by the lesson's steps.
    pub fn predictions(&self) -> String {
        let Some(snap) = self.snapshot() else {
            return String::new();
        };
        self.said
            .iter()
            .filter_map(|(at, said)| {
                let step = snap.lesson_step(*at)?;
                Some(format!("{}: {}\n", step + 1, said.text))
            })
            .collect()
    }

    /// The statements typed in free play that ran, as a transcript the
    /// grader reads (`A: BEGIN;`).
    pub fn transcript(&self) -> String {
        let Some(snap) = self.snapshot() else {
            return String::new();
        };
        snap.timeline
            .iter()
            .filter(|e| e.step.is_none() && !matches!(e.outcome, StepOutcome::Rejected { .. }))
            .map(|e| format!("{}: {};\n", e.session, e.sql))
            .collect()
    }
}

/// The session after `current` among `sessions`, wrapping around.
pub fn next_session(sessions: &[SessionId], current: SessionId) -> SessionId {
    let at = sessions.iter().position(|s| *s == current);
    match at {
        Some(i) => sessions[(i + 1) % sessions.len()],
        None => sessions.first().copied().unwrap_or(SessionId::A),
    }
}
