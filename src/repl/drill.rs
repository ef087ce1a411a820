//! A drill or a review at the prompt. The drill core (`crate::drill`)
//! picks, times, scores and saves, exactly as for `sqldojo drill`; the REPL
//! asks one item at a time with the countdown in the prompt. SQL tasks are
//! answered by typing SQL (graded when it ends with `;`), questions by
//! typing the answer line. `commands::drill` drives it.

use std::time::{Duration, Instant};

use crate::drill::record::Recorder;
use crate::drill::{self, mmss};
use crate::review::Scheduler;

/// A drill or review in progress.
pub struct DrillRun {
    /// Timed drill or untimed review.
    pub run: Run,
    /// The item being asked, once shown.
    pub item: Option<Item>,
}

/// The two ways items are asked.
pub enum Run {
    /// `.drill`: a seeded selection against a countdown, saved as a drill.
    Timed {
        /// The drill core's session.
        session: drill::Session,
        /// Saves each result as it comes.
        recorder: Recorder,
        /// When the drill began.
        started: Instant,
    },
    /// `.review`: what is due today, no clock, each answer rescheduled.
    Review {
        /// Keys of the due items, in order.
        due: Vec<String>,
        /// Position of the item being asked.
        at: usize,
        /// Items answered or skipped.
        done: usize,
        /// Computes the next review.
        scheduler: Scheduler,
    },
}

/// The item being asked.
#[derive(Debug, Clone)]
pub struct Item {
    /// `LESSON/EXERCISE`.
    pub key: String,
    /// How it is answered.
    pub asks: Asks,
    /// Hints shown.
    pub hints: usize,
    /// Answers given.
    pub tries: usize,
    /// The last answer given.
    pub last: String,
}

/// How an item is answered at the prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asks {
    /// SQL, graded when it ends with `;`.
    Sql,
    /// One line: option letters or a prediction.
    Line,
    /// An interview question, in its phases.
    Interview(Phase),
}

/// Where an interview question stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Answer aloud; Enter shows the model answer.
    Question,
    /// Answer the follow-up aloud; Enter shows its answer.
    FollowUp,
    /// Rate yourself and say which key points you covered.
    Rating,
}

impl DrillRun {
    /// Time since the drill began (zero for a review).
    pub fn elapsed(&self) -> Duration {
        match &self.run {
            Run::Timed { started, .. } => started.elapsed(),
            Run::Review { .. } => Duration::ZERO,
        }
    }

    /// True once a drill's time is up.
    pub fn time_up(&self) -> bool {
        match &self.run {
            Run::Timed { session, .. } => session.countdown().is_over(self.elapsed()),
            Run::Review { .. } => false,
        }
    }

    /// The clock as the drill's headings show it: `[04:12 left]`.
    pub fn clock(&self) -> String {
        match &self.run {
            Run::Timed { session, .. } => {
                format!("[{} left]", mmss(session.remaining(self.elapsed())))
            }
            Run::Review { .. } => String::new(),
        }
    }

    /// `[2/5, 04:12 left]` for a drill, `[review 2/4]` for a review.
    pub fn tag(&self) -> String {
        match &self.run {
            Run::Timed { session, .. } => format!(
                "[{}/{}, {} left]",
                (session.position() + 1).min(session.items().len()),
                session.items().len(),
                mmss(session.remaining(self.elapsed()))
            ),
            Run::Review { due, at, .. } => {
                format!("[review {}/{}]", (at + 1).min(due.len()), due.len())
            }
        }
    }

    /// The prompt: where the drill is, the time left, what is expected.
    pub fn prompt(&self) -> String {
        let what = match self.item.as_ref().map(|i| i.asks) {
            Some(Asks::Sql) | None => "sql",
            Some(Asks::Line) => "answer",
            Some(Asks::Interview(Phase::Rating)) => "rating",
            Some(Asks::Interview(_)) => "Enter",
        };
        format!("{} {what}> ", self.tag())
    }

    /// True when the item is answered by a line rather than SQL.
    pub fn expects_line(&self) -> bool {
        self.item.as_ref().is_some_and(|i| i.asks != Asks::Sql)
    }

    /// True in exam mode (no hints, no feedback until the report).
    pub fn exam(&self) -> bool {
        match &self.run {
            Run::Timed { session, .. } => session.config().exam,
            Run::Review { .. } => false,
        }
    }
}

/// `TEXT` of a one-line prediction with rows separated by `;` outside
/// quotes, as the grader reads it: one row per line.
pub fn rows_on_lines(text: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ';') => {
                out.push('\n');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_outside_quotes_separate_rows() {
        assert_eq!(rows_on_lines("1, 'a;b'; 2, x"), "1, 'a;b'\n 2, x");
        assert_eq!(rows_on_lines("Alice|100"), "Alice|100");
    }
}
