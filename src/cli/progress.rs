//! `sqldojo progress`: export a learner's progress to JSON, import it on
//! another machine, or merge a room's exports into a class report.

use std::path::{Path, PathBuf};

use super::context::Context;
use super::exit::{Exit, usage};
use crate::workshop::progress::{self, Export};
use crate::workshop::report::{self, write_atomically};

/// Runs `sqldojo progress --export FILE | --import FILE... [--report FILE]`.
pub fn run(
    ctx: &Context,
    export: Option<&Path>,
    import: &[PathBuf],
    name: Option<String>,
    report_path: Option<&Path>,
) -> Exit {
    match (export, import.is_empty(), report_path) {
        (Some(_), false, _) => usage("give --export or --import, not both"),
        (Some(file), true, _) => run_export(ctx, file, name),
        (None, false, Some(report_path)) => run_merge(import, report_path),
        (None, false, None) => run_import(ctx, import),
        (None, true, _) => usage(
            "give --export FILE.json, --import FILE.json..., or --import FILE.json... --report CLASS.md",
        ),
    }
}

fn run_export(ctx: &Context, file: &Path, name: Option<String>) -> Exit {
    let course = match ctx.course() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let store = ctx.store(&course);
    let keys: Vec<String> = course.exercises().map(|e| e.key()).collect();
    let exported = match progress::export(&store, &course.manifest.title, &keys, name) {
        Ok(e) => e,
        Err(e) => return usage(e),
    };
    let mut bytes = serde_json::to_vec_pretty(&exported).expect("an export serializes");
    bytes.push(b'\n');
    if let Err(e) = write_atomically(file, &bytes) {
        return usage(e);
    }
    let solved = exported
        .exercises
        .iter()
        .filter(|e| e.solved_at.is_some())
        .count();
    println!(
        "exported {} attempt(s) on {} exercise(s) ({solved} solved) to {}",
        exported.attempts.len(),
        exported.exercises.len(),
        file.display()
    );
    Exit::Ok
}

fn run_import(ctx: &Context, files: &[PathBuf]) -> Exit {
    let course = match ctx.course() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let mut exports: Vec<(PathBuf, Export)> = Vec::new();
    for file in files {
        match progress::read(file) {
            Ok(e) => exports.push((file.clone(), e)),
            Err(e) => return usage(e),
        }
    }
    let mut store = ctx.store(&course);
    if store.path().is_none() {
        return usage("no progress file could be opened, so nothing can be imported");
    }
    for (file, export) in &exports {
        match progress::import(&mut store, export) {
            Ok(added) => println!(
                "imported {added} new attempt(s) from {} ({} already here)",
                file.display(),
                export.attempts.len() - added
            ),
            Err(e) => return usage(format!("{}: {e}", file.display())),
        }
    }
    Exit::Ok
}

fn run_merge(files: &[PathBuf], report_path: &Path) -> Exit {
    if let Err(e) = report::Format::from_path(report_path) {
        return usage(e);
    }
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let merged = progress::merge(&paths);
    for row in merged.rows.iter().filter(|r| r.verdict == "unreadable") {
        eprintln!("sqldojo: {}", row.message);
    }
    match report::write(&merged, report_path) {
        Ok(format) => {
            println!(
                "merged {} export(s) from {} learner(s): {} of {} exercise(s) attempted are solved; {} report written to {}",
                files.len(),
                merged.learners().len(),
                merged.passed(),
                merged.rows.len(),
                format.name(),
                report_path.display()
            );
            Exit::Ok
        }
        Err(e) => usage(e),
    }
}
