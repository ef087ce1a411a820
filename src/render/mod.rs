//! Plain-text rendering shared by the REPL and the command line: result
//! tables (comfy-table), verdicts with marked diffs, diagnostics.

mod plan;
mod table;
mod verdict;

pub use plan::{counters_line, plan_report, plan_tree};
pub use table::{cell_text, result, table};
pub use verdict::verdict;

/// How text output looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colours allowed (off with NO_COLOR, --no-color, or a pipe).
    pub color: bool,
    /// Unicode box drawing and symbols allowed.
    pub unicode: bool,
}

impl Style {
    /// Plain ASCII, no colour: for pipes, files and tests.
    pub fn plain() -> Self {
        Style {
            color: false,
            unicode: false,
        }
    }

    /// Wraps text in an ANSI style when colour is on.
    pub fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// True when colour should be used on a stream that is a terminal: the
/// NO_COLOR convention and `--no-color` turn it off.
pub fn color_wanted(no_color_flag: bool, is_terminal: bool) -> bool {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    is_terminal && !no_color_flag && !no_color_env
}
