//! The lesson format, course loading, and located diagnostics for authors.

mod course;
mod diagnostic;
pub mod kinds;
mod locate;
mod model;
pub mod schema;
mod source;

pub use course::{Course, ExerciseRef, LessonFile, Loaded, MANIFEST, Topic, is_slug, parse_yaml};
pub use diagnostic::{Diagnostic, Severity};
pub use locate::Locations;
pub use model::{
    Difficulty, Example, Exercise, FORMAT_VERSION, Lesson, Manifest, TopicEntry, WrongAnswer,
};
pub use source::{CourseSource, ReadError, SourceFile, read_text};
