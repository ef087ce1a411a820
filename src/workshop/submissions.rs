//! Finding submissions on disk and reading them safely: a folder of
//! `<learner>.sql` files, or a roster `ROOT/<learner>/<exercise>.sql`.
//!
//! In a roster, a file names its exercise by the exercise id when that id is
//! unique in the pack (`every-user.sql`), else as `LESSON.EXERCISE.sql`
//! (lesson and exercise ids are slugs, so the dot is unambiguous), or in a
//! lesson folder: `ROOT/<learner>/<lesson>/<exercise>.sql`.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::engine::{MAX_SQL_BYTES, RunError, decode};
use crate::lesson::Course;

/// One file to grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// Who: the file's stem (flat folder) or the learner's folder (roster).
    pub learner: String,
    /// The file.
    pub path: PathBuf,
    /// The path shown in reports, relative to the submissions folder.
    pub display: String,
    /// The exercise it answers: a `LESSON/EXERCISE` key, or why none was found.
    pub exercise: Result<String, Unresolved>,
}

/// A roster file whose name names no exercise of the pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// What the file name said.
    pub name: String,
    /// Why it matches no exercise, and what to rename it to.
    pub message: String,
}

/// What was found in a submissions folder.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Files to grade, sorted by learner, then file.
    pub submissions: Vec<Submission>,
    /// Entries that are not submissions (other extensions, stray folders), for a note.
    pub skipped: Vec<String>,
}

/// `.sql` files directly in `dir`, one per learner, all answering `exercise`.
pub fn flat(dir: &Path, exercise: &str) -> Result<Found, String> {
    let mut found = Found::default();
    for (name, path, is_dir) in entries(dir)? {
        match sql_stem(&name) {
            Some(stem) if !is_dir => found.submissions.push(Submission {
                learner: stem.to_string(),
                display: name.clone(),
                path,
                exercise: Ok(exercise.to_string()),
            }),
            _ => found.skipped.push(name),
        }
    }
    Ok(found)
}

/// A roster: `ROOT/<learner>/<exercise>.sql` (or `<learner>/<lesson>/<exercise>.sql`).
pub fn roster(root: &Path, course: &Course) -> Result<Found, String> {
    let mut found = Found::default();
    for (learner, dir, is_dir) in entries(root)? {
        if !is_dir {
            found.skipped.push(learner);
            continue;
        }
        for (name, path, is_dir) in entries(&dir)? {
            let display = format!("{learner}/{name}");
            if is_dir {
                // A lesson folder: <lesson>/<exercise>.sql.
                for (inner, path, is_dir) in entries(&path)? {
                    let display = format!("{learner}/{name}/{inner}");
                    match sql_stem(&inner).filter(|_| !is_dir) {
                        Some(stem) => found.submissions.push(Submission {
                            learner: learner.clone(),
                            path,
                            display,
                            exercise: resolve(course, &format!("{name}.{stem}")),
                        }),
                        None => found.skipped.push(display),
                    }
                }
                continue;
            }
            match sql_stem(&name) {
                Some(stem) => found.submissions.push(Submission {
                    learner: learner.clone(),
                    path,
                    display,
                    exercise: resolve(course, stem),
                }),
                None => found.skipped.push(display),
            }
        }
    }
    Ok(found)
}

/// Maps a roster file stem to a `LESSON/EXERCISE` key.
pub fn resolve(course: &Course, stem: &str) -> Result<String, Unresolved> {
    let unresolved = |message: String| Unresolved {
        name: stem.to_string(),
        message,
    };
    if let Some((lesson, exercise)) = stem.split_once('.') {
        let key = format!("{lesson}/{exercise}");
        return match course.find(&key) {
            Some(ex) => Ok(ex.key()),
            None => Err(unresolved(format!(
                "no exercise `{key}` in the pack{}",
                did_you_mean(course, exercise)
            ))),
        };
    }
    let matches: Vec<String> = course
        .exercises()
        .filter(|e| e.exercise.id() == stem)
        .map(|e| e.key())
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(unresolved(format!(
            "no exercise `{stem}` in the pack{}",
            did_you_mean(course, stem)
        ))),
        several => Err(unresolved(format!(
            "`{stem}` is an exercise of several lessons ({}); name the file LESSON.EXERCISE.sql, e.g. {}.sql",
            several.join(", "),
            several[0].replace('/', ".")
        ))),
    }
}

/// Exercises whose id is a small edit away from `id` (a typo), as file names.
fn did_you_mean(course: &Course, id: &str) -> String {
    let mut near: Vec<(usize, String)> = course
        .exercises()
        .map(|e| (strsim::levenshtein(e.exercise.id(), id), e.key()))
        .filter(|(d, _)| *d <= 2.max(id.len() / 4))
        .collect();
    near.sort();
    let near: Vec<String> = near.into_iter().take(3).map(|(_, k)| k).collect();
    if near.is_empty() {
        "; `sqldojo list` shows the exercise ids".to_string()
    } else {
        let files: Vec<String> = near.iter().map(|k| k.replace('/', ".") + ".sql").collect();
        format!("; did you mean {}", files.join(", "))
    }
}

/// Visible entries of a folder: (name, path, is a real folder), sorted by name.
/// Symbolic links are listed as files, so reading them refuses them.
fn entries(dir: &Path) -> Result<Vec<(String, PathBuf, bool)>, String> {
    let list = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot list this folder: {e}", dir.display()))?;
    let mut out: Vec<(String, PathBuf, bool)> = list
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                return None; // .DS_Store, .git, editor swap files.
            }
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            Some((name, e.path(), is_dir))
        })
        .collect();
    out.sort();
    Ok(out)
}

fn sql_stem(name: &str) -> Option<&str> {
    let dot = name.rfind('.')?;
    name[dot..]
        .eq_ignore_ascii_case(".sql")
        .then(|| &name[..dot])
        .filter(|s| !s.is_empty())
}

/// Reads a submission as SQL text: refuses what is not a regular file
/// (a symbolic link, a FIFO that would block), a file past the sandbox's size
/// limit (without reading it all), and binary content.
pub fn read(path: &Path) -> Result<String, RunError> {
    let refuse = |why: String| RunError::Refused {
        what: "this file".into(),
        why,
    };
    let meta = std::fs::symlink_metadata(path).map_err(|e| refuse(format!("cannot read: {e}")))?;
    if meta.file_type().is_symlink() {
        return Err(refuse(
            "it is a symbolic link; submit the .sql file itself".into(),
        ));
    }
    if !meta.is_file() {
        return Err(refuse("it is not a regular file".into()));
    }
    if meta.len() > MAX_SQL_BYTES as u64 {
        return Err(RunError::TooLong {
            len: meta.len() as usize,
            max: MAX_SQL_BYTES,
        });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_SQL_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| refuse(format!("cannot read: {e}")))?;
    if bytes.len() > MAX_SQL_BYTES {
        return Err(RunError::TooLong {
            len: bytes.len(),
            max: MAX_SQL_BYTES,
        });
    }
    decode(&bytes).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sql_files_are_submissions() {
        assert_eq!(sql_stem("alice.sql"), Some("alice"));
        assert_eq!(sql_stem("Bob.SQL"), Some("Bob"));
        assert_eq!(
            sql_stem("joins-outer.every-user.sql"),
            Some("joins-outer.every-user")
        );
        assert_eq!(sql_stem("notes.txt"), None);
        assert_eq!(sql_stem(".sql"), None);
    }
}
