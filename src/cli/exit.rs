//! Exit codes: 0 ok or accepted, 1 rejected or problems found, 2 usage or I/O error.

use std::process::ExitCode;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done; the answer was accepted; no problems.
    Ok,
    /// The answer was rejected, or a check found problems.
    Rejected,
    /// Bad usage, a missing file, a broken course.
    Usage,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(match e {
            Exit::Ok => 0,
            Exit::Rejected => 1,
            Exit::Usage => 2,
        })
    }
}

/// Prints a usage or I/O error and returns exit 2.
pub fn usage(message: impl std::fmt::Display) -> Exit {
    eprintln!("sqldojo: {message}");
    Exit::Usage
}
