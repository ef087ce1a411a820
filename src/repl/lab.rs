//! An isolation lab at the prompt: two or three sessions on one database
//! file ([`Lab`]), SQL typed into the session the prompt shows, and an
//! exercise's schedule stepped through with `.step` — asking for the
//! prediction first where the lesson asks, or leaving the learner's session
//! its turns in a fix exercise. This file holds the lab's state and its
//! text; `commands::lab` drives it.

use std::collections::BTreeMap;

use crate::dataset::Pristine;
use crate::engine::SandboxConfig;
use crate::engine::sessions::{
    Executed, Lab, LabMode, LabSpec, SessionId, SessionState, StepOutcome, TxnState, rows_text,
};
use crate::grade::isolation::lab_config;
use crate::grade::{Grader, SetupError};
use crate::lesson::ExerciseRef;
use crate::lesson::kinds::{IsolationExercise, IsolationForm, IsolationStep};

/// Every session a free lab opens.
const FREE_SESSIONS: [SessionId; 3] = [SessionId::A, SessionId::B, SessionId::C];

/// A lab open at the prompt.
pub struct LabRun {
    /// The sessions and what ran.
    pub lab: Lab,
    /// The session SQL typed at the prompt runs in.
    pub active: SessionId,
    /// The dataset the lab's file was copied from.
    pub dataset: String,
    /// What the lab is for.
    pub task: Task,
    /// True while the prompt waits for a prediction of the next step.
    pub asking: bool,
    /// True once the learner typed into a scripted lab before its end (the
    /// steps after that may not do what the lesson says).
    pub off_script: bool,
}

/// What a lab is for.
pub enum Task {
    /// `.lab`: sessions and nothing else.
    Free,
    /// A `free_play` exercise: what is typed is its transcript.
    FreePlay {
        /// `LESSON/EXERCISE`.
        key: String,
    },
    /// A `predict` exercise.
    Predict(Predict),
    /// A `fix` exercise.
    Fix(Fix),
}

/// A predict exercise in progress.
pub struct Predict {
    /// `LESSON/EXERCISE`.
    pub key: String,
    /// The lesson's steps, by schedule position.
    pub steps: Vec<IsolationStep>,
    /// The lesson's step number (1-based) of each schedule position.
    pub numbers: Vec<usize>,
    /// Steps in the lesson.
    pub of: usize,
    /// Predictions given, by schedule position, as typed.
    pub said: BTreeMap<usize, String>,
    /// True once the predictions have been graded.
    pub graded: bool,
}

/// A fix exercise in progress: the other sessions follow the schedule,
/// the learner types the fix session's turns.
pub struct Fix {
    /// `LESSON/EXERCISE`.
    pub key: String,
    /// The session the learner writes.
    pub session: SessionId,
    /// How many scheduled steps have run when each turn comes.
    pub turn_at: Vec<usize>,
    /// The statements the learner ran in each turn (those that ran).
    pub turns: Vec<String>,
}

impl LabRun {
    /// A free lab: sessions A, B and C on a copy of `dataset`; in
    /// shared-cache mode B reads uncommitted rows.
    pub fn free(pristine: &Pristine, dataset: &str, mode: LabMode) -> Result<LabRun, String> {
        let spec = LabSpec {
            mode,
            sessions: FREE_SESSIONS.to_vec(),
            read_uncommitted: if mode == LabMode::SharedCache {
                vec![SessionId::B]
            } else {
                Vec::new()
            },
            setup: String::new(),
            schedule: Vec::new(),
        };
        let lab = Lab::open(pristine, &spec, free_config()).map_err(|e| e.to_string())?;
        Ok(LabRun {
            lab,
            active: SessionId::A,
            dataset: dataset.to_string(),
            task: Task::Free,
            asking: false,
            off_script: false,
        })
    }

    /// The lab of an isolation exercise: its schedule as written (a fix
    /// exercise's own session left out, for the learner to type).
    pub fn for_exercise(grader: &Grader, ex: ExerciseRef<'_>) -> Result<LabRun, String> {
        let crate::lesson::Exercise::Isolation(x) = ex.exercise else {
            return Err(format!("{} is not an isolation lab", ex.key()));
        };
        let setup = |e: SetupError| format!("the lab could not be set up: {e}");
        let key = ex.key();
        let (lab, task) = match (x.form, &x.fix) {
            (IsolationForm::Fix, Some(fix)) => {
                let lab = crate::grade::isolation::open_fix_lab(grader, ex, "")
                    .map_err(setup)?
                    .map_err(|e| format!("the lab could not be set up: {e}"))?;
                let task = Task::Fix(Fix {
                    key,
                    session: fix.session,
                    turn_at: turn_positions(x, fix.session),
                    turns: vec![String::new(); x.turns().len()],
                });
                (lab, task)
            }
            (IsolationForm::Predict, _) => {
                let lab = crate::grade::isolation::open_lab(grader, ex).map_err(setup)?;
                let (numbers, steps): (Vec<usize>, Vec<IsolationStep>) = x
                    .steps
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.statement().is_some())
                    .map(|(i, s)| (i + 1, s.clone()))
                    .unzip();
                let task = Task::Predict(Predict {
                    key,
                    steps,
                    numbers,
                    of: x.steps.len(),
                    said: BTreeMap::new(),
                    graded: false,
                });
                (lab, task)
            }
            _ => {
                let lab = crate::grade::isolation::open_lab(grader, ex).map_err(setup)?;
                (lab, Task::FreePlay { key })
            }
        };
        let active = match &task {
            Task::Fix(f) => f.session,
            _ => SessionId::A,
        };
        Ok(LabRun {
            lab,
            active,
            dataset: ex.dataset().to_string(),
            task,
            asking: false,
            off_script: false,
        })
    }

    /// Scheduled steps run so far.
    pub fn position(&self) -> usize {
        self.lab
            .next_step()
            .map_or(self.lab.schedule().len(), |(i, _)| i)
    }

    /// The exercise's key, when the lab is an exercise's.
    pub fn key(&self) -> Option<&str> {
        match &self.task {
            Task::Free => None,
            Task::FreePlay { key } => Some(key),
            Task::Predict(p) => Some(&p.key),
            Task::Fix(f) => Some(&f.key),
        }
    }

    /// True when the lab follows a schedule (`.step` has something to do).
    pub fn scripted(&self) -> bool {
        !self.lab.schedule().is_empty()
    }

    /// For a fix exercise: the turn (0-based) the learner's session is in now.
    pub fn open_turn(&self) -> Option<usize> {
        let Task::Fix(fix) = &self.task else {
            return None;
        };
        let at = self.position();
        fix.turn_at.iter().position(|&p| p == at)
    }

    /// The prompt: `LABEL[A:write]> `, or the question while a prediction
    /// is asked.
    pub fn prompt(&self, label: &str) -> String {
        if self.asking
            && let Task::Predict(p) = &self.task
            && let Some(n) = p.numbers.get(self.position())
        {
            return format!("predict step {n}> ");
        }
        let state = self
            .lab
            .session(self.active)
            .map_or("none", |v| state_word(&v.state));
        format!("{label}[{}:{state}]> ", self.active)
    }

    /// What `.submit` grades when given no file: the predictions, the
    /// fix session's turns, or the free-play transcript.
    pub fn answer(&self) -> Option<String> {
        match &self.task {
            Task::Free => None,
            Task::Predict(p) if p.said.is_empty() => None,
            Task::Predict(p) => Some(
                p.said
                    .iter()
                    .map(|(at, said)| format!("{}: {said}\n", p.numbers[*at]))
                    .collect(),
            ),
            Task::Fix(f) => Some(
                f.turns
                    .iter()
                    .enumerate()
                    .map(|(i, t)| format!("-- turn {}\n{t}", i + 1))
                    .collect(),
            ),
            Task::FreePlay { .. } => {
                let typed: String = self
                    .lab
                    .timeline()
                    .iter()
                    .filter(|e| e.step.is_none() && ran(&e.outcome))
                    .map(|e| format!("{}: {};\n", e.session, e.sql))
                    .collect();
                (!typed.is_empty()).then_some(typed)
            }
        }
    }

    /// The schedule as a list, for the exercise's introduction: the
    /// lesson's step numbers and the steps to predict, or the fix
    /// session's turns between the other steps.
    pub fn schedule_text(&self) -> String {
        let mut out = String::new();
        match &self.task {
            Task::Predict(p) => {
                for (at, step) in self.lab.schedule().iter().enumerate() {
                    let ask = if p.steps[at].ask {
                        "   <- you predict this"
                    } else {
                        ""
                    };
                    out.push_str(&format!(
                        "  {}. {}: {}{ask}\n",
                        p.numbers[at],
                        step.session,
                        one_line(&step.sql)
                    ));
                }
            }
            Task::Fix(f) => {
                for (at, step) in self.lab.schedule().iter().enumerate() {
                    turn_marks(f, at, &mut out);
                    out.push_str(&format!(
                        "  {}. {}: {}\n",
                        at + 1,
                        step.session,
                        one_line(&step.sql)
                    ));
                }
                turn_marks(f, self.lab.schedule().len(), &mut out);
            }
            Task::Free | Task::FreePlay { .. } => {}
        }
        out
    }

    /// Every session: active mark, transaction, read_uncommitted, and the
    /// values it can bind as `:name`.
    pub fn sessions_text(&self) -> String {
        let mut out = String::new();
        for v in self.lab.sessions() {
            let mark = if v.id == self.active { "*" } else { " " };
            let mut line = format!("{mark}{}  {}", v.id, v.state.describe());
            if v.read_uncommitted {
                line.push_str("; reads uncommitted rows");
            }
            if !v.variables.is_empty() {
                let known: Vec<String> = v
                    .variables
                    .iter()
                    .map(|(k, val)| format!(":{k} = {}", rows_text(&[vec![val.clone()]])))
                    .collect();
                line.push_str(&format!("; knows {}", known.join(", ")));
            }
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// Everything that ran, in order: scheduled steps by their number,
    /// typed statements marked as typed (`unicode`: an arrow, else `->`).
    pub fn timeline_text(&self, unicode: bool) -> String {
        let timeline = self.lab.timeline();
        if timeline.is_empty() {
            return "(nothing has run yet)\n".into();
        }
        let labels: Vec<String> = timeline
            .iter()
            .enumerate()
            .map(|(n, e)| match (e.step, &self.task) {
                (Some(at), Task::Predict(p)) => format!("step {}", p.numbers[at]),
                (Some(at), _) => format!("step {}", at + 1),
                (None, Task::Free) => format!("{}.", n + 1),
                (None, _) => "typed".to_string(),
            })
            .collect();
        let width = labels.iter().map(String::len).max().unwrap_or(0);
        timeline
            .iter()
            .zip(&labels)
            .map(|(e, label)| format!("{label:>width$}  {}\n", entry_line(e, unicode)))
            .collect()
    }
}

/// The sandbox settings of a free lab: the prompt's deadline (Ctrl-C stops
/// sooner), a lab's row cap.
fn free_config() -> SandboxConfig {
    SandboxConfig {
        deadline: super::session::REPL_DEADLINE,
        ..lab_config()
    }
}

/// For each turn of the fix session, how many of the other sessions' steps
/// come before it.
fn turn_positions(x: &IsolationExercise, session: SessionId) -> Vec<usize> {
    x.turns()
        .iter()
        .map(|turn| {
            x.steps[..turn[0]]
                .iter()
                .filter(|s| s.session().is_some_and(|id| id != session))
                .count()
        })
        .collect()
}

fn turn_marks(f: &Fix, at: usize, out: &mut String) {
    for (t, _) in f.turn_at.iter().enumerate().filter(|(_, p)| **p == at) {
        out.push_str(&format!("     ({}'s turn {}: yours)\n", f.session, t + 1));
    }
}

/// A session's transaction in one word, for the prompt: `none`, `begin`
/// (BEGIN, nothing read yet), `read`, `write`.
pub fn state_word(state: &SessionState) -> &'static str {
    match (state.txn, state.in_transaction) {
        (TxnState::None, false) => "none",
        (TxnState::None, true) => "begin",
        (TxnState::Read, _) => "read",
        (TxnState::Write, _) => "write",
    }
}

/// True when the statement ran (a lock error is an outcome; invalid or
/// refused SQL did not run).
pub fn ran(outcome: &StepOutcome) -> bool {
    !matches!(outcome, StepOutcome::Rejected { .. })
}

/// One executed statement on one line: session, statement, the values it
/// bound, its outcome, and the session's transaction after it. Without
/// `unicode` (a pipe, a dumb terminal) the arrow is `->`.
pub fn entry_line(e: &Executed, unicode: bool) -> String {
    let bound = if e.bound.is_empty() {
        String::new()
    } else {
        let pairs: Vec<String> = e
            .bound
            .iter()
            .map(|(k, v)| format!(":{k} = {}", rows_text(&[vec![v.clone()]])))
            .collect();
        format!("  [{}]", pairs.join(", "))
    };
    let state = e
        .states
        .iter()
        .find(|s| s.session == e.session)
        .map(|s| format!("  ({} now: {})", e.session, s.describe()))
        .unwrap_or_default();
    format!(
        "{}: {}{bound} {} {}{state}",
        e.session,
        one_line(&e.sql),
        if unicode { "→" } else { "->" },
        e.outcome.summary()
    )
}

/// SQL on one line.
pub fn one_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads `.lab` arguments: a dataset and a mode, in any order.
pub fn parse_lab_args(arg: &str) -> Result<(Option<String>, LabMode), String> {
    let mut dataset = None;
    let mut mode = LabMode::Wal;
    for word in arg.split_whitespace() {
        match word.to_ascii_lowercase().replace('-', "_").as_str() {
            "wal" => mode = LabMode::Wal,
            "rollback" | "delete" => mode = LabMode::Rollback,
            "shared_cache" | "shared" => mode = LabMode::SharedCache,
            _ if dataset.is_none() => dataset = Some(word.trim_matches(['\'', '"']).to_string()),
            _ => {
                return Err(format!(
                    "`{word}`: give a dataset and a mode (wal, rollback or shared_cache), e.g. `.lab bank rollback`"
                ));
            }
        }
    }
    Ok((dataset, mode))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lab_arguments_come_in_any_order() {
        assert_eq!(
            parse_lab_args("rollback bank").unwrap(),
            (Some("bank".into()), LabMode::Rollback)
        );
        assert_eq!(parse_lab_args("").unwrap(), (None, LabMode::Wal));
        assert_eq!(
            parse_lab_args("shared-cache").unwrap(),
            (None, LabMode::SharedCache)
        );
        assert!(parse_lab_args("bank shop").is_err());
    }

    #[test]
    fn the_prompt_shows_the_session_and_its_transaction() {
        let grader = Grader::new(crate::lesson::CourseSource::Bundled);
        let pristine = grader.pristine("bank").unwrap();
        let mut run = LabRun::free(&pristine, "bank", LabMode::Wal).unwrap();
        assert_eq!(run.prompt("bank"), "bank[A:none]> ");
        run.lab.execute(SessionId::B, "BEGIN").unwrap();
        run.active = SessionId::B;
        assert_eq!(run.prompt("bank"), "bank[B:begin]> ");
        run.lab
            .execute(SessionId::B, "UPDATE counters SET n = n + 1")
            .unwrap();
        assert_eq!(run.prompt("bank"), "bank[B:write]> ");
        run.active = SessionId::A;
        run.lab
            .execute(SessionId::A, "BEGIN; SELECT 1 FROM test")
            .unwrap();
        assert_eq!(run.prompt("bank"), "bank[A:read]> ");
        assert!(run.sessions_text().contains("*A  read transaction"));
    }

    #[test]
    fn a_fix_lab_leaves_the_learners_turns_between_the_other_steps() {
        let loaded = crate::lesson::Course::load(crate::lesson::CourseSource::Bundled).unwrap();
        let course = loaded.course;
        let grader = Grader::new(crate::lesson::CourseSource::Bundled);
        let ex = course
            .find("isolation-lost-update/atomic-increment")
            .unwrap();
        let mut run = LabRun::for_exercise(&grader, ex).unwrap();
        assert_eq!(run.active, SessionId::B);
        // Only A's two steps are scheduled; B's turns come after each.
        assert_eq!(run.lab.schedule().len(), 2);
        let Task::Fix(fix) = &run.task else {
            panic!("a fix lab");
        };
        assert_eq!(fix.turn_at, vec![1, 2]);
        assert_eq!(run.open_turn(), None);
        run.lab.run_next();
        assert_eq!(run.open_turn(), Some(0));
        assert_eq!(run.answer().unwrap(), "-- turn 1\n-- turn 2\n");
    }
}
