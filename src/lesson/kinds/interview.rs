use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lesson::model::Difficulty;

/// `kind: interview` — free recall: answer aloud, compare with the model
/// answer, tick the key points covered, try the follow-up, rate yourself.
///
/// Graded from a self-rating and the ticked key points, e.g. `good 1,3,4`
/// (`again`, `hard`, `good`, `easy`, or 1–4). A rating of `again` or `hard`
/// puts the question in the review queue.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InterviewQuestion {
    /// Id, unique within the lesson.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Difficulty, when it differs from the lesson's.
    #[serde(default)]
    pub difficulty: Option<Difficulty>,
    /// The question as an interviewer asks it.
    pub question: String,
    /// A correct, complete answer (Markdown).
    pub model_answer: String,
    /// What an interviewer listens for; the learner ticks those covered.
    pub key_points: Vec<String>,
    /// The follow-up question.
    pub follow_up: String,
    /// A short answer to the follow-up (Markdown).
    #[serde(default)]
    pub follow_up_answer: String,
    /// A graded SQL task that practises the same idea, as `LESSON/EXERCISE`.
    /// `sqldojo check` makes sure it exists.
    #[serde(default)]
    pub practice: Option<String>,
}
