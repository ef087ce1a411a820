//! Why learner SQL did not run, in words a learner understands.

use std::time::Duration;

use serde::Serialize;

/// A run that did not produce a result.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RunError {
    /// Nothing but whitespace and comments.
    #[error("there is no SQL to run: the input is empty or only comments")]
    Empty,
    /// Bytes that are not UTF-8 text.
    #[error("the input is not text: invalid UTF-8 at byte {offset}; submit a plain .sql text file")]
    NotText {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A NUL byte in the text.
    #[error("the input contains a NUL byte at byte {offset}; submit plain SQL text")]
    NulByte {
        /// Byte offset of the NUL.
        offset: usize,
    },
    /// The SQL text is longer than the sandbox accepts.
    #[error("the SQL is {len} bytes long; the sandbox accepts at most {max} bytes")]
    TooLong {
        /// Length of the input.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// More than one statement where one was expected.
    #[error(
        "this exercise takes exactly one statement, but the input has more (the second starts at line {line}); remove all but your answer"
    )]
    MultipleStatements {
        /// 1-based line where the second statement starts.
        line: usize,
    },
    /// SQLite could not prepare the statement (syntax, unknown table or column, limits).
    #[error("{message}{}", at_suffix(*.line, *.column))]
    Prepare {
        /// SQLite's message.
        message: String,
        /// 1-based line of the offending token, when known.
        line: Option<usize>,
        /// 1-based column of the offending token, when known.
        column: Option<usize>,
    },
    /// The authorizer refused an action.
    #[error("refused: {what} is not allowed here: {why}")]
    Refused {
        /// What was refused.
        what: String,
        /// Why.
        why: String,
    },
    /// The deadline passed.
    #[error("stopped after {}: the query ran too long (an endless recursive CTE, or a huge cross join?)", fmt_secs(*.limit))]
    Deadline {
        /// The deadline.
        #[serde(serialize_with = "as_millis")]
        limit: Duration,
    },
    /// Cancelled by the learner.
    #[error("cancelled")]
    Cancelled,
    /// A grader's work limit stopped it.
    #[error("stopped after {steps} VM steps: far more work than this task needs")]
    StepLimit {
        /// The limit in VM steps.
        steps: u64,
    },
    /// A string or blob exceeded the length limit.
    #[error("a string or blob grew past the {} MB limit of the sandbox", .limit / (1024 * 1024))]
    TooBig {
        /// The limit in bytes.
        limit: usize,
    },
    /// SQLite ran out of its memory allowance.
    #[error("the query needed more memory than the sandbox allows ({} MB)", .limit / (1024 * 1024))]
    OutOfMemory {
        /// The limit in bytes.
        limit: usize,
    },
    /// Any other SQLite error while running (constraint failures, ...).
    #[error("{message}")]
    Sqlite {
        /// SQLite's message.
        message: String,
        /// Extended result code.
        code: i32,
    },
}

fn at_suffix(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" (at line {l}, column {c})"),
        _ => String::new(),
    }
}

fn fmt_secs(d: Duration) -> String {
    let ms = d.as_millis();
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

fn as_millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

impl RunError {
    /// A short machine-readable name, e.g. `deadline`.
    pub fn kind(&self) -> &'static str {
        match self {
            RunError::Empty => "empty",
            RunError::NotText { .. } => "not_text",
            RunError::NulByte { .. } => "nul_byte",
            RunError::TooLong { .. } => "too_long",
            RunError::MultipleStatements { .. } => "multiple_statements",
            RunError::Prepare { .. } => "prepare",
            RunError::Refused { .. } => "refused",
            RunError::Deadline { .. } => "deadline",
            RunError::Cancelled => "cancelled",
            RunError::StepLimit { .. } => "step_limit",
            RunError::TooBig { .. } => "too_big",
            RunError::OutOfMemory { .. } => "out_of_memory",
            RunError::Sqlite { .. } => "sqlite",
        }
    }

    /// True when the sandbox refused the input rather than SQLite failing on it.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            RunError::Refused { .. }
                | RunError::NotText { .. }
                | RunError::NulByte { .. }
                | RunError::TooLong { .. }
                | RunError::MultipleStatements { .. }
                | RunError::Empty
        )
    }
}

/// Turns raw bytes into SQL text, refusing binary input.
pub fn decode(bytes: &[u8]) -> Result<&str, RunError> {
    let text = std::str::from_utf8(bytes).map_err(|e| RunError::NotText {
        offset: e.valid_up_to(),
    })?;
    if let Some(offset) = text.find('\0') {
        return Err(RunError::NulByte { offset });
    }
    Ok(text)
}
