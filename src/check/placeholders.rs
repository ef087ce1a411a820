//! Template placeholders left in a lesson: every text that still holds
//! `TODO:` (as `sqldojo new lesson` writes it) is an error located at its
//! field, with what to write there.

use crate::lesson::{Diagnostic, LessonFile};
use crate::workshop::scaffold::PLACEHOLDER;

/// One error per field that still holds the placeholder.
pub fn check(lesson: &LessonFile) -> Vec<Diagnostic> {
    let Ok(value) = serde_json::to_value(&lesson.lesson) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(&value, String::new(), &mut found);
    found
        .into_iter()
        .map(|path| {
            Diagnostic::error(
                &lesson.path,
                lesson.locations().at(&path),
                format!("`{path}` still holds the template's `{PLACEHOLDER}` placeholder"),
            )
            .with_fix(advice(&path))
        })
        .collect()
}

fn walk(value: &serde_json::Value, path: String, found: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if s.contains(PLACEHOLDER) => found.push(path),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), found);
            }
        }
        serde_json::Value::Object(fields) => {
            for (key, item) in fields {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(item, child, found);
            }
        }
        _ => {}
    }
}

/// What belongs in a field, by its name.
fn advice(path: &str) -> &'static str {
    let field = path.rsplit('.').next().unwrap_or(path);
    let field = field.split('[').next().unwrap_or(field);
    match field {
        "intro" => "introduce the idea in Markdown: what it is, when to use it, the pitfall",
        "title" => "a short title, shown on the course map",
        "prompt" => {
            "state the output contract: which columns in which order, one row per what, and whether row order matters"
        }
        "solution" => {
            "write the reference: one statement that runs on the lesson's dataset (a top-level ORDER BY makes order part of the answer)"
        }
        "hints" => "hints come gentlest first: a nudge, then a stronger hint",
        "explanation" => "say why the solution works; learners read it after they succeed",
        "sql" => {
            "a mistake learners really make; check makes sure it is rejected and shows its own feedback"
        }
        "feedback" => "what to tell a learner whose answer behaves like this mistake",
        _ => "replace the placeholder with the real text",
    }
}
