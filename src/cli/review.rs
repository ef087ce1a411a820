//! `sqldojo review`: the items due today in the spaced-repetition schedule,
//! asked one by one in the terminal (no clock, hints allowed), each answer
//! moving the item to its next review.

use chrono::Local;

use super::context::Context;
use super::drill::{AskOptions, Asked, Clock, Terminal, ask};
use super::exit::{Exit, usage};
use crate::grade::Grader;
use crate::grade::quiz::SelfRating;
use crate::progress::now_ms;
use crate::review::{self, Scheduler};

/// Runs `sqldojo review`.
pub fn run(ctx: &Context) -> Exit {
    let course = match ctx.course() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let mut store = ctx.store(&course);
    let scheduler = Scheduler::new();
    let now = Local::now();
    let due = match review::sync_from_attempts(&mut store, &scheduler)
        .and_then(|_| review::due(&mut store, review::end_of_day_ms(now)))
    {
        Ok(d) => d,
        Err(e) => return usage(format!("cannot read the review schedule: {e}")),
    };
    let stdin = std::io::stdin();
    let mut term = Terminal {
        input: stdin.lock(),
        output: std::io::stdout(),
        style: ctx.stdout_style(),
    };
    let result = (|| -> std::io::Result<()> {
        if due.is_empty() {
            let next = review::next_due_after(&mut store, review::end_of_day_ms(now))
                .ok()
                .flatten();
            match next {
                Some(card) => term.say(&format!(
                    "Nothing is due today. Next review: {} ({}).",
                    day(card.due_ms),
                    card.item
                ))?,
                None => term.say(
                    "Nothing is due today, and nothing is scheduled: items you get wrong or rate low come back here.",
                )?,
            }
            return Ok(());
        }
        term.say(&format!(
            "{} item(s) due today. No clock; \\hint works, \\skip moves on, \\quit stops (the rest stays due).",
            due.len()
        ))?;
        let grader = Grader::new(ctx.source.clone());
        let clock = Clock::new(None);
        let options = AskOptions { exam: false };
        let (mut done, mut total) = (0, 0);
        for card in &due {
            total += 1;
            let Some(ex) = course.find(&card.item) else {
                term.say(&format!(
                    "\n`{}` is no longer in the course; skipping it.",
                    card.item
                ))?;
                continue;
            };
            term.say(&format!(
                "\n[{total}/{}] {}, {}: {}",
                due.len(),
                ex.exercise.title(),
                ex.exercise.kind(),
                card.item
            ))?;
            let (rating, answer, passed, headline) =
                match ask(&mut term, &grader, ex, &clock, &options)? {
                    Asked::Answered { judged, answer, .. } => (
                        judged.rating,
                        answer,
                        judged.verdict.passed,
                        judged.verdict.headline,
                    ),
                    Asked::Skipped { answer, .. } => {
                        (SelfRating::Again, answer, false, "Skipped.".to_string())
                    }
                    Asked::TimeUp | Asked::Quit => break,
                };
            done += 1;
            if !answer.trim().is_empty()
                && let Err(e) = store.record_attempt(
                    &card.item,
                    &answer,
                    if passed { "accepted" } else { "wrong" },
                    passed,
                    &headline,
                    0,
                )
            {
                eprintln!("sqldojo: the attempt could not be saved: {e}");
            }
            match review::record(&mut store, &scheduler, &card.item, rating, now_ms()) {
                Ok(Some(next)) => term.say(&format!(
                    "Rated {rating}: next review {} (in {} day(s)).",
                    day(next.due_ms),
                    next.scheduled_days
                ))?,
                Ok(None) => {}
                Err(e) => eprintln!("sqldojo: the review could not be saved: {e}"),
            }
        }
        let left = due.len() - done;
        term.say(&format!(
            "\nReviewed {done} of {} item(s){}.",
            due.len(),
            if left > 0 {
                format!("; {left} still due")
            } else {
                String::new()
            }
        ))
    })();
    match result {
        Ok(()) => Exit::Ok,
        Err(e) => usage(format!("the review stopped: {e}")),
    }
}

fn day(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&Local).format("%a %e %b").to_string())
        .unwrap_or_else(|| "unknown".into())
}
