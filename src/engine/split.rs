//! Statement splitting by SQLite itself: prepare from an offset, take the tail.

use std::ops::Range;
use std::os::raw::{c_char, c_int};

use rusqlite::{Connection, ffi};

/// SQLite refused to prepare a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrepareError {
    /// SQLite's message.
    pub message: String,
    /// Extended result code.
    pub code: i32,
    /// Byte offset in the whole input of the token SQLite blamed, when known.
    pub offset: Option<usize>,
}

/// The byte range of the next statement at or after `from`, or `None` when
/// only whitespace and comments remain. The statement is prepared by SQLite
/// (so names must resolve against the current schema) and finalized at once.
pub fn next_statement(
    conn: &Connection,
    sql: &str,
    from: usize,
) -> Result<Option<Range<usize>>, PrepareError> {
    let rest = &sql.as_bytes()[from..];
    if rest.is_empty() {
        return Ok(None);
    }
    let len = c_int::try_from(rest.len()).map_err(|_| PrepareError {
        message: "the SQL text is too long".into(),
        code: ffi::SQLITE_TOOBIG,
        offset: None,
    })?;
    let mut stmt: *mut ffi::sqlite3_stmt = std::ptr::null_mut();
    let mut tail: *const c_char = std::ptr::null();
    let db = unsafe { conn.handle() };
    // SAFETY: `rest` outlives the call; an explicit length means SQLite does
    // not need a NUL terminator; the statement is finalized before returning.
    let rc =
        unsafe { ffi::sqlite3_prepare_v3(db, rest.as_ptr().cast(), len, 0, &mut stmt, &mut tail) };
    if rc != ffi::SQLITE_OK {
        // SAFETY: db is valid; the message is copied before any other call.
        let (message, offset) = unsafe {
            let msg = std::ffi::CStr::from_ptr(ffi::sqlite3_errmsg(db))
                .to_string_lossy()
                .into_owned();
            let off = ffi::sqlite3_error_offset(db);
            (msg, (off >= 0).then(|| from + off as usize))
        };
        let code = unsafe { ffi::sqlite3_extended_errcode(db) };
        return Err(PrepareError {
            message,
            code,
            offset,
        });
    }
    let consumed = if tail.is_null() {
        rest.len()
    } else {
        // SAFETY: tail points into `rest`.
        (unsafe { tail.offset_from(rest.as_ptr().cast::<c_char>()) }) as usize
    };
    if stmt.is_null() {
        return Ok(None);
    }
    // SAFETY: stmt is a valid prepared statement we own.
    unsafe { ffi::sqlite3_finalize(stmt) };
    let end = from + consumed;
    let start = from + skip_trivia(&sql[from..end]);
    Ok(Some(start..end))
}

/// Length of leading whitespace and comments.
pub fn skip_trivia(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b[i..].starts_with(b"--") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            match s[i + 2..].find("*/") {
                Some(end) => i += 2 + end + 2,
                None => return b.len(),
            }
        } else {
            return i;
        }
    }
}

/// 1-based (line, column) of a byte offset in a text.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_sqlite_tail_and_skips_comments() {
        let conn = Connection::open_in_memory().unwrap();
        let sql = "-- first\nSELECT 1; /* two */ SELECT 'a;b';\n-- end\n";
        let first = next_statement(&conn, sql, 0).unwrap().unwrap();
        assert_eq!(&sql[first.clone()], "SELECT 1;");
        let second = next_statement(&conn, sql, first.end).unwrap().unwrap();
        assert_eq!(&sql[second.clone()], "SELECT 'a;b';");
        assert_eq!(next_statement(&conn, sql, second.end).unwrap(), None);
    }

    #[test]
    fn reports_error_offsets_in_the_whole_input() {
        let conn = Connection::open_in_memory().unwrap();
        let sql = "SELECT 1;\nSELEC 2;";
        let first = next_statement(&conn, sql, 0).unwrap().unwrap();
        let err = next_statement(&conn, sql, first.end).unwrap_err();
        assert!(err.message.contains("syntax error"), "{}", err.message);
        assert_eq!(err.offset, Some(10));
        assert_eq!(line_col(sql, 10), (2, 1));
    }

    #[test]
    fn only_comments_is_empty() {
        let conn = Connection::open_in_memory().unwrap();
        assert_eq!(
            next_statement(&conn, "  -- nothing\n /* here */ ", 0).unwrap(),
            None
        );
        assert_eq!(next_statement(&conn, ";;", 0).unwrap(), None);
    }
}
