//! `sqldojo new lesson NAME`: scaffold a lesson in the pack of `--course DIR`
//! (or `SQLDOJO_COURSE`), else the pack around the current folder, else a new
//! pack in the current folder when it is empty.

use std::path::{Path, PathBuf};

use super::context::Context;
use super::exit::{Exit, usage};
use crate::lesson::{CourseSource, MANIFEST};
use crate::workshop::scaffold::{NewLesson, new_lesson};

/// Runs `sqldojo new lesson NAME [--topic SLUG] [--dataset NAME]`.
pub fn run(ctx: &Context, name: &str, topic: Option<&str>, dataset: Option<&str>) -> Exit {
    let root = match pack_root(ctx) {
        Ok(root) => root,
        Err(e) => return usage(e),
    };
    let made = match new_lesson(&NewLesson {
        root: &root,
        id: name,
        topic,
        dataset,
    }) {
        Ok(made) => made,
        Err(e) => return usage(e),
    };
    if made.new_pack {
        println!("started a lesson pack in {}", shown(&root));
    }
    for file in &made.written {
        println!("  created {}", file.display());
    }
    println!(
        "\nNext: replace each `TODO:` in {} and run `sqldojo check {}` — it points at what is left.\n\
         Editors with a YAML language server complete and check the file (see its first line).\n\
         Try it as a learner: `sqldojo --course {} list`.",
        made.lesson.display(),
        shown(&root),
        shown(&root)
    );
    Exit::Ok
}

fn shown(root: &Path) -> String {
    root.display().to_string()
}

fn pack_root(ctx: &Context) -> Result<PathBuf, String> {
    if let CourseSource::Dir(dir) = &ctx.source {
        return Ok(dir.clone());
    }
    let here = std::env::current_dir().map_err(|e| format!("no current folder: {e}"))?;
    if let Some(found) = here.ancestors().find(|d| d.join(MANIFEST).is_file()) {
        return Ok(if found == here {
            PathBuf::from(".")
        } else {
            found.to_path_buf()
        });
    }
    let empty = std::fs::read_dir(&here)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false);
    if empty {
        Ok(PathBuf::from("."))
    } else {
        Err(format!(
            "no lesson pack here (no {MANIFEST} in {} or above); run this in an empty folder to start a pack, or pass --course DIR",
            here.display()
        ))
    }
}
