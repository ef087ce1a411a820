//! The FSRS scheduler (via the `rs-fsrs` crate), in its long-term form:
//! whole days, no same-day learning steps, no random fuzz, aiming at a 90%
//! chance of recall when an item comes back. A first lapse comes back the
//! next day; each good answer stretches the interval.

use chrono::{DateTime, Duration, Utc};
use rs_fsrs::{FSRS, Parameters, Rating, State};
use serde::Serialize;

use crate::grade::quiz::SelfRating;

/// The share of items a learner should still recall when they come due.
pub const TARGET_RETENTION: f64 = 0.9;
/// The longest interval, in days.
pub const MAX_INTERVAL_DAYS: i32 = 365;

/// One item's place in the schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card {
    /// The item, as `LESSON/EXERCISE`.
    pub item: String,
    /// When it is next due, in ms since the epoch.
    pub due_ms: i64,
    /// FSRS stability: days until recall probability falls to 90%.
    pub stability: f64,
    /// FSRS difficulty, 1 (easy) to 10 (hard).
    pub difficulty: f64,
    /// The interval last scheduled, in days.
    pub scheduled_days: i64,
    /// Reviews so far.
    pub reps: i32,
    /// Times it was forgotten (rated `again`) after the first review.
    pub lapses: i32,
    /// When it was last reviewed, in ms since the epoch.
    pub last_review_ms: i64,
}

/// Computes the next review of an item from a rating.
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
}

impl Default for Scheduler {
    fn default() -> Self {
        Scheduler::new()
    }
}

impl Scheduler {
    /// The scheduler with FSRS's default weights.
    pub fn new() -> Self {
        let parameters = Parameters {
            request_retention: TARGET_RETENTION,
            maximum_interval: MAX_INTERVAL_DAYS,
            enable_short_term: false,
            enable_fuzz: false,
            ..Parameters::default()
        };
        Scheduler {
            fsrs: FSRS::new(parameters),
        }
    }

    /// Schedules a review: of a card already in the schedule, or (with
    /// `None`) of an item reviewed for the first time.
    pub fn review(&self, item: &str, card: Option<&Card>, rating: SelfRating, now_ms: i64) -> Card {
        let now = at(now_ms);
        let before = match card {
            Some(c) => rs_fsrs::Card {
                due: at(c.due_ms),
                stability: c.stability,
                difficulty: c.difficulty,
                elapsed_days: 0,
                scheduled_days: c.scheduled_days,
                reps: c.reps,
                lapses: c.lapses,
                state: State::Review,
                last_review: at(c.last_review_ms),
            },
            None => rs_fsrs::Card {
                due: now,
                last_review: now,
                ..rs_fsrs::Card::default()
            },
        };
        let after = self.fsrs.next(before, now, fsrs_rating(rating)).card;
        // rs-fsrs keeps again < hard < good < easy by adding days, which can
        // step past the maximum: hold the cap.
        let days = after.scheduled_days.min(i64::from(MAX_INTERVAL_DAYS));
        Card {
            item: item.to_string(),
            due_ms: now_ms + days * Duration::days(1).num_milliseconds(),
            stability: after.stability,
            difficulty: after.difficulty,
            scheduled_days: days,
            reps: after.reps,
            lapses: after.lapses,
            last_review_ms: now_ms,
        }
    }

    /// The interval in days each rating would give, worst rating first.
    pub fn preview(&self, card: Option<&Card>, now_ms: i64) -> [i64; 4] {
        SelfRating::ALL.map(|r| {
            let next = self.review("", card, r, now_ms);
            (next.due_ms - now_ms) / Duration::days(1).num_milliseconds()
        })
    }
}

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn fsrs_rating(r: SelfRating) -> Rating {
    match r {
        SelfRating::Again => Rating::Again,
        SelfRating::Hard => Rating::Hard,
        SelfRating::Good => Rating::Good,
        SelfRating::Easy => Rating::Easy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;
    const T0: i64 = 1_750_000_000_000;

    #[test]
    fn first_review_intervals_are_fsrs_defaults() {
        let s = Scheduler::new();
        assert_eq!(s.preview(None, T0), [1, 2, 3, 15]);
    }

    #[test]
    fn intervals_grow_with_good_answers_and_reset_on_a_lapse() {
        let s = Scheduler::new();
        let mut card = s.review("a/b", None, SelfRating::Again, T0);
        assert_eq!(card.due_ms, T0 + DAY);
        let mut intervals = Vec::new();
        for _ in 0..4 {
            let now = card.due_ms;
            card = s.review("a/b", Some(&card), SelfRating::Good, now);
            intervals.push(card.scheduled_days);
        }
        assert!(intervals.windows(2).all(|w| w[1] > w[0]), "{intervals:?}");
        let before = card.scheduled_days;
        let lapsed = s.review("a/b", Some(&card), SelfRating::Again, card.due_ms);
        assert!(lapsed.scheduled_days < before, "{lapsed:?}");
        assert_eq!(lapsed.lapses, card.lapses + 1);
        // Ratings order the next interval: again < hard < good < easy.
        let p = s.preview(Some(&card), card.due_ms);
        assert!(p[0] < p[1] && p[1] < p[2] && p[2] < p[3], "{p:?}");
    }

    #[test]
    fn intervals_are_capped() {
        let s = Scheduler::new();
        let mut card = s.review("a/b", None, SelfRating::Easy, T0);
        for _ in 0..20 {
            card = s.review("a/b", Some(&card), SelfRating::Easy, card.due_ms);
        }
        assert_eq!(card.scheduled_days, i64::from(MAX_INTERVAL_DAYS));
    }
}
