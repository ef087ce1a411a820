//! Closed packs (`sqldojo pack --closed OUT`): the same lessons and datasets
//! without reference solutions. Each query exercise names a file under
//! `expectations/` holding what grading needs — the expected results on the
//! dataset and on every variant, and the known wrong answers' results and
//! feedback — so the closed pack grades exactly like the open one, offline.
//!
//! What it hides: the reference SQL and the wrong answers' SQL. What it
//! cannot hide: the expected rows are in the files (the variants still reject
//! an answer that hard-codes them), and hints and explanations are kept as
//! written. Kinds whose answers would show in the lesson file (plan, schema,
//! isolation, choice, predict, interview) are left out.

use std::path::{Path, PathBuf};

use super::batch::parallel_map;
use super::report::write_atomically;
use crate::grade::Grader;
use crate::grade::stored::StoredExpectation;
use crate::lesson::{Course, CourseSource, Exercise, ExerciseRef, MANIFEST};

/// Folder of a closed pack holding the stored expectations.
pub const EXPECTATIONS_DIR: &str = "expectations";

/// What went into a closed pack.
#[derive(Debug, Clone, Default)]
pub struct Closed {
    /// Lessons written.
    pub lessons: usize,
    /// Query exercises written, closed.
    pub exercises: usize,
    /// `LESSON/EXERCISE (kind)` of exercises left out.
    pub left_out: Vec<String>,
    /// Lessons left out because none of their exercises could be closed.
    pub empty_lessons: Vec<String>,
}

/// The expectation file of an exercise, relative to the pack root.
pub fn expectation_path(lesson: &str, exercise: &str) -> String {
    format!("{EXPECTATIONS_DIR}/{lesson}/{exercise}.json")
}

/// Writes a closed copy of `course` to `out`, which must not exist or be an
/// empty folder. The pack appears whole or not at all when `out` is new.
pub fn write(course: &Course, grader: &Grader, out: &Path) -> Result<Closed, String> {
    let fresh = !out.exists();
    if !fresh {
        let empty = std::fs::read_dir(out)
            .map_err(|e| format!("{}: {e}", out.display()))?
            .next()
            .is_none();
        if !empty {
            return Err(format!(
                "{} already exists and is not empty; give a new folder (nothing is overwritten)",
                out.display()
            ));
        }
    }
    // Compute every expectation first: a broken reference stops here, before
    // anything is written.
    let queries: Vec<ExerciseRef<'_>> = course
        .exercises()
        .filter(|e| matches!(e.exercise, Exercise::Query(_)))
        .collect();
    let computed = parallel_map(&queries, |ex| {
        grader
            .expectation_for(*ex)
            .map(|exp| {
                let stored =
                    StoredExpectation::new(&course.source, &ex.key(), ex.dataset(), (*exp).clone());
                (
                    expectation_path(&ex.lesson.lesson.id, ex.exercise.id()),
                    serde_json::to_vec(&stored).expect("an expectation serializes"),
                )
            })
            .map_err(|e| format!("{}: {e}", ex.key()))
    });
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut problems = Vec::new();
    for c in computed {
        match c {
            Ok(file) => files.push(file),
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(format!(
            "{}\n(`sqldojo check` locates the problem)",
            problems.join("\n")
        ));
    }

    let mut summary = Closed::default();
    let header = format!(
        "# A closed pack written by `sqldojo pack --closed` (sqldojo {}) from {}.\n\
         # Query exercises carry no solution: `expectation:` names the file grading reads instead.\n",
        env!("CARGO_PKG_VERSION"),
        course.source.describe()
    );
    files.push((
        MANIFEST.to_string(),
        format!("{header}{}", to_yaml(&course.manifest)?).into_bytes(),
    ));
    for topic in &course.topics {
        for file in &topic.lessons {
            let mut lesson = file.lesson.clone();
            let mut kept = Vec::new();
            for exercise in lesson.exercises {
                match exercise {
                    Exercise::Query(mut q) => {
                        q.expectation = Some(expectation_path(&lesson.id, &q.id));
                        q.solution.clear();
                        q.wrong_answers.clear(); // Their results and feedback are in the expectation.
                        kept.push(Exercise::Query(q));
                    }
                    other => summary.left_out.push(format!(
                        "{}/{} ({})",
                        lesson.id,
                        other.id(),
                        other.kind()
                    )),
                }
            }
            if kept.is_empty() {
                summary.empty_lessons.push(lesson.id.clone());
                continue;
            }
            summary.exercises += kept.len();
            summary.lessons += 1;
            lesson.exercises = kept;
            let name = Path::new(&file.path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| format!("{}.yaml", lesson.id));
            files.push((
                format!("lessons/{}/{name}", topic.entry.dir),
                format!("{header}{}", to_yaml(&lesson)?).into_bytes(),
            ));
        }
    }
    let datasets = course
        .source
        .list("datasets", &[".sql", ".md"])
        .map_err(|e| e.to_string())?;
    for rel in datasets {
        let text = course.source.read(&rel).map_err(|e| e.to_string())?.text;
        files.push((rel, text.into_bytes()));
    }

    let staging = if fresh {
        staging_dir(out)?
    } else {
        out.to_path_buf()
    };
    let written = write_files(&staging, course, &files);
    let written = written.and_then(|()| {
        if fresh {
            std::fs::rename(&staging, out).map_err(|e| format!("{}: {e}", out.display()))
        } else {
            Ok(())
        }
    });
    if let Err(e) = written {
        if fresh {
            let _ = std::fs::remove_dir_all(&staging);
        }
        return Err(e);
    }
    verify(out)?;
    Ok(summary)
}

fn to_yaml<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| format!("cannot write YAML: {e}"))
}

fn staging_dir(out: &Path) -> Result<PathBuf, String> {
    let name = out
        .file_name()
        .ok_or_else(|| format!("{}: give a folder name", out.display()))?;
    let mut tmp = std::ffi::OsString::from(".");
    tmp.push(name);
    tmp.push(format!(".tmp-{}", std::process::id()));
    let staging = out.with_file_name(tmp);
    std::fs::create_dir_all(&staging).map_err(|e| format!("{}: {e}", staging.display()))?;
    Ok(staging)
}

fn write_files(root: &Path, course: &Course, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    // Every topic folder exists, even one left empty.
    for topic in &course.topics {
        let dir = root.join("lessons").join(&topic.entry.dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    for (rel, bytes) in files {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        write_atomically(&path, bytes)?;
    }
    Ok(())
}

/// The pack just written must load cleanly and find every expectation.
fn verify(out: &Path) -> Result<(), String> {
    let source = CourseSource::Dir(out.to_path_buf());
    let loaded = Course::load(source.clone()).map_err(|d| join(&d))?;
    if loaded.has_errors() {
        return Err(format!(
            "the closed pack does not load (a bug; please report it):\n{}",
            join(&loaded.diagnostics)
        ));
    }
    let grader = Grader::new(source);
    for ex in loaded.course.exercises() {
        grader
            .expectation_for(ex)
            .map_err(|e| format!("the closed pack cannot grade {}: {e}", ex.key()))?;
    }
    Ok(())
}

fn join(diagnostics: &[crate::lesson::Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
