//! The drill screen's model: a timed drill (the drill core's
//! [`Session`](crate::drill::Session) against the app's clock) or a review
//! of the items due today, the item being asked (an exercise state, so the
//! editor, verdict and result table work as on an exercise), and the
//! report at the end. Also the small form that starts a drill.

use std::time::Duration;

use super::app::ExerciseState;
use crate::drill::{self, DrillConfig, Report, candidates};
use crate::grade::quiz::SelfRating;
use crate::lesson::{Course, Difficulty};

/// The settings of a drill about to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillForm {
    /// The setting under the cursor (see [`DrillForm::FIELDS`]).
    pub field: usize,
    /// Only items of this level (others fill in when too few).
    pub level: Option<Difficulty>,
    /// Only items of this topic slug.
    pub topic: Option<String>,
    /// Number of items.
    pub count: usize,
    /// Minutes on the clock; `None`: the items' own budgets added up.
    pub minutes: Option<u64>,
    /// Exam mode: no hints, one answer each, feedback in the report.
    pub exam: bool,
}

/// Minutes the form offers, after "auto".
const MINUTES: [u64; 9] = [5, 10, 15, 20, 30, 45, 60, 90, 120];
/// The most items the form offers.
const MAX_COUNT: usize = 40;

impl Default for DrillForm {
    fn default() -> Self {
        DrillForm {
            field: 0,
            level: None,
            topic: None,
            count: drill::DEFAULT_COUNT,
            minutes: None,
            exam: false,
        }
    }
}

impl DrillForm {
    /// The settings, in order: level, topic, items, minutes, exam.
    pub const FIELDS: [&'static str; 5] = ["Level", "Topic", "Items", "Minutes", "Exam mode"];

    /// Moves the cursor up or down.
    pub fn select(&mut self, delta: isize) {
        let n = Self::FIELDS.len() as isize;
        self.field = (self.field as isize + delta).rem_euclid(n) as usize;
    }

    /// Changes the setting under the cursor one step; `topics` are the
    /// slugs that have drillable items.
    pub fn change(&mut self, topics: &[String], delta: isize) {
        fn cycle<T: Clone + PartialEq>(options: &[T], current: &T, delta: isize) -> T {
            let n = options.len() as isize;
            let at = options.iter().position(|o| o == current).unwrap_or(0) as isize;
            options[(at + delta).rem_euclid(n) as usize].clone()
        }
        match self.field {
            0 => {
                let levels = [
                    None,
                    Some(Difficulty::Junior),
                    Some(Difficulty::Mid),
                    Some(Difficulty::Senior),
                ];
                self.level = cycle(&levels, &self.level, delta);
            }
            1 => {
                let mut options: Vec<Option<String>> = vec![None];
                options.extend(topics.iter().cloned().map(Some));
                self.topic = cycle(&options, &self.topic, delta);
            }
            2 => {
                self.count = (self.count as isize + delta).clamp(1, MAX_COUNT as isize) as usize;
            }
            3 => {
                let mut options: Vec<Option<u64>> = vec![None];
                options.extend(MINUTES.iter().copied().map(Some));
                self.minutes = cycle(&options, &self.minutes, delta);
            }
            _ => self.exam = !self.exam,
        }
    }

    /// The drill configuration, with a seed.
    pub fn config(&self, seed: u64) -> DrillConfig {
        DrillConfig {
            level: self.level,
            topic: self.topic.clone(),
            count: self.count,
            time_limit: self.minutes.map(|m| Duration::from_secs(m * 60)),
            exam: self.exam,
            seed,
        }
    }
}

/// Topic slugs with drillable items, in course order.
pub fn drill_topics(course: &Course) -> Vec<String> {
    let mut topics: Vec<String> = Vec::new();
    for item in candidates(course) {
        if !topics.contains(&item.topic) {
            topics.push(item.topic);
        }
    }
    topics
}

/// A seed from the time since start: a new drill each time, repeatable
/// with `sqldojo drill --seed`.
pub fn seed_from(now: Duration) -> u64 {
    1 + (now.as_micros() as u64).wrapping_mul(2_654_435_761) % 999_999
}

/// A reviewed item and when it comes back.
#[derive(Debug, Clone, PartialEq)]
pub struct Reviewed {
    /// `LESSON/EXERCISE`.
    pub key: String,
    /// Its title.
    pub title: String,
    /// The rating the scheduler got.
    pub rating: SelfRating,
    /// Whether the answer was accepted.
    pub passed: bool,
    /// When it comes back, once the schedule says.
    pub next: Option<String>,
}

/// A timed drill or a review.
#[derive(Debug)]
pub enum DrillRun {
    /// A seeded selection against a countdown, saved as a drill.
    Timed {
        /// The drill core's session.
        session: drill::Session,
        /// The app's clock when the drill began.
        started: Duration,
    },
    /// The items due today, no clock, each answer rescheduled.
    Review {
        /// Keys of the due items, in order.
        due: Vec<String>,
        /// Position of the item being asked.
        at: usize,
        /// Items answered or skipped, in order.
        results: Vec<Reviewed>,
    },
}

/// How a drill ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ending {
    /// A drill's report.
    Drill(Box<Report>),
    /// A review's summary (the results are in the run).
    Review,
}

/// The drill screen's state.
#[derive(Debug)]
pub struct DrillState {
    /// The drill or review.
    pub run: DrillRun,
    /// The item being asked.
    pub item: Option<Box<ExerciseState>>,
    /// Answers given to the item being asked.
    pub tries: usize,
    /// True once the item's answer is recorded (practice: the verdict
    /// stays on screen until the learner moves on).
    pub answered: bool,
    /// Set when the drill is over.
    pub ending: Option<Ending>,
    /// Lines scrolled in the report.
    pub report_scroll: u16,
}

impl DrillState {
    /// A drill or review about to ask its first item.
    pub fn new(run: DrillRun) -> Self {
        DrillState {
            run,
            item: None,
            tries: 0,
            answered: false,
            ending: None,
            report_scroll: 0,
        }
    }

    /// True once the report is showing.
    pub fn over(&self) -> bool {
        self.ending.is_some()
    }

    /// Exam mode.
    pub fn exam(&self) -> bool {
        match &self.run {
            DrillRun::Timed { session, .. } => session.config().exam,
            DrillRun::Review { .. } => false,
        }
    }

    /// Time since the drill began, at `now` (zero for a review).
    pub fn elapsed(&self, now: Duration) -> Duration {
        match &self.run {
            DrillRun::Timed { started, .. } => now.saturating_sub(*started),
            DrillRun::Review { .. } => Duration::ZERO,
        }
    }

    /// Time left at `now`, for a timed drill.
    pub fn remaining(&self, now: Duration) -> Option<Duration> {
        match &self.run {
            DrillRun::Timed { session, .. } => Some(session.remaining(self.elapsed(now))),
            DrillRun::Review { .. } => None,
        }
    }

    /// True when a timed drill's clock has run out at `now`.
    pub fn time_up(&self, now: Duration) -> bool {
        match &self.run {
            DrillRun::Timed { session, .. } => session.countdown().is_over(self.elapsed(now)),
            DrillRun::Review { .. } => false,
        }
    }

    /// The key of the item to ask now, if any is left.
    pub fn current_key(&self) -> Option<String> {
        match &self.run {
            DrillRun::Timed { session, .. } => session.current().map(|i| i.key.clone()),
            DrillRun::Review { due, at, .. } => due.get(*at).cloned(),
        }
    }

    /// `(position, total)` of the item being asked, 1-based.
    pub fn position(&self) -> (usize, usize) {
        match &self.run {
            // An answered item has moved the session on already.
            DrillRun::Timed { session, .. } => (
                (session.position() + usize::from(!self.answered)).min(session.items().len()),
                session.items().len(),
            ),
            DrillRun::Review { due, at, .. } => ((at + 1).min(due.len()), due.len()),
        }
    }
}
