//! Drills and reviews at the prompt: `.drill`, `.review`, `.skip`, `.stop`,
//! and the answers typed while one runs. Selection, timing, scoring, saving
//! and the report are the drill core's and `sqldojo drill`'s own functions.

use std::time::Instant;

use clap::Parser;

use super::Done;
use crate::cli::args::{Cli, Command};
use crate::cli::drill::{self as cli_drill, DrillArgs};
use crate::drill::record::Recorder;
use crate::drill::{self, Status, candidates, select};
use crate::lesson::kinds::PredictAnswer;
use crate::lesson::{Exercise, ExerciseRef};
use crate::progress::now_ms;
use crate::render;
use crate::repl::drill::{Asks, DrillRun, Item, Phase, Run, rows_on_lines};
use crate::repl::session::{Activity, Session};
use crate::repl::show;
use crate::review::{self, Scheduler};

/// Commands that wait until a drill or review ends: they would change the
/// exercise or the database under the item being asked.
pub const NOT_IN_A_DRILL: &[&str] = &[
    "lesson", "exercise", "next", "prev", "submit", "solution", "dataset", "reset", "lab",
    "session", "step", "drill", "review",
];

/// Global options `.drill` does not take (the REPL already has them).
const GLOBAL_OPTIONS: &[&str] = &["--course", "--data-dir", "--no-color"];

fn take(s: &mut Session) -> Option<Box<DrillRun>> {
    match std::mem::replace(&mut s.activity, Activity::None) {
        Activity::Drill(run) => Some(run),
        other => {
            s.activity = other;
            None
        }
    }
}

fn put(s: &mut Session, run: Box<DrillRun>) {
    s.activity = Activity::Drill(run);
}

/// `.drill` options, read by the same parser as `sqldojo drill`.
fn parse_args(arg: &str) -> Result<DrillArgs, String> {
    let words: Vec<&str> = arg.split_whitespace().collect();
    if let Some(w) = words
        .iter()
        .find(|w| GLOBAL_OPTIONS.iter().any(|g| w.starts_with(g)))
    {
        return Err(format!(
            "`{w}` is an option of `sqldojo` itself; start the REPL with it instead"
        ));
    }
    let argv = ["sqldojo", "drill"].into_iter().chain(words);
    match Cli::try_parse_from(argv) {
        Ok(Cli {
            command:
                Some(Command::Drill {
                    level,
                    topic,
                    count,
                    minutes,
                    exam,
                    seed,
                }),
            ..
        }) => Ok(DrillArgs {
            level,
            topic,
            count,
            minutes,
            exam,
            seed,
        }),
        Ok(_) => Err("usage: .drill [--level junior|mid|senior] [--topic T] [--count N] [--minutes M] [--exam] [--seed S]".into()),
        Err(e) => Err(e
            .to_string()
            .replace("sqldojo drill", ".drill")
            .trim_end()
            .to_string()),
    }
}

/// `.drill [--level L] [--topic T] [--count N] [--minutes M] [--exam] [--seed S]`
pub fn drill(s: &mut Session, arg: &str) -> Done {
    let args = match parse_args(arg) {
        Ok(a) => a,
        Err(message) => {
            s.out.warn(message);
            return Done::Failed;
        }
    };
    let style = s.style;
    let Some(tutor) = s.tutor.get(&mut s.out) else {
        return Done::Failed;
    };
    let config = match cli_drill::config(&tutor.course, &args) {
        Ok(c) => c,
        Err(message) => {
            s.out.warn(format!("Error: {message}"));
            return Done::Failed;
        }
    };
    let selection = match select(&candidates(&tutor.course), &config) {
        Ok(sel) => sel,
        Err(e) => {
            s.out.warn(format!("Error: {e}"));
            return Done::Failed;
        }
    };
    let session = drill::Session::new(config, selection.items);
    let (recorder, problem) = Recorder::start(&mut tutor.store, &session);
    let mut text = cli_drill::opening(&session, &selection.notes, style, "`.hint`");
    text.push_str(
        "\nSQL tasks: write the query and end it with ; (it is graded at once). Questions: type the answer and press Enter.\n\
         `.skip` moves on, `.stop` ends the drill; the prompt shows the time left.",
    );
    if let Some(p) = problem {
        s.out.warn(format!("sqldojo: {p}"));
    }
    s.out.say(text);
    s.exercise = None;
    s.activity = Activity::Drill(Box::new(DrillRun {
        run: Run::Timed {
            session,
            recorder,
            started: Instant::now(),
        },
        item: None,
    }));
    ask_next(s)
}

/// `.review`: the items due today, one by one, no clock.
pub fn review(s: &mut Session, _arg: &str) -> Done {
    let Some(tutor) = s.tutor.get(&mut s.out) else {
        return Done::Failed;
    };
    let scheduler = Scheduler::new();
    let today = review::end_of_day_ms(chrono::Local::now());
    let due = match review::sync_from_attempts(&mut tutor.store, &scheduler)
        .and_then(|_| review::due(&mut tutor.store, today))
    {
        Ok(d) => d,
        Err(e) => {
            s.out
                .warn(format!("Error: cannot read the review schedule: {e}"));
            return Done::Failed;
        }
    };
    if due.is_empty() {
        let next = review::next_due_after(&mut tutor.store, today)
            .ok()
            .flatten();
        s.out.say(match next {
            Some(card) => format!(
                "Nothing is due today. Next review: {} ({}).",
                day(card.due_ms),
                card.item
            ),
            None => "Nothing is due today, and nothing is scheduled: items you get wrong or rate low come back here.".into(),
        });
        return Done::Ok;
    }
    s.out.say(format!(
        "{} item(s) due today. No clock; `.hint` works, `.skip` moves on, `.stop` stops (the rest stays due).",
        due.len()
    ));
    s.exercise = None;
    s.activity = Activity::Drill(Box::new(DrillRun {
        run: Run::Review {
            due: due.into_iter().map(|c| c.item).collect(),
            at: 0,
            done: 0,
            scheduler,
        },
        item: None,
    }));
    ask_next(s)
}

/// The next item's key, or `None` when there is none.
fn next_key(run: &DrillRun) -> Option<String> {
    match &run.run {
        Run::Timed { session, .. } => session.current().map(|i| i.key.clone()),
        Run::Review { due, at, .. } => due.get(*at).cloned(),
    }
}

/// Passes over the item that cannot be asked (gone from the course, or an
/// isolation lab in a review).
fn pass_over(run: &mut DrillRun) {
    let elapsed = run.elapsed();
    match &mut run.run {
        Run::Timed { session, .. } => session.skip("", 0, 0, elapsed),
        Run::Review { at, .. } => *at += 1,
    }
}

/// Shows the next item, or the report when there is none.
fn ask_next(s: &mut Session) -> Done {
    let Some(mut run) = take(s) else {
        return Done::Failed;
    };
    let style = s.style;
    loop {
        if run.time_up() {
            s.out.say("Time is up.");
            return finish(s, run);
        }
        let Some(key) = next_key(&run) else {
            return finish(s, run);
        };
        let Some(tutor) = s.tutor.get(&mut s.out) else {
            put(s, run);
            return Done::Failed;
        };
        let Some(ex) = tutor.course.find(&key) else {
            s.out
                .say(format!("`{key}` is no longer in the course; skipping it."));
            pass_over(&mut run);
            continue;
        };
        let asks = match ex.exercise {
            Exercise::Query(_) | Exercise::Plan(_) | Exercise::Schema(_) => Asks::Sql,
            Exercise::Choice(_) | Exercise::Predict(_) => Asks::Line,
            Exercise::Interview(_) => Asks::Interview(Phase::Question),
            Exercise::Isolation(_) => {
                s.out.say(format!(
                    "`{key}` is an isolation lab: `.lesson {key}` opens it after this. Skipping it for now."
                ));
                pass_over(&mut run);
                continue;
            }
        };
        let tag = run.clock();
        let heading = match &run.run {
            Run::Timed { session, .. } => match session.current() {
                Some(item) => cli_drill::heading(&tutor.course, session, item, &tag, style),
                None => String::new(),
            },
            Run::Review { due, at, .. } => format!(
                "\n{} {}, {}: {key}",
                style.paint("1", &format!("[{}/{}]", at + 1, due.len())),
                ex.exercise.title(),
                ex.exercise.kind()
            ),
        };
        let text = format!(
            "{heading}\n{}{}",
            show::markdown(&cli_drill::question(&tutor.grader, ex), style),
            how_to_answer(ex, run.exam())
        );
        let dataset = (asks == Asks::Sql).then(|| ex.dataset().to_string());
        let elapsed = run.elapsed();
        if let Run::Timed { session, .. } = &mut run.run {
            session.show(elapsed);
        }
        run.item = Some(Item {
            key,
            asks,
            hints: 0,
            tries: 0,
            last: String::new(),
        });
        if let Some(d) = dataset
            && s.dataset() != Some(d.as_str())
        {
            // For completion and `.schema`; grading uses its own copy.
            let _ = s.borrow_dataset(&d);
        }
        s.out.say(text);
        put(s, run);
        return Done::Ok;
    }
}

/// How to answer an item at the drill's prompt.
fn how_to_answer(ex: ExerciseRef<'_>, exam: bool) -> String {
    match ex.exercise {
        Exercise::Choice(q) if q.multiple => {
            "Type the letters of every right option, e.g. `a,c`, and press Enter.".into()
        }
        Exercise::Choice(_) => "Type one letter, e.g. `b`, and press Enter.".into(),
        Exercise::Predict(q) if matches!(q.answer, PredictAnswer::Rows(_) | PredictAnswer::Error(_)) => {
            "Type it on one line: values separated by `|` or `,`, rows by `;` (`none` for no rows), and press Enter.".into()
        }
        Exercise::Predict(_) => "Type your answer and press Enter.".into(),
        Exercise::Interview(_) => {
            "Answer aloud (or on paper) as in an interview, then press Enter to see the model answer."
                .into()
        }
        _ if exam => "Write your SQL and end it with ; (one answer, no hints).".into(),
        _ => "Write your SQL and end it with ; (graded at once; `.hint` gives a hint, `.skip` moves on).".into(),
    }
}

/// What is typed while a drill or review runs: SQL for a task, the answer
/// line for a question, Enter or a rating for an interview question.
pub fn input(s: &mut Session, text: &str) -> Done {
    let Some(mut run) = take(s) else {
        return Done::Failed;
    };
    let Some(mut item) = run.item.clone() else {
        put(s, run);
        return ask_next(s);
    };
    if run.time_up() {
        s.out.say("Time is up.");
        return finish(s, run);
    }
    let style = s.style;
    let Some(tutor) = s.tutor.get(&mut s.out) else {
        put(s, run);
        return Done::Failed;
    };
    let Some(ex) = tutor.course.find(&item.key) else {
        put(s, run);
        return Done::Failed;
    };
    if let (Asks::Interview(phase), Exercise::Interview(q)) = (item.asks, ex.exercise) {
        let rate = "Rate yourself and say which key points you covered, e.g. `good 1,3` \
                    (again, hard, good, easy or 1 to 4; points as numbers, `all` or `none`).";
        let has_follow_up_answer = !q.follow_up_answer.trim().is_empty();
        let next = match phase {
            Phase::Question => {
                let mut out = show::markdown(&cli_drill::model_answer(q, style), style);
                out.push_str(&format!(
                    "{} {}\n",
                    style.paint("1", "Follow-up:"),
                    q.follow_up.trim()
                ));
                if has_follow_up_answer {
                    out.push_str("Answer it aloud, then press Enter.");
                    s.out.say(out);
                    Some(Phase::FollowUp)
                } else {
                    out.push_str(rate);
                    s.out.say(out);
                    Some(Phase::Rating)
                }
            }
            Phase::FollowUp => {
                s.out.say(format!("{}\n{rate}", q.follow_up_answer.trim()));
                Some(Phase::Rating)
            }
            Phase::Rating => None,
        };
        if let Some(phase) = next {
            item.asks = Asks::Interview(phase);
            run.item = Some(item);
            put(s, run);
            return Done::Ok;
        }
    }
    let answer = match ex.exercise {
        Exercise::Predict(q)
            if matches!(q.answer, PredictAnswer::Rows(_) | PredictAnswer::Error(_)) =>
        {
            rows_on_lines(text.trim())
        }
        _ if item.asks == Asks::Sql => text.to_string(),
        _ => text.trim().to_string(),
    };
    if answer.trim().is_empty() {
        put(s, run);
        return Done::Ok;
    }
    if item.asks != Asks::Sql
        && let Err(message) = drill::validate(ex, &answer)
    {
        s.out.warn(message);
        put(s, run);
        return Done::Failed;
    }
    let tries = item.tries + 1;
    let judged = match drill::judge(&tutor.grader, ex, &answer, item.hints, item.tries) {
        Ok(j) => j,
        Err(e) => {
            s.out
                .warn(format!("This item cannot be graded: {e}. Skipping it."));
            pass_over(&mut run);
            run.item = None;
            put(s, run);
            return ask_next(s);
        }
    };
    let exam = run.exam();
    if exam {
        s.out.say("Answer recorded.");
    } else {
        let mut out = render::verdict(&judged.verdict, style);
        let explanation = ex.exercise.explanation().trim();
        if judged.verdict.passed
            && !explanation.is_empty()
            && !matches!(ex.exercise, Exercise::Interview(_))
        {
            out.push_str(&show::markdown(explanation, style));
        }
        s.out.say(out);
    }
    if item.asks == Asks::Sql && !judged.verdict.passed && !exam {
        item.tries = tries;
        item.last = answer;
        run.item = Some(item);
        s.out
            .say("Try again, or `.hint` for a hint, `.skip` to move on.");
        put(s, run);
        return Done::Ok;
    }
    let elapsed = run.elapsed();
    match &mut run.run {
        Run::Timed {
            session, recorder, ..
        } => {
            let late = session
                .answer(&judged, &answer, item.hints, tries, elapsed)
                .is_some_and(|a| a.status == Status::TimeUp);
            if late {
                s.out
                    .say("Time was up before that answer came in: it is not scored.");
            }
            for p in recorder.save_new(&mut tutor.store, session) {
                s.out.warn(format!("sqldojo: {p}"));
            }
        }
        Run::Review {
            at,
            done,
            scheduler,
            ..
        } => {
            let v = &judged.verdict;
            let outcome = if v.passed { "accepted" } else { "wrong" };
            if let Err(e) = tutor.store.record_attempt(
                &item.key,
                &answer,
                outcome,
                v.passed,
                &v.headline,
                v.elapsed_ms,
            ) {
                s.out
                    .warn(format!("sqldojo: the attempt could not be saved: {e}"));
            }
            let line = reschedule(&mut tutor.store, scheduler, &item.key, judged.rating);
            s.out.say(line);
            *at += 1;
            *done += 1;
        }
    }
    run.item = None;
    put(s, run);
    ask_next(s)
}

/// Moves a reviewed item in the schedule; the line says when it comes back.
fn reschedule(
    store: &mut crate::progress::Store,
    scheduler: &Scheduler,
    key: &str,
    rating: crate::grade::quiz::SelfRating,
) -> String {
    match review::record(store, scheduler, key, rating, now_ms()) {
        Ok(Some(next)) => format!(
            "Rated {rating}: next review {} (in {} day(s)).",
            day(next.due_ms),
            next.scheduled_days
        ),
        Ok(None) => format!("Rated {rating}."),
        Err(e) => format!("Rated {rating}, but the review could not be saved: {e}"),
    }
}

/// `.hint` in a drill: the next hint of a SQL task (not in exams).
pub fn hint(s: &mut Session) -> Done {
    let Some(mut run) = take(s) else {
        return Done::Failed;
    };
    let exam = run.exam();
    let done = match run.item.as_mut() {
        _ if exam => {
            s.out.say("No hints in exam mode.");
            Done::Failed
        }
        Some(item) if item.asks == Asks::Sql => {
            let hints: Vec<String> = s
                .tutor
                .get(&mut s.out)
                .and_then(|t| t.course.find(&item.key))
                .map(|ex| ex.exercise.hints().to_vec())
                .unwrap_or_default();
            match hints.get(item.hints) {
                Some(h) => {
                    item.hints += 1;
                    s.out.say(format!(
                        "Hint {} of {}: {}",
                        item.hints,
                        hints.len(),
                        show::markdown(h, s.style)
                    ));
                    Done::Ok
                }
                None => {
                    s.out.say("No more hints.");
                    Done::Failed
                }
            }
        }
        _ => {
            s.out.say("Questions have no hints.");
            Done::Failed
        }
    };
    put(s, run);
    done
}

/// `.skip`: passes over the item being asked (it scores 0 and comes back
/// in reviews).
pub fn skip(s: &mut Session, _arg: &str) -> Done {
    let Some(mut run) = take(s) else {
        s.out
            .warn("`.skip` moves on in a drill or a review (`.drill`, `.review`).");
        return Done::Failed;
    };
    let item = run.item.take();
    let elapsed = run.elapsed();
    let Some(tutor) = s.tutor.get(&mut s.out) else {
        put(s, run);
        return Done::Failed;
    };
    match (&mut run.run, item) {
        (
            Run::Timed {
                session, recorder, ..
            },
            Some(item),
        ) => {
            session.skip(&item.last, item.hints, item.tries, elapsed);
            for p in recorder.save_new(&mut tutor.store, session) {
                s.out.warn(format!("sqldojo: {p}"));
            }
        }
        (
            Run::Review {
                at,
                done,
                scheduler,
                ..
            },
            Some(item),
        ) => {
            let line = reschedule(
                &mut tutor.store,
                scheduler,
                &item.key,
                crate::grade::quiz::SelfRating::Again,
            );
            s.out.say(line);
            *at += 1;
            *done += 1;
        }
        (_, None) => {}
    }
    put(s, run);
    ask_next(s)
}

/// `.stop`: ends the drill (with its report), the review, or the lab.
pub fn stop(s: &mut Session, _arg: &str) -> Done {
    match std::mem::replace(&mut s.activity, Activity::None) {
        Activity::Drill(run) => {
            if matches!(run.run, Run::Timed { .. }) {
                s.out.say("Drill ended early.");
            }
            finish(s, run)
        }
        Activity::Lab(_) => {
            s.out.say("Lab closed.");
            Done::Ok
        }
        Activity::None => {
            s.out
                .warn("Nothing to stop: no drill, review or lab is running.");
            Done::Failed
        }
    }
}

/// Ends a drill or review when input ends.
pub fn end(s: &mut Session) {
    if let Some(run) = take(s) {
        if matches!(run.run, Run::Timed { .. }) {
            s.out.say("Drill ended early.");
        }
        finish(s, run);
    }
}

/// Ends a drill: the items not asked are marked, the rest saved, and the
/// report printed; or sums up a review.
fn finish(s: &mut Session, run: Box<DrillRun>) -> Done {
    s.give_back();
    let style = s.style;
    let elapsed = run.elapsed();
    match run.run {
        Run::Timed {
            mut session,
            mut recorder,
            ..
        } => {
            session.end(elapsed);
            let Some(tutor) = s.tutor.get(&mut s.out) else {
                return Done::Failed;
            };
            let problems = recorder.finish(&mut tutor.store, &session);
            let report = drill::report::build(&session, &tutor.course, elapsed);
            let text =
                cli_drill::render_report(&report, &tutor.course, style, session.config(), ".drill");
            for p in problems {
                s.out.warn(format!("sqldojo: {p}"));
            }
            s.out.say(text);
        }
        Run::Review { due, done, .. } => {
            let left = due.len() - done;
            s.out.say(format!(
                "\nReviewed {done} of {} item(s){}.",
                due.len(),
                if left > 0 {
                    format!("; {left} still due")
                } else {
                    String::new()
                }
            ));
        }
    }
    Done::Ok
}

/// A day as `Tue  3 Jun`, in local time.
fn day(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%a %e %b")
                .to_string()
        })
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drill_options_are_sqldojo_drills() {
        let args = parse_args("--count 3 --topic joins --exam --seed 9").unwrap();
        assert_eq!(args.count, Some(3));
        assert_eq!(args.topic.as_deref(), Some("joins"));
        assert!(args.exam);
        assert_eq!(args.seed, Some(9));
        let bad = parse_args("--count many").unwrap_err();
        assert!(bad.contains("--count"), "{bad}");
        assert!(parse_args("--data-dir x").is_err());
    }
}
