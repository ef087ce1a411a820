//! Running a whole SQL script fast, and locating the statement that failed.

use std::ffi::{CStr, CString};

use rusqlite::{Connection, ffi};

use crate::engine::split::next_statement;

/// Runs a script with `sqlite3_exec`: linear in the script's length (rusqlite's
/// `execute_batch` re-copies the tail per statement, which is quadratic).
///
/// On failure returns SQLite's message and the byte offset of the failing
/// statement, found by replaying the script one statement at a time on a
/// scratch connection.
pub fn exec_script(conn: &Connection, sql: &str) -> Result<(), (String, usize)> {
    let c_sql = CString::new(sql).map_err(|e| {
        (
            "the script contains a NUL byte".to_string(),
            e.nul_position(),
        )
    })?;
    let mut errmsg: *mut std::os::raw::c_char = std::ptr::null_mut();
    // SAFETY: the handle is valid for the connection's lifetime; the callback
    // is null; errmsg is freed with sqlite3_free as the API requires.
    let rc = unsafe {
        ffi::sqlite3_exec(
            conn.handle(),
            c_sql.as_ptr(),
            None,
            std::ptr::null_mut(),
            &mut errmsg,
        )
    };
    if rc == ffi::SQLITE_OK {
        return Ok(());
    }
    let message = if errmsg.is_null() {
        format!("SQLite error code {rc}")
    } else {
        // SAFETY: SQLite returned a NUL-terminated string it allocated.
        let text = unsafe { CStr::from_ptr(errmsg) }
            .to_string_lossy()
            .into_owned();
        unsafe { ffi::sqlite3_free(errmsg.cast()) };
        text
    };
    Err((message, failing_offset(sql)))
}

/// Replays the script statement by statement on a scratch database to find
/// where it fails.
fn failing_offset(sql: &str) -> usize {
    let Ok(scratch) = Connection::open_in_memory() else {
        return 0;
    };
    let _ = scratch.execute_batch("PRAGMA foreign_keys = OFF");
    let mut pos = 0;
    loop {
        match next_statement(&scratch, sql, pos) {
            Ok(Some(range)) => {
                if scratch.execute_batch(&sql[range.clone()]).is_err() {
                    return range.start;
                }
                pos = range.end;
            }
            Ok(None) => return pos,
            Err(e) => return e.offset.unwrap_or(pos),
        }
    }
}
