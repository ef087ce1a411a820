//! The lesson format: what authors write in `lessons/course.yaml` and
//! `lessons/NN-topic/*.yaml`. These types are the single source of truth for
//! the format: the JSON Schema in `assets/` is generated from them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::kinds::{
    ChoiceQuestion, InterviewQuestion, IsolationExercise, PlanExercise, PredictQuestion,
    QueryExercise, SchemaExercise,
};

/// The version of the lesson format this binary reads. A pack whose manifest
/// declares a newer version is refused with a clear message.
pub const FORMAT_VERSION: u32 = 1;

/// `lessons/course.yaml`: the course manifest.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Version of the lesson format the course is written in (currently 1).
    pub format_version: u32,
    /// Title of the course, shown on the course map.
    pub title: String,
    /// A sentence or two about the course.
    #[serde(default)]
    pub description: String,
    /// Topics in the order a learner meets them.
    pub topics: Vec<TopicEntry>,
}

/// One topic of the course: a folder of lesson files.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicEntry {
    /// Slug used by lessons' `topic` field, e.g. `joins`.
    pub slug: String,
    /// Human title, e.g. "Joins".
    pub title: String,
    /// Folder under `lessons/` holding the topic's lesson files, e.g. `01-joins`.
    pub dir: String,
    /// One line about the topic.
    #[serde(default)]
    pub summary: String,
}

/// How demanding a lesson or question is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    /// First job, first weeks with SQL.
    Junior,
    /// Comfortable with SQL, learning the finer points.
    Mid,
    /// Designs schemas and debugs production queries.
    Senior,
}

impl Difficulty {
    /// The lowercase name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Junior => "junior",
            Difficulty::Mid => "mid",
            Difficulty::Senior => "senior",
        }
    }
}

/// A lesson file: an intro and a list of exercises on one dataset.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Unique id across the course, e.g. `joins-inner`. Used in `LESSON/EXERCISE` keys.
    pub id: String,
    /// Title shown on the course map.
    pub title: String,
    /// Slug of the topic this lesson belongs to (must be in the manifest).
    pub topic: String,
    /// How demanding the lesson is.
    pub difficulty: Difficulty,
    /// Name of the dataset (a file `datasets/NAME.sql`) exercises run on.
    pub dataset: String,
    /// The lesson's introduction, in Markdown.
    pub intro: String,
    /// Worked examples shown after the intro. `sqldojo check` runs each and
    /// compares with its stated result, so no prose claim goes unchecked.
    #[serde(default)]
    pub examples: Vec<Example>,
    /// The exercises, in order.
    pub exercises: Vec<Exercise>,
}

/// A worked example: a query and the result the lesson claims it returns.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// What the example shows.
    pub title: String,
    /// The query (one statement; read-only).
    pub sql: String,
    /// The rows it returns, in order, each a list of values (`null` for NULL).
    pub result: Vec<Vec<serde_json::Value>>,
    /// Commentary shown under the result, in Markdown.
    #[serde(default)]
    pub note: String,
}

/// One exercise, tagged by `kind`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Exercise {
    /// Write a query; graded by comparing results with the reference.
    Query(QueryExercise),
    /// Make a query fast: graded on rows, then on its plan and cost counters.
    Plan(PlanExercise),
    /// Write DDL; graded by probing the schema's behaviour.
    Schema(SchemaExercise),
    /// Two or three sessions interleaving transactions.
    Isolation(IsolationExercise),
    /// A multiple-choice question.
    Choice(ChoiceQuestion),
    /// Say what a shown query returns; graded by running it.
    Predict(PredictQuestion),
    /// An interview question answered aloud, then self-rated.
    Interview(InterviewQuestion),
}

/// A known mistake and the feedback a learner who makes it must see.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WrongAnswer {
    /// The mistaken SQL.
    pub sql: String,
    /// What to tell the learner whose answer behaves like this one (Markdown).
    pub feedback: String,
}

impl Exercise {
    /// The exercise id, unique within its lesson.
    pub fn id(&self) -> &str {
        match self {
            Exercise::Query(e) => &e.id,
            Exercise::Plan(e) => &e.id,
            Exercise::Schema(e) => &e.id,
            Exercise::Isolation(e) => &e.id,
            Exercise::Choice(e) => &e.id,
            Exercise::Predict(e) => &e.id,
            Exercise::Interview(e) => &e.id,
        }
    }

    /// The exercise title.
    pub fn title(&self) -> &str {
        match self {
            Exercise::Query(e) => &e.title,
            Exercise::Plan(e) => &e.title,
            Exercise::Schema(e) => &e.title,
            Exercise::Isolation(e) => &e.title,
            Exercise::Choice(e) => &e.title,
            Exercise::Predict(e) => &e.title,
            Exercise::Interview(e) => &e.title,
        }
    }

    /// The `kind` tag as written in lesson files.
    pub fn kind(&self) -> &'static str {
        match self {
            Exercise::Query(_) => "query",
            Exercise::Plan(_) => "plan",
            Exercise::Schema(_) => "schema",
            Exercise::Isolation(_) => "isolation",
            Exercise::Choice(_) => "choice",
            Exercise::Predict(_) => "predict",
            Exercise::Interview(_) => "interview",
        }
    }

    /// True for the kinds graded by running SQL (query, plan, schema, isolation).
    pub fn is_graded_sql(&self) -> bool {
        matches!(
            self,
            Exercise::Query(_) | Exercise::Plan(_) | Exercise::Schema(_) | Exercise::Isolation(_)
        )
    }

    /// True for the exercises a learner passes or fails by writing SQL:
    /// query, plan, schema, and isolation labs except free play (which is
    /// practice: whatever the learner types is run and shown, not judged).
    pub fn is_graded(&self) -> bool {
        match self {
            Exercise::Isolation(e) => e.form != super::kinds::IsolationForm::FreePlay,
            other => other.is_graded_sql(),
        }
    }

    /// The exercise's own dataset override, if any.
    pub fn dataset_override(&self) -> Option<&str> {
        match self {
            Exercise::Query(e) => e.dataset.as_deref(),
            Exercise::Plan(e) => e.dataset.as_deref(),
            Exercise::Schema(e) => e.dataset.as_deref(),
            Exercise::Predict(e) => e.dataset.as_deref(),
            Exercise::Choice(e) => e.dataset.as_deref(),
            Exercise::Isolation(_) | Exercise::Interview(_) => None,
        }
    }

    /// The exercise's own difficulty override, if any.
    pub fn difficulty_override(&self) -> Option<Difficulty> {
        match self {
            Exercise::Choice(e) => e.difficulty,
            Exercise::Predict(e) => e.difficulty,
            Exercise::Interview(e) => e.difficulty,
            _ => None,
        }
    }

    /// The prompt or question shown to the learner (Markdown).
    pub fn prompt(&self) -> &str {
        match self {
            Exercise::Query(e) => &e.prompt,
            Exercise::Plan(e) => &e.prompt,
            Exercise::Schema(e) => &e.prompt,
            Exercise::Isolation(e) => &e.prompt,
            Exercise::Choice(e) => &e.question,
            Exercise::Predict(e) => &e.question,
            Exercise::Interview(e) => &e.question,
        }
    }

    /// Progressive hints, first to last.
    pub fn hints(&self) -> &[String] {
        match self {
            Exercise::Query(e) => &e.hints,
            Exercise::Plan(e) => &e.hints,
            Exercise::Schema(e) => &e.hints,
            Exercise::Isolation(e) => &e.hints,
            Exercise::Choice(_) | Exercise::Predict(_) | Exercise::Interview(_) => &[],
        }
    }

    /// Known wrong answers with their targeted feedback.
    pub fn wrong_answers(&self) -> &[WrongAnswer] {
        match self {
            Exercise::Query(e) => &e.wrong_answers,
            Exercise::Plan(e) => &e.wrong_answers,
            Exercise::Schema(e) => &e.wrong_answers,
            Exercise::Isolation(e) => &e.wrong_answers,
            Exercise::Choice(_) | Exercise::Predict(_) | Exercise::Interview(_) => &[],
        }
    }

    /// The explanation shown after success (Markdown).
    pub fn explanation(&self) -> &str {
        match self {
            Exercise::Query(e) => &e.explanation,
            Exercise::Plan(e) => &e.explanation,
            Exercise::Schema(e) => &e.explanation,
            Exercise::Isolation(e) => &e.explanation,
            Exercise::Choice(e) => &e.explanation,
            Exercise::Predict(e) => &e.explanation,
            Exercise::Interview(e) => &e.model_answer,
        }
    }

    /// The SQL the editor starts with, if the exercise gives one.
    pub fn starter(&self) -> Option<&str> {
        match self {
            Exercise::Query(e) => e.starter.as_deref(),
            Exercise::Plan(e) => e.starter.as_deref(),
            Exercise::Schema(e) => e.starter.as_deref(),
            Exercise::Isolation(e) => e.starter.as_deref(),
            Exercise::Choice(_) | Exercise::Predict(_) | Exercise::Interview(_) => None,
        }
    }

    /// The reference solution's SQL, for the kinds that have one.
    pub fn solution(&self) -> Option<&str> {
        match self {
            Exercise::Query(e) => Some(e.solution.as_str()).filter(|s| !s.is_empty()),
            Exercise::Plan(e) => Some(&e.solution),
            Exercise::Schema(e) => Some(&e.solution),
            Exercise::Isolation(e) => e.solution.as_deref(),
            Exercise::Choice(_) | Exercise::Predict(_) | Exercise::Interview(_) => None,
        }
    }
}
