//! A drill in progress: which item is being asked, when it was shown, and
//! what each answer scored. Time comes in as "elapsed since the drill
//! began", so a front end owns the clock and tests can set it.

use std::time::Duration;

use serde::Serialize;

use super::item::DrillItem;
use super::judge::Judged;
use super::select::DrillConfig;
use super::timer::Countdown;
use crate::grade::Outcome;
use crate::grade::quiz::SelfRating;

/// How an item ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Answered in time.
    Answered,
    /// Passed over by the learner.
    Skipped,
    /// Answered after time ran out: not scored.
    TimeUp,
    /// The drill ended before this item was asked.
    NotReached,
}

/// One item's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// The item.
    pub item: DrillItem,
    /// How it ended.
    pub status: Status,
    /// The last answer given (empty when none).
    pub answer: String,
    /// The verdict's outcome (`None` when not answered).
    pub outcome: Option<Outcome>,
    /// Whether the answer was accepted.
    pub passed: bool,
    /// Score, 0 to 1.
    pub score: f64,
    /// Rating for the review scheduler (`again` unless answered well).
    pub rating: SelfRating,
    /// The verdict's headline.
    pub headline: String,
    /// Hints shown.
    pub hints: usize,
    /// Answers given (several for SQL tasks retried in practice mode).
    pub tries: usize,
    /// Time spent on the item.
    pub elapsed: Duration,
}

/// A drill in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    config: DrillConfig,
    items: Vec<DrillItem>,
    countdown: Countdown,
    answers: Vec<Answer>,
    shown_at: Duration,
    ended_at: Option<Duration>,
}

impl Session {
    /// A drill of `items`. Without a time limit in `config`, the limit is
    /// the sum of the items' budgets.
    pub fn new(config: DrillConfig, items: Vec<DrillItem>) -> Self {
        let limit = config
            .time_limit
            .unwrap_or_else(|| items.iter().map(DrillItem::budget).sum());
        Session {
            config,
            items,
            countdown: Countdown::new(limit),
            answers: Vec::new(),
            shown_at: Duration::ZERO,
            ended_at: None,
        }
    }

    /// The options it was started with.
    pub fn config(&self) -> &DrillConfig {
        &self.config
    }

    /// Every item, in order.
    pub fn items(&self) -> &[DrillItem] {
        &self.items
    }

    /// The countdown.
    pub fn countdown(&self) -> Countdown {
        self.countdown
    }

    /// Results so far, in order.
    pub fn answers(&self) -> &[Answer] {
        &self.answers
    }

    /// 0-based position of the item being asked.
    pub fn position(&self) -> usize {
        self.answers.len()
    }

    /// The item being asked, or `None` when the drill is over.
    pub fn current(&self) -> Option<&DrillItem> {
        if self.ended_at.is_some() {
            return None;
        }
        self.items.get(self.answers.len())
    }

    /// Time left after `elapsed`.
    pub fn remaining(&self, elapsed: Duration) -> Duration {
        self.countdown.remaining(elapsed)
    }

    /// True when no more items will be asked.
    pub fn is_over(&self) -> bool {
        self.current().is_none()
    }

    /// Marks the current item as shown now (its clock starts).
    pub fn show(&mut self, elapsed: Duration) {
        self.shown_at = elapsed;
    }

    /// Records the judged answer to the current item, given at `elapsed`.
    /// An answer after the time limit is not scored and ends the drill.
    pub fn answer(
        &mut self,
        judged: &Judged,
        answer: &str,
        hints: usize,
        tries: usize,
        elapsed: Duration,
    ) -> Option<&Answer> {
        let item = self.current()?.clone();
        let late = self.countdown.is_over(elapsed);
        let spent = elapsed.saturating_sub(self.shown_at);
        self.answers.push(Answer {
            item,
            status: if late {
                Status::TimeUp
            } else {
                Status::Answered
            },
            answer: answer.to_string(),
            outcome: Some(judged.verdict.outcome),
            passed: judged.verdict.passed && !late,
            score: if late { 0.0 } else { judged.score },
            rating: if late {
                SelfRating::Again
            } else {
                judged.rating
            },
            headline: if late {
                "Time was up before this answer came in.".into()
            } else {
                judged.verdict.headline.clone()
            },
            hints,
            tries,
            elapsed: spent,
        });
        if late {
            self.end(elapsed);
        }
        self.answers.last()
    }

    /// Passes over the current item (score 0).
    pub fn skip(&mut self, answer: &str, hints: usize, tries: usize, elapsed: Duration) {
        let Some(item) = self.current().cloned() else {
            return;
        };
        let late = self.countdown.is_over(elapsed);
        self.answers.push(Answer {
            item,
            status: if late {
                Status::TimeUp
            } else {
                Status::Skipped
            },
            answer: answer.to_string(),
            outcome: None,
            passed: false,
            score: 0.0,
            rating: SelfRating::Again,
            headline: "Skipped.".into(),
            hints,
            tries,
            elapsed: elapsed.saturating_sub(self.shown_at),
        });
        if late {
            self.end(elapsed);
        }
    }

    /// Ends the drill at `elapsed` (time up, the learner quit, input ended):
    /// items not asked yet are marked not reached.
    pub fn end(&mut self, elapsed: Duration) {
        if self.ended_at.is_some() {
            return;
        }
        self.ended_at = Some(elapsed);
        let rest: Vec<DrillItem> = self.items[self.answers.len()..].to_vec();
        for item in rest {
            self.answers.push(Answer {
                item,
                status: Status::NotReached,
                answer: String::new(),
                outcome: None,
                passed: false,
                score: 0.0,
                rating: SelfRating::Again,
                headline: "Not reached.".into(),
                hints: 0,
                tries: 0,
                elapsed: Duration::ZERO,
            });
        }
    }

    /// When the drill ended, if it has.
    pub fn ended_at(&self) -> Option<Duration> {
        self.ended_at
    }

    /// The total score so far.
    pub fn score(&self) -> f64 {
        self.answers.iter().map(|a| a.score).sum()
    }
}
