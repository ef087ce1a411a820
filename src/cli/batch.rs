//! `sqldojo grade --submissions DIR --report FILE`: a room's answers graded
//! at once, against an exercise, an ad-hoc reference, or a whole pack (roster).

use std::path::Path;

use super::args::{Format, GradeArgs};
use super::context::Context;
use super::exit::{Exit, usage};
use crate::engine::decode;
use crate::grade::Grader;
use crate::lesson::CourseSource;
use crate::workshop::batch::{Reference, grade_all};
use crate::workshop::report::{self, Report, ReportKind};
use crate::workshop::submissions::{self, Found};

/// Runs batch grading (entered from `sqldojo grade` when a batch flag is given).
pub fn run(ctx: &Context, args: &GradeArgs) -> Exit {
    let (Some(dir), Some(report_path)) = (&args.submissions, &args.report) else {
        return usage(
            "batch grading needs both --submissions DIR and --report FILE (.csv, .json, .md or .xml)",
        );
    };
    if args.answer.is_some() {
        return usage(
            "give --answer for one answer or --submissions for a folder of them, not both",
        );
    }
    if let Err(e) = report::Format::from_path(report_path) {
        return usage(e);
    }
    if !dir.is_dir() {
        return usage(format!("{}: no such folder of submissions", dir.display()));
    }
    let ctx = Context {
        source: match &args.pack {
            Some(pack) => CourseSource::Dir(pack.clone()),
            None => ctx.source.clone(),
        },
        ..ctx.clone()
    };
    let grader = Grader::new(ctx.source.clone());
    let source = format!("{} graded on {}", dir.display(), ctx.source.describe());
    let (found, rows, title) = match (&args.exercise, &args.dataset, &args.solution) {
        (Some(key), _, _) => {
            let course = match ctx.course() {
                Ok(c) => c,
                Err(exit) => return exit,
            };
            let Some(ex) = course.find(key) else {
                let near = course.suggest(key);
                return usage(format!(
                    "no exercise `{key}`; {}",
                    if near.is_empty() {
                        "`sqldojo list` shows every exercise".to_string()
                    } else {
                        format!("did you mean: {}", near.join(", "))
                    }
                ));
            };
            let found = match submissions::flat(dir, &ex.key()) {
                Ok(f) => f,
                Err(e) => return usage(e),
            };
            let rows = grade_all(&grader, Reference::Course(&course), &found.submissions);
            (found, rows, format!("Batch grading: {}", ex.key()))
        }
        (None, Some(dataset), Some(solution)) => {
            let reference = match std::fs::read(solution)
                .map_err(|e| e.to_string())
                .and_then(|b| decode(&b).map(str::to_string).map_err(|e| e.to_string()))
            {
                Ok(r) => r,
                Err(e) => return usage(format!("{}: {e}", solution.display())),
            };
            let label = file_name(solution);
            let found = match submissions::flat(dir, &label) {
                Ok(f) => f,
                Err(e) => return usage(e),
            };
            let rows = grade_all(
                &grader,
                Reference::Adhoc {
                    dataset,
                    solution: &reference,
                },
                &found.submissions,
            );
            (found, rows, format!("Batch grading: {label} on {dataset}"))
        }
        _ => {
            let course = match ctx.course() {
                Ok(c) => c,
                Err(exit) => return exit,
            };
            let found = match submissions::roster(dir, &course) {
                Ok(f) => f,
                Err(e) => return usage(e),
            };
            let rows = grade_all(&grader, Reference::Course(&course), &found.submissions);
            (
                found,
                rows,
                format!("Batch grading: {}", course.manifest.title),
            )
        }
    };
    note_skipped(&found);
    if found.submissions.is_empty() {
        return usage(format!(
            "no submissions in {}: expected {}",
            dir.display(),
            if args.exercise.is_some() || args.dataset.is_some() {
                "one LEARNER.sql file per learner"
            } else {
                "a folder per learner holding EXERCISE.sql files"
            }
        ));
    }
    let rows = match rows {
        Ok(rows) => rows,
        Err(e) => return usage(e),
    };
    let report = Report {
        kind: ReportKind::Grading,
        title,
        source,
        rows,
    };
    let format = match report::write(&report, report_path) {
        Ok(f) => f,
        Err(e) => return usage(e),
    };
    let passed = report.passed();
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::json!({
                "report": report_path.display().to_string(),
                "format": format.name(),
                "submissions": report.rows.len(),
                "passed": passed,
                "failed": report.rows.len() - passed,
            })
        ),
        Format::Text => println!(
            "graded {} submission(s) from {} learner(s): {passed} passed, {} failed; {} report written to {}",
            report.rows.len(),
            report.learners().len(),
            report.rows.len() - passed,
            format.name(),
            report_path.display()
        ),
    }
    Exit::Ok
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn note_skipped(found: &Found) {
    if found.skipped.is_empty() {
        return;
    }
    let mut shown: Vec<&str> = found.skipped.iter().take(5).map(String::as_str).collect();
    if found.skipped.len() > 5 {
        shown.push("...");
    }
    eprintln!(
        "sqldojo: skipped {} entr{} that {} not .sql submission{}: {}",
        found.skipped.len(),
        if found.skipped.len() == 1 { "y" } else { "ies" },
        if found.skipped.len() == 1 {
            "is"
        } else {
            "are"
        },
        if found.skipped.len() == 1 { "" } else { "s" },
        shown.join(", ")
    );
}
