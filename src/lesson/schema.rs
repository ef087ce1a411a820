//! The JSON Schema of lesson files, generated from the Rust types, so editors
//! with a YAML language server complete and check lesson files.

use super::model::{Lesson, Manifest};

/// Path of the lesson schema in the repository.
pub const LESSON_SCHEMA_PATH: &str = "assets/lesson.schema.json";
/// Path of the manifest schema in the repository.
pub const MANIFEST_SCHEMA_PATH: &str = "assets/course.schema.json";

/// The JSON Schema of a lesson file, pretty-printed.
pub fn lesson_schema() -> String {
    let schema = schemars::schema_for!(Lesson);
    serde_json::to_string_pretty(&schema).expect("schema serializes") + "\n"
}

/// The JSON Schema of `lessons/course.yaml`, pretty-printed.
pub fn manifest_schema() -> String {
    let schema = schemars::schema_for!(Manifest);
    serde_json::to_string_pretty(&schema).expect("schema serializes") + "\n"
}
