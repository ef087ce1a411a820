//! The grader: runs learner SQL and the reference on fresh copies of a
//! dataset and its variants, compares, and returns a verdict as data.

pub mod compare;
pub mod expectation;
pub mod feedback;
pub mod isolation;
pub mod plan;
pub mod query;
pub mod quiz;
pub mod schema;
pub mod stored;
pub mod variants;
mod verdict;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub use expectation::{BuildError, Expectation};
pub use plan::{PlanExpectation, PlanReport};
pub use verdict::{Counterexample, Outcome, Verdict};

use crate::dataset::{DatasetError, Datasets, Pristine};
use crate::engine::StopToken;
use crate::lesson::kinds::PlanExercise;
use crate::lesson::{CourseSource, Exercise, ExerciseRef, WrongAnswer};

/// Grading could not start: the exercise or its dataset is broken. This is
/// the author's problem, not the learner's.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The dataset failed to build.
    #[error(transparent)]
    Dataset(#[from] DatasetError),
    /// The reference failed.
    #[error(transparent)]
    Reference(#[from] BuildError),
    /// A closed pack's stored expectation cannot be used.
    #[error(transparent)]
    Stored(#[from] stored::StoredError),
    /// The isolation lab could not be set up (temporary file, setup SQL).
    #[error(transparent)]
    Lab(#[from] crate::engine::sessions::LabError),
    /// This kind of exercise is not graded by running SQL.
    #[error("`{0}` exercises are not graded from SQL text")]
    NotGradable(&'static str),
}

/// Grades attempts for one course, caching each exercise's expectation.
#[derive(Debug)]
pub struct Grader {
    datasets: Datasets,
    cache: Mutex<HashMap<String, Arc<Expectation>>>,
    plans: Mutex<HashMap<String, Arc<PlanExpectation>>>,
}

impl Grader {
    /// A grader for a course.
    pub fn new(source: CourseSource) -> Self {
        Self::with_datasets(Datasets::new(source))
    }

    /// A grader over datasets set up by the caller (e.g. with `--data-dir`,
    /// where built full-scale datasets live).
    pub fn with_datasets(datasets: Datasets) -> Self {
        Grader {
            datasets,
            cache: Mutex::new(HashMap::new()),
            plans: Mutex::new(HashMap::new()),
        }
    }

    /// The course's datasets.
    pub fn datasets(&self) -> &Datasets {
        &self.datasets
    }

    /// The pristine copy of a dataset.
    pub fn pristine(&self, name: &str) -> Result<Arc<Pristine>, DatasetError> {
        self.datasets.get(name)
    }

    /// The expectation of a reference on a dataset, computed once per key.
    pub fn expectation(
        &self,
        key: &str,
        dataset: &str,
        reference: &str,
        wrong_answers: &[WrongAnswer],
    ) -> Result<Arc<Expectation>, SetupError> {
        if let Some(found) = self.cache.lock().unwrap().get(key) {
            return Ok(found.clone());
        }
        let pristine = self.datasets.get(dataset)?;
        let built = Arc::new(Expectation::build(&pristine, reference, wrong_answers)?);
        self.cache
            .lock()
            .unwrap()
            .insert(key.to_string(), built.clone());
        Ok(built)
    }

    /// The expectation of a query exercise: computed from its reference, or
    /// read from the file a closed pack names in `expectation:`.
    pub fn expectation_for(
        &self,
        exercise: ExerciseRef<'_>,
    ) -> Result<Arc<Expectation>, SetupError> {
        let Exercise::Query(q) = exercise.exercise else {
            return Err(SetupError::NotGradable(exercise.exercise.kind()));
        };
        let key = exercise.key();
        let Some(file) = &q.expectation else {
            return self.expectation(&key, exercise.dataset(), &q.solution, &q.wrong_answers);
        };
        if let Some(found) = self.cache.lock().unwrap().get(&key) {
            return Ok(found.clone());
        }
        let loaded = stored::StoredExpectation::load(
            self.datasets.source(),
            file,
            &key,
            exercise.dataset(),
        )?;
        let loaded = Arc::new(loaded);
        self.cache.lock().unwrap().insert(key, loaded.clone());
        Ok(loaded)
    }

    /// The expectation of a plan exercise, computed once per exercise key.
    pub fn plan_expectation(
        &self,
        exercise: ExerciseRef<'_>,
        plan: &PlanExercise,
    ) -> Result<Arc<PlanExpectation>, SetupError> {
        let key = exercise.key();
        if let Some(found) = self.plans.lock().unwrap().get(&key) {
            return Ok(found.clone());
        }
        let pristine = self.datasets.get(exercise.dataset())?;
        let built = Arc::new(PlanExpectation::build(&pristine, plan)?);
        self.plans.lock().unwrap().insert(key, built.clone());
        Ok(built)
    }

    /// Runs `grade`, a grading of `exercise`, so that setting `stop` ends
    /// every run it makes at once. What the lesson alone decides (the
    /// expectation) is built first, outside the token's reach, so a stop
    /// never leaves a half-built one cached; a stopped grading's verdict is
    /// of no use and should be dropped.
    pub fn within<T>(
        &self,
        exercise: ExerciseRef<'_>,
        stop: &StopToken,
        grade: impl FnOnce() -> T,
    ) -> T {
        // A failure here comes back from `grade` itself, with its message.
        let _ = match exercise.exercise {
            Exercise::Query(_) => self.expectation_for(exercise).map(drop),
            Exercise::Plan(p) => self.plan_expectation(exercise, p).map(drop),
            _ => Ok(()),
        };
        let _scope = stop.scope();
        grade()
    }

    /// Grades an answer to an exercise of the course.
    pub fn grade(&self, exercise: ExerciseRef<'_>, answer: &str) -> Result<Verdict, SetupError> {
        match exercise.exercise {
            Exercise::Query(_) => {
                let exp = self.expectation_for(exercise)?;
                let pristine = self.datasets.get(exercise.dataset())?;
                Ok(query::grade_query(&exp, &pristine, answer))
            }
            Exercise::Schema(s) => {
                let pristine = self.datasets.get(exercise.dataset())?;
                schema::grade_schema(&pristine, s, answer)
                    .map_err(|e| SetupError::Reference(BuildError::Dataset(e)))
            }
            Exercise::Choice(q) => Ok(quiz::grade_choice(q, answer)),
            Exercise::Predict(q) => {
                let pristine = self.datasets.get(exercise.dataset())?;
                Ok(quiz::grade_predict(q, &pristine, answer))
            }
            Exercise::Interview(q) => Ok(quiz::grade_interview(q, answer)),
            Exercise::Isolation(x) => isolation::grade(self, exercise, x, answer),
            Exercise::Plan(p) => {
                let exp = self.plan_expectation(exercise, p)?;
                let pristine = self.datasets.get(exercise.dataset())?;
                Ok(plan::grade_plan(&exp, &pristine, answer))
            }
        }
    }

    /// Grades an answer against an ad-hoc reference on a dataset name or file.
    pub fn grade_adhoc(
        &self,
        dataset: &str,
        solution: &str,
        answer: &str,
    ) -> Result<Verdict, SetupError> {
        let key = format!("adhoc:{dataset}:{solution}");
        let exp = self.expectation(&key, dataset, solution, &[])?;
        let pristine = self.datasets.get(dataset)?;
        Ok(query::grade_query(&exp, &pristine, answer))
    }
}
