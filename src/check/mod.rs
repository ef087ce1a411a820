//! The authors' check (`sqldojo check`): every lesson loads, every reference
//! runs and passes on every variant, every known wrong answer is rejected
//! with its own feedback, every starter fails, every stated result is what
//! SQLite returns. Problems are located as `file:line:col`.

mod examples;
mod isolation;
pub mod mutants;
mod placeholders;
mod plan;
mod query;
mod quiz;
mod schema;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::grade::Grader;
use crate::lesson::kinds::IsolationForm;
use crate::lesson::{
    Course, CourseSource, Diagnostic, Exercise, ExerciseRef, LessonFile, MANIFEST,
};

/// How demanding the check is.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// Hold the course to the bundled course's standard: warnings are errors,
    /// and every graded exercise has at least two hints and two wrong answers.
    pub strict: bool,
}

/// The outcome of a check.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Problems found, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Mutants of a reference that the dataset cannot tell from it (warnings,
    /// sorted by file and line). Advisory: `--strict` leaves them warnings,
    /// since a mutant can be equivalent to the reference.
    pub advisories: Vec<Diagnostic>,
    /// Lessons checked.
    pub lessons: usize,
    /// Exercises checked.
    pub exercises: usize,
    /// Wall time.
    #[serde(serialize_with = "ms")]
    pub elapsed: Duration,
}

fn ms<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

impl Report {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Where `sqldojo check PATH` finds its course: the pack root holding
/// `lessons/course.yaml`, and, when PATH is a lesson file or a folder inside
/// the pack, the part to check.
pub fn resolve(path: &Path) -> (CourseSource, Option<PathBuf>) {
    let start = if path.is_file() {
        path.parent().unwrap_or(Path::new("."))
    } else {
        path
    };
    for dir in start.ancestors() {
        if dir.join(MANIFEST).is_file() {
            let part = (dir != path).then(|| path.to_path_buf());
            return (CourseSource::Dir(dir.to_path_buf()), part);
        }
    }
    (CourseSource::Dir(start.to_path_buf()), None)
}

/// Checks a whole course, or only the lessons in `only` (a file or folder).
pub fn check(source: CourseSource, only: Option<&Path>, options: CheckOptions) -> Report {
    let started = Instant::now();
    let loaded = match Course::load(source.clone()) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            return Report {
                diagnostics,
                advisories: Vec::new(),
                lessons: 0,
                exercises: 0,
                elapsed: started.elapsed(),
            };
        }
    };
    let course = loaded.course;
    let mut diagnostics = loaded.diagnostics;
    let selected = |lesson: &LessonFile| match only {
        None => true,
        Some(file) => same_file(Path::new(&lesson.path), file),
    };
    let lessons: Vec<&LessonFile> = course.lessons().filter(|l| selected(l)).collect();
    let exercises: Vec<ExerciseRef<'_>> =
        course.exercises().filter(|e| selected(e.lesson)).collect();
    let grader = Grader::new(source);

    // Exercises are independent: spread them over the cores.
    let found = Mutex::new(Vec::new());
    let advisory = Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(ex) = exercises.get(i) else { break };
                    let mut out = check_exercise(*ex, &course, &grader, options);
                    found.lock().unwrap().append(&mut out);
                    let mut advice = mutants::check(*ex, &grader);
                    advisory.lock().unwrap().append(&mut advice);
                }
            });
        }
        scope.spawn(|| {
            let mut out: Vec<Diagnostic> = lessons
                .iter()
                .flat_map(|l| {
                    let mut found = placeholders::check(l);
                    found.extend(examples::check(l, &grader));
                    found.extend(examples::prose_claims(l));
                    found
                })
                .collect();
            found.lock().unwrap().append(&mut out);
        });
    });
    diagnostics.extend(found.into_inner().unwrap());
    if options.strict {
        for d in &mut diagnostics {
            d.severity = crate::lesson::Severity::Error;
        }
    }

    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    diagnostics.dedup();
    let mut advisories = advisory.into_inner().unwrap();
    advisories.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    Report {
        diagnostics,
        advisories,
        lessons: lessons.len(),
        exercises: exercises.len(),
        elapsed: started.elapsed(),
    }
}

/// True when lesson file `a` is `b`, or lies inside folder `b`.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x.starts_with(y),
        _ => a.starts_with(b),
    }
}

/// Checks one exercise of any kind.
fn check_exercise(
    ex: ExerciseRef<'_>,
    course: &Course,
    grader: &Grader,
    options: CheckOptions,
) -> Vec<Diagnostic> {
    let mut out = common(ex, options);
    match ex.exercise {
        Exercise::Query(q) => out.extend(query::check(ex, q, grader)),
        Exercise::Schema(s) => out.extend(schema::check(ex, s, grader)),
        Exercise::Choice(q) => out.extend(quiz::check_choice(ex, q, grader)),
        Exercise::Predict(q) => out.extend(quiz::check_predict(ex, q, grader)),
        Exercise::Interview(q) => out.extend(quiz::check_interview(ex, q, course)),
        Exercise::Isolation(x) => out.extend(isolation::check(ex, x, grader)),
        Exercise::Plan(p) => out.extend(plan::check(ex, p, grader)),
    }
    out
}

/// Checks shared by every graded kind: prompt, hints, explanation, wrong answers.
fn common(ex: ExerciseRef<'_>, options: CheckOptions) -> Vec<Diagnostic> {
    let file = &ex.lesson.path;
    let mut out = Vec::new();
    if ex.exercise.prompt().trim().is_empty() {
        out.push(
            Diagnostic::error(file, ex.at("prompt"), "the prompt is empty")
                .with_fix("say what to return: columns, one row per what, order"),
        );
    }
    if ex.exercise.explanation().trim().is_empty() {
        out.push(
            Diagnostic::error(file, ex.at("explanation"), "the explanation is empty")
                .with_fix("explain why the solution works; learners see it after success"),
        );
    }
    // Free play in the isolation lab has nothing to grade, hint at or get wrong.
    let free_play =
        matches!(ex.exercise, Exercise::Isolation(x) if x.form == IsolationForm::FreePlay);
    if ex.exercise.is_graded_sql() && !free_play && options.strict {
        let hints = ex.exercise.hints().len();
        if hints < 2 {
            out.push(
                Diagnostic::warning(
                    file,
                    ex.at("hints"),
                    format!("{hints} hint(s); the course standard is at least 2"),
                )
                .with_fix("add progressive hints: a nudge first, then a stronger one"),
            );
        }
        let wrong = ex.exercise.wrong_answers().len();
        if wrong < 2 {
            out.push(
                Diagnostic::warning(
                    file,
                    ex.at("wrong_answers"),
                    format!("{wrong} known wrong answer(s); the course standard is at least 2"),
                )
                .with_fix("add the mistakes learners really make, each with targeted feedback"),
            );
        }
    }
    out
}
