use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lesson::model::Difficulty;

/// `kind: choice` — pick the right option (or options).
///
/// Learners answer with option letters: `b`, or `a,c` when `multiple` is set.
/// When the options are queries, give each its `sql` and the question a
/// `reference`: `sqldojo check` then grades every option against the
/// reference (on the data and its variants) and makes sure exactly the
/// options marked `correct` return the reference's result.
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
    /// True when the learner must pick every correct option (one or more);
    /// false when exactly one option is correct.
    #[serde(default)]
    pub multiple: bool,
    /// Dataset the options' SQL runs on (defaults to the lesson's).
    #[serde(default)]
    pub dataset: Option<String>,
    /// A query whose result the correct options' SQL must return; `sqldojo
    /// check` grades each option's `sql` against it.
    #[serde(default)]
    pub reference: Option<String>,
    /// The options, in display order (lettered a, b, c, ...).
    pub options: Vec<ChoiceOption>,
    /// Shown after answering (Markdown).
    pub explanation: String,
}

/// One option of a choice question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// The option text (Markdown). May be left out when `sql` says it all.
    #[serde(default)]
    pub text: String,
    /// The option as a query, shown as code under the text.
    #[serde(default)]
    pub sql: Option<String>,
    /// Whether it is a correct answer.
    #[serde(default)]
    pub correct: bool,
    /// Why it is right or wrong; shown after answering.
    pub explanation: String,
}

impl ChoiceQuestion {
    /// The letters of the correct options, in order (`a`, `c`).
    pub fn correct_letters(&self) -> Vec<char> {
        self.options
            .iter()
            .enumerate()
            .filter(|(_, o)| o.correct)
            .map(|(i, _)| option_letter(i))
            .collect()
    }
}

/// The letter of the option at `index`: `a` for 0, `b` for 1, ...
pub fn option_letter(index: usize) -> char {
    char::from(b'a' + (index % 26) as u8)
}
