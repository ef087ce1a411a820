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
