//! `sqldojo pack --closed OUT`: a copy of the course without reference
//! solutions that still grades offline.

use std::path::Path;

use super::context::Context;
use super::exit::{Exit, usage};
use crate::grade::Grader;
use crate::workshop::closed;

/// Runs `sqldojo pack --closed OUT`.
pub fn run(ctx: &Context, out: &Path) -> Exit {
    let course = match ctx.course() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let grader = Grader::new(ctx.source.clone());
    let written = match closed::write(&course, &grader, out) {
        Ok(w) => w,
        Err(e) => return usage(e),
    };
    println!(
        "closed pack written to {}: {} lesson(s), {} query exercise(s), no reference solutions",
        out.display(),
        written.lessons,
        written.exercises
    );
    if !written.left_out.is_empty() {
        let mut shown: Vec<&str> = written
            .left_out
            .iter()
            .take(8)
            .map(String::as_str)
            .collect();
        if written.left_out.len() > 8 {
            shown.push("...");
        }
        println!(
            "left out {} exercise(s) whose answers a closed pack cannot hide yet (only query exercises are closed): {}",
            written.left_out.len(),
            shown.join(", ")
        );
    }
    if !written.empty_lessons.is_empty() {
        println!(
            "left out {} lesson(s) with no query exercise: {}",
            written.empty_lessons.len(),
            written.empty_lessons.join(", ")
        );
    }
    println!(
        "hints and explanations are kept as written; learners use it with `sqldojo --course {}`",
        out.display()
    );
    Exit::Ok
}
