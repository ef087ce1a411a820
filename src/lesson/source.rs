//! Where a course's files come from: embedded in the binary, or a folder on disk.

use std::path::{Path, PathBuf};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_files.rs"));
}

/// The root of a course: `lessons/course.yaml`, `lessons/NN-topic/*.yaml`, `datasets/*.sql`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CourseSource {
    /// The course compiled into this binary.
    Bundled,
    /// A lesson pack in a folder (`--course DIR`).
    Dir(PathBuf),
}

/// A text file of a course, with the path authors see in messages.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path shown in diagnostics: relative for the bundled course, as given for a pack.
    pub path: String,
    /// The file's text.
    pub text: String,
}

/// A failure to read a course file.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ReadError {
    /// The file or folder.
    pub path: String,
    /// What went wrong, and what to do.
    pub message: String,
}

impl CourseSource {
    /// A short description for messages: "the bundled course" or the folder.
    pub fn describe(&self) -> String {
        match self {
            CourseSource::Bundled => "the bundled course".to_string(),
            CourseSource::Dir(dir) => dir.display().to_string(),
        }
    }

    /// Reads one file by its path relative to the course root (`lessons/course.yaml`).
    pub fn read(&self, rel: &str) -> Result<SourceFile, ReadError> {
        match self {
            CourseSource::Bundled => bundled::FILES
                .iter()
                .find(|(path, _)| *path == rel)
                .map(|(path, text)| SourceFile {
                    path: (*path).to_string(),
                    text: (*text).to_string(),
                })
                .ok_or_else(|| ReadError {
                    path: rel.to_string(),
                    message: "not in the bundled course".to_string(),
                }),
            CourseSource::Dir(dir) => read_text(&dir.join(rel)),
        }
    }

    /// The bundled lesson file's data as JSON, made from its YAML at build
    /// time (faster to load); `None` for a pack, or a file that did not convert.
    pub fn json_snapshot(&self, rel: &str) -> Option<&'static str> {
        match self {
            CourseSource::Bundled => bundled::JSON
                .iter()
                .find(|(path, _)| *path == rel)
                .map(|(_, json)| *json),
            CourseSource::Dir(_) => None,
        }
    }

    /// Lists files directly under a folder of the course (relative paths,
    /// sorted) whose names end with one of `extensions`.
    pub fn list(&self, rel_dir: &str, extensions: &[&str]) -> Result<Vec<String>, ReadError> {
        let wanted = |name: &str| extensions.iter().any(|ext| name.ends_with(ext));
        let mut out = match self {
            CourseSource::Bundled => {
                let prefix = format!("{}/", rel_dir.trim_end_matches('/'));
                bundled::FILES
                    .iter()
                    .map(|(path, _)| *path)
                    .filter(|path| {
                        path.strip_prefix(&prefix)
                            .is_some_and(|rest| !rest.contains('/') && wanted(rest))
                    })
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            }
            CourseSource::Dir(dir) => {
                let folder = dir.join(rel_dir);
                let entries = std::fs::read_dir(&folder).map_err(|e| ReadError {
                    path: folder.display().to_string(),
                    message: format!("cannot list this folder: {e}"),
                })?;
                entries
                    .flatten()
                    .filter(|e| e.path().is_file())
                    .filter_map(|e| e.file_name().to_str().map(str::to_string))
                    .filter(|name| wanted(name))
                    .map(|name| format!("{}/{}", rel_dir.trim_end_matches('/'), name))
                    .collect()
            }
        };
        out.sort();
        Ok(out)
    }

    /// The path authors should see for a course-relative path.
    pub fn display_path(&self, rel: &str) -> String {
        match self {
            CourseSource::Bundled => rel.to_string(),
            CourseSource::Dir(dir) => dir.join(rel).display().to_string(),
        }
    }
}

/// Reads a UTF-8 text file, with messages a learner or author can act on.
pub fn read_text(path: &Path) -> Result<SourceFile, ReadError> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ReadError {
        path: display.clone(),
        message: match e.kind() {
            std::io::ErrorKind::NotFound => "no such file; check the path".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => format!("cannot read: {e}"),
        },
    })?;
    let text = String::from_utf8(bytes).map_err(|e| ReadError {
        path: display.clone(),
        message: format!(
            "not UTF-8 text (invalid byte at offset {}); save the file as UTF-8",
            e.utf8_error().valid_up_to()
        ),
    })?;
    Ok(SourceFile {
        path: display,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{Lesson, parse_yaml};

    /// The snapshot is only a faster road to the same lessons: every bundled
    /// lesson file has one, and it holds exactly what its YAML says.
    #[test]
    fn every_bundled_lesson_has_a_json_snapshot_equal_to_its_yaml() {
        let source = CourseSource::Bundled;
        let lessons: Vec<&str> = bundled::FILES
            .iter()
            .map(|(path, _)| *path)
            .filter(|path| path.starts_with("lessons/") && path.ends_with(".yaml"))
            .collect();
        assert!(lessons.len() > 50, "{} lesson files", lessons.len());
        for rel in lessons {
            let json = source
                .json_snapshot(rel)
                .unwrap_or_else(|| panic!("{rel} has no JSON snapshot"));
            let file = source.read(rel).unwrap();
            if rel.ends_with("course.yaml") {
                continue; // the manifest is read from its YAML
            }
            let from_yaml: Lesson = parse_yaml(&file).unwrap();
            let from_json: Lesson = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("{rel}: the snapshot does not load: {e}"));
            assert_eq!(
                serde_json::to_value(&from_json).unwrap(),
                serde_json::to_value(&from_yaml).unwrap(),
                "{rel}: snapshot and YAML differ"
            );
        }
    }

    #[test]
    fn a_pack_has_no_snapshot() {
        let pack = CourseSource::Dir(PathBuf::from("/nonexistent"));
        assert_eq!(pack.json_snapshot("lessons/01-joins/01-inner.yaml"), None);
    }
}
