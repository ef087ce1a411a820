//! Spaced repetition: questions and exercises the learner got wrong or
//! rated low come back after growing intervals, computed by FSRS (the
//! `rs-fsrs` crate). UI-free: front ends ask what is due, run the items,
//! and record a rating for each.

mod queue;
mod scheduler;

pub use queue::{card, due, due_count, end_of_day_ms, next_due_after, record, sync_from_attempts};
pub use scheduler::{Card, MAX_INTERVAL_DAYS, Scheduler, TARGET_RETENTION};

use crate::grade::quiz::SelfRating;

/// The rating of an answer that was graded rather than self-rated: wrong is
/// `again`; right with hints or after wrong tries is `hard`; right is `good`.
pub fn rating_for(passed: bool, struggled: bool) -> SelfRating {
    match (passed, struggled) {
        (false, _) => SelfRating::Again,
        (true, true) => SelfRating::Hard,
        (true, false) => SelfRating::Good,
    }
}
