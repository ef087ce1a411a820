//! Class reports: one row per submission (or per learner and exercise, for
//! merged progress), written as CSV, JSON, Markdown or JUnit XML, chosen by
//! the report file's extension.

mod to_csv;
mod to_json;
mod to_junit;
mod to_markdown;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// What the rows describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// Submissions graded by `sqldojo grade --submissions`.
    Grading,
    /// Learners' progress exports merged by `sqldojo progress --import ... --report`.
    Progress,
}

/// One submission, or one learner's progress on one exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The submission (or export) file, as the instructor knows it.
    pub file: String,
    /// Who: a file or folder name, or the name in an export.
    pub learner: String,
    /// `LESSON/EXERCISE` (or the reference file's name, ad hoc).
    pub exercise: String,
    /// Accepted (or solved).
    pub passed: bool,
    /// `accepted`, `wrong`, `error`, `refused`, `timeout`, ... (or `solved`, `attempted`).
    pub verdict: String,
    /// One line saying what happened.
    pub message: String,
    /// Further paragraphs: differing rows, the counterexample, targeted feedback.
    pub details: Vec<String>,
    /// Dataset variants the answer was checked on (grading).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variants_checked: Option<usize>,
    /// Grading time in milliseconds (grading).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elapsed_ms: Option<u64>,
    /// Attempts made (progress).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u64>,
    /// Hints seen (progress).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hints_shown: Option<u64>,
    /// From the first attempt to the first accepted one, in milliseconds (progress).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_to_solve_ms: Option<i64>,
}

impl Row {
    /// A row with the fields every report has.
    pub fn new(file: &str, learner: &str, exercise: &str, verdict: &str, message: &str) -> Self {
        Row {
            file: file.to_string(),
            learner: learner.to_string(),
            exercise: exercise.to_string(),
            passed: false,
            verdict: verdict.to_string(),
            message: message.to_string(),
            details: Vec::new(),
            variants_checked: None,
            elapsed_ms: None,
            attempts: None,
            hints_shown: None,
            time_to_solve_ms: None,
        }
    }
}

/// A whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// What the rows describe.
    pub kind: ReportKind,
    /// A title, e.g. "Batch grading: joins-outer/every-user".
    pub title: String,
    /// Where the rows come from (a folder, a course), for the reader.
    pub source: String,
    /// The rows, sorted by learner, then exercise.
    pub rows: Vec<Row>,
}

/// Pass rate of one exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseSummary {
    /// `LESSON/EXERCISE`.
    pub exercise: String,
    /// Rows for it.
    pub submissions: usize,
    /// Rows that passed.
    pub passed: usize,
    /// `passed / submissions`, 0 to 1.
    pub pass_rate: f64,
}

/// How one learner did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnerSummary {
    /// Who.
    pub learner: String,
    /// Rows for them.
    pub submissions: usize,
    /// Rows that passed.
    pub passed: usize,
    /// Exercises others answered and this learner did not.
    pub missing: Vec<String>,
}

impl Report {
    /// Rows that passed.
    pub fn passed(&self) -> usize {
        self.rows.iter().filter(|r| r.passed).count()
    }

    /// Exercises in order of first appearance, with their pass rates.
    pub fn exercises(&self) -> Vec<ExerciseSummary> {
        let mut order: Vec<&str> = Vec::new();
        let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for row in &self.rows {
            let entry = counts.entry(&row.exercise).or_insert_with(|| {
                order.push(&row.exercise);
                (0, 0)
            });
            entry.0 += 1;
            entry.1 += usize::from(row.passed);
        }
        order
            .into_iter()
            .map(|e| {
                let (submissions, passed) = counts[e];
                ExerciseSummary {
                    exercise: e.to_string(),
                    submissions,
                    passed,
                    pass_rate: passed as f64 / submissions.max(1) as f64,
                }
            })
            .collect()
    }

    /// Learners in order of first appearance, with what they passed and missed.
    pub fn learners(&self) -> Vec<LearnerSummary> {
        let all: Vec<String> = self.exercises().into_iter().map(|e| e.exercise).collect();
        let mut out: Vec<LearnerSummary> = Vec::new();
        for row in &self.rows {
            let i = match out.iter().position(|l| l.learner == row.learner) {
                Some(i) => i,
                None => {
                    out.push(LearnerSummary {
                        learner: row.learner.clone(),
                        submissions: 0,
                        passed: 0,
                        missing: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            out[i].submissions += 1;
            out[i].passed += usize::from(row.passed);
        }
        for learner in &mut out {
            learner.missing = all
                .iter()
                .filter(|e| {
                    !self
                        .rows
                        .iter()
                        .any(|r| r.learner == learner.learner && &r.exercise == *e)
                })
                .cloned()
                .collect();
        }
        out
    }
}

/// A report format, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.csv`: a header row, then one row per submission.
    Csv,
    /// `.json`: summary and rows.
    Json,
    /// `.md`: a readable summary with pass rates.
    Markdown,
    /// `.xml`: JUnit, for CI-based classrooms.
    Junit,
}

impl Format {
    /// The format for a report path, or a message naming the choices.
    pub fn from_path(path: &Path) -> Result<Format, String> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase);
        match ext.as_deref() {
            Some("csv") => Ok(Format::Csv),
            Some("json") => Ok(Format::Json),
            Some("md" | "markdown") => Ok(Format::Markdown),
            Some("xml") => Ok(Format::Junit),
            _ => Err(format!(
                "{}: the report's extension picks its format: .csv, .json, .md or .xml (JUnit)",
                path.display()
            )),
        }
    }

    /// The format's name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
            Format::Markdown => "Markdown",
            Format::Junit => "JUnit XML",
        }
    }
}

/// Renders a report in a format.
pub fn render(report: &Report, format: Format) -> Result<Vec<u8>, String> {
    match format {
        Format::Csv => to_csv::render(report),
        Format::Json => Ok(to_json::render(report)),
        Format::Markdown => Ok(to_markdown::render(report).into_bytes()),
        Format::Junit => to_junit::render(report),
    }
}

/// Writes a report to `path` in the format its extension names. The file
/// appears whole or not at all (written beside it, then renamed).
pub fn write(report: &Report, path: &Path) -> Result<Format, String> {
    let format = Format::from_path(path)?;
    let bytes = render(report, format)?;
    write_atomically(path, &bytes)?;
    Ok(format)
}

/// Writes a file whole: to a temporary name beside it, then renamed over it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let name = path
        .file_name()
        .ok_or_else(|| format!("{}: not a file name", path.display()))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp: PathBuf = path.with_file_name(tmp_name);
    std::fs::write(&tmp, bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: cannot write: {e}", path.display())
    })
}

/// A percentage for people: `67%`.
fn percent(rate: f64) -> String {
    format!("{:.0}%", rate * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(learner: &str, exercise: &str, passed: bool) -> Row {
        let mut r = Row::new("f.sql", learner, exercise, "wrong", "m");
        r.passed = passed;
        r
    }

    #[test]
    fn summaries_count_per_exercise_and_learner() {
        let report = Report {
            kind: ReportKind::Grading,
            title: "t".into(),
            source: "s".into(),
            rows: vec![
                row("ann", "l/a", true),
                row("ann", "l/b", false),
                row("bo", "l/a", false),
            ],
        };
        let ex = report.exercises();
        assert_eq!(ex[0].exercise, "l/a");
        assert_eq!((ex[0].submissions, ex[0].passed), (2, 1));
        assert_eq!(percent(ex[0].pass_rate), "50%");
        let learners = report.learners();
        assert_eq!(learners[1].learner, "bo");
        assert_eq!(learners[1].missing, vec!["l/b".to_string()]);
        assert!(Format::from_path(Path::new("r.txt")).is_err());
        assert_eq!(
            Format::from_path(Path::new("R.XML")).unwrap(),
            Format::Junit
        );
    }
}
