//! Scoring one drill answer: a number from 0 to 1 per item.

use crate::grade::Verdict;
use crate::grade::quiz::{InterviewAnswer, SelfRating};

/// What each hint costs on a solved SQL task.
pub const HINT_COST: f64 = 0.25;
/// The least a solved SQL task scores, however many hints were used.
pub const SOLVED_FLOOR: f64 = 0.25;

/// A solved SQL task scores 1, less [`HINT_COST`] per hint (at least
/// [`SOLVED_FLOOR`]); an unsolved one 0. Wrong tries before solving cost
/// nothing: in an interview you may fix your query too.
pub fn sql(passed: bool, hints: usize) -> f64 {
    if passed {
        (1.0 - HINT_COST * hints as f64).max(SOLVED_FLOOR)
    } else {
        0.0
    }
}

/// A predict question scores 1 when right, else 0.
pub fn predict(verdict: &Verdict) -> f64 {
    if verdict.passed { 1.0 } else { 0.0 }
}

/// An interview question scores the share of key points covered; a rating
/// of `again` (could not answer) scores 0 whatever was ticked.
pub fn interview(answer: &InterviewAnswer, key_points: usize) -> f64 {
    if answer.rating == SelfRating::Again || key_points == 0 {
        return 0.0;
    }
    answer.ticked.len() as f64 / key_points as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_cost_a_quarter_down_to_the_floor() {
        assert_eq!(sql(true, 0), 1.0);
        assert_eq!(sql(true, 1), 0.75);
        assert_eq!(sql(true, 2), 0.5);
        assert_eq!(sql(true, 9), SOLVED_FLOOR);
        assert_eq!(sql(false, 0), 0.0);
    }

    #[test]
    fn interview_scores_the_points_covered() {
        let a = InterviewAnswer {
            rating: SelfRating::Hard,
            ticked: [0, 2].into(),
        };
        assert_eq!(interview(&a, 4), 0.5);
        let again = InterviewAnswer {
            rating: SelfRating::Again,
            ticked: [0, 1, 2, 3].into(),
        };
        assert_eq!(interview(&again, 4), 0.0);
    }
}
