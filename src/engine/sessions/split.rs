//! Splitting a session's text into statements without a schema: SQLite's
//! own `sqlite3_complete` says where a statement ends (strings, comments and
//! trigger bodies included), so no table needs to exist yet.

use std::ffi::CString;
use std::ops::Range;

use rusqlite::ffi;

use crate::engine::split::skip_trivia;

/// Byte ranges of the statements in `text`, without leading comments and
/// trailing semicolons; empty statements are dropped. A last statement
/// without a semicolon counts too.
pub fn split_statements(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (semi, _) in text.match_indices(';') {
        if semi < start || !is_complete(&text[start..=semi]) {
            continue;
        }
        push(text, start..semi, &mut out);
        start = semi + 1;
    }
    push(text, start..text.len(), &mut out);
    out
}

/// Adds the statement in `range` (trimmed) when it is not empty.
fn push(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let start = range.start + skip_trivia(&text[range.clone()]);
    let end = start + text[start..range.end].trim_end().len();
    if start < end {
        out.push(start..end);
    }
}

fn is_complete(sql: &str) -> bool {
    match CString::new(sql) {
        // SAFETY: a valid NUL-terminated string that outlives the call.
        Ok(c) => unsafe { ffi::sqlite3_complete(c.as_ptr()) == 1 },
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<&str> {
        split_statements(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn splits_on_semicolons_outside_strings_and_comments() {
        assert_eq!(
            parts("BEGIN; SELECT ';' AS s; -- a; comment\nCOMMIT"),
            ["BEGIN", "SELECT ';' AS s", "COMMIT"]
        );
        assert_eq!(parts(" ;; -- only a comment\n"), Vec::<&str>::new());
        assert_eq!(
            parts("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END; SELECT 2"),
            [
                "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END",
                "SELECT 2"
            ]
        );
    }
}
