//! `sqldojo check`: the authors' tool.

use std::path::PathBuf;

use super::args::Format;
use super::context::Context;
use super::exit::Exit;
use crate::check::{CheckOptions, Report, check, resolve};

/// Runs `sqldojo check [PATH...]`.
pub fn run(ctx: &Context, paths: &[PathBuf], format: Format, strict: bool) -> Exit {
    let options = CheckOptions { strict };
    let reports: Vec<Report> = if paths.is_empty() {
        vec![check(ctx.source.clone(), None, options)]
    } else {
        paths
            .iter()
            .map(|p| {
                let (source, only) = resolve(p);
                check(source, only.as_deref(), options)
            })
            .collect()
    };
    let errors: usize = reports.iter().map(Report::errors).sum();
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&reports).expect("serializes")
        ),
        Format::Text => {
            for r in &reports {
                for d in r.diagnostics.iter().chain(&r.advisories) {
                    println!("{d}");
                }
                println!(
                    "checked {} lessons, {} exercises in {} ms: {} error(s), {} warning(s){}",
                    r.lessons,
                    r.exercises,
                    r.elapsed.as_millis(),
                    r.errors(),
                    r.warnings(),
                    if r.advisories.is_empty() {
                        String::new()
                    } else {
                        format!(
                            ", {} mutant warning(s) (advisory: the data cannot tell a slip from the reference)",
                            r.advisories.len()
                        )
                    }
                );
            }
        }
    }
    if errors > 0 { Exit::Rejected } else { Exit::Ok }
}
