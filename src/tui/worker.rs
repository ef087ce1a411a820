//! The engine worker: builds datasets, runs learner SQL in a sandbox,
//! grades, reads schemas and plans — off the UI thread, reporting back as
//! messages. [`Engine::handle`] is synchronous, so tests call it directly.

use std::collections::HashSet;
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::lab::LabSnapshot;
use super::msg::{Failure, JobId, Msg, RunOutput, Work};
use crate::engine::sessions::{Lab, SessionId, StepOutcome, split_statements};
use crate::engine::{
    CancelHandle, ResultSet, RunError, Sandbox, SandboxConfig, StopToken, introspect,
};
use crate::grade::isolation::schedule::{self, Origin};
use crate::grade::isolation::{open_fix_lab, open_lab};
use crate::grade::{Grader, SetupError};
use crate::lesson::kinds::{IsolationExercise, IsolationForm};
use crate::lesson::{Course, Exercise, ExerciseRef};

/// Lets the UI thread cancel the job the worker is running (or will run).
#[derive(Default)]
pub struct Control {
    state: Mutex<ControlState>,
}

#[derive(Default)]
struct ControlState {
    running: Option<(JobId, Stopper)>,
    cancelled: HashSet<JobId>,
}

/// How the running job is stopped.
enum Stopper {
    /// One run in one sandbox.
    Run(CancelHandle),
    /// A grading: every sandbox it opens.
    Grading(StopToken),
}

impl Control {
    /// Cancels a job: interrupts it if it runs, skips it if it has not started.
    pub fn cancel(&self, job: JobId) {
        let mut s = self.state.lock().unwrap();
        s.cancelled.insert(job);
        match &s.running {
            Some((running, Stopper::Run(handle))) if *running == job => handle.cancel(),
            Some((running, Stopper::Grading(token))) if *running == job => token.stop(),
            _ => {}
        }
    }

    /// Registers how to stop a job; false when it was already cancelled.
    fn begin(&self, job: JobId, handle: Stopper) -> bool {
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
    /// The isolation lab open on the lab screen.
    lab: Option<OpenLab>,
}

/// An isolation exercise's lab and where its statements come from.
struct OpenLab {
    key: String,
    lab: Lab,
    origins: Vec<Origin>,
}

impl Engine {
    /// An engine for a course.
    pub fn new(course: Arc<Course>, control: Arc<Control>) -> Self {
        Engine {
            grader: Grader::new(course.source.clone()),
            course,
            control,
            live: None,
            lab: None,
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
            Work::Judge {
                key,
                sql,
                run,
                hints,
                wrong_tries,
            } => {
                if run && !self.run(job, &key, &sql, emit) {
                    return;
                }
                let Some(r) = self.course.find(&key) else {
                    return;
                };
                let Some(outcome) = self.stoppable(job, r, || {
                    crate::drill::judge(&self.grader, r, &sql, hints, wrong_tries)
                        .map(Box::new)
                        .map_err(|e| Failure::Setup(e.to_string()))
                }) else {
                    return;
                };
                if !self.control.cancelled(job) {
                    emit(Msg::Judged { job, outcome });
                }
            }
            Work::LabOpen { key, answer } => {
                let outcome = self.open_lab(&key, answer.as_deref());
                emit(Msg::Lab { job, outcome });
            }
            Work::LabStep { key } => {
                let outcome = self.lab_step(job, &key);
                emit(Msg::Lab { job, outcome });
            }
            Work::LabExecute { key, session, sql } => {
                let outcome = self.lab_execute(job, &key, session, &sql);
                emit(Msg::Lab { job, outcome });
            }
            Work::LabClose => self.lab = None,
        }
    }

    /// Opens the lab of an isolation exercise. A fix exercise's rewrite
    /// that cannot be read runs the starter (the session's own statements)
    /// instead, and the snapshot says so.
    fn open_lab(&mut self, key: &str, answer: Option<&str>) -> Result<LabSnapshot, Failure> {
        // Close the old lab first: its connections and file go now.
        self.lab = None;
        let r = self
            .course
            .find(key)
            .ok_or_else(|| Failure::Setup(format!("no exercise `{key}`")))?;
        let Exercise::Isolation(x) = r.exercise else {
            return Err(Failure::Setup(format!("`{key}` is not an isolation lab")));
        };
        let setup = |e: SetupError| Failure::Setup(e.to_string());
        let (lab, origins, problem) = match (x.form, answer) {
            (IsolationForm::Fix, Some(answer)) => match self.fix_lab(r, x, answer)? {
                Ok((lab, origins)) => (lab, origins, None),
                Err(message) => {
                    let starter = x.starter_text().unwrap_or_default();
                    let session = x.fix.as_ref().map_or(SessionId::B, |f| f.session);
                    let problem = Some(format!(
                        "Your rewrite cannot be read ({message}); the lab runs {session}'s original statements."
                    ));
                    match self.fix_lab(r, x, &starter)? {
                        Ok((lab, origins)) => (lab, origins, problem),
                        Err(_) => (
                            open_lab(&self.grader, r).map_err(setup)?,
                            schedule::as_written(x, None).origins,
                            problem,
                        ),
                    }
                }
            },
            _ => (
                open_lab(&self.grader, r).map_err(setup)?,
                schedule::as_written(x, None).origins,
                None,
            ),
        };
        let open = OpenLab {
            key: key.to_string(),
            lab,
            origins,
        };
        let mut snap = snapshot(&open);
        snap.problem = problem;
        self.lab = Some(open);
        Ok(snap)
    }

    /// A fix exercise's lab running `answer` as the session's turns; the
    /// inner error says why the turns cannot be read.
    #[allow(clippy::type_complexity)]
    fn fix_lab(
        &self,
        r: ExerciseRef<'_>,
        x: &IsolationExercise,
        answer: &str,
    ) -> Result<Result<(Lab, Vec<Origin>), String>, Failure> {
        let lab = match open_fix_lab(&self.grader, r, answer) {
            Ok(Ok(lab)) => lab,
            Ok(Err(message)) => return Ok(Err(message)),
            Err(e) => return Err(Failure::Setup(e.to_string())),
        };
        let session = x.fix.as_ref().map_or(SessionId::B, |f| f.session);
        let turns = schedule::split_turns(answer, x.turns().len(), session).unwrap_or_default();
        Ok(Ok((lab, schedule::with_turns(x, &turns, None).origins)))
    }

    /// The open lab of exercise `key`.
    fn open<'a>(lab: &'a mut Option<OpenLab>, key: &str) -> Result<&'a mut OpenLab, Failure> {
        lab.as_mut()
            .filter(|l| l.key == key)
            .ok_or_else(|| Failure::Setup("the lab is not open; open the exercise again".into()))
    }

    /// Runs the next scheduled step; Esc stops it through its session.
    fn lab_step(&mut self, job: JobId, key: &str) -> Result<LabSnapshot, Failure> {
        let open = Self::open(&mut self.lab, key)?;
        let handle = open
            .lab
            .next_step()
            .and_then(|(_, step)| open.lab.cancel_handle(step.session));
        if let Some(handle) = handle
            && self.control.begin(job, Stopper::Run(handle))
        {
            open.lab.run_next();
            self.control.end();
        }
        Ok(snapshot(open))
    }

    /// Runs typed SQL in a session, one statement at a time, stopping at
    /// the first that fails or is cancelled.
    fn lab_execute(
        &mut self,
        job: JobId,
        key: &str,
        session: SessionId,
        sql: &str,
    ) -> Result<LabSnapshot, Failure> {
        let open = Self::open(&mut self.lab, key)?;
        for range in split_statements(sql) {
            let Some(handle) = open.lab.cancel_handle(session) else {
                return Err(Failure::Setup(format!("this lab has no session {session}")));
            };
            if !self.control.begin(job, Stopper::Run(handle)) {
                break;
            }
            let ran = open.lab.execute(session, &sql[range]);
            self.control.end();
            let entries = ran.map_err(|e| Failure::Setup(e.to_string()))?;
            let stop = entries.iter().any(|e| {
                matches!(
                    e.outcome,
                    StepOutcome::Failed { .. } | StepOutcome::Rejected { .. }
                )
            });
            if stop {
                break;
            }
        }
        Ok(snapshot(open))
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
        if !self
            .control
            .begin(job, Stopper::Run(sandbox.cancel_handle()))
        {
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
        let Some(outcome) = self.stoppable(job, r, || {
            self.grader
                .grade(r, sql)
                .map(Box::new)
                .map_err(|e| Failure::Setup(e.to_string()))
        }) else {
            return;
        };
        if !self.control.cancelled(job) {
            emit(Msg::Graded { job, outcome });
        }
    }

    /// Grades with `grade` so that cancelling `job` stops every run it
    /// makes; `None` when the job was cancelled before it began.
    fn stoppable<T>(&self, job: JobId, r: ExerciseRef<'_>, grade: impl FnOnce() -> T) -> Option<T> {
        let token = StopToken::default();
        if !self.control.begin(job, Stopper::Grading(token.clone())) {
            return None;
        }
        let outcome = self.grader.within(r, &token, grade);
        self.control.end();
        Some(outcome)
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

/// The lab as the screen shows it.
fn snapshot(open: &OpenLab) -> LabSnapshot {
    LabSnapshot {
        mode: open.lab.mode(),
        sessions: open.lab.sessions(),
        schedule: open.lab.schedule().to_vec(),
        next: open.lab.next_step().map(|(i, _)| i),
        timeline: open.lab.timeline().to_vec(),
        origins: open.origins.clone(),
        problem: None,
    }
}

/// The answer a job gets when the worker panicked on it, so the UI never
/// waits for nothing.
fn panic_answer(job: JobId, work: &Work, what: &str) -> Option<Msg> {
    let failure = Failure::Setup(format!(
        "sqldojo hit an internal error ({what}); please report it"
    ));
    match work {
        Work::Run { .. } | Work::Judge { .. } => Some(Msg::Ran {
            job,
            outcome: Err(failure),
        }),
        Work::LabOpen { .. } | Work::LabStep { .. } | Work::LabExecute { .. } => Some(Msg::Lab {
            job,
            outcome: Err(failure),
        }),
        _ => None,
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
                let kept = work.clone();
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    engine.handle(job, work, &mut emit)
                }));
                // A bug must not leave the UI waiting: report it as this
                // job's answer, and carry on with a fresh sandbox and lab.
                if let Err(panic) = outcome {
                    engine.live = None;
                    engine.lab = None;
                    engine.control.end();
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    if let Some(msg) = panic_answer(job, &kept, &what) {
                        let _ = out.send(msg);
                    }
                }
            }
        })
        .expect("the engine thread starts");
    (tx, handle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancelling_a_grading_stops_every_run_it_makes() {
        let control = Control::default();
        let token = StopToken::default();
        assert!(control.begin(7, Stopper::Grading(token.clone())));
        control.cancel(8);
        assert!(!token.is_stopped(), "another job's cancel");
        control.cancel(7);
        assert!(token.is_stopped());
        control.end();
        assert!(!control.begin(7, Stopper::Grading(StopToken::default())));
    }
}
