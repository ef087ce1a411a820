//! The tutor's side of the REPL: the course, the grader and the progress
//! store. Loading the course takes longer than reaching the prompt, so it
//! happens on a thread started with the REPL and is waited for only when a
//! tutor command first needs it.

use std::path::PathBuf;
use std::sync::mpsc::{Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use super::show::Out;
use crate::cli::context::Context;
use crate::grade::Grader;
use crate::lesson::{Course, CourseSource, Exercise, ExerciseRef};
use crate::progress::{self, ExerciseStatus, Store};

/// The loaded course with its grader and progress.
pub struct Tutor {
    /// The course.
    pub course: Course,
    /// Grades attempts (caches expectations).
    pub grader: Grader,
    /// Attempts, drafts, hints seen.
    pub store: Store,
    notices: Vec<String>,
}

/// How long loading waits before it starts unasked: long enough for the
/// prompt to appear first (startup is measured to the prompt), far shorter
/// than anyone takes to type a tutor command.
const START_DELAY: Duration = Duration::from_millis(150);

enum State {
    Loading(JoinHandle<Result<Tutor, Vec<String>>>, Sender<()>),
    Ready(Box<Tutor>),
    Failed(Vec<String>),
}

/// The tutor, loading in the background until first needed.
pub struct TutorSlot {
    state: State,
}

impl TutorSlot {
    /// Loads the course and opens progress on a thread, which starts
    /// shortly after the prompt appears, or at once when first needed.
    pub fn load(source: CourseSource, data_dir: Option<PathBuf>) -> TutorSlot {
        let (go, wait) = channel::<()>();
        let spawned = std::thread::Builder::new()
            .name("course".into())
            .spawn(move || {
                let _ = wait.recv_timeout(START_DELAY);
                load(source, data_dir)
            });
        TutorSlot {
            state: match spawned {
                Ok(handle) => State::Loading(handle, go),
                Err(e) => State::Failed(vec![format!("the course could not be loaded: {e}")]),
            },
        }
    }

    /// Waits for the tutor if needed. The first time, says what loading
    /// reported (e.g. an unreadable progress file kept aside); on failure,
    /// says why every time and returns `None`.
    pub fn get(&mut self, out: &mut Out) -> Option<&mut Tutor> {
        self.settle(true);
        match &mut self.state {
            State::Ready(tutor) => {
                for notice in tutor.notices.drain(..) {
                    out.warn(format!("sqldojo: {notice}"));
                }
                Some(tutor)
            }
            State::Failed(messages) => {
                for m in messages.iter() {
                    out.warn(m);
                }
                None
            }
            State::Loading(..) => None,
        }
    }

    /// The tutor if it has finished loading, without waiting.
    pub fn ready(&mut self) -> Option<&Tutor> {
        self.settle(false);
        match &self.state {
            State::Ready(tutor) => Some(tutor),
            _ => None,
        }
    }

    fn settle(&mut self, wait: bool) {
        let finished = matches!(&self.state, State::Loading(h, _) if wait || h.is_finished());
        if !finished {
            return;
        }
        let placeholder = State::Failed(Vec::new());
        let State::Loading(handle, go) = std::mem::replace(&mut self.state, placeholder) else {
            return;
        };
        let _ = go.send(());
        self.state = match handle.join() {
            Ok(Ok(tutor)) => State::Ready(Box::new(tutor)),
            Ok(Err(messages)) => State::Failed(messages),
            Err(_) => State::Failed(vec![
                "sqldojo: loading the course failed unexpectedly; `sqldojo check` may tell why"
                    .into(),
            ]),
        };
    }
}

fn load(source: CourseSource, data_dir: Option<PathBuf>) -> Result<Tutor, Vec<String>> {
    let course = match Course::load(source.clone()) {
        Ok(loaded) if !loaded.has_errors() => loaded.course,
        Ok(loaded) => return Err(load_errors(&source, &loaded.diagnostics)),
        Err(diagnostics) => return Err(load_errors(&source, &diagnostics)),
    };
    let id = Context::course_id(&course);
    let mut notices = Vec::new();
    let store = match progress::data_dir(data_dir) {
        None => {
            notices.push(
                "no data directory could be found; progress will not be saved (pass --data-dir DIR)"
                    .to_string(),
            );
            Store::in_memory(&id)
        }
        Some(dir) => match Store::open(&dir, &id) {
            Ok((store, report)) => {
                notices.extend(report.warnings);
                store
            }
            Err(e) => {
                notices.push(e.to_string());
                Store::in_memory(&id)
            }
        },
    };
    Ok(Tutor {
        grader: Grader::new(source),
        course,
        store,
        notices,
    })
}

fn load_errors(source: &CourseSource, diagnostics: &[crate::lesson::Diagnostic]) -> Vec<String> {
    let mut out: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    out.push(format!(
        "sqldojo: {} has errors, so lessons are not available; `sqldojo check` lists them all",
        source.describe()
    ));
    out
}

/// What the REPL shows and needs of one exercise, owned (so the course is
/// not borrowed while the session changes).
#[derive(Debug, Clone)]
pub struct ExerciseInfo {
    /// `LESSON/EXERCISE`.
    pub key: String,
    /// The lesson id.
    pub lesson: String,
    /// The lesson title.
    pub lesson_title: String,
    /// The exercise title.
    pub title: String,
    /// The `kind` tag.
    pub kind: &'static str,
    /// The task (Markdown).
    pub prompt: String,
    /// Dataset it runs on.
    pub dataset: String,
    /// Progressive hints.
    pub hints: Vec<String>,
    /// Shown after success (Markdown).
    pub explanation: String,
    /// The reference solution, for kinds that have one.
    pub solution: Option<String>,
    /// SQL the exercise starts from.
    pub starter: Option<String>,
    /// True when graded from SQL text (`.submit FILE` can take the answer).
    pub graded_sql: bool,
    /// True when the answer is SQL typed at the prompt on the dataset copy
    /// (query, plan, schema); a lab and the questions have their own input.
    pub at_prompt: bool,
    /// 1-based position in its lesson.
    pub number: usize,
    /// Exercises in its lesson.
    pub of: usize,
}

/// True for the kinds whose answer is SQL typed at the prompt.
pub fn answered_at_prompt(e: &Exercise) -> bool {
    matches!(
        e,
        Exercise::Query(_) | Exercise::Plan(_) | Exercise::Schema(_)
    )
}

impl ExerciseInfo {
    /// Copies what the REPL needs from an exercise of the course.
    pub fn of(ex: ExerciseRef<'_>) -> Self {
        let e = ex.exercise;
        ExerciseInfo {
            key: ex.key(),
            lesson: ex.lesson.lesson.id.clone(),
            lesson_title: ex.lesson.lesson.title.clone(),
            title: e.title().to_string(),
            kind: e.kind(),
            prompt: e.prompt().to_string(),
            dataset: ex.dataset().to_string(),
            hints: e.hints().to_vec(),
            explanation: e.explanation().to_string(),
            solution: e.solution().map(str::to_string),
            starter: e.starter().map(str::to_string),
            graded_sql: e.is_graded_sql(),
            at_prompt: answered_at_prompt(e),
            number: ex.index + 1,
            of: ex.lesson.lesson.exercises.len(),
        }
    }
}

impl Tutor {
    /// The exercise with this key.
    pub fn info(&self, key: &str) -> Option<ExerciseInfo> {
        self.course.find(key).map(ExerciseInfo::of)
    }

    /// The first exercise of a lesson the learner has not solved (else its first).
    pub fn entry_exercise(&self, lesson: &str) -> Option<String> {
        let file = self.course.lesson(lesson)?;
        let statuses = self.store.statuses();
        let keys: Vec<String> = file
            .lesson
            .exercises
            .iter()
            .map(|e| format!("{lesson}/{}", e.id()))
            .collect();
        keys.iter()
            .find(|k| statuses.get(k.as_str()).copied() != Some(ExerciseStatus::Solved))
            .or(keys.first())
            .cloned()
    }
}
