//! The event loop, the only impure part: terminal setup and restore (also
//! on panic), input, the worker's messages, the progress store, drawing.

use std::collections::VecDeque;
use std::io::{self, Stdout, stdout};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use chrono::Local;

use super::app::App;
use super::msg::{DueItems, Effect, Msg, Saved};
use super::theme::Theme;
use super::update::update;
use super::view;
use super::worker::{self, Control};
use crate::drill::record::Recorder;
use crate::lesson::Course;
use crate::progress::{Store, now_ms};
use crate::review::{self, Scheduler};

/// How often time passes for the spinner and draft autosave.
pub const TICK: Duration = Duration::from_millis(100);

/// What the terminal UI starts with.
pub struct Options {
    /// The course.
    pub course: Course,
    /// The learner's progress.
    pub store: Store,
    /// Open this exercise first (`LESSON/EXERCISE`).
    pub exercise: Option<String>,
    /// Colours allowed.
    pub color: bool,
}

/// State key of the exercise to resume.
pub const LAST_EXERCISE: &str = "last_exercise";

/// Puts the terminal back: raw mode off, main screen, cursor shown.
fn restore() -> io::Result<()> {
    let raw = disable_raw_mode();
    execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show)?;
    raw
}

/// The terminal in UI mode; dropping it restores the terminal.
struct Screen {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl Screen {
    fn enter() -> io::Result<Screen> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // The engine thread catches its panics and reports them on
            // screen; any other panic ends the program: restore first.
            if std::thread::current().name() == Some(worker::THREAD_NAME) {
                return;
            }
            let _ = restore();
            previous(info);
        }));
        enable_raw_mode()?;
        let entered = execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste, Hide)
            .and_then(|_| Terminal::new(CrosstermBackend::new(stdout())));
        match entered {
            Ok(terminal) => Ok(Screen { terminal }),
            Err(e) => {
                let _ = restore();
                Err(e)
            }
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = restore();
    }
}

/// The progress side of the UI: the store, and the recorder of the drill
/// in progress (it knows which results are saved). Effects on progress are
/// carried out here, on the UI thread: each is a few small writes.
pub struct Progress {
    /// The learner's progress file.
    pub store: Store,
    recorder: Option<Recorder>,
}

impl Progress {
    /// Progress kept in `store`.
    pub fn new(store: Store) -> Self {
        Progress {
            store,
            recorder: None,
        }
    }

    /// Carries out an effect on progress; answers (a loaded exercise, the
    /// due count) go to `pending`. Other effects are handed back.
    pub fn apply(
        &mut self,
        effect: Effect,
        pending: &mut VecDeque<Msg>,
    ) -> Result<Option<Effect>, String> {
        let store = &mut self.store;
        let saved = match effect {
            Effect::Load { key } => {
                pending.push_back(Msg::Loaded(Saved {
                    draft: store.draft(&key),
                    hints_shown: store.hints_shown(&key),
                    attempts: store.attempt_count(&key),
                    status: store.status(&key),
                    key,
                }));
                Ok(())
            }
            Effect::SaveDraft { key, sql } => store.save_draft(&key, &sql),
            Effect::Record {
                key,
                sql,
                outcome,
                passed,
                headline,
                elapsed_ms,
            } => store.record_attempt(&key, &sql, outcome, passed, &headline, elapsed_ms),
            Effect::HintsShown { key, shown } => store.set_hints_shown(&key, shown),
            Effect::Position { key } => store.set(LAST_EXERCISE, &key),
            Effect::Refresh => {
                let due = review::due_count(store, Local::now()).map_err(|e| e.to_string());
                pending.push_back(Msg::Refreshed {
                    statuses: store.statuses(),
                    due,
                });
                Ok(())
            }
            Effect::LoadReview => {
                pending.push_back(Msg::ReviewDue(due_items(store)));
                Ok(())
            }
            Effect::DrillStart(session) => {
                let (recorder, problem) = Recorder::start(store, &session);
                self.recorder = Some(recorder);
                return match problem {
                    Some(p) => Err(p),
                    None => Ok(None),
                };
            }
            Effect::DrillSave(session) => {
                let problems = match &mut self.recorder {
                    Some(r) => r.save_new(store, &session),
                    None => Vec::new(),
                };
                return problems.into_iter().next().map_or(Ok(None), Err);
            }
            Effect::DrillFinish(session) => {
                let problems = match self.recorder.take() {
                    Some(mut r) => r.finish(store, &session),
                    None => Vec::new(),
                };
                return problems.into_iter().next().map_or(Ok(None), Err);
            }
            Effect::Reviewed {
                key,
                answer,
                passed,
                headline,
                rating,
            } => {
                if !answer.trim().is_empty() {
                    let outcome = if passed { "accepted" } else { "wrong" };
                    store
                        .record_attempt(&key, &answer, outcome, passed, &headline, 0)
                        .map_err(|e| format!("progress could not be saved: {e}"))?;
                }
                let next = match review::record(store, &Scheduler::new(), &key, rating, now_ms()) {
                    Ok(Some(card)) => format!(
                        "rated {rating}: next review {} (in {} day{})",
                        day(card.due_ms),
                        card.scheduled_days,
                        if card.scheduled_days == 1 { "" } else { "s" }
                    ),
                    Ok(None) => format!("rated {rating}: off the review list"),
                    Err(e) => return Err(format!("the review could not be saved: {e}")),
                };
                pending.push_back(Msg::Rescheduled { key, next });
                Ok(())
            }
            other => return Ok(Some(other)),
        };
        saved
            .map(|()| None)
            .map_err(|e| format!("progress could not be saved: {e}"))
    }
}

/// The review items due by the end of today (after enrolling the items
/// answered wrongly since the last look), or when the next one is.
fn due_items(store: &mut Store) -> Result<DueItems, String> {
    let scheduler = Scheduler::new();
    let today = review::end_of_day_ms(Local::now());
    let due = review::sync_from_attempts(store, &scheduler)
        .and_then(|_| review::due(store, today))
        .map_err(|e| format!("cannot read the review schedule: {e}"))?;
    let next = if due.is_empty() {
        review::next_due_after(store, today)
            .ok()
            .flatten()
            .map(|c| format!("{} ({})", day(c.due_ms), c.item))
    } else {
        None
    };
    Ok(DueItems {
        keys: due.into_iter().map(|c| c.item).collect(),
        next,
    })
}

/// A day as `Tue  3 Jun`, in local time.
fn day(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&Local).format("%a %e %b").to_string())
        .unwrap_or_else(|| "an unknown day".into())
}

/// Runs the terminal UI until the learner quits.
pub fn run(options: Options) -> io::Result<()> {
    let Options {
        course,
        store,
        exercise,
        color,
    } = options;
    let course = Arc::new(course);
    let statuses = store.statuses();
    let resume = store.get(LAST_EXERCISE);
    let (tx, rx): (Sender<Msg>, Receiver<Msg>) = channel();
    let control = Arc::new(Control::default());
    let (work, worker) = worker::spawn(course.clone(), control.clone(), tx);

    let mut progress = Progress::new(store);
    let started = Instant::now();
    let mut screen = Screen::enter()?;
    let size = screen.terminal.size()?;
    let mut app = App::new(
        course,
        Theme::new(color),
        statuses,
        resume,
        (size.width, size.height),
    );
    let mut pending: VecDeque<Msg> = VecDeque::new();
    if let Some(key) = exercise {
        pending.push_back(Msg::Open(key));
    }
    let mut dirty = true;
    let mut last_tick = Instant::now();
    loop {
        while let Some(msg) = pending.pop_front() {
            let quiet_tick = matches!(msg, Msg::Tick(_)) && !busy(&app);
            let clock = clock_face(&app);
            for effect in update(&mut app, msg) {
                match progress.apply(effect, &mut pending) {
                    Ok(Some(Effect::Work(job, w))) => {
                        let _ = work.send((job, w));
                    }
                    Ok(Some(Effect::Cancel(job))) => control.cancel(job),
                    Ok(_) => {}
                    Err(problem) => app.note = Some(problem),
                }
            }
            dirty |= !quiet_tick || clock_face(&app) != clock;
        }
        if app.quit {
            break;
        }
        if dirty {
            screen.terminal.draw(|frame| view::draw(frame, &app))?;
            dirty = false;
        }
        let wait = TICK.saturating_sub(last_tick.elapsed());
        if event::poll(wait)? {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    pending.push_back(Msg::Key(key))
                }
                Event::Paste(text) => pending.push_back(Msg::Paste(text)),
                Event::Resize(w, h) => pending.push_back(Msg::Resize(w, h)),
                _ => {}
            }
        }
        pending.extend(rx.try_iter());
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            pending.push_back(Msg::Tick(started.elapsed()));
        }
    }
    drop(screen);
    // Let a long grading finish on its own; the process is ending anyway.
    drop(work);
    drop(worker);
    Ok(())
}

/// What a drill's countdown shows (whole seconds left): a tick redraws
/// the screen for it only when that changes, once a second.
fn clock_face(app: &App) -> Option<u64> {
    match &app.screen {
        super::app::Screen::Drill(d) if !d.over() => d.remaining(app.now).map(|r| r.as_secs()),
        _ => None,
    }
}

/// True while something changes on screen by itself at every tick
/// (spinners).
fn busy(app: &App) -> bool {
    use super::app::{Loading, Screen, Side};
    let pending_side = app.exercise().is_some_and(|e| {
        matches!(
            e.side,
            Some(Side::Schema(Loading::Pending(_))) | Some(Side::Plan(Loading::Pending(_)))
        )
    });
    let lab_opening = matches!(&app.screen, Screen::Lab(l) if matches!(l.lab, Loading::Pending(_)));
    app.running() || pending_side || lab_opening || app.examples.values().any(Option::is_none)
}
