//! Judging one drill answer: grade it, score it, and rate it for the
//! review scheduler.

use crate::grade::quiz::{self, SelfRating};
use crate::grade::{Grader, SetupError, Verdict};
use crate::lesson::{Exercise, ExerciseRef};
use crate::review::rating_for;

use super::score;

/// A graded drill answer.
#[derive(Debug, Clone)]
pub struct Judged {
    /// The grader's verdict.
    pub verdict: Verdict,
    /// The score, 0 to 1.
    pub score: f64,
    /// The rating handed to the review scheduler.
    pub rating: SelfRating,
}

/// Checks that an answer to a question is in the form it asks for (option
/// letters, a prediction, a rating), so a front end can ask again instead
/// of scoring a typo. SQL answers are always well-formed here: the grader
/// explains what is wrong with them.
pub fn validate(ex: ExerciseRef<'_>, answer: &str) -> Result<(), String> {
    match ex.exercise {
        Exercise::Choice(q) => quiz::parse_choice(q, answer).map(drop),
        Exercise::Predict(q) => quiz::parse_prediction(q, answer).map(drop),
        Exercise::Interview(q) => quiz::parse_interview(q, answer).map(drop),
        _ => Ok(()),
    }
}

/// Grades and scores an answer. `hints` is how many hints were shown;
/// `wrong_tries` how many answers to the same item were rejected before.
pub fn judge(
    grader: &Grader,
    ex: ExerciseRef<'_>,
    answer: &str,
    hints: usize,
    wrong_tries: usize,
) -> Result<Judged, SetupError> {
    let verdict = grader.grade(ex, answer)?;
    let struggled = hints > 0 || wrong_tries > 0;
    let (score, rating) = match ex.exercise {
        Exercise::Choice(q) => {
            let credit = quiz::parse_choice(q, answer)
                .map(|picked| quiz::choice_credit(q, &picked))
                .unwrap_or(0.0);
            (credit, rating_for(verdict.passed, struggled))
        }
        Exercise::Predict(_) => (
            score::predict(&verdict),
            rating_for(verdict.passed, struggled),
        ),
        Exercise::Interview(q) => match quiz::parse_interview(q, answer) {
            Ok(a) => (score::interview(&a, q.key_points.len()), a.rating),
            Err(_) => (0.0, SelfRating::Again),
        },
        _ => (
            score::sql(verdict.passed, hints),
            rating_for(verdict.passed, struggled),
        ),
    };
    Ok(Judged {
        verdict,
        score,
        rating,
    })
}
