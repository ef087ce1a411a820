//! Where one piece of input ends: a dot-command is one line, SQL runs up to
//! a `;` that SQLite itself calls the end of a statement (`sqlite3_complete`
//! knows strings, comments and trigger bodies).

use std::ffi::CString;

use rusqlite::ffi;

use crate::engine::split::skip_trivia;

/// True when the text holds nothing but whitespace and comments.
pub fn is_blank(text: &str) -> bool {
    skip_trivia(text) == text.len()
}

/// True when `text` starts with a dot-command (leading spaces allowed).
pub fn is_dot_command(text: &str) -> bool {
    text.trim_start().starts_with('.')
}

/// True when SQLite would call the SQL text complete: it ends with a `;`
/// outside strings, comments and `CREATE TRIGGER ... END`.
pub fn sql_complete(text: &str) -> bool {
    let Ok(c) = CString::new(text) else {
        // A NUL byte: let the sandbox refuse it with its own message.
        return true;
    };
    // SAFETY: `c` is a valid NUL-terminated string that outlives the call.
    unsafe { ffi::sqlite3_complete(c.as_ptr()) != 0 }
}

/// True when pressing Enter should submit what the learner typed: a
/// dot-command, blank input, or SQL that SQLite calls complete.
pub fn ready_to_submit(text: &str) -> bool {
    is_dot_command(text) || is_blank(text) || sql_complete(text)
}

/// One unit of non-interactive input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The text: one dot-command line, or SQL (possibly several statements).
    pub text: String,
    /// 1-based line of the input where it starts.
    pub line: usize,
    /// True for SQL that ended without a `;` (the input ran out).
    pub unterminated: bool,
}

/// Cuts a stream of lines into units the way the sqlite3 shell does: a
/// line starting with `.` between statements is a dot-command; SQL lines
/// gather until SQLite calls them complete; comment-only lines between
/// statements are skipped.
#[derive(Debug, Default)]
pub struct Splitter {
    buffer: String,
    start: usize,
    line: usize,
}

impl Splitter {
    /// A splitter at line 1.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds one line (without its line break); returns a unit when one ends.
    pub fn push(&mut self, line: &str) -> Option<Unit> {
        self.line += 1;
        if self.buffer.is_empty() {
            if is_dot_command(line) {
                return Some(Unit {
                    text: line.trim().to_string(),
                    line: self.line,
                    unterminated: false,
                });
            }
            if is_blank(line) {
                return None;
            }
            self.start = self.line;
        }
        self.buffer.push_str(line);
        self.buffer.push('\n');
        if sql_complete(&self.buffer) {
            return Some(self.take(false));
        }
        None
    }

    /// Takes one line as a unit by itself, blank or not (an answer or a
    /// prediction, when the session asks for a line). Only between units.
    pub fn whole_line(&mut self, line: &str) -> Unit {
        self.line += 1;
        Unit {
            text: line.to_string(),
            line: self.line,
            unterminated: false,
        }
    }

    /// True when no SQL is being gathered.
    pub fn between_units(&self) -> bool {
        self.buffer.is_empty()
    }

    /// The SQL left when the input ends without a final `;`, if any (the
    /// sqlite3 shell runs it too).
    pub fn finish(&mut self) -> Option<Unit> {
        if is_blank(&self.buffer) {
            self.buffer.clear();
            return None;
        }
        Some(self.take(true))
    }

    fn take(&mut self, unterminated: bool) -> Unit {
        Unit {
            text: std::mem::take(&mut self.buffer),
            line: self.start,
            unterminated,
        }
    }
}

/// Splits a whole text into units (for `.read FILE`).
pub fn units(text: &str) -> Vec<Unit> {
    let mut splitter = Splitter::new();
    let mut out: Vec<Unit> = text.lines().filter_map(|l| splitter.push(l)).collect();
    out.extend(splitter.finish());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_decides_completeness() {
        assert!(sql_complete("SELECT 1;"));
        assert!(!sql_complete("SELECT 1"));
        assert!(!sql_complete("SELECT ';"));
        assert!(!sql_complete("SELECT 1 -- ;"));
        assert!(sql_complete("SELECT 1; -- done\n"));
        assert!(!sql_complete(
            "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;"
        ));
        assert!(sql_complete(
            "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END;"
        ));
    }

    #[test]
    fn submit_rules() {
        assert!(ready_to_submit("  .tables"));
        assert!(ready_to_submit("   "));
        assert!(ready_to_submit("-- only a comment"));
        assert!(!ready_to_submit("SELECT *\nFROM users"));
        assert!(ready_to_submit("SELECT *\nFROM users;"));
    }

    #[test]
    fn splits_like_the_sqlite_shell() {
        let text = "-- intro\n.tables\nSELECT 1,\n  2;\n.schema users\nSELECT 'a;\nb'; SELECT 3;\nSELECT 4";
        let got = units(text);
        let brief: Vec<(&str, usize, bool)> = got
            .iter()
            .map(|u| (u.text.trim_end(), u.line, u.unterminated))
            .collect();
        assert_eq!(
            brief,
            vec![
                (".tables", 2, false),
                ("SELECT 1,\n  2;", 3, false),
                (".schema users", 5, false),
                ("SELECT 'a;\nb'; SELECT 3;", 6, false),
                ("SELECT 4", 8, true),
            ]
        );
    }

    #[test]
    fn a_dot_inside_a_statement_is_sql() {
        let got = units("SELECT\n.5;\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].text, "SELECT\n.5;\n");
    }
}
