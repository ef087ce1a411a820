//! The tutor's commands: lessons, exercises, hints, grading, progress,
//! datasets and plans. Progress goes through the same store as the TUI.

use super::{Done, quiz};
use crate::engine::{StopToken, decode, introspect};
use crate::grade::Verdict;
use crate::progress::ExerciseStatus;
use crate::render;
use crate::repl::interrupt::SlowNotice;
use crate::repl::session::{Activity, SLOW_AFTER, Session};
use crate::repl::show::{self, Source};
use crate::repl::tutor::{ExerciseInfo, Tutor};

/// Attempts after which `.solution confirm` shows the reference solution.
pub const SOLUTION_AFTER_ATTEMPTS: u64 = 3;

/// Store key of the exercise last opened (shared with the TUI).
const LAST_EXERCISE: &str = "last_exercise";

macro_rules! tutor_or_fail {
    ($s:expr) => {
        match $s.tutor.get(&mut $s.out) {
            Some(t) => t,
            None => return Done::Failed,
        }
    };
}

/// The open exercise, or a message saying how to open one.
pub(super) fn current(s: &mut Session) -> Option<ExerciseInfo> {
    let key = match s.exercise.clone() {
        Some(k) => k,
        None => {
            s.out
                .warn("No exercise is open. `.lessons` lists the lessons; `.lesson ID` opens one.");
            return None;
        }
    };
    let tutor = s.tutor.get(&mut s.out)?;
    tutor.info(&key)
}

/// `.lessons`
pub fn lessons(s: &mut Session, _arg: &str) -> Done {
    let current_lesson = s
        .exercise
        .as_deref()
        .and_then(|k| k.split('/').next())
        .map(str::to_string);
    let tutor = tutor_or_fail!(s);
    let statuses = tutor.store.statuses();
    let width = tutor
        .course
        .lessons()
        .map(|l| l.lesson.id.len())
        .max()
        .unwrap_or(10);
    let columns = s.out.columns();
    let mut text = String::new();
    for topic in &tutor.course.topics {
        if topic.lessons.is_empty() {
            continue;
        }
        text.push_str(&format!("{}\n", topic.entry.title));
        for file in &topic.lessons {
            let l = &file.lesson;
            let total = l.exercises.len();
            let solved = l
                .exercises
                .iter()
                .filter(|e| {
                    statuses.get(&format!("{}/{}", l.id, e.id())) == Some(&ExerciseStatus::Solved)
                })
                .count();
            let mark = if current_lesson.as_deref() == Some(&l.id) {
                "*"
            } else {
                " "
            };
            let lead = format!(" {mark}{:<width$}  {solved}/{total} solved  ", l.id);
            let title = format!("{} ({})", l.title, l.difficulty.as_str());
            text.push_str(&show::hanging(&lead, &title, columns));
            text.push('\n');
        }
    }
    text.push_str("\n`.lesson ID` opens a lesson.");
    s.out.say(text);
    Done::Ok
}

/// `.lesson [ID | LESSON/EXERCISE]`
pub fn lesson(s: &mut Session, arg: &str) -> Done {
    if arg.is_empty() {
        return match s.exercise.clone() {
            Some(key) => {
                let lesson = key.split('/').next().unwrap_or("").to_string();
                show_lesson(s, &lesson)
            }
            None => lessons(s, ""),
        };
    }
    if arg.contains('/') {
        return open_exercise(s, arg);
    }
    open_lesson(s, arg)
}

/// Opens a lesson: its introduction and examples, then its first exercise
/// not solved yet.
pub fn open_lesson(s: &mut Session, id: &str) -> Done {
    if id.contains('/') {
        return open_exercise(s, id);
    }
    let tutor = tutor_or_fail!(s);
    if tutor.course.lesson(id).is_none() {
        let near = tutor.course.suggest_lessons(id);
        let hint = if near.is_empty() {
            "`.lessons` lists them".to_string()
        } else {
            format!("did you mean {}?", near.join(", "))
        };
        s.out.warn(format!("Error: no lesson `{id}`; {hint}"));
        return Done::Failed;
    }
    let entry = tutor.entry_exercise(id);
    if show_lesson(s, id) == Done::Failed {
        return Done::Failed;
    }
    match entry {
        Some(key) => open_exercise(s, &key),
        None => Done::Ok,
    }
}

fn show_lesson(s: &mut Session, id: &str) -> Done {
    let style = s.style;
    let tutor = tutor_or_fail!(s);
    let Some(file) = tutor.course.lesson(id) else {
        return Done::Failed;
    };
    let l = &file.lesson;
    let mut text = style.paint("1", &format!("Lesson: {} ({})", l.title, l.id));
    text.push_str(&format!(
        "\n{} exercises, on the `{}` dataset\n\n",
        l.exercises.len(),
        l.dataset
    ));
    text.push_str(&show::markdown(&l.intro, style));
    for ex in &l.examples {
        text.push_str(&format!("\nExample: {}\n", ex.title));
        for line in ex.sql.trim_end().lines() {
            text.push_str(&format!("    {}\n", show::paint_sql(line, style)));
        }
        if !ex.note.trim().is_empty() {
            text.push_str(&show::markdown(&ex.note, style));
        }
    }
    s.out.say(text);
    Done::Ok
}

/// Opens an exercise by key: switches to its dataset when needed, shows the
/// task, and puts the learner's draft (or the starter) in the history.
fn open_exercise(s: &mut Session, key: &str) -> Done {
    let tutor = tutor_or_fail!(s);
    let Some(info) = tutor.info(key) else {
        let lesson = key.split('/').next().unwrap_or("");
        let known = tutor
            .course
            .lesson(lesson)
            .map(|l| {
                l.lesson
                    .exercises
                    .iter()
                    .map(|e| e.id().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let hint = if known.is_empty() {
            "`.lessons` lists the lessons".to_string()
        } else {
            format!("the lesson has: {known}")
        };
        s.out.warn(format!("Error: no exercise `{key}`; {hint}"));
        return Done::Failed;
    };
    let draft = tutor.store.draft(&info.key);
    let hints_seen = tutor.store.hints_shown(&info.key);
    let status = tutor.store.status(&info.key);
    if let Err(e) = tutor.store.set(LAST_EXERCISE, &info.key) {
        s.out
            .warn(format!("sqldojo: progress could not be saved: {e}"));
    }
    // A lab open on another exercise closes; a new one opens below.
    if matches!(s.activity, Activity::Lab(_)) {
        s.activity = Activity::None;
    }
    if info.at_prompt && s.dataset() != Some(info.dataset.as_str()) {
        if let Err(e) = s.switch_dataset(&info.dataset) {
            s.out.warn(format!("Error: {e}"));
            return Done::Failed;
        }
    }
    s.exercise = Some(info.key.clone());
    s.last_sql = None;
    s.last_input = None;
    let style = s.style;
    let state = match status {
        ExerciseStatus::Solved => ", solved",
        ExerciseStatus::Attempted => ", attempted",
        ExerciseStatus::New => "",
    };
    let mut text = String::from("\n");
    text += &style.paint(
        "1",
        &format!(
            "Exercise {} of {}: {} ({}{state})",
            info.number, info.of, info.title, info.key
        ),
    );
    text.push('\n');
    if info.kind == "isolation" {
        text.push_str(&show::markdown(&info.prompt, style));
        s.out.say(text);
        return super::lab::open_for_exercise(s, &info.key);
    }
    if super::quiz::is_question(info.kind) {
        let question = s
            .tutor
            .ready()
            .and_then(|t| {
                t.course
                    .find(&info.key)
                    .map(|ex| quiz::question_text(&t.grader, ex))
            })
            .unwrap_or_default();
        text.push_str(&show::markdown(&question, style));
        s.out.say(text);
        return Done::Ok;
    }
    text.push_str(&show::markdown(&info.prompt, style));
    let hints = match (info.hints.len(), hints_seen) {
        (0, _) => String::new(),
        (1, 0) => " `.hint` gives a hint (there is 1).".to_string(),
        (n, 0) => format!(" `.hint` gives a hint (there are {n})."),
        (n, seen) => format!(" `.hint` shows hints ({seen} of {n} seen)."),
    };
    text.push_str(&format!(
        "\nWrite your {} on `{}` and end it with ;\nThen `.submit` grades it.{hints}\n",
        if info.kind == "query" { "query" } else { "SQL" },
        info.dataset
    ));
    let recall = match (draft, &info.starter) {
        (Some(d), _) => Some((d, "Your last draft")),
        (None, Some(st)) => Some((st.clone(), "The starter query")),
        (None, None) => None,
    };
    if let Some((sql, what)) = recall.filter(|_| s.interactive) {
        text.push_str(&format!("{what} is in the history: press Up to edit it.\n"));
        s.history.push(sql.trim().to_string());
    }
    if s.changed() {
        text.push_str("Note: you changed this copy of the data; `.reset` gets a fresh one.\n");
    }
    s.out.say(text);
    Done::Ok
}

/// `.exercise [ID]`
pub fn exercise(s: &mut Session, arg: &str) -> Done {
    if arg.is_empty()
        && let Some(key) = s.exercise.clone()
        && matches!(&s.activity, Activity::Lab(lab) if lab.key() == Some(key.as_str()))
    {
        // The lab keeps what ran; `.reset` starts it again.
        return super::lab::show_task(s, &key);
    }
    if arg.is_empty() {
        return match s.exercise.clone() {
            Some(key) => open_exercise(s, &key),
            None => {
                current(s);
                Done::Failed
            }
        };
    }
    let key = if arg.contains('/') {
        arg.to_string()
    } else {
        match s.exercise.as_deref().and_then(|k| k.split_once('/')) {
            Some((lesson, _)) => format!("{lesson}/{arg}"),
            None => {
                s.out.warn(
                    "No lesson is open: give LESSON/EXERCISE, or open a lesson with `.lesson ID`.",
                );
                return Done::Failed;
            }
        }
    };
    open_exercise(s, &key)
}

/// Moves to the next (or previous) exercise in course order.
fn step(s: &mut Session, forward: bool) -> Done {
    let Some(key) = s.exercise.clone() else {
        current(s);
        return Done::Failed;
    };
    let tutor = tutor_or_fail!(s);
    let all: Vec<String> = tutor.course.exercises().map(|e| e.key()).collect();
    let at = all.iter().position(|k| *k == key).unwrap_or(0);
    let target = if forward {
        all.get(at + 1)
    } else {
        at.checked_sub(1).and_then(|i| all.get(i))
    };
    let Some(target) = target.cloned() else {
        s.out.say(if forward {
            "That was the last exercise of the course. `.progress` shows what is left."
        } else {
            "This is the first exercise of the course."
        });
        return Done::Ok;
    };
    let lesson_of = |k: &str| k.split('/').next().unwrap_or("").to_string();
    if lesson_of(&target) != lesson_of(&key) && show_lesson(s, &lesson_of(&target)) == Done::Failed
    {
        return Done::Failed;
    }
    open_exercise(s, &target)
}

/// `.next`
pub fn next(s: &mut Session, _arg: &str) -> Done {
    step(s, true)
}

/// `.prev`
pub fn prev(s: &mut Session, _arg: &str) -> Done {
    step(s, false)
}

/// `.hint`: the hints seen so far plus the next one (in a drill, the
/// next hint of the task being asked).
pub fn hint(s: &mut Session, _arg: &str) -> Done {
    if matches!(s.activity, Activity::Drill(_)) {
        return super::drill::hint(s);
    }
    let Some(info) = current(s) else {
        return Done::Failed;
    };
    if info.hints.is_empty() {
        s.out.say("This exercise has no hints.");
        return Done::Ok;
    }
    let tutor = tutor_or_fail!(s);
    let seen = tutor.store.hints_shown(&info.key);
    let now = (seen + 1).min(info.hints.len());
    if let Err(e) = tutor.store.set_hints_shown(&info.key, now) {
        s.out
            .warn(format!("sqldojo: progress could not be saved: {e}"));
    }
    let mut text = String::new();
    for (i, h) in info.hints.iter().take(now).enumerate() {
        let body = show::markdown(h, s.style);
        text.push_str(&format!("Hint {} of {}: {}", i + 1, info.hints.len(), body));
    }
    if seen >= info.hints.len() {
        text.push_str(&format!(
            "That is every hint. After {SOLUTION_AFTER_ATTEMPTS} attempts, `.solution confirm` shows the reference solution.\n"
        ));
    }
    s.out.say(text);
    Done::Ok
}

/// `.submit [FILE]`: grades the last statement (or a file) and records the attempt.
pub fn submit(s: &mut Session, arg: &str) -> Done {
    let Some(info) = current(s) else {
        return Done::Failed;
    };
    if !info.graded_sql {
        s.out.warn(format!(
            "This is a {} question: answer it with `.answer` (`.exercise` shows it again).",
            info.kind
        ));
        return Done::Failed;
    }
    let answer = if arg.is_empty() {
        let pending = if info.kind == "isolation" {
            super::lab::answer_for(s, &info.key)
        } else {
            s.answer(info.kind)
        };
        match pending {
            Some(sql) => sql,
            None if info.kind == "isolation" => {
                s.out.warn(
                    "Nothing to submit yet: `.step` through the lab first, or `.submit FILE`.",
                );
                return Done::Failed;
            }
            None => {
                s.out.warn(
                    "Nothing to submit yet: write your query and end it with ;  then `.submit`.",
                );
                return Done::Failed;
            }
        }
    } else {
        let path = arg.trim_matches(['\'', '"']);
        match std::fs::read(path) {
            Ok(bytes) => match decode(&bytes) {
                Ok(text) => text.to_string(),
                Err(e) => {
                    s.out.warn(format!("Error: {path}: {e}"));
                    return Done::Failed;
                }
            },
            Err(e) => {
                s.out.warn(format!("Error: cannot read {path}: {e}"));
                return Done::Failed;
            }
        }
    };
    let changed = s.changed();
    let style = s.style;
    let Some(verdict) = grade_and_record(s, &info.key, &answer) else {
        return Done::Failed;
    };
    let tutor = tutor_or_fail!(s);
    let attempts = tutor.store.attempt_count(&info.key);
    let hints_seen = tutor.store.hints_shown(&info.key);
    let mut text = render::verdict(&verdict, style);
    if verdict.passed {
        let explanation = info.explanation.trim();
        if !explanation.is_empty() {
            text.push('\n');
            text.push_str(&show::markdown(explanation, style));
        }
        text.push_str("\n`.next` opens the next exercise.\n");
    } else {
        text.push('\n');
        text.push_str(&next_step(&info, attempts, hints_seen));
        if info.kind == "isolation" {
            text.push_str("`.reset` runs the lab again from the start.\n");
        } else if info.kind != "query" && info.kind != "plan" {
            text.push_str("`.reset` gives you a fresh database to try again.\n");
        } else if changed {
            text.push_str(
                "Note: grading runs on a fresh copy of the data, not on the copy you changed (`.reset` gets a fresh one here).\n",
            );
        }
    }
    s.out.say(text);
    if verdict.passed {
        Done::Ok
    } else {
        Done::Failed
    }
}

/// Grades an answer to an exercise of the course and records the attempt
/// (as the TUI and `sqldojo grade` do); `None` after saying why it could
/// not be graded.
pub(super) fn grade_and_record(s: &mut Session, key: &str, answer: &str) -> Option<Verdict> {
    let tutor = s.tutor.get(&mut s.out)?;
    let ex = tutor.course.find(key)?;
    let stop = StopToken::default();
    s.interrupt.watch_grading(Some(stop.clone()));
    let notice = s
        .interactive
        .then(|| SlowNotice::arm(SLOW_AFTER, "(still grading: Ctrl-C stops it)"));
    let graded = tutor
        .grader
        .within(ex, &stop, || tutor.grader.grade(ex, answer));
    drop(notice);
    s.interrupt.watch_grading(None);
    if stop.is_stopped() {
        s.out
            .warn("Grading stopped (Ctrl-C); this attempt was not recorded.");
        return None;
    }
    let verdict = match graded {
        Ok(v) => v,
        Err(e) => {
            s.out
                .warn(format!("Error: {key} cannot be graded here: {e}"));
            return None;
        }
    };
    if let Err(e) = tutor.store.record_attempt(
        key,
        answer,
        verdict.outcome.as_str(),
        verdict.passed,
        &verdict.headline,
        verdict.elapsed_ms,
    ) {
        s.out
            .warn(format!("sqldojo: the attempt could not be saved: {e}"));
    }
    Some(verdict)
}

fn next_step(info: &ExerciseInfo, attempts: u64, hints_seen: usize) -> String {
    let plural = if attempts == 1 { "" } else { "s" };
    if hints_seen < info.hints.len() {
        format!(
            "{attempts} attempt{plural} so far. `.hint` shows hint {} of {}.\n",
            hints_seen + 1,
            info.hints.len()
        )
    } else if attempts >= SOLUTION_AFTER_ATTEMPTS {
        format!(
            "{attempts} attempt{plural} so far. `.solution confirm` shows the reference solution if you want it.\n"
        )
    } else {
        format!("{attempts} attempt{plural} so far.\n")
    }
}

/// `.solution [confirm]`
pub fn solution(s: &mut Session, arg: &str) -> Done {
    let Some(info) = current(s) else {
        return Done::Failed;
    };
    if info.kind == "interview" {
        let style = s.style;
        let text = s
            .tutor
            .ready()
            .and_then(|t| match t.course.find(&info.key)?.exercise {
                crate::lesson::Exercise::Interview(q) => {
                    Some(show::markdown(&quiz::model_answer_text(q, style), style))
                }
                _ => None,
            });
        if let Some(text) = text {
            s.out.say(format!(
                "{text}Then rate yourself: `.answer good 1,3` (the key points you covered)."
            ));
            return Done::Ok;
        }
    }
    let Some(sql) = info.solution.clone() else {
        s.out.warn(format!(
            "A {} question has no reference solution: `.answer` it, and the verdict {}.",
            info.kind,
            if info.kind == "choice" {
                "explains every option"
            } else {
                "shows what SQLite returns"
            }
        ));
        return Done::Failed;
    };
    let tutor = tutor_or_fail!(s);
    let solved = tutor.store.status(&info.key) == ExerciseStatus::Solved;
    let attempts = tutor.store.attempt_count(&info.key);
    if !solved {
        if attempts < SOLUTION_AFTER_ATTEMPTS {
            s.out.warn(format!(
                "Not yet: the solution opens after you solve the exercise, or after {SOLUTION_AFTER_ATTEMPTS} attempts ({attempts} so far). `.hint` may get you there."
            ));
            return Done::Failed;
        }
        if !arg.eq_ignore_ascii_case("confirm") {
            s.out.say(
                "Seeing the solution ends the puzzle for this exercise. Type `.solution confirm` to see it anyway.",
            );
            return Done::Ok;
        }
    }
    let mut text = String::from("Reference solution:\n");
    for line in sql.trim_end().lines() {
        text.push_str(&format!("    {}\n", show::paint_sql(line, s.style)));
    }
    let explanation = info.explanation.trim();
    if !explanation.is_empty() {
        text.push('\n');
        text.push_str(&show::markdown(explanation, s.style));
    }
    s.out.say(text);
    Done::Ok
}

/// `.reset` (in a lab: the lab from the start)
pub fn reset(s: &mut Session, _arg: &str) -> Done {
    if matches!(s.activity, Activity::Lab(_)) {
        return super::lab::reset(s);
    }
    match s.reset() {
        Ok(()) => {
            let what = s
                .dataset()
                .map(|d| format!("a fresh copy of `{d}`"))
                .unwrap_or_else(|| "a new empty database".into());
            s.out.say(format!("Now on {what}; your changes are gone."));
            Done::Ok
        }
        Err(e) => {
            s.out.warn(format!("Error: {e}"));
            Done::Failed
        }
    }
}

/// `.progress`
pub fn progress(s: &mut Session, _arg: &str) -> Done {
    let tutor: &Tutor = tutor_or_fail!(s);
    let statuses = tutor.store.statuses();
    let total = tutor.course.exercises().count();
    let solved = statuses
        .values()
        .filter(|s| **s == ExerciseStatus::Solved)
        .count();
    let attempted = statuses
        .values()
        .filter(|s| **s == ExerciseStatus::Attempted)
        .count();
    let mut text = format!("Solved {solved} of {total} exercises");
    if attempted > 0 {
        text.push_str(&format!("; {attempted} more attempted"));
    }
    text.push_str(".\n");
    for file in tutor.course.lessons() {
        let l = &file.lesson;
        let of = |want: ExerciseStatus| {
            l.exercises
                .iter()
                .filter(|e| statuses.get(&format!("{}/{}", l.id, e.id())) == Some(&want))
                .count()
        };
        let (done, tried) = (of(ExerciseStatus::Solved), of(ExerciseStatus::Attempted));
        if done + tried == 0 {
            continue;
        }
        let tried = if tried > 0 {
            format!(", {tried} attempted")
        } else {
            String::new()
        };
        text.push_str(&format!(
            "  {:<30} {done} of {} solved{tried}\n",
            l.id,
            l.exercises.len()
        ));
    }
    if let Some(path) = tutor.store.path() {
        text.push_str(&format!("(kept in {})\n", path.display()));
    } else {
        text.push_str("(progress is not being saved in this session)\n");
    }
    s.out.say(text);
    Done::Ok
}

/// `.dataset [NAME|FILE.sql]`
pub fn dataset(s: &mut Session, arg: &str) -> Done {
    if arg.is_empty() {
        let current = s.dataset().map(str::to_string);
        let mut text = String::from("Datasets (`.dataset NAME` switches to a fresh copy):\n");
        for name in s.dataset_names() {
            let about = s
                .source
                .read(&format!("datasets/{name}.md"))
                .ok()
                .and_then(|f| first_sentence(&f.text))
                .unwrap_or_default();
            let mark = if current.as_deref() == Some(name.as_str()) {
                "*"
            } else {
                " "
            };
            text.push_str(&format!(" {mark}{name:<10} {about}\n"));
        }
        s.out.say(text);
        return Done::Ok;
    }
    let name = arg.trim_matches(['\'', '"']);
    if let Err(e) = s.switch_dataset(name) {
        s.out.warn(format!("Error: {e}"));
        return Done::Failed;
    }
    let tables = introspect::schema(s.sandbox().connection())
        .map(|sc| {
            sc.tables
                .iter()
                .map(|t| t.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    s.out
        .say(format!("Now on a fresh copy of `{name}`. Tables: {tables}"));
    if let Some(key) = s.exercise.clone()
        && let Some(info) = s.tutor.ready().and_then(|t| t.info(&key))
        && info.dataset != name
    {
        s.out.say(format!(
            "Note: exercise {key} is graded on `{}`, whatever you explore here.",
            info.dataset
        ));
    }
    Done::Ok
}

/// The first sentence of a dataset's description (after its heading).
fn first_sentence(md: &str) -> Option<String> {
    let para: Vec<&str> = md
        .lines()
        .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .collect();
    let joined = para.join(" ");
    let end = joined.find(". ").map_or(joined.len(), |i| i + 1);
    let sentence = joined[..end].trim().to_string();
    (!sentence.is_empty()).then_some(sentence)
}

/// `.explain [QUERY]`: the plan, and for a read-only query its cost counters.
pub fn explain(s: &mut Session, arg: &str) -> Done {
    let sql = if arg.is_empty() {
        match s.last_sql.clone() {
            Some(q) => q,
            None => {
                s.out.warn(
                    "Usage: .explain QUERY (or run a query first: `.explain` alone explains it)",
                );
                return Done::Failed;
            }
        }
    } else {
        arg.to_string()
    };
    let style = s.style;
    let plan = match s.sandbox().explain(&sql) {
        Ok(p) => p,
        Err(e) => {
            let src = Source {
                text: &sql,
                at: 0,
                first_line: None,
            };
            s.out.warn(show::error(&e, src, style));
            return Done::Failed;
        }
    };
    s.out.say(show::plan(&plan, style));
    let read_only = ["SELECT", "WITH", "VALUES"]
        .iter()
        .any(|w| crate::repl::session::starts_with_word(&sql, w))
        && s.sandbox()
            .connection()
            .prepare(&sql)
            .is_ok_and(|st| st.readonly());
    if !read_only {
        return Done::Ok;
    }
    s.interrupt.clear();
    match s.sandbox().run_query(&sql) {
        Ok(rs) => {
            let c = rs.counters;
            s.out.say(format!(
                "Cost of running it: {} VM steps, {} full-scan steps, {} sorts, {} automatic-index rows; {} rows in {}",
                c.vm_steps,
                c.fullscan_steps,
                c.sort,
                c.autoindex,
                rs.total_rows,
                show::duration(rs.elapsed)
            ));
            Done::Ok
        }
        Err(e) => {
            let src = Source {
                text: &sql,
                at: 0,
                first_line: None,
            };
            s.out.warn(show::error(&e, src, style));
            Done::Failed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dataset_blurbs_are_one_sentence() {
        assert_eq!(
            first_sentence(
                "# shop\n\nA tiny web shop: `users` place `orders`; more.\nStill. Next.\n\nOther"
            ),
            Some("A tiny web shop: `users` place `orders`; more.".into())
        );
    }
}
