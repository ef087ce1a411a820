//! The terminal UI: `update` driven by messages without a terminal,
//! snapshots of the screens on a test backend, and the real binary in a
//! pseudo-terminal.
#![cfg(feature = "tui")]

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sqldojo::drill::Status;
use sqldojo::engine::RunError;
use sqldojo::grade::compare::RowDiff;
use sqldojo::lesson::{Course, CourseSource};
use sqldojo::progress::{ExerciseStatus, Store};
use sqldojo::tui::app::{App, Focus, Judgement, Overlay, RunState, Screen};
use sqldojo::tui::drill::{DrillForm, DrillState, Ending};
use sqldojo::tui::keys::{Action, Mode};
use sqldojo::tui::lab::{LabSnapshot, LabState};
use sqldojo::tui::map::Row;
use sqldojo::tui::msg::{Effect, Failure, Msg, Work};
use sqldojo::tui::runtime::{LAST_EXERCISE, Progress};
use sqldojo::tui::theme::Theme;
use sqldojo::tui::update::update;
use sqldojo::tui::view;
use sqldojo::tui::worker::{Control, Engine};

const INNER: &str = "joins-inner/names-and-amounts";
const RIGHT: &str = "SELECT u.name, o.amount FROM users AS u JOIN orders AS o ON o.user_id = u.id";
const LEFT_JOIN: &str =
    "SELECT u.name, o.amount FROM users AS u LEFT JOIN orders AS o ON o.user_id = u.id";

fn load(source: CourseSource) -> Arc<Course> {
    let loaded = Course::load(source).expect("the course loads");
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    Arc::new(loaded.course)
}

/// The bundled course.
fn course() -> Arc<Course> {
    load(CourseSource::Bundled)
}

/// A frozen copy of two bundled lessons: screens and behaviour tests do not
/// change when the bundled course grows.
fn fixture() -> Arc<Course> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    load(CourseSource::Dir(dir))
}

/// The app with its effects carried out synchronously: the progress store
/// in memory, the engine called in place of its thread.
struct Harness {
    app: App,
    progress: Progress,
    engine: Engine,
    effects: Vec<Effect>,
}

impl Harness {
    /// On the fixture course.
    fn new(size: (u16, u16)) -> Self {
        Self::with_store(Store::in_memory("fixture"), size)
    }

    /// On the bundled course (for the kinds only it has).
    fn bundled(size: (u16, u16)) -> Self {
        Self::on(course(), Store::in_memory("bundled"), size)
    }

    fn with_store(store: Store, size: (u16, u16)) -> Self {
        Self::on(fixture(), store, size)
    }

    fn on(course: Arc<Course>, store: Store, size: (u16, u16)) -> Self {
        let app = App::new(
            course.clone(),
            Theme::new(false),
            store.statuses(),
            store.get(LAST_EXERCISE),
            size,
        );
        Harness {
            app,
            progress: Progress::new(store),
            engine: Engine::new(course, Arc::new(Control::default())),
            effects: Vec::new(),
        }
    }

    fn send(&mut self, msg: Msg) {
        let mut queue = VecDeque::from([msg]);
        while let Some(msg) = queue.pop_front() {
            for effect in update(&mut self.app, msg) {
                self.effects.push(effect.clone());
                if let Some(Effect::Work(job, work)) =
                    self.progress.apply(effect, &mut queue).unwrap()
                {
                    let mut out = Vec::new();
                    self.engine.handle(job, work, &mut |m| out.push(m));
                    queue.extend(out.into_iter().map(steady));
                }
            }
        }
    }

    fn act(&mut self, action: Action) {
        self.send(Msg::Do(action));
    }

    fn key(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.send(Msg::Key(KeyEvent::new(code, mods)));
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let code = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            self.key(code, KeyModifiers::NONE);
        }
    }

    fn exercise(&self) -> &sqldojo::tui::app::ExerciseState {
        self.app.exercise().expect("an exercise is open")
    }

    fn verdict(&self) -> &sqldojo::grade::Verdict {
        match &self.exercise().judgement {
            Some(Judgement::Verdict(v)) => v,
            other => panic!("no verdict: {other:?}"),
        }
    }

    fn screen(&self) -> String {
        let (w, h) = self.app.size;
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| view::draw(f, &self.app)).unwrap();
        terminal.backend().to_string()
    }
}

/// Timings vary from run to run; snapshots must not.
fn steady(msg: Msg) -> Msg {
    match msg {
        Msg::Ran {
            job,
            outcome: Ok(mut out),
        } => {
            out.result.elapsed = Duration::ZERO;
            Msg::Ran {
                job,
                outcome: Ok(out),
            }
        }
        Msg::Graded {
            job,
            outcome: Ok(mut v),
        } => {
            v.elapsed_ms = 0;
            if let Some(r) = &mut v.result {
                r.elapsed = Duration::ZERO;
            }
            Msg::Graded {
                job,
                outcome: Ok(v),
            }
        }
        other => other,
    }
}

#[test]
fn open_type_run_and_pass() {
    let mut h = Harness::new((80, 24));
    h.send(Msg::Open(INNER.into()));
    assert_eq!(
        h.exercise().focus,
        Focus::Editor,
        "opens with the editor focused"
    );
    h.type_text(RIGHT);
    assert_eq!(h.exercise().editor.text(), RIGHT);
    h.key(KeyCode::Char('r'), KeyModifiers::CONTROL);
    let v = h.verdict();
    assert!(v.passed, "{:?}", v.messages);
    assert!(v.variants_checked > 0);
    assert_eq!(h.app.status(INNER), ExerciseStatus::Solved);
    assert_eq!(h.progress.store.status(INNER), ExerciseStatus::Solved);
    assert_eq!(h.progress.store.attempt_count(INNER), 1);
    let out = h.exercise().output.clone().unwrap().unwrap();
    assert_eq!(out.result.total_rows, 6);
    let screen = h.screen();
    assert!(screen.contains("✓ Correct!"), "{screen}");
    assert!(h.app.note.as_deref().unwrap_or("").contains("Solved"));
}

#[test]
fn a_wrong_answer_shows_the_diff_and_the_targeted_message() {
    let mut h = Harness::new((100, 40));
    h.send(Msg::Open(INNER.into()));
    h.type_text(LEFT_JOIN);
    h.key(KeyCode::F(5), KeyModifiers::NONE);
    let v = h.verdict().clone();
    assert!(!v.passed);
    match v.diff.as_ref().unwrap() {
        RowDiff::Rows {
            extra_count,
            missing_count,
            ..
        } => assert_eq!((*extra_count, *missing_count), (2, 0)),
        other => panic!("{other:?}"),
    }
    assert!(v.known_mistake.as_deref().unwrap().contains("LEFT JOIN"));
    let screen = h.screen();
    assert!(
        screen.contains("✗ Not yet: 2 rows that should not be there."),
        "{screen}"
    );
    assert!(
        screen.contains("+ Bob"),
        "extra rows are marked with +: {screen}"
    );
    assert!(
        screen.contains("A LEFT JOIN also keeps users without orders"),
        "{screen}"
    );
    assert_eq!(h.progress.store.status(INNER), ExerciseStatus::Attempted);
    assert_eq!(h.app.status(INNER), ExerciseStatus::Attempted);
}

#[test]
fn hints_come_one_at_a_time_and_are_remembered() {
    let mut h = Harness::new((80, 24));
    h.send(Msg::Open(INNER.into()));
    h.key(KeyCode::Esc, KeyModifiers::NONE); // leave the editor: letters are commands
    h.key(KeyCode::Char('h'), KeyModifiers::NONE);
    assert_eq!(h.exercise().hints_shown, 1);
    assert_eq!(h.progress.store.hints_shown(INNER), 1);
    let screen = h.screen();
    assert!(
        screen.contains("Hint 1: Which column of orders"),
        "{screen}"
    );
    assert!(!screen.contains("Hint 2"), "{screen}");
    h.act(Action::Hint);
    h.act(Action::Hint);
    assert_eq!(h.exercise().hints_shown, 2, "there are two hints");
    assert!(h.app.note.as_deref().unwrap().contains("last hint"));
    // Reopening the exercise shows the hints already seen.
    h.act(Action::ToMap);
    h.send(Msg::Open(INNER.into()));
    assert_eq!(h.exercise().hints_shown, 2);
}

#[test]
fn reset_asks_first_then_restores_the_start_for_good() {
    let mut h = Harness::new((80, 24));
    h.send(Msg::Open(INNER.into()));
    h.type_text(LEFT_JOIN);
    h.act(Action::Run);
    h.act(Action::LeaveEditor);
    h.key(KeyCode::Char('R'), KeyModifiers::SHIFT);
    assert!(matches!(h.app.overlay, Some(Overlay::Confirm(_))));
    assert!(h.screen().contains("Are you sure?"));
    h.key(KeyCode::Char('n'), KeyModifiers::NONE);
    assert_eq!(h.exercise().editor.text(), LEFT_JOIN, "no keeps the text");
    h.act(Action::Reset);
    h.key(KeyCode::Char('y'), KeyModifiers::NONE);
    assert!(h.exercise().editor.is_blank());
    assert!(h.exercise().judgement.is_none() && h.exercise().output.is_none());
    // The last attempt does not come back on the next visit.
    h.act(Action::ToMap);
    h.send(Msg::Open(INNER.into()));
    assert!(h.exercise().editor.is_blank());
    assert_eq!(h.progress.store.attempt_count(INNER), 1, "progress is kept");
}

#[test]
fn the_last_attempt_and_the_position_are_restored() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (store, _) = Store::open(dir.path(), "bundled").unwrap();
        let mut h = Harness::with_store(store, (80, 24));
        h.send(Msg::Open("joins-inner/paid-orders".into()));
        h.type_text("SELECT 1");
        h.act(Action::Quit);
        assert!(h.app.quit);
        assert!(h.effects.contains(&Effect::Quit));
    }
    let (store, _) = Store::open(dir.path(), "bundled").unwrap();
    let mut h = Harness::with_store(store, (80, 24));
    match &h.app.screen {
        Screen::Map(m) => assert_eq!(m.selected, Row::Resume),
        _ => panic!("starts on the map"),
    }
    assert!(
        h.screen()
            .contains("Continue: Inner joins › Paid orders with names")
    );
    h.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(h.exercise().key, "joins-inner/paid-orders");
    assert_eq!(h.exercise().editor.text(), "SELECT 1");
}

#[test]
fn first_launch_shows_the_first_topics_lessons() {
    let h = Harness::bundled((80, 24));
    let screen = h.screen();
    let c = course();
    for lesson in &c.topics[0].lessons {
        assert!(
            screen.contains(&lesson.lesson.title),
            "{} missing:\n{screen}",
            lesson.lesson.title
        );
    }
}

#[test]
fn the_solution_waits_for_success_or_attempts_and_a_yes() {
    let mut h = Harness::new((80, 24));
    h.send(Msg::Open(INNER.into()));
    h.act(Action::Solution);
    assert!(!h.exercise().solution_shown);
    assert!(h.app.note.as_deref().unwrap().contains("3 attempts"));
    h.type_text("SELECT 1, 2");
    for _ in 0..3 {
        h.act(Action::Run);
    }
    assert_eq!(h.exercise().attempts, 3);
    h.act(Action::Solution);
    assert_eq!(
        h.app.overlay,
        Some(Overlay::Confirm(sqldojo::tui::app::Question::Solution))
    );
    h.act(Action::Yes);
    assert!(h.exercise().solution_shown);
    let screen = h.screen();
    assert!(screen.contains("Reference solution"), "{screen}");
}

#[test]
fn choice_questions_are_answered_with_letters() {
    let c = course();
    let (key, right, wrong) = c
        .exercises()
        .find_map(|r| match r.exercise {
            sqldojo::lesson::Exercise::Choice(q) if !q.multiple => {
                let right = q.options.iter().position(|o| o.correct)?;
                let wrong = q.options.iter().position(|o| !o.correct)?;
                let letter = |i: usize| ((b'a' + i as u8) as char).to_string();
                Some((r.key(), letter(right), letter(wrong)))
            }
            _ => None,
        })
        .expect("the course has a single-answer choice question");
    let mut h = Harness::bundled((100, 40));
    h.send(Msg::Open(key.clone()));
    let screen = h.screen();
    assert!(screen.contains("a)") && screen.contains("b)"), "{screen}");
    assert!(screen.contains("Answer — editing"), "{screen}");
    h.type_text(&wrong);
    h.act(Action::Run);
    assert!(!h.verdict().passed);
    assert!(h.exercise().output.is_none(), "letters are not run as SQL");
    h.send(Msg::Paste(String::new()));
    h.key(KeyCode::Backspace, KeyModifiers::NONE);
    h.type_text(&right);
    h.act(Action::Run);
    assert!(h.verdict().passed, "{:?}", h.verdict().messages);
    assert_eq!(h.progress.store.status(&key), ExerciseStatus::Solved);
}

#[test]
fn choice_options_written_as_sql_show_their_query() {
    let mut h = Harness::bundled((100, 40));
    h.send(Msg::Open("joins-quiz/never-ordered".into()));
    let screen = h.screen();
    for shown in [
        "WHERE id NOT IN (SELECT user_id FROM orders)",
        "WHERE NOT EXISTS (SELECT * FROM orders WHERE orders.user_id = u.id)",
    ] {
        assert!(screen.contains(shown), "{shown} is missing:\n{screen}");
    }
}

#[test]
fn interview_questions_reveal_the_model_answer_then_take_a_rating() {
    let key = "joins-interview/join-types";
    let mut h = Harness::bundled((100, 40));
    h.send(Msg::Open(key.into()));
    let screen = h.screen();
    assert!(
        screen.contains("Walk me through"),
        "the question shows: {screen}"
    );
    h.act(Action::LeaveEditor);
    h.key(KeyCode::Char('S'), KeyModifiers::SHIFT);
    assert!(
        h.exercise().solution_shown,
        "no gate: comparing is the exercise"
    );
    let doc: String = sqldojo::tui::view::lesson::document(&h.app, h.exercise(), 99)
        .lines
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        doc.contains("Model answer") && doc.contains("Key points"),
        "{doc}"
    );
    assert!(doc.contains("1. INNER keeps only matching pairs"), "{doc}");
    h.act(Action::Edit);
    h.type_text("good 1,2,3");
    h.act(Action::Run);
    assert!(h.verdict().passed, "{:?}", h.verdict().messages);
    assert!(
        h.verdict().headline.contains("3 of 6 key points"),
        "{}",
        h.verdict().headline
    );
}

#[test]
fn an_interview_asks_for_the_model_answer_before_a_rating() {
    let mut h = Harness::bundled((80, 24));
    h.send(Msg::Open("joins-interview/join-types".into()));
    let screen = h.screen();
    // The empty box's placeholder wraps instead of being cut at the edge,
    // and the verdict pane does not ask for a check before the reveal.
    assert!(screen.contains("shows the model answer"), "{screen}");
    assert!(!screen.contains("to check your answer"), "{screen}");
    assert!(screen.contains("open the model answer (S"), "{screen}");
    h.act(Action::Run);
    let note = h.app.note.clone().unwrap_or_default();
    assert!(
        note.contains("open the model answer (Esc, then S)"),
        "Ctrl-R on the empty box says what to do first: {note}"
    );
    assert!(!note.contains("SQL"), "an interview is not SQL: {note}");
}

#[test]
fn a_long_note_wraps_above_the_status_bar_instead_of_being_cut() {
    let mut h = Harness::new((80, 24));
    h.send(Msg::Open(INNER.into()));
    h.act(Action::LeaveEditor);
    for _ in 0..5 {
        h.act(Action::Hint);
    }
    let note = h.app.note.clone().expect("a note after the last hint");
    assert!(note.len() > 80, "the note is long: {note}");
    let screen = h.screen();
    let flat: String = screen
        .lines()
        .map(|l| l.trim_matches('"').trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("attempts."), "the note's end shows: {screen}");
}

/// Every string literal in the TUI's messages, views and updates: none may
/// name a key by hand (they come from the keymap through `keys::key_name`
/// and `keys::spoken`), so the prose cannot drift from what keys do.
#[test]
fn messages_name_keys_only_through_the_keymap() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let mut files = vec![root.join("app.rs"), root.join("update.rs")];
    for dir in ["update", "view"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    let names = [
        "Ctrl-", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "Esc", "Enter", "Space", "Tab",
        "PgUp", "PgDn", "(S)", "press S", "(i)", "R runs", "R starts", "h or", "n or", "i or",
    ];
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") || code.starts_with("#[") {
                continue;
            }
            // The quoted parts of the line.
            for literal in code.split('"').skip(1).step_by(2) {
                if let Some(name) = names.iter().find(|k| literal.contains(*k)) {
                    found.push(format!(
                        "{}:{}: {name} in {literal:?}",
                        file.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "hand-written key names:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_plan_exercise_grades_the_whole_editor_text() {
    // Setup statements (the index) then the query: Ctrl-R grades all of
    // it, and the plan report shows under the verdict.
    let key = "indexes-composite-order/category-under-price";
    let c = course();
    let solution = c
        .find(key)
        .unwrap()
        .exercise
        .solution()
        .unwrap()
        .to_string();
    assert!(
        solution.trim_start().starts_with("CREATE INDEX"),
        "{solution}"
    );
    let mut h = Harness::bundled((140, 45));
    h.send(Msg::Open(key.into()));
    // The editor starts with the query alone, which is graded on its plan.
    h.key(KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert!(!h.verdict().passed, "the starter fails the plan rules");
    assert!(h.screen().contains("Plan of your query:"));
    // Replace it with the index and the query.
    let starter_lines = h.exercise().editor.text().lines().count();
    for _ in 0..starter_lines + 1 {
        h.key(KeyCode::Char('a'), KeyModifiers::CONTROL);
        h.key(KeyCode::Char('k'), KeyModifiers::CONTROL);
        h.key(KeyCode::Backspace, KeyModifiers::NONE);
    }
    assert!(
        h.exercise().editor.is_blank(),
        "{}",
        h.exercise().editor.text()
    );
    h.send(Msg::Paste(solution.clone()));
    h.key(KeyCode::Char('r'), KeyModifiers::CONTROL);
    let v = h.verdict().clone();
    assert!(v.passed, "{:?}", v.messages);
    assert!(
        v.plan.is_some(),
        "a plan exercise's verdict carries its plan report"
    );
    let screen = h.screen();
    assert!(screen.contains("Plan of your query:"), "{screen}");
    assert!(
        screen.contains("USING INDEX products_category_price"),
        "{screen}"
    );
    assert!(!screen.contains("graded from the REPL"), "{screen}");
    assert_eq!(h.progress.store.status(key), ExerciseStatus::Solved);
    assert_eq!(
        h.progress
            .store
            .attempts(Some(key))
            .unwrap()
            .last()
            .unwrap()
            .sql
            .trim(),
        solution.trim(),
        "the attempt records everything the editor held"
    );
}

#[test]
fn schema_shows_what_the_learner_created() {
    let mut h = Harness::new((140, 45));
    h.send(Msg::Open(INNER.into()));
    h.act(Action::ToggleSchema);
    let screen = h.screen();
    assert!(
        screen.contains("users") && screen.contains("PK id"),
        "{screen}"
    );
    h.type_text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL); SELECT 1");
    h.act(Action::Run);
    let screen = h.screen();
    assert!(screen.contains("notes"), "{screen}");
    assert!(
        screen.contains("body") && screen.contains("TEXT NOT NULL"),
        "{screen}"
    );
    h.act(Action::ToggleSchema);
    assert!(h.exercise().side.is_none());
}

#[test]
fn plan_shows_the_tree() {
    let mut h = Harness::new((140, 45));
    h.send(Msg::Open(INNER.into()));
    h.type_text(RIGHT);
    h.act(Action::TogglePlan);
    let screen = h.screen();
    assert!(screen.contains("SCAN"), "{screen}");
    assert!(
        screen.contains("SEARCH u USING INTEGER PRIMARY KEY"),
        "{screen}"
    );
}

#[test]
fn undo_redo_and_paste() {
    let mut h = Harness::new((80, 24));
    h.send(Msg::Open(INNER.into()));
    h.send(Msg::Paste("SELECT 1\r\nFROM users".into()));
    assert_eq!(h.exercise().editor.text(), "SELECT 1\nFROM users");
    h.key(KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert!(h.exercise().editor.is_blank());
    h.key(KeyCode::Char('y'), KeyModifiers::CONTROL);
    assert_eq!(h.exercise().editor.text(), "SELECT 1\nFROM users");
}

#[test]
fn next_and_previous_walk_the_course() {
    let mut h = Harness::new((80, 24));
    h.send(Msg::Open(INNER.into()));
    h.key(KeyCode::F(8), KeyModifiers::NONE);
    assert_eq!(h.exercise().key, "joins-inner/paid-orders");
    h.key(KeyCode::F(7), KeyModifiers::NONE);
    assert_eq!(h.exercise().key, INNER);
    h.act(Action::Previous);
    assert_eq!(h.exercise().key, INNER);
    assert!(h.app.note.as_deref().unwrap().contains("first exercise"));
}

#[test]
fn a_million_rows_keep_a_thousand_and_count_the_rest() {
    let mut h = Harness::new((80, 24));
    h.send(Msg::Open(INNER.into()));
    h.type_text(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000000) SELECT x, x FROM n",
    );
    h.act(Action::Run);
    let out = h.exercise().output.clone().unwrap().unwrap();
    assert_eq!(out.result.total_rows, 1_000_000);
    assert_eq!(out.result.rows.len(), 1000);
    let screen = h.screen();
    assert!(
        screen.contains("1,000,000 rows — kept the first 1,000"),
        "{screen}"
    );
    // The result scrolls: to the bottom of what was kept.
    h.act(Action::LeaveEditor);
    h.act(Action::FocusNext);
    h.act(Action::FocusNext);
    h.act(Action::FocusNext);
    assert_eq!(h.exercise().focus, Focus::Result);
    h.act(Action::Bottom);
    assert_eq!(h.exercise().result_scroll.0, 999);
    h.act(Action::Right);
    assert_eq!(h.exercise().result_scroll.1, 1);
}

#[test]
fn escape_cancels_a_running_query_on_the_worker_thread() {
    let c = course();
    let (tx, rx) = channel();
    let control = Arc::new(Control::default());
    let (work, _thread) = sqldojo::tui::worker::spawn(c.clone(), control.clone(), tx);
    let mut app = App::new(c, Theme::new(false), Default::default(), None, (80, 24));
    for effect in update(&mut app, Msg::Open(INNER.into())) {
        if let Effect::Work(job, w) = effect {
            work.send((job, w)).unwrap();
        }
    }
    let endless =
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n";
    update(&mut app, Msg::Paste(endless.into()));
    let effects = update(&mut app, Msg::Do(Action::Run));
    let Some(Effect::Work(job, run)) = effects.into_iter().find(|e| matches!(e, Effect::Work(..)))
    else {
        panic!("run asks for work");
    };
    assert!(matches!(run, Work::Run { .. }));
    work.send((job, run)).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let effects = update(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert_eq!(effects, vec![Effect::Cancel(job)]);
    control.cancel(job);
    assert!(!app.running(), "the UI is free at once");
    // The worker reports the cancelled run well before the 2 s deadline.
    loop {
        let msg = rx.recv_timeout(Duration::from_secs(5)).expect("an answer");
        if let Msg::Ran { job: j, outcome } = msg
            && j == job
        {
            assert_eq!(outcome, Err(Failure::Run(RunError::Cancelled)));
            break;
        }
    }
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn too_small_a_terminal_gets_a_message() {
    let h = Harness::new((50, 12));
    let screen = h.screen();
    assert!(
        screen.contains("needs a terminal of at least 60×18"),
        "{screen}"
    );
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut h = Harness::new((100, 40));
    h.key(KeyCode::F(1), KeyModifiers::NONE);
    let screen = h.screen();
    assert!(
        screen.contains("Run and grade the SQL in the editor"),
        "{screen}"
    );
    let help: String = sqldojo::tui::view::overlay::help_lines(&h.app)
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    for b in sqldojo::tui::keys::BINDINGS {
        assert!(help.contains(b.help), "{} not in help:\n{help}", b.help);
        for k in b.keys {
            assert!(help.contains(&k.to_string()), "{k} not in help");
        }
    }
    h.key(KeyCode::Esc, KeyModifiers::NONE);
    assert!(h.app.overlay.is_none());
}

// ------------------------------------------------------------ isolation lab

const LOST_UPDATE: &str = "isolation-lost-update/lost-update";
const ATOMIC: &str = "isolation-lost-update/atomic-increment";

impl Harness {
    fn lab(&self) -> &LabState {
        match &self.app.screen {
            Screen::Lab(lab) => lab,
            _ => panic!("no lab is open"),
        }
    }

    fn snapshot(&self) -> &LabSnapshot {
        self.lab().snapshot().expect("the lab is open")
    }

    fn space(&mut self) {
        self.key(KeyCode::Char(' '), KeyModifiers::NONE);
    }

    fn enter(&mut self) {
        self.key(KeyCode::Enter, KeyModifiers::NONE);
    }

    /// Steps until the lab asks for a prediction (or the schedule ends).
    fn step_to_question(&mut self) {
        while self.lab().asking.is_none() && !self.snapshot().finished() {
            self.space();
        }
    }
}

#[test]
fn the_lab_steps_through_a_lost_update_and_grades_the_predictions() {
    let mut h = Harness::new((100, 32));
    h.send(Msg::Open(LOST_UPDATE.into()));
    let snap = h.snapshot();
    let sessions: Vec<String> = snap.sessions.iter().map(|s| s.id.to_string()).collect();
    assert_eq!(sessions, ["A", "B"]);
    assert_eq!(snap.schedule.len(), 5);
    assert!(snap.timeline.is_empty());
    assert_eq!(
        h.app.mode(),
        Mode::PredictLab,
        "predicting starts by stepping"
    );
    let screen = h.screen();
    assert!(screen.contains("Timeline · step 1 of 5"), "{screen}");
    assert!(screen.contains("A · none"), "{screen}");
    assert!(screen.contains("B · none"), "{screen}");
    assert!(screen.contains("(nothing run yet)"), "{screen}");

    // Step 1: A reads 0; the pane and the timeline show it.
    h.space();
    assert_eq!(h.snapshot().timeline.len(), 1);
    assert_eq!(h.snapshot().next, Some(1));
    let screen = h.screen();
    assert!(screen.contains("Timeline · step 2 of 5"), "{screen}");
    assert!(screen.contains("→ 0"), "{screen}");
    assert!(screen.contains("knows :n = 0"), "{screen}");

    // Steps 2 and 3 run; step 4 asks for a prediction before it runs.
    h.step_to_question();
    assert_eq!(h.snapshot().timeline.len(), 3);
    assert_eq!(h.lab().asking, Some(3));
    assert_eq!(h.app.mode(), Mode::PredictInput);
    assert!(h.screen().contains("Your prediction for step 4 (B)"));
    // An unreadable prediction is refused and nothing runs.
    h.type_text("error maybe");
    h.enter();
    assert_eq!(h.snapshot().timeline.len(), 3);
    assert!(
        h.app.note.as_deref().unwrap().contains("cannot be read"),
        "{:?}",
        h.app.note
    );
    for _ in 0.."error maybe".len() {
        h.key(KeyCode::Backspace, KeyModifiers::NONE);
    }
    h.type_text("ok, 1 row changed");
    h.enter();
    assert_eq!(h.snapshot().timeline.len(), 4);
    assert_eq!(h.lab().said[&3].right, Some(true));
    assert!(h.screen().contains("✓ right"));

    // Step 5: predicting the counter at 2 is the lost update's trap.
    h.step_to_question();
    assert_eq!(h.lab().asking, Some(4));
    h.type_text("2");
    h.enter();
    assert!(h.snapshot().finished());
    assert_eq!(h.lab().said[&4].right, Some(false));
    let v = h.verdict().clone();
    assert!(!v.passed);
    assert!(
        v.messages
            .iter()
            .any(|m| m.contains("B's 1 replaced A's 1")),
        "the lesson's feedback on this mistake: {:?}",
        v.messages
    );
    let screen = h.screen();
    assert!(screen.contains("✗ wrong"), "{screen}");
    assert!(screen.contains("all 5 steps ran"), "{screen}");
    assert_eq!(
        h.progress.store.status(LOST_UPDATE),
        ExerciseStatus::Attempted
    );

    // R starts again; the right predictions pass through the core grader.
    h.key(KeyCode::Char('R'), KeyModifiers::NONE);
    assert!(h.snapshot().timeline.is_empty());
    assert!(h.lab().said.is_empty());
    h.step_to_question();
    h.type_text("4: ok, 1 row changed");
    h.enter();
    h.step_to_question();
    h.type_text("1");
    h.enter();
    assert!(h.verdict().passed, "{:?}", h.verdict().messages);
    assert_eq!(h.progress.store.status(LOST_UPDATE), ExerciseStatus::Solved);
    assert_eq!(
        h.progress
            .store
            .attempts(Some(LOST_UPDATE))
            .unwrap()
            .last()
            .unwrap()
            .sql,
        "4: ok, 1 row changed\n5: 1\n",
        "the grader got the predictions by lesson step"
    );
    assert!(h.screen().contains("✓"));
}

#[test]
fn a_fix_lab_grades_the_rewrite_and_replays_it() {
    let mut h = Harness::new((100, 32));
    h.send(Msg::Open(ATOMIC.into()));
    assert_eq!(h.lab().active.to_string(), "B", "the session to fix");
    // The starter is B's current code: it loses A's update.
    let starter = h.exercise().editor.text();
    assert!(starter.contains("-- turn 1"), "{starter}");
    h.key(KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert!(!h.verdict().passed, "the starter is the bug");
    // The lab now runs the rewrite: Ctrl-N steps through it.
    while !h.snapshot().finished() {
        h.key(KeyCode::Char('n'), KeyModifiers::CONTROL);
    }
    assert_eq!(h.snapshot().timeline.len(), 4);

    // The atomic UPDATE in B's second turn.
    let solution = h
        .app
        .exercise_ref()
        .unwrap()
        .exercise
        .solution()
        .unwrap()
        .to_string();
    for _ in 0..starter.lines().count() + 1 {
        h.key(KeyCode::Char('a'), KeyModifiers::CONTROL);
        h.key(KeyCode::Char('k'), KeyModifiers::CONTROL);
        h.key(KeyCode::Backspace, KeyModifiers::NONE);
    }
    assert!(
        h.exercise().editor.is_blank(),
        "{}",
        h.exercise().editor.text()
    );
    h.send(Msg::Paste(solution));
    h.key(KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert!(h.verdict().passed, "{:?}", h.verdict().messages);
    assert_eq!(h.progress.store.status(ATOMIC), ExerciseStatus::Solved);
    while !h.snapshot().finished() {
        h.key(KeyCode::Char('n'), KeyModifiers::CONTROL);
    }
    let sql: Vec<String> = h
        .snapshot()
        .timeline
        .iter()
        .map(|e| e.sql.clone())
        .collect();
    assert!(
        sql.iter().any(|s| s.contains("SET n = n + 1")),
        "the replay runs the rewrite: {sql:?}"
    );
}

#[test]
fn free_play_runs_typed_sql_in_the_active_session() {
    let mut h = Harness::bundled((120, 36));
    h.send(Msg::Open("isolation-autocommit/wal-play".into()));
    assert_eq!(h.app.mode(), Mode::PlayEditor, "free play starts typing");
    assert_eq!(h.lab().active.to_string(), "A");
    h.type_text("BEGIN IMMEDIATE");
    h.key(KeyCode::Char('r'), KeyModifiers::CONTROL);
    let a = &h.snapshot().sessions[0];
    assert_eq!(a.state.word(), "write", "{a:?}");
    assert!(
        h.exercise().editor.is_blank(),
        "the editor empties once it ran"
    );
    // F6 makes B active; its write is refused while A holds the lock.
    h.key(KeyCode::F(6), KeyModifiers::NONE);
    assert_eq!(h.lab().active.to_string(), "B");
    h.type_text("SELECT 1; BEGIN IMMEDIATE; SELECT 2;");
    h.key(KeyCode::Char('r'), KeyModifiers::CONTROL);
    let last = h.snapshot().timeline.last().unwrap().clone();
    assert_eq!(last.outcome.code(), Some(5), "{last:?}");
    let note = h.app.note.clone().unwrap_or_default();
    assert!(note.contains("A has a write transaction"), "{note}");
    assert!(h.screen().contains("SQLITE_BUSY"), "{}", h.screen());
    // What ran left the editor; the refused statement and the rest stay,
    // to run again once A lets go.
    assert_eq!(h.exercise().editor.text(), "BEGIN IMMEDIATE; SELECT 2;");
    // Ctrl-G grades the transcript through the core grader.
    h.key(KeyCode::Char('g'), KeyModifiers::CONTROL);
    // The grader replays it on a fresh lab: the refused BEGIN is an
    // outcome, not a mistake.
    let v = h.verdict().clone();
    assert!(v.passed, "{v:?}");
    assert_eq!(v.headline, "Ran 3 statement(s); free play is not graded");
    let report = v.isolation.as_ref().expect("the lab's report");
    assert_eq!(report.steps[2].executed.outcome.code(), Some(5));
}

// ------------------------------------------------------------ drills

impl Harness {
    fn drill(&self) -> &DrillState {
        match &self.app.screen {
            Screen::Drill(d) => d,
            _ => panic!("no drill is open"),
        }
    }

    fn form(&self) -> &DrillForm {
        match &self.app.overlay {
            Some(Overlay::Form(f)) => f,
            other => panic!("no drill form: {other:?}"),
        }
    }

    /// Moves the form's cursor to `field` and presses → until `done`.
    fn set(&mut self, field: usize, done: impl Fn(&DrillForm) -> bool) {
        while self.form().field != field {
            self.key(KeyCode::Down, KeyModifiers::NONE);
        }
        for _ in 0..60 {
            if done(self.form()) {
                return;
            }
            self.key(KeyCode::Right, KeyModifiers::NONE);
        }
        panic!("the form never got there: {:?}", self.form());
    }

    /// A drill of the fixture's two GROUP BY tasks, `minutes` on the clock,
    /// started from the course map with real keys.
    fn start_drill(&mut self, minutes: u64, exam: bool) {
        self.key(KeyCode::Char('d'), KeyModifiers::NONE);
        assert_eq!(self.app.mode(), Mode::Form);
        self.set(1, |f| f.topic.as_deref() == Some("aggregation"));
        self.key(KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(self.form().field, 2);
        for _ in 0..40 {
            if self.form().count == 2 {
                break;
            }
            self.key(KeyCode::Left, KeyModifiers::NONE);
        }
        assert_eq!(self.form().count, 2);
        self.set(3, |f| f.minutes == Some(minutes));
        self.set(4, |f| f.exam == exam);
        self.enter();
        assert!(self.app.overlay.is_none(), "{:?}", self.app.note);
    }

    fn ctrl(&mut self, c: char) {
        self.key(KeyCode::Char(c), KeyModifiers::CONTROL);
    }

    /// The drill item's editor holds exactly `text`.
    fn replace(&mut self, text: &str) {
        let lines = self.exercise().editor.text().lines().count();
        for _ in 0..lines + 1 {
            self.ctrl('a');
            self.ctrl('k');
            self.key(KeyCode::Backspace, KeyModifiers::NONE);
        }
        self.send(Msg::Paste(text.into()));
    }

    fn item_solution(&self) -> String {
        let r = self.app.exercise_ref().expect("an item is asked");
        r.exercise.solution().unwrap().to_string()
    }
}

#[test]
fn a_practice_drill_counts_down_gives_feedback_and_ends_in_a_report() {
    let mut h = Harness::new((100, 32));
    h.start_drill(5, false);
    assert_eq!(h.drill().position(), (1, 2));
    let screen = h.screen();
    assert!(screen.contains("Drill 1/2 · Aggregation"), "{screen}");
    assert!(screen.contains("⏱ 05:00 left"), "{screen}");
    // The clock runs with the app's time.
    h.send(Msg::Tick(Duration::from_secs(75)));
    assert!(h.screen().contains("⏱ 03:45 left"), "{}", h.screen());

    // A wrong answer shows its verdict and may be tried again.
    let first = h.exercise().key.clone();
    h.replace("SELECT 1");
    h.ctrl('r');
    assert!(!h.verdict().passed);
    assert!(h.app.note.as_deref().unwrap().starts_with("Not yet"));
    assert!(!h.drill().answered);
    // A hint is allowed in practice.
    h.key(KeyCode::F(2), KeyModifiers::NONE);
    assert_eq!(h.exercise().hints_shown, 1);
    let solution = h.item_solution();
    h.replace(&solution);
    h.ctrl('r');
    assert!(h.verdict().passed, "{:?}", h.verdict().messages);
    assert!(h.drill().answered);
    assert!(h.screen().contains("Correct"), "{}", h.screen());

    // Ctrl-N: the second item; Ctrl-N again without an answer asks to skip.
    h.ctrl('n');
    assert_ne!(h.exercise().key, first);
    assert_eq!(h.drill().position(), (2, 2));
    h.ctrl('n');
    assert_eq!(h.app.mode(), Mode::Confirm);
    h.key(KeyCode::Char('y'), KeyModifiers::NONE);

    // The report: one right with a hint, one skipped.
    assert!(h.drill().over());
    assert_eq!(h.app.mode(), Mode::Report);
    let Some(Ending::Drill(report)) = &h.drill().ending else {
        panic!("no report: {:?}", h.drill().ending);
    };
    assert_eq!(report.items.len(), 2);
    assert!(report.items[0].passed);
    assert_eq!(report.items[1].status, Status::Skipped);
    assert!(
        report.score > 0.0 && report.score < 1.0,
        "a hint costs: {}",
        report.score
    );
    let screen = h.screen();
    assert!(screen.contains("Drill report"), "{screen}");
    assert!(screen.contains("✓ right"), "{screen}");
    assert!(screen.contains("– skipped"), "{screen}");
    assert!(screen.contains("practice mode"), "{screen}");
    // Saved in progress, finished, with its score.
    let past = sqldojo::drill::record::history(&mut h.progress.store, 5).unwrap();
    assert_eq!(past.len(), 1);
    assert!(past[0].finished_at.is_some());
    assert_eq!(past[0].answered, 1);
    // Esc leaves the report for the map.
    h.key(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(h.app.mode(), Mode::Map);
}

#[test]
fn an_exam_hides_feedback_until_the_report() {
    let mut h = Harness::new((100, 32));
    h.start_drill(5, true);
    assert!(h.screen().contains("· exam"), "{}", h.screen());
    assert!(!h.screen().contains("more hint"), "{}", h.screen());
    h.key(KeyCode::F(2), KeyModifiers::NONE);
    assert_eq!(h.exercise().hints_shown, 0);
    assert_eq!(h.app.note.as_deref(), Some("No hints in exam mode."));

    // A wrong answer is recorded, not judged on screen, and the next item
    // follows at once.
    let first = h.exercise().key.clone();
    h.replace("SELECT 1");
    h.ctrl('r');
    assert_ne!(h.exercise().key, first, "one answer each");
    assert_eq!(h.drill().position(), (2, 2));
    let screen = h.screen();
    assert!(!screen.contains("Not yet"), "{screen}");
    assert!(!screen.contains("✗"), "{screen}");
    assert_eq!(
        h.app.note.as_deref(),
        Some("Answer recorded; the report says how it went.")
    );
    let solution = h.item_solution();
    h.replace(&solution);
    h.ctrl('r');

    // Only the report says how it went.
    let Some(Ending::Drill(report)) = &h.drill().ending else {
        panic!("no report");
    };
    assert!(report.exam);
    assert!(!report.items[0].passed);
    assert!(report.items[1].passed);
    let screen = h.screen();
    assert!(screen.contains("✗ wrong"), "{screen}");
    assert!(screen.contains("✓ right"), "{screen}");
    assert!(screen.contains("exam mode"), "{screen}");
}

#[test]
fn a_drill_whose_time_runs_out_ends_with_its_report() {
    let mut h = Harness::new((100, 32));
    h.start_drill(5, false);
    h.send(Msg::Tick(Duration::from_secs(299)));
    assert!(!h.drill().over());
    assert!(h.screen().contains("⏱ 00:01 left"), "{}", h.screen());
    h.send(Msg::Tick(Duration::from_secs(301)));
    assert!(h.drill().over());
    assert_eq!(h.app.note.as_deref(), Some("Time is up."));
    let Some(Ending::Drill(report)) = &h.drill().ending else {
        panic!("no report");
    };
    assert!(report.time_up);
    assert_eq!(report.score, 0.0);
    assert!(h.screen().contains("time ran out"), "{}", h.screen());
}

#[test]
fn the_map_counts_due_reviews_and_starts_one() {
    let mut store = Store::in_memory("fixture");
    store
        .record_attempt(INNER, LEFT_JOIN, "wrong", false, "Not yet", 0)
        .unwrap();
    // Two days ago: a wrong answer comes back the next day.
    store
        .connection()
        .execute("UPDATE attempts SET at = at - 2 * 86400000", [])
        .unwrap();
    let mut h = Harness::with_store(store, (100, 30));
    // The first tick counts what is due: the wrong answer is back.
    h.send(Msg::Tick(Duration::from_millis(100)));
    assert_eq!(h.app.due, Some(1));
    let screen = h.screen();
    assert!(screen.contains("1 due for review today (r)"), "{screen}");
    assert!(screen.contains("r review"), "the status bar: {screen}");

    h.key(KeyCode::Char('r'), KeyModifiers::NONE);
    assert_eq!(h.exercise().key, INNER);
    assert!(h.screen().contains("Review 1/1"), "{}", h.screen());
    assert!(h.screen().contains("no clock"), "{}", h.screen());
    h.replace(RIGHT);
    h.ctrl('r');
    assert!(h.verdict().passed);
    // The scheduler answered: it comes back later.
    assert!(
        h.app.note.as_deref().unwrap().contains("next review"),
        "{:?}",
        h.app.note
    );
    h.ctrl('n');
    assert!(h.drill().over());
    assert!(
        h.screen().contains("Reviewed 1 of 1 item"),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(h.app.mode(), Mode::Map);
    assert_eq!(h.app.due, Some(0), "nothing is due any more");
    assert!(!h.screen().contains("due for review today"));
    // With nothing due, r says when the next review is.
    h.key(KeyCode::Char('r'), KeyModifiers::NONE);
    assert_eq!(h.app.mode(), Mode::Map);
    assert!(
        h.app
            .note
            .as_deref()
            .unwrap()
            .starts_with("Nothing is due today. Next review"),
        "{:?}",
        h.app.note
    );
}

// ---------------------------------------------------------------- snapshots

/// Runs `test` on a fresh fixture harness at each snapshot size: 80x24
/// and 140x45.
fn at_each_size(mut test: impl FnMut(&mut Harness)) {
    for size in [(80, 24), (140, 45)] {
        test(&mut Harness::new(size));
    }
}

impl Harness {
    /// Snapshots the screen as `NAME_WxH`.
    fn snap(&self, name: &str) {
        let (w, h) = self.app.size;
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), self.screen());
    }
}

#[test]
fn leaving_an_exercise_cancels_what_it_still_runs() {
    let mut h = Harness::new((100, 30));
    h.send(Msg::Open(INNER.into()));
    let Screen::Exercise(ex) = &mut h.app.screen else {
        panic!("no exercise");
    };
    ex.run = RunState::Grading { job: 42, since: 0 };
    let effects = update(&mut h.app, Msg::Do(Action::ToMap));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Cancel(42))),
        "{effects:?}"
    );
}

#[test]
fn the_map_side_panel_wraps_instead_of_cutting() {
    let mut h = Harness::bundled((100, 80));
    h.send(Msg::Tick(Duration::from_millis(100)));
    let screen = h.screen();
    let panel: String = screen
        .lines()
        .filter_map(|l| {
            l.split_once('│')
                .map(|(_, right)| right.trim_end_matches('"').trim())
        })
        .collect::<Vec<_>>()
        .join(" ");
    for said in [
        "a timed drill: SQL tasks and interview questions",
        "review what you got wrong: nothing is due today",
    ] {
        assert!(panel.contains(said), "{said:?} is cut:\n{screen}");
    }
}

#[test]
fn snapshot_course_map() {
    at_each_size(|h| {
        // The first tick counts the review items due (none here).
        h.send(Msg::Tick(Duration::from_millis(100)));
        h.snap("map");
    });
}

#[test]
fn snapshot_exercise_first_visit() {
    at_each_size(|h| {
        h.send(Msg::Open(INNER.into()));
        h.snap("exercise");
    });
}

#[test]
fn snapshot_wrong_answer() {
    at_each_size(|h| {
        h.send(Msg::Open(INNER.into()));
        h.type_text(LEFT_JOIN);
        h.act(Action::Run);
        h.snap("wrong");
    });
}

#[test]
fn snapshot_passed() {
    at_each_size(|h| {
        h.send(Msg::Open(INNER.into()));
        h.type_text(RIGHT);
        h.act(Action::Run);
        h.snap("passed");
    });
}

#[test]
fn snapshot_counterexample() {
    // Right on the visible data only by coincidence: the variants decide.
    at_each_size(|h| {
        h.send(Msg::Open(INNER.into()));
        h.type_text("SELECT u.name, o.amount FROM users AS u JOIN orders AS o ON o.user_id = u.id WHERE o.id <= 8");
        h.act(Action::Run);
        h.snap("counterexample");
    });
}

#[test]
fn snapshot_schema_and_plan() {
    at_each_size(|h| {
        h.send(Msg::Open(INNER.into()));
        h.act(Action::ToggleSchema);
        h.snap("schema");
        h.type_text(RIGHT);
        h.act(Action::TogglePlan);
        h.snap("plan");
    });
}

#[test]
fn snapshot_help() {
    at_each_size(|h| {
        h.act(Action::Help);
        h.snap("help");
    });
}

#[test]
fn snapshot_lab() {
    at_each_size(|h| {
        h.send(Msg::Open(LOST_UPDATE.into()));
        h.step_to_question();
        h.snap("lab_asking");
        h.type_text("ok, 1 row changed");
        h.enter();
        h.step_to_question();
        h.type_text("2");
        h.enter();
        h.snap("lab_verdict");
    });
}

#[test]
fn snapshot_drill_and_report() {
    at_each_size(|h| {
        h.start_drill(5, false);
        h.send(Msg::Tick(Duration::from_secs(42)));
        h.snap("drill");
        h.replace("SELECT 1");
        h.ctrl('r');
        h.ctrl('n');
        h.key(KeyCode::Char('y'), KeyModifiers::NONE);
        let solution = h.item_solution();
        h.replace(&solution);
        h.ctrl('r');
        h.send(Msg::Tick(Duration::from_secs(100)));
        h.ctrl('n');
        h.snap("report");
    });
}

// ------------------------------------------------------- a real terminal

/// The binary in a pseudo-terminal, its screen parsed by a VT100 model.
struct Pty {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: std::sync::mpsc::Receiver<Vec<u8>>,
    parser: vt100::Parser,
}

impl Pty {
    fn spawn(args: &[&str], data_dir: &std::path::Path) -> Pty {
        use portable_pty::{CommandBuilder, PtySize, native_pty_system};
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sqldojo"));
        cmd.args(args);
        cmd.env("SQLDOJO_DATA_DIR", data_dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("SQLDOJO_COURSE");
        cmd.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        // Keep the master open for the child's lifetime.
        std::mem::forget(pair.master);
        Pty {
            child,
            writer,
            output,
            parser: vt100::Parser::new(30.try_into().unwrap(), 100.try_into().unwrap(), 0),
        }
    }

    fn pump(&mut self) {
        while let Ok(bytes) = self.output.try_recv() {
            self.parser.process(&bytes);
        }
    }

    fn contents(&mut self) -> String {
        self.pump();
        self.parser.screen().contents()
    }

    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.contents();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "`{needle}` never appeared:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// Types text as separate key presses.
    fn type_text(&mut self, text: &str) {
        for chunk in text.as_bytes().chunks(16) {
            self.send(chunk);
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

#[test]
fn end_to_end_in_a_pseudo_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&["--exercise", INNER], dir.path());
    pty.wait_for("Who ordered what");
    pty.wait_for("editing");
    assert!(
        pty.parser.screen().alternate_screen(),
        "the UI uses the alternate screen"
    );

    pty.type_text(LEFT_JOIN);
    pty.wait_for("LEFT JOIN orders");
    pty.send(b"\x12"); // Ctrl-R
    let screen = pty.wait_for("Not yet: 2 rows that should not be there.");
    assert!(screen.contains("+ Bob"), "{screen}");

    // Replace the answer: Ctrl-A then Ctrl-K clear the line in the editor.
    pty.send(b"\x01\x0b");
    pty.type_text(RIGHT);
    pty.wait_for("JOIN orders AS o ON o.user_id = u.id");
    pty.send(b"\x1b[15~"); // F5
    pty.wait_for("Correct!");

    pty.send(b"\x11"); // Ctrl-Q
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = pty.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "sqldojo did not quit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    pty.pump();
    let screen = pty.parser.screen();
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    assert!(!screen.hide_cursor(), "the cursor is shown again");

    // Progress is on disk.
    let (store, _) = Store::open(dir.path(), "bundled").unwrap();
    assert_eq!(store.status(INNER), ExerciseStatus::Solved);
    assert_eq!(store.attempt_count(INNER), 2);
    assert_eq!(store.get(LAST_EXERCISE).as_deref(), Some(INNER));
}

#[test]
fn the_isolation_lab_steps_through_a_lost_update_in_a_pseudo_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&["--exercise", LOST_UPDATE], dir.path());
    let screen = pty.wait_for("Timeline · step 1 of 5");
    assert!(
        screen.contains("A · none") && screen.contains("B · none"),
        "{screen}"
    );

    // Space runs steps 1 to 3: both sessions read 0, A writes 1.
    for next in 2..=4 {
        pty.send(b" ");
        pty.wait_for(&format!("Timeline · step {next} of 5"));
    }
    let screen = pty.contents();
    assert!(screen.contains("→ ok, 1 row changed"), "{screen}");
    assert!(screen.contains("knows :n = 0"), "{screen}");

    // Step 4 asks first: B's stale write goes through.
    pty.send(b" ");
    pty.wait_for("Your prediction for step 4 (B)");
    pty.type_text("ok, 1 row changed");
    pty.send(b"\r");
    pty.wait_for("✓ Right: step 4 did what you said.");

    // Step 5: the counter is 1, A's increment is lost.
    pty.send(b" ");
    pty.wait_for("Your prediction for step 5 (A)");
    pty.type_text("1");
    pty.send(b"\r");
    let screen = pty.wait_for("All 2 prediction(s) match what SQLite did");
    assert!(screen.contains("all 5 steps ran"), "{screen}");
    assert!(screen.contains("✓ solved"), "{screen}");

    pty.send(b"\x11"); // Ctrl-Q
    let deadline = Instant::now() + Duration::from_secs(10);
    while pty.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "sqldojo did not quit");
        std::thread::sleep(Duration::from_millis(20));
    }
    let (store, _) = Store::open(dir.path(), "bundled").unwrap();
    assert_eq!(store.status(LOST_UPDATE), ExerciseStatus::Solved);
}

#[test]
fn an_unknown_exercise_is_a_usage_error_before_the_terminal_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sqldojo"))
        .args(["--exercise", "joins-inner/nope"])
        .env("SQLDOJO_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no exercise `joins-inner/nope`"), "{err}");
}

#[test]
fn without_a_terminal_it_says_what_to_use_instead() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sqldojo"))
        .env("SQLDOJO_DATA_DIR", dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}
