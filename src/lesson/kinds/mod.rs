//! One module per exercise kind: the fields an author writes for it.

mod choice;
mod interview;
mod isolation;
mod plan;
mod predict;
mod query;
mod schema;

pub use choice::{ChoiceOption, ChoiceQuestion, option_letter};
pub use interview::InterviewQuestion;
pub use isolation::{
    ErrorCode, FixTask, FixVariant, IsolationExercise, IsolationForm, IsolationStep,
};
pub use plan::{CostBudget, PlanExercise, PlanRule, SetupPolicy, TempBtreeFor};
pub use predict::{PredictAnswer, PredictQuestion};
pub use query::QueryExercise;
pub use schema::{ConstraintKind, Probe, ProbeExpect, RequiredIndex, SchemaExercise};
