//! What every command needs: the course, the data directory, the style.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::args::Global;
use super::exit::Exit;
use crate::lesson::{Course, CourseSource, Diagnostic};
use crate::progress::{self, Store};
use crate::render::{Style, color_wanted};

/// Resolved global options.
#[derive(Debug, Clone)]
pub struct Context {
    /// The course to use.
    pub source: CourseSource,
    /// `--data-dir` as given.
    pub data_dir: Option<PathBuf>,
    /// `--no-color`.
    pub no_color: bool,
}

impl Context {
    /// From the parsed global options.
    pub fn new(global: &Global) -> Self {
        Context {
            source: match &global.course {
                Some(dir) => CourseSource::Dir(dir.clone()),
                None => CourseSource::Bundled,
            },
            data_dir: global.data_dir.clone(),
            no_color: global.no_color,
        }
    }

    /// Text style for standard output.
    pub fn stdout_style(&self) -> Style {
        let tty = std::io::stdout().is_terminal();
        Style {
            color: color_wanted(self.no_color, tty),
            unicode: tty,
        }
    }

    /// Loads the course; on errors prints them and fails with exit 2.
    pub fn course(&self) -> Result<Course, Exit> {
        match Course::load(self.source.clone()) {
            Ok(loaded) if !loaded.has_errors() => Ok(loaded.course),
            Ok(loaded) => Err(report_load_errors(&self.source, &loaded.diagnostics)),
            Err(diagnostics) => Err(report_load_errors(&self.source, &diagnostics)),
        }
    }

    /// The id progress is kept under: `bundled`, or the pack's title as a slug.
    pub fn course_id(course: &Course) -> String {
        match course.source {
            CourseSource::Bundled => "bundled".into(),
            CourseSource::Dir(_) => {
                let slug: String = course
                    .manifest
                    .title
                    .to_lowercase()
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .collect();
                format!("pack:{}", slug.trim_matches('-'))
            }
        }
    }

    /// The progress store; if it cannot be opened, says why on stderr and
    /// falls back to a store that saves nothing.
    pub fn store(&self, course: &Course) -> Store {
        let id = Self::course_id(course);
        let Some(dir) = progress::data_dir(self.data_dir.clone()) else {
            eprintln!(
                "sqldojo: no data directory could be found; progress will not be saved (pass --data-dir DIR)"
            );
            return Store::in_memory(&id);
        };
        match Store::open(&dir, &id) {
            Ok((store, report)) => {
                for w in report.warnings {
                    eprintln!("sqldojo: {w}");
                }
                store
            }
            Err(e) => {
                eprintln!("sqldojo: {e}");
                Store::in_memory(&id)
            }
        }
    }
}

fn report_load_errors(source: &CourseSource, diagnostics: &[Diagnostic]) -> Exit {
    for d in diagnostics.iter().filter(|d| d.is_error()) {
        eprintln!("{d}");
    }
    eprintln!(
        "sqldojo: {} has errors; `sqldojo check` lists them all",
        source.describe()
    );
    Exit::Usage
}
