//! One REPL session: the sandbox the learner's SQL runs in, the settings
//! dot-commands change, the open exercise, and running what was typed.

use std::path::PathBuf;
use std::time::Duration;

use super::commands::{self, Done};
use super::complete::Names;
use super::drill::DrillRun;
use super::interrupt::{Interrupt, SlowNotice};
use super::lab::LabRun;
use super::show::{self, Mode, Out, Source};
use super::tutor::TutorSlot;
use crate::dataset::{self, Datasets};
use crate::engine::split::next_statement;
use crate::engine::{ResultSet, Sandbox, SandboxConfig, introspect};
use crate::lesson::CourseSource;
use crate::render::Style;

/// How long one statement may run at the prompt. Longer than grading's
/// deadline so a slow query can be watched (and Ctrl-C stops it sooner).
pub const REPL_DEADLINE: Duration = Duration::from_secs(10);

/// After this long a running statement says how to stop it (at a prompt).
pub const SLOW_AFTER: Duration = Duration::from_secs(1);

/// Line-editing keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditMode {
    /// Emacs keys (the default, like readline).
    Emacs,
    /// vi keys.
    Vi,
}

/// What dot-commands switch.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// `.timer on`: print each statement's run time.
    pub timer: bool,
    /// `.eqp on`: print each statement's plan before its results.
    pub eqp: bool,
    /// `.mode`.
    pub mode: Mode,
    /// `.headers` (list and csv modes).
    pub headers: bool,
    /// `.editmode`.
    pub edit_mode: EditMode,
}

/// The learner's database: a sandbox on a private copy of a dataset.
struct Db {
    sandbox: Sandbox,
    dataset: Option<String>,
    baseline: String,
}

impl Db {
    fn new(sandbox: Sandbox, dataset: Option<String>) -> Db {
        let baseline = schema_fingerprint(&sandbox);
        Db {
            sandbox,
            dataset,
            baseline,
        }
    }
}

fn schema_fingerprint(sandbox: &Sandbox) -> String {
    sandbox
        .connection()
        .query_row(
            "SELECT coalesce(group_concat(sql, ';'), '') FROM sqlite_schema",
            [],
            |r| r.get(0),
        )
        .unwrap_or_default()
}

fn config() -> SandboxConfig {
    SandboxConfig {
        deadline: REPL_DEADLINE,
        ..SandboxConfig::default()
    }
}

/// What the prompt is busy with besides SQL on the learner's database.
pub enum Activity {
    /// Nothing: SQL runs on the dataset copy.
    None,
    /// An isolation lab: SQL runs in its active session.
    Lab(Box<LabRun>),
    /// A drill or a review: input answers the item being asked.
    Drill(Box<DrillRun>),
}

/// How a session starts.
pub struct Options {
    /// The course.
    pub source: CourseSource,
    /// `--data-dir`.
    pub data_dir: Option<PathBuf>,
    /// Dataset name or `.sql` file to open; `None` for an empty database.
    pub dataset: Option<String>,
    /// Output style.
    pub style: Style,
    /// True at a terminal prompt; false when reading a script.
    pub interactive: bool,
    /// Where Ctrl-C goes.
    pub interrupt: Interrupt,
    /// Where output goes.
    pub out: Out,
}

/// A REPL session.
pub struct Session {
    /// Output.
    pub out: Out,
    /// Colour and box drawing.
    pub style: Style,
    /// Dot-command settings.
    pub settings: Settings,
    /// Course, grader and progress (loaded in the background).
    pub tutor: TutorSlot,
    /// The open exercise's key.
    pub exercise: Option<String>,
    /// The last SQL statement run, for `.submit` and `.explain`.
    pub last_sql: Option<String>,
    /// The last SQL input (all its statements), for exercises answered by a script.
    pub last_input: Option<String>,
    /// Entries for the line editor's history (a draft to recall with ↑).
    pub history: Vec<String>,
    /// True at a terminal prompt.
    pub interactive: bool,
    /// Input line where the current script unit starts (scripts only).
    pub line: Option<usize>,
    /// Set by `.quit`.
    pub quit: bool,
    /// Nesting of `.read`.
    pub read_depth: usize,
    /// The course's source.
    pub source: CourseSource,
    /// Where Ctrl-C goes.
    pub interrupt: Interrupt,
    /// A lab, drill or review in progress.
    pub activity: Activity,
    datasets: Datasets,
    db: Db,
    /// The learner's own database while a drill lends the prompt another.
    aside: Option<Db>,
    names: Option<Names>,
}

impl Session {
    /// Opens a session; fails with a message when the dataset cannot be built.
    pub fn open(options: Options) -> Result<Session, String> {
        let datasets = Datasets::new(options.source.clone());
        let db = match &options.dataset {
            Some(name) => open_db(&datasets, name)?,
            None => Db::new(empty_sandbox()?, None),
        };
        options.interrupt.watch(db.sandbox.cancel_handle());
        Ok(Session {
            out: options.out,
            style: options.style,
            settings: Settings {
                timer: false,
                eqp: false,
                mode: Mode::Table,
                headers: true,
                edit_mode: EditMode::Emacs,
            },
            tutor: TutorSlot::load(options.source.clone(), options.data_dir),
            exercise: None,
            last_sql: None,
            last_input: None,
            history: Vec::new(),
            interactive: options.interactive,
            line: None,
            quit: false,
            read_depth: 0,
            source: options.source,
            interrupt: options.interrupt,
            activity: Activity::None,
            datasets,
            db,
            aside: None,
            names: None,
        })
    }

    /// The dataset in use (`None`: an empty database).
    pub fn dataset(&self) -> Option<&str> {
        self.db.dataset.as_deref()
    }

    /// The sandbox, for introspection (learner SQL goes through [`Session::run_sql`]).
    pub fn sandbox(&mut self) -> &mut Sandbox {
        &mut self.db.sandbox
    }

    /// The pristine copy of a dataset (built once per process).
    pub fn pristine(&self, name: &str) -> Result<std::sync::Arc<dataset::Pristine>, String> {
        self.datasets.get(name).map_err(|e| e.to_string())
    }

    /// Dataset names of the course.
    pub fn dataset_names(&self) -> Vec<String> {
        dataset::names(&self.source)
    }

    /// Replaces the database with a fresh copy of a dataset.
    pub fn switch_dataset(&mut self, name: &str) -> Result<(), String> {
        let db = open_db(&self.datasets, name)?;
        self.interrupt.watch(db.sandbox.cancel_handle());
        self.db = db;
        self.names = None;
        Ok(())
    }

    /// Sets the learner's database aside (the first time) and puts a fresh
    /// copy of `name` in its place, so a drill's task completes its tables;
    /// [`Session::give_back`] restores the learner's own.
    pub fn borrow_dataset(&mut self, name: &str) -> Result<(), String> {
        let db = open_db(&self.datasets, name)?;
        self.interrupt.watch(db.sandbox.cancel_handle());
        let own = std::mem::replace(&mut self.db, db);
        self.aside.get_or_insert(own);
        self.names = None;
        Ok(())
    }

    /// Restores the database set aside by [`Session::borrow_dataset`].
    pub fn give_back(&mut self) {
        if let Some(own) = self.aside.take() {
            self.interrupt.watch(own.sandbox.cancel_handle());
            self.db = own;
            self.names = None;
        }
    }

    /// A fresh copy of the current dataset (or a new empty database).
    pub fn reset(&mut self) -> Result<(), String> {
        match self.db.dataset.clone() {
            Some(name) => self.switch_dataset(&name),
            None => {
                let db = Db::new(empty_sandbox()?, None);
                self.interrupt.watch(db.sandbox.cancel_handle());
                self.db = db;
                self.names = None;
                Ok(())
            }
        }
    }

    /// True when the learner changed the data or schema since the copy was made.
    pub fn changed(&self) -> bool {
        self.db.sandbox.connection().total_changes() > 0
            || schema_fingerprint(&self.db.sandbox) != self.db.baseline
    }

    /// The prompt text: the open exercise, else the dataset; in a lab the
    /// active session and its transaction (`bank[A:write]> `), in a drill
    /// the item and the time left.
    pub fn prompt(&self) -> String {
        let label = match (&self.exercise, &self.db.dataset) {
            (Some(key), _) => key.rsplit('/').next().unwrap_or(key).to_string(),
            (None, Some(d)) => d.rsplit('/').next().unwrap_or(d).to_string(),
            (None, None) => "sqldojo".to_string(),
        };
        match &self.activity {
            Activity::None => format!("{label}> "),
            Activity::Lab(lab) => lab.prompt(&label),
            Activity::Drill(drill) => drill.prompt(),
        }
    }

    /// True when Enter should hand over the line as typed (an answer, a
    /// prediction), not wait for SQL to end with `;`.
    pub fn expects_line(&self) -> bool {
        match &self.activity {
            Activity::None => false,
            Activity::Lab(lab) => lab.asking,
            Activity::Drill(drill) => drill.expects_line(),
        }
    }

    /// Ends what is in progress when input ends (Ctrl-D, `.quit`, the end
    /// of a script): a drill's report is printed and saved.
    pub fn finish(&mut self) {
        if matches!(self.activity, Activity::Drill(_)) {
            commands::drill::end(self);
        }
    }

    /// Makes Ctrl-C stop statements of the learner's database again (after
    /// a lab session's statement).
    pub fn watch_sandbox(&self) {
        self.interrupt.watch(self.db.sandbox.cancel_handle());
    }

    /// What Tab can complete right now: read from the live schema after
    /// every input (so tables the learner creates complete too).
    pub fn names(&mut self) -> Names {
        let course_arrived = self.names.as_ref().is_some_and(|n| n.lessons.is_empty())
            && self.tutor.ready().is_some();
        if course_arrived {
            self.names = None;
        }
        if let Some(names) = &self.names {
            return names.clone();
        }
        let mut names = Names {
            datasets: self.dataset_names(),
            ..Names::default()
        };
        if let Ok(schema) = introspect::schema(self.db.sandbox.connection()) {
            names.set_schema(&schema);
        }
        let exercise = self.exercise.clone();
        if let Some(t) = self.tutor.ready() {
            names.lessons = t.course.lessons().map(|l| l.lesson.id.clone()).collect();
            if let Some(lesson) = exercise
                .as_deref()
                .and_then(|k| k.split('/').next())
                .and_then(|id| t.course.lesson(id))
            {
                names.exercises = lesson
                    .lesson
                    .exercises
                    .iter()
                    .map(|e| e.id().to_string())
                    .collect();
            }
        }
        self.names = Some(names.clone());
        names
    }

    /// Handles one input: a dot-command or SQL.
    pub fn handle(&mut self, input: &str) -> Done {
        self.names = None;
        if super::input::is_dot_command(input) {
            return commands::dispatch(self, input.trim());
        }
        match &self.activity {
            // A blank line is an answer too (Enter shows a model answer).
            Activity::Drill(_) => return commands::drill::input(self, input),
            _ if super::input::is_blank(input) => return Done::Ok,
            Activity::Lab(lab) if lab.asking => return commands::lab::predicted(self, input),
            Activity::Lab(_) => return commands::lab::typed(self, input),
            Activity::None => {}
        }
        self.last_input = Some(input.trim().to_string());
        let done = self.run_sql(input);
        let open = self
            .exercise
            .clone()
            .and_then(|key| self.tutor.ready().and_then(|t| t.info(&key)));
        if let Some(info) = open.filter(|i| i.at_prompt)
            && let Some(sql) = self.answer(info.kind)
        {
            self.save_draft(&info.key, &sql);
        }
        done
    }

    /// What `.submit` grades for an exercise of this kind: the last
    /// statement for a query (one statement is the answer), the whole last
    /// input for kinds answered by a script (DDL, transactions, and plan
    /// exercises: `CREATE INDEX ...; SELECT ...;` typed together).
    pub fn answer(&self, kind: &str) -> Option<String> {
        if kind == "query" {
            self.last_sql.clone()
        } else {
            self.last_input.clone()
        }
    }

    fn save_draft(&mut self, key: &str, sql: &str) {
        if let Some(tutor) = self.tutor.get(&mut self.out)
            && let Err(e) = tutor.store.save_draft(key, sql)
        {
            self.out
                .warn(format!("sqldojo: the draft could not be saved: {e}"));
        }
    }

    /// Runs the SQL statements of one input in order, printing each
    /// result (and its plan with `.eqp on`); stops at the first error.
    pub fn run_sql(&mut self, text: &str) -> Done {
        self.interrupt.clear();
        let mut pos = 0;
        loop {
            let split = next_statement(self.db.sandbox.connection(), text, pos);
            let range = match split {
                Ok(Some(range)) => range,
                Ok(None) => return Done::Ok,
                Err(_) => {
                    // Let the sandbox say why, in its words (refusals, limits).
                    let rest = &text[pos..];
                    return match self.db.sandbox.run_query(rest) {
                        Err(e) => {
                            self.report(&e, text, pos);
                            Done::Failed
                        }
                        Ok(rs) => {
                            self.last_sql = Some(rest.trim().to_string());
                            self.print_result(&rs);
                            Done::Ok
                        }
                    };
                }
            };
            let statement = &text[range.clone()];
            self.last_sql = Some(statement.to_string());
            if self.settings.eqp
                && !starts_with_word(statement, "EXPLAIN")
                && let Ok(plan) = self.db.sandbox.explain(statement)
                && !plan.nodes.is_empty()
            {
                self.out.say(show::plan(&plan, self.style));
            }
            let notice = self
                .interactive
                .then(|| SlowNotice::arm(SLOW_AFTER, "(still running: Ctrl-C stops it)"));
            let outcome = self.db.sandbox.run_query(statement);
            drop(notice);
            match outcome {
                Ok(rs) => self.print_result(&rs),
                Err(e) => {
                    self.report(&e, text, range.start);
                    return Done::Failed;
                }
            }
            if self.interrupt.pressed() {
                return Done::Failed;
            }
            pos = range.end;
        }
    }

    fn report(&mut self, e: &crate::engine::RunError, text: &str, at: usize) {
        let src = Source {
            text,
            at,
            first_line: self.line,
        };
        let mut message = show::error(e, src, self.style);
        if self.interactive && *e == crate::engine::RunError::Cancelled {
            // The terminal echoed ^C without a line break.
            message.insert(0, '\n');
        }
        self.out.warn(message);
    }

    fn print_result(&mut self, rs: &ResultSet) {
        if show::is_plan_result(rs) {
            let plan = crate::engine::plan::Plan::from_rows(&rs.rows);
            self.out.say(show::plan(&plan, self.style));
        } else if !rs.columns.is_empty() {
            let (text, notice) =
                show::rows(rs, self.settings.mode, self.settings.headers, self.style);
            if !text.is_empty() {
                self.out.say(text);
            }
            if let Some(n) = notice {
                self.out.warn(n);
            }
        } else if self.last_sql.as_deref().is_some_and(|s| {
            ["INSERT", "UPDATE", "DELETE", "REPLACE"]
                .iter()
                .any(|w| starts_with_word(s, w))
        }) && self.interactive
        {
            let n = rs.changes;
            self.out.say(format!(
                "({n} row{} changed)",
                if n == 1 { "" } else { "s" }
            ));
        }
        if self.settings.timer {
            self.out
                .say(format!("Run Time: real {}", show::duration(rs.elapsed)));
        }
    }
}

/// True when the statement's first word is `word` (any case).
pub fn starts_with_word(sql: &str, word: &str) -> bool {
    let start = crate::engine::split::skip_trivia(sql);
    let rest = &sql[start..];
    rest.len() >= word.len()
        && rest[..word.len()].eq_ignore_ascii_case(word)
        && !rest[word.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

fn open_db(datasets: &Datasets, name: &str) -> Result<Db, String> {
    let pristine = datasets.get(name).map_err(|e| e.to_string())?;
    let sandbox = Sandbox::open(&pristine, config())
        .map_err(|e| format!("the dataset `{name}` could not be opened: {e}"))?;
    Ok(Db::new(sandbox, Some(name.to_string())))
}

fn empty_sandbox() -> Result<Sandbox, String> {
    rusqlite::Connection::open_in_memory()
        .and_then(|c| Sandbox::new(c, config()))
        .map_err(|e| format!("an in-memory database could not be opened: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn session(dataset: Option<&str>) -> Session {
        Session::open(Options {
            source: CourseSource::Bundled,
            data_dir: None,
            dataset: dataset.map(str::to_string),
            style: Style::plain(),
            interactive: false,
            interrupt: Interrupt::inert(),
            out: Out::capture(),
        })
        .unwrap()
    }

    #[test]
    fn runs_statements_in_order_and_stops_at_an_error() {
        let mut s = session(Some("shop"));
        let done = s.run_sql("CREATE TABLE t (x);\nINSERT INTO t VALUES (1), (2);\nSELECT count(*) AS n FROM t;\nSELECT nope FROM t;\nSELECT 99;");
        assert_eq!(done, Done::Failed);
        let out = s.out.take();
        assert!(out.contains("| 2 |"), "{out}");
        assert!(
            out.contains("no such column: nope (line 4, column 8)"),
            "{out}"
        );
        assert!(!out.contains("99"), "stops at the first error: {out}");
        assert!(s.changed());
        s.reset().unwrap();
        assert!(!s.changed());
    }

    #[test]
    fn refusals_are_explained() {
        let mut s = session(None);
        assert_eq!(s.run_sql("ATTACH 'x.db' AS x;"), Done::Failed);
        let out = s.out.take();
        assert!(out.contains("refused: ATTACH"), "{out}");
    }

    #[test]
    fn eqp_prints_the_plan_before_the_rows() {
        let mut s = session(Some("shop"));
        s.settings.eqp = true;
        s.run_sql("SELECT name FROM users WHERE id = 1;");
        let out = s.out.take();
        let plan = out.find("QUERY PLAN").expect("plan shown");
        let rows = out.find("Alice").expect("rows shown");
        assert!(plan < rows, "{out}");
        assert!(
            out.contains("SEARCH users USING INTEGER PRIMARY KEY"),
            "{out}"
        );
    }

    #[test]
    fn the_prompt_names_the_dataset_or_exercise() {
        let mut s = session(Some("shop"));
        assert_eq!(s.prompt(), "shop> ");
        s.exercise = Some("joins-inner/paid-orders".into());
        assert_eq!(s.prompt(), "paid-orders> ");
    }

    #[test]
    fn first_word() {
        assert!(starts_with_word("  -- c\n explain SELECT 1", "EXPLAIN"));
        assert!(!starts_with_word("EXPLAINED", "EXPLAIN"));
    }
}
