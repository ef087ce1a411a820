//! The isolation lab's part of `update`: opening the lab, running the next
//! step (asking for the prediction first where the lesson asks), running
//! typed SQL in the active session, grading, and the snapshots the worker
//! sends back.

use super::{exercise_action, save_draft};
use crate::engine::sessions::{StepOutcome, split_statements};
use crate::grade::isolation::judge_prediction;
use crate::grade::isolation::prediction::{self, Prediction};
use crate::lesson::Exercise;
use crate::lesson::kinds::{IsolationExercise, IsolationForm};
use crate::tui::app::{AnswerKind, App, ExerciseState, Focus, Loading, RunState, Screen, Within};
use crate::tui::keys::{Action, Mode, key_name, spoken};
use crate::tui::lab::{LabSnapshot, LabState, Said, next_session};
use crate::tui::msg::{Effect, Failure, JobId, Work};
use crate::tui::view;

/// How to write a prediction, briefly.
pub const PREDICTION_FORMS: &str = "rows as 10 or 1, 10; 2, 20 · no rows · ok or ok, 1 row changed · busy, busy_snapshot, locked_sharedcache or error";
/// The prediction box while no step is asked.
fn predict_idle() -> String {
    format!(
        "{} runs the next step; where the lesson asks, you predict it here first.",
        key_name(Mode::PredictLab, Action::Step)
    )
}

/// Said when a key waits for what runs.
fn wait_note() -> String {
    format!(
        "Wait for what runs ({} stops it).",
        key_name(Mode::PlayLab, Action::Cancel)
    )
}

/// The editor of a free-play lab.
fn play_placeholder() -> String {
    format!(
        "SQL for the active session, then {} ({} switches session).",
        key_name(Mode::PlayEditor, Action::Run),
        key_name(Mode::PlayEditor, Action::Session)
    )
}

/// Opens the lab screen of an isolation exercise. The lab opens on the
/// worker; a fix exercise's waits for the saved rewrite.
pub(super) fn open(app: &mut App, key: &str, form: IsolationForm) -> Vec<Effect> {
    let x = isolation(app, key);
    let starter = match form {
        IsolationForm::Fix => x.and_then(IsolationExercise::starter_text),
        _ => None,
    }
    .unwrap_or_default();
    let placeholder = match form {
        IsolationForm::Predict => predict_idle(),
        IsolationForm::Fix => AnswerKind::Sql.placeholder(),
        IsolationForm::FreePlay => play_placeholder(),
    };
    let mut editor = crate::tui::editor::Editor::new(&starter, &app.theme);
    editor.set_placeholder(&placeholder);
    let mut ex = ExerciseState::new(key, AnswerKind::Sql, editor, Within::Course);
    ex.drafts = form == IsolationForm::Fix;
    ex.status = app.status(key);
    // Predicting starts by stepping; fixing and free play by typing.
    if form == IsolationForm::Predict {
        ex.focus = Focus::Lesson;
        ex.editor.set_focused(false);
    }
    let fix_session = x.and_then(|x| x.fix.as_ref()).map(|f| f.session);
    let job = app.job();
    let mut state = LabState::new(ex, form, job);
    if let Some(session) = fix_session {
        state.active = session;
    }
    app.screen = Screen::Lab(Box::new(state));
    let mut effects = Vec::new();
    if form != IsolationForm::Fix {
        effects.push(Effect::Work(
            job,
            Work::LabOpen {
                key: key.to_string(),
                answer: None,
            },
        ));
    }
    effects
}

/// The isolation exercise of a key.
fn isolation<'a>(app: &'a App, key: &str) -> Option<&'a IsolationExercise> {
    match app.course.find(key)?.exercise {
        Exercise::Isolation(x) => Some(x),
        _ => None,
    }
}

fn lab_mut(app: &mut App) -> Option<&mut LabState> {
    match &mut app.screen {
        Screen::Lab(lab) => Some(lab),
        _ => None,
    }
}

/// After the saved state arrived: a fix exercise's lab opens with the
/// learner's rewrite (the draft, else the starter).
pub(super) fn on_loaded(app: &mut App) -> Vec<Effect> {
    let Some(lab) = lab_mut(app) else {
        return Vec::new();
    };
    match (&lab.lab, lab.form) {
        (Loading::Pending(job), IsolationForm::Fix) => vec![Effect::Work(
            *job,
            Work::LabOpen {
                key: lab.ex.key.clone(),
                answer: Some(lab.ex.editor.text()),
            },
        )],
        _ => Vec::new(),
    }
}

/// The lab after the worker opened it or ran something.
pub(super) fn on_lab(
    app: &mut App,
    job: JobId,
    outcome: Result<LabSnapshot, Failure>,
) -> Vec<Effect> {
    let course = app.course.clone();
    let grade_job = app.job();
    let tick = app.tick;
    let theme = app.theme;
    let Some(lab) = lab_mut(app) else {
        return Vec::new();
    };
    let opening = lab.lab == Loading::Pending(job);
    if !opening && lab.op.map(|(j, _)| j) != Some(job) {
        return Vec::new();
    }
    lab.op = None;
    let snap = match outcome {
        Ok(snap) => snap,
        Err(failure) => {
            let message = failure.to_string();
            if opening {
                lab.lab = Loading::Failed(message);
                return Vec::new();
            }
            app.note = Some(message);
            return Vec::new();
        }
    };
    let Some(Exercise::Isolation(x)) = course.find(&lab.ex.key).map(|r| r.exercise) else {
        return Vec::new();
    };
    let before = lab.snapshot().map_or(0, |s| s.timeline.len());
    let new = if opening {
        &snap.timeline[..]
    } else {
        &snap.timeline[before.min(snap.timeline.len())..]
    };
    let mut note = snap.problem.clone();
    // Predictions of the steps that just ran.
    for e in new {
        let Some(at) = e.step else { continue };
        let (Some(step), Some(said)) = (snap.lesson_step(at), lab.said.get_mut(&at)) else {
            continue;
        };
        if said.right.is_some() {
            continue;
        }
        let (right, mut remark) = judge_prediction(&said.prediction, &x.steps[step], &e.outcome);
        if let (false, Prediction::Error { .. }, StepOutcome::Failed { name, .. }) =
            (right, &said.prediction, &e.outcome)
        {
            remark.get_or_insert(format!("It does fail, but with {name}."));
        }
        said.right = Some(right);
        said.remark = remark;
        note = Some(if right {
            format!("✓ Right: step {} did what you said.", step + 1)
        } else {
            format!(
                "✗ Step {} did something else: {}.",
                step + 1,
                e.outcome.summary()
            )
        });
    }
    // Typed SQL: what ran leaves the editor; from the first statement that
    // failed (a lock error, a typo) on, the text stays, to run again once
    // the other session lets go. A lock error says who holds the lock.
    if !opening && lab.form == IsolationForm::FreePlay && !new.is_empty() {
        let text = lab.ex.editor.text();
        let ranges = split_statements(&text);
        let done = new
            .iter()
            .take_while(|e| {
                matches!(
                    e.outcome,
                    StepOutcome::Rows { .. } | StepOutcome::Done { .. }
                )
            })
            .count();
        let rest = ranges
            .get(done)
            .map_or("", |r| text[r.start..].trim_start());
        lab.ex.editor = super::editor(rest, AnswerKind::Sql, &theme);
        if rest.is_empty() {
            lab.ex.editor.set_placeholder(&play_placeholder());
        }
        lab.ex.editor.set_focused(lab.ex.focus == Focus::Editor);
        if let Some(advice) = new.last().and_then(|e| e.lock_advice()) {
            note = Some(advice);
        }
    }
    lab.lab = Loading::Ready(snap);
    lab.timeline_scroll = None;
    let mut effects = Vec::new();
    // The schedule is done and every asked step predicted: grade.
    if lab.form == IsolationForm::Predict && !lab.graded {
        let snap = lab.snapshot().expect("just set");
        let asked = lab.asked(x);
        if snap.finished() && !asked.is_empty() && asked.iter().all(|a| lab.said.contains_key(a)) {
            lab.graded = true;
            let answer = lab.predictions();
            effects.extend(grade(&mut lab.ex, grade_job, tick, answer));
            note = None;
        }
    }
    if let Some(n) = note {
        app.note = Some(n);
    }
    effects
}

/// Sends an answer to the grader.
fn grade(ex: &mut ExerciseState, job: JobId, tick: u64, answer: String) -> Vec<Effect> {
    ex.run = RunState::Grading { job, since: tick };
    ex.judgement = None;
    ex.verdict_scroll = 0;
    ex.submitted = answer.clone();
    ex.lesson_scroll = Some(0);
    vec![Effect::Work(
        job,
        Work::Run {
            key: ex.key.clone(),
            sql: answer,
            run: false,
        },
    )]
}

/// A key's action on the lab screen.
pub(super) fn action(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Step => step(app),
        Action::Submit => submit(app),
        Action::Run => run(app),
        Action::Session => {
            let Some(lab) = lab_mut(app) else {
                return Vec::new();
            };
            let sessions: Vec<_> = lab
                .snapshot()
                .map(|s| s.sessions.iter().map(|v| v.id).collect())
                .unwrap_or_default();
            lab.active = next_session(&sessions, lab.active);
            let state = lab
                .snapshot()
                .and_then(|s| s.sessions.iter().find(|v| v.id == lab.active))
                .map_or("autocommit", |v| v.state.describe());
            let note = format!(
                "Session {} ({state}): {} runs the editor's SQL there.",
                lab.active,
                key_name(Mode::PlayEditor, Action::Run)
            );
            app.note = Some(note);
            Vec::new()
        }
        Action::Reset => restart(app, "The lab starts again from its first step."),
        Action::Cancel => {
            let Some(lab) = lab_mut(app) else {
                return Vec::new();
            };
            if let Some((job, _)) = lab.op {
                app.note = Some("Stopping…".into());
                return vec![Effect::Cancel(job)];
            }
            exercise_action(app, action)
        }
        Action::LeaveEditor => {
            if let Some(lab) = lab_mut(app) {
                lab.asking = None;
                lab.ex.focus = Focus::Lesson;
                lab.ex.editor.set_focused(false);
            }
            Vec::new()
        }
        _ => exercise_action(app, action),
    }
}

/// Runs the next step, or asks for its prediction first.
fn step(app: &mut App) -> Vec<Effect> {
    let course = app.course.clone();
    let job = app.job();
    let tick = app.tick;
    let theme = app.theme;
    let Some(lab) = lab_mut(app) else {
        return Vec::new();
    };
    let Some(Exercise::Isolation(x)) = course.find(&lab.ex.key).map(|r| r.exercise) else {
        return Vec::new();
    };
    let (effects, note) = step_in(lab, x, job, tick, &theme);
    if let Some(n) = note {
        app.note = Some(n);
    }
    effects
}

fn step_in(
    lab: &mut LabState,
    x: &IsolationExercise,
    job: JobId,
    tick: u64,
    theme: &crate::tui::theme::Theme,
) -> (Vec<Effect>, Option<String>) {
    let say = |text: &str| (Vec::new(), Some(text.to_string()));
    if lab.busy() {
        return say(&format!(
            "Wait for the step that runs ({} stops it).",
            key_name(Mode::PredictLab, Action::Cancel)
        ));
    }
    let snap = match &lab.lab {
        Loading::Ready(s) => s,
        Loading::Pending(_) => return say("The lab is opening…"),
        Loading::Failed(e) => return say(&format!("The lab could not open: {e}")),
    };
    let Some(at) = snap.next else {
        return say(&match lab.form {
            IsolationForm::Predict => format!(
                "The schedule is done: {} starts the lab again.",
                key_name(Mode::PredictLab, Action::Reset)
            ),
            IsolationForm::Fix => format!(
                "The schedule is done. {} grades your rewrite; {} runs the lab again.",
                key_name(Mode::FixLab, Action::Run),
                key_name(Mode::FixLab, Action::Reset)
            ),
            IsolationForm::FreePlay => format!(
                "Free play has no schedule: type SQL ({}) and run it in a session ({}).",
                key_name(Mode::PlayLab, Action::Edit),
                key_name(Mode::PlayLab, Action::Run)
            ),
        });
    };
    let asked = snap.lesson_step(at).is_some_and(|s| x.steps[s].ask);
    if lab.form == IsolationForm::Predict && asked && !lab.said.contains_key(&at) {
        let number = snap.lesson_step(at).map_or(at + 1, |s| s + 1);
        let session = snap.schedule[at].session;
        lab.asking = Some(at);
        lab.ex.editor = super::editor("", AnswerKind::Sql, theme);
        lab.ex.editor.set_placeholder(&format!(
            "What does step {number} ({session}) do? {PREDICTION_FORMS}"
        ));
        lab.ex.focus = Focus::Editor;
        lab.ex.editor.set_focused(true);
        // Short enough for the status line: the box itself lists the forms.
        return say(&format!(
            "Predict step {number}, then {}.",
            key_name(Mode::PredictInput, Action::Submit)
        ));
    }
    lab.op = Some((job, tick));
    let effects = vec![Effect::Work(
        job,
        Work::LabStep {
            key: lab.ex.key.clone(),
        },
    )];
    (effects, None)
}

/// Enter in the prediction box: read it, then run the step; Ctrl-G in free
/// play: grade the transcript.
fn submit(app: &mut App) -> Vec<Effect> {
    let job = app.job();
    let tick = app.tick;
    let theme = app.theme;
    let Some(lab) = lab_mut(app) else {
        return Vec::new();
    };
    match lab.form {
        IsolationForm::Predict => {
            let Some(at) = lab.asking else {
                return Vec::new();
            };
            let typed = lab.ex.editor.text();
            let text = prediction::bare(&typed);
            if text.is_empty() {
                app.note = Some(format!("Type your prediction first: {PREDICTION_FORMS}."));
                return Vec::new();
            }
            let prediction = match Prediction::parse(text) {
                Ok(p) => p,
                Err(e) => {
                    app.note = Some(format!("That prediction cannot be read: {e}."));
                    return Vec::new();
                }
            };
            lab.said.insert(
                at,
                Said {
                    text: text.to_string(),
                    prediction,
                    right: None,
                    remark: None,
                },
            );
            lab.asking = None;
            lab.ex.editor = super::editor("", AnswerKind::Sql, &theme);
            lab.ex.editor.set_placeholder(&predict_idle());
            lab.ex.focus = Focus::Lesson;
            lab.op = Some((job, tick));
            vec![Effect::Work(
                job,
                Work::LabStep {
                    key: lab.ex.key.clone(),
                },
            )]
        }
        IsolationForm::FreePlay => {
            let transcript = lab.transcript();
            if transcript.is_empty() {
                app.note = Some(format!(
                    "Nothing ran yet: type SQL ({}), run it in a session ({}), then grade.",
                    key_name(Mode::PlayLab, Action::Edit),
                    key_name(Mode::PlayLab, Action::Run)
                ));
                return Vec::new();
            }
            if lab.busy() {
                app.note = Some(wait_note());
                return Vec::new();
            }
            grade(&mut lab.ex, job, tick, transcript)
        }
        IsolationForm::Fix => run(app),
    }
}

/// Ctrl-R: a fix exercise grades the rewrite (and the lab restarts with
/// it); free play runs the editor's SQL in the active session.
fn run(app: &mut App) -> Vec<Effect> {
    let lab_job = app.job();
    let grade_job = app.job();
    let tick = app.tick;
    let Some(lab) = lab_mut(app) else {
        return Vec::new();
    };
    if lab.busy() {
        app.note = Some(format!(
            "Already running: {} stops it.",
            key_name(Mode::PlayEditor, Action::Cancel)
        ));
        return Vec::new();
    }
    if lab.ex.editor.is_blank() {
        app.note = Some(match lab.form {
            IsolationForm::FreePlay => format!("Type SQL for session {} first.", lab.active),
            _ => "Write the session's statements first, each turn under `-- turn N`.".into(),
        });
        return Vec::new();
    }
    let text = lab.ex.editor.text();
    match lab.form {
        IsolationForm::FreePlay => {
            if lab.snapshot().is_none() {
                app.note = Some("The lab is opening…".into());
                return Vec::new();
            }
            lab.op = Some((lab_job, tick));
            vec![Effect::Work(
                lab_job,
                Work::LabExecute {
                    key: lab.ex.key.clone(),
                    session: lab.active,
                    sql: text,
                },
            )]
        }
        IsolationForm::Fix => {
            let mut effects: Vec<Effect> = save_draft(&mut lab.ex).into_iter().collect();
            lab.restart(lab_job);
            effects.push(Effect::Work(
                lab_job,
                Work::LabOpen {
                    key: lab.ex.key.clone(),
                    answer: Some(text.clone()),
                },
            ));
            effects.extend(grade(&mut lab.ex, grade_job, tick, text));
            app.note = Some(format!(
                "Grading your rewrite; the lab now runs it: {} steps through.",
                spoken(Mode::FixLab, Action::Step)
            ));
            effects
        }
        IsolationForm::Predict => Vec::new(),
    }
}

/// Opens the lab again from its first step (a fix lab with the editor's
/// rewrite).
fn restart(app: &mut App, note: &str) -> Vec<Effect> {
    let job = app.job();
    let Some(lab) = lab_mut(app) else {
        return Vec::new();
    };
    if lab.busy() {
        app.note = Some(wait_note());
        return Vec::new();
    }
    lab.restart(job);
    lab.ex.judgement = None;
    let answer = (lab.form == IsolationForm::Fix).then(|| lab.ex.editor.text());
    let key = lab.ex.key.clone();
    app.note = Some(note.to_string());
    vec![Effect::Work(job, Work::LabOpen { key, answer })]
}

/// Scrolls the lab: arrows move the timeline, page keys the task.
pub(super) fn scroll(app: &mut App, action: Action, page: isize) {
    let (auto, timeline_max) = view::lab::timeline_scroll(app);
    let task_max = view::lab::task_max_scroll(app);
    let Some(lab) = lab_mut(app) else {
        return;
    };
    let moved = |v: usize, delta: isize, max: usize| {
        (v as isize).saturating_add(delta).clamp(0, max as isize) as u16
    };
    match action {
        Action::Up | Action::Down | Action::Top | Action::Bottom => {
            let delta = match action {
                Action::Up => -1,
                Action::Down => 1,
                Action::Top => isize::MIN / 2,
                _ => isize::MAX / 2,
            };
            let current = lab.timeline_scroll.map_or(auto, usize::from);
            let to = moved(current, delta, timeline_max);
            // At the bottom the timeline follows new steps again.
            lab.timeline_scroll = (usize::from(to) < timeline_max).then_some(to);
        }
        Action::PageUp | Action::PageDown => {
            let delta = if action == Action::PageUp {
                -page
            } else {
                page
            };
            let current = lab.ex.lesson_scroll.map_or(0, usize::from);
            lab.ex.lesson_scroll = Some(moved(current, delta, task_max));
        }
        _ => {}
    }
}
