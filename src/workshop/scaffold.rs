//! `sqldojo new lesson NAME`: a lesson file in the right topic folder of a
//! pack, from an embedded template whose `TODO:` placeholders `sqldojo check`
//! locates and explains. In an empty folder it starts a whole pack: manifest,
//! a small dataset with its edge cases, and the JSON Schemas editors use.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::lesson::schema::{lesson_schema, manifest_schema};
use crate::lesson::{Course, CourseSource, MANIFEST, is_slug};

const LESSON_TEMPLATE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/templates/lesson.yaml"
));
const COURSE_TEMPLATE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/templates/course.yaml"
));
const DATASET_TEMPLATE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/templates/dataset.sql"
));
const DATASET_NOTES_TEMPLATE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/templates/dataset.md"
));

/// The marker template placeholders carry; `sqldojo check` reports each one left.
pub const PLACEHOLDER: &str = "TODO:";

/// What to scaffold.
#[derive(Debug, Clone)]
pub struct NewLesson<'a> {
    /// The pack's root folder (created when missing).
    pub root: &'a Path,
    /// The lesson id, a slug.
    pub id: &'a str,
    /// Topic slug; may be left out when the pack has one topic.
    pub topic: Option<&'a str>,
    /// Dataset name; by default the one the topic's lessons use most.
    pub dataset: Option<&'a str>,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Scaffolded {
    /// The new lesson file.
    pub lesson: PathBuf,
    /// Every file written, the lesson included.
    pub written: Vec<PathBuf>,
    /// True when a new pack was started.
    pub new_pack: bool,
}

/// Writes a new lesson (and a new pack around it when `root` has none).
/// Never overwrites a file.
pub fn new_lesson(req: &NewLesson<'_>) -> Result<Scaffolded, String> {
    if !is_slug(req.id) {
        return Err(format!(
            "`{}` is not a lesson id: use lowercase letters, digits and hyphens, e.g. `left-joins`",
            req.id
        ));
    }
    let root = req.root;
    let mut written = Vec::new();
    let new_pack = !root.join(MANIFEST).is_file();
    if new_pack {
        let title = root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .map(|n| humanize(&n))
            .unwrap_or_else(|| "My SQL workshop".into());
        create(
            &root.join(MANIFEST),
            &fill(COURSE_TEMPLATE, &[("title", &title)]),
            &mut written,
        )?;
        create(
            &root.join("datasets/example.sql"),
            DATASET_TEMPLATE,
            &mut written,
        )?;
        create(
            &root.join("datasets/example.md"),
            DATASET_NOTES_TEMPLATE,
            &mut written,
        )?;
    }
    let source = CourseSource::Dir(root.to_path_buf());
    let course = Course::load(source.clone())
        .map_err(|d| {
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        })?
        .course;
    if let Some(existing) = course.lesson(req.id) {
        return Err(format!(
            "a lesson `{}` already exists: {}",
            req.id, existing.path
        ));
    }
    let slugs: Vec<&str> = course
        .manifest
        .topics
        .iter()
        .map(|t| t.slug.as_str())
        .collect();
    let entries = &course.manifest.topics;
    let entry = match (req.topic, entries.as_slice()) {
        (Some(slug), _) => entries.iter().find(|t| t.slug == slug).ok_or_else(|| {
            format!(
                "no topic `{slug}` in {MANIFEST}; use one of: {} (or add it under `topics:`)",
                slugs.join(", ")
            )
        })?,
        (None, [only]) => only,
        (None, []) => {
            return Err(format!(
                "{MANIFEST} lists no topic; add one under `topics:`"
            ));
        }
        (None, _) => {
            return Err(format!(
                "which topic? pass --topic with one of: {}",
                slugs.join(", ")
            ));
        }
    };
    let topic_lessons = course
        .topics
        .iter()
        .filter(|t| t.entry.slug == entry.slug)
        .flat_map(|t| t.lessons.iter());
    let datasets = crate::dataset::names(&source);
    let dataset = match req.dataset {
        Some(name) if datasets.iter().any(|d| d == name) => name.to_string(),
        Some(name) => {
            return Err(format!(
                "no dataset `{name}` in {}; add datasets/{name}.sql or use one of: {}",
                root.display(),
                datasets.join(", ")
            ));
        }
        None => {
            let mut uses: HashMap<&str, usize> = HashMap::new();
            for lesson in topic_lessons {
                *uses.entry(lesson.lesson.dataset.as_str()).or_default() += 1;
            }
            let favourite = uses
                .into_iter()
                .max_by_key(|(name, n)| (*n, std::cmp::Reverse(*name)))
                .map(|(name, _)| name.to_string());
            favourite
                .or_else(|| datasets.first().cloned())
                .ok_or_else(|| {
                    "the pack has no dataset yet; add datasets/NAME.sql (one SQL script) first"
                        .to_string()
                })?
        }
    };
    let dir = root.join("lessons").join(&entry.dir);
    let file = dir.join(format!("{:02}-{}.yaml", next_number(&dir), req.id));
    let pack = root.display().to_string();
    let lesson = fill(
        LESSON_TEMPLATE,
        &[
            ("schema", "../../assets/lesson.schema.json"),
            ("pack", &pack),
            ("id", req.id),
            ("title", &humanize(req.id)),
            ("topic", &entry.slug),
            ("dataset", &dataset),
        ],
    );
    create(&file, &lesson, &mut written)?;
    // The schemas the modelines point at, current with this binary.
    refresh(
        &root.join("assets/lesson.schema.json"),
        &lesson_schema(),
        &mut written,
    )?;
    refresh(
        &root.join("assets/course.schema.json"),
        &manifest_schema(),
        &mut written,
    )?;
    Ok(Scaffolded {
        lesson: file,
        written,
        new_pack,
    })
}

fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (key, value)| {
            text.replace(&format!("{{{{{key}}}}}"), value)
        })
}

/// `left-joins` → `Left joins`.
fn humanize(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The next lesson number in a topic folder: 10, 20, 30...
fn next_number(dir: &Path) -> u32 {
    let highest = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.split('-').next()?.parse::<u32>().ok()
                })
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    (highest / 10 + 1) * 10
}

fn create(path: &Path, text: &str, written: &mut Vec<PathBuf>) -> Result<(), String> {
    if path.exists() {
        return Err(format!(
            "{} already exists; nothing was overwritten",
            path.display()
        ));
    }
    write(path, text, written)
}

fn refresh(path: &Path, text: &str, written: &mut Vec<PathBuf>) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    write(path, text, written)
}

fn write(path: &Path, text: &str, written: &mut Vec<PathBuf>) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    written.push(path.to_path_buf());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers() {
        assert_eq!(humanize("left-joins"), "Left joins");
        assert_eq!(fill("a {{x}} b {{x}}", &[("x", "y")]), "a y b y");
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(next_number(dir.path()), 10);
        std::fs::write(dir.path().join("20-a.yaml"), "").unwrap();
        std::fs::write(dir.path().join("05-b.yaml"), "").unwrap();
        assert_eq!(next_number(dir.path()), 30);
    }
}
