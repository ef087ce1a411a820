//! Drills and reviews in `update`: starting one (the form, or the items
//! due today), asking one item at a time in the exercise panes, judging and
//! scoring answers through the drill core, the countdown, and the report.
//! Saving is the runtime's, through the drill core's recorder.

use std::time::Duration;

use super::{editor, exercise_action, to_map};
use crate::drill::{self, Judged, Status, candidates, mmss, select};
use crate::grade::quiz::SelfRating;
use crate::lesson::Exercise;
use crate::progress::ExerciseStatus;
use crate::tui::app::{
    AnswerKind, App, ExerciseState, Judgement, Overlay, Question, RunState, Screen, Within,
};
use crate::tui::drill::{DrillRun, DrillState, Ending, Reviewed, seed_from};
use crate::tui::keys::{Action, Mode, key_name};
use crate::tui::msg::{DueItems, Effect, Failure, JobId, Work};
use crate::tui::view;

fn drill_mut(app: &mut App) -> Option<&mut DrillState> {
    match &mut app.screen {
        Screen::Drill(d) => Some(d),
        _ => None,
    }
}

/// Starts the drill the form describes.
pub(super) fn start(app: &mut App) -> Vec<Effect> {
    let Some(Overlay::Form(form)) = app.overlay.take() else {
        return Vec::new();
    };
    let config = form.config(seed_from(app.now));
    let selection = match select(&candidates(&app.course), &config) {
        Ok(s) => s,
        Err(e) => {
            app.note = Some(format!("No drill: {e}."));
            app.overlay = Some(Overlay::Form(form));
            return Vec::new();
        }
    };
    let session = drill::Session::new(config, selection.items);
    let mode = if session.config().exam {
        "exam: no hints, one answer each, feedback at the end".to_string()
    } else {
        format!(
            "practice: feedback after each answer, {} hints",
            key_name(Mode::DrillEditor, Action::Hint)
        )
    };
    let mut note = format!(
        "{} items · {} · seed {} · {mode}.",
        session.items().len(),
        mmss(session.countdown().limit()),
        session.config().seed
    );
    for n in &selection.notes {
        note.push_str(&format!(" Note: {n}."));
    }
    let mut effects = super::leave(app);
    effects.push(Effect::DrillStart(Box::new(session.clone())));
    app.screen = Screen::Drill(Box::new(DrillState::new(DrillRun::Timed {
        session,
        started: app.now,
    })));
    effects.extend(ask_next(app));
    app.note = Some(note);
    effects
}

/// The items due today arrived: a review starts, or there is nothing to do.
pub(super) fn on_review_due(app: &mut App, due: Result<DueItems, String>) -> Vec<Effect> {
    let due = match due {
        Ok(d) => d,
        Err(e) => {
            app.note = Some(format!("No review: {e}."));
            return Vec::new();
        }
    };
    if due.keys.is_empty() {
        app.note = Some(match due.next {
            Some(next) => format!("Nothing is due today. Next review: {next}."),
            None => "Nothing is due today, and nothing is scheduled: items you get wrong or rate low come back here.".into(),
        });
        return Vec::new();
    }
    let count = due.keys.len();
    let mut effects = super::leave(app);
    app.screen = Screen::Drill(Box::new(DrillState::new(DrillRun::Review {
        due: due.keys,
        at: 0,
        results: Vec::new(),
    })));
    effects.extend(ask_next(app));
    app.note = Some(format!(
        "Review: {count} item{} due today, no clock. {} hints; {} skips (a skipped item stays due).",
        if count == 1 { "" } else { "s" },
        key_name(Mode::DrillEditor, Action::Hint),
        key_name(Mode::DrillEditor, Action::NextItem)
    ));
    effects
}

/// Shows the next item, or the report when there is none (or time is up).
fn ask_next(app: &mut App) -> Vec<Effect> {
    let course = app.course.clone();
    let now = app.now;
    let theme = app.theme;
    let mut effects = Vec::new();
    loop {
        let Some(d) = drill_mut(app) else {
            return effects;
        };
        if d.time_up(now) {
            effects.extend(end(app, "Time is up."));
            return effects;
        }
        let Some(key) = d.current_key() else {
            let what = match d.run {
                DrillRun::Timed { .. } => "The drill is done.",
                DrillRun::Review { .. } => "The review is done.",
            };
            effects.extend(end(app, what));
            return effects;
        };
        let Some(r) = course.find(&key) else {
            pass_over(d, now, &mut effects);
            continue;
        };
        if matches!(r.exercise, Exercise::Isolation(_)) {
            // Labs are done on their own screen, from the map.
            pass_over(d, now, &mut effects);
            app.note = Some(format!(
                "`{key}` is an isolation lab: open it from the course map. Passed over for now."
            ));
            continue;
        }
        let within = match d.run {
            DrillRun::Timed { .. } => Within::Drill { exam: d.exam() },
            DrillRun::Review { .. } => Within::Review,
        };
        let answer = AnswerKind::of(r.exercise);
        let starter = r.exercise.starter().unwrap_or("");
        let item = ExerciseState::new(&key, answer, editor(starter, answer, &theme), within);
        d.item = Some(Box::new(item));
        d.tries = 0;
        d.answered = false;
        if let DrillRun::Timed {
            session, started, ..
        } = &mut d.run
        {
            session.show(now.saturating_sub(*started));
        }
        return effects;
    }
}

/// Passes over an item that cannot be asked here.
fn pass_over(d: &mut DrillState, now: Duration, effects: &mut Vec<Effect>) {
    let elapsed = d.elapsed(now);
    match &mut d.run {
        DrillRun::Timed { session, .. } => {
            session.skip("", 0, 0, elapsed);
            effects.push(Effect::DrillSave(Box::new(session.clone())));
        }
        DrillRun::Review { at, .. } => *at += 1,
    }
}

/// A key's action on the drill screen.
pub(super) fn action(app: &mut App, action: Action) -> Vec<Effect> {
    let over = drill_mut(app).is_some_and(|d| d.over());
    match action {
        Action::ToMap => to_map(app),
        _ if over => Vec::new(),
        Action::Run => run(app),
        Action::Hint => {
            let hints = app.exercise_ref().map_or(0, |r| r.exercise.hints().len());
            let Some(d) = drill_mut(app) else {
                return Vec::new();
            };
            let exam = d.exam();
            let Some(item) = d.item.as_mut() else {
                return Vec::new();
            };
            let note = if exam {
                "No hints in exam mode.".to_string()
            } else if hints == 0 {
                "This item has no hints.".to_string()
            } else if item.hints_shown >= hints {
                "That was the last hint.".to_string()
            } else {
                item.hints_shown += 1;
                item.lesson_scroll = None;
                item.side = None;
                format!(
                    "Hint {} of {hints} is under the task (each costs a quarter of a solved task's score).",
                    item.hints_shown
                )
            };
            app.note = Some(note);
            Vec::new()
        }
        Action::Solution => {
            let interview = matches!(
                app.exercise_ref().map(|r| r.exercise),
                Some(Exercise::Interview(_))
            );
            if interview {
                return exercise_action(app, action);
            }
            app.note = Some("No solutions during a drill: the report says what to review.".into());
            Vec::new()
        }
        Action::NextItem => next_item(app),
        Action::EndDrill => {
            app.overlay = Some(Overlay::Confirm(Question::EndDrill));
            Vec::new()
        }
        _ => exercise_action(app, action),
    }
}

/// Sends the answer to be judged: SQL runs first, a question's answer is
/// checked for its form.
fn run(app: &mut App) -> Vec<Effect> {
    let job = app.job();
    let tick = app.tick;
    let problem = app.exercise_ref().and_then(|r| {
        let text = app.exercise()?.editor.text();
        match r.exercise {
            Exercise::Choice(_) | Exercise::Predict(_) | Exercise::Interview(_)
                if !text.trim().is_empty() =>
            {
                drill::validate(r, text.trim()).err()
            }
            _ => None,
        }
    });
    let Some(d) = drill_mut(app) else {
        return Vec::new();
    };
    let tries = d.tries;
    let answered = d.answered;
    let Some(item) = d.item.as_mut() else {
        return Vec::new();
    };
    let note = if item.busy() {
        Some(format!(
            "Already running: {} cancels it.",
            key_name(Mode::DrillEditor, Action::Cancel)
        ))
    } else if answered {
        Some(format!("Answered: {} for the next item.", next_keys()))
    } else if item.editor.is_blank() {
        Some("Write your answer in the editor first.".to_string())
    } else {
        problem
    };
    if let Some(n) = note {
        app.note = Some(n);
        return Vec::new();
    }
    let sql = item.answer == AnswerKind::Sql;
    item.submitted = if sql {
        item.editor.text()
    } else {
        item.editor.text().trim().to_string()
    };
    item.run = if sql {
        RunState::Running { job, since: tick }
    } else {
        RunState::Grading { job, since: tick }
    };
    item.judgement = None;
    item.verdict_scroll = 0;
    vec![Effect::Work(
        job,
        Work::Judge {
            key: item.key.clone(),
            sql: item.submitted.clone(),
            run: sql,
            hints: item.hints_shown,
            wrong_tries: tries,
        },
    )]
}

/// A judged answer: shown (or, in an exam, only recorded), scored, saved.
/// A wrong SQL answer in practice may be tried again.
pub(super) fn on_judged(
    app: &mut App,
    job: JobId,
    outcome: Result<Box<Judged>, Failure>,
) -> Vec<Effect> {
    let now = app.now;
    let Some(d) = drill_mut(app).filter(|d| !d.over()) else {
        return Vec::new();
    };
    let exam = d.exam();
    let Some(item) = d.item.as_mut().filter(|i| i.run.job() == Some(job)) else {
        return Vec::new();
    };
    item.run = RunState::Idle;
    let judged = match outcome {
        Ok(j) => j,
        Err(failure) => {
            item.judgement = Some(Judgement::Unavailable(failure));
            app.note = Some(format!(
                "This item cannot be graded: {} passes over it.",
                key_name(Mode::DrillEditor, Action::NextItem)
            ));
            return Vec::new();
        }
    };
    d.tries += 1;
    let passed = judged.verdict.passed;
    let sql = item.answer == AnswerKind::Sql;
    if exam {
        item.judgement = Some(Judgement::Recorded);
    } else {
        item.judgement = Some(Judgement::Verdict(Box::new(judged.verdict.clone())));
        if passed {
            item.status = ExerciseStatus::Solved;
        }
    }
    if sql && !passed && !exam {
        app.note = Some(format!(
            "Not yet: fix it and run again ({}); {} for a hint, {} to skip.",
            key_name(Mode::DrillEditor, Action::Run),
            key_name(Mode::DrillEditor, Action::Hint),
            key_name(Mode::DrillEditor, Action::NextItem)
        ));
        return Vec::new();
    }
    let answer = item.submitted.clone();
    let hints = item.hints_shown;
    let key = item.key.clone();
    let title = app
        .course
        .find(&key)
        .map(|r| r.exercise.title().to_string())
        .unwrap_or_default();
    let Some(d) = drill_mut(app) else {
        return Vec::new();
    };
    let tries = d.tries;
    let elapsed = d.elapsed(now);
    let mut effects = Vec::new();
    match &mut d.run {
        DrillRun::Timed { session, .. } => {
            let late = session
                .answer(&judged, &answer, hints, tries, elapsed)
                .is_some_and(|a| a.status == Status::TimeUp);
            effects.push(Effect::DrillSave(Box::new(session.clone())));
            if late {
                effects.extend(end(
                    app,
                    "Time was up before that answer came in: it is not scored.",
                ));
                return effects;
            }
        }
        DrillRun::Review { results, .. } => {
            results.push(Reviewed {
                key: key.clone(),
                title,
                rating: judged.rating,
                passed,
                next: None,
            });
            effects.push(Effect::Reviewed {
                key,
                answer,
                passed,
                headline: judged.verdict.headline.clone(),
                rating: judged.rating,
            });
        }
    }
    if exam {
        effects.extend(advance(app));
        if drill_mut(app).is_some_and(|d| !d.over()) {
            app.note = Some("Answer recorded; the report says how it went.".into());
        }
        return effects;
    }
    d.answered = true;
    app.note = Some(format!("{}: next item.", next_keys()));
    effects
}

/// The keys for the next item: in the editor, and outside it.
fn next_keys() -> String {
    format!(
        "{} (or {} outside the editor)",
        key_name(Mode::DrillEditor, Action::NextItem),
        key_name(Mode::DrillBrowse, Action::NextItem)
    )
}

/// When a reviewed item comes back.
pub(super) fn on_rescheduled(app: &mut App, key: &str, next: String) -> Vec<Effect> {
    let Some(d) = drill_mut(app) else {
        return Vec::new();
    };
    if let DrillRun::Review { results, .. } = &mut d.run
        && let Some(r) = results
            .iter_mut()
            .rev()
            .find(|r| r.key == key && r.next.is_none())
    {
        r.next = Some(next.clone());
        if !d.over() {
            let mut first = next.chars();
            let next = first
                .next()
                .map(|c| c.to_uppercase().collect::<String>() + first.as_str())
                .unwrap_or_default();
            app.note = Some(format!("{next}. {}: next item.", next_keys()));
        }
    }
    Vec::new()
}

/// Ctrl-N: the next item once this one is answered; else asks to skip it.
fn next_item(app: &mut App) -> Vec<Effect> {
    let Some(d) = drill_mut(app) else {
        return Vec::new();
    };
    if d.item.as_ref().is_some_and(|i| i.busy()) {
        app.note = Some(format!(
            "Wait for the verdict ({} cancels it).",
            key_name(Mode::DrillEditor, Action::Cancel)
        ));
        return Vec::new();
    }
    if d.answered {
        return advance(app);
    }
    app.overlay = Some(Overlay::Confirm(Question::Skip));
    Vec::new()
}

/// Moves past an answered item.
fn advance(app: &mut App) -> Vec<Effect> {
    if let Some(d) = drill_mut(app) {
        if let DrillRun::Review { at, .. } = &mut d.run {
            *at += 1;
        }
        d.answered = false;
        d.item = None;
    }
    ask_next(app)
}

/// Passes over the item being asked: it scores 0 (a review item stays due).
pub(super) fn skip(app: &mut App) -> Vec<Effect> {
    let now = app.now;
    let title = app
        .exercise_ref()
        .map(|r| r.exercise.title().to_string())
        .unwrap_or_default();
    let Some(d) = drill_mut(app) else {
        return Vec::new();
    };
    let Some(item) = d.item.take() else {
        return Vec::new();
    };
    let elapsed = d.elapsed(now);
    let tries = d.tries;
    let mut effects = Vec::new();
    match &mut d.run {
        DrillRun::Timed { session, .. } => {
            session.skip(&item.submitted, item.hints_shown, tries, elapsed);
            effects.push(Effect::DrillSave(Box::new(session.clone())));
        }
        DrillRun::Review { at, results, .. } => {
            results.push(Reviewed {
                key: item.key.clone(),
                title,
                rating: SelfRating::Again,
                passed: false,
                next: None,
            });
            effects.push(Effect::Reviewed {
                key: item.key.clone(),
                answer: String::new(),
                passed: false,
                headline: "Skipped.".into(),
                rating: SelfRating::Again,
            });
            *at += 1;
        }
    }
    d.answered = false;
    effects.extend(ask_next(app));
    effects
}

/// Ends the drill (its report) or the review (its summary).
pub(super) fn end(app: &mut App, note: &str) -> Vec<Effect> {
    let now = app.now;
    let course = app.course.clone();
    let Some(d) = drill_mut(app) else {
        return Vec::new();
    };
    if d.over() {
        return Vec::new();
    }
    let elapsed = d.elapsed(now);
    // An answer still being judged has no item to land on: stop it, so
    // the worker is free for what comes next.
    let mut effects: Vec<Effect> = d
        .item
        .as_ref()
        .and_then(|item| item.run.job())
        .map(Effect::Cancel)
        .into_iter()
        .collect();
    d.ending = Some(match &mut d.run {
        DrillRun::Timed { session, .. } => {
            session.end(elapsed);
            effects.push(Effect::DrillFinish(Box::new(session.clone())));
            Ending::Drill(Box::new(drill::report::build(session, &course, elapsed)))
        }
        DrillRun::Review { .. } => Ending::Review,
    });
    d.item = None;
    d.report_scroll = 0;
    app.note = Some(note.to_string());
    effects
}

/// Each tick: a drill whose time ran out ends.
pub(super) fn on_time(app: &mut App) -> Vec<Effect> {
    let now = app.now;
    match &app.screen {
        Screen::Drill(d) if !d.over() && d.time_up(now) => end(app, "Time is up."),
        _ => Vec::new(),
    }
}

/// Quitting in the middle of a drill ends it, so its score is saved.
pub(super) fn on_quit(app: &mut App) -> Vec<Effect> {
    match &app.screen {
        Screen::Drill(d) if !d.over() && matches!(d.run, DrillRun::Timed { .. }) => {
            end(app, "Drill ended.")
        }
        _ => Vec::new(),
    }
}

/// Scrolls the report.
pub(super) fn scroll_report(app: &mut App, action: Action, page: isize) {
    let max = view::report::max_scroll(app);
    let Some(d) = drill_mut(app) else {
        return;
    };
    let delta: isize = match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -page,
        Action::PageDown => page,
        Action::Top => isize::MIN / 2,
        Action::Bottom => isize::MAX / 2,
        _ => 0,
    };
    d.report_scroll = (d.report_scroll as isize)
        .saturating_add(delta)
        .clamp(0, max as isize) as u16;
}
