//! The engine worker: builds datasets, runs learner SQL in a sandbox,
//! grades, reads schemas and plans — off the UI thread, reporting back as
//! messages. [`Engine::handle`] is synchronous, so tests call it directly.

use std::collections::HashSet;
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::msg::{Failure, JobId, Msg, RunOutput, Work};
use crate::engine::{CancelHandle, ResultSet, RunError, Sandbox, SandboxConfig, introspect};
use crate::grade::{Grader, SetupError};
use crate::lesson::Course;

/// Lets the UI thread cancel the job the worker is running (or will run).
#[derive(Default)]
pub struct Control {
    state: Mutex<ControlState>,
}

#[derive(Default)]
struct ControlState {
    running: Option<(JobId, CancelHandle)>,
    cancelled: HashSet<JobId>,
}

impl Control {
    /// Cancels a job: interrupts it if it runs, skips it if it has not started.
    pub fn cancel(&self, job: JobId) {
        let mut s = self.state.lock().unwrap();
        s.cancelled.insert(job);
        if let Some((running, handle)) = &s.running
            && *running == job
        {
            handle.cancel();
        }
    }

    /// Registers a job's sandbox; false when the job was already cancelled.
    fn begin(&self, job: JobId, handle: CancelHandle) -> bool {
        let mut s = self.state.lock().unwrap();
        s.cancelled.retain(|j| *j >= job);
        if s.cancelled.contains(&job) {
            return false;
        }
        s.running = Some((job, handle));
        true
    }

    fn end(&self) {
        self.state.lock().unwrap().running = None;
    }

    fn cancelled(&self, job: JobId) -> bool {
        self.state.lock().unwrap().cancelled.contains(&job)
    }
}

/// The engine side of the UI.
pub struct Engine {
    course: Arc<Course>,
    grader: Grader,
    control: Arc<Control>,
    /// The sandbox of the last run (or a fresh one), by exercise key: the
    /// schema browser and the plan read it.
    live: Option<(String, Sandbox)>,
}

impl Engine {
    /// An engine for a course.
    pub fn new(course: Arc<Course>, control: Arc<Control>) -> Self {
        Engine {
            grader: Grader::new(course.source.clone()),
            course,
            control,
            live: None,
        }
    }

    /// Does one piece of work, reporting through `emit`.
    pub fn handle(&mut self, job: JobId, work: Work, emit: &mut dyn FnMut(Msg)) {
        match work {
            Work::Run { key, sql, run } => {
                if !run || self.run(job, &key, &sql, emit) {
                    self.grade(job, &key, &sql, emit);
                }
            }
            Work::Schema { key } => {
                let outcome = self
                    .live(&key)
                    .and_then(|s| introspect::schema(s.connection()).map_err(|e| e.to_string()));
                emit(Msg::Schema { job, outcome });
            }
            Work::Explain { key, sql } => {
                let outcome = match self.live(&key) {
                    Ok(sandbox) => sandbox.explain(&sql).map(|p| p.tree_lines(true)),
                    Err(message) => Err(RunError::Sqlite { message, code: -1 }),
                };
                emit(Msg::Planned { job, outcome });
            }
            Work::Examples { lesson } => {
                let results = self.examples(&lesson);
                emit(Msg::Examples { lesson, results });
            }
        }
    }

    /// A fresh sandbox on an exercise's dataset.
    fn fresh(&self, key: &str) -> Result<Sandbox, String> {
        let r = self
            .course
            .find(key)
            .ok_or_else(|| format!("no exercise `{key}`"))?;
        let pristine = self
            .grader
            .pristine(r.dataset())
            .map_err(|e| e.to_string())?;
        Sandbox::open(&pristine, SandboxConfig::default()).map_err(|e| e.to_string())
    }

    /// The live sandbox of an exercise, opened fresh when there is none.
    fn live(&mut self, key: &str) -> Result<&mut Sandbox, String> {
        if self.live.as_ref().is_none_or(|(k, _)| k != key) {
            let sandbox = self.fresh(key)?;
            self.live = Some((key.to_string(), sandbox));
        }
        Ok(&mut self.live.as_mut().expect("just set").1)
    }

    /// Runs SQL in a fresh sandbox (kept as the live one); false when the
    /// run was cancelled or could not start, so there is nothing to grade.
    fn run(&mut self, job: JobId, key: &str, sql: &str, emit: &mut dyn FnMut(Msg)) -> bool {
        let mut sandbox = match self.fresh(key) {
            Ok(s) => s,
            Err(e) => {
                emit(Msg::Ran {
                    job,
                    outcome: Err(Failure::Setup(e)),
                });
                return false;
            }
        };
        if !self.control.begin(job, sandbox.cancel_handle()) {
            return false;
        }
        let mut last: Option<ResultSet> = None;
        let mut statements = 0;
        let outcome = sandbox.run_script(sql, |s| {
            statements += 1;
            if !s.result.columns.is_empty() || last.as_ref().is_none_or(|l| l.columns.is_empty()) {
                last = Some(s.result);
            }
        });
        self.control.end();
        self.live = Some((key.to_string(), sandbox));
        match (outcome, last) {
            (Ok(_), Some(result)) => emit(Msg::Ran {
                job,
                outcome: Ok(RunOutput { result, statements }),
            }),
            (Ok(_), None) => emit(Msg::Ran {
                job,
                outcome: Err(Failure::Run(RunError::Empty)),
            }),
            (Err(RunError::Cancelled), _) => {
                emit(Msg::Ran {
                    job,
                    outcome: Err(Failure::Run(RunError::Cancelled)),
                });
                return false;
            }
            (Err(e), _) => emit(Msg::Ran {
                job,
                outcome: Err(Failure::Run(e)),
            }),
        }
        !self.control.cancelled(job)
    }

    /// Grades an answer and reports the verdict (unless cancelled meanwhile).
    fn grade(&mut self, job: JobId, key: &str, sql: &str, emit: &mut dyn FnMut(Msg)) {
        let Some(r) = self.course.find(key) else {
            return;
        };
        let outcome = match self.grader.grade(r, sql) {
            Ok(v) => Ok(Box::new(v)),
            Err(SetupError::NotGradable(kind)) => Err(Failure::NotGradable(kind)),
            Err(e) => Err(Failure::Setup(e.to_string())),
        };
        if !self.control.cancelled(job) {
            emit(Msg::Graded { job, outcome });
        }
    }

    fn examples(&self, lesson_id: &str) -> Vec<Result<ResultSet, String>> {
        let Some(lesson) = self.course.lesson(lesson_id) else {
            return Vec::new();
        };
        let lesson = &lesson.lesson;
        let sandbox = self
            .grader
            .pristine(&lesson.dataset)
            .map_err(|e| e.to_string())
            .and_then(|p| Sandbox::open(&p, SandboxConfig::default()).map_err(|e| e.to_string()));
        match sandbox {
            Ok(mut sandbox) => lesson
                .examples
                .iter()
                .map(|e| sandbox.run_query(&e.sql).map_err(|e| e.to_string()))
                .collect(),
            Err(e) => lesson.examples.iter().map(|_| Err(e.clone())).collect(),
        }
    }
}

/// Name of the worker thread (the panic hook leaves the terminal alone for it).
pub const THREAD_NAME: &str = "sqldojo-engine";

/// Starts the worker thread: work goes in through the returned sender,
/// messages come out through `out`. The thread ends when the sender drops.
pub fn spawn(
    course: Arc<Course>,
    control: Arc<Control>,
    out: Sender<Msg>,
) -> (Sender<(JobId, Work)>, JoinHandle<()>) {
    let (tx, rx) = channel::<(JobId, Work)>();
    let handle = std::thread::Builder::new()
        .name(THREAD_NAME.into())
        .spawn(move || {
            let mut engine = Engine::new(course, control);
            for (job, work) in rx {
                let mut emit = |m: Msg| {
                    let _ = out.send(m);
                };
                let is_run = matches!(work, Work::Run { .. });
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    engine.handle(job, work, &mut emit)
                }));
                // A bug must not leave the UI waiting: report it as this
                // job's answer, and carry on with a fresh sandbox.
                if let Err(panic) = outcome {
                    engine.live = None;
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    if is_run {
                        let _ = out.send(Msg::Ran {
                            job,
                            outcome: Err(Failure::Setup(format!(
                                "sqldojo hit an internal error ({what}); please report it"
                            ))),
                        });
                    }
                }
            }
        })
        .expect("the engine thread starts");
    (tx, handle)
}
