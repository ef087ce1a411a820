//! `sqldojo drill`: a timed, line-based interview drill in the terminal.
//! Plain text, one prompt per line, so it works over SSH, with a screen
//! reader, and with answers piped in. The drill itself (selection, timing,
//! scoring, report) is `crate::drill`; this file only talks to the learner.

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use super::args::Level;
use super::context::Context;
use super::exit::{Exit, usage};
use crate::drill::record::Recorder;
use crate::drill::{
    self, DrillConfig, DrillItem, Judged, Report, Session, Status, candidates, mmss, select,
};
use crate::engine::introspect;
use crate::grade::Grader;
use crate::lesson::kinds::{InterviewQuestion, option_letter};
use crate::lesson::{Course, Difficulty, Exercise, ExerciseRef};
use crate::progress::Store;
use crate::render::{self, Style};

/// `sqldojo drill` options as parsed.
#[derive(Debug, Clone, Default)]
pub struct DrillArgs {
    /// `--level`.
    pub level: Option<Level>,
    /// `--topic`.
    pub topic: Option<String>,
    /// `--count`.
    pub count: Option<usize>,
    /// `--minutes`.
    pub minutes: Option<u64>,
    /// `--exam`.
    pub exam: bool,
    /// `--seed`.
    pub seed: Option<u64>,
}

/// Runs `sqldojo drill` on standard input and output.
pub fn run(ctx: &Context, args: &DrillArgs) -> Exit {
    let course = match ctx.course() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let config = match config(&course, args) {
        Ok(c) => c,
        Err(message) => return usage(message),
    };
    let selection = match select(&candidates(&course), &config) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    let mut store = ctx.store(&course);
    let grader = Grader::new(ctx.source.clone());
    let stdin = std::io::stdin();
    let mut term = Terminal {
        input: stdin.lock(),
        output: std::io::stdout(),
        style: ctx.stdout_style(),
    };
    let session = Session::new(config, selection.items);
    match run_drill(
        &mut term,
        &course,
        &grader,
        &mut store,
        session,
        &selection.notes,
    ) {
        Ok(_) => Exit::Ok,
        Err(e) => usage(format!("the drill stopped: {e}")),
    }
}

/// The drill's settings from its options, checked against the course (the
/// REPL's `.drill` takes the same options).
pub(crate) fn config(course: &Course, args: &DrillArgs) -> Result<DrillConfig, String> {
    if args.minutes == Some(0) {
        return Err("--minutes must be at least 1".into());
    }
    if let Some(topic) = &args.topic
        && !course.topics.iter().any(|t| &t.entry.slug == topic)
    {
        let known: Vec<&str> = course
            .topics
            .iter()
            .filter(|t| !t.lessons.is_empty())
            .map(|t| t.entry.slug.as_str())
            .collect();
        return Err(format!("no topic `{topic}`; topics: {}", known.join(", ")));
    }
    Ok(DrillConfig {
        level: args.level.map(|l| match l {
            Level::Junior => Difficulty::Junior,
            Level::Mid => Difficulty::Mid,
            Level::Senior => Difficulty::Senior,
        }),
        topic: args.topic.clone(),
        count: args.count.unwrap_or(drill::DEFAULT_COUNT),
        time_limit: args.minutes.map(|m| Duration::from_secs(m * 60)),
        exam: args.exam,
        seed: args.seed.unwrap_or_else(fresh_seed),
    })
}

fn fresh_seed() -> u64 {
    // Any seed will do; it is printed so the drill can be repeated.
    u64::from(fastrand::u32(1..1_000_000))
}

/// The learner's terminal: lines in, text out.
pub(super) struct Terminal<R, W> {
    pub(super) input: R,
    pub(super) output: W,
    pub(super) style: Style,
}

impl<R: BufRead, W: Write> Terminal<R, W> {
    /// Prints text.
    pub(super) fn say(&mut self, text: &str) -> std::io::Result<()> {
        self.output.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            self.output.write_all(b"\n")?;
        }
        self.output.flush()
    }

    /// Shows a prompt and reads a line; `None` at the end of input.
    pub(super) fn line(&mut self, prompt: &str) -> std::io::Result<Option<String>> {
        self.output.write_all(prompt.as_bytes())?;
        self.output.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            self.output.write_all(b"\n")?;
            return Ok(None);
        }
        Ok(Some(line.trim_end_matches(['\n', '\r']).to_string()))
    }

    fn bold(&self, text: &str) -> String {
        self.style.paint("1", text)
    }
}

/// Time as the asking loop sees it: a countdown, or none (reviews).
pub(super) struct Clock {
    started: Instant,
    limit: Option<Duration>,
}

impl Clock {
    /// A clock started now.
    pub(super) fn new(limit: Option<Duration>) -> Self {
        Clock {
            started: Instant::now(),
            limit,
        }
    }

    fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    fn over(&self) -> bool {
        self.limit.is_some_and(|l| self.elapsed() >= l)
    }

    fn tag(&self) -> String {
        match self.limit {
            Some(l) => format!("[{} left] ", mmss(l.saturating_sub(self.elapsed()))),
            None => String::new(),
        }
    }
}

/// What happened when an item was asked.
pub(super) enum Asked {
    /// An answer was judged.
    Answered {
        /// The judgement.
        judged: Box<Judged>,
        /// The answer text.
        answer: String,
        /// Hints shown.
        hints: usize,
        /// Answers given.
        tries: usize,
    },
    /// The learner moved on.
    Skipped {
        /// The last answer given, if any.
        answer: String,
        /// Hints shown.
        hints: usize,
        /// Answers given.
        tries: usize,
    },
    /// Time ran out before an answer came.
    TimeUp,
    /// The learner quit, or input ended.
    Quit,
}

/// How an item is asked.
pub(super) struct AskOptions {
    /// No hints, one answer, no feedback until the report.
    pub(super) exam: bool,
}

const COMMANDS: &str = "commands: \\skip moves on, \\hint shows a hint (not in exams), \\time shows the clock, \\quit ends";

/// Asks one item and judges the answer.
pub(super) fn ask<R: BufRead, W: Write>(
    term: &mut Terminal<R, W>,
    grader: &Grader,
    ex: ExerciseRef<'_>,
    clock: &Clock,
    options: &AskOptions,
) -> std::io::Result<Asked> {
    match ex.exercise {
        Exercise::Interview(_) => ask_interview(term, grader, ex, clock),
        Exercise::Query(_) => ask_sql(term, grader, ex, clock, options),
        _ => ask_question(term, grader, ex, clock, options),
    }
}

fn ask_sql<R: BufRead, W: Write>(
    term: &mut Terminal<R, W>,
    grader: &Grader,
    ex: ExerciseRef<'_>,
    clock: &Clock,
    options: &AskOptions,
) -> std::io::Result<Asked> {
    term.say(&question(grader, ex))?;
    term.say("Write one query; end it with `;`.")?;
    let hints = ex.exercise.hints();
    let mut shown = 0;
    let mut tries = 0;
    let mut last = String::new();
    let mut buffer = String::new();
    loop {
        let Some(input) = read_sql(term, clock, &mut buffer)? else {
            return Ok(Asked::Quit);
        };
        match input.trim() {
            "\\quit" | "\\q" => return Ok(Asked::Quit),
            "\\skip" => {
                return Ok(Asked::Skipped {
                    answer: last,
                    hints: shown,
                    tries,
                });
            }
            "\\time" => {
                term.say(&time_line(clock))?;
                continue;
            }
            "\\hint" => {
                if options.exam {
                    term.say("No hints in exam mode.")?;
                } else if let Some(h) = hints.get(shown) {
                    shown += 1;
                    term.say(&format!("Hint {shown}/{}: {}", hints.len(), h.trim()))?;
                } else {
                    term.say("No more hints.")?;
                }
                continue;
            }
            c if c.starts_with('\\') => {
                term.say(&format!("Unknown command `{c}`; {COMMANDS}."))?;
                continue;
            }
            _ => {}
        }
        if clock.over() {
            return Ok(Asked::TimeUp);
        }
        tries += 1;
        last = input.clone();
        let judged = match drill::judge(grader, ex, &input, shown, tries - 1) {
            Ok(j) => j,
            Err(e) => {
                term.say(&format!(
                    "This exercise cannot be graded: {e}. Skipping it."
                ))?;
                return Ok(Asked::Skipped {
                    answer: last,
                    hints: shown,
                    tries,
                });
            }
        };
        if options.exam || judged.verdict.passed {
            if !options.exam {
                term.say(&render::verdict(&judged.verdict, term.style))?;
                let explanation = ex.exercise.explanation().trim();
                if !explanation.is_empty() {
                    term.say(explanation)?;
                }
            } else {
                term.say("Answer recorded.")?;
            }
            return Ok(Asked::Answered {
                judged: Box::new(judged),
                answer: input,
                hints: shown,
                tries,
            });
        }
        term.say(&render::verdict(&judged.verdict, term.style))?;
        term.say("Try again, or \\hint for a hint, \\skip to move on.")?;
    }
}

/// Reads SQL until a line ends with `;`; a line starting with `\\` is a
/// command, returned at once while the SQL typed so far stays in `buffer`.
/// `None` at the end of input.
fn read_sql<R: BufRead, W: Write>(
    term: &mut Terminal<R, W>,
    clock: &Clock,
    buffer: &mut String,
) -> std::io::Result<Option<String>> {
    loop {
        let prompt = if buffer.is_empty() {
            format!("{}sql> ", clock.tag())
        } else {
            "...> ".to_string()
        };
        let Some(line) = term.line(&prompt)? else {
            return Ok(if buffer.trim().is_empty() {
                None
            } else {
                Some(std::mem::take(buffer))
            });
        };
        if line.trim_start().starts_with('\\') {
            return Ok(Some(line.trim().to_string()));
        }
        if buffer.is_empty() && line.trim().is_empty() {
            continue;
        }
        buffer.push_str(&line);
        buffer.push('\n');
        if line.trim_end().ends_with(';') {
            return Ok(Some(std::mem::take(buffer)));
        }
    }
}

fn ask_question<R: BufRead, W: Write>(
    term: &mut Terminal<R, W>,
    grader: &Grader,
    ex: ExerciseRef<'_>,
    clock: &Clock,
    options: &AskOptions,
) -> std::io::Result<Asked> {
    term.say(&question(grader, ex))?;
    let rows_answer = match ex.exercise {
        Exercise::Choice(q) => {
            term.say(if q.multiple {
                "Pick every right option, e.g. `a,c`."
            } else {
                "Pick one option, e.g. `b`."
            })?;
            false
        }
        Exercise::Predict(q) => {
            let rows = matches!(
                q.answer,
                crate::lesson::kinds::PredictAnswer::Rows(_)
                    | crate::lesson::kinds::PredictAnswer::Error(_)
            );
            if rows {
                term.say("Type one row per line; an empty line ends (`none` for no rows).")?;
            }
            rows
        }
        _ => false,
    };
    loop {
        let answer = if rows_answer {
            let mut lines = Vec::new();
            loop {
                let prompt = if lines.is_empty() {
                    format!("{}answer> ", clock.tag())
                } else {
                    "   ...> ".to_string()
                };
                match term.line(&prompt)? {
                    None if lines.is_empty() => return Ok(Asked::Quit),
                    None => break,
                    Some(l) if l.trim().is_empty() && !lines.is_empty() => break,
                    Some(l) if l.trim().is_empty() => continue,
                    Some(l) if lines.is_empty() && l.trim_start().starts_with('\\') => {
                        lines.push(l);
                        break;
                    }
                    Some(l) => lines.push(l),
                }
            }
            lines.join("\n")
        } else {
            match term.line(&format!("{}answer> ", clock.tag()))? {
                None => return Ok(Asked::Quit),
                Some(l) => l,
            }
        };
        match answer.trim() {
            "\\quit" | "\\q" => return Ok(Asked::Quit),
            "\\skip" => {
                return Ok(Asked::Skipped {
                    answer: String::new(),
                    hints: 0,
                    tries: 0,
                });
            }
            "\\time" => {
                term.say(&time_line(clock))?;
                continue;
            }
            "\\hint" => {
                term.say("Questions have no hints.")?;
                continue;
            }
            "" => continue,
            _ => {}
        }
        if let Err(message) = drill::validate(ex, &answer) {
            term.say(&message)?;
            continue;
        }
        if clock.over() {
            return Ok(Asked::TimeUp);
        }
        let judged = match drill::judge(grader, ex, &answer, 0, 0) {
            Ok(j) => j,
            Err(e) => {
                term.say(&format!(
                    "This question cannot be graded: {e}. Skipping it."
                ))?;
                return Ok(Asked::Skipped {
                    answer,
                    hints: 0,
                    tries: 1,
                });
            }
        };
        if options.exam {
            term.say("Answer recorded.")?;
        } else {
            term.say(&render::verdict(&judged.verdict, term.style))?;
            if judged.verdict.passed {
                let explanation = ex.exercise.explanation().trim();
                if !explanation.is_empty() {
                    term.say(explanation)?;
                }
            }
        }
        return Ok(Asked::Answered {
            judged: Box::new(judged),
            answer,
            hints: 0,
            tries: 1,
        });
    }
}

fn ask_interview<R: BufRead, W: Write>(
    term: &mut Terminal<R, W>,
    grader: &Grader,
    ex: ExerciseRef<'_>,
    clock: &Clock,
) -> std::io::Result<Asked> {
    let Exercise::Interview(q) = ex.exercise else {
        unreachable!("asked as an interview question");
    };
    term.say(&question(grader, ex))?;
    term.say(
        "Answer aloud (or on paper) as in an interview, then press Enter to see the model answer.",
    )?;
    if let Some(stop) = pause(term, clock)? {
        return Ok(stop);
    }
    term.say(&model_answer(q, term.style))?;
    let points = loop {
        let Some(line) = term.line(&format!(
            "{}Which did you cover? (numbers like 1,3, or all, or none) points> ",
            clock.tag()
        ))?
        else {
            return Ok(Asked::Quit);
        };
        match line.trim() {
            "\\quit" | "\\q" => return Ok(Asked::Quit),
            "\\skip" => {
                return Ok(Asked::Skipped {
                    answer: String::new(),
                    hints: 0,
                    tries: 0,
                });
            }
            "" => break "none".to_string(),
            other => match crate::grade::quiz::parse_interview(q, &format!("good {other}")) {
                Ok(_) => break other.to_string(),
                Err(_) => term.say(&format!(
                    "Give key point numbers from 1 to {}, `all` or `none`.",
                    q.key_points.len()
                ))?,
            },
        }
    };
    term.say(&format!(
        "{} {}",
        term.bold("Follow-up:"),
        q.follow_up.trim()
    ))?;
    if !q.follow_up_answer.trim().is_empty() {
        term.say("Answer it aloud, then press Enter.")?;
        if let Some(stop) = pause(term, clock)? {
            return Ok(stop);
        }
        term.say(q.follow_up_answer.trim())?;
    }
    let rating = loop {
        let Some(line) = term.line(&format!(
            "{}Rate yourself (1 again, 2 hard, 3 good, 4 easy) rating> ",
            clock.tag()
        ))?
        else {
            return Ok(Asked::Quit);
        };
        match line.trim() {
            "\\quit" | "\\q" => return Ok(Asked::Quit),
            "" => continue,
            other => match crate::grade::quiz::SelfRating::parse(other) {
                Some(r) => break r,
                None => term.say("Type again, hard, good or easy (or 1 to 4).")?,
            },
        }
    };
    if clock.over() {
        return Ok(Asked::TimeUp);
    }
    let answer = format!("{rating} {points}");
    let judged = match drill::judge(grader, ex, &answer, 0, 0) {
        Ok(j) => j,
        Err(e) => {
            term.say(&format!("This question cannot be graded: {e}."))?;
            return Ok(Asked::Skipped {
                answer,
                hints: 0,
                tries: 1,
            });
        }
    };
    term.say(&render::verdict(&judged.verdict, term.style))?;
    Ok(Asked::Answered {
        judged: Box::new(judged),
        answer,
        hints: 0,
        tries: 1,
    })
}

/// Waits for Enter; returns what to do instead when the learner stops.
fn pause<R: BufRead, W: Write>(
    term: &mut Terminal<R, W>,
    clock: &Clock,
) -> std::io::Result<Option<Asked>> {
    match term.line(&format!("{}(Enter) ", clock.tag()))? {
        None => Ok(Some(Asked::Quit)),
        Some(l) if matches!(l.trim(), "\\quit" | "\\q") => Ok(Some(Asked::Quit)),
        Some(l) if l.trim() == "\\skip" => Ok(Some(Asked::Skipped {
            answer: String::new(),
            hints: 0,
            tries: 0,
        })),
        Some(_) => Ok(None),
    }
}

fn time_line(clock: &Clock) -> String {
    match clock.limit {
        Some(l) => format!(
            "{} left of {} ({} used).",
            mmss(l.saturating_sub(clock.elapsed())),
            mmss(l),
            mmss(clock.elapsed())
        ),
        None => format!("{} so far; no time limit.", mmss(clock.elapsed())),
    }
}

/// What an item asks, without how to answer it (each front end says that
/// in its own keys): the task and its tables, a question with its options,
/// the query to predict and its dataset, an interview question.
pub(crate) fn question(grader: &Grader, ex: ExerciseRef<'_>) -> String {
    let mut out = ex.exercise.prompt().trim().to_string();
    out.push('\n');
    match ex.exercise {
        Exercise::Query(_) => {
            out.push_str(&tables_line(grader, ex.dataset()));
            out.push('\n');
        }
        Exercise::Choice(q) => {
            for (i, o) in q.options.iter().enumerate() {
                let mut text = o.text.trim().to_string();
                if let Some(sql) = &o.sql {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(sql.trim());
                }
                out.push_str(&indent_after_first(
                    &format!("  {}) {}", option_letter(i), text),
                    "     ",
                ));
                out.push('\n');
            }
        }
        Exercise::Predict(q) => {
            out.push_str(&indent_after_first(
                &format!("    {}", q.sql.trim()),
                "    ",
            ));
            out.push_str(&format!(
                "\n(dataset {}) Answer with {}; or `error` if it fails.\n",
                ex.dataset(),
                q.answer.form()
            ));
        }
        _ => {}
    }
    out
}

/// An interview question's model answer and its numbered key points.
pub(crate) fn model_answer(q: &InterviewQuestion, style: Style) -> String {
    let mut out = format!(
        "{}\n{}\n{}\n",
        style.paint("1", "Model answer"),
        q.model_answer.trim(),
        style.paint("1", "Key points")
    );
    for (i, p) in q.key_points.iter().enumerate() {
        out.push_str(&format!("  {}. {}\n", i + 1, p.trim()));
    }
    out
}

/// An item's heading: its position, topic, kind, level, key and the clock
/// (`tag`), then its title on a line of its own.
pub(crate) fn heading(
    course: &Course,
    session: &Session,
    item: &DrillItem,
    tag: &str,
    style: Style,
) -> String {
    format!(
        "\n{} {}, {}, {}: {}  {}\n{}",
        style.paint(
            "1",
            &format!("[{}/{}]", session.position() + 1, session.items().len())
        ),
        course.topic_title(&item.topic),
        item.kind.label(),
        item.difficulty.as_str(),
        item.key,
        tag.trim(),
        style.paint("1", &item.title)
    )
}

/// The line a drill opens with: items, clock, seed and mode (`hint` names
/// the hint command), then the selection's notes.
pub(crate) fn opening(session: &Session, notes: &[String], style: Style, hint: &str) -> String {
    let config = session.config();
    let mode = if config.exam {
        "exam mode: no hints, one answer each, feedback in the report".to_string()
    } else {
        format!("practice mode: feedback after each answer, {hint} for hints")
    };
    let mut out = format!(
        "{} {} item(s), {} on the clock, seed {} ({mode}).",
        style.paint("1", "Drill:"),
        session.items().len(),
        mmss(session.countdown().limit()),
        config.seed
    );
    for note in notes {
        out.push_str(&format!("\nNote: {note}."));
    }
    out
}

/// `Tables: users(id, name, city); orders(...)` for a dataset.
fn tables_line(grader: &Grader, dataset: &str) -> String {
    let Ok(pristine) = grader.pristine(dataset) else {
        return format!("Dataset: {dataset}.");
    };
    let Ok(conn) = pristine.fresh() else {
        return format!("Dataset: {dataset}.");
    };
    match introspect::schema(&conn) {
        Ok(schema) => {
            let tables: Vec<String> = schema
                .tables
                .iter()
                .map(|t| {
                    let cols: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
                    format!("{}({})", t.name, cols.join(", "))
                })
                .collect();
            format!("Tables ({dataset}): {}", tables.join("; "))
        }
        Err(_) => format!("Dataset: {dataset}."),
    }
}

fn indent_after_first(text: &str, indent: &str) -> String {
    let mut lines = text.lines();
    let mut out = lines.next().unwrap_or("").to_string();
    for l in lines {
        out.push('\n');
        out.push_str(indent);
        out.push_str(l.trim_end());
    }
    out
}

/// Runs a drill to its report, saving every answer as it comes.
pub(super) fn run_drill<R: BufRead, W: Write>(
    term: &mut Terminal<R, W>,
    course: &Course,
    grader: &Grader,
    store: &mut Store,
    mut session: Session,
    notes: &[String],
) -> std::io::Result<Report> {
    let config = session.config().clone();
    let limit = session.countdown().limit();
    let (mut recorder, problem) = Recorder::start(store, &session);
    if let Some(p) = problem {
        eprintln!("sqldojo: {p}");
    }
    term.say(&opening(&session, notes, term.style, "\\hint"))?;
    term.say(&format!("{COMMANDS}."))?;
    let clock = Clock::new(Some(limit));
    let options = AskOptions { exam: config.exam };
    while let Some(item) = session.current().cloned() {
        if clock.over() {
            term.say("Time is up.")?;
            session.end(clock.elapsed());
            break;
        }
        let Some(ex) = course.find(&item.key) else {
            session.skip("", 0, 0, clock.elapsed());
            continue;
        };
        term.say(&heading(course, &session, &item, &clock.tag(), term.style))?;
        session.show(clock.elapsed());
        match ask(term, grader, ex, &clock, &options)? {
            Asked::Answered {
                judged,
                answer,
                hints,
                tries,
            } => {
                let late = session
                    .answer(&judged, &answer, hints, tries, clock.elapsed())
                    .is_some_and(|a| a.status == Status::TimeUp);
                if late {
                    term.say("Time was up before that answer came in: it is not scored.")?;
                }
            }
            Asked::Skipped {
                answer,
                hints,
                tries,
            } => session.skip(&answer, hints, tries, clock.elapsed()),
            Asked::TimeUp => {
                term.say("Time is up.")?;
                session.end(clock.elapsed());
            }
            Asked::Quit => {
                term.say("Drill ended early.")?;
                session.end(clock.elapsed());
            }
        }
        for p in recorder.save_new(store, &session) {
            eprintln!("sqldojo: {p}");
        }
    }
    let elapsed = clock.elapsed();
    session.end(elapsed);
    for p in recorder.finish(store, &session) {
        eprintln!("sqldojo: {p}");
    }
    let report = crate::drill::report::build(&session, course, elapsed);
    term.say(&render_report(
        &report,
        course,
        term.style,
        &config,
        "sqldojo drill",
    ))?;
    Ok(report)
}

/// The report as plain text: aligned columns, no box drawing. `again` is
/// the command that repeats the drill (`sqldojo drill`, or `.drill` in the REPL).
pub(crate) fn render_report(
    r: &Report,
    course: &Course,
    style: Style,
    config: &DrillConfig,
    again: &str,
) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "\n{}\nScore: {:.1} of {} ({:.0}%). Time: {} of {}{}.\n",
        style.paint("1", "Drill report"),
        r.score,
        r.out_of,
        r.percent,
        mmss(r.elapsed),
        mmss(r.time_limit),
        if r.time_up { ", time ran out" } else { "" }
    ));
    out.push_str("\n  #  time   budget  score  result       item\n");
    for (i, a) in r.items.iter().enumerate() {
        let result = match a.status {
            Status::Answered if a.passed => "right",
            Status::Answered if a.score > 0.0 => "partly",
            Status::Answered => "wrong",
            Status::Skipped => "skipped",
            Status::TimeUp => "time up",
            Status::NotReached => "not reached",
        };
        let time = if a.status == Status::NotReached {
            "  -  ".to_string()
        } else {
            mmss(a.elapsed)
        };
        out.push_str(&format!(
            "{:>3}  {time}  {}   {:>4.2}   {result:<12} {} ({}, {})\n",
            i + 1,
            mmss(a.item.budget()),
            a.score,
            a.item.title,
            a.item.kind.label(),
            a.item.key
        ));
        if config.exam && a.status == Status::Answered {
            out.push_str(&format!("       {}\n", a.headline));
        }
    }
    if r.weakest_topics.is_empty() {
        out.push_str("\nWeakest topics: none — every topic scored full marks.\n");
    } else {
        let topics: Vec<String> = r.weakest_topics.iter().map(ToString::to_string).collect();
        out.push_str(&format!("\nWeakest topics: {}.\n", topics.join(", ")));
    }
    if r.to_review.is_empty() {
        out.push_str("To review: nothing.\n");
    } else {
        out.push_str("To review:\n");
        for e in &r.to_review {
            let lesson = e.key.split('/').next().unwrap_or("");
            let lesson_title = course
                .lesson(lesson)
                .map(|l| l.lesson.title.clone())
                .unwrap_or_default();
            out.push_str(&format!("  - {} ({}): {}", e.title, e.key, e.why));
            if !lesson_title.is_empty() {
                out.push_str(&format!("; see \"{lesson_title}\""));
            }
            if let Some(p) = &e.practice {
                out.push_str(&format!("; practise with {p}"));
            }
            out.push('\n');
        }
        let review = if again.starts_with('.') {
            ".review"
        } else {
            "sqldojo review"
        };
        out.push_str(&format!(
            "They are in your review queue: `{review}` brings them back when due.\n"
        ));
    }
    let mut again = format!("{again} --seed {} --count {}", r.seed, r.out_of);
    if let Some(l) = config.level {
        again.push_str(&format!(" --level {}", l.as_str()));
    }
    if let Some(t) = &config.topic {
        again.push_str(&format!(" --topic {t}"));
    }
    if let Some(limit) = config.time_limit {
        again.push_str(&format!(" --minutes {}", limit.as_secs() / 60));
    }
    if config.exam {
        again.push_str(" --exam");
    }
    out.push_str(&format!("Same drill again: {again}\n"));
    out
}
