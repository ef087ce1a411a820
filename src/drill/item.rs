//! What a drill is made of: SQL tasks and questions, each with a time budget.

use std::time::Duration;

use serde::Serialize;

use crate::lesson::{Difficulty, Exercise, ExerciseRef};

/// The kinds of item a drill mixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Write a query (graded by running it).
    Sql,
    /// Pick the right option(s).
    Choice,
    /// Say what a shown query returns.
    Predict,
    /// Answer aloud, then self-assess.
    Interview,
}

impl ItemKind {
    /// The kind of drill item an exercise makes, if it can be drilled in a
    /// line-based session (query tasks and the three question kinds).
    pub fn of(exercise: &Exercise) -> Option<ItemKind> {
        match exercise {
            Exercise::Query(_) => Some(ItemKind::Sql),
            Exercise::Choice(_) => Some(ItemKind::Choice),
            Exercise::Predict(_) => Some(ItemKind::Predict),
            Exercise::Interview(_) => Some(ItemKind::Interview),
            Exercise::Plan(_) | Exercise::Schema(_) | Exercise::Isolation(_) => None,
        }
    }

    /// The time a prepared candidate needs, used for the default time limit
    /// and shown next to the time taken in the report.
    pub fn budget(self) -> Duration {
        Duration::from_secs(match self {
            ItemKind::Sql => 300,
            ItemKind::Choice => 60,
            ItemKind::Predict => 120,
            ItemKind::Interview => 180,
        })
    }

    /// A short name for reports.
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Sql => "SQL",
            ItemKind::Choice => "choice",
            ItemKind::Predict => "predict",
            ItemKind::Interview => "interview",
        }
    }
}

/// One item of a drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrillItem {
    /// `LESSON/EXERCISE`.
    pub key: String,
    /// What kind of item it is.
    pub kind: ItemKind,
    /// The topic slug.
    pub topic: String,
    /// Its difficulty (the exercise's, else its lesson's).
    pub difficulty: Difficulty,
    /// Its title.
    pub title: String,
}

impl DrillItem {
    /// The drill item for an exercise, if it can be drilled.
    pub fn of(ex: ExerciseRef<'_>) -> Option<DrillItem> {
        Some(DrillItem {
            key: ex.key(),
            kind: ItemKind::of(ex.exercise)?,
            topic: ex.lesson.lesson.topic.clone(),
            difficulty: ex.difficulty(),
            title: ex.exercise.title().to_string(),
        })
    }

    /// The item's time budget.
    pub fn budget(&self) -> Duration {
        self.kind.budget()
    }
}
