use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lesson::model::Difficulty;

/// `kind: choice` — pick the right option(s).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceQuestion {
    /// Id, unique within the lesson.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Difficulty, when it differs from the lesson's.
    #[serde(default)]
    pub difficulty: Option<Difficulty>,
    /// The question (Markdown).
    pub question: String,
    /// True when more than one option is correct and the learner must pick all.
    #[serde(default)]
    pub multiple: bool,
    /// The options, in display order.
    pub options: Vec<ChoiceOption>,
    /// Shown after answering (Markdown).
    pub explanation: String,
}

/// One option of a choice question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// The option text (Markdown).
    pub text: String,
    /// Whether it is a correct answer.
    #[serde(default)]
    pub correct: bool,
    /// Why it is right or wrong.
    pub explanation: String,
}
