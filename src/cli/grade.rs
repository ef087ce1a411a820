//! `sqldojo grade`: one answer against an exercise or an ad-hoc reference.

use std::io::Read;
use std::path::Path;

use super::args::{Format, GradeArgs};
use super::context::Context;
use super::exit::{Exit, usage};
use crate::dataset::Datasets;
use crate::engine::{MAX_SQL_BYTES, decode};
use crate::grade::{Grader, Verdict};
use crate::render;

/// Runs `sqldojo grade`.
pub fn run(ctx: &Context, args: &GradeArgs) -> Exit {
    if args.submissions.is_some() || args.pack.is_some() || args.report.is_some() {
        return super::batch::run(ctx, args);
    }
    let Some(answer) = &args.answer else {
        return usage("give the answer with --answer FILE (or --answer - to read standard input)");
    };
    let bytes = match read_answer(answer) {
        Ok(b) => b,
        Err(e) => return usage(e),
    };
    let mut explanation = None;
    let verdict = match (&args.exercise, &args.dataset, &args.solution) {
        (Some(key), _, _) => {
            let course = match ctx.course() {
                Ok(c) => c,
                Err(exit) => return exit,
            };
            let Some(ex) = course.find(key) else {
                let near = course.suggest(key);
                let hint = if near.is_empty() {
                    "`sqldojo list` shows every exercise".to_string()
                } else {
                    format!("did you mean: {}", near.join(", "))
                };
                return usage(format!("no exercise `{key}`; {hint}"));
            };
            let grader = Grader::with_datasets(
                Datasets::new(ctx.source.clone()).with_data_dir(ctx.data_dir.clone()),
            );
            let verdict = match decode(&bytes) {
                Err(e) => Verdict::from_error(e),
                Ok(text) => match grader.grade(ex, text) {
                    Ok(v) => v,
                    Err(e) => return usage(format!("{}: {e}", ex.key())),
                },
            };
            let mut store = ctx.store(&course);
            let sql = String::from_utf8_lossy(&bytes);
            if let Err(e) = store.record_attempt(
                &ex.key(),
                &sql,
                verdict.outcome.as_str(),
                verdict.passed,
                &verdict.headline,
                verdict.elapsed_ms,
            ) {
                eprintln!("sqldojo: the attempt could not be saved: {e}");
            }
            if verdict.passed {
                explanation = Some(ex.exercise.explanation().trim().to_string());
            }
            verdict
        }
        (None, Some(dataset), Some(solution)) => {
            let reference = match std::fs::read(solution)
                .map_err(|e| e.to_string())
                .and_then(|b| decode(&b).map(str::to_string).map_err(|e| e.to_string()))
            {
                Ok(r) => r,
                Err(e) => return usage(format!("{}: {e}", solution.display())),
            };
            let grader = Grader::with_datasets(
                Datasets::new(ctx.source.clone()).with_data_dir(ctx.data_dir.clone()),
            );
            match decode(&bytes) {
                Err(e) => Verdict::from_error(e),
                Ok(text) => match grader.grade_adhoc(dataset, &reference, text) {
                    Ok(v) => v,
                    Err(e) => return usage(e),
                },
            }
        }
        _ => {
            return usage(
                "give --exercise LESSON/EXERCISE, or --dataset NAME|FILE.sql with --solution FILE",
            );
        }
    };
    match args.format {
        Format::Json => {
            let mut value = serde_json::to_value(&verdict).expect("serializes");
            if let Some(e) = &explanation {
                value["explanation"] = serde_json::Value::String(e.clone());
            }
            println!(
                "{}",
                serde_json::to_string_pretty(&value).expect("serializes")
            );
        }
        Format::Text => {
            print!("{}", render::verdict(&verdict, ctx.stdout_style()));
            if let Some(e) = explanation.filter(|e| !e.is_empty()) {
                println!("\n{e}");
            }
        }
    }
    if verdict.passed {
        Exit::Ok
    } else {
        Exit::Rejected
    }
}

/// Reads an answer file or standard input, at most one byte past the limit
/// (so a gigantic input is refused without reading it all).
pub fn read_answer(arg: &str) -> Result<Vec<u8>, String> {
    let limit = (MAX_SQL_BYTES + 1) as u64;
    let mut bytes = Vec::new();
    if arg == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        let path = Path::new(arg);
        let file = std::fs::File::open(path).map_err(|e| format!("{arg}: {e}"))?;
        file.take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{arg}: {e}"))?;
    }
    Ok(bytes)
}
