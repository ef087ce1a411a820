//! Progress files: a learner exports attempts, solved exercises and timings
//! to JSON (`sqldojo progress --export`), imports them on another machine
//! (`--import`), and an instructor merges a room's exports into one class
//! report (`--import a.json b.json --report class.md`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::report::{Report, ReportKind, Row};
use crate::progress::{Attempt, ExerciseStatus, Store, now_ms};

/// The `format` tag of a progress export.
pub const EXPORT_FORMAT: &str = "sqldojo-progress";
/// Version of the export format this binary reads and writes.
pub const EXPORT_VERSION: u32 = 1;

/// A progress export file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    /// Always `sqldojo-progress`.
    pub format: String,
    /// Export format version.
    pub format_version: u32,
    /// The sqldojo version that wrote it.
    pub written_by: String,
    /// The course id progress is kept under (`bundled`, `pack:<title>`).
    pub course: String,
    /// The course's title.
    pub course_title: String,
    /// The learner's name, when they gave one (`--name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learner: Option<String>,
    /// When it was written, in ms since the epoch.
    pub exported_at: i64,
    /// One entry per exercise attempted or with hints seen.
    pub exercises: Vec<ExerciseProgress>,
    /// Every attempt, oldest first.
    pub attempts: Vec<AttemptRecord>,
}

/// Where a learner stands on one exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseProgress {
    /// `LESSON/EXERCISE`.
    pub exercise: String,
    /// `new`, `attempted` or `solved`.
    pub status: ExerciseStatus,
    /// Attempts made.
    pub attempts: u64,
    /// Attempts up to and including the first accepted one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_to_solve: Option<u64>,
    /// Hints seen.
    pub hints_shown: u64,
    /// First attempt, in ms since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_attempt_at: Option<i64>,
    /// First accepted attempt, in ms since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solved_at: Option<i64>,
    /// From the first attempt to the first accepted one, in ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_solve_ms: Option<i64>,
}

/// One attempt, as exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptRecord {
    /// `LESSON/EXERCISE`.
    pub exercise: String,
    /// The SQL submitted.
    pub sql: String,
    /// The verdict name.
    pub outcome: String,
    /// Whether it passed.
    pub passed: bool,
    /// The verdict's headline.
    pub headline: String,
    /// When, in ms since the epoch.
    pub at: i64,
    /// Grading time in ms.
    pub elapsed_ms: i64,
}

impl From<&Attempt> for AttemptRecord {
    fn from(a: &Attempt) -> Self {
        AttemptRecord {
            exercise: a.exercise.clone(),
            sql: a.sql.clone(),
            outcome: a.outcome.clone(),
            passed: a.passed,
            headline: a.headline.clone(),
            at: a.at,
            elapsed_ms: a.elapsed_ms,
        }
    }
}

impl From<&AttemptRecord> for Attempt {
    fn from(a: &AttemptRecord) -> Self {
        Attempt {
            exercise: a.exercise.clone(),
            sql: a.sql.clone(),
            outcome: a.outcome.clone(),
            passed: a.passed,
            headline: a.headline.clone(),
            at: a.at,
            elapsed_ms: a.elapsed_ms,
        }
    }
}

/// Builds an export of a store; `exercises` are the course's keys, so hints
/// seen on an exercise never attempted are kept too.
pub fn export(
    store: &Store,
    course_title: &str,
    exercises: &[String],
    learner: Option<String>,
) -> Result<Export, String> {
    let attempts = store
        .attempts(None)
        .map_err(|e| format!("cannot read progress: {e}"))?;
    let mut by_exercise: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
    for a in &attempts {
        by_exercise.entry(&a.exercise).or_default().push(a);
    }
    let mut keys: Vec<&str> = exercises.iter().map(String::as_str).collect();
    keys.extend(
        by_exercise
            .keys()
            .filter(|k| !exercises.iter().any(|e| e == *k)),
    );
    let mut entries = Vec::new();
    for key in keys {
        let tried = by_exercise.get(key).cloned().unwrap_or_default();
        let hints = store.hints_shown(key) as u64;
        if tried.is_empty() && hints == 0 {
            continue;
        }
        let solved = tried.iter().position(|a| a.passed);
        let first = tried.first().map(|a| a.at);
        let solved_at = solved.map(|i| tried[i].at);
        entries.push(ExerciseProgress {
            exercise: key.to_string(),
            status: store.status(key),
            attempts: tried.len() as u64,
            attempts_to_solve: solved.map(|i| i as u64 + 1),
            hints_shown: hints,
            first_attempt_at: first,
            solved_at,
            time_to_solve_ms: solved_at.zip(first).map(|(s, f)| s - f),
        });
    }
    Ok(Export {
        format: EXPORT_FORMAT.into(),
        format_version: EXPORT_VERSION,
        written_by: env!("CARGO_PKG_VERSION").into(),
        course: store.course().to_string(),
        course_title: course_title.to_string(),
        learner,
        exported_at: now_ms(),
        exercises: entries,
        attempts: attempts.iter().map(AttemptRecord::from).collect(),
    })
}

/// Reads an export file, with a message that says what is wrong.
pub fn read(path: &Path) -> Result<Export, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON ({e})", path.display()))?;
    if value["format"] != EXPORT_FORMAT {
        return Err(format!(
            "{}: not a sqldojo progress export (write one with `sqldojo progress --export FILE.json`)",
            path.display()
        ));
    }
    let version = value["format_version"].as_u64().unwrap_or(0);
    if version != u64::from(EXPORT_VERSION) {
        return Err(format!(
            "{}: progress export format {version}, but this sqldojo reads format {EXPORT_VERSION}; use the same sqldojo version",
            path.display()
        ));
    }
    serde_json::from_value(value).map_err(|e| format!("{}: {e}", path.display()))
}

/// Imports an export into a store: new attempts and hints are added, the
/// ones already there are left alone. Returns how many attempts were new.
pub fn import(store: &mut Store, export: &Export) -> Result<usize, String> {
    if export.course != store.course() {
        return Err(format!(
            "this export is progress on `{}` ({}), not on the current course `{}`; pass --course DIR for that pack",
            export.course_title,
            export.course,
            store.course()
        ));
    }
    let mut added = 0;
    for a in &export.attempts {
        if store
            .import_attempt(&Attempt::from(a))
            .map_err(|e| format!("cannot save progress: {e}"))?
        {
            added += 1;
        }
    }
    for e in &export.exercises {
        if e.hints_shown > 0 {
            store
                .set_hints_shown(&e.exercise, e.hints_shown as usize)
                .map_err(|e| format!("cannot save progress: {e}"))?;
        }
    }
    Ok(added)
}

/// Merges exports into a class report: one row per learner and exercise.
/// A file that cannot be read is a row saying why, not a failure.
pub fn merge(files: &[&Path]) -> Report {
    let mut rows = Vec::new();
    let mut titles: Vec<String> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for path in files {
        let display = path.display().to_string();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| display.clone());
        let export = match read(path) {
            Ok(e) => e,
            Err(message) => {
                rows.push(Row::new(&display, &stem, "-", "unreadable", &message));
                continue;
            }
        };
        let mut learner = export.learner.clone().unwrap_or(stem.clone());
        if names.contains(&learner) {
            learner = format!("{learner} ({stem})");
        }
        names.push(learner.clone());
        if !titles.contains(&export.course_title) {
            titles.push(export.course_title.clone());
        }
        for e in &export.exercises {
            let solved = e.status == ExerciseStatus::Solved;
            let message = match (solved, e.attempts_to_solve, e.time_to_solve_ms) {
                (true, Some(n), Some(ms)) => format!(
                    "solved at attempt {n} of {}, {} after the first",
                    e.attempts,
                    duration(ms)
                ),
                (true, _, _) => "solved".to_string(),
                (false, _, _) if e.attempts == 0 => "hints read, no attempt yet".to_string(),
                (false, _, _) => {
                    let last = export
                        .attempts
                        .iter()
                        .rev()
                        .find(|a| a.exercise == e.exercise)
                        .map(|a| format!(": last verdict {} — {}", a.outcome, a.headline))
                        .unwrap_or_default();
                    format!("not solved after {} attempt(s){last}", e.attempts)
                }
            };
            let status = match e.status {
                ExerciseStatus::New => "new",
                ExerciseStatus::Attempted => "attempted",
                ExerciseStatus::Solved => "solved",
            };
            let mut row = Row::new(&display, &learner, &e.exercise, status, &message);
            row.passed = solved;
            row.attempts = Some(e.attempts);
            row.hints_shown = Some(e.hints_shown);
            row.time_to_solve_ms = e.time_to_solve_ms;
            rows.push(row);
        }
    }
    Report {
        kind: ReportKind::Progress,
        title: match titles.as_slice() {
            [one] => format!("Class progress: {one}"),
            _ => "Class progress".to_string(),
        },
        source: format!("{} progress export(s)", files.len()),
        rows,
    }
}

/// `4 min 10 s`, `2 h 5 min`, `12 s`.
fn duration(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    match s {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min {} s", s / 60, s % 60),
        s => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_import_round_trip_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path(), "bundled").unwrap();
        store
            .record_attempt("l/a", "SELECT 1", "wrong", false, "no", 3)
            .unwrap();
        store
            .record_attempt("l/a", "SELECT 2", "accepted", true, "yes", 4)
            .unwrap();
        store.set_hints_shown("l/b", 1).unwrap();
        let keys = vec!["l/a".to_string(), "l/b".to_string()];
        let out = export(&store, "Course", &keys, Some("Ann".into())).unwrap();
        assert_eq!(out.exercises.len(), 2);
        assert_eq!(out.exercises[0].attempts_to_solve, Some(2));
        assert_eq!(out.exercises[1].hints_shown, 1);

        let other = tempfile::tempdir().unwrap();
        let (mut fresh, _) = Store::open(other.path(), "bundled").unwrap();
        assert_eq!(import(&mut fresh, &out).unwrap(), 2);
        assert_eq!(
            import(&mut fresh, &out).unwrap(),
            0,
            "importing twice adds nothing"
        );
        assert_eq!(fresh.status("l/a"), ExerciseStatus::Solved);
        assert_eq!(fresh.hints_shown("l/b"), 1);
        let again = export(&fresh, "Course", &keys, Some("Ann".into())).unwrap();
        assert_eq!(again.exercises, out.exercises);

        let (mut pack, _) = Store::open(other.path(), "pack:x").unwrap();
        assert!(
            import(&mut pack, &out)
                .unwrap_err()
                .contains("not on the current course")
        );
    }
}
