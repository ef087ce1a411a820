//! `update`: the only place the model changes. It is pure apart from the
//! model itself: anything slow or outside (progress file, sandbox, grader)
//! is returned as an [`Effect`] and comes back as a [`Msg`].

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod drill;
mod lab;

use std::time::Duration;

use super::app::{
    AUTOSAVE_TICKS, AnswerKind, App, ExerciseState, Focus, Judgement, Loading, MapState, Overlay,
    Question, RunState, SOLUTION_AFTER_ATTEMPTS, Screen, Side, Within,
};
use super::editor::Editor;
use super::keys::{Action, Mode, action_for, key_for, key_name, spoken};
use super::map::{self, Row};
use super::msg::{Effect, Failure, Msg, Saved, Work};
use super::view::layout;
use crate::grade::Verdict;
use crate::lesson::Exercise;
use crate::progress::ExerciseStatus;

/// Applies a message to the model and returns the effects to carry out.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(app, key),
        Msg::Paste(text) => on_paste(app, &text),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            Vec::new()
        }
        Msg::Tick(now) => on_tick(app, now),
        Msg::Do(action) => on_action(app, action),
        Msg::Open(key) => open(app, &key),
        Msg::Loaded(saved) => on_loaded(app, saved),
        Msg::Ran { job, outcome } => {
            let tick = app.tick;
            let Some(ex) = current_job(app, job) else {
                return Vec::new();
            };
            match outcome {
                Ok(out) => {
                    ex.output = Some(Ok(out));
                    ex.result_scroll = (0, 0);
                    if let RunState::Running { since, .. } = ex.run {
                        ex.run = RunState::Grading { job, since };
                    }
                }
                Err(Failure::Run(e)) => {
                    ex.output = Some(Err(e));
                    ex.run = RunState::Grading { job, since: tick };
                }
                Err(other) => {
                    ex.run = RunState::Idle;
                    ex.judgement = Some(Judgement::Unavailable(other));
                }
            }
            Vec::new()
        }
        Msg::Graded { job, outcome } => on_graded(app, job, outcome),
        Msg::Schema { job, outcome } => {
            if let Some(ex) = exercise_mut(app)
                && ex.side == Some(Side::Schema(Loading::Pending(job)))
            {
                ex.side = Some(Side::Schema(match outcome {
                    Ok(s) => Loading::Ready(s),
                    Err(e) => Loading::Failed(e),
                }));
            }
            Vec::new()
        }
        Msg::Planned { job, outcome } => {
            if let Some(ex) = exercise_mut(app)
                && ex.side == Some(Side::Plan(Loading::Pending(job)))
            {
                ex.side = Some(Side::Plan(match outcome {
                    Ok(lines) => Loading::Ready(lines),
                    Err(e) => Loading::Failed(e.to_string()),
                }));
            }
            Vec::new()
        }
        Msg::Examples { lesson, results } => {
            app.examples.insert(lesson, Some(results));
            Vec::new()
        }
        Msg::Lab { job, outcome } => lab::on_lab(app, job, outcome),
        Msg::Judged { job, outcome } => drill::on_judged(app, job, outcome),
        Msg::Refreshed { statuses, due } => {
            app.statuses = statuses;
            app.due = Some(due.unwrap_or_else(|e| {
                app.note = Some(format!("The review schedule could not be read: {e}"));
                0
            }));
            Vec::new()
        }
        Msg::ReviewDue(due) => drill::on_review_due(app, due),
        Msg::Rescheduled { key, next } => drill::on_rescheduled(app, &key, next),
        Msg::Note(note) => {
            app.note = Some(note);
            Vec::new()
        }
    }
}

/// The open exercise: the exercise screen's, the lab's, or the drill item.
fn exercise_mut(app: &mut App) -> Option<&mut ExerciseState> {
    match &mut app.screen {
        Screen::Exercise(e) => Some(e),
        Screen::Lab(lab) => Some(&mut lab.ex),
        Screen::Drill(d) if !d.over() => d.item.as_deref_mut(),
        Screen::Drill(_) | Screen::Map(_) => None,
    }
}

/// The open exercise, when `job` is its current run.
fn current_job(app: &mut App, job: u64) -> Option<&mut ExerciseState> {
    exercise_mut(app).filter(|e| e.run.job() == Some(job))
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    app.note = None;
    let mode = app.mode();
    if let Some(action) = action_for(mode, app.running(), &key) {
        return on_action(app, action);
    }
    let tick = app.tick;
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        app.note = Some(format!(
            "Nothing is running. {} quits (your work is saved).",
            key_name(mode, Action::Quit)
        ));
        return Vec::new();
    }
    if mode.typing() {
        if let Some(ex) = exercise_mut(app)
            && ex.editor.input(key)
        {
            ex.edited_at = Some(tick);
        }
    } else if mode.reading() && is_text(&key) {
        app.note = Some(match mode {
            Mode::PredictLab => format!(
                "{} runs the next step; it asks for your prediction where the lesson does ({} lists every key).",
                key_name(mode, Action::Step),
                key_name(mode, Action::Help)
            ),
            _ => format!(
                "To type, press {} first ({} lists every key).",
                spoken(mode, Action::Edit),
                key_name(mode, Action::Help)
            ),
        });
    }
    Vec::new()
}

fn is_text(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    let tick = app.tick;
    if app.overlay.is_some() || app.mode() == Mode::PredictLab {
        return Vec::new();
    }
    if let Some(ex) = exercise_mut(app) {
        set_focus(ex, Focus::Editor);
        if ex.editor.paste(text) {
            ex.edited_at = Some(tick);
        }
    }
    Vec::new()
}

fn on_tick(app: &mut App, now: Duration) -> Vec<Effect> {
    app.tick += 1;
    app.now = now;
    let tick = app.tick;
    let mut effects = Vec::new();
    // The review count waits for the first tick: nothing delays the first frame.
    if app.due.is_none() {
        app.due = Some(0);
        effects.push(Effect::Refresh);
    }
    if let Some(ex) = exercise_mut(app)
        && ex
            .edited_at
            .is_some_and(|t| tick.saturating_sub(t) >= AUTOSAVE_TICKS)
    {
        effects.extend(save_draft(ex));
    }
    effects.extend(drill::on_time(app));
    effects
}

/// A draft save when the text changed since the last one (only where
/// drafts are kept).
fn save_draft(ex: &mut ExerciseState) -> Option<Effect> {
    ex.edited_at = None;
    if !ex.drafts {
        return None;
    }
    let text = ex.editor.text();
    if text == ex.saved_text {
        return None;
    }
    ex.saved_text = text.clone();
    Some(Effect::SaveDraft {
        key: ex.key.clone(),
        sql: text,
    })
}

fn set_focus(ex: &mut ExerciseState, focus: Focus) {
    ex.focus = focus;
    ex.editor.set_focused(focus == Focus::Editor);
}

fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => {
            app.quit = true;
            let mut out: Vec<Effect> = exercise_mut(app).and_then(save_draft).into_iter().collect();
            out.extend(drill::on_quit(app));
            out.push(Effect::Quit);
            out
        }
        Action::Help => {
            app.overlay = match app.overlay {
                Some(Overlay::Help(_)) => None,
                _ => Some(Overlay::Help(0)),
            };
            Vec::new()
        }
        Action::Yes => answer(app, true),
        Action::No => answer(app, false),
        Action::Open => open_selected(app),
        Action::Drill => {
            app.overlay = Some(Overlay::Form(Default::default()));
            Vec::new()
        }
        Action::Start => drill::start(app),
        Action::Review => vec![Effect::LoadReview],
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom
        | Action::Left
        | Action::Right => {
            scroll(app, action);
            Vec::new()
        }
        _ => match &app.screen {
            Screen::Exercise(_) => exercise_action(app, action),
            Screen::Lab(_) => lab::action(app, action),
            Screen::Drill(_) => drill::action(app, action),
            Screen::Map(_) => Vec::new(),
        },
    }
}

fn answer(app: &mut App, yes: bool) -> Vec<Effect> {
    let overlay = app.overlay.take();
    let Some(Overlay::Confirm(question)) = overlay else {
        return Vec::new();
    };
    if !yes {
        return Vec::new();
    }
    match question {
        Question::Skip => return drill::skip(app),
        Question::EndDrill => return drill::end(app, "Drill ended early."),
        Question::Reset | Question::Solution => {}
    }
    let starter = app
        .exercise_ref()
        .and_then(|r| r.exercise.starter().map(str::to_string))
        .unwrap_or_default();
    let theme = app.theme;
    let Some(ex) = exercise_mut(app) else {
        return Vec::new();
    };
    match question {
        Question::Reset => {
            let focused = ex.focus == Focus::Editor;
            ex.editor = editor(&starter, ex.answer, &theme);
            ex.editor.set_focused(focused);
            ex.output = None;
            ex.judgement = None;
            ex.side = None;
            ex.saved_text = starter.clone();
            ex.edited_at = None;
            let key = ex.key.clone();
            app.note = Some("Reset: the starting SQL, and fresh data on the next run.".into());
            // Saving the starter (rather than deleting the draft) keeps the
            // last attempt from coming back on the next visit.
            vec![Effect::SaveDraft { key, sql: starter }]
        }
        Question::Solution => {
            ex.solution_shown = true;
            ex.side = None;
            ex.lesson_scroll = None;
            Vec::new()
        }
        Question::Skip | Question::EndDrill => Vec::new(),
    }
}

/// How to ask for the solution from `mode`: its key outside the editor;
/// in the editor, leaving it first.
fn solution_key(mode: Mode) -> String {
    key_for(mode, Action::Solution).unwrap_or_else(|| {
        format!(
            "{}, then {}",
            key_name(mode, Action::LeaveEditor),
            key_name(Mode::Browse, Action::Solution)
        )
    })
}

fn exercise_action(app: &mut App, action: Action) -> Vec<Effect> {
    let tick = app.tick;
    let mode = app.mode();
    let Some(r) = app.exercise_ref() else {
        return Vec::new();
    };
    let hints = r.exercise.hints().len();
    let has_solution = r.exercise.solution().is_some();
    let answer_kind = AnswerKind::of(r.exercise);
    let next_key = neighbour(app, 1);
    let prev_key = neighbour(app, -1);
    let job = app.job();
    let Some(ex) = exercise_mut(app) else {
        return Vec::new();
    };
    let mut note: Option<String> = None;
    let mut effects = Vec::new();
    match action {
        Action::Cancel => {
            if let Some(running) = ex.run.job() {
                effects.push(Effect::Cancel(running));
                ex.run = RunState::Idle;
                ex.output = Some(Err(crate::engine::RunError::Cancelled));
                ex.judgement = None;
                note = Some("Cancelled.".into());
            }
        }
        Action::Run => {
            if ex.busy() {
                note = Some(format!(
                    "Already running: {} cancels it.",
                    key_name(mode, Action::Cancel)
                ));
            } else if ex.editor.is_blank() {
                note = Some(match answer_kind {
                    AnswerKind::Sql => "Write some SQL in the editor first.".into(),
                    AnswerKind::Interview if !ex.solution_shown => format!(
                        "Answer aloud, then open the model answer ({}) and rate yourself against it.",
                        solution_key(mode)
                    ),
                    _ => "Type your answer in the editor first.".into(),
                });
            } else {
                effects.extend(save_draft(ex));
                ex.run = RunState::Running { job, since: tick };
                ex.judgement = None;
                ex.verdict_scroll = 0;
                ex.submitted = ex.editor.text();
                effects.push(Effect::Work(
                    job,
                    Work::Run {
                        key: ex.key.clone(),
                        sql: ex.submitted.clone(),
                        run: ex.answer == AnswerKind::Sql,
                    },
                ));
            }
        }
        Action::Hint => {
            if ex.hints_shown < hints {
                ex.hints_shown += 1;
                ex.side = None;
                ex.lesson_scroll = None;
                note = Some(format!(
                    "Hint {} of {hints} is in the lesson pane.",
                    ex.hints_shown
                ));
                effects.push(Effect::HintsShown {
                    key: ex.key.clone(),
                    shown: ex.hints_shown,
                });
            } else if hints == 0 {
                note = Some("This exercise has no hints.".into());
            } else {
                note = Some(format!(
                    "That was the last hint. The solution ({}) opens after you solve it, or after {SOLUTION_AFTER_ATTEMPTS} attempts.",
                    solution_key(mode)
                ));
            }
        }
        Action::ToggleSchema => {
            if matches!(ex.side, Some(Side::Schema(_))) {
                ex.side = None;
            } else {
                ex.side = Some(Side::Schema(Loading::Pending(job)));
                ex.side_scroll = 0;
                effects.push(Effect::Work(
                    job,
                    Work::Schema {
                        key: ex.key.clone(),
                    },
                ));
            }
        }
        Action::TogglePlan => {
            if matches!(ex.side, Some(Side::Plan(_))) {
                ex.side = None;
            } else if ex.editor.is_blank() {
                note = Some("The plan is of the editor's query: write one first.".into());
            } else {
                ex.side = Some(Side::Plan(Loading::Pending(job)));
                ex.side_scroll = 0;
                effects.push(Effect::Work(
                    job,
                    Work::Explain {
                        key: ex.key.clone(),
                        sql: ex.editor.text(),
                    },
                ));
            }
        }
        Action::Next | Action::Previous => {
            let target = if action == Action::Next {
                next_key
            } else {
                prev_key
            };
            return match target {
                Some(key) => open(app, &key),
                None => {
                    app.note = Some(if action == Action::Next {
                        "This is the last exercise of the course.".into()
                    } else {
                        "This is the first exercise of the course.".into()
                    });
                    Vec::new()
                }
            };
        }
        Action::Solution => {
            if answer_kind == AnswerKind::Interview {
                // Comparing with the model answer is how this kind is done.
                ex.solution_shown = true;
                ex.side = None;
                ex.lesson_scroll = None;
            } else if !has_solution {
                note = Some("The verdict explains the answer once you have tried.".into());
            } else if ex.solved() || ex.solution_shown {
                ex.solution_shown = true;
                ex.side = None;
                ex.lesson_scroll = None;
            } else if ex.attempts >= SOLUTION_AFTER_ATTEMPTS {
                app.overlay = Some(Overlay::Confirm(Question::Solution));
            } else {
                note = Some(format!(
                    "The solution opens once you solve it, or after {SOLUTION_AFTER_ATTEMPTS} attempts ({} so far). A hint may help: {}.",
                    ex.attempts,
                    spoken(mode, Action::Hint)
                ));
            }
        }
        Action::Reset => app.overlay = Some(Overlay::Confirm(Question::Reset)),
        Action::Undo | Action::Redo => {
            let changed = if action == Action::Undo {
                ex.editor.undo()
            } else {
                ex.editor.redo()
            };
            if changed {
                ex.edited_at = Some(tick);
            }
        }
        Action::FocusNext => {
            let mut focus = ex.focus.next();
            for _ in 0..3 {
                let skip = (focus == Focus::Verdict && ex.judgement.is_none())
                    || (focus == Focus::Result && ex.output.is_none());
                if !skip {
                    break;
                }
                focus = focus.next();
            }
            set_focus(ex, focus);
        }
        Action::LeaveEditor => set_focus(ex, Focus::Lesson),
        Action::Edit => set_focus(ex, Focus::Editor),
        Action::ToMap => return to_map(app),
        _ => {}
    }
    if note.is_some() {
        app.note = note;
    }
    effects
}

/// Back to the course map, at the exercise that was open; the map's
/// statuses and review count are read again.
fn to_map(app: &mut App) -> Vec<Effect> {
    let mut effects = leave(app);
    let selected = app
        .exercise()
        .and_then(|e| map::row_of(&app.course, &e.key))
        .unwrap_or_else(|| map::first(&app.course, app.resume.is_some()));
    app.screen = Screen::Map(MapState { selected });
    effects.push(Effect::Refresh);
    effects
}

/// What leaving the current screen takes: the draft saved, the lab closed.
fn leave(app: &mut App) -> Vec<Effect> {
    let mut effects: Vec<Effect> = exercise_mut(app).and_then(save_draft).into_iter().collect();
    // A run or grading of the exercise being left has nowhere to land.
    let running = app.exercise().and_then(|ex| ex.run.job());
    let lab_op = match &app.screen {
        Screen::Lab(lab) => lab.op.map(|(job, _)| job),
        _ => None,
    };
    effects.extend(running.into_iter().chain(lab_op).map(Effect::Cancel));
    if matches!(app.screen, Screen::Lab(_)) {
        let job = app.job();
        effects.push(Effect::Work(job, Work::LabClose));
    }
    effects
}

/// The key of the exercise `delta` steps away in course order.
fn neighbour(app: &App, delta: isize) -> Option<String> {
    let current = app.exercise()?.key.clone();
    let keys = app.keys();
    let i = keys.iter().position(|k| *k == current)? as isize + delta;
    usize::try_from(i).ok().and_then(|i| keys.get(i).cloned())
}

fn open_selected(app: &mut App) -> Vec<Effect> {
    let Screen::Map(state) = &app.screen else {
        return Vec::new();
    };
    let key = match state.selected {
        Row::Resume => app.resume.clone(),
        row => {
            let statuses = &app.statuses;
            map::target(&app.course, row, |k| {
                statuses.get(k) == Some(&ExerciseStatus::Solved)
            })
            .map(|r| r.key())
        }
    };
    match key {
        Some(key) => open(app, &key),
        None => Vec::new(),
    }
}

/// Opens an exercise, editor focused, and asks for its saved state. An
/// isolation exercise opens the lab screen.
pub fn open(app: &mut App, key: &str) -> Vec<Effect> {
    if app.course.find(key).is_none() {
        app.note = Some(format!("There is no exercise `{key}`."));
        return Vec::new();
    }
    let mut effects = leave(app);
    let r = app.course.find(key).expect("checked above");
    let lesson = r.lesson.lesson.id.clone();
    let has_examples = !r.lesson.lesson.examples.is_empty();
    if let Exercise::Isolation(x) = r.exercise {
        let form = x.form;
        effects.extend(lab::open(app, key, form));
    } else {
        let starter = r.exercise.starter().unwrap_or("").to_string();
        let answer = AnswerKind::of(r.exercise);
        let editor = editor(&starter, answer, &app.theme);
        let mut state = ExerciseState::new(key, answer, editor, Within::Course);
        state.status = app.status(key);
        app.screen = Screen::Exercise(Box::new(state));
    }
    app.overlay = None;
    app.resume = Some(key.to_string());
    effects.push(Effect::Load {
        key: key.to_string(),
    });
    effects.push(Effect::Position {
        key: key.to_string(),
    });
    if has_examples && !app.examples.contains_key(&lesson) {
        app.examples.insert(lesson.clone(), None);
        let job = app.job();
        effects.push(Effect::Work(job, Work::Examples { lesson }));
    }
    effects
}

/// An editor with the placeholder of the exercise's kind of answer.
pub(super) fn editor(text: &str, answer: AnswerKind, theme: &crate::tui::theme::Theme) -> Editor {
    let mut e = Editor::new(text, theme);
    e.set_placeholder(&answer.placeholder());
    e
}

fn on_loaded(app: &mut App, saved: Saved) -> Vec<Effect> {
    let theme = app.theme;
    let Some(ex) = exercise_mut(app).filter(|e| e.key == saved.key && !e.loaded) else {
        return Vec::new();
    };
    ex.loaded = true;
    if let Some(draft) = saved
        .draft
        .filter(|d| !d.trim().is_empty())
        .filter(|_| ex.drafts)
    {
        ex.editor = editor(&draft, ex.answer, &theme);
        ex.editor.set_focused(ex.focus == Focus::Editor);
        ex.saved_text = draft;
    }
    ex.hints_shown = saved.hints_shown;
    ex.attempts = saved.attempts;
    ex.status = saved.status;
    lab::on_loaded(app)
}

fn on_graded(app: &mut App, job: u64, outcome: Result<Box<Verdict>, Failure>) -> Vec<Effect> {
    let next_job = app.job();
    let Some(ex) = current_job(app, job) else {
        return Vec::new();
    };
    ex.run = RunState::Idle;
    let mut effects = Vec::new();
    let mut status = None;
    match outcome {
        Ok(verdict) => {
            ex.attempts += 1;
            effects.push(Effect::Record {
                key: ex.key.clone(),
                sql: ex.submitted.clone(),
                outcome: verdict.outcome.as_str(),
                passed: verdict.passed,
                headline: verdict.headline.clone(),
                elapsed_ms: verdict.elapsed_ms,
            });
            if verdict.passed {
                ex.status = ExerciseStatus::Solved;
            } else if ex.status == ExerciseStatus::New {
                ex.status = ExerciseStatus::Attempted;
            }
            status = Some(ex.status);
            ex.judgement = Some(Judgement::Verdict(verdict));
        }
        Err(failure) => ex.judgement = Some(Judgement::Unavailable(failure)),
    }
    ex.verdict_scroll = 0;
    // What the learner created may have changed the schema and the plan.
    match &ex.side {
        Some(Side::Schema(_)) => {
            ex.side = Some(Side::Schema(Loading::Pending(next_job)));
            effects.push(Effect::Work(
                next_job,
                Work::Schema {
                    key: ex.key.clone(),
                },
            ));
        }
        Some(Side::Plan(_)) => {
            ex.side = Some(Side::Plan(Loading::Pending(next_job)));
            effects.push(Effect::Work(
                next_job,
                Work::Explain {
                    key: ex.key.clone(),
                    sql: ex.editor.text(),
                },
            ));
        }
        None => {}
    }
    let key = ex.key.clone();
    if let Some(s) = status {
        app.statuses.insert(key, s);
        if s == ExerciseStatus::Solved {
            let mode = app.mode();
            app.note = Some(match key_for(mode, Action::Next) {
                Some(_) => format!("Solved! {}: next exercise.", spoken(mode, Action::Next)),
                None => "Solved!".into(),
            });
        }
    }
    effects
}

fn scroll(app: &mut App, action: Action) {
    let size = app.size;
    let resume = app.resume.is_some();
    if let Some(Overlay::Help(offset)) = &mut app.overlay {
        *offset = match action {
            Action::Up => offset.saturating_sub(1),
            Action::Down => offset.saturating_add(1),
            _ => *offset,
        };
        return;
    }
    if let Some(Overlay::Form(form)) = &mut app.overlay {
        let topics = super::drill::drill_topics(&app.course);
        match action {
            Action::Up => form.select(-1),
            Action::Down => form.select(1),
            Action::Left => form.change(&topics, -1),
            Action::Right => form.change(&topics, 1),
            _ => {}
        }
        return;
    }
    let page = layout::page_rows(size) as isize;
    match &mut app.screen {
        Screen::Map(state) => {
            state.selected = match action {
                Action::Up => map::step(&app.course, state.selected, resume, -1),
                Action::Down => map::step(&app.course, state.selected, resume, 1),
                Action::PageUp => map::step(&app.course, state.selected, resume, -page),
                Action::PageDown => map::step(&app.course, state.selected, resume, page),
                Action::Top => map::end(&app.course, resume, false),
                Action::Bottom => map::end(&app.course, resume, true),
                _ => state.selected,
            };
        }
        Screen::Exercise(_) => scroll_exercise(app, action, page),
        Screen::Lab(_) => lab::scroll(app, action, page),
        Screen::Drill(d) if d.over() => drill::scroll_report(app, action, page),
        Screen::Drill(_) => scroll_exercise(app, action, page),
    }
}

fn scroll_exercise(app: &mut App, action: Action, page: isize) {
    let side_max = layout::side_max_scroll(app);
    let lesson_max = layout::lesson_max_scroll(app);
    let verdict_max = layout::verdict_max_scroll(app);
    let auto = layout::lesson_auto_scroll(app) as usize;
    let Some(ex) = exercise_mut(app) else { return };
    let delta: isize = match action {
        Action::Up | Action::Left => -1,
        Action::Down | Action::Right => 1,
        Action::PageUp => -page,
        Action::PageDown => page,
        Action::Top => isize::MIN / 2,
        Action::Bottom => isize::MAX / 2,
        _ => 0,
    };
    let horizontal = matches!(action, Action::Left | Action::Right);
    let moved =
        |v: usize, max: usize| (v as isize).saturating_add(delta).clamp(0, max as isize) as usize;
    // Page keys in the editor scroll the lesson: read while typing.
    let target = if ex.focus == Focus::Editor {
        Focus::Lesson
    } else {
        ex.focus
    };
    match target {
        Focus::Lesson | Focus::Editor if !horizontal && ex.side.is_some() => {
            ex.side_scroll = moved(usize::from(ex.side_scroll), side_max) as u16;
        }
        Focus::Lesson | Focus::Editor if !horizontal => {
            let current = ex.lesson_scroll.map_or(auto, usize::from);
            ex.lesson_scroll = Some(moved(current, lesson_max) as u16);
        }
        Focus::Verdict if !horizontal => {
            ex.verdict_scroll = moved(ex.verdict_scroll as usize, verdict_max) as u16;
        }
        Focus::Result => {
            let (rows, cols) = match &ex.output {
                Some(Ok(out)) => (out.result.rows.len(), out.result.columns.len()),
                _ => (0, 0),
            };
            if horizontal {
                ex.result_scroll.1 = moved(ex.result_scroll.1, cols.saturating_sub(1));
            } else {
                ex.result_scroll.0 = moved(ex.result_scroll.0, rows.saturating_sub(1));
            }
        }
        _ => {}
    }
}
