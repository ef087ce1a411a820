//! The model: everything the screen shows, as plain data. `update` changes
//! it; the views draw it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::drill::{DrillForm, DrillState};
use super::editor::Editor;
use super::keys::{Action, Mode, spoken};
use super::lab::LabState;
use super::map::{self, Row};
use super::msg::{Failure, JobId, RunOutput};
use super::theme::Theme;
use crate::engine::ResultSet;
use crate::engine::RunError;
use crate::engine::introspect::SchemaInfo;
use crate::grade::Verdict;
use crate::lesson::kinds::IsolationForm;
use crate::lesson::{Course, Exercise, ExerciseRef};
use crate::progress::ExerciseStatus;

/// Attempts after which the solution may be revealed without solving.
pub const SOLUTION_AFTER_ATTEMPTS: u64 = 3;
/// Ticks of typing silence after which the draft is saved.
pub const AUTOSAVE_TICKS: u64 = 20;
/// The smallest terminal the layout works in.
pub const MIN_SIZE: (u16, u16) = (60, 18);

/// The application state.
#[derive(Debug)]
pub struct App {
    /// The course.
    pub course: Arc<Course>,
    /// Colours or not.
    pub theme: Theme,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// What fills the screen.
    pub screen: Screen,
    /// What floats above it.
    pub overlay: Option<Overlay>,
    /// Each exercise's status, by key.
    pub statuses: HashMap<String, ExerciseStatus>,
    /// The exercise to resume, if the learner has been somewhere.
    pub resume: Option<String>,
    /// Worked examples by lesson id: `None` while they run.
    pub examples: HashMap<String, Option<Vec<Result<ResultSet, String>>>>,
    /// A short message for the status line.
    pub note: Option<String>,
    /// Ticks since start (spinner, autosave).
    pub tick: u64,
    /// Time since start, as the last tick told (drill clocks, seeds).
    pub now: Duration,
    /// Review items due today, once counted (after the first frame).
    pub due: Option<usize>,
    /// Set when the program should end.
    pub quit: bool,
    next_job: JobId,
}

/// The screens. New kinds of screen are new variants with their own
/// state, view and keys.
#[derive(Debug)]
pub enum Screen {
    /// The course map.
    Map(MapState),
    /// One exercise.
    Exercise(Box<ExerciseState>),
    /// An isolation exercise: session panes, a shared timeline, steps.
    Lab(Box<LabState>),
    /// A timed drill or a review, one item at a time, then its report.
    Drill(Box<DrillState>),
}

/// The course map's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapState {
    /// The row under the cursor.
    pub selected: Row,
}

/// Something drawn above the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The key help, scrolled this far.
    Help(u16),
    /// A yes/no question.
    Confirm(Question),
    /// The settings of a drill about to start.
    Form(DrillForm),
}

/// A question that needs a yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Discard the editor's text and start the exercise again.
    Reset,
    /// Show the solution before solving.
    Solution,
    /// Pass over a drill item without answering it.
    Skip,
    /// End the drill before its last item.
    EndDrill,
}

/// Which pane of an exercise has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The lesson text (or the schema/plan panel in its place).
    Lesson,
    /// The SQL editor.
    Editor,
    /// The verdict.
    Verdict,
    /// The result table.
    Result,
}

impl Focus {
    /// The next pane, in screen order.
    pub fn next(self) -> Focus {
        match self {
            Focus::Lesson => Focus::Editor,
            Focus::Editor => Focus::Verdict,
            Focus::Verdict => Focus::Result,
            Focus::Result => Focus::Lesson,
        }
    }
}

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    /// Nothing running.
    Idle,
    /// The SQL runs in the sandbox.
    Running {
        /// The job.
        job: JobId,
        /// Tick it started.
        since: u64,
    },
    /// The SQL ran; the grader checks it on the data and its variants.
    Grading {
        /// The job.
        job: JobId,
        /// Tick it started.
        since: u64,
    },
}

impl RunState {
    /// The job in progress.
    pub fn job(self) -> Option<JobId> {
        match self {
            RunState::Idle => None,
            RunState::Running { job, .. } | RunState::Grading { job, .. } => Some(job),
        }
    }
}

/// Something loaded in the background.
#[derive(Debug, Clone, PartialEq)]
pub enum Loading<T> {
    /// Requested.
    Pending(JobId),
    /// Here.
    Ready(T),
    /// Failed, with the reason.
    Failed(String),
}

/// The panel that takes the lesson text's place.
#[derive(Debug, Clone, PartialEq)]
pub enum Side {
    /// Tables, columns, keys, indexes of the live sandbox.
    Schema(Loading<SchemaInfo>),
    /// The editor's query plan.
    Plan(Loading<Vec<String>>),
}

/// The verdict panel's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Judgement {
    /// The grader's verdict.
    Verdict(Box<Verdict>),
    /// No verdict, and why (a broken exercise, an internal error).
    Unavailable(Failure),
    /// An exam answer was recorded; the verdict waits for the report.
    Recorded,
}

/// Where an exercise is being done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Within {
    /// In the course: drafts, attempts, hints and the solution as usual.
    Course,
    /// As a drill item: no lesson text, no solution, answers scored by the
    /// drill; no hints and no feedback in an exam.
    Drill {
        /// Exam mode.
        exam: bool,
    },
    /// As a review item: like a practice drill, without a clock.
    Review,
}

/// What the learner types for an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// SQL, run in the sandbox and graded (query, plan, schema, isolation).
    Sql,
    /// Option letters (`choice`).
    Choice,
    /// A predicted result (`predict`).
    Predict,
    /// A self-rating and the key points covered (`interview`).
    Interview,
}

impl AnswerKind {
    /// The kind of answer an exercise takes.
    pub fn of(exercise: &Exercise) -> Self {
        match exercise {
            Exercise::Choice(_) => AnswerKind::Choice,
            Exercise::Predict(_) => AnswerKind::Predict,
            Exercise::Interview(_) => AnswerKind::Interview,
            _ => AnswerKind::Sql,
        }
    }

    /// The editor's text when it is empty, naming the keys the keymap binds.
    pub fn placeholder(self) -> String {
        let run = spoken(Mode::Editor, Action::Run);
        match self {
            AnswerKind::Sql => format!("Write your SQL here, then press {run} to run it."),
            AnswerKind::Choice => {
                format!("Type the letter(s) of your answer, e.g. b or a,c, then press {run}.")
            }
            AnswerKind::Predict => format!(
                "Type what the query returns (a count, a value, rows as a|b lines, or error), then press {run}."
            ),
            AnswerKind::Interview => format!(
                "Answer aloud first. {} then {} shows the model answer; then rate yourself here (e.g. good 1,3) and press {run}.",
                spoken(Mode::Editor, Action::LeaveEditor),
                spoken(Mode::Browse, Action::Solution)
            ),
        }
    }

    /// The editor pane's name.
    pub fn label(self) -> &'static str {
        match self {
            AnswerKind::Sql => "SQL",
            _ => "Answer",
        }
    }
}

/// The state of an open exercise.
#[derive(Debug)]
pub struct ExerciseState {
    /// `LESSON/EXERCISE`.
    pub key: String,
    /// In the course, a drill or a review.
    pub within: Within,
    /// True when the editor's text is kept as a draft between visits.
    pub drafts: bool,
    /// What the learner types.
    pub answer: AnswerKind,
    /// The SQL editor.
    pub editor: Editor,
    /// The pane with the keys.
    pub focus: Focus,
    /// Lines scrolled in the lesson pane; `None` lets the view pick (the
    /// intro on a first visit, else the task).
    pub lesson_scroll: Option<u16>,
    /// True once the saved state arrived.
    pub loaded: bool,
    /// Hints revealed.
    pub hints_shown: usize,
    /// Attempts so far.
    pub attempts: u64,
    /// Status from progress.
    pub status: ExerciseStatus,
    /// The learner asked for (and may see) the solution.
    pub solution_shown: bool,
    /// The run in progress.
    pub run: RunState,
    /// The last run's output.
    pub output: Option<Result<RunOutput, RunError>>,
    /// Result table scroll: (first row, first column).
    pub result_scroll: (usize, usize),
    /// The last verdict.
    pub judgement: Option<Judgement>,
    /// Verdict panel scroll.
    pub verdict_scroll: u16,
    /// The schema or plan panel, when open.
    pub side: Option<Side>,
    /// Lines scrolled in the schema or plan panel.
    pub side_scroll: u16,
    /// The text as last saved.
    pub saved_text: String,
    /// The answer last sent to the grader (what an attempt records).
    pub submitted: String,
    /// Tick of the last edit not yet saved.
    pub edited_at: Option<u64>,
}

impl ExerciseState {
    /// A fresh state for exercise `key` with the editor focused.
    pub fn new(key: &str, answer: AnswerKind, editor: Editor, within: Within) -> Self {
        let saved_text = editor.text();
        let mut state = ExerciseState {
            key: key.to_string(),
            within,
            drafts: within == Within::Course,
            answer,
            editor,
            focus: Focus::Editor,
            lesson_scroll: None,
            loaded: within != Within::Course,
            hints_shown: 0,
            attempts: 0,
            status: ExerciseStatus::New,
            solution_shown: false,
            run: RunState::Idle,
            output: None,
            result_scroll: (0, 0),
            judgement: None,
            verdict_scroll: 0,
            side: None,
            side_scroll: 0,
            saved_text,
            submitted: String::new(),
            edited_at: None,
        };
        state.editor.set_focused(true);
        state
    }

    /// True while something runs or grades.
    pub fn busy(&self) -> bool {
        self.run != RunState::Idle
    }

    /// True when the solution may be shown without asking.
    pub fn solved(&self) -> bool {
        self.status == ExerciseStatus::Solved
    }
}

impl App {
    /// A new app on the course map. `resume` is the exercise the learner
    /// was last on, if any.
    pub fn new(
        course: Arc<Course>,
        theme: Theme,
        statuses: HashMap<String, ExerciseStatus>,
        resume: Option<String>,
        size: (u16, u16),
    ) -> Self {
        let resume = resume.filter(|k| course.find(k).is_some());
        let selected = map::first(&course, resume.is_some());
        App {
            course,
            theme,
            size,
            screen: Screen::Map(MapState { selected }),
            overlay: None,
            statuses,
            resume,
            examples: HashMap::new(),
            note: None,
            tick: 0,
            now: Duration::ZERO,
            due: None,
            quit: false,
            next_job: 1,
        }
    }

    /// A fresh job id.
    pub fn job(&mut self) -> JobId {
        let id = self.next_job;
        self.next_job += 1;
        id
    }

    /// The key mode for the current state.
    pub fn mode(&self) -> Mode {
        match (&self.overlay, &self.screen) {
            (Some(Overlay::Help(_)), _) => Mode::Help,
            (Some(Overlay::Confirm(_)), _) => Mode::Confirm,
            (Some(Overlay::Form(_)), _) => Mode::Form,
            (None, Screen::Map(_)) => Mode::Map,
            (None, Screen::Exercise(e)) if e.focus == Focus::Editor => Mode::Editor,
            (None, Screen::Exercise(_)) => Mode::Browse,
            (None, Screen::Lab(lab)) => {
                let typing = lab.ex.focus == Focus::Editor;
                match (lab.form, typing) {
                    (IsolationForm::Predict, true) => Mode::PredictInput,
                    (IsolationForm::Predict, false) => Mode::PredictLab,
                    (IsolationForm::Fix, true) => Mode::FixEditor,
                    (IsolationForm::Fix, false) => Mode::FixLab,
                    (IsolationForm::FreePlay, true) => Mode::PlayEditor,
                    (IsolationForm::FreePlay, false) => Mode::PlayLab,
                }
            }
            (None, Screen::Drill(d)) => match &d.item {
                _ if d.over() => Mode::Report,
                Some(item) if item.focus == Focus::Editor => Mode::DrillEditor,
                _ => Mode::DrillBrowse,
            },
        }
    }

    /// True while a run (or a lab step) is in progress.
    pub fn running(&self) -> bool {
        match &self.screen {
            Screen::Lab(lab) => lab.busy(),
            _ => self.exercise().is_some_and(ExerciseState::busy),
        }
    }

    /// The open exercise, if any: the exercise screen's, the lab's, or the
    /// drill item being asked.
    pub fn exercise(&self) -> Option<&ExerciseState> {
        match &self.screen {
            Screen::Exercise(e) => Some(e),
            Screen::Lab(lab) => Some(&lab.ex),
            Screen::Drill(d) => d.item.as_deref().filter(|_| !d.over()),
            Screen::Map(_) => None,
        }
    }

    /// The open exercise's place in the course.
    pub fn exercise_ref(&self) -> Option<ExerciseRef<'_>> {
        self.exercise().and_then(|e| self.course.find(&e.key))
    }

    /// Status of an exercise by key.
    pub fn status(&self, key: &str) -> ExerciseStatus {
        self.statuses
            .get(key)
            .copied()
            .unwrap_or(ExerciseStatus::New)
    }

    /// Keys of all exercises in course order.
    pub fn keys(&self) -> Vec<String> {
        self.course.exercises().map(|e| e.key()).collect()
    }

    /// The spinner's current frame.
    pub fn spinner(&self) -> &'static str {
        const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
        FRAMES[(self.tick % FRAMES.len() as u64) as usize]
    }
}
