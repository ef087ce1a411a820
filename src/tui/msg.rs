//! Messages into `update` and the effects it asks the runtime to carry out.
//! Slow work (datasets, running, grading) is an [`Effect::Work`] done off
//! the UI thread; its outcome comes back as a [`Msg`].

use std::collections::HashMap;
use std::time::Duration;

use ratatui::crossterm::event::KeyEvent;

use super::keys::Action;
use super::lab::LabSnapshot;
use crate::drill::{Judged, Session};
use crate::engine::introspect::SchemaInfo;
use crate::engine::sessions::SessionId;
use crate::engine::{ResultSet, RunError};
use crate::grade::Verdict;
use crate::grade::quiz::SelfRating;
use crate::progress::ExerciseStatus;

/// Identifies one piece of background work, so late answers are recognised.
pub type JobId = u64;

/// Everything `update` reacts to.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key press (interpreted through the keymap).
    Key(KeyEvent),
    /// Text pasted into the terminal.
    Paste(String),
    /// The terminal's new size.
    Resize(u16, u16),
    /// Time passes (spinner, draft autosave, drill clocks): the time since
    /// the program started.
    Tick(Duration),
    /// An action, as a key would ask for it.
    Do(Action),
    /// Open an exercise by its `LESSON/EXERCISE` key.
    Open(String),
    /// The learner's saved state of an exercise.
    Loaded(Saved),
    /// The editor's SQL ran in the live sandbox.
    Ran {
        /// Which run.
        job: JobId,
        /// The last statement's result, or why it did not run.
        outcome: Result<RunOutput, Failure>,
    },
    /// The grader's verdict on a run.
    Graded {
        /// Which run.
        job: JobId,
        /// The verdict, or why there is none.
        outcome: Result<Box<Verdict>, Failure>,
    },
    /// The live sandbox's schema.
    Schema {
        /// Which request.
        job: JobId,
        /// Tables, or why they could not be read.
        outcome: Result<SchemaInfo, String>,
    },
    /// The query plan of the editor's SQL, as tree lines.
    Planned {
        /// Which request.
        job: JobId,
        /// The plan, or why there is none.
        outcome: Result<Vec<String>, RunError>,
    },
    /// A lesson's worked examples, run live.
    Examples {
        /// The lesson.
        lesson: String,
        /// One result per example.
        results: Vec<Result<ResultSet, String>>,
    },
    /// The isolation lab after it opened or ran something.
    Lab {
        /// Which request.
        job: JobId,
        /// The lab, or why it could not open.
        outcome: Result<LabSnapshot, Failure>,
    },
    /// A drill or review answer, graded and scored.
    Judged {
        /// Which answer.
        job: JobId,
        /// The judgement, or why there is none.
        outcome: Result<Box<Judged>, Failure>,
    },
    /// What the course map shows from progress: statuses and the number
    /// of review items due today.
    Refreshed {
        /// Each exercise's status.
        statuses: HashMap<String, ExerciseStatus>,
        /// Items due today, or why they could not be counted.
        due: Result<usize, String>,
    },
    /// The review items due today, in order.
    ReviewDue(Result<DueItems, String>),
    /// A reviewed item's next review.
    Rescheduled {
        /// `LESSON/EXERCISE`.
        key: String,
        /// When it comes back, in words.
        next: String,
    },
    /// Something to tell the learner on the status line.
    Note(String),
}

/// The review items due today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItems {
    /// Their keys, earliest due first.
    pub keys: Vec<String>,
    /// When nothing is due: the next review, in words.
    pub next: Option<String>,
}

/// What the progress store knows about an exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    /// `LESSON/EXERCISE`.
    pub key: String,
    /// The saved draft, else the last attempt.
    pub draft: Option<String>,
    /// Hints already seen.
    pub hints_shown: usize,
    /// Attempts so far.
    pub attempts: u64,
    /// Solved, attempted or new.
    pub status: ExerciseStatus,
}

/// A run's output.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutput {
    /// The result of the last statement that returned columns (else the last).
    pub result: ResultSet,
    /// How many statements ran.
    pub statements: usize,
}

/// Why there is no result or verdict.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The SQL did not run (syntax, refused, timed out, cancelled...).
    Run(RunError),
    /// The exercise or its dataset is broken (the author's problem).
    Setup(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Run(e) => write!(f, "{e}"),
            Failure::Setup(m) => write!(f, "this exercise cannot be graded: {m}"),
        }
    }
}

/// Work done off the UI thread by the engine worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Work {
    /// Grade an answer; for SQL, run it first on a fresh copy of the
    /// exercise's dataset, so the result shows before the verdict.
    Run {
        /// `LESSON/EXERCISE`.
        key: String,
        /// The SQL (or the typed answer).
        sql: String,
        /// Run it as SQL before grading.
        run: bool,
    },
    /// Read the live sandbox's schema (a fresh copy when nothing ran yet).
    Schema {
        /// `LESSON/EXERCISE`.
        key: String,
    },
    /// Explain the SQL in the live sandbox.
    Explain {
        /// `LESSON/EXERCISE`.
        key: String,
        /// The SQL.
        sql: String,
    },
    /// Run a lesson's worked examples.
    Examples {
        /// The lesson id.
        lesson: String,
    },
    /// Grade and score a drill or review answer; for SQL, run it first.
    Judge {
        /// `LESSON/EXERCISE`.
        key: String,
        /// The SQL or the typed answer.
        sql: String,
        /// Run it as SQL before grading.
        run: bool,
        /// Hints shown for the item.
        hints: usize,
        /// Answers to the item rejected before this one.
        wrong_tries: usize,
    },
    /// Open the lab of an isolation exercise (closing any other). For a
    /// fix exercise, `answer` is the learner's rewrite of the session.
    LabOpen {
        /// `LESSON/EXERCISE`.
        key: String,
        /// The rewrite, for a fix exercise.
        answer: Option<String>,
    },
    /// Run the lab's next scheduled step.
    LabStep {
        /// `LESSON/EXERCISE`.
        key: String,
    },
    /// Run typed SQL in a session, statement by statement, stopping at the
    /// first that fails.
    LabExecute {
        /// `LESSON/EXERCISE`.
        key: String,
        /// The session.
        session: SessionId,
        /// The SQL.
        sql: String,
    },
    /// Close the lab (its sessions and temporary file).
    LabClose,
}

/// Something `update` wants done outside itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Read the saved state of an exercise; answers with [`Msg::Loaded`].
    Load {
        /// `LESSON/EXERCISE`.
        key: String,
    },
    /// Save the editor's text.
    SaveDraft {
        /// `LESSON/EXERCISE`.
        key: String,
        /// The text.
        sql: String,
    },
    /// Record a graded attempt.
    Record {
        /// `LESSON/EXERCISE`.
        key: String,
        /// The SQL.
        sql: String,
        /// The verdict's outcome name.
        outcome: &'static str,
        /// Accepted.
        passed: bool,
        /// The verdict's headline.
        headline: String,
        /// Grading time.
        elapsed_ms: u64,
    },
    /// Remember how many hints were seen.
    HintsShown {
        /// `LESSON/EXERCISE`.
        key: String,
        /// How many.
        shown: usize,
    },
    /// Remember the exercise for resuming.
    Position {
        /// `LESSON/EXERCISE`.
        key: String,
    },
    /// Read the statuses and count the review items due today; answers
    /// with [`Msg::Refreshed`].
    Refresh,
    /// Read the review items due today; answers with [`Msg::ReviewDue`].
    LoadReview,
    /// A drill started: record it.
    DrillStart(Box<Session>),
    /// Save the drill's results not saved yet.
    DrillSave(Box<Session>),
    /// The drill ended: save the rest and its score.
    DrillFinish(Box<Session>),
    /// A review item was answered: record the attempt and reschedule it;
    /// answers with [`Msg::Rescheduled`].
    Reviewed {
        /// `LESSON/EXERCISE`.
        key: String,
        /// The answer (empty when skipped).
        answer: String,
        /// Accepted.
        passed: bool,
        /// The verdict's headline.
        headline: String,
        /// The rating for the scheduler.
        rating: SelfRating,
    },
    /// Background work.
    Work(JobId, Work),
    /// Stop a running job.
    Cancel(JobId),
    /// Leave the program.
    Quit,
}
